#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Rootless: rt run by an unprivileged user with a `rt spec --rootless` config.
#
# setup_file creates the user $RL_USER (and its /etc/subuid, /etc/subgid ranges); each test
# hands it a bundle of its own under $TEST_DIR (owned by it) and runs rt as that user with
# setpriv (no capability survives the uid change), XDG_RUNTIME_DIR=$TEST_DIR/xdg (0700, its
# own) and no --root: the state must land in $XDG_RUNTIME_DIR/rt. The leak checks of
# helpers.bash then look at that state root. Needs newuidmap/newgidmap (package uidmap).

load helpers

RL_USER=rtrootless
RL_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

setup_file() {
	if ! id -u "$RL_USER" >/dev/null 2>&1; then
		useradd -m -s /bin/sh "$RL_USER" || return 1
	fi
	local f
	for f in /etc/subuid /etc/subgid; do
		grep -q "^$RL_USER:" "$f" 2>/dev/null || echo "$RL_USER:300000:65536" >>"$f"
	done
}

setup() {
	command -v newuidmap >/dev/null && command -v newgidmap >/dev/null ||
		{ echo "newuidmap/newgidmap not installed (apt-get install uidmap)" >&2 && return 1; }
	rt_setup || return 1
	RL_UID=$(id -u "$RL_USER")
	RL_GID=$(id -g "$RL_USER")
	RL_SUBUID=$(awk -F: -v u="$RL_USER" '$1 == u { print $2; exit }' /etc/subuid)
	RL_SUBGID=$(awk -F: -v u="$RL_USER" '$1 == u { print $2; exit }' /etc/subgid)
	XDG=$TEST_DIR/xdg
	ROOT=$XDG/rt # what rt_teardown checks for leftovers
	RL_RT=$TEST_DIR/rt
	# The user's own copy of the runtime: the build tree may sit under a directory it cannot reach.
	cp "$RT" "$RL_RT"
	chmod 755 "$RL_RT"
	mkdir -m 0700 "$XDG"
	rm -f "$BUNDLE/config.json"
	chown -R "$RL_USER:$RL_GID" "$TEST_DIR"
	rl "$RL_RT" spec --rootless --bundle "$BUNDLE" || return 1
	jq --arg mark "RT_TEST_MARK=$TEST_DIR" '
		.process.terminal = false
		| .process.args = ["/probe", "ids"]
		| .process.env += [$mark]
		| .root.readonly = false' "$BUNDLE/config.json" >"$TEST_DIR/config.json" &&
		mv "$TEST_DIR/config.json" "$BUNDLE/config.json"
}

teardown() {
	local id
	for id in $(cat "$TEST_DIR/ids" 2>/dev/null); do
		rl "$RL_RT" delete --force "$id" </dev/null >/dev/null 2>&1
	done
	rt_teardown
}

# rl CMD...: CMD as the unprivileged user, with a clean environment and its XDG_RUNTIME_DIR.
rl() {
	local env=(PATH="${RL_ENV_PATH:-$RL_PATH}" HOME="$TEST_DIR")
	[ -n "${RL_NO_XDG:-}" ] || env+=(XDG_RUNTIME_DIR="$XDG")
	setpriv --reuid="$RL_USER" --regid="$RL_GID" --init-groups env -i "${env[@]}" "$@" 3>&-
}

# runrl ARGS...: `run` the user's rt (no --root) with output through a file (see _rt_capture).
_rl_capture() {
	local out rc
	out=$(mktemp "$TEST_DIR/out.XXXXXX")
	rl "$RL_RT" "$@" <"${RT_STDIN:-/dev/null}" >"$out" 2>&1
	rc=$?
	cat "$out"
	rm -f "$out"
	return $rc
}
runrl() { run _rl_capture "$@"; }

rl_state() { rl "$RL_RT" state "$1" 2>/dev/null </dev/null; }

rl_wait_state() { wait_for_state "$1" "$2" 5 rl_state; }

# The container's caps: every capability this kernel knows, as the user namespace grants them.
all_caps() { "$RL_RT" features | jq -c .linux.capabilities; }
full_cap_mask() { printf '%016x' $(((1 << ($(cat /proc/sys/kernel/cap_last_cap) + 1)) - 1)); }

