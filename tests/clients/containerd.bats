#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# rt as the runtime of containerd 1.6's runc v2 shim, driven by ctr (--runc-binary), with a
# private daemon (root, state, sockets under $CW) and a namespace of our own.

load helpers

setup_file() {
	clients_require containerd ctr script tmux
	[ -z "$CLIENTS_SKIP" ] || return 0
	clients_workdir
	export NS=rtc${CW##*.}
	# hard-coded by containerd 1.6 / the shim, outside the private state dir
	clients_note_paths /run/containerd /run/containerd/s /run/containerd/fifo /run/containerd/runc \
		"/run/containerd/runc/$NS"
	clients_note_cgroups "$NS"
	clients_rootfs "$CW/bb"
	clients_oci_archive "$CW/bb.tar" "$CW/bb-oci.tar" localhost/bb:latest
	mkdir -p "$CW/ctrd"
	cat >"$CW/ctrd/config.toml" <<-EOF
		version = 2
		root = "$CW/ctrd/root"
		state = "$CW/ctrd/state"
		disabled_plugins = ["io.containerd.grpc.v1.cri"]
		[grpc]
		  address = "$CW/ctrd/c.sock"
		[ttrpc]
		  address = "$CW/ctrd/c.sock.ttrpc"
		[debug]
		  address = "$CW/ctrd/debug.sock"
	EOF
	containerd --config "$CW/ctrd/config.toml" >"$CW/ctrd/containerd.log" 2>&1 &
	echo $! >"$CW/ctrd/containerd.pid"
	wait_for ctr_ version
}

teardown_file() {
	if [ -z "${CW:-}" ]; then return 0; fi
	tmux_priv kill-server 2>/dev/null || true
	local t c
	for t in $(ctr_ task ls -q 2>/dev/null); do
		ctr_ task kill -s SIGKILL "$t" 2>/dev/null
		sleep 0.2
		ctr_ task rm -f "$t" 2>/dev/null
	done
	for c in $(ctr_ container ls -q 2>/dev/null); do
		ctr_ container rm "$c" 2>/dev/null
	done
	ctr_ image rm localhost/bb:latest >/dev/null 2>&1
	clients_stop_pid "$(cat "$CW/ctrd/containerd.pid" 2>/dev/null)"
	umount -R "$CW/ctrd/root" 2>/dev/null || true
	clients_cleanup_paths
	rm -rf --one-file-system "$CW"
}

ctr_() { ctr --address "$CW/ctrd/c.sock" -n "$NS" "$@"; }

# ctr_run_rootfs ID [FLAG...] -- CMD...: ctr run with rt as the runc binary and the busybox
# rootfs (--rootfs gives no image config, so no PATH: absolute paths below).
ctr_run_rootfs() {
	local id=$1 flags=()
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		flags+=("$1")
		shift
	done
	shift
	ctr_ run --runc-binary "$RT" "${flags[@]}" --rootfs "$CW/bb/rootfs" "$id" "$@"
}

task_status() { ctr_ task ls | awk -v id="$1" '$1 == id { print $3 }'; }
task_pid() { ctr_ task ls | awk -v id="$1" '$1 == id { print $2 }'; }

@test "containerd: ctr run --rm --runc-binary rt --rootfs DIR" {
	run ctr_run_rootfs t1 --rm -- /bin/sh -c 'echo hi; echo pid=$$'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = hi ]
	[ "${lines[1]}" = pid=1 ]
	# the runc root the shim passes (--root /run/containerd/runc/<ns>) held rt's state
	[ -d "/run/containerd/runc/$NS" ]
	[ ! -e "/run/containerd/runc/$NS/t1" ]
}

@test "containerd: run --rm passes the exit code" {
	run ctr_run_rootfs t1b --rm -- /bin/sh -c 'exit 5'
	[ "$status" -eq 5 ]
}

@test "containerd: run -d --memory-limit, task ls RUNNING, limit on the host" {
	run ctr_run_rootfs t2 -d --memory-limit 67108864 -- /bin/sleep 1000
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(task_status t2)" = RUNNING ]
	pid=$(task_pid t2)
	[ "$(cgroup_dir_of "$pid" memory)" = "/sys/fs/cgroup/memory/$NS/t2" ]
	[ "$(cat "/sys/fs/cgroup/memory/$NS/t2/memory.limit_in_bytes")" = 67108864 ]
	# rt's state as the shim sees it
	run "$RT" --root "/run/containerd/runc/$NS" state t2
	echo "$output"
	[ "$(jq -r .status <<<"$output")" = running ]
	[ "$(jq -r .pid <<<"$output")" = "$pid" ]
}

