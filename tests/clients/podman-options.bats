#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# rt as Podman's runtime beyond the basics of podman.bats: pods (namespace paths), user
# namespaces, and the run options Podman users type. Each case asserts what the container and
# the host see (/proc, namespace links compared from the host, cgroup files), not only exit codes.

load helpers

setup_file() {
	podman_setup_file catatonit
}

teardown_file() {
	podman_teardown_file
}

# pid_of NAME: the host pid of a container's process.
pid_of() {
	podman_ inspect "$1" --format '{{.State.Pid}}'
}

# same_ns PID1 PID2 NS...: both processes are in the same NS namespaces.
same_ns() {
	local a=$1 b=$2 ns
	shift 2
	for ns in "$@"; do
		[ "$(readlink "/proc/$a/ns/$ns")" = "$(readlink "/proc/$b/ns/$ns")" ] || {
			echo "$ns differs: $(readlink "/proc/$a/ns/$ns") $(readlink "/proc/$b/ns/$ns")" >&2
			return 1
		}
	done
}

# rm_userns NAME: remove a user-namespaced container (or pod). Podman 4.3 leaves its
# userdata/shm mounted after it stops, with runc as with rt, and its rm then fails now and then
# ("unlinkat .../userdata/shm: device or resource busy") though the container is gone from its
# database: not rt's to assert on (teardown_file's rm -a, system reset and umount -R clean up).
rm_userns() {
	if podman_ pod exists "$1"; then
		podman_ pod rm -f -t 0 "$1" >/dev/null 2>&1 || true
	else
		podman_ rm -f -t 0 "$1" >/dev/null 2>&1 || true
	fi
}

# status_of PID FIELD: a line of /proc/PID/status without its label ("CapEff", "NoNewPrivs").
status_of() {
	sed -n "s/^$2:[[:space:]]*//p" "/proc/$1/status"
}

@test "podman pod: a container joins the infra container's ipc, uts, net and pid namespaces (namespace paths)" {
	run podman_ pod create --name pod1 --share ipc,uts,net,pid --infra-image localhost/bbpause
	echo "$output"
	[ "$status" -eq 0 ]
	run podman_ run -d --pod pod1 --name pc1 localhost/bb sleep 1000
	echo "$output"
	[ "$status" -eq 0 ]
	infra=$(podman_ pod inspect pod1 --format '{{.InfraContainerID}}')
	ipid=$(pid_of "$infra")
	cpid=$(pid_of pc1)
	same_ns "$ipid" "$cpid" ipc uts net pid
	# (own mount namespace; none of the shared ones is the host's)
	! same_ns "$ipid" "$cpid" mnt || false
	for ns in ipc uts net pid; do
		! same_ns "$cpid" $$ "$ns" || false
	done
	run podman_ exec pc1 sh -c 'hostname; ps -o pid,args | tr -s " " | sed "s/^ //"'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = pod1 ]
	[[ $output == *$'\n1 sleep 1000000\n'* ]]
	[[ $output == *$'\n'[0-9]*' sleep 1000'$'\n'* ]]
	run podman_ pod rm -f -t 0 pod1
	[ "$status" -eq 0 ]
	# rt's state went with them
	run "$RT" state "$infra"
	[ "$status" -ne 0 ]
}

