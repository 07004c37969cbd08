/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The container's init: the clone3 child of rt create/run, already inside its new
 * namespaces. It sets up everything config.json asks for, reports READY, waits for
 * start, and execs the user process. It never prints: every error goes to the parent
 * over the sync socket (before start) or to `rt start` over start.sock (after).
 * The steps are numbered as in core/internal.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "core/hooks.h"
#include "core/internal.h"
#include "fs/procfs.h"
#include "fs/resolve.h"
#include "linux/lsm.h"
#include "linux/process.h"
#include "linux/rootfs.h"
#include "linux/terminal.h"
#include "util/util.h"

#ifndef KEYCTL_JOIN_SESSION_KEYRING
#define KEYCTL_JOIN_SESSION_KEYRING 1
#endif

/* Where the init reports a failure: the sync socket until start, start's connection after. */
static int report_fd = -1;

static __attribute__((noreturn)) void init_fail(struct rt_err *err)
{
	if (report_fd >= 0 && sync_send_err(report_fd, err) < 0)
		_exit(INIT_EXIT_UNREPORTED);
	_exit(1);
}

/*
 * A change of effective uid or gid (setresuid to the root of a user namespace mapped
 * elsewhere) clears the parent-death signal (commit_creds): set it again, and give up if
 * rt already died, which the hang-up of its end of the sync socket tells.
 */
static int rearm_pdeathsig(const struct create_ctx *c, struct rt_err **err)
{
	struct pollfd p = {.fd = c->sync_child, .events = POLLIN};

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (poll(&p, 1, 0) > 0 && (p.revents & POLLHUP))
		return rt_err_set(err, EPIPE, "init: the runtime went away");
	return 0;
}

/* [2] In a new user namespace: wait until the parent wrote the maps, then become its root. */
/* /proc/self/timens_offsets, opened by become_userns_root (else -1). */
static int timens_fd = -1;

static int become_userns_root(struct create_ctx *c, struct rt_err **err)
{
	int r = sync_wait(c->sync_child, SYNC_USERNS_MAPPED, err);

	/*
	 * Non-dumpable, our /proc files belong to the host's root, which an unprivileged rt's
	 * user namespace does not map: the offsets file is opened now (the write checks the
	 * opener's capabilities, which are full in the new user namespace).
	 */
	if (r >= 0 && c->ns.new_time && c->config->linux_ && c->config->linux_->time_offsets_len) {
		timens_fd = procfs_open(0, "timens_offsets", O_WRONLY, err);
		r = timens_fd < 0 ? timens_fd : 0;
	}
	prctl(PR_SET_DUMPABLE, 0);
	if (r < 0)
		return r;
	if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
		return rt_err_set(err, errno, "become root in the user namespace");
	return rearm_pdeathsig(c, err);
}

/*
 * [1] In a user namespace joined by path: become its root as runc does, so that what the
 * init creates (the new namespaces, files on the mounts it makes) is owned by a uid that
 * namespace maps. Supplementary groups are dropped where the namespace allows setgroups.
 */
static int become_joined_userns_root(const struct create_ctx *c, struct rt_err **err)
{
	if (setgroups(0, NULL) < 0 && errno != EPERM)
		return rt_err_set(err, errno, "setgroups in the joined user namespace");
	if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
		return rt_err_set(err, errno, "become root in the joined user namespace (does it map uid and gid 0?)");
	return rearm_pdeathsig(c, err);
}

pid_t proc_self_pid(void)
{
	char buf[32];
	ssize_t n = readlink("/proc/self", buf, sizeof(buf) - 1);
	int pid;

	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return rt_parse_int(buf, &pid) < 0 ? 0 : pid;
}

/*
 * Before pivot_root: the listener's path is a host path. The pids are as rt sees them: the
 * host's procfs is still at /proc here. The status is "creating", as runc sends it.
 */
static int connect_seccomp_listener(struct create_ctx *c, struct rt_err **err)
{
	pid_t pid = proc_self_pid();
	_cleanup_free_ char *st = state_json_for(c, "creating", pid);

	if (!st)
		return rt_err_set(err, ENOMEM, "seccomp listener state");
	return process_seccomp_listener_connect(c->sec, c->config->linux_->seccomp, pid, st, err);
}

