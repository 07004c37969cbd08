/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "linux/seccomp_profile.h"
#include "tests/unit/child.h"
#include "tests/unit/tap.h"
#include "util/util.h"

/* A one-syscall-per-rule profile builder for the tests. */
#define MAX_RULES 8
struct profile {
	struct oci_seccomp s;
	struct oci_seccomp_syscall rules[MAX_RULES];
	char *names[MAX_RULES][4];
	struct oci_seccomp_arg args[MAX_RULES][2];
};

static void profile_init(struct profile *p, const char *def)
{
	memset(p, 0, sizeof(*p));
	p->s.default_action = (char *)def;
	p->s.syscalls = p->rules;
}

static struct oci_seccomp_syscall *rule(struct profile *p, const char *action, const char *n1, const char *n2)
{
	size_t i = p->s.syscalls_len++;
	struct oci_seccomp_syscall *r = &p->rules[i];

	p->names[i][0] = (char *)n1;
	p->names[i][1] = (char *)n2;
	r->names = p->names[i];
	r->names_len = n2 ? 2 : 1;
	r->action = (char *)action;
	r->args = p->args[i];
	return r;
}

static void arg(struct oci_seccomp_syscall *r, uint32_t index, const char *op, uint64_t v, uint64_t v2)
{
	r->args[r->args_len++] = (struct oci_seccomp_arg){
		.index = index, .op = (char *)op, .value = v, .has_value_two = true, .value_two = v2};
}

/* ---- validation --------------------------------------------------------- */

static void expect_error(struct profile *p, const char *msg, const char *what)
{
	_cleanup_err_ struct rt_err *err = NULL;
	struct rt_seccomp *s = NULL;

	ok(seccomp_prepare(&p->s, &s, &err) < 0 && !s, "%s refused", what);
	is_str(err ? err->msg : NULL, msg, "%s: message", what);
}

static void test_validate(void)
{
	_cleanup_err_ struct rt_err *err = NULL;
	struct rt_seccomp *s = (struct rt_seccomp *)1;
	char *archs[] = {"SCMP_ARCH_X86", "SCMP_ARCH_PDP11", NULL};
	char *flags[] = {"SECCOMP_FILTER_FLAG_NOPE", NULL};
	struct profile p;

	ok(seccomp_prepare(NULL, &s, &err) == 0 && s == NULL, "no profile: nothing to apply");

	profile_init(&p, "SCMP_ACT_FOO");
	expect_error(&p, "linux.seccomp.defaultAction: unknown action 'SCMP_ACT_FOO'", "unknown default action");
	profile_init(&p, NULL);
	expect_error(&p, "linux.seccomp.defaultAction: missing", "missing default action");
	profile_init(&p, "SCMP_ACT_ALLOW");
	rule(&p, "SCMP_ACT_ERRNO", "getcwd", NULL);
	rule(&p, "SCMP_ACT_BOGUS", "getcwd", NULL);
	expect_error(&p, "linux.seccomp.syscalls[1].action: unknown action 'SCMP_ACT_BOGUS'", "unknown rule action");
	profile_init(&p, "SCMP_ACT_ALLOW");
	rule(&p, "SCMP_ACT_KILL", "getcwd", NULL)->has_errno_ret = true;
	expect_error(&p, "linux.seccomp.syscalls[0].errnoRet: only valid with SCMP_ACT_ERRNO and SCMP_ACT_TRACE",
		     "errnoRet on KILL");
	profile_init(&p, "SCMP_ACT_ALLOW");
	p.s.has_default_errno_ret = true;
	expect_error(&p, "linux.seccomp.defaultErrnoRet: only valid with SCMP_ACT_ERRNO and SCMP_ACT_TRACE",
		     "defaultErrnoRet on ALLOW");
	profile_init(&p, "SCMP_ACT_ERRNO");
	p.s.has_default_errno_ret = true;
	p.s.default_errno_ret = 70000;
	expect_error(&p, "linux.seccomp.defaultErrnoRet: 70000 out of range", "defaultErrnoRet too big");
	profile_init(&p, "SCMP_ACT_ALLOW");
	arg(rule(&p, "SCMP_ACT_ERRNO", "personality", NULL), 0, "SCMP_CMP_ALMOST", 1, 0);
	expect_error(&p, "linux.seccomp.syscalls[0].args[0].op: unknown operator 'SCMP_CMP_ALMOST'", "unknown op");
	profile_init(&p, "SCMP_ACT_ALLOW");
	arg(rule(&p, "SCMP_ACT_ERRNO", "personality", NULL), 6, "SCMP_CMP_EQ", 1, 0);
	expect_error(&p, "linux.seccomp.syscalls[0].args[0].index: 6 out of range 0-5", "arg index 6");
	profile_init(&p, "SCMP_ACT_ALLOW");
	p.s.architectures = archs;
	p.s.architectures_len = 2;
	expect_error(&p, "linux.seccomp.architectures[1]: unknown architecture 'SCMP_ARCH_PDP11'", "unknown arch");
	profile_init(&p, "SCMP_ACT_ALLOW");
	p.s.flags = flags;
	p.s.flags_len = 1;
	expect_error(&p, "linux.seccomp.flags[0]: unknown flag 'SECCOMP_FILTER_FLAG_NOPE'", "unknown flag");
	profile_init(&p, "SCMP_ACT_ALLOW");
	rule(&p, "SCMP_ACT_NOTIFY", "getppid", NULL);
	expect_error(&p, "linux.seccomp.listenerPath: required when an action is SCMP_ACT_NOTIFY",
		     "notify w/o listener");

	profile_init(&p, "SCMP_ACT_ERRNO");
	p.s.architectures = archs;
	p.s.architectures_len = 1;
	rule(&p, "SCMP_ACT_ALLOW", "no_such_syscall_at_all", "getcwd");
	rule(&p, "SCMP_ACT_ERRNO", "getppid", NULL); /* same as default: skipped */
	is_int(seccomp_validate(&p.s, &err), 0, "unknown syscall name and default-action rule are skipped");
}

