/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Commands on an existing container: start, kill, delete, state, list. Each takes the
 * container's lock, reads its record, and computes the status from what is true now:
 *   stopped  the init (pid + start time) is gone
 *   paused   the cgroup is frozen (a created container too: runc pauses those)
 *   created  the init lives and start.sock still exists
 *   running  otherwise
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "core/hooks.h"
#include "core/internal.h"
#include "util/log.h"
#include "util/util.h"

struct loaded {
	int dirfd;
	struct rt_record rec;
	struct cg_handle *cg;
	enum rt_status status;
};

static void loaded_free(struct loaded *l)
{
	if (l->dirfd >= 0)
		close(l->dirfd);
	if (l->cg)
		cg_handle_free(l->cg);
	rt_record_clear(&l->rec);
}

static enum rt_status compute_status(struct loaded *l)
{
	char state;

	if (!rt_record_alive_state(&l->rec, &state))
		return RT_STATUS_STOPPED;
	/* paused first, as runc: start must not connect to a frozen init (it never answers) */
	if (l->cg && cg_is_frozen_holding(l->cg, state))
		return RT_STATUS_PAUSED;
	if (faccessat(l->dirfd, "start.sock", F_OK, AT_SYMLINK_NOFOLLOW) == 0)
		return RT_STATUS_CREATED;
	return RT_STATUS_RUNNING;
}

/* Opens, locks and reads one container. With missing_ok, ENOENT returns 0 and dirfd -1. */
static int load(int rootfd, const char *id, bool exclusive, struct loaded *l, struct rt_err **err)
{
	int r;

	memset(l, 0, sizeof(*l));
	l->dirfd = -1;
	r = rt_id_validate(id, err);
	if (r < 0)
		return r;
	l->dirfd = rt_state_dir_open(rootfd, id, exclusive, err);
	if (l->dirfd < 0)
		return l->dirfd;
	r = rt_record_read(l->dirfd, &l->rec, err);
	if (r < 0)
		return rt_err_wrap(err, "container '%s'", id);
	if (l->rec.cgroup && cg_load(l->rec.cgroup, &l->cg, err) < 0)
		return rt_err_wrap(err, "container '%s'", id);
	l->status = compute_status(l);
	return 0;
}

static int open_root(const char *root, struct rt_err **err)
{
	int fd = rt_root_open(root, false, err);

	if (fd == -ENOENT)
		return rt_err_set(err, 0, "state root '%s' does not exist", root);
	return fd;
}

static struct oci_config *load_config(int dirfd, struct rt_err **err)
{
	return oci_config_parse_file(dirfd, "config.json", err);
}

static char *state_json(const struct loaded *l, const struct oci_config *cfg, const char *status)
{
	struct oci_state s = {
		.oci_version = (char *)OCI_SPEC_VERSION,
		.id = l->rec.id,
		.status = (char *)status,
		.has_pid = l->status != RT_STATUS_STOPPED,
		.pid = l->status != RT_STATUS_STOPPED ? l->rec.pid : 0,
		.bundle = l->rec.bundle,
	};
	if (cfg)
		s.annotations = cfg->annotations;
	return oci_state_generate(&s, false, NULL, NULL);
}

/* ---- signals ------------------------------------------------------------------- */

static const struct {
	const char *name;
	int sig;
} signals[] = {
	{"HUP", SIGHUP},   {"INT", SIGINT},	  {"QUIT", SIGQUIT}, {"ILL", SIGILL},	  {"TRAP", SIGTRAP},
	{"ABRT", SIGABRT}, {"IOT", SIGIOT},	  {"BUS", SIGBUS},   {"FPE", SIGFPE},	  {"KILL", SIGKILL},
	{"USR1", SIGUSR1}, {"SEGV", SIGSEGV},	  {"USR2", SIGUSR2}, {"PIPE", SIGPIPE},	  {"ALRM", SIGALRM},
	{"TERM", SIGTERM}, {"STKFLT", SIGSTKFLT}, {"CHLD", SIGCHLD}, {"CONT", SIGCONT},	  {"STOP", SIGSTOP},
	{"TSTP", SIGTSTP}, {"TTIN", SIGTTIN},	  {"TTOU", SIGTTOU}, {"URG", SIGURG},	  {"XCPU", SIGXCPU},
	{"XFSZ", SIGXFSZ}, {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF}, {"WINCH", SIGWINCH}, {"IO", SIGIO},
	{"POLL", SIGPOLL}, {"PWR", SIGPWR},	  {"SYS", SIGSYS},
};

