/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cgroup manager against the real host (needs root): create with resources, join from
 * a child, freeze/thaw, pids, kill (also frozen), update, save/load, destroy, undo.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "cgroup/internal.h"
#include "tests/unit/tap.h"
#include "util/util.h"

static volatile uint64_t *counter;

/*
 * Forks a child that joins h through cg_join_child and then spins on *counter. With
 * userns the child first enters new user, mount and cgroup namespaces, as the
 * container init does before joining.
 */
static pid_t spawn(struct cg_handle *h, bool userns)
{
	_cleanup_err_ struct rt_err *err = NULL;
	int *fds = NULL, p[2];
	size_t n = 0;
	pid_t pid;
	char c = 0;

	if (cg_join_fds(h, true, &fds, &n, &err) < 0) {
		printf("# join fds: %s\n", err->msg);
		return -1;
	}
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		if (userns && unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWCGROUP) < 0)
			_exit(2);
		c = cg_join_child(fds, n) < 0 ? 'E' : 'J';
		if (write(p[1], &c, 1) != 1 || c != 'J')
			_exit(3);
		for (;;)
			(*counter)++;
	}
	cg_join_fds_close(fds, n);
	free(fds);
	close(p[1]);
	if (read(p[0], &c, 1) != 1 || c != 'J')
		printf("# child failed to join\n");
	close(p[0]);
	return pid;
}

static bool all_dirs(struct cg_handle *h, bool want_exist)
{
	for (size_t i = 0; i < h->n; i++) {
		struct stat st;
		bool exists = stat(h->d[i].dir, &st) == 0;

		if (exists != want_exist) {
			printf("# %s: %s\n", h->d[i].dir, exists ? "exists" : "missing");
			return false;
		}
	}
	return true;
}

static bool in_every_hierarchy(struct cg_handle *h, pid_t pid)
{
	_cleanup_free_ char *text = NULL;
	char p[64];

	snprintf(p, sizeof(p), "/proc/%d/cgroup", (int)pid);
	if (rt_read_file_at(AT_FDCWD, p, 1 << 16, &text) < 0)
		return false;
	for (size_t i = 0; i < h->n; i++) {
		_cleanup_free_ char *cp = cg_proc_cgroup_path(text, &h->l->h[h->d[i].hier], NULL);

		if (!cp || strcmp(cp, h->d[i].path) != 0) {
			printf("# %s: %s, want %s\n", h->l->h[h->d[i].hier].key, cp ? cp : "-", h->d[i].path);
			return false;
		}
	}
	return true;
}

static bool progresses(void)
{
	uint64_t a = *counter;

	usleep(50000);
	return *counter != a;
}

static const char *file_of(struct cg_handle *h, int ctrl, const char *file, char **buf)
{
	struct cg_hdir *d = cg_hdir_of(h, ctrl);

	free(*buf);
	*buf = NULL;
	if (!d || cg_read(d->dir, file, buf) < 0)
		return NULL;
	(*buf)[strcspn(*buf, "\n")] = '\0';
	return *buf;
}

/* Waits up to 2 s for pid to die of SIGKILL. */
static bool reaped_killed(pid_t pid)
{
	int st;

	for (int i = 0; i < 200; i++) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return false;
}

