#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <systemd/sd-journal.h>
#include <time.h>
#include <unistd.h>

static const char *const level_name[] = {
	[ST_LOG_ERROR] = "error",
	[ST_LOG_WARNING] = "warning",
	[ST_LOG_INFO] = "info",
	[ST_LOG_DEBUG] = "debug",
};

/* syslog(3) priorities, as the journal's PRIORITY field wants them */
static const int journal_priority[] = {
	[ST_LOG_ERROR] = 3,
	[ST_LOG_WARNING] = 4,
	[ST_LOG_INFO] = 6,
	[ST_LOG_DEBUG] = 7,
};

#define N_LEVELS (sizeof level_name / sizeof level_name[0])

enum st_log_level st_log_threshold(bool to_journal)
{
	const char *want = getenv("STATION_LOG_LEVEL");
	for (size_t i = 0; want && i < N_LEVELS; i++)
		if (strcmp(want, level_name[i]) == 0)
			return (enum st_log_level)i;
	return to_journal ? ST_LOG_INFO : ST_LOG_WARNING;
}

bool st_log_to_journal(void)
{
	const char *stream = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	int used = 0;
	if (!stream || sscanf(stream, "%llu:%llu%n", &dev, &ino, &used) != 2 || stream[used] != '\0')
		return false;
	struct stat st;
	return fstat(STDERR_FILENO, &st) == 0 && (unsigned long long)st.st_dev == dev &&
	       (unsigned long long)st.st_ino == ino;
}

/* One field "NAME=value" into iov, formatted into buf. */
static struct iovec field(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static struct iovec field(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return (struct iovec){ .iov_base = buf, .iov_len = n < 0 ? 0 : (size_t)n < len ? (size_t)n : len - 1 };
}

/* The message with its priority and module; the journal adds CODE_FILE, CODE_LINE and
 * CODE_FUNC from the caller's location. */
static int to_journal(enum st_log_level level, const char *module, const char *file, int line, const char *func,
		      const char *msg)
{
	static char ident[] = "SYSLOG_IDENTIFIER=station"; /* journalctl -t station */
	char message[ST_LOG_MAX + 64], priority[16], mod[64], code_file[256], code_line[32];
	struct iovec iov[] = {
		field(message, sizeof message, "MESSAGE=%s: %s", module, msg),
		field(priority, sizeof priority, "PRIORITY=%d", journal_priority[level]),
		{ .iov_base = ident, .iov_len = sizeof ident - 1 },
		field(mod, sizeof mod, "STATION_MODULE=%s", module),
	};
	snprintf(code_file, sizeof code_file, "CODE_FILE=%s", file);
	snprintf(code_line, sizeof code_line, "CODE_LINE=%d", line);
	return sd_journal_sendv_with_location(code_file, code_line, func, iov, (int)(sizeof iov / sizeof iov[0]));
}

static void to_stderr(enum st_log_level level, const char *module, const char *msg)
{
	struct timespec now;
	struct tm tm;
	char when[32] = "";
	clock_gettime(CLOCK_REALTIME, &now);
	if (localtime_r(&now.tv_sec, &tm))
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	fprintf(stderr, "%s.%03ld %s %s: %s\n", when, now.tv_nsec / 1000000, level_name[level], module, msg);
}

void st_log(enum st_log_level level, const char *module, const char *file, int line, const char *func,
	    const char *fmt, ...)
{
	bool journal = st_log_to_journal();
	if (level > st_log_threshold(journal))
		return;
	char msg[ST_LOG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* a message the journal refuses goes to stderr, which systemd keeps too (libsystemd drops
	 * it silently, returning 0, only when there is no journal socket at all) */
	if (!journal || to_journal(level, module, file, line, func, msg) < 0)
		to_stderr(level, module, msg);
}
