#!/usr/bin/env bats
# The command line: version, global flags, logging, list, state, features, spec.

load helpers

@test "cli: --version prints 'NAME version X.Y.Z', commit: and spec: lines" {
	runrt --version
	assert_success
	[[ ${lines[0]} =~ ^[a-z]+\ version\ [0-9]+\.[0-9]+\.[0-9]+ ]] || _fail "first line: ${lines[0]}"
	printf '%s\n' "${lines[@]}" | grep -Eq '^commit: .+' || _fail "no commit: line"
	printf '%s\n' "${lines[@]}" | grep -Eq '^spec: [0-9]+\.[0-9]+\.[0-9]+' || _fail "no spec: line"
	runrt -v
	assert_success
	[[ ${lines[0]} =~ ^[a-z]+\ version\ [0-9] ]]
}

@test "cli: --help lists the commands and exits 0" {
	runrt --help
	assert_success
	for c in create start state kill delete run list spec features; do
		assert_output_contains "$c"
	done
}

@test "cli: 'help' and 'help COMMAND' print the usage on stdout and exit 0 (as runc); an unknown topic fails" {
	"$RT" help >"$TEST_DIR/out" 2>"$TEST_DIR/err" || _fail "rt help failed: $(cat "$TEST_DIR/err")"
	grep -q create "$TEST_DIR/out" || _fail "rt help does not list the commands"
	[ ! -s "$TEST_DIR/err" ] || _fail "rt help wrote to stderr: $(cat "$TEST_DIR/err")"
	"$RT" help list >"$TEST_DIR/out" 2>"$TEST_DIR/err" || _fail "rt help list failed: $(cat "$TEST_DIR/err")"
	grep -q -- --format "$TEST_DIR/out" || _fail "rt help list does not show list's options"
	cmp "$TEST_DIR/out" <("$RT" list --help) || _fail "rt help list differs from rt list --help"
	runrt help no-such-command
	assert_failure
	assert_output_contains no-such-command
	runrt help list extra
	assert_failure
}

@test "cli: no command fails or prints help" {
	runrt
	# runc prints help and exits 0; either is fine, but it must say what the commands are
	assert_output_contains create
}

@test "cli: an unknown global flag fails" {
	runrt --no-such-global-flag list
	assert_failure
}

@test "cli: an option given last without its value is named as missing its value, not as unknown" {
	local cmdline
	for cmdline in "--root" "--log" "list --format" "list -f" "create --bundle" "run -b" "exec --cwd" \
		"spec --bundle" "ps -f" "update --resources" "events --interval"; do
		# shellcheck disable=SC2086 # split on purpose
		run "$RT" $cmdline
		assert_failure
		assert_output_contains "'${cmdline##* }' needs a value"
		[[ $output != *unknown* ]] || _fail "$cmdline: called unknown: $output"
	done
}

@test "cli: global flags before the command, '--root DIR' and '--root=DIR'" {
	set_args /probe sigwait
	runrt create --bundle "$BUNDLE" "$ID"
	assert_success
	run "$RT" --root "$ROOT" list -q
	assert_success
	assert_line "$ID"
	run "$RT" "--root=$ROOT" list -q
	assert_success
	assert_line "$ID"
	run "$RT" --root "$TEST_DIR/other-root" list -q
	refute_line "$ID"
}

# rt.1: accepted so that runc command lines parse; runc's --rootless takes its value
# as '--rootless=V' or '--rootless V'.
@test "cli: runc's global --rootless VALUE and --criu PATH parse in both forms" {
	set_args /probe sigwait
	runrt create --bundle "$BUNDLE" "$ID"
	assert_success
	for flags in "--rootless true" "--rootless false" "--rootless auto" "--rootless=auto" "--criu /x" "--criu=/x"; do
		# shellcheck disable=SC2086 # the flag and its value are two words
		run "$RT" --root "$ROOT" $flags list -q
		[ "$status" -eq 0 ] && [ "$output" = "$ID" ] || _fail "rt $flags list -q"
	done
}

