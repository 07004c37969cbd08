/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rootfs_setup() + rootfs_finish() for real (root): a default-like config (proc, /dev
 * tmpfs, devpts, shm size, mqueue, sysfs, cgroup, binds ro/rro/file, tmpcopyup, devices,
 * masked and read-only paths, root.readonly), --no-pivot, runtime error texts, /proc
 * binds, rootfsPropagation, idmapped binds, the cgroup layout with and without a cgroup
 * namespace, and a user namespace. Every scenario runs twice, the second time with the
 * new mount API denied (ENOSYS). Harness: rootfs_harness.h.
 */
#include "tests/unit/rootfs_harness.h"

/* ---- scenario: a full default-like config ------------------------------------------ */

static void inspect_full(void)
{
	struct statfs sfs;
	struct stat st;
	DIR *d;
	int n = 0;

	check(fs_type("/proc") == PROC_SUPER_MAGIC, "/proc is procfs");
	check(fails_with(access("/work", F_OK), ENOENT), "host tree is not visible after pivot_root");
	check(is_chr("/dev/null", 1, 3), "/dev/null is 1:3");
	check(is_chr("/dev/zero", 1, 5) && is_chr("/dev/urandom", 1, 9) && is_chr("/dev/tty", 5, 0),
	      "default devices zero/urandom/tty");
	check(link_is("/dev/fd", "/proc/self/fd") && link_is("/dev/stderr", "/proc/self/fd/2"), "/dev/fd links");
	check(link_is("/dev/ptmx", "pts/ptmx"), "/dev/ptmx -> pts/ptmx");
	check(fs_type("/dev/pts") == DEVPTS_SUPER_MAGIC, "/dev/pts is devpts");
	check(fs_type("/dev/mqueue") == MQUEUE_MAGIC, "/dev/mqueue is mqueue");
	check(statfs("/dev/shm", &sfs) == 0 && sfs.f_type == TMPFS_MAGIC &&
		      (unsigned long long)sfs.f_blocks * sfs.f_bsize == 64ull << 20,
	      "/dev/shm is a 64m tmpfs (size option)");
	check(fs_type("/sys") == SYSFS_MAGIC, "/sys is sysfs");
	check(fails_with(mkdir("/sys/kernel/x", 0755), EROFS), "ro sysfs gives EROFS");
	check(fails_with(mkdir("/sys/fs/cgroup/x", 0755), EROFS), "ro cgroup mount gives EROFS");
	check(read_is("/vol/marker", "vol\n"), "bind source visible");
	check(creat_fails("/vol/new", EROFS), "ro bind gives EROFS");
	if (!legacy)
		check(creat_fails("/vol/sub/new", EROFS), "rro reaches the submount");
	check(read_is("/etc/hostfile", "hostfile\n"), "file bind mount");
	check(read_is("/etc/copy/a", "A\n") && read_is("/etc/copy/sub/b", "B\n") && link_is("/etc/copy/link", "a"),
	      "tmpcopyup copied the tree");
	check(fs_type("/etc/copy") == TMPFS_MAGIC, "tmpcopyup target is a tmpfs");
	check(read_is("/testfile", ""), "masked file reads empty");
	check(unlink("/testfile") < 0 && (errno == EBUSY || errno == EROFS), "masked file cannot be removed");
	check(creat_fails("/testdir/x", EROFS), "masked dir is read-only");
	check(access("/testdir/secret", F_OK) < 0, "masked dir hides its contents");
	check(access("/proc/timer_list", F_OK) < 0 || read_is("/proc/timer_list", ""), "/proc/timer_list masked");
	check(access("/proc/kcore", F_OK) < 0 || read_is("/proc/kcore", ""), "/proc/kcore masked");
	if ((d = opendir("/sys/firmware"))) {
		while (readdir(d))
			n++;
		closedir(d);
	}
	check(n == 2, "/sys/firmware masked (empty)");
	check(fails_with(open("/proc/sys/kernel/hostname", O_WRONLY | O_CLOEXEC), EROFS), "/proc/sys is read-only");
	/* this VM's kernel has no sysrq-trigger: then the missing readonly path was skipped */
	check(access("/proc/sysrq-trigger", F_OK) < 0
		      ? errno == ENOENT
		      : fails_with(open("/proc/sysrq-trigger", O_WRONLY | O_CLOEXEC), EROFS),
	      "/proc/sysrq-trigger read-only (or absent)");
	check(creat_fails("/ro/x", EROFS), "readonlyPaths dir gives EROFS");
	check(creat_fails("/newfile", EROFS), "root.readonly gives EROFS");
	check(!creat_fails("/dev/shm/x", EROFS), "/dev/shm stays writable under a ro root");
	check(lstat("/dev/mydev", &st) == 0 && S_ISCHR(st.st_mode) && (st.st_mode & 07777) == 0640 &&
		      st.st_rdev == makedev(1, 3) && st.st_uid == 1000 && st.st_gid == 1001,
	      "linux.devices node with mode and owner");
	check(lstat("/dev/sub/fifo", &st) == 0 && S_ISFIFO(st.st_mode), "linux.devices fifo in a subdirectory");
	check(access("/proc/cpuinfo", R_OK) == 0, "allowed /proc/cpuinfo bind");
}

