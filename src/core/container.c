/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * create / run: load and validate the bundle, then the side effects in order, each
 * one undone by create_abort() when a later step fails: state dir, cgroup, init
 * process. The init's side is init.c; the protocol between them is in internal.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "core/hooks.h"
#include "core/internal.h"
#include "fs/resolve.h"
#include "linux/netdev.h"
#include "linux/process.h"
#include "linux/rootfs.h"
#include "linux/selfexe.h"
#include "linux/terminal.h"
#include "linux/tty_relay.h"
#include "util/log.h"
#include "util/util.h"

static bool plain_io;

void sync_plain_io(void)
{
	plain_io = true;
}

int sync_send(int fd, int step, int errnum, const char *text)
{
	struct sync_msg m = {.step = step, .errnum = errnum};
	size_t len = offsetof(struct sync_msg, text);

	if (text) {
		size_t n = strnlen(text, sizeof(m.text) - 1);
		memcpy(m.text, text, n);
		m.text[n] = '\0';
		len += n + 1;
	}
	/* the init writes (see sync_plain_io); rt sends, so that a gone peer is EPIPE, not SIGPIPE */
	while ((plain_io ? write(fd, &m, len) : send(fd, &m, len, MSG_NOSIGNAL)) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

/* Returns the message length, 0 on EOF, -errno on error. */
int sync_recv(int fd, struct sync_msg *m)
{
	ssize_t n;

	memset(m, 0, sizeof(*m));
	do
		n = read(fd, m, sizeof(*m) - 1); /* recv without flags, one system call fewer to allow */
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n > 0 && (size_t)n < offsetof(struct sync_msg, text))
		return -EPROTO;
	return (int)n;
}

int sync_send_fds(int fd, int step, const int *fds, size_t n)
{
	struct sync_msg m = {.step = step};
	ssize_t r = rt_send_fds(fd, &m, offsetof(struct sync_msg, text), fds, n);

	return r < 0 ? (int)r : 0;
}

int sync_recv_fds(int fd, struct sync_msg *m, int *fds, size_t max, size_t *n)
{
	ssize_t len;

	memset(m, 0, sizeof(*m));
	len = rt_recv_fds(fd, m, sizeof(*m) - 1, fds, max, n);
	if (len > 0 && (size_t)len < offsetof(struct sync_msg, text)) {
		cg_join_fds_close(fds, *n);
		*n = 0;
		return -EPROTO;
	}
	return (int)len;
}

int sync_wait(int fd, int step, struct rt_err **err)
{
	struct sync_msg m;
	int r = sync_recv(fd, &m);

	if (r < 0)
		return rt_err_set(err, -r, "waiting for the runtime");
	if (r == 0)
		return rt_err_set(err, EPIPE, "the runtime went away");
	if (m.step != step)
		return rt_err_set(err, EPROTO, "unexpected sync step %d (wanted %d)", m.step, step);
	return 0;
}

int sync_send_err(int fd, const struct rt_err *err)
{
	return sync_send(fd, SYNC_ERROR, err ? err->errnum : 0, err && err->msg ? err->msg : "unknown error");
}

char *state_json_for(const struct create_ctx *c, const char *status, pid_t pid)
{
	struct oci_state s = {
		.oci_version = (char *)OCI_SPEC_VERSION,
		.id = (char *)c->o->id,
		.status = (char *)status,
		.has_pid = pid > 0,
		.pid = pid,
		.bundle = c->bundle,
		.annotations = c->config->annotations,
	};
	return oci_state_generate(&s, false, NULL, NULL);
}

/* ---- loading and validation (no side effects) ---------------------------------- */

static int load_bundle(struct create_ctx *c, struct rt_err **err)
{
	const char *name = c->o->config_name ? c->o->config_name : "config.json";
	_cleanup_close_ int bfd = -1, cfd = -1;
	struct stat st;
	int r;

	c->bundle = resolve_realpath(c->o->bundle ? c->o->bundle : ".");
	if (!c->bundle)
		return rt_err_set(err, errno, "bundle '%s'", c->o->bundle ? c->o->bundle : ".");
	bfd = open(c->bundle, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (bfd < 0)
		return rt_err_set(err, errno, "open bundle '%s'", c->bundle);
	/* O_NONBLOCK: a FIFO must not block us; it is refused by the S_ISREG check below */
	cfd = openat(bfd, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (cfd < 0)
		return rt_err_set(err, errno, "open '%s/%s'", c->bundle, name);
	if (fstat(cfd, &st) < 0 || !S_ISREG(st.st_mode))
		return rt_err_set(err, EINVAL, "'%s/%s' is not a regular file", c->bundle, name);
	r = rt_read_all_fd(cfd, OCI_MAX_INPUT, &c->config_json, &c->config_len);
	if (r == -EFBIG)
		return rt_err_set(err, 0, "%s: larger than %u bytes", name, OCI_MAX_INPUT);
	if (r < 0)
		return rt_err_set(err, -r, "read '%s/%s'", c->bundle, name);
	c->config = oci_config_parse(c->config_json, c->config_len, name, err);
	if (!c->config)
		return -EINVAL;
	return 0;
}

/*
 * Only sysctls of a namespace the container owns: anything else would be written to the
 * host's kernel (kernel.core_pattern, kernel.panic...). The list is runc's.
 */
static int sysctl_ns(const char *key)
{
	static const char *const ipc[] = {"kernel.msgmax", "kernel.msgmnb", "kernel.msgmni",	      "kernel.sem",
					  "kernel.shmall", "kernel.shmmax", "kernel.shm_rmid_forced", "kernel.shmmni"};

	for (size_t i = 0; i < sizeof(ipc) / sizeof(ipc[0]); i++)
		if (strcmp(key, ipc[i]) == 0)
			return CLONE_NEWIPC;
	if (strncmp(key, "fs.mqueue.", 10) == 0)
		return CLONE_NEWIPC;
	if (strncmp(key, "net.", 4) == 0)
		return CLONE_NEWNET;
	if (strcmp(key, "kernel.hostname") == 0 || strcmp(key, "kernel.domainname") == 0)
		return CLONE_NEWUTS;
	return 0;
}

static int validate_sysctls(struct create_ctx *c, struct rt_err **err)
{
	const struct oci_config *cfg = c->config;

	for (size_t i = 0; cfg->linux_ && i < cfg->linux_->sysctl.len; i++) {
		const char *key = cfg->linux_->sysctl.items[i].key;
		int ns = sysctl_ns(key);

		if (!ns)
			return rt_err_set(err, 0,
					  "config.json: linux.sysctl: '%s' is not in a separate kernel namespace", key);
		if (!ns_plan_has(&c->ns, ns))
			return rt_err_set(err, 0,
					  "config.json: linux.sysctl: '%s' requires the container's own %s namespace",
					  key,
					  ns == CLONE_NEWNET   ? "network"
					  : ns == CLONE_NEWIPC ? "ipc"
							       : "uts");
	}
	return 0;
}

/* Offsets are written before the first process enters a new time namespace: not to one joined by path. */
static int validate_time_offsets(const struct oci_linux *l, bool new_time, struct rt_err **err)
{
	for (size_t i = 0; i < l->time_offsets_len; i++) {
		const char *clock = l->time_offsets[i].clock;

		if (!new_time)
			return rt_err_set(err, 0, "config.json: linux.timeOffsets: requires a new time namespace");
		if (strcmp(clock, "monotonic") != 0 && strcmp(clock, "boottime") != 0)
			return rt_err_set(err, 0,
					  "config.json: linux.timeOffsets: unknown clock '%s' (monotonic or boottime)",
					  clock);
		if (l->time_offsets[i].nanosecs >= 1000000000u)
			return rt_err_set(err, 0, "config.json: linux.timeOffsets.%s.nanosecs: %u is not below 10^9",
					  clock, l->time_offsets[i].nanosecs);
	}
	return 0;
}

/* The spec: a hook's path MUST be absolute (a relative one would run from rt's cwd). */
static int validate_hooks(const struct oci_hooks *h, struct rt_err **err)
{
	const struct {
		const char *kind;
		const struct oci_hook *v;
		size_t n;
	} kinds[] = {{"prestart", h->prestart, h->prestart_len},
		     {"createRuntime", h->create_runtime, h->create_runtime_len},
		     {"createContainer", h->create_container, h->create_container_len},
		     {"startContainer", h->start_container, h->start_container_len},
		     {"poststart", h->poststart, h->poststart_len},
		     {"poststop", h->poststop, h->poststop_len}};

	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++)
		for (size_t i = 0; i < kinds[k].n; i++)
			if (!kinds[k].v[i].path || kinds[k].v[i].path[0] != '/')
				return rt_err_set(err, 0,
						  "config.json: hooks.%s[%zu].path: '%s' is not an absolute path",
						  kinds[k].kind, i, kinds[k].v[i].path ? kinds[k].v[i].path : "");
	return 0;
}

/* No resctrl support (features: intelRdt.enabled false): a limit asked for is refused, not dropped. */
static int validate_rdt(const struct oci_intel_rdt *r, struct rt_err **err)
{
	const char *field = r->l3_cache_schema && *r->l3_cache_schema ? "l3CacheSchema"
			    : r->mem_bw_schema && *r->mem_bw_schema   ? "memBwSchema"
			    : r->schemata_len			      ? "schemata"
								      : NULL;

	if (field)
		return rt_err_set(err, 0, "config.json: linux.intelRdt.%s: Intel RDT (resctrl) is not supported",
				  field);
	if (r->clos_id && (!strcmp(r->clos_id, ".") || !strcmp(r->clos_id, "..") || strchr(r->clos_id, '/')))
		return rt_err_set(err, 0, "config.json: linux.intelRdt.closID: invalid '%s'", r->clos_id);
	return 0;
}

static int validate(struct create_ctx *c, struct rt_err **err)
{
	const struct oci_config *cfg = c->config;
	struct stat st;

	if (!cfg->process)
		return rt_err_set(err, 0, "config.json: process: required to create a container");
	if (cfg->process->args_len == 0 || !cfg->process->args[0][0])
		return rt_err_set(err, 0, "config.json: process.args: must not be empty");
	if (cfg->process->cwd && cfg->process->cwd[0] != '/')
		return rt_err_set(err, 0, "config.json: process.cwd: '%s' is not an absolute path", cfg->process->cwd);
	if (!cfg->root || !cfg->root->path || !*cfg->root->path)
		return rt_err_set(err, 0, "config.json: root.path: required");
	/* the path as the config gives it; rootfs_prepare makes it canonical (once) */
	if (cfg->root->path[0] == '/')
		c->rootfs = rt_strdup(cfg->root->path);
	else if (asprintf(&c->rootfs, "%s/%s", c->bundle, cfg->root->path) < 0)
		c->rootfs = NULL;
	if (!c->rootfs)
		return -ENOMEM;
	if (stat(c->rootfs, &st) < 0)
		return rt_err_set(err, errno, "config.json: root.path: rootfs '%s'", cfg->root->path);
	if (!S_ISDIR(st.st_mode))
		return rt_err_set(err, ENOTDIR, "config.json: root.path: rootfs '%s'", cfg->root->path);
	if (cfg->process->terminal && !c->o->console_socket && !c->fg_tty)
		return rt_err_set(err, 0, "process.terminal is true but no --console-socket was given");
	if (!cfg->process->terminal && c->o->console_socket)
		return rt_err_set(err, 0, "--console-socket given but process.terminal is false");
	if (cfg->hostname && *cfg->hostname && !ns_plan_has(&c->ns, CLONE_NEWUTS))
		return rt_err_set(err, 0, "config.json: hostname: requires a new uts namespace");
	if (!ns_plan_has(&c->ns, CLONE_NEWNS))
		return rt_err_set(err, 0, "config.json: linux.namespaces: a mount namespace is required");
	if (cfg->hooks && validate_hooks(cfg->hooks, err) < 0)
		return -EINVAL;
	if ((c->ns.clone_flags & CLONE_NEWUSER) && ns_idmap_validate(cfg->linux_, err) < 0)
		return -EINVAL;
	/*
	 * In a user namespace the init may neither write a host-side id map nor idmap a host
	 * filesystem's mount: rt makes them before the clone (rootfs_premake_idmap), as root only.
	 */
	for (size_t i = 0; c->ns.userns && geteuid() != 0 && i < cfg->mounts_len; i++)
		if (cfg->mounts[i].uid_mappings_len || cfg->mounts[i].gid_mappings_len)
			return rt_err_set(err, 0, "config.json: mounts[%zu]: idmapped mounts need rt to run as root",
					  i);
	if (cfg->linux_ && validate_time_offsets(cfg->linux_, c->ns.new_time, err) < 0)
		return -EINVAL;
	if (netdev_validate(cfg->linux_, ns_plan_has(&c->ns, CLONE_NEWNET), err) < 0)
		return rt_err_wrap(err, "config.json");
	/* not implemented (features says so): an error naming the field, not a container without it */
	if (cfg->linux_ && cfg->linux_->intel_rdt) {
		if (validate_rdt(cfg->linux_->intel_rdt, err) < 0)
			return -EINVAL;
		return rt_err_set(err, 0, "config.json: linux.intelRdt: not supported (rt has no Intel RDT support)");
	}
	return validate_sysctls(c, err);
}

/* ---- side effects -------------------------------------------------------------- */

static int bind_start_socket(struct create_ctx *c, struct rt_err **err)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return rt_err_set(err, errno, "start socket");
	snprintf(addr.sun_path, sizeof(addr.sun_path), "/proc/self/fd/%d/start.sock", c->state_fd);
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(fd, 1) < 0) {
		int e = errno;
		close(fd);
		return rt_err_set(err, e, "start socket");
	}
	c->start_listen = fd;
	return 0;
}

