#!/usr/bin/env bats
# linux.namespaces: new ones, shared ones, joined ones.

load helpers

NETNS=

teardown() {
	[ -z "$NETNS" ] || ip netns del "$NETNS" 2>/dev/null
	# ns files bind-mounted under the test directory by the tests themselves
	for f in "$TEST_DIR"/ns-*; do [ -e "$f" ] && umount "$f" 2>/dev/null; done
	rt_teardown
}

host_ns() { stat -L -c %i "/proc/self/ns/$1"; }

@test "namespaces: pid, net, ipc, uts, mnt, cgroup are new" {
	update_config '.linux.namespaces = [{"type": "pid"}, {"type": "network"}, {"type": "ipc"},
		{"type": "uts"}, {"type": "mount"}, {"type": "cgroup"}]'
	set_args /probe ns
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	for ns in pid net ipc uts mnt cgroup; do
		v=$(probe_value "ns.$ns") || _fail "no ns.$ns"
		[ "$v" != "$(host_ns "$ns")" ] || _fail "ns.$ns is the host's"
	done
	# not asked for: shared with the host
	assert_probe ns.user "$(host_ns user)"
}

@test "namespaces: a type left out is shared with the host" {
	update_config '.linux.namespaces = [{"type": "pid"}, {"type": "mount"}] | del(.hostname)'
	set_args /probe ns
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe ns.net "$(host_ns net)"
	assert_probe ns.ipc "$(host_ns ipc)"
	assert_probe ns.uts "$(host_ns uts)"
	assert_probe ns.cgroup "$(host_ns cgroup)"
	[ "$(probe_value ns.pid)" != "$(host_ns pid)" ]
}

@test "namespaces: a new network namespace has only lo, and it is down" {
	set_args sh -c 'ls /sys/class/net; cat /sys/class/net/lo/operstate'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[ "${lines[0]}" = lo ] && [ "${#lines[@]}" -eq 2 ] || _fail "unexpected interfaces"
}

@test "namespaces: user namespace with uid/gid mappings" {
	update_config '.linux.namespaces += [{"type": "user"}]
		| .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
	set_args sh -c '/probe ids; /probe ns; set -- $(cat /proc/self/uid_map); echo uid_map=$*; set -- $(cat /proc/self/gid_map); echo gid_map=$*'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe uid 0
	assert_probe gid 0
	assert_probe uid_map "0 100000 65536"
	assert_probe gid_map "0 100000 65536"
	[ "$(probe_value ns.user)" != "$(host_ns user)" ]
}

@test "namespaces: join a network namespace by path (ip netns)" {
	NETNS=rtt-$TEST_TAG
	ip netns add "$NETNS"
	ip -n "$NETNS" link set lo up
	update_config '.linux.namespaces = [.linux.namespaces[] | select(.type != "network")] + [{"type": "network", "path": $p}]' \
		--arg p "/run/netns/$NETNS"
	set_args sh -c '/probe ns; echo lo=$(cat /sys/class/net/lo/operstate)'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe ns.net "$(stat -L -c %i "/run/netns/$NETNS")"
	assert_probe lo unknown # up: a loopback reports "unknown", down reports "down"
}

@test "namespaces: join a uts namespace from a bind-mounted ns file" {
	touch "$TEST_DIR/ns-uts"
	unshare --uts="$TEST_DIR/ns-uts" hostname from-nsfile
	update_config '.linux.namespaces = [.linux.namespaces[] | select(.type != "uts")] + [{"type": "uts", "path": $p}] | del(.hostname)' \
		--arg p "$TEST_DIR/ns-uts"
	set_args sh -c '/probe ns; /probe hostname'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe ns.uts "$(stat -L -c %i "$TEST_DIR/ns-uts")"
	assert_probe hostname from-nsfile
	umount "$TEST_DIR/ns-uts"
}

@test "namespaces: a path to a namespace of the wrong type fails" {
	touch "$TEST_DIR/ns-uts"
	unshare --uts="$TEST_DIR/ns-uts" true
	update_config '.linux.namespaces = [.linux.namespaces[] | select(.type != "network")] + [{"type": "network", "path": $p}]' \
		--arg p "$TEST_DIR/ns-uts"
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	umount "$TEST_DIR/ns-uts"
}

