/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rt exec */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/exec.h"
#include "util/util.h"

enum {
	OPT_PID_FILE = 256,
	OPT_CONSOLE,
	OPT_PRESERVE,
	OPT_NNP,
	OPT_LABEL,
	OPT_APPARMOR,
	OPT_CGROUP,
	OPT_IGNORE_PAUSED,
	OPT_PIDFD
};

static const struct option options[] = {
	{"process", required_argument, NULL, 'p'},
	{"detach", no_argument, NULL, 'd'},
	{"tty", optional_argument, NULL, 't'},
	{"cwd", required_argument, NULL, 'w'},
	{"env", required_argument, NULL, 'e'},
	{"user", required_argument, NULL, 'u'},
	{"additional-gids", required_argument, NULL, 'g'},
	{"cap", required_argument, NULL, 'c'},
	{"pid-file", required_argument, NULL, OPT_PID_FILE},
	{"console-socket", required_argument, NULL, OPT_CONSOLE},
	{"pidfd-socket", required_argument, NULL, OPT_PIDFD},
	{"preserve-fds", required_argument, NULL, OPT_PRESERVE},
	{"no-new-privs", no_argument, NULL, OPT_NNP},
	{"process-label", required_argument, NULL, OPT_LABEL},
	{"apparmor", required_argument, NULL, OPT_APPARMOR},
	{"cgroup", required_argument, NULL, OPT_CGROUP},
	{"ignore-paused", no_argument, NULL, OPT_IGNORE_PAUSED},
	{NULL, 0, NULL, 0},
};

int cmd_exec(struct rt_global *g, int argc, char **argv, struct rt_err **err)
{
	struct rt_exec_opts o = {.root = g->root};
	_cleanup_strv_ char **env = NULL, **caps = NULL, **cgroups = NULL;
	_cleanup_free_ uint32_t *gids = NULL;
	uint32_t n;
	int c, code = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:p:dt::w:e:u:g:c:", options, NULL)) != -1) {
		switch (c) {
		case 'p':
			o.process_file = optarg;
			break;
		case 'd':
			o.detach = true;
			break;
		case 't':
			o.tty = !optarg || !(strcmp(optarg, "false") == 0 || strcmp(optarg, "no") == 0);
			break;
		case 'w':
			o.cwd = optarg;
			break;
		case 'e':
			if (rt_strv_push(&env, optarg) < 0)
				return rt_err_set(err, ENOMEM, "exec");
			break;
		case 'u':
			o.user = optarg;
			break;
		case 'g': {
			uint32_t *ng;
			if (rt_parse_u32(optarg, &n) < 0)
				return cli_usage_error("exec", err, "invalid --additional-gids '%s'", optarg);
			ng = realloc(gids, (o.additional_gids_len + 1) * sizeof(*gids));
			if (!ng)
				return rt_err_set(err, ENOMEM, "exec");
			gids = ng;
			gids[o.additional_gids_len++] = n;
			break;
		}
		case 'c':
			if (rt_strv_push(&caps, optarg) < 0)
				return rt_err_set(err, ENOMEM, "exec");
			break;
		case OPT_PID_FILE:
			o.pid_file = optarg;
			break;
		case OPT_CONSOLE:
			o.console_socket = optarg;
			break;
		case OPT_PIDFD:
			o.pidfd_socket = optarg;
			break;
		case OPT_PRESERVE:
			if (rt_parse_u32(optarg, &n) < 0 || n > 65000)
				return cli_usage_error("exec", err, "invalid --preserve-fds '%s'", optarg);
			o.preserve_fds = (int)n;
			break;
		case OPT_NNP:
			o.no_new_privs = true;
			break;
		case OPT_IGNORE_PAUSED:
			o.ignore_paused = true;
			break;
		case OPT_LABEL:
			o.process_label = optarg;
			break;
		case OPT_APPARMOR:
			o.apparmor = optarg;
			break;
		case OPT_CGROUP:
			if (rt_strv_push(&cgroups, optarg) < 0)
				return rt_err_set(err, ENOMEM, "exec");
			break;
		default:
			return cli_option_error("exec", c, argv, err);
		}
	}
	if (optind >= argc)
		return cli_usage_error("exec", err, "missing container id");
	o.id = argv[optind++];
	if (!o.process_file && optind >= argc)
		return cli_usage_error("exec", err, "missing command (or --process)");
	o.args = argv + optind;
	o.args_len = (size_t)(argc - optind);
	o.env = env;
	o.caps = caps;
	o.cgroups = cgroups;
	o.additional_gids = gids;
	cli_close_inherited_fds(o.preserve_fds);
	if (rt_container_exec(&o, &code, err) < 0)
		return -1;
	return code;
}