int rt_write_pid_file(const char *path, pid_t pid, struct rt_err **err)
{
	_cleanup_free_ char *tmp = NULL;
	char buf[32];
	int fd, r, n = snprintf(buf, sizeof(buf), "%d", (int)pid);

	if (asprintf(&tmp, "%s.rt-tmp", path) < 0)
		return -ENOMEM;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return rt_err_set(err, errno, "write pid file '%s'", path);
	r = rt_write_all(fd, buf, (size_t)n);
	close(fd);
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0) {
		unlink(tmp);
		return rt_err_set(err, -r, "write pid file '%s'", path);
	}
	return 0;
}

static int record_out(struct create_ctx *c, bool stage, struct rt_err **err)
{
	_cleanup_free_ char *cg = c->cg ? cg_save(c->cg, NULL) : NULL;
	struct rt_record r = {
		.id = (char *)c->o->id,
		.pid = c->pid,
		.start_time = c->pid > 0 ? rt_proc_start_time(c->pid) : 0,
		.bundle = c->bundle,
		.rootfs = c->rootfs,
		.created = c->created,
		.owner = geteuid(),
		.cgroup = cg,
		.no_cgroup = c->no_cgroup,
		.started = c->run_mode,
		.no_pivot = c->o->no_pivot,
		.no_new_keyring = c->o->no_new_keyring,
		.exit_status = -1,
		.poststop = c->config->hooks && c->config->hooks->poststop_len,
		.pidns = (c->ns.clone_flags & CLONE_NEWPID) ? 1 : 0,
	};
	if ((stage ? rt_record_stage(c->state_fd, &r, err) : rt_record_write(c->state_fd, &r, err)) < 0)
		return rt_err_wrap(err, "container '%s' in '%s'", c->o->id, c->o->root);
	return 0;
}

