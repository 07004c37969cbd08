/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Everything the container's mount namespace gets: config mounts, /dev, pivot_root,
 * masked and read-only paths.
 *
 * Call order (the orchestrator, src/core):
 *
 *   rt create, before any side effect:
 *     rootfs_prepare(config, bundle, rootfs, no_pivot, &plan)
 *                                             validate + precompute (pure apart from
 *                                             realpath() of the bundle and the rootfs)
 *
 *   in the container init, after clone into a new mount namespace (user ns maps already
 *   written by the parent, if any), before execve:
 *     rootfs_mount_all(plan)                  a. "/" made rslave (or rootfsPropagation);
 *                                                the mount holding the rootfs made private
 *                                             b. rootfs bound onto itself, rootfd opened
 *                                             c. mounts[] in order, by fd, inside rootfd
 *                                             d. /dev: default devices, linux.devices,
 *                                                fd/stdin/stdout/stderr/core/ptmx links
 *     (createContainer hooks run here, still in the host's root)
 *     rootfs_pivot(plan)                      f. pivot_root(".", ".") + detach of the old
 *                                                root (or MS_MOVE + chroot with no_pivot);
 *                                                the new "/" made rslave, each mount's own
 *                                                propagation option applied again, then
 *                                                rootfsPropagation on the new "/"
 *     rootfs_console(plan, pty_slave_fd)      e. only with process.terminal: binds the pty
 *                                                slave (opened from the container's own
 *                                                devpts, /dev/pts/ptmx + TIOCGPTPEER) onto
 *                                                /dev/console (the init does this after
 *                                                term_open_pty)
 *     rootfs_finish(plan)                     g. stdio that is a /dev/null reopened on the
 *                                                container's; maskedPaths, readonlyPaths,
 *                                                root.readonly
 *
 *   rootfs_setup(plan) is rootfs_mount_all + rootfs_pivot, for callers without hooks.
 *
 * linux.sysctl is not applied here: the orchestrator writes it with procfs_write_sysctl()
 * after rootfs_finish (the verified procfs then is the container's).
 *
 * Every path inside the rootfs is resolved by fd through src/fs/resolve.h; every mount
 * lands on an O_PATH fd through the new mount API (fsopen/fsconfig/fsmount, open_tree,
 * move_mount, mount_setattr; Linux >= 5.12), falling back to mount(2) on
 * "/proc/self/fd/N" (checked to be procfs) where mount_setattr or the rest of the new
 * API is missing (ENOSYS).
 * After each mount the mount's path is checked to still lie inside the rootfs.
 * Without mount_setattr, r* options and idmapped mounts are errors and readonlyPaths
 * only make their top mount read-only.
 *
 * Runtime errors name the mount, the index and the step:
 *   "mount 'tmpfs' on '/dev/shm' (mounts[5]): fsconfig 'size=x': Invalid argument"
 * Validation errors name the config path:
 *   "config.json: mounts[2].options[1]: unknown option 'foo' for a bind mount"
 *
 * Mount semantics:
 *  - bind: type "bind", or any type with a "bind"/"rbind" option. Options apply to the
 *    top mount, r* options (rro, rnosuid, ...) to the whole tree (mount_setattr
 *    AT_RECURSIVE). "ro" is applied atomically on the detached clone.
 *  - filesystems: options that are not flags ("size=64m", "mode=755", "newinstance")
 *    go to fsconfig; for binds they are errors.
 *  - proc: only procfs (or a bind of a procfs root) may be mounted on /proc; the target
 *    must be an ordinary directory (never a symlink); mounts inside /proc are refused
 *    except the lxcfs-style allow-list (/proc/cpuinfo, meminfo, ...).
 *  - sysfs: when the kernel refuses a new sysfs (the net ns is not ours: EPERM), host
 *    /sys is bind-mounted recursively with the requested flags.
 *  - cgroup: runc's layout. Unified host: one cgroup2 mount. v1/hybrid host: a tmpfs with
 *    one directory per host hierarchy ("memory", "cpu,cpuacct" + symlinks, "unified").
 *    Each is a new superblock when linux.namespaces has "cgroup", else a bind of the
 *    container's own cgroup directory; the host tree is never visible. Without the new
 *    mount API: a recursive bind of the host's /sys/fs/cgroup (documented limitation).
 *    cgroup2: a new cgroup2 superblock.
 *  - tmpcopyup: the destination's previous contents are copied into the new tmpfs
 *    before it is attached.
 *  - idmap/ridmap and per-mount uidMappings/gidMappings: MOUNT_ATTR_IDMAP with a user
 *    namespace created for the purpose.
 *  - remount (with or without bind): mount_setattr on the mount already at dest.
 *  - maskedPaths: directories get a read-only empty tmpfs, files a read-only bind of the
 *    container's /dev/null, which must be the char device 1:3 (CVE-2025-31133); missing
 *    paths are skipped. readonlyPaths: a recursive read-only (nosuid, nodev, noexec)
 *    bind of the path onto itself.
 *  - /dev: unless a bind mount targets /dev, null zero full random urandom tty are created
 *    (mknodat on the resolved /dev fd; when mknod is refused, e.g. in a user namespace,
 *    the host node is bind-mounted onto an empty file), then linux.devices.
 */
#ifndef RT_LINUX_ROOTFS_H
#define RT_LINUX_ROOTFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "libocispec/oci.h"
#include "util/err.h"

enum rootfs_kind {
	ROOTFS_KIND_FS = 0, /* a new superblock of `type` (tmpfs, mqueue, overlay, devpts, ...) */
	ROOTFS_KIND_BIND,   /* open_tree(source) */
	ROOTFS_KIND_PROC,   /* procfs; target checked to be an ordinary directory */
	ROOTFS_KIND_SYSFS,  /* sysfs, or rbind of host /sys on EPERM */
	ROOTFS_KIND_CGROUP, /* "cgroup": runc's per-hierarchy layout (see above) */
	ROOTFS_KIND_REMOUNT /* "remount": change the flags of the existing mount at dest */
};

/* A data option for fsconfig: value NULL means a flag (FSCONFIG_SET_FLAG). */
struct rootfs_kv {
	char *key;
	char *value;
};

struct rootfs_mount {
	size_t index; /* position in config mounts[] */
	enum rootfs_kind kind;
	char *dest;		/* normalised: absolute, no "//", "." or ".." */
	char *type;		/* as configured ("bind" for binds without a type) */
	char *fstype;		/* type handed to fsopen (NULL for binds) */
	char *source;		/* absolute (relative sources resolved against the bundle) or NULL */
	unsigned long ms_flags; /* MS_* for the mount(2) fallback, incl. MS_BIND/MS_REC/MS_REMOUNT */
	uint64_t attr_set;	/* MOUNT_ATTR_* for the top mount */
	uint64_t attr_clr;
	uint64_t rattr_set; /* MOUNT_ATTR_* for the whole tree (r* options) */
	uint64_t rattr_clr;
	unsigned long propagation;   /* MS_SHARED/MS_SLAVE/MS_PRIVATE/MS_UNBINDABLE [|MS_REC], 0: none */
	unsigned long *propagations; /* every propagation option, in config order (the last: propagation) */
	size_t propagations_len;
	struct rootfs_kv *data; /* fsconfig parameters, in config order */
	size_t data_len;
	char **sb_flags; /* superblock flags for fsconfig: sync dirsync mand lazytime */
	size_t sb_flags_len;
	char *data_str; /* data options joined with ',' for mount(2) (NULL if none) */
	char *relabel;	/* linux.mountLabel for the mount's root after mounting (mqueue), or NULL */
	char *context;	/* cgroup on a v1 host: linux.mountLabel for the tmpfs holding the hierarchies */
	bool recursive; /* rbind */
	bool tmpcopyup;
	bool idmap;	      /* idmap/ridmap or uidMappings present */
	bool idmap_recursive; /* ridmap */
	bool premade;	      /* rootfs_premake_idmap made it: premade_fd is its detached tree */
	int premade_fd;
	bool cgroupns; /* linux.namespaces has "cgroup": cgroup mounts are new superblocks */
	struct oci_id_mapping *uid_mappings;
	size_t uid_mappings_len;
	struct oci_id_mapping *gid_mappings;
	size_t gid_mappings_len;
};

struct rootfs_device {
	size_t index; /* position in linux.devices[] */
	char *path;   /* absolute, under /dev */
	mode_t mode;  /* S_IFCHR/S_IFBLK/S_IFIFO | permission bits */
	dev_t rdev;
	uid_t uid;
	gid_t gid;
};

struct rootfs_plan {
	char *rootfs;  /* realpath of root.path */
	bool readonly; /* root.readonly */
	bool no_pivot;
	bool bind_dev;			  /* a bind mount targets /dev: no device created there */
	bool dev_readonly;		  /* a new /dev filesystem asked "ro": made so in rootfs_finish */
	unsigned long root_propagation;	  /* for "/" before setup: MS_REC|MS_SLAVE unless configured */
	unsigned long rootfs_propagation; /* configured rootfsPropagation, applied after pivot (0: none) */
	struct rootfs_mount *mounts;
	size_t mounts_len;
	struct rootfs_device *devices;
	size_t devices_len;
	char **masked_paths; /* normalised, duplicates removed, NULL-terminated */
	size_t masked_paths_len;
	char **readonly_paths;
	size_t readonly_paths_len;
	char *mount_label; /* linux.mountLabel (NULL when empty): also on masking tmpfs */
};

/*
 * In rt as root, before the clone, for a container with a user namespace (whose init could
 * neither write a host-side id map nor idmap a host filesystem's mount): every idmapped bind
 * mount of p made here as a detached tree with its attributes (O_CLOEXEC fds the init
 * inherits and attaches). rootfs_premade_close() closes them in rt after the clone
 * (rootfs_plan_free() too).
 */
int rootfs_premake_idmap(struct rootfs_plan *p, struct rt_err **err);
void rootfs_premade_close(struct rootfs_plan *p);

/*
 * Validates c (mounts, devices, maskedPaths, readonlyPaths, rootfsPropagation, root) and
 * precomputes everything the child needs. bundle is the bundle directory (relative
 * mount sources are taken relative to it), used as given when absolute (the caller has
 * canonicalised it), canonicalised here when relative; rootfs the rootfs path when
 * the caller has already resolved it (NULL: root.path, relative to the bundle), made
 * canonical here; no_pivot selects MS_MOVE + chroot instead of pivot_root. No side
 * effects besides realpath(). Returns 0 and *ret, or -errno and *err.
 */
int rootfs_prepare(const struct oci_config *c, const char *bundle, const char *rootfs, bool no_pivot,
		   struct rootfs_plan **ret, struct rt_err **err);
void rootfs_plan_free(struct rootfs_plan *p);
void rootfs_plan_set_no_pivot(struct rootfs_plan *p, bool on);

/*
 * Parses one mount's options into m (flags, attrs, data). Exposed for tests. `where` is
 * the config path used in messages ("mounts[3]").
 */
int rootfs_parse_options(struct rootfs_mount *m, char *const *options, size_t n, const char *where,
			 struct rt_err **err);

/* Lexically normalises an absolute-or-relative path to "/a/b" (".." clamped at "/"). */
char *rootfs_clean_path(const char *path);

/*
 * Called once by rootfs_mount_all, just before the first mount that depends on the
 * cgroups the process is in (type "cgroup" or "cgroup2", or a filesystem on a block
 * device, whose open the v1 devices cgroup checks) and in any case before /dev is
 * populated (mknod is checked by the v1 devices cgroup): the init joins its v1 cgroups
 * and unshares its cgroup namespace there, after the parent made them in parallel.
 */
struct rootfs_hook {
	int (*before_cgroup)(void *data, struct rt_err **err);
	void *data;
};

/* Steps a-d (see above), in the container init's new mount namespace. hook may be NULL. */
int rootfs_mount_all(const struct rootfs_plan *p, const struct rootfs_hook *hook, struct rt_err **err);

/*
 * The "cgroup" mount type reads the host's hierarchies from /proc/self/mountinfo. A caller
 * that unshared a new mount namespace from one whose mountinfo it already holds (rt read it
 * before the clone to make the cgroups) may hand that text over: the hierarchies, their
 * mount points and roots are the same in the copy, so the init skips a read of its own
 * mountinfo (about 0.1 ms). Never for a mount namespace joined by path. NULL: read it.
 */
void rootfs_set_host_mountinfo(const char *text);

/*
 * The first "cgroup" mount of the plan (NULL: none), when it can be built by rootfs_cgroup_tree:
 * the new mount API is there. The caller decides whether the layout suits (v1 or hybrid).
 */
const struct rootfs_mount *rootfs_plan_cgroup_mount(const struct rootfs_plan *p);

/*
 * Run by rt while the init mounts (v1 and hybrid hosts, no new user namespace): the
 * "cgroup" mount m as a detached tree, the tmpfs the init would make holding binds of the
 * container's own cgroup directories (dir_of maps a hierarchy's mount point to it, NULL:
 * none), with m's attributes. What the container sees is what the init's own mount gives:
 * in a cgroup namespace a fresh mount of a v1 hierarchy shares the host's superblock and
 * is rooted at the namespace's root, which is that directory. Needs Linux 6.15 (mounts
 * beneath a detached mount). mountinfo is rt's /proc/self/mountinfo text. Returns the
 * tree's fd; the init attaches it with the source set below.
 */
int rootfs_cgroup_tree(const struct rootfs_mount *m, const char *mountinfo,
		       const char *(*dir_of)(const char *mountpoint, void *data), void *data, struct rt_err **err);

/*
 * In the init: the first "cgroup" mount asks source for a tree built by rootfs_cgroup_tree
 * (called once; returns the fd, or -ENOENT without an error when there is none and the init
 * is to mount it itself).
 */
void rootfs_set_cgroup_tree_source(int (*source)(void *data, struct rt_err **err), void *data);

/* Step f. On return the cwd and root are the container's "/". */
int rootfs_pivot(const struct rootfs_plan *p, struct rt_err **err);

/* rootfs_mount_all() then rootfs_pivot(). */
int rootfs_setup(const struct rootfs_plan *p, struct rt_err **err);

/*
 * Step e: binds the pty slave slave_fd (a devpts node of this mount namespace) onto
 * /dev/console, created as an empty file with O_CREAT|O_EXCL|O_NOFOLLOW. After
 * rootfs_setup, before rootfs_finish.
 */
int rootfs_console(const struct rootfs_plan *p, int slave_fd, struct rt_err **err);

/*
 * Step g: stdio that is a /dev/null reopened on the container's (unless /dev is bound),
 * maskedPaths, readonlyPaths, root.readonly. After rootfs_setup.
 */
int rootfs_finish(const struct rootfs_plan *p, struct rt_err **err);

#endif
