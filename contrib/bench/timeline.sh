#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# timeline.sh RT BUNDLE [N]: where the wall time of `RT run` goes, from kernel tracepoints.
#
# Runs `RT --root <tmp> run --bundle BUNDLE tl<i>` N times (default 30, 100 ms apart, cold) under
# `perf record -a` with a handful of tracepoints: process exec, fork and exit, and the entry or
# exit of the syscalls that mark the phases (clone3, unshare, the sync socket's sendmsg/recvmsg
# and sendto/recvfrom, pivot_root, capset, execve, exit_group, wait4). Tracepoints cost about a
# microsecond each and only some 30 fire per run, so the run is timed nearly as it is.
#
# Prints, for each marker, the median [min-max] time in ms since the harness's execve of RT,
# in order. "rt." is the runtime's process, "init." the first process it forks (the container's
# init, which becomes the container's process at its execve); a trailing number counts repeats
# of the same marker in a run. Needs root, perf and python3; RT must be named rt (the parser
# follows the comm "rt"). docs/performance.md §3 has such timelines, read there.
set -euo pipefail

[ $# -ge 2 ] || { sed -n 3,16p "$0" >&2; exit 2; }
RT=$(readlink -f "$1")
BUNDLE=$(readlink -f "$2")
N=${3:-30}
[ "$(basename "$RT")" = rt ] || { echo "timeline.sh: the binary must be named rt" >&2; exit 2; }
TMP=$(mktemp -d /tmp/rt-timeline.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

cat >"$TMP/loop" <<EOF
#!/bin/bash
for i in \$(seq 1 $N); do "$RT" --root "$TMP/root" run --bundle "$BUNDLE" tl\$i >/dev/null 2>&1 || true; sleep 0.1; done
EOF
chmod +x "$TMP/loop"
events=(sched:sched_process_exec sched:sched_process_exit sched:sched_process_fork syscalls:sys_enter_execve
	syscalls:sys_exit_wait4 syscalls:sys_enter_exit_group syscalls:sys_enter_clone3 syscalls:sys_exit_clone3
	syscalls:sys_enter_unshare syscalls:sys_exit_unshare syscalls:sys_enter_pivot_root syscalls:sys_enter_sendmsg
	syscalls:sys_exit_recvmsg syscalls:sys_enter_sendto syscalls:sys_exit_recvfrom syscalls:sys_enter_capset)
perf record -q -o "$TMP/perf.data" "${events[@]/#/-e}" -a -- "$TMP/loop" >/dev/null 2>&1
perf script -i "$TMP/perf.data" -F comm,pid,time,event 2>/dev/null | python3 -c '
import re, statistics, sys
runs, cur = [], None
for line in sys.stdin:
    m = re.match(r"^\s*(\S+)\s+(\d+)\s+([\d.]+):\s+(\S+):", line)
    if not m:
        continue
    comm, pid, t, ev = m.group(1), int(m.group(2)), float(m.group(3)) * 1000, m.group(4).split(":")[1]
    if ev == "sys_enter_execve" and comm == "loop":
        cur = {"pid": pid, "t0": t, "init": None, "n": {}, "T": {}}
        runs.append(cur)
        continue
    if cur is None:
        continue
    if pid == cur["pid"]:
        who = "rt"
        if ev == "sched_process_exec" and comm != "rt":
            runs.pop(); cur = None  # the loop ran something else (seq, sleep)
            continue
    else:
        if cur["init"] is None and comm in ("rt", "rt:init"):
            cur["init"] = pid
        if pid != cur["init"]:
            continue
        who = "init"
    k = who + "." + ev
    cur["n"][k] = cur["n"].get(k, 0) + 1
    cur["T"].setdefault(k + str(cur["n"][k]), t - cur["t0"])
rows = {}
for r in runs:
    for k, v in r["T"].items():
        rows.setdefault(k, []).append(v)
for k in sorted(rows, key=lambda k: statistics.median(rows[k])):
    v = rows[k]
    if len(v) >= len(runs) // 2:
        print("%-32s %7.3f  [%6.3f-%6.3f]" % (k, statistics.median(v), min(v), max(v)))
print("# %d runs" % len(runs))
'
