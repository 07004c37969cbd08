/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Step c of rootfs_setup(): one config mount, by fd. A new superblock comes from
 * fsopen/fsconfig/fsmount, a bind from open_tree(OPEN_TREE_CLONE); attributes are set
 * on the still-detached mount (so "ro" is atomic), then move_mount() attaches it onto
 * the O_PATH fd of the destination resolved inside the rootfs. Where the new API is
 * missing (ENOSYS), mount(2) targets "/proc/self/fd/N" instead.
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
#include <linux/magic.h>

#include "fs/resolve.h"
#include "linux/lsm.h"
#include "linux/rootfs_internal.h"
#include "util/util.h"

#ifndef PROC_ROOT_INO
#define PROC_ROOT_INO 1
#endif

int rootfs_fd_inside(int fd, const char *rootfs, char **ret_rel, struct rt_err **err)
{
	_cleanup_free_ char *path = resolve_fd_path(fd, err);
	size_t n = strlen(rootfs);
	const char *rel;

	if (!path)
		return -EIO;
	if (strcmp(rootfs, "/") == 0)
		n = 0;
	if (path[0] != '/' || strncmp(path, rootfs, n) != 0 || (path[n] != '/' && path[n] != '\0'))
		return rt_err_set(err, EXDEV, "'%s' is outside the rootfs '%s'", path, rootfs);
	rel = path[n] ? path + n : "/";
	if (ret_rel && !(*ret_rel = rt_strdup(rel)))
		return rt_err_set(err, ENOMEM, "fd path");
	return 0;
}

/*
 * One check, after the fact: move_mount() attaches to exactly the dentry targetfd pins, so
 * the new mount is outside the rootfs only if the target was (or was moved there by a
 * rename racing us). Either way the mount exists only in the container's private mount
 * namespace, and create fails here before anything runs in it.
 */
int rootfs_attach(int mntfd, int targetfd, const char *rootfs, struct rt_err **err)
{
	if (move_mount(mntfd, "", targetfd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		return rt_err_set(err, errno, "move_mount");
	/* mntfd now names the attached mount: check where it really landed */
	return rootfs_fd_inside(mntfd, rootfs, NULL, err);
}

bool rootfs_have_mount_setattr(void)
{
	static int have = -1;
	struct mount_attr a = {0};

	/* EBADF when the syscall exists; ENOSYS on Linux < 5.12 (or under a filter) */
	if (have < 0)
		have = !(mount_setattr(-1, "", AT_EMPTY_PATH, &a, sizeof(a)) < 0 && errno == ENOSYS);
	return have;
}

static int setattr(int fd, unsigned int flags, uint64_t set, uint64_t clr, uint64_t prop, struct rt_err **err)
{
	struct mount_attr a = {.attr_set = set, .attr_clr = clr, .propagation = prop};

	if (!set && !clr && !prop)
		return 0;
	if (mount_setattr(fd, "", AT_EMPTY_PATH | flags, &a, sizeof(a)) < 0)
		return rt_err_set(err, errno, "mount_setattr%s", flags & AT_RECURSIVE ? " (recursive)" : "");
	return 0;
}

/* m's propagation options on the mount fd names, one after the other in config order. */
static int apply_propagations(int fd, const struct rootfs_mount *m, struct rt_err **err)
{
	for (size_t i = 0; i < m->propagations_len; i++) {
		unsigned long f = m->propagations[i];
		int r = rootfs_have_mount_setattr() ? setattr(fd, f & MS_REC ? AT_RECURSIVE : 0, 0, 0, f & ~MS_REC, err)
						    : rootfs_legacy_mount(NULL, fd, NULL, f, NULL, err);

		if (r < 0)
			return r;
	}
	return 0;
}

/* Reads the kernel's fs_context log ("e tmpfs: Bad value for 'size'") to enrich an error. */
static void fs_log(int fsfd, char *buf, size_t len)
{
	ssize_t n = read(fsfd, buf, len - 1);

	buf[n > 0 ? n : 0] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	/* messages come as "e <text>" (error), "w <text>", "i <text>" */
	if (n > 2 && buf[1] == ' ')
		memmove(buf, buf + 2, strlen(buf + 2) + 1);
}

/* The superblock flags and data options of m onto an fs_context (fsopen or fspick). */
static int fs_params(int fsfd, const struct rootfs_mount *m, struct rt_err **err)
{
	for (size_t i = 0; i < m->sb_flags_len; i++)
		if (fsconfig(fsfd, FSCONFIG_SET_FLAG, m->sb_flags[i], NULL, 0) < 0)
			return rt_err_set(err, errno, "fsconfig '%s'", m->sb_flags[i]);
	for (size_t i = 0; i < m->data_len; i++) {
		const struct rootfs_kv *kv = &m->data[i];
		int r = kv->value ? fsconfig(fsfd, FSCONFIG_SET_STRING, kv->key, kv->value, 0)
				  : fsconfig(fsfd, FSCONFIG_SET_FLAG, kv->key, NULL, 0);

		if (r < 0)
			return rt_err_set(err, errno, "fsconfig '%s%s%s'", kv->key, kv->value ? "=" : "",
					  kv->value ? kv->value : "");
	}
	return 0;
}

/*
 * A tmpfs on an existing directory without "mode=" gets the directory's mode, as runc
 * (1.1.8+, and 1.1.5 by a chmod) and crun (1.12+) do: a tmpfs on an image's 0755 /run is
 * not world-writable. mode: room for the octal value; false when it does not apply.
 */
static bool tmpfs_dir_mode(int rootfd, const struct rootfs_mount *m, char mode[16])
{
	_cleanup_close_ int fd = -1;
	struct stat st;

	if (m->kind != ROOTFS_KIND_FS || !m->fstype || strcmp(m->fstype, "tmpfs") != 0 || m->tmpcopyup)
		return false;
	for (size_t i = 0; i < m->data_len; i++)
		if (strcmp(m->data[i].key, "mode") == 0)
			return false;
	fd = resolve_open(rootfd, m->dest, O_PATH, NULL);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode))
		return false;
	snprintf(mode, 16, "%o", (unsigned)(st.st_mode & 07777));
	return true;
}

