/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rootfs_prepare(): validation of mounts, devices, masked/readonly paths and
 * rootfsPropagation, and translation of mount options into MS_* flags, MOUNT_ATTR_*
 * attributes and fsconfig data, so the container init does no parsing.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "fs/resolve.h"
#include "linux/lsm.h"
#include "linux/rootfs_internal.h"
#include "util/util.h"

#define ATIME_ALL ((uint64_t)MOUNT_ATTR__ATIME)

enum opt_kind {
	OPT_FLAG,  /* ms flag + mount attribute */
	OPT_RFLAG, /* recursive mount attribute only (mount_setattr AT_RECURSIVE) */
	OPT_SB,	   /* superblock flag: ms flag + fsconfig flag */
	OPT_PROP,  /* propagation */
	OPT_BIND,
	OPT_RBIND,
	OPT_REMOUNT,
	OPT_TMPCOPYUP,
	OPT_IDMAP,
	OPT_RIDMAP,
	OPT_NOOP /* known, no effect with the new mount API (norelatime, nostrictatime) */
};

struct mount_opt {
	const char *name;
	enum opt_kind kind;
	bool clear; /* the option clears ms/attr instead of setting them */
	unsigned long ms;
	uint64_t attr;	    /* attribute set (or cleared when clear) */
	uint64_t attr_mask; /* extra bits cleared when setting (the atime field) */
};

