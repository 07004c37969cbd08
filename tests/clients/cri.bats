#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# rt under Kubernetes' path: containerd 1.6's CRI plugin (runtime.v1) drives rt through the runc
# v2 shim, as the kubelet would. The client is ours (tests/clients/cri, Go, built offline against
# Debian's grpc and protobuf sources): pod sandboxes on the host network (no CNI), containers
# joining the sandbox's namespaces, containerd's generated OCI config (RuntimeDefault seccomp,
# masked and read-only paths, cgroupsPath under the pod's parent), ExecSync,
# UpdateContainerResources, ContainerStats, StopContainer with a timeout. A private daemon
# (root, state, sockets, rt's --root under $CW) and a private cgroup parent.

load helpers

GOCODE=${CRI_GOPATH:-/usr/share/gocode}

# cri_build: the client, as $RT_BUILDDIR/tests/clients/cri-client (rebuilt when a source is
# newer).
# Missing Go sources: skip (or bail out under CI=true) like a missing client.
cri_build() {
	local src=$RT_SRCDIR/tests/clients/cri out=$RT_BUILDDIR/tests/clients
	export CRI=$out/cri-client
	if [ ! -d "$GOCODE/src/google.golang.org/grpc" ] ||
		[ ! -d "$GOCODE/src/google.golang.org/protobuf/encoding/protowire" ]; then
		local why="needs the Go sources of grpc and protobuf under $GOCODE (apt-get install golang-google-grpc-dev golang-google-protobuf-dev)"
		if [ "${CI:-}" = true ]; then
			echo "Bail out! $BATS_TEST_FILENAME $why" >&3
			return 1
		fi
		export CLIENTS_SKIP=$why
		return 0
	fi
	mkdir -p "$out"
	if [ ! -x "$CRI" ] || [ -n "$(find "$src" -name '*.go' -newer "$CRI")" ]; then
		(cd "$src" && GO111MODULE=off GOPATH=$GOCODE GOPROXY=off GOFLAGS='' CGO_ENABLED=0 \
			GOCACHE=$out/cri-gocache go build -o "$CRI.tmp" .) >&3 2>&1 || return 1
		mv "$CRI.tmp" "$CRI"
	fi
}

setup_file() {
	clients_require containerd ctr go jq
	[ -z "$CLIENTS_SKIP" ] || return 0
	cri_build || return 1
	[ -z "$CLIENTS_SKIP" ] || return 0
	clients_workdir
	export CG=rtcri${CW##*.} RTROOT=$CW/rtroot
	# hard-coded by containerd 1.6 / the shim, outside the private state dir
	clients_note_paths /run/containerd /run/containerd/s /run/containerd/fifo
	clients_note_cgroups "$CG"
	clients_rootfs "$CW/bb"
	clients_oci_archive "$CW/bb.tar" "$CW/bb-oci.tar" localhost/rt-bb:latest
	# the sandbox ("pause") image: sleeps until SIGTERM
	clients_oci_archive "$CW/bb.tar" "$CW/pause-oci.tar" localhost/rt-pause:latest \
		'{"Env": ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"],
		  "Entrypoint": ["/bin/sh", "-c", "trap \"exit 0\" TERM; sleep 1000000 & wait"]}'
	mkdir -p "$CW/ctrd" "$CW/cni/bin" "$CW/cni/conf" "$CW/logs" "$RTROOT"
	cat >"$CW/ctrd/config.toml" <<-EOF
		version = 2
		root = "$CW/ctrd/root"
		state = "$CW/ctrd/state"
		[grpc]
		  address = "$CW/ctrd/c.sock"
		[ttrpc]
		  address = "$CW/ctrd/c.sock.ttrpc"
		[debug]
		  address = "$CW/ctrd/debug.sock"
		[plugins."io.containerd.grpc.v1.cri"]
		  sandbox_image = "localhost/rt-pause:latest"
		  stream_server_address = "127.0.0.1"
		  stream_server_port = "0"
		  enable_selinux = false
		  disable_apparmor = true
		  # the sandbox gets oomScoreAdj -998; without CAP_SYS_RESOURCE (this VM's bounding set
		  # lacks it) no runtime can lower oom_score_adj below 0: clamp to containerd's own (0)
		  restrict_oom_score_adj = true
		  [plugins."io.containerd.grpc.v1.cri".containerd]
		    snapshotter = "overlayfs"
		    default_runtime_name = "rt"
		    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.rt]
		      runtime_type = "io.containerd.runc.v2"
		      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.rt.options]
		        BinaryName = "$RT"
		        Root = "$RTROOT"
		  [plugins."io.containerd.grpc.v1.cri".cni]
		    bin_dir = "$CW/cni/bin"
		    conf_dir = "$CW/cni/conf"
	EOF
	containerd --config "$CW/ctrd/config.toml" >"$CW/ctrd/containerd.log" 2>&1 &
	echo $! >"$CW/ctrd/containerd.pid"
	wait_for cri_ version
	ctr_ image import "$CW/bb-oci.tar" >/dev/null
	ctr_ image import "$CW/pause-oci.tar" >/dev/null
	# the CRI plugin learns of images through containerd's events
	wait_for cri_ img localhost/rt-bb:latest
	wait_for cri_ img localhost/rt-pause:latest
}

