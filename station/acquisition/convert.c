#include "convert.h"

#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "rec.h"

void frame_converter_init(struct frame_converter *fc, const struct calibration *cal, double rate_hz)
{
	memset(fc, 0, sizeof *fc);
	fc->cal = *cal;
	fc->rate_hz = rate_hz;
}

bool frame_converter_apply(struct frame_converter *fc, const struct plate_frame *f, struct trace_sample *out)
{
	if (f->flags & PLATE_FRAME_GONE) {
		fc->gap_pending = true;
		return false;
	}
	uint64_t index = plate_clock_advance(&fc->clock, f);
	struct plate_load load;
	calib_apply(&fc->cal, f->counts, &load);
	out->t_s = (double)index / fc->rate_hz;
	for (int side = 0; side < 2; side++) {
		out->fz[side] = load.fz[side];
		out->cop_x[side] = load.cop_x[side];
		out->cop_y[side] = load.cop_y[side];
	}
	out->flags = 0;
	if (f->flags & PLATE_FRAME_SATURATED)
		out->flags |= TRACE_SATURATED;
	if ((f->flags & PLATE_FRAME_GAP_BEFORE) || f->lost_before || fc->gap_pending)
		out->flags |= TRACE_GAP_BEFORE;
	fc->gap_pending = false;
	return true;
}

int plate_calibration(const struct plate *p, struct calibration *out)
{
	const char *embedded = plate_embedded_calibration(p);
	const struct plate_info *info = plate_get_info(p);
	if (embedded) {
		int rc = calib_from_json(embedded, info->name, out);
		return rc == ST_OK ? calib_check_geometry(out, info) : rc;
	}
	char warn[512];
	int rc = calib_find(info->serial, out, NULL, 0);
	if (rc == ST_OK)
		rc = calib_check_for_plate(out, info->serial, warn, sizeof warn);
	if (rc == ST_OK)
		rc = calib_check_geometry(out, info);
	/* a simulated plate's exact calibration never ages */
	if (rc == ST_OK && warn[0] && strcmp(info->driver, "sim") != 0)
		fprintf(stderr, "station: %s\n", warn);
	return rc;
}

struct trace_sink {
	struct frame_converter conv;
	struct trace trace;
	int rc;
};

static void append_frames(const struct plate_frame *frames, size_t n, void *user)
{
	struct trace_sink *sink = user;
	for (size_t i = 0; i < n && sink->rc == ST_OK; i++) {
		struct trace_sample s;
		if (frame_converter_apply(&sink->conv, &frames[i], &s))
			sink->rc = trace_append(&sink->trace, &s);
	}
}

static int load_native(const char *path, struct trace *out)
{
	char spec[4200];
	snprintf(spec, sizeof spec, "replay:%s", path);
	struct plate_options opt = { .fast = true };
	struct plate *p;
	int rc = plate_open(spec, &opt, &p);
	if (rc != ST_OK)
		return rc;
	struct trace_sink sink = { .rc = ST_OK };
	struct calibration cal;
	unsigned rate = plate_get_info(p)->default_rate_hz;
	rc = plate_calibration(p, &cal);
	if (rc == ST_OK) {
		frame_converter_init(&sink.conv, &cal, rate);
		trace_init(&sink.trace, rate);
		sink.trace.has_cop = true;
		rc = plate_start(p, rate, append_frames, &sink);
		while (rc >= 0 && sink.rc == ST_OK)
			rc = plate_poll(p, 0);
		if (sink.rc != ST_OK)
			rc = sink.rc;
		else if (rc == ST_ENDED)
			rc = ST_OK;
		if (rc == ST_OK)
			*out = sink.trace;
		else
			trace_free(&sink.trace);
	}
	plate_close(p);
	return rc;
}

int load_trace(const char *path, struct trace *out)
{
	bool native;
	int rc = rec_sniff_file(path, &native);
	if (rc != ST_OK)
		return rc;
	return native ? load_native(path, out) : csv_read_file(path, out);
}
