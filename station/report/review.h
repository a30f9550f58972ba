/* review.h: what a physio reviews of one patient, read once from the store: the sessions
 * in a date range, the progression suggestion (from the whole history, as `station
 * suggest` gives it), the VISA-A scores, the phase decisions and the calibration of the
 * plate the sessions used. The report and the graphs are drawn from it. */
#ifndef STATION_REVIEW_H
#define STATION_REVIEW_H

#include <stdbool.h>
#include <time.h>

#include "programme.h"
#include "progression.h"
#include "store.h"
#include "store_review.h"

struct review {
	struct patient patient;
	struct prog_exercise prescription;  /* the patient's exercise and dose now */
	const struct programme *prog;       /* borrowed */
	struct history history;             /* the sessions in the range, oldest first */
	struct session_outcome *outcomes;   /* one per session of history */
	int *pain_day_after;                /* one per session of history: the pain the day after it, as
					     * the patient's next session asked it (PAIN_NONE: not asked, or
					     * no next session), also when that session is past the range */
	struct suggestion suggestion;       /* from every session, whatever the range */
	struct visa_score *visa;            /* the scores in the range */
	size_t n_visa;
	struct phase_change *changes;       /* every phase decision */
	size_t n_changes;
	time_t from, to;                    /* the range shown (the sessions' own when not given) */
	bool ranged;                        /* a range was given: no session in it is not none at all */
	/* the calibration of the plate of the newest session that names one, or with none the
	 * station's own newest ("the station's plate USB-7, calibrated 01 Jan 2026 by A. Berg",
	 * "plate USB-7: not calibrated", "no plate calibrated on this station yet") */
	char calibration[256];
	time_t calibrated_at;               /* when it was made; 0: none, or its date unreadable */
	bool calibration_ages;              /* a measured plate's, to be renewed (not a simulator's) */
};

/* Reads patient clinic_id's review. from/to: the first and last day to include (unix
 * times within those days), 0: no limit. ST_ERR_NOT_FOUND names an unknown patient. */
int review_load(struct store *s, const struct programme *prog, const char *clinic_id, time_t from, time_t to,
		struct review *out);
void review_free(struct review *r);

/* The sets of a session that were finished; a session is incomplete (drawn hollow) when it
 * was not finished or fewer sets were finished than planned. */
int review_sets_done(const struct history_session *hs);
bool review_incomplete(const struct history_session *hs);
/* The last session with exercise in it (history_session_exercised), or NULL. */
const struct history_session *review_last_exercised(const struct history *h);

/* Who last changed the patient's exercise or dose from the programme's, when and why:
 * "changed by NAME on YYYY-MM-DD: WHY", or after --clear "set back to the programme's by
 * ..."; "" when nobody has in this phase. */
const char *review_dose_change(const struct patient *p, char *buf, size_t len);

/* "no sessions yet", or with a range given "no sessions in this period". */
const char *review_no_sessions(const struct review *r);

/* A date as YYYY-MM-DD into a local day's first (end false) or last second (end true);
 * ST_ERR_ARG with a message naming text when it is not a date. */
int review_parse_day(const char *text, bool end, time_t *out);

#endif
