/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libocispec: every parse error names the file and the JSON path, and exact texts are
 * part of the contract. Also what must be accepted at the edges (integer limits,
 * unknown keys at any depth, null for optional members).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "libocispec/engine.h"
#include "tests/unit/tap.h"
#include "util/util.h"

#define V "{\"ociVersion\":\"1.0.0\","

static const struct {
	const char *json;
	const char *want;
} cases[] = {
	/* type mismatches at several depths, array indices, map values */
	{V "\"linux\":{\"resources\":{\"memory\":{\"limit\":\"1\"}}}}",
	 "config.json: linux.resources.memory.limit: expected integer, got string"},
	{V "\"mounts\":[{\"destination\":\"/a\"},{\"destination\":\"/b\"},{\"destination\":5}]}",
	 "config.json: mounts[2].destination: expected string, got integer"},
	{V "\"annotations\":{\"foo\":1}}", "config.json: annotations.foo: expected string, got integer"},
	{V "\"linux\":{\"sysctl\":{\"a.b\":true}}}",
	 "config.json: linux.sysctl[\"a.b\"]: expected string, got boolean"},
	{V "\"process\":{\"args\":[\"a\",1]}}", "config.json: process.args[1]: expected string, got integer"},
	{V "\"process\":{\"user\":{\"additionalGids\":[1,-1]}}}",
	 "config.json: process.user.additionalGids[1]: value -1 out of range for uint32"},
	{V "\"mounts\":[\"x\"]}", "config.json: mounts[0]: expected object, got string"},
	{V "\"process\":[[[[]]]]}", "config.json: process: expected object, got array"},
	{V "\"process\":{\"terminal\":1}}", "config.json: process.terminal: expected boolean, got integer"},
	{V "\"root\":{\"readonly\":\"true\"}}", "config.json: root.readonly: expected boolean, got string"},
	{V "\"hooks\":{\"poststop\":[{\"path\":\"/x\"},{\"path\":\"/y\",\"timeout\":\"5\"}]}}",
	 "config.json: hooks.poststop[1].timeout: expected integer, got string"},
	{V "\"linux\":{\"resources\":{\"rdma\":{\"mlx_5\":{\"hcaHandles\":\"x\"}}}}}",
	 "config.json: linux.resources.rdma.mlx_5.hcaHandles: expected integer, got string"},
	{V "\"linux\":{\"timeOffsets\":{\"boottime\":[]}}}",
	 "config.json: linux.timeOffsets.boottime: expected object, got array"},
	{V "\"linux\":{\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"read\"],"
	   "\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\",\"valueTwo\":-2}]}]"
	   "}}}",
	 "config.json: linux.seccomp.syscalls[0].args[0].valueTwo: value -2 out of range for uint64"},
	{V "\"annotations\":[]}", "config.json: annotations: expected object, got array"},
	{V "\"hostname\":{}}", "config.json: hostname: expected string, got object"},
	/* integers: ranges and floats */
	{V "\"process\":{\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":18446744073709551616,\"soft\":1}]}}",
	 "config.json: process.rlimits[0].hard: value 18446744073709551616 out of range for uint64"},
	{V "\"process\":{\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"soft\":99999999999999999999999}]}}",
	 "config.json: process.rlimits[0].soft: value 99999999999999999999999 out of range for uint64"},
	{V "\"process\":{\"user\":{\"uid\":-1}}}", "config.json: process.user.uid: value -1 out of range for uint32"},
	{V "\"process\":{\"user\":{\"gid\":4294967296}}}",
	 "config.json: process.user.gid: value 4294967296 out of range for uint32"},
	{V "\"linux\":{\"resources\":{\"cpu\":{\"shares\":1.5}}}}",
	 "config.json: linux.resources.cpu.shares: expected integer, got float"},
	{V "\"linux\":{\"resources\":{\"cpu\":{\"quota\":1e3}}}}",
	 "config.json: linux.resources.cpu.quota: expected integer, got float"},
	{V "\"process\":{\"oomScoreAdj\":2147483648}}",
	 "config.json: process.oomScoreAdj: value 2147483648 out of range for int32"},
	{V "\"process\":{\"oomScoreAdj\":-2147483649}}",
	 "config.json: process.oomScoreAdj: value -2147483649 out of range for int32"},
	{V "\"linux\":{\"resources\":{\"blockIO\":{\"weight\":70000}}}}",
	 "config.json: linux.resources.blockIO.weight: value 70000 out of range for uint16"},
	{V "\"linux\":{\"resources\":{\"pids\":{\"limit\":-9223372036854775809}}}}",
	 "config.json: linux.resources.pids.limit: value -9223372036854775809 out of range for int64"},
	{V "\"linux\":{\"resources\":{\"pids\":{\"limit\":9223372036854775808}}}}",
	 "config.json: linux.resources.pids.limit: value 9223372036854775808 out of range for int64"},
	/* duplicates */
	{V "\"hostname\":\"a\",\"hostname\":\"b\"}", "config.json: duplicate key 'hostname'"},
	{V "\"process\":{\"cwd\":\"/\",\"cwd\":\"/\"}}", "config.json: process: duplicate key 'cwd'"},
	{V "\"annotations\":{\"a\":\"1\",\"b\":\"2\",\"a\":\"3\"}}", "config.json: annotations: duplicate key 'a'"},
	{V "\"linux\":{\"resources\":{\"rdma\":{\"d\":{},\"d\":{}}}}}",
	 "config.json: linux.resources.rdma: duplicate key 'd'"},
	{V "\"mounts\":[{\"destination\":\"/a\"},{\"destination\":\"/b\",\"type\":null,\"type\":\"x\"}]}",
	 "config.json: mounts[1]: duplicate key 'type'"},
	/* required members and versions */
	{"{}", "config.json: ociVersion: required"},
	{"{\"hostname\":\"x\"}", "config.json: ociVersion: required"},
	{"{\"ociVersion\":null}", "config.json: ociVersion: expected string, got null"},
	{"{\"ociVersion\":\"2.0\"}", "config.json: ociVersion: unsupported version '2.0'"},
	{"{\"ociVersion\":\"2.0.0\"}", "config.json: ociVersion: unsupported version '2.0.0'"},
	{"{\"ociVersion\":\"10.0\"}", "config.json: ociVersion: unsupported version '10.0'"},
	{V "\"mounts\":[{\"destination\":\"/a\"},{\"source\":\"/b\"}]}",
	 "config.json: mounts[1].destination: required"},
	{V "\"mounts\":[{\"destination\":null}]}", "config.json: mounts[0].destination: expected string, got null"},
	{V "\"hooks\":{\"prestart\":[{\"args\":[\"x\"]}]}}", "config.json: hooks.prestart[0].path: required"},
	{V "\"linux\":{\"namespaces\":[{\"type\":\"pid\"},{\"path\":\"/x\"}]}}",
	 "config.json: linux.namespaces[1].type: required"},
	{V "\"linux\":{\"devices\":[{\"path\":\"/dev/x\"}]}}", "config.json: linux.devices[0].type: required"},
	{V "\"linux\":{\"devices\":[{\"type\":\"c\"}]}}", "config.json: linux.devices[0].path: required"},
	{V "\"process\":{\"rlimits\":[{\"hard\":1,\"soft\":1}]}}", "config.json: process.rlimits[0].type: required"},
	{V "\"linux\":{\"uidMappings\":[{\"containerID\":0,\"size\":1}]}}",
	 "config.json: linux.uidMappings[0].hostID: required"},
	{V "\"linux\":{\"gidMappings\":[{\"hostID\":0,\"size\":1}]}}",
	 "config.json: linux.gidMappings[0].containerID: required"},
	{V "\"mounts\":[{\"destination\":\"/a\",\"uidMappings\":[{\"hostID\":0,\"containerID\":1}]}]}",
	 "config.json: mounts[0].uidMappings[0].size: required"},
	{V "\"linux\":{\"seccomp\":{\"syscalls\":[]}}}", "config.json: linux.seccomp.defaultAction: required"},
	{V "\"linux\":{\"seccomp\":{\"defaultAction\":\"A\",\"syscalls\":[{\"action\":\"B\"}]}}}",
	 "config.json: linux.seccomp.syscalls[0].names: required"},
	{V "\"linux\":{\"seccomp\":{\"defaultAction\":\"A\",\"syscalls\":[{\"names\":[\"x\"]}]}}}",
	 "config.json: linux.seccomp.syscalls[0].action: required"},
	{V "\"linux\":{\"seccomp\":{\"defaultAction\":\"A\",\"syscalls\":[{\"names\":[\"x\"],\"action\":\"B\","
	   "\"args\":[{\"index\":1,\"value\":2}]}]}}}",
	 "config.json: linux.seccomp.syscalls[0].args[0].op: required"},
	{V "\"linux\":{\"seccomp\":{\"defaultAction\":\"A\",\"syscalls\":[{\"names\":[\"x\"],\"action\":\"B\","
	   "\"args\":[{\"value\":2,\"op\":\"SCMP_CMP_EQ\"}]}]}}}",
	 "config.json: linux.seccomp.syscalls[0].args[0].index: required"},
	{V "\"linux\":{\"seccomp\":{\"defaultAction\":\"A\",\"syscalls\":[{\"names\":[\"x\"],\"action\":\"B\","
	   "\"args\":[{\"index\":2,\"op\":\"SCMP_CMP_EQ\"}]}]}}}",
	 "config.json: linux.seccomp.syscalls[0].args[0].value: required"},
	/* malformed documents */
	{"{\"ociVersion\":\"1.0.0\"", "config.json: invalid JSON near byte 21: premature EOF"},
	{"{\"ociVersion\":\"1.0.0\",\"process\":{\"args\":[\"a\"",
	 "config.json: invalid JSON near byte 44: premature EOF"},
	{"{\"ociVersion\":\"1.0.0\"} x", "config.json: invalid JSON near byte 24: trailing garbage"},
	{"{\"ociVersion\":\"1.0.0\"}{}", "config.json: invalid JSON near byte 23: trailing garbage"},
	{"{\"ociVersion\":\"1.0.0\",\"hostname\":\"\xff\xfe\"}",
	 "config.json: invalid JSON near byte 35: invalid bytes in UTF8 string"},
	{"{\"ociVersion\":\"1.0.0\",\"hostname\":\"a\\u0000b\"}", "config.json: hostname: string contains a NUL byte"},
	{"{\"ociVersion\":\"1.0.0\",\"annotations\":{\"a\\u0000\":\"b\"}}",
	 "config.json: annotations: string contains a NUL byte"},
	{"{\"ociVersion\":\"1.0.0\",/*c*/\"hostname\":\"a\"}",
	 "config.json: invalid JSON near byte 22: probable comment found in input text, comments are not enabled"},
	{"{\"ociVersion\":\"1.0.0\",}",
	 "config.json: invalid JSON near byte 23: invalid object key (must be a string)"},
	{"[]", "config.json: expected object, got array"},
	{"\"x\"", "config.json: expected object, got string"},
	{"null", "config.json: expected object, got null"},
	{"   ", "config.json: invalid JSON near byte 3: premature EOF"},
};