teardown_file() {
	if [ -z "${CW:-}" ]; then return 0; fi
	local p t
	if [ -f "$CW/pods" ]; then
		while read -r p; do
			cri_ stopp "$p" 2>/dev/null
			cri_ rmp "$p" 2>/dev/null
		done <"$CW/pods"
	fi
	for t in $(ctr_ task ls -q 2>/dev/null); do
		ctr_ task kill -s SIGKILL "$t" 2>/dev/null
		sleep 0.2
		ctr_ task rm -f "$t" 2>/dev/null
	done
	ctr_ image rm localhost/rt-bb:latest localhost/rt-pause:latest >/dev/null 2>&1
	clients_stop_pid "$(cat "$CW/ctrd/containerd.pid" 2>/dev/null)"
	umount -R "$CW/prop" 2>/dev/null || true
	umount -R "$CW/ctrd/state" 2>/dev/null || true
	umount -R "$CW/ctrd/root" 2>/dev/null || true
	clients_cleanup_paths
	rm -rf --one-file-system "$CW"
}

cri_() { "$CRI" -a "$CW/ctrd/c.sock" "$@"; }
ctr_() { ctr --address "$CW/ctrd/c.sock" -n k8s.io "$@"; }
rt_() { "$RT" --root "$RTROOT/k8s.io" "$@"; }

# pod_json NAME [JQ]: the pod config $CW/NAME.pod.json (host network, cgroup parent /$CG/NAME,
# logs under $CW/logs/NAME), edited by the jq filter JQ.
pod_json() {
	jq -n --arg n "$1" --arg cg "/$CG/$1" --arg logs "$CW/logs/$1" \
		'{name: $n, uid: ("uid-" + $n), namespace: "rt-cri", log_directory: $logs, cgroup_parent: $cg}' |
		jq "${2:-.}" >"$CW/$1.pod.json"
}

# runp NAME: RunPodSandbox of $CW/NAME.pod.json; the id in $CW/NAME.id (and $CW/pods).
runp() {
	local id
	id=$(cri_ runp "$CW/$1.pod.json") || return 1
	echo "$id" >>"$CW/pods"
	echo "$id" >"$CW/$1.id"
}

# ctr_create POD NAME JQ: CreateContainer + StartContainer in pod POD of a busybox container
# NAME, config edited by JQ; the id in $CW/NAME.id. Waits for CONTAINER_RUNNING.
ctr_create() {
	local id
	jq -n --arg n "$2" '{name: $n, image: "localhost/rt-bb:latest", log_path: ($n + ".log")}' |
		jq "$3" >"$CW/$2.ctr.json"
	id=$(cri_ create "$(cat "$CW/$1.id")" "$CW/$2.ctr.json" "$CW/$1.pod.json") || return 1
	echo "$id" >"$CW/$2.id"
	cri_ start "$id" || return 1
	wait_for state_is "$2" CONTAINER_RUNNING
}

