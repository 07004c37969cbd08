/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The parsing half of the engine: yajl's streaming callbacks drive a stack of frames,
 * one per open JSON object/array we are filling; values land straight in the result
 * struct, so the only allocations are the result's own. An ignored (unknown) member is
 * skipped by counting nesting, without frames. Every partial result is reachable from
 * the root at every moment, so an error anywhere frees everything with the same
 * table-driven free.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "libocispec/engine.h"
#include "util/util.h"

enum jtype { J_NULL, J_BOOL, J_INT, J_FLOAT, J_STR, J_OBJ, J_ARR };

static const char *const jtype_names[] = {"null", "boolean", "integer", "float", "string", "object", "array"};

enum frame_kind { FR_OBJ, FR_ARR, FR_STRV, FR_U32V, FR_MAP, FR_KEYED };

struct frame {
	uint8_t kind;
	const struct oci_type *type;   /* FR_OBJ: its type; FR_ARR/FR_KEYED: element type */
	char *base;		       /* FR_OBJ: the struct; others: the struct owning the field */
	const struct oci_field *field; /* FR_OBJ: member being read (NULL: unknown); others: owning field */
	uint64_t seen;		       /* FR_OBJ: members seen, one bit per table row */
	size_t cap;		       /* containers: allocated elements */
	size_t idx;		       /* arrays: index of the current element */
	const char *key;	       /* FR_MAP/FR_KEYED: current key (owned by the result) */
};

struct parser {
	const char *name;
	struct rt_err **err;
	const struct oci_type *root_type;
	void *root;
	unsigned depth; /* frames in use */
	unsigned skip;	/* nesting inside an ignored value */
	bool skip_next; /* the next value belongs to an unknown member */
	bool failed;
	char skip_key[64];
	struct frame frames[OCI_MAX_DEPTH + 1];
};

#define FIELD_PTR(base, f) ((void *)((base) + (f)->off))
#define AUX_PTR(base, f, T) ((T *)((base) + (f)->aux_off))

/* ---- error messages with a JSON path ---------------------------------------------------- */

static bool key_is_simple(const char *k)
{
	if (!*k)
		return false;
	for (; *k; k++)
		if (!(*k >= 'a' && *k <= 'z') && !(*k >= 'A' && *k <= 'Z') && !(*k >= '0' && *k <= '9') && *k != '_' &&
		    *k != '-')
			return false;
	return true;
}

static void path_append(char *buf, size_t size, size_t *pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void path_append(char *buf, size_t size, size_t *pos, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*pos >= size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *pos, size - *pos, fmt, ap);
	va_end(ap);
	if (n > 0)
		*pos = *pos + (size_t)n < size ? *pos + (size_t)n : size - 1;
}

/* Writes the path of the first n frames' current members into buf. */
static void build_path(const struct parser *p, unsigned n, char *buf, size_t size)
{
	size_t pos = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < n; i++) {
		const struct frame *fr = &p->frames[i];
		const char *seg = NULL;

		switch (fr->kind) {
		case FR_OBJ:
			/* the top object's unknown member is named while its value is skipped */
			if (fr->field)
				seg = fr->field->name;
			else if ((p->skip || p->skip_next) && i + 1 == p->depth)
				seg = p->skip_key;
			if (seg)
				path_append(buf, size, &pos, "%s%s", pos ? "." : "", seg);
			break;
		case FR_ARR:
		case FR_STRV:
		case FR_U32V:
			path_append(buf, size, &pos, "[%zu]", fr->idx);
			break;
		case FR_MAP:
		case FR_KEYED:
			if (!fr->key)
				break;
			if (key_is_simple(fr->key))
				path_append(buf, size, &pos, "%s%s", pos ? "." : "", fr->key);
			else
				path_append(buf, size, &pos, "[\"%.200s\"]", fr->key);
			break;
		}
	}
}

