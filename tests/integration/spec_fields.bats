#!/usr/bin/env bats
# Fields of runtime-spec 1.1-1.3 that runc 1.1.5 does not implement, checked against the
# spec text: process.execCPUAffinity, ...

load helpers

cpus_allowed() { awk '/^Cpus_allowed_list:/ { print $2 }' "${1:-/dev/stdin}"; }

# rt's own affinity may be narrower than the machine (taskset): pick two CPUs it may use.
two_cpus() {
	local l
	l=$(cpus_allowed /proc/self/status)
	[[ $l =~ ^([0-9]+)([-,])([0-9]+) ]] || skip "needs two CPUs (have $l)"
	FIRST=${BASH_REMATCH[1]} SECOND=${BASH_REMATCH[3]}
	[ "${BASH_REMATCH[2]}" = , ] || SECOND=$((FIRST + 1))
}

# runtime-spec config.md: execCPUAffinity "specifies CPU affinity used to execute the
# process. This setting is not applicable to the container's init process." `initial` is
# the runtime's affinity before the transition to the container's cgroup; the kernel keeps
# that mask across the cpuset transition. (runc's tests/integration/cpu_affinity.bats:
# config.json's execCPUAffinity applies to `runc exec`.)
@test "execCPUAffinity: only initial set: an exec'd process runs on it" {
	two_cpus
	update_config '.process.execCPUAffinity = {"initial": $c}' --arg c "$SECOND"
	run_waiting
	runrt exec "$ID" sh -c 'grep ^Cpus_allowed_list: /proc/self/status'
	assert_success
	[ "$(cpus_allowed <<<"$output")" = "$SECOND" ] || _fail "exec'd process on $(cpus_allowed <<<"$output")"
	# the init is not affected
	[ "$(cpus_allowed "/proc/$(rt_state "$ID" | jq -r .pid)/status")" = "$(cpus_allowed /proc/self/status)" ] ||
		_fail "init on $(cpus_allowed "/proc/$(rt_state "$ID" | jq -r .pid)/status")"
}

@test "execCPUAffinity: initial and final: an exec'd process ends on final; the init on neither" {
	two_cpus
	update_config '.process.execCPUAffinity = {"initial": $a, "final": $b}' --arg a "$FIRST" --arg b "$SECOND"
	run_waiting
	[ "$(cpus_allowed "/proc/$(rt_state "$ID" | jq -r .pid)/status")" = "$(cpus_allowed /proc/self/status)" ] ||
		_fail "init on $(cpus_allowed "/proc/$(rt_state "$ID" | jq -r .pid)/status")"
	runrt exec "$ID" sh -c 'grep ^Cpus_allowed_list: /proc/self/status'
	assert_success
	[ "$(cpus_allowed <<<"$output")" = "$SECOND" ] || _fail "exec'd process on $(cpus_allowed <<<"$output")"
}

@test "execCPUAffinity: exec --process with only initial; a CPU that does not exist fails exec and names the field" {
	two_cpus
	run_waiting
	jq '.process | .args = ["sh", "-c", "grep ^Cpus_allowed_list: /proc/self/status"]
		| .execCPUAffinity = {"initial": $c}' --arg c "$FIRST" "$BUNDLE/config.json" >"$TEST_DIR/p.json"
	runrt exec --process "$TEST_DIR/p.json" "$ID"
	assert_success
	[ "$(cpus_allowed <<<"$output")" = "$FIRST" ] || _fail "exec'd process on $(cpus_allowed <<<"$output")"
	jq '.execCPUAffinity = {"initial": "4095"}' "$TEST_DIR/p.json" >"$TEST_DIR/p2.json"
	runrt exec --process "$TEST_DIR/p2.json" "$ID"
	assert_failure
	assert_output_contains "execCPUAffinity.initial"
}

# The kernel's refusal of a value the config checks cannot catch still names the field.
@test "process.scheduler, linux.memoryPolicy: a value the kernel refuses fails naming the field" {
	set_args true
	update_config '.process.scheduler = {"policy": "SCHED_DEADLINE", "runtime": 2000000, "deadline": 1000000, "period": 1000000}'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "process.scheduler: sched_setattr"
	update_config 'del(.process.scheduler) | .linux.memoryPolicy = {"mode": "MPOL_BIND", "nodes": "1000"}'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "linux.memoryPolicy: set_mempolicy"
}

@test "process.scheduler, process.ioPriority, linux.personality: applied to the init" {
	update_config '.process.scheduler = {"policy": "SCHED_BATCH", "nice": 7}
		| .process.ioPriority = {"class": "IOPRIO_CLASS_IDLE", "priority": 0}
		| .linux.personality = {"domain": "LINUX32"}'
	set_args sh -c '/probe sched; ionice; uname -m'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe sched.policy SCHED_BATCH
	assert_probe sched.nice 7
	assert_line idle
	[ "${lines[${#lines[@]} - 1]}" != "$(uname -m)" ] || _fail "uname -m unchanged: ${lines[*]}"
}
