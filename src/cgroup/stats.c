/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Statistics of a live cgroup for `rt events`: cpu, memory, pids, hugetlb (per page
 * size) and rdma (per device), from whichever hierarchy holds each controller (on
 * this hybrid host hugetlb lives on the cgroup2 mount, the rest on v1).
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "cgroup/internal.h"
#include "util/util.h"

/* "key value" lines: the value of key, or false. */
static bool kv_get(const char *text, const char *key, uint64_t *ret)
{
	size_t kl = strlen(key);

	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (strncmp(p, key, kl) == 0 && p[kl] == ' ') {
			char num[32];
			size_t l = strcspn(p + kl + 1, "\n");

			if (l >= sizeof(num))
				return false;
			memcpy(num, p + kl + 1, l);
			num[l] = '\0';
			return rt_parse_u64(num, ret) == 0;
		}
	}
	return false;
}

/* A single-number file; "max" -> UINT64_MAX. */
static bool num_get(struct cg_hdir *d, const char *file, uint64_t *ret)
{
	_cleanup_free_ char *s = NULL;

	if (!d || cg_read(d->dir, file, &s) < 0)
		return false;
	s[strcspn(s, "\n")] = '\0';
	if (strcmp(s, "max") == 0) {
		*ret = UINT64_MAX;
		return true;
	}
	return rt_parse_u64(s, ret) == 0;
}

static void stats_cpu(struct cg_handle *h, struct cg_stats *st)
{
	struct cg_hdir *d = cg_hdir_of(h, CG_CPUACCT), *c = cg_hdir_of(h, CG_CPU);
	_cleanup_free_ char *s = NULL;
	uint64_t us, tick = (uint64_t)sysconf(_SC_CLK_TCK);

	if (d && num_get(d, "cpuacct.usage", &st->cpu_usage_ns)) {
		st->has_cpu = true;
		if (cg_read(d->dir, "cpuacct.stat", &s) == 0 && tick) {
			if (kv_get(s, "user", &us))
				st->cpu_user_ns = us * (1000000000 / tick);
			if (kv_get(s, "system", &us))
				st->cpu_system_ns = us * (1000000000 / tick);
		}
		return;
	}
	/* cgroup2: cpu.stat exists in every non-root cgroup, controller enabled or not */
	if (!(c && h->l->h[c->hier].v2) && !(c = cg_hdir_of(h, CG_CORE)))
		return;
	if (cg_read(c->dir, "cpu.stat", &s) < 0 || !kv_get(s, "usage_usec", &us))
		return;
	st->has_cpu = true;
	st->cpu_usage_ns = us * 1000;
	if (kv_get(s, "user_usec", &us))
		st->cpu_user_ns = us * 1000;
	if (kv_get(s, "system_usec", &us))
		st->cpu_system_ns = us * 1000;
}

static void stats_memory(struct cg_handle *h, struct cg_stats *st)
{
	struct cg_hdir *d = cg_hdir_of(h, CG_MEMORY);
	_cleanup_free_ char *s = NULL;

	if (!d)
		return;
	if (!h->l->h[d->hier].v2) {
		st->has_memory = num_get(d, "memory.usage_in_bytes", &st->mem_usage);
		num_get(d, "memory.limit_in_bytes", &st->mem_limit);
		st->has_peak = num_get(d, "memory.max_usage_in_bytes", &st->mem_max_usage);
		num_get(d, "memory.failcnt", &st->mem_failcnt);
		if (num_get(d, "memory.memsw.usage_in_bytes", &st->swap_usage))
			num_get(d, "memory.memsw.limit_in_bytes", &st->swap_limit);
		if (cg_read(d->dir, "memory.oom_control", &s) == 0)
			kv_get(s, "oom_kill", &st->oom_kill);
		return;
	}
	st->has_memory = num_get(d, "memory.current", &st->mem_usage);
	num_get(d, "memory.max", &st->mem_limit);
	st->has_peak = num_get(d, "memory.peak", &st->mem_max_usage);
	num_get(d, "memory.swap.current", &st->swap_usage);
	num_get(d, "memory.swap.max", &st->swap_limit);
	if (cg_read(d->dir, "memory.events", &s) == 0) {
		kv_get(s, "oom_kill", &st->oom_kill);
		kv_get(s, "oom", &st->oom);
		kv_get(s, "max", &st->mem_failcnt);
	}
}

