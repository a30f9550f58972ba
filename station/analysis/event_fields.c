#include "event_fields.h"

#define TIME 1e-4  /* seconds to 0.1 ms */
#define REAL 0.01  /* the rest to two decimals */
#define F(type, member, kind, unit) { #member, offsetof(type, member), kind, unit }

static const struct event_field rep_fields[] = {
	F(struct rep_result, start_s, EVENT_REAL, TIME),
	F(struct rep_result, top_s, EVENT_REAL, TIME),
	F(struct rep_result, lower_start_s, EVENT_REAL, TIME),
	F(struct rep_result, end_s, EVENT_REAL, TIME),
	F(struct rep_result, rise_s, EVENT_REAL, TIME),
	F(struct rep_result, hold_s, EVENT_REAL, TIME),
	F(struct rep_result, lower_s, EVENT_REAL, TIME),
	F(struct rep_result, height_mm, EVENT_REAL, REAL),
	F(struct rep_result, work_j, EVENT_REAL, REAL),
	F(struct rep_result, left_share_pct, EVENT_REAL, REAL),
	F(struct rep_result, support_pct, EVENT_REAL, REAL),
	F(struct rep_result, saturated, EVENT_BOOL, 0),
	F(struct rep_result, uncertain, EVENT_TEXT, 0), /* why the phase times are not stated; NULL: stated */
};

static const struct event_field hold_fields[] = {
	F(struct hold_result, start_s, EVENT_REAL, TIME),
	F(struct hold_result, end_s, EVENT_REAL, TIME),
	F(struct hold_result, duration_s, EVENT_REAL, TIME),
	F(struct hold_result, left_share_pct, EVENT_REAL, REAL),
	F(struct hold_result, force_sd_n, EVENT_REAL, REAL),
	F(struct hold_result, cop_sd_mm, EVENT_REAL, REAL),
	F(struct hold_result, support_pct, EVENT_REAL, REAL),
	F(struct hold_result, saturated, EVENT_BOOL, 0),
	F(struct hold_result, uncertain, EVENT_TEXT, 0),
};

static const struct event_field hop_fields[] = {
	F(struct hop_result, takeoff_s, EVENT_REAL, TIME),
	F(struct hop_result, landing_s, EVENT_REAL, TIME),
	F(struct hop_result, flight_s, EVENT_REAL, TIME),
	F(struct hop_result, contact_s, EVENT_REAL, TIME),
	F(struct hop_result, height_mm, EVENT_REAL, REAL),
	F(struct hop_result, rsi, EVENT_REAL, 1e-3),
	F(struct hop_result, saturated, EVENT_BOOL, 0),
	F(struct hop_result, left_share_pct, EVENT_REAL, REAL),
};

#define KIND(name, list, type, fields) { name, list, sizeof(type), fields, sizeof fields / sizeof fields[0] }

static const struct event_kind kinds[] = {
	[EXERCISE_HEEL_RAISE] = KIND("rep", "reps", struct rep_result, rep_fields),
	[EXERCISE_HOLD] = KIND("hold", "holds", struct hold_result, hold_fields),
	[EXERCISE_HOP] = KIND("hop", "hops", struct hop_result, hop_fields),
};

const struct event_kind *event_kind_of(enum exercise mode)
{
	return &kinds[mode];
}
