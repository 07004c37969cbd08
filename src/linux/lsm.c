/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AppArmor and SELinux labels (see linux/lsm.h). No libapparmor: change_onexec is one
 * write to a procfs attribute. libselinux is used only to ask whether SELinux is on.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#ifdef HAVE_SELINUX
#include <selinux/selinux.h>
#endif

#include "fs/procfs.h"
#include "linux/lsm.h"
#include "util/dl.h"
#include "util/log.h"
#include "util/util.h"

/* -1: not asked yet, else 0 or 1. */
static int enabled_cache[2] = {-1, -1};

void lsm_reset(int force)
{
	enabled_cache[LSM_APPARMOR] = force >= 0 ? !!force : -1;
	enabled_cache[LSM_SELINUX] = force >= 0 ? !!force : -1;
}

const char *lsm_name(enum lsm_kind kind)
{
	return kind == LSM_APPARMOR ? "AppArmor" : "SELinux";
}

/* The per-LSM attribute directory (Linux >= 5.8) when it exists, else the shared one. */
static const char *apparmor_exec_attr(void)
{
	_cleanup_close_ int fd = procfs_open(-1, "attr/apparmor", O_PATH | O_DIRECTORY, NULL);

	return fd >= 0 ? "attr/apparmor/exec" : "attr/exec";
}

static bool apparmor_probe(void)
{
	_cleanup_close_ int fd = -1, attr = -1;
	char buf[4] = {0};

	/* The module parameter says whether AppArmor is the (or a) active LSM at boot. */
	fd = open("/sys/module/apparmor/parameters/enabled", O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 || read(fd, buf, sizeof(buf) - 1) < 1 || buf[0] != 'Y')
		return false;
	attr = procfs_open(-1, apparmor_exec_attr(), O_RDONLY, NULL);
	return attr >= 0;
}

#ifdef HAVE_SELINUX
/* libselinux is loaded on first use (util/dl.h): its constructor probes selinuxfs on every call. */
#define SE_FUNCS(X) X(is_selinux_enabled)
RT_DL_TABLE(SE_FUNCS);
#define is_selinux_enabled RT_DL_FN(is_selinux_enabled)

static bool selinux_probe(void)
{
	_cleanup_err_ struct rt_err *e = NULL;

	if (rt_dl_load("libselinux.so.1", rt_dl_names, rt_dl_fn, RT_DL_N, &e) < 0) {
		rt_debug("selinux: %s", e->msg);
		return false;
	}
	return is_selinux_enabled() > 0;
}
#endif

bool lsm_enabled(enum lsm_kind kind)
{
	if (enabled_cache[kind] >= 0)
		return enabled_cache[kind];
	if (kind == LSM_APPARMOR)
		enabled_cache[kind] = apparmor_probe();
	else
#ifdef HAVE_SELINUX
		enabled_cache[kind] = selinux_probe();
#else
		enabled_cache[kind] = 0;
#endif
	return enabled_cache[kind];
}

int lsm_check_label(enum lsm_kind kind, const char *field, const char *label, struct rt_err **err)
{
	if (!label || !*label)
		return 0;
	if (strchr(label, '\n'))
		return rt_err_set(err, 0, "%s '%s': must not contain a newline", field, label);
	if (!lsm_enabled(kind))
		return rt_err_set(err, 0, "%s '%s': %s is not enabled on this host", field, label, lsm_name(kind));
	return 0;
}

void lsm_exec_clear(struct lsm_exec *l)
{
	free(l->apparmor_profile);
	free(l->selinux_label);
	l->apparmor_profile = l->selinux_label = NULL;
}

static int copy_label(char **dst, const char *src)
{
	if (!src || !*src)
		return 0;
	*dst = strdup(src);
	return *dst ? 0 : -ENOMEM;
}

int lsm_exec_prepare(struct lsm_exec *l, const char *apparmor_profile, const char *selinux_label,
		     const char *field_prefix, struct rt_err **err)
{
	char aa[128], se[128];
	int r;

	snprintf(aa, sizeof(aa), "%sapparmorProfile", field_prefix);
	snprintf(se, sizeof(se), "%sselinuxLabel", field_prefix);
	r = lsm_check_label(LSM_APPARMOR, aa, apparmor_profile, err);
	if (r >= 0)
		r = lsm_check_label(LSM_SELINUX, se, selinux_label, err);
	if (r < 0)
		return r;
	if (copy_label(&l->apparmor_profile, apparmor_profile) < 0 ||
	    copy_label(&l->selinux_label, selinux_label) < 0) {
		lsm_exec_clear(l);
		return rt_err_set(err, ENOMEM, "lsm labels");
	}
	return 0;
}

int lsm_exec_apply(const struct lsm_exec *l, struct rt_err **err)
{
	int r;

	if (l->apparmor_profile) {
		_cleanup_free_ char *cmd = NULL;

		if (asprintf(&cmd, "exec %s", l->apparmor_profile) < 0)
			return rt_err_set(err, ENOMEM, "apparmor");
		r = procfs_write(-1, apparmor_exec_attr(), cmd, err);
		if (r < 0)
			return rt_err_wrap(err, "set AppArmor profile '%s'", l->apparmor_profile);
	}
	if (l->selinux_label) {
		r = procfs_write(-1, "attr/exec", l->selinux_label, err);
		if (r < 0)
			return rt_err_wrap(err, "set SELinux exec label '%s'", l->selinux_label);
	}
	return 0;
}

int lsm_set_keycreate(const char *label, struct rt_err **err)
{
	int r;

	if (!label || !*label)
		return 0;
	r = procfs_write(-1, "attr/keycreate", label, err);
	if (r < 0)
		return rt_err_wrap(err, "set SELinux key creation label '%s'", label);
	return 0;
}

static bool is_context_option(const char *o)
{
	static const char *const names[] = {"context=", "fscontext=", "defcontext=", "rootcontext="};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (rt_str_has_prefix(o, names[i]))
			return true;
	return false;
}

bool lsm_mount_label_applies(const char *fstype, char *const *options, size_t n)
{
	static const char *const skip[] = {"proc", "sysfs", "cgroup", "cgroup2", "mqueue"};

	if (!fstype || !*fstype)
		return false;
	for (size_t i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		if (strcmp(fstype, skip[i]) == 0)
			return false;
	for (size_t i = 0; i < n; i++)
		if (options[i] && (is_context_option(options[i]) || strcmp(options[i], "bind") == 0 ||
				   strcmp(options[i], "rbind") == 0 || strcmp(options[i], "remount") == 0))
			return false;
	return true;
}

bool lsm_mount_label_relabels(const char *fstype)
{
	return fstype && strcmp(fstype, "mqueue") == 0;
}

char *lsm_mount_context_option(const char *label)
{
	char *s = NULL;

	if (asprintf(&s, "context=\"%s\"", label) < 0)
		return NULL;
	return s;
}

int lsm_relabel_fd(int fd, const char *label, struct rt_err **err)
{
	/* fsetfilecon(3) stores the label with its NUL. */
	if (fsetxattr(fd, "security.selinux", label, strlen(label) + 1, 0) < 0)
		return rt_err_set(err, errno, "set SELinux label '%s'", label);
	return 0;
}
