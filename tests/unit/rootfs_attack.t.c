/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The attack trees of SECURITY-SCENARIOS.md against rootfs_setup()/rootfs_finish() (root):
 * S1/S2 symlinked mount destinations (absolute, relative, etc -> /), S4/S5 /proc and
 * /sys as symlinks, S6 /dev as a symlink to a host dir, S7 a fake /dev/null used by
 * maskedPaths, S8 /dev/console as a symlink, S9 a destination resolving into /proc.
 * A host canary directory must stay unchanged in every case; the mount either lands
 * inside the rootfs (checked from inside) or setup fails cleanly. Everything runs twice,
 * the second time with the new mount API and openat2 denied. Harness: rootfs_harness.h.
 */
#include "tests/unit/rootfs_harness.h"

static void inspect_dev_inside(void)
{
	check(is_chr("/dev/null", 1, 3), "/dev/null created inside the rootfs");
	check(link_is("/dev/ptmx", "pts/ptmx"), "/dev/ptmx link inside the rootfs");
}

static void inspect_tmpfs_abs_x(void)
{
	check(fs_type("/abs/x") == TMPFS_MAGIC, "tmpfs landed at /abs/x inside the rootfs");
}

static void inspect_rel_y(void)
{
	check(read_is("/rel/y/bundlefile", "b\n"), "bind landed at /rel/y inside the rootfs");
}

static void inspect_etc_foo(void)
{
	check(fs_type("/foo") == TMPFS_MAGIC, "'/etc/foo' with etc -> / landed at rootfs/foo");
}

