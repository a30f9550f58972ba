/* test_live_worker.c: the live analysis on a thread of its own (live_worker.h) gives the
 * flow the same reps and sets as inline for a fixed seed; a set ended by "next" before
 * its last rep has settled still judges that rep (the flush goes through the worker);
 * the sets keep the reps' figures as the whole window measures them; and a session killed
 * mid-set joins the worker at once, busy or not. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "analysis.h"
#include "capture.h"
#include "check.h"
#include "dsp.h"
#include "flow_player.h"

static const char *counted_sets = "mass 72\nnoise 0.6\nhum 50 1.5\nsway 1.5\n"
				  "empty 2\nstep-on 1\nstand 3\n"
				  "raise count=5 rise=1 hold=1 lower=4 rest=1.5 jitter=0.1\n"
				  "stand 12\n"
				  "raise count=5 rise=1 hold=1 lower=2 rest=1.5 jitter=0.1\n"
				  "stand 8\n";

static const char *paced_set = "mass 80\nnoise 0.6\nsway 1.5\n"
			       "empty 2\nstep-on 1\nstand 3\n"
			       "raise count=3 rise=1 hold=1 lower=4 rest=1.5 jitter=0.1\n"
			       "stand 20\n";

static void capture(const char *scenario, struct capture *c)
{
	char *path = temp_file_with("worker.sim", scenario);
	char spec[512];
	snprintf(spec, sizeof spec, "sim:%s", path);
	struct plate_options opt = { .fast = true, .seed = 7 };
	REQUIRE(capture_plate(spec, &opt, 1000, c) == ST_OK, "%s", st_errmsg());
	free(path);
}

static struct flow_plan plan_of(int sets, int per_set)
{
	return (struct flow_plan){ .mode = EXERCISE_HEEL_RAISE, .sets = sets, .per_set = per_set, .lower_min_s = 3,
				   .lower_max_s = 5, .rest_s = 6, .pain_ceiling = 5, .pain_before_max = 5 };
}

static const int answers[] = { 0, 0, 0, 2, 3, 3 }; /* no red flag, pain now 2, after each set 3 */

static void play(const struct capture *c, struct flow_play *p)
{
	int rc = flow_play(c, p);
	REQUIRE(rc == ST_OK, "%s: %s", p->threaded ? "threaded" : "inline", st_errmsg());
}

static void same_reps(const struct flow_play *a, const struct flow_play *b)
{
	REQUIRE(a->n_reps == b->n_reps, "%d reps inline, %d threaded", a->n_reps, b->n_reps);
	for (int i = 0; i < a->n_reps; i++) {
		const struct rep_result *x = &a->reps[i], *y = &b->reps[i];
		CHECK(a->rep_set[i] == b->rep_set[i] && x->start_s == y->start_s && x->top_s == y->top_s &&
			      x->lower_start_s == y->lower_start_s && x->end_s == y->end_s && x->lower_s == y->lower_s &&
			      x->left_share_pct == y->left_share_pct && x->uncertain == y->uncertain,
		      "rep %d: set %d, %.3f-%.3f s, lowered %.3f s inline; set %d, %.3f-%.3f s, %.3f s threaded", i,
		      a->rep_set[i], x->start_s, x->end_s, x->lower_s, b->rep_set[i], y->start_s, y->end_s, y->lower_s);
	}
	REQUIRE(a->n_sets == b->n_sets, "%d sets inline, %d threaded", a->n_sets, b->n_sets);
	for (int i = 0; i < a->n_sets; i++)
		CHECK(a->set_n[i] == b->set_n[i], "set %d: %d reps inline, %d threaded", i + 1, a->set_n[i], b->set_n[i]);
}

static void test_threaded_counts_as_inline(void)
{
	struct capture c;
	capture(counted_sets, &c);
	struct flow_plan plan = plan_of(2, 5);
	struct flow_play in = { .plan = &plan, .tick_frames = 16, .answers = answers, .n_answers = 6 };
	struct flow_play th = in;
	th.threaded = true;
	play(&c, &in);
	play(&c, &th);
	CHECK(in.n_reps == 10 && in.n_sets == 2 && in.set_n[0] == 5 && in.set_n[1] == 5, "inline: %d reps, %d sets",
	      in.n_reps, in.n_sets);
	CHECK(in.finished && in.end == FLOW_COMPLETED && th.finished && th.end == FLOW_COMPLETED, "ends %d, %d",
	      (int)in.end, (int)th.end);
	same_reps(&in, &th);
	free(in.tick_us);
	free(th.tick_us);
	capture_free(&c);
}

/* "next" 0.3 s after the third rep's heels are down: the rep has not settled (LIVE_REP_SETTLE_S), so
 * the view shows two, and the set's end measures the third through the worker. */
