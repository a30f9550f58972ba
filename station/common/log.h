/* log.h: the station's log, for finding out afterwards what happened in a clinic: plates
 * coming and going, sessions starting and ending, the calibration used, the USB plate's
 * counters after each set.
 *
 * Under systemd (the kiosk unit sends stderr to the journal, and JOURNAL_STREAM says so,
 * systemd.exec(5)) each message goes to the journal with its priority and the fields
 * STATION_MODULE, CODE_FILE, CODE_LINE and CODE_FUNC (`journalctl -u station`,
 * `journalctl STATION_MODULE=usb`); otherwise to stderr, one line each:
 *     2026-12-04 15:40:01.123 warning usb: usb:PLATE-7 stream ended: ... 3 CRC errors ...
 * STATION_LOG_LEVEL (error, warning, info or debug) says how much; unset, the journal gets
 * info and above, stderr warnings and errors only (a command that works stays quiet).
 *
 * A source file names its module once, before including this header:
 *     #define LOG_PREFIX "usb"
 *     #include "log.h"
 *     log_info("%s connected at %s", serial, where);
 *
 * Never log a patient's name or anything else that says who they are beyond the clinic id.
 * Any thread may log; each message is written whole, in one call. A message is cut at
 * ST_LOG_MAX bytes.
 */
#ifndef STATION_LOG_H
#define STATION_LOG_H

#include <stdbool.h>

#define ST_LOG_MAX 1024

/* Most to least severe: a message is written when its level is at most the threshold. */
enum st_log_level { ST_LOG_ERROR, ST_LOG_WARNING, ST_LOG_INFO, ST_LOG_DEBUG };

void st_log(enum st_log_level level, const char *module, const char *file, int line, const char *func,
	    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* The threshold from STATION_LOG_LEVEL; when unset or not a level's name, ST_LOG_INFO
 * for the journal and ST_LOG_WARNING for stderr. */
enum st_log_level st_log_threshold(bool to_journal);

/* Whether messages go to the journal: JOURNAL_STREAM ("DEVICE:INODE") names the file that
 * stderr is. */
bool st_log_to_journal(void);

#define log_error(...) st_log(ST_LOG_ERROR, LOG_PREFIX, __FILE__, __LINE__, __func__, __VA_ARGS__)
#define log_warning(...) st_log(ST_LOG_WARNING, LOG_PREFIX, __FILE__, __LINE__, __func__, __VA_ARGS__)
#define log_info(...) st_log(ST_LOG_INFO, LOG_PREFIX, __FILE__, __LINE__, __func__, __VA_ARGS__)
#define log_debug(...) st_log(ST_LOG_DEBUG, LOG_PREFIX, __FILE__, __LINE__, __func__, __VA_ARGS__)

#endif
