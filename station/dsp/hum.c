/* hum.c: finding mains hum in the spectrum of 1 s Hann windows, each less its straight-line
 * trend so the body's weight and slow movement do not leak up the spectrum. With 1 s
 * windows the bins are 1 Hz apart and 50 and 60 Hz and their harmonics fall on bins.
 *
 * Each bin's power is the median over the windows, not the mean: mains hum is in every
 * window, while a hop's landing or a knock fills a few windows with broadband power that
 * would otherwise bury it. */
#include "dsp.h"
#include "dsp_internal.h"
#include "status.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#define SEGMENT_S 1.0
#define MIN_SEGMENT 32
#define MAX_SEGMENTS 256 /* spread over a long recording: enough for a stable median */
/* A power ratio of 10 dB over the median nearby: a bin of white noise passes it about once
 * in a thousand even from a single window; hum of a few newtons over 1 N of noise stands
 * 20-40 dB above it. */
#define RATIO_FOUND 10.0
#define NEAR_FROM 3  /* bins: the peak's own main lobe is 2 bins wide each side */
#define NEAR_TO 10
#define SHARED_HZ 300.0 /* harmonics common to 50 and 60 Hz cannot tell them apart */

struct spectrum {
	double *power; /* median |X|^2 per bin, len / 2 + 1 of them */
	size_t len;
	double window_sum;
	double rate_hz;
};

struct peak {
	double ratio;     /* power over the median of the bins nearby */
	double amplitude; /* of the sinusoid, newtons */
};

size_t dsp_hum_segment(double rate_hz)
{
	return (size_t)lround(SEGMENT_S * rate_hz);
}

static void hann(double *w, size_t len)
{
	for (size_t i = 0; i < len; i++)
		w[i] = 0.5 - 0.5 * cos(2 * M_PI * (double)i / (double)len);
}

/* buf = (x[from..from + len) - its least-squares line) * window. Only the windows are
 * read (at most MAX_SEGMENTS seconds of a long recording), so only they must be finite:
 * ST_ERR_ARG naming the first sample that is not. */
static int detrend_window(struct signal_in x, size_t from, size_t len, const double *w, double *buf)
{
	double mid = (double)(len - 1) / 2, mean = 0, slope = 0, tt = 0;
	for (size_t i = 0; i < len; i++) {
		buf[i] = signal_at(x, (ptrdiff_t)(from + i));
		mean += buf[i];
	}
	if (!isfinite(mean))
		for (size_t i = 0; i < len; i++)
			if (!isfinite(buf[i]))
				return st_fail(ST_ERR_ARG, "dsp: hum detection: sample %zu is not finite", from + i);
	mean /= (double)len;
	for (size_t i = 0; i < len; i++) {
		slope += ((double)i - mid) * (buf[i] - mean);
		tt += ((double)i - mid) * ((double)i - mid);
	}
	slope /= tt;
	for (size_t i = 0; i < len; i++)
		buf[i] = (buf[i] - mean - slope * ((double)i - mid)) * w[i];
	return ST_OK;
}

/* Window starts: half overlapping, or evenly spread when there would be too many. */
static size_t segment_start(size_t i, size_t count, size_t n, size_t len)
{
	if (count == 1)
		return 0;
	return (size_t)llround((double)i * (double)(n - len) / (double)(count - 1));
}

static int median_power(struct signal_in x, size_t n, const double *w, double *buf, fftw_complex *spec,
			 fftw_plan fwd, double *each, struct spectrum *sp)
{
	size_t len = sp->len, bins = len / 2 + 1, count = (n - len) / (len / 2) + 1;
	if (count > MAX_SEGMENTS)
		count = MAX_SEGMENTS;
	for (size_t i = 0; i < count; i++) {
		int rc = detrend_window(x, segment_start(i, count, n, len), len, w, buf);
		if (rc != ST_OK)
			return rc;
		fftw_execute_dft_r2c(fwd, buf, spec);
		for (size_t k = 0; k < bins; k++)
			each[k * count + i] = spec[k][0] * spec[k][0] + spec[k][1] * spec[k][1];
	}
	for (size_t k = 0; k < bins; k++)
		sp->power[k] = dsp_select_kth(each + k * count, count, count / 2);
	return ST_OK;
}

