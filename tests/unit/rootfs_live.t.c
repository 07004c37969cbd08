/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rootfs_setup() + rootfs_finish() for real, as root: each scenario forks a child that
 * unshares its mount namespace, sets up a busybox rootfs built in a temp dir, inspects
 * what it sees from inside (after pivot_root) and reports "P|F <description>" lines
 * (or "E <error>" when setup failed) through a pipe. The attack trees of
 * SECURITY-SCENARIOS.md S1-S9 run against a host canary directory that must stay
 * byte-identical.
 */
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
/* the child moves itself into this cgroup (cgroup.procs path) and maybe a new cgroup ns */
static char join_cg[256];
static bool cg_unshare;
/* the child first enters a new user namespace mapping only root (mknod is refused there) */
static bool in_userns;

static int enter_userns(void)
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

static void xsh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void xsh(const char *fmt, ...)
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
static void make_rootfs(void)
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
static void make_canary(void)
{
	xsh("rm -rf '%s' && mkdir -p '%s' && echo canary > '%s'/marker && echo ptmx-marker > '%s'/ptmx", outside,
	    outside, outside, outside);
}

static bool canary_intact(void)
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

static void cfg_init(struct cfg *f)
{
	memset(f, 0, sizeof(*f));
	f->root.path = rootfs;
	f->c.root = &f->root;
	f->c.linux_ = &f->l;
	f->c.mounts = f->m;
}

static void cfg_mount(struct cfg *f, const char *dest, const char *type, const char *src, const char *opts)
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

static void cfg_free(struct cfg *f)
{
	for (size_t i = 0; i < f->c.mounts_len; i++) {
		free(f->m[i].destination);
		free(f->m[i].type);
		free(f->m[i].source);
		rt_strv_free(f->m[i].options);
	}
}

/* ---- child side ------------------------------------------------------------------ */

static void check(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void check(bool cond, const char *fmt, ...)
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

static long fs_type(const char *path)
{
	struct statfs s;

	return statfs(path, &s) < 0 ? -1 : (long)s.f_type;
}

static bool read_is(const char *path, const char *want)
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

static bool fails_with(int r, int e)
{
	return r < 0 && errno == e;
}

static bool creat_fails(const char *path, int e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	if (fd >= 0) {
		close(fd);
		unlink(path);
		return false;
	}
	return errno == e;
}

static bool is_chr(const char *path, unsigned maj, unsigned min)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == maj && minor(st.st_rdev) == min;
}

static bool link_is(const char *path, const char *want)
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
static int deny_new_api(void)
{
	static const int nrs[] = {SYS_fsopen,	 SYS_fsconfig,	 SYS_fsmount,	    SYS_fspick,
				  SYS_open_tree, SYS_move_mount, SYS_mount_setattr, SYS_openat2};
	struct sock_filter f[2 * ARRAY_SIZE(nrs) + 2];
	struct sock_fprog prog = {.len = (unsigned short)ARRAY_SIZE(f), .filter = f};
	size_t n = 0;

	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
	for (size_t i = 0; i < ARRAY_SIZE(nrs); i++) {
		f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nrs[i], 0, 1);
		f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS);
	}
	f[n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

/*
 * Runs setup (+ console + finish) in a child with its own mount namespace and returns
 * the error text (malloc'ed) or NULL; the child's checks become TAP lines.
 */
static char *run_child(const struct rootfs_plan *p, inspect_fn fn, bool console)
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
		r = unshare(CLONE_NEWNS) < 0 ? rt_err_set(&e, errno, "unshare") : rootfs_setup(p, &e);
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
			ok(line[0] == 'P', "%s%s", legacy ? "[no new mount API] " : "", line + 2);
		else if (line[0] == 'E' && !err)
			err = rt_strdup(line + 2);
	}
	if (!err && !(WIFEXITED(st) && WEXITSTATUS(st) == 0))
		err = rt_strdup("child died");
	return err;
}

