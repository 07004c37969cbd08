/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cgroup layout parsing, path computation and resource translation: pure, no root. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "cgroup/cgroup.h"
#include "tests/unit/tap.h"
#include "util/util.h"

static struct cg_layout hybrid, v1, v2;

static char *fixture(const char *name)
{
	char p[512];
	char *s = NULL;

	snprintf(p, sizeof(p), "%s/%s", CG_TEST_DATA, name);
	if (rt_read_file_at(AT_FDCWD, p, 1 << 20, &s) < 0) {
		printf("Bail out! cannot read %s\n", p);
		exit(1);
	}
	return s;
}

/* The value of the n-th write to file (0-based), or NULL. */
static const char *val_n(const struct cg_writes *w, const char *file, int n)
{
	for (size_t i = 0; i < w->n; i++)
		if (strcmp(w->v[i].file, file) == 0 && n-- == 0)
			return w->v[i].value;
	return NULL;
}

static const char *val(const struct cg_writes *w, const char *file)
{
	return val_n(w, file, 0);
}

static int index_of(const struct cg_writes *w, const char *file)
{
	for (size_t i = 0; i < w->n; i++)
		if (strcmp(w->v[i].file, file) == 0)
			return (int)i;
	return -1;
}

static int tr(const struct oci_resources *r, const struct cg_layout *l, struct cg_writes *w, char **msg)
{
	struct rt_err *err = NULL;
	int ret = cg_translate(r, l, w, &err);

	if (msg)
		*msg = err ? rt_strdup(err->msg) : NULL;
	rt_err_free(err);
	return ret;
}

