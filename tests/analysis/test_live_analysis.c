/* test_live_analysis.c: the incremental analysis, fed sample by sample, agrees with the
 * offline analysis on every completed event, and its live state follows the movement. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "capture.h"
#include "check.h"
#include "dsp.h"
#include "event_fields.h"
#include "live.h"
#include "live_accuracy.h"

/* a rep's feedback comes this soon after it ends, at the latest: its settling time and the
 * COP filter's delay and crossing (live.h), counted from the heels landing, which in half
 * the generated recordings comes after the rep's end (its 10 % point) by up to half a
 * second: the last tenth of a slow lowering */
#define REP_WAIT_MAX_S (LIVE_REP_SETTLE_S + 0.6)
/* ... but it is counted (live_state.waiting) this soon: the causal COP's heels-down */
#define REP_COUNT_MAX_S 0.4
/* ... and reported this soon where its early look is safe to judge it by (live.c), which it
 * is for most reps clear of the band's edges */
#define REP_EARLY_MAX_S 1.2
#define REP_EARLY_MIN_PCT 50.0 /* 60 % when written */
#define HOLD_WAIT_MAX_S 0.5
#define HOP_WAIT_MAX_S 0.3

static void simulate(const char *scenario, unsigned rate, struct trace *out)
{
	REQUIRE(simulate_trace(scenario, rate, out, NULL) == ST_OK, "simulate: %s", st_errmsg());
}

/* Feeds t to a live analysis; probe_s: a time at which to record the live state. */
static struct live_analysis *feed(const struct trace *t, enum exercise mode, double probe_s, struct live_state *probe)
{
	struct live_analysis *la;
	REQUIRE(live_analysis_new(t->rate_hz, mode, &la) == ST_OK, "new");
	size_t failed = 0;
	for (size_t i = 0; i < t->n; i++) {
		struct trace_sample s;
		trace_get(t, i, &s);
		failed += live_analysis_push(la, &s) < 0;
		if (probe && fabs(s.t_s - probe_s) < 0.5 / t->rate_hz)
			live_analysis_state(la, probe);
	}
	CHECK(failed == 0, "%zu pushes failed: %s", failed, st_errmsg());
	return la;
}

/* live_accuracy_run over kinds [first, last], the realistic and hard disturbances, with a
 * rail or not, 200-2000 Hz and seeds [seed, seed + seeds), into *stats. */
static void run_cases(enum acc_kind first, enum acc_kind last, bool rail, uint64_t seed, int seeds,
		      struct live_acc_stats *stats)
{
	static const unsigned rates[] = { 200, 500, 1000, 2000 };
	for (int kind = first; kind <= (int)last; kind++)
		for (int noise = ACC_REALISTIC; noise < ACC_NOISES; noise++)
			for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++)
				for (uint64_t s = seed; s < seed + (uint64_t)seeds; s++)
					REQUIRE(live_accuracy_run(&(struct acc_case){ .kind = (enum acc_kind)kind,
										     .noise = (enum acc_noise)noise, .rail = rail,
										     .rate = rates[r], .seed = s },
								  stats) == 0,
						"kind %d noise %d rail %d %u Hz seed %llu", kind, noise, rail, rates[r],
						(unsigned long long)s);
}

/* A heel-raise scenario simulated, fed to a live analysis and flushed, as at a set's end. */
static struct live_analysis *run_reps(const char *scenario, unsigned rate)
{
	struct trace t;
	simulate(scenario, rate, &t);
	struct live_analysis *la = feed(&t, EXERCISE_HEEL_RAISE, 0, NULL);
	CHECK(live_analysis_flush(la) >= 0, "flush");
	trace_free(&t);
	return la;
}

/* Hops after heel raises (test_analysis): live, too, counts the raises and no rep of the hops. */
static void test_hops_are_no_heel_raise(void)
{
	struct live_analysis *la = run_reps("noise 0.3\nstand 3\nraise count=2 rise=1 hold=1 lower=3 rest=2\n"
					    "hops count=8 flight=0.3 contact=0.25 jitter=0.1\nstand 3\n",
					    1000);
	CHECK(live_analysis_events(la)->n_reps == 2, "the 2 heel raises before the hops: %zu reps",
	      live_analysis_events(la)->n_reps);
	live_analysis_free(la);
}

static void test_reps_agree(void)
{
	struct trace t;
	struct analysis off;
	struct live_state mid;
	simulate("noise 0.6\nhum 50 1.5\nsway 2\nempty 2\nstep-on 1\nstand 3\n"
		 "raise count=8 rise=1 hold=1.5 lower=4 height=50 rest=2 jitter=0.1\nstand 4\n", 1000, &t);
	REQUIRE(analyse_trace(&t, EXERCISE_HEEL_RAISE, &off) == ST_OK, "offline: %s", st_errmsg());
	REQUIRE(off.n_reps == 8, "reps offline: %zu", off.n_reps);
	struct live_analysis *la = feed(&t, EXERCISE_HEEL_RAISE, off.reps[2].top_s + 0.5, &mid);
	const struct analysis *on = live_analysis_events(la);
	CHECK(on->n_reps == off.n_reps, "reps: live %zu, offline %zu", on->n_reps, off.n_reps);
	for (size_t i = 0; i < on->n_reps && i < off.n_reps; i++) {
		CHECK_NEAR(on->reps[i].start_s, off.reps[i].start_s, 0.02, "start");
		CHECK_NEAR(on->reps[i].lower_start_s, off.reps[i].lower_start_s, 0.05, "lower_start");
		CHECK_NEAR(on->reps[i].end_s, off.reps[i].end_s, 0.05, "end");
		CHECK_NEAR(on->reps[i].height_mm, off.reps[i].height_mm, 1.0, "height");
		CHECK_NEAR(on->reps[i].left_share_pct, off.reps[i].left_share_pct, 0.3, "left share");
	}
	CHECK(mid.weighed && mid.loaded && mid.heels_up, "at the top of rep 3: weighed, loaded, heels up");
	CHECK(mid.held_s > 0.5 && mid.held_s < 2.5, "held so far: %.2f s", mid.held_s);
	CHECK_NEAR(mid.left_share_pct, 50, 2, "live load share");
	live_analysis_free(la);
	analysis_free(&off);
	trace_free(&t);
}

/* A recording whose times begin before 0 (a CSV may): live finds its reps as offline, each
 * soon after it ends. Nothing was weighed, nor reported, until t 0 (the first weighing was
 * due at 0): 60 s early, none of 5 reps; 10 s early, 4. */
static void test_times_before_zero(void)
{
	struct trace t;
	struct analysis off;
	simulate("noise 0.6\nempty 2\nstep-on 1\nstand 3\nraise count=5 rise=1 hold=1 lower=4 rest=2\nstand 3\n", 500, &t);
	for (size_t i = 0; i < t.n; i++)
		t.t_s[i] -= 60;
	REQUIRE(analyse_trace(&t, EXERCISE_HEEL_RAISE, &off) == ST_OK && off.n_reps == 5, "offline: %zu reps",
		off.n_reps);
	struct live_analysis *la = feed(&t, EXERCISE_HEEL_RAISE, 0, NULL);
	CHECK(live_analysis_flush(la) >= 0, "flush");
	const struct analysis *on = live_analysis_events(la);
	CHECK(on->n_reps == 5, "reps before t 0: live %zu of 5", on->n_reps);
	live_analysis_free(la);
	analysis_free(&off);
	trace_free(&t);
}

/* Each rep as the live analysis reported it (a rep measured early is measured again, and
 * its figures then replaced: live.h's refined), when, and when the state first counted it. */
#define AS_REPORTED_MAX 16
struct as_reported {
	size_t n;
	double at[AS_REPORTED_MAX], counted_at[AS_REPORTED_MAX];
	double start_s[AS_REPORTED_MAX], lower_s[AS_REPORTED_MAX];
	bool early[AS_REPORTED_MAX];
	bool refining; /* at the recording's end, a rep still waits to be measured again */
	int verdict_kept; /* live_state's */
};

/* Feeds a heel-raise recording sample by sample, the lowering band [lo_s, hi_s], noting
 * each rep as reported. */
