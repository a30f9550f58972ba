/* calib_file.c: the calibration file (JSON, one per plate serial) and where to find it. */
#define _GNU_SOURCE /* strptime, timegm */
#include "calib.h"
#include "assets.h"
#include "paths.h"
#include "safe_file.h"

#define LOG_PREFIX "calibration"
#include "log.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CALIB_FORMAT_NAME "station-calibration"
#define CALIB_FILE_MAX (1 << 20)
#define DEFAULT_MAX_AGE_DAYS 90 /* the age past which a measured calibration is due again */
#define DAY_FORMAT "%d %b %Y" /* calib_day's: "05 Dec 2026" */

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

static int parse_channel(const cJSON *obj, int c, struct plate_cell *ch, const char *name)
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
	const double gain_min = CALIB_FULL_SCALE_MIN_N / PLATE_ADC_MAX, gain_max = CALIB_FULL_SCALE_MAX_N / PLATE_ADC_MAX;
	if (!(ch->newtons_per_count >= gain_min && ch->newtons_per_count <= gain_max))
		return st_fail(ST_ERR_DATA,
			       "%s: channel %d (%s): newtons_per_count %g outside %.2g..%.2g (a load cell's full "
			       "scale from %g N to %g kN)", name, c, channel_names[c], ch->newtons_per_count, gain_min,
			       gain_max, CALIB_FULL_SCALE_MIN_N, CALIB_FULL_SCALE_MAX_N / 1000);
	if (!(fabs(ch->zero_counts) <= 0x800000))
		return st_fail(ST_ERR_DATA, "%s: channel %d (%s): zero_counts %g outside the 24-bit range", name, c,
			       channel_names[c], ch->zero_counts);
	if (!(fabs(ch->x_mm) <= CALIB_CELL_REACH_MM) || !(fabs(ch->y_mm) <= CALIB_CELL_REACH_MM))
		return st_fail(ST_ERR_DATA, "%s: channel %d (%s): %s %g mm is more than %g mm from the plate's centre",
			       name, c, channel_names[c], fabs(ch->x_mm) <= CALIB_CELL_REACH_MM ? "y_mm" : "x_mm",
			       fabs(ch->x_mm) <= CALIB_CELL_REACH_MM ? ch->y_mm : ch->x_mm, CALIB_CELL_REACH_MM);
	return ST_OK;
}

/* Each plate's cells at its corners: FL, FR, RL, RR (plate-protocol.md), so the COP can
 * be solved; four cells at one point would make every COP the same (and no rep found). */
static int check_corners(const struct calibration *cal, const char *name)
{
	/* pairs (a, b) where b must be right of a (x) or ahead of a (y) */
	static const struct { int a, b; bool y; } pairs[] = {
		{ 0, 1, false }, { 2, 3, false }, { 2, 0, true }, { 3, 1, true },
	};
	for (int side = 0; side < 2; side++) {
		for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
			const struct plate_cell *a = &cal->ch[side * 4 + pairs[i].a], *b = &cal->ch[side * 4 + pairs[i].b];
			double from = pairs[i].y ? a->y_mm : a->x_mm, to = pairs[i].y ? b->y_mm : b->x_mm;
			if (to - from >= CALIB_CELL_SPAN_MIN_MM)
				continue;
			int cb = side * 4 + pairs[i].b, ca = side * 4 + pairs[i].a;
			return st_fail(ST_ERR_DATA,
				       "%s: channel %d (%s): %s %g mm is not %s channel %d (%s, %g mm) by %g mm or more: "
				       "the cells sit at the plate's corners (plate-protocol.md)", name, cb,
				       channel_names[cb], pairs[i].y ? "y_mm" : "x_mm", to,
				       pairs[i].y ? "ahead of" : "right of", ca, channel_names[ca], from,
				       CALIB_CELL_SPAN_MIN_MM);
		}
	}
	return ST_OK;
}

int calib_check_geometry(const struct calibration *c, const struct plate_info *info)
{
	for (int ch = 0; ch < PLATE_CHANNELS; ch++) {
		double dx = c->ch[ch].x_mm - info->cell_x_mm[ch], dy = c->ch[ch].y_mm - info->cell_y_mm[ch];
		if (hypot(dx, dy) > CALIB_NOMINAL_TOLERANCE_MM)
			return st_fail(ST_ERR_DATA,
				       "calibration of %s: channel %d (%s): x_mm %g, y_mm %g is %.0f mm from where plate "
				       "%s has that cell (%d, %d): more than %g mm; recalibrate it ('station calibrate "
				       "--plate PLATE')", c->serial, ch, channel_names[ch], c->ch[ch].x_mm, c->ch[ch].y_mm,
				       hypot(dx, dy), info->name, info->cell_x_mm[ch], info->cell_y_mm[ch],
				       CALIB_NOMINAL_TOLERANCE_MM);
	}
	return ST_OK;
}

