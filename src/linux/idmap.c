/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * User-namespace id maps (user_namespaces(7): "Defining user and group ID mappings").
 *
 * A process with CAP_SETUID/CAP_SETGID over the parent namespace (rt as root) may write any
 * mapping to uid_map and gid_map in /proc/<pid>. An unprivileged process may only write ONE line
 * mapping its own effective uid (gid) with size 1, and for gid_map only after "deny" was
 * written to /proc/<pid>/setgroups. Anything else (several ranges, subordinate ids from
 * /etc/subuid) goes through the setuid helpers newuidmap(1)/newgidmap(1) of the shadow
 * suite, which check /etc/subuid and /etc/subgid. newgidmap decides itself whether
 * setgroups stays allowed, and fails once "deny" was written: rt denies it only on the
 * direct unprivileged path.
 *
 * The target must be dumpable while its maps are written: the files in /proc/<pid> of a
 * non-dumpable task belong to root, so neither an unprivileged rt nor newuidmap (which checks
 * that the caller owns the process) could open them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fs/procfs.h"
#include "linux/namespaces.h"
#include "util/util.h"

#define IDMAP_DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#define IDMAP_MAX_LINES 340 /* the kernel's limit on extents per map */

int ns_idmap_format(const struct oci_id_mapping *m, size_t n, char *buf, size_t len)
{
	size_t off = 0;

	if (len == 0)
		return -E2BIG;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int w = snprintf(buf + off, len - off, "%u %u %u\n", m[i].container_id, m[i].host_id, m[i].size);
		if (w < 0 || (size_t)w >= len - off)
			return -E2BIG;
		off += (size_t)w;
	}
	return (int)off;
}

bool ns_idmap_is_self(const struct oci_id_mapping *m, size_t n, uint32_t id)
{
	return n == 1 && m[0].size == 1 && m[0].host_id == id;
}

static bool ranges_overlap(uint32_t a, uint32_t b, uint32_t size_a, uint32_t size_b)
{
	return a < (uint64_t)b + size_b && b < (uint64_t)a + size_a;
}

/* One of linux.uidMappings/gidMappings for a new user namespace; `what` names it. */
static int validate_map(const struct oci_id_mapping *m, size_t n, const char *what, struct rt_err **err)
{
	bool zero = false;

	if (n == 0)
		return rt_err_set(err, 0, "config.json: linux.%s: required with a new user namespace", what);
	if (n > IDMAP_MAX_LINES)
		return rt_err_set(err, 0, "config.json: linux.%s: %zu ranges, the kernel allows %d", what, n,
				  IDMAP_MAX_LINES);
	for (size_t i = 0; i < n; i++) {
		if (m[i].size == 0)
			return rt_err_set(err, 0, "config.json: linux.%s[%zu].size: must not be 0", what, i);
		if ((uint64_t)m[i].container_id + m[i].size > UINT32_MAX ||
		    (uint64_t)m[i].host_id + m[i].size > UINT32_MAX)
			return rt_err_set(err, 0, "config.json: linux.%s[%zu]: the range passes id %u", what, i,
					  UINT32_MAX - 1);
		for (size_t j = 0; j < i; j++) {
			if (ranges_overlap(m[i].container_id, m[j].container_id, m[i].size, m[j].size))
				return rt_err_set(err, 0,
						  "config.json: linux.%s[%zu]: containerID range overlaps [%zu]", what,
						  i, j);
			if (ranges_overlap(m[i].host_id, m[j].host_id, m[i].size, m[j].size))
				return rt_err_set(err, 0, "config.json: linux.%s[%zu]: hostID range overlaps [%zu]",
						  what, i, j);
		}
		zero = zero || m[i].container_id == 0;
	}
	/* the init becomes root in the new namespace before anything else (as runc does) */
	if (!zero)
		return rt_err_set(err, 0, "config.json: linux.%s: container id 0 must be mapped", what);
	return 0;
}

int ns_idmap_validate(const struct oci_linux *l, struct rt_err **err)
{
	int r = validate_map(l ? l->uid_mappings : NULL, l ? l->uid_mappings_len : 0, "uidMappings", err);

	if (r < 0)
		return r;
	return validate_map(l ? l->gid_mappings : NULL, l ? l->gid_mappings_len : 0, "gidMappings", err);
}

char *ns_find_in_path(const char *name, const char *path)
{
	const char *p = path && *path ? path : IDMAP_DEFAULT_PATH;

	while (*p) {
		size_t len = strcspn(p, ":");
		char *cand = NULL;
		struct stat st;

		/* An empty entry means the current directory: never for a setuid helper. */
		if (len > 0 && p[0] == '/' && asprintf(&cand, "%.*s/%s", (int)len, p, name) >= 0) {
			if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0)
				return cand;
			free(cand);
		}
		p += len;
		if (*p == ':')
			p++;
	}
	return NULL;
}

