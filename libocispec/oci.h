/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rt's typed model of the OCI runtime-spec (1.0 - 1.3), Linux properties.
 *
 * Conventions:
 *  - snake_case names mirror the JSON camelCase names (`oomScoreAdj` -> oom_score_adj).
 *  - Optional scalars have a `has_<name>` bit; strings are NULL when absent.
 *  - Arrays are `T *x; size_t x_len;`. String arrays (`char **x`) are also
 *    NULL-terminated, so args/env go straight to execve.
 *  - Optional objects are pointers (NULL when absent).
 *  - String maps (annotations, sysctl, unified, ...) are struct oci_map, in document order.
 *  - Everything is owned by the root object and freed by its *_free().
 *
 * Parsing: unknown keys are ignored (the spec requires it); type errors, range errors,
 * duplicate keys, invalid UTF-8, nesting deeper than OCI_MAX_DEPTH and inputs larger
 * than OCI_MAX_INPUT are errors whose message names the JSON path and the expected type:
 *   "config.json: linux.resources.memory.limit: expected integer, got string"
 * Any "1.x" ociVersion is accepted.
 */
#ifndef RT_LIBOCISPEC_OCI_H
#define RT_LIBOCISPEC_OCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define OCI_MAX_INPUT (32u * 1024u * 1024u) /* bytes of JSON accepted */
#define OCI_MAX_DEPTH 64u		    /* object/array nesting accepted */

struct oci_kv {
	char *key;
	char *value;
};

struct oci_map {
	struct oci_kv *items;
	size_t len;
};

/* Returns the value for key or NULL. */
const char *oci_map_get(const struct oci_map *m, const char *key);

/* ---- process -------------------------------------------------------------- */

struct oci_box {
	uint32_t height;
	uint32_t width;
};

struct oci_user {
	uint32_t uid;
	uint32_t gid;
	bool has_umask;
	uint32_t umask;
	uint32_t *additional_gids;
	size_t additional_gids_len;
	char *username; /* windows; parsed and ignored */
};

struct oci_capabilities {
	char **bounding;
	size_t bounding_len;
	char **effective;
	size_t effective_len;
	char **inheritable;
	size_t inheritable_len;
	char **permitted;
	size_t permitted_len;
	char **ambient;
	size_t ambient_len;
};

struct oci_rlimit {
	char *type; /* "RLIMIT_NOFILE" ... */
	uint64_t hard;
	uint64_t soft;
};

struct oci_scheduler {
	char *policy; /* SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_BATCH, SCHED_ISO, SCHED_IDLE, SCHED_DEADLINE */
	bool has_nice;
	int32_t nice;
	bool has_priority;
	int32_t priority;
	char **flags;
	size_t flags_len;
	bool has_runtime;
	uint64_t runtime;
	bool has_deadline;
	uint64_t deadline;
	bool has_period;
	uint64_t period;
};

struct oci_io_priority {
	char *class_; /* IOPRIO_CLASS_RT, IOPRIO_CLASS_BE, IOPRIO_CLASS_IDLE */
	int32_t priority;
};

struct oci_exec_cpu_affinity {
	char *initial;
	char *final;
};

struct oci_process {
	bool terminal;
	struct oci_box *console_size;
	struct oci_user user;
	char **args;
	size_t args_len;
	char *command_line; /* windows; parsed and ignored */
	char **env;
	size_t env_len;
	char *cwd;
	struct oci_capabilities *capabilities;
	struct oci_rlimit *rlimits;
	size_t rlimits_len;
	bool no_new_privileges;
	char *apparmor_profile;
	bool has_oom_score_adj;
	int32_t oom_score_adj;
	char *selinux_label;
	struct oci_scheduler *scheduler;
	struct oci_io_priority *io_priority;
	struct oci_exec_cpu_affinity *exec_cpu_affinity;
};

/* ---- root, mounts, hooks ---------------------------------------------------- */

