/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "fs/procfs.h"
#include "linux/caps.h"
#include "linux/process_attrs.h"
#include "tests/unit/child.h"
#include "tests/unit/tap.h"
#include "util/util.h"

/*
 * TEMPORARY test-only stand-in for src/fs/procfs.c, which is written on another branch.
 * Weak, so the real procfs_write() wins wherever procfs.o is linked in.
 */
__attribute__((weak)) int procfs_write(pid_t pid, const char *subpath, const char *s, struct rt_err **err)
{
	char path[256];
	int r;

	if (pid == 0)
		snprintf(path, sizeof(path), "self/%s", subpath);
	else
		snprintf(path, sizeof(path), "%d/%s", (int)pid, subpath);
	{
		_cleanup_close_ int proc = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);

		r = rt_write_file_at(proc, path, s, 0);
	}
	if (r < 0)
		return rt_err_set(err, -r, "write '/proc/%s'", path);
	return 0;
}

static const char *val(const char *rep, const char *key)
{
	static char v[8][256];
	static int i;

	i = (i + 1) % 8;
	return report_get(rep, key, v[i], sizeof(v[i]));
}

static void expect_error(const struct oci_process *p, const struct oci_linux *l, const char *msg)
{
	_cleanup_err_ struct rt_err *err = NULL;

	ok(proc_attrs_validate(p, l, &err) < 0, "refused: %s", msg);
	is_str(err ? err->msg : NULL, msg, "message");
}

static void test_id_list(void)
{
	unsigned long *m = NULL;
	size_t w = 0;

	ok(rt_parse_id_list("0-3,7", &m, &w) == 0 && w == 1 && m[0] == 0x8f, "'0-3,7' -> 0x8f");
	free(m);
	ok(rt_parse_id_list(" 1 , 3-4 ", &m, &w) == 0 && m[0] == 0x1a, "spaces allowed");
	free(m);
	ok(rt_parse_id_list("8191", &m, &w) == 0 && w == 8192 / (8 * sizeof(long)) &&
		   m[w - 1] == 1UL << (8 * sizeof(long) - 1),
	   "8191 is the highest id");
	free(m);
	m = NULL;
	is_int(rt_parse_id_list("8192", &m, &w), -EINVAL, "8192 refused");
	is_int(rt_parse_id_list("3-1", &m, &w), -EINVAL, "reversed range refused");
	is_int(rt_parse_id_list("1-", &m, &w), -EINVAL, "open range refused");
	is_int(rt_parse_id_list("1,,2", &m, &w), -EINVAL, "empty item refused");
	is_int(rt_parse_id_list("", &m, &w), -EINVAL, "empty list refused");
	is_int(rt_parse_id_list("x", &m, &w), -EINVAL, "junk refused");
	ok(m == NULL, "nothing allocated on error");
}

