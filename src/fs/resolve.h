/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * THE in-rootfs path resolver. Every path inside a container rootfs is resolved here,
 * by file descriptor, never by string joining:
 *   openat2(rootfd, path, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS)
 * and, where openat2 is unavailable (or forced off for tests), a component-by-component
 * O_PATH|O_NOFOLLOW walk that resolves symlinks against rootfd, clamps ".." at the root,
 * refuses magic links (/proc/self/fd/N style), and gives up after RESOLVE_MAX_SYMLINKS.
 *
 * Absolute and relative paths are both taken relative to rootfd. All returned fds
 * are O_CLOEXEC.
 *
 * The walk is also used, with openat2 available, for creating missing components and
 * when openat2 keeps failing with EAGAIN (any rename on the system during a ".." step
 * makes the kernel give up; a container renaming in a loop could otherwise starve
 * us). If a seccomp filter starts refusing openat2 (ENOSYS/EPERM) after the first use,
 * it is noticed and the walk takes over.
 *
 * One intentional difference: on procfs the walk follows only procfs's own plain
 * links (self, thread-self, mounts -> self/mounts), openat2 any non-magic one; magic
 * links (/proc/<pid>/{fd/N,cwd,root,exe,ns/...}) are ELOOP with both.
 *
 * Opening a FIFO or device without O_PATH behaves as open(2) does (a FIFO blocks):
 * callers facing image content use O_PATH first, check the type, then reopen.
 */
#ifndef RT_FS_RESOLVE_H
#define RT_FS_RESOLVE_H

#include <stdbool.h>
#include <sys/types.h>

#include "util/err.h"

#define RESOLVE_MAX_SYMLINKS 40

/*
 * Opens path inside rootfd with `flags` (O_PATH, O_RDONLY, O_DIRECTORY, O_NOFOLLOW ...;
 * O_CREAT is refused: use the create functions below). With O_NOFOLLOW the last
 * component is not followed when it is a symlink (returns an O_PATH fd to the link
 * with O_PATH, ELOOP otherwise). Returns the fd or -errno (+ *err naming path).
 */
int resolve_open(int rootfd, const char *path, int flags, struct rt_err **err);

/*
 * Resolves every component but the last and returns an O_PATH|O_DIRECTORY fd of the
 * parent; *ret_name gets a malloc'ed copy of the last component (trailing slashes
 * dropped). When the path names a directory by itself ("/", "a/..", "a/.") the fd is
 * that directory and the name is ".", so openat(fd, name) never climbs out of the root.
 */
int resolve_parent(int rootfd, const char *path, char **ret_name, struct rt_err **err);

/*
 * mkdir -p inside rootfd: creates missing directories (mode, subject to umask) one
 * component at a time with mkdirat on the verified parent fd, following existing
 * symlinks only within the root (a dangling one has its target created inside the
 * root). Returns an O_PATH|O_DIRECTORY fd of the final dir.
 * Fails with ENOTDIR when an existing component is not a directory.
 */
int resolve_mkdir_p(int rootfd, const char *path, mode_t mode, struct rt_err **err);

/*
 * Makes sure path exists as a non-directory (for bind-mount targets): missing parents
 * are created with mode 0755, then openat(parent, name, O_CREAT|O_EXCL|O_NOFOLLOW), or
 * the existing non-directory entry is used. Returns an O_PATH fd of the file. An
 * existing symlink is resolved within the root, a dangling one ("dev/x -> /nonexist/f")
 * has its target created inside the root ("<root>/nonexist/f"); never outside.
 * EISDIR for a directory (or a path ending in '/', "." or "..").
 */
int resolve_mkfile(int rootfd, const char *path, mode_t mode, struct rt_err **err);

/* Whether the kernel openat2 path is in use. */
bool resolve_have_openat2(void);
/* Tests: force the userspace fallback walk (true) or go back to auto-detection. */
void resolve_force_fallback(bool on);

/*
 * The path of fd as the kernel sees it (readlink of /proc/self/fd/N through the
 * verified procfs), malloc'ed. Used to verify a mount target is still inside the root.
 */
char *resolve_fd_path(int fd, struct rt_err **err);
/*
 * realpath(path, NULL) of a host path (the bundle, the rootfs) without a readlink per
 * component: resolve_fd_path of an O_PATH fd of it. Falls back to realpath(3) when that is
 * not a plain absolute path (" (deleted)", unreachable) or procfs cannot be used. errno on NULL.
 */
char *resolve_realpath(const char *path);

#endif
