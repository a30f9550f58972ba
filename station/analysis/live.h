/* live.h: the incremental analysis for the screen, fed one sample at a time.
 *
 * It keeps the current state (someone on the plates, heels up or down, seconds held,
 * seconds lowering, the live load share and hand support) from the tested causal filters
 * of dsp.h, and reports each rep, hold or hop soon after it completes:
 *   - a hold LIVE_SETTLE_S after the heels are seen back down, a rep LIVE_REP_SETTLE_S
 *     or later, once a second measurement agrees (a slow lowering's tail) (a rep on a
 *     rail whose measurement is uncertain then is kept back and measured again with the
 *     next rep, live.c says why; live_state.waiting counts it meanwhile;
 *     most reps are reported sooner, by an early look, and measured again at that time:
 *     live_state.refined, live_analysis_set_band),
 *   - a hop at the next take-off (its contact is then known) or LIVE_HOP_WAIT_S after
 *     its landing, whichever comes first.
 * An incremental detector (heels up and down from the filtered COP, flight and landing
 * from the raw force) only says when; the event itself is measured by the offline
 * analysis (analyse_trace_known, with what was learnt from the first quiet stance) over
 * the short window of that one event, so the two forms agree. The per-sample work is a
 * few biquads and comparisons, with no allocation: the sample window's capacity is fixed
 * at start, and every FFT size the window analyses can need was planned at start-up
 * (dsp_init), so no FFTW planning happens later.
 *
 * Not thread-safe: one thread pushes and reads (live_worker.h runs it on a thread of its
 * own for the screen).
 */
#ifndef STATION_ANALYSIS_LIVE_H
#define STATION_ANALYSIS_LIVE_H

#include "analysis.h"

#define LIVE_WINDOW_S 120.0  /* the longest event it can measure whole (a hold) */
#define LIVE_SETTLE_S 0.3    /* a hold is measured this long after the heels are down */
#define LIVE_REP_SETTLE_S 1.4 /* a rep: until the rest after it that reps.c needs is in, and
			       * longer until its measurement settles (live.c says why) */
#define LIVE_HOP_WAIT_S 0.25 /* a hop: at most this long after its landing */
#define LIVE_BAND_LO_S 3.0   /* the lowering band a rep's verdict is judged against, unless set */
#define LIVE_BAND_HI_S 5.0   /* (DESIGN.md's phases 2 and 3) */

struct live_state {
	bool weighed;          /* the quiet stance has been seen: body weight known */
	bool loaded;           /* someone stands or sits on the plates */
	bool heels_up;
	double held_s;         /* heels up for this long (0 when down) */
	double lowering_s;     /* heel raise: lowering for this long (0 when not) */
	double left_share_pct; /* of the filtered forces */
	double total_n;        /* filtered */
	double loaded_at_s;    /* the newest sample with someone on the plates (NAN: none yet) */
	double loaded_share_pct; /* ... and its left share: the screen keeps it through a hop's flight */
	double support_pct;    /* body weight less the plates' force, its slow part, in % of body
				* weight: what the hands take (NAN: not weighed) */
	double cop_sway_mm;    /* SD of the COP's forward position over about the last second (NAN: none) */
	int waiting;           /* reps or holds whose heels are down again, not yet reported: being
				* measured, or a rep on a rail kept back for the next (live.c) */
	double waiting_up_s;   /* when the heels of the oldest of them went up (NAN: none) */
	int reported_early;    /* reps reported by their early look, sooner than LIVE_REP_SETTLE_S
				* (live_analysis_set_band) */
	bool refining;         /* the last of them waits to be measured again, whole (live.c) */
	int refined;           /* reps so measured again, their figures in live_analysis_events()
				* replaced: what the session keeps (on the band's side of the
				* verdict given; else verdict_kept) */
	size_t refined_rep;    /* ... the newest of them, its index there */
	int verdict_kept;      /* reps measured again whose whole window put the lowering on the
				* band's other side: their early figures kept, as the verdict given
				* may not change (live.c's refine) */
	double force_delay_s;  /* how late the filtered force, share and heels are behind the plate */
	double support_delay_s;
	double now_s;          /* time of the newest sample */
};

struct live_analysis;

int live_analysis_new(double rate_hz, enum exercise mode, struct live_analysis **out);
void live_analysis_free(struct live_analysis *la);

/* The lowering band the screen judges a rep's verdict against ([lower_min_s, lower_max_s];
 * 0, 0: none; DESIGN.md's 3-5 s unless set). A waiting rep whose early measurement, 0.3 s
 * after the body is down, is certain and clear of the band's edges is
 * reported then, as that measurement finds it (live.c). */
void live_analysis_set_band(struct live_analysis *la, double lower_min_s, double lower_max_s);

/* Feeds one sample (times rising). Returns how many events were reported with it (>= 0)
 * or a negative code. */
int live_analysis_push(struct live_analysis *la, const struct trace_sample *s);

/* Measures now what is waiting (the heels are down or a hop has landed, but the event's
 * settling time has not passed): a set's end calls it so its last event is judged.
 * Returns how many events were reported (>= 0) or a negative code. */
int live_analysis_flush(struct live_analysis *la);

/* Every event reported so far (reps, holds or hops, as the exercise is), owned by la;
 * the lists grow only when an event is reported. */
const struct analysis *live_analysis_events(const struct live_analysis *la);

void live_analysis_state(const struct live_analysis *la, struct live_state *out);

#endif
