/* filter.c: zero-phase filtering of whole signals in the frequency domain.
 *
 * The signal is extended at both ends by odd symmetry (point reflection about the end
 * value), so value and slope run on without a step, for as long as the filter's impulse
 * response is wide. Where hum is being removed, it is fitted near each end and continued
 * through the extension instead of reflected: a reflected sinusoid jumps in phase, and a
 * notch would leave that jump behind as a burst of hum at the ends.
 *
 * The extended signal is convolved with the filter's real response by overlap-save in
 * blocks of a power-of-two size, so a few plans serve every length and a 20-minute
 * recording is processed in cache-sized pieces.
 */
#include "dsp.h"
#include "dsp_internal.h"
#include "status.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Notch: 1 - exp(-(df / NOTCH_SD_HZ)^2 / 2) around each harmonic. Its impulse response has
 * a Gaussian envelope of SD 1 / (2 pi NOTCH_SD_HZ) s, below 1e-7 six SDs out. */
#define NOTCH_SD_HZ 0.3
#define NOTCH_REACH_S (6.0 / (2 * M_PI * NOTCH_SD_HZ))
/* The low-pass is |H|^2 of a 4th-order Butterworth, whose slowest pole decays as
 * exp(-0.383 * 2 pi cutoff t): below 1e-8 after 8 periods of the cutoff. */
#define LOWPASS_REACH_PERIODS 8.0
/* The low-pass pivots on a cubic fitted to the last cutoff period: long enough to average
 * the end sample's noise away, short enough to follow a sinusoid at a quarter of the
 * cutoff within 0.4 %. */
#define PIVOT_FIT_PERIODS 1.0
#define PIVOT_FIT_DEGREE 3
#define HUM_FIT_S 1.0
#define NOISE_HIGHPASS_HZ 15.0
#define MIN_NOISE_SAMPLES 16
#define MIN_BLOCK 256
#define LONG_BLOCK 65536
#define MAX_FIT_HARMONICS 20
#define MAX_FIT_TERMS (PIVOT_FIT_DEGREE + 1 + 2 * MAX_FIT_HARMONICS)
#define BAND_SHARE_STEPS 65536

struct zero_phase {
	double rate_hz;
	double cutoff_hz; /* low-pass corner, 0 for none */
	bool high_pass;   /* keep what the low-pass takes away instead */
	double hum_hz;    /* notches at it and its harmonics, 0 for none */
};

struct signal_out {
	double *d;
	float *f; /* used when not NULL */
};

/* dst[j] = x[from + j] for j < count. */
static void signal_read(struct signal_in x, size_t from, size_t count, double *dst)
{
	if (!x.f) {
		memcpy(dst, x.d + from, count * sizeof *dst);
		return;
	}
	for (size_t j = 0; j < count; j++)
		dst[j] = x.f[from + j];
}

/* y[at + j] = src[j] for j < count. */
static void signal_write(struct signal_out y, size_t at, const double *src, size_t count)
{
	if (!y.f) {
		memcpy(y.d + at, src, count * sizeof *src);
		return;
	}
	for (size_t j = 0; j < count; j++)
		y.f[at + j] = (float)src[j];
}

/* Near one end of the signal. j counts samples from the end sample inward; negative j is
 * beyond the end, in the extension. */
struct edge {
	struct signal_in x;
	ptrdiff_t end;   /* the end sample's index in x */
	ptrdiff_t step;  /* +1 at the start, -1 at the end */
	size_t avail;    /* samples from the end inward, the end sample included */
	double smooth0;  /* the fitted polynomial at the end sample */
	double curve;    /* and its second-order coefficient, per sample^2 */
	double pivot;    /* the extension is odd-symmetric about this value */
	double bend;     /* curvature put back into the extension, per sample^2 */
	double w;        /* hum fundamental, radians per sample */
	size_t n_harm;
	double c[MAX_FIT_HARMONICS], s[MAX_FIT_HARMONICS];
};

static double lowpass_gain(double f, double cutoff_hz)
{
	double r2 = (f / cutoff_hz) * (f / cutoff_hz), r4 = r2 * r2;
	return 1 / (1 + r4 * r4);
}

