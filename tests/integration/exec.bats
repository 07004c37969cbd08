#!/usr/bin/env bats
# rt exec: a new process in a running container joins its namespaces, cgroup and
# security settings; exit codes, detached exec, errors.

load helpers

start_container() {
	set_args /probe sigwait
	runrt run --detach --bundle "$BUNDLE" "$ID"
	assert_success
	INIT_PID=$(rt_state "$ID" | jq -r .pid)
}

@test "exec: the process joins every namespace of the container" {
	start_container
	runrt exec "$ID" /probe ns
	assert_success
	for ns in ipc mnt net pid uts cgroup; do
		want=$(stat -L -c %i "/proc/$INIT_PID/ns/$ns")
		assert_probe "ns.$ns" "$want"
	done
}

@test "exec: the process is in the container's cgroup" {
	start_container
	runrt exec "$ID" sh -c 'echo $$ > /tmp/exec.pid; cat /proc/self/cgroup; sleep 0.1'
	assert_success
	# Inside a cgroup namespace every hierarchy reads as the container's root.
	while IFS=: read -r _ ctrl path; do
		[ "$path" = / ] || _fail "$ctrl:$path is not the container's cgroup"
	done <<<"$output"
}

@test "exec: exit code passes through; a signal gives 128+n" {
	start_container
	runrt exec "$ID" sh -c 'exit 42'
	assert_status 42
	runrt exec "$ID" sh -c 'kill -USR1 $$'
	assert_status 138
}

@test "exec: the container's capabilities, no_new_privs and seccomp apply" {
	update_config '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW",
		"architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
		"syscalls": [{"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 22}]}'
	start_container
	runrt exec "$ID" /probe caps
	assert_success
	assert_probe CapBnd 0000000020000420
	assert_probe CapEff 0000000020000420
	assert_probe NoNewPrivs 1
	assert_probe Seccomp 2
}

@test "exec: --cap adds to bounding/effective/permitted, never inheritable or ambient" {
	start_container
	runrt exec --cap CAP_SYS_ADMIN "$ID" /probe caps
	assert_success
	assert_probe CapBnd 0000000020200420
	assert_probe CapEff 0000000020200420
	assert_probe CapInh 0000000000000000
	assert_probe CapAmb 0000000000000000
}

@test "exec: --env merges with the container env, --cwd and --user apply" {
	update_config '.process.env += ["KEEP=1", "OVER=old"]'
	start_container
	runrt exec --env OVER=new --env NEW=2 --cwd /tmp --user 1000:1001 "$ID" sh -c 'echo KEEP=$KEEP OVER=$OVER NEW=$NEW; pwd; id -u; id -g'
	assert_success
	assert_line "KEEP=1 OVER=new NEW=2"
	assert_line /tmp
	assert_line 1000
	assert_line 1001
}

@test "exec: --process FILE runs the whole process JSON" {
	start_container
	cat >"$TEST_DIR/process.json" <<-'JSON'
	{"terminal": false, "user": {"uid": 0, "gid": 0}, "args": ["sh", "-c", "echo from-process-file; exit 5"],
	 "env": ["PATH=/bin:/usr/bin"], "cwd": "/"}
	JSON
	runrt exec --process "$TEST_DIR/process.json" "$ID"
	assert_status 5
	assert_line from-process-file
}

@test "exec: --detach --pid-file writes the pid before returning" {
	start_container
	runrt exec --detach --pid-file "$TEST_DIR/exec.pid" "$ID" sleep 30
	assert_success
	pid=$(cat "$TEST_DIR/exec.pid")
	[[ $pid =~ ^[0-9]+$ ]] || _fail "pid file: '$pid'"
	[ "$(tr '\0' ' ' <"/proc/$pid/cmdline")" = "sleep 30 " ] || _fail "pid $pid is not the exec'd process"
}

@test "exec: a missing executable gives runc's message" {
	start_container
	runrt exec "$ID" no-such-binary
	assert_failure
	assert_output_contains 'exec: "no-such-binary": executable file not found in $PATH'
}

@test "exec: into a stopped or missing container is a clear error" {
	set_args true
	runrt create --bundle "$BUNDLE" "$ID"
	runrt start "$ID"
	wait_for_state "$ID" stopped
	runrt exec "$ID" true
	assert_failure
	assert_output_contains "stopped"
	runrt exec no-such-container true
	assert_failure
	assert_output_contains "does not exist"
}

@test "exec: into a paused container fails unless --ignore-paused" {
	start_container
	runrt pause "$ID"
	assert_success
	runrt exec "$ID" true
	assert_failure
	assert_output_contains paused
	runrt resume "$ID"
	assert_success
	runrt exec "$ID" true
	assert_success
}

@test "exec: the process sees only stdio" {
	start_container
	runrt exec "$ID" /probe fds
	assert_success
	[ "$(grep -c '^fd\.' <<<"$output")" -eq 3 ] || _fail "fds: $output"
}
