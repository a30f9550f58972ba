/* rises.c: where the heels are up in a recording without a centre of pressure, from
 * the force alone (DESIGN.md makes the COP columns optional; before, such a recording
 * gave no rep at all).
 *
 * The COP's heels-up intervals only place each rep's window (reps.c): the phases come
 * from the force. Here they are found in two steps.
 * 1. Rises. The height h, integrated twice from the force, carries the slow errors of
 *    body weight and drift, so it is read only locally: at each point (at DECIMATE_HZ) a
 *    straight line plus a smooth step of STEP_WIDTH_S is fitted to h over STEP_FIT_S on
 *    either side, and a step up of RISE_MIN_M or more is a rise. The acceleration's mean
 *    over BIAS_WINDOW_S is taken out first: a fit with a quadratic for that bias took
 *    the end of a quick lowering for a rise. A lowering, often slow, is no such step.
 * 2. Each rise's interval. From REST_S before the rise to just before the next one, the
 *    body is still on average at both ends; with that, h over the stretch is integrated
 *    again (as reps.c does over a window) and the interval is where it is above a fifth
 *    of its peak (at half, the window ended inside slow lowerings): as the COP's
 *    crossings, roughly, which is all reps.c needs.
 * 3. What reps.c makes of them. A rep's checks are stricter without the COP (reps.c's
 *    FORCE_ONLY_STRICT), and a rise much lower than the set's others is a disturbance
 *    (the COP would have said the heels stayed down): reject_small_rises.
 * On reviewers' recordings without a rail (144 reps), COP taken out: 143 found, 4
 * disturbances counted before step 3's height test, none after; half the reps
 * uncertain, 7 % of those stated off by more than 0.5 s (with the COP: 5 %, 6 %). With a hand on a
 * wandering rail the force alone cannot tell a rise from the hand (a quarter of reps
 * missed): the COP is the better signal there, and the JSON warns that it is missing. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "linsolve.h"
#include "status.h"

#define DECIMATE_HZ 20.0
#define STEP_FIT_S 2.5
#define STEP_WIDTH_S 0.6
#define BIAS_WINDOW_S 10.0
#define RISE_MIN_M 0.015
#define BEFORE_S 1.5        /* a rise's stretch starts this long before its step's middle */
#define NEXT_GAP_S 1.0      /* ... and ends this long before the next rise's */
#define LONGEST_REP_S 20.0  /* ... or this long after it */
#define REST_S 0.5          /* the still stretch at either end of it */
#define MIN_RISE_M 0.010    /* as reps.c's MIN_HEIGHT_MM */
#define UP_SHARE 0.2        /* the heels are up while the body is above this share of the rise's height */
#define SMALL_SHARE 0.5     /* a rise below this share of the reps' median height is a disturbance */
#define FORCE_ONLY_MIN_MM 25.0 /* ... and one lower than this (a 45 kg patient standing made a 19 mm one) */

/* The smooth step of the fit: 0 before -width/2, 1 after width/2. */
static double smooth_step(double s)
{
	double x = fmin(fmax(s / STEP_WIDTH_S + 0.5, 0), 1);
	return 0.5 - 0.5 * cos(M_PI * x);
}

/* The weights that give the step's size from h at offsets -w..w (least squares of
 * 1, s and the step): the last row of (X'X)^-1 X'. */
static bool step_kernel(int w, double *k)
{
	double m[LINSOLVE_MAX][LINSOLVE_MAX] = { { 0 } };
	for (int j = -w; j <= w; j++) {
		double s = j / DECIMATE_HZ, x[3] = { 1, s, smooth_step(s) };
		for (int r = 0; r < 3; r++)
			for (int c = 0; c < 3; c++)
				m[r][c] += x[r] * x[c];
	}
	/* the row wanted is e3' (X'X)^-1, found as the solution of (X'X) y = e3 */
	double e3[LINSOLVE_MAX] = { 0, 0, 1 }, y[LINSOLVE_MAX];
	if (!linsolve(3, m, e3, y))
		return false;
	for (int j = -w; j <= w; j++) {
		double s = j / DECIMATE_HZ;
		k[j + w] = y[0] + y[1] * s + y[2] * smooth_step(s);
	}
	return true;
}

