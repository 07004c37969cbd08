/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fs/procfs.h"
#include "linux/namespaces.h"
#include "util/util.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static const struct {
	const char *type;
	const char *proc;
	int flag;
} ns_types[] = {
	{"user", "user", CLONE_NEWUSER},       {"pid", "pid", CLONE_NEWPID},	{"network", "net", CLONE_NEWNET},
	{"mount", "mnt", CLONE_NEWNS},	       {"ipc", "ipc", CLONE_NEWIPC},	{"uts", "uts", CLONE_NEWUTS},
	{"cgroup", "cgroup", CLONE_NEWCGROUP}, {"time", "time", CLONE_NEWTIME},
};

int ns_flag_from_type(const char *type)
{
	for (size_t i = 0; i < ARRAY_SIZE(ns_types); i++)
		if (strcmp(type, ns_types[i].type) == 0)
			return ns_types[i].flag;
	return 0;
}

const char *ns_proc_name(int flag)
{
	for (size_t i = 0; i < ARRAY_SIZE(ns_types); i++)
		if (ns_types[i].flag == flag)
			return ns_types[i].proc;
	return "?";
}

static const char *ns_type_name(int flag)
{
	for (size_t i = 0; i < ARRAY_SIZE(ns_types); i++)
		if (ns_types[i].flag == flag)
			return ns_types[i].type;
	return "?";
}

int ns_plan_build(const struct oci_linux *l, struct ns_plan *ret, struct rt_err **err)
{
	uint64_t seen = 0;

	memset(ret, 0, sizeof(*ret));
	for (size_t i = 0; l && i < l->namespaces_len; i++) {
		const struct oci_namespace *ns = &l->namespaces[i];
		int flag = ns->type ? ns_flag_from_type(ns->type) : 0, fd, kind;

		if (!flag) {
			ns_plan_close(ret);
			return rt_err_set(err, 0,
					  "config.json: linux.namespaces[%zu].type: unknown namespace type '%s'", i,
					  ns->type ? ns->type : "");
		}
		if (seen & (uint64_t)flag) {
			ns_plan_close(ret);
			return rt_err_set(err, 0, "config.json: linux.namespaces[%zu]: duplicate namespace '%s'", i,
					  ns->type);
		}
		seen |= (uint64_t)flag;
		if (flag == CLONE_NEWUSER)
			ret->userns = true;
		if (!ns->path || !*ns->path) {
			if (flag == CLONE_NEWTIME)
				ret->new_time = true; /* unshared in the child, after the offsets are set */
			else if (flag == CLONE_NEWCGROUP)
				ret->new_cgroup = true; /* unshared in the child, once inside its cgroups */
			else if (flag == CLONE_NEWPID || flag == CLONE_NEWUSER)
				ret->clone_flags |= (uint64_t)flag; /* the init must be born in them */
			else
				ret->unshare_flags |= (uint64_t)flag;
			continue;
		}
		fd = open(ns->path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			int e = errno;
			ns_plan_close(ret);
			return rt_err_set(err, e, "linux.namespaces[%zu]: open %s namespace '%s'", i, ns->type,
					  ns->path);
		}
		kind = ioctl(fd, NS_GET_NSTYPE);
		if (kind != flag) {
			close(fd);
			ns_plan_close(ret);
			return rt_err_set(err, 0, "linux.namespaces[%zu]: '%s' is not a %s namespace", i, ns->path,
					  ns->type);
		}
		ret->join[ret->join_len].type = flag;
		ret->join[ret->join_len].fd = fd;
		ret->join_len++;
	}
	ret->pid_in_joined_user =
		ret->userns && !(ret->clone_flags & CLONE_NEWUSER) && (ret->clone_flags & CLONE_NEWPID);
	return 0;
}

void ns_plan_close(struct ns_plan *p)
{
	for (size_t i = 0; i < p->join_len; i++)
		if (p->join[i].fd >= 0)
			close(p->join[i].fd);
	p->join_len = 0;
}

bool ns_plan_has(const struct ns_plan *p, int flag)
{
	if ((p->clone_flags | p->unshare_flags) & (uint64_t)flag)
		return true;
	if (flag == CLONE_NEWTIME && p->new_time)
		return true;
	if (flag == CLONE_NEWCGROUP && p->new_cgroup)
		return true;
	for (size_t i = 0; i < p->join_len; i++)
		if (p->join[i].type == flag)
			return true;
	return false;
}