static struct live_analysis *feed_reps(const struct trace *t, double lo_s, double hi_s, struct as_reported *out)
{
	struct live_analysis *la;
	REQUIRE(live_analysis_new(t->rate_hz, EXERCISE_HEEL_RAISE, &la) == ST_OK, "new");
	live_analysis_set_band(la, lo_s, hi_s);
	*out = (struct as_reported){ .n = 0 };
	size_t counted = 0;
	int early_so_far = 0;
	struct live_state st;
	for (size_t i = 0; i < t->n; i++) {
		struct trace_sample smp;
		trace_get(t, i, &smp);
		live_analysis_push(la, &smp);
		live_analysis_state(la, &st);
		const struct analysis *on = live_analysis_events(la);
		for (; out->n < on->n_reps && out->n < AS_REPORTED_MAX; out->n++) {
			out->at[out->n] = smp.t_s;
			out->early[out->n] = st.reported_early > early_so_far; /* reported alone */
			out->start_s[out->n] = on->reps[out->n].start_s;
			out->lower_s[out->n] = on->reps[out->n].lower_s;
		}
		early_so_far = st.reported_early;
		for (; counted < out->n + (size_t)st.waiting && counted < AS_REPORTED_MAX; counted++)
			out->counted_at[counted] = smp.t_s;
	}
	out->refining = st.refining;
	out->verdict_kept = st.verdict_kept;
	return la;
}

/* Whether a lowering lies in the default band (the verdict "good"). */
static bool in_band(double lower_s)
{
	return lower_s >= LIVE_BAND_LO_S && lower_s <= LIVE_BAND_HI_S;
}

/* Over seeds, rates, rests and legs: the same reps live as offline, each counted as its
 * heels land and reported soon after it ends (the patient's feedback waits for this). A
 * rep reported early (live.c), by a shorter window, has offline's verdict; once measured
 * again whole (live.h's refined), every rep's lowering is offline's. */
static void test_reps_agree_and_come_soon(void)
{
	double worst_delay = 0, worst_lower = 0, worst_count = 0, worst_early = 0;
	double worst_early_truth = 0, worst_offline_truth = 0;
	int cases = 0, reps = 0, early = 0, early_wrong = 0, not_refined = 0;
	for (int seed = 1; seed <= 4; seed++)
		for (int k = 0; k < 6; k++) {
			/* rests of 1 s between reps are not here: both forms then measure the
			 * lowering worse (up to 0.7 s off the truth), a known limit */
			static const double rests[] = { 1.5, 2.0, 2.5 };
			char scenario[512];
			snprintf(scenario, sizeof scenario,
				 "seed %d\nnoise 0.8\nhum 50 2\nsway 2\nempty 2\nstep-on 1\nstand 3\nstand 2 leg=%s\n"
				 "raise count=6 rise=1 hold=1 lower=4 height=50 rest=%.1f jitter=0.15\nstand 4\n",
				 seed, k < 3 ? "both" : "left", rests[k % 3]);
			struct trace t;
			struct analysis off;
			char *truth_json = NULL;
			REQUIRE(simulate_trace(scenario, seed % 2 ? 1000 : 500, &t, &truth_json) == ST_OK, "simulate: %s",
				st_errmsg());
			cJSON *truth = cJSON_Parse(truth_json);
			free(truth_json);
			REQUIRE(truth, "the truth's JSON");
			REQUIRE(analyse_trace(&t, EXERCISE_HEEL_RAISE, &off) == ST_OK, "offline: %s", st_errmsg());
			struct as_reported rep;
			struct live_analysis *la = feed_reps(&t, LIVE_BAND_LO_S, LIVE_BAND_HI_S, &rep);
			not_refined += rep.refining;
			const struct analysis *on = live_analysis_events(la);
			CHECK(on->n_reps == off.n_reps && on->n_reps == 6, "seed %d case %d: live %zu, offline %zu reps",
			      seed, k, on->n_reps, off.n_reps);
			for (size_t i = 0; i < on->n_reps && i < off.n_reps && i < rep.n; i++) {
				const struct rep_result *r = &on->reps[i], *o = &off.reps[i];
				double true_lower = live_true_time(truth, o->start_s, "lower_s");
				if (getenv("LIVE_DEBUG"))
					printf("seed %d case %d rep %zu: end %.2f reported %.2f%s lower %.3f (%.3f as reported) vs "
					       "%.3f, truth %.3f\n",
					       seed, k, i, r->end_s, rep.at[i], rep.early[i] ? " early" : "", r->lower_s,
					       rep.lower_s[i], o->lower_s, true_lower);
				worst_delay = fmax(worst_delay, rep.at[i] - o->end_s);
				worst_count = fmax(worst_count, rep.counted_at[i] - o->end_s);
				worst_lower = fmax(worst_lower, fabs(r->lower_s - o->lower_s));
				reps++;
				if (!rep.early[i])
					continue;
				early++;
				early_wrong += in_band(rep.lower_s[i]) != in_band(o->lower_s);
				worst_early = fmax(worst_early, rep.at[i] - o->end_s);
				worst_early_truth = fmax(worst_early_truth, fabs(rep.lower_s[i] - true_lower));
				worst_offline_truth = fmax(worst_offline_truth, fabs(o->lower_s - true_lower));
			}
			cases++;
			live_analysis_free(la);
			analysis_free(&off);
			cJSON_Delete(truth);
			trace_free(&t);
		}
	printf("%d recordings: live lowering (early reps measured again) within %.3f s of offline; each rep counted at "
	       "most %.2f s and reported at most %.2f s after its end\n",
	       cases, worst_lower, worst_count, worst_delay);
	CHECK(not_refined == 0, "%d reps reported early never measured again", not_refined);
	CHECK(worst_count < REP_COUNT_MAX_S, "counted %.2f s after the rep ended", worst_count);
	CHECK(worst_lower < 0.15, "live vs offline lowering: %.3f s", worst_lower);
	CHECK(worst_delay < REP_WAIT_MAX_S, "reported %.2f s after the rep ended", worst_delay);
	/* as reported, a slow lowering's early figure runs up to 0.75 s short here (live.c) */
	printf("%d of %d reps reported early, at most %.2f s after their end, %d of them on the band's other side; "
	       "as reported, their lowering within %.3f s of the truth (offline's %.3f s)\n",
	       early, reps, worst_early, early_wrong, worst_early_truth, worst_offline_truth);
	CHECK(100.0 * early >= REP_EARLY_MIN_PCT * reps, "%d of %d reps reported early", early, reps);
	CHECK(worst_early < REP_EARLY_MAX_S, "reported early %.2f s after the rep ended", worst_early);
	CHECK(early_wrong == 0, "%d early verdicts not the offline one", early_wrong);
}

/* A stranger's slow-lowering case: 70 kg, drift of 0.3 N, standing 3 s either side of the
 * scenario line raise, at 1 kHz; measured offline (off) and live with the default band
 * (its reps as reported in rep). */
static struct live_analysis *slow_case(int seed, const char *raise, struct trace *t, struct analysis *off,
				       struct as_reported *rep)
{
	char scenario[512];
	snprintf(scenario, sizeof scenario,
		 "seed %d\nmass 70\nnoise 0.6\nhum 50 2\nsway 2\ndrift 0.3\nempty 2\nstep-on 1\nstand 3\n%s\nstand 3\n",
		 seed, raise);
	simulate(scenario, 1000, t);
	REQUIRE(analyse_trace(t, EXERCISE_HEEL_RAISE, off) == ST_OK, "offline: %s", st_errmsg());
	return feed_reps(t, LIVE_BAND_LO_S, LIVE_BAND_HI_S, rep);
}

/* Slow lowerings just past the band's top (a stranger's: 5.1-5.25 s, drift, rests of 1-2 s):
 * their early figures ran 0.5-0.8 s short, and with 0.2 s below the edge 26 of 378 early
 * reports were "good" where offline says too slow. None now on the band's other side. */
