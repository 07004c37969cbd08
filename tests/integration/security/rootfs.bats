#!/usr/bin/env bats
# Security: rootfs path handling (SECURITY-SCENARIOS S1-S8, S23). The image is hostile:
# every path in it may be a symlink aimed at the host ($OUTSIDE, the canary checked in
# teardown). Each case either refuses or keeps everything inside the rootfs.

load sec

# A mount of this test's host directory tree in the host mount namespace (after
# create: a mount that escaped the container's mount namespace would show here).
refute_host_mount_under() {
	local m
	m=$(host_mounts_under "$1")
	[ -z "$m" ] || _fail "host mount under $1: $m"
}

@test "S1: a mount destination through an absolute symlink stays inside the rootfs" {
	ln -s "$OUTSIDE" "$BUNDLE/rootfs/abs"
	update_config '.mounts += [{"destination": "/abs/x", "type": "tmpfs", "source": "tmpfs"}]'
	set_args /probe mounts
	runrt create --bundle "$BUNDLE" "$ID"
	if [ "$status" -eq 0 ]; then
		refute_host_mount_under "$OUTSIDE"
		[ ! -e "$OUTSIDE/x" ] || _fail "created $OUTSIDE/x on the host"
		# resolved inside the rootfs: the tmpfs sits on rootfs/$OUTSIDE/x
		[ -d "$BUNDLE/rootfs$OUTSIDE/x" ] || _fail "no rootfs$OUTSIDE/x"
		runrt start "$ID"
		assert_success
	fi
	assert_canary
}

@test "S2: a bind destination through a relative ../ symlink is clamped at the rootfs" {
	ln -s "../../../../../../../../..$OUTSIDE" "$BUNDLE/rootfs/rel"
	mkdir -p "$TEST_DIR/src"
	echo bound >"$TEST_DIR/src/f"
	update_config '.mounts += [{"destination": "/rel/y", "type": "bind", "source": $s, "options": ["bind"]}]' \
		--arg s "$TEST_DIR/src"
	set_args sh -c 'cat /rel/y/f'
	runrt run --bundle "$BUNDLE" "$ID"
	if [ "$status" -eq 0 ]; then
		assert_output_contains bound
		[ -d "$BUNDLE/rootfs$OUTSIDE/y" ] || _fail "no rootfs$OUTSIDE/y"
	fi
	[ ! -e "$OUTSIDE/y" ] || _fail "created $OUTSIDE/y on the host"
	refute_host_mount_under "$OUTSIDE"
}

@test "S3: a destination swapped for a host symlink during setup never mounts outside (60 rounds)" {
	# $TEST_DIR/vol is a shared volume; the second container (the host racer) exchanges
	# vol/a (a directory) with vol/b (a symlink to $OUTSIDE) while rt sets up mounts
	# through rootfs/mnt -> /vol/a.
	mkdir -p "$TEST_DIR/vol/a/target"
	ln -s "$OUTSIDE" "$TEST_DIR/vol/b"
	ln -s /vol/a "$BUNDLE/rootfs/mnt"
	update_config '.mounts += [
		{"destination": "/vol", "type": "bind", "source": $v, "options": ["rbind"]},
		{"destination": "/mnt/target", "type": "tmpfs", "source": "tmpfs"},
		{"destination": "/mnt/target2", "type": "bind", "source": $s, "options": ["bind"]}]' \
		--arg v "$TEST_DIR/vol" --arg s "$TEST_DIR/vol"
	set_args true
	"$ATTACK" swap "$TEST_DIR/vol/a" "$TEST_DIR/vol/b" 30 >"$TEST_DIR/swap.out" 2>&1 &
	racer=$!
	for i in $(seq 60); do
		timeout -k 2 20 "$RT" --root "$ROOT" run --bundle "$BUNDLE" "$ID-$i" </dev/null >/dev/null 2>&1 3>&- || true
		timeout -k 2 20 "$RT" --root "$ROOT" delete --force "$ID-$i" </dev/null >/dev/null 2>&1 3>&- || true
		refute_host_mount_under "$OUTSIDE" || break
		[ ! -e "$OUTSIDE/target" ] && [ ! -e "$OUTSIDE/target2" ] || { _fail "round $i created a mountpoint in $OUTSIDE"; break; }
	done
	kill "$racer" 2>/dev/null || true
	wait "$racer" || true
	refute_host_mount_under "$OUTSIDE"
	[ ! -e "$OUTSIDE/target" ] && [ ! -e "$OUTSIDE/target2" ] || _fail "a mountpoint was created in $OUTSIDE"
}

