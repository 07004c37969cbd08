/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * probe: a static binary run inside test containers. It reports what the container
 * sees, one key=value per line, so the integration tests can assert on it:
 *
 *   probe ids | caps | fds | mounts | rlimits | cgroup | ns | env | cwd | umask |
 *         hostname | sched | oom | all
 *   probe syscall NAME...   errno of each syscall (0 if allowed); see syscalls[]
 *   probe sigwait [FILE]    wait for a signal; write "signal=N" to stdout and FILE,
 *                           exit 128+N (pid 1 of a pid namespace ignores signals it
 *                           has no handler for, so tests need a process that has one)
 *   probe cat FILE          print FILE's content or "error=ENAME"
 *   probe write FILE TEXT   write TEXT into FILE, print "write=0" or "write=ENAME"
 *   probe keyring           "keyring=NAME": the description of the session keyring
 *                           ("keyring=ENAME" when there is none to read)
 *   probe keyring-exec NAME CMD...  join (or create) the session keyring NAME, then
 *                           exec CMD: run on the host, it gives CMD a known keyring
 *   probe pty               open a pty through /dev/ptmx: "pty=0" or "pty=ENAME", and
 *                           "pty.devpts=/dev/pts" when its slave is in the devpts instance
 *                           mounted at /dev/pts ("pty.devpts=other" when it is not)
 *
 * It is linked statically (no libc, loader or NSS inside the rootfs) and therefore
 * avoids getpwnam and friends. Exit status is 0 unless the command itself is unknown
 * (2) or a report could not be produced (1).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/util.h"

extern char **environ;

static const struct {
	int err;
	const char *name;
} errnames[] = {
	{0, "0"},	    {EPERM, "EPERM"},	  {ENOENT, "ENOENT"}, {EACCES, "EACCES"},
	{EINVAL, "EINVAL"}, {EROFS, "EROFS"},	  {ENOSYS, "ENOSYS"}, {ENODEV, "ENODEV"},
	{EBUSY, "EBUSY"},   {ENOTDIR, "ENOTDIR"}, {EEXIST, "EEXIST"}, {EISDIR, "EISDIR"},
	{ENXIO, "ENXIO"},   {EBADF, "EBADF"},	  {EFAULT, "EFAULT"}, {ENOSPC, "ENOSPC"},
};

static void print_errno(const char *key, int err)
{
	for (size_t i = 0; i < sizeof(errnames) / sizeof(errnames[0]); i++) {
		if (errnames[i].err == err) {
			printf("%s=%s\n", key, errnames[i].name);
			return;
		}
	}
	printf("%s=E%d\n", key, err);
}

/* Prints the lines of a small /proc file, "Key:\tvalue" as "Key=value" for the keys asked. */
static int print_status_keys(const char *path, const char *const *keys)
{
	char line[4096];
	_cleanup_fclose_ FILE *f = fopen(path, "re");

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':'), *v;

		if (!colon)
			continue;
		*colon = '\0';
		for (const char *const *k = keys; *k; k++) {
			if (strcmp(line, *k) != 0)
				continue;
			for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
				;
			printf("%s=%s", line, v);
		}
	}
	return 0;
}

static int cmd_ids(void)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;
	gid_t groups[NGROUPS_MAX];
	int n = getgroups(NGROUPS_MAX, groups);

	if (getresuid(&r, &e, &s) < 0 || getresgid(&rg, &eg, &sg) < 0 || n < 0)
		return -errno;
	printf("uid=%u\neuid=%u\nsuid=%u\ngid=%u\negid=%u\nsgid=%u\ngroups=", r, e, s, rg, eg, sg);
	for (int i = 0; i < n; i++)
		printf("%s%u", i ? "," : "", groups[i]);
	putchar('\n');
	return 0;
}

static int cmd_caps(void)
{
	static const char *const keys[] = {"CapInh",	 "CapPrm",  "CapEff",	       "CapBnd", "CapAmb",
					   "NoNewPrivs", "Seccomp", "Seccomp_filters", NULL};

	return print_status_keys("/proc/self/status", keys);
}

static int cmd_umask(void)
{
	mode_t m = umask(0);

	umask(m);
	printf("umask=%04o\n", (unsigned)m);
	return 0;
}

static int cmd_fds(void)
{
	_cleanup_closedir_ DIR *d = opendir("/proc/self/fd");
	struct dirent *de;

	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		char path[300], target[PATH_MAX];
		ssize_t n;

		if (de->d_name[0] == '.' || strtol(de->d_name, NULL, 10) == dirfd(d))
			continue;
		snprintf(path, sizeof(path), "/proc/self/fd/%s", de->d_name);
		n = readlink(path, target, sizeof(target) - 1);
		if (n < 0)
			continue;
		target[n] = '\0';
		printf("fd.%s=%s\n", de->d_name, target);
	}
	return 0;
}