static void scenario_full(void)
{
	static char *masked[] = {
		"/proc/kcore", "/proc/timer_list", "/sys/firmware", "/testfile", "/testdir", "/nonexistent", NULL};
	static char *ro[] = {"/proc/sys", "/proc/sysrq-trigger", "/ro", NULL};
	struct rootfs_plan *p;
	struct cfg f;
	char vol[160], file[160], *err;

	make_rootfs();
	snprintf(vol, sizeof(vol), "%s/vol", T);
	snprintf(file, sizeof(file), "%s/hostfile", T);
	xsh("mkdir -p '%s/sub' && echo vol > '%s/marker' && echo hostfile > '%s'", vol, vol, file);
	xsh("mountpoint -q '%s/sub' || mount -t tmpfs -o size=1m tmpfs '%s/sub'", vol, vol);
	cfg_init(&f);
	cfg_mount(&f, "/proc", "proc", "proc", "nosuid,noexec,nodev");
	cfg_mount(&f, "/dev", "tmpfs", "tmpfs", "nosuid,strictatime,mode=755,size=65536k");
	cfg_mount(&f, "/dev/pts", "devpts", "devpts", "nosuid,noexec,newinstance,ptmxmode=0666,mode=0620");
	cfg_mount(&f, "/dev/shm", "tmpfs", "shm", "nosuid,noexec,nodev,mode=1777,size=64m");
	cfg_mount(&f, "/dev/mqueue", "mqueue", "mqueue", "nosuid,noexec,nodev");
	cfg_mount(&f, "/sys", "sysfs", "sysfs", "nosuid,noexec,nodev,ro");
	cfg_mount(&f, "/sys/fs/cgroup", "cgroup", "cgroup", "nosuid,noexec,nodev,relatime,ro");
	cfg_mount(&f, "/vol", "bind", vol, legacy ? "rbind,ro" : "rbind,ro,rro");
	cfg_mount(&f, "/etc/hostfile", "bind", file, "bind");
	cfg_mount(&f, "/etc/copy", "tmpfs", "tmpfs", "tmpcopyup,size=1m");
	cfg_mount(&f, "/proc/cpuinfo", "bind", "/proc/cpuinfo", "bind,ro");
	f.l.masked_paths = masked;
	f.l.masked_paths_len = rt_strv_len(masked);
	f.l.readonly_paths = ro;
	f.l.readonly_paths_len = rt_strv_len(ro);
	f.d[0] = (struct oci_device){.type = (char *)"c",
				     .path = (char *)"/dev/mydev",
				     .major = 1,
				     .minor = 3,
				     .has_file_mode = true,
				     .file_mode = 0640,
				     .has_uid = true,
				     .uid = 1000,
				     .has_gid = true,
				     .gid = 1001};
	f.d[1] = (struct oci_device){.type = (char *)"p", .path = (char *)"/dev/sub/fifo"};
	f.l.devices = f.d;
	f.l.devices_len = 2;
	f.root.readonly = true;
	if ((p = plan_of(&f))) {
		err = run_child(p, inspect_full, false);
		ok(!err, "full config sets up%s%s", err ? ": " : "", err ? err : "");
		free(err);
		rootfs_plan_free(p);
	}
	cfg_free(&f);
	xsh("umount '%s/sub'", vol);
}

