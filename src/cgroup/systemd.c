/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The systemd cgroup manager: the container's cgroup is a transient scope unit that
 * systemd creates (StartTransientUnit over sd-bus) with the init's pid in it; everything
 * else (resource files systemd has no property for, device rules, freezing, stats, kill)
 * is the cgroupfs code working on the scope's directories.
 *
 * Flow. create() validates and plans without touching systemd's state: unit name, the
 * scope's path in every hierarchy, the property list (sdprops.c), the cgroupfs writes; it
 * connects to systemd already, so "no systemd" fails before the init exists. The handle
 * is then "pending": no directory exists, cg_clone_into_fd/cg_join_fds offer nothing and
 * the init waits (SYNC_CGROUP) until the parent's cg_enter_pid(init pid) has started the
 * unit, waited for its job (JobRemoved) and applied the files.
 *
 * The bus. sd_bus_open_system(); when that fails and we are root, systemd's private socket
 * unix:path=/run/systemd/private (as systemctl does; no dbus-daemon needed). There is no
 * bus name on a direct connection, so the JobRemoved match has no sender there. Every call
 * carries an explicit timeout (CALL_USEC) and a job is waited for at most JOB_USEC.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-bus.h>

#include "cgroup/cgroup.h"
#include "cgroup/internal.h"
#include "util/dl.h"
#include "util/util.h"

#define CALL_USEC (10ULL * 1000000ULL)
#define JOB_USEC (30ULL * 1000000ULL)
#define SD_DEST "org.freedesktop.systemd1"
#define SD_PATH "/org/freedesktop/systemd1"
#define SD_IFACE "org.freedesktop.systemd1.Manager"
#define PRIVATE_ADDRESS "unix:path=/run/systemd/private"

/*
 * libsystemd is loaded on first use (util/dl.h): as a DT_NEEDED entry it (and libgcrypt,
 * liblzma, libzstd, liblz4, libgpg-error behind it) would be mapped on every rt call. Every
 * sd_* call below goes through rt_dl_fn[] (the variadic ones too); sd_lib_load() runs at each
 * entry of the manager that may reach the bus (create, and the bus of a loaded handle).
 */
#define SD_FUNCS(X)                                                                                                    \
	X(sd_bus_call)                                                                                                 \
	X(sd_bus_call_method)                                                                                          \
	X(sd_bus_close)                                                                                                \
	X(sd_bus_error_free)                                                                                           \
	X(sd_bus_error_has_names_sentinel)                                                                             \
	X(sd_bus_error_is_set)                                                                                         \
	X(sd_bus_is_bus_client)                                                                                        \
	X(sd_bus_is_ready)                                                                                             \
	X(sd_bus_match_signal)                                                                                         \
	X(sd_bus_message_append)                                                                                       \
	X(sd_bus_message_append_array)                                                                                 \
	X(sd_bus_message_append_basic)                                                                                 \
	X(sd_bus_message_append_strv)                                                                                  \
	X(sd_bus_message_close_container)                                                                              \
	X(sd_bus_message_new_method_call)                                                                              \
	X(sd_bus_message_open_container)                                                                               \
	X(sd_bus_message_read)                                                                                         \
	X(sd_bus_message_unref)                                                                                        \
	X(sd_bus_new)                                                                                                  \
	X(sd_bus_open_system)                                                                                          \
	X(sd_bus_process)                                                                                              \
	X(sd_bus_set_address)                                                                                          \
	X(sd_bus_set_method_call_timeout)                                                                              \
	X(sd_bus_slot_unref)                                                                                           \
	X(sd_bus_start)                                                                                                \
	X(sd_bus_unref)                                                                                                \
	X(sd_bus_wait)
RT_DL_TABLE(SD_FUNCS);

static int sd_lib_load(struct rt_err **err)
{
	int r = rt_dl_load("libsystemd.so.0", rt_dl_names, rt_dl_fn, RT_DL_N, err);

	if (r < 0)
		rt_err_wrap(err, "systemd cgroup manager");
	return r;
}

