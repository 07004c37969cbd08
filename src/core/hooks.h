/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * OCI hooks: each runs with its args and env, the container state JSON on stdin, and its
 * timeout enforced (SIGKILL on expiry). A hook that does not read stdin cannot hurt rt
 * (EPIPE on the state write is ignored).
 */
#ifndef RT_CORE_HOOKS_H
#define RT_CORE_HOOKS_H

#include <stdbool.h>
#include <stddef.h>

#include "libocispec/oci.h"
#include "util/err.h"

/*
 * Runs hooks[0..n) in order, stopping at the first failure, which becomes an error
 * naming the kind, the index and the path: "prestart hook #0 '/bin/false': exit status 1".
 */
int hooks_run(const char *kind, const struct oci_hook *hooks, size_t n, const char *state_json, struct rt_err **err);

/*
 * poststart/poststop: every hook runs even when one fails; each failure is logged as a
 * warning (runtime-spec: "the remaining hooks and lifecycle continue").
 */
void hooks_run_warn(const char *kind, const struct oci_hook *hooks, size_t n, const char *state_json);

/*
 * Where to note the running hook's process group ("hook.pgid" in the container's state
 * dir), so that `delete --force` can kill a hook and everything it started after rt was
 * killed mid-hook. -1 (default): not noted.
 */
void hooks_track_dir(int dirfd);
/*
 * Runtime-namespace hooks (prestart, createRuntime, poststart, poststop) run with the
 * bundle as their working directory and, when a hook gives no env, rt's own environment,
 * as runc and crun run them. NULL (default; the init sets it for createContainer and
 * startContainer): the hook's env only, an empty one when it gives none; cwd unchanged.
 * bundle must outlive the hooks run.
 */
void hooks_runtime_ns(const char *bundle);
/* Kills the process group noted in dirfd, if any, and forgets it; true when there was one. */
bool hooks_kill_noted(int dirfd);

#endif