/* Version 2's record of the procedure: "procedure": { gravity_m_s2, zero, span[2], marks[10],
 * verify[2], verified }. Every field is required once the record is there. */
static const char *const side_names[2] = { "left", "right" };

static int rec_number(const cJSON *obj, const char *key, double *out, const char *name, const char *where)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!cJSON_IsNumber(item) || !isfinite(item->valuedouble))
		return st_fail(ST_ERR_DATA, "%s: procedure.%s: %s field \"%s\"", name, where,
			       item ? "non-numeric" : "missing", key);
	*out = item->valuedouble;
	return ST_OK;
}

/* An array of numbers: exactly n of them, or (n_out not NULL) up to n, counted there. */
static int rec_numbers(const cJSON *obj, const char *key, double *out, int n, int *n_out, const char *name,
		       const char *where)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key);
	int size = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : -1;
	if (size < 0 || (n_out ? size > n || size < 1 : size != n))
		return st_fail(ST_ERR_DATA, "%s: procedure.%s: field \"%s\" must be an array of %s%d numbers", name, where,
			       key, n_out ? "1 to " : "", n);
	for (int i = 0; i < size; i++) {
		const cJSON *item = cJSON_GetArrayItem(arr, i);
		if (!cJSON_IsNumber(item) || !isfinite(item->valuedouble))
			return st_fail(ST_ERR_DATA, "%s: procedure.%s: \"%s\"[%d] is not a number", name, where, key, i);
		out[i] = item->valuedouble;
	}
	if (n_out)
		*n_out = size;
	return ST_OK;
}

static const cJSON *rec_item(const cJSON *obj, const char *key, int index, const char *name, int *rc)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key);
	const cJSON *item = cJSON_IsArray(arr) ? cJSON_GetArrayItem(arr, index) : NULL;
	if (!cJSON_IsObject(item))
		*rc = st_fail(ST_ERR_DATA, "%s: procedure: \"%s\"[%d] missing or not an object", name, key, index);
	return item;
}

static int parse_span(const cJSON *o, const char *name, const char *where, struct calib_span *sp)
{
	int rc = rec_numbers(o, "masses_kg", sp->mass_kg, CALIB_SPAN_MAX, &sp->n, name, where);
	if (rc == ST_OK)
		rc = rec_numbers(o, "counts", sp->counts, sp->n, NULL, name, where);
	if (rc == ST_OK)
		rc = rec_numbers(o, "residuals_n", sp->residual_n, sp->n, NULL, name, where);
	if (rc == ST_OK)
		rc = rec_number(o, "gain_n_per_count", &sp->gain_n_per_count, name, where);
	if (rc == ST_OK)
		rc = rec_number(o, "offset_n", &sp->offset_n, name, where);
	if (rc == ST_OK)
		rc = rec_number(o, "r2", &sp->r2, name, where);
	if (rc == ST_OK)
		rc = rec_number(o, "worst_nonlinearity_pct", &sp->nonlinearity_pct, name, where);
	return rc;
}

static int parse_mark(const cJSON *o, const char *name, const char *where, struct calib_mark *m)
{
	int rc = copy_string_field(o, "mark", m->name, sizeof m->name, true, name);
	if (rc == ST_OK)
		rc = rec_number(o, "x_mm", &m->x_mm, name, where);
	if (rc == ST_OK)
		rc = rec_number(o, "y_mm", &m->y_mm, name, where);
	if (rc == ST_OK)
		rc = rec_number(o, "mass_kg", &m->mass_kg, name, where);
	if (rc == ST_OK)
		rc = rec_numbers(o, "cell_counts", m->counts, 4, NULL, name, where);
	if (rc == ST_OK)
		rc = rec_number(o, "cop_error_mm", &m->cop_error_mm, name, where);
	return rc;
}

