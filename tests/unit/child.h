/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers for unit tests that change the calling process irreversibly (capabilities,
 * seccomp, uids, rlimits): the change runs in a forked child, which writes a report
 * (a few "Key: value" lines) to a pipe and exits; the parent asserts on the report and
 * on how the child ended.
 */
#ifndef RT_TESTS_CHILD_H
#define RT_TESTS_CHILD_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* Tests that need root fail loudly instead of skipping when run unprivileged. */
static inline void require_root(void)
{
	if (geteuid() != 0) {
		printf("Bail out! this test needs root (CI runs as root)\n");
		exit(1);
	}
}

/*
 * Runs fn(fd, arg) in a child; fn writes its report to fd and returns the exit code.
 * The report (NUL-terminated, truncated to len - 1) lands in buf; returns the wait
 * status, or -1 if fork/pipe failed.
 */
static inline int run_child(int (*fn)(int fd, void *arg), void *arg, char *buf, size_t len)
{
	int p[2], status = -1;
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(p[0]);
		/* exit_group directly: ASan's _exit interceptor runs the leak checker, whose
		 * syscalls a seccomp test's filter may deny */
		syscall(SYS_exit_group, fn(p[1], arg));
	}
	close(p[1]);
	while (got + 1 < len && (n = read(p[0], buf + got, len - 1 - got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

/* Copies the value of "Key:\t..." from a /proc/self/status-like text; "" if absent. */
static inline const char *report_get(const char *report, const char *key, char *out, size_t len)
{
	size_t kl = strlen(key);
	const char *p = report;

	out[0] = '\0';
	while (p && *p) {
		if (strncmp(p, key, kl) == 0 && p[kl] == ':') {
			const char *v = p + kl + 1, *e;
			size_t n;

			while (*v == ' ' || *v == '\t')
				v++;
			e = strchr(v, '\n');
			n = e ? (size_t)(e - v) : strlen(v);
			if (n >= len)
				n = len - 1;
			memcpy(out, v, n);
			out[n] = '\0';
			return out;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return out;
}

/* Appends the whole of /proc/self/status to fd (test code: plain /proc is fine). */
static inline int report_status(int fd)
{
	char buf[8192];
	ssize_t n;
	int s = open("/proc/self/status", O_RDONLY | O_CLOEXEC);

	if (s < 0)
		return -1;
	while ((n = read(s, buf, sizeof(buf))) > 0)
		if (write(fd, buf, (size_t)n) != n)
			break;
	close(s);
	return 0;
}

/* printf to the report fd. */
static inline void report(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void report(int fd, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	/* vsnprintf + write: stdio on an fd may make syscalls a seccomp test denies */
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0 && write(fd, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1) < 0)
		return;
}

#endif
