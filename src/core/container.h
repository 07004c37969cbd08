/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The container lifecycle, as the CLI sees it. Every function validates its input,
 * does its work, and returns 0 or a negative errno with *err set; none prints.
 */
#ifndef RT_CORE_CONTAINER_H
#define RT_CORE_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "libocispec/oci.h"
#include "util/err.h"

struct rt_create_opts {
	const char *root;
	const char *id;
	const char *bundle;	    /* NULL = current directory */
	const char *config_name;    /* NULL = "config.json" */
	const char *pid_file;	    /* NULL = none */
	const char *console_socket; /* NULL = none */
	const char *pidfd_socket;   /* NULL = none; gets the init's pidfd (SCM_RIGHTS, "standard") */
	int preserve_fds;
	int listen_fds; /* of the preserved fds, how many came from LISTEN_FDS */
	bool no_pivot;
	bool no_new_keyring;
	const char *cgroup_manager; /* NULL/"cgroupfs", "systemd", "disabled" */
};

int rt_container_create(const struct rt_create_opts *o, struct rt_err **err);
int rt_container_start(const char *root, const char *id, struct rt_err **err);

/*
 * create + start. Detached: returns once the process runs. Foreground: forwards
 * signals, waits, deletes the container unless keep, and sets *ret_exit to the
 * process's exit code (128+signal when killed).
 */
int rt_container_run(const struct rt_create_opts *o, bool detach, bool keep, int *ret_exit, struct rt_err **err);

int rt_container_kill(const char *root, const char *id, int sig, bool all, struct rt_err **err);
int rt_container_delete(const char *root, const char *id, bool force, struct rt_err **err);

/* The state object of one container (status computed now). */
int rt_container_state(const char *root, const char *id, struct oci_state **ret, struct rt_err **err);

/*
 * Every container under root, sorted by id; ids whose state cannot be read are skipped.
 * Annotations live in each stored config: read only when with_annotations.
 */
int rt_container_list(const char *root, bool with_annotations, struct oci_state ***ret, size_t *ret_len,
		      struct rt_err **err);

/* Parses a signal: number, name, or name without SIG ("9", "SIGKILL", "kill"). */
int rt_signal_parse(const char *s, int *ret);

#endif
