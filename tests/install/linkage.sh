#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The rt binary's dynamic linkage (TAP). Optional libraries (libseccomp, libselinux,
# libsystemd, and libcap for names past rt's table) are loaded on first use (src/util/dl.h),
# never as DT_NEEDED entries: those
# would be mapped and initialised on every call, and libsystemd alone brings five more
# libraries. A static PIE build has no NEEDED entries at all.
set -u
rt=${RT:-./rt}
n=0 fail=0
t() { # t DESC CMD...
	n=$((n + 1))
	if "${@:2}"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fail=1; fi
}
if ! command -v readelf >/dev/null; then
	echo "1..0 # SKIP readelf missing"
	exit 0
fi
needed=$(readelf -d "$rt" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
echo "# NEEDED: $(echo $needed)"
for lib in libseccomp libselinux libsystemd libcap libpcre2 libgcrypt liblzma libzstd; do
	t "$lib is not a NEEDED entry" bash -c "! grep -q '^$lib' <<<'$needed'"
done
if readelf -l "$rt" | grep -q INTERP; then
	# (plus the sanitizer runtimes in an --enable-sanitizers build)
	t "a dynamic rt needs no more than libc and yajl" \
		bash -c "[ -z \"\$(grep -vE '^(libc\\.so|libyajl\\.so|libasan\\.so|libubsan\\.so)' <<<'$needed')\" ]"
fi

# Code layout (configure.ac, src/hot.ld): the functions `rt run` executes come first, in .text.hot
build=${RT_BUILDDIR:-.}
src=${RT_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
if grep -q '^RT_HOT_LDFLAGS = -Wl' "$build/Makefile" 2>/dev/null; then
	hot=$(readelf -SW "$rt" | awk '$2 == ".text.hot" { print $4, $6 }')
	t "rt has a .text.hot section" test -n "$hot"
	in_hot() { # in_hot SYMBOL: its address lies inside .text.hot
		local a
		a=$(nm "$rt" 2>/dev/null | awk -v s="$1" '$3 == s && $2 ~ /^[tT]$/ { print $1; exit }')
		[ -n "$a" ] && [ -n "$hot" ] && set -- $hot && (( 16#$a >= 16#$1 && 16#$a < 16#$1 + 16#$2 ))
	}
	if nm "$rt" 2>/dev/null | grep -q ' main$'; then
		for f in main rt_container_run create_container init_main _fini; do
			t "$f (run path) is in .text.hot" in_hot "$f"
		done
		for f in cmd_features cmd_spec; do
			t "$f (not run by the listed commands) is outside .text.hot" bash -c "$(declare -f in_hot); hot='$hot' rt='$rt'; ! in_hot $f"
		done
	fi
fi
# every function src/hot.ld names is still defined (or declared) in the sources: a renamed
# function would silently drop out of the block (contrib/bench/hot-functions.sh regenerates it)
stale=""
for f in $(sed -n 's/^[[:space:]]*\*(\.text\.\([A-Za-z0-9_]*\) .*/\1/p' "$src/src/hot.ld"); do
	grep -rqE "^[A-Za-z].*[ *]$f\(" "$src/src" "$src/libocispec" --include='*.c' --include='*.h' || stale+=" $f"
done
t "src/hot.ld names only functions defined in src/ or libocispec/${stale:+ (stale:$stale)}" test -z "$stale"
if grep -q '^RT_LDFLAGS = .*pack-relative-relocs' "$build/Makefile" 2>/dev/null; then
	t "relative relocations are packed (DT_RELR)" bash -c "readelf -d '$rt' | grep -q '(RELR)'"
	t "no more than 100 unpacked relative relocations" \
		bash -c "[ \$(readelf -rW '$rt' | grep -c R_X86_64_RELATIVE) -le 100 ]"
fi
echo "1..$n"
exit $fail
