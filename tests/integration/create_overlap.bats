#!/usr/bin/env bats
# create/run on a host with v1 hierarchies: the parent makes the v1 cgroups after the
# clone while the init unshares its namespaces and mounts, and sends it the `tasks` fds
# (SYNC_CGROUP, SCM_RIGHTS); the init joins them before its first cgroup mount or /dev.
# Each case checks one ordering or error path of that overlap: where the init ends up
# (host view, /proc/self/cgroup, the mounted hierarchies), what hooks see, what is left
# after a failure on either side or a SIGKILL of rt at a fixed point, and which fds
# reach the container.

load helpers

# "MOUNTPOINT v1|v2" of each cgroup hierarchy of the host.
cg_hiers() {
	awk '{ for (i = 7; $i != "-"; i++); if ($(i + 1) == "cgroup") print $5, "v1"; else if ($(i + 1) == "cgroup2") print $5, "v2" }' \
		/proc/self/mountinfo
}

need_v1() {
	cg_hiers | grep -q ' v1$' || skip "no v1 hierarchy on this host (the split create is v1 only)"
	cg_v1 "$@" || skip "no v1 $* hierarchy on this host"
}

need_strace() { command -v strace >/dev/null || skip "strace is not installed"; }

# The directories named NAME in the cgroup hierarchies (any depth: a relative cgroupsPath
# lands under rt's own cgroup of each hierarchy).
cg_named() { find /sys/fs/cgroup -mindepth 1 -type d -name "$1" 2>/dev/null; }

# assert_in_every_hierarchy PID NAME: in each hierarchy exactly one directory NAME, whose
# tasks (v1) or cgroup.procs (v2) lists PID.
assert_in_every_hierarchy() {
	local pid=$1 name=$2 mnt kind d n=0
	while read -r mnt kind; do
		d=$(find "$mnt" -mindepth 1 -type d -name "$name" 2>/dev/null)
		[ -n "$d" ] && [ "$(wc -l <<<"$d")" = 1 ] || _fail "hierarchy $mnt: directories named $name: '$d'" || return 1
		if [ "$kind" = v1 ]; then
			grep -qx "$pid" "$d/tasks" || _fail "$pid is not in $d/tasks: $(cat "$d/tasks")" || return 1
		else
			grep -qx "$pid" "$d/cgroup.procs" || _fail "$pid is not in $d/cgroup.procs" || return 1
		fi
		n=$((n + 1))
	done < <(cg_hiers)
	[ "$n" -gt 1 ] || _fail "only $n hierarchies"
}

# Nothing of the container ID is left: no state, no cgroup directory in any hierarchy,
# no process of the test (checked before teardown's delete --force could clean it up).
assert_left_nothing() {
	local id=${1:-$ID} tries=60 pids
	while pids=$(_test_pids) && [ -n "$pids" ] && [ $tries -gt 0 ]; do
		sleep 0.05
		tries=$((tries - 1))
	done
	[ -z "$pids" ] || _fail "processes left: $(for p in $pids; do echo -n "$p($(cat "/proc/$p/comm")) "; done)" || return 1
	[ -z "$(ls -A "$ROOT")" ] || _fail "state left: $(ls -A "$ROOT")" || return 1
	[ -z "$(cg_named "$id")" ] || _fail "cgroups left: $(cg_named "$id")"
}

# rt_t SECONDS ARGS...: the runtime with stdio to a file and fds 3-9 closed, bounded by a
# timeout; sets $status and $output like runrt (a hang shows as 124 or 137).
rt_t() {
	local t=$1
	shift
	timeout -k 2 "$t" "$RT" --root "$ROOT" "$@" </dev/null >"$TEST_DIR/rt.out" 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &&
		status=0 || status=$?
	output=$(cat "$TEST_DIR/rt.out")
	mapfile -t lines <<<"$output"
}

# strace_rt SECONDS STRACE-ARGS... -- RT-ARGS...: the runtime under strace (no -f: rt
# itself only), like rt_t. LeakSanitizer refuses to run under ptrace: an ASan build of rt
# runs these without leak checking (detect_leaks=0 is ignored by a build without ASan).
strace_rt() {
	local t=$1 s=()
	shift
	while [ "$1" != -- ]; do s+=("$1") && shift; done
	shift
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 timeout -k 2 "$t" strace -o "$TEST_DIR/strace.log" "${s[@]}" "$RT" --root "$ROOT" "$@" </dev/null \
		>"$TEST_DIR/rt.out" 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- && status=0 || status=$?
	output=$(cat "$TEST_DIR/rt.out")
	mapfile -t lines <<<"$output"
}