static void test_validate(void)
{
	struct oci_rlimit rl[2] = {{.type = "RLIMIT_NOFILE", .soft = 10, .hard = 20},
				   {.type = "RLIMIT_FOO", .soft = 1, .hard = 1}};
	struct oci_scheduler sch = {.policy = "SCHED_FOO"};
	struct oci_io_priority io = {.class_ = "IOPRIO_CLASS_XX"};
	struct oci_exec_cpu_affinity aff = {.initial = "0", .final = "2-1"};
	struct oci_personality pers = {.domain = "LINUX64"};
	char *mflags[] = {"MPOL_F_STATIC_NODES", "MPOL_F_RELATIVE_NODES", NULL};
	struct oci_memory_policy mp = {.mode = "MPOL_WHATEVER"};
	struct oci_process p = {.rlimits = rl, .rlimits_len = 2};
	struct oci_linux l = {0};
	struct oci_process empty = {0};

	expect_error(&p, NULL, "process.rlimits[1].type: unknown rlimit 'RLIMIT_FOO'");
	rl[1].type = "RLIMIT_NOFILE";
	expect_error(&p, NULL, "process.rlimits[1].type: duplicate rlimit 'RLIMIT_NOFILE'");
	rl[0].soft = 30;
	p.rlimits_len = 1;
	expect_error(&p, NULL, "process.rlimits[0]: RLIMIT_NOFILE soft limit 30 exceeds hard limit 20");
	p = empty;
	p.has_oom_score_adj = true;
	p.oom_score_adj = 1001;
	expect_error(&p, NULL, "process.oomScoreAdj: 1001 out of range -1000..1000");

	p = empty;
	p.scheduler = &sch;
	expect_error(&p, NULL, "process.scheduler.policy: unknown policy 'SCHED_FOO'");
	sch.policy = "SCHED_ISO";
	expect_error(&p, NULL, "process.scheduler.policy: 'SCHED_ISO' is not implemented by Linux");
	sch.policy = "SCHED_OTHER";
	sch.has_priority = true;
	sch.priority = 5;
	expect_error(&p, NULL, "process.scheduler.priority: only valid with SCHED_FIFO and SCHED_RR");
	sch.has_priority = false;
	sch.has_nice = true;
	sch.nice = 20;
	expect_error(&p, NULL, "process.scheduler.nice: 20 out of range -20..19");
	sch.has_nice = false;
	sch.has_runtime = true;
	expect_error(&p, NULL, "process.scheduler: runtime, deadline and period are only valid with SCHED_DEADLINE");
	sch.has_runtime = false;
	sch.policy = "SCHED_DEADLINE";
	expect_error(&p, NULL, "process.scheduler.runtime: required with SCHED_DEADLINE");
	sch.policy = "SCHED_BATCH";
	sch.flags = (char *[]){"SCHED_FLAG_TURBO", NULL};
	sch.flags_len = 1;
	expect_error(&p, NULL, "process.scheduler.flags[0]: unknown flag 'SCHED_FLAG_TURBO'");

	p = empty;
	p.io_priority = &io;
	expect_error(&p, NULL, "process.ioPriority.class: unknown class 'IOPRIO_CLASS_XX'");
	io.class_ = "IOPRIO_CLASS_BE";
	io.priority = 8;
	expect_error(&p, NULL, "process.ioPriority.priority: 8 out of range 0..7");

	p = empty;
	p.exec_cpu_affinity = &aff;
	expect_error(&p, NULL, "process.execCPUAffinity.final: invalid CPU list '2-1'");
	p = empty;
	p.user.has_umask = true;
	p.user.umask = 01777;
	expect_error(&p, NULL, "process.user.umask: 01777 is not a permission mask");

	l.personality = &pers;
	expect_error(NULL, &l, "linux.personality.domain: unknown domain 'LINUX64'");
	l.personality = NULL;
	l.memory_policy = &mp;
	expect_error(NULL, &l, "linux.memoryPolicy.mode: unknown mode 'MPOL_WHATEVER'");
	mp.mode = "MPOL_BIND";
	expect_error(NULL, &l, "linux.memoryPolicy.nodes: required with MPOL_BIND");
	mp.nodes = "0";
	mp.flags = mflags;
	mp.flags_len = 2;
	expect_error(NULL, &l,
		     "linux.memoryPolicy.flags: MPOL_F_STATIC_NODES and MPOL_F_RELATIVE_NODES exclude each other");
	mp.flags_len = 0;
	mp.mode = "MPOL_DEFAULT";
	expect_error(NULL, &l, "linux.memoryPolicy.nodes: must be empty with MPOL_DEFAULT");
	mp.nodes = "0-x";
	mp.mode = "MPOL_INTERLEAVE";
	expect_error(NULL, &l, "linux.memoryPolicy.nodes: invalid node list '0-x'");
	mp.flags = (char *[]){"MPOL_F_LAZY", NULL};
	mp.flags_len = 1;
	mp.nodes = "0";
	expect_error(NULL, &l, "linux.memoryPolicy.flags[0]: unknown flag 'MPOL_F_LAZY'");

	{
		_cleanup_err_ struct rt_err *err = NULL;

		is_int(proc_attrs_validate(NULL, NULL, &err), 0, "nothing configured is valid");
	}
	ok(proc_mempolicy_mode_names_len == 7 && proc_mempolicy_flag_names_len == 3, "mempolicy names for features");
}

/* ---- apply in children -------------------------------------------------- */

struct apply {
	struct proc_attrs *a;
	int (*after)(int fd, struct apply *ap);
};