static struct rootfs_plan *plan_of(struct cfg *f)
{
	struct rootfs_plan *p = NULL;
	struct rt_err *e = NULL;

	if (rootfs_prepare(&f->c, T, &p, &e) < 0) {
		ok(0, "prepare: %s", e ? e->msg : "?");
		rt_err_free(e);
		return NULL;
	}
	return p;
}

/* ---- scenario: a full default-like config ------------------------------------------ */

static void inspect_full(void)
{
	struct statfs sfs;
	struct stat st;
	DIR *d;
	int n = 0;

	check(fs_type("/proc") == PROC_SUPER_MAGIC, "/proc is procfs");
	check(fails_with(access("/work", F_OK), ENOENT), "host tree is not visible after pivot_root");
	check(is_chr("/dev/null", 1, 3), "/dev/null is 1:3");
	check(is_chr("/dev/zero", 1, 5) && is_chr("/dev/urandom", 1, 9) && is_chr("/dev/tty", 5, 0),
	      "default devices zero/urandom/tty");
	check(link_is("/dev/fd", "/proc/self/fd") && link_is("/dev/stderr", "/proc/self/fd/2"), "/dev/fd links");
	check(link_is("/dev/ptmx", "pts/ptmx"), "/dev/ptmx -> pts/ptmx");
	check(fs_type("/dev/pts") == DEVPTS_SUPER_MAGIC, "/dev/pts is devpts");
	check(fs_type("/dev/mqueue") == MQUEUE_MAGIC, "/dev/mqueue is mqueue");
	check(statfs("/dev/shm", &sfs) == 0 && sfs.f_type == TMPFS_MAGIC &&
		      (unsigned long long)sfs.f_blocks * sfs.f_bsize == 64ull << 20,
	      "/dev/shm is a 64m tmpfs (size option)");
	check(fs_type("/sys") == SYSFS_MAGIC, "/sys is sysfs");
	check(fails_with(mkdir("/sys/kernel/x", 0755), EROFS), "ro sysfs gives EROFS");
	check(fails_with(mkdir("/sys/fs/cgroup/x", 0755), EROFS), "ro cgroup mount gives EROFS");
	check(read_is("/vol/marker", "vol\n"), "bind source visible");
	check(creat_fails("/vol/new", EROFS), "ro bind gives EROFS");
	if (!legacy)
		check(creat_fails("/vol/sub/new", EROFS), "rro reaches the submount");
	check(read_is("/etc/hostfile", "hostfile\n"), "file bind mount");
	check(read_is("/etc/copy/a", "A\n") && read_is("/etc/copy/sub/b", "B\n") && link_is("/etc/copy/link", "a"),
	      "tmpcopyup copied the tree");
	check(fs_type("/etc/copy") == TMPFS_MAGIC, "tmpcopyup target is a tmpfs");
	check(read_is("/testfile", ""), "masked file reads empty");
	check(unlink("/testfile") < 0 && (errno == EBUSY || errno == EROFS), "masked file cannot be removed");
	check(creat_fails("/testdir/x", EROFS), "masked dir is read-only");
	check(access("/testdir/secret", F_OK) < 0, "masked dir hides its contents");
	check(access("/proc/timer_list", F_OK) < 0 || read_is("/proc/timer_list", ""), "/proc/timer_list masked");
	check(access("/proc/kcore", F_OK) < 0 || read_is("/proc/kcore", ""), "/proc/kcore masked");
	if ((d = opendir("/sys/firmware"))) {
		while (readdir(d))
			n++;
		closedir(d);
	}
	check(n == 2, "/sys/firmware masked (empty)");
	check(fails_with(open("/proc/sys/kernel/hostname", O_WRONLY | O_CLOEXEC), EROFS), "/proc/sys is read-only");
	/* this VM's kernel has no sysrq-trigger: then the missing readonly path was skipped */
	check(access("/proc/sysrq-trigger", F_OK) < 0
		      ? errno == ENOENT
		      : fails_with(open("/proc/sysrq-trigger", O_WRONLY | O_CLOEXEC), EROFS),
	      "/proc/sysrq-trigger read-only (or absent)");
	check(creat_fails("/ro/x", EROFS), "readonlyPaths dir gives EROFS");
	check(creat_fails("/newfile", EROFS), "root.readonly gives EROFS");
	check(!creat_fails("/dev/shm/x", EROFS), "/dev/shm stays writable under a ro root");
	check(lstat("/dev/mydev", &st) == 0 && S_ISCHR(st.st_mode) && (st.st_mode & 07777) == 0640 &&
		      st.st_rdev == makedev(1, 3) && st.st_uid == 1000 && st.st_gid == 1001,
	      "linux.devices node with mode and owner");
	check(lstat("/dev/sub/fifo", &st) == 0 && S_ISFIFO(st.st_mode), "linux.devices fifo in a subdirectory");
	check(access("/proc/cpuinfo", R_OK) == 0, "allowed /proc/cpuinfo bind");
}

