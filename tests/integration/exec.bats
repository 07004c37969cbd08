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

# A name twice in process.env: runc and crun keep it once, with its last value. rt passed
# both, so `exec --env DUP=3` left DUP=2 behind it (bash takes the last one it reads).
@test "exec: a duplicate env name is passed once, with its last value (--env overrides it)" {
	update_config '.process.env += ["DUP=1", "OTHER=x", "DUP=2"]'
	start_container
	# (the environ goes through tr: bash drops the NULs of a command substitution)
	run sh -c '"$@" | tr "\0" "\n" | grep "^DUP="' sh "$RT" --root "$ROOT" exec "$ID" cat /proc/self/environ
	[ "$output" = DUP=2 ] || _fail "exec env"
	run sh -c '"$@" | tr "\0" "\n" | grep "^DUP="' sh "$RT" --root "$ROOT" exec --env DUP=3 "$ID" cat /proc/self/environ
	[ "$output" = DUP=3 ] || _fail "exec --env"
	[ "$(tr '\0' '\n' <"/proc/$INIT_PID/environ" | grep '^DUP=')" = DUP=2 ] || _fail "init env"
}

# rt.1: "Add a supplementary group"; runc 1.1.5 appends to the config's additionalGids too.
@test "exec: --additional-gids adds to the container's additionalGids" {
	update_config '.process.user.additionalGids = [2000, 2001]'
	start_container
	runrt exec --user 1000:1000 --additional-gids 2002 --additional-gids 2003 "$ID" id -G
	assert_success
	[ "$(tr ' ' '\n' <<<"$output" | sort -n | tr '\n' ' ')" = "1000 2000 2001 2002 2003 " ] || _fail "groups"
}

# SIG_IGN survives execve: rt handed what its caller ignored (nohup, a daemon's SIGPIPE)
# to the container. runc and crun start the container's processes from the defaults.
@test "run and exec: signals the caller ignores are not ignored in the container" {
	set_args sleep 100
	(
		trap '' HUP INT PIPE USR1 TERM
		"$RT" --root "$ROOT" run --detach --bundle "$BUNDLE" "$ID" </dev/null >/dev/null 2>&1
		"$RT" --root "$ROOT" exec "$ID" grep SigIgn /proc/self/status >"$TEST_DIR/exec.sigign" 2>&1
	)
	# HUP INT USR1 PIPE TERM: bits 0 1 9 12 14 (the harness may ignore glibc's 32 and 33 itself)
	pid=$(rt_state "$ID" | jq -r .pid)
	init=$(awk '/^SigIgn:/ { print $2 }' "/proc/$pid/status")
	exec=$(awk '/^SigIgn:/ { print $2 }' "$TEST_DIR/exec.sigign")
	[ -n "$init" ] && [ $((0x$init & 0x4203)) -eq 0 ] || _fail "init: SigIgn $init"
	[ -n "$exec" ] && [ $((0x$exec & 0x4203)) -eq 0 ] || _fail "exec: SigIgn $exec"
}

# 4294967295 is (uid_t)-1, "leave unchanged" to setresuid: rt ran such a process as root.
# runc refuses it ("uids and gids must be in range"); so does rt now, for exec and create.
@test "exec and create: uid or gid 4294967295 is refused, never run as root" {
	start_container
	runrt exec --user 4294967295 "$ID" id -u
	assert_failure
	refute_line 0
	runrt exec --user 1000:4294967295 "$ID" id -g
	assert_failure
	refute_line 0
	ID2=$(new_id)
	update_config '.process.user = {"uid": 4294967295, "gid": 4294967295} | .process.args = ["id", "-u"]'
	runrt run --bundle "$BUNDLE" "$ID2"
	assert_failure
	refute_line 0
}