struct oci_root {
	char *path;
	bool readonly;
};

struct oci_id_mapping {
	uint32_t container_id;
	uint32_t host_id;
	uint32_t size;
};

struct oci_mount {
	char *destination;
	char *type;
	char *source;
	char **options;
	size_t options_len;
	struct oci_id_mapping *uid_mappings;
	size_t uid_mappings_len;
	struct oci_id_mapping *gid_mappings;
	size_t gid_mappings_len;
};

struct oci_hook {
	char *path;
	char **args;
	size_t args_len;
	char **env;
	size_t env_len;
	bool has_timeout;
	int32_t timeout; /* seconds, > 0 */
};

struct oci_hooks {
	struct oci_hook *prestart;
	size_t prestart_len;
	struct oci_hook *create_runtime;
	size_t create_runtime_len;
	struct oci_hook *create_container;
	size_t create_container_len;
	struct oci_hook *start_container;
	size_t start_container_len;
	struct oci_hook *poststart;
	size_t poststart_len;
	struct oci_hook *poststop;
	size_t poststop_len;
};

/* ---- linux ------------------------------------------------------------------ */

struct oci_namespace {
	char *type; /* pid network mount ipc uts user cgroup time */
	char *path;
};

struct oci_device {
	char *type; /* c b u p */
	char *path;
	int64_t major;
	int64_t minor;
	bool has_file_mode;
	uint32_t file_mode;
	bool has_uid;
	uint32_t uid;
	bool has_gid;
	uint32_t gid;
};

struct oci_device_cgroup {
	bool allow;
	char *type; /* a c b, NULL = all */
	bool has_major;
	int64_t major;
	bool has_minor;
	int64_t minor;
	char *access; /* rwm subset */
};

struct oci_memory {
	bool has_limit;
	int64_t limit;
	bool has_reservation;
	int64_t reservation;
	bool has_swap;
	int64_t swap;
	bool has_kernel;
	int64_t kernel;
	bool has_kernel_tcp;
	int64_t kernel_tcp;
	bool has_swappiness;
	uint64_t swappiness;
	bool has_disable_oom_killer;
	bool disable_oom_killer;
	bool has_use_hierarchy;
	bool use_hierarchy;
	bool has_check_before_update;
	bool check_before_update;
};

struct oci_cpu {
	bool has_shares;
	uint64_t shares;
	bool has_quota;
	int64_t quota;
	bool has_burst;
	uint64_t burst;
	bool has_period;
	uint64_t period;
	bool has_realtime_runtime;
	int64_t realtime_runtime;
	bool has_realtime_period;
	uint64_t realtime_period;
	char *cpus;
	char *mems;
	bool has_idle;
	int64_t idle;
};

struct oci_pids {
	bool has_limit;
	int64_t limit;
};

struct oci_weight_device {
	int64_t major;
	int64_t minor;
	bool has_weight;
	uint16_t weight;
	bool has_leaf_weight;
	uint16_t leaf_weight;
};

struct oci_throttle_device {
	int64_t major;
	int64_t minor;
	uint64_t rate;
};

struct oci_blkio {
	bool has_weight;
	uint16_t weight;
	bool has_leaf_weight;
	uint16_t leaf_weight;
	struct oci_weight_device *weight_device;
	size_t weight_device_len;
	struct oci_throttle_device *throttle_read_bps_device;
	size_t throttle_read_bps_device_len;
	struct oci_throttle_device *throttle_write_bps_device;
	size_t throttle_write_bps_device_len;
	struct oci_throttle_device *throttle_read_iops_device;
	size_t throttle_read_iops_device_len;
	struct oci_throttle_device *throttle_write_iops_device;
	size_t throttle_write_iops_device_len;
};

struct oci_hugepage_limit {
	char *page_size; /* "2MB" */
	uint64_t limit;
};

struct oci_interface_priority {
	char *name;
	uint32_t priority;
};

