/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cgroup layout detection (controller -> hierarchy map) and path computation.
 * Everything here except cg_layout_get() is pure and unit-tested on fixture texts.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "cgroup/internal.h"
#include "util/util.h"

static const char *const ctrl_names[CG_NCTRL] = {
	[CG_CPU] = "cpu",
	[CG_CPUACCT] = "cpuacct",
	[CG_CPUSET] = "cpuset",
	[CG_MEMORY] = "memory",
	[CG_DEVICES] = "devices",
	[CG_FREEZER] = "freezer",
	[CG_BLKIO] = "blkio",
	[CG_PIDS] = "pids",
	[CG_HUGETLB] = "hugetlb",
	[CG_NET_CLS] = "net_cls",
	[CG_NET_PRIO] = "net_prio",
	[CG_RDMA] = "rdma",
	[CG_PERF_EVENT] = "perf_event",
	[CG_MISC] = "misc",
};

const char *cg_ctrl_name(enum cg_ctrl c, bool v2)
{
	if (c == CG_BLKIO && v2)
		return "io";
	if ((unsigned)c >= CG_NCTRL)
		return "cgroup";
	return ctrl_names[c];
}

int cg_ctrl_from_name(const char *name)
{
	if (strcmp(name, "io") == 0)
		return CG_BLKIO;
	for (int i = 0; i < CG_NCTRL; i++)
		if (strcmp(name, ctrl_names[i]) == 0)
			return i;
	return -1;
}

int cg_ctrl_version(const struct cg_layout *l, enum cg_ctrl c)
{
	int i;

	if (c == CG_CORE)
		return l->v2_hier >= 0 ? 2 : 0;
	if ((unsigned)c >= CG_NCTRL)
		return 0;
	i = l->ctrl_hier[c];
	if (i < 0)
		return 0;
	return l->h[i].v2 ? 2 : 1;
}

/* Undoes mountinfo's octal escapes (\040 space, \011 tab, \012 newline, \134 backslash) in place. */
static void unescape(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' && r[3] >= '0' &&
		    r[3] <= '7') {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
			r += 3;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

/* The v1 controller named by the n bytes at w ("io" is cgroup2's name: none); -1 if none. */
static int v1_ctrl(const char *w, size_t n)
{
	for (int c = 0; c < CG_NCTRL; c++)
		if (strncmp(w, ctrl_names[c], n) == 0 && ctrl_names[c][n] == '\0')
			return c;
	return -1;
}

/*
 * The controllers (mask) and the last "name=x" word (name, nlen; NULL when none) of a
 * comma list ending at its NUL or at end. Scans in place: no copy, no allocation.
 */
static void v1_words(const char *list, const char *end, uint32_t *mask, const char **name, size_t *nlen)
{
	*mask = 0;
	*name = NULL;
	*nlen = 0;
	for (const char *w = list; w < end && *w;) {
		const char *comma = memchr(w, ',', (size_t)(end - w));
		size_t n = comma ? (size_t)(comma - w) : strnlen(w, (size_t)(end - w));
		int c;

		if (n > 5 && strncmp(w, "name=", 5) == 0) {
			*name = w;
			*nlen = n;
		} else if ((c = v1_ctrl(w, n)) >= 0) {
			*mask |= 1u << c;
		}
		w += n + (comma ? 1 : 0);
	}
}

static bool key_add(char *key, size_t keylen, size_t *off, const char *w, size_t n)
{
	size_t sep = *off ? 1 : 0;

	if (*off + sep + n >= keylen)
		return false;
	if (sep)
		key[(*off)++] = ',';
	memcpy(key + *off, w, n);
	*off += n;
	key[*off] = '\0';
	return true;
}

/*
 * Canonical key of a v1 hierarchy from a comma list (mount super options or the
 * middle field of /proc/<pid>/cgroup): controllers in enum order, then "name=x".
 * Unknown words (rw, xattr, release_agent=...) are skipped.
 */
static int v1_key(const char *list, uint32_t *ret_mask, char *key, size_t keylen)
{
	const char *name;
	uint32_t mask;
	size_t nlen, off = 0;

	v1_words(list, list + strlen(list), &mask, &name, &nlen);
	key[0] = '\0';
	for (int c = 0; c < CG_NCTRL; c++)
		if ((mask & (1u << c)) && !key_add(key, keylen, &off, ctrl_names[c], strlen(ctrl_names[c])))
			return -ENAMETOOLONG;
	if (name && !key_add(key, keylen, &off, name, nlen))
		return -ENAMETOOLONG;
	*ret_mask = mask;
	return mask || name ? 1 : 0;
}

static void set_v2_controllers(struct cg_layout *l, const char *text)
{
	struct cg_hier *h;
	_cleanup_free_ char *copy = NULL;
	char *save = NULL;

	if (l->v2_hier < 0 || !text)
		return;
	h = &l->h[l->v2_hier];
	copy = rt_strdup(text);
	if (!copy)
		return;
	for (char *w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		int c = cg_ctrl_from_name(w);

		/* A controller bound to a v1 hierarchy never shows here; be strict anyway. */
		if (c < 0 || l->ctrl_hier[c] >= 0)
			continue;
		h->ctrl |= 1u << c;
		l->ctrl_hier[c] = l->v2_hier;
	}
	/* The freezer is core on cgroup2 (cgroup.freeze): usable when v1 has none. */
}

static int add_hier(struct cg_layout *l, const char *root, const char *mnt, const char *key, bool v2, uint32_t mask,
		    struct rt_err **err)
{
	struct cg_hier *h;

	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->h[i].key, key) == 0)
			return 0; /* the same hierarchy mounted twice: keep the first */
	if (l->n == CG_MAX_HIER)
		return rt_err_set(err, E2BIG, "mountinfo: more than %d cgroup hierarchies", CG_MAX_HIER);
	h = &l->h[l->n];
	h->mnt = rt_strdup(mnt);
	h->root = rt_strdup(root);
	h->key = rt_strdup(key);
	if (!h->mnt || !h->root || !h->key) {
		free(h->mnt);
		free(h->root);
		free(h->key);
		return rt_err_set(err, ENOMEM, "mountinfo");
	}
	h->v2 = v2;
	h->ctrl = mask;
	for (int c = 0; c < CG_NCTRL; c++)
		if ((mask & (1u << c)) && l->ctrl_hier[c] < 0)
			l->ctrl_hier[c] = (int)l->n;
	if (v2)
		l->v2_hier = (int)l->n;
	l->n++;
	return 0;
}