static void test_slow_lowerings_not_judged_early_wrong(void)
{
	int early = 0, wrong = 0, reps = 0;
	for (int seed = 1; seed <= 5; seed++)
		for (int k = 0; k < 4; k++) {
			char raise[128];
			snprintf(raise, sizeof raise, "raise count=6 rise=1 hold=1 lower=%s rest=%s jitter=0.05",
				 k % 2 ? "5.25" : "5.1", k < 2 ? "2.0" : "1.0");
			struct trace t;
			struct analysis off;
			struct as_reported rep;
			struct live_analysis *la = slow_case(seed, raise, &t, &off, &rep);
			for (size_t i = 0; i < rep.n; i++) {
				reps++;
				early += rep.early[i];
				for (size_t j = 0; rep.early[i] && j < off.n_reps; j++)
					wrong += fabs(off.reps[j].start_s - rep.start_s[i]) < 0.5 && !off.reps[j].uncertain &&
						 (off.reps[j].lower_s <= LIVE_BAND_HI_S) != (rep.lower_s[i] <= LIVE_BAND_HI_S);
			}
			live_analysis_free(la);
			analysis_free(&off);
			trace_free(&t);
		}
	printf("slow lowerings about 5 s: %d of %d reps reported early, %d of them on the band's other side\n", early,
	       reps, wrong);
	CHECK(reps >= 100, "%d reps", reps);
	CHECK(wrong == 0, "%d early reports on the band's other side from offline", wrong);
}

/* Slow lowerings whose tail goes on past the heels landing (a stranger's: 4.5-6 s, default
 * heels, drift, rests of 2 s): a rep is taken once its measurement has settled (live.c's
 * lowering_settled), not at a fixed time, when a window ending in the tail takes it for
 * the rest after. Before, one of 37 came out 1.19 s short of offline with no word of
 * doubt, and two were on the band's other side (the stranger's: 5.77 s offline, 4.58 s
 * live, "good" for "too slow"). */
static void test_slow_tails_settle(void)
{
	int reps = 0, off_by = 0, flipped = 0;
	double worst = 0;
	for (int seed = 1; seed <= 5; seed++) {
		struct trace t;
		struct analysis off;
		struct as_reported rep;
		struct live_analysis *la = slow_case(
			seed, "raise count=10 rise=1 hold=1 lower=5.2 height=50 rest=2 jitter=0.1 vary=0.3", &t, &off, &rep);
		const struct analysis *on = live_analysis_events(la);
		for (size_t i = 0; i < on->n_reps; i++)
			for (size_t j = 0; j < off.n_reps; j++) {
				const struct rep_result *r = &on->reps[i], *o = &off.reps[j];
				if (fabs(o->start_s - r->start_s) >= 0.5 || r->uncertain || o->uncertain)
					continue;
				reps++;
				double d = fabs(r->lower_s - o->lower_s);
				worst = fmax(worst, d);
				off_by += d > 0.5;
				flipped += (r->lower_s > LIVE_BAND_HI_S) != (o->lower_s > LIVE_BAND_HI_S);
			}
		live_analysis_free(la);
		analysis_free(&off);
		trace_free(&t);
	}
	printf("slow tails: %d reps timed live and offline, lowering within %.2f s of offline, %d more than 0.5 s off, "
	       "%d on the band's other side\n",
	       reps, worst, off_by, flipped);
	CHECK(reps >= 25, "%d reps timed by both", reps);
	CHECK(off_by == 0, "%d reps more than 0.5 s off offline", off_by);
	CHECK(flipped == 0, "%d reps on the band's other side from offline", flipped);
}

/* Reps with hardly a pause at the bottom (a stranger's: rests of 0.2 s, 3.8 s lowerings,
 * drift): the heels are down 1.3-1.6 s between reps, and offline, which sees the next
 * rep's heels leave within REPS_SHORT_GAP_S, takes all that as the rest between them
 * (reps.c's rep_window). Live, a measurement then said "not measured" where offline
 * timed the rep: its window's last 0.5 s, its rest after, held the next rep's rise
 * beginning. A rep measured uncertain now waits for the next rep's heels (or for
 * REPS_SHORT_GAP_S) and is measured as offline does (before: 5 of the 60 reps offline times
 * "not measured" live). */
static void test_short_rests_measured_as_offline(void)
{
	int reps = 0, unmeasured = 0, flipped = 0;
	for (int seed = 1; seed <= 6; seed++) {
		struct trace t;
		struct analysis off;
		struct as_reported rep;
		struct live_analysis *la = slow_case(
			seed, "raise count=10 rise=0.8 hold=0.5 lower=3.8 height=50 rest=0.2 jitter=0.1 vary=0.3", &t, &off,
			&rep);
		const struct analysis *on = live_analysis_events(la);
		for (size_t i = 0; i < on->n_reps; i++)
			for (size_t j = 0; j < off.n_reps; j++) {
				const struct rep_result *r = &on->reps[i], *o = &off.reps[j];
				if (fabs(o->start_s - r->start_s) >= 0.5 || o->uncertain)
					continue;
				reps++;
				unmeasured += r->uncertain != NULL;
				flipped += !r->uncertain && in_band(r->lower_s) != in_band(o->lower_s);
			}
		live_analysis_free(la);
		analysis_free(&off);
		trace_free(&t);
	}
	printf("short rests: %d reps timed offline, %d of them 'not measured' live, %d on the band's other side\n", reps,
	       unmeasured, flipped);
	CHECK(reps >= 40, "%d reps timed offline", reps);
	CHECK(unmeasured <= 1, "%d reps 'not measured' live that offline times", unmeasured);
	CHECK(flipped <= 1, "%d reps on the band's other side from offline", flipped);
}

/* The same on a rail (4 %), where a rep whose measurement is uncertain is kept back for
 * the next: the next rep too is taken only once settled, never at its first look, 0.25 s
 * before LIVE_REP_SETTLE_S (a stranger's: taken there, 4.60 s became 3.78 s, offline
 * 5.05 s). */
static void test_rail_reps_settle_too(void)
{
	double soonest = INFINITY;
	int reps = 0;
	for (int seed = 1; seed <= 3; seed++) {
		char scenario[512];
		snprintf(scenario, sizeof scenario,
			 "seed %d\nmass 70\nnoise 0.6\nhum 50 2\nsway 2\ndrift 0.3\nrail 4\nempty 2\nstep-on 1\nstand 3\n"
			 "raise count=10 rise=1 hold=1 lower=5.3 height=50 rest=1.5 jitter=0.1 vary=0.3\nstand 3\n",
			 seed);
		struct trace t;
		char *truth_json = NULL;
		REQUIRE(simulate_trace(scenario, 1000, &t, &truth_json) == ST_OK, "simulate: %s", st_errmsg());
		cJSON *truth = cJSON_Parse(truth_json);
		free(truth_json);
		REQUIRE(truth, "the truth's JSON");
		struct as_reported rep;
		live_analysis_free(feed_reps(&t, LIVE_BAND_LO_S, LIVE_BAND_HI_S, &rep));
		for (size_t i = 0; i < rep.n; i++)
			if (!rep.early[i]) {
				soonest = fmin(soonest, rep.at[i] - live_true_time(truth, rep.start_s[i], "heels_down_s"));
				reps++;
			}
		cJSON_Delete(truth);
		trace_free(&t);
	}
	printf("slow lowerings on a rail: %d reps not reported early, the soonest %.2f s after its heels landed\n", reps,
	       soonest);
	CHECK(reps >= 10, "%d reps", reps);
	CHECK(soonest >= LIVE_REP_SETTLE_S - 0.1, "a rep reported %.2f s after its heels landed: before it settled",
	      soonest);
}

/* A verdict given is never changed: a rep reported early and measured again whole keeps
 * the side of the band the patient was told, whatever the band. Here slow lowerings with
 * short rests (measured 3.3-4.7 s; early figures up to 0.75 s short) against bands whose
 * top lies among them, where a whole window's figure may fall beyond the edge its early
 * one was clear of (with tops of 3.3-3.5 s, 2 of 29: their verdicts changed before
 * live.c's refine kept them; since reps.c's heels_at_same_height calls more early looks
 * uncertain, those cross no more, and the tops of 4.3 and 4.4 s give 2). */
