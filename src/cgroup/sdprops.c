/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pure half of the systemd cgroup manager: "slice:prefix:name" parsing, slice name
 * expansion, the unit properties a container's resources map to, and the text literals
 * of org.systemd.property.* annotations. No D-Bus here (systemd.c sends what this builds),
 * so everything is unit-tested and builds without libsystemd.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup/cgroup.h"
#include "cgroup/internal.h"
#include "util/util.h"

#define SD_INFINITY UINT64_MAX
#define ANNOTATION_PREFIX "org.systemd.property."

void cg_sd_prop_done(struct cg_sd_prop *p)
{
	free(p->name);
	free(p->s);
	rt_strv_free(p->strv);
	free(p->bytes);
	free(p->u64s);
	memset(p, 0, sizeof(*p));
}

void cg_sd_props_done(struct cg_sd_props *p)
{
	for (size_t i = 0; i < p->n; i++)
		cg_sd_prop_done(&p->v[i]);
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

const struct cg_sd_prop *cg_sd_props_find(const struct cg_sd_props *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].name, name) == 0)
			return &p->v[i];
	return NULL;
}

/* Appends *prop (taking its contents); a later property of the same name replaces it. */
static int props_add(struct cg_sd_props *p, struct cg_sd_prop *prop)
{
	struct cg_sd_prop *v;

	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].name, prop->name) == 0) {
			cg_sd_prop_done(&p->v[i]);
			p->v[i] = *prop;
			memset(prop, 0, sizeof(*prop));
			return 0;
		}
	v = realloc(p->v, (p->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	p->v = v;
	p->v[p->n++] = *prop;
	memset(prop, 0, sizeof(*prop));
	return 0;
}

/* A "t" (uint64) or "b" (boolean, v = 0/1) property. */
static int add_num(struct cg_sd_props *p, const char *name, const char *sig, uint64_t v)
{
	struct cg_sd_prop prop = {.name = rt_strdup(name), .u = v};
	int r;

	if (!prop.name)
		return -ENOMEM;
	memcpy(prop.sig, sig, 2);
	r = props_add(p, &prop);
	cg_sd_prop_done(&prop);
	return r;
}

static int add_u64(struct cg_sd_props *p, const char *name, uint64_t v)
{
	return add_num(p, name, "t", v);
}

static int add_bool(struct cg_sd_props *p, const char *name, bool v)
{
	return add_num(p, name, "b", v);
}

static int add_str(struct cg_sd_props *p, const char *name, const char *v)
{
	struct cg_sd_prop prop = {.name = rt_strdup(name), .sig = "s", .s = rt_strdup(v)};
	int r = prop.name && prop.s ? props_add(p, &prop) : -ENOMEM;

	cg_sd_prop_done(&prop);
	return r;
}

/* ---- names and paths ------------------------------------------------------------ */

/* Characters systemd accepts in unit names (unit_name_is_valid), '@' aside. */
static bool unit_chars_ok(const char *s)
{
	return *s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:-_.\\") == strlen(s);
}

int cg_sd_slice_path(const char *slice, char **ret, struct rt_err **err)
{
	size_t n = strlen(slice), off = 0, base;
	char buf[4096];

	if (n < 7 || strcmp(slice + n - 6, ".slice") != 0 || !unit_chars_ok(slice))
		return cg_input_err(err, EINVAL, "slice '%s': not a valid slice unit name", slice);
	if (strcmp(slice, "-.slice") == 0) {
		*ret = rt_strdup("");
		return *ret ? 0 : -ENOMEM;
	}
	base = n - 6;
	/* "a-b-c.slice" lives in /a.slice/a-b.slice/a-b-c.slice: one level per dash-prefix. */
	if (slice[0] == '-' || slice[base - 1] == '-' || strstr(slice, "--"))
		return cg_input_err(err, EINVAL, "slice '%s': empty component between dashes", slice);
	for (size_t i = 0; i <= base; i++) {
		if (i < base && slice[i] != '-')
			continue;
		int w = snprintf(buf + off, sizeof(buf) - off, "/%.*s.slice", (int)i, slice);
		if (w < 0 || (size_t)w >= sizeof(buf) - off)
			return rt_err_set(err, ENAMETOOLONG, "slice '%s'", slice);
		off += (size_t)w;
	}
	*ret = rt_strdup(buf);
	return *ret ? 0 : -ENOMEM;
}

int cg_sd_parse_path(const char *cgroups_path, const char *id, struct cg_sd_path *ret, struct rt_err **err)
{
	_cleanup_free_ char *copy = NULL;
	const char *slice, *prefix, *name;
	char *c1, *c2;
	int r;

	memset(ret, 0, sizeof(*ret));
	if (!cgroups_path || !*cgroups_path) {
		slice = "system.slice";
		prefix = "rt";
		name = id;
	} else {
		copy = rt_strdup(cgroups_path);
		if (!copy)
			return -ENOMEM;
		c1 = strchr(copy, ':');
		c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2 || strchr(c2 + 1, ':'))
			return cg_input_err(err, EINVAL, "cgroupsPath '%s': expected \"slice:prefix:name\" for systemd",
					    cgroups_path);
		*c1 = *c2 = '\0';
		slice = *copy ? copy : "system.slice";
		prefix = c1 + 1;
		name = c2 + 1;
	}
	if (!name || !*name)
		return cg_input_err(err, EINVAL, "cgroupsPath '%s': the name is empty",
				    cgroups_path ? cgroups_path : "");
	if (strlen(name) > 6 && strcmp(name + strlen(name) - 6, ".slice") == 0)
		return cg_input_err(err, EOPNOTSUPP,
				    "cgroupsPath '%s': a slice as the container's unit is not supported", cgroups_path);
	if (asprintf(&ret->unit, "%s%s%s.scope", prefix, *prefix ? "-" : "", name) < 0)
		return -ENOMEM;
	if (!unit_chars_ok(ret->unit)) {
		r = cg_input_err(err, EINVAL, "systemd unit name '%s': only letters, digits and :-_.\\ are allowed",
				 ret->unit);
		cg_sd_path_done(ret);
		return r;
	}
	ret->slice = rt_strdup(slice);
	if (!ret->slice || (r = cg_sd_slice_path(slice, &ret->slice_path, err)) < 0) {
		cg_sd_path_done(ret);
		return ret->slice ? r : -ENOMEM;
	}
	if (asprintf(&ret->path, "%s/%s", ret->slice_path, ret->unit) < 0) {
		cg_sd_path_done(ret);
		return -ENOMEM;
	}
	return 0;
}

