/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pause, resume, ps and update: container commands that go through the cgroup. */
#ifndef RT_CORE_MANAGE_H
#define RT_CORE_MANAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "cgroup/cgroup.h"
#include "libocispec/oci.h"
#include "util/err.h"

/* pause (freeze) or resume (thaw); errors when the container is not in the right state. */
int rt_container_pause(const char *root, const char *id, bool pause, struct rt_err **err);
/* Host pids of every process in the container's cgroup. */
int rt_container_pids(const char *root, const char *id, pid_t **ret, size_t *n, struct rt_err **err);
/* Applies resources live and merges them into the stored config. */
int rt_container_update(const char *root, const char *id, const struct oci_resources *r, struct rt_err **err);

/* The cgroup's statistics; *alive tells whether the init still runs. */
int rt_container_stats(const char *root, const char *id, struct cg_stats *ret, bool *alive, struct rt_err **err);

#endif