static void test_verdict_given_stands(void)
{
	static const double tops[] = { 3.3, 3.4, 3.5, 4.3, 4.4 };
	int early = 0, changed = 0, kept = 0;
	for (int seed = 1; seed <= 6; seed++) {
		char scenario[512];
		snprintf(scenario, sizeof scenario,
			 "seed %d\nnoise 0.8\nhum 50 2\nsway 2\nempty 2\nstep-on 1\nstand 3\n"
			 "raise count=6 rise=1 hold=1 lower=4 height=50 rest=1.5 jitter=0.15\nstand 4\n",
			 seed);
		struct trace t;
		simulate(scenario, 1000, &t);
		for (size_t b = 0; b < sizeof tops / sizeof tops[0]; b++) {
			struct as_reported rep;
			struct live_analysis *la = feed_reps(&t, 2.0, tops[b], &rep);
			const struct analysis *on = live_analysis_events(la);
			for (size_t i = 0; i < rep.n && i < on->n_reps; i++) {
				early += rep.early[i];
				changed += rep.early[i] && (rep.lower_s[i] > tops[b]) != (on->reps[i].lower_s > tops[b]);
			}
			kept += rep.verdict_kept;
			live_analysis_free(la);
		}
		trace_free(&t);
	}
	printf("bands topping among slow lowerings: %d reps reported early, %d of them kept their early figures "
	       "(measured again on the band's other side), %d verdicts changed\n",
	       early, kept, changed);
	CHECK(early >= 20, "%d reps reported early", early);
	CHECK(kept >= 1, "no rep measured again across the band's edge: these bands no longer test it");
	CHECK(changed == 0, "%d verdicts given changed once the rep was measured again", changed);
}

static void test_holds_and_hops_agree(void)
{
	struct trace t;
	struct analysis off;
	struct live_state mid;
	simulate("noise 0.6\nsway 1\nsit 3\nhold seated seconds=30 push=30\nsit 5\nhold seated seconds=20 push=30\nsit 4\n", 500,
		 &t);
	REQUIRE(analyse_trace(&t, EXERCISE_HOLD, &off) == ST_OK, "offline: %s", st_errmsg());
	REQUIRE(off.n_holds == 2, "holds offline: %zu", off.n_holds);
	size_t plans = dsp_late_plans();
	struct live_analysis *la = feed(&t, EXERCISE_HOLD, off.holds[0].start_s + 10, &mid);
	const struct analysis *on = live_analysis_events(la);
	CHECK(dsp_late_plans() == plans, "%zu FFT sizes planned after the start", dsp_late_plans() - plans);
	CHECK(on->n_holds == off.n_holds, "holds: live %zu, offline %zu", on->n_holds, off.n_holds);
	for (size_t i = 0; i < on->n_holds && i < off.n_holds; i++)
		CHECK_NEAR(on->holds[i].duration_s, off.holds[i].duration_s, 0.05, "hold duration");
	CHECK(mid.heels_up && fabs(mid.held_s - 10) < 0.3, "10 s into the hold: held %.2f s", mid.held_s);
	CHECK(isfinite(mid.cop_sway_mm) && mid.cop_sway_mm < 3, "a still hold sways %.2f mm", mid.cop_sway_mm);
	live_analysis_free(la);
	/* ... and 2.5 s in, once the screen shows it: the rise's own travel is not sway (a
	 * steady hold read "Wobbly: keep still" until 6 s in) */
	la = feed(&t, EXERCISE_HOLD, off.holds[0].start_s + 2.5, &mid);
	CHECK(mid.heels_up && isfinite(mid.cop_sway_mm) && mid.cop_sway_mm < 3, "2.5 s into a still hold: sway %.2f mm",
	      mid.cop_sway_mm);
	live_analysis_free(la);
	analysis_free(&off);
	trace_free(&t);

	simulate("noise 0.6\nempty 2\nstep-on 1\nstand 3\nhops count=8 flight=0.3 contact=0.22\nstand 3\n"
		 "hops count=4 flight=0.25 contact=0.3\nstand 3\n",
		 1000, &t);
	REQUIRE(analyse_trace(&t, EXERCISE_HOP, &off) == ST_OK, "offline: %s", st_errmsg());
	la = feed(&t, EXERCISE_HOP, 0, NULL);
	on = live_analysis_events(la);
	CHECK(on->n_hops == 12 && off.n_hops == 12, "hops: live %zu, offline %zu", on->n_hops, off.n_hops);
	for (size_t i = 0; i < on->n_hops && i < off.n_hops; i++) {
		CHECK_NEAR(on->hops[i].flight_s, off.hops[i].flight_s, 1e-4, "flight");
		/* live, a contact is known when the next take-off came before the hop was due */
		if (!isnan(on->hops[i].contact_s))
			CHECK_NEAR(on->hops[i].contact_s, off.hops[i].contact_s, 1e-3, "contact");
		else
			CHECK(!(off.hops[i].contact_s < LIVE_HOP_WAIT_S - 0.01), "hop %zu: a contact of %.3f s not told live",
			      i, off.hops[i].contact_s);
	}
	live_analysis_free(la);
	/* a plate's zero 30 N off: the same hops (the threshold is above the flight's reading;
	 * the empty plates before the step-on, reading 60 N, are not the body's weight) */
	shift_zero(&t, 30);
	REQUIRE(live_analysis_new(t.rate_hz, EXERCISE_HOP, &la) == ST_OK, "new");
	double latest = 0; /* each hop reported within HOP_WAIT_MAX_S of its landing, the first too
			    * (the flight's reading learnt from 0: the first ones came up to 0.8 s late) */
	for (size_t i = 0; i < t.n; i++) {
		struct trace_sample smp;
		trace_get(&t, i, &smp);
		size_t before = live_analysis_events(la)->n_hops;
		REQUIRE(live_analysis_push(la, &smp) >= 0, "push: %s", st_errmsg());
		for (size_t k = before; k < live_analysis_events(la)->n_hops; k++)
			latest = fmax(latest, smp.t_s - live_analysis_events(la)->hops[k].landing_s);
	}
	on = live_analysis_events(la);
	CHECK(on->n_hops == off.n_hops, "zero 30 N off: live %zu hops", on->n_hops);
	CHECK(latest <= HOP_WAIT_MAX_S, "zero 30 N off: a hop reported %.3f s after its landing", latest);
	for (size_t i = 0; i < on->n_hops && i < off.n_hops; i++)
		CHECK(fabs(on->hops[i].flight_s - off.hops[i].flight_s) < 0.002, "zero 30 N off, hop %zu: %.4f s, not %.4f s",
		      i, on->hops[i].flight_s, off.hops[i].flight_s);
	live_analysis_free(la);
	analysis_free(&off);
	trace_free(&t);
}

/* Hops from the first second, no quiet stance before them: live, they are measured at
 * the first weighing, after them, and each reported once (the first 30 of 34 were lost:
 * the detectors start at the weighing). */
static void test_hops_before_weighing(void)
{
	struct trace t;
	struct analysis off;
	simulate("noise 0.6\nstand 0.2\nhops count=30 flight=0.3 contact=0.2\nstand 1.2\n"
		 "hops count=4 flight=0.25 contact=0.3\nstand 3\n",
		 1000, &t);
	REQUIRE(analyse_trace(&t, EXERCISE_HOP, &off) == ST_OK, "offline: %s", st_errmsg());
	struct live_analysis *la = feed(&t, EXERCISE_HOP, 0, NULL);
	const struct analysis *on = live_analysis_events(la);
	CHECK(off.n_hops == 34 && on->n_hops == off.n_hops, "hops: live %zu, offline %zu", on->n_hops, off.n_hops);
	for (size_t i = 0; i < on->n_hops && i < off.n_hops; i++)
		CHECK(fabs(on->hops[i].flight_s - off.hops[i].flight_s) < 1e-4 &&
			      fabs(on->hops[i].takeoff_s - off.hops[i].takeoff_s) < 1e-3,
		      "hop %zu: live %.4f s at %.3f, offline %.4f s at %.3f", i, on->hops[i].flight_s,
		      on->hops[i].takeoff_s, off.hops[i].flight_s, off.hops[i].takeoff_s);
	live_analysis_free(la);
	analysis_free(&off);
	trace_free(&t);
}

/* Live counts as offline where the weighing is late or first wrong: empty plates with
 * their zeros off (weighed as the patient at 80 N a plate; not weighed again after 2 min
 * of them), then movement before any quiet standing; and a recording that begins in a
 * hold or a rep, weighed at its still top (a stranger's: the first hold or rep, or every
 * event, never reported live). */