@test "podman pod --uidmap: a container joins the infra container's user namespace, its own pid namespace belongs to it" {
	# (the pod shares ipc, net, uts: the container joins the infra's user namespace by path and
	# gets a pid namespace of its own, whose proc it mounts)
	run podman_ pod create --name podu --infra-image localhost/bbpause --uidmap 0:100000:5000 --gidmap 0:100000:5000
	echo "$output"
	[ "$status" -eq 0 ]
	run podman_ run -d --pod podu --name pu1 localhost/bb sleep 1000
	echo "$output"
	[ "$status" -eq 0 ]
	ipid=$(pid_of "$(podman_ pod inspect podu --format '{{.InfraContainerID}}')")
	cpid=$(pid_of pu1)
	same_ns "$ipid" "$cpid" user ipc uts net
	! same_ns "$cpid" $$ user || false
	! same_ns "$ipid" "$cpid" pid || false
	[ "$(tr -s ' ' <"/proc/$cpid/uid_map")" = " 0 100000 5000" ]
	[ "$(tr -s ' ' <"/proc/$cpid/gid_map")" = " 0 100000 5000" ]
	[ "$(stat -c '%u %g' "/proc/$cpid")" = "100000 100000" ]
	run podman_ exec pu1 sh -c 'id -u; touch /made; stat -c "%u %g" /made; cat /proc/1/cmdline | tr "\0" " "'
	echo "$output"
	[ "$output" = "$(printf '0\n0 0\nsleep 1000 ')" ]
	# the same with the pid namespace shared: the infra's sleep is pid 1
	podman_ pod create --name podu2 --share ipc,uts,net,pid --infra-image localhost/bbpause --uidmap 0:100000:5000 --gidmap 0:100000:5000
	run podman_ run --rm --pod podu2 localhost/bb sh -c 'cat /proc/1/cmdline | tr "\0" " "; echo; tr -s " " </proc/self/uid_map'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf 'sleep 1000000 \n 0 100000 5000')" ]
	rm_userns podu
	rm_userns podu2
}

@test "podman --uidmap with --network=container:X --uts=container:X (X without a user namespace), --userns=container:Y" {
	podman_ run -d --name nsx localhost/bb sleep 1000
	xpid=$(pid_of nsx)
	run podman_ run --rm --uidmap 0:100000:5000 --gidmap 0:100000:5000 --network=container:nsx --uts=container:nsx localhost/bb \
		sh -c 'for n in net uts user; do readlink /proc/self/ns/$n; done; tr -s " " </proc/self/uid_map; hostname'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(readlink "/proc/$xpid/ns/net")" ]
	[ "${lines[1]}" = "$(readlink "/proc/$xpid/ns/uts")" ]
	[ "${lines[2]}" != "$(readlink /proc/self/ns/user)" ]
	[ "${lines[3]}" = " 0 100000 5000" ]
	[ "${lines[4]}" = "$(podman_ exec nsx hostname)" ]
	podman_ rm -f -t 0 nsx
	podman_ run -d --name nsy --uidmap 0:200000:5000 --gidmap 0:200000:5000 localhost/bb sleep 1000
	ypid=$(pid_of nsy)
	run podman_ run --rm --userns=container:nsy localhost/bb sh -c 'for n in user pid; do readlink /proc/self/ns/$n; done; tr -s " " </proc/self/uid_map; echo $$'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(readlink "/proc/$ypid/ns/user")" ]
	[ "${lines[1]}" != "$(readlink "/proc/$ypid/ns/pid")" ]
	[ "${lines[2]}" = " 0 200000 5000" ]
	[ "${lines[3]}" = 1 ]
	rm_userns nsy
}

@test "podman --uidmap/--gidmap: the maps inside and on the host, files owned by the mapped ids, exec --user" {
	run podman_ run -d --name um --uidmap 0:100000:5000 --gidmap 0:200000:5000 localhost/bb sh -c 'touch /made; sleep 1000'
	echo "$output"
	[ "$status" -eq 0 ]
	pid=$(pid_of um)
	[ "$(tr -s ' ' <"/proc/$pid/uid_map")" = " 0 100000 5000" ]
	[ "$(tr -s ' ' <"/proc/$pid/gid_map")" = " 0 200000 5000" ]
	[ "$(stat -c '%u %g' "/proc/$pid")" = "100000 200000" ]
	run podman_ exec um sh -c 'tr -s " " </proc/self/uid_map; tr -s " " </proc/self/gid_map; id -u; id -g; stat -c "%u %g" /made'
	echo "$output"
	[ "$output" = "$(printf ' 0 100000 5000\n 0 200000 5000\n0\n0\n0 0')" ]
	# on the host, the file is owned by the mapped ids
	upper=$(podman_ inspect um --format '{{.GraphDriver.Data.UpperDir}}')
	[ "$(stat -c '%u %g' "$upper/made")" = "100000 200000" ]
	run podman_ exec --user 1000:1000 um sh -c 'id -u; grep -E "^Cap(Prm|Eff):" /proc/self/status'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '1000\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000')" ]
	rm_userns um
}

