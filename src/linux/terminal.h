/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Terminals: the --console-socket protocol (the pty master travels in one SCM_RIGHTS
 * message) and pty allocation inside the container's own devpts.
 */
#ifndef RT_LINUX_TERMINAL_H
#define RT_LINUX_TERMINAL_H

#include <stdbool.h>
#include <sys/types.h>

#include "libocispec/oci.h"
#include "util/err.h"

/* Connects a SOCK_STREAM unix socket to path (any length); errors call it `what`. Returns the fd. */
int term_connect(const char *path, const char *what, struct rt_err **err);
/* Sends fd over sock with `name` as the message body, in one SCM_RIGHTS message. */
int term_send_fd(int sock, int fd, const char *name, struct rt_err **err);
/*
 * term_connect + term_send_fd + close: runc's --pidfd-socket protocol (the process's
 * pidfd, with "standard" for a container's init and "setns" for an exec'd process).
 */
int term_send_fd_to(const char *path, const char *what, int fd, const char *name, struct rt_err **err);
/* Receives one fd from sock (tests and the foreground terminal relay). */
int term_recv_fd(int sock, struct rt_err **err);

/*
 * Opens a new pty in the devpts mounted at /dev/pts of the current root (called after
 * pivot_root): the master from /dev/pts/ptmx, verified to be devpts, the slave through
 * TIOCGPTPEER (never by a path the container could swap). Sets the size when given.
 */
int term_open_pty(const struct oci_box *size, int *ret_master, int *ret_slave, struct rt_err **err);

/* (The slave is bound over /dev/console by rootfs_console(), with the other /dev work.) */

/* Makes the slave the controlling terminal and stdio of the calling process (after setsid). */
int term_make_stdio(int slave, struct rt_err **err);

/*
 * Before the switch to process.user: stdio that is an anonymous pipe or socket, or (own_pty)
 * the pty made for this process, is chowned to uid (owner only), so that the user can
 * reopen /dev/stdout. See terminal.c for what is left alone.
 */
int term_stdio_owner(uid_t uid, bool own_pty, struct rt_err **err);

#endif
