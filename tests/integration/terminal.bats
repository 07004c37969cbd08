#!/usr/bin/env bats
# Terminals through --console-socket: the pty master goes to the socket in one SCM_RIGHTS
# message (conmon and the containerd shim are such receivers), for create and for exec.

load helpers

RECVTTY=${RECVTTY:-$RT_BUILDDIR/tests/helpers/recvtty}

# Starts a receiver on $TEST_DIR/tty.sock writing the pty's output to $TEST_DIR/tty.out.
start_receiver() { start_listener "$RECVTTY" "$TEST_DIR/tty.sock" "$TEST_DIR/tty.out" "$TEST_DIR/tty.err" "${1:-}"; }

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

@test "terminal: a non-root process.user owns its pty and can reopen /dev/stdout, as with runc (init and exec --tty)" {
	update_config '.process.terminal = true | .process.user = {"uid": 1000, "gid": 1000}'
	set_args sh -c 'echo owner=$(stat -L -c %u /proc/self/fd/0); echo hi >/dev/stdout && echo reopen=ok'
	start_receiver
	runrt run --detach --bundle "$BUNDLE" --console-socket "$TEST_DIR/tty.sock" "$ID"
	assert_success
	wait_receiver
	out=$(tr -d '\r' <"$TEST_DIR/tty.out")
	[[ $out == *"owner=1000"* && $out == *"reopen=ok"* ]] || _fail "init: $out"
	update_config '.process.terminal = false | .process.user = {"uid": 0, "gid": 0}'
	set_args /probe sigwait
	ID=$(new_id)
	runrt run --detach --bundle "$BUNDLE" "$ID"
	assert_success
	start_receiver
	runrt exec --detach --tty --user 1000:1000 --console-socket "$TEST_DIR/tty.sock" "$ID" \
		sh -c 'echo owner=$(stat -L -c %u /proc/self/fd/0); echo hi >/dev/stdout && echo reopen=ok'
	assert_success
	wait_receiver
	out=$(tr -d '\r' <"$TEST_DIR/tty.out")
	[[ $out == *"owner=1000"* && $out == *"reopen=ok"* ]] || _fail "exec: $out"
}

@test "terminal: with /dev bind-mounted, the pty is bound over its console node, which stays as it was (as crun)" {
	# the bind source stands in for a host's /dev
	mkdir -p "$TEST_DIR/hostdev/pts"
	mknod -m 666 "$TEST_DIR/hostdev/null" c 1 3
	mknod -m 600 "$TEST_DIR/hostdev/console" c 5 1
	before=$(stat -c '%i %F %t:%T %a' "$TEST_DIR/hostdev/console")
	update_config '.process.terminal = true
		| .mounts = [.mounts[] | select(.destination | test("^/dev(/|$)") | not)]
			+ [{"destination": "/dev", "type": "bind", "source": $src, "options": ["rbind"]},
			{"destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["newinstance", "ptmxmode=0666"]}]' \
		--arg src "$TEST_DIR/hostdev"
	set_args sh -c 'tty; stat -c %t:%T /dev/console'
	start_receiver
	runrt run --detach --bundle "$BUNDLE" --console-socket "$TEST_DIR/tty.sock" "$ID"
	assert_success
	wait_receiver
	out=$(tr -d '\r' <"$TEST_DIR/tty.out")
	[[ $out == *"/dev/pts/0"*"88:0"* ]] || _fail "the console is not the pty: $out"
	[ "$(stat -c '%i %F %t:%T %a' "$TEST_DIR/hostdev/console")" = "$before" ] ||
		_fail "the bind source's console changed: $before -> $(stat -c '%i %F %t:%T %a' "$TEST_DIR/hostdev/console")"
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

# The foreground terminal (no --console-socket), driven in a real terminal: a private tmux
# server runs rt; keys are typed with send-keys and the screen read with capture-pane.
tmux_start() { # CMD...
	command -v tmux >/dev/null || _fail "tmux is needed for the interactive terminal tests"
	TMUX_SOCK="rtt-$TEST_TAG"
	tmux -L "$TMUX_SOCK" new-session -d -x 120 -y 30 \
		"stty -g > $TEST_DIR/stty.before; $*; echo EXIT=\$? > $TEST_DIR/rc; stty -g > $TEST_DIR/stty.after; sleep 30"
}
tmux_keys() { tmux -L "$TMUX_SOCK" send-keys "$@"; }
tmux_screen() { tmux -L "$TMUX_SOCK" capture-pane -p; }
tmux_wait_for() { # TEXT: until the screen shows it
	for _ in $(seq 150); do tmux_screen | grep -qF -- "$1" && return 0; sleep 0.02; done
	_fail "screen never showed '$1': $(tmux_screen)"
}
tmux_stop() { tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true; }

@test "terminal: run in the foreground is interactive: commands, window size, exit code, termios restored" {
	update_config '.process.terminal = true'
	set_args sh
	tmux_start "$RT --root $ROOT run --bundle $BUNDLE $ID"
	tmux_keys 'echo $((6*7)); tty; stty size' Enter
	tmux_wait_for 42
	tmux_wait_for '30 120'
	tmux_screen | grep -q '^/dev/pts/0' || { tmux_stop; _fail "no tty: $(tmux_screen)"; }
	tmux -L "$TMUX_SOCK" resize-window -x 100 -y 40
	tmux_keys 'stty size' Enter
	tmux_wait_for '40 100'
	tmux_keys 'exit 7' Enter
	for _ in $(seq 150); do [ -s "$TEST_DIR/rc" ] && [ -s "$TEST_DIR/stty.after" ] && break; sleep 0.02; done
	tmux_stop
	[ "$(cat "$TEST_DIR/rc")" = EXIT=7 ] || _fail "exit code: $(cat "$TEST_DIR/rc")"
	[ "$(cat "$TEST_DIR/stty.before")" = "$(cat "$TEST_DIR/stty.after")" ] || _fail "terminal mode not restored"
	runrt state "$ID"
	assert_failure
}

@test "terminal: exec -t in the foreground is interactive and passes the exit code" {
	set_args /probe sigwait
	runrt run --detach --bundle "$BUNDLE" "$ID"
	assert_success
	tmux_start "$RT --root $ROOT exec -t $ID sh"
	tmux_keys 'tty; echo ready-$((2+3))' Enter
	tmux_wait_for ready-5
	tmux_keys 'exit 9' Enter
	for _ in $(seq 150); do [ -s "$TEST_DIR/rc" ] && [ -s "$TEST_DIR/stty.after" ] && break; sleep 0.02; done
	screen=$(tmux_screen)
	tmux_stop
	[ "$(cat "$TEST_DIR/rc")" = EXIT=9 ] || _fail "exit code: $(cat "$TEST_DIR/rc")"
	grep -q '^/dev/pts/' <<<"$screen" || _fail "no tty: $screen"
	[ "$(cat "$TEST_DIR/stty.before")" = "$(cat "$TEST_DIR/stty.after")" ] || _fail "terminal mode not restored"
}

@test "terminal: without a terminal, rt writes nothing to the container's stdio" {
	set_args sh -c 'echo out; echo err >&2'
	"$RT" --root "$ROOT" run --bundle "$BUNDLE" "$ID" >"$TEST_DIR/o" 2>"$TEST_DIR/e"
	[ "$(cat "$TEST_DIR/o")" = out ] || _fail "stdout: $(cat "$TEST_DIR/o")"
	[ "$(cat "$TEST_DIR/e")" = err ] || _fail "stderr: $(cat "$TEST_DIR/e")"
}
