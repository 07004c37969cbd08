/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/log.h"
#include "util/util.h"

static int log_fd = -1;
static enum rt_log_format log_format = RT_LOG_TEXT;
static enum rt_log_level log_level = RT_LOG_ERROR;

int rt_log_init(const char *path, enum rt_log_format fmt, enum rt_log_level level)
{
	log_format = fmt;
	log_level = level;
	if (path && *path) {
		/* crun accepts a "file:" prefix; runc takes a plain path. */
		if (rt_str_has_prefix(path, "file:"))
			path += 5;
		log_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
		if (log_fd < 0)
			return -errno;
	}
	return 0;
}

void rt_log_close(void)
{
	if (log_fd >= 0)
		close(log_fd);
	log_fd = -1;
}

int rt_log_fd(void)
{
	return log_fd;
}

enum rt_log_level rt_log_get_level(void)
{
	return log_level;
}

int rt_log_parse_level(const char *s, enum rt_log_level *ret)
{
	static const struct {
		const char *name;
		enum rt_log_level level;
	} names[] = {{"error", RT_LOG_ERROR},
		     {"warning", RT_LOG_WARNING},
		     {"warn", RT_LOG_WARNING},
		     {"info", RT_LOG_INFO},
		     {"debug", RT_LOG_DEBUG}};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(s, names[i].name) == 0) {
			*ret = names[i].level;
			return 0;
		}
	return -EINVAL;
}

void rt_json_escape(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

static const char *level_name(enum rt_log_level l)
{
	switch (l) {
	case RT_LOG_ERROR:
		return "error";
	case RT_LOG_WARNING:
		return "warning";
	case RT_LOG_INFO:
		return "info";
	default:
		return "debug";
	}
}

/* One line, built in memory and written with one write(2) so concurrent appends never interleave. */
static void emit(int fd, enum rt_log_format fmt, enum rt_log_level level, const char *msg)
{
	char *buf = NULL, ts[64];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return;
	rt_time_rfc3339(ts, sizeof(ts));
	if (fmt == RT_LOG_JSON) {
		fputs("{\"level\":", f);
		rt_json_escape(f, level_name(level));
		fputs(",\"msg\":", f);
		rt_json_escape(f, msg);
		fputs(",\"time\":", f);
		rt_json_escape(f, ts);
		fputs("}\n", f);
	} else if (fd == STDERR_FILENO) {
		fprintf(f, "rt: %s%s\n",
			level == RT_LOG_ERROR ? "" : (level == RT_LOG_WARNING ? "warning: " : "debug: "), msg);
	} else {
		fprintf(f, "%s %s: %s\n", ts, level_name(level), msg);
	}
	if (fclose(f) == 0 && buf)
		(void)rt_write_all(fd, buf, len);
	free(buf);
}

void rt_log(enum rt_log_level level, const char *fmt, ...)
{
	int saved = errno;
	char *msg = NULL;
	va_list ap;

	if (level > log_level)
		return;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) >= 0) {
		if (log_fd >= 0)
			emit(log_fd, log_format, level, msg);
		else /* the chosen format on stderr too, as for the final error (runc's logrus) */
			emit(STDERR_FILENO, log_format, level, msg);
	}
	va_end(ap);
	free(msg);
	errno = saved;
}

void rt_log_error_final(const char *msg)
{
	/* Without a log file the format applies to stderr itself (as runc's logrus does). */
	emit(STDERR_FILENO, log_fd < 0 ? log_format : RT_LOG_TEXT, RT_LOG_ERROR, msg);
	if (log_fd >= 0)
		emit(log_fd, log_format, RT_LOG_ERROR, msg);
}