static double notch_gain(double f, double hum_hz, double rate_hz)
{
	double h = fmax(1, round(f / hum_hz));
	if (h > (double)dsp_harmonics(hum_hz, rate_hz))
		return 1;
	double d = (f - h * hum_hz) / NOTCH_SD_HZ;
	return 1 - exp(-0.5 * d * d);
}

static double response(const struct zero_phase *zp, double f)
{
	double g = 1;
	if (zp->cutoff_hz > 0) {
		double lp = lowpass_gain(f, zp->cutoff_hz);
		g = zp->high_pass ? 1 - lp : lp;
	}
	if (zp->hum_hz > 0)
		g *= notch_gain(f, zp->hum_hz, zp->rate_hz);
	return g;
}

/* Samples beyond which the impulse response is negligible: the extension's length. */
static size_t reach(const struct zero_phase *zp)
{
	double s = 0;
	if (zp->cutoff_hz > 0)
		s = LOWPASS_REACH_PERIODS / zp->cutoff_hz;
	if (zp->hum_hz > 0 && NOTCH_REACH_S > s)
		s = NOTCH_REACH_S;
	return (size_t)ceil(s * zp->rate_hz) + 1;
}

/* The mean of the squared response over the band: the share of white noise's variance
 * that passes. */
static double band_share(const struct zero_phase *zp)
{
	double sum = 0, df = zp->rate_hz / 2 / BAND_SHARE_STEPS;
	for (size_t i = 0; i < BAND_SHARE_STEPS; i++) {
		double g = response(zp, ((double)i + 0.5) * df);
		sum += g * g;
	}
	return sum / BAND_SHARE_STEPS;
}

static double edge_sample(const struct edge *e, size_t j)
{
	return signal_at(e->x, e->end + (ptrdiff_t)j * e->step);
}

/* The fitted hum where its fundamental's phase has cosine c1 and sine s1. */
static double edge_hum_at(const struct edge *e, double c1, double s1)
{
	double ch = c1, sh = s1, sum = 0;
	for (size_t h = 0; h < e->n_harm; h++) {
		sum += e->c[h] * ch + e->s[h] * sh;
		double next = ch * c1 - sh * s1;
		sh = sh * c1 + ch * s1;
		ch = next;
	}
	return sum;
}

static double edge_hum(const struct edge *e, double j)
{
	return e->n_harm ? edge_hum_at(e, cos(e->w * j), sin(e->w * j)) : 0;
}

/* The fundamental's phase w * k, stepped by w with the angle-addition formulas (a cosine
 * and a sine per extended sample were a tenth of the live path's work), and taken afresh
 * every PHASE_EXACT_EVERY steps so that rounding does not build up. */
#define PHASE_EXACT_EVERY 256
struct phase {
	double w, c, s, cw, sw;
	long k;
};

static struct phase phase_at(double w, long k)
{
	return (struct phase){ w, cos(w * (double)k), sin(w * (double)k), cos(w), sin(w), k };
}

static void phase_step(struct phase *p, long dk)
{
	p->k += dk;
	if (p->k % PHASE_EXACT_EVERY == 0) {
		*p = phase_at(p->w, p->k);
		return;
	}
	double sw = dk > 0 ? p->sw : -p->sw, c = p->c * p->cw - p->s * sw;
	p->s = p->s * p->cw + p->c * sw;
	p->c = c;
}

/* The fit's terms at sample j: 1, u, u^2... (u = j / window) up to degree, then the cosine
 * and sine of each harmonic. */
static void fit_terms(double *phi, size_t j, size_t window, size_t degree, double w, size_t n_harm)
{
	double u = (double)j / (double)window, power = 1;
	size_t t = 0;
	for (size_t d = 0; d <= degree; d++, power *= u)
		phi[t++] = power;
	/* the harmonics by the angle-addition formulas from the first, as edge_hum() sums them:
	 * a cosine and a sine per harmonic per sample were a fifth of the live path's work */
	double c1 = n_harm ? cos(w * (double)j) : 1, s1 = n_harm ? sin(w * (double)j) : 0, ch = c1, sh = s1;
	for (size_t h = 1; h <= n_harm; h++) {
		phi[t++] = ch;
		phi[t++] = sh;
		double next = ch * c1 - sh * s1;
		sh = sh * c1 + ch * s1;
		ch = next;
	}
}

