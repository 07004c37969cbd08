#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The rt binary's dynamic linkage (TAP). Optional libraries (libseccomp, libselinux,
# libsystemd) are loaded on first use (src/util/dl.h), never as DT_NEEDED entries: those
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
for lib in libseccomp libselinux libsystemd libpcre2 libgcrypt liblzma libzstd; do
	t "$lib is not a NEEDED entry" bash -c "! grep -q '^$lib' <<<'$needed'"
done
if readelf -l "$rt" | grep -q INTERP; then
	t "a dynamic rt needs no more than libc, yajl and libcap" \
		bash -c "[ -z \"\$(grep -vE '^(libc\\.so|libyajl\\.so|libcap\\.so)' <<<'$needed')\" ]"
fi
echo "1..$n"
exit $fail
