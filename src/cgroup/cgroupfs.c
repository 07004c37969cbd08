/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The cgroupfs manager: creates, joins, updates and removes the container's cgroup in
 * every mounted hierarchy (v1, v2 or both), and the "none" manager.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "cgroup/internal.h"
#include "util/util.h"

int cg_write(const char *dir, const char *file, const char *value, struct rt_err **err)
{
	char p[4096];
	int r;

	if (snprintf(p, sizeof(p), "%s/%s", dir, file) >= (int)sizeof(p))
		return rt_err_set(err, ENAMETOOLONG, "cgroup: path '%s/%s'", dir, file);
	r = rt_write_file_at(AT_FDCWD, p, value, 0);
	if (r < 0)
		return rt_err_set(err, -r, "cgroup: write '%s' = '%s'", p, value);
	return 0;
}

int cg_read(const char *dir, const char *file, char **ret)
{
	char p[4096];

	if (snprintf(p, sizeof(p), "%s/%s", dir, file) >= (int)sizeof(p))
		return -ENAMETOOLONG;
	return rt_read_file_at(AT_FDCWD, p, 1u << 20, ret);
}

struct cg_hdir *cg_hdir_of(struct cg_handle *h, int c)
{
	int hier = c == CG_CORE ? h->l->v2_hier : ((unsigned)c < CG_NCTRL ? h->l->ctrl_hier[c] : -1);

	for (size_t i = 0; hier >= 0 && i < h->n; i++)
		if (h->d[i].hier == hier)
			return &h->d[i];
	return NULL;
}

struct cg_hdir *cg_primary(struct cg_handle *h)
{
	struct cg_hdir *d;

	if (h->n == 0)
		return NULL;
	if (h->l->mode == CG_MODE_V2 && (d = cg_hdir_of(h, CG_CORE)))
		return d;
	if ((d = cg_hdir_of(h, CG_FREEZER)))
		return d;
	for (size_t i = 0; i < h->n; i++)
		if (h->l->h[h->d[i].hier].ctrl)
			return &h->d[i];
	return &h->d[0];
}

/* One write, with its fallbacks: alt file on ENOENT, optional files skipped. */
static int apply_one(struct cg_hdir *d, const struct cg_write *w, struct rt_err **err)
{
	_cleanup_err_ struct rt_err *e = NULL;
	int r = cg_write(d->dir, w->file, w->value, &e);

	if (r == -ENOENT && (w->flags & CG_W_OPTIONAL))
		return 0;
	if (r == -ENOENT && w->alt_file)
		return cg_write(d->dir, w->alt_file, w->alt_value ? w->alt_value : w->value, err);
	if (r < 0) {
		*err = *err ? *err : TAKE_PTR(e);
		return r;
	}
	return 0;
}

/* Whether hierarchy-part `part` (CG_PART_*) holds d. */
static bool in_part(const struct cg_handle *h, const struct cg_hdir *d, int part)
{
	bool v2 = h->l->h[d->hier].v2;

	return part == CG_PART_ALL || (part == CG_PART_V2) == v2;
}

static int apply_part(struct cg_handle *h, const struct cg_writes *w, int part, struct rt_err **err)
{
	for (size_t i = 0; i < w->n; i++) {
		struct cg_hdir *d = cg_hdir_of(h, w->v[i].ctrl);
		_cleanup_err_ struct rt_err *e = NULL;
		int r;

		if (!d)
			return rt_err_set(err, ENODEV, "cgroup: no hierarchy for '%s'", w->v[i].file);
		if (!in_part(h, d, part))
			continue;
		r = apply_one(d, &w->v[i], &e);
		/* v1 memory: raising limit above memsw needs memsw first. */
		if (r == -EINVAL && (w->v[i].flags & CG_W_SWAPPABLE) && i + 1 < w->n) {
			if ((r = apply_one(d, &w->v[i + 1], err)) < 0)
				return r;
			if ((r = apply_one(d, &w->v[i], err)) < 0)
				return r;
			i++;
			continue;
		}
		if (r < 0) {
			*err = *err ? *err : TAKE_PTR(e);
			return r;
		}
	}
	return 0;
}

