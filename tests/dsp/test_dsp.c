/* test_dsp: the signal processing against analytic expectations: the low-pass's gain in
 * the pass and stop bands, its impulse response and zero phase, its ends; hum found and
 * removed; the noise floor; the live filter's gain, step, delay and notches. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "dsp.h"
#include "rng.h"
#include "status.h"

static struct rng rng; /* seeded in main() */

static double *alloc_signal(size_t n)
{
	double *x = calloc(n ? n : 1, sizeof *x);
	if (!x) {
		fprintf(stderr, "test_dsp: out of memory\n");
		exit(1);
	}
	return x;
}

static double lowpass_gain(double f, double cutoff)
{
	return 1 / (1 + pow(f / cutoff, 8));
}

/* Amplitude of the sinusoid at f in x[from, to), by least squares with a constant. */
static double amplitude_at(const double *x, size_t from, size_t to, double rate, double f)
{
	double ss = 0, sc = 0, cc = 0, xs = 0, xc = 0, mean = 0;
	for (size_t i = from; i < to; i++)
		mean += x[i];
	mean /= (double)(to - from);
	for (size_t i = from; i < to; i++) {
		double s = sin(2 * M_PI * f * (double)i / rate), c = cos(2 * M_PI * f * (double)i / rate);
		double v = x[i] - mean;
		ss += s * s;
		sc += s * c;
		cc += c * c;
		xs += v * s;
		xc += v * c;
	}
	if (cc < 1e-9 * ss) /* f = rate/2: only the cosine exists */
		return fabs(xs / ss);
	if (ss < 1e-9 * cc)
		return fabs(xc / cc);
	double det = ss * cc - sc * sc, a = (xs * cc - xc * sc) / det, b = (xc * ss - xs * sc) / det;
	return hypot(a, b);
}

static double max_abs_diff(const double *a, const double *b, size_t from, size_t to)
{
	double worst = 0;
	for (size_t i = from; i < to; i++)
		worst = fmax(worst, fabs(a[i] - b[i]));
	return worst;
}

static double rms_diff(const double *a, const double *b, size_t from, size_t to)
{
	double sum = 0;
	for (size_t i = from; i < to; i++)
		sum += (a[i] - b[i]) * (a[i] - b[i]);
	return sqrt(sum / (double)(to - from));
}

/* A sinusoid at a quarter of the cutoff comes through at H(f) everywhere, ends included;
 * one at four times the cutoff is 40 dB down (in the middle: at the very ends a sinusoid
 * far above the cutoff has no defined smooth value to settle on). */
static void check_lowpass_at(double rate, double cutoff, size_t n)
{
	double *x = alloc_signal(n), *y = alloc_signal(n), *want = alloc_signal(n);
	char what[128];
	const double amp = 10, offset = 300;
	double f = cutoff / 4, phase = 2 * M_PI * rng_uniform(&rng);
	for (size_t i = 0; i < n; i++) {
		double s = amp * sin(2 * M_PI * f * (double)i / rate + phase);
		x[i] = offset + s;
		want[i] = offset + lowpass_gain(f, cutoff) * s;
	}
	snprintf(what, sizeof what, "pass band %g Hz at %g Hz, cutoff %g, n %zu", f, rate, cutoff, n);
	CHECK(dsp_lowpass(x, n, rate, cutoff, y) == ST_OK, "%s: %s", what, st_errmsg());
	CHECK_NEAR(max_abs_diff(y, want, 0, n), 0, 0.005 * amp, what);

	f = 4 * cutoff;
	for (size_t i = 0; i < n; i++)
		x[i] = offset + amp * sin(2 * M_PI * f * (double)i / rate + phase);
	CHECK(dsp_lowpass(x, n, rate, cutoff, y) == ST_OK, "%s", st_errmsg());
	size_t edge = (size_t)ceil(2 * rate / cutoff);
	if (n > 4 * edge) {
		snprintf(what, sizeof what, "stop band %g Hz at %g Hz, n %zu (dB)", f, rate, n);
		double gain = amplitude_at(y, edge, n - edge, rate, f) / amp;
		CHECK(20 * log10(gain) < -40, "%s: %.1f", what, 20 * log10(gain));
	}
	free(x);
	free(y);
	free(want);
}