/* ---- behaviour: apply in a child and look ------------------------------- */

struct probe {
	struct rt_seccomp *sc;
	int (*after)(int fd, struct probe *pr);
	const char *listener;
};

static int child_probe(int fd, void *p)
{
	struct probe *pr = p;
	struct rt_err *err = NULL;
	int lfd;

	if (seccomp_apply(pr->sc, &lfd, &err) < 0) {
		report(fd, "Error: %s\n", err->msg);
		return 1;
	}
	return pr->after(fd, pr);
}

/* Prepares p and runs after() in a seccomp'd child; returns the wait status. */
static int run_profile(struct profile *p, int (*after)(int, struct probe *), char *rep, size_t len)
{
	_cleanup_err_ struct rt_err *err = NULL;
	struct probe pr = {.after = after};
	int st;

	if (seccomp_prepare(&p->s, &pr.sc, &err) < 0) {
		snprintf(rep, len, "Error: prepare: %s\n", err->msg);
		return -1;
	}
	st = run_child(child_probe, &pr, rep, len);
	rt_seccomp_free(pr.sc);
	return st;
}

#define ERRNO_OF(call) ((call) < 0 ? errno : 0)

static int after_basic(int fd, struct probe *pr)
{
	char buf[256];

	report(fd, "getcwd: %d\n", getcwd(buf, sizeof(buf)) ? 0 : errno);
	report(fd, "unshare: %d\n", ERRNO_OF(unshare(0)));
	report(fd, "getppid: %d\n", ERRNO_OF(syscall(SYS_getppid)));
	report_status(fd);
	return 0;
}

static int after_personality(int fd, struct probe *pr)
{
	report(fd, "query: %d\n", ERRNO_OF(personality(0xffffffff)));
	report(fd, "linux32: %d\n", ERRNO_OF(personality(PER_LINUX32)));
	report(fd, "x20: %d\n", ERRNO_OF(personality(0x0020 | 0x0008)));
	report(fd, "and0: %d\n", ERRNO_OF(syscall(SYS_personality, PER_LINUX32, 0)));
	report(fd, "and1: %d\n", ERRNO_OF(syscall(SYS_personality, PER_LINUX32, 1)));
	return 0;
}

static int after_getppid(int fd, struct probe *pr)
{
	report(fd, "alive: 1\n");
	syscall(SYS_getppid);
	report(fd, "survived: 1\n");
	return 0;
}

static int after_new_syscalls(int fd, struct probe *pr)
{
	report(fd, "clone3: %d\n", ERRNO_OF(syscall(SYS_clone3, NULL, 0)));
	report(fd, "openat2: %d\n", ERRNO_OF(syscall(SYS_openat2, -1, NULL, NULL, 0)));
	report(fd, "getppid: %d\n", ERRNO_OF(syscall(SYS_getppid)));
	return 0;
}

