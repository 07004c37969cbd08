#!/usr/bin/env bats
# create / start / state / kill / delete: the runc lifecycle contract.

load helpers

@test "create: state is created, pid > 0, pid file holds exactly the pid" {
	set_args /probe sigwait /tmp/signal
	runrt create --bundle "$BUNDLE" --pid-file "$BUNDLE/pid" "$ID"
	assert_success
	run rt_state "$ID"
	assert_success
	[ "$(jq -r .status <<<"$output")" = created ]
	pid=$(jq -r .pid <<<"$output")
	[ "$pid" -gt 0 ]
	[ -d "/proc/$pid" ]
	# exactly the digits, no trailing newline
	[ "$(cat "$BUNDLE/pid")" = "$pid" ]
	[ "$(stat -c %s "$BUNDLE/pid")" -eq "${#pid}" ]
	# the payload has not run yet
	[ ! -e "$BUNDLE/rootfs/tmp/signal" ]
}

@test "start: created -> running, the payload runs" {
	update_config '.process.args = ["sh", "-c", "echo yes > /tmp/started; exec /probe sigwait /tmp/signal"]'
	runrt create --bundle "$BUNDLE" "$ID"
	assert_success
	wait_for_state "$ID" created
	[ ! -e "$BUNDLE/rootfs/tmp/started" ]
	runrt start "$ID"
	assert_success
	wait_for_state "$ID" running
	wait_for_file "$BUNDLE/rootfs/tmp/started"
}

@test "process exit: state is stopped with pid 0" {
	set_args sh -c 'exit 0'
	runrt create --bundle "$BUNDLE" "$ID"
	assert_success
	runrt start "$ID"
	assert_success
	wait_for_state "$ID" stopped
	[ "$(rt_state "$ID" | jq -r .pid)" = 0 ]
}

@test "delete: state is gone and state fails" {
	set_args sh -c 'exit 0'
	runrt create --bundle "$BUNDLE" "$ID"
	runrt start "$ID"
	wait_for_state "$ID" stopped
	runrt delete "$ID"
	assert_success
	runrt state "$ID"
	assert_failure
	[ -z "$(ls -A "$ROOT")" ]
}

@test "delete of a created container kills its init" {
	create_waiting
	pid=$(rt_state "$ID" | jq -r .pid)
	runrt delete --force "$ID"
	assert_success
	runrt state "$ID"
	assert_failure
	wait_for_exit "$pid"
}

@test "start of a running container fails" {
	run_waiting
	runrt start "$ID"
	assert_failure
	wait_for_state "$ID" running
}

@test "start of a stopped container fails" {
	set_args true
	runrt create --bundle "$BUNDLE" "$ID"
	runrt start "$ID"
	wait_for_state "$ID" stopped
	runrt start "$ID"
	assert_failure
}

@test "start of a missing container fails" {
	runrt start "$ID"
	assert_failure
}

@test "delete of a running container without --force fails and leaves it running" {
	run_waiting
	runrt delete "$ID"
	assert_failure
	wait_for_state "$ID" running
	runrt delete --force "$ID"
	assert_success
	runrt state "$ID"
	assert_failure
}

@test "delete --force of a missing id exits 0" {
	runrt delete --force "$ID"
	assert_success
}

@test "delete of a missing id without --force fails" {
	runrt delete "$ID"
	assert_failure
}

@test "kill: default signal is TERM" {
	run_waiting
	runrt kill "$ID"
	assert_success
	wait_for_file "$BUNDLE/rootfs/tmp/signal"
	[ "$(cat "$BUNDLE/rootfs/tmp/signal")" = "signal=15" ]
	wait_for_state "$ID" stopped
}

@test "kill: signal by number" {
	run_waiting
	runrt kill "$ID" 10
	assert_success
	wait_for_file "$BUNDLE/rootfs/tmp/signal"
	[ "$(cat "$BUNDLE/rootfs/tmp/signal")" = "signal=10" ]
}

@test "kill: signal by name SIGUSR2" {
	run_waiting
	runrt kill "$ID" SIGUSR2
	assert_success
	wait_for_file "$BUNDLE/rootfs/tmp/signal"
	[ "$(cat "$BUNDLE/rootfs/tmp/signal")" = "signal=12" ]
}

