/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The emitting and freeing halves of the engine, plus table introspection. Both walk
 * the same descriptor tables as the parser. Absent optional members (NULL strings,
 * unset has_ bits, NULL objects, empty arrays and maps, false plain booleans) are
 * omitted, so generate(parse(x)) parses back to an equal structure.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#include "libocispec/engine.h"
#include "util/util.h"

#define FIELD_PTR(base, f) ((void *)((char *)(base) + (f)->off))
#define AUX(base, f, T) (*(const T *)((const char *)(base) + (f)->aux_off))

/* ---- free -------------------------------------------------------------------------------- */

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void free_field(const struct oci_field *f, char *base)
{
	void *p = FIELD_PTR(base, f);

	switch (f->kind) {
	case OCI_K_STR:
	case OCI_K_KEY:
	case OCI_K_U32V:
		free(*(void **)p);
		break;
	case OCI_K_OBJ:
		oci_engine_free(f->child, *(void **)p);
		break;
	case OCI_K_INLINE:
		oci_engine_free_members(f->child, p);
		break;
	case OCI_K_STRV:
		free_strv(*(char ***)p, AUX(base, f, size_t));
		break;
	case OCI_K_ARR:
	case OCI_K_KEYED: {
		char *arr = *(char **)p;
		for (size_t i = 0; arr && i < AUX(base, f, size_t); i++)
			oci_engine_free_members(f->child, arr + i * f->child->size);
		free(arr);
		break;
	}
	case OCI_K_MAP: {
		struct oci_map *m = p;
		for (size_t i = 0; i < m->len; i++) {
			free(m->items[i].key);
			free(m->items[i].value);
		}
		free(m->items);
		break;
	}
	default:
		break;
	}
}

void oci_engine_free_members(const struct oci_type *type, void *base)
{
	for (size_t i = 0; i < type->nfields; i++)
		free_field(&type->fields[i], base);
}

void oci_engine_free(const struct oci_type *type, void *base)
{
	if (!base)
		return;
	oci_engine_free_members(type, base);
	free(base);
}

/* ---- generate -------------------------------------------------------------------------- */

struct gen {
	yajl_gen g;
	yajl_gen_status st; /* first failure sticks; later calls are no-ops */
};

/* A NULL inside a string vector or map (a caller's bug) fails like invalid UTF-8, never crashes. */
static void g_str(struct gen *g, const char *s)
{
	if (g->st == yajl_gen_status_ok)
		g->st = s ? yajl_gen_string(g->g, (const unsigned char *)s, strlen(s)) : yajl_gen_invalid_string;
}

static void g_num(struct gen *g, const char *s)
{
	if (g->st == yajl_gen_status_ok)
		g->st = yajl_gen_number(g->g, s, strlen(s));
}

static void g_bool(struct gen *g, bool b)
{
	if (g->st == yajl_gen_status_ok)
		g->st = yajl_gen_bool(g->g, b);
}

static void g_open(struct gen *g, bool map)
{
	if (g->st == yajl_gen_status_ok)
		g->st = map ? yajl_gen_map_open(g->g) : yajl_gen_array_open(g->g);
}

static void g_close(struct gen *g, bool map)
{
	if (g->st == yajl_gen_status_ok)
		g->st = map ? yajl_gen_map_close(g->g) : yajl_gen_array_close(g->g);
}

static void g_int(struct gen *g, uint8_t kind, const void *p)
{
	char buf[32];

	switch (kind) {
	case OCI_K_U16:
		snprintf(buf, sizeof(buf), "%" PRIu16, *(const uint16_t *)p);
		break;
	case OCI_K_U32:
		snprintf(buf, sizeof(buf), "%" PRIu32, *(const uint32_t *)p);
		break;
	case OCI_K_I32:
		snprintf(buf, sizeof(buf), "%" PRId32, *(const int32_t *)p);
		break;
	case OCI_K_I64:
		snprintf(buf, sizeof(buf), "%" PRId64, *(const int64_t *)p);
		break;
	default:
		snprintf(buf, sizeof(buf), "%" PRIu64, *(const uint64_t *)p);
	}
	g_num(g, buf);
}

static void g_object(struct gen *g, const struct oci_type *t, const void *base);

/* Whether member f of base is present (worth emitting). */
static bool field_present(const struct oci_field *f, const void *base)
{
	const void *p = FIELD_PTR(base, f);

	switch (f->kind) {
	case OCI_K_KEY:
		return false;
	case OCI_K_STR:
	case OCI_K_OBJ:
		return *(void *const *)p != NULL;
	case OCI_K_ARR:
	case OCI_K_STRV:
	case OCI_K_U32V:
	case OCI_K_KEYED:
		/* a required one is emitted even when empty (seccomp names: []), so it parses again */
		return AUX(base, f, size_t) > 0 || (f->flags & OCI_F_REQ);
	case OCI_K_MAP:
		return ((const struct oci_map *)p)->len > 0;
	case OCI_K_BOOL:
		if (f->aux_off == OCI_NONE)
			return *(const bool *)p || (f->flags & OCI_F_ALWAYS);
		return AUX(base, f, bool);
	default: /* integers, INLINE */
		return f->aux_off == OCI_NONE || AUX(base, f, bool);
	}
}

