/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `exec --cgroup`: the exec'd process joins an existing sub-cgroup of the container's
 * cgroup. The specs are runc's: "path" (every hierarchy) or "ctrl[,ctrl...]:path" (the
 * hierarchy of each controller), repeatable. The sub-cgroup is opened beneath the
 * container's directory by fd (openat2 RESOLVE_BENEATH, no symlinks, no mount
 * crossing), and the joins then go through that fd: a rename or a symlink planted by
 * the container between check and use changes nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "cgroup/internal.h"
#include "util/util.h"

int cg_sub_path_norm(const char *in, char **ret, struct rt_err **err)
{
	_cleanup_free_ char *out = calloc(1, strlen(in) + 1);
	size_t k = 0;

	if (!out)
		return rt_err_set(err, ENOMEM, "cgroup");
	for (const char *p = in; *p;) {
		size_t l = strcspn(p, "/");

		if (l == 2 && p[0] == '.' && p[1] == '.')
			return cg_input_err(err, EINVAL, "--cgroup: path '%s' must not contain '..'", in);
		if (l > 0 && !(l == 1 && p[0] == '.')) {
			if (k)
				out[k++] = '/';
			memcpy(out + k, p, l);
			k += l;
		}
		p += l;
		p += strspn(p, "/");
	}
	out[k] = '\0';
	*ret = TAKE_PTR(out);
	return 0;
}

/* Sets the path of the hierarchy of controller name; paths of co-mounted ones must agree. */
static int plan_ctrl(const struct cg_layout *l, const char *name, const char *path, bool *seen, char **paths,
		     struct rt_err **err)
{
	int c = *name ? cg_ctrl_from_name(name) : -1, hier;
	_cleanup_free_ char *norm = NULL;

	if (!*name)
		return cg_input_err(err, EINVAL, "--cgroup: empty controller name before '%s'", path);
	if (c < 0)
		return cg_input_err(err, EINVAL, "--cgroup: unknown controller '%s'", name);
	if (seen[c])
		return cg_input_err(err, EINVAL, "--cgroup: controller '%s' given more than once", name);
	seen[c] = true;
	hier = l->ctrl_hier[c];
	if (hier < 0)
		return cg_input_err(err, ENOENT, "--cgroup: controller '%s' is not mounted", name);
	if (cg_sub_path_norm(path, &norm, err) < 0)
		return rt_err_code(*err);
	if (paths[hier] && strcmp(paths[hier], norm) != 0)
		return cg_input_err(err, EINVAL,
				    "--cgroup: controllers of hierarchy '%s' given different paths '%s' and '%s'",
				    l->h[hier].key, paths[hier], norm);
	if (!paths[hier])
		paths[hier] = TAKE_PTR(norm);
	return 0;
}

static int plan_one(const struct cg_layout *l, const char *spec, bool *seen, char **paths, char **def,
		    struct rt_err **err)
{
	const char *colon = strchr(spec, ':');
	_cleanup_free_ char *ctrls = NULL;
	char *save = NULL;
	int r;

	if (!colon) {
		if (*def)
			return cg_input_err(err, EINVAL, "--cgroup: more than one path without a controller");
		return cg_sub_path_norm(spec, def, err);
	}
	ctrls = strndup(spec, (size_t)(colon - spec));
	if (!ctrls)
		return rt_err_set(err, ENOMEM, "cgroup");
	if (!*ctrls || ctrls[strlen(ctrls) - 1] == ',' || *ctrls == ',' || strstr(ctrls, ",,"))
		return cg_input_err(err, EINVAL, "--cgroup '%s': empty controller name", spec);
	for (char *c = strtok_r(ctrls, ",", &save); c; c = strtok_r(NULL, ",", &save))
		if ((r = plan_ctrl(l, c, colon + 1, seen, paths, err)) < 0)
			return r;
	return 0;
}

void cg_sub_plan_free(char **paths)
{
	for (size_t i = 0; i < CG_MAX_HIER; i++)
		free(TAKE_PTR(paths[i]));
}

int cg_sub_plan(const struct cg_layout *l, char *const *specs, char **ret_paths, struct rt_err **err)
{
	bool seen[CG_NCTRL] = {false};
	_cleanup_free_ char *def = NULL;
	int r = 0;

	memset(ret_paths, 0, CG_MAX_HIER * sizeof(*ret_paths));
	for (; specs && *specs && r >= 0; specs++)
		r = plan_one(l, *specs, seen, ret_paths, &def, err);
	for (size_t i = 0; r >= 0 && def && i < l->n; i++)
		if (!ret_paths[i] && !(ret_paths[i] = rt_strdup(def)))
			r = rt_err_set(err, ENOMEM, "cgroup");
	if (r < 0)
		cg_sub_plan_free(ret_paths);
	return r;
}