static int write_record(struct create_ctx *c, struct rt_err **err)
{
	return record_out(c, false, err);
}

/* In the runtime's namespaces once the container's exist: netDevices, then the hooks. */
static int run_parent_hooks(struct create_ctx *c, struct rt_err **err)
{
	const struct oci_hooks *h = c->config->hooks;
	_cleanup_free_ char *st = NULL;
	int r = netdev_move_all(c->config->linux_, c->pid, err);

	if (r < 0 || !h)
		return r;
	st = state_json_for(c, "creating", c->pid);
	if (!st)
		return rt_err_set(err, ENOMEM, "state for hooks");
	r = hooks_run("prestart", h->prestart, h->prestart_len, st, err);
	if (r >= 0)
		r = hooks_run("createRuntime", h->create_runtime, h->create_runtime_len, st, err);
	return r;
}

static int parent_map_ids(struct create_ctx *c, struct rt_err **err)
{
	int r;

	if (!(c->ns.clone_flags & CLONE_NEWUSER))
		return 0;
	r = ns_write_id_maps(c->pid, c->config->linux_, err);
	if (r < 0)
		return rt_err_wrap(err, "write user namespace maps");
	if (sync_send(c->sync_parent, SYNC_USERNS_MAPPED, 0, NULL) < 0)
		return rt_err_set(err, errno, "sync with container init");
	return 0;
}

/*
 * The v1 cgroups of a split create, made while the init unshares its namespaces and
 * mounts; it joins them through the tasks fds sent with SYNC_CGROUP.
 */
static int parent_cgroup_rest(struct create_ctx *c, struct rt_err **err)
{
	_cleanup_free_ int *fds = NULL;
	size_t n = 0;
	int r;

	r = cg_create_rest(c->cg, err);
	if (r >= 0)
		r = cg_join_fds(c->cg, false, &fds, &n, err);
	if (r < 0)
		return r;
	r = sync_send_fds(c->sync_parent, SYNC_CGROUP, fds, n);
	cg_join_fds_close(fds, n);
	/* An init that failed meanwhile has closed its end: parent_sync reads its SYNC_ERROR. */
	if (r < 0 && r != -EPIPE && r != -ECONNRESET)
		return rt_err_set(err, -r, "send the cgroup to container init");
	return 0;
}