static void scenario_no_pivot(void)
{
	struct rootfs_plan *p;
	struct cfg f;
	char *err;

	make_rootfs();
	base_mounts(&f);
	if ((p = plan_of(&f))) {
		rootfs_plan_set_no_pivot(p, true);
		err = run_child(p, inspect_minimal, false);
		ok(!err, "--no-pivot sets up%s%s", err ? ": " : "", err ? err : "");
		free(err);
		rootfs_plan_free(p);
	}
	cfg_free(&f);
}

static bool mode_is(const char *path, mode_t mode)
{
	struct stat st;

	return stat(path, &st) == 0 && (st.st_mode & 07777) == mode;
}

static void inspect_dev_ro(void)
{
	check(is_chr("/dev/null", 1, 3) && link_is("/dev/ptmx", "pts/ptmx"), "read-only /dev: devices and links made");
	check(fs_type("/dev/pts") == DEVPTS_SUPER_MAGIC, "read-only /dev: devpts mounted inside");
	check(creat_fails("/dev/new", EROFS), "a /dev tmpfs with 'ro' is read-only in the end");
	check(mode_is("/srv", 0710), "a tmpfs without mode= on an existing directory takes its mode");
}

static void scenario_dev_ro(void)
{
	struct cfg f;
	char *err;

	make_rootfs();
	cfg_init(&f);
	cfg_mount(&f, "/proc", "proc", "proc", "nosuid,noexec,nodev");
	cfg_mount(&f, "/dev", "tmpfs", "tmpfs", "nosuid,mode=755,ro");
	cfg_mount(&f, "/dev/pts", "devpts", "devpts", "newinstance,ptmxmode=0666");
	xsh("mkdir -p '%s/srv' && chmod 0710 '%s/srv'", rootfs, rootfs);
	cfg_mount(&f, "/srv", "tmpfs", "tmpfs", "size=1m");
	err = attack(&f, inspect_dev_ro, false);
	ok(!err, "a read-only /dev and a tmpfs on an existing directory set up%s%s", err ? ": " : "", err ? err : "");
	free(err);
}

/* ---- errors name the mount; /proc binds; rootfsPropagation; idmap; cgroup; userns -- */

/* The optional fields of the mountinfo line of mount point mp ("shared:5 master:2"). */
static bool root_mount_has(const char *tag)
{
	char buf[16384], *save = NULL;
	int fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	bool found = false;

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *sep = strstr(line, " - ");
		/* fields: id parent maj:min root mountpoint options optional... - */
		char id[32], parent[32], dev[32], root[256], mp[256];

		if (sscanf(line, "%31s %31s %31s %255s %255s", id, parent, dev, root, mp) == 5 && !strcmp(mp, "/") &&
		    sep) {
			*sep = '\0';
			found = strstr(line, tag) != NULL;
		}
	}
	return found;
}

static void inspect_shared(void)
{
	check(root_mount_has("shared:"), "rootfsPropagation rshared makes '/' shared");
}

static void inspect_not_shared(void)
{
	check(!root_mount_has("shared:"), "'/' is not shared by default");
}

static void inspect_proc_bind(void)
{
	check(fs_type("/proc") == PROC_SUPER_MAGIC, "a bind of the host procfs root is accepted on /proc");
}

static void inspect_idmap(void)
{
	struct stat st;

	check(stat("/idm/owned-by-0", &st) == 0 && st.st_uid == 1000 && st.st_gid == 2000,
	      "idmapped bind shows on-disk 0:0 as 1000:2000");
	check(stat("/idm/owned-by-5", &st) == 0 && st.st_uid == 1005 && st.st_gid == 2005,
	      "idmapped bind maps the whole range");
}

