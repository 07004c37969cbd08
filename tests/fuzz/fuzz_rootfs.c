/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzzer of the rootfs module's pure parsers: mount options, destination cleaning,
 * /proc/self/mountinfo and /proc/self/cgroup.
 *
 * Input: the first byte picks the target, the rest is its text:
 *   'o' options, comma-separated, parsed for a filesystem mount and for a bind mount;
 *       checks: a bit is never both set and cleared (outside the atime field), the data
 *       string is the data options joined by ',', propagation is one type (+ MS_REC)
 *   'p' a destination: rootfs_clean_path gives "/"-rooted, no "//", "." or ".."
 *       components, no trailing '/', and is idempotent
 *   'm' mountinfo text, a line "----", then /proc/self/cgroup text: parsing never
 *       crashes, own cgroup paths never start with '/'
 *
 * Run: CC=clang ../configure --enable-fuzzers --enable-sanitizers && make tests/fuzz/fuzz_rootfs
 *      cp -r ../tests/fuzz/corpus/rootfs /tmp/c && ./tests/fuzz/fuzz_rootfs -max_total_time=60 /tmp/c
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "linux/rootfs_internal.h"
#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_options(char *text, enum rootfs_kind kind)
{
	_cleanup_strv_ char **opts = NULL;
	struct rootfs_mount m;
	struct rt_err *err = NULL;
	char *save = NULL;
	unsigned long prop;

	for (char *t = strtok_r(text, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (rt_strv_push(&opts, t) < 0)
			return;
	memset(&m, 0, sizeof(m));
	m.kind = kind;
	if (rootfs_parse_options(&m, opts, rt_strv_len(opts), "mounts[0]", &err) >= 0) {
		if ((m.attr_set & m.attr_clr & ~(uint64_t)MOUNT_ATTR__ATIME) ||
		    (m.rattr_set & m.rattr_clr & ~(uint64_t)MOUNT_ATTR__ATIME))
			abort();
		prop = m.propagation & ~(unsigned long)MS_REC;
		if (prop && prop != MS_SHARED && prop != MS_SLAVE && prop != MS_PRIVATE && prop != MS_UNBINDABLE)
			abort();
		if ((m.data_len == 0) != (m.data_str == NULL))
			abort();
		if (kind == ROOTFS_KIND_BIND && m.data_len)
			abort();
	} else if (!err || !err->msg) {
		abort();
	}
	rt_err_free(err);
	rootfs_mount_clear(&m);
}

static void fuzz_path(const char *text)
{
	_cleanup_free_ char *c = rootfs_clean_path(text), *again = NULL;
	size_t n;

	if (!c)
		return;
	n = strlen(c);
	if (c[0] != '/' || strstr(c, "//") || strstr(c, "/./") || strstr(c, "/../") || (n > 1 && c[n - 1] == '/') ||
	    !strcmp(c + (n >= 2 ? n - 2 : 0), "/.") || !strcmp(c + (n >= 3 ? n - 3 : 0), "/.."))
		abort();
	again = rootfs_clean_path(c);
	if (!again || strcmp(again, c) != 0)
		abort();
}

static void fuzz_mountinfo(char *text)
{
	char *sep = strstr(text, "\n----\n");
	const char *pc = "";
	struct rootfs_cg *v = NULL;
	size_t n = 0;

	if (sep) {
		*sep = '\0';
		pc = sep + 6;
	}
	if (rootfs_cg_parse_mountinfo(text, &v, &n) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *own = rootfs_cg_own_path(pc, &v[i]);

		if (!v[i].mountpoint || !v[i].root || !v[i].controllers || (own && own[0] == '/'))
			abort();
	}
	rootfs_cg_free(v, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (size < 1 || size > 65536)
		return 0;
	text = strndup((const char *)data + 1, size - 1);
	if (!text)
		return 0;
	switch (data[0]) {
	case 'o': {
		char *copy = rt_strdup(text);

		fuzz_options(text, ROOTFS_KIND_FS);
		if (copy)
			fuzz_options(copy, ROOTFS_KIND_BIND);
		free(copy);
		break;
	}
	case 'p':
		fuzz_path(text);
		break;
	case 'm':
		fuzz_mountinfo(text);
		break;
	default:
		break;
	}
	free(text);
	return 0;
}
