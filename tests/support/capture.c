#define _XOPEN_SOURCE 700 /* nftw */
#include "capture.h"

#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>

#include "measure.h"
#include "assets.h"
#include "sim.h"

void capture_keep_frames(const struct plate_frame *frames, size_t n, void *user)
{
	struct capture *c = user;
	if (c->n + n > c->cap) {
		c->cap = (c->n + n) * 2;
		c->frames = realloc(c->frames, c->cap * sizeof *c->frames);
		if (!c->frames)
			abort();
	}
	memcpy(c->frames + c->n, frames, n * sizeof *frames);
	c->n += n;
}

int capture_plate(const char *spec, const struct plate_options *opt, unsigned rate, struct capture *out)
{
	memset(out, 0, sizeof *out);
	struct plate *p;
	int rc = plate_open(spec, opt, &p);
	if (rc != ST_OK)
		return rc;
	if (strncmp(spec, "sim", 3) == 0)
		out->truth_json = plate_truth_json(p);
	rc = plate_start(p, rate, capture_keep_frames, out);
	while (rc >= 0)
		rc = plate_poll(p, 100);
	out->end_status = rc;
	plate_close(p);
	return rc == ST_ENDED || rc == ST_ERR_GONE ? ST_OK : rc;
}

void capture_free(struct capture *c)
{
	free(c->frames);
	free(c->truth_json);
	memset(c, 0, sizeof *c);
}

void capture_to_trace(const struct capture *c, const struct calibration *cal, double rate, struct trace *out)
{
	struct frame_converter fc;
	frame_converter_init(&fc, cal, rate);
	trace_init(out, rate);
	out->has_cop = true;
	for (size_t i = 0; i < c->n; i++) {
		struct trace_sample s;
		if (frame_converter_apply(&fc, &c->frames[i], &s))
			trace_append(out, &s);
	}
}

size_t shipped_programme(char *text, size_t cap)
{
	char assets[4096], path[4200];
	if (cap == 0 || st_assets_dir(assets, sizeof assets) != ST_OK)
		return 0;
	snprintf(path, sizeof path, "%s/programme.json", assets);
	FILE *f = fopen(path, "r");
	size_t len = f ? fread(text, 1, cap, f) : 0;
	if (f)
		fclose(f);
	len = len < cap ? len : 0;
	text[len] = '\0';
	return len;
}

char *temp_path(const char *stem)
{
	static int counter;
	const char *dir = getenv("TMPDIR");
	char *path = malloc(4096);
	snprintf(path, 4096, "%s/%s-%d-%d", dir && *dir ? dir : "/tmp", stem, (int)getpid(), counter++);
	return path;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(path);
}

void remove_tree(const char *path)
{
	nftw(path, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

char *temp_file_with(const char *stem, const char *text)
{
	char *path = temp_path(stem);
	FILE *f = fopen(path, "w");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
	return path;
}

void sim_calibration(const char *serial, struct calibration *out)
{
	struct plate_cell cells[PLATE_CHANNELS];
	sim_plate_cells(serial, cells);
	calib_exact(serial, cells, SIM_CALIBRATION_BY, SIM_CALIBRATION_UTC, out);
}

int simulate_trace(const char *scenario, unsigned rate, struct trace *out, char **truth_json)
{
	char *path = temp_file_with("scenario.sim", scenario), spec[4200];
	snprintf(spec, sizeof spec, "sim:%s", path);
	struct plate_options opt = { .fast = true };
	struct capture cap;
	int rc = capture_plate(spec, &opt, rate, &cap);
	unlink(path);
	free(path);
	if (rc != ST_OK)
		return rc;
	struct calibration cal;
	sim_calibration("SIM-0001", &cal);
	capture_to_trace(&cap, &cal, rate, out);
	if (truth_json) {
		*truth_json = cap.truth_json;
		cap.truth_json = NULL;
	}
	capture_free(&cap);
	return ST_OK;
}

double monotonic_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void strip_cop(struct trace *t)
{
	for (size_t i = 0; i < t->n; i++)
		for (int side = 0; side < 2; side++)
			t->cop_x[side][i] = t->cop_y[side][i] = NAN;
	t->has_cop = false;
}

void shift_zeros(struct trace *t, double left_n, double right_n)
{
	for (size_t i = 0; i < t->n; i++) {
		t->fz[0][i] += (float)left_n;
		t->fz[1][i] += (float)right_n;
	}
}

void shift_zero(struct trace *t, double newtons)
{
	shift_zeros(t, newtons, newtons);
}
