/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Differential fuzzer of the in-rootfs resolver: openat2 vs the userspace walk.
 *
 * Input: lines. The first is the operation: <op><flags><path>, op one of
 * o (resolve_open), p (resolve_parent), m (resolve_mkdir_p), f (resolve_mkfile), flags a
 * digit indexing open_flags[]. The others build the tree: "d<path>" a directory,
 * "f<path>" a file, "l<path>=<target>" a symlink; a target starting with '@' has it
 * replaced by the absolute host path of the "outside" directory, so escapes are easy to
 * find. The tree is built twice (root_a, root_b) in a fresh temp dir, never through a
 * symlink. The operation runs with openat2 on root_a and with the walk on root_b; then:
 *   - both fail with the same errno, or both succeed with the same path relative to
 *     their root (resolve_fd_path), the same file type and the same returned name;
 *   - every returned fd lies inside its root (resolve_fd_path prefix);
 *   - root_a and root_b hold the same entries afterwards (creation side effects match);
 *   - the outside directory still holds only its canary.
 * Compared strictly: no errno difference is known to remain (see resolve.c for the one
 * intentional difference, procfs symlinks, which a temp tree does not have).
 *
 * Run: mkdir build-fuzz && cd build-fuzz && CC=clang ../configure --enable-fuzzers
 *   --enable-sanitizers && make tests/fuzz/fuzz_resolve && mkdir -p corpus &&
 *   cp ../tests/fuzz/corpus/resolve/ * corpus/ && RT_FUZZ_TMPDIR=/dev/shm
 *   tests/fuzz/fuzz_resolve -max_total_time=60 -dict=../tests/fuzz/resolve.dict corpus
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs/resolve.h"
#include "util/util.h"

#define MAX_LINES 32
#define MAX_LINE 256

static const int open_flags[] = {
	O_PATH,
	O_PATH | O_NOFOLLOW,
	O_PATH | O_DIRECTORY,
	O_RDONLY,
	O_RDONLY | O_NOFOLLOW,
	O_RDONLY | O_DIRECTORY,
	O_PATH | O_NOFOLLOW | O_DIRECTORY,
	O_RDONLY | O_NOFOLLOW | O_DIRECTORY,
};

struct ctx {
	char base[64];
	char outside[96];
	char root[2][96];
	int rootfd[2];
};

#define CHECK(cond, ...)                                                                                               \
	do {                                                                                                           \
		if (!(cond)) {                                                                                         \
			fprintf(stderr, "divergence: " __VA_ARGS__);                                                   \
			fprintf(stderr, "\n");                                                                         \
			abort();                                                                                       \
		}                                                                                                      \
	} while (0)