@test "podman --uidmap with -v SRC:DST:idmap: the host's root-owned files are the container root's" {
	mkdir -p "$CW/idvol"
	echo data >"$CW/idvol/f"
	chown -R 0:0 "$CW/idvol"
	run podman_ run --rm --uidmap 0:100000:5000 --gidmap 0:100000:5000 -v "$CW/idvol:/data:idmap" localhost/bb \
		sh -c 'exec 2>&1; stat -c "%u %g" /data/f; touch /data/new && echo wrote; grep -c " /data .*idmapped" /proc/self/mountinfo'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '0 0\nwrote\n1')" ]
	[ "$(stat -c '%u %g' "$CW/idvol/new")" = "0 0" ]
}

@test "podman --userns=auto:size=2000: a 2000-id map from the containers range of /etc/subuid" {
	# a private /etc/subuid and /etc/subgid, bound in a mount namespace of podman, conmon and rt
	echo containers:300000:70000 >"$CW/subid"
	run unshare -m --propagation private sh -c 'mount --bind "$0" /etc/subuid && mount --bind "$0" /etc/subgid && exec "$@"' \
		"$CW/subid" $(podman_cmd) run --rm --userns=auto:size=2000 localhost/bb \
		sh -c 'tr -s " " </proc/self/uid_map; tr -s " " </proc/self/gid_map; id -u; touch /x; stat -c "%u %g" /x'
	echo "$output"
	[ "$status" -eq 0 ]
	read -r inner base size <<<"${lines[0]}"
	[ "$inner" = 0 ]
	[ "$size" = 2000 ]
	[ "$base" -ge 300000 ] && [ $((base + size)) -le 370000 ]
	[ "${lines[1]}" = "${lines[0]}" ]
	[ "${lines[2]}" = 0 ]
	[ "${lines[3]}" = "0 0" ]
}

@test "podman top with descriptors: user, huser, capeff, hpid, seccomp" {
	run podman_ run -d --name tp --cap-drop all --cap-add kill --user 65534:65534 localhost/bb sleep 1000
	echo "$output"
	[ "$status" -eq 0 ]
	pid=$(pid_of tp)
	run podman_ top tp pid user huser args capeff hpid seccomp
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(tr -s ' ' <<<"${lines[1]}")" = "1 nobody nobody sleep 1000 KILL $pid filter" ]
	# (CAP_KILL is bit 5)
	[ "$(status_of "$pid" CapEff)" = 0000000000000020 ]
	[ "$(status_of "$pid" CapBnd)" = 0000000000000020 ]
	[ "$(status_of "$pid" Seccomp)" = 2 ]
	podman_ rm -f -t 0 tp
}

@test "podman update: new memory, cpu shares and cpu quota seen inside and on the host" {
	podman_ run -d --name up --memory 64m localhost/bb sleep 1000
	run podman_ update --memory 100m --cpu-shares 512 --cpus 0.5 up
	echo "$output"
	[ "$status" -eq 0 ]
	run podman_ exec up cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/cpu/cpu.shares /sys/fs/cgroup/cpu/cpu.cfs_quota_us
	echo "$output"
	[ "$output" = "$(printf '104857600\n512\n50000')" ]
	pid=$(pid_of up)
	[ "$(cat "$(cgroup_dir_of "$pid" memory)/memory.limit_in_bytes")" = 104857600 ]
	[ "$(cat "$(cgroup_dir_of "$pid" cpu)/cpu.shares")" = 512 ]
	podman_ rm -f -t 0 up
}

