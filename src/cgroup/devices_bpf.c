/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Device rules on cgroup2: cgroup2 has no devices controller; access to device nodes
 * is decided by BPF_PROG_TYPE_CGROUP_DEVICE programs attached to the cgroup. We
 * assemble one by hand (no libbpf, no compiler): the program reads the request
 * (type, access, major, minor) and walks the rules from the last to the first; the
 * first rule that matches returns its verdict, nothing matching returns deny. That is
 * the v1 semantic of `devices.deny a` followed by the rules in order.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup/cgroup.h"
#include "cgroup/internal.h"
#include "util/util.h"

#define INSN(c, d, s, o, i)                                                                                            \
	((struct bpf_insn){.code = (c), .dst_reg = (d), .src_reg = (s), .off = (int16_t)(o), .imm = (int32_t)(i)})
#define LDX_W(d, s, o) INSN(BPF_LDX | BPF_MEM | BPF_W, d, s, o, 0)
#define ALU32_IMM(op, d, i) INSN(BPF_ALU | (op) | BPF_K, d, 0, 0, i)
#define MOV32_REG(d, s) INSN(BPF_ALU | BPF_MOV | BPF_X, d, s, 0, 0)
#define MOV64_IMM(d, i) INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define JNE_IMM(d, i, o) INSN(BPF_JMP | BPF_JNE | BPF_K, d, 0, o, i)
#define EXIT() INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* Registers after the prologue. */
enum { R_CTX = 1, R_TMP = 1, R_TYPE = 2, R_ACC = 3, R_MAJOR = 4, R_MINOR = 5 };

struct prog {
	struct bpf_insn *v;
	size_t n, cap;
};

static int emit(struct prog *p, struct bpf_insn i)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		struct bpf_insn *nv = realloc(p->v, cap * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		p->v = nv;
		p->cap = cap;
	}
	p->v[p->n++] = i;
	return 0;
}

struct rule {
	int type;      /* BPF_DEVCG_DEV_*, 0 = any */
	int acc;       /* BPF_DEVCG_ACC_* mask */
	int64_t major; /* -1 = any */
	int64_t minor;
	bool allow;
};

static int parse_rule(const struct oci_device_cgroup *d, struct rule *r, struct rt_err **err)
{
	char buf[80];
	int q = cg_device_rule(d, buf, sizeof(buf), err); /* validates type and access */

	if (q < 0)
		return q;
	r->type = buf[0] == 'b' ? BPF_DEVCG_DEV_BLOCK : buf[0] == 'c' ? BPF_DEVCG_DEV_CHAR : 0;
	r->acc = 0;
	for (const char *a = d->access && *d->access ? d->access : "rwm"; *a; a++)
		r->acc |= *a == 'r' ? BPF_DEVCG_ACC_READ : *a == 'w' ? BPF_DEVCG_ACC_WRITE : BPF_DEVCG_ACC_MKNOD;
	r->major = d->has_major && d->major >= 0 ? d->major : -1;
	r->minor = d->has_minor && d->minor >= 0 ? d->minor : -1;
	if (r->major > INT32_MAX || r->minor > INT32_MAX)
		return cg_input_err(err, ERANGE, "linux.resources.devices: '%s': number out of range", buf);
	r->allow = d->allow;
	/* v1 treats type 'a' as "everything", whatever major/minor/access say. */
	if (r->type == 0) {
		r->major = r->minor = -1;
		r->acc = 7;
	}
	return 0;
}

/* One rule: a chain of "if not X goto next rule" and a verdict. */
static int emit_rule(struct prog *p, const struct rule *r)
{
	struct bpf_insn blk[8];
	bool jump[8] = {0};
	int k = 0;

	if (r->type != 0) {
		jump[k] = true;
		blk[k++] = JNE_IMM(R_TYPE, r->type, 0);
	}
	if (r->acc != 7) { /* the request must be a subset of the rule's access */
		blk[k++] = MOV32_REG(R_TMP, R_ACC);
		blk[k++] = ALU32_IMM(BPF_AND, R_TMP, ~r->acc & 7);
		jump[k] = true;
		blk[k++] = JNE_IMM(R_TMP, 0, 0);
	}
	if (r->major >= 0) {
		jump[k] = true;
		blk[k++] = JNE_IMM(R_MAJOR, r->major, 0);
	}
	if (r->minor >= 0) {
		jump[k] = true;
		blk[k++] = JNE_IMM(R_MINOR, r->minor, 0);
	}
	blk[k++] = MOV64_IMM(0, r->allow ? 1 : 0);
	blk[k++] = EXIT();
	for (int i = 0; i < k; i++) {
		if (jump[i])
			blk[i].off = (int16_t)(k - i - 1); /* to the first instruction after the block */
		if (emit(p, blk[i]) < 0)
			return -ENOMEM;
	}
	return 0;
}

int cg_devices_prog(const struct oci_device_cgroup *rules, size_t n, struct bpf_insn **ret, size_t *ret_len,
		    struct rt_err **err)
{
	struct prog p = {0};
	int q = 0;