int cg_apply(struct cg_handle *h, const struct cg_writes *w, struct rt_err **err)
{
	return apply_part(h, w, CG_PART_ALL, err);
}

/* v1 cpuset: a new cgroup starts with empty cpus/mems and refuses tasks until they are set. */
static int cpuset_fill(const char *dir, struct rt_err **err)
{
	static const char *const files[] = {"cpuset.cpus", "cpuset.mems"};
	_cleanup_free_ char *parent = rt_strdup(dir);
	char *slash = parent ? strrchr(parent, '/') : NULL;

	if (!slash)
		return rt_err_set(err, ENOMEM, "cgroup cpuset");
	*slash = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		_cleanup_free_ char *cur = NULL, *pv = NULL;
		int r;

		if (cg_read(dir, files[i], &cur) == 0 && strspn(cur, " \n") != strlen(cur))
			continue;
		r = cg_read(parent, files[i], &pv);
		if (r < 0)
			return rt_err_set(err, -r, "cgroup: read '%s/%s'", parent, files[i]);
		if ((r = cg_write(dir, files[i], pv, err)) < 0)
			return r;
	}
	return 0;
}

/*
 * cgroup2: enables every controller the hierarchy offers in dir's subtree_control, so
 * the child gets the interface files. One write for all; per controller if that fails
 * (one busy controller must not block the others). Failures are not errors here: a
 * resource needing a missing controller fails later naming its file.
 */
static void enable_controllers(const struct cg_layout *l, const char *dir)
{
	const struct cg_hier *hi = &l->h[l->v2_hier];
	_cleanup_free_ char *cur = NULL;
	char all[256] = "";
	size_t off = 0;
	bool missing = false;

	(void)cg_read(dir, "cgroup.subtree_control", &cur);
	for (int c = 0; c < CG_NCTRL; c++) {
		const char *name = cg_ctrl_name(c, true);
		const char *hit = cur ? strstr(cur, name) : NULL;
		size_t nl = strlen(name);

		if (!(hi->ctrl & (1u << c)))
			continue;
		if (!(hit && (hit == cur || hit[-1] == ' ') && (hit[nl] == ' ' || hit[nl] == '\n' || hit[nl] == '\0')))
			missing = true;
		off += (size_t)snprintf(all + off, sizeof(all) - off, "%s+%s", off ? " " : "", name);
	}
	if (!missing || off == 0 || cg_write(dir, "cgroup.subtree_control", all, NULL) == 0)
		return;
	for (int c = 0; c < CG_NCTRL; c++) {
		char one[32];

		if (!(hi->ctrl & (1u << c)))
			continue;
		snprintf(one, sizeof(one), "+%s", cg_ctrl_name(c, true));
		(void)cg_write(dir, "cgroup.subtree_control", one, NULL);
	}
}

/* mkdir -p of d->dir below the mount point, recording the topmost new directory. */
int cg_fs_make_dirs(struct cg_handle *h, struct cg_hdir *d, struct rt_err **err)
{
	const struct cg_hier *hi = &h->l->h[d->hier];
	bool cpuset = !hi->v2 && (hi->ctrl & (1u << CG_CPUSET));
	char cur[4096];
	size_t base = strlen(hi->mnt);
	int r;

	if (strlen(d->dir) >= sizeof(cur))
		return rt_err_set(err, ENAMETOOLONG, "cgroup: path '%s'", d->dir);
	memcpy(cur, d->dir, base);
	for (const char *p = d->dir + base; *p;) {
		const char *next = strchr(p + 1, '/');
		size_t len = next ? (size_t)(next - d->dir) : strlen(d->dir);

		if (hi->v2) {
			cur[p - d->dir] = '\0';
			enable_controllers(h->l, cur); /* a missing controller shows as a failing write later */
		}
		memcpy(cur, d->dir, len);
		cur[len] = '\0';
		if (mkdir(cur, 0755) == 0) {
			if (!d->undo && !(d->undo = rt_strdup(cur))) {
				rmdir(cur);
				return rt_err_set(err, ENOMEM, "cgroup");
			}
			if (cpuset && (r = cpuset_fill(cur, err)) < 0)
				return r;
		} else if (errno != EEXIST) {
			return rt_err_set(err, errno, "cgroup: mkdir '%s'", cur);
		}
		p = d->dir + len;
	}
	if (cpuset && !d->undo)
		return cpuset_fill(d->dir, err);
	return 0;
}