static void test_clone_into(struct cg_handle *h)
{
	_cleanup_err_ struct rt_err *err = NULL;
	_cleanup_close_ int fd = cg_clone_into_fd(h, &err);
	struct clone_args ca = {.flags = CLONE_INTO_CGROUP, .exit_signal = SIGCHLD};
	_cleanup_free_ char *text = NULL;
	struct cg_hdir *u = cg_hdir_of(h, CG_CORE);
	char p[64], want[4200];
	long pid;
	int st;

	if (fd < 0 || !u) {
		ok(1, "# SKIP no cgroup2 hierarchy for CLONE_INTO_CGROUP");
		return;
	}
	ca.cgroup = (uint64_t)fd;
	pid = syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid == 0) {
		pause();
		_exit(0);
	}
	if (pid < 0 && (errno == ENOSYS || errno == E2BIG)) {
		ok(1, "# SKIP kernel without CLONE_INTO_CGROUP");
		return;
	}
	snprintf(p, sizeof(p), "/proc/%ld/cgroup", pid);
	snprintf(want, sizeof(want), "0::%s\n", u->path);
	ok(pid > 0 && rt_read_file_at(AT_FDCWD, p, 1 << 16, &text) == 0 && strstr(text, want),
	   "clone3 CLONE_INTO_CGROUP lands in the cgroup2 cgroup");
	if (pid > 0) {
		kill((pid_t)pid, SIGKILL);
		waitpid((pid_t)pid, &st, 0);
	}
}