/* Solves a x = b for a symmetric positive (semi)definite a (p x p, row-major) by Cholesky,
 * with a small ridge: a sine at exactly rate/2 is a column of zeros. x replaces b. */
static void solve_normal(double *a, double *b, size_t p)
{
	double ridge = 0;
	for (size_t i = 0; i < p; i++)
		ridge += a[i * p + i];
	ridge = ridge / (double)p * 1e-13 + DBL_MIN;
	for (size_t i = 0; i < p; i++)
		a[i * p + i] += ridge;
	for (size_t i = 0; i < p; i++) {
		for (size_t k = 0; k < i; k++)
			a[i * p + i] -= a[i * p + k] * a[i * p + k];
		a[i * p + i] = sqrt(a[i * p + i]);
		for (size_t r = i + 1; r < p; r++) {
			for (size_t k = 0; k < i; k++)
				a[r * p + i] -= a[r * p + k] * a[i * p + k];
			a[r * p + i] /= a[i * p + i];
		}
	}
	for (size_t i = 0; i < p; i++) {
		for (size_t k = 0; k < i; k++)
			b[i] -= a[i * p + k] * b[k];
		b[i] /= a[i * p + i];
	}
	for (size_t i = p; i-- > 0;) {
		for (size_t k = i + 1; k < p; k++)
			b[i] -= a[k * p + i] * b[k];
		b[i] /= a[i * p + i];
	}
}

/* Least squares over the first window samples from the end: a polynomial (of lower degree
 * for very short signals) plus, when asked, n_harm harmonics of w. Harmonics are only
 * fitted with at least four samples per term. */
static void fit_edge(struct edge *e, size_t window, size_t degree, double w, size_t n_harm)
{
	if (degree > window - 1)
		degree = window - 1;
	size_t most = window / 4 > degree + 1 ? (window / 4 - degree - 1) / 2 : 0;
	if (n_harm > most)
		n_harm = most;
	if (n_harm > MAX_FIT_HARMONICS)
		n_harm = MAX_FIT_HARMONICS;
	size_t p = degree + 1 + 2 * n_harm;
	double a[MAX_FIT_TERMS * MAX_FIT_TERMS] = { 0 }, b[MAX_FIT_TERMS] = { 0 }, phi[MAX_FIT_TERMS];
	for (size_t j = 0; j < window; j++) {
		fit_terms(phi, j, window, degree, w, n_harm);
		double v = edge_sample(e, j);
		for (size_t r = 0; r < p; r++) {
			b[r] += phi[r] * v;
			for (size_t k = r; k < p; k++)
				a[r * p + k] += phi[r] * phi[k];
		}
	}
	for (size_t r = 0; r < p; r++)
		for (size_t k = 0; k < r; k++)
			a[r * p + k] = a[k * p + r];
	solve_normal(a, b, p);
	e->smooth0 = b[0];
	e->curve = degree >= 2 ? b[2] / ((double)window * (double)window) : 0;
	e->w = w;
	e->n_harm = n_harm;
	for (size_t h = 0; h < n_harm; h++) {
		e->c[h] = b[degree + 1 + 2 * h];
		e->s[h] = b[degree + 2 + 2 * h];
	}
}

/* Where hum is removed, the pivot is the end sample less its hum, so the extension joins
 * without a step. The low-pass pivots on the fitted smooth value instead, and puts back
 * the curvature that point reflection turns over: reflection keeps the odd terms of the
 * signal's Taylor series at the end and flips the even ones, and the flat response
 * (H = 1 - (f/fc)^8...) cancels a flipped x'' at the end sample but not a few samples in,
 * where it would cost 1.5 % of a sinusoid at a quarter of the cutoff. */
