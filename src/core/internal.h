/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the parent (rt create/run) and the container's init share: the create context
 * and the numbered sync protocol on the SOCK_SEQPACKET pair between them.
 *
 * Parent                                   Init (clone3 child: new pid and user namespaces)
 *   clone3 ------------------------------>  [1] join namespaces by path, cgroup (v1: tasks)
 *   systemd manager: start the scope with
 *   the init's pid; cgroupfs without split:
 *   cgroup2 by pid if clone3 could not put
 *   it there; SYNC_CGROUP ---------------->      (the init waits for it: cg_late)
 *   write id maps; SYNC_USERNS_MAPPED ---->  [2] become root of the user ns; unshare the
 *                                                new net, ipc, uts and mount namespaces
 *   cgroupfs with v1 hierarchies: the v1
 *   cgroups are made now, in parallel with   [3] mounts (rootfs_mount_all); before the first
 *   [2]-[3]; SYNC_CGROUP + their join fds ->     cgroup mount and /dev: join them (v1: tasks),
 *                                                unshare the cgroup namespace
 *   then the "cgroup" mount as a detached
 *   tree of binds of those cgroups (cg_tree);
 *   SYNC_CGROUP_TREE + its fd (none: the
 *   init mounts it itself) --------------->      the cgroup mount: attach that tree
 *   netDevices moved in (netdev.c),
 *   run prestart+createRuntime <---------  SYNC_HOOKS (only when there are such hooks or netDevices)
 *   SYNC_HOOKS_DONE --------------------->  [4] createContainer hooks, pivot_root, console,
 *                                               masked/readonly paths, sysctl, hostname,
 *                                               process attributes, caps, PATH lookup
 *   write state, pid file  <-------------  SYNC_READY (the init now waits for start)
 *   SYNC_COMMITTED ---------------------->  [5] drop PDEATHSIG
 *   exit (create) <-----------------------  SYNC_ACK
 *   start: connect start.sock ----------->  [6] accept; startContainer hooks; seccomp; execve
 *          EOF = exec happened; a message = the error
 * run answers SYNC_READY with SYNC_START on the sync socket instead (no COMMITTED/ACK
 * round trip, no start.sock): the init drops PDEATHSIG and goes on to [6].
 * Any failure in the init: SYNC_ERROR {errno, text}, then _exit(1).
 */
#ifndef RT_CORE_INTERNAL_H
#define RT_CORE_INTERNAL_H

#include <stdbool.h>
#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/container.h"
#include "core/state.h"
#include "libocispec/oci.h"
#include "linux/namespaces.h"
#include "util/err.h"

enum sync_step {
	SYNC_USERNS_MAPPED = 1,
	SYNC_HOOKS,
	SYNC_HOOKS_DONE,
	SYNC_READY,
	SYNC_COMMITTED,
	SYNC_ACK,
	SYNC_START,
	SYNC_CGROUP,
	SYNC_CGROUP_TREE,
	SYNC_ERROR,
};

struct sync_msg {
	int32_t step;
	int32_t errnum;
	char text[2048];
};

struct cg_handle;
struct rootfs_plan;
struct init_security;

struct create_ctx {
	const struct rt_create_opts *o;
	struct oci_config *config;
	char *config_json; /* raw bytes as read */
	size_t config_len;
	char *bundle;	  /* absolute */
	char *rootfs;	  /* absolute */
	char created[64]; /* RFC 3339 */
	int rootdir_fd;	  /* --root */
	int state_fd;	  /* <root>/<id>, locked */
	bool state_made;
	struct ns_plan ns;
	struct rootfs_plan *rootfs_plan;
	struct init_security *sec;
	struct cg_handle *cg;
	char *no_cgroup; /* rootless without a cgroup: why (kept in the record) */
	int *cg_join_fds;
	size_t cg_join_len;
	bool cg_late;	  /* the init waits for SYNC_CGROUP (no fds): placed in its cgroup (systemd: made) */
	bool cg_deferred; /* v1 cgroups made after clone: their join fds come with SYNC_CGROUP */
	/* the "cgroup" mount rt builds while the init mounts (SYNC_CGROUP_TREE), NULL: the init does */
	const struct rootfs_mount *cg_tree;
	int sync_parent;  /* parent's end */
	int sync_child;	  /* init's end */
	int start_listen; /* start.sock, listening (create only) */
	int console_sock; /* --console-socket, connected (or our socketpair's init end) */
	int console_recv; /* foreground terminal: where the init sends the pty master to us */
	bool fg_tty;	  /* run in the foreground with terminal: true and no --console-socket */
	bool run_mode;	  /* started through the sync socket, not start.sock */
	pid_t pid;
	int pidfd;
	bool hooks_in_parent;		/* prestart or createRuntime hooks, or linux.netDevices, exist */
	sigset_t sigmask;		/* the mask the user process starts with */
	struct oci_resources resources; /* linux.resources with rt's device allow rules added */
	struct oci_device_cgroup *dev_rules;
};

