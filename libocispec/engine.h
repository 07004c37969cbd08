/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libocispec internals: descriptor tables and the one generic engine that parses
 * (yajl streaming callbacks), emits (yajl_gen) and frees every OCI type by them.
 *
 * A type is a table of fields; each field names its JSON key, its kind, where it
 * lives in the C struct (offset), where its `has_` bit or `_len` count lives, and
 * for containers the element/child type. Adding a spec property is adding one row.
 *
 * JSON paths in error messages: object members join with '.', array elements are
 * `[i]`, and keys of string maps and keyed objects (annotations, sysctl, rdma,
 * timeOffsets, netDevices) are `.key` when the key is made of [A-Za-z0-9_-] only,
 * else `["key"]`: `annotations.foo`, `linux.sysctl["net.ipv4.ip_forward"]`.
 *
 * Duplicate keys are detected for known members and for the keys of maps and keyed
 * objects; duplicated unknown members are ignored like any unknown member.
 */
#ifndef RT_LIBOCISPEC_ENGINE_H
#define RT_LIBOCISPEC_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libocispec/oci.h"

enum oci_kind {
	OCI_K_STR,    /* char * */
	OCI_K_BOOL,   /* bool */
	OCI_K_U16,    /* uint16_t */
	OCI_K_U32,    /* uint32_t */
	OCI_K_I32,    /* int32_t */
	OCI_K_I64,    /* int64_t */
	OCI_K_U64,    /* uint64_t */
	OCI_K_OBJ,    /* T * (calloc'ed), child type */
	OCI_K_INLINE, /* T embedded at off (off 0 = a JSON object whose members live in the parent struct) */
	OCI_K_ARR,    /* T *x; size_t x_len: array of objects */
	OCI_K_STRV,   /* char **x (NULL-terminated); size_t x_len */
	OCI_K_U32V,   /* uint32_t *x; size_t x_len */
	OCI_K_MAP,    /* struct oci_map: object of string -> string */
	OCI_K_KEYED,  /* T *x; size_t x_len: object whose values are objects, key stored in T's OCI_K_KEY field */
	OCI_K_KEY,    /* char *: the map key of a keyed element (not a JSON member) */
};

enum oci_flag {
	OCI_F_REQ = 1 << 0,	/* required: missing or null is an error */
	OCI_F_ALWAYS = 1 << 1,	/* emit even when false/empty (features booleans) */
	OCI_F_VERSION = 1 << 2, /* ociVersion: must start with "1." */
};

struct oci_type;

struct oci_field {
	const char *name; /* JSON key */
	uint8_t kind;	  /* enum oci_kind */
	uint8_t flags;	  /* enum oci_flag */
	uint32_t off;	  /* offset of the value in the struct */
	int32_t aux_off;  /* offset of has_<x> (scalars, OBJ/INLINE presence) or x_len (arrays); -1 = none */
	const struct oci_type *child;
};

struct oci_type {
	const char *name; /* C name, for diagnostics */
	size_t size;
	const struct oci_field *fields;
	size_t nfields; /* at most 64: duplicate detection uses a bit per field */
};

#define OCI_NONE (-1)
#define OCI_FLD(T, json, k, m, aux, fl, ch)                                                                            \
	{                                                                                                              \
		.name = (json), .kind = (k), .flags = (fl), .off = offsetof(T, m), .aux_off = (aux), .child = (ch)     \
	}
/* Scalar without a has_ bit. */
#define OCI_VAL(T, json, k, m, fl) OCI_FLD(T, json, k, m, OCI_NONE, fl, NULL)
/* Optional scalar with a has_<m> bit. */
#define OCI_OPT(T, json, k, m) OCI_FLD(T, json, k, m, (int32_t)offsetof(T, has_##m), 0, NULL)
#define OCI_STR(T, json, m, fl) OCI_FLD(T, json, OCI_K_STR, m, OCI_NONE, fl, NULL)
#define OCI_OBJ(T, json, m, ch) OCI_FLD(T, json, OCI_K_OBJ, m, OCI_NONE, 0, &(ch))
#define OCI_INLINE(T, json, m, ch) OCI_FLD(T, json, OCI_K_INLINE, m, OCI_NONE, 0, &(ch))
#define OCI_ARR(T, json, m, ch) OCI_FLD(T, json, OCI_K_ARR, m, (int32_t)offsetof(T, m##_len), 0, &(ch))
#define OCI_KEYED(T, json, m, ch) OCI_FLD(T, json, OCI_K_KEYED, m, (int32_t)offsetof(T, m##_len), 0, &(ch))
#define OCI_STRV(T, json, m, fl) OCI_FLD(T, json, OCI_K_STRV, m, (int32_t)offsetof(T, m##_len), fl, NULL)
#define OCI_U32V(T, json, m) OCI_FLD(T, json, OCI_K_U32V, m, (int32_t)offsetof(T, m##_len), 0, NULL)
#define OCI_MAP(T, json, m) OCI_FLD(T, json, OCI_K_MAP, m, OCI_NONE, 0, NULL)
#define OCI_KEY(T, m) OCI_FLD(T, NULL, OCI_K_KEY, m, OCI_NONE, 0, NULL)
#define OCI_TYPE(var, T, fields)                                                                                       \
	const struct oci_type var = {#T, sizeof(T), fields, sizeof(fields) / sizeof((fields)[0])}

/* The tables (tables.c). */
extern const struct oci_type oci_config_type, oci_process_type, oci_resources_type, oci_state_type, oci_features_type;

/*
 * Parses data as one JSON object of `type` into a new calloc'ed struct. `name` prefixes
 * error messages. Returns NULL and sets *err on failure (nothing leaks).
 */
void *oci_engine_parse(const struct oci_type *type, const char *data, size_t len, const char *name,
		       struct rt_err **err);
/* Emits the struct at base as JSON; returns malloc'ed NUL-terminated text or NULL + *err. */
char *oci_engine_generate(const struct oci_type *type, const void *base, bool pretty, size_t *ret_len,
			  struct rt_err **err);
/* Frees everything the struct at base owns, then base itself (NULL is a no-op). */
void oci_engine_free(const struct oci_type *type, void *base);
/* Frees what the struct at base owns, not base. */
void oci_engine_free_members(const struct oci_type *type, void *base);

/*
 * True when the dotted JSON property path (e.g. "linux.resources.cpu.burst") is described
 * by the tables of type. Array elements need no index ("mounts.destination"); any key is
 * accepted for the entries of keyed objects and maps ("linux.resources.rdma.*.hcaHandles").
 */
bool oci_type_knows_path(const struct oci_type *type, const char *dotted);
bool oci_config_knows_path(const char *dotted);

/* Checks the tables' own invariants (field counts, offsets); returns NULL or a description. */
const char *oci_tables_check(void);

#endif
