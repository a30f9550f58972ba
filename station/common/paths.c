#include "paths.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
		if (rc != 0 && err != EEXIST) /* a folder this user may only read: ST_ERR_ACCESS, which
					       * store_open_to_read reads as it is */
			return st_fail(err == EACCES || err == EPERM || err == EROFS ? ST_ERR_ACCESS : ST_ERR_IO, "%s: %s",
				       path, strerror(err));
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

/* Whether folder lies in data (both resolved) outside its exports/. */
static bool inside(const char *folder, const char *data)
{
	size_t n = strlen(data);
	if (strncmp(folder, data, n) != 0 || (folder[n] != '\0' && folder[n] != '/'))
		return false;
	return !(strncmp(folder + n, "/exports", 8) == 0 && (folder[n + 8] == '\0' || folder[n + 8] == '/'));
}

/* The nearest folder from folder up (resolved) that holds ST_DATA_FOLDER_DB or
 * ST_DATA_FOLDER_LOCK (a folder whose database a restore cut short has moved aside still
 * has that mark), into data; false if none. */
static bool data_folder_above(const char *folder, char data[PATH_MAX])
{
	snprintf(data, PATH_MAX, "%s", folder);
	for (;;) {
		char db[PATH_MAX + sizeof ST_DATA_FOLDER_DB + 1], lock[PATH_MAX + sizeof ST_DATA_FOLDER_LOCK + 1];
		snprintf(db, sizeof db, "%s/%s", strcmp(data, "/") == 0 ? "" : data, ST_DATA_FOLDER_DB);
		snprintf(lock, sizeof lock, "%s/%s", strcmp(data, "/") == 0 ? "" : data, ST_DATA_FOLDER_LOCK);
		if (access(db, F_OK) == 0 || access(lock, F_OK) == 0)
			return true;
		if (strcmp(data, "/") == 0)
			return false;
		char *slash = strrchr(data, '/');
		if (slash == data)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
}

int st_outside_data_folder(const char *data_dir, const char *out, bool is_folder)
{
	char data[PATH_MAX], folder[PATH_MAX], copy[PATH_MAX];
	snprintf(copy, sizeof copy, "%s", out);
	bool resolved = is_folder && realpath(out, folder); /* a folder not made yet: its parent */
	if (!resolved && !realpath(dirname(copy), folder))
		return ST_OK; /* a folder that is not there: writing fails with its own message */
	bool found = data_dir ? realpath(data_dir, data) != NULL : data_folder_above(folder, data);
	if (found && inside(folder, data))
		return st_fail(ST_ERR_ARG, "%s: inside the station's data folder %s, whose files it would replace: "
				"write elsewhere (or under its exports/)", out, data);
	return ST_OK;
}
