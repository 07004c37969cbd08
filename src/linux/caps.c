/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <ctype.h>
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef HAVE_CAP
#include <sys/capability.h>
#endif

#include "linux/caps.h"
#include "util/dl.h"
#include "util/log.h"
#include "util/util.h"

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_RAISE 2
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

#define CAPS_MAX 64 /* the masks are 64 bits wide */

/*
 * Index = capability number, as in <linux/capability.h>: the names every kernel rt supports
 * knows. Names past the end (capabilities newer than this table) come from libcap.
 */
static const char *const cap_names[] = {
	"CAP_CHOWN",
	"CAP_DAC_OVERRIDE",
	"CAP_DAC_READ_SEARCH",
	"CAP_FOWNER",
	"CAP_FSETID",
	"CAP_KILL",
	"CAP_SETGID",
	"CAP_SETUID",
	"CAP_SETPCAP",
	"CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE",
	"CAP_NET_BROADCAST",
	"CAP_NET_ADMIN",
	"CAP_NET_RAW",
	"CAP_IPC_LOCK",
	"CAP_IPC_OWNER",
	"CAP_SYS_MODULE",
	"CAP_SYS_RAWIO",
	"CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE",
	"CAP_SYS_PACCT",
	"CAP_SYS_ADMIN",
	"CAP_SYS_BOOT",
	"CAP_SYS_NICE",
	"CAP_SYS_RESOURCE",
	"CAP_SYS_TIME",
	"CAP_SYS_TTY_CONFIG",
	"CAP_MKNOD",
	"CAP_LEASE",
	"CAP_AUDIT_WRITE",
	"CAP_AUDIT_CONTROL",
	"CAP_SETFCAP",
	"CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN",
	"CAP_SYSLOG",
	"CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND",
	"CAP_AUDIT_READ",
	"CAP_PERFMON",
	"CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
};

#ifdef HAVE_CAP
/*
 * libcap, loaded on first use (util/dl.h): only for a name or number past the table. As a
 * NEEDED entry it was mapped, relocated and initialised (its constructor probes the bounding
 * set with prctl) on every rt call, `rt state` included, for a table lookup.
 */
#define CAP_FUNCS(X) X(cap_from_name) X(cap_to_name) X(cap_free)
RT_DL_TABLE(CAP_FUNCS);
#define cap_from_name RT_DL_FN(cap_from_name)
#define cap_to_name RT_DL_FN(cap_to_name)
#define cap_free RT_DL_FN(cap_free)

static bool libcap_loaded(void)
{
	_cleanup_err_ struct rt_err *e = NULL;

	if (rt_dl_load("libcap.so.2", rt_dl_names, rt_dl_fn, RT_DL_N, &e) < 0) {
		rt_debug("capability names past %s: %s", cap_names[ARRAY_SIZE(cap_names) - 1], e->msg);
		return false;
	}
	return true;
}
#endif

/*
 * The kernel's highest capability. PR_CAPBSET_READ fails with EINVAL for a number
 * the kernel does not know, so probing needs neither /proc nor libcap.
 */
static bool cap_known(int c)
{
	return prctl(PR_CAPBSET_READ, (unsigned long)c, 0, 0, 0) >= 0 || errno != EINVAL;
}

int caps_last_cap(void)
{
	static int last = -1;
	int c = CAP_LAST_CAP;

	if (last >= 0)
		return last;
	/* start from what the headers know: usually two probes, not one per unknown number */
	if (cap_known(c)) {
		while (c + 1 < CAPS_MAX && cap_known(c + 1))
			c++;
	} else {
		while (c > 0 && !cap_known(c))
			c--;
	}
	last = c;
	return c;
}

