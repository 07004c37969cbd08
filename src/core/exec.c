/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * exec: a new process in a running container. The parent joins the container's pid
 * namespace (which only affects its children), clones the process into the
 * container's cgroup, and the child joins every other namespace at once through the
 * init's pidfd (setns(pidfd, flags) is atomic), then takes the same final steps as
 * the init: cwd, identity and capabilities, seccomp, fd sealing, execve. Like the
 * init it is non-dumpable from clone to execve (rt makes itself non-dumpable before
 * the clone, and the child's mm inherits the flag), and its errors come back over a CLOEXEC
 * socket: EOF means the execve happened.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "core/exec.h"
#include "core/internal.h"
#include "fs/procfs.h"
#include "linux/caps.h"
#include "linux/lsm.h"
#include "linux/process.h"
#include "linux/selfexe.h"
#include "linux/terminal.h"
#include "linux/tty_relay.h"
#include "util/log.h"
#include "util/util.h"

struct exec_ctx {
	const struct rt_exec_opts *o;
	struct oci_config *config;
	struct oci_process *proc;
	struct init_security *sec;
	struct cg_handle *cg;
	struct rt_record rec;
	int *join_fds;
	size_t join_len;
	int ns_flags; /* namespaces to join through the pidfd, pid excluded */
	int init_pidfd;
	int sync[2];
	int console_sock;
	int console_recv; /* foreground -t: the child sends the master here */
	sigset_t sigmask;
};

static struct oci_process *copy_process(const struct oci_process *p, struct rt_err **err)
{
	_cleanup_free_ char *json = oci_process_generate(p, false, NULL, err);

	return json ? oci_process_parse(json, strlen(json), "process", err) : NULL;
}

static int strv_replace(char ***v, size_t *len, char *const *src, size_t n)
{
	char **nv = calloc(n + 1, sizeof(char *));

	if (!nv)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (!(nv[i] = strdup(src[i]))) {
			rt_strv_free(nv);
			return -ENOMEM;
		}
	rt_strv_free(*v);
	*v = nv;
	*len = n;
	return 0;
}

/* --env NAME=V goes last: env_defaults() keeps a name once, in its first place, with its last value. */
static int merge_env(struct oci_process *p, char *const *env, struct rt_err **err)
{
	for (; env && *env; env++) {
		if (rt_strv_push(&p->env, *env) < 0)
			return rt_err_set(err, ENOMEM, "env");
		p->env_len++;
	}
	return 0;
}

static int parse_user(const char *s, struct oci_user *u, struct rt_err **err)
{
	_cleanup_free_ char *copy = strdup(s);
	char *colon = copy ? strchr(copy, ':') : NULL;

	if (!copy)
		return -ENOMEM;
	if (colon)
		*colon = '\0';
	if (rt_parse_u32(copy, &u->uid) < 0 || (colon && rt_parse_u32(colon + 1, &u->gid) < 0))
		return rt_err_set(err, 0, "invalid --user '%s': expected UID[:GID] as numbers", s);
	if (!colon)
		u->gid = 0;
	return 0;
}

static int add_caps(struct oci_process *p, char *const *caps, struct rt_err **err)
{
	struct oci_capabilities *c = p->capabilities;

	if (!caps || !*caps)
		return 0;
	if (!c && !(c = p->capabilities = calloc(1, sizeof(*c))))
		return rt_err_set(err, ENOMEM, "capabilities");
	/* Never inheritable or ambient: CVE-2022-29162. */
	for (; *caps; caps++) {
		int v;
		if (caps_from_name(*caps, &v) < 0)
			return rt_err_set(err, 0, "--cap: unknown capability '%s'", *caps);
		if (!rt_strv_contains(c->bounding, *caps) && rt_strv_push(&c->bounding, *caps) == 0)
			c->bounding_len++;
		if (!rt_strv_contains(c->effective, *caps) && rt_strv_push(&c->effective, *caps) == 0)
			c->effective_len++;
		if (!rt_strv_contains(c->permitted, *caps) && rt_strv_push(&c->permitted, *caps) == 0)
			c->permitted_len++;
	}
	return 0;
}

/* --apparmor and --process-label replace the labels, also those of a --process file. */
static int override_label(char **label, const char *flag, enum lsm_kind kind, const char *value, struct rt_err **err)
{
	int r;

	if (!value)
		return 0;
	r = lsm_check_label(kind, flag, value, err);
	if (r < 0)
		return r;
	free(*label);
	*label = strdup(value);
	return *label ? 0 : rt_err_set(err, ENOMEM, "%s", flag);
}

static int apply_label_flags(struct exec_ctx *x, struct rt_err **err)
{
	int r = override_label(&x->proc->apparmor_profile, "--apparmor", LSM_APPARMOR, x->o->apparmor, err);

	if (r >= 0)
		r = override_label(&x->proc->selinux_label, "--process-label", LSM_SELINUX, x->o->process_label, err);
	return r;
}

/* The process: --process FILE, or the container's process with the flags applied. */
static int build_process(struct exec_ctx *x, struct rt_err **err)
{
	const struct rt_exec_opts *o = x->o;
	struct oci_process *p;
	int r = 0;

	if (o->process_file) {
		_cleanup_free_ char *data = NULL;
		_cleanup_close_ int fd =
			strcmp(o->process_file, "-") == 0 ? dup(0) : open(o->process_file, O_RDONLY | O_CLOEXEC);
		size_t len;
		if (fd < 0)
			return rt_err_set(err, errno, "open process file '%s'", o->process_file);
		r = rt_read_all_fd(fd, OCI_MAX_INPUT, &data, &len);
		if (r < 0)
			return rt_err_set(err, -r, "read process file '%s'", o->process_file);
		x->proc = oci_process_parse(data, len, o->process_file, err);
		return x->proc ? apply_label_flags(x, err) : -EINVAL;
	}
	p = x->proc = copy_process(x->config->process, err);
	if (!p)
		return -EINVAL;
	r = strv_replace(&p->args, &p->args_len, o->args, o->args_len);
	if (r >= 0)
		r = merge_env(p, o->env, err);
	if (r >= 0 && o->cwd) {
		free(p->cwd);
		r = (p->cwd = strdup(o->cwd)) ? 0 : -ENOMEM;
	}
	if (r >= 0 && o->user)
		r = parse_user(o->user, &p->user, err);
	if (r >= 0 && o->additional_gids_len) {
		/* added to the container's additionalGids, as runc does */
		size_t n = p->user.additional_gids_len;
		uint32_t *g = realloc(p->user.additional_gids, (n + o->additional_gids_len) * sizeof(uint32_t));
		if (!g)
			return -ENOMEM;
		memcpy(g + n, o->additional_gids, o->additional_gids_len * sizeof(uint32_t));
		p->user.additional_gids = g;
		p->user.additional_gids_len = n + o->additional_gids_len;
	}
	if (r >= 0)
		r = add_caps(p, o->caps, err);
	p->terminal = o->tty;
	if (o->no_new_privs)
		p->no_new_privileges = true;
	if (r >= 0)
		r = apply_label_flags(x, err);
	return r;
}

static bool config_has_ns(const struct oci_config *c, int flag)
{
	for (size_t i = 0; c->linux_ && i < c->linux_->namespaces_len; i++)
		if (ns_flag_from_type(c->linux_->namespaces[i].type) == flag)
			return true;
	return false;
}

static int ns_flags_of(const struct oci_config *c)
{
	int flags = 0;

	for (size_t i = 0; c->linux_ && i < c->linux_->namespaces_len; i++) {
		int f = ns_flag_from_type(c->linux_->namespaces[i].type);
		if (f != CLONE_NEWPID)
			flags |= f;
	}
	return flags;
}

/*
 * Before joining the mount namespace: the listener's path is a host path, and /proc is the
 * host's procfs, where "self" is our pid as rt sees it.
 */
static int connect_seccomp_listener(struct exec_ctx *x, struct rt_err **err)
{
	const struct oci_seccomp *sc = x->config->linux_ ? x->config->linux_->seccomp : NULL;
	struct oci_state st = {
		.oci_version = (char *)OCI_SPEC_VERSION,
		.id = x->rec.id,
		.status = (char *)"running",
		.has_pid = true,
		.pid = x->rec.pid,
		.bundle = x->rec.bundle,
		.annotations = x->config->annotations,
	};
	_cleanup_free_ char *json = NULL;

	if (!sc || !sc->listener_path)
		return 0;
	json = oci_state_generate(&st, false, NULL, err);
	if (!json)
		return -ENOMEM;
	return process_seccomp_listener_connect(x->sec, sc, proc_self_pid(), json, err);
}

static __attribute__((noreturn)) void exec_child(struct exec_ctx *x)
{
	struct oci_process *p = x->proc;
	_cleanup_free_ char *exe = NULL;
	struct rt_err *err = NULL;
	int fd = x->sync[1];
	bool own_pty = p->terminal && x->console_sock >= 0; /* the pty made here, below */

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	close(x->sync[0]);
	procfs_reset();
	if (x->join_len && cg_join_child(x->join_fds, x->join_len) < 0 && rt_err_set(&err, errno, "join cgroup"))
		goto fail;
	if (connect_seccomp_listener(x, &err) < 0)
		goto fail;
	if (x->ns_flags && setns(x->init_pidfd, x->ns_flags) < 0 &&
	    rt_err_set(&err, errno, "join the container's namespaces"))
		goto fail;
	close(x->init_pidfd);
	if (setsid() < 0 && errno != EPERM && rt_err_set(&err, errno, "setsid"))
		goto fail;
	if (own_pty) {
		int master, slave;
		if (term_open_pty(p->console_size, &master, &slave, &err) < 0 ||
		    term_send_fd(x->console_sock, master, "/dev/pts/ptmx", &err) < 0 ||
		    term_make_stdio(slave, &err) < 0)
			goto fail;
		close(master);
		close(slave);
		close(x->console_sock);
	}
	/*
	 * Not before the parent put us in the cgroup2 cgroup where clone3 could not
	 * (cg_enter_pid_unjoined): the process would run, and fork, outside of it. Before
	 * process_apply_identity, whose seccomp filter (without no_new_privs) could refuse recv.
	 */
	if (sync_wait(fd, SYNC_CGROUP, &err) < 0)
		goto fail;
	/* Never the caller's session keyring (runc joins the container's): see join_new_session_keyring. */
	if (!x->rec.no_new_keyring && join_new_session_keyring(x->sec, &err) < 0)
		goto fail;
	if (env_defaults(p, 0, &err) < 0 || process_apply_early(x->sec, &err) < 0 ||
	    enter_cwd(p->cwd, false, &err) < 0 || term_stdio_owner(p->user.uid, own_pty, &err) < 0 ||
	    process_apply_identity(x->sec, &err) < 0 || process_apply_exec_affinity(x->sec, false, &err) < 0 ||
	    lookup_exec(p, &exe, &err) < 0)
		goto fail;
	/*
	 * The parent-death signal survives execve: left set, `exec --detach` would SIGKILL the
	 * process as soon as rt exits. Cleared here, before a seccomp filter could forbid prctl;
	 * the parent is still blocked on the sync socket until execve closes it.
	 */
	prctl(PR_SET_PDEATHSIG, 0);
	seal_fds(x->o->preserve_fds, &err);
	signals_reset();
	if (process_apply_late(x->sec, &err) < 0)
		goto fail;
	/* The process outlives a detached rt exec (conmon, the shim): no SIGKILL when rt exits. */
	prctl(PR_SET_PDEATHSIG, 0);
	sigprocmask(SIG_SETMASK, &x->sigmask, NULL);
	/* PDEATHSIG survives execve: the process must outlive a detached `rt exec`. */
	prctl(PR_SET_PDEATHSIG, 0);
	execve(exe, p->args, p->env ? p->env : (char *[]){NULL});
	if (errno == EACCES)
		rt_err_set(&err, 0, "exec: \"%s\": permission denied", p->args[0]);
	else
		rt_err_set(&err, errno, "exec: \"%s\"", p->args[0]);
fail:
	sync_send_err(fd, err);
	_exit(127);
}

static int load_container(struct exec_ctx *x, struct rt_err **err)
{
	_cleanup_close_ int rootfd = rt_root_open(x->o->root, false, err), dirfd = -1;
	int r;

	if (rootfd == -ENOENT)
		return rt_err_set(err, 0, "container '%s' does not exist", x->o->id);
	if (rootfd < 0)
		return rootfd;
	r = rt_id_validate(x->o->id, err);
	if (r < 0)
		return r;
	dirfd = rt_state_dir_open(rootfd, x->o->id, false, err);
	if (dirfd < 0)
		return dirfd;
	r = rt_record_read(dirfd, &x->rec, err);
	if (r < 0)
		return r;
	if (x->rec.cgroup && cg_load(x->rec.cgroup, &x->cg, err) < 0)
		return -EINVAL;
	x->config = oci_config_parse_file(dirfd, "config.json", err);
	if (!x->config)
		return -EINVAL;
	x->init_pidfd = (int)syscall(SYS_pidfd_open, x->rec.pid, 0);
	if (x->init_pidfd < 0 || !rt_record_alive(&x->rec))
		return rt_err_set(err, 0, "cannot exec in a stopped container '%s'", x->o->id);
	if (x->cg && cg_is_frozen(x->cg) && !x->o->ignore_paused)
		return rt_err_set(err, 0, "container '%s' is paused (use --ignore-paused)", x->o->id);
	return 0;
}

static void exec_ctx_free(struct exec_ctx *x)
{
	for (size_t i = 0; i < x->join_len; i++)
		close(x->join_fds[i]);
	free(x->join_fds);
	if (x->cg)
		cg_handle_free(x->cg);
	if (x->init_pidfd >= 0)
		close(x->init_pidfd);
	if (x->sync[0] >= 0)
		close(x->sync[0]);
	if (x->sync[1] >= 0)
		close(x->sync[1]);
	if (x->console_sock >= 0)
		close(x->console_sock);
	if (x->console_recv >= 0)
		close(x->console_recv);
	process_free(x->sec);
	oci_process_free(x->proc);
	oci_config_free(x->config);
	rt_record_clear(&x->rec);
}

/*
 * The process must be born in the container's pid namespace: rt joins it before clone.
 * Unprivileged, CAP_SYS_ADMIN over that namespace only comes with its user namespace, so
 * rt joins both (as runc's setns stage does). That rt stays outside the container's pid
 * namespace (the container cannot name it) and non-dumpable (its mm belongs to the host's
 * user namespace, where the container's root has no CAP_SYS_PTRACE).
 */
static int join_pid_ns(struct exec_ctx *x, struct rt_err **err)
{
	if (setns(x->init_pidfd, CLONE_NEWPID) == 0)
		return 0;
	if (errno == EPERM && geteuid() != 0 && config_has_ns(x->config, CLONE_NEWUSER)) {
		prctl(PR_SET_DUMPABLE, 0);
		if (setns(x->init_pidfd, CLONE_NEWUSER | CLONE_NEWPID) == 0) {
			x->ns_flags &= ~CLONE_NEWUSER; /* joined: joining it again is EINVAL */
			return 0;
		}
	}
	return rt_err_set(err, errno, "exec: join the container's pid namespace");
}

/* exec --cgroup: from here on x->cg is the sub-cgroup (it must exist; it is not created). */
static int join_sub_cgroup(struct exec_ctx *x, struct rt_err **err)
{
	struct cg_handle *sub = NULL;

	if (!x->cg)
		return rt_err_set(err, 0, "--cgroup: container '%s' has no cgroup", x->o->id);
	if (cg_sub_handle(x->cg, x->o->cgroups, &sub, err) < 0)
		return rt_err_code(*err);
	cg_handle_free(x->cg);
	x->cg = sub;
	return 0;
}

static int exec_prepare(struct exec_ctx *x, struct rt_err **err)
{
	struct oci_config tmp;
	int r = load_container(x, err);

	if (r >= 0)
		r = build_process(x, err);
	if (r < 0)
		return r;
	if (x->proc->args_len == 0)
		return rt_err_set(err, 0, "exec: no command given");
	if (x->proc->cwd && x->proc->cwd[0] != '/')
		return rt_err_set(err, 0, "exec: cwd '%s' is not an absolute path", x->proc->cwd);
	if (x->proc->terminal && !x->o->console_socket && x->o->detach)
		return rt_err_set(err, 0, "exec --detach --tty needs --console-socket");
	/* The attacker would be any container process: the container's caps count too. */
	r = selfexe_seal_if_ptrace(x->config->process->capabilities, err);
	if (r >= 0)
		r = selfexe_seal_if_ptrace(x->proc->capabilities, err);
	if (r < 0)
		return r;
	tmp = *x->config;
	tmp.process = x->proc;
	r = process_prepare(&tmp, &x->sec, err);
	if (r < 0)
		return r;
	x->ns_flags = ns_flags_of(x->config);
	if (x->o->console_socket) {
		x->console_sock = term_connect(x->o->console_socket, "console socket", err);
		if (x->console_sock < 0)
			return x->console_sock;
	} else if (x->proc->terminal) {
		int tp[2];
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, tp) < 0)
			return rt_err_set(err, errno, "exec: terminal socket");
		x->console_recv = tp[0];
		x->console_sock = tp[1];
	}
	if (x->o->cgroups && *x->o->cgroups && (r = join_sub_cgroup(x, err)) < 0)
		return r;
	if (x->cg)
		r = cg_join_fds(x->cg, false, &x->join_fds, &x->join_len, err);
	if (r >= 0 && socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, x->sync) < 0)
		r = rt_err_set(err, errno, "exec: sync socket");
	if (r >= 0 && config_has_ns(x->config, CLONE_NEWPID))
		r = join_pid_ns(x, err);
	return r;
}

