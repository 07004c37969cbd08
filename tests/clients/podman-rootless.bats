#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# rt as the runtime of ROOTLESS Podman (podman 4.3 + conmon run by an unprivileged user):
# podman enters a user namespace made with newuidmap/newgidmap from the user's /etc/subuid and
# /etc/subgid ranges, and conmon runs rt inside it as uid 0, with no privilege on the host.
#
# setup_file creates a user of its own (rtpod<pid>), appends one /etc/subuid and one
# /etc/subgid line for it, gives it a private XDG_RUNTIME_DIR and its own copy of rt (the
# build tree may be out of its reach); teardown_file removes exactly those lines, the user and
# its home (its podman storage, vfs). No network namespace is configured (netns "none").

load helpers

setup_file() {
	clients_require podman conmon tmux newuidmap newgidmap runuser useradd userdel
	[ -z "$CLIENTS_SKIP" ] || return 0
	clients_workdir
	PR_USER=rtpod$$
	# a range of our own, far from useradd's automatic ones (which this user does not get)
	PR_SUB=$((200000000 + ($$ % 4096) * 65536))
	useradd -m -s /bin/sh -K SUB_UID_COUNT=0 -K SUB_GID_COUNT=0 "$PR_USER" || return 1
	echo "$PR_USER" >"$CW/user"
	echo "$PR_USER:$PR_SUB:65536" >>/etc/subuid
	echo "$PR_USER:$PR_SUB:65536" >>/etc/subgid
	PR_UID=$(id -u "$PR_USER")
	PR_HOME=$(getent passwd "$PR_USER" | cut -d: -f6)
	mkdir -m 0700 "$CW/xdg"
	chown "$PR_USER:" "$CW/xdg"
	cp "$RT" "$CW/rt"
	chmod 755 "$CW/rt"
	export PR_USER PR_SUB PR_UID PR_HOME PR_RT=$CW/rt
	cat >"$CW/containers.conf" <<-EOF
		[containers]
		netns = "none"
		[engine]
		cgroup_manager = "cgroupfs"
		events_logger = "file"
		runtime = "rt"
		runtime_supports_json = ["rt"]
		[engine.runtimes]
		rt = ["$PR_RT"]
	EOF
	chmod 644 "$CW/containers.conf"
	clients_rootfs "$CW/bb"
	chmod 644 "$CW/bb.tar"
	podman_rl import --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' --change 'CMD ["/bin/sh"]' \
		"$CW/bb.tar" localhost/bb:latest >/dev/null 2>&1 || return 1
	# a pod's infra image: podman 4.3 takes one argument in --infra-command
	podman_rl import --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' --change 'CMD ["sleep", "1000000"]' \
		"$CW/bb.tar" localhost/bbpause:latest >/dev/null 2>&1 || return 1
}

teardown_file() {
	[ -n "${CW:-}" ] || return 0
	local u pid
	u=$(cat "$CW/user" 2>/dev/null)
	tmux_priv kill-server 2>/dev/null || true
	if [ -n "$u" ]; then
		podman_rl pod rm -a -f -t 0 >/dev/null 2>&1 || true
		podman_rl rm -a -f -t 0 >/dev/null 2>&1 || true
		podman_rl system reset -f >/dev/null 2>&1 || true
		# podman's pause process (it holds the user namespace), then anything else of the user's
		pid=$(cat "$CW/xdg/libpod/tmp/pause.pid" 2>/dev/null)
		[ -z "$pid" ] || kill -KILL "$pid" 2>/dev/null
		for pid in $(ps -u "$u" -o pid= 2>/dev/null); do
			kill -KILL "$pid" 2>/dev/null
		done
		sleep 0.2
		userdel -r "$u" >/dev/null 2>&1 || userdel -r -f "$u" >/dev/null 2>&1
		subid_remove /etc/subuid "$u:$PR_SUB:65536"
		subid_remove /etc/subgid "$u:$PR_SUB:65536"
	fi
	rm -rf --one-file-system "$CW"
}

# subid_remove FILE LINE: drop exactly LINE, in place (the file keeps its inode and mode).
subid_remove() {
	local rest
	rest=$(grep -vxF -- "$2" "$1")
	printf '%s\n' "$rest" | grep -v '^$' >"$1"
}

# podman_rl ARGS...: podman as the user, with its own HOME, XDG_RUNTIME_DIR and containers.conf.
podman_rl() {
	(cd / && runuser -u "$PR_USER" -- $(podman_rl_cmd) "$@") </dev/null
}

podman_rl_cmd() {
	echo "env HOME=$PR_HOME XDG_RUNTIME_DIR=$CW/xdg TMPDIR=$CW/xdg CONTAINERS_CONF=$CW/containers.conf" \
		"podman --storage-driver vfs --cgroup-manager cgroupfs --events-backend file"
}

