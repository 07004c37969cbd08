/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rt pause, rt resume, rt ps */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/manage.h"
#include "util/util.h"

int cmd_pause(struct rt_global *g, int argc, char **argv, struct rt_err **err)
{
	const char *id = cli_one_id("pause", argc, argv, 1, err);

	return id && rt_container_pause(g->root, id, true, err) >= 0 ? 0 : -1;
}

int cmd_resume(struct rt_global *g, int argc, char **argv, struct rt_err **err)
{
	const char *id = cli_one_id("resume", argc, argv, 1, err);

	return id && rt_container_pause(g->root, id, false, err) >= 0 ? 0 : -1;
}

static bool has_pid(const pid_t *v, size_t n, long pid)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == pid)
			return true;
	return false;
}

/* Runs the host's ps with the given args and keeps the header and the container's lines. */
static int ps_table(char **ps_args, const pid_t *pids, size_t n, struct rt_err **err)
{
	_cleanup_free_ char *out = NULL;
	int pipefd[2], status, col = -1;
	pid_t child;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return rt_err_set(err, errno, "ps");
	child = fork();
	if (child < 0)
		return rt_err_set(err, errno, "ps");
	if (child == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		execvp("ps", ps_args);
		_exit(127);
	}
	close(pipefd[1]);
	if (rt_read_all_fd(pipefd[0], 64u << 20, &out, NULL) < 0)
		out = NULL;
	close(pipefd[0]);
	if (waitpid(child, &status, 0) < 0)
		return rt_err_set(err, errno, "ps");
	/* ps's own complaint about its args is already on stderr */
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return rt_err_set(err, 0, "ps could not be run (is procps installed?)");
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		return rt_err_set(err, 0, "ps exited with status %d", WEXITSTATUS(status));
	if (!WIFEXITED(status))
		return rt_err_set(err, 0, "ps was killed by signal %d", WTERMSIG(status));
	if (!out)
		return rt_err_set(err, 0, "ps: cannot read its output");
	for (char *line = out, *nl; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (col < 0) {
			/* The header names the PID column. */
			char *tok = line;
			for (int i = 0; *tok; i++) {
				while (*tok == ' ')
					tok++;
				if (strncmp(tok, "PID", 3) == 0 && (tok[3] == ' ' || !tok[3]))
					col = i;
				while (*tok && *tok != ' ')
					tok++;
			}
			if (col < 0)
				return rt_err_set(err, 0, "ps: no PID column in its output");
			puts(line);
			continue;
		}
		char *tok = line;
		for (int i = 0; i < col && *tok; i++) {
			while (*tok == ' ')
				tok++;
			while (*tok && *tok != ' ')
				tok++;
		}
		if (has_pid(pids, n, strtol(tok, NULL, 10)))
			puts(line);
	}
	return 0;
}

int cmd_ps(struct rt_global *g, int argc, char **argv, struct rt_err **err)
{
	static const struct option options[] = {
		{"format", required_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	_cleanup_free_ pid_t *pids = NULL;
	char *defaults[] = {"ps", "-ef", NULL};
	bool json = false;
	size_t n = 0;
	int c, r;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:f:", options, NULL)) != -1) {
		if (c == 'f' && (strcmp(optarg, "json") == 0 || strcmp(optarg, "table") == 0))
			json = strcmp(optarg, "json") == 0;
		else if (c == 'f')
			return cli_usage_error("ps", err, "invalid format '%s': expected table or json", optarg);
		else
			return cli_option_error("ps", c, argv, err);
	}
	if (optind >= argc)
		return cli_usage_error("ps", err, "missing container id");
	if (rt_container_pids(g->root, argv[optind], &pids, &n, err) < 0)
		return -1;
	if (json) {
		fputs("[", stdout);
		for (size_t i = 0; i < n; i++)
			printf("%s%d", i ? "," : "", (int)pids[i]);
		fputs("]\n", stdout);
		return 0;
	}
	if (optind + 1 < argc) {
		/* ps options after the id, as runc passes them: ps ARGS... */
		argv[optind] = "ps";
		r = ps_table(argv + optind, pids, n, err);
	} else {
		r = ps_table(defaults, pids, n, err);
	}
	return r < 0 ? -1 : 0;
}
