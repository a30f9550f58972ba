/* support_model.c: the slow support over a set, fitted where the body is still.
 *
 * Why. A hand on a rail takes a few per cent of body weight, and that force wanders by
 * several newtons within a rep (the hand shifts, the patient leans). reps.c takes out of
 * each rep a constant and a slope of the force over its window, then a constant per
 * velocity lobe: what the support does beyond that within a rep (its curvature) is
 * integrated twice into the rep's height and moves the phase times by seconds. One rep
 * alone cannot tell that curvature from its own slow lowering; the whole set can: the
 * body is known to be still, on average, over the rests between reps and the tops of the
 * reps, and those stretches come every few seconds all through the set.
 *
 * The model. The support S(t) (body weight less the plates' force, its slow part) is a
 * quadratic B-spline with knots every KNOT_S, as smooth as a slow disturbance is and no
 * more. It is fitted on impulse, not on force levels: between two still stretches the
 * body's momentum is the same (zero on average), so the integral of S from one to the
 * next equals the integral of body weight less the force. The force's mean over a short
 * still stretch would carry the breathing's and balance's bob (a couple of newtons); its
 * integral from stretch to stretch does not. Least squares over all consecutive pairs of
 * stretches, with a small penalty on the coefficients' second differences so that the
 * curve stays defined, and straight, across a long stretch of movement.
 *
 * Nothing here knows a simulator's rail: any disturbance slower than the knots, seen
 * where the body is still, is taken out; one faster than that is left for reps.c's
 * per-rep corrections and its "uncertain" verdicts, as before.
 *
 * Steps. A hand taking hold of the rail or letting go changes the support by tens of
 * newtons within a fraction of a second, which the curve cannot follow: it rang around
 * the step for several seconds, and reps.c's dips, judged with it, came out metres high
 * (a stranger's quick sets with a grab or a release partway: 386 of 672 reps found). The
 * model therefore has steps besides the curve: found where the mean support of one link
 * (from a still stretch to the next) stands apart from a change that the links beside it
 * do not share (find_steps), and kept only where the curve then fits the links far better
 * (support_model_fit). With them 653 of those 672 reps were found.
 */
#include "support_model.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"

#define KNOT_S 2.0     /* the support's slowest change followed: a few seconds */
#define MERGE_S 0.25   /* still stretches closer than this are one */
#define MAX_LINK_S 20.0 /* stretches farther apart than this are not linked (the penalty bridges) */
/* A step in the support (find_steps): at least this share of body weight, this many times
 * the change over the spans beside it, and kept only where the curve then misses the
 * links' impulses by at most STEP_GAIN as much (support_model_fit) */
#define STEP_MIN_PCT 1.0
#define STEP_CLEAR 3.0
#define STEP_GAIN 0.2
#define STEP_NEAR_S 6.0 /* ... the links within this of the step */

/* The cardinal quadratic B-spline's integral from 0 to u (0 before, 1 after [0, 3)). */
static double bspline_integral(double u)
{
	if (u <= 0)
		return 0;
	if (u < 1)
		return u * u * u / 6;
	if (u < 2)
		return 1.0 / 6 + (-2 * u * u * u / 3 + 3 * u * u - 3 * u + 2.0 / 3) / 2;
	if (u < 3)
		return 1 - (3 - u) * (3 - u) * (3 - u) / 6;
	return 1;
}

/* The cardinal quadratic B-spline at u (nonzero on [0, 3)). */
static double bspline(double u)
{
	if (u <= 0 || u >= 3)
		return 0;
	if (u < 1)
		return u * u / 2;
	if (u < 2)
		return (-2 * u * u + 6 * u - 3) / 2;
	return (3 - u) * (3 - u) / 2;
}

/* Basis j is the B-spline over knots j - 2 .. j + 1 (x in knots from t0). */
static double knots_of(const struct support_model *m, double t_s)
{
	return (t_s - m->t0_s) / m->knot_s;
}

/* The steps' sum at t_s. */
static double steps_at(const struct support_model *m, double t_s)
{
	double s = 0;
	for (size_t j = 0; j < m->n_steps; j++)
		s += t_s >= m->steps[j].t_s ? m->steps[j].n : 0;
	return s;
}