/* acc: the body's acceleration from the smoothed force (body weight taken off). */
static void body_acceleration(const struct piece *p, double body_weight, double *acc)
{
	double mass = body_weight / STANDARD_GRAVITY;
	for (size_t i = 0; i < p->n; i++)
		acc[i] = (p->smooth[i] - body_weight) / mass;
}

/* The middles of the steps up in h (the double integral of acc less its running mean),
 * as sample indices; returns how many, or -1 out of memory. */
static long find_steps(const struct piece *p, const double *acc, size_t **out)
{
	size_t n = p->n, every = (size_t)fmax(1, round(p->rate / DECIMATE_HZ)), n_dec = (n + every - 1) / every;
	int w = (int)(STEP_FIT_S * DECIMATE_HZ);
	double *sum = malloc((n + 1) * sizeof *sum), *h = malloc(n_dec * sizeof *h), *k = malloc((2 * w + 1) * sizeof *k);
	size_t *steps = NULL;
	long n_steps = -1;
	if (!sum || !h || !k || !step_kernel(w, k))
		goto done;
	sum[0] = 0;
	for (size_t i = 0; i < n; i++)
		sum[i + 1] = sum[i] + acc[i];
	size_t half = (size_t)(BIAS_WINDOW_S * p->rate / 2);
	double dt = 1 / p->rate, v = 0, x = 0;
	for (size_t i = 0; i < n; i++) {
		size_t lo = i > half ? i - half : 0, hi = i + half < n ? i + half : n;
		v += (acc[i] - (sum[hi] - sum[lo]) / (double)(hi - lo)) * dt;
		x += v * dt;
		if (i % every == 0)
			h[i / every] = x;
	}
	steps = malloc((n_dec / 2 + 1) * sizeof *steps);
	if (!steps)
		goto done;
	n_steps = 0;
	size_t j = (size_t)w;
	while (j + (size_t)w < n_dec) {
		double size = 0;
		for (int s = -w; s <= w; s++)
			size += k[s + w] * h[j + (size_t)(s)];
		if (!(size > RISE_MIN_M)) {
			j++;
			continue;
		}
		/* the step's middle: its largest size while it stays above half the threshold */
		size_t best = j;
		double best_size = size;
		for (j++; j + (size_t)w < n_dec; j++) {
			size = 0;
			for (int s = -w; s <= w; s++)
				size += k[s + w] * h[j + (size_t)(s)];
			if (!(size > RISE_MIN_M / 2))
				break;
			if (size > best_size)
				best = j, best_size = size;
		}
		steps[n_steps++] = best * every;
	}
done:
	free(sum);
	free(h);
	free(k);
	if (n_steps < 0) {
		free(steps);
		steps = NULL;
	}
	*out = steps;
	return n_steps;
}

/* Where h, the stretch from sample a, crosses level between its samples i - 1 and i. */
static double crossing(const struct piece *p, const double *h, size_t a, size_t i, double level)
{
	double f = h[i] != h[i - 1] ? (level - h[i - 1]) / (h[i] - h[i - 1]) : 0;
	return p->t[a + i - 1] + fmin(fmax(f, 0), 1) * (p->t[a + i] - p->t[a + i - 1]);
}

/* The interval where the body is above UP_SHARE of the rise's height over [a, b), still on
 * average over REST_S at both ends; false if it rose less than a heel raise does. h is
 * work space of b - a doubles. */
