/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rt exec: a new process inside a running container. */
#ifndef RT_CORE_EXEC_H
#define RT_CORE_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct rt_exec_opts {
	const char *root;
	const char *id;
	const char *process_file; /* --process FILE ("-" = stdin): the whole process JSON */
	char *const *args;	  /* the command, when no --process */
	size_t args_len;
	char *const *env;  /* --env, merged into the container's env */
	char *const *caps; /* --cap: added to bounding, effective, permitted */
	const char *cwd;
	const char *user; /* UID[:GID] */
	uint32_t *additional_gids;
	size_t additional_gids_len;
	bool tty;
	bool no_new_privs;
	bool detach;
	bool ignore_paused;
	int preserve_fds;
	const char *pid_file;
	const char *console_socket;
	const char *pidfd_socket;  /* NULL = none; gets the process's pidfd (SCM_RIGHTS, "setns") */
	const char *apparmor;	   /* --apparmor: process.apparmorProfile ("" = none) */
	const char *process_label; /* --process-label: process.selinuxLabel ("" = none) */
	char *const *cgroups;	   /* --cgroup specs (NULL-terminated; see cg_sub_plan), or NULL */
};

/*
 * Runs the process. Detached: returns once it has exec'd (pid file written). Else
 * waits, forwarding signals, with *ret_exit = exit code or 128+signal.
 */
int rt_container_exec(const struct rt_exec_opts *o, int *ret_exit, struct rt_err **err);

#endif