#define sd_bus_call RT_DL_FN(sd_bus_call)
#define sd_bus_call_method RT_DL_FN(sd_bus_call_method)
#define sd_bus_close RT_DL_FN(sd_bus_close)
#define sd_bus_error_free RT_DL_FN(sd_bus_error_free)
#define sd_bus_error_has_names_sentinel RT_DL_FN(sd_bus_error_has_names_sentinel)
#define sd_bus_error_is_set RT_DL_FN(sd_bus_error_is_set)
#define sd_bus_is_bus_client RT_DL_FN(sd_bus_is_bus_client)
#define sd_bus_is_ready RT_DL_FN(sd_bus_is_ready)
#define sd_bus_match_signal RT_DL_FN(sd_bus_match_signal)
#define sd_bus_message_append RT_DL_FN(sd_bus_message_append)
#define sd_bus_message_append_array RT_DL_FN(sd_bus_message_append_array)
#define sd_bus_message_append_basic RT_DL_FN(sd_bus_message_append_basic)
#define sd_bus_message_append_strv RT_DL_FN(sd_bus_message_append_strv)
#define sd_bus_message_close_container RT_DL_FN(sd_bus_message_close_container)
#define sd_bus_message_new_method_call RT_DL_FN(sd_bus_message_new_method_call)
#define sd_bus_message_open_container RT_DL_FN(sd_bus_message_open_container)
#define sd_bus_message_read RT_DL_FN(sd_bus_message_read)
#define sd_bus_message_unref RT_DL_FN(sd_bus_message_unref)
#define sd_bus_new RT_DL_FN(sd_bus_new)
#define sd_bus_open_system RT_DL_FN(sd_bus_open_system)
#define sd_bus_process RT_DL_FN(sd_bus_process)
#define sd_bus_set_address RT_DL_FN(sd_bus_set_address)
#define sd_bus_set_method_call_timeout RT_DL_FN(sd_bus_set_method_call_timeout)
#define sd_bus_slot_unref RT_DL_FN(sd_bus_slot_unref)
#define sd_bus_start RT_DL_FN(sd_bus_start)
#define sd_bus_unref RT_DL_FN(sd_bus_unref)
#define sd_bus_wait RT_DL_FN(sd_bus_wait)

struct sd_state {
	sd_bus *bus;
	struct cg_sd_props props;	       /* StartTransientUnit's, without PIDs */
	struct cg_writes writes;	       /* the cgroupfs writes, applied after the start */
	const struct oci_resources *resources; /* for the device rules; the caller's */
};

/* The finished jobs seen on the bus (JobRemoved), most recent last. */
struct jobs_seen {
	char path[8][256];
	char result[8][32];
	unsigned n;
};

/* Every call is synchronous, nothing is left to flush (and sd_bus_flush would wait on a
 * peer that never answers with no timeout of ours). */
static sd_bus *close_bus(sd_bus *bus)
{
	if (!bus)
		return NULL; /* libsystemd may not even be loaded */
	sd_bus_close(bus);
	return sd_bus_unref(bus);
}

static void state_free(struct sd_state *s)
{
	if (!s)
		return;
	close_bus(s->bus);
	cg_sd_props_done(&s->props);
	cg_writes_done(&s->writes);
	free(s);
}

static uint64_t now_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000ULL + (uint64_t)ts.tv_nsec / 1000;
}

/*
 * The connection is usable: the authentication finished (sd-bus would otherwise wait for
 * it with its own, longer timeout) and systemd answers a Peer.Ping (on a bus with a
 * dbus-daemon but no systemd, that is where ServiceUnknown shows).
 */
static int bus_ready(sd_bus *bus)
{
	uint64_t deadline = now_usec() + CALL_USEC;
	int r;

	while ((r = sd_bus_is_ready(bus)) == 0) {
		uint64_t now = now_usec();

		if (now >= deadline)
			return -ETIMEDOUT;
		r = sd_bus_process(bus, NULL);
		if (r < 0)
			return r;
		if (r == 0 && (r = sd_bus_wait(bus, deadline - now)) < 0 && r != -EINTR)
			return r;
	}
	if (r < 0)
		return r;
	return sd_bus_call_method(bus, SD_DEST, SD_PATH, "org.freedesktop.DBus.Peer", "Ping", NULL, NULL, NULL);
}