static const char *tree_dir(const char *mountpoint, void *data)
{
	return cg_dir_at(data, mountpoint);
}

/*
 * The "cgroup" mount, built here while the init mounts /proc, /dev and /sys (rt is idle
 * until READY): root without a new user namespace, cgroupfs with v1 hierarchies, the
 * init's own mount namespace, and a cgroup namespace of its own or none (a joined one
 * roots the init's mounts elsewhere).
 */
static void plan_cgroup_tree(struct create_ctx *c)
{
	if (!c->cg_deferred || rt_unprivileged() || c->ns.userns || !(c->ns.unshare_flags & CLONE_NEWNS) ||
	    (ns_plan_has(&c->ns, CLONE_NEWCGROUP) && !c->ns.new_cgroup) || strcmp(cg_manager(c->cg), "cgroupfs") != 0)
		return;
	c->cg_tree = rootfs_plan_cgroup_mount(c->rootfs_plan);
}

/* Sends the tree, or no fd when it could not be built (an older kernel): the init mounts it then. */
static int parent_cgroup_tree(struct create_ctx *c, struct rt_err **err)
{
	_cleanup_err_ struct rt_err *e = NULL;
	int fd = rootfs_cgroup_tree(c->cg_tree, cg_layout_mountinfo(), tree_dir, c->cg, &e), r;

	if (fd < 0)
		rt_debug("cgroup mount left to the init: %s", e ? e->msg : "");
	r = sync_send_fds(c->sync_parent, SYNC_CGROUP_TREE, fd >= 0 ? &fd : NULL, fd >= 0 ? 1 : 0);
	if (fd >= 0)
		close(fd);
	if (r < 0 && r != -EPIPE && r != -ECONNRESET)
		return rt_err_set(err, -r, "send the cgroup mount to container init");
	return 0;
}

/*
 * The init died without a word: when the memory cgroup's OOM killer killed it (a limit
 * below what set-up needs), say so and name the field.
 */
static int init_died_status(struct create_ctx *c, struct rt_err **err)
{
	const struct oci_linux *l = c->config->linux_;
	const bool seccomp = l && l->seccomp;
	struct pollfd p = {.fd = c->pidfd, .events = POLLIN};
	siginfo_t si = {0};

	/* EOF: it is exiting; its status, without reaping it (create_abort does) */
	if (c->pid <= 0 || (c->pidfd >= 0 && poll(&p, 1, 1000) <= 0) ||
	    waitid(P_PID, (id_t)c->pid, &si, WEXITED | WNOWAIT | WNOHANG) < 0 || si.si_pid == 0)
		return rt_err_set(err, 0, "container init exited during set-up");
	if ((si.si_code == CLD_KILLED || si.si_code == CLD_DUMPED) && si.si_status == SIGSYS && seccomp)
		return rt_err_set(
			err, 0,
			"container init exited during set-up: killed by SIGSYS: linux.seccomp denies a system "
			"call the init makes after loading the filter, before execve");
	if (si.si_code == CLD_KILLED || si.si_code == CLD_DUMPED)
		return rt_err_set(err, 0, "container init exited during set-up: killed by signal %d (%s)", si.si_status,
				  strsignal(si.si_status));
	if (si.si_code == CLD_EXITED && si.si_status == INIT_EXIT_UNREPORTED)
		return rt_err_set(err, 0, "container init failed during set-up and could not tell rt why%s",
				  seccomp ? " (linux.seccomp: a profile that denies write or read stops the init's "
					    "reports after it loads the filter)"
					  : "");
	return rt_err_set(err, 0, "container init exited during set-up");
}

static int init_died(struct create_ctx *c, struct rt_err **err)
{
	const struct oci_resources *res = c->config->linux_ ? c->config->linux_->resources : NULL;
	struct cg_stats st = {0};

	if (c->cg && res && res->memory && res->memory->has_limit && cg_stats(c->cg, &st, NULL) >= 0 && st.oom_kill > 0)
		return rt_err_set(err, 0,
				  "container init exited during set-up: killed by the OOM killer "
				  "(linux.resources.memory.limit %" PRId64 " is too low)",
				  res->memory->limit);
	return init_died_status(c, err);
}

/* Talks to the init until it is READY; runs the hooks it asks for. */
static int parent_sync(struct create_ctx *c, struct rt_err **err)
{
	struct sync_msg m;
	int r;

	for (;;) {
		r = sync_recv(c->sync_parent, &m);
		/*
		 * An init that exited with a message of ours unread (SYNC_CGROUP, sent while it
		 * mounts) leaves ECONNRESET, reported once and before what it sent first: its
		 * SYNC_ERROR. (Not in run_release, where EOF would then read as "exec happened".)
		 */
		if (r == -ECONNRESET)
			r = sync_recv(c->sync_parent, &m);
		if (r < 0)
			return rt_err_set(err, -r, "sync with container init");
		if (r == 0)
			return init_died(c, err);
		switch (m.step) {
		case SYNC_HOOKS:
			r = run_parent_hooks(c, err);
			if (r < 0)
				return r;
			if (sync_send(c->sync_parent, SYNC_HOOKS_DONE, 0, NULL) < 0)
				return rt_err_set(err, errno, "sync with container init");
			break;
		case SYNC_READY:
			return 0;
		case SYNC_ERROR:
			return rt_err_set(err, 0, "%s", m.text);
		default:
			return rt_err_set(err, EPROTO, "container init: unexpected sync step %d", m.step);
		}
	}
}

