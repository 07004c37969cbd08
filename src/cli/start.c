/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rt start, rt kill, rt delete */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/container.h"
#include "util/util.h"

int cmd_start(struct rt_global *g, int argc, char **argv, struct rt_err **err)
{
	const char *id = cli_one_id("start", argc, argv, 1, err);

	if (!id)
		return -1;
	return rt_container_start(g->root, id, err) < 0 ? -1 : 0;
}

int cmd_kill(struct rt_global *g, int argc, char **argv, struct rt_err **err)
{
	static const struct option options[] = {
		{"all", no_argument, NULL, 'a'},
		{NULL, 0, NULL, 0},
	};
	bool all = false;
	int c, sig = 15;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+a", options, NULL)) != -1) {
		if (c != 'a')
			return cli_option_error("kill", c, argv, err);
		all = true;
	}
	if (optind >= argc)
		return cli_usage_error("kill", err, "missing container id");
	if (optind + 2 < argc)
		return cli_usage_error("kill", err, "unexpected argument '%s'", argv[optind + 2]);
	if (optind + 1 < argc && rt_signal_parse(argv[optind + 1], &sig) < 0)
		return cli_usage_error("kill", err, "invalid signal '%s'", argv[optind + 1]);
	return rt_container_kill(g->root, argv[optind], sig, all, err) < 0 ? -1 : 0;
}

int cmd_delete(struct rt_global *g, int argc, char **argv, struct rt_err **err)
{
	static const struct option options[] = {
		{"force", no_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	const char *id;
	bool force = false;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+f", options, NULL)) != -1) {
		if (c != 'f')
			return cli_option_error("delete", c, argv, err);
		force = true;
	}
	id = cli_one_id("delete", argc, argv, optind, err);
	if (!id)
		return -1;
	return rt_container_delete(g->root, id, force, err) < 0 ? -1 : 0;
}
