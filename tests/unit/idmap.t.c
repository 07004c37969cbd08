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

/* Error text of ns_idmap_validate for uid and gid maps, or "" when valid. */
static void check_validate(const struct oci_id_mapping *u, size_t nu, const struct oci_id_mapping *g, size_t ng,
			   const char *want, const char *what)
{
	struct oci_linux l = {.uid_mappings = (struct oci_id_mapping *)u,
			      .uid_mappings_len = nu,
			      .gid_mappings = (struct oci_id_mapping *)g,
			      .gid_mappings_len = ng};
	struct rt_err *err = NULL;
	int r = ns_idmap_validate(&l, &err);

	is_str(r < 0 && err ? err->msg : "", want, "%s", what);
	ok((r < 0) == (*want != '\0'), "%s: return value", what);
	rt_err_free(err);
}

static void test_validate(void)
{
	const struct oci_id_mapping one = {.container_id = 0, .host_id = 100000, .size = 65536};
	const struct oci_id_mapping two[2] = {one, {.container_id = 65536, .host_id = 300000, .size = 10}};
	const struct oci_id_mapping cover[2] = {one, {.container_id = 10, .host_id = 300000, .size = 10}};
	const struct oci_id_mapping hcover[2] = {one, {.container_id = 70000, .host_id = 165535, .size = 2}};
	const struct oci_id_mapping adj[2] = {one, {.container_id = 65536, .host_id = 165536, .size = 1}};
	const struct oci_id_mapping zero = {.container_id = 0, .host_id = 1, .size = 0};
	const struct oci_id_mapping no_root = {.container_id = 1, .host_id = 100000, .size = 10};
	const struct oci_id_mapping all = {.container_id = 0, .host_id = 0, .size = 4294967295u};
	const struct oci_id_mapping past = {.container_id = 0, .host_id = 1, .size = 4294967295u};

	check_validate(&one, 1, &one, 1, "", "one range each: valid");
	check_validate(two, 2, two, 2, "", "two disjoint ranges: valid");
	check_validate(adj, 2, &one, 1, "", "adjacent ranges: valid");
	check_validate(&all, 1, &all, 1, "", "the whole id space: valid");
	check_validate(NULL, 0, &one, 1, "config.json: linux.uidMappings: required with a new user namespace",
		       "no uid map");
	check_validate(&one, 1, NULL, 0, "config.json: linux.gidMappings: required with a new user namespace",
		       "no gid map");
	check_validate(&zero, 1, &one, 1, "config.json: linux.uidMappings[0].size: must not be 0", "size 0");
	check_validate(&one, 1, &no_root, 1, "config.json: linux.gidMappings: container id 0 must be mapped",
		       "container id 0 unmapped");
	check_validate(cover, 2, &one, 1, "config.json: linux.uidMappings[1]: containerID range overlaps [0]",
		       "container ranges overlap");
	check_validate(&one, 1, hcover, 2, "config.json: linux.gidMappings[1]: hostID range overlaps [0]",
		       "host ranges overlap");
	check_validate(&past, 1, &one, 1, "config.json: linux.uidMappings[0]: the range passes id 4294967294",
		       "host range past the last id");
}

int main(void)
{
	test_format();
	test_is_self();
	test_find_in_path();
	test_validate();
	return done_testing();
}