static void test_layouts(void)
{
	_cleanup_free_ char *mh = fixture("mountinfo-hybrid"), *m1 = fixture("mountinfo-v1"),
			    *m2 = fixture("mountinfo-v2"), *pc = fixture("proc-cgroup-v1");
	_cleanup_free_ char *p = NULL;
	struct rt_err *err = NULL;
	const struct cg_hier *h;

	ok(cg_layout_parse(mh, "hugetlb\n", &hybrid, &err) == 0, "hybrid mountinfo parses");
	is_int(hybrid.mode, CG_MODE_HYBRID, "hybrid mode");
	is_int(hybrid.n, 10, "hybrid: 9 v1 hierarchies + unified");
	is_int(cg_ctrl_version(&hybrid, CG_MEMORY), 1, "hybrid: memory on v1");
	is_int(cg_ctrl_version(&hybrid, CG_HUGETLB), 2, "hybrid: hugetlb on the unified mount");
	is_int(cg_ctrl_version(&hybrid, CG_NET_CLS), 0, "hybrid: net_cls not mounted");
	is_str(hybrid.h[hybrid.ctrl_hier[CG_CPUACCT]].mnt, "/sys/fs/cgroup/cpuacct", "hybrid: cpuacct separate");
	is_str(hybrid.h[hybrid.v2_hier].mnt, "/sys/fs/cgroup/unified", "hybrid: unified mount point");
	is_str(hybrid.h[hybrid.n - 2].key, "name=systemd", "hybrid: named hierarchy kept");

	ok(cg_layout_parse(m2, "cpuset cpu io memory hugetlb pids rdma misc\n", &v2, &err) == 0, "v2 parses");
	is_int(v2.mode, CG_MODE_V2, "v2 mode");
	is_int(v2.n, 1, "v2: one hierarchy");
	is_int(cg_ctrl_version(&v2, CG_BLKIO), 2, "v2: io maps to the blkio slot");
	is_int(cg_ctrl_version(&v2, CG_FREEZER), 0, "v2: freezer is not a controller");
	is_str(cg_ctrl_name(CG_BLKIO, true), "io", "v2 name of blkio is io");

	ok(cg_layout_parse(m1, NULL, &v1, &err) == 0, "legacy v1 parses");
	is_int(v1.mode, CG_MODE_V1, "v1 mode");
	is_int(v1.n, 12, "v1: duplicate blkio mount skipped");
	ok(v1.ctrl_hier[CG_CPU] == v1.ctrl_hier[CG_CPUACCT], "v1: cpu,cpuacct co-mounted");
	ok(v1.ctrl_hier[CG_NET_CLS] == v1.ctrl_hier[CG_NET_PRIO], "v1: net_cls,net_prio co-mounted");
	is_str(v1.h[v1.ctrl_hier[CG_CPU]].key, "cpu,cpuacct", "v1: key of the co-mount");
	is_str(v1.h[0].key, "name=systemd", "v1: name= key without agent options");
	is_str(v1.h[v1.ctrl_hier[CG_CPUSET]].key, "cpuset", "v1: clone_children option ignored");
	is_str(v1.h[v1.ctrl_hier[CG_BLKIO]].mnt, "/sys/fs/cgroup/blkio", "v1: first blkio mount wins");

	h = &v1.h[v1.ctrl_hier[CG_CPU]];
	p = cg_proc_cgroup_path(pc, h, &err);
	is_str(p, "/user.slice", "proc cgroup: co-mounted key matches");
	free(p);
	p = cg_proc_cgroup_path(pc, &v1.h[0], &err);
	is_str(p, "/user.slice/user-1000.slice/session-2.scope", "proc cgroup: name=systemd");
	free(p);
	p = cg_proc_cgroup_path(pc, &v2.h[0], &err);
	is_str(p, "/user.slice/user-1000.slice/session-2.scope", "proc cgroup: 0:: line for cgroup2");
	free(p);
	p = cg_proc_cgroup_path("1:cpu:/\n", &v1.h[v1.ctrl_hier[CG_MEMORY]], &err);
	ok(!p && err && rt_err_code(err) == -ENOENT, "proc cgroup: missing hierarchy is ENOENT");
	rt_err_freep(&err);

	/* matching on controllers and name= without building keys: order, extra words, no final newline */
	{
		struct cg_layout l;
		const char *mi = "30 1 0:26 / /sys/fs/cgroup/a rw - cgroup cgroup rw,name=foo,cpu,xattr\n"
				 "31 1 0:27 / /sys/fs/cgroup/b rw - cgroup cgroup rw,cpuacct,cpu\n"
				 "32 1 0:28 / /sys/fs/cgroup/c rw - cgroupx none rw,memory\n"
				 "33 1 0:29 / /sys/fs/cgroup/d rw - cgroup2 cgroup2 rw\n"
				 "34 1 0:30 / /mnt/x\\040-\\040y rw - tmpfs cgroup rw,memory";

		ok(cg_layout_parse(mi, NULL, &l, &err) == 0 && l.n == 3,
		   "mountinfo: cgroup, cgroup2 only (not cgroupx)");
		is_str(l.n == 3 ? l.h[0].key : NULL, "cpu,name=foo", "mountinfo: name= after the controllers");
		is_str(l.n == 3 ? l.h[1].key : NULL, "cpu,cpuacct", "mountinfo: controllers in enum order");
		p = l.n == 3 ? cg_proc_cgroup_path("2:cpu:/no\n3:cpuacct,cpu:/yes", &l.h[1], &err) : NULL;
		is_str(p, "/yes", "proc cgroup: last line without a newline, controllers in any order");
		free(p);
		p = l.n == 3 ? cg_proc_cgroup_path("1:cpu:/a\n2:name=foo,cpu:/b\n", &l.h[0], &err) : NULL;
		is_str(p, "/b", "proc cgroup: name= and controllers both must match");
		free(p);
		p = l.n == 3 ? cg_proc_cgroup_path("1:name=foobar,cpu:/a\n2:cpu,name=fo:/b\n", &l.h[0], &err) : NULL;
		ok(!p && err && rt_err_code(err) == -ENOENT, "proc cgroup: a longer or shorter name= does not match");
		rt_err_freep(&err);
		free(p);
		p = l.n == 3 ? cg_proc_cgroup_path("10::/x\n1:cpu,cpuacct:/y\n0::/z\n", &l.h[2], &err) : NULL;
		is_str(p, "/z", "proc cgroup: only hierarchy 0 with empty controllers is cgroup2");
		free(p);
		p = l.n == 3 ? cg_proc_cgroup_path("1:io,cpu,cpuacct:/y\n", &l.h[1], &err) : NULL;
		is_str(p, "/y", "proc cgroup: io is not a v1 controller");
		free(p);
		p = NULL;
		cg_layout_done(&l);
	}

	{
		struct cg_layout none;

		ok(cg_layout_parse("27 1 8:1 / / rw - ext4 /dev/sda rw\n", NULL, &none, &err) == 0 &&
			   none.mode == CG_MODE_NONE && none.n == 0,
		   "no cgroup mounts: mode none");
		cg_layout_done(&none);
	}
}

static void path_is(const char *in, const char *id, const char *want, const char *what)
{
	struct rt_err *err = NULL;
	char *p = NULL;

	cg_path_for(in, id, &p, &err);
	is_str(p ? p : (err ? err->msg : NULL), want, "%s", what);
	free(p);
	rt_err_free(err);
}

