/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Acting on a live cgroup: freezer, kill-all, process list (statistics: stats.c).
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "cgroup/internal.h"
#include "util/util.h"

#define FREEZE_TIMEOUT_MS 2000

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The v1 freezer hierarchy if mounted, else NULL (then cgroup2's core freezer is used). */
static struct cg_hdir *v1_freezer(struct cg_handle *h)
{
	struct cg_hdir *d = cg_hdir_of(h, CG_FREEZER);

	return d && !h->l->h[d->hier].v2 ? d : NULL;
}

/* Reads dir/file and reports whether its text contains want as a whole line. */
static bool text_has_line(const char *s, const char *want)
{
	size_t wl = strlen(want);

	for (const char *p = s; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, want, wl) == 0 && (p[wl] == '\n' || p[wl] == '\0'))
			return true;
	return false;
}

static bool has_line(const char *dir, const char *file, const char *want)
{
	_cleanup_free_ char *s = NULL;

	return cg_read(dir, file, &s) >= 0 && text_has_line(s, want);
}

static int wait_state(const char *dir, const char *file, const char *want, const char *rewrite)
{
	int64_t deadline = mono_ms() + FREEZE_TIMEOUT_MS;

	for (useconds_t wait = 200;; wait = wait < 20000 ? wait * 2 : wait) {
		if (has_line(dir, file, want))
			return 0;
		if (mono_ms() > deadline)
			return -ETIMEDOUT;
		usleep(wait);
		/* v1: writing FROZEN again retries tasks that were busy (in vfork, uninterruptible) */
		if (rewrite)
			(void)cg_write(dir, "freezer.state", rewrite, NULL);
	}
}

int cg_fs_freeze(struct cg_handle *h, bool freeze, struct rt_err **err)
{
	struct cg_hdir *d = v1_freezer(h);
	int r;

	if (d) {
		if ((r = cg_write(d->dir, "freezer.state", freeze ? "FROZEN" : "THAWED", err)) < 0)
			return r;
		if (!freeze)
			return 0;
		if (wait_state(d->dir, "freezer.state", "FROZEN", "FROZEN") == 0)
			return 0;
		(void)cg_write(d->dir, "freezer.state", "THAWED", NULL);
		return rt_err_set(err, ETIMEDOUT, "cgroup: freeze '%s'", d->dir);
	}
	d = cg_hdir_of(h, CG_CORE);
	if (!d)
		return rt_err_set(err, EOPNOTSUPP, "cgroup: no freezer available");
	if ((r = cg_write(d->dir, "cgroup.freeze", freeze ? "1" : "0", err)) < 0)
		return r;
	if (wait_state(d->dir, "cgroup.events", freeze ? "frozen 1" : "frozen 0", NULL) == 0)
		return 0;
	if (freeze)
		(void)cg_write(d->dir, "cgroup.freeze", "0", NULL);
	return rt_err_set(err, ETIMEDOUT, "cgroup: %s '%s'", freeze ? "freeze" : "thaw", d->dir);
}

int cg_freeze(struct cg_handle *h, bool freeze, struct rt_err **err)
{
	return h->ops->freeze(h, freeze, err);
}

bool cg_is_frozen(struct cg_handle *h)
{
	struct cg_hdir *d = h->n ? v1_freezer(h) : NULL;

	if (d) {
		_cleanup_free_ char *s = NULL;

		return cg_read(d->dir, "freezer.state", &s) >= 0 &&
		       (text_has_line(s, "FROZEN") || text_has_line(s, "FREEZING"));
	}
	d = h->n ? cg_hdir_of(h, CG_CORE) : NULL;
	return d && has_line(d->dir, "cgroup.freeze", "1");
}

