#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# run-fuzzers.sh BUILD_DIR SECONDS: run every libFuzzer target for SECONDS each, under
# ASan+UBSan (leak detection on), on a copy of its seed corpus, and print one TAP line
# per target: "ok" when it ran the whole time without a crash, leak, timeout or OOM.
#
# BUILD_DIR is configured here if it has no Makefile yet:
#     CC=clang SRC/configure --enable-fuzzers --enable-sanitizers
# A crashing input is kept as BUILD_DIR/fuzz-artifacts/<target>-crash-<sha1>; replay it
# with BUILD_DIR/tests/fuzz/<target> FILE. New inputs found go to
# BUILD_DIR/fuzz-corpus/<target> (not back into the source tree).
# The same results go to BUILD_DIR/fuzz.trs and BUILD_DIR/fuzz.log in the format of
# automake's test driver (":test-result: PASS|FAIL" lines), so that a script counting
# the .trs files of a build counts the fuzzers too.
# Exit status: 0 when every target passed.
set -u
if [ $# -ne 2 ] || ! [[ $2 =~ ^[1-9][0-9]*$ ]]; then
	echo "usage: $0 BUILD_DIR SECONDS" >&2
	exit 2
fi
src=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$1" || exit 2
build=$(cd "$1" && pwd)
secs=$2
# name:corpus:dictionary, for each target
targets=(
	"fuzz_config:tests/fuzz/corpus/config:tests/fuzz/config.dict"
	"fuzz_resolve:tests/fuzz/corpus/resolve:tests/fuzz/resolve.dict"
)

# TAP on stdout, copied to fuzz.log; one :test-result: line per target in fuzz.trs.
trs=$build/fuzz.trs
: >"$trs"
exec 3>&1 > >(tee "$build/fuzz.log")
tee_pid=$!
finish() { # finish STATUS: let tee drain before exiting
	exec >&3 3>&-
	wait "$tee_pid" 2>/dev/null
	exit "$1"
}
echo "1..${#targets[@]}"
# Called from make: no inherited jobserver or flags.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
log=$build/fuzz-build.log
if [ ! -f "$build/Makefile" ]; then
	if [ ! -x "$src/configure" ]; then
		(cd "$src" && ./autogen.sh) >"$log" 2>&1
	fi
	(cd "$build" && CC=${CC:-clang} "$src/configure" --enable-fuzzers --enable-sanitizers) >>"$log" 2>&1
fi
if ! grep -q -- '-fsanitize=address' "$build/Makefile" 2>/dev/null ||
	! grep -q '^tests_fuzz_fuzz_config_SOURCES' "$build/Makefile" 2>/dev/null ||
	grep -q '^#tests_fuzz_fuzz_config' "$build/Makefile"; then
	echo "Bail out! $build is not configured with --enable-fuzzers --enable-sanitizers (see $log)"
	echo ":test-result: ERROR run-fuzzers" >>"$trs"
	finish 1
fi
names=()
for t in "${targets[@]}"; do names+=("tests/fuzz/${t%%:*}"); done
if ! make -C "$build" -j"$(nproc)" "${names[@]}" >>"$log" 2>&1; then
	echo "Bail out! building the fuzz targets failed:"
	echo ":test-result: ERROR run-fuzzers" >>"$trs"
	tail -n 20 "$log" | sed 's/^/# /'
	finish 1
fi

# LeakSanitizer on (libFuzzer reports a leak as a failure); UBSan findings abort.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
mkdir -p "$build/fuzz-artifacts"
n=0 failed=0
for t in "${targets[@]}"; do
	IFS=: read -r name corpus dict <<<"$t"
	n=$((n + 1))
	work=$build/fuzz-corpus/$name
	mkdir -p "$work"
	out=$build/fuzz-artifacts/$name.log
	"$build/tests/fuzz/$name" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
		-dict="$src/$dict" -artifact_prefix="$build/fuzz-artifacts/$name-" "$work" "$src/$corpus" >"$out" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out" | tail -n 1)
	if [ "$rc" -eq 0 ] && [ -n "$runs" ] && [ "$runs" -gt 0 ]; then
		echo "ok $n - $name: $runs inputs in ${secs}s, no crash or leak"
		echo ":test-result: PASS $name" >>"$trs"
	else
		failed=$((failed + 1))
		what=$(grep -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)[^(]*|runtime error:.*|divergence:.*' "$out")
		echo "not ok $n - $name: exit $rc${what:+: $what}"
		echo ":test-result: FAIL $name" >>"$trs"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written|divergence)|runtime error' "$out" |
			head -n 10 | sed 's/^/# /'
		echo "# full log: $out"
	fi
done
[ "$failed" -eq 0 ]
finish $?