void cg_sd_path_done(struct cg_sd_path *p)
{
	free(p->slice);
	free(p->unit);
	free(p->slice_path);
	free(p->path);
	memset(p, 0, sizeof(*p));
}

/* ---- annotation values: the GVariant text format, the subset runc users write ---- */

static const struct {
	const char *word;
	const char *sig;
} type_words[] = {
	{"boolean", "b"}, {"byte", "y"},   {"int16", "n"},  {"uint16", "q"}, {"int32", "i"},	  {"uint32", "u"},
	{"int64", "x"},	  {"uint64", "t"}, {"double", "d"}, {"string", "s"}, {"objectpath", "o"}, {"signature", "g"},
};

static const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	return s;
}

/* 'text' or "text" with \-escapes of the quote and backslash; *end after the closing quote. */
static char *parse_quoted(const char *s, const char **end)
{
	char q = *s, *out = malloc(strlen(s) + 1), *w = out;

	if (!out)
		return NULL;
	for (s++; *s && *s != q; s++) {
		if (*s == '\\' && s[1])
			s++;
		*w++ = *s;
	}
	if (*s != q) {
		free(out);
		return NULL;
	}
	*w = '\0';
	*end = s + 1;
	return out;
}

/* A number for signature sig (a basic numeric type) into p. */
static int parse_number(const char *tok, char sig, struct cg_sd_prop *p)
{
	static const struct {
		char sig;
		int64_t lo;
		uint64_t hi;
	} ranges[] = {{'y', 0, UINT8_MAX},	   {'n', INT16_MIN, INT16_MAX}, {'q', 0, UINT16_MAX},
		      {'i', INT32_MIN, INT32_MAX}, {'u', 0, UINT32_MAX},	{'x', INT64_MIN, INT64_MAX},
		      {'t', 0, UINT64_MAX}};
	char *end = NULL;

	if (sig == 'd') {
		errno = 0;
		p->d = strtod(tok, &end);
		return errno || end == tok || *end ? -EINVAL : 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(ranges); i++) {
		if (ranges[i].sig != sig)
			continue;
		if (tok[0] == '-') {
			if (rt_parse_i64(tok, &p->i) < 0 || p->i < ranges[i].lo)
				return -ERANGE;
			p->u = (uint64_t)p->i;
		} else {
			if (rt_parse_u64(tok, &p->u) < 0 || p->u > ranges[i].hi)
				return -ERANGE;
			p->i = (int64_t)p->u;
		}
		return 0;
	}
	return -EINVAL;
}

