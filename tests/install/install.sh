#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# make install / make uninstall into a DESTDIR (TAP): rt lands in $(bindir) and runs,
# the man page in $(mandir)/man1 and renders, the bash completion in
# $(bashcompletiondir) and defines its function; uninstall removes every file again.
# Runs on an already built tree: RT_BUILDDIR (default: build/ next to the sources).
set -u
src=${RT_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${RT_BUILDDIR:-$src/build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A make from make check: no jobserver of the parent, no inherited flags.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
make=${MAKE:-make}
n=0 fails=0
check() { # check DESCRIPTION COMMAND...
	local d=$1
	shift
	n=$((n + 1))
	if "$@" >"$tmp/out" 2>&1; then
		echo "ok $n - $d"
	else
		echo "not ok $n - $d"
		sed 's/^/#   /' "$tmp/out" | head -20
		fails=$((fails + 1))
	fi
}

echo "1..8"
dirs=$("$make" -s --no-print-directory -C "$build" print-installdirs 2>&1)
bindir=$(echo "$dirs" | sed -n 's/^bindir=//p')
mandir=$(echo "$dirs" | sed -n 's/^mandir=//p')
compdir=$(echo "$dirs" | sed -n 's/^bashcompletiondir=//p')
dest=$tmp/dest
check "install dirs known (bindir=$bindir mandir=$mandir completions=$compdir)" \
	test -n "$bindir" -a -n "$mandir" -a -n "$compdir"
check "make install DESTDIR=..." "$make" -C "$build" install DESTDIR="$dest"
check "rt in bindir, executable, runs" sh -c "test -x '$dest$bindir/rt' && '$dest$bindir/rt' --version | grep -q '^rt version'"
check "man page in man1, identical to docs/rt.1" cmp "$dest$mandir/man1/rt.1" "$src/docs/rt.1"
check "installed man page renders" sh -c "command -v groff >/dev/null || { echo 'groff missing'; exit 1; };
	groff -man -Tutf8 -ww -z '$dest$mandir/man1/rt.1' 2>&1 | { ! grep .; }"
check "bash completion installed as rt, defines _rt for rt" \
	bash -c "source '$dest$compdir/rt' && declare -F _rt && complete -p rt | grep -q -- '-F _rt'"
check "make uninstall DESTDIR=..." "$make" -C "$build" uninstall DESTDIR="$dest"
check "uninstall leaves no file" sh -c "find '$dest' -type f | { ! grep .; }"
[ "$fails" -eq 0 ]
