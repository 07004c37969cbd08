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
 * (floor, cg, v1, full):
 *   floor     no cgroup work
 *   floor-cg  mkdir ID on the cgroup2 mount (found with statfs), clone3 with CLONE_INTO_CGROUP
 *             into it, rmdir after the wait ("floor + cheap cgroup join")
 *   floor-v1  floor-cg, plus mkdir ID in every mounted v1 hierarchy (cpuset.cpus and
 *             cpuset.mems copied from the parent, or the cpuset refuses tasks); the child
 *             joins each by writing to its tasks file, then unshares its cgroup namespace
 *             (so clone3 does not create it); all removed after the wait
 *   floor-full floor-v1, plus the rest of the kernel work the default `rt spec` config asks for,
 *             hard-coded: see "floor-full" below
 * FLOOR_NONET=1 drops CLONE_NEWNET (bench.sh's nonet section). --version names the mode.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
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
#include <linux/capability.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_CG 32
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NSND (MS_NOSUID | MS_NODEV | MS_NOEXEC)

enum mode { FLOOR, FLOOR_CG, FLOOR_V1, FLOOR_FULL };

struct cg {
	char path[PATH_MAX];
	int fd; /* cgroup2: the directory (O_PATH); v1: the tasks file (O_WRONLY) */
	dev_t dev;
};

static const char *const mode_names[] = {"floor", "floor-cg", "floor-v1", "floor-full"};
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

/*
 * floor-full: the rest of the kernel work of the default `rt spec` config.json (read from
 * `rt spec` once and hard-coded here; nothing is parsed at run time), in the order a runtime
 * must do it:
 *   parent       linux.resources.devices: the v1 devices cgroup denies "a" and allows the
 *                default devices (full_devices; the rules rt writes)
 *   full_mounts  after the cgroup joins, on the bind-mounted rootfs (the cwd): the config's
 *                mounts, each target made with mkdir when missing: proc; /dev tmpfs
 *                (nosuid,strictatime,mode=755,size=65536k); /dev/pts devpts (newinstance,
 *                ptmxmode=0666,mode=0620,gid=5,nosuid,noexec); /dev/shm tmpfs; /dev/mqueue;
 *                /sys sysfs ro; /sys/fs/cgroup built as rt builds it: a tmpfs holding a
 *                read-only bind of the container's own cgroup directory of each hierarchy
 *                (cgroup2 included), the tmpfs then made read-only
 *   full_dev     the nodes null zero full random urandom tty (mknod, umask 0) and the fd,
 *                stdin, stdout, stderr, core and ptmx symlinks
 *   full_paths   after pivot_root: maskedPaths (/dev/null bound over files, a read-only tmpfs
 *                over directories, missing ones skipped), readonlyPaths (recursive bind on
 *                itself + read-only remount), root.readonly (/ remounted read-only)
 *   full_process hostname; rlimits (RLIMIT_NOFILE 1024, before the capability work as in rt:
 *                raising a hard limit needs CAP_SYS_RESOURCE); user 0:0 (setgroups,
 *                setresgid, setresuid); the bounding set (PR_CAPBSET_DROP of every cap but
 *                AUDIT_WRITE, KILL, NET_BIND_SERVICE) and capset of those three as effective
 *                and permitted (raw syscall); no_new_privs; then execve with PATH and TERM.
 * Left out: everything that is not kernel work the config asks for: config.json, state files,
 * the sync socket, setsid, a new session keyring, PR_SET_PDEATHSIG/dumpable, HOME from
 * /etc/passwd; no seccomp (the default config has none); no path-resolution hardening (openat2
 * RESOLVE_IN_ROOT, checks of each target): it is a benchmark. mount(2), not the new mount API;
 * the /dev/null binds over masked files stay read-write (rt makes them read-only); the memory
 * cgroup is MOUNT/ID (rt nests it under the caller's memory cgroup).
 */
static void full_devices(const char *dir)
{
	static const char *const allow[] = {"c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm",	  "c 1:9 rwm",
					    "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm", "c 10:200 rwm"};
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/devices.deny", dir);
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0 || write(fd, "a", 1) != 1)
		die("devices cgroup: deny 'a' in '%s':", path);
	close(fd);
	snprintf(path, sizeof(path), "%s/devices.allow", dir);
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
		die("devices cgroup: open '%s':", path);
	for (size_t i = 0; i < ARRAY_SIZE(allow); i++)
		if (write(fd, allow[i], strlen(allow[i])) < 0)
			die("devices cgroup: allow '%s':", allow[i]);
	close(fd);
}

