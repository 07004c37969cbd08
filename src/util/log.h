/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Diagnostics. main() configures the sink once (--log, --log-format, --log-level,
 * --debug); library code may log at warning and debug level. Errors are not logged
 * by library code: they travel up as struct rt_err and main() reports them through
 * rt_log_error_final().
 *
 * Lines go to the log file, or stderr when there is none, in the chosen format. JSON
 * lines are {"level":"...","msg":"...","time":"RFC3339"}, the shape containerd and
 * conmon read.
 */
#ifndef RT_UTIL_LOG_H
#define RT_UTIL_LOG_H

enum rt_log_level { RT_LOG_ERROR = 0, RT_LOG_WARNING = 1, RT_LOG_INFO = 2, RT_LOG_DEBUG = 3 };
enum rt_log_format { RT_LOG_TEXT = 0, RT_LOG_JSON = 1 };

/* path may be NULL (stderr). Returns 0 or -errno when the file cannot be opened. */
int rt_log_init(const char *path, enum rt_log_format fmt, enum rt_log_level level);
void rt_log_close(void);
enum rt_log_level rt_log_get_level(void);
/* The log file's fd, or -1. */
int rt_log_fd(void);
/* Parses error|warning|warn|info|debug. */
int rt_log_parse_level(const char *s, enum rt_log_level *ret);

void rt_log(enum rt_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define rt_warn(...) rt_log(RT_LOG_WARNING, __VA_ARGS__)
#define rt_debug(...)                                                                                                  \
	do {                                                                                                           \
		if (rt_log_get_level() >= RT_LOG_DEBUG)                                                                \
			rt_log(RT_LOG_DEBUG, __VA_ARGS__);                                                             \
	} while (0)

/*
 * The one report of a failed command: "rt: msg" on stderr, and with a log file one
 * line in its format. Called by main() only.
 */
void rt_log_error_final(const char *msg);

/* Appends the JSON string escape of s (with quotes) to a caller buffer via FILE. */
#include <stdio.h>
void rt_json_escape(FILE *out, const char *s);

#endif