@test "kill: signal by name without SIG (HUP)" {
	run_waiting
	runrt kill "$ID" HUP
	assert_success
	wait_for_file "$BUNDLE/rootfs/tmp/signal"
	[ "$(cat "$BUNDLE/rootfs/tmp/signal")" = "signal=1" ]
}

@test "kill: KILL stops a container" {
	run_waiting
	runrt kill "$ID" KILL
	assert_success
	wait_for_state "$ID" stopped
	[ ! -e "$BUNDLE/rootfs/tmp/signal" ]
}

@test "kill: an unknown signal name fails and the container keeps running" {
	run_waiting
	runrt kill "$ID" SIGNOPE
	assert_failure
	sleep 0.2
	wait_for_state "$ID" running
	[ ! -e "$BUNDLE/rootfs/tmp/signal" ]
}

# Signal 0 (kill(2)'s existence check), as runc 1.1.5 and crun 1.8.1 take it: success
# while the container's process lives, failure once it is stopped, nothing delivered.
@test "kill: signal 0 checks that the container's process exists" {
	run_waiting
	runrt kill "$ID" 0
	assert_success
	runrt kill --all "$ID" 0
	assert_success
	sleep 0.2
	wait_for_state "$ID" running
	[ ! -e "$BUNDLE/rootfs/tmp/signal" ]
	runrt kill "$ID" KILL
	wait_for_state "$ID" stopped
	runrt kill "$ID" 0
	assert_failure
}

@test "kill: a created container receives the signal" {
	create_waiting
	runrt kill "$ID" KILL
	assert_success
	wait_for_state "$ID" stopped
}

# A v1-frozen process only acts on SIGKILL once thawed: like runc 1.1.5 (and kill --all),
# kill KILL thaws a paused container so that it stops, without a resume.
@test "kill: KILL stops a paused container" {
	run_waiting
	runrt pause "$ID"
	assert_success
	runrt kill "$ID" KILL
	assert_success
	wait_for_state "$ID" stopped
	[ ! -e "$BUNDLE/rootfs/tmp/signal" ]
}

@test "kill of a stopped container fails" {
	set_args true
	runrt create --bundle "$BUNDLE" "$ID"
	runrt start "$ID"
	wait_for_state "$ID" stopped
	runrt kill "$ID" TERM
	assert_failure
}

@test "kill --all on a stopped container succeeds" {
	set_args true
	runrt create --bundle "$BUNDLE" "$ID"
	runrt start "$ID"
	wait_for_state "$ID" stopped
	runrt kill --all "$ID" KILL
	assert_success
}

# Without a pid namespace the init's children outlive it in the cgroup; containerd's shim
# runs `kill --all ID KILL` when the init exits to end them. runc 1.1.5 does; rt did nothing.
@test "kill --all on a stopped container ends what its init left in the cgroup" {
	update_config '.linux.namespaces |= map(select(.type != "pid"))'
	set_args sh -c 'sleep 300 & echo $! >/tmp/child'
	runrt run --detach --bundle "$BUNDLE" "$ID"
	assert_success
	wait_for_state "$ID" stopped
	wait_for_file "$BUNDLE/rootfs/tmp/child"
	child=$(cat "$BUNDLE/rootfs/tmp/child")
	[ "$(tr '\0' ' ' <"/proc/$child/cmdline")" = "sleep 300 " ] || _fail "child $child is not the sleep"
	runrt kill --all "$ID" KILL
	assert_success
	wait_for_exit "$child"
}

@test "kill of a missing container fails" {
	runrt kill "$ID" TERM
	assert_failure
}

# rt is stricter than runc 1.1.5: runc says "container does not exist" without the id.
@test "state of a missing container fails with the id in the error" {
	runrt state "$ID"
	assert_failure
	assert_output_contains "$ID"
}

@test "two containers from the same bundle are independent" {
	ID2=$(new_id)
	create_waiting "$ID"
	runrt create --bundle "$BUNDLE" "$ID2"
	assert_success
	wait_for_state "$ID2" created
	runrt delete --force "$ID"
	assert_success
	wait_for_state "$ID2" created
}
