#include "settle.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct calib_settle_options defaults = { .seconds = 3, .max_sd_n = 3, .timeout_s = 30,
						      .min_change_n = 3 };

int calib_settle_init(struct calib_settle *s, unsigned rate_hz, const double n_per_count[PLATE_CHANNELS],
		      const struct calib_settle_options *opt)
{
	memset(s, 0, sizeof *s);
	s->opt = opt ? *opt : defaults;
	memcpy(s->n_per_count, n_per_count, sizeof s->n_per_count);
	s->window = (size_t)ceil(s->opt.seconds * rate_hz);
	s->timeout_samples = (size_t)ceil(s->opt.timeout_s * rate_hz);
	if (s->window < 2 || !(s->opt.max_sd_n > 0))
		return st_fail(ST_ERR_ARG, "settle: needs a window of 2 samples or more and a positive bound");
	s->ring = malloc(s->window * sizeof *s->ring);
	if (!s->ring)
		return st_fail(ST_ERR_NOMEM, "settle: out of memory");
	return ST_OK;
}

void calib_settle_free(struct calib_settle *s)
{
	free(s->ring);
	s->ring = NULL;
}

void calib_settle_begin(struct calib_settle *s, const double ref[PLATE_CHANNELS], uint64_t since_ns)
{
	s->filled = s->head = s->since_check = s->seen = 0;
	s->since_ns = since_ns;
	s->need_change = ref != NULL;
	if (ref)
		memcpy(s->ref, ref, sizeof s->ref);
	s->state = SETTLE_WAITING;
	s->saturated = false;
	s->sd_n[0] = s->sd_n[1] = NAN;
	s->change_n = 0;
	s->why[0] = '\0';
}

double calib_settle_plate_n(const struct calib_settle *s, const double mean[PLATE_CHANNELS],
			    const double zero[PLATE_CHANNELS], int side)
{
	double f = 0;
	for (int k = side * 4; k < side * 4 + 4; k++)
		f += (mean[k] - zero[k]) * s->n_per_count[k];
	return f;
}

/* Each plate's force SD over the full window, the plateau's means (a fresh pass each time, so no
 * rounding builds up; it runs ten times a second of samples). */
static void look(struct calib_settle *s)
{
	double f_sum[2] = { 0 }, f_sq[2] = { 0 };
	const int32_t *first = s->ring[0];
	for (size_t i = 0; i < s->window; i++) {
		for (int side = 0; side < 2; side++) {
			double f = 0;
			for (int k = side * 4; k < side * 4 + 4; k++) {
				f += (s->ring[i][k] - first[k]) * s->n_per_count[k]; /* small numbers: no cancellation */
			}
			f_sum[side] += f;
			f_sq[side] += f * f;
		}
	}
	double n = (double)s->window;
	/* the plateau: the newer half, clear of the tail of a mass being put down */
	size_t half = s->window / 2;
	double newer[PLATE_CHANNELS] = { 0 };
	for (size_t i = 0; i < half; i++) {
		const int32_t *c = s->ring[(s->head + s->window - 1 - i) % s->window];
		for (int k = 0; k < PLATE_CHANNELS; k++)
			newer[k] += c[k] - first[k];
	}
	for (int k = 0; k < PLATE_CHANNELS; k++)
		s->mean[k] = first[k] + newer[k] / (double)half;
	for (int side = 0; side < 2; side++) {
		double m = f_sum[side] / n;
		s->sd_n[side] = sqrt(fmax(0, f_sq[side] / n - m * m));
	}
	s->change_n = 0;
	for (int side = 0; s->need_change && side < 2; side++) {
		s->change_n = fmax(s->change_n, fabs(calib_settle_plate_n(s, s->mean, s->ref, side)));
		for (int k = side * 4; k < side * 4 + 4; k++)
			s->change_n = fmax(s->change_n, fabs(s->mean[k] - s->ref[k]) * s->n_per_count[k]);
	}
}

static void give_up(struct calib_settle *s)
{
	s->state = SETTLE_TIMEOUT;
	int side = s->sd_n[1] > s->sd_n[0] ? 1 : 0;
	if (s->saturated && s->filled < s->window)
		snprintf(s->why, sizeof s->why,
			 "a load cell is at full scale (saturated): too much load, or a faulty cell");
	else if (s->filled < s->window || !(s->sd_n[side] <= s->opt.max_sd_n))
		snprintf(s->why, sizeof s->why,
			 "the signal is not steady: the %s plate's force varies by %.1f N (SD over %g s; it must be "
			 "under %g N). Is something moving, or touching the plate?",
			 side ? "right" : "left", s->sd_n[side], s->opt.seconds, s->opt.max_sd_n);
	else
		snprintf(s->why, sizeof s->why,
			 "nothing changed since the last reading (%.1f N at most): put the mass on, then measure",
			 s->change_n);
}

size_t calib_settle_feed(struct calib_settle *s, const struct plate_frame *frames, size_t n)
{
	size_t used = 0;
	for (; used < n && s->state == SETTLE_WAITING; used++) {
		const struct plate_frame *f = &frames[used];
		if ((f->flags & PLATE_FRAME_GONE) || f->host_ns < s->since_ns)
			continue;
		s->seen++;
		if (f->flags & PLATE_FRAME_SATURATED) {
			s->saturated = true;
			s->filled = s->head = 0; /* a clipped sample says nothing about the load */
		} else {
			memcpy(s->ring[s->head], f->counts, sizeof s->ring[0]);
			s->head = (s->head + 1) % s->window;
			if (s->filled < s->window)
				s->filled++;
		}
		if (s->filled == s->window && ++s->since_check >= s->window / 30 + 1) {
			s->since_check = 0;
			look(s);
			if (s->sd_n[0] <= s->opt.max_sd_n && s->sd_n[1] <= s->opt.max_sd_n &&
			    (!s->need_change || s->change_n >= s->opt.min_change_n))
				s->state = SETTLE_STEADY;
		}
		if (s->state == SETTLE_WAITING && s->seen >= s->timeout_samples)
			give_up(s);
	}
	return used;
}
