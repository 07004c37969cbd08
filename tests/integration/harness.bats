#!/usr/bin/env bats
# The harness checks itself: teardown must notice each kind of leftover (and clean it).

load helpers

@test "harness: teardown fails on a leaked process carrying the test marker" {
	env "RT_TEST_MARK=$TEST_DIR" sleep 100 &
	pid=$!
	run rt_teardown
	assert_failure
	assert_output_contains "processes: $pid(sleep)"
	wait_for_exit "$pid"
}

@test "harness: teardown fails on a leaked mount under the test directory" {
	mkdir "$TEST_DIR/mnt"
	mount -t tmpfs rt-test "$TEST_DIR/mnt"
	run rt_teardown
	assert_failure
	assert_output_contains "mounts: $TEST_DIR/mnt"
	! grep -q "$TEST_DIR" /proc/self/mountinfo
}

@test "harness: teardown fails on a leaked cgroup named after the test" {
	mkdir "/sys/fs/cgroup/pids/leak-$TEST_TAG"
	run rt_teardown
	assert_failure
	assert_output_contains "cgroups: /sys/fs/cgroup/pids/leak-$TEST_TAG"
	[ ! -d "/sys/fs/cgroup/pids/leak-$TEST_TAG" ]
}

@test "harness: teardown fails on a leftover state entry" {
	touch "$ROOT/leftover"
	run rt_teardown
	assert_failure
	assert_output_contains "state dir under $ROOT: leftover"
}

@test "harness: teardown passes after a clean run and removes the test directory" {
	dir=$TEST_DIR
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	run rt_teardown
	assert_success
	[ ! -e "$dir" ]
}

@test "harness: the probe reports key=value lines" {
	[ -x "$BUNDLE/rootfs/probe" ]
	run "$BUNDLE/rootfs/probe" ids
	assert_success
	assert_probe uid "$(id -u)"
	run "$BUNDLE/rootfs/probe" syscall getpid nosuchcall
	assert_line syscall.getpid=0
	assert_line syscall.nosuchcall=unknown
	run "$BUNDLE/rootfs/probe" nosuchcommand
	assert_status 2
}

@test "harness: teardown fails on a leaked process whose cwd is in the bundle" {
	(cd "$BUNDLE" && exec sleep 100) &
	pid=$!
	cd "$BUNDLE" # the test's own shell there is not a leftover
	run rt_teardown
	assert_failure
	assert_output_contains "processes: $pid(sleep)"
}
