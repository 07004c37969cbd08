#!/usr/bin/env bats
# process.*: what the container's process sees (environment, ids, limits, privileges).

load helpers

@test "process.env: variables reach the process, the caller's do not" {
	update_config '.process.env += ["FOO=bar", "WITH_SPACE=a b", "EMPTY="]'
	set_args /probe env
	export LEAK_FROM_CALLER=yes
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_line FOO=bar
	assert_line "WITH_SPACE=a b"
	assert_line EMPTY=
	assert_line "PATH=$(jq -r '.process.env[] | select(startswith("PATH="))[5:]' "$BUNDLE/config.json")"
	refute_output_contains LEAK_FROM_CALLER
}

@test "process.env: an entry without '=' or with an empty name is refused, naming it; nothing left" {
	for e in NOEQ =value; do
		update_config '.process.env = ["PATH=/bin", $e]' --arg e "$e"
		runrt run --bundle "$BUNDLE" "$ID"
		assert_failure
		assert_output_contains "process.env[1]: '$e'"
		[ -z "$(ls -A "$ROOT")" ] || _fail "state left: $(ls -A "$ROOT")"
	done
	update_config '.process.env = ["PATH=/bin"]'
	run_waiting
	runrt exec --env NOEQ "$ID" /probe env
	assert_failure
	assert_output_contains "'NOEQ'"
}

@test "process.env: HOME defaults to the user's home from /etc/passwd" {
	set_args /probe env
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_line HOME=/root
}

@test "process.args: arguments are passed verbatim" {
	set_args sh -c 'for a in "$@"; do echo "[$a]"; done' sh 'a b' '' '$x' '*'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[ "$output" = "$(printf '[a b]\n[]\n[$x]\n[*]')" ] || _fail "args not verbatim"
}

@test "process.cwd: the working directory, created if missing" {
	update_config '.process.cwd = "/work/sub/dir"'
	set_args /probe cwd
	[ ! -e "$BUNDLE/rootfs/work" ]
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_line cwd=/work/sub/dir
	[ -d "$BUNDLE/rootfs/work/sub/dir" ]
}

@test "process.cwd: a relative cwd is rejected" {
	update_config '.process.cwd = "relative/dir"'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	[[ ${output,,} == *cwd* ]] || _fail "error does not name cwd"
}

@test "process.user: uid, gid and additionalGids" {
	update_config '.process.user = {"uid": 1000, "gid": 1001, "additionalGids": [2000, 2001]}'
	set_args /probe ids
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe uid 1000
	assert_probe euid 1000
	assert_probe suid 1000
	assert_probe gid 1001
	assert_probe egid 1001
	assert_probe groups 2000,2001
}

@test "process.user: id 4294967295 (-1, 'unchanged' to setresuid) is refused, naming the field; nothing left" {
	set_args /probe ids
	for u in '"uid": 4294967295, "gid": 0' '"uid": 0, "gid": 4294967295' '"uid": 0, "gid": 0, "additionalGids": [1, 4294967295]'; do
		update_config ".process.user = {$u}"
		runrt run --bundle "$BUNDLE" "$ID"
		assert_failure
		refute_output_contains uid=0
		assert_output_contains "4294967295 is not a valid"
		[ -z "$(ls -A "$ROOT")" ] || _fail "state left: $(ls -A "$ROOT")"
	done
	assert_output_contains "process.user.additionalGids[1]"
}

@test "process.user: exec --user 4294967295 is refused, not run as root" {
	run_waiting
	runrt exec --user 4294967295 "$ID" /probe ids
	assert_failure
	refute_output_contains uid=0
	assert_output_contains process.user.uid
	runrt exec --user 0:4294967295 "$ID" /probe ids
	assert_failure
	assert_output_contains process.user.gid
}

@test "process.user: root without additionalGids has no supplementary groups" {
	set_args /probe ids
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe uid 0
	assert_probe gid 0
	assert_probe groups ""
}

