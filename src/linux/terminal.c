/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "linux/terminal.h"
#include "util/util.h"

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

int term_connect(const char *path, const char *what, struct rt_err **err)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	_cleanup_close_ int fd = -1, dirfd = -1;
	_cleanup_free_ char *dir = NULL;
	const char *name = path;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return rt_err_set(err, errno, "%s '%s'", what, path);
	if (strlen(path) >= sizeof(addr.sun_path)) {
		/* Too long for sun_path: reach it through the directory's fd. */
		const char *slash = strrchr(path, '/');
		if (!slash)
			return rt_err_set(err, ENAMETOOLONG, "%s '%s'", what, path);
		dir = strndup(path, (size_t)(slash - path) + 1);
		dirfd = dir ? open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
		if (dirfd < 0)
			return rt_err_set(err, errno, "%s '%s'", what, path);
		name = slash + 1;
		snprintf(addr.sun_path, sizeof(addr.sun_path), "/proc/self/fd/%d/%s", dirfd, name);
		if (strlen(addr.sun_path) != strlen("/proc/self/fd/") + (size_t)snprintf(NULL, 0, "%d/%s", dirfd, name))
			return rt_err_set(err, ENAMETOOLONG, "%s '%s'", what, path);
	} else {
		memcpy(addr.sun_path, path, strlen(path) + 1);
	}
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		return rt_err_set(err, errno, "connect to %s '%s'", what, path);
	return TAKE_FD(fd);
}

int term_send_fd(int sock, int fd, const char *name, struct rt_err **err)
{
	ssize_t r = rt_send_fds(sock, name, strlen(name), &fd, 1);

	return r < 0 ? rt_err_set(err, (int)-r, "send terminal to console socket") : 0;
}

int term_send_fd_to(const char *path, const char *what, int fd, const char *name, struct rt_err **err)
{
	_cleanup_close_ int sock = term_connect(path, what, err);
	ssize_t r;

	if (sock < 0)
		return sock;
	r = rt_send_fds(sock, name, strlen(name), &fd, 1);
	return r < 0 ? rt_err_set(err, (int)-r, "send to %s '%s'", what, path) : 0;
}

int term_recv_fd(int sock, struct rt_err **err)
{
	char body[4096];
	size_t n;
	int fd;
	ssize_t r = rt_recv_fds(sock, body, sizeof(body), &fd, 1, &n);

	if (r < 0)
		return rt_err_set(err, (int)-r, "receive terminal");
	if (n == 0)
		return rt_err_set(err, EBADMSG, "receive terminal: no file descriptor");
	return fd;
}

int term_open_pty(const struct oci_box *size, int *ret_master, int *ret_slave, struct rt_err **err)
{
	_cleanup_close_ int master = -1;
	struct statfs sfs;
	struct stat st;
	int unlock = 0, slave;

	master = open("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC | O_NOFOLLOW);
	if (master < 0)
		return rt_err_set(err, errno, "open '/dev/pts/ptmx'");
	/* The container could have put anything at /dev/pts: insist on devpts's own ptmx (5:2). */
	if (fstatfs(master, &sfs) < 0 || sfs.f_type != DEVPTS_SUPER_MAGIC || fstat(master, &st) < 0 ||
	    !S_ISCHR(st.st_mode) || major(st.st_rdev) != 5 || minor(st.st_rdev) != 2)
		return rt_err_set(err, EPERM, "'/dev/pts/ptmx' is not a devpts ptmx");
	if (ioctl(master, TIOCSPTLCK, &unlock) < 0)
		return rt_err_set(err, errno, "unlock pty");
	slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0)
		return rt_err_set(err, errno, "open pty peer");
	if (size && (size->height || size->width)) {
		struct winsize ws = {.ws_row = (unsigned short)size->height, .ws_col = (unsigned short)size->width};
		(void)ioctl(slave, TIOCSWINSZ, &ws);
	}
	*ret_master = TAKE_FD(master);
	*ret_slave = slave;
	return 0;
}

int term_make_stdio(int slave, struct rt_err **err)
{
	if (ioctl(slave, TIOCSCTTY, 0) < 0)
		return rt_err_set(err, errno, "set controlling terminal");
	for (int i = 0; i < 3; i++)
		if (dup2(slave, i) < 0)
			return rt_err_set(err, errno, "terminal stdio");
	return 0;
}

/*
 * runc's fixStdioPermissions, narrowed: the stdio of the process about to become uid is
 * handed to uid (the owner only, as runc) so that it can reopen /dev/stdout, /dev/stderr
 * (/proc/self/fd/N): a pipe or socket a client (conmon, a containerd shim, a shell's `|`)
 * made is root's with mode 0600, and so is the pty rt made. Only those: anonymous pipes and
 * sockets, reachable through fds alone, and the pty of this process (own_pty). A file of the
 * caller's (a log, a FIFO on disk, the host's terminal) keeps its owner, unlike in runc: its
 * owner would be the container's user on the host too. /dev/null is skipped as in runc.
 * Refusals (an unmapped uid: EINVAL; an owner not mapped in the user namespace: EPERM;
 * EROFS) are ignored, as runc ignores them.
 */
int term_stdio_owner(uid_t uid, bool own_pty, struct rt_err **err)
{
	for (int fd = 0; fd < 3; fd++) {
		struct statfs sfs;
		struct stat st;
		bool mine;

		if (fstat(fd, &st) < 0 || st.st_uid == uid || fstatfs(fd, &sfs) < 0)
			continue;
		mine = sfs.f_type == PIPEFS_MAGIC || sfs.f_type == SOCKFS_MAGIC ||
		       (own_pty && sfs.f_type == DEVPTS_SUPER_MAGIC && S_ISCHR(st.st_mode));
		if (!mine)
			continue;
		if (fchown(fd, uid, (gid_t)-1) < 0 && errno != EINVAL && errno != EPERM && errno != EROFS)
			return rt_err_set(err, errno, "chown stdio fd %d to uid %u", fd, (unsigned)uid);
	}
	return 0;
}
