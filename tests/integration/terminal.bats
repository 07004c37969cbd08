#!/usr/bin/env bats
# Terminals through --console-socket: the pty master goes to the socket in one SCM_RIGHTS
# message (conmon and the containerd shim are such receivers), for create and for exec.

load helpers

RECVTTY=${RECVTTY:-$RT_BUILDDIR/tests/helpers/recvtty}

# Starts a receiver on $TEST_DIR/tty.sock writing the pty's output to $TEST_DIR/tty.out.
start_receiver() {
	rm -f "$TEST_DIR/tty.sock"
	"$RECVTTY" "$TEST_DIR/tty.sock" "${1:-}" >"$TEST_DIR/tty.out" 2>"$TEST_DIR/tty.err" &
	RECV_PID=$!
	for _ in $(seq 100); do
		grep -q listening "$TEST_DIR/tty.err" 2>/dev/null && return 0
		sleep 0.02
	done
	_fail "recvtty did not start"
}

wait_receiver() {
	for _ in $(seq 250); do
		kill -0 "$RECV_PID" 2>/dev/null || { wait "$RECV_PID"; return 0; }
		sleep 0.02
	done
	kill "$RECV_PID"
	_fail "recvtty still running: the pty was not closed"
}

@test "terminal: create --console-socket sends the pty master; the process has a tty as stdio and /dev/console" {
	update_config '.process.terminal = true | .process.consoleSize = {"height": 33, "width": 101}'
	set_args sh -c 'tty; stty size; ls -l /dev/console | cut -c1; [ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo stdio-is-tty'
	start_receiver
	runrt create --bundle "$BUNDLE" --console-socket "$TEST_DIR/tty.sock" "$ID"
	assert_success
	runrt start "$ID"
	assert_success
	wait_receiver
	grep -q '^received' "$TEST_DIR/tty.err" || _fail "no fd received: $(cat "$TEST_DIR/tty.err")"
	out=$(tr -d '\r' <"$TEST_DIR/tty.out")
	[[ $out == *"/dev/pts/0"* ]] || _fail "tty: $out"
	[[ $out == *"33 101"* ]] || _fail "consoleSize not applied: $out"
	[[ $out == *"stdio-is-tty"* ]] || _fail "stdio is not the tty: $out"
	[[ $(sed -n 3p <<<"$out") == c ]] || _fail "/dev/console is not a char device: $out"
}

@test "terminal: input typed on the master reaches the process" {
	update_config '.process.terminal = true'
	set_args sh -c 'read line; echo "got:$line"'
	start_receiver $'hello-tty\n'
	runrt run --detach --bundle "$BUNDLE" --console-socket "$TEST_DIR/tty.sock" "$ID"
	assert_success
	wait_receiver
	grep -q 'got:hello-tty' "$TEST_DIR/tty.out" || _fail "output: $(cat "$TEST_DIR/tty.out")"
}

@test "terminal: terminal true without --console-socket is a clear error for create" {
	update_config '.process.terminal = true'
	runrt create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "console-socket"
	runrt state "$ID"
	assert_failure
}

@test "terminal: --console-socket to a missing socket fails and leaves nothing" {
	update_config '.process.terminal = true'
	runrt create --bundle "$BUNDLE" --console-socket "$TEST_DIR/nope.sock" "$ID"
	assert_failure
	assert_output_contains "nope.sock"
	runrt state "$ID"
	assert_failure
}

@test "terminal: exec --tty --console-socket gives the exec'd process its own pty" {
	set_args /probe sigwait
	runrt run --detach --bundle "$BUNDLE" "$ID"
	assert_success
	start_receiver
	runrt exec --tty --console-socket "$TEST_DIR/tty.sock" "$ID" sh -c 'tty; exit 3'
	assert_status 3
	wait_receiver
	grep -q '/dev/pts/' "$TEST_DIR/tty.out" || _fail "output: $(cat "$TEST_DIR/tty.out")"
}

@test "terminal: exec --detach --tty with a pid file (conmon's exec -it)" {
	set_args /probe sigwait
	runrt run --detach --bundle "$BUNDLE" "$ID"
	assert_success
	start_receiver
	runrt exec --detach --tty --console-socket "$TEST_DIR/tty.sock" --pid-file "$TEST_DIR/exec.pid" "$ID" sh -c 'echo detached-tty'
	assert_success
	[ -s "$TEST_DIR/exec.pid" ] || _fail "no pid file"
	wait_receiver
	grep -q 'detached-tty' "$TEST_DIR/tty.out" || _fail "output: $(cat "$TEST_DIR/tty.out")"
}
