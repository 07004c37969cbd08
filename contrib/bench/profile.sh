#!/usr/bin/env bash
# profile.sh - where does the time of `RT run` go? (the method of docs/performance.md)
#
# usage: profile.sh RT [RUNS]
#   RT    the rt binary (or any runtime taking --root/run --bundle)   RUNS  default 15
# Sections (each skipped when its tool is missing):
#   syscalls  strace -f -c of one run: the top syscalls by count (parent + container child)
#   phases    perf trace timelines of RUNS runs, cut at clone3 / pivot_root / execve / exit_group:
#             median ms per phase (tracing inflates syscall-heavy phases: read proportions)
#   cpu       perf stat task-clock (whole tree) median over RUNS, and perf record -e cpu-clock -g
#             over RUNS runs: inclusive share of the kernel paths that matter
# Needs root, jq, a static busybox (BUSYBOX=/bin/busybox). Config: `RT spec`, args /bin/true.
set -u -o pipefail
export LC_ALL=C
[[ $# -ge 1 && $1 != -h && $1 != --help ]] || { sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
RT=$(realpath "$1") RUNS=${2:-15} BUSYBOX=${BUSYBOX:-/bin/busybox}
COMMS="$(basename "$RT" | cut -c1-15),rt:init,true"   # the runtime, its container child, the container
die() { echo "profile: $*" >&2; exit 1; }
[[ $(id -u) == 0 ]] || die "needs root"
W=$(mktemp -d -t rtprof.XXXXXX) || die mktemp
trap 'umount "$W/st" 2>/dev/null; rm -rf "$W"' EXIT
mkdir -p "$W/st" "$W/b/rootfs"/{bin,proc,dev,sys,tmp,etc} && mount -t tmpfs rtprof "$W/st" || die "setup"
cp "$BUSYBOX" "$W/b/rootfs/bin/busybox" && ln -s busybox "$W/b/rootfs/bin/true" || die "busybox"
(cd "$W/spec" 2>/dev/null || { mkdir "$W/spec" && cd "$W/spec"; } && "$RT" spec >/dev/null 2>&1) || die "$RT spec failed"
jq '.process.args = ["/bin/true"] | .process.terminal = false | .root.path = "rootfs"' "$W/spec/config.json" \
	>"$W/b/config.json" || die "config"
n=0
run() { n=$((n + 1)); "$@" "$RT" --root "$W/st" run --bundle "$W/b" "prof$$-$n" </dev/null >/dev/null 2>&1; }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR) printf "%.2f", a[int((NR + 1) / 2)]; else printf "NA" }'; }

if command -v strace >/dev/null; then
	echo "## syscalls: strace -f -c of one run (count, syscall)"
	run strace -f -c -o "$W/strace.txt"
	awk '$4 ~ /^[0-9]+$/ && $NF != "total" { print $4, $NF }' "$W/strace.txt" | sort -rn | head -15 | column -c 100
	awk '$NF == "total" { print "total:", $4 }' "$W/strace.txt"
	echo
fi

if perf trace -o /dev/null true >/dev/null 2>&1; then
	echo "## phases: perf trace, median of $RUNS runs (ms)"
	for ((i = 0; i < RUNS; i++)); do
		sleep 0.1
		run perf trace -o "$W/pt.txt"
		gawk 'match($0, /^ *([0-9.]+) \( *([0-9.]*)( ms)? *\): ([^ ]+)\/([0-9]+) +([a-z_0-9]+)\(/, m) {
			t = m[1] + 0; d = m[2] + 0; pid = m[5]; sc = m[6]
			if (!P) P = pid
			if (!t0) t0 = t
			if (pid == P && sc == "clone3") { c0 = t; c1 = t + d }
			if (pid != P && sc == "pivot_root") pv = t
			if (pid != P && sc == "execve") ex = t
			if (pid != P && sc == "exit_group") xt = t
			if (pid == P && sc == "exit_group") end = t
			last = t
		} END { if (!end) end = last
			printf "%.3f %.3f %.3f %.3f %.3f %.3f %.3f\n", c0 - t0, c1 - c0, pv - c1, ex - pv, xt - ex, end - xt, end - t0 }' \
			"$W/pt.txt"
	done >"$W/phases"
	names=("exec -> clone3 (loader, config, state dir, cgroup create)" "clone3 (namespaces)"
		"clone -> pivot_root (child: mounts)" "pivot_root -> execve (paths, caps, seccomp, sync, state)"
		"the container process" "exit -> rt exits (wait, cgroup destroy, state removal)" "total")
	for c in 1 2 3 4 5 6 7; do
		printf "  %-60s %8s\n" "${names[c - 1]}" "$(awk -v c=$c '{ print $c }' "$W/phases" | median)"
	done
	echo
else
	echo "## phases: perf trace unavailable, skipped"
fi

if perf stat -e task-clock true >/dev/null 2>&1; then
	echo "## cpu: task-clock of the whole tree, median of $RUNS runs (ms)"
	for ((i = 0; i < RUNS; i++)); do
		run perf stat -x, -e task-clock -o "$W/ps.txt"
		awk -F, '/task-clock/ { print $1 }' "$W/ps.txt"
	done | median
	echo
	echo "## cpu: perf record -e cpu-clock -g over $RUNS runs, inclusive share (processes $COMMS)"
	perf record -q -e cpu-clock -F 4999 -g -o "$W/perf.data" -- bash -c "for i in \$(seq $RUNS); do
		'$RT' --root '$W/st' run --bundle '$W/b' rec$$-\$i </dev/null >/dev/null 2>&1; done" 2>/dev/null
	perf report -i "$W/perf.data" --children --comm "$COMMS" -g none --sort sym -q 2>/dev/null >"$W/rep.txt"
	for s in __do_sys_clone3 copy_net_ns __x64_sys_mkdir __x64_sys_rmdir ksys_write __cgroup1_procs_write.isra.0 \
		__do_sys_fsconfig __do_sys_fsmount __do_sys_move_mount __do_sys_pivot_root path_umount \
		synchronize_rcu_expedited __x64_sys_readlinkat show_mountinfo __x64_sys_close __x64_sys_openat2; do
		awk -v s="$s" '$NF == s { printf "  %-30s %s\n", s, $1; f = 1; exit } END { if (!f) printf "  %-30s -\n", s }' \
			"$W/rep.txt"
	done
	perf report -i "$W/perf.data" --comm "$COMMS" --sort dso -g none -q 2>/dev/null | head -6 | sed 's/^/  /'
fi