@test "rootless: spec --rootless maps the caller to root and needs no privilege" {
	jq -e --argjson u "$RL_UID" --argjson g "$RL_GID" '
		.linux.uidMappings == [{"containerID": 0, "hostID": $u, "size": 1}]
		and .linux.gidMappings == [{"containerID": 0, "hostID": $g, "size": 1}]
		and (.linux.namespaces | map(.type) | (index("user") != null) and (index("network") == null))
		and (.linux.resources == null)
		and ([.mounts[].options // [] | .[] | select(startswith("gid=") or startswith("uid="))] == [])
		and (.mounts[] | select(.destination == "/sys") | .type == "none" and .source == "/sys"
			and .options == ["rbind", "nosuid", "noexec", "nodev", "ro"])
		and ([.mounts[] | select(.destination == "/sys/fs/cgroup")] == [])' "$BUNDLE/config.json" >/dev/null ||
		_fail "unexpected rootless config: $(jq -c '{linux, mounts}' "$BUNDLE/config.json")"
}

@test "rootless: run maps the user to root with every capability in its namespace" {
	update_config '.process.capabilities = {bounding: $c, effective: $c, permitted: $c}' --argjson c "$(all_caps)"
	set_args sh -c '/probe ids; /probe caps; set -- $(cat /proc/self/uid_map); echo uid_map=$*
		set -- $(cat /proc/self/gid_map); echo gid_map=$*; echo setgroups=$(cat /proc/self/setgroups)'
	runrl run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe uid 0
	assert_probe euid 0
	assert_probe gid 0
	assert_probe uid_map "0 $RL_UID 1"
	assert_probe gid_map "0 $RL_GID 1"
	# an unprivileged gid_map write needs setgroups denied first
	assert_probe setgroups deny
	assert_probe CapEff "$(full_cap_mask)"
	assert_probe CapPrm "$(full_cap_mask)"
}

@test "rootless: create, start, state, list, exec, kill, delete as the user; state in \$XDG_RUNTIME_DIR/rt" {
	set_args /probe sigwait /tmp/signal
	runrl create --bundle "$BUNDLE" "$ID"
	assert_success
	rl_wait_state "$ID" created
	[ -d "$XDG/rt/$ID" ] || _fail "no state dir $XDG/rt/$ID"
	[ "$(stat -c '%U %a' "$XDG/rt")" = "$RL_USER 700" ] || _fail "state root: $(stat -c '%U %a' "$XDG/rt")"
	[ "$(stat -c %U "$XDG/rt/$ID")" = "$RL_USER" ] || _fail "state dir owner: $(stat -c %U "$XDG/rt/$ID")"
	pid=$(rl_state "$ID" | jq -r .pid)
	# the host sees the init as the unprivileged user, all four ids
	uids=$(awk '/^Uid:/ { print $2, $3, $4, $5 }' "/proc/$pid/status")
	[ "$uids" = "$RL_UID $RL_UID $RL_UID $RL_UID" ] || _fail "host view of the init's uids: $uids"
	runrl start "$ID"
	assert_success
	rl_wait_state "$ID" running
	wait_for_handlers "$pid"
	runrl list
	assert_success
	[[ $output == *"$ID"*running*"$RL_USER"* ]] || _fail "list does not show the running container"
	runrl exec "$ID" sh -c '/probe ids; set -- $(cat /proc/self/uid_map); echo uid_map=$*'
	assert_success
	assert_probe uid 0
	assert_probe uid_map "0 $RL_UID 1"
	runrl kill "$ID" TERM
	assert_success
	wait_for_file "$BUNDLE/rootfs/tmp/signal"
	[ "$(cat "$BUNDLE/rootfs/tmp/signal")" = signal=15 ] || _fail "signal seen: $(cat "$BUNDLE/rootfs/tmp/signal")"
	rl_wait_state "$ID" stopped
	runrl delete "$ID"
	assert_success
	[ -z "$(ls -A "$XDG/rt")" ] || _fail "left in the state root: $(ls -A "$XDG/rt")"
	[ ! -e "/run/rt/$ID" ] || _fail "state written under /run/rt"
}

@test "rootless: no cgroup could be made: ps and pause say so, kill and delete still work" {
	set_args /probe sigwait /tmp/signal
	runrl run --bundle "$BUNDLE" --detach "$ID"
	assert_success
	rl_wait_state "$ID" running
	runrl ps "$ID"
	assert_failure
	assert_output_contains "container '$ID' has no cgroup"
	assert_output_contains "/sys/fs/cgroup/"
	runrl pause "$ID"
	assert_failure
	assert_output_contains "has no cgroup"
	runrl delete --force "$ID"
	assert_success
	[ ! -e "$XDG/rt/$ID" ] || _fail "state dir left"
}

@test "rootless: limits without a cgroup the user may create fail clearly and leave nothing" {
	update_config '.linux.resources = {"pids": {"limit": 10}}'
	runrl run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "linux.resources"
	assert_output_contains "uid $RL_UID"
	assert_output_contains "/sys/fs/cgroup/"
	[ -z "$(ls -A "$XDG/rt")" ] || _fail "left in the state root: $(ls -A "$XDG/rt")"
}

@test "rootless: a multi-range mapping goes through newuidmap and newgidmap" {
	update_config '.linux.uidMappings = [{"containerID": 0, "hostID": $u, "size": 1},
			{"containerID": 1, "hostID": $su, "size": 65536}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": $g, "size": 1},
			{"containerID": 1, "hostID": $sg, "size": 65536}]' \
		--argjson u "$RL_UID" --argjson g "$RL_GID" --argjson su "$RL_SUBUID" --argjson sg "$RL_SUBGID"
	update_config '.process.capabilities = {bounding: $c, effective: $c, permitted: $c}' --argjson c "$(all_caps)"
	set_args sh -c 'cat /proc/self/uid_map /proc/self/gid_map; touch /tmp/owned && chown 1000:1000 /tmp/owned'
	runrl run --bundle "$BUNDLE" "$ID"
	assert_success
	[[ ${lines[0]} =~ ^\ +0\ +$RL_UID\ +1$ ]] || _fail "uid_map line 1: ${lines[0]}"
	[[ ${lines[1]} =~ ^\ +1\ +$RL_SUBUID\ +65536$ ]] || _fail "uid_map line 2: ${lines[1]}"
	[[ ${lines[3]} =~ ^\ +1\ +$RL_SUBGID\ +65536$ ]] || _fail "gid_map line 2: ${lines[3]}"
	# container uid 1000 is subordinate id 999 past the start of the range on the host
	[ "$(stat -c '%u:%g' "$BUNDLE/rootfs/tmp/owned")" = "$((RL_SUBUID + 999)):$((RL_SUBGID + 999))" ] ||
		_fail "host owner of the chowned file: $(stat -c '%u:%g' "$BUNDLE/rootfs/tmp/owned")"
}

@test "rootless: a multi-range mapping without newuidmap in PATH fails with a clear error" {
	update_config '.linux.uidMappings = [{"containerID": 0, "hostID": $u, "size": 1},
			{"containerID": 1, "hostID": $su, "size": 65536}]' --argjson u "$RL_UID" --argjson su "$RL_SUBUID"
	mkdir "$TEST_DIR/emptybin"
	RL_ENV_PATH=$TEST_DIR/emptybin runrl run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "'newuidmap' not found in PATH"
	[ -z "$(ls -A "$XDG/rt")" ] || _fail "left in the state root: $(ls -A "$XDG/rt")"
}

