/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The systemd manager's pure half (sdprops.c): cgroupsPath "slice:prefix:name", slice
 * expansion, annotation literals and the unit properties resources map to. No D-Bus.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "cgroup/cgroup.h"
#include "tests/unit/tap.h"
#include "util/util.h"

static struct cg_layout hybrid, v2;

static void load_layouts(void)
{
	_cleanup_free_ char *mh = NULL, *m2 = NULL;
	char p[512];

	snprintf(p, sizeof(p), "%s/mountinfo-hybrid", CG_TEST_DATA);
	if (rt_read_file_at(AT_FDCWD, p, 1 << 20, &mh) < 0 || cg_layout_parse(mh, "hugetlb\n", &hybrid, NULL) < 0) {
		printf("Bail out! cannot load %s\n", p);
		exit(1);
	}
	snprintf(p, sizeof(p), "%s/mountinfo-v2", CG_TEST_DATA);
	if (rt_read_file_at(AT_FDCWD, p, 1 << 20, &m2) < 0 ||
	    cg_layout_parse(m2, "cpuset cpu io memory hugetlb pids rdma misc\n", &v2, NULL) < 0) {
		printf("Bail out! cannot load %s\n", p);
		exit(1);
	}
}

/* path_ok CGROUPSPATH ID -> slice, unit, path; or the error text */
static void path_is(const char *cp, const char *id, const char *slice, const char *unit, const char *path,
		    const char *what)
{
	struct cg_sd_path sp;
	struct rt_err *err = NULL;
	int r = cg_sd_parse_path(cp, id, &sp, &err);

	if (!slice) {
		is_str(r < 0 && err ? err->msg : "(accepted)", unit, "%s", what);
		rt_err_freep(&err);
		return;
	}
	if (r < 0) {
		ok(0, "%s: %s", what, err ? err->msg : "?");
		rt_err_freep(&err);
		return;
	}
	ok(strcmp(sp.slice, slice) == 0 && strcmp(sp.unit, unit) == 0 && strcmp(sp.path, path) == 0,
	   "%s (got %s %s %s)", what, sp.slice, sp.unit, sp.path);
	cg_sd_path_done(&sp);
}

static void test_paths(void)
{
	_cleanup_free_ char *a = NULL, *b = NULL;
	struct rt_err *err = NULL;

	path_is(NULL, "c1", "system.slice", "rt-c1.scope", "/system.slice/rt-c1.scope", "default");
	path_is("", "c1", "system.slice", "rt-c1.scope", "/system.slice/rt-c1.scope", "empty: default");
	path_is("system.slice:docker:abc", "c1", "system.slice", "docker-abc.scope", "/system.slice/docker-abc.scope",
		"docker's form");
	path_is("machine-test.slice:pfx:c1", "x", "machine-test.slice", "pfx-c1.scope",
		"/machine.slice/machine-test.slice/pfx-c1.scope", "nested slice expanded");
	path_is(":pfx:c1", "x", "system.slice", "pfx-c1.scope", "/system.slice/pfx-c1.scope", "empty slice: system");
	path_is("a-b-c.slice::c1", "x", "a-b-c.slice", "c1.scope", "/a.slice/a-b.slice/a-b-c.slice/c1.scope",
		"no prefix, deep slice");
	path_is("-.slice:p:c1", "x", "-.slice", "p-c1.scope", "/p-c1.scope", "root slice");
	path_is("/abs/path", "x", NULL, "cgroupsPath '/abs/path': expected \"slice:prefix:name\" for systemd", NULL,
		"a path is refused");
	path_is("a:b", "x", NULL, "cgroupsPath 'a:b': expected \"slice:prefix:name\" for systemd", NULL,
		"one colon refused");
	path_is("system.slice:p:", "x", NULL, "cgroupsPath 'system.slice:p:': the name is empty", NULL,
		"empty name refused");
	path_is("nope:p:c", "x", NULL, "slice 'nope': not a valid slice unit name", NULL, "slice without .slice");
	path_is("a--b.slice:p:c", "x", NULL, "slice 'a--b.slice': empty component between dashes", NULL,
		"double dash refused");
	path_is("system.slice:p:a/b", "x", NULL,
		"systemd unit name 'p-a/b.scope': only letters, digits and :-_.\\ are allowed", NULL, "slash refused");
	path_is(NULL, "a+b", NULL, "systemd unit name 'rt-a+b.scope': only letters, digits and :-_.\\ are allowed",
		NULL, "id with '+' refused");
	path_is("system.slice:p:kube.slice", "x", NULL,
		"cgroupsPath 'system.slice:p:kube.slice': a slice as the container's unit is not supported", NULL,
		"slice unit refused");
	ok(cg_sd_slice_path("system.slice", &a, &err) == 0 && strcmp(a, "/system.slice") == 0, "system.slice");
	ok(cg_sd_slice_path("user-1000.slice", &b, &err) == 0 && strcmp(b, "/user.slice/user-1000.slice") == 0,
	   "user-1000.slice");
	rt_err_freep(&err);
}