static int parent_commit(struct create_ctx *c, struct rt_err **err)
{
	struct sync_msg m;
	int r;

	/* create_container staged the record before the init could report READY */
	if (rt_record_commit(c->state_fd, err) < 0)
		return rt_err_wrap(err, "container '%s' in '%s'", c->o->id, c->o->root);
	if (c->o->pid_file && rt_write_pid_file(c->o->pid_file, c->pid, err) < 0)
		return -EIO;
	if (c->run_mode)
		return 0; /* run_release() sends SYNC_START: committed and started in one step */
	if (sync_send(c->sync_parent, SYNC_COMMITTED, 0, NULL) < 0)
		return rt_err_set(err, errno, "sync with container init");
	r = sync_recv(c->sync_parent, &m);
	if (r <= 0 || m.step != SYNC_ACK)
		return rt_err_set(err, r < 0 ? -r : 0, "container init did not acknowledge");
	return 0;
}

static void create_abort(struct create_ctx *c)
{
	_cleanup_err_ struct rt_err *ignored = NULL;

	if (c->pidfd >= 0) {
		syscall(SYS_pidfd_send_signal, c->pidfd, SIGKILL, NULL, 0);
		while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	if (c->cg)
		cg_destroy(c->cg, &ignored);
	if (c->state_made)
		rt_state_dir_remove(c->rootdir_fd, c->o->id, &ignored);
	if (c->o->pid_file && c->pid > 0)
		unlink(c->o->pid_file);
}

static void create_ctx_free(struct create_ctx *c)
{
	int *fds[] = {&c->sync_parent,	&c->sync_child, &c->start_listen, &c->console_sock,
		      &c->console_recv, &c->state_fd,	&c->rootdir_fd,	  &c->pidfd};

	for (size_t i = 0; i < ARRAY_SIZE(fds); i++)
		rt_closep(fds[i]);
	for (size_t i = 0; i < c->cg_join_len; i++)
		close(c->cg_join_fds[i]);
	free(c->cg_join_fds);
	free(c->dev_rules);
	free(c->no_cgroup);
	ns_plan_close(&c->ns);
	if (c->cg)
		cg_handle_free(c->cg);
	rootfs_plan_free(c->rootfs_plan);
	process_free(c->sec);
	oci_config_free(c->config);
	free(c->config_json);
	free(c->bundle);
	free(c->rootfs);
}

/*
 * As runc: when the config has device rules, the nodes rt itself creates (null, zero,
 * full, random, urandom, tty, console, ptmx, pts) are allowed after them, so a deny-all
 * list still leaves a working /dev. So is /dev/net/tun (10:200), which runc 1.1.5 allows
 * by default and Docker relies on (a container with CAP_NET_ADMIN and CAP_MKNOD makes the
 * node and opens it); but unlike runc no "c *:* m" or "b *:* m", so no other node can be
 * made. A linux.devices entry only gets 'm' (its node can be made): reading or writing it
 * is up to the config's rules (runc denies /dev/kmsg listed in linux.devices under a
 * deny-all list too).
 */
static int add_device_rules(struct create_ctx *c, struct rt_err **err)
{
	static const struct {
		int64_t major, minor;
	} defaults[] = {{1, 3}, {1, 5}, {1, 7}, {1, 8}, {1, 9}, {5, 0}, {5, 1}, {5, 2}, {136, -1}, {10, 200}};
	const struct oci_linux *l = c->config->linux_;
	const struct oci_resources *res = l ? l->resources : NULL;
	size_t n, k;

	if (!res || !res->devices_len)
		return 0;
	n = res->devices_len + ARRAY_SIZE(defaults) + l->devices_len;
	c->dev_rules = calloc(n, sizeof(*c->dev_rules));
	if (!c->dev_rules)
		return rt_err_set(err, ENOMEM, "device rules");
	memcpy(c->dev_rules, res->devices, res->devices_len * sizeof(*c->dev_rules));
	k = res->devices_len;
	for (size_t i = 0; i < ARRAY_SIZE(defaults); i++, k++)
		c->dev_rules[k] = (struct oci_device_cgroup){.allow = true,
							     .type = (char *)"c",
							     .has_major = true,
							     .major = defaults[i].major,
							     .has_minor = defaults[i].minor >= 0,
							     .minor = defaults[i].minor,
							     .access = (char *)"rwm"};
	for (size_t i = 0; i < l->devices_len; i++) {
		const struct oci_device *d = &l->devices[i];

		/* a fifo ('p') is no device to the device controller; 'u' is a character device */
		if (d->type && !strcmp(d->type, "p"))
			continue;
		c->dev_rules[k++] =
			(struct oci_device_cgroup){.allow = true,
						   .type = d->type && !strcmp(d->type, "u") ? (char *)"c" : d->type,
						   .has_major = true,
						   .major = d->major,
						   .has_minor = true,
						   .minor = d->minor,
						   .access = (char *)"m"};
	}
	c->resources = *res;
	c->resources.devices = c->dev_rules;
	c->resources.devices_len = k;
	return 0;
}

/* The record goes to disk with the cgroup's paths before any cgroup directory exists. */
static int record_planned(const struct cg_handle *h, void *data, struct rt_err **err)
{
	struct create_ctx *c = data;
	int r;

	c->cg = (struct cg_handle *)h;
	r = write_record(c, err);
	c->cg = NULL;
	return r;
}

/*
 * Whether resources ask for more than device rules. Those are left out as runc does: in a
 * user namespace mknod is refused, and a bound host node keeps the host's permissions.
 */
static bool has_limits(const struct oci_resources *res)
{
	struct oci_resources lim;
	struct cg_writes w = {0};
	const struct cg_layout *lay;
	bool ret;

	if (!res)
		return false;
	lim = *res;
	lim.devices = NULL;
	lim.devices_len = 0;
	lay = cg_layout_get(NULL);
	if (!lay || cg_translate(&lim, lay, &w, NULL) < 0)
		return true;
	ret = w.n > 0;
	cg_writes_done(&w);
	return ret;
}

/*
 * As runc: an unprivileged rt that may not create the cgroup goes on without one, unless
 * the config sets limits that need it. The record says so for ps, pause, update and stats.
 */
static int rootless_without_cgroup(struct create_ctx *c, const struct oci_resources *res, struct rt_err **err)
{
	const char *ns = geteuid() == 0 ? " of a user namespace" : "";

	if (has_limits(res))
		return rt_err_wrap(err,
				   "linux.resources: rt runs as uid %u%s and cannot create the cgroup for the limits",
				   (unsigned)geteuid(), ns);
	if (asprintf(&c->no_cgroup, "rt ran as uid %u%s and could not create it (%s)", (unsigned)geteuid(), ns,
		     (*err)->msg) < 0) {
		c->no_cgroup = NULL;
		return rt_err_set(err, ENOMEM, "cgroup");
	}
	rt_err_free(*err);
	*err = NULL;
	return write_record(c, err);
}

static int setup_cgroup(struct create_ctx *c, struct rt_err **err)
{
	const struct oci_linux *l = c->config->linux_;
	struct cg_create_opts co = {
		.manager = c->o->cgroup_manager,
		.cgroups_path = l ? l->cgroups_path : NULL,
		.id = c->o->id,
		.resources = l ? l->resources : NULL,
		.annotations = &c->config->annotations,
		.planned = record_planned,
		.planned_data = c,
		/*
		 * Not for an unprivileged rt: a v1 mkdir it may not make must still send it on
		 * without a cgroup (rootless_without_cgroup), before the init is in the cgroup2 one.
		 */
		.defer_v1 = !rt_unprivileged(),
	};
	int r;

	if (c->dev_rules)
		co.resources = &c->resources;

	if (c->o->cgroup_manager && strcmp(c->o->cgroup_manager, "disabled") == 0)
		return 0;
	r = cg_create(&co, &c->cg, err);
	if (r < 0 && rt_unprivileged() && (r == -EACCES || r == -EPERM || r == -EROFS))
		return rootless_without_cgroup(c, l ? l->resources : NULL, err);
	if (r < 0)
		return r;
	c->cg_deferred = cg_has_rest(c->cg);
	/*
	 * Without the split the init waits for SYNC_CGROUP too: clone3 may refuse
	 * CLONE_INTO_CGROUP, and its cgroup namespace must not be rooted where it was born.
	 */
	c->cg_late = cg_needs_pid(c->cg) || !c->cg_deferred;
	if (c->cg_deferred)
		return 0; /* parent_cgroup_rest() after clone */
	return cg_join_fds(c->cg, false, &c->cg_join_fds, &c->cg_join_len, err);
}

/* What an unprivileged user most likely hit when clone3 failed. */
static int clone_error(struct create_ctx *c, bool into_cgroup, struct rt_err **err)
{
	int e = -c->pid;

	c->pidfd = -1;
	if (geteuid() != 0 && (c->ns.clone_flags & CLONE_NEWUSER) && (e == EPERM || e == ENOSPC))
		return rt_err_set(err, e,
				  "clone container init with a new user namespace (unprivileged user namespaces "
				  "disabled? see user.max_user_namespaces, kernel.unprivileged_userns_clone)");
	/* cgroup v2 lets a process move only where it may write cgroup.procs of the common ancestor */
	if (into_cgroup && (e == EACCES || e == EPERM))
		return rt_err_set(err, e, "clone container init (into cgroup '%s')", cg_path(c->cg));
	return rt_err_set(err, e, "clone container init");
}

/* Steps shared by create and run, up to a committed, waiting init. */
static int create_container(struct create_ctx *c, struct rt_err **err)
{
	int sp[2], r, cgfd, saved_ns[NS_MAX];
	bool into;

	/* No side effect before everything is loaded and checked. */
	r = rt_id_validate(c->o->id, err);
	if (r >= 0)
		r = load_bundle(c, err);
	if (r >= 0)
		r = ns_plan_build(c->config->linux_, &c->ns, err);
	if (r >= 0)
		r = validate(c, err);
	if (r >= 0)
		r = rootfs_prepare(c->config, c->bundle, c->rootfs, c->o->no_pivot, &c->rootfs_plan, err);
	if (r >= 0) {
		/* the canonical rootfs the plan made goes into the record */
		free(c->rootfs);
		c->rootfs = rt_strdup(c->rootfs_plan->rootfs);
		if (!c->rootfs)
			r = -ENOMEM;
	}
	if (r >= 0)
		r = process_prepare(c->config, &c->sec, err);
	if (r >= 0)
		r = add_device_rules(c, err);
	if (r >= 0)
		r = selfexe_seal_if_ptrace(c->config->process->capabilities, err);
	if (r < 0)
		return r;
	c->hooks_in_parent =
		(c->config->hooks && (c->config->hooks->prestart_len || c->config->hooks->create_runtime_len)) ||
		(c->config->linux_ && c->config->linux_->net_devices_len);
	rt_time_rfc3339(c->created, sizeof(c->created));

	/* Side effects, each undone by create_abort. */
	c->rootdir_fd = rt_root_open(c->o->root, true, err);
	if (c->rootdir_fd < 0)
		return c->rootdir_fd;
	c->state_fd = rt_state_dir_create(c->rootdir_fd, c->o->id, err);
	if (c->state_fd < 0)
		return c->state_fd;
	c->state_made = true;
	hooks_track_dir(c->state_fd);
	hooks_runtime_ns(c->bundle);
	/*
	 * A record (and the config, for poststop hooks) before the cgroup and the init exist,
	 * so that delete --force cleans up after rt is killed at any point from here on. With a
	 * cgroup, record_planned() writes it, paths included, before the first mkdir; until
	 * then there is nothing but this directory, which delete --force removes record or not.
	 */
	r = rt_state_write_file(c->state_fd, "config.json", c->config_json, c->config_len, err);
	if (r < 0)
		r = rt_err_wrap(err, "container '%s' in '%s'", c->o->id, c->o->root);
	if (r >= 0 && c->o->cgroup_manager && strcmp(c->o->cgroup_manager, "disabled") == 0)
		r = write_record(c, err);
	if (r >= 0)
		r = setup_cgroup(c, err);
	if (r < 0)
		return r;
	if (!c->run_mode && bind_start_socket(c, err) < 0)
		return -EIO;
	if (c->o->console_socket) {
		c->console_sock = term_connect(c->o->console_socket, "console socket", err);
		if (c->console_sock < 0)
			return c->console_sock;
	} else if (c->fg_tty) {
		int tp[2];
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, tp) < 0)
			return rt_err_set(err, errno, "terminal socket");
		c->console_recv = tp[0];
		c->console_sock = tp[1];
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) < 0)
		return rt_err_set(err, errno, "sync socket");
	c->sync_parent = sp[0];
	c->sync_child = sp[1];
	r = ns_join_pid(&c->ns, err);
	if (r < 0)
		return r;
	/*
	 * The init's mm copies the flag at clone: non-dumpable from its first instruction.
	 * Except for an unprivileged rt creating a user namespace: the init's /proc files must
	 * stay its own until its id maps are written (by rt or newuidmap); init_main() then
	 * makes itself non-dumpable before anything else of the container's exists.
	 */
	if ((!(c->ns.clone_flags & CLONE_NEWUSER) || geteuid() == 0) && prctl(PR_SET_DUMPABLE, 0) < 0)
		return rt_err_set(err, errno, "prctl PR_SET_DUMPABLE");
	plan_cgroup_tree(c);
	if (c->ns.userns && rootfs_premake_idmap(c->rootfs_plan, err) < 0)
		return -EINVAL;
	cgfd = c->cg ? cg_clone_into_fd(c->cg, NULL) : -1;
	if (ns_join_for_clone(&c->ns, saved_ns, err) < 0) {
		if (cgfd >= 0)
			close(cgfd);
		return -EIO;
	}
	c->pid = ns_clone3_init(&c->ns, cgfd < 0 ? -1 : cgfd, &c->pidfd, &into);
	if (c->pid == 0) {
		for (size_t i = 0; i < NS_MAX; i++)
			if (saved_ns[i] >= 0)
				close(saved_ns[i]);
		init_main(c);
	}
	r = ns_leave_after_clone(saved_ns, err);
	if (cgfd >= 0)
		close(cgfd);
	rootfs_premade_close(c->rootfs_plan);
	/* hooks run in rt's own pid namespace, not in the one the init joined by path */
	if (ns_plan_has(&c->ns, CLONE_NEWPID) && !(c->ns.clone_flags & CLONE_NEWPID))
		ns_leave_pid_for_children();
	if (c->pid < 0)
		return clone_error(c, cgfd >= 0, err);
	if (r < 0)
		return r; /* (create_abort kills the init) */
	close(c->sync_child);
	c->sync_child = -1;
	/* connected only now: the socket never reaches the init */
	if (c->o->pidfd_socket && term_send_fd_to(c->o->pidfd_socket, "pidfd socket", c->pidfd, "standard", err) < 0)
		return -EIO;
	if (c->console_recv >= 0) {
		close(c->console_sock);
		c->console_sock = -1;
	}
	if (c->cg && !into && cg_enter_pid_unjoined(c->cg, c->pid, err) < 0)
		return -EIO;
	if (c->cg_late && sync_send(c->sync_parent, SYNC_CGROUP, 0, NULL) < 0)
		return rt_err_set(err, errno, "sync with container init");
	r = parent_map_ids(c, err);
	if (r >= 0 && c->cg_deferred)
		r = parent_cgroup_rest(c, err);
	if (r >= 0 && c->cg_tree)
		r = parent_cgroup_tree(c, err);
	/* The record READY commits is complete now: written while the init still mounts. */
	if (r >= 0)
		r = record_out(c, true, err);
	if (r >= 0)
		r = parent_sync(c, err);
	if (r >= 0)
		r = parent_commit(c, err);
	return r;
}