#if defined(__x86_64__)
/* A 32-bit syscall from a 64-bit process: the filter sees AUDIT_ARCH_I386 and i386 numbers. */
static long int80(long nr)
{
	long r;

	__asm__ volatile("int $0x80" : "=a"(r) : "a"(nr) : "memory");
	return r;
}

static int after_i386(int fd, struct probe *pr)
{
	report(fd, "i386_clone3: %ld\n", int80(435));
	report(fd, "i386_getppid: %ld\n", int80(64));
	report(fd, "i386_getpid: %d\n", int80(20) > 0);
	report(fd, "clone3: %d\n", ERRNO_OF(syscall(SYS_clone3, NULL, 0)));
	return 0;
}
#endif

static const char *val(const char *rep, const char *key)
{
	static char v[8][128];
	static int i;

	i = (i + 1) % 8;
	return report_get(rep, key, v[i], sizeof(v[i]));
}

static void test_errno_actions(void)
{
	struct profile p;
	char rep[8192];
	int st;

	profile_init(&p, "SCMP_ACT_ALLOW");
	rule(&p, "SCMP_ACT_ERRNO", "no_such_syscall", "getcwd"); /* the unknown name is skipped */
	rule(&p, "SCMP_ACT_ERRNO", "unshare", NULL)->has_errno_ret = true;
	p.rules[1].errno_ret = ENOTTY;
	rule(&p, "SCMP_ACT_ALLOW", "getppid", NULL); /* same as default: skipped */
	st = run_profile(&p, after_basic, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "ERRNO profile applied: %s", val(rep, "Error"));
	is_str(val(rep, "getcwd"), "1", "getcwd denied with EPERM (default errnoRet), next to an unknown name");
	is_str(val(rep, "unshare"), "25", "unshare(0) denied with errnoRet ENOTTY");
	is_str(val(rep, "getppid"), "0", "other syscalls allowed");
	is_str(val(rep, "Seccomp"), "2", "Seccomp mode 2 (filter)");
	is_str(val(rep, "NoNewPrivs"), "0", "loaded without no_new_privs (as root)");

	/* defaultErrnoRet; TRACE without a tracer fails the syscall with ENOSYS */
	profile_init(&p, "SCMP_ACT_ERRNO");
	p.s.has_default_errno_ret = true;
	p.s.default_errno_ret = EACCES;
	rule(&p, "SCMP_ACT_ALLOW", "write", "exit_group");
	rule(&p, "SCMP_ACT_TRACE", "unshare", NULL);
	rule(&p, "SCMP_ACT_ALLOW", "open", "openat"); /* /proc/self/status for the report */
	rule(&p, "SCMP_ACT_ALLOW", "read", "close");
	st = run_profile(&p, after_basic, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "defaultErrnoRet profile applied: %s", val(rep, "Error"));
	is_str(val(rep, "getcwd"), "13", "default action returns defaultErrnoRet EACCES");
	is_str(val(rep, "getppid"), "13", "getppid too");
	is_str(val(rep, "unshare"), "38", "SCMP_ACT_TRACE without a tracer: ENOSYS");
}

static void test_kill(void)
{
	struct profile p;
	char rep[4096];
	int st;

	profile_init(&p, "SCMP_ACT_ALLOW");
	rule(&p, "SCMP_ACT_KILL", "getppid", NULL);
	st = run_profile(&p, after_getppid, rep, sizeof(rep));
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS, "SCMP_ACT_KILL kills with SIGSYS (status %#x)", st);
	ok(strcmp(val(rep, "alive"), "1") == 0 && strcmp(val(rep, "survived"), "") == 0, "killed at the syscall");

	profile_init(&p, "SCMP_ACT_ALLOW");
	rule(&p, "SCMP_ACT_KILL_PROCESS", "getppid", NULL);
	st = run_profile(&p, after_getppid, rep, sizeof(rep));
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS, "SCMP_ACT_KILL_PROCESS kills with SIGSYS");

	profile_init(&p, "SCMP_ACT_ALLOW");
	rule(&p, "SCMP_ACT_TRAP", "getppid", NULL);
	st = run_profile(&p, after_getppid, rep, sizeof(rep));
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS, "SCMP_ACT_TRAP raises SIGSYS");

	profile_init(&p, "SCMP_ACT_ALLOW");
	rule(&p, "SCMP_ACT_LOG", "getppid", NULL);
	st = run_profile(&p, after_getppid, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0 && strcmp(val(rep, "survived"), "1") == 0, "SCMP_ACT_LOG allows");
}

