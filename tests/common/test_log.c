/* test_log: the log's two ways out. stderr: the line's format and the level threshold.
 * The journal: chosen only when JOURNAL_STREAM names the file stderr is, with the fields
 * it sends; and stderr again when the journal refuses a message.
 *
 * The journal is reached through the seam of sd_journal_sendv_with_location(): this
 * program defines it, and the linker binds the log's call to this definition before
 * libsystemd's, so the test sees every field without a journald (none runs in a build
 * container). */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <systemd/sd-journal.h>
#include <unistd.h>

#include "check.h"
#include "log_capture.h"

#define LOG_PREFIX "usb"
#include "log.h"

static char sent[16][256]; /* the fields of the last message sent to the "journal" */
static int n_sent, journal_calls, journal_result;

int sd_journal_sendv_with_location(const char *file, const char *line, const char *func, const struct iovec *iov,
				   int n)
{
	journal_calls++;
	n_sent = n < 13 ? n : 13;
	for (int i = 0; i < n_sent; i++)
		snprintf(sent[i], sizeof sent[i], "%.*s", (int)iov[i].iov_len, (const char *)iov[i].iov_base);
	snprintf(sent[n_sent++], sizeof sent[0], "%s", file);
	snprintf(sent[n_sent++], sizeof sent[0], "%s", line);
	snprintf(sent[n_sent++], sizeof sent[0], "CODE_FUNC=%s", func);
	return journal_result;
}

static bool sent_field(const char *want)
{
	for (int i = 0; i < n_sent; i++)
		if (strcmp(sent[i], want) == 0)
			return true;
	return false;
}

/* JOURNAL_STREAM naming the capture file, give or take a device or inode. */
static void set_journal_stream(long long dev_delta, long long ino_delta)
{
	struct stat st;
	fstat(log_capture_fd(), &st);
	char v[64];
	snprintf(v, sizeof v, "%llu:%llu", (unsigned long long)st.st_dev + (unsigned long long)dev_delta,
		 (unsigned long long)st.st_ino + (unsigned long long)ino_delta);
	setenv("JOURNAL_STREAM", v, 1);
}

/* Whether the log would write to the journal while stderr is the capture file. */
static bool journal_chosen(void)
{
	char out[16];
	log_capture_begin();
	bool j = st_log_to_journal();
	log_capture_end(out, sizeof out);
	return j;
}

