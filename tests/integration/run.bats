#!/usr/bin/env bats
# rt run: create + start + wait + delete in one command.

load helpers

@test "run: prints the container's output and exits 0" {
	set_args /probe hostname
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_line "hostname=$(jq -r .hostname "$BUNDLE/config.json")"
}

@test "run: exit code passes through (sh -c 'exit 7' -> 7)" {
	set_args sh -c 'exit 7'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_status 7
}

@test "run: a process killed by a signal exits 128+n" {
	# pid 1 of the namespace ignores signals without a handler: kill a child that is not init.
	update_config '.linux.namespaces -= [{"type": "pid"}]'
	set_args sh -c 'kill -USR1 $$'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_status $((128 + 10))
}

@test "run: init killed by SIGKILL from inside exits 137" {
	update_config '.linux.namespaces -= [{"type": "pid"}]'
	set_args sh -c 'kill -KILL $$'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_status 137
}

@test "run: deletes the container by default" {
	set_args true
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	runrt state "$ID"
	assert_failure
	[ -z "$(ls -A "$ROOT")" ]
}

@test "run: deletes the container after a failing process too" {
	set_args false
	runrt run --bundle "$BUNDLE" "$ID"
	assert_status 1
	runrt state "$ID"
	assert_failure
}

@test "run --keep: leaves a stopped container" {
	set_args true
	runrt run --keep --bundle "$BUNDLE" "$ID"
	assert_success
	wait_for_state "$ID" stopped
	[ "$(rt_state "$ID" | jq -r .pid)" = 0 ]
	runrt delete "$ID"
	assert_success
}

@test "run --detach: returns at once with a running container" {
	set_args /probe sigwait /tmp/signal
	SECONDS=0
	runrt run --detach --bundle "$BUNDLE" "$ID"
	assert_success
	[ "$SECONDS" -lt 5 ]
	wait_for_state "$ID" running
	runrt kill "$ID" TERM
	assert_success
	wait_for_file "$BUNDLE/rootfs/tmp/signal"
	wait_for_state "$ID" stopped
}

@test "run -d --pid-file: writes the pid of the running init" {
	set_args /probe sigwait
	runrt run -d --pid-file "$BUNDLE/pid" --bundle "$BUNDLE" "$ID"
	assert_success
	wait_for_state "$ID" running
	[ "$(cat "$BUNDLE/pid")" = "$(rt_state "$ID" | jq -r .pid)" ]
}

@test "run: the bundle defaults to the current directory" {
	set_args /probe cwd
	cd "$BUNDLE"
	runrt run "$ID"
	assert_success
	assert_line cwd=/
}

@test "run: stdin is passed to the container" {
	set_args sh -c 'read line; echo "got:$line"'
	echo hello >"$TEST_DIR/in"
	RT_STDIN=$TEST_DIR/in runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_line "got:hello"
}

@test "run: stdout and stderr of the container are both passed through" {
	set_args sh -c 'echo to-out; echo to-err >&2'
	run bash -c '"$1" --root "$2" run --bundle "$3" "$4" 2>"$5" </dev/null' _ "$RT" "$ROOT" "$BUNDLE" "$ID" "$TEST_DIR/err"
	assert_success
	assert_line to-out
	refute_line to-err
	grep -qx to-err "$TEST_DIR/err"
}

@test "run: a second run with the same id while the first exists fails" {
	set_args /probe sigwait
	runrt run -d --bundle "$BUNDLE" "$ID"
	assert_success
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	wait_for_state "$ID" running
}

@test "run: the container deleted (--force) by another rt while run waits: run ends with its status, no warning, nothing left" {
	set_args /probe sigwait
	# --log-level warning: the failure of run's cleanup is a warning, hidden by default
	"$RT" --root "$ROOT" --log-level warning run --bundle "$BUNDLE" "$ID" </dev/null >"$TEST_DIR/run.out" 2>"$TEST_DIR/run.err" &
	local runpid=$!
	wait_for_state "$ID" running
	# run holds the state directory open (unlocked): another rt can act on the container
	runrt delete --force "$ID"
	assert_success
	wait "$runpid" && status=0 || status=$?
	[ "$status" = 137 ] || _fail "run exited $status: $(cat "$TEST_DIR/run.err")"
	[ ! -s "$TEST_DIR/run.err" ] || _fail "run warned: $(cat "$TEST_DIR/run.err")"
	[ -z "$(ls -A "$ROOT")" ] || _fail "state left: $(ls -A "$ROOT")"
	[ -z "$(_test_cgroups)" ] || _fail "cgroups left: $(_test_cgroups)"
}

@test "run: cleans up after its container (state, every cgroup) and other commands still act on it meanwhile" {
	set_args sh -c 'sleep 1'
	"$RT" --root "$ROOT" run --bundle "$BUNDLE" "$ID" </dev/null >"$TEST_DIR/run.out" 2>&1 &
	local runpid=$!
	wait_for_state "$ID" running
	# state, pause and resume take the lock run does not hold while it waits
	runrt pause "$ID"
	assert_success
	wait_for_state "$ID" paused
	runrt resume "$ID"
	assert_success
	wait "$runpid" && status=0 || status=$?
	[ "$status" = 0 ] || _fail "run exited $status: $(cat "$TEST_DIR/run.out")"
	[ -z "$(ls -A "$ROOT")" ] || _fail "state left: $(ls -A "$ROOT")"
	[ -z "$(_test_cgroups)" ] || _fail "cgroups left: $(_test_cgroups)"
}

@test "run: without a pid namespace, what the init leaves running is killed and nothing is left (as runc)" {
	update_config '.linux.namespaces -= [{"type": "pid"}]'
	set_args sh -c 'sleep 300 & echo $! >/tmp/left; exit 0'
	runrt --log-level warning run --bundle "$BUNDLE" "$ID"
	assert_success
	[ -z "$output" ] || _fail "run printed: $output"
	[ -z "$(ls -A "$ROOT")" ] || _fail "state left: $(ls -A "$ROOT")"
	[ -z "$(_test_cgroups)" ] || _fail "cgroups left: $(_test_cgroups)"
	[ -z "$(_test_pids)" ] || _fail "processes left: $(_test_pids)"
}

@test "delete: a stopped container without a pid namespace whose init left a process: it is killed, nothing is left" {
	update_config '.linux.namespaces -= [{"type": "pid"}]'
	set_args sh -c 'sleep 300 & exit 0'
	runrt run -d --bundle "$BUNDLE" "$ID"
	assert_success
	wait_for_state "$ID" stopped
	[ -n "$(_test_pids)" ] || _fail "the init left nothing running"
	runrt --log-level warning delete "$ID"
	assert_success
	[ -z "$output" ] || _fail "delete printed: $output"
	[ -z "$(ls -A "$ROOT")" ] || _fail "state left: $(ls -A "$ROOT")"
	[ -z "$(_test_cgroups)" ] || _fail "cgroups left: $(_test_cgroups)"
	[ -z "$(_test_pids)" ] || _fail "processes left: $(_test_pids)"
}
