#include "tare.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int calib_tare_begin(struct calib_tare *t, const struct calibration *cal, unsigned rate_hz,
		     const struct calib_tare_options *opt)
{
	static const struct calib_tare_options defaults = { .seconds = 1, .max_sd_n = 3, .timeout_s = 10,
							    .warn_drift_n = 5, .max_drift_n = 50 };
	memset(t, 0, sizeof *t);
	t->opt = opt ? *opt : defaults;
	t->cal = *cal;
	double gain[PLATE_CHANNELS];
	for (int c = 0; c < PLATE_CHANNELS; c++)
		gain[c] = cal->ch[c].newtons_per_count;
	struct calib_settle_options so = { .seconds = t->opt.seconds, .max_sd_n = t->opt.max_sd_n,
					   .timeout_s = t->opt.timeout_s };
	int rc = calib_settle_init(&t->settle, rate_hz, gain, &so);
	if (rc == ST_OK)
		calib_settle_begin(&t->settle, NULL, plate_now_ns());
	t->state = rc == ST_OK ? CALIB_TARE_WAITING : CALIB_TARE_FAILED;
	return rc;
}

static void finish(struct calib_tare *t)
{
	struct calib_tare_result *r = &t->result;
	const struct calib_settle *s = &t->settle;
	if (s->state == SETTLE_TIMEOUT) {
		snprintf(r->message, sizeof r->message, "tare: %s", s->why);
		t->state = CALIB_TARE_FAILED;
		return;
	}
	double cal_zero[PLATE_CHANNELS];
	for (int c = 0; c < PLATE_CHANNELS; c++) {
		cal_zero[c] = t->cal.ch[c].zero_counts;
		r->zero_counts[c] = s->mean[c];
	}
	int worst = 0;
	for (int side = 0; side < 2; side++) {
		r->drift_n[side] = calib_settle_plate_n(s, s->mean, cal_zero, side);
		r->sd_n[side] = s->sd_n[side];
		if (fabs(r->drift_n[side]) > fabs(r->drift_n[worst]))
			worst = side;
	}
	const char *name = worst ? "right" : "left";
	t->state = CALIB_TARE_DONE;
	if (fabs(r->drift_n[worst]) > t->opt.max_drift_n) {
		snprintf(r->message, sizeof r->message,
			 "tare: the %s plate carries %.0f N more than at its calibration: the plates must be empty "
			 "for the tare (step off, take things off them)", name, r->drift_n[worst]);
		t->state = CALIB_TARE_FAILED;
	} else if (fabs(r->drift_n[worst]) > t->opt.warn_drift_n) {
		r->drift_warning = true;
		snprintf(r->message, sizeof r->message,
			 "warning: the %s plate's zero drifted by %+.1f N since its calibration of %s (more than %g N): "
			 "check that nothing rests on it; recalibrate if this persists "
			 "(station calibrate --plate PLATE)", name, r->drift_n[worst], t->cal.created_utc,
			 t->opt.warn_drift_n);
	}
}

enum calib_tare_state calib_tare_feed(struct calib_tare *t, const struct plate_frame *frames, size_t n)
{
	if (t->state != CALIB_TARE_WAITING)
		return t->state;
	calib_settle_feed(&t->settle, frames, n);
	if (t->settle.state != SETTLE_WAITING)
		finish(t);
	return t->state;
}

int calib_tare_result(const struct calib_tare *t, struct calib_tare_result *out)
{
	*out = t->result;
	if (t->state == CALIB_TARE_WAITING)
		return st_fail(ST_ERR_STATE, "tare: still waiting for the empty plates to hold steady");
	if (t->state == CALIB_TARE_FAILED)
		return st_fail(t->settle.state == SETTLE_TIMEOUT ? ST_ERR_TIMEOUT : ST_ERR_DATA, "%s",
			       t->result.message[0] ? t->result.message : "tare: could not start");
	return ST_OK;
}

void calib_tare_apply(struct calibration *cal, const struct calib_tare_result *r)
{
	for (int c = 0; c < PLATE_CHANNELS; c++)
		cal->ch[c].zero_counts = r->zero_counts[c];
}

void calib_tare_end(struct calib_tare *t)
{
	calib_settle_free(&t->settle);
}