/* One scalar of signature sig ('\0': infer: true/false, quoted string, int32, double). */
static int parse_scalar(const char *s, const char **end, char sig, struct cg_sd_prop *p)
{
	char tok[64];
	size_t n;

	s = skip_ws(s);
	if (*s == '\'' || *s == '"') {
		if (sig && sig != 's' && sig != 'o' && sig != 'g')
			return -EINVAL;
		p->s = parse_quoted(s, end);
		p->sig[0] = sig ? sig : 's';
		return p->s ? 0 : -EINVAL;
	}
	n = strcspn(s, " \t\n,]");
	if (n == 0 || n >= sizeof(tok))
		return -EINVAL;
	memcpy(tok, s, n);
	tok[n] = '\0';
	*end = s + n;
	if (strcmp(tok, "true") == 0 || strcmp(tok, "false") == 0) {
		if (sig && sig != 'b')
			return -EINVAL;
		p->sig[0] = 'b';
		p->u = tok[0] == 't';
		return 0;
	}
	if (!sig) {
		/* an untyped integer is an int32, as in GVariant, unless only int64 can hold it */
		sig = strpbrk(tok, ".eE") ? 'd' : 'i';
		if (sig == 'i' && parse_number(tok, 'i', p) == -ERANGE)
			sig = 'x';
	}
	if (sig == 'b' || sig == 's' || sig == 'o' || sig == 'g' || parse_number(tok, sig, p) < 0)
		return -EINVAL;
	p->sig[0] = sig;
	return 0;
}

/* [a, b, ...] of strings (as) or of numbers (au/at/ai/ax ...); elem: the element type or '\0'. */
static int parse_array(const char *s, const char **end, char elem, struct cg_sd_prop *p)
{
	uint64_t *nums = NULL;
	size_t n = 0;
	int r = 0;

	for (s = skip_ws(s + 1); *s != ']'; s = skip_ws(s)) {
		struct cg_sd_prop e = {0};

		if ((r = parse_scalar(s, &s, elem, &e)) < 0)
			break;
		elem = elem ? elem : e.sig[0];
		if (e.sig[0] == 's' && elem == 's') {
			r = rt_strv_push(&p->strv, e.s) < 0 ? -ENOMEM : 0;
		} else if (e.sig[0] != elem || strchr("bdsog", elem)) {
			r = -EINVAL; /* mixed types, or booleans/doubles (systemd takes none) */
		} else {
			uint64_t *v = realloc(nums, (n + 1) * sizeof(*v));
			r = v ? 0 : -ENOMEM;
			if (v) {
				nums = v;
				nums[n++] = e.u;
			}
		}
		cg_sd_prop_done(&e);
		s = skip_ws(s);
		if (r < 0 || (*s != ',' && *s != ']'))
			break;
		if (*s == ',')
			s++;
	}
	if (r < 0 || *s != ']') {
		free(nums);
		return r < 0 ? r : -EINVAL;
	}
	*end = s + 1;
	p->sig[0] = 'a';
	p->sig[1] = elem ? elem : 's';
	p->u64s = nums;
	p->n64 = n;
	return 0;
}

/*
 * "NameSec" with a number in seconds is "NameUSec" in microseconds (as runc does: systemd
 * only has the USec form on D-Bus).
 */