static int parse_verify(const cJSON *o, const char *name, const char *where, struct calib_verify *v)
{
	int rc = rec_number(o, "mass_kg", &v->mass_kg, name, where);
	if (rc == ST_OK)
		rc = rec_number(o, "measured_n", &v->measured_n, name, where);
	if (rc == ST_OK)
		rc = rec_number(o, "error_n", &v->error_n, name, where);
	if (rc == ST_OK)
		rc = rec_number(o, "error_pct", &v->error_pct, name, where);
	if (rc == ST_OK)
		rc = rec_number(o, "cop_error_mm", &v->cop_error_mm, name, where);
	return rc;
}

static int parse_record(const cJSON *proc, const char *name, struct calib_record *r)
{
	if (!cJSON_IsObject(proc))
		return st_fail(ST_ERR_DATA, "%s: \"procedure\" is not an object", name);
	int rc = rec_number(proc, "gravity_m_s2", &r->gravity, name, "gravity_m_s2");
	const cJSON *zero = cJSON_GetObjectItemCaseSensitive(proc, "zero");
	if (rc == ST_OK)
		rc = rec_numbers(zero, "noise_sd_n", r->zero_sd_n, 2, NULL, name, "zero");
	char where[64];
	for (int side = 0; rc == ST_OK && side < 2; side++) {
		const cJSON *o = rec_item(proc, "span", side, name, &rc);
		snprintf(where, sizeof where, "span[%d]", side);
		if (rc == ST_OK)
			rc = parse_span(o, name, where, &r->span[side]);
		o = rc == ST_OK ? rec_item(proc, "verify", side, name, &rc) : NULL;
		snprintf(where, sizeof where, "verify[%d]", side);
		if (rc == ST_OK)
			rc = parse_verify(o, name, where, &r->verify[side]);
		for (int i = 0; rc == ST_OK && i < CALIB_MARKS; i++) {
			o = rec_item(proc, "marks", side * CALIB_MARKS + i, name, &rc);
			snprintf(where, sizeof where, "marks[%d]", side * CALIB_MARKS + i);
			if (rc == ST_OK)
				rc = parse_mark(o, name, where, &r->mark[side][i]);
		}
	}
	const cJSON *verified = cJSON_GetObjectItemCaseSensitive(proc, "verified");
	if (rc == ST_OK && !cJSON_IsBool(verified))
		rc = st_fail(ST_ERR_DATA, "%s: procedure: missing or non-boolean field \"verified\"", name);
	if (rc == ST_OK) {
		r->verified = cJSON_IsTrue(verified);
		r->have_record = true;
	}
	return rc;
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
	else if (!version)
		rc = st_fail(ST_ERR_DATA, "%s: missing field \"version\"", name);
	else if (!cJSON_IsNumber(version))
		rc = st_fail(ST_ERR_DATA, "%s: field \"version\" must be a number (1 or 2), not %s", name,
			     cJSON_IsString(version) ? "a string" : "this");
	else if (version->valuedouble != 1 && version->valuedouble != 2)
		rc = st_fail(ST_ERR_DATA, "%s: calibration format version %g not supported (this station reads 1 and 2)",
			     name, version->valuedouble);
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
	if (rc == ST_OK)
		rc = check_corners(out, name);
	if (rc == ST_OK) {
		out->version = version->valueint;
		const cJSON *proc = cJSON_GetObjectItemCaseSensitive(root, "procedure");
		if (proc && out->version >= 2)
			rc = parse_record(proc, name, &out->rec);
	}
	cJSON_Delete(root);
	return rc;
}

static void add_numbers(cJSON *o, const char *key, const double *v, int n)
{
	cJSON *arr = cJSON_AddArrayToObject(o, key);
	for (int i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateNumber(v[i]));
}