	/* access_type = (access << 16) | type */
	q |= emit(&p, LDX_W(R_TYPE, R_CTX, 0));
	q |= emit(&p, ALU32_IMM(BPF_AND, R_TYPE, 0xffff));
	q |= emit(&p, LDX_W(R_ACC, R_CTX, 0));
	q |= emit(&p, ALU32_IMM(BPF_RSH, R_ACC, 16));
	q |= emit(&p, LDX_W(R_MAJOR, R_CTX, 4));
	q |= emit(&p, LDX_W(R_MINOR, R_CTX, 8));
	for (size_t i = n; q == 0 && i-- > 0;) {
		struct rule r = {0};
		int e = parse_rule(&rules[i], &r, err);

		if (e < 0) {
			free(p.v);
			return e;
		}
		q = emit_rule(&p, &r);
		if (r.type == 0) /* matches everything: earlier rules are unreachable */
			goto done;
	}
	q |= emit(&p, MOV64_IMM(0, 0));
	q |= emit(&p, EXIT());
done:
	if (q) {
		free(p.v);
		return rt_err_set(err, ENOMEM, "cgroup: device program");
	}
	*ret = p.v;
	*ret_len = p.n;
	return 0;
}

static int bpf(int cmd, union bpf_attr *a)
{
	long r = syscall(SYS_bpf, cmd, a, sizeof(*a));

	return r < 0 ? -errno : (int)r;
}

/* Detaches every device program attached directly to the cgroup, except keep_fd's. */
static int detach_old(int cgfd, int keep_fd, struct rt_err **err)
{
	uint32_t ids[64];
	union bpf_attr a;
	struct bpf_prog_info info;
	uint32_t keep_id = 0;
	int r;

	memset(&a, 0, sizeof(a));
	memset(&info, 0, sizeof(info));
	a.info.bpf_fd = (uint32_t)keep_fd;
	a.info.info_len = sizeof(info);
	a.info.info = (uint64_t)(uintptr_t)&info;
	if (bpf(BPF_OBJ_GET_INFO_BY_FD, &a) == 0)
		keep_id = info.id;
	memset(&a, 0, sizeof(a));
	a.query.target_fd = (uint32_t)cgfd;
	a.query.attach_type = BPF_CGROUP_DEVICE;
	a.query.prog_ids = (uint64_t)(uintptr_t)ids;
	a.query.prog_cnt = ARRAY_SIZE(ids);
	if ((r = bpf(BPF_PROG_QUERY, &a)) < 0)
		return rt_err_set(err, -r, "cgroup: query device programs");
	for (uint32_t i = 0; i < a.query.prog_cnt && i < ARRAY_SIZE(ids); i++) {
		union bpf_attr g = {0}, d = {0};
		_cleanup_close_ int fd = -1;

		if (ids[i] == keep_id)
			continue;
		g.prog_id = ids[i];
		if ((fd = bpf(BPF_PROG_GET_FD_BY_ID, &g)) < 0)
			continue; /* gone meanwhile */
		d.target_fd = (uint32_t)cgfd;
		d.attach_bpf_fd = (uint32_t)fd;
		d.attach_type = BPF_CGROUP_DEVICE;
		if ((r = bpf(BPF_PROG_DETACH, &d)) < 0 && r != -ENOENT)
			return rt_err_set(err, -r, "cgroup: detach device program %u", ids[i]);
	}
	return 0;
}

int cg_devices_apply(int cgroup_fd, const struct oci_device_cgroup *rules, size_t n, struct rt_err **err)
{
	_cleanup_free_ struct bpf_insn *insns = NULL;
	_cleanup_close_ int prog = -1;
	char log[4096] = "";
	union bpf_attr a;
	size_t len;
	int r;

	if ((r = cg_devices_prog(rules, n, &insns, &len, err)) < 0)
		return r;
	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	a.insns = (uint64_t)(uintptr_t)insns;
	a.insn_cnt = (uint32_t)len;
	a.license = (uint64_t)(uintptr_t) "GPL";
	a.log_buf = (uint64_t)(uintptr_t)log;
	a.log_size = sizeof(log);
	a.log_level = 1;
	if ((prog = bpf(BPF_PROG_LOAD, &a)) < 0) {
		log[strcspn(log, "\n")] = '\0';
		return rt_err_set(err, -prog, "cgroup: load device program (%s)", log);
	}
	/* Attach the new one first: while both run, access needs both to allow. */
	memset(&a, 0, sizeof(a));
	a.target_fd = (uint32_t)cgroup_fd;
	a.attach_bpf_fd = (uint32_t)prog;
	a.attach_type = BPF_CGROUP_DEVICE;
	a.attach_flags = BPF_F_ALLOW_MULTI;
	if ((r = bpf(BPF_PROG_ATTACH, &a)) < 0)
		return rt_err_set(err, -r, "cgroup: attach device program");
	return detach_old(cgroup_fd, prog, err);
}
