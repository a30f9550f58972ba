#include "exercise_feedback.h"

#include <math.h>
#include <string.h>

void feedback_start_set(struct exercise_feedback *fb, int set)
{
	*fb = (struct exercise_feedback){ .set = set, .support_pct = NAN, .support_t_s = NAN };
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
		int i = push_slot(fb->lower_s, sizeof fb->lower_s[0], &fb->n_lower, VIEW_MAX_REPS);
		fb->lower_s[i] = e->rep.lower_s;
		fb->uncertain[i] = e->rep.uncertain != NULL;
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

void feedback_live(struct exercise_feedback *fb, const struct live_state *ls, double t_s, double counts_from_s,
		   bool standing)
{
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