static void prepare_edge(struct edge *e, const struct zero_phase *zp)
{
	if (zp->hum_hz > 0) {
		size_t window = (size_t)lround(HUM_FIT_S * zp->rate_hz);
		fit_edge(e, window < e->avail ? window : e->avail, 2, 2 * M_PI * zp->hum_hz / zp->rate_hz,
			 dsp_harmonics(zp->hum_hz, zp->rate_hz));
		e->pivot = edge_sample(e, 0) - edge_hum(e, 0);
		e->bend = 0;
	} else {
		size_t window = (size_t)ceil(PIVOT_FIT_PERIODS * zp->rate_hz / zp->cutoff_hz);
		fit_edge(e, window < e->avail ? window : e->avail, PIVOT_FIT_DEGREE, 0, 0);
		e->pivot = e->smooth0;
		e->bend = e->curve;
	}
}

/* out[(k - 1) * out_step] for k = 1..len: the signal k samples beyond the end. Beyond the
 * far end of a short signal the last reflected value is held. */
static void extend(const struct edge *e, size_t len, double *out, ptrdiff_t out_step)
{
	size_t last = e->avail - 1;
	struct phase inside = phase_at(e->w, last < 1 ? 0 : 1), beyond = phase_at(e->w, -1); /* w j, -w k */
	for (size_t k = 1; k <= len; k++) {
		size_t j = k < last ? k : last;
		double hum_in = 0, hum_out = 0;
		if (e->n_harm) {
			hum_in = edge_hum_at(e, inside.c, inside.s);
			hum_out = edge_hum_at(e, beyond.c, beyond.s);
			if (k < last)
				phase_step(&inside, 1);
			phase_step(&beyond, -1);
		}
		double inner = edge_sample(e, j) - hum_in;
		double bend = 2 * e->bend * (double)k * (double)k;
		out[(ptrdiff_t)(k - 1) * out_step] = 2 * e->pivot - inner + bend + hum_out;
	}
}

/* One block when the extended signal fits; else blocks of at least 8 reaches, so that at
 * least 3/4 of each block is output. */
static size_t block_size(size_t need, size_t reach_n)
{
	size_t longest = LONG_BLOCK;
	while (longest < 8 * reach_n)
		longest *= 2;
	if (need > longest)
		return longest;
	size_t b = MIN_BLOCK;
	while (b < need)
		b *= 2;
	return b;
}

/* The extended signal, never copied whole: the reach_n samples before x (head, in
 * order), x, the reach_n after it (tail), then the last of them held. */
struct extended {
	struct signal_in x;
	size_t n, reach_n;
	const double *head, *tail;
};

/* dst[j] = ext[from + j] for j < count. */
static void fill(const struct extended *e, size_t from, size_t count, double *dst)
{
	size_t k = e->reach_n, end = from + count;
	for (size_t i = from; i < end && i < k; i++)
		*dst++ = e->head[i];
	if (end > k && from < k + e->n) {
		size_t a = from > k ? from - k : 0, b = end - k < e->n ? end - k : e->n;
		signal_read(e->x, a, b - a, dst);
		dst += b - a;
	}
	for (size_t i = from > k + e->n ? from : k + e->n; i < end; i++)
		*dst++ = e->tail[i - k - e->n < k ? i - k - e->n : k - 1];
}

/* Overlap-save: each block's output is valid from reach_n to b - reach_n. The last
 * 2 reach_n inputs of a block are the first of the next, kept in carry: with y == x the
 * block's output has overwritten some of them in x by then. */
static void run_blocks(const struct extended *e, size_t b, fftw_plan fwd, fftw_plan inv, const double *gain,
		       double *buf, double *carry, fftw_complex *spec, struct signal_out y)
{
	size_t n = e->n, overlap = 2 * e->reach_n, valid = b - overlap;
	fill(e, 0, b, buf);
	for (size_t s = 0;;) {
		memcpy(carry, buf + valid, overlap * sizeof *carry);
		fftw_execute_dft_r2c(fwd, buf, spec);
		for (size_t k = 0; k <= b / 2; k++) {
			spec[k][0] *= gain[k];
			spec[k][1] *= gain[k];
		}
		fftw_execute_dft_c2r(inv, spec, buf);
		size_t out = n - s < valid ? n - s : valid;
		signal_write(y, s, buf + e->reach_n, out);
		s += valid;
		if (s >= n)
			break;
		memcpy(buf, carry, overlap * sizeof *buf);
		fill(e, s + overlap, valid, buf + overlap);
	}
}

