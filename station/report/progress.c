/* progress.c: the physio's graphs of a review (progress.h). */
#include "progress.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"

/* Accumulates a mean weighted by each set's count. */
struct mean {
	double sum;
	int n;
};

static void mean_add(struct mean *m, double v, int count)
{
	if (!isnan(v) && count > 0) {
		m->sum += v * count;
		m->n += count;
	}
}

static double mean_of(const struct mean *m)
{
	return m->n ? m->sum / m->n : NAN;
}

static double pain_value(int p)
{
	return p == PAIN_NONE ? NAN : p;
}

/* involved / uninvolved in percent; NAN unless both sides have a value. */
static double lsi(const struct mean side[2], enum side involved)
{
	if (involved == SIDE_BOTH)
		return NAN;
	double inv = mean_of(&side[involved]), other = mean_of(&side[involved == SIDE_LEFT ? SIDE_RIGHT : SIDE_LEFT]);
	return inv > 0 && other > 0 ? 100 * inv / other : NAN;
}

enum { S0, S1, S2 };

/* Session i's values into the graphs' series. */
static void session_values(const struct review *r, size_t i, struct progress_graphs *g)
{
	const struct history_session *hs = &r->history.sessions[i];
	struct mean lower = { 0 }, hold = { 0 }, share = { 0 }, height = { 0 }, side_height[2] = { { 0 } };
	struct mean flight = { 0 }, contact = { 0 }, rsi = { 0 };
	double longest = NAN, work = 0;
	int done = 0, target = 0, set_target = 0;
	for (size_t k = 0; k < hs->n_sets; k++) {
		const struct history_set *x = &hs->sets[k];
		mean_add(&lower, x->lower_mean_s, x->count);
		mean_add(&hold, x->hold_mean_s, x->count);
		if (!isnan(x->hold_max_s))
			longest = isnan(longest) ? x->hold_max_s : fmax(longest, x->hold_max_s);
		if (x->side == SIDE_BOTH)
			mean_add(&share, x->share_pct, x->count);
		if (ex_kind_mode(x->kind) == EXERCISE_HEEL_RAISE) {
			mean_add(&height, x->height_mm, x->count);
			if (x->side != SIDE_BOTH && x->complete)
				mean_add(&side_height[x->side], x->height_mm, x->count);
		}
		mean_add(&flight, x->flight_mean_s * 1000, x->count);
		mean_add(&contact, x->contact_mean_s * 1000, x->count);
		mean_add(&rsi, x->rsi_mean, x->count);
		work += x->work_j;
		done += x->count;
		target += x->target_count;
		if (x->target_count > 0)
			set_target = x->target_count;
	}
	/* the target of every planned set, begun or not: a session stopped after 1 of 2 sets
	 * did not meet it */
	if ((int)hs->n_sets < hs->sets_planned)
		target += set_target * (hs->sets_planned - (int)hs->n_sets);
	g->x[i] = hs->started;
	g->incomplete[i] = review_incomplete(hs);
	g->y[PG_LOWER][S0][i] = mean_of(&lower);
	g->y[PG_HOLD][S0][i] = mean_of(&hold);
	g->y[PG_HOLD][S1][i] = longest;
	g->y[PG_SHARE][S0][i] = mean_of(&share);
	g->y[PG_SHARE][S1][i] = r->outcomes[i].lsi_pct;
	g->y[PG_SHARE][S2][i] = lsi(side_height, r->patient.side);
	g->y[PG_COUNT][S0][i] = hs->n_sets ? done : NAN;
	g->y[PG_COUNT][S1][i] = target > 0 ? target : NAN;
	g->y[PG_WORK][S0][i] = work > 0 ? work : NAN;
	g->y[PG_HEIGHT][S0][i] = mean_of(&height);
	g->y[PG_PAIN][S0][i] = pain_value(hs->pain_before);
	g->y[PG_PAIN][S1][i] = pain_value(hs->pain_during_max);
	g->y[PG_PAIN][S2][i] = pain_value(r->pain_day_after[i]);
	g->y[PG_HOP_TIMES][S0][i] = mean_of(&flight);
	g->y[PG_HOP_TIMES][S1][i] = mean_of(&contact);
	g->y[PG_RSI][S0][i] = mean_of(&rsi);
}