/*
 * The v1 freezer parks every task of a FROZEN cgroup in the refrigerator, which /proc reports
 * as 'D' (uninterruptible; so is 6.1's TASK_FROZEN), and a FREEZING cgroup's frozen tasks too:
 * a task of the cgroup seen running or sleeping means the freezer has not got it, and `list`
 * skips a kernfs open and read per container (about 8 us here). Any other letter, and the v2
 * freezer (its tasks wait in an interruptible sleep, 'S'), read the file.
 */
bool cg_is_frozen_holding(struct cg_handle *h, char task_state)
{
	if ((task_state == 'R' || task_state == 'S') && h->n && v1_freezer(h))
		return false;
	return cg_is_frozen(h);
}

static int push_pid(pid_t **v, size_t *n, pid_t pid)
{
	pid_t *nv;

	if ((*n & (*n - 1)) == 0 || *n == 0) { /* grow at powers of two */
		nv = realloc(*v, (*n ? *n * 2 : 16) * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		*v = nv;
	}
	(*v)[(*n)++] = pid;
	return 0;
}

static int collect(const char *dir, pid_t **v, size_t *n, struct rt_err **err)
{
	_cleanup_free_ char *s = NULL;
	_cleanup_closedir_ DIR *dh = NULL;
	struct dirent *de;
	int r = cg_read(dir, "cgroup.procs", &s);

	if (r == -ENOENT)
		return 0; /* removed under us */
	if (r < 0)
		return rt_err_set(err, -r, "cgroup: read '%s/cgroup.procs'", dir);
	for (char *save = NULL, *w = strtok_r(s, "\n", &save); w; w = strtok_r(NULL, "\n", &save)) {
		int pid;

		if (rt_parse_int(w, &pid) == 0 && pid > 0 && push_pid(v, n, pid) < 0)
			return rt_err_set(err, ENOMEM, "cgroup: pids");
	}
	dh = opendir(dir);
	while (dh && (de = readdir(dh))) {
		_cleanup_free_ char *sub = NULL;

		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		if (asprintf(&sub, "%s/%s", dir, de->d_name) < 0)
			return rt_err_set(err, ENOMEM, "cgroup: pids");
		if ((r = collect(sub, v, n, err)) < 0)
			return r;
	}
	return 0;
}

int cg_pids(struct cg_handle *h, pid_t **ret, size_t *n, struct rt_err **err)
{
	struct cg_hdir *d = cg_primary(h);
	pid_t *v = NULL;
	size_t k = 0;
	int r;

	*ret = NULL;
	*n = 0;
	if (!d)
		return 0;
	r = collect(d->dir, &v, &k, err);
	if (r < 0) {
		free(v);
		return r;
	}
	*ret = v;
	*n = k;
	return 0;
}

int cg_kill_all(struct cg_handle *h, int sig, struct rt_err **err)
{
	struct cg_hdir *u = h->n ? cg_hdir_of(h, CG_CORE) : NULL;
	_cleanup_free_ pid_t *pids = NULL;
	bool was_frozen, frozen;
	size_t n = 0;
	int r, count = 0;

	if (h->n == 0)
		return 0;
	/* cgroup.kill (5.14+) kills the whole subtree atomically, frozen tasks included. */
	if (sig == SIGKILL && u && cg_write(u->dir, "cgroup.kill", "1", NULL) == 0 && h->l->mode == CG_MODE_V2)
		return 0;
	was_frozen = cg_is_frozen(h);
	frozen = was_frozen || cg_fs_freeze(h, true, NULL) == 0;
	r = cg_pids(h, &pids, &n, err);
	for (size_t i = 0; r >= 0 && i < n; i++) {
		if (kill(pids[i], sig) == 0)
			count++;
		else if (errno != ESRCH && r >= 0)
			r = rt_err_set(err, errno, "cgroup: kill %d", (int)pids[i]);
	}
	/* A v1-frozen task only acts on SIGKILL once thawed; other signals keep a pause. */
	if (frozen && (sig == SIGKILL || !was_frozen))
		(void)cg_fs_freeze(h, false, NULL);
	return r < 0 ? r : count;
}
