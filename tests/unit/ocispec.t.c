/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libocispec: round trips of full configs and real runtimes' default specs, the
 * other document types (process, resources, state, features), file loading.
 * Error messages are in ocispec-errors.t.c, spec coverage in ocispec-coverage.t.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libocispec/engine.h"
#include "tests/unit/tap.h"
#include "util/util.h"

#ifndef DATADIR
#error "DATADIR must point at tests/data"
#endif

static char *slurp(const char *name, size_t *len)
{
	char path[4096];
	char *buf = NULL;
	int r;

	snprintf(path, sizeof(path), "%s/%s", DATADIR, name);
	r = rt_read_file_at(AT_FDCWD, path, OCI_MAX_INPUT, &buf);
	if (r < 0) {
		printf("# cannot read %s: %s\n", path, strerror(-r));
		return NULL;
	}
	*len = strlen(buf);
	return buf;
}

/* generate(parse(text)) must equal generate(parse(generate(parse(text)))). */
static char *round_trip(const char *text, size_t len, const char *name)
{
	_cleanup_err_ struct rt_err *err = NULL;
	struct oci_config *c = oci_config_parse(text, len, name, &err);
	_cleanup_free_ char *g1 = NULL, *g2 = NULL;
	struct oci_config *c2;
	size_t l1 = 0;

	if (!ok(c != NULL, "%s parses", name)) {
		printf("# %s\n", err->msg);
		return NULL;
	}
	g1 = oci_config_generate(c, true, &l1, &err);
	oci_config_free(c);
	if (!ok(g1 && l1 == strlen(g1), "%s generates", name))
		return NULL;
	c2 = oci_config_parse(g1, l1, "generated", &err);
	if (!ok(c2 != NULL, "%s: generated text parses again", name)) {
		printf("# %s\n", err->msg);
		return NULL;
	}
	g2 = oci_config_generate(c2, true, NULL, &err);
	oci_config_free(c2);
	is_str(g2, g1, "%s: second generation is identical", name);
	return TAKE_PTR(g1);
}