static int convolve(const struct extended *e, const struct zero_phase *zp, struct signal_out y)
{
	size_t b = block_size(e->n + 2 * e->reach_n, e->reach_n);
	fftw_plan fwd, inv;
	int rc = dsp_plans(b, &fwd, &inv);
	if (rc != ST_OK)
		return rc;
	double *buf = fftw_alloc_real(b), *gain = malloc((b / 2 + 1) * sizeof *gain);
	double *carry = malloc(2 * e->reach_n * sizeof *carry);
	fftw_complex *spec = fftw_alloc_complex(b / 2 + 1);
	if (buf && gain && carry && spec) {
		for (size_t k = 0; k <= b / 2; k++)
			gain[k] = response(zp, (double)k * zp->rate_hz / (double)b) / (double)b;
		run_blocks(e, b, fwd, inv, gain, buf, carry, spec, y);
	} else {
		rc = st_fail(ST_ERR_NOMEM, "dsp: out of memory filtering %zu samples", e->n);
	}
	fftw_free(buf);
	fftw_free(spec);
	free(gain);
	free(carry);
	return rc;
}

/* The extensions are made from x before any output is written, so y may be x. */
static int filter_zero_phase(struct signal_in x, size_t n, const struct zero_phase *zp, struct signal_out y)
{
	size_t k = reach(zp);
	double *head = malloc(2 * k * sizeof *head);
	if (!head)
		return st_fail(ST_ERR_NOMEM, "dsp: out of memory filtering %zu samples", n);
	struct edge first = { .x = x, .end = 0, .step = 1, .avail = n };
	struct edge last = { .x = x, .end = (ptrdiff_t)n - 1, .step = -1, .avail = n };
	prepare_edge(&first, zp);
	prepare_edge(&last, zp);
	extend(&first, k, head + k - 1, -1);
	extend(&last, k, head + k, 1);
	struct extended e = { .x = x, .n = n, .reach_n = k, .head = head, .tail = head + k };
	int rc = convolve(&e, zp, y);
	free(head);
	return rc;
}

static int check_signal(struct signal_in x, size_t n, double rate_hz, const char *what)
{
	if (n && !x.d && !x.f)
		return st_fail(ST_ERR_ARG, "dsp: %s: no signal", what);
	if (!dsp_rate_ok(rate_hz))
		return st_fail(ST_ERR_ARG, "dsp: %s: rate %g Hz", what, rate_hz);
	for (size_t i = 0; i < n; i++)
		if (!isfinite(signal_at(x, (ptrdiff_t)i)))
			return st_fail(ST_ERR_ARG, "dsp: %s: sample %zu is not finite", what, i);
	return ST_OK;
}

static int lowpass(struct signal_in x, size_t n, double rate_hz, double cutoff_hz, struct signal_out y)
{
	int rc = check_signal(x, n, rate_hz, "low-pass");
	if (rc != ST_OK)
		return rc;
	if (n && !y.d && !y.f)
		return st_fail(ST_ERR_ARG, "dsp: low-pass: no output");
	if (!(cutoff_hz > 0 && cutoff_hz <= rate_hz / 2))
		return st_fail(ST_ERR_ARG, "dsp: low-pass cutoff %g Hz not in (0, %g] Hz", cutoff_hz, rate_hz / 2);
	if (n == 0)
		return ST_OK;
	struct zero_phase zp = { .rate_hz = rate_hz, .cutoff_hz = cutoff_hz };
	return filter_zero_phase(x, n, &zp, y);
}

