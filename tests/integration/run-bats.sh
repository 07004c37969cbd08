#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run-bats.sh FILE.bats...: run integration suites as TAP under the subreaper launcher.
# Used as the automake LOG_COMPILER for *.bats (one .log/.trs per suite, one TAP line
# per case) and by hand:
#   sudo tests/integration/run-bats.sh tests/integration/run.bats
#   RT=/usr/sbin/runc BATS_FILTER='kill' tests/integration/run-bats.sh tests/integration/lifecycle.bats
set -u
here=$(cd "$(dirname "$0")" && pwd)
export RT_SRCDIR=${RT_SRCDIR:-$(cd "$here/../.." && pwd)}
export RT_BUILDDIR=${RT_BUILDDIR:-$RT_SRCDIR/build}
export RT=${RT:-$RT_BUILDDIR/rt}
export PROBE=${PROBE:-$RT_BUILDDIR/tests/helpers/probe}
subreaper=${SUBREAPER:-$RT_BUILDDIR/tests/helpers/subreaper}

bail() {
	# TAP "Bail out!" makes the automake TAP driver report an ERROR: never a silent skip.
	echo "1..1"
	echo "Bail out! $*"
	echo "$*" >&2
	exit 1
}

[ $# -gt 0 ] || bail "usage: $0 FILE.bats..."
[ "$(id -u)" = 0 ] || bail "integration tests need root: run 'make check' as root (uid is $(id -u))"
command -v bats >/dev/null || bail "bats not found: apt-get install bats"
[ -x "$subreaper" ] || bail "subreaper launcher not built: $subreaper (make check builds it)"
[ -x "$PROBE" ] || bail "probe not built: $PROBE (make check builds it)"
command -v "$RT" >/dev/null || bail "runtime not found: RT=$RT"

# One bundle cache per invocation, shared by the suites given.
cache=$(mktemp -d "${TMPDIR:-/tmp}/rt-bats.XXXXXX")
trap 'rm -rf --one-file-system "$cache"' EXIT
export RT_CACHE=$cache/bundle

args=(--tap)
[ -n "${BATS_FILTER:-}" ] && args+=(--filter "$BATS_FILTER")
# A hung suite must end (its TAP plan is then short: the driver reports an ERROR).
timeout --kill-after=10 "${RT_SUITE_TIMEOUT:-900}" "$subreaper" bats "${args[@]}" "$@"