static void test_stderr_format(void)
{
	unsetenv("JOURNAL_STREAM");
	unsetenv("STATION_LOG_LEVEL");
	char out[4096];
	log_capture_begin();
	log_warning("%s: %d CRC errors", "PLATE-0007", 3);
	log_info("not shown on stderr by default");
	log_debug("nor this");
	size_t n = log_capture_end(out, sizeof out);
	regex_t re;
	regcomp(&re, "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3} warning usb: "
		     "PLATE-0007: 3 CRC errors\n$", REG_EXTENDED);
	CHECK(regexec(&re, out, 0, NULL, 0) == 0, "the warning as written: '%s'", out);
	regfree(&re);
	CHECK(n > 0 && strchr(out, '\n') == out + n - 1, "one line, info and debug hidden by default: '%s'", out);
	CHECK(journal_calls == 0, "no journal without JOURNAL_STREAM: %d calls", journal_calls);
	CHECK(st_log_threshold(false) == ST_LOG_WARNING && st_log_threshold(true) == ST_LOG_INFO,
	      "by default stderr gets warnings, the journal info too");

	setenv("STATION_LOG_LEVEL", "info", 1);
	log_capture_begin();
	log_info("plate %s connected at %s", "PLATE-0007", "bus 1 port 2");
	log_capture_end(out, sizeof out);
	CHECK(strstr(out, " info usb: plate PLATE-0007 connected at bus 1 port 2\n") != NULL, "info shown at info: '%s'",
	      out);

	setenv("STATION_LOG_LEVEL", "debug", 1);
	CHECK(st_log_threshold(false) == ST_LOG_DEBUG, "STATION_LOG_LEVEL=debug: %d", st_log_threshold(false));
	log_capture_begin();
	log_debug("resync after %d bytes", 41);
	log_capture_end(out, sizeof out);
	CHECK(strstr(out, " debug usb: resync after 41 bytes\n") != NULL, "debug shown at debug: '%s'", out);

	setenv("STATION_LOG_LEVEL", "error", 1);
	log_capture_begin();
	log_warning("a warning");
	log_error("an error");
	log_capture_end(out, sizeof out);
	CHECK(strstr(out, "a warning") == NULL && strstr(out, " error usb: an error\n") != NULL,
	      "at level error only errors: '%s'", out);

	setenv("STATION_LOG_LEVEL", "loud", 1);
	CHECK(st_log_threshold(false) == ST_LOG_WARNING && st_log_threshold(true) == ST_LOG_INFO,
	      "an unknown level means the default: %d, %d", st_log_threshold(false), st_log_threshold(true));
	unsetenv("STATION_LOG_LEVEL");

	char longer[2 * ST_LOG_MAX];
	memset(longer, 'x', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	log_capture_begin();
	log_warning("%s", longer);
	n = log_capture_end(out, sizeof out);
	CHECK(n > ST_LOG_MAX && n < ST_LOG_MAX + 64 && out[n - 1] == '\n', "a long message is cut: %zu bytes", n);
}

static void test_journal_choice(void)
{
	unsetenv("JOURNAL_STREAM");
	CHECK(!journal_chosen(), "no JOURNAL_STREAM: stderr");
	set_journal_stream(0, 0);
	CHECK(journal_chosen(), "JOURNAL_STREAM naming stderr: the journal");
	CHECK(!st_log_to_journal(), "the same JOURNAL_STREAM with stderr another file (redirected since): stderr");
	set_journal_stream(0, 1);
	CHECK(!journal_chosen(), "JOURNAL_STREAM naming another inode: stderr");
	set_journal_stream(1, 0);
	CHECK(!journal_chosen(), "JOURNAL_STREAM naming another device: stderr");
	setenv("JOURNAL_STREAM", "8:12345x", 1);
	CHECK(!journal_chosen(), "a malformed JOURNAL_STREAM: stderr");
	setenv("JOURNAL_STREAM", "", 1);
	CHECK(!journal_chosen(), "an empty JOURNAL_STREAM: stderr");
	unsetenv("JOURNAL_STREAM");
}

static void test_journal_fields(void)
{
	char out[4096], want[64];
	set_journal_stream(0, 0);
	journal_calls = 0;
	journal_result = 0;
	log_capture_begin();
	log_warning("%s unplugged", "PLATE-0007");
	int line = __LINE__ - 1;
	size_t n = log_capture_end(out, sizeof out);
	CHECK(journal_calls == 1, "one message, one call: %d", journal_calls);
	CHECK(sent_field("MESSAGE=usb: PLATE-0007 unplugged"), "MESSAGE: '%s'", sent[0]);
	CHECK(sent_field("PRIORITY=4"), "PRIORITY of a warning is syslog's 4");
	CHECK(sent_field("SYSLOG_IDENTIFIER=station"), "SYSLOG_IDENTIFIER");
	CHECK(sent_field("STATION_MODULE=usb"), "STATION_MODULE");
	snprintf(want, sizeof want, "CODE_LINE=%d", line);
	CHECK(sent_field(want), "%s", want);
	CHECK(sent_field("CODE_FUNC=test_journal_fields"), "CODE_FUNC");
	CHECK(sent_field("CODE_FILE=" __FILE__), "CODE_FILE");
	CHECK(n_sent == 7, "4 fields and the location: %d", n_sent);
	CHECK(n == 0, "nothing on stderr: '%s'", out);

	journal_calls = 0;
	log_capture_begin();
	log_info("info reaches the journal by default");
	log_debug("debug does not");
	log_capture_end(out, sizeof out);
	CHECK(journal_calls == 1 && sent_field("MESSAGE=usb: info reaches the journal by default"),
	      "the journal's default level is info: %d calls", journal_calls);

	static const struct {
		enum st_log_level level;
		const char *priority;
	} priorities[] = { { ST_LOG_ERROR, "PRIORITY=3" }, { ST_LOG_INFO, "PRIORITY=6" }, { ST_LOG_DEBUG, "PRIORITY=7" } };
	setenv("STATION_LOG_LEVEL", "debug", 1);
	for (size_t i = 0; i < sizeof priorities / sizeof priorities[0]; i++) {
		log_capture_begin();
		st_log(priorities[i].level, LOG_PREFIX, __FILE__, __LINE__, __func__, "x");
		log_capture_end(out, sizeof out);
		CHECK(sent_field(priorities[i].priority), "level %d: %s", priorities[i].level, priorities[i].priority);
	}
	unsetenv("STATION_LOG_LEVEL");

	/* the journal's socket refused the message: it goes to stderr */
	journal_result = -2;
	log_capture_begin();
	log_error("store %s: disk full", "station.db");
	log_capture_end(out, sizeof out);
	CHECK(strstr(out, " error usb: store station.db: disk full\n") != NULL, "stderr when the journal fails: '%s'",
	      out);
	unsetenv("JOURNAL_STREAM");
}

int main(void)
{
	log_capture_open();
	test_stderr_format();
	test_journal_choice();
	test_journal_fields();
	return check_summary();
}
