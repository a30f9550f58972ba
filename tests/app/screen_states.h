/* screen_states.h: a fixed view of every screen (tests and benchmarks). */
#ifndef STATION_TEST_SCREEN_STATES_H
#define STATION_TEST_SCREEN_STATES_H

#include "views.h"

#define SCREEN_STATES_MAX 64

struct screen_state {
	const char *name; /* file name stem of its reference image */
	struct screen_view view;
};

/* Fills out (SCREEN_STATES_MAX entries) and returns how many. */
int screen_states(struct screen_state *out);

/* The state called name among the n in st; NULL if there is none. */
const struct screen_state *screen_state_named(const struct screen_state *st, int n, const char *name);

#endif
