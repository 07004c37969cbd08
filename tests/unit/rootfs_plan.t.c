/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rootfs_prepare(): option parsing into MS_* flags, MOUNT_ATTR_* attributes and fsconfig
 * data, and the exact validation errors. Pure: needs no privileges.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "linux/rootfs.h"
#include "linux/rootfs_internal.h"
#include "tests/unit/tap.h"
#include "util/util.h"

static char tmpdir[] = "/tmp/rootfs-plan-XXXXXX";

struct fixture {
	struct oci_config c;
	struct oci_root root;
	struct oci_linux l;
	struct oci_mount m[4];
	struct oci_device d[2];
};

static void fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->root.path = (char *)"rootfs";
	f->c.root = &f->root;
	f->c.linux_ = &f->l;
	f->c.mounts = f->m;
}

static void add_mount(struct fixture *f, const char *dest, const char *type, const char *src, char **opts)
{
	struct oci_mount *m = &f->m[f->c.mounts_len++];

	m->destination = (char *)dest;
	m->type = (char *)type;
	m->source = (char *)src;
	m->options = opts;
	m->options_len = opts ? rt_strv_len(opts) : 0;
}

/* Runs rootfs_prepare; returns the error message (static) or NULL, and the plan. */
static const char *prepare(struct fixture *f, struct rootfs_plan **ret)
{
	static char msg[512];
	struct rt_err *err = NULL;
	struct rootfs_plan *p = NULL;
	int r = rootfs_prepare(&f->c, tmpdir, NULL, false, &p, &err);

	if (ret)
		*ret = p;
	else
		rootfs_plan_free(p);
	if (r >= 0)
		return NULL;
	snprintf(msg, sizeof(msg), "%s", err ? err->msg : "(no message)");
	rt_err_free(err);
	return msg;
}

static void test_clean_path(void)
{
	static const char *cases[][2] = {
		{"/dev/shm", "/dev/shm"},
		{"dev/shm", "/dev/shm"},
		{"//a//b/", "/a/b"},
		{"/a/./b/.", "/a/b"},
		{"/a/../../../b", "/b"},
		{"..", "/"},
		{"/", "/"},
		{"a/b/../c", "/a/c"},
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *c = rootfs_clean_path(cases[i][0]);
		is_str(c, cases[i][1], "clean '%s'", cases[i][0]);
		free(c);
	}
}

static void test_tmpfs_options(void)
{
	struct fixture f;
	struct rootfs_plan *p;
	char *opts[] = {"nosuid", "nodev", "noexec", "ro", "size=64m", "mode=755", "newinstance", "sync", NULL};
	const struct rootfs_mount *m;

	fixture_init(&f);
	add_mount(&f, "dev/shm", "tmpfs", "shm", opts);
	ok(!prepare(&f, &p), "tmpfs with data options prepares");
	if (!p)
		return;
	m = &p->mounts[0];
	is_str(m->dest, "/dev/shm", "relative destination normalised");
	is_int(m->kind, ROOTFS_KIND_FS, "tmpfs is a filesystem mount");
	is_str(m->fstype, "tmpfs", "fstype");
	is_int(m->ms_flags, MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY | MS_SYNCHRONOUS, "MS flags");
	is_int(m->attr_set, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC | MOUNT_ATTR_RDONLY, "attrs");
	is_int(m->data_len, 3, "three data options");
	ok(m->data_len == 3 && !strcmp(m->data[0].key, "size") && !strcmp(m->data[0].value, "64m"), "size=64m kv");
	ok(m->data_len == 3 && !strcmp(m->data[2].key, "newinstance") && !m->data[2].value, "flag data");
	is_str(m->data_str, "size=64m,mode=755,newinstance", "legacy data string");
	ok(m->sb_flags_len == 1 && !strcmp(m->sb_flags[0], "sync"), "sync is a superblock flag");
	is_int(m->propagation, 0, "no propagation");
	is_int(p->root_propagation, MS_SLAVE | MS_REC, "default '/' propagation is rslave");
	is_int(p->rootfs_propagation, 0, "no rootfsPropagation");
	rootfs_plan_free(p);
}

