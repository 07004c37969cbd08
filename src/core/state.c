/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/state.h"
#include "util/util.h"

#define RECORD_MAX (64u * 1024u)

int rt_id_validate(const char *id, struct rt_err **err)
{
	size_t n = id ? strlen(id) : 0;

	if (n == 0)
		return rt_err_set(err, 0, "invalid container id: empty");
	if (n > RT_ID_MAX)
		return rt_err_set(err, 0, "invalid container id: longer than %d characters", RT_ID_MAX);
	/* "." and "..", and no hidden names: those are the state store's own (runc's rule too) */
	if (id[0] == '.')
		return rt_err_set(err, 0, "invalid container id '%s'", id);
	for (const char *p = id; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
		      c == '+' || c == '-' || c == '.'))
			return rt_err_set(err, 0,
					  "invalid container id '%s': only letters, digits and _+-. are allowed", id);
	}
	return 0;
}

/* A state root an unprivileged user may not use is usually the default /run/rt: say what to do. */
static int root_err(struct rt_err **err, int e, const char *what, const char *root)
{
	if ((e == EACCES || e == EPERM || e == EROFS) && rt_unprivileged())
		return rt_err_set(err, e, "%s '%s' (rt runs as uid %u%s: set XDG_RUNTIME_DIR or pass --root)", what,
				  root, (unsigned)geteuid(), geteuid() == 0 ? " of a user namespace" : "");
	return rt_err_set(err, e, "%s '%s'", what, root);
}

int rt_root_open(const char *root, bool create, struct rt_err **err)
{
	int fd;

	fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0 || errno != ENOENT || !create) {
		if (fd < 0 && errno == ENOENT)
			return -ENOENT;
		if (fd < 0)
			return root_err(err, errno, "open state root", root);
		/* An O_PATH open needs no permission on the directory itself: check it for a clear error. */
		if (rt_unprivileged() &&
		    faccessat(fd, "", X_OK | (create ? W_OK : 0), AT_EACCESS | AT_EMPTY_PATH) < 0 && errno == EACCES) {
			close(fd);
			return root_err(err, EACCES, "open state root", root);
		}
		return fd;
	}
	/* mkdir -p, 0700: state holds pids and configs. */
	_cleanup_free_ char *copy = strdup(root);
	if (!copy)
		return rt_err_set(err, ENOMEM, "state root");
	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0711) < 0 && errno != EEXIST)
			return root_err(err, errno, "create state root", copy);
		*p = '/';
	}
	if (mkdir(copy, 0700) < 0 && errno != EEXIST)
		return root_err(err, errno, "create state root", root);
	fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return rt_err_set(err, errno, "open state root '%s'", root);
	return fd;
}

