# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by tests/integration/security/*.bats (`load sec`): the harness of
# ../helpers.bash plus a canary host directory and the attack helper.
#
# Every security test gets $OUTSIDE ($TEST_DIR/outside), a host directory holding marker
# files that the attack aims at. Teardown fails the test if anything in it changed (names,
# types, sizes, contents, mtimes), or if a host file in $CANARY_FILES changed, and then runs
# the harness's leak check (no state dir, process, mount or cgroup left).
#
# A test that must also fail against a known-vulnerable runtime is run by hand with
#   RT=/usr/sbin/runc tests/integration/run-bats.sh tests/integration/security/X.bats

load ../helpers

ATTACK=${ATTACK:-$RT_BUILDDIR/tests/helpers/attack}

# A listing of the canary: path, type, size, mtime and a checksum of each file.
_canary_snapshot() {
	(
		cd "$OUTSIDE" && find . -printf '%p %y %s %T@ %l\n' | sort
		find . -type f -exec sha256sum {} + | sort
	) 2>&1
	local f
	for f in ${CANARY_FILES:-}; do
		sha256sum "$f" 2>&1
	done
}

sec_setup() {
	rt_setup || return 1
	[ -x "$ATTACK" ] || { echo "attack helper not built: $ATTACK (make check builds it)" >&2; return 1; }
	OUTSIDE=$TEST_DIR/outside
	mkdir -p "$OUTSIDE/dir"
	echo "host secret" >"$OUTSIDE/secret"
	echo "ptmx marker" >"$OUTSIDE/ptmx"
	echo "null marker" >"$OUTSIDE/null"
	echo "console marker" >"$OUTSIDE/console"
	echo "victim" >"$OUTSIDE/victim"
	echo "in dir" >"$OUTSIDE/dir/file"
	cp "$ATTACK" "$BUNDLE/rootfs/attack"
	CANARY_FILES="/proc/sys/kernel/core_pattern /proc/sys/kernel/panic /proc/sys/kernel/domainname"
	CANARY_BEFORE=$(_canary_snapshot)
}

sec_teardown() {
	local after rc=0
	if [ -n "${OUTSIDE:-}" ] && [ -d "$TEST_DIR" ]; then
		# the leak check first: a mount over the canary must not hide a change
		for id in $( (cat "$TEST_DIR/ids" 2>/dev/null; ls -A "$ROOT" 2>/dev/null) | sort -u); do
			"$RT" --root "$ROOT" delete --force "$id" </dev/null >/dev/null 2>&1
		done
		after=$(_canary_snapshot)
		if [ "$after" != "$CANARY_BEFORE" ]; then
			echo "the canary changed:" >&2
			diff <(echo "$CANARY_BEFORE") <(echo "$after") >&2
			rc=1
		fi
	fi
	rt_teardown || rc=1
	return $rc
}

setup() { sec_setup; }
teardown() { sec_teardown; }

# The mounts of the host mount namespace at or below DIR.
host_mounts_under() { awk -v d="$1" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo; }

# runrt_t SECONDS ARGS...: like runrt, bounded by a timeout (SIGKILL 2 s later); a
# timeout shows as status 124 or 137.
runrt_t() {
	local t=$1 out
	shift
	out=$(mktemp "$TEST_DIR/out.XXXXXX")
	timeout -k 2 "$t" "$RT" --root "$ROOT" "$@" <"${RT_STDIN:-/dev/null}" >"$out" 2>&1 3>&- && status=0 || status=$?
	output=$(cat "$out")
	mapfile -t lines <<<"$output"
	rm -f "$out"
}

# The canary must also be unchanged in the middle of a test (before a restore).
assert_canary() {
	local after
	after=$(_canary_snapshot)
	[ "$after" = "$CANARY_BEFORE" ] || _fail "the canary changed: $(diff <(echo "$CANARY_BEFORE") <(echo "$after"))"
}
