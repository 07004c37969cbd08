/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "libocispec/oci.h"
#include "util/err.h"

/*
 * CVE-2019-5736: while rt creates or joins a container, its processes in the container's
 * pid namespace have rt's binary as /proc/<pid>/exe. A container process allowed to open
 * that link (CAP_SYS_PTRACE) could keep an fd and, once rt exits, reopen it for writing
 * and replace the host's rt. selfexe_ensure_sealed() re-executes rt from a sealed memfd
 * copy (no write, grow or shrink, seals sealed), so that the exe link never reaches the
 * host file. It returns 0 at once when rt already runs from a sealed copy; otherwise it
 * only returns on failure.
 */
int selfexe_ensure_sealed(char **argv, struct rt_err **err);

/*
 * The argv rt was started with (main() records it), and the policy: the re-exec is only
 * needed when the container's processes may hold CAP_SYS_PTRACE; without it the kernel
 * refuses /proc/<pid>/exe of rt's non-dumpable children (verified by the S13 test), so
 * the common case pays nothing.
 */
extern char **selfexe_argv;
int selfexe_seal_if_ptrace(const struct oci_capabilities *caps, struct rt_err **err);
