/* history_fixture.h: a patient's stored history for tests (store_fixture, test_app). */
#ifndef STATION_HISTORY_FIXTURE_H
#define STATION_HISTORY_FIXTURE_H

#include "store.h"

/* Adds patient id (left side, phase 2): three complete sessions of two sets of 6 slow
 * heel raises two days apart, pain answers that settle (a phase change is suggested),
 * then one session interrupted in its first set (as a power cut leaves it). The
 * recordings are placeholders, not readable recordings. */
int history_fixture_fill(struct store *s, const char *id);

#endif
