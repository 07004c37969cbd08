/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ns_clone3: the clone3 path, and the clone(2) fallback taken when clone3 is ENOSYS
 * (kernels < 5.3, valgrind), forced here by a seccomp filter in a forked child.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux/namespaces.h"
#include "tap.h"
#include "child.h"
#include "util/util.h"

/* The pid a pidfd refers to, from /proc/self/fdinfo; -1 if unknown. */
static int pidfd_pid(int pidfd)
{
	char path[64], buf[1024], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", pidfd);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strstr(buf, "\nPid:");
	return p ? (int)strtol(p + 5, NULL, 10) : -1;
}

/* Clones with a new UTS namespace; the child exits 0 if its UTS namespace differs from ours. */
static int clone_and_report(int fd, bool deny_clone3)
{
	char mine[64] = "", report[256];
	bool into = true;
	int pidfd = -1, status = -1, cgfd, ppid;
	ssize_t n;
	pid_t pid;

	if (deny_clone3) {
		scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
		if (!ctx || seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0) < 0 ||
		    seccomp_load(ctx) < 0)
			return 90;
		seccomp_release(ctx);
	}
	n = readlink("/proc/self/ns/uts", mine, sizeof(mine) - 1);
	if (n <= 0)
		return 91;
	cgfd = open("/sys/fs/cgroup", O_PATH | O_DIRECTORY | O_CLOEXEC);
	/* a cgroup fd that CLONE_INTO_CGROUP may refuse (v1 root): either way the child must exist */
	pid = ns_clone3(CLONE_NEWUTS, deny_clone3 ? cgfd : -1, &pidfd, &into);
	if (pid == 0) {
		char theirs[64] = "";
		n = readlink("/proc/self/ns/uts", theirs, sizeof(theirs) - 1);
		syscall(SYS_exit_group, n > 0 && strcmp(mine, theirs) != 0 ? 0 : 1);
	}
	/* read before reaping: a reaped child's pidfd shows Pid: -1 */
	ppid = pidfd >= 0 ? pidfd_pid(pidfd) : -1;
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	snprintf(report, sizeof(report), "Pid: %d\nPidfd: %d\nPidfdPid: %d\nInto: %d\nChildExit: %d\n", (int)pid,
		 pidfd >= 0, ppid, (int)into, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	if (write(fd, report, strlen(report)) < 0)
		return 92;
	return 0;
}

static int with_clone3(int fd, void *arg)
{
	return clone_and_report(fd, false);
}

static int without_clone3(int fd, void *arg)
{
	return clone_and_report(fd, true);
}

static void check(const char *what, int (*fn)(int, void *))
{
	char buf[512], v[64], pidv[64];
	int status = run_child(fn, NULL, buf, sizeof(buf));

	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: the test child ran (status %d)", what, status);
	ok(strtol(report_get(buf, "Pid", pidv, sizeof(pidv)), NULL, 10) > 0, "%s: a child was created", what);
	is_str(report_get(buf, "Pidfd", v, sizeof(v)), "1", "%s: a pidfd was returned", what);
	is_str(report_get(buf, "PidfdPid", v, sizeof(v)), pidv, "%s: the pidfd refers to the child", what);
	is_str(report_get(buf, "ChildExit", v, sizeof(v)), "0", "%s: the child is in a new UTS namespace", what);
}

/*
 * ns_clone3_init with a user namespace joined by path and a new pid namespace: the init is the
 * caller's own child (CLONE_PARENT through the helper), pid 1 of a pid namespace that the
 * joined user namespace owns, and the pidfd refers to it.
 */