userns_config() {
	update_config '.linux.namespaces += [{"type": "user"}]
		| .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
}

# A createContainer hook (run by the init) that says it started, then sleeps.
sleeping_create_container_hook() {
	mkdir -m 1777 "$TEST_DIR/hook"
	cat >"$TEST_DIR/hook/sleep.sh" <<EOF
#!/bin/sh
echo started >"$TEST_DIR/hook/started"
exec sleep 60
EOF
	chmod 755 "$TEST_DIR/hook/sleep.sh"
	update_config '.hooks.createContainer = [{"path": $p, "env": [$m]}]' --arg p "$TEST_DIR/hook/sleep.sh" \
		--arg m "RT_TEST_MARK=$TEST_DIR"
}

# SIGKILL rt create once the createContainer hook runs: the init and the hook must die
# by themselves (parent-death signal), before any delete.
kill_create_during_hook() {
	local pid
	"$RT" --root "$ROOT" create --bundle "$BUNDLE" "$ID" </dev/null >"$TEST_DIR/rt.out" 2>&1 3>&- &
	pid=$!
	wait_for_file "$TEST_DIR/hook/started" 10 || { kill -9 $pid; _fail "the hook never ran: $(cat "$TEST_DIR/rt.out")"; return 1; }
	kill -9 $pid
	wait $pid || true
	local tries=40 pids
	while pids=$(_test_pids) && [ -n "$pids" ] && [ $tries -gt 0 ]; do
		sleep 0.05
		tries=$((tries - 1))
	done
	[ -z "$pids" ] || _fail "alive 2 s after rt create was killed: $(for p in $pids; do echo -n "$p($(cat "/proc/$p/comm")) "; done)" ||
		return 1
	runrt delete --force "$ID"
	assert_success
	assert_left_nothing
}

@test "overlap: a v1 limit refused at write time (cpuset.cpus 99) fails create, run and run -d naming the file; nothing left" {
	need_v1 cpuset
	[ "$(sed 's/.*-//' /sys/devices/system/cpu/possible)" -lt 99 ] || skip "cpu 99 exists here"
	update_config '.linux.resources.cpu = {"cpus": "99"}'
	set_args true
	for cmd in create run "run -d"; do
		rt_t 20 $cmd --bundle "$BUNDLE" "$ID"
		assert_status 1
		assert_output_contains "cpuset.cpus"
		assert_output_contains "'99'"
		assert_left_nothing || { echo "after $cmd" >&2; return 1; }
	done
}

@test "overlap: a mount that fails in the init before and after its cgroup join fails create and run with the init's error; nothing left" {
	need_v1
	cp "$BUNDLE/config.json" "$TEST_DIR/config.json"
	for where in first last; do
		for cmd in create run; do
			cp "$TEST_DIR/config.json" "$BUNDLE/config.json"
			if [ $where = first ]; then
				update_config '.mounts = [{"destination": "/mnt", "type": "tmpfs", "source": "tmpfs", "options": ["bogusopt=1"]}] + .mounts'
			else
				update_config '.mounts += [{"destination": "/mnt", "type": "tmpfs", "source": "tmpfs", "options": ["bogusopt=1"]}]'
			fi
			rt_t 20 $cmd --bundle "$BUNDLE" "$ID"
			assert_status 1
			assert_output_contains "bogusopt=1"
			assert_left_nothing || { echo "after $cmd, mount $where" >&2; return 1; }
		done
	done
}

# bad_mount_under_strace INJECT: create and run, rt under strace -e inject=INJECT, fail
# with the init's error about the bad mount option (not a sync error); nothing left.
bad_mount_under_strace() {
	for cmd in create run; do
		strace_rt 20 -e trace=sendmsg -e "inject=$1" -- $cmd --bundle "$BUNDLE" "$ID"
		assert_status 1 || return 1
		assert_output_contains "bogusopt=1" || return 1
		refute_output_contains "send the cgroup" || return 1
		refute_output_contains "reset by peer" || return 1
		assert_left_nothing || { echo "after $cmd" >&2; return 1; }
	done
}

@test "overlap: the init dies on a bad mount while rt is still making the v1 cgroups (send delayed): the init's error, nothing left" {
	need_v1
	need_strace
	update_config '.mounts = [{"destination": "/mnt", "type": "tmpfs", "source": "tmpfs", "options": ["bogusopt=1"]}] + .mounts'
	bad_mount_under_strace sendmsg:delay_enter=300000
}

