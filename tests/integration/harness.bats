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

@test "mkbundle.sh: a busybox rootfs with every applet, users, and a config printing what it sees" {
	RT=$RT "$RT_SRCDIR/contrib/mkbundle.sh" "$TEST_DIR/demo" >/dev/null
	r=$TEST_DIR/demo/rootfs
	[ -x "$r/bin/busybox" ]
	[ "$(readlink "$r/bin/sh")" = /bin/busybox ]
	[ "$(find "$r" -type l | wc -l)" -eq "$(("$(/bin/busybox --list-full | grep -vcx bin/busybox)"))" ]
	grep -q '^root:x:0:0:' "$r/etc/passwd" && grep -q '^nobody:x:65534:' "$r/etc/passwd"
	grep -q '^root:x:0:' "$r/etc/group"
	for d in proc sys dev tmp; do [ -d "$r/$d" ]; done
	jq -e '.process.terminal == false and .root.path == "rootfs" and .process.args[0] == "sh"' \
		"$TEST_DIR/demo/config.json" >/dev/null
}

@test "mkbundle.sh: the demo bundle runs and shows hostname, pid 1 and mounts" {
	RT=$RT "$RT_SRCDIR/contrib/mkbundle.sh" "$TEST_DIR/demo" >/dev/null
	jq --arg mark "RT_TEST_MARK=$TEST_DIR" '.process.env += [$mark]' "$TEST_DIR/demo/config.json" >"$TEST_DIR/demo/c.json"
	mv "$TEST_DIR/demo/c.json" "$TEST_DIR/demo/config.json"
	runrt run --bundle "$TEST_DIR/demo" "$ID"
	assert_success
	assert_line "hostname: $(jq -r .hostname "$TEST_DIR/demo/config.json")"
	assert_line "pid: 1"
	assert_line "mounts:"
	# mountinfo lines: the root and /proc at least (field 5 is the mount point)
	awk '$5 == "/" { r = 1 } $5 == "/proc" { p = 1 } END { exit !(r && p) }' <<<"$output" || _fail "no / or /proc mount"
}

@test "mkbundle.sh --rootless: a user namespace mapping the caller, no network namespace" {
	RT=/nonexistent-runtime "$RT_SRCDIR/contrib/mkbundle.sh" --rootless "$TEST_DIR/rl" >/dev/null
	jq -e '(.linux.namespaces | map(.type) | index("user") and (index("network") | not))
		and .linux.uidMappings[0].hostID == 0 and .linux.uidMappings[0].size == 1' "$TEST_DIR/rl/config.json" >/dev/null
}

@test "mkbundle.sh: without a usable \$RT spec it falls back to the committed template" {
	RT=/nonexistent-runtime "$RT_SRCDIR/contrib/mkbundle.sh" "$TEST_DIR/tpl" >/dev/null
	jq -e '.process.terminal == false and (.linux.namespaces | length) > 0' "$TEST_DIR/tpl/config.json" >/dev/null
	[ "$(jq -S 'del(.process.args)' "$TEST_DIR/tpl/config.json")" = \
		"$(jq -S 'del(.process.args)' "$RT_SRCDIR/tests/integration/config.template.json")" ]
}
