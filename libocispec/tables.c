/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Descriptor tables of the runtime-spec 1.3 config (Linux properties), the state
 * object and the features document. Leaf types first: a table may only point to
 * tables defined above it. JSON names are exactly the spec's.
 */
#include <stddef.h>
#include <string.h>

#include "libocispec/engine.h"
#include "util/util.h"

#define S(T, json, m) OCI_STR(T, json, m, 0)
#define SR(T, json, m) OCI_STR(T, json, m, OCI_F_REQ)
#define SV(T, json, m) OCI_STRV(T, json, m, 0)

/* ---- process ------------------------------------------------------------------ */

static const struct oci_field box_fields[] = {
	OCI_VAL(struct oci_box, "height", OCI_K_U32, height, 0),
	OCI_VAL(struct oci_box, "width", OCI_K_U32, width, 0),
};
static OCI_TYPE(box_type, struct oci_box, box_fields);

static const struct oci_field user_fields[] = {
	OCI_VAL(struct oci_user, "uid", OCI_K_U32, uid, 0),
	OCI_VAL(struct oci_user, "gid", OCI_K_U32, gid, 0),
	OCI_OPT(struct oci_user, "umask", OCI_K_U32, umask),
	OCI_U32V(struct oci_user, "additionalGids", additional_gids),
	S(struct oci_user, "username", username),
};
static OCI_TYPE(user_type, struct oci_user, user_fields);

static const struct oci_field caps_fields[] = {
	SV(struct oci_capabilities, "bounding", bounding),	 SV(struct oci_capabilities, "effective", effective),
	SV(struct oci_capabilities, "inheritable", inheritable), SV(struct oci_capabilities, "permitted", permitted),
	SV(struct oci_capabilities, "ambient", ambient),
};
static OCI_TYPE(caps_type, struct oci_capabilities, caps_fields);

static const struct oci_field rlimit_fields[] = {
	SR(struct oci_rlimit, "type", type),
	OCI_VAL(struct oci_rlimit, "hard", OCI_K_U64, hard, 0),
	OCI_VAL(struct oci_rlimit, "soft", OCI_K_U64, soft, 0),
};
static OCI_TYPE(rlimit_type, struct oci_rlimit, rlimit_fields);

static const struct oci_field sched_fields[] = {
	S(struct oci_scheduler, "policy", policy),
	OCI_OPT(struct oci_scheduler, "nice", OCI_K_I32, nice),
	OCI_OPT(struct oci_scheduler, "priority", OCI_K_I32, priority),
	SV(struct oci_scheduler, "flags", flags),
	OCI_OPT(struct oci_scheduler, "runtime", OCI_K_U64, runtime),
	OCI_OPT(struct oci_scheduler, "deadline", OCI_K_U64, deadline),
	OCI_OPT(struct oci_scheduler, "period", OCI_K_U64, period),
};
static OCI_TYPE(sched_type, struct oci_scheduler, sched_fields);

static const struct oci_field ioprio_fields[] = {
	S(struct oci_io_priority, "class", class_),
	OCI_VAL(struct oci_io_priority, "priority", OCI_K_I32, priority, 0),
};
static OCI_TYPE(ioprio_type, struct oci_io_priority, ioprio_fields);

static const struct oci_field affinity_fields[] = {
	S(struct oci_exec_cpu_affinity, "initial", initial),
	S(struct oci_exec_cpu_affinity, "final", final),
};
static OCI_TYPE(affinity_type, struct oci_exec_cpu_affinity, affinity_fields);

static const struct oci_field process_fields[] = {
	OCI_VAL(struct oci_process, "terminal", OCI_K_BOOL, terminal, 0),
	OCI_OBJ(struct oci_process, "consoleSize", console_size, box_type),
	OCI_INLINE(struct oci_process, "user", user, user_type),
	SV(struct oci_process, "args", args),
	S(struct oci_process, "commandLine", command_line),
	SV(struct oci_process, "env", env),
	S(struct oci_process, "cwd", cwd),
	OCI_OBJ(struct oci_process, "capabilities", capabilities, caps_type),
	OCI_ARR(struct oci_process, "rlimits", rlimits, rlimit_type),
	OCI_VAL(struct oci_process, "noNewPrivileges", OCI_K_BOOL, no_new_privileges, 0),
	S(struct oci_process, "apparmorProfile", apparmor_profile),
	OCI_OPT(struct oci_process, "oomScoreAdj", OCI_K_I32, oom_score_adj),
	S(struct oci_process, "selinuxLabel", selinux_label),
	OCI_OBJ(struct oci_process, "scheduler", scheduler, sched_type),
	OCI_OBJ(struct oci_process, "ioPriority", io_priority, ioprio_type),
	OCI_OBJ(struct oci_process, "execCPUAffinity", exec_cpu_affinity, affinity_type),
};
OCI_TYPE(oci_process_type, struct oci_process, process_fields);