static __attribute__((noreturn)) void tool_child(const char *path, char **argv, int out)
{
	if (dup2(out, STDOUT_FILENO) < 0 || dup2(out, STDERR_FILENO) < 0)
		_exit(127);
	execv(path, argv);
	_exit(127);
}

/* Runs `tool pid c1 h1 s1 c2 h2 s2 ...`; its output becomes the error message. */
static int run_tool(const char *tool, pid_t pid, const struct oci_id_mapping *m, size_t n, struct rt_err **err)
{
	_cleanup_free_ char *path = ns_find_in_path(tool, getenv("PATH"));
	_cleanup_free_ char *nums = NULL, *out = NULL;
	_cleanup_free_ char **argv = NULL;
	_cleanup_close_ int rd = -1;
	int fds[2], status = 0, r;
	size_t len = 0;
	pid_t child;

	if (!path)
		return rt_err_set(err, ENOENT,
				  "'%s' not found in PATH: mapping more than the caller's own id needs it "
				  "(package uidmap)",
				  tool);
	if (n > IDMAP_MAX_LINES)
		return rt_err_set(err, E2BIG, "%s: too many mappings", tool);
	nums = calloc(1 + 3 * n, 16);
	argv = calloc(3 + 3 * n, sizeof(*argv));
	if (!nums || !argv)
		return rt_err_set(err, ENOMEM, "%s", tool);
	argv[0] = (char *)tool;
	snprintf(nums, 16, "%d", (int)pid);
	argv[1] = nums;
	for (size_t i = 0; i < n; i++) {
		uint32_t v[3] = {m[i].container_id, m[i].host_id, m[i].size};
		for (size_t k = 0; k < 3; k++) {
			char *s = nums + 16 * (1 + 3 * i + k);
			snprintf(s, 16, "%u", v[k]);
			argv[2 + 3 * i + k] = s;
		}
	}
	if (pipe2(fds, O_CLOEXEC) < 0)
		return rt_err_set(err, errno, "%s: pipe", tool);
	child = fork();
	if (child == 0)
		tool_child(path, argv, fds[1]);
	close(fds[1]);
	rd = fds[0];
	if (child < 0)
		return rt_err_set(err, errno, "%s: fork", tool);
	r = rt_read_all_fd(rd, 4096, &out, &len);
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			return rt_err_set(err, errno, "%s: wait", tool);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	while (r >= 0 && len > 0 && (out[len - 1] == '\n' || out[len - 1] == ' '))
		out[--len] = '\0';
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && len == 0)
		return rt_err_set(err, ENOEXEC, "%s: cannot execute '%s'", tool, path);
	return rt_err_set(err, EPERM, "%s %d: %s", path, (int)pid,
			  r >= 0 && len > 0 ? out : (WIFEXITED(status) ? "failed" : "killed by a signal"));
}

static int write_map(pid_t pid, const char *file, const struct oci_id_mapping *m, size_t n, struct rt_err **err)
{
	char buf[4096];

	if (ns_idmap_format(m, n, buf, sizeof(buf)) < 0)
		return rt_err_set(err, E2BIG, "%s: too many mappings", file);
	return procfs_write(pid, file, buf, err);
}

int ns_write_id_maps(pid_t pid, const struct oci_linux *l, struct rt_err **err)
{
	bool root = geteuid() == 0;
	int r;

	if (l->uid_mappings_len) {
		if (root || ns_idmap_is_self(l->uid_mappings, l->uid_mappings_len, geteuid()))
			r = write_map(pid, "uid_map", l->uid_mappings, l->uid_mappings_len, err);
		else
			r = run_tool("newuidmap", pid, l->uid_mappings, l->uid_mappings_len, err);
		if (r < 0)
			return r;
	}
	if (!l->gid_mappings_len)
		return 0;
	if (root)
		return write_map(pid, "gid_map", l->gid_mappings, l->gid_mappings_len, err);
	if (!ns_idmap_is_self(l->gid_mappings, l->gid_mappings_len, getegid()))
		return run_tool("newgidmap", pid, l->gid_mappings, l->gid_mappings_len, err);
	/* The kernel's condition for an unprivileged gid_map write (setgroups could drop groups). */
	r = procfs_write(pid, "setgroups", "deny", err);
	if (r < 0 && r != -ENOENT)
		return r;
	return write_map(pid, "gid_map", l->gid_mappings, l->gid_mappings_len, err);
}
