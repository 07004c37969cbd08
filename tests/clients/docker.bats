#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# rt as a Docker 20.10 runtime (dockerd --add-runtime rt=RT, its managed containerd and the
# runc v2 shim), with a private data-root, exec-root, socket and daemon.json.

load helpers

setup_file() {
	docker_setup_file
}

teardown_file() {
	docker_teardown_file
}

R=(--runtime rt --network none)
# the state root the shim gives every runc v2 runtime (docker 20.10: runtime-runc for all)
rt_root() { echo "$CW/exec/runtime-runc/moby"; }

@test "docker: the daemon knows the runtime rt" {
	run docker_ info --format '{{json .Runtimes}}'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(jq -r .rt.path <<<"$output")" = "$RT" ]
}

@test "docker: run --rm echo hi" {
	run docker_ run --rm "${R[@]}" bb:local echo hi
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = hi ]
}

@test "docker: run -d --memory 64m --pids-limit 20 --ulimit nofile=20000:20000" {
	run docker_ run -d --name det "${R[@]}" --memory 64m --pids-limit 20 --ulimit nofile=20000:20000 \
		bb:local sleep 1000
	echo "$output"
	[ "$status" -eq 0 ]
	id=$output
	[ "$(docker_ inspect -f '{{.State.Status}} {{.HostConfig.Runtime}}' det)" = "running rt" ]
	run "$RT" --root "$(rt_root)" state "$id"
	echo "$output"
	[ "$(jq -r .status <<<"$output")" = running ]
}

@test "docker: exec sees the limits; exit code; a process outliving rt exec --detach" {
	run docker_ exec det sh -c 'ulimit -n; cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max'
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 20000 ]
	[ "${lines[1]}" = 67108864 ]
	[ "${lines[2]}" = 20 ]
	run docker_ exec det sh -c 'echo a; sleep 0.5; echo b; exit 6'
	echo "$output"
	[ "$status" -eq 6 ]
	[ "$output" = "a"$'\n'"b" ]
}