/* ---- root, mounts, hooks ---------------------------------------------------------- */

static const struct oci_field root_fields[] = {
	S(struct oci_root, "path", path),
	OCI_VAL(struct oci_root, "readonly", OCI_K_BOOL, readonly, 0),
};
static OCI_TYPE(root_type, struct oci_root, root_fields);

static const struct oci_field idmap_fields[] = {
	OCI_VAL(struct oci_id_mapping, "containerID", OCI_K_U32, container_id, OCI_F_REQ),
	OCI_VAL(struct oci_id_mapping, "hostID", OCI_K_U32, host_id, OCI_F_REQ),
	OCI_VAL(struct oci_id_mapping, "size", OCI_K_U32, size, OCI_F_REQ),
};
static OCI_TYPE(idmap_type, struct oci_id_mapping, idmap_fields);

static const struct oci_field mount_fields[] = {
	SR(struct oci_mount, "destination", destination),
	S(struct oci_mount, "type", type),
	S(struct oci_mount, "source", source),
	SV(struct oci_mount, "options", options),
	OCI_ARR(struct oci_mount, "uidMappings", uid_mappings, idmap_type),
	OCI_ARR(struct oci_mount, "gidMappings", gid_mappings, idmap_type),
};
static OCI_TYPE(mount_type, struct oci_mount, mount_fields);

static const struct oci_field hook_fields[] = {
	SR(struct oci_hook, "path", path),
	SV(struct oci_hook, "args", args),
	SV(struct oci_hook, "env", env),
	OCI_OPT(struct oci_hook, "timeout", OCI_K_I32, timeout),
};
static OCI_TYPE(hook_type, struct oci_hook, hook_fields);

static const struct oci_field hooks_fields[] = {
	OCI_ARR(struct oci_hooks, "prestart", prestart, hook_type),
	OCI_ARR(struct oci_hooks, "createRuntime", create_runtime, hook_type),
	OCI_ARR(struct oci_hooks, "createContainer", create_container, hook_type),
	OCI_ARR(struct oci_hooks, "startContainer", start_container, hook_type),
	OCI_ARR(struct oci_hooks, "poststart", poststart, hook_type),
	OCI_ARR(struct oci_hooks, "poststop", poststop, hook_type),
};
static OCI_TYPE(hooks_type, struct oci_hooks, hooks_fields);

/* ---- linux.resources ------------------------------------------------------------------ */

static const struct oci_field devcg_fields[] = {
	OCI_VAL(struct oci_device_cgroup, "allow", OCI_K_BOOL, allow, OCI_F_ALWAYS),
	S(struct oci_device_cgroup, "type", type),
	OCI_OPT(struct oci_device_cgroup, "major", OCI_K_I64, major),
	OCI_OPT(struct oci_device_cgroup, "minor", OCI_K_I64, minor),
	S(struct oci_device_cgroup, "access", access),
};
static OCI_TYPE(devcg_type, struct oci_device_cgroup, devcg_fields);

static const struct oci_field memory_fields[] = {
	OCI_OPT(struct oci_memory, "limit", OCI_K_I64, limit),
	OCI_OPT(struct oci_memory, "reservation", OCI_K_I64, reservation),
	OCI_OPT(struct oci_memory, "swap", OCI_K_I64, swap),
	OCI_OPT(struct oci_memory, "kernel", OCI_K_I64, kernel),
	OCI_OPT(struct oci_memory, "kernelTCP", OCI_K_I64, kernel_tcp),
	OCI_OPT(struct oci_memory, "swappiness", OCI_K_U64, swappiness),
	OCI_OPT(struct oci_memory, "disableOOMKiller", OCI_K_BOOL, disable_oom_killer),
	OCI_OPT(struct oci_memory, "useHierarchy", OCI_K_BOOL, use_hierarchy),
	OCI_OPT(struct oci_memory, "checkBeforeUpdate", OCI_K_BOOL, check_before_update),
};
static OCI_TYPE(memory_type, struct oci_memory, memory_fields);