static void scenario_full(void)
{
	static char *masked[] = {
		"/proc/kcore", "/proc/timer_list", "/sys/firmware", "/testfile", "/testdir", "/nonexistent", NULL};
	static char *ro[] = {"/proc/sys", "/proc/sysrq-trigger", "/ro", NULL};
	struct rootfs_plan *p;
	struct cfg f;
	char vol[160], file[160], *err;

	make_rootfs();
	snprintf(vol, sizeof(vol), "%s/vol", T);
	snprintf(file, sizeof(file), "%s/hostfile", T);
	xsh("mkdir -p '%s/sub' && echo vol > '%s/marker' && echo hostfile > '%s'", vol, vol, file);
	xsh("mountpoint -q '%s/sub' || mount -t tmpfs -o size=1m tmpfs '%s/sub'", vol, vol);
	cfg_init(&f);
	cfg_mount(&f, "/proc", "proc", "proc", "nosuid,noexec,nodev");
	cfg_mount(&f, "/dev", "tmpfs", "tmpfs", "nosuid,strictatime,mode=755,size=65536k");
	cfg_mount(&f, "/dev/pts", "devpts", "devpts", "nosuid,noexec,newinstance,ptmxmode=0666,mode=0620");
	cfg_mount(&f, "/dev/shm", "tmpfs", "shm", "nosuid,noexec,nodev,mode=1777,size=64m");
	cfg_mount(&f, "/dev/mqueue", "mqueue", "mqueue", "nosuid,noexec,nodev");
	cfg_mount(&f, "/sys", "sysfs", "sysfs", "nosuid,noexec,nodev,ro");
	cfg_mount(&f, "/sys/fs/cgroup", "cgroup", "cgroup", "nosuid,noexec,nodev,relatime,ro");
	cfg_mount(&f, "/vol", "bind", vol, legacy ? "rbind,ro" : "rbind,ro,rro");
	cfg_mount(&f, "/etc/hostfile", "bind", file, "bind");
	cfg_mount(&f, "/etc/copy", "tmpfs", "tmpfs", "tmpcopyup,size=1m");
	cfg_mount(&f, "/proc/cpuinfo", "bind", "/proc/cpuinfo", "bind,ro");
	f.l.masked_paths = masked;
	f.l.masked_paths_len = rt_strv_len(masked);
	f.l.readonly_paths = ro;
	f.l.readonly_paths_len = rt_strv_len(ro);
	f.d[0] = (struct oci_device){.type = (char *)"c",
				     .path = (char *)"/dev/mydev",
				     .major = 1,
				     .minor = 3,
				     .has_file_mode = true,
				     .file_mode = 0640,
				     .has_uid = true,
				     .uid = 1000,
				     .has_gid = true,
				     .gid = 1001};
	f.d[1] = (struct oci_device){.type = (char *)"p", .path = (char *)"/dev/sub/fifo"};
	f.l.devices = f.d;
	f.l.devices_len = 2;
	f.root.readonly = true;
	if ((p = plan_of(&f))) {
		err = run_child(p, inspect_full, false);
		ok(!err, "full config sets up%s%s", err ? ": " : "", err ? err : "");
		free(err);
		rootfs_plan_free(p);
	}
	cfg_free(&f);
	xsh("umount '%s/sub'", vol);
}

