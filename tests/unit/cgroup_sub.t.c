/* SPDX-License-Identifier: GPL-2.0-or-later */
/* exec --cgroup specs and the hugetlb/rdma stats parsers of the cgroup module: pure, no root. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>

#include "cgroup/cgroup.h"
#include "tests/unit/tap.h"
#include "util/util.h"

static struct cg_layout hybrid, v1, v2;

static void load(const char *name, const char *v2ctrl, struct cg_layout *l)
{
	char p[512];
	_cleanup_free_ char *s = NULL;
	struct rt_err *err = NULL;

	snprintf(p, sizeof(p), "%s/%s", CG_TEST_DATA, name);
	if (rt_read_file_at(AT_FDCWD, p, 1 << 20, &s) < 0 || cg_layout_parse(s, v2ctrl, l, &err) < 0) {
		printf("Bail out! cannot load %s\n", p);
		exit(1);
	}
}

static void norm_is(const char *in, const char *want)
{
	_cleanup_free_ char *got = NULL;
	struct rt_err *err = NULL;
	int r = cg_sub_path_norm(in, &got, &err);

	if (want)
		is_str(r == 0 ? got : err->msg, want, "norm '%s'", in);
	else
		ok(r == -EINVAL && strstr(err->msg, "must not contain '..'"), "norm '%s' refused", in);
	rt_err_free(err);
}

static void test_norm(void)
{
	norm_is("sub", "sub");
	norm_is("/sub/", "sub");
	norm_is("//a/./b//", "a/b");
	norm_is("/", "");
	norm_is("", "");
	norm_is("..", NULL);
	norm_is("a/../b", NULL);
	norm_is("/a/..", NULL);
	norm_is("a/..b/c..", "a/..b/c..");
}

/* Plans specs on l; *msg = the error message or NULL. */
static int plan_specs(const struct cg_layout *l, char **paths, const char **msg, ...)
{
	char *specs[8] = {NULL};
	struct rt_err *err = NULL;
	static char buf[512];
	va_list ap;
	int r, n = 0;

	va_start(ap, msg);
	for (char *s; n < 7 && (s = va_arg(ap, char *)); n++)
		specs[n] = s;
	va_end(ap);
	r = cg_sub_plan(l, specs, paths, &err);
	*msg = NULL;
	if (err) {
		snprintf(buf, sizeof(buf), "%s", err->msg);
		*msg = buf;
		rt_err_free(err);
	}
	return r;
}

static const char *path_of(const struct cg_layout *l, char **paths, int ctrl)
{
	return paths[ctrl == CG_CORE ? l->v2_hier : l->ctrl_hier[ctrl]];
}

static void test_plan(void)
{
	char *p[CG_MAX_HIER];
	const char *msg;

	ok(plan_specs(&hybrid, p, &msg, "pids,memory:sub", NULL) == 0, "hybrid: pids,memory:sub");
	is_str(path_of(&hybrid, p, CG_PIDS), "sub", "pids -> sub");
	is_str(path_of(&hybrid, p, CG_MEMORY), "sub", "memory -> sub");
	ok(path_of(&hybrid, p, CG_FREEZER) == NULL, "freezer stays in the container's cgroup");
	ok(path_of(&hybrid, p, CG_CORE) == NULL, "unified stays");
	cg_sub_plan_free(p);

	ok(plan_specs(&hybrid, p, &msg, "/all/", "hugetlb:h", "cpu:c", NULL) == 0,
	   "hybrid: plain path plus controllers");
	is_str(path_of(&hybrid, p, CG_HUGETLB), "h", "hugetlb (unified) -> h");
	is_str(path_of(&hybrid, p, CG_CORE), "h", "the unified hierarchy is hugetlb's");
	is_str(path_of(&hybrid, p, CG_CPU), "c", "cpu -> c");
	is_str(path_of(&hybrid, p, CG_MEMORY), "all", "memory -> the plain path");
	is_str(p[hybrid.n - 2], "all", "name=systemd -> the plain path");
	cg_sub_plan_free(p);

	ok(plan_specs(&v1, p, &msg, "cpu:x", "cpuacct:x", NULL) == 0, "v1: co-mounted cpu,cpuacct with one path");
	cg_sub_plan_free(p);
	ok(plan_specs(&v1, p, &msg, "cpu:x", "cpuacct:y", NULL) == -EINVAL && strstr(msg, "different paths"),
	   "v1: co-mounted controllers with different paths: %s", msg);
	ok(plan_specs(&v2, p, &msg, "memory:a", "pids:b", NULL) == -EINVAL && strstr(msg, "different paths"),
	   "v2: two paths for the one hierarchy: %s", msg);
	ok(plan_specs(&v2, p, &msg, "io,memory:a", NULL) == 0, "v2: io,memory:a");
	is_str(path_of(&v2, p, CG_CORE), "a", "v2 -> a");
	cg_sub_plan_free(p);

	ok(plan_specs(&hybrid, p, &msg, "bogus:x", NULL) == -EINVAL &&
		   strcmp(msg, "--cgroup: unknown controller 'bogus'") == 0,
	   "unknown controller: %s", msg);
	ok(plan_specs(&hybrid, p, &msg, "rdma:x", NULL) == -ENOENT && strstr(msg, "'rdma' is not mounted"),
	   "unmounted controller: %s", msg);
	ok(plan_specs(&hybrid, p, &msg, "pids:x", "pids:x", NULL) == -EINVAL && strstr(msg, "more than once"),
	   "controller twice: %s", msg);
	ok(plan_specs(&hybrid, p, &msg, "a", "b", NULL) == -EINVAL && strstr(msg, "more than one path"),
	   "two plain paths: %s", msg);
	ok(plan_specs(&hybrid, p, &msg, "pids,:x", NULL) == -EINVAL && strstr(msg, "empty controller"),
	   "empty controller: %s", msg);
	ok(plan_specs(&hybrid, p, &msg, ":x", NULL) == -EINVAL && strstr(msg, "empty controller"), "no controller: %s",
	   msg);
	ok(plan_specs(&hybrid, p, &msg, "pids:../x", NULL) == -EINVAL && strstr(msg, "'..'"), "'..' refused: %s", msg);
	ok(plan_specs(&hybrid, p, &msg, NULL) == 0 && p[0] == NULL, "no spec: nothing moves");
	cg_sub_plan_free(p);
}