static void scenario_idmap(void)
{
	static struct oci_id_mapping um = {.container_id = 0, .host_id = 1000, .size = 10};
	static struct oci_id_mapping gm = {.container_id = 0, .host_id = 2000, .size = 10};
	struct cfg f;
	char *err;

	make_rootfs();
	xsh("rm -rf '%s/idsrc' && mkdir -p '%s/idsrc' && touch '%s/idsrc/owned-by-0' '%s/idsrc/owned-by-5' && "
	    "chown 5:5 '%s/idsrc/owned-by-5'",
	    T, T, T, T, T);
	base_mounts(&f);
	cfg_mount(&f, "/idm", "bind", "idsrc", "bind,idmap");
	f.m[2].uid_mappings = &um;
	f.m[2].uid_mappings_len = 1;
	f.m[2].gid_mappings = &gm;
	f.m[2].gid_mappings_len = 1;
	err = attack(&f, inspect_idmap, false);
	ok(!err, "idmapped bind mount sets up%s%s", err ? ": " : "", err ? err : "");
	free(err);
}

static void inspect_cgroup(void)
{
	char buf[64] = "";
	int fd = open("/sys/fs/cgroup/pids/cgroup.procs", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (read(fd, buf, sizeof(buf) - 1) < 0)
			buf[0] = '\0';
		close(fd);
	}
	check(fs_type("/sys/fs/cgroup") == TMPFS_MAGIC, "cgroup: a tmpfs holds the v1 hierarchies");
	check(fs_type("/sys/fs/cgroup/memory") == CGROUP_SUPER_MAGIC, "cgroup: memory is cgroup v1");
	check(fs_type("/sys/fs/cgroup/unified") == CGROUP2_SUPER_MAGIC, "cgroup: unified is cgroup2");
	check(access("/sys/fs/cgroup/pids/pids.max", F_OK) == 0,
	      "cgroup: pids shows the container's cgroup, not the root");
	check(strtol(buf, NULL, 10) == getpid(), "cgroup: cgroup.procs lists the container process");
	check(fails_with(mkdir("/sys/fs/cgroup/pids/x", 0755), EROFS), "cgroup: hierarchy is read-only");
	check(fails_with(mkdir("/sys/fs/cgroup/x", 0755), EROFS), "cgroup: the tmpfs is read-only");
}

static void scenario_cgroup(bool ns)
{
	static struct oci_namespace cgns = {.type = (char *)"cgroup"};
	char dir[128];
	struct cfg f;
	char *err;

	snprintf(dir, sizeof(dir), "/sys/fs/cgroup/pids/rootfs-live-%d", (int)getpid());
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		ok(0, "mkdir %s: %s", dir, strerror(errno));
		return;
	}
	snprintf(join_cg, sizeof(join_cg), "%s/cgroup.procs", dir);
	cg_unshare = ns;
	make_rootfs();
	base_mounts(&f);
	cfg_mount(&f, "/sys", "sysfs", "sysfs", "nosuid,noexec,nodev,ro");
	cfg_mount(&f, "/sys/fs/cgroup", "cgroup", "cgroup", "nosuid,noexec,nodev,relatime,ro");
	if (ns) {
		f.l.namespaces = &cgns;
		f.l.namespaces_len = 1;
	}
	err = attack(&f, inspect_cgroup, false);
	ok(!err, "cgroup mount %s a cgroup namespace sets up%s%s", ns ? "with" : "without", err ? ": " : "",
	   err ? err : "");
	free(err);
	join_cg[0] = '\0';
	cg_unshare = false;
	if (rmdir(dir) < 0)
		ok(0, "rmdir %s: %s", dir, strerror(errno));
}

static void inspect_userns_dev(void)
{
	struct stat dev, null;

	check(mknod("/dev/x", S_IFCHR | 0666, makedev(1, 3)) < 0 && errno == EPERM, "userns: mknod is refused");
	check(is_chr("/dev/null", 1, 3) && is_chr("/dev/tty", 5, 0), "userns: default devices are there");
	check(stat("/dev", &dev) == 0 && stat("/dev/null", &null) == 0 && dev.st_dev != null.st_dev,
	      "userns: devices are binds of the host nodes");
	check(read_is("/dev/null", ""), "userns: /dev/null reads empty");
	check(is_chr("/dev/kmsg", 1, 11), "userns: linux.devices entry bound from the host");
	/* sysfs needs a network namespace owned by our user namespace: host /sys is bound */
	check(fs_type("/sys") == SYSFS_MAGIC && fs_type("/sys/fs/cgroup") == TMPFS_MAGIC,
	      "userns: /sys falls back to a recursive bind of the host's (its cgroup tmpfs came along)");
	check(fails_with(mkdir("/sys/kernel/x", 0755), EROFS), "userns: the /sys bind is read-only");
}

