/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rt: an OCI runtime. Global options, the command table, exit codes. This is the
 * only place that prints an error or exits.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "linux/selfexe.h"
#include "util/log.h"
#include "util/util.h"

/* clang-format off */
const struct rt_command rt_commands[] = {
	{ "create", "create a container from a bundle", cmd_create,
	  "usage: rt create [--bundle DIR] [--pid-file FILE] [--console-socket SOCK] [--pidfd-socket SOCK]\n"
	  "                 [--preserve-fds N] [--no-pivot] [--no-new-keyring] [--config FILE] ID\n\n"
	  "Creates the container and leaves its process waiting for 'rt start'.\n" },
	{ "start", "start a created container", cmd_start, "usage: rt start ID\n" },
	{ "run", "create and start a container", cmd_run,
	  "usage: rt run [--bundle DIR] [--detach] [--keep] [--pid-file FILE] [--console-socket SOCK]\n"
	  "              [--pidfd-socket SOCK] [--preserve-fds N] [--no-pivot] [--no-new-keyring]\n"
	  "              [--config FILE] ID\n\n"
	  "In the foreground, waits for the process, forwards signals to it, exits with its exit code\n"
	  "(128+signal when killed) and deletes the container unless --keep.\n" },
	{ "kill", "send a signal to a container", cmd_kill,
	  "usage: rt kill [--all] ID [SIGNAL]\n\n"
	  "SIGNAL is a number or a name, with or without SIG (default TERM). --all signals every\n"
	  "process of the container.\n" },
	{ "delete", "delete a container", cmd_delete,
	  "usage: rt delete [--force] ID\n\n--force kills a running container first; a missing id is not an error.\n" },
	{ "exec", "run a new process in a running container", cmd_exec,
	  "usage: rt exec [options] ID COMMAND [ARGS...]\n"
	  "       rt exec [options] --process FILE ID\n\n"
	  "  -p, --process FILE      the process as OCI JSON (\"-\" = stdin)\n"
	  "  -d, --detach            return once the process runs\n"
	  "  -t, --tty               allocate a terminal (needs --console-socket)\n"
	  "  -w, --cwd DIR           working directory\n"
	  "  -e, --env NAME=VALUE    add or replace an environment variable\n"
	  "  -u, --user UID[:GID]    user and group ids\n"
	  "  -g, --additional-gids G add a supplementary group\n"
	  "  -c, --cap CAP           add a capability (bounding, effective, permitted)\n"
	  "      --no-new-privs      set no_new_privs\n"
	  "      --pid-file FILE     write the process's pid\n"
	  "      --console-socket S  send the terminal's master to S\n"
	  "      --pidfd-socket S    send the process's pidfd to S\n"
	  "      --preserve-fds N    pass N extra fds (from 3)\n"
	  "      --ignore-paused     exec even if the container is paused\n" },
	{ "state", "print the state of a container", cmd_state, "usage: rt state ID\n" },
	{ "list", "list containers", cmd_list, "usage: rt list [--format table|json] [--quiet]\n" },
	{ "pause", "suspend every process of a container", cmd_pause, "usage: rt pause ID\n" },
	{ "resume", "resume a paused container", cmd_resume, "usage: rt resume ID\n" },
	{ "ps", "list the processes of a container", cmd_ps,
	  "usage: rt ps [--format table|json] ID [PS ARGS...]\n\n"
	  "table: the host's ps (default -ef) filtered to the container; json: an array of host pids.\n" },
	{ "update", "change the resource limits of a running container", cmd_update,
	  "usage: rt update [--resources FILE|-] [flags] ID\n\n"
	  "  -r, --resources FILE    LinuxResources JSON (\"-\" = stdin)\n"
	  "  --memory BYTES --memory-swap BYTES --memory-reservation BYTES   (k/m/g suffixes, -1 = unlimited)\n"
	  "  --cpu-shares N --cpu-quota N --cpu-period N --cpu-rt-period N --cpu-rt-runtime N\n"
	  "  --cpu-idle N --cpu-burst N --cpuset-cpus LIST --cpuset-mems LIST\n"
	  "  --pids-limit N --blkio-weight N\n" },
	{ "events", "print container statistics and OOM events (JSON lines)", cmd_events,
	  "usage: rt events [--stats] [--interval DURATION] ID\n\n"
	  "--stats prints one stats object and exits; otherwise stats every interval (default 5s)\n"
	  "and an {\"type\":\"oom\"} line whenever the OOM-kill counter rises, until the container stops.\n" },
	{ "spec", "write a default config.json", cmd_spec, "usage: rt spec [--bundle DIR] [--rootless]\n" },
	{ "features", "print the features this build implements (JSON)", cmd_features, "usage: rt features\n" },
	{ NULL, NULL, NULL, NULL },
};
/* clang-format on */