/* Every fd of the context starts closed (-1). */
#define CREATE_CTX_INIT(opts)                                                                                          \
	((struct create_ctx){.o = (opts),                                                                              \
			     .rootdir_fd = -1,                                                                         \
			     .state_fd = -1,                                                                           \
			     .sync_parent = -1,                                                                        \
			     .sync_child = -1,                                                                         \
			     .start_listen = -1,                                                                       \
			     .console_sock = -1,                                                                       \
			     .console_recv = -1,                                                                       \
			     .pidfd = -1})

int rt_container_create(const struct rt_create_opts *o, struct rt_err **err)
{
	struct create_ctx c = CREATE_CTX_INIT(o);
	int r = create_container(&c, err);

	if (r < 0)
		create_abort(&c);
	create_ctx_free(&c);
	return r < 0 ? r : 0;
}

/* ---- run ----------------------------------------------------------------------- */

static void run_poststart(struct create_ctx *c)
{
	_cleanup_free_ char *st = NULL;

	if (!c->config->hooks || !c->config->hooks->poststart_len)
		return;
	st = state_json_for(c, "running", c->pid);
	hooks_run_warn("poststart", c->config->hooks->poststart, c->config->hooks->poststart_len, st ? st : "{}");
}

/* Releases the init through the sync socket; EOF there means execve happened. */
static int run_release(struct create_ctx *c, struct rt_err **err)
{
	struct sync_msg m;
	/* An init that failed after READY has left its SYNC_ERROR: read it, not EPIPE */
	int unread = sync_send(c->sync_parent, SYNC_START, 0, NULL), r;

	if (unread < 0 && unread != -EPIPE && unread != -ECONNRESET)
		return rt_err_set(err, -unread, "start container");
	r = sync_recv(c->sync_parent, &m);
	if (r == -ECONNRESET) { /* our SYNC_START unread: its SYNC_ERROR follows (see parent_sync) */
		unread = r;
		r = sync_recv(c->sync_parent, &m);
	}
	if (r < 0)
		return rt_err_set(err, -r, "start container");
	if (r > 0 && m.step == SYNC_ERROR)
		return rt_err_set(err, 0, "%s", m.text);
	/* EOF is execve's only when the init read SYNC_START: else it died (killed) in its set-up */
	if (r == 0 && unread < 0)
		return init_died(c, err);
	return 0;
}