static const struct mount_opt mount_opts[] = {
	{"ro", OPT_FLAG, false, MS_RDONLY, MOUNT_ATTR_RDONLY, 0},
	{"rw", OPT_FLAG, true, MS_RDONLY, MOUNT_ATTR_RDONLY, 0},
	{"nosuid", OPT_FLAG, false, MS_NOSUID, MOUNT_ATTR_NOSUID, 0},
	{"suid", OPT_FLAG, true, MS_NOSUID, MOUNT_ATTR_NOSUID, 0},
	{"nodev", OPT_FLAG, false, MS_NODEV, MOUNT_ATTR_NODEV, 0},
	{"dev", OPT_FLAG, true, MS_NODEV, MOUNT_ATTR_NODEV, 0},
	{"noexec", OPT_FLAG, false, MS_NOEXEC, MOUNT_ATTR_NOEXEC, 0},
	{"exec", OPT_FLAG, true, MS_NOEXEC, MOUNT_ATTR_NOEXEC, 0},
	{"noatime", OPT_FLAG, false, MS_NOATIME, MOUNT_ATTR_NOATIME, ATIME_ALL},
	{"atime", OPT_FLAG, true, MS_NOATIME, MOUNT_ATTR_NOATIME, 0},
	{"nodiratime", OPT_FLAG, false, MS_NODIRATIME, MOUNT_ATTR_NODIRATIME, 0},
	{"diratime", OPT_FLAG, true, MS_NODIRATIME, MOUNT_ATTR_NODIRATIME, 0},
	{"relatime", OPT_FLAG, false, MS_RELATIME, MOUNT_ATTR_RELATIME, ATIME_ALL},
	{"norelatime", OPT_NOOP, true, MS_RELATIME, 0, 0},
	{"strictatime", OPT_FLAG, false, MS_STRICTATIME, MOUNT_ATTR_STRICTATIME, ATIME_ALL},
	{"nostrictatime", OPT_NOOP, true, MS_STRICTATIME, 0, 0},
	{"nosymfollow", OPT_FLAG, false, MS_NOSYMFOLLOW, MOUNT_ATTR_NOSYMFOLLOW, 0},
	{"symfollow", OPT_FLAG, true, MS_NOSYMFOLLOW, MOUNT_ATTR_NOSYMFOLLOW, 0},
	{"sync", OPT_SB, false, MS_SYNCHRONOUS, 0, 0},
	{"async", OPT_SB, true, MS_SYNCHRONOUS, 0, 0},
	{"dirsync", OPT_SB, false, MS_DIRSYNC, 0, 0},
	{"mand", OPT_SB, false, MS_MANDLOCK, 0, 0},
	{"nomand", OPT_SB, true, MS_MANDLOCK, 0, 0},
	{"lazytime", OPT_SB, false, MS_LAZYTIME, 0, 0},
	{"nolazytime", OPT_SB, true, MS_LAZYTIME, 0, 0},
	/* known to runc and crun: no effect on the mount (MS_SILENT only quiets the kernel log) */
	{"defaults", OPT_NOOP, false, 0, 0, 0},
	{"silent", OPT_NOOP, false, 0, 0, 0},
	{"loud", OPT_NOOP, false, 0, 0, 0},
	{"rro", OPT_RFLAG, false, 0, MOUNT_ATTR_RDONLY, 0},
	{"rrw", OPT_RFLAG, true, 0, MOUNT_ATTR_RDONLY, 0},
	{"rnosuid", OPT_RFLAG, false, 0, MOUNT_ATTR_NOSUID, 0},
	{"rsuid", OPT_RFLAG, true, 0, MOUNT_ATTR_NOSUID, 0},
	{"rnodev", OPT_RFLAG, false, 0, MOUNT_ATTR_NODEV, 0},
	{"rdev", OPT_RFLAG, true, 0, MOUNT_ATTR_NODEV, 0},
	{"rnoexec", OPT_RFLAG, false, 0, MOUNT_ATTR_NOEXEC, 0},
	{"rexec", OPT_RFLAG, true, 0, MOUNT_ATTR_NOEXEC, 0},
	{"rnoatime", OPT_RFLAG, false, 0, MOUNT_ATTR_NOATIME, ATIME_ALL},
	{"ratime", OPT_RFLAG, true, 0, MOUNT_ATTR_NOATIME, 0},
	{"rnodiratime", OPT_RFLAG, false, 0, MOUNT_ATTR_NODIRATIME, 0},
	{"rdiratime", OPT_RFLAG, true, 0, MOUNT_ATTR_NODIRATIME, 0},
	{"rrelatime", OPT_RFLAG, false, 0, MOUNT_ATTR_RELATIME, ATIME_ALL},
	{"rnorelatime", OPT_NOOP, true, 0, 0, 0},
	{"rstrictatime", OPT_RFLAG, false, 0, MOUNT_ATTR_STRICTATIME, ATIME_ALL},
	{"rnostrictatime", OPT_NOOP, true, 0, 0, 0},
	{"rnosymfollow", OPT_RFLAG, false, 0, MOUNT_ATTR_NOSYMFOLLOW, 0},
	{"rsymfollow", OPT_RFLAG, true, 0, MOUNT_ATTR_NOSYMFOLLOW, 0},
	{"shared", OPT_PROP, false, MS_SHARED, 0, 0},
	{"rshared", OPT_PROP, false, MS_SHARED | MS_REC, 0, 0},
	{"slave", OPT_PROP, false, MS_SLAVE, 0, 0},
	{"rslave", OPT_PROP, false, MS_SLAVE | MS_REC, 0, 0},
	{"private", OPT_PROP, false, MS_PRIVATE, 0, 0},
	{"rprivate", OPT_PROP, false, MS_PRIVATE | MS_REC, 0, 0},
	{"unbindable", OPT_PROP, false, MS_UNBINDABLE, 0, 0},
	{"runbindable", OPT_PROP, false, MS_UNBINDABLE | MS_REC, 0, 0},
	{"bind", OPT_BIND, false, MS_BIND, 0, 0},
	{"rbind", OPT_RBIND, false, MS_BIND | MS_REC, 0, 0},
	{"remount", OPT_REMOUNT, false, MS_REMOUNT, 0, 0},
	{"tmpcopyup", OPT_TMPCOPYUP, false, 0, 0, 0},
	{"idmap", OPT_IDMAP, false, 0, 0, 0},
	{"ridmap", OPT_RIDMAP, false, 0, 0, 0},
};

static const struct mount_opt *opt_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(mount_opts); i++)
		if (strcmp(mount_opts[i].name, name) == 0)
			return &mount_opts[i];
	return NULL;
}

/* Mounts allowed inside /proc (lxcfs and friends), relative to /proc. */
static const char *const proc_allow[] = {
	"cpuinfo",
	"diskstats",
	"meminfo",
	"stat",
	"swaps",
	"uptime",
	"loadavg",
	"slabinfo",
	"sys/kernel/ns_last_pid",
	"sys/crypto/fips_enabled",
};

