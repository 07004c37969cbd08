/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/hooks.h"
#include "util/log.h"
#include "util/util.h"

static int track_fd = -1;
static const char *runtime_ns_bundle;

void hooks_track_dir(int dirfd)
{
	track_fd = dirfd;
}

void hooks_runtime_ns(const char *bundle)
{
	runtime_ns_bundle = bundle;
}

static void note_pgid(pid_t pgid)
{
	char buf[32];

	if (track_fd < 0)
		return;
	if (pgid <= 0) {
		unlinkat(track_fd, "hook.pgid", 0);
		return;
	}
	snprintf(buf, sizeof(buf), "%d", (int)pgid);
	(void)rt_write_file_at(track_fd, "hook.pgid", buf, O_CREAT | O_TRUNC);
}

bool hooks_kill_noted(int dirfd)
{
	_cleanup_free_ char *s = NULL;
	int pgid;

	if (rt_read_file_at(dirfd, "hook.pgid", 64, &s) < 0)
		return false;
	/* A pgid is never reused while its group has a member: this cannot hit a stranger. */
	if (rt_parse_int(s, &pgid) == 0 && pgid > 1)
		kill(-pgid, SIGKILL);
	unlinkat(dirfd, "hook.pgid", 0);
	return true;
}

static void hook_child(const struct oci_hook *h, int in_fd, pid_t parent)
{
	static char *const empty[] = {NULL};
	char *const *argv = h->args_len ? h->args : NULL;
	char *fallback[2] = {h->path, NULL};
	sigset_t all;

	/* A hook never outlives the rt that runs it (rt killed mid-create leaves no orphan). */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	setpgid(0, 0); /* its own group: a hook's children can be found and killed with it */
	/*
	 * Noted from here too, before anything of the hook runs: rt killed between its fork
	 * and its own note_pgid would otherwise leave the hook's children unfound (the hook
	 * itself dies by PDEATHSIG, what it started would not).
	 */
	note_pgid(getpid());
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (dup2(in_fd, STDIN_FILENO) < 0)
		_exit(127);
	if (runtime_ns_bundle && chdir(runtime_ns_bundle) < 0) {
		/* a bundle removed before delete: the hook still runs, from rt's cwd */
	}
	execve(h->path, argv ? argv : fallback, h->env_len ? h->env : runtime_ns_bundle ? environ : empty);
	_exit(127);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Waits for pid through its pidfd with a deadline; kills it when the deadline passes. */
static int wait_hook(pid_t pid, int pidfd, int timeout_s, int *ret_status)
{
	long deadline = timeout_s > 0 ? now_ms() + timeout_s * 1000L : -1;
	struct pollfd pfd = {.fd = pidfd, .events = POLLIN};
	int timed_out = 0;

	for (;;) {
		int wait_ms = deadline < 0 ? -1 : (int)(deadline - now_ms());
		int r;

		if (deadline >= 0 && wait_ms <= 0) {
			syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
			timed_out = 1;
			deadline = -1;
			continue;
		}
		r = poll(&pfd, 1, wait_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r != 0)
			break;
	}
	while (waitpid(pid, ret_status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return timed_out ? -ETIMEDOUT : 0;
}

static int run_one(const char *kind, size_t idx, const struct oci_hook *h, const char *state, struct rt_err **err)
{
	int pipefd[2], status = 0, r, pidfd;
	pid_t pid, parent;

	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return rt_err_set(err, errno, "%s hook #%zu: pipe", kind, idx);
	parent = getpid();
	pid = fork();
	if (pid < 0) {
		r = errno;
		close(pipefd[0]);
		close(pipefd[1]);
		return rt_err_set(err, r, "%s hook #%zu '%s': fork", kind, idx, h->path);
	}
	if (pid == 0)
		hook_child(h, pipefd[0], parent);
	close(pipefd[0]);
	setpgid(pid, pid); /* also from this side: no window where the group does not exist */
	note_pgid(pid);
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	/* The state may exceed the pipe buffer: a hook that never reads must not block us. */
	fcntl(pipefd[1], F_SETFL, O_NONBLOCK);
	(void)rt_write_all(pipefd[1], state, strlen(state));
	close(pipefd[1]);
	if (pidfd < 0) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		r = 0;
	} else {
		r = wait_hook(pid, pidfd, h->has_timeout ? h->timeout : 0, &status);
		close(pidfd);
	}
	kill(-pid, SIGKILL); /* whatever the hook left running in its group */
	note_pgid(0);
	if (r == -ETIMEDOUT)
		return rt_err_set(err, 0, "%s hook #%zu '%s': timed out after %d s", kind, idx, h->path, h->timeout);
	if (r < 0)
		return rt_err_set(err, -r, "%s hook #%zu '%s': wait", kind, idx, h->path);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return rt_err_set(err, 0, "%s hook #%zu '%s': exit status 127 (cannot execute?)", kind, idx, h->path);
	if (WIFEXITED(status))
		return rt_err_set(err, 0, "%s hook #%zu '%s': exit status %d", kind, idx, h->path, WEXITSTATUS(status));
	return rt_err_set(err, 0, "%s hook #%zu '%s': killed by signal %d", kind, idx, h->path, WTERMSIG(status));
}

int hooks_run(const char *kind, const struct oci_hook *hooks, size_t n, const char *state_json, struct rt_err **err)
{
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	int r = 0;

	for (size_t i = 0; i < n && r == 0; i++)
		r = run_one(kind, i, &hooks[i], state_json, err);
	signal(SIGPIPE, old);
	return r;
}

void hooks_run_warn(const char *kind, const struct oci_hook *hooks, size_t n, const char *state_json)
{
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);

	for (size_t i = 0; i < n; i++) {
		struct rt_err *err = NULL;
		if (run_one(kind, i, &hooks[i], state_json, &err) < 0)
			rt_warn("%s", err->msg);
		rt_err_free(err);
	}
	signal(SIGPIPE, old);
}