int rt_signal_parse(const char *s, int *ret)
{
	int n;

	if (rt_parse_int(s, &n) == 0) {
		if (n < 0 || n > SIGRTMAX) /* 0: only checks that the process exists */
			return -EINVAL;
		*ret = n;
		return 0;
	}
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (size_t i = 0; i < ARRAY_SIZE(signals); i++)
		if (strcasecmp(s, signals[i].name) == 0) {
			*ret = signals[i].sig;
			return 0;
		}
	if (strncasecmp(s, "RTMIN", 5) == 0 || strncasecmp(s, "RTMAX", 5) == 0) {
		int off = 0;
		if (s[5] && (rt_parse_int(s + 5, &off) < 0))
			return -EINVAL;
		n = (strncasecmp(s, "RTMIN", 5) == 0 ? SIGRTMIN : SIGRTMAX) + off;
		if (n < SIGRTMIN || n > SIGRTMAX)
			return -EINVAL;
		*ret = n;
		return 0;
	}
	return -EINVAL;
}

/* Signals the init through a pidfd, after proving the pid still belongs to it. */
static int signal_init(const struct rt_record *r, int sig, struct rt_err **err)
{
	int pidfd = (int)syscall(SYS_pidfd_open, r->pid, 0), ret = 0;

	if (pidfd < 0)
		return errno == ESRCH ? -ESRCH : rt_err_set(err, errno, "open container process %d", (int)r->pid);
	/* The pidfd pins the process: if the start time matches now, it is ours. */
	if (!rt_record_alive(r))
		ret = -ESRCH;
	else if (syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0)
		ret = errno == ESRCH ? -ESRCH : rt_err_set(err, errno, "signal container process %d", (int)r->pid);
	close(pidfd);
	return ret;
}

int rt_container_kill(const char *root, const char *id, int sig, bool all, struct rt_err **err)
{
	_cleanup_close_ int rootfd = open_root(root, err);
	struct loaded l;
	int r;

	if (rootfd < 0)
		return rootfd;
	r = load(rootfd, id, false, &l, err);
	if (r >= 0) {
		if (l.status == RT_STATUS_STOPPED && !all)
			r = rt_err_set(err, 0, "container '%s' is not running", id);
		else if (l.status == RT_STATUS_STOPPED) {
			/* the init is gone, not (without a pid namespace) what it left in the cgroup */
			if (l.cg)
				(void)cg_kill_all(l.cg, sig, NULL);
			r = 0;
		} else if (all && l.cg)
			r = cg_kill_all(l.cg, sig, err);
		else {
			r = signal_init(&l.rec, sig, err);
			if (r == -ESRCH)
				r = all ? 0 : rt_err_set(err, 0, "container '%s' is not running", id);
			/* A v1-frozen init only dies once thawed (as in cg_kill_all). */
			else if (r >= 0 && sig == SIGKILL && l.status == RT_STATUS_PAUSED)
				(void)cg_freeze(l.cg, false, NULL);
		}
	}
	loaded_free(&l);
	return r;
}

/* ---- start --------------------------------------------------------------------- */

