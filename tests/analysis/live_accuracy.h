/* live_accuracy.h: the live analysis against the offline one and the simulator's truth,
 * on accuracy.h's generated recordings, fed sample by sample as the screen feeds it and
 * flushed at the recording's end (a set's end). Used by bench_live (the whole table) and
 * test_live_analysis (assertions). */
#ifndef STATION_TEST_LIVE_ACCURACY_H
#define STATION_TEST_LIVE_ACCURACY_H

#include "accuracy.h"

#define LIVE_LOWER_MIN_S 3.0 /* a rep's verdict: its lowering within the phase 2-3 band */
#define LIVE_LOWER_MAX_S 5.0

/* Delays in seconds, growable. */
struct live_delays {
	double *s;
	size_t n, cap;
};

/* One kind of event (reps, holds or hops: enum exercise). */
struct live_kind {
	struct live_delays after_offline; /* reported at less the offline event's end (rep, hold) or landing (hop) */
	/* reps: reported at less ... */
	struct live_delays after_truth;   /* the true end (h below 10 % of H) */
	struct live_delays after_heels;   /* the true heels landing (COP halfway back) */
	struct live_delays after_both;    /* the later of the two: the rep is over */
	struct live_delays early_after_both; /* ... of the reps reported early */
	struct live_delays counted_after_truth; /* reps: counted (live_state.waiting) at less the true end */
	struct live_delays early_err, late_err; /* |lowering - the true one| of reps reported early, and later */
	size_t judged, agree;             /* verdicts compared (reps the offline analysis times, holds) and equal */
	size_t unmeasured;                /* of those not equal: reps live marked uncertain (no verdict, not a flip) */
	size_t missed;                    /* events one form reports and the other does not */
	size_t truth_judged, live_right, offline_right; /* reps both forms time: verdicts as the truth's */
	size_t twice;                     /* events live reports again (an offline one already matched) */
	size_t early;                     /* reps reported by their early look (live_state.reported_early) */
	size_t refined_changed;           /* ... of those, stored on the band's other side from the verdict shown */
	struct live_delays refined_by;    /* ... |lowering as measured again - as reported| */
	size_t verdict_kept;              /* ... measured again on the band's other side: early figures kept */
};

struct live_acc_stats {
	struct live_kind kind[3];
	double live_s, samples; /* CPU time spent in the live analysis (events included), samples fed */
};

/* Simulates one recording, runs both forms, adds to s. Returns 0, or -1 if the pipeline
 * failed (message on stderr). */
int live_accuracy_run(const struct acc_case *c, struct live_acc_stats *s);
void live_acc_stats_free(struct live_acc_stats *s);

/* Time key ("end_s", "lower_s", "heels_down_s") of the simulator's true rep (its truth
 * JSON parsed) that starts nearest start_s, within 0.5 s; NAN: none. */
struct cJSON;
double live_true_time(const struct cJSON *truth, double start_s, const char *key);

/* The q quantile of d (sorts it); NAN when empty. */
double live_delay_quantile(struct live_delays *d, double q);

#endif
