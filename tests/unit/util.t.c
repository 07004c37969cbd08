/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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

/* rt_time_rfc3339_ts() formats UTC by hand: it must agree with gmtime_r + strftime everywhere. */
static void test_rfc3339(void)
{
	static const long long fixed[] = {
		0,	    -1,		951782400,    951868800,     4107542400LL, 4107456000LL,
		1798675199, 1798675200, -86400 * 366, 253402300799LL};
	char got[64], want[64], base[32];
	int bad = 0;

	for (size_t i = 0; i < ARRAY_SIZE(fixed) + 2000; i++) {
		/* the fixed ones (leap days of 2000, 2100 which is not one, a year end, 9999) then a sweep */
		long long t =
			i < ARRAY_SIZE(fixed) ? fixed[i] : -2208988800LL + (long long)(i - ARRAY_SIZE(fixed)) * 3155813;
		struct timespec ts = {.tv_sec = (time_t)t, .tv_nsec = 123456789};
		struct tm tm;

		rt_time_rfc3339_ts(&ts, got, sizeof(got));
		gmtime_r(&ts.tv_sec, &tm);
		strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(want, sizeof(want), "%s.123456789Z", base);
		if (strcmp(got, want) != 0 && bad++ < 3)
			printf("# t=%lld: got %s, want %s\n", t, got, want);
	}
	is_int(bad, 0, "rfc3339 timestamps match gmtime_r for 2010 instants from 1900 to 9999");
	rt_time_rfc3339_ts(&(struct timespec){.tv_sec = 951782400, .tv_nsec = 5}, got, sizeof(got));
	is_str(got, "2000-02-29T00:00:00.000000005Z", "leap day 2000");
}

/* SCM_RIGHTS: fds arrive in order and close-on-exec; those past max are closed, not leaked. */
static void test_send_fds(void)
{
	int sp[2], fds[3], got[2] = {-1, -1};
	char buf[16] = "";
	size_t n = 9;
	struct stat a, b;

	ok(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) == 0, "socketpair");
	for (int i = 0; i < 3; i++)
		fds[i] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	is_int(rt_send_fds(sp[0], "hi", 3, fds, 3), 3, "send: 3 bytes with 3 fds");
	is_int(rt_recv_fds(sp[1], buf, sizeof(buf), got, 2, &n), 3, "recv: 3 bytes");
	ok(strcmp(buf, "hi") == 0, "recv: the data");
	is_int(n, 2, "recv: 2 fds kept (max 2)");
	ok(fstat(got[0], &a) == 0 && fstat(fds[0], &b) == 0 && a.st_rdev == b.st_rdev, "recv: the fd is /dev/null");
	ok(fcntl(got[1], F_GETFD) & FD_CLOEXEC, "recv: close-on-exec");
	is_int(rt_send_fds(sp[0], "x", 1, fds, RT_MAX_SEND_FDS + 1), -E2BIG, "send: too many fds refused");
	is_int(rt_send_fds(sp[0], "x", 1, NULL, 0), 1, "send: no fd");
	is_int(rt_recv_fds(sp[1], buf, sizeof(buf), got, 2, &n), 1, "recv: data alone");
	is_int(n, 0, "recv: no fd");
	close(sp[0]);
	is_int(rt_recv_fds(sp[1], buf, sizeof(buf), got + 1, 1, &n), 0, "recv: EOF");
	close(got[0]);
	close(got[1]);
	for (int i = 0; i < 3; i++)
		close(fds[i]);
	close(sp[1]);
}

int main(void)
{
	test_send_fds();
	test_rfc3339();
	test_parse();
	test_err();
	test_strv();
	return done_testing();
}