static void test_args(void)
{
	struct profile p;
	char rep[4096];
	int st;

	profile_init(&p, "SCMP_ACT_ALLOW");
	arg(rule(&p, "SCMP_ACT_ERRNO", "personality", NULL), 0, "SCMP_CMP_EQ", PER_LINUX32, 0);
	st = run_profile(&p, after_personality, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "EQ profile applied: %s", val(rep, "Error"));
	is_str(val(rep, "query"), "0", "personality(0xffffffff) allowed");
	is_str(val(rep, "linux32"), "1", "personality(0x0008) denied");
	is_str(val(rep, "x20"), "0", "personality(0x0028) allowed by EQ");

	/* MASKED_EQ: value is the mask, valueTwo the datum */
	profile_init(&p, "SCMP_ACT_ALLOW");
	arg(rule(&p, "SCMP_ACT_ERRNO", "personality", NULL), 0, "SCMP_CMP_MASKED_EQ", 0x00ff, 0x0008);
	st = run_profile(&p, after_personality, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "MASKED_EQ profile applied: %s", val(rep, "Error"));
	is_str(val(rep, "query"), "0", "MASKED_EQ: 0xffffffff & 0xff != 8, allowed");
	is_str(val(rep, "linux32"), "1", "MASKED_EQ: 0x08 & 0xff == 8, denied");
	is_str(val(rep, "x20"), "0", "MASKED_EQ: 0x28 & 0xff != 8, allowed");

	/* two args on the same index: OR of separate rules */
	profile_init(&p, "SCMP_ACT_ALLOW");
	{
		struct oci_seccomp_syscall *r = rule(&p, "SCMP_ACT_ERRNO", "personality", NULL);

		arg(r, 0, "SCMP_CMP_EQ", PER_LINUX32, 0);
		arg(r, 0, "SCMP_CMP_EQ", 0x0028, 0);
	}
	st = run_profile(&p, after_personality, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "same-index profile applied: %s", val(rep, "Error"));
	is_str(val(rep, "query"), "0", "same index: other values allowed");
	is_str(val(rep, "linux32"), "1", "same index: first value denied");
	is_str(val(rep, "x20"), "1", "same index: second value denied (OR)");

	/* two args on different indexes: AND in one rule (the kernel ignores personality's arg1) */
	profile_init(&p, "SCMP_ACT_ALLOW");
	{
		struct oci_seccomp_syscall *r = rule(&p, "SCMP_ACT_ERRNO", "personality", NULL);

		arg(r, 0, "SCMP_CMP_EQ", PER_LINUX32, 0);
		arg(r, 1, "SCMP_CMP_EQ", 1, 0);
	}
	st = run_profile(&p, after_personality, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "AND profile applied: %s", val(rep, "Error"));
	is_str(val(rep, "and0"), "0", "AND: arg0 matches, arg1 does not: allowed");
	is_str(val(rep, "and1"), "1", "AND: both match: denied");
}

