/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The public face of libocispec (oci.h): thin typed wrappers over the engine.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "libocispec/engine.h"
#include "util/util.h"

const char *oci_map_get(const struct oci_map *m, const char *key)
{
	if (!m || !key)
		return NULL;
	for (size_t i = 0; i < m->len; i++)
		if (strcmp(m->items[i].key, key) == 0)
			return m->items[i].value;
	return NULL;
}

struct oci_config *oci_config_parse(const char *data, size_t len, const char *name, struct rt_err **err)
{
	return oci_engine_parse(&oci_config_type, data, len, name, err);
}

struct oci_config *oci_config_parse_file(int dirfd, const char *path, struct rt_err **err)
{
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	int r;

	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		rt_err_set(err, errno, "open '%s'", path);
		return NULL;
	}
	r = rt_read_all_fd(fd, OCI_MAX_INPUT, &buf, &len);
	if (r == -EFBIG) {
		rt_err_set(err, EFBIG, "%s: input larger than %u bytes", path, OCI_MAX_INPUT);
		return NULL;
	}
	if (r < 0) {
		rt_err_set(err, -r, "read '%s'", path);
		return NULL;
	}
	return oci_config_parse(buf, len, path, err);
}

char *oci_config_generate(const struct oci_config *c, bool pretty, size_t *ret_len, struct rt_err **err)
{
	return oci_engine_generate(&oci_config_type, c, pretty, ret_len, err);
}

void oci_config_free(struct oci_config *c)
{
	oci_engine_free(&oci_config_type, c);
}

struct oci_process *oci_process_parse(const char *data, size_t len, const char *name, struct rt_err **err)
{
	return oci_engine_parse(&oci_process_type, data, len, name, err);
}

char *oci_process_generate(const struct oci_process *p, bool pretty, size_t *ret_len, struct rt_err **err)
{
	return oci_engine_generate(&oci_process_type, p, pretty, ret_len, err);
}

void oci_process_free(struct oci_process *p)
{
	oci_engine_free(&oci_process_type, p);
}

struct oci_resources *oci_resources_parse(const char *data, size_t len, const char *name, struct rt_err **err)
{
	return oci_engine_parse(&oci_resources_type, data, len, name, err);
}

char *oci_resources_generate(const struct oci_resources *r, bool pretty, size_t *ret_len, struct rt_err **err)
{
	return oci_engine_generate(&oci_resources_type, r, pretty, ret_len, err);
}

void oci_resources_free(struct oci_resources *r)
{
	oci_engine_free(&oci_resources_type, r);
}

struct oci_state *oci_state_parse(const char *data, size_t len, const char *name, struct rt_err **err)
{
	return oci_engine_parse(&oci_state_type, data, len, name, err);
}

char *oci_state_generate(const struct oci_state *s, bool pretty, size_t *ret_len, struct rt_err **err)
{
	return oci_engine_generate(&oci_state_type, s, pretty, ret_len, err);
}

void oci_state_free(struct oci_state *s)
{
	oci_engine_free(&oci_state_type, s);
}

char *oci_features_generate(const struct oci_features *f, bool pretty, size_t *ret_len, struct rt_err **err)
{
	return oci_engine_generate(&oci_features_type, f, pretty, ret_len, err);
}
