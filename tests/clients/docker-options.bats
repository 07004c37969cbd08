#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# rt under Docker 20.10 beyond the basics of docker.bats: docker run/exec options, each checked
# from inside the container (/proc/self/status, /proc/mounts, ids) or on the host (the
# container's v1 cgroup files, bind-mount propagation). The private daemon also knows Debian's
# runc as "refrunc", the reference these were compared against.
#
# Left out, with the reason (runc 1.1.5 fails the same way on this host):
#   --privileged (run and exec): docker asks for every capability the kernel knows and the
#     bounding set lacks CAP_SYS_RESOURCE, so capset fails with EPERM;
#   --oom-score-adj below 0: needs CAP_SYS_RESOURCE;
#   --blkio-weight: dockerd discards it ("Your kernel does not support Block I/O weight":
#     the v1 blkio controller has no blkio.weight here, only blkio.bfq.weight).
# A difference kept: runc adds "c *:* m" and "b *:* m" to docker's device rules, rt does not
# (docs/security.md, S18), so mknod of a node docker does not allow fails in rt at mknod and
# in runc at open.

load helpers

setup_file() {
	docker_setup_file
}

teardown_file() {
	docker_teardown_file
}

# DOCKER_RUNTIME=refrunc runs the same cases with Debian's runc
R=(--runtime "${DOCKER_RUNTIME:-rt}" --network none)

# status_field FIELD [DOCKER RUN OPTION...]: FIELD of /proc/self/status in a fresh container
status_field() {
	local field=$1
	shift
	docker_ run --rm "${R[@]}" "$@" bb:local sh -c "grep '^$field:' /proc/self/status" | cut -f2
}

@test "docker options: --security-opt seccomp=FILE denies with EPERM, seccomp=unconfined has none" {
	cat >"$CW/seccomp.json" <<-'EOF2'
		{"defaultAction": "SCMP_ACT_ALLOW",
		 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}
	EOF2
	run docker_ run --rm "${R[@]}" --security-opt "seccomp=$CW/seccomp.json" bb:local \
		sh -c 'mkdir /x; echo rc=$?; grep ^Seccomp: /proc/self/status; touch /y && echo touched'
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output == *"can't create directory '/x': Operation not permitted"* ]]
	[[ $output == *rc=1* ]]
	[[ $output == *"Seccomp:"$'\t'2* ]]
	[[ $output == *touched* ]]
	[ "$(status_field Seccomp --security-opt seccomp=unconfined)" = 0 ]
	# docker's default profile is a filter too
	[ "$(status_field Seccomp)" = 2 ]
}

@test "docker options: --security-opt no-new-privileges" {
	[ "$(status_field NoNewPrivs)" = 0 ]
	[ "$(status_field NoNewPrivs --security-opt no-new-privileges)" = 1 ]
}

@test "docker options: --cap-drop ALL, --cap-add" {
	run docker_ run --rm "${R[@]}" --cap-drop ALL bb:local grep ^Cap /proc/self/status
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(grep -c 0000000000000000 <<<"$output")" = 5 ]
	# CAP_SYS_TIME (25) and CAP_NET_ADMIN (12): effective, permitted and bounding, not inheritable
	run docker_ run --rm "${R[@]}" --cap-drop ALL --cap-add NET_ADMIN --cap-add SYS_TIME bb:local \
		grep ^Cap /proc/self/status
	echo "$output"
	[[ $output == *"CapInh:"$'\t'0000000000000000* ]]
	[[ $output == *"CapPrm:"$'\t'0000000002001000* ]]
	[[ $output == *"CapEff:"$'\t'0000000002001000* ]]
	[[ $output == *"CapBnd:"$'\t'0000000002001000* ]]
	[[ $output == *"CapAmb:"$'\t'0000000000000000* ]]
	# docker's default set
	[ "$(status_field CapEff)" = 00000000a80425fb ]
}