static void test_stats_parsers(void)
{
	struct cg_rdma_stat v[2];
	struct rt_err *err = NULL;
	char size[16];
	size_t n = 9;

	ok(cg_hugetlb_size_of("hugetlb.2MB.current", true, size, sizeof(size)) && strcmp(size, "2MB") == 0,
	   "v2 hugetlb.2MB.current -> 2MB");
	ok(cg_hugetlb_size_of("hugetlb.1GB.usage_in_bytes", false, size, sizeof(size)) && strcmp(size, "1GB") == 0,
	   "v1 hugetlb.1GB.usage_in_bytes -> 1GB");
	ok(!cg_hugetlb_size_of("hugetlb.2MB.rsvd.current", true, size, sizeof(size)), "rsvd variant skipped");
	ok(!cg_hugetlb_size_of("hugetlb.2MB.usage_in_bytes", true, size, sizeof(size)), "v1 name on v2 skipped");
	ok(!cg_hugetlb_size_of("hugetlb.2MB.max", true, size, sizeof(size)), "limit file skipped");
	ok(!cg_hugetlb_size_of("hugetlb..current", true, size, sizeof(size)), "empty size skipped");
	ok(!cg_hugetlb_size_of("memory.current", true, size, sizeof(size)), "other controller skipped");

	ok(cg_rdma_parse("mlx4_0 hca_handle=2 hca_object=2000\nocrdma1 hca_handle=max hca_object=max\n", v, 2, &n,
			 &err) == 0,
	   "rdma: two devices");
	is_int(n, 2, "rdma: n");
	is_str(v[0].device, "mlx4_0", "rdma: device");
	is_int(v[0].hca_handles, 2, "rdma: hca_handles");
	is_int(v[0].hca_objects, 2000, "rdma: hca_objects");
	is_int(v[1].hca_handles, UINT32_MAX, "rdma: max -> UINT32_MAX");
	ok(cg_rdma_parse("", v, 2, &n, &err) == 0 && n == 0, "rdma: empty file");
	ok(cg_rdma_parse("dev hca_handle=x\n", v, 2, &n, &err) == -EINVAL &&
		   strstr(err->msg, "bad field 'hca_handle=x'"),
	   "rdma: bad number refused");
	rt_err_free(err);
	err = NULL;
	ok(cg_rdma_parse("dev bogus=1\n", v, 2, &n, &err) == -EINVAL, "rdma: unknown key refused");
	rt_err_free(err);
}

static void test_detail_parsers(void)
{
	struct cg_blkio_entry *b = NULL;
	uint16_t *l = NULL;
	size_t n = 0;

	ok(cg_cpuset_list_parse("0-2,5,7-8\n", &l, &n) == 0 && n == 6, "cpuset list: ranges and singles");
	ok(l && l[0] == 0 && l[2] == 2 && l[3] == 5 && l[4] == 7 && l[5] == 8, "cpuset list: expanded in order");
	free(l);
	ok(cg_cpuset_list_parse("\n", &l, &n) == 0 && n == 0 && !l, "cpuset list: empty");
	ok(cg_cpuset_list_parse("3-1", &l, &n) == -EINVAL, "cpuset list: reversed range refused");
	ok(cg_cpuset_list_parse("0,x", &l, &n) == -EINVAL, "cpuset list: junk refused");
	ok(cg_cpuset_list_parse("65536", &l, &n) == -EINVAL, "cpuset list: past uint16 refused");

	ok(cg_blkio_parse("254:0 Read 0\n254:0 Write 4194304\n8:16 Total 5\nTotal 4194309\n", &b, &n) == 0 && n == 3,
	   "blkio: three entries, the Total line skipped");
	ok(b && b[1].major == 254 && b[1].minor == 0 && strcmp(b[1].op, "Write") == 0 && b[1].value == 4194304,
	   "blkio: major, minor, op, value");
	ok(b && b[2].major == 8 && b[2].minor == 16 && strcmp(b[2].op, "Total") == 0, "blkio: an op named Total kept");
	free(b);
	ok(cg_blkio_parse("8:0 1234\n", &b, &n) == 0 && n == 1 && b[0].op[0] == '\0' && b[0].value == 1234,
	   "blkio: a line without op (blkio.time_recursive)");
	free(b);
	ok(cg_blkio_parse("Total 0\n", &b, &n) == 0 && n == 0 && !b, "blkio: only a Total line: no entries");
	ok(cg_blkio_parse("8:0 Read x\n", &b, &n) == -EINVAL, "blkio: bad value refused");
	ok(cg_blkio_parse("garbage\n", &b, &n) == -EINVAL, "blkio: malformed line refused");
}

int main(void)
{
	load("mountinfo-hybrid", "hugetlb\n", &hybrid);
	load("mountinfo-v1", NULL, &v1);
	load("mountinfo-v2", "cpuset cpu io memory hugetlb pids rdma misc\n", &v2);
	test_norm();
	test_plan();
	test_stats_parsers();
	test_detail_parsers();
	cg_layout_done(&hybrid);
	cg_layout_done(&v1);
	cg_layout_done(&v2);
	return done_testing();
}