int dsp_lowpass(const double *x, size_t n, double rate_hz, double cutoff_hz, double *y)
{
	return lowpass((struct signal_in){ .d = x }, n, rate_hz, cutoff_hz, (struct signal_out){ .d = y });
}

int dsp_lowpass_float(const float *x, size_t n, double rate_hz, double cutoff_hz, float *y)
{
	return lowpass((struct signal_in){ .f = x }, n, rate_hz, cutoff_hz, (struct signal_out){ .f = y });
}

/* x and y are the same signal: the hum is removed in place. */
static int remove_hum(struct signal_in x, struct signal_out y, size_t n, double rate_hz, double hum_hz)
{
	int rc = check_signal(x, n, rate_hz, "hum removal");
	if (rc != ST_OK)
		return rc;
	if (!dsp_hum_ok(hum_hz))
		return st_fail(ST_ERR_ARG, "dsp: mains hum at %g Hz (expected 40-70 Hz, or 0 for none)", hum_hz);
	if (n == 0 || dsp_harmonics(hum_hz, rate_hz) == 0)
		return ST_OK;
	struct zero_phase zp = { .rate_hz = rate_hz, .hum_hz = hum_hz };
	return filter_zero_phase(x, n, &zp, y);
}

int dsp_remove_hum(double *x, size_t n, double rate_hz, double hum_hz)
{
	return remove_hum((struct signal_in){ .d = x }, (struct signal_out){ .d = x }, n, rate_hz, hum_hz);
}

int dsp_remove_hum_float(float *x, size_t n, double rate_hz, double hum_hz)
{
	return remove_hum((struct signal_in){ .f = x }, (struct signal_out){ .f = x }, n, rate_hz, hum_hz);
}

/* 1.4826 * the median absolute deviation: the SD of normal data, outliers aside. */
static double robust_sd(double *a, size_t n)
{
	double median = dsp_select_kth(a, n, n / 2);
	for (size_t i = 0; i < n; i++)
		a[i] = fabs(a[i] - median);
	return 1.4826 * dsp_select_kth(a, n, n / 2);
}

double dsp_noise_sd(const double *x, size_t n, double rate_hz)
{
	double hum_hz = 0, amplitude;
	if (check_signal((struct signal_in){ .d = x }, n, rate_hz, "noise floor") != ST_OK)
		return NAN;
	if (n < MIN_NOISE_SAMPLES) {
		st_fail(ST_ERR_ARG, "dsp: noise floor: %zu samples (at least %d needed)", n, MIN_NOISE_SAMPLES);
		return NAN;
	}
	if (rate_hz <= 2 * NOISE_HIGHPASS_HZ) {
		st_fail(ST_ERR_ARG, "dsp: noise floor: rate %g Hz leaves no band above %g Hz", rate_hz,
			NOISE_HIGHPASS_HZ);
		return NAN;
	}
	if (dsp_detect_hum(x, n, rate_hz, &hum_hz, &amplitude) != ST_OK)
		return NAN;
	struct zero_phase zp = { .rate_hz = rate_hz, .cutoff_hz = NOISE_HIGHPASS_HZ, .high_pass = true,
				 .hum_hz = hum_hz };
	double *y = malloc(n * sizeof *y);
	if (!y) {
		st_fail(ST_ERR_NOMEM, "dsp: out of memory measuring the noise floor");
		return NAN;
	}
	double sd = NAN;
	if (filter_zero_phase((struct signal_in){ .d = x }, n, &zp, (struct signal_out){ .d = y }) == ST_OK)
		sd = robust_sd(y, n) / sqrt(band_share(&zp));
	free(y);
	return sd;
}

double dsp_noise_sd_float(const float *x, size_t n, double rate_hz)
{
	double *copy = malloc(n * sizeof *copy);
	if (n && !copy) {
		st_fail(ST_ERR_NOMEM, "dsp: out of memory measuring the noise floor");
		return NAN;
	}
	for (size_t i = 0; i < n; i++)
		copy[i] = x[i];
	double sd = dsp_noise_sd(copy, n, rate_hz);
	free(copy);
	return sd;
}