static int child_apply(int fd, void *p)
{
	struct apply *ap = p;
	struct rt_err *err = NULL;

	if (proc_attrs_apply(ap->a, &err) < 0) {
		report(fd, "Error: %s\n", err->msg);
		return 1;
	}
	return ap->after ? ap->after(fd, ap) : 0;
}

static int run_attrs(const struct oci_process *p, const struct oci_linux *l, int (*after)(int, struct apply *),
		     char *rep, size_t len)
{
	_cleanup_err_ struct rt_err *err = NULL;
	struct apply ap = {.after = after};
	int st;

	if (proc_attrs_prepare(p, l, &ap.a, &err) < 0) {
		snprintf(rep, len, "Error: prepare: %s\n", err->msg);
		return -1;
	}
	st = run_child(child_apply, &ap, rep, len);
	proc_attrs_free(ap.a);
	return st;
}

static int after_rlimit(int fd, struct apply *ap)
{
	struct rlimit rl;

	getrlimit(RLIMIT_NOFILE, &rl);
	report(fd, "nofile: %llu %llu\n", (unsigned long long)rl.rlim_cur, (unsigned long long)rl.rlim_max);
	return 0;
}

/* Without CAP_SYS_RESOURCE (dropped here whatever the host grants), raising fails. */
static int child_raise(int fd, void *p)
{
	struct apply *ap = p;
	struct rt_err *err = NULL;
	struct rt_caps c = {.configured = true, .last_cap = caps_last_cap()};

	c.bounding = c.last_cap == 63 ? UINT64_MAX : (UINT64_C(1) << (c.last_cap + 1)) - 1;
	c.effective = c.permitted = c.bounding & ~(UINT64_C(1) << 24);
	if (caps_apply_post_setuid(&c, &err) < 0 || proc_attrs_apply(ap->a, &err) < 0) {
		report(fd, "Error: %s\n", err->msg);
		return 1;
	}
	return 0;
}

static void test_rlimits(void)
{
	struct oci_rlimit rl = {.type = "RLIMIT_NOFILE", .soft = 1024, .hard = 2048};
	struct oci_process p = {.rlimits = &rl, .rlimits_len = 1};
	_cleanup_err_ struct rt_err *err = NULL;
	struct apply ap = {0};
	char rep[4096];
	int st;

	st = run_attrs(&p, NULL, after_rlimit, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "NOFILE 1024/2048 applied: %s", val(rep, "Error"));
	is_str(val(rep, "nofile"), "1024 2048", "getrlimit sees 1024/2048");

	rl.soft = 4096;
	rl.hard = 40000;
	ok(proc_attrs_prepare(&p, NULL, &ap.a, &err) == 0, "prepare NOFILE 4096/40000");
	st = run_child(child_raise, &ap, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 1, "raising beyond the hard limit fails");
	is_str(val(rep, "Error"), "setrlimit RLIMIT_NOFILE (soft 4096, hard 40000): Operation not permitted",
	       "error names the rlimit");
	proc_attrs_free(ap.a);
}

static int after_misc(int fd, struct apply *ap)
{
	char buf[64] = "";
	int f = open("/proc/self/oom_score_adj", O_RDONLY | O_CLOEXEC);
	ssize_t n = f >= 0 ? read(f, buf, sizeof(buf) - 1) : -1;
	mode_t old = umask(0);

	buf[n > 0 ? n : 0] = '\0';
	if (f >= 0)
		close(f);
	report(fd, "oom: %s", buf);
	report(fd, "umask: %o\n", (unsigned)old);
	report(fd, "policy: %#x\n", (unsigned)sched_getscheduler(0));
	errno = 0;
	report(fd, "nice: %d\n", getpriority(PRIO_PROCESS, 0));
	report(fd, "ioprio: %ld\n", syscall(SYS_ioprio_get, 1, 0));
	return 0;
}