# runc and crun fail an exec whose cwd is missing (`docker exec -w /typo` reports it); rt
# made the directory, as root, in the running container. (The init's cwd is still made.)
@test "exec: a missing cwd fails the exec and is not created" {
	start_container
	runrt exec --cwd /no-such-dir "$ID" sh -c 'touch /ran; pwd'
	assert_failure
	assert_output_contains "/no-such-dir"
	[ ! -e "$BUNDLE/rootfs/no-such-dir" ] || _fail "the cwd was created"
	[ ! -e "$BUNDLE/rootfs/ran" ] || _fail "the process ran"
	runrt exec --cwd /tmp "$ID" pwd
	assert_success
	assert_line /tmp
}

# runtime-spec: process.cwd MUST be an absolute path (create refuses one; runc's exec too).
@test "exec: a relative cwd (--cwd or in --process) is refused and nothing runs" {
	start_container
	runrt exec --cwd tmp "$ID" sh -c 'touch /ran-flag; pwd'
	assert_failure
	assert_output_contains "absolute"
	echo '{"args": ["sh", "-c", "touch /ran-process; pwd"], "cwd": "tmp", "user": {"uid": 0, "gid": 0}}' \
		>"$TEST_DIR/process.json"
	runrt exec --process "$TEST_DIR/process.json" "$ID"
	assert_failure
	assert_output_contains "absolute"
	[ ! -e "$BUNDLE/rootfs/ran-flag" ] && [ ! -e "$BUNDLE/rootfs/ran-process" ] || _fail "the process ran"
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

# The client is told the exec failed: no process of it may run on untracked (runc kills it).
@test "exec: a pid file that cannot be written fails the exec and leaves no process" {
	start_container
	runrt exec --detach --pid-file "$TEST_DIR/no/such/dir/exec.pid" "$ID" sleep 30
	assert_failure
	assert_output_contains "exec.pid"
	run "$RT" --root "$ROOT" ps "$ID" -o pid,args
	assert_success
	refute_output_contains "sleep 30"
	[ "$(wc -l <<<"$output")" -eq 2 ] || _fail "expected the header and the init alone"
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

# The caller's session keyring holds the host user's keys: a container process must not
# possess it (runc's exec joins the container's keyring), unless create said --no-new-keyring.
@test "exec: the process never gets the caller's session keyring; with create --no-new-keyring it keeps it (as runc)" {
	local caller="rt-caller-$TEST_TAG"
	set_args /probe sigwait
	# the detached container keeps its stdio: not bats' pipes
	"$PROBE" keyring-exec "$caller" "$RT" --root "$ROOT" run --detach --bundle "$BUNDLE" "$ID" \
		</dev/null >"$TEST_DIR/run.out" 2>&1 3>&- || _fail "run: $(cat "$TEST_DIR/run.out")"
	run "$PROBE" keyring-exec "$caller" "$RT" --root "$ROOT" exec "$ID" /probe keyring </dev/null 3>&-
	assert_success
	assert_output_contains "keyring="
	refute_line "keyring=$caller"
	runrt kill "$ID" KILL
	wait_for_state "$ID" stopped
	runrt delete "$ID"

	ID=$(new_id)
	"$PROBE" keyring-exec "$caller" "$RT" --root "$ROOT" run --detach --no-new-keyring --bundle "$BUNDLE" "$ID" \
		</dev/null >"$TEST_DIR/run.out" 2>&1 3>&- || _fail "run: $(cat "$TEST_DIR/run.out")"
	run "$PROBE" keyring-exec "$caller" "$RT" --root "$ROOT" exec "$ID" /probe keyring </dev/null 3>&-
	assert_success
	assert_line "keyring=$caller"
}

@test "exec: the process sees only stdio" {
	start_container
	runrt exec "$ID" /probe fds
	assert_success
	[ "$(grep -c '^fd\.' <<<"$output")" -eq 3 ] || _fail "fds: $output"
}

# exec --cgroup: the container's directory in each hierarchy, as "<mount><path>" lines
# ("" = the cgroup2 mount, "name=systemd", "memory" ...), from the init's /proc cgroup file.
cg_mnt() {
	if [ -z "$1" ]; then
		findmnt -n -t cgroup2 -o TARGET | head -1
	else
		findmnt -n -t cgroup -o TARGET,OPTIONS |
			awk -v c="${1%%,*}" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) { print $1; exit } }'
	fi
}
cg_container_dirs() {
	local _n ctrls path
	while IFS=: read -r _n ctrls path; do
		echo "$(cg_mnt "$ctrls")$path"
	done < <(cg_mounted_lines "/proc/$INIT_PID/cgroup")
}
cg_container_dir() { # one controller (v1 name) or "" for cgroup2
	local _n ctrls path
	while IFS=: read -r _n ctrls path; do
		[[ ,$ctrls, == *",$1,"* || ($1 == "" && $ctrls == "") ]] && { echo "$(cg_mnt "$ctrls")$path"; return 0; }
	done < <(cg_mounted_lines "/proc/$INIT_PID/cgroup")
	return 1
}
v1_ctrl() { findmnt -n -t cgroup -o OPTIONS | tr ',' '\n' | grep -qx "$1"; }