/* value_is NAME TEXT -> "sig:value" summary, or the error */
static void value_is(const char *name, const char *text, const char *want_name, const char *want, const char *what)
{
	struct cg_sd_prop p;
	struct rt_err *err = NULL;
	char got[256] = "";
	size_t off = 0;

	if (cg_sd_parse_value(name, text, &p, &err) < 0) {
		is_str(err ? err->msg : "?", want, "%s", what);
		rt_err_freep(&err);
		return;
	}
	off += (size_t)snprintf(got, sizeof(got), "%s:", p.sig);
	if (p.sig[0] == 's' || p.sig[0] == 'o' || p.sig[0] == 'g')
		snprintf(got + off, sizeof(got) - off, "%s", p.s);
	else if (strchr("nix", p.sig[0]))
		snprintf(got + off, sizeof(got) - off, "%lld", (long long)p.i);
	else if (p.sig[0] == 'd')
		snprintf(got + off, sizeof(got) - off, "%g", p.d);
	else if (strcmp(p.sig, "as") == 0)
		for (char **s = p.strv; s && *s; s++)
			off += (size_t)snprintf(got + off, sizeof(got) - off, "%s,", *s);
	else if (p.sig[0] == 'a')
		for (size_t k = 0; k < p.n64; k++)
			off += (size_t)snprintf(got + off, sizeof(got) - off, "%llu,", (unsigned long long)p.u64s[k]);
	else
		snprintf(got + off, sizeof(got) - off, "%llu", (unsigned long long)p.u);
	ok(strcmp(p.name, want_name) == 0 && strcmp(got, want) == 0, "%s (got %s %s)", what, p.name, got);
	cg_sd_prop_done(&p);
}

/* refused NAME TEXT: the value does not parse, and the error quotes name and text */
static void refused(const char *name, const char *text, const char *what)
{
	struct cg_sd_prop p;
	struct rt_err *err = NULL;
	char want[512];

	snprintf(want, sizeof(want),
		 "annotation 'org.systemd.property.%s': cannot parse '%s' (expected e.g. 'uint64 5', 'true', "
		 "\"'text'\", '[\"a\", \"b\"]')",
		 name, text);
	is_int(cg_sd_parse_value(name, text, &p, &err), -EINVAL, "%s", what);
	is_str(err ? err->msg : NULL, want, "%s: message", what);
	rt_err_freep(&err);
}