/* mode: a "mode" parameter set before the config's data (tmpfs_dir_mode), or NULL */
static int fs_create(const struct rootfs_mount *m, const char *fstype, const char *mode, int *ret, struct rt_err **err)
{
	_cleanup_close_ int fsfd = fsopen(fstype, FSOPEN_CLOEXEC);
	char log[256];
	int mnt, r;

	if (fsfd < 0)
		return rt_err_set(err, errno, "fsopen");
	if (m->source && fsconfig(fsfd, FSCONFIG_SET_STRING, "source", m->source, 0) < 0)
		return rt_err_set(err, errno, "fsconfig 'source=%s'", m->source);
	if (mode && fsconfig(fsfd, FSCONFIG_SET_STRING, "mode", mode, 0) < 0)
		return rt_err_set(err, errno, "fsconfig 'mode=%s'", mode);
	if ((r = fs_params(fsfd, m, err)) < 0)
		return r;
	if (fsconfig(fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0) {
		int e = errno;

		fs_log(fsfd, log, sizeof(log));
		return rt_err_set(err, e, "fsconfig create%s%s", *log ? ": " : "", log);
	}
	mnt = fsmount(fsfd, FSMOUNT_CLOEXEC, (unsigned int)m->attr_set);
	if (mnt < 0)
		return rt_err_set(err, errno, "fsmount");
	*ret = mnt;
	return 0;
}

/* mount(2) onto "/proc/self/fd/N", for kernels without the new mount API. */
int rootfs_legacy_mount(const char *src, int targetfd, const char *fstype, unsigned long flags, const char *data,
			struct rt_err **err)
{
	char path[64];
	struct statfs sfs;

	if (statfs("/proc/self/fd", &sfs) < 0 || sfs.f_type != PROC_SUPER_MAGIC)
		return rt_err_set(err, EXDEV, "/proc is not procfs");
	snprintf(path, sizeof(path), "/proc/self/fd/%d", targetfd);
	if (mount(src, path, fstype, flags, data) < 0)
		return rt_err_set(err, errno, "mount");
	return 0;
}

/*
 * MS_* flags of a bind remount: the requested ones plus those already set (and maybe locked).
 * ST_* and MS_* agree bit for bit except ST_RELATIME (4096, which is MS_BIND).
 */
static unsigned long remount_flags(int fd, unsigned long want)
{
	const unsigned long keep = ST_RDONLY | ST_NOSUID | ST_NODEV | ST_NOEXEC | ST_SYNCHRONOUS | ST_MANDLOCK |
				   ST_NOATIME | ST_NODIRATIME;
	struct statfs sfs;

	if (fstatfs(fd, &sfs) < 0)
		return want;
	return want | ((unsigned long)sfs.f_flags & keep) | (sfs.f_flags & ST_RELATIME ? MS_RELATIME : 0);
}

static unsigned long attrs_to_ms(uint64_t a)
{
	return (a & MOUNT_ATTR_RDONLY ? MS_RDONLY : 0) | (a & MOUNT_ATTR_NOSUID ? MS_NOSUID : 0) |
	       (a & MOUNT_ATTR_NODEV ? MS_NODEV : 0) | (a & MOUNT_ATTR_NOEXEC ? MS_NOEXEC : 0);
}

/*
 * Binds srcfd onto targetfd (path: targetfd's in-root path, to reach the new mount for
 * the remount of the legacy path) with attrs; recursive attrs for recursive binds.
 */
int rootfs_bind_fd(int rootfd, const char *rootfs, int srcfd, int targetfd, const char *path, bool recursive,
		   uint64_t attrs, struct rt_err **err)
{
	_cleanup_close_ int tree = -1, newfd = -1;
	char src[64];
	int r;

	if (rootfs_have_mount_setattr()) {
		tree = open_tree(srcfd, "",
				 OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0));
		if (tree < 0)
			return rt_err_set(err, errno, "open_tree");
		r = setattr(tree, recursive ? AT_RECURSIVE : 0, attrs, 0, 0, err);
		return r < 0 ? r : rootfs_attach(tree, targetfd, rootfs, err);
	}
	snprintf(src, sizeof(src), "/proc/self/fd/%d", srcfd);
	r = rootfs_legacy_mount(src, targetfd, NULL, MS_BIND | (recursive ? MS_REC : 0), NULL, err);
	if (r < 0 || !path)
		return r;
	newfd = resolve_open(rootfd, path, O_PATH | O_NOFOLLOW, err);
	if (newfd < 0)
		return newfd;
	if (attrs) {
		r = rootfs_legacy_mount(NULL, newfd, NULL,
					MS_REMOUNT | MS_BIND | remount_flags(newfd, attrs_to_ms(attrs)), NULL, err);
		if (r < 0)
			return r;
	}
	return rootfs_fd_inside(newfd, rootfs, NULL, err);
}