@test "docker options: --read-only with --tmpfs /x:size=1m,mode=1777" {
	run docker_ run --rm "${R[@]}" --read-only --tmpfs /x:size=1m,mode=1777 bb:local \
		sh -c 'touch /y; grep -E " / | /x " /proc/mounts; stat -c %a /x; touch /x/ok && echo x-writable'
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output == *"/y: Read-only file system"* ]]
	[[ $output == *"overlay / overlay ro,"* ]]
	[[ $output == *"tmpfs /x tmpfs rw,nosuid,nodev,noexec,relatime,size=1024k "* ]]
	[[ $output == *$'\n'1777$'\n'* ]]
	[[ $output == *x-writable* ]]
}

@test "docker options: --sysctl net.ipv4.ip_forward=1 in its own netns, the host's unchanged" {
	host=$(cat /proc/sys/net/ipv4/ip_forward)
	run docker_ run --rm "${R[@]}" --sysctl net.ipv4.ip_forward=1 bb:local cat /proc/sys/net/ipv4/ip_forward
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = 1 ]
	[ "$(cat /proc/sys/net/ipv4/ip_forward)" = "$host" ]
}

@test "docker options: --ipc shareable + --ipc container:X, --pid container:X" {
	docker_ run -d --name ipcsrc "${R[@]}" --ipc shareable bb:local sleep 1000
	pid=$(docker_ inspect -f '{{.State.Pid}}' ipcsrc)
	run docker_ run --rm "${R[@]}" --ipc container:ipcsrc --pid container:ipcsrc bb:local \
		sh -c 'ls -l /proc/self/ns/ipc /proc/self/ns/pid; cat /proc/1/cmdline | tr "\0" " "'
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output == *"-> $(readlink "/proc/$pid/ns/ipc")"* ]]
	[[ $output == *"-> $(readlink "/proc/$pid/ns/pid")"* ]]
	[[ $output == *"sleep 1000 "* ]]
	# and a default container has its own
	run docker_ run --rm "${R[@]}" bb:local ls -l /proc/self/ns/ipc
	[[ $output != *"-> $(readlink "/proc/$pid/ns/ipc")"* ]]
	docker_ rm -f ipcsrc
}

@test "docker options: --uts host, --cgroupns private|host" {
	run docker_ run --rm "${R[@]}" --uts host bb:local hostname
	[ "$output" = "$(hostname)" ]
	run docker_ run --rm "${R[@]}" --cgroupns private bb:local grep :pids: /proc/self/cgroup
	echo "$output"
	[[ $output == *:pids:/ ]]
	run docker_ run --rm "${R[@]}" --cgroupns host bb:local grep :pids: /proc/self/cgroup
	echo "$output"
	[[ $output == *:pids:/docker/* ]]
}

@test "docker options: --device-cgroup-rule opens a node docker does not allow by default" {
	# 42:42 has no driver: allowed, opening it fails with ENXIO; denied, with EPERM
	run docker_ run --rm "${R[@]}" --device-cgroup-rule 'c 42:42 rwm' bb:local \
		sh -c 'mknod /n c 42 42; cat /n; grep -x "c 42:42 rwm" /sys/fs/cgroup/devices/devices.list'
	echo "$output"
	[[ $output == *"'/n': No such device or address"* ]]
	[[ $output == *"c 42:42 rwm"* ]] # (stdout and stderr interleave in any order)
	# without the rule: rt refuses the mknod itself, runc makes the node ("c *:* m") and
	# refuses its open
	run docker_ run --rm "${R[@]}" bb:local sh -c 'mknod /n c 42 42; cat /n'
	echo "$output"
	[ "$status" -ne 0 ]
	[[ $output == *"mknod: /n: Operation not permitted"* || $output == *"'/n': Operation not permitted"* ]]
	[[ $output != *"No such device or address"* ]]
}

@test "docker options: --cap-add NET_ADMIN: /dev/net/tun can be made and opened (runc's default rule c 10:200 rwm)" {
	run docker_ run --rm "${R[@]}" --cap-add NET_ADMIN bb:local \
		sh -c 'mkdir -p /dev/net && mknod /dev/net/tun c 10 200 && cat /dev/net/tun'
	echo "$output"
	[[ $output == *"cat: read error: File descriptor in bad state"* ]]
	[[ $output != *"Operation not permitted"* ]]
}

@test "docker options: --ulimit nproc and core, --oom-score-adj 500, --shm-size" {
	run docker_ run --rm "${R[@]}" --ulimit nproc=100:200 --ulimit core=0:0 --oom-score-adj 500 --shm-size 3m \
		bb:local sh -c 'ulimit -u; ulimit -Hu; ulimit -c; cat /proc/self/oom_score_adj; grep " /dev/shm " /proc/mounts'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 100 ]
	[ "${lines[1]}" = 200 ]
	[ "${lines[2]}" = 0 ]
	[ "${lines[3]}" = 500 ]
	[[ ${lines[4]} == "shm /dev/shm tmpfs rw,nosuid,nodev,noexec,relatime,size=3072k"* ]]
}

@test "docker options: --cpus, --cpuset-cpus, --cpu-shares in the container's cgroup on the host" {
	docker_ run -d --name cpu "${R[@]}" --cpus 0.5 --cpuset-cpus 0 --cpu-shares 512 bb:local sleep 1000
	pid=$(docker_ inspect -f '{{.State.Pid}}' cpu)
	d=$(cgroup_dir_of "$pid" cpu)
	[[ $d == */docker/$(docker_ inspect -f '{{.Id}}' cpu) ]]
	[ "$(cat "$d/cpu.cfs_quota_us")" = 50000 ]
	[ "$(cat "$d/cpu.cfs_period_us")" = 100000 ]
	[ "$(cat "$d/cpu.shares")" = 512 ]
	[ "$(cat "$(cgroup_dir_of "$pid" cpuset)/cpuset.cpus")" = 0 ]
	docker_ rm -f cpu
}