@test "cli: command flags as '--bundle v' and '--bundle=v', and -b" {
	set_args true
	runrt run "--bundle=$BUNDLE" "$ID"
	assert_success
	runrt run -b "$BUNDLE" "$(new_id)"
	assert_success
}

@test "cli: --log-format json --log FILE writes exactly one error line" {
	run "$RT" --root "$ROOT" --log-format json --log "$TEST_DIR/log.json" state "$ID"
	assert_failure
	[ "$(wc -l <"$TEST_DIR/log.json")" -eq 1 ] || _fail "log: $(cat "$TEST_DIR/log.json")"
	jq -e 'keys == ["level", "msg", "time"] and .level == "error" and (.msg | type == "string" and length > 0)' \
		"$TEST_DIR/log.json" >/dev/null || _fail "bad log line: $(cat "$TEST_DIR/log.json")"
	# RFC 3339 time
	jq -e '.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}")' "$TEST_DIR/log.json" >/dev/null
}

@test "cli: --log-format=json without --log writes the JSON error to stderr" {
	run bash -c '"$1" --root "$2" --log-format=json state "$3" 2>&1 >/dev/null' _ "$RT" "$ROOT" "$ID"
	assert_failure
	jq -e '.level == "error"' <<<"${lines[-1]}" >/dev/null || _fail "not a JSON error line"
}

@test "cli: --log-format=json without --log writes warnings to stderr as JSON lines too, like the error" {
	update_config '.linux.personality = {"domain": "LINUX", "flags": ["no-such-flag"]} | .process.args = ["true"]'
	run bash -c '"$1" --root "$2" --log-format=json --log-level=warning run --bundle "$3" "$4" 2>&1 >/dev/null' \
		_ "$RT" "$ROOT" "$BUNDLE" "$ID"
	assert_success
	assert_output_contains no-such-flag
	local l
	for l in "${lines[@]}"; do
		jq -e '.level and .msg and .time' <<<"$l" >/dev/null 2>&1 || _fail "stderr line is not JSON: $l"
	done
	jq -e 'select(.level == "warning") | .msg | contains("no-such-flag")' <<<"$output" >/dev/null ||
		_fail "no JSON warning naming the flag"
}

@test "cli: --log-format text (default) is not JSON" {
	run "$RT" --root "$ROOT" --log "$TEST_DIR/log.txt" state "$ID"
	assert_failure
	[ -s "$TEST_DIR/log.txt" ]
	! jq -e . "$TEST_DIR/log.txt" >/dev/null 2>&1
}

@test "cli: list shows a table with a header and the container" {
	set_args /probe sigwait
	runrt create --bundle "$BUNDLE" "$ID"
	assert_success
	runrt list
	assert_success
	read -ra header <<<"${lines[0]}"
	[ "${header[*]}" = "ID PID STATUS BUNDLE CREATED OWNER" ] || _fail "header: ${lines[0]}"
	read -ra row <<<"${lines[1]}"
	[ "${row[0]}" = "$ID" ] && [ "${row[1]}" = "$(rt_state "$ID" | jq -r .pid)" ] &&
		[ "${row[2]}" = created ] && [ "${row[3]}" = "$BUNDLE" ] || _fail "row: ${lines[1]}"
}

@test "cli: list -q prints only the ids" {
	ID2=$(new_id)
	set_args /probe sigwait
	runrt create --bundle "$BUNDLE" "$ID"
	runrt create --bundle "$BUNDLE" "$ID2"
	runrt list -q
	assert_success
	[ "$(printf '%s\n' "${lines[@]}" | sort | tr '\n' ' ')" = "$(printf '%s\n' "$ID" "$ID2" | sort | tr '\n' ' ')" ] ||
		_fail "ids"
}