static int sec_to_usec(struct cg_sd_prop *p)
{
	size_t n = strlen(p->name);
	char *nn;
	double us;

	if (n < 4 || strcmp(p->name + n - 3, "Sec") != 0 || p->name[n - 4] == 'U')
		return 0;
	if (p->sig[1] || !strchr("ynqiuxtd", p->sig[0]))
		return -EINVAL;
	us = p->sig[0] == 'd' ? p->d * 1e6 : (p->sig[0] == 't' ? (double)p->u : (double)p->i) * 1e6;
	if (us < 0 || us >= 1.8e19 || us != us)
		return -ERANGE;
	if (asprintf(&nn, "%.*sUSec", (int)(n - 3), p->name) < 0)
		return -ENOMEM;
	free(p->name);
	p->name = nn;
	p->u = (uint64_t)(us + 0.5);
	memcpy(p->sig, "t", 2);
	return 0;
}

int cg_sd_parse_value(const char *name, const char *text, struct cg_sd_prop *ret, struct rt_err **err)
{
	const char *s = skip_ws(text), *end = s;
	char sig = '\0';
	int r;

	memset(ret, 0, sizeof(*ret));
	if (!unit_chars_ok(name) || strpbrk(name, ":-.\\"))
		return cg_input_err(err, EINVAL, "annotation '%s%s': not a property name", ANNOTATION_PREFIX, name);
	/* "uint64 5", "@t 5": an explicit type */
	for (size_t i = 0; i < ARRAY_SIZE(type_words); i++) {
		size_t wl = strlen(type_words[i].word);
		if (strncmp(s, type_words[i].word, wl) == 0 && (s[wl] == ' ' || s[wl] == '\t')) {
			sig = type_words[i].sig[0];
			s += wl;
		}
	}
	if (!sig && s[0] == '@' && s[1] && strchr("bynqiuxtdsog", s[1]) && (s[2] == ' ' || s[2] == '\t')) {
		sig = s[1];
		s += 2;
	} else if (!sig && s[0] == '@' && s[1] == 'a' && s[2] && strchr("ynqiuxts", s[2]) && s[3] == ' ') {
		sig = 'a';
		s += 2; /* s[0] is the element type now */
	}
	ret->name = rt_strdup(name);
	if (!ret->name)
		return -ENOMEM;
	s = skip_ws(s);
	if (sig == 'a')
		r = skip_ws(s + 1)[0] == '[' ? parse_array(skip_ws(s + 1), &end, s[0], ret) : -EINVAL;
	else if (*s == '[')
		r = parse_array(s, &end, sig, ret);
	else
		r = parse_scalar(s, &end, sig, ret);
	if (r >= 0 && *skip_ws(end))
		r = -EINVAL;
	if (r >= 0)
		r = sec_to_usec(ret);
	if (r < 0) {
		cg_sd_prop_done(ret);
		return cg_input_err(err, EINVAL,
				    "annotation '%s%s': cannot parse '%s' (expected e.g. 'uint64 5', 'true', "
				    "\"'text'\", '[\"a\", \"b\"]')",
				    ANNOTATION_PREFIX, name, text);
	}
	return 0;
}

/* ---- resources -> properties ------------------------------------------------------ */

/* "0-3,5" -> a little-endian bitmask (AllowedCPUs/AllowedMemoryNodes are "ay"). */
int cg_sd_cpuset_mask(const char *list, uint8_t **ret, size_t *ret_len)
{
	const size_t bits = 8 * sizeof(unsigned long);
	_cleanup_free_ unsigned long *words = NULL;
	uint8_t *mask;
	size_t nwords, top = 0;
	int r = rt_parse_id_list(list, &words, &nwords);

	if (r < 0)
		return r;
	for (size_t b = 0; b < nwords * bits; b++)
		if (words[b / bits] & (1UL << (b % bits)))
			top = b;
	mask = calloc(top / 8 + 1, 1);
	if (!mask)
		return -ENOMEM;
	for (size_t b = 0; b <= top; b++)
		if (words[b / bits] & (1UL << (b % bits)))
			mask[b / 8] |= (uint8_t)(1u << (b % 8));
	*ret = mask;
	*ret_len = top / 8 + 1;
	return 0;
}

