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

# A seccomp agent on a unix socket: receives the container process state with the listener
# fd (SCM_RIGHTS), writes what it got to $1.json, then answers one notification with EACCES.
start_seccomp_agent() {
	cat >"$TEST_DIR/agent.py" <<'PY'
import array, fcntl, json, os, socket, struct, sys
path, out = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(path)
s.listen(1)
print("listening", flush=True)
c, _ = s.accept()
fds, data = array.array("i"), b""
while True:
    msg, anc, _, _ = c.recvmsg(65536, socket.CMSG_SPACE(16 * fds.itemsize))
    for level, typ, d in anc:
        if level == socket.SOL_SOCKET and typ == socket.SCM_RIGHTS:
            fds.frombytes(d[: len(d) - (len(d) % fds.itemsize)])
    data += msg
    try:
        state = json.loads(data)
        break
    except ValueError:
        if not msg:
            sys.exit("no state")
state["_fd"] = os.readlink("/proc/self/fd/%d" % fds[0]) if len(fds) == 1 else "%d fds" % len(fds)
with open(out + ".tmp", "w") as f:
    json.dump(state, f)
os.rename(out + ".tmp", out)
req = bytearray(80)  # struct seccomp_notif; SECCOMP_IOCTL_NOTIF_RECV, then NOTIF_SEND -EACCES
fcntl.ioctl(fds[0], 0xC0502100, req, True)
fcntl.ioctl(fds[0], 0xC0182101, bytearray(struct.pack("=QqiI", struct.unpack_from("=Q", req)[0], 0, -13, 0)), True)
PY
	rm -f "$TEST_DIR/$1.json" "$TEST_DIR/agent.sock" "$TEST_DIR/agent.out"
	python3 "$TEST_DIR/agent.py" "$TEST_DIR/agent.sock" "$TEST_DIR/$1.json" >"$TEST_DIR/agent.out" 2>&1 3>&- &
	AGENT_PID=$!
	for _ in $(seq 100); do
		grep -q listening "$TEST_DIR/agent.out" 2>/dev/null && return 0
		sleep 0.05
	done
	_fail "seccomp agent did not start: $(cat "$TEST_DIR/agent.out")"
}

# runtime-spec config-linux.md (listenerPath), implemented by runc 1.1.5: the runtime sends
# the container process state with the seccomp listener fd to the socket. rt used to load
# the filter and never send the fd: the agent got nothing, the syscall ENOSYS.
@test "security: SCMP_ACT_NOTIFY sends the listener fd and the process state to listenerPath, for the init and exec" {
	command -v python3 >/dev/null || skip "needs python3"
	update_config '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": $p,
		"listenerMetadata": "k=\"v\"", "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_NOTIFY"}]}' \
		--arg p "$TEST_DIR/agent.sock"
	set_args sh -c 'mkdir /tmp/x; /probe sigwait'
	start_seccomp_agent init
	runrt create --bundle "$BUNDLE" "$ID"
	assert_success
	pid=$(rt_state "$ID" | jq -r .pid)
	# with noNewPrivileges the filter (and so its listener) comes as late as possible: at start
	runrt start "$ID"
	assert_success
	wait_for_file "$TEST_DIR/init.json"
	f=$TEST_DIR/init.json
	[ "$(jq -c .fds "$f")" = '["seccompFd"]' ] || _fail "fds: $(cat "$f")"
	[ "$(jq -r ._fd "$f")" = "anon_inode:seccomp notify" ] || _fail "fd: $(cat "$f")"
	[ "$(jq -r .pid "$f")" = "$pid" ] || _fail "pid: $(cat "$f"), init $pid"
	[ "$(jq -r .metadata "$f")" = 'k="v"' ] || _fail "metadata: $(cat "$f")"
	[ "$(jq -r .state.id "$f")" = "$ID" ] && [ "$(jq -r .state.pid "$f")" = "$pid" ] &&
		[ "$(jq -r .state.bundle "$f")" = "$BUNDLE" ] || _fail "state: $(cat "$f")"
	wait "$AGENT_PID"
	# the agent answered the init's mkdir: EACCES, not ENOSYS
	[ ! -e "$BUNDLE/rootfs/tmp/x" ]
	start_seccomp_agent exec
	runrt exec "$ID" sh -c 'mkdir /tmp/y 2>&1; true'
	assert_success
	assert_output_contains "Permission denied"
	wait "$AGENT_PID"
	f=$TEST_DIR/exec.json
	[ "$(jq -r .state.pid "$f")" = "$pid" ] && [ "$(jq -r .pid "$f")" != "$pid" ] && [ "$(jq -r .state.status "$f")" = running ] ||
		_fail "exec state: $(cat "$f")"
}

@test "security: SCMP_ACT_NOTIFY with no agent at listenerPath fails create naming the field" {
	update_config '.linux.seccomp = {"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": $p,
		"syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_NOTIFY"}]}' --arg p "$TEST_DIR/none.sock"
	set_args true
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "linux.seccomp.listenerPath"
	runrt state "$ID"
	assert_failure
}
