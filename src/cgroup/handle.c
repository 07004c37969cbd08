/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The cgroup handle: manager dispatch, joining (CLONE_INTO_CGROUP fd, child-side
 * "0" writes, slow path by pid) and the compact saved form for the state dir.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "cgroup/internal.h"
#include "util/util.h"

static const struct cg_ops *ops_by_name(const char *name)
{
	if (!name || strcmp(name, "cgroupfs") == 0)
		return &cg_ops_cgroupfs;
	if (strcmp(name, "none") == 0)
		return &cg_ops_none;
#ifdef HAVE_SYSTEMD
	if (strcmp(name, "systemd") == 0)
		return &cg_ops_systemd;
#endif
	return NULL;
}

static struct cg_handle *handle_new(const char *manager, struct rt_err **err)
{
	const struct cg_ops *ops = ops_by_name(manager);
	struct cg_handle *h;

	if (!ops) {
		if (strcmp(manager, "systemd") == 0)
			cg_input_err(err, EOPNOTSUPP,
				     "cgroup manager 'systemd': systemd cgroup manager not available (built without "
				     "libsystemd)");
		else
			cg_input_err(err, EINVAL, "unknown cgroup manager '%s'", manager);
		return NULL;
	}
	h = calloc(1, sizeof(*h));
	if (!h) {
		rt_err_set(err, ENOMEM, "cgroup");
		return NULL;
	}
	h->ops = ops;
	if (ops == &cg_ops_none)
		return h;
	h->l = cg_layout_get(err);
	if (!h->l) {
		free(h);
		return NULL;
	}
	return h;
}

/* Created: removing the directories is now cg_destroy's job. */
static void forget_undo(struct cg_handle *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(TAKE_PTR(h->d[i].undo));
}

int cg_create(const struct cg_create_opts *o, struct cg_handle **ret, struct rt_err **err)
{
	_cleanup_cg_ struct cg_handle *h = handle_new(o->manager, err);
	int r;

	if (!h)
		return rt_err_code(*err);
	r = h->ops->create(h, o, err);
	if (r < 0)
		return r;
	forget_undo(h);
	*ret = TAKE_PTR(h);
	return 0;
}

int cg_create_rest(struct cg_handle *h, struct rt_err **err)
{
	int r;

	if (!h->rest)
		return 0;
	r = h->ops->create_rest ? h->ops->create_rest(h, err) : 0;
	forget_undo(h);
	cg_writes_done(h->rest);
	free(TAKE_PTR(h->rest));
	return r;
}

bool cg_has_rest(const struct cg_handle *h)
{
	return h->rest != NULL;
}

int cg_destroy(struct cg_handle *h, struct rt_err **err)
{
	return h->ops->destroy(h, err);
}

int cg_destroy_stopped(struct cg_handle *h, bool own_pidns, struct rt_err **err)
{
	_cleanup_free_ pid_t *pids = NULL;
	size_t n = 0;

	/* the usual case with a pid namespace: the cgroup is empty, the rmdirs are all it takes */
	if (own_pidns && h->ops == &cg_ops_cgroupfs && cg_fs_rmdir_leaves(h) == 0)
		return 0;
	if (cg_pids(h, &pids, &n, NULL) == 0 && n > 0) {
		if (own_pidns)
			return 1; /* not the container's: another one shares the cgroup */
		(void)cg_kill_all(h, SIGKILL, NULL);
	}
	return cg_destroy(h, err);
}

void cg_handle_free(struct cg_handle *h)
{
	if (!h)
		return;
	if (h->ops->release)
		h->ops->release(h);
	free(h->unit);
	free(h->keys);
	free(h->gone);
	if (h->rest) {
		cg_writes_done(h->rest);
		free(h->rest);
	}
	for (size_t i = 0; i < h->n; i++) {
		free(h->d[i].path);
		free(h->d[i].dir);
		free(h->d[i].undo);
		if (h->d[i].sub)
			close(h->d[i].subfd);
	}
	free(h);
}

void cg_handle_freep(struct cg_handle **h)
{
	cg_handle_free(*h);
}

const char *cg_manager(const struct cg_handle *h)
{
	return h->ops->name;
}