static bool cap_name_syntax_ok(const char *name)
{
	const char *p;

	if (!rt_str_has_prefix(name, "CAP_") || !name[4])
		return false;
	for (p = name + 4; *p; p++)
		if (!(isupper((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
			return false;
	/* cap_from_name() also takes numbers ("CAP_" never precedes them, but be strict) */
	return !isdigit((unsigned char)name[4]);
}

int caps_from_name(const char *name, int *ret)
{
	if (!name || !cap_name_syntax_ok(name))
		return -EINVAL;
	for (size_t i = 0; i < ARRAY_SIZE(cap_names); i++)
		if (strcmp(cap_names[i], name) == 0) {
			*ret = (int)i;
			return 0;
		}
#ifdef HAVE_CAP
	cap_value_t v;

	if (libcap_loaded() && cap_from_name(name, &v) == 0 && v >= (cap_value_t)ARRAY_SIZE(cap_names) &&
	    v < CAPS_MAX) {
		*ret = (int)v;
		return 0;
	}
#endif
	return -EINVAL;
}

static int caps_parse_set(char *const *names, size_t n, const char *set, int last_cap, uint64_t *ret,
			  struct rt_err **err)
{
	uint64_t mask = 0;
	int v;

	for (size_t i = 0; i < n; i++) {
		if (caps_from_name(names[i], &v) < 0)
			return rt_err_set(err, 0, "process.capabilities.%s: unknown capability '%s'", set,
					  names[i] ? names[i] : "");
		if (v > last_cap) {
			rt_warn("process.capabilities.%s: capability '%s' is not supported by the kernel, ignored", set,
				names[i]);
			continue;
		}
		mask |= UINT64_C(1) << v;
	}
	*ret = mask;
	return 0;
}

int caps_prepare(const struct oci_capabilities *c, struct rt_caps *ret, struct rt_err **err)
{
	struct rt_caps caps = {.last_cap = caps_last_cap()};
	uint64_t dropped;
	int r;

	/* absent: no capability at all, as runc and crun (every set empty, bounding included) */
	caps.configured = true;
	if (c) {
		if ((r = caps_parse_set(c->bounding, c->bounding_len, "bounding", caps.last_cap, &caps.bounding, err)) <
			    0 ||
		    (r = caps_parse_set(c->effective, c->effective_len, "effective", caps.last_cap, &caps.effective,
					err)) < 0 ||
		    (r = caps_parse_set(c->permitted, c->permitted_len, "permitted", caps.last_cap, &caps.permitted,
					err)) < 0 ||
		    (r = caps_parse_set(c->inheritable, c->inheritable_len, "inheritable", caps.last_cap,
					&caps.inheritable, err)) < 0 ||
		    (r = caps_parse_set(c->ambient, c->ambient_len, "ambient", caps.last_cap, &caps.ambient, err)) < 0)
			return r;
		dropped = caps.ambient & ~(caps.permitted & caps.inheritable);
		for (size_t i = 0; dropped && i < c->ambient_len; i++) {
			int v;

			if (caps_from_name(c->ambient[i], &v) == 0 && v < CAPS_MAX && (dropped & (UINT64_C(1) << v)))
				rt_warn("process.capabilities.ambient: '%s' is not in both permitted and inheritable, "
					"not raised",
					c->ambient[i]);
		}
		caps.ambient &= ~dropped;
	}
	*ret = caps;
	return 0;
}

int caps_validate(const struct oci_capabilities *c, struct rt_err **err)
{
	struct rt_caps tmp;

	return caps_prepare(c, &tmp, err);
}

int caps_add_exec_caps(struct rt_caps *caps, char *const *names, size_t n, struct rt_err **err)
{
	int v;

	for (size_t i = 0; i < n; i++) {
		if (caps_from_name(names[i], &v) < 0)
			return rt_err_set(err, 0, "--cap: unknown capability '%s'", names[i] ? names[i] : "");
		if (v > caps->last_cap) {
			rt_warn("--cap: capability '%s' is not supported by the kernel, ignored", names[i]);
			continue;
		}
		caps->bounding |= UINT64_C(1) << v;
		caps->effective |= UINT64_C(1) << v;
		caps->permitted |= UINT64_C(1) << v;
	}
	caps->configured = true;
	return 0;
}

int caps_apply_pre_setuid(const struct rt_caps *caps, struct rt_err **err)
{
	if (!caps->configured)
		return 0;
	for (int c = 0; c <= caps->last_cap && c < CAPS_MAX; c++) {
		if (caps->bounding & (UINT64_C(1) << c))
			continue;
		if (prctl(PR_CAPBSET_DROP, (unsigned long)c, 0, 0, 0) < 0 && errno != EINVAL)
			return rt_err_set(err, errno, "drop capability %d from the bounding set", c);
	}
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return rt_err_set(err, errno, "prctl PR_SET_KEEPCAPS");
	return 0;
}

static int caps_capset(const struct rt_caps *caps, struct rt_err **err)
{
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {0};

	for (int i = 0; i < _LINUX_CAPABILITY_U32S_3; i++) {
		data[i].effective = (uint32_t)(caps->effective >> (32 * i));
		data[i].permitted = (uint32_t)(caps->permitted >> (32 * i));
		data[i].inheritable = (uint32_t)(caps->inheritable >> (32 * i));
	}
	if (syscall(SYS_capset, &hdr, data) < 0)
		return rt_err_set(err, errno, "capset (effective %#llx, permitted %#llx, inheritable %#llx)",
				  (unsigned long long)caps->effective, (unsigned long long)caps->permitted,
				  (unsigned long long)caps->inheritable);
	return 0;
}

int caps_apply_post_setuid(const struct rt_caps *caps, struct rt_err **err)
{
	int r;

	if (!caps->configured)
		return 0;
	r = caps_capset(caps, err);
	if (r < 0)
		return r;
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
		return rt_err_set(err, errno, "prctl PR_SET_KEEPCAPS");
	/* EINVAL: kernel without ambient capabilities (< 4.3); nothing to clear then. */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && !(errno == EINVAL && !caps->ambient))
		return rt_err_set(err, errno, "clear the ambient capabilities");
	for (int c = 0; c < CAPS_MAX; c++) {
		if (!(caps->ambient & (UINT64_C(1) << c)))
			continue;
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, (unsigned long)c, 0, 0) < 0)
			return rt_err_set(err, errno, "raise ambient capability %d", c);
	}
	return 0;
}

int caps_set_no_new_privs(struct rt_err **err)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return rt_err_set(err, errno, "prctl PR_SET_NO_NEW_PRIVS");
	return 0;
}