static void check_full_fields(const struct oci_config *c)
{
	const struct oci_process *p = c->process;
	const struct oci_linux *l = c->linux_;
	const struct oci_resources *r = l->resources;

	is_str(c->oci_version, "1.3.0", "ociVersion");
	ok(p->terminal && p->console_size->height == 24 && p->console_size->width == 80, "terminal, consoleSize");
	ok(p->user.uid == 1000 && p->user.gid == 1001 && p->user.has_umask && p->user.umask == 18, "user ids, umask");
	ok(p->user.additional_gids_len == 3 && p->user.additional_gids[2] == UINT32_MAX, "additionalGids");
	ok(p->args_len == 3 && p->args[3] == NULL && strcmp(p->args[2], "echo hi") == 0, "args NULL-terminated");
	ok(p->env_len == 2 && p->env[2] == NULL, "env NULL-terminated");
	ok(p->capabilities->ambient_len == 1 && p->capabilities->bounding_len == 2, "capabilities");
	ok(p->rlimits_len == 2 && p->rlimits[0].hard == UINT64_MAX && p->rlimits[0].soft == 1024,
	   "rlimits, uint64 max");
	ok(p->no_new_privileges && p->has_oom_score_adj && p->oom_score_adj == -1000, "noNewPrivileges, oomScoreAdj");
	ok(p->scheduler->has_nice && p->scheduler->nice == -20 && p->scheduler->has_priority &&
		   p->scheduler->priority == 0 && p->scheduler->deadline == 20000000 && p->scheduler->has_period,
	   "scheduler");
	ok(strcmp(p->io_priority->class_, "IOPRIO_CLASS_RT") == 0 && p->io_priority->priority == 7, "ioPriority");
	is_str(p->exec_cpu_affinity->final, "1", "execCPUAffinity.final");
	ok(c->root->readonly && c->mounts_len == 3 && c->mounts[2].uid_mappings[0].host_id == 100000, "root, mounts");
	ok(c->hooks->create_runtime_len == 2 && c->hooks->create_runtime[1].timeout == INT32_MAX &&
		   !c->hooks->create_runtime[0].has_timeout,
	   "hooks, timeout has_ bit");
	is_str(oci_map_get(&c->annotations, "org.example.key"), "value", "annotation lookup");
	is_str(oci_map_get(&c->annotations, "simple"), "", "empty annotation value kept");
	ok(oci_map_get(&c->annotations, "missing") == NULL, "absent annotation is NULL");
	is_str(oci_map_get(&l->sysctl, "net.ipv4.ip_forward"), "1", "sysctl");
	ok(r->devices_len == 3 && !r->devices[0].allow && !r->devices[0].has_major && r->devices[2].major == -1 &&
		   r->devices[2].minor == INT64_MAX,
	   "device cgroup rules");
	ok(r->memory->has_disable_oom_killer && !r->memory->disable_oom_killer && r->memory->swap == -1 &&
		   r->memory->has_kernel && r->memory->kernel == 0,
	   "memory has_ bits keep explicit false and zero");
	ok(r->cpu->burst == 5000 && r->cpu->quota == -1 && r->cpu->idle == 1, "cpu");
	ok(r->pids->has_limit && r->pids->limit == INT64_MIN, "pids.limit int64 min");
	ok(r->block_io->weight_device_len == 2 && r->block_io->weight_device[0].leaf_weight == 300 &&
		   !r->block_io->weight_device[1].has_weight &&
		   r->block_io->throttle_read_bps_device[0].rate == UINT64_MAX,
	   "blockIO");
	ok(r->network->class_id == 1048577 && r->network->priorities[1].priority == UINT32_MAX, "network");
	ok(r->rdma_len == 2 && strcmp(r->rdma[1].device, "mlx4_0") == 0 && !r->rdma[1].has_hca_handles &&
		   r->rdma[0].hca_objects == 10000,
	   "rdma keyed object");
	is_str(oci_map_get(&r->unified, "memory.high"), "max", "unified");
	ok(l->namespaces_len == 8 && strcmp(l->namespaces[1].path, "/var/run/netns/x") == 0, "namespaces");
	ok(l->devices[0].has_file_mode && l->devices[0].file_mode == 0666 && !l->devices[1].has_uid, "devices");
	ok(l->seccomp->syscalls_len == 3 && l->seccomp->syscalls[1].args[1].value == UINT64_MAX &&
		   l->seccomp->syscalls[1].args[1].has_value_two && !l->seccomp->syscalls[1].args[0].has_value_two &&
		   l->seccomp->syscalls[2].errno_ret == 38,
	   "seccomp");
	ok(l->intel_rdt->enable_monitoring && l->intel_rdt->schemata_len == 1, "intelRdt");
	ok(l->time_offsets_len == 2 && strcmp(l->time_offsets[0].clock, "boottime") == 0 &&
		   l->time_offsets[0].secs == INT64_MIN && l->time_offsets[0].nanosecs == 999999999,
	   "timeOffsets");
	ok(l->net_devices_len == 2 && strcmp(l->net_devices[1].host_name, "dummy0") == 0 &&
		   l->net_devices[1].name == NULL,
	   "netDevices");
	ok(l->memory_policy && strcmp(l->memory_policy->nodes, "0-1") == 0, "memoryPolicy");
	is_str(l->personality->domain, "LINUX32", "personality");
}

static void test_full(void)
{
	size_t len = 0;
	_cleanup_free_ char *text = slurp("config-full.json", &len);
	_cleanup_free_ char *gen = NULL;
	_cleanup_err_ struct rt_err *err = NULL;
	struct oci_config *c;

	if (!ok(text != NULL, "config-full.json readable"))
		return;
	gen = round_trip(text, len, "config-full.json");
	/* The fixture is in the generator's own format: byte equality proves every member survives. */
	is_str(gen, text, "config-full.json regenerates byte for byte");
	c = oci_config_parse(text, len, "config-full.json", &err);
	if (ok(c != NULL, "full config parses"))
		check_full_fields(c);
	oci_config_free(c);
}

static void test_runtime_specs(void)
{
	const char *files[] = {"runc-spec.json", "runc-spec-rootless.json", "crun-spec.json", "crun-spec-rootless.json",
			       "docker-like.json"};

	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		size_t len = 0;
		_cleanup_free_ char *text = slurp(files[i], &len);
		_cleanup_free_ char *gen = NULL;
		_cleanup_err_ struct rt_err *err = NULL;
		struct oci_config *c;

		if (!ok(text != NULL, "%s readable", files[i]))
			continue;
		gen = round_trip(text, len, files[i]);
		c = oci_config_parse(text, len, files[i], &err);
		if (!c)
			continue;
		ok(c->process && c->process->args_len >= 1 && c->root && c->root->path && c->linux_ &&
			   c->linux_->namespaces_len >= 4 && c->mounts_len >= 5,
		   "%s: process, root, namespaces, mounts present", files[i]);
		oci_config_free(c);
	}
}

