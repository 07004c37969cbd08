/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Internal interfaces between the rootfs_*.c files. Not for use outside src/linux/rootfs*. */
#ifndef RT_LINUX_ROOTFS_INTERNAL_H
#define RT_LINUX_ROOTFS_INTERNAL_H

#include "linux/rootfs.h"

/* "mount 'tmpfs' on '/dev/shm' (mounts[5])" */
#define MNT_FMT "mount '%s' on '%s' (mounts[%zu])"
#define MNT_ARGS(m) (m)->type, (m)->dest, (m)->index

/* Frees what a rootfs_mount owns (not m itself). */
void rootfs_mount_clear(struct rootfs_mount *m);

/*
 * Refuses non-procfs mounts on /proc and mounts inside /proc outside the allow-list.
 * dest is a normalised in-root path; where prefixes the message.
 */
int rootfs_check_proc_dest(const char *dest, enum rootfs_kind kind, const char *type, const char *where,
			   struct rt_err **err);

/*
 * Checks that fd lies inside rootfs (an absolute host path, "/" after pivot) and returns
 * the in-root path ("/dev/shm") in *ret_rel when ret_rel is not NULL.
 */
int rootfs_fd_inside(int fd, const char *rootfs, char **ret_rel, struct rt_err **err);

/* Moves the detached mount mntfd onto targetfd (O_PATH), then verifies it is inside rootfs. */
int rootfs_attach(int mntfd, int targetfd, const char *rootfs, struct rt_err **err);

/* Whether mount_setattr(2) exists (Linux >= 5.12); without it every mount uses mount(2). */
bool rootfs_have_mount_setattr(void);

/* mount(2) onto "/proc/self/fd/<targetfd>" (the fallback when the new mount API is ENOSYS). */
int rootfs_legacy_mount(const char *src, int targetfd, const char *fstype, unsigned long flags, const char *data,
			struct rt_err **err);

/*
 * Binds srcfd onto targetfd with mount attributes attrs (recursively for recursive
 * binds), by open_tree + mount_setattr + move_mount, or by mount(2) when those are
 * ENOSYS (then path, targetfd's in-root path, is resolved again to remount the new
 * mount; NULL when attrs is 0). The result is checked to be inside rootfs.
 */
int rootfs_bind_fd(int rootfd, const char *rootfs, int srcfd, int targetfd, const char *path, bool recursive,
		   uint64_t attrs, struct rt_err **err);

/* Step c for one mount. */
int rootfs_mount_one(int rootfd, const char *rootfs, const struct rootfs_mount *m, struct rt_err **err);

/*
 * Gives m's mount, resolved again in the root rootfd (after pivot_root), the propagation
 * of its options (m->propagation, MS_REC meaning the whole subtree).
 */
int rootfs_mount_propagation(int rootfd, const struct rootfs_mount *m, struct rt_err **err);

/* Copies the directory tree below srcfd into dstfd (tmpcopyup). Both directory fds. */
int rootfs_copy_tree(int srcfd, int dstfd, struct rt_err **err);

/* A host cgroup hierarchy from /proc/self/mountinfo. */
struct rootfs_cg {
	char *mountpoint;  /* "/sys/fs/cgroup/memory" */
	char *root;	   /* the mount's root within the hierarchy ("/" normally) */
	char *controllers; /* v1: "cpu,cpuacct" or "name=systemd"; v2: "" */
	bool v2;
};

int rootfs_cg_parse_mountinfo(const char *text, struct rootfs_cg **ret, size_t *ret_n);
void rootfs_cg_free(struct rootfs_cg *v, size_t n);
char *rootfs_cg_own_path(const char *proc_cgroup, const struct rootfs_cg *h);

/* The "cgroup" mount type (see rootfs_cgroup.c). -ENOSYS without the new mount API. */
int rootfs_mount_cgroup(int rootfd, const char *rootfs, const struct rootfs_mount *m, struct rt_err **err);

/* Step d. */
int rootfs_dev_setup(int rootfd, const struct rootfs_plan *p, struct rt_err **err);

/* Opens /dev/null under rootfd O_PATH and verifies it is the char device 1:3. */
int rootfs_open_devnull(int rootfd, struct rt_err **err);
/* stdio that is a /dev/null reopened on the container's (after pivot_root). */
int rootfs_stdio_devnull(const struct rootfs_plan *p, int rootfd, struct rt_err **err);

/* A user namespace fd whose maps are the mount's uid/gid mappings (for MOUNT_ATTR_IDMAP). */
int rootfs_idmap_userns(const struct rootfs_mount *m, struct rt_err **err);

#endif
