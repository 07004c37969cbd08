/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * THE in-rootfs path resolver (see resolve.h).
 *
 * Two engines:
 *  - openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS): the kernel resolves every
 *    symlink and ".." as if rootfd were "/", and refuses procfs magic links. One
 *    syscall. A concurrent rename anywhere on the system makes a ".." step return
 *    EAGAIN (the kernel cannot prove it stayed below the root), so we retry.
 *  - the walk: one component at a time with openat(O_PATH|O_NOFOLLOW) on an fd we
 *    already trust, symlinks read with readlinkat(fd, "") and spliced into the rest of
 *    the path (absolute ones restart at rootfd), and ".." popping a stack of the fds we
 *    came through -- never openat(fd, ".."), which would escape if an attacker moved the
 *    directory out of the root while we hold it.
 *
 * The walk is also the creation engine of resolve_mkdir_p/resolve_mkfile: a missing
 * component is made with mkdirat/openat(O_CREAT|O_EXCL|O_NOFOLLOW) on the verified
 * parent fd and then looked up again like any other entry, so whatever an attacker
 * swaps in between (a symlink) is resolved inside the root, never outside.
 *
 * Intentional differences between the engines (the rest must match, see
 * tests/fuzz/fuzz_resolve.c): the walk refuses to follow a procfs symlink unless its
 * text is one of procfs's plain relative links (self, thread-self, mounts -> self/mounts,
 * ...); openat2 follows any procfs symlink that is not a magic link. For magic links
 * both give ELOOP.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fs/procfs.h"
#include "fs/resolve.h"
#include "util/util.h"

#define OPENAT2_RETRIES 32
#define CREATE_RETRIES 16
#define REOPEN_RETRIES 16

static int openat2_state; /* 0 not probed yet, 1 usable, -1 not available */
static bool force_fallback;