static int window_spectrum(struct signal_in x, size_t n, struct spectrum *sp)
{
	fftw_plan fwd, inv;
	int rc = dsp_plans(sp->len, &fwd, &inv);
	if (rc != ST_OK)
		return rc;
	size_t bins = sp->len / 2 + 1;
	double *w = malloc(sp->len * sizeof *w), *buf = fftw_alloc_real(sp->len);
	double *each = malloc(bins * MAX_SEGMENTS * sizeof *each);
	fftw_complex *spec = fftw_alloc_complex(bins);
	sp->power = malloc(bins * sizeof *sp->power);
	if (w && buf && each && spec && sp->power) {
		hann(w, sp->len);
		sp->window_sum = 0;
		for (size_t i = 0; i < sp->len; i++)
			sp->window_sum += w[i];
		rc = median_power(x, n, w, buf, spec, fwd, each, sp);
	} else {
		rc = st_fail(ST_ERR_NOMEM, "dsp: out of memory looking for hum");
	}
	free(w);
	free(each);
	fftw_free(buf);
	fftw_free(spec);
	return rc;
}

static void sort_small(double *a, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && a[j - 1] > a[j]; j--) {
			double t = a[j];
			a[j] = a[j - 1];
			a[j - 1] = t;
		}
}

static struct peak peak_at(const struct spectrum *sp, double f)
{
	size_t bin = (size_t)lround(f * (double)sp->len / sp->rate_hz), top = sp->len / 2, n_near = 0;
	double near[2 * (NEAR_TO - NEAR_FROM + 1)];
	for (size_t d = NEAR_FROM; d <= NEAR_TO; d++) {
		if (bin > d)
			near[n_near++] = sp->power[bin - d];
		if (bin + d <= top)
			near[n_near++] = sp->power[bin + d];
	}
	sort_small(near, n_near);
	double floor_power = n_near ? near[n_near / 2] : 0;
	/* At DC and rate/2 the bin holds the whole sinusoid, elsewhere half of it. */
	double share = bin == 0 || bin == top ? 1 : 2;
	return (struct peak){
		.ratio = sp->power[bin] / fmax(floor_power, DBL_MIN),
		.amplitude = share * sqrt(fmax(0, sp->power[bin] - floor_power)) / sp->window_sum,
	};
}

/* Whether hum at base_hz is there, and how strongly (the fundamental's ratio). */
static bool hum_at(const struct spectrum *sp, double base_hz, struct peak *fundamental)
{
	size_t n_harm = dsp_harmonics(base_hz, sp->rate_hz), strong = 0;
	if (n_harm == 0)
		return false;
	*fundamental = peak_at(sp, base_hz);
	for (size_t h = 2; h <= n_harm; h++) {
		double f = (double)h * base_hz;
		if (fmod(f, SHARED_HZ) != 0 && peak_at(sp, f).ratio >= RATIO_FOUND)
			strong++;
	}
	return fundamental->ratio >= RATIO_FOUND || strong >= 2;
}

static int detect_hum(struct signal_in x, size_t n, double rate_hz, double *hum_hz, double *amplitude)
{
	static const double bases[] = { 50, 60 };
	if (!hum_hz || !amplitude)
		return st_fail(ST_ERR_ARG, "dsp: hum detection: no result to fill");
	*hum_hz = *amplitude = 0;
	if (n && !x.d && !x.f)
		return st_fail(ST_ERR_ARG, "dsp: hum detection: no signal");
	if (!dsp_rate_ok(rate_hz))
		return st_fail(ST_ERR_ARG, "dsp: hum detection: rate %g Hz", rate_hz);
	struct spectrum sp = { .len = dsp_hum_segment(rate_hz), .rate_hz = rate_hz };
	if (sp.len < MIN_SEGMENT || n < sp.len || dsp_harmonics(bases[0], rate_hz) == 0)
		return ST_OK;
	int rc = window_spectrum(x, n, &sp);
	double best_ratio = 0;
	for (size_t b = 0; rc == ST_OK && b < sizeof bases / sizeof bases[0]; b++) {
		struct peak p;
		if (hum_at(&sp, bases[b], &p) && p.ratio > best_ratio) {
			best_ratio = p.ratio;
			*hum_hz = bases[b];
			*amplitude = p.amplitude;
		}
	}
	free(sp.power);
	return rc;
}

int dsp_detect_hum(const double *x, size_t n, double rate_hz, double *hum_hz, double *amplitude)
{
	return detect_hum((struct signal_in){ .d = x }, n, rate_hz, hum_hz, amplitude);
}

int dsp_detect_hum_sum(const float *a, const float *b, size_t n, double rate_hz, double *hum_hz, double *amplitude)
{
	return detect_hum((struct signal_in){ .f = a, .f_plus = b }, n, rate_hz, hum_hz, amplitude);
}
