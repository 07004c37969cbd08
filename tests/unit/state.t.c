/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The state directory's files: written whole, replaced atomically, nothing left behind. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/state.h"
#include "tests/unit/tap.h"
#include "util/util.h"

/*
 * rt's calls to renameat2 land here (the test program defines it, libruntime.a is linked in):
 * with fake_errno set, it fails like a filesystem without RENAME_EXCHANGE (9p, NFS, CIFS,
 * FUSE servers without rename2 answer EINVAL) or a seccomp sandbox that refuses the syscall.
 */
static int fake_errno, renameat2_calls;

int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags)
{
	renameat2_calls++;
	if (fake_errno) {
		errno = fake_errno;
		return -1;
	}
	return (int)syscall(SYS_renameat2, olddirfd, oldpath, newdirfd, newpath, flags);
}

static char *slurp_at(int dirfd, const char *name)
{
	char *s = NULL;

	return rt_read_file_at(dirfd, name, 1 << 16, &s) < 0 ? NULL : s;
}

static int count_entries(int dirfd)
{
	_cleanup_closedir_ DIR *d = NULL;
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC), n = 0;
	struct dirent *de;

	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	return n;
}

static void test_write_file(const char *root)
{
	_cleanup_err_ struct rt_err *err = NULL;
	_cleanup_close_ int rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	_cleanup_close_ int dirfd = -1, old = -1;
	_cleanup_free_ char *first = NULL, *second = NULL, *seen_old = NULL;
	struct stat a, b;

	dirfd = rt_state_dir_create(rootfd, "c1", &err);
	ok(dirfd >= 0, "state directory created (%s)", err ? err->msg : "");
	if (dirfd < 0)
		return;
	is_int(rt_state_write_file(dirfd, "state", "one\n", 4, &err), 0, "first write");
	first = slurp_at(dirfd, "state");
	is_str(first, "one\n", "first content");
	is_int(count_entries(dirfd), 1, "only 'state' after the first write");

	/* a reader that opened the old file keeps reading all of the old file */
	old = openat(dirfd, "state", O_RDONLY | O_CLOEXEC);
	ok(old >= 0 && fstat(old, &a) == 0, "old record opened");
	is_int(rt_state_write_file(dirfd, "state", "second record\n", 14, &err), 0, "replacing write");
	second = slurp_at(dirfd, "state");
	is_str(second, "second record\n", "new content in place");
	ok(fstatat(dirfd, "state", &b, 0) == 0 && b.st_ino != a.st_ino, "replaced by another inode, not rewritten");
	if (rt_read_all_fd(old, 1 << 16, &seen_old, NULL) < 0)
		seen_old = NULL;
	is_str(seen_old, "one\n", "the reader of the old record still reads it whole");
	is_int(count_entries(dirfd), 1, "no temporary file left after the replacement");
	ok(fstat(old, &a) == 0 && a.st_nlink == 0, "the old record is unlinked");

	is_int(rt_state_write_file(dirfd, "config.json", "{}", 2, &err), 0, "another file");
	is_int(count_entries(dirfd), 2, "two files");
	is_int(rt_state_dir_remove(rootfd, "c1", &err), 0, "state directory removed");
	ok(faccessat(rootfd, "c1", F_OK, AT_SYMLINK_NOFOLLOW) < 0 && errno == ENOENT, "and gone");
}