static int add_mask(struct cg_sd_props *p, const char *name, const char *list, struct rt_err **err)
{
	struct cg_sd_prop prop = {.sig = "ay"};
	int r;

	if (cg_sd_cpuset_mask(list, &prop.bytes, &prop.nbytes) < 0)
		return cg_input_err(err, EINVAL, "linux.resources.cpu: cannot parse cpu list '%s'", list);
	prop.name = rt_strdup(name);
	r = prop.name ? props_add(p, &prop) : -ENOMEM;
	cg_sd_prop_done(&prop);
	return r;
}

/* systemd keeps CPUQuotaPerSecUSec at 10 ms granularity (1%): round up, as runc does. */
uint64_t cg_sd_quota_per_sec(int64_t quota, uint64_t period)
{
	uint64_t us;

	if (quota <= 0 || period == 0)
		return SD_INFINITY;
	us = (uint64_t)quota * 1000000 / period;
	if (us % 10000)
		us = (us / 10000 + 1) * 10000;
	return us;
}

static int memory_props(struct cg_sd_props *p, const struct oci_memory *m, bool v2)
{
	int r = 0;

	if (m->has_limit && m->limit != 0)
		r = add_u64(p, v2 ? "MemoryMax" : "MemoryLimit", m->limit < 0 ? SD_INFINITY : (uint64_t)m->limit);
	if (r >= 0 && v2 && m->has_reservation && m->reservation != 0)
		r = add_u64(p, "MemoryLow", m->reservation < 0 ? SD_INFINITY : (uint64_t)m->reservation);
	if (r >= 0 && v2 && m->has_swap && m->swap != 0) {
		char sw[32];

		if (cg_swap_v2(m->has_limit && m->limit != 0, m->limit, m->swap, sw, sizeof(sw), NULL) >= 0) {
			uint64_t v = SD_INFINITY;
			if (strcmp(sw, "max") == 0 || rt_parse_u64(sw, &v) == 0)
				r = add_u64(p, "MemorySwapMax", v);
		}
	}
	return r;
}

static int cpu_props(struct cg_sd_props *p, const struct oci_cpu *c, bool v2, struct rt_err **err)
{
	int r = 0;

	if (c->has_shares && c->shares != 0)
		r = add_u64(p, v2 ? "CPUWeight" : "CPUShares", v2 ? cg_shares_to_weight(c->shares) : c->shares);
	if (r >= 0 && c->has_quota && c->quota != 0)
		r = add_u64(p, "CPUQuotaPerSecUSec",
			    cg_sd_quota_per_sec(c->quota, c->has_period && c->period ? c->period : 100000));
	if (r >= 0 && c->has_period && c->period != 0)
		r = add_u64(p, "CPUQuotaPeriodUSec", c->period);
	if (r >= 0 && v2 && c->cpus && *c->cpus)
		r = add_mask(p, "AllowedCPUs", c->cpus, err);
	if (r >= 0 && v2 && c->mems && *c->mems)
		r = add_mask(p, "AllowedMemoryNodes", c->mems, err);
	return r;
}

/* cgroup v2 unified keys systemd has a property for (controller on v2); numbers or "max". */
static int unified_props(struct cg_sd_props *p, const struct oci_map *u, const struct cg_layout *l)
{
	static const struct {
		const char *key, *prop;
		enum cg_ctrl c;
	} map[] = {{"memory.max", "MemoryMax", CG_MEMORY},
		   {"memory.high", "MemoryHigh", CG_MEMORY},
		   {"memory.low", "MemoryLow", CG_MEMORY},
		   {"memory.min", "MemoryMin", CG_MEMORY},
		   {"memory.swap.max", "MemorySwapMax", CG_MEMORY},
		   {"pids.max", "TasksMax", CG_PIDS},
		   {"cpu.weight", "CPUWeight", CG_CPU},
		   {"io.weight", "IOWeight", CG_BLKIO}};
	int r = 0;

	for (size_t i = 0; i < ARRAY_SIZE(map) && r >= 0; i++) {
		const char *v = oci_map_get(u, map[i].key);
		uint64_t n;

		if (!v || cg_ctrl_version(l, map[i].c) != 2)
			continue;
		if (strcmp(v, "max") == 0)
			r = add_u64(p, map[i].prop, SD_INFINITY);
		else if (rt_parse_u64(v, &n) == 0)
			r = add_u64(p, map[i].prop, n);
		/* anything else ("default 100"): the file write alone */
	}
	return r;
}