/* Undo of cg_create: rmdir from the leaf up to the topmost directory we made. */
static void undo_dirs(struct cg_hdir *d)
{
	_cleanup_free_ char *p = NULL;
	size_t ul;

	if (!d->undo || !(p = rt_strdup(d->dir)))
		return;
	ul = strlen(d->undo);
	while (strlen(p) >= ul) {
		char *slash = strrchr(p, '/');

		if (rmdir(p) < 0 && errno != ENOENT)
			break;
		if (!slash)
			break;
		*slash = '\0';
	}
}

static int add_hdir(struct cg_handle *h, int hier, const char *path, struct rt_err **err)
{
	struct cg_hdir *d = &h->d[h->n];

	d->hier = hier;
	d->undo = NULL;
	d->path = rt_strdup(path);
	d->dir = d->path ? cg_hier_dir(&h->l->h[hier], path) : NULL;
	if (!d->path || !d->dir) {
		free(d->path);
		free(d->dir);
		return rt_err_set(err, ENOMEM, "cgroup");
	}
	h->n++;
	return 0;
}

/* Fills h->d from the normalised path: one entry per hierarchy. */
int cg_fs_place(struct cg_handle *h, const char *path, struct rt_err **err)
{
	_cleanup_free_ char *self = NULL;
	int r;

	if (path[0] != '/' && (r = cg_read_proc("/proc/self/cgroup", &self, err)) < 0)
		return r;
	for (size_t i = 0; i < h->l->n; i++) {
		_cleanup_free_ char *own = NULL, *p = NULL;

		if (self && !(own = cg_proc_cgroup_path(self, &h->l->h[i], err)))
			return rt_err_code(*err);
		p = cg_path_resolve(path, &h->l->h[i], own);
		if (!p)
			return rt_err_set(err, EINVAL, "cgroup: cannot place '%s' in '%s'", path, h->l->h[i].mnt);
		if ((r = add_hdir(h, (int)i, p, err)) < 0)
			return r;
	}
	return 0;
}

