#!/usr/bin/env bats
# Known runtime attacks: each must neither touch the host nor leave anything behind.

load helpers

@test "security: a mount destination with .. stays inside the rootfs" {
	mkdir "$TEST_DIR/outside"
	update_config '.mounts += [{"destination": $d, "type": "tmpfs", "source": "tmpfs", "options": ["size=1m"]}]' \
		--arg d "/../../../../../../..$TEST_DIR/outside"
	set_args /probe write "$TEST_DIR/outside/x" y
	runrt run --bundle "$BUNDLE" "$ID"
	[ ! -e "$TEST_DIR/outside/x" ]
	! grep -q " $TEST_DIR/outside " /proc/self/mountinfo
}

@test "security: a rootfs /proc that is a symlink to the host does not get procfs mounted on the host" {
	mkdir "$TEST_DIR/hostdir"
	rm -rf "$BUNDLE/rootfs/proc"
	ln -s "$TEST_DIR/hostdir" "$BUNDLE/rootfs/proc"
	set_args true
	runrt run --bundle "$BUNDLE" "$ID"
	! grep -q " $TEST_DIR/hostdir " /proc/self/mountinfo
	[ -z "$(ls -A "$TEST_DIR/hostdir")" ]
}

@test "security: a bind mount over a /proc file that controls the host is refused" {
	echo '|/bin/false' >"$TEST_DIR/core_pattern"
	update_config '.mounts += [{"destination": "/proc/sys/kernel/core_pattern", "type": "bind", "source": $s, "options": ["bind"]}]' \
		--arg s "$TEST_DIR/core_pattern"
	set_args true
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains /proc/sys/kernel/core_pattern
}

@test "security: a bind mount source symlink resolves on the host side" {
	# the source is a host path by definition; the destination is what must stay inside
	mkdir -p "$TEST_DIR/src"
	echo ok >"$TEST_DIR/src/f"
	ln -s "$TEST_DIR/src" "$TEST_DIR/srclink"
	update_config '.mounts += [{"destination": "/m", "type": "bind", "source": $s, "options": ["bind", "ro"]}]' \
		--arg s "$TEST_DIR/srclink"
	set_args /probe cat /m/f
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_line ok
}

@test "security: the container cannot see the runtime binary through /proc" {
	# CVE-2019-5736: the container must never be able to open the runtime's executable for
	# writing; after execve its pid 1 is the payload, and /proc/1/exe is the payload.
	set_args sh -c 'readlink /proc/1/exe; /probe write /proc/1/exe x'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[ "${lines[0]}" = /bin/busybox ] || _fail "pid 1 exe: ${lines[0]}"
	refute_line write=0
}

@test "security: host pids are invisible in the container" {
	set_args sh -c 'ls /proc | grep -E "^[0-9]+$" | tr "\n" " "'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	for p in $output; do [ "$p" -le 10 ] || _fail "host pid $p visible"; done
}

@test "security: no new privileges blocks setuid escalation" {
	cp "$BUNDLE/rootfs/probe" "$BUNDLE/rootfs/suid-probe"
	chmod 4755 "$BUNDLE/rootfs/suid-probe"
	update_config '.process.user = {"uid": 1000, "gid": 1000} | .process.noNewPrivileges = true'
	set_args /suid-probe ids
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe euid 1000
	update_config '.process.noNewPrivileges = false'
	runrt run --bundle "$BUNDLE" "$(new_id)"
	assert_success
	assert_probe euid 0
}