static void test_flag_overrides(void)
{
	struct rootfs_mount m;
	struct rt_err *err = NULL;
	char *o1[] = {"ro", "rw", "noatime", "relatime", "strictatime", "nodiratime", "diratime", NULL};
	char *o2[] = {"rro", "rnosuid", "rnoatime", "rshared", "private", "nosymfollow", NULL};

	memset(&m, 0, sizeof(m));
	is_int(rootfs_parse_options(&m, o1, 7, "mounts[0]", &err), 0, "override options parse");
	is_int(m.ms_flags, MS_STRICTATIME, "rw clears ro, diratime clears nodiratime");
	is_int(m.attr_set, MOUNT_ATTR_STRICTATIME, "last atime option wins");
	ok((m.attr_clr & MOUNT_ATTR_RDONLY) && (m.attr_clr & MOUNT_ATTR__ATIME) == MOUNT_ATTR__ATIME,
	   "rw and the atime field are cleared");
	memset(&m, 0, sizeof(m));
	is_int(rootfs_parse_options(&m, o2, 6, "mounts[0]", &err), 0, "recursive options parse");
	is_int(m.rattr_set, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOATIME, "recursive attrs");
	is_int(m.attr_set, MOUNT_ATTR_NOSYMFOLLOW, "top-level attrs separate");
	is_int(m.propagation, MS_PRIVATE, "last propagation wins");
	ok(m.propagations_len == 2 && m.propagations[0] == (MS_SHARED | MS_REC) && m.propagations[1] == MS_PRIVATE,
	   "every propagation option kept, in order (applied in turn)");
	is_int(m.ms_flags & (MS_SHARED | MS_PRIVATE), 0, "propagation kept out of ms_flags");
	free(m.propagations);
	ok(err == NULL, "no error set");
}

static void test_bind(void)
{
	struct fixture f;
	struct rootfs_plan *p;
	char *o1[] = {"rbind", "ro", "rslave", NULL};
	char *o2[] = {"bind", "size=1m", NULL};
	char *o3[] = {"rbind", "frob", NULL};
	char *o4[] = {"remount", "bind", "ro", NULL};

	fixture_init(&f);
	add_mount(&f, "/data", "none", "vol", o1);
	add_mount(&f, "/etc/hosts", "bind", "/etc/hosts", NULL);
	ok(!prepare(&f, &p), "binds prepare");
	if (p) {
		is_int(p->mounts[0].kind, ROOTFS_KIND_BIND, "type none + rbind is a bind");
		ok(p->mounts[0].recursive, "rbind is recursive");
		is_int(p->mounts[0].ms_flags, MS_BIND | MS_REC | MS_RDONLY, "bind MS flags");
		is_int(p->mounts[0].propagation, MS_SLAVE | MS_REC, "rslave");
		ok(p->mounts[0].source && !strcmp(p->mounts[0].source + strlen(tmpdir), "/vol") &&
			   !strncmp(p->mounts[0].source, tmpdir, strlen(tmpdir)),
		   "relative bind source is taken from the bundle");
		is_int(p->mounts[1].kind, ROOTFS_KIND_BIND, "type bind");
		ok(!p->mounts[1].recursive, "plain bind is not recursive");
		ok(!p->bind_dev, "no /dev bind");
		rootfs_plan_free(p);
	}
	/* a relative bundle is made absolute: the child's cwd is not the caller's */
	fixture_init(&f);
	add_mount(&f, "/data", "none", "vol", o1);
	if (chdir(tmpdir) == 0 && rootfs_prepare(&f.c, ".", NULL, false, &p, NULL) == 0) {
		ok(p->mounts[0].source[0] == '/' && !strncmp(p->mounts[0].source, tmpdir, strlen(tmpdir)),
		   "relative bundle: absolute source '%s'", p->mounts[0].source);
		rootfs_plan_free(p);
	} else {
		ok(0, "relative bundle prepares");
	}
	if (chdir("/") < 0)
		ok(0, "chdir /");
	fixture_init(&f);
	add_mount(&f, "/data", "none", "/x", o2);
	is_str(prepare(&f, NULL), "config.json: mounts[0].options[1]: unknown option 'size=1m' for a bind mount",
	       "data option on a bind");
	fixture_init(&f);
	add_mount(&f, "/a", "tmpfs", "tmpfs", NULL);
	add_mount(&f, "/data", "none", "/x", o3);
	is_str(prepare(&f, NULL), "config.json: mounts[1].options[1]: unknown option 'frob' for a bind mount",
	       "unknown bind option names index and option");
	fixture_init(&f);
	add_mount(&f, "/data", "bind", NULL, NULL);
	is_str(prepare(&f, NULL), "config.json: mounts[0].source: required for a bind mount on '/data'",
	       "bind without source");
	fixture_init(&f);
	add_mount(&f, "/data", "bind", NULL, o4);
	ok(!prepare(&f, &p) && p && p->mounts[0].kind == ROOTFS_KIND_REMOUNT &&
		   p->mounts[0].attr_set == MOUNT_ATTR_RDONLY,
	   "remount,bind,ro is a remount of what is there (no source needed)");
	rootfs_plan_free(p);
	fixture_init(&f);
	add_mount(&f, "/dev", "bind", "/dev", o1);
	ok(!prepare(&f, &p) && p && p->bind_dev, "a bind on /dev disables default devices");
	rootfs_plan_free(p);
}