static int legacy_source(const struct rootfs_mount *m, bool sysfs_bind, int *ret, struct rt_err **err)
{
	const char *src = m->kind == ROOTFS_KIND_CGROUP ? "/sys/fs/cgroup" : sysfs_bind ? "/sys" : m->source;
	int fd = open(src, O_PATH | O_CLOEXEC);

	if (fd < 0)
		return rt_err_set(err, errno, "open source '%s'", src);
	*ret = fd;
	return 0;
}

static int check_proc_source(int treefd, struct rt_err **err);
static int tmpcopyup(int targetfd, int mntfd, bool attrs, struct rt_err **err);

/* The whole of step c with mount(2) only: for kernels without fsopen/open_tree or mount_setattr. */
static int legacy_fs(const struct rootfs_mount *m, const char *data, int rootfd, const char *rootfs, int targetfd,
		     const char *rel, struct rt_err **err)
{
	const unsigned long keep = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME |
				   MS_RELATIME | MS_STRICTATIME | MS_NOSYMFOLLOW | MS_SYNCHRONOUS | MS_DIRSYNC |
				   MS_MANDLOCK | MS_LAZYTIME;
	bool bind = m->kind == ROOTFS_KIND_BIND || m->kind == ROOTFS_KIND_CGROUP, rec = m->recursive || !bind;
	_cleanup_close_ int srcfd = -1, newfd = -1;
	char src[64];
	int r = 0;

	if (m->idmap)
		return rt_err_set(err, ENOSYS, "idmapped mounts need mount_setattr");
	if (m->rattr_set || m->rattr_clr)
		return rt_err_set(err, ENOSYS, "recursive mount options need mount_setattr");
	if (!bind) {
		r = rootfs_legacy_mount(m->source ? m->source : m->fstype, targetfd, m->fstype, m->ms_flags & keep,
					data, err);
		if (r != -EPERM || m->kind != ROOTFS_KIND_SYSFS)
			goto mounted;
		rt_err_freep(err);
	}
	r = legacy_source(m, !bind, &srcfd, err);
	if (r >= 0 && strcmp(rel, "/proc") == 0)
		r = check_proc_source(srcfd, err);
	snprintf(src, sizeof(src), "/proc/self/fd/%d", srcfd);
	if (r >= 0)
		r = rootfs_legacy_mount(src, targetfd, NULL, MS_BIND | (rec ? MS_REC : 0), NULL, err);
	bind = true;
mounted:
	if (r < 0)
		return r;
	/* "/proc/self/fd/N" names the covered directory: reopen (the resolved path) to reach the new mount */
	newfd = resolve_open(rootfd, rel, O_PATH | O_NOFOLLOW, err);
	if (newfd < 0)
		return newfd;
	if (m->tmpcopyup)
		r = tmpcopyup(targetfd, newfd, true, err);
	if (r >= 0 && bind && (m->ms_flags & keep))
		r = rootfs_legacy_mount(NULL, newfd, NULL,
					MS_REMOUNT | MS_BIND | remount_flags(newfd, m->ms_flags & keep), NULL, err);
	if (r >= 0)
		r = apply_propagations(newfd, m, err);
	if (r >= 0)
		r = rootfs_fd_inside(newfd, rootfs, NULL, err);
	return r;
}

