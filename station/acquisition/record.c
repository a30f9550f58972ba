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
#include "paths.h"
#include "rec.h"
#include "safe_file.h"

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
	struct safe_file out;       /* the output, written beside its name and renamed at the end */
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

/* A frame flagged GONE is the plate going away, not a sample: the raw CSV shows none of
 * it (the recording ends there), the native writer and the converter hold it back as a
 * gap before the next sample. */
static int write_frame(struct recorder *r, const struct plate_frame *f)
{
	struct trace_sample s;
	switch (r->req->format) {
	case RECORD_NATIVE:
		return rec_writer_write(r->native, f, 1);
	case RECORD_CSV:
		return frame_converter_apply(&r->conv, f, &s) ? csv_writer_row(r->csv, &s) : ST_OK;
	case RECORD_RAW_CSV:
		return f->flags & PLATE_FRAME_GONE ? ST_OK : write_raw_row(r, f);
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
	r->raw = fdopen(r->out.fd, "w");
	if (!r->raw)
		return st_fail(ST_ERR_IO, "%s: %s", r->req->out_path, strerror(errno));
	fputs("t_s,seq,flags,c0,c1,c2,c3,c4,c5,c6,c7\n", r->raw);
	return ST_OK;
}

/* Opens the output for plate p, into the temporary r->out; everything that can refuse is
 * checked before the file is made. */
static int open_output(struct recorder *r, struct plate *p)
{
	const struct record_request *req = r->req;
	struct calibration cal;
	struct rec_header h = { .info = *plate_get_info(p), .rate_hz = req->rate_hz };
	char *cal_json = NULL;
	int rc = ST_OK;
	if (req->format == RECORD_CSV) {
		rc = plate_calibration(p, &cal);
		if (rc == ST_OK)
			frame_converter_init(&r->conv, &cal, req->rate_hz);
	} else if (req->format == RECORD_NATIVE) {
		rec_utc_now(h.start_utc, sizeof h.start_utc);
		if (plate_embedded_calibration(p))
			cal_json = strdup(plate_embedded_calibration(p));
		else if (plate_calibration(p, &cal) == ST_OK)
			cal_json = calib_to_json(&cal);
		h.calibration_json = cal_json;
	}
	if (rc == ST_OK)
		rc = safe_file_begin(req->out_path, &r->out);
	if (rc == ST_OK) {
		int fd = r->out.fd;
		r->out.fd = -1; /* the writer owns it from here, failure included */
		switch (req->format) {
		case RECORD_CSV:
			rc = csv_writer_open_fd(fd, req->out_path, req->rate_hz, true, &r->csv);
			break;
		case RECORD_RAW_CSV:
			r->out.fd = fd; /* the stream's, closed by safe_file_close_stream() */
			rc = open_raw(r);
			break;
		case RECORD_NATIVE:
			rc = rec_writer_open_fd(fd, req->out_path, &h, &r->native);
			break;
		}
		if (rc != ST_OK)
			safe_file_abort(&r->out);
	}
	free(cal_json);
	return rc;
}

/* Closes the writer and, when all went well, puts the file in place of the old output. */
static int close_output(struct recorder *r, int rc)
{
	/* the plate going away ends a recording, it does not spoil it */
	bool keep = rc == ST_OK || rc == ST_ERR_GONE;
	int close_rc = ST_OK;
	switch (r->req->format) {
	case RECORD_NATIVE:
		close_rc = r->native ? rec_writer_close(r->native) : ST_OK;
		break;
	case RECORD_CSV:
		close_rc = r->csv ? csv_writer_close(r->csv) : ST_OK;
		break;
	case RECORD_RAW_CSV:
		if (r->raw) {
			int done = safe_file_close_stream(&r->out, r->raw, keep ? ST_OK : rc);
			return keep && done != ST_OK ? done : rc;
		}
		break;
	}
	if (!r->out.path)
		return rc;
	if (close_rc != ST_OK) {
		safe_file_abort(&r->out);
		return close_rc;
	}
	if (keep) {
		int commit_rc = safe_file_commit(&r->out);
		return commit_rc != ST_OK ? commit_rc : rc;
	}
	safe_file_abort(&r->out);
	return rc;
}

static int write_truth(struct plate *p, const char *path)
{
	char *json = plate_truth_json(p);
	if (!json)
		return ST_ERR_ARG;
	size_t len = strlen(json);
	json[len] = '\n'; /* the file ends its line; the NUL is not written */
	int rc = safe_file_write(path, json, len + 1);
	free(json);
	return rc;
}

/* Refuses an output that is the replayed input: it would be destroyed as it is read. */
static int check_outputs(const struct record_request *req)
{
	/* the file a replay plays, or the scenario a simulated plate reads */
	const char *input = strncmp(req->plate, "replay:", 7) == 0 ? req->plate + 7
			    : strncmp(req->plate, "sim:", 4) == 0 ? req->plate + 4 : NULL;
	int rc = input ? safe_file_distinct(input, req->out_path) : ST_OK;
	if (rc == ST_OK && input && req->truth_path)
		rc = safe_file_distinct(input, req->truth_path);
	if (rc == ST_OK && req->truth_path)
		rc = safe_file_distinct(req->out_path, req->truth_path);
	/* not over the database, a backup or a set's recording (a stranger's --out
	 * DATA/station.db replaced the database, exit 0) */
	if (rc == ST_OK)
		rc = st_outside_data_folder(NULL, req->out_path, false);
	if (rc == ST_OK && req->truth_path)
		rc = st_outside_data_folder(NULL, req->truth_path, false);
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
	int rc = check_outputs(&req);
	if (rc != ST_OK)
		return rc;
	struct plate *p;
	rc = plate_open(req.plate, &req.options, &p);
	if (rc != ST_OK)
		return rc;
	if (req.rate_hz == 0)
		req.rate_hz = plate_get_info(p)->default_rate_hz;
	struct recorder r = { .req = &req, .res = res, .out = { .fd = -1 } };
	if (req.seconds > 0)
		r.max_instants = (uint64_t)(req.seconds * req.rate_hz + 0.5);
	rc = plate_start(p, req.rate_hz, on_frames, &r);
	if (rc == ST_OK) {
		rc = open_output(&r, p);
		if (rc == ST_OK)
			rc = stream(&r, p);
		if (rc == ST_OK && r.error != ST_OK)
			rc = st_fail(r.error, "%s", r.error_msg);
		rc = close_output(&r, rc);
	}
	/* once the recording is in place (kept too when the plate went away): a recording
	 * killed or failed leaves the old truth beside the old recording (written first, the
	 * truth was replaced either way) */
	if ((rc == ST_OK || rc == ST_ERR_GONE) && req.truth_path) {
		int truth_rc = write_truth(p, req.truth_path);
		rc = truth_rc != ST_OK ? truth_rc : rc;
	}
	plate_close(p);
	return rc;
}
