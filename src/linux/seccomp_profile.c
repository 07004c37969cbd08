/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <ctype.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef HAVE_SECCOMP
#include <seccomp.h>
#endif

#include "linux/seccomp_profile.h"
#include "linux/terminal.h"
#include "util/dl.h"
#include "util/log.h"
#include "util/util.h"

#ifdef HAVE_SECCOMP
/*
 * libseccomp is loaded on first use (util/dl.h): a container without linux.seccomp, and
 * every command but create/run/exec, never maps it. Every call below goes through rt_dl_fn[] (util/dl.h).
 */
#define SCMP_FUNCS(X)                                                                                                  \
	X(seccomp_arch_add)                                                                                            \
	X(seccomp_arch_native)                                                                                         \
	X(seccomp_arch_resolve_name)                                                                                   \
	X(seccomp_export_bpf)                                                                                          \
	X(seccomp_init)                                                                                                \
	X(seccomp_release)                                                                                             \
	X(seccomp_rule_add_array)                                                                                      \
	X(seccomp_syscall_resolve_name)                                                                                \
	X(seccomp_syscall_resolve_name_arch)                                                                           \
	X(seccomp_version)
RT_DL_TABLE(SCMP_FUNCS);

static int scmp_load(struct rt_err **err)
{
	return rt_dl_load("libseccomp.so.2", rt_dl_names, rt_dl_fn, RT_DL_N, err);
}

#define seccomp_arch_add RT_DL_FN(seccomp_arch_add)
#define seccomp_arch_native RT_DL_FN(seccomp_arch_native)
#define seccomp_arch_resolve_name RT_DL_FN(seccomp_arch_resolve_name)
#define seccomp_export_bpf RT_DL_FN(seccomp_export_bpf)
#define seccomp_init RT_DL_FN(seccomp_init)
#define seccomp_release RT_DL_FN(seccomp_release)
#define seccomp_version RT_DL_FN(seccomp_version)
#define seccomp_rule_add_array RT_DL_FN(seccomp_rule_add_array)
#define seccomp_syscall_resolve_name RT_DL_FN(seccomp_syscall_resolve_name)
#define seccomp_syscall_resolve_name_arch RT_DL_FN(seccomp_syscall_resolve_name_arch)
#endif

#ifndef SECCOMP_FILTER_FLAG_NEW_LISTENER
#define SECCOMP_FILTER_FLAG_NEW_LISTENER (1UL << 3)
#endif
#ifndef SECCOMP_FILTER_FLAG_TSYNC_ESRCH
#define SECCOMP_FILTER_FLAG_TSYNC_ESRCH (1UL << 4)
#endif
#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif
#ifndef SECCOMP_GET_ACTION_AVAIL
#define SECCOMP_GET_ACTION_AVAIL 2
#endif

struct rt_seccomp {
	struct sock_filter *insns;
	unsigned short len;
	unsigned int flags; /* SECCOMP_FILTER_FLAG_* for the load */
	bool notify;
};