static void test_paths(void)
{
	struct cg_hier mem = {.mnt = "/sys/fs/cgroup/memory", .root = "/", .key = "memory"};
	struct cg_hier uni = {.mnt = "/sys/fs/cgroup", .root = "/", .key = "unified", .v2 = true};
	struct cg_hier sub = {.mnt = "/sys/fs/cgroup/pids", .root = "/docker/abc", .key = "pids"};
	_cleanup_free_ char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL, *f = NULL;

	path_is("/rt/c1", "c1", "/rt/c1", "absolute path kept");
	path_is("//rt/./c1/", "c1", "/rt/c1", "absolute path normalised");
	path_is("a/b", "c1", "a/b", "relative path kept relative");
	path_is(NULL, "c1", "c1", "default: the id, relative (runc cgroupfs)");
	path_is("", "c1", "c1", "empty: the id");
	path_is("/a/../b", "c1", "cgroupsPath '/a/../b': '..' is not allowed", "'..' refused");
	path_is("..", "c1", "cgroupsPath '..': '..' is not allowed", "bare '..' refused");
	path_is("/", "c1", "cgroupsPath '/': names the root cgroup", "root refused");
	path_is(NULL, "a/b", "container id 'a/b' is not a valid cgroup name", "id with a slash refused");
	path_is("system.slice:docker:abc", "c1",
		"cgroupsPath 'system.slice:docker:abc': the slice:prefix:name form needs the systemd cgroup manager "
		"(--systemd-cgroup)",
		"systemd form refused by cgroupfs");
	path_is("/a:b:c", "c1", "/a:b:c", "absolute path with colons is a path");

	a = cg_path_resolve("/rt/c1", &mem, "/user.slice");
	is_str(a, "/rt/c1", "absolute: hierarchy root");
	b = cg_path_resolve("c1", &mem, "/user.slice/s.scope");
	is_str(b, "/user.slice/s.scope/c1", "relative v1: under own cgroup");
	c = cg_path_resolve("c1", &uni, "/user.slice/s.scope");
	is_str(c, "/user.slice/c1", "relative v2: under the parent of own cgroup");
	d = cg_path_resolve("c1", &uni, "/");
	is_str(d, "/c1", "relative v2 in root cgroup");
	e = cg_path_resolve("c1", &sub, "/docker/abc/x");
	is_str(e, "/x/c1", "relative: mount root stripped from own path");
	f = cg_hier_dir(&mem, "/rt/c1");
	is_str(f, "/sys/fs/cgroup/memory/rt/c1", "directory of a cgroup path");
}

static void test_memory(void)
{
	struct oci_memory m = {.has_limit = true,
			       .limit = 100 << 20,
			       .has_swap = true,
			       .swap = 200 << 20,
			       .has_reservation = true,
			       .reservation = 50 << 20};
	struct oci_resources r = {.memory = &m};
	struct cg_writes w;
	char *msg = NULL;
	char buf[32];

	ok(tr(&r, &hybrid, &w, NULL) == 0, "memory v1 translates");
	is_str(val(&w, "memory.limit_in_bytes"), "104857600", "v1 limit");
	is_str(val(&w, "memory.memsw.limit_in_bytes"), "209715200", "v1 memsw = swap value");
	is_str(val(&w, "memory.soft_limit_in_bytes"), "52428800", "v1 reservation");
	ok(w.v[index_of(&w, "memory.limit_in_bytes")].flags & CG_W_SWAPPABLE, "limit/memsw order may swap");
	ok(index_of(&w, "memory.limit_in_bytes") < index_of(&w, "memory.memsw.limit_in_bytes"), "limit before memsw");
	cg_writes_done(&w);

	ok(tr(&r, &v2, &w, NULL) == 0, "memory v2 translates");
	is_str(val(&w, "memory.max"), "104857600", "v2 memory.max");
	is_str(val(&w, "memory.swap.max"), "104857600", "v2 swap.max = swap - limit");
	is_str(val(&w, "memory.low"), "52428800", "v2 reservation -> memory.low");
	cg_writes_done(&w);

	m.limit = -1;
	m.swap = -1;
	ok(tr(&r, &v2, &w, NULL) == 0 && strcmp(val(&w, "memory.max"), "max") == 0 &&
		   strcmp(val(&w, "memory.swap.max"), "max") == 0,
	   "v2 -1 -> max for limit and swap");
	ok(w.v[index_of(&w, "memory.swap.max")].flags & CG_W_OPTIONAL, "v2 swap max is optional (no swap accounting)");
	cg_writes_done(&w);
	ok(tr(&r, &v1, &w, NULL) == 0 && strcmp(val(&w, "memory.limit_in_bytes"), "-1") == 0 &&
		   strcmp(val(&w, "memory.memsw.limit_in_bytes"), "-1") == 0,
	   "v1 -1 stays -1");
	cg_writes_done(&w);
	m.swap = -5;
	is_int(tr(&r, &v1, &w, &msg), -EINVAL, "swap -5 refused, not unlimited");
	ok(msg && strstr(msg, "memory.swap: -5"), "the error names memory.swap");
	free(msg);
	msg = NULL;
	m.swap = -1;
	m.has_swap = false;
	ok(tr(&r, &v2, &w, NULL) == 0 && val(&w, "memory.swap.max") && strcmp(val(&w, "memory.swap.max"), "max") == 0,
	   "v2 unlimited memory without swap: swap max too");
	cg_writes_done(&w);

	m.has_swap = true;
	m.limit = 200;
	m.swap = 100;
	is_int(tr(&r, &v2, &w, &msg), -EINVAL, "v2 swap < limit refused");
	is_str(msg, "linux.resources.memory.swap: 100 is less than memory.limit 200", "swap error names the field");
	free(msg);
	is_int(tr(&r, &v1, &w, NULL), -EINVAL, "v1 swap < limit refused");
	is_int(cg_swap_v2(false, 0, 100, buf, sizeof(buf), NULL), -EINVAL, "v2 swap without limit refused");
	ok(cg_swap_v2(true, 100, 100, buf, sizeof(buf), NULL) == 0 && strcmp(buf, "0") == 0, "swap == limit -> 0");

	memset(&m, 0, sizeof(m));
	m.has_swappiness = true;
	m.swappiness = 10;
	is_int(tr(&r, &v2, &w, &msg), -EOPNOTSUPP, "v2 swappiness refused");
	is_str(msg, "linux.resources.memory.swappiness: not supported on cgroup v2", "error names swappiness");
	free(msg);
	ok(tr(&r, &v1, &w, NULL) == 0 && strcmp(val(&w, "memory.swappiness"), "10") == 0, "v1 swappiness");
	cg_writes_done(&w);
	m.swappiness = 101;
	is_int(tr(&r, &v1, &w, NULL), -EINVAL, "swappiness > 100 refused");
	memset(&m, 0, sizeof(m));
	m.has_disable_oom_killer = true;
	m.disable_oom_killer = true;
	is_int(tr(&r, &v2, &w, NULL), -EOPNOTSUPP, "v2 disableOOMKiller refused");
	ok(tr(&r, &v1, &w, NULL) == 0 && strcmp(val(&w, "memory.oom_control"), "1") == 0, "v1 oom_control");
	cg_writes_done(&w);
	m.disable_oom_killer = false;
	ok(tr(&r, &v2, &w, NULL) == 0 && w.n == 0, "v2 disableOOMKiller false is harmless");
	cg_writes_done(&w);
	memset(&m, 0, sizeof(m));
	m.has_kernel = true;
	m.kernel = 1 << 20;
	m.has_kernel_tcp = true;
	ok(tr(&r, &v1, &w, NULL) == 0 && w.n == 0, "kernel/kernelTCP ignored");
	cg_writes_done(&w);
	m.has_limit = true;
	m.limit = 0;
	ok(tr(&r, &v1, &w, NULL) == 0 && w.n == 0, "memory limit 0 is unset");
	cg_writes_done(&w);
}

