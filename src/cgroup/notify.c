/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * OOM notification for `rt events`. cgroup2 notifies file modification on
 * memory.events whenever one of its counters changes, so an inotify watch wakes us
 * and the counters say whether it was an OOM. cgroup v1 has the older eventfd
 * interface: writing "<eventfd> <fd of memory.oom_control>" to cgroup.event_control
 * makes the kernel signal the eventfd on each OOM of the cgroup (and once more when
 * the cgroup is removed, which is why removal is checked after every wake-up).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "cgroup/internal.h"
#include "util/util.h"

struct cg_oom_watch {
	int fd;	    /* inotify (cgroup2) or eventfd (v1) */
	int ctl_fd; /* v1: memory.oom_control, open for the registration's lifetime */
	bool v2;
	char *dir;
	uint64_t last; /* cgroup2: oom + oom_kill seen so far */
};

/* cgroup2: the OOM counters of memory.events; false when the file is gone. */
static bool v2_count(const char *dir, uint64_t *ret)
{
	_cleanup_free_ char *s = NULL;
	uint64_t oom = 0, kill = 0;

	if (cg_read(dir, "memory.events", &s) < 0)
		return false;
	for (char *save = NULL, *l = strtok_r(s, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (rt_str_has_prefix(l, "oom "))
			(void)rt_parse_u64(l + 4, &oom);
		else if (rt_str_has_prefix(l, "oom_kill "))
			(void)rt_parse_u64(l + 9, &kill);
	}
	/* An OOM raises "oom" and, when something was killed, "oom_kill": count the larger. */
	*ret = oom > kill ? oom : kill;
	return true;
}

static int open_v2(struct cg_oom_watch *w, struct rt_err **err)
{
	char p[4096];

	w->fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (w->fd < 0)
		return rt_err_set(err, errno, "cgroup: inotify");
	snprintf(p, sizeof(p), "%s/memory.events", w->dir);
	if (inotify_add_watch(w->fd, p, IN_MODIFY) < 0)
		return rt_err_set(err, errno, "cgroup: inotify watch '%s'", p);
	if (!v2_count(w->dir, &w->last))
		return rt_err_set(err, ENOENT, "cgroup: read '%s'", p);
	return 0;
}

static int open_v1(struct cg_oom_watch *w, struct rt_err **err)
{
	char p[4096], line[64];
	_cleanup_close_ int ec = -1;

	w->fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (w->fd < 0)
		return rt_err_set(err, errno, "cgroup: eventfd");
	snprintf(p, sizeof(p), "%s/memory.oom_control", w->dir);
	w->ctl_fd = open(p, O_RDONLY | O_CLOEXEC);
	if (w->ctl_fd < 0)
		return rt_err_set(err, errno, "cgroup: open '%s'", p);
	snprintf(p, sizeof(p), "%s/cgroup.event_control", w->dir);
	ec = open(p, O_WRONLY | O_CLOEXEC);
	if (ec < 0)
		return rt_err_set(err, errno, "cgroup: open '%s'", p);
	snprintf(line, sizeof(line), "%d %d", w->fd, w->ctl_fd);
	if (write(ec, line, strlen(line)) < 0)
		return rt_err_set(err, errno, "cgroup: register OOM eventfd in '%s'", p);
	return 0;
}

int cg_oom_watch_open(struct cg_handle *h, struct cg_oom_watch **ret, struct rt_err **err)
{
	struct cg_hdir *d = h->n ? cg_hdir_of(h, CG_MEMORY) : NULL;
	struct cg_oom_watch *w;
	int r;

	if (!d)
		return -EOPNOTSUPP;
	w = calloc(1, sizeof(*w));
	if (!w || !(w->dir = rt_strdup(d->dir))) {
		free(w);
		return rt_err_set(err, ENOMEM, "cgroup");
	}
	w->fd = w->ctl_fd = -1;
	w->v2 = h->l->h[d->hier].v2;
	r = w->v2 ? open_v2(w, err) : open_v1(w, err);
	if (r < 0) {
		cg_oom_watch_free(w);
		return r;
	}
	*ret = w;
	return 0;
}

int cg_oom_watch_fd(const struct cg_oom_watch *w)
{
	return w->fd;
}

static int read_v2(struct cg_oom_watch *w)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool gone = false;
	uint64_t now;
	ssize_t n;

	while ((n = read(w->fd, buf, sizeof(buf))) > 0)
		for (char *p = buf; p < buf + n; p += sizeof(struct inotify_event) + ((struct inotify_event *)p)->len)
			if (((struct inotify_event *)p)->mask & IN_IGNORED)
				gone = true;
	if (gone || !v2_count(w->dir, &now))
		return -ENOENT;
	n = now > w->last ? (ssize_t)(now - w->last) : 0;
	w->last = now;
	return (int)n;
}

int cg_oom_watch_read(struct cg_oom_watch *w)
{
	uint64_t count = 0;

	if (w->v2)
		return read_v2(w);
	if (read(w->fd, &count, sizeof(count)) != sizeof(count) && errno != EAGAIN)
		return -errno;
	/* The eventfd is also signalled when the cgroup goes away. */
	if (access(w->dir, F_OK) < 0)
		return -ENOENT;
	return count > 1000000 ? 1000000 : (int)count;
}

void cg_oom_watch_free(struct cg_oom_watch *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	if (w->ctl_fd >= 0)
		close(w->ctl_fd);
	free(w->dir);
	free(w);
}