@test "namespaces: a path that is not a namespace fails" {
	update_config '.linux.namespaces = [.linux.namespaces[] | select(.type != "ipc")] + [{"type": "ipc", "path": "/etc/hostname"}]'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
}

@test "namespaces: a missing namespace path fails and names it" {
	update_config '.linux.namespaces = [.linux.namespaces[] | select(.type != "network")] + [{"type": "network", "path": "/run/netns/rt-no-such-ns"}]'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains /run/netns/rt-no-such-ns
}

@test "namespaces: a second container joins the first one's pid and ipc namespaces" {
	run_waiting
	pid=$(rt_state "$ID" | jq -r .pid)
	ID2=$(new_id)
	update_config '.linux.namespaces = [.linux.namespaces[] | select(.type != "pid" and .type != "ipc")]
		+ [{"type": "pid", "path": "/proc/\($pid)/ns/pid"}, {"type": "ipc", "path": "/proc/\($pid)/ns/ipc"}]' --arg pid "$pid"
	set_args sh -c '/probe ns; echo mypid=$$'
	runrt run --bundle "$BUNDLE" "$ID2"
	assert_success
	assert_probe ns.pid "$(stat -L -c %i "/proc/$pid/ns/pid")"
	assert_probe ns.ipc "$(stat -L -c %i "/proc/$pid/ns/ipc")"
	[ "$(probe_value mypid)" != 1 ]
}

@test "namespaces: joining a user namespace by path: the new namespaces belong to it (sysfs of its own netns mounts)" {
	update_config '.linux.namespaces += [{"type": "user"}]
		| .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
	run_waiting
	pid=$(rt_state "$ID" | jq -r .pid)
	ID2=$(new_id)
	# runc's order: join by path first, then create the rest. A network or mount namespace
	# made before the join would belong to the host's user namespace, where the container
	# has no capability: its mounts (and a sysfs of its own) would be refused.
	update_config '.linux.namespaces = [.linux.namespaces[] | select(.type != "pid" and .type != "user")]
		+ [{"type": "user", "path": "/proc/\($pid)/ns/user"}, {"type": "pid", "path": "/proc/\($pid)/ns/pid"}]
		| del(.linux.uidMappings, .linux.gidMappings)' --arg pid "$pid"
	set_args sh -c '/probe ns; /probe ids; set -- $(cat /proc/self/uid_map); echo uid_map=$*; echo links=$(ls /sys/class/net)'
	runrt run --bundle "$BUNDLE" "$ID2"
	assert_success
	assert_probe ns.user "$(stat -L -c %i "/proc/$pid/ns/user")"
	assert_probe uid 0
	assert_probe uid_map "0 100000 65536"
	[ "$(probe_value ns.net)" != "$(host_ns net)" ]
	[ "$(probe_value ns.net)" != "$(stat -L -c %i "/proc/$pid/ns/net")" ]
	[ "$(probe_value ns.mnt)" != "$(stat -L -c %i "/proc/$pid/ns/mnt")" ]
	# the container's own sysfs (not a bind of the host's /sys): its netns has only lo
	assert_probe links lo
}

@test "namespaces: joining a user namespace by path with a new pid namespace: the pid namespace belongs to it (its /proc mounts)" {
	# Podman's pod made with --uidmap: its containers join the infra's user, net, ipc and uts
	# namespaces and get a pid namespace of their own. Made before the join, the pid namespace
	# would belong to the host's user namespace, and mounting its proc would be refused.
	update_config '.linux.namespaces += [{"type": "user"}]
		| .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
	run_waiting
	pid=$(rt_state "$ID" | jq -r .pid)
	ID2=$(new_id)
	update_config '.linux.namespaces = [.linux.namespaces[] | select(.type != "user" and .type != "network")]
		+ [{"type": "user", "path": "/proc/\($pid)/ns/user"}, {"type": "network", "path": "/proc/\($pid)/ns/net"}]
		| del(.linux.uidMappings, .linux.gidMappings)' --arg pid "$pid"
	set_args sh -c '/probe ns; /probe ids; set -- $(cat /proc/self/uid_map); echo uid_map=$*; echo mypid=$$'
	runrt run --bundle "$BUNDLE" "$ID2"
	assert_success
	assert_probe ns.user "$(stat -L -c %i "/proc/$pid/ns/user")"
	assert_probe ns.net "$(stat -L -c %i "/proc/$pid/ns/net")"
	assert_probe uid 0
	assert_probe uid_map "0 100000 65536"
	assert_probe mypid 1
	[ "$(probe_value ns.pid)" != "$(host_ns pid)" ]
	[ "$(probe_value ns.pid)" != "$(stat -L -c %i "/proc/$pid/ns/pid")" ]
}

