/* api.c: a recording played back as a plate.
 *
 * A native recording replays its frames exactly (counts, seq, device time, flags) with
 * the calibration it was made with. An interchange CSV, which holds newtons, replays as
 * a virtual plate whose counts are millinewtons per cell split at the recorded COP, and
 * whose cells are known exactly (plate_exact_cells()); so both come back through the same path as
 * a live plate. Paced in real time by the sample instants, or as fast as polled.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "plate_cells.h"
#include "plate_driver.h"
#include "rec.h"
#include "trace.h"

#define LOG_PREFIX "replay"
#include "log.h"

#define CSV_NEWTONS_PER_COUNT 0.001
#define CSV_CELL_X_MM 80
#define CSV_CELL_Y_MM 150
#define FAST_BATCH 4096
#define FRAME_BUF 512

struct replay_plate {
	struct plate base;
	char path[4096];
	/* native source */
	struct rec_reader *rec;
	struct plate_frame pending[FRAME_BUF];
	size_t pending_n, pending_pos;
	bool gap_pending;          /* a recorded unplug came before the next frame */
	/* CSV source */
	struct trace trace;
	struct cell_split split;
	size_t trace_pos;
	bool is_csv;
	bool fast;

	struct plate_clock clock;
	bool have_next;            /* next/next_index hold a frame read ahead */
	struct plate_frame next;
	uint64_t next_index;
	struct plate_pacer pacer;
	struct plate_frame buf[FRAME_BUF];
};

static const struct plate_ops replay_ops;

static void fill_csv_info(struct replay_plate *r)
{
	struct plate_info *info = &r->base.info;
	plate_info_defaults(info);
	strcpy(info->driver, "replay");
	snprintf(info->serial, sizeof info->serial, "CSV-REPLAY");
	unsigned rate = (unsigned)lround(r->trace.rate_hz);
	info->default_rate_hz = info->min_rate_hz = info->max_rate_hz = (uint16_t)rate;
	for (int c = 0; c < PLATE_CHANNELS; c++) {
		info->cell_x_mm[c] = (int16_t)((c % 2 ? 1 : -1) * CSV_CELL_X_MM);
		info->cell_y_mm[c] = (int16_t)((c % 4 < 2 ? 1 : -1) * CSV_CELL_Y_MM);
	}
	info->plate_width_mm = 2 * CSV_CELL_X_MM + 60;
	info->plate_length_mm = 2 * CSV_CELL_Y_MM + 100;
	info->counts_per_newton_x1000 = (int32_t)(1000 / CSV_NEWTONS_PER_COUNT);
}

/* The cells of the virtual plate a CSV replays on: its newtons become counts through them,
 * so they measure it exactly (plate_exact_cells()). */
static void csv_cells(struct replay_plate *r)
{
	struct plate_cell *cells = r->base.exact_cells;
	double x[4], y[4];
	for (int c = 0; c < PLATE_CHANNELS; c++) {
		cells[c] = (struct plate_cell){ .newtons_per_count = CSV_NEWTONS_PER_COUNT,
						.x_mm = r->base.info.cell_x_mm[c],
						.y_mm = r->base.info.cell_y_mm[c] };
		x[c % 4] = cells[c].x_mm;
		y[c % 4] = cells[c].y_mm;
	}
	r->base.has_exact_cells = true;
	cell_split_init(&r->split, x, y);
}