@test "podman healthcheck run: an exec whose exit code makes the container unhealthy, then healthy" {
	# (--health-interval disable: no systemd timer, there is no systemd here)
	podman_ run -d --name hc --health-cmd 'test -e /tmp/ok' --health-interval disable localhost/bb sleep 1000
	run podman_ healthcheck run hc
	echo "$output"
	[ "$status" -eq 1 ]
	[ "$output" = unhealthy ]
	podman_ exec hc touch /tmp/ok
	run podman_ healthcheck run hc
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(podman_ inspect hc --format '{{.State.Health.Status}}')" = healthy ]
	podman_ rm -f -t 0 hc
}

@test "podman --sysctl: namespaced values inside, the host's unchanged" {
	msgmax=$(cat /proc/sys/kernel/msgmax)
	fwd=$(cat /proc/sys/net/ipv4/ip_forward)
	[ "$msgmax" != 12345 ]
	run podman_ run --rm --sysctl kernel.msgmax=12345 --sysctl net.ipv4.ip_forward=$((1 - fwd)) localhost/bb \
		cat /proc/sys/kernel/msgmax /proc/sys/net/ipv4/ip_forward
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '12345\n%s' $((1 - fwd)))" ]
	[ "$(cat /proc/sys/kernel/msgmax)" = "$msgmax" ]
	[ "$(cat /proc/sys/net/ipv4/ip_forward)" = "$fwd" ]
}

@test "podman --ulimit: soft and hard limits of the process and of an exec" {
	# (under the host's hard limits: nofile 20000, and no CAP_SYS_RESOURCE to raise one)
	run podman_ run -d --name ul --ulimit nofile=1234:2345 --ulimit nproc=500:600 --ulimit core=0:0 localhost/bb sleep 1000
	echo "$output"
	[ "$status" -eq 0 ]
	pid=$(pid_of ul)
	[ "$(grep -E '^Max (open files|processes|core file size) ' "/proc/$pid/limits" | tr -s ' ' | sed 's/ $//')" = \
		"$(printf 'Max core file size 0 0 bytes\nMax processes 500 600 processes\nMax open files 1234 2345 files')" ]
	run podman_ exec ul sh -c 'ulimit -n; ulimit -Hn; ulimit -u; ulimit -c'
	echo "$output"
	[ "$output" = "$(printf '1234\n2345\n500\n0')" ]
	podman_ rm -f -t 0 ul
}

@test "podman --shm-size: the size of the /dev/shm tmpfs" {
	run podman_ run --rm --shm-size 3m localhost/bb sh -c 'grep " /dev/shm " /proc/self/mounts; df -k /dev/shm | tail -n 1 | tr -s " " | cut -d" " -f2'
	echo "$output"
	[ "$status" -eq 0 ]
	[[ ${lines[0]} == "shm /dev/shm tmpfs "*size=3072k* ]]
	[ "${lines[1]}" = 3072 ]
}

@test "podman --cap-add/--cap-drop: the sets in /proc/self/status, a dropped capability refused" {
	run podman_ run --rm --cap-drop all --cap-add net_raw --cap-add chown localhost/bb grep -E '^Cap(Prm|Eff|Bnd|Amb):' /proc/self/status
	echo "$output"
	[ "$status" -eq 0 ]
	# CAP_CHOWN is bit 0, CAP_NET_RAW bit 13
	[ "$output" = "$(printf 'CapPrm:\t0000000000002001\nCapEff:\t0000000000002001\nCapBnd:\t0000000000002001\nCapAmb:\t0000000000000000')" ]
	default=$(podman_ run --rm localhost/bb sed -n 's/^CapEff:\t//p' /proc/self/status)
	[ $((0x$default & 1)) -eq 1 ]
	run podman_ run --rm --cap-drop chown localhost/bb sh -c 'exec 2>&1; sed -n "s/^CapEff:\t//p" /proc/self/status; chown 1 /tmp'
	echo "$output"
	[ "$status" -ne 0 ]
	[ "$((0x${lines[0]}))" -eq $((0x$default & ~1)) ]
	[[ ${lines[1]} == *"chown: /tmp: Operation not permitted"* ]]
}

