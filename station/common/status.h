/* status.h: the error codes every station module returns, and the message behind them.
 *
 * A failing call returns a negative code and leaves a one-line message saying what and
 * where ("rec.bin: byte 4096: block CRC mismatch"); the message is per thread, like
 * SDL_GetError(), and stays until the next failure on that thread. Success is ST_OK (0);
 * calls that count return the count (>= 0).
 */
#ifndef STATION_STATUS_H
#define STATION_STATUS_H

enum st_status {
	ST_OK = 0,
	ST_ERR = -1,           /* failure of no more specific kind */
	ST_ERR_ARG = -2,       /* bad argument or option */
	ST_ERR_NOT_FOUND = -3, /* no such plate, file or entry */
	ST_ERR_ACCESS = -4,    /* permission denied */
	ST_ERR_IO = -5,        /* read/write/transfer failed */
	ST_ERR_TIMEOUT = -6,
	ST_ERR_PROTOCOL = -7,  /* the other side speaks something we do not */
	ST_ERR_DATA = -8,      /* malformed or corrupt data */
	ST_ERR_STATE = -9,     /* call not valid in this state */
	ST_ERR_NOMEM = -10,
	ST_ERR_GONE = -11,     /* the device went away */
	ST_ENDED = -12,        /* the stream has ended normally (end of a replay or script) */
};

/* Records a printf-style message for this thread and returns code, so that
 * `return st_fail(ST_ERR_DATA, "%s: line %zu: ...", ...);` reads as one step. */
int st_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The message of the last failure on this thread ("" if none). */
const char *st_errmsg(void);

#endif