@test "S4: /proc as an absolute symlink is refused" {
	rmdir "$BUNDLE/rootfs/proc"
	ln -s "$OUTSIDE/dir" "$BUNDLE/rootfs/proc"
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	refute_host_mount_under "$OUTSIDE"
}

@test "S4: /proc as a relative symlink to another rootfs directory is refused" {
	rmdir "$BUNDLE/rootfs/proc"
	mkdir "$BUNDLE/rootfs/fakeproc"
	ln -s fakeproc "$BUNDLE/rootfs/proc"
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
}

@test "S5: /sys as a symlink is refused" {
	rmdir "$BUNDLE/rootfs/sys"
	ln -s "$OUTSIDE/dir" "$BUNDLE/rootfs/sys"
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	refute_host_mount_under "$OUTSIDE"
}

@test "S5: /sys/fs/cgroup and /dev/mqueue as symlinks to the host stay inside or are refused" {
	rmdir "$BUNDLE/rootfs/sys"
	mkdir -p "$BUNDLE/rootfs/sys/fs" "$BUNDLE/rootfs/devmq"
	ln -s "$OUTSIDE/dir" "$BUNDLE/rootfs/sys/fs/cgroup"
	# no /dev mount: the image's /dev is used, and its mqueue is a symlink to the host
	update_config 'del(.mounts[] | select(.destination == "/dev"))'
	mkdir -p "$BUNDLE/rootfs/dev/pts" "$BUNDLE/rootfs/dev/shm"
	ln -s "$OUTSIDE/dir" "$BUNDLE/rootfs/dev/mqueue"
	set_args true
	runrt run --bundle "$BUNDLE" "$ID"
	refute_host_mount_under "$OUTSIDE"
}

@test "S6: /dev as a symlink to a host directory, with a /dev tmpfs: nothing is created there" {
	rm -rf "$BUNDLE/rootfs/dev"
	ln -s "$OUTSIDE" "$BUNDLE/rootfs/dev"
	set_args true
	runrt run --bundle "$BUNDLE" "$ID"
	refute_host_mount_under "$OUTSIDE"
	# teardown: $OUTSIDE/ptmx, null and console must be the markers, no fd/stdin/... links
}

@test "S6: /dev as a symlink to a host directory, without a /dev mount: nothing is created there" {
	rm -rf "$BUNDLE/rootfs/dev"
	ln -s "$OUTSIDE" "$BUNDLE/rootfs/dev"
	update_config 'del(.mounts[] | select(.destination | startswith("/dev")))'
	set_args true
	runrt run --bundle "$BUNDLE" "$ID"
	refute_host_mount_under "$OUTSIDE"
}

# S7 (CVE-2025-31133): /dev is a bind of a host directory whose null is not 1:3.
fake_dev() {
	mkdir -p "$TEST_DIR/hostdev"
	update_config '(.mounts[] | select(.destination == "/dev")) |= {"destination": "/dev", "type": "bind",
		"source": $d, "options": ["rbind", "rw"]}' --arg d "$TEST_DIR/hostdev"
	set_args sh -c 'echo "read=$(cat /proc/timer_list)"; echo X >/proc/timer_list && echo write=ok'
}

@test "S7: a regular file as /dev/null does not unmask maskedPaths" {
	fake_dev
	echo LEAKED-CONTENT >"$TEST_DIR/hostdev/null"
	runrt run --bundle "$BUNDLE" "$ID"
	refute_output_contains LEAKED-CONTENT
	refute_line write=ok
	[ "$(cat "$TEST_DIR/hostdev/null")" = LEAKED-CONTENT ] || _fail "the fake /dev/null changed: $(cat "$TEST_DIR/hostdev/null")"
}

@test "S7: /dev/null as a symlink to /proc/sys/kernel/core_pattern does not make it writable" {
	fake_dev
	ln -s /proc/sys/kernel/core_pattern "$TEST_DIR/hostdev/null"
	before=$(cat /proc/sys/kernel/core_pattern)
	runrt run --bundle "$BUNDLE" "$ID"
	after=$(cat /proc/sys/kernel/core_pattern)
	[ "$after" = "$before" ] || echo "$before" >/proc/sys/kernel/core_pattern
	[ "$after" = "$before" ] || _fail "the host core_pattern was overwritten: '$after'"
	refute_line write=ok
}

