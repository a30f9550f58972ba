#include "live.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "status.h"

#define LEARN_EVERY_S 1.0    /* how often to look for the quiet stance until it is found */
#define SETTLE_AFTER_S 3.0   /* an event is final this long after the heels come down or a landing */
#define LOWERING_DROP 0.015  /* of body weight: the force dip that starts a lowering */
#define LEAD_S 3.0           /* of the window before the last event's end kept for the next check */
#define TRIM_SLACK_S 5.0
#define SWAY_WINDOW_S 1.0     /* trimmed in steps of this, so the window moves rarely */

struct live_analysis {
	enum exercise mode;
	double rate;
	struct trace window;
	struct analysis_known known;
	bool weighed;
	double next_learn_s, check_at_s, last_event_s;
	struct analysis events;
	/* smoothed signals (one-pole low-passes) and the state derived from them */
	double alpha_force, alpha_cop, total, left, right, cop, fore_seen;
	/* the COP's forward wobble over about the last second: steadiness of a hold */
	double alpha_sway, sway_mean, sway_var;
	bool heels_up, lowering, in_flight;
	double up_since, lowering_since;
	double now;
};

static double one_pole(double rate, double cutoff_hz)
{
	return 1 - exp(-2 * M_PI * cutoff_hz / rate);
}

int live_analysis_new(double rate_hz, enum exercise mode, struct live_analysis **out)
{
	struct live_analysis *la = calloc(1, sizeof *la);
	if (!la)
		return st_fail(ST_ERR_NOMEM, "live analysis: out of memory");
	la->mode = mode;
	la->rate = rate_hz;
	trace_init(&la->window, rate_hz);
	la->window.has_cop = true;
	la->alpha_force = one_pole(rate_hz, 5);
	la->alpha_cop = one_pole(rate_hz, 4);
	la->alpha_sway = 1 - exp(-1 / (rate_hz * SWAY_WINDOW_S));
	la->cop = la->fore_seen = la->sway_mean = NAN;
	la->check_at_s = INFINITY;
	la->last_event_s = -INFINITY;
	la->events.body_weight_n = NAN;
	*out = la;
	return ST_OK;
}

void live_analysis_free(struct live_analysis *la)
{
	if (!la)
		return;
	trace_free(&la->window);
	analysis_free(&la->events);
	free(la);
}

/* Appends what the window's analysis found that began after the last event reported
 * ended, and is settled by now. */
static int collect(struct live_analysis *la, const struct analysis *a)
{
	int added = 0;
	double settled = la->now - SETTLE_AFTER_S + 0.5;
#define TAKE(list, n, start_field, end_field)                                                          \
	for (size_t i = 0; i < a->n; i++) {                                                             \
		double end = a->list[i].end_field;                                                      \
		if (a->list[i].start_field <= la->last_event_s || end > settled)                        \
			continue;                                                                       \
		void *grown = realloc(la->events.list, (la->events.n + 1) * sizeof *la->events.list);  \
		if (!grown)                                                                             \
			return st_fail(ST_ERR_NOMEM, "live analysis: out of memory");                   \
		la->events.list = grown;                                                                \
		la->events.list[la->events.n++] = a->list[i];                                           \
		la->last_event_s = end;                                                                 \
		added++;                                                                                \
	}
	TAKE(reps, n_reps, start_s, end_s)
	TAKE(holds, n_holds, start_s, end_s)
	TAKE(hops, n_hops, takeoff_s, landing_s)
#undef TAKE
	return added;
}

static int check_events(struct live_analysis *la)
{
	struct analysis a;
	la->check_at_s = INFINITY;
	int rc = analyse_trace_known(&la->window, la->mode, &la->known, &a);
	if (rc != ST_OK)
		return rc == ST_ERR_DATA ? 0 : rc; /* nothing measurable in the window yet */
	rc = collect(la, &a);
	analysis_free(&a);
	return rc;
}

static void learn(struct live_analysis *la)
{
	la->next_learn_s = la->now + LEARN_EVERY_S;
	if (analysis_learn(&la->window, &la->known) == ST_OK) {
		la->weighed = true;
		la->events.body_weight_n = la->known.body_weight_n;
		la->events.hum_hz = la->known.hum_hz;
		la->events.rate_hz = la->rate;
	}
}