const char *cg_path(const struct cg_handle *h)
{
	struct cg_hdir *d = cg_primary((struct cg_handle *)h);

	return d ? d->path : "";
}

int cg_clone_into_fd(struct cg_handle *h, struct rt_err **err)
{
	struct cg_hdir *d = h->n && !h->pending ? cg_hdir_of(h, CG_CORE) : NULL;
	int fd;

	if (!d)
		return -ENOENT;
	if (d->sub) {
		fd = fcntl(d->subfd, F_DUPFD_CLOEXEC, 3);
		return fd < 0 ? rt_err_set(err, errno, "cgroup: dup '%s'", d->dir) : fd;
	}
	fd = open(d->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return rt_err_set(err, errno, "cgroup: open '%s'", d->dir);
	return fd;
}

const char *cg_dir_at(const struct cg_handle *h, const char *mnt)
{
	for (size_t i = 0; h && i < h->n; i++)
		if (!h->d[i].sub && strcmp(h->l->h[h->d[i].hier].mnt, mnt) == 0)
			return h->d[i].dir;
	return NULL;
}

void cg_join_fds_close(int *fds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

int cg_join_fds(struct cg_handle *h, bool include_v2, int **ret_fds, size_t *n, struct rt_err **err)
{
	_cleanup_free_ int *fds = NULL;
	size_t k = 0;

	*ret_fds = NULL;
	*n = 0;
	if (h->n == 0 || h->pending)
		return 0;
	fds = calloc(h->n, sizeof(*fds));
	if (!fds)
		return rt_err_set(err, ENOMEM, "cgroup");
	for (size_t i = 0; i < h->n; i++) {
		bool v2 = h->l->h[h->d[i].hier].v2;
		char p[4096];

		if (v2 && !include_v2)
			continue;
		/* v1 "tasks" moves just the writing thread: no threadgroup lock, no RCU sync. */
		snprintf(p, sizeof(p), "%s/%s", h->d[i].dir, v2 ? "cgroup.procs" : "tasks");
		if (h->d[i].sub)
			fds[k] =
				openat(h->d[i].subfd, v2 ? "cgroup.procs" : "tasks", O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
		else
			fds[k] = open(p, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fds[k] < 0) {
			int e = errno;

			cg_join_fds_close(fds, k);
			return rt_err_set(err, e, "cgroup: open '%s'", p);
		}
		k++;
	}
	*ret_fds = TAKE_PTR(fds);
	*n = k;
	return 0;
}

int cg_join_child(const int *fds, size_t n)
{
	int r = 0;

	for (size_t i = 0; i < n; i++) {
		if (write(fds[i], "0", 1) != 1 && r == 0)
			r = -errno;
		close(fds[i]);
	}
	return r;
}

bool cg_needs_pid(const struct cg_handle *h)
{
	return h->pending;
}

int cg_enter_pid(struct cg_handle *h, pid_t pid, struct rt_err **err)
{
	return h->ops->enter_pid(h, pid, err);
}

int cg_enter_pid_unjoined(struct cg_handle *h, pid_t pid, struct rt_err **err)
{
	return h->pending ? cg_enter_pid(h, pid, err) : cg_fs_enter_pid_part(h, pid, CG_PART_V2, err);
}

int cg_update(struct cg_handle *h, const struct oci_resources *r, struct rt_err **err)
{
	return h->ops->update(h, r, err);
}

char *cg_save(const struct cg_handle *h, struct rt_err **err)
{
	struct cg_hdir *prim = cg_primary((struct cg_handle *)h);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f) {
		rt_err_set(err, ENOMEM, "cgroup: save");
		return NULL;
	}
	fprintf(f, "%s\n%s\n", h->ops->name, prim ? prim->path : "");
	if (h->unit)
		fprintf(f, "@unit\t%s\n", h->unit);
	for (size_t i = 0; prim && i < h->n; i++)
		if (strcmp(h->d[i].path, prim->path) != 0)
			fprintf(f, "%s\t%s\n", h->l->h[h->d[i].hier].key, h->d[i].path);
	for (size_t i = 0; i < h->n; i++)
		fprintf(f, "%s%s", i ? " " : "@keys\t", h->l->h[h->d[i].hier].key);
	if (h->n)
		fputc('\n', f);
	if (fclose(f) != 0 || !buf) {
		free(buf);
		rt_err_set(err, ENOMEM, "cgroup: save");
		return NULL;
	}
	return buf;
}

/* Absolute, and no ".." component: the state dir is ours, but rmdir follows this path. */
static bool saved_path_ok(const char *p)
{
	const char *dd;

	if (p[0] != '/')
		return false;
	for (dd = strstr(p, ".."); dd; dd = strstr(dd + 1, ".."))
		if (dd[-1] == '/' && (dd[2] == '/' || dd[2] == '\0'))
			return false;
	return true;
}

/* The saved path for hierarchy key, or the default. */
static const char *saved_path(char *const *lines, const char *key, const char *def)
{
	size_t kl = strlen(key);

	for (char *const *l = lines; *l; l++)
		if (strncmp(*l, key, kl) == 0 && (*l)[kl] == '\t')
			return *l + kl + 1;
	return def;
}

/* h->gone: the keys of the "@keys" line that are not hierarchies of the layout, space-separated. */
static int find_gone(struct cg_handle *h)
{
	_cleanup_free_ char *copy = rt_strdup(h->keys);
	char *save = NULL;
	size_t len = 0;

	if (!copy)
		return -ENOMEM;
	for (char *k = strtok_r(copy, " ", &save); k; k = strtok_r(NULL, " ", &save)) {
		bool found = false;
		char *more;

		for (size_t i = 0; i < h->l->n && !found; i++)
			found = strcmp(h->l->h[i].key, k) == 0;
		if (found)
			continue;
		more = realloc(h->gone, len + strlen(k) + 2);
		if (!more)
			return -ENOMEM;
		h->gone = more;
		len += (size_t)snprintf(h->gone + len, strlen(k) + 2, "%s%s", len ? " " : "", k);
	}
	return 0;
}

const char *cg_unreachable(struct cg_handle *h)
{
	/* worked out on demand: list and state load every container's handle */
	if (h->keys && h->l && !h->gone && find_gone(h) < 0)
		return NULL;
	return h->gone;
}

int cg_load(const char *saved, struct cg_handle **ret, struct rt_err **err)
{
	_cleanup_strv_ char **lines = NULL;
	_cleanup_free_ char *copy = rt_strdup(saved);
	_cleanup_cg_ struct cg_handle *h = NULL;
	const char *unit, *keys;
	char *save = NULL;
	int r;

	if (!copy)
		return rt_err_set(err, ENOMEM, "cgroup: load");
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		if (rt_strv_push(&lines, l) < 0)
			return rt_err_set(err, ENOMEM, "cgroup: load");
	if (!lines || !lines[0])
		return cg_input_err(err, EINVAL, "cgroup: saved state is empty");
	h = handle_new(lines[0], err);
	if (!h)
		return rt_err_code(*err);
	unit = saved_path(lines + 1, "@unit", NULL);
	if (unit && (strchr(unit, '/') || !(h->unit = rt_strdup(unit))))
		return cg_input_err(err, EINVAL, "cgroup: saved unit '%s' is not valid", unit);
	keys = saved_path(lines + 1, "@keys", NULL);
	if (keys && !(h->keys = rt_strdup(keys)))
		return rt_err_set(err, ENOMEM, "cgroup: load");
	if (h->ops != &cg_ops_none) {
		if (!lines[1] || !saved_path_ok(lines[1]))
			return cg_input_err(err, EINVAL, "cgroup: saved state has no valid path");
		for (size_t i = 0; i < h->l->n; i++) {
			const char *p = saved_path(lines + 2, h->l->h[i].key, lines[1]);
			struct cg_hdir *d = &h->d[h->n];

			if (!saved_path_ok(p))
				return cg_input_err(err, EINVAL, "cgroup: saved path '%s' is not valid", p);
			d->hier = (int)i;
			d->path = rt_strdup(p);
			d->dir = d->path ? cg_hier_dir(&h->l->h[i], p) : NULL;
			h->n++;
			if (!d->dir)
				return rt_err_set(err, ENOMEM, "cgroup: load");
		}
	}
	r = 0;
	*ret = TAKE_PTR(h);
	return r;
}
