/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The pure parts of the user-namespace id maps (src/linux/idmap.c). No root needed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux/namespaces.h"
#include "tap.h"
#include "util/util.h"

static void test_format(void)
{
	struct oci_id_mapping m[2] = {{.container_id = 0, .host_id = 1000, .size = 1},
				      {.container_id = 1, .host_id = 100000, .size = 65536}};
	char buf[64], tiny[12];

	is_int(ns_idmap_format(m, 2, buf, sizeof(buf)), (int)strlen("0 1000 1\n1 100000 65536\n"), "two lines: length");
	is_str(buf, "0 1000 1\n1 100000 65536\n", "two lines: text");
	is_int(ns_idmap_format(m, 0, buf, sizeof(buf)), 0, "no mapping: empty");
	is_str(buf, "", "no mapping: empty text");
	is_int(ns_idmap_format(m, 2, tiny, sizeof(tiny)), -E2BIG, "too small a buffer: E2BIG, never truncated");
	is_int(ns_idmap_format(m, 1, buf, 0), -E2BIG, "zero-sized buffer: E2BIG");
}

static void test_is_self(void)
{
	struct oci_id_mapping self = {.container_id = 0, .host_id = 1000, .size = 1};
	struct oci_id_mapping wide = {.container_id = 0, .host_id = 1000, .size = 2};
	struct oci_id_mapping two[2] = {{.container_id = 0, .host_id = 1000, .size = 1},
					{.container_id = 1, .host_id = 100000, .size = 1}};

	ok(ns_idmap_is_self(&self, 1, 1000), "one line, own id, size 1: self");
	ok(!ns_idmap_is_self(&self, 1, 1001), "another host id: not self");
	ok(!ns_idmap_is_self(&wide, 1, 1000), "size 2: not self");
	ok(!ns_idmap_is_self(two, 2, 1000), "two lines: not self");
	ok(!ns_idmap_is_self(two, 0, 1000), "no line: not self");
}

static void make_file(const char *dir, const char *name, mode_t mode)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, mode);
	if (fd >= 0)
		close(fd);
	chmod(path, mode);
}

static void test_find_in_path(void)
{
	char tmpl[] = "/tmp/rt-idmap.XXXXXX", a[4200], b[4200], c[4200], path[13000], want[4300];
	char *dir = mkdtemp(tmpl), *got;

	if (!dir) {
		ok(0, "mkdtemp: %s", strerror(errno));
		return;
	}
	snprintf(a, sizeof(a), "%s/a", dir);
	snprintf(b, sizeof(b), "%s/b", dir);
	snprintf(c, sizeof(c), "%s/c", dir);
	mkdir(a, 0755);
	mkdir(b, 0755);
	mkdir(c, 0755);
	make_file(a, "tool", 0644); /* not executable */
	snprintf(want, sizeof(want), "%s/tool", b);
	mkdir(want, 0755); /* a directory of that name */
	make_file(c, "tool", 0755);

	snprintf(path, sizeof(path), "%s:%s:%s", a, b, c);
	got = ns_find_in_path("tool", path);
	snprintf(want, sizeof(want), "%s/tool", c);
	is_str(got, want, "skips a non-executable file and a directory, finds the executable");
	free(got);

	snprintf(path, sizeof(path), "%s:%s", a, b);
	got = ns_find_in_path("tool", path);
	ok(got == NULL, "no executable in PATH: NULL");
	free(got);

	/* A relative entry (or an empty one, meaning '.') is never searched for a setuid helper. */
	if (chdir(dir) == 0) {
		got = ns_find_in_path("tool", "c::.:c/");
		ok(got == NULL, "relative and empty entries are skipped");
		free(got);
		if (chdir("/") < 0)
			ok(0, "chdir /");
	}

	got = ns_find_in_path("sh", NULL);
	ok(got && got[0] == '/', "no PATH: the default system PATH (found '%s')", got ? got : "(null)");
	free(got);
	got = ns_find_in_path("sh", "");
	ok(got && got[0] == '/', "empty PATH: the default system PATH");
	free(got);

	snprintf(path, sizeof(path), "%s/tool", a);
	unlink(path);
	snprintf(path, sizeof(path), "%s/tool", b);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/tool", c);
	unlink(path);
	rmdir(a);
	rmdir(b);
	rmdir(c);
	rmdir(dir);
}

int main(void)
{
	test_format();
	test_is_self();
	test_find_in_path();
	return done_testing();
}
