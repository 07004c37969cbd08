/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * subreaper CMD [ARGS...]: run CMD as a child of a child subreaper and exit with its
 * status.
 *
 * A detached container's init is orphaned when `rt create` exits. The kernel hands
 * orphans to the nearest ancestor marked PR_SET_CHILD_SUBREAPER, else to pid 1. On a
 * host whose pid 1 does not reap (a bare VM, a container), exited container processes
 * would stay zombies forever and look alive to the tests; here they are reaped by us.
 * SIGINT, SIGTERM and SIGHUP are forwarded to CMD.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/util.h"

static volatile sig_atomic_t child_pid;

static void forward(int sig)
{
	if (child_pid > 0)
		kill(child_pid, sig);
}

int main(int argc, char **argv)
{
	struct sigaction sa = {.sa_handler = forward, .sa_flags = SA_RESTART};
	int status = 0, ret = 1;
	pid_t pid;

	if (argc < 2) {
		fputs("usage: subreaper CMD [ARGS...]\n", stderr);
		return 2;
	}
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) {
		fprintf(stderr, "subreaper: prctl(PR_SET_CHILD_SUBREAPER): %s\n", strerror(errno));
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "subreaper: fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		fprintf(stderr, "subreaper: exec '%s': %s\n", argv[1], strerror(errno));
		_exit(127);
	}
	child_pid = pid;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	/* Reap everything until CMD exits; then collect what is already dead and leave. */
	for (;;) {
		pid_t p = waitpid(-1, &status, 0);

		if (p < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p == pid) {
			ret = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
			break;
		}
	}
	while (waitpid(-1, &status, WNOHANG) > 0)
		;
	return ret;
}