static void test_mount_errors(void)
{
	struct fixture f;
	char *tc[] = {"tmpcopyup", NULL};
	char *bad[] = {"a,b", NULL};
	char *empty[] = {"", NULL};
	char *idm[] = {"idmap", NULL};
	struct oci_id_mapping map = {.container_id = 0, .host_id = 1000, .size = 1};
	struct rootfs_plan *p = NULL;

	fixture_init(&f);
	add_mount(&f, "/x", NULL, "src", NULL);
	is_str(prepare(&f, NULL), "config.json: mounts[0].type: missing for a non-bind mount on '/x'", "missing type");
	fixture_init(&f);
	add_mount(&f, "", "tmpfs", "tmpfs", NULL);
	is_str(prepare(&f, NULL), "config.json: mounts[0].destination: must not be empty", "empty destination");
	fixture_init(&f);
	add_mount(&f, "/a/..", "tmpfs", "tmpfs", NULL);
	is_str(prepare(&f, NULL), "config.json: mounts[0].destination: cannot mount over '/'", "mount over /");
	fixture_init(&f);
	add_mount(&f, "/proc", "proc", "proc", NULL);
	add_mount(&f, "/proc", "tmpfs", "tmpfs", NULL);
	is_str(prepare(&f, NULL),
	       "config.json: mounts[1]: cannot mount 'tmpfs' on '/proc': only procfs may be mounted there",
	       "tmpfs over /proc refused (S9a)");
	fixture_init(&f);
	add_mount(&f, "/proc/sys/kernel", "bind", "/tmp", NULL);
	is_str(prepare(&f, NULL),
	       "config.json: mounts[0]: '/proc/sys/kernel' cannot be mounted because it is inside /proc",
	       "bind inside /proc refused (S9c)");
	fixture_init(&f);
	add_mount(&f, "/x/../proc/self/attr", "bind", "/tmp", NULL);
	ok(prepare(&f, NULL) != NULL, "'..' does not sneak a mount into /proc");
	fixture_init(&f);
	add_mount(&f, "/proc/cpuinfo", "bind", "/proc/cpuinfo", NULL);
	ok(!prepare(&f, NULL), "/proc/cpuinfo is on the allow-list (S9d)");
	fixture_init(&f);
	add_mount(&f, "/x", "proc", "proc", tc);
	is_str(prepare(&f, NULL), "config.json: mounts[0]: tmpcopyup needs a tmpfs mount", "tmpcopyup on proc");
	fixture_init(&f);
	add_mount(&f, "/x", "bind", "/src", idm);
	is_str(prepare(&f, NULL),
	       "config.json: mounts[0]: idmap needs uidMappings and gidMappings (the mount's or linux.uidMappings "
	       "and gidMappings)",
	       "idmap without mappings, the mount's or the container's");
	/* Podman's -v SRC:DST:idmap with --uidmap: the container's maps (crun's default) */
	f.l.uid_mappings = &map;
	f.l.uid_mappings_len = 1;
	f.l.gid_mappings = &map;
	f.l.gid_mappings_len = 1;
	ok(!prepare(&f, &p) && p && p->mounts[0].idmap && p->mounts[0].uid_mappings_len == 1 &&
		   p->mounts[0].uid_mappings[0].host_id == 1000 && p->mounts[0].gid_mappings_len == 1,
	   "idmap without the mount's mappings takes linux.uidMappings and gidMappings");
	rootfs_plan_free(p);
	f.l.uid_mappings = f.l.gid_mappings = NULL;
	f.l.uid_mappings_len = f.l.gid_mappings_len = 0;
	f.m[0].uid_mappings = &map;
	f.m[0].uid_mappings_len = 1;
	is_str(prepare(&f, NULL), "config.json: mounts[0]: uidMappings and gidMappings go together",
	       "uidMappings without gidMappings");
	f.m[0].gid_mappings = &map;
	f.m[0].gid_mappings_len = 1;
	ok(!prepare(&f, &p) && p && p->mounts[0].idmap && p->mounts[0].uid_mappings_len == 1 &&
		   p->mounts[0].uid_mappings[0].host_id == 1000,
	   "idmap with mappings is kept in the plan");
	rootfs_plan_free(p);
	fixture_init(&f);
	add_mount(&f, "/x", "tmpfs", "tmpfs", idm);
	is_str(prepare(&f, NULL), "config.json: mounts[0]: idmapped mounts need a bind mount", "idmap on tmpfs");
	fixture_init(&f);
	add_mount(&f, "/x", "tmpfs", "tmpfs", bad);
	is_str(prepare(&f, NULL), "config.json: mounts[0].options[0]: invalid option 'a,b'", "comma in option");
	fixture_init(&f);
	add_mount(&f, "/x", "tmpfs", "tmpfs", empty);
	is_str(prepare(&f, NULL), "config.json: mounts[0].options[0]: empty option", "empty option");
}