@test "overlap: the init dies with the join fds unread while rt is not reading (its send delayed after): the init's error, not ECONNRESET" {
	need_v1
	need_strace
	# 400 mounts before the bad one: the init fails well after rt sent SYNC_CGROUP, which
	# it never reads; rt sleeps after its send, so the init's exit finds it not reading.
	update_config '.mounts = [range(0; 400) | {"destination": "/mnt/\(.)", "type": "tmpfs", "source": "tmpfs"}]
		+ [{"destination": "/mnt/x", "type": "tmpfs", "source": "tmpfs", "options": ["bogusopt=1"]}] + .mounts'
	set_args true
	bad_mount_under_strace sendmsg:delay_exit=300000
}

# start_other: a second container $ID2 that waits; $pid is its init's host pid.
start_other() {
	set_args /probe sigwait
	ID2=$(new_id)
	runrt run -d --bundle "$BUNDLE" "$ID2"
	assert_success || return 1
	pid=$(rt_state "$ID2" | jq -r .pid)
}

@test "overlap: a mount namespace joined by path (another container's): create fails naming the rootfs, no hang, nothing left" {
	need_v1
	start_other
	update_config '.linux.namespaces = [.linux.namespaces[] | if .type == "mount" then .path = "/proc/\($pid)/ns/mnt" else . end]' \
		--arg pid "$pid"
	rt_t 20 create --bundle "$BUNDLE" "$ID"
	assert_status 1
	assert_output_contains "$BUNDLE/rootfs"
	runrt delete --force "$ID2"
	assert_success
	assert_left_nothing
}

@test "overlap: no mount namespace is refused before any cgroup or state is made" {
	need_v1
	update_config '.linux.namespaces = [.linux.namespaces[] | select(.type != "mount")]'
	set_args true
	for cmd in create run; do
		rt_t 20 $cmd --bundle "$BUNDLE" "$ID"
		assert_status 1
		assert_output_contains "mount namespace is required"
		assert_left_nothing || { echo "after $cmd" >&2; return 1; }
	done
}

# The init reports what it sees to /tmp/seen, then waits: /proc/self/cgroup, the limits and
# tasks of the hierarchies mounted at /sys/fs/cgroup (made after the join).
run_reporting() {
	update_config '.linux.resources.memory = {"limit": 67108864} | .linux.resources.pids = {"limit": 33}'
	set_args sh -c '{ /probe cgroup; echo mem=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes);
		echo pids=$(cat /sys/fs/cgroup/pids/pids.max); echo tasks=$(cat /sys/fs/cgroup/pids/tasks | tr "\n" " ");
		echo lines=$(wc -l </proc/self/cgroup); } >/tmp/seen.new; mv /tmp/seen.new /tmp/seen; exec /probe sigwait'
	runrt run -d --bundle "$BUNDLE" "$ID"
	assert_success
	wait_for_file "$BUNDLE/rootfs/tmp/seen"
	output=$(cat "$BUNDLE/rootfs/tmp/seen")
	mapfile -t lines <<<"$output"
	pid=$(rt_state "$ID" | jq -r .pid)
}

# What run_reporting saw is the container's cgroup: its limits, the init (1) in the
# hierarchy mounted inside, and from the host the init in each hierarchy.
assert_reported_cgroup() {
	assert_probe mem 67108864 || return 1
	assert_probe pids 33 || return 1
	[[ " $(probe_value tasks)" == *" 1 "* ]] || _fail "the init (1) is not in /sys/fs/cgroup/pids/tasks inside" || return 1
	assert_in_every_hierarchy "$pid" "$ID"
}

@test "overlap: with a cgroup namespace every hierarchy reads '/' inside, the mounted ones are the container's, the host sees the init in each" {
	need_v1 memory pids
	run_reporting
	for l in "${lines[@]}"; do
		[[ $l != cgroup.* ]] || [ "${l#*=}" = / ] || _fail "not the namespace root: $l"
	done
	# every hierarchy the kernel lists, mounted or not (cg_mounted_lines)
	[ "$(probe_value lines)" = "$(wc -l </proc/self/cgroup)" ] || _fail "hierarchies inside: $(probe_value lines)"
	assert_reported_cgroup
}