/* Sets the error "<name>: <path of n frames>: <msg>" and cancels the parse. */
static int fail_at(struct parser *p, unsigned n, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail_at(struct parser *p, unsigned n, int errnum, const char *fmt, ...)
{
	char path[512], msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	build_path(p, n, path, sizeof(path));
	if (path[0])
		rt_err_set(p->err, errnum, "%s: %s: %s", p->name, path, msg);
	else
		rt_err_set(p->err, errnum, "%s: %s", p->name, msg);
	p->failed = true;
	return 0;
}

#define fail(p, ...) fail_at(p, (p)->depth, 0, __VA_ARGS__)

static int fail_oom(struct parser *p)
{
	return fail_at(p, 0, ENOMEM, "out of memory");
}

static const char *kind_json_type(uint8_t kind)
{
	switch (kind) {
	case OCI_K_STR:
		return "string";
	case OCI_K_BOOL:
		return "boolean";
	case OCI_K_ARR:
	case OCI_K_STRV:
	case OCI_K_U32V:
		return "array";
	case OCI_K_OBJ:
	case OCI_K_INLINE:
	case OCI_K_MAP:
	case OCI_K_KEYED:
		return "object";
	default:
		return "integer";
	}
}

static int fail_type(struct parser *p, const char *want, enum jtype got)
{
	return fail(p, "expected %s, got %s", want, jtype_names[got]);
}

/* ---- numbers ---------------------------------------------------------------------------- */

/*
 * Converts yajl's number text (already valid JSON number grammar) for an integer kind.
 * Magnitude is accumulated in uint64 with overflow checks, so every uint64 is exact.
 */
static int store_int(struct parser *p, uint8_t kind, void *dst, const char *s, size_t len)
{
	static const struct {
		const char *name;
		int64_t min;
		uint64_t max;
	} lim[] = {
		[OCI_K_U16] = {"uint16", 0, UINT16_MAX},       [OCI_K_U32] = {"uint32", 0, UINT32_MAX},
		[OCI_K_I32] = {"int32", INT32_MIN, INT32_MAX}, [OCI_K_I64] = {"int64", INT64_MIN, INT64_MAX},
		[OCI_K_U64] = {"uint64", 0, UINT64_MAX},
	};
	bool neg = len > 0 && s[0] == '-';
	uint64_t mag = 0;
	bool range = false;

	for (size_t i = neg; i < len; i++) {
		unsigned d = (unsigned)(s[i] - '0');
		if (mag > (UINT64_MAX - d) / 10)
			range = true;
		mag = mag * 10 + d;
	}
	if (neg)
		range = range || mag > (uint64_t)INT64_MAX + 1 || (mag > 0 && lim[kind].min == 0) ||
			mag > (uint64_t) - (lim[kind].min + 1) + 1;
	else
		range = range || mag > lim[kind].max;
	if (range)
		return fail(p, "value %.*s out of range for %s", (int)(len > 40 ? 40 : len), s, lim[kind].name);

	int64_t v = neg ? (int64_t)(0 - mag) : (int64_t)mag;
	switch (kind) {
	case OCI_K_U16:
		*(uint16_t *)dst = (uint16_t)mag;
		break;
	case OCI_K_U32:
		*(uint32_t *)dst = (uint32_t)mag;
		break;
	case OCI_K_I32:
		*(int32_t *)dst = (int32_t)v;
		break;
	case OCI_K_I64:
		*(int64_t *)dst = v;
		break;
	default:
		*(uint64_t *)dst = mag;
	}
	return 1;
}

static enum jtype number_type(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] == '.' || s[i] == 'e' || s[i] == 'E')
			return J_FLOAT;
	return J_INT;
}

/* ---- containers ------------------------------------------------------------------------------ */

static struct frame *push(struct parser *p, uint8_t kind, const struct oci_type *type, char *base,
			  const struct oci_field *field)
{
	struct frame *fr;

	if (p->depth >= OCI_MAX_DEPTH) {
		fail(p, "nesting deeper than %u levels", OCI_MAX_DEPTH);
		return NULL;
	}
	fr = &p->frames[p->depth++];
	*fr = (struct frame){.kind = kind, .type = type, .base = base, .field = field};
	return fr;
}

/*
 * Makes room for one more element of `size` bytes in the array at *arr holding *len,
 * zeroes it (plus one trailing slot, which keeps string vectors NULL-terminated) and
 * counts it, so a partial element is always reachable for the free.
 */
static void *grow(struct parser *p, struct frame *fr, void **arr, size_t *len, size_t size)
{
	char *a = *arr;

	if (*len + 2 > fr->cap) {
		size_t cap = fr->cap ? fr->cap * 2 : 4;
		a = realloc(a, cap * size);
		if (!a) {
			fail_oom(p);
			return NULL;
		}
		*arr = a;
		fr->cap = cap;
	}
	memset(a + *len * size, 0, 2 * size);
	return a + (*len)++ * size;
}

static char *dup_string(struct parser *p, const unsigned char *s, size_t len)
{
	char *r;

	if (memchr(s, '\0', len)) {
		fail(p, "string contains a NUL byte");
		return NULL;
	}
	r = malloc(len + 1);
	if (!r) {
		fail_oom(p);
		return NULL;
	}
	memcpy(r, s, len);
	r[len] = '\0';
	return r;
}

/* ---- values ---------------------------------------------------------------------------- */