static int open_private(sd_bus **ret)
{
	sd_bus *bus = NULL;
	int r = sd_bus_new(&bus);

	if (r >= 0)
		r = sd_bus_set_address(bus, PRIVATE_ADDRESS);
	if (r >= 0)
		r = sd_bus_start(bus);
	if (r < 0) {
		sd_bus_unref(bus);
		return r;
	}
	*ret = bus;
	return 0;
}

static int connect_bus(sd_bus **ret, struct rt_err **err)
{
	sd_bus *bus = NULL;
	int r = sd_bus_open_system(&bus);

	if (r >= 0) {
		(void)sd_bus_set_method_call_timeout(bus, CALL_USEC);
		if ((r = bus_ready(bus)) < 0)
			bus = close_bus(bus);
	}
	/* no dbus-daemon (or no systemd behind it): systemd's own socket, root only */
	if (r < 0 && geteuid() == 0 && open_private(&bus) >= 0) {
		(void)sd_bus_set_method_call_timeout(bus, CALL_USEC);
		if (bus_ready(bus) >= 0)
			r = 0;
		else
			bus = close_bus(bus);
	}
	if (r < 0)
		return rt_err_set(err, -r, "systemd cgroup manager: cannot connect to systemd");
	*ret = bus;
	return 0;
}

static int bus_err(struct rt_err **err, int r, const sd_bus_error *e, const char *what, const char *unit)
{
	if (e && sd_bus_error_is_set(e))
		return rt_err_set(err, 0, "systemd: %s '%s': %s", what, unit, e->message ? e->message : e->name);
	return rt_err_set(err, -r, "systemd: %s '%s'", what, unit);
}

/* ---- messages ------------------------------------------------------------------- */

static int append_basic(sd_bus_message *m, char t, uint64_t u, int64_t i, double d, const char *s)
{
	switch (t) {
	case 'y':
		return sd_bus_message_append_basic(m, t, &(uint8_t){(uint8_t)u});
	case 'b':
		return sd_bus_message_append_basic(m, t, &(int){u != 0});
	case 'n':
		return sd_bus_message_append_basic(m, t, &(int16_t){(int16_t)i});
	case 'q':
		return sd_bus_message_append_basic(m, t, &(uint16_t){(uint16_t)u});
	case 'i':
		return sd_bus_message_append_basic(m, t, &(int32_t){(int32_t)i});
	case 'u':
		return sd_bus_message_append_basic(m, t, &(uint32_t){(uint32_t)u});
	case 'x':
		return sd_bus_message_append_basic(m, t, &(int64_t){i});
	case 't':
		return sd_bus_message_append_basic(m, t, &(uint64_t){u});
	case 'd':
		return sd_bus_message_append_basic(m, t, &(double){d});
	case 's':
	case 'o':
	case 'g':
		return sd_bus_message_append_basic(m, t, s ? s : "");
	default:
		return -EINVAL;
	}
}

static int append_value(sd_bus_message *m, const struct cg_sd_prop *p)
{
	char t = p->sig[1];
	int r;

	if (p->sig[0] != 'a')
		return append_basic(m, p->sig[0], p->u, p->i, p->d, p->s);
	if (t == 'y')
		return sd_bus_message_append_array(m, 'y', p->bytes ? (const void *)p->bytes : "", p->nbytes);
	if (t == 's')
		return sd_bus_message_append_strv(m, p->strv ? p->strv : (char *[]){NULL});
	r = sd_bus_message_open_container(m, 'a', p->sig + 1);
	for (size_t k = 0; r >= 0 && k < p->n64; k++)
		r = append_basic(m, t, p->u64s[k], (int64_t)p->u64s[k], 0, NULL);
	return r < 0 ? r : sd_bus_message_close_container(m);
}

/* a(sv): the properties, plus PIDs=[pid] when pid > 0. */
static int append_props(sd_bus_message *m, const struct cg_sd_props *props, pid_t pid)
{
	int r = sd_bus_message_open_container(m, 'a', "(sv)");

	for (size_t k = 0; r >= 0 && k < props->n; k++) {
		const struct cg_sd_prop *p = &props->v[k];

		r = sd_bus_message_open_container(m, 'r', "sv");
		if (r >= 0)
			r = sd_bus_message_append_basic(m, 's', p->name);
		if (r >= 0)
			r = sd_bus_message_open_container(m, 'v', p->sig);
		if (r >= 0)
			r = append_value(m, p);
		if (r >= 0)
			r = sd_bus_message_close_container(m);
		if (r >= 0)
			r = sd_bus_message_close_container(m);
	}
	if (r >= 0 && pid > 0)
		r = sd_bus_message_append(m, "(sv)", "PIDs", "au", 1, (uint32_t)pid);
	return r < 0 ? r : sd_bus_message_close_container(m);
}