static const struct {
	const char *name;
	unsigned int flag;
} seccomp_flags[] = {
	{"SECCOMP_FILTER_FLAG_TSYNC", SECCOMP_FILTER_FLAG_TSYNC},
	{"SECCOMP_FILTER_FLAG_LOG", SECCOMP_FILTER_FLAG_LOG},
	{"SECCOMP_FILTER_FLAG_SPEC_ALLOW", SECCOMP_FILTER_FLAG_SPEC_ALLOW},
	{"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV},
};

/* Kernel return value of each action (without data), for SECCOMP_GET_ACTION_AVAIL. */
static const struct {
	const char *name;
	uint32_t ret;
} seccomp_actions[] = {
	{"SCMP_ACT_KILL", SECCOMP_RET_KILL_THREAD},
	{"SCMP_ACT_KILL_PROCESS", SECCOMP_RET_KILL_PROCESS},
	{"SCMP_ACT_KILL_THREAD", SECCOMP_RET_KILL_THREAD},
	{"SCMP_ACT_TRAP", SECCOMP_RET_TRAP},
	{"SCMP_ACT_ERRNO", SECCOMP_RET_ERRNO},
	{"SCMP_ACT_TRACE", SECCOMP_RET_TRACE},
	{"SCMP_ACT_ALLOW", SECCOMP_RET_ALLOW},
	{"SCMP_ACT_LOG", SECCOMP_RET_LOG},
	{"SCMP_ACT_NOTIFY", SECCOMP_RET_USER_NOTIF},
};

static const char *const seccomp_operators[] = {
	"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ",
};

/* Every architecture name of the runtime-spec. */
static const char *const seccomp_arch_names[] = {
	"SCMP_ARCH_X86",     "SCMP_ARCH_X86_64",   "SCMP_ARCH_X32",	    "SCMP_ARCH_ARM",
	"SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS",	   "SCMP_ARCH_MIPS64",	    "SCMP_ARCH_MIPS64N32",
	"SCMP_ARCH_MIPSEL",  "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC",
	"SCMP_ARCH_PPC64",   "SCMP_ARCH_PPC64LE",  "SCMP_ARCH_S390",	    "SCMP_ARCH_S390X",
	"SCMP_ARCH_PARISC",  "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64",	    "SCMP_ARCH_LOONGARCH64",
	"SCMP_ARCH_M68K",    "SCMP_ARCH_SH",	   "SCMP_ARCH_SHEB",
};

static long seccomp_sys(unsigned int op, unsigned int flags, void *args)
{
	return syscall(SYS_seccomp, op, flags, args);
}

/* A flag is known to the kernel when the call fails on the NULL program, not on the flag. */
static bool seccomp_flag_supported(unsigned int flag)
{
	if (flag == SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)
		flag |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
	return seccomp_sys(SECCOMP_SET_MODE_FILTER, flag, NULL) < 0 && errno == EFAULT;
}

static bool seccomp_action_available(uint32_t ret)
{
	return seccomp_sys(SECCOMP_GET_ACTION_AVAIL, 0, &ret) == 0;
}

void rt_seccomp_free(struct rt_seccomp *s)
{
	if (!s)
		return;
	free(s->insns);
	free(s);
}

bool seccomp_uses_notify(const struct rt_seccomp *s)
{
	return s && s->notify;
}

unsigned int seccomp_program_len(const struct rt_seccomp *s)
{
	return s ? s->len : 0;
}

int seccomp_validate(const struct oci_seccomp *s, struct rt_err **err)
{
	struct rt_seccomp *tmp = NULL;
	int r = seccomp_prepare(s, &tmp, err);

	rt_seccomp_free(tmp);
	return r;
}

int seccomp_apply(const struct rt_seccomp *s, int *ret_listener_fd, struct rt_err **err)
{
	struct sock_fprog prog;
	long r;

	*ret_listener_fd = -1;
	if (!s)
		return 0;
	prog.len = s->len;
	prog.filter = s->insns;
	r = seccomp_sys(SECCOMP_SET_MODE_FILTER, s->flags, &prog);
	if (r < 0)
		return rt_err_set(err, errno, "load the seccomp filter");
	if (s->notify)
		*ret_listener_fd = (int)r;
	return 0;
}

int seccomp_listener_connect(const char *listener_path, struct rt_err **err)
{
	return term_connect(listener_path, "seccomp listener", err);
}

int seccomp_listener_send(int sock, int fd, const char *state_json, struct rt_err **err)
{
	size_t len = strlen(state_json);
	ssize_t n = rt_send_fds(sock, state_json, len, &fd, 1);

	if (n < 0)
		return rt_err_set(err, (int)-n, "send to the seccomp listener");
	/* a stream socket may take the state in pieces; the fd went with the first */
	if ((size_t)n < len && (n = rt_write_all(sock, state_json + n, len - (size_t)n)) < 0)
		return rt_err_set(err, (int)-n, "send to the seccomp listener");
	return 0;
}

static int strv_add(char ***v, const char *s, struct rt_err **err)
{
	if (rt_strv_push(v, s) < 0)
		return rt_err_set(err, ENOMEM, "seccomp features");
	return 0;
}

void seccomp_features_done(struct rt_seccomp_features *f)
{
	rt_strv_free(f->actions);
	rt_strv_free(f->operators);
	rt_strv_free(f->archs);
	rt_strv_free(f->known_flags);
	rt_strv_free(f->supported_flags);
	*f = (struct rt_seccomp_features){0};
}

static bool seccomp_arch_usable(const char *oci_name);

int seccomp_features(struct rt_seccomp_features *ret, struct rt_err **err)
{
	struct rt_seccomp_features f = {0};
	int r = 0;

#ifdef HAVE_SECCOMP
	/* enabled only when libseccomp can really be loaded here */
	_cleanup_err_ struct rt_err *e = NULL;
	f.enabled = scmp_load(&e) == 0;
	if (!f.enabled)
		rt_debug("seccomp: %s", e->msg);
	else {
		const struct scmp_version *v = seccomp_version();

		if (v)
			snprintf(f.version, sizeof(f.version), "%u.%u.%u", v->major, v->minor, v->micro);
	}
#endif
	for (size_t i = 0; r >= 0 && i < ARRAY_SIZE(seccomp_actions); i++)
		if (seccomp_action_available(seccomp_actions[i].ret))
			r = strv_add(&f.actions, seccomp_actions[i].name, err);
	for (size_t i = 0; r >= 0 && i < ARRAY_SIZE(seccomp_operators); i++)
		r = strv_add(&f.operators, seccomp_operators[i], err);
	for (size_t i = 0; r >= 0 && i < ARRAY_SIZE(seccomp_arch_names); i++)
		if (f.enabled && seccomp_arch_usable(seccomp_arch_names[i]))
			r = strv_add(&f.archs, seccomp_arch_names[i], err);
	for (size_t i = 0; r >= 0 && i < ARRAY_SIZE(seccomp_flags); i++) {
		r = strv_add(&f.known_flags, seccomp_flags[i].name, err);
		if (r >= 0 && seccomp_flag_supported(seccomp_flags[i].flag))
			r = strv_add(&f.supported_flags, seccomp_flags[i].name, err);
	}
	if (r < 0) {
		seccomp_features_done(&f);
		return r;
	}
	*ret = f;
	return 0;
}

#ifndef HAVE_SECCOMP

static bool seccomp_arch_usable(const char *oci_name)
{
	return false;
}

int seccomp_prepare(const struct oci_seccomp *s, struct rt_seccomp **ret, struct rt_err **err)
{
	*ret = NULL;
	if (!s)
		return 0;
	return rt_err_set(err, EOPNOTSUPP, "linux.seccomp: rt was built without libseccomp");
}

#else /* HAVE_SECCOMP */

#define SECCOMP_MAX_ARCHS 24
#define SECCOMP_X32_BIT 0x40000000U

static int seccomp_arch_token(const char *oci_name, uint32_t *ret)
{
	char lower[32];
	size_t n;

	if (!rt_str_has_prefix(oci_name, "SCMP_ARCH_") || (n = strlen(oci_name + 10)) >= sizeof(lower))
		return -EINVAL;
	for (size_t i = 0; i <= n; i++)
		lower[i] = (char)tolower((unsigned char)oci_name[10 + i]);
	*ret = seccomp_arch_resolve_name(lower);
	return *ret ? 0 : -EOPNOTSUPP;
}

static bool seccomp_arch_usable(const char *oci_name)
{
	uint32_t t;

	return seccomp_arch_token(oci_name, &t) == 0;
}

/*
 * Maps an action name (+ errnoRet) to a libseccomp action. where is the JSON object
 * ("linux.seccomp" for the default action, "linux.seccomp.syscalls[N]" for a rule).
 */
static int seccomp_action(const char *name, bool has_errno, uint32_t errno_ret, const char *where, bool dflt,
			  uint32_t *ret, struct rt_err **err)
{
	const char *afield = dflt ? "defaultAction" : "action", *efield = dflt ? "defaultErrnoRet" : "errnoRet";
	uint32_t data = has_errno ? errno_ret : EPERM;
	size_t i;

	if (!name)
		return rt_err_set(err, 0, "%s.%s: missing", where, afield);
	for (i = 0; i < ARRAY_SIZE(seccomp_actions); i++)
		if (strcmp(name, seccomp_actions[i].name) == 0)
			break;
	if (i == ARRAY_SIZE(seccomp_actions))
		return rt_err_set(err, 0, "%s.%s: unknown action '%s'", where, afield, name);
	/* the kernel's SECCOMP_RET_* values are libseccomp's SCMP_ACT_* values */
	*ret = seccomp_actions[i].ret;
	if (*ret == SECCOMP_RET_ERRNO || *ret == SECCOMP_RET_TRACE) {
		if (data > SECCOMP_RET_DATA)
			return rt_err_set(err, 0, "%s.%s: %u out of range", where, efield, data);
		*ret |= data;
	} else if (has_errno) {
		return rt_err_set(err, 0, "%s.%s: only valid with SCMP_ACT_ERRNO and SCMP_ACT_TRACE", where, efield);
	}
	return 0;
}

static int seccomp_operator(const char *name, enum scmp_compare *ret)
{
	static const enum scmp_compare ops[] = {SCMP_CMP_NE, SCMP_CMP_LT, SCMP_CMP_LE,	     SCMP_CMP_EQ,
						SCMP_CMP_GE, SCMP_CMP_GT, SCMP_CMP_MASKED_EQ};

	for (size_t i = 0; name && i < ARRAY_SIZE(seccomp_operators); i++)
		if (strcmp(name, seccomp_operators[i]) == 0) {
			*ret = ops[i];
			return 0;
		}
	return -EINVAL;
}

static void scmp_ctx_releasep(scmp_filter_ctx *ctx)
{
	if (*ctx)
		seccomp_release(*ctx);
}

/* Architectures of the filter: the native one plus linux.seccomp.architectures. */
static int seccomp_add_archs(scmp_filter_ctx ctx, const struct oci_seccomp *s, struct rt_err **err)
{
	uint32_t token;
	int r;

	for (size_t i = 0; i < s->architectures_len; i++) {
		const char *name = s->architectures[i];
		bool oci = false;

		for (size_t j = 0; j < ARRAY_SIZE(seccomp_arch_names); j++)
			oci = oci || strcmp(name, seccomp_arch_names[j]) == 0;
		if (!oci)
			return rt_err_set(err, 0, "linux.seccomp.architectures[%zu]: unknown architecture '%s'", i,
					  name);
		if (seccomp_arch_token(name, &token) < 0) {
			rt_warn("linux.seccomp.architectures: '%s' is not supported by libseccomp, skipped", name);
			continue;
		}
		r = seccomp_arch_add(ctx, token);
		if (r < 0 && r != -EEXIST)
			return rt_err_set(err, -r, "linux.seccomp.architectures[%zu]: add '%s'", i, name);
	}
	return 0;
}

/* One syscall name with its conditions: AND in one rule, or one rule each when an index repeats. */
static int seccomp_add_rule(scmp_filter_ctx ctx, uint32_t action, int nr, const struct scmp_arg_cmp *cmp, size_t ncmp,
			    bool split)
{
	int r;

	if (!split)
		return seccomp_rule_add_array(ctx, action, nr, (unsigned int)ncmp, cmp);
	for (size_t i = 0; i < ncmp; i++) {
		r = seccomp_rule_add_array(ctx, action, nr, 1, &cmp[i]);
		if (r < 0)
			return r;
	}
	return 0;
}

static int seccomp_parse_args(const struct oci_seccomp_syscall *sc, size_t idx, struct scmp_arg_cmp *cmp,
			      bool *ret_split, struct rt_err **err)
{
	unsigned int seen = 0;

	*ret_split = false;
	if (sc->args_len > 6)
		return rt_err_set(err, 0, "linux.seccomp.syscalls[%zu].args: more than 6 conditions", idx);
	for (size_t i = 0; i < sc->args_len; i++) {
		const struct oci_seccomp_arg *a = &sc->args[i];

		if (a->index >= 6)
			return rt_err_set(err, 0, "linux.seccomp.syscalls[%zu].args[%zu].index: %u out of range 0-5",
					  idx, i, a->index);
		if (seccomp_operator(a->op, &cmp[i].op) < 0)
			return rt_err_set(err, 0, "linux.seccomp.syscalls[%zu].args[%zu].op: unknown operator '%s'",
					  idx, i, a->op ? a->op : "");
		cmp[i].arg = a->index;
		cmp[i].datum_a = a->value;
		cmp[i].datum_b = a->value_two;
		if (seen & (1u << a->index))
			*ret_split = true;
		seen |= 1u << a->index;
	}
	return 0;
}

static int seccomp_add_syscalls(scmp_filter_ctx ctx, const struct oci_seccomp *s, uint32_t def, struct rt_err **err)
{
	char where[64];
	int r;

	for (size_t i = 0; i < s->syscalls_len; i++) {
		const struct oci_seccomp_syscall *sc = &s->syscalls[i];
		struct scmp_arg_cmp cmp[6];
		uint32_t action;
		bool split;

		snprintf(where, sizeof(where), "linux.seccomp.syscalls[%zu]", i);
		if ((r = seccomp_action(sc->action, sc->has_errno_ret, sc->errno_ret, where, false, &action, err)) <
			    0 ||
		    (r = seccomp_parse_args(sc, i, cmp, &split, err)) < 0)
			return r;
		if (action == def)
			continue;
		for (size_t j = 0; j < sc->names_len; j++) {
			int nr = seccomp_syscall_resolve_name(sc->names[j]);

			if (nr == __NR_SCMP_ERROR) {
				rt_debug("seccomp: syscall '%s' unknown to libseccomp, skipped", sc->names[j]);
				continue;
			}
			r = seccomp_add_rule(ctx, action, nr, cmp, sc->args_len, split);
			if (r < 0)
				return rt_err_set(err, -r, "linux.seccomp.syscalls[%zu]: add rule for '%s'", i,
						  sc->names[j]);
		}
	}
	return 0;
}

static int seccomp_parse_flags(const struct oci_seccomp *s, unsigned int *ret, struct rt_err **err)
{
	unsigned int flags = 0;
	size_t j;

	for (size_t i = 0; i < s->flags_len; i++) {
		for (j = 0; j < ARRAY_SIZE(seccomp_flags); j++)
			if (strcmp(s->flags[i], seccomp_flags[j].name) == 0)
				break;
		if (j == ARRAY_SIZE(seccomp_flags))
			return rt_err_set(err, 0, "linux.seccomp.flags[%zu]: unknown flag '%s'", i, s->flags[i]);
		if (!seccomp_flag_supported(seccomp_flags[j].flag))
			return rt_err_set(err, 0, "linux.seccomp.flags[%zu]: '%s' is not supported by the kernel", i,
					  s->flags[i]);
		flags |= seccomp_flags[j].flag;
	}
	*ret = flags;
	return 0;
}

static bool seccomp_profile_notifies(const struct oci_seccomp *s)
{
	if (s->default_action && strcmp(s->default_action, "SCMP_ACT_NOTIFY") == 0)
		return true;
	for (size_t i = 0; i < s->syscalls_len; i++)
		if (s->syscalls[i].action && strcmp(s->syscalls[i].action, "SCMP_ACT_NOTIFY") == 0)
			return true;
	return false;
}

static int seccomp_export(scmp_filter_ctx ctx, struct sock_filter **ret, size_t *ret_len, struct rt_err **err)
{
	_cleanup_close_ int fd = memfd_create("rt-seccomp", MFD_CLOEXEC);
	_cleanup_free_ char *buf = NULL;
	size_t len;
	int r;

	if (fd < 0)
		return rt_err_set(err, errno, "seccomp: memfd_create");
	r = seccomp_export_bpf(ctx, fd);
	if (r < 0)
		return rt_err_set(err, -r, "seccomp: export the BPF program");
	if (lseek(fd, 0, SEEK_SET) < 0)
		return rt_err_set(err, errno, "seccomp: rewind the BPF program");
	r = rt_read_all_fd(fd, BPF_MAXINSNS * sizeof(struct sock_filter) + 1, &buf, &len);
	if (r < 0)
		return rt_err_set(err, -r, "seccomp: read the BPF program");
	if (len == 0 || len % sizeof(struct sock_filter))
		return rt_err_set(err, EINVAL, "seccomp: libseccomp exported %zu bytes", len);
	*ret = (struct sock_filter *)TAKE_PTR(buf);
	*ret_len = len / sizeof(struct sock_filter);
	return 0;
}

struct seccomp_arch_max {
	uint32_t audit_arch;
	uint32_t max;
	bool x86_64;
};

/* The ENOSYS prefix only makes sense when unknown syscalls would be denied anyway. */
static bool seccomp_default_denies(uint32_t def)
{
	uint32_t a = def & SECCOMP_RET_ACTION_FULL;

	if (a == SECCOMP_RET_ERRNO)
		return (def & SECCOMP_RET_DATA) != ENOSYS;
	return a == SECCOMP_RET_KILL_PROCESS || a == SECCOMP_RET_KILL_THREAD || a == SECCOMP_RET_TRAP;
}

static void seccomp_arch_max_add(struct seccomp_arch_max *m, size_t *n, uint32_t token, const struct oci_seccomp *s)
{
	long max = -1;

	if (token == SCMP_ARCH_X32 || *n >= SECCOMP_MAX_ARCHS)
		return;
	for (size_t i = 0; i < *n; i++)
		if (m[i].audit_arch == token)
			return;
	for (size_t i = 0; i < s->syscalls_len; i++)
		for (size_t j = 0; j < s->syscalls[i].names_len; j++) {
			int nr = seccomp_syscall_resolve_name_arch(token, s->syscalls[i].names[j]);

			if (nr >= 0 && nr > max)
				max = nr;
		}
	if (max < 0)
		return;
	m[*n] = (struct seccomp_arch_max){
		.audit_arch = token, .max = (uint32_t)max, .x86_64 = token == SCMP_ARCH_X86_64};
	(*n)++;
}

/*
 * Builds the prefix (see seccomp.h):
 *	ld arch
 *	per arch: jeq ARCH ? next : skip-block; ld nr; [x86_64: jset X32 -> main]; jgt MAX -> enosys : main
 *	ja main
 *   enosys: ret ERRNO|ENOSYS
 *   main:   the libseccomp program
 */
static int seccomp_enosys_prefix(const struct oci_seccomp *s, uint32_t def, struct sock_filter *out, size_t *ret_len)
{
	struct seccomp_arch_max m[SECCOMP_MAX_ARCHS];
	size_t n = 0, pc = 0, len, enosys, mainpc;
	uint32_t token;

	*ret_len = 0;
	if (!seccomp_default_denies(def))
		return 0;
	seccomp_arch_max_add(m, &n, seccomp_arch_native(), s);
	for (size_t i = 0; i < s->architectures_len; i++)
		if (seccomp_arch_token(s->architectures[i], &token) == 0)
			seccomp_arch_max_add(m, &n, token, s);
	if (n == 0)
		return 0;
	len = 1 + 2;
	for (size_t i = 0; i < n; i++)
		len += 3 + (m[i].x86_64 ? 1 : 0);
	enosys = len - 1; /* after the ja */
	mainpc = len;
	if (!out) {
		*ret_len = len;
		return 0;
	}
	out[pc++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
	for (size_t i = 0; i < n; i++) {
		unsigned char block = m[i].x86_64 ? 3 : 2;

		out[pc] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, m[i].audit_arch, 0, block);
		pc++;
		out[pc++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
		if (m[i].x86_64) {
			out[pc] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, SECCOMP_X32_BIT,
							       (unsigned char)(mainpc - pc - 1), 0);
			pc++;
		}
		out[pc] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, m[i].max,
						       (unsigned char)(enosys - pc - 1),
						       (unsigned char)(mainpc - pc - 1));
		pc++;
	}
	out[pc++] = (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA, 1);
	out[pc++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS);
	*ret_len = pc;
	return 0;
}