@test "overlap: /proc/self/mountinfo is read once per run (rt's copy serves the init's cgroup mounts), and the cgroup mount is complete" {
	need_strace
	need_v1 memory pids
	set_args sh -c 'ls /sys/fs/cgroup'
	strace_rt 20 -f -e trace=openat,open -- run --bundle "$BUNDLE" "$ID"
	assert_success
	n=$(grep -c 'mountinfo' "$TEST_DIR/strace.log" || true)
	[ "$n" = 1 ] || _fail "mountinfo opened $n times: $(grep mountinfo "$TEST_DIR/strace.log")"
	for h in memory pids; do assert_line "$h"; done
	[ "${#lines[@]}" -ge "$(cg_hiers | wc -l)" ] || _fail "hierarchies inside: ${lines[*]}"
}

@test "overlap: rt builds the cgroup mount (binds of the container's cgroups) while the init mounts; the init makes no cgroup superblock" {
	need_strace
	need_v1 memory pids
	set_args sh -c 'cat /sys/fs/cgroup/pids/pids.max; cat /sys/fs/cgroup/pids/tasks; touch /sys/fs/cgroup/x || echo ro'
	update_config '.linux.resources.pids = {"limit": 33}'
	strace_rt 20 -f -e trace=fsopen,open_tree,move_mount -- run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_line 33
	assert_line 1
	assert_line ro
	! grep -q 'fsopen("cgroup' "$TEST_DIR/strace.log" || _fail "a cgroup superblock was made: $(grep fsopen "$TEST_DIR/strace.log")"
	for h in memory pids; do
		grep -q "open_tree(AT_FDCWD, \"/sys/fs/cgroup/$h/.*$ID\"" "$TEST_DIR/strace.log" ||
			_fail "no bind of the container's $h cgroup: $(grep open_tree "$TEST_DIR/strace.log")"
	done
}

@test "overlap: rt cannot build the cgroup mount (its first move_mount fails): the init mounts it, the container sees the same" {
	need_strace
	need_v1 memory pids
	update_config '.linux.resources.memory = {"limit": 67108864} | .linux.resources.pids = {"limit": 33}'
	set_args sh -c 'echo mem=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes) pids=$(cat /sys/fs/cgroup/pids/pids.max);
		echo first=$(head -n1 /sys/fs/cgroup/pids/tasks); ls /sys/fs/cgroup | wc -l; touch /sys/fs/cgroup/x || echo ro'
	# without -f only rt is traced: the init's own move_mounts are not touched
	strace_rt 20 -e trace=move_mount -e inject=move_mount:error=EINVAL:when=1 -- run --bundle "$BUNDLE" "$ID"
	assert_success
	grep -q 'EINVAL.*INJECTED' "$TEST_DIR/strace.log" || _fail "nothing injected: $(cat "$TEST_DIR/strace.log")"
	assert_line "mem=67108864 pids=33"
	assert_line "first=1"
	assert_line ro
	assert_line "$(ls /sys/fs/cgroup | wc -l)"
	assert_left_nothing
}

@test "overlap: run: an init killed after its early READY (no SYNC_ERROR) fails the run; no poststart hook, nothing left" {
	need_strace
	# sethostname comes after the init's READY in run mode: the init dies there without a word
	update_config '.hostname = "h" | .hooks.poststart = [{"path": "/bin/sh", "args": ["sh", "-c", "echo poststart-ran"]}]'
	set_args echo process-ran
	strace_rt 20 -f -e trace=sethostname -e inject=sethostname:signal=KILL -- run --bundle "$BUNDLE" "$ID"
	grep -q 'sethostname.*KILL' "$TEST_DIR/strace.log" || grep -q 'killed by SIGKILL' "$TEST_DIR/strace.log" ||
		_fail "nothing injected: $(cat "$TEST_DIR/strace.log")"
	[ "$status" = 1 ] || _fail "run exited $status: $output"
	assert_output_contains "container init exited during set-up"
	refute_output_contains poststart-ran
	refute_output_contains process-ran
	assert_left_nothing
}

@test "overlap: the cgroup mount rt builds is no peer of the host's cgroup mounts: a mount inside stays inside" {
	need_v1 pids
	command -v unshare >/dev/null || skip "unshare is not installed"
	# a systemd host's mounts are shared: here in a mount namespace of the test's own
	update_config '.process.capabilities.bounding += ["CAP_SYS_ADMIN"] | .process.capabilities.effective += ["CAP_SYS_ADMIN"]
		| .process.capabilities.permitted += ["CAP_SYS_ADMIN"]'
	set_args sh -c 'grep " /sys/fs/cgroup/pids " /proc/self/mountinfo; mount -t tmpfs none /sys/fs/cgroup/pids && echo mounted'
	for pivot in "" --no-pivot; do
		run unshare -m --propagation unchanged sh -c 'mount --make-shared /sys/fs/cgroup/pids &&
			"$1" --root "$2" run $3 --bundle "$4" "$5" </dev/null 3>&- && echo "host: $(grep -c " /sys/fs/cgroup/pids/" /proc/self/mountinfo)"' \
			sh "$RT" "$ROOT" "$pivot" "$BUNDLE" "$ID"
		assert_success
		assert_line mounted
		assert_line "host: 0"
		refute_output_contains " shared:" # inside, the mount is no peer of the host's
		refute_output_contains " master:" # and, in a cgroup namespace, private as a new superblock
		"$RT" --root "$ROOT" delete --force "$ID"
	done
}

