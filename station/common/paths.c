#include "paths.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "status.h"

static int make_dirs(char *path)
{
	for (char *slash = strchr(path + 1, '/');; slash = strchr(slash + 1, '/')) {
		if (slash)
			*slash = '\0';
		int rc = mkdir(path, 0700);
		int err = errno;
		if (slash)
			*slash = '/';
		if (rc != 0 && err != EEXIST)
			return st_fail(ST_ERR_IO, "%s: %s", path, strerror(err));
		if (!slash)
			return ST_OK;
	}
}

int st_path(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size)
		return st_fail(ST_ERR_ARG, "file name too long (over %zu bytes): %.40s...", size - 1, buf);
	return ST_OK;
}

int st_make_dirs(const char *path)
{
	char buf[4096];
	if (!*path || strlen(path) >= sizeof buf)
		return st_fail(ST_ERR_ARG, "'%s': not a usable folder name", path);
	strcpy(buf, path);
	return make_dirs(buf);
}

int st_data_dir(char *buf, size_t len, int create)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	int n;
	if (xdg && *xdg)
		n = snprintf(buf, len, "%s/station", xdg);
	else if (home && *home)
		n = snprintf(buf, len, "%s/.local/share/station", home);
	else
		return st_fail(ST_ERR_NOT_FOUND, "neither XDG_DATA_HOME nor HOME is set");
	if (n <= 0 || (size_t)n >= len)
		return st_fail(ST_ERR_ARG, "data directory path too long");
	return create ? make_dirs(buf) : ST_OK;
}
