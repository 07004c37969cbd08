#!/usr/bin/env bats
# linux.cgroupsPath and linux.resources on this host's hierarchies (v1 controllers,
# v2 at /sys/fs/cgroup/unified on a hybrid host, or a pure v2 host).

load helpers

# cg_dir CONTROLLER: the container's directory in that controller's hierarchy, from the
# probe's view of /proc/self/cgroup (needs a probe cgroup run in $output).
cg_dir() {
	local rel
	rel=$(probe_value "cgroup.$1") || return 1
	if [ -d "/sys/fs/cgroup/$1" ]; then
		echo "/sys/fs/cgroup/$1$rel"
	else
		echo "/sys/fs/cgroup$rel"
	fi
}

cgroup_v1() { [ -d /sys/fs/cgroup/memory ] && grep -q ' /sys/fs/cgroup/memory cgroup ' /proc/self/mounts; }

@test "cgroups: the container is placed in a cgroup named after cgroupsPath" {
	update_config '.linux.cgroupsPath = $p' --arg p "/rtt-$TEST_TAG/ctr"
	run_waiting
	pid=$(rt_state "$ID" | jq -r .pid)
	grep -q ":/rtt-$TEST_TAG/ctr\$" "/proc/$pid/cgroup" || _fail "$(cat "/proc/$pid/cgroup")"
	runrt delete --force "$ID"
	assert_success
	[ -z "$(find /sys/fs/cgroup -mindepth 2 -maxdepth 3 -type d -path "*/rtt-$TEST_TAG/ctr")" ] || _fail "leaf cgroup left"
	# the parent the runtime had to create is not the container's: runc leaves it, and so may rt
	find /sys/fs/cgroup -mindepth 1 -maxdepth 2 -type d -name "rtt-$TEST_TAG" -exec rmdir {} +
}

@test "cgroups: memory limit and pids limit are written" {
	cgroup_v1 || skip "needs the cgroup v1 memory and pids controllers"
	update_config '.linux.resources.memory = {"limit": 67108864} | .linux.resources.pids = {"limit": 42}'
	run_waiting
	pid=$(rt_state "$ID" | jq -r .pid)
	mem=/sys/fs/cgroup/memory$(grep ':memory:' "/proc/$pid/cgroup" | cut -d: -f3)
	pids=/sys/fs/cgroup/pids$(grep ':pids:' "/proc/$pid/cgroup" | cut -d: -f3)
	[ "$(cat "$mem/memory.limit_in_bytes")" = 67108864 ]
	[ "$(cat "$pids/pids.max")" = 42 ]
}

@test "cgroups: cpu shares, quota and period are written" {
	cgroup_v1 || skip "needs the cgroup v1 cpu controller"
	update_config '.linux.resources.cpu = {"shares": 512, "quota": 50000, "period": 100000}'
	run_waiting
	pid=$(rt_state "$ID" | jq -r .pid)
	cpu=/sys/fs/cgroup/cpu$(grep -E ':cpu(,cpuacct)?:' "/proc/$pid/cgroup" | cut -d: -f3)
	[ "$(cat "$cpu/cpu.shares")" = 512 ]
	[ "$(cat "$cpu/cpu.cfs_quota_us")" = 50000 ]
	[ "$(cat "$cpu/cpu.cfs_period_us")" = 100000 ]
}

@test "cgroups: the pids limit is enforced inside the container" {
	cgroup_v1 || skip "needs the cgroup v1 pids controller"
	update_config '.linux.resources.pids = {"limit": 3}'
	set_args sh -c 'for i in 1 2 3 4 5; do sleep 5 & done; wait'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_output_contains "fork"
}

@test "cgroups: the cgroup is removed on delete" {
	update_config '.linux.cgroupsPath = $p' --arg p "/rtt-$TEST_TAG-only"
	run_waiting
	find /sys/fs/cgroup -maxdepth 3 -type d -name "rtt-$TEST_TAG-only" | grep -q . || _fail "no cgroup created"
	runrt delete --force "$ID"
	assert_success
	[ -z "$(find /sys/fs/cgroup -maxdepth 3 -type d -name "rtt-$TEST_TAG-only")" ]
}

@test "cgroups: the device cgroup denies what is not allowed" {
	cgroup_v1 || skip "needs the cgroup v1 devices controller"
	# mknod works (CAP_MKNOD) but opening a node of a denied device fails with EPERM
	update_config '.process.capabilities.bounding += ["CAP_MKNOD"] | .process.capabilities.effective += ["CAP_MKNOD"]
		| .process.capabilities.permitted += ["CAP_MKNOD"]'
	set_args sh -c 'mknod /tmp/mem c 1 1 && /probe cat /tmp/mem | head -c 20'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_line error=EPERM
}

@test "pause and resume: state paused, then running" {
	cgroup_v1 || [ -f /sys/fs/cgroup/cgroup.controllers ] || skip "no freezer"
	run_waiting
	runrt pause "$ID"
	assert_success
	wait_for_state "$ID" paused
	runrt resume "$ID"
	assert_success
	wait_for_state "$ID" running
}

@test "pause: a paused container does not run; kill after resume is delivered" {
	run_waiting
	runrt pause "$ID"
	assert_success
	pid=$(rt_state "$ID" | jq -r .pid)
	kill -USR1 "$pid"
	sleep 0.3
	[ ! -e "$BUNDLE/rootfs/tmp/signal" ] || _fail "a frozen process ran its handler"
	runrt resume "$ID"
	assert_success
	wait_for_file "$BUNDLE/rootfs/tmp/signal"
	[ "$(cat "$BUNDLE/rootfs/tmp/signal")" = signal=10 ]
}
