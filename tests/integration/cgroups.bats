#!/usr/bin/env bats
# cgroups on this host: limits written where the kernel reads them, pause/resume through
# the freezer, kill --all, ps, update, and nothing left behind.

load helpers

cg_dir() { # controller -> the container's directory in that hierarchy
	local pid rel
	pid=$(rt_state "$ID" | jq -r .pid)
	rel=$(awk -F: -v c="$1" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) print $3 }' "/proc/$pid/cgroup")
	[ -n "$rel" ] || return 1
	echo "/sys/fs/cgroup/$1$rel"
}

@test "cgroups: memory and pids limits are written and enforced" {
	cg_v1 pids || skip "no v1 pids hierarchy on this host (the v2 suite covers pids.max)"
	update_config '.linux.resources.memory = {"limit": 67108864} | .linux.resources.pids = {"limit": 16}'
	set_args /probe sigwait
	runrt run --detach --bundle "$BUNDLE" "$ID"
	assert_success
	[ "$(cat "$(cg_dir memory)/memory.limit_in_bytes")" = 67108864 ] || _fail "memory limit"
	[ "$(cat "$(cg_dir pids)/pids.max")" = 16 ] || _fail "pids limit"
	runrt exec "$ID" sh -c 'for i in $(seq 30); do sleep 5 & done 2>&1; wait' 
	assert_output_contains "can't fork"
}

@test "cgroups: a process past its memory limit is OOM-killed (137)" {
	update_config '.linux.resources.memory = {"limit": 33554432, "swap": 33554432}'
	set_args sh -c 'x=$(head -c 100000000 /dev/zero | tr "\0" a); echo survived'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_status 137
	refute_output_contains survived
}

@test "cgroups: a memory limit the init cannot even start under names linux.resources.memory.limit; nothing left" {
	update_config '.linux.resources.memory = {"limit": 4096}'
	for cmd in create run; do
		runrt $cmd --bundle "$BUNDLE" "$ID"
		assert_failure
		assert_output_contains "killed by the OOM killer (linux.resources.memory.limit 4096 is too low)"
		[ -z "$(ls -A "$ROOT")" ] || _fail "state left: $(ls -A "$ROOT")"
	done
}

@test "cgroups: pause freezes every process, resume thaws them; state follows" {
	set_args /probe sigwait
	runrt run --detach --bundle "$BUNDLE" "$ID"
	pid=$(rt_state "$ID" | jq -r .pid)
	runrt pause "$ID"
	assert_success
	[ "$(rt_state "$ID" | jq -r .status)" = paused ] || _fail "not paused"
	grep -q '^FROZEN' "$(cg_dir freezer)/freezer.state" || _fail "freezer.state not FROZEN"
	runrt pause "$ID"
	assert_failure
	runrt resume "$ID"
	assert_success
	[ "$(rt_state "$ID" | jq -r .status)" = running ] || _fail "not running"
	runrt resume "$ID"
	assert_failure
}

@test "cgroups: a created container can be paused (as runc): start and delete refuse it until resume gives it back created" {
	create_waiting
	runrt pause "$ID"
	assert_success
	[ "$(rt_state "$ID" | jq -r .status)" = paused ] || _fail "not paused"
	grep -q '^FROZEN' "$(cg_dir freezer)/freezer.state" || _fail "freezer.state not FROZEN"
	runrt start "$ID"
	assert_failure
	assert_output_contains "paused"
	runrt delete "$ID"
	assert_failure
	runrt resume "$ID"
	assert_success
	[ "$(rt_state "$ID" | jq -r .status)" = created ] || _fail "not created after resume"
	runrt start "$ID"
	assert_success
	wait_for_state "$ID" running
}

@test "cgroups: kill and delete --force work on a paused container" {
	set_args /probe sigwait
	runrt run --detach --bundle "$BUNDLE" "$ID"
	runrt exec --detach "$ID" sleep 100
	runrt pause "$ID"
	assert_success
	runrt delete --force "$ID"
	assert_success
	runrt state "$ID"
	assert_failure
}

