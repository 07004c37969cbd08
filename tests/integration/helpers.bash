# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by every tests/integration/*.bats file (`load helpers`).
#
# Each test gets its own directory under $BATS_TMPDIR holding a fresh bundle ($BUNDLE,
# rootfs copied from a busybox rootfs built once per run by contrib/mkbundle.sh, with
# the static probe at /probe) and its own state root ($ROOT). Teardown force-deletes
# the test's containers and FAILS the test if a state dir, a process, a mount or a
# cgroup of the test survived.
#
# Environment:
#   RT           runtime under test (default: the built ./rt); RT=runc validates the tests
#   PROBE        the static probe (default: $RT_BUILDDIR/tests/helpers/probe)
#   RT_BUILDDIR  build directory (default: $RT_SRCDIR/build)

RT_SRCDIR=${RT_SRCDIR:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
RT_BUILDDIR=${RT_BUILDDIR:-$RT_SRCDIR/build}
RT=${RT:-$RT_BUILDDIR/rt}
PROBE=${PROBE:-$RT_BUILDDIR/tests/helpers/probe}
RT_CACHE=${RT_CACHE:-${BATS_RUN_TMPDIR:-$BATS_TMPDIR}/rt-bundle-cache}
# Tests cd around (and mkbundle.sh runs `$RT spec` in the bundle): no relative paths.
[[ $RT == */* ]] && RT=$(realpath "$RT")
PROBE=$(realpath "$PROBE" 2>/dev/null || echo "$PROBE")

# Builds the cached busybox bundle once per run (config.json from `$RT spec` or the template).
rt_cache_bundle() {
	[ -f "$RT_CACHE/config.json" ] && return 0
	local tmp
	tmp=$(mktemp -d "${RT_CACHE}.XXXXXX")
	RT=$RT "$RT_SRCDIR/contrib/mkbundle.sh" "$tmp" >/dev/null || return 1
	mv -T "$tmp" "$RT_CACHE" 2>/dev/null || rm -rf "$tmp"
}

rt_setup() {
	if [ "$(id -u)" != 0 ]; then
		echo "integration tests need root (running as uid $(id -u))" >&2
		return 1
	fi
	[ -x "$PROBE" ] || { echo "probe not built: $PROBE (run make check)" >&2; return 1; }
	command -v "$RT" >/dev/null || { echo "runtime not found: RT=$RT" >&2; return 1; }
	rt_cache_bundle || { echo "building the busybox bundle failed" >&2; return 1; }

	TEST_DIR=$(mktemp -d "$BATS_TMPDIR/rt-test.XXXXXX")
	TEST_TAG=${TEST_DIR##*.}
	BUNDLE=$TEST_DIR/bundle
	ROOT=$TEST_DIR/root
	mkdir -p "$BUNDLE" "$ROOT"
	chmod 755 "$TEST_DIR" # user-namespace tests: the mapped root must reach the rootfs
	cp -a "$RT_CACHE/rootfs" "$BUNDLE/rootfs"
	cp "$PROBE" "$BUNDLE/rootfs/probe"
	# The marker in the environment lets teardown find the test's processes. A writable
	# root lets `probe sigwait FILE` leave its report in $BUNDLE/rootfs.
	jq --arg mark "RT_TEST_MARK=$TEST_DIR" '
		.process.args = ["/probe", "all"]
		| .process.env += [$mark]
		| .root.readonly = false' "$RT_CACHE/config.json" >"$BUNDLE/config.json"
	ID=$(new_id)
}

setup() { rt_setup; }
teardown() { rt_teardown; }

# A container id unique to this test (teardown force-deletes every id handed out).
new_id() {
	local n
	n=$(cat "$TEST_DIR/ids" 2>/dev/null | wc -l)
	echo "rtt-$TEST_TAG-$n" | tee -a "$TEST_DIR/ids"
}

# update_config FILTER [jq options...]: edit $BUNDLE/config.json in place
# (options come after the filter, so `--args A B` works).
update_config() {
	jq "$@" <"$BUNDLE/config.json" >"$BUNDLE/config.json.new" && mv "$BUNDLE/config.json.new" "$BUNDLE/config.json"
}

# set_args ARG...: the container's process.args.
# (not jq --args: jq would take an argument like -c as its own option)
json_array() {
	local i=0 a=()
	for arg; do a+=(--arg "$i" "$arg") && i=$((i + 1)); done
	jq -nc '[range(0; $ARGS.named | length) as $i | $ARGS.named["\($i)"]]' "${a[@]}"
}
set_args() { update_config '.process.args = $a' --argjson a "$(json_array "$@")"; }

# The runtime's stdout/stderr go to a file, not to the pipe `run` reads: a detached
# container inherits them and would otherwise keep `run` waiting until it exits.
_rt_capture() {
	local out rc
	out=$(mktemp "$TEST_DIR/out.XXXXXX")
	# fd 3 is bats' TAP stream: a runtime that leaked it into a container would hang the
	# suite instead of failing a test (fds.bats tests that leak separately).
	"$RT" --root "$ROOT" "$@" <"${RT_STDIN:-/dev/null}" >"$out" 2>&1 3>&-
	rc=$?
	cat "$out"
	rm -f "$out"
	return $rc
}

# runrt ARGS...: like bats `run "$RT" --root "$ROOT" ARGS...` (sets $status, $output, $lines).
runrt() { run _rt_capture "$@"; }

# rt_state ID: prints the state JSON (empty and non-zero if there is none).
rt_state() { "$RT" --root "$ROOT" state "$1" 2>/dev/null </dev/null; }

# wait_for_state ID STATUS [TIMEOUT_SECONDS [STATE_COMMAND]]: STATE_COMMAND ID prints the
# state JSON (default rt_state; rootless.bats passes its own).
wait_for_state() {
	local id=$1 want=$2 tries=$((${3:-5} * 20)) state=${4:-rt_state} got=
	while [ $tries -gt 0 ]; do
		got=$("$state" "$id" | jq -r .status 2>/dev/null) || true
		[ "$got" = "$want" ] && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	echo "container '$id': status '$got', expected '$want'" >&2
	return 1
}

# cg_v1 CONTROLLER...: true when each CONTROLLER has a v1 hierarchy mounted at
# /sys/fs/cgroup/CONTROLLER (its `tasks` file exists only on v1).
cg_v1() {
	local c
	for c; do
		[ -f "/sys/fs/cgroup/$c/tasks" ] || return 1
	done
}

# wait_for_file PATH [TIMEOUT_SECONDS]: until PATH exists and is not empty.
# The lines of a /proc/PID/cgroup file (FILE, or stdin) whose hierarchy is mounted here. A
# hierarchy can outlive its last mount: a named one mounted and unmounted again stays listed
# in every process's cgroup file (until reboot), and no runtime can place a process in it.
cg_mounted_lines() {
	local opts n ctrls path
	opts=$(findmnt -n -t cgroup -o OPTIONS | tr ',' '\n' | sort -u)
	while IFS=: read -r n ctrls path; do
		if [ -z "$ctrls" ]; then
			[ -z "$(findmnt -n -t cgroup2 -o TARGET)" ] || echo "$n:$ctrls:$path"
		elif grep -qxF "${ctrls%%,*}" <<<"$opts"; then
			echo "$n:$ctrls:$path"
		fi
	done <"${1:-/dev/stdin}"
}

wait_for_file() {
	local tries=$((${2:-5} * 20))
	while [ $tries -gt 0 ]; do
		[ -s "$1" ] && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	echo "timed out waiting for $1" >&2
	return 1
}

# wait_for_exit PID [TIMEOUT_SECONDS]: until PID is gone or a zombie.
wait_for_exit() {
	local tries=$((${2:-5} * 20)) st
	while [ $tries -gt 0 ]; do
		st=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || true
		[ -z "$st" ] || [ "$st" = Z ] && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	echo "process $1 is still alive" >&2
	return 1
}

# A container whose init waits for a signal and records it in $BUNDLE/rootfs/tmp/signal.
create_waiting() {
	local id=${1:-$ID}
	set_args /probe sigwait /tmp/signal
	runrt create --bundle "$BUNDLE" "$id"
	assert_success
	wait_for_state "$id" created
}

run_waiting() {
	local id=${1:-$ID}
	create_waiting "$id"
	runrt start "$id"
	assert_success
	wait_for_state "$id" running
	wait_for_handlers "$(rt_state "$id" | jq -r .pid)"
}

# wait_for_handlers PID: until `probe sigwait` in PID has installed its signal handlers
# (a signal sent earlier would be ignored by a pid 1, or kill any other process).
wait_for_handlers() {
	local tries=100 cgt
	while [ $tries -gt 0 ]; do
		cgt=$(awk '/^SigCgt:/ { print $2 }' "/proc/$1/status" 2>/dev/null) || true
		[ -n "$cgt" ] && [ "$cgt" != 0000000000000000 ] && return 0
		sleep 0.05
		tries=$((tries - 1))
	done
	echo "process $1 never installed its signal handlers" >&2
	return 1
}

# --- assertions (print what was seen, then fail) ---

# start_listener BIN SOCKET OUT ERR [ARGS...]: a socket receiver helper (recvtty,
# recvpidfd) in the background, stdout in OUT, stderr in ERR; RECV_PID is its pid.
# Returns once it says "listening".
start_listener() {
	local bin=$1 sock=$2 out=$3 errf=$4
	shift 4
	rm -f "$sock"
	"$bin" "$sock" "$@" >"$out" 2>"$errf" &
	RECV_PID=$!
	for _ in $(seq 100); do
		grep -q listening "$errf" 2>/dev/null && return 0
		sleep 0.02
	done
	_fail "${bin##*/} did not start"
}

_fail() {
	{
		echo "$*"
		echo "--- status: ${status-}"
		echo "--- output:"
		echo "${output-}"
		echo "---"
	} >&2
	return 1
}
assert_success() { [ "$status" -eq 0 ] || _fail "expected success"; }
assert_failure() { [ "$status" -ne 0 ] || _fail "expected failure"; }
assert_status() { [ "$status" -eq "$1" ] || _fail "expected status $1"; }
# assert_output_contains TEXT: fixed-string search of $output.
assert_output_contains() { [[ $output == *"$1"* ]] || _fail "expected output to contain '$1'"; }
refute_output_contains() { [[ $output != *"$1"* ]] || _fail "expected output not to contain '$1'"; }
# assert_line LINE: one line of $output is exactly LINE.
assert_line() {
	local l
	for l in "${lines[@]}"; do [ "$l" = "$1" ] && return 0; done
	_fail "expected a line '$1'"
}
refute_line() {
	local l
	for l in "${lines[@]}"; do [ "$l" = "$1" ] && _fail "expected no line '$1'"; done
	return 0
}
# probe_value KEY: the value of KEY=... in $output (first match).
probe_value() {
	local l
	for l in "${lines[@]}"; do
		if [[ $l == "$1="* ]]; then
			echo "${l#*=}"
			return 0
		fi
	done
	return 1
}
assert_probe() {
	local v
	v=$(probe_value "$1") || _fail "probe key '$1' missing" || return 1
	[ "$v" = "$2" ] || _fail "expected $1=$2, got $1=$v"
}

# --- leak checks ---

# Pids of live processes that belong to this test: the marker in the environment
# (container processes), the test directory on the command line (runtime, hooks), or
# as working directory or root (anything else in the bundle). May list a pid twice.
_test_pids() {
	local p
	local -a cmd env
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		[ "$p" = $$ ] || [ "$p" = "$BASHPID" ] && continue
		cmd=() env=()
		{ mapfile -d '' cmd <"/proc/$p/cmdline"; } 2>/dev/null || continue
		{ mapfile -d '' env <"/proc/$p/environ"; } 2>/dev/null
		if [[ "${cmd[*]}" == *"$TEST_DIR"* || "${env[*]}" == *"RT_TEST_MARK=$TEST_DIR"* ]]; then
			echo "$p"
		fi
	done
	# a runtime process stuck before pivot_root: its cwd or root is still in the bundle
	find /proc/[0-9]*/cwd /proc/[0-9]*/root -maxdepth 0 \( -lname "$TEST_DIR" -o -lname "$TEST_DIR/*" \) 2>/dev/null |
		cut -d/ -f3 | grep -vx -e $$ -e "$BASHPID" | sort -u
}

_test_mounts() { awk -v d="$TEST_DIR" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo; }

_test_cgroups() { find /sys/fs/cgroup -mindepth 1 -type d -name "*$TEST_TAG*" 2>/dev/null | sort -r; }

rt_teardown() {
	[ -n "${TEST_DIR:-}" ] && [ -d "$TEST_DIR" ] || return 0
	local id pids mounts cgroups state tries=60 left=()

	cd / # a test may have cd'ed into its bundle: we are not a leftover

	for id in $( (cat "$TEST_DIR/ids" 2>/dev/null; ls -A "$ROOT" 2>/dev/null) | sort -u); do
		"$RT" --root "$ROOT" delete --force "$id" </dev/null >/dev/null 2>&1
	done
	# delete --force has sent SIGKILL; give the processes a moment to die and be reaped.
	while pids=$(_test_pids) && [ -n "$pids" ] && [ $tries -gt 0 ]; do
		sleep 0.05
		tries=$((tries - 1))
	done

	state=$(ls -A "$ROOT" 2>/dev/null)
	mounts=$(_test_mounts)
	cgroups=$(_test_cgroups)
	[ -z "$state" ] || left+=("state dir under $ROOT: $state")
	[ -z "$pids" ] || left+=("processes: $(for p in $pids; do echo -n "$p($(cat /proc/$p/comm 2>/dev/null)) "; done)")
	[ -z "$mounts" ] || left+=("mounts: $mounts")
	[ -z "$cgroups" ] || left+=("cgroups: $cgroups")

	# Clean up whatever leaked so one failure does not cascade into the next test.
	[ -z "$pids" ] || kill -9 $pids 2>/dev/null
	for m in $(echo "$mounts" | sort -r); do umount -l "$m" 2>/dev/null; done
	for c in $cgroups; do
		[ -f "$c/cgroup.procs" ] && xargs -r kill -9 <"$c/cgroup.procs" 2>/dev/null
		rmdir "$c" 2>/dev/null
	done
	rm -rf --one-file-system "$TEST_DIR"

	if [ ${#left[@]} -gt 0 ]; then
		printf 'left behind by the test: %s\n' "${left[@]}" >&2
		return 1
	fi
}
