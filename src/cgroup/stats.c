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
