/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rt spec: writes a runc-compatible default config.json. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "libocispec/oci.h"
#include "util/util.h"

static const char default_config[] =
	"{\"ociVersion\":\"" OCI_SPEC_VERSION "\","
	"\"process\":{\"terminal\":true,\"user\":{\"uid\":0,\"gid\":0},\"args\":[\"sh\"],"
	"\"env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\"TERM=xterm\"],"
	"\"cwd\":\"/\","
	"\"capabilities\":{\"bounding\":[\"CAP_AUDIT_WRITE\",\"CAP_KILL\",\"CAP_NET_BIND_SERVICE\"],"
	"\"effective\":[\"CAP_AUDIT_WRITE\",\"CAP_KILL\",\"CAP_NET_BIND_SERVICE\"],"
	"\"permitted\":[\"CAP_AUDIT_WRITE\",\"CAP_KILL\",\"CAP_NET_BIND_SERVICE\"]},"
	"\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":1024,\"soft\":1024}],"
	"\"noNewPrivileges\":true},"
	"\"root\":{\"path\":\"rootfs\",\"readonly\":true},"
	"\"hostname\":\"rt\","
	"\"mounts\":["
	"{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"},"
	"{\"destination\":\"/dev\",\"type\":\"tmpfs\",\"source\":\"tmpfs\","
	"\"options\":[\"nosuid\",\"strictatime\",\"mode=755\",\"size=65536k\"]},"
	"{\"destination\":\"/dev/pts\",\"type\":\"devpts\",\"source\":\"devpts\","
	"\"options\":[\"nosuid\",\"noexec\",\"newinstance\",\"ptmxmode=0666\",\"mode=0620\",\"gid=5\"]},"
	"{\"destination\":\"/dev/shm\",\"type\":\"tmpfs\",\"source\":\"shm\","
	"\"options\":[\"nosuid\",\"noexec\",\"nodev\",\"mode=1777\",\"size=65536k\"]},"
	"{\"destination\":\"/dev/mqueue\",\"type\":\"mqueue\",\"source\":\"mqueue\","
	"\"options\":[\"nosuid\",\"noexec\",\"nodev\"]},"
	"{\"destination\":\"/sys\",\"type\":\"sysfs\",\"source\":\"sysfs\","
	"\"options\":[\"nosuid\",\"noexec\",\"nodev\",\"ro\"]},"
	"{\"destination\":\"/sys/fs/cgroup\",\"type\":\"cgroup\",\"source\":\"cgroup\","
	"\"options\":[\"nosuid\",\"noexec\",\"nodev\",\"relatime\",\"ro\"]}],"
	"\"linux\":{\"resources\":{\"devices\":[{\"allow\":false,\"access\":\"rwm\"}]},"
	"\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"network\"},{\"type\":\"ipc\"},{\"type\":\"uts\"},"
	"{\"type\":\"mount\"},{\"type\":\"cgroup\"}],"
	"\"maskedPaths\":[\"/proc/acpi\",\"/proc/asound\",\"/proc/kcore\",\"/proc/keys\",\"/proc/latency_stats\","
	"\"/proc/timer_list\",\"/proc/timer_stats\",\"/proc/sched_debug\",\"/sys/firmware\",\"/proc/scsi\","
	"\"/sys/devices/virtual/powercap\"],"
	"\"readonlyPaths\":[\"/proc/bus\",\"/proc/fs\",\"/proc/irq\",\"/proc/sys\",\"/proc/sysrq-trigger\"]}}";

/* uid=/gid= options name host ids that do not exist in the user namespace: the kernel refuses them. */
static void remove_id_options(struct oci_mount *m)
{
	size_t out = 0;

	if (!m->options)
		return;
	for (size_t i = 0; i < m->options_len; i++) {
		if (rt_str_has_prefix(m->options[i], "uid=") || rt_str_has_prefix(m->options[i], "gid="))
			free(m->options[i]);
		else
			m->options[out++] = m->options[i];
	}
	m->options_len = out;
	m->options[out] = NULL;
}

/* sysfs needs a network namespace of our own (or privileges): bind the host's, read-only. */
static int sys_as_rbind(struct oci_mount *m)
{
	static const char *const opts[] = {"rbind", "nosuid", "noexec", "nodev", "ro"};
	char **o = calloc(ARRAY_SIZE(opts) + 1, sizeof(*o));

	if (!o)
		return -ENOMEM;
	rt_strv_free(m->options);
	m->options = o;
	m->options_len = ARRAY_SIZE(opts);
	free(m->type);
	free(m->source);
	m->type = strdup("none");
	m->source = strdup("/sys");
	for (size_t i = 0; i < ARRAY_SIZE(opts); i++)
		if (!(o[i] = strdup(opts[i])))
			return -ENOMEM;
	return m->type && m->source ? 0 : -ENOMEM;
}