static void test_lowpass_gains(void)
{
	static const struct {
		double rate, cutoff;
	} cases[] = { { 100, 10 }, { 250, 20 }, { 1000, 10 }, { 1000, 5 }, { 2000, 50 }, { 2000, 4 } };
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		size_t one_s = (size_t)cases[c].rate;
		check_lowpass_at(cases[c].rate, cases[c].cutoff, one_s);
		check_lowpass_at(cases[c].rate, cases[c].cutoff, 3 * one_s + 1);
		check_lowpass_at(cases[c].rate, cases[c].cutoff, 7919);
	}
	check_lowpass_at(1000, 5, 20 * 60 * 1000);

	/* far shorter than the filter: nothing to do but keep a constant */
	double x[13], y[13];
	for (size_t i = 0; i < 13; i++)
		x[i] = 42;
	CHECK(dsp_lowpass(x, 13, 1000, 1, y) == ST_OK, "%s", st_errmsg());
	CHECK_NEAR(max_abs_diff(y, x, 0, 13), 0, 1e-6, "13 samples of a constant");
}

/* A unit impulse gives the impulse response: summing to 1, symmetric about the impulse
 * (zero phase), and with the DFT H(f). */
static void test_impulse_response(void)
{
	const double rate = 1000, cutoff = 20;
	const size_t n = 4001, mid = n / 2;
	double *x = alloc_signal(n), *y = alloc_signal(n);
	x[mid] = 1;
	CHECK(dsp_lowpass(x, n, rate, cutoff, y) == ST_OK, "%s", st_errmsg());
	double sum = 0, asym = 0;
	for (size_t i = 0; i < n; i++)
		sum += y[i];
	for (size_t k = 1; k <= mid; k++)
		asym = fmax(asym, fabs(y[mid + k] - y[mid - k]));
	CHECK_NEAR(sum, 1, 1e-9, "impulse response sum");
	CHECK_NEAR(asym, 0, 1e-12, "impulse response symmetry");
	static const double freqs[] = { 0, 5, 10, 20, 30, 40, 80 };
	for (size_t j = 0; j < sizeof freqs / sizeof freqs[0]; j++) {
		double re = 0;
		for (size_t i = 0; i < n; i++)
			re += y[i] * cos(2 * M_PI * freqs[j] * ((double)i - (double)mid) / rate);
		CHECK_NEAR(re, lowpass_gain(freqs[j], cutoff), 1e-6, "impulse response DFT against H(f)");
	}

	/* a wide symmetric pulse stays centred and symmetric */
	for (size_t i = 0; i < n; i++) {
		double t = ((double)i - (double)mid) / rate;
		x[i] = 100 * exp(-0.5 * (t / 0.03) * (t / 0.03));
	}
	CHECK(dsp_lowpass(x, n, rate, cutoff, y) == ST_OK, "%s", st_errmsg());
	double moment = 0, mass = 0;
	for (size_t i = 0; i < n; i++) {
		moment += y[i] * ((double)i - (double)mid);
		mass += y[i];
	}
	CHECK_NEAR(moment / mass, 0, 1e-9, "pulse centre (samples)");
	free(x);
	free(y);
}

/* Slow movement on a large offset: the first and last second are filtered as well as the
 * middle, with and without noise. */
