/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "util/util.h"

int rt_parse_u64(const char *s, uint64_t *ret)
{
	unsigned long long v;
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (errno || *end)
		return -EINVAL;
	*ret = v;
	return 0;
}

int rt_parse_i64(const char *s, int64_t *ret)
{
	long long v;
	char *end;

	if (!s || !(isdigit((unsigned char)*s) || ((*s == '-' || *s == '+') && isdigit((unsigned char)s[1]))))
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (errno || *end)
		return -EINVAL;
	*ret = v;
	return 0;
}

int rt_parse_u32(const char *s, uint32_t *ret)
{
	uint64_t v;
	int r = rt_parse_u64(s, &v);

	if (r < 0)
		return r;
	if (v > UINT32_MAX)
		return -ERANGE;
	*ret = (uint32_t)v;
	return 0;
}

int rt_parse_int(const char *s, int *ret)
{
	int64_t v;
	int r = rt_parse_i64(s, &v);

	if (r < 0)
		return r;
	if (v > INT_MAX || v < INT_MIN)
		return -ERANGE;
	*ret = (int)v;
	return 0;
}

size_t rt_strv_len(char *const *v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

int rt_strv_push(char ***v, const char *s)
{
	size_t n = rt_strv_len(*v);
	char **nv, *c = strdup(s);

	if (!c)
		return -ENOMEM;
	nv = realloc(*v, (n + 2) * sizeof(char *));
	if (!nv) {
		free(c);
		return -ENOMEM;
	}
	nv[n] = c;
	nv[n + 1] = NULL;
	*v = nv;
	return 0;
}

bool rt_strv_contains(char *const *v, const char *s)
{
	for (; v && *v; v++)
		if (strcmp(*v, s) == 0)
			return true;
	return false;
}

bool rt_str_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

char *rt_strdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

int rt_read_all_fd(int fd, size_t max, char **ret, size_t *ret_len)
{
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap), *nb;
	ssize_t n;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (len + 1 >= cap) {
			if (cap > max + 1) {
				free(buf);
				return -EFBIG;
			}
			cap *= 2;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			n = -errno;
			free(buf);
			return (int)n;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max) {
			free(buf);
			return -EFBIG;
		}
	}
	buf[len] = '\0';
	*ret = buf;
	if (ret_len)
		*ret_len = len;
	return 0;
}

int rt_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

union fd_ctl {
	char buf[CMSG_SPACE(sizeof(int) * RT_MAX_SEND_FDS)];
	struct cmsghdr align;
};

ssize_t rt_send_fds(int sock, const void *data, size_t len, const int *fds, size_t n)
{
	union fd_ctl u;
	struct iovec iov = {.iov_base = (void *)data, .iov_len = len};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	ssize_t r;

	if (n > RT_MAX_SEND_FDS)
		return -E2BIG;
	if (n) {
		struct cmsghdr *cm;

		memset(&u, 0, sizeof(u));
		mh.msg_control = u.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * n);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * n);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * n);
	}
	do
		r = sendmsg(sock, &mh, MSG_NOSIGNAL);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

ssize_t rt_recv_fds(int sock, void *buf, size_t len, int *fds, size_t max, size_t *n)
{
	union fd_ctl u;
	struct iovec iov = {.iov_base = buf, .iov_len = len};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof(u.buf)};
	ssize_t r;

	*n = 0;
	do
		r = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		for (size_t i = 0, k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int); i < k; i++) {
			int f;

			memcpy(&f, CMSG_DATA(cm) + i * sizeof(int), sizeof(int));
			if (*n < max)
				fds[(*n)++] = f;
			else
				close(f);
		}
	}
	if (mh.msg_flags & MSG_CTRUNC) {
		for (size_t i = 0; i < *n; i++)
			close(fds[i]);
		*n = 0;
		return -EPROTO;
	}
	return r;
}

int rt_write_file_at(int dirfd, const char *path, const char *s, int extra_flags)
{
	int fd = openat(dirfd, path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW | extra_flags, 0644);
	int r;

	if (fd < 0)
		return -errno;
	r = rt_write_all(fd, s, strlen(s));
	if (close(fd) < 0 && r == 0 && errno != EINTR)
		r = -errno;
	return r;
}

int rt_read_file_at(int dirfd, const char *path, size_t max, char **ret)
{
	_cleanup_close_ int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return -errno;
	return rt_read_all_fd(fd, max, ret, NULL);
}