static void check_err(const char *json, size_t len, const char *want, const char *what)
{
	_cleanup_err_ struct rt_err *err = NULL;
	struct oci_config *c = oci_config_parse(json, len, "config.json", &err);

	ok(c == NULL, "%s: refused", what);
	is_str(err ? err->msg : NULL, want, "%s: message", what);
	oci_config_free(c);
}

static struct oci_config *must_parse(const char *json, const char *what)
{
	_cleanup_err_ struct rt_err *err = NULL;
	struct oci_config *c = oci_config_parse(json, strlen(json), "config.json", &err);

	if (!ok(c != NULL, "%s: accepted", what))
		printf("#   %s\n", err->msg);
	return c;
}

static void test_accepted(void)
{
	struct oci_config *c;

	c = must_parse(V
		       "\"process\":{\"rlimits\":[{\"type\":\"RLIMIT_AS\",\"hard\":18446744073709551615,\"soft\":0}]}}",
		       "uint64 max");
	ok(c && c->process->rlimits[0].hard == UINT64_MAX, "uint64 max is exact");
	oci_config_free(c);
	c = must_parse(V "\"process\":{\"oomScoreAdj\":-2147483648,\"user\":{\"uid\":4294967295,\"gid\":0}}}",
		       "int32 min, uint32 max");
	ok(c && c->process->oom_score_adj == INT32_MIN && c->process->user.uid == UINT32_MAX, "int32/uint32 edges");
	oci_config_free(c);
	c = must_parse(V "\"linux\":{\"resources\":{\"pids\":{\"limit\":-9223372036854775808},"
			 "\"blockIO\":{\"weight\":65535},\"memory\":{\"swappiness\":-0}}}}",
		       "int64 min, uint16 max, -0 into unsigned");
	ok(c && c->linux_->resources->pids->limit == INT64_MIN && c->linux_->resources->block_io->weight == 65535 &&
		   c->linux_->resources->memory->has_swappiness && c->linux_->resources->memory->swappiness == 0,
	   "int64/uint16 edges");
	oci_config_free(c);
	c = must_parse("{\"x\":{\"y\":[1,{\"z\":[[{\"hostname\":5}]]},null,\"s\",true]},\"ociVersion\":\"1.1.0\","
		       "\"process\":{\"zz\":{\"a\":[{}]},\"cwd\":\"/\",\"user\":{\"uid\":1,\"gid\":2,\"q\":[1.5]}},"
		       "\"linux\":{\"resources\":{\"memory\":{\"new\":{\"limit\":\"x\"}},\"rdma\":{\"d\":{\"x\":[]}}}},"
		       "\"x\":1,\"x\":{}}",
		       "unknown keys ignored at every depth (duplicated unknown keys too)");
	ok(c && strcmp(c->process->cwd, "/") == 0 && c->process->user.gid == 2 && c->hostname == NULL &&
		   !c->linux_->resources->memory->has_limit && c->linux_->resources->rdma_len == 1,
	   "known members around unknown ones are read");
	oci_config_free(c);
	c = must_parse(V "\"process\":null,\"root\":null,\"hostname\":null,\"mounts\":null,\"annotations\":null,"
			 "\"linux\":{\"resources\":{\"memory\":{\"limit\":null}}}}",
		       "null for optional members");
	ok(c && !c->process && !c->root && !c->hostname && !c->mounts && !c->linux_->resources->memory->has_limit,
	   "null means absent");
	oci_config_free(c);
	c = must_parse(V "\"cwd\\u0000-------------------\":1,\"\":2,\"hostname\\u0000\":3}",
		       "member names holding NUL bytes are just unknown (fuzzer find)");
	ok(c && c->hostname == NULL, "'hostname\\u0000' is not hostname");
	oci_config_free(c);
	c = must_parse(" \n\t{\"ociVersion\":\"1.2.1-dev\"}\n ", "surrounding whitespace, any 1.x version");
	oci_config_free(c);
}