static bool openat2_probe(void)
{
	struct open_how how = {.flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
	long fd;

	if (openat2_state != 0)
		return openat2_state > 0;
	fd = syscall(SYS_openat2, AT_FDCWD, "/", &how, sizeof(how));
	if (fd >= 0) {
		close((int)fd);
		openat2_state = 1;
	} else if (errno == ENOSYS || errno == EPERM || errno == EINVAL || errno == E2BIG) {
		/* old kernel, or a seccomp filter that refuses it: use the walk from now on */
		openat2_state = -1;
	}
	/* anything else (EMFILE...) says nothing about openat2: probe again next time */
	return openat2_state > 0;
}

bool resolve_have_openat2(void)
{
	return !force_fallback && openat2_probe();
}

void resolve_force_fallback(bool on)
{
	force_fallback = on;
}

static int resolve_openat2(int rootfd, const char *path, int flags)
{
	struct open_how how = {
		.flags = (uint64_t)(unsigned int)(flags | O_CLOEXEC),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};

	for (int i = 0; i < OPENAT2_RETRIES; i++) {
		long fd = syscall(SYS_openat2, rootfd, path, &how, sizeof(how));

		if (fd >= 0)
			return (int)fd;
		if (errno == ENOSYS || errno == EPERM) {
			/*
			 * A seccomp filter installed after the probe (container init)? Probe
			 * again; the caller falls back to the walk when openat2 is gone.
			 */
			int e = errno;

			openat2_state = 0;
			openat2_probe();
			return -e;
		}
		if (errno != EAGAIN && errno != EINTR)
			return -errno;
	}
	return -EAGAIN;
}

/* ---- the walk ---- */

enum walk_create { WALK_LOOKUP, WALK_MKDIR, WALK_MKFILE };

struct walk {
	int rootfd;
	int *dirs; /* fds of the directories below rootfd we came through */
	size_t ndirs, cap;
	unsigned int links;
	bool follow_last;
	enum walk_create create;
	mode_t dir_mode, file_mode;
	char last[NAME_MAX + 1]; /* final entry's name in walk_top(), "." for a directory reached by "."/".." */
};

static int walk_top(const struct walk *w)
{
	return w->ndirs ? w->dirs[w->ndirs - 1] : w->rootfd;
}

static int walk_push(struct walk *w, int fd)
{
	if (w->ndirs == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 16;
		int *n = reallocarray(w->dirs, cap, sizeof(*n));

		if (!n) {
			close(fd);
			return -ENOMEM;
		}
		w->dirs = n;
		w->cap = cap;
	}
	w->dirs[w->ndirs++] = fd;
	return 0;
}

/* ".." at the root stays at the root, as with RESOLVE_IN_ROOT */
static void walk_pop(struct walk *w)
{
	if (w->ndirs)
		close(w->dirs[--w->ndirs]);
}

static void walk_free(struct walk *w)
{
	while (w->ndirs)
		walk_pop(w);
	free(w->dirs);
	w->dirs = NULL;
	w->cap = 0;
}

/*
 * Text of procfs's own plain symlinks ("1234", "1234/task/1234", "self/mounts"): relative,
 * starting with a pid or self/thread-self, no ':' ("pipe:[1]", "net:[4026...]") and no
 * leading '/' (the path text of a magic link to a file).
 */
static bool procfs_plain_link(const char *t)
{
	if (strchr(t, ':') || strchr(t, '('))
		return false;
	if (t[0] >= '0' && t[0] <= '9')
		return true;
	return rt_str_has_prefix(t, "self") || rt_str_has_prefix(t, "thread-self");
}

/*
 * Replaces the walk's remaining path with "<target of linkfd><rest>" (rest is what
 * followed the link's component, "" or "/..."). An absolute target restarts at rootfd.
 */
static int walk_splice_link(struct walk *w, int linkfd, char **buf, const char *rest)
{
	char target[PATH_MAX + 1];
	struct statfs sfs;
	char *n;
	ssize_t len;

	if (++w->links > RESOLVE_MAX_SYMLINKS)
		return -ELOOP;
	len = readlinkat(linkfd, "", target, sizeof(target) - 1);
	if (len < 0)
		return -errno;
	target[len] = '\0';
	if (len == 0)
		return -ENOENT;
	if (fstatfs(linkfd, &sfs) < 0)
		return -errno;
	if (sfs.f_type == PROC_SUPER_MAGIC && !procfs_plain_link(target))
		return -ELOOP;
	if (asprintf(&n, "%s%s", target, rest) < 0)
		return -ENOMEM;
	free(*buf);
	*buf = n;
	if (target[0] == '/')
		while (w->ndirs)
			walk_pop(w);
	return 0;
}

/* Opens comp below the top O_PATH|O_NOFOLLOW, creating it first when asked and missing. */
static int walk_lookup(struct walk *w, const char *comp, bool final_entry)
{
	int top = walk_top(w);

	for (int i = 0; i < CREATE_RETRIES; i++) {
		int fd = openat(top, comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);

		if (fd >= 0)
			return fd;
		if (errno != ENOENT || w->create == WALK_LOOKUP)
			return -errno;
		if (w->create == WALK_MKFILE && final_entry) {
			/* O_EXCL|O_NOFOLLOW: never through a symlink swapped in meanwhile */
			fd = openat(top, comp, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, w->file_mode);
			if (fd >= 0)
				close(fd);
			else if (errno != EEXIST)
				return -errno;
		} else if (mkdirat(top, comp, w->dir_mode) < 0 && errno != EEXIST) {
			return -errno;
		}
		/* look it up again: whatever is there now is walked like any other entry */
	}
	return -EAGAIN;
}

/* Next component of *p ("" at the end); sets *end past it and the last/trailing flags. */
static int walk_next(const char **p, char comp[NAME_MAX + 1], const char **end, bool *last, bool *trailing)
{
	const char *s = *p, *after;
	size_t len;

	while (*s == '/')
		s++;
	*p = s;
	*end = strchrnul(s, '/');
	len = (size_t)(*end - s);
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	memcpy(comp, s, len);
	comp[len] = '\0';
	for (after = *end; *after == '/'; after++)
		;
	*last = !*after;
	*trailing = **end == '/';
	return 0;
}

/*
 * Walks path below w->rootfd. Returns an O_PATH fd of the final entry; walk_top(w) is then
 * its directory and w->last its name there.
 */
static int walk_path(struct walk *w, const char *path)
{
	_cleanup_free_ char *buf = NULL;
	const char *p, *end;
	char comp[NAME_MAX + 1];
	bool last, trailing;
	struct stat st;
	int fd, r;

	if (!*path)
		return -ENOENT;
	if (strlen(path) >= PATH_MAX)
		return -ENAMETOOLONG;
	buf = rt_strdup(path);
	if (!buf)
		return -ENOMEM;
	for (p = buf;; p = end) {
		r = walk_next(&p, comp, &end, &last, &trailing);
		if (r < 0)
			return r;
		if (!comp[0] || strcmp(comp, ".") == 0)
			goto dot;
		if (strcmp(comp, "..") == 0) {
			walk_pop(w);
			goto dot;
		}
		fd = walk_lookup(w, comp, last && !trailing);
		if (fd < 0)
			return fd;
		if (fstat(fd, &st) < 0) {
			r = -errno;
			close(fd);
			return r;
		}
		if (S_ISLNK(st.st_mode) && (!last || trailing || w->follow_last)) {
			r = walk_splice_link(w, fd, &buf, end);
			close(fd);
			if (r < 0)
				return r;
			end = buf;
			continue;
		}
		if ((!last || trailing) && !S_ISDIR(st.st_mode)) {
			close(fd);
			return -ENOTDIR;
		}
		if (last) {
			memcpy(w->last, comp, sizeof(comp));
			return fd;
		}
		r = walk_push(w, fd);
		if (r < 0)
			return r;
		continue;
dot:
		if (!*end || last) {
			/* the path ends on the directory we are in: root, "." or ".." */
			memcpy(w->last, ".", 2);
			fd = openat(walk_top(w), ".", O_PATH | O_CLOEXEC);
			return fd < 0 ? -errno : fd;
		}
	}
}

static int walk_run(int rootfd, const char *path, bool follow_last, enum walk_create create, mode_t dir_mode,
		    mode_t file_mode)
{
	struct walk w = {.rootfd = rootfd, .follow_last = follow_last, .create = create};
	int fd;

	w.dir_mode = dir_mode;
	w.file_mode = file_mode;
	fd = walk_path(&w, path);
	walk_free(&w);
	return fd;
}

/*
 * The walk's resolve_open: O_PATH result as is, anything else reopened by name from its
 * verified directory with O_NOFOLLOW, checking it is still the same inode (a swap
 * between the walk and the reopen makes us walk again).
 */
static int walk_open(int rootfd, const char *path, int flags)
{
	for (int i = 0; i < REOPEN_RETRIES; i++) {
		struct walk w = {.rootfd = rootfd, .follow_last = !(flags & O_NOFOLLOW)};
		_cleanup_close_ int fd = -1;
		struct stat st, nst;
		int nfd, r = 0;

		fd = walk_path(&w, path);
		if (fd < 0)
			r = fd;
		else if (fstat(fd, &st) < 0)
			r = -errno;
		else if ((flags & O_DIRECTORY) && !S_ISDIR(st.st_mode))
			r = -ENOTDIR;
		else if (S_ISLNK(st.st_mode) && !(flags & O_PATH))
			r = -ELOOP;
		if (r < 0 || (flags & O_PATH)) {
			walk_free(&w);
			return r < 0 ? r : TAKE_FD(fd);
		}
		nfd = openat(walk_top(&w), w.last, flags | O_NOFOLLOW | O_CLOEXEC);
		r = -errno;
		walk_free(&w);
		if (nfd < 0 && r != -ELOOP && r != -ENOENT)
			return r;
		if (nfd >= 0 && fstat(nfd, &nst) == 0 && nst.st_dev == st.st_dev && nst.st_ino == st.st_ino)
			return nfd;
		if (nfd >= 0)
			close(nfd);
	}
	return -EAGAIN;
}

/* ---- public API ---- */

/*
 * openat2 when usable, -ENOSYS when the caller has to walk instead: openat2 is gone
 * (seccomp), or it kept failing with EAGAIN. The kernel returns EAGAIN for a ".." step
 * whenever any rename or mount happened anywhere on the system during the lookup
 * (global rename_lock/mount_lock sequence counts), so a process renaming in a tight
 * loop -- a hostile container -- can starve it on a path with many ".." (found by
 * fuzz_resolve while the race test ran). The walk does not depend on those counters.
 */
static int try_openat2(int rootfd, const char *path, int flags)
{
	int fd;

	if (!resolve_have_openat2())
		return -ENOSYS;
	fd = resolve_openat2(rootfd, path, flags);
	if ((fd == -ENOSYS || fd == -EPERM) && !resolve_have_openat2())
		return -ENOSYS;
	if (fd == -EAGAIN)
		return -ENOSYS;
	return fd;
}

int resolve_open(int rootfd, const char *path, int flags, struct rt_err **err)
{
	int fd;

	if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
		return rt_err_set(err, EINVAL, "resolve '%s' in rootfs: O_CREAT not allowed", path);
	fd = try_openat2(rootfd, path, flags);
	if (fd == -ENOSYS)
		fd = walk_open(rootfd, path, flags);
	if (fd < 0)
		return rt_err_set(err, -fd, "resolve '%s' in rootfs", path);
	return fd;
}

int resolve_parent(int rootfd, const char *path, char **ret_name, struct rt_err **err)
{
	_cleanup_free_ char *copy = NULL, *name = NULL;
	const char *dir;
	char *slash, *base;
	size_t len;
	int fd;

	copy = rt_strdup(path);
	if (!copy)
		return rt_err_set(err, ENOMEM, "resolve parent of '%s'", path);
	len = strlen(copy);
	while (len > 1 && copy[len - 1] == '/')
		copy[--len] = '\0';
	slash = strrchr(copy, '/');
	base = slash ? slash + 1 : copy;
	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		/* the path names a directory by itself ("/", "a/.."): return it, name "." */
		fd = resolve_open(rootfd, path, O_PATH | O_DIRECTORY, err);
		base = ".";
	} else {
		if (slash == copy)
			dir = "/";
		else if (slash) {
			*slash = '\0';
			dir = copy;
		} else
			dir = ".";
		fd = resolve_open(rootfd, dir, O_PATH | O_DIRECTORY, err);
	}
	if (fd < 0)
		return fd;
	name = rt_strdup(base);
	if (!name) {
		close(fd);
		return rt_err_set(err, ENOMEM, "resolve parent of '%s'", path);
	}
	*ret_name = TAKE_PTR(name);
	return fd;
}