static const struct oci_field cpu_fields[] = {
	OCI_OPT(struct oci_cpu, "shares", OCI_K_U64, shares),
	OCI_OPT(struct oci_cpu, "quota", OCI_K_I64, quota),
	OCI_OPT(struct oci_cpu, "burst", OCI_K_U64, burst),
	OCI_OPT(struct oci_cpu, "period", OCI_K_U64, period),
	OCI_OPT(struct oci_cpu, "realtimeRuntime", OCI_K_I64, realtime_runtime),
	OCI_OPT(struct oci_cpu, "realtimePeriod", OCI_K_U64, realtime_period),
	S(struct oci_cpu, "cpus", cpus),
	S(struct oci_cpu, "mems", mems),
	OCI_OPT(struct oci_cpu, "idle", OCI_K_I64, idle),
};
static OCI_TYPE(cpu_type, struct oci_cpu, cpu_fields);

static const struct oci_field pids_fields[] = {
	OCI_OPT(struct oci_pids, "limit", OCI_K_I64, limit),
};
static OCI_TYPE(pids_type, struct oci_pids, pids_fields);

static const struct oci_field weightdev_fields[] = {
	OCI_VAL(struct oci_weight_device, "major", OCI_K_I64, major, OCI_F_REQ),
	OCI_VAL(struct oci_weight_device, "minor", OCI_K_I64, minor, OCI_F_REQ),
	OCI_OPT(struct oci_weight_device, "weight", OCI_K_U16, weight),
	OCI_OPT(struct oci_weight_device, "leafWeight", OCI_K_U16, leaf_weight),
};
static OCI_TYPE(weightdev_type, struct oci_weight_device, weightdev_fields);

static const struct oci_field throttle_fields[] = {
	OCI_VAL(struct oci_throttle_device, "major", OCI_K_I64, major, OCI_F_REQ),
	OCI_VAL(struct oci_throttle_device, "minor", OCI_K_I64, minor, OCI_F_REQ),
	OCI_VAL(struct oci_throttle_device, "rate", OCI_K_U64, rate, OCI_F_REQ),
};
static OCI_TYPE(throttle_type, struct oci_throttle_device, throttle_fields);

static const struct oci_field blkio_fields[] = {
	OCI_OPT(struct oci_blkio, "weight", OCI_K_U16, weight),
	OCI_OPT(struct oci_blkio, "leafWeight", OCI_K_U16, leaf_weight),
	OCI_ARR(struct oci_blkio, "weightDevice", weight_device, weightdev_type),
	OCI_ARR(struct oci_blkio, "throttleReadBpsDevice", throttle_read_bps_device, throttle_type),
	OCI_ARR(struct oci_blkio, "throttleWriteBpsDevice", throttle_write_bps_device, throttle_type),
	OCI_ARR(struct oci_blkio, "throttleReadIOPSDevice", throttle_read_iops_device, throttle_type),
	OCI_ARR(struct oci_blkio, "throttleWriteIOPSDevice", throttle_write_iops_device, throttle_type),
};
static OCI_TYPE(blkio_type, struct oci_blkio, blkio_fields);

static const struct oci_field hugepage_fields[] = {
	SR(struct oci_hugepage_limit, "pageSize", page_size),
	OCI_VAL(struct oci_hugepage_limit, "limit", OCI_K_U64, limit, OCI_F_REQ),
};
static OCI_TYPE(hugepage_type, struct oci_hugepage_limit, hugepage_fields);

static const struct oci_field ifprio_fields[] = {
	SR(struct oci_interface_priority, "name", name),
	OCI_VAL(struct oci_interface_priority, "priority", OCI_K_U32, priority, OCI_F_REQ),
};
static OCI_TYPE(ifprio_type, struct oci_interface_priority, ifprio_fields);

static const struct oci_field network_fields[] = {
	OCI_OPT(struct oci_network, "classID", OCI_K_U32, class_id),
	OCI_ARR(struct oci_network, "priorities", priorities, ifprio_type),
};
static OCI_TYPE(network_type, struct oci_network, network_fields);

static const struct oci_field rdma_fields[] = {
	OCI_KEY(struct oci_rdma_entry, device),
	OCI_OPT(struct oci_rdma_entry, "hcaHandles", OCI_K_U32, hca_handles),
	OCI_OPT(struct oci_rdma_entry, "hcaObjects", OCI_K_U32, hca_objects),
};
static OCI_TYPE(rdma_type, struct oci_rdma_entry, rdma_fields);

