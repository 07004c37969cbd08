#!/usr/bin/env bats
# LSM labels (process.apparmorProfile, process.selinuxLabel, linux.mountLabel, exec
# --apparmor / --process-label) on a host WITHOUT the LSM: a non-empty label is an error
# naming the field, found before anything is made; empty labels are no labels; features
# tells the truth. Real enforcement is tested in the QEMU guest (tests/vm/lsm.vm).

load helpers

host_apparmor() { [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ]; }
host_selinux() { [ -e /sys/fs/selinux/enforce ]; }

setup() {
	rt_setup
	if host_apparmor || host_selinux; then
		skip "this host enables AppArmor or SELinux (tests/vm/lsm.vm covers enforcement)"
	fi
}

# Nothing of the container exists: no state dir, no cgroup, no process.
assert_nothing_made() {
	[ -z "$(ls -A "$ROOT" 2>/dev/null)" ] || _fail "state left under $ROOT: $(ls -A "$ROOT")"
	[ -z "$(_test_cgroups)" ] || _fail "cgroups left: $(_test_cgroups)"
	[ -z "$(find /sys/fs/cgroup -mindepth 1 -type d -name "*$ID*" 2>/dev/null)" ] || _fail "cgroup named $ID left"
	[ -z "$(_test_pids)" ] || _fail "processes left: $(_test_pids)"
}

@test "lsm: features reports AppArmor and SELinux support as built in, on a host that has neither on (runtime-spec: unrelated to the host)" {
	local se=false
	"$RT" --version | grep -q '+SELINUX' && se=true
	runrt features
	assert_success
	[ "$(jq -r '.linux.apparmor.enabled' <<<"$output")" = true ] || _fail "apparmor.enabled is not true"
	[ "$(jq -r '.linux.selinux.enabled' <<<"$output")" = $se ] || _fail "selinux.enabled is not $se (the build)"
}

@test "lsm: create with process.apparmorProfile fails naming the field, leaving nothing" {
	update_config '.process.apparmorProfile = "rt-test-profile"'
	runrt create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "process.apparmorProfile 'rt-test-profile': AppArmor is not enabled on this host"
	assert_nothing_made
}

@test "lsm: run with process.selinuxLabel fails naming the field, leaving nothing" {
	update_config '.process.selinuxLabel = "system_u:system_r:container_t:s0:c1,c2"'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "process.selinuxLabel 'system_u:system_r:container_t:s0:c1,c2': SELinux is not enabled on this host"
	assert_nothing_made
}

@test "lsm: create with linux.mountLabel fails naming the field, leaving nothing" {
	update_config '.linux.mountLabel = "system_u:object_r:container_file_t:s0"'
	runrt create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "linux.mountLabel 'system_u:object_r:container_file_t:s0': SELinux is not enabled on this host"
	assert_nothing_made
}

@test "lsm: empty labels are no labels" {
	update_config '.process.apparmorProfile = "" | .process.selinuxLabel = "" | .linux.mountLabel = ""'
	set_args sh -c 'cat /proc/self/attr/current 2>&1; echo done'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_output_contains "done"
}

start_container() {
	set_args /probe sigwait
	runrt run --detach --bundle "$BUNDLE" "$ID"
	assert_success
}

@test "lsm: exec --apparmor and --process-label fail naming the flag; the container lives on" {
	start_container
	runrt exec --apparmor rt-test-profile "$ID" true
	assert_failure
	assert_output_contains "--apparmor 'rt-test-profile': AppArmor is not enabled on this host"
	runrt exec --process-label system_u:system_r:container_t:s0 "$ID" true
	assert_failure
	assert_output_contains "--process-label 'system_u:system_r:container_t:s0': SELinux is not enabled on this host"
	[ "$(rt_state "$ID" | jq -r .status)" = running ] || _fail "container not running any more"
	runrt exec "$ID" sh -c 'exit 7'
	assert_status 7
}

@test "lsm: exec with empty --apparmor / --process-label runs" {
	start_container
	runrt exec --apparmor "" --process-label "" "$ID" sh -c 'echo ran'
	assert_success
	assert_output_contains ran
}

@test "lsm: exec --process with apparmorProfile or selinuxLabel fails naming the field" {
	start_container
	jq -c '.process | .args = ["true"] | .apparmorProfile = "p1"' "$BUNDLE/config.json" >"$TEST_DIR/p1.json"
	runrt exec --process "$TEST_DIR/p1.json" "$ID"
	assert_failure
	assert_output_contains "process.apparmorProfile 'p1': AppArmor is not enabled on this host"
	jq -c '.process | .args = ["true"] | .selinuxLabel = "u:r:t:s0"' "$BUNDLE/config.json" >"$TEST_DIR/p2.json"
	runrt exec --process "$TEST_DIR/p2.json" "$ID"
	assert_failure
	assert_output_contains "process.selinuxLabel 'u:r:t:s0': SELinux is not enabled on this host"
	# a flag overrides the file: an empty --apparmor clears the file's profile
	runrt exec --apparmor "" --process "$TEST_DIR/p1.json" "$ID"
	assert_success
}