@test "containerd: task exec, output and exit code; the process outlives rt exec --detach" {
	run ctr_ task exec --exec-id e1 t2 /bin/sh -c 'echo exec-ok; sleep 0.5; echo still-here; exit 3'
	echo "$output"
	[ "$status" -eq 3 ]
	[ "${lines[0]}" = exec-ok ]
	[ "${lines[1]}" = still-here ]
}

@test "containerd: task exec -t (through script) gets a terminal" {
	run script -qec "ctr --address $CW/ctrd/c.sock -n $NS task exec -t --exec-id e2 t2 /bin/sh -c 'tty; exit 4'" /dev/null
	echo "$output"
	[ "$status" -eq 4 ]
	[[ $output == */dev/pts/0* ]]
}

@test "containerd: task pause and resume" {
	pid=$(task_pid t2)
	run ctr_ task pause t2
	[ "$status" -eq 0 ]
	[ "$(task_status t2)" = PAUSED ]
	[ "$(cat "$(cgroup_dir_of "$pid" freezer)/freezer.state")" = FROZEN ]
	run ctr_ task resume t2
	[ "$status" -eq 0 ]
	[ "$(task_status t2)" = RUNNING ]
	[ "$(cat "$(cgroup_dir_of "$pid" freezer)/freezer.state")" = THAWED ]
}

@test "containerd: task metrics" {
	run ctr_ task metrics t2
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output == *"memory.limit_in_bytes"*67108864* ]]
	[[ $output == *"pids.current "* ]]
}

@test "containerd: task ps (rt ps --format json)" {
	run ctr_ task ps t2
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(awk 'NR == 2 { print $1 }' <<<"$output")" = "$(task_pid t2)" ]
}

@test "containerd: task kill, rm, container rm" {
	run ctr_ task kill -s SIGKILL t2
	[ "$status" -eq 0 ]
	wait_for test "$(task_status t2)" = STOPPED
	run ctr_ task rm t2
	echo "$output"
	[ "$status" -eq 0 ]
	run ctr_ container rm t2
	[ "$status" -eq 0 ]
	[ -z "$(ctr_ container ls -q)" ]
	[ ! -e "/run/containerd/runc/$NS/t2" ]
	[ ! -d "/sys/fs/cgroup/memory/$NS/t2" ]
}

@test "containerd: an OCI image imported and run with the overlayfs snapshotter" {
	run ctr_ image import --snapshotter overlayfs "$CW/bb-oci.tar"
	echo "$output"
	[ "$status" -eq 0 ]
	run ctr_ run --rm --snapshotter overlayfs --runc-binary "$RT" localhost/bb:latest t3 \
		sh -c 'echo from-image; grep " / " /proc/self/mountinfo'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = from-image ]
	[[ ${lines[1]} == *" / "*" - overlay "* ]]
}

@test "containerd: a failed create shows rt's error from the --log JSON" {
	run ctr_run_rootfs t4 --rm -- /no/such/binary
	echo "$output"
	[ "$status" -ne 0 ]
	[[ $output == *'OCI runtime create failed: exec: "/no/such/binary": stat /no/such/binary: no such file or directory'* ]]
	run ctr_ container ls -q
	[[ $output != *t4* ]] || ctr_ container rm t4
}

@test "containerd: a bad mount shows rt's error naming the mount" {
	run ctr_ run --rm --runc-binary "$RT" --mount type=bind,src=/etc/hostname,dst=/tmp,options=rbind \
		--rootfs "$CW/bb/rootfs" t5 /bin/true
	echo "$output"
	[ "$status" -ne 0 ]
	[[ $output == *"OCI runtime create failed: mount 'bind' on '/tmp' (mounts["* ]]
	ctr_ container rm t5 2>/dev/null || true
}

@test "containerd: run -t in a terminal, exit 5" {
	tmux_run "ctr --address $CW/ctrd/c.sock -n $NS run -t --rm --runc-binary $RT --rootfs $CW/bb/rootfs t6 /bin/sh"
	tmux_wait_for '#'
	tmux_priv send-keys 'tty; echo typed-$((6 * 7))' Enter
	tmux_wait_for typed-42
	tmux_priv send-keys 'exit 5' Enter
	run tmux_rc
	tmux_priv capture-pane -p
	[ "$output" = 5 ]
	tmux_priv capture-pane -p | grep -qx '/dev/pts/0'
}
