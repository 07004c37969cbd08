/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Linux security modules: AppArmor profiles and SELinux labels for the container.
 *
 * What the runtime-spec asks for and where rt does it:
 *
 *   process.apparmorProfile   change_onexec: "exec <profile>" written to
 *   (exec --apparmor)         /proc/thread-self/attr/apparmor/exec (Linux >= 5.8), or the
 *                             shared attr/exec on older kernels; the profile takes effect
 *                             at the execve of the user process.
 *   process.selinuxLabel      the label written to /proc/thread-self/attr/exec (what
 *   (exec --process-label)    setexeccon(3) does), effective at execve; and, for create
 *                             and run, to attr/keycreate before the init joins its new
 *                             session keyring, so the keyring carries the label.
 *   linux.mountLabel          context="<label>" on the filesystems the config mounts
 *                             (tmpfs, devpts, ...), not on binds, proc, sysfs, cgroup or
 *                             mqueue, and not where the mount already names a context
 *                             (context=, fscontext=, defcontext=, rootcontext=). mqueue
 *                             shares its superblock with the ipc namespace's internal
 *                             mount, so its root is relabelled (security.selinux xattr)
 *                             after the mount instead. On a v1 host the tmpfs that holds
 *                             the cgroup hierarchies gets context= too; so does the
 *                             read-only tmpfs masking a directory of maskedPaths.
 *
 * Every /proc write goes through the verified procfs (src/fs/procfs.h). The exec labels
 * are written while the init is still root with all capabilities and before
 * no_new_privs and seccomp (AppArmor restricts transitions under no_new_privs; a seccomp
 * profile may forbid the write), and only take effect at execve, so nothing rt does
 * before the execve is confined by them.
 *
 * A non-empty label on a host without that LSM is an error at validation time, naming
 * the field: "process.apparmorProfile 'foo': AppArmor is not enabled on this host".
 * Empty labels are the same as absent ones.
 */
#ifndef RT_LINUX_LSM_H
#define RT_LINUX_LSM_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

enum lsm_kind {
	LSM_APPARMOR,
	LSM_SELINUX,
};

/*
 * AppArmor: /sys/module/apparmor/parameters/enabled reads "Y" and the process has an
 * AppArmor exec attribute. SELinux: is_selinux_enabled() (false without libselinux).
 * Cached after the first call.
 */
bool lsm_enabled(enum lsm_kind kind);
/* Test hook: forget the cached answers; force >= 0 pins both to that value. */
void lsm_reset(int force);

/* "AppArmor", "SELinux". */
const char *lsm_name(enum lsm_kind kind);

/*
 * Refuses a non-empty label when the LSM is not enabled, naming the field ("process.
 * apparmorProfile", "--apparmor"). A NULL or empty label is accepted. Labels holding a
 * newline are refused (the kernel would take only the first line).
 */
int lsm_check_label(enum lsm_kind kind, const char *field, const char *label, struct rt_err **err);

/* The labels a process gets at execve (either may be NULL: nothing to do). */
struct lsm_exec {
	char *apparmor_profile;
	char *selinux_label;
};

/* Copies the non-empty labels into l after lsm_check_label on each. */
int lsm_exec_prepare(struct lsm_exec *l, const char *apparmor_profile, const char *selinux_label,
		     const char *field_prefix, struct rt_err **err);
void lsm_exec_clear(struct lsm_exec *l);

/* In the process that will execve: writes the exec attributes. No-op for empty labels. */
int lsm_exec_apply(const struct lsm_exec *l, struct rt_err **err);

/* Writes the SELinux key creation label (attr/keycreate). No-op for an empty label. */
int lsm_set_keycreate(const char *label, struct rt_err **err);

/*
 * Mount labels, pure. Whether linux.mountLabel applies to a mount of fstype (NULL for
 * binds) with these options: a new superblock of a filesystem other than proc, sysfs,
 * cgroup, cgroup2, mqueue, and no *context= option already.
 */
bool lsm_mount_label_applies(const char *fstype, char *const *options, size_t n);
/* Whether the mount root of fstype is relabelled after the mount instead (mqueue). */
bool lsm_mount_label_relabels(const char *fstype);
/* The mount(2) data option: context="<label>" (quoted: MCS labels hold commas). NULL on ENOMEM. */
char *lsm_mount_context_option(const char *label);
/* Sets the SELinux label of the file open at fd (a directory, not O_PATH). */
int lsm_relabel_fd(int fd, const char *label, struct rt_err **err);

#endif