static void add_record(cJSON *proc, const struct calib_record *r)
{
	cJSON_AddNumberToObject(proc, "gravity_m_s2", r->gravity);
	add_numbers(cJSON_AddObjectToObject(proc, "zero"), "noise_sd_n", r->zero_sd_n, 2);
	cJSON *span = cJSON_AddArrayToObject(proc, "span"), *marks = cJSON_AddArrayToObject(proc, "marks");
	cJSON *verify = cJSON_AddArrayToObject(proc, "verify");
	for (int side = 0; side < 2; side++) {
		const struct calib_span *sp = &r->span[side];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "plate", side_names[side]);
		add_numbers(o, "masses_kg", sp->mass_kg, sp->n);
		add_numbers(o, "counts", sp->counts, sp->n);
		add_numbers(o, "residuals_n", sp->residual_n, sp->n);
		cJSON_AddNumberToObject(o, "gain_n_per_count", sp->gain_n_per_count);
		cJSON_AddNumberToObject(o, "offset_n", sp->offset_n);
		cJSON_AddNumberToObject(o, "r2", sp->r2);
		cJSON_AddNumberToObject(o, "worst_nonlinearity_pct", sp->nonlinearity_pct);
		cJSON_AddItemToArray(span, o);
		for (int i = 0; i < CALIB_MARKS; i++) {
			const struct calib_mark *m = &r->mark[side][i];
			o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "plate", side_names[side]);
			cJSON_AddStringToObject(o, "mark", m->name);
			cJSON_AddNumberToObject(o, "x_mm", m->x_mm);
			cJSON_AddNumberToObject(o, "y_mm", m->y_mm);
			cJSON_AddNumberToObject(o, "mass_kg", m->mass_kg);
			add_numbers(o, "cell_counts", m->counts, 4);
			cJSON_AddNumberToObject(o, "cop_error_mm", m->cop_error_mm);
			cJSON_AddItemToArray(marks, o);
		}
		const struct calib_verify *v = &r->verify[side];
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "plate", side_names[side]);
		cJSON_AddNumberToObject(o, "mass_kg", v->mass_kg);
		cJSON_AddNumberToObject(o, "measured_n", v->measured_n);
		cJSON_AddNumberToObject(o, "error_n", v->error_n);
		cJSON_AddNumberToObject(o, "error_pct", v->error_pct);
		cJSON_AddNumberToObject(o, "cop_error_mm", v->cop_error_mm);
		cJSON_AddItemToArray(verify, o);
	}
	cJSON_AddBoolToObject(proc, "verified", r->verified);
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
	if (c->rec.have_record)
		add_record(cJSON_AddObjectToObject(root, "procedure"), &c->rec);
	char *text = cJSON_Print(root);
	cJSON_Delete(root);
	return text;
}

