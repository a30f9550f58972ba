/* bench_live.c: the live analysis against the offline one on held-out simulated
 * recordings (accuracy.h's generator: realistic and hard disturbances, with and without
 * a rail, both legs and one, 200-2000 Hz): how late each event is reported (emitted_at
 * less the offline event's end: a rep's or hold's end, a hop's landing; p50, p95, max per
 * kind), whether the live verdict agrees with the offline one (a rep's lowering within
 * 3-5 s, a hold reaching its target), and the live cost per sample.
 *   bench_live [SEEDS]   (default 3 held-out seeds per case) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "accuracy.h"
#include "analysis.h"
#include "capture.h"
#include "dsp.h"
#include "live.h"

#define MAX_DELAYS 20000
#define LOWER_MIN_S 3.0 /* the phase 2-3 band */
#define LOWER_MAX_S 5.0

struct kind_stats {
	double delay[MAX_DELAYS];
	size_t n, agree, judged, missed;
};

static struct kind_stats stats[3]; /* by enum exercise */
static double live_s, samples;

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static bool rep_verdict(const struct rep_result *r)
{
	return r->lower_s >= LOWER_MIN_S && r->lower_s <= LOWER_MAX_S;
}

/* The offline event nearest in start time (within 0.5 s) to a live one; -1: none. */
static long match(enum exercise mode, const struct analysis *off, double start_s)
{
	size_t n;
	const char *ev = analysis_events_of(off, mode, &n);
	long best = -1;
	double best_d = 0.5;
	for (size_t i = 0; i < n; i++) {
		const double *s = (const double *)(ev + i * (mode == EXERCISE_HEEL_RAISE ? sizeof(struct rep_result)
							     : mode == EXERCISE_HOLD	   ? sizeof(struct hold_result)
											   : sizeof(struct hop_result)));
		if (fabs(*s - start_s) < best_d) { /* start_s / takeoff_s is each result's first field */
			best_d = fabs(*s - start_s);
			best = (long)i;
		}
	}
	return best;
}

static void run(const struct acc_case *c)
{
	char text[4096];
	accuracy_scenario(c, text, sizeof text);
	struct trace t;
	if (simulate_trace(text, c->rate, &t, NULL) != ST_OK)
		return;
	enum exercise mode = c->kind == ACC_HOPS ? EXERCISE_HOP : c->kind >= ACC_HOLD_STANDING ? EXERCISE_HOLD
												: EXERCISE_HEEL_RAISE;
	double hold_target = c->kind == ACC_HOLD_SEATED ? 40 : 20;
	struct analysis off;
	struct live_analysis *la;
	if (analyse_trace(&t, mode, &off) != ST_OK || live_analysis_new(t.rate_hz, mode, &la) != ST_OK) {
		trace_free(&t);
		return;
	}
	size_t seen = 0, n;
	struct kind_stats *ks = &stats[mode];
	double t0 = monotonic_s(), now = 0;
	for (size_t i = 0; i <= t.n; i++) {
		if (i < t.n) {
			struct trace_sample s;
			trace_get(&t, i, &s);
			now = s.t_s;
			if (live_analysis_push(la, &s) <= 0)
				continue;
		} else {
			live_analysis_flush(la); /* the recording's end: a set's end */
		}
		const struct analysis *on = live_analysis_events(la);
		analysis_events_of(on, mode, &n);
		for (; seen < n; seen++) {
			double start = mode == EXERCISE_HEEL_RAISE ? on->reps[seen].start_s
				       : mode == EXERCISE_HOLD	   ? on->holds[seen].start_s
								   : on->hops[seen].takeoff_s;
			long k = match(mode, &off, start);
			if (k < 0) {
				ks->missed++;
				continue;
			}
			double end = mode == EXERCISE_HEEL_RAISE ? off.reps[k].end_s
				     : mode == EXERCISE_HOLD	 ? off.holds[k].end_s
								 : off.hops[k].landing_s;
			if (ks->n < MAX_DELAYS)
				ks->delay[ks->n++] = now - end;
			if (mode == EXERCISE_HEEL_RAISE && !off.reps[k].uncertain) {
				ks->judged++;
				ks->agree += rep_verdict(&on->reps[seen]) == rep_verdict(&off.reps[k]);
			} else if (mode == EXERCISE_HOLD) {
				ks->judged++;
				ks->agree += (on->holds[seen].duration_s >= hold_target) ==
					     (off.holds[k].duration_s >= hold_target);
			}
		}
	}
	live_s += monotonic_s() - t0;
	samples += (double)t.n;
	analysis_events_of(&off, mode, &n);
	ks->missed += n > seen ? n - seen : 0;
	live_analysis_free(la);
	analysis_free(&off);
	trace_free(&t);
}

int main(int argc, char **argv)
{
	int seeds = argc > 1 ? atoi(argv[1]) : 3;
	static const unsigned rates[] = { 200, 500, 1000, 2000 };
	if (dsp_init(getenv("STATION_FFTW_WISDOM")) != ST_OK)
		return 1;
	for (int kind = 0; kind < ACC_KINDS; kind++)
		for (int noise = ACC_REALISTIC; noise < ACC_NOISES; noise++)
			for (int rail = 0; rail < 2; rail++)
				for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++)
					for (int s = 0; s < seeds; s++)
						run(&(struct acc_case){ (enum acc_kind)kind, (enum acc_noise)noise, rail,
									rates[r], ACC_HELD_OUT_SEED + (uint64_t)s });
	static const char *const names[] = { "rep", "hold", "hop" };
	printf("event  count  delay after the offline end (s): p50    p95    max   verdict agreement  not matched\n");
	for (int m = 0; m < 3; m++) {
		struct kind_stats *ks = &stats[m];
		qsort(ks->delay, ks->n, sizeof ks->delay[0], compare);
		double p50 = ks->n ? ks->delay[ks->n / 2] : NAN, p95 = ks->n ? ks->delay[(size_t)(0.95 * (double)(ks->n - 1))] : NAN;
		printf("%-5s %6zu %39.3f %6.3f %6.3f", names[m], ks->n, p50, p95, ks->n ? ks->delay[ks->n - 1] : NAN);
		if (ks->judged)
			printf("   %5.1f %% of %zu", 100.0 * (double)ks->agree / (double)ks->judged, ks->judged);
		else
			printf("   %14s", "-");
		printf("  %zu\n", ks->missed);
	}
	printf("live: %.0f ns per sample over %.0f samples (events included)\n", live_s / samples * 1e9, samples);
	dsp_shutdown();
	return 0;
}
