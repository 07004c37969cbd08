/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The user process's attributes, prepared in rt (before clone, where errors are cheap
 * and name the config field) and applied in the init in three steps:
 *
 *   process_apply_early:    rlimits, oom_score_adj, scheduler, ioPriority, personality,
 *                           memoryPolicy, umask   (still root)
 *   process_apply_identity: LSM exec labels (apparmorProfile, selinuxLabel: see
 *                           linux/lsm.h), seccomp when noNewPrivileges is false (needs CAP_SYS_ADMIN),
 *                           bounding set, groups/gid/uid with keep-caps, capability sets,
 *                           ambient set, no_new_privs
 *   process_apply_late:     seccomp when noNewPrivileges is true (as late as possible),
 *                           right before execve
 */
#ifndef RT_LINUX_PROCESS_H
#define RT_LINUX_PROCESS_H

#include <stdbool.h>
#include <sys/types.h>

#include "libocispec/oci.h"
#include "util/err.h"

struct init_security;

/* Validates and compiles process + linux.seccomp/personality/memoryPolicy. */
int process_prepare(const struct oci_config *c, struct init_security **ret, struct rt_err **err);
void process_free(struct init_security *s);

int process_apply_early(struct init_security *s, struct rt_err **err);
int process_apply_identity(struct init_security *s, struct rt_err **err);
int process_apply_late(struct init_security *s, struct rt_err **err);
/*
 * process.execCPUAffinity, for `rt exec` only (runtime-spec: "not applicable to the
 * container's init process"): `initial` in rt itself before it clones the process into
 * the container's cgroup (the kernel keeps a mask set by sched_setaffinity across the
 * cpuset transition), `final` in the process after process_apply_identity.
 */
int process_apply_exec_affinity(const struct init_security *s, bool initial, struct rt_err **err);

/*
 * With an SCMP_ACT_NOTIFY rule: connects to linux.seccomp.listenerPath now, while the
 * caller still sees the host's paths, and keeps the container process state (runtime-spec:
 * ociVersion, fds ["seccompFd"], pid as the runtime sees it, metadata, state) to send with
 * the listener fd in one SCM_RIGHTS message as soon as the filter is loaded (then both are
 * closed). Without such a rule: nothing. The error names listenerPath.
 */
int process_seccomp_listener_connect(struct init_security *s, const struct oci_seccomp *sc, pid_t pid,
				     const char *state_json, struct rt_err **err);

/* process.selinuxLabel when set and non-empty, else NULL (the init's keycreate label). */
const char *process_selinux_label(const struct init_security *s);

#endif
