#include "piece.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dsp.h"
#include "status.h"

#define SMOOTH_HZ 5.0 /* force level: movement of the body is slower than this */
#define COP_HZ 4.0
#define COP_BRIDGE_REACH_S 0.15 /* the COP filter carries a bridged blank this far (at 4 Hz) */
/* A blank this short, drawn across, puts a heels crossing in it at most half as far off:
 * trusted (one-sample blanks every 50 ms made every rep of a stranger's uncertain, their
 * times as without them) */
#define COP_BLANK_TRUSTED_S 0.05

/* Replaces NAN by the nearest defined value, so the COP can be filtered; the first
 * defined sample (n: none). */
static size_t fill_undefined(float *x, size_t n)
{
	size_t first = 0;
	while (first < n && isnan(x[first]))
		first++;
	if (first == n)
		return n;
	for (size_t i = 0; i < first; i++)
		x[i] = x[first];
	for (size_t i = first + 1; i < n; i++)
		if (isnan(x[i]))
			x[i] = x[i - 1];
	return first;
}

/* Notes the blank [a, b) (sample indices) in p->cop_blanks. */
static int note_blank(struct piece *p, size_t a, size_t b)
{
	size_t n = p->n_cop_blanks;
	if ((n & (n - 1)) == 0) { /* 0, 1, 2, 4...: room doubled */
		struct cop_blank *grown = realloc(p->cop_blanks, (n ? 2 * n : 1) * sizeof *grown);
		if (!grown)
			return st_fail(ST_ERR_NOMEM, "analysis: out of memory");
		p->cop_blanks = grown;
	}
	p->cop_blanks[p->n_cop_blanks++] = (struct cop_blank){ .a = a, .b = b };
	return ST_OK;
}

/* Both feet's forward COP: the force-weighted mean of the plates whose COP is defined.
 * Where a plate bearing a load (trace_cop_loads) has none, NAN, noted as a blank: the
 * other foot's alone would jump to where that foot stands. */
static int combined_cop(const struct trace *t, size_t from, size_t n, struct piece *p, float *out)
{
	float load[2];
	trace_cop_loads(t, from, n, load);
	size_t blank_from = n;
	for (size_t i = 0; i < n; i++) {
		double w = 0, sum = 0;
		bool blank = false;
		for (int side = 0; side < 2; side++) {
			double y = t->cop_y[side][from + i], f = side ? p->right[i] : p->left[i];
			blank = blank || (isnan(y) && f >= load[side]);
			if (!isnan(y) && f > 0) {
				w += f;
				sum += f * y;
			}
		}
		out[i] = w > 0 && !blank ? (float)(sum / w) : NAN;
		if (blank && blank_from == n)
			blank_from = i;
		if (!blank && blank_from < n) {
			int rc = note_blank(p, blank_from, i);
			if (rc != ST_OK)
				return rc;
			blank_from = n;
		}
	}
	return blank_from < n ? note_blank(p, blank_from, n) : ST_OK;
}

/* Draws the COP straight across each blank between defined values (fill_undefined held
 * it at the value before). */
static void bridge_blanks(const struct piece *p)
{
	for (size_t k = 0; k < p->n_cop_blanks; k++) {
		size_t a = p->cop_blanks[k].a, b = p->cop_blanks[k].b;
		if (a == 0 || b >= p->n)
			continue;
		double from = p->cop_y[a - 1], step = ((double)p->cop_y[b] - from) / (double)(b - a + 1);
		for (size_t i = a; i < b; i++)
			p->cop_y[i] = (float)(from + step * (double)(i - a + 1));
	}
}

/* A filter run on a thread of its own beside the caller's: the two plates' hum, and the
 * force's and the COP's low-pass, are independent, and each takes a core. Its arrays are
 * its own while it runs; a failure's message (st_errmsg is per thread) comes back whole. */
struct side_filter {
	bool lowpass; /* else hum removal, in place */
	float *x, *y;
	size_t n;
	double rate, hz;
	int rc;
	char msg[256];
	pthread_t thread;
	bool threaded;
};

static void *run_filter(void *arg)
{
	struct side_filter *f = arg;
	f->rc = f->lowpass ? dsp_lowpass_float(f->x, f->n, f->rate, f->hz, f->y)
			   : dsp_remove_hum_float(f->x, f->n, f->rate, f->hz);
	if (f->rc != ST_OK)
		snprintf(f->msg, sizeof f->msg, "%s", st_errmsg());
	return NULL;
}