/*
 * /proc and /sys targets (and any proc/sysfs mount) must be ordinary directories: a
 * symlink there would let the image redirect the mount (CVE-2019-19921, CVE-2023-27561).
 */
static bool needs_plain_dir(const struct rootfs_mount *m)
{
	return m->kind == ROOTFS_KIND_PROC || m->kind == ROOTFS_KIND_SYSFS || strcmp(m->dest, "/proc") == 0 ||
	       strcmp(m->dest, "/sys") == 0;
}

static int open_target(int rootfd, const struct rootfs_mount *m, bool is_file, struct rt_err **err)
{
	struct stat st;
	int fd;

	if (m->kind == ROOTFS_KIND_REMOUNT)
		return resolve_open(rootfd, m->dest, O_PATH, err);
	if (needs_plain_dir(m)) {
		_cleanup_err_ struct rt_err *e = NULL;

		fd = resolve_open(rootfd, m->dest, O_PATH | O_NOFOLLOW, &e);
		if (fd == -ENOENT)
			return resolve_mkdir_p(rootfd, m->dest, 0755, err);
		if (fd < 0) {
			*err = TAKE_PTR(e);
			return fd;
		}
		if (fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode)) {
			close(fd);
			return rt_err_set(err, ENOTDIR, "must be mounted on ordinary directory");
		}
		return fd;
	}
	if (is_file)
		return resolve_mkfile(rootfd, m->dest, 0644, err);
	return resolve_mkdir_p(rootfd, m->dest, 0755, err);
}

static int bind_create(const struct rootfs_mount *m, const char *src, bool recursive, int *ret, struct rt_err **err)
{
	int fd = open_tree(AT_FDCWD, src, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0));

	if (fd < 0)
		return rt_err_set(err, errno, "open_tree '%s'", src);
	*ret = fd;
	return 0;
}

/* A bind onto /proc must bring a real procfs root. */
static int check_proc_source(int treefd, struct rt_err **err)
{
	struct statfs sfs;
	struct stat st;

	if (fstatfs(treefd, &sfs) < 0 || fstat(treefd, &st) < 0)
		return rt_err_set(err, errno, "stat source");
	if (sfs.f_type != PROC_SUPER_MAGIC || st.st_ino != PROC_ROOT_INO)
		return rt_err_set(err, EPERM, "source is not a procfs root");
	return 0;
}