void progress_graphs_free(struct progress_graphs *g)
{
	free(g->x);
	free(g->incomplete);
	for (int i = 0; i < PG_COUNT_ALL; i++)
		for (int k = 0; k < PLOT_MAX_SERIES; k++)
			free(g->y[i][k]);
	free(g->visa_x);
	free(g->visa_y);
	memset(g, 0, sizeof *g);
}

static const struct {
	const char *title, *unit;
	const char *series[PLOT_MAX_SERIES];
	enum plot_colour colour[PLOT_MAX_SERIES];
	bool bars0;          /* the first series as bars */
	double y_min, y_max; /* 0, 0: from the data */
} spec[PG_COUNT_ALL] = {
	[PG_LOWER] = { "Lowering time", "s", { "mean per session" }, { PLOT_BLUE }, false, 0, 0 },
	[PG_HOLD] = { "Hold", "s", { "mean", "longest" }, { PLOT_BLUE, PLOT_VERMILLION }, false, 0, 0 },
	[PG_SHARE] = { "Load share and LSI", "%", { "left share (both legs)", "LSI of work", "LSI of height" },
		       { PLOT_BLUE, PLOT_VERMILLION, PLOT_PURPLE }, false, 0, 0 },
	[PG_COUNT] = { "Reps, holds or hops done", "count", { "done", "target (all planned sets)" }, { PLOT_BLUE, PLOT_GREY }, true, 0, 0 },
	[PG_WORK] = { "Work", "J, all reps", { "total" }, { PLOT_BLUE }, true, 0, 0 },
	[PG_HEIGHT] = { "Heel-raise height", "mm", { "mean" }, { PLOT_BLUE }, false, 0, 0 },
	[PG_PAIN] = { "Pain", "0-10", { "before", "during (most)", "the day after" },
		      { PLOT_BLUE, PLOT_VERMILLION, PLOT_PURPLE }, false, 0, 10 },
	[PG_VISA] = { "VISA-A", "0-100", { "score" }, { PLOT_GREEN }, false, 0, 100 },
	[PG_HOP_TIMES] = { "Hops: flight and ground contact", "ms", { "flight", "ground contact" },
			   { PLOT_BLUE, PLOT_VERMILLION }, false, 0, 0 },
	[PG_RSI] = { "Hops: reactive strength index", "m/s", { "RSI" }, { PLOT_BLUE }, false, 0, 0 },
};

/* The lowering band: the patient's dose, else the programme's first. */
static bool lowering_band(const struct review *r, double *lo, double *hi)
{
	const struct dose *d = &r->prescription.dose;
	for (int p = 0; d->lower_max_s <= 0 && p < PROGRAMME_PHASES; p++)
		for (size_t e = 0; d->lower_max_s <= 0 && e < r->prog->phases[p].n_exercises; e++)
			d = &r->prog->phases[p].exercises[e].dose;
	*lo = d->lower_min_s;
	*hi = d->lower_max_s;
	return *hi > 0;
}

static void set_band(struct progress_graphs *g, struct plot_graph *gr, int which, double lo, double hi,
		     const char *fmt)
{
	gr->band_lo = lo;
	gr->band_hi = hi;
	char range[32];
	snprintf(g->band_labels[which], sizeof g->band_labels[which], fmt, dose_range_text(lo, hi, range));
	gr->band_label = g->band_labels[which];
}

static bool has_data(const struct plot_graph *gr)
{
	for (int k = 0; k < gr->n_series; k++)
		for (size_t i = 0; i < gr->n; i++)
			if (!isnan(gr->series[k].y[i]))
				return true;
	return false;
}

