/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The container's seccomp filter (linux.seccomp).
 *
 * (Named seccomp_profile.h, not seccomp.h: with -I src, "linux/seccomp.h" would shadow
 * the kernel's <linux/seccomp.h>, which libseccomp's own header includes.)
 *
 * seccomp_prepare() runs in the runtime before any side effect (it is the create-time
 * validation too): libseccomp compiles the profile into a classic BPF program, which
 * is exported into memory; the context is released right away. seccomp_apply() runs
 * in the child and is a single seccomp(SECCOMP_SET_MODE_FILTER) syscall on that
 * program: no allocation, no libseccomp. Loading the program ourselves is what lets
 * every kernel filter flag work whatever libseccomp supports (libseccomp 2.5.4 has no
 * attribute for SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV).
 *
 * Profile semantics:
 *  - actions: SCMP_ACT_ALLOW, SCMP_ACT_ERRNO (errnoRet, default EPERM; defaultErrnoRet
 *    for the default action), SCMP_ACT_KILL (= KILL_THREAD), SCMP_ACT_KILL_THREAD,
 *    SCMP_ACT_KILL_PROCESS, SCMP_ACT_TRAP, SCMP_ACT_TRACE (errnoRet is the tracer's
 *    message, default EPERM), SCMP_ACT_LOG, SCMP_ACT_NOTIFY. errnoRet on any other
 *    action is an error.
 *  - syscall names libseccomp does not know are skipped (rt_debug); a rule whose action
 *    is the default action is skipped (libseccomp refuses it and it changes nothing).
 *  - args: all of one rule must match (AND). When two conditions name the same argument
 *    index, each condition becomes a rule of its own (OR), as runc does, because
 *    libseccomp cannot express two conditions on one argument in one rule.
 *    For SCMP_CMP_MASKED_EQ, `value` is the mask and `valueTwo` the datum, in the order
 *    libseccomp's SCMP_CMP(arg, op, datum_a, datum_b) takes them (runc passes them the
 *    same way): the rule matches when (arg & value) == valueTwo.
 *  - architectures: "SCMP_ARCH_X86_64" ... are added to the native one; a name this
 *    libseccomp does not support is skipped with a warning, a name that is no OCI
 *    architecture is an error.
 *  - flags: SECCOMP_FILTER_FLAG_TSYNC, _LOG, _SPEC_ALLOW, _WAIT_KILLABLE_RECV are passed
 *    to the kernel; prepare refuses one the running kernel does not support.
 *    WAIT_KILLABLE_RECV only means something with a listener: without any NOTIFY action
 *    it is dropped with a warning.
 *
 * ENOSYS for syscalls newer than the profile (the runc approach): when the default
 * action denies (ERRNO, KILL*, TRAP), a short BPF prefix is put in front of the
 * libseccomp program which, for each architecture of the filter, returns
 * ERRNO(ENOSYS) for syscall numbers above the highest number the profile names for
 * that architecture. A libc then sees "not implemented" for a syscall the profile
 * author never heard of (clone3, openat2, ...) and falls back (clone3 -> clone)
 * instead of failing with EPERM. x32 syscall numbers (bit 30 on x86_64) never get the
 * prefix's ENOSYS; they are left to the libseccomp program.
 */
#ifndef RT_LINUX_SECCOMP_PROFILE_H
#define RT_LINUX_SECCOMP_PROFILE_H

#include <stdbool.h>

#include "libocispec/oci.h"
#include "util/err.h"

struct rt_seccomp;

/*
 * Compiles s (NULL = no seccomp: *ret = NULL and 0). Errors name the field:
 * "linux.seccomp.syscalls[2].action: unknown action 'SCMP_ACT_FOO'". Builds without
 * libseccomp refuse a non-NULL profile ("rt was built without libseccomp").
 */
int seccomp_prepare(const struct oci_seccomp *s, struct rt_seccomp **ret, struct rt_err **err);

/* seccomp_prepare() and throw the result away: the create-time check. */
int seccomp_validate(const struct oci_seccomp *s, struct rt_err **err);

void rt_seccomp_free(struct rt_seccomp *s);

/* True when some action (or the default) is SCMP_ACT_NOTIFY: apply returns a listener. */
bool seccomp_uses_notify(const struct rt_seccomp *s);

/* Number of BPF instructions (prefix included); for tests and debugging. */
unsigned int seccomp_program_len(const struct rt_seccomp *s);

/*
 * Loads the filter into the calling thread (s NULL: nothing). Without no_new_privs
 * this needs CAP_SYS_ADMIN (see the order in linux/caps.h). *ret_listener_fd is the
 * notification listener (O_CLOEXEC) when seccomp_uses_notify(), else -1; the caller
 * sends it to linux.seccomp.listenerPath with seccomp_listener_send().
 */
int seccomp_apply(const struct rt_seccomp *s, int *ret_listener_fd, struct rt_err **err);

/*
 * The listener protocol, as runc's: connect to the unix socket at listener_path
 * (linux.seccomp.listenerPath; the connected socket, O_CLOEXEC, or -errno), then send
 * state_json (the container process state) with fd attached as SCM_RIGHTS. Connected early
 * (the path is a host path), sent once the filter is loaded.
 */
int seccomp_listener_connect(const char *listener_path, struct rt_err **err);
int seccomp_listener_send(int sock, int fd, const char *state_json, struct rt_err **err);

/* What `rt features` reports under linux.seccomp. */
struct rt_seccomp_features {
	bool enabled;
	char **actions; /* known to this build and available in the kernel */
	char **operators;
	char **archs;		/* OCI names this libseccomp supports */
	char **known_flags;	/* flags this build knows */
	char **supported_flags; /* of those, the ones the running kernel accepts */
	char version[32];	/* the loaded libseccomp's, "" when it is not loaded */
};

int seccomp_features(struct rt_seccomp_features *ret, struct rt_err **err);
void seccomp_features_done(struct rt_seccomp_features *f);

#endif