static const struct oci_field resources_fields[] = {
	OCI_ARR(struct oci_resources, "devices", devices, devcg_type),
	OCI_OBJ(struct oci_resources, "memory", memory, memory_type),
	OCI_OBJ(struct oci_resources, "cpu", cpu, cpu_type),
	OCI_OBJ(struct oci_resources, "pids", pids, pids_type),
	OCI_OBJ(struct oci_resources, "blockIO", block_io, blkio_type),
	OCI_ARR(struct oci_resources, "hugepageLimits", hugepage_limits, hugepage_type),
	OCI_OBJ(struct oci_resources, "network", network, network_type),
	OCI_KEYED(struct oci_resources, "rdma", rdma, rdma_type),
	OCI_MAP(struct oci_resources, "unified", unified),
};
OCI_TYPE(oci_resources_type, struct oci_resources, resources_fields);

/* ---- linux ------------------------------------------------------------------------------ */

static const struct oci_field ns_fields[] = {
	SR(struct oci_namespace, "type", type),
	S(struct oci_namespace, "path", path),
};
static OCI_TYPE(ns_type, struct oci_namespace, ns_fields);

static const struct oci_field device_fields[] = {
	SR(struct oci_device, "type", type),
	SR(struct oci_device, "path", path),
	OCI_VAL(struct oci_device, "major", OCI_K_I64, major, 0),
	OCI_VAL(struct oci_device, "minor", OCI_K_I64, minor, 0),
	OCI_OPT(struct oci_device, "fileMode", OCI_K_U32, file_mode),
	OCI_OPT(struct oci_device, "uid", OCI_K_U32, uid),
	OCI_OPT(struct oci_device, "gid", OCI_K_U32, gid),
};
static OCI_TYPE(device_type, struct oci_device, device_fields);

static const struct oci_field seccomp_arg_fields[] = {
	OCI_VAL(struct oci_seccomp_arg, "index", OCI_K_U32, index, OCI_F_REQ),
	OCI_VAL(struct oci_seccomp_arg, "value", OCI_K_U64, value, OCI_F_REQ),
	OCI_OPT(struct oci_seccomp_arg, "valueTwo", OCI_K_U64, value_two),
	SR(struct oci_seccomp_arg, "op", op),
};
static OCI_TYPE(seccomp_arg_type, struct oci_seccomp_arg, seccomp_arg_fields);

static const struct oci_field syscall_fields[] = {
	OCI_STRV(struct oci_seccomp_syscall, "names", names, OCI_F_REQ),
	SR(struct oci_seccomp_syscall, "action", action),
	OCI_OPT(struct oci_seccomp_syscall, "errnoRet", OCI_K_U32, errno_ret),
	OCI_ARR(struct oci_seccomp_syscall, "args", args, seccomp_arg_type),
};
static OCI_TYPE(syscall_type, struct oci_seccomp_syscall, syscall_fields);

static const struct oci_field seccomp_fields[] = {
	SR(struct oci_seccomp, "defaultAction", default_action),
	OCI_OPT(struct oci_seccomp, "defaultErrnoRet", OCI_K_U32, default_errno_ret),
	SV(struct oci_seccomp, "architectures", architectures),
	SV(struct oci_seccomp, "flags", flags),
	S(struct oci_seccomp, "listenerPath", listener_path),
	S(struct oci_seccomp, "listenerMetadata", listener_metadata),
	OCI_ARR(struct oci_seccomp, "syscalls", syscalls, syscall_type),
};
static OCI_TYPE(seccomp_type, struct oci_seccomp, seccomp_fields);

static const struct oci_field rdt_fields[] = {
	S(struct oci_intel_rdt, "closID", clos_id),
	S(struct oci_intel_rdt, "l3CacheSchema", l3_cache_schema),
	S(struct oci_intel_rdt, "memBwSchema", mem_bw_schema),
	SV(struct oci_intel_rdt, "schemata", schemata),
	OCI_VAL(struct oci_intel_rdt, "enableCMT", OCI_K_BOOL, enable_cmt, 0),
	OCI_VAL(struct oci_intel_rdt, "enableMBM", OCI_K_BOOL, enable_mbm, 0),
	OCI_VAL(struct oci_intel_rdt, "enableMonitoring", OCI_K_BOOL, enable_monitoring, 0),
};
static OCI_TYPE(rdt_type, struct oci_intel_rdt, rdt_fields);

