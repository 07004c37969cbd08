/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "linux/caps.h"
#include "tests/unit/child.h"
#include "tests/unit/tap.h"
#include "util/util.h"

#define BIT(c) (UINT64_C(1) << (c))

static uint64_t report_mask(const char *rep, const char *key)
{
	char v[64];

	report_get(rep, key, v, sizeof(v));
	return v[0] ? strtoull(v, NULL, 16) : UINT64_MAX;
}

/* a shared object of that name is mapped into this process */
static bool mapped(const char *lib)
{
	_cleanup_free_ char *maps = NULL;

	if (rt_read_file_at(AT_FDCWD, "/proc/self/maps", 1 << 20, &maps) < 0)
		return true; /* makes the "not loaded" checks fail, never pass by accident */
	return strstr(maps, lib) != NULL;
}

static void test_names(void)
{
	_cleanup_err_ struct rt_err *err = NULL;
	_cleanup_strv_ char **known = NULL;
	char *bnd[] = {"CAP_CHOWN", "CAP_FOO", NULL};
	char *amb[] = {"cap_chown", NULL};
	char *num[] = {"CAP_12", NULL};
	struct oci_capabilities c = {.bounding = bnd, .bounding_len = 2};
	int v = -1;

	/*
	 * A static PIE build links libcap in (util/dl.h RT_DL_STATIC): this dynamic test program
	 * then has it as a NEEDED entry, so whether it is mapped says nothing there.
	 */
#ifndef RT_STATIC_PIE
	ok(!mapped("/libcap.so"), "libcap is not loaded at start");
#endif
	ok(caps_from_name("CAP_SYS_ADMIN", &v) == 0 && v == 21, "CAP_SYS_ADMIN is 21");
	ok(caps_from_name("CAP_CHOWN", &v) == 0 && v == 0, "CAP_CHOWN is 0");
	ok(caps_from_name("CAP_CHECKPOINT_RESTORE", &v) == 0 && v == 40, "CAP_CHECKPOINT_RESTORE is 40");
#ifndef RT_STATIC_PIE
	ok(!mapped("/libcap.so"), "the names up to CAP_CHECKPOINT_RESTORE need no libcap");
#endif
	is_int(caps_from_name("CAP_FOO", &v), -EINVAL, "unknown name refused");
#if defined(HAVE_CAP) && !defined(RT_STATIC_PIE)
	ok(mapped("/libcap.so"), "a name past the table is looked up in libcap, loaded then");
#endif
	is_int(caps_from_name("SYS_ADMIN", &v), -EINVAL, "name without CAP_ refused");

	is_int(caps_validate(&c, &err), -EINVAL, "unknown bounding cap is an error");
	is_str(err ? err->msg : NULL, "process.capabilities.bounding: unknown capability 'CAP_FOO'",
	       "error names the set and the capability");
	rt_err_freep(&err);

	c = (struct oci_capabilities){.ambient = amb, .ambient_len = 1};
	caps_validate(&c, &err);
	is_str(err ? err->msg : NULL, "process.capabilities.ambient: unknown capability 'cap_chown'",
	       "lower-case names are not OCI names");
	rt_err_freep(&err);
	c = (struct oci_capabilities){.effective = num, .effective_len = 1};
	caps_validate(&c, &err);
	is_str(err ? err->msg : NULL, "process.capabilities.effective: unknown capability 'CAP_12'",
	       "numeric names refused");
	rt_err_freep(&err);

	is_int(caps_validate(NULL, &err), 0, "absent capabilities are valid");
	ok(caps_list_known(&known, &err) == 0 && known, "caps_list_known");
	ok(known && rt_strv_len(known) >= 41, "knows at least 41 capabilities (got %zu)",
	   known ? rt_strv_len(known) : 0);
	is_str(known && known[0] ? known[0] : NULL, "CAP_CHOWN", "first is CAP_CHOWN");
	ok(known && rt_strv_contains(known, "CAP_CHECKPOINT_RESTORE") && rt_strv_contains(known, "CAP_BPF"),
	   "lists CAP_BPF and CAP_CHECKPOINT_RESTORE");
	ok(caps_last_cap() >= 40, "kernel last cap probed (%d)", caps_last_cap());
}

static void test_prepare(void)
{
	_cleanup_err_ struct rt_err *err = NULL;
	char *all[] = {"CAP_CHOWN", "CAP_NET_BIND_SERVICE", NULL};
	char *one[] = {"CAP_CHOWN", NULL};
	char *amb[] = {"CAP_NET_BIND_SERVICE", NULL};
	struct oci_capabilities c = {.bounding = all,
				     .bounding_len = 2,
				     .effective = all,
				     .effective_len = 2,
				     .permitted = all,
				     .permitted_len = 2,
				     .inheritable = one,
				     .inheritable_len = 1,
				     .ambient = amb,
				     .ambient_len = 1};
	char *add[] = {"CAP_SYS_ADMIN", NULL};
	char *bad[] = {"CAP_NOPE", NULL};
	struct rt_caps caps;

	ok(caps_prepare(&c, &caps, &err) == 0, "prepare");
	ok(caps.configured, "configured");
	is_int(caps.bounding, BIT(0) | BIT(10), "bounding mask");
	is_int(caps.inheritable, BIT(0), "inheritable mask");
	is_int(caps.ambient, 0, "ambient cap not in inheritable is dropped at prepare");

	ok(caps_add_exec_caps(&caps, add, 1, &err) == 0, "exec --cap CAP_SYS_ADMIN");
	ok((caps.bounding & caps.effective & caps.permitted & BIT(21)) == BIT(21),
	   "exec cap lands in bounding, effective, permitted");
	is_int(caps.inheritable, BIT(0), "exec cap never reaches inheritable (CVE-2022-29162)");
	is_int(caps.ambient, 0, "exec cap never reaches ambient");
	is_int(caps_add_exec_caps(&caps, bad, 1, &err), -EINVAL, "exec --cap unknown");
	is_str(err ? err->msg : NULL, "--cap: unknown capability 'CAP_NOPE'", "exec --cap error text");
}

