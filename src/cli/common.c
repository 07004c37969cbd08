/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <dirent.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/log.h"
#include "util/util.h"

bool cli_wants_help(const struct rt_command *cmd, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(cmd->usage, stdout);
			return true;
		}
		/* exec/run args after the id are the container's own: stop at the first positional. */
		if (argv[i][0] != '-')
			break;
	}
	return false;
}

int cli_option_error(const char *cmd, int c, char **argv, struct rt_err **err)
{
	if (c == ':')
		return cli_usage_error(cmd, err, "option '%s' needs a value", argv[optind - 1]);
	return cli_usage_error(cmd, err, "unknown option '%s'", argv[optind - 1]);
}

int cli_usage_error(const char *cmd, struct rt_err **err, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	rt_err_set(err, 0, "%s: %s (see 'rt %s --help')", cmd, buf, cmd);
	return -1;
}

const char *cli_one_id(const char *cmd, int argc, char **argv, int optind_, struct rt_err **err)
{
	if (optind_ >= argc) {
		cli_usage_error(cmd, err, "missing container id");
		return NULL;
	}
	if (optind_ + 1 < argc) {
		cli_usage_error(cmd, err, "unexpected argument '%s'", argv[optind_ + 1]);
		return NULL;
	}
	return argv[optind_];
}

/* close_range(2) of [first, last], around rt's log fd: one or two syscalls, no /proc walk */
static int close_ranges(unsigned int first, int keep)
{
	if (keep < 0 || (unsigned int)keep < first)
		return close_range(first, ~0U, 0);
	if ((unsigned int)keep > first && close_range(first, (unsigned int)keep - 1, 0) < 0)
		return -1;
	return close_range((unsigned int)keep + 1, ~0U, 0);
}

void cli_close_inherited_fds(int preserve)
{
	int keep = rt_log_fd(), first = 3 + preserve, self;
	struct dirent *de;
	DIR *d;

	if (close_ranges((unsigned int)first, keep) == 0)
		return;
	/* kernels before 5.9: walk /proc/self/fd */
	d = opendir("/proc/self/fd");
	if (!d)
		return;
	self = dirfd(d);
	while ((de = readdir(d))) {
		int fd;
		if (rt_parse_int(de->d_name, &fd) < 0 || fd < first || fd == self || fd == keep)
			continue;
		close(fd);
	}
	closedir(d);
}