static int idmap_apply(const struct rootfs_mount *m, int treefd, struct rt_err **err)
{
	_cleanup_close_ int userns = rootfs_idmap_userns(m, err);
	struct mount_attr a = {.attr_set = MOUNT_ATTR_IDMAP};

	if (userns < 0)
		return userns;
	a.userns_fd = (uint64_t)userns;
	if (mount_setattr(treefd, "", AT_EMPTY_PATH | (m->idmap_recursive ? AT_RECURSIVE : 0), &a, sizeof(a)) < 0)
		return rt_err_set(err, errno, "mount_setattr idmap");
	return 0;
}

/* Builds the detached mount for m (not yet attached); *fresh: a new superblock. */
static int create_detached(const struct rootfs_mount *m, const char *mode, int *ret, bool *fresh, struct rt_err **err)
{
	_cleanup_err_ struct rt_err *e = NULL;
	int r;

	*fresh = false;
	switch (m->kind) {
	case ROOTFS_KIND_BIND:
		return bind_create(m, m->source, m->recursive, ret, err);
	case ROOTFS_KIND_CGROUP:
		return bind_create(m, "/sys/fs/cgroup", true, ret, err);
	case ROOTFS_KIND_SYSFS:
		r = fs_create(m, "sysfs", NULL, ret, &e);
		if (r != -EPERM) {
			if (r < 0)
				*err = TAKE_PTR(e);
			*fresh = true;
			return r;
		}
		/* not our network namespace: sysfs can only be bound from the host */
		return bind_create(m, "/sys", true, ret, err);
	default:
		*fresh = true;
		return fs_create(m, m->fstype, mode, ret, err);
	}
}

/* Attributes on the detached mount: top-level, then the r* ones on the whole tree. */
static int detached_attrs(const struct rootfs_mount *m, int mntfd, bool fresh_sb, struct rt_err **err)
{
	int r = 0;

	if (!fresh_sb && m->kind != ROOTFS_KIND_BIND)
		/* a borrowed host tree: its flags go to every mount in it */
		r = setattr(mntfd, AT_RECURSIVE, m->attr_set | m->rattr_set, m->attr_clr | m->rattr_clr, 0, err);
	else if (!fresh_sb)
		r = setattr(mntfd, 0, m->attr_set, m->attr_clr, 0, err);
	if (r >= 0)
		r = setattr(mntfd, AT_RECURSIVE, m->rattr_set, m->rattr_clr, 0, err);
	if (r >= 0 && m->idmap)
		r = idmap_apply(m, mntfd, err);
	return r;
}

/*
 * A remount (not a bind remount) with data or superblock options ("remount,size=2m")
 * reconfigures the superblock, as mount(2) with MS_REMOUNT does in runc and crun:
 * fspick + FSCONFIG_CMD_RECONFIGURE, or mount(2) where fspick is ENOSYS.
 */
static int remount_sb(int targetfd, const struct rootfs_mount *m, struct rt_err **err)
{
	const unsigned long sb = MS_SYNCHRONOUS | MS_DIRSYNC | MS_MANDLOCK | MS_LAZYTIME;
	_cleanup_close_ int fsfd = -1;
	char log[256];
	int r;

	/* a bind remount changes the mount's flags only, as mount(2) with MS_BIND does */
	if ((!m->data_len && !m->sb_flags_len) || (m->ms_flags & MS_BIND))
		return 0;
	fsfd = fspick(targetfd, "", FSPICK_EMPTY_PATH | FSPICK_CLOEXEC);
	if (fsfd < 0 && errno != ENOSYS)
		return rt_err_set(err, errno, "fspick");
	if (fsfd >= 0) {
		r = fs_params(fsfd, m, err);
		if (r != -ENOSYS) {
			if (r < 0)
				return r;
			if (fsconfig(fsfd, FSCONFIG_CMD_RECONFIGURE, NULL, NULL, 0) < 0) {
				int e = errno;

				fs_log(fsfd, log, sizeof(log));
				return rt_err_set(err, e, "fsconfig reconfigure%s%s", *log ? ": " : "", log);
			}
			return 0;
		}
		rt_err_freep(err); /* fsconfig denied (a filter) */
	}
	/* no fspick, or fsconfig denied: the whole remount through mount(2) */
	return rootfs_legacy_mount(NULL, targetfd, NULL,
				   MS_REMOUNT | (m->ms_flags & sb) |
					   remount_flags(targetfd, attrs_to_ms(m->attr_set | m->rattr_set)),
				   m->data_str, err);
}