static void test_cpu(void)
{
	struct oci_cpu c = {.has_shares = true,
			    .shares = 1024,
			    .has_quota = true,
			    .quota = 50000,
			    .has_period = true,
			    .period = 100000,
			    .cpus = "0-1",
			    .mems = "0"};
	struct oci_resources r = {.cpu = &c};
	struct cg_writes w;
	char *msg = NULL;

	is_int(cg_shares_to_weight(2), 1, "shares 2 -> weight 1");
	is_int(cg_shares_to_weight(262144), 10000, "shares 262144 -> weight 10000");
	is_int(cg_shares_to_weight(1024), 39, "shares 1024 -> weight 39");
	is_int(cg_shares_to_weight(1), 1, "shares below 2 clamp");
	is_int(cg_shares_to_weight(1000000), 10000, "shares above 262144 clamp");

	ok(tr(&r, &hybrid, &w, NULL) == 0, "cpu v1 translates");
	is_str(val(&w, "cpu.shares"), "1024", "v1 shares");
	is_str(val(&w, "cpu.cfs_quota_us"), "50000", "v1 quota");
	is_str(val(&w, "cpu.cfs_period_us"), "100000", "v1 period");
	ok(index_of(&w, "cpu.cfs_period_us") < index_of(&w, "cpu.cfs_quota_us"), "period before quota");
	is_str(val(&w, "cpuset.cpus"), "0-1", "cpuset cpus");
	is_str(val(&w, "cpuset.mems"), "0", "cpuset mems");
	ok(w.v[index_of(&w, "cpuset.cpus")].ctrl == CG_CPUSET, "cpus go to the cpuset controller");
	cg_writes_done(&w);

	ok(tr(&r, &v2, &w, NULL) == 0, "cpu v2 translates");
	is_str(val(&w, "cpu.weight"), "39", "v2 weight from shares");
	is_str(val(&w, "cpu.max"), "50000 100000", "v2 cpu.max quota period");
	ok(val(&w, "cpu.shares") == NULL, "no v1 file on v2");
	cg_writes_done(&w);

	c.quota = -1;
	ok(tr(&r, &v2, &w, NULL) == 0 && strcmp(val(&w, "cpu.max"), "max 100000") == 0, "v2 quota -1 -> max");
	cg_writes_done(&w);
	ok(tr(&r, &v1, &w, NULL) == 0 && strcmp(val(&w, "cpu.cfs_quota_us"), "-1") == 0, "v1 quota -1");
	cg_writes_done(&w);
	c.has_period = false;
	c.quota = 20000;
	ok(tr(&r, &v2, &w, NULL) == 0 && strcmp(val(&w, "cpu.max"), "20000") == 0, "v2 quota alone keeps period");
	cg_writes_done(&w);

	memset(&c, 0, sizeof(c));
	c.has_shares = true;
	c.shares = 0;
	ok(tr(&r, &v2, &w, NULL) == 0 && w.n == 0, "shares 0 is unset (Docker)");
	cg_writes_done(&w);
	c.has_burst = true;
	c.burst = 1000;
	c.has_idle = true;
	c.idle = 1;
	ok(tr(&r, &v2, &w, NULL) == 0 && strcmp(val(&w, "cpu.max.burst"), "1000") == 0 &&
		   strcmp(val(&w, "cpu.idle"), "1") == 0,
	   "v2 burst and idle");
	cg_writes_done(&w);
	ok(tr(&r, &v1, &w, NULL) == 0 && strcmp(val(&w, "cpu.cfs_burst_us"), "1000") == 0, "v1 burst");
	cg_writes_done(&w);

	memset(&c, 0, sizeof(c));
	c.has_realtime_runtime = true;
	c.realtime_runtime = 950000;
	c.has_realtime_period = true;
	c.realtime_period = 1000000;
	ok(tr(&r, &v1, &w, NULL) == 0 && strcmp(val(&w, "cpu.rt_runtime_us"), "950000") == 0 &&
		   index_of(&w, "cpu.rt_period_us") < index_of(&w, "cpu.rt_runtime_us"),
	   "v1 realtime, period first");
	cg_writes_done(&w);
	is_int(tr(&r, &v2, &w, &msg), -EOPNOTSUPP, "v2 realtime refused");
	is_str(msg, "linux.resources.cpu.realtimeRuntime: not supported on cgroup v2", "realtime error text");
	free(msg);
}