double support_model_at(const struct support_model *m, double t_s)
{
	if (m->n_coef == 0)
		return 0;
	double x = knots_of(m, t_s < m->t0_s ? m->t0_s : t_s > m->t1_s ? m->t1_s : t_s);
	size_t j0 = (size_t)floor(x);
	double s = 0;
	for (size_t j = j0; j < j0 + 3 && j < m->n_coef; j++)
		s += m->coef[j] * bspline(x - (double)j + 2);
	return s + steps_at(m, t_s);
}

void support_model_free(struct support_model *m)
{
	free(m->coef);
	memset(m, 0, sizeof *m);
}

/* A symmetric banded system: the lower band, a[i * (w + 1) + k] = element (i, i - k). */
struct band {
	size_t n, w;
	double *a, *rhs;
};

static double *band_at(struct band *b, size_t i, size_t j)
{
	return &b->a[i * (b->w + 1) + (i - j)];
}

/* Adds the row's outer product (coefficients r over columns [lo, lo + len)) and r y. */
static void band_add_row(struct band *b, size_t lo, const double *r, size_t len, double y)
{
	for (size_t p = 0; p < len; p++) {
		b->rhs[lo + p] += r[p] * y;
		for (size_t q = 0; q <= p; q++)
			*band_at(b, lo + p, lo + q) += r[p] * r[q];
	}
}

/* Cholesky in place and the two substitutions; the solution replaces rhs. False if the
 * system is not positive definite (too few stretches to fix the curve). */