/* ---- scenario: --no-pivot --------------------------------------------------------- */

static void inspect_minimal(void)
{
	check(fs_type("/proc") == PROC_SUPER_MAGIC, "/proc is procfs");
	check(fails_with(access("/work", F_OK), ENOENT), "host tree is not visible");
	check(is_chr("/dev/null", 1, 3), "/dev/null is 1:3");
}

static void base_mounts(struct cfg *f)
{
	cfg_init(f);
	cfg_mount(f, "/proc", "proc", "proc", "nosuid,noexec,nodev");
	cfg_mount(f, "/dev", "tmpfs", "tmpfs", "nosuid,mode=755");
}

static void scenario_no_pivot(void)
{
	struct rootfs_plan *p;
	struct cfg f;
	char *err;

	make_rootfs();
	base_mounts(&f);
	if ((p = plan_of(&f))) {
		rootfs_plan_set_no_pivot(p, true);
		err = run_child(p, inspect_minimal, false);
		ok(!err, "--no-pivot sets up%s%s", err ? ": " : "", err ? err : "");
		free(err);
		rootfs_plan_free(p);
	}
	cfg_free(&f);
}

/* ---- attack trees ------------------------------------------------------------------- */

static char *attack(struct cfg *f, inspect_fn fn, bool console)
{
	struct rootfs_plan *p = plan_of(f);
	char *err = p ? run_child(p, fn, console) : rt_strdup("prepare failed");

	rootfs_plan_free(p);
	cfg_free(f);
	return err;
}

static void expect_contained(const char *name, char *err)
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
static void expect_safe(const char *name, char *err)
{
	ok(!err || strcmp(err, "child died") != 0, "%s: %s%s", name, err ? "refused cleanly: " : "set up, contained",
	   err ? err : "");
	ok(canary_intact(), "%s: host canary unchanged", name);
	free(err);
}

static void expect_refused(const char *name, char *err, const char *want)
{
	ok(err && strstr(err, want), "%s: refused with '%s' (got '%s')", name, want, err ? err : "success");
	ok(canary_intact(), "%s: host canary unchanged", name);
	free(err);
}

static void inspect_dev_inside(void)
{
	check(is_chr("/dev/null", 1, 3), "/dev/null created inside the rootfs");
	check(link_is("/dev/ptmx", "pts/ptmx"), "/dev/ptmx link inside the rootfs");
}

static void inspect_tmpfs_abs_x(void)
{
	check(fs_type("/abs/x") == TMPFS_MAGIC, "tmpfs landed at /abs/x inside the rootfs");
}

static void inspect_rel_y(void)
{
	check(read_is("/rel/y/bundlefile", "b\n"), "bind landed at /rel/y inside the rootfs");
}

static void inspect_etc_foo(void)
{
	check(fs_type("/foo") == TMPFS_MAGIC, "'/etc/foo' with etc -> / landed at rootfs/foo");
}

