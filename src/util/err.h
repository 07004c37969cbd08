/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Error values travelling up the call chain.
 *
 * A fallible function returns int (>= 0 success, negative errno on failure) or a
 * pointer (NULL on failure) and takes `struct rt_err **err` as its last argument.
 * The error is created where the failure happens, with rt_err_set(), and may be
 * given context on the way up with rt_err_wrap(). Only main() prints it.
 */
#ifndef RT_UTIL_ERR_H
#define RT_UTIL_ERR_H

#include <stdarg.h>

struct rt_err {
	int errnum; /* errno of the root cause, 0 if none */
	char *msg;  /* full text, already holding strerror(errnum) when errnum != 0 */
};

/*
 * Sets *err (if err and *err is NULL: the first error wins) to the formatted
 * message followed by ": strerror(errnum)" when errnum > 0. Returns -errnum, or
 * -EINVAL when errnum is 0, so callers can `return rt_err_set(...)`.
 * errno is preserved.
 */
int rt_err_set(struct rt_err **err, int errnum, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int rt_err_setv(struct rt_err **err, int errnum, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));

/* Prepends "<formatted>: " to an existing error. Returns -errnum (or -EINVAL). */
int rt_err_wrap(struct rt_err **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Returns -errnum of *err, -EINVAL when it has none, 0 when there is no error. */
int rt_err_code(const struct rt_err *err);

void rt_err_free(struct rt_err *err);
void rt_err_freep(struct rt_err **err);
#define _cleanup_err_ __attribute__((cleanup(rt_err_freep)))

#endif
