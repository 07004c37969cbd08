#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# rt as Podman's runtime (podman 4.3 + conmon), private root/runroot/tmpdir and containers.conf.

load helpers

setup_file() {
	podman_setup_file
}

teardown_file() {
	podman_teardown_file
}

@test "podman: the runtime is rt" {
	run podman_ info --format '{{.Host.OCIRuntime.Path}} {{.Host.OCIRuntime.Version}}'
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output == "$RT rt version"* ]]
	# podman passes no --root: rt's state is in its default root while the container exists
	podman_ run -d --name probe localhost/bb sleep 100
	id=$(podman_ inspect probe --format '{{.Id}}')
	[ "$("$RT" state "$id" | jq -r .status)" = running ]
	podman_ rm -f -t 0 probe
	run "$RT" state "$id"
	[ "$status" -ne 0 ]
}

@test "podman: run --rm IMG echo hi" {
	run podman_ run --rm localhost/bb echo hi
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = hi ]
}

@test "podman: run -it IMG sh in a terminal, exit 7" {
	tmux_run "$(podman_cmd) run -it --rm localhost/bb sh"
	tmux_wait_for '#'
	tmux_priv send-keys 'tty; stty size; echo typed-$((6 * 7))' Enter
	tmux_wait_for typed-42
	tmux_priv send-keys 'exit 7' Enter
	run tmux_rc
	tmux_priv capture-pane -p
	[ "$output" = 7 ]
	tmux_priv capture-pane -p | grep -qx '/dev/pts/0'
	tmux_priv capture-pane -p | grep -qx '30 120'
}

@test "podman: run -d --memory 64m --pids-limit 20, limits seen inside and on the host" {
	run podman_ run -d --name det --memory 64m --pids-limit 20 localhost/bb sleep 1000
	echo "$output"
	[ "$status" -eq 0 ]
	run podman_ exec det sh -c 'cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max; ulimit -n'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 67108864 ]
	[ "${lines[1]}" = 20 ]
	[ "${lines[2]}" = 20000 ]
	pid=$(podman_ inspect det --format '{{.State.Pid}}')
	[ "$(cat "$(cgroup_dir_of "$pid" memory)/memory.limit_in_bytes")" = 67108864 ]
	[ "$(cat "$(cgroup_dir_of "$pid" pids)/pids.max")" = 20 ]
	[[ $(cgroup_dir_of "$pid" memory) == */libpod_parent/libpod-* ]]
}

@test "podman: --pids-limit 20: the 21st process cannot be forked" {
	# in its own container: orphans left by a failed fork would stay zombies under sleep as pid 1
	run podman_ run --rm --pids-limit 20 localhost/bb sh -c 'for i in $(seq 30); do sleep 1 & done; wait'
	echo "$output"
	[[ $output == *"can't fork"* ]]
}

@test "podman: ps and inspect show the running container" {
	run podman_ ps --format '{{.Names}} {{.Status}}'
	echo "$output"
	[[ $output == *"det Up "* ]]
	run podman_ inspect det --format '{{.State.Status}} {{.State.Running}}'
	[ "$output" = "running true" ]
}

@test "podman: exec, exit code and a process that outlives rt exec --detach" {
	run podman_ exec det sh -c 'echo first; sleep 0.5; echo second; exit 3'
	echo "$output"
	[ "$status" -eq 3 ]
	[ "${lines[0]}" = first ]
	[ "${lines[1]}" = second ]
}

