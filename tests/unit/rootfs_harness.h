/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared harness of the live rootfs tests (root): each scenario forks a child that
 * unshares its mount namespace (optionally a user or cgroup namespace first, optionally
 * under a seccomp filter that makes the new mount API ENOSYS), runs rootfs_setup() +
 * rootfs_finish() on a busybox rootfs built in a temp dir, inspects what it sees from
 * inside and reports "P|F <description>" lines (or "E <error>" when setup failed)
 * through a pipe; the parent turns them into TAP. A host canary directory must stay
 * unchanged. Header-only (static inline) so the TAP counters stay in one unit.
 */
#ifndef RT_TESTS_ROOTFS_HARNESS_H
#define RT_TESTS_ROOTFS_HARNESS_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <signal.h>
#include <linux/filter.h>
#include <linux/magic.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux/rootfs.h"
#include "tests/unit/tap.h"
#include "util/util.h"

#ifndef CGROUP_SUPER_MAGIC
#define CGROUP_SUPER_MAGIC 0x27e0eb
#endif
#ifndef MQUEUE_MAGIC
#define MQUEUE_MAGIC 0x19800202
#endif

static char T[] = "/tmp/rootfs-live-XXXXXX";
/* second pass: the new mount API and openat2 fail with ENOSYS (old-kernel fallbacks) */
static bool legacy;
/* pass 3: only mount_setattr is ENOSYS (Linux 5.2 - 5.11: fsopen/open_tree but no setattr) */
static bool only_setattr_denied;
/* the child moves itself into this cgroup (cgroup.procs path) and maybe a new cgroup ns */
static char join_cg[256];
static bool cg_unshare;
/* the child first enters a new user namespace mapping only root (mknod is refused there) */
static bool in_userns;

static inline int enter_userns(void)
{
	static const char *const files[][2] = {
		{"/proc/self/setgroups", "deny"}, {"/proc/self/uid_map", "0 0 1"}, {"/proc/self/gid_map", "0 0 1"}};

	if (unshare(CLONE_NEWUSER) < 0)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		int fd = open(files[i][0], O_WRONLY | O_CLOEXEC);

		if (fd < 0 || write(fd, files[i][1], strlen(files[i][1])) < 0)
			return -1;
		close(fd);
	}
	return 0;
}
static char outside[128], rootfs[160];
static int report_fd = -1;

/* ---- helpers run on the host side ---------------------------------------------- */

static inline void xsh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void xsh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	pid_t pid;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	pid = fork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-ec", cmd, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		printf("Bail out! command failed: %s\n", cmd);
		exit(1);
	}
}

/* A fresh busybox rootfs (plus the test files) at $T/rootfs. */
static inline void make_rootfs(void)
{
	xsh("rm -rf '%s' && mkdir -p '%s'/bin '%s'/proc '%s'/sys '%s'/dev '%s'/etc/copy/sub '%s'/tmp '%s'/testdir "
	    "'%s'/ro",
	    rootfs, rootfs, rootfs, rootfs, rootfs, rootfs, rootfs, rootfs, rootfs);
	xsh("cp /bin/busybox '%s'/bin/busybox && for a in sh cat ls mount; do ln -s busybox '%s'/bin/$a; done", rootfs,
	    rootfs);
	xsh("echo A > '%s'/etc/copy/a && echo B > '%s'/etc/copy/sub/b && ln -s a '%s'/etc/copy/link", rootfs, rootfs,
	    rootfs);
	xsh("echo Forbidden > '%s'/testfile && echo secret > '%s'/testdir/secret", rootfs, rootfs);
}

/* The canary: $T/outside with a marker file and a ptmx marker; must never change. */
static inline void make_canary(void)
{
	xsh("rm -rf '%s' && mkdir -p '%s' && echo canary > '%s'/marker && echo ptmx-marker > '%s'/ptmx", outside,
	    outside, outside, outside);
}

static inline bool canary_intact(void)
{
	char path[256], buf[64] = "";
	struct dirent *de;
	int n = 0, fd;
	DIR *d = opendir(outside);

	if (!d)
		return false;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	snprintf(path, sizeof(path), "%s/ptmx", outside);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0) {
		if (read(fd, buf, sizeof(buf) - 1) < 0)
			buf[0] = '\0';
		close(fd);
	}
	return n == 2 && strcmp(buf, "ptmx-marker\n") == 0;
}

/* ---- the config ------------------------------------------------------------------ */

#define MAX_MOUNTS 24

struct cfg {
	struct oci_config c;
	struct oci_root root;
	struct oci_linux l;
	struct oci_mount m[MAX_MOUNTS];
	struct oci_device d[2];
};