static void inspect_console(void)
{
	struct stat st;

	check(lstat("/dev/console", &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == 136,
	      "/dev/console is a pty slave inside the rootfs");
}

static void s7_config(struct cfg *f, const char *hostdev)
{
	static char *masked[] = {"/testfile", NULL};

	cfg_init(f);
	cfg_mount(f, "/proc", "proc", "proc", NULL);
	cfg_mount(f, "/dev", "bind", hostdev, "rbind");
	f->l.masked_paths = masked;
	f->l.masked_paths_len = 1;
}

static void scenarios_attacks(void)
{
	char path[512];
	struct cfg f;

	/* S6: /dev -> host dir, with and without a /dev tmpfs */
	make_rootfs();
	xsh("rmdir '%s/dev' && ln -s '%s' '%s/dev'", rootfs, outside, rootfs);
	cfg_init(&f);
	cfg_mount(&f, "/proc", "proc", "proc", NULL);
	expect_safe("S6 /dev symlink, no /dev mount", attack(&f, inspect_dev_inside, false));
	make_rootfs();
	xsh("rmdir '%s/dev' && ln -s '%s' '%s/dev'", rootfs, outside, rootfs);
	base_mounts(&f);
	expect_safe("S6 /dev symlink + /dev tmpfs", attack(&f, inspect_dev_inside, false));

	/* S6 again, the symlink target existing inside the rootfs: must be contained */
	make_rootfs();
	xsh("rmdir '%s/dev' && ln -s '%s' '%s/dev' && mkdir -p '%s%s'", rootfs, outside, rootfs, rootfs, outside);
	base_mounts(&f);
	expect_contained("S6 /dev symlink, in-root target", attack(&f, inspect_dev_inside, false));

	/* S1: destination through an absolute symlink */
	make_rootfs();
	xsh("ln -s '%s' '%s/abs'", outside, rootfs);
	base_mounts(&f);
	cfg_mount(&f, "/abs/x", "tmpfs", "tmpfs", NULL);
	expect_safe("S1 absolute symlink destination", attack(&f, inspect_tmpfs_abs_x, false));
	make_rootfs();
	xsh("ln -s '%s' '%s/abs' && mkdir -p '%s%s'", outside, rootfs, rootfs, outside);
	base_mounts(&f);
	cfg_mount(&f, "/abs/x", "tmpfs", "tmpfs", NULL);
	expect_contained("S1 absolute symlink, in-root target", attack(&f, inspect_tmpfs_abs_x, false));

	/* S2: destination through a relative ../ symlink, bind of a bundle dir */
	make_rootfs();
	xsh("ln -s '../../../../../../../..%s' '%s/rel' && mkdir -p '%s/bdir' && echo b > '%s/bdir/bundlefile'",
	    outside, rootfs, T, T);
	base_mounts(&f);
	cfg_mount(&f, "/rel/y", "bind", "bdir", "bind");
	expect_safe("S2 relative symlink destination", attack(&f, inspect_rel_y, false));

	/* destination /etc/foo where etc -> / */
	make_rootfs();
	xsh("rm -rf '%s/etc' && ln -s / '%s/etc'", rootfs, rootfs);
	base_mounts(&f);
	cfg_mount(&f, "/etc/foo", "tmpfs", "tmpfs", NULL);
	expect_contained("etc -> / destination", attack(&f, inspect_etc_foo, false));
	ok(access("/foo", F_OK) < 0, "etc -> /: nothing created at host /foo");

	/* S4: /proc is a symlink (to a missing path and to the host canary) */
	make_rootfs();
	xsh("rmdir '%s/proc' && ln -s /fakeproc '%s/proc'", rootfs, rootfs);
	base_mounts(&f);
	expect_refused("S4 /proc -> /fakeproc", attack(&f, inspect_minimal, false), "ordinary directory");
	make_rootfs();
	xsh("rmdir '%s/proc' && ln -s '%s' '%s/proc'", rootfs, outside, rootfs);
	base_mounts(&f);
	expect_refused("S4 /proc -> host dir", attack(&f, inspect_minimal, false), "ordinary directory");

	/* S5: /sys is a symlink */
	make_rootfs();
	xsh("rmdir '%s/sys' && ln -s '%s' '%s/sys'", rootfs, outside, rootfs);
	base_mounts(&f);
	cfg_mount(&f, "/sys", "sysfs", "sysfs", "ro");
	expect_refused("S5 /sys symlink", attack(&f, inspect_minimal, false), "ordinary directory");

	/* S7: /dev is a bind of a host dir whose null is a regular file / a symlink */
	make_rootfs();
	snprintf(path, sizeof(path), "%s/hostdev", T);
	xsh("rm -rf '%s' && mkdir -p '%s' && echo LEAK > '%s/null'", path, path, path);
	s7_config(&f, path);
	expect_refused("S7 fake /dev/null file", attack(&f, inspect_minimal, false), "/dev/null is invalid");
	xsh("rm '%s/null' && ln -s /testfile '%s/null'", path, path);
	s7_config(&f, path);
	expect_refused("S7 /dev/null symlink", attack(&f, inspect_minimal, false), "/dev/null is invalid");

	/* S8: /dev/console is a symlink to the host */
	make_rootfs();
	xsh("ln -s '%s/c' '%s/dev/console'", outside, rootfs);
	cfg_init(&f);
	cfg_mount(&f, "/proc", "proc", "proc", NULL);
	cfg_mount(&f, "/dev/pts", "devpts", "devpts", "newinstance,ptmxmode=0666");
	expect_contained("S8 /dev/console symlink", attack(&f, inspect_console, true));

	/* S9: a destination that resolves into /proc through a symlink */
	make_rootfs();
	xsh("ln -s /proc '%s/p'", rootfs);
	base_mounts(&f);
	cfg_mount(&f, "/p/sys", "tmpfs", "tmpfs", NULL);
	expect_refused("S9 tmpfs over /proc/sys via symlink", attack(&f, inspect_minimal, false), "inside /proc");
}

/* ---- errors name the mount; /proc binds; rootfsPropagation ------------------------ */

/* The optional fields of the mountinfo line of mount point mp ("shared:5 master:2"). */
static bool root_mount_has(const char *tag)
{
	char buf[16384], *save = NULL;
	int fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	bool found = false;

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *sep = strstr(line, " - ");
		/* fields: id parent maj:min root mountpoint options optional... - */
		char id[32], parent[32], dev[32], root[256], mp[256];

		if (sscanf(line, "%31s %31s %31s %255s %255s", id, parent, dev, root, mp) == 5 && !strcmp(mp, "/") &&
		    sep) {
			*sep = '\0';
			found = strstr(line, tag) != NULL;
		}
	}
	return found;
}