/* mountinfo fields: id parent maj:min root mountpoint opts [optional...] - fstype source superopts */
static int cmd_mounts(void)
{
	char line[8192];
	_cleanup_fclose_ FILE *f = fopen("/proc/self/mountinfo", "re");

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *fields[16], *save = NULL, *sep, *tok;
		int n = 0;

		line[strcspn(line, "\n")] = '\0';
		sep = strstr(line, " - ");
		if (!sep)
			continue;
		*sep = '\0';
		for (tok = strtok_r(line, " ", &save); tok && n < 6; tok = strtok_r(NULL, " ", &save))
			fields[n++] = tok;
		save = NULL;
		for (tok = strtok_r(sep + 3, " ", &save); tok && n < 9; tok = strtok_r(NULL, " ", &save))
			fields[n++] = tok;
		if (n < 9)
			continue;
		/* mount=MOUNTPOINT FSTYPE SOURCE MOUNT-OPTS SUPER-OPTS ROOT */
		printf("mount=%s %s %s %s %s %s\n", fields[4], fields[6], fields[7], fields[5], fields[8], fields[3]);
	}
	return 0;
}

static const struct {
	int res;
	const char *name;
} rlimits[] = {
	{RLIMIT_AS, "as"},	     {RLIMIT_CORE, "core"},	    {RLIMIT_CPU, "cpu"},
	{RLIMIT_DATA, "data"},	     {RLIMIT_FSIZE, "fsize"},	    {RLIMIT_LOCKS, "locks"},
	{RLIMIT_MEMLOCK, "memlock"}, {RLIMIT_MSGQUEUE, "msgqueue"}, {RLIMIT_NICE, "nice"},
	{RLIMIT_NOFILE, "nofile"},   {RLIMIT_NPROC, "nproc"},	    {RLIMIT_RSS, "rss"},
	{RLIMIT_RTPRIO, "rtprio"},   {RLIMIT_RTTIME, "rttime"},	    {RLIMIT_SIGPENDING, "sigpending"},
	{RLIMIT_STACK, "stack"},
};

static void print_limit(rlim_t v)
{
	if (v == RLIM_INFINITY)
		fputs("unlimited", stdout);
	else
		printf("%llu", (unsigned long long)v);
}

/* rlimit.NAME=SOFT:HARD */
static int cmd_rlimits(void)
{
	for (size_t i = 0; i < sizeof(rlimits) / sizeof(rlimits[0]); i++) {
		struct rlimit rl;

		if (getrlimit(rlimits[i].res, &rl) < 0)
			return -errno;
		printf("rlimit.%s=", rlimits[i].name);
		print_limit(rl.rlim_cur);
		putchar(':');
		print_limit(rl.rlim_max);
		putchar('\n');
	}
	return 0;
}

/* cgroup.CONTROLLERS=PATH; the v2 line "0::/x" is cgroup.unified, "name=systemd" is cgroup.systemd */
static int cmd_cgroup(void)
{
	char line[4096];
	_cleanup_fclose_ FILE *f = fopen("/proc/self/cgroup", "re");

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *ctrl = strchr(line, ':'), *path;

		if (!ctrl || !(path = strchr(ctrl + 1, ':')))
			continue;
		*path++ = '\0';
		ctrl++;
		if (strncmp(ctrl, "name=", 5) == 0)
			ctrl += 5;
		printf("cgroup.%s=%s", *ctrl ? ctrl : "unified", path);
	}
	return 0;
}

/* ns.TYPE=INODE (stat follows the magic link to the nsfs inode) */
static int cmd_ns(void)
{
	static const char *const names[] = {
		"cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time", "time_for_children",
		"user",	  "uts", NULL};

	for (const char *const *n = names; *n; n++) {
		char path[64];
		struct stat st;

		snprintf(path, sizeof(path), "/proc/self/ns/%s", *n);
		if (stat(path, &st) == 0)
			printf("ns.%s=%llu\n", *n, (unsigned long long)st.st_ino);
	}
	return 0;
}

static int cmd_env(void)
{
	for (char **e = environ; *e; e++)
		puts(*e);
	return 0;
}

static int cmd_cwd(void)
{
	char buf[PATH_MAX];

	if (!getcwd(buf, sizeof(buf)))
		return -errno;
	printf("cwd=%s\n", buf);
	return 0;
}

static int cmd_hostname(void)
{
	struct utsname u;

	if (uname(&u) < 0)
		return -errno;
	printf("hostname=%s\ndomainname=%s\n", u.nodename, u.domainname);
	return 0;
}