static inline void cfg_init(struct cfg *f)
{
	memset(f, 0, sizeof(*f));
	f->root.path = rootfs;
	f->c.root = &f->root;
	f->c.linux_ = &f->l;
	f->c.mounts = f->m;
}

static inline void cfg_mount(struct cfg *f, const char *dest, const char *type, const char *src, const char *opts)
{
	struct oci_mount *m = &f->m[f->c.mounts_len++];
	char *o = rt_strdup(opts ? opts : ""), *save = NULL;

	m->destination = rt_strdup(dest);
	m->type = type ? rt_strdup(type) : NULL;
	m->source = src ? rt_strdup(src) : NULL;
	for (char *t = strtok_r(o, ",", &save); t; t = strtok_r(NULL, ",", &save))
		rt_strv_push(&m->options, t);
	m->options_len = rt_strv_len(m->options);
	free(o);
}

static inline void cfg_free(struct cfg *f)
{
	for (size_t i = 0; i < f->c.mounts_len; i++) {
		free(f->m[i].destination);
		free(f->m[i].type);
		free(f->m[i].source);
		rt_strv_free(f->m[i].options);
	}
}

/* ---- child side ------------------------------------------------------------------ */

static inline void check(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void check(bool cond, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	n = snprintf(line, sizeof(line), "%c ", cond ? 'P' : 'F');
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (!cond)
		n += snprintf(line + n, sizeof(line) - (size_t)n - 1, " (errno %d %s)", errno, strerror(errno));
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	if (rt_write_all(report_fd, line, (size_t)n) < 0)
		_exit(3);
}

static inline long fs_type(const char *path)
{
	struct statfs s;

	return statfs(path, &s) < 0 ? -1 : (long)s.f_type;
}

static inline bool read_is(const char *path, const char *want)
{
	char buf[256];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return false;
	buf[n] = '\0';
	return strcmp(buf, want) == 0;
}

static inline bool fails_with(int r, int e)
{
	return r < 0 && errno == e;
}

static inline bool creat_fails(const char *path, int e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	if (fd >= 0) {
		close(fd);
		unlink(path);
		return false;
	}
	return errno == e;
}

static inline bool is_chr(const char *path, unsigned maj, unsigned min)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == maj && minor(st.st_rdev) == min;
}

static inline bool link_is(const char *path, const char *want)
{
	char buf[256];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	if (n < 0)
		return false;
	buf[n] = '\0';
	return strcmp(buf, want) == 0;
}

typedef void (*inspect_fn)(void);

/* Makes the new mount API (and openat2) return ENOSYS in this process, like an old kernel. */
static inline int deny_new_api(void)
{
	static const int all[] = {SYS_mount_setattr, SYS_fsopen,    SYS_fsconfig,   SYS_fsmount,
				  SYS_fspick,	     SYS_open_tree, SYS_move_mount, SYS_openat2};
	size_t count = only_setattr_denied ? 1 : ARRAY_SIZE(all);
	struct sock_filter f[2 * ARRAY_SIZE(all) + 2];
	struct sock_fprog prog = {.filter = f};
	size_t n = 0;

	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	for (size_t i = 0; i < count; i++) {
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)all[i], 0, 1);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS);
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	prog.len = (unsigned short)n;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

/*
 * Runs setup (+ console + finish) in a child with its own mount namespace and returns
 * the error text (malloc'ed) or NULL; the child's checks become TAP lines.
 */