static void mount_or_die(const char *step, const char *src, const char *dst, const char *type, unsigned long flags,
			 const char *data)
{
	if (mount(src, dst, type, flags, data) < 0)
		die("%s: mount '%s' on '%s':", step, src ? src : "(none)", dst);
}

static void mkdir_target(const char *step, const char *path)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		die("%s: mkdir '%s':", step, path);
}

/* /sys/fs/cgroup: a tmpfs with a read-only bind of each cgroup of cgs[], named after its hierarchy */
static void full_cgroup_tree(void)
{
	const unsigned long ro = MS_REMOUNT | MS_BIND | MS_RDONLY | NSND;
	const char *top = "sys/fs/cgroup", *name;
	char dst[PATH_MAX], mnt[PATH_MAX];

	mount_or_die("cgroup mount", "tmpfs", top, "tmpfs", NSND, "mode=755");
	for (int i = 0; i < ncg; i++) {
		memcpy(mnt, cgs[i].path, sizeof(mnt));
		*strrchr(mnt, '/') = '\0'; /* the hierarchy's mount point */
		name = strrchr(mnt, '/') + 1;
		snprintf(dst, sizeof(dst), "%s/%s", top, name);
		mkdir_target("cgroup mount", dst);
		mount_or_die("cgroup mount", cgs[i].path, dst, NULL, MS_BIND, NULL);
		mount_or_die("cgroup mount", NULL, dst, NULL, ro, NULL);
	}
	mount_or_die("cgroup mount", NULL, top, NULL, ro, NULL);
}

/* the config's mounts, relative to the rootfs (the cwd), before pivot_root */
static void full_mounts(void)
{
	static const struct {
		const char *dst, *src, *type;
		unsigned long flags;
		const char *data;
	} m[] = {
		{"proc", "proc", "proc", 0, NULL},
		{"dev", "tmpfs", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k"},
		{"dev/pts", "devpts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620,gid=5"},
		{"dev/shm", "shm", "tmpfs", NSND, "mode=1777,size=65536k"},
		{"dev/mqueue", "mqueue", "mqueue", NSND, NULL},
		{"sys", "sysfs", "sysfs", NSND | MS_RDONLY, NULL},
	};

	for (size_t i = 0; i < ARRAY_SIZE(m); i++) {
		mkdir_target("mounts", m[i].dst);
		mount_or_die("mounts", m[i].src, m[i].dst, m[i].type, m[i].flags, m[i].data);
	}
	full_cgroup_tree();
}

static void full_dev(void)
{
	static const struct {
		const char *path;
		unsigned int maj, min;
	} nodes[] = {{"dev/null", 1, 3},   {"dev/zero", 1, 5},	  {"dev/full", 1, 7},
		     {"dev/random", 1, 8}, {"dev/urandom", 1, 9}, {"dev/tty", 5, 0}};
	static const char *const links[][2] = {{"/proc/self/fd", "dev/fd"},	  {"/proc/self/fd/0", "dev/stdin"},
					       {"/proc/self/fd/1", "dev/stdout"}, {"/proc/self/fd/2", "dev/stderr"},
					       {"/proc/kcore", "dev/core"},	  {"pts/ptmx", "dev/ptmx"}};
	mode_t old = umask(0);

	for (size_t i = 0; i < ARRAY_SIZE(nodes); i++)
		if (mknod(nodes[i].path, S_IFCHR | 0666, makedev(nodes[i].maj, nodes[i].min)) < 0)
			die("dev nodes: mknod '%s':", nodes[i].path);
	umask(old);
	for (size_t i = 0; i < ARRAY_SIZE(links); i++)
		if (symlink(links[i][0], links[i][1]) < 0)
			die("dev nodes: symlink '%s':", links[i][1]);
}

/* 0: path exists (*dir set), -1: missing */
static int exists(const char *step, const char *path, int *dir)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		if (errno == ENOENT)
			return -1;
		die("%s: stat '%s':", step, path);
	}
	*dir = S_ISDIR(st.st_mode);
	return 0;
}