@test "rootless: host files the user cannot write stay unwritable from the container's root" {
	mkdir -m 755 "$TEST_DIR/hostdir"
	echo original >"$TEST_DIR/hostdir/file"
	chmod 644 "$TEST_DIR/hostdir/file"
	chown -R root:root "$TEST_DIR/hostdir"
	update_config '.mounts += [{"destination": "/host", "type": "bind", "source": $s, "options": ["rbind", "rw"]}]' \
		--arg s "$TEST_DIR/hostdir"
	# every capability (CAP_DAC_OVERRIDE, CAP_FOWNER...): only the user namespace stands in the way
	update_config '.process.capabilities = {bounding: $c, effective: $c, permitted: $c}' --argjson c "$(all_caps)"
	set_args sh -c 'echo pwned >/host/file && echo wrote-file; touch /host/new && echo made-file
		chmod 666 /host/file && echo chmodded; ls -ln /host/file; echo mine >/tmp/mine && echo wrote-own'
	runrl run --bundle "$BUNDLE" "$ID"
	assert_line wrote-own
	refute_line wrote-file
	refute_line made-file
	refute_line chmodded
	# the host's root is no one in the user namespace: the overflow id
	[[ $output == *" 65534 "*" 65534 "*"/host/file"* ]] || _fail "host root not shown as the overflow id"
	[ "$(cat "$TEST_DIR/hostdir/file")" = original ] || _fail "host file changed"
	[ ! -e "$TEST_DIR/hostdir/new" ] || _fail "file created in a root-owned host directory"
	[ "$(stat -c %a "$TEST_DIR/hostdir/file")" = 644 ] || _fail "host file mode changed"
}

@test "rootless: /dev nodes are the host's, bind-mounted, and usable" {
	set_args sh -c 'stat -c "%n %F %t:%T" /dev/null /dev/zero; echo x >/dev/null && echo null-ok
		head -c 4 /dev/zero | wc -c'
	runrl run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_line "/dev/null character special file 1:3"
	assert_line "/dev/zero character special file 1:5"
	assert_line null-ok
	assert_line 4
}

@test "rootless: --root overrides \$XDG_RUNTIME_DIR" {
	mkdir -m 0700 "$TEST_DIR/other"
	chown "$RL_USER" "$TEST_DIR/other"
	set_args /probe sigwait /tmp/signal
	runrl --root "$TEST_DIR/other" run --bundle "$BUNDLE" --detach "$ID"
	assert_success
	[ -d "$TEST_DIR/other/$ID" ] || _fail "no state under --root"
	[ ! -e "$XDG/rt/$ID" ] || _fail "state under XDG_RUNTIME_DIR despite --root"
	runrl --root "$TEST_DIR/other" delete --force "$ID"
	assert_success
	[ -z "$(ls -A "$TEST_DIR/other")" ] || _fail "left under --root: $(ls -A "$TEST_DIR/other")"
}

