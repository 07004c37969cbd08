/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * linux.resources -> controller file writes, v1 or v2 per controller. Pure: the only
 * input is the config and the layout, the output a list of (controller, file, value).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cgroup/cgroup.h"
#include "cgroup/internal.h"
#include "util/log.h"
#include "util/util.h"

struct tr {
	const struct cg_layout *l;
	struct cg_writes *w;
	struct rt_err **err;
};

int cg_input_err(struct rt_err **err, int code, const char *fmt, ...)
{
	bool fresh = err && !*err;
	va_list ap;

	va_start(ap, fmt);
	rt_err_setv(err, 0, fmt, ap);
	va_end(ap);
	if (fresh && *err)
		(*err)->errnum = code;
	return -code;
}

void cg_writes_done(struct cg_writes *w)
{
	for (size_t i = 0; i < w->n; i++) {
		free(w->v[i].file);
		free(w->v[i].value);
		free(w->v[i].alt_file);
		free(w->v[i].alt_value);
	}
	free(w->v);
	w->v = NULL;
	w->n = 0;
}

static int vpush(struct tr *t, int ctrl, unsigned flags, const char *alt_file, const char *alt_value, const char *file,
		 const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));
static int vpush(struct tr *t, int ctrl, unsigned flags, const char *alt_file, const char *alt_value, const char *file,
		 const char *fmt, va_list ap)
{
	struct cg_write *nv, *x;

	nv = realloc(t->w->v, (t->w->n + 1) * sizeof(*nv));
	if (!nv)
		return rt_err_set(t->err, ENOMEM, "cgroup resources");
	t->w->v = nv;
	x = &nv[t->w->n];
	memset(x, 0, sizeof(*x));
	x->ctrl = ctrl;
	x->flags = flags;
	x->file = rt_strdup(file);
	if (vasprintf(&x->value, fmt, ap) < 0)
		x->value = NULL;
	x->alt_file = alt_file ? rt_strdup(alt_file) : NULL;
	x->alt_value = alt_value ? rt_strdup(alt_value) : NULL;
	t->w->n++; /* counted even when partial, so cg_writes_done frees it */
	if (!x->file || !x->value || (alt_file && !x->alt_file) || (alt_value && !x->alt_value))
		return rt_err_set(t->err, ENOMEM, "cgroup resources");
	return 0;
}