static void start_filter(struct side_filter *f)
{
	f->threaded = pthread_create(&f->thread, NULL, run_filter, f) == 0;
	if (!f->threaded)
		run_filter(f); /* no thread to be had: here and now */
}

/* Waits for f; rc, the caller's own result, goes first, as if f had run after it. */
static int finish_filter(struct side_filter *f, int rc)
{
	if (f->threaded)
		pthread_join(f->thread, NULL);
	if (rc != ST_OK || f->rc == ST_OK)
		return rc;
	return st_fail(f->rc, "%s", f->msg);
}

/* p's arrays set (they may be t's own columns: combined_cop reads a sample's COP before
 * writing that sample's cop_y). */
static int prepare_into(const struct trace *t, size_t from, size_t n, double hum_hz, struct piece *p)
{
	p->n = n;
	p->rate = t->rate_hz;
	p->t = t->t_s + from;
	p->flags = t->flags + from;
	if (p->left != t->fz[0] + from)
		memcpy(p->left, t->fz[0] + from, n * sizeof *p->left);
	if (p->right != t->fz[1] + from)
		memcpy(p->right, t->fz[1] + from, n * sizeof *p->right);
	int rc = ST_OK;
	if (hum_hz > 0) {
		struct side_filter right = { .x = p->right, .n = n, .rate = p->rate, .hz = hum_hz };
		start_filter(&right);
		rc = finish_filter(&right, dsp_remove_hum_float(p->left, n, p->rate, hum_hz));
	}
	for (size_t i = 0; i < n; i++)
		p->total[i] = p->left[i] + p->right[i];
	if (rc == ST_OK)
		rc = combined_cop(t, from, n, p, p->cop_y);
	/* filled in from an unloaded plate's last COP, the COP of one foot on the plates, its
	 * own COP not given, stood still: every rep was "no heel raised" */
	p->cop_from = trace_cop_bridgeable(t, from, n) ? fill_undefined(p->cop_y, n) : n;
	p->has_cop = p->cop_from < n;
	if (p->has_cop)
		bridge_blanks(p);
	if (rc == ST_OK) {
		struct side_filter cop = { .lowpass = true, .x = p->cop_y, .y = p->cop_y, .n = n, .rate = p->rate,
					   .hz = COP_HZ };
		if (p->has_cop)
			start_filter(&cop);
		rc = dsp_lowpass_float(p->total, n, p->rate, SMOOTH_HZ, p->smooth);
		if (p->has_cop)
			rc = finish_filter(&cop, rc);
	}
	if (rc != ST_OK)
		piece_free(p);
	return rc;
}

int piece_prepare(const struct trace *t, size_t from, size_t n, double hum_hz, struct piece *p)
{
	memset(p, 0, sizeof *p);
	float *block = calloc(5 * n, sizeof *block);
	if (!block)
		return st_fail(ST_ERR_NOMEM, "analysis: out of memory");
	*p = (struct piece){ .left = block, .right = block + n, .total = block + 2 * n, .smooth = block + 3 * n,
			     .cop_y = block + 4 * n, .owns = true };
	return prepare_into(t, from, n, hum_hz, p);
}

int piece_prepare_in(struct trace *t, size_t from, size_t n, double hum_hz, struct piece *p)
{
	*p = (struct piece){ .left = t->fz[0] + from, .right = t->fz[1] + from, .total = t->cop_x[0] + from,
			     .smooth = t->cop_x[1] + from, .cop_y = t->cop_y[0] + from, .spare = t->cop_y[1] + from };
	return prepare_into(t, from, n, hum_hz, p);
}

void piece_free(struct piece *p)
{
	if (p->owns)
		free(p->left);
	free(p->cop_blanks);
	memset(p, 0, sizeof *p);
}

/* piece_crossing, mean_of and sd_of once for each element type T (the name's suffix). */
#define DEFINE_SIGNAL_FUNCTIONS(T)                                                               \
	double piece_crossing_##T(const struct piece *p, const T *x, size_t i, double level)     \
	{                                                                                        \
		if (i == 0)                                                                      \
			return p->t[0];                                                          \
		double d = (double)x[i] - (double)x[i - 1];                                      \
		double frac = d != 0 ? (level - (double)x[i - 1]) / d : 0.5;                     \
		frac = frac < 0 ? 0 : frac > 1 ? 1 : frac;                                       \
		return p->t[i - 1] + frac * (p->t[i] - p->t[i - 1]);                             \
	}                                                                                        \
                                                                                                 \
	double mean_of_##T(const T *x, size_t a, size_t b)                                       \
	{                                                                                        \
		if (b <= a)                                                                      \
			return NAN;                                                              \
		double sum = 0;                                                                  \
		for (size_t i = a; i < b; i++)                                                   \
			sum += (double)x[i];                                                     \
		return sum / (double)(b - a);                                                    \
	}                                                                                        \
                                                                                                 \
	double sd_of_##T(const T *x, size_t a, size_t b)                                         \
	{                                                                                        \
		if (b <= a + 1)                                                                  \
			return NAN;                                                              \
		double m = mean_of_##T(x, a, b), sq = 0;                                         \
		for (size_t i = a; i < b; i++)                                                   \
			sq += ((double)x[i] - m) * ((double)x[i] - m);                           \
		return sqrt(sq / (double)(b - a - 1));                                           \
	}