/* Opens the directory holding the last component of rel without following any symlink. */
static int parent_nofollow(int rootfd, char *rel, char **ret_name)
{
	char *slash = strrchr(rel, '/');
	int fd, cur;

	if (!slash) {
		*ret_name = rel;
		return fcntl(rootfd, F_DUPFD_CLOEXEC, 3);
	}
	*slash = '\0';
	*ret_name = slash + 1;
	cur = fcntl(rootfd, F_DUPFD_CLOEXEC, 3);
	for (char *p = rel, *next; p && cur >= 0; p = next) {
		next = strchr(p, '/');
		if (next)
			*next++ = '\0';
		if (!*p)
			continue;
		fd = openat(cur, p, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(cur);
		cur = fd;
	}
	return cur;
}

/* Names of the tree: no empty, "." or ".." components, no leading '/'. */
static bool name_ok(const char *s)
{
	const char *p = s;

	if (!*s || *s == '/')
		return false;
	while (*p) {
		const char *e = strchrnul(p, '/');
		size_t len = (size_t)(e - p);

		if (len == 0 || len > 32 || (len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p = *e ? e + 1 : e;
	}
	return true;
}

static void build(const struct ctx *c, int rootfd, char lines[][MAX_LINE], int n, char pass)
{
	for (int i = 1; i < n; i++) {
		char copy[MAX_LINE], target[PATH_MAX], *name, *eq;
		int dfd;

		if (lines[i][0] != pass)
			continue;
		snprintf(copy, sizeof(copy), "%s", lines[i] + 1);
		eq = pass == 'l' ? strchr(copy, '=') : NULL;
		if (pass == 'l' && !eq)
			continue;
		if (eq)
			*eq = '\0';
		if (!name_ok(copy))
			continue;
		dfd = parent_nofollow(rootfd, copy, &name);
		if (dfd < 0)
			continue;
		if (pass == 'd') {
			mkdirat(dfd, name, 0755);
		} else if (pass == 'f') {
			int fd = openat(dfd, name, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, 0644);

			if (fd >= 0)
				close(fd);
		} else {
			if (eq[1] == '@')
				snprintf(target, sizeof(target), "%s%s", c->outside, eq + 2);
			else
				snprintf(target, sizeof(target), "%s", eq + 1);
			if (symlinkat(target, dfd, name) < 0) {
				/* empty target: symlinkat refuses it, as it should */
			}
		}
		close(dfd);
	}
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	remove(path);
	return 0;
}

static char *list_buf;
static size_t list_len, list_cap;
static size_t list_skip;

static int list_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	char line[PATH_MAX + 64];
	int n;

	n = snprintf(line, sizeof(line), "%s %o\n", path + list_skip, (unsigned int)(st->st_mode & S_IFMT));
	if (n < 0 || (size_t)n >= sizeof(line))
		return 0;
	if (list_len + (size_t)n + 1 > list_cap) {
		list_cap = (list_len + (size_t)n + 1) * 2;
		list_buf = realloc(list_buf, list_cap);
		if (!list_buf)
			abort();
	}
	memcpy(list_buf + list_len, line, (size_t)n + 1);
	list_len += (size_t)n;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted listing "path type" of a tree, one entry a line. */
static char *listing(const char *root)
{
	char **v = NULL, *out, *save = NULL;
	size_t n = 0, off = 0;

	list_buf = NULL;
	list_len = list_cap = 0;
	list_skip = strlen(root);
	nftw(root, list_entry, 16, FTW_PHYS);
	if (!list_buf)
		return rt_strdup("");
	for (char *l = strtok_r(list_buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		v = reallocarray(v, n + 1, sizeof(*v));
		if (!v)
			abort();
		v[n++] = l;
	}
	qsort(v, n, sizeof(*v), cmp_str);
	out = malloc(list_len + 2);
	if (!out)
		abort();
	for (size_t i = 0; i < n; i++)
		off += (size_t)snprintf(out + off, list_len + 2 - off, "%s\n", v[i]);
	out[off] = '\0';
	free(v);
	free(list_buf);
	return out;
}

static bool outside_intact(const struct ctx *c)
{
	char p[PATH_MAX];
	struct stat st;
	int n = 0;
	DIR *d = opendir(c->outside);
	struct dirent *de;

	if (!d)
		return false;
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	snprintf(p, sizeof(p), "%s/canary", c->outside);
	return n == 1 && stat(p, &st) == 0 && st.st_size == 0 && S_ISREG(st.st_mode);
}

/* Runs the operation; returns fd or -errno, *name for resolve_parent. */
static int run_op(char op, int rootfd, const char *path, int flags, char **name)
{
	*name = NULL;
	switch (op) {
	case 'o':
		return resolve_open(rootfd, path, flags, NULL);
	case 'p':
		return resolve_parent(rootfd, path, name, NULL);
	case 'm':
		return resolve_mkdir_p(rootfd, path, 0755, NULL);
	default:
		return resolve_mkfile(rootfd, path, 0644, NULL);
	}
}

/* Path of fd relative to root; aborts when it is not below root. */
static char *rel_path(int fd, const char *root)
{
	char *p = resolve_fd_path(fd, NULL);
	size_t len = strlen(root);

	CHECK(p, "resolve_fd_path failed");
	CHECK(strncmp(p, root, len) == 0 && (p[len] == '\0' || p[len] == '/'), "fd %s is outside root %s", p, root);
	memmove(p, p + len, strlen(p + len) + 1);
	return p;
}

static void compare(const struct ctx *c, char op, const char *path, int flags)
{
	char *name[2], *rel[2] = {NULL, NULL};
	struct stat st[2];
	int fd[2];

	for (int i = 0; i < 2; i++) {
		resolve_force_fallback(i == 1);
		fd[i] = run_op(op, c->rootfd[i], path, flags, &name[i]);
	}
	resolve_force_fallback(false);
	if (fd[0] < 0 || fd[1] < 0) {
		CHECK(fd[0] == fd[1], "op %c path '%s' flags %#x: openat2 %d, walk %d", op, path, flags, fd[0], fd[1]);
	} else {
		for (int i = 0; i < 2; i++) {
			rel[i] = rel_path(fd[i], c->root[i]);
			CHECK(fstat(fd[i], &st[i]) == 0, "fstat");
		}
		CHECK(strcmp(rel[0], rel[1]) == 0, "op %c path '%s' flags %#x: openat2 '%s', walk '%s'", op, path,
		      flags, rel[0], rel[1]);
		CHECK((st[0].st_mode & S_IFMT) == (st[1].st_mode & S_IFMT), "op %c path '%s': types differ", op, path);
		CHECK(!name[0] == !name[1] && (!name[0] || strcmp(name[0], name[1]) == 0), "names differ");
		CHECK((fcntl(fd[0], F_GETFL) & O_PATH) == (fcntl(fd[1], F_GETFL) & O_PATH), "O_PATH differs");
	}
	for (int i = 0; i < 2; i++) {
		if (fd[i] >= 0)
			close(fd[i]);
		free(rel[i]);
		free(name[i]);
	}
}

/* $RT_FUZZ_TMPDIR (a tmpfs such as /dev/shm is ~5x faster than ext4), else /tmp */
static const char *tmpdir(void)
{
	const char *d = getenv("RT_FUZZ_TMPDIR");

	return d && *d && strlen(d) < 40 ? d : "/tmp";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char lines[MAX_LINES][MAX_LINE];
	struct ctx c;
	char *la, *lb, p[128];
	int n = 0, flags;
	size_t i = 0;

	if (size < 2)
		return 0;
	while (i < size && n < MAX_LINES) {
		size_t len = 0;

		while (i < size && data[i] != '\n' && len < MAX_LINE - 1) {
			lines[n][len++] = data[i] ? (char)data[i] : '_';
			i++;
		}
		lines[n++][len] = '\0';
		while (i < size && data[i] != '\n')
			i++;
		i++;
	}
	if (strlen(lines[0]) < 2 || !strchr("opmf", lines[0][0]) || lines[0][1] < '0' || lines[0][1] > '7')
		return 0;
	flags = open_flags[lines[0][1] - '0'];

	snprintf(c.base, sizeof(c.base), "%s/rt-fuzz.XXXXXX", tmpdir());
	if (!mkdtemp(c.base))
		abort();
	snprintf(c.outside, sizeof(c.outside), "%s/outside", c.base);
	mkdir(c.outside, 0755);
	snprintf(p, sizeof(p), "%s/canary", c.outside);
	close(open(p, O_CREAT | O_WRONLY | O_CLOEXEC, 0644));
	for (int r = 0; r < 2; r++) {
		snprintf(c.root[r], sizeof(c.root[r]), "%s/root_%c", c.base, 'a' + r);
		mkdir(c.root[r], 0755);
		c.rootfd[r] = open(c.root[r], O_PATH | O_DIRECTORY | O_CLOEXEC);
		build(&c, c.rootfd[r], lines, n, 'd');
		build(&c, c.rootfd[r], lines, n, 'f');
		build(&c, c.rootfd[r], lines, n, 'l');
	}
	compare(&c, lines[0][0], lines[0] + 2, flags);
	la = listing(c.root[0]);
	lb = listing(c.root[1]);
	CHECK(strcmp(la, lb) == 0, "trees differ after op %c '%s':\n%s---\n%s", lines[0][0], lines[0] + 2, la, lb);
	free(la);
	free(lb);
	CHECK(outside_intact(&c), "outside directory was touched");
	for (int r = 0; r < 2; r++)
		close(c.rootfd[r]);
	nftw(c.base, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}