static void test_lowpass_edges(void)
{
	const double rate = 1000, cutoff = 5;
	const size_t n = 10000, sec = 1000;
	double *x = alloc_signal(n), *clean = alloc_signal(n), *y = alloc_signal(n);
	for (size_t i = 0; i < n; i++) {
		double t = (double)i / rate;
		clean[i] = 700 + 20 * sin(2 * M_PI * 0.5 * t + 0.7) + 8 * sin(2 * M_PI * 1.3 * t + 2.1) + 3 * t;
	}
	CHECK(dsp_lowpass(clean, n, rate, cutoff, y) == ST_OK, "%s", st_errmsg());
	/* 0.2 % of the movement; H(1.3 Hz) itself is 1 - 2e-5 */
	CHECK_NEAR(max_abs_diff(y, clean, 0, sec), 0, 0.05, "first second, clean (N)");
	CHECK_NEAR(max_abs_diff(y, clean, n - sec, n), 0, 0.05, "last second, clean (N)");
	CHECK_NEAR(max_abs_diff(y, clean, 4 * sec, 5 * sec), 0, 0.01, "middle second, clean (N)");

	for (size_t i = 0; i < n; i++)
		x[i] = clean[i] + rng_normal(&rng);
	CHECK(dsp_lowpass(x, n, rate, cutoff, y) == ST_OK, "%s", st_errmsg());
	double first = rms_diff(y, clean, 0, sec), last = rms_diff(y, clean, n - sec, n);
	double middle = rms_diff(y, clean, 4 * sec, 6 * sec);
	printf("noise 1 N through a 5 Hz low-pass: rms error %.3f N first second, %.3f middle, %.3f last\n",
	       first, middle, last);
	CHECK(first < 1.5 * middle && last < 1.5 * middle, "ends %.3f, %.3f vs middle %.3f", first, last, middle);

	/* y may be x */
	memcpy(x, clean, n * sizeof *x);
	CHECK(dsp_lowpass(x, n, rate, cutoff, x) == ST_OK, "%s", st_errmsg());
	CHECK_NEAR(max_abs_diff(x, clean, 0, n), 0, 0.05, "in place (N)");
	free(x);
	free(clean);
	free(y);
}

struct scene {
	double rate, noise_sd, hum_hz, hum_n, seconds;
};

/* Standing: body weight, sway and breathing, load-cell noise, mains hum with a weaker
 * third harmonic. */
static double *make_scene(const struct scene *s, size_t *n)
{
	*n = (size_t)(s->seconds * s->rate);
	double *x = alloc_signal(*n);
	double p1 = 2 * M_PI * rng_uniform(&rng);
	double p3 = 2 * M_PI * rng_uniform(&rng);
	for (size_t i = 0; i < *n; i++) {
		double t = (double)i / s->rate;
		x[i] = 700 + 4 * sin(2 * M_PI * 0.3 * t + p1) + 2 * sin(2 * M_PI * 1.1 * t) + s->noise_sd * rng_normal(&rng);
		if (s->hum_hz > 0) {
			x[i] += s->hum_n * sin(2 * M_PI * s->hum_hz * t + p1);
			if (3 * s->hum_hz < s->rate / 2)
				x[i] += 0.3 * s->hum_n * sin(2 * M_PI * 3 * s->hum_hz * t + p3);
		}
	}
	return x;
}