static void test_linux_errors(void)
{
	char path[128];
	struct fixture f;
	struct rootfs_plan *p = NULL;
	char *masked[] = {"/proc/kcore", "/proc//kcore", "/sys/firmware", NULL};
	char *rel[] = {"proc/kcore", NULL};

	fixture_init(&f);
	f.l.rootfs_propagation = (char *)"bogus";
	is_str(prepare(&f, NULL), "config.json: linux.rootfsPropagation: unknown value 'bogus'", "bad propagation");
	f.l.rootfs_propagation = (char *)"rshared";
	ok(!prepare(&f, &p) && p && p->rootfs_propagation == (MS_SHARED | MS_REC) &&
		   p->root_propagation == (MS_SHARED | MS_REC),
	   "rshared rootfsPropagation");
	rootfs_plan_free(p);
	fixture_init(&f);
	f.l.masked_paths = masked;
	f.l.masked_paths_len = 3;
	ok(!prepare(&f, &p) && p && p->masked_paths_len == 2, "duplicate masked paths are merged");
	rootfs_plan_free(p);
	f.l.masked_paths = rel;
	f.l.masked_paths_len = 1;
	is_str(prepare(&f, NULL), "config.json: linux.maskedPaths[0]: 'proc/kcore' is not an absolute path",
	       "relative masked path");
	fixture_init(&f);
	f.l.readonly_paths = rel;
	f.l.readonly_paths_len = 1;
	is_str(prepare(&f, NULL), "config.json: linux.readonlyPaths[0]: 'proc/kcore' is not an absolute path",
	       "relative readonly path");
	fixture_init(&f);
	f.root.path = (char *)"missing";
	snprintf(path, sizeof(path), "%s//rootfs/.", tmpdir);
	ok(rootfs_prepare(&f.c, tmpdir, path, true, &p, NULL) == 0 && p && p->no_pivot &&
		   !strncmp(p->rootfs, tmpdir, strlen(tmpdir)) && !strcmp(p->rootfs + strlen(tmpdir), "/rootfs"),
	   "a rootfs given by the caller wins over root.path and is canonical");
	rootfs_plan_free(p);
	ok(prepare(&f, NULL) && strstr(prepare(&f, NULL), "config.json: root.path: '") &&
		   strstr(prepare(&f, NULL), "/missing': No such file or directory"),
	   "missing rootfs");
}