char *rootfs_clean_path(const char *path)
{
	size_t n = strlen(path), len = 0;
	char *out = malloc(n + 2);

	if (!out)
		return NULL;
	out[len++] = '/';
	for (const char *p = path; *p;) {
		const char *e = strchrnul(p, '/');
		size_t cl = (size_t)(e - p);

		if (cl == 0 || (cl == 1 && p[0] == '.')) {
			/* empty or "." component */
		} else if (cl == 2 && p[0] == '.' && p[1] == '.') {
			while (len > 1 && out[len - 1] != '/')
				len--;
			if (len > 1)
				len--;
		} else {
			if (len > 1)
				out[len++] = '/';
			memcpy(out + len, p, cl);
			len += cl;
		}
		p = *e ? e + 1 : e;
	}
	out[len] = '\0';
	return out;
}

static void apply_opt(struct rootfs_mount *m, const struct mount_opt *o)
{
	if (o->attr_mask & ATIME_ALL) /* atime modes exclude each other */
		m->ms_flags &= ~(unsigned long)(MS_NOATIME | MS_RELATIME | MS_STRICTATIME);
	if (o->clear)
		m->ms_flags &= ~o->ms;
	else
		m->ms_flags |= o->ms;
	switch (o->kind) {
	case OPT_FLAG:
		if (o->clear) {
			m->attr_set &= ~o->attr;
			m->attr_clr |= o->attr;
		} else {
			m->attr_set = (m->attr_set & ~o->attr_mask) | o->attr;
			m->attr_clr = (m->attr_clr & ~o->attr) | o->attr_mask;
		}
		break;
	case OPT_RFLAG:
		if (o->clear) {
			m->rattr_set &= ~o->attr;
			m->rattr_clr |= o->attr;
		} else {
			m->rattr_set = (m->rattr_set & ~o->attr_mask) | o->attr;
			m->rattr_clr = (m->rattr_clr & ~o->attr) | o->attr_mask;
		}
		break;
	case OPT_PROP:
		/* each is applied in turn, as runc does: "rprivate", "shared" leaves the submounts private */
		m->propagation = o->ms;
		m->ms_flags &= ~(MS_SHARED | MS_SLAVE | MS_PRIVATE | MS_UNBINDABLE);
		break;
	case OPT_RBIND:
		m->recursive = true;
		break;
	case OPT_TMPCOPYUP:
		m->tmpcopyup = true;
		break;
	case OPT_IDMAP:
		m->idmap = true;
		break;
	case OPT_RIDMAP:
		m->idmap = m->idmap_recursive = true;
		break;
	default:
		break;
	}
}