/* Heels up, lowering, flight: from the smoothed force and COP, causally. */
static void update_state(struct live_analysis *la, const struct trace_sample *s)
{
	double bw = la->known.body_weight_n, flat = la->known.cop_flat_mm;
	bool loaded = la->total >= heels_up_min_load(la->mode, bw);
	if (!isnan(la->cop) && loaded)
		la->fore_seen = isnan(la->fore_seen) ? la->cop : fmax(la->fore_seen, la->cop);
	double travel = fmax(30, isnan(la->fore_seen) ? 0 : la->fore_seen - flat);
	bool up = loaded && !isnan(la->cop) && la->cop >= flat + travel / 2;
	if (up && !la->heels_up)
		la->up_since = s->t_s;
	if (!up && la->heels_up)
		la->check_at_s = s->t_s + SETTLE_AFTER_S;
	la->heels_up = up;
	bool dipping = la->total < bw * (1 - LOWERING_DROP);
	if (up && dipping && !la->lowering && s->t_s - la->up_since > 0.3) {
		la->lowering = true;
		la->lowering_since = s->t_s;
	}
	if (!up)
		la->lowering = false;
	double total = s->fz[0] + s->fz[1];
	if (la->in_flight && total >= UNLOADED_N)
		la->check_at_s = fmin(la->check_at_s, s->t_s + SETTLE_AFTER_S);
	la->in_flight = total < UNLOADED_N && (la->in_flight || la->total > 0.3 * bw);
}

/* The next event starts after the last one reported: the window keeps LEAD_S before
 * that (the rest its measurement needs) and never more than LIVE_WINDOW_S, so each
 * check analyses only what is new and the screen does not stall. */
static void trim_window(struct live_analysis *la, double now)
{
	double keep_from = now - LIVE_WINDOW_S;
	if (la->weighed)
		keep_from = fmax(keep_from, la->last_event_s - LEAD_S);
	const struct trace *w = &la->window;
	if (w->n == 0 || w->t_s[0] >= keep_from - TRIM_SLACK_S)
		return;
	size_t drop = 0;
	while (drop < w->n && w->t_s[drop] < keep_from)
		drop++;
	trace_drop_front(&la->window, drop);
}

int live_analysis_push(struct live_analysis *la, const struct trace_sample *s)
{
	trim_window(la, s->t_s);
	int rc = trace_append(&la->window, s);
	if (rc != ST_OK)
		return rc;
	la->now = s->t_s;
	double total = s->fz[0] + s->fz[1], cop_w = 0, cop_sum = 0;
	la->total += la->alpha_force * (total - la->total);
	la->left += la->alpha_force * (s->fz[0] - la->left);
	la->right += la->alpha_force * (s->fz[1] - la->right);
	for (int side = 0; side < 2; side++)
		if (!isnan(s->cop_y[side]) && s->fz[side] > 0) {
			cop_w += s->fz[side];
			cop_sum += s->fz[side] * s->cop_y[side];
		}
	if (cop_w > 0) {
		double c = cop_sum / cop_w;
		la->cop = isnan(la->cop) ? c : la->cop + la->alpha_cop * (c - la->cop);
		if (isnan(la->sway_mean))
			la->sway_mean = c;
		double d = c - la->sway_mean;
		la->sway_mean += la->alpha_sway * d;
		la->sway_var += la->alpha_sway * (d * d - la->sway_var);
	}
	if (!la->weighed) {
		if (la->now >= la->next_learn_s)
			learn(la);
		return 0;
	}
	update_state(la, s);
	return la->now >= la->check_at_s ? check_events(la) : 0;
}

const struct analysis *live_analysis_events(const struct live_analysis *la)
{
	return &la->events;
}

void live_analysis_state(const struct live_analysis *la, struct live_state *out)
{
	double bw = la->known.body_weight_n;
	*out = (struct live_state){
		.weighed = la->weighed,
		.loaded = la->weighed && la->total >= 0.3 * bw,
		.heels_up = la->heels_up,
		.held_s = la->heels_up ? la->now - la->up_since : 0,
		.lowering_s = la->lowering ? la->now - la->lowering_since : 0,
		.left_share_pct = la->left + la->right > 0 ? 100 * la->left / (la->left + la->right) : NAN,
		.total_n = la->total,
		.cop_sway_mm = isnan(la->sway_mean) ? NAN : sqrt(la->sway_var),
		.support_pct = la->weighed && bw > 0 ? 100 * (bw - la->total) / bw : NAN,
	};
}