static void test_pids_blkio(void)
{
	struct oci_pids p = {.has_limit = true, .limit = 0};
	struct oci_throttle_device td[] = {{.major = 8, .minor = 0, .rate = 1048576}, {.major = 8, .minor = 16}};
	struct oci_weight_device wd[] = {{.major = 8,
					  .minor = 0,
					  .has_weight = true,
					  .weight = 500,
					  .has_leaf_weight = true,
					  .leaf_weight = 300}};
	struct oci_blkio b = {.has_weight = true,
			      .weight = 10,
			      .weight_device = wd,
			      .weight_device_len = 1,
			      .throttle_read_bps_device = td,
			      .throttle_read_bps_device_len = 2,
			      .throttle_write_iops_device = td,
			      .throttle_write_iops_device_len = 1};
	struct oci_resources r = {.pids = &p};
	struct cg_writes w;
	const struct cg_write *x;

	ok(tr(&r, &v2, &w, NULL) == 0 && strcmp(val(&w, "pids.max"), "max") == 0, "pids 0 -> max");
	cg_writes_done(&w);
	p.limit = -1;
	ok(tr(&r, &v1, &w, NULL) == 0 && strcmp(val(&w, "pids.max"), "max") == 0, "pids -1 -> max");
	cg_writes_done(&w);
	p.limit = 42;
	ok(tr(&r, &hybrid, &w, NULL) == 0 && strcmp(val(&w, "pids.max"), "42") == 0, "pids 42");
	cg_writes_done(&w);

	is_int(cg_blkio_weight_to_io(10), 1, "blkio weight 10 -> io 1");
	is_int(cg_blkio_weight_to_io(1000), 10000, "blkio weight 1000 -> io 10000");
	is_int(cg_blkio_weight_to_io(500), 4950, "blkio weight 500 -> io 4950");

	r.pids = NULL;
	r.block_io = &b;
	ok(tr(&r, &v1, &w, NULL) == 0, "blkio v1 translates");
	x = &w.v[index_of(&w, "blkio.bfq.weight")];
	ok(strcmp(x->value, "10") == 0 && strcmp(x->alt_file, "blkio.weight") == 0 && strcmp(x->alt_value, "10") == 0,
	   "v1 weight: bfq first, blkio.weight fallback");
	is_str(val(&w, "blkio.bfq.weight_device"), "8:0 500", "v1 weight device");
	is_str(val(&w, "blkio.leaf_weight_device"), "8:0 300", "v1 leaf weight device");
	is_str(val_n(&w, "blkio.throttle.read_bps_device", 0), "8:0 1048576", "v1 throttle read bps");
	is_str(val_n(&w, "blkio.throttle.read_bps_device", 1), "8:16 0", "v1 throttle 0 clears");
	is_str(val(&w, "blkio.throttle.write_iops_device"), "8:0 1048576", "v1 throttle write iops");
	cg_writes_done(&w);

	ok(tr(&r, &v2, &w, NULL) == 0, "io v2 translates");
	x = &w.v[index_of(&w, "io.bfq.weight")];
	ok(strcmp(x->value, "10") == 0 && strcmp(x->alt_file, "io.weight") == 0 && strcmp(x->alt_value, "1") == 0,
	   "v2 weight: io.bfq.weight raw, io.weight converted");
	x = &w.v[index_of(&w, "io.bfq.weight") + 1];
	ok(strcmp(x->file, "io.bfq.weight") == 0 && strcmp(x->value, "8:0 500") == 0 &&
		   strcmp(x->alt_value, "8:0 4950") == 0,
	   "v2 weight device converted for io.weight");
	is_str(val_n(&w, "io.max", 0), "8:0 rbps=1048576", "v2 io.max rbps");
	is_str(val_n(&w, "io.max", 1), "8:16 rbps=max", "v2 rate 0 -> max");
	is_str(val_n(&w, "io.max", 2), "8:0 wiops=1048576", "v2 io.max wiops");
	ok(index_of(&w, "blkio.leaf_weight_device") < 0, "v2 drops leaf weights");
	cg_writes_done(&w);

	memset(&b, 0, sizeof(b));
	b.has_weight = true;
	ok(tr(&r, &v2, &w, NULL) == 0 && w.n == 0, "blkio weight 0 is unset (Docker)");
	cg_writes_done(&w);
	b.weight = 100;
	is_int(tr(&r, &hybrid, &w, NULL), 0, "hybrid: blkio on v1");
	ok(w.n == 1 && strcmp(w.v[0].file, "blkio.bfq.weight") == 0, "hybrid blkio writes v1 file");
	cg_writes_done(&w);
}