@test "overlap: without a cgroup namespace /proc/self/cgroup inside is the host's view and the bound hierarchies are the container's" {
	need_v1 memory pids
	update_config '.linux.namespaces = [.linux.namespaces[] | select(.type != "cgroup")]'
	run_reporting
	host=$(sed 's/^[^:]*:\([^:]*\):/\1=/; s/^name=//; s/^=/unified=/; s/^/cgroup./' "/proc/$pid/cgroup" | sort)
	inside=$(printf '%s\n' "${lines[@]}" | grep '^cgroup\.' | sort)
	[ "$host" = "$inside" ] || _fail "inside: $inside, host: $host"
	assert_reported_cgroup
}

@test "overlap: prestart and createRuntime hooks see the init in every hierarchy; createContainer runs in its cgroup namespace" {
	need_v1
	cat >"$TEST_DIR/hook.sh" <<EOF
#!/bin/sh
pid=\$(jq -r .pid)
[ "\$1" = createContainer ] && pid=self
cat /proc/\$pid/cgroup >"$TEST_DIR/\$1.cgroup"
EOF
	chmod 755 "$TEST_DIR/hook.sh"
	update_config '.hooks = {"prestart": [{"path": $p, "args": ["hook", "prestart"]}],
		"createRuntime": [{"path": $p, "args": ["hook", "createRuntime"]}],
		"createContainer": [{"path": $p, "args": ["hook", "createContainer"]}]}' --arg p "$TEST_DIR/hook.sh"
	set_args true
	for cmd in create run; do
		rm -f "$TEST_DIR"/*.cgroup
		rt_t 20 $cmd --bundle "$BUNDLE" "$ID"
		assert_success
		for h in prestart createRuntime; do
			seen=$(cg_mounted_lines "$TEST_DIR/$h.cgroup")
			[ "$(wc -l <<<"$seen")" = "$(cg_hiers | wc -l)" ] || _fail "$h: $(cat "$TEST_DIR/$h.cgroup")"
			grep -v ":.*/$ID\$" <<<"$seen" && _fail "$cmd: $h saw the init outside the container's cgroup"
		done
		grep -v ':/$' "$TEST_DIR/createContainer.cgroup" && _fail "$cmd: createContainer outside the namespace root"
		runrt delete --force "$ID"
		assert_success
	done
}

@test "overlap: without CLONE_INTO_CGROUP (clone3 refuses it) the init and an exec'd process are in every hierarchy" {
	need_v1
	need_strace
	cg_hiers | grep -q ' v2$' || skip "no cgroup2 hierarchy: nothing goes through CLONE_INTO_CGROUP"
	set_args sh -c '/probe cgroup >/tmp/seen.new; mv /tmp/seen.new /tmp/seen; exec /probe sigwait'
	strace_rt 20 -e trace=clone3 -e inject=clone3:error=EINVAL:when=1 -- run -d --bundle "$BUNDLE" "$ID"
	assert_success
	grep -q 'CLONE_INTO_CGROUP.*EINVAL (Invalid argument) (INJECTED)' "$TEST_DIR/strace.log" ||
		_fail "no refused CLONE_INTO_CGROUP: $(cat "$TEST_DIR/strace.log")"
	pid=$(rt_state "$ID" | jq -r .pid)
	assert_in_every_hierarchy "$pid" "$ID"
	wait_for_file "$BUNDLE/rootfs/tmp/seen"
	grep -v '=/$' "$BUNDLE/rootfs/tmp/seen" && _fail "not the namespace root inside"
	strace_rt 20 -e trace=clone3 -e inject=clone3:error=EINVAL:when=1 -- exec -d --pid-file "$TEST_DIR/exec.pid" "$ID" sleep 60
	assert_success
	assert_in_every_hierarchy "$(cat "$TEST_DIR/exec.pid")" "$ID"
}

