#include "exercise_feedback.h"

#include <math.h>
#include <string.h>

void feedback_start_set(struct exercise_feedback *fb, int set)
{
	*fb = (struct exercise_feedback){ .set = set, .steadiness = NAN, .support_pct = NAN, .support_t_s = NAN };
}

/* Room for one more at the end of a list of n of at most max: the oldest gives way. */
static int push_slot(void *list, size_t size, int *n, int max)
{
	if (*n == max)
		memmove(list, (char *)list + size, size * (size_t)(max - 1));
	else
		(*n)++;
	return *n - 1;
}

static void take_support(struct exercise_feedback *fb, double pct)
{
	if (isfinite(pct))
		fb->support_pct = pct; /* the event's own figure: its slow part, the better one */
}

void feedback_event(struct exercise_feedback *fb, const struct session_event *e)
{
	if (e->set_number != fb->set)
		return;
	switch (e->mode) {
	case EXERCISE_HEEL_RAISE: {
		int n = fb->n_lower;
		push_slot(fb->uncertain, sizeof fb->uncertain[0], &n, VIEW_MAX_REPS);
		n = fb->n_lower;
		push_slot(fb->both_feet, sizeof fb->both_feet[0], &n, VIEW_MAX_REPS);
		int i = push_slot(fb->lower_s, sizeof fb->lower_s[0], &fb->n_lower, VIEW_MAX_REPS);
		fb->lower_s[i] = e->rep.lower_s;
		fb->uncertain[i] = e->rep.uncertain != NULL;
		fb->both_feet[i] = e->verdict == FLOW_BOTH_FEET;
		take_support(fb, e->rep.support_pct);
		break;
	}
	case EXERCISE_HOLD:
		/* the hold as measured replaces the live count, which stopped at the heels coming down */
		fb->held_s = e->hold.duration_s;
		fb->released = true;
		take_support(fb, e->hold.support_pct);
		break;
	case EXERCISE_HOP: {
		/* the hop before, reported as it landed, gets its ground time from this take-off */
		if (fb->n_hops > 0 && isnan(fb->last_hop.contact_s)) {
			hop_set_contact(&fb->last_hop, e->hop.takeoff_s);
			fb->hops[fb->n_hops - 1].contact_s = fb->last_hop.contact_s;
		}
		fb->last_hop = e->hop;
		int i = push_slot(fb->hops, sizeof fb->hops[0], &fb->n_hops, VIEW_MAX_HOPS);
		fb->hops[i] = (struct view_hop){ e->hop.flight_s, e->hop.contact_s, e->hop.left_share_pct };
		break;
	}
	}
}

/* A hold's steadiness: 1 with the COP still, 0 once it wobbles by STEADY_SWAY_MM (SD over
 * the last second) or more; unknown while the heels are down, and for STEADY_AFTER_S after
 * they went up: the live sway is measured afresh only once the rise is over (live.c's
 * SWAY_RESTART_S), and is too short a measure until then (every hold began "Wobbly: keep
 * still", a stranger's). */
#define STEADY_SWAY_MM 8.0
#define STEADY_AFTER_S 2.0
static double steadiness(const struct live_state *ls)
{
	if (!ls->heels_up || !isfinite(ls->cop_sway_mm) || ls->held_s < STEADY_AFTER_S)
		return NAN;
	return fmax(0, 1 - ls->cop_sway_mm / STEADY_SWAY_MM);
}

/* Its word: "Fairly steady" from 0.4, "Steady" from 0.7; once shown, a word gives way
 * only STEADY_HYSTERESIS past the line (a still hold swinging about 0.7 flickered
 * between the two, a stranger's). */
#define STEADY_HYSTERESIS 0.05
static enum steady_word steady_word(enum steady_word shown, double st)
{
	static const double from[] = { [STEADY_FAIRLY] = 0.4, [STEADY_STILL] = 0.7 };
	if (isnan(st))
		return STEADY_NONE;
	/* none shown yet: the word whose line it has passed, no margin */
	enum steady_word w = shown == STEADY_NONE ? STEADY_WOBBLY : shown;
	double margin = shown == STEADY_NONE ? 0 : STEADY_HYSTERESIS;
	while (w < STEADY_STILL && st >= from[w + 1] + margin)
		w++;
	while (w > STEADY_WOBBLY && st < from[w] - margin)
		w--;
	return w;
}

void feedback_live(struct exercise_feedback *fb, const struct live_state *ls, double t_s, double counts_from_s,
		   bool standing)
{
	fb->steadiness = steadiness(ls);
	fb->steady_word = steady_word(fb->steady_word, fb->steadiness);
	fb->stale = ls->heels_up && ls->now_s - ls->held_s < counts_from_s;
	if (fb->stale) {
		fb->released = false;
		fb->held_s = 0;
	} else if (ls->heels_up) {
		fb->released = false;
		fb->held_s = ls->held_s;
	} else if (fb->held_s >= HOLD_SHOWN_MIN_S) {
		if (!fb->released)
			fb->released_at_s = t_s;
		fb->released = true;
	} else {
		fb->released = false;
		fb->held_s = 0;
	}
	if (!standing || !ls->loaded || !isfinite(ls->support_pct)) {
		fb->support_pct = NAN;
		fb->support_t_s = NAN;
		return;
	}
	if (!isfinite(fb->support_pct) || !isfinite(fb->support_t_s)) {
		fb->support_pct = ls->support_pct;
	} else if (t_s > fb->support_t_s) {
		double a = 1 - exp(-(t_s - fb->support_t_s) / SUPPORT_SMOOTH_S);
		fb->support_pct += a * (ls->support_pct - fb->support_pct);
	}
	fb->support_t_s = t_s;
}