/* ---- jobs ----------------------------------------------------------------------- */

static int on_job_removed(sd_bus_message *m, void *data, sd_bus_error *e)
{
	struct jobs_seen *js = data;
	const char *path, *unit, *result;
	uint32_t id;
	unsigned k;

	(void)e;
	if (sd_bus_message_read(m, "uoss", &id, &path, &unit, &result) < 0)
		return 0;
	if (js->n == 8) { /* forget the oldest */
		memmove(js->path, js->path + 1, sizeof(js->path[0]) * 7);
		memmove(js->result, js->result + 1, sizeof(js->result[0]) * 7);
		js->n = 7;
	}
	k = js->n++;
	snprintf(js->path[k], sizeof(js->path[k]), "%s", path);
	snprintf(js->result[k], sizeof(js->result[k]), "%s", result);
	return 0;
}

/* Processes the bus until JobRemoved names job; *ret_result: "done", "failed", ... */
static int wait_job(sd_bus *bus, struct jobs_seen *js, const char *job, const char **ret_result, struct rt_err **err)
{
	uint64_t deadline = now_usec() + JOB_USEC;

	for (;;) {
		uint64_t now;
		int r;

		for (unsigned k = 0; k < js->n; k++)
			if (strcmp(js->path[k], job) == 0) {
				*ret_result = js->result[k];
				return 0;
			}
		r = sd_bus_process(bus, NULL);
		if (r < 0)
			return rt_err_set(err, -r, "systemd: waiting for job '%s'", job);
		if (r > 0)
			continue;
		now = now_usec();
		if (now >= deadline)
			return rt_err_set(err, ETIMEDOUT, "systemd: job '%s' did not finish in %llu s", job,
					  JOB_USEC / 1000000ULL);
		r = sd_bus_wait(bus, deadline - now);
		if (r < 0 && r != -EINTR)
			return rt_err_set(err, -r, "systemd: waiting for job '%s'", job);
	}
}

/* Subscribe (systemd only sends job signals to subscribers) and match JobRemoved. */
static int watch_jobs(sd_bus *bus, struct jobs_seen *js, sd_bus_slot **ret_slot, struct rt_err **err)
{
	sd_bus_error e = SD_BUS_ERROR_NULL;
	int bus_client = sd_bus_is_bus_client(bus) > 0;
	int r;

	r = sd_bus_match_signal(bus, ret_slot, bus_client ? SD_DEST : NULL, SD_PATH, SD_IFACE, "JobRemoved",
				on_job_removed, js);
	if (r < 0)
		return rt_err_set(err, -r, "systemd: match JobRemoved");
	/* "already subscribed" and the like do not matter */
	(void)sd_bus_call_method(bus, SD_DEST, SD_PATH, SD_IFACE, "Subscribe", &e, NULL, NULL);
	sd_bus_error_free(&e);
	return 0;
}

/* Calls method(unit, ...) that returns a job, and waits for it. */
static int run_job(sd_bus *bus, sd_bus_message *m, const char *what, const char *unit, const char **ret_result,
		   struct jobs_seen *js, sd_bus_error *e, struct rt_err **err)
{
	sd_bus_message *reply = NULL;
	const char *job = NULL;
	char jobc[256];
	int r;

	r = sd_bus_call(bus, m, CALL_USEC, e, &reply);
	if (r < 0)
		return r;
	r = sd_bus_message_read(reply, "o", &job);
	if (r >= 0)
		snprintf(jobc, sizeof(jobc), "%s", job);
	sd_bus_message_unref(reply);
	if (r < 0)
		return rt_err_set(err, -r, "systemd: %s '%s': bad reply", what, unit);
	r = wait_job(bus, js, jobc, ret_result, err);
	return r < 0 ? -EIO : 0;
}

