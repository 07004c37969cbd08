/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rt events [--interval D] [--stats] ID: runc-compatible JSON lines.
 *   {"type":"stats","id":ID,"data":{"cpu":...,"memory":...,"pids":...,"blkio":...,
 *    "hugetlb":{"2MB":{...}},"rdma":{...}}}     ("rdma" only where the controller is)
 *   {"type":"oom","id":ID}   as soon as the cgroup reports an OOM (inotify on cgroup2
 *                            memory.events, the v1 memory.oom_control eventfd)
 * --stats prints one stats object and exits; otherwise stats every interval (default
 * 5s) until the container stops.
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

static void print_stats(const char *id, const struct cg_stats *s)
{
	printf("{\"type\":\"stats\",\"id\":");
	rt_json_escape(stdout, id);
	printf(",\"data\":{");
	printf("\"cpu\":{\"usage\":{\"total\":%llu,\"kernel\":%llu,\"user\":%llu},\"throttling\":{}}",
	       (unsigned long long)s->cpu_usage_ns, (unsigned long long)s->cpu_system_ns,
	       (unsigned long long)s->cpu_user_ns);
	printf(",\"memory\":{\"usage\":{\"limit\":%llu,\"usage\":%llu,\"max\":%llu,\"failcnt\":%llu}"
	       ",\"swap\":{\"limit\":%llu,\"usage\":%llu},\"oom_kill\":%llu}",
	       (unsigned long long)s->mem_limit, (unsigned long long)s->mem_usage, (unsigned long long)s->mem_max_usage,
	       (unsigned long long)s->mem_failcnt, (unsigned long long)s->swap_limit, (unsigned long long)s->swap_usage,
	       (unsigned long long)s->oom_kill);
	printf(",\"pids\":{\"current\":%llu,\"limit\":%llu}", (unsigned long long)s->pids_current,
	       (unsigned long long)(s->pids_limit == UINT64_MAX ? 0 : s->pids_limit));
	printf(",\"blkio\":{}");
	print_hugetlb(s);
	if (s->has_rdma) {
		printf(",\"rdma\":{\"rdma_current\":");
		print_rdma(s->rdma_current, s->n_rdma_current);
		printf(",\"rdma_limit\":");
		print_rdma(s->rdma_limit, s->n_rdma_limit);
		printf("}");
	}
	printf("}}\n");
	fflush(stdout);
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

	print_stats(id, st);
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
		print_stats(id, st);
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
	while ((c = getopt_long(argc, argv, "+", options, NULL)) != -1) {
		if (c == 'i' && parse_duration(optarg, &interval_ms) == 0)
			continue;
		if (c == 'i')
			return cli_usage_error("events", err, "invalid --interval '%s'", optarg);
		if (c == 's')
			once = true;
		else
			return cli_usage_error("events", err, "unknown option '%s'", argv[optind - 1]);
	}
	id = cli_one_id("events", argc, argv, optind, err);
	if (!id)
		return -1;
	if (rt_events_open(g->root, id, &ev, err) < 0)
		return -1;
	r = rt_events_stats(ev, &st, err);
	if (r >= 0 && once)
		print_stats(id, &st);
	if (r < 0 || once || !rt_events_running(ev)) {
		rt_events_free(ev);
		return r < 0 ? -1 : 0;
	}
	r = events_loop(ev, id, interval_ms, &st, err);
	rt_events_free(ev);
	return r;
}