static void inspect_shared(void)
{
	check(root_mount_has("shared:"), "rootfsPropagation rshared makes '/' shared");
}

static void inspect_not_shared(void)
{
	check(!root_mount_has("shared:"), "'/' is not shared by default");
}

static void inspect_proc_bind(void)
{
	check(fs_type("/proc") == PROC_SUPER_MAGIC, "a bind of the host procfs root is accepted on /proc");
}

static void inspect_idmap(void)
{
	struct stat st;

	check(stat("/idm/owned-by-0", &st) == 0 && st.st_uid == 1000 && st.st_gid == 2000,
	      "idmapped bind shows on-disk 0:0 as 1000:2000");
	check(stat("/idm/owned-by-5", &st) == 0 && st.st_uid == 1005 && st.st_gid == 2005,
	      "idmapped bind maps the whole range");
}

static void scenario_idmap(void)
{
	static struct oci_id_mapping um = {.container_id = 0, .host_id = 1000, .size = 10};
	static struct oci_id_mapping gm = {.container_id = 0, .host_id = 2000, .size = 10};
	struct cfg f;
	char *err;

	make_rootfs();
	xsh("rm -rf '%s/idsrc' && mkdir -p '%s/idsrc' && touch '%s/idsrc/owned-by-0' '%s/idsrc/owned-by-5' && "
	    "chown 5:5 '%s/idsrc/owned-by-5'",
	    T, T, T, T, T);
	base_mounts(&f);
	cfg_mount(&f, "/idm", "bind", "idsrc", "bind,idmap");
	f.m[2].uid_mappings = &um;
	f.m[2].uid_mappings_len = 1;
	f.m[2].gid_mappings = &gm;
	f.m[2].gid_mappings_len = 1;
	err = attack(&f, inspect_idmap, false);
	ok(!err, "idmapped bind mount sets up%s%s", err ? ": " : "", err ? err : "");
	free(err);
}