@test "cgroups: kill --all reaches every process of the container" {
	set_args /probe sigwait
	runrt run --detach --bundle "$BUNDLE" "$ID"
	runrt exec --detach --pid-file "$TEST_DIR/p" "$ID" sleep 100
	extra=$(cat "$TEST_DIR/p")
	runrt kill --all "$ID" KILL
	assert_success
	for _ in $(seq 100); do [ -d "/proc/$extra" ] && [ "$(awk '{print $3}' "/proc/$extra/stat")" != Z ] || break; sleep 0.02; done
	{ ! [ -d "/proc/$extra" ] || [ "$(awk '{print $3}' "/proc/$extra/stat")" = Z ]; } || _fail "exec'd process survived"
}

@test "cgroups: ps lists the container's host pids (table and json)" {
	set_args /probe sigwait
	runrt run --detach --bundle "$BUNDLE" "$ID"
	pid=$(rt_state "$ID" | jq -r .pid)
	runrt ps --format json "$ID"
	assert_success
	[ "$(jq -c . <<<"$output")" = "[$pid]" ] || _fail "ps json: $output"
	runrt ps "$ID"
	assert_success
	assert_output_contains PID
	assert_output_contains "$pid"
}

@test "cgroups: ps passes the args after the id to ps; a ps that rejects them fails with ps's own message and status" {
	set_args /probe sigwait
	runrt run --detach --bundle "$BUNDLE" "$ID"
	pid=$(rt_state "$ID" | jq -r .pid)
	runrt ps "$ID" -o pid,comm
	assert_success
	[ "$(echo "${lines[0]}" | awk '{print $1, $2, NF}')" = "PID COMMAND 2" ] || _fail "header: ${lines[0]}"
	printf '%s\n' "${lines[@]}" | grep -Eq "^ *$pid probe\$" || _fail "no line '$pid probe'"
	runrt ps "$ID" --no-such-ps-option
	assert_failure
	assert_output_contains "exited with status"
	[[ $output != *"is procps installed"* ]] || _fail "blames a missing procps: $output"
}

@test "cgroups: update changes live limits and the stored config" {
	update_config '.linux.resources.memory = {"limit": 67108864} | .linux.resources.pids = {"limit": 16}'
	set_args /probe sigwait
	runrt run --detach --bundle "$BUNDLE" "$ID"
	runrt update --memory 96m --pids-limit 30 "$ID"
	assert_success
	[ "$(cat "$(cg_dir memory)/memory.limit_in_bytes")" = 100663296 ] || _fail "memory not updated"
	[ "$(cat "$(cg_dir pids)/pids.max")" = 30 ] || _fail "pids not updated"
	echo '{"pids": {"limit": 40}}' >"$TEST_DIR/res.json"
	"$RT" --root "$ROOT" update --resources - "$ID" <"$TEST_DIR/res.json" || _fail "update --resources - failed"
	[ "$(cat "$(cg_dir pids)/pids.max")" = 40 ] || _fail "--resources - not applied"
	jq -e '.linux.resources.pids.limit == 40 and .linux.resources.memory.limit == 100663296' "$ROOT/$ID/config.json" >/dev/null ||
		_fail "stored config not updated"
}

@test "cgroups: a device denied by the rules cannot be opened; the default nodes still work" {
	update_config '.linux.resources.devices = [{"allow": false, "access": "rwm"}]'
	# 1:1 (/dev/mem) is denied by the rules: creating the node ('m') or reading it ('r') fails.
	set_args sh -c '{ mknod /tmp/mem c 1 1 2>/dev/null && head -c1 /tmp/mem >/dev/null 2>&1 && echo mem-open; } || echo mem-denied; echo x > /dev/null && echo null-ok'
	update_config '.process.capabilities.bounding += ["CAP_MKNOD"] | .process.capabilities.effective += ["CAP_MKNOD"] | .process.capabilities.permitted += ["CAP_MKNOD"]'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_line mem-denied
	assert_line null-ok
}

