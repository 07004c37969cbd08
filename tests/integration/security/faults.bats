#!/usr/bin/env bats
# Faults (SECURITY-SCENARIOS F1-F5): SIGKILL of the runtime in each phase of create,
# start and delete, SIGTERM during setup, concurrent operations on one id. After each
# fault, `delete --force` must leave nothing: no process (container, runtime helper,
# hook), no mount, no cgroup directory in any hierarchy, no state dir; the id is reusable.

load sec

# A hook script under $TEST_DIR (so the leak check finds it by its command line) that
# records that it started, then sleeps.
make_hook() {
	cat >"$TEST_DIR/hook-$1" <<EOF
#!/bin/sh
echo started >"$TEST_DIR/hook-$1.started"
sleep ${2:-30}
EOF
	chmod +x "$TEST_DIR/hook-$1"
	update_config ".hooks.$1 = [{\"path\": \$p, \"env\": [\$m]}]" --arg p "$TEST_DIR/hook-$1" --arg m "RT_TEST_MARK=$TEST_DIR"
}

# Nothing of the test may be left, checked here and not only in teardown: the id must
# also be reusable afterwards.
assert_clean() {
	local tries=60 pids
	while pids=$(_test_pids) && [ -n "$pids" ] && [ $tries -gt 0 ]; do
		sleep 0.05
		tries=$((tries - 1))
	done
	[ -z "$pids" ] || _fail "processes left: $(for p in $pids; do echo -n "$p($(cat /proc/$p/comm)) "; done)" || return 1
	[ -z "$(ls -A "$ROOT")" ] || _fail "state left: $(ls -A "$ROOT")" || return 1
	[ -z "$(_test_mounts)" ] || _fail "mounts left: $(_test_mounts)" || return 1
	[ -z "$(_test_cgroups)" ] || _fail "cgroups left: $(_test_cgroups)" || return 1
}

# After a fault: state and list must not crash; delete --force succeeds and cleans up.
recover() {
	local id=${1:-$ID}
	runrt_t 10 state "$id"
	[ "$status" -lt 124 ] || _fail "state crashed or hung" || return 1
	runrt_t 10 list
	[ "$status" -lt 124 ] || _fail "list crashed or hung" || return 1
	runrt_t 20 delete --force "$id"
	assert_success || return 1
	assert_clean || return 1
	# the id must be reusable: run it again without the fault-injecting hooks
	update_config 'del(.hooks)'
	set_args true
	runrt_t 20 run --bundle "$BUNDLE" "$id"
	assert_success
}

# kill_rt_during HOOK ARGS...: start the runtime, SIGKILL it once HOOK has started.
kill_rt_during() {
	local hook=$1 pid
	shift
	"$RT" --root "$ROOT" "$@" </dev/null >"$TEST_DIR/rt.out" 2>&1 3>&- &
	pid=$!
	wait_for_file "$TEST_DIR/hook-$hook.started" 10 || { kill -9 $pid; _fail "the $hook hook never ran: $(cat "$TEST_DIR/rt.out")"; return 1; }
	kill -9 $pid
	wait $pid || true
}

@test "F1: SIGKILL of create during a prestart hook, then delete --force leaves nothing" {
	make_hook prestart
	set_args sleep 60
	kill_rt_during prestart create --bundle "$BUNDLE" "$ID"
	recover
}

@test "F1: SIGKILL of create during a createRuntime hook (init cloned), then delete --force leaves nothing" {
	make_hook createRuntime
	set_args sleep 60
	kill_rt_during createRuntime create --bundle "$BUNDLE" "$ID"
	recover
}

@test "F1: SIGKILL of create at 25 points in time, then delete --force leaves nothing each time" {
	set_args sleep 60
	for i in $(seq 0 24); do
		"$RT" --root "$ROOT" create --bundle "$BUNDLE" "$ID" </dev/null >/dev/null 2>&1 3>&- &
		pid=$!
		sleep "0.0$((i % 10))$((i / 10))"
		kill -9 $pid 2>/dev/null || true
		wait $pid || true
		runrt_t 20 delete --force "$ID"
		assert_success
		assert_clean || { echo "after a kill at round $i" >&2; return 1; }
	done
}

@test "F2: SIGKILL of start during a poststart hook: the container ran once, delete --force cleans" {
	make_hook poststart
	set_args sh -c 'echo ran >>/tmp/runs; sleep 60'
	runrt create --bundle "$BUNDLE" "$ID"
	assert_success
	kill_rt_during poststart start "$ID"
	wait_for_state "$ID" running
	runrt_t 10 start "$ID"
	assert_failure
	[ "$(wc -l <"$BUNDLE/rootfs/tmp/runs")" = 1 ] || _fail "the process ran $(wc -l <"$BUNDLE/rootfs/tmp/runs") times"
	recover
}

