/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rt events [--interval D] [--stats] ID: runc-compatible JSON lines.
 *   {"type":"stats","id":ID,"data":{"cpu":...,"memory":...,"pids":...}}
 *   {"type":"oom","id":ID}   when the container's OOM-kill counter rises
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
	printf(",\"blkio\":{},\"hugetlb\":{}}}\n");
	fflush(stdout);
}

int cmd_events(struct rt_global *g, int argc, char **argv, struct rt_err **err)
{
	static const struct option options[] = {
		{"interval", required_argument, NULL, 'i'},
		{"stats", no_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	struct cg_stats st;
	uint64_t last_oom = 0;
	bool once = false, first = true;
	long interval_ms = 5000;
	const char *id;
	int c;

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
	for (;;) {
		struct timespec ts = {interval_ms / 1000, (interval_ms % 1000) * 1000000L};
		bool alive;
		if (rt_container_stats(g->root, id, &st, &alive, err) < 0)
			return first ? -1 : 0; /* deleted meanwhile: the stream ends */
		if (!first && st.oom_kill > last_oom) {
			printf("{\"type\":\"oom\",\"id\":");
			rt_json_escape(stdout, id);
			printf("}\n");
		}
		last_oom = st.oom_kill;
		if (once) {
			print_stats(id, &st);
			return 0;
		}
		if (!alive)
			return 0;
		print_stats(id, &st);
		first = false;
		nanosleep(&ts, NULL);
	}
}