bool rt_in_userns(void)
{
	static int cached = -1;
	static const unsigned long identity[3] = {0, 0, 4294967295UL};
	_cleanup_free_ char *map = NULL;
	const char *p;
	char *end;

	if (cached >= 0)
		return cached;
	cached = 0;
	if (rt_read_file_at(AT_FDCWD, "/proc/self/uid_map", 4096, &map) < 0)
		return false;
	/* the host's map is the one line "0 0 4294967295" (strtoul, not sscanf: no scanf code on create's path) */
	p = map;
	for (size_t i = 0; i < 3; i++, p = end)
		if (strtoul(p, &end, 10) != identity[i] || end == p)
			return (cached = 1);
	while (*p == ' ')
		p++;
	if (strcmp(p, "\n") != 0)
		cached = 1;
	return cached;
}

bool rt_unprivileged(void)
{
	return geteuid() != 0 || rt_in_userns();
}

void rt_time_rfc3339_ts(const struct timespec *ts, char *buf, size_t len)
{
	/*
	 * By hand: glibc's gmtime_r() and strftime() both run tzset(), which reads /etc/localtime
	 * on every rt run for a UTC timestamp. Civil date from days since 1970-01-01 in the
	 * proleptic Gregorian calendar, counted in 400-year eras that start on March 1st.
	 */
	long long secs = ts->tv_sec, days = secs / 86400, sod = secs % 86400;
	long long era, doe, yoe, doy, mp, y;
	int m, d;

	if (sod < 0) {
		sod += 86400;
		days--;
	}
	days += 719468; /* 0000-03-01 to 1970-01-01 */
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = (int)(doy - (153 * mp + 2) / 5 + 1);
	m = (int)(mp < 10 ? mp + 3 : mp - 9);
	y = yoe + era * 400 + (m <= 2);
	snprintf(buf, len, "%04lld-%02d-%02dT%02d:%02d:%02d.%09ldZ", y, m, d, (int)(sod / 3600), (int)(sod / 60 % 60),
		 (int)(sod % 60), (long)ts->tv_nsec);
}

void rt_time_rfc3339(char *buf, size_t len)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	rt_time_rfc3339_ts(&ts, buf, len);
}

#define ID_LIST_MAX 8192 /* highest CPU / node number + 1 accepted */
#define ID_BITS_PER_WORD (8 * sizeof(unsigned long))

/* One item: "N" or "N-M". */
static int id_list_item(const char *s, size_t len, unsigned long *lo, unsigned long *hi)
{
	char buf[32], *dash;
	uint32_t a, b;

	while (len && isspace((unsigned char)s[0]))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (len == 0 || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	dash = strchr(buf, '-');
	if (dash)
		*dash = '\0';
	if (rt_parse_u32(buf, &a) < 0 || (dash && rt_parse_u32(dash + 1, &b) < 0))
		return -EINVAL;
	if (!dash)
		b = a;
	if (a > b || b >= ID_LIST_MAX)
		return -EINVAL;
	*lo = a;
	*hi = b;
	return 0;
}

int rt_parse_id_list(const char *s, unsigned long **ret, size_t *ret_words)
{
	_cleanup_free_ unsigned long *mask = NULL;
	unsigned long lo, hi, max = 0;
	size_t words;
	const char *p, *comma;

	if (!s)
		return -EINVAL;
	/* first pass: syntax and the highest id, to size the mask */
	for (p = s;; p = comma + 1) {
		comma = strchr(p, ',');
		if (id_list_item(p, comma ? (size_t)(comma - p) : strlen(p), &lo, &hi) < 0)
			return -EINVAL;
		max = hi > max ? hi : max;
		if (!comma)
			break;
	}
	words = max / ID_BITS_PER_WORD + 1;
	mask = calloc(words, sizeof(*mask));
	if (!mask)
		return -ENOMEM;
	for (p = s;; p = comma + 1) {
		comma = strchr(p, ',');
		id_list_item(p, comma ? (size_t)(comma - p) : strlen(p), &lo, &hi);
		for (unsigned long i = lo; i <= hi; i++)
			mask[i / ID_BITS_PER_WORD] |= 1UL << (i % ID_BITS_PER_WORD);
		if (!comma)
			break;
	}
	*ret = TAKE_PTR(mask);
	*ret_words = words;
	return 0;
}