pid_t ns_clone3(uint64_t flags, int cgroup_fd, int *ret_pidfd, bool *ret_into_cgroup)
{
	struct clone_args args;
	long pid;

	memset(&args, 0, sizeof(args));
	args.flags = flags | CLONE_PIDFD;
	args.pidfd = (uint64_t)(uintptr_t)ret_pidfd;
	/* with CLONE_PARENT the child takes the caller's exit signal (clone3 wants 0 here) */
	args.exit_signal = flags & CLONE_PARENT ? 0 : SIGCHLD;
	if (cgroup_fd >= 0) {
		args.flags |= CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)cgroup_fd;
	}
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid < 0 && cgroup_fd >= 0 && (errno == EINVAL || errno == E2BIG || errno == EOPNOTSUPP)) {
		args.flags &= ~(uint64_t)CLONE_INTO_CGROUP;
		args.cgroup = 0;
		cgroup_fd = -1;
		pid = syscall(SYS_clone3, &args, sizeof(args));
	}
	if (pid < 0 && errno == ENOSYS && (flags >> 32) == 0) {
		/* clone3 missing (kernel < 5.3, valgrind): clone(2) stores the pidfd at parent_tid; no cgroup */
		cgroup_fd = -1;
		pid = syscall(SYS_clone, (unsigned long)(flags | CLONE_PIDFD | SIGCHLD), NULL, ret_pidfd, NULL, NULL);
	}
	if (ret_into_cgroup)
		*ret_into_cgroup = cgroup_fd >= 0 && pid >= 0;
	return pid < 0 ? -errno : (pid_t)pid;
}

pid_t ns_clone3_init(const struct ns_plan *p, int cgroup_fd, int *ret_pidfd, bool *ret_into_cgroup)
{
	struct {
		pid_t pid;
		int err;
	} msg = {0, EIO};
	int pipefd[2], helper_pidfd = -1, userfd = -1, pidfd;
	pid_t helper, pid;
	ssize_t n;

	if (!p->pid_in_joined_user)
		return ns_clone3(p->clone_flags, cgroup_fd, ret_pidfd, ret_into_cgroup);
	for (size_t i = 0; i < p->join_len; i++)
		if (p->join[i].type == CLONE_NEWUSER)
			userfd = p->join[i].fd;
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return -errno;
	helper = ns_clone3(0, -1, &helper_pidfd, NULL);
	if (helper == 0) {
		close(pipefd[0]);
		if (setns(userfd, CLONE_NEWUSER) < 0) {
			msg.err = errno;
		} else {
			pid = ns_clone3(p->clone_flags | CLONE_PARENT, -1, &pidfd, NULL);
			if (pid == 0) {
				close(pipefd[1]);
				return 0; /* the init */
			}
			msg.pid = pid;
			msg.err = pid < 0 ? -pid : 0;
		}
		n = write(pipefd[1], &msg, sizeof(msg));
		_exit(n == (ssize_t)sizeof(msg) ? 0 : 1);
	}
	close(pipefd[1]);
	if (helper < 0) {
		close(pipefd[0]);
		return helper;
	}
	do
		n = read(pipefd[0], &msg, sizeof(msg));
	while (n < 0 && errno == EINTR);
	close(pipefd[0]);
	while (waitpid(helper, NULL, 0) < 0 && errno == EINTR)
		;
	close(helper_pidfd);
	if (n != (ssize_t)sizeof(msg))
		return -EIO;
	if (msg.err)
		return -msg.err;
	/* our child (CLONE_PARENT), not reaped yet: its pid cannot have been reused */
	*ret_pidfd = (int)syscall(SYS_pidfd_open, msg.pid, 0);
	if (*ret_pidfd < 0) {
		int e = errno;
		kill(msg.pid, SIGKILL);
		while (waitpid(msg.pid, NULL, 0) < 0 && errno == EINTR)
			;
		return -e;
	}
	if (ret_into_cgroup)
		*ret_into_cgroup = false;
	return msg.pid;
}

int ns_join_pid(const struct ns_plan *p, struct rt_err **err)
{
	for (size_t i = 0; i < p->join_len; i++)
		if (p->join[i].type == CLONE_NEWPID && setns(p->join[i].fd, CLONE_NEWPID) < 0)
			return rt_err_set(err, errno, "join pid namespace");
	return 0;
}

void ns_leave_pid_for_children(void)
{
	int self = (int)syscall(SYS_pidfd_open, getpid(), 0);

	if (self >= 0) {
		(void)setns(self, CLONE_NEWPID);
		close(self);
	}
}

