#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "measure.h"
#include "csv.h"
#include "rec.h"

struct recorder {
	const struct record_request *req;
	struct record_result *res;
	uint64_t max_instants;      /* 0: no limit */
	struct plate_clock clock;
	bool done;
	int error;                  /* first write error, with its message saved */
	char error_msg[512];
	struct rec_writer *native;
	struct csv_writer *csv;
	struct frame_converter conv;
	FILE *raw;
	uint64_t raw_t0_us, raw_t_us;
	uint32_t raw_last_us;
	bool raw_started;
};

enum record_format record_format_for(const char *path, bool raw)
{
	size_t len = strlen(path);
	bool csv = len >= 4 && strcasecmp(path + len - 4, ".csv") == 0;
	if (!csv)
		return RECORD_NATIVE;
	return raw ? RECORD_RAW_CSV : RECORD_CSV;
}

static void fail_once(struct recorder *r, int rc)
{
	if (r->error == ST_OK) {
		r->error = rc;
		snprintf(r->error_msg, sizeof r->error_msg, "%s", st_errmsg());
	}
	r->done = true;
}

static int write_raw_row(struct recorder *r, const struct plate_frame *f)
{
	/* device time, unwrapped across its 32-bit wrap, from the first frame */
	if (!r->raw_started) {
		r->raw_started = true;
		r->raw_t_us = 0;
	} else {
		r->raw_t_us += (uint32_t)(f->device_us - r->raw_last_us);
	}
	r->raw_last_us = f->device_us;
	fprintf(r->raw, "%.6f,%u,%u", (double)r->raw_t_us / 1e6, f->seq, f->flags);
	for (int c = 0; c < PLATE_CHANNELS; c++)
		fprintf(r->raw, ",%d", f->counts[c]);
	return fputc('\n', r->raw) == EOF ? st_fail(ST_ERR_IO, "%s: write failed", r->req->out_path) : ST_OK;
}

static int write_frame(struct recorder *r, const struct plate_frame *f)
{
	struct trace_sample s;
	switch (r->req->format) {
	case RECORD_NATIVE:
		return rec_writer_write(r->native, f, 1);
	case RECORD_CSV:
		return frame_converter_apply(&r->conv, f, &s) ? csv_writer_row(r->csv, &s) : ST_OK;
	case RECORD_RAW_CSV:
		return write_raw_row(r, f);
	}
	return ST_OK;
}

static void on_frames(const struct plate_frame *frames, size_t n, void *user)
{
	struct recorder *r = user;
	for (size_t i = 0; i < n && !r->done; i++) {
		const struct plate_frame *f = &frames[i];
		if (!(f->flags & PLATE_FRAME_GONE)) {
			uint64_t index = plate_clock_advance(&r->clock, f);
			if (r->max_instants && index >= r->max_instants) {
				r->done = true;
				break;
			}
			r->res->frames++;
			r->res->samples_lost += f->lost_before;
			r->res->saturated += (f->flags & PLATE_FRAME_SATURATED) != 0;
			r->res->seconds = (double)(index + 1) / r->req->rate_hz;
		}
		int rc = write_frame(r, f);
		if (rc != ST_OK)
			fail_once(r, rc);
	}
}

static int open_raw(struct recorder *r)
{
	int fd = open(r->req->out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	r->raw = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!r->raw) {
		if (fd >= 0)
			close(fd);
		return st_fail(ST_ERR_IO, "%s: %s", r->req->out_path, strerror(errno));
	}
	fputs("t_s,seq,flags,c0,c1,c2,c3,c4,c5,c6,c7\n", r->raw);
	return ST_OK;
}

static int close_raw(struct recorder *r)
{
	int rc = ST_OK;
	if (fflush(r->raw) != 0 || fsync(fileno(r->raw)) != 0)
		rc = st_fail(ST_ERR_IO, "%s: %s", r->req->out_path, strerror(errno));
	if (fclose(r->raw) != 0 && rc == ST_OK)
		rc = st_fail(ST_ERR_IO, "%s: %s", r->req->out_path, strerror(errno));
	return rc;
}