static int cmd_sched(void)
{
	static const char *const policies[] = {"SCHED_OTHER", "SCHED_FIFO", "SCHED_RR",	     "SCHED_BATCH",
					       "SCHED_ISO",   "SCHED_IDLE", "SCHED_DEADLINE"};
	struct sched_param sp;
	cpu_set_t set;
	int pol = sched_getscheduler(0), first = 1;

	if (pol < 0 || sched_getparam(0, &sp) < 0 || sched_getaffinity(0, sizeof(set), &set) < 0)
		return -errno;
	pol &= ~SCHED_RESET_ON_FORK;
	printf("sched.policy=%s\nsched.priority=%d\nsched.nice=%d\nsched.cpus=",
	       pol >= 0 && pol < 7 ? policies[pol] : "unknown", sp.sched_priority, getpriority(PRIO_PROCESS, 0));
	for (int i = 0; i < CPU_SETSIZE; i++) {
		if (CPU_ISSET(i, &set)) {
			printf("%s%d", first ? "" : ",", i);
			first = 0;
		}
	}
	putchar('\n');
	return 0;
}

static int cmd_oom(void)
{
	char buf[32] = "";
	_cleanup_fclose_ FILE *f = fopen("/proc/self/oom_score_adj", "re");

	if (!f || !fgets(buf, sizeof(buf), f))
		return -errno;
	printf("oom_score_adj=%s", buf);
	return 0;
}

/*
 * Syscalls chosen to be harmless when allowed: each either fails after the privilege
 * check (bad magic, unknown fs type) or acts only on the probe itself.
 */
static long try_syscall(const char *name)
{
	if (strcmp(name, "getpid") == 0)
		return syscall(SYS_getpid);
	if (strcmp(name, "unshare") == 0)
		return syscall(SYS_unshare, CLONE_NEWUTS); /* EPERM without CAP_SYS_ADMIN */
	if (strcmp(name, "mount") == 0)
		return syscall(SYS_mount, "probe", "/", "probe-no-such-fstype", 0, NULL); /* else ENODEV */
	if (strcmp(name, "reboot") == 0)
		return syscall(SYS_reboot, 0, 0, 0, NULL); /* EPERM without CAP_SYS_BOOT, else EINVAL */
	if (strcmp(name, "chroot") == 0)
		return syscall(SYS_chroot, "/"); /* EPERM without CAP_SYS_CHROOT */
	if (strcmp(name, "sethostname") == 0) {
		struct utsname u;

		if (uname(&u) < 0)
			return -1;
		return syscall(SYS_sethostname, u.nodename, strlen(u.nodename)); /* same name */
	}
	if (strcmp(name, "setuid") == 0)
		return syscall(SYS_setuid, 12345); /* EPERM without CAP_SETUID */
	if (strcmp(name, "mknod") == 0) {
		long r = syscall(SYS_mknodat, AT_FDCWD, "/tmp/.probe-null", S_IFCHR | 0600, makedev(1, 3));

		if (r == 0)
			unlink("/tmp/.probe-null");
		return r;
	}
	errno = ENOTSUP;
	return -2;
}