static int push(struct tr *t, int ctrl, const char *file, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int push(struct tr *t, int ctrl, const char *file, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vpush(t, ctrl, 0, NULL, NULL, file, fmt, ap);
	va_end(ap);
	return r;
}

static int pushx(struct tr *t, int ctrl, unsigned flags, const char *alt_file, const char *alt_value, const char *file,
		 const char *fmt, ...) __attribute__((format(printf, 7, 8)));
static int pushx(struct tr *t, int ctrl, unsigned flags, const char *alt_file, const char *alt_value, const char *file,
		 const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vpush(t, ctrl, flags, alt_file, alt_value, file, fmt, ap);
	va_end(ap);
	return r;
}

/* The version of c, or an error naming field when c is not mounted. */
static int need(struct tr *t, enum cg_ctrl c, const char *field)
{
	int v = cg_ctrl_version(t->l, c);

	if (v == 0)
		return cg_input_err(t->err, ENODEV, "linux.resources.%s: controller '%s' not available", field,
				    cg_ctrl_name(c, t->l->mode == CG_MODE_V2));
	return v;
}

static int v1_only(struct tr *t, int v, const char *field)
{
	if (v == 2)
		return cg_input_err(t->err, EOPNOTSUPP, "linux.resources.%s: not supported on cgroup v2", field);
	return 0;
}

uint64_t cg_shares_to_weight(uint64_t shares)
{
	if (shares < 2)
		shares = 2;
	if (shares > 262144)
		shares = 262144;
	return 1 + ((shares - 2) * 9999) / 262142;
}

uint64_t cg_blkio_weight_to_io(uint64_t weight)
{
	if (weight < 10)
		weight = 10;
	if (weight > 1000)
		weight = 1000;
	return 1 + (weight - 10) * 9999 / 990;
}

int cg_swap_v2(bool has_limit, int64_t limit, int64_t swap, char *buf, size_t len, struct rt_err **err)
{
	if (swap == -1) {
		snprintf(buf, len, "max");
		return 0;
	}
	if (swap < 0)
		return cg_input_err(err, EINVAL, "linux.resources.memory.swap: invalid value %" PRId64, swap);
	if (!has_limit || limit <= 0)
		return cg_input_err(err, EINVAL, "linux.resources.memory.swap: cannot be set without memory.limit");
	if (swap < limit)
		return cg_input_err(err, EINVAL,
				    "linux.resources.memory.swap: %" PRId64 " is less than memory.limit %" PRId64, swap,
				    limit);
	snprintf(buf, len, "%" PRId64, swap - limit);
	return 0;
}

/* -1 (or any negative) -> "max" on v2, "-1" on v1. */
static const char *lim(int v, int64_t x, char *buf, size_t len)
{
	if (x < 0)
		return v == 2 ? "max" : "-1";
	snprintf(buf, len, "%" PRId64, x);
	return buf;
}

/* -1 is unlimited; another negative value is no limit at all (runc: EINVAL from the kernel). */
static const char *memory_below(const struct oci_memory *m, int64_t *ret)
{
	const char *field = m->has_limit && m->limit < -1		? "limit"
			    : m->has_swap && m->swap < -1		? "swap"
			    : m->has_reservation && m->reservation < -1 ? "reservation"
									: NULL;

	*ret = !field ? 0 : field[0] == 'l' ? m->limit : field[0] == 's' ? m->swap : m->reservation;
	return field;
}

static int tr_memory(struct tr *t, const struct oci_memory *m)
{
	bool has_limit = m->has_limit && m->limit != 0, has_swap = m->has_swap && m->swap != 0;
	bool has_res = m->has_reservation && m->reservation != 0;
	const char *bad;
	int64_t badv;
	char b[32], sw[32];
	int v, r;

	if (m->has_kernel || m->has_kernel_tcp)
		rt_warn("linux.resources.memory.kernel/kernelTCP: deprecated by the kernel, ignored");
	if (!has_limit && !has_swap && !has_res && !m->has_swappiness && !m->has_disable_oom_killer)
		return 0;
	if ((bad = memory_below(m, &badv)))
		return cg_input_err(t->err, EINVAL,
				    "linux.resources.memory.%s: %" PRId64 " is not a limit (-1: unlimited)", bad, badv);
	v = need(t, CG_MEMORY, "memory");
	if (v < 0)
		return v;
	if (v == 2) {
		if (m->has_swappiness)
			return v1_only(t, v, "memory.swappiness");
		if (m->has_disable_oom_killer && m->disable_oom_killer)
			return v1_only(t, v, "memory.disableOOMKiller");
		if (has_res && (r = push(t, CG_MEMORY, "memory.low", "%s", lim(v, m->reservation, b, sizeof(b)))) < 0)
			return r;
		if (has_limit && (r = push(t, CG_MEMORY, "memory.max", "%s", lim(v, m->limit, b, sizeof(b)))) < 0)
			return r;
		if (has_swap && (r = cg_swap_v2(has_limit, m->limit, m->swap, sw, sizeof(sw), t->err)) < 0)
			return r;
		/* runc compatibility: an unlimited memory with no swap given means unlimited swap too. */
		if (!has_swap && has_limit && m->limit < 0)
			snprintf(sw, sizeof(sw), "max");
		else if (!has_swap)
			return 0;
		/* "max" is the default: without swap accounting there is no file, and nothing to do */
		return pushx(t, CG_MEMORY, strcmp(sw, "max") == 0 ? CG_W_OPTIONAL : 0, NULL, NULL, "memory.swap.max",
			     "%s", sw);
	}
	if (has_limit && has_swap && m->limit > 0 && m->swap >= 0 && m->swap < m->limit)
		return cg_input_err(t->err, EINVAL,
				    "linux.resources.memory.swap: %" PRId64 " is less than memory.limit %" PRId64,
				    m->swap, m->limit);
	/* Raising both needs memsw first, lowering both limit first: let the writer swap on EINVAL. */
	if (has_limit && (r = pushx(t, CG_MEMORY, has_swap ? CG_W_SWAPPABLE : 0, NULL, NULL, "memory.limit_in_bytes",
				    "%s", lim(v, m->limit, b, sizeof(b)))) < 0)
		return r;
	if (has_swap && (r = pushx(t, CG_MEMORY, m->swap < 0 ? CG_W_OPTIONAL : 0, NULL, NULL,
				   "memory.memsw.limit_in_bytes", "%s", lim(v, m->swap, b, sizeof(b)))) < 0)
		return r;
	if (has_res &&
	    (r = push(t, CG_MEMORY, "memory.soft_limit_in_bytes", "%s", lim(v, m->reservation, b, sizeof(b)))) < 0)
		return r;
	if (m->has_swappiness) {
		if (m->swappiness > 100)
			return cg_input_err(t->err, EINVAL,
					    "linux.resources.memory.swappiness: %" PRIu64 " is not in 0-100",
					    m->swappiness);
		if ((r = push(t, CG_MEMORY, "memory.swappiness", "%" PRIu64, m->swappiness)) < 0)
			return r;
	}
	if (m->has_disable_oom_killer)
		return push(t, CG_MEMORY, "memory.oom_control", "%d", m->disable_oom_killer ? 1 : 0);
	return 0;
}

static int tr_cpu_bandwidth(struct tr *t, int v, const struct oci_cpu *c)
{
	bool has_quota = c->has_quota && c->quota != 0, has_period = c->has_period && c->period != 0;
	char b[32];
	int r;

	if (v == 2) {
		if (has_quota || has_period) {
			/* The kernel keeps the period when only the quota is written. */
			const char *q = has_quota ? lim(v, c->quota, b, sizeof(b)) : "max";

			if (has_period)
				r = push(t, CG_CPU, "cpu.max", "%s %" PRIu64, q, c->period);
			else
				r = push(t, CG_CPU, "cpu.max", "%s", q);
			if (r < 0)
				return r;
		}
		return c->has_burst ? push(t, CG_CPU, "cpu.max.burst", "%" PRIu64, c->burst) : 0;
	}
	if (has_period && (r = push(t, CG_CPU, "cpu.cfs_period_us", "%" PRIu64, c->period)) < 0)
		return r;
	if (has_quota && (r = push(t, CG_CPU, "cpu.cfs_quota_us", "%s", lim(v, c->quota, b, sizeof(b)))) < 0)
		return r;
	if (c->has_burst && (r = push(t, CG_CPU, "cpu.cfs_burst_us", "%" PRIu64, c->burst)) < 0)
		return r;
	return 0;
}

static int tr_cpu(struct tr *t, const struct oci_cpu *c)
{
	bool has_rt =
		(c->has_realtime_period && c->realtime_period) || (c->has_realtime_runtime && c->realtime_runtime);
	bool has_cpu = (c->has_shares && c->shares) || (c->has_quota && c->quota) || (c->has_period && c->period) ||
		       c->has_burst || c->has_idle || has_rt;
	int v, r;

	if ((c->cpus && *c->cpus) || (c->mems && *c->mems)) {
		if ((r = need(t, CG_CPUSET, "cpu.cpus")) < 0)
			return r;
		if (c->cpus && *c->cpus && (r = push(t, CG_CPUSET, "cpuset.cpus", "%s", c->cpus)) < 0)
			return r;
		if (c->mems && *c->mems && (r = push(t, CG_CPUSET, "cpuset.mems", "%s", c->mems)) < 0)
			return r;
	}
	if (!has_cpu)
		return 0;
	if ((v = need(t, CG_CPU, "cpu")) < 0)
		return v;
	if (c->has_shares && c->shares) {
		if (v == 2)
			r = push(t, CG_CPU, "cpu.weight", "%" PRIu64, cg_shares_to_weight(c->shares));
		else
			r = push(t, CG_CPU, "cpu.shares", "%" PRIu64, c->shares);
		if (r < 0)
			return r;
	}
	if ((r = tr_cpu_bandwidth(t, v, c)) < 0)
		return r;
	if (has_rt) {
		if ((r = v1_only(t, v, "cpu.realtimeRuntime")) < 0)
			return r;
		if (c->has_realtime_period && c->realtime_period &&
		    (r = push(t, CG_CPU, "cpu.rt_period_us", "%" PRIu64, c->realtime_period)) < 0)
			return r;
		if (c->has_realtime_runtime && c->realtime_runtime &&
		    (r = push(t, CG_CPU, "cpu.rt_runtime_us", "%" PRId64, c->realtime_runtime)) < 0)
			return r;
	}
	return c->has_idle ? push(t, CG_CPU, "cpu.idle", "%" PRId64, c->idle) : 0;
}

static int tr_pids(struct tr *t, const struct oci_pids *p)
{
	int v;

	if (!p->has_limit)
		return 0;
	if ((v = need(t, CG_PIDS, "pids")) < 0)
		return v;
	if (p->limit <= 0)
		return push(t, CG_PIDS, "pids.max", "max");
	return push(t, CG_PIDS, "pids.max", "%" PRId64, p->limit);
}

static int tr_throttle(struct tr *t, int v, const struct oci_throttle_device *d, size_t n, const char *v1file,
		       const char *v2key)
{
	int r;

	for (size_t i = 0; i < n; i++) {
		if (v == 1)
			r = push(t, CG_BLKIO, v1file, "%" PRId64 ":%" PRId64 " %" PRIu64, d[i].major, d[i].minor,
				 d[i].rate);
		else if (d[i].rate == 0) /* v1 semantics: 0 removes the limit */
			r = push(t, CG_BLKIO, "io.max", "%" PRId64 ":%" PRId64 " %s=max", d[i].major, d[i].minor,
				 v2key);
		else
			r = push(t, CG_BLKIO, "io.max", "%" PRId64 ":%" PRId64 " %s=%" PRIu64, d[i].major, d[i].minor,
				 v2key, d[i].rate);
		if (r < 0)
			return r;
	}
	return 0;
}

static int tr_weights(struct tr *t, int v, const struct oci_blkio *b)
{
	char alt[64];
	int r;

	/* BFQ's files take the v1 range (10-1000) on both versions; io.weight takes 1-10000. */
	if (b->has_weight && b->weight) {
		const char *bfq = v == 2 ? "io.bfq.weight" : "blkio.bfq.weight";

		if (v == 2)
			snprintf(alt, sizeof(alt), "%" PRIu64, cg_blkio_weight_to_io(b->weight));
		else
			snprintf(alt, sizeof(alt), "%u", b->weight);
		if ((r = pushx(t, CG_BLKIO, 0, v == 2 ? "io.weight" : "blkio.weight", alt, bfq, "%u", b->weight)) < 0)
			return r;
	}
	if (b->has_leaf_weight && b->leaf_weight) {
		if (v == 2)
			rt_warn("linux.resources.blockIO.leafWeight: not supported on cgroup v2, ignored");
		else if ((r = push(t, CG_BLKIO, "blkio.leaf_weight", "%u", b->leaf_weight)) < 0)
			return r;
	}
	for (size_t i = 0; i < b->weight_device_len; i++) {
		const struct oci_weight_device *d = &b->weight_device[i];

		if (d->has_weight) {
			uint64_t w = v == 2 ? cg_blkio_weight_to_io(d->weight) : d->weight;

			snprintf(alt, sizeof(alt), "%" PRId64 ":%" PRId64 " %" PRIu64, d->major, d->minor, w);
			r = pushx(t, CG_BLKIO, 0, v == 2 ? "io.weight" : "blkio.weight_device", alt,
				  v == 2 ? "io.bfq.weight" : "blkio.bfq.weight_device", "%" PRId64 ":%" PRId64 " %u",
				  d->major, d->minor, d->weight);
			if (r < 0)
				return r;
		}
		if (d->has_leaf_weight && v == 1 &&
		    (r = push(t, CG_BLKIO, "blkio.leaf_weight_device", "%" PRId64 ":%" PRId64 " %u", d->major, d->minor,
			      d->leaf_weight)) < 0)
			return r;
	}
	return 0;
}

static int tr_blkio(struct tr *t, const struct oci_blkio *b)
{
	bool any = (b->has_weight && b->weight) || (b->has_leaf_weight && b->leaf_weight) || b->weight_device_len ||
		   b->throttle_read_bps_device_len || b->throttle_write_bps_device_len ||
		   b->throttle_read_iops_device_len || b->throttle_write_iops_device_len;
	int v, r;

	if (!any)
		return 0;
	if ((v = need(t, CG_BLKIO, "blockIO")) < 0)
		return v;
	if ((r = tr_weights(t, v, b)) < 0)
		return r;
	if ((r = tr_throttle(t, v, b->throttle_read_bps_device, b->throttle_read_bps_device_len,
			     "blkio.throttle.read_bps_device", "rbps")) < 0)
		return r;
	if ((r = tr_throttle(t, v, b->throttle_write_bps_device, b->throttle_write_bps_device_len,
			     "blkio.throttle.write_bps_device", "wbps")) < 0)
		return r;
	if ((r = tr_throttle(t, v, b->throttle_read_iops_device, b->throttle_read_iops_device_len,
			     "blkio.throttle.read_iops_device", "riops")) < 0)
		return r;
	return tr_throttle(t, v, b->throttle_write_iops_device, b->throttle_write_iops_device_len,
			   "blkio.throttle.write_iops_device", "wiops");
}

/* Page sizes as the kernel names them in hugetlb file names: digits then KB, MB or GB. */
static bool valid_page_size(const char *s)
{
	size_t n = strspn(s, "0123456789");

	return s && n > 0 && (strcmp(s + n, "KB") == 0 || strcmp(s + n, "MB") == 0 || strcmp(s + n, "GB") == 0);
}

static int tr_hugetlb(struct tr *t, const struct oci_resources *res)
{
	char f[96], rf[96];
	int v, r;

	if (!res->hugepage_limits_len)
		return 0;
	if ((v = need(t, CG_HUGETLB, "hugepageLimits")) < 0)
		return v;
	for (size_t i = 0; i < res->hugepage_limits_len; i++) {
		const struct oci_hugepage_limit *h = &res->hugepage_limits[i];

		if (!h->page_size || !valid_page_size(h->page_size))
			return cg_input_err(t->err, EINVAL, "linux.resources.hugepageLimits: invalid pageSize '%s'",
					    h->page_size ? h->page_size : "");
		snprintf(f, sizeof(f), "hugetlb.%s.%s", h->page_size, v == 2 ? "max" : "limit_in_bytes");
		snprintf(rf, sizeof(rf), "hugetlb.%s.rsvd.%s", h->page_size, v == 2 ? "max" : "limit_in_bytes");
		if ((r = push(t, CG_HUGETLB, f, "%" PRIu64, h->limit)) < 0)
			return r;
		/* Reservation accounting (5.7+): keep it in step when the kernel has it. */
		if ((r = pushx(t, CG_HUGETLB, CG_W_OPTIONAL, NULL, NULL, rf, "%" PRIu64, h->limit)) < 0)
			return r;
	}
	return 0;
}

static int tr_network(struct tr *t, const struct oci_network *n)
{
	int v, r;

	if (n->has_class_id) {
		if (t->l->mode == CG_MODE_V2)
			return v1_only(t, 2, "network.classID");
		if ((v = need(t, CG_NET_CLS, "network.classID")) < 0)
			return v;
		if ((r = push(t, CG_NET_CLS, "net_cls.classid", "%u", n->class_id)) < 0)
			return r;
	}
	if (!n->priorities_len)
		return 0;
	if (t->l->mode == CG_MODE_V2)
		return v1_only(t, 2, "network.priorities");
	if ((v = need(t, CG_NET_PRIO, "network.priorities")) < 0)
		return v;
	for (size_t i = 0; i < n->priorities_len; i++) {
		const char *name = n->priorities[i].name;

		if (!name || !*name || strpbrk(name, " \n/"))
			return cg_input_err(t->err, EINVAL, "linux.resources.network.priorities: invalid name '%s'",
					    name ? name : "");
		if ((r = push(t, CG_NET_PRIO, "net_prio.ifpriomap", "%s %u", name, n->priorities[i].priority)) < 0)
			return r;
	}
	return 0;
}

static int tr_rdma(struct tr *t, const struct oci_resources *res)
{
	char h[32], o[32];
	int v, r;

	if (!res->rdma_len)
		return 0;
	if ((v = need(t, CG_RDMA, "rdma")) < 0)
		return v;
	for (size_t i = 0; i < res->rdma_len; i++) {
		const struct oci_rdma_entry *e = &res->rdma[i];

		if (!e->device || !*e->device || strpbrk(e->device, " \n"))
			return cg_input_err(t->err, EINVAL, "linux.resources.rdma: invalid device '%s'",
					    e->device ? e->device : "");
		if (!e->has_hca_handles && !e->has_hca_objects)
			continue;
		snprintf(h, sizeof(h), " hca_handle=%u", e->hca_handles);
		snprintf(o, sizeof(o), " hca_object=%u", e->hca_objects);
		if ((r = push(t, CG_RDMA, "rdma.max", "%s%s%s", e->device, e->has_hca_handles ? h : "",
			      e->has_hca_objects ? o : "")) < 0)
			return r;
	}
	return 0;
}

int cg_device_rule(const struct oci_device_cgroup *d, char *buf, size_t len, struct rt_err **err)
{
	const char *type = d->type && *d->type ? d->type : "a", *acc = d->access && *d->access ? d->access : "rwm";
	char maj[24] = "*", min[24] = "*";

	if (strlen(type) != 1 || !strchr("abc", type[0]))
		return cg_input_err(err, EINVAL, "linux.resources.devices: invalid type '%s'", type);
	if (strspn(acc, "rwm") != strlen(acc) || strlen(acc) > 3)
		return cg_input_err(err, EINVAL, "linux.resources.devices: invalid access '%s'", acc);
	/* -1 (or absent) is "all"; another negative number is no device, not a wildcard */
	if ((d->has_major && d->major < -1) || (d->has_minor && d->minor < -1))
		return cg_input_err(err, EINVAL, "linux.resources.devices: invalid %s %" PRId64,
				    d->has_major && d->major < -1 ? "major" : "minor",
				    d->has_major && d->major < -1 ? d->major : d->minor);
	if (d->has_major && d->major >= 0)
		snprintf(maj, sizeof(maj), "%" PRId64, d->major);
	if (d->has_minor && d->minor >= 0)
		snprintf(min, sizeof(min), "%" PRId64, d->minor);
	snprintf(buf, len, "%c %s:%s %s", type[0], maj, min, acc);
	return 0;
}

static int tr_devices(struct tr *t, const struct oci_resources *res)
{
	char rule[80];
	int v, r;

	if (!res->devices_len)
		return 0;
	v = cg_ctrl_version(t->l, CG_DEVICES);
	if (v == 0 && t->l->v2_hier >= 0)
		return 0; /* an eBPF program on the cgroup2 hierarchy, not file writes */
	if ((v = need(t, CG_DEVICES, "devices")) < 0)
		return v;
	if ((r = push(t, CG_DEVICES, "devices.deny", "a")) < 0)
		return r;
	for (size_t i = 0; i < res->devices_len; i++) {
		if ((r = cg_device_rule(&res->devices[i], rule, sizeof(rule), t->err)) < 0)
			return r;
		if ((r = push(t, CG_DEVICES, res->devices[i].allow ? "devices.allow" : "devices.deny", "%s", rule)) < 0)
			return r;
	}
	return 0;
}

static int tr_unified(struct tr *t, const struct oci_map *u)
{
	char prefix[32];
	int r;

	for (size_t i = 0; i < u->len; i++) {
		const char *k = u->items[i].key, *dot = k ? strchr(k, '.') : NULL;
		int c;

		if (!dot || dot == k || strchr(k, '/') || strstr(k, "..") || (size_t)(dot - k) >= sizeof(prefix))
			return cg_input_err(t->err, EINVAL, "linux.resources.unified: invalid key '%s'", k ? k : "");
		if (t->l->v2_hier < 0)
			return cg_input_err(t->err, EOPNOTSUPP,
					    "linux.resources.unified: key '%s': cgroup v2 not available", k);
		memcpy(prefix, k, (size_t)(dot - k));
		prefix[dot - k] = '\0';
		c = strcmp(prefix, "cgroup") == 0 ? CG_CORE : cg_ctrl_from_name(prefix);
		if (c < 0)
			return cg_input_err(t->err, EINVAL,
					    "linux.resources.unified: key '%s': unknown controller '%s'", k, prefix);
		if (cg_ctrl_version(t->l, c) != 2)
			return cg_input_err(t->err, EOPNOTSUPP,
					    "linux.resources.unified: key '%s': controller '%s' is not on cgroup v2", k,
					    prefix);
		if ((r = push(t, c, k, "%s", u->items[i].value ? u->items[i].value : "")) < 0)
			return r;
	}
	return 0;
}

int cg_translate(const struct oci_resources *res, const struct cg_layout *l, struct cg_writes *ret, struct rt_err **err)
{
	struct tr t = {.l = l, .w = ret, .err = err};
	int r = 0;

	ret->v = NULL;
	ret->n = 0;
	if (!res)
		return 0;
	if (res->cpu)
		r = tr_cpu(&t, res->cpu);
	if (r >= 0 && res->memory)
		r = tr_memory(&t, res->memory);
	if (r >= 0 && res->pids)
		r = tr_pids(&t, res->pids);
	if (r >= 0 && res->block_io)
		r = tr_blkio(&t, res->block_io);
	if (r >= 0)
		r = tr_hugetlb(&t, res);
	if (r >= 0 && res->network)
		r = tr_network(&t, res->network);
	if (r >= 0)
		r = tr_rdma(&t, res);
	if (r >= 0)
		r = tr_devices(&t, res);
	if (r >= 0)
		r = tr_unified(&t, &res->unified);
	if (r < 0)
		cg_writes_done(ret);
	return r < 0 ? r : 0;
}