@test "rootless: without XDG_RUNTIME_DIR or --root the error says what to set" {
	RL_NO_XDG=1 runrl run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "/run/rt"
	assert_output_contains "set XDG_RUNTIME_DIR or pass --root"
	[ ! -e "/run/rt/$ID" ] || _fail "state written under /run/rt"
}

@test "rootless: a new time namespace with linux.timeOffsets" {
	jq '.linux.namespaces += [{"type": "time"}] | .linux.timeOffsets = {"boottime": {"secs": 864000}}
		| .process.args = ["cat", "/proc/self/timens_offsets"]' "$BUNDLE/config.json" >"$TEST_DIR/c.json"
	mv "$TEST_DIR/c.json" "$BUNDLE/config.json"
	runrl run --bundle "$BUNDLE" "$(new_id)"
	assert_success
	assert_line "boottime       864000         0"
}

@test "rootless: a mapping without container root is refused naming the field" {
	jq '.linux.uidMappings[0].containerID = 1 | .process.args = ["true"]' "$BUNDLE/config.json" >"$TEST_DIR/c.json"
	mv "$TEST_DIR/c.json" "$BUNDLE/config.json"
	runrl run --bundle "$BUNDLE" "$(new_id)"
	assert_failure
	assert_output_contains "config.json: linux.uidMappings: container id 0 must be mapped"
}

@test "rootless: an idmapped mount is refused naming the mount (only root can idmap a host mount)" {
	jq --arg s "$TEST_DIR" '.mounts += [{"destination": "/mnt", "type": "bind", "source": $s, "options": ["rbind"],
		"uidMappings": .linux.uidMappings, "gidMappings": .linux.gidMappings}] | .process.args = ["true"]' \
		"$BUNDLE/config.json" >"$TEST_DIR/c.json"
	mv "$TEST_DIR/c.json" "$BUNDLE/config.json"
	runrl run --bundle "$BUNDLE" "$(new_id)"
	assert_failure
	assert_output_contains "idmapped mounts need rt to run as root"
}

# rl_userns SCRIPT ARGS...: SCRIPT (sh, $1 = the user's rt) run by the user as uid 0 of a user
# namespace of its own (unshare -U -r), as rootless Podman's conmon runs the runtime: root
# there, no privilege on the host. The config then needs no user namespace of its own.
rl_userns() {
	local script=$1
	shift
	rl unshare -U -r sh -c "$script" sh "$RL_RT" "$@"
}

userns_config() {
	update_config '.linux.namespaces |= map(select(.type != "user")) | del(.linux.uidMappings, .linux.gidMappings)'
	set_args /probe sigwait /tmp/signal
}

@test "rootless: as uid 0 of a user namespace (rootless Podman) the default state root is \$XDG_RUNTIME_DIR/rt" {
	userns_config
	run rl_userns 'rt=$1 id=$3
		"$rt" --cgroup-manager disabled run --detach --bundle "$2" "$id" || exit 1
		echo uid=$(id -u) dirs=$(ls "$XDG_RUNTIME_DIR/rt"); "$rt" state "$id" | grep "\"status\""
		"$rt" delete --force "$id" && echo deleted' "$BUNDLE" "$ID"
	echo "$output"
	assert_success
	assert_line "uid=0 dirs=$ID"
	assert_output_contains '"status": "running"'
	assert_line deleted
	[ -z "$(ls -A "$XDG/rt")" ] || _fail "left in the state root: $(ls -A "$XDG/rt")"
	[ ! -e "/run/rt/$ID" ] || _fail "state written under /run/rt"
}

@test "rootless: as uid 0 of a user namespace no cgroup can be made: run goes on without one, ps says why" {
	userns_config
	run rl_userns 'rt=$1 id=$3 root=$XDG_RUNTIME_DIR/rt
		"$rt" --root "$root" run --detach --bundle "$2" "$id" || exit 1
		"$rt" --root "$root" state "$id" | grep "\"status\""
		"$rt" --root "$root" ps "$id"; echo ps=$?
		"$rt" --root "$root" delete --force "$id" && echo deleted' "$BUNDLE" "$ID"
	echo "$output"
	assert_success
	assert_output_contains '"status": "running"'
	assert_output_contains "container '$ID' has no cgroup"
	assert_output_contains "rt ran as uid 0 of a user namespace and could not create it"
	assert_line ps=1
	assert_line deleted
	[ -z "$(ls -A "$XDG/rt")" ] || _fail "left in the state root: $(ls -A "$XDG/rt")"
}
