/* log_capture.h: what the station logs to stderr, caught in a file and read back, for
 * tests that check a log line. Between log_capture_begin() and log_capture_end() stderr
 * is the file (a failed check's message lands there too); outside, the real stderr. */
#ifndef STATION_LOG_CAPTURE_H
#define STATION_LOG_CAPTURE_H

#include <stddef.h>

/* Creates the file (unlinked at once) in $TMPDIR; exits the test when it cannot. */
void log_capture_open(void);
void log_capture_begin(void);
/* Back to the real stderr; what was written since log_capture_begin() into buf (cut at
 * len - 1, NUL-terminated). Returns its length. */
size_t log_capture_end(char *buf, size_t len);
/* The capture file's descriptor (for fstat: it is stderr while capturing). */
int log_capture_fd(void);

#endif
