/* analysis.h: movement analysis of a recording in newtons, by DESIGN.md's definitions:
 * body weight, heel-raise reps (phase times, height, work, left share), holds (standing
 * and seated, from the COP), hops (flight, contact, height, RSI).
 *
 * The recording is cut at its gaps and each piece analysed on its own, so nothing is
 * bridged; an event that touches saturated samples says so.
 */
#ifndef STATION_ANALYSIS_H
#define STATION_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>

#include "trace.h"

enum exercise { EXERCISE_HEEL_RAISE, EXERCISE_HOLD, EXERCISE_HOP };

struct rep_result {
	double start_s, top_s, lower_start_s, end_s;
	double rise_s, hold_s, lower_s;
	double height_mm, work_j, left_share_pct;
	bool saturated;
	double support_pct;      /* share of body weight on the hands (NAN: not weighed) */
	const char *uncertain;   /* why the phase times cannot be trusted (static text); NULL: they can */
};

struct hold_result {
	double start_s, end_s, duration_s, left_share_pct;
	double force_sd_n, cop_sd_mm; /* steadiness: variability while held */
	bool saturated;
	double support_pct;           /* share of body weight on the hands (negative: a seated push) */
	const char *uncertain;        /* why its times are not known (static text); NULL: known */
};

/* An event found and judged implausible (heels up without a rise, a rise that does not
 * lie over the heels being up...). */
struct rejected_event {
	double start_s, end_s;
	const char *reason; /* static text */
};

struct hop_result {
	double takeoff_s, landing_s, flight_s;
	double contact_s;             /* NAN for the last hop of a series */
	double height_mm, rsi;        /* rsi NAN without a contact */
	bool saturated;
	double left_share_pct;        /* over the contact after the landing (the last hop: 0.3 s of
				       * it): about 100 landed on the left foot, 0 on the right */
};

/* A hop's contact, the time from its landing to the next take-off, with its RSI; left
 * NAN when that is over HOP_MAX_CONTACT_S (the series ended). */
#define HOP_MAX_CONTACT_S 1.0
void hop_set_contact(struct hop_result *h, double next_takeoff_s);
/* The foot a hop landed on: 0 the left, 1 the right (HOP_ONE_FOOT_PCT of the load or more
 * on it), -1 both. */
#define HOP_ONE_FOOT_PCT 80.0
int hop_landing_foot(const struct hop_result *h);

struct analysis {
	double rate_hz, duration_s;
	double body_weight_n;         /* NAN when there is no quiet stance to weigh */
	double noise_sd_n;            /* noise floor of the total force */
	double hum_hz;                /* mains hum found and removed (0: none) */
	size_t gaps;                  /* pieces the recording was cut into, less one */
	bool cop_missing;             /* no COP in the whole recording: reps from the force alone, no holds */
	bool cop_still;               /* a COP, but one that barely moves anywhere: no heels up found */
	double cop_flat_mm;           /* the COP's forward position, flat-footed (NAN: unknown) */
	bool weighed;                 /* body weight from a quiet stance (not a median) */
	double zero_n[2];             /* what each plate read empty before anyone stood on it,
				       * taken off its force (0, 0: none found; detect.h) */
	struct rep_result *reps;
	size_t n_reps;
	struct hold_result *holds;
	size_t n_holds;
	struct hop_result *hops;
	size_t n_hops;
	struct rejected_event *rejected;
	size_t n_rejected;
};

/* Parses "heel-raise", "hold" or "hop". */
int exercise_from_name(const char *name, enum exercise *out);
const char *exercise_name(enum exercise e);

/* Analyses a whole recording. dsp_init() must have been called. */
int analyse_trace(const struct trace *t, enum exercise mode, struct analysis *out);
/* The same with t's columns as the work space instead of a copy of each (half the memory
 * of a long recording): its forces and COP are overwritten, its times and flags kept.
 * For a recording read only to be analysed (`station analyse`). */
int analyse_trace_in_place(struct trace *t, enum exercise mode, struct analysis *out);

/* What is already known of the patient and the plates; NAN: find it in the recording. */
struct analysis_known {
	double body_weight_n, noise_sd_n; /* from the first quiet stance */
	double hum_hz;                    /* mains hum (0: none) */
	double cop_flat_mm;               /* the COP's forward position, flat-footed */
	double zero_n[2];                 /* each plate's reading empty, taken off (analysis's) */
	/* Not known but asked: measure as the live path's early look does (live.c), a window
	 * that ends less than a second after the last rep's heels land; its rest after it is
	 * shorter than a whole recording's (reps.c). false: as the offline analysis. */
	bool early_look;
};

/* The same, for a stretch of a longer session: what was learnt from its start holds. */
int analyse_trace_known(const struct trace *t, enum exercise mode, const struct analysis_known *known,
			struct analysis *out);

/* Learns body weight, noise floor, hum and flat-foot COP from a recording's first quiet
 * stance (not the empty plates: detect.h's EMPTY_MAX_N); ST_ERR_NOT_FOUND while there is
 * none yet. */
int analysis_learn(const struct trace *t, struct analysis_known *out);
void analysis_free(struct analysis *a);

/* The JSON of `station analyse` (caller frees). */
char *analysis_to_json(const struct analysis *a, enum exercise mode);
/* The events mode finds (reps, holds or hops), *n of them, each event_kind_of(mode)->size
 * bytes (event_fields.h). */
const void *analysis_events_of(const struct analysis *a, enum exercise mode, size_t *n);

/* One rep, hold or hop (as mode is) as a line of JSON, its keys those of the lists
 * above, plus "emitted_at_s" (caller frees). */
char *analysis_event_json(enum exercise mode, const void *event, double emitted_at_s);

#endif