static void test_late_weighing_loses_nothing(void)
{
	static const char light_hops[] = "mass 45\nnoise 0.6\nhum 50 2\nsway 2\nempty 3\nstep-on 1\nstand 3\n"
					 "hops count=10 flight=0.3 contact=0.22\nstand 2\n";
	static const struct {
		const char *scenario;
		enum exercise mode;
		unsigned rate;
		double zero[2];
	} cases[] = {
		{ "mass 70\nnoise 0.6\nhum 50 2\nsway 2\nempty 3\nstep-on 1\nhops count=15 flight=0.3 contact=0.22\n"
		  "stand 3\nhops count=8\nstand 2\n",
		  EXERCISE_HOP, 1000, { 25, 25 } },
		{ "mass 75\nnoise 0.6\nsway 2\nempty 3\nstep-on 1\nstand 3\n"
		  "raise count=6 rise=1 hold=1 lower=4 height=55 rest=2\nstand 2\n",
		  EXERCISE_HEEL_RAISE, 1000, { 80, 80 } },
		/* ... the empty plates over a third of a light patient's weight (their reading was
		 * the weight before, compared with the patient's without it: nothing reported) */
		{ light_hops, EXERCISE_HOP, 1000, { 80, 80 } },
		/* ... and over half of it: someone on them only by the COP appearing */
		{ light_hops, EXERCISE_HOP, 1000, { 0, 240 } },
		{ "mass 70\nnoise 0.6\nsway 2\nempty 3\nstep-on 1\nstand 3\nhold standing seconds=10 height=45\n"
		  "stand 3\nhold standing seconds=10 height=45\nstand 3\n",
		  EXERCISE_HOLD, 500, { 180, 180 } },
		{ "mass 75\nnoise 0.6\nsway 2\nempty 125\nstep-on 1\nstand 3\n"
		  "raise count=6 rise=1 hold=1 lower=4 height=55 rest=2\nstand 2\n",
		  EXERCISE_HEEL_RAISE, 200, { 40, 25 } },
		{ "mass 70\nnoise 0.6\nhum 50 2\nsway 2\nhold standing seconds=10 height=45\nstand 2\n"
		  "hold standing seconds=10\nstand 3\n",
		  EXERCISE_HOLD, 1000, { 0, 0 } },
		{ "mass 70\nnoise 0.6\nsway 2\nraise count=6 rise=1 hold=0 lower=4 height=55 rest=2\nstand 3\n",
		  EXERCISE_HEEL_RAISE, 500, { 0, 0 } },
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		struct trace t;
		struct analysis off;
		simulate(cases[k].scenario, cases[k].rate, &t);
		shift_zeros(&t, cases[k].zero[0], cases[k].zero[1]);
		REQUIRE(analyse_trace(&t, cases[k].mode, &off) == ST_OK, "case %zu offline: %s", k, st_errmsg());
		struct live_analysis *la = feed(&t, cases[k].mode, 0, NULL);
		REQUIRE(live_analysis_flush(la) >= 0, "flush: %s", st_errmsg());
		size_t n_on, n_off;
		const char *on_ev = analysis_events_of(live_analysis_events(la), cases[k].mode, &n_on);
		const char *off_ev = analysis_events_of(&off, cases[k].mode, &n_off);
		CHECK(n_off > 0 && n_on == n_off, "case %zu: live %zu events, offline %zu", k, n_on, n_off);
		/* each the offline one: its start (a rep's, a hold's) or take-off, each kind's first
		 * field, within 50 ms */
		size_t size = event_kind_of(cases[k].mode)->size;
		for (size_t i = 0; i < n_on && i < n_off; i++) {
			double a = *(const double *)(on_ev + i * size), b = *(const double *)(off_ev + i * size);
			CHECK(fabs(a - b) < 0.05, "case %zu event %zu: live from %.3f s, offline %.3f s", k, i, a, b);
		}
		live_analysis_free(la);
		analysis_free(&off);
		trace_free(&t);
	}
}

/* Live, a light patient's seated holds (53 N on the feet) are each reported: the weighing
 * looked again every second while under EMPTY_MAX_N, its window then began in a hold, the
 * flat foot was learnt heels up, and a stranger's holds 2-5 were lost. */
static void test_seated_light_holds(void)
{
	struct trace t;
	simulate("mass 45\nnoise 0.6\nsway 1\nempty 2\nsit 5 load=12\nhold seated seconds=30\nsit 40 load=12\n"
		 "hold seated seconds=30\nsit 40 load=12\nhold seated seconds=30\nsit 5 load=12\n",
		 1000, &t);
	struct live_analysis *la = feed(&t, EXERCISE_HOLD, 0, NULL);
	const struct analysis *on = live_analysis_events(la);
	CHECK(on->n_holds == 3, "seated, light: %zu of 3 holds live", on->n_holds);
	live_analysis_free(la);
	trace_free(&t);
	/* standing holds after empty plates with their zeros 25 N off: weighed standing */
	simulate("mass 70\nnoise 0.6\nsway 1\nempty 3\nstep-on 1\nstand 3\nhold standing seconds=20 height=45\n"
		 "stand 3\nhold standing seconds=15 height=45\nstand 3\n",
		 1000, &t);
	shift_zero(&t, 25);
	la = feed(&t, EXERCISE_HOLD, 0, NULL);
	on = live_analysis_events(la);
	CHECK(on->n_holds == 2 && fabs(on->body_weight_n - 70 * STANDARD_GRAVITY) < 5,
	      "standing, zeros +25 N: %zu of 2 holds live, weighed %.1f N (the zeros taken off)", on->n_holds,
	      on->body_weight_n);
	live_analysis_free(la);
	trace_free(&t);
}

/* In a hop's flight the plates are empty; the live state keeps when they last carried
 * someone and that contact's share, for the screen to show through the flight rather
 * than "Nobody on the plate" at every hop. */
static void test_share_kept_through_flight(void)
{
	struct trace t;
	simulate("noise 0.6\nstand 3\nhops count=8 flight=0.3 contact=0.22 leg=left\nstand 3\n", 1000, &t);
	struct live_analysis *la;
	REQUIRE(live_analysis_new(t.rate_hz, EXERCISE_HOP, &la) == ST_OK, "new");
	size_t empty = 0, kept = 0;
	double worst_gap_s = 0;
	for (size_t i = 0; i < t.n; i++) {
		struct trace_sample s;
		struct live_state ls;
		trace_get(&t, i, &s);
		live_analysis_push(la, &s);
		live_analysis_state(la, &ls);
		if (!ls.weighed || ls.loaded)
			continue;
		empty++;
		worst_gap_s = fmax(worst_gap_s, ls.now_s - ls.loaded_at_s);
		kept += ls.loaded_share_pct > 90; /* all on the left foot */
	}
	CHECK(empty > 500 && kept == empty && worst_gap_s < 0.5,
	      "%zu samples in the air: %zu with the last contact's share, at most %.2f s after it", empty, kept,
	      worst_gap_s);
	live_analysis_free(la);
	trace_free(&t);
}

/* Over held-out generated recordings (both legs, realistic and hard disturbances, with
 * and without a rail, 200-2000 Hz): every rep reported within REP_WAIT_MAX_S of its true end
 * (the heels landing), but for a rep on a rail kept back for the next one (live.c), which
 * comes with it: within REP_CYCLE_MAX_S more (the longest rep and rest the recordings
 * have). None lost, and the live verdict (lowering within 3-5 s) the offline one in at
 * least 97 % of the reps the offline analysis times (issue 16). */