static void test_values(void)
{
	value_is("TimeoutStopUSec", "uint64 123456789", "TimeoutStopUSec", "t:123456789", "uint64 word");
	value_is("TasksMax", "@t 5", "TasksMax", "t:5", "@t");
	value_is("Nice", "int32 -5", "Nice", "i:-5", "negative int32");
	value_is("X", "42", "X", "i:42", "plain integer is int32");
	value_is("X", "5000000000", "X", "x:5000000000", "too big for int32: int64");
	value_is("X", "1.5", "X", "d:1.5", "decimal is a double");
	value_is("Delegate", "true", "Delegate", "b:1", "true");
	value_is("Delegate", " false ", "Delegate", "b:0", "false, spaces around");
	value_is("CollectMode", "'inactive-or-failed'", "CollectMode", "s:inactive-or-failed", "single quotes");
	value_is("Description", "\"say \\\"hi\\\"\"", "Description", "s:say \"hi\"", "double quotes, escapes");
	value_is("Wants", "['a.service', \"b.service\"]", "Wants", "as:a.service,b.service,", "string array");
	value_is("X", "@au [1, 2,3]", "X", "au:1,2,3,", "typed number array");
	refused("X", "[uint32 1]", "a typed element inside an array refused");
	value_is("TimeoutStopSec", "5", "TimeoutStopUSec", "t:5000000", "Sec -> USec (int)");
	value_is("RuntimeMaxSec", "1.5", "RuntimeMaxUSec", "t:1500000", "Sec -> USec (double)");
	value_is("RuntimeMaxSec", "uint64 2", "RuntimeMaxUSec", "t:2000000", "Sec -> USec (uint64)");
	refused("TimeoutSec", "'5s'", "Sec with a string refused");
	refused("X", "uint64 -1", "negative uint64 refused");
	refused("X", "byte 300", "byte out of range");
	refused("X", "'open", "unterminated string");
	refused("X", "[1, 'a']", "mixed array");
	refused("X", "true false", "trailing garbage");
	value_is("A.B", "1", "", "annotation 'org.systemd.property.A.B': not a property name", "dotted name refused");
	value_is("", "1", "", "annotation 'org.systemd.property.': not a property name", "empty name refused");
}

static uint64_t u64_of(const struct cg_sd_props *p, const char *name)
{
	const struct cg_sd_prop *x = cg_sd_props_find(p, name);

	return x && strcmp(x->sig, "t") == 0 ? x->u : 0xdead;
}