/* With a new user namespace the parent joins these for the init, around the clone. */
static bool joined_by_parent(const struct ns_plan *p, int type)
{
	return (p->clone_flags & CLONE_NEWUSER) &&
	       (type == CLONE_NEWNET || type == CLONE_NEWIPC || type == CLONE_NEWUTS || type == CLONE_NEWCGROUP);
}

int ns_join_for_clone(const struct ns_plan *p, int saved[NS_MAX], struct rt_err **err)
{
	struct rt_err *ignored = NULL;

	for (size_t i = 0; i < NS_MAX; i++)
		saved[i] = -1;
	for (size_t i = 0; i < p->join_len; i++) {
		int t = p->join[i].type;

		if (!joined_by_parent(p, t))
			continue;
		saved[i] = procfs_open_ns(0, ns_proc_name(t), err);
		if (saved[i] < 0) {
			saved[i] = -1;
			(void)ns_leave_after_clone(saved, &ignored);
			rt_err_free(ignored);
			return -EIO;
		}
		if (setns(p->join[i].fd, t) < 0) {
			int e = errno;
			(void)ns_leave_after_clone(saved, &ignored);
			rt_err_free(ignored);
			return rt_err_set(err, e, "join %s namespace", ns_type_name(t));
		}
	}
	return 0;
}

int ns_leave_after_clone(int saved[NS_MAX], struct rt_err **err)
{
	int r = 0;

	for (size_t i = 0; i < NS_MAX; i++) {
		if (saved[i] < 0)
			continue;
		if (setns(saved[i], 0) < 0 && r == 0)
			r = rt_err_set(err, errno, "return to the runtime's namespace after the clone");
		close(saved[i]);
		saved[i] = -1;
	}
	return r;
}

int ns_join_all(const struct ns_plan *p, bool include_user, struct rt_err **err)
{
	/* user first: joining it grants the capabilities needed to join the others it owns. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < p->join_len; i++) {
			int t = p->join[i].type;
			if (t == CLONE_NEWPID || (pass == 0) != (t == CLONE_NEWUSER))
				continue;
			if ((t == CLONE_NEWUSER && (!include_user || p->pid_in_joined_user)) || joined_by_parent(p, t))
				continue;
			if (setns(p->join[i].fd, t) < 0)
				return rt_err_set(err, errno, "join %s namespace", ns_type_name(t));
		}
	}
	return 0;
}

int ns_unshare_new(const struct ns_plan *p, struct rt_err **err)
{
	if (p->unshare_flags && unshare((int)p->unshare_flags) < 0)
		return rt_err_set(
			err, errno, "unshare the new namespaces (%s%s%s%s)",
			p->unshare_flags & CLONE_NEWNET ? " net" : "", p->unshare_flags & CLONE_NEWIPC ? " ipc" : "",
			p->unshare_flags & CLONE_NEWUTS ? " uts" : "", p->unshare_flags & CLONE_NEWNS ? " mnt" : "");
	return 0;
}

int ns_setup_time(const struct oci_linux *l, int offsets_fd, struct rt_err **err)
{
	char buf[256];
	size_t off = 0;
	int fd, r;

	if (unshare(CLONE_NEWTIME) < 0)
		return rt_err_set(err, errno, "unshare time namespace");
	for (size_t i = 0; l && i < l->time_offsets_len; i++) {
		const struct oci_time_offset *t = &l->time_offsets[i];
		int w = snprintf(buf + off, sizeof(buf) - off, "%s %lld %u\n", t->clock, (long long)t->secs,
				 t->nanosecs);
		if (w < 0 || (size_t)w >= sizeof(buf) - off)
			return rt_err_set(err, E2BIG, "linux.timeOffsets: too many entries");
		off += (size_t)w;
	}
	if (off > 0 && offsets_fd >= 0) {
		r = rt_write_all(offsets_fd, buf, off);
		if (r < 0)
			return rt_err_set(err, -r, "linux.timeOffsets: write 'timens_offsets'");
	} else if (off > 0) {
		r = procfs_write(0, "timens_offsets", buf, err);
		if (r < 0)
			return rt_err_wrap(err, "linux.timeOffsets");
	}
	fd = procfs_open_ns(0, "time_for_children", err);
	if (fd < 0)
		return fd;
	r = setns(fd, CLONE_NEWTIME);
	close(fd);
	if (r < 0)
		return rt_err_set(err, errno, "enter time namespace");
	return 0;
}
