/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Scope-bound cleanup. Every cleanup function accepts NULL / -1 and preserves errno.
 * TAKE_PTR / TAKE_FD hand ownership out of a scope.
 */
#ifndef RT_UTIL_CLEANUP_H
#define RT_UTIL_CLEANUP_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <dirent.h>

static inline void rt_freep(void *p)
{
	int saved = errno;
	free(*(void **)p);
	errno = saved;
}

static inline void rt_closep(int *fd)
{
	int saved = errno;
	if (*fd >= 0)
		close(*fd);
	errno = saved;
}

static inline void rt_fclosep(FILE **f)
{
	int saved = errno;
	if (*f)
		fclose(*f);
	errno = saved;
}

static inline void rt_closedirp(DIR **d)
{
	int saved = errno;
	if (*d)
		closedir(*d);
	errno = saved;
}

/* Frees a NULL-terminated vector of strings and the vector. */
static inline void rt_strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

static inline void rt_strv_freep(char ***v)
{
	int saved = errno;
	rt_strv_free(*v);
	errno = saved;
}

#define _cleanup_free_ __attribute__((cleanup(rt_freep)))
#define _cleanup_close_ __attribute__((cleanup(rt_closep)))
#define _cleanup_fclose_ __attribute__((cleanup(rt_fclosep)))
#define _cleanup_closedir_ __attribute__((cleanup(rt_closedirp)))
#define _cleanup_strv_ __attribute__((cleanup(rt_strv_freep)))

#define TAKE_PTR(p)                                                                                                    \
	({                                                                                                             \
		__typeof__(p) _tp_tmp = (p);                                                                           \
		(p) = NULL;                                                                                            \
		_tp_tmp;                                                                                               \
	})

#define TAKE_FD(fd)                                                                                                    \
	({                                                                                                             \
		int _tf_tmp = (fd);                                                                                    \
		(fd) = -1;                                                                                             \
		_tf_tmp;                                                                                               \
	})

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