static int setup_console(struct create_ctx *c, struct rt_err **err)
{
	const struct oci_process *p = c->config->process;
	int master, slave, r;

	r = term_open_pty(p->console_size, &master, &slave, err);
	if (r < 0)
		return r;
	r = term_send_fd(c->console_sock, master, "/dev/pts/ptmx", err);
	close(master);
	close(c->console_sock);
	c->console_sock = -1;
	if (r >= 0)
		r = rootfs_console(c->rootfs_plan, slave, err);
	if (r >= 0)
		r = term_make_stdio(slave, err);
	close(slave);
	return r;
}

static int set_names(const struct oci_config *cfg, struct rt_err **err)
{
	if (cfg->hostname && sethostname(cfg->hostname, strlen(cfg->hostname)) < 0)
		return rt_err_set(err, errno, "set hostname '%s'", cfg->hostname);
	if (cfg->domainname && setdomainname(cfg->domainname, strlen(cfg->domainname)) < 0)
		return rt_err_set(err, errno, "set domainname '%s'", cfg->domainname);
	return 0;
}

static int apply_sysctls(const struct oci_linux *l, struct rt_err **err)
{
	for (size_t i = 0; l && i < l->sysctl.len; i++) {
		int r = procfs_write_sysctl(l->sysctl.items[i].key, l->sysctl.items[i].value, err);
		if (r < 0)
			return rt_err_wrap(err, "linux.sysctl '%s'", l->sysctl.items[i].key);
	}
	return 0;
}

/*
 * cwd is resolved inside the new root and verified. With create (the init) it is made when
 * missing, as runc does; for an exec'd process runc and crun fail, and so does rt.
 */
int join_new_session_keyring(const struct init_security *sec, struct rt_err **err)
{
	/* The new session keyring is created with process.selinuxLabel (runc does the same). */
	if (lsm_set_keycreate(process_selinux_label(sec), err) < 0)
		return -1;
	if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0 && errno != ENOSYS && errno != EPERM)
		return rt_err_set(err, errno, "join new session keyring");
	return 0;
}

int enter_cwd(const char *cwd, bool create, struct rt_err **err)
{
	_cleanup_close_ int root = -1, fd = -1;
	char buf[4096];

	if (!cwd || !*cwd)
		cwd = "/";
	root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return rt_err_set(err, errno, "open '/'");
	fd = create ? resolve_mkdir_p(root, cwd, 0755, err)
		    : resolve_open(root, cwd, O_PATH | O_DIRECTORY | O_CLOEXEC, err);
	if (fd < 0)
		return rt_err_wrap(err, "process.cwd '%s'", cwd);
	if (fchdir(fd) < 0)
		return rt_err_set(err, errno, "process.cwd '%s'", cwd);
	/* A cwd outside the root reads back as "(unreachable)..." or fails (CVE-2024-21626). */
	if (!getcwd(buf, sizeof(buf)) || buf[0] != '/')
		return rt_err_set(err, EPERM, "process.cwd '%s' is outside the container", cwd);
	return 0;
}

static bool is_executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/*
 * PATH lookup inside the container, worded as runc words it so that engines map the
 * errors to their exit codes (127, 126).
 */
int lookup_exec(const struct oci_process *p, char **ret, struct rt_err **err)
{
	const char *name = p->args[0], *path = NULL;
	struct stat st;

	if (strchr(name, '/')) {
		if (stat(name, &st) < 0)
			return rt_err_set(err, 0, "exec: \"%s\": stat %s: no such file or directory", name, name);
		if (S_ISDIR(st.st_mode) || access(name, X_OK) < 0)
			return rt_err_set(err, 0, "exec: \"%s\": permission denied", name);
		*ret = strdup(name);
		return *ret ? 0 : -ENOMEM;
	}
	for (size_t i = 0; i < p->env_len; i++)
		if (rt_str_has_prefix(p->env[i], "PATH="))
			path = p->env[i] + 5;
	if (!path)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	for (const char *s = path;; s++) {
		const char *e = strchrnul(s, ':');
		_cleanup_free_ char *cand = NULL;

		if (asprintf(&cand, "%.*s%s%s", (int)(e - s), s, e == s ? "" : "/", name) < 0)
			return -ENOMEM;
		if (is_executable(cand)) {
			*ret = TAKE_PTR(cand);
			return 0;
		}
		if (!*e)
			break;
		s = e;
	}
	return rt_err_set(err, 0, "exec: \"%s\": executable file not found in $PATH", name);
}