static int mount_remount(int targetfd, const struct rootfs_mount *m, struct rt_err **err)
{
	int r = remount_sb(targetfd, m, err);

	if (r < 0)
		return r;
	if (!rootfs_have_mount_setattr())
		return rootfs_legacy_mount(NULL, targetfd, NULL,
					   MS_REMOUNT | MS_BIND |
						   remount_flags(targetfd, attrs_to_ms(m->attr_set | m->rattr_set)),
					   NULL, err);
	r = setattr(targetfd, 0, m->attr_set, m->attr_clr, 0, err);
	if (r >= 0)
		r = setattr(targetfd, AT_RECURSIVE, m->rattr_set, m->rattr_clr, 0, err);
	if (r >= 0)
		r = apply_propagations(targetfd, m, err);
	return r;
}

/* attrs: give the tmpfs root the mode and owner of the directory it covers (not of one rt created). */
static int tmpcopyup(int targetfd, int mntfd, bool attrs, struct rt_err **err)
{
	_cleanup_close_ int src = openat(targetfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	_cleanup_close_ int dst = openat(mntfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct stat st;

	if (src < 0 || dst < 0)
		return rt_err_set(err, errno, "tmpcopyup: open");
	if (attrs &&
	    (fstat(src, &st) < 0 || fchmod(dst, st.st_mode & 07777) < 0 || fchown(dst, st.st_uid, st.st_gid) < 0))
		return rt_err_set(err, errno, "tmpcopyup: copy root attributes");
	return rootfs_copy_tree(src, dst, err);
}

/* The target fd, checked to be inside the rootfs and allowed by the /proc rules. */
static int target_checked(int rootfd, const char *rootfs, const struct rootfs_mount *m, bool is_file, char **rel,
			  struct rt_err **err)
{
	int fd = open_target(rootfd, m, is_file, err), r;

	if (fd < 0)
		return fd;
	/* the resolved target (after in-root symlinks) must pass the /proc rules too */
	r = rootfs_fd_inside(fd, rootfs, rel, err);
	if (r >= 0)
		r = rootfs_check_proc_dest(*rel, m->kind, m->type, "destination", err);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

static int mount_legacy(int rootfd, const char *rootfs, const struct rootfs_mount *m, struct rt_err **err)
{
	_cleanup_close_ int targetfd = -1;
	_cleanup_free_ char *rel = NULL, *data = NULL;
	struct stat st;
	bool is_file = m->kind == ROOTFS_KIND_BIND && stat(m->source, &st) == 0 && !S_ISDIR(st.st_mode);
	char mode[16];

	/* before the target is made: the mode of a directory that was there */
	if (tmpfs_dir_mode(rootfd, m, mode) &&
	    asprintf(&data, "mode=%s%s%s", mode, m->data_str ? "," : "", m->data_str ? m->data_str : "") < 0)
		return rt_err_set(err, ENOMEM, "mount data");
	targetfd = target_checked(rootfd, rootfs, m, is_file, &rel, err);
	if (targetfd < 0)
		return targetfd;
	return legacy_fs(m, data ? data : m->data_str, rootfd, rootfs, targetfd, rel, err);
}

static int mount_one(int rootfd, const char *rootfs, const struct rootfs_mount *m, struct rt_err **err)
{
	_cleanup_close_ int mntfd = -1, targetfd = -1;
	_cleanup_free_ char *rel = NULL;
	bool is_file = false, fresh, existed = false;
	struct stat st;
	int r;

	if (m->kind == ROOTFS_KIND_REMOUNT) {
		targetfd = open_target(rootfd, m, false, err);
		return targetfd < 0 ? targetfd : mount_remount(targetfd, m, err);
	}
	/* open_tree and fsopen (5.2) without mount_setattr (5.12): mount(2) all the way */
	if (!rootfs_have_mount_setattr())
		return mount_legacy(rootfd, rootfs, m, err);
	if (m->kind == ROOTFS_KIND_CGROUP) {
		r = rootfs_mount_cgroup(rootfd, rootfs, m, err);
		if (r != -ENOSYS)
			return r;
		rt_err_freep(err);
		return mount_legacy(rootfd, rootfs, m, err);
	}
	if (m->premade) {
		/* made by rt with its attributes (rootfs_premake_idmap): only attached here */
		fresh = false;
		mntfd = fcntl(m->premade_fd, F_DUPFD_CLOEXEC, 3);
		r = mntfd < 0 ? rt_err_set(err, errno, "premade idmapped mount") : 0;
	} else {
		char mode[16];

		r = create_detached(m, tmpfs_dir_mode(rootfd, m, mode) ? mode : NULL, &mntfd, &fresh, err);
	}
	if (r == -ENOSYS) {
		rt_err_freep(err);
		return mount_legacy(rootfd, rootfs, m, err);
	}
	if (r < 0)
		return r;
	if (m->kind == ROOTFS_KIND_BIND) {
		if (fstat(mntfd, &st) < 0)
			return rt_err_set(err, errno, "stat source");
		is_file = !S_ISDIR(st.st_mode);
	}
	r = m->premade ? 0 : detached_attrs(m, mntfd, fresh, err);
	if (r < 0)
		return r;
	if (m->tmpcopyup) {
		/* as runc: a missing mountpoint leaves the tmpfs its own root mode (1777) */
		_cleanup_err_ struct rt_err *e = NULL;
		_cleanup_close_ int pre = resolve_open(rootfd, m->dest, O_PATH, &e);
		existed = pre >= 0;
	}
	targetfd = target_checked(rootfd, rootfs, m, is_file, &rel, err);
	if (targetfd < 0)
		return targetfd;
	if (strcmp(rel, "/proc") == 0 && m->kind == ROOTFS_KIND_BIND)
		r = check_proc_source(mntfd, err);
	if (r >= 0 && m->tmpcopyup)
		r = tmpcopyup(targetfd, mntfd, existed, err);
	if (r >= 0)
		r = rootfs_attach(mntfd, targetfd, rootfs, err);
	if (r >= 0)
		r = apply_propagations(mntfd, m, err);
	return r;
}

int rootfs_premake_idmap(struct rootfs_plan *p, struct rt_err **err)
{
	for (size_t i = 0; i < p->mounts_len; i++) {
		struct rootfs_mount *m = &p->mounts[i];
		int fd = -1, r;

		if (!m->idmap || m->premade || m->kind != ROOTFS_KIND_BIND)
			continue;
		r = bind_create(m, m->source, m->recursive, &fd, err);
		if (r >= 0 && (r = detached_attrs(m, fd, false, err)) < 0)
			close(fd);
		if (r < 0)
			return rt_err_wrap(err, MNT_FMT, MNT_ARGS(m));
		m->premade_fd = fd;
		m->premade = true;
	}
	return 0;
}

/* mqueue's superblock belongs to the ipc namespace (no context= possible): label its root. */
static int relabel(int rootfd, const struct rootfs_mount *m, struct rt_err **err)
{
	_cleanup_close_ int fd = resolve_open(rootfd, m->dest, O_RDONLY | O_DIRECTORY, err);

	return fd < 0 ? fd : lsm_relabel_fd(fd, m->relabel, err);
}

int rootfs_mount_propagation(int rootfd, const struct rootfs_mount *m, struct rt_err **err)
{
	/* in-root symlinks followed, as when the mount was made (/var/run -> /run) */
	_cleanup_close_ int fd = resolve_open(rootfd, m->dest, O_PATH, err);
	int r = fd < 0 ? fd : apply_propagations(fd, m, err);

	if (r < 0)
		rt_err_wrap(err, MNT_FMT, MNT_ARGS(m));
	return r;
}

int rootfs_mount_one(int rootfd, const char *rootfs, const struct rootfs_mount *m, struct rt_err **err)
{
	int r = mount_one(rootfd, rootfs, m, err);

	if (r >= 0 && m->relabel)
		r = relabel(rootfd, m, err);

	if (r < 0)
		rt_err_wrap(err, MNT_FMT, MNT_ARGS(m));
	return r;
}