static void test_resources(void)
{
	struct oci_memory mem = {.has_limit = true,
				 .limit = 67108864,
				 .has_reservation = true,
				 .reservation = 1024,
				 .has_swap = true,
				 .swap = 134217728};
	struct oci_cpu cpu = {.has_shares = true,
			      .shares = 2048,
			      .has_quota = true,
			      .quota = 50000,
			      .has_period = true,
			      .period = 100000,
			      .cpus = (char *)"0-2,9",
			      .mems = (char *)"0"};
	struct oci_pids pids = {.has_limit = true, .limit = 32};
	struct oci_blkio bio = {.has_weight = true, .weight = 500};
	struct oci_kv ukv[] = {{(char *)"memory.high", (char *)"1000000"},
			       {(char *)"pids.max", (char *)"max"},
			       {(char *)"io.weight", (char *)"default 100"}};
	struct oci_resources res = {
		.memory = &mem, .cpu = &cpu, .pids = &pids, .block_io = &bio, .unified = {.items = ukv, .len = 3}};
	struct oci_kv akv[] = {{(char *)"org.systemd.property.TasksMax", (char *)"uint64 99"},
			       {(char *)"other", (char *)"x"},
			       {(char *)"org.systemd.property.TimeoutStopSec", (char *)"7"}};
	struct oci_map ann = {.items = akv, .len = 3};
	struct cg_sd_path sp;
	struct cg_sd_props p = {0};
	const struct cg_sd_prop *x;
	struct rt_err *err = NULL;

	ok(cg_sd_resource_props(&res, &v2, &p, &err) == 0, "v2 resources translate");
	is_int(u64_of(&p, "MemoryMax"), 67108864, "MemoryMax");
	is_int(u64_of(&p, "MemoryLow"), 1024, "MemoryLow from the reservation");
	is_int(u64_of(&p, "MemorySwapMax"), 67108864, "MemorySwapMax is swap - limit");
	is_int(u64_of(&p, "MemoryHigh"), 1000000, "MemoryHigh from unified memory.high");
	is_int(u64_of(&p, "CPUWeight"), cg_shares_to_weight(2048), "CPUWeight from shares");
	is_int(u64_of(&p, "CPUQuotaPerSecUSec"), 500000, "CPUQuotaPerSecUSec");
	is_int(u64_of(&p, "CPUQuotaPeriodUSec"), 100000, "CPUQuotaPeriodUSec");
	ok(u64_of(&p, "TasksMax") == UINT64_MAX, "TasksMax: unified pids.max=max overrides 32 (infinity)");
	is_int(u64_of(&p, "IOWeight"), cg_blkio_weight_to_io(500), "IOWeight (unified 'default 100' left to files)");
	x = cg_sd_props_find(&p, "AllowedCPUs");
	ok(x && strcmp(x->sig, "ay") == 0 && x->nbytes == 2 && x->bytes[0] == 0x07 && x->bytes[1] == 0x02,
	   "AllowedCPUs 0-2,9 -> bytes 07 02");
	ok(cg_sd_props_find(&p, "MemoryLimit") == NULL && cg_sd_props_find(&p, "CPUShares") == NULL, "no v1 names");
	cg_sd_props_done(&p);

	ok(cg_sd_resource_props(&res, &hybrid, &p, &err) == 0, "hybrid resources translate");
	is_int(u64_of(&p, "MemoryLimit"), 67108864, "v1: MemoryLimit");
	is_int(u64_of(&p, "CPUShares"), 2048, "v1: CPUShares");
	is_int(u64_of(&p, "BlockIOWeight"), 500, "v1: BlockIOWeight");
	is_int(u64_of(&p, "TasksMax"), 32, "v1: TasksMax");
	ok(!cg_sd_props_find(&p, "AllowedCPUs") && !cg_sd_props_find(&p, "MemoryHigh"), "hybrid: no v2-only props");
	cg_sd_props_done(&p);

	mem.limit = -1;
	pids.limit = 0;
	res.unified.len = 0;
	ok(cg_sd_resource_props(&res, &v2, &p, &err) == 0 && u64_of(&p, "MemoryMax") == UINT64_MAX &&
		   u64_of(&p, "TasksMax") == UINT64_MAX,
	   "-1 memory and 0 pids: infinity");
	cg_sd_props_done(&p);

	ok(cg_sd_parse_path("system.slice:rt:c1", "c1", &sp, &err) == 0, "path for the unit");
	ok(cg_sd_unit_props(&sp, "c1", &res, &v2, &ann, &p, &err) == 0, "unit properties");
	x = cg_sd_props_find(&p, "Slice");
	ok(x && strcmp(x->s, "system.slice") == 0, "Slice");
	x = cg_sd_props_find(&p, "Delegate");
	ok(x && x->sig[0] == 'b' && x->u == 1, "Delegate=yes");
	x = cg_sd_props_find(&p, "DefaultDependencies");
	ok(x && x->sig[0] == 'b' && x->u == 0, "DefaultDependencies=no");
	is_int(u64_of(&p, "TasksMax"), 99, "an annotation overrides the resource");
	is_int(u64_of(&p, "TimeoutStopUSec"), 7000000, "TimeoutStopSec annotation as USec");
	ok(!cg_sd_props_find(&p, "PIDs"), "no PIDs (added at start)");
	ok(cg_sd_props_find(&p, "IOAccounting") && !cg_sd_props_find(&p, "BlockIOAccounting"), "v2: IOAccounting");
	cg_sd_props_done(&p);
	ok(cg_sd_unit_props(&sp, "c1", &res, &hybrid, NULL, &p, &err) == 0, "hybrid unit properties");
	ok(cg_sd_props_find(&p, "BlockIOAccounting") && !cg_sd_props_find(&p, "IOAccounting"),
	   "v1 blkio: BlockIOAccounting, not IOAccounting");
	cg_sd_props_done(&p);
	cg_sd_path_done(&sp);

	cpu.cpus = (char *)"3-1";
	is_int(cg_sd_resource_props(&res, &v2, &p, &err), -EINVAL, "bad cpu list refused");
	is_str(err ? err->msg : NULL, "linux.resources.cpu: cannot parse cpu list '3-1'", "bad cpu list text");
	rt_err_freep(&err);
	cg_sd_props_done(&p);
	is_int(cg_sd_quota_per_sec(12345, 100000), 130000, "quota rounded up to 10 ms");
	ok(cg_sd_quota_per_sec(-1, 100000) == UINT64_MAX, "quota -1: infinity");
}

int main(void)
{
	load_layouts();
	test_paths();
	test_values();
	test_resources();
	cg_layout_done(&hybrid);
	cg_layout_done(&v2);
	return done_testing();
}