static void test_devices(void)
{
	struct fixture f;
	struct rootfs_plan *p = NULL;

	fixture_init(&f);
	f.l.devices = f.d;
	f.l.devices_len = 1;
	f.d[0] = (struct oci_device){.type = (char *)"c",
				     .path = (char *)"/dev/fuse",
				     .major = 10,
				     .minor = 229,
				     .has_file_mode = true,
				     .file_mode = 0600,
				     .has_uid = true,
				     .uid = 5};
	ok(!prepare(&f, &p) && p && p->devices_len == 1, "a char device prepares");
	if (p) {
		is_int(p->devices[0].mode, S_IFCHR | 0600, "device mode");
		is_int(p->devices[0].rdev, makedev(10, 229), "device number");
		is_int(p->devices[0].uid, 5, "device uid");
		rootfs_plan_free(p);
	}
	/* Podman's --device and --privileged write st_mode, type bits included */
	f.d[0].file_mode = S_IFCHR | 0644;
	ok(!prepare(&f, &p) && p && p->devices[0].mode == (S_IFCHR | 0644), "fileMode with the device's type bits");
	rootfs_plan_free(p);
	p = NULL;
	f.d[0].file_mode = S_IFBLK | 0644;
	is_str(prepare(&f, NULL), "config.json: linux.devices[0].fileMode: 060644 does not match type 'c'",
	       "fileMode with another type's bits");
	f.d[0].file_mode = 0600;
	f.d[0].type = (char *)"x";
	is_str(prepare(&f, NULL), "config.json: linux.devices[0].type: unknown device type 'x'", "bad device type");
	f.d[0].type = (char *)"b";
	f.d[0].path = (char *)"/dev/../etc/passwd";
	is_str(prepare(&f, NULL), "config.json: linux.devices[0].path: '/dev/../etc/passwd' is not under /dev",
	       "device outside /dev");
	f.d[0].path = (char *)"/dev/sda";
	f.d[0].major = 4096;
	is_str(prepare(&f, NULL), "config.json: linux.devices[0]: major:minor 4096:229 out of range",
	       "major out of range");
	f.d[0].type = (char *)"p";
	ok(!prepare(&f, &p) && p && S_ISFIFO(p->devices[0].mode) && p->devices[0].rdev == 0,
	   "a fifo ignores major:minor");
	rootfs_plan_free(p);
}

static void test_cgroup_parse(void)
{
	static const char mi[] =
		"31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
		"32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:5 - cgroup cgroup rw,cpu,cpuacct\n"
		"40 31 0:37 /docker/abc /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd\n"
		"41 31 0:38 / /sys/fs/cgroup/uni\\040fied rw - cgroup2 cgroup2 rw,nsdelegate\n"
		"42 31 0:39 / /mnt truncated -\n";
	static const char pc[] = "12:cpu,cpuacct:/a/b\n1:name=systemd:/docker/abc/x\n0::/c\n";
	struct rootfs_cg *v = NULL;
	size_t n = 0;
	char *own;

	is_int(rootfs_cg_parse_mountinfo(mi, &v, &n), 0, "mountinfo parses");
	is_int(n, 3, "three cgroup hierarchies, other lines skipped");
	if (n != 3)
		return;
	is_str(v[0].mountpoint, "/sys/fs/cgroup/cpu,cpuacct", "co-mounted mount point");
	is_str(v[0].controllers, "cpu,cpuacct", "controllers from super options");
	is_str(v[1].controllers, "name=systemd", "named hierarchy, generic options dropped");
	is_str(v[1].root, "/docker/abc", "mount root kept");
	ok(v[2].v2, "cgroup2 recognised");
	is_str(v[2].mountpoint, "/sys/fs/cgroup/uni fied", "octal escapes decoded");
	own = rootfs_cg_own_path(pc, &v[0]);
	is_str(own, "a/b", "own v1 cgroup");
	free(own);
	own = rootfs_cg_own_path(pc, &v[1]);
	is_str(own, "x", "own cgroup relative to the mount root");
	free(own);
	own = rootfs_cg_own_path(pc, &v[2]);
	is_str(own, "c", "own v2 cgroup");
	free(own);
	own = rootfs_cg_own_path("1:name=systemd:/other\n", &v[1]);
	ok(own == NULL, "a cgroup outside the host mount's root is not found");
	free(own);
	rootfs_cg_free(v, n);
}

int main(void)
{
	char path[64];

	if (!mkdtemp(tmpdir))
		return 1;
	snprintf(path, sizeof(path), "%s/rootfs", tmpdir);
	mkdir(path, 0755);
	test_clean_path();
	test_tmpfs_options();
	test_flag_overrides();
	test_bind();
	test_mount_errors();
	test_linux_errors();
	test_devices();
	test_cgroup_parse();
	rmdir(path);
	rmdir(tmpdir);
	return done_testing();
}
