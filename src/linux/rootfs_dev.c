/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Step d (default devices, linux.devices, /dev symlinks) and step e (/dev/console).
 * Everything happens on the fd of /dev resolved inside the rootfs: a rootfs whose /dev
 * is a symlink to a host path can only redirect us within the rootfs (CVE-2026-41579,
 * crun CVE-2026-47766), and a /dev/console symlink is never followed (CVE-2025-52565).
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <linux/magic.h>

#include "fs/procfs.h"
#include "fs/resolve.h"
#include "linux/rootfs_internal.h"
#include "util/util.h"

#define UNIX98_PTY_SLAVE_MAJOR 136

static const struct {
	const char *name;
	unsigned int major, minor;
} default_devices[] = {
	{"null", 1, 3}, {"zero", 1, 5}, {"full", 1, 7}, {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
};

static const struct {
	const char *target, *name;
} default_links[] = {
	{"/proc/self/fd", "fd"},
	{"/proc/self/fd/0", "stdin"},
	{"/proc/self/fd/1", "stdout"},
	{"/proc/self/fd/2", "stderr"},
};

/*
 * /dev/core -> /proc/kcore only when the kernel has a kcore (CONFIG_PROC_KCORE), as runc
 * does: no link that dangles in every container. Asked of rt's verified procfs, where
 * the container's maskedPaths do not apply (runc asks its pre-pivot /proc likewise).
 * 1 when it exists, 0 when not.
 */
static int kernel_has_kcore(struct rt_err **err)
{
	int procfd = procfs_root(err);
	struct stat st;

	if (procfd < 0)
		return procfd;
	if (fstatat(procfd, "kcore", &st, AT_SYMLINK_NOFOLLOW) == 0)
		return 1;
	if (errno == ENOENT)
		return 0;
	return rt_err_set(err, errno, "stat '/proc/kcore'");
}

/*
 * When mknod is refused (user namespace), bind the host's node onto an empty file.
 * The host node is checked to be the device we meant.
 */
static int bind_host_node(const char *rootfs, int dirfd, const char *name, const char *host, mode_t mode, dev_t rdev,
			  struct rt_err **err)
{
	_cleanup_close_ int src = -1, target = -1;
	struct stat st;

	src = open(host, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (src < 0)
		return rt_err_set(err, errno, "open '%s'", host);
	if (fstat(src, &st) < 0 || (st.st_mode & S_IFMT) != (mode & S_IFMT) || st.st_rdev != rdev)
		return rt_err_set(err, ENODEV, "host '%s' is not the expected device", host);
	target = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0000);
	if (target < 0)
		return rt_err_set(err, errno, "create '%s'", name);
	return rootfs_bind_fd(-1, rootfs, src, target, NULL, false, 0, err);
}

/*
 * mknodat with exact permission bits (umask cleared); replaces an existing entry, except
 * a mount point (EBUSY): a config mount on /dev/random or the like stays, as in runc and crun.
 * Returns 0 when the node was created, 1 when the host's node was bound instead or a
 * mount was found there (neither is rt's to chown).
 */
static int make_node(const char *rootfs, int dirfd, const char *name, mode_t mode, dev_t rdev, const char *host,
		     struct rt_err **err)
{
	mode_t old = umask(0);
	int r = mknodat(dirfd, name, mode, rdev);

	if (r < 0 && errno == EEXIST) {
		r = unlinkat(dirfd, name, 0);
		if (r < 0 && errno == EBUSY) {
			umask(old);
			return 1;
		}
		if (r == 0)
			r = mknodat(dirfd, name, mode, rdev);
	}
	r = r < 0 ? -errno : 0;
	umask(old);
	if (r == -EPERM && host && !S_ISFIFO(mode)) {
		r = bind_host_node(rootfs, dirfd, name, host, mode, rdev, err);
		return r < 0 ? r : 1;
	}
	if (r < 0)
		return rt_err_set(err, -r, "mknod '%s'", name);
	return 0;
}

static int default_devs(const char *rootfs, int devfd, struct rt_err **err)
{
	char host[64];
	int r;

	for (size_t i = 0; i < ARRAY_SIZE(default_devices); i++) {
		snprintf(host, sizeof(host), "/dev/%s", default_devices[i].name);
		r = make_node(rootfs, devfd, default_devices[i].name, S_IFCHR | 0666,
			      makedev(default_devices[i].major, default_devices[i].minor), host, err);
		if (r < 0)
			return rt_err_wrap(err, "device '/dev/%s'", default_devices[i].name);
	}
	for (size_t i = 0; i < ARRAY_SIZE(default_links); i++)
		if (symlinkat(default_links[i].target, devfd, default_links[i].name) < 0 && errno != EEXIST)
			return rt_err_set(err, errno, "symlink '/dev/%s'", default_links[i].name);
	r = kernel_has_kcore(err);
	if (r < 0)
		return rt_err_wrap(err, "/dev/core");
	if (r > 0 && symlinkat("/proc/kcore", devfd, "core") < 0 && errno != EEXIST)
		return rt_err_set(err, errno, "symlink '/dev/core'");
	/* ptmx always points into the container's own devpts */
	if (unlinkat(devfd, "ptmx", 0) < 0 && errno != ENOENT)
		return rt_err_set(err, errno, "remove '/dev/ptmx'");
	if (symlinkat("pts/ptmx", devfd, "ptmx") < 0)
		return rt_err_set(err, errno, "symlink '/dev/ptmx'");
	return 0;
}

static int config_device(const char *rootfs, int rootfd, const struct rootfs_device *d, struct rt_err **err)
{
	_cleanup_free_ char *name = NULL;
	_cleanup_close_ int dirfd = resolve_parent(rootfd, d->path, &name, err);
	struct stat st;
	int r;

	if (dirfd < 0)
		return dirfd;
	if (strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		return rt_err_set(err, EINVAL, "bad device name '%s'", name);
	/* the spec: an existing file that is not the device is an error (not unlinked: image data) */
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)))
		return rt_err_set(err, 0, "a %s of the rootfs is there, not the device",
				  S_ISDIR(st.st_mode) ? "directory" : "regular file");
	r = make_node(rootfs, dirfd, name, d->mode, d->rdev, d->path, err);
	if (r != 0)
		return r < 0 ? r : 0; /* a bound host node keeps the host's owner */
	if (fchownat(dirfd, name, d->uid, d->gid, AT_SYMLINK_NOFOLLOW) < 0)
		return rt_err_set(err, errno, "chown");
	return 0;
}