@test "cgroups: with device rules, /dev/net/tun (c 10:200) can be made and opened, as runc allows" {
	update_config '.linux.resources.devices = [{"allow": false, "access": "rwm"}]'
	# the open succeeds when allowed: reading an unattached tun fd then fails with EBADFD
	set_args sh -c 'mkdir -p /dev/net && mknod /dev/net/tun c 10 200 && cat /dev/net/tun'
	update_config '.process.capabilities.bounding += ["CAP_MKNOD"] | .process.capabilities.effective += ["CAP_MKNOD"] | .process.capabilities.permitted += ["CAP_MKNOD"]'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_line "cat: read error: File descriptor in bad state"
	[[ $output != *"Operation not permitted"* ]] || _fail "the tun node was denied"
}

@test "cgroups: with device rules, linux.devices of type 'p' (fifo) and 'u' (unbuffered char) are accepted and usable" {
	# a fifo gets no device-cgroup rule (the controller knows only a, b and c); 'u' is allowed as 'c'
	update_config '.linux.resources.devices = [{"allow": false, "access": "rwm"}]
		| .linux.devices = [{"path": "/dev/myfifo", "type": "p", "fileMode": 438},
			{"path": "/dev/myzero", "type": "u", "major": 1, "minor": 5, "fileMode": 438}]'
	set_args sh -c 'stat -c "%n %F" /dev/myfifo; head -c 3 /dev/myzero | od -An -c | tr -d " "'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_line "/dev/myfifo fifo"
	assert_line '\0\0\0'
}

@test "cgroups: a device rule with major or minor below -1 is refused, not widened to '*'; nothing left" {
	for mm in '"major": -2, "minor": 3' '"major": 1, "minor": -5'; do
		update_config ".linux.resources.devices = [{\"allow\": false, \"access\": \"rwm\"}, {\"allow\": true, \"type\": \"c\", $mm, \"access\": \"rw\"}]"
		runrt run --bundle "$BUNDLE" "$ID"
		assert_failure
		assert_output_contains "linux.resources.devices: invalid m"
		[ -z "$(ls -A "$ROOT")" ] || _fail "state left: $(ls -A "$ROOT")"
	done
}

@test "cgroups: update without a flag succeeds and changes nothing (as runc); a stopped container still refuses it" {
	update_config '.linux.resources.memory = {"limit": 67108864} | .linux.resources.pids = {"limit": 16}'
	set_args /probe sigwait
	runrt run --detach --bundle "$BUNDLE" "$ID"
	assert_success
	stored() { jq -S .linux.resources "$ROOT/$ID/config.json" 2>/dev/null || true; } # (rt's copy; runc has none)
	before=$(stored)
	runrt update "$ID"
	assert_success
	[ "$(cat "$(cg_dir memory)/memory.limit_in_bytes")" = 67108864 ] || _fail "memory limit changed"
	[ "$(cat "$(cg_dir pids)/pids.max")" = 16 ] || _fail "pids limit changed"
	[ "$(stored)" = "$before" ] || _fail "stored resources changed"
	runrt kill "$ID" KILL
	assert_success
	wait_for_state "$ID" stopped
	runrt update "$ID"
	assert_failure
	assert_output_contains "not running"
}

@test "cgroups: a memory limit or swap below -1 is refused naming it, not taken as unlimited (create and update)" {
	update_config '.linux.resources.memory = {"limit": -5}'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "linux.resources.memory.limit: -5"
	[ -z "$(ls -A "$ROOT")" ] || _fail "state left: $(ls -A "$ROOT")"
	update_config '.linux.resources.memory = {"limit": 67108864}'
	set_args /probe sigwait
	runrt run --detach --bundle "$BUNDLE" "$ID"
	assert_success
	echo '{"memory": {"limit": 67108864, "swap": -7}}' >"$TEST_DIR/res.json"
	runrt update --resources "$TEST_DIR/res.json" "$ID"
	assert_failure
	assert_output_contains "memory.swap: -7"
	jq -e '.linux.resources.memory.swap == null' "$ROOT/$ID/config.json" >/dev/null || _fail "stored config changed"
}

@test "cgroups: --cgroup-manager disabled creates no cgroup" {
	set_args sh -c 'cat /proc/self/cgroup'
	before=$(cat /proc/self/cgroup)
	"$RT" --root "$ROOT" --cgroup-manager disabled run --bundle "$BUNDLE" "$ID" >"$TEST_DIR/out"
	[ "$(find /sys/fs/cgroup -type d -name "$ID" | wc -l)" = 0 ] || _fail "a cgroup was created"
}

