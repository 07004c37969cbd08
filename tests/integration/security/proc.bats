#!/usr/bin/env bats
# Security: /proc and /sys integrity, sysctls, namespaces (SECURITY-SCENARIOS S9, S10, S17,
# S26, S28). The host files an attack would reach (core_pattern, panic, domainname) are in
# the canary, checked in teardown.

load sec

add_mount() { update_config '.mounts += [$m]' --argjson m "$1"; }

@test "S9: a tmpfs mounted over /proc after procfs is refused" {
	add_mount '{"destination": "/proc", "type": "tmpfs", "source": "tmpfs"}'
	set_args true
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
}

@test "S9: a bind of a bundle directory over /proc is refused" {
	mkdir -p "$TEST_DIR/fakeproc/self/attr"
	add_mount "{\"destination\": \"/proc\", \"type\": \"bind\", \"source\": \"$TEST_DIR/fakeproc\", \"options\": [\"bind\"]}"
	set_args true
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
}

@test "S9: a bind over /proc/sys/kernel is refused" {
	mkdir -p "$TEST_DIR/kernel"
	echo core >"$TEST_DIR/kernel/core_pattern"
	add_mount "{\"destination\": \"/proc/sys/kernel\", \"type\": \"bind\", \"source\": \"$TEST_DIR/kernel\", \"options\": [\"bind\"]}"
	set_args true
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
}

@test "S9: a bind over /proc/self/attr is refused" {
	mkdir -p "$TEST_DIR/attr"
	add_mount "{\"destination\": \"/proc/self/attr\", \"type\": \"bind\", \"source\": \"$TEST_DIR/attr\", \"options\": [\"bind\"]}"
	set_args true
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
}

@test "S9: a bind over /proc/cpuinfo is allowed (lxcfs style)" {
	echo "fake cpuinfo" >"$TEST_DIR/cpuinfo"
	add_mount "{\"destination\": \"/proc/cpuinfo\", \"type\": \"bind\", \"source\": \"$TEST_DIR/cpuinfo\", \"options\": [\"bind\", \"ro\"]}"
	set_args cat /proc/cpuinfo
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_line "fake cpuinfo"
}

@test "S10: default masked and read-only /proc paths: no kernel data, no writes to sysrq-trigger or /proc/sys" {
	set_args sh -c '
		echo "timer_list=$(wc -c </proc/timer_list)"
		echo "keys=$(wc -c </proc/keys)"
		echo h 2>/dev/null >/proc/sysrq-trigger && echo sysrq=written || echo sysrq=refused
		echo rt-test-core 2>/dev/null >/proc/sys/kernel/core_pattern && echo core=written || echo core=refused
		echo 1 2>/dev/null >/sys/kernel/mm/ksm/run && echo sys=written || echo sys=refused
		umount /proc/timer_list 2>/dev/null && echo umount=done || echo umount=refused'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_line timer_list=0
	assert_line keys=0
	assert_line sysrq=refused
	assert_line core=refused
	assert_line sys=refused
	assert_line umount=refused
}

@test "S10: a masked path on a shared tmpfs is masked, and the mask cannot be written through" {
	mkdir -p "$TEST_DIR/share"
	echo Forbidden >"$TEST_DIR/share/testfile"
	add_mount "{\"destination\": \"/share\", \"type\": \"bind\", \"source\": \"$TEST_DIR/share\", \"options\": [\"rbind\", \"rw\"]}"
	update_config '.linux.maskedPaths += ["/share/testfile", "/share/testfile"]'
	set_args sh -c 'echo "read=$(cat /share/testfile)"; echo X >/share/testfile; rm /share/testfile 2>/dev/null && echo rm=ok; true'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_line read=
	refute_line rm=ok
	[ "$(cat "$TEST_DIR/share/testfile")" = Forbidden ] || _fail "the masked host file changed"
}

sysctl_refused() {
	update_config '.linux.sysctl = {($k): $v}' --arg k "$1" --arg v "$2"
	set_args true
	runrt run --bundle "$BUNDLE" "$ID"
}

