# SPDX-License-Identifier: GPL-2.0-or-later
#
# harness.sh: what the guest suites (tests/vm/*.vm) share, sourced by each (POSIX sh for
# busybox). The suite defines CG, W, ROOT, n=0, nfail=0, then sources this, and provides
# mkcfg (host phase) and teardown (guest phase: fails when something was left behind).
#   host phase:  cfg, args edit the config $CF with jq
#   guest phase: mkb, start_bg, status, initpid, wait_status, poll, the assertions
#                (fail, skip, expect, expect_in) and the case runners t and todo
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
nprocs_is() { [ "$(wc -l <"$CG$1/cgroup.procs")" -eq "$2" ]; }
count_moved() { [ "$(cat "$B/rootfs/count" 2>/dev/null)" != "$1" ]; }
# cgfile PATH FILE: one line of a cgroup file, guest side
cgfile() { cat "$CG$1/$2"; }
# shares -> weight and blkio weight -> io weight, as runc and the OCI docs define them
shares_weight() { echo $((1 + (($1 - 2) * 9999) / 262142)); }
blkio_io() { echo $((1 + (($1 - 10) * 9999) / 990)); }



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