int rt_container_start(const char *root, const char *id, struct rt_err **err)
{
	_cleanup_close_ int rootfd = open_root(root, err), sock = -1;
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	struct oci_config *cfg = NULL;
	struct sync_msg m;
	struct loaded l;
	int r;

	if (rootfd < 0)
		return rootfd;
	r = load(rootfd, id, true, &l, err);
	if (r < 0)
		goto out;
	if (l.status != RT_STATUS_CREATED) {
		r = rt_err_set(err, 0, "cannot start container '%s': it is %s, not created", id,
			       rt_status_name(l.status));
		goto out;
	}
	sock = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	snprintf(addr.sun_path, sizeof(addr.sun_path), "/proc/self/fd/%d/start.sock", l.dirfd);
	if (sock < 0 || connect(sock, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		r = rt_err_set(err, errno, "start container '%s'", id);
		goto out;
	}
	unlinkat(l.dirfd, "start.sock", 0);
	/* The init closes the connection by execve (success) or sends its error. */
	r = sync_recv(sock, &m);
	if (r > 0 && m.step == SYNC_ERROR) {
		r = rt_err_set(err, 0, "%s", m.text);
		goto out;
	}
	r = 0;
	hooks_track_dir(l.dirfd);
	cfg = load_config(l.dirfd, NULL);
	if (cfg && cfg->hooks && cfg->hooks->poststart_len) {
		_cleanup_free_ char *st = NULL;
		l.status = RT_STATUS_RUNNING;
		st = state_json(&l, cfg, "running");
		hooks_runtime_ns(l.rec.bundle);
		hooks_run_warn("poststart", cfg->hooks->poststart, cfg->hooks->poststart_len, st ? st : "{}");
		hooks_runtime_ns(NULL);
	}
out:
	oci_config_free(cfg);
	loaded_free(&l);
	return r;
}

/* ---- delete -------------------------------------------------------------------- */

/* Waits (bounded) for a process that is not our child to exit. */
static void wait_gone(const struct rt_record *r, int timeout_ms)
{
	int pidfd = (int)syscall(SYS_pidfd_open, r->pid, 0);
	struct pollfd p = {.fd = pidfd, .events = POLLIN};

	if (pidfd < 0)
		return;
	if (rt_record_alive(r))
		poll(&p, 1, timeout_ms);
	close(pidfd);
}

static void run_poststop(const struct loaded *l)
{
	/*
	 * A hook noted here belongs to an rt killed while it ran: kill its group. If that was
	 * an interrupted delete, the poststop hooks already started once: not again.
	 */
	if (hooks_kill_noted(l->dirfd)) {
		rt_warn("container '%s': a hook of an interrupted command was killed; poststop hooks not run again",
			l->rec.id);
		return;
	}
	if (l->rec.poststop == 0)
		return; /* known at create: no config to parse */
	hooks_track_dir(l->dirfd);
	struct oci_config *cfg = load_config(l->dirfd, NULL);
	_cleanup_free_ char *st = NULL;

	if (cfg && cfg->hooks && cfg->hooks->poststop_len) {
		st = state_json(l, cfg, "stopped");
		hooks_runtime_ns(l->rec.bundle);
		hooks_run_warn("poststop", cfg->hooks->poststop, cfg->hooks->poststop_len, st ? st : "{}");
		hooks_runtime_ns(NULL);
	}
	oci_config_free(cfg);
}

/*
 * Was the init born in a pid namespace of its own (runc: a pid namespace without a path)?
 * Records written before rt noted it: from the config copy; unreadable: no (kill them all).
 */
static bool own_pidns(const struct loaded *l)
{
	struct oci_config *cfg;
	bool own = false;

	if (l->rec.pidns >= 0)
		return l->rec.pidns > 0;
	cfg = load_config(l->dirfd, NULL);
	for (size_t i = 0; cfg && cfg->linux_ && i < cfg->linux_->namespaces_len; i++) {
		const struct oci_namespace *ns = &cfg->linux_->namespaces[i];

		if (ns->type && strcmp(ns->type, "pid") == 0)
			own = !ns->path || !*ns->path;
	}
	oci_config_free(cfg);
	return own;
}

/* A planned callback that stops cg_create before its first mkdir, keeping the plan. */
static int keep_plan(const struct cg_handle *h, void *data, struct rt_err **err)
{
	char **saved = data;

	*saved = cg_save(h, err);
	return *saved ? -ECANCELED : -ENOMEM;
}

/*
 * The cgroup of a container whose record is unreadable (corrupt or removed), planned again
 * from the config copy as create did with the default manager: its path is deterministic.
 * NULL when the config copy is unreadable too.
 */
static struct cg_handle *cg_from_config(int dirfd, const char *id)
{
	struct oci_config *cfg = load_config(dirfd, NULL);
	_cleanup_free_ char *saved = NULL;
	struct cg_handle *h = NULL;
	struct cg_create_opts co = {.id = id, .planned = keep_plan, .planned_data = &saved};

	if (!cfg)
		return NULL;
	co.cgroups_path = cfg->linux_ ? cfg->linux_->cgroups_path : NULL;
	if (cg_create(&co, &h, NULL) == 0) /* not reached: keep_plan always stops it */
		cg_handle_free(h);
	h = NULL;
	oci_config_free(cfg);
	if (saved && cg_load(saved, &h, NULL) < 0)
		h = NULL;
	return h;
}

int rt_container_delete(const char *root, const char *id, bool force, struct rt_err **err)
{
	_cleanup_err_ struct rt_err *ignored = NULL;
	_cleanup_close_ int rootfd = -1;
	struct loaded l;
	bool own;
	int r, q = 0;

	rootfd = rt_root_open(root, false, err);
	if (rootfd == -ENOENT && force)
		return 0;
	if (rootfd < 0)
		return rootfd == -ENOENT ? rt_err_set(err, 0, "container '%s' does not exist", id) : rootfd;
	r = load(rootfd, id, true, &l, force ? &ignored : err);
	if (r < 0) {
		if (!force || l.dirfd < 0) {
			loaded_free(&l);
			return force && rt_id_validate(id, NULL) == 0
				       ? 0
				       : (force ? rt_err_set(err, 0, "%s", ignored->msg) : r);
		}
		/* A half-written container (rt killed during create): remove what can be found. */
		hooks_kill_noted(l.dirfd);
		if (!l.cg && !l.rec.id)
			l.cg = cg_from_config(l.dirfd, id);
		if (l.cg) {
			cg_kill_all(l.cg, SIGKILL, &ignored);
			cg_destroy(l.cg, &ignored);
		}
		r = rt_state_dir_remove(rootfd, id, err);
		loaded_free(&l);
		return r;
	}
	if ((l.status == RT_STATUS_RUNNING || l.status == RT_STATUS_PAUSED) && !force) {
		r = rt_err_set(err, 0, "cannot delete container '%s' that is not stopped: %s", id,
			       rt_status_name(l.status));
		goto out;
	}
	own = own_pidns(&l);
	if (l.status != RT_STATUS_STOPPED) {
		/*
		 * As runc: with a pid namespace of its own, the init's death ends the rest of it;
		 * the cgroup may also hold another container's processes (the same cgroupsPath).
		 */
		if (l.cg && !own)
			cg_kill_all(l.cg, SIGKILL, &ignored);
		if (signal_init(&l.rec, SIGKILL, &ignored) >= 0 && own && l.cg && l.status == RT_STATUS_PAUSED)
			(void)cg_freeze(l.cg, false, NULL); /* a v1-frozen init only dies once thawed */
		wait_gone(&l.rec, 10000);
	}
	run_poststop(&l);
	if (l.cg && (q = cg_destroy_stopped(l.cg, own, err)) < 0) {
		r = rt_err_wrap(err, "delete container '%s'", id);
		goto out;
	}
	if (l.cg && q > 0)
		rt_warn("container '%s': cgroup %s kept: other processes (a container sharing its cgroupsPath?) are in "
			"it",
			id, cg_path(l.cg));
	if (l.cg && cg_unreachable(l.cg))
		rt_warn("container '%s': its cgroup stays in hierarchies no longer mounted here: %s", id,
			cg_unreachable(l.cg));
	r = rt_state_dir_remove(rootfd, id, err);
out:
	loaded_free(&l);
	return r;
}

/* ---- state / list -------------------------------------------------------------- */

static const char *owner_name(uid_t uid, char *buf, size_t len)
{
	_cleanup_free_ char *pw = NULL;

	if (uid == 0)
		return "root";
	snprintf(buf, len, "%u", (unsigned)uid);
	if (rt_read_file_at(AT_FDCWD, "/etc/passwd", 1 << 20, &pw) == 0) {
		for (char *line = pw; line && *line;) {
			char *nl = strchr(line, '\n'), *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
			uint32_t u;
			if (nl)
				*nl = '\0';
			if (c1 && c2) {
				char *c3 = strchr(c2 + 1, ':');
				if (c3) {
					*c3 = '\0';
					if (rt_parse_u32(c2 + 1, &u) == 0 && u == uid) {
						snprintf(buf, len, "%.*s", (int)(c1 - line), line);
						break;
					}
				}
			}
			line = nl ? nl + 1 : NULL;
		}
	}
	return buf;
}

static struct oci_state *state_of(struct loaded *l, bool with_annotations)
{
	struct oci_state *s = calloc(1, sizeof(*s));
	char ob[64];

	if (!s)
		return NULL;
	s->oci_version = strdup(OCI_SPEC_VERSION);
	s->id = strdup(l->rec.id);
	s->status = strdup(rt_status_name(l->status));
	s->has_pid = true;
	s->pid = l->status == RT_STATUS_STOPPED ? 0 : l->rec.pid;
	s->bundle = strdup(l->rec.bundle);
	s->rootfs = strdup(l->rec.rootfs);
	s->created = strdup(l->rec.created);
	s->owner = strdup(owner_name(l->rec.owner, ob, sizeof(ob)));
	if (l->status == RT_STATUS_STOPPED && l->cg) {
		/* Kept for clients that look after the process is gone: was it OOM-killed? */
		struct cg_stats st;
		if (cg_stats(l->cg, &st, NULL) == 0 && st.has_memory) {
			s->has_oom_killed = s->has_oom_kill_count = true;
			s->oom_kill_count = st.oom_kill;
			s->oom_killed = st.oom_kill > 0;
			s->has_memory_peak = st.mem_max_usage > 0;
			s->memory_peak = st.mem_max_usage;
		}
	}
	if (with_annotations) {
		struct oci_config *cfg = load_config(l->dirfd, NULL);
		if (cfg) {
			s->annotations = cfg->annotations;
			cfg->annotations.items = NULL;
			cfg->annotations.len = 0;
			oci_config_free(cfg);
		}
	}
	if (!s->oci_version || !s->id || !s->status || !s->bundle || !s->rootfs || !s->created || !s->owner) {
		oci_state_free(s);
		return NULL;
	}
	return s;
}

int rt_container_state(const char *root, const char *id, struct oci_state **ret, struct rt_err **err)
{
	_cleanup_close_ int rootfd = open_root(root, err);
	struct loaded l;
	int r;

	if (rootfd < 0)
		return rootfd;
	r = load(rootfd, id, false, &l, err);
	if (r >= 0) {
		*ret = state_of(&l, true);
		if (!*ret)
			r = rt_err_set(err, ENOMEM, "state");
	}
	loaded_free(&l);
	return r;
}

static int cmp_state(const void *a, const void *b)
{
	return strcmp((*(struct oci_state *const *)a)->id, (*(struct oci_state *const *)b)->id);
}

int rt_container_list(const char *root, bool with_annotations, struct oci_state ***ret, size_t *ret_len,
		      struct rt_err **err)
{
	_cleanup_closedir_ DIR *d = NULL;
	struct oci_state **v = NULL;
	size_t n = 0, cap = 0;
	int rootfd = rt_root_open(root, false, err);
	struct dirent *de;

	*ret = NULL;
	*ret_len = 0;
	if (rootfd == -ENOENT)
		return 0;
	if (rootfd < 0)
		return rootfd;
	d = fdopendir(openat(rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
	close(rootfd);
	if (!d)
		return rt_err_set(err, errno, "list '%s'", root);
	while ((de = readdir(d))) {
		struct loaded l;
		if (de->d_name[0] == '.' || (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN))
			continue;
		_cleanup_err_ struct rt_err *lerr = NULL;
		if (load(dirfd(d), de->d_name, false, &l, &lerr) < 0) {
			/* One broken container must not hide the others; but it is reported, as an error. */
			rt_log(RT_LOG_ERROR, "%s", lerr ? lerr->msg : de->d_name);
		} else {
			if (n == cap) {
				struct oci_state **nv = realloc(v, (cap = cap ? cap * 2 : 16) * sizeof(*v));
				if (!nv) {
					loaded_free(&l);
					break;
				}
				v = nv;
			}
			v[n] = state_of(&l, with_annotations);
			if (v[n])
				n++;
		}
		loaded_free(&l);
	}
	qsort(v, n, sizeof(*v), cmp_state);
	*ret = v;
	*ret_len = n;
	return 0;
}