/* {"ociVersion":"1.0.0","x":[[...]]} with n arrays */
static void nest(char *buf, size_t n)
{
	size_t len = (size_t)snprintf(buf, 64, "{\"ociVersion\":\"1.0.0\",\"x\":");

	memset(buf + len, '[', n);
	memset(buf + len + n, ']', n);
	memcpy(buf + len + 2 * n, "}", 2);
}

static void test_limits(void)
{
	size_t n = 10000;
	_cleanup_free_ char *bomb = malloc(2 * n + 64), *big = NULL;
	_cleanup_err_ struct rt_err *err = NULL;
	char buf[160];
	struct oci_config *c;

	nest(bomb, n);
	check_err(bomb, strlen(bomb), "config.json: x: nesting deeper than 64 levels", "10000 nested arrays");
	memset(bomb, '[', n);
	check_err(bomb, n, "config.json: expected object, got array", "10000 nested arrays at top level");
	/* exactly OCI_MAX_DEPTH levels (the top object + 63 arrays) are fine, one more is not */
	nest(bomb, OCI_MAX_DEPTH - 1);
	c = oci_config_parse(bomb, strlen(bomb), "config.json", &err);
	ok(c != NULL, "64 levels accepted");
	oci_config_free(c);
	nest(bomb, OCI_MAX_DEPTH);
	check_err(bomb, strlen(bomb), "config.json: x: nesting deeper than 64 levels", "65 levels refused");
	check_err("", 0, "config.json: empty input", "empty input");
	check_err("{\"ociVersion\":\"1.0\0\"}", 21,
		  "config.json: invalid JSON near byte 18: invalid character inside string",
		  "raw NUL byte inside a string");
	check_err("{\"ociVersion\":\"1.0.0\"}\0", 23, "config.json: invalid JSON near byte 23: trailing garbage",
		  "trailing NUL byte");
	big = calloc(1, (size_t)OCI_MAX_INPUT + 1);
	if (big) {
		check_err(big, (size_t)OCI_MAX_INPUT + 1,
			  "config.json: input larger than 33554432 bytes: File too large", "input over the cap");
	}
	snprintf(buf, sizeof(buf), "{\"ociVersion\":\"1.0.0\",\"%s\":1}", "a");
	c = oci_config_parse(buf, strlen(buf), NULL, &err);
	ok(c != NULL, "NULL name allowed");
	oci_config_free(c);
}

static void test_other_names(void)
{
	_cleanup_err_ struct rt_err *err = NULL;
	struct oci_process *p = oci_process_parse("{\"args\":\"x\"}", 12, "process.json", &err);

	ok(p == NULL, "process: args not an array refused");
	is_str(err ? err->msg : NULL, "process.json: args: expected array, got string", "process error names its file");
	rt_err_freep(&err);
	struct oci_resources *r = oci_resources_parse("{\"memory\":{\"limit\":true}}", 25, "-", &err);
	ok(r == NULL, "resources: bad limit refused");
	is_str(err ? err->msg : NULL, "-: memory.limit: expected integer, got boolean", "resources error");
}

int main(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		check_err(cases[i].json, strlen(cases[i].json), cases[i].want, cases[i].want);
	test_accepted();
	test_limits();
	test_other_names();
	return done_testing();
}
