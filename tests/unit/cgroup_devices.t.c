/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The cgroup2 device program, checked without root: a tiny interpreter for the
 * instructions the assembler may emit runs the program over a grid of requests and
 * compares each verdict with the v1 rule semantic computed independently here.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <string.h>

#include "cgroup/cgroup.h"
#include "tests/unit/tap.h"
#include "util/util.h"

/* Returns R0, or -1 on an instruction the interpreter does not know / a bad jump. */
static int64_t run(const struct bpf_insn *p, size_t n, const uint32_t ctx[3])
{
	uint64_t r[11] = {0};

	for (size_t pc = 0, steps = 0; pc < n && steps < 10000; pc++, steps++) {
		const struct bpf_insn *i = &p[pc];

		switch (i->code) {
		case BPF_LDX | BPF_MEM | BPF_W:
			if (i->src_reg != 1 || i->off < 0 || i->off > 8 || i->off % 4)
				return -1;
			r[i->dst_reg] = ctx[i->off / 4];
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			r[i->dst_reg] = (uint32_t)r[i->dst_reg] & (uint32_t)i->imm;
			break;
		case BPF_ALU | BPF_RSH | BPF_K:
			r[i->dst_reg] = (uint32_t)r[i->dst_reg] >> i->imm;
			break;
		case BPF_ALU | BPF_MOV | BPF_X:
			r[i->dst_reg] = (uint32_t)r[i->src_reg];
			break;
		case BPF_ALU64 | BPF_MOV | BPF_K:
			r[i->dst_reg] = (uint64_t)(int64_t)i->imm;
			break;
		case BPF_JMP | BPF_JNE | BPF_K:
			if (r[i->dst_reg] != (uint64_t)(int64_t)i->imm) {
				if (i->off < 0 || pc + (size_t)i->off >= n)
					return -1;
				pc += (size_t)i->off;
			}
			break;
		case BPF_JMP | BPF_EXIT:
			return (int64_t)r[0];
		default:
			return -1;
		}
	}
	return -1;
}

/* v1 semantic: deny all, then every rule in order; the last matching one decides. */
static bool reference(const struct oci_device_cgroup *rules, size_t n, char type, int acc, int64_t maj, int64_t min)
{
	bool verdict = false;

	for (size_t k = 0; k < n; k++) {
		const struct oci_device_cgroup *d = &rules[k];
		const char *t = d->type ? d->type : "a", *a = d->access ? d->access : "rwm";
		int racc = (strchr(a, 'm') ? 1 : 0) | (strchr(a, 'r') ? 2 : 0) | (strchr(a, 'w') ? 4 : 0);

		if (t[0] == 'a') {
			verdict = d->allow;
			continue;
		}
		if (t[0] != type || (acc & ~racc) || (d->has_major && d->major != maj) ||
		    (d->has_minor && d->minor != min))
			continue;
		verdict = d->allow;
	}
	return verdict;
}

#define R(al, t, hm, ma, hn, mi, ac)                                                                                   \
	{                                                                                                              \
		.allow = al, .type = t, .has_major = hm, .major = ma, .has_minor = hn, .minor = mi, .access = ac       \
	}

static int mismatches(const struct oci_device_cgroup *rules, size_t n, const char *what)
{
	static const int64_t majors[] = {0, 1, 5, 10, 136, 250}, minors[] = {0, 1, 3, 5, 9, 200};
	_cleanup_free_ struct bpf_insn *p = NULL;
	struct rt_err *err = NULL;
	size_t len = 0;
	int bad = 0;

	if (cg_devices_prog(rules, n, &p, &len, &err) < 0) {
		printf("# %s: %s\n", what, err->msg);
		rt_err_free(err);
		return -1;
	}
	for (int t = 0; t < 2; t++)
		for (int acc = 1; acc <= 7; acc++)
			for (size_t a = 0; a < ARRAY_SIZE(majors); a++)
				for (size_t b = 0; b < ARRAY_SIZE(minors); b++) {
					uint32_t ctx[3] = {(uint32_t)(acc << 16) |
								   (t ? BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK),
							   (uint32_t)majors[a], (uint32_t)minors[b]};
					int64_t got = run(p, len, ctx);
					bool want = reference(rules, n, t ? 'c' : 'b', acc, majors[a], minors[b]);

					if (got != (want ? 1 : 0) && bad++ < 3)
						printf("# %s: %c %lld:%lld acc %d: got %lld want %d\n", what,
						       t ? 'c' : 'b', (long long)majors[a], (long long)minors[b], acc,
						       (long long)got, want);
				}
	return bad;
}

int main(void)
{
	/* Docker/runc's default list */
	struct oci_device_cgroup dflt[] = {
		R(false, NULL, 0, 0, 0, 0, "rwm"), R(true, "c", 1, 1, 1, 3, "rwm"),    R(true, "c", 1, 1, 1, 5, "rwm"),
		R(true, "c", 1, 1, 1, 9, "rwm"),   R(true, "c", 1, 5, 1, 0, "rwm"),    R(true, "c", 1, 5, 1, 1, "rwm"),
		R(true, "c", 1, 136, 0, 0, "rwm"), R(true, "c", 1, 10, 1, 200, "rwm"), R(false, "c", 1, 5, 1, 1, "w"),
		R(true, "b", 0, 0, 0, 0, "m"),	   R(true, "c", 0, 0, 0, 0, "m"),
	};
	struct oci_device_cgroup allow_all_mid[] = {
		R(false, "c", 1, 1, 1, 3, "rwm"),
		R(true, "a", 0, 0, 0, 0, NULL),
		R(false, "c", 1, 1, 1, 5, "r"),
		R(false, "b", 1, 250, 0, 0, "rw"),
	};
	struct oci_device_cgroup bad[] = {R(true, "x", 0, 0, 0, 0, "r")};
	_cleanup_free_ struct bpf_insn *p = NULL;
	struct rt_err *err = NULL;
	size_t len = 0;
	uint32_t ctx[3] = {(2u << 16) | BPF_DEVCG_DEV_CHAR, 1, 3};

	ok(cg_devices_prog(NULL, 0, &p, &len, &err) == 0 && run(p, len, ctx) == 0, "no rules: deny everything");
	free(TAKE_PTR(p));
	is_int(mismatches(dflt, ARRAY_SIZE(dflt), "default list"), 0, "default list agrees with v1 semantic");
	is_int(mismatches(allow_all_mid, ARRAY_SIZE(allow_all_mid), "allow all mid"), 0,
	       "an allow-all rule in the middle agrees");
	is_int(mismatches(allow_all_mid, 1, "single deny"), 0, "a single deny rule agrees");
	ok(cg_devices_prog(allow_all_mid, 2, &p, &len, &err) == 0 && len == 6 + 2,
	   "rules before a match-all rule are not emitted (%zu insns)", len);
	free(TAKE_PTR(p));
	is_int(cg_devices_prog(bad, 1, &p, &len, &err), -EINVAL, "invalid type refused");
	is_str(err ? err->msg : NULL, "linux.resources.devices: invalid type 'x'", "error names the field");
	rt_err_free(err);
	return done_testing();
}