@test "namespaces: a new user namespace with network and uts namespaces of the host's user namespace joined by path" {
	# Podman's --uidmap with --network=container:X, --uts=container:X (X without a user
	# namespace). Once in its new user namespace the init may no longer join them (setns needs
	# CAP_SYS_ADMIN in the namespace's owner): they are joined before it is made, as runc does.
	run_waiting
	pid=$(rt_state "$ID" | jq -r .pid)
	ID2=$(new_id)
	update_config '.linux.namespaces = [.linux.namespaces[] | select(.type != "network" and .type != "uts")]
		+ [{"type": "user"}, {"type": "network", "path": "/proc/\($pid)/ns/net"}, {"type": "uts", "path": "/proc/\($pid)/ns/uts"}]
		| .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
		| del(.hostname)' --arg pid "$pid"
	# the runtime's own namespaces, where the hooks run, stay the host's
	update_config '.hooks.createRuntime = [{"path": "/bin/sh", "args": ["sh", "-c", "readlink /proc/self/ns/net /proc/self/ns/uts >\($f)"]}]' \
		--arg f "$TEST_DIR/hook.ns"
	set_args sh -c '/probe ns; /probe ids; set -- $(cat /proc/self/uid_map); echo uid_map=$*; echo mypid=$$'
	runrt run --bundle "$BUNDLE" "$ID2"
	assert_success
	assert_probe ns.net "$(stat -L -c %i "/proc/$pid/ns/net")"
	assert_probe ns.uts "$(stat -L -c %i "/proc/$pid/ns/uts")"
	[ "$(probe_value ns.user)" != "$(host_ns user)" ]
	assert_probe uid 0
	assert_probe uid_map "0 100000 65536"
	assert_probe mypid 1
	[ "$(cat "$TEST_DIR/hook.ns")" = "$(readlink /proc/self/ns/net /proc/self/ns/uts)" ]
}

@test "namespaces: an unknown namespace type is rejected" {
	update_config '.linux.namespaces += [{"type": "bogus"}]'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains bogus
}

@test "namespaces: the same type twice is rejected" {
	update_config '.linux.namespaces += [{"type": "ipc"}]'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
}

@test "linux.sysctl: namespaced sysctls are set inside, the host's are untouched" {
	host_fwd=$(cat /proc/sys/net/ipv4/ip_forward)
	want=$((1 - host_fwd))
	update_config '.linux.sysctl = {"net.ipv4.ip_forward": $f, "kernel.shm_rmid_forced": "1"}' --arg f "$want"
	set_args sh -c 'echo fwd=$(cat /proc/sys/net/ipv4/ip_forward); echo shm=$(cat /proc/sys/kernel/shm_rmid_forced)'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe fwd "$want"
	assert_probe shm 1
	[ "$(cat /proc/sys/net/ipv4/ip_forward)" = "$host_fwd" ]
}

@test "linux.sysctl: a sysctl of a namespace the container does not own is rejected" {
	update_config '.linux.namespaces -= [{"type": "network"}] | .linux.sysctl = {"net.ipv4.ip_forward": "1"}'
	host_fwd=$(cat /proc/sys/net/ipv4/ip_forward)
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	[ "$(cat /proc/sys/net/ipv4/ip_forward)" = "$host_fwd" ]
}

@test "linux.sysctl: a non-namespaced sysctl is rejected" {
	update_config '.linux.sysctl = {"kernel.panic": "10"}'
	host=$(cat /proc/sys/kernel/panic)
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains kernel.panic
	[ "$(cat /proc/sys/kernel/panic)" = "$host" ]
}