struct jval {
	enum jtype t;
	const char *s;
	size_t len;
	int b;
};

static int set_scalar(struct parser *p, const struct oci_field *f, char *base, const struct jval *v)
{
	void *dst = FIELD_PTR(base, f);

	if (f->kind == OCI_K_STR && v->t == J_STR) {
		char *s = dup_string(p, (const unsigned char *)v->s, v->len);
		if (!s)
			return 0;
		*(char **)dst = s;
		if ((f->flags & OCI_F_VERSION) && strncmp(s, "1.", 2) != 0)
			return fail(p, "unsupported version '%s'", s);
		return 1;
	}
	if (f->kind == OCI_K_BOOL && v->t == J_BOOL) {
		*(bool *)dst = v->b;
	} else if (f->kind >= OCI_K_U16 && f->kind <= OCI_K_U64 && v->t == J_INT) {
		if (!store_int(p, f->kind, dst, v->s, v->len))
			return 0;
	} else {
		return fail_type(p, kind_json_type(f->kind), v->t);
	}
	if (f->aux_off != OCI_NONE)
		*AUX_PTR(base, f, bool) = true;
	return 1;
}

/* A value for member f of the object frame fr. */
static int member_value(struct parser *p, struct frame *fr, const struct jval *v)
{
	const struct oci_field *f = fr->field;
	char *base = fr->base;
	void *dst = FIELD_PTR(base, f);

	if (v->t == J_NULL)
		return f->flags & OCI_F_REQ ? fail_type(p, kind_json_type(f->kind), v->t) : 1;
	switch (f->kind) {
	case OCI_K_OBJ:
	case OCI_K_INLINE:
	case OCI_K_MAP:
	case OCI_K_KEYED:
		if (v->t != J_OBJ)
			return fail_type(p, "object", v->t);
		break;
	case OCI_K_ARR:
	case OCI_K_STRV:
	case OCI_K_U32V:
		if (v->t != J_ARR)
			return fail_type(p, "array", v->t);
		break;
	default:
		return set_scalar(p, f, base, v);
	}
	switch (f->kind) {
	case OCI_K_OBJ: {
		void *child = calloc(1, f->child->size);
		if (!child)
			return fail_oom(p);
		*(void **)dst = child;
		return push(p, FR_OBJ, f->child, child, NULL) != NULL;
	}
	case OCI_K_INLINE:
		if (f->aux_off != OCI_NONE)
			*AUX_PTR(base, f, bool) = true;
		return push(p, FR_OBJ, f->child, dst, NULL) != NULL;
	case OCI_K_MAP:
		return push(p, FR_MAP, NULL, base, f) != NULL;
	case OCI_K_KEYED:
		return push(p, FR_KEYED, f->child, base, f) != NULL;
	case OCI_K_ARR:
		return push(p, FR_ARR, f->child, base, f) != NULL;
	case OCI_K_STRV:
		return push(p, FR_STRV, NULL, base, f) != NULL;
	default:
		return push(p, FR_U32V, NULL, base, f) != NULL;
	}
}

/* A value inside an array or map frame. */
static int element_value(struct parser *p, struct frame *fr, const struct jval *v)
{
	const struct oci_field *f = fr->field;
	void **arr = (void **)FIELD_PTR(fr->base, f);
	size_t *len = fr->kind == FR_MAP ? NULL : AUX_PTR(fr->base, f, size_t);
	void *el;

	switch (fr->kind) {
	case FR_ARR:
		fr->idx = *len;
		if (v->t != J_OBJ)
			return fail_type(p, "object", v->t);
		el = grow(p, fr, arr, len, fr->type->size);
		return el && push(p, FR_OBJ, fr->type, el, NULL);
	case FR_STRV:
		fr->idx = *len;
		if (v->t != J_STR)
			return fail_type(p, "string", v->t);
		el = grow(p, fr, arr, len, sizeof(char *));
		return el && (*(char **)el = dup_string(p, (const unsigned char *)v->s, v->len)) != NULL;
	case FR_U32V:
		fr->idx = *len;
		if (v->t != J_INT)
			return fail_type(p, "integer", v->t);
		el = grow(p, fr, arr, len, sizeof(uint32_t));
		return el && store_int(p, OCI_K_U32, el, v->s, v->len);
	case FR_MAP: {
		struct oci_map *m = FIELD_PTR(fr->base, f);
		if (v->t != J_STR)
			return fail_type(p, "string", v->t);
		m->items[m->len - 1].value = dup_string(p, (const unsigned char *)v->s, v->len);
		return m->items[m->len - 1].value != NULL;
	}
	default: /* FR_KEYED: the element was made when its key arrived */
		if (v->t != J_OBJ)
			return fail_type(p, "object", v->t);
		return push(p, FR_OBJ, fr->type, (char *)*arr + (*len - 1) * fr->type->size, NULL) != NULL;
	}
}