@test "docker: exec -it in a real terminal" {
	run script -qec "$DOCKER exec -it det sh -c 'tty; stty size; exit 5'" /dev/null
	echo "$output"
	[ "$status" -eq 5 ]
	[[ $output == */dev/pts/* ]]
	tmux_run "$DOCKER exec -it det sh"
	tmux_wait_for '#'
	tmux_priv send-keys 'stty size; echo typed-$((6 * 7))' Enter
	tmux_wait_for typed-42
	tmux_priv send-keys 'exit 3' Enter
	run tmux_rc
	tmux_priv capture-pane -p
	[ "$output" = 3 ]
	tmux_priv capture-pane -p | grep -qx '30 120'
}

@test "docker: run -it in a real terminal, exit 7" {
	tmux_run "$DOCKER run -it --rm --runtime rt --network none bb:local sh"
	tmux_wait_for '#'
	tmux_priv send-keys 'tty; echo typed-$((6 * 7))' Enter
	tmux_wait_for typed-42
	tmux_priv send-keys 'exit 7' Enter
	run tmux_rc
	tmux_priv capture-pane -p
	[ "$output" = 7 ]
	tmux_priv capture-pane -p | grep -qx '/dev/pts/0'
}

@test "docker: pause and unpause" {
	pid=$(docker_ inspect -f '{{.State.Pid}}' det)
	run docker_ pause det
	[ "$status" -eq 0 ]
	[ "$(docker_ inspect -f '{{.State.Status}}' det)" = paused ]
	[ "$(cat "$(cgroup_dir_of "$pid" freezer)/freezer.state")" = FROZEN ]
	run docker_ unpause det
	[ "$status" -eq 0 ]
	[ "$(docker_ inspect -f '{{.State.Status}}' det)" = running ]
	[ "$(cat "$(cgroup_dir_of "$pid" freezer)/freezer.state")" = THAWED ]
}

@test "docker: stats --no-stream" {
	run docker_ stats --no-stream --format '{{.Name}} {{.MemUsage}} {{.PIDs}}' det
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output == "det "*" / 64MiB 1" ]]
}

@test "docker: top (rt ps --format json)" {
	pid=$(docker_ inspect -f '{{.State.Pid}}' det)
	run docker_ top det
	echo "$output"
	[ "$status" -eq 0 ]
	[[ ${lines[1]} == root*" $pid "*"sleep 1000" ]]
}

@test "docker: update --memory" {
	run docker_ update --memory 96m --memory-swap 192m det
	echo "$output"
	[ "$status" -eq 0 ]
	run docker_ exec det cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes
	[ "${lines[0]}" = 100663296 ]
	[ "${lines[1]}" = 201326592 ]
	[[ $(docker_ stats --no-stream --format '{{.MemUsage}}' det) == *" / 96MiB" ]]
}

@test "docker: stop (TERM, then KILL after -t 1), rm" {
	id=$(docker_ inspect -f '{{.Id}}' det)
	run docker_ stop -t 1 det
	[ "$status" -eq 0 ]
	[ "$(docker_ inspect -f '{{.State.Status}} {{.State.ExitCode}}' det)" = "exited 137" ]
	# the shim deleted rt's state
	[ ! -e "$(rt_root)/$id" ]
	run docker_ rm det
	[ "$status" -eq 0 ]
	run docker_ ps -aq
	[ -z "$output" ]
}

@test "docker: OOM kill gives 137 and OOMKilled" {
	run docker_ run --name oom "${R[@]}" --memory 32m --memory-swap 32m bb:local \
		sh -c 'x=$(head -c 100000000 /dev/zero | tr "\0" a); echo survived'
	echo "$output"
	[ "$status" -eq 137 ]
	[[ $output != *survived* ]]
	[ "$(docker_ inspect -f '{{.State.ExitCode}} {{.State.OOMKilled}}' oom)" = "137 true" ]
	docker_ rm oom
}

@test "docker: a missing executable exits 127 with rt's message" {
	run -127 docker_ run --rm "${R[@]}" bb:local /no/such/binary
	echo "$output"
	[[ $output == *'OCI runtime create failed: exec: "/no/such/binary": stat /no/such/binary: no such file or directory'* ]]
}

@test "docker: the shim's delete --force of an already-deleted id exits 0" {
	id=$(docker_ run -d "${R[@]}" bb:local true)
	docker_ wait "$id"
	docker_ rm "$id"
	[ ! -e "$(rt_root)/$id" ]
	run "$RT" --root "$(rt_root)" --log "$CW/force.json" --log-format json delete --force "$id"
	echo "$output"
	[ "$status" -eq 0 ]
	[ ! -s "$CW/force.json" ] || ! grep -q '"level":"error"' "$CW/force.json"
	# and without --force it is an error the shim recognises ("does not exist")
	run "$RT" --root "$(rt_root)" delete "$id"
	[ "$status" -ne 0 ]
	[[ $output == *"does not exist"* ]]
	# (dockerd.log may still show "failed to remove runc container ... exit status 255" from
	# the shim's cleanup: a race between containerd 1.6's SIGCHLD reaper and go-runc's wait,
	# seen with runc as the runtime as well; not the runtime's exit code.)
}

@test "docker: --device, --init, kill -s HUP, restart" {
	run docker_ run --rm "${R[@]}" --device /dev/fuse bb:local ls -l /dev/fuse
	echo "$output"
	[ "$status" -eq 0 ]
	[[ $output == c*" 10, "*229*/dev/fuse ]]
	# (no --privileged: docker asks for every capability the kernel knows, and this host's bounding
	# set lacks CAP_SYS_RESOURCE, so capset fails with EPERM in runc and crun as in rt)
	run docker_ run --rm "${R[@]}" --init bb:local sh -c 'cat /proc/1/comm'
	echo "$output"
	[[ $output == *init* || $output == tini* ]]
	docker_ run -d --name hup "${R[@]}" bb:local sh -c 'trap "echo got-hup" HUP; while :; do sleep 0.1; done'
	docker_ kill -s HUP hup
	wait_for sh -c "$DOCKER logs hup | grep -q got-hup"
	run docker_ restart -t 1 hup
	[ "$status" -eq 0 ]
	[ "$(docker_ inspect -f '{{.State.Status}}' hup)" = running ]
	docker_ rm -f hup
}
