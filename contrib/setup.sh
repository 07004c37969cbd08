#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# contrib/setup.sh demo|test|deps|build  (as root, on Debian 12)
#
#   deps   install the build and test dependencies with apt-get (only what is missing)
#   build  deps, then autogen + configure + make in ./build
#   demo   build, then a busybox bundle (make bundle) and `rt run` of it: the container
#          prints its hostname, its pid (1) and its mounts
#   test   build, then `make check`: unit tests and every integration suite, as root
set -euo pipefail

cd "$(dirname "$0")/.."
srcdir=$(pwd)
builddir=${BUILDDIR:-$srcdir/build}
jobs=$(nproc 2>/dev/null || echo 2)

DEPS=(autoconf automake libtool pkg-config gcc libc6-dev make libyajl-dev libseccomp-dev libcap-dev
	libselinux1-dev libsystemd-dev bats jq busybox-static iproute2 util-linux procps strace tmux uidmap
	golang-go golang-github-opencontainers-runtime-tools-dev golang-google-grpc-dev golang-google-protobuf-dev)

die() {
	echo "setup.sh: $*" >&2
	exit 1
}

deps() {
	local missing=() p
	for p in "${DEPS[@]}"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" = 0 ] || die "missing packages (${missing[*]}): run as root"
	echo "setup.sh: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() {
	deps
	if [ ! -x "$srcdir/configure" ]; then
		(cd "$srcdir" && ./autogen.sh)
	fi
	mkdir -p "$builddir"
	cd "$builddir"
	[ -f Makefile ] || "$srcdir/configure" --enable-werror
	make -j"$jobs"
}

demo() {
	[ "$(id -u)" = 0 ] || die "the demo runs a container: run as root"
	build
	make bundle
	local id=rt-demo-$$
	echo "--- rt run --bundle contrib/bundle $id"
	./rt --root /run/rt run --bundle contrib/bundle "$id"
}

check() {
	[ "$(id -u)" = 0 ] || die "the integration tests run containers: run as root"
	build
	# serial: the suites are timing-sensitive and share the host's cgroups
	make -j1 check
}

case "${1:-}" in
deps) deps ;;
build) build ;;
demo) demo ;;
test) check ;;
*)
	echo "usage: $0 demo|test|deps|build" >&2
	exit 2
	;;
esac