/* init.c: the container's init. Never returns. */
__attribute__((noreturn)) void init_main(struct create_ctx *c);

/* Sync protocol helpers (container.c). */
/*
 * In the init: sync_send writes instead of send(MSG_NOSIGNAL) (sync_recv always reads), so
 * that a seccomp profile loaded before the last reports needs only write and read.
 */
void sync_plain_io(void);
/* The init's exit status when it failed and could not send its error either. */
#define INIT_EXIT_UNREPORTED 3
int sync_send(int fd, int step, int errnum, const char *text);
int sync_recv(int fd, struct sync_msg *m);
/* The same with up to SYNC_MAX_FDS fds attached (SCM_RIGHTS); received ones are O_CLOEXEC. */
#define SYNC_MAX_FDS RT_MAX_SEND_FDS
int sync_send_fds(int fd, int step, const int *fds, size_t n);
int sync_recv_fds(int fd, struct sync_msg *m, int *fds, size_t max, size_t *n);
/* In a child: receives the next message, which must be `step` (errors name what went wrong). */
int sync_wait(int fd, int step, struct rt_err **err);
/* Sends SYNC_ERROR with err's text (0, or -errno when it could not). */
int sync_send_err(int fd, const struct rt_err *err);

/* The state JSON handed to hooks (container.c). */
char *state_json_for(const struct create_ctx *c, const char *status, pid_t pid);

/* Final steps shared by the init and exec'd processes (init.c). */
/* chdir into cwd inside the current root (with create: made when missing, as for the init), verified reachable. */
int enter_cwd(const char *cwd, bool create, struct rt_err **err);
/* PATH lookup of args[0] inside the current root, with runc's error wording. */
int lookup_exec(const struct oci_process *p, char **ret, struct rt_err **err);
/* HOME from the container's /etc/passwd when unset; LISTEN_FDS/LISTEN_PID when passed. */
int env_defaults(struct oci_process *p, int listen_fds, struct rt_err **err);
/* Every signal but KILL and STOP back to SIG_DFL: ignored ones would survive execve. */
void signals_reset(void);
/* Our pid in the pid namespace of the procfs at /proc (the host's, before pivot_root or setns), or 0. */
pid_t proc_self_pid(void);
/*
 * Joins a new anonymous session keyring (labelled with the process's SELinux label), so
 * that the process never holds the caller's: the init, and each exec'd process, unless
 * the container was created with --no-new-keyring. ENOSYS and EPERM (keyrings off or
 * refused by seccomp) are not errors.
 */
int join_new_session_keyring(const struct init_security *sec, struct rt_err **err);
/* Marks every fd >= 3 + preserve close-on-exec. */
int seal_fds(int preserve, struct rt_err **err);
/* Waits for a child through its pidfd, forwarding the signals in fwd (blocked by the
 * caller) to it; sets *ret_exit to the exit code or 128+signal. */
int wait_forwarding(pid_t pid, int pidfd, const sigset_t *fwd, int *ret_exit);
void forwardable_signals(sigset_t *set);
/* Writes the pid in decimal, no newline, atomically (temp file + rename). */
int rt_write_pid_file(const char *path, pid_t pid, struct rt_err **err);

#endif