@test "overlap: no split (cgroup2 alone, emulated in a mount namespace), clone3 refuses CLONE_INTO_CGROUP: the cgroup namespace is rooted at the container's cgroup" {
	need_strace
	cg_hiers | grep -q ' v2$' || skip "no cgroup2 hierarchy"
	command -v unshare >/dev/null || skip "unshare is not installed"
	set_args sh -c 'grep "^0::" /proc/self/cgroup'
	# rt sees only cgroup2 at /sys/fs/cgroup; it writes the init's pid half a second late
	run unshare -m sh -c 'mount --make-rprivate / && umount -l /sys/fs/cgroup && mount -t cgroup2 none /sys/fs/cgroup &&
		exec env ASAN_OPTIONS=detect_leaks=0 timeout -k 2 20 strace -o "$1/strace.log" -e trace=clone3,write -e inject=clone3:error=EINVAL:when=1 \
		-e inject=write:delay_enter=300000 "$2" --root "$3" run --bundle "$4" "$5" </dev/null 2>&1 3>&-' \
		sh "$TEST_DIR" "$RT" "$ROOT" "$BUNDLE" "$ID"
	assert_success
	grep -q 'CLONE_INTO_CGROUP.*EINVAL (Invalid argument) (INJECTED)' "$TEST_DIR/strace.log" ||
		_fail "no refused CLONE_INTO_CGROUP: $(cat "$TEST_DIR/strace.log")"
	# born in rt's cgroup: a namespace rooted there would show "0::/../<id>"
	assert_line "0::/"
}

@test "overlap: exec without CLONE_INTO_CGROUP: the process does not run before rt moved it into the cgroup2 cgroup (rt's write delayed)" {
	need_v1
	need_strace
	cg_hiers | grep -q ' v2$' || skip "no cgroup2 hierarchy: nothing goes through CLONE_INTO_CGROUP"
	set_args /probe sigwait
	runrt run -d --bundle "$BUNDLE" "$ID"
	assert_success
	# rt writes the pid to cgroup.procs half a second late: the process must wait for it
	strace_rt 20 -e trace=clone3,write -e inject=clone3:error=EINVAL:when=1 -e inject=write:delay_enter=500000 -- \
		exec "$ID" sh -c 'grep "^0::" /proc/self/cgroup'
	assert_success
	grep -q 'cgroup.procs\|write(' "$TEST_DIR/strace.log" || _fail "no delayed write: $(cat "$TEST_DIR/strace.log")"
	assert_line "0::/"
}

@test "overlap: rt SIGKILLed at a v1 mkdir or at the send of the join fds: the init dies by itself, delete --force leaves nothing" {
	need_v1 pids
	need_strace
	update_config '.linux.cgroupsPath = "/" + $id' --arg id "$ID"
	set_args sleep 60
	for at in mkdir sendmsg; do
		for cmd in create run; do
			if [ $at = mkdir ]; then
				strace_rt 20 -P "/sys/fs/cgroup/pids/$ID" -e trace=mkdir -e inject=mkdir:signal=KILL -- $cmd --bundle "$BUNDLE" "$ID"
			else
				strace_rt 20 -e trace=sendmsg -e inject=sendmsg:signal=KILL:when=1 -- $cmd --bundle "$BUNDLE" "$ID"
			fi
			grep -q 'killed by SIGKILL' "$TEST_DIR/strace.log" || _fail "rt was not killed at $at: $(cat "$TEST_DIR/strace.log")"
			[ -n "$(cg_named "$ID")" ] || _fail "no cgroup made before the kill at $at"
			tries=40
			while pids=$(_test_pids) && [ -n "$pids" ] && [ $tries -gt 0 ]; do
				sleep 0.05
				tries=$((tries - 1))
			done
			[ -z "$pids" ] || _fail "$cmd killed at $at: alive 2 s later: $pids" || return 1
			[ "$(rt_state "$ID" | jq -r .status)" = stopped ] || _fail "state after the kill at $at: $(rt_state "$ID")"
			runrt delete --force "$ID"
			assert_success
			assert_left_nothing || { echo "after $cmd killed at $at" >&2; return 1; }
		done
	done
}

@test "overlap: the join fds cannot be sent (ENOBUFS injected): create and run fail naming it, no hang, nothing left" {
	need_v1
	need_strace
	set_args true
	for cmd in create run; do
		strace_rt 20 -e trace=sendmsg -e inject=sendmsg:error=ENOBUFS:when=1 -- $cmd --bundle "$BUNDLE" "$ID"
		[ "$status" -lt 124 ] || _fail "$cmd hung" || return 1
		assert_status 1
		assert_output_contains "send the cgroup to container init"
		assert_output_contains "No buffer space available"
		assert_left_nothing || { echo "after $cmd" >&2; return 1; }
	done
}