static void inspect_cgroup(void)
{
	char buf[64] = "";
	int fd = open("/sys/fs/cgroup/pids/cgroup.procs", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (read(fd, buf, sizeof(buf) - 1) < 0)
			buf[0] = '\0';
		close(fd);
	}
	check(fs_type("/sys/fs/cgroup") == TMPFS_MAGIC, "cgroup: a tmpfs holds the v1 hierarchies");
	check(fs_type("/sys/fs/cgroup/memory") == CGROUP_SUPER_MAGIC, "cgroup: memory is cgroup v1");
	check(fs_type("/sys/fs/cgroup/unified") == CGROUP2_SUPER_MAGIC, "cgroup: unified is cgroup2");
	check(access("/sys/fs/cgroup/pids/pids.max", F_OK) == 0,
	      "cgroup: pids shows the container's cgroup, not the root");
	check(strtol(buf, NULL, 10) == getpid(), "cgroup: cgroup.procs lists the container process");
	check(fails_with(mkdir("/sys/fs/cgroup/pids/x", 0755), EROFS), "cgroup: hierarchy is read-only");
	check(fails_with(mkdir("/sys/fs/cgroup/x", 0755), EROFS), "cgroup: the tmpfs is read-only");
}

static void scenario_cgroup(bool ns)
{
	static struct oci_namespace cgns = {.type = (char *)"cgroup"};
	char dir[128];
	struct cfg f;
	char *err;

	snprintf(dir, sizeof(dir), "/sys/fs/cgroup/pids/rootfs-live-%d", (int)getpid());
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		ok(0, "mkdir %s: %s", dir, strerror(errno));
		return;
	}
	snprintf(join_cg, sizeof(join_cg), "%s/cgroup.procs", dir);
	cg_unshare = ns;
	make_rootfs();
	base_mounts(&f);
	cfg_mount(&f, "/sys", "sysfs", "sysfs", "nosuid,noexec,nodev,ro");
	cfg_mount(&f, "/sys/fs/cgroup", "cgroup", "cgroup", "nosuid,noexec,nodev,relatime,ro");
	if (ns) {
		f.l.namespaces = &cgns;
		f.l.namespaces_len = 1;
	}
	err = attack(&f, inspect_cgroup, false);
	ok(!err, "cgroup mount %s a cgroup namespace sets up%s%s", ns ? "with" : "without", err ? ": " : "",
	   err ? err : "");
	free(err);
	join_cg[0] = '\0';
	cg_unshare = false;
	if (rmdir(dir) < 0)
		ok(0, "rmdir %s: %s", dir, strerror(errno));
}

static void inspect_userns_dev(void)
{
	struct stat dev, null;

	check(mknod("/dev/x", S_IFCHR | 0666, makedev(1, 3)) < 0 && errno == EPERM, "userns: mknod is refused");
	check(is_chr("/dev/null", 1, 3) && is_chr("/dev/tty", 5, 0), "userns: default devices are there");
	check(stat("/dev", &dev) == 0 && stat("/dev/null", &null) == 0 && dev.st_dev != null.st_dev,
	      "userns: devices are binds of the host nodes");
	check(read_is("/dev/null", ""), "userns: /dev/null reads empty");
}

static void scenario_userns(void)
{
	struct cfg f;
	char *err;

	make_rootfs();
	cfg_init(&f);
	cfg_mount(&f, "/dev", "tmpfs", "tmpfs", "nosuid,mode=755");
	in_userns = true;
	err = attack(&f, inspect_userns_dev, false);
	in_userns = false;
	ok(!err, "rootfs in a user namespace sets up%s%s", err ? ": " : "", err ? err : "");
	free(err);
}