int cg_sd_resource_props(const struct oci_resources *res, const struct cg_layout *l, struct cg_sd_props *p,
			 struct rt_err **err)
{
	int r = 0;

	if (!res)
		return 0;
	if (res->memory && cg_ctrl_version(l, CG_MEMORY))
		r = memory_props(p, res->memory, cg_ctrl_version(l, CG_MEMORY) == 2);
	if (r >= 0 && res->cpu && cg_ctrl_version(l, CG_CPU))
		r = cpu_props(p, res->cpu, cg_ctrl_version(l, CG_CPU) == 2, err);
	if (r >= 0 && res->pids && res->pids->has_limit && cg_ctrl_version(l, CG_PIDS))
		r = add_u64(p, "TasksMax", res->pids->limit <= 0 ? SD_INFINITY : (uint64_t)res->pids->limit);
	if (r >= 0 && res->block_io && res->block_io->has_weight && res->block_io->weight &&
	    cg_ctrl_version(l, CG_BLKIO))
		r = cg_ctrl_version(l, CG_BLKIO) == 2
			    ? add_u64(p, "IOWeight", cg_blkio_weight_to_io(res->block_io->weight))
			    : add_u64(p, "BlockIOWeight", res->block_io->weight);
	if (r >= 0)
		r = unified_props(p, &res->unified, l);
	if (r == -ENOMEM)
		return rt_err_set(err, ENOMEM, "systemd properties");
	return r;
}

int cg_sd_annotation_props(const struct oci_map *annotations, struct cg_sd_props *p, struct rt_err **err)
{
	for (size_t i = 0; annotations && i < annotations->len; i++) {
		const struct oci_kv *kv = &annotations->items[i];
		struct cg_sd_prop prop;
		int r;

		if (!rt_str_has_prefix(kv->key, ANNOTATION_PREFIX))
			continue;
		r = cg_sd_parse_value(kv->key + strlen(ANNOTATION_PREFIX), kv->value ? kv->value : "", &prop, err);
		if (r < 0)
			return r;
		r = props_add(p, &prop);
		cg_sd_prop_done(&prop);
		if (r < 0)
			return rt_err_set(err, ENOMEM, "systemd properties");
	}
	return 0;
}

int cg_sd_unit_props(const struct cg_sd_path *sp, const char *id, const struct oci_resources *res,
		     const struct cg_layout *l, const struct oci_map *annotations, struct cg_sd_props *p,
		     struct rt_err **err)
{
	_cleanup_free_ char *desc = NULL;
	const char *io;
	int r;

	if (asprintf(&desc, "rt container %s", id) < 0)
		return rt_err_set(err, ENOMEM, "systemd properties");
	r = add_str(p, "Description", desc);
	if (r >= 0)
		r = add_str(p, "Slice", sp->slice);
	if (r >= 0)
		r = add_bool(p, "Delegate", true);
	if (r >= 0)
		r = add_bool(p, "DefaultDependencies", false);
	/*
	 * accounting on: systemd then enables the controllers up to the scope (v2). A v1 blkio
	 * takes BlockIOAccounting: with IOAccounting systemd applies the (default) IOWeight as
	 * blkio weight instead of BlockIOWeight and logs a compatibility warning.
	 */
	io = cg_ctrl_version(l, CG_BLKIO) == 1 ? "BlockIOAccounting" : "IOAccounting";
	for (const char *const *a =
		     (const char *const[]){"MemoryAccounting", "CPUAccounting", io, "TasksAccounting", NULL};
	     r >= 0 && *a; a++)
		r = add_bool(p, *a, true);
	if (r == -ENOMEM)
		return rt_err_set(err, ENOMEM, "systemd properties");
	if (r >= 0)
		r = cg_sd_resource_props(res, l, p, err);
	/* last: the annotations override what rt derived */
	if (r >= 0)
		r = cg_sd_annotation_props(annotations, p, err);
	return r;
}
