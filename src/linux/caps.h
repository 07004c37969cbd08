/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Process capabilities of the container process.
 *
 * Two phases. caps_prepare() runs in the runtime before any side effect (it is also
 * the create-time validation): it maps the "CAP_XXX" names of process.capabilities to
 * 64-bit masks and reports unknown names with the set they are in. The apply steps
 * run in the child between namespace set-up and execve: they use raw prctl(2) and
 * capset(2) only, allocate nothing and never print.
 *
 * Names are mapped by a built-in table (CAP_CHOWN .. CAP_CHECKPOINT_RESTORE, 0 .. 40).
 * Only a name or number past it goes to libcap (cap_from_name, cap_to_name), loaded on
 * first use (util/dl.h) when built with it (HAVE_CAP), so that a libcap that knows newer
 * capabilities than this table still maps them. Applying never needs libcap.
 *
 * Capabilities the name table knows but the running kernel does not (above
 * /proc/sys/kernel/cap_last_cap) are dropped with a warning at prepare time, as runc
 * does. An ambient capability that is not in both the permitted and the inheritable
 * set can never be raised; prepare warns and drops it (runc ignores it silently).
 *
 * The order inside the container's init, from the last namespace step to execve:
 *
 *   1. proc_attrs_apply()            rlimits, oom_score_adj, scheduler, ioprio, ... (still root)
 *   2. seccomp_apply()               ONLY when no_new_privileges is false: loading a filter
 *                                    without NNP needs CAP_SYS_ADMIN, so it happens while the
 *                                    process still holds every capability (as runc does)
 *   3. caps_apply_pre_setuid()       drop the bounding set (PR_CAPBSET_DROP needs CAP_SETPCAP),
 *                                    PR_SET_KEEPCAPS so permitted survives a non-zero uid
 *   4. proc_switch_user()            setgroups, setresgid, setresuid
 *   5. caps_apply_post_setuid()      capset(effective, permitted, inheritable), clear
 *                                    PR_SET_KEEPCAPS, then ambient: CLEAR_ALL + RAISE each
 *                                    (ambient needs the cap in permitted and inheritable,
 *                                    so it comes after capset)
 *   6. caps_set_no_new_privs()       when process.noNewPrivileges is true
 *   7. seccomp_apply()               when no_new_privileges is true: as late as possible, so
 *                                    the profile need not allow the init's own syscalls
 *   8. execve()
 *
 * When process.capabilities is absent (caps_prepare(NULL)), every set is empty, the
 * bounding set included (as runc and crun): the process gets no capability.
 */
#ifndef RT_LINUX_CAPS_H
#define RT_LINUX_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libocispec/oci.h"
#include "util/err.h"

/* Ready-to-apply capability sets: bit n = capability n. */
struct rt_caps {
	bool configured; /* the sets are to be applied (always, once prepared) */
	int last_cap;	 /* of the running kernel */
	uint64_t bounding;
	uint64_t effective;
	uint64_t permitted;
	uint64_t inheritable;
	uint64_t ambient;
};

/*
 * Fills *ret from c (NULL: every set empty). Errors name the set and the value:
 * "process.capabilities.bounding: unknown capability 'CAP_FOO'". No side effects.
 */
int caps_prepare(const struct oci_capabilities *c, struct rt_caps *ret, struct rt_err **err);

/* caps_prepare() into a throw-away value: the create-time check. */
int caps_validate(const struct oci_capabilities *c, struct rt_err **err);

/*
 * `exec --cap X`: adds each name to the bounding, effective and permitted sets only,
 * never to inheritable or ambient (CVE-2022-29162: an inheritable cap would reach
 * file-capability programs run by a non-root user). Marks the sets configured.
 */
int caps_add_exec_caps(struct rt_caps *caps, char *const *names, size_t n, struct rt_err **err);

/* Maps one "CAP_XXX" name to its number; -EINVAL if unknown (no *err message). */
int caps_from_name(const char *name, int *ret);

/* Step 3 above: bounding set drop, then PR_SET_KEEPCAPS. */
int caps_apply_pre_setuid(const struct rt_caps *caps, struct rt_err **err);

/* Step 5 above: capset, PR_SET_KEEPCAPS off, ambient. */
int caps_apply_post_setuid(const struct rt_caps *caps, struct rt_err **err);

/* prctl(PR_SET_NO_NEW_PRIVS, 1). */
int caps_set_no_new_privs(struct rt_err **err);

/* The kernel's last capability (/proc/sys/kernel/cap_last_cap), or the build's. */
int caps_last_cap(void);

/* All capability names this build knows, "CAP_CHOWN" ..., NULL-terminated (`rt features`). */
int caps_list_known(char ***ret, struct rt_err **err);

#endif
