/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Lazily loaded optional libraries.
 *
 * libsystemd (the systemd cgroup manager) and libselinux (SELinux labels) are needed by few
 * containers, but as DT_NEEDED entries they would be mapped, relocated and initialised on
 * every rt call: libsystemd alone pulls in libgcrypt, liblzma, libzstd, liblz4 and
 * libgpg-error, and libselinux runs a constructor that probes selinuxfs. Instead, a module
 * that uses one declares a table of function pointers and loads it on first use:
 *
 *	static const char *const names[] = {"sd_bus_open_system", ...};
 *	static void *ptrs[ARRAY_SIZE(names)];
 *	r = rt_dl_load("libsystemd.so.0", names, ptrs, ARRAY_SIZE(names), err);
 *
 * A static build (--enable-static-pie) cannot dlopen; there the caller links the library
 * statically and fills the table with the symbols' addresses instead (RT_DL_STATIC).
 */
#ifndef RT_UTIL_DL_H
#define RT_UTIL_DL_H

#include <stddef.h>

#include "util/err.h"

/*
 * Opens soname (RTLD_NOW | RTLD_LOCAL, once per process) and resolves every name into ptrs.
 * Idempotent: later calls return 0 at once. Error: "cannot load 'libx.so.1': <dlerror>" or
 * "'libx.so.1' has no symbol 'f'", -ENOENT / -ENOSYS; nothing stays loaded.
 */
int rt_dl_load(const char *soname, const char *const *names, void **ptrs, size_t n, struct rt_err **err);

/*
 * The table of one library in a .c file, from an X-macro list of its functions:
 *
 *	#define SCMP_FUNCS(X) X(seccomp_init) X(seccomp_release)
 *	RT_DL_TABLE(SCMP_FUNCS);      -> rt_dl_names[], rt_dl_fn[], RT_DL_N
 *	#define seccomp_init RT_DL_FN(seccomp_init)   (after the table: calls go through it)
 *	r = rt_dl_load("libseccomp.so.2", rt_dl_names, rt_dl_fn, RT_DL_N, err);
 *
 * In a static PIE the pointers start out as the functions' addresses (linked in).
 */
#define RT_DL_X_INDEX(f) RT_DL_I_##f,
#define RT_DL_X_NAME(f) #f,
#define RT_DL_X_ADDR(f) (void *)f,
#ifdef RT_STATIC_PIE
#define RT_DL_INIT(FUNCS) = {FUNCS(RT_DL_X_ADDR)}
#else
#define RT_DL_INIT(FUNCS)
#endif
#define RT_DL_TABLE(FUNCS)                                                                                             \
	enum { FUNCS(RT_DL_X_INDEX) RT_DL_N };                                                                         \
	static const char *const rt_dl_names[RT_DL_N] = {FUNCS(RT_DL_X_NAME)};                                         \
	static void *rt_dl_fn[RT_DL_N] RT_DL_INIT(FUNCS)
#define RT_DL_FN(f) ((__typeof__(&f))rt_dl_fn[RT_DL_I_##f])

#endif
