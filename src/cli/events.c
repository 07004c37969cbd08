/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rt events [--interval D] [--stats] ID: runc-compatible JSON lines.
 *   {"type":"stats","id":ID,"data":{"cpu":...,"cpuset":...,"memory":...,"pids":...,
 *    "blkio":...,"hugetlb":{"2MB":{...}},"rdma":{...},"intel_rdt":{},
 *    "network_interfaces":null}}   (runc 1.1.5's types.Stats keys; "rdma" only where the
 *                                   controller is; runc's omitempty kept for throttling,
 *                                   the per-cpu lists and the blkio lists and entries)
 *   {"type":"oom","id":ID}   as soon as the cgroup reports an OOM (inotify on cgroup2
 *                            memory.events, the v1 memory.oom_control eventfd)
 * --stats prints one stats object and exits; otherwise stats every interval (default
 * 5s) until the container stops. A stopped container is an error, as in runc.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/manage.h"
#include "util/log.h"
#include "util/util.h"

/* Go-style durations as go-runc passes them ("5s", "100ms", "1m30s") or plain seconds. */
static int parse_duration(const char *s, long *ret_ms)
{
	double total = 0;
	const char *p = s;

	if (!*s)
		return -EINVAL;
	while (*p) {
		char *end;
		double v = strtod(p, &end);
		if (end == p || v < 0)
			return -EINVAL;
		p = end;
		if (!*p && p == s + strlen(s) && total == 0) {
			total = v * 1000; /* a bare number: seconds */
			break;
		}
		if (strncmp(p, "ms", 2) == 0) {
			total += v;
			p += 2;
		} else if (*p == 's') {
			total += v * 1000;
			p++;
		} else if (*p == 'm') {
			total += v * 60000;
			p++;
		} else if (*p == 'h') {
			total += v * 3600000;
			p++;
		} else {
			return -EINVAL;
		}
	}
	if (total < 1)
		return -EINVAL;
	*ret_ms = (long)total;
	return 0;
}

/* runc's map of page size -> {usage, max, failcnt}. */
static void print_hugetlb(const struct cg_stats *s)
{
	printf(",\"hugetlb\":{");
	for (size_t i = 0; i < s->n_hugetlb; i++) {
		const struct cg_hugetlb_stat *h = &s->hugetlb[i];

		printf("%s", i ? "," : "");
		rt_json_escape(stdout, h->size);
		printf(":{\"usage\":%llu,\"max\":%llu,\"failcnt\":%llu}", (unsigned long long)h->usage,
		       (unsigned long long)h->max, (unsigned long long)h->failcnt);
	}
	printf("}");
}

/* libcontainer's RdmaEntry list: device, hca_handles, hca_objects. */
static void print_rdma(const struct cg_rdma_stat *v, size_t n)
{
	printf("[");
	for (size_t i = 0; i < n; i++) {
		printf("%s{\"device\":", i ? "," : "");
		rt_json_escape(stdout, v[i].device);
		printf(",\"hca_handles\":%u,\"hca_objects\":%u}", v[i].hca_handles, v[i].hca_objects);
	}
	printf("]");
}

static void print_oom(const char *id)
{
	printf("{\"type\":\"oom\",\"id\":");
	rt_json_escape(stdout, id);
	printf("}\n");
	fflush(stdout);
}

static void print_u64s(const char *key, const uint64_t *v, size_t n)
{
	if (n == 0)
		return; /* runc: omitempty */
	printf(",\"%s\":[", key);
	for (size_t i = 0; i < n; i++)
		printf("%s%llu", i ? "," : "", (unsigned long long)v[i]);
	printf("]");
}

static void print_u16s(const char *key, const uint16_t *v, size_t n)
{
	if (n == 0)
		return;
	printf("\"%s\":[", key);
	for (size_t i = 0; i < n; i++)
		printf("%s%u", i ? "," : "", (unsigned)v[i]);
	printf("],");
}

/* "key":v after *sep unless v is 0 (runc's omitempty); *sep becomes "," once one is printed. */
static void print_nonzero(const char **sep, const char *key, uint64_t v)
{
	if (!v)
		return;
	printf("%s\"%s\":%llu", *sep, key, (unsigned long long)v);
	*sep = ",";
}

/* runc's Throttling: each field omitted when 0. */
static void print_throttling(const struct cg_detail *d)
{
	const char *sep = "";

	printf(",\"throttling\":{");
	print_nonzero(&sep, "periods", d->periods);
	print_nonzero(&sep, "throttledPeriods", d->throttled_periods);
	print_nonzero(&sep, "throttledTime", d->throttled_time);
	printf("}");
}