static int open_csv(struct replay_plate *r)
{
	int rc = csv_read_file(r->path, &r->trace);
	if (rc != ST_OK)
		return rc;
	/* its newtons become the virtual plate's cells, whose COP would be made up at (0, 0):
	 * import-csv's recording of such a CSV was analysed as heels that never moved (a
	 * stranger's 5 reps became 0) */
	if (!r->trace.has_cop)
		return st_fail(ST_ERR_DATA, "%s has no centre of pressure (COP) columns: it cannot play as a plate, whose "
					    "load cells the COP comes from, without inventing one; analyse the CSV itself "
					    "(station analyse)",
			       r->path);
	/* the same where a plate bears a load and its COP is empty (or only the other plate's
	 * columns are there): a stranger's blank stretch made up at (0, 0) halved a hold's
	 * steadiness */
	struct cop_lack lack;
	trace_cop_lacking(&r->trace, 0, r->trace.n, &lack);
	if (lack.lacking > 0)
		return st_fail(ST_ERR_DATA, "%s: at t_s %.4f a plate bears a load and its centre of pressure (COP) is "
					    "empty: it cannot play as a plate, whose load cells the COP comes from, without "
					    "inventing one; analyse the CSV itself (station analyse)",
			       r->path, r->trace.t_s[lack.first]);
	double rate = r->trace.rate_hz;
	if (fabs(rate - round(rate)) > 1e-6)
		return st_fail(ST_ERR_DATA, "%s: rate %g Hz is not a whole number of hertz; cannot replay as a plate",
			       r->path, rate);
	r->is_csv = true;
	fill_csv_info(r);
	csv_cells(r);
	return ST_OK;
}

static int open_native(struct replay_plate *r)
{
	int rc = rec_reader_open(r->path, &r->rec);
	if (rc != ST_OK)
		return rc;
	const struct rec_header *h = rec_reader_header(r->rec);
	r->base.info = h->info;
	strcpy(r->base.info.driver, "replay");
	r->base.info.default_rate_hz = r->base.info.min_rate_hz = r->base.info.max_rate_hz = (uint16_t)h->rate_hz;
	if (h->calibration_json) {
		r->base.embedded_calibration = strdup(h->calibration_json);
		if (!r->base.embedded_calibration)
			return st_fail(ST_ERR_NOMEM, "out of memory");
	}
	return ST_OK;
}

static void replay_destroy(struct plate *p)
{
	struct replay_plate *r = (struct replay_plate *)p;
	rec_reader_close(r->rec);
	trace_free(&r->trace);
	free(r);
}

static int replay_open(const char *arg, const struct plate_options *opt, struct plate **out)
{
	if (!*arg)
		return st_fail(ST_ERR_ARG, "replay needs a file: replay:FILE");
	struct replay_plate *r = calloc(1, sizeof *r);
	if (!r)
		return st_fail(ST_ERR_NOMEM, "replay: out of memory");
	r->base.ops = &replay_ops;
	r->fast = opt->fast;
	snprintf(r->path, sizeof r->path, "%s", arg);
	bool native;
	int rc = rec_sniff_file(arg, &native);
	if (rc == ST_OK)
		rc = native ? open_native(r) : open_csv(r);
	if (rc != ST_OK) {
		free(r->base.embedded_calibration);
		replay_destroy(&r->base);
		return rc;
	}
	snprintf(r->base.info.name, sizeof r->base.info.name, "replay:%s", arg);
	r->base.info.name[sizeof r->base.info.name - 1] = '\0';
	*out = &r->base;
	return ST_OK;
}

static int rewind_source(struct replay_plate *r)
{
	if (r->is_csv) {
		r->trace_pos = 0;
		return ST_OK;
	}
	rec_reader_close(r->rec);
	r->rec = NULL;
	r->pending_n = r->pending_pos = 0;
	return rec_reader_open(r->path, &r->rec);
}

static int replay_start(struct plate *p, unsigned rate_hz)
{
	struct replay_plate *r = (struct replay_plate *)p;
	int rc = rewind_source(r);
	r->clock = (struct plate_clock){ 0 };
	r->have_next = false;
	plate_pacer_start(&r->pacer, rate_hz);
	return rc;
}

/* One CSV row as the virtual plate's frame. */
static void csv_frame(struct replay_plate *r, size_t i, struct plate_frame *f, uint64_t *index)
{
	struct trace_sample s;
	trace_get(&r->trace, i, &s);
	*index = (uint64_t)llround((s.t_s - r->trace.t_s[0]) * r->trace.rate_hz);
	memset(f, 0, sizeof *f);
	for (int side = 0; side < 2; side++) {
		double cell_n[4];
		double x = isnan(s.cop_x[side]) ? 0 : s.cop_x[side], y = isnan(s.cop_y[side]) ? 0 : s.cop_y[side];
		cell_split_apply(&r->split, s.fz[side], x, y, cell_n);
		for (int k = 0; k < 4; k++) {
			double counts = round(cell_n[k] / CSV_NEWTONS_PER_COUNT);
			f->counts[side * 4 + k] = counts > PLATE_ADC_MAX ? PLATE_ADC_MAX
						  : counts < PLATE_ADC_MIN ? PLATE_ADC_MIN : (int32_t)counts;
		}
	}
	f->seq = (uint16_t)*index;
	f->device_us = (uint32_t)llround((double)*index * 1e6 / r->trace.rate_hz);
	if (s.flags & TRACE_SATURATED || plate_counts_saturated(f->counts))
		f->flags |= PLATE_FRAME_SATURATED;
}

