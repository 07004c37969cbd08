# SPDX-License-Identifier: GPL-2.0-or-later
#
# lib.sh: the framework of the guest suites (tests/vm/*.vm), sourced by each suite: in the
# host phase from the source tree (run-v2.sh sets RT_VM_LIB), in the guest from /vm/lib.sh.
# POSIX sh for busybox ash.
#
# A suite defines configs() (host phase: one config per case with mkcfg/cfg/args, jq on
# the host because jq takes seconds per call under TCG) and its cases t_*(), then calls
#   vm_main "$@"      host phase with --configs DIR BASE (writes the configs, exits),
#                     otherwise prepares the guest phase and returns
# and lists its cases with t/todo, ending with vm_done. After each case every container
# is force-deleted and the case FAILS if a container cgroup is left behind.
CG=/sys/fs/cgroup
W=/tmp/w
ROOT=/run/rt
n=0
nfail=0

rt() { command rt --root "$ROOT" "$@"; }

fail() {
	echo "$*"
	exit 1
}
skip() {
	echo "$*" >"$W/.skip"
	exit 77
}
# expect WHAT GOT WANT
expect() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}
# expect_in WHAT TEXT NEEDLE
expect_in() {
	case $2 in
	*"$3"*) ;;
	*) fail "$1: '$3' not in: $2" ;;
	esac
}

# ---- host phase: one config per case -------------------------------------------------
# mkcfg NAME [rw]: $CF = DIR/NAME.json from the base config, cgroupsPath /rtvm/NAME; the
# root is the shared read-only /vm/bundle/rootfs, or with rw the case's own copy.
mkcfg() {
	CF=$CONFIGS/$1.json
	root='{"path": "/vm/bundle/rootfs", "readonly": true}'
	[ "${2:-}" != rw ] || root='{"path": "rootfs", "readonly": false}'
	jq --arg p "/rtvm/$1" --argjson root "$root" '.root = $root | .linux.cgroupsPath = $p' "$BASE" >"$CF"
}
# cfg JQ-FILTER [jq options]: edit $CF
cfg() {
	f=$1
	shift
	jq "$f" "$CF" "$@" >"$CF.new" && mv "$CF.new" "$CF"
}
# args WORD...: process.args
# (not jq --args: jq would take an argument like -c as its own option)
args() {
	n0=$#
	i=0
	list=
	for a do
		set -- "$@" --arg "a$i" "$a"
		list="$list${list:+, }\$a$i"
		i=$((i + 1))
	done
	shift "$n0"
	cfg ".process.args = [$list]" "$@"
}
vm_main() {
	if [ "${1:-}" = --configs ]; then
		CONFIGS=$2
		BASE=$3
		mkdir -p "$CONFIGS"
		set -e
		configs
		exit 0
	fi
	CONFIGS=/vm/configs
	mkdir -p "$W"
}

# mkb NAME: bundle $B for case NAME (config from the host phase; a rootfs copy if rw); ID=NAME
mkb() {
	ID=$1
	B=$W/$1
	rm -rf "$B"
	mkdir -p "$B"
	cp "$CONFIGS/$1.json" "$B/config.json"
	if grep -q '"path": *"rootfs"' "$B/config.json"; then cp -a /vm/bundle/rootfs "$B/rootfs"; fi
}
# start_bg: create + start ID from $B (stdio to files: the init inherits them)
start_bg() {
	rt create --bundle "$B" "$ID" </dev/null >"$B/create.out" 2>&1 || fail "create: $(cat "$B/create.out")"
	rt start "$ID" </dev/null >"$B/start.out" 2>&1 || fail "start: $(cat "$B/start.out")"
}
# (no jq in the guest: it takes seconds per call under TCG)
status() { rt state "$1" 2>/dev/null | sed -n 's/.*"status": *"\([a-z]*\)".*/\1/p'; }
initpid() { rt state "$1" | sed -n 's/.*"pid": *\([0-9]*\).*/\1/p'; }
wait_status() {
	i=0
	while [ "$(status "$1")" != "$2" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "container '$1': status '$(status "$1")', want '$2'"
		sleep 0.1
	done
}
# poll SECONDS COMMAND...: until COMMAND succeeds (TCG on a busy host is slow)
poll() {
	tries=$(($1 * 10))
	shift
	until "$@"; do
		tries=$((tries - 1))
		[ $tries -gt 0 ] || return 1
		sleep 0.1
	done
}
# After each case: force-delete every container, then no container cgroup may remain
# (the ancestors /rtvm and /a... are rt's shared parents; emptied ones are removed here).
teardown() {
	for c in $(ls "$ROOT" 2>/dev/null); do
		rt delete --force "$c" >/dev/null 2>&1 || echo "# teardown: delete --force '$c' failed"
	done
	left=$(find "$CG" -mindepth 1 -type d | grep -v -x -e "$CG/rtvm" -e "$CG/a" -e "$CG/a/b")
	rmdir "$CG/rtvm" "$CG/a/b" "$CG/a" 2>/dev/null
	if [ -n "$left" ]; then
		echo "cgroups left behind: $left"
		for d in $(echo "$left" | sort -r); do rmdir "$d" 2>/dev/null; done
		return 1
	fi
	rm -rf "${W:?}"/*
	return 0
}

# selected FUNCTION: false when RT_VM_FILTER (comma-separated words) names other cases
selected() {
	[ -z "${RT_VM_FILTER:-}" ] && return 0
	for w in $(echo "$RT_VM_FILTER" | tr ',' ' '); do
		case $1 in *"$w"*) return 0 ;; esac
	done
	return 1
}

# t DESCRIPTION FUNCTION: one TAP case
t() {
	selected "$2" || return 0
	n=$((n + 1))
	rm -f "$W/.skip"
	(set -e; "$2") >"$W/.out" 2>&1
	rc=$?
	td=$(teardown 2>&1) || rc=1
	case $rc in
	0) echo "ok $n - $1" ;;
	77) echo "ok $n - $1 # SKIP $(cat "$W/.skip")" ;;
	*)
		echo "not ok $n - $1"
		nfail=$((nfail + 1))
		;;
	esac
	[ $rc -eq 0 ] || [ $rc -eq 77 ] || { cat "$W/.out"; echo "$td"; } | sed 's/^/#   /'
}
# todo DESCRIPTION REASON FUNCTION: a case for a feature rt lacks (TAP TODO: a failure is
# expected and reported, not hidden; a pass shows up as XPASS, telling to drop the TODO)
todo() {
	selected "$3" || return 0
	n=$((n + 1))
	(set -e; "$3") >"$W/.out" 2>&1
	rc=$?
	td=$(teardown 2>&1) || rc=1
	if [ $rc -eq 0 ]; then echo "ok $n - $1 # TODO $2"; else echo "not ok $n - $1 # TODO $2"; fi
	{ cat "$W/.out"; echo "$td"; } | sed 's/^/#   /'
}

vm_done() {
	echo "1..$n"
	[ $nfail -eq 0 ]
}