@test "cgroups: pause of a stopped container is an error" {
	set_args true
	runrt create --bundle "$BUNDLE" "$ID"
	runrt start "$ID"
	wait_for_state "$ID" stopped
	runrt pause "$ID"
	assert_failure
}

@test "cgroups: state of a stopped container tells whether it was OOM-killed, and its memory peak" {
	update_config '.linux.resources.memory = {"limit": 33554432, "swap": 33554432}'
	set_args sh -c 'x=$(head -c 100000000 /dev/zero | tr "\0" a)'
	runrt create --bundle "$BUNDLE" "$ID"
	runrt start "$ID"
	wait_for_state "$ID" stopped
	rt_state "$ID" >"$TEST_DIR/state.json"
	jq -e '.status == "stopped" and .oomKilled == true and .oomKillCount >= 1 and .memoryPeak > 30000000' \
		"$TEST_DIR/state.json" >/dev/null || _fail "state: $(cat "$TEST_DIR/state.json")"
}

@test "cgroups: a container that exits normally is not reported OOM-killed" {
	update_config '.linux.resources.memory = {"limit": 67108864}'
	set_args true
	runrt create --bundle "$BUNDLE" "$ID"
	runrt start "$ID"
	wait_for_state "$ID" stopped
	[ "$(rt_state "$ID" | jq -r .oomKilled)" = false ] || _fail "state: $(rt_state "$ID")"
}

# --- the systemd manager (no systemd runs here: tests/vm/systemd.vm boots one) ---

no_systemd_here() {
	! [ -S /run/systemd/private ] || skip "systemd runs on this host: tests/vm/systemd.vm covers the manager"
}
# nothing of $ID anywhere: no state dir, no cgroup (any name containing the id)
assert_nothing_left() {
	[ -z "$(ls -A "$ROOT")" ] || _fail "state left: $(ls -A "$ROOT")"
	[ -z "$(find /sys/fs/cgroup -name "*$ID*")" ] || _fail "cgroups left: $(find /sys/fs/cgroup -name "*$ID*")"
}

@test "cgroups: --systemd-cgroup without systemd fails with a clear error and leaves nothing behind" {
	no_systemd_here
	runrt --systemd-cgroup run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "systemd cgroup manager: cannot connect to systemd: "
	assert_nothing_left
	update_config '.linux.cgroupsPath = "machine-test.slice:pfx:'"$ID"'"'
	runrt --cgroup-manager systemd create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "systemd cgroup manager: cannot connect to systemd: "
	assert_nothing_left
}

@test "cgroups: without libsystemd.so.0 the systemd manager fails naming it; nothing else needs it" {
	[[ $("$RT" --version) == *+SYSTEMD* ]] || skip "rt built without libsystemd"
	lib=$(ldconfig -p | sed -n 's/^[[:space:]]*libsystemd\.so\.0 (libc6,x86-64) => //p' | head -n1)
	[ -n "$lib" ] || skip "no libsystemd.so.0 here"
	# rt in a mount namespace where the library file is empty: dlopen fails
	printf '#!/bin/bash\nexec unshare -m bash -c %q _ %q %q "$@"\n' \
		'mount --bind /dev/null "$1" && shift && exec "$@"' "$(readlink -f "$lib")" "$RT" >"$TEST_DIR/rt-nosd"
	chmod +x "$TEST_DIR/rt-nosd"
	RT=$TEST_DIR/rt-nosd runrt --systemd-cgroup run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "systemd cgroup manager: cannot load 'libsystemd.so.0': "
	assert_nothing_left
	# the cgroupfs manager and features never load it (rt has no DT_NEEDED entry for it)
	set_args true
	RT=$TEST_DIR/rt-nosd runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	RT=$TEST_DIR/rt-nosd runrt features
	assert_success
	[ "$(echo "$output" | jq .linux.cgroup.systemd)" = true ] || _fail "features: systemd is not true"
}