bool cg_hugetlb_size_of(const char *name, bool v2, char *size, size_t len)
{
	const char *suffix = v2 ? ".current" : ".usage_in_bytes", *p, *dot;
	size_t sl = strlen(suffix), nl = strlen(name);

	if (!rt_str_has_prefix(name, "hugetlb.") || nl <= sl + 8 || strcmp(name + nl - sl, suffix) != 0)
		return false;
	p = name + 8;
	dot = strchr(p, '.');
	if (!dot || dot != name + nl - sl || (size_t)(dot - p) >= len)
		return false; /* "hugetlb.2MB.rsvd.current" has a dot inside */
	memcpy(size, p, (size_t)(dot - p));
	size[dot - p] = '\0';
	return true;
}

/* hugetlb.<size>[.rsvd].<file>: the reservation variant when the kernel has it, like runc. */
static bool huge_get(struct cg_hdir *d, const char *size, bool rsvd, const char *file, uint64_t *ret)
{
	char name[128];

	snprintf(name, sizeof(name), "hugetlb.%s%s.%s", size, rsvd ? ".rsvd" : "", file);
	return num_get(d, name, ret);
}

static void huge_one(struct cg_hdir *d, bool v2, struct cg_hugetlb_stat *e)
{
	_cleanup_free_ char *ev = NULL;
	char name[128];
	bool rsvd = huge_get(d, e->size, true, v2 ? "current" : "usage_in_bytes", &e->usage);

	if (!rsvd)
		huge_get(d, e->size, false, v2 ? "current" : "usage_in_bytes", &e->usage);
	if (!v2) {
		huge_get(d, e->size, rsvd, "max_usage_in_bytes", &e->max);
		huge_get(d, e->size, rsvd, "failcnt", &e->failcnt);
		return;
	}
	snprintf(name, sizeof(name), "hugetlb.%s.events", e->size);
	if (cg_read(d->dir, name, &ev) == 0)
		kv_get(ev, "max", &e->failcnt);
}

static int huge_cmp(const void *a, const void *b)
{
	const struct cg_hugetlb_stat *x = a, *y = b;
	size_t lx = strlen(x->size), ly = strlen(y->size);

	return lx != ly ? (lx < ly ? -1 : 1) : strcmp(x->size, y->size);
}

static void stats_hugetlb(struct cg_handle *h, struct cg_stats *st)
{
	struct cg_hdir *d = cg_hdir_of(h, CG_HUGETLB);
	_cleanup_closedir_ DIR *dh = NULL;
	struct dirent *de;
	bool v2;

	if (!d || !(dh = opendir(d->dir)))
		return;
	v2 = h->l->h[d->hier].v2;
	while ((de = readdir(dh)) && st->n_hugetlb < CG_MAX_HUGETLB) {
		struct cg_hugetlb_stat *e = &st->hugetlb[st->n_hugetlb];

		if (!cg_hugetlb_size_of(de->d_name, v2, e->size, sizeof(e->size)))
			continue;
		huge_one(d, v2, e);
		st->n_hugetlb++;
	}
	st->has_hugetlb = true;
	qsort(st->hugetlb, st->n_hugetlb, sizeof(st->hugetlb[0]), huge_cmp);
}

/* "hca_handle=2" or "hca_handle=max" */
static int rdma_value(const char *w, const char *key, uint32_t *ret)
{
	size_t kl = strlen(key);

	if (strncmp(w, key, kl) != 0 || w[kl] != '=')
		return 0;
	if (strcmp(w + kl + 1, "max") == 0)
		*ret = UINT32_MAX;
	else if (rt_parse_u32(w + kl + 1, ret) < 0)
		return -EINVAL;
	return 1;
}

