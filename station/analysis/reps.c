/* reps.c: heel-raise reps from the force (impulse-momentum) and the COP.
 *
 * The COP says when the heels are up; around each such stretch the centre of mass's
 * height h(t) is the double integral of F/m - g from rest before the rep to rest after
 * it. DESIGN.md's constraints (at rest, and at the same height, before and after) are
 * two equations, which fix a straight-line correction of the force's baseline: that
 * absorbs an error in the body weight and a slow drift (a hand easing off a rail).
 * (A curved correction tied to the COP's crossings was tried: it made h unstable.)
 * The phase times are then where h crosses 10% and 90% of its peak H.
 */
#include <math.h>
#include <stdlib.h>

#include "detect.h"
#include "linsolve.h"
#include "status.h"

#define REST_BEFORE_S 1.0 /* the rise starts at most this long before the COP moves */
#define REST_AFTER_S 1.5  /* the lowering ends at most this long after it is back */
#define MIN_HEIGHT_MM 5.0
#define REST_S 0.5        /* the stretches at either end over which the body is still on average */
#define TOP_MIN_S 0.2     /* the top held still: at least this long around the peak */

/* Trapezoidal velocity and height from acceleration a, starting at rest. */
static void integrate(const double *a, size_t n, double dt, double *v, double *h)
{
	v[0] = h[0] = 0;
	for (size_t i = 1; i < n; i++) {
		v[i] = v[i - 1] + 0.5 * (a[i - 1] + a[i]) * dt;
		h[i] = h[i - 1] + 0.5 * (v[i - 1] + v[i]) * dt;
	}
}

#define MAX_UNKNOWNS LINSOLVE_MAX

/* A rep's window: the force of the plates that carry load, and where it is known that
 * the body is still on average: the rest before [0, rest), the rest after [n - rest, n),
 * and, once found, the top [top_a, top_b). */
struct window {
	size_t n, rest, top_a, top_b;
	double dt;
	double *force, *acc, *v;
};

/* The constraints a (v, h) curve is held to: mean velocity over the rest before, the
 * rest after and the top; the change in mean height from rest to rest. */
static int constraint_terms(const struct window *w, const double *v, const double *h, double out[MAX_UNKNOWNS])
{
	out[0] = mean_of(v, 0, w->rest);
	out[1] = mean_of(v, w->n - w->rest, w->n);
	out[2] = mean_of(h, w->n - w->rest, w->n) - mean_of(h, 0, w->rest);
	if (w->top_b <= w->top_a)
		return 3;
	out[3] = mean_of(v, w->top_a, w->top_b);
	return 4;
}

/* Acceleration of unknown k's basis at sample i: the force's baseline corrected by a
 * constant (k 1), a slope (k 2) and, with a top to hold still, a curve (k 3). */
static double basis_acc(const struct window *w, int k, size_t i)
{
	switch (k) {
	case 1: return -1;
	case 2: return -(double)i * w->dt;
	default: return -((double)i * w->dt) * ((double)i * w->dt);
	}
}

/* h over the window: the body starts with an unknown velocity v0 (unknown 0) and the
 * baseline is corrected so that every constraint holds. Averages over stretches, not
 * single instants, because a standing body bobs a little (breathing, balance,
 * heartbeat). The correction absorbs an error in the body weight, a slow drift (a hand
 * easing off a rail) and the slowest of the noise. */
static bool integrate_window(struct window *w, double mass, double *h)
{
	double rows[MAX_UNKNOWNS][MAX_UNKNOWNS], rhs[MAX_UNKNOWNS], x[MAX_UNKNOWNS], terms[MAX_UNKNOWNS];
	int n_unknowns = 0;
	for (int k = -1; k < MAX_UNKNOWNS; k++) {
		if (k == 0) {
			for (size_t i = 0; i < w->n; i++) {
				w->v[i] = 1;
				h[i] = (double)i * w->dt;
			}
		} else {
			for (size_t i = 0; i < w->n; i++)
				w->acc[i] = k < 0 ? w->force[i] / mass : basis_acc(w, k, i);
			integrate(w->acc, w->n, w->dt, w->v, h);
		}
		int n_terms = constraint_terms(w, w->v, h, terms);
		if (k >= n_terms)
			break;
		n_unknowns = n_terms;
		for (int r = 0; r < n_terms; r++) {
			if (k < 0)
				rhs[r] = -terms[r];
			else
				rows[r][k] = terms[r];
		}
	}
	if (!linsolve(n_unknowns, rows, rhs, x))
		return false;
	for (size_t i = 0; i < w->n; i++) {
		w->acc[i] = w->force[i] / mass;
		for (int k = 1; k < n_unknowns; k++)
			w->acc[i] += x[k] * basis_acc(w, k, i);
	}
	integrate(w->acc, w->n, w->dt, w->v, h);
	for (size_t i = 0; i < w->n; i++)
		h[i] += x[0] * (double)i * w->dt;
	double base = mean_of(h, 0, w->rest);
	for (size_t i = 0; i < w->n; i++)
		h[i] -= base;
	return true;
}

/* The force of the window [a, a + w->n), leaving out a plate that carries nothing (a
 * lifted foot adds only its cells' noise). */