static void test_enosys(void)
{
	struct profile p;
	char rep[4096];
	int st;

	/* default ERRNO: syscalls above the highest named one get ENOSYS */
	profile_init(&p, "SCMP_ACT_ERRNO");
	rule(&p, "SCMP_ACT_ALLOW", "write", "exit_group");
	rule(&p, "SCMP_ACT_ALLOW", "exit", "getcwd");
	st = run_profile(&p, after_new_syscalls, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "default-ERRNO profile applied: %s", val(rep, "Error"));
	is_str(val(rep, "clone3"), "38", "clone3 (newer than the profile) gets ENOSYS");
	is_str(val(rep, "openat2"), "38", "openat2 gets ENOSYS");
	is_str(val(rep, "getppid"), "1", "older unnamed syscall gets the default EPERM");

	/* naming openat2 moves the line: clone3 (435 < 437) now gets the default errno */
	rule(&p, "SCMP_ACT_ERRNO", "openat2", NULL)->has_errno_ret = true;
	p.rules[2].errno_ret = EXDEV;
	st = run_profile(&p, after_new_syscalls, rep, sizeof(rep));
	is_str(val(rep, "clone3"), "1", "clone3 below the highest named syscall gets EPERM");
	is_str(val(rep, "openat2"), "18", "openat2 gets its own errnoRet");

	/* default KILL: a new syscall returns ENOSYS instead of killing */
	profile_init(&p, "SCMP_ACT_KILL_PROCESS");
	rule(&p, "SCMP_ACT_ALLOW", "write", "exit_group");
	rule(&p, "SCMP_ACT_ALLOW", "getppid", NULL);
	st = run_profile(&p, after_new_syscalls, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "default-KILL profile: child survives new syscalls (status %#x)", st);
	is_str(val(rep, "clone3"), "38", "default KILL: clone3 gets ENOSYS");

#if defined(__x86_64__)
	/* per-architecture limits: i386 syscalls through int 0x80 */
	{
		char *archs[] = {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", NULL};

		profile_init(&p, "SCMP_ACT_ERRNO");
		p.s.architectures = archs;
		p.s.architectures_len = 3;
		rule(&p, "SCMP_ACT_ALLOW", "write", "exit_group");
		rule(&p, "SCMP_ACT_ALLOW", "getpid", NULL);
		st = run_profile(&p, after_i386, rep, sizeof(rep));
		ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "x86_64+x86+x32 profile applied: %s", val(rep, "Error"));
		is_str(val(rep, "i386_clone3"), "-38", "i386 clone3 (435) gets ENOSYS");
		is_str(val(rep, "i386_getppid"), "-1", "i386 getppid (64) gets the default EPERM");
		is_str(val(rep, "i386_getpid"), "1", "i386 getpid (20) allowed");
		is_str(val(rep, "clone3"), "38", "x86_64 clone3 gets ENOSYS");
	}
#endif

	/* default ALLOW: no prefix at all */
	profile_init(&p, "SCMP_ACT_ALLOW");
	rule(&p, "SCMP_ACT_ERRNO", "getcwd", NULL);
	{
		_cleanup_err_ struct rt_err *err = NULL;
		struct rt_seccomp *a = NULL, *b = NULL;

		seccomp_prepare(&p.s, &a, &err);
		p.s.default_action = "SCMP_ACT_KILL";
		p.rules[0].action = "SCMP_ACT_ALLOW";
		seccomp_prepare(&p.s, &b, &err);
		ok(a && b && seccomp_program_len(b) > seccomp_program_len(a),
		   "prefix only for denying defaults (%u vs %u insns)", seccomp_program_len(a), seccomp_program_len(b));
		rt_seccomp_free(a);
		rt_seccomp_free(b);
	}
}

static void test_flags(void)
{
	char *flags[] = {"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
			 "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", NULL};
	struct profile p;
	char rep[8192];
	int st;

	profile_init(&p, "SCMP_ACT_ALLOW");
	rule(&p, "SCMP_ACT_ERRNO", "getcwd", NULL);
	p.s.flags = flags;
	p.s.flags_len = 4;
	st = run_profile(&p, after_basic, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "TSYNC, LOG, SPEC_ALLOW (+ WAIT_KILLABLE_RECV dropped) load: %s",
	   val(rep, "Error"));
	is_str(val(rep, "getcwd"), "1", "filter with flags is active");
}

/* NOTIFY: the child loads the filter, then sends the listener to our socket. */
static int child_notify(int fd, void *p)
{
	struct probe *pr = p;
	struct rt_err *err = NULL;
	int lfd = -1, sock = seccomp_listener_connect(pr->listener, &err);

	if (sock < 0 || seccomp_apply(pr->sc, &lfd, &err) < 0 ||
	    seccomp_listener_send(sock, lfd, "{\"ociVersion\":\"1.3.0\",\"fds\":[\"seccompFd\"]}", &err) < 0) {
		report(fd, "Error: %s\n", err->msg);
		return 1;
	}
	report(fd, "listener: %d\n", lfd >= 0);
	return 0;
}

