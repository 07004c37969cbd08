/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The "cgroup" mount type (runc semantics). The host's hierarchies are read from
 * /proc/self/mountinfo (through the verified procfs):
 *  - unified host (cgroup2 at the top): one cgroup2 mount at the destination;
 *  - v1 or hybrid host: a tmpfs at the destination holding one directory per hierarchy
 *    (named like the host's: "memory", "cpu,cpuacct", "systemd", "unified"), plus
 *    symlinks for co-mounted controllers ("cpu" -> "cpu,cpuacct").
 * Each hierarchy is a new superblock when the container has its own cgroup namespace
 * (the kernel roots it at the namespace root), else a bind of the container's own cgroup
 * directory (from /proc/self/cgroup), so the container never sees the host's tree.
 * The mount's flags (normally ro,nosuid,nodev,noexec) go to every piece.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "fs/procfs.h"
#include "fs/resolve.h"
#include "linux/rootfs_internal.h"
#include "util/util.h"

#define CG_MAX_INFO (4u << 20)

void rootfs_cg_free(struct rootfs_cg *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].mountpoint);
		free(v[i].root);
		free(v[i].controllers);
	}
	free(v);
}

/* mountinfo escapes ' ', '\t', '\n' and '\\' as octal "\040". */
static char *unescape(const char *s, size_t n)
{
	char *out = malloc(n + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 3 < n && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' &&
		    s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
			*o++ = (char)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
			i += 3;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

/* Splits a line into space-separated fields (at most max); returns the count. */
static size_t fields(char *line, char **f, size_t max)
{
	size_t n = 0;

	for (char *p = line; *p && n < max;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		f[n++] = p;
		p = strchrnul(p, ' ');
		if (*p)
			*p++ = '\0';
	}
	return n;
}

/* Controllers from v1 super options: "rw,cpu,cpuacct" -> "cpu,cpuacct"; "name=systemd" kept. */
static char *controllers_of(const char *superopts)
{
	static const char *const generic[] = {"rw",	     "ro",	   "clone_children",	   "noprefix",
					      "xattr",	     "nsdelegate", "memory_recursiveprot", "memory_localevents",
					      "favordynmods"};
	_cleanup_free_ char *copy = rt_strdup(superopts);
	char *out = calloc(1, strlen(superopts) + 1), *save = NULL;
	size_t len = 0;

	if (!copy || !out) {
		free(out);
		return NULL;
	}
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		bool skip = rt_str_has_prefix(t, "release_agent=");

		for (size_t i = 0; i < ARRAY_SIZE(generic) && !skip; i++)
			skip = strcmp(t, generic[i]) == 0;
		if (skip)
			continue;
		if (len)
			out[len++] = ',';
		memcpy(out + len, t, strlen(t) + 1);
		len += strlen(t);
	}
	return out;
}

static int add_hier(struct rootfs_cg **v, size_t *n, char **f)
{
	struct rootfs_cg *nv = realloc(*v, (*n + 1) * sizeof(**v)), *h;
	bool v2 = strcmp(f[1], "cgroup2") == 0;

	if (!nv)
		return -ENOMEM;
	*v = nv;
	h = &nv[*n];
	memset(h, 0, sizeof(*h));
	h->v2 = v2;
	h->root = unescape(f[0], strlen(f[0]));
	h->mountpoint = unescape(f[2], strlen(f[2]));
	h->controllers = v2 ? rt_strdup("") : controllers_of(f[3]);
	(*n)++;
	if (!h->root || !h->mountpoint || !h->controllers)
		return -ENOMEM;
	return 0;
}

int rootfs_cg_parse_mountinfo(const char *text, struct rootfs_cg **ret, size_t *ret_n)
{
	_cleanup_free_ char *buf = rt_strdup(text);
	struct rootfs_cg *v = NULL;
	char *save = NULL;
	size_t n = 0;

	if (!buf)
		return -ENOMEM;
	for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[64], *sel[4];
		size_t nf = fields(line, f, ARRAY_SIZE(f)), dash = 0;

		for (size_t i = 6; i < nf && !dash; i++)
			if (strcmp(f[i], "-") == 0)
				dash = i;
		if (!dash || dash + 2 >= nf)
			continue;
		if (strcmp(f[dash + 1], "cgroup") != 0 && strcmp(f[dash + 1], "cgroup2") != 0)
			continue;
		/* root, fstype, mount point, super options */
		sel[0] = f[3];
		sel[1] = f[dash + 1];
		sel[2] = f[4];
		sel[3] = dash + 3 < nf ? f[dash + 3] : (char *)"";
		if (add_hier(&v, &n, sel) < 0) {
			rootfs_cg_free(v, n);
			return -ENOMEM;
		}
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

/*
 * The container's cgroup in hierarchy h from /proc/self/cgroup text, relative to the
 * hierarchy's mount root (h->root). Malloc'ed, "" when it is the mount root itself.
 */
char *rootfs_cg_own_path(const char *proc_cgroup, const struct rootfs_cg *h)
{
	_cleanup_free_ char *buf = rt_strdup(proc_cgroup);
	char *save = NULL;

	if (!buf)
		return NULL;
	for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL, *path;
		size_t rl = strlen(h->root);

		if (!c2)
			continue;
		*c1 = *c2 = '\0';
		path = c2 + 1;
		if (h->v2 ? strcmp(line, "0") != 0 || c1[1] != '\0' : strcmp(c1 + 1, h->controllers) != 0)
			continue;
		if (strcmp(h->root, "/") == 0)
			rl = 0;
		else if (strncmp(path, h->root, rl) != 0 || (path[rl] != '/' && path[rl] != '\0'))
			return NULL; /* our cgroup is outside what the host mount shows */
		path += rl;
		while (*path == '/')
			path++;
		return rt_strdup(path);
	}
	return NULL;
}

static int read_proc(const char *sub, char **ret, struct rt_err **err)
{
	_cleanup_close_ int fd = procfs_open(0, sub, O_RDONLY, err);
	size_t len;

	if (fd < 0)
		return fd;
	if (rt_read_all_fd(fd, CG_MAX_INFO, ret, &len) < 0)
		return rt_err_set(err, errno, "read '/proc/self/%s'", sub);
	return 0;
}

static bool under_cgroup_root(const char *mp)
{
	return rt_str_has_prefix(mp, "/sys/fs/cgroup/") && !strchr(mp + strlen("/sys/fs/cgroup/"), '/');
}

/* A new superblock of h's hierarchy: rooted at our cgroup namespace root. */
static int cg_fresh(const struct rootfs_mount *m, const struct rootfs_cg *h, struct rt_err **err)
{
	_cleanup_close_ int fsfd = fsopen(h->v2 ? "cgroup2" : "cgroup", FSOPEN_CLOEXEC);
	_cleanup_free_ char *ctl = rt_strdup(h->controllers);
	char *save = NULL;
	int mnt;

	if (fsfd < 0 || !ctl)
		return rt_err_set(err, fsfd < 0 ? errno : ENOMEM, "fsopen cgroup");
	for (char *t = strtok_r(ctl, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int r = rt_str_has_prefix(t, "name=") ? fsconfig(fsfd, FSCONFIG_SET_STRING, "name", t + 5, 0)
						      : fsconfig(fsfd, FSCONFIG_SET_FLAG, t, NULL, 0);
		if (r < 0)
			return rt_err_set(err, errno, "fsconfig cgroup '%s'", t);
	}
	if (fsconfig(fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		return rt_err_set(err, errno, "fsconfig create cgroup '%s'", h->controllers);
	mnt = fsmount(fsfd, FSMOUNT_CLOEXEC, (unsigned int)m->attr_set);
	if (mnt < 0)
		return rt_err_set(err, errno, "fsmount cgroup");
	return mnt;
}

/* A bind of our own cgroup directory in h (no cgroup namespace). */
static int cg_bind_own(const struct rootfs_mount *m, const struct rootfs_cg *h, const char *proc_cgroup,
		       struct rt_err **err)
{
	_cleanup_free_ char *own = rootfs_cg_own_path(proc_cgroup, h), *path = NULL;
	struct mount_attr a = {.attr_set = m->attr_set, .attr_clr = m->attr_clr};
	int fd;

	if (!own)
		return rt_err_set(err, ENOENT, "own cgroup in '%s'", h->mountpoint);
	if (asprintf(&path, "%s/%s", h->mountpoint, own) < 0)
		return rt_err_set(err, ENOMEM, "cgroup");
	fd = open_tree(AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
	if (fd < 0)
		return rt_err_set(err, errno, "open_tree '%s'", path);
	if (mount_setattr(fd, "", AT_EMPTY_PATH, &a, sizeof(a)) < 0) {
		close(fd);
		return rt_err_set(err, errno, "mount_setattr '%s'", path);
	}
	return fd;
}

/*
 * own_dir: targetfd is a directory of the tmpfs cg_v1_tree just made and attached (and
 * checked), opened by a single O_NOFOLLOW component: nothing else can reach or swap it,
 * so the mount cannot land elsewhere and needs no second placement check.
 */
static int cg_attach(const struct rootfs_mount *m, const struct rootfs_cg *h, const char *proc_cgroup, int targetfd,
		     bool own_dir, const char *rootfs, struct rt_err **err)
{
	_cleanup_close_ int mnt = m->cgroupns ? cg_fresh(m, h, err) : cg_bind_own(m, h, proc_cgroup, err);

	if (mnt < 0)
		return mnt;
	if (!own_dir)
		return rootfs_attach(mnt, targetfd, rootfs, err);
	if (move_mount(mnt, "", targetfd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		return rt_err_set(err, errno, "move_mount cgroup '%s'", h->mountpoint);
	return 0;
}

/* The tmpfs of the v1/hybrid layout: a directory (and co-mount symlinks) per hierarchy, detached, rw. */
static int cg_tmpfs(const struct rootfs_mount *m, const struct rootfs_cg *v, size_t n, struct rt_err **err)
{
	_cleanup_close_ int fsfd = fsopen("tmpfs", FSOPEN_CLOEXEC), tmp = -1;

	if (fsfd < 0 || fsconfig(fsfd, FSCONFIG_SET_STRING, "source", "tmpfs", 0) < 0 ||
	    fsconfig(fsfd, FSCONFIG_SET_STRING, "mode", "755", 0) < 0 ||
	    (m->context && fsconfig(fsfd, FSCONFIG_SET_STRING, "context", m->context, 0) < 0) ||
	    fsconfig(fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		return rt_err_set(err, errno, "cgroup tmpfs");
	tmp = fsmount(fsfd, FSMOUNT_CLOEXEC, (unsigned int)(m->attr_set & ~(uint64_t)MOUNT_ATTR_RDONLY));
	if (tmp < 0)
		return rt_err_set(err, errno, "fsmount cgroup tmpfs");
	for (size_t i = 0; i < n; i++) {
		const char *name = strrchr(v[i].mountpoint, '/') + 1;

		if (mkdirat(tmp, name, 0755) < 0)
			return rt_err_set(err, errno, "mkdir cgroup '%s'", name);
		if (strchr(name, ',')) {
			_cleanup_free_ char *parts = rt_strdup(name);
			char *save = NULL;

			for (char *t = strtok_r(parts, ",", &save); t; t = strtok_r(NULL, ",", &save))
				if (symlinkat(name, tmp, t) < 0 && errno != EEXIST)
					return rt_err_set(err, errno, "symlink cgroup '%s'", t);
		}
	}
	return TAKE_FD(tmp);
}

static int cg_tmpfs_readonly(const struct rootfs_mount *m, int tmp, struct rt_err **err)
{
	struct mount_attr a = {.attr_set = MOUNT_ATTR_RDONLY};

	if ((m->attr_set & MOUNT_ATTR_RDONLY) && mount_setattr(tmp, "", AT_EMPTY_PATH, &a, sizeof(a)) < 0)
		return rt_err_set(err, errno, "cgroup tmpfs read-only");
	return 0;
}

/* v1/hybrid: a tmpfs with a directory (and co-mount symlinks) per hierarchy. */
static int cg_v1_tree(const struct rootfs_mount *m, struct rootfs_cg *v, size_t n, const char *proc_cgroup,
		      int targetfd, const char *rootfs, struct rt_err **err)
{
	_cleanup_close_ int tmp = cg_tmpfs(m, v, n, err);
	int r;

	if (tmp < 0)
		return tmp;
	r = rootfs_attach(tmp, targetfd, rootfs, err);
	for (size_t i = 0; r >= 0 && i < n; i++) {
		const char *name = strrchr(v[i].mountpoint, '/') + 1;
		_cleanup_close_ int sub = openat(tmp, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

		r = sub < 0 ? rt_err_set(err, errno, "open cgroup '%s'", name)
			    : cg_attach(m, &v[i], proc_cgroup, sub, true, rootfs, err);
	}
	return r < 0 ? r : cg_tmpfs_readonly(m, tmp, err);
}

/*
 * The hierarchies the mount shows, from mountinfo text: the cgroup2 mounted on
 * /sys/fs/cgroup alone (unified host), else every one mounted directly under it.
 * *all owns the strings; *sel (n_all + 1 entries) points into it.
 */
static int cg_select(const char *mountinfo, struct rootfs_cg **all, size_t *n_all, struct rootfs_cg **sel, size_t *n,
		     struct rt_err **err)
{
	struct rootfs_cg *v;

	*n = 0;
	if (rootfs_cg_parse_mountinfo(mountinfo, all, n_all) < 0)
		return rt_err_set(err, ENOMEM, "cgroup");
	*sel = v = calloc(*n_all + 1, sizeof(*v));
	if (!v) {
		rootfs_cg_free(*all, *n_all);
		*all = NULL;
		return rt_err_set(err, ENOMEM, "cgroup");
	}
	for (size_t i = 0; i < *n_all; i++) {
		if (strcmp((*all)[i].mountpoint, "/sys/fs/cgroup") == 0 && (*all)[i].v2) {
			*n = 0; /* unified host: just this one */
			v[(*n)++] = (*all)[i];
			break;
		}
		if (under_cgroup_root((*all)[i].mountpoint))
			v[(*n)++] = (*all)[i];
	}
	return 0;
}

/*
 * One bind of dir (the container's cgroup, a host path) onto name in the detached tree tmp.
 * A clone of a shared host mount joins its peer group: cut from it before the container can
 * mount anything there that would propagate to the host. Private as the init's new
 * superblock in a cgroup namespace is; else a slave, as the init's bind of its rslave copy.
 */
static int tree_bind(const struct rootfs_mount *m, int tmp, const char *name, const char *dir, struct rt_err **err)
{
	struct mount_attr a = {
		.attr_set = m->attr_set, .attr_clr = m->attr_clr, .propagation = m->cgroupns ? MS_PRIVATE : MS_SLAVE};
	_cleanup_close_ int fd = open_tree(AT_FDCWD, dir, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_SYMLINK_NOFOLLOW);

	if (fd < 0)
		return rt_err_set(err, errno, "open_tree '%s'", dir);
	if (mount_setattr(fd, "", AT_EMPTY_PATH, &a, sizeof(a)) < 0)
		return rt_err_set(err, errno, "mount_setattr '%s'", dir);
	/* mounting beneath a detached mount: Linux 6.15 */
	if (move_mount(fd, "", tmp, name, MOVE_MOUNT_F_EMPTY_PATH) < 0)
		return rt_err_set(err, errno, "move_mount '%s' into the detached cgroup tree", dir);
	return 0;
}

int rootfs_cgroup_tree(const struct rootfs_mount *m, const char *mountinfo,
		       const char *(*dir_of)(const char *mountpoint, void *data), void *data, struct rt_err **err)
{
	struct rootfs_cg *all = NULL, *v = NULL;
	size_t n_all = 0, n = 0;
	int tmp = -1, r;

	if (!mountinfo)
		return rt_err_set(err, ENOENT, "no mountinfo");
	r = cg_select(mountinfo, &all, &n_all, &v, &n, err);
	if (r < 0)
		return r;
	if (n == 0 || (n == 1 && strcmp(v[0].mountpoint, "/sys/fs/cgroup") == 0))
		r = rt_err_set(err, EOPNOTSUPP, "not a v1 or hybrid cgroup layout");
	if (r >= 0)
		r = tmp = cg_tmpfs(m, v, n, err);
	for (size_t i = 0; r >= 0 && i < n; i++) {
		const char *dir = dir_of(v[i].mountpoint, data);

		r = dir ? tree_bind(m, tmp, strrchr(v[i].mountpoint, '/') + 1, dir, err)
			: rt_err_set(err, ENOENT, "no container cgroup in '%s'", v[i].mountpoint);
	}
	if (r >= 0)
		r = cg_tmpfs_readonly(m, tmp, err);
	if (r < 0 && tmp >= 0)
		close(tmp);
	free(v);
	rootfs_cg_free(all, n_all);
	return r < 0 ? r : tmp;
}

static int (*tree_source)(void *data, struct rt_err **err);
static void *tree_data;

void rootfs_set_cgroup_tree_source(int (*source)(void *data, struct rt_err **err), void *data)
{
	tree_source = source;
	tree_data = data;
}

/* A tree rt built (rootfs_cgroup_tree), attached as it is: 0. 1: none (mount it here), < 0: error. */
static int cg_prepared(int rootfd, const char *rootfs, const struct rootfs_mount *m, struct rt_err **err)
{
	int (*source)(void *data, struct rt_err **err) = tree_source;
	_cleanup_close_ int tree = -1, targetfd = -1;

	if (!source)
		return 1;
	tree_source = NULL;
	tree = source(tree_data, err);
	if (tree == -ENOENT && !*err)
		return 1;
	if (tree < 0)
		return tree;
	targetfd = resolve_mkdir_p(rootfd, m->dest, 0755, err);
	if (targetfd < 0)
		return targetfd;
	return rootfs_attach(tree, targetfd, rootfs, err);
}

static const char *host_mountinfo;

void rootfs_set_host_mountinfo(const char *text)
{
	host_mountinfo = text;
}

int rootfs_mount_cgroup(int rootfd, const char *rootfs, const struct rootfs_mount *m, struct rt_err **err)
{
	_cleanup_free_ char *mountinfo = NULL, *proc_cgroup = NULL;
	_cleanup_close_ int targetfd = -1;
	struct rootfs_cg *all = NULL, *v = NULL;
	size_t n_all = 0, n = 0;
	int r = cg_prepared(rootfd, rootfs, m, err);

	if (r <= 0)
		return r;
	/* our own cgroup paths: only the binds of the layout without a cgroup namespace need them */
	if ((!host_mountinfo && (r = read_proc("mountinfo", &mountinfo, err)) < 0) ||
	    (!m->cgroupns && (r = read_proc("cgroup", &proc_cgroup, err)) < 0))
		return r;
	r = cg_select(host_mountinfo ? host_mountinfo : mountinfo, &all, &n_all, &v, &n, err);
	if (r < 0)
		return r;
	targetfd = resolve_mkdir_p(rootfd, m->dest, 0755, err);
	if (targetfd < 0)
		r = targetfd;
	else if (n == 0)
		r = rt_err_set(err, ENOENT, "no cgroup hierarchy under /sys/fs/cgroup");
	else if (n == 1 && strcmp(v[0].mountpoint, "/sys/fs/cgroup") == 0)
		r = cg_attach(m, &v[0], proc_cgroup, targetfd, false, rootfs, err);
	else
		r = cg_v1_tree(m, v, n, proc_cgroup, targetfd, rootfs, err);
	free(v);
	rootfs_cg_free(all, n_all);
	return r;
}