@test "overlap: rt create SIGKILLed during a createContainer hook in a new user namespace: the init and the hook die by themselves" {
	need_v1
	userns_config
	sleeping_create_container_hook
	set_args true
	kill_create_during_hook
}

@test "overlap: rt create SIGKILLed during a createContainer hook in a user namespace joined by path: the init and the hook die by themselves" {
	need_v1
	userns_config
	start_other
	update_config '.linux.namespaces = [.linux.namespaces[] | select(.type != "pid" and .type != "user")]
		+ [{"type": "user", "path": "/proc/\($pid)/ns/user"}, {"type": "pid", "path": "/proc/\($pid)/ns/pid"}]
		| del(.linux.uidMappings, .linux.gidMappings)' --arg pid "$pid"
	sleeping_create_container_hook
	set_args true
	# the first container's processes carry the marker too: count only the second's
	"$RT" --root "$ROOT" create --bundle "$BUNDLE" "$ID" </dev/null >"$TEST_DIR/rt.out" 2>&1 3>&- &
	rtpid=$!
	wait_for_file "$TEST_DIR/hook/started" 10 || { kill -9 $rtpid; _fail "the hook never ran: $(cat "$TEST_DIR/rt.out")"; return 1; }
	init=$(pgrep -P $rtpid)
	kill -9 $rtpid
	wait $rtpid || true
	wait_for_exit "$init" 2 || _fail "the init survived rt create"
	! pgrep -f "$TEST_DIR/hook/sleep.sh" >/dev/null || _fail "the hook survived rt create"
	runrt delete --force "$ID"
	assert_success
	[ -z "$(cg_named "$ID")" ] || _fail "cgroups left: $(cg_named "$ID")"
}

@test "overlap: rootless with a cgroup2 directory it may write but no v1 one still runs without a cgroup (no split create)" {
	need_v1
	cg_hiers | grep -q ' v2$' || skip "no cgroup2 hierarchy"
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	local user=rtrootless uid gid deleg
	id -u $user >/dev/null 2>&1 || useradd -m -s /bin/sh $user
	uid=$(id -u $user)
	gid=$(id -g $user)
	# a cgroup2 directory delegated to the user (as systemd gives user@.service), none in v1
	deleg=$(cg_hiers | awk '$2 == "v2" { print $1; exit }')/$ID-deleg
	mkdir "$deleg"
	chown -R "$uid:$gid" "$deleg"
	mkdir -p "$TEST_DIR/rl"
	chown -R "$uid:$gid" "$TEST_DIR"
	rl() { setpriv --reuid=$uid --regid=$gid --init-groups env -i PATH="$PATH" HOME="$TEST_DIR" "$@"; }
	rl "$RT" spec --rootless --bundle "$TEST_DIR/rl"
	jq --arg mark "RT_TEST_MARK=$TEST_DIR" --arg rootfs "$BUNDLE/rootfs" --arg cg "/$ID-deleg/$ID" '
		.process.terminal = false | .process.args = ["/probe", "cgroup"] | .process.env += [$mark]
		| .root = {"path": $rootfs} | .linux.cgroupsPath = $cg' "$TEST_DIR/rl/config.json" >"$TEST_DIR/rl/c.json"
	chown "$uid:$gid" "$TEST_DIR/rl/c.json"
	run sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@" </dev/null 2>&1' sh "$deleg" \
		setpriv --reuid=$uid --regid=$gid --init-groups env -i PATH="$PATH" HOME="$TEST_DIR" \
		"$RT" --root "$ROOT" run --bundle "$TEST_DIR/rl" --config c.json "$ID"
	rmdir "$deleg" || _fail "$deleg: $(ls "$deleg")"
	assert_success
	# the caller's own cgroup2 directory: no cgroup of its own, as before the split create
	assert_probe cgroup.unified "/$ID-deleg"
	[ -z "$(cg_named "$ID")" ] || _fail "cgroups: $(cg_named "$ID")"
}

