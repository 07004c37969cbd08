#!/usr/bin/env bats
# File descriptors: only stdio and the preserved fds reach the container.

load helpers

# rt_with_fds SETUP ARGS...: run the runtime from a subshell that first evaluates SETUP
# (e.g. 'exec 3<file') and then execs the runtime, which inherits those fds ($BASHPID
# in SETUP is the runtime's pid); output is captured like runrt.
rt_with_fds() {
	local setup=$1
	shift
	run bash -c '
		out=$(mktemp "$TEST_DIR/out.XXXXXX")
		(eval "$0"; exec "$RT" --root "$ROOT" "$@" </dev/null >"$out" 2>&1)
		rc=$?
		cat "$out"
		exit $rc' "$setup" "$@"
}

fd_keys() { printf '%s\n' "${lines[@]}" | grep '^fd\.' | cut -d= -f1 | sort -V | tr '\n' ' '; }

@test "fds: only 0, 1 and 2 are open in the container" {
	set_args /probe fds
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[ "$(fd_keys)" = "fd.0 fd.1 fd.2 " ] || _fail "open fds: $(fd_keys)"
}

@test "fds: a non-CLOEXEC fd of the caller does not reach the container" {
	export TEST_DIR ROOT RT
	echo leak >"$TEST_DIR/leak"
	set_args /probe fds
	rt_with_fds 'exec 3<"$TEST_DIR/leak" 7<"$TEST_DIR/leak" 42>"$TEST_DIR/leak2"' run --bundle "$BUNDLE" "$ID"
	assert_success
	[ "$(fd_keys)" = "fd.0 fd.1 fd.2 " ] || _fail "open fds: $(fd_keys)"
	refute_output_contains "$TEST_DIR/leak"
}

@test "fds: the created init holds no inherited fd, on either side of the --log fd" {
	export TEST_DIR ROOT RT
	echo leak >"$TEST_DIR/leak"
	set_args /probe fds
	# With bats's own fds (4 and up) closed first and 3, 5, 9 taken, rt's log gets fd 4: fds 3
	# and 5 lie right below and above it, 9 further up. The waiting init must hold none (a caller
	# reading a pipe would wait for EOF for as long as it lives).
	rt_with_fds 'for f in $(ls /proc/$BASHPID/fd); do [ "$f" -gt 2 ] && eval "exec $f>&-"; done 2>/dev/null
		exec 3<"$TEST_DIR/leak" 5<"$TEST_DIR/leak" 9<"$TEST_DIR/leak"' \
		--log "$TEST_DIR/rt.log" create --bundle "$BUNDLE" "$ID"
	assert_success
	pid=$(rt_state "$ID" | jq -r .pid)
	[ "$pid" -gt 0 ] || _fail "no init pid"
	held=$(ls -l "/proc/$pid/fd" | grep -c "$TEST_DIR/leak" || true)
	[ "$held" = 0 ] || _fail "the init holds $held inherited fds: $(ls -l /proc/$pid/fd)"
	set_args /nonexistent
	rt_with_fds 'exec 3<"$TEST_DIR/leak" 9<"$TEST_DIR/leak"' --log "$TEST_DIR/rt.log" run --bundle "$BUNDLE" "$ID-2"
	assert_failure
	grep -q nonexistent "$TEST_DIR/rt.log" || _fail "the error is not in the log: $(cat "$TEST_DIR/rt.log")"
}

@test "fds: --preserve-fds 2 passes fds 3 and 4, and nothing above" {
	export TEST_DIR ROOT RT
	echo three >"$TEST_DIR/three"
	echo four >"$TEST_DIR/four"
	echo five >"$TEST_DIR/five"
	set_args sh -c '/probe fds; echo read3=$(cat <&3); echo read4=$(cat <&4)'
	rt_with_fds 'exec 3<"$TEST_DIR/three" 4<"$TEST_DIR/four" 5<"$TEST_DIR/five"' run --preserve-fds 2 --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe read3 three
	assert_probe read4 four
	[ "$(printf '%s\n' "${lines[@]}" | grep '^fd\.' | cut -d= -f1 | sort -V | head -n5 | tr '\n' ' ')" = "fd.0 fd.1 fd.2 fd.3 fd.4 " ] ||
		_fail "open fds: $(fd_keys)"
	refute_output_contains "$TEST_DIR/five"
}