int cg_rdma_parse(const char *text, struct cg_rdma_stat *v, size_t max, size_t *ret_n, struct rt_err **err)
{
	_cleanup_free_ char *copy = rt_strdup(text);
	char *save = NULL;
	size_t n = 0;

	if (!copy)
		return rt_err_set(err, ENOMEM, "cgroup: rdma");
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct cg_rdma_stat e = {.device = ""};
		char *wsave = NULL, *w = strtok_r(line, " ", &wsave);

		if (!w || strlen(w) >= sizeof(e.device))
			return cg_input_err(err, EINVAL, "cgroup: rdma: bad line '%s'", line);
		memcpy(e.device, w, strlen(w) + 1);
		while ((w = strtok_r(NULL, " ", &wsave))) {
			int a = rdma_value(w, "hca_handle", &e.hca_handles),
			    b = a ? 0 : rdma_value(w, "hca_object", &e.hca_objects);

			if (a < 0 || b < 0 || (a == 0 && b == 0))
				return cg_input_err(err, EINVAL, "cgroup: rdma: bad field '%s' for '%s'", w, e.device);
		}
		if (n < max)
			v[n++] = e;
	}
	*ret_n = n;
	return 0;
}

static void stats_rdma(struct cg_handle *h, struct cg_stats *st)
{
	struct cg_hdir *d = cg_hdir_of(h, CG_RDMA);
	_cleanup_free_ char *cur = NULL, *max = NULL;

	if (!d || cg_read(d->dir, "rdma.current", &cur) < 0 || cg_read(d->dir, "rdma.max", &max) < 0)
		return;
	st->has_rdma = cg_rdma_parse(cur, st->rdma_current, CG_MAX_RDMA, &st->n_rdma_current, NULL) == 0 &&
		       cg_rdma_parse(max, st->rdma_limit, CG_MAX_RDMA, &st->n_rdma_limit, NULL) == 0;
}

int cg_stats(struct cg_handle *h, struct cg_stats *ret, struct rt_err **err)
{
	struct cg_hdir *p;

	memset(ret, 0, sizeof(*ret));
	if (h->n == 0)
		return 0;
	if (cg_primary(h) && access(cg_primary(h)->dir, F_OK) < 0)
		return rt_err_set(err, errno, "cgroup: stats '%s'", cg_primary(h)->dir);
	stats_cpu(h, ret);
	stats_memory(h, ret);
	p = cg_hdir_of(h, CG_PIDS);
	ret->has_pids = num_get(p, "pids.current", &ret->pids_current);
	num_get(p, "pids.max", &ret->pids_limit);
	stats_hugetlb(h, ret);
	stats_rdma(h, ret);
	return 0;
}

/* ---- what only `events` prints (runc's full Stats) --------------------------------- */

int cg_cpuset_list_parse(const char *text, uint16_t **ret, size_t *n)
{
	_cleanup_free_ char *copy = rt_strdup(text);
	_cleanup_free_ uint16_t *v = NULL;
	size_t k = 0, cap = 0;
	char *save = NULL;

	*ret = NULL;
	*n = 0;
	if (!copy)
		return -ENOMEM;
	copy[strcspn(copy, "\n")] = '\0';
	for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(w, '-');
		uint32_t a, b;

		if (dash)
			*dash = '\0';
		if (rt_parse_u32(w, &a) < 0 || (dash ? rt_parse_u32(dash + 1, &b) : (b = a, 0)) < 0 || a > b ||
		    b > UINT16_MAX)
			return -EINVAL;
		for (uint32_t i = a; i <= b; i++) {
			if (k == cap) {
				uint16_t *nv = realloc(v, (cap = cap ? cap * 2 : 16) * sizeof(*v));
				if (!nv)
					return -ENOMEM;
				v = nv;
			}
			v[k++] = (uint16_t)i;
		}
	}
	*ret = TAKE_PTR(v);
	*n = k;
	return 0;
}

