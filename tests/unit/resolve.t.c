/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The in-rootfs resolver against hostile trees. Every resolver test runs twice: with
 * openat2 and with the userspace walk (resolve_force_fallback). A tiny naive resolver
 * (string join + open/mkdir) is run on a throwaway copy of the same tree to prove the
 * attacks are real: it does touch the canary, resolve_* must not.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fs/procfs.h"
#include "fs/resolve.h"
#include "tests/unit/tap.h"
#include "util/util.h"

struct tree {
	char base[64];	  /* /tmp/rt-resolve.XXXXXX */
	char root[96];	  /* base/root: the rootfs */
	char outside[96]; /* base/outside: holds only "canary" */
	int rootfd;
};

static void xsymlink(const char *target, const struct tree *t, const char *link)
{
	if (symlinkat(target, t->rootfd, link) < 0)
		printf("# symlink %s: %s\n", link, strerror(errno));
}

static void xwrite(int dirfd, const char *path, const char *s)
{
	int fd = openat(dirfd, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd >= 0) {
		rt_write_all(fd, s, strlen(s));
		close(fd);
	}
}

/*
 * root/etc/passwd, root/dev -> <outside>, root/etc_link -> /etc, root/up -> ../../../../..,
 * loops, chains of 39, 40, 41 links, root/canary_link -> <outside>/canary,
 * root/dangle -> /nonexist/file, root/reldev -> ../../outside.
 */
