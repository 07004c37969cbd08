/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Commands that act on a container through its cgroup: pause, resume, ps, update,
 * stats and the event watch of `rt events`.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "core/manage.h"
#include "core/internal.h"
#include "util/util.h"

struct ctl {
	int rootfd;
	int dirfd;
	struct rt_record rec;
	struct cg_handle *cg;
};

static void ctl_close(struct ctl *c)
{
	if (c->cg)
		cg_handle_free(c->cg);
	if (c->dirfd >= 0)
		close(c->dirfd);
	if (c->rootfd >= 0)
		close(c->rootfd);
	rt_record_clear(&c->rec);
}

static int ctl_open(const char *root, const char *id, bool exclusive, struct ctl *c, struct rt_err **err)
{
	int r;

	memset(c, 0, sizeof(*c));
	c->rootfd = c->dirfd = -1;
	r = rt_id_validate(id, err);
	if (r < 0)
		return r;
	c->rootfd = rt_root_open(root, false, err);
	if (c->rootfd == -ENOENT)
		return rt_err_set(err, 0, "container '%s' does not exist", id);
	if (c->rootfd < 0)
		return c->rootfd;
	c->dirfd = rt_state_dir_open(c->rootfd, id, exclusive, err);
	if (c->dirfd < 0)
		return c->dirfd;
	r = rt_record_read(c->dirfd, &c->rec, err);
	if (r < 0)
		return r;
	if (!c->rec.cgroup && c->rec.no_cgroup)
		return rt_err_set(err, 0, "container '%s' has no cgroup: %s", id, c->rec.no_cgroup);
	if (!c->rec.cgroup)
		return rt_err_set(err, 0, "container '%s' has no cgroup (created with --cgroup-manager disabled)", id);
	return cg_load(c->rec.cgroup, &c->cg, err);
}

int rt_container_pause(const char *root, const char *id, bool pause, struct rt_err **err)
{
	struct ctl c;
	int r = ctl_open(root, id, true, &c, err);

	if (r >= 0 && !rt_record_alive(&c.rec))
		r = rt_err_set(err, 0, "container '%s' is not running", id);
	/* a created container too, as runc 1.1.5 (Pause: Running or Created); resume gives it back created */
	else if (r >= 0 && pause && cg_is_frozen(c.cg))
		r = rt_err_set(err, 0, "container '%s' is already paused", id);
	else if (r >= 0 && !pause && !cg_is_frozen(c.cg))
		r = rt_err_set(err, 0, "container '%s' is not paused", id);
	else if (r >= 0)
		r = cg_freeze(c.cg, pause, err);
	ctl_close(&c);
	return r;
}

int rt_container_pids(const char *root, const char *id, pid_t **ret, size_t *n, struct rt_err **err)
{
	struct ctl c;
	int r = ctl_open(root, id, false, &c, err);

	*ret = NULL;
	*n = 0;
	if (r >= 0 && rt_record_alive(&c.rec))
		r = cg_pids(c.cg, ret, n, err);
	ctl_close(&c);
	return r;
}

/* Field-wise merge of an update into the stored resources (absent fields stay). */
#define MERGE(dst, src, f)                                                                                             \
	do {                                                                                                           \
		if ((src)->has_##f) {                                                                                  \
			(dst)->has_##f = true;                                                                         \
			(dst)->f = (src)->f;                                                                           \
		}                                                                                                      \
	} while (0)

static int merge_str(char **dst, const char *src)
{
	char *c;

	if (!src)
		return 0;
	c = strdup(src);
	if (!c)
		return -ENOMEM;
	free(*dst);
	*dst = c;
	return 0;
}

static void *take_or_alloc(void **dst, size_t size)
{
	if (!*dst)
		*dst = calloc(1, size);
	return *dst;
}

static int merge_resources(struct oci_resources *d, const struct oci_resources *s)
{
	if (s->memory) {
		struct oci_memory *m = take_or_alloc((void **)&d->memory, sizeof(*m));
		if (!m)
			return -ENOMEM;
		MERGE(m, s->memory, limit);
		MERGE(m, s->memory, reservation);
		MERGE(m, s->memory, swap);
		MERGE(m, s->memory, swappiness);
		MERGE(m, s->memory, check_before_update);
	}
	if (s->cpu) {
		struct oci_cpu *c = take_or_alloc((void **)&d->cpu, sizeof(*c));
		if (!c || merge_str(&c->cpus, s->cpu->cpus) < 0 || merge_str(&c->mems, s->cpu->mems) < 0)
			return -ENOMEM;
		MERGE(c, s->cpu, shares);
		MERGE(c, s->cpu, quota);
		MERGE(c, s->cpu, burst);
		MERGE(c, s->cpu, period);
		MERGE(c, s->cpu, realtime_runtime);
		MERGE(c, s->cpu, realtime_period);
		MERGE(c, s->cpu, idle);
	}
	if (s->pids) {
		struct oci_pids *p = take_or_alloc((void **)&d->pids, sizeof(*p));
		if (!p)
			return -ENOMEM;
		MERGE(p, s->pids, limit);
	}
	if (s->block_io) {
		struct oci_blkio *b = take_or_alloc((void **)&d->block_io, sizeof(*b));
		if (!b)
			return -ENOMEM;
		MERGE(b, s->block_io, weight);
		MERGE(b, s->block_io, leaf_weight);
	}
	return 0;
}