void forwardable_signals(sigset_t *set)
{
	sigfillset(set);
	sigdelset(set, SIGKILL);
	sigdelset(set, SIGSTOP);
	sigdelset(set, SIGSEGV);
	sigdelset(set, SIGBUS);
	sigdelset(set, SIGILL);
	sigdelset(set, SIGFPE);
}

int wait_forwarding(pid_t pid, int pidfd, const sigset_t *fwd, int *ret_exit)
{
	int sfd = signalfd(-1, fwd, SFD_CLOEXEC), status;
	struct pollfd pfd[2] = {{.fd = pidfd, .events = POLLIN}, {.fd = sfd, .events = POLLIN}};

	for (;;) {
		if (poll(pfd, sfd >= 0 ? 2 : 1, -1) < 0 && errno != EINTR)
			break;
		if (pfd[0].revents)
			break;
		if (sfd >= 0 && pfd[1].revents) {
			struct signalfd_siginfo si;
			if (read(sfd, &si, sizeof(si)) == sizeof(si) && si.ssi_signo != SIGCHLD)
				syscall(SYS_pidfd_send_signal, pidfd, si.ssi_signo, NULL, 0);
		}
	}
	if (sfd >= 0)
		close(sfd);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	*ret_exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return 0;
}

/*
 * run's own container once its init is reaped: what delete --force does for a stopped
 * container, from what rt still holds (the state directory, locked again, the cgroup handle,
 * the config) instead of reading the record back. The directory has no link left when
 * another rt deleted the container meanwhile: nothing to do then. Records are written by
 * create only, so the one on disk is the one rt wrote. The systemd manager, whose handle
 * changes as its unit starts, goes through delete.
 */