id_of() { cat "$CW/$1.id"; }
inspect() { cri_ inspect "$(id_of "$1")"; }
state_is() { [ "$(inspect "$1" | jq -r .state)" = "$2" ]; }
pid_of() { inspect "$1" | jq -r .info.pid; }
podpid_of() { cri_ inspectp "$(id_of "$1")" | jq -r .info.pid; }
exec_() {
	local c=$1
	shift
	cri_ exec "$(id_of "$c")" "$@"
}
ns_of() { readlink "/proc/$1/ns/$2"; }
# gone PATTERN: no process's command line matches PATTERN
gone() { ! pgrep -f "$1"; }

# kubelet's default masked and read-only paths (ProcMount Default)
MASKED='["/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
	"/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware"]'
READONLY='["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]'

@test "cri: Version over runtime.v1" {
	run cri_ version
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(jq -r .runtime_name <<<"$output")" = containerd ]
	[ "$(jq -r .runtime_api_version <<<"$output")" = v1 ]
}

@test "cri: pod + container: CRI log, namespaces joined, rt state" {
	pod_json p1
	runp p1
	# exits with 7 on SIGTERM (the StopContainer case below)
	ctr_create p1 c1 '.command = ["/bin/sh", "-c", "trap \"exit 7\" TERM; echo hello-out; echo hello-err >&2; sleep 1000000 & wait"]'
	local id pid spid log
	id=$(id_of c1)
	pid=$(pid_of c1)
	spid=$(podpid_of p1)
	echo "container $id pid $pid, sandbox pid $spid"
	[ "$pid" -gt 0 ] && [ "$spid" -gt 0 ] && [ "$pid" != "$spid" ]
	# the CRI log: "TIMESTAMP STREAM F LINE"
	log=$(inspect c1 | jq -r .log_path)
	[ "$log" = "$CW/logs/p1/c1.log" ]
	wait_for grep -q hello-err "$log"
	cat "$log"
	grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9:]+) stdout F hello-out$' "$log"
	grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9:]+) stderr F hello-err$' "$log"
	# ipc: the sandbox's (not the host's); uts and net: the host's (NODE network); pid and
	# mnt: the container's own
	[ "$(ns_of "$pid" ipc)" = "$(ns_of "$spid" ipc)" ]
	[ "$(ns_of "$pid" ipc)" != "$(ns_of $$ ipc)" ]
	[ "$(ns_of "$pid" uts)" = "$(ns_of "$spid" uts)" ]
	[ "$(ns_of "$pid" net)" = "$(ns_of $$ net)" ]
	[ "$(ns_of "$pid" pid)" != "$(ns_of "$spid" pid)" ]
	[ "$(ns_of "$pid" pid)" != "$(ns_of $$ pid)" ]
	[ "$(ns_of "$pid" mnt)" != "$(ns_of "$spid" mnt)" ]
	# the container's process is pid 1 of its pid namespace
	[ "$(awk '/^NSpid:/ { print $NF }' "/proc/$pid/status")" = 1 ]
	# rt's state, in the Root the shim was given
	run rt_ state "$id"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(jq -r .status <<<"$output")" = running ]
	[ "$(jq -r .pid <<<"$output")" = "$pid" ]
	[ "$(jq -r .bundle <<<"$output")" = "$CW/ctrd/state/io.containerd.runtime.v2.task/k8s.io/$id" ]
	run rt_ state "$(id_of p1)"
	[ "$(jq -r .status <<<"$output")" = running ]
	[ "$(jq -r .pid <<<"$output")" = "$spid" ]
}

