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
 */
#include "support_model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"

#define KNOT_S 2.0     /* the support's slowest change followed: a few seconds */
#define MERGE_S 0.25   /* still stretches closer than this are one */
#define MAX_LINK_S 20.0 /* stretches farther apart than this are not linked (the penalty bridges) */

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

double support_model_at(const struct support_model *m, double t_s)
{
	if (m->n_coef == 0)
		return 0;
	double x = knots_of(m, t_s < m->t0_s ? m->t0_s : t_s > m->t1_s ? m->t1_s : t_s);
	size_t j0 = (size_t)floor(x);
	double s = 0;
	for (size_t j = j0; j < j0 + 3 && j < m->n_coef; j++)
		s += m->coef[j] * bspline(x - (double)j + 2);
	return s;
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

/* The fit itself over the merged stretches s[0..n). */
static int fit(const struct piece *p, double body_weight, const struct still_stretch *s, size_t n, double smoothing,
	       struct support_model *out)
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
		d += (p->total[i] - body_weight) * dt;
	}
	double *r0 = rows, *r1 = rows + (w + 1), *row = rows + 2 * (w + 1);
	for (size_t k = 0; k + 1 < n; k++) {
		if (p->t[s[k + 1].a] - p->t[s[k].b - 1] > MAX_LINK_S)
			continue;
		size_t lo, hi;
		double d0, d1;
		basis_range(p, out, s[k].a, s[k + 1].b, &lo, &hi);
		stretch_means(p, out, impulse, from, s[k], lo, hi, &d0, r0);
		stretch_means(p, out, impulse, from, s[k + 1], lo, hi, &d1, r1);
		/* the support's impulse from one stretch to the next: what the force lacked */
		for (size_t j = 0; j < hi - lo; j++)
			row[j] = r1[j] - r0[j];
		band_add_row(&b, lo, row, hi - lo, d0 - d1);
	}
	double penalty = sqrt(smoothing) * KNOT_S, second[3] = { penalty, -2 * penalty, penalty };
	for (size_t j = 0; j + 2 < out->n_coef; j++)
		band_add_row(&b, j, second, 3, 0);
	bool solved = band_solve(&b);
	free(impulse);
	free(rows);
	free(b.a);
	if (!solved)
		support_model_free(out);
	return ST_OK;
}

int support_model_fit(const struct piece *p, double body_weight, const struct still_stretch *still, size_t n,
		      double smoothing, struct support_model *out)
{
	memset(out, 0, sizeof *out);
	struct still_stretch *merged = malloc((n ? n : 1) * sizeof *merged);
	if (!merged)
		return st_fail(ST_ERR_NOMEM, "analysis: out of memory");
	size_t m = merge_stretches(p, still, n, merged);
	int rc = m >= 2 ? fit(p, body_weight, merged, m, smoothing, out) : ST_OK;
	free(merged);
	return rc;
}