#define REP_CYCLE_MAX_S 12.5
/* ... and many reps reported early: without a rail 31 % of these, with one 81 %, when written */
#define REP_EARLY_MIN_ACC_PCT 20.0
static void test_rep_verdicts_come_soon_and_agree(void)
{
	static struct live_acc_stats stats[2]; /* without a rail, with one */
	for (int rail = 0; rail < 2; rail++)
		run_cases(ACC_RAISE, ACC_RAISE_SINGLE, rail, ACC_HELD_OUT_SEED, 1, &stats[rail]);
	size_t judged = 0, agreed = 0;
	for (int rail = 0; rail < 2; rail++) {
		struct live_kind *reps = &stats[rail].kind[EXERCISE_HEEL_RAISE];
		double worst = live_delay_quantile(&reps->after_truth, 1), median = live_delay_quantile(&reps->after_truth, 0.5);
		printf("%s: %zu reps judged %.2f s (median), at most %.2f s after their end; %.2f s (median) after the rep "
		       "was over (heels and body down); %zu reported early\n",
		       rail ? "a hand on a rail" : "no rail", reps->after_truth.n, median, worst,
		       live_delay_quantile(&reps->after_both, 0.5), reps->early);
		CHECK(reps->after_truth.n > 100, "%zu reps reported", reps->after_truth.n);
		CHECK(100.0 * (double)reps->early >= REP_EARLY_MIN_ACC_PCT * (double)reps->after_truth.n,
		      "%zu of %zu reps reported early", reps->early, reps->after_truth.n);
		CHECK(reps->missed == 0, "%zu reps reported by one form only", reps->missed);
		CHECK(reps->twice == 0, "%zu reps reported twice live", reps->twice);
		CHECK(worst < REP_WAIT_MAX_S + (rail ? REP_CYCLE_MAX_S : 0), "%s: a rep reported %.2f s after the heels landed",
		      rail ? "rail" : "no rail", worst);
		judged += reps->judged;
		agreed += reps->agree;
		live_acc_stats_free(&stats[rail]);
	}
	double agree = judged ? 100.0 * (double)agreed / (double)judged : 0;
	printf("verdict as offline in %.1f %% of %zu reps\n", agree, judged);
	CHECK(agree >= 97.0, "live verdict as offline in %.1f %% of reps", agree);
}

/* A hand on a rail, where every disagreement on bench_live's seeds lies (live.c): the
 * live verdict is the offline one in at least 97 % of the rail reps on seeds that neither
 * tuning nor bench_live looked at (98.5 % when this was written). */
#define RAIL_FIRST_SEED 7001
#define RAIL_SEEDS 4
#define RAIL_AGREE_MIN_PCT 97.0
static void test_rail_verdicts_agree(void)
{
	static struct live_acc_stats stats;
	run_cases(ACC_RAISE, ACC_RAISE_SINGLE, true, RAIL_FIRST_SEED, RAIL_SEEDS, &stats);
	struct live_kind *reps = &stats.kind[EXERCISE_HEEL_RAISE];
	double agree = reps->judged ? 100.0 * (double)reps->agree / (double)reps->judged : 0;
	printf("a hand on a rail: live verdict as offline in %.1f %% of %zu reps (%.1f %% not measured live)\n", agree,
	       reps->judged, reps->judged ? 100.0 * (double)reps->unmeasured / (double)reps->judged : 0);
	CHECK(reps->judged > 150, "%zu rail reps judged", reps->judged);
	CHECK(agree >= RAIL_AGREE_MIN_PCT, "rail reps: live verdict as offline in %.1f %%", agree);
	live_acc_stats_free(&stats);
}

/* Allocations counted by interposing glibc's malloc family (its __libc_* entry points);
 * not under ASan, whose own allocator must stay in place. */
#if defined(__SANITIZE_ADDRESS__)
#define ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN 1
#endif
#endif
#ifndef ASAN
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
static size_t allocations;
void *malloc(size_t n)
{
	allocations++;
	return __libc_malloc(n);
}
void *calloc(size_t n, size_t size)
{
	allocations++;
	return __libc_calloc(n, size);
}
void *realloc(void *p, size_t n)
{
	allocations++;
	return __libc_realloc(p, n);
}
#endif

/* Between events a sample allocates nothing. */
static void test_no_allocation_per_sample(void)
{
#ifdef ASAN
	printf("allocation count: not under ASan\n");
#else
	struct trace t;
	simulate("seed 5\nnoise 0.6\nhum 50 1\nsway 1\nstand 3\nhold standing seconds=20 height=50\nstand 3\n", 1000, &t);
	struct live_analysis *la;
	REQUIRE(live_analysis_new(t.rate_hz, EXERCISE_HOLD, &la) == ST_OK, "new");
	size_t i = 0, before = 0, after = 0;
	for (; i < t.n && t.t_s[i] < 8; i++) { /* weighed, and the hold under way */
		struct trace_sample s;
		trace_get(&t, i, &s);
		REQUIRE(live_analysis_push(la, &s) >= 0, "push: %s", st_errmsg());
	}
	struct live_state st;
	live_analysis_state(la, &st);
	REQUIRE(st.weighed && st.heels_up, "8 s in: weighed and heels up");
	before = allocations;
	for (size_t end = i + 5000; i < end && i < t.n; i++) {
		struct trace_sample s;
		trace_get(&t, i, &s);
		REQUIRE(live_analysis_push(la, &s) == 0, "no event in the hold");
	}
	after = allocations;
	CHECK(after == before, "5000 samples allocated %zu times", after - before);
	live_analysis_free(la);
	trace_free(&t);
#endif
}

/* Each event reported soon: a hold within HOLD_WAIT_MAX_S of its end, a hop within
 * HOP_WAIT_MAX_S of its landing, over rates; and a set's end (flush) judges its last rep
 * at once. */
static void test_events_come_soon_and_last_rep_flushed(void)
{
	static const unsigned rates[] = { 200, 1000, 2000 };
	double worst_hold = 0, worst_hop = 0;
	for (size_t r = 0; r < 3; r++) {
		struct trace t;
		simulate("seed 7\nnoise 0.6\nhum 50 1\nsway 1\nstand 3\nhold standing seconds=12 height=50\nstand 3\n"
			 "hold standing seconds=6 height=40\nstand 3\n", rates[r], &t);
		struct live_analysis *la;
		REQUIRE(live_analysis_new(t.rate_hz, EXERCISE_HOLD, &la) == ST_OK, "new");
		size_t seen = 0;
		for (size_t i = 0; i < t.n; i++) {
			struct trace_sample s;
			trace_get(&t, i, &s);
			REQUIRE(live_analysis_push(la, &s) >= 0, "push: %s", st_errmsg());
			for (const struct analysis *on = live_analysis_events(la); seen < on->n_holds; seen++)
				worst_hold = fmax(worst_hold, s.t_s - on->holds[seen].end_s);
		}
		CHECK(seen == 2, "%u Hz: %zu holds", rates[r], seen);
		live_analysis_free(la);
		trace_free(&t);

		simulate("seed 8\nnoise 0.6\nstand 3\nhops count=6 flight=0.3 contact=0.2\nstand 3\n", rates[r], &t);
		REQUIRE(live_analysis_new(t.rate_hz, EXERCISE_HOP, &la) == ST_OK, "new");
		seen = 0;
		for (size_t i = 0; i < t.n; i++) {
			struct trace_sample s;
			trace_get(&t, i, &s);
			REQUIRE(live_analysis_push(la, &s) >= 0, "push: %s", st_errmsg());
			for (const struct analysis *on = live_analysis_events(la); seen < on->n_hops; seen++)
				worst_hop = fmax(worst_hop, s.t_s - on->hops[seen].landing_s);
		}
		CHECK(seen == 6, "%u Hz: %zu hops", rates[r], seen);
		live_analysis_free(la);
		trace_free(&t);
	}
	printf("holds reported at most %.3f s after their end, hops %.3f s after their landing\n", worst_hold, worst_hop);
	CHECK(worst_hold < HOLD_WAIT_MAX_S, "a hold reported %.3f s after its end", worst_hold);
	CHECK(worst_hop < HOP_WAIT_MAX_S, "a hop reported %.3f s after its landing", worst_hop);

	/* the set ends (flush) just after the last rep's heels are down: it is judged */
	struct trace t;
	struct analysis off;
	simulate("seed 3\nnoise 0.6\nstand 3\nraise count=3 rise=1 hold=1 lower=3 height=50 rest=2\nstand 3\n", 1000, &t);
	REQUIRE(analyse_trace(&t, EXERCISE_HEEL_RAISE, &off) == ST_OK && off.n_reps == 3, "offline: 3 reps");
	struct live_analysis *la;
	REQUIRE(live_analysis_new(t.rate_hz, EXERCISE_HEEL_RAISE, &la) == ST_OK, "new");
	for (size_t i = 0; i < t.n && t.t_s[i] < off.reps[2].end_s + 0.3; i++) {
		struct trace_sample s;
		trace_get(&t, i, &s);
		REQUIRE(live_analysis_push(la, &s) >= 0, "push: %s", st_errmsg());
	}
	CHECK(live_analysis_events(la)->n_reps == 2, "before the set's end: %zu reps", live_analysis_events(la)->n_reps);
	CHECK(live_analysis_flush(la) == 1, "the set's end reports the last rep");
	const struct analysis *on = live_analysis_events(la);
	REQUIRE(on->n_reps == 3, "reps after the flush: %zu", on->n_reps);
	/* judged without the rest after it that reps.c wants (live.c): a rougher figure */
	CHECK_NEAR(on->reps[2].lower_s, off.reps[2].lower_s, 0.8, "the last rep's lowering");
	live_analysis_free(la);
	analysis_free(&off);
	trace_free(&t);
}