@test "S7: /dev/null as a symlink to a host file: the file is not exposed, chowned or written" {
	fake_dev
	ln -s "$OUTSIDE/victim" "$TEST_DIR/hostdev/null"
	update_config '.process.user = {"uid": 1000, "gid": 1000}'
	runrt run --bundle "$BUNDLE" "$ID"
	refute_output_contains victim
	refute_line write=ok
	[ "$(stat -c %u:%g "$OUTSIDE/victim")" = 0:0 ] || _fail "victim chowned: $(stat -c %u:%g "$OUTSIDE/victim")"
}

# S8 (CVE-2025-52565, crun CVE-2026-88264): terminal: true with a hostile /dev.
run_terminal() {
	local sock=$TEST_DIR/tty.sock
	update_config '.process.terminal = true'
	"$ATTACK" recvtty "$sock" "$TEST_DIR/tty.report" &
	recv=$!
	for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.05; done
	runrt create --console-socket "$sock" --bundle "$BUNDLE" "$ID"
	create_status=$status
	if [ "$create_status" -eq 0 ]; then
		wait_for_file "$TEST_DIR/tty.report"
		runrt start "$ID"
		wait_for_file "$BUNDLE/rootfs/tmp/console" 5 || true
	fi
	kill "$recv" 2>/dev/null || true
	wait "$recv" 2>/dev/null || true
}

@test "S8: /dev/console as a symlink to a host file: nothing created or chowned there, console is a pty" {
	update_config 'del(.mounts[] | select(.destination == "/dev"))'
	mkdir -p "$BUNDLE/rootfs/dev/pts" "$BUNDLE/rootfs/dev/shm" "$BUNDLE/rootfs/dev/mqueue"
	ln -s "$OUTSIDE/console" "$BUNDLE/rootfs/dev/console"
	ln -s "$OUTSIDE/newconsole" "$BUNDLE/rootfs/dev/tty0"
	update_config '.process.user = {"uid": 1000, "gid": 1000}'
	set_args sh -c 'stat -c "%F %t:%T" /dev/console >/tmp/console'
	run_terminal
	[ ! -e "$OUTSIDE/newconsole" ] || _fail "a file was created on the host"
	if [ "$create_status" -eq 0 ]; then
		grep -q '^chr=1$' "$TEST_DIR/tty.report" || _fail "console master: $(cat "$TEST_DIR/tty.report")"
		grep -q '^rdev=5:2$' "$TEST_DIR/tty.report" || _fail "console master: $(cat "$TEST_DIR/tty.report")"
		run cat "$BUNDLE/rootfs/tmp/console"
		[[ $output == "character special file 88:"* ]] || _fail "/dev/console inside: $output"
	fi
}

@test "S8: a fake /dev/ptmx regular file in the image: the console master is a real devpts ptmx" {
	update_config 'del(.mounts[] | select(.destination == "/dev"))'
	mkdir -p "$BUNDLE/rootfs/dev/pts" "$BUNDLE/rootfs/dev/shm" "$BUNDLE/rootfs/dev/mqueue"
	echo fake >"$BUNDLE/rootfs/dev/ptmx"
	ln -s "$OUTSIDE/console" "$BUNDLE/rootfs/dev/console"
	set_args sh -c 'stat -c "%F %t:%T" /dev/console >/tmp/console'
	run_terminal
	if [ "$create_status" -eq 0 ]; then
		grep -q '^rdev=5:2$' "$TEST_DIR/tty.report" || _fail "console master: $(cat "$TEST_DIR/tty.report")"
		grep -q '^fsmagic=0x1cd1$' "$TEST_DIR/tty.report" || _fail "console master: $(cat "$TEST_DIR/tty.report")"
	fi
}

@test "S23: root.readonly: writes fail with EROFS and a remount rw is refused" {
	update_config '.root.readonly = true'
	set_args sh -c 'touch /x 2>&1; echo touch=$?; mount -o remount,rw / 2>&1; echo remount=$?; touch /y 2>&1; echo touch2=$?'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_line touch=1
	assert_line touch2=1
	[ ! -e "$BUNDLE/rootfs/x" ] && [ ! -e "$BUNDLE/rootfs/y" ] || _fail "the read-only root was written"
}

@test "S23: root.path naming a regular file fails cleanly" {
	rm -rf "$BUNDLE/rootfs"
	echo file >"$BUNDLE/rootfs"
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
}
