/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rt features: what this build implements, as runtime-spec features.md describes it.
 * Truthful by construction: lists come from the modules that implement them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "libocispec/oci.h"
#include "linux/caps.h"
#include "linux/lsm.h"
#include "linux/process_attrs.h"
#include "linux/seccomp_profile.h"
#include "util/util.h"

static char *const hooks[] = {"prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop",
			      NULL};
static char *const namespaces[] = {"cgroup", "ipc", "mount", "network", "pid", "time", "user", "uts", NULL};
/* clang-format off */
static char *const mount_options[] = {
	"async",	"atime",	 "bind",	 "defaults",	 "dev",		"diratime",	 "dirsync",
	"exec",		"idmap",	 "iversion",	 "lazytime",	 "loud",	"mand",		 "noatime",
	"nodev",	"nodiratime",	 "noexec",	 "noiversion",	 "nolazytime",	"nomand",	 "norelatime",
	"nostrictatime", "nosuid",	 "nosymfollow", "private",	 "ratime",	"rbind",	 "rdev",
	"rdiratime",	"relatime",	 "remount",	 "rexec",	 "ridmap",	"rnoatime",	 "rnodev",
	"rnodiratime",	"rnoexec",	 "rnorelatime", "rnostrictatime", "rnosuid",	"rnosymfollow", "ro",
	"rprivate",	"rrelatime",	 "rro",		 "rrw",		 "rshared",	"rslave",	 "rstrictatime",
	"rsuid",	"rsymfollow",	 "runbindable", "rw",		 "shared",	"silent",	 "slave",
	"strictatime",	"suid",		 "symfollow",	 "sync",	 "tmpcopyup",	"unbindable",	 NULL,
};
/* clang-format on */

#ifdef HAVE_SYSTEMD
/* Annotations that change what rt does: with the systemd manager each becomes a property of the scope unit. */
static char *const unsafe_annotations[] = {"org.systemd.property.", NULL};
#else
static char *const unsafe_annotations[] = {NULL};
#endif

static size_t len(char *const *v)
{
	return rt_strv_len(v);
}

int cmd_features(struct rt_global *g, int argc, char **argv, struct rt_err **err)
{
	struct rt_seccomp_features sf = {0};
	struct oci_features f = {0};
	_cleanup_strv_ char **caps = NULL;
	char *json;

	if (argc > 1)
		return cli_usage_error("features", err, "unexpected argument '%s'", argv[1]);
	if (caps_list_known(&caps, err) < 0 || seccomp_features(&sf, err) < 0)
		return -1;
	f.oci_version_min = (char *)OCI_SPEC_VERSION_MIN;
	f.oci_version_max = (char *)OCI_SPEC_VERSION;
	f.hooks = (char **)hooks;
	f.hooks_len = len(hooks);
	f.mount_options = (char **)mount_options;
	f.mount_options_len = len(mount_options);
	f.namespaces = (char **)namespaces;
	f.namespaces_len = len(namespaces);
	f.capabilities = caps;
	f.capabilities_len = len(caps);
	f.cgroup_v1 = true;
	f.cgroup_v2 = true;
#ifdef HAVE_SYSTEMD
	f.cgroup_systemd = true; /* system instance only: no --user scopes */
#else
	f.cgroup_systemd = false;
#endif
	f.cgroup_systemd_user = false;
	f.cgroup_rdma = true;
	f.seccomp_enabled = sf.enabled;
	f.seccomp_actions = sf.actions;
	f.seccomp_actions_len = len(sf.actions);
	f.seccomp_operators = sf.operators;
	f.seccomp_operators_len = len(sf.operators);
	f.seccomp_archs = sf.archs;
	f.seccomp_archs_len = len(sf.archs);
	f.seccomp_known_flags = sf.known_flags;
	f.seccomp_known_flags_len = len(sf.known_flags);
	f.seccomp_supported_flags = sf.supported_flags;
	f.seccomp_supported_flags_len = len(sf.supported_flags);
	/*
	 * The runtime-spec: "whether AppArmor [SELinux] support is compiled in. Unrelated to
	 * whether the host supports" it (runc 1.1.5 prints true on this AppArmor-less host too).
	 * AppArmor needs no library; SELinux labels need libselinux. Whether the host has the LSM
	 * on shows when a config asks for a label: create refuses it, naming the field.
	 */
	f.apparmor_enabled = true;
#ifdef HAVE_SELINUX
	f.selinux_enabled = true;
#else
	f.selinux_enabled = false;
#endif
	f.idmap_enabled = true;
	f.net_devices_enabled = true;
	f.memory_policy_enabled = true;
	f.memory_policy_modes = (char **)proc_mempolicy_mode_names;
	f.memory_policy_modes_len = proc_mempolicy_mode_names_len;
	f.memory_policy_flags = (char **)proc_mempolicy_flag_names;
	f.memory_policy_flags_len = proc_mempolicy_flag_names_len;
	/* the key runc and crun print; clients read it to know which seccomp features to expect */
	struct oci_kv ann[] = {{(char *)"io.github.seccomp.libseccomp.version", sf.version}};
	if (sf.version[0]) {
		f.annotations.items = ann;
		f.annotations.len = ARRAY_SIZE(ann);
	}
	if (len(unsafe_annotations) > 0) {
		f.potentially_unsafe_config_annotations = (char **)unsafe_annotations;
		f.potentially_unsafe_config_annotations_len = len(unsafe_annotations);
	}
	json = oci_features_generate(&f, true, NULL, err);
	seccomp_features_done(&sf);
	if (!json)
		return -1;
	fputs(json, stdout);
	if (!*json || json[strlen(json) - 1] != '\n')
		putchar('\n');
	free(json);
	return 0;
}
