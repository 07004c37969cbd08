/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#include "fs/procfs.h"
#include "tests/unit/tap.h"
#include "util/util.h"

static char *read_fd(int fd)
{
	char *s = NULL;

	if (fd < 0 || rt_read_all_fd(fd, 1 << 16, &s, NULL) < 0)
		s = NULL;
	if (fd >= 0)
		close(fd);
	return s;
}

static void test_root(void)
{
	struct statfs sfs;
	struct stat st;
	int fd, fd2;

	fd = procfs_root(NULL);
	ok(fd >= 0 && fstatfs(fd, &sfs) == 0 && sfs.f_type == PROC_SUPER_MAGIC, "procfs_root is procfs");
	ok(fd >= 0 && fstat(fd, &st) == 0 && st.st_ino == 1, "procfs_root is the root inode");
	ok(fcntl(fd, F_GETFD) & FD_CLOEXEC, "procfs_root is O_CLOEXEC");
	fd2 = procfs_root(NULL);
	is_int(fd2, fd, "procfs_root is cached");
	procfs_reset();
	ok(fcntl(fd, F_GETFD) < 0 || procfs_root(NULL) >= 0, "procfs_reset forgets and reopens");
}

static void test_open(void)
{
	_cleanup_err_ struct rt_err *err = NULL;
	_cleanup_free_ char *s = NULL, *t = NULL, *u = NULL;
	char want[64];
	int r;

	s = read_fd(procfs_open(0, "status", O_RDONLY, NULL));
	snprintf(want, sizeof(want), "\nPid:\t%d\n", (int)getpid());
	ok(s && strstr(s, want), "procfs_open(0, status) reads our own status");
	t = read_fd(procfs_open(-1, "status", O_RDONLY, NULL));
	snprintf(want, sizeof(want), "\nPid:\t%d\n", (int)gettid());
	ok(t && strstr(t, want), "procfs_open(-1, status) reads our thread's status");
	u = read_fd(procfs_open(getpid(), "stat", O_RDONLY, NULL));
	snprintf(want, sizeof(want), "%d (", (int)getpid());
	ok(u && strncmp(u, want, strlen(want)) == 0, "procfs_open(pid, stat)");
	is_int(procfs_open(0, "cwd/x", O_RDONLY, NULL), -ENOTDIR, "symlink component cwd/ is not followed");
	is_int(procfs_open(0, "root/etc", O_PATH, NULL), -ENOTDIR, "symlink component root/ is not followed");
	is_int(procfs_open(0, "exe", O_RDONLY, NULL), -ELOOP, "final magic link is not followed");
	is_int(procfs_open(0, "../1/status", O_RDONLY, NULL), -EINVAL, ".. component refused");
	is_int(procfs_open(0, "fd//0", O_PATH, NULL), -EINVAL, "empty component refused");
	is_int(procfs_open(-2, "status", O_RDONLY, NULL), -EINVAL, "pid -2 refused");
	r = procfs_open(0, "no-such-file", O_RDONLY, &err);
	ok(r == -ENOENT && err && strstr(err->msg, "/no-such-file'") && strstr(err->msg, "open '/proc/"),
	   "error names the procfs path");
	free(s);
	s = read_fd(procfs_open_global("sys/kernel/ostype", O_RDONLY, NULL));
	is_str(s, "Linux\n", "procfs_open_global(sys/kernel/ostype)");
	is_int(procfs_open_global("self/status", O_RDONLY, NULL), -ENOTDIR, "global: self/ is not followed");
	is_int(procfs_open_global("self", O_RDONLY, NULL), -ELOOP, "global: final self is not followed");
}

static void test_write(void)
{
	_cleanup_free_ char *s = NULL;

	ok(procfs_write(0, "comm", "rt-procfs-test", NULL) == 0, "procfs_write comm");
	s = read_fd(procfs_open(0, "comm", O_RDONLY, NULL));
	is_str(s, "rt-procfs-test\n", "comm was written through procfs");
}

static void test_sysctl(void)
{
	static const char *const bad[] = {"../x", "a//b", "/abs", "a..b", "", ".a", "a.", "a/b", "..", "."};
	_cleanup_err_ struct rt_err *err = NULL;
	_cleanup_free_ char *s = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		is_int(procfs_write_sysctl(bad[i], "1", NULL), -EINVAL, "sysctl key '%s' refused", bad[i]);
	is_int(procfs_write_sysctl("kernel.no_such_key", "1", &err), -ENOENT, "unknown sysctl is ENOENT");
	ok(err && strstr(err->msg, "sysctl 'kernel.no_such_key'"), "sysctl error names the key");
	if (unshare(CLONE_NEWUTS) < 0) {
		printf("# skip: unshare(CLONE_NEWUTS): %s\n", strerror(errno));
		return;
	}
	ok(procfs_write_sysctl("kernel.hostname", "rt-sysctl-test", NULL) == 0, "write kernel.hostname");
	s = read_fd(procfs_open_global("sys/kernel/hostname", O_RDONLY, NULL));
	is_str(s, "rt-sysctl-test\n", "kernel.hostname written in our UTS namespace");
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void bench(void)
{
	double t0 = now();
	int n = 200, bad = 0;

	for (int i = 0; i < n; i++) {
		procfs_reset();
		bad += procfs_root(NULL) < 0;
	}
	printf("# procfs_root (uncached): %.1f us\n", (now() - t0) / n * 1e6);
	t0 = now();
	for (int i = 0; i < n; i++) {
		int fd = procfs_open(0, "status", O_RDONLY, NULL);

		bad += fd < 0;
		close(fd);
	}
	printf("# procfs_open(0, status): %.1f us\n", (now() - t0) / n * 1e6);
	is_int(bad, 0, "benchmark loops succeeded");
}

int main(void)
{
	test_root();
	test_open();
	test_write();
	test_sysctl();
	bench();
	return done_testing();
}