static int env_set(struct oci_process *p, const char *name, const char *value)
{
	_cleanup_free_ char *kv = NULL;
	size_t n = strlen(name);

	if (asprintf(&kv, "%s=%s", name, value) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < p->env_len; i++)
		if (strncmp(p->env[i], name, n) == 0 && p->env[i][n] == '=') {
			free(p->env[i]);
			p->env[i] = TAKE_PTR(kv);
			return 0;
		}
	if (rt_strv_push(&p->env, kv) < 0)
		return -ENOMEM;
	p->env_len++;
	return 0;
}

/*
 * The user's home from the container's /etc/passwd. The image is hostile: only a
 * regular file, opened without blocking (a FIFO would hang us) and read up to a cap.
 */
static const char *passwd_home(uid_t uid, char *buf, size_t len)
{
	_cleanup_close_ int fd = open("/etc/passwd", O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	_cleanup_free_ char *data = NULL;
	struct stat st;

	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > (1 << 20) ||
	    rt_read_all_fd(fd, 1 << 20, &data, NULL) < 0)
		return NULL;
	for (char *line = data, *nl; line && *line; line = nl ? nl + 1 : NULL) {
		char *f[7] = {0}, *q = line;
		uint32_t u;
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		for (int i = 0; i < 7 && q; i++) {
			f[i] = q;
			q = strchr(q, ':');
			if (q)
				*q++ = '\0';
		}
		if (f[5] && rt_parse_u32(f[2], &u) == 0 && u == uid && *f[5]) {
			snprintf(buf, len, "%s", f[5]);
			return buf;
		}
	}
	return NULL;
}

/* A name given twice keeps its first place and its last value, as in runc and crun. */
static void env_dedup(struct oci_process *p)
{
	for (size_t i = 0; i < p->env_len; i++) {
		const char *eq = strchr(p->env[i], '=');
		size_t klen = eq ? (size_t)(eq - p->env[i]) + 1 : 0;

		for (size_t j = i + 1; klen && j < p->env_len;) {
			if (strncmp(p->env[j], p->env[i], klen) != 0) {
				j++;
				continue;
			}
			free(p->env[i]);
			p->env[i] = p->env[j];
			/* with the NULL that ends the list */
			memmove(&p->env[j], &p->env[j + 1], (p->env_len - j) * sizeof(*p->env));
			p->env_len--;
		}
	}
}

int env_defaults(struct oci_process *p, int listen_fds, struct rt_err **err)
{
	char home[4096], n[16];
	bool has_home = false;

	env_dedup(p);
	for (size_t i = 0; i < p->env_len; i++)
		if (rt_str_has_prefix(p->env[i], "HOME="))
			has_home = true;
	if (!has_home && env_set(p, "HOME", passwd_home(p->user.uid, home, sizeof(home)) ?: "/") < 0)
		return rt_err_set(err, ENOMEM, "env");
	if (listen_fds > 0) {
		snprintf(n, sizeof(n), "%d", listen_fds);
		if (env_set(p, "LISTEN_FDS", n) < 0 || env_set(p, "LISTEN_PID", "1") < 0)
			return rt_err_set(err, ENOMEM, "env");
	}
	return 0;
}

/*
 * An ignored signal stays ignored across execve: what the caller ignored (nohup, a shell's
 * background job, a daemon's SIGPIPE) would reach the container's processes. They start
 * from the defaults, as with runc and crun (execve itself resets the handled ones).
 */