static int run_cleanup(struct create_ctx *c, struct rt_err **err)
{
	const struct oci_hooks *h = c->config->hooks;
	struct stat st;

	if (c->state_fd < 0 || (c->cg && strcmp(cg_manager(c->cg), "cgroupfs") != 0))
		return rt_container_delete(c->o->root, c->o->id, true, err);
	while (flock(c->state_fd, LOCK_EX) < 0)
		if (errno != EINTR)
			return rt_err_set(err, errno, "lock container '%s'", c->o->id);
	if (fstat(c->state_fd, &st) < 0 || st.st_nlink == 0)
		return 0;
	/* a hook noted by an interrupted delete: its poststop hooks ran once already */
	if (!hooks_kill_noted(c->state_fd) && h && h->poststop_len) {
		/* as delete gives it (and runc): a stopped container has no pid */
		_cleanup_free_ char *json = state_json_for(c, "stopped", 0);

		hooks_track_dir(c->state_fd); /* an interrupted cleanup: not run again by delete */
		hooks_run_warn("poststop", h->poststop, h->poststop_len, json ? json : "{}");
	}
	if (c->cg) {
		int q = cg_destroy_stopped(c->cg, c->ns.clone_flags & CLONE_NEWPID, err);

		if (q < 0)
			return rt_err_wrap(err, "delete container '%s'", c->o->id);
		if (q > 0)
			rt_warn("container '%s': cgroup %s kept: other processes (a container sharing its "
				"cgroupsPath?) are in it",
				c->o->id, cg_path(c->cg));
	}
	return rt_state_dir_remove(c->rootdir_fd, c->o->id, err);
}

int rt_container_run(const struct rt_create_opts *o, bool detach, bool keep, int *ret_exit, struct rt_err **err)
{
	struct create_ctx c = CREATE_CTX_INIT(o);
	_cleanup_close_ int master = -1;
	sigset_t fwd, old;
	int r;

	c.run_mode = true;
	c.fg_tty = !detach && !o->console_socket;

	/* Signals arriving before the wait are queued, then forwarded. */
	forwardable_signals(&fwd);
	/*
	 * Until the process runs, SIGTERM/SIGINT end rt itself (the init and any hook die
	 * with it through PDEATHSIG; delete --force cleans the rest). Afterwards they are
	 * blocked here and forwarded to the container.
	 */
	sigprocmask(SIG_BLOCK, NULL, &old);
	c.sigmask = old;
	r = create_container(&c, err);
	if (!detach)
		sigprocmask(SIG_BLOCK, &fwd, NULL);
	c.fg_tty = c.fg_tty && c.config && c.config->process->terminal;
	if (r >= 0 && c.fg_tty) {
		/* The init sent the master before it reported ready. */
		master = term_recv_fd(c.console_recv, err);
		r = master < 0 ? master : 0;
	}
	if (r >= 0)
		r = run_release(&c, err);
	if (r < 0) {
		create_abort(&c);
		create_ctx_free(&c);
		if (!detach)
			sigprocmask(SIG_SETMASK, &old, NULL);
		return r;
	}
	/*
	 * start.sock never existed; the init runs. Unlock so other commands can act on it; a
	 * foreground run keeps the directory open to clean up after the init (run_cleanup).
	 */
	if (detach || keep || flock(c.state_fd, LOCK_UN) < 0) {
		close(c.state_fd);
		c.state_fd = -1;
	}
	/*
	 * poststart hooks are not noted in the directory: a delete that found such a note would
	 * take it for its own interrupted poststop hooks and not run them.
	 */
	hooks_track_dir(-1);
	run_poststart(&c);
	*ret_exit = 0;
	if (!detach) {
		if (master >= 0)
			r = tty_relay(master, c.pid, c.pidfd, &fwd, c.config->process->console_size != NULL, ret_exit,
				      err);
		else
			r = wait_forwarding(c.pid, c.pidfd, &fwd, ret_exit);
		sigprocmask(SIG_SETMASK, &old, NULL);
		if (r >= 0 && !keep) {
			_cleanup_err_ struct rt_err *e = NULL;
			if (run_cleanup(&c, &e) < 0)
				rt_warn("%s", e->msg);
		}
	}
	create_ctx_free(&c);
	return r < 0 ? rt_err_set(err, -r, "wait for container") : 0;
}
