/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Micro-benchmark (not a test): parse+free and generate of a config, N times.
 *   ./libocispec/oci-bench ../tests/data/runc-spec.json [iterations]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libocispec/oci.h"
#include "util/util.h"

/* CPU time of this process: the figure stays meaningful on a busy machine. */
static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
	_cleanup_err_ struct rt_err *err = NULL;
	_cleanup_free_ char *buf = NULL;
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 10000;
	struct oci_config *c;
	double t0, t1, t2;

	if (argc < 2 || n <= 0 || rt_read_file_at(AT_FDCWD, argv[1], OCI_MAX_INPUT, &buf) < 0) {
		fprintf(stderr, "usage: oci-bench CONFIG.json [iterations]\n");
		return 2;
	}
	c = oci_config_parse(buf, strlen(buf), argv[1], &err);
	if (!c) {
		fprintf(stderr, "%s\n", err->msg);
		return 1;
	}
	t0 = now_us();
	for (long i = 0; i < n; i++)
		oci_config_free(oci_config_parse(buf, strlen(buf), argv[1], NULL));
	t1 = now_us();
	for (long i = 0; i < n; i++)
		free(oci_config_generate(c, true, NULL, NULL));
	t2 = now_us();
	printf("%s: %zu bytes, %ld iterations: parse+free %.2f us, generate %.2f us (CPU time)\n", argv[1], strlen(buf),
	       n, (t1 - t0) / (double)n, (t2 - t1) / (double)n);
	oci_config_free(c);
	return 0;
}