static int caps_name_of(int v, char **ret)
{
	*ret = NULL;
	if ((size_t)v < ARRAY_SIZE(cap_names)) {
		*ret = rt_strdup(cap_names[v]);
		return *ret ? 0 : -ENOMEM;
	}
#ifdef HAVE_CAP
	_cleanup_free_ char *upper = NULL;
	char *n;

	if (!libcap_loaded())
		return 0;
	n = cap_to_name((cap_value_t)v);
	if (!n)
		return -ENOMEM;
	/* libcap prints unknown numbers as digits: the end of what it knows */
	if (isdigit((unsigned char)n[0])) {
		cap_free(n);
		return 0;
	}
	upper = rt_strdup(n);
	cap_free(n);
	if (!upper)
		return -ENOMEM;
	for (char *p = upper; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	*ret = TAKE_PTR(upper);
#endif
	return 0;
}

int caps_list_known(char ***ret, struct rt_err **err)
{
	_cleanup_strv_ char **v = calloc(1, sizeof(char *));
	int r;

	if (!v)
		return rt_err_set(err, ENOMEM, "list capabilities");
	for (int c = 0; c < CAPS_MAX; c++) {
		_cleanup_free_ char *name = NULL;

		r = caps_name_of(c, &name);
		if (r < 0)
			return rt_err_set(err, -r, "list capabilities");
		if (!name)
			break;
		if (rt_strv_push(&v, name) < 0)
			return rt_err_set(err, ENOMEM, "list capabilities");
	}
	*ret = TAKE_PTR(v);
	return 0;
}
