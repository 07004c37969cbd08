#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run.sh LIST: OCI runtime conformance (docs/conformance.md), as TAP, one line per case.
#
# Builds tests/conformance/ocitest (Go, against Debian's runtime-tools library, offline: GOPATH
# mode over /usr/share/gocode, GOPROXY=off) into $RT_BUILDDIR/tests/conformance (rebuilt when a
# source changed), a busybox rootfs next to it (contrib/mkbundle.sh), then runs the cases LIST
# names against $RT. Expected failures come from tests/conformance/xfail/<basename of $RT>
# (TAP TODO with the reason: XFAIL, or XPASS once fixed). Used as the automake LOG_COMPILER of
# tests/conformance/runtime-tools.oci, and by hand:
#   sudo tests/conformance/run.sh tests/conformance/runtime-tools.oci
#   RT=/usr/sbin/runc tests/conformance/run.sh tests/conformance/runtime-tools.oci
#   OCI_CASES='hooks kill' tests/conformance/run.sh tests/conformance/runtime-tools.oci
# No Go toolchain ($GO, default go) or runtime-tools sources: SKIP with the reason, or under
# CI=true "Bail out!".
set -u
here=$(cd "$(dirname "$0")" && pwd)
export RT_SRCDIR=${RT_SRCDIR:-$(cd "$here/../.." && pwd)}
export RT_BUILDDIR=${RT_BUILDDIR:-$RT_SRCDIR/build}
RT=${RT:-$RT_BUILDDIR/rt}
out=$RT_BUILDDIR/tests/conformance
gocode=${OCI_GOPATH:-/usr/share/gocode}
GO=${GO:-go}
pkgs="golang-go golang-github-opencontainers-runtime-tools-dev"

bail() {
	echo "1..1"
	echo "Bail out! $*"
	echo "$*" >&2
	exit 1
}

missing() {
	[ "${CI:-}" = true ] && bail "$* (apt-get install $pkgs)"
	echo "1..0 # SKIP $* (apt-get install $pkgs)"
	exit 0
}

{ [ $# -eq 1 ] && [ -r "$1" ]; } || bail "usage: $0 LIST (tests/conformance/runtime-tools.oci)"
list=$1
[ "$(id -u)" = 0 ] || bail "the conformance cases need root: run 'make check' as root (uid is $(id -u))"
command -v "$RT" >/dev/null || bail "runtime not found: RT=$RT"
RT=$(command -v "$RT")
command -v "$GO" >/dev/null || missing "no Go toolchain ('$GO' not found)"
[ -d "$gocode/src/github.com/opencontainers/runtime-tools/generate" ] ||
	missing "no runtime-tools sources under $gocode"

mkdir -p "$out" || bail "mkdir $out"
bin=$out/ocitest
if [ ! -x "$bin" ] || [ -n "$(find "$here/ocitest" -name '*.go' -newer "$bin")" ]; then
	# GOPATH mode over Debian's packaged sources: no module download, no network.
	if ! (cd "$here/ocitest" && GO111MODULE=off GOPATH=$gocode GOPROXY=off GOFLAGS='' CGO_ENABLED=0 \
		GOCACHE=$out/gocache "$GO" build -o "$bin.tmp" . >"$out/build.log" 2>&1); then
		sed 's/^/# /' "$out/build.log"
		bail "go build of tests/conformance/ocitest failed (see $out/build.log)"
	fi
	mv "$bin.tmp" "$bin"
fi
if [ ! -x "$out/bundle/rootfs/bin/busybox" ]; then
	RT=$RT "$RT_SRCDIR/contrib/mkbundle.sh" "$out/bundle" >/dev/null || bail "contrib/mkbundle.sh failed"
fi

mapfile -t cases < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$list")
[ -n "${OCI_CASES:-}" ] && read -r -a cases <<<"$OCI_CASES"
[ ${#cases[@]} -gt 0 ] || bail "$list names no case"
xfail=$here/xfail/$(basename "$RT")
args=(-rootfs "$out/bundle/rootfs")
[ -r "$xfail" ] && args+=(-xfail "$xfail")

work=$(mktemp -d "${TMPDIR:-/tmp}/rt-conformance.XXXXXX") || bail "mktemp"
# a container's root in a user namespace (linux_uid_mappings) must be able to reach its bundle
chmod 755 "$work"
trap 'rm -rf --one-file-system "$work"' EXIT
# Created containers are orphaned when "create" returns: the subreaper launcher reaps them.
reaper=()
[ -x "$RT_BUILDDIR/tests/helpers/subreaper" ] && reaper=("$RT_BUILDDIR/tests/helpers/subreaper")
RUNTIME=$RT timeout --kill-after=10 "${RT_SUITE_TIMEOUT:-300}" "${reaper[@]}" \
	"$bin" "${args[@]}" -workdir "$work/run" "${cases[@]}"