static int on_value(struct parser *p, const struct jval *v)
{
	bool opens = v->t == J_OBJ || v->t == J_ARR;
	struct frame *fr;

	if (p->skip || p->skip_next) {
		p->skip_next = false;
		if (!opens)
			return 1;
		if (p->depth + p->skip >= OCI_MAX_DEPTH)
			return fail(p, "nesting deeper than %u levels", OCI_MAX_DEPTH);
		p->skip++;
		return 1;
	}
	if (p->depth == 0) {
		if (v->t != J_OBJ)
			return fail_type(p, "object", v->t);
		return push(p, FR_OBJ, p->root_type, p->root, NULL) != NULL;
	}
	fr = &p->frames[p->depth - 1];
	return fr->kind == FR_OBJ ? member_value(p, fr, v) : element_value(p, fr, v);
}

/* ---- keys and ends ------------------------------------------------------------------------ */

static const struct oci_field *find_field(const struct oci_type *t, const char *k, size_t len, size_t *ret_i)
{
	for (size_t i = 0; i < t->nfields; i++) {
		const char *n = t->fields[i].name;
		/* k may hold NUL bytes (\u0000): compare lengths, then bytes */
		if (n && len && n[0] == k[0] && strlen(n) == len && memcmp(n, k, len) == 0) {
			*ret_i = i;
			return &t->fields[i];
		}
	}
	return NULL;
}

static int object_key(struct parser *p, struct frame *fr, const char *k, size_t len)
{
	size_t i;

	fr->field = find_field(fr->type, k, len, &i);
	if (!fr->field) {
		size_t n = len < sizeof(p->skip_key) - 1 ? len : sizeof(p->skip_key) - 1;
		memcpy(p->skip_key, k, n);
		p->skip_key[n] = '\0';
		p->skip_next = true;
		return 1;
	}
	if (fr->seen & (UINT64_C(1) << i))
		return fail_at(p, p->depth - 1, 0, "duplicate key '%.*s'", (int)len, k);
	fr->seen |= UINT64_C(1) << i;
	return 1;
}

static const struct oci_field *key_field(const struct oci_type *t)
{
	for (size_t i = 0; i < t->nfields; i++)
		if (t->fields[i].kind == OCI_K_KEY)
			return &t->fields[i];
	return NULL;
}

