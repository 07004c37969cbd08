/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Verified access to /proc. Every write to /proc (uid/gid maps, setgroups, LSM attrs,
 * sysctls, oom_score_adj) and every /proc/self/fd lookup goes through a procfs handle
 * that is proven to be procfs: a private instance from fsopen("proc") when the kernel
 * allows it, else open_tree("/proc", OPEN_TREE_CLONE), else open("/proc"); in every
 * case fstatfs() == PROC_SUPER_MAGIC and the root inode is PROC_ROOT_INO (1).
 * Sub-paths are opened without following symlinks except the ones procfs itself
 * defines (self, thread-self), and the result is checked to be on procfs again.
 */
#ifndef RT_FS_PROCFS_H
#define RT_FS_PROCFS_H

#include <sys/types.h>

#include "util/err.h"

/* A verified procfs root fd (cached for the process; do not close). -errno on failure. */
int procfs_root(struct rt_err **err);
/* Forgets the cached handles (in every forked child of rt's, after pivot_root, in tests). */
void procfs_reset(void);

/*
 * Opens "<pid>/<subpath>" (pid 0 = self, -1 = thread-self) under the verified procfs
 * with flags (O_CLOEXEC added, O_NOFOLLOW on the final component), and verifies the
 * result is on procfs. Returns the fd or -errno (+ *err naming the path).
 */
int procfs_open(pid_t pid, const char *subpath, int flags, struct rt_err **err);

/*
 * Opens "<pid>/ns/<name>" (pid 0 = self) O_RDONLY: the namespace file, a magic link that
 * procfs_open refuses to follow, followed from the verified "ns" directory. setns(2) then
 * checks the namespace's type.
 */
int procfs_open_ns(pid_t pid, const char *name, struct rt_err **err);

/*
 * An O_PATH fd of this process's verified "/proc/<self>/fd", cached (do not close): the
 * cheap way to read the path of an fd (readlinkat(dir, "N")). Re-opened after a fork.
 */
int procfs_self_fd_dir(struct rt_err **err);

/*
 * Opens a path that is not below a pid ("sys/kernel/ostype", "filesystems") the same
 * way: component by component, no symlink followed, result verified to be on procfs.
 */
int procfs_open_global(const char *subpath, int flags, struct rt_err **err);

/* Writes s to "<pid>/<subpath>" through procfs_open(O_WRONLY). */
int procfs_write(pid_t pid, const char *subpath, const char *s, struct rt_err **err);

/*
 * Writes value to the sysctl key ("net.ipv4.ip_forward" -> sys/net/ipv4/ip_forward) through
 * procfs_open_global. Keys holding '/' or empty components ("a..b", ".x", "x.") are refused
 * with EINVAL.
 */
int procfs_write_sysctl(const char *key, const char *value, struct rt_err **err);

#endif
