/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fs/procfs.h"
#include "linux/process_attrs.h"
#include "util/util.h"
#include "util/log.h"

#ifndef SCHED_DEADLINE
#define SCHED_DEADLINE 6
#endif
#ifndef SCHED_FLAG_RESET_ON_FORK
#define SCHED_FLAG_RESET_ON_FORK 0x01
#define SCHED_FLAG_RECLAIM 0x02
#define SCHED_FLAG_DL_OVERRUN 0x04
#define SCHED_FLAG_KEEP_POLICY 0x08
#define SCHED_FLAG_KEEP_PARAMS 0x10
#define SCHED_FLAG_UTIL_CLAMP_MIN 0x20
#define SCHED_FLAG_UTIL_CLAMP_MAX 0x40
#endif

/* <linux/ioprio.h> is not in every linux-libc-dev; the ABI is fixed. */
#define RT_IOPRIO_WHO_PROCESS 1
#define RT_IOPRIO_CLASS_SHIFT 13
#define RT_IOPRIO_PRIO_VALUE(class, data) (((class) << RT_IOPRIO_CLASS_SHIFT) | (data))

/* <linux/mempolicy.h> of older headers lacks the newest modes. */
#define RT_MPOL_F_STATIC_NODES (1 << 15)
#define RT_MPOL_F_RELATIVE_NODES (1 << 14)
#define RT_MPOL_F_NUMA_BALANCING (1 << 13)

#define BITS_PER_WORD (8 * sizeof(unsigned long))

/* struct sched_attr, SCHED_ATTR_SIZE_VER1: <linux/sched/types.h> clashes with <sched.h>. */
struct rt_sched_attr {
	uint32_t size;
	uint32_t sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime;
	uint64_t sched_deadline;
	uint64_t sched_period;
	uint32_t sched_util_min;
	uint32_t sched_util_max;
};

struct proc_rlimit {
	int resource;
	struct rlimit lim;
};

struct proc_attrs {
	struct proc_rlimit *rlimits;
	size_t rlimits_len;
	bool has_oom_score_adj;
	char oom_score_adj[16];
	bool has_sched;
	struct rt_sched_attr sched;
	bool has_ioprio;
	int ioprio;
	bool has_personality;
	unsigned long personality;
	unsigned long *affinity[2]; /* [0] initial, [1] final */
	size_t affinity_words[2];
	bool has_mempolicy;
	int mempolicy; /* mode | flags */
	unsigned long *nodemask;
	size_t nodemask_words;
	bool has_umask;
	mode_t umask;
};

