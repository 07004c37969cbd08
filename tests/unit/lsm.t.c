/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * linux/lsm.h, the pure parts: which mounts get linux.mountLabel and how, the label
 * checks with the host's answer pinned either way (lsm_reset), and the mount label as
 * rootfs_prepare() plans it (fsconfig parameter, mount(2) data, mqueue relabel).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "linux/lsm.h"
#include "linux/rootfs.h"
#include "tests/unit/tap.h"
#include "util/util.h"

static char tmpdir[] = "/tmp/rt-lsm-XXXXXX";

static void test_applies(void)
{
	char *none[] = {NULL};
	char *ctx[] = {"nosuid", "context=\"system_u:object_r:x_t:s0\"", NULL};
	char *fsctx[] = {"fscontext=a:b:c:s0", NULL};
	char *defctx[] = {"defcontext=a:b:c:s0", NULL};
	char *rootctx[] = {"rootcontext=a:b:c:s0", NULL};
	char *bind[] = {"rbind", "ro", NULL};
	char *remount[] = {"remount", "ro", NULL};
	char *plain[] = {"nosuid", "size=64k", "mycontext=x", NULL};

	ok(lsm_mount_label_applies("tmpfs", none, 0), "tmpfs gets the mount label");
	ok(lsm_mount_label_applies("devpts", plain, 3), "devpts with ordinary options gets it");
	ok(!lsm_mount_label_applies("tmpfs", ctx, 2), "not when context= is given");
	ok(!lsm_mount_label_applies("tmpfs", fsctx, 1), "not when fscontext= is given");
	ok(!lsm_mount_label_applies("tmpfs", defctx, 1), "not when defcontext= is given");
	ok(!lsm_mount_label_applies("tmpfs", rootctx, 1), "not when rootcontext= is given");
	ok(!lsm_mount_label_applies("tmpfs", bind, 2), "not on a bind");
	ok(!lsm_mount_label_applies("tmpfs", remount, 2), "not on a remount");
	ok(!lsm_mount_label_applies(NULL, none, 0), "not without a filesystem type");
	ok(!lsm_mount_label_applies("proc", none, 0), "not on proc");
	ok(!lsm_mount_label_applies("sysfs", none, 0), "not on sysfs");
	ok(!lsm_mount_label_applies("cgroup", none, 0), "not on cgroup");
	ok(!lsm_mount_label_applies("cgroup2", none, 0), "not on cgroup2");
	ok(!lsm_mount_label_applies("mqueue", none, 0), "not on mqueue as an option");
	ok(lsm_mount_label_relabels("mqueue"), "mqueue is relabelled instead");
	ok(!lsm_mount_label_relabels("tmpfs") && !lsm_mount_label_relabels(NULL), "tmpfs is not relabelled");
}

static void test_context_option(void)
{
	char *s = lsm_mount_context_option("system_u:object_r:container_file_t:s0:c1,c2");

	is_str(s, "context=\"system_u:object_r:container_file_t:s0:c1,c2\"", "context= quoted (MCS commas)");
	free(s);
}

static const char *check(enum lsm_kind kind, const char *field, const char *label)
{
	static char msg[512];
	struct rt_err *err = NULL;
	int r = lsm_check_label(kind, field, label, &err);

	if (r >= 0)
		return NULL;
	snprintf(msg, sizeof(msg), "%s", err ? err->msg : "(no message)");
	rt_err_free(err);
	return msg;
}

static void test_check(void)
{
	struct lsm_exec l = {0};
	struct rt_err *err = NULL;

	lsm_reset(0);
	ok(!lsm_enabled(LSM_APPARMOR) && !lsm_enabled(LSM_SELINUX), "pinned off");
	is_str(check(LSM_APPARMOR, "process.apparmorProfile", "foo"),
	       "process.apparmorProfile 'foo': AppArmor is not enabled on this host", "AppArmor off: named error");
	is_str(check(LSM_SELINUX, "--process-label", "u:r:t:s0"),
	       "--process-label 'u:r:t:s0': SELinux is not enabled on this host", "SELinux off: named error");
	ok(!check(LSM_APPARMOR, "x", "") && !check(LSM_SELINUX, "x", NULL), "empty and absent labels pass");
	is_int(lsm_exec_prepare(&l, "", "", "process.", &err), 0, "empty labels prepare");
	ok(!l.apparmor_profile && !l.selinux_label && !err, "and leave nothing to apply");
	is_int(lsm_exec_apply(&l, &err), 0, "applying nothing succeeds");
	ok(lsm_exec_prepare(&l, NULL, "u:r:t:s0", "process.", &err) < 0 && err &&
		   strcmp(err->msg, "process.selinuxLabel 'u:r:t:s0': SELinux is not enabled on this host") == 0,
	   "prepare names process.selinuxLabel");
	rt_err_freep(&err);

	lsm_reset(1);
	ok(lsm_enabled(LSM_APPARMOR) && lsm_enabled(LSM_SELINUX), "pinned on");
	ok(!check(LSM_APPARMOR, "process.apparmorProfile", "foo"), "AppArmor on: accepted");
	is_str(check(LSM_APPARMOR, "process.apparmorProfile", "a\nchangeprofile b"),
	       "process.apparmorProfile 'a\nchangeprofile b': must not contain a newline", "a newline is refused");
	is_int(lsm_exec_prepare(&l, "prof", "u:r:t:s0", "process.", &err), 0, "labels prepare when enabled");
	is_str(l.apparmor_profile, "prof", "profile copied");
	is_str(l.selinux_label, "u:r:t:s0", "label copied");
	lsm_exec_clear(&l);
	ok(!l.apparmor_profile && !l.selinux_label, "clear empties");
}