static int push_sb_flag(struct rootfs_mount *m, const char *name)
{
	char **v = realloc(m->sb_flags, (m->sb_flags_len + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	m->sb_flags = v;
	if (!(v[m->sb_flags_len] = rt_strdup(name)))
		return -ENOMEM;
	m->sb_flags_len++;
	return 0;
}

static int push_propagation(struct rootfs_mount *m, unsigned long flags)
{
	unsigned long *v = realloc(m->propagations, (m->propagations_len + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	m->propagations = v;
	v[m->propagations_len++] = flags;
	return 0;
}

static int push_data(struct rootfs_mount *m, const char *opt)
{
	struct rootfs_kv *v = realloc(m->data, (m->data_len + 1) * sizeof(*v));
	const char *eq = strchr(opt, '=');
	struct rootfs_kv kv = {NULL, NULL};

	if (!v)
		return -ENOMEM;
	m->data = v;
	kv.key = eq ? strndup(opt, (size_t)(eq - opt)) : rt_strdup(opt);
	kv.value = eq ? rt_strdup(eq + 1) : NULL;
	if (!kv.key || (eq && !kv.value)) {
		free(kv.key);
		free(kv.value);
		return -ENOMEM;
	}
	v[m->data_len++] = kv;
	return 0;
}

static int append_data_str(struct rootfs_mount *m, const char *opt)
{
	size_t old = m->data_str ? strlen(m->data_str) : 0, add = strlen(opt);
	char *s = realloc(m->data_str, old + add + 2);

	if (!s)
		return -ENOMEM;
	if (old)
		s[old++] = ',';
	memcpy(s + old, opt, add + 1);
	m->data_str = s;
	return 0;
}

int rootfs_parse_options(struct rootfs_mount *m, char *const *options, size_t n, const char *where, struct rt_err **err)
{
	bool bind = m->kind == ROOTFS_KIND_BIND;

	for (size_t i = 0; i < n; i++) {
		const char *o = options[i];
		const struct mount_opt *mo = opt_find(o);

		if (!*o)
			return rt_err_set(err, 0, "config.json: %s.options[%zu]: empty option", where, i);
		if (mo) {
			apply_opt(m, mo);
			if (mo->kind == OPT_PROP && push_propagation(m, mo->ms) < 0)
				return rt_err_set(err, ENOMEM, "%s", where);
			if (mo->kind == OPT_BIND || mo->kind == OPT_RBIND)
				bind = true;
			if (mo->kind == OPT_SB && !mo->clear && push_sb_flag(m, o) < 0)
				return rt_err_set(err, ENOMEM, "%s", where);
			continue;
		}
		if (bind || m->kind == ROOTFS_KIND_BIND)
			return rt_err_set(err, 0, "config.json: %s.options[%zu]: unknown option '%s' for a bind mount",
					  where, i, o);
		if (strchr(o, ',') || !strcmp(o, "=") || o[0] == '=')
			return rt_err_set(err, 0, "config.json: %s.options[%zu]: invalid option '%s'", where, i, o);
		if (push_data(m, o) < 0 || append_data_str(m, o) < 0)
			return rt_err_set(err, ENOMEM, "%s", where);
	}
	if (bind && m->data_len)
		return rt_err_set(err, 0, "config.json: %s: unknown option '%s' for a bind mount", where,
				  m->data[0].key);
	return 0;
}

static bool proc_allowed(const char *dest)
{
	const char *rel = dest + strlen("/proc/");

	for (size_t i = 0; i < ARRAY_SIZE(proc_allow); i++)
		if (strcmp(rel, proc_allow[i]) == 0)
			return true;
	return false;
}

int rootfs_check_proc_dest(const char *dest, enum rootfs_kind kind, const char *type, const char *where,
			   struct rt_err **err)
{
	if (strcmp(dest, "/proc") == 0) {
		if (kind == ROOTFS_KIND_PROC || kind == ROOTFS_KIND_BIND || kind == ROOTFS_KIND_REMOUNT)
			return 0;
		return rt_err_set(err, 0, "%s: cannot mount '%s' on '/proc': only procfs may be mounted there", where,
				  type);
	}
	if (rt_str_has_prefix(dest, "/proc/") && !proc_allowed(dest))
		return rt_err_set(err, 0, "%s: '%s' cannot be mounted because it is inside /proc", where, dest);
	return 0;
}

static bool has_bind_opt(char *const *options, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(options[i], "bind") == 0 || strcmp(options[i], "rbind") == 0)
			return true;
	return false;
}

static bool has_opt(char *const *options, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(options[i], name) == 0)
			return true;
	return false;
}

static char *abs_source(const char *bundle, const char *src)
{
	char *r = NULL;

	if (src[0] == '/')
		return rt_strdup(src);
	if (asprintf(&r, "%s/%s", bundle, src) < 0)
		return NULL;
	return r;
}

static enum rootfs_kind kind_of(const char *type, char *const *options, size_t n)
{
	/* "remount" (with or without "bind") changes the flags of what is already there */
	if (has_opt(options, n, "remount"))
		return ROOTFS_KIND_REMOUNT;
	if (has_bind_opt(options, n) || (type && strcmp(type, "bind") == 0))
		return ROOTFS_KIND_BIND;
	if (!type)
		return ROOTFS_KIND_FS;
	if (strcmp(type, "proc") == 0)
		return ROOTFS_KIND_PROC;
	if (strcmp(type, "sysfs") == 0)
		return ROOTFS_KIND_SYSFS;
	if (strcmp(type, "cgroup") == 0)
		return ROOTFS_KIND_CGROUP;
	return ROOTFS_KIND_FS;
}

static int dup_mappings(struct oci_id_mapping **ret, size_t *ret_len, const struct oci_id_mapping *m, size_t n)
{
	if (!n)
		return 0;
	*ret = calloc(n, sizeof(**ret));
	if (!*ret)
		return -ENOMEM;
	memcpy(*ret, m, n * sizeof(*m));
	*ret_len = n;
	return 0;
}

/*
 * An idmap/ridmap option without uidMappings and gidMappings of the mount's own maps it as the
 * container's user namespace (linux.uidMappings and gidMappings), as crun does: Podman's
 * `-v SRC:DST:idmap` with --uidmap or --userns=auto writes just the option. Files that root
 * owns on the disk are then the container root's.
 */
static int prepare_mount(struct rootfs_mount *m, const struct oci_mount *om, size_t idx, const char *bundle,
			 const struct oci_linux *l, struct rt_err **err)
{
	char where[64];
	int r;

	snprintf(where, sizeof(where), "mounts[%zu]", idx);
	m->index = idx;
	if (!om->destination || !*om->destination)
		return rt_err_set(err, 0, "config.json: %s.destination: must not be empty", where);
	if (!(m->dest = rootfs_clean_path(om->destination)))
		return rt_err_set(err, ENOMEM, "%s", where);
	if (strcmp(m->dest, "/") == 0)
		return rt_err_set(err, 0, "config.json: %s.destination: cannot mount over '/'", where);
	m->kind = kind_of(om->type, om->options, om->options_len);
	if (!om->type && m->kind != ROOTFS_KIND_BIND && m->kind != ROOTFS_KIND_REMOUNT)
		return rt_err_set(err, 0, "config.json: %s.type: missing for a non-bind mount on '%s'", where, m->dest);
	if (!(m->type = rt_strdup(om->type ? om->type : "bind")))
		return rt_err_set(err, ENOMEM, "%s", where);
	if (m->kind == ROOTFS_KIND_FS || m->kind == ROOTFS_KIND_PROC || m->kind == ROOTFS_KIND_SYSFS) {
		if (!*m->type || strchr(m->type, ','))
			return rt_err_set(err, 0, "config.json: %s.type: invalid type '%s'", where, m->type);
		if (!(m->fstype = rt_strdup(m->type)))
			return rt_err_set(err, ENOMEM, "%s", where);
	}
	if (m->kind == ROOTFS_KIND_BIND && (!om->source || !*om->source))
		return rt_err_set(err, 0, "config.json: %s.source: required for a bind mount on '%s'", where, m->dest);
	if (om->source && *om->source) {
		m->source = m->kind == ROOTFS_KIND_BIND ? abs_source(bundle, om->source) : rt_strdup(om->source);
		if (!m->source)
			return rt_err_set(err, ENOMEM, "%s", where);
	}
	r = rootfs_parse_options(m, om->options, om->options_len, where, err);
	if (r < 0)
		return r;
	if (m->tmpcopyup && (m->kind != ROOTFS_KIND_FS || strcmp(m->type, "tmpfs") != 0))
		return rt_err_set(err, 0, "config.json: %s: tmpcopyup needs a tmpfs mount", where);
	if (om->uid_mappings_len || om->gid_mappings_len) {
		if (!om->uid_mappings_len || !om->gid_mappings_len)
			return rt_err_set(err, 0, "config.json: %s: uidMappings and gidMappings go together", where);
		m->idmap = true;
	}
	if (m->idmap && m->kind != ROOTFS_KIND_BIND)
		return rt_err_set(err, 0, "config.json: %s: idmapped mounts need a bind mount", where);
	if (m->idmap && !om->uid_mappings_len) {
		if (!l || !l->uid_mappings_len || !l->gid_mappings_len)
			return rt_err_set(err, 0,
					  "config.json: %s: idmap needs uidMappings and gidMappings (the mount's or "
					  "linux.uidMappings and gidMappings)",
					  where);
		if (dup_mappings(&m->uid_mappings, &m->uid_mappings_len, l->uid_mappings, l->uid_mappings_len) < 0 ||
		    dup_mappings(&m->gid_mappings, &m->gid_mappings_len, l->gid_mappings, l->gid_mappings_len) < 0)
			return rt_err_set(err, ENOMEM, "%s", where);
	} else if (dup_mappings(&m->uid_mappings, &m->uid_mappings_len, om->uid_mappings, om->uid_mappings_len) < 0 ||
		   dup_mappings(&m->gid_mappings, &m->gid_mappings_len, om->gid_mappings, om->gid_mappings_len) < 0) {
		return rt_err_set(err, ENOMEM, "%s", where);
	}
	snprintf(where, sizeof(where), "config.json: mounts[%zu]", idx);
	return rootfs_check_proc_dest(m->dest, m->kind, m->type, where, err);
}

static int prepare_device(struct rootfs_device *d, const struct oci_device *od, size_t idx, struct rt_err **err)
{
	mode_t fmt;

	d->index = idx;
	if (!od->type || strlen(od->type) != 1 || !strchr("cbup", od->type[0]))
		return rt_err_set(err, 0, "config.json: linux.devices[%zu].type: unknown device type '%s'", idx,
				  od->type ? od->type : "");
	fmt = od->type[0] == 'b' ? S_IFBLK : od->type[0] == 'p' ? S_IFIFO : S_IFCHR;
	if (!od->path || !(d->path = rootfs_clean_path(od->path)))
		return rt_err_set(err, od->path ? ENOMEM : EINVAL, "config.json: linux.devices[%zu].path: missing",
				  idx);
	if (od->path[0] != '/' || !rt_str_has_prefix(d->path, "/dev/"))
		return rt_err_set(err, 0, "config.json: linux.devices[%zu].path: '%s' is not under /dev", idx,
				  od->path);
	if (fmt != S_IFIFO && (od->major < 0 || od->major > 4095 || od->minor < 0 || od->minor > 0xfffff))
		return rt_err_set(err, 0, "config.json: linux.devices[%zu]: major:minor %lld:%lld out of range", idx,
				  (long long)od->major, (long long)od->minor);
	/* Podman writes st_mode (type bits included, e.g. 020666 for 'c'): accept the device's own type. */
	if (od->has_file_mode &&
	    (od->file_mode & ~(S_IFMT | 07777u) || ((od->file_mode & S_IFMT) && (od->file_mode & S_IFMT) != fmt)))
		return rt_err_set(err, 0, "config.json: linux.devices[%zu].fileMode: %#o does not match type '%s'", idx,
				  od->file_mode, od->type);
	d->mode = fmt | (od->has_file_mode ? od->file_mode & 07777u : 0666);
	d->rdev = fmt == S_IFIFO ? 0 : makedev((unsigned)od->major, (unsigned)od->minor);
	d->uid = od->has_uid ? od->uid : 0;
	d->gid = od->has_gid ? od->gid : 0;
	return 0;
}

static int prepare_paths(char ***ret, size_t *ret_len, char *const *paths, size_t n, const char *what,
			 struct rt_err **err)
{
	_cleanup_strv_ char **v = calloc(n + 1, sizeof(char *));
	size_t len = 0;

	if (!v)
		return rt_err_set(err, ENOMEM, "%s", what);
	for (size_t i = 0; i < n; i++) {
		char *c;

		if (!paths[i] || paths[i][0] != '/')
			return rt_err_set(err, 0, "config.json: linux.%s[%zu]: '%s' is not an absolute path", what, i,
					  paths[i] ? paths[i] : "");
		if (!(c = rootfs_clean_path(paths[i])))
			return rt_err_set(err, ENOMEM, "%s", what);
		if (strcmp(c, "/") == 0) {
			free(c);
			return rt_err_set(err, 0, "config.json: linux.%s[%zu]: cannot use '/'", what, i);
		}
		if (rt_strv_contains(v, c)) {
			free(c);
			continue;
		}
		v[len++] = c;
	}
	*ret = TAKE_PTR(v);
	*ret_len = len;
	return 0;
}

static const struct {
	const char *name;
	unsigned long flags;
} propagations[] = {
	{"shared", MS_SHARED},	       {"rshared", MS_SHARED | MS_REC},
	{"slave", MS_SLAVE},	       {"rslave", MS_SLAVE | MS_REC},
	{"private", MS_PRIVATE},       {"rprivate", MS_PRIVATE | MS_REC},
	{"unbindable", MS_UNBINDABLE}, {"runbindable", MS_UNBINDABLE | MS_REC},
};

static int prepare_propagation(struct rootfs_plan *p, const char *v, struct rt_err **err)
{
	p->root_propagation = MS_SLAVE | MS_REC;
	if (!v || !*v)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(propagations); i++) {
		if (strcmp(v, propagations[i].name) == 0) {
			p->root_propagation = p->rootfs_propagation = propagations[i].flags;
			return 0;
		}
	}
	return rt_err_set(err, 0, "config.json: linux.rootfsPropagation: unknown value '%s'", v);
}

static int prepare_root(struct rootfs_plan *p, const struct oci_config *c, const char *bundle, const char *rootfs,
			struct rt_err **err)
{
	_cleanup_free_ char *path = NULL;

	if (!c->root || !c->root->path || !*c->root->path)
		return rt_err_set(err, 0, "config.json: root.path: missing");
	if (rootfs)
		path = rt_strdup(rootfs);
	else if (c->root->path[0] == '/')
		path = rt_strdup(c->root->path);
	else if (asprintf(&path, "%s/%s", bundle, c->root->path) < 0)
		path = NULL;
	if (!path)
		return rt_err_set(err, ENOMEM, "root.path");
	p->rootfs = resolve_realpath(path);
	if (!p->rootfs)
		return rt_err_set(err, errno, "config.json: root.path: '%s'", path);
	p->readonly = c->root->readonly;
	return 0;
}

/*
 * linux.mountLabel (see linux/lsm.h): a context= parameter for new superblocks, a relabel
 * of the root for mqueue, context= on the tmpfs of a v1 cgroup layout (as runc), nothing
 * for binds and for mounts that name a context already.
 */
static int add_mount_label(struct rootfs_mount *m, const struct oci_mount *om, const char *label, struct rt_err **err)
{
	_cleanup_free_ char *kv = NULL, *quoted = NULL;

	if (label && m->kind == ROOTFS_KIND_CGROUP) {
		m->context = rt_strdup(label);
		return m->context ? 0 : rt_err_set(err, ENOMEM, "mounts[%zu]", m->index);
	}
	if (!label || m->kind != ROOTFS_KIND_FS)
		return 0;
	if (lsm_mount_label_relabels(m->fstype)) {
		m->relabel = rt_strdup(label);
		return m->relabel ? 0 : rt_err_set(err, ENOMEM, "mounts[%zu]", m->index);
	}
	if (!lsm_mount_label_applies(m->fstype, om->options, om->options_len))
		return 0;
	/* fsconfig takes the value as it is; mount(2) data needs the quotes. */
	if (asprintf(&kv, "context=%s", label) < 0 || !(quoted = lsm_mount_context_option(label)) ||
	    push_data(m, kv) < 0 || append_data_str(m, quoted) < 0)
		return rt_err_set(err, ENOMEM, "mounts[%zu]", m->index);
	return 0;
}

/*
 * A read-only /dev filesystem (a tmpfs with "ro") is mounted read-write and made read-only
 * by rootfs_finish, once its devices, links, submount points and console are made: runc
 * and crun delay it the same way. The last /dev mount decides, it is the one on top.
 */
static void dev_ro(struct rootfs_plan *p, struct rootfs_mount *m)
{
	p->dev_readonly = m->attr_set & MOUNT_ATTR_RDONLY;
	m->attr_set &= ~(uint64_t)MOUNT_ATTR_RDONLY;
	m->ms_flags &= ~(unsigned long)MS_RDONLY;
}

static int prepare_mounts(struct rootfs_plan *p, const struct oci_config *c, const char *bundle, struct rt_err **err)
{
	const struct oci_linux *l = c->linux_;
	bool cgroupns = false;
	int r;

	if (c->mounts_len && !(p->mounts = calloc(c->mounts_len, sizeof(*p->mounts))))
		return rt_err_set(err, ENOMEM, "rootfs plan");
	for (size_t i = 0; l && i < l->namespaces_len; i++)
		if (l->namespaces[i].type && strcmp(l->namespaces[i].type, "cgroup") == 0)
			cgroupns = true;
	for (size_t i = 0; i < c->mounts_len; i++) {
		p->mounts_len++; /* freed by rootfs_plan_free even when half-filled */
		p->mounts[i].cgroupns = cgroupns;
		r = prepare_mount(&p->mounts[i], &c->mounts[i], i, bundle, l, err);
		if (r >= 0)
			r = add_mount_label(&p->mounts[i], &c->mounts[i], p->mount_label, err);
		if (r < 0)
			return r;
		if (p->mounts[i].kind == ROOTFS_KIND_BIND && strcmp(p->mounts[i].dest, "/dev") == 0)
			p->bind_dev = true;
		else if (p->mounts[i].kind == ROOTFS_KIND_FS && strcmp(p->mounts[i].dest, "/dev") == 0)
			dev_ro(p, &p->mounts[i]);
	}
	return 0;
}

static int prepare_linux(struct rootfs_plan *p, const struct oci_linux *l, struct rt_err **err)
{
	int r = prepare_propagation(p, l ? l->rootfs_propagation : NULL, err);

	if (r < 0 || !l)
		return r;
	if (l->devices_len && !(p->devices = calloc(l->devices_len, sizeof(*p->devices))))
		return rt_err_set(err, ENOMEM, "rootfs plan");
	for (size_t i = 0; i < l->devices_len; i++) {
		p->devices_len++;
		r = prepare_device(&p->devices[i], &l->devices[i], i, err);
		if (r < 0)
			return r;
	}
	r = prepare_paths(&p->masked_paths, &p->masked_paths_len, l->masked_paths, l->masked_paths_len, "maskedPaths",
			  err);
	if (r >= 0)
		r = prepare_paths(&p->readonly_paths, &p->readonly_paths_len, l->readonly_paths, l->readonly_paths_len,
				  "readonlyPaths", err);
	return r;
}

int rootfs_prepare(const struct oci_config *c, const char *bundle, const char *rootfs, bool no_pivot,
		   struct rootfs_plan **ret, struct rt_err **err)
{
	/* an absolute bundle is the caller's canonical one (create's); a relative one is made so */
	_cleanup_free_ char *abs_bundle =
		bundle && bundle[0] == '/' ? rt_strdup(bundle) : resolve_realpath(bundle ? bundle : ".");
	struct rootfs_plan *p;
	int r;

	/* relative sources are taken from the bundle, whatever the child's cwd will be */
	if (!abs_bundle)
		return rt_err_set(err, errno, "bundle '%s'", bundle ? bundle : ".");
	p = calloc(1, sizeof(*p));
	if (!p)
		return rt_err_set(err, ENOMEM, "rootfs plan");
	p->no_pivot = no_pivot;
	r = prepare_root(p, c, abs_bundle, rootfs, err);
	if (r >= 0 && c->linux_ && c->linux_->mount_label && *c->linux_->mount_label) {
		r = lsm_check_label(LSM_SELINUX, "linux.mountLabel", c->linux_->mount_label, err);
		if (r >= 0 && !(p->mount_label = rt_strdup(c->linux_->mount_label)))
			r = rt_err_set(err, ENOMEM, "rootfs plan");
	}
	if (r >= 0)
		r = prepare_mounts(p, c, abs_bundle, err);
	if (r >= 0)
		r = prepare_linux(p, c->linux_, err);
	if (r < 0) {
		rootfs_plan_free(p);
		return r;
	}
	*ret = p;
	return 0;
}

const struct rootfs_mount *rootfs_plan_cgroup_mount(const struct rootfs_plan *p)
{
	if (!rootfs_have_mount_setattr())
		return NULL;
	for (size_t i = 0; i < p->mounts_len; i++)
		if (p->mounts[i].kind == ROOTFS_KIND_CGROUP)
			return &p->mounts[i];
	return NULL;
}

void rootfs_plan_set_no_pivot(struct rootfs_plan *p, bool on)
{
	p->no_pivot = on;
}

void rootfs_mount_clear(struct rootfs_mount *m)
{
	free(m->dest);
	free(m->type);
	free(m->fstype);
	free(m->source);
	for (size_t i = 0; i < m->data_len; i++) {
		free(m->data[i].key);
		free(m->data[i].value);
	}
	free(m->data);
	for (size_t i = 0; i < m->sb_flags_len; i++)
		free(m->sb_flags[i]);
	free(m->sb_flags);
	free(m->data_str);
	free(m->relabel);
	free(m->context);
	free(m->uid_mappings);
	free(m->gid_mappings);
	free(m->propagations);
}

void rootfs_premade_close(struct rootfs_plan *p)
{
	for (size_t i = 0; p && i < p->mounts_len; i++)
		if (p->mounts[i].premade) {
			close(p->mounts[i].premade_fd);
			p->mounts[i].premade = false;
		}
}

void rootfs_plan_free(struct rootfs_plan *p)
{
	if (!p)
		return;
	rootfs_premade_close(p);
	for (size_t i = 0; i < p->mounts_len; i++)
		rootfs_mount_clear(&p->mounts[i]);
	free(p->mounts);
	for (size_t i = 0; i < p->devices_len; i++)
		free(p->devices[i].path);
	free(p->devices);
	rt_strv_free(p->masked_paths);
	rt_strv_free(p->readonly_paths);
	free(p->mount_label);
	free(p->rootfs);
	free(p);
}
