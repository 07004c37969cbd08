/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the cgroup module's files; not part of its API. */
#ifndef RT_CGROUP_INTERNAL_H
#define RT_CGROUP_INTERNAL_H

#include "util/err.h"

/*
 * An error about input: the message carries no strerror suffix, but the returned code
 * (and rt_err_code) is -code, so callers can still tell EINVAL from EOPNOTSUPP.
 */
int cg_input_err(struct rt_err **err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