static const struct oci_field personality_fields[] = {
	S(struct oci_personality, "domain", domain),
	SV(struct oci_personality, "flags", flags),
};
static OCI_TYPE(personality_type, struct oci_personality, personality_fields);

static const struct oci_field timeoff_fields[] = {
	OCI_KEY(struct oci_time_offset, clock),
	OCI_VAL(struct oci_time_offset, "secs", OCI_K_I64, secs, 0),
	OCI_VAL(struct oci_time_offset, "nanosecs", OCI_K_U32, nanosecs, 0),
};
static OCI_TYPE(timeoff_type, struct oci_time_offset, timeoff_fields);

static const struct oci_field netdev_fields[] = {
	OCI_KEY(struct oci_net_device, host_name),
	S(struct oci_net_device, "name", name),
};
static OCI_TYPE(netdev_type, struct oci_net_device, netdev_fields);

static const struct oci_field mempolicy_fields[] = {
	S(struct oci_memory_policy, "mode", mode),
	S(struct oci_memory_policy, "nodes", nodes),
	SV(struct oci_memory_policy, "flags", flags),
};
static OCI_TYPE(mempolicy_type, struct oci_memory_policy, mempolicy_fields);

static const struct oci_field linux_fields[] = {
	OCI_ARR(struct oci_linux, "uidMappings", uid_mappings, idmap_type),
	OCI_ARR(struct oci_linux, "gidMappings", gid_mappings, idmap_type),
	OCI_MAP(struct oci_linux, "sysctl", sysctl),
	OCI_OBJ(struct oci_linux, "resources", resources, oci_resources_type),
	S(struct oci_linux, "cgroupsPath", cgroups_path),
	OCI_ARR(struct oci_linux, "namespaces", namespaces, ns_type),
	OCI_ARR(struct oci_linux, "devices", devices, device_type),
	OCI_OBJ(struct oci_linux, "seccomp", seccomp, seccomp_type),
	S(struct oci_linux, "rootfsPropagation", rootfs_propagation),
	SV(struct oci_linux, "maskedPaths", masked_paths),
	SV(struct oci_linux, "readonlyPaths", readonly_paths),
	S(struct oci_linux, "mountLabel", mount_label),
	OCI_OBJ(struct oci_linux, "intelRdt", intel_rdt, rdt_type),
	OCI_OBJ(struct oci_linux, "personality", personality, personality_type),
	OCI_KEYED(struct oci_linux, "timeOffsets", time_offsets, timeoff_type),
	OCI_KEYED(struct oci_linux, "netDevices", net_devices, netdev_type),
	OCI_OBJ(struct oci_linux, "memoryPolicy", memory_policy, mempolicy_type),
};
static OCI_TYPE(linux_type, struct oci_linux, linux_fields);

/* ---- config --------------------------------------------------------------------------------- */

static const struct oci_field config_fields[] = {
	OCI_STR(struct oci_config, "ociVersion", oci_version, OCI_F_REQ | OCI_F_VERSION),
	OCI_OBJ(struct oci_config, "process", process, oci_process_type),
	OCI_OBJ(struct oci_config, "root", root, root_type),
	S(struct oci_config, "hostname", hostname),
	S(struct oci_config, "domainname", domainname),
	OCI_ARR(struct oci_config, "mounts", mounts, mount_type),
	OCI_OBJ(struct oci_config, "hooks", hooks, hooks_type),
	OCI_MAP(struct oci_config, "annotations", annotations),
	OCI_OBJ(struct oci_config, "linux", linux_, linux_type),
};
OCI_TYPE(oci_config_type, struct oci_config, config_fields);

/* ---- state ------------------------------------------------------------------------------------ */

static const struct oci_field state_fields[] = {
	SR(struct oci_state, "ociVersion", oci_version),
	SR(struct oci_state, "id", id),
	SR(struct oci_state, "status", status),
	OCI_OPT(struct oci_state, "pid", OCI_K_I32, pid),
	S(struct oci_state, "bundle", bundle),
	S(struct oci_state, "rootfs", rootfs),
	S(struct oci_state, "created", created),
	S(struct oci_state, "owner", owner),
	OCI_MAP(struct oci_state, "annotations", annotations),
	OCI_OPT(struct oci_state, "oomKilled", OCI_K_BOOL, oom_killed),
	OCI_OPT(struct oci_state, "oomKillCount", OCI_K_U64, oom_kill_count),
	OCI_OPT(struct oci_state, "memoryPeak", OCI_K_U64, memory_peak),
};
OCI_TYPE(oci_state_type, struct oci_state, state_fields);