static int lock_dir(int dirfd, bool exclusive)
{
	while (flock(dirfd, exclusive ? LOCK_EX : LOCK_SH) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

int rt_state_dir_create(int rootfd, const char *id, struct rt_err **err)
{
	_cleanup_close_ int fd = -1;
	int r;

	if (mkdirat(rootfd, id, 0700) < 0) {
		if (errno == EEXIST)
			return rt_err_set(err, EEXIST, "container '%s' already exists", id);
		return rt_err_set(err, errno, "create state directory for '%s'", id);
	}
	fd = openat(rootfd, id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return rt_err_set(err, errno, "open state directory for '%s'", id);
	r = lock_dir(fd, true);
	if (r < 0)
		return rt_err_set(err, -r, "lock container '%s'", id);
	return TAKE_FD(fd);
}

int rt_state_dir_open(int rootfd, const char *id, bool exclusive, struct rt_err **err)
{
	_cleanup_close_ int fd = openat(rootfd, id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int r;

	if (fd < 0) {
		if (errno == ENOENT)
			return rt_err_set(err, 0, "container '%s' does not exist", id);
		return rt_err_set(err, errno, "open state of container '%s'", id);
	}
	r = lock_dir(fd, exclusive);
	if (r < 0)
		return rt_err_set(err, -r, "lock container '%s'", id);
	return TAKE_FD(fd);
}

int rt_state_dir_remove(int rootfd, const char *id, struct rt_err **err)
{
	/* the files every container's directory may hold, then the temporary ones */
	static const char *const usual[] = {"state", "config.json", "start.sock"};
	static const char *const temporary[] = {".state.tmp", ".config.json.tmp"};
	_cleanup_close_ int fd = openat(rootfd, id, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	_cleanup_closedir_ DIR *d = NULL;
	struct dirent *de;

	if (fd < 0)
		return errno == ENOENT ? 0 : rt_err_set(err, errno, "open state of container '%s'", id);
	/* the usual case: the directory is empty after these */
	for (size_t i = 0; i < ARRAY_SIZE(usual); i++)
		(void)unlinkat(fd, usual[i], 0);
	if (unlinkat(rootfd, id, AT_REMOVEDIR) == 0 || errno == ENOENT)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(temporary); i++)
		(void)unlinkat(fd, temporary[i], 0);
	/* Anything else (from a newer rt, or a crash mid-write): remove it too. */
	d = fdopendir(fd);
	if (d) {
		fd = -1;
		while ((de = readdir(d)))
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				(void)unlinkat(dirfd(d), de->d_name, 0);
	}
	if (unlinkat(rootfd, id, AT_REMOVEDIR) < 0 && errno != ENOENT)
		return rt_err_set(err, errno, "remove state directory of '%s'", id);
	return 0;
}

/*
 * Puts the new file tmp in place of name, atomically for readers. A record that is being
 * replaced is swapped out (RENAME_EXCHANGE) and unlinked rather than renamed over: ext4
 * (without noauto_da_alloc) starts writeback of a file renamed over another one, and the
 * delete that soon follows then waits in unlink for that I/O (0.2-0.6 ms on this project's
 * machine, where /run is ext4). The old record was never flushed, so unlinking it is cheap.
 * Any failure renames: a first write (ENOENT), a filesystem without RENAME_EXCHANGE (EINVAL),
 * a seccomp filter that refuses renameat2 (EPERM, ENOSYS); a real error recurs in renameat.
 */
static int replace_with(int dirfd, const char *tmp, const char *name)
{
	if (renameat2(dirfd, tmp, dirfd, name, RENAME_EXCHANGE) == 0) {
		(void)unlinkat(dirfd, tmp, 0);
		return 0;
	}
	return renameat(dirfd, tmp, dirfd, name) < 0 ? -errno : 0;
}

int rt_state_stage_file(int dirfd, const char *name, const char *data, size_t len, struct rt_err **err)
{
	char tmp[64];
	int fd, r;

	snprintf(tmp, sizeof(tmp), ".%s.tmp", name);
	/*
	 * Always a new inode: a temporary file left by a crash between an exchange and its unlink
	 * is the previous record, which a reader may still be reading; truncating it would tear
	 * that read. Writers hold the directory's lock, so EEXIST means such a leftover (or a
	 * staged file of an earlier attempt).
	 */
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 && errno == EEXIST && unlinkat(dirfd, tmp, 0) == 0)
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return rt_err_set(err, errno, "write state file '%s'", name);
	r = rt_write_all(fd, data, len);
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r < 0) {
		(void)unlinkat(dirfd, tmp, 0);
		return rt_err_set(err, -r, "write state file '%s'", name);
	}
	return 0;
}

int rt_state_commit_file(int dirfd, const char *name, struct rt_err **err)
{
	char tmp[64];
	int r;

	snprintf(tmp, sizeof(tmp), ".%s.tmp", name);
	r = replace_with(dirfd, tmp, name);
	if (r < 0) {
		(void)unlinkat(dirfd, tmp, 0);
		return rt_err_set(err, -r, "write state file '%s'", name);
	}
	return 0;
}

int rt_state_write_file(int dirfd, const char *name, const char *data, size_t len, struct rt_err **err)
{
	int r = rt_state_stage_file(dirfd, name, data, len, err);

	return r < 0 ? r : rt_state_commit_file(dirfd, name, err);
}

/* The cgroup record is opaque and may span lines: stored with \n and \\ escaped. */
static char *escape_lines(const char *s)
{
	char *out = malloc(2 * strlen(s) + 1), *o = out;

	if (!out)
		return NULL;
	for (; *s; s++) {
		if (*s == '\n' || *s == '\\') {
			*o++ = '\\';
			*o++ = *s == '\n' ? 'n' : '\\';
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	return out;
}

static void unescape_lines(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (*s == '\\' && (s[1] == 'n' || s[1] == '\\'))
			*o++ = *++s == 'n' ? '\n' : '\\';
		else
			*o++ = *s;
	}
	*o = '\0';
}

/* Values are single-line strings; newlines never occur in ids, paths we accept or timestamps. */
int rt_record_stage(int dirfd, const struct rt_record *r, struct rt_err **err)
{
	_cleanup_free_ char *buf = NULL, *cg = NULL, *nocg = NULL;
	int n;

	if (strchr(r->bundle, '\n') || strchr(r->rootfs, '\n'))
		return rt_err_set(err, 0, "bundle or rootfs path contains a newline");
	if ((r->cgroup && !(cg = escape_lines(r->cgroup))) || (r->no_cgroup && !(nocg = escape_lines(r->no_cgroup))))
		return rt_err_set(err, ENOMEM, "write state");
	n = asprintf(&buf,
		     "rt-state 1\nid=%s\npid=%d\nstart_time=%llu\nbundle=%s\nrootfs=%s\ncreated=%s\nowner=%u\n"
		     "cgroup=%s\nno_cgroup=%s\nstarted=%d\nno_pivot=%d\nexit_status=%d\noom_kills=%llu\npoststop=%d\n"
		     "pidns=%d\nno_new_keyring=%d\n",
		     r->id, (int)r->pid, (unsigned long long)r->start_time, r->bundle, r->rootfs, r->created,
		     (unsigned)r->owner, cg ? cg : "", nocg ? nocg : "", r->started ? 1 : 0, r->no_pivot ? 1 : 0,
		     r->exit_status, (unsigned long long)r->oom_kills, r->poststop, r->pidns,
		     r->no_new_keyring ? 1 : 0);
	if (n < 0)
		return rt_err_set(err, ENOMEM, "write state");
	return rt_state_stage_file(dirfd, "state", buf, (size_t)n, err);
}

int rt_record_commit(int dirfd, struct rt_err **err)
{
	return rt_state_commit_file(dirfd, "state", err);
}

int rt_record_write(int dirfd, const struct rt_record *r, struct rt_err **err)
{
	int n = rt_record_stage(dirfd, r, err);

	return n < 0 ? n : rt_record_commit(dirfd, err);
}

static int record_field(struct rt_record *r, const char *key, const char *val)
{
	uint64_t u;
	int64_t i;
	char **dst = NULL;

	if (strcmp(key, "id") == 0)
		dst = &r->id;
	else if (strcmp(key, "bundle") == 0)
		dst = &r->bundle;
	else if (strcmp(key, "rootfs") == 0)
		dst = &r->rootfs;
	else if (strcmp(key, "created") == 0)
		dst = &r->created;
	else if (strcmp(key, "cgroup") == 0)
		dst = &r->cgroup;
	else if (strcmp(key, "no_cgroup") == 0)
		dst = &r->no_cgroup;
	if (dst) {
		if (dst == &r->cgroup || dst == &r->no_cgroup)
			unescape_lines((char *)val);
		free(*dst);
		*dst = *val ? strdup(val) : NULL;
		return (*val && !*dst) ? -ENOMEM : 0;
	}
	if (strcmp(key, "exit_status") == 0 || strcmp(key, "poststop") == 0 || strcmp(key, "pidns") == 0) {
		if (rt_parse_i64(val, &i) < 0 || i < INT_MIN || i > INT_MAX)
			return -EINVAL;
		*(key[0] == 'e' ? &r->exit_status : key[1] == 'o' ? &r->poststop : &r->pidns) = (int)i;
		return 0;
	}
	if (rt_parse_u64(val, &u) < 0)
		return 0; /* unknown or malformed optional field: ignore, keys checked below */
	if (strcmp(key, "pid") == 0)
		r->pid = (pid_t)u;
	else if (strcmp(key, "start_time") == 0)
		r->start_time = u;
	else if (strcmp(key, "owner") == 0)
		r->owner = (uid_t)u;
	else if (strcmp(key, "started") == 0)
		r->started = u != 0;
	else if (strcmp(key, "no_pivot") == 0)
		r->no_pivot = u != 0;
	else if (strcmp(key, "no_new_keyring") == 0)
		r->no_new_keyring = u != 0;
	else if (strcmp(key, "oom_kills") == 0)
		r->oom_kills = u;
	return 0;
}

int rt_record_read(int dirfd, struct rt_record *r, struct rt_err **err)
{
	_cleanup_free_ char *buf = NULL;
	char *line, *next;
	int ret;

	memset(r, 0, sizeof(*r));
	r->exit_status = -1;
	r->poststop = -1;
	r->pidns = -1;
	ret = rt_read_file_at(dirfd, "state", RECORD_MAX, &buf);
	if (ret < 0)
		return rt_err_set(err, -ret, "read container state");
	if (!rt_str_has_prefix(buf, "rt-state 1\n"))
		return rt_err_set(err, EINVAL, "read container state: unknown format");
	for (line = buf + strlen("rt-state 1\n"); *line; line = next) {
		char *eq, *nl = strchr(line, '\n');
		next = nl ? nl + 1 : line + strlen(line);
		if (nl)
			*nl = '\0';
		eq = strchr(line, '=');
		if (!eq)
			continue;
		*eq = '\0';
		if (record_field(r, line, eq + 1) < 0) {
			rt_record_clear(r);
			return rt_err_set(err, EINVAL, "read container state: bad field '%s'", line);
		}
	}
	if (!r->id || !r->bundle || !r->rootfs || !r->created) {
		rt_record_clear(r);
		return rt_err_set(err, EINVAL, "read container state: incomplete record");
	}
	return 0;
}

void rt_record_clear(struct rt_record *r)
{
	free(r->id);
	free(r->bundle);
	free(r->rootfs);
	free(r->created);
	free(r->cgroup);
	free(r->no_cgroup);
	memset(r, 0, sizeof(*r));
	r->exit_status = -1;
	r->poststop = -1;
	r->pidns = -1;
}

uint64_t rt_proc_start_time(pid_t pid)
{
	return rt_proc_stat(pid, NULL);
}

uint64_t rt_proc_stat(pid_t pid, char *state)
{
	char path[64], buf[1024], *p;
	uint64_t v = 0;
	ssize_t n;
	int fd, field;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* comm may contain spaces and parentheses: fields start after the LAST ')'. */
	p = strrchr(buf, ')');
	if (!p)
		return 0;
	p += 2; /* field 3: state */
	if (state)
		*state = *p;
	if (*p == 'Z' || *p == 'X')
		return 0; /* a zombie is a stopped container */
	for (field = 3; field < 22 && p; field++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	if (!p)
		return 0;
	while (*p >= '0' && *p <= '9')
		v = v * 10 + (uint64_t)(*p++ - '0');
	return v;
}

bool rt_record_alive(const struct rt_record *r)
{
	char state;

	return rt_record_alive_state(r, &state);
}

bool rt_record_alive_state(const struct rt_record *r, char *state)
{
	*state = '?';
	if (r->pid <= 0)
		return false;
	return rt_proc_stat(r->pid, state) == r->start_time && r->start_time != 0;
}

const char *rt_status_name(enum rt_status s)
{
	switch (s) {
	case RT_STATUS_CREATING:
		return "creating";
	case RT_STATUS_CREATED:
		return "created";
	case RT_STATUS_RUNNING:
		return "running";
	case RT_STATUS_PAUSED:
		return "paused";
	default:
		return "stopped";
	}
}
