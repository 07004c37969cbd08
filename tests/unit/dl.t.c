/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tests/unit/tap.h"
#include "util/dl.h"
#include "util/util.h"

int main(void)
{
	static const char *const good[] = {"getppid", "getpid"};
	static const char *const bad[] = {"getpid", "rt_no_such_symbol_anywhere"};
	void *p[2] = {0}, *q[2] = {0};
	struct rt_err *err = NULL;
	pid_t (*fn)(void);

#ifdef RT_STATIC_PIE
	printf("1..0 # SKIP a static PIE build links its optional libraries in: no dlopen\n");
	return 0;
#endif

	is_int(rt_dl_load("libc.so.6", good, p, 2, &err), 0, "libc.so.6 loads");
	fn = (pid_t(*)(void))p[1];
	ok(fn && fn() == getpid(), "the resolved getpid is the real one");
	is_int(rt_dl_load("libc.so.6", good, p, 2, &err), 0, "a second load is a no-op");

	is_int(rt_dl_load("libc.so.6", bad, q, 2, &err), -ENOSYS, "a missing symbol fails");
	ok(err && strstr(err->msg, "'libc.so.6' has no symbol 'rt_no_such_symbol_anywhere'"), "the error names it: %s",
	   err ? err->msg : "");
	ok(!q[0] && !q[1], "nothing stays half-loaded");
	rt_err_freep(&err);

	is_int(rt_dl_load("librt-missing.so.9", good, q, 2, &err), -ENOENT, "a missing library fails");
	ok(err && strstr(err->msg, "cannot load 'librt-missing.so.9'"), "the error names it: %s", err ? err->msg : "");
	rt_err_freep(&err);
	return done_testing();
}