/* Child in h: on each byte from cmd, reports (open /dev/null ok, open /dev/zero ok) on res. */
static pid_t opener(struct cg_handle *h, int cmd[2], int res[2])
{
	int *fds = NULL;
	size_t n = 0;
	pid_t pid;

	if (cg_join_fds(h, true, &fds, &n, NULL) < 0 || pipe2(cmd, O_CLOEXEC) < 0 || pipe2(res, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		char c, out[2];

		close(cmd[1]);
		close(res[0]);
		if (cg_join_child(fds, n) < 0)
			_exit(3);
		while (read(cmd[0], &c, 1) == 1) {
			int a = open("/dev/null", O_RDWR | O_CLOEXEC), b = open("/dev/zero", O_RDONLY | O_CLOEXEC);

			out[0] = a >= 0 ? 'Y' : 'N';
			out[1] = b >= 0 ? 'Y' : 'N';
			close(a);
			close(b);
			if (write(res[1], out, 2) != 2)
				_exit(4);
		}
		_exit(0);
	}
	cg_join_fds_close(fds, n);
	free(fds);
	close(cmd[0]);
	close(res[1]);
	return pid;
}

static const char *ask(int cmd[2], int res[2], char out[3])
{
	out[0] = out[1] = '?';
	out[2] = '\0';
	if (write(cmd[1], "x", 1) != 1 || read(res[0], out, 2) != 2)
		return "??";
	return out;
}

static uint32_t attached_count(int cgfd)
{
	union bpf_attr a;
	uint32_t ids[8];

	memset(&a, 0, sizeof(a));
	a.query.target_fd = (uint32_t)cgfd;
	a.query.attach_type = BPF_CGROUP_DEVICE;
	a.query.prog_ids = (uint64_t)(uintptr_t)ids;
	a.query.prog_cnt = 8;
	if (syscall(SYS_bpf, BPF_PROG_QUERY, &a, sizeof(a)) < 0)
		return 99;
	return a.query.prog_cnt;
}

/* The cgroup2 device program: deny /dev/zero, then allow it on update, one program attached. */
static void test_devices_bpf(void)
{
	_cleanup_err_ struct rt_err *err = NULL;
	struct oci_device_cgroup rules[] = {
		{.allow = false, .access = "rwm"},
		{.allow = true,
		 .type = "c",
		 .has_major = true,
		 .major = 1,
		 .has_minor = true,
		 .minor = 3,
		 .access = "rw"},
		{.allow = true,
		 .type = "c",
		 .has_major = true,
		 .major = 1,
		 .has_minor = true,
		 .minor = 5,
		 .access = "r"},
	};
	char path[64], out[3];
	struct cg_create_opts o = {.id = "d"};
	struct cg_handle *h = NULL;
	int cmd[2], res[2], st, cgfd;
	pid_t pid;

	snprintf(path, sizeof(path), "/rt-live-dev-%d", (int)getpid());
	o.cgroups_path = path;
	if (cg_create(&o, &h, &err) < 0 || (cgfd = cg_clone_into_fd(h, &err)) < 0) {
		ok(1, "# SKIP no cgroup2 hierarchy for device programs");
		if (h)
			cg_destroy(h, NULL);
		cg_handle_free(h);
		return;
	}
	pid = opener(h, cmd, res);
	is_str(ask(cmd, res, out), "YY", "no program: both devices open");
	ok(cg_devices_apply(cgfd, rules, 2, &err) == 0, "attach device program (%s)", err ? err->msg : "ok");
	is_str(ask(cmd, res, out), "YN", "program: /dev/null allowed, /dev/zero denied");
	ok(cg_devices_apply(cgfd, rules, 3, &err) == 0, "replace device program");
	is_str(ask(cmd, res, out), "YY", "replaced program allows /dev/zero read");
	is_int(attached_count(cgfd), 1, "exactly one program attached after update");
	close(cmd[1]);
	waitpid(pid, &st, 0);
	close(res[0]);
	close(cgfd);
	ok(cg_destroy(h, &err) == 0, "destroy device cgroup");
	cg_handle_free(h);
}

/* v1: raising limit above the current memsw needs memsw first; lowering needs limit first. */
static void test_memsw_order(struct cg_handle *h)
{
	_cleanup_err_ struct rt_err *err = NULL;
	_cleanup_free_ char *buf = NULL;
	struct oci_memory m = {.has_limit = true, .limit = 32 << 20, .has_swap = true, .swap = 64 << 20};
	struct oci_resources r = {.memory = &m};
	struct cg_hdir *d = cg_hdir_of(h, CG_MEMORY);

	if (!d || h->l->h[d->hier].v2 || cg_read(d->dir, "memory.memsw.limit_in_bytes", &buf) < 0) {
		ok(1, "# SKIP no v1 memsw accounting");
		return;
	}
	ok(cg_update(h, &r, &err) == 0, "v1 memory+swap lowered (%s)", err ? err->msg : "ok");
	m.limit = 256 << 20;
	m.swap = 512 << 20;
	ok(cg_update(h, &r, &err) == 0, "v1 memory+swap raised above old memsw (%s)", err ? err->msg : "ok");
	is_str(file_of(h, CG_MEMORY, "memory.limit_in_bytes", &buf), "268435456", "limit raised");
	is_str(file_of(h, CG_MEMORY, "memory.memsw.limit_in_bytes", &buf), "536870912", "memsw raised");
	m.limit = 16 << 20;
	m.swap = 32 << 20;
	ok(cg_update(h, &r, &err) == 0 &&
		   strcmp(file_of(h, CG_MEMORY, "memory.memsw.limit_in_bytes", &buf), "33554432") == 0,
	   "v1 memory+swap lowered below old limit");
	m.has_swap = false;
	m.limit = 64 << 20;
	r.pids = NULL;
	ok(cg_update(h, &r, &err) < 0 && err && strstr(err->msg, "memory.limit_in_bytes' = '67108864'"),
	   "limit above memsw fails naming file and value (%s)", err ? err->msg : "no error");
}

/* fds opened by the parent still work after the child entered a user namespace. */
static void test_join_from_userns(struct cg_handle *h)
{
	pid_t pid = spawn(h, true);
	int st;

	ok(pid > 0 && in_every_hierarchy(h, pid), "child in new user+cgroup namespaces joins through parent's fds");
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
	}
}

/* The slow path: the parent moves an existing process by pid. */
static void test_enter_pid(struct cg_handle *h)
{
	_cleanup_err_ struct rt_err *err = NULL;
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		pause();
		_exit(0);
	}
	ok(cg_enter_pid(h, pid, &err) == 0 && in_every_hierarchy(h, pid), "cg_enter_pid moves a pid everywhere");
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
}