/* A recording that begins with the heels up: live, too, finds where the feet are flat
 * once the COP sits well behind where it weighed the body (it found no rep at all). */
static void test_begins_heels_up(void)
{
	struct live_analysis *la = run_reps("noise 0.4\nstand 0.2\nraise count=1 rise=0.5 hold=4 lower=2 height=55 rest=3\n"
					    "raise count=3 rise=0.8 hold=1 lower=2.5 height=55 rest=2\nstand 3\n",
					    1000);
	const struct analysis *on = live_analysis_events(la);
	size_t timed = 0;
	for (size_t i = 0; i < on->n_reps; i++)
		timed += on->reps[i].start_s > 5 && !on->reps[i].uncertain && fabs(on->reps[i].lower_s - 2.5) < 0.3;
	CHECK(timed == 3, "live: the 3 reps after the first top: %zu of %zu reps timed", timed, on->n_reps);
	live_analysis_free(la);
}

/* A rep that a wandering hand on the rail hides in the force is counted live too (as
 * offline: test_analysis), not taken back from the count the screen showed as it landed. */
static void test_rail_hides_reps(void)
{
	struct live_analysis *la = run_reps("seed 5\nmass 70\nnoise 0.5\nsway 2\nrail 5\nrail-wander 20\nstand 4\n"
					    "raise count=6 rise=1 hold=1 lower=3 height=50 rest=2\nstand 3\n",
					    500);
	const struct analysis *on = live_analysis_events(la);
	size_t hidden = 0;
	for (size_t i = 0; i < on->n_reps; i++)
		hidden += on->reps[i].uncertain && strstr(on->reps[i].uncertain, "hides");
	CHECK(on->n_reps == 6 && hidden >= 2, "live: %zu reps on a wandering rail, %zu hidden", on->n_reps, hidden);
	live_analysis_free(la);
}

/* A rep measured again in a later window is reported once. In a set with hardly a pause
 * at the bottom the window starts 2.5 s before the last rep landed, and with fast reps
 * that cuts into that rep's rise: measured again from there it started 0.5 s later and
 * 17 mm high, and was reported as a new rep (19 for 10, no rail). A rep on a rail kept
 * back and measured again (live.c's deferral) started a few milliseconds later, and
 * was reported again too (14 for 10). */
static void test_rep_reported_once(void)
{
	static const char *const sets[] = {
		"seed 1\nnoise 0.6\nhum 50 2\nsway 2\ndrift 0.3\nstand 4\n"
		"raise count=10 rise=1 hold=0.5 lower=1 rest=1\nstand 3\n",
		"seed 55\nmass 65.4\nnoise 1.13\nhum 50 0.85\nsway 2.13\ndrift 0.42\nrail 4.1\nheels 2.6\n"
		"stand 3.5 leg=left\nraise count=10 rise=0.97 hold=0.67 lower=0.58 height=65 rest=0.60 jitter=0.15 "
		"vary=0.3 leg=left\nstand 3\n",
	};
	for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++) {
		struct live_analysis *la = run_reps(sets[k], k ? 500 : 1000);
		const struct analysis *on = live_analysis_events(la);
		size_t twice = 0;
		for (size_t i = 1; i < on->n_reps; i++)
			twice += on->reps[i].start_s < on->reps[i - 1].end_s;
		CHECK(on->n_reps == 10 && twice == 0, "set %zu live: %zu reps reported for 10, %zu of them again", k,
		      on->n_reps, twice);
		live_analysis_free(la);
	}
}

/* A rep on a rail that its own window rejects ("did not rise": the support model's free
 * end bends the force at the window's end), but the next rep's window finds, is reported
 * then, late rather than never (bench_live seed 1002, rail: 6 reps live for 7). */
static void test_rep_found_later(void)
{
	struct live_analysis *la = run_reps("mass 82.6\nseed 1002\nnoise 0.43\nhum 60 2.04\nsway 2.00\ndrift 0.26\nrail 5.0\n"
					    "stand 3.1 share=47.3\nraise count=7 rise=1.34 hold=1.75 lower=3.73 height=30 "
					    "rest=2.15 jitter=0.15 vary=0.38\nstand 3\n",
					    1000);
	const struct analysis *on = live_analysis_events(la);
	bool sixth = false;
	for (size_t i = 0; i < on->n_reps; i++)
		sixth = sixth || fabs(on->reps[i].start_s - 52.5) < 0.3;
	CHECK(on->n_reps == 7 && sixth, "live: %zu reps for 7, the one at 52.5 s %s", on->n_reps,
	      sixth ? "reported" : "lost");
	live_analysis_free(la);
}

/* A load cell at full scale for 0.3 s in a rep (a stranger's test): its COP and force are
 * nobody's. The COP's flat-foot position moved 80 mm back and the heels were then never
 * seen down in time, the rep's "support" of -13 % took the set for one on a rail, and the
 * reps after it came late and never early. Now: the reps after it as offline, each judged
 * early, and no support figure from the clipped force. */
static void test_saturation_spoils_nothing_after(void)
{
	struct trace t;
	simulate("noise 0.5\nhum 50 1.5\nsway 2\nempty 2\nstep-on 1\nstand 3\n"
		 "raise count=10 rise=1 hold=1 lower=4 height=50 rest=2 jitter=0\nstand 3\n"
		 "saturate at=36.5 seconds=0.3 channel=2\n",
		 1000, &t);
	struct analysis off;
	REQUIRE(analyse_trace(&t, EXERCISE_HEEL_RAISE, &off) == ST_OK, "offline: %s", st_errmsg());
	struct live_analysis *la;
	REQUIRE(live_analysis_new(t.rate_hz, EXERCISE_HEEL_RAISE, &la) == ST_OK, "new");
	int early_after = 0, early_so_far = 0;
	for (size_t i = 0; i < t.n; i++) {
		struct trace_sample smp;
		trace_get(&t, i, &smp);
		live_analysis_push(la, &smp);
		struct live_state st;
		live_analysis_state(la, &st);
		early_after += smp.t_s > 40 && st.reported_early > early_so_far;
		early_so_far = st.reported_early;
	}
	live_analysis_flush(la);
	const struct analysis *on = live_analysis_events(la);
	size_t after = 0, clipped_support = 0;
	for (size_t i = 0; i < on->n_reps; i++) {
		after += on->reps[i].start_s > 40;
		clipped_support += on->reps[i].saturated && isfinite(on->reps[i].support_pct);
	}
	for (size_t i = 0; i < off.n_reps; i++)
		clipped_support += off.reps[i].saturated && isfinite(off.reps[i].support_pct);
	CHECK(on->n_reps == off.n_reps && after == 6, "live %zu reps, offline %zu; %zu of the 6 after the saturation",
	      on->n_reps, off.n_reps, after);
	CHECK(early_after >= 4, "%d of the 6 reps after the saturation reported early", early_after);
	CHECK(clipped_support == 0, "%zu saturated reps with a support figure", clipped_support);
	live_analysis_free(la);
	analysis_free(&off);
	trace_free(&t);
}

/* Each hop and hold reported once, as offline found it, over rates and disturbances. A
 * window that holds a hop measures it again, its take-off a sample or so off (bench_live
 * found a hop reported twice at 2000 Hz, seed 9001: that case is among these). */
