#include "assets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "status.h"

static int copy_path(char *buf, size_t len, const char *prefix, const char *suffix)
{
	int n = snprintf(buf, len, "%s%s", prefix, suffix);
	if (n <= 0 || (size_t)n >= len)
		return st_fail(ST_ERR_ARG, "assets directory path too long");
	return ST_OK;
}

/* PREFIX/share/station when this program runs as PREFIX/bin/NAME and that folder exists. */
static int installed_assets(char *buf, size_t len)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return ST_ERR_NOT_FOUND;
	exe[n] = '\0';
	char *name = strrchr(exe, '/');
	if (!name)
		return ST_ERR_NOT_FOUND;
	*name = '\0';
	char *bin = strrchr(exe, '/');
	if (!bin || strcmp(bin, "/bin") != 0)
		return ST_ERR_NOT_FOUND;
	*bin = '\0';
	struct stat st;
	if (copy_path(buf, len, exe, "/share/station") != ST_OK || stat(buf, &st) != 0 || !S_ISDIR(st.st_mode))
		return ST_ERR_NOT_FOUND;
	return ST_OK;
}

int st_assets_dir(char *buf, size_t len)
{
	const char *env = getenv("STATION_ASSETS");
	if (env && *env)
		return copy_path(buf, len, env, "");
	if (installed_assets(buf, len) == ST_OK)
		return ST_OK;
	return copy_path(buf, len, STATION_ASSETS_DIR, "");
}

const char *st_font_path(bool bold)
{
	return bold ? STATION_FONT_DIR "/DejaVuSans-Bold.ttf" : STATION_FONT_DIR "/DejaVuSans.ttf";
}