static void test_misc(void)
{
	struct oci_scheduler sch = {.policy = "SCHED_BATCH",
				    .has_nice = true,
				    .nice = 5,
				    .flags = (char *[]){"SCHED_FLAG_RESET_ON_FORK", NULL},
				    .flags_len = 1};
	struct oci_io_priority io = {.class_ = "IOPRIO_CLASS_BE", .priority = 6};
	struct oci_process p = {.has_oom_score_adj = true,
				.oom_score_adj = 500,
				.scheduler = &sch,
				.io_priority = &io,
				.user = {.has_umask = true, .umask = 027}};
	char rep[4096];
	int st;

	st = run_attrs(&p, NULL, after_misc, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "oom, scheduler, ioprio, umask applied: %s", val(rep, "Error"));
	is_str(val(rep, "oom"), "500", "oom_score_adj 500");
	is_str(val(rep, "umask"), "27", "umask 027");
	is_str(val(rep, "policy"), "0x40000003", "SCHED_BATCH | SCHED_RESET_ON_FORK");
	is_str(val(rep, "nice"), "5", "nice 5");
	is_str(val(rep, "ioprio"), "16390", "ioprio BE/6 = (2 << 13) | 6");

	sch = (struct oci_scheduler){.policy = "SCHED_IDLE"};
	io = (struct oci_io_priority){.class_ = "IOPRIO_CLASS_IDLE", .priority = 0};
	p.has_oom_score_adj = false;
	st = run_attrs(&p, NULL, after_misc, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "SCHED_IDLE, IOPRIO_CLASS_IDLE applied: %s", val(rep, "Error"));
	is_str(val(rep, "policy"), "0x5", "SCHED_IDLE");
	is_str(val(rep, "ioprio"), "24576", "ioprio IDLE = 3 << 13");

	sch = (struct oci_scheduler){.policy = "SCHED_FIFO", .has_priority = true, .priority = 10};
	st = run_attrs(&p, NULL, after_misc, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "SCHED_FIFO 10 applied: %s", val(rep, "Error"));
	is_str(val(rep, "policy"), "0x1", "SCHED_FIFO");

	sch = (struct oci_scheduler){.policy = "SCHED_DEADLINE",
				     .has_runtime = true,
				     .runtime = 1000000,
				     .has_deadline = true,
				     .deadline = 500000,
				     .has_period = true,
				     .period = 2000000};
	st = run_attrs(&p, NULL, after_misc, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 1, "SCHED_DEADLINE with runtime > deadline refused by the kernel");
	is_str(val(rep, "Error"), "process.scheduler: sched_setattr (policy 6, nice 0, priority 0): Invalid argument",
	       "error text");
}

static int after_personality(int fd, struct apply *ap)
{
	struct utsname u;

	uname(&u);
	report(fd, "machine: %s\n", u.machine);
	report(fd, "persona: %#x\n", (unsigned)personality(0xffffffff));
	return 0;
}

static void test_personality(void)
{
	struct oci_personality pers = {.domain = "LINUX32", .flags = (char *[]){"FUTURE_FLAG", NULL}, .flags_len = 1};
	struct oci_linux l = {.personality = &pers};
	char rep[4096];
	int st;

	st = run_attrs(NULL, &l, after_personality, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "LINUX32 applied (unknown flag ignored): %s", val(rep, "Error"));
	is_str(val(rep, "machine"), "i686", "uname(2) reports i686 under PER_LINUX32");
	is_str(val(rep, "persona"), "0x8", "personality is PER_LINUX32");
	pers.domain = "LINUX";
	pers.flags_len = 0;
	st = run_attrs(NULL, &l, after_personality, rep, sizeof(rep));
	is_str(val(rep, "machine"), "x86_64", "LINUX keeps x86_64");
}

static int child_affinity(int fd, void *p)
{
	struct apply *ap = p;
	struct rt_err *err = NULL;
	cpu_set_t set;

	if (proc_apply_affinity(ap->a, true, &err) < 0)
		goto fail;
	sched_getaffinity(0, sizeof(set), &set);
	report(fd, "initial: %d %d\n", CPU_ISSET(0, &set) ? 1 : 0, CPU_ISSET(1, &set) ? 1 : 0);
	if (proc_apply_affinity(ap->a, false, &err) < 0)
		goto fail;
	sched_getaffinity(0, sizeof(set), &set);
	report(fd, "final: %d %d\n", CPU_ISSET(0, &set) ? 1 : 0, CPU_ISSET(1, &set) ? 1 : 0);
	return 0;
fail:
	report(fd, "Error: %s\n", err->msg);
	return 1;
}

