/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A minimal TAP producer for the unit tests. Each test program calls plan(n) or
 * done_testing() and uses ok()/is_int()/is_str(); exit status is non-zero when any
 * check failed, which automake's TAP driver also reads from the "not ok" lines.
 */
#ifndef RT_TESTS_TAP_H
#define RT_TESTS_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

static inline void plan(int n)
{
	printf("1..%d\n", n);
}

static inline int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static inline int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...)                                                                                         \
	do {                                                                                                           \
		long long _g = (long long)(got), _w = (long long)(want);                                               \
		if (!ok(_g == _w, __VA_ARGS__))                                                                        \
			printf("#   got %lld, want %lld\n", _g, _w);                                                   \
	} while (0)
#define is_str(got, want, ...)                                                                                         \
	do {                                                                                                           \
		const char *_g = (got), *_w = (want);                                                                  \
		if (!ok(_g && _w ? strcmp(_g, _w) == 0 : _g == _w, __VA_ARGS__))                                       \
			printf("#   got '%s'\n#  want '%s'\n", _g ? _g : "(null)", _w ? _w : "(null)");                \
	} while (0)

static inline int done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
