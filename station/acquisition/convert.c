#include "convert.h"

#include <pthread.h>
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

/* The trace's room for the frames a recording of its size usually holds is mapped by a
 * thread of its own while the frames are read, a stretch of samples at a time ahead of
 * the reader: the new pages are zeroed there, not on the reader's way (a third of reading
 * 20 minutes here). A frame usually takes 18-19 bytes; mapping as if each took
 * MAPPED_FRAME_BYTES stays within the recording, and what a noisier one holds past that
 * is mapped as it is written, as usual. */
#define MAPPED_FRAME_BYTES 24
#define MAP_STEP 262144 /* samples: 2 MiB of times */

struct premap {
	struct trace room; /* a copy of the trace, its room reserved: its columns stay put */
	size_t n;
	pthread_t thread;
	bool started;
};

static void *premap_run(void *arg)
{
	struct premap *m = arg;
	for (size_t from = 0; from < m->n; from += MAP_STEP)
		trace_map(&m->room, from, from + MAP_STEP < m->n ? from + MAP_STEP : m->n);
	return NULL;
}

/* Reserves the trace's room for a recording of size bytes and starts mapping it. */
static void premap_start(struct premap *m, struct trace *t, off_t size)
{
	m->started = false;
	/* every frame the file can hold, reserved (address space, not memory), so the
	 * columns start where they stay (trace.c: huge pages); else they grow as usual */
	if (trace_reserve(t, (size_t)size / REC_FRAME_MIN_BYTES) != ST_OK)
		return;
	m->room = *t;
	m->n = (size_t)size / MAPPED_FRAME_BYTES;
	m->started = pthread_create(&m->thread, NULL, premap_run, m) == 0;
}

static void premap_end(struct premap *m)
{
	if (m->started)
		pthread_join(m->thread, NULL);
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
		struct stat st;
		struct premap map = { .started = false };
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			premap_start(&map, &sink.trace, st.st_size);
		rc = plate_start(p, rate, append_frames, &sink);
		while (rc >= 0 && sink.rc == ST_OK)
			rc = plate_poll(p, 0);
		premap_end(&map);
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
