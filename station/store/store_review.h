/* store_review.h: what a physio's review reads beside the history (store_history): the
 * VISA-A scores, the phase decisions and a set's events, read-only. */
#ifndef STATION_STORE_REVIEW_H
#define STATION_STORE_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "store.h"

struct visa_score {
	time_t at;
	int total;                /* 0-100 */
	bool has_items;           /* the eight answers were recorded, not only the total */
	int items[VISA_ITEMS];
};

#define PHASE_WHY_MAX 512

struct phase_change {
	time_t at;
	int from_phase, to_phase;
	enum phase_decision decision;
	char by[WHO_MAX];
	char why[PHASE_WHY_MAX];
	char suggestion[PHASE_WHY_MAX]; /* the suggestion's words ("" for the physio's own decision) */
};

/* One rep, hold or hop of a set as times of its recording (s): a rep's start, top, start
 * of lowering and end; a hold's start and end, a hop's takeoff and landing (top_s and
 * lower_start_s NAN). */
struct set_event {
	double start_s, top_s, lower_start_s, end_s;
};

/* The set's events by start; *out is freed with free(). */
int store_set_events(struct store *s, int64_t set, struct set_event **out, size_t *n);

/* The patient's VISA-A scores, oldest first; *out is freed with free(). */
int store_visa_list(struct store *s, int64_t patient, struct visa_score **out, size_t *n);
/* The patient's phase decisions, oldest first; *out is freed with free(). */
int store_phase_changes(struct store *s, int64_t patient, struct phase_change **out, size_t *n);

#endif