static void test_detect_hum(void)
{
	static const double rates[] = { 250, 1000, 2000 }, seconds[] = { 2, 10, 60 }, hums[] = { 50, 60 };
	for (size_t r = 0; r < 3; r++)
		for (size_t s = 0; s < 3; s++)
			for (size_t h = 0; h < 2; h++) {
				struct scene sc = { rates[r], 1.0, hums[h], 1.5, seconds[s] };
				size_t n;
				double *x = make_scene(&sc, &n), hum, amp;
				CHECK(dsp_detect_hum(x, n, sc.rate, &hum, &amp) == ST_OK, "%s", st_errmsg());
				CHECK(hum == sc.hum_hz, "%g Hz hum at %g Hz over %g s: found %g", sc.hum_hz, sc.rate,
				      sc.seconds, hum);
				CHECK_NEAR(amp, sc.hum_n, 0.1 * sc.hum_n, "hum amplitude (N)");
				free(x);
			}
	int false_alarms = 0;
	for (int seed = 0; seed < 20; seed++) {
		struct scene sc = { seed % 2 ? 1000 : 250, 0.3 + 0.05 * seed, 0, 0, 5 + seed };
		size_t n;
		double *x = make_scene(&sc, &n), hum, amp;
		CHECK(dsp_detect_hum(x, n, sc.rate, &hum, &amp) == ST_OK, "%s", st_errmsg());
		false_alarms += hum != 0;
		free(x);
	}
	CHECK(false_alarms == 0, "hum found in %d of 20 hum-free recordings", false_alarms);

	/* at 100 Hz, 50 Hz is rate/2: seen as an alternating component (here at full size) */
	struct scene low = { 100, 0.5, 0, 0, 10 };
	size_t n;
	double *x = make_scene(&low, &n), hum, amp;
	for (size_t i = 0; i < n; i++)
		x[i] += 2 * cos(M_PI * (double)i);
	CHECK(dsp_detect_hum(x, n, 100, &hum, &amp) == ST_OK && hum == 50, "50 Hz at 100 Hz: %g", hum);
	CHECK_NEAR(amp, 2, 0.2, "50 Hz amplitude at 100 Hz");
	CHECK(dsp_detect_hum(x, 50, 100, &hum, &amp) == ST_OK && hum == 0, "half a second is too short");
	free(x);
}

/* Hum and a harmonic on a 2 Hz movement: the hum drops by over 30 dB everywhere, ends
 * included, and the movement stays within 1 %. */
static void check_remove_hum(double rate, double hum_hz, size_t n)
{
	double *x = alloc_signal(n), *move = alloc_signal(n);
	const double move_n = 50, hum_n = 3;
	char what[96];
	for (size_t i = 0; i < n; i++) {
		double t = (double)i / rate;
		move[i] = 700 + move_n * sin(2 * M_PI * 2 * t + 0.4);
		x[i] = move[i] + hum_n * sin(2 * M_PI * hum_hz * t + 1.0);
		if (2 * hum_hz < rate / 2)
			x[i] += 1.0 * sin(2 * M_PI * 2 * hum_hz * t + 2.0);
	}
	CHECK(dsp_remove_hum(x, n, rate, hum_hz) == ST_OK, "%s", st_errmsg());
	snprintf(what, sizeof what, "%g Hz hum at %g Hz, n %zu", hum_hz, rate, n);
	double left = amplitude_at(x, 0, n, rate, hum_hz);
	CHECK(20 * log10(left / hum_n) < -30, "%s: hum down %.1f dB", what, 20 * log10(left / hum_n));
	size_t sec = (size_t)rate < n / 3 ? (size_t)rate : n / 3;
	double ends = fmax(amplitude_at(x, 0, sec, rate, hum_hz), amplitude_at(x, n - sec, n, rate, hum_hz));
	CHECK(20 * log10(ends / hum_n) < -30, "%s: hum at the ends down %.1f dB", what, 20 * log10(ends / hum_n));
	CHECK_NEAR(max_abs_diff(x, move, 0, n), 0, 0.01 * move_n, what);
	free(x);
	free(move);
}

static void test_remove_hum(void)
{
	check_remove_hum(1000, 50, 10000);
	check_remove_hum(1000, 60, 4567);
	check_remove_hum(250, 60, 2501);
	check_remove_hum(2000, 50, 30000);
	check_remove_hum(100, 50, 1000); /* at rate/2 only the alternating part exists */
	double x[3] = { 1, 2, 3 };
	CHECK(dsp_remove_hum(x, 3, 1000, 0) == ST_OK && x[1] == 2, "no hum: untouched");
	CHECK(dsp_remove_hum(x, 3, 1000, 30) == ST_ERR_ARG, "30 Hz is no mains");
}

