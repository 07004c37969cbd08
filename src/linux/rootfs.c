/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rootfs_setup() and rootfs_finish(): the container's mount namespace, in the order
 * documented in rootfs.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fs/resolve.h"
#include "linux/lsm.h"
#include "linux/rootfs_internal.h"
#include "util/util.h"

#define MASK_ATTRS (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC)
#define REMOUNT_KEEP (ST_NOSUID | ST_NODEV | ST_NOEXEC | ST_NOATIME | ST_NODIRATIME | ST_RELATIME)
/* readonlyPaths only adds ro (as runc and crun): noexec on a user path like /usr breaks execve */
#define RO_ATTRS MOUNT_ATTR_RDONLY

/*
 * pivot_root(2) refuses a new root whose parent mount is shared, so the mount holding
 * the rootfs is made private in our namespace (it changes nothing on the host), or a slave
 * (flag MS_SLAVE) when rootfsPropagation asks for one: a slave keeps the host's mounts coming in.
 */
static int rootfs_parent_private(const char *rootfs, unsigned long flag, struct rt_err **err)
{
	_cleanup_free_ char *path = rt_strdup(rootfs);
	struct statx stx;

	if (!path)
		return rt_err_set(err, ENOMEM, "rootfs");
	for (;;) {
		char *slash;

		if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &stx) < 0)
			return rt_err_set(err, errno, "statx '%s'", path);
		if ((stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) && (stx.stx_attributes & STATX_ATTR_MOUNT_ROOT))
			break;
		if (strcmp(path, "/") == 0)
			break;
		slash = strrchr(path, '/');
		if (slash == path)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	if (mount(NULL, path, NULL, flag, NULL) < 0)
		return rt_err_set(err, errno, "make '%s' %s", path, flag == MS_SLAVE ? "slave" : "private");
	return 0;
}

/* a is b or lies below it ("/a/b" under "/a"; "/" holds everything) */
static bool path_at_or_under(const char *a, const char *b)
{
	size_t n = strlen(b);

	if (strcmp(b, "/") == 0)
		return true;
	return strncmp(a, b, n) == 0 && (a[n] == '\0' || a[n] == '/');
}

/*
 * The one exception to "nothing reaches the host": a bind whose own options say "shared" or
 * "rshared" in a container whose rootfsPropagation is shared too. Its source is then a peer
 * of the host mount (step a kept the peers), and mounts made in it are meant to reach the host:
 * Kubernetes' Bidirectional volumes (containerd writes "rbind,rshared" and rootfsPropagation
 * "rshared"; CSI node plugins publish volumes through them) and Docker's ":rshared". runc
 * 1.1.5 does the same. A bind that a later mount covers (same or a parent destination) is
 * left alone.
 */
static bool keeps_host_peers(const struct rootfs_plan *p, size_t i)
{
	const struct rootfs_mount *m = &p->mounts[i];

	if (m->kind != ROOTFS_KIND_BIND || !(m->propagation & MS_SHARED) || !(p->rootfs_propagation & MS_SHARED))
		return false;
	for (size_t j = i + 1; j < p->mounts_len; j++)
		if (path_at_or_under(m->dest, p->mounts[j].dest))
			return false;
	return true;
}

/*
 * Before the rslave of "/": a detached recursive clone of each such bind, still in the host
 * source's peer group (a clone of a shared mount joins its peers). fds[i] is -1 for the others.
 */
static int clone_shared_binds(const struct rootfs_plan *p, int rootfd, int *fds, struct rt_err **err)
{
	for (size_t i = 0; i < p->mounts_len; i++) {
		const struct rootfs_mount *m = &p->mounts[i];
		_cleanup_close_ int fd = -1;

		if (!keeps_host_peers(p, i))
			continue;
		fd = resolve_open(rootfd, m->dest, O_PATH, err);
		if (fd < 0)
			return rt_err_wrap(err, MNT_FMT, MNT_ARGS(m));
		fds[i] = open_tree(fd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | AT_RECURSIVE);
		if (fds[i] < 0)
			return rt_err_set(err, errno, "open_tree: " MNT_FMT ": keep it shared with the host",
					  MNT_ARGS(m));
	}
	return 0;
}