static void test_misc(void)
{
	struct oci_hugepage_limit hp[] = {{.page_size = "2MB", .limit = 4194304}};
	struct oci_interface_priority prio[] = {{.name = "eth0", .priority = 5}};
	struct oci_network net = {.has_class_id = true, .class_id = 0x100001, .priorities = prio, .priorities_len = 1};
	struct oci_rdma_entry rd[] = {{.device = "mlx4_0",
				       .has_hca_handles = true,
				       .hca_handles = 2,
				       .has_hca_objects = true,
				       .hca_objects = 2000},
				      {.device = "mlx5_1", .has_hca_objects = true, .hca_objects = 7}};
	struct oci_resources r = {.hugepage_limits = hp, .hugepage_limits_len = 1};
	struct cg_writes w;
	char *msg = NULL;
	int i;

	ok(tr(&r, &hybrid, &w, NULL) == 0, "hugetlb on hybrid");
	i = index_of(&w, "hugetlb.2MB.max");
	ok(i >= 0 && w.v[i].ctrl == CG_HUGETLB && strcmp(w.v[i].value, "4194304") == 0, "hybrid hugetlb -> v2 .max");
	i = index_of(&w, "hugetlb.2MB.rsvd.max");
	ok(i >= 0 && (w.v[i].flags & CG_W_OPTIONAL), "rsvd variant, optional");
	cg_writes_done(&w);
	ok(tr(&r, &v1, &w, NULL) == 0 && strcmp(val(&w, "hugetlb.2MB.limit_in_bytes"), "4194304") == 0 &&
		   val(&w, "hugetlb.2MB.rsvd.limit_in_bytes"),
	   "v1 hugetlb limit_in_bytes + rsvd");
	cg_writes_done(&w);
	hp[0].page_size = "2M/../x";
	is_int(tr(&r, &v1, &w, &msg), -EINVAL, "bad page size refused");
	is_str(msg, "linux.resources.hugepageLimits: invalid pageSize '2M/../x'", "page size error text");
	free(msg);

	r.hugepage_limits_len = 0;
	r.network = &net;
	ok(tr(&r, &v1, &w, NULL) == 0 && strcmp(val(&w, "net_cls.classid"), "1048577") == 0 &&
		   strcmp(val(&w, "net_prio.ifpriomap"), "eth0 5") == 0,
	   "v1 net_cls/net_prio");
	cg_writes_done(&w);
	is_int(tr(&r, &v2, &w, &msg), -EOPNOTSUPP, "v2 network refused");
	is_str(msg, "linux.resources.network.classID: not supported on cgroup v2", "network error names field");
	free(msg);
	is_int(tr(&r, &hybrid, &w, &msg), -ENODEV, "hybrid without net_cls: not available");
	is_str(msg, "linux.resources.network.classID: controller 'net_cls' not available", "missing controller text");
	free(msg);

	r.network = NULL;
	r.rdma = rd;
	r.rdma_len = 2;
	ok(tr(&r, &v2, &w, NULL) == 0 && strcmp(val_n(&w, "rdma.max", 0), "mlx4_0 hca_handle=2 hca_object=2000") == 0 &&
		   strcmp(val_n(&w, "rdma.max", 1), "mlx5_1 hca_object=7") == 0,
	   "rdma.max lines");
	cg_writes_done(&w);
	is_int(tr(&r, &hybrid, &w, NULL), -ENODEV, "rdma not mounted on hybrid host");
}