/* after pivot_root: maskedPaths, readonlyPaths, root.readonly */
static void full_paths(void)
{
	static const char *const masked[] = {"/proc/acpi",
					     "/proc/asound",
					     "/proc/kcore",
					     "/proc/keys",
					     "/proc/latency_stats",
					     "/proc/timer_list",
					     "/proc/timer_stats",
					     "/proc/sched_debug",
					     "/sys/firmware",
					     "/proc/scsi",
					     "/sys/devices/virtual/powercap"};
	static const char *const ro_paths[] = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
					       "/proc/sysrq-trigger"};
	const unsigned long ro = MS_REMOUNT | MS_BIND | MS_RDONLY;
	struct statvfs sv;
	int dir;

	for (size_t i = 0; i < ARRAY_SIZE(masked); i++) {
		if (exists("masked paths", masked[i], &dir) < 0)
			continue;
		if (dir)
			mount_or_die("masked paths", "tmpfs", masked[i], "tmpfs", NSND | MS_RDONLY, NULL);
		else
			mount_or_die("masked paths", "/dev/null", masked[i], NULL, MS_BIND, NULL);
	}
	for (size_t i = 0; i < ARRAY_SIZE(ro_paths); i++) {
		if (exists("readonly paths", ro_paths[i], &dir) < 0)
			continue;
		mount_or_die("readonly paths", ro_paths[i], ro_paths[i], NULL, MS_BIND | MS_REC, NULL);
		mount_or_die("readonly paths", NULL, ro_paths[i], NULL, ro | NSND, NULL);
	}
	if (statvfs("/", &sv) < 0)
		die("readonly root: statvfs '/':");
	mount_or_die("readonly root", NULL, "/", NULL, ro | (sv.f_flag & (ST_NOSUID | ST_NODEV | ST_NOEXEC)), NULL);
}

/* hostname, rlimits, user, capabilities, no_new_privs */
static void full_process(void)
{
	const uint32_t keep = 1u << CAP_AUDIT_WRITE | 1u << CAP_KILL | 1u << CAP_NET_BIND_SERVICE;
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3};
	struct __user_cap_data_struct data[2] = {{.effective = keep, .permitted = keep}};
	const struct rlimit nofile = {1024, 1024};

	if (sethostname("rt", 2) < 0)
		die("sethostname 'rt':");
	if (setrlimit(RLIMIT_NOFILE, &nofile) < 0)
		die("setrlimit RLIMIT_NOFILE:");
	if (setgroups(0, NULL) < 0 || setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
		die("user 0:0:");
	for (int cap = 0;; cap++) /* up to the kernel's last capability (EINVAL) */
		if ((cap >= 32 || !(keep & 1u << cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) {
			if (errno == EINVAL)
				break;
			die("bounding set: drop %d:", cap);
		}
	if (syscall(SYS_capset, &hdr, data) < 0)
		die("capset:");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		die("no_new_privs:");
}

/* one cgroup per v1 hierarchy in /proc/self/mountinfo (one per superblock: binds skipped) */
static void add_v1_cgroups(const char *id, int full)
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
		if (seen)
			continue;
		add_cgroup(mnt, id, 0, strstr(opts, "cpuset") != NULL, makedev(maj, min));
		if (full && strstr(opts, "devices"))
			full_devices(cgs[ncg - 1].path);
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
	char *const full_envp[] = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm",
				   NULL};

	in_child = 1;
	for (int i = 1; i < ncg; i++) /* cgs[0] is the cgroup2 one, joined by clone3 */
		if (write(cgs[i].fd, "0", 1) != 1)
			die("join '%s':", cgs[i].path);
	if (mode >= FLOOR_V1 && unshare(CLONE_NEWCGROUP) < 0)
		die("unshare CLONE_NEWCGROUP:");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die("make / private:");
	if (mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		die("bind '%s':", rootfs);
	if (chdir(rootfs) < 0)
		die("chdir '%s':", rootfs);
	if (mode == FLOOR_FULL) {
		full_mounts();
		full_dev();
	} else if (mount("proc", "proc", "proc", NSND, NULL) < 0) {
		die("mount proc:");
	}
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		die("pivot_root:");
	if (umount2(".", MNT_DETACH) < 0)
		die("umount old root:");
	if (chdir("/") < 0)
		die("chdir '/':");
	if (mode == FLOOR_FULL) {
		full_paths();
		full_process();
	}
	execve(argv[0], argv, mode == FLOOR_FULL ? full_envp : envp);
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
	for (int m = FLOOR_FULL; m > FLOOR && mode == FLOOR; m--) /* FLOOR_MODE: the name less "floor-" */
		if (env && *env ? !strcmp(env, mode_names[m] + 6) : !strcmp(base, mode_names[m]))
			mode = m;
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
	if (mode >= FLOOR_V1) {
		add_v1_cgroups(id, mode == FLOOR_FULL);
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
