/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Per-process attributes of the container process: rlimits, oom_score_adj, scheduler,
 * I/O priority, personality, CPU affinity, NUMA memory policy, umask, and the user
 * switch (additional gids, gid, uid).
 *
 * Two phases, like linux/caps.h. proc_attrs_prepare() turns process.* and linux.*
 * into a ready-to-apply struct without side effects; it is the create-time check for
 * every attribute (proc_attrs_validate() runs it and throws the result away). Errors
 * name the config field: "process.rlimits[1].type: unknown rlimit 'RLIMIT_FOO'".
 * The apply functions run in the child, allocate nothing and never print; they
 * return an error naming what failed ("setrlimit RLIMIT_NOFILE (soft 4096, hard
 * 40000): Operation not permitted").
 *
 * Order (see linux/caps.h for the whole sequence); execCPUAffinity only for `rt exec`:
 *   proc_apply_affinity(a, true)   execCPUAffinity.initial: in rt, before it clones the
 *                                  process into the container's cgroup
 *   ... cgroup join, namespaces, rootfs ...
 *   proc_attrs_apply(a)            rlimits, oom_score_adj, scheduler, ioPriority,
 *                                  memoryPolicy, personality, umask, in that order, while
 *                                  still root: raising a hard rlimit, lowering
 *                                  oom_score_adj and real-time policies need capabilities
 *   caps_apply_pre_setuid(); proc_switch_user(); caps_apply_post_setuid()
 *   proc_apply_affinity(a, false)  execCPUAffinity.final: after the user switch
 *
 * execCPUAffinity is applied as given at those two points: when `final` is absent the
 * affinity stays what `initial` (or the cgroup's cpuset) left; rt does not reset it to
 * the cgroup's cpuset itself.
 */
#ifndef RT_LINUX_PROCESS_ATTRS_H
#define RT_LINUX_PROCESS_ATTRS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "libocispec/oci.h"
#include "util/err.h"

struct proc_attrs;

/* p and l may be NULL. *ret is always set (an empty struct when nothing is configured). */
int proc_attrs_prepare(const struct oci_process *p, const struct oci_linux *l, struct proc_attrs **ret,
		       struct rt_err **err);
int proc_attrs_validate(const struct oci_process *p, const struct oci_linux *l, struct rt_err **err);
void proc_attrs_free(struct proc_attrs *a);

/* Everything but the affinity and the user switch, in the order above. */
int proc_attrs_apply(const struct proc_attrs *a, struct rt_err **err);

/* The single steps of proc_attrs_apply(), each a no-op when not configured. */
int proc_apply_rlimits(const struct proc_attrs *a, struct rt_err **err);
int proc_apply_oom_score_adj(const struct proc_attrs *a, struct rt_err **err);
int proc_apply_scheduler(const struct proc_attrs *a, struct rt_err **err);
int proc_apply_ioprio(const struct proc_attrs *a, struct rt_err **err);
int proc_apply_mempolicy(const struct proc_attrs *a, struct rt_err **err);
int proc_apply_personality(const struct proc_attrs *a, struct rt_err **err);
void proc_apply_umask(const struct proc_attrs *a);
/* execCPUAffinity.initial (initial = true) or .final. */
int proc_apply_affinity(const struct proc_attrs *a, bool initial, struct rt_err **err);

/*
 * setgroups(gids), setresgid(gid), setresuid(uid). setgroups failing with EPERM while
 * asking for no groups is ignored: a user namespace with /proc/PID/setgroups "deny".
 * With capabilities configured, call it between caps_apply_pre_setuid() and
 * caps_apply_post_setuid().
 */
int proc_switch_user(uid_t uid, gid_t gid, const gid_t *gids, size_t n, struct rt_err **err);

/* "RLIMIT_NOFILE" -> RLIMIT_NOFILE; -EINVAL if unknown. */
int proc_rlimit_from_name(const char *name, int *ret);
/* The name of an RLIMIT_* value, or NULL. */
const char *proc_rlimit_name(int resource);

/* linux.memoryPolicy modes and flags this build knows (`rt features`). */
extern const char *const proc_mempolicy_mode_names[];
extern const size_t proc_mempolicy_mode_names_len;
extern const char *const proc_mempolicy_flag_names[];
extern const size_t proc_mempolicy_flag_names_len;

#endif