static void test_devices_unified(void)
{
	struct oci_device_cgroup d[] = {{.allow = false, .access = "rwm"},
					{.allow = true,
					 .type = "c",
					 .has_major = true,
					 .major = 1,
					 .has_minor = true,
					 .minor = 3,
					 .access = "rwm"},
					{.allow = true, .type = "c", .has_major = true, .major = 136, .access = "rw"}};
	struct oci_kv kv[] = {{"memory.high", "1G"}, {"cgroup.max.depth", "3"}};
	struct oci_kv bad[] = {{"../memory.max", "1"}};
	struct oci_kv hugekv[] = {{"hugetlb.2MB.max", "0"}};
	struct oci_resources r = {.devices = d, .devices_len = 3};
	struct cg_writes w;
	char *msg = NULL;

	ok(tr(&r, &hybrid, &w, NULL) == 0 && w.n == 4, "v1 devices: deny a + 3 rules");
	ok(strcmp(w.v[0].file, "devices.deny") == 0 && strcmp(w.v[0].value, "a") == 0, "deny all first");
	ok(strcmp(w.v[1].file, "devices.deny") == 0 && strcmp(w.v[1].value, "a *:* rwm") == 0, "rule 1 deny all");
	ok(strcmp(w.v[2].file, "devices.allow") == 0 && strcmp(w.v[2].value, "c 1:3 rwm") == 0, "rule 2 allow null");
	is_str(w.v[3].value, "c 136:* rw", "rule 3 minor wildcard");
	cg_writes_done(&w);
	ok(tr(&r, &v2, &w, NULL) == 0 && w.n == 0, "v2 devices are not file writes");
	cg_writes_done(&w);
	d[1].access = "rwx";
	is_int(tr(&r, &v1, &w, NULL), -EINVAL, "bad access refused");
	d[1].access = "rwm";
	d[1].major = -2;
	is_int(tr(&r, &v1, &w, NULL), -EINVAL, "major -2 refused, not a wildcard");
	d[1].major = -1;
	ok(tr(&r, &v1, &w, NULL) == 0 && strcmp(w.v[2].value, "c *:3 rwm") == 0, "major -1 is the wildcard");
	cg_writes_done(&w);
	d[1].major = 1;
	d[1].minor = -7;
	is_int(tr(&r, &v1, &w, NULL), -EINVAL, "minor -7 refused");
	d[1].minor = 3;

	r.devices_len = 0;
	r.unified.items = kv;
	r.unified.len = 2;
	ok(tr(&r, &v2, &w, NULL) == 0 && w.n == 2 && w.v[0].ctrl == CG_MEMORY && w.v[1].ctrl == CG_CORE &&
		   strcmp(val(&w, "memory.high"), "1G") == 0,
	   "v2 unified keys pass through");
	cg_writes_done(&w);
	is_int(tr(&r, &v1, &w, &msg), -EOPNOTSUPP, "unified on v1 refused");
	is_str(msg, "linux.resources.unified: key 'memory.high': cgroup v2 not available", "v1 error names the key");
	free(msg);
	is_int(tr(&r, &hybrid, &w, &msg), -EOPNOTSUPP, "unified memory key on hybrid refused");
	is_str(msg, "linux.resources.unified: key 'memory.high': controller 'memory' is not on cgroup v2",
	       "hybrid error names the key");
	free(msg);
	r.unified.items = hugekv;
	r.unified.len = 1;
	ok(tr(&r, &hybrid, &w, NULL) == 0 && w.n == 1, "unified hugetlb key on hybrid accepted");
	cg_writes_done(&w);
	r.unified.items = bad;
	is_int(tr(&r, &v2, &w, &msg), -EINVAL, "unified key with .. refused");
	is_str(msg, "linux.resources.unified: invalid key '../memory.max'", "bad key text");
	free(msg);
	bad[0].key = "memory/max";
	is_int(tr(&r, &v2, &w, NULL), -EINVAL, "unified key with / refused");
	bad[0].key = "nodot";
	is_int(tr(&r, &v2, &w, NULL), -EINVAL, "unified key without controller refused");
	bad[0].key = "bogus.max";
	is_int(tr(&r, &v2, &w, NULL), -EINVAL, "unified key with unknown controller refused");
}