@test "fds: --preserve-fds with create passes the fds to the container's process on start" {
	export TEST_DIR ROOT RT
	echo three >"$TEST_DIR/three"
	set_args sh -c 'cat <&3 >/tmp/read3'
	rt_with_fds 'exec 3<"$TEST_DIR/three"' create --preserve-fds 1 --bundle "$BUNDLE" "$ID"
	assert_success
	runrt start "$ID"
	assert_success
	wait_for_file "$BUNDLE/rootfs/tmp/read3"
	[ "$(cat "$BUNDLE/rootfs/tmp/read3")" = three ]
}

@test "fds: a detached container's stdio is the caller's stdio (terminal false)" {
	run_waiting
	pid=$(rt_state "$ID" | jq -r .pid)
	# _rt_capture gave the runtime /dev/null on 0 and a (now deleted) file on 1 and 2
	[ "$(readlink "/proc/$pid/fd/0")" = /dev/null ] || _fail "stdin is $(readlink "/proc/$pid/fd/0")"
	[[ $(readlink "/proc/$pid/fd/1") == "$TEST_DIR"/out.* ]] || _fail "stdout is $(readlink "/proc/$pid/fd/1")"
	[[ $(readlink "/proc/$pid/fd/2") == "$TEST_DIR"/out.* ]] || _fail "stderr is $(readlink "/proc/$pid/fd/2")"
	[ "$(ls "/proc/$pid/fd" | sort -n | tr '\n' ' ')" = "0 1 2 " ] || _fail "fds: $(ls "/proc/$pid/fd")"
}

@test "fds: stdio that is the caller's /dev/null is the container's own /dev/null in the init, as with runc and crun (also in a user namespace)" {
	# ash's $$ is the shell: its fds, not those of the $(...) pipe
	set_args sh -c 'r=; for f in 0 1 2; do r="$r fd$f=$(stat -L -c %d:%i:%t:%T /proc/$$/fd/$f)"; done
		echo x >/dev/stdout && r="$r write=0"
		echo "$r null=$(stat -c %d:%i:%t:%T /dev/null)" >/tmp/report'
	for userns in false true; do
		if [ $userns = true ]; then
			update_config '.linux.namespaces += [{"type": "user"}]
				| .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
				| .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
			ID=$(new_id)
		fi
		rm -f "$BUNDLE/rootfs/tmp/report"
		run bash -c '"$1" --root "$2" --log "$3" create --bundle "$4" "$5" </dev/null >/dev/null 2>/dev/null 3>&-' \
			_ "$RT" "$ROOT" "$TEST_DIR/rt.log" "$BUNDLE" "$ID"
		[ "$status" = 0 ] || _fail "create (userns $userns): $(cat "$TEST_DIR/rt.log")"
		runrt start "$ID"
		assert_success
		wait_for_state "$ID" stopped
		read -r -a report <"$BUNDLE/rootfs/tmp/report" || _fail "no report (userns $userns)"
		lines=("${report[@]}")
		null=$(probe_value null)
		[[ $null == *:1:3 ]] || _fail "the container's /dev/null: $null"
		assert_probe fd0 "$null"
		assert_probe fd1 "$null"
		assert_probe fd2 "$null"
		assert_probe write 0
	done
}

@test "fds: a non-root process.user can reopen its stdio pipe (/dev/stdout), as with runc and crun; a file of the caller's keeps its owner" {
	update_config '.process.user = {"uid": 1000, "gid": 1000}'
	set_args sh -c 'echo out >/dev/stdout; echo err >/dev/stderr; exit 0'
	# stdout: a pipe made by the caller (as conmon and the shims do); stderr: a file of the caller's
	run bash -c 'set -o pipefail; "$1" --root "$2" run --bundle "$3" "$4" </dev/null 2>"$5" 3>&- | cat' \
		_ "$RT" "$ROOT" "$BUNDLE" "$ID" "$TEST_DIR/stderr"
	assert_success
	assert_line out
	[ "$(stat -c %u "$TEST_DIR/stderr")" = 0 ] || _fail "the caller's file was chowned: $(stat -c %u "$TEST_DIR/stderr")"
}

@test "fds: LISTEN_FDS sockets are passed (systemd socket activation)" {
	export TEST_DIR ROOT RT
	echo sock >"$TEST_DIR/sock"
	set_args sh -c '/probe fds; /probe env'
	rt_with_fds 'exec 3<"$TEST_DIR/sock"; export LISTEN_FDS=1 LISTEN_PID=$BASHPID' run --bundle "$BUNDLE" "$ID"
	assert_success
	probe_value fd.3 >/dev/null || _fail "fd 3 not passed"
	assert_line LISTEN_FDS=1
	assert_line LISTEN_PID=1
}
