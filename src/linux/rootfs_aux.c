/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers of the mount step: the tmpcopyup tree copy and the user namespace behind an
 * idmapped mount.
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
	if (r >= 0 && fchownat(dstdir, name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) < 0)
		r = rt_err_set(err, errno, "tmpcopyup: chown '%s'", name);
	return r;
}

int rootfs_copy_tree(int srcfd, int dstfd, struct rt_err **err)
{
	return copy_dir(srcfd, dstfd, 0, err);
}

int rootfs_idmap_userns(const struct rootfs_mount *m, struct rt_err **err)
{
	return rt_err_set(err, EOPNOTSUPP, "idmapped mounts are not supported yet (mounts[%zu])", m->index);
}