static void test_load(void)
{
	struct cg_handle *h = NULL;
	struct rt_err *err = NULL;
	char *saved = NULL;

	ok(cg_load("none\n", &h, &err) == 0 && strcmp(cg_manager(h), "none") == 0, "load the none manager");
	ok(h && cg_kill_all(h, 9, &err) == 0 && cg_destroy(h, &err) == 0, "none: kill and destroy do nothing");
	cg_handle_free(TAKE_PTR(h));
	if (cg_load("cgroupfs\n/rt/c1\n", &h, &err) == 0) {
		ok(strcmp(cg_manager(h), "cgroupfs") == 0 &&
			   (h && (cg_path(h)[0] == '\0' || strcmp(cg_path(h), "/rt/c1") == 0)),
		   "load cgroupfs with one path");
		const struct cg_layout *l = cg_layout_get(NULL);
		char keys[512] = "", want[1024], gone_text[1024];
		size_t off = 0;

		for (size_t i = 0; l && i < l->n; i++)
			off += (size_t)snprintf(keys + off, sizeof(keys) - off, "%s%s", i ? " " : "", l->h[i].key);
		saved = cg_save(h, &err);
		if (h && cg_path(h)[0])
			snprintf(want, sizeof(want), "cgroupfs\n/rt/c1\n@keys\t%s\n", keys);
		else
			snprintf(want, sizeof(want), "cgroupfs\n\n");
		is_str(saved, want, "save is compact: the default path and the hierarchies' keys");
		ok(cg_unreachable(h) == NULL, "saved before @keys: no hierarchy is known to be gone");
		free(saved);
		cg_handle_free(TAKE_PTR(h));
		snprintf(gone_text, sizeof(gone_text), "cgroupfs\n/rt/c1\n@keys\t%s\n", keys);
		ok(cg_load(gone_text, &h, &err) == 0 && cg_unreachable(h) == NULL, "every saved hierarchy is mounted");
		cg_handle_free(TAKE_PTR(h));
		snprintf(gone_text, sizeof(gone_text), "cgroupfs\n/rt/c1\n@keys\tname=rtgone %s pids2\n", keys);
		ok(cg_load(gone_text, &h, &err) == 0, "load with hierarchies that are not mounted");
		is_str(h ? cg_unreachable(h) : NULL, "name=rtgone pids2", "cg_unreachable names them, in order");
		cg_handle_free(TAKE_PTR(h));
	} else {
		ok(0, "load cgroupfs: %s", err->msg);
		rt_err_freep(&err);
	}
	is_int(cg_load("cgroupfs\n/rt/../etc\n", &h, &err), -EINVAL, "saved path with '..' refused");
	rt_err_freep(&err);
	is_int(cg_load("cgroupfs\n/rt/c1\nunified\t/a/..\n", &h, &err) == -EINVAL || cg_layout_get(NULL)->v2_hier < 0,
	       1, "saved override with '..' refused");
	cg_handle_free(TAKE_PTR(h));
	rt_err_freep(&err);
#ifdef HAVE_SYSTEMD
	/* loading talks to nobody: the bus is only reached by destroy/update */
	if (cg_load("systemd\n/system.slice/rt-c1.scope\n@unit\trt-c1.scope\n", &h, &err) == 0) {
		ok(strcmp(cg_manager(h), "systemd") == 0, "load systemd");
		saved = cg_save(h, &err);
		ok(saved && strncmp(saved, "systemd\n/system.slice/rt-c1.scope\n@unit\trt-c1.scope\n", 52) == 0,
		   "systemd save keeps the unit");
		free(saved);
		ok(!cg_needs_pid(h), "a loaded systemd handle is not pending");
		cg_handle_free(TAKE_PTR(h));
	} else {
		ok(0, "load systemd: %s", err->msg);
		rt_err_freep(&err);
	}
	is_int(cg_load("systemd\n/x\n@unit\t../x\n", &h, &err), -EINVAL, "saved unit with a slash refused");
#else
	is_int(cg_load("systemd\n/x\n", &h, &err), -EOPNOTSUPP, "systemd manager not available");
	is_str(err ? err->msg : NULL,
	       "cgroup manager 'systemd': systemd cgroup manager not available (built without libsystemd)",
	       "systemd error text");
#endif
	rt_err_freep(&err);
	is_int(cg_load("", &h, &err), -EINVAL, "empty saved state refused");
	rt_err_freep(&err);
}

int main(void)
{
	test_layouts();
	test_paths();
	test_memory();
	test_cpu();
	test_pids_blkio();
	test_misc();
	test_devices_unified();
	test_load();
	cg_layout_done(&hybrid);
	cg_layout_done(&v1);
	cg_layout_done(&v2);
	return done_testing();
}