struct oci_network {
	bool has_class_id;
	uint32_t class_id;
	struct oci_interface_priority *priorities;
	size_t priorities_len;
};

struct oci_rdma_entry {
	char *device; /* the map key */
	bool has_hca_handles;
	uint32_t hca_handles;
	bool has_hca_objects;
	uint32_t hca_objects;
};

struct oci_resources {
	struct oci_device_cgroup *devices;
	size_t devices_len;
	struct oci_memory *memory;
	struct oci_cpu *cpu;
	struct oci_pids *pids;
	struct oci_blkio *block_io;
	struct oci_hugepage_limit *hugepage_limits;
	size_t hugepage_limits_len;
	struct oci_network *network;
	struct oci_rdma_entry *rdma; /* JSON object keyed by device name */
	size_t rdma_len;
	struct oci_map unified;
};

struct oci_seccomp_arg {
	uint32_t index;
	uint64_t value;
	bool has_value_two;
	uint64_t value_two;
	char *op; /* SCMP_CMP_NE ... */
};

struct oci_seccomp_syscall {
	char **names;
	size_t names_len;
	char *action;
	bool has_errno_ret;
	uint32_t errno_ret;
	struct oci_seccomp_arg *args;
	size_t args_len;
};

struct oci_seccomp {
	char *default_action;
	bool has_default_errno_ret;
	uint32_t default_errno_ret;
	char **architectures;
	size_t architectures_len;
	char **flags;
	size_t flags_len;
	char *listener_path;
	char *listener_metadata;
	struct oci_seccomp_syscall *syscalls;
	size_t syscalls_len;
};

struct oci_intel_rdt {
	char *clos_id;
	char *l3_cache_schema;
	char *mem_bw_schema;
	char **schemata;
	size_t schemata_len;
	bool enable_cmt;
	bool enable_mbm;
	bool enable_monitoring;
};

struct oci_personality {
	char *domain; /* LINUX, LINUX32 */
	char **flags;
	size_t flags_len;
};

struct oci_time_offset {
	char *clock; /* the map key: "boottime", "monotonic" */
	int64_t secs;
	uint32_t nanosecs;
};

struct oci_net_device {
	char *host_name; /* the map key */
	char *name;	 /* name inside the container, NULL = same */
};

struct oci_memory_policy {
	char *mode; /* MPOL_DEFAULT ... */
	char *nodes;
	char **flags;
	size_t flags_len;
};

struct oci_linux {
	struct oci_id_mapping *uid_mappings;
	size_t uid_mappings_len;
	struct oci_id_mapping *gid_mappings;
	size_t gid_mappings_len;
	struct oci_map sysctl;
	struct oci_resources *resources;
	char *cgroups_path;
	struct oci_namespace *namespaces;
	size_t namespaces_len;
	struct oci_device *devices;
	size_t devices_len;
	struct oci_seccomp *seccomp;
	char *rootfs_propagation;
	char **masked_paths;
	size_t masked_paths_len;
	char **readonly_paths;
	size_t readonly_paths_len;
	char *mount_label;
	struct oci_intel_rdt *intel_rdt;
	struct oci_personality *personality;
	struct oci_time_offset *time_offsets;
	size_t time_offsets_len;
	struct oci_net_device *net_devices;
	size_t net_devices_len;
	struct oci_memory_policy *memory_policy;
};

/* ---- config ------------------------------------------------------------------ */

struct oci_config {
	char *oci_version; /* required */
	struct oci_process *process;
	struct oci_root *root;
	char *hostname;
	char *domainname;
	struct oci_mount *mounts;
	size_t mounts_len;
	struct oci_hooks *hooks;
	struct oci_map annotations;
	struct oci_linux *linux_; /* "linux" is a predefined macro in GNU C */
};

/*
 * Parses config JSON. `name` prefixes error messages ("config.json"). Returns NULL and
 * sets *err on failure.
 */
