#!/usr/bin/env bats
# --pidfd-socket (runc's create/run/exec flag): rt connects to the socket and sends the
# process's pidfd in one SCM_RIGHTS message, with "standard" for a container's init and
# "setns" for an exec'd process, as runc does.

load helpers

RECVPIDFD=${RECVPIDFD:-$RT_BUILDDIR/tests/helpers/recvpidfd}

# start_receiver [SIGNAL GO-FILE]: recvpidfd on $TEST_DIR/pidfd.sock, output in $TEST_DIR/pidfd.out
start_receiver() { start_listener "$RECVPIDFD" "$TEST_DIR/pidfd.sock" "$TEST_DIR/pidfd.out" "$TEST_DIR/pidfd.err" "$@"; }

# wait_receiver: waits for it to exit; its status must be 0
wait_receiver() {
	for _ in $(seq 250); do
		if ! kill -0 "$RECV_PID" 2>/dev/null; then
			wait "$RECV_PID" || _fail "recvpidfd failed: $(cat "$TEST_DIR/pidfd.err")"
			return 0
		fi
		sleep 0.02
	done
	kill "$RECV_PID"
	_fail "recvpidfd still running: nothing was sent"
}

@test "pidfd-socket: create sends the init's pidfd ('standard'); a signal through it reaches the container" {
	set_args sleep 600
	start_receiver 9 "$TEST_DIR/go"
	runrt create --bundle "$BUNDLE" --pidfd-socket "$TEST_DIR/pidfd.sock" "$ID"
	assert_success
	[ "$(rt_state "$ID" | jq -r .status)" = created ] || _fail "not created"
	pid=$(rt_state "$ID" | jq -r .pid)
	touch "$TEST_DIR/go"
	wait_receiver
	grep -qx "received standard pid $pid" "$TEST_DIR/pidfd.out" || _fail "got: $(cat "$TEST_DIR/pidfd.out"), init pid $pid"
	grep -qx signalled "$TEST_DIR/pidfd.out" || _fail "not signalled"
	wait_for_state "$ID" stopped
	runrt delete "$ID"
	assert_success
}

@test "pidfd-socket: run --detach sends the init's pidfd" {
	set_args sleep 600
	start_receiver
	runrt run --detach --bundle "$BUNDLE" --pidfd-socket "$TEST_DIR/pidfd.sock" "$ID"
	assert_success
	wait_receiver
	pid=$(rt_state "$ID" | jq -r .pid)
	grep -qx "received standard pid $pid" "$TEST_DIR/pidfd.out" || _fail "got: $(cat "$TEST_DIR/pidfd.out"), init pid $pid"
}

@test "pidfd-socket: exec sends the exec'd process's pidfd ('setns'), not the init's" {
	set_args sleep 600
	runrt run --detach --bundle "$BUNDLE" "$ID"
	assert_success
	start_receiver 15 "$TEST_DIR/go"
	touch "$TEST_DIR/go"
	runrt exec --detach --pid-file "$TEST_DIR/exec.pid" --pidfd-socket "$TEST_DIR/pidfd.sock" "$ID" sleep 600
	assert_success
	wait_receiver
	pid=$(cat "$TEST_DIR/exec.pid")
	grep -qx "received setns pid $pid" "$TEST_DIR/pidfd.out" || _fail "got: $(cat "$TEST_DIR/pidfd.out"), exec pid $pid"
	# SIGTERM went to the exec'd process only: it is gone, the init runs on
	for _ in $(seq 100); do [ -d "/proc/$pid" ] && [ "$(awk '{print $3}' "/proc/$pid/stat")" != Z ] || break; sleep 0.02; done
	[ ! -d "/proc/$pid" ] || [ "$(awk '{print $3}' "/proc/$pid/stat")" = Z ] || _fail "exec'd process $pid survived SIGTERM"
	[ "$(rt_state "$ID" | jq -r .status)" = running ] || _fail "the container stopped"
}

@test "pidfd-socket: a socket nobody listens on fails create and exec, leaving nothing" {
	set_args sleep 600
	runrt create --bundle "$BUNDLE" --pidfd-socket "$TEST_DIR/nobody.sock" "$ID"
	assert_failure
	assert_output_contains "connect to pidfd socket '$TEST_DIR/nobody.sock'"
	[ -z "$(ls -A "$ROOT")" ] || _fail "state left: $(ls -A "$ROOT")"

	runrt run --detach --bundle "$BUNDLE" "$ID"
	assert_success
	runrt exec --detach --pidfd-socket "$TEST_DIR/nobody.sock" "$ID" sleep 601
	assert_failure
	assert_output_contains "connect to pidfd socket"
	# the exec'd process did not stay behind
	pid=$(rt_state "$ID" | jq -r .pid)
	! pgrep -f "sleep 601" >/dev/null || _fail "the exec'd process runs on: $(pgrep -af 'sleep 601')"
}