static void tree_make(struct tree *t)
{
	char buf[PATH_MAX];

	snprintf(t->base, sizeof(t->base), "/tmp/rt-resolve.XXXXXX");
	if (!mkdtemp(t->base))
		abort();
	snprintf(t->root, sizeof(t->root), "%s/root", t->base);
	snprintf(t->outside, sizeof(t->outside), "%s/outside", t->base);
	mkdir(t->root, 0755);
	mkdir(t->outside, 0755);
	snprintf(buf, sizeof(buf), "%s/canary", t->outside);
	xwrite(AT_FDCWD, buf, "canary");
	t->rootfd = open(t->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	mkdirat(t->rootfd, "etc", 0755);
	xwrite(t->rootfd, "etc/passwd", "inside");
	xsymlink(t->outside, t, "dev");
	xsymlink("/etc", t, "etc_link");
	xsymlink("../../../../../../..", t, "up");
	xsymlink("../../outside", t, "reldev");
	xsymlink("loop2", t, "loop1");
	xsymlink("/loop1", t, "loop2");
	snprintf(buf, sizeof(buf), "%s/canary", t->outside);
	xsymlink(buf, t, "canary_link");
	xsymlink("/nonexist/file", t, "dangle");
	xsymlink("/", t, "slash");
	for (int n = 39; n <= 41; n++) {
		for (int i = 0; i < n; i++) {
			char link[32], target[32];

			snprintf(link, sizeof(link), "c%d_%d", n, i);
			if (i + 1 < n)
				snprintf(target, sizeof(target), "c%d_%d", n, i + 1);
			else
				snprintf(target, sizeof(target), "etc/passwd");
			xsymlink(target, t, link);
		}
	}
}

static void tree_rm(struct tree *t)
{
	char cmd[256];

	close(t->rootfd);
	snprintf(cmd, sizeof(cmd), "rm -rf -- '%s'", t->base);
	if (execl("/bin/sh", "sh", "-c", cmd, (char *)NULL) < 0) /* only reached in a child */
		_exit(1);
}

static void tree_free(struct tree *t)
{
	pid_t pid = fork();

	if (pid == 0)
		tree_rm(t);
	waitpid(pid, NULL, 0);
	close(t->rootfd);
}

/* The outside dir holds exactly "canary" with its original content. */
static bool outside_intact(const struct tree *t)
{
	_cleanup_closedir_ DIR *d = opendir(t->outside);
	_cleanup_free_ char *s = NULL;
	struct dirent *de;
	int n = 0, fd;

	if (!d)
		return false;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	fd = openat(dirfd(d), "canary", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (rt_read_all_fd(fd, 64, &s, NULL) < 0)
		s = NULL;
	close(fd);
	return n == 1 && s && strcmp(s, "canary") == 0;
}

/* Whether fd is the entry at root/<rel> (lstat, so links are compared as links). */
static bool same_as(const struct tree *t, int fd, const char *rel)
{
	struct stat a, b;

	if (fd < 0 || fstat(fd, &a) < 0 || fstatat(t->rootfd, rel, &b, AT_SYMLINK_NOFOLLOW) < 0)
		return false;
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static int open_err(const struct tree *t, const char *path, int flags)
{
	_cleanup_err_ struct rt_err *err = NULL;
	int fd = resolve_open(t->rootfd, path, flags, &err);

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return fd;
}

static void test_open(const struct tree *t, const char *mode)
{
	_cleanup_err_ struct rt_err *err = NULL;
	char buf[16] = {0};
	int fd;

	fd = resolve_open(t->rootfd, "/etc/passwd", O_RDONLY, &err);
	ok(fd >= 0 && read(fd, buf, sizeof(buf) - 1) == 6 && strcmp(buf, "inside") == 0, "%s: plain file read", mode);
	close(fd);
	fd = resolve_open(t->rootfd, "etc_link/passwd", O_PATH, NULL);
	ok(same_as(t, fd, "etc/passwd"), "%s: absolute symlink /etc is clamped to the root", mode);
	close(fd);
	fd = resolve_open(t->rootfd, "up/up/etc/passwd", O_PATH, NULL);
	ok(same_as(t, fd, "etc/passwd"), "%s: relative ../../.. escape is clamped", mode);
	close(fd);
	fd = resolve_open(t->rootfd, "../../../../etc/../../etc/passwd", O_PATH, NULL);
	ok(same_as(t, fd, "etc/passwd"), "%s: .. chain is clamped", mode);
	close(fd);
	fd = resolve_open(t->rootfd, "slash/..", O_PATH | O_DIRECTORY, NULL);
	ok(same_as(t, fd, "."), "%s: / then .. is the root", mode);
	close(fd);
	is_int(open_err(t, "dev/canary", O_RDONLY), -ENOENT, "%s: dev -> outside resolves inside (ENOENT)", mode);
	is_int(open_err(t, "canary_link", O_RDONLY), -ENOENT, "%s: link to the canary is not followed out", mode);
	is_int(open_err(t, "reldev/canary", O_RDONLY), -ENOENT, "%s: ../../outside stays inside", mode);
	is_int(open_err(t, "loop1", O_PATH), -ELOOP, "%s: symlink loop is ELOOP", mode);
	fd = resolve_open(t->rootfd, "c39_0", O_RDONLY, NULL);
	ok(same_as(t, fd, "etc/passwd"), "%s: chain of 39 links resolves", mode);
	close(fd);
	fd = resolve_open(t->rootfd, "c40_0", O_RDONLY, NULL);
	ok(same_as(t, fd, "etc/passwd"), "%s: chain of 40 links resolves", mode);
	close(fd);
	is_int(open_err(t, "c41_0", O_RDONLY), -ELOOP, "%s: chain of 41 links is ELOOP", mode);
	fd = resolve_open(t->rootfd, "c41_0", O_PATH | O_NOFOLLOW, NULL);
	ok(same_as(t, fd, "c41_0"), "%s: O_PATH|O_NOFOLLOW returns the link itself", mode);
	close(fd);
	is_int(open_err(t, "etc_link", O_RDONLY | O_NOFOLLOW), -ELOOP, "%s: O_NOFOLLOW on a link is ELOOP", mode);
	is_int(open_err(t, "etc/passwd/x", O_PATH), -ENOTDIR, "%s: file as directory is ENOTDIR", mode);
	is_int(open_err(t, "etc/passwd/", O_PATH), -ENOTDIR, "%s: trailing slash on a file is ENOTDIR", mode);
	is_int(open_err(t, "etc/passwd", O_PATH | O_DIRECTORY), -ENOTDIR, "%s: O_DIRECTORY on a file", mode);
	is_int(open_err(t, "etc/x", O_CREAT | O_WRONLY), -EINVAL, "%s: O_CREAT refused", mode);
	is_int(open_err(t, "", O_PATH), -ENOENT, "%s: empty path is ENOENT", mode);
	rt_err_freep(&err);
	fd = resolve_open(t->rootfd, "/loop1", O_PATH, &err);
	ok(fd < 0 && err && strcmp(err->msg, "resolve '/loop1' in rootfs: Too many levels of symbolic links") == 0,
	   "%s: error names the path", mode);
	ok(outside_intact(t), "%s: outside canary untouched by lookups", mode);
}

static void test_magic(const char *mode)
{
	_cleanup_close_ int rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	_cleanup_close_ int fd = -1;
	char path[64];
	int r;

	r = resolve_open(rootfd, "proc/self/root/etc", O_PATH, NULL);
	is_int(r, -ELOOP, "%s: magic link /proc/self/root refused", mode);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", rootfd);
	r = resolve_open(rootfd, path, O_PATH, NULL);
	is_int(r, -ELOOP, "%s: magic link /proc/self/fd/N refused", mode);
	fd = resolve_open(rootfd, "proc/self/status", O_RDONLY, NULL);
	ok(fd >= 0, "%s: procfs's plain self link is followed", mode);
}

static void test_parent(const struct tree *t, const char *mode)
{
	_cleanup_free_ char *name = NULL;
	int fd;

	fd = resolve_parent(t->rootfd, "etc_link/passwd/", &name, NULL);
	ok(same_as(t, fd, "etc") && name && strcmp(name, "passwd") == 0, "%s: parent through a symlink", mode);
	close(fd);
	free(name);
	name = NULL;
	fd = resolve_parent(t->rootfd, "/", &name, NULL);
	ok(same_as(t, fd, ".") && name && strcmp(name, ".") == 0, "%s: parent of / is root, name '.'", mode);
	close(fd);
	free(name);
	name = NULL;
	fd = resolve_parent(t->rootfd, "etc/..", &name, NULL);
	ok(same_as(t, fd, ".") && name && strcmp(name, ".") == 0, "%s: parent of etc/.. is root, name '.'", mode);
	close(fd);
	free(name);
	name = NULL;
	fd = resolve_parent(t->rootfd, "dev", &name, NULL);
	ok(same_as(t, fd, ".") && name && strcmp(name, "dev") == 0, "%s: last symlink not followed", mode);
	close(fd);
}

static bool inside_exists(const struct tree *t, const char *rel, mode_t type)
{
	struct stat st;

	return fstatat(t->rootfd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0 && (st.st_mode & S_IFMT) == type;
}

static void test_create(const struct tree *t, const char *mode)
{
	char rel[PATH_MAX];
	int fd;

	/* dev -> <outside>: dev/pts must appear at root/<outside>/pts */
	fd = resolve_mkdir_p(t->rootfd, "dev/pts", 0755, NULL);
	snprintf(rel, sizeof(rel), ".%s/pts", t->outside);
	ok(fd >= 0 && same_as(t, fd, rel), "%s: mkdir_p through dev -> outside creates inside", mode);
	close(fd);
	fd = resolve_mkdir_p(t->rootfd, "reldev/a/b", 0755, NULL);
	ok(fd >= 0 && same_as(t, fd, "outside/a/b"), "%s: mkdir_p through ../../outside is clamped", mode);
	close(fd);
	fd = resolve_mkfile(t->rootfd, "dangle", 0644, NULL);
	ok(fd >= 0 && same_as(t, fd, "nonexist/file") && inside_exists(t, "nonexist/file", S_IFREG),
	   "%s: mkfile through dangling /nonexist/file creates it inside", mode);
	close(fd);
	fd = resolve_mkfile(t->rootfd, "canary_link", 0644, NULL);
	snprintf(rel, sizeof(rel), ".%s/canary", t->outside);
	ok(fd >= 0 && same_as(t, fd, rel), "%s: mkfile on a link to the canary creates an inside copy", mode);
	close(fd);
	fd = resolve_mkfile(t->rootfd, "etc/passwd", 0644, NULL);
	ok(same_as(t, fd, "etc/passwd"), "%s: mkfile of an existing file returns it", mode);
	close(fd);
	is_int(resolve_mkfile(t->rootfd, "etc", 0644, NULL), -EISDIR, "%s: mkfile of a directory is EISDIR", mode);
	is_int(resolve_mkdir_p(t->rootfd, "etc/passwd/x", 0755, NULL), -ENOTDIR, "%s: mkdir_p through a file", mode);
	is_int(resolve_mkdir_p(t->rootfd, "loop1/x", 0755, NULL), -ELOOP, "%s: mkdir_p through a loop", mode);
	fd = resolve_mkdir_p(t->rootfd, "new/../new2/./x/", 0700, NULL);
	ok(same_as(t, fd, "new2/x") && inside_exists(t, "new", S_IFDIR), "%s: mkdir_p with . and ..", mode);
	close(fd);
	ok(outside_intact(t), "%s: outside canary untouched by creation", mode);
}

/* The naive resolver the tests above defeat: string join, then the libc call. */
static void test_naive(void)
{
	struct tree t;
	char p[PATH_MAX];
	int fd;

	tree_make(&t);
	snprintf(p, sizeof(p), "%s/dev/pts", t.root);
	ok(mkdir(p, 0755) == 0 && !outside_intact(&t), "naive: mkdir root+'/dev/pts' escapes to the host dir");
	tree_free(&t);
	tree_make(&t);
	snprintf(p, sizeof(p), "%s/canary_link", t.root);
	fd = open(p, O_WRONLY | O_TRUNC | O_CLOEXEC);
	ok(fd >= 0 && !outside_intact(&t), "naive: open root+'/canary_link' truncates the host canary");
	close(fd);
	tree_free(&t);
}

/* Number of entries in root/<rel> (0 when missing). */
static int count_entries(const struct tree *t, const char *rel)
{
	_cleanup_closedir_ DIR *d = NULL;
	struct dirent *de;
	int fd = openat(t->rootfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC), n = 0;

	if (fd < 0)
		return 0;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return 0;
	}
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	return n;
}

/*
 * A child swaps root/race (a directory) with root/race_swap (a symlink to the outside
 * dir) with RENAME_EXCHANGE in a tight loop while we create below root/race.
 */
static void test_race(const char *mode, bool relative)
{
	struct tree t;
	int fails = 0, made = 0, dotdot_bad = 0;
	const char *landing;
	pid_t pid;

	tree_make(&t);
	mkdirat(t.rootfd, "race", 0755);
	/* naively, base/root/../outside is the outside dir; in the root it is root/outside */
	xsymlink(relative ? "../outside" : t.outside, &t, "race_swap");
	landing = relative ? "outside" : t.outside + 1;
	pid = fork();
	if (pid == 0) {
		for (;;)
			renameat2(t.rootfd, "race", t.rootfd, "race_swap", RENAME_EXCHANGE);
	}
	for (int i = 0; i < 2000; i++) {
		char path[64];
		int fd;

		snprintf(path, sizeof(path), i % 2 ? "race/d%d/x" : "race/f%d", i);
		fd = i % 2 ? resolve_mkdir_p(t.rootfd, path, 0755, NULL) : resolve_mkfile(t.rootfd, path, 0644, NULL);
		if (fd < 0)
			fails++;
		else
			made++;
		close(fd);
		/* ".." steps under rename churn: openat2 says EAGAIN, we must still resolve */
		fd = resolve_open(t.rootfd, "up/up/up/up/up/up/up/up/up/up/etc/passwd", O_PATH, NULL);
		dotdot_bad += !same_as(&t, fd, "etc/passwd");
		close(fd);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	printf("# %s: race (%s link): %d created, %d failed, %d landed at the clamped location\n", mode,
	       relative ? "relative" : "absolute", made, fails, count_entries(&t, landing));
	ok(made > 0, "%s: race: creation works while racing", mode);
	is_int(dotdot_bad, 0, "%s: race: '..' chains resolve despite rename churn (no EAGAIN)", mode);
	ok(count_entries(&t, landing) > 0, "%s: race: the swap was hit (entries made through the link)", mode);
	ok(outside_intact(&t), "%s: race: 2000 creations, outside dir stays empty", mode);
	tree_free(&t);
}

static void test_fd_path(const struct tree *t, const char *mode)
{
	_cleanup_free_ char *p = NULL;
	char want[PATH_MAX];
	int fd = resolve_mkdir_p(t->rootfd, "dev/pts", 0755, NULL);

	p = resolve_fd_path(fd, NULL);
	snprintf(want, sizeof(want), "%s%s/pts", t->root, t->outside);
	is_str(p, want, "%s: resolve_fd_path names the in-root location", mode);
	close(fd);
}

/* resolve_realpath gives what realpath(3) gives: through symlinks, "..", "." and a trailing
 * '/', and the same errno for a missing path or a dangling link */
static void test_realpath(const struct tree *t)
{
	const char *cases[] = {
		"",	      "/root",	     "/root/dev/canary", "/root/dev/../root/./etc/", "/root/slash",
		"/root/nope", "/root/dangle"};
	char p[PATH_MAX], cwd[PATH_MAX];

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		_cleanup_free_ char *want = NULL, *got = NULL;
		int we, ge;

		snprintf(p, sizeof(p), "%s%s", t->base, cases[i]);
		errno = 0;
		want = realpath(p, NULL);
		we = errno;
		errno = 0;
		got = resolve_realpath(p);
		ge = errno;
		if (want)
			is_str(got, want, "resolve_realpath('<base>%s')", cases[i]);
		else
			ok(!got && ge == we, "resolve_realpath('<base>%s') fails like realpath: %s", cases[i],
			   strerror(ge));
	}
	{
		_cleanup_free_ char *got = resolve_realpath(".");

		is_str(got, getcwd(cwd, sizeof(cwd)), "resolve_realpath('.') is the cwd");
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * mkdir_p + mkfile of 10 typical mount targets into a fresh empty root, then again
 * when they all exist (the common case for an image that ships them), timed.
 */
static void bench(const char *mode)
{
	static const char *const dirs[] = {"proc", "dev", "dev/pts", "dev/shm", "dev/mqueue", "sys", "sys/fs/cgroup"};
	static const char *const files[] = {"etc/resolv.conf", "etc/hostname", "etc/hosts"};
	const int rounds = 50;
	double spent[2] = {0, 0};
	int bad = 0;

	for (int r = 0; r < rounds; r++) {
		struct tree t = {.rootfd = -1};

		snprintf(t.base, sizeof(t.base), "/tmp/rt-resolve.XXXXXX");
		if (!mkdtemp(t.base))
			abort();
		t.rootfd = open(t.base, O_PATH | O_DIRECTORY | O_CLOEXEC);
		for (int pass = 0; pass < 2; pass++) {
			double s = now();

			for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
				int fd = resolve_mkdir_p(t.rootfd, dirs[i], 0755, NULL);

				bad += fd < 0;
				close(fd);
			}
			for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
				int fd = resolve_mkfile(t.rootfd, files[i], 0644, NULL);

				bad += fd < 0;
				close(fd);
			}
			spent[pass] += now() - s;
		}
		tree_free(&t);
	}
	printf("# %s: mkdir_p+mkfile of 10 mount targets: %.1f us (creating), %.1f us (existing)\n", mode,
	       spent[0] / rounds * 1e6, spent[1] / rounds * 1e6);
	ok(bad == 0, "%s: 10 mount targets created %d times", mode, rounds);
}

/* Makes openat2 fail with errnum for this process (no_new_privs + a 4-insn filter). */
static int seccomp_deny_openat2(int errnum)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (unsigned int)errnum),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {.len = ARRAY_SIZE(insns), .filter = insns};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0 ? -errno : 0;
}

/*
 * In a child: openat2 works, then a seccomp filter makes it fail with errnum (as a
 * container's profile may, after our probe ran). resolve_* must notice and walk.
 * Exit status: a bit per failed check.
 */
static int child_seccomp(const struct tree *t, int errnum)
{
	int fd, bad = 0;

	bad |= !resolve_have_openat2() << 0;
	if (seccomp_deny_openat2(errnum) < 0)
		return 0x80;
	fd = resolve_open(t->rootfd, "etc_link/passwd", O_RDONLY, NULL);
	bad |= !same_as(t, fd, "etc/passwd") << 1;
	bad |= resolve_have_openat2() << 2;
	bad |= (resolve_open(t->rootfd, "loop1", O_PATH, NULL) != -ELOOP) << 3;
	fd = resolve_mkdir_p(t->rootfd, "dev/seccomp", 0755, NULL);
	bad |= (fd < 0) << 4;
	bad |= !outside_intact(t) << 5;
	return bad;
}

static void test_seccomp(void)
{
	static const int errs[] = {ENOSYS, EPERM};
	struct tree t;

	tree_make(&t);
	for (size_t i = 0; i < ARRAY_SIZE(errs); i++) {
		int status = -1;
		pid_t pid = fork();

		if (pid == 0)
			_exit(child_seccomp(&t, errs[i]));
		waitpid(pid, &status, 0);
		ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		   "seccomp openat2 -> %s after the probe: detected, walk used (status %#x)", strerror(errs[i]),
		   status);
	}
	tree_free(&t);
}

static void run_all(const char *mode)
{
	struct tree t;

	printf("# resolver mode: %s\n", mode);
	tree_make(&t);
	test_open(&t, mode);
	test_parent(&t, mode);
	test_create(&t, mode);
	test_fd_path(&t, mode);
	test_realpath(&t);
	tree_free(&t);
	test_magic(mode);
	test_race(mode, false);
	test_race(mode, true);
	bench(mode);
}

static int count_fds(void)
{
	_cleanup_closedir_ DIR *d = opendir("/proc/self/fd");
	int n = 0;

	while (d && readdir(d))
		n++;
	return n;
}

int main(void)
{
	int fds = count_fds();

	if (resolve_have_openat2())
		run_all("openat2");
	else
		printf("# openat2 not available: kernel mode skipped\n");
	resolve_force_fallback(true);
	ok(!resolve_have_openat2(), "fallback forced");
	run_all("fallback");
	resolve_force_fallback(false);
	if (resolve_have_openat2())
		test_seccomp();
	test_naive();
	procfs_reset(); /* the one fd kept on purpose: the cached procfs root */
	is_int(count_fds(), fds, "no fd leaked by any resolver call");
	return done_testing();
}
