#!/usr/bin/env bats
# rt exec: a new process in a running container's namespaces and cgroup.

load helpers

@test "exec: runs in the container's namespaces, exit code passes through" {
	run_waiting
	pid=$(rt_state "$ID" | jq -r .pid)
	runrt exec "$ID" /probe ns
	assert_success
	for ns in pid net ipc uts mnt; do
		assert_probe "ns.$ns" "$(stat -L -c %i "/proc/$pid/ns/$ns")"
	done
	runrt exec "$ID" sh -c 'exit 5'
	assert_status 5
}

@test "exec: the process is in the container's cgroup" {
	run_waiting
	pid=$(rt_state "$ID" | jq -r .pid)
	runrt exec "$ID" /probe cgroup
	assert_success
	while IFS=: read -r _ ctrl path; do
		ctrl=${ctrl#name=}
		assert_probe "cgroup.${ctrl:-unified}" "$path"
	done <"/proc/$pid/cgroup"
}

@test "exec: gets the config's env, plus --env; cwd from --cwd" {
	run_waiting
	runrt exec --env EXTRA=1 --cwd /tmp "$ID" sh -c '/probe env; /probe cwd'
	assert_success
	assert_line EXTRA=1
	assert_line "RT_TEST_MARK=$TEST_DIR"
	assert_line cwd=/tmp
}

@test "exec: --user uid:gid and --additional-gids" {
	run_waiting
	runrt exec --user 1000:1001 --additional-gids 2000 "$ID" /probe ids
	assert_success
	assert_probe uid 1000
	assert_probe gid 1001
	assert_probe groups 2000
}

@test "exec: gets the config's capabilities and no new privileges" {
	update_config '.process.noNewPrivileges = true | .process.capabilities = {"bounding": ["CAP_KILL", "CAP_CHOWN"],
		"effective": ["CAP_KILL"], "permitted": ["CAP_KILL"]}'
	run_waiting
	runrt exec "$ID" /probe caps
	assert_success
	assert_probe NoNewPrivs 1
	assert_probe CapBnd 0000000000000021 # CAP_CHOWN, CAP_KILL
	assert_probe CapEff 0000000000000020
}

@test "exec --process: a process.json" {
	run_waiting
	jq -n '{args: ["/probe", "cwd"], cwd: "/etc", env: ["A=b"], user: {uid: 0, gid: 0}, terminal: false}' >"$TEST_DIR/process.json"
	runrt exec --process "$TEST_DIR/process.json" "$ID"
	assert_success
	assert_line cwd=/etc
}

@test "exec: only stdio open in the process" {
	run_waiting
	runrt exec "$ID" /probe fds
	assert_success
	[ "$(printf '%s\n' "${lines[@]}" | grep -c '^fd\.')" -eq 3 ] || _fail "extra fds"
}

@test "exec -d --pid-file: detached exec writes its pid" {
	run_waiting
	runrt exec -d --pid-file "$TEST_DIR/exec.pid" "$ID" /probe sigwait /tmp/exec-signal
	assert_success
	epid=$(cat "$TEST_DIR/exec.pid")
	[ "$epid" -gt 0 ] && [ "$epid" != "$(rt_state "$ID" | jq -r .pid)" ]
	wait_for_handlers "$epid"
	kill -USR1 "$epid"
	wait_for_file "$BUNDLE/rootfs/tmp/exec-signal"
	[ "$(cat "$BUNDLE/rootfs/tmp/exec-signal")" = signal=10 ]
}

@test "exec: into a stopped container fails" {
	set_args true
	runrt create --bundle "$BUNDLE" "$ID"
	runrt start "$ID"
	wait_for_state "$ID" stopped
	runrt exec "$ID" true
	assert_failure
}

@test "exec: into a missing container fails" {
	runrt exec "$ID" true
	assert_failure
}

@test "exec: a missing executable fails with 'executable file not found in \$PATH'" {
	run_waiting
	runrt exec "$ID" no-such-program
	assert_failure
	assert_output_contains 'executable file not found in $PATH'
	wait_for_state "$ID" running
}

@test "exec: processes are killed with the container on delete --force" {
	run_waiting
	runrt exec -d "$ID" /probe sigwait
	assert_success
	runrt delete --force "$ID"
	assert_success
	# teardown fails the test if the exec'd process (it carries the test marker) survived
}

@test "kill --all: signals every process of the container" {
	# init must survive the signal: when pid 1 of a namespace exits, the kernel kills the rest
	set_args sh -c 'trap "echo USR2 > /tmp/init-signal" USR2; while :; do sleep 0.05; done'
	runrt run -d --bundle "$BUNDLE" "$ID"
	assert_success
	wait_for_state "$ID" running
	runrt exec -d --pid-file "$TEST_DIR/exec.pid" "$ID" /probe sigwait /tmp/exec-signal
	assert_success
	wait_for_handlers "$(cat "$TEST_DIR/exec.pid")"
	runrt kill --all "$ID" USR2
	assert_success
	wait_for_file "$BUNDLE/rootfs/tmp/exec-signal"
	wait_for_file "$BUNDLE/rootfs/tmp/init-signal"
	[ "$(cat "$BUNDLE/rootfs/tmp/exec-signal")" = signal=12 ]
	wait_for_state "$ID" running
}

@test "ps: lists the container's processes" {
	run_waiting
	pid=$(rt_state "$ID" | jq -r .pid)
	runrt ps --format json "$ID"
	assert_success
	jq -e --argjson p "$pid" 'index($p) != null' <<<"$output" >/dev/null || _fail "pid $pid not listed"
}