static void test_noise_sd(void)
{
	static const double rates[] = { 100, 250, 1000, 2000 }, sds[] = { 0.3, 0.8, 1.2 };
	for (size_t r = 0; r < 4; r++)
		for (size_t s = 0; s < 3; s++) {
			struct scene sc = { rates[r], sds[s], r % 2 ? 60 : 50, 2.5, rates[r] < 200 ? 60 : 20 };
			size_t n;
			double *x = make_scene(&sc, &n);
			char what[64];
			snprintf(what, sizeof what, "noise SD at %g Hz (N)", sc.rate);
			CHECK_NEAR(dsp_noise_sd(x, n, sc.rate), sc.noise_sd, 0.05 * sc.noise_sd, what);
			free(x);
		}
	double few[8] = { 0 };
	CHECK(isnan(dsp_noise_sd(few, 8, 1000)), "8 samples are too few");
}

static double butterworth2_gain(double f, double rate, double cutoff)
{
	double r = tan(M_PI * f / rate) / tan(M_PI * cutoff / rate);
	return 1 / sqrt(1 + r * r * r * r);
}

/* Amplitude of the live filter's output for a sinusoid, after it has settled. */
static double live_amplitude(struct dsp_live *f, double rate, double freq)
{
	size_t settle = (size_t)(3 * rate), n = (size_t)(2 * rate);
	double *y = alloc_signal(n);
	dsp_live_reset(f, 0);
	for (size_t i = 0; i < settle + n; i++) {
		double v = dsp_live_step(f, sin(2 * M_PI * freq * (double)i / rate + 0.3));
		if (i >= settle)
			y[i - settle] = v;
	}
	double amp = amplitude_at(y, 0, n, rate, freq);
	free(y);
	return amp;
}

static void test_live(void)
{
	const double rate = 1000, cutoff = 10;
	struct dsp_live *f;
	CHECK(dsp_live_new(rate, cutoff, 50, &f) == ST_OK, "%s", st_errmsg());

	dsp_live_reset(f, 700);
	CHECK_NEAR(dsp_live_step(f, 700), 700, 1e-9, "settled at reset");
	dsp_live_reset(f, 0);
	double y = 0;
	for (int i = 0; i < 5000; i++)
		y = dsp_live_step(f, 250);
	CHECK_NEAR(y, 250, 1e-9, "DC gain 1");

	dsp_live_reset(f, 0);
	double peak = 0;
	size_t settled_at = 0;
	for (size_t i = 0; i < 2000; i++) {
		y = dsp_live_step(f, 100);
		peak = fmax(peak, y);
		if (fabs(y - 100) > 0.1)
			settled_at = i + 1;
	}
	CHECK(peak < 105, "step overshoot %.2f %%", peak - 100);
	/* analytic: 0.1 % of a step after ln(1000) / (zeta wn) = 155 ms */
	CHECK(settled_at < 170, "step settled to 0.1 %% after %zu ms", settled_at);

	/* a slow ramp comes out late by exactly the group delay at 0 Hz */
	double delay_ms = dsp_live_delay_ms(f), slope = 50; /* N/s */
	dsp_live_reset(f, 0);
	for (size_t i = 0; i < 3000; i++)
		y = dsp_live_step(f, slope * (double)i / rate);
	double lag_ms = (slope * 2999 / rate - y) / slope * 1000;
	printf("live filter, 1 kHz, 10 Hz cutoff, 50 Hz notches: delay %.2f ms (ramp lag %.2f ms)\n", delay_ms,
	       lag_ms);
	CHECK_NEAR(lag_ms, delay_ms, 0.1 * delay_ms, "ramp lag vs group delay (ms)");
	CHECK_NEAR(delay_ms, 1000 * M_SQRT2 / (2 * M_PI * cutoff), 1.0, "delay near the analog sqrt(2)/wc (ms)");

	double stop = live_amplitude(f, rate, 4 * cutoff);
	CHECK_NEAR(stop, butterworth2_gain(4 * cutoff, rate, cutoff), 0.05 * stop, "gain at 4x cutoff");
	CHECK(20 * log10(stop) < -23, "stop band %.1f dB", 20 * log10(stop));
	double pass = live_amplitude(f, rate, 2);
	CHECK_NEAR(pass, butterworth2_gain(2, rate, cutoff), 0.005, "gain at 2 Hz");
	dsp_live_free(f);

	/* the notches alone, under a wide low-pass */
	CHECK(dsp_live_new(rate, 400, 50, &f) == ST_OK, "%s", st_errmsg());
	double at50 = live_amplitude(f, rate, 50), at150 = live_amplitude(f, rate, 150);
	CHECK(20 * log10(at50) < -60, "notch at 50 Hz %.1f dB", 20 * log10(at50));
	CHECK(20 * log10(at150 / butterworth2_gain(150, rate, 400)) < -60, "notch at 150 Hz");
	/* 5 Hz from a notch 2 Hz wide: |H| = df / hypot(df, width / 2) */
	CHECK_NEAR(live_amplitude(f, rate, 45), butterworth2_gain(45, rate, 400) * 5 / hypot(5, 1), 0.002,
		   "5 Hz beside the notch");
	dsp_live_free(f);

	/* at 100 Hz the 50 Hz notch sits at rate/2: stable, DC gain 1, alternation removed */
	CHECK(dsp_live_new(100, 10, 50, &f) == ST_OK, "%s", st_errmsg());
	dsp_live_reset(f, 0);
	for (int i = 0; i < 2000; i++)
		y = dsp_live_step(f, 300 + (i % 2 ? 5 : -5));
	CHECK_NEAR(y, 300, 1e-6, "100 Hz: alternation at rate/2 removed, DC kept");
	dsp_live_reset(f, 300);
	CHECK(fabs(dsp_live_step(f, NAN) - 300) < 1e-9 && fabs(dsp_live_step(f, INFINITY) - 300) < 1e-9,
	      "a non-finite input stands for the last finite one");
	dsp_live_free(f);
	CHECK(dsp_live_new(1000, 600, 0, &f) == ST_ERR_ARG && !f, "cutoff above rate/2");
}

