/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * floor: the "kernel floor" pseudo-runtime of contrib/bench/bench.sh (FLOOR=1).
 *
 * It accepts a runtime's `run` command line, `floor [--root DIR] run --bundle BUNDLE ID`, and
 * does only the kernel work of a container start, without reading config.json: clone3 into new
 * pid, net, ipc, uts, mount and cgroup namespaces (the default `rt spec` set); the child makes /
 * recursively private, bind-mounts BUNDLE/rootfs on itself, mounts proc on its /proc, does
 * pivot_root(".", ".") + umount2(".", MNT_DETACH) and execs /bin/true with an empty
 * environment; the parent waits and exits with the child's status. --root is ignored; ID only
 * names the cgroups. Other subcommands exit 2. The mode is argv[0]'s basename, or $FLOOR_MODE
 * (floor, cg, v1):
 *   floor     no cgroup work
 *   floor-cg  mkdir ID on the cgroup2 mount (found with statfs), clone3 with CLONE_INTO_CGROUP
 *             into it, rmdir after the wait ("floor + cheap cgroup join")
 *   floor-v1  floor-cg, plus mkdir ID in every mounted v1 hierarchy (cpuset.cpus and
 *             cpuset.mems copied from the parent, or the cpuset refuses tasks); the child
 *             joins each by writing to its tasks file, then unshares its cgroup namespace
 *             (so clone3 does not create it); all removed after the wait
 * FLOOR_NONET=1 drops CLONE_NEWNET (bench.sh's nonet section). --version names the mode.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_CG 32

enum mode { FLOOR, FLOOR_CG, FLOOR_V1 };

struct cg {
	char path[PATH_MAX];
	int fd; /* cgroup2: the directory (O_PATH); v1: the tasks file (O_WRONLY) */
	dev_t dev;
};

static const char *const mode_names[] = {"floor", "floor-cg", "floor-v1"};
static const char *prog = "floor";
static struct cg cgs[MAX_CG]; /* the cgroup2 one first, when there is one */
static int ncg, in_child;

static void rm_cgroups(void)
{
	for (int i = ncg - 1; i >= 0; i--)
		if (rmdir(cgs[i].path) < 0)
			fprintf(stderr, "%s: rmdir '%s': %s\n", prog, cgs[i].path, strerror(errno));
	ncg = 0;
}

/* message (with errno when fmt ends in ':'), cgroups removed in the parent, exit 1 */
static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	int e = errno;
	size_t n = strlen(fmt);
	va_list ap;

	fprintf(stderr, "%s: %s", prog, in_child ? "child: " : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (n && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(e));
	fputc('\n', stderr);
	if (in_child)
		_exit(1);
	rm_cgroups();
	exit(1);
}

static void copy_file(const char *dir, const char *parent, const char *name)
{
	char from[PATH_MAX], to[PATH_MAX], buf[4096];
	ssize_t n;
	int fd;

	snprintf(from, sizeof(from), "%s/%s", parent, name);
	snprintf(to, sizeof(to), "%s/%s", dir, name);
	if ((fd = open(from, O_RDONLY | O_CLOEXEC)) < 0 || (n = read(fd, buf, sizeof(buf))) < 0)
		die("read '%s':", from);
	close(fd);
	if ((fd = open(to, O_WRONLY | O_CLOEXEC)) < 0 || write(fd, buf, n) != n)
		die("write '%s':", to);
	close(fd);
}

/* mkdir MOUNT/ID; v2: open it for CLONE_INTO_CGROUP; v1: open its tasks file for the child */
static void add_cgroup(const char *mnt, const char *id, int v2, int cpuset, dev_t dev)
{
	struct cg *c = &cgs[ncg];
	char tasks[PATH_MAX];

	if (ncg == MAX_CG)
		die("more than %d cgroup hierarchies", MAX_CG);
	snprintf(c->path, sizeof(c->path), "%s/%s", mnt, id);
	if (mkdir(c->path, 0755) < 0)
		die("mkdir '%s':", c->path);
	c->dev = dev;
	ncg++;
	if (v2) {
		if ((c->fd = open(c->path, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
			die("open '%s':", c->path);
		return;
	}
	if (cpuset) {
		copy_file(c->path, mnt, "cpuset.cpus");
		copy_file(c->path, mnt, "cpuset.mems");
	}
	snprintf(tasks, sizeof(tasks), "%s/tasks", c->path);
	if ((c->fd = open(tasks, O_WRONLY | O_CLOEXEC)) < 0)
		die("open '%s':", tasks);
}

/* one cgroup per v1 hierarchy in /proc/self/mountinfo (one per superblock: binds skipped) */
static void add_v1_cgroups(const char *id)
{
	char line[4096], mnt[PATH_MAX], type[64], opts[1024];
	unsigned int maj, min;
	FILE *f = fopen("/proc/self/mountinfo", "re");

	if (!f)
		die("open '/proc/self/mountinfo':");
	while (fgets(line, sizeof(line), f)) {
		const char *sep = strstr(line, " - ");
		int seen = 0;

		if (sscanf(line, "%*u %*u %u:%u %*s %4095s", &maj, &min, mnt) != 3 || !sep ||
		    sscanf(sep, " - %63s %*s %1023s", type, opts) != 2 || strcmp(type, "cgroup"))
			continue;
		for (int i = 1; i < ncg; i++)
			seen |= cgs[i].dev == makedev(maj, min);
		if (!seen)
			add_cgroup(mnt, id, 0, strstr(opts, "cpuset") != NULL, makedev(maj, min));
	}
	fclose(f);
}

static const char *cgroup2_mount(void)
{
	static const char *const cand[] = {"/sys/fs/cgroup/unified", "/sys/fs/cgroup"};
	struct statfs s;

	for (size_t i = 0; i < sizeof(cand) / sizeof(cand[0]); i++)
		if (statfs(cand[i], &s) == 0 && s.f_type == CGROUP2_SUPER_MAGIC)
			return cand[i];
	return NULL;
}

static void __attribute__((noreturn)) child(const char *rootfs, enum mode mode)
{
	char *const argv[] = {"/bin/true", NULL}, *const envp[] = {NULL};

	in_child = 1;
	for (int i = 1; i < ncg; i++) /* cgs[0] is the cgroup2 one, joined by clone3 */
		if (write(cgs[i].fd, "0", 1) != 1)
			die("join '%s':", cgs[i].path);
	if (mode == FLOOR_V1 && unshare(CLONE_NEWCGROUP) < 0)
		die("unshare CLONE_NEWCGROUP:");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die("make / private:");
	if (mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		die("bind '%s':", rootfs);
	if (chdir(rootfs) < 0)
		die("chdir '%s':", rootfs);
	if (mount("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		die("mount proc:");
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		die("pivot_root:");
	if (umount2(".", MNT_DETACH) < 0)
		die("umount old root:");
	if (chdir("/") < 0)
		die("chdir '/':");
	execve(argv[0], argv, envp);
	die("execve '%s':", argv[0]);
}

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr, "%s: usage: %s [--root DIR] run --bundle BUNDLE ID (nothing else is supported)\n", prog, prog);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/'), *env = getenv("FLOOR_MODE"), *bundle = NULL, *id, *cg2;
	const char *nonet = getenv("FLOOR_NONET");
	struct clone_args ca = {.exit_signal = SIGCHLD};
	enum mode mode = FLOOR;
	char rootfs[PATH_MAX];
	int i = 1, st;
	pid_t pid;

	base = base ? base + 1 : argv[0];
	if (env && *env)
		mode = !strcmp(env, "cg") ? FLOOR_CG : !strcmp(env, "v1") ? FLOOR_V1 : FLOOR;
	else
		mode = !strcmp(base, "floor-cg") ? FLOOR_CG : !strcmp(base, "floor-v1") ? FLOOR_V1 : FLOOR;
	prog = mode_names[mode];
	if (argc == 2 && !strcmp(argv[1], "--version")) {
		printf("%s: kernel floor pseudo-runtime (contrib/bench/floor.c)\n", prog);
		return 0;
	}
	if (i + 1 < argc && !strcmp(argv[i], "--root"))
		i += 2;
	else if (i < argc && !strncmp(argv[i], "--root=", 7))
		i++;
	if (i >= argc || strcmp(argv[i++], "run"))
		usage();
	if (i + 1 < argc && (!strcmp(argv[i], "--bundle") || !strcmp(argv[i], "-b")))
		bundle = argv[i + 1], i += 2;
	else if (i < argc && !strncmp(argv[i], "--bundle=", 9))
		bundle = argv[i++] + 9;
	if (!bundle || i + 1 != argc)
		usage();
	id = argv[i];
	if (!*id || strchr(id, '/') || !strcmp(id, ".") || !strcmp(id, ".."))
		die("invalid id '%s'", id);
	if ((size_t)snprintf(rootfs, sizeof(rootfs), "%s/rootfs", bundle) >= sizeof(rootfs))
		die("bundle path too long");

	ca.flags = CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNS | CLONE_NEWCGROUP;
	if (!nonet || !*nonet || !strcmp(nonet, "0"))
		ca.flags |= CLONE_NEWNET;
	if (mode != FLOOR) {
		if (!(cg2 = cgroup2_mount()))
			die("no cgroup2 mount at /sys/fs/cgroup/unified or /sys/fs/cgroup");
		add_cgroup(cg2, id, 1, 0, 0);
		ca.flags |= CLONE_INTO_CGROUP;
		ca.cgroup = (uint64_t)cgs[0].fd;
	}
	if (mode == FLOOR_V1) {
		add_v1_cgroups(id);
		ca.flags &= ~(uint64_t)CLONE_NEWCGROUP;
	}
	pid = syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid < 0)
		die("clone3:");
	if (pid == 0)
		child(rootfs, mode);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			die("waitpid:");
	rm_cgroups();
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
