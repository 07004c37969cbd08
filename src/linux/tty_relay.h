/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The foreground terminal: `rt run` / `rt exec -t` without --console-socket. rt holds the
 * pty master, puts the caller's terminal in raw mode (restored on every exit path),
 * copies input and output both ways, propagates the window size (at start and on
 * SIGWINCH) and forwards other signals to the container process.
 */
#ifndef RT_LINUX_TTY_RELAY_H
#define RT_LINUX_TTY_RELAY_H

#include <signal.h>
#include <sys/types.h>

#include "util/err.h"

/*
 * Relays until the process (pid, pidfd: our child) exits, then reaps it. fwd: the signals
 * the caller has blocked for forwarding (SIGWINCH is handled here). *ret_exit: exit code
 * or 128+signal. keep_size: the master already has the size the config asked for.
 */
int tty_relay(int master, pid_t pid, int pidfd, const sigset_t *fwd, bool keep_size, int *ret_exit,
	      struct rt_err **err);

#endif
