/* calib_file.c: the calibration file (JSON, one per plate serial) and where to find it. */
#include "calib.h"
#include "assets.h"
#include "paths.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CALIB_FORMAT_NAME "station-calibration"
#define CALIB_FILE_MAX (1 << 20)

static const char *const channel_names[PLATE_CHANNELS] = {
	"left front-left", "left front-right", "left rear-left", "left rear-right",
	"right front-left", "right front-right", "right rear-left", "right rear-right",
};

static int copy_string_field(const cJSON *obj, const char *key, char *dst, size_t len, bool required,
			     const char *name)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!item) {
		if (required)
			return st_fail(ST_ERR_DATA, "%s: missing field \"%s\"", name, key);
		dst[0] = '\0';
		return ST_OK;
	}
	if (!cJSON_IsString(item) || strlen(item->valuestring) >= len)
		return st_fail(ST_ERR_DATA, "%s: field \"%s\" must be a string of at most %zu characters", name, key,
			       len - 1);
	strcpy(dst, item->valuestring);
	return ST_OK;
}

static int number_field(const cJSON *obj, const char *key, double *out, const char *name, int channel)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!cJSON_IsNumber(item))
		return st_fail(ST_ERR_DATA, "%s: channel %d (%s): %s field \"%s\"", name, channel,
			       channel_names[channel], item ? "non-numeric" : "missing", key);
	*out = item->valuedouble;
	return ST_OK;
}

static int parse_channel(const cJSON *obj, int c, struct calib_channel *ch, const char *name)
{
	if (!cJSON_IsObject(obj))
		return st_fail(ST_ERR_DATA, "%s: channel %d is not an object", name, c);
	int rc = number_field(obj, "zero_counts", &ch->zero_counts, name, c);
	if (rc == ST_OK)
		rc = number_field(obj, "newtons_per_count", &ch->newtons_per_count, name, c);
	if (rc == ST_OK)
		rc = number_field(obj, "x_mm", &ch->x_mm, name, c);
	if (rc == ST_OK)
		rc = number_field(obj, "y_mm", &ch->y_mm, name, c);
	if (rc != ST_OK)
		return rc;
	if (!(ch->newtons_per_count > 0) || ch->newtons_per_count > 1.0)
		return st_fail(ST_ERR_DATA, "%s: channel %d (%s): newtons_per_count %g is not a plausible gain", name,
			       c, channel_names[c], ch->newtons_per_count);
	if (fabs(ch->zero_counts) > 0x800000 || fabs(ch->x_mm) > 2000 || fabs(ch->y_mm) > 2000)
		return st_fail(ST_ERR_DATA, "%s: channel %d (%s): zero or position out of range", name, c,
			       channel_names[c]);
	return ST_OK;
}

int calib_from_json(const char *text, const char *name, struct calibration *out)
{
	memset(out, 0, sizeof *out);
	cJSON *root = cJSON_Parse(text);
	if (!root) {
		const char *at = cJSON_GetErrorPtr();
		return st_fail(ST_ERR_DATA, "%s: not valid JSON (near byte %td)", name, at ? at - text : (ptrdiff_t)0);
	}
	int rc = ST_OK;
	const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
	const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "version");
	const cJSON *channels = cJSON_GetObjectItemCaseSensitive(root, "channels");
	if (!cJSON_IsString(format) || strcmp(format->valuestring, CALIB_FORMAT_NAME) != 0)
		rc = st_fail(ST_ERR_DATA, "%s: not a calibration file (\"format\" must be \"%s\")", name,
			     CALIB_FORMAT_NAME);
	else if (!cJSON_IsNumber(version) || version->valueint != CALIB_FORMAT_VERSION)
		rc = st_fail(ST_ERR_DATA, "%s: calibration format version %s not supported (this station reads %d)",
			     name, cJSON_IsNumber(version) ? "other than 1" : "missing", CALIB_FORMAT_VERSION);
	else if (!cJSON_IsArray(channels) || cJSON_GetArraySize(channels) != PLATE_CHANNELS)
		rc = st_fail(ST_ERR_DATA, "%s: \"channels\" must be an array of %d channels", name, PLATE_CHANNELS);
	if (rc == ST_OK)
		rc = copy_string_field(root, "serial", out->serial, sizeof out->serial, true, name);
	if (rc == ST_OK && !out->serial[0])
		rc = st_fail(ST_ERR_DATA, "%s: empty \"serial\"", name);
	if (rc == ST_OK)
		rc = copy_string_field(root, "created_utc", out->created_utc, sizeof out->created_utc, true, name);
	if (rc == ST_OK)
		rc = copy_string_field(root, "operator", out->operator_name, sizeof out->operator_name, false, name);
	for (int c = 0; rc == ST_OK && c < PLATE_CHANNELS; c++)
		rc = parse_channel(cJSON_GetArrayItem(channels, c), c, &out->ch[c], name);
	cJSON_Delete(root);
	return rc;
}

