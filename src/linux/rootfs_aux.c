/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers of the mount step: the tmpcopyup tree copy and the user namespace behind an
 * idmapped mount (MOUNT_ATTR_IDMAP).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "fs/procfs.h"

#include "linux/rootfs_internal.h"
#include "util/util.h"

#define COPY_MAX_DEPTH 64

static int copy_file(int srcdir, int dstdir, const char *name, const struct stat *st, struct rt_err **err)
{
	_cleanup_close_ int in = openat(srcdir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	_cleanup_close_ int out = -1;
	char buf[65536];
	ssize_t n;

	if (in < 0)
		return rt_err_set(err, errno, "tmpcopyup: open '%s'", name);
	out = openat(dstdir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, st->st_mode & 07777);
	if (out < 0)
		return rt_err_set(err, errno, "tmpcopyup: create '%s'", name);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (rt_write_all(out, buf, (size_t)n) < 0)
			return rt_err_set(err, errno, "tmpcopyup: write '%s'", name);
	if (n < 0)
		return rt_err_set(err, errno, "tmpcopyup: read '%s'", name);
	/* owner first: a chown clears the setuid and setgid bits the chmod then sets */
	if (fchown(out, st->st_uid, st->st_gid) < 0)
		return rt_err_set(err, errno, "tmpcopyup: chown '%s'", name);
	if (fchmod(out, st->st_mode & 07777) < 0)
		return rt_err_set(err, errno, "tmpcopyup: chmod '%s'", name);
	return 0;
}

static int copy_entry(int srcdir, int dstdir, const char *name, int depth, struct rt_err **err);

static int copy_dir(int srcdir, int dstdir, int depth, struct rt_err **err)
{
	_cleanup_closedir_ DIR *d = NULL;
	int fd = openat(srcdir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;

	if (depth > COPY_MAX_DEPTH)
		return rt_err_set(err, ELOOP, "tmpcopyup: tree too deep");
	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return rt_err_set(err, errno, "tmpcopyup: opendir");
	}
	while ((errno = 0, de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		int r = copy_entry(srcdir, dstdir, de->d_name, depth, err);
		if (r < 0)
			return r;
	}
	if (errno)
		return rt_err_set(err, errno, "tmpcopyup: readdir");
	return 0;
}

static int copy_entry(int srcdir, int dstdir, const char *name, int depth, struct rt_err **err)
{
	struct stat st;
	char target[PATH_MAX];
	ssize_t n;
	int r = 0;

	if (fstatat(srcdir, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return rt_err_set(err, errno, "tmpcopyup: stat '%s'", name);
	if (S_ISDIR(st.st_mode)) {
		_cleanup_close_ int s = -1, dfd = -1;

		if (mkdirat(dstdir, name, st.st_mode & 07777) < 0)
			return rt_err_set(err, errno, "tmpcopyup: mkdir '%s'", name);
		s = openat(srcdir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		dfd = openat(dstdir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (s < 0 || dfd < 0)
			return rt_err_set(err, errno, "tmpcopyup: open dir '%s'", name);
		r = copy_dir(s, dfd, depth + 1, err);
		if (r >= 0 && fchmod(dfd, st.st_mode & 07777) < 0)
			r = rt_err_set(err, errno, "tmpcopyup: chmod '%s'", name);
	} else if (S_ISREG(st.st_mode)) {
		r = copy_file(srcdir, dstdir, name, &st, err);
	} else if (S_ISLNK(st.st_mode)) {
		n = readlinkat(srcdir, name, target, sizeof(target) - 1);
		if (n < 0)
			return rt_err_set(err, errno, "tmpcopyup: readlink '%s'", name);
		target[n] = '\0';
		if (symlinkat(target, dstdir, name) < 0)
			return rt_err_set(err, errno, "tmpcopyup: symlink '%s'", name);
	} else if (mknodat(dstdir, name, st.st_mode, st.st_rdev) < 0) {
		return rt_err_set(err, errno, "tmpcopyup: mknod '%s'", name);
	}
	if (r >= 0 && !S_ISREG(st.st_mode) && fchownat(dstdir, name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) < 0)
		r = rt_err_set(err, errno, "tmpcopyup: chown '%s'", name);
	return r;
}

int rootfs_copy_tree(int srcfd, int dstfd, struct rt_err **err)
{
	return copy_dir(srcfd, dstfd, 0, err);
}

#ifndef PIDFD_GET_USER_NAMESPACE
#define PIDFD_GET_USER_NAMESPACE _IO(0xFF, 9)
#endif

static int write_map(pid_t pid, const char *file, const struct oci_id_mapping *m, size_t n, struct rt_err **err)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, cap = n * 40 + 1;

	if (!(buf = malloc(cap)))
		return rt_err_set(err, ENOMEM, "%s", file);
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%u %u %u\n", m[i].container_id, m[i].host_id, m[i].size);
	return procfs_write(pid, file, buf, err);
}

/* The pid of our child as the verified procfs numbers it (it may be another pid ns). */
static pid_t procfs_pid_of(int pidfd, struct rt_err **err)
{
	_cleanup_free_ char *info = NULL;
	_cleanup_close_ int fd = -1;
	char sub[32], *line;
	size_t len;
	int pid;

	snprintf(sub, sizeof(sub), "fdinfo/%d", pidfd);
	fd = procfs_open(0, sub, O_RDONLY, err);
	if (fd < 0)
		return fd;
	if (rt_read_all_fd(fd, 65536, &info, &len) < 0)
		return rt_err_set(err, errno, "read fdinfo");
	line = strstr(info, "\nPid:\t");
	if (!line || sscanf(line + 6, "%d", &pid) != 1 || pid <= 0)
		return rt_err_set(err, ESRCH, "idmap helper is not visible in procfs");
	return pid;
}

static int userns_fd_of(int pidfd, pid_t pid, struct rt_err **err)
{
	char sub[64];
	int fd = ioctl(pidfd, PIDFD_GET_USER_NAMESPACE, 0);

	if (fd >= 0)
		return fd;
	/* before Linux 6.11: the ns link (a magic link we mean to follow) */
	fd = procfs_root(err);
	if (fd < 0)
		return fd;
	snprintf(sub, sizeof(sub), "%d/ns/user", pid);
	fd = openat(fd, sub, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rt_err_set(err, errno, "open '%s'", sub);
	return fd;
}

/*
 * A helper child in a new user namespace waits on a pipe while we write its maps and
 * take its namespace; closing the pipe lets it exit.
 */
int rootfs_idmap_userns(const struct rootfs_mount *m, struct rt_err **err)
{
	_cleanup_close_ int pidfd = -1;
	int sync[2], r, st;
	pid_t pid, ppid;
	char c;

	if (pipe2(sync, O_CLOEXEC) < 0)
		return rt_err_set(err, errno, "idmap: pipe");
	pid = (pid_t)syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, NULL, NULL, NULL, NULL);
	if (pid == 0) {
		close(sync[1]);
		while (read(sync[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(sync[0]);
	if (pid < 0) {
		close(sync[1]);
		return rt_err_set(err, errno, "idmap: clone user namespace");
	}
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	r = pidfd < 0 ? rt_err_set(err, errno, "idmap: pidfd_open") : 0;
	if (r >= 0 && (r = ppid = procfs_pid_of(pidfd, err)) >= 0) {
		r = write_map(ppid, "uid_map", m->uid_mappings, m->uid_mappings_len, err);
		if (r >= 0)
			r = write_map(ppid, "gid_map", m->gid_mappings, m->gid_mappings_len, err);
		if (r >= 0)
			r = userns_fd_of(pidfd, ppid, err);
	}
	close(sync[1]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (r < 0)
		rt_err_wrap(err, "idmap");
	return r;
}