@test "F2: the init killed between create and start: start fails without hanging" {
	set_args sleep 60
	runrt create --bundle "$BUNDLE" "$ID"
	assert_success
	kill -9 "$(rt_state "$ID" | jq -r .pid)"
	runrt_t 10 start "$ID"
	[ "$status" -ne 124 ] && [ "$status" -ne 137 ] || _fail "start hung"
	assert_failure
	recover
}

@test "F3: SIGKILL of delete during a poststop hook, then delete --force leaves nothing" {
	make_hook poststop
	set_args true
	runrt create --bundle "$BUNDLE" "$ID"
	assert_success
	runrt start "$ID"
	wait_for_state "$ID" stopped
	kill_rt_during poststop delete "$ID"
	recover
}

@test "F3: SIGKILL of delete --force of a running container at 10 points, then delete --force leaves nothing" {
	set_args sleep 60
	for i in $(seq 0 9); do
		runrt run -d --bundle "$BUNDLE" "$ID"
		assert_success
		"$RT" --root "$ROOT" delete --force "$ID" </dev/null >/dev/null 2>&1 3>&- &
		pid=$!
		sleep "0.00$i"
		kill -9 $pid 2>/dev/null || true
		wait $pid || true
		runrt_t 20 delete --force "$ID"
		assert_success
		assert_clean || { echo "after a kill at round $i" >&2; return 1; }
	done
}

@test "F4: SIGTERM to a foreground run during setup ends it within 10 s and leaves nothing" {
	make_hook createRuntime
	set_args sleep 60
	"$RT" --root "$ROOT" run --bundle "$BUNDLE" "$ID" </dev/null >"$TEST_DIR/rt.out" 2>&1 3>&- &
	pid=$!
	wait_for_file "$TEST_DIR/hook-createRuntime.started" 10
	kill -TERM $pid
	for _ in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
	if kill -0 $pid 2>/dev/null; then
		kill -9 $pid
		_fail "run still alive 10 s after SIGTERM"
	fi
	wait $pid || true
	runrt_t 20 delete --force "$ID"
	assert_clean
}

@test "F5: 20 parallel creates of one id: exactly one succeeds" {
	set_args sleep 60
	for i in $(seq 20); do
		(timeout -k 2 20 "$RT" --root "$ROOT" create --bundle "$BUNDLE" "$ID" </dev/null >"$TEST_DIR/c.$i" 2>&1 3>&-
			echo $? >"$TEST_DIR/c.$i.rc") &
	done
	wait
	ok=$(grep -lx 0 "$TEST_DIR"/c.*.rc | wc -l)
	hung=$(grep -lxE '124|137' "$TEST_DIR"/c.*.rc | wc -l)
	[ "$hung" = 0 ] || _fail "$hung creates hung"
	[ "$ok" = 1 ] || _fail "$ok creates succeeded"
	wait_for_state "$ID" created
	recover
}

@test "F5: 10 parallel starts of one created container: exactly one succeeds, none hangs, it runs once" {
	set_args sh -c 'echo ran >>/tmp/runs; sleep 60'
	runrt create --bundle "$BUNDLE" "$ID"
	assert_success
	for i in $(seq 10); do
		(timeout -k 2 10 "$RT" --root "$ROOT" start "$ID" </dev/null >"$TEST_DIR/s.$i" 2>&1 3>&-
			echo $? >"$TEST_DIR/s.$i.rc") &
	done
	wait
	ok=$(grep -lx 0 "$TEST_DIR"/s.*.rc | wc -l)
	hung=$(grep -lxE '124|137' "$TEST_DIR"/s.*.rc | wc -l)
	[ "$hung" = 0 ] || _fail "$hung starts hung"
	[ "$ok" = 1 ] || _fail "$ok starts succeeded"
	wait_for_state "$ID" running
	sleep 0.2
	[ "$(wc -l <"$BUNDLE/rootfs/tmp/runs")" = 1 ] || _fail "the process ran $(wc -l <"$BUNDLE/rootfs/tmp/runs") times"
	recover
}

@test "F5: delete --force, kill and state in parallel on a running container end clean, none crashes" {
	set_args sleep 60
	runrt run -d --bundle "$BUNDLE" "$ID"
	assert_success
	for i in $(seq 5); do
		for cmd in "delete --force" "kill" "state"; do
			# shellcheck disable=SC2086
			(timeout -k 2 20 "$RT" --root "$ROOT" $cmd "$ID" $([ "$cmd" = kill ] && echo KILL) </dev/null \
				>/dev/null 2>&1 3>&-
				echo $? >"$TEST_DIR/p.${cmd// /}.$i.rc") &
		done
	done
	wait
	bad=$(grep -lvxE '0|1' "$TEST_DIR"/p.*.rc || true)
	[ -z "$bad" ] || _fail "crashed or hung: $(for f in $bad; do echo "$f=$(cat "$f")"; done)"
	runrt_t 20 delete --force "$ID"
	assert_success
	assert_clean
}