@test "docker options: --user 1000:1000 --group-add 10, -w, --env-file" {
	printf 'A=1\nB=two words\n' >"$CW/env"
	run docker_ run --rm "${R[@]}" --user 1000:1000 --group-add 10 -w /tmp/new --env-file "$CW/env" bb:local \
		sh -c 'id; pwd; grep -E "^(Groups|CapEff):" /proc/self/status; echo "$A|$B"'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "uid=1000 gid=1000 groups=10,1000" ]
	[ "${lines[1]}" = /tmp/new ]
	[[ ${lines[2]} == "Groups:"$'\t'"10 1000"* ]]
	[ "${lines[3]}" = "CapEff:"$'\t'0000000000000000 ]
	[ "${lines[4]}" = "1|two words" ]
}

@test "docker options: --mount bind-propagation=rshared: a mount made inside reaches the host" {
	mkdir -p "$CW/shr"
	mount --bind "$CW/shr" "$CW/shr"
	mount --make-shared "$CW/shr"
	run docker_ run --rm "${R[@]}" --cap-add SYS_ADMIN --security-opt apparmor=unconfined \
		--mount "type=bind,src=$CW/shr,dst=/s,bind-propagation=rshared" bb:local \
		sh -c 'mkdir -p /s/sub && mount -t tmpfs inner /s/sub && grep " /s " /proc/self/mountinfo'
	echo "$output"
	seen=$(awk -v p="$CW/shr/sub" '$5 == p {print $9, $10}' /proc/self/mountinfo)
	umount "$CW/shr/sub" 2>/dev/null || true
	umount "$CW/shr"
	[ "$status" -eq 0 ]
	[[ $output == *" /s rw,relatime shared:"* ]]
	[ "$seen" = "tmpfs inner" ]
}