static struct rootfs_plan *plan_with_label(const char *label, struct oci_mount *m, size_t n, const char **ret_msg)
{
	static char msg[512];
	struct oci_root root = {.path = (char *)"rootfs"};
	struct oci_linux l = {.mount_label = (char *)label};
	struct oci_config c = {.root = &root, .linux_ = &l, .mounts = m, .mounts_len = n};
	struct rootfs_plan *p = NULL;
	struct rt_err *err = NULL;

	*ret_msg = NULL;
	if (rootfs_prepare(&c, tmpdir, NULL, false, &p, &err) < 0) {
		snprintf(msg, sizeof(msg), "%s", err ? err->msg : "(no message)");
		*ret_msg = msg;
		rt_err_free(err);
		return NULL;
	}
	return p;
}

static void test_plan(void)
{
	char *shm_opts[] = {"nosuid", "size=65536k", NULL};
	char *bind_opts[] = {"rbind", NULL};
	char *ctx_opts[] = {"context=a:b:c:s0", NULL};
	struct oci_mount m[] = {
		{.destination = (char *)"/dev/shm",
		 .type = (char *)"tmpfs",
		 .source = (char *)"shm",
		 .options = shm_opts,
		 .options_len = 2},
		{.destination = (char *)"/mnt",
		 .type = (char *)"bind",
		 .source = (char *)"/tmp",
		 .options = bind_opts,
		 .options_len = 1},
		{.destination = (char *)"/dev/mqueue", .type = (char *)"mqueue", .source = (char *)"mqueue"},
		{.destination = (char *)"/run",
		 .type = (char *)"tmpfs",
		 .source = (char *)"tmpfs",
		 .options = ctx_opts,
		 .options_len = 1},
		{.destination = (char *)"/sys/fs/cgroup", .type = (char *)"cgroup", .source = (char *)"cgroup"},
	};
	const char *label = "system_u:object_r:container_file_t:s0:c1,c2", *msg;
	struct rootfs_plan *p;
	const struct rootfs_kv *kv;

	lsm_reset(0);
	p = plan_with_label(label, m, 5, &msg);
	ok(!p, "mountLabel refused without SELinux");
	is_str(msg,
	       "linux.mountLabel 'system_u:object_r:container_file_t:s0:c1,c2': SELinux is not enabled on this host",
	       "the error names linux.mountLabel");
	ok((p = plan_with_label("", m, 5, &msg)) != NULL, "an empty mountLabel is fine without SELinux");
	ok(p && p->mounts[0].data_len == 1 && !p->mount_label, "and adds nothing");
	rootfs_plan_free(p);

	lsm_reset(1);
	p = plan_with_label(label, m, 5, &msg);
	ok(p != NULL, "mountLabel accepted with SELinux: %s", msg ? msg : "");
	if (!p)
		return;
	kv = &p->mounts[0].data[p->mounts[0].data_len - 1];
	is_int(p->mounts[0].data_len, 2, "tmpfs: one fsconfig parameter more");
	is_str(kv->key, "context", "fsconfig key");
	is_str(kv->value, label, "fsconfig value unquoted");
	is_str(p->mounts[0].data_str, "size=65536k,context=\"system_u:object_r:container_file_t:s0:c1,c2\"",
	       "mount(2) data quoted");
	ok(!p->mounts[0].relabel, "tmpfs not relabelled");
	ok(p->mounts[1].data_len == 0 && !p->mounts[1].data_str && !p->mounts[1].relabel, "bind untouched");
	is_int(p->mounts[2].data_len, 0, "mqueue: no context= option");
	is_str(p->mounts[2].relabel, label, "mqueue: root relabelled");
	ok(p->mounts[3].data_len == 1 && strcmp(p->mounts[3].data[0].value, "a:b:c:s0") == 0,
	   "a configured context= wins");
	ok(p->mounts[4].data_len == 0 && !p->mounts[4].relabel, "cgroup: no option, no relabel");
	is_str(p->mounts[4].context, label, "cgroup: the label for its v1 tmpfs");
	ok(!p->mounts[0].context && !p->mounts[2].context, "context only for cgroup");
	is_str(p->mount_label, label, "plan keeps the label for masking tmpfs");
	rootfs_plan_free(p);
	lsm_reset(-1);
}

int main(void)
{
	_cleanup_free_ char *rootfs = NULL;

	test_applies();
	test_context_option();
	test_check();
	/* rootfs_prepare wants an existing root.path below the bundle */
	if (mkdtemp(tmpdir) && asprintf(&rootfs, "%s/rootfs", tmpdir) > 0 && mkdir(rootfs, 0755) == 0) {
		test_plan();
		rmdir(rootfs);
	} else {
		ok(0, "make a bundle under /tmp");
	}
	rmdir(tmpdir);
	return done_testing();
}