static int push_blkio(struct cg_blkio_entry **v, size_t *n, const struct cg_blkio_entry *e)
{
	struct cg_blkio_entry *nv;

	if (*n == 0 || (*n & (*n - 1)) == 0) { /* grow at powers of two */
		nv = realloc(*v, (*n ? *n * 2 : 8) * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		*v = nv;
	}
	(*v)[(*n)++] = *e;
	return 0;
}

int cg_blkio_parse(const char *text, struct cg_blkio_entry **ret, size_t *n)
{
	_cleanup_free_ char *copy = rt_strdup(text);
	struct cg_blkio_entry *v = NULL;
	size_t k = 0;
	char *save = NULL;

	*ret = NULL;
	*n = 0;
	if (!copy)
		return -ENOMEM;
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[5], *fs = NULL;
		size_t nf = 0;
		struct cg_blkio_entry e = {.op = ""};

		for (char *w = strtok_r(line, " :", &fs); w && nf < 5; w = strtok_r(NULL, " :", &fs))
			f[nf++] = w;
		if (nf == 2 && strcmp(f[0], "Total") == 0)
			continue;
		if ((nf != 3 && nf != 4) || rt_parse_u64(f[0], &e.major) < 0 || rt_parse_u64(f[1], &e.minor) < 0 ||
		    rt_parse_u64(f[nf - 1], &e.value) < 0 || (nf == 4 && strlen(f[2]) >= sizeof(e.op)))
			goto bad;
		if (nf == 4)
			memcpy(e.op, f[2], strlen(f[2]) + 1);
		if (push_blkio(&v, &k, &e) < 0) {
			free(v);
			return -ENOMEM;
		}
	}
	*ret = v;
	*n = k;
	return 0;
bad:
	free(v);
	return -EINVAL;
}

/* Space-separated numbers (cpuacct.usage_percpu). */
static size_t u64_list(const char *text, uint64_t **ret)
{
	_cleanup_free_ char *copy = rt_strdup(text);
	uint64_t *v = NULL;
	size_t k = 0;
	char *save = NULL;

	*ret = NULL;
	if (!copy)
		return 0;
	for (char *w = strtok_r(copy, " \n", &save); w; w = strtok_r(NULL, " \n", &save)) {
		uint64_t x, *nv;

		if (rt_parse_u64(w, &x) < 0 || !(nv = realloc(v, (k + 1) * sizeof(*v)))) {
			free(v);
			return 0;
		}
		v = nv;
		v[k++] = x;
	}
	*ret = v;
	return k;
}

static void detail_cpu(struct cg_handle *h, struct cg_detail *d)
{
	struct cg_hdir *a = cg_hdir_of(h, CG_CPUACCT), *c = cg_hdir_of(h, CG_CPU);
	_cleanup_free_ char *s = NULL, *all = NULL;
	uint64_t v;

	if (a && !h->l->h[a->hier].v2 && cg_read(a->dir, "cpuacct.usage_percpu", &s) == 0)
		d->n_percpu = u64_list(s, &d->percpu);
	/* "cpu user system" then one line per cpu, in ns: runc's percpu_user / percpu_kernel */
	if (a && !h->l->h[a->hier].v2 && cg_read(a->dir, "cpuacct.usage_all", &all) == 0) {
		size_t lines = 0, k = 0;
		char *save = NULL;

		for (const char *p = all; *p; p++)
			lines += *p == '\n';
		d->percpu_user = calloc(lines ? lines : 1, sizeof(uint64_t));
		d->percpu_kernel = calloc(lines ? lines : 1, sizeof(uint64_t));
		for (char *line = strtok_r(all, "\n", &save); d->percpu_user && d->percpu_kernel && line;
		     line = strtok_r(NULL, "\n", &save)) {
			unsigned long long cpu, user, sys;

			if (sscanf(line, "%llu %llu %llu", &cpu, &user, &sys) == 3 && k < lines) {
				d->percpu_user[k] = user;
				d->percpu_kernel[k++] = sys;
			}
		}
		d->n_percpu_modes = d->percpu_user && d->percpu_kernel ? k : 0;
	}
	free(TAKE_PTR(s));
	/* throttling: cpu.stat of the cpu controller; cgroup2 counts the time in usec */
	if (c && cg_read(c->dir, "cpu.stat", &s) == 0) {
		bool v2 = h->l->h[c->hier].v2;

		kv_get(s, "nr_periods", &d->periods);
		kv_get(s, "nr_throttled", &d->throttled_periods);
		if (kv_get(s, v2 ? "throttled_usec" : "throttled_time", &v))
			d->throttled_time = v2 ? v * 1000 : v;
	}
}