/* After it: the (now slave) bind is detached and its clone, still a peer, put in its place. */
static int restore_shared_bind(int rootfd, const struct rootfs_mount *m, int clonefd, struct rt_err **err)
{
	_cleanup_close_ int fd = resolve_open(rootfd, m->dest, O_PATH, err);
	char path[64];

	if (fd < 0)
		return rt_err_wrap(err, MNT_FMT, MNT_ARGS(m));
	/* the mount fd is the root of: the bind made in step c (nothing covers it, see above) */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	/* (the destination itself when the container has no /proc: nothing covers it either) */
	if (umount2(path, MNT_DETACH) < 0 && (errno != ENOENT || umount2(m->dest, MNT_DETACH) < 0))
		return rt_err_set(err, errno, "detach the slave copy: " MNT_FMT, MNT_ARGS(m));
	close(fd);
	fd = resolve_open(rootfd, m->dest, O_PATH, err);
	if (fd < 0)
		return rt_err_wrap(err, MNT_FMT, MNT_ARGS(m));
	if (rootfs_attach(clonefd, fd, "/", err) < 0)
		return rt_err_wrap(err, MNT_FMT ": keep it shared with the host", MNT_ARGS(m));
	return 0;
}

/*
 * Nothing the container mounts reaches the host, not even through the bind of a shared host
 * mount: every mount becomes a slave of the peers it had, then gets the propagation its
 * options ask for ("shared" is then shared inside the container and a slave of the host).
 * Except the explicitly shared binds of a shared rootfs (keeps_host_peers).
 */
/* "/" as an O_PATH fd, opened on first use (the default config needs none). */
static int root_path_fd(int *fd, struct rt_err **err)
{
	if (*fd < 0 && (*fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return rt_err_set(err, errno, "open '/'");
	return *fd;
}

static int slave_then_propagation(const struct rootfs_plan *p, struct rt_err **err)
{
	_cleanup_close_ int rootfd = -1;
	_cleanup_free_ int *clones = NULL;
	int r = 0;

	if (p->mounts_len && (p->rootfs_propagation & MS_SHARED)) {
		if (root_path_fd(&rootfd, err) < 0)
			return -EINVAL;
		clones = malloc(p->mounts_len * sizeof(*clones));
		if (!clones)
			return rt_err_set(err, ENOMEM, "mounts");
		for (size_t i = 0; i < p->mounts_len; i++)
			clones[i] = -1;
		r = clone_shared_binds(p, rootfd, clones, err);
	}
	if (r >= 0 && mount(NULL, "/", NULL, MS_SLAVE | MS_REC, NULL) < 0)
		r = rt_err_set(err, errno, "make '/' rslave");
	for (size_t i = 0; clones && i < p->mounts_len; i++) {
		if (clones[i] < 0)
			continue;
		if (r >= 0)
			r = restore_shared_bind(rootfd, &p->mounts[i], clones[i], err);
		close(clones[i]);
	}
	if (r < 0)
		return r;
	for (size_t i = 0; i < p->mounts_len; i++) {
		if (!p->mounts[i].propagation)
			continue;
		if (root_path_fd(&rootfd, err) < 0 || rootfs_mount_propagation(rootfd, &p->mounts[i], err) < 0)
			return -EINVAL;
	}
	return 0;
}

static int do_pivot(const struct rootfs_plan *p, int rootfd, struct rt_err **err)
{
	if (fchdir(rootfd) < 0)
		return rt_err_set(err, errno, "chdir to rootfs");
	if (p->no_pivot) {
		if (mount(".", "/", NULL, MS_MOVE, NULL) < 0)
			return rt_err_set(err, errno, "move rootfs to '/'");
		if (chroot(".") < 0)
			return rt_err_set(err, errno, "chroot");
	} else {
		_cleanup_close_ int oldroot = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);

		if (oldroot < 0)
			return rt_err_set(err, errno, "open old root");
		/* new and old root stacked on "."; the old one is on top and goes away */
		if (syscall(SYS_pivot_root, ".", ".") < 0)
			return rt_err_set(err, errno, "pivot_root");
		/* keep the detach of the old root from propagating to the host ("." is the new root) */
		if (fchdir(oldroot) < 0)
			return rt_err_set(err, errno, "chdir to old root");
		if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0)
			return rt_err_set(err, errno, "make old root rslave");
		if (umount2(".", MNT_DETACH) < 0)
			return rt_err_set(err, errno, "detach old root");
	}
	if (chdir("/") < 0)
		return rt_err_set(err, errno, "chdir '/'");
	if (!p->no_pivot && slave_then_propagation(p, err) < 0)
		return -EINVAL;
	if (p->rootfs_propagation && mount(NULL, "/", NULL, p->rootfs_propagation, NULL) < 0)
		return rt_err_set(err, errno, "rootfsPropagation on '/'");
	return 0;
}