static int start_unit(struct cg_handle *h, struct sd_state *s, pid_t pid, struct rt_err **err)
{
	sd_bus_error e = SD_BUS_ERROR_NULL;
	sd_bus_message *m = NULL;
	sd_bus_slot *slot = NULL;
	struct jobs_seen js = {0};
	const char *result = NULL;
	int r;

	r = watch_jobs(s->bus, &js, &slot, err);
	if (r < 0)
		return r;
	r = sd_bus_message_new_method_call(s->bus, &m, SD_DEST, SD_PATH, SD_IFACE, "StartTransientUnit");
	if (r >= 0)
		r = sd_bus_message_append(m, "ss", h->unit, "replace");
	if (r >= 0)
		r = append_props(m, &s->props, pid);
	if (r >= 0)
		r = sd_bus_message_append(m, "a(sa(sv))", 0);
	if (r < 0) {
		r = rt_err_set(err, -r, "systemd: building StartTransientUnit for '%s'", h->unit);
		goto out;
	}
	r = run_job(s->bus, m, "start transient unit", h->unit, &result, &js, &e, err);
	if (r >= 0 || r == -EIO)
		h->pending = false; /* the unit is ours now, failed or not: destroy stops and resets it */
	if (r < 0 && r != -EIO)
		r = bus_err(err, r, &e, "start transient unit", h->unit);
	else if (r >= 0 && strcmp(result, "done") != 0)
		r = rt_err_set(err, 0, "systemd: start transient unit '%s': job %s", h->unit, result);
out:
	sd_bus_error_free(&e);
	sd_bus_message_unref(m);
	sd_bus_slot_unref(slot);
	return r;
}

/* StopUnit (waiting for the job) and ResetFailedUnit; a unit that is gone is fine. */
static int stop_unit(sd_bus *bus, const char *unit, struct rt_err **err)
{
	sd_bus_error e = SD_BUS_ERROR_NULL;
	sd_bus_message *m = NULL;
	sd_bus_slot *slot = NULL;
	struct jobs_seen js = {0};
	const char *result = NULL;
	int r = watch_jobs(bus, &js, &slot, err);

	if (r >= 0)
		r = sd_bus_message_new_method_call(bus, &m, SD_DEST, SD_PATH, SD_IFACE, "StopUnit");
	if (r >= 0 && (r = sd_bus_message_append(m, "ss", unit, "replace")) < 0)
		r = rt_err_set(err, -r, "systemd: building StopUnit");
	if (r >= 0 && (r = run_job(bus, m, "stop unit", unit, &result, &js, &e, err)) < 0 && r != -EIO) {
		if (sd_bus_error_has_names(&e, "org.freedesktop.systemd1.NoSuchUnit",
					   "org.freedesktop.systemd1.LoadFailed"))
			r = 0;
		else
			r = bus_err(err, r, &e, "stop unit", unit);
	}
	sd_bus_error_free(&e);
	sd_bus_message_unref(m);
	sd_bus_slot_unref(slot);
	/* a failed scope stays loaded (and its name taken) until reset */
	(void)sd_bus_call_method(bus, SD_DEST, SD_PATH, SD_IFACE, "ResetFailedUnit", NULL, NULL, "s", unit);
	return r;
}

/* ---- the backend ---------------------------------------------------------------- */

static struct sd_state *state_of(struct cg_handle *h, struct rt_err **err)
{
	struct sd_state *s = h->priv;

	if (sd_lib_load(err) < 0)
		return NULL;
	if (!s && !(s = h->priv = calloc(1, sizeof(*s)))) {
		rt_err_set(err, ENOMEM, "systemd");
		return NULL;
	}
	if (!s->bus && connect_bus(&s->bus, err) < 0)
		return NULL;
	return s;
}

