/* outcomes.h: what the progression rules judge, from what the store holds. */
#ifndef STATION_PROGRESSION_OUTCOMES_H
#define STATION_PROGRESSION_OUTCOMES_H

#include <stddef.h>

#include "progression.h"
#include "store.h"

/* The patient's sessions, oldest first, as the progression rules see them; *out is
 * freed with free(). involved: the patient's side (for LSI). */
int history_outcomes(const struct history *h, enum side involved, struct session_outcome **out, size_t *n);

#endif