static void scenarios_misc(void)
{
	struct rootfs_plan *p;
	struct cfg f;
	char *err;

	make_rootfs();
	base_mounts(&f);
	cfg_mount(&f, "/dev/shm", "tmpfs", "shm", "nosuid,size=bogus");
	err = attack(&f, inspect_minimal, false);
	is_str(err,
	       legacy ? "mount 'tmpfs' on '/dev/shm' (mounts[2]): mount: Invalid argument"
		      : "mount 'tmpfs' on '/dev/shm' (mounts[2]): fsconfig 'size=bogus': Invalid argument",
	       "a runtime mount error names type, destination, index, step and errno");
	free(err);

	base_mounts(&f);
	cfg_mount(&f, "/mnt", "ext4", "/dev/nonexistent", NULL);
	err = attack(&f, inspect_minimal, false);
	ok(err && rt_str_has_prefix(err, legacy ? "mount 'ext4' on '/mnt' (mounts[2]): mount: "
						: "mount 'ext4' on '/mnt' (mounts[2]): fsconfig "),
	   "bad source: %s", err ? err : "(none)");
	free(err);

	if (legacy) {
		base_mounts(&f);
		cfg_mount(&f, "/mnt", "bind", "bdir", "rbind,rro");
		err = attack(&f, inspect_minimal, false);
		is_str(err,
		       "mount 'bind' on '/mnt' (mounts[2]): recursive mount options need mount_setattr: "
		       "Function not implemented",
		       "rro without mount_setattr is a clean error");
		free(err);
	}

	/* S9b: only a procfs root may be bound on /proc */
	xsh("mkdir -p '%s/bdir'", T);
	cfg_init(&f);
	cfg_mount(&f, "/proc", "bind", "bdir", "rbind");
	expect_refused("S9b bind of a plain dir on /proc", attack(&f, inspect_minimal, false),
		       "source is not a procfs root");
	cfg_init(&f);
	cfg_mount(&f, "/proc", "bind", "/proc", "rbind");
	cfg_mount(&f, "/dev", "tmpfs", "tmpfs", NULL);
	err = attack(&f, inspect_proc_bind, false);
	ok(!err, "host /proc bound on /proc%s%s", err ? ": " : "", err ? err : "");
	free(err);

	base_mounts(&f);
	f.l.rootfs_propagation = (char *)"rshared";
	if ((p = plan_of(&f))) {
		err = run_child(p, inspect_shared, false);
		ok(!err, "rshared rootfs sets up%s%s", err ? ": " : "", err ? err : "");
		free(err);
		rootfs_plan_free(p);
	}
	cfg_free(&f);
	base_mounts(&f);
	err = attack(&f, inspect_not_shared, false);
	ok(!err, "default propagation sets up%s%s", err ? ": " : "", err ? err : "");
	free(err);
}

int main(void)
{
	if (geteuid() != 0) {
		printf("not ok 1 - rootfs_live must run as root (it mounts and pivots)\n1..1\n");
		return 1;
	}
	if (!mkdtemp(T)) {
		printf("Bail out! mkdtemp: %m\n");
		return 1;
	}
	snprintf(outside, sizeof(outside), "%s/outside", T);
	snprintf(rootfs, sizeof(rootfs), "%s/rootfs", T);
	make_canary();
	for (int pass = 0; pass < 2; pass++) {
		legacy = pass == 1;
		printf("# pass %d: %s\n", pass + 1,
		       legacy ? "fsopen/open_tree/move_mount/mount_setattr/openat2 ENOSYS" : "new mount API");
		scenario_full();
		scenario_no_pivot();
		scenarios_attacks();
		scenarios_misc();
		if (!legacy) {
			scenario_idmap();
			scenario_cgroup(false);
			scenario_cgroup(true);
		}
		scenario_userns();
	}
	ok(canary_intact(), "host canary unchanged at the end");
	xsh("! grep -q '%s' /proc/self/mountinfo", T);
	ok(1, "no mount of the test tree leaked into the host namespace");
	xsh("rm -rf '%s'", T);
	return done_testing();
}