@test "process.user: a non-root user without ambient capabilities has none after execve" {
	update_config '.process.user = {"uid": 1000, "gid": 1000}
		| .process.capabilities = {"bounding": ["CAP_KILL"], "effective": ["CAP_KILL"], "permitted": ["CAP_KILL"]}'
	set_args /probe caps
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe CapEff 0000000000000000
	assert_probe CapPrm 0000000000000000
	assert_probe CapBnd 0000000000000020
}

@test "process.user: a non-root user keeps its ambient capabilities" {
	update_config '.process.user = {"uid": 1000, "gid": 1000}
		| .process.capabilities = {"bounding": ["CAP_KILL", "CAP_CHOWN"], "effective": ["CAP_KILL"],
			"permitted": ["CAP_KILL"], "inheritable": ["CAP_KILL"], "ambient": ["CAP_KILL"]}'
	set_args /probe caps
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe CapAmb 0000000000000020
	assert_probe CapEff 0000000000000020
	assert_probe CapInh 0000000000000020
	assert_probe CapBnd 0000000000000021
}

@test "process.user.umask: applied; 0022 by default" {
	set_args /probe umask
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe umask 0022
	update_config '.process.user.umask = 23' # 0027
	runrt run --bundle "$BUNDLE" "$(new_id)"
	assert_success
	assert_probe umask 0027
}

@test "process.rlimits: soft and hard values are set" {
	update_config '.process.rlimits = [
		{"type": "RLIMIT_NOFILE", "soft": 1000, "hard": 2000},
		{"type": "RLIMIT_CORE", "soft": 0, "hard": 4096},
		{"type": "RLIMIT_NPROC", "soft": 500, "hard": 600}]'
	set_args /probe rlimits
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe rlimit.nofile 1000:2000
	assert_probe rlimit.core 0:4096
	assert_probe rlimit.nproc 500:600
}

@test "process.rlimits: the highest nofile the host allows" {
	hard=$(ulimit -Hn)
	update_config ".process.rlimits = [{\"type\": \"RLIMIT_NOFILE\", \"soft\": $hard, \"hard\": $hard}]"
	set_args /probe rlimits
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe rlimit.nofile "$hard:$hard"
}

@test "process.rlimits: an unknown type is rejected" {
	update_config '.process.rlimits = [{"type": "RLIMIT_BOGUS", "soft": 1, "hard": 1}]'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains RLIMIT_BOGUS
}

@test "process.noNewPrivileges: true sets NoNewPrivs, false leaves it clear" {
	set_args /probe caps
	update_config '.process.noNewPrivileges = true'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe NoNewPrivs 1
	update_config '.process.noNewPrivileges = false'
	runrt run --bundle "$BUNDLE" "$(new_id)"
	assert_success
	assert_probe NoNewPrivs 0
}

@test "process.oomScoreAdj: applied (non-negative, the host lacks CAP_SYS_RESOURCE)" {
	update_config '.process.oomScoreAdj = 500'
	set_args /probe oom
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe oom_score_adj 500
}

@test "process.oomScoreAdj: a value the host refuses (negative without CAP_SYS_RESOURCE) names the field; nothing left" {
	! sh -c 'echo -500 >/proc/self/oom_score_adj' 2>/dev/null || skip "this host may lower oom_score_adj"
	update_config '.process.oomScoreAdj = -500'
	for cmd in create run; do
		runrt $cmd --bundle "$BUNDLE" "$ID"
		assert_failure
		assert_output_contains "process.oomScoreAdj -500: "
		assert_output_contains "Permission denied"
		[ -z "$(ls -A "$ROOT")" ] || _fail "state left: $(ls -A "$ROOT")"
	done
}

