/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdint.h>

#include "tests/unit/tap.h"
#include "util/util.h"

static void test_parse(void)
{
	uint64_t u;
	int64_t i;
	uint32_t u32;
	int n;

	ok(rt_parse_u64("18446744073709551615", &u) == 0 && u == UINT64_MAX, "u64 max parses");
	is_int(rt_parse_u64("18446744073709551616", &u), -ERANGE, "u64 overflow is ERANGE");
	is_int(rt_parse_u64("-1", &u), -EINVAL, "u64 refuses a sign");
	is_int(rt_parse_u64("", &u), -EINVAL, "empty string refused");
	is_int(rt_parse_u64("12x", &u), -EINVAL, "trailing junk refused");
	is_int(rt_parse_u64(" 1", &u), -EINVAL, "leading space refused");
	ok(rt_parse_i64("-9223372036854775808", &i) == 0 && i == INT64_MIN, "i64 min parses");
	is_int(rt_parse_i64("9223372036854775808", &i), -ERANGE, "i64 overflow");
	is_int(rt_parse_u32("4294967296", &u32), -ERANGE, "u32 overflow");
	ok(rt_parse_int("-5", &n) == 0 && n == -5, "int parses negative");
}

static void test_err(void)
{
	_cleanup_err_ struct rt_err *err = NULL;
	int r;

	r = rt_err_set(&err, ENOENT, "open '%s'", "/x");
	is_int(r, -ENOENT, "rt_err_set returns -errno");
	is_str(err->msg, "open '/x': No such file or directory", "message carries strerror");
	rt_err_set(&err, EPERM, "second");
	is_str(err->msg, "open '/x': No such file or directory", "first error wins");
	r = rt_err_wrap(&err, "mount '%s'", "/y");
	is_int(r, -ENOENT, "wrap keeps the code");
	is_str(err->msg, "mount '/y': open '/x': No such file or directory", "wrap prepends context");
	rt_err_freep(&err);
	is_int(rt_err_set(&err, 0, "bad"), -EINVAL, "errnum 0 maps to -EINVAL");
	is_str(err->msg, "bad", "no strerror without errnum");
}

static void test_strv(void)
{
	_cleanup_strv_ char **v = NULL;

	ok(rt_strv_push(&v, "a") == 0 && rt_strv_push(&v, "b") == 0, "push");
	is_int(rt_strv_len(v), 2, "len");
	ok(rt_strv_contains(v, "b") && !rt_strv_contains(v, "c"), "contains");
	ok(v[2] == NULL, "NULL terminated");
}

int main(void)
{
	test_parse();
	test_err();
	test_strv();
	return done_testing();
}