#define ONCE_FIRST_SEED 9001
#define ONCE_HOP_SEEDS 3 /* holds' recordings are long: one seed (under ASan this test takes minutes) */
static void test_hops_and_holds_reported_once(void)
{
	static struct live_acc_stats stats;
	run_cases(ACC_HOPS, ACC_HOPS, false, ONCE_FIRST_SEED, ONCE_HOP_SEEDS, &stats);
	run_cases(ACC_HOLD_STANDING, ACC_HOLD_SEATED, false, ONCE_FIRST_SEED, 1, &stats);
	for (int mode = EXERCISE_HOLD; mode <= EXERCISE_HOP; mode++) {
		const struct live_kind *ks = &stats.kind[mode];
		const char *what = mode == EXERCISE_HOP ? "hops" : "holds";
		CHECK(ks->after_offline.n >= (mode == EXERCISE_HOP ? 100u : 30u), "%zu %s reported", ks->after_offline.n,
		      what);
		CHECK(ks->twice == 0, "%zu %s reported twice live", ks->twice, what);
		CHECK(ks->missed == 0, "%zu %s reported live only", ks->missed, what);
	}
	live_acc_stats_free(&stats);
}

/* Quick sets, the heels down a tenth of a second at the bottom: live, as offline
 * (test_analysis), each rep is reported, with the offline times, by the time the next
 * one is over (a rep that came down in so brief a dip is told only with the next whole
 * in the window). The live detector takes so brief a dip for the same rep going on: such
 * a set was reported only at its end, a run longer than the window's 120 s never, and
 * before that, after the dip, the rep's window began inside the set, and no rep of it was
 * ever reported ("begins with the heels up"). A glitch of the COP in a hold is no rep. */
static void test_brief_heels_down_between_reps(void)
{
	static const char *const sets[] = {
		"noise 0.3\nsway 0.5\nheels 4\nstand 3\nraise count=5 rise=0.8 hold=1 lower=2 rest=0\nstand 3\n",
		"seed 2\nnoise 0.5\nheels 4\nstand 3\nraise count=56 rise=0.5 hold=0.2 lower=0.8 rest=0 height=80\nstand 3\n",
	};
	for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++) {
		struct trace t;
		struct analysis off;
		simulate(sets[k], 1000, &t);
		REQUIRE(analyse_trace(&t, EXERCISE_HEEL_RAISE, &off) == ST_OK && off.n_reps == (k ? 56u : 5u),
			"offline: %zu reps", off.n_reps);
		struct live_analysis *la;
		REQUIRE(live_analysis_new(t.rate_hz, EXERCISE_HEEL_RAISE, &la) == ST_OK, "new");
		double *reported_at = calloc(off.n_reps, sizeof *reported_at);
		REQUIRE(reported_at, "memory");
		size_t behind = 0, ahead = 0; /* samples at which the screen's count was wrong */
		for (size_t i = 0; i < t.n; i++) {
			struct trace_sample s;
			trace_get(&t, i, &s);
			size_t before = live_analysis_events(la)->n_reps;
			CHECK(live_analysis_push(la, &s) >= 0, "push: %s", st_errmsg());
			for (size_t r = before; r < live_analysis_events(la)->n_reps && r < off.n_reps; r++)
				reported_at[r] = s.t_s;
			/* the count the screen shows (reported and waiting) has each rep from
			 * REP_COUNT_MAX_S after its end, and none before the COP's heels-down
			 * crossing, up to 0.3 s before a quick rep's end */
			struct live_state st;
			live_analysis_state(la, &st);
			size_t counted = live_analysis_events(la)->n_reps + (size_t)st.waiting, over = 0, near = 0;
			for (size_t r = 0; r < off.n_reps; r++) {
				over += off.reps[r].end_s <= s.t_s - REP_COUNT_MAX_S;
				near += off.reps[r].end_s <= s.t_s + 0.3;
			}
			behind += counted < over;
			ahead += counted > near;
		}
		CHECK(behind == 0 && ahead == 0, "set %zu: the count behind at %zu samples, ahead at %zu", k, behind, ahead);
		CHECK(live_analysis_flush(la) >= 0, "flush");
		const struct analysis *on = live_analysis_events(la);
		CHECK(on->n_reps == off.n_reps, "set %zu reps: live %zu, offline %zu", k, on->n_reps, off.n_reps);
		size_t late = 0;
		for (size_t i = 0; i < on->n_reps && i < off.n_reps; i++) {
			CHECK_NEAR(on->reps[i].start_s, off.reps[i].start_s, 0.02, "start");
			CHECK_NEAR(on->reps[i].end_s, off.reps[i].end_s, 0.05, "end");
			/* the last two as a rep's heels landing is settled (LIVE_REP_SETTLE_S) */
			double by = (i + 1 < off.n_reps ? off.reps[i + 1].end_s : off.reps[i].end_s) + 2;
			late += reported_at[i] == 0 ? 0 : reported_at[i] > by;
		}
		CHECK(late == 0, "set %zu: %zu reps reported 2 s after the next was over or later", k, late);
		free(reported_at);
		live_analysis_free(la);
		analysis_free(&off);
		trace_free(&t);
	}

	/* a heel touching down for 0.1 s shortly before it lands, in slow lowerings: live as
	 * offline (measured at the touch, reps came out 1.2 s short or were lost) */
	struct trace t;
	struct analysis off;
	simulate("seed 2\nnoise 0.5\nsway 1\nstand 3\nraise count=6 rise=1 hold=1 lower=3 rest=2 height=50\nstand 3\n", 1000,
		 &t);
	REQUIRE(analyse_trace(&t, EXERCISE_HEEL_RAISE, &off) == ST_OK && off.n_reps == 6, "offline: %zu", off.n_reps);
	for (size_t r = 0; r < off.n_reps; r++)
		for (size_t i = 0; i < t.n; i++)
			if (t.t_s[i] >= off.reps[r].end_s - 0.6 && t.t_s[i] < off.reps[r].end_s - 0.5)
				for (int side = 0; side < 2; side++)
					t.cop_y[side][i] = t.cop_y[side][0];
	analysis_free(&off);
	REQUIRE(analyse_trace(&t, EXERCISE_HEEL_RAISE, &off) == ST_OK, "offline: %s", st_errmsg());
	struct live_analysis *la = feed(&t, EXERCISE_HEEL_RAISE, 0, NULL);
	CHECK(live_analysis_flush(la) >= 0, "flush");
	const struct analysis *on = live_analysis_events(la);
	CHECK(off.n_reps == 6 && on->n_reps == off.n_reps, "a heel touching early: live %zu, offline %zu", on->n_reps,
	      off.n_reps);
	for (size_t i = 0; i < on->n_reps && i < off.n_reps; i++)
		CHECK_NEAR(on->reps[i].end_s, off.reps[i].end_s, 0.05, "end");
	live_analysis_free(la);
	analysis_free(&off);
	trace_free(&t);

	simulate("seed 4\nnoise 0.3\nsway 0.5\nstand 3\nraise count=1 rise=1 hold=5 lower=3 rest=3\nstand 3\n", 1000, &t);
	for (size_t i = 0; i < t.n; i++)
		if (fabs(t.t_s[i] - 5.8) < 0.1)
			for (int side = 0; side < 2; side++)
				t.cop_y[side][i] = t.cop_y[side][0];
	la = feed(&t, EXERCISE_HEEL_RAISE, 0, NULL);
	CHECK(live_analysis_flush(la) >= 0, "flush");
	CHECK(live_analysis_events(la)->n_reps == 1, "a COP glitch in a hold: %zu reps live",
	      live_analysis_events(la)->n_reps);
	live_analysis_free(la);
	trace_free(&t);
}

int main(void)
{
	REQUIRE(dsp_init(getenv("STATION_FFTW_WISDOM")) == ST_OK, "dsp_init");
	test_reps_agree();
	test_times_before_zero();
	test_reps_agree_and_come_soon();
	test_slow_lowerings_not_judged_early_wrong();
	test_verdict_given_stands();
	test_slow_tails_settle();
	test_rail_reps_settle_too();
	test_short_rests_measured_as_offline();
	test_holds_and_hops_agree();
	test_hops_before_weighing();
	test_late_weighing_loses_nothing();
	test_share_kept_through_flight();
	test_seated_light_holds();
	test_events_come_soon_and_last_rep_flushed();
	test_rep_verdicts_come_soon_and_agree();
	test_rail_verdicts_agree();
	test_no_allocation_per_sample();
	test_begins_heels_up();
	test_rail_hides_reps();
	test_rep_reported_once();
	test_rep_found_later();
	test_hops_are_no_heel_raise();
	test_saturation_spoils_nothing_after();
	test_hops_and_holds_reported_once();
	test_brief_heels_down_between_reps();
	dsp_shutdown();
	return check_summary();
}