/* The fallback when openat2 is missing: component by component, never following a link. */
static int open_walk(int base, const char *sub)
{
	_cleanup_free_ char *copy = rt_strdup(sub);
	_cleanup_close_ int cur = fcntl(base, F_DUPFD_CLOEXEC, 3);
	char *save = NULL;
	struct stat st0, st;
	int cur2;

	if (!copy || cur < 0 || fstat(base, &st0) < 0)
		return copy ? -errno : -ENOMEM;
	for (char *c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		int next = openat(cur, c, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

		if (next < 0)
			return errno == ELOOP ? -EXDEV : -errno;
		close(cur);
		cur = next;
		if (fstat(cur, &st) < 0 || st.st_dev != st0.st_dev)
			return -EXDEV;
	}
	cur2 = openat(cur, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return cur2 < 0 ? -errno : cur2;
}

/* Opens sub beneath dir: the sub-cgroup must exist there and stay inside. */
static int open_beneath(const char *dir, const char *sub, struct rt_err **err)
{
	struct open_how how = {
		.flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV,
	};
	_cleanup_close_ int base = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	int fd;

	if (base < 0)
		return rt_err_set(err, errno, "cgroup: open '%s'", dir);
	fd = (int)syscall(SYS_openat2, base, sub, &how, sizeof(how));
	if (fd < 0 && (errno == ENOSYS || errno == EPERM)) {
		fd = open_walk(base, sub);
		if (fd < 0) {
			errno = -fd;
			fd = -1;
		}
	}
	if (fd >= 0)
		return fd;
	if (errno == ENOENT)
		return cg_input_err(err, ENOENT, "--cgroup: sub-cgroup '%s' does not exist in '%s'", sub, dir);
	if (errno == EXDEV || errno == ELOOP)
		return cg_input_err(err, EXDEV, "--cgroup: sub-cgroup '%s' escapes '%s'", sub, dir);
	if (errno == ENOTDIR)
		return cg_input_err(err, ENOTDIR, "--cgroup: '%s' in '%s' is not a cgroup", sub, dir);
	return rt_err_set(err, errno, "--cgroup: open '%s' in '%s'", sub, dir);
}

static int sub_hdir(struct cg_hdir *out, const struct cg_hdir *in, const char *sub, struct rt_err **err)
{
	out->hier = in->hier;
	out->subfd = -1;
	if (!sub || !*sub) {
		out->path = rt_strdup(in->path);
		out->dir = rt_strdup(in->dir);
	} else {
		if (asprintf(&out->path, "%s/%s", strcmp(in->path, "/") == 0 ? "" : in->path, sub) < 0)
			out->path = NULL;
		if (asprintf(&out->dir, "%s/%s", in->dir, sub) < 0)
			out->dir = NULL;
	}
	if (!out->path || !out->dir)
		return rt_err_set(err, ENOMEM, "cgroup");
	if (sub && *sub) {
		out->subfd = open_beneath(in->dir, sub, err);
		if (out->subfd < 0)
			return out->subfd;
		out->sub = true;
	}
	return 0;
}

int cg_sub_handle(struct cg_handle *h, char *const *specs, struct cg_handle **ret, struct rt_err **err)
{
	_cleanup_cg_ struct cg_handle *s = NULL;
	char *paths[CG_MAX_HIER];
	int r;

	if (h->ops == &cg_ops_none || h->n == 0)
		return cg_input_err(err, EOPNOTSUPP, "--cgroup: the container has no cgroup");
	r = cg_sub_plan(h->l, specs, paths, err);
	if (r < 0)
		return r;
	s = calloc(1, sizeof(*s));
	if (!s) {
		cg_sub_plan_free(paths);
		return rt_err_set(err, ENOMEM, "cgroup");
	}
	s->ops = h->ops;
	s->l = h->l;
	for (size_t i = 0; r >= 0 && i < h->n; i++) {
		r = sub_hdir(&s->d[i], &h->d[i], paths[h->d[i].hier], err);
		s->n = i + 1;
	}
	cg_sub_plan_free(paths);
	if (r < 0)
		return r;
	*ret = TAKE_PTR(s);
	return 0;
}
