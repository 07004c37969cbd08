/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "linux/tty_relay.h"
#include "util/util.h"

static void copy_winsize(int master)
{
	struct winsize ws;

	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
		(void)ioctl(master, TIOCSWINSZ, &ws);
}

/* Copies what is readable from `from` to `to`; returns false on EOF or error. */
static bool pump(int from, int to)
{
	char buf[8192];
	ssize_t n = read(from, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0)
		return false;
	return rt_write_all(to, buf, (size_t)n) == 0;
}

static void drain(int master)
{
	fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
	while (pump(master, STDOUT_FILENO)) {
		struct pollfd p = {.fd = master, .events = POLLIN};
		if (poll(&p, 1, 0) <= 0)
			break;
	}
}

int tty_relay(int master, pid_t pid, int pidfd, const sigset_t *fwd, bool keep_size, int *ret_exit, struct rt_err **err)
{
	struct termios saved, raw;
	bool restore = false, in_open = true;
	int sfd = signalfd(-1, fwd, SFD_CLOEXEC), status;

	if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0) {
		raw = saved;
		cfmakeraw(&raw);
		restore = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
	}
	if (!keep_size)
		copy_winsize(master);
	for (;;) {
		struct pollfd p[4] = {
			{.fd = pidfd, .events = POLLIN},
			{.fd = master, .events = POLLIN},
			{.fd = in_open ? STDIN_FILENO : -1, .events = POLLIN},
			{.fd = sfd, .events = POLLIN},
		};
		if (poll(p, 4, -1) < 0 && errno != EINTR)
			break;
		if (p[1].revents & POLLIN)
			pump(master, STDOUT_FILENO);
		if (p[2].revents & (POLLIN | POLLHUP))
			in_open = pump(STDIN_FILENO, master);
		if (p[3].revents & POLLIN) {
			struct signalfd_siginfo si;
			if (read(sfd, &si, sizeof(si)) == sizeof(si)) {
				if (si.ssi_signo == SIGWINCH)
					copy_winsize(master);
				else if (si.ssi_signo != SIGCHLD)
					syscall(SYS_pidfd_send_signal, pidfd, si.ssi_signo, NULL, 0);
			}
		}
		if (p[0].revents)
			break;
		if (p[1].revents & (POLLHUP | POLLERR) && !(p[1].revents & POLLIN))
			break; /* every slave closed: the process is on its way out */
	}
	drain(master);
	if (restore)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	if (sfd >= 0)
		close(sfd);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return rt_err_set(err, errno, "wait for container process");
	*ret_exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return 0;
}