@test "cri: ExecSync: stdout, stderr and the exit code" {
	run --separate-stderr cri_ exec "$(id_of c1)" /bin/sh -c 'echo out; echo err >&2; exit 3'
	echo "status $status, stdout '$output', stderr '$stderr'"
	[ "$status" -eq 3 ]
	[ "$output" = out ]
	[ "$stderr" = err ]
	run cri_ exec "$(id_of c1)" /bin/sh -c 'echo $$; cat /proc/1/cmdline | tr "\0" " "'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" != 1 ]
	[[ ${lines[1]} == "/bin/sh -c trap "* ]]
	# a timeout: containerd gives up on the exec and kills it
	run cri_ exec -timeout 1 "$(id_of c1)" /bin/sleep 1000321
	echo "$output"
	[ "$status" -ne 0 ]
	[[ $output == *timeout* ]]
	wait_for gone "sleep 1000321"
}

@test "cri: RuntimeDefault seccomp: Seccomp 2, unshare -U denied; Unconfined allows it" {
	ctr_create p1 c2 '.command = ["/bin/sleep", "1000000"] | .security = {seccomp: "RuntimeDefault"}'
	ctr_create p1 c2u '.command = ["/bin/sleep", "1000000"] | .security = {seccomp: "Unconfined"}'
	run exec_ c2 grep Seccomp: /proc/1/status
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output == "Seccomp:"*2 ]]
	run exec_ c2 /bin/sh -c 'echo normal-ok'
	[ "$output" = normal-ok ]
	# containerd's default profile allows unshare only with CAP_SYS_ADMIN
	run exec_ c2 unshare -U true
	echo "$output"
	[ "$status" -ne 0 ]
	[[ $output == *"Operation not permitted"* ]]
	run exec_ c2u grep Seccomp: /proc/1/status
	[[ $output == "Seccomp:"*0 ]]
	run exec_ c2u unshare -U true
	echo "$output"
	[ "$status" -eq 0 ]
	cri_ stop "$(id_of c2u)" 0
	cri_ rm "$(id_of c2u)"
}

@test "cri: resources: memory limit and cpu shares in the pod's cgroup, UpdateContainerResources, ContainerStats" {
	ctr_create p1 c3 '.command = ["/bin/sleep", "1000000"] |
		.resources = {memory_limit_in_bytes: 67108864, cpu_shares: 512, oom_score_adj: 500}'
	local id pid mem cpu
	id=$(id_of c3)
	pid=$(pid_of c3)
	mem=$(cgroup_dir_of "$pid" memory)
	cpu=$(cgroup_dir_of "$pid" cpu)
	echo "$mem $cpu"
	# cgroupsPath = the pod's cgroup_parent + the container id
	[ "$mem" = "/sys/fs/cgroup/memory/$CG/p1/$id" ]
	[ "$(cat "$mem/memory.limit_in_bytes")" = 67108864 ]
	[ "$(cat "$cpu/cpu.shares")" = 512 ]
	[ "$(cat "/proc/$pid/oom_score_adj")" = 500 ]
	echo '{"memory_limit_in_bytes": 134217728, "cpu_shares": 256, "cpu_period": 100000, "cpu_quota": 50000, "cpuset_cpus": "0"}' >"$CW/res.json"
	run cri_ update "$id" "$CW/res.json"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(cat "$mem/memory.limit_in_bytes")" = 134217728 ]
	[ "$(cat "$cpu/cpu.shares")" = 256 ]
	[ "$(cat "$cpu/cpu.cfs_quota_us")" = 50000 ]
	[ "$(cat "$(cgroup_dir_of "$pid" cpuset)/cpuset.cpus")" = 0 ]
	run cri_ stats "$id"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(jq -r .id <<<"$output")" = "$id" ]
	[ "$(jq -r .memory_usage_bytes <<<"$output")" -gt 0 ]
	[ "$(jq -r .memory_working_set_bytes <<<"$output")" -gt 0 ]
}