static int sd_create(struct cg_handle *h, const struct cg_create_opts *o, struct rt_err **err)
{
	struct cg_sd_path sp;
	struct sd_state *s;
	int r;

	if (h->l->mode == CG_MODE_NONE)
		return rt_err_set(err, ENODEV, "cgroup: no cgroup hierarchy is mounted");
	if ((r = sd_lib_load(err)) < 0)
		return r;
	r = cg_sd_parse_path(o->cgroups_path, o->id, &sp, err);
	if (r < 0)
		return r == -ENOMEM ? rt_err_set(err, ENOMEM, "systemd") : r;
	h->unit = TAKE_PTR(sp.unit);
	h->pending = true;
	if (!(h->priv = s = calloc(1, sizeof(*s)))) {
		cg_sd_path_done(&sp);
		return rt_err_set(err, ENOMEM, "systemd");
	}
	s->resources = o->resources;
	r = cg_sd_unit_props(&sp, o->id, o->resources, h->l, o->annotations, &s->props, err);
	if (r >= 0)
		r = cg_translate(o->resources, h->l, &s->writes, err);
	if (r >= 0)
		r = cg_fs_place(h, sp.path, err);
	if (r >= 0)
		r = connect_bus(&s->bus, err);
	if (r >= 0 && o->planned)
		r = o->planned(h, o->planned_data, err);
	cg_sd_path_done(&sp);
	return r;
}

/*
 * The first call (pending handle) starts the unit with pid in it, then does what systemd
 * did not: v1 hierarchies systemd does not manage (cpuset, freezer, net_cls ...) get the
 * directory and the pid, and every resource file is written as cgroupfs would.
 */
static int sd_enter_pid(struct cg_handle *h, pid_t pid, struct rt_err **err)
{
	struct sd_state *s = h->priv;
	char buf[24];
	int r;

	if (!h->pending)
		return cg_ops_cgroupfs.enter_pid(h, pid, err);
	r = start_unit(h, s, pid, err);
	if (r < 0)
		return r;
	snprintf(buf, sizeof(buf), "%d", (int)pid);
	for (size_t i = 0; i < h->n; i++) {
		struct cg_hdir *d = &h->d[i];
		struct stat st;

		if (stat(d->dir, &st) == 0)
			continue;
		if (h->l->h[d->hier].v2)
			return rt_err_set(err, errno, "systemd: unit '%s' has no cgroup '%s'", h->unit, d->dir);
		if ((r = cg_fs_make_dirs(h, d, err)) < 0 || (r = cg_write(d->dir, "cgroup.procs", buf, err)) < 0)
			return r;
	}
	r = cg_apply(h, &s->writes, err);
	if (r >= 0)
		r = cg_fs_apply_devices(h, s->resources, err);
	return r;
}

static int sd_destroy(struct cg_handle *h, struct rt_err **err)
{
	_cleanup_err_ struct rt_err *e = NULL;
	struct sd_state *s;
	int r = 0;

	/* never started by us: the name may be someone else's unit, and no directory is ours */
	if (h->pending)
		return 0;
	if (h->unit && (s = state_of(h, &e)))
		r = stop_unit(s->bus, h->unit, err);
	/* no systemd to ask (e): the directories are all that is left to remove */
	if (r >= 0)
		r = cg_ops_cgroupfs.destroy(h, err);
	return r;
}

static int sd_update(struct cg_handle *h, const struct oci_resources *res, struct rt_err **err)
{
	struct cg_sd_props props = {0};
	sd_bus_error e = SD_BUS_ERROR_NULL;
	sd_bus_message *m = NULL;
	struct sd_state *s;
	int r = cg_sd_resource_props(res, h->l, &props, err);

	if (r >= 0 && props.n && h->unit) {
		s = state_of(h, err);
		r = s ? sd_bus_message_new_method_call(s->bus, &m, SD_DEST, SD_PATH, SD_IFACE, "SetUnitProperties")
		      : -EIO;
		if (r >= 0)
			r = sd_bus_message_append(m, "sb", h->unit, 1);
		if (r >= 0)
			r = append_props(m, &props, 0);
		if (r >= 0)
			r = sd_bus_call(s->bus, m, CALL_USEC, &e, NULL);
		if (r < 0 && r != -EIO)
			r = bus_err(err, r, &e, "set unit properties", h->unit);
	}
	sd_bus_error_free(&e);
	sd_bus_message_unref(m);
	cg_sd_props_done(&props);
	return r < 0 ? r : cg_ops_cgroupfs.update(h, res, err);
}

static void sd_release(struct cg_handle *h)
{
	state_free(h->priv);
	h->priv = NULL;
}

const struct cg_ops cg_ops_systemd = {
	.name = "systemd",
	.create = sd_create,
	.destroy = sd_destroy,
	.enter_pid = sd_enter_pid,
	.update = sd_update,
	.freeze = cg_fs_freeze,
	.release = sd_release,
};
