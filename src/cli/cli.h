/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The command line: global options (parsed by main.c) and one entry point per
 * command, each in src/cli/<command>.c. A command parses its own flags, makes one
 * core call and prints the result; it returns an exit code, or -1 with *err set.
 */
#ifndef RT_CLI_H
#define RT_CLI_H

#include <stdbool.h>

#include "util/err.h"

struct rt_global {
	const char *root;	    /* --root, default /run/rt (rootless: $XDG_RUNTIME_DIR/rt) */
	const char *log;	    /* --log */
	const char *cgroup_manager; /* --cgroup-manager cgroupfs|systemd|disabled (NULL: default) */
	bool json_log;		    /* --log-format json */
	bool debug;
	bool systemd_cgroup; /* --systemd-cgroup */
};

struct rt_command {
	const char *name;
	const char *summary;
	int (*run)(struct rt_global *g, int argc, char **argv, struct rt_err **err);
	const char *usage; /* full --help text of the command */
};

/* The table lives in main.c; commands are looked up by name. */
extern const struct rt_command rt_commands[];

/* Parses "--help"/"-h" anywhere before "--": prints the command's usage and returns true. */
bool cli_wants_help(const struct rt_command *cmd, int argc, char **argv);
/* Prints "usage error" text and returns the exit code for bad flags. */
int cli_usage_error(const char *cmd, struct rt_err **err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/*
 * The error for getopt_long's ':' (an option given as the last word without its value:
 * the optstring starts with "+:") or '?' (an unknown option), naming argv[optind - 1].
 */
int cli_option_error(const char *cmd, int c, char **argv, struct rt_err **err);
/* Requires exactly one positional container id at argv[optind]; returns it or NULL + *err. */
const char *cli_one_id(const char *cmd, int argc, char **argv, int optind_, struct rt_err **err);

/*
 * Closes every fd >= 3 + preserve that the caller leaked to us (without CLOEXEC or not),
 * except rt's own log file, so that none can live on in a created container's init.
 */
void cli_close_inherited_fds(int preserve);

#define RT_CMD(name) int cmd_##name(struct rt_global *g, int argc, char **argv, struct rt_err **err)
RT_CMD(create);
RT_CMD(start);
RT_CMD(run);
RT_CMD(kill);
RT_CMD(delete);
RT_CMD(state);
RT_CMD(list);
RT_CMD(ps);
RT_CMD(exec);
RT_CMD(pause);
RT_CMD(resume);
RT_CMD(update);
RT_CMD(spec);
RT_CMD(features);
RT_CMD(events);

#endif
