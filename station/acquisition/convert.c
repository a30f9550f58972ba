#include "convert.h"

#include <stdio.h>
#include <sys/stat.h>

#include "csv.h"
#include "measure.h"
#include "rec.h"

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
		/* Room for every frame the file can hold, reserved (not written: address space,
		 * not memory), so the columns start where they stay (trace.c: huge pages). */
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			(void)trace_reserve(&sink.trace, (size_t)st.st_size / REC_FRAME_MIN_BYTES); /* else they grow */
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
	rc = native ? load_native(path, out) : csv_read_file(path, out);
	if (rc == ST_OK)
		trace_trim(out); /* it is analysed, not appended to */
	return rc;
}