static void window_force(const struct piece *p, size_t a, struct window *w)
{
	bool left = mean_of(p->left, a, a + w->n) >= UNLOADED_N, right = mean_of(p->right, a, a + w->n) >= UNLOADED_N;
	for (size_t i = 0; i < w->n; i++)
		w->force[i] = (left || !right ? p->left[a + i] : 0) + (right || !left ? p->right[a + i] : 0);
}

static int append_rep(struct analysis *out, const struct rep_result *r)
{
	struct rep_result *grown = realloc(out->reps, (out->n_reps + 1) * sizeof *grown);
	if (!grown)
		return st_fail(ST_ERR_NOMEM, "analysis: out of memory");
	out->reps = grown;
	out->reps[out->n_reps++] = *r;
	return ST_OK;
}

/* The phase times of the rep whose peak is at h[peak]; false if h does not make a rep. */
static bool phase_times(const struct piece *p, size_t a, const double *h, size_t n, struct rep_result *r)
{
	size_t peak = 0;
	for (size_t i = 1; i < n; i++)
		if (h[i] > h[peak])
			peak = i;
	double H = h[peak], lo = 0.1 * H, hi = 0.9 * H;
	if (H * 1000 < MIN_HEIGHT_MM)
		return false;
	const double *t = p->t + a;
	size_t i = peak;
	while (i > 0 && h[i - 1] >= lo)
		i--;
	if (i == 0)
		return false; /* never at rest before */
	r->start_s = t[i - 1] + (lo - h[i - 1]) / (h[i] - h[i - 1]) / p->rate;
	while (i < peak && h[i] < hi)
		i++;
	r->top_s = t[i - 1] + (hi - h[i - 1]) / (h[i] - h[i - 1]) / p->rate;
	size_t j = peak;
	while (j + 1 < n && h[j + 1] >= lo)
		j++;
	if (j + 1 >= n)
		return false; /* never back down */
	r->end_s = t[j] + (h[j] - lo) / (h[j] - h[j + 1]) / p->rate;
	while (j > peak && h[j] < hi)
		j--;
	r->lower_start_s = j + 1 < n ? t[j] + (h[j] - hi) / (h[j] - h[j + 1]) / p->rate : t[j];
	r->height_mm = H * 1000;
	return true;
}

/* One rep's window [a, b): a first pass held still at the rests finds the top; a second
 * also holds the top still between top and lower_start (where h is 90% of H both times,
 * so the mean velocity there is zero by definition), which halves the stretch the noise
 * can wander over. buf holds 4 (b - a) doubles. */
static bool measure_rep(const struct piece *p, double mass, size_t a, size_t b, double *buf, struct rep_result *r)
{
	size_t n = b - a;
	struct window w = { .n = n, .rest = (size_t)(REST_S * p->rate), .dt = 1 / p->rate,
			    .force = buf, .acc = buf + n, .v = buf + 2 * n };
	double *h = buf + 3 * n;
	if (w.rest < 2 || n < 2 * w.rest + 3)
		return false;
	window_force(p, a, &w);
	if (!integrate_window(&w, mass, h) || !phase_times(p, a, h, n, r))
		return false;
	double top = r->top_s, lower = r->lower_start_s, mid = (top + lower) / 2;
	if (lower - top < TOP_MIN_S) {
		top = mid - TOP_MIN_S / 2;
		lower = mid + TOP_MIN_S / 2;
	}
	size_t top_a = piece_index(p, top) - a, top_b = piece_index(p, lower) - a;
	if (top_a > w.rest && top_b + w.rest < n && top_b > top_a + 1) {
		w.top_a = top_a;
		w.top_b = top_b;
		if (!integrate_window(&w, mass, h))
			return false;
	}
	return phase_times(p, a, h, n, r);
}

int detect_reps(const struct piece *p, double body_weight, const struct heels_up *up, size_t n_up,
		struct analysis *out)
{
	double mass = body_weight / STANDARD_GRAVITY;
	for (size_t k = 0; k < n_up; k++) {
		/* from rest before to rest after, never into the neighbouring reps */
		double from = up[k].start - REST_BEFORE_S, to = up[k].end + REST_AFTER_S;
		if (k > 0)
			from = fmax(from, (up[k - 1].end + up[k].start) / 2);
		if (k + 1 < n_up)
			to = fmin(to, (up[k].end + up[k + 1].start) / 2);
		size_t a = piece_index(p, from), b = piece_index(p, to) + 1;
		if (b > p->n)
			b = p->n;
		if (b < a + 3)
			continue;
		double *buf = malloc(4 * (b - a) * sizeof *buf);
		if (!buf)
			return st_fail(ST_ERR_NOMEM, "analysis: out of memory");
		int rc = ST_OK;
		struct rep_result r = { 0 };
		if (measure_rep(p, mass, a, b, buf, &r)) {
			r.rise_s = r.top_s - r.start_s;
			r.hold_s = r.lower_start_s - r.top_s;
			r.lower_s = r.end_s - r.lower_start_s;
			r.work_j = body_weight * r.height_mm / 1000;
			size_t s = piece_index(p, r.start_s), e = piece_index(p, r.end_s) + 1;
			r.left_share_pct = piece_left_share(p, s, e);
			r.saturated = piece_saturated(p, s, e);
			rc = append_rep(out, &r);
		}
		free(buf);
		if (rc != ST_OK)
			return rc;
	}
	return ST_OK;
}