static void test_affinity(void)
{
	struct oci_exec_cpu_affinity aff = {.initial = "0", .final = "1"};
	struct oci_process p = {.exec_cpu_affinity = &aff};
	_cleanup_err_ struct rt_err *err = NULL;
	struct apply ap = {0};
	cpu_set_t set;
	char rep[1024];
	int st;

	sched_getaffinity(0, sizeof(set), &set);
	if (!CPU_ISSET(0, &set) || !CPU_ISSET(1, &set)) {
		printf("# skipping affinity: needs CPUs 0 and 1 (this host has %d usable)\n", CPU_COUNT(&set));
		return;
	}
	ok(proc_attrs_prepare(&p, NULL, &ap.a, &err) == 0, "prepare affinity");
	st = run_child(child_affinity, &ap, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "affinity applied: %s", val(rep, "Error"));
	is_str(val(rep, "initial"), "1 0", "initial: CPU 0 only");
	is_str(val(rep, "final"), "0 1", "final: CPU 1 only");
	proc_attrs_free(ap.a);
}

static int after_mempolicy(int fd, struct apply *ap)
{
	int mode = -1;
	unsigned long mask[16] = {0};

	if (syscall(SYS_get_mempolicy, &mode, mask, 16 * 8 * sizeof(long), NULL, 0) < 0)
		report(fd, "Error: get_mempolicy %d\n", errno);
	report(fd, "mode: %d\nmask: %lu\n", mode, mask[0]);
	return 0;
}

static void test_mempolicy(void)
{
	struct oci_memory_policy mp = {.mode = "MPOL_BIND", .nodes = "0"};
	struct oci_linux l = {.memory_policy = &mp};
	char rep[1024];
	int st, mode;

	if (syscall(SYS_get_mempolicy, &mode, NULL, 0, NULL, 0) < 0 && errno == ENOSYS) {
		printf("# skipping memoryPolicy: kernel without NUMA (get_mempolicy: ENOSYS)\n");
		return;
	}
	st = run_attrs(NULL, &l, after_mempolicy, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "MPOL_BIND applied: %s", val(rep, "Error"));
	is_str(val(rep, "mode"), "2", "get_mempolicy: MPOL_BIND");
	is_str(val(rep, "mask"), "1", "node 0");

	mp = (struct oci_memory_policy){.mode = "MPOL_INTERLEAVE",
					.nodes = "0",
					.flags = (char *[]){"MPOL_F_STATIC_NODES", NULL},
					.flags_len = 1};
	st = run_attrs(NULL, &l, after_mempolicy, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "MPOL_INTERLEAVE|STATIC applied: %s", val(rep, "Error"));
	is_str(val(rep, "mode"), "32771", "get_mempolicy: MPOL_INTERLEAVE | MPOL_F_STATIC_NODES");

	mp = (struct oci_memory_policy){.mode = "MPOL_BIND", .nodes = "5"};
	st = run_attrs(NULL, &l, after_mempolicy, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 1, "binding to a missing node fails");
	is_str(val(rep, "Error"), "linux.memoryPolicy: set_mempolicy (mode MPOL_BIND, flags 0): Invalid argument",
	       "error text");
}

static int child_switch(int fd, void *p)
{
	gid_t gids[] = {1000, 2000};
	struct rt_err *err = NULL;

	if (proc_switch_user(1000, 1001, gids, 2, &err) < 0) {
		report(fd, "Error: %s\n", err->msg);
		return 1;
	}
	report_status(fd);
	if (proc_switch_user(0, 0, NULL, 0, &err) < 0)
		report(fd, "Back: %s\n", err->msg);
	return 0;
}

static void test_switch_user(void)
{
	char rep[8192];
	int st = run_child(child_switch, NULL, rep, sizeof(rep));

	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "switched user: %s", val(rep, "Error"));
	is_str(val(rep, "Uid"), "1000\t1000\t1000\t1000", "uid 1000 everywhere");
	is_str(val(rep, "Gid"), "1001\t1001\t1001\t1001", "gid 1001 everywhere");
	is_str(val(rep, "Groups"), "1000 2000 ", "additional gids (procfs ends the list with a space)");
	is_str(val(rep, "Back"), "setresgid 0: Operation not permitted", "no way back; error names the step");
}

int main(void)
{
	require_root();
	test_id_list();
	test_validate();
	test_rlimits();
	test_misc();
	test_personality();
	test_affinity();
	test_mempolicy();
	test_switch_user();
	return done_testing();
}