/* Opens the output for plate p; everything that can refuse is checked before the file is made. */
static int open_output(struct recorder *r, struct plate *p)
{
	const struct record_request *req = r->req;
	struct calibration cal;
	int rc;
	switch (req->format) {
	case RECORD_CSV:
		rc = plate_calibration(p, &cal);
		if (rc != ST_OK)
			return rc;
		frame_converter_init(&r->conv, &cal, req->rate_hz);
		return csv_writer_open(req->out_path, req->rate_hz, true, &r->csv);
	case RECORD_RAW_CSV:
		return open_raw(r);
	case RECORD_NATIVE: {
		struct rec_header h = { .info = *plate_get_info(p), .rate_hz = req->rate_hz };
		rec_utc_now(h.start_utc, sizeof h.start_utc);
		char *cal_json = NULL;
		if (plate_embedded_calibration(p))
			cal_json = strdup(plate_embedded_calibration(p));
		else if (plate_calibration(p, &cal) == ST_OK)
			cal_json = calib_to_json(&cal);
		h.calibration_json = cal_json;
		rc = rec_writer_open(req->out_path, &h, &r->native);
		free(cal_json);
		return rc;
	}
	}
	return ST_ERR_ARG;
}

static int close_output(struct recorder *r)
{
	switch (r->req->format) {
	case RECORD_NATIVE:
		return r->native ? rec_writer_close(r->native) : ST_OK;
	case RECORD_CSV:
		return r->csv ? csv_writer_close(r->csv) : ST_OK;
	case RECORD_RAW_CSV:
		return r->raw ? close_raw(r) : ST_OK;
	}
	return ST_OK;
}

static int write_truth(struct plate *p, const char *path)
{
	char *json = plate_truth_json(p);
	if (!json)
		return ST_ERR_ARG;
	int rc = ST_OK;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f || fputs(json, f) == EOF || fputc('\n', f) == EOF)
		rc = st_fail(ST_ERR_IO, "%s: %s", path, strerror(errno));
	if (f && fclose(f) != 0 && rc == ST_OK)
		rc = st_fail(ST_ERR_IO, "%s: %s", path, strerror(errno));
	if (!f && fd >= 0)
		close(fd);
	free(json);
	return rc;
}

static int stream(struct recorder *r, struct plate *p)
{
	for (;;) {
		if (r->done || (r->req->stop && *r->req->stop))
			return ST_OK;
		int rc = plate_poll(p, 100);
		if (rc == ST_ENDED)
			return ST_OK;
		if (rc == ST_ERR_GONE)
			r->res->plate_gone = true;
		if (rc < 0)
			return rc;
	}
}

int record_run(const struct record_request *req_in, struct record_result *res)
{
	struct record_request req = *req_in;
	memset(res, 0, sizeof *res);
	struct plate *p;
	int rc = plate_open(req.plate, &req.options, &p);
	if (rc != ST_OK)
		return rc;
	if (req.rate_hz == 0)
		req.rate_hz = plate_get_info(p)->default_rate_hz;
	struct recorder r = { .req = &req, .res = res };
	if (req.seconds > 0)
		r.max_instants = (uint64_t)(req.seconds * req.rate_hz + 0.5);
	rc = req.truth_path ? write_truth(p, req.truth_path) : ST_OK;
	if (rc == ST_OK)
		rc = plate_start(p, req.rate_hz, on_frames, &r);
	if (rc == ST_OK) {
		rc = open_output(&r, p);
		if (rc == ST_OK)
			rc = stream(&r, p);
		int close_rc = close_output(&r);
		if (rc == ST_OK)
			rc = close_rc;
	}
	if (rc == ST_OK && r.error != ST_OK)
		rc = st_fail(r.error, "%s", r.error_msg);
	plate_close(p);
	return rc;
}
