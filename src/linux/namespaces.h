/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Namespaces: the config's list turned into clone3 flags plus the namespaces to join by
 * path, the clone3 call itself, and the user-namespace id maps.
 */
#ifndef RT_LINUX_NAMESPACES_H
#define RT_LINUX_NAMESPACES_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "libocispec/oci.h"
#include "util/err.h"

#define NS_MAX 8

struct ns_join {
	int type; /* CLONE_NEW* */
	int fd;	  /* opened from the config path, type-checked */
};

struct ns_plan {
	uint64_t clone_flags;	/* CLONE_NEW* the clone creates: pid and user */
	uint64_t unshare_flags; /* CLONE_NEW* the child creates with unshare (ns_unshare_new) */
	struct ns_join join[NS_MAX];
	size_t join_len;
	bool userns;		 /* the container has a user namespace (new or joined) */
	bool new_time;		 /* a new time namespace: created with unshare in the child for timeOffsets */
	bool new_cgroup;	 /* a new cgroup namespace: unshared by the child after it joined its cgroups */
	bool pid_in_joined_user; /* a new pid namespace next to a user namespace joined by path */
};

/* Maps an OCI namespace type ("pid", "network", ...) to its CLONE_NEW* flag, or 0. */
int ns_flag_from_type(const char *type);
const char *ns_proc_name(int flag); /* CLONE_NEWNET -> "net" */

/*
 * Validates linux.namespaces (known types, no duplicates, a path only for joinable
 * types) and opens every path, checking with NS_GET_NSTYPE that it is a namespace of
 * the declared type. Errors name the field: "linux.namespaces[2]: ...".
 */
int ns_plan_build(const struct oci_linux *l, struct ns_plan *ret, struct rt_err **err);
void ns_plan_close(struct ns_plan *p);
bool ns_plan_has(const struct ns_plan *p, int flag); /* new or joined */

/*
 * clone3 with flags (CLONE_NEW* | CLONE_PIDFD | CLONE_INTO_CGROUP when cgroup_fd >= 0)
 * and SIGCHLD as exit signal. Returns like fork(): 0 in the child, the pid in the
 * parent (*ret_pidfd set), -errno on failure. Falls back to without CLONE_INTO_CGROUP
 * when the kernel refuses it (*ret_into_cgroup tells which happened).
 */
pid_t ns_clone3(uint64_t flags, int cgroup_fd, int *ret_pidfd, bool *ret_into_cgroup);

/*
 * ns_clone3 for the init of the plan. With a user namespace joined by path and a new pid
 * namespace, the pid namespace must belong to the joined user namespace (or the init may not
 * mount its proc: Podman's pods made with --uidmap), so it is made by a helper child that
 * joined the user namespace first and clones the init with CLONE_PARENT: the init is the
 * caller's child all the same, already in that user namespace (ns_join_all skips it), and
 * not in the caller's cgroup_fd (*ret_into_cgroup false: the caller moves it).
 */
pid_t ns_clone3_init(const struct ns_plan *p, int cgroup_fd, int *ret_pidfd, bool *ret_into_cgroup);

/*
 * Joins every namespace of the plan in the right order (user first, so that the
 * others are joined with the new credentials; pid is skipped: the caller joins it
 * before clone so that the init is born inside it). Called in the child.
 */
int ns_join_all(const struct ns_plan *p, bool include_user, struct rt_err **err);
/*
 * In the child, after ns_join_all (and, with a new user namespace, once it is root in it):
 * creates the new network, ipc, uts and mount namespaces. Doing it here rather than in
 * clone3 (1) lets the parent create the cgroups while the child pays for the network
 * namespace, and (2) gives namespaces created next to a user namespace joined by path
 * that namespace as owner, as runc does, so the child may mount in them.
 */
int ns_unshare_new(const struct ns_plan *p, struct rt_err **err);
/*
 * When the clone makes a new user namespace: the parent joins the network, ipc, uts and
 * cgroup namespaces given by path just before it, and ns_leave_after_clone() returns it to
 * its own right after; the init is born in them. Inside its new user namespace the init
 * could not join them: setns needs CAP_SYS_ADMIN in the user namespace that owns them (the
 * host's, for Podman's --uidmap with --network=container:X). runc's nsexec, too, joins the
 * namespaces given by path before it unshares the user namespace. saved[i] is the
 * runtime's own namespace for join[i] (-1: not joined); ns_join_all() skips these.
 */
int ns_join_for_clone(const struct ns_plan *p, int saved[NS_MAX], struct rt_err **err);
int ns_leave_after_clone(int saved[NS_MAX], struct rt_err **err);
/* Joins the pid namespace of the plan in the current process (before clone), if any. */
int ns_join_pid(const struct ns_plan *p, struct rt_err **err);
/*
 * After that clone: the caller's later children (hooks, LeakSanitizer's exit-time tracer)
 * are born in its own pid namespace again, not the container's. setns through a pidfd
 * of ourselves resets pid_for_children. Best effort (kernels without pidfd_open: no-op).
 */
void ns_leave_pid_for_children(void);

/*
 * Writes uid_map and gid_map of pid (idmap.c). As root: directly, any mappings, setgroups
 * untouched. Unprivileged: a single mapping of the caller's own euid (egid) of size 1 is
 * written directly, gid_map after "deny" to setgroups (the kernel's condition); anything
 * else runs newuidmap/newgidmap from PATH (an error naming the tool when it is absent).
 * The target must be dumpable at that time (its /proc files are root's otherwise).
 */
int ns_write_id_maps(pid_t pid, const struct oci_linux *l, struct rt_err **err);

/*
 * Checks linux.uidMappings and gidMappings for a new user namespace before anything is made:
 * both present, no range of size 0, past id 2^32-2 or overlapping another (the kernel's
 * EINVAL), container id 0 mapped (the init becomes root in it). Errors name the field.
 */
int ns_idmap_validate(const struct oci_linux *l, struct rt_err **err);

/* Pure helpers of the above, exposed for the unit tests. */
/* Formats "containerID hostID size\n" lines into buf; the length or -E2BIG. */
int ns_idmap_format(const struct oci_id_mapping *m, size_t n, char *buf, size_t len);
/* Whether the map is exactly one line mapping host id `id` with size 1. */
bool ns_idmap_is_self(const struct oci_id_mapping *m, size_t n, uint32_t id);
/*
 * The first executable regular file `name` in the ':'-separated path (NULL or "" = the
 * default system PATH); relative entries are skipped. malloc'ed, NULL when not found.
 */
char *ns_find_in_path(const char *name, const char *path);

/*
 * Writes linux.timeOffsets to /proc/self/timens_offsets (through offsets_fd when >= 0: that
 * file opened earlier, while the caller was still dumpable) and enters the new time ns.
 */
int ns_setup_time(const struct oci_linux *l, int offsets_fd, struct rt_err **err);

#endif