/* Reads the next frame of the source into r->next; returns 1, 0 at the end, or an error. */
static int read_ahead(struct replay_plate *r)
{
	if (r->is_csv) {
		if (r->trace_pos >= r->trace.n)
			return 0;
		uint64_t prev = r->clock.started ? r->clock.index : 0;
		csv_frame(r, r->trace_pos++, &r->next, &r->next_index);
		if (r->clock.started && r->next_index > prev + 1) {
			r->next.lost_before = (uint32_t)(r->next_index - prev - 1);
			r->next.flags |= PLATE_FRAME_GAP_BEFORE;
		}
		r->clock.started = true;
		r->clock.index = r->next_index;
		return 1;
	}
	for (;;) {
		if (r->pending_pos == r->pending_n) {
			int n = rec_reader_read(r->rec, r->pending, FRAME_BUF);
			if (n < 0 && rec_reader_cut_short(r->rec)) {
				/* a power cut mid-write: what came before is the recording */
				log_warning("%s; replayed up to there", st_errmsg());
				return 0;
			}
			if (n <= 0)
				return n;
			r->pending_n = (size_t)n;
			r->pending_pos = 0;
		}
		r->next = r->pending[r->pending_pos++];
		/* A recorded unplug (files written before GONE frames were held back) is history,
		 * not this replay's end, and no sample: the gap shows on the next frame. */
		if (r->next.flags & PLATE_FRAME_GONE) {
			r->gap_pending = true;
			continue;
		}
		if (r->gap_pending)
			r->next.flags |= PLATE_FRAME_GAP_BEFORE;
		r->gap_pending = false;
		r->next_index = plate_clock_advance(&r->clock, &r->next);
		return 1;
	}
}

static int replay_poll(struct plate *p, int timeout_ms)
{
	struct replay_plate *r = (struct replay_plate *)p;
	if (!r->have_next) {
		int rc = read_ahead(r);
		if (rc <= 0)
			return rc == 0 ? ST_ENDED : rc;
		r->have_next = true;
	}
	uint64_t due = r->fast ? UINT64_MAX : plate_pacer_due(&r->pacer);
	if (r->next_index >= due && timeout_ms > 0) {
		plate_pacer_wait(&r->pacer, r->next_index, timeout_ms);
		due = plate_pacer_due(&r->pacer);
	}
	size_t n_buf = 0, budget = r->fast ? FAST_BATCH : SIZE_MAX;
	int delivered = 0, rc = ST_OK;
	uint64_t host_ns = plate_now_ns();
	while (r->have_next && r->next_index < due && budget-- > 0) {
		r->buf[n_buf] = r->next;
		r->buf[n_buf++].host_ns = host_ns;
		if (n_buf == FRAME_BUF) {
			plate_deliver(p, r->buf, n_buf);
			delivered += (int)n_buf;
			n_buf = 0;
		}
		rc = read_ahead(r);
		r->have_next = rc == 1;
	}
	plate_deliver(p, r->buf, n_buf);
	/* A corrupt block ends the replay with its message; what came before it was delivered. */
	return rc < 0 ? rc : delivered + (int)n_buf;
}

static int replay_stop(struct plate *p)
{
	(void)p;
	return ST_OK;
}

static const struct plate_ops replay_ops = {
	.start = replay_start,
	.poll = replay_poll,
	.stop = replay_stop,
	.destroy = replay_destroy,
};

const struct plate_driver plate_driver_replay = {
	.name = "replay",
	.list = NULL,
	.open = replay_open,
};