static void test_arguments(void)
{
	double x[4] = { 1, NAN, 3, 4 }, y[4];
	CHECK(dsp_lowpass(x, 4, 1000, 10, y) == ST_ERR_ARG, "NaN sample");
	CHECK(strstr(st_errmsg(), "sample 1") != NULL, "message names the sample: %s", st_errmsg());
	x[1] = 2;
	CHECK(dsp_lowpass(x, 4, 1000, 0, y) == ST_ERR_ARG, "cutoff 0");
	CHECK(dsp_lowpass(x, 4, 1000, 501, y) == ST_ERR_ARG, "cutoff above rate/2");
	CHECK(dsp_lowpass(x, 4, -5, 10, y) == ST_ERR_ARG, "negative rate");
	CHECK(dsp_lowpass(x, 0, 1000, 10, y) == ST_OK, "empty signal");
	CHECK(dsp_lowpass(x, 1, 1000, 10, y) == ST_OK && fabs(y[0] - 1) < 1e-12, "one sample");
	double hum, amp;
	CHECK(dsp_detect_hum(x, 4, 1000, NULL, &amp) == ST_ERR_ARG, "no result");
	CHECK(dsp_detect_hum(x, 4, 1000, &hum, &amp) == ST_OK && hum == 0, "too short to tell");
	CHECK(dsp_init(NULL) == ST_ERR_STATE, "second dsp_init");
}

int main(void)
{
	rng_seed(&rng, 5);
	const char *dir = getenv("TMPDIR");
	char wisdom[512];
	snprintf(wisdom, sizeof wisdom, "%s/test_dsp.wisdom", dir && *dir ? dir : "/tmp");
	remove(wisdom);
	CHECK(dsp_init(wisdom) == ST_OK, "dsp_init: %s", st_errmsg());
	test_lowpass_gains();
	CHECK(access(wisdom, R_OK) == 0, "the wisdom is saved once a plan is made, before dsp_shutdown");
	test_impulse_response();
	test_lowpass_edges();
	test_detect_hum();
	test_remove_hum();
	test_noise_sd();
	test_live();
	test_arguments();
	dsp_shutdown();
	return check_summary();
}