/* One mountinfo line: "id parent maj:min root mnt opts [optional...] - fstype source superopts". */
static int parse_line(struct cg_layout *l, char *line, struct rt_err **err)
{
	char *f[6] = {0}, *save = NULL, *fstype, *superopts, *w;
	char key[256];
	uint32_t mask = 0;
	int i = 0, r;
	/* Fields are escaped paths and words: " - " is only the separator. Most mounts are not cgroups. */
	const char *sep = strstr(line, " - ");

	if (!sep || strncmp(sep + 3, "cgroup", 6) != 0 || (sep[9] != ' ' && strncmp(sep + 9, "2 ", 2) != 0))
		return 0;
	for (w = strtok_r(line, " ", &save); w && i < 6; w = strtok_r(NULL, " ", &save))
		f[i++] = w;
	if (i < 6)
		return 0;
	while (w && strcmp(w, "-") != 0)
		w = strtok_r(NULL, " ", &save);
	fstype = strtok_r(NULL, " ", &save);
	(void)strtok_r(NULL, " ", &save); /* source */
	superopts = strtok_r(NULL, " ", &save);
	if (!fstype || !superopts)
		return 0;
	unescape(f[3]);
	unescape(f[4]);
	if (strcmp(fstype, "cgroup2") == 0)
		return l->v2_hier >= 0 ? 0 : add_hier(l, f[3], f[4], "unified", true, 0, err);
	if (strcmp(fstype, "cgroup") != 0)
		return 0;
	r = v1_key(superopts, &mask, key, sizeof(key));
	if (r < 0)
		return rt_err_set(err, -r, "mountinfo: cgroup options '%s'", superopts);
	if (r == 0)
		return 0;
	return add_hier(l, f[3], f[4], key, false, mask, err);
}

