#!/usr/bin/env bats
# Bad input: a non-zero exit, an error that says where, and nothing left behind
# (teardown checks state dirs, processes, mounts and cgroups after every test).

load helpers

# assert_nothing_created ID: no state, no container of that id.
assert_nothing_created() {
	[ -z "$(ls -A "$ROOT")" ] || _fail "state left: $(ls -A "$ROOT")"
	"$RT" --root "$ROOT" state "$1" >/dev/null 2>&1 </dev/null && _fail "state of '$1' exists"
	return 0
}

@test "errors: missing config.json" {
	rm "$BUNDLE/config.json"
	runrt create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains config.json
	assert_nothing_created "$ID"
}

@test "errors: invalid JSON" {
	echo '{"ociVersion": "1.0.2", "process": {' >"$BUNDLE/config.json"
	runrt create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_nothing_created "$ID"
}

@test "errors: a JSON array instead of an object" {
	echo '[]' >"$BUNDLE/config.json"
	runrt create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_nothing_created "$ID"
}

@test "errors: wrong type for process.args names the field" {
	update_config '.process.args = "notarray"'
	runrt create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains process.args
	assert_nothing_created "$ID"
}

@test "errors: wrong type for process.user.uid names the field" {
	update_config '.process.user.uid = "0"'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains process.user.uid
	assert_nothing_created "$ID"
}

@test "errors: a negative uid is rejected and names the field" {
	update_config '.process.user.uid = -1'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains process.user.uid
	assert_nothing_created "$ID"
}

@test "errors: empty process.args" {
	update_config '.process.args = []'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains args
	assert_nothing_created "$ID"
}

@test "errors: missing rootfs directory" {
	rm -rf "$BUNDLE/rootfs"
	runrt create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains rootfs
	assert_nothing_created "$ID"
}

@test "errors: root.path naming a missing directory" {
	update_config '.root.path = "no-such-rootfs"'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains no-such-rootfs
	assert_nothing_created "$ID"
}

@test "errors: a bad mount source names the mount" {
	update_config '.mounts += [{"destination": "/mnt/bad", "type": "bind", "source": "/nonexistent-rt-src", "options": ["bind"]}]'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains /nonexistent-rt-src
	assert_output_contains /mnt/bad
	assert_nothing_created "$ID"
}

@test "errors: a mount of an unknown filesystem type fails" {
	update_config '.mounts += [{"destination": "/mnt/bad", "type": "rt-no-such-fs", "source": "none"}]'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains /mnt/bad
	assert_nothing_created "$ID"
}

# rt is stricter than runc 1.1.5 here: runc's message ("container with given ID already
# exists") does not name the id; rt's errors name what they are about.
@test "errors: create with an existing id fails, names it, and leaves the first container alone" {
	create_waiting
	pid=$(rt_state "$ID" | jq -r .pid)
	runrt create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "$ID"
	wait_for_state "$ID" created
	[ "$(rt_state "$ID" | jq -r .pid)" = "$pid" ]
}

@test "errors: invalid ids are rejected: '../x', 'a/b', '', '.', '..'" {
	for bad in ../x a/b "" . ..; do
		runrt create --bundle "$BUNDLE" "$bad"
		[ "$status" -ne 0 ] || _fail "id '$bad' accepted"
	done
	[ -z "$(ls -A "$ROOT")" ] || _fail "state left: $(ls -A "$ROOT")"
	[ ! -e "$TEST_DIR/x" ] && [ ! -e "$ROOT/a" ]
}

@test "errors: create without an id fails" {
	runrt create --bundle "$BUNDLE"
	assert_failure
	assert_nothing_created "$ID"
}

@test "errors: an unknown command fails" {
	runrt no-such-command
	assert_failure
}

@test "errors: an unknown flag fails" {
	runrt create --no-such-flag --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_nothing_created "$ID"
}

@test "errors: a missing bundle directory fails and names it" {
	runrt create --bundle "$TEST_DIR/no-such-bundle" "$ID"
	assert_failure
	assert_output_contains no-such-bundle
	assert_nothing_created "$ID"
}

@test "errors: a failing process start leaves nothing behind (run)" {
	set_args /no/such/binary
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_nothing_created "$ID"
}

@test "errors: run reports the init's error after its mounts (cwd, identity, executable) with its message; nothing left" {
	# run takes the init's READY right after the mounts: these steps come after it
	update_config '.root.readonly = true | .process.cwd = "/no/such/dir"'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "process.cwd '/no/such/dir'"
	assert_nothing_created "$ID"
	update_config '.process.cwd = "/" | .process.user.additionalGids = [-1]'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_nothing_created "$ID"
	update_config 'del(.process.user.additionalGids)'
	set_args /no/such/binary
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains '"/no/such/binary"'
	assert_nothing_created "$ID"
}

@test "errors: a cgroupsPath with .. does not escape the hierarchy" {
	update_config '.linux.cgroupsPath = "../../../escape"'
	runrt run --bundle "$BUNDLE" "$ID"
	# runc clamps the path under the hierarchy; either way nothing may land outside
	for d in /sys/fs/cgroup/*/; do [ ! -e "$d../escape" ] || _fail "cgroup escaped: $d../escape"; done
	[ ! -e /sys/fs/cgroup/escape ]
}

@test "errors: linux.devices on a regular file or directory of the rootfs is an error naming it; the file is kept" {
	# /dev from the image (no tmpfs): the spec asks for an error when the path holds something else
	update_config '.mounts |= map(select(.destination | test("^/dev(/|$)") | not))'
	echo image-data >"$BUNDLE/rootfs/dev/x"
	mkdir "$BUNDLE/rootfs/dev/d"
	for p in /dev/x /dev/d; do
		update_config '.linux.devices = [{"path": $p, "type": "c", "major": 1, "minor": 3}]' --arg p "$p"
		runrt run --bundle "$BUNDLE" "$ID"
		assert_failure
		assert_output_contains "device '$p' (linux.devices[0])"
		assert_nothing_created "$ID"
	done
	[ "$(cat "$BUNDLE/rootfs/dev/x")" = image-data ] || _fail "the image's /dev/x was replaced"
	[ -d "$BUNDLE/rootfs/dev/d" ]
}

@test "errors: a new user namespace without uidMappings or gidMappings names the missing field" {
	update_config '.linux.namespaces += [{"type": "user"}] | del(.linux.uidMappings, .linux.gidMappings)'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "linux.uidMappings"
	assert_nothing_created "$ID"
	update_config '.linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "linux.gidMappings"
	assert_nothing_created "$ID"
}

@test "errors: linux.intelRdt limits are refused naming the field (rt has no resctrl support), not silently dropped" {
	for f in l3CacheSchema memBwSchema; do
		update_config '.linux.intelRdt = {($f): "L3:0=ff"}' --arg f "$f"
		runrt run --bundle "$BUNDLE" "$ID"
		assert_failure
		assert_output_contains "intelRdt.$f"
		assert_nothing_created "$ID"
	done
	update_config '.linux.intelRdt = {"closID": "../x"}'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	[[ ${output,,} == *intelrdt.closid* ]] || _fail "error does not name intelRdt.closID"
	assert_nothing_created "$ID"
}
