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