/* Rewrites the stored config with the merged resources, so later commands see them. */
static int store_resources(int dirfd, const struct oci_resources *upd, struct rt_err **err)
{
	struct oci_config *cfg = oci_config_parse_file(dirfd, "config.json", err);
	_cleanup_free_ char *json = NULL;
	size_t len;
	int r;

	if (!cfg)
		return -EINVAL;
	r = -ENOMEM;
	if (take_or_alloc((void **)&cfg->linux_, sizeof(*cfg->linux_)) &&
	    take_or_alloc((void **)&cfg->linux_->resources, sizeof(struct oci_resources)))
		r = merge_resources(cfg->linux_->resources, upd);
	if (r < 0) {
		oci_config_free(cfg);
		return rt_err_set(err, -r, "update stored config");
	}
	json = oci_config_generate(cfg, false, &len, err);
	oci_config_free(cfg);
	if (!json)
		return -EINVAL;
	return rt_state_write_file(dirfd, "config.json", json, len, err);
}

int rt_container_update(const char *root, const char *id, const struct oci_resources *r, struct rt_err **err)
{
	struct ctl c;
	int ret = ctl_open(root, id, true, &c, err);

	if (ret >= 0 && !rt_record_alive(&c.rec))
		ret = rt_err_set(err, 0, "container '%s' is not running", id);
	if (ret >= 0)
		ret = cg_update(c.cg, r, err);
	if (ret >= 0)
		ret = store_resources(c.dirfd, r, err);
	ctl_close(&c);
	return ret;
}

struct rt_events {
	struct ctl c;
	struct cg_oom_watch *oom; /* NULL: compare counters instead */
	int pidfd;		  /* the init; -1 once it is gone */
	uint64_t last_oom_kill;
};

int rt_events_open(const char *root, const char *id, struct rt_events **ret, struct rt_err **err)
{
	struct rt_events *e = calloc(1, sizeof(*e));
	struct cg_stats st;
	int r;

	if (!e)
		return rt_err_set(err, ENOMEM, "events");
	e->pidfd = -1;
	r = ctl_open(root, id, false, &e->c, err);
	/* The record and the cgroup are all we need: no lock held that would block `delete`. */
	if (e->c.dirfd >= 0)
		close(TAKE_FD(e->c.dirfd));
	if (e->c.rootfd >= 0)
		close(TAKE_FD(e->c.rootfd));
	if (r >= 0 && rt_record_alive(&e->c.rec)) {
		e->pidfd = (int)syscall(SYS_pidfd_open, e->c.rec.pid, 0);
		/* pid recycled between the check and the open: treat as stopped */
		if (e->pidfd >= 0 && !rt_record_alive(&e->c.rec)) {
			close(e->pidfd);
			e->pidfd = -1;
		}
	}
	if (r >= 0 && e->pidfd >= 0 && (r = cg_oom_watch_open(e->c.cg, &e->oom, err)) == -EOPNOTSUPP)
		r = 0;
	if (r >= 0 && !e->oom && cg_stats(e->c.cg, &st, NULL) == 0)
		e->last_oom_kill = st.oom_kill;
	if (r < 0) {
		rt_events_free(e);
		return r;
	}
	*ret = e;
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Without a notification fd: the oom_kill counter moved since the last look. */
static unsigned counter_ooms(struct rt_events *e)
{
	struct cg_stats st;
	unsigned n = 0;

	if (cg_stats(e->c.cg, &st, NULL) == 0) {
		n = st.oom_kill > e->last_oom_kill ? (unsigned)(st.oom_kill - e->last_oom_kill) : 0;
		e->last_oom_kill = st.oom_kill;
	}
	return n;
}

int rt_events_wait(struct rt_events *e, long timeout_ms, unsigned *ret_count, struct rt_err **err)
{
	int64_t deadline = now_ms() + timeout_ms;

	*ret_count = 0;
	if (e->pidfd < 0)
		return RT_EV_STOPPED;
	for (;;) {
		struct pollfd p[2] = {{.fd = e->pidfd, .events = POLLIN},
				      {.fd = e->oom ? cg_oom_watch_fd(e->oom) : -1, .events = POLLIN}};
		int64_t left = deadline - now_ms();
		int n = poll(p, 2, left < 0 ? 0 : (int)left);

		if (n < 0 && errno != EINTR)
			return rt_err_set(err, errno, "events: poll");
		/* An OOM that killed the init is reported before the stop it caused. */
		if (n > 0 && (p[1].revents & POLLIN)) {
			int r = cg_oom_watch_read(e->oom);
			if (r > 0) {
				*ret_count = (unsigned)r;
				return RT_EV_OOM;
			}
		}
		if (!e->oom && (*ret_count = counter_ooms(e)) > 0)
			return RT_EV_OOM;
		if (n > 0 && (p[0].revents & (POLLIN | POLLHUP)))
			return RT_EV_STOPPED;
		if (now_ms() >= deadline)
			return RT_EV_TIMEOUT;
	}
}

bool rt_events_running(const struct rt_events *e)
{
	return e->pidfd >= 0;
}

int rt_events_stats(struct rt_events *e, struct cg_stats *ret, struct rt_err **err)
{
	return cg_stats(e->c.cg, ret, err);
}

void rt_events_detail(struct rt_events *e, struct cg_detail *ret)
{
	(void)cg_stats_detail(e->c.cg, ret);
}

void rt_events_free(struct rt_events *e)
{
	if (!e)
		return;
	cg_oom_watch_free(e->oom);
	if (e->pidfd >= 0)
		close(e->pidfd);
	ctl_close(&e->c);
	free(e);
}