static void detail_cpuset(struct cg_handle *h, struct cg_detail *d)
{
	struct cg_hdir *c = cg_hdir_of(h, CG_CPUSET);
	_cleanup_free_ char *cpus = NULL, *mems = NULL;
	struct {
		const char *file;
		uint64_t *dst;
	} flags[] = {
		{"cpuset.cpu_exclusive", &d->cpu_exclusive},
		{"cpuset.mem_hardwall", &d->mem_hardwall},
		{"cpuset.mem_exclusive", &d->mem_exclusive},
		{"cpuset.memory_migrate", &d->memory_migrate},
		{"cpuset.memory_spread_page", &d->memory_spread_page},
		{"cpuset.memory_spread_slab", &d->memory_spread_slab},
		{"cpuset.memory_pressure", &d->memory_pressure},
		{"cpuset.sched_load_balance", &d->sched_load_balance},
	};
	_cleanup_free_ char *rd = NULL;
	int64_t level;

	/* runc 1.1.5 gathers the cpuset only from a v1 hierarchy */
	if (!c || h->l->h[c->hier].v2 || cg_read(c->dir, "cpuset.cpus", &cpus) < 0 ||
	    cg_read(c->dir, "cpuset.mems", &mems) < 0)
		return;
	if (cg_cpuset_list_parse(cpus, &d->cpus, &d->n_cpus) < 0 ||
	    cg_cpuset_list_parse(mems, &d->mems, &d->n_mems) < 0)
		return;
	d->has_cpuset = true;
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		num_get(c, flags[i].file, flags[i].dst);
	if (cg_read(c->dir, "cpuset.sched_relax_domain_level", &rd) == 0) {
		rd[strcspn(rd, "\n")] = '\0';
		if (rt_parse_i64(rd, &level) == 0)
			d->sched_relax_domain_level = level;
	}
}

static void mem_entry(struct cg_hdir *d, const char *prefix, struct cg_mem_entry *e)
{
	char name[96];

	snprintf(name, sizeof(name), "%s.limit_in_bytes", prefix);
	num_get(d, name, &e->limit);
	snprintf(name, sizeof(name), "%s.usage_in_bytes", prefix);
	num_get(d, name, &e->usage);
	snprintf(name, sizeof(name), "%s.max_usage_in_bytes", prefix);
	num_get(d, name, &e->max);
	snprintf(name, sizeof(name), "%s.failcnt", prefix);
	num_get(d, name, &e->failcnt);
}

static void detail_memory(struct cg_handle *h, struct cg_detail *d)
{
	struct cg_hdir *m = cg_hdir_of(h, CG_MEMORY);
	bool v2;

	if (!m || cg_read(m->dir, "memory.stat", &d->memory_stat) < 0)
		return;
	v2 = h->l->h[m->hier].v2;
	kv_get(d->memory_stat, v2 ? "file" : "cache", &d->cache);
	if (v2)
		return;
	num_get(m, "memory.memsw.max_usage_in_bytes", &d->swap_max);
	num_get(m, "memory.memsw.failcnt", &d->swap_failcnt);
	mem_entry(m, "memory.kmem", &d->kernel);
	mem_entry(m, "memory.kmem.tcp", &d->kernel_tcp);
}

/* Reads one blkio file into list i: 0 when it has entries, -1 when missing or empty. */
static int blkio_file(struct cg_hdir *b, const char *file, struct cg_detail *d, int i)
{
	_cleanup_free_ char *s = NULL;

	if (cg_read(b->dir, file, &s) < 0 || cg_blkio_parse(s, &d->blkio[i], &d->n_blkio[i]) < 0 || d->n_blkio[i] == 0)
		return -1;
	return 0;
}

/* cgroup2 io.stat ("8:0 rbytes=1 wbytes=2 rios=3 wios=4 ..."), as runc converts it. */
static void detail_io_v2(struct cg_hdir *b, struct cg_detail *d)
{
	_cleanup_free_ char *s = NULL;
	char *save = NULL;

	if (cg_read(b->dir, "io.stat", &s) < 0)
		return;
	for (char *line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct cg_blkio_entry e = {.op = ""};
		char *fs = NULL, *w = strtok_r(line, " ", &fs);
		unsigned long long maj, min;

		if (!w || sscanf(w, "%llu:%llu", &maj, &min) != 2)
			continue;
		e.major = maj;
		e.minor = min;
		while ((w = strtok_r(NULL, " ", &fs))) {
			char *eq = strchr(w, '=');
			int list;

			if (!eq || rt_parse_u64(eq + 1, &e.value) < 0)
				continue;
			*eq = '\0';
			if (strcmp(w, "rbytes") == 0 || strcmp(w, "wbytes") == 0)
				list = CG_BLKIO_SERVICE_BYTES;
			else if (strcmp(w, "rios") == 0 || strcmp(w, "wios") == 0)
				list = CG_BLKIO_SERVICED;
			else
				continue;
			snprintf(e.op, sizeof(e.op), "%s", w[0] == 'r' ? "Read" : "Write");
			(void)push_blkio(&d->blkio[list], &d->n_blkio[list], &e);
		}
	}
}

