/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small helpers every layer uses: checked integer parsing, string vectors,
 * whole-file I/O on fds, time stamps. Include this header LAST: it pulls in
 * banned.h, which must come after every system header.
 */
#ifndef RT_UTIL_UTIL_H
#define RT_UTIL_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/cleanup.h"
#include "util/err.h"

/*
 * Checked conversions of a whole string (no leading/trailing junk, no empty string,
 * base 10). Return 0 or -EINVAL / -ERANGE.
 */
int rt_parse_u64(const char *s, uint64_t *ret);
int rt_parse_i64(const char *s, int64_t *ret);
int rt_parse_u32(const char *s, uint32_t *ret);
int rt_parse_int(const char *s, int *ret);
/*
 * Parses a CPU or NUMA node list ("0-3,7"; spaces around items allowed) into a bit
 * mask of unsigned longs: *ret (malloc'ed), *ret_words long. Numbers above 8191 are
 * refused. -EINVAL on syntax errors.
 */
int rt_parse_id_list(const char *s, unsigned long **ret, size_t *ret_words);

/* NULL-terminated string vectors. */
size_t rt_strv_len(char *const *v);
/* Appends a copy of s; returns 0 or -ENOMEM. */
int rt_strv_push(char ***v, const char *s);
bool rt_strv_contains(char *const *v, const char *s);

bool rt_str_has_prefix(const char *s, const char *prefix);
/* Returns a malloc'ed copy or NULL on ENOMEM (abort-free strdup wrapper). */
char *rt_strdup(const char *s);

/*
 * Reads all of fd (from its current offset) into a NUL-terminated buffer, refusing
 * more than max bytes with -EFBIG. *ret_len excludes the NUL.
 */
int rt_read_all_fd(int fd, size_t max, char **ret, size_t *ret_len);
/* Writes all of buf to fd, retrying on EINTR and short writes. */
int rt_write_all(int fd, const void *buf, size_t len);
/*
 * File descriptors over a unix socket (SCM_RIGHTS). rt_send_fds sends len bytes of data
 * with n (<= RT_MAX_SEND_FDS) fds attached, MSG_NOSIGNAL, retried on EINTR; it returns
 * the bytes sent or -errno. rt_recv_fds receives one message into buf (MSG_CMSG_CLOEXEC):
 * up to max fds land in fds[] (*n of them), any beyond are closed; it returns the bytes
 * received (0: EOF) or -errno, and -EPROTO (no fd kept) when the fds were truncated.
 */
#define RT_MAX_SEND_FDS 32
ssize_t rt_send_fds(int sock, const void *data, size_t len, const int *fds, size_t n);
ssize_t rt_recv_fds(int sock, void *buf, size_t len, int *fds, size_t max, size_t *n);
/*
 * Opens dirfd/path (O_WRONLY|O_CLOEXEC|O_NOFOLLOW, plus extra flags) and writes the
 * string. For cgroup, procfs and sysfs files.
 */
int rt_write_file_at(int dirfd, const char *path, const char *s, int extra_flags);
/* Reads dirfd/path (O_NOFOLLOW) into a malloc'ed string, at most max bytes. */
int rt_read_file_at(int dirfd, const char *path, size_t max, char **ret);

/*
 * True when rt runs in a user namespace other than the initial one (its uid_map is not
 * the whole identity range "0 0 4294967295"): uid 0 there, as under rootless Podman, has
 * no privilege on the host. Read once, from /proc/self/uid_map; false if unreadable.
 */
bool rt_in_userns(void);
/* rt is unprivileged: not uid 0, or uid 0 of a user namespace (rt_in_userns). */
bool rt_unprivileged(void);

/* Writes the current time as RFC 3339 with nanoseconds in UTC ("...Z"). */
void rt_time_rfc3339(char *buf, size_t len);
void rt_time_rfc3339_ts(const struct timespec *ts, char *buf, size_t len);

#include "util/banned.h"

#endif