/* As runc's --rootless: a user namespace mapping the caller to root, /sys bound, no cgroup limits. */
static int make_rootless(struct oci_config *c)
{
	struct oci_linux *l = c->linux_;
	struct oci_namespace *ns;
	size_t out = 0;

	for (size_t i = 0; i < l->namespaces_len; i++) {
		if (strcmp(l->namespaces[i].type, "network") == 0 || strcmp(l->namespaces[i].type, "cgroup") == 0) {
			free(l->namespaces[i].type);
			free(l->namespaces[i].path);
			continue;
		}
		l->namespaces[out++] = l->namespaces[i];
	}
	ns = realloc(l->namespaces, (out + 1) * sizeof(*ns));
	if (!ns)
		return -ENOMEM;
	l->namespaces = ns;
	ns[out] = (struct oci_namespace){.type = strdup("user")};
	l->namespaces_len = out + 1;
	l->uid_mappings = calloc(1, sizeof(*l->uid_mappings));
	l->gid_mappings = calloc(1, sizeof(*l->gid_mappings));
	if (!ns[out].type || !l->uid_mappings || !l->gid_mappings)
		return -ENOMEM;
	*l->uid_mappings = (struct oci_id_mapping){.container_id = 0, .host_id = geteuid(), .size = 1};
	*l->gid_mappings = (struct oci_id_mapping){.container_id = 0, .host_id = getegid(), .size = 1};
	l->uid_mappings_len = l->gid_mappings_len = 1;
	oci_resources_free(l->resources);
	l->resources = NULL;
	for (size_t i = 0; i < c->mounts_len; i++) {
		struct oci_mount *m = &c->mounts[i];
		remove_id_options(m);
		if (strcmp(m->destination, "/sys") == 0 && sys_as_rbind(m) < 0)
			return -ENOMEM;
	}
	/* The cgroup mount needs a cgroup namespace or host privileges: drop it. */
	for (size_t i = 0; i < c->mounts_len; i++) {
		struct oci_mount *m = &c->mounts[i];
		if (strcmp(m->destination, "/sys/fs/cgroup") != 0)
			continue;
		free(m->destination);
		free(m->type);
		free(m->source);
		rt_strv_free(m->options);
		memmove(m, m + 1, (c->mounts_len - i - 1) * sizeof(*m));
		c->mounts_len--;
		break;
	}
	return 0;
}

int cmd_spec(struct rt_global *g, int argc, char **argv, struct rt_err **err)
{
	static const struct option options[] = {
		{"bundle", required_argument, NULL, 'b'},
		{"rootless", no_argument, NULL, 'r'},
		{NULL, 0, NULL, 0},
	};
	_cleanup_close_ int dir = -1, fd = -1;
	struct oci_config *c;
	const char *bundle = ".";
	bool rootless = false;
	char *json;
	size_t len;
	int opt, r;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:b:", options, NULL)) != -1) {
		if (opt == 'b')
			bundle = optarg;
		else if (opt == 'r')
			rootless = true;
		else
			return cli_option_error("spec", opt, argv, err);
	}
	if (optind < argc)
		return cli_usage_error("spec", err, "unexpected argument '%s'", argv[optind]);
	c = oci_config_parse(default_config, sizeof(default_config) - 1, "default config", err);
	if (!c)
		return -1;
	if (rootless && make_rootless(c) < 0) {
		oci_config_free(c);
		return rt_err_set(err, ENOMEM, "spec");
	}
	json = oci_config_generate(c, true, &len, err);
	oci_config_free(c);
	if (!json)
		return -1;
	dir = open(bundle, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		r = rt_err_set(err, errno, "bundle '%s'", bundle);
	else if ((fd = openat(dir, "config.json", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0)
		r = rt_err_set(err, errno,
			       errno == EEXIST ? "'%s/config.json' already exists" : "create '%s/config.json'", bundle);
	else if ((r = rt_write_all(fd, json, len)) < 0 || (r = rt_write_all(fd, "\n", 1)) < 0)
		r = rt_err_set(err, -r, "write '%s/config.json'", bundle);
	free(json);
	return r < 0 ? -1 : 0;
}