/* A cgroup mount, or a new superblock on a block device (whose open the v1 devices cgroup checks). */
static bool needs_cgroup(const struct rootfs_mount *m)
{
	struct stat st;

	if (m->kind == ROOTFS_KIND_CGROUP || (m->fstype && rt_str_has_prefix(m->fstype, "cgroup")))
		return true;
	return m->kind == ROOTFS_KIND_FS && m->source && stat(m->source, &st) == 0 && S_ISBLK(st.st_mode);
}

static int call_hook(const struct rootfs_hook **hook, struct rt_err **err)
{
	const struct rootfs_hook *h = *hook;

	*hook = NULL;
	return h && h->before_cgroup ? h->before_cgroup(h->data, err) : 0;
}

int rootfs_mount_all(const struct rootfs_plan *p, const struct rootfs_hook *hook, struct rt_err **err)
{
	_cleanup_close_ int rootfd = -1;
	int r;

	/* a. nothing we mount from here on propagates back to the host */
	if (mount(NULL, "/", NULL, p->root_propagation, NULL) < 0)
		return rt_err_set(err, errno, "set propagation of '/'");
	/* a slave rootfs needs the master its parent has: slave, not private (neither is shared) */
	r = rootfs_parent_private(p->rootfs, p->rootfs_propagation & MS_SLAVE ? MS_SLAVE : MS_PRIVATE, err);
	if (r < 0)
		return rt_err_wrap(err, "rootfs");
	/* b. the rootfs becomes a mount point of its own (pivot_root needs one) */
	if (mount(p->rootfs, p->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		return rt_err_set(err, errno, "bind rootfs '%s'", p->rootfs);
	rootfd = open(p->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return rt_err_set(err, errno, "open rootfs '%s'", p->rootfs);
	/* c. config mounts, in order */
	for (size_t i = 0; i < p->mounts_len; i++) {
		if (hook && needs_cgroup(&p->mounts[i]) && (r = call_hook(&hook, err)) < 0)
			return r;
		r = rootfs_mount_one(rootfd, p->rootfs, &p->mounts[i], err);
		if (r < 0)
			return r;
	}
	/* d. /dev */
	if ((r = call_hook(&hook, err)) < 0)
		return r;
	return rootfs_dev_setup(rootfd, p, err);
}

int rootfs_pivot(const struct rootfs_plan *p, struct rt_err **err)
{
	/* the rootfs bind of rootfs_mount_all() is the top mount at this (host) path */
	_cleanup_close_ int rootfd = open(p->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	int r;

	if (rootfd < 0)
		return rt_err_set(err, errno, "open rootfs '%s'", p->rootfs);
	r = do_pivot(p, rootfd, err);
	if (r < 0)
		return rt_err_wrap(err, "rootfs '%s'", p->rootfs);
	return 0;
}

int rootfs_setup(const struct rootfs_plan *p, struct rt_err **err)
{
	int r = rootfs_mount_all(p, NULL, err);

	return r < 0 ? r : rootfs_pivot(p, err);
}

/*
 * Most masked paths of the default config do not exist on a given kernel: no message is
 * formatted for those (strerror and vasprintf in the init, for nothing). Another error is
 * resolved again, for its message.
 */
static int open_optional(int rootfd, const char *path, int *ret, struct rt_err **err)
{
	int fd = resolve_open(rootfd, path, O_PATH, NULL);

	if (fd < 0 && fd != -ENOENT && fd != -ENOTDIR) {
		_cleanup_err_ struct rt_err *e = NULL;

		fd = resolve_open(rootfd, path, O_PATH, &e);
		if (fd < 0 && fd != -ENOENT && fd != -ENOTDIR) {
			*err = TAKE_PTR(e);
			return fd;
		}
	}
	*ret = fd < 0 ? -1 : fd;
	return 0;
}

/* label: linux.mountLabel, which runc also gives the masking tmpfs (NULL: none). */
static int mask_dir(int target, const char *label, struct rt_err **err)
{
	_cleanup_close_ int fsfd = fsopen("tmpfs", FSOPEN_CLOEXEC), mnt = -1;

	if (fsfd < 0 && errno == ENOSYS) {
		_cleanup_free_ char *data = label ? lsm_mount_context_option(label) : NULL;
		return rootfs_legacy_mount("tmpfs", target, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, data,
					   err);
	}
	if (fsfd < 0 || fsconfig(fsfd, FSCONFIG_SET_STRING, "source", "tmpfs", 0) < 0 ||
	    (label && fsconfig(fsfd, FSCONFIG_SET_STRING, "context", label, 0) < 0) ||
	    fsconfig(fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		return rt_err_set(err, errno, "tmpfs");
	mnt = fsmount(fsfd, FSMOUNT_CLOEXEC, MASK_ATTRS | MOUNT_ATTR_NODEV);
	if (mnt < 0)
		return rt_err_set(err, errno, "fsmount");
	return rootfs_attach(mnt, target, "/", err);
}

static int mask_paths(const struct rootfs_plan *p, int rootfd, struct rt_err **err)
{
	_cleanup_close_ int devnull = -1;

	for (size_t i = 0; i < p->masked_paths_len; i++) {
		const char *path = p->masked_paths[i];
		_cleanup_close_ int fd = -1;
		struct stat st;
		int r = open_optional(rootfd, path, &fd, err);

		if (r >= 0 && fd >= 0 && fstat(fd, &st) < 0)
			r = rt_err_set(err, errno, "stat");
		if (r >= 0 && fd >= 0 && S_ISDIR(st.st_mode)) {
			r = mask_dir(fd, p->mount_label, err);
		} else if (r >= 0 && fd >= 0) {
			/* the container's /dev/null is image-controlled: CVE-2025-31133 */
			if (devnull < 0 && (devnull = rootfs_open_devnull(rootfd, err)) < 0)
				r = devnull;
			else
				r = rootfs_bind_fd(rootfd, "/", devnull, fd, path, false, MASK_ATTRS, err);
		}
		if (r < 0)
			return rt_err_wrap(err, "mask '%s' (linux.maskedPaths)", path);
	}
	return 0;
}

static int readonly_paths(const struct rootfs_plan *p, int rootfd, struct rt_err **err)
{
	for (size_t i = 0; i < p->readonly_paths_len; i++) {
		const char *path = p->readonly_paths[i];
		_cleanup_close_ int fd = -1;
		int r = open_optional(rootfd, path, &fd, err);

		if (r >= 0 && fd >= 0)
			r = rootfs_bind_fd(rootfd, "/", fd, fd, path, true, RO_ATTRS, err);
		if (r < 0)
			return rt_err_wrap(err, "read-only '%s' (linux.readonlyPaths)", path);
	}
	return 0;
}

/*
 * Makes the mount at fd read-only, keeping the flags already set (the kernel refuses to
 * drop locked ones): mount_setattr, or a bind remount where it is ENOSYS. what: for errors.
 */
static int mount_readonly(int fd, const char *what, struct rt_err **err)
{
	struct mount_attr a = {.attr_set = MOUNT_ATTR_RDONLY};
	struct statfs sfs;
	int r;

	if (mount_setattr(fd, "", AT_EMPTY_PATH, &a, sizeof(a)) == 0)
		return 0;
	if (errno != ENOSYS)
		r = rt_err_set(err, errno, "mount_setattr");
	else if (fstatfs(fd, &sfs) < 0)
		r = rt_err_set(err, errno, "statfs");
	else
		r = rootfs_legacy_mount(NULL, fd, NULL,
					MS_REMOUNT | MS_BIND | MS_RDONLY | ((unsigned long)sfs.f_flags & REMOUNT_KEEP),
					NULL, err);
	return r < 0 ? rt_err_wrap(err, "remount %s read-only", what) : 0;
}

int rootfs_finish(const struct rootfs_plan *p, struct rt_err **err)
{
	_cleanup_close_ int rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	int r;

	if (rootfd < 0)
		return rt_err_set(err, errno, "open '/'");
	r = rootfs_stdio_devnull(p, rootfd, err);
	if (r >= 0)
		r = mask_paths(p, rootfd, err);
	if (r >= 0)
		r = readonly_paths(p, rootfd, err);
	if (r >= 0 && p->dev_readonly) {
		/* mounts[] asked for a read-only /dev: now that everything in it is made */
		_cleanup_close_ int dev = resolve_open(rootfd, "/dev", O_PATH | O_NOFOLLOW, err);

		r = dev < 0 ? rt_err_wrap(err, "remount '/dev' read-only") : mount_readonly(dev, "'/dev'", err);
	}
	if (r >= 0 && p->readonly)
		r = mount_readonly(rootfd, "'/' (root.readonly)", err);
	return r;
}