@test "docker options: --mount type=volume and type=tmpfs; exec -u -e -w; docker cp both ways" {
	docker_ volume create vol >/dev/null
	docker_ run -d --name mnt "${R[@]}" --mount type=volume,src=vol,dst=/v \
		--mount type=tmpfs,dst=/t,tmpfs-size=65536,tmpfs-mode=0700 bb:local sh -c 'echo vol >/v/f; exec sleep 1000'
	wait_for docker_ exec mnt test -s /v/f
	run docker_ exec -u 1000:1000 -e FOO=bar -w /v mnt sh -c 'id -u; echo $FOO; pwd; cat f; grep " /t " /proc/mounts; stat -c %a /t'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 1000 ]
	[ "${lines[1]}" = bar ]
	[ "${lines[2]}" = /v ]
	[ "${lines[3]}" = vol ]
	[[ ${lines[4]} == "tmpfs /t tmpfs rw,nosuid,nodev,noexec,relatime,size=64k,mode=700 "* ]]
	[ "${lines[5]}" = 700 ]
	echo hello >"$CW/cpin"
	docker_ cp "$CW/cpin" mnt:/tmp/cpin
	[ "$(docker_ exec mnt cat /tmp/cpin)" = hello ]
	docker_ cp mnt:/v/f "$CW/cpout"
	[ "$(cat "$CW/cpout")" = vol ]
	docker_ rm -f mnt
	# the volume outlives the container
	run docker_ run --rm "${R[@]}" --mount type=volume,src=vol,dst=/v bb:local cat /v/f
	[ "$output" = vol ]
	docker_ volume rm vol
}

@test "docker options: --stop-signal USR1 --stop-timeout 1, docker wait, kill -s, State, events" {
	since=$(date +%s)
	docker_ run -d --name sig "${R[@]}" --stop-signal USR1 --stop-timeout 1 bb:local \
		sh -c 'trap "echo got-usr1; exit 9" USR1; echo up; while :; do sleep 0.1; done'
	wait_for sh -c "$DOCKER logs sig | grep -q up"
	run docker_ inspect -f '{{.State.Status}} {{.State.Pid}} {{.State.ExitCode}} {{.State.OOMKilled}}' sig
	[[ $output == "running "[1-9]*" 0 false" ]]
	pid=$(docker_ inspect -f '{{.State.Pid}}' sig)
	[ "$(cat "/proc/$pid/comm")" = sh ]
	docker_ stop sig
	[ "$(docker_ inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.State.Pid}}' sig)" = "exited 9 0" ]
	[ "$(docker_ wait sig)" = 9 ]
	[ "$(docker_ logs sig | tail -1)" = got-usr1 ]
	# kill -s KILL and a plain exit code through docker wait
	docker_ run -d --name kil "${R[@]}" bb:local sleep 1000
	docker_ kill -s KILL kil
	[ "$(docker_ wait kil)" = 137 ]
	run docker_ run --name e42 "${R[@]}" bb:local sh -c 'exit 42'
	[ "$status" -eq 42 ]
	[ "$(docker_ wait e42)" = 42 ]
	run docker_ events --since "$since" --until "$(($(date +%s) + 1))" --filter container=e42 \
		--format '{{.Action}} {{.Actor.Attributes.exitCode}}'
	echo "$output"
	[[ $output == *"start <no value>"*"die 42"* ]]
	# container prune removes exactly the stopped ones
	docker_ run -d --name alive "${R[@]}" bb:local sleep 1000
	run docker_ container prune -f
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(docker_ ps -a --format '{{.Names}}')" = alive ]
	docker_ rm -f alive
}

@test "docker options: --rm with --stop-signal: the container is gone after stop" {
	docker_ run -d --rm --name rmsig "${R[@]}" --stop-signal HUP --stop-timeout 5 bb:local \
		sh -c 'trap "exit 3" HUP; while :; do sleep 0.1; done'
	docker_ stop rmsig
	wait_for sh -c "[ -z \"\$($DOCKER ps -aq --filter name=rmsig)\" ]"
	run docker_ inspect rmsig
	[ "$status" -ne 0 ]
}

@test "docker options: --health-cmd runs through rt exec: unhealthy, then healthy" {
	docker_ run -d --name hc "${R[@]}" --health-cmd 'test -e /tmp/ok' --health-interval 1s \
		--health-retries 1 bb:local sleep 1000
	wait_for sh -c "[ \"\$($DOCKER inspect -f '{{.State.Health.Status}}' hc)\" = unhealthy ]"
	[ "$(docker_ inspect -f '{{(index .State.Health.Log 0).ExitCode}}' hc)" = 1 ]
	docker_ exec hc touch /tmp/ok
	wait_for sh -c "[ \"\$($DOCKER inspect -f '{{.State.Health.Status}}' hc)\" = healthy ]"
	docker_ rm -f hc
}