/* Creates the parents of /dev/x and returns nothing; resolve_parent needs them to exist. */
static int device_parent(int rootfd, const char *path, struct rt_err **err)
{
	_cleanup_free_ char *dir = rt_strdup(path);
	char *slash;
	int fd;

	if (!dir)
		return rt_err_set(err, ENOMEM, "device");
	slash = strrchr(dir, '/');
	if (slash == dir)
		return 0;
	*slash = '\0';
	fd = resolve_mkdir_p(rootfd, dir, 0755, err);
	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

int rootfs_dev_setup(int rootfd, const struct rootfs_plan *p, struct rt_err **err)
{
	_cleanup_close_ int devfd = -1;
	int r;

	/*
	 * A /dev bound from elsewhere (often the host's own) is used as it is, as runc and crun
	 * do: neither the default nodes nor linux.devices, which would unlink and re-make nodes
	 * in the bind source. The devices cgroup still applies.
	 */
	if (p->bind_dev)
		return 0;
	devfd = resolve_mkdir_p(rootfd, "/dev", 0755, err);
	if (devfd < 0)
		return rt_err_wrap(err, "/dev");
	r = default_devs(p->rootfs, devfd, err);
	if (r < 0)
		return r;
	for (size_t i = 0; i < p->devices_len; i++) {
		const struct rootfs_device *d = &p->devices[i];

		/*
		 * /dev/ptmx stays the symlink into the container's own devpts, as in runc and crun
		 * (Podman and CRI configs list it as c 5:2). A node or the host's bound ptmx would open
		 * the devpts found next to it: under a user namespace that is the host's /dev/pts.
		 */
		if (strcmp(d->path, "/dev/ptmx") == 0)
			continue;
		r = device_parent(rootfd, d->path, err);
		if (r >= 0)
			r = config_device(p->rootfs, rootfd, d, err);
		if (r < 0)
			return rt_err_wrap(err, "device '%s' (linux.devices[%zu])", d->path, d->index);
	}
	return 0;
}

int rootfs_open_devnull(int rootfd, struct rt_err **err)
{
	_cleanup_close_ int fd = resolve_open(rootfd, "/dev/null", O_PATH | O_NOFOLLOW, err);
	struct stat st;

	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0)
		return rt_err_set(err, errno, "stat '/dev/null'");
	if (!S_ISCHR(st.st_mode) || st.st_rdev != makedev(1, 3))
		return rt_err_set(err, EPERM, "container's /dev/null is invalid: not the char device 1:3");
	return TAKE_FD(fd);
}