char *calib_to_json(const struct calibration *c)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "format", CALIB_FORMAT_NAME);
	cJSON_AddNumberToObject(root, "version", CALIB_FORMAT_VERSION);
	cJSON_AddStringToObject(root, "serial", c->serial);
	cJSON_AddStringToObject(root, "created_utc", c->created_utc);
	cJSON_AddStringToObject(root, "operator", c->operator_name);
	cJSON *channels = cJSON_AddArrayToObject(root, "channels");
	for (int i = 0; i < PLATE_CHANNELS; i++) {
		cJSON *ch = cJSON_CreateObject();
		cJSON_AddStringToObject(ch, "cell", channel_names[i]);
		cJSON_AddNumberToObject(ch, "zero_counts", c->ch[i].zero_counts);
		cJSON_AddNumberToObject(ch, "newtons_per_count", c->ch[i].newtons_per_count);
		cJSON_AddNumberToObject(ch, "x_mm", c->ch[i].x_mm);
		cJSON_AddNumberToObject(ch, "y_mm", c->ch[i].y_mm);
		cJSON_AddItemToArray(channels, ch);
	}
	char *text = cJSON_Print(root);
	cJSON_Delete(root);
	return text;
}

int calib_load_file(const char *path, struct calibration *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return st_fail(errno == ENOENT ? ST_ERR_NOT_FOUND : ST_ERR_IO, "%s: %s", path, strerror(errno));
	char *text = malloc(CALIB_FILE_MAX + 1);
	if (!text) {
		fclose(f);
		return st_fail(ST_ERR_NOMEM, "%s: out of memory", path);
	}
	size_t n = fread(text, 1, CALIB_FILE_MAX + 1, f);
	int read_error = ferror(f);
	fclose(f);
	int rc;
	if (read_error)
		rc = st_fail(ST_ERR_IO, "%s: read error", path);
	else if (n > CALIB_FILE_MAX)
		rc = st_fail(ST_ERR_DATA, "%s: too large for a calibration file", path);
	else if (n == 0)
		rc = st_fail(ST_ERR_DATA, "%s: empty file", path);
	else {
		text[n] = '\0';
		rc = calib_from_json(text, path, out);
	}
	free(text);
	return rc;
}

int calib_save_file(const char *path, const struct calibration *c)
{
	char *text = calib_to_json(c);
	if (!text)
		return st_fail(ST_ERR_NOMEM, "%s: out of memory", path);
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	int rc = ST_OK;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = st_fail(ST_ERR_IO, "%s: %s", tmp, strerror(errno));
	} else {
		size_t len = strlen(text);
		ssize_t w = write(fd, text, len);
		if (w != (ssize_t)len || write(fd, "\n", 1) != 1 || fsync(fd) != 0)
			rc = st_fail(ST_ERR_IO, "%s: write failed: %s", tmp, strerror(errno));
		if (close(fd) != 0 && rc == ST_OK)
			rc = st_fail(ST_ERR_IO, "%s: %s", tmp, strerror(errno));
		if (rc == ST_OK && rename(tmp, path) != 0)
			rc = st_fail(ST_ERR_IO, "%s: %s", path, strerror(errno));
		if (rc != ST_OK)
			unlink(tmp);
	}
	free(text);
	return rc;
}

int calib_user_dir(char *buf, size_t len)
{
	int rc = st_data_dir(buf, len, 0);
	size_t used = strlen(buf);
	if (rc == ST_OK && used + sizeof "/calibration" > len)
		rc = st_fail(ST_ERR_ARG, "calibration directory path too long");
	if (rc == ST_OK)
		strcat(buf, "/calibration");
	return rc;
}

static bool serial_is_safe(const char *serial)
{
	if (!*serial)
		return false;
	for (const char *s = serial; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_' || *s == '.'))
			return false;
	return serial[0] != '.';
}

int calib_find(const char *serial, struct calibration *out, char *path_out, size_t path_len)
{
	if (!serial_is_safe(serial))
		return st_fail(ST_ERR_ARG, "plate serial \"%s\" cannot name a calibration file", serial);
	char dirs[2][4096];
	int n_dirs = 0;
	if (calib_user_dir(dirs[n_dirs], sizeof dirs[0]) == ST_OK)
		n_dirs++;
	if (st_assets_dir(dirs[n_dirs], sizeof dirs[0] - sizeof "/calibration") == ST_OK)
		strcat(dirs[n_dirs++], "/calibration");
	for (int i = 0; i < n_dirs; i++) {
		char path[4200];
		snprintf(path, sizeof path, "%s/%s.json", dirs[i], serial);
		int rc = calib_load_file(path, out);
		if (rc == ST_ERR_NOT_FOUND)
			continue;
		if (rc == ST_OK && strcmp(out->serial, serial) != 0)
			rc = st_fail(ST_ERR_DATA, "%s: calibration is for plate %s, not %s", path, out->serial, serial);
		if (rc == ST_OK && path_out)
			snprintf(path_out, path_len, "%s", path);
		return rc;
	}
	return st_fail(ST_ERR_NOT_FOUND,
		       "no calibration for plate %s (looked in %s): calibrate it with "
		       "'station calibrate --plate PLATE', or record in the native format, which needs none",
		       serial, dirs[0]);
}