static void test_last_rep_judged(void)
{
	struct capture c;
	capture(paced_set, &c);
	struct flow_plan plan = plan_of(1, 0);
	for (int threaded = 0; threaded < 2; threaded++) {
		struct flow_play p = { .plan = &plan, .threaded = threaded, .tick_frames = 16, .answers = answers,
				       .n_answers = 5, .next_after_downs = 3, .next_delay_s = 0.3 };
		play(&c, &p);
		CHECK(p.done_before_next == 2, "%s: %d reps shown before next", threaded ? "threaded" : "inline",
		      p.done_before_next);
		CHECK(p.n_sets == 1 && p.set_n[0] == 3 && p.n_reps == 3, "%s: %d sets, the first of %d reps (%d counted)",
		      threaded ? "threaded" : "inline", p.n_sets, p.set_n[0], p.n_reps);
		CHECK(p.finished && p.end == FLOW_COMPLETED, "end %d", (int)p.end);
		free(p.tick_us);
	}
	capture_free(&c);
}

/* The sets keep each rep as the whole window measures it, as offline does, though most
 * were reported (and counted) early by a shorter one (live.c): measured again, and the
 * last rep of a set that ends on its count waited for (flow.c). */
static void test_sets_keep_whole_window_figures(void)
{
	struct capture c;
	capture(counted_sets, &c);
	struct calibration cal;
	sim_calibration("SIM-0001", &cal);
	struct trace t;
	capture_to_trace(&c, &cal, 1000, &t);
	struct analysis off;
	REQUIRE(analyse_trace(&t, EXERCISE_HEEL_RAISE, &off) == ST_OK, "offline: %s", st_errmsg());
	/* sets of 4: set 1 ends on a rep whose early figure is 0.4 s short */
	struct flow_plan plan = plan_of(2, 4);
	for (int threaded = 0; threaded < 2; threaded++) {
		struct flow_play p = { .plan = &plan, .threaded = threaded, .tick_frames = 16, .answers = answers,
				       .n_answers = 6 };
		play(&c, &p);
		REQUIRE(p.n_kept == 8, "%s: %d reps kept", threaded ? "threaded" : "inline", p.n_kept);
		REQUIRE(off.n_reps > 0, "no rep offline");
		/* the flow's times and the trace's differ by a constant: their clocks' origins */
		double offset = off.reps[0].start_s - p.kept[0].start_s, worst_kept = 0, worst_counted = 0;
		for (int i = 0; i < p.n_kept; i++) {
			const struct rep_result *o = NULL;
			for (size_t k = 0; k < off.n_reps; k++)
				if (fabs(off.reps[k].start_s - offset - p.kept[i].start_s) < 0.5)
					o = &off.reps[k];
			REQUIRE(o, "rep %d at %.2f s: none offline", i, p.kept[i].start_s);
			if (getenv("LIVE_DEBUG"))
				printf("rep %d: counted %.3f kept %.3f offline %.3f\n", i, p.reps[i].lower_s, p.kept[i].lower_s, o->lower_s);
			worst_kept = fmax(worst_kept, fabs(p.kept[i].lower_s - o->lower_s));
			worst_counted = fmax(worst_counted, fabs(p.reps[i].lower_s - o->lower_s));
		}
		printf("%s: lowering kept within %.3f s of offline (as counted, %.3f s)\n", threaded ? "threaded" : "inline",
		       worst_kept, worst_counted);
		CHECK(worst_kept < 0.15, "%s: a rep kept %.3f s off offline's lowering", threaded ? "threaded" : "inline",
		      worst_kept);
		free(p.tick_us);
	}
	analysis_free(&off);
	trace_free(&t);
	capture_free(&c);
}

/* Killed mid-set (flow_free, no finish): after a settled tick, and with the worker seconds
 * behind (one 4 s tick, not waited for). */
static void test_killed_mid_set_joins(void)
{
	struct capture c;
	capture(counted_sets, &c);
	struct flow_plan plan = plan_of(2, 5);
	const size_t ticks[] = { 16, 4000 };
	for (int i = 0; i < 2; i++) {
		struct flow_play p = { .plan = &plan, .threaded = true, .tick_frames = ticks[i], .answers = answers,
				       .n_answers = 6, .stop_at_frame = 16000 };
		play(&c, &p);
		CHECK(!p.finished && p.n_sets == 0, "ticks of %zu: killed in set 1, yet %d sets ended", ticks[i], p.n_sets);
		CHECK(p.free_ms < 500, "ticks of %zu: the worker took %.1f ms to stop", ticks[i], p.free_ms);
		free(p.tick_us);
	}
	capture_free(&c);
}

int main(void)
{
	if (dsp_init(getenv("STATION_FFTW_WISDOM")) != ST_OK) {
		fprintf(stderr, "%s\n", st_errmsg());
		return 1;
	}
	test_threaded_counts_as_inline();
	test_last_rep_judged();
	test_sets_keep_whole_window_figures();
	test_killed_mid_set_joins();
	return check_summary();
}