int resolve_mkdir_p(int rootfd, const char *path, mode_t mode, struct rt_err **err)
{
	_cleanup_close_ int fd = -1;
	struct stat st;

	/* fast path: it is already there (one syscall with openat2) */
	fd = try_openat2(rootfd, path, O_PATH | O_DIRECTORY);
	if (fd >= 0)
		return TAKE_FD(fd);
	if (fd != -ENOENT && fd != -ENOSYS)
		return rt_err_set(err, -fd, "mkdir '%s' in rootfs", path);
	fd = walk_run(rootfd, path, true, WALK_MKDIR, mode, 0);
	if (fd < 0)
		return rt_err_set(err, -fd, "mkdir '%s' in rootfs", path);
	if (fstat(fd, &st) < 0)
		return rt_err_set(err, errno, "mkdir '%s' in rootfs", path);
	if (!S_ISDIR(st.st_mode))
		return rt_err_set(err, ENOTDIR, "mkdir '%s' in rootfs", path);
	return TAKE_FD(fd);
}

static bool names_directory(const char *path)
{
	size_t len = strlen(path);
	const char *base;

	if (len == 0)
		return false;
	if (path[len - 1] == '/')
		return true;
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	return strcmp(base, ".") == 0 || strcmp(base, "..") == 0;
}

