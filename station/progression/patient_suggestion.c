/* patient_suggestion.c: the suggestion for a stored patient (patient_suggestion.h). */
#include "patient_suggestion.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outcomes.h"
#include "status.h"

void suggestion_mind_declines(struct suggestion *sg, const struct phase_change *changes, size_t n,
			      time_t last_session)
{
	sg->declined = false;
	if (sg->verdict != VERDICT_NEXT_PHASE)
		return;
	/* only the newest decision: a decline followed by a confirmation and a phase set back
	 * is not a decline of the move now */
	const struct phase_change *d = n ? &changes[n - 1] : NULL;
	if (!d || d->decision != PHASE_DECLINED || d->from_phase != sg->phase || d->to_phase != sg->next_phase ||
	    d->at < last_session)
		return;
	sg->declined = true;
	/* the decline first; a reason for the move falls off the end when they are many */
	size_t keep = sg->n_reasons < SUGGESTION_REASONS_MAX ? sg->n_reasons : SUGGESTION_REASONS_MAX - 1;
	memmove(sg->reasons[1], sg->reasons[0], keep * sizeof sg->reasons[0]);
	sg->n_reasons = keep + 1;
	char day[16];
	snprintf(sg->reasons[0], SUGGESTION_REASON_LEN, "Declined by %s on %s: the patient stays unless a physio confirms it",
		 d->by, progression_day(d->at, day));
}

/* Whether a phase decided at `decided` came after session o's red flag: after the session
 * ended (it ends at the flag), strictly, seconds being all either time has; a session
 * never ended, after its start. A decision made while the patient was still at the
 * safety questions, or in the same second, answered a pop reported after it (a
 * stranger's). */
static bool decided_after(const struct session_outcome *o, time_t decided)
{
	return decided > (o->finished ? o->finished : o->started);
}

/* A red flag stays in the reasons until a physio decides on the patient's phase after
 * it: the next session's suggestion said only "stay", and the possible rupture was gone
 * from what the physio reads (a stranger's). Sessions are oldest first. */
static void mind_red_flags(struct suggestion *sg, const struct session_outcome *o, size_t n,
			   const struct phase_change *changes, size_t n_changes)
{
	time_t decided = n_changes ? changes[n_changes - 1].at : 0;
	for (size_t i = n; i-- > 0 && !decided_after(&o[i], decided);) {
		if (!o[i].red_flag)
			continue;
		sg->red_flag_open = true;
		if (i + 1 < n) { /* in the last session: ease_off says it */
			size_t keep = sg->n_reasons < SUGGESTION_REASONS_MAX ? sg->n_reasons : SUGGESTION_REASONS_MAX - 1;
			memmove(sg->reasons[1], sg->reasons[0], keep * sizeof sg->reasons[0]);
			sg->n_reasons = keep + 1;
			char day[16];
			snprintf(sg->reasons[0], SUGGESTION_REASON_LEN,
				 "red flag in the session of %s (a pop, a dip in the tendon, or no heel raise on that "
				 "side), no phase decided since: was the patient seen by a GP or physio?",
				 progression_day(o[i].started, day));
		}
		return;
	}
}

int patient_suggestion(struct store *s, const struct programme *prog, const struct patient *p,
		       const struct history *h, struct suggestion *out)
{
	struct session_outcome *o = NULL;
	struct phase_change *changes = NULL;
	size_t n = 0, n_changes = 0;
	int rc = history_outcomes(h, p->side, &o, &n);
	if (rc == ST_OK)
		rc = store_phase_changes(s, p->id, &changes, &n_changes);
	/* a red flag a phase was decided after has been seen to (the physio saw the patient):
	 * the rules no longer ease off for it */
	for (size_t i = 0; rc == ST_OK && n_changes && i < n; i++)
		o[i].red_flag = o[i].red_flag && !decided_after(&o[i], changes[n_changes - 1].at);
	if (rc == ST_OK)
		rc = progression_suggest(prog, p->phase, o, n, out);
	if (rc == ST_OK) {
		suggestion_mind_declines(out, changes, n_changes, h->n ? h->sessions[h->n - 1].started : 0);
		mind_red_flags(out, o, n, changes, n_changes);
	}
	free(o);
	free(changes);
	return rc;
}
