/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rt state, rt list */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/container.h"
#include "util/util.h"

int cmd_state(struct rt_global *g, int argc, char **argv, struct rt_err **err)
{
	const char *id = cli_one_id("state", argc, argv, 1, err);
	struct oci_state *s = NULL;
	char *json;

	if (!id || rt_container_state(g->root, id, &s, err) < 0)
		return -1;
	json = oci_state_generate(s, true, NULL, err);
	oci_state_free(s);
	if (!json)
		return -1;
	fputs(json, stdout);
	if (!*json || json[strlen(json) - 1] != '\n')
		putchar('\n');
	free(json);
	return 0;
}

static void print_table(struct oci_state **v, size_t n)
{
	int w = 2;

	for (size_t i = 0; i < n; i++)
		if ((int)strlen(v[i]->id) > w)
			w = (int)strlen(v[i]->id);
	printf("%-*s   %-10s %-10s %-40s %-30s %s\n", w, "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER");
	for (size_t i = 0; i < n; i++)
		printf("%-*s   %-10d %-10s %-40s %-30s %s\n", w, v[i]->id, v[i]->pid, v[i]->status, v[i]->bundle,
		       v[i]->created, v[i]->owner);
}

static void print_json(struct oci_state **v, size_t n)
{
	fputs("[", stdout);
	for (size_t i = 0; i < n; i++) {
		char *j = oci_state_generate(v[i], false, NULL, NULL);
		printf("%s%s", i ? "," : "", j ? j : "null");
		free(j);
	}
	fputs("]\n", stdout);
}

int cmd_list(struct rt_global *g, int argc, char **argv, struct rt_err **err)
{
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		{"quiet", no_argument, NULL, 'q'},
		{NULL, 0, NULL, 0},
	};
	struct oci_state **v = NULL;
	bool quiet = false, json = false;
	size_t n = 0;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:f:q", options, NULL)) != -1) {
		if (c == 'q')
			quiet = true;
		else if (c == 'f' && (strcmp(optarg, "json") == 0 || strcmp(optarg, "table") == 0))
			json = strcmp(optarg, "json") == 0;
		else if (c == 'f')
			return cli_usage_error("list", err, "invalid format '%s': expected table or json", optarg);
		else
			return cli_option_error("list", c, argv, err);
	}
	if (optind < argc)
		return cli_usage_error("list", err, "unexpected argument '%s'", argv[optind]);
	if (rt_container_list(g->root, json, &v, &n, err) < 0)
		return -1;
	if (quiet)
		for (size_t i = 0; i < n; i++)
			puts(v[i]->id);
	else if (json)
		print_json(v, n);
	else
		print_table(v, n);
	for (size_t i = 0; i < n; i++)
		oci_state_free(v[i]);
	free(v);
	return 0;
}
