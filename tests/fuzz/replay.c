/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Plain (non-libFuzzer) driver: replays every file of the corpus directory through
 * LLVMFuzzerTestOneInput, one TAP line per file, so `make check` exercises the corpus
 * (under ASan/UBSan with --enable-sanitizers) without clang.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>

#include "tests/unit/tap.h"
#include "util/util.h"

#ifndef CORPUSDIR
#error "CORPUSDIR must point at the seed corpus"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	_cleanup_closedir_ DIR *d = opendir(CORPUSDIR);
	_cleanup_strv_ char **names = NULL;
	struct dirent *de;
	size_t n;

	if (!ok(d != NULL, "open corpus %s", CORPUSDIR))
		return done_testing();
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && rt_strv_push(&names, de->d_name) < 0)
			return 1;
	n = rt_strv_len(names);
	ok(n >= 10, "corpus has %zu seeds", n);
	if (names)
		qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *buf = NULL;
		size_t len = 0;
		_cleanup_close_ int fd = openat(dirfd(d), names[i], O_RDONLY | O_CLOEXEC);

		if (!ok(fd >= 0 && rt_read_all_fd(fd, 64u << 20, &buf, &len) == 0, "read %s", names[i]))
			continue;
		LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
		ok(1, "replayed %s (%zu bytes)", names[i], len);
	}
	return done_testing();
}