@test "exec --cgroup ctrl,ctrl:path: joins the sub-cgroup in those hierarchies only" {
	v1_ctrl pids && v1_ctrl memory || skip "needs v1 pids and memory hierarchies (the v2 guest covers v2)"
	start_container
	mkdir "$(cg_container_dir pids)/sub" "$(cg_container_dir memory)/sub"
	runrt exec --cgroup pids,memory:sub "$ID" cat /proc/self/cgroup
	assert_success
	# Inside the cgroup namespace the container's cgroup is "/": the sub-cgroup reads "/sub".
	assert_output_contains ":pids:/sub"
	assert_output_contains ":memory:/sub"
	refute_output_contains ":freezer:/sub"
	runrt exec --detach --pid-file "$TEST_DIR/p" --cgroup pids:sub --cgroup memory:/sub/ "$ID" sleep 30
	assert_success
	pid=$(cat "$TEST_DIR/p")
	grep -qx "$pid" "$(cg_container_dir pids)/sub/cgroup.procs" || _fail "$pid not in the pids sub-cgroup"
	grep -qx "$pid" "$(cg_container_dir memory)/sub/cgroup.procs" || _fail "$pid not in the memory sub-cgroup"
	grep -qx "$pid" "$(cg_container_dir freezer)/cgroup.procs" || _fail "$pid left the container's freezer cgroup"
	! grep -qx "$pid" "$(cg_container_dir pids)/cgroup.procs" || _fail "$pid still in the container's pids cgroup"
}

@test "exec --cgroup path: every hierarchy, the cgroup2 one through CLONE_INTO_CGROUP too" {
	start_container
	for d in $(cg_container_dirs); do
		mkdir "$d/sub"
		# v1 cpuset: a new cgroup starts with no cpus and mems, and joining it gives ENOSPC
		if [ -f "$d/cpuset.cpus" ]; then
			cat "$d/cpuset.cpus" >"$d/sub/cpuset.cpus"
			cat "$d/cpuset.mems" >"$d/sub/cpuset.mems"
		fi
	done
	runrt exec --detach --pid-file "$TEST_DIR/p" --cgroup sub "$ID" sleep 30
	assert_success
	pid=$(cat "$TEST_DIR/p")
	for d in $(cg_container_dirs); do
		grep -qx "$pid" "$d/sub/cgroup.procs" || _fail "$pid not in $d/sub"
	done
	runrt exec --cgroup sub "$ID" cat /proc/self/cgroup
	assert_success
	output=$(cg_mounted_lines <<<"$output")
	n=$(grep -c . <<<"$output")
	[ "$n" -eq "$(cg_mounted_lines /proc/self/cgroup | wc -l)" ] || _fail "hierarchies: $output"
	[ "$(grep -c ':/sub$' <<<"$output")" -eq "$n" ] || _fail "not every hierarchy reads /sub"
	# "/" is the container's own cgroup, as with runc.
	runrt exec --cgroup / "$ID" cat /proc/self/cgroup
	assert_success
	refute_output_contains /sub
}