int cg_layout_parse(const char *mountinfo, const char *v2_controllers, struct cg_layout *ret, struct rt_err **err)
{
	_cleanup_free_ char *copy = rt_strdup(mountinfo);
	char *save = NULL;
	bool v1 = false;

	memset(ret, 0, sizeof(*ret));
	ret->v2_hier = -1;
	for (int c = 0; c < CG_NCTRL; c++)
		ret->ctrl_hier[c] = -1;
	if (!copy)
		return rt_err_set(err, ENOMEM, "mountinfo");
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		int r = parse_line(ret, line, err);

		if (r < 0) {
			cg_layout_done(ret);
			return r;
		}
	}
	set_v2_controllers(ret, v2_controllers);
	for (size_t i = 0; i < ret->n; i++)
		if (!ret->h[i].v2 && ret->h[i].ctrl)
			v1 = true;
	if (ret->v2_hier >= 0)
		ret->mode = v1 ? CG_MODE_HYBRID : CG_MODE_V2;
	else
		ret->mode = ret->n ? CG_MODE_V1 : CG_MODE_NONE;
	return 0;
}

void cg_layout_done(struct cg_layout *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->h[i].mnt);
		free(l->h[i].root);
		free(l->h[i].key);
	}
	l->n = 0;
}

/* Reads a /proc file, checking the fd is really on procfs (a cheap fstatfs). */
int cg_read_proc(const char *path, char **ret, struct rt_err **err)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct statfs sfs;
	int r;

	if (fd < 0)
		return rt_err_set(err, errno, "open '%s'", path);
	if (fstatfs(fd, &sfs) < 0)
		return rt_err_set(err, errno, "fstatfs '%s'", path);
	if (sfs.f_type != PROC_SUPER_MAGIC)
		return rt_err_set(err, EXDEV, "'%s' is not on procfs", path);
	r = rt_read_all_fd(fd, 4u << 20, ret, NULL);
	if (r < 0)
		return rt_err_set(err, -r, "read '%s'", path);
	return 0;
}

/* The mountinfo text cg_layout_get() parsed: kept for cg_layout_mountinfo(). */
static char *layout_mountinfo;

const char *cg_layout_mountinfo(void)
{
	return layout_mountinfo;
}

const struct cg_layout *cg_layout_get(struct rt_err **err)
{
	static struct cg_layout cached;
	static bool done;
	_cleanup_free_ char *mi = NULL, *ctl = NULL, *p = NULL;
	int r;

	if (done)
		return &cached;
	r = cg_read_proc("/proc/self/mountinfo", &mi, err);
	if (r < 0)
		return NULL;
	r = cg_layout_parse(mi, NULL, &cached, err);
	if (r < 0)
		return NULL;
	if (cached.v2_hier >= 0) {
		if (asprintf(&p, "%s/cgroup.controllers", cached.h[cached.v2_hier].mnt) < 0) {
			rt_err_set(err, ENOMEM, "cgroup layout");
			cg_layout_done(&cached);
			return NULL;
		}
		/* An empty or unreadable list just means no v2 controller. */
		if (rt_read_file_at(AT_FDCWD, p, 4096, &ctl) == 0)
			set_v2_controllers(&cached, ctl);
	}
	layout_mountinfo = TAKE_PTR(mi);
	done = true;
	return &cached;
}

/* Whether a v1 list (up to end) names hierarchy h: the same controllers and the same name= word. */
static bool v1_is(const char *list, const char *end, const struct cg_hier *h)
{
	const char *name, *hname = strstr(h->key, "name=");
	uint32_t mask;
	size_t nlen;

	v1_words(list, end, &mask, &name, &nlen);
	if (mask != h->ctrl || !name != !hname)
		return false;
	return !name || (strlen(hname) == nlen && strncmp(name, hname, nlen) == 0);
}

char *cg_proc_cgroup_path(const char *proc_cgroup, const struct cg_hier *h, struct rt_err **err)
{
	for (const char *line = proc_cgroup, *next; line && *line; line = next) {
		const char *eol = strchr(line, '\n'), *end = eol ? eol : line + strlen(line);
		const char *c1 = memchr(line, ':', (size_t)(end - line)), *c2;
		bool match;

		next = eol ? eol + 1 : NULL;
		if (!c1 || !(c2 = memchr(c1 + 1, ':', (size_t)(end - c1 - 1))))
			continue;
		/* cgroup2: "0::/path"; v1: "4:memory:/path" */
		match = h->v2 ? c1 == line + 1 && line[0] == '0' && c2 == c1 + 1 : c2 > c1 + 1 && v1_is(c1 + 1, c2, h);
		if (match) {
			char *p = strndup(c2 + 1, (size_t)(end - c2 - 1));

			if (!p)
				rt_err_set(err, ENOMEM, "cgroup path");
			return p;
		}
	}
	rt_err_set(err, ENOENT, "cgroup hierarchy '%s' not listed in /proc/self/cgroup", h->key);
	return NULL;
}