# runtime-spec 1.1 "time" namespace with linux.timeOffsets (runc 1.1.5 ignores both):
# the container's monotonic and boot clocks run ahead of the host's by the offsets.
@test "namespaces: a new time namespace with linux.timeOffsets shifts the monotonic and boottime clocks" {
	update_config '.linux.namespaces += [{"type": "time"}]
		| .linux.timeOffsets = {"monotonic": {"secs": 864000}, "boottime": {"secs": 1728000, "nanosecs": 5}}'
	set_args sh -c '/probe ns; cat /proc/self/timens_offsets; set -- $(cat /proc/uptime); echo uptime=${1%.*}'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	v=$(probe_value ns.time) || _fail "no ns.time"
	[ "$v" != "$(host_ns time)" ] || _fail "ns.time is the host's"
	assert_line "monotonic      864000         0"
	assert_line "boottime      1728000         5"
	# /proc/uptime is CLOCK_BOOTTIME: 20 days ahead of the host's
	host=$(cut -d. -f1 /proc/uptime)
	up=$(probe_value uptime)
	[ "$up" -ge $((host + 1728000 - 5)) ] && [ "$up" -le $((host + 1728000 + 60)) ] || _fail "uptime $up, host $host"
}

@test "namespaces: a new time namespace without offsets is the host's clocks" {
	update_config '.linux.namespaces += [{"type": "time"}]'
	set_args sh -c '/probe ns; cat /proc/self/timens_offsets'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[ "$(probe_value ns.time)" != "$(host_ns time)" ] || _fail "ns.time is the host's"
	assert_line "monotonic           0         0"
}

# runc 1.1.5: "intelRdt.l3CacheSchema is specified in config, but Intel RDT/CAT is not enabled".
# rt has no resctrl support (features: intelRdt.enabled false): a limit asked for and
# silently not applied is worse than an error.
@test "linux.intelRdt: refused with an error naming the field (rt has no resctrl support)" {
	update_config '.linux.intelRdt = {"closID": "rt-test", "l3CacheSchema": "L3:0=f"}'
	set_args true
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "linux.intelRdt"
	runrt state "$ID"
	assert_failure
}

# runc 1.1.5 refuses these before it starts ("User namespaces enabled, but no uid mappings
# found", "... no user mapping found"); rt used to fail later with a bare EINVAL ("become root
# in the user namespace: Invalid argument", "write 'uid_map': Invalid argument").
@test "namespaces: bad uid/gid mappings for a new user namespace are refused naming the field" {
	local base cases=(
		'del(.linux.uidMappings)|linux.uidMappings: required'
		'.linux.gidMappings = []|linux.gidMappings: required'
		'.linux.uidMappings[0].size = 0|linux.uidMappings[0].size'
		'.linux.gidMappings[0].containerID = 1|linux.gidMappings: container id 0'
		'.linux.uidMappings += [{"containerID": 500, "hostID": 300000, "size": 10}]|linux.uidMappings[1]: containerID range overlaps'
		'.linux.gidMappings += [{"containerID": 70000, "hostID": 100100, "size": 10}]|linux.gidMappings[1]: hostID range overlaps'
		'.linux.uidMappings[0].hostID = 4294967000|linux.uidMappings[0]'
	)
	update_config '.linux.namespaces += [{"type": "user"}]
		| .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]'
	set_args true
	base=$(cat "$BUNDLE/config.json")
	for c in "${cases[@]}"; do
		jq "${c%%|*}" <<<"$base" >"$BUNDLE/config.json"
		runrt run --bundle "$BUNDLE" "$ID"
		assert_failure
		assert_output_contains "config.json: ${c#*|}"
		runrt state "$ID"
		assert_failure
	done
	# two disjoint ranges are fine
	jq '.linux.uidMappings += [{"containerID": 65536, "hostID": 300000, "size": 10}]' <<<"$base" >"$BUNDLE/config.json"
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
}

# The offsets of a time namespace can only be written before its first process: without a
# new one they would be silently dropped (rt used to run such a container with the host's
# clocks), and the kernel's EINVAL for a bad clock did not say which.
@test "namespaces: linux.timeOffsets without a new time namespace, or with a bad clock, is refused" {
	set_args true
	update_config '.linux.timeOffsets = {"monotonic": {"secs": 5}}'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "linux.timeOffsets: requires a new time namespace"
	update_config '.linux.namespaces += [{"type": "time"}] | .linux.timeOffsets = {"realtime": {"secs": 5}}'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "linux.timeOffsets: unknown clock 'realtime'"
	update_config '.linux.timeOffsets = {"boottime": {"secs": 5, "nanosecs": 1000000000}}'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "linux.timeOffsets.boottime.nanosecs"
	runrt state "$ID"
	assert_failure
}