/*
 * ---- features (features.md) -----------------------------------------------------------------
 * struct oci_features is flat; the JSON nests. Groups are OCI_K_INLINE at offset 0: JSON
 * objects whose members live in the same struct. Booleans are always emitted: in features
 * false means "not supported", which is information.
 */
#define FGROUP(json, ch, aux)                                                                                          \
	{                                                                                                              \
		.name = (json), .kind = OCI_K_INLINE, .off = 0, .aux_off = (aux), .child = &(ch)                       \
	}
#define FB(json, m) OCI_VAL(struct oci_features, json, OCI_K_BOOL, m, OCI_F_ALWAYS)
#define FSV(json, m) OCI_STRV(struct oci_features, json, m, 0)
#define FTYPE(var, fields) static OCI_TYPE(var, struct oci_features, fields)

static const struct oci_field f_cgroup_fields[] = {
	FB("v1", cgroup_v1),	       FB("v2", cgroup_v2),
	FB("systemd", cgroup_systemd), FB("systemdUser", cgroup_systemd_user),
	FB("rdma", cgroup_rdma),
};
FTYPE(f_cgroup_type, f_cgroup_fields);

static const struct oci_field f_seccomp_fields[] = {
	FB("enabled", seccomp_enabled),		FSV("actions", seccomp_actions),
	FSV("operators", seccomp_operators),	FSV("archs", seccomp_archs),
	FSV("knownFlags", seccomp_known_flags), FSV("supportedFlags", seccomp_supported_flags),
};
FTYPE(f_seccomp_type, f_seccomp_fields);

static const struct oci_field f_apparmor_fields[] = {FB("enabled", apparmor_enabled)};
FTYPE(f_apparmor_type, f_apparmor_fields);
static const struct oci_field f_selinux_fields[] = {FB("enabled", selinux_enabled)};
FTYPE(f_selinux_type, f_selinux_fields);

static const struct oci_field f_rdt_fields[] = {
	FB("enabled", intel_rdt_enabled),
	FB("schemata", intel_rdt_schemata),
	FB("monitoring", intel_rdt_monitoring),
};
FTYPE(f_rdt_type, f_rdt_fields);

static const struct oci_field f_idmap_fields[] = {FB("enabled", idmap_enabled)};
FTYPE(f_idmap_type, f_idmap_fields);
static const struct oci_field f_mountext_fields[] = {FGROUP("idmap", f_idmap_type, OCI_NONE)};
FTYPE(f_mountext_type, f_mountext_fields);
static const struct oci_field f_netdev_fields[] = {FB("enabled", net_devices_enabled)};
FTYPE(f_netdev_type, f_netdev_fields);

static const struct oci_field f_mempolicy_fields[] = {
	FSV("modes", memory_policy_modes),
	FSV("flags", memory_policy_flags),
};
FTYPE(f_mempolicy_type, f_mempolicy_fields);

static const struct oci_field f_linux_fields[] = {
	FSV("namespaces", namespaces),
	FSV("capabilities", capabilities),
	FGROUP("cgroup", f_cgroup_type, OCI_NONE),
	FGROUP("seccomp", f_seccomp_type, OCI_NONE),
	FGROUP("apparmor", f_apparmor_type, OCI_NONE),
	FGROUP("selinux", f_selinux_type, OCI_NONE),
	FGROUP("intelRdt", f_rdt_type, OCI_NONE),
	FGROUP("mountExtensions", f_mountext_type, OCI_NONE),
	FGROUP("netDevices", f_netdev_type, OCI_NONE),
	/* emitted only when memory_policy_enabled */
	FGROUP("memoryPolicy", f_mempolicy_type, (int32_t)offsetof(struct oci_features, memory_policy_enabled)),
};
FTYPE(f_linux_type, f_linux_fields);

static const struct oci_field features_fields[] = {
	OCI_STR(struct oci_features, "ociVersionMin", oci_version_min, OCI_F_REQ),
	OCI_STR(struct oci_features, "ociVersionMax", oci_version_max, OCI_F_REQ),
	FSV("hooks", hooks),
	FSV("mountOptions", mount_options),
	FGROUP("linux", f_linux_type, OCI_NONE),
	OCI_MAP(struct oci_features, "annotations", annotations),
	FSV("potentiallyUnsafeConfigAnnotations", potentially_unsafe_config_annotations),
};
OCI_TYPE(oci_features_type, struct oci_features, features_fields);