static void print_cpuset(const struct cg_detail *d)
{
	printf(",\"cpuset\":{");
	if (d->has_cpuset) {
		print_u16s("cpus", d->cpus, d->n_cpus);
		printf("\"cpu_exclusive\":%llu,", (unsigned long long)d->cpu_exclusive);
		print_u16s("mems", d->mems, d->n_mems);
	} else {
		printf("\"cpu_exclusive\":0,");
	}
	printf("\"mem_hardwall\":%llu,\"mem_exclusive\":%llu,\"memory_migrate\":%llu,"
	       "\"memory_spread_page\":%llu,\"memory_spread_slab\":%llu,\"memory_pressure\":%llu,"
	       "\"sched_load_balance\":%llu,\"sched_relax_domain_level\":%lld}",
	       (unsigned long long)d->mem_hardwall, (unsigned long long)d->mem_exclusive,
	       (unsigned long long)d->memory_migrate, (unsigned long long)d->memory_spread_page,
	       (unsigned long long)d->memory_spread_slab, (unsigned long long)d->memory_pressure,
	       (unsigned long long)d->sched_load_balance, (long long)d->sched_relax_domain_level);
}

static void print_mem_entry(const char *key, uint64_t limit, uint64_t usage, uint64_t max, uint64_t failcnt)
{
	printf(",\"%s\":{\"limit\":%llu,\"usage\":%llu,\"max\":%llu,\"failcnt\":%llu}", key, (unsigned long long)limit,
	       (unsigned long long)usage, (unsigned long long)max, (unsigned long long)failcnt);
}

/* memory.stat as runc's "raw" map; a line that is not "key number" is left out. */
static void print_raw(const char *text)
{
	const char *sep = "";

	if (!text || !*text)
		return; /* runc: omitempty */
	printf(",\"raw\":{");
	for (const char *p = text; *p;) {
		size_t l = strcspn(p, "\n"), kl = strcspn(p, " \n");
		char key[128], num[32];
		uint64_t v;

		if (kl < l && kl < sizeof(key) && l - kl - 1 < sizeof(num)) {
			memcpy(key, p, kl);
			key[kl] = '\0';
			memcpy(num, p + kl + 1, l - kl - 1);
			num[l - kl - 1] = '\0';
			if (rt_parse_u64(num, &v) == 0) {
				printf("%s", sep);
				rt_json_escape(stdout, key);
				printf(":%llu", (unsigned long long)v);
				sep = ",";
			}
		}
		p += l + (p[l] == '\n');
	}
	printf("}");
}

/* runc's blkio lists; an empty list is left out, as are an entry's zero fields (omitempty). */
static void print_blkio(const struct cg_detail *d)
{
	static const char *const names[CG_BLKIO_LISTS] = {
		[CG_BLKIO_SERVICE_BYTES] = "ioServiceBytesRecursive",
		[CG_BLKIO_SERVICED] = "ioServicedRecursive",
		[CG_BLKIO_QUEUED] = "ioQueueRecursive",
		[CG_BLKIO_SERVICE_TIME] = "ioServiceTimeRecursive",
		[CG_BLKIO_WAIT_TIME] = "ioWaitTimeRecursive",
		[CG_BLKIO_MERGED] = "ioMergedRecursive",
		[CG_BLKIO_TIME] = "ioTimeRecursive",
		[CG_BLKIO_SECTORS] = "sectorsRecursive",
	};
	const char *lsep = "";

	printf(",\"blkio\":{");
	for (int i = 0; i < CG_BLKIO_LISTS; i++) {
		if (d->n_blkio[i] == 0)
			continue;
		printf("%s\"%s\":[", lsep, names[i]);
		lsep = ",";
		for (size_t k = 0; k < d->n_blkio[i]; k++) {
			const struct cg_blkio_entry *e = &d->blkio[i][k];
			const char *sep = "";

			printf("%s{", k ? "," : "");
			print_nonzero(&sep, "major", e->major);
			print_nonzero(&sep, "minor", e->minor);
			if (e->op[0]) {
				printf("%s\"op\":", sep);
				rt_json_escape(stdout, e->op);
				sep = ",";
			}
			print_nonzero(&sep, "value", e->value);
			printf("}");
		}
		printf("]");
	}
	printf("}");
}

