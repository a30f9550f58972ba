/* live.h: the incremental analysis for the screen, fed one sample at a time.
 *
 * It keeps the current state (someone on the plates, heels up or down, seconds held,
 * seconds lowering, the live load share) and reports each rep, hold or hop as it
 * completes. Completed events come from the offline analysis, run with what was learnt
 * from the first quiet stance over the window since shortly before the last reported
 * event (at most LIVE_WINDOW_S seconds: the longest hold it can see whole), so the two
 * forms agree; the per-sample work is a few multiplications and no allocation once the
 * window has grown.
 */
#ifndef STATION_ANALYSIS_LIVE_H
#define STATION_ANALYSIS_LIVE_H

#include "analysis.h"

#define LIVE_WINDOW_S 120.0

struct live_state {
	bool weighed;          /* the quiet stance has been seen: body weight known */
	bool loaded;           /* someone stands or sits on the plates */
	bool heels_up;
	double held_s;         /* heels up for this long (0 when down) */
	double lowering_s;     /* heel raise: lowering for this long (0 when not) */
	double left_share_pct; /* of the last half second or so */
	double total_n;
	double cop_sway_mm;    /* SD of the COP's forward position over about the last second (NAN: none) */
	double support_pct;    /* share of body weight off the plates (on the hands, or seated), from
				* the smoothed total force (NAN: not weighed) */
};

struct live_analysis;

int live_analysis_new(double rate_hz, enum exercise mode, struct live_analysis **out);
void live_analysis_free(struct live_analysis *la);

/* Feeds one sample (times rising). Returns how many events completed with it (>= 0) or a
 * negative code. */
int live_analysis_push(struct live_analysis *la, const struct trace_sample *s);

/* Every event completed so far (reps, holds or hops, as the exercise is), owned by la. */
const struct analysis *live_analysis_events(const struct live_analysis *la);

void live_analysis_state(const struct live_analysis *la, struct live_state *out);

#endif