int rt_container_exec(const struct rt_exec_opts *o, int *ret_exit, struct rt_err **err)
{
	struct exec_ctx x = {.o = o, .init_pidfd = -1, .sync = {-1, -1}, .console_sock = -1, .console_recv = -1};
	struct sync_msg m;
	sigset_t fwd;
	int pidfd = -1, r, cgfd;
	bool into = false;
	pid_t pid;

	*ret_exit = 0;
	memset(&x.rec, 0, sizeof(x.rec));
	/*
	 * Non-dumpable before the clone: the child's mm copies the flag, so no container
	 * process can open /proc/<child>/mem or ptrace it between clone and execve (execve
	 * resets it by the payload's rules). Also covers rt itself while it holds host fds.
	 */
	if (prctl(PR_SET_DUMPABLE, 0) < 0)
		return rt_err_set(err, errno, "exec: prctl PR_SET_DUMPABLE");
	r = exec_prepare(&x, err);
	if (r < 0)
		goto out;
	/* execCPUAffinity.initial: ours, inherited by the child across its cgroup transition */
	r = process_apply_exec_affinity(x.sec, true, err);
	if (r < 0)
		goto out;
	forwardable_signals(&fwd);
	sigprocmask(SIG_BLOCK, o->detach ? NULL : &fwd, &x.sigmask);
	cgfd = x.cg ? cg_clone_into_fd(x.cg, NULL) : -1;
	pid = ns_clone3(0, cgfd < 0 ? -1 : cgfd, &pidfd, &into);
	if (pid == 0)
		exec_child(&x);
	if (cgfd >= 0)
		close(cgfd);
	if (config_has_ns(x.config, CLONE_NEWPID))
		ns_leave_pid_for_children();
	if (pid < 0) {
		r = rt_err_set(err, -pid, "exec: clone");
		goto out;
	}
	close(x.sync[1]);
	x.sync[1] = -1;
	if (o->pidfd_socket && (r = term_send_fd_to(o->pidfd_socket, "pidfd socket", pidfd, "setns", err)) < 0) {
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		goto out;
	}
	if (x.console_recv >= 0) {
		close(x.console_sock);
		x.console_sock = -1;
	}
	/*
	 * Without CLONE_INTO_CGROUP (old kernel, or a target it refuses such as a threaded
	 * cgroup): the slow path. A sub-cgroup the user asked for is a promise: the process
	 * must not run on in the container's cgroup when it cannot go there.
	 */
	if (x.cg && !into && cg_enter_pid_unjoined(x.cg, pid, o->cgroups ? err : NULL) < 0 && o->cgroups) {
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		r = rt_err_wrap(err, "exec --cgroup");
		goto out;
	}
	(void)sync_send(x.sync[0], SYNC_CGROUP, 0, NULL);
	r = sync_recv(x.sync[0], &m);
	if (r == -ECONNRESET) /* a child that failed with SYNC_CGROUP unread: its SYNC_ERROR follows */
		r = sync_recv(x.sync[0], &m);
	if (r > 0 && m.step == SYNC_ERROR) {
		r = rt_err_set(err, 0, "%s", m.text);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		goto out;
	}
	r = 0;
	if (o->pid_file) {
		r = rt_write_pid_file(o->pid_file, pid, err);
		if (r < 0) {
			/* a failed exec leaves no process nobody knows of (runc kills it too) */
			kill(pid, SIGKILL);
			while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
			goto out;
		}
	}
	if (!o->detach && x.console_recv >= 0) {
		_cleanup_close_ int master = term_recv_fd(x.console_recv, err);
		r = master < 0 ? master
			       : tty_relay(master, pid, pidfd, &fwd, x.proc->console_size != NULL, ret_exit, err);
	} else if (!o->detach) {
		r = wait_forwarding(pid, pidfd, &fwd, ret_exit);
	}
	sigprocmask(SIG_SETMASK, &x.sigmask, NULL);
	if (r < 0 && !*err)
		rt_err_set(err, -r, "exec: wait");
out:
	if (pidfd >= 0)
		close(pidfd);
	exec_ctx_free(&x);
	return r;
}