@test "process.capabilities: exactly the listed sets" {
	update_config '.process.capabilities = {
		"bounding": ["CAP_CHOWN", "CAP_KILL", "CAP_SYS_CHROOT"],
		"effective": ["CAP_CHOWN", "CAP_KILL"],
		"permitted": ["CAP_CHOWN", "CAP_KILL"],
		"inheritable": [],
		"ambient": []}'
	set_args /probe caps
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	# CAP_CHOWN=0, CAP_KILL=5, CAP_SYS_CHROOT=18
	assert_probe CapEff 0000000000000021
	assert_probe CapPrm 0000000000000021
	assert_probe CapBnd 0000000000040021
	assert_probe CapInh 0000000000000000
	assert_probe CapAmb 0000000000000000
}

@test "process.capabilities absent: the process has no capability, bounding set included; exec --process alike" {
	update_config 'del(.process.capabilities)'
	set_args sh -c 'grep ^Cap /proc/self/status; exec /probe sigwait'
	runrt run --detach --bundle "$BUNDLE" "$ID"
	assert_success
	pid=$(rt_state "$ID" | jq -r .pid)
	wait_for_handlers "$pid"
	for set in CapInh CapPrm CapEff CapBnd CapAmb; do
		[ "$(awk -v s="$set:" '$1 == s { print $2 }' "/proc/$pid/status")" = 0000000000000000 ] ||
			_fail "init $set: $(grep "^$set" "/proc/$pid/status")"
	done
	jq '.process | del(.capabilities) | .args = ["sh", "-c", "grep ^Cap /proc/self/status"]' "$BUNDLE/config.json" >"$TEST_DIR/p.json"
	runrt exec --process "$TEST_DIR/p.json" "$ID"
	assert_success
	for set in CapInh CapPrm CapEff CapBnd CapAmb; do assert_line "$set:	0000000000000000"; done
}

@test "process.capabilities: a dropped capability denies its syscall" {
	set_args /probe syscall chroot unshare reboot
	update_config '.process.capabilities = {"bounding": ["CAP_SYS_CHROOT", "CAP_KILL"], "effective": ["CAP_SYS_CHROOT"],
		"permitted": ["CAP_SYS_CHROOT"]}'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe syscall.chroot 0
	assert_probe syscall.unshare EPERM
	assert_probe syscall.reboot EPERM
}

@test "process.capabilities: an unknown capability name is an error naming it and the set" {
	# rt (like crun >= 1.29) refuses names that are no capability at all; runc warns and
	# ignores them. A real name the running kernel lacks is dropped with a warning instead.
	update_config '.process.capabilities.bounding += ["CAP_BOGUS"]'
	set_args /probe caps
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "process.capabilities.bounding: unknown capability 'CAP_BOGUS'"
	runrt state "$ID"
	assert_failure
}

@test "linux.seccomp: a filter is installed and returns the configured errno" {
	update_config '.linux.seccomp = {
		"defaultAction": "SCMP_ACT_ALLOW",
		"architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
		"syscalls": [{"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 22}]}'
	set_args /probe syscall getpid
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe syscall.getpid EINVAL
	set_args /probe caps
	runrt run --bundle "$BUNDLE" "$(new_id)"
	assert_success
	assert_probe Seccomp 2
}

# Without noNewPrivileges the filter is loaded before the capabilities drop, so the init's last
# reports to rt (READY, its errors) and its wait for start run under it.
seccomp_early() { # seccomp_early NAME ACTION: deny NAME with ACTION, loaded early
	update_config '.process.noNewPrivileges = false | .linux.seccomp = {
		"defaultAction": "SCMP_ACT_ALLOW",
		"syscalls": [{"names": [$n], "action": $a}]}' --arg n "$1" --arg a "$2"
}

@test "linux.seccomp: a profile denying sendto and recvfrom (loaded before the capabilities drop) still creates and starts" {
	update_config '.process.noNewPrivileges = false | .linux.seccomp = {
		"defaultAction": "SCMP_ACT_ALLOW",
		"syscalls": [{"names": ["sendto", "recvfrom", "sendmsg"], "action": "SCMP_ACT_ERRNO"}]}'
	set_args /probe caps
	runrt create --bundle "$BUNDLE" "$ID"
	assert_success
	runrt start "$ID"
	assert_success
	wait_for_state "$ID" stopped
	runrt run --bundle "$BUNDLE" "$(new_id)"
	assert_success
	assert_probe Seccomp 2
}

