/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Verified procfs access (see procfs.h).
 *
 * Which handle: procfs_root() is on the hot path of every `rt run`, so it takes the
 * cheapest handle that is still safe, in this order:
 *
 *   1. open_tree("/proc", OPEN_TREE_CLONE) -- a detached, non-recursive clone of the
 *      host's procfs mount. Measured on this VM (Linux 6.18, 2 vCPUs): ~5 us to open,
 *      plus ~80 us when the clone is dissolved at close/exit, versus ~130 us for
 *      fsopen("proc") + FSCONFIG_CMD_CREATE + fsmount + close (a whole new superblock)
 *      and ~3 us for a plain open("/proc"). The clone is not recursive, so nothing
 *      mounted on top of a file or directory below /proc (a bind of
 *      /proc/sys/kernel/core_pattern over /proc/self/attr/exec, a tmpfs over /proc/sys:
 *      the CVE-2025-52881 class) is visible through it, and nobody can mount over it
 *      later: it is ours alone. Cached, so a process pays this once.
 *   2. fsopen("proc") -- a private procfs instance, when open_tree is not allowed
 *      (it needs CAP_SYS_ADMIN over the mount namespace) but fsopen is. No
 *      "subset=pid": sysctls live under sys/ and must stay reachable.
 *   3. open("/proc", O_PATH|O_DIRECTORY) -- unprivileged last resort; it sees whatever
 *      is mounted below /proc, so every opened file is checked again with fstatfs.
 *
 * In every case the root is verified: fstatfs f_type == PROC_SUPER_MAGIC and
 * st_ino == PROC_ROOT_INO (1), so a tmpfs or a bind of some procfs subdirectory placed
 * at /proc is refused.
 *
 * Sub-paths: "self" and "thread-self" are procfs's own symlinks. Rather than following
 * them, we read them (readlinkat on the verified root does not follow anything) and walk
 * the numeric path they name. This is also right when the procfs belongs to another pid
 * namespace than ours (after clone(CLONE_NEWPID) getpid() would name another process
 * there): the kernel answers "self" in the procfs's own pid namespace.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "fs/procfs.h"
#include "util/util.h"

#define PROC_ROOT_INO 1

static int cached_procfd = -1;
/*
 * Per-process caches on top of the root handle: the "self" name ("1234") and an O_PATH fd of
 * "<self>/fd". Every rootfs mount checks where its target really is by reading /proc/self/fd/N,
 * dozens of times per `rt run`: without the cache each check costs six syscalls instead of one.
 * A forked child inherits them but has another pid and another fd table, so both are keyed by
 * getpid() as well as dropped by procfs_reset() (which every fork of rt's calls: a child in a
 * new pid namespace can have the same getpid() as a parent that is pid 1 in its own).
 */
static pid_t cached_self_pid;
static char cached_self_name[32];
static int cached_fddir = -1;

static int procfs_check_fd(int fd, bool root)
{
	struct statfs sfs;
	struct stat st;

	if (fstatfs(fd, &sfs) < 0)
		return -errno;
	if (sfs.f_type != PROC_SUPER_MAGIC)
		return -EXDEV;
	if (!root)
		return 0;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (st.st_ino != PROC_ROOT_INO || !S_ISDIR(st.st_mode))
		return -EXDEV;
	return 0;
}