@test "podman: exec -it gets a terminal and its exit code" {
	run script -qec "$(podman_cmd) exec -it det sh -c 'tty; stty size; exit 4'" /dev/null
	echo "$output"
	[ "$status" -eq 4 ]
	[[ $output == */dev/pts/* ]]
}

@test "podman: pause and unpause" {
	pid=$(podman_ inspect det --format '{{.State.Pid}}')
	freezer=$(cgroup_dir_of "$pid" freezer)
	run podman_ pause det
	[ "$status" -eq 0 ]
	[ "$(podman_ inspect det --format '{{.State.Status}}')" = paused ]
	[[ $(podman_ ps -a --format '{{.Names}} {{.Status}}') == *"det Paused"* ]]
	[ "$(cat "$freezer/freezer.state")" = FROZEN ]
	run podman_ unpause det
	[ "$status" -eq 0 ]
	[ "$(podman_ inspect det --format '{{.State.Status}}')" = running ]
	[ "$(cat "$freezer/freezer.state")" = THAWED ]
	run podman_ exec det echo alive
	[ "$output" = alive ]
}

@test "podman: stats --no-stream reads the container's cgroup" {
	run podman_ stats --no-stream --format '{{.Name}} {{.MemUsage}}' det
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output == "det "*"/ 67.11MB" ]]
}

@test "podman: stop sends TERM, then KILL after the timeout (sleep ignores TERM as pid 1)" {
	start=$(date +%s%N)
	run podman_ stop -t 1 det
	echo "$output"
	end=$(date +%s%N)
	[ "$status" -eq 0 ]
	[ $(((end - start) / 1000000)) -ge 900 ]
	run podman_ inspect det --format '{{.State.Status}} {{.State.ExitCode}}'
	[ "$output" = "exited 137" ]
	run podman_ ps -a --format '{{.Names}} {{.Status}}'
	[[ $output == *"det Exited (137)"* ]]
}

@test "podman: stop of a shell that exits on TERM" {
	podman_ run -d --name term localhost/bb sh -c 'trap "exit 0" TERM; while :; do sleep 0.1; done'
	start=$(date +%s%N)
	run podman_ stop -t 10 term
	end=$(date +%s%N)
	[ "$status" -eq 0 ]
	[ $(((end - start) / 1000000)) -lt 5000 ]
	[ "$(podman_ inspect term --format '{{.State.Status}} {{.State.ExitCode}}')" = "exited 0" ]
	podman_ rm term
}

@test "podman: rm" {
	run podman_ rm det
	[ "$status" -eq 0 ]
	run podman_ ps -a --format '{{.Names}}'
	[[ $output != *det* ]]
	run podman_ inspect det
	[ "$status" -ne 0 ]
}

@test "podman: OOM kill gives 137" {
	run podman_ run --name oom --memory 32m --memory-swap 32m localhost/bb sh -c 'x=$(head -c 100000000 /dev/zero | tr "\0" a); echo survived'
	echo "$output"
	[ "$status" -eq 137 ]
	[[ $output != *survived* ]]
	[ "$(podman_ inspect oom --format '{{.State.ExitCode}}')" = 137 ]
	podman_ rm oom
}

@test "podman: a missing executable exits 127 with rt's message" {
	run -127 podman_ run --rm localhost/bb /no/such/binary
	echo "$output"
	[[ $output == *'rt: exec: "/no/such/binary"'*"no such file or directory"* ]]
	run -127 podman_ run --rm localhost/bb no-such-command
	[[ $output == *'"no-such-command": executable file not found in $PATH'* ]]
}

@test "podman: a bad mount fails with an error naming the mount" {
	# a file bound onto a directory of the image: podman accepts it, rt refuses it
	run podman_ run --rm -v /etc/hostname:/tmp localhost/bb true
	echo "$output"
	[ "$status" -ne 0 ]
	[[ $output == *"OCI runtime error: rt: mount 'bind' on '/tmp' (mounts["* ]]
}

@test "podman: --cgroups=disabled runs in the caller's cgroups (--cgroup-manager disabled)" {
	run podman_ run --rm --cgroups=disabled localhost/bb sh -c 'grep -E "^[0-9]+:memory:" /proc/1/cgroup'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "$(grep -E '^[0-9]+:memory:' /proc/self/cgroup)" ]
	[[ $output != *libpod* ]]
}

@test "podman: --device and --privileged (device fileMode with type bits)" {
	run podman_ run --rm --device /dev/fuse localhost/bb ls -l /dev/fuse
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output == c*" 10, "*229*/dev/fuse ]]
	run podman_ run --rm --privileged localhost/bb sh -c 'grep CapEff /proc/self/status; ls /dev/fuse'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$(grep CapBnd /proc/self/status | sed 's/CapBnd/CapEff/')" ]
	[ "${lines[1]}" = /dev/fuse ]
}

@test "podman: --user 65534 reopens /dev/stdout and /dev/stderr (conmon's pipes), -t its pty; --privileged keeps /dev/ptmx the link to pts/ptmx" {
	run podman_ run --rm --user 65534:65534 localhost/bb sh -c 'echo out >/dev/stdout && echo err >/dev/stderr && echo done'
	echo "$output"
	[ "$status" -eq 0 ]
	# (two pipes: the lines may come in any order)
	[ "$(sort <<<"$output" | tr '\n' ' ')" = "done err out " ]
	run podman_ run --rm -t --user 65534:65534 localhost/bb sh -c 'echo tty >/dev/stdout && echo done'
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output == *tty*done* ]]
	run podman_ run --rm --privileged localhost/bb readlink /dev/ptmx
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = pts/ptmx ]
}

@test "podman: a volume, --user, --read-only, --tmpfs, -e, -w, --hostname" {
	mkdir -p "$CW/vol"
	echo from-host >"$CW/vol/in"
	chmod 644 "$CW/vol/in"
	run podman_ run --rm -v "$CW/vol:/data" --user 65534:65534 --read-only --tmpfs /scratch:size=1m \
		-e FOO=bar -w /scratch --hostname hh localhost/bb \
		sh -c 'id -u; echo $FOO; pwd; hostname; touch /x 2>/dev/null || echo ro; touch /scratch/y && echo tmpfs-ok; cat /data/in'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "$(printf '65534\nbar\n/scratch\nhh\nro\ntmpfs-ok\nfrom-host')" ]
}