static void test_notify(void)
{
	_cleanup_err_ struct rt_err *err = NULL;
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	struct profile p;
	struct probe pr = {0};
	char rep[4096], data[256] = "", link[128] = "", path[64];
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov = {.iov_base = data, .iov_len = sizeof(data) - 1};
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf)};
	int srv, conn, st, got = -1;
	ssize_t n;

	snprintf(path, sizeof(path), "/tmp/rt-seccomp-test-%d.sock", (int)getpid());
	unlink(path);
	memcpy(addr.sun_path, path, strlen(path) + 1);
	srv = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	ok(srv >= 0 && bind(srv, (struct sockaddr *)&addr, sizeof(addr)) == 0 && listen(srv, 1) == 0,
	   "listener socket");

	profile_init(&p, "SCMP_ACT_ALLOW");
	rule(&p, "SCMP_ACT_NOTIFY", "getppid", NULL);
	p.s.listener_path = path;
	/* with a listener, TSYNC needs TSYNC_ESRCH and WAIT_KILLABLE_RECV is meaningful */
	p.s.flags = (char *[]){"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", NULL};
	p.s.flags_len = 2;
	ok(seccomp_prepare(&p.s, &pr.sc, &err) == 0 && seccomp_uses_notify(pr.sc),
	   "NOTIFY profile with TSYNC and WAIT_KILLABLE_RECV prepared");
	pr.listener = path;
	st = run_child(child_notify, &pr, rep, sizeof(rep));
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child loaded NOTIFY filter and sent the listener: %s",
	   val(rep, "Error"));
	is_str(val(rep, "listener"), "1", "apply returned a listener fd");
	conn = accept4(srv, NULL, NULL, SOCK_CLOEXEC);
	n = conn >= 0 ? recvmsg(conn, &msg, MSG_CMSG_CLOEXEC) : -1;
	if (n > 0) {
		struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

		data[n] = '\0';
		if (c && c->cmsg_type == SCM_RIGHTS)
			memcpy(&got, CMSG_DATA(c), sizeof(int));
	}
	is_str(data, "{\"ociVersion\":\"1.3.0\",\"fds\":[\"seccompFd\"]}", "state JSON received");
	if (got >= 0) {
		char proc[64];

		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", got);
		n = readlink(proc, link, sizeof(link) - 1);
		link[n > 0 ? n : 0] = '\0';
	}
	is_str(link, "anon_inode:seccomp notify", "the fd in SCM_RIGHTS is the seccomp listener");
	if (got >= 0)
		close(got);
	if (conn >= 0)
		close(conn);
	close(srv);
	unlink(path);
	rt_seccomp_free(pr.sc);
}

static void test_features(void)
{
	_cleanup_err_ struct rt_err *err = NULL;
	struct rt_seccomp_features f;

	ok(seccomp_features(&f, &err) == 0, "features");
	ok(f.enabled, "seccomp enabled in this build");
	ok(rt_strv_contains(f.actions, "SCMP_ACT_NOTIFY") && rt_strv_contains(f.actions, "SCMP_ACT_KILL_PROCESS") &&
		   rt_strv_len(f.actions) == 9,
	   "all 9 actions available");
	ok(rt_strv_len(f.operators) == 7 && rt_strv_contains(f.operators, "SCMP_CMP_MASKED_EQ"), "7 operators");
	ok(rt_strv_contains(f.archs, "SCMP_ARCH_X86_64") && rt_strv_contains(f.archs, "SCMP_ARCH_AARCH64") &&
		   !rt_strv_contains(f.archs, "SCMP_ARCH_SHEB"),
	   "archs: those libseccomp 2.5 supports");
	is_int(rt_strv_len(f.known_flags), 4, "4 known flags");
	ok(rt_strv_contains(f.supported_flags, "SECCOMP_FILTER_FLAG_TSYNC") &&
		   rt_strv_contains(f.supported_flags, "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"),
	   "kernel 6.x supports TSYNC and WAIT_KILLABLE_RECV");
	seccomp_features_done(&f);
}

/* A build without libseccomp refuses a profile instead of running unconfined. */
static __attribute__((unused)) void test_without_libseccomp(void)
{
	_cleanup_err_ struct rt_err *err = NULL;
	struct rt_seccomp_features f;
	struct rt_seccomp *s = NULL;
	struct profile p;

	profile_init(&p, "SCMP_ACT_ALLOW");
	ok(seccomp_prepare(NULL, &s, &err) == 0 && !s, "no profile is fine without libseccomp");
	is_int(seccomp_prepare(&p.s, &s, &err), -EOPNOTSUPP, "a profile is refused");
	is_str(err ? err->msg : NULL, "linux.seccomp: rt was built without libseccomp: Operation not supported",
	       "error says why");
	ok(seccomp_features(&f, &err) == 0 && !f.enabled && rt_strv_len(f.archs) == 0, "features: disabled, no archs");
	seccomp_features_done(&f);
}

int main(void)
{
	require_root();
#ifndef HAVE_SECCOMP
	printf("# built with --disable-seccomp: only the refusal is tested\n");
	test_without_libseccomp();
	return done_testing();
#endif
	test_validate();
	test_errno_actions();
	test_kill();
	test_args();
	test_enosys();
	test_flags();
	test_notify();
	test_features();
	return done_testing();
}