@test "cgroups: a system bus that never answers times out (systemd manager) and leaves nothing behind" {
	no_systemd_here
	python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(8); c = []
while True: c.append(s.accept())' "$TEST_DIR/bus.sock" 3>&- &
	listener=$!
	for _ in $(seq 100); do [ -S "$TEST_DIR/bus.sock" ] && break || sleep 0.05; done
	SECONDS=0
	DBUS_SYSTEM_BUS_ADDRESS=unix:path=$TEST_DIR/bus.sock runrt --systemd-cgroup run --bundle "$BUNDLE" "$ID"
	took=$SECONDS
	kill $listener
	wait $listener 2>/dev/null || true
	assert_failure
	assert_output_contains "systemd cgroup manager: cannot connect to systemd: Connection timed out"
	[ "$took" -le 20 ] || _fail "took ${took}s"
	assert_nothing_left
}

@test "cgroups: systemd manager input errors come before any side effect" {
	update_config '.linux.cgroupsPath = "/not/slice/form"'
	runrt --systemd-cgroup run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "cgroupsPath '/not/slice/form': expected \"slice:prefix:name\" for systemd"
	assert_nothing_left
	update_config '.linux.cgroupsPath = "bad--slice.slice:p:x"'
	runrt --systemd-cgroup run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "slice 'bad--slice.slice': empty component between dashes"
	update_config 'del(.linux.cgroupsPath) | .annotations["org.systemd.property.TasksMax"] = "uint64 many"'
	runrt --systemd-cgroup run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "annotation 'org.systemd.property.TasksMax': cannot parse 'uint64 many'"
	assert_nothing_left
}

@test "cgroups: the slice:prefix:name form with the cgroupfs manager names the systemd manager" {
	update_config '.linux.cgroupsPath = "system.slice:rt:'"$ID"'"'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "the slice:prefix:name form needs the systemd cgroup manager (--systemd-cgroup)"
	assert_nothing_left
}

@test "cgroups: features report the systemd manager when built with libsystemd" {
	runrt --version
	built=false
	[[ $output == *+SYSTEMD* ]] && built=true
	runrt features
	assert_success
	[ "$(echo "$output" | jq .linux.cgroup.systemd)" = "$built" ] || _fail "features: systemd is not $built"
}

# runtime-spec features.md: annotations that change what the runtime does are listed, so that
# a client (containerd) passes them only from a trusted source; org.systemd.property.* sets
# unit properties of the container's scope.
@test "cgroups: features list org.systemd.property. in potentiallyUnsafeConfigAnnotations when built with libsystemd" {
	runrt --version
	[[ $output == *+SYSTEMD* ]] || skip "built without libsystemd"
	runrt features
	assert_success
	jq -e '.potentiallyUnsafeConfigAnnotations | index("org.systemd.property.")' <<<"$output" >/dev/null ||
		_fail "features: no org.systemd.property. in potentiallyUnsafeConfigAnnotations"
}

@test "delete --force after a hierarchy of the container was unmounted: succeeds, names it in a warning, cleans the rest" {
	cg_v1 pids memory || skip "no v1 pids and memory hierarchies on this host"
	command -v unshare >/dev/null || skip "unshare is not installed"
	# the unmount only in a mount namespace of the test's own: the host keeps the hierarchy
	run unshare -m --propagation private sh -c '"$1" --root "$2" create --bundle "$3" "$4" </dev/null 3>&- &&
		umount /sys/fs/cgroup/pids && "$1" --root "$2" --log-level warning delete --force "$4" 3>&-' \
		sh "$RT" "$ROOT" "$BUNDLE" "$ID"
	left=$(find /sys/fs/cgroup/pids -mindepth 1 -type d -name "$ID")
	[ -z "$left" ] || rmdir $left
	assert_success
	assert_output_contains "container '$ID': its cgroup stays in hierarchies no longer mounted here: pids"
	[ -n "$left" ] || _fail "no cgroup of the container in the pids hierarchy: the case proves nothing"
	[ -z "$(find /sys/fs/cgroup/memory -mindepth 1 -type d -name "$ID")" ] || _fail "the memory cgroup is left"
	runrt list -q
	refute_output_contains "$ID"
}

