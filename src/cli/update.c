/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rt update */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/manage.h"
#include "util/util.h"

enum {
	OPT_MEMORY = 256,
	OPT_SWAP,
	OPT_RESERVATION,
	OPT_KMEM,
	OPT_KMEM_TCP,
	OPT_SHARES,
	OPT_QUOTA,
	OPT_PERIOD,
	OPT_CPUS,
	OPT_MEMS,
	OPT_PIDS,
	OPT_BLKIO,
	OPT_RT_PERIOD,
	OPT_RT_RUNTIME,
	OPT_IDLE,
	OPT_BURST
};

static const struct option options[] = {
	{"resources", required_argument, NULL, 'r'},
	{"memory", required_argument, NULL, OPT_MEMORY},
	{"memory-swap", required_argument, NULL, OPT_SWAP},
	{"memory-reservation", required_argument, NULL, OPT_RESERVATION},
	{"kernel-memory", required_argument, NULL, OPT_KMEM},
	{"kernel-memory-tcp", required_argument, NULL, OPT_KMEM_TCP},
	{"cpu-share", required_argument, NULL, OPT_SHARES},
	{"cpu-shares", required_argument, NULL, OPT_SHARES},
	{"cpu-quota", required_argument, NULL, OPT_QUOTA},
	{"cpu-period", required_argument, NULL, OPT_PERIOD},
	{"cpuset-cpus", required_argument, NULL, OPT_CPUS},
	{"cpuset-mems", required_argument, NULL, OPT_MEMS},
	{"pids-limit", required_argument, NULL, OPT_PIDS},
	{"blkio-weight", required_argument, NULL, OPT_BLKIO},
	{"cpu-rt-period", required_argument, NULL, OPT_RT_PERIOD},
	{"cpu-rt-runtime", required_argument, NULL, OPT_RT_RUNTIME},
	{"cpu-idle", required_argument, NULL, OPT_IDLE},
	{"cpu-burst", required_argument, NULL, OPT_BURST},
	{NULL, 0, NULL, 0},
};

/* "-1", a number of bytes, or a number with a binary suffix (k, m, g, t; b allowed after it). */
static int parse_bytes(const char *s, int64_t *ret)
{
	char *end;
	long long v;
	int shift = 0;

	if (strcmp(s, "-1") == 0) {
		*ret = -1;
		return 0;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || v < 0)
		return -EINVAL;
	switch (tolower((unsigned char)*end)) {
	case 'k':
		shift = 10;
		end++;
		break;
	case 'm':
		shift = 20;
		end++;
		break;
	case 'g':
		shift = 30;
		end++;
		break;
	case 't':
		shift = 40;
		end++;
		break;
	default:
		break;
	}
	if (tolower((unsigned char)*end) == 'b')
		end++;
	if (*end || (shift && v > (INT64_MAX >> shift)))
		return -EINVAL;
	*ret = (int64_t)v << shift;
	return 0;
}

static int read_resources(const char *path, struct oci_resources **ret, struct rt_err **err)
{
	_cleanup_free_ char *data = NULL;
	_cleanup_close_ int fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
	size_t len;
	int r;

	if (fd < 0)
		return rt_err_set(err, errno, "open resources '%s'", path);
	r = rt_read_all_fd(fd, OCI_MAX_INPUT, &data, &len);
	if (r < 0)
		return rt_err_set(err, -r, "read resources '%s'", path);
	*ret = oci_resources_parse(data, len, strcmp(path, "-") == 0 ? "resources" : path, err);
	return *ret ? 0 : -EINVAL;
}

#define NEED(p) ((p) ? (p) : ((p) = calloc(1, sizeof(*(p)))))

static int set_flag(struct oci_resources *r, int opt, const char *arg, struct rt_err **err)
{
	int64_t v;
	uint64_t u;

	if (!NEED(r->memory) || !NEED(r->cpu) || !NEED(r->pids) || !NEED(r->block_io))
		return rt_err_set(err, ENOMEM, "update");
	if (opt == OPT_CPUS || opt == OPT_MEMS) {
		char **dst = opt == OPT_CPUS ? &r->cpu->cpus : &r->cpu->mems;
		free(*dst);
		*dst = strdup(arg);
		return *dst ? 0 : -ENOMEM;
	}
	if ((opt == OPT_MEMORY || opt == OPT_SWAP || opt == OPT_RESERVATION || opt == OPT_KMEM || opt == OPT_KMEM_TCP)
		    ? parse_bytes(arg, &v) < 0
		    : rt_parse_i64(arg, &v) < 0)
		return rt_err_set(err, 0, "update: invalid value '%s'", arg);
	u = (uint64_t)v;
	switch (opt) {
	case OPT_MEMORY:
		r->memory->has_limit = true;
		r->memory->limit = v;
		break;
	case OPT_SWAP:
		r->memory->has_swap = true;
		r->memory->swap = v;
		break;
	case OPT_RESERVATION:
		r->memory->has_reservation = true;
		r->memory->reservation = v;
		break;
	case OPT_KMEM:
	case OPT_KMEM_TCP:
		break; /* obsolete: accepted and ignored, as runc */
	case OPT_SHARES:
		r->cpu->has_shares = true;
		r->cpu->shares = u;
		break;
	case OPT_QUOTA:
		r->cpu->has_quota = true;
		r->cpu->quota = v;
		break;
	case OPT_PERIOD:
		r->cpu->has_period = true;
		r->cpu->period = u;
		break;
	case OPT_RT_PERIOD:
		r->cpu->has_realtime_period = true;
		r->cpu->realtime_period = u;
		break;
	case OPT_RT_RUNTIME:
		r->cpu->has_realtime_runtime = true;
		r->cpu->realtime_runtime = v;
		break;
	case OPT_IDLE:
		r->cpu->has_idle = true;
		r->cpu->idle = v;
		break;
	case OPT_BURST:
		r->cpu->has_burst = true;
		r->cpu->burst = u;
		break;
	case OPT_PIDS:
		r->pids->has_limit = true;
		r->pids->limit = v;
		break;
	case OPT_BLKIO:
		if (v < 0 || v > 1000)
			return rt_err_set(err, 0, "update: --blkio-weight must be 10..1000");
		r->block_io->has_weight = true;
		r->block_io->weight = (uint16_t)v;
		break;
	default:
		break;
	}
	return 0;
}

int cmd_update(struct rt_global *g, int argc, char **argv, struct rt_err **err)
{
	struct oci_resources *res = NULL, flags = {0};
	const char *file = NULL, *id;
	int c, r = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:r:", options, NULL)) != -1) {
		if (c == 'r')
			file = optarg;
		else if (c == '?' || c == ':') {
			oci_resources_free(res);
			return cli_option_error("update", c, argv, err);
		} else if (set_flag(&flags, c, optarg, err) < 0) {
			goto out;
		}
	}
	id = cli_one_id("update", argc, argv, optind, err);
	if (!id) {
		r = -1;
		goto out;
	}
	if (file && read_resources(file, &res, err) < 0) {
		r = -1;
		goto out;
	}
	/* no flag: an update that changes nothing, which runc 1.1.5 accepts (status 0) */
	r = rt_container_update(g->root, id, file ? res : &flags, err) < 0 ? -1 : 0;
out:
	oci_resources_free(res);
	free(flags.memory);
	if (flags.cpu) {
		free(flags.cpu->cpus);
		free(flags.cpu->mems);
	}
	free(flags.cpu);
	free(flags.pids);
	free(flags.block_io);
	return *err ? -1 : r;
}