/* Compiles the profile with libseccomp and prepends the ENOSYS prefix. */
static int seccomp_compile(const struct oci_seccomp *s, uint32_t def, struct sock_filter **ret, size_t *ret_len,
			   struct rt_err **err)
{
	__attribute__((cleanup(scmp_ctx_releasep))) scmp_filter_ctx ctx = NULL;
	_cleanup_free_ struct sock_filter *body = NULL, *all = NULL;
	size_t body_len = 0, pre_len = 0;
	int r;

	ctx = seccomp_init(def);
	if (!ctx)
		return rt_err_set(err, EINVAL, "seccomp: libseccomp refused default action '%s'", s->default_action);
	if ((r = seccomp_add_archs(ctx, s, err)) < 0 || (r = seccomp_add_syscalls(ctx, s, def, err)) < 0 ||
	    (r = seccomp_export(ctx, &body, &body_len, err)) < 0)
		return r;
	seccomp_enosys_prefix(s, def, NULL, &pre_len);
	if (pre_len + body_len > BPF_MAXINSNS)
		return rt_err_set(err, E2BIG, "linux.seccomp: the filter has %zu instructions, the kernel takes %d",
				  pre_len + body_len, BPF_MAXINSNS);
	all = calloc(pre_len + body_len, sizeof(*all));
	if (!all)
		return rt_err_set(err, ENOMEM, "seccomp: filter");
	seccomp_enosys_prefix(s, def, all, &pre_len);
	memcpy(all + pre_len, body, body_len * sizeof(*body));
	*ret = TAKE_PTR(all);
	*ret_len = pre_len + body_len;
	return 0;
}

