#include "status.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char last_message[512];

int st_fail(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last_message, sizeof last_message, fmt, ap);
	va_end(ap);
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