# An idmapped bind mount: a file the host's uid 0 owns shows as the mount's hostID.
@test "mounts: an idmapped bind mount shows disk ids through its uidMappings/gidMappings" {
	mkdir "$TEST_DIR/src"
	touch "$TEST_DIR/src/root-owned"
	chown 0:0 "$TEST_DIR/src/root-owned"
	update_config '.mounts += [{"destination": "/mnt", "type": "bind", "source": $s, "options": ["bind", "idmap"],
		"uidMappings": [{"containerID": 0, "hostID": 1000, "size": 10}],
		"gidMappings": [{"containerID": 0, "hostID": 2000, "size": 10}]}]' --arg s "$TEST_DIR/src"
	set_args stat -c '%u:%g' /mnt/root-owned
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[ "$output" = "1000:2000" ] || _fail "owner inside: $output"
	[ "$(stat -c %u:%g "$TEST_DIR/src/root-owned")" = 0:0 ]
}

# The typical use: the mount's mapping is the container's, so files the host's root owns are
# root's inside, and what the container's root writes lands on disk as the host's uid 0.
# In a user namespace the init can neither write a host-side map nor idmap a host mount:
# rt makes the mount before the clone. rt used to fail with "idmap: open '/proc/N/uid_map':
# Permission denied".
@test "mounts: the idmap option without mappings of the mount's own maps it as the container's user namespace (Podman's -v SRC:DST:idmap)" {
	mkdir "$TEST_DIR/src"
	touch "$TEST_DIR/src/root-owned"
	chown 0:0 "$TEST_DIR/src" "$TEST_DIR/src/root-owned"
	update_config '.linux.namespaces += [{"type": "user"}]
		| .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
		| .mounts += [{"destination": "/mnt", "type": "bind", "source": $s, "options": ["idmap", "rw", "rprivate", "rbind"]}]' \
		--arg s "$TEST_DIR/src"
	chown -R 100000:100000 "$BUNDLE/rootfs"
	set_args sh -c 'stat -c %u:%g /mnt/root-owned; touch /mnt/new && echo wrote; grep " /mnt " /proc/self/mountinfo'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[ "${lines[0]}" = 0:0 ] || _fail "owner inside: ${lines[0]}"
	assert_line wrote
	[[ ${lines[2]} == *idmapped* ]] || _fail "mount: ${lines[2]}"
	[ "$(stat -c %u:%g "$TEST_DIR/src/new")" = 0:0 ] || _fail "written as $(stat -c %u:%g "$TEST_DIR/src/new")"
}

@test "mounts: an idmapped bind mount in a container with a user namespace maps the disk ids to its root" {
	mkdir "$TEST_DIR/src"
	touch "$TEST_DIR/src/root-owned"
	chown 0:0 "$TEST_DIR/src" "$TEST_DIR/src/root-owned"
	update_config '.linux.namespaces += [{"type": "user"}]
		| .linux.uidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
		| .linux.gidMappings = [{"containerID": 0, "hostID": 100000, "size": 65536}]
		| .mounts += [{"destination": "/mnt", "type": "bind", "source": $s, "options": ["rbind", "nosuid"],
		"uidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}],
		"gidMappings": [{"containerID": 0, "hostID": 100000, "size": 65536}]}]' --arg s "$TEST_DIR/src"
	chown -R 100000:100000 "$BUNDLE/rootfs"
	set_args sh -c 'stat -c %u:%g /mnt/root-owned; touch /mnt/new && echo wrote; grep " /mnt " /proc/self/mountinfo'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[ "${lines[0]}" = 0:0 ] || _fail "owner inside: ${lines[0]}"
	assert_line wrote
	[[ ${lines[2]} == *idmapped* && ${lines[2]} == *nosuid* ]] || _fail "mount: ${lines[2]}"
	[ "$(stat -c %u:%g "$TEST_DIR/src/new")" = 0:0 ] || _fail "written as $(stat -c %u:%g "$TEST_DIR/src/new")"
}
