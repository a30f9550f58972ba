/* history_fixture.h: a patient's stored history for tests (store_fixture, test_app). */
#ifndef STATION_HISTORY_FIXTURE_H
#define STATION_HISTORY_FIXTURE_H

#include <stdbool.h>
#include <time.h>

#include "store.h"

/* Adds patient id (left side, phase 2): three complete sessions of two sets of 6 slow
 * heel raises two days apart, pain answers that settle (a phase change is suggested),
 * then one session interrupted in its first set (as a power cut leaves it). The
 * recordings are placeholders, not readable recordings. */
int history_fixture_fill(struct store *s, const char *id);

/* Finishes a set with a placeholder recording (not a readable one). */
int history_fixture_finish_set(struct store *s, int64_t set, double duration_s);

/* For the physio's review: patient id as history_fixture_fill, plus two VISA-A scores
 * (62 the day before the first session, 75 after the third) and a declined suggestion
 * (by "J. Physio", "one more week at this dose"); and patient hop_id (right side, phase
 * 4): three sessions of two sets of 10 hops, the first two on the same day (09:00 and
 * 15:00), the last stopped after its first set. */
int history_fixture_review(struct store *s, const char *id, const char *hop_id);

/* Adds sessions every other day from start to patient pid (phase 2: two sets of 10 slow heel
 * raises, pain before, during and the day after, recorded with plate on calibration
 * serial). mixed: every third session is instead a phase 4 one of two sets of 10 hops,
 * and every third a phase 5 one of two sets of 3 heavy holds, so every graph has points. */
int history_fixture_sessions(struct store *s, int64_t pid, time_t start, int sessions, bool mixed, const char *plate,
			     const char *serial);

/* store_phase_decide on patient pid as it is now (read first, by row id). */
int history_fixture_decide(struct store *s, int64_t pid, int to_phase, enum phase_decision d, const char *by,
			   const char *why, const char *suggestion);

#endif
