/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cgroups: placement (where the container's cgroup lives and how processes enter it)
 * and resources (how linux.resources maps to controller files), kept apart.
 *
 * Layout. A controller -> hierarchy map built from ONE read of /proc/self/mountinfo
 * (plus cgroup.controllers of the cgroup2 mount, if any). Modes:
 *   CG_MODE_V1      legacy: every controller on its own (or co-mounted) cgroup v1 hierarchy
 *   CG_MODE_HYBRID  v1 controllers plus a cgroup2 mount (usually /sys/fs/cgroup/unified)
 *                   holding whatever controllers v1 did not bind (here: hugetlb)
 *   CG_MODE_V2      one cgroup2 hierarchy at /sys/fs/cgroup
 *   CG_MODE_NONE    no cgroup mount at all
 * A controller lives on exactly one hierarchy (the kernel forbids binding it twice), so
 * "is memory v1 or v2" is a per-controller question: translation asks the layout.
 *
 * Paths (cg_path_for), runc's cgroupfs semantics:
 *   - absolute linux.cgroupsPath: relative to each hierarchy's root;
 *   - relative path: under the runtime's own cgroup of that hierarchy (from
 *     /proc/self/cgroup); on cgroup2 under the PARENT of the own cgroup, because the own
 *     cgroup holds processes and could not enable controllers for a child;
 *   - empty/absent: the relative path "<id>" (runc's default with the cgroupfs driver);
 *   - ".." components are refused, "." and "//" are dropped;
 *   - the systemd form "slice:prefix:name" (not absolute, exactly two ':') is refused
 *     for cgroupfs: a misconfigured caller, not a path (cg_sd_parse_path is its parser).
 *
 * Managers (struct cg_ops): "cgroupfs" (v1, v2 and hybrid alike, per hierarchy),
 * "systemd" (systemd.c: a transient scope unit over sd-bus, created with the init's pid
 * by cg_enter_pid, see cg_needs_pid; then the cgroupfs code on the scope's directories)
 * and "none" (everything succeeds and does nothing: no cgroup mounts).
 *
 * Joining cheaply. The container init is created with clone3:
 *   - on the cgroup2 hierarchy (pure v2 or the unified mount of a hybrid host) with
 *     CLONE_INTO_CGROUP and cg_clone_into_fd();
 *   - on v1 hierarchies the CHILD writes "0" into each `tasks` file opened by the parent
 *     before clone (cg_join_fds() / cg_join_child()): moving one thread skips the
 *     threadgroup rwsem and the RCU grace period a parent-side cgroup.procs write waits for.
 *   - cg_enter_pid() is the slow path (exec of extra processes, old kernels).
 * Measured on this host (Linux 6.18, hybrid, medians of 30 cold runs 100 ms apart):
 *   parent writes the pid to cgroup.procs of the 9 v1 hierarchies   9.8 ms
 *   child writes "0" to cgroup.procs of the 9 v1 hierarchies        12.4 ms
 *   child writes "0" to tasks of the 9 v1 hierarchies                0.12 ms
 *   any cgroup.procs write on the cgroup2 mount                      ~14 ms
 *   clone3 with CLONE_INTO_CGROUP vs plain clone3                    0.25 vs 0.14 ms
 * So the create path of `rt run` is:
 *   cg_create(); fd = cg_clone_into_fd(); cg_join_fds(h, false, ...);
 *   clone3(CLONE_INTO_CGROUP, fd)   -- child: cg_join_child(fds, n) first thing
 *   parent: cg_join_fds_close(); close(fd)
 * and, when clone3 fails with ENOSYS/E2BIG/EINVAL, fork + cg_join_fds(h, true, ...).
 * The fds keep the opener's credentials and cgroup namespace (kernel >= 5.16 checks
 * them at write time against the opener), so the child may already have switched user
 * or cgroup namespace.
 *
 * Errors from writes name the file and value:
 *   cgroup: write '/sys/fs/cgroup/memory/x/memory.limit_in_bytes' = '100': Device or resource busy
 */
#ifndef RT_CGROUP_CGROUP_H
#define RT_CGROUP_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "libocispec/oci.h"
#include "util/err.h"

/* ---- layout ------------------------------------------------------------------ */

enum cg_ctrl {
	CG_CPU,
	CG_CPUACCT,
	CG_CPUSET,
	CG_MEMORY,
	CG_DEVICES,
	CG_FREEZER,
	CG_BLKIO, /* "blkio" on v1, "io" on v2 */
	CG_PIDS,
	CG_HUGETLB,
	CG_NET_CLS,
	CG_NET_PRIO,
	CG_RDMA,
	CG_PERF_EVENT,
	CG_MISC,
	CG_NCTRL,
	/* Not a controller: "the cgroup2 hierarchy itself" (cgroup.* files, unified keys). */
	CG_CORE = CG_NCTRL,
};

enum cg_mode { CG_MODE_NONE, CG_MODE_V1, CG_MODE_HYBRID, CG_MODE_V2 };

#define CG_MAX_HIER 24

struct cg_hier {
	char *mnt;     /* mount point, e.g. "/sys/fs/cgroup/memory" */
	char *root;    /* mountinfo root: the hierarchy path the mount shows, usually "/" */
	char *key;     /* stable name: "unified" (cgroup2), "cpu,cpuacct", "name=systemd" */
	bool v2;       /* cgroup2 */
	uint32_t ctrl; /* bit (1 << enum cg_ctrl) per controller on this hierarchy */
};

struct cg_layout {
	enum cg_mode mode;
	size_t n;
	struct cg_hier h[CG_MAX_HIER];
	int ctrl_hier[CG_NCTRL]; /* index into h, -1 when the controller is not mounted */
	int v2_hier;		 /* index of the cgroup2 hierarchy, -1 if none */
};

/* "cpu", "memory", ...: v1 names, except CG_BLKIO which is "io" when v2 is true. */
const char *cg_ctrl_name(enum cg_ctrl c, bool v2);
/* Maps a v1 or v2 controller name to its enum; -1 when unknown. */
int cg_ctrl_from_name(const char *name);
/* 0: not mounted, 1: cgroup v1, 2: cgroup v2. */
int cg_ctrl_version(const struct cg_layout *l, enum cg_ctrl c);

/*
 * Pure: builds a layout from the text of a mountinfo file. v2_controllers is the text
 * of cgroup.controllers of the cgroup2 mount (NULL = none enabled). Mounts of the
 * same hierarchy seen twice keep the first. The layout owns its strings.
 */
int cg_layout_parse(const char *mountinfo, const char *v2_controllers, struct cg_layout *ret, struct rt_err **err);
void cg_layout_done(struct cg_layout *l);
/* The host layout, detected once per process and cached (do not free). NULL on error. */
const struct cg_layout *cg_layout_get(struct rt_err **err);
/*
 * The /proc/self/mountinfo text that cg_layout_get() parsed in this process (or, after a
 * clone, in the parent before it): NULL when it has not run. Do not free.
 */
const char *cg_layout_mountinfo(void);

/*
 * Pure: the cgroup path of one hierarchy in a /proc/<pid>/cgroup text ("0::/x" for
 * cgroup2, "4:memory:/x" for v1; co-mounted and name= hierarchies match on the key).
 * Returns a malloc'ed path or NULL with *err (-ENOENT when the hierarchy is not listed).
 */
char *cg_proc_cgroup_path(const char *proc_cgroup, const struct cg_hier *h, struct rt_err **err);

/* ---- paths ------------------------------------------------------------------- */

/*
 * Pure: normalises linux.cgroupsPath (NULL or "" = default) for container id into
 * *ret: "/a/b" (absolute, relative to hierarchy roots) or "a/b" (relative to the
 * runtime's own cgroup). See the rules at the top of this file.
 */
int cg_path_for(const char *cgroups_path, const char *id, char **ret, struct rt_err **err);

/*
 * Pure: the cgroup path in hierarchy h, relative to its mount point, for a normalised
 * path; own is the runtime's own cgroup in h as /proc/self/cgroup shows it (only used
 * when path is relative; the mount root is stripped from it). Returns malloc'ed "/x/y"
 * or NULL.
 */
char *cg_path_resolve(const char *path, const struct cg_hier *h, const char *own);

/*
 * Pure: the directory of a mount-relative cgroup path (as cg_path_resolve returns):
 * mnt + cgpath. NULL on ENOMEM.
 */
char *cg_hier_dir(const struct cg_hier *h, const char *cgpath);

/* ---- resource translation (pure) --------------------------------------------- */

#define CG_W_OPTIONAL 0x1  /* a missing file (ENOENT) is not an error (rsvd variants) */
#define CG_W_SWAPPABLE 0x2 /* on EINVAL, try the next write first, then this one again */

struct cg_write {
	int ctrl;	 /* enum cg_ctrl, or CG_CORE for the cgroup2 hierarchy */
	char *file;	 /* "memory.limit_in_bytes" */
	char *value;	 /* "104857600" */
	char *alt_file;	 /* tried when file does not exist (ENOENT); may be NULL */
	char *alt_value; /* value for alt_file */
	unsigned flags;	 /* CG_W_* */
};

struct cg_writes {
	struct cg_write *v;
	size_t n;
};

void cg_writes_done(struct cg_writes *w);

/*
 * Pure: the file writes implementing r on layout l, in the order they must happen.
 * A controller's v1 or v2 rules follow cg_ctrl_version(). Setting a resource whose
 * controller is not mounted, a v1-only field on a v2 controller (swappiness,
 * disableOOMKiller, realtime*, network) or a unified key on a host without a usable
 * cgroup2 controller is an error naming the field. Zero cpu.shares and blockIO.weight
 * mean "unset" (Docker sends them). kernel/kernelTCP are ignored with a warning.
 * Device rules on v1 are devices.deny "a" then each rule in order; on v2 they are not
 * writes (see cg_devices_*), and this function leaves them out.
 */
int cg_translate(const struct oci_resources *r, const struct cg_layout *l, struct cg_writes *ret, struct rt_err **err);

/* Pure: a v1 device rule "c 1:3 rwm" (NULL type = 'a', absent major/minor = '*'). */
int cg_device_rule(const struct oci_device_cgroup *d, char *buf, size_t len, struct rt_err **err);

/* Exposed conversions (pure). */
uint64_t cg_shares_to_weight(uint64_t shares);	 /* 1 + ((shares - 2) * 9999) / 262142 */
uint64_t cg_blkio_weight_to_io(uint64_t weight); /* 1 + (weight - 10) * 9999 / 990 */
/* v2 memory.swap.max from OCI limit/swap (both "set" flags given); ret "max" or a number. */
int cg_swap_v2(bool has_limit, int64_t limit, int64_t swap, char *buf, size_t len, struct rt_err **err);

/* ---- devices on cgroup2 -------------------------------------------------------- */

struct bpf_insn;

/*
 * Pure: assembles a BPF_PROG_TYPE_CGROUP_DEVICE program for rules with the v1
 * semantic (default deny; the last matching rule decides; type 'a' matches all).
 * *ret is malloc'ed, *ret_len instructions.
 */
int cg_devices_prog(const struct oci_device_cgroup *rules, size_t n, struct bpf_insn **ret, size_t *ret_len,
		    struct rt_err **err);
/*
 * Loads that program and attaches it to the cgroup2 directory fd with
 * BPF_F_ALLOW_MULTI, then detaches the device programs attached before it: an update
 * replaces the program without leaking one per call. cg_create/cg_update call this
 * when the devices controller is not on a v1 hierarchy and cgroup2 is mounted.
 */
int cg_devices_apply(int cgroup_fd, const struct oci_device_cgroup *rules, size_t n, struct rt_err **err);

/* ---- placement --------------------------------------------------------------- */

struct cg_handle;

struct cg_create_opts {
	const char *manager;		       /* "cgroupfs" (default when NULL), "systemd" or "none" */
	const char *cgroups_path;	       /* linux.cgroupsPath, may be NULL */
	const char *id;			       /* container id */
	const struct oci_resources *resources; /* may be NULL */
	const struct oci_map *annotations;     /* systemd: org.systemd.property.*; may be NULL */
	/*
	 * Called once every path is known and before the first directory is made, so the
	 * caller can record the handle (cg_save) where a later `delete --force` finds it
	 * even if the process dies halfway through creation. May be NULL.
	 */
	int (*planned)(const struct cg_handle *h, void *data, struct rt_err **err);
	void *planned_data;
	/*
	 * cgroupfs with v1 hierarchies: make only the cgroup2 part now (what CLONE_INTO_CGROUP
	 * needs) and leave the v1 directories and their resources to cg_create_rest(), which
	 * the caller runs after clone while the child sets up its mounts. Other managers and
	 * pure cgroup2 create everything at once (cg_has_rest() is then false).
	 */
	bool defer_v1;
};

/*
 * The backend interface. cgroupfs serves v1, v2 and hybrid; "none" does nothing; a
 * systemd backend would create the unit in create() and reuse cgroupfs for the rest.
 */
struct cg_ops {
	const char *name;
	int (*create)(struct cg_handle *h, const struct cg_create_opts *o, struct rt_err **err);
	int (*create_rest)(struct cg_handle *h, struct rt_err **err); /* may be NULL */
	int (*destroy)(struct cg_handle *h, struct rt_err **err);
	int (*enter_pid)(struct cg_handle *h, pid_t pid, struct rt_err **err);
	int (*update)(struct cg_handle *h, const struct oci_resources *r, struct rt_err **err);
	int (*freeze)(struct cg_handle *h, bool freeze, struct rt_err **err);
	void (*release)(struct cg_handle *h); /* frees backend state; may be NULL */
};

/*
 * Creates the cgroup in every hierarchy (v2: enabling controllers in every ancestor's
 * cgroup.subtree_control; v1 cpuset: copying cpus/mems from the parent into every new
 * level) and applies o->resources. On failure everything created is removed again.
 */
int cg_create(const struct cg_create_opts *o, struct cg_handle **ret, struct rt_err **err);

/*
 * The second step of a create with defer_v1: the v1 directories and their resources. On
 * failure what it made is removed; the cgroup2 part stays for cg_destroy. 0 when there
 * is nothing left to do.
 */
int cg_create_rest(struct cg_handle *h, struct rt_err **err);
bool cg_has_rest(const struct cg_handle *h);

/*
 * Removes the cgroup in every hierarchy, sub-cgroups first; thaws first if frozen;
 * retries EBUSY for a bounded time (~0.5 s) while processes exit. Missing dirs are fine.
 * Does not kill: call cg_kill_all() first. Ancestors created by cg_create are kept
 * (they may be shared). The handle stays valid and must still be freed.
 */
int cg_destroy(struct cg_handle *h, struct rt_err **err);
/*
 * cg_destroy for a container whose init is gone. One read of cgroup.procs when it is empty.
 * Without a pid namespace of its own, the processes the container left in the cgroup are
 * killed first, as runc does. With one (own_pidns), the kernel killed the rest of the
 * namespace with the init: any process still in the cgroup belongs to another container
 * given the same cgroupsPath (runc allows it), so nothing is signalled and the cgroup,
 * which cannot be removed while in use, is left to the last of them: returns 1 then.
 */
int cg_destroy_stopped(struct cg_handle *h, bool own_pidns, struct rt_err **err);
void cg_handle_free(struct cg_handle *h);
void cg_handle_freep(struct cg_handle **h);
#define _cleanup_cg_ __attribute__((cleanup(cg_handle_freep)))

/* "cgroupfs", "systemd" or "none". */
const char *cg_manager(const struct cg_handle *h);
/* The cgroup path in the primary hierarchy ("/x/id"), for state.json / logs. */
const char *cg_path(const struct cg_handle *h);

/*
 * The container's directory in the hierarchy mounted at mnt ("/sys/fs/cgroup/memory" ->
 * "/sys/fs/cgroup/memory/rt/c1"), NULL when h has none there. Valid while h is.
 */
const char *cg_dir_at(const struct cg_handle *h, const char *mnt);

/*
 * An fd for clone3's CLONE_INTO_CGROUP (the cgroup2 directory, O_RDONLY|O_DIRECTORY),
 * owned by the caller; -ENOENT when there is no cgroup2 hierarchy.
 */
int cg_clone_into_fd(struct cg_handle *h, struct rt_err **err);

/*
 * Opens, before clone, the files the child writes "0" into to join: `tasks` of every
 * v1 hierarchy, plus cgroup.procs of the cgroup2 hierarchy when include_v2 (kernels
 * without CLONE_INTO_CGROUP). *ret_fds is malloc'ed (may be NULL when *n == 0); the
 * caller closes them (cg_join_fds_close) after clone.
 */
int cg_join_fds(struct cg_handle *h, bool include_v2, int **ret_fds, size_t *n, struct rt_err **err);
void cg_join_fds_close(int *fds, size_t n);
/* In the child: writes "0" to each fd and closes it. Async-signal-safe. 0 or -errno. */
int cg_join_child(const int *fds, size_t n);

/*
 * true while the cgroup exists only once cg_enter_pid() is given the init's pid (the
 * systemd manager creates its scope with the pid in it): until then cg_clone_into_fd and
 * cg_join_fds offer nothing, and the init must not run anything it could not undo (nor
 * unshare its cgroup namespace) before the parent's cg_enter_pid has returned.
 */
bool cg_needs_pid(const struct cg_handle *h);

/* Moves pid (its whole thread group) into the cgroup in every hierarchy. */
int cg_enter_pid(struct cg_handle *h, pid_t pid, struct rt_err **err);
/*
 * After a clone without CLONE_INTO_CGROUP whose child joins the v1 hierarchies itself
 * (cg_join_child): moves pid into the cgroup2 hierarchy only, or everywhere while the
 * handle is pending (cg_needs_pid). A second cgroup.procs write on v1 would only wait
 * for an RCU grace period.
 */
int cg_enter_pid_unjoined(struct cg_handle *h, pid_t pid, struct rt_err **err);

int cg_update(struct cg_handle *h, const struct oci_resources *r, struct rt_err **err);

/* ---- exec --cgroup: sub-cgroups ---------------------------------------------- */

/*
 * Pure: a sub-cgroup path made relative and canonical: leading, trailing and repeated
 * '/' and "." components dropped ("" = the container's cgroup itself); any ".."
 * component is refused. *ret is malloc'ed.
 */
int cg_sub_path_norm(const char *in, char **ret, struct rt_err **err);

/*
 * Pure: runc's `exec --cgroup` specs ("path" for every hierarchy, or
 * "ctrl[,ctrl...]:path" for the hierarchies of those controllers; v1 and v2 names)
 * as one normalised path per hierarchy of l: ret_paths[i] for l->h[i], NULL where the
 * process stays in the container's cgroup. A controller path beats the plain path.
 * Errors: unknown or unmounted controller, a controller twice, two plain paths,
 * co-mounted controllers (or, on cgroup2, any two controllers) with different paths,
 * "..". Free with cg_sub_plan_free().
 */
int cg_sub_plan(const struct cg_layout *l, char *const *specs, char **ret_paths /* [CG_MAX_HIER] */,
		struct rt_err **err);
void cg_sub_plan_free(char **paths);

/*
 * A handle for the sub-cgroups of h named by specs (NULL-terminated, see cg_sub_plan).
 * Each sub-cgroup is opened beneath the container's directory with openat2
 * (RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_XDEV; a component walk with
 * O_NOFOLLOW without openat2); it must already exist ("does not exist" otherwise,
 * nothing is created). cg_clone_into_fd, cg_join_fds and cg_enter_pid on the result
 * place a process there; the joins use the opened fds.
 */
int cg_sub_handle(struct cg_handle *h, char *const *specs, struct cg_handle **ret, struct rt_err **err);

/* ---- persistence ------------------------------------------------------------- */

/*
 * A compact text for the state dir: "<manager>\n<default path>\n" followed by
 * "<hierarchy key>\t<path>\n" for every hierarchy whose path differs (relative paths on
 * v1 where the runtime sits in different cgroups per controller), "@keys\t<key> <key>...\n"
 * naming every hierarchy of the handle, and for systemd "@unit\t<unit name>\n". cg_load
 * re-detects the layout and rebuilds the handle for the hierarchies mounted now;
 * cg_unreachable names the saved ones that are not (unmounted since: their cgroup is out of
 * reach), NULL when none (or a text saved before "@keys").
 */
char *cg_save(const struct cg_handle *h, struct rt_err **err);
int cg_load(const char *saved, struct cg_handle **ret, struct rt_err **err);
const char *cg_unreachable(struct cg_handle *h);

/* ---- systemd manager, the pure parts (sdprops.c) ------------------------------ */

/*
 * linux.cgroupsPath "slice:prefix:name" (NULL or "": "system.slice:rt:<id>"; an empty
 * slice is system.slice): the unit is "prefix-name.scope" ("name.scope" without a
 * prefix) in slice, and its cgroup path is the expanded slice plus the unit:
 * "machine-test.slice:pfx:c1" -> /machine.slice/machine-test.slice/pfx-c1.scope.
 */
struct cg_sd_path {
	char *slice;	  /* "machine-test.slice" */
	char *unit;	  /* "pfx-c1.scope" */
	char *slice_path; /* "/machine.slice/machine-test.slice" ("" for -.slice) */
	char *path;	  /* slice_path + "/" + unit */
};
int cg_sd_parse_path(const char *cgroups_path, const char *id, struct cg_sd_path *ret, struct rt_err **err);
void cg_sd_path_done(struct cg_sd_path *p);
/* "a-b-c.slice" -> "/a.slice/a-b.slice/a-b-c.slice", "-.slice" -> "". */
int cg_sd_slice_path(const char *slice, char **ret, struct rt_err **err);

/*
 * One unit property as it goes on D-Bus, an (sv) pair: sig is the variant's signature.
 * Basic types: "b" (u = 0/1), "y" "q" "u" "t" (u), "n" "i" "x" (i), "d" (d), "s" "o" "g" (s).
 * Arrays: "ay" (bytes/nbytes), "as" (strv), "aq" "au" "at" "an" "ai" "ax" ... (u64s/n64).
 */
struct cg_sd_prop {
	char *name;
	char sig[4];
	uint64_t u;
	int64_t i;
	double d;
	char *s;
	char **strv;
	uint8_t *bytes;
	size_t nbytes;
	uint64_t *u64s;
	size_t n64;
};
struct cg_sd_props {
	struct cg_sd_prop *v;
	size_t n;
};
void cg_sd_prop_done(struct cg_sd_prop *p);
void cg_sd_props_done(struct cg_sd_props *p);
const struct cg_sd_prop *cg_sd_props_find(const struct cg_sd_props *p, const char *name);

/*
 * Parses the value of an org.systemd.property.<name> annotation, the GVariant text
 * literal runc accepts: "uint64 5" (any of boolean byte int16 uint16 int32 uint32 int64
 * uint64 double string objectpath signature), "@t 5", a plain integer (int32, int64 when
 * it does not fit), a decimal (double), true/false, 'text' or "text", and arrays
 * ['a', 'b'], [1, 2], "@au [1, 2]". As runc does, <X>Sec with a number of seconds becomes
 * <X>USec in microseconds ("TimeoutStopSec": "5" -> TimeoutStopUSec=5000000, uint64).
 */
int cg_sd_parse_value(const char *name, const char *text, struct cg_sd_prop *ret, struct rt_err **err);

/* "0-3,5" -> the little-endian byte mask of AllowedCPUs/AllowedMemoryNodes. */
int cg_sd_cpuset_mask(const char *list, uint8_t **ret, size_t *ret_len);
/* CPUQuotaPerSecUSec for quota/period, rounded up to systemd's 10 ms; UINT64_MAX = none. */
uint64_t cg_sd_quota_per_sec(int64_t quota, uint64_t period);

/*
 * The properties linux.resources maps to on layout l (v2: MemoryMax MemoryLow
 * MemorySwapMax CPUWeight AllowedCPUs AllowedMemoryNodes IOWeight and the unified keys
 * memory.{max,high,low,min,swap.max} pids.max cpu.weight io.weight; v1: MemoryLimit
 * CPUShares BlockIOWeight; both: TasksMax CPUQuotaPerSecUSec CPUQuotaPeriodUSec).
 * -1 limits are UINT64_MAX ("infinity"). Appended to p.
 */
int cg_sd_resource_props(const struct oci_resources *res, const struct cg_layout *l, struct cg_sd_props *p,
			 struct rt_err **err);
/* Every org.systemd.property.* annotation, parsed; replaces a property of the same name. */
int cg_sd_annotation_props(const struct oci_map *annotations, struct cg_sd_props *p, struct rt_err **err);
/*
 * The whole property list of StartTransientUnit: Description, Slice, Delegate=yes,
 * DefaultDependencies=no, *Accounting=yes, the resources, then the annotations (which
 * override). PIDs is not in it (systemd.c adds the init's pid).
 */
int cg_sd_unit_props(const struct cg_sd_path *sp, const char *id, const struct oci_resources *res,
		     const struct cg_layout *l, const struct oci_map *annotations, struct cg_sd_props *p,
		     struct rt_err **err);

/* ---- control ----------------------------------------------------------------- */

/*
 * Signals every process in the cgroup and its sub-cgroups. SIGKILL uses cgroup.kill
 * where it exists. Otherwise the cgroup is frozen (no fork can escape), each pid is
 * signalled, then thawed (a v1-frozen task only dies once thawed; for signals other
 * than SIGKILL a container that was paused is left paused). Never blocks on a paused
 * container. Returns the number of processes signalled (cgroup.kill: 0).
 */
int cg_kill_all(struct cg_handle *h, int sig, struct rt_err **err);

/* Freezes/thaws; freezing waits (bounded, ~2 s) until the kernel reports frozen. */
int cg_freeze(struct cg_handle *h, bool freeze, struct rt_err **err);
/* v1 freezer.state FROZEN/FREEZING, v2 cgroup.freeze == 1. false when no freezer. */
bool cg_is_frozen(struct cg_handle *h);
/*
 * cg_is_frozen of a cgroup that holds a task whose /proc state letter is task_state: on v1 a
 * task running or sleeping ('R', 'S') answers "not frozen" without reading freezer.state.
 */
bool cg_is_frozen_holding(struct cg_handle *h, char task_state);

/* All pids (processes) of the cgroup and its sub-cgroups, from the primary hierarchy. */
int cg_pids(struct cg_handle *h, pid_t **ret, size_t *n, struct rt_err **err);

#define CG_MAX_HUGETLB 8
#define CG_MAX_RDMA 16

/* One huge page size, runc's HugetlbStats: reservations (".rsvd" files) where the kernel has them. */
struct cg_hugetlb_stat {
	char size[16];	  /* "2MB", "1GB": the kernel's file-name form, runc's map key */
	uint64_t usage;	  /* bytes */
	uint64_t max;	  /* peak usage: v1 max_usage_in_bytes; cgroup2 has no peak file (0) */
	uint64_t failcnt; /* v1 failcnt; cgroup2 the "max" count of hugetlb.<size>.events */
};

/* One line of rdma.current / rdma.max ("mlx4_0 hca_handle=2 hca_object=2000"). */
struct cg_rdma_stat {
	char device[64];
	uint32_t hca_handles, hca_objects; /* "max" -> UINT32_MAX */
};

struct cg_stats {
	uint64_t cpu_usage_ns, cpu_user_ns, cpu_system_ns;
	uint64_t mem_usage, mem_limit, mem_max_usage, mem_failcnt;
	uint64_t swap_usage, swap_limit;
	uint64_t pids_current, pids_limit; /* limit UINT64_MAX = max */
	uint64_t oom_kill, oom;		   /* oom: times the limit was hit (v1 under_oom unknown: 0) */
	bool has_cpu, has_memory, has_pids, has_peak, has_hugetlb, has_rdma;
	size_t n_hugetlb, n_rdma_current, n_rdma_limit;
	struct cg_hugetlb_stat hugetlb[CG_MAX_HUGETLB]; /* sorted by size name */
	struct cg_rdma_stat rdma_current[CG_MAX_RDMA], rdma_limit[CG_MAX_RDMA];
};

/*
 * Fills what the mounted controllers provide (has_* bits); limits "max" -> UINT64_MAX.
 * Each controller is read from its own hierarchy, v1 or cgroup2 (hugetlb on the
 * unified mount of a hybrid host included).
 */
int cg_stats(struct cg_handle *h, struct cg_stats *ret, struct rt_err **err);

/* One line of a blkio statistics file ("8:0 Read 4096"; "8:0 1234" has no op), runc's BlkioStatEntry. */
struct cg_blkio_entry {
	uint64_t major, minor, value;
	char op[16];
};

/* runc's blkio lists, in its JSON order. */
enum {
	CG_BLKIO_SERVICE_BYTES,
	CG_BLKIO_SERVICED,
	CG_BLKIO_QUEUED,
	CG_BLKIO_SERVICE_TIME,
	CG_BLKIO_WAIT_TIME,
	CG_BLKIO_MERGED,
	CG_BLKIO_TIME,
	CG_BLKIO_SECTORS,
	CG_BLKIO_LISTS
};

/* runc's MemoryData: <prefix>.limit_in_bytes, usage_in_bytes, max_usage_in_bytes, failcnt. */
struct cg_mem_entry {
	uint64_t limit, usage, max, failcnt;
};

/*
 * What `events` prints beyond struct cg_stats, as runc 1.1.5 gathers it: per-cpu usage
 * (v1 cpuacct), cpu throttling (cpu.stat), the cpuset, memory.stat (runc's "raw" map and
 * its "cache"), the memsw peak and failcnt, kernel and kernel TCP memory (v1 kmem), and
 * the blkio lists. Zero / NULL where the host has no such file. cg_detail_free releases it.
 */
struct cg_detail {
	uint64_t *percpu, *percpu_user, *percpu_kernel; /* n_percpu, n_percpu_modes entries */
	size_t n_percpu, n_percpu_modes;
	uint64_t periods, throttled_periods, throttled_time; /* time in ns */
	bool has_cpuset;
	uint16_t *cpus, *mems; /* cpuset.cpus / cpuset.mems expanded */
	size_t n_cpus, n_mems;
	uint64_t cpu_exclusive, mem_hardwall, mem_exclusive, memory_migrate, memory_spread_page, memory_spread_slab,
		memory_pressure, sched_load_balance;
	int64_t sched_relax_domain_level;
	uint64_t cache;
	char *memory_stat; /* memory.stat as read: "key value" lines */
	uint64_t swap_max, swap_failcnt;
	struct cg_mem_entry kernel, kernel_tcp;
	struct cg_blkio_entry *blkio[CG_BLKIO_LISTS];
	size_t n_blkio[CG_BLKIO_LISTS];
};

int cg_stats_detail(struct cg_handle *h, struct cg_detail *ret);
void cg_detail_free(struct cg_detail *d);

/* Pure: a cpuset list ("0-3,8") expanded; -EINVAL when malformed. *ret is NULL for "". */
int cg_cpuset_list_parse(const char *text, uint16_t **ret, size_t *n);
/* Pure: a v1 blkio statistics file as runc reads it ("Total N" lines skipped); -EINVAL when malformed. */
int cg_blkio_parse(const char *text, struct cg_blkio_entry **ret, size_t *n);

/* Pure: rdma.current / rdma.max text into v (at most max entries, the rest dropped). */
int cg_rdma_parse(const char *text, struct cg_rdma_stat *v, size_t max, size_t *ret_n, struct rt_err **err);
/*
 * Pure: the page size of a hugetlb usage file name ("hugetlb.2MB.current" on cgroup2,
 * "hugetlb.2MB.usage_in_bytes" on v1; ".rsvd." variants and other files: false).
 */
bool cg_hugetlb_size_of(const char *name, bool v2, char *size, size_t len);

/* ---- OOM notification ---------------------------------------------------------- */

/*
 * An fd that polls readable when the container's memory cgroup runs out of memory, so
 * `rt events` reports OOM at once instead of at the next poll:
 *   cgroup2: inotify IN_MODIFY on memory.events (the kernel notifies the file on every
 *            counter change); the oom/oom_kill counters tell an OOM from other changes;
 *   v1:      an eventfd registered for memory.oom_control through cgroup.event_control
 *            (signalled on each OOM of the cgroup, and once when the cgroup is removed).
 * -EOPNOTSUPP without a memory controller (no error message set then).
 */
struct cg_oom_watch;
int cg_oom_watch_open(struct cg_handle *h, struct cg_oom_watch **ret, struct rt_err **err);
int cg_oom_watch_fd(const struct cg_oom_watch *w);
/* After the fd polled readable: OOM events since the last call (>= 0); -ENOENT once the cgroup is gone. */
int cg_oom_watch_read(struct cg_oom_watch *w);
void cg_oom_watch_free(struct cg_oom_watch *w);

#endif