@test "podman rootless: run --rm IMG echo hi with rt; podman is rootless" {
	run --separate-stderr podman_rl info --format '{{.Host.Security.Rootless}} {{.Host.OCIRuntime.Path}}'
	echo "$output $stderr"
	[ "$status" -eq 0 ]
	[ "$output" = "true $PR_RT" ]
	run --separate-stderr podman_rl run --rm localhost/bb echo hi
	echo "$output $stderr"
	[ "$status" -eq 0 ]
	[ "$output" = hi ]
}

@test "podman rootless: the container's uid_map is the user and its subordinate range; id is 0" {
	run --separate-stderr podman_rl run --rm localhost/bb sh -c 'cat /proc/self/uid_map /proc/self/gid_map; id -u; id -g'
	echo "$output $stderr"
	[ "$status" -eq 0 ]
	[[ ${lines[0]} =~ ^\ +0\ +$PR_UID\ +1$ ]]
	[[ ${lines[1]} =~ ^\ +1\ +$PR_SUB\ +65536$ ]]
	[[ ${lines[3]} =~ ^\ +1\ +$PR_SUB\ +65536$ ]]
	[ "${lines[4]}" = 0 ]
	[ "${lines[5]}" = 0 ]
}

@test "podman rootless: run -d, rt's state in the user's XDG_RUNTIME_DIR, exec, top, stop, start, kill, rm" {
	run --separate-stderr podman_rl run -d --name d1 localhost/bb sleep 1000
	echo "$output $stderr"
	[ "$status" -eq 0 ]
	id=$output
	# rt kept its state where the user may write it, not in /run/rt
	[ -d "$CW/xdg/rt/$id" ]
	[ ! -e "/run/rt/$id" ]
	[ "$(stat -c %U "$CW/xdg/rt/$id")" = "$PR_USER" ]
	run --separate-stderr podman_rl exec d1 sh -c 'id -u; head -1 /proc/self/uid_map'
	echo "$output $stderr"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 0 ]
	[[ ${lines[1]} =~ ^\ +0\ +$PR_UID\ +1$ ]]
	run podman_rl exec d1 sh -c 'exit 3'
	[ "$status" -eq 3 ]
	# the host sees the container's init as the user
	pid=$(podman_rl inspect d1 --format '{{.State.Pid}}')
	[ "$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")" = "$PR_UID" ]
	run --separate-stderr podman_rl top d1 user huser args hpid
	echo "$output $stderr"
	[ "$status" -eq 0 ]
	[[ ${lines[1]} =~ ^root\ +$PR_UID\ +sleep\ 1000\ +$pid$ ]]
	podman_rl stop -t 1 d1 >/dev/null 2>&1
	[ "$(podman_rl inspect d1 --format '{{.State.Status}}' 2>/dev/null)" = exited ]
	[ ! -e "$CW/xdg/rt/$id" ]
	podman_rl start d1 >/dev/null 2>&1
	[ "$(podman_rl inspect d1 --format '{{.State.Status}}' 2>/dev/null)" = running ]
	run podman_rl kill d1
	[ "$status" -eq 0 ]
	run podman_rl wait d1
	[ "${lines[-1]}" = 137 ]
	run podman_rl rm d1
	[ "$status" -eq 0 ]
	[ ! -e "$CW/xdg/rt/$id" ]
	! kill -0 "$pid" 2>/dev/null
}

@test "podman rootless: run -it IMG sh in a terminal, exit 7" {
	tmux_run "cd / && runuser -u $PR_USER -- $(podman_rl_cmd) run -it --rm localhost/bb sh"
	tmux_wait_for '#'
	tmux_priv send-keys 'tty; stty size; echo uid-$(id -u)-typed-$((6 * 7))' Enter
	tmux_wait_for typed-42
	tmux_priv send-keys 'exit 7' Enter
	run tmux_rc
	tmux_priv capture-pane -p
	[ "$output" = 7 ]
	tmux_priv capture-pane -p | grep -qx '/dev/pts/0'
	tmux_priv capture-pane -p | grep -qx '30 120'
	tmux_priv capture-pane -p | grep -qx 'uid-0-typed-42'
}

@test "podman rootless: --user 1000 and a volume the user owns; the host sees the mapped owners" {
	runuser -u "$PR_USER" -- mkdir -m 777 "$PR_HOME/vol"
	runuser -u "$PR_USER" -- sh -c "echo from-host >$PR_HOME/vol/f"
	run --separate-stderr podman_rl run --rm -v "$PR_HOME/vol:/vol" localhost/bb sh -c 'cat /vol/f; stat -c %u /vol/f; echo root >/vol/by-root'
	echo "$output $stderr"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = from-host ]
	[ "${lines[1]}" = 0 ]
	run --separate-stderr podman_rl run --rm --user 1000 -v "$PR_HOME/vol:/vol" localhost/bb sh -c 'id -u; echo u >/vol/by-1000'
	echo "$output $stderr"
	[ "$status" -eq 0 ]
	[ "$output" = 1000 ]
	# container root is the user; container uid 1000 is subordinate id 999 past the range start
	[ "$(stat -c %u "$PR_HOME/vol/by-root")" = "$PR_UID" ]
	[ "$(stat -c %u "$PR_HOME/vol/by-1000")" = "$((PR_SUB + 999))" ]
}