static void inspect_console(void)
{
	struct stat st;

	check(lstat("/dev/console", &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == 136,
	      "/dev/console is a pty slave inside the rootfs");
}

static void s7_config(struct cfg *f, const char *hostdev)
{
	static char *masked[] = {"/testfile", NULL};

	cfg_init(f);
	cfg_mount(f, "/proc", "proc", "proc", NULL);
	cfg_mount(f, "/dev", "bind", hostdev, "rbind");
	f->l.masked_paths = masked;
	f->l.masked_paths_len = 1;
}

static void inspect_nothing(void)
{
}

/*
 * S3: while setup runs, the destination's parent in a shared volume is swapped with a
 * symlink pointing at the host canary's parent ("../outside" is host $T/outside when
 * followed on the host), as a second container sharing the volume would.
 */
static void scenario_race(void)
{
	char vol[256], a[300], b[300];
	int done = 0, refused = 0, crashed = 0, st;
	struct cfg f;
	pid_t racer;

	make_rootfs();
	snprintf(vol, sizeof(vol), "%s/vol3", T);
	snprintf(a, sizeof(a), "%s/a", vol);
	snprintf(b, sizeof(b), "%s/b", vol);
	xsh("rm -rf '%s' && mkdir -p '%s' && ln -s ../outside '%s'", vol, a, b);
	racer = fork();
	if (racer == 0) {
		for (;;)
			syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
	}
	for (int i = 0; i < 150 && racer > 0; i++) {
		char *err;

		base_mounts(&f);
		cfg_mount(&f, "/vol", "bind", vol, "rbind");
		cfg_mount(&f, "/vol/a/new/x", "tmpfs", "tmpfs", NULL);
		err = attack(&f, inspect_nothing, false);
		if (!err)
			done++;
		else if (strcmp(err, "child died") == 0)
			crashed++;
		else
			refused++;
		free(err);
	}
	if (racer > 0) {
		kill(racer, SIGKILL);
		waitpid(racer, &st, 0);
	}
	ok(racer > 0 && crashed == 0, "S3 swap race: %d set up, %d refused cleanly, %d crashed", done, refused,
	   crashed);
	ok(canary_intact(), "S3 swap race: host canary unchanged");
	snprintf(a, sizeof(a), "%s/outside/new", rootfs);
	/* not an assertion: whether the swap was hit while resolving is timing */
	printf("# S3: the swapped symlink was followed (inside the rootfs) in this run: %s\n",
	       access(a, F_OK) == 0 ? "yes" : "no");
}

static void scenarios_attacks(void)
{
	char path[512];
	struct cfg f;

	/* S6: /dev -> host dir, with and without a /dev tmpfs */
	make_rootfs();
	xsh("rmdir '%s/dev' && ln -s '%s' '%s/dev'", rootfs, outside, rootfs);
	cfg_init(&f);
	cfg_mount(&f, "/proc", "proc", "proc", NULL);
	expect_safe("S6 /dev symlink, no /dev mount", attack(&f, inspect_dev_inside, false));
	make_rootfs();
	xsh("rmdir '%s/dev' && ln -s '%s' '%s/dev'", rootfs, outside, rootfs);
	base_mounts(&f);
	expect_safe("S6 /dev symlink + /dev tmpfs", attack(&f, inspect_dev_inside, false));

	/* S6 again, the symlink target existing inside the rootfs: must be contained */
	make_rootfs();
	xsh("rmdir '%s/dev' && ln -s '%s' '%s/dev' && mkdir -p '%s%s'", rootfs, outside, rootfs, rootfs, outside);
	base_mounts(&f);
	expect_contained("S6 /dev symlink, in-root target", attack(&f, inspect_dev_inside, false));

	/* S1: destination through an absolute symlink */
	make_rootfs();
	xsh("ln -s '%s' '%s/abs'", outside, rootfs);
	base_mounts(&f);
	cfg_mount(&f, "/abs/x", "tmpfs", "tmpfs", NULL);
	expect_safe("S1 absolute symlink destination", attack(&f, inspect_tmpfs_abs_x, false));
	make_rootfs();
	xsh("ln -s '%s' '%s/abs' && mkdir -p '%s%s'", outside, rootfs, rootfs, outside);
	base_mounts(&f);
	cfg_mount(&f, "/abs/x", "tmpfs", "tmpfs", NULL);
	expect_contained("S1 absolute symlink, in-root target", attack(&f, inspect_tmpfs_abs_x, false));

	/* S2: destination through a relative ../ symlink, bind of a bundle dir */
	make_rootfs();
	xsh("ln -s '../../../../../../../..%s' '%s/rel' && mkdir -p '%s/bdir' && echo b > '%s/bdir/bundlefile'",
	    outside, rootfs, T, T);
	base_mounts(&f);
	cfg_mount(&f, "/rel/y", "bind", "bdir", "bind");
	expect_safe("S2 relative symlink destination", attack(&f, inspect_rel_y, false));

	/* destination /etc/foo where etc -> / */
	make_rootfs();
	xsh("rm -rf '%s/etc' && ln -s / '%s/etc'", rootfs, rootfs);
	base_mounts(&f);
	cfg_mount(&f, "/etc/foo", "tmpfs", "tmpfs", NULL);
	expect_contained("etc -> / destination", attack(&f, inspect_etc_foo, false));
	ok(access("/foo", F_OK) < 0, "etc -> /: nothing created at host /foo");

	/* S4: /proc is a symlink (to a missing path and to the host canary) */
	make_rootfs();
	xsh("rmdir '%s/proc' && ln -s /fakeproc '%s/proc'", rootfs, rootfs);
	base_mounts(&f);
	expect_refused("S4 /proc -> /fakeproc", attack(&f, inspect_minimal, false), "ordinary directory");
	make_rootfs();
	xsh("rmdir '%s/proc' && ln -s '%s' '%s/proc'", rootfs, outside, rootfs);
	base_mounts(&f);
	expect_refused("S4 /proc -> host dir", attack(&f, inspect_minimal, false), "ordinary directory");

	/* S5: /sys is a symlink */
	make_rootfs();
	xsh("rmdir '%s/sys' && ln -s '%s' '%s/sys'", rootfs, outside, rootfs);
	base_mounts(&f);
	cfg_mount(&f, "/sys", "sysfs", "sysfs", "ro");
	expect_refused("S5 /sys symlink", attack(&f, inspect_minimal, false), "ordinary directory");

	/* S7: /dev is a bind of a host dir whose null is a regular file / a symlink */
	make_rootfs();
	snprintf(path, sizeof(path), "%s/hostdev", T);
	xsh("rm -rf '%s' && mkdir -p '%s' && echo LEAK > '%s/null'", path, path, path);
	s7_config(&f, path);
	expect_refused("S7 fake /dev/null file", attack(&f, inspect_minimal, false), "/dev/null is invalid");
	xsh("rm '%s/null' && ln -s /testfile '%s/null'", path, path);
	s7_config(&f, path);
	expect_refused("S7 /dev/null symlink", attack(&f, inspect_minimal, false), "/dev/null is invalid");

	/* S8: /dev/console is a symlink to the host */
	make_rootfs();
	xsh("ln -s '%s/c' '%s/dev/console'", outside, rootfs);
	cfg_init(&f);
	cfg_mount(&f, "/proc", "proc", "proc", NULL);
	cfg_mount(&f, "/dev/pts", "devpts", "devpts", "newinstance,ptmxmode=0666");
	expect_contained("S8 /dev/console symlink", attack(&f, inspect_console, true));

	/* S9: a destination that resolves into /proc through a symlink */
	make_rootfs();
	xsh("ln -s /proc '%s/p'", rootfs);
	base_mounts(&f);
	cfg_mount(&f, "/p/sys", "tmpfs", "tmpfs", NULL);
	expect_refused("S9 tmpfs over /proc/sys via symlink", attack(&f, inspect_minimal, false), "inside /proc");
}

int main(void)
{
	harness_init();
	for (int pass = 0; pass < HARNESS_PASSES; pass++) {
		harness_pass(pass);
		scenarios_attacks();
		scenario_race();
	}
	return harness_done();
}