static void test_compact(void)
{
	const char *in =
		"{ \"ociVersion\" : \"1.0.2\", \"process\": {\"args\": [], \"user\": {\"uid\": 0, \"gid\": 0}},"
		" \"linux\": {\"sysctl\": {}, \"maskedPaths\": []}, \"annotations\": null }";
	_cleanup_err_ struct rt_err *err = NULL;
	struct oci_config *c = oci_config_parse(in, strlen(in), "c", &err);
	_cleanup_free_ char *g = NULL;

	if (!ok(c != NULL, "compact config parses"))
		return;
	ok(c->process->args == NULL && c->process->args_len == 0, "empty args array stays NULL");
	g = oci_config_generate(c, false, NULL, &err);
	is_str(g, "{\"ociVersion\":\"1.0.2\",\"process\":{\"user\":{\"uid\":0,\"gid\":0}},\"linux\":{}}",
	       "compact output omits empty arrays, maps and null");
	oci_config_free(c);
}

static void test_process_resources(void)
{
	const char *pj = "{\"terminal\":false,\"user\":{\"uid\":5,\"gid\":6},\"args\":[\"/bin/true\"],\"cwd\":\"/\","
			 "\"env\":[\"A=b\"],\"oomScoreAdj\":0}";
	const char *rj = "{\"memory\":{\"limit\":1048576},\"cpu\":{\"cpus\":\"0\"},\"unified\":{\"pids.max\":\"10\"}}";
	_cleanup_err_ struct rt_err *err = NULL;
	_cleanup_free_ char *pg = NULL, *rg = NULL;
	struct oci_process *p = oci_process_parse(pj, strlen(pj), "process.json", &err);
	struct oci_resources *r;

	if (ok(p != NULL, "process document parses")) {
		ok(p->user.uid == 5 && p->has_oom_score_adj && p->oom_score_adj == 0 && p->args_len == 1,
		   "process fields");
		pg = oci_process_generate(p, false, NULL, &err);
		is_str(pg,
		       "{\"user\":{\"uid\":5,\"gid\":6},\"args\":[\"/bin/true\"],\"env\":[\"A=b\"],\"cwd\":\"/\","
		       "\"oomScoreAdj\":0}",
		       "process generates (false terminal omitted, explicit oomScoreAdj 0 kept)");
	}
	oci_process_free(p);
	r = oci_resources_parse(rj, strlen(rj), "resources.json", &err);
	if (ok(r != NULL, "resources document parses")) {
		ok(r->memory->has_limit && r->memory->limit == 1048576 && !r->memory->has_swap && !r->pids,
		   "resources fields");
		rg = oci_resources_generate(r, false, NULL, &err);
		is_str(rg, rj, "resources generate back identically");
	}
	oci_resources_free(r);
}

static void test_state(void)
{
	struct oci_state s = {.oci_version = "1.3.0",
			      .id = "c1",
			      .status = "running",
			      .has_pid = true,
			      .pid = 42,
			      .bundle = "/b",
			      .created = "2026-01-01T00:00:00.000000000Z"};
	struct oci_kv kv[] = {{"a", "b"}};
	_cleanup_err_ struct rt_err *err = NULL;
	_cleanup_free_ char *g = NULL, *g2 = NULL;
	struct oci_state *back;
	const char *bad = "{\"ociVersion\":\"1.0.0\",\"status\":\"created\"}";

	s.annotations = (struct oci_map){kv, 1};
	g = oci_state_generate(&s, false, NULL, &err);
	is_str(g,
	       "{\"ociVersion\":\"1.3.0\",\"id\":\"c1\",\"status\":\"running\",\"pid\":42,\"bundle\":\"/b\","
	       "\"created\":\"2026-01-01T00:00:00.000000000Z\",\"annotations\":{\"a\":\"b\"}}",
	       "state generates");
	back = g ? oci_state_parse(g, strlen(g), "state.json", &err) : NULL;
	if (ok(back != NULL, "state parses back")) {
		ok(back->has_pid && back->pid == 42 && strcmp(back->id, "c1") == 0 && back->rootfs == NULL,
		   "state fields");
		g2 = oci_state_generate(back, false, NULL, &err);
		is_str(g2, g, "state round trip");
	}
	oci_state_free(back);
	back = oci_state_parse(bad, strlen(bad), "state.json", &err);
	ok(back == NULL && err, "state without id refused");
	is_str(err ? err->msg : NULL, "state.json: id: required", "state error names the field");
	s.id = "\xff";
	rt_err_freep(&err);
	free(g);
	g = oci_state_generate(&s, false, NULL, &err);
	ok(g == NULL && err, "generating invalid UTF-8 fails");
	is_str(err ? err->msg : NULL,
	       "generate struct oci_state: invalid UTF-8 in a string, or a NULL string in a list",
	       "generator error text");
}