/* The graphs shown even when empty: the patient's own exercise's, pain and VISA-A. */
static bool always_shown(const struct review *r, int which)
{
	switch (ex_kind_mode(r->prescription.kind)) {
	case EXERCISE_HOLD:
		if (which == PG_HOLD)
			return true;
		break;
	case EXERCISE_HOP:
		if (which == PG_HOP_TIMES || which == PG_RSI)
			return true;
		break;
	default:
		if (which == PG_LOWER || which == PG_COUNT)
			return true;
		break;
	}
	return which == PG_PAIN || which == PG_VISA;
}

int progress_graphs_build(const struct review *r, struct progress_graphs *g)
{
	memset(g, 0, sizeof *g);
	size_t n = r->history.n, cells = n ? n : 1;
	g->x = calloc(cells, sizeof *g->x);
	g->incomplete = calloc(cells, sizeof *g->incomplete);
	g->visa_x = calloc(r->n_visa ? r->n_visa : 1, sizeof *g->visa_x);
	g->visa_y = calloc(r->n_visa ? r->n_visa : 1, sizeof *g->visa_y);
	bool ok = g->x && g->incomplete && g->visa_x && g->visa_y;
	for (int i = 0; ok && i < PG_COUNT_ALL; i++)
		for (int k = 0; ok && k < PLOT_MAX_SERIES && spec[i].series[k]; k++) {
			ok = (g->y[i][k] = malloc(cells * sizeof(double))) != NULL;
			for (size_t j = 0; ok && j < cells; j++)
				g->y[i][k][j] = NAN;
		}
	if (!ok) {
		progress_graphs_free(g);
		return st_fail(ST_ERR_NOMEM, "out of memory for the graphs");
	}
	for (size_t i = 0; i < n; i++)
		session_values(r, i, g);
	for (size_t i = 0; i < r->n_visa; i++) {
		g->visa_x[i] = r->visa[i].at;
		g->visa_y[i] = r->visa[i].total;
	}

	const struct progression_rules *rules = &r->prog->rules;
	for (int i = 0; i < PG_COUNT_ALL; i++) {
		struct plot_graph gr = { .title = spec[i].title, .unit = spec[i].unit, .n = n, .x = g->x,
					 .incomplete = g->incomplete, .band_lo = NAN, .band_hi = NAN,
					 .y_min = spec[i].y_min, .y_max = spec[i].y_max };
		for (int k = 0; k < PLOT_MAX_SERIES && spec[i].series[k]; k++)
			gr.series[gr.n_series++] = (struct plot_series){ spec[i].series[k], g->y[i][k], spec[i].colour[k],
									 k == 0 && spec[i].bars0 };
		double lo, hi;
		if (i == PG_LOWER && lowering_band(r, &lo, &hi))
			set_band(g, &gr, i, lo, hi, "target %s s");
		if (i == PG_HOLD && r->prescription.dose.hold_max_s > 0)
			set_band(g, &gr, i, r->prescription.dose.hold_min_s, r->prescription.dose.hold_max_s,
				 "target %s s");
		if (i == PG_SHARE)
			set_band(g, &gr, i, rules->share_min_pct, rules->share_max_pct, "even load %s %%");
		if (i == PG_PAIN)
			set_band(g, &gr, i, 0, rules->pain_during_max, "acceptable during: %s");
		if (r->ranged)
			gr.empty_text = "no sessions in this period";
		if (i == PG_VISA) {
			gr.n = r->n_visa;
			gr.x = g->visa_x;
			gr.incomplete = NULL;
			gr.series[0].y = g->visa_y;
			gr.empty_text = "no VISA-A scores yet";
		}
		if (has_data(&gr) || always_shown(r, i))
			g->graphs[g->n++] = gr;
	}
	return ST_OK;
}