static inline char *run_child(const struct rootfs_plan *p, inspect_fn fn, bool console)
{
	int pfd[2];
	pid_t pid;
	char buf[8192], *err = NULL;
	size_t len = 0;
	ssize_t n;
	int st;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return rt_strdup("pipe");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct rt_err *e = NULL;
		int r;

		close(pfd[0]);
		report_fd = pfd[1];
		if (legacy && deny_new_api() < 0)
			_exit(4);
		if (join_cg[0]) {
			int fd = open(join_cg, O_WRONLY | O_CLOEXEC);

			if (fd < 0 || write(fd, "0", 1) != 1 || (cg_unshare && unshare(CLONE_NEWCGROUP) < 0))
				_exit(5);
			close(fd);
		}
		if (in_userns && enter_userns() < 0)
			_exit(6);
		/* the orchestrator runs createContainer hooks between these two */
		r = unshare(CLONE_NEWNS) < 0 ? rt_err_set(&e, errno, "unshare") : rootfs_mount_all(p, NULL, &e);
		if (r >= 0)
			r = rootfs_pivot(p, &e);
		if (r >= 0 && console) {
			int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC), unlock = 0, slave = -1;

			if (master >= 0 && ioctl(master, TIOCSPTLCK, &unlock) == 0)
				slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
			r = slave < 0 ? rt_err_set(&e, errno, "pty") : rootfs_console(p, slave, &e);
		}
		if (r >= 0)
			r = rootfs_finish(p, &e);
		if (r < 0) {
			dprintf(report_fd, "E %s\n", e ? e->msg : "?");
			_exit(2);
		}
		fn();
		_exit(0);
	}
	close(pfd[1]);
	while (pid > 0 && len < sizeof(buf) - 1 && (n = read(pfd[0], buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	close(pfd[0]);
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return rt_strdup("fork/wait failed");
	for (char *save = NULL, *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == 'P' || line[0] == 'F')
			ok(line[0] == 'P', "%s%s",
			   !legacy		 ? ""
			   : only_setattr_denied ? "[no mount_setattr] "
						 : "[no new mount API] ",
			   line + 2);
		else if (line[0] == 'E' && !err)
			err = rt_strdup(line + 2);
	}
	if (!err && !(WIFEXITED(st) && WEXITSTATUS(st) == 0))
		err = rt_strdup("child died");
	return err;
}

static inline struct rootfs_plan *plan_of(struct cfg *f)
{
	struct rootfs_plan *p = NULL;
	struct rt_err *e = NULL;

	if (rootfs_prepare(&f->c, T, NULL, false, &p, &e) < 0) {
		ok(0, "prepare: %s", e ? e->msg : "?");
		rt_err_free(e);
		return NULL;
	}
	return p;
}

/* ---- common configs and expectations ---------------------------------------------- */

static inline void inspect_minimal(void)
{
	check(fs_type("/proc") == PROC_SUPER_MAGIC, "/proc is procfs");
	check(fails_with(access("/work", F_OK), ENOENT), "host tree is not visible");
	check(is_chr("/dev/null", 1, 3), "/dev/null is 1:3");
}

static inline void base_mounts(struct cfg *f)
{
	cfg_init(f);
	cfg_mount(f, "/proc", "proc", "proc", "nosuid,noexec,nodev");
	cfg_mount(f, "/dev", "tmpfs", "tmpfs", "nosuid,mode=755");
}

static inline char *attack(struct cfg *f, inspect_fn fn, bool console)
{
	struct rootfs_plan *p = plan_of(f);
	char *err = p ? run_child(p, fn, console) : rt_strdup("prepare failed");

	rootfs_plan_free(p);
	cfg_free(f);
	return err;
}

static inline void expect_contained(const char *name, char *err)
{
	ok(!err, "%s: set up, contained%s%s", name, err ? ": " : "", err ? err : "");
	ok(canary_intact(), "%s: host canary unchanged", name);
	free(err);
}

/*
 * Either outcome is safe when the destination runs through a dangling in-root symlink:
 * the resolver may create the target inside the rootfs (then fn checked it) or refuse.
 * What must not happen is a crash or a host write.
 */
static inline void expect_safe(const char *name, char *err)
{
	ok(!err || strcmp(err, "child died") != 0, "%s: %s%s", name, err ? "refused cleanly: " : "set up, contained",
	   err ? err : "");
	ok(canary_intact(), "%s: host canary unchanged", name);
	free(err);
}

static inline void expect_refused(const char *name, char *err, const char *want)
{
	ok(err && strstr(err, want), "%s: refused with '%s' (got '%s')", name, want, err ? err : "success");
	ok(canary_intact(), "%s: host canary unchanged", name);
	free(err);
}

/* Creates the temp dir and the canary; fails loudly when not root. */
static inline void harness_init(void)
{
	if (geteuid() != 0) {
		printf("not ok 1 - this test must run as root (it mounts and pivots)\n1..1\n");
		exit(1);
	}
	if (!mkdtemp(T)) {
		printf("Bail out! mkdtemp: %m\n");
		exit(1);
	}
	snprintf(outside, sizeof(outside), "%s/outside", T);
	snprintf(rootfs, sizeof(rootfs), "%s/rootfs", T);
	make_canary();
}

#define HARNESS_PASSES 3

/* Pass 0: the new mount API; 1: all of it ENOSYS (< 5.2); 2: only mount_setattr ENOSYS. */
static inline void harness_pass(int pass)
{
	static const char *const what[] = {"new mount API", "fsopen/open_tree/move_mount/mount_setattr/openat2 ENOSYS",
					   "mount_setattr ENOSYS"};

	legacy = pass >= 1;
	only_setattr_denied = pass == 2;
	printf("# pass %d: %s\n", pass + 1, what[pass]);
}

static inline int harness_done(void)
{
	ok(canary_intact(), "host canary unchanged at the end");
	xsh("! grep -q '%s' /proc/self/mountinfo", T);
	ok(1, "no mount of the test tree leaked into the host namespace");
	xsh("rm -rf '%s'", T);
	return done_testing();
}

#endif
