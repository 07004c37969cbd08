#!/usr/bin/env bats
# linux.netDevices (runtime-spec 1.3): host network devices moved into the container's
# network namespace, renamed, with their permanent global addresses, and up.

load helpers

setup() {
	rt_setup
	# veth pairs: one end for the container, the other stays on the host to talk to it
	HOST_IF=rv${TEST_TAG}h
	CTR_IF=rv${TEST_TAG}c
	ip link add "$HOST_IF" type veth peer name "$CTR_IF"
	ip addr add 10.231.0.1/24 dev "$HOST_IF"
	ip link set "$HOST_IF" up
}

teardown() {
	ip link del "$HOST_IF" 2>/dev/null
	ip link del "$CTR_IF" 2>/dev/null
	ip link del "rv${TEST_TAG}x" 2>/dev/null
	ip link del "rv${TEST_TAG}y" 2>/dev/null
	ip link del "rb${TEST_TAG}" 2>/dev/null
	rt_teardown
}

# the busybox in the bundle pings with a raw socket
with_net_raw() {
	update_config '.process.capabilities |= with_entries(if .key != "inheritable" and .key != "ambient"
		then .value += ["CAP_NET_RAW"] else . end)'
}

host_has() { ip link show "$1" >/dev/null 2>&1; }

@test "netDevices: the device is moved at create, before start" {
	update_config '.linux.netDevices = {($d): {"name": "eth7"}}' --arg d "$CTR_IF"
	runrt create --bundle "$BUNDLE" "$ID"
	assert_success
	! host_has "$CTR_IF" || _fail "$CTR_IF is still on the host after create"
	pid=$(rt_state "$ID" | jq -r .pid)
	nsenter -t "$pid" -n ip link show eth7 >/dev/null || _fail "eth7 is not in the container's namespace"
	runrt delete --force "$ID"
	assert_success
}

@test "netDevices: what the container sees" {
	ip addr add 10.231.0.2/24 dev "$CTR_IF"
	ip addr add fd31::2/64 dev "$CTR_IF"
	ip addr add 10.232.0.2/24 scope host dev "$CTR_IF"
	ip addr add 10.233.0.2/24 valid_lft 600 preferred_lft 600 dev "$CTR_IF"
	update_config '.linux.netDevices = {($d): {"name": "eth7"}}' --arg d "$CTR_IF"
	with_net_raw
	set_args sh -c 'ls /sys/class/net | tr "\n" " "; echo; echo oper=$(cat /sys/class/net/eth7/operstate);
		ip -o addr show dev eth7; ping -c 1 -W 5 10.231.0.1 >/dev/null && echo ping=ok'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_line "eth7 lo "
	assert_line "oper=up"
	assert_output_contains "inet 10.231.0.2/24"
	assert_output_contains "inet6 fd31::2/64"
	refute_output_contains "10.232.0.2"
	refute_output_contains "10.233.0.2"
	assert_line "ping=ok"
}

@test "netDevices: the kernel destroys a moved virtual device with the namespace (nothing is moved back)" {
	update_config '.linux.netDevices = {($d): {}}' --arg d "$CTR_IF"
	set_args sh -c 'cat /sys/class/net/'"$CTR_IF"'/operstate'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_line up
	# the namespace is freed asynchronously; the veth pair goes with it, both ends
	for _ in $(seq 100); do host_has "$HOST_IF" || break; sleep 0.05; done
	! host_has "$HOST_IF" || _fail "the host end of the pair outlived the container's namespace"
	! host_has "$CTR_IF" || _fail "$CTR_IF came back to the host"
}

@test "netDevices: a %d template lets the kernel number the name" {
	ip link add "rv${TEST_TAG}x" type veth peer name "rv${TEST_TAG}y"
	update_config '.linux.netDevices = {($a): {"name": "net%d"}, ($b): {"name": "net%d"}}' \
		--arg a "$CTR_IF" --arg b "rv${TEST_TAG}y"
	set_args sh -c 'ls /sys/class/net | tr "\n" " "'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_line "lo net0 net1 "
}

@test "netDevices: errors name the field and leave the device and nothing else behind" {
	# no such device
	update_config '.linux.netDevices = {"rvnosuch0": {}}'
	runrt create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "linux.netDevices: 'rvnosuch0': not found on the host"
	[ -z "$(ls -A "$ROOT")" ] || _fail "state left: $(ls -A "$ROOT")"

	# the name is taken inside: refused before the move, the device stays on the host
	update_config '.linux.netDevices = {($d): {"name": "lo"}}' --arg d "$CTR_IF"
	runrt create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "linux.netDevices: '$CTR_IF': the container's network namespace has a device named 'lo'"
	host_has "$CTR_IF" || _fail "$CTR_IF left the host although the create failed before moving it"

	# a device the kernel does not move (a bridge is netns-local)
	ip link add "rb${TEST_TAG}" type bridge
	update_config '.linux.netDevices = {($d): {}}' --arg d "rb${TEST_TAG}"
	runrt create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "linux.netDevices: 'rb${TEST_TAG}': move it into the container's network namespace"
	host_has "rb${TEST_TAG}" || _fail "the bridge disappeared"
	[ -z "$(ls -A "$ROOT")" ] || _fail "state left: $(ls -A "$ROOT")"
}

@test "netDevices: bad config is refused before anything is made" {
	update_config '.linux.netDevices = {"a/b": {}}'
	runrt create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "config.json: linux.netDevices: 'a/b' is not a valid interface name"

	update_config '.linux.netDevices = {($d): {"name": "this-name-is-too-long"}}' --arg d "$CTR_IF"
	runrt create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "name 'this-name-is-too-long' is not a valid interface name"

	update_config '.linux.netDevices = {($d): {"name": "x"}, ($e): {"name": "x"}}' --arg d "$CTR_IF" --arg e "$HOST_IF"
	runrt create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "both have the name 'x'"

	# without a network namespace of its own the device would only be renamed on the host
	update_config '.linux.netDevices = {($d): {}} | .linux.namespaces |= map(select(.type != "network"))' \
		--arg d "$CTR_IF"
	runrt create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "config.json: linux.netDevices: needs a network namespace"
	host_has "$CTR_IF" || _fail "$CTR_IF left the host"
	[ -z "$(ls -A "$ROOT")" ] || _fail "state left: $(ls -A "$ROOT")"
}

@test "netDevices: features reports it" {
	runrt features
	assert_success
	[ "$(echo "$output" | jq -r .linux.netDevices.enabled)" = true ] || _fail "netDevices not enabled in features"
}