void signals_reset(void)
{
	struct sigaction sa = {.sa_handler = SIG_DFL};

	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			(void)sigaction(sig, &sa, NULL);
}

/* Marks every fd above stdio and the preserved ones close-on-exec, whoever opened it. */
int seal_fds(int preserve, struct rt_err **err)
{
	unsigned int first = 3u + (unsigned int)preserve;

	if (syscall(SYS_close_range, first, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
		return 0;
	for (int fd = (int)first; fd < 65536; fd++) {
		int fl = fcntl(fd, F_GETFD);
		if (fl >= 0 && !(fl & FD_CLOEXEC))
			fcntl(fd, F_SETFD, fl | FD_CLOEXEC);
	}
	return 0;
}

static int wait_for_start(struct create_ctx *c, struct rt_err **err)
{
	int conn, r;

	if (c->run_mode)
		return 0; /* commit() received SYNC_START */
	do
		conn = accept4(c->start_listen, NULL, NULL, SOCK_CLOEXEC);
	while (conn < 0 && errno == EINTR);
	if (conn < 0)
		return rt_err_set(err, errno, "init: wait for start");
	close(c->start_listen);
	c->start_listen = -1;
	/* From here on errors go to `rt start`; EOF (exec closed it) means success. */
	close(c->sync_child);
	c->sync_child = -1;
	report_fd = conn;
	r = 0;
	return r;
}

static int report_ready(struct create_ctx *c, struct rt_err **err)
{
	if (sync_send(c->sync_child, SYNC_READY, 0, NULL) < 0)
		return rt_err_set(err, errno, "init: report ready");
	return 0;
}

/* run reported READY already (see init_main); create reports it here, all set up. */
static int commit(struct create_ctx *c, struct rt_err **err)
{
	int r;

	if (!c->run_mode && report_ready(c, err) < 0)
		return -EIO;
	if (c->run_mode) {
		/* run: SYNC_START says both "on disk" and "go"; EOF on exec tells the parent */
		r = sync_wait(c->sync_child, SYNC_START, err);
		if (r >= 0)
			prctl(PR_SET_PDEATHSIG, 0);
		return r;
	}
	r = sync_wait(c->sync_child, SYNC_COMMITTED, err);
	if (r < 0)
		return r;
	/* The state is on disk: from now on the init outlives rt create. */
	prctl(PR_SET_PDEATHSIG, 0);
	if (sync_send(c->sync_child, SYNC_ACK, 0, NULL) < 0)
		return rt_err_set(err, errno, "init: acknowledge");
	return 0;
}

/* The cgroup namespace's root is the cgroup we are in now: every hierarchy joined before. */
static int enter_cgroup_ns(const struct create_ctx *c, struct rt_err **err)
{
	if (c->ns.new_cgroup && unshare(CLONE_NEWCGROUP) < 0)
		return rt_err_set(err, errno, "unshare cgroup namespace");
	return 0;
}

/* cg_deferred: the v1 cgroups the parent made after clone, joined through the fds it sends. */
static int join_deferred_cgroup(void *data, struct rt_err **err)
{
	struct create_ctx *c = data;
	int fds[SYNC_MAX_FDS];
	struct sync_msg m;
	size_t n;
	int r = sync_recv_fds(c->sync_child, &m, fds, SYNC_MAX_FDS, &n);

	if (r < 0)
		return rt_err_set(err, -r, "init: waiting for the cgroup");
	if (r == 0 || m.step != SYNC_CGROUP) {
		cg_join_fds_close(fds, n);
		return rt_err_set(err, r == 0 ? EPIPE : EPROTO, "init: waiting for the cgroup (step %d)", m.step);
	}
	r = cg_join_child(fds, n);
	if (r < 0)
		return rt_err_set(err, -r, "join cgroup");
	return enter_cgroup_ns(c, err);
}

/* rootfs' tree source: the "cgroup" mount rt built (SYNC_CGROUP_TREE), -ENOENT when it sent none. */
static int recv_cgroup_tree(void *data, struct rt_err **err)
{
	struct create_ctx *c = data;
	int fds[SYNC_MAX_FDS];
	struct sync_msg m;
	size_t n = 0;
	int r = sync_recv_fds(c->sync_child, &m, fds, SYNC_MAX_FDS, &n);

	if (r > 0 && m.step == SYNC_CGROUP_TREE && n <= 1)
		return n ? fds[0] : -ENOENT;
	cg_join_fds_close(fds, n);
	if (r < 0)
		return rt_err_set(err, -r, "init: waiting for the cgroup mount");
	return rt_err_set(err, r == 0 ? EPIPE : EPROTO, "init: waiting for the cgroup mount (step %d)", m.step);
}

void init_main(struct create_ctx *c)
{
	const struct oci_config *cfg = c->config;
	const struct oci_process *p = cfg->process;
	_cleanup_free_ char *exe = NULL;
	struct rt_err *err = NULL;
	bool mountns = ns_plan_has(&c->ns, CLONE_NEWNS), own_pty;
	const struct rootfs_hook join_hook = {.before_cgroup = join_deferred_cgroup, .data = c};

	report_fd = c->sync_child;
	sync_plain_io();
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	prctl(PR_SET_NAME, "rt:init");
	/*
	 * Non-dumpable until execve: nothing in the container can ptrace or open our /proc files.
	 * A root parent already was at clone (the flag lives in the mm, which clone copies).
	 * With a new user namespace only once the maps are written ([2]): the /proc files of a
	 * non-dumpable task belong to root, which an unprivileged rt and newuidmap are not.
	 */
	if (!(c->ns.clone_flags & CLONE_NEWUSER))
		prctl(PR_SET_DUMPABLE, 0);
	/* Parent-only fds: the state dir's fd carries its flock, which must not outlive create. */
	close(c->sync_parent);
	close(c->state_fd);
	close(c->rootdir_fd);
	hooks_track_dir(-1);	/* that fd is gone in here */
	hooks_runtime_ns(NULL); /* createContainer, startContainer: container-namespace hooks */
	procfs_reset();

	/* [1] namespaces given by path, and the cheap v1 cgroup join from this side. */
	if (ns_join_all(&c->ns, !(c->ns.clone_flags & CLONE_NEWUSER), &err) < 0)
		init_fail(err);
	if (c->ns.userns && !(c->ns.clone_flags & CLONE_NEWUSER) && become_joined_userns_root(c, &err) < 0)
		init_fail(err);
	if (c->cg_join_len && cg_join_child(c->cg_join_fds, c->cg_join_len) < 0) {
		rt_err_set(&err, errno, "join cgroup");
		init_fail(err);
	}
	if (c->cg_late && sync_wait(c->sync_child, SYNC_CGROUP, &err) < 0)
		init_fail(err);
	/* [2] (cg_join_child closed the join fds) */
	if ((c->ns.clone_flags & CLONE_NEWUSER) && become_userns_root(c, &err) < 0)
		init_fail(err);
	/* The new net, ipc, uts and mount namespaces: the parent makes the v1 cgroups meanwhile. */
	if (ns_unshare_new(&c->ns, &err) < 0)
		init_fail(err);
	/* a copy of rt's mount namespace: the mountinfo rt read for the cgroups describes it */
	if (c->ns.unshare_flags & CLONE_NEWNS)
		rootfs_set_host_mountinfo(cg_layout_mountinfo());
	if (!c->cg_deferred && enter_cgroup_ns(c, &err) < 0)
		init_fail(err);
	if (c->ns.new_time && ns_setup_time(cfg->linux_, timens_fd, &err) < 0)
		init_fail(err);
	if (timens_fd >= 0)
		close(timens_fd);
	if (setsid() < 0 && errno != EPERM) {
		rt_err_set(&err, errno, "setsid");
		init_fail(err);
	}

	/* [3] mounts, while the host tree is still reachable for bind sources. */
	if (c->cg_tree)
		rootfs_set_cgroup_tree_source(recv_cgroup_tree, c);
	if (mountns && rootfs_mount_all(c->rootfs_plan, c->cg_deferred ? &join_hook : NULL, &err) < 0)
		init_fail(err);
	if (!mountns && c->cg_deferred && join_deferred_cgroup(c, &err) < 0)
		init_fail(err);
	if (c->hooks_in_parent) {
		if (sync_send(c->sync_child, SYNC_HOOKS, 0, NULL) < 0 ||
		    sync_wait(c->sync_child, SYNC_HOOKS_DONE, &err) < 0) {
			if (!err)
				rt_err_set(&err, errno, "init: hooks");
			init_fail(err);
		}
	}
	/* [4] */
	if (cfg->hooks && cfg->hooks->create_container_len) {
		_cleanup_free_ char *st = state_json_for(c, "created", getpid());
		if (hooks_run("createContainer", cfg->hooks->create_container, cfg->hooks->create_container_len,
			      st ? st : "{}", &err) < 0)
			init_fail(err);
	}
	if (cfg->linux_ && cfg->linux_->seccomp && cfg->linux_->seccomp->listener_path &&
	    connect_seccomp_listener(c, &err) < 0)
		init_fail(err);
	if (mountns && rootfs_pivot(c->rootfs_plan, &err) < 0)
		init_fail(err);
	/*
	 * The verified procfs handle opened before pivot_root stays: a detached clone, it is
	 * still procfs, "self" still names us, and a second clone would cost its own teardown.
	 */
	own_pty = p->terminal && c->console_sock >= 0;
	if (own_pty && setup_console(c, &err) < 0)
		init_fail(err);
	if (mountns && rootfs_finish(c->rootfs_plan, &err) < 0)
		init_fail(err);
	/*
	 * run: READY now, so that rt commits the state while the rest is set up here. A later
	 * error still reaches rt (SYNC_ERROR, read after its SYNC_START) and fails the run; create
	 * reports READY only when everything is done, its errors must come before it returns.
	 */
	if (c->run_mode && report_ready(c, &err) < 0)
		init_fail(err);
	if (apply_sysctls(cfg->linux_, &err) < 0)
		init_fail(err);
	if (ns_plan_has(&c->ns, CLONE_NEWUTS) && set_names(cfg, &err) < 0)
		init_fail(err);
	if (!c->o->no_new_keyring && join_new_session_keyring(c->sec, &err) < 0)
		init_fail(err);
	if (env_defaults(c->config->process, c->o->listen_fds, &err) < 0)
		init_fail(err);
	if (process_apply_early(c->sec, &err) < 0)
		init_fail(err);
	if (enter_cwd(p->cwd, true, &err) < 0)
		init_fail(err);
	if (term_stdio_owner(p->user.uid, own_pty, &err) < 0)
		init_fail(err);
	if (process_apply_identity(c->sec, &err) < 0)
		init_fail(err);
	if (lookup_exec(p, &exe, &err) < 0)
		init_fail(err);
	seal_fds(c->o->preserve_fds, &err);

	/* [READY] */
	if (commit(c, &err) < 0)
		init_fail(err);
	/* [6] */
	if (wait_for_start(c, &err) < 0)
		init_fail(err);
	if (cfg->hooks && cfg->hooks->start_container_len) {
		/* runc hands startContainer hooks the state as "created": the process has not run yet. */
		_cleanup_free_ char *st = state_json_for(c, "created", getpid());
		if (hooks_run("startContainer", cfg->hooks->start_container, cfg->hooks->start_container_len,
			      st ? st : "{}", &err) < 0)
			init_fail(err);
	}
	signals_reset();
	if (process_apply_late(c->sec, &err) < 0)
		init_fail(err);
	sigprocmask(SIG_SETMASK, &c->sigmask, NULL);
	execve(exe, p->args, p->env ? p->env : (char *[]){NULL});
	if (errno == EACCES)
		rt_err_set(&err, 0, "exec: \"%s\": permission denied", p->args[0]);
	else
		rt_err_set(&err, errno, "exec: \"%s\"", p->args[0]);
	init_fail(err);
}