@test "podman rootless: --userns=keep-id: the user's own uid inside, through a second user namespace" {
	run --separate-stderr podman_rl run --rm --userns keep-id localhost/bb sh -c 'id -u; cat /proc/self/uid_map'
	echo "$output $stderr"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$PR_UID" ]
	# ids of podman's namespace: its 1..UID are container 0..UID-1, its 0 (the user) is UID
	[[ ${lines[1]} =~ ^\ +0\ +1\ +$PR_UID$ ]]
	[[ ${lines[2]} =~ ^\ +$PR_UID\ +0\ +1$ ]]
}

@test "podman rootless: a pod: the container joins the infra's ipc and uts namespaces; pod rm leaves no state" {
	run --separate-stderr podman_rl pod create --name p1 --infra-image localhost/bbpause
	echo "$output $stderr"
	[ "$status" -eq 0 ]
	run --separate-stderr podman_rl run -d --pod p1 --name pc1 localhost/bb sleep 1000
	echo "$output $stderr"
	[ "$status" -eq 0 ]
	id=$output
	infra=$(podman_rl pod inspect p1 --format '{{.InfraContainerID}}')
	ipid=$(podman_rl inspect "$infra" --format '{{.State.Pid}}')
	cpid=$(podman_rl inspect pc1 --format '{{.State.Pid}}')
	[ -n "$ipid" ] && [ -n "$cpid" ] && [ "$ipid" != "$cpid" ]
	for ns in ipc uts; do
		[ "$(readlink "/proc/$ipid/ns/$ns")" = "$(readlink "/proc/$cpid/ns/$ns")" ]
	done
	# (podman's default --share: not the pid namespace)
	for ns in mnt pid; do
		[ "$(readlink "/proc/$ipid/ns/$ns")" != "$(readlink "/proc/$cpid/ns/$ns")" ]
	done
	run --separate-stderr podman_rl exec pc1 sh -c 'hostname; cat /proc/1/cmdline | tr "\0" " "'
	echo "$output $stderr"
	[ "${lines[0]}" = p1 ]
	[ "${lines[1]}" = "sleep 1000 " ]
	[ -d "$CW/xdg/rt/$id" ]
	run podman_rl pod rm -f -t 0 p1
	[ "$status" -eq 0 ]
	[ ! -e "$CW/xdg/rt/$id" ]
	[ ! -e "$CW/xdg/rt/$infra" ]
}

@test "podman rootless: --read-only: / cannot be written, the /tmp tmpfs can" {
	run --separate-stderr podman_rl run --rm --read-only localhost/bb sh -c 'touch /x 2>&1; echo rc=$?; touch /tmp/x && echo tmp-ok'
	echo "$output $stderr"
	[ "$status" -eq 0 ]
	[[ $output == *"Read-only file system"* ]]
	[[ $output == *rc=1* ]]
	[[ $output == *tmp-ok* ]]
}

@test "podman rootless: --pids-limit/--memory on a v1 host: podman drops them, rt runs without a cgroup" {
	[ ! -e /sys/fs/cgroup/cgroup.controllers ] || skip "a cgroup v2 host: podman passes the limits"
	run --separate-stderr podman_rl run -d --name lim --pids-limit 20 --memory 64m localhost/bb sleep 1000
	echo "$output $stderr"
	[ "$status" -eq 0 ]
	id=$output
	[[ $stderr == *"Resource limits are not supported and ignored on cgroups V1 rootless systems"* ]]
	[ "$(podman_rl inspect lim --format '{{.State.Status}}' 2>/dev/null)" = running ]
	# rt, run in the user's namespace as conmon runs it, says why there is no cgroup
	run podman_rl unshare "$PR_RT" ps "$id"
	echo "$output"
	[ "$status" -ne 0 ]
	[[ $output == *"has no cgroup: rt ran as uid 0 of a user namespace and could not create it"* ]]
	podman_rl rm -f -t 0 lim >/dev/null 2>&1
	[ ! -e "$CW/xdg/rt/$id" ]
}

@test "podman rootless: nothing left behind: no rt state, no container process" {
	podman_rl rm -a -f -t 0 >/dev/null 2>&1
	[ -z "$(ls -A "$CW/xdg/rt")" ]
	run ps -u "$PR_USER" -o pid=,comm=
	echo "$output"
	pause=$(cat "$CW/xdg/libpod/tmp/pause.pid")
	# only podman's pause process (catatonit) holds the user namespace
	[ "$(echo "$output" | awk -v p="$pause" '$1 != p' | grep -v '^$' || true)" = "" ]
}