static int cb_map_key(void *ctx, const unsigned char *k, size_t len)
{
	struct parser *p = ctx;
	struct frame *fr = &p->frames[p->depth - 1];
	char *key;

	if (p->skip)
		return 1;
	if (fr->kind == FR_OBJ)
		return object_key(p, fr, (const char *)k, len);
	fr->key = NULL;
	key = dup_string(p, k, len);
	if (!key)
		return 0;
	if (fr->kind == FR_MAP) {
		struct oci_map *m = FIELD_PTR(fr->base, fr->field);
		struct oci_kv *kv = grow(p, fr, (void **)&m->items, &m->len, sizeof(*kv));
		if (!kv) {
			free(key);
			return 0;
		}
		kv->key = key;
	} else { /* FR_KEYED */
		size_t *n = AUX_PTR(fr->base, fr->field, size_t);
		char *el = grow(p, fr, (void **)FIELD_PTR(fr->base, fr->field), n, fr->type->size);
		if (!el) {
			free(key);
			return 0;
		}
		*(char **)(el + key_field(fr->type)->off) = key;
	}
	fr->key = key;
	return 1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Keys of a finished map or keyed object must be unique: sort pointers, compare neighbours. */
static int check_unique_keys(struct parser *p, struct frame *fr)
{
	size_t n, stride, off;
	char *items;
	_cleanup_free_ const char **keys = NULL;

	if (fr->kind == FR_MAP) {
		struct oci_map *m = FIELD_PTR(fr->base, fr->field);
		n = m->len, items = (char *)m->items, stride = sizeof(struct oci_kv), off = 0;
	} else {
		n = *AUX_PTR(fr->base, fr->field, size_t), items = *(char **)FIELD_PTR(fr->base, fr->field);
		stride = fr->type->size, off = key_field(fr->type)->off;
	}
	if (n < 2)
		return 1;
	keys = malloc(n * sizeof(*keys));
	if (!keys)
		return fail_oom(p);
	for (size_t i = 0; i < n; i++)
		keys[i] = *(char **)(items + i * stride + off);
	qsort(keys, n, sizeof(*keys), cmp_str);
	for (size_t i = 1; i < n; i++)
		if (strcmp(keys[i - 1], keys[i]) == 0)
			return fail_at(p, p->depth - 1, 0, "duplicate key '%s'", keys[i]);
	return 1;
}

static int cb_end_map(void *ctx)
{
	struct parser *p = ctx;
	struct frame *fr = &p->frames[p->depth - 1];

	if (p->skip) {
		p->skip--;
		return 1;
	}
	if (fr->kind == FR_OBJ) {
		for (size_t i = 0; i < fr->type->nfields; i++) {
			if ((fr->type->fields[i].flags & OCI_F_REQ) && !(fr->seen & (UINT64_C(1) << i))) {
				fr->field = &fr->type->fields[i];
				return fail(p, "required");
			}
		}
	} else if (!check_unique_keys(p, fr)) {
		return 0;
	}
	p->depth--;
	return 1;
}

static int cb_end_array(void *ctx)
{
	struct parser *p = ctx;

	if (p->skip)
		p->skip--;
	else
		p->depth--;
	return 1;
}

/* ---- yajl callbacks ---------------------------------------------------------------------------- */

static int cb_null(void *ctx)
{
	return on_value(ctx, &(struct jval){.t = J_NULL});
}

static int cb_boolean(void *ctx, int b)
{
	return on_value(ctx, &(struct jval){.t = J_BOOL, .b = b});
}

static int cb_number(void *ctx, const char *s, size_t len)
{
	return on_value(ctx, &(struct jval){.t = number_type(s, len), .s = s, .len = len});
}

static int cb_string(void *ctx, const unsigned char *s, size_t len)
{
	return on_value(ctx, &(struct jval){.t = J_STR, .s = (const char *)s, .len = len});
}

static int cb_start_map(void *ctx)
{
	return on_value(ctx, &(struct jval){.t = J_OBJ});
}

static int cb_start_array(void *ctx)
{
	return on_value(ctx, &(struct jval){.t = J_ARR});
}

static const yajl_callbacks callbacks = {
	.yajl_null = cb_null,
	.yajl_boolean = cb_boolean,
	.yajl_number = cb_number,
	.yajl_string = cb_string,
	.yajl_start_map = cb_start_map,
	.yajl_map_key = cb_map_key,
	.yajl_end_map = cb_end_map,
	.yajl_start_array = cb_start_array,
	.yajl_end_array = cb_end_array,
};

/* Turns yajl's "lexical error: invalid char in json text.\n  <context>" into "invalid char in json text". */
static void set_yajl_error(struct parser *p, yajl_handle h, const char *data, size_t len, size_t at)
{
	unsigned char *e = yajl_get_error(h, 0, (const unsigned char *)data, len);
	const char *m = e ? (const char *)e : "parse error";
	const char *colon = strstr(m, "error: ");
	size_t n;

	if (colon)
		m = colon + strlen("error: ");
	n = strcspn(m, "\n");
	while (n > 0 && (m[n - 1] == '.' || m[n - 1] == ' '))
		n--;
	rt_err_set(p->err, 0, "%s: invalid JSON near byte %zu: %.*s", p->name, at, (int)n, m);
	if (e)
		yajl_free_error(h, e);
}

void *oci_engine_parse(const struct oci_type *type, const char *data, size_t len, const char *name, struct rt_err **err)
{
	struct parser p = {.name = name ? name : "json", .err = err, .root_type = type};
	yajl_status st;
	yajl_handle h;
	size_t at;

	if (len > OCI_MAX_INPUT) {
		rt_err_set(err, EFBIG, "%s: input larger than %u bytes", p.name, OCI_MAX_INPUT);
		return NULL;
	}
	if (len == 0) {
		rt_err_set(err, 0, "%s: empty input", p.name);
		return NULL;
	}
	p.root = calloc(1, type->size);
	h = p.root ? yajl_alloc(&callbacks, NULL, &p) : NULL;
	if (!h) {
		free(p.root);
		rt_err_set(err, ENOMEM, "%s", p.name);
		return NULL;
	}
	st = yajl_parse(h, (const unsigned char *)data, len);
	at = yajl_get_bytes_consumed(h);
	if (st == yajl_status_ok) {
		st = yajl_complete_parse(h);
		at = len;
	}
	if (st != yajl_status_ok && !p.failed)
		set_yajl_error(&p, h, data, len, at);
	yajl_free(h);
	if (st != yajl_status_ok || p.failed) {
		oci_engine_free(type, p.root);
		return NULL;
	}
	return p.root;
}