@test "podman --security-opt no-new-privileges" {
	run podman_ run --rm --security-opt no-new-privileges localhost/bb grep NoNewPrivs: /proc/self/status
	echo "$output"
	[ "$output" = $'NoNewPrivs:\t1' ]
	run podman_ run --rm localhost/bb grep NoNewPrivs: /proc/self/status
	[ "$output" = $'NoNewPrivs:\t0' ]
}

@test "podman --security-opt seccomp=FILE: the profile's denied syscalls fail with its errno inside" {
	cat >"$CW/seccomp.json" <<-'EOF'
		{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
			{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1},
			{"names": ["symlink", "symlinkat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}
	EOF
	run podman_ run --rm --security-opt seccomp="$CW/seccomp.json" localhost/bb \
		sh -c 'exec 2>&1; grep Seccomp: /proc/self/status; mkdir /tmp/d; ln -s x /tmp/l; touch /tmp/f && echo touched'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = $'Seccomp:\t2' ]
	[[ ${lines[1]} == *"/tmp/d"*"Operation not permitted" ]]
	[[ ${lines[2]} == *"/tmp/l"*"Permission denied" ]]
	[ "${lines[3]}" = touched ]
}

@test "podman --security-opt mask= and unmask=" {
	# by default /proc/timer_list is masked (empty)
	run podman_ run --rm localhost/bb sh -c 'wc -c </proc/timer_list'
	[ "$output" = 0 ]
	run podman_ run --rm --security-opt unmask=/proc/timer_list --security-opt mask=/etc/passwd:/root localhost/bb \
		sh -c 'head -n 1 /proc/timer_list; wc -c </etc/passwd; ls -A /root | wc -l; touch /root/x 2>/dev/null || echo ro-root'
	echo "$output"
	[ "$status" -eq 0 ]
	[[ ${lines[0]} == "Timer List Version:"* ]]
	[ "${lines[1]}" = 0 ]
	[ "${lines[2]}" = 0 ]
	[ "${lines[-1]}" = ro-root ]
}

@test "podman --read-only with --read-only-tmpfs=true and =false" {
	run podman_ run --rm --read-only --read-only-tmpfs=true localhost/bb \
		sh -c 'exec 2>&1; touch /tmp/a /var/tmp/a /run/a && echo writable; touch /a 2>/dev/null || echo ro-root; grep -c "^tmpfs /\(tmp\|var/tmp\|run\) " /proc/self/mounts'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = writable ]
	[ "${lines[-2]}" = ro-root ]
	[ "${lines[-1]}" = 3 ]
	run podman_ run --rm --read-only --read-only-tmpfs=false localhost/bb sh -c 'touch /tmp/a'
	echo "$output"
	[ "$status" -ne 0 ]
	[[ $output == *"Read-only file system"* ]]
}

@test "podman --cgroupns=host and --cgroupns=private" {
	run podman_ run --rm --cgroupns=host localhost/bb sh -c 'readlink /proc/self/ns/cgroup; grep -E "^[0-9]+:memory:" /proc/self/cgroup'
	echo "$output"
	[ "${lines[0]}" = "$(readlink /proc/self/ns/cgroup)" ]
	[[ ${lines[1]} == *":memory:/libpod_parent/libpod-"* ]]
	run podman_ run --rm --cgroupns=private localhost/bb sh -c 'readlink /proc/self/ns/cgroup; grep -E "^[0-9]+:memory:" /proc/self/cgroup'
	echo "$output"
	[ "${lines[0]}" != "$(readlink /proc/self/ns/cgroup)" ]
	[[ ${lines[1]} == *":memory:/" ]]
}

@test "podman --ipc=shareable and --ipc=container:X share the ipc namespace and /dev/shm; host and private" {
	podman_ run -d --name ipc1 --ipc=shareable localhost/bb sleep 1000
	podman_ exec ipc1 sh -c 'echo shared >/dev/shm/f'
	pid=$(pid_of ipc1)
	run podman_ run --rm --ipc=container:ipc1 localhost/bb sh -c 'readlink /proc/self/ns/ipc; cat /dev/shm/f'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(readlink "/proc/$pid/ns/ipc")" ]
	[ "${lines[1]}" = shared ]
	run podman_ run --rm --ipc=host localhost/bb readlink /proc/self/ns/ipc
	[ "$output" = "$(readlink /proc/self/ns/ipc)" ]
	run podman_ run --rm --ipc=private localhost/bb sh -c 'readlink /proc/self/ns/ipc; ls /dev/shm | wc -l'
	echo "$output"
	[ "${lines[0]}" != "$(readlink /proc/self/ns/ipc)" ]
	[ "${lines[0]}" != "$(readlink "/proc/$pid/ns/ipc")" ]
	[ "${lines[1]}" = 0 ]
}

@test "podman --pid=container:X joins X's pid namespace" {
	pid=$(pid_of ipc1)
	run podman_ run --rm --pid=container:ipc1 localhost/bb sh -c 'readlink /proc/self/ns/pid; cat /proc/1/cmdline | tr "\0" " "'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(readlink "/proc/$pid/ns/pid")" ]
	[ "${lines[1]}" = "sleep 1000 " ]
	podman_ rm -f -t 0 ipc1
}

@test "podman --init: catatonit is pid 1, the command's death by a signal gives 128+N" {
	run podman_ run --rm --init localhost/bb sh -c 'cat /proc/1/cmdline | tr "\0" " "; echo; echo $$'
	echo "$output"
	[ "$status" -eq 0 ]
	[[ ${lines[0]} == "/run/podman-init -- sh -c "* ]]
	[ "${lines[1]}" != 1 ]
	# (as pid 1 without --init, the shell could not be killed by its own SIGKILL)
	run podman_ run --rm --init localhost/bb sh -c 'kill -9 $$'
	[ "$status" -eq 137 ]
	run podman_ run --rm --init localhost/bb sh -c 'kill -TERM $$'
	[ "$status" -eq 143 ]
}

@test "podman --restart on-failure:2: two restarts, then exited with the code" {
	podman_ run -d --name rs --restart on-failure:2 localhost/bb sh -c 'echo run; exit 3'
	wait_for sh -c "[ \"\$($(podman_cmd) inspect rs --format '{{.RestartCount}} {{.State.Status}}')\" = '2 exited' ]"
	[ "$(podman_ inspect rs --format '{{.RestartCount}} {{.State.ExitCode}}')" = "2 3" ]
	run podman_ logs rs
	[ "$output" = "$(printf 'run\nrun\nrun')" ]
	podman_ rm -f -t 0 rs
}

@test "podman kill --signal, wait and logs" {
	podman_ run -d --name ks localhost/bb sh -c 'trap "echo got-usr1" USR1; trap "echo got-term; exit 5" TERM; echo ready; while :; do sleep 0.1; done'
	wait_for sh -c "$(podman_cmd) logs ks | grep -qx ready"
	run podman_ kill --signal USR1 ks
	[ "$status" -eq 0 ]
	wait_for sh -c "$(podman_cmd) logs ks | grep -qx got-usr1"
	[ "$(podman_ inspect ks --format '{{.State.Status}}')" = running ]
	podman_ kill --signal TERM ks
	run podman_ wait ks
	[ "$output" = 5 ]
	run podman_ logs ks
	[ "$output" = "$(printf 'ready\ngot-usr1\ngot-term')" ]
	podman_ rm ks
	podman_ run -d --name kk localhost/bb sleep 1000
	podman_ kill --signal KILL kk
	run podman_ wait kk
	[ "$output" = 137 ]
	[ "$(podman_ inspect kk --format '{{.State.Status}} {{.State.ExitCode}}')" = "exited 137" ]
	podman_ rm kk
}

@test "podman attach: stdin reaches the container's shell, its output comes back" {
	podman_ run -d -i --name at localhost/bb sh
	run sh -c "echo 'echo attached-\$((6 * 7)); exit 4' | $(podman_cmd) attach at"
	echo "$output"
	[[ $output == *attached-42* ]]
	run podman_ wait at
	[ "$output" = 4 ]
	podman_ rm at
}