@test "exec --cgroup: missing sub-cgroup, '..', unknown controller fail and leave nothing behind" {
	start_container
	dir=$(cg_container_dir "$(cg_mounted_lines "/proc/$INIT_PID/cgroup" | awk -F: 'NR == 1 { sub(/,.*/, "", $2); print $2 }')")
	before=$(find "$dir" -mindepth 1 -type d | sort)
	procs=$(cat "$dir/cgroup.procs")
	runrt exec --cgroup nosuch "$ID" true
	assert_failure
	assert_output_contains "sub-cgroup 'nosuch' does not exist in"
	runrt exec --cgroup ../../escape "$ID" true
	assert_failure
	assert_output_contains "must not contain '..'"
	runrt exec --cgroup 'nosuchctrl:x' "$ID" true
	assert_failure
	assert_output_contains "unknown controller 'nosuchctrl'"
	runrt exec --cgroup a --cgroup b "$ID" true
	assert_failure
	assert_output_contains "more than one path without a controller"
	runrt exec --cgroup ',:x' "$ID" true
	assert_failure
	assert_output_contains "empty controller name"
	[ "$(find "$dir" -mindepth 1 -type d | sort)" = "$before" ] || _fail "a directory was created"
	[ "$(cat "$dir/cgroup.procs")" = "$procs" ] || _fail "a process was left in the container"
}

# Opens /proc/PID/mem (the attack of issue #4) with rt's credentials minus CAP_SYS_PTRACE
# (same uid, same capabilities): the one check left in the kernel's ptrace_may_access
# is then the target's dumpable flag. That flag is in the mm, which clone copies.
open_mem_noptrace() { capsh --drop=cap_sys_ptrace -- -c "exec 3</proc/$1/mem" >/dev/null 2>&1; }

# assert_nondumpable_while WHAT COMMAND...: runs COMMAND (an rt command that waits on its
# child) in the background with the credentials above; once it has a child, its mem must
# not open while a control process with the same credentials' does.
assert_nondumpable_while() {
	local what=$1 ctl rtpid
	shift
	capsh --drop=cap_sys_ptrace -- -c 'exec sleep 30' >/dev/null 2>&1 &
	ctl=$!
	capsh --drop=cap_sys_ptrace -- -c 'exec "$0" "$@"' "$@" >"$TEST_DIR/rt.out" 2>&1 &
	rtpid=$!
	for _ in $(seq 200); do
		[ -n "$(cat "/proc/$rtpid/task/$rtpid/children" 2>/dev/null)" ] && break
		sleep 0.02
	done
	[ -n "$(cat "/proc/$rtpid/task/$rtpid/children" 2>/dev/null)" ] || _fail "$what has no child"
	open_mem_noptrace "$ctl" || _fail "control: a dumpable process with the same credentials: mem not opened"
	if open_mem_noptrace "$rtpid"; then _fail "$what is dumpable"; fi
	grep -q '^State:.*[SR]' "/proc/$rtpid/status" || _fail "$what exited before the check"
	kill "$ctl"
	wait "$rtpid" || _fail "$what failed: $(cat "$TEST_DIR/rt.out")"
}

@test "exec: rt is non-dumpable while its child runs (set before the clone, inherited by the child)" {
	command -v capsh >/dev/null || skip "capsh (libcap2-bin) not installed"
	start_container
	assert_nondumpable_while "rt exec" "$RT" --root "$ROOT" exec "$ID" sleep 5
}

@test "run: rt is non-dumpable while the container runs (set before the init's clone)" {
	command -v capsh >/dev/null || skip "capsh (libcap2-bin) not installed"
	set_args sleep 5
	assert_nondumpable_while "rt run" "$RT" --root "$ROOT" run --bundle "$BUNDLE" "$ID"
}