static void print_stats(const char *id, const struct cg_stats *s, const struct cg_detail *d)
{
	printf("{\"type\":\"stats\",\"id\":");
	rt_json_escape(stdout, id);
	printf(",\"data\":{");
	printf("\"cpu\":{\"usage\":{\"total\":%llu", (unsigned long long)s->cpu_usage_ns);
	print_u64s("percpu", d->percpu, d->n_percpu);
	print_u64s("percpu_kernel", d->percpu_kernel, d->n_percpu_modes);
	print_u64s("percpu_user", d->percpu_user, d->n_percpu_modes);
	printf(",\"kernel\":%llu,\"user\":%llu}", (unsigned long long)s->cpu_system_ns,
	       (unsigned long long)s->cpu_user_ns);
	print_throttling(d);
	printf("}");
	print_cpuset(d);
	printf(",\"memory\":{\"cache\":%llu", (unsigned long long)d->cache);
	print_mem_entry("usage", s->mem_limit, s->mem_usage, s->mem_max_usage, s->mem_failcnt);
	print_mem_entry("swap", s->swap_limit, s->swap_usage, d->swap_max, d->swap_failcnt);
	print_mem_entry("kernel", d->kernel.limit, d->kernel.usage, d->kernel.max, d->kernel.failcnt);
	print_mem_entry("kernelTCP", d->kernel_tcp.limit, d->kernel_tcp.usage, d->kernel_tcp.max,
			d->kernel_tcp.failcnt);
	print_raw(d->memory_stat);
	printf(",\"oom_kill\":%llu}", (unsigned long long)s->oom_kill);
	printf(",\"pids\":{\"current\":%llu,\"limit\":%llu}", (unsigned long long)s->pids_current,
	       (unsigned long long)(s->pids_limit == UINT64_MAX ? 0 : s->pids_limit));
	print_blkio(d);
	print_hugetlb(s);
	if (s->has_rdma) {
		printf(",\"rdma\":{\"rdma_current\":");
		print_rdma(s->rdma_current, s->n_rdma_current);
		printf(",\"rdma_limit\":");
		print_rdma(s->rdma_limit, s->n_rdma_limit);
		printf("}");
	}
	printf(",\"intel_rdt\":{},\"network_interfaces\":null}}\n");
	fflush(stdout);
}

/* One stats line: the counters, then the rest runc prints, read at once. */
static void stats_line(struct rt_events *ev, const char *id, const struct cg_stats *st)
{
	struct cg_detail d;

	rt_events_detail(ev, &d);
	print_stats(id, st, &d);
	cg_detail_free(&d);
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Stats every interval, OOM lines as they happen, until the container stops. */
static int events_loop(struct rt_events *ev, const char *id, long interval_ms, struct cg_stats *st, struct rt_err **err)
{
	int64_t next = mono_ms() + interval_ms;
	unsigned n;

	stats_line(ev, id, st);
	for (;;) {
		int64_t left = next - mono_ms();
		int r = rt_events_wait(ev, left < 0 ? 0 : left, &n, err);

		if (r < 0)
			return -1;
		if (r == RT_EV_STOPPED)
			return 0;
		while (r == RT_EV_OOM && n-- > 0)
			print_oom(id);
		if (r != RT_EV_TIMEOUT)
			continue;
		if (rt_events_stats(ev, st, NULL) < 0)
			return 0; /* deleted meanwhile: the stream ends */
		stats_line(ev, id, st);
		next += interval_ms;
	}
}

int cmd_events(struct rt_global *g, int argc, char **argv, struct rt_err **err)
{
	static const struct option options[] = {
		{"interval", required_argument, NULL, 'i'},
		{"stats", no_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	struct rt_events *ev = NULL;
	struct cg_stats st;
	bool once = false;
	long interval_ms = 5000;
	const char *id;
	int c, r;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:", options, NULL)) != -1) {
		if (c == 'i' && parse_duration(optarg, &interval_ms) == 0)
			continue;
		if (c == 'i')
			return cli_usage_error("events", err, "invalid --interval '%s'", optarg);
		if (c == 's')
			once = true;
		else
			return cli_option_error("events", c, argv, err);
	}
	id = cli_one_id("events", argc, argv, optind, err);
	if (!id)
		return -1;
	if (rt_events_open(g->root, id, &ev, err) < 0)
		return -1;
	/* as runc 1.1.5 ("container with id ... is not running"): created and paused are fine */
	if (!rt_events_running(ev)) {
		rt_events_free(ev);
		return rt_err_set(err, 0, "container '%s' is not running", id);
	}
	r = rt_events_stats(ev, &st, err);
	if (r >= 0 && once)
		stats_line(ev, id, &st);
	if (r < 0 || once) {
		rt_events_free(ev);
		return r < 0 ? -1 : 0;
	}
	r = events_loop(ev, id, interval_ms, &st, err);
	rt_events_free(ev);
	return r;
}
