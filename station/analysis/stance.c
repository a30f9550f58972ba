/* stance.c: quiet stance (body weight) and the COP's flat-foot and forefoot positions. */
#include <math.h>
#include <stdlib.h>

#include "physics.h"
#include "detect.h"
#include "status.h"

#define QUIET_WINDOW_S 1.0
#define QUIET_MAX_S 3.0

/* Still enough to weigh: the smoothed force varies by a few newtons at most. */
static bool window_is_quiet(const struct piece *p, size_t a, size_t b, double min_level)
{
	double m = mean_of(p->smooth, a, b), sd = sd_of(p->smooth, a, b);
	return m >= min_level && sd <= fmax(4.0, 0.015 * m);
}

bool find_quiet_stance(const struct piece *p, size_t from, double min_level, size_t *a, size_t *b)
{
	size_t w = (size_t)(QUIET_WINDOW_S * p->rate), step = (size_t)(0.1 * p->rate) + 1;
	for (size_t i = from; i + w <= p->n; i += step) {
		if (!window_is_quiet(p, i, i + w, min_level))
			continue;
		size_t end = i + w, max_end = i + (size_t)(QUIET_MAX_S * p->rate);
		double level = mean_of(p->smooth, i, i + w);
		while (end + step <= p->n && end + step <= max_end && window_is_quiet(p, i, end + step, min_level) &&
		       fabs(mean_of(p->smooth, end, end + step) - level) < fmax(3.0, 0.01 * level))
			end += step;
		*a = i;
		*b = end;
		return true;
	}
	return false;
}

double heels_up_min_load(enum exercise mode, double body_weight)
{
	return mode == EXERCISE_HOLD ? 2 * UNLOADED_N : 0.3 * body_weight;
}

struct cop_levels find_cop_levels(const struct piece *p, double min_load, double flat)
{
	struct cop_levels lv = { NAN, NAN };
	if (!p->has_cop)
		return lv;
	/* the piece's spare column if it has one: 20 minutes' worth of new pages cost more
	 * than the quantiles here */
	float *loaded = p->spare ? p->spare : malloc(p->n * sizeof *loaded);
	if (!loaded)
		return lv;
	for (size_t i = 0; i < p->n; i++)
		loaded[i] = p->smooth[i] > min_load ? p->cop_y[i] : NAN;
	double back = quantile_in(loaded, p->n, 0.05);
	/* a recording that begins with the heels up weighs the body there: where the COP is
	 * well behind that "flat foot" for a while, the feet are flat there */
	lv.flat = !isnan(flat) && !(back < flat - COP_MIN_TRAVEL_MM) ? flat : back;
	lv.fore = quantile_in(loaded, p->n, 0.98);
	if (loaded != p->spare)
		free(loaded);
	if (!(lv.fore - lv.flat >= COP_MIN_TRAVEL_MM))
		lv.flat = lv.fore = NAN;
	return lv;
}

int heels_up_append(struct heels_up **out, size_t *n, size_t *cap, struct heels_up h)
{
	if (*n == *cap) {
		size_t grown_cap = *cap ? 2 * *cap : 16;
		struct heels_up *grown = realloc(*out, grown_cap * sizeof *grown);
		if (!grown)
			return st_fail(ST_ERR_NOMEM, "analysis: out of memory");
		*out = grown;
		*cap = grown_cap;
	}
	(*out)[(*n)++] = h;
	return ST_OK;
}

int find_heels_up(const struct piece *p, struct cop_levels lv, double min_load, struct heels_up **out, size_t *n,
		  struct heels_edges *edges)
{
	*out = NULL;
	*n = 0;
	*edges = (struct heels_edges){ NAN, NAN, NAN };
	if (isnan(lv.flat))
		return ST_OK;
	double mid = (lv.flat + lv.fore) / 2;
	edges->cop_mid = mid;
	size_t cap = 0, join = (size_t)(HEELS_UP_JOIN_S * p->rate), min_len = (size_t)(HEELS_UP_MIN_S * p->rate);
	size_t i = 0;
	while (i < p->n) {
		while (i < p->n && !(p->cop_y[i] >= mid && p->smooth[i] >= min_load))
			i++;
		if (i >= p->n)
			break;
		struct heels_up h = { .a = i, .start = piece_crossing(p, p->cop_y, i, mid) };
		h.landed = i > 0 && p->smooth[i - 1] < min_load;
		while (i < p->n && p->cop_y[i] >= mid && p->smooth[i] >= min_load)
			i++;
		h.b = i;
		h.end = i < p->n ? piece_crossing(p, p->cop_y, i, mid) : p->t[p->n - 1];
		h.left = i < p->n && p->smooth[i] < min_load;
		/* not where either stretch runs on to an end of the piece: cut there, it cannot
		 * be measured, and the rep on the other side of the dip (a quick set's, or the
		 * live analysis's window ending as the next rep begins or beginning in the last
		 * one) would go with it */
		if (*n > 0 && h.a - (*out)[*n - 1].b < join && h.b < p->n && (*out)[*n - 1].a > 0) {
			struct heels_up *last = &(*out)[*n - 1];
			last->landed = last->landed || last->left || h.landed; /* the load went and came back */
			last->left = h.left;
			last->b = h.b;
			last->end = h.end;
			continue;
		}
		int rc = heels_up_append(out, n, &cap, h);
		if (rc != ST_OK)
			return rc;
	}
	/* drop the blips, now that dips inside raises are joined, and what runs into either
	 * end of the piece: cut by a gap or the recording's edge, it cannot be measured */
	size_t kept = 0;
	for (size_t k = 0; k < *n; k++) {
		const struct heels_up *h = &(*out)[k];
		if (h->a == 0 && h->b < p->n)
			edges->down_at_start = h->end;
		else if (h->b == p->n && h->a > 0)
			edges->up_at_end = h->start;
		else if (h->b - h->a >= min_len && h->a > 0 && h->b < p->n)
			(*out)[kept++] = *h;
	}
	*n = kept;
	return ST_OK;
}

bool heels_up_bridged(const struct piece *p, const struct heels_up *up)
{
	return !up->from_force && (piece_cop_bridged(p, up->start) || piece_cop_bridged(p, up->end));
}
