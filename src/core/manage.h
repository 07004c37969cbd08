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

/*
 * `rt events`: a watch on a container. rt_events_wait() blocks up to timeout_ms and
 * returns RT_EV_OOM (*ret_count new OOM events), RT_EV_TIMEOUT or RT_EV_STOPPED (the
 * init exited: its pidfd polled readable, or it was already gone). OOM comes from the
 * cgroup's notification fd (cg_oom_watch_*); without one, from the oom_kill counter
 * compared at each wake-up.
 */
enum { RT_EV_TIMEOUT, RT_EV_OOM, RT_EV_STOPPED };
struct rt_events;
int rt_events_open(const char *root, const char *id, struct rt_events **ret, struct rt_err **err);
int rt_events_wait(struct rt_events *e, long timeout_ms, unsigned *ret_count, struct rt_err **err);
/* The init was running when the watch was opened. */
bool rt_events_running(const struct rt_events *e);
int rt_events_stats(struct rt_events *e, struct cg_stats *ret, struct rt_err **err);
/* What runc prints besides (cg_stats_detail); free with cg_detail_free. */
void rt_events_detail(struct rt_events *e, struct cg_detail *ret);
void rt_events_free(struct rt_events *e);

#endif
