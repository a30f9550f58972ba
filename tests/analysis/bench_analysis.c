/* bench_analysis.c: analysis speed on a 20-minute 1 kHz interchange CSV of heel raises
 * (realistic noise): offline (parse + analyse: seconds, samples/s), then the live path
 * (every sample through live_analysis_push: ns per sample, events included).
 *   bench_analysis [--live-only]   (--live-only: for callgrind's instructions per sample) */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "analysis.h"
#include "capture.h"
#include "csv.h"
#include "dsp.h"
#include "live.h"
#include "record.h"
#include <string.h>

static void live_run(const struct trace *t)
{
	struct live_analysis *la;
	if (live_analysis_new(t->rate_hz, EXERCISE_HEEL_RAISE, &la) != ST_OK)
		return;
	double t0 = monotonic_s();
	for (size_t i = 0; i < t->n; i++) {
		struct trace_sample s;
		trace_get(t, i, &s);
		live_analysis_push(la, &s);
	}
	double t1 = monotonic_s();
	printf("live: %zu samples in %.3f s: %.0f ns per sample, %zu reps reported as they completed\n", t->n, t1 - t0,
	       (t1 - t0) / (double)t->n * 1e9, live_analysis_events(la)->n_reps);
	live_analysis_free(la);
}

int main(int argc, char **argv)
{
	bool live_only = argc > 1 && strcmp(argv[1], "--live-only") == 0;
	/* 20 minutes: 2 s of quiet standing, then raises of about 8 s each */
	char *scenario = temp_file_with("bench.sim", "noise 0.8\nhum 50 2\nsway 2\nstand 2\n"
						     "raise count=149 rise=1 hold=1.5 lower=4 height=50 rest=1.5 jitter=0.1\n"
						     "stand 20\n");
	char *csv = temp_path("bench.csv"), spec[4200];
	snprintf(spec, sizeof spec, "sim:%s", scenario);
	struct record_request req = { .plate = spec, .out_path = csv, .format = RECORD_CSV, .seconds = 1200,
				      .options = { .fast = true } };
	struct record_result res;
	if (record_run(&req, &res) != ST_OK || dsp_init(getenv("STATION_FFTW_WISDOM")) != ST_OK) {
		fprintf(stderr, "bench_analysis: %s\n", st_errmsg());
		return 1;
	}
	for (int run = 0; run < (live_only ? 0 : 3); run++) {
		double t0 = monotonic_s();
		struct trace t;
		struct analysis a;
		if (csv_read_file(csv, &t) != ST_OK)
			return 1;
		double t1 = monotonic_s();
		if (analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) != ST_OK)
			return 1;
		double t2 = monotonic_s();
		printf("run %d: %zu samples (%.1f min at %.0f Hz): parse %.3f s + analyse %.3f s = %.3f s, %.2f M samples/s, "
		       "%zu reps\n", run + 1, t.n, (double)t.n / t.rate_hz / 60, t.rate_hz, t1 - t0, t2 - t1, t2 - t0,
		       (double)t.n / (t2 - t0) / 1e6, a.n_reps);
		analysis_free(&a);
		trace_free(&t);
	}
	struct trace t;
	if (csv_read_file(csv, &t) == ST_OK) {
		live_run(&t);
		trace_free(&t);
	}
	dsp_shutdown();
	unlink(csv);
	unlink(scenario);
	free(csv);
	free(scenario);
	return 0;
}