/* Appends the components of p (dropping "" and ".", refusing "..") to buf. */
static int append_components(char *buf, size_t len, const char *p)
{
	_cleanup_free_ char *copy = rt_strdup(p);
	char *save = NULL;
	size_t off = strlen(buf);

	if (!copy)
		return -ENOMEM;
	for (char *w = strtok_r(copy, "/", &save); w; w = strtok_r(NULL, "/", &save)) {
		int n;

		if (strcmp(w, ".") == 0)
			continue;
		if (strcmp(w, "..") == 0)
			return -EPERM;
		n = snprintf(buf + off, len - off, "%s%s", off && buf[off - 1] != '/' ? "/" : "", w);
		if (n < 0 || (size_t)n >= len - off)
			return -ENAMETOOLONG;
		off += (size_t)n;
	}
	return 0;
}

static bool is_systemd_form(const char *p)
{
	const char *c1, *c2;

	if (p[0] == '/')
		return false;
	c1 = strchr(p, ':');
	c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	return c2 && !strchr(c2 + 1, ':');
}

int cg_path_for(const char *cgroups_path, const char *id, char **ret, struct rt_err **err)
{
	char buf[4096];
	int r;

	if (!cgroups_path || !*cgroups_path) {
		if (!id || !*id || strchr(id, '/') || strchr(id, '\n') || strcmp(id, ".") == 0 || strcmp(id, "..") == 0)
			return cg_input_err(err, EINVAL, "container id '%s' is not a valid cgroup name", id ? id : "");
		cgroups_path = id;
	}
	if (strpbrk(cgroups_path, "\n\t"))
		return cg_input_err(err, EINVAL, "cgroupsPath '%s': contains a newline or tab", cgroups_path);
	if (is_systemd_form(cgroups_path))
		return cg_input_err(err, EOPNOTSUPP,
				    "cgroupsPath '%s': the slice:prefix:name form needs the systemd cgroup manager "
				    "(--systemd-cgroup)",
				    cgroups_path);
	buf[0] = cgroups_path[0] == '/' ? '/' : '\0';
	buf[1] = '\0';
	r = append_components(buf, sizeof(buf), cgroups_path);
	if (r == -EPERM)
		return cg_input_err(err, EINVAL, "cgroupsPath '%s': '..' is not allowed", cgroups_path);
	if (r < 0)
		return rt_err_set(err, -r, "cgroupsPath '%s'", cgroups_path);
	if (buf[0] == '\0' || strcmp(buf, "/") == 0)
		return cg_input_err(err, EINVAL, "cgroupsPath '%s': names the root cgroup", cgroups_path);
	*ret = rt_strdup(buf);
	return *ret ? 0 : rt_err_set(err, ENOMEM, "cgroupsPath");
}

char *cg_path_resolve(const char *path, const struct cg_hier *h, const char *own)
{
	char buf[4096] = "/";
	const char *base = own ? own : "/";
	size_t rl = strlen(h->root);
	char *slash;

	if (path[0] == '/')
		return rt_strdup(path);
	/* own is a hierarchy path; make it relative to what the mount shows. */
	if (strcmp(h->root, "/") != 0 && strncmp(base, h->root, rl) == 0 && (base[rl] == '/' || base[rl] == '\0'))
		base += rl;
	if (append_components(buf, sizeof(buf), base) < 0)
		return NULL;
	if (h->v2) {
		slash = strrchr(buf, '/');
		if (slash == buf)
			buf[1] = '\0';
		else if (slash)
			*slash = '\0';
	}
	if (append_components(buf, sizeof(buf), path) < 0)
		return NULL;
	return rt_strdup(buf);
}

char *cg_hier_dir(const struct cg_hier *h, const char *cgpath)
{
	char *p = NULL;

	if (asprintf(&p, "%s%s", h->mnt, strcmp(cgpath, "/") == 0 ? "" : cgpath) < 0)
		return NULL;
	return p;
}