static void test_undo(const struct cg_layout *l, const char *id)
{
	_cleanup_err_ struct rt_err *err = NULL;
	struct oci_cpu cpu = {.cpus = "0-4095"};
	struct oci_pids pids = {.has_limit = true, .limit = 10};
	struct oci_resources res = {.cpu = &cpu, .pids = &pids};
	struct cg_create_opts o = {.cgroups_path = NULL, .id = id, .resources = &res};
	struct cg_handle *h = NULL;
	char path[256], dir[4400];
	bool left = false;
	int r;

	snprintf(path, sizeof(path), "/rt-live-undo-%d/a/%s", (int)getpid(), id);
	o.cgroups_path = path;
	r = cg_create(&o, &h, &err);
	ok(r < 0 && err && strstr(err->msg, "cpuset.cpus") && strstr(err->msg, "= '0-4095'"),
	   "failing write: error names file and value (%s)", err ? err->msg : "no error");
	for (size_t i = 0; i < l->n; i++) {
		struct stat st;

		snprintf(dir, sizeof(dir), "%s/rt-live-undo-%d", l->h[i].mnt, (int)getpid());
		if (stat(dir, &st) == 0) {
			printf("# left behind: %s\n", dir);
			left = true;
		}
	}
	ok(!left, "failed create leaves nothing in any hierarchy");
}