@test "cli: list --format json" {
	set_args /probe sigwait
	runrt create --bundle "$BUNDLE" "$ID"
	runrt list --format json
	assert_success
	jq -e --arg id "$ID" --arg b "$BUNDLE" 'length == 1 and .[0].id == $id and .[0].status == "created"
		and .[0].bundle == $b and (.[0].pid > 0) and (.[0].created | type == "string")' <<<"$output" >/dev/null ||
		_fail "bad list json"
}

@test "cli: list with no containers prints the header only" {
	runrt list
	assert_success
	[ "${#lines[@]}" -eq 1 ] || _fail "lines: ${#lines[@]}"
	runrt list -q
	assert_success
	[ -z "$output" ]
}

@test "cli: state prints the runtime-spec state JSON" {
	update_config '.annotations = {"org.example.a": "b"}'
	set_args /probe sigwait
	runrt create --bundle "$BUNDLE" "$ID"
	assert_success
	runrt state "$ID"
	assert_success
	for k in ociVersion id pid status bundle rootfs created owner annotations; do
		jq -e --arg k "$k" 'has($k)' <<<"$output" >/dev/null || _fail "no key '$k'"
	done
	jq -e --arg id "$ID" --arg b "$BUNDLE" '.id == $id and .status == "created" and .bundle == $b
		and .rootfs == ($b + "/rootfs") and .annotations["org.example.a"] == "b"
		and (.ociVersion | test("^[0-9]+\\.[0-9]+\\.[0-9]+"))' <<<"$output" >/dev/null || _fail "bad state"
	created=$(jq -r .created <<<"$output")
	[[ $created =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9:]+)$ ]] ||
		_fail "created is not RFC 3339: $created"
}

@test "cli: state needs exactly one id" {
	runrt state
	assert_failure
}

@test "cli: features prints JSON with ociVersionMin/Max, hooks and namespaces" {
	runrt features
	assert_success
	jq -e '(.ociVersionMin | test("^1\\.")) and (.ociVersionMax | test("^1\\."))
		and (.hooks | index("prestart") and index("poststop"))
		and (.mountOptions | index("bind") and index("ro"))
		and (.linux.namespaces | index("pid") and index("mount") and index("network") and index("user"))
		and (.linux.capabilities | index("CAP_SYS_ADMIN"))' <<<"$output" >/dev/null || _fail "bad features"
}

@test "cli: features names the libseccomp it loaded in annotations, as runc and crun do" {
	local want
	want=$(pkg-config --modversion libseccomp) || _fail "pkg-config knows no libseccomp (libseccomp-dev)"
	runrt features
	assert_success
	jq -e --arg v "$want" '.annotations["io.github.seccomp.libseccomp.version"] == $v
		and .linux.seccomp.enabled' <<<"$output" >/dev/null ||
		_fail "annotations: $(jq -c .annotations <<<"$output"), want libseccomp $want"
}

@test "cli: spec creates a config.json that runs and refuses to overwrite it" {
	mkdir "$TEST_DIR/spec"
	cd "$TEST_DIR/spec"
	runrt spec
	assert_success
	jq -e '.ociVersion and .process.args and .root.path == "rootfs" and (.linux.namespaces | length > 0)' config.json >/dev/null
	cp config.json before.json
	runrt spec
	assert_failure
	assert_output_contains config.json
	cmp config.json before.json
}

@test "cli: spec --bundle DIR writes DIR/config.json" {
	mkdir "$TEST_DIR/spec2"
	runrt spec --bundle "$TEST_DIR/spec2"
	assert_success
	jq -e .process "$TEST_DIR/spec2/config.json" >/dev/null
}

@test "cli: spec --rootless adds a user namespace with mappings" {
	mkdir "$TEST_DIR/spec3"
	runrt spec --rootless --bundle "$TEST_DIR/spec3"
	assert_success
	jq -e '(.linux.namespaces | map(.type) | index("user")) and (.linux.uidMappings | length > 0)' \
		"$TEST_DIR/spec3/config.json" >/dev/null
}

@test "cli: a command with the wrong number of arguments fails" {
	runrt kill
	assert_failure
	runrt start
	assert_failure
	runrt delete
	assert_failure
}
