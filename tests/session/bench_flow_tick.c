/* bench_flow_tick.c: how long the UI thread spends in flow_feed per UI tick (16 frames,
 * 60 Hz at 1 kHz) over a simulated session of 3 sets of 10 heel raises, with the live
 * analysis inline and on its worker thread. Prints p50, p99 and max per tick. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "dsp.h"
#include "flow_player.h"

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void report(const char *what, struct flow_play *p)
{
	qsort(p->tick_us, p->n_ticks, sizeof *p->tick_us, by_value);
	printf("%-9s %zu ticks, %d reps in %d sets: p50 %.1f us, p99 %.1f us, max %.1f us per tick\n", what,
	       p->n_ticks, p->n_reps, p->n_sets, p->tick_us[p->n_ticks / 2], p->tick_us[p->n_ticks * 99 / 100],
	       p->tick_us[p->n_ticks - 1]);
}

int main(void)
{
	REQUIRE(dsp_init(getenv("STATION_FFTW_WISDOM")) == ST_OK, "%s", st_errmsg());
	static const char scenario[] = "mass 75\nnoise 0.6\nhum 50 1.5\nsway 1.5\nempty 2\nstep-on 1\nstand 3\n"
				       "raise count=10 rise=1 hold=1 lower=4 rest=1.5 jitter=0.1\nstand 12\n"
				       "raise count=10 rise=1 hold=1 lower=3.5 rest=1.5 jitter=0.1\nstand 12\n"
				       "raise count=10 rise=1 hold=1 lower=4 rest=1.5 jitter=0.1\nstand 8\n";
	char *path = temp_file_with("bench.sim", scenario);
	char spec[512];
	snprintf(spec, sizeof spec, "sim:%s", path);
	struct plate_options opt = { .fast = true, .seed = 3 };
	struct capture c;
	REQUIRE(capture_plate(spec, &opt, 1000, &c) == ST_OK, "%s", st_errmsg());
	struct flow_plan plan = { .mode = EXERCISE_HEEL_RAISE, .sets = 3, .per_set = 10, .lower_min_s = 3,
				  .lower_max_s = 5, .rest_s = 6, .pain_ceiling = 5, .pain_before_max = 5 };
	static const int answers[] = { 0, 0, 0, 2, 3, 3, 3 };
	for (int threaded = 0; threaded < 2; threaded++) {
		struct flow_play p = { .plan = &plan, .threaded = threaded, .tick_frames = 16, .answers = answers,
				       .n_answers = 7 };
		REQUIRE(flow_play(&c, &p) == ST_OK, "%s", st_errmsg());
		report(threaded ? "threaded" : "inline", &p);
		free(p.tick_us);
	}
	capture_free(&c);
	free(path);
	return check_summary();
}