struct apply_arg {
	struct rt_caps caps;
	uid_t uid;
	bool nnp;
};

static int child_apply(int fd, void *p)
{
	struct apply_arg *a = p;
	struct rt_err *err = NULL;

	if (caps_apply_pre_setuid(&a->caps, &err) < 0)
		goto fail;
	if (setresgid(a->uid, a->uid, a->uid) < 0 || setresuid(a->uid, a->uid, a->uid) < 0) {
		report(fd, "Error: setresuid %m\n");
		return 1;
	}
	if (caps_apply_post_setuid(&a->caps, &err) < 0)
		goto fail;
	if (a->nnp && caps_set_no_new_privs(&err) < 0)
		goto fail;
	report_status(fd);
	return 0;
fail:
	report(fd, "Error: %s\n", err->msg);
	return 1;
}

static void test_apply(void)
{
	_cleanup_err_ struct rt_err *err = NULL;
	char *bnd[] = {"CAP_CHOWN", "CAP_NET_BIND_SERVICE", "CAP_KILL", NULL};
	char *eff[] = {"CAP_CHOWN", "CAP_NET_BIND_SERVICE", NULL};
	char *inh[] = {"CAP_NET_BIND_SERVICE", NULL};
	struct oci_capabilities c = {.bounding = bnd,
				     .bounding_len = 3,
				     .effective = eff,
				     .effective_len = 2,
				     .permitted = eff,
				     .permitted_len = 2,
				     .inheritable = inh,
				     .inheritable_len = 1,
				     .ambient = inh,
				     .ambient_len = 1};
	char *add[] = {"CAP_SYS_ADMIN", NULL};
	struct apply_arg a = {.uid = 1000, .nnp = true};
	char rep[8192], e[256];
	int st;

	ok(caps_prepare(&c, &a.caps, &err) == 0, "prepare for apply");
	st = run_child(child_apply, &a, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child applied caps as uid 1000: %s",
	   report_get(rep, "Error", e, sizeof(e)));
	is_int(report_mask(rep, "CapBnd"), BIT(0) | BIT(10) | BIT(5), "CapBnd is the bounding set");
	is_int(report_mask(rep, "CapPrm"), BIT(0) | BIT(10), "CapPrm survived the uid switch");
	is_int(report_mask(rep, "CapEff"), BIT(0) | BIT(10), "CapEff");
	is_int(report_mask(rep, "CapInh"), BIT(10), "CapInh");
	is_int(report_mask(rep, "CapAmb"), BIT(10), "CapAmb raised");
	is_str(report_get(rep, "NoNewPrivs", e, sizeof(e)), "1", "NoNewPrivs set");
	is_str(report_get(rep, "Uid", e, sizeof(e)), "1000\t1000\t1000\t1000", "uid switched");

	/* exec --cap on top of a config: CapInh must stay as configured */
	ok(caps_add_exec_caps(&a.caps, add, 1, &err) == 0, "add exec cap");
	a.uid = 0;
	a.nnp = false;
	st = run_child(child_apply, &a, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child applied exec caps: %s",
	   report_get(rep, "Error", e, sizeof(e)));
	is_int(report_mask(rep, "CapEff"), BIT(0) | BIT(10) | BIT(21), "exec cap effective");
	is_int(report_mask(rep, "CapInh"), BIT(10), "exec cap not inheritable");
	is_int(report_mask(rep, "CapAmb"), BIT(10), "exec cap not ambient");
	is_str(report_get(rep, "NoNewPrivs", e, sizeof(e)), "0", "NoNewPrivs untouched when not asked");

	/* absent (NULL): no capability at all, the bounding set included (as runc and crun) */
	ok(caps_prepare(NULL, &a.caps, &err) == 0, "prepare NULL");
	st = run_child(child_apply, &a, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child with absent caps: %s", report_get(rep, "Error", e, sizeof(e)));
	is_int(report_mask(rep, "CapBnd"), 0, "absent caps: bounding set empty");
	is_int(report_mask(rep, "CapPrm"), 0, "absent caps: permitted empty");
	is_int(report_mask(rep, "CapEff"), 0, "absent caps: effective empty");
	is_int(report_mask(rep, "CapAmb"), 0, "absent caps: ambient empty");
}

int main(void)
{
	require_root();
	test_names();
	test_prepare();
	test_apply();
	return done_testing();
}