@test "cri: read-only rootfs, run_as_user 1000, kubelet's masked and read-only paths" {
	ctr_create p1 c4 '.command = ["/bin/sleep", "1000000"] |
		.security = {readonly_rootfs: true, run_as_user: 1000, seccomp: "RuntimeDefault",
			masked_paths: '"$MASKED"', readonly_paths: '"$READONLY"'}'
	run exec_ c4 id -u
	[ "$output" = 1000 ]
	run exec_ c4 touch /tmp/x
	echo "$output"
	[ "$status" -ne 0 ]
	[[ $output == *"Read-only file system"* ]]
	# masked: /dev/null bound over the file (this kernel has no /proc/kcore), an empty tmpfs
	# over the directory
	[ "$(stat -c '%t:%T' /proc/timer_list)" = 0:0 ]
	run exec_ c4 stat -c '%t:%T' /proc/timer_list /proc/keys
	echo "$output"
	[ "${lines[0]}" = 1:3 ]
	[ "${lines[1]}" = 1:3 ]
	run exec_ c4 cat /proc/keys
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run exec_ c4 ls /sys/firmware
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run exec_ c4 grep -E ' /proc/sys (ro|[^ ]*,ro)[, ]' /proc/self/mountinfo
	echo "$output"
	[ "$status" -eq 0 ]
	# no capabilities beyond the default set, and none effective for uid 1000
	run exec_ c4 grep CapEff: /proc/self/status
	[[ $output == "CapEff:"*0000000000000000 ]]
}

@test "cri: StopContainer: TERM ignored -> killed after the timeout, 137; exits on TERM -> its own code" {
	ctr_create p1 c5 '.command = ["/bin/sh", "-c", "trap \"\" TERM; sleep 1000000 & wait"]'
	run cri_ stop "$(id_of c5)" 2
	echo "$output"
	[ "$status" -eq 0 ]
	run inspect c5
	echo "$output"
	[ "$(jq -r .state <<<"$output")" = CONTAINER_EXITED ]
	[ "$(jq -r .exit_code <<<"$output")" = 137 ]
	run rt_ state "$(id_of c5)"
	echo "$output"
	[ "$status" -ne 0 ] || [ "$(jq -r .status <<<"$output")" = stopped ]
	run cri_ stop "$(id_of c1)" 10
	[ "$status" -eq 0 ]
	run inspect c1
	echo "$output"
	[ "$(jq -r .state <<<"$output")" = CONTAINER_EXITED ]
	[ "$(jq -r .exit_code <<<"$output")" = 7 ]
}

@test "cri: pid namespace POD: the container sees the sandbox's processes" {
	pod_json p2 '.namespaces = {pid: "POD"}'
	runp p2
	ctr_create p2 c6 '.command = ["/bin/sleep", "1000000"] | .security = {namespaces: {pid: "POD"}}'
	local pid spid
	pid=$(pid_of c6)
	spid=$(podpid_of p2)
	[ "$(ns_of "$pid" pid)" = "$(ns_of "$spid" pid)" ]
	[ "$(ns_of "$pid" ipc)" = "$(ns_of "$spid" ipc)" ]
	run exec_ c6 /bin/sh -c 'cat /proc/1/cmdline | tr "\0" " "'
	echo "$output"
	[[ $output == "/bin/sh -c trap \"exit 0\" TERM; sleep 1000000 & wait"* ]]
}

@test "cri: a privileged container in a privileged pod: all capabilities, no seccomp, nothing masked" {
	pod_json p3 '.privileged = true'
	runp p3
	ctr_create p3 c7 '.command = ["/bin/sleep", "1000000"] | .security = {privileged: true}'
	run exec_ c7 grep -E '^(CapEff|Seccomp):' /proc/1/status
	echo "$output"
	[[ ${lines[0]} == "CapEff:"*"$(awk '/^CapEff:/ { print $2 }' /proc/self/status)" ]]
	[[ ${lines[1]} == "Seccomp:"*0 ]]
	run exec_ c7 stat -c '%t:%T' /proc/timer_list
	[ "$output" = 0:0 ]
	run exec_ c7 grep -c ' /proc/sys .*[ ,]ro[, ]' /proc/self/mountinfo
	[ "$output" = 0 ]
}

