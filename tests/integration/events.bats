#!/usr/bin/env bats
# rt events: runc's JSON lines. Stats (cpu, memory, pids, blkio, hugetlb per page size,
# rdma where the controller exists) every --interval, an "oom" line as soon as the
# kernel reports an OOM (not at the next interval), and the end of the stream when the
# container stops.

load helpers

# The container's directory of the hierarchy holding controller $1 (cgroup2 when the
# controller is listed in its cgroup.controllers).
ctrl_dir() {
	local pid mnt rel
	pid=$(rt_state "$ID" | jq -r .pid)
	mnt=$(findmnt -n -t cgroup -o TARGET,OPTIONS |
		awk -v c="$1" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) { print $1; exit } }')
	if [ -n "$mnt" ]; then
		rel=$(awk -F: -v c="$1" '{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) print $3 }' "/proc/$pid/cgroup")
	else
		mnt=$(findmnt -n -t cgroup2 -o TARGET | head -1)
		[ -n "$mnt" ] && grep -qw "$1" "$mnt/cgroup.controllers" || return 1
		rel=$(awk -F: '$1 == 0 { print $3 }' "/proc/$pid/cgroup")
	fi
	echo "$mnt$rel"
}

# "hugepages-2048kB" -> "2MB", as the kernel names the cgroup files.
page_sizes() {
	local d kb
	for d in /sys/kernel/mm/hugepages/hugepages-*kB; do
		[ -d "$d" ] || continue
		kb=${d##*-}
		kb=${kb%kB}
		if [ $((kb % 1048576)) -eq 0 ]; then echo "$((kb / 1048576))GB"
		elif [ $((kb % 1024)) -eq 0 ]; then echo "$((kb / 1024))MB"
		else echo "${kb}KB"; fi
	done | sort
}

@test "events --stats: runc's keys; memory, pids and hugetlb values match the cgroup files" {
	update_config '.linux.resources.memory = {"limit": 67108864} | .linux.resources.pids = {"limit": 64}'
	set_args /probe sigwait
	runrt run --detach --bundle "$BUNDLE" "$ID"
	assert_success
	runrt events --stats "$ID"
	assert_success
	echo "$output" | jq -e --arg id "$ID" '.type == "stats" and .id == $id' >/dev/null || _fail "type/id"
	for k in cpu memory pids blkio hugetlb; do
		echo "$output" | jq -e --arg k "$k" '.data | has($k)' >/dev/null || _fail "no data.$k"
	done
	[ "$(echo "$output" | jq .data.memory.usage.limit)" = 67108864 ] || _fail "memory limit"
	[ "$(echo "$output" | jq .data.pids.limit)" = 64 ] || _fail "pids limit"
	[ "$(echo "$output" | jq .data.pids.current)" -ge 1 ] || _fail "pids current"
	[ "$(echo "$output" | jq .data.cpu.usage.total)" -gt 0 ] || _fail "cpu usage"
	if dir=$(ctrl_dir hugetlb); then
		want=$(page_sizes | tr '\n' ' ')
		got=$(echo "$output" | jq -r '.data.hugetlb | keys[]' | sort | tr '\n' ' ')
		[ -n "$want" ] && [ "$got" = "$want" ] || _fail "hugetlb page sizes: got '$got', want '$want'"
		for s in $want; do
			echo "$output" | jq -e --arg s "$s" '.data.hugetlb[$s] | (.usage|type) == "number" and
				(.max|type) == "number" and (.failcnt|type) == "number"' >/dev/null || _fail "hugetlb.$s fields"
			if [ -f "$dir/hugetlb.$s.current" ]; then # cgroup2: the unified mount of this host
				f=$dir/hugetlb.$s.rsvd.current
				[ -f "$f" ] || f=$dir/hugetlb.$s.current
				[ "$(echo "$output" | jq ".data.hugetlb[\"$s\"].usage")" = "$(cat "$f")" ] || _fail "hugetlb.$s usage"
				fc=$(awk '$1 == "max" { print $2 }' "$dir/hugetlb.$s.events")
			else
				fc=$(cat "$dir/hugetlb.$s.failcnt")
			fi
			[ "$(echo "$output" | jq ".data.hugetlb[\"$s\"].failcnt")" = "$fc" ] || _fail "hugetlb.$s failcnt"
		done
	else
		[ "$(echo "$output" | jq -c .data.hugetlb)" = "{}" ] || _fail "hugetlb without the controller"
	fi
	if ctrl_dir rdma >/dev/null; then
		echo "$output" | jq -e '.data.rdma | (.rdma_current|type) == "array" and (.rdma_limit|type) == "array"' \
			>/dev/null || _fail "rdma"
	else
		echo "$output" | jq -e '.data | has("rdma") | not' >/dev/null || _fail "rdma key without the controller"
	fi
}

@test "events: an OOM is reported at once, not at the next interval; the stream ends with the container" {
	update_config '.linux.resources.memory = {"limit": 33554432, "swap": 33554432}'
	set_args /probe sigwait
	runrt run --detach --bundle "$BUNDLE" "$ID"
	assert_success
	"$RT" --root "$ROOT" events --interval 60s "$ID" >"$TEST_DIR/events" 2>&1 &
	evpid=$!
	for _ in $(seq 100); do # the first stats line: the watch is armed
		[ -s "$TEST_DIR/events" ] && break
		sleep 0.05
	done
	runrt exec "$ID" sh -c 'x=$(head -c 100000000 /dev/zero | tr "\0" a); echo survived'
	assert_status 137
	for _ in $(seq 40); do
		grep -q '"oom"' "$TEST_DIR/events" && break
		sleep 0.05
	done
	grep -qx "{\"type\":\"oom\",\"id\":\"$ID\"}" "$TEST_DIR/events" || _fail "no oom line within 2 s: $(cat "$TEST_DIR/events")"
	[ "$(grep -c '"type":"stats"' "$TEST_DIR/events")" -eq 1 ] || _fail "the oom came with a stats poll"
	runrt kill "$ID" KILL
	assert_success
	for _ in $(seq 100); do
		kill -0 "$evpid" 2>/dev/null || break
		sleep 0.05
	done
	if kill -0 "$evpid" 2>/dev/null; then
		kill "$evpid"
		_fail "events still running after the container stopped"
	fi
	wait "$evpid" || _fail "events exited with an error"
}

@test "events --interval: stats lines until the container exits, then status 0" {
	set_args sh -c 'sleep 1.2'
	runrt run --detach --bundle "$BUNDLE" "$ID"
	assert_success
	runrt events --interval 200ms "$ID"
	assert_success
	n=$(grep -c '"type":"stats"' <<<"$output")
	[ "$n" -ge 3 ] && [ "$n" -le 8 ] || _fail "$n stats lines in ~1.2 s at 200ms"
	runrt events --interval 0 "$ID"
	assert_failure
	assert_output_contains "invalid --interval '0'"
}

@test "events --stats: runc's per-cpu usage, throttling and cpuset (cpu.cfs_quota_us set, busy loop)" {
	cg_v1 cpuacct cpuset || skip "no v1 cpuacct and cpuset hierarchies"
	update_config '.linux.resources.cpu = {"quota": 20000, "period": 100000, "cpus": "0"}'
	set_args sh -c 'while :; do :; done'
	runrt run --detach --bundle "$BUNDLE" "$ID"
	assert_success
	for _ in $(seq 100); do # until a cfs period with the loop runnable has ended
		runrt events --stats "$ID"
		assert_success
		echo "$output" | jq -e '.data.cpu.throttling.periods // 0 > 0' >/dev/null && break
		sleep 0.05
	done
	echo "$output" | jq -e '.data.cpu.throttling | (.periods|type) == "number" and .periods >= (.throttledPeriods // 0)' \
		>/dev/null || _fail "throttling: $(echo "$output" | jq -c .data.cpu.throttling)"
	ncpu=$(wc -w <"$(ctrl_dir cpuacct)/cpuacct.usage_percpu")
	[ "$(echo "$output" | jq '.data.cpu.usage.percpu | length')" = "$ncpu" ] || _fail "percpu: not $ncpu entries"
	if [ -f "$(ctrl_dir cpuacct)/cpuacct.usage_all" ]; then
		for k in percpu_user percpu_kernel; do
			[ "$(echo "$output" | jq ".data.cpu.usage.$k | length")" = "$ncpu" ] || _fail "$k: not $ncpu entries"
		done
	fi
	[ "$(echo "$output" | jq -c .data.cpuset.cpus)" = "[0]" ] || _fail "cpuset.cpus"
	mems=$(cat "$(ctrl_dir cpuset)/cpuset.mems")
	[ "$(echo "$output" | jq -r '.data.cpuset.mems | map(tostring) | join(",")')" = "${mems//-/,}" ] || _fail "cpuset.mems '$mems'"
	[ "$(echo "$output" | jq .data.cpuset.sched_relax_domain_level)" = "$(cat "$(ctrl_dir cpuset)/cpuset.sched_relax_domain_level")" ] ||
		_fail "sched_relax_domain_level"
}

@test "events --stats: runc's memory swap, kernel and raw entries (v1 memory)" {
	cg_v1 memory || skip "no v1 memory hierarchy"
	update_config '.linux.resources.memory = {"limit": 67108864, "swap": 134217728}'
	set_args /probe sigwait
	runrt run --detach --bundle "$BUNDLE" "$ID"
	assert_success
	d=$(ctrl_dir memory)
	[ -f "$d/memory.memsw.limit_in_bytes" ] || skip "no swap accounting (memory.memsw files)"
	runrt events --stats "$ID"
	assert_success
	echo "$output" | jq -e '.data.memory.swap | .limit == 134217728 and (.max|type) == "number" and
		(.failcnt|type) == "number" and .max >= .usage' >/dev/null || _fail "swap: $(echo "$output" | jq -c .data.memory.swap)"
	for e in kernel kernelTCP; do # (runc leaves out a usage or max of 0)
		echo "$output" | jq -e --arg e "$e" '.data.memory[$e] | [.limit, .usage // 0, .max // 0, .failcnt] | all(type == "number")' \
			>/dev/null || _fail "memory.$e"
	done
	# (jq holds numbers as doubles: both sides of == alike)
	echo "$output" | jq -e --argjson v "$(cat "$d/memory.kmem.limit_in_bytes" 2>/dev/null || echo 0)" \
		'.data.memory.kernel.limit == $v' >/dev/null || _fail "memory.kernel.limit"
	[ "$(echo "$output" | jq -r '.data.memory.raw | keys | join(" ")')" = "$(awk '{ print $1 }' "$d/memory.stat" | sort | tr '\n' ' ' | sed 's/ $//')" ] ||
		_fail "memory.raw keys are not memory.stat's"
	[ "$(echo "$output" | jq .data.memory.raw.hierarchical_memory_limit)" = 67108864 ] || _fail "raw.hierarchical_memory_limit"
	[ "$(echo "$output" | jq .data.memory.cache)" = "$(echo "$output" | jq .data.memory.raw.cache)" ] || _fail "cache"
}

@test "events --stats: runc's blkio lists {major, minor, op, value} after a direct write" {
	cg_v1 blkio || skip "no v1 blkio hierarchy"
	dev=$(findmnt -n -o MAJ:MIN -T "$BUNDLE/rootfs" | tr -d ' ')
	[ -f "/sys/dev/block/$dev/partition" ] && dev=$(cat "/sys/dev/block/$dev/../dev")
	[ -e "/sys/dev/block/$dev/queue" ] || skip "the bundle is on no block device ($dev)"
	# the kernel counts the throttle statistics only where a throttle rule applies
	update_config '.linux.resources.blockIO.throttleWriteBpsDevice = [{"major": $ma, "minor": $mi, "rate": 1000000000}]' \
		--argjson ma "${dev%:*}" --argjson mi "${dev#*:}"
	set_args /probe sigwait
	runrt run --detach --bundle "$BUNDLE" "$ID"
	assert_success
	runrt exec "$ID" dd if=/dev/zero of=/blkio-test bs=1M count=1 oflag=direct
	assert_success
	runrt events --stats "$ID"
	assert_success
	echo "$output" | jq -e --argjson ma "${dev%:*}" --argjson mi "${dev#*:}" '.data.blkio.ioServiceBytesRecursive |
		any(.op == "Write" and (.major // 0) == $ma and (.minor // 0) == $mi and .value >= 1048576)' >/dev/null ||
		_fail "no write of 1 MiB to $dev: $(echo "$output" | jq -c .data.blkio)"
	echo "$output" | jq -e '.data.blkio.ioServicedRecursive | any(.op == "Write" and .value >= 1)' >/dev/null ||
		_fail "ioServicedRecursive"
}

@test "events of a stopped container fails, with --stats or without (as runc); a created one is fine" {
	set_args true
	runrt create --bundle "$BUNDLE" "$ID"
	assert_success
	runrt events --stats "$ID"
	assert_success
	echo "$output" | jq -e '.type == "stats"' >/dev/null || _fail "no stats line for a created container"
	runrt start "$ID"
	assert_success
	wait_for_state "$ID" stopped
	runrt events --stats "$ID"
	assert_failure
	assert_output_contains "is not running" # (runc: "container with id ID is not running")
	[[ $output != *'"type"'* ]] || _fail "a stats line for a stopped container"
	runrt events --interval 1s "$ID"
	assert_failure
	assert_output_contains "is not running"
}