static int procfs_open_tree(void)
{
	return open_tree(AT_FDCWD, "/proc", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
}

static int procfs_fsopen(void)
{
	_cleanup_close_ int fsfd = -1;

	fsfd = fsopen("proc", FSOPEN_CLOEXEC);
	if (fsfd < 0)
		return -1;
	if (fsconfig(fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		return -1;
	return fsmount(fsfd, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
}

static int procfs_plain(void)
{
	return open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
}

int procfs_root(struct rt_err **err)
{
	static int (*const openers[])(void) = {procfs_open_tree, procfs_fsopen, procfs_plain};
	int r = -ENOENT;

	if (cached_procfd >= 0)
		return cached_procfd;
	for (size_t i = 0; i < ARRAY_SIZE(openers); i++) {
		int fd = openers[i]();

		if (fd < 0) {
			r = -errno;
			continue;
		}
		r = procfs_check_fd(fd, true);
		if (r < 0) {
			/* a fake /proc: fsopen may still give a real instance */
			close(fd);
			continue;
		}
		cached_procfd = fd;
		return fd;
	}
	if (r == -EXDEV)
		return rt_err_set(err, EXDEV, "verify '/proc': not the root of a procfs");
	return rt_err_set(err, -r, "open procfs");
}

void procfs_reset(void)
{
	if (cached_procfd >= 0)
		close(cached_procfd);
	if (cached_fddir >= 0)
		close(cached_fddir);
	cached_procfd = -1;
	cached_fddir = -1;
	cached_self_pid = 0;
}

/* Reads procfs's own "self"/"thread-self" link and checks it is "N" or "N/task/M". */
static int procfs_self_name(int procfd, const char *link, char *buf, size_t size)
{
	ssize_t n;
	size_t digits = 0;

	n = readlinkat(procfd, link, buf, size - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	for (char *p = buf; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			digits++;
			continue;
		}
		if (digits == 0 || !rt_str_has_prefix(p, "/task/"))
			return -EXDEV;
		p += strlen("/task/") - 1;
		digits = 0;
	}
	return digits ? 0 : -EXDEV;
}

/* What procfs's "self" or "thread-self" link names, read through the verified handle. */
static int read_self_link(const char *name, char *buf, size_t size, struct rt_err **err)
{
	int r = procfs_root(err);

	if (r < 0)
		return r;
	r = procfs_self_name(r, name, buf, size);
	return r < 0 ? rt_err_set(err, -r, "read '/proc/%s'", name) : 0;
}

/* "self" as procfs names it, cached per process (see cached_self_pid). */
static int procfs_self(char *buf, size_t size, struct rt_err **err)
{
	pid_t me = getpid();
	int r;

	if (cached_self_pid != me || cached_procfd < 0) {
		if (cached_self_pid != me && cached_fddir >= 0) {
			close(cached_fddir);
			cached_fddir = -1;
		}
		r = read_self_link("self", cached_self_name, sizeof(cached_self_name), err);
		if (r < 0)
			return r;
		cached_self_pid = me;
	}
	if (strlen(cached_self_name) >= size)
		return rt_err_set(err, ENAMETOOLONG, "read '/proc/self'");
	memcpy(buf, cached_self_name, strlen(cached_self_name) + 1);
	return 0;
}

/*
 * Opens dir "a/b/c" below dirfd one component at a time, never following a symlink
 * and refusing "." and ".." and empty components; the last component is opened with
 * flags | O_NOFOLLOW. Returns fd or -errno.
 */
static int procfs_walk(int dirfd, const char *path, int flags)
{
	_cleanup_close_ int cur = -1;
	const char *p = path;

	for (;;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		char comp[NAME_MAX + 1];
		int fd;

		if (len == 0 || len > NAME_MAX)
			return len ? -ENAMETOOLONG : -EINVAL;
		memcpy(comp, p, len);
		comp[len] = '\0';
		if (strcmp(comp, ".") == 0 || strcmp(comp, "..") == 0)
			return -EINVAL;
		if (!slash) {
			fd = openat(cur >= 0 ? cur : dirfd, comp, flags | O_NOFOLLOW | O_CLOEXEC);
			return fd < 0 ? -errno : fd;
		}
		fd = openat(cur >= 0 ? cur : dirfd, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		if (cur >= 0)
			close(cur);
		cur = fd;
		p = slash + 1;
	}
}

static int procfs_open_rel(const char *path, int flags, struct rt_err **err)
{
	_cleanup_close_ int fd = -1;
	int procfd, r;

	procfd = procfs_root(err);
	if (procfd < 0)
		return procfd;
	if (flags & O_CREAT)
		return rt_err_set(err, EINVAL, "open '/proc/%s': O_CREAT on procfs", path);
	fd = procfs_walk(procfd, path, flags);
	if (fd < 0)
		return rt_err_set(err, -fd, "open '/proc/%s'", path);
	r = procfs_check_fd(fd, false);
	if (r < 0)
		return rt_err_set(err, -r, "open '/proc/%s': not on procfs", path);
	return TAKE_FD(fd);
}

int procfs_open(pid_t pid, const char *subpath, int flags, struct rt_err **err)
{
	_cleanup_free_ char *path = NULL;
	char first[64];
	int r;

	if (pid > 0) {
		snprintf(first, sizeof(first), "%d", (int)pid);
	} else if (pid == 0) {
		r = procfs_self(first, sizeof(first), err);
		if (r < 0)
			return r;
	} else if (pid == -1) {
		r = read_self_link("thread-self", first, sizeof(first), err);
		if (r < 0)
			return r;
	} else {
		return rt_err_set(err, EINVAL, "open procfs entry of pid %d", (int)pid);
	}
	if (subpath && *subpath) {
		if (asprintf(&path, "%s/%s", first, subpath) < 0)
			return rt_err_set(err, ENOMEM, "open '/proc/%s/%s'", first, subpath);
	} else {
		path = rt_strdup(first);
		if (!path)
			return rt_err_set(err, ENOMEM, "open '/proc/%s'", first);
	}
	return procfs_open_rel(path, flags, err);
}

int procfs_open_ns(pid_t pid, const char *name, struct rt_err **err)
{
	_cleanup_close_ int dir = procfs_open(pid, "ns", O_PATH | O_DIRECTORY, err);
	int fd;

	if (dir < 0)
		return dir;
	/* the magic link, followed on purpose from the verified directory */
	fd = openat(dir, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rt_err_set(err, errno, "open 'ns/%s' of %s", name, pid ? "the container's init" : "rt");
	return fd;
}

int procfs_self_fd_dir(struct rt_err **err)
{
	char self[32];
	int r = procfs_self(self, sizeof(self), err);

	if (r < 0)
		return r;
	if (cached_fddir >= 0)
		return cached_fddir;
	r = procfs_open(0, "fd", O_PATH | O_DIRECTORY, err);
	if (r < 0)
		return r;
	cached_fddir = r;
	return r;
}

int procfs_open_global(const char *subpath, int flags, struct rt_err **err)
{
	return procfs_open_rel(subpath, flags, err);
}

static int procfs_write_fd(int fd, const char *what, const char *s, struct rt_err **err)
{
	int r = rt_write_all(fd, s, strlen(s));

	if (r < 0)
		return rt_err_set(err, -r, "write '%s'", what);
	return 0;
}

int procfs_write(pid_t pid, const char *subpath, const char *s, struct rt_err **err)
{
	_cleanup_close_ int fd = -1;

	fd = procfs_open(pid, subpath, O_WRONLY, err);
	if (fd < 0)
		return fd;
	return procfs_write_fd(fd, subpath, s, err);
}

/* A sysctl key is dot-separated names: no '/', no empty component (so no ".." either). */
static bool sysctl_key_valid(const char *key)
{
	size_t len = strlen(key);

	if (len == 0 || len > PATH_MAX - 16)
		return false;
	if (strchr(key, '/') || key[0] == '.' || key[len - 1] == '.' || strstr(key, ".."))
		return false;
	return true;
}

int procfs_write_sysctl(const char *key, const char *value, struct rt_err **err)
{
	_cleanup_free_ char *path = NULL;
	_cleanup_close_ int fd = -1;

	if (!sysctl_key_valid(key))
		return rt_err_set(err, EINVAL, "sysctl '%s': invalid key", key);
	if (asprintf(&path, "sys/%s", key) < 0)
		return rt_err_set(err, ENOMEM, "sysctl '%s'", key);
	for (char *p = path; *p; p++)
		if (*p == '.')
			*p = '/';
	fd = procfs_open_global(path, O_WRONLY, err);
	if (fd < 0)
		return rt_err_wrap(err, "sysctl '%s'", key);
	if (procfs_write_fd(fd, path, value, err) < 0)
		return rt_err_wrap(err, "sysctl '%s'", key);
	return 0;
}
