/* exercise_words.c: what the step-on and exercise screens say, from their views alone:
 * the drawing code and the tests read the same words. */
#include <math.h>
#include <stdio.h>

#include "views.h"

const char *view_step_title(const struct view_step_on *v)
{
	switch (v->stage) {
	case STEP_TARE:
		return "Keep off the plate";
	case STEP_STEP_ON:
		return "Step on the plate";
	case STEP_STAND:
		return "Stand still";
	case STEP_DONE:
		break;
	}
	return "Ready";
}

/* A seated exercise is weighed standing too (the body's weight, not the feet's): the
 * patient sits once weighed. */
const char *view_step_line(const struct view_step_on *v)
{
	switch (v->stage) {
	case STEP_TARE:
		return "Zeroing the scales...";
	case STEP_STEP_ON:
		return v->seated ? "Stand to be weighed, then sit" : "One foot on each side";
	case STEP_STAND:
		return "Weighing: hands off the rail, feet flat"; /* the support is measured from this weight */
	case STEP_DONE:
		break;
	}
	return v->seated ? "Weighed: now sit, feet on the plate" : "Weighed";
}

const char *view_hold_state(const struct view_hold *v)
{
	bool reached = v->target_s > 0 && v->held_s >= v->target_s;
	if (v->stale)
		return "Heels down first, then up to start";
	if (v->released)
		return reached ? "\u2713 Well held" : "Heels down: hold longer next time";
	if (v->heels_up)
		/* on one line at 800x480, or the steadiness beneath had no room ("Done: lower
		 * gently" took two) */
		return reached ? "\u2713 Lower gently" : "\u2713 Heels up: hold";
	return v->seated ? "Sitting: raise your heels" : "Raise your heels";
}

bool view_hold_rest_words(const struct view_hold *v, char *buf, size_t len)
{
	buf[0] = '\0';
	if (!(v->rest_left_s > 0))
		return false;
	/* no-break spaces: wrapped, "then hold 2" stays whole (the 2 stood alone at 800x480) */
	snprintf(buf, len, "Rest %.0f\u00a0s, then\u00a0hold\u00a0%d", ceil(v->rest_left_s), v->hold + 1);
	return true;
}

enum rep_feedback view_feedback(double lower_s, double band_lo_s, double band_hi_s)
{
	if (!isfinite(lower_s))
		return FEEDBACK_NONE;
	return lower_s < band_lo_s ? FEEDBACK_SLOWER : lower_s > band_hi_s ? FEEDBACK_FASTER : FEEDBACK_GOOD;
}

bool view_raises_done(const struct view_raises *v)
{
	return v->reps_target > 0 && v->rep >= v->reps_target;
}

/* The lowering's seconds as shown beside its verdict, to 0.1 s: rounded the plain way
 * a figure just outside the band reads as its edge ("Go slower 3.0 s" for 2.96 s), so
 * one outside is rounded away from the band instead. */
double view_shown_lowering(double lower_s, double band_lo_s, double band_hi_s)
{
	double shown = round(lower_s * 10) / 10;
	if (lower_s < band_lo_s && shown >= band_lo_s)
		return floor(lower_s * 10) / 10;
	if (lower_s > band_hi_s && shown <= band_hi_s)
		return ceil(lower_s * 10) / 10;
	return shown;
}

enum rep_feedback view_rep_feedback(const struct view_raises *v, int i)
{
	if (i >= v->n_lower && i < v->n_lower + v->n_waiting)
		return FEEDBACK_MEASURING;
	if (i < 0 || i >= v->n_lower || i >= VIEW_MAX_REPS)
		return FEEDBACK_NONE;
	if (v->both_feet[i])
		return FEEDBACK_BOTH_FEET;
	if (v->uncertain[i])
		return FEEDBACK_NOT_MEASURED;
	return view_feedback(v->lower_s[i], v->band_lo_s, v->band_hi_s);
}

const char *view_feedback_words(const struct view_raises *v, enum rep_feedback f, char *buf, size_t len)
{
	switch (f) {
	case FEEDBACK_SLOWER:
		return "Go slower";
	case FEEDBACK_GOOD:
		return "\u2713 Good";
	case FEEDBACK_NOT_MEASURED:
		return "Not measured";
	case FEEDBACK_MEASURING:
		return "Measuring\u2026";
	case FEEDBACK_FASTER: /* what it was, no order: "go faster" and "a bit quicker" beside the
			       * pacer's "slowly" read as a contradiction to strangers; nor the band's
			       * words of the set's start, which after a 6 s lowering read as no verdict;
			       * one line at 800x480 beside the seconds */
		snprintf(buf, len, "Over %.0f\u00a0s", v->band_hi_s);
		return buf;
	case FEEDBACK_BOTH_FEET:
		return v->leg < 0 ? "Lift right foot" : v->leg == 1 ? "Lift left foot" : "Lift one foot"; /* one line */
	case FEEDBACK_NONE:
		break;
	}
	snprintf(buf, len, "Lower in %.0f-%.0f s", v->band_lo_s, v->band_hi_s);
	return buf;
}

const char *view_hop_foot(double left_pct, char buf[16])
{
	if (!isfinite(left_pct))
		return "-";
	if (left_pct >= 80)
		return "Left";
	if (left_pct <= 20)
		return "Right";
	snprintf(buf, 16, "%.0f/%.0f", left_pct, 100 - left_pct);
	return buf;
}

bool view_support_words(const struct view_support *s, char *buf, size_t len)
{
	if (len)
		buf[0] = '\0';
	if (!(s->pct > s->max_pct) || !(s->max_pct > 0))
		return false;
	snprintf(buf, len, "%.0f %% on your hands", s->pct);
	return true;
}
