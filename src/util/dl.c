/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <dlfcn.h>
#include <errno.h>

#include "util/dl.h"
#include "util/util.h"

int rt_dl_load(const char *soname, const char *const *names, void **ptrs, size_t n, struct rt_err **err)
{
	void *h;

	if (n > 0 && ptrs[n - 1])
		return 0; /* loaded before (or linked in): the last pointer is set last */
#ifdef RT_STATIC_PIE
	(void)h;
	(void)names;
	rt_err_set(err, 0, "cannot load '%s': rt is a static build that does not include it", soname);
	return -ENOENT;
#else
	h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *why = dlerror();
		rt_err_set(err, 0, "cannot load '%s': %s", soname, why ? why : "unknown error"); /* dlerror says why */
		return -ENOENT;
	}
	for (size_t i = 0; i < n; i++) {
		void *p = dlsym(h, names[i]);

		if (!p) {
			for (size_t j = 0; j < i; j++)
				ptrs[j] = NULL;
			dlclose(h);
			rt_err_set(err, 0, "'%s' has no symbol '%s'", soname, names[i]);
			return -ENOSYS;
		}
		ptrs[i] = p;
	}
	return 0;
#endif
}
