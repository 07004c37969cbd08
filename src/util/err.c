/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"

static struct rt_err rt_err_oom = {ENOMEM, (char *)"out of memory"};

int rt_err_setv(struct rt_err **err, int errnum, const char *fmt, va_list ap)
{
	int saved = errno, code = errnum > 0 ? -errnum : -EINVAL;
	struct rt_err *e;
	char *body = NULL, *full = NULL;

	if (!err || *err)
		goto out;
	if (vasprintf(&body, fmt, ap) < 0) {
		*err = &rt_err_oom;
		goto out;
	}
	if (errnum > 0) {
		if (asprintf(&full, "%s: %s", body, strerror(errnum)) < 0)
			full = NULL;
		free(body);
		body = full;
	}
	e = calloc(1, sizeof(*e));
	if (!e || !body) {
		free(e);
		free(body);
		*err = &rt_err_oom;
		goto out;
	}
	e->errnum = errnum > 0 ? errnum : 0;
	e->msg = body;
	*err = e;
out:
	errno = saved;
	return code;
}

int rt_err_set(struct rt_err **err, int errnum, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = rt_err_setv(err, errnum, fmt, ap);
	va_end(ap);
	return r;
}

int rt_err_wrap(struct rt_err **err, const char *fmt, ...)
{
	int saved = errno;
	char *ctx = NULL, *full = NULL;
	va_list ap;

	if (!err || !*err)
		return -EINVAL;
	if (*err != &rt_err_oom) {
		va_start(ap, fmt);
		if (vasprintf(&ctx, fmt, ap) >= 0 && asprintf(&full, "%s: %s", ctx, (*err)->msg) >= 0) {
			free((*err)->msg);
			(*err)->msg = full;
		}
		va_end(ap);
		free(ctx);
	}
	errno = saved;
	return rt_err_code(*err);
}

int rt_err_code(const struct rt_err *err)
{
	if (!err)
		return 0;
	return err->errnum > 0 ? -err->errnum : -EINVAL;
}

void rt_err_free(struct rt_err *err)
{
	if (!err || err == &rt_err_oom)
		return;
	free(err->msg);
	free(err);
}

void rt_err_freep(struct rt_err **err)
{
	if (err) {
		rt_err_free(*err);
		*err = NULL;
	}
}