@test "linux.seccomp: an init the filter kills before execve is reported as killed by SIGSYS, naming linux.seccomp; nothing is left" {
	seccomp_early write SCMP_ACT_KILL
	runrt create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "killed by SIGSYS: linux.seccomp denies a system call"
	runrt state "$ID"
	assert_failure
}

@test "linux.seccomp: an init the filter keeps from reporting says so, naming linux.seccomp" {
	seccomp_early write SCMP_ACT_ERRNO
	runrt create --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains "could not tell rt why (linux.seccomp"
	runrt state "$ID"
	assert_failure
}

@test "linux.seccomp: no filter without a seccomp section" {
	update_config 'del(.linux.seccomp)'
	set_args /probe caps
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe Seccomp 0
}

@test "PATH lookup: a bare name is found through the configured PATH" {
	update_config '.process.env = [.process.env[] | select(startswith("PATH=") | not)] + ["PATH=/nonexistent:/"]'
	set_args probe cwd
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_line cwd=/
}

@test "PATH lookup: a missing executable fails with 'executable file not found in \$PATH'" {
	set_args no-such-program
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains 'executable file not found in $PATH'
	assert_output_contains no-such-program
}

@test "a missing absolute executable fails and names it" {
	set_args /no/such/program
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	assert_output_contains /no/such/program
}

# runc 1.1.5 ignores domainname (runc 1.2 added it); rt implements runtime-spec 1.1's domainname.
@test "hostname and domainname" {
	update_config '.hostname = "probe-host" | .domainname = "example.org"'
	set_args /probe hostname
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe hostname probe-host
	assert_probe domainname example.org
}

@test "hostname without a uts namespace is rejected" {
	update_config '.linux.namespaces -= [{"type": "uts"}] | .hostname = "nope"'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_failure
	[ "$(hostname)" != nope ]
}

@test "linux.namespaces time + linux.timeOffsets: the process runs in a new time namespace with the offsets" {
	[ -e /proc/self/ns/time ] || skip "no time namespaces on this kernel"
	update_config '.linux.namespaces += [{"type": "time"}] | .linux.timeOffsets = {"boottime": {"secs": 172800}}'
	set_args sh -c 'echo ns=$(readlink /proc/self/ns/time); echo up=$(cut -d. -f1 /proc/uptime)'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	[ "$(probe_value ns)" != "$(readlink /proc/self/ns/time)" ] || _fail "host time namespace"
	up=$(probe_value up) host=$(cut -d. -f1 /proc/uptime)
	[ "$up" -ge $((host + 172800 - 5)) ] && [ "$up" -le $((host + 172800 + 5)) ] || _fail "uptime $up, host $host"
}

@test "the process is pid 1 of its pid namespace" {
	set_args sh -c 'echo pid=$$'
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_line pid=1
}

@test "the process runs with the default scheduler and the caller's affinity" {
	set_args /probe sched
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	assert_probe sched.policy SCHED_OTHER
	# the caller's nice value (0 unless the suite itself runs under nice)
	assert_probe sched.nice "$(nice)"
	probe_value sched.cpus >/dev/null
}

@test "probe all: every report is produced inside a default container" {
	runrt run --bundle "$BUNDLE" "$ID"
	assert_success
	for k in uid CapEff fd.0 mount rlimit.nofile ns.pid cwd umask hostname sched.policy oom_score_adj; do
		probe_value "$k" >/dev/null || _fail "no $k"
	done
	# the default spec keeps few capabilities and sets no_new_privs
	[ "$(probe_value CapEff)" != 000001ffffffffff ] || _fail "full capabilities by default"
}