int seccomp_prepare(const struct oci_seccomp *s, struct rt_seccomp **ret, struct rt_err **err)
{
	_cleanup_free_ struct rt_seccomp *out = NULL;
	struct sock_filter *prog = NULL;
	size_t len = 0;
	uint32_t def = 0;
	unsigned int flags = 0;
	int r;

	*ret = NULL;
	if (!s)
		return 0;
	if ((r = scmp_load(err)) < 0)
		return rt_err_wrap(err, "linux.seccomp");
	if ((r = seccomp_action(s->default_action, s->has_default_errno_ret, s->default_errno_ret, "linux.seccomp",
				true, &def, err)) < 0 ||
	    (r = seccomp_parse_flags(s, &flags, err)) < 0)
		return r;
	out = calloc(1, sizeof(*out));
	if (!out)
		return rt_err_set(err, ENOMEM, "seccomp");
	out->notify = seccomp_profile_notifies(s);
	if (out->notify && !s->listener_path)
		return rt_err_set(err, 0, "linux.seccomp.listenerPath: required when an action is SCMP_ACT_NOTIFY");
	if ((flags & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV) && !out->notify) {
		rt_warn("linux.seccomp.flags: SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV without SCMP_ACT_NOTIFY, ignored");
		flags &= ~(unsigned int)SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV;
	}
	if (out->notify)
		flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
	/* TSYNC reports a thread id on failure, which collides with the listener fd */
	if (out->notify && (flags & SECCOMP_FILTER_FLAG_TSYNC))
		flags |= SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
	out->flags = flags;
	r = seccomp_compile(s, def, &prog, &len, err);
	if (r < 0)
		return r;
	out->insns = prog;
	out->len = (unsigned short)len;
	*ret = TAKE_PTR(out);
	return 0;
}
#endif