@test "cri: a container that exits by itself: EXITED with its code (Error), 0 is Completed" {
	ctr_create p1 c8 '.command = ["/bin/sh", "-c", "exit 5"]' || true
	wait_for state_is c8 CONTAINER_EXITED
	run inspect c8
	echo "$output"
	[ "$(jq -r .exit_code <<<"$output")" = 5 ]
	[ "$(jq -r .reason <<<"$output")" = Error ]
	ctr_create p1 c9 '.command = ["/bin/true"]' || true
	wait_for state_is c9 CONTAINER_EXITED
	run inspect c9
	echo "$output"
	[ "$(jq -r .exit_code <<<"$output")" = 0 ]
	[ "$(jq -r .reason <<<"$output")" = Completed ]
}

@test "cri: capabilities add/drop, no_new_privs, run_as_group and supplemental groups, env, cwd, a read-only hostPath" {
	mkdir -p "$CW/vol"
	echo in-volume >"$CW/vol/f"
	ctr_create p1 c10 '.command = ["/bin/sleep", "1000000"] | .working_dir = "/tmp" | .envs = {FOO: "bar baz"} |
		.mounts = [{container_path: "/vol", host_path: "'"$CW/vol"'", readonly: true}] |
		.security = {cap_add: ["NET_ADMIN"], cap_drop: ["CHOWN"], no_new_privs: true,
			run_as_user: 1000, run_as_group: 2000, supplemental_groups: [3000]}'
	run exec_ c10 /bin/sh -c 'id; pwd; echo "FOO=$FOO"; grep ^NoNewPrivs: /proc/1/status; grep ^CapBnd: /proc/1/status; cat /vol/f'
	echo "$output"
	[ "$status" -eq 0 ]
	[[ ${lines[0]} == "uid=1000 gid=2000 groups=2000,3000"* ]] || [[ ${lines[0]} == "uid=1000 gid=2000 groups=3000"* ]]
	[ "${lines[1]}" = /tmp ]
	[ "${lines[2]}" = "FOO=bar baz" ]
	[[ ${lines[3]} == "NoNewPrivs:"*1 ]]
	local bnd=$((16#$(awk '{ print $2 }' <<<"${lines[4]}")))
	[ $((bnd & (1 << 12))) -ne 0 ] # CAP_NET_ADMIN added
	[ $((bnd & 1)) -eq 0 ]         # CAP_CHOWN dropped
	[ $((bnd & (1 << 21))) -eq 0 ] # no CAP_SYS_ADMIN (not in containerd's default set)
	[ "${lines[5]}" = in-volume ]
	run exec_ c10 /bin/sh -c 'echo x > /vol/g'
	echo "$output"
	[ "$status" -ne 0 ]
	[[ $output == *"Read-only file system"* ]]
	[ ! -e "$CW/vol/g" ]
}

@test "cri: pod sysctl kernel.shm_rmid_forced reaches the containers (shared ipc namespace)" {
	pod_json p4 '.sysctls = {"kernel.shm_rmid_forced": "1"}'
	runp p4
	ctr_create p4 c11 '.command = ["/bin/sleep", "1000000"]'
	[ "$(cat /proc/sys/kernel/shm_rmid_forced)" = 0 ]
	run exec_ c11 cat /proc/sys/kernel/shm_rmid_forced
	[ "$output" = 1 ]
}

@test "cri: a memory hog is OOM-killed: EXITED, reason OOMKilled" {
	ctr_create p1 c12 '.command = ["/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1"] |
		.resources = {memory_limit_in_bytes: 33554432}' || true
	wait_for state_is c12 CONTAINER_EXITED
	run inspect c12
	echo "$output"
	[ "$(jq -r .exit_code <<<"$output")" = 137 ]
	[ "$(jq -r .reason <<<"$output")" = OOMKilled ]
}

@test "cri: StopPodSandbox kills the running containers of the pod; RemovePodSandbox removes them" {
	pod_json p5
	runp p5
	ctr_create p5 c13 '.command = ["/bin/sleep", "1000000"]'
	local pid
	pid=$(pid_of c13)
	run cri_ stopp "$(id_of p5)"
	echo "$output"
	[ "$status" -eq 0 ]
	run inspect c13
	echo "$output"
	[ "$(jq -r .state <<<"$output")" = CONTAINER_EXITED ]
	[ ! -e "/proc/$pid" ] || [ "$(awk '/^State:/ { print $2 }' "/proc/$pid/status")" = Z ]
	run cri_ rmp "$(id_of p5)"
	[ "$status" -eq 0 ]
	run cri_ ps -pod "$(id_of p5)"
	[ "$output" = "[]" ]
	[ ! -e "$RTROOT/k8s.io/$(id_of c13)" ]
	[ ! -e "$RTROOT/k8s.io/$(id_of p5)" ]
}

@test "cri: host pid namespace (NODE): stopping the container kills the processes it left behind" {
	pod_json p6 '.namespaces = {pid: "NODE"}'
	runp p6
	ctr_create p6 c14 '.command = ["/bin/sh", "-c", "trap \"exit 0\" TERM; sleep 1000456 & sleep 1000000 & wait"] |
		.security = {namespaces: {pid: "NODE"}}'
	local pid
	pid=$(pid_of c14)
	[ "$(ns_of "$pid" pid)" = "$(ns_of $$ pid)" ]
	wait_for pgrep -f "sleep 1000456"
	run cri_ stop "$(id_of c14)" 10
	[ "$status" -eq 0 ]
	run inspect c14
	echo "$output"
	[ "$(jq -r .state <<<"$output")" = CONTAINER_EXITED ]
	[ "$(jq -r .exit_code <<<"$output")" = 0 ]
	# the shim runs `rt kill --all ID SIGKILL` for a container without its own pid namespace
	wait_for gone "sleep 1000456"
}

@test "cri: a tty container: output in the CRI log, a terminal, ExecSync into it" {
	ctr_create p1 c15 '.tty = true | .command = ["/bin/sh", "-c", "echo tty-out; tty; exec sleep 1000000"]'
	local log
	log=$(inspect c15 | jq -r .log_path)
	wait_for grep -q /dev/pts/0 "$log"
	cat -A "$log"
	grep -Eq '^[^ ]+ stdout F tty-out' "$log"
	grep -Eq '^[^ ]+ stdout F /dev/pts/0' "$log"
	run exec_ c15 /bin/sh -c 'echo exec-in-tty-ctr; exit 2'
	[ "$status" -eq 2 ]
	[ "$output" = exec-in-tty-ctr ]
}

@test "cri: a device (host /dev/null as /dev/xnull, rwm): node and device cgroup" {
	ctr_create p1 c16 '.command = ["/bin/sleep", "1000000"] |
		.devices = [{container_path: "/dev/xnull", host_path: "/dev/null", permissions: "rwm"}]'
	run exec_ c16 /bin/sh -c 'stat -c %t:%T /dev/xnull && echo hi > /dev/xnull && echo written'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 1:3 ]
	[ "${lines[1]}" = written ]
	grep -qx 'c 1:3 rwm' "$(cgroup_dir_of "$(pid_of c16)" devices)/devices.list"
}

@test "cri: mount propagation: HOST_TO_CONTAINER (rslave) sees a later host mount; BIDIRECTIONAL (rshared) shows the container's mount on the host" {
	# containerd requires the host path to be a shared (or, for HOST_TO_CONTAINER, slave) mount
	mkdir -p "$CW/prop"
	mount --bind "$CW/prop" "$CW/prop"
	mount --make-shared "$CW/prop"
	mkdir -p "$CW/prop/late" "$CW/prop/fromctr"
	ctr_create p3 c17 '.command = ["/bin/sleep", "1000000"] |
		.mounts = [{container_path: "/prop", host_path: "'"$CW/prop"'", propagation: 1}]'
	ctr_create p3 c18 '.command = ["/bin/sleep", "1000000"] | .security = {privileged: true} |
		.mounts = [{container_path: "/prop", host_path: "'"$CW/prop"'", propagation: 2}]'
	mount -t tmpfs -o size=1m rtcri-late "$CW/prop/late"
	echo late >"$CW/prop/late/f"
	run exec_ c17 cat /prop/late/f
	echo "$output"
	[ "$output" = late ]
	run exec_ c17 grep -c ' /prop/late .* - tmpfs rtcri-late ' /proc/self/mountinfo
	[ "$output" = 1 ]
	run exec_ c18 mount -t tmpfs -o size=1m rtcri-fromctr /prop/fromctr
	echo "$output"
	[ "$status" -eq 0 ]
	run grep -c " $CW/prop/fromctr .* - tmpfs rtcri-fromctr " /proc/self/mountinfo
	[ "$output" = 1 ]
	# and, rslave, c17 sees it as well; a mount c17 cannot make (no CAP_SYS_ADMIN) is moot
	run exec_ c17 grep -c ' /prop/fromctr .* - tmpfs rtcri-fromctr ' /proc/self/mountinfo
	[ "$output" = 1 ]
	umount "$CW/prop/fromctr" "$CW/prop/late"
}

@test "cri: ExecSync of a missing binary fails naming it; a missing working_dir is created" {
	run cri_ exec "$(id_of c3)" /no/such/binary
	echo "$output"
	[ "$status" -ne 0 ]
	[[ $output == *"/no/such/binary"*"no such file or directory"* ]]
	ctr_create p1 c19 '.command = ["/bin/sleep", "1000000"] | .working_dir = "/work/dir"'
	run exec_ c19 pwd
	[ "$output" = /work/dir ]
}

@test "cri: host ipc namespace (NODE)" {
	pod_json p7 '.namespaces = {ipc: "NODE"}'
	runp p7
	ctr_create p7 c20 '.command = ["/bin/sleep", "1000000"] | .security = {namespaces: {ipc: "NODE"}}'
	[ "$(ns_of "$(pid_of c20)" ipc)" = "$(ns_of $$ ipc)" ]
	[ "$(ns_of "$(pid_of c20)" pid)" != "$(ns_of $$ pid)" ]
}

@test "cri: RemoveContainer, StopPodSandbox, RemovePodSandbox leave no state, cgroup or process" {
	local ids=() p c id
	for p in p1 p2 p3 p4 p6 p7; do
		ids+=("$(id_of "$p")")
	done
	for c in c1 c2 c3 c4 c5 c6 c7 c8 c9 c10 c11 c12 c14 c15 c16 c17 c18 c19 c20; do
		ids+=("$(id_of "$c")")
		cri_ stop "$(id_of "$c")" 0
		cri_ rm "$(id_of "$c")"
	done
	for p in p1 p2 p3 p4 p6 p7; do
		cri_ stopp "$(id_of "$p")"
		cri_ rmp "$(id_of "$p")"
	done
	run cri_ ps
	echo "$output"
	[ "$output" = "[]" ]
	# no rt state left in the shim's Root
	run ls -A "$RTROOT/k8s.io"
	echo "$output"
	[ -z "$output" ]
	for id in "${ids[@]}"; do
		# (other suites' cgroups come and go meanwhile: find's errors are not ours)
		run --separate-stderr find /sys/fs/cgroup/ -maxdepth 5 -type d -name "$id"
		echo "$output"
		[ -z "$output" ]
		run pgrep -f "$id"
		echo "$output"
		[ "$status" -ne 0 ]
	done
	: >"$CW/pods"
}
