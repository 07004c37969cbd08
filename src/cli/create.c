/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rt create / rt run */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/container.h"
#include "util/util.h"

enum {
	OPT_BUNDLE = 'b',
	OPT_CONFIG = 'f',
	OPT_DETACH = 'd',
	OPT_PID_FILE = 256,
	OPT_CONSOLE,
	OPT_PRESERVE,
	OPT_NO_PIVOT,
	OPT_NO_KEYRING,
	OPT_NO_SUBREAPER,
	OPT_KEEP,
	OPT_PIDFD_SOCKET
};

static const struct option options[] = {
	{"bundle", required_argument, NULL, OPT_BUNDLE},
	{"config", required_argument, NULL, OPT_CONFIG},
	{"pid-file", required_argument, NULL, OPT_PID_FILE},
	{"console-socket", required_argument, NULL, OPT_CONSOLE},
	{"pidfd-socket", required_argument, NULL, OPT_PIDFD_SOCKET},
	{"preserve-fds", required_argument, NULL, OPT_PRESERVE},
	{"no-pivot", no_argument, NULL, OPT_NO_PIVOT},
	{"no-new-keyring", no_argument, NULL, OPT_NO_KEYRING},
	{"no-subreaper", no_argument, NULL, OPT_NO_SUBREAPER},
	{"detach", no_argument, NULL, OPT_DETACH},
	{"keep", no_argument, NULL, OPT_KEEP},
	{NULL, 0, NULL, 0},
};

/* Parses the flags shared by create and run. Returns optind, or -1 with *err set. */
static int parse(const char *cmd, struct rt_global *g, int argc, char **argv, struct rt_create_opts *o, bool *detach,
		 bool *keep, struct rt_err **err)
{
	const char *shortopts = strcmp(cmd, "run") == 0 ? "+:b:f:d" : "+:b:f:";
	uint32_t n;
	int c;

	memset(o, 0, sizeof(*o));
	o->root = g->root;
	o->cgroup_manager = g->cgroup_manager;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, options, NULL)) != -1) {
		switch (c) {
		case OPT_BUNDLE:
			o->bundle = optarg;
			break;
		case OPT_CONFIG:
			o->config_name = optarg;
			break;
		case OPT_PID_FILE:
			o->pid_file = optarg;
			break;
		case OPT_CONSOLE:
			o->console_socket = optarg;
			break;
		case OPT_PIDFD_SOCKET:
			o->pidfd_socket = optarg;
			break;
		case OPT_PRESERVE:
			if (rt_parse_u32(optarg, &n) < 0 || n > 65000)
				return cli_usage_error(cmd, err, "invalid --preserve-fds '%s'", optarg);
			o->preserve_fds = (int)n;
			break;
		case OPT_NO_PIVOT:
			o->no_pivot = true;
			break;
		case OPT_NO_KEYRING:
			o->no_new_keyring = true;
			break;
		case OPT_NO_SUBREAPER:
			break;
		case OPT_DETACH:
			if (!detach)
				return cli_usage_error(cmd, err, "unknown option '--detach'");
			*detach = true;
			break;
		case OPT_KEEP:
			if (!keep)
				return cli_usage_error(cmd, err, "unknown option '--keep'");
			*keep = true;
			break;
		default:
			return cli_option_error(cmd, c, argv, err);
		}
	}
	o->id = cli_one_id(cmd, argc, argv, optind, err);
	return o->id ? optind : -1;
}

/*
 * LISTEN_FDS from a socket-activating caller (meant for us: LISTEN_PID unset or ours)
 * are passed on like --preserve-fds, and the container is told about them.
 */
static void add_listen_fds(struct rt_create_opts *o)
{
	const char *s = getenv("LISTEN_FDS"), *pid = getenv("LISTEN_PID");
	uint32_t n, p;

	if (!s || rt_parse_u32(s, &n) < 0 || n == 0 || n > 65000)
		return;
	if (pid && (rt_parse_u32(pid, &p) < 0 || p != (uint32_t)getpid()))
		return;
	o->listen_fds = (int)n;
	if ((int)n > o->preserve_fds)
		o->preserve_fds = (int)n;
}

int cmd_create(struct rt_global *g, int argc, char **argv, struct rt_err **err)
{
	struct rt_create_opts o;

	if (parse("create", g, argc, argv, &o, NULL, NULL, err) < 0)
		return -1;
	add_listen_fds(&o);
	cli_close_inherited_fds(o.preserve_fds);
	return rt_container_create(&o, err) < 0 ? -1 : 0;
}

int cmd_run(struct rt_global *g, int argc, char **argv, struct rt_err **err)
{
	struct rt_create_opts o;
	bool detach = false, keep = false;
	int code = 0;

	if (parse("run", g, argc, argv, &o, &detach, &keep, err) < 0)
		return -1;
	if (detach && keep)
		return cli_usage_error("run", err, "--keep cannot be used with --detach");
	add_listen_fds(&o);
	cli_close_inherited_fds(o.preserve_fds);
	if (rt_container_run(&o, detach, keep, &code, err) < 0)
		return -1;
	return code;
}
