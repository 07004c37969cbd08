#!/usr/bin/env bats
# Security: hostile input read by the runtime (SECURITY-SCENARIOS S22, S24, F10): image
# files, config.json, container ids. Each case ends within a deadline, fails cleanly or
# succeeds, and leaves nothing behind (the harness's leak check in teardown).

load sec

# S22: the runtime looks up HOME for uid 1000 in the image's /etc/passwd.
passwd_case() {
	update_config '.process.user = {"uid": 1000, "gid": 1000} | .process.env |= map(select(startswith("HOME=") | not))'
	set_args sh -c 'echo "home=$HOME"'
	runrt_t 10 run --bundle "$BUNDLE" "$ID"
	[ "$status" -ne 124 ] && [ "$status" -ne 137 ] || _fail "the runtime hung (timeout)"
}

@test "S22: /etc/passwd as a FIFO does not block the runtime" {
	rm -f "$BUNDLE/rootfs/etc/passwd"
	mkfifo "$BUNDLE/rootfs/etc/passwd"
	passwd_case
	assert_success
	assert_line home=/
}

@test "S22: /etc/passwd as a symlink to /dev/zero does not block or bloat the runtime" {
	ln -sf /dev/zero "$BUNDLE/rootfs/etc/passwd"
	passwd_case
	assert_success
	assert_line home=/
}

@test "S22: a 64 MB /etc/passwd without a newline is handled within the deadline" {
	rm -f "$BUNDLE/rootfs/etc/passwd"
	head -c 67108864 /dev/zero | tr '\0' a >"$BUNDLE/rootfs/etc/passwd"
	passwd_case
	assert_success
	assert_line home=/
}

@test "S22: binary garbage and a /proc/self/environ symlink as /etc/passwd" {
	head -c 65536 /dev/urandom >"$BUNDLE/rootfs/etc/passwd"
	passwd_case
	assert_success
	ln -sf /proc/self/environ "$BUNDLE/rootfs/etc/passwd"
	update_config '.process.env += ["SECRET=1000:x:1000:1000::/evil:/bin/sh"]'
	passwd_case
	assert_success
}

# F10: config.json. Each case: exit 1 within 10 s, an error, no container left.
config_case() {
	runrt_t 10 create --bundle "$BUNDLE" "$ID"
	[ "$status" -ne 124 ] && [ "$status" -ne 137 ] || _fail "the runtime hung (timeout)"
	assert_failure
	[ -n "$output" ] || _fail "no error message"
}

@test "F10: a 200 MB config.json is refused fast and without reading it all" {
	jq -c '.process.env = []' "$BUNDLE/config.json" >"$TEST_DIR/base.json"
	# 200 000 env entries of 1 KiB
	python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))
c["process"]["env"] = ["V%d=%s" % (i, "x" * 1024) for i in range(200000)]
json.dump(c, open(sys.argv[2], "w"))' "$TEST_DIR/base.json" "$BUNDLE/config.json"
	/usr/bin/time -f '%M' -o "$TEST_DIR/rss" timeout -k 2 10 "$RT" --root "$ROOT" create --bundle "$BUNDLE" "$ID" \
		</dev/null >"$TEST_DIR/err" 2>&1 3>&- && status=0 || status=$?
	output=$(cat "$TEST_DIR/err")
	rss=$(tail -n1 "$TEST_DIR/rss")
	assert_failure
	[ "$rss" -lt 102400 ] || _fail "max RSS ${rss} KiB"
	rm -f "$BUNDLE/config.json"
}

@test "F10: 200 000-deep nesting is refused without a crash" {
	python3 -c 'import sys; open(sys.argv[1], "w").write("{\"x\":" + "[" * 200000 + "]" * 200000 + "}")' "$BUNDLE/config.json"
	config_case
	[ "$status" -eq 1 ] || _fail "status $status (a crash?)"
}

@test "F10: invalid UTF-8 in process.args is refused" {
	jq -c '.process.args = ["/bin/echo", "INVALID"]' "$BUNDLE/config.json" | sed 's/INVALID/\xff\xfe/' >"$TEST_DIR/c.json"
	mv "$TEST_DIR/c.json" "$BUNDLE/config.json"
	config_case
}

@test "F10: a NUL inside an argument (\\u0000) is refused at parse time" {
	jq -c '.process.args = ["/bin/echo", "a\u0000b"]' "$BUNDLE/config.json" >"$TEST_DIR/c.json"
	mv "$TEST_DIR/c.json" "$BUNDLE/config.json"
	config_case
}

@test "F10: a raw NUL byte after the object is refused" {
	printf '\0{"ociVersion":"1.0.2","process":{"args":["/bin/sh"],"cwd":"/"}}' >>"$BUNDLE/config.json"
	config_case
}

@test "F10: config.json as a FIFO does not block the runtime" {
	rm "$BUNDLE/config.json"
	mkfifo "$BUNDLE/config.json"
	config_case
}

@test "F10: an empty config.json and a truncated one are refused" {
	: >"$BUNDLE/config.json"
	config_case
	printf '{"ociVersion": "1.0.2", "process": {"args": ["' >"$BUNDLE/config.json"
	config_case
}

@test "S24: invalid container ids are refused before any side effect" {
	long=$(printf 'a%.0s' $(seq 300))
	for id in '' . .. ../x a/b .hidden $'a\nb' "$long" 'é' 'a b' -x '../../../../tmp/x' 'a\b'; do
		runrt_t 10 create --bundle "$BUNDLE" "$id"
		[ "$status" -ne 0 ] || { _fail "id '$id' accepted"; return 1; }
		[ -z "$(ls -A "$ROOT")" ] || { _fail "id '$id' left $(ls -A "$ROOT")"; return 1; }
	done
	run find /sys/fs/cgroup -maxdepth 3 -name '*hidden*'
	[ -z "$output" ] || _fail "cgroup dirs: $output"
}