/* cgroup2 without a v1 devices hierarchy: the rules become an eBPF program. */
int cg_fs_apply_devices(struct cg_handle *h, const struct oci_resources *r, struct rt_err **err)
{
	_cleanup_close_ int fd = -1;
	struct cg_hdir *d;

	if (!r || !r->devices_len || cg_ctrl_version(h->l, CG_DEVICES) != 0 || !(d = cg_hdir_of(h, CG_CORE)))
		return 0;
	fd = open(d->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return rt_err_set(err, errno, "cgroup: open '%s'", d->dir);
	return cg_devices_apply(fd, r->devices, r->devices_len, err);
}

/* mkdir and resources of one part of the hierarchies; on failure that part's new dirs go again. */
static int make_part(struct cg_handle *h, const struct cg_writes *w, const struct oci_resources *res, int part,
		     struct rt_err **err)
{
	int r = 0;

	for (size_t i = 0; i < h->n && r >= 0; i++)
		if (in_part(h, &h->d[i], part))
			r = cg_fs_make_dirs(h, &h->d[i], err);
	if (r >= 0)
		r = apply_part(h, w, part, err);
	if (r >= 0 && part != CG_PART_V1)
		r = cg_fs_apply_devices(h, res, err); /* cgroup2 only */
	if (r < 0)
		for (size_t i = h->n; i-- > 0;)
			if (in_part(h, &h->d[i], part))
				undo_dirs(&h->d[i]);
	return r;
}

static int fs_create(struct cg_handle *h, const struct cg_create_opts *o, struct rt_err **err)
{
	struct cg_writes w = {0};
	_cleanup_free_ char *path = NULL;
	bool split = false;
	int r;

	/* 1. validate everything before the first mkdir */
	if (h->l->mode == CG_MODE_NONE)
		return rt_err_set(err, ENODEV, "cgroup: no cgroup hierarchy is mounted");
	if ((r = cg_path_for(o->cgroups_path, o->id, &path, err)) < 0)
		return r;
	if ((r = cg_translate(o->resources, h->l, &w, err)) < 0)
		return r;
	/* 2. directories, every hierarchy (or, split, the cgroup2 one); 3. resources */
	if ((r = cg_fs_place(h, path, err)) >= 0 && o->planned)
		r = o->planned(h, o->planned_data, err);
	for (size_t i = 0; r >= 0 && o->defer_v1 && i < h->n; i++)
		split = split || !h->l->h[h->d[i].hier].v2;
	if (r >= 0)
		r = make_part(h, &w, o->resources, split ? CG_PART_V2 : CG_PART_ALL, err);
	if (r >= 0 && split) {
		h->rest = malloc(sizeof(*h->rest));
		if (!h->rest) {
			r = rt_err_set(err, ENOMEM, "cgroup");
			for (size_t i = h->n; i-- > 0;)
				undo_dirs(&h->d[i]);
		} else {
			*h->rest = w; /* cg_create_rest applies the v1 part */
			w = (struct cg_writes){0};
		}
	}
	cg_writes_done(&w);
	return r;
}

/* The v1 part of a split fs_create. Nothing of it is left on failure (the cgroup2 part is). */
static int fs_create_rest(struct cg_handle *h, struct rt_err **err)
{
	return make_part(h, h->rest, NULL, CG_PART_V1, err);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Removes dir and its sub-cgroups, children first; EBUSY retried until deadline. */
static int rm_tree(const char *dir, int64_t deadline, struct rt_err **err)
{
	_cleanup_closedir_ DIR *dh = NULL;
	struct dirent *de;
	int r;

	/* the common case, a leaf with no process left: one rmdir, no directory scan */
	if (rmdir(dir) == 0 || errno == ENOENT)
		return 0;
	dh = opendir(dir);
	if (!dh)
		return errno == ENOENT ? 0 : rt_err_set(err, errno, "cgroup: open '%s'", dir);
	while ((de = readdir(dh))) {
		_cleanup_free_ char *sub = NULL;

		if (de->d_type != DT_DIR || strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (asprintf(&sub, "%s/%s", dir, de->d_name) < 0)
			return rt_err_set(err, ENOMEM, "cgroup");
		if ((r = rm_tree(sub, deadline, err)) < 0)
			return r;
	}
	for (useconds_t wait = 1000;; wait = wait < 16000 ? wait * 2 : wait) {
		if (rmdir(dir) == 0 || errno == ENOENT)
			return 0;
		if (errno != EBUSY || now_ms() > deadline)
			return rt_err_set(err, errno, "cgroup: rmdir '%s'", dir);
		usleep(wait);
	}
}

size_t cg_fs_rmdir_leaves(struct cg_handle *h)
{
	size_t left = 0;

	for (size_t i = 0; i < h->n; i++)
		if (rmdir(h->d[i].dir) < 0 && errno != ENOENT)
			left++;
	return left;
}

static int fs_destroy(struct cg_handle *h, struct rt_err **err)
{
	int64_t deadline = now_ms() + 500;
	int r = 0;

	/* The usual case, an empty cgroup per hierarchy: no freezer read, no directory scan. */
	if (cg_fs_rmdir_leaves(h) == 0)
		return 0;
	if (cg_is_frozen(h))
		(void)cg_fs_freeze(h, false, NULL);
	for (size_t i = 0; i < h->n; i++) {
		int q = rm_tree(h->d[i].dir, deadline, err);

		if (q < 0 && r == 0)
			r = q; /* keep going: remove what can be removed */
	}
	return r;
}

int cg_fs_enter_pid_part(struct cg_handle *h, pid_t pid, int part, struct rt_err **err)
{
	char buf[24];
	int r;

	snprintf(buf, sizeof(buf), "%d", (int)pid);
	for (size_t i = 0; i < h->n; i++)
		if (in_part(h, &h->d[i], part) && (r = cg_write(h->d[i].dir, "cgroup.procs", buf, err)) < 0)
			return r;
	return 0;
}

static int fs_enter_pid(struct cg_handle *h, pid_t pid, struct rt_err **err)
{
	return cg_fs_enter_pid_part(h, pid, CG_PART_ALL, err);
}

static int check_before_update(struct cg_handle *h, const struct oci_memory *m, struct rt_err **err)
{
	struct cg_hdir *d = cg_hdir_of(h, CG_MEMORY);
	_cleanup_free_ char *s = NULL;
	bool v2 = d && h->l->h[d->hier].v2;
	uint64_t usage;

	if (!d || !m->has_limit || m->limit <= 0)
		return 0;
	if (cg_read(d->dir, v2 ? "memory.current" : "memory.usage_in_bytes", &s) < 0)
		return 0;
	s[strcspn(s, "\n")] = '\0';
	if (rt_parse_u64(s, &usage) == 0 && (uint64_t)m->limit < usage)
		return cg_input_err(err, EBUSY,
				    "linux.resources.memory.limit: %" PRId64 " is below the current usage %" PRIu64,
				    m->limit, usage);
	return 0;
}

static int fs_update(struct cg_handle *h, const struct oci_resources *r, struct rt_err **err)
{
	struct cg_writes w = {0};
	int ret;

	if (r && r->memory && r->memory->has_check_before_update && r->memory->check_before_update &&
	    (ret = check_before_update(h, r->memory, err)) < 0)
		return ret;
	if ((ret = cg_translate(r, h->l, &w, err)) < 0)
		return ret;
	ret = cg_apply(h, &w, err);
	cg_writes_done(&w);
	return ret < 0 ? ret : cg_fs_apply_devices(h, r, err);
}

const struct cg_ops cg_ops_cgroupfs = {
	.name = "cgroupfs",
	.create = fs_create,
	.create_rest = fs_create_rest,
	.destroy = fs_destroy,
	.enter_pid = fs_enter_pid,
	.update = fs_update,
	.freeze = cg_fs_freeze,
};

static int none_create(struct cg_handle *h, const struct cg_create_opts *o, struct rt_err **err)
{
	(void)h, (void)o, (void)err;
	return 0;
}

static int none_handle(struct cg_handle *h, struct rt_err **err)
{
	(void)h, (void)err;
	return 0;
}

static int none_pid(struct cg_handle *h, pid_t pid, struct rt_err **err)
{
	(void)h, (void)pid, (void)err;
	return 0;
}

static int none_update(struct cg_handle *h, const struct oci_resources *r, struct rt_err **err)
{
	(void)h, (void)r, (void)err;
	return 0;
}

static int none_freeze(struct cg_handle *h, bool freeze, struct rt_err **err)
{
	(void)h, (void)freeze;
	return rt_err_set(err, EOPNOTSUPP, "cgroup: the 'none' manager cannot freeze");
}

const struct cg_ops cg_ops_none = {
	.name = "none",
	.create = none_create,
	.destroy = none_handle,
	.enter_pid = none_pid,
	.update = none_update,
	.freeze = none_freeze,
};