int calib_load_file(const char *path, struct calibration *out)
{
	FILE *f;
	int rc = st_fopen_regular(path, &f);
	if (rc != ST_OK)
		return rc;
	char *text = malloc(CALIB_FILE_MAX + 1);
	if (!text) {
		fclose(f);
		return st_fail(ST_ERR_NOMEM, "%s: out of memory", path);
	}
	size_t n = fread(text, 1, CALIB_FILE_MAX + 1, f);
	int read_error = ferror(f);
	fclose(f);
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
	size_t len = strlen(text);
	text[len] = '\n'; /* the file ends its last line; the text's NUL is not written */
	int rc = safe_file_write(path, text, len + 1);
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

/* DIR/history/SERIAL-CREATED.json: where a plate's calibration goes when a newer one
 * replaces it (CREATED without its colons). */
static void history_path(const char *dir, const struct calibration *c, char *out, size_t len)
{
	char when[sizeof c->created_utc];
	size_t n = 0;
	for (const char *p = c->created_utc; *p && n + 1 < sizeof when; p++)
		if (*p != ':')
			when[n++] = *p;
	when[n] = '\0';
	snprintf(out, len, "%s/" CALIB_HISTORY_DIR "/%s-%s.json", dir, c->serial, when);
}

int calib_save_for_plate(const struct calibration *c, char *path_out, size_t path_len)
{
	char dir[4096];
	int rc = st_data_dir(dir, sizeof dir, 1);
	if (rc == ST_OK)
		rc = calib_user_dir(dir, sizeof dir);
	if (rc == ST_OK && mkdir(dir, 0700) != 0 && errno != EEXIST)
		rc = st_fail(ST_ERR_IO, "%s: %s", dir, strerror(errno));
	if (rc == ST_OK && !serial_is_safe(c->serial))
		rc = st_fail(ST_ERR_ARG, "plate serial \"%s\" cannot name a calibration file", c->serial);
	if (rc != ST_OK)
		return rc;
	snprintf(path_out, path_len, "%s/%s.json", dir, c->serial);
	/* the one it replaces is kept: the sessions recorded with it name it in reports */
	struct calibration old;
	if (calib_load_file(path_out, &old) == ST_OK && strcmp(old.created_utc, c->created_utc) != 0) {
		char history[4200], kept[4400];
		snprintf(history, sizeof history, "%s/" CALIB_HISTORY_DIR, dir);
		if (mkdir(history, 0700) != 0 && errno != EEXIST)
			return st_fail(ST_ERR_IO, "%s: %s", history, strerror(errno));
		history_path(dir, &old, kept, sizeof kept);
		rc = calib_save_file(kept, &old);
		if (rc != ST_OK)
			return rc;
	}
	return calib_save_file(path_out, c);
}

/* Whether c was made at or before t. */
static bool made_by(const struct calibration *c, time_t t)
{
	double days;
	return calib_age_days(c, t, &days) == ST_OK && days >= 0;
}

int calib_find_in_force(const char *serial, time_t at, struct calibration *out)
{
	int rc = calib_find(serial, out, NULL, 0);
	if (rc != ST_OK || made_by(out, at))
		return rc;
	char created[CALIB_DAY_MAX], then[CALIB_DAY_MAX], dir[4096];
	calib_day(out, created);
	struct tm tm;
	strftime(then, sizeof then, DAY_FORMAT, gmtime_r(&at, &tm));
	bool found = false;
	if (calib_user_dir(dir, sizeof dir) == ST_OK) {
		char history[4200];
		snprintf(history, sizeof history, "%s/" CALIB_HISTORY_DIR, dir);
		DIR *d = opendir(history);
		const struct dirent *e;
		size_t n = strlen(serial);
		while (d && (e = readdir(d))) {
			char path[4500];
			struct calibration c;
			if (strncmp(e->d_name, serial, n) != 0 || e->d_name[n] != '-')
				continue;
			snprintf(path, sizeof path, "%s/%s", history, e->d_name);
			if (calib_load_file(path, &c) == ST_OK && strcmp(c.serial, serial) == 0 && made_by(&c, at) &&
			    (!found || strcmp(c.created_utc, out->created_utc) > 0)) {
				*out = c;
				found = true;
			}
		}
		if (d)
			closedir(d);
	}
	return found ? ST_OK
		     : st_fail(ST_ERR_STATE, "plate %s was calibrated again (%s) after %s; the calibration in force "
					     "on %s is not kept on this station", serial, created, then, then);
}

int calib_age_days(const struct calibration *c, time_t now, double *days)
{
	struct tm tm = { 0 };
	const char *end = strptime(c->created_utc, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end || (*end && strcmp(end, "Z") != 0))
		return st_fail(ST_ERR_DATA, "calibration of %s: created_utc \"%s\" is not a UTC date like "
					    "2026-01-31T09:00:00Z", c->serial, c->created_utc);
	*days = difftime(now, timegm(&tm)) / 86400;
	return ST_OK;
}

const char *calib_day(const struct calibration *c, char buf[CALIB_DAY_MAX])
{
	struct tm tm = { 0 };
	if (strptime(c->created_utc, "%Y-%m-%dT%H:%M:%S", &tm))
		strftime(buf, CALIB_DAY_MAX, DAY_FORMAT, &tm);
	else
		snprintf(buf, CALIB_DAY_MAX, "%s", c->created_utc);
	return buf;
}

double calib_max_age_days(void)
{
	static atomic_bool said; /* a bad value is said once, not at every check */
	const char *env = getenv("STATION_CALIBRATION_MAX_DAYS");
	if (!env)
		return DEFAULT_MAX_AGE_DAYS;
	char *end;
	double v = strtod(env, &end);
	if (end != env && !*end && v > 0 && isfinite(v))
		return v;
	if (!atomic_exchange(&said, true))
		log_warning("STATION_CALIBRATION_MAX_DAYS=\"%.40s\" is not a number of days above 0: calibrations are "
			    "due after %d days", env, DEFAULT_MAX_AGE_DAYS);
	return DEFAULT_MAX_AGE_DAYS;
}

bool calib_due(const struct calibration *c, time_t now, double *days)
{
	if (calib_age_days(c, now, days) != ST_OK) {
		*days = NAN;
		return false;
	}
	return !calib_is_exact(c) && *days > calib_max_age_days();
}

int calib_check_for_plate(const struct calibration *c, const char *serial, char *warn, size_t len)
{
	warn[0] = '\0';
	if (strcmp(c->serial, serial) != 0)
		return st_fail(ST_ERR_DATA,
			       "the calibration is for plate %s, not for this plate %s: calibrate this one with "
			       "'station calibrate --plate PLATE' before measuring in newtons", c->serial, serial);
	double days;
	if (calib_age_days(c, time(NULL), &days) != ST_OK)
		snprintf(warn, len, "warning: %s", st_errmsg());
	else if (calib_due(c, time(NULL), &days))
		snprintf(warn, len, "warning: plate %s was calibrated %.0f days ago (%s), more than %.0f: "
				    "recalibrate it soon ('station calibrate --plate PLATE')", serial, days,
			 c->created_utc, calib_max_age_days());
	return ST_OK;
}