DEFINE_SIGNAL_FUNCTIONS(double)
DEFINE_SIGNAL_FUNCTIONS(float)

/* quantile_in once for each element type T, selecting with select_kth. */
#define DEFINE_QUANTILE_IN(T, select_kth)                                                       \
	double quantile_in_##T(T *x, size_t n, double q)                                        \
	{                                                                                       \
		size_t m = 0;                                                                   \
		for (size_t i = 0; i < n; i++)                                                  \
			if (isfinite(x[i]))                                                     \
				x[m++] = x[i];                                                  \
		for (size_t i = m; i < n; i++)                                                  \
			x[i] = NAN; /* what was moved forward, not left twice */                \
		/* a selection, not a sort: the same value in linear time (half the analysis's  \
		 * time went into sorting 20 minutes of COP) */                                 \
		return m > 0 ? select_kth(x, m, (size_t)(q * (double)(m - 1) + 0.5)) : NAN;     \
	}

DEFINE_QUANTILE_IN(double, dsp_select_kth)
DEFINE_QUANTILE_IN(float, dsp_select_kth_float)

#define DEFINE_QUANTILE_OF(T)                                        \
	double quantile_of_##T(const T *x, size_t n, double q)       \
	{                                                            \
		T *copy = malloc(n * sizeof *copy);                  \
		if (!copy)                                           \
			return NAN;                                  \
		memcpy(copy, x, n * sizeof *copy);                   \
		double result = quantile_in_##T(copy, n, q);         \
		free(copy);                                          \
		return result;                                       \
	}

DEFINE_QUANTILE_OF(double)
DEFINE_QUANTILE_OF(float)



bool piece_saturated(const struct piece *p, size_t a, size_t b)
{
	for (size_t i = a; i < b && i < p->n; i++)
		if (p->flags[i] & TRACE_SATURATED)
			return true;
	return false;
}

bool piece_cop_bridged(const struct piece *p, double t_s)
{
	for (size_t k = 0; k < p->n_cop_blanks && p->has_cop; k++) {
		const struct cop_blank *b = &p->cop_blanks[k];
		double from = p->t[b->a], to = p->t[b->b - 1];
		if (to - from + 1 / p->rate > COP_BLANK_TRUSTED_S && t_s >= from - COP_BRIDGE_REACH_S &&
		    t_s <= to + COP_BRIDGE_REACH_S)
			return true;
	}
	return false;
}

#define FLIGHT_SHARE 0.1

size_t piece_longest_unloaded(const struct piece *p, double body_weight, size_t a, size_t b)
{
	double unloaded = fmax(UNLOADED_N, FLIGHT_SHARE * body_weight);
	size_t run = 0, longest = 0;
	for (size_t i = a; i < b && i < p->n; i++) {
		run = p->total[i] < unloaded ? run + 1 : 0;
		longest = run > longest ? run : longest;
	}
	return longest;
}

double piece_left_share(const struct piece *p, size_t a, size_t b)
{
	double l = mean_of(p->left, a, b), r = mean_of(p->right, a, b);
	/* a foot off its plate reads a newton or so either side of zero (the tare's drift):
	 * a share of 100.07 % is 100 */
	return l + r > 0 ? fmin(fmax(100 * l / (l + r), 0), 100) : NAN;
}

double piece_support_pct(const struct piece *p, size_t a, size_t b, double body_weight)
{
	if (piece_saturated(p, a, b)) /* a load cell at full scale: the force is not the body's */
		return NAN;
	return body_weight > 0 ? 100 * (body_weight - mean_of(p->total, a, b)) / body_weight : NAN;
}

size_t piece_index(const struct piece *p, double s)
{
	double i = round((s - p->t[0]) * p->rate);
	if (i < 0)
		return 0;
	return i >= (double)p->n ? p->n - 1 : (size_t)i;
}
