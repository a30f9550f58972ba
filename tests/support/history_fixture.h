/* history_fixture.h: a patient's stored history for tests (store_fixture, test_app). */
#ifndef STATION_HISTORY_FIXTURE_H
#define STATION_HISTORY_FIXTURE_H

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

#endif
