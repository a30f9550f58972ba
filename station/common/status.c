#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char last_message[512];

int st_fail(int code, const char *fmt, ...)
{
	/* formatted aside first: st_fail(..., "%s: %s", what, st_errmsg()) reads the message it
	 * replaces (a failed migration's message came out garbled) */
	char message[sizeof last_message];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	memcpy(last_message, message, sizeof message);
	return code;
}

const char *st_errmsg(void)
{
	return last_message;
}

const char *st_strerror(int code)
{
	switch (code) {
	case ST_OK: return "success";
	case ST_ERR_ARG: return "bad argument";
	case ST_ERR_NOT_FOUND: return "not found";
	case ST_ERR_ACCESS: return "permission denied";
	case ST_ERR_IO: return "input/output error";
	case ST_ERR_TIMEOUT: return "timed out";
	case ST_ERR_PROTOCOL: return "protocol mismatch";
	case ST_ERR_DATA: return "corrupt data";
	case ST_ERR_STATE: return "not valid in this state";
	case ST_ERR_NOMEM: return "out of memory";
	case ST_ERR_GONE: return "device gone";
	case ST_ENDED: return "stream ended";
	default: return "failure";
	}
}
