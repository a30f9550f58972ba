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