static bool band_solve(struct band *b)
{
	size_t n = b->n, w = b->w;
	for (size_t i = 0; i < n; i++) {
		size_t first = i > w ? i - w : 0;
		for (size_t j = first; j <= i; j++) {
			double s = *band_at(b, i, j);
			for (size_t l = first; l < j; l++)
				s -= *band_at(b, i, l) * *band_at(b, j, l);
			if (j == i) {
				if (!(s > 1e-12 * (1 + fabs(*band_at(b, i, i)))))
					return false;
				*band_at(b, i, i) = sqrt(s);
			} else {
				*band_at(b, i, j) = s / *band_at(b, j, j);
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t l = i > w ? i - w : 0; l < i; l++)
			b->rhs[i] -= *band_at(b, i, l) * b->rhs[l];
		b->rhs[i] /= *band_at(b, i, i);
	}
	for (size_t i = n; i-- > 0;) {
		for (size_t l = i + 1; l < n && l <= i + w; l++)
			b->rhs[i] -= *band_at(b, l, i) * b->rhs[l];
		b->rhs[i] /= *band_at(b, i, i);
	}
	return true;
}

/* Still stretches merged where they (nearly) touch, as a new array. */
static size_t merge_stretches(const struct piece *p, const struct still_stretch *in, size_t n,
			      struct still_stretch *out)
{
	size_t m = 0, gap = (size_t)(MERGE_S * p->rate);
	for (size_t k = 0; k < n; k++) {
		if (in[k].b <= in[k].a || in[k].b > p->n)
			continue;
		if (m > 0 && in[k].a <= out[m - 1].b + gap)
			out[m - 1].b = in[k].b > out[m - 1].b ? in[k].b : out[m - 1].b;
		else
			out[m++] = in[k];
	}
	return m;
}

/* Means over one stretch of D (the impulse of the force less body weight, from the first
 * stretch's start) and of each basis function's integral over [lo, hi). */
static void stretch_means(const struct piece *p, const struct support_model *m, const double *impulse, size_t from,
			  struct still_stretch s, size_t lo, size_t hi, double *d_mean, double *basis_mean)
{
	double sum = 0;
	for (size_t j = lo; j < hi; j++)
		basis_mean[j - lo] = 0;
	for (size_t i = s.a; i < s.b; i++) {
		sum += impulse[i - from];
		double x = knots_of(m, p->t[i]);
		for (size_t j = lo; j < hi; j++)
			basis_mean[j - lo] += m->knot_s * bspline_integral(x - (double)j + 2);
	}
	double count = (double)(s.b - s.a);
	*d_mean = sum / count;
	for (size_t j = lo; j < hi; j++)
		basis_mean[j - lo] /= count;
}

/* The basis functions a row over [a, b) of the piece touches: [*lo, *hi). */
static void basis_range(const struct piece *p, const struct support_model *m, size_t a, size_t b, size_t *lo,
			size_t *hi)
{
	double xa = floor(knots_of(m, p->t[a])), xb = floor(knots_of(m, p->t[b - 1])) + 3;
	*lo = xa < 0 ? 0 : (size_t)xa;
	*hi = xb > (double)m->n_coef ? m->n_coef : (size_t)xb;
}

/* Scratch for one link's row: the basis functions' means over either stretch and their
 * difference. */
struct link_row {
	double *r0, *r1, *row;
};

/* The row of link k (stretch k to k + 1) over basis functions [*lo, *lo + length) in
 * lr->row, and its target in *y: the support's impulse from one stretch to the next is
 * what the force lacked. Length 0 where the two are too far apart to be linked. */
static size_t link_row(const struct piece *p, const struct support_model *m, const double *impulse, size_t from,
		       const struct still_stretch *s, size_t k, const struct link_row *lr, size_t *lo, double *y)
{
	if (p->t[s[k + 1].a] - p->t[s[k].b - 1] > MAX_LINK_S)
		return 0;
	size_t hi;
	double d0, d1;
	basis_range(p, m, s[k].a, s[k + 1].b, lo, &hi);
	stretch_means(p, m, impulse, from, s[k], *lo, hi, &d0, lr->r0);
	stretch_means(p, m, impulse, from, s[k + 1], *lo, hi, &d1, lr->r1);
	for (size_t j = 0; j < hi - *lo; j++)
		lr->row[j] = lr->r1[j] - lr->r0[j];
	*y = d0 - d1;
	return hi - *lo;
}

/* The fit itself over the merged stretches s[0..n), with out's steps taken out of the
 * force first; misses[k] (n - 1 of them): what the curve misses of link k's impulse (N s;
 * 0 where the two stretches are not linked); lacked (NULL: not wanted): that impulse
 * itself, what the force lacked of body weight from stretch k to k + 1 (NAN where not
 * linked). */
static int fit(const struct piece *p, double body_weight, const struct still_stretch *s, size_t n, double smoothing,
	       struct support_model *out, double *misses, double *lacked)
{
	size_t from = s[0].a, to = s[n - 1].b;
	out->t0_s = p->t[from];
	out->t1_s = p->t[to - 1];
	out->knot_s = KNOT_S;
	out->n_coef = (size_t)ceil((p->t[to - 1] - out->t0_s) / KNOT_S) + 3;
	/* the widest row: two linked stretches and what lies between them */
	size_t w = 2;
	for (size_t k = 0; k + 1 < n; k++) {
		size_t lo, hi;
		basis_range(p, out, s[k].a, s[k + 1].b, &lo, &hi);
		if (p->t[s[k + 1].a] - p->t[s[k].b - 1] <= MAX_LINK_S && hi - lo > w)
			w = hi - lo;
	}
	double *impulse = malloc((to - from) * sizeof *impulse);
	double *rows = malloc(3 * (w + 1) * sizeof *rows);
	struct band b = { .n = out->n_coef, .w = w, .a = calloc(out->n_coef * (w + 1), sizeof(double)),
			  .rhs = calloc(out->n_coef, sizeof(double)) };
	out->coef = b.rhs;
	if (!impulse || !rows || !b.a || !b.rhs) {
		free(impulse);
		free(rows);
		free(b.a);
		support_model_free(out);
		return st_fail(ST_ERR_NOMEM, "analysis: out of memory");
	}
	double dt = 1 / p->rate, d = 0;
	for (size_t i = from; i < to; i++) {
		impulse[i - from] = d;
		d += (p->total[i] - body_weight + steps_at(out, p->t[i])) * dt;
	}
	struct link_row lr = { rows, rows + (w + 1), rows + 2 * (w + 1) };
	for (size_t k = 0; k + 1 < n; k++) {
		size_t lo, len;
		double y;
		if ((len = link_row(p, out, impulse, from, s, k, &lr, &lo, &y)) > 0)
			band_add_row(&b, lo, lr.row, len, y);
	}
	double penalty = sqrt(smoothing) * KNOT_S, second[3] = { penalty, -2 * penalty, penalty };
	for (size_t j = 0; j + 2 < out->n_coef; j++)
		band_add_row(&b, j, second, 3, 0);
	bool solved = band_solve(&b);
	for (size_t k = 0; k + 1 < n; k++) {
		size_t lo, len;
		double y, fitted = 0;
		misses[k] = 0;
		len = link_row(p, out, impulse, from, s, k, &lr, &lo, &y);
		if (lacked)
			lacked[k] = len ? y : NAN;
		if (!solved || len == 0)
			continue;
		for (size_t j = 0; j < len; j++)
			fitted += lr.row[j] * out->coef[lo + j];
		misses[k] = fitted - y;
	}
	free(impulse);
	free(rows);
	free(b.a);
	if (!solved)
		support_model_free(out);
	return ST_OK;
}

/* The time at the middle of stretch s. */
static double middle_s(const struct piece *p, struct still_stretch s)
{
	return 0.5 * (p->t[s.a] + p->t[s.b - 1]);
}

/* The mean support over each link, from the middle of stretch k to the middle of k + 1,
 * from what the force lacked of body weight between them (fit's lacked: the body's
 * momentum is the same over both). NAN where the two are not linked, or a load cell is at
 * full scale between them (the force is clipped there). */
static void link_means(const struct piece *p, const struct still_stretch *s, size_t n, const double *lacked,
		       double *mean)
{
	for (size_t k = 0; k + 1 < n; k++)
		mean[k] = piece_saturated(p, s[k].a, s[k + 1].b)
				  ? NAN
				  : lacked[k] / (middle_s(p, s[k + 1]) - middle_s(p, s[k]));
}

/* The change in the links' mean support from link i to link j (NAN where either is not
 * linked or out of range). */
static double change(const double *mean, size_t n_links, ptrdiff_t i, ptrdiff_t j)
{
	if (i < 0 || j < 0 || (size_t)i >= n_links || (size_t)j >= n_links)
		return NAN;
	return mean[j] - mean[i];
}

/* Steps in the support (a hand taking hold of the rail, or letting go): a link across
 * which the links' mean support changes (from the link before it to the link after it)
 * by STEP_MIN_PCT of body weight or more, and by STEP_CLEAR times as much as over the same
 * span just before and just after it. A rail's wander, however fast, changes about as
 * much over neighbouring spans; a step changes it across one link. The step is placed in
 * the link where its mean puts it: the two levels mixed by the time on either side. */
static int find_steps(const struct piece *p, double body_weight, const struct still_stretch *s, size_t n,
		      const double *lacked, struct support_model *out)
{
	if (n < 4)
		return ST_OK;
	size_t n_links = n - 1;
	double *mean = malloc(2 * n_links * sizeof *mean);
	if (!mean)
		return st_fail(ST_ERR_NOMEM, "analysis: out of memory");
	double *jump = mean + n_links;
	link_means(p, s, n, lacked, mean);
	for (ptrdiff_t k = 0; k < (ptrdiff_t)n_links; k++) {
		double c = change(mean, n_links, k - 1, k + 1), before = change(mean, n_links, k - 3, k - 1),
		       after = change(mean, n_links, k + 1, k + 3);
		double outside = isnan(before) ? fabs(after) : isnan(after) ? fabs(before) : fmax(fabs(before), fabs(after));
		jump[k] = isfinite(c) && isfinite(mean[k]) && isfinite(outside) && fabs(c) >= STEP_MIN_PCT / 100 * body_weight &&
				  fabs(c) >= STEP_CLEAR * outside
			  ? c
			  : 0;
	}
	for (size_t k = 0; k < n_links && out->n_steps < SUPPORT_MAX_STEPS; k++) {
		/* the link that takes the step, not its neighbours, across which it shows too */
		if (jump[k] == 0 || (k > 0 && fabs(jump[k - 1]) > fabs(jump[k])) ||
		    (k + 1 < n_links && fabs(jump[k + 1]) >= fabs(jump[k])))
			continue;
		double before = mean[k - 1], after = mean[k + 1];
		double a = middle_s(p, s[k]), b = middle_s(p, s[k + 1]);
		double t = a + (b - a) * (mean[k] - after) / (before - after);
		double lo = p->t[s[k].b - 1], hi = p->t[s[k + 1].a];
		out->steps[out->n_steps++] = (struct support_step){ t < lo ? lo : t > hi ? hi : t, jump[k] };
	}
	free(mean);
	return ST_OK;
}

/* The root sum of squares of the misses of the links that reach within near_s of t_s. */
static double missed_near(const struct piece *p, const struct still_stretch *s, size_t n, const double *misses,
			  double t_s, double near_s)
{
	double sq = 0;
	for (size_t k = 0; k + 1 < n; k++)
		if (p->t[s[k + 1].b - 1] > t_s - near_s && p->t[s[k].a] < t_s + near_s)
			sq += misses[k] * misses[k];
	return sqrt(sq);
}

/* base with one more step at step's time (*trial, its misses in misses), its size the one
 * with which the curve misses the links' impulses least: the links' means beside the step
 * carry the support's own change over them too. What is missed is linear in the size, its
 * sum of squares a parabola: found from the misses with no step (base_misses), with
 * step's size and with twice it. */
static int size_step(const struct piece *p, double body_weight, const struct still_stretch *s, size_t n,
		     double smoothing, const struct support_model *base, struct support_step step,
		     const double *base_misses, struct support_model *trial, double *misses)
{
	double q[3] = { pow(missed_near(p, s, n, base_misses, 0, INFINITY), 2), 0, 0 };
	for (int x = 1; x <= 3; x++) {
		*trial = (struct support_model){ .n_steps = base->n_steps };
		memcpy(trial->steps, base->steps, sizeof trial->steps);
		double a = (q[2] - 2 * q[1] + q[0]) / 2, b = q[1] - q[0] - a;
		double size = x < 3 ? x : a > 0 ? -b / (2 * a) : 1; /* in units of the first size */
		trial->steps[trial->n_steps++] = (struct support_step){ step.t_s, step.n * size };
		int rc = fit(p, body_weight, s, n, smoothing, trial, misses, NULL);
		if (rc != ST_OK || x == 3 || !trial->n_coef)
			return rc;
		q[x] = pow(missed_near(p, s, n, misses, 0, INFINITY), 2);
		support_model_free(trial);
	}
	return ST_OK;
}

int support_model_fit(const struct piece *p, double body_weight, const struct still_stretch *still, size_t n,
		      double smoothing, struct support_model *out)
{
	memset(out, 0, sizeof *out);
	struct still_stretch *merged = malloc((n ? n : 1) * sizeof *merged);
	double *misses = malloc(3 * (n ? n : 1) * sizeof *misses);
	if (!merged || !misses) {
		free(merged);
		free(misses);
		return st_fail(ST_ERR_NOMEM, "analysis: out of memory");
	}
	double *trial_misses = misses + n, *lacked = misses + 2 * n;
	size_t m = merge_stretches(p, still, n, merged);
	struct support_model found = { 0 };
	int rc = m >= 2 ? fit(p, body_weight, merged, m, smoothing, out, misses, lacked) : ST_OK;
	if (m >= 2 && rc == ST_OK) {
		rc = find_steps(p, body_weight, merged, m, lacked, &found);
		/* each step kept only where the curve then misses the impulses of the links
		 * around it by STEP_GAIN as much or less: a step the support did not take
		 * leaves them about as they were (our simulator's rails, wandering by a
		 * quarter of their force, offered 21 over bench_accuracy's recordings, the best
		 * leaving 0.6 of the miss; a stranger's 84 quick sets with a hand taking hold or
		 * letting go, 172, 0.06 at the median) */
		for (size_t j = 0; j < found.n_steps && rc == ST_OK && out->n_coef; j++) {
			struct support_model trial;
			rc = size_step(p, body_weight, merged, m, smoothing, out, found.steps[j], misses, &trial, trial_misses);
			double t_s = found.steps[j].t_s;
			if (rc == ST_OK && trial.n_coef &&
			    missed_near(p, merged, m, trial_misses, t_s, STEP_NEAR_S) <=
				    STEP_GAIN * missed_near(p, merged, m, misses, t_s, STEP_NEAR_S)) {
				support_model_free(out);
				*out = trial;
				memcpy(misses, trial_misses, m * sizeof *misses);
			} else {
				support_model_free(&trial);
			}
		}
	}
	free(merged);
	free(misses);
	return rc;
}