static void scenario_userns(void)
{
	struct stat st;
	struct cfg f;
	char *err;

	make_rootfs();
	cfg_init(&f);
	cfg_mount(&f, "/dev", "tmpfs", "tmpfs", "nosuid,mode=755");
	cfg_mount(&f, "/sys", "sysfs", "sysfs", "nosuid,noexec,nodev,ro");
	f.d[0] = (struct oci_device){.type = (char *)"c",
				     .path = (char *)"/dev/kmsg",
				     .major = 1,
				     .minor = 11,
				     .has_uid = true,
				     .uid = 1000,
				     .has_gid = true,
				     .gid = 1000};
	f.l.devices = f.d;
	f.l.devices_len = 1;
	in_userns = true;
	err = attack(&f, inspect_userns_dev, false);
	in_userns = false;
	ok(!err, "rootfs in a user namespace sets up%s%s", err ? ": " : "", err ? err : "");
	ok(stat("/dev/kmsg", &st) == 0 && st.st_uid == 0 && st.st_gid == 0,
	   "userns: a bound host device keeps its host owner (linux.devices uid/gid not applied to it)");
	free(err);
}

static void inspect_overlay_cgroup2(void)
{
	int fd;

	check(read_is("/ovl/lowerfile", "lower\n"), "overlay: lower layer visible");
	fd = open("/ovl/newfile", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	check(fd >= 0, "overlay: writable through the upper layer");
	if (fd >= 0)
		close(fd);
	check(fs_type("/cg2") == CGROUP2_SUPER_MAGIC, "cgroup2 type mounts a cgroup2 superblock");
}

static void scenario_overlay_cgroup2(void)
{
	char opts[512], upper[200];
	struct cfg f;
	char *err;

	make_rootfs();
	xsh("rm -rf '%s/ovl' && mkdir -p '%s/ovl/lower' '%s/ovl/upper' '%s/ovl/work' && echo lower > "
	    "'%s/ovl/lower/lowerfile'",
	    T, T, T, T, T);
	snprintf(opts, sizeof(opts), "lowerdir=%s/ovl/lower,upperdir=%s/ovl/upper,workdir=%s/ovl/work", T, T, T);
	base_mounts(&f);
	cfg_mount(&f, "/ovl", "overlay", "overlay", opts);
	cfg_mount(&f, "/cg2", "cgroup2", "cgroup2", "nosuid,nodev,noexec");
	err = attack(&f, inspect_overlay_cgroup2, false);
	ok(!err, "overlay and cgroup2 mounts set up%s%s", err ? ": " : "", err ? err : "");
	free(err);
	snprintf(upper, sizeof(upper), "%s/ovl/upper/newfile", T);
	ok(access(upper, F_OK) == 0, "overlay: the new file landed in the upper dir");
}

/* the size of the filesystem at path in bytes (0 when statfs fails) */
static unsigned long long fs_size(const char *path)
{
	struct statfs sfs;

	return statfs(path, &sfs) < 0 ? 0 : (unsigned long long)sfs.f_blocks * sfs.f_bsize;
}

static void inspect_remount(void)
{
	unsigned long long size = fs_size("/srv");

	check(creat_fails("/mnt/x", EROFS), "a 'remount,ro' entry makes the earlier tmpfs read-only");
	check(creat_fails("/etc/x", EROFS), "a 'remount,bind,ro' entry makes an earlier bind read-only");
	check(size == 2ull << 20,
	      "a 'remount,size=2m' entry resizes the earlier 1m tmpfs (the superblock is reconfigured): %llu", size);
}

static void scenario_remount(void)
{
	struct cfg f;
	char *err;

	make_rootfs();
	base_mounts(&f);
	cfg_mount(&f, "/mnt", "tmpfs", "tmpfs", NULL);
	cfg_mount(&f, "/mnt", NULL, NULL, "remount,ro");
	cfg_mount(&f, "/etc", "bind", rootfs, "rbind");
	cfg_mount(&f, "/etc", "bind", NULL, "remount,bind,ro,nosuid");
	cfg_mount(&f, "/srv", "tmpfs", "tmpfs", "size=1m");
	cfg_mount(&f, "/srv", "tmpfs", "tmpfs", "remount,size=2m");
	err = attack(&f, inspect_remount, false);
	ok(!err, "remount entries set up%s%s", err ? ": " : "", err ? err : "");
	free(err);
}

static void scenarios_misc(void)
{
	struct rootfs_plan *p;
	struct cfg f;
	char *err;

	make_rootfs();
	base_mounts(&f);
	cfg_mount(&f, "/dev/shm", "tmpfs", "shm", "nosuid,size=bogus");
	err = attack(&f, inspect_minimal, false);
	is_str(err,
	       legacy ? "mount 'tmpfs' on '/dev/shm' (mounts[2]): mount: Invalid argument"
		      : "mount 'tmpfs' on '/dev/shm' (mounts[2]): fsconfig 'size=bogus': Invalid argument",
	       "a runtime mount error names type, destination, index, step and errno");
	free(err);

	base_mounts(&f);
	cfg_mount(&f, "/mnt", "ext4", "/dev/nonexistent", NULL);
	err = attack(&f, inspect_minimal, false);
	ok(err && rt_str_has_prefix(err, legacy ? "mount 'ext4' on '/mnt' (mounts[2]): mount: "
						: "mount 'ext4' on '/mnt' (mounts[2]): fsconfig "),
	   "bad source: %s", err ? err : "(none)");
	free(err);

	if (legacy) {
		base_mounts(&f);
		cfg_mount(&f, "/mnt", "bind", "bdir", "rbind,rro");
		err = attack(&f, inspect_minimal, false);
		is_str(err,
		       "mount 'bind' on '/mnt' (mounts[2]): recursive mount options need mount_setattr: "
		       "Function not implemented",
		       "rro without mount_setattr is a clean error");
		free(err);
	}

	/* S9b: only a procfs root may be bound on /proc */
	xsh("mkdir -p '%s/bdir'", T);
	cfg_init(&f);
	cfg_mount(&f, "/proc", "bind", "bdir", "rbind");
	expect_refused("S9b bind of a plain dir on /proc", attack(&f, inspect_minimal, false),
		       "source is not a procfs root");
	cfg_init(&f);
	cfg_mount(&f, "/proc", "bind", "/proc", "rbind");
	cfg_mount(&f, "/dev", "tmpfs", "tmpfs", NULL);
	err = attack(&f, inspect_proc_bind, false);
	ok(!err, "host /proc bound on /proc%s%s", err ? ": " : "", err ? err : "");
	free(err);

	base_mounts(&f);
	f.l.rootfs_propagation = (char *)"rshared";
	if ((p = plan_of(&f))) {
		err = run_child(p, inspect_shared, false);
		ok(!err, "rshared rootfs sets up%s%s", err ? ": " : "", err ? err : "");
		free(err);
		rootfs_plan_free(p);
	}
	cfg_free(&f);
	base_mounts(&f);
	err = attack(&f, inspect_not_shared, false);
	ok(!err, "default propagation sets up%s%s", err ? ": " : "", err ? err : "");
	free(err);
}

int main(void)
{
	harness_init();
	for (int pass = 0; pass < HARNESS_PASSES; pass++) {
		harness_pass(pass);
		scenario_full();
		scenario_no_pivot();
		scenario_dev_ro();
		scenarios_misc();
		if (!legacy) {
			scenario_idmap();
			scenario_cgroup(false);
			scenario_cgroup(true);
		}
		scenario_userns();
		scenario_overlay_cgroup2();
		scenario_remount();
	}
	return harness_done();
}