static void g_field(struct gen *g, const struct oci_field *f, const void *base)
{
	const void *p = FIELD_PTR(base, f);

	switch (f->kind) {
	case OCI_K_STR:
		g_str(g, *(char *const *)p);
		break;
	case OCI_K_BOOL:
		g_bool(g, *(const bool *)p);
		break;
	case OCI_K_OBJ:
		g_object(g, f->child, *(void *const *)p);
		break;
	case OCI_K_INLINE:
		g_object(g, f->child, p);
		break;
	case OCI_K_STRV:
	case OCI_K_U32V:
	case OCI_K_ARR: {
		const char *arr = *(char *const *)p;
		size_t n = AUX(base, f, size_t);
		g_open(g, false);
		for (size_t i = 0; i < n; i++) {
			if (f->kind == OCI_K_STRV)
				g_str(g, ((char *const *)arr)[i]);
			else if (f->kind == OCI_K_U32V)
				g_int(g, OCI_K_U32, arr + i * sizeof(uint32_t));
			else
				g_object(g, f->child, arr + i * f->child->size);
		}
		g_close(g, false);
		break;
	}
	case OCI_K_MAP: {
		const struct oci_map *m = p;
		g_open(g, true);
		for (size_t i = 0; i < m->len; i++) {
			g_str(g, m->items[i].key);
			g_str(g, m->items[i].value);
		}
		g_close(g, true);
		break;
	}
	case OCI_K_KEYED: {
		const char *arr = *(char *const *)p;
		const struct oci_type *t = f->child;
		g_open(g, true);
		for (size_t i = 0; i < AUX(base, f, size_t); i++) {
			for (size_t k = 0; k < t->nfields; k++)
				if (t->fields[k].kind == OCI_K_KEY)
					g_str(g, *(char *const *)(arr + i * t->size + t->fields[k].off));
			g_object(g, t, arr + i * t->size);
		}
		g_close(g, true);
		break;
	}
	default:
		g_int(g, f->kind, p);
	}
}

static void g_object(struct gen *g, const struct oci_type *t, const void *base)
{
	g_open(g, true);
	for (size_t i = 0; i < t->nfields; i++) {
		const struct oci_field *f = &t->fields[i];
		if (!field_present(f, base))
			continue;
		g_str(g, f->name);
		g_field(g, f, base);
	}
	g_close(g, true);
}

static const char *gen_status_str(yajl_gen_status st)
{
	switch (st) {
	case yajl_gen_invalid_string:
		return "invalid UTF-8 in a string, or a NULL string in a list";
	case yajl_max_depth_exceeded:
		return "nesting too deep";
	default:
		return "internal generator error";
	}
}

char *oci_engine_generate(const struct oci_type *type, const void *base, bool pretty, size_t *ret_len,
			  struct rt_err **err)
{
	struct gen g = {.st = yajl_gen_status_ok};
	const unsigned char *buf;
	size_t len;
	char *out = NULL;

	if (!base) {
		rt_err_set(err, EINVAL, "generate %s: no object", type->name);
		return NULL;
	}
	g.g = yajl_gen_alloc(NULL);
	if (!g.g) {
		rt_err_set(err, ENOMEM, "generate %s", type->name);
		return NULL;
	}
	yajl_gen_config(g.g, yajl_gen_beautify, (int)pretty);
	yajl_gen_config(g.g, yajl_gen_indent_string, "\t");
	yajl_gen_config(g.g, yajl_gen_validate_utf8, 1);
	g_object(&g, type, base);
	if (g.st == yajl_gen_status_ok)
		g.st = yajl_gen_get_buf(g.g, &buf, &len);
	if (g.st != yajl_gen_status_ok) {
		rt_err_set(err, 0, "generate %s: %s", type->name, gen_status_str(g.st));
	} else if ((out = malloc(len + 1)) == NULL) {
		rt_err_set(err, ENOMEM, "generate %s", type->name);
	} else {
		memcpy(out, buf, len);
		out[len] = '\0';
		if (ret_len)
			*ret_len = len;
	}
	yajl_gen_free(g.g);
	return out;
}

/* ---- introspection ------------------------------------------------------------------------ */

bool oci_type_knows_path(const struct oci_type *type, const char *dotted)
{
	const char *seg = dotted, *dot;
	const struct oci_type *t = type;

	while (t) {
		const struct oci_field *f = NULL;
		size_t n;

		dot = strchr(seg, '.');
		n = dot ? (size_t)(dot - seg) : strlen(seg);
		for (size_t i = 0; i < t->nfields; i++)
			if (t->fields[i].name && strncmp(t->fields[i].name, seg, n) == 0 &&
			    t->fields[i].name[n] == '\0')
				f = &t->fields[i];
		if (!f)
			return false;
		if (!dot)
			return true;
		seg = dot + 1;
		if (f->kind == OCI_K_MAP) /* "annotations.<any key, dots included>" */
			return *seg != '\0';
		if (f->kind == OCI_K_KEYED) { /* "rdma.<any device>.hcaHandles" */
			dot = strchr(seg, '.');
			if (!dot)
				return *seg != '\0';
			seg = dot + 1;
		}
		t = f->child;
	}
	return false;
}

bool oci_config_knows_path(const char *dotted)
{
	return oci_type_knows_path(&oci_config_type, dotted);
}

static const char *check_type(const struct oci_type *t, unsigned depth)
{
	if (t->nfields > 64 || depth > 16)
		return t->name;
	for (size_t i = 0; i < t->nfields; i++) {
		const struct oci_field *f = &t->fields[i];
		const char *bad;
		if (f->off >= t->size || (f->aux_off != OCI_NONE && (size_t)f->aux_off >= t->size))
			return t->name;
		if ((f->kind == OCI_K_KEY) != (f->name == NULL))
			return t->name;
		if (f->child && (bad = check_type(f->child, depth + 1)))
			return bad;
	}
	return NULL;
}

const char *oci_tables_check(void)
{
	const struct oci_type *roots[] = {&oci_config_type, &oci_process_type, &oci_resources_type, &oci_state_type,
					  &oci_features_type};
	const char *bad;

	for (size_t i = 0; i < ARRAY_SIZE(roots); i++)
		if ((bad = check_type(roots[i], 0)))
			return bad;
	return NULL;
}