static void test_features(void)
{
	char *hooks[] = {"prestart", "poststop", NULL};
	char *modes[] = {"MPOL_DEFAULT", NULL};
	struct oci_features f = {.oci_version_min = "1.0.0",
				 .oci_version_max = "1.3.0",
				 .hooks = hooks,
				 .hooks_len = 2,
				 .cgroup_v1 = true,
				 .seccomp_enabled = true,
				 .idmap_enabled = true};
	_cleanup_err_ struct rt_err *err = NULL;
	_cleanup_free_ char *g = NULL, *g2 = NULL;
	struct oci_features *back;

	g = oci_features_generate(&f, false, NULL, &err);
	is_str(g,
	       "{\"ociVersionMin\":\"1.0.0\",\"ociVersionMax\":\"1.3.0\",\"hooks\":[\"prestart\",\"poststop\"],"
	       "\"linux\":{\"cgroup\":{\"v1\":true,\"v2\":false,\"systemd\":false,\"systemdUser\":false,\"rdma\":false}"
	       ","
	       "\"seccomp\":{\"enabled\":true},\"apparmor\":{\"enabled\":false},\"selinux\":{\"enabled\":false},"
	       "\"intelRdt\":{\"enabled\":false,\"schemata\":false,\"monitoring\":false},"
	       "\"mountExtensions\":{\"idmap\":{\"enabled\":true}},\"netDevices\":{\"enabled\":false}}}",
	       "features: nested groups, booleans always present, memoryPolicy omitted when disabled");
	f.memory_policy_enabled = true;
	f.memory_policy_modes = modes;
	f.memory_policy_modes_len = 1;
	free(g);
	g = oci_features_generate(&f, true, NULL, &err);
	back = g ? oci_engine_parse(&oci_features_type, g, strlen(g), "features", &err) : NULL;
	if (ok(back != NULL, "features parse back through the same tables")) {
		ok(back->memory_policy_enabled && back->memory_policy_modes_len == 1 && back->idmap_enabled &&
			   !back->net_devices_enabled && back->hooks_len == 2,
		   "features fields survive");
		g2 = oci_features_generate(back, true, NULL, &err);
		is_str(g2, g, "features round trip");
	}
	oci_engine_free(&oci_features_type, back);
	free(g);
	f.hooks_len = 3; /* points past the vector's NULL: must fail, not crash */
	g = oci_features_generate(&f, false, NULL, &err);
	ok(g == NULL && err, "NULL string in a vector is an error");
}

static void test_file(void)
{
	char dir[] = "/tmp/ocispec-t.XXXXXX";
	_cleanup_err_ struct rt_err *err = NULL;
	_cleanup_close_ int dfd = -1, fd = -1;
	struct oci_config *c;

	if (!ok(mkdtemp(dir) != NULL, "temp dir"))
		return;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	fd = openat(dfd, "config.json", O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	const char *cfg = "{\"ociVersion\":\"1.0.0\",\"hostname\":\"h\"}";
	ok(fd >= 0 && rt_write_all(fd, cfg, strlen(cfg)) == 0, "write config");
	c = oci_config_parse_file(dfd, "config.json", &err);
	ok(c && strcmp(c->hostname, "h") == 0, "parse_file relative to dirfd");
	oci_config_free(c);
	c = oci_config_parse_file(dfd, "missing.json", &err);
	ok(c == NULL && err && err->errnum == ENOENT, "missing file: ENOENT");
	is_str(err ? err->msg : NULL, "open 'missing.json': No such file or directory", "missing file message");
	rt_err_freep(&err);
	ok(ftruncate(fd, (off_t)OCI_MAX_INPUT + 1) == 0, "grow file past the cap (sparse)");
	c = oci_config_parse_file(dfd, "config.json", &err);
	ok(c == NULL && err && err->errnum == EFBIG, "oversized file refused with EFBIG");
	is_str(err ? err->msg : NULL, "config.json: input larger than 33554432 bytes: File too large",
	       "oversized file message");
	unlinkat(dfd, "config.json", 0);
	rmdir(dir);
}

int main(void)
{
	const char *bad = oci_tables_check();

	ok(bad == NULL, "descriptor tables are consistent (%s)", bad ? bad : "ok");
	test_full();
	test_runtime_specs();
	test_compact();
	test_process_resources();
	test_state();
	test_features();
	test_file();
	return done_testing();
}
