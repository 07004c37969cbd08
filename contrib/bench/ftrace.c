/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ftrace.so: which of rt's functions a process enters, for contrib/bench/hot-functions.sh.
 *
 * Preloaded into an rt built with -finstrument-functions. The compiler calls
 * __cyg_profile_func_enter on entry to every function; the first entry of each function in
 * each process is appended to $RT_FTRACE_OUT as "PID OFFSET", OFFSET being the function's
 * address minus the executable's load address. The file is opened and closed around every
 * line, so lines from the container's init still land after pivot_root (the caller
 * bind-mounts the output directory at the same path) and after rt closes inherited fds.
 * Only raw syscalls and stack buffers: nothing here may call back into instrumented code.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NOTRACE __attribute__((no_instrument_function))
#define SLOTS 16384

static void *seen[SLOTS];
static long owner = -1;
static uintptr_t base;
static const char *out;

NOTRACE static void note(long pid, uintptr_t off)
{
	char line[64];
	int n, fd;

	if (!out)
		return;
	n = snprintf(line, sizeof(line), "%ld %lx\n", pid, (unsigned long)off);
	fd = (int)syscall(SYS_openat, AT_FDCWD, out, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	(void)syscall(SYS_write, fd, line, n); /* a lost line only makes the list shorter */
	syscall(SYS_close, fd);
}

NOTRACE void __cyg_profile_func_enter(void *fn, void *site);
NOTRACE void __cyg_profile_func_enter(void *fn, void *site)
{
	long pid = syscall(SYS_getpid);
	size_t h;

	(void)site;
	if (pid != owner) { /* a new process (the init after clone): a list of its own */
		Dl_info info;

		owner = pid;
		memset(seen, 0, sizeof(seen));
		if (!base && dladdr(fn, &info) && info.dli_fbase)
			base = (uintptr_t)info.dli_fbase;
		if (!out)
			out = getenv("RT_FTRACE_OUT");
	}
	for (h = ((uintptr_t)fn >> 4) % SLOTS; seen[h]; h = (h + 1) % SLOTS)
		if (seen[h] == fn)
			return;
	seen[h] = fn;
	note(pid, (uintptr_t)fn - base);
}

NOTRACE void __cyg_profile_func_exit(void *fn, void *site);
NOTRACE void __cyg_profile_func_exit(void *fn, void *site)
{
	(void)fn;
	(void)site;
}
