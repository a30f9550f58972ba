/* outcomes.c: a patient's stored sessions as the outcomes the progression rules judge. */
#include "outcomes.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"

/* One session's outcome: sets on the involved side (or both legs) count towards the
 * dose; single-leg work on each side gives the LSI. */
static void outcome_of(const struct history_session *hs, enum side involved, struct session_outcome *o)
{
	memset(o, 0, sizeof *o);
	o->session_id = hs->id;
	o->started = hs->started;
	o->finished = hs->finished;
	o->phase = hs->phase;
	o->complete = hs->complete;
	o->red_flag = hs->red_flag;
	o->exercised = history_session_exercised(hs);
	o->sets_target = hs->sets_planned;
	o->counts_met = true;
	o->pain_before = hs->pain_before;
	o->pain_day_after_last = o->pain_eased_by = hs->pain_day_after_last;
	o->pain_during_max = hs->pain_during_max;
	double share_sum = 0, side_work[SIDE_BOTH] = { 0, 0 };
	int share_n = 0;
	for (size_t i = 0; i < hs->n_sets; i++) {
		const struct history_set *x = &hs->sets[i];
		if (!x->complete || x->count == 0) /* a set ended with nothing done is no set done */
			continue;
		if (x->side != SIDE_BOTH) {
			/* work of the reps, or time held, or height hopped */
			side_work[x->side] += x->work_j > 0 ? x->work_j
					      : !isnan(x->hold_mean_s) ? x->hold_mean_s * x->count
					      : !isnan(x->height_mm) ? x->height_mm * x->count : 0;
		}
		bool counts = x->side == SIDE_BOTH || involved == SIDE_BOTH || x->side == involved;
		if (!counts)
			continue;
		o->sets_done++;
		if (x->target_count > 0 && x->count < x->target_count)
			o->counts_met = false;
		if (x->band_max_s > 0 && x->count > 0 && (!isnan(x->lower_mean_s) || x->lower_unmeasured > 0)) {
			o->reps += x->count - x->lower_unmeasured;
			o->reps_unmeasured += x->lower_unmeasured;
			o->reps_in_band += x->in_band;
			o->reps_not_one_leg += x->not_one_leg;
		}
		if (x->target_hold_s > 0 && !isnan(x->hold_mean_s)) {
			o->holds += x->count;
			o->holds_on_target += x->holds_on_target;
		}
		/* two-leg work's share: a one-leg set of a patient with both sides involved
		 * stands on one foot (its 0 or 100 % is no imbalance) */
		if (x->side == SIDE_BOTH && !ex_kind_single_leg(x->kind) && !isnan(x->share_pct)) {
			share_sum += x->share_pct * x->count;
			share_n += x->count;
		}
	}
	o->share_pct = share_n ? share_sum / share_n : NAN;
	o->lsi_pct = NAN;
	if (involved != SIDE_BOTH) {
		double inv = side_work[involved], other = side_work[involved == SIDE_LEFT ? SIDE_RIGHT : SIDE_LEFT];
		if (inv > 0 && other > 0)
			o->lsi_pct = 100 * inv / other;
	}
}

int history_outcomes(const struct history *h, enum side involved, struct session_outcome **out, size_t *n)
{
	*n = 0;
	*out = calloc(h->n ? h->n : 1, sizeof **out);
	if (!*out)
		return st_fail(ST_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < h->n; i++)
		outcome_of(&h->sessions[i], involved, &(*out)[i]);
	*n = h->n;
	/* a session that did not ask about the day after, answered at a visit since the last
	 * session with exercise, went by the first such answer (the session runner's rule,
	 * store_day_after_answer) */
	for (size_t i = 0; i < h->n; i++)
		for (size_t j = i; (*out)[i].pain_day_after_last == PAIN_NONE && j-- > 0 && !(*out)[j].exercised;)
			if ((*out)[j].pain_day_after_last != PAIN_NONE)
				(*out)[i].pain_eased_by = (*out)[j].pain_day_after_last;
	return ST_OK;
}