# Two containers given the same linux.cgroupsPath (runc allows it): $ID ends by $1 ("delete
# --force", "exit then delete", "run"), $ID2 runs on. With a pid namespace of its own, $ID's
# end must not signal the cgroup's other tasks (runc kills only its init; the kernel kills
# the rest of its namespace), and the cgroup, still in use, stays.
shared_cgroup_end() {
	local ID2 pid2 d
	ID2=$(new_id)
	update_config '.linux.cgroupsPath = $p' --arg p "/rtt-$TEST_TAG-shared"
	jq -e '.linux.namespaces | any(.type == "pid" and (.path // "") == "")' "$BUNDLE/config.json" >/dev/null ||
		_fail "the bundle has no pid namespace of its own"
	run_waiting "$ID2"
	pid2=$(rt_state "$ID2" | jq -r .pid)
	case $1 in
	"delete --force")
		set_args /probe sigwait
		runrt run --detach --bundle "$BUNDLE" "$ID"
		assert_success
		runrt delete --force "$ID"
		assert_success
		;;
	"delete --force, record of an older rt")
		set_args /probe sigwait
		runrt run --detach --bundle "$BUNDLE" "$ID"
		assert_success
		grep -qx 'pidns=1' "$ROOT/$ID/state" || _fail "no pidns=1 in the record"
		sed -i '/^pidns=/d' "$ROOT/$ID/state" # decided from the config copy then
		runrt delete --force "$ID"
		assert_success
		;;
	"exit then delete")
		set_args sh -c 'sleep 100 & exit 0' # a child left behind in the namespace too
		runrt run --detach --bundle "$BUNDLE" "$ID"
		assert_success
		wait_for_state "$ID" stopped
		runrt delete "$ID"
		assert_success
		;;
	run)
		set_args sh -c 'sleep 100 & exit 3'
		runrt run --bundle "$BUNDLE" "$ID"
		assert_status 3
		;;
	esac
	runrt state "$ID"
	assert_failure
	[ "$(awk '{ print $3 }' "/proc/$pid2/stat" 2>/dev/null)" = S ] || _fail "the other container's init $pid2 is gone"
	[ "$(rt_state "$ID2" | jq -r .status)" = running ] || _fail "the other container is not running"
	for d in $(cg_mounted_lines "/proc/$pid2/cgroup" | awk -F: -v t="/rtt-$TEST_TAG-shared" '$3 == t { print $2 }'); do
		d=${d#name=}
		[ -n "$d" ] && d=/sys/fs/cgroup/$d || d=$(findmnt -n -t cgroup2 -o TARGET | head -1)
		grep -qx "$pid2" "$d/rtt-$TEST_TAG-shared/cgroup.procs" || _fail "$d/rtt-$TEST_TAG-shared lost pid $pid2"
		n=$((${n:-0} + 1))
	done
	[ "${n:-0}" -gt 0 ] || _fail "the other container is in no shared cgroup: the case proves nothing"
	runrt delete --force "$ID2"
	assert_success
	[ -z "$(_test_cgroups)" ] || _fail "the last container's delete left the cgroup: $(_test_cgroups)"
}

@test "cgroups: delete --force of a container with its own pid namespace spares another in the same cgroupsPath" {
	shared_cgroup_end "delete --force"
}

@test "cgroups: delete --force of a record without the pid namespace note reads it from the config copy" {
	[[ $RT != *runc ]] || skip "rt's record format"
	shared_cgroup_end "delete --force, record of an older rt"
}

@test "cgroups: delete of an exited container with its own pid namespace spares another in the same cgroupsPath" {
	shared_cgroup_end "exit then delete"
}

@test "cgroups: the end of run (own pid namespace) spares another container in the same cgroupsPath; run's container is gone" {
	shared_cgroup_end run
}

@test "cgroups: without a pid namespace of its own, delete kills every process in its cgroup (runc's rule)" {
	ID2=$(new_id)
	update_config '.linux.cgroupsPath = $p | .linux.namespaces |= map(select(.type != "pid"))' \
		--arg p "/rtt-$TEST_TAG-shared"
	run_waiting "$ID2"
	pid2=$(rt_state "$ID2" | jq -r .pid)
	runrt run --detach --bundle "$BUNDLE" "$ID"
	assert_success
	runrt delete --force "$ID"
	assert_success
	wait_for_exit "$pid2" || _fail "the process sharing the cgroup was not killed"
	wait_for_state "$ID2" stopped
}
