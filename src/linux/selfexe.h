/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

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
