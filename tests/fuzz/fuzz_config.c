/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for libocispec. Every input is fed to the four parsers; whatever
 * parses must generate, the generated text must parse again, and generating that
 * must give the same text (the round-trip property), else we trap.
 *
 * Build: CC=clang ../configure --enable-fuzzers --enable-sanitizers && make tests/fuzz/fuzz_config
 * Run:   ./tests/fuzz/fuzz_config -max_total_time=60 ../tests/fuzz/corpus/config
 * tests/fuzz/replay.c replays the corpus through the same function in normal builds.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "libocispec/engine.h"
#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct oci_type *type, const char *data, size_t size)
{
	_cleanup_err_ struct rt_err *err = NULL;
	_cleanup_free_ char *g1 = NULL, *g2 = NULL;
	void *v, *v2;
	size_t l1 = 0;

	v = oci_engine_parse(type, data, size, "fuzz", &err);
	if (!v) {
		if (!err || !err->msg || strncmp(err->msg, "fuzz", 4) != 0)
			__builtin_trap(); /* every refusal must carry a message naming the input */
		return;
	}
	g1 = oci_engine_generate(type, v, size & 1, &l1, &err);
	oci_engine_free(type, v);
	if (!g1)
		__builtin_trap();
	v2 = oci_engine_parse(type, g1, l1, "generated", &err);
	if (!v2)
		__builtin_trap();
	g2 = oci_engine_generate(type, v2, size & 1, NULL, &err);
	oci_engine_free(type, v2);
	if (!g2 || strcmp(g1, g2) != 0)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct oci_type *types[] = {&oci_config_type, &oci_process_type, &oci_resources_type, &oci_state_type,
					  &oci_features_type};

	for (size_t i = 0; i < ARRAY_SIZE(types); i++)
		check(types[i], (const char *)data, size);
	return 0;
}