struct oci_config *oci_config_parse(const char *data, size_t len, const char *name, struct rt_err **err);
/* Reads and parses a file relative to dirfd (AT_FDCWD allowed), refusing > OCI_MAX_INPUT. */
struct oci_config *oci_config_parse_file(int dirfd, const char *path, struct rt_err **err);
/* Serialises; returns malloc'ed NUL-terminated JSON (pretty when `pretty`), or NULL + *err. */
char *oci_config_generate(const struct oci_config *c, bool pretty, size_t *ret_len, struct rt_err **err);
void oci_config_free(struct oci_config *c);

/* A process object alone (`exec --process FILE`). */
struct oci_process *oci_process_parse(const char *data, size_t len, const char *name, struct rt_err **err);
char *oci_process_generate(const struct oci_process *p, bool pretty, size_t *ret_len, struct rt_err **err);
void oci_process_free(struct oci_process *p);

/* A LinuxResources object alone (`update --resources FILE|-`). */
struct oci_resources *oci_resources_parse(const char *data, size_t len, const char *name, struct rt_err **err);
char *oci_resources_generate(const struct oci_resources *r, bool pretty, size_t *ret_len, struct rt_err **err);
void oci_resources_free(struct oci_resources *r);

/* ---- state ------------------------------------------------------------------- */

/*
 * The state object: the runtime-spec fields plus what runc's `state` prints
 * (rootfs, created, owner). Hooks get this on stdin.
 */
struct oci_state {
	char *oci_version;
	char *id;
	char *status; /* creating created running stopped paused */
	bool has_pid;
	int32_t pid;
	char *bundle;
	char *rootfs;
	char *created; /* RFC 3339 */
	char *owner;
	struct oci_map annotations;
	/*
	 * rt's extension, for a stopped container: whether the kernel OOM-killed any of its
	 * processes, how often, and its memory high-water mark (consumers that do not know
	 * the keys ignore them).
	 */
	bool has_oom_killed;
	bool oom_killed;
	bool has_oom_kill_count;
	uint64_t oom_kill_count;
	bool has_memory_peak;
	uint64_t memory_peak;
};

struct oci_state *oci_state_parse(const char *data, size_t len, const char *name, struct rt_err **err);
char *oci_state_generate(const struct oci_state *s, bool pretty, size_t *ret_len, struct rt_err **err);
void oci_state_free(struct oci_state *s);

/* ---- features (generated only) -------------------------------------------------- */

struct oci_features {
	char *oci_version_min;
	char *oci_version_max;
	char **hooks;
	size_t hooks_len;
	char **mount_options;
	size_t mount_options_len;
	/* linux */
	char **namespaces;
	size_t namespaces_len;
	char **capabilities;
	size_t capabilities_len;
	bool cgroup_v1, cgroup_v2, cgroup_systemd, cgroup_systemd_user, cgroup_rdma;
	bool seccomp_enabled;
	char **seccomp_actions;
	size_t seccomp_actions_len;
	char **seccomp_operators;
	size_t seccomp_operators_len;
	char **seccomp_archs;
	size_t seccomp_archs_len;
	char **seccomp_known_flags;
	size_t seccomp_known_flags_len;
	char **seccomp_supported_flags;
	size_t seccomp_supported_flags_len;
	bool apparmor_enabled;
	bool selinux_enabled;
	bool intel_rdt_enabled;
	bool intel_rdt_schemata;
	bool intel_rdt_monitoring;
	bool idmap_enabled;
	bool net_devices_enabled;
	bool memory_policy_enabled;
	char **memory_policy_modes;
	size_t memory_policy_modes_len;
	char **memory_policy_flags;
	size_t memory_policy_flags_len;
	struct oci_map annotations;
	char **potentially_unsafe_config_annotations;
	size_t potentially_unsafe_config_annotations_len;
};

char *oci_features_generate(const struct oci_features *f, bool pretty, size_t *ret_len, struct rt_err **err);

#endif