/*
 * After pivot_root: stdio that is a /dev/null (rt's caller passed the host's: conmon,
 * `</dev/null`) is reopened on the container's own, verified /dev/null, read-write, as runc
 * (reOpenDevNull) and crun do for the init. The container then holds no file of the host's
 * /dev, and /proc/self/fd/N leads into its own /dev. Not with a bind-mounted /dev (runc
 * neither: that /dev/null is the host's anyway).
 */
int rootfs_stdio_devnull(const struct rootfs_plan *p, int rootfd, struct rt_err **err)
{
	_cleanup_close_ int null_path = -1, null = -1;
	struct rt_err *own = NULL;
	bool reopen[3] = {false};
	struct stat st, nst;
	char name[16];
	int dfd;

	if (p->bind_dev)
		return 0;
	for (int fd = 0; fd < 3; fd++)
		reopen[fd] = fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3);
	if (!reopen[0] && !reopen[1] && !reopen[2])
		return 0;
	/* no valid /dev/null in the container: stdio stays as it was (runc: when it is another device) */
	null_path = rootfs_open_devnull(rootfd, &own);
	rt_err_free(own);
	if (null_path < 0)
		return 0;
	dfd = procfs_self_fd_dir(err);
	if (dfd < 0)
		return rt_err_wrap(err, "stdio");
	/* the inode just verified, through its O_PATH fd: a rename in /dev cannot swap it */
	snprintf(name, sizeof(name), "%d", null_path);
	null = openat(dfd, name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (null < 0)
		return rt_err_set(err, errno, "stdio: reopen the container's /dev/null");
	if (fstat(null, &nst) < 0 || fstat(null_path, &st) < 0 || nst.st_dev != st.st_dev || nst.st_ino != st.st_ino)
		return rt_err_set(err, EPERM, "stdio: the container's /dev/null changed");
	for (int fd = 0; fd < 3; fd++)
		if (reopen[fd] && dup3(null, fd, 0) < 0)
			return rt_err_set(err, errno, "stdio: fd %d onto the container's /dev/null", fd);
	return 0;
}

static int check_pty_slave(int fd, struct rt_err **err)
{
	struct statfs sfs;
	struct stat st;

	if (fstat(fd, &st) < 0 || fstatfs(fd, &sfs) < 0)
		return rt_err_set(err, errno, "stat console");
	if (!S_ISCHR(st.st_mode) || major(st.st_rdev) < UNIX98_PTY_SLAVE_MAJOR ||
	    major(st.st_rdev) >= UNIX98_PTY_SLAVE_MAJOR + 8 || sfs.f_type != DEVPTS_SUPER_MAGIC)
		return rt_err_set(err, EINVAL, "console fd is not a pty slave on devpts");
	return 0;
}

int rootfs_console(const struct rootfs_plan *p, int slave_fd, struct rt_err **err)
{
	_cleanup_close_ int rootfd = -1, devfd = -1, target = -1;
	int r = check_pty_slave(slave_fd, err);
	struct stat st;

	if (r < 0)
		return rt_err_wrap(err, "/dev/console");
	(void)p; /* after rootfs_setup the container's root is "/" with or without pivot */
	rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return rt_err_set(err, errno, "/dev/console: open '/'");
	devfd = resolve_mkdir_p(rootfd, "/dev", 0755, err);
	if (devfd < 0)
		return rt_err_wrap(err, "/dev/console");
	/*
	 * An existing file or device node (a bound host /dev's console, an image's) is bound over
	 * and left as it is, as crun does; anything else (a symlink) is replaced by an empty file.
	 */
	target = openat(devfd, "console", O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (target >= 0 && (fstat(target, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISCHR(st.st_mode)))) {
		close(target);
		target = -1;
		if (unlinkat(devfd, "console", 0) < 0)
			return rt_err_set(err, errno, "/dev/console: remove");
	}
	if (target < 0)
		target = openat(devfd, "console", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0000);
	if (target < 0)
		return rt_err_set(err, errno, "/dev/console: create");
	r = rootfs_bind_fd(rootfd, "/", slave_fd, target, NULL, false, 0, err);
	if (r < 0)
		return rt_err_wrap(err, "/dev/console");
	return 0;
}