int main(void)
{
	_cleanup_err_ struct rt_err *err = NULL;
	struct oci_memory mem = {.has_limit = true, .limit = 64 << 20};
	struct oci_pids pids = {.has_limit = true, .limit = 100};
	struct oci_cpu cpu = {.has_shares = true, .shares = 512};
	struct oci_hugepage_limit hp = {.page_size = "2MB", .limit = 2097152 * 2};
	struct oci_resources res = {.memory = &mem, .pids = &pids, .cpu = &cpu};
	struct cg_create_opts o = {.id = "c1", .resources = &res};
	_cleanup_free_ char *buf = NULL, *saved = NULL, *sub = NULL;
	const struct cg_layout *l;
	struct cg_handle *h = NULL, *h2 = NULL;
	struct cg_stats st;
	pid_t *list = NULL, child, child2;
	size_t n = 0;
	char path[128];

	if (geteuid() != 0) {
		printf("1..0 # SKIP not root\n");
		return 0;
	}
	l = cg_layout_get(&err);
	if (!l || l->mode == CG_MODE_NONE) {
		printf("1..0 # SKIP no cgroup hierarchy mounted\n");
		return 0;
	}
	counter = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (cg_ctrl_version(l, CG_HUGETLB) && access("/sys/kernel/mm/hugepages/hugepages-2048kB", F_OK) == 0) {
		res.hugepage_limits = &hp;
		res.hugepage_limits_len = 1;
	}
	snprintf(path, sizeof(path), "/rt-live-%d/c1", (int)getpid());
	o.cgroups_path = path;

	ok(cg_create(&o, &h, &err) == 0, "create %s (%s)", path, err ? err->msg : "ok");
	if (!h)
		return done_testing();
	ok(all_dirs(h, true), "directory exists in all %zu hierarchies", h->n);
	is_str(file_of(h, CG_MEMORY, cg_ctrl_version(l, CG_MEMORY) == 2 ? "memory.max" : "memory.limit_in_bytes", &buf),
	       "67108864", "memory limit on disk");
	is_str(file_of(h, CG_PIDS, "pids.max", &buf), "100", "pids limit on disk");
	if (cg_ctrl_version(l, CG_CPU) == 2)
		is_str(file_of(h, CG_CPU, "cpu.weight", &buf), "20", "cpu weight on disk");
	else
		is_str(file_of(h, CG_CPU, "cpu.shares", &buf), "512", "cpu shares on disk");
	if (res.hugepage_limits_len)
		is_str(file_of(h, CG_HUGETLB,
			       cg_ctrl_version(l, CG_HUGETLB) == 2 ? "hugetlb.2MB.max" : "hugetlb.2MB.limit_in_bytes",
			       &buf),
		       "4194304", "hugetlb limit on disk (v%d)", cg_ctrl_version(l, CG_HUGETLB));
	if (cg_hdir_of(h, CG_CPUSET) && !l->h[cg_hdir_of(h, CG_CPUSET)->hier].v2) {
		const char *cpus = file_of(h, CG_CPUSET, "cpuset.cpus", &buf);

		ok(cpus && cpus[0], "v1 cpuset.cpus copied from parent ('%s')", cpus ? cpus : "");
	}
	is_str(cg_path(h), path, "cg_path is the primary path");

	child = spawn(h, false);
	ok(child > 0 && in_every_hierarchy(h, child), "child joined every hierarchy via cg_join_child");
	ok(progresses(), "child runs");
	ok(cg_freeze(h, true, &err) == 0 && cg_is_frozen(h), "freeze (%s)", err ? err->msg : "ok");
	ok(!progresses(), "frozen child does not run");
	ok(cg_freeze(h, false, &err) == 0 && !cg_is_frozen(h), "thaw");
	ok(progresses(), "thawed child runs again");

	ok(cg_pids(h, &list, &n, &err) == 0 && n == 1 && list[0] == child, "cg_pids finds the child");
	free(list);
	ok(cg_stats(h, &st, &err) == 0 && st.has_pids && st.pids_current == 1 && st.pids_limit == 100,
	   "stats: pids current 1, limit 100");
	ok(st.has_memory && st.mem_limit == 64 << 20 && st.has_cpu && st.cpu_usage_ns > 0,
	   "stats: memory limit and cpu usage");

	pids.limit = 0;
	ok(cg_update(h, &(struct oci_resources){.pids = &pids}, &err) == 0 &&
		   strcmp(file_of(h, CG_PIDS, "pids.max", &buf), "max") == 0,
	   "update pids limit to max");
	test_memsw_order(h);
	test_join_from_userns(h);
	test_enter_pid(h);

	/* a sub-cgroup in the primary hierarchy with a second child */
	if (asprintf(&sub, "%s/sub", cg_primary(h)->dir) > 0 && mkdir(sub, 0755) == 0) {
		char pidbuf[16];

		child2 = fork();
		if (child2 == 0) {
			for (;;)
				pause();
		}
		snprintf(pidbuf, sizeof(pidbuf), "%d", (int)child2);
		ok(cg_write(sub, "cgroup.procs", pidbuf, &err) == 0, "second child moved into a sub-cgroup");
		int r = cg_pids(h, &list, &n, &err);

		ok(r == 0 && n == 2, "cg_pids is recursive (%zu)", n);
		free(list);
	} else {
		child2 = -1;
		ok(0, "mkdir sub-cgroup");
	}

	saved = cg_save(h, &err);
	ok(saved && cg_load(saved, &h2, &err) == 0 && h2->n == h->n && strcmp(cg_path(h2), cg_path(h)) == 0,
	   "save/load round trip");
	for (char *c = saved; c && *c; c++) /* keep the TAP line on one line */
		*c = *c == '\n' ? '|' : *c == '\t' ? ' ' : *c;
	printf("# saved: %s\n", saved ? saved : "(null)");
	ok(cg_freeze(h2, true, &err) == 0, "freeze before kill");
	ok(cg_kill_all(h2, SIGKILL, &err) >= 0, "kill all while frozen (%s)", err ? err->msg : "ok");
	ok(reaped_killed(child), "frozen child died of SIGKILL");
	ok(child2 < 0 || reaped_killed(child2), "child in the sub-cgroup died too");

	test_clone_into(h2);
	ok(cg_destroy(h2, &err) == 0, "destroy (%s)", err ? err->msg : "ok");
	ok(all_dirs(h, false), "no directory left in any hierarchy");
	for (size_t i = 0; i < h->n; i++) { /* the ancestor we made is kept by design; remove it here */
		_cleanup_free_ char *parent = rt_strdup(h->d[i].dir);

		*strrchr(parent, '/') = '\0';
		rmdir(parent);
	}
	cg_handle_free(h);
	cg_handle_free(h2);
	test_undo(l, "c2");
	test_devices_bpf();
	return done_testing();
}