/* syscall.NAME=ERRNO-NAME or 0; each runs in a child so it cannot change the probe */
static int cmd_syscall(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		char key[128];
		int status;
		pid_t pid;

		snprintf(key, sizeof(key), "syscall.%s", argv[i]);
		fflush(stdout);
		pid = fork();
		if (pid < 0)
			return -errno;
		if (pid == 0) {
			long r = try_syscall(argv[i]);

			_exit(r == -2 ? 255 : r < 0 ? errno : 0);
		}
		if (waitpid(pid, &status, 0) < 0)
			return -errno;
		if (!WIFEXITED(status))
			printf("%s=signal%d\n", key, WTERMSIG(status));
		else if (WEXITSTATUS(status) == 255)
			printf("%s=unknown\n", key);
		else
			print_errno(key, WEXITSTATUS(status));
	}
	return 0;
}

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static int cmd_sigwait(int argc, char **argv)
{
	struct sigaction sa = {.sa_handler = on_signal};
	sigset_t none;
	char buf[32];
	int n;

	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP && s != SIGCHLD)
			sigaction(s, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	puts("ready=1");
	fflush(stdout);
	while (!got_signal)
		pause();
	n = snprintf(buf, sizeof(buf), "signal=%d\n", (int)got_signal);
	fputs(buf, stdout);
	fflush(stdout);
	if (argc > 0) {
		_cleanup_close_ int fd = open(argv[0], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

		if (fd >= 0 && write(fd, buf, n) != n)
			return -errno;
	}
	exit(128 + got_signal);
}

static int cmd_cat(int argc, char **argv)
{
	char buf[4096];
	ssize_t n;
	_cleanup_close_ int fd = argc > 0 ? open(argv[0], O_RDONLY | O_CLOEXEC) : -1;

	if (argc < 1)
		return -EINVAL;
	if (fd < 0) {
		print_errno("error", errno);
		return 0;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, n, stdout);
	if (n < 0)
		print_errno("error", errno);
	return 0;
}

#define PROBE_KEYCTL_GET_KEYRING_ID 0
#define PROBE_KEYCTL_JOIN_SESSION_KEYRING 1
#define PROBE_KEYCTL_DESCRIBE 6
#define PROBE_KEY_SPEC_SESSION_KEYRING (-3)

static int cmd_keyring(void)
{
	char buf[512] = {0};
	long id = syscall(SYS_keyctl, PROBE_KEYCTL_GET_KEYRING_ID, PROBE_KEY_SPEC_SESSION_KEYRING, 0);
	long n = id < 0 ? -1 : syscall(SYS_keyctl, PROBE_KEYCTL_DESCRIBE, id, buf, sizeof(buf) - 1);
	const char *name;

	if (n < 0) {
		print_errno("keyring", errno);
		return 0;
	}
	/* "type;uid;gid;perm;description" */
	name = strrchr(buf, ';');
	printf("keyring=%s\n", name ? name + 1 : buf);
	return 0;
}

static int cmd_keyring_exec(int argc, char **argv)
{
	if (argc < 2)
		return -EINVAL;
	if (syscall(SYS_keyctl, PROBE_KEYCTL_JOIN_SESSION_KEYRING, argv[0]) < 0)
		return -errno;
	execvp(argv[1], argv + 1);
	return -errno;
}

static int cmd_write(int argc, char **argv)
{
	_cleanup_close_ int fd = -1;
	size_t len;

	if (argc < 2)
		return -EINVAL;
	fd = open(argv[0], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	len = strlen(argv[1]);
	if (fd < 0 || write(fd, argv[1], len) != (ssize_t)len)
		print_errno("write", errno);
	else
		print_errno("write", 0);
	return 0;
}

static int cmd_pty(void)
{
	_cleanup_close_ int master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC), slave = -1;
	struct stat st_slave, st_pts;
	int unlock = 0;

	if (master < 0 || ioctl(master, TIOCSPTLCK, &unlock) < 0 ||
	    (slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0) {
		print_errno("pty", errno);
		return 0;
	}
	print_errno("pty", 0);
	if (fstat(slave, &st_slave) < 0 || stat("/dev/pts", &st_pts) < 0)
		return -errno;
	printf("pty.devpts=%s\n", st_slave.st_dev == st_pts.st_dev ? "/dev/pts" : "other");
	return 0;
}

struct command {
	const char *name;
	int (*report)(void);
	int (*with_args)(int argc, char **argv);
	bool in_all;
};

static const struct command commands[] = {
	{"ids", cmd_ids, NULL, true},
	{"caps", cmd_caps, NULL, true},
	{"fds", cmd_fds, NULL, true},
	{"mounts", cmd_mounts, NULL, true},
	{"rlimits", cmd_rlimits, NULL, true},
	{"cgroup", cmd_cgroup, NULL, true},
	{"ns", cmd_ns, NULL, true},
	{"env", cmd_env, NULL, true},
	{"cwd", cmd_cwd, NULL, true},
	{"umask", cmd_umask, NULL, true},
	{"hostname", cmd_hostname, NULL, true},
	{"sched", cmd_sched, NULL, true},
	{"oom", cmd_oom, NULL, true},
	{"syscall", NULL, cmd_syscall, false},
	{"sigwait", NULL, cmd_sigwait, false},
	{"cat", NULL, cmd_cat, false},
	{"write", NULL, cmd_write, false},
	{"pty", cmd_pty, NULL, false},
	{"keyring", cmd_keyring, NULL, false},
	{"keyring-exec", NULL, cmd_keyring_exec, false},
};

static int run(const struct command *c, int argc, char **argv)
{
	int r = c->report ? c->report() : c->with_args(argc, argv);

	if (r < 0) {
		fprintf(stderr, "probe %s: %s\n", c->name, strerror(-r));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const size_t n = sizeof(commands) / sizeof(commands[0]);
	int ret = 0;

	if (argc < 2) {
		fputs("usage: probe ids|caps|fds|mounts|rlimits|cgroup|ns|env|cwd|umask|hostname|sched|oom|all\n"
		      "       probe syscall NAME... | sigwait [FILE] | cat FILE | write FILE TEXT | pty | keyring\n"
		      "       probe keyring-exec NAME CMD...\n",
		      stderr);
		return 2;
	}
	if (strcmp(argv[1], "all") == 0) {
		for (size_t i = 0; i < n; i++)
			if (commands[i].in_all)
				ret |= run(&commands[i], 0, NULL);
		return ret;
	}
	for (size_t i = 0; i < n; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return run(&commands[i], argc - 2, argv + 2);
	fprintf(stderr, "probe: unknown command '%s'\n", argv[1]);
	return 2;
}