static int joined_user_new_pid(int fd, void *arg)
{
	char path[64], report[256];
	struct oci_namespace nss[2] = {{.type = (char *)"user", .path = path}, {.type = (char *)"pid"}};
	struct oci_linux l = {.namespaces = nss, .namespaces_len = 2};
	struct ns_plan plan;
	struct stat user_st;
	int go[2], pidfd = -1, status = -1, ppid, waited;
	bool into = true;
	pid_t holder, pid;
	char c;

	if (pipe(go) < 0)
		return 90;
	holder = fork();
	if (holder == 0) {
		close(go[1]);
		if (unshare(CLONE_NEWUSER) < 0)
			_exit(1);
		(void)!read(go[0], &c, 1); /* until the test is done */
		_exit(0);
	}
	close(go[0]);
	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)holder);
	/* the holder's user namespace exists once its link differs from ours */
	for (int i = 0; i < 1000; i++) {
		struct stat self_st;
		if (stat(path, &user_st) == 0 && stat("/proc/self/ns/user", &self_st) == 0 &&
		    user_st.st_ino != self_st.st_ino)
			break;
		usleep(1000);
	}
	snprintf(report, sizeof(report), "/proc/%d/uid_map", (int)holder);
	if (rt_write_file_at(AT_FDCWD, report, "0 100000 1000\n", 0) < 0)
		return 91;
	snprintf(report, sizeof(report), "/proc/%d/gid_map", (int)holder);
	if (rt_write_file_at(AT_FDCWD, report, "0 100000 1000\n", 0) < 0)
		return 92;
	if (ns_plan_build(&l, &plan, NULL) < 0)
		return 93;
	pid = ns_clone3_init(&plan, -1, &pidfd, &into);
	if (pid == 0) {
		struct stat owner_st;
		int pidns = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC), owner;
		struct stat mine;

		owner = pidns >= 0 ? ioctl(pidns, NS_GET_USERNS) : -1;
		syscall(SYS_exit_group, getpid() != 1								 ? 2
					: stat("/proc/self/ns/user", &mine) < 0 || mine.st_ino != user_st.st_ino ? 3
					: owner < 0 || fstat(owner, &owner_st) < 0				 ? 4
					: owner_st.st_ino != user_st.st_ino					 ? 5
														 : 0);
	}
	ppid = pidfd >= 0 ? pidfd_pid(pidfd) : -1;
	waited = pid > 0 ? (int)waitpid(pid, &status, 0) : -1;
	ns_plan_close(&plan);
	close(go[1]);
	waitpid(holder, NULL, 0);
	snprintf(report, sizeof(report),
		 "Pid: %d\nPidfdPid: %d\nOurChild: %d\nInto: %d\nPidInJoinedUser: %d\nChildExit: %d\n", (int)pid, ppid,
		 waited == pid && pid > 0, (int)into, (int)plan.pid_in_joined_user,
		 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	if (write(fd, report, strlen(report)) < 0)
		return 94;
	return 0;
}

int main(void)
{
	char buf[512], v[64];

	require_root();
	check("clone3", with_clone3);
	check("clone3 ENOSYS -> clone(2)", without_clone3);
	run_child(without_clone3, NULL, buf, sizeof(buf));
	is_str(report_get(buf, "Into", v, sizeof(v)), "0", "clone(2) fallback: not cloned into the cgroup");

	{
		char pidv[64];
		int status = run_child(joined_user_new_pid, NULL, buf, sizeof(buf));

		ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		   "joined user ns + new pid ns: the test child ran (status %d)", status);
		is_str(report_get(buf, "PidInJoinedUser", v, sizeof(v)), "1", "ns_plan_build: pid_in_joined_user");
		ok(strtol(report_get(buf, "Pid", pidv, sizeof(pidv)), NULL, 10) > 0,
		   "joined user ns + new pid ns: an init was created");
		is_str(report_get(buf, "PidfdPid", v, sizeof(v)), pidv,
		       "joined user ns + new pid ns: the pidfd refers to it");
		is_str(report_get(buf, "OurChild", v, sizeof(v)), "1",
		       "joined user ns + new pid ns: it is the caller's child (CLONE_PARENT)");
		is_str(report_get(buf, "Into", v, sizeof(v)), "0",
		       "joined user ns + new pid ns: not cloned into a cgroup");
		is_str(report_get(buf, "ChildExit", v, sizeof(v)), "0",
		       "joined user ns + new pid ns: pid 1, in the joined user namespace, which owns its pid "
		       "namespace");
	}
	return done_testing();
}