/*
 * runc's order: the first group whose first file has entries gives the lists (bfq with its
 * debug files, bfq, cfq, the throttle recursive files, the throttle files of the cgroup).
 */
static void detail_blkio(struct cg_handle *h, struct cg_detail *d)
{
	static const struct {
		const char *file;
		int list;
	} groups[][8] = {
		{{"blkio.bfq.sectors_recursive", CG_BLKIO_SECTORS},
		 {"blkio.bfq.io_service_time_recursive", CG_BLKIO_SERVICE_TIME},
		 {"blkio.bfq.io_wait_time_recursive", CG_BLKIO_WAIT_TIME},
		 {"blkio.bfq.io_merged_recursive", CG_BLKIO_MERGED},
		 {"blkio.bfq.io_queued_recursive", CG_BLKIO_QUEUED},
		 {"blkio.bfq.time_recursive", CG_BLKIO_TIME},
		 {"blkio.bfq.io_serviced_recursive", CG_BLKIO_SERVICED},
		 {"blkio.bfq.io_service_bytes_recursive", CG_BLKIO_SERVICE_BYTES}},
		{{"blkio.bfq.io_serviced_recursive", CG_BLKIO_SERVICED},
		 {"blkio.bfq.io_service_bytes_recursive", CG_BLKIO_SERVICE_BYTES}},
		{{"blkio.sectors_recursive", CG_BLKIO_SECTORS},
		 {"blkio.io_service_time_recursive", CG_BLKIO_SERVICE_TIME},
		 {"blkio.io_wait_time_recursive", CG_BLKIO_WAIT_TIME},
		 {"blkio.io_merged_recursive", CG_BLKIO_MERGED},
		 {"blkio.io_queued_recursive", CG_BLKIO_QUEUED},
		 {"blkio.time_recursive", CG_BLKIO_TIME},
		 {"blkio.io_serviced_recursive", CG_BLKIO_SERVICED},
		 {"blkio.io_service_bytes_recursive", CG_BLKIO_SERVICE_BYTES}},
		{{"blkio.throttle.io_serviced_recursive", CG_BLKIO_SERVICED},
		 {"blkio.throttle.io_service_bytes_recursive", CG_BLKIO_SERVICE_BYTES}},
		{{"blkio.throttle.io_serviced", CG_BLKIO_SERVICED},
		 {"blkio.throttle.io_service_bytes", CG_BLKIO_SERVICE_BYTES}},
	};
	struct cg_hdir *b = cg_hdir_of(h, CG_BLKIO);

	if (!b)
		return;
	if (h->l->h[b->hier].v2) {
		detail_io_v2(b, d);
		return;
	}
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		if (!groups[g][0].file || blkio_file(b, groups[g][0].file, d, groups[g][0].list) < 0)
			continue;
		/* as runc: past the first file, a missing or empty one ends the gathering */
		for (size_t i = 1; i < 8 && groups[g][i].file; i++)
			if (blkio_file(b, groups[g][i].file, d, groups[g][i].list) < 0)
				return;
		return;
	}
}

int cg_stats_detail(struct cg_handle *h, struct cg_detail *ret)
{
	memset(ret, 0, sizeof(*ret));
	if (h->n == 0)
		return 0;
	detail_cpu(h, ret);
	detail_cpuset(h, ret);
	detail_memory(h, ret);
	detail_blkio(h, ret);
	return 0;
}

void cg_detail_free(struct cg_detail *d)
{
	free(d->percpu);
	free(d->percpu_user);
	free(d->percpu_kernel);
	free(d->cpus);
	free(d->mems);
	free(d->memory_stat);
	for (size_t i = 0; i < CG_BLKIO_LISTS; i++)
		free(d->blkio[i]);
	memset(d, 0, sizeof(*d));
}
