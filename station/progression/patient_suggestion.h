/* patient_suggestion.h: the suggestion for a stored patient: their history as outcomes
 * judged by the rules (progression.h), and a move the physio has declined minded.
 *
 * A declined move stays suggested (the physio may change their mind and confirm it) but
 * is marked declined, with who and when as its first reason, until the patient's next
 * session: the screens then stop flagging it as new and do not offer to decline it again.
 * A session after the decline is new evidence, and the rules alone speak again. */
#ifndef STATION_PATIENT_SUGGESTION_H
#define STATION_PATIENT_SUGGESTION_H

#include "progression.h"
#include "store.h"
#include "store_review.h"

/* The suggestion for p from h (store_history of p), with the physio's decisions read from
 * the store. A red flag stays its first reason, and red_flag_open set, until a phase is
 * decided after it (the same phase too: the physio saw the patient, who stays). */
int patient_suggestion(struct store *s, const struct programme *prog, const struct patient *p,
		       const struct history *h, struct suggestion *out);

/* Marks sg declined when the newest of changes (oldest first) is a decline of the move it
 * suggests, from that phase, made after last_session (0: no session). */
void suggestion_mind_declines(struct suggestion *sg, const struct phase_change *changes, size_t n,
			      time_t last_session);

#endif