static bool rise_interval(const struct piece *p, const double *acc, size_t a, size_t b, double *h,
			  struct heels_up *up)
{
	size_t n = b - a, rest = (size_t)(REST_S * p->rate);
	if (n < 2 * rest + 2)
		return false;
	double dt = 1 / p->rate, v = 0;
	for (size_t i = 0; i < n; i++) { /* h holds the raw velocity first */
		v += acc[a + i] * dt;
		h[i] = v;
	}
	/* v = v0 + raw - c t: mean zero over both rests */
	double m1 = mean_of(h, 0, rest), m2 = mean_of(h, n - rest, n);
	double s1 = 0.5 * (double)(rest - 1) * dt, s2 = ((double)(n - rest) + 0.5 * (double)(rest - 1)) * dt;
	double c = (m2 - m1) / (s2 - s1), v0 = c * s1 - m1, x = 0;
	for (size_t i = 0; i < n; i++) {
		x += (v0 + h[i] - c * (double)i * dt) * dt;
		h[i] = x;
	}
	/* the height above the line between the two rests' */
	double y1 = mean_of(h, 0, rest), y2 = mean_of(h, n - rest, n), peak = 0;
	for (size_t i = 0; i < n; i++) {
		h[i] -= y1 + (y2 - y1) * ((double)i * dt - s1) / (s2 - s1);
		peak = fmax(peak, h[i]);
	}
	if (!(peak >= MIN_RISE_M))
		return false;
	size_t first = 0, last = n - 1;
	double level = UP_SHARE * peak;
	while (first < n && h[first] < level)
		first++;
	size_t top = first;
	for (size_t i = first; i < n; i++)
		if (h[i] > h[top])
			top = i;
	while (last > top && h[last] < level)
		last--;
	if (first == 0)
		return false; /* it does not begin inside the stretch */
	if (last + 1 >= n - rest)
		last = n - rest - 2;
	if (last <= first)
		return false; /* it rises into the rest at the stretch's end */
	*up = (struct heels_up){ .a = a + first, .b = a + last + 1, .start = crossing(p, h, a, first, level),
				 .end = crossing(p, h, a, last + 1, level), .from_force = true };
	return true;
}

int find_rises(const struct piece *p, double body_weight, struct heels_up **out, size_t *n_out)
{
	*out = NULL;
	*n_out = 0;
	double *acc = malloc(p->n * sizeof *acc), *h = malloc(p->n * sizeof *h);
	size_t *steps = NULL;
	long n_steps = -1;
	struct heels_up *up = NULL;
	if (acc && h) {
		body_acceleration(p, body_weight, acc);
		n_steps = find_steps(p, acc, &steps);
	}
	if (n_steps > 0)
		up = malloc((size_t)n_steps * sizeof *up);
	if (n_steps < 0 || (n_steps > 0 && !up)) {
		free(acc);
		free(h);
		free(steps);
		return st_fail(ST_ERR_NOMEM, "analysis: out of memory");
	}
	size_t n = 0, before = (size_t)(BEFORE_S * p->rate), gap = (size_t)(NEXT_GAP_S * p->rate);
	for (long k = 0; k < n_steps; k++) {
		size_t a = steps[k] > before ? steps[k] - before : 0;
		size_t b = k + 1 < n_steps && steps[k + 1] > gap ? steps[k + 1] - gap : p->n;
		b = b < steps[k] + (size_t)(LONGEST_REP_S * p->rate) ? b : steps[k] + (size_t)(LONGEST_REP_S * p->rate);
		b = b < p->n ? b : p->n;
		struct heels_up r;
		if (b > a && rise_interval(p, acc, a, b, h, &r) && (n == 0 || r.start > up[n - 1].end))
			up[n++] = r;
	}
	free(acc);
	free(h);
	free(steps);
	*out = up;
	*n_out = n;
	return ST_OK;
}

int reject_small_rises(struct analysis *out, size_t first)
{
	size_t n = out->n_reps - first, kept = first;
	double *heights = malloc((n + 1) * sizeof *heights);
	if (!heights)
		return st_fail(ST_ERR_NOMEM, "analysis: out of memory");
	for (size_t i = 0; i < n; i++)
		heights[i] = out->reps[first + i].height_mm;
	double median = quantile_in(heights, n, 0.5);
	free(heights);
	int rc = ST_OK;
	for (size_t i = first; i < out->n_reps && rc == ST_OK; i++) {
		const struct rep_result *r = &out->reps[i];
		if (r->height_mm < SMALL_SHARE * median || r->height_mm < FORCE_ONLY_MIN_MM)
			rc = analysis_reject(out, r->start_s, r->end_s,
					     "a rise much lower than the other reps, found from the force alone (no "
					     "centre of pressure): a disturbance, not a heel raise");
		else
			out->reps[kept++] = *r;
	}
	out->n_reps = kept;
	return rc;
}

int reject_reps_since(struct analysis *out, size_t first, const char *reason)
{
	int rc = ST_OK;
	for (size_t i = first; i < out->n_reps && rc == ST_OK; i++)
		rc = analysis_reject(out, out->reps[i].start_s, out->reps[i].end_s, reason);
	out->n_reps = first;
	return rc;
}
