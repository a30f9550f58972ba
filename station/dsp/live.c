/* live.c: the live screen's causal filter, a sample at a time: a 2nd-order Butterworth
 * low-pass and notches at the mains harmonics, as biquads (transposed direct form II).
 *
 * Why not an FFT overlap-save FIR: a linear-phase FIR as selective as this low-pass
 * (-24 dB at four times a 10 Hz cutoff, at 1 kHz) needs about 100 taps, so 50 ms of delay,
 * and overlap-save only gives output a block at a time, the block being at least as long
 * as the FIR to be worth it: 100-150 ms before a movement shows, many display frames.
 * The 2nd-order Butterworth delays the slow movement by sqrt(2) / (2 pi cutoff), 22.5 ms
 * at 10 Hz, with a flat pass band and 4 % overshoot on a step. A 4th-order one would
 * nearly double that (41.6 ms) for a steeper stop band the screen does not need: noise
 * beyond the cutoff is already small after -12 dB/octave, and hum has its own notches.
 * Its phase is not linear, which a display cannot show.
 */
#include "dsp.h"
#include "dsp_internal.h"
#include "status.h"

#include <math.h>
#include <stdlib.h>

#define NOTCH_WIDTH_HZ 2.0 /* -3 dB: mains drifts by 0.1 Hz, a wider notch rings less */

struct biquad {
	double b0, b1, b2, a1, a2; /* a0 = 1 */
	double s1, s2;
};

struct dsp_live {
	double rate_hz;
	double last_x; /* stands in for a non-finite input */
	size_t n;
	struct biquad sec[];
};

/* Bilinear transform with the cutoff prewarped. */
static struct biquad butterworth2(double rate_hz, double cutoff_hz)
{
	double k = tan(M_PI * cutoff_hz / rate_hz), norm = 1 / (1 + M_SQRT2 * k + k * k);
	double b0 = k * k * norm;
	return (struct biquad){
		.b0 = b0,
		.b1 = 2 * b0,
		.b2 = b0,
		.a1 = 2 * (k * k - 1) * norm,
		.a2 = (1 - M_SQRT2 * k + k * k) * norm,
	};
}

/* Zeros on the unit circle at f, poles just inside (radius 1 - pi width / rate), scaled to
 * unit gain at DC. At f = rate/2 both pairs fall on the real axis and it still works: a
 * notch of the alternating component. */
static struct biquad notch(double rate_hz, double f_hz)
{
	double c = cos(2 * M_PI * f_hz / rate_hz), r = 1 - M_PI * NOTCH_WIDTH_HZ / rate_hz;
	double g = (1 - 2 * r * c + r * r) / (2 - 2 * c);
	return (struct biquad){
		.b0 = g,
		.b1 = -2 * c * g,
		.b2 = g,
		.a1 = -2 * r * c,
		.a2 = r * r,
	};
}

int dsp_live_new(double rate_hz, double cutoff_hz, double hum_hz, struct dsp_live **out)
{
	if (!out)
		return st_fail(ST_ERR_ARG, "dsp: live filter: nowhere to put it");
	*out = NULL;
	if (!dsp_rate_ok(rate_hz))
		return st_fail(ST_ERR_ARG, "dsp: live filter: rate %g Hz", rate_hz);
	if (!(cutoff_hz > 0 && cutoff_hz < rate_hz / 2))
		return st_fail(ST_ERR_ARG, "dsp: live filter: cutoff %g Hz not in (0, %g) Hz", cutoff_hz, rate_hz / 2);
	if (!dsp_hum_ok(hum_hz))
		return st_fail(ST_ERR_ARG, "dsp: live filter: mains hum at %g Hz (expected 40-70 Hz, or 0)", hum_hz);
	size_t n_harm = dsp_harmonics(hum_hz, rate_hz);
	struct dsp_live *f = malloc(sizeof *f + (1 + n_harm) * sizeof f->sec[0]);
	if (!f)
		return st_fail(ST_ERR_NOMEM, "dsp: out of memory for a live filter");
	f->rate_hz = rate_hz;
	f->n = 1 + n_harm;
	f->sec[0] = butterworth2(rate_hz, cutoff_hz);
	for (size_t h = 1; h <= n_harm; h++)
		f->sec[h] = notch(rate_hz, (double)h * hum_hz);
	dsp_live_reset(f, 0);
	*out = f;
	return ST_OK;
}

double dsp_live_step(struct dsp_live *f, double x)
{
	if (isfinite(x))
		f->last_x = x;
	else
		x = f->last_x;
	for (size_t i = 0; i < f->n; i++) {
		struct biquad *q = &f->sec[i];
		double y = q->b0 * x + q->s1;
		q->s1 = q->b1 * x - q->a1 * y + q->s2;
		q->s2 = q->b2 * x - q->a2 * y;
		x = y;
	}
	return x;
}

static double dc_gain(const struct biquad *q)
{
	return (q->b0 + q->b1 + q->b2) / (1 + q->a1 + q->a2);
}

/* The state each section holds after a constant input for ever. */
void dsp_live_reset(struct dsp_live *f, double value)
{
	f->last_x = value;
	for (size_t i = 0; i < f->n; i++) {
		struct biquad *q = &f->sec[i];
		double y = dc_gain(q) * value;
		q->s2 = q->b2 * value - q->a2 * y;
		q->s1 = q->b1 * value - q->a1 * y + q->s2;
		value = y;
	}
}

/* At 0 Hz the group delay of B(z) / A(z) is sum(k b_k) / sum(b_k) - sum(k a_k) / sum(a_k)
 * samples, and the sections' delays add. */
double dsp_live_delay_ms(const struct dsp_live *f)
{
	double samples = 0;
	for (size_t i = 0; i < f->n; i++) {
		const struct biquad *q = &f->sec[i];
		samples += (q->b1 + 2 * q->b2) / (q->b0 + q->b1 + q->b2) - (q->a1 + 2 * q->a2) / (1 + q->a1 + q->a2);
	}
	return samples / f->rate_hz * 1000;
}

void dsp_live_free(struct dsp_live *f)
{
	free(f);
}