/* without RENAME_EXCHANGE, and after a crash that left the temporary file behind */
static void test_fallbacks(const char *root)
{
	_cleanup_err_ struct rt_err *err = NULL;
	_cleanup_close_ int rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	_cleanup_close_ int dirfd = -1, fd = -1;
	_cleanup_free_ char *a = NULL, *b = NULL;
	int calls;

	dirfd = rt_state_dir_create(rootfd, "c2", &err);
	ok(dirfd >= 0, "state directory created (%s)", err ? err->msg : "");
	if (dirfd < 0)
		return;
	is_int(rt_state_write_file(dirfd, "state", "one\n", 4, &err), 0, "first write");
	fake_errno = EINVAL;
	calls = renameat2_calls;
	is_int(rt_state_write_file(dirfd, "state", "two\n", 4, &err), 0, "replacing write without RENAME_EXCHANGE");
	fake_errno = 0;
	ok(renameat2_calls > calls, "RENAME_EXCHANGE was tried");
	a = slurp_at(dirfd, "state");
	is_str(a, "two\n", "renamed over instead");
	is_int(count_entries(dirfd), 1, "no temporary file left by the fallback");

	/* a syscall filter that refuses renameat2 (EPERM, the usual default errno) or EOPNOTSUPP */
	fake_errno = EPERM;
	is_int(rt_state_write_file(dirfd, "state", "two (eperm)\n", 12, &err), 0,
	       "replacing write when renameat2 is filtered");
	fake_errno = EOPNOTSUPP;
	is_int(rt_state_write_file(dirfd, "state", "two (eopnotsupp)\n", 17, &err), 0, "replacing write on EOPNOTSUPP");
	fake_errno = 0;
	free(a);
	a = slurp_at(dirfd, "state");
	is_str(a, "two (eopnotsupp)\n", "renamed over then too");
	is_int(count_entries(dirfd), 1, "no temporary file left");

	/* a crash between the exchange and the unlink leaves .state.tmp (the old record) */
	fd = openat(dirfd, ".state.tmp", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	ok(fd >= 0 && write(fd, "stale record, longer than the next one\n", 39) == 39, "leftover .state.tmp");
	{
		/* a reader that opened that record before the crash (it was 'state' then) */
		_cleanup_close_ int reader = openat(dirfd, ".state.tmp", O_RDONLY | O_CLOEXEC);
		_cleanup_free_ char *seen = NULL;

		is_int(rt_state_write_file(dirfd, "state", "three\n", 6, &err), 0,
		       "write over a leftover temporary file");
		b = slurp_at(dirfd, "state");
		is_str(b, "three\n", "the new record, nothing of the leftover");
		is_int(count_entries(dirfd), 1, "the leftover is gone");
		if (reader < 0 || rt_read_all_fd(reader, 1 << 16, &seen, NULL) < 0)
			seen = NULL;
		is_str(seen, "stale record, longer than the next one\n",
		       "a reader of the leftover still reads it whole (not truncated by the next write)");
	}
	is_int(rt_state_dir_remove(rootfd, "c2", &err), 0, "state directory removed");
}

/* a staged record is invisible to readers until committed; a second stage replaces the first */
static void test_stage(const char *root)
{
	_cleanup_err_ struct rt_err *err = NULL;
	_cleanup_close_ int rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	_cleanup_close_ int dirfd = -1;
	struct rt_record planned = {
		.id = "c3", .pid = 0, .bundle = "/b", .rootfs = "/b/rootfs", .created = "t", .exit_status = -1};
	struct rt_record ready = planned, seen = {0};
	const char *before = "rt-state 1\nid=c3\nbundle=/b\nrootfs=/b/rootfs\ncreated=t\n"; /* no pidns= */

	ready.pid = 4242;
	ready.pidns = 1;
	dirfd = rt_state_dir_create(rootfd, "c3", &err);
	ok(dirfd >= 0, "state directory created");
	if (dirfd < 0)
		return;
	is_int(rt_record_write(dirfd, &planned, &err), 0, "planned record written");
	ready.pid = 1;
	is_int(rt_record_stage(dirfd, &ready, &err), 0, "a record staged");
	ready.pid = 4242;
	is_int(rt_record_stage(dirfd, &ready, &err), 0, "staged again: the first staged file is replaced");
	is_int(count_entries(dirfd), 2, "the record and one staged file");
	ok(rt_record_read(dirfd, &seen, &err) == 0 && seen.pid == 0, "readers still see the planned record");
	rt_record_clear(&seen);
	is_int(rt_record_commit(dirfd, &err), 0, "committed");
	ok(rt_record_read(dirfd, &seen, &err) == 0 && seen.pid == 4242, "readers see the last staged record");
	is_int(seen.pidns, 1, "the pid namespace note is kept");
	rt_record_clear(&seen);
	is_int(rt_state_write_file(dirfd, "state", before, strlen(before), &err), 0,
	       "a record from before the pid namespace note");
	ok(rt_record_read(dirfd, &seen, &err) == 0 && seen.pidns == -1, "read as unknown (-1)");
	rt_record_clear(&seen);
	is_int(rt_record_write(dirfd, &ready, &err), 0, "the ready record again");
	is_int(count_entries(dirfd), 1, "nothing else left");
	is_int(rt_record_stage(dirfd, &ready, &err), 0, "staged once more");
	is_int(rt_state_dir_remove(rootfd, "c3", &err), 0, "a directory with a staged record is removed");
	ok(faccessat(rootfd, "c3", F_OK, AT_SYMLINK_NOFOLLOW) < 0 && errno == ENOENT, "and gone");
}

int main(void)
{
	char root[] = "/tmp/rt-state-t.XXXXXX";

	if (!mkdtemp(root)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_write_file(root);
	test_fallbacks(root);
	test_stage(root);
	rmdir(root);
	return done_testing();
}