@test "overlap: a block device mount is checked by the devices cgroup wherever it stands in mounts[] (first or after the cgroup mount)" {
	need_v1 devices
	command -v losetup >/dev/null && command -v mkfs.ext4 >/dev/null || skip "losetup or mkfs.ext4 missing"
	truncate -s 8M "$TEST_DIR/img"
	mkfs.ext4 -q "$TEST_DIR/img"
	loop=$(losetup -f --show "$TEST_DIR/img") || skip "no loop device"
	set -- $(stat -c '%t %T' "$loop")
	major=$((16#$1)) minor=$((16#$2))
	set_args sh -c 'grep " /mnt " /proc/self/mounts'
	cp "$BUNDLE/config.json" "$TEST_DIR/config.json"
	for where in first last; do
		for rule in deny allow; do
			cp "$TEST_DIR/config.json" "$BUNDLE/config.json"
			# the config denies every device (rt spec); allow: the loop device too
			[ $rule = allow ] && update_config '.linux.resources.devices += [{"allow": true, "type": "b", "major": ($ma | tonumber), "minor": ($mi | tonumber), "access": "rw"}]' \
				--arg ma "$major" --arg mi "$minor"
			m='{"destination": "/mnt", "type": "ext4", "source": $dev}'
			if [ $where = first ]; then
				update_config ".mounts = [$m] + .mounts" --arg dev "$loop"
			else
				update_config ".mounts += [$m]" --arg dev "$loop"
			fi
			rt_t 20 run --bundle "$BUNDLE" "$ID"
			if [ $rule = deny ]; then
				assert_status 1 && assert_output_contains "Operation not permitted" ||
					{ losetup -d "$loop"; echo "mount $where, $rule" >&2; return 1; }
			else
				assert_success && assert_output_contains "$loop /mnt ext4" ||
					{ losetup -d "$loop"; echo "mount $where, $rule" >&2; return 1; }
			fi
		done
	done
	losetup -d "$loop"
}

# probe fds of a container started with --preserve-fds 4 and fds 3-9 closed: a join fd
# the init kept would land in 3-6 and survive the exec.
fd_keys() { printf '%s\n' "${lines[@]}" | grep '^fd\.' | cut -d= -f1 | sort -V | tr '\n' ' '; }

@test "overlap: no fd but stdio reaches the container (run, run -d, create+start, user namespace) even with --preserve-fds 4" {
	need_v1
	set_args sh -c '/probe fds >/tmp/fds.new; mv /tmp/fds.new /tmp/fds'
	for mode in run "run -d" create userns; do
		rm -f "$BUNDLE/rootfs/tmp/fds"
		[ "$mode" = userns ] && userns_config
		case $mode in
		create)
			rt_t 20 create --preserve-fds 4 --bundle "$BUNDLE" "$ID"
			assert_success
			runrt start "$ID"
			;;
		userns) rt_t 20 run --preserve-fds 4 --bundle "$BUNDLE" "$ID" ;;
		*) rt_t 20 $mode --preserve-fds 4 --bundle "$BUNDLE" "$ID" ;;
		esac
		assert_success
		wait_for_file "$BUNDLE/rootfs/tmp/fds"
		mapfile -t lines <"$BUNDLE/rootfs/tmp/fds"
		[ "$(fd_keys)" = "fd.0 fd.1 fd.2 " ] || _fail "$mode: open fds: $(cat "$BUNDLE/rootfs/tmp/fds")" || return 1
		runrt delete --force "$ID"
	done
}

@test "overlap: no fd but the tty reaches a terminal container (--console-socket), even with --preserve-fds 4" {
	need_v1
	update_config '.process.terminal = true'
	set_args sh -c '/probe fds >/tmp/fds.new; mv /tmp/fds.new /tmp/fds'
	rm -f "$TEST_DIR/tty.sock"
	"$RT_BUILDDIR/tests/helpers/recvtty" "$TEST_DIR/tty.sock" >"$TEST_DIR/tty.out" 2>"$TEST_DIR/tty.err" &
	recv=$!
	for _ in $(seq 100); do grep -q listening "$TEST_DIR/tty.err" 2>/dev/null && break; sleep 0.02; done
	rt_t 20 create --preserve-fds 4 --console-socket "$TEST_DIR/tty.sock" --bundle "$BUNDLE" "$ID"
	assert_success
	runrt start "$ID"
	assert_success
	wait_for_file "$BUNDLE/rootfs/tmp/fds"
	kill $recv 2>/dev/null || true
	wait $recv || true
	mapfile -t lines <"$BUNDLE/rootfs/tmp/fds"
	[ "$(fd_keys)" = "fd.0 fd.1 fd.2 " ] || _fail "open fds: $(cat "$BUNDLE/rootfs/tmp/fds")"
	[[ $(probe_value fd.0) == /dev/pts/* ]] || _fail "stdin is not the pty: $(probe_value fd.0)"
}