@test "S26: sysctl keys with path traversal are refused" {
	for key in 'net.ipv4/../../sysrq-trigger' '../../proc/sys/kernel/core_pattern' 'net/../kernel/core_pattern' \
		'kernel..core_pattern' '.kernel.core_pattern' 'kernel/core_pattern'; do
		sysctl_refused "$key" rt-test-core
		[ "$status" -ne 0 ] || _fail "sysctl '$key' accepted"
	done
}

@test "S26: a host-global sysctl (kernel.core_pattern) is refused" {
	before=$(cat /proc/sys/kernel/core_pattern)
	sysctl_refused kernel.core_pattern rt-test-core
	after=$(cat /proc/sys/kernel/core_pattern)
	[ "$after" = "$before" ] || echo "$before" >/proc/sys/kernel/core_pattern
	[ "$after" = "$before" ] || _fail "the host core_pattern was set to '$after'"
	assert_failure
}

@test "S26: kernel.panic (not namespaced) is refused" {
	sysctl_refused kernel.panic 7
	assert_failure
}

@test "S26: net.* without a network namespace and kernel.domainname without a uts namespace are refused" {
	update_config '.linux.namespaces |= map(select(.type != "network"))'
	sysctl_refused net.ipv4.ip_forward "$(cat /proc/sys/net/ipv4/ip_forward)"
	assert_failure
	update_config '.linux.namespaces |= map(select(.type != "uts")) | del(.hostname)'
	sysctl_refused kernel.domainname evil.example
	assert_failure
}

@test "S26: a namespaced sysctl in the container's own namespace is applied there only" {
	host=$(cat /proc/sys/net/ipv4/ping_group_range)
	update_config '.linux.sysctl = {"net.ipv4.ping_group_range": "0 0"}'
	set_args cat /proc/sys/net/ipv4/ping_group_range
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[[ ${lines[0]} == 0*0 ]] || _fail "inside: ${lines[0]}"
	[ "$(cat /proc/sys/net/ipv4/ping_group_range)" = "$host" ] || _fail "the host value changed"
}

@test "S17: user namespace: root inside cannot reach host-scoped objects, files map to the host ids" {
	mkdir -p "$TEST_DIR/share"
	chmod 777 "$TEST_DIR/share"
	chown -R 100000:100000 "$BUNDLE/rootfs"
	add_mount "{\"destination\": \"/share\", \"type\": \"bind\", \"source\": \"$TEST_DIR/share\", \"options\": [\"rbind\", \"rw\"]}"
	update_config '.linux.namespaces += [{"type": "user"}]
		| .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
		| .process.capabilities = {"bounding": $all, "effective": $all, "permitted": $all}' \
		--argjson all '["CAP_SYS_ADMIN","CAP_MKNOD","CAP_DAC_OVERRIDE","CAP_CHOWN","CAP_SYS_PTRACE"]'
	set_args sh -c '
		cat /proc/self/uid_map
		touch /share/made
		mknod /tmp/sda b 8 0 2>/dev/null && head -c1 /tmp/sda >/dev/null 2>&1 && echo blk=read || echo blk=refused
		echo rt-test-core 2>/dev/null >/proc/sys/kernel/core_pattern && echo core=written || echo core=refused
		echo "host_owned=$(stat -c %u /proc/sys/kernel/core_pattern)"'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[[ ${lines[0]} =~ ^\ +0\ +100000\ +65536$ ]] || _fail "uid_map: ${lines[0]}"
	assert_line blk=refused
	assert_line core=refused
	assert_line host_owned=65534
	[ "$(stat -c %u "$TEST_DIR/share/made")" = 100000 ] || _fail "made is owned by $(stat -c %u "$TEST_DIR/share/made")"
}

@test "S28: a host SysV shm segment and host processes are not visible" {
	id=$(ipcmk -M 4096 | awk '{print $NF}')
	set_args sh -c 'cat /proc/sysvipc/shm | wc -l; ls /proc | grep -c "^[0-9]"'
	runrt run --bundle "$BUNDLE" "$ID"
	ipcrm -m "$id"
	assert_success
	[ "${lines[0]}" = 1 ] || _fail "shm segments visible: ${lines[0]}"
	[ "${lines[1]}" -le 3 ] || _fail "${lines[1]} processes visible"
}