static const char *feature_tags(void)
{
	return ""
#ifdef HAVE_SYSTEMD
	       "+SYSTEMD "
#endif
#ifdef HAVE_SELINUX
	       "+SELINUX "
#endif
	       "+APPARMOR "
#ifdef HAVE_CAP
	       "+CAP "
#endif
#ifdef HAVE_SECCOMP
	       "+SECCOMP "
#endif
	       "+YAJL";
}

static void print_version(void)
{
	printf("rt version %s\ncommit: %s\nspec: %s\n%s\n", PACKAGE_VERSION, GIT_COMMIT, OCI_SPEC_VERSION,
	       feature_tags());
}

static void print_help(FILE *out)
{
	fputs("usage: rt [global options] COMMAND [options] [ARGS]\n\n"
	      "An OCI container runtime.\n\n"
	      "Commands:\n",
	      out);
	for (const struct rt_command *c = rt_commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fprintf(out, "  %-10s %s\n", "help", "print this help, or the options of a command (help COMMAND)");
	fputs("\nGlobal options:\n"
	      "  --root DIR               state directory (default /run/rt; $XDG_RUNTIME_DIR/rt when not root)\n"
	      "  --log FILE               log file (default: stderr)\n"
	      "  --log-format text|json   format of the log file\n"
	      "  --log-level LEVEL        error, warning, info or debug (default error)\n"
	      "  --debug                  same as --log-level debug\n"
	      "  --systemd-cgroup         use systemd for cgroups (same as --cgroup-manager systemd)\n"
	      "  --cgroup-manager M       cgroupfs, systemd or disabled\n"
	      "  --rootless true|false|auto   accepted for runc compatibility\n"
	      "  -v, --version            print the version\n"
	      "  -h, --help               this help\n\n"
	      "Run 'rt COMMAND --help' or 'rt help COMMAND' for the options of a command.\n",
	      out);
}

enum {
	OPT_ROOT = 256,
	OPT_LOG,
	OPT_LOG_FORMAT,
	OPT_LOG_LEVEL,
	OPT_DEBUG,
	OPT_SYSTEMD_CGROUP,
	OPT_CGROUP_MANAGER,
	OPT_ROOTLESS,
	OPT_CRIU
};

static const struct option global_options[] = {
	{"root", required_argument, NULL, OPT_ROOT},
	{"log", required_argument, NULL, OPT_LOG},
	{"log-format", required_argument, NULL, OPT_LOG_FORMAT},
	{"log-level", required_argument, NULL, OPT_LOG_LEVEL},
	{"debug", no_argument, NULL, OPT_DEBUG},
	{"systemd-cgroup", no_argument, NULL, OPT_SYSTEMD_CGROUP},
	{"cgroup-manager", required_argument, NULL, OPT_CGROUP_MANAGER},
	{"rootless", optional_argument, NULL, OPT_ROOTLESS},
	{"criu", required_argument, NULL, OPT_CRIU},
	{"version", no_argument, NULL, 'v'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static const char *default_root(void)
{
	static char buf[4096];
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	const char *user = getenv("USER");

	/*
	 * As runc: uid 0 of a user namespace (rootless Podman's conmon runs rt so) cannot
	 * write /run either; only USER=root there (sudo in a userns container) keeps /run/rt.
	 */
	if (xdg && *xdg && (geteuid() != 0 || (rt_in_userns() && (!user || strcmp(user, "root") != 0)))) {
		snprintf(buf, sizeof(buf), "%s/rt", xdg);
		return buf;
	}
	return "/run/rt";
}

static int report(struct rt_err *err)
{
	rt_log_error_final(err && err->msg ? err->msg : "unknown error");
	return 1;
}

static const struct rt_command *find_command(const char *name)
{
	for (const struct rt_command *c = rt_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* `rt help` is `rt --help`; `rt help COMMAND` is `rt COMMAND --help`. */
static int help_command(int argc, char **argv, struct rt_err **err)
{
	const struct rt_command *cmd;

	if (argc < 2) {
		print_help(stdout);
		return 0;
	}
	if (argc > 2) {
		rt_err_set(err, 0, "help: unexpected argument '%s' (see 'rt --help')", argv[2]);
		return report(*err);
	}
	cmd = find_command(argv[1]);
	if (!cmd) {
		rt_err_set(err, 0, "help: unknown command '%s' (see 'rt --help')", argv[1]);
		return report(*err);
	}
	fputs(cmd->usage, stdout);
	return 0;
}

int main(int argc, char **argv)
{
	struct rt_global g = {0};
	enum rt_log_level level = RT_LOG_ERROR;
	enum rt_log_format fmt = RT_LOG_TEXT;
	_cleanup_err_ struct rt_err *err = NULL;
	const struct rt_command *cmd;
	int c, r;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:vVh", global_options, NULL)) != -1) {
		switch (c) {
		case OPT_ROOT:
			g.root = optarg;
			break;
		case OPT_LOG:
			g.log = optarg;
			break;
		case OPT_LOG_FORMAT:
			if (strcmp(optarg, "json") == 0)
				fmt = RT_LOG_JSON;
			else if (strcmp(optarg, "text") == 0)
				fmt = RT_LOG_TEXT;
			else {
				rt_err_set(&err, 0, "invalid --log-format '%s': expected text or json", optarg);
				return report(err);
			}
			break;
		case OPT_LOG_LEVEL:
			if (rt_log_parse_level(optarg, &level) < 0) {
				rt_err_set(&err, 0, "invalid --log-level '%s': expected error, warning, info or debug",
					   optarg);
				return report(err);
			}
			break;
		case OPT_DEBUG:
			g.debug = true;
			level = RT_LOG_DEBUG;
			break;
		case OPT_SYSTEMD_CGROUP:
			g.systemd_cgroup = true;
			break;
		case OPT_CGROUP_MANAGER:
			if (strcmp(optarg, "cgroupfs") && strcmp(optarg, "systemd") && strcmp(optarg, "disabled")) {
				rt_err_set(&err, 0,
					   "invalid --cgroup-manager '%s': expected cgroupfs, systemd or disabled",
					   optarg);
				return report(err);
			}
			g.cgroup_manager = optarg;
			break;
		case OPT_ROOTLESS: /* runc's `--rootless VALUE` form too */
			if (!optarg && optind < argc &&
			    (!strcmp(argv[optind], "true") || !strcmp(argv[optind], "false") ||
			     !strcmp(argv[optind], "auto")))
				optind++;
			break;
		case OPT_CRIU:
			break; /* accepted so that a runc command line parses */
		case 'v':
		case 'V':
			print_version();
			return 0;
		case 'h':
			print_help(stdout);
			return 0;
		case ':':
			rt_err_set(&err, 0, "global option '%s' needs a value (see 'rt --help')", argv[optind - 1]);
			return report(err);
		default:
			rt_err_set(&err, 0, "unknown global option '%s' (see 'rt --help')", argv[optind - 1]);
			return report(err);
		}
	}
	if (g.systemd_cgroup && !g.cgroup_manager)
		g.cgroup_manager = "systemd";
	if (!g.root)
		g.root = default_root();
	r = rt_log_init(g.log, fmt, level);
	if (r < 0) {
		rt_err_set(&err, -r, "open log file '%s'", g.log);
		return report(err);
	}
	if (optind >= argc) {
		print_help(stderr);
		return 1;
	}
	if (strcmp(argv[optind], "help") == 0) /* runc's `help [COMMAND]` */
		return help_command(argc - optind, argv + optind, &err);
	cmd = find_command(argv[optind]);
	if (!cmd) {
		rt_err_set(&err, 0, "unknown command '%s' (see 'rt --help')", argv[optind]);
		return report(err);
	}
	/* create/run/exec re-exec from a sealed copy when the container may ptrace (CVE-2019-5736) */
	selfexe_argv = argv;
	argc -= optind;
	argv += optind;
	optind = 0; /* full reset of getopt for the command's own parsing */
	if (cli_wants_help(cmd, argc, argv))
		return 0;
	r = cmd->run(&g, argc, argv, &err);
	if (r < 0 || err)
		r = report(err);
	rt_log_close();
	return r;
}