int resolve_mkfile(int rootfd, const char *path, mode_t mode, struct rt_err **err)
{
	_cleanup_close_ int fd = -1;
	struct stat st;

	if (names_directory(path))
		return rt_err_set(err, EISDIR, "create '%s' in rootfs", path);
	fd = try_openat2(rootfd, path, O_PATH);
	if (fd < 0 && fd != -ENOENT && fd != -ENOSYS)
		return rt_err_set(err, -fd, "create '%s' in rootfs", path);
	if (fd < 0)
		fd = walk_run(rootfd, path, true, WALK_MKFILE, 0755, mode);
	if (fd < 0)
		return rt_err_set(err, -fd, "create '%s' in rootfs", path);
	if (fstat(fd, &st) < 0)
		return rt_err_set(err, errno, "create '%s' in rootfs", path);
	if (S_ISDIR(st.st_mode))
		return rt_err_set(err, EISDIR, "create '%s' in rootfs", path);
	return TAKE_FD(fd);
}

char *resolve_fd_path(int fd, struct rt_err **err)
{
	int dfd;
	char name[16];
	size_t size = 256;

	dfd = procfs_self_fd_dir(err);
	if (dfd < 0)
		return NULL;
	snprintf(name, sizeof(name), "%d", fd);
	for (;;) {
		_cleanup_free_ char *buf = malloc(size);
		ssize_t n;

		if (!buf) {
			rt_err_set(err, ENOMEM, "read path of fd %d", fd);
			return NULL;
		}
		n = readlinkat(dfd, name, buf, size);
		if (n < 0) {
			rt_err_set(err, errno, "read path of fd %d", fd);
			return NULL;
		}
		if ((size_t)n < size) {
			buf[n] = '\0';
			return TAKE_PTR(buf);
		}
		if (size >= 16 * PATH_MAX) {
			rt_err_set(err, ENAMETOOLONG, "read path of fd %d", fd);
			return NULL;
		}
		size *= 2;
	}
}

char *resolve_realpath(const char *path)
{
	static const char deleted[] = " (deleted)";
	_cleanup_close_ int fd = open(path, O_PATH | O_CLOEXEC);
	char *got;
	size_t n;

	if (fd < 0)
		return NULL;
	got = resolve_fd_path(fd, NULL);
	n = got ? strlen(got) : 0;
	if (!got || got[0] != '/' ||
	    (n >= sizeof(deleted) - 1 && strcmp(got + n - (sizeof(deleted) - 1), deleted) == 0)) {
		free(got);
		return realpath(path, NULL);
	}
	return got;
}