static const struct {
	const char *name;
	int value;
} rlimit_names[] = {
	{"RLIMIT_CPU", RLIMIT_CPU},	      {"RLIMIT_FSIZE", RLIMIT_FSIZE},
	{"RLIMIT_DATA", RLIMIT_DATA},	      {"RLIMIT_STACK", RLIMIT_STACK},
	{"RLIMIT_CORE", RLIMIT_CORE},	      {"RLIMIT_RSS", RLIMIT_RSS},
	{"RLIMIT_NPROC", RLIMIT_NPROC},	      {"RLIMIT_NOFILE", RLIMIT_NOFILE},
	{"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK},   {"RLIMIT_AS", RLIMIT_AS},
	{"RLIMIT_LOCKS", RLIMIT_LOCKS},	      {"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING},
	{"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE}, {"RLIMIT_NICE", RLIMIT_NICE},
	{"RLIMIT_RTPRIO", RLIMIT_RTPRIO},     {"RLIMIT_RTTIME", RLIMIT_RTTIME},
};

/* Index = MPOL_* mode number. */
const char *const proc_mempolicy_mode_names[] = {
	"MPOL_DEFAULT",	       "MPOL_PREFERRED",	   "MPOL_BIND", "MPOL_INTERLEAVE", "MPOL_LOCAL",
	"MPOL_PREFERRED_MANY", "MPOL_WEIGHTED_INTERLEAVE",
};
const size_t proc_mempolicy_mode_names_len = ARRAY_SIZE(proc_mempolicy_mode_names);
const char *const proc_mempolicy_flag_names[] = {
	"MPOL_F_NUMA_BALANCING",
	"MPOL_F_RELATIVE_NODES",
	"MPOL_F_STATIC_NODES",
};
const size_t proc_mempolicy_flag_names_len = ARRAY_SIZE(proc_mempolicy_flag_names);
static const int mempolicy_flag_values[] = {RT_MPOL_F_NUMA_BALANCING, RT_MPOL_F_RELATIVE_NODES, RT_MPOL_F_STATIC_NODES};

int proc_rlimit_from_name(const char *name, int *ret)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(rlimit_names); i++)
		if (strcmp(rlimit_names[i].name, name) == 0) {
			*ret = rlimit_names[i].value;
			return 0;
		}
	return -EINVAL;
}

const char *proc_rlimit_name(int resource)
{
	for (size_t i = 0; i < ARRAY_SIZE(rlimit_names); i++)
		if (rlimit_names[i].value == resource)
			return rlimit_names[i].name;
	return NULL;
}

static int prep_rlimits(const struct oci_process *p, struct proc_attrs *a, struct rt_err **err)
{
	if (p->rlimits_len == 0)
		return 0;
	a->rlimits = calloc(p->rlimits_len, sizeof(*a->rlimits));
	if (!a->rlimits)
		return rt_err_set(err, ENOMEM, "process.rlimits");
	for (size_t i = 0; i < p->rlimits_len; i++) {
		const struct oci_rlimit *r = &p->rlimits[i];
		int res;

		if (proc_rlimit_from_name(r->type, &res) < 0)
			return rt_err_set(err, 0, "process.rlimits[%zu].type: unknown rlimit '%s'", i,
					  r->type ? r->type : "");
		for (size_t j = 0; j < i; j++)
			if (a->rlimits[j].resource == res)
				return rt_err_set(err, 0, "process.rlimits[%zu].type: duplicate rlimit '%s'", i,
						  r->type);
		if (r->soft > r->hard)
			return rt_err_set(err, 0, "process.rlimits[%zu]: %s soft limit %llu exceeds hard limit %llu", i,
					  r->type, (unsigned long long)r->soft, (unsigned long long)r->hard);
		a->rlimits[i].resource = res;
		a->rlimits[i].lim.rlim_cur = (rlim_t)r->soft;
		a->rlimits[i].lim.rlim_max = (rlim_t)r->hard;
	}
	a->rlimits_len = p->rlimits_len;
	return 0;
}

static int prep_sched_flags(const struct oci_scheduler *s, uint64_t *ret, struct rt_err **err)
{
	static const struct {
		const char *name;
		uint64_t v;
	} flags[] = {
		{"SCHED_FLAG_RESET_ON_FORK", SCHED_FLAG_RESET_ON_FORK},
		{"SCHED_FLAG_RECLAIM", SCHED_FLAG_RECLAIM},
		{"SCHED_FLAG_DL_OVERRUN", SCHED_FLAG_DL_OVERRUN},
		{"SCHED_FLAG_KEEP_POLICY", SCHED_FLAG_KEEP_POLICY},
		{"SCHED_FLAG_KEEP_PARAMS", SCHED_FLAG_KEEP_PARAMS},
		{"SCHED_FLAG_UTIL_CLAMP_MIN", SCHED_FLAG_UTIL_CLAMP_MIN},
		{"SCHED_FLAG_UTIL_CLAMP_MAX", SCHED_FLAG_UTIL_CLAMP_MAX},
	};
	size_t j;

	*ret = 0;
	for (size_t i = 0; i < s->flags_len; i++) {
		for (j = 0; j < ARRAY_SIZE(flags); j++)
			if (strcmp(s->flags[i], flags[j].name) == 0)
				break;
		if (j == ARRAY_SIZE(flags))
			return rt_err_set(err, 0, "process.scheduler.flags[%zu]: unknown flag '%s'", i, s->flags[i]);
		*ret |= flags[j].v;
	}
	return 0;
}

static int prep_scheduler(const struct oci_scheduler *s, struct proc_attrs *a, struct rt_err **err)
{
	static const char *const policies[] = {"SCHED_OTHER", "SCHED_FIFO", "SCHED_RR",	     "SCHED_BATCH",
					       "SCHED_ISO",   "SCHED_IDLE", "SCHED_DEADLINE"};
	struct rt_sched_attr *sa = &a->sched;
	int policy = -1, r;

	for (size_t i = 0; s->policy && i < ARRAY_SIZE(policies); i++)
		if (strcmp(s->policy, policies[i]) == 0)
			policy = (int)i; /* the index is the kernel's SCHED_* number */
	if (policy < 0)
		return rt_err_set(err, 0, "process.scheduler.policy: unknown policy '%s'", s->policy ? s->policy : "");
	if (policy == 4)
		return rt_err_set(err, 0, "process.scheduler.policy: 'SCHED_ISO' is not implemented by Linux");
	if (s->has_nice && (s->nice < -20 || s->nice > 19))
		return rt_err_set(err, 0, "process.scheduler.nice: %d out of range -20..19", s->nice);
	if (s->has_priority && s->priority != 0 && policy != SCHED_FIFO && policy != SCHED_RR)
		return rt_err_set(err, 0, "process.scheduler.priority: only valid with SCHED_FIFO and SCHED_RR");
	if (s->has_priority && (s->priority < 0 || s->priority > 99))
		return rt_err_set(err, 0, "process.scheduler.priority: %d out of range 0..99", s->priority);
	if ((s->has_runtime || s->has_deadline || s->has_period) && policy != SCHED_DEADLINE)
		return rt_err_set(err, 0,
				  "process.scheduler: runtime, deadline and period are only valid with "
				  "SCHED_DEADLINE");
	if (policy == SCHED_DEADLINE && !s->has_runtime)
		return rt_err_set(err, 0, "process.scheduler.runtime: required with SCHED_DEADLINE");
	r = prep_sched_flags(s, &sa->sched_flags, err);
	if (r < 0)
		return r;
	sa->size = sizeof(*sa);
	sa->sched_policy = (uint32_t)policy;
	sa->sched_nice = s->has_nice ? s->nice : 0;
	sa->sched_priority = s->has_priority ? (uint32_t)s->priority : 0;
	sa->sched_runtime = s->runtime;
	sa->sched_deadline = s->has_deadline ? s->deadline : s->runtime;
	sa->sched_period = s->has_period ? s->period : 0;
	a->has_sched = true;
	return 0;
}

static int prep_ioprio(const struct oci_io_priority *io, struct proc_attrs *a, struct rt_err **err)
{
	static const char *const classes[] = {"IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE"};
	int class = -1;

	for (size_t i = 0; io->class_ && i < ARRAY_SIZE(classes); i++)
		if (strcmp(io->class_, classes[i]) == 0)
			class = (int)i + 1;
	if (class < 0)
		return rt_err_set(err, 0, "process.ioPriority.class: unknown class '%s'", io->class_ ? io->class_ : "");
	if (io->priority < 0 || io->priority > 7)
		return rt_err_set(err, 0, "process.ioPriority.priority: %d out of range 0..7", io->priority);
	a->ioprio = RT_IOPRIO_PRIO_VALUE(class, io->priority);
	a->has_ioprio = true;
	return 0;
}

static int prep_personality(const struct oci_personality *pers, struct proc_attrs *a, struct rt_err **err)
{
	if (pers->domain && strcmp(pers->domain, "LINUX") == 0)
		a->personality = PER_LINUX;
	else if (pers->domain && strcmp(pers->domain, "LINUX32") == 0)
		a->personality = PER_LINUX32;
	else
		return rt_err_set(err, 0, "linux.personality.domain: unknown domain '%s'",
				  pers->domain ? pers->domain : "");
	/* the runtime-spec defines no flag values yet */
	for (size_t i = 0; i < pers->flags_len; i++)
		rt_warn("linux.personality.flags: unknown flag '%s' ignored", pers->flags[i]);
	a->has_personality = true;
	return 0;
}

static int prep_affinity(const struct oci_exec_cpu_affinity *aff, struct proc_attrs *a, struct rt_err **err)
{
	const char *lists[2] = {aff->initial, aff->final};
	const char *names[2] = {"initial", "final"};
	int r;

	for (int i = 0; i < 2; i++) {
		if (!lists[i])
			continue;
		r = rt_parse_id_list(lists[i], &a->affinity[i], &a->affinity_words[i]);
		if (r == -ENOMEM)
			return rt_err_set(err, ENOMEM, "process.execCPUAffinity.%s", names[i]);
		if (r < 0)
			return rt_err_set(err, 0, "process.execCPUAffinity.%s: invalid CPU list '%s'", names[i],
					  lists[i]);
	}
	return 0;
}

static int prep_mempolicy(const struct oci_memory_policy *mp, struct proc_attrs *a, struct rt_err **err)
{
	int mode = -1, flags = 0, r;
	size_t j;

	for (size_t i = 0; mp->mode && i < ARRAY_SIZE(proc_mempolicy_mode_names); i++)
		if (strcmp(mp->mode, proc_mempolicy_mode_names[i]) == 0)
			mode = (int)i;
	if (mode < 0)
		return rt_err_set(err, 0, "linux.memoryPolicy.mode: unknown mode '%s'", mp->mode ? mp->mode : "");
	for (size_t i = 0; i < mp->flags_len; i++) {
		for (j = 0; j < ARRAY_SIZE(proc_mempolicy_flag_names); j++)
			if (strcmp(mp->flags[i], proc_mempolicy_flag_names[j]) == 0)
				break;
		if (j == ARRAY_SIZE(proc_mempolicy_flag_names))
			return rt_err_set(err, 0, "linux.memoryPolicy.flags[%zu]: unknown flag '%s'", i, mp->flags[i]);
		flags |= mempolicy_flag_values[j];
	}
	if ((flags & RT_MPOL_F_STATIC_NODES) && (flags & RT_MPOL_F_RELATIVE_NODES))
		return rt_err_set(err, 0,
				  "linux.memoryPolicy.flags: MPOL_F_STATIC_NODES and MPOL_F_RELATIVE_NODES "
				  "exclude each other");
	/* MPOL_DEFAULT and MPOL_LOCAL take no nodes; the kernel refuses a non-empty mask */
	if (mp->nodes && *mp->nodes && (mode == 0 || mode == 4))
		return rt_err_set(err, 0, "linux.memoryPolicy.nodes: must be empty with %s", mp->mode);
	if ((!mp->nodes || !*mp->nodes) && mode != 0 && mode != 4 && mode != 1)
		return rt_err_set(err, 0, "linux.memoryPolicy.nodes: required with %s", mp->mode);
	if (mp->nodes && *mp->nodes) {
		r = rt_parse_id_list(mp->nodes, &a->nodemask, &a->nodemask_words);
		if (r == -ENOMEM)
			return rt_err_set(err, ENOMEM, "linux.memoryPolicy.nodes");
		if (r < 0)
			return rt_err_set(err, 0, "linux.memoryPolicy.nodes: invalid node list '%s'", mp->nodes);
	}
	a->mempolicy = mode | flags;
	a->has_mempolicy = true;
	return 0;
}

static int prep_process(const struct oci_process *p, struct proc_attrs *a, struct rt_err **err)
{
	int r;

	if ((r = prep_rlimits(p, a, err)) < 0)
		return r;
	if (p->has_oom_score_adj) {
		if (p->oom_score_adj < -1000 || p->oom_score_adj > 1000)
			return rt_err_set(err, 0, "process.oomScoreAdj: %d out of range -1000..1000", p->oom_score_adj);
		snprintf(a->oom_score_adj, sizeof(a->oom_score_adj), "%d", p->oom_score_adj);
		a->has_oom_score_adj = true;
	}
	if (p->scheduler && (r = prep_scheduler(p->scheduler, a, err)) < 0)
		return r;
	if (p->io_priority && (r = prep_ioprio(p->io_priority, a, err)) < 0)
		return r;
	if (p->exec_cpu_affinity && (r = prep_affinity(p->exec_cpu_affinity, a, err)) < 0)
		return r;
	if (p->user.has_umask) {
		if (p->user.umask > 0777)
			return rt_err_set(err, 0, "process.user.umask: %#o is not a permission mask", p->user.umask);
		a->umask = (mode_t)p->user.umask;
		a->has_umask = true;
	}
	return 0;
}

int proc_attrs_prepare(const struct oci_process *p, const struct oci_linux *l, struct proc_attrs **ret,
		       struct rt_err **err)
{
	struct proc_attrs *a = calloc(1, sizeof(*a));
	int r = 0;

	*ret = NULL;
	if (!a)
		return rt_err_set(err, ENOMEM, "process attributes");
	if (p)
		r = prep_process(p, a, err);
	if (r >= 0 && l && l->personality)
		r = prep_personality(l->personality, a, err);
	if (r >= 0 && l && l->memory_policy)
		r = prep_mempolicy(l->memory_policy, a, err);
	if (r < 0) {
		proc_attrs_free(a);
		return r;
	}
	*ret = a;
	return 0;
}

int proc_attrs_validate(const struct oci_process *p, const struct oci_linux *l, struct rt_err **err)
{
	struct proc_attrs *a = NULL;
	int r = proc_attrs_prepare(p, l, &a, err);

	proc_attrs_free(a);
	return r;
}

void proc_attrs_free(struct proc_attrs *a)
{
	if (!a)
		return;
	free(a->rlimits);
	free(a->affinity[0]);
	free(a->affinity[1]);
	free(a->nodemask);
	free(a);
}

/* ---- apply (in the child: no allocation, no printing) ------------------------ */

int proc_apply_rlimits(const struct proc_attrs *a, struct rt_err **err)
{
	for (size_t i = 0; i < a->rlimits_len; i++) {
		const struct proc_rlimit *r = &a->rlimits[i];

		if (setrlimit(r->resource, &r->lim) < 0)
			return rt_err_set(err, errno, "setrlimit %s (soft %llu, hard %llu)",
					  proc_rlimit_name(r->resource), (unsigned long long)r->lim.rlim_cur,
					  (unsigned long long)r->lim.rlim_max);
	}
	return 0;
}

int proc_apply_oom_score_adj(const struct proc_attrs *a, struct rt_err **err)
{
	int r;

	if (!a->has_oom_score_adj)
		return 0;
	r = procfs_write(0, "oom_score_adj", a->oom_score_adj, err);
	if (r < 0)
		return rt_err_wrap(err, "process.oomScoreAdj %s", a->oom_score_adj);
	return 0;
}

int proc_apply_scheduler(const struct proc_attrs *a, struct rt_err **err)
{
	if (!a->has_sched)
		return 0;
	if (syscall(SYS_sched_setattr, 0, &a->sched, 0) < 0)
		return rt_err_set(err, errno, "process.scheduler: sched_setattr (policy %u, nice %d, priority %u)",
				  a->sched.sched_policy, a->sched.sched_nice, a->sched.sched_priority);
	return 0;
}

int proc_apply_ioprio(const struct proc_attrs *a, struct rt_err **err)
{
	if (!a->has_ioprio)
		return 0;
	if (syscall(SYS_ioprio_set, RT_IOPRIO_WHO_PROCESS, 0, a->ioprio) < 0)
		return rt_err_set(err, errno, "process.ioPriority: ioprio_set (class %d, priority %d)",
				  a->ioprio >> RT_IOPRIO_CLASS_SHIFT, a->ioprio & ((1 << RT_IOPRIO_CLASS_SHIFT) - 1));
	return 0;
}

int proc_apply_mempolicy(const struct proc_attrs *a, struct rt_err **err)
{
	/* maxnode counts bits, plus one: the kernel has always dropped the last bit */
	unsigned long maxnode = a->nodemask ? a->nodemask_words * BITS_PER_WORD + 1 : 0;

	if (!a->has_mempolicy)
		return 0;
	if (syscall(SYS_set_mempolicy, a->mempolicy, a->nodemask, maxnode) < 0)
		return rt_err_set(err, errno, "linux.memoryPolicy: set_mempolicy (mode %s, flags %#x)",
				  proc_mempolicy_mode_names[a->mempolicy & 0xff], (unsigned)(a->mempolicy & ~0xff));
	return 0;
}

int proc_apply_personality(const struct proc_attrs *a, struct rt_err **err)
{
	if (!a->has_personality)
		return 0;
	if (personality(a->personality) < 0)
		return rt_err_set(err, errno, "linux.personality: personality %#lx", a->personality);
	return 0;
}

void proc_apply_umask(const struct proc_attrs *a)
{
	if (a->has_umask)
		umask(a->umask);
}

int proc_apply_affinity(const struct proc_attrs *a, bool initial, struct rt_err **err)
{
	int i = initial ? 0 : 1;

	if (!a->affinity[i])
		return 0;
	if (sched_setaffinity(0, a->affinity_words[i] * sizeof(unsigned long), (cpu_set_t *)a->affinity[i]) < 0)
		return rt_err_set(err, errno, "sched_setaffinity (execCPUAffinity.%s)", initial ? "initial" : "final");
	return 0;
}

int proc_attrs_apply(const struct proc_attrs *a, struct rt_err **err)
{
	int r;

	if ((r = proc_apply_rlimits(a, err)) < 0 || (r = proc_apply_oom_score_adj(a, err)) < 0 ||
	    (r = proc_apply_scheduler(a, err)) < 0 || (r = proc_apply_ioprio(a, err)) < 0 ||
	    (r = proc_apply_mempolicy(a, err)) < 0 || (r = proc_apply_personality(a, err)) < 0)
		return r;
	proc_apply_umask(a);
	return 0;
}

int proc_switch_user(uid_t uid, gid_t gid, const gid_t *gids, size_t n, struct rt_err **err)
{
	if (setgroups(n, gids) < 0 && !(errno == EPERM && n == 0))
		return rt_err_set(err, errno, "setgroups (%zu groups)", n);
	if (setresgid(gid, gid, gid) < 0)
		return rt_err_set(err, errno, "setresgid %u", (unsigned)gid);
	if (setresuid(uid, uid, uid) < 0)
		return rt_err_set(err, errno, "setresuid %u", (unsigned)uid);
	return 0;
}
