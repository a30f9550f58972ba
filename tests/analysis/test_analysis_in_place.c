/* test_analysis_in_place.c: analysing a recording in its own columns (what `station
 * analyse` does, to halve its memory) gives exactly what analysing a copy does, gaps,
 * hum and every exercise included, and leaves the trace's times and flags as they were. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "capture.h"
#include "check.h"
#include "dsp.h"

static void copy_trace(const struct trace *t, struct trace *out)
{
	trace_init(out, t->rate_hz);
	out->has_cop = t->has_cop;
	int rc = ST_OK;
	for (size_t i = 0; rc == ST_OK && i < t->n; i++) {
		struct trace_sample s;
		trace_get(t, i, &s);
		rc = trace_append(out, &s);
	}
	REQUIRE(rc == ST_OK, "copy: %s", st_errmsg());
}

static void check_same(const char *scenario, enum exercise mode)
{
	struct trace t, work;
	struct analysis a, b;
	REQUIRE(simulate_trace(scenario, 1000, &t, NULL) == ST_OK, "simulate: %s", st_errmsg());
	copy_trace(&t, &work);
	REQUIRE(analyse_trace(&t, mode, &a) == ST_OK, "analyse a copy: %s", st_errmsg());
	REQUIRE(analyse_trace_in_place(&work, mode, &b) == ST_OK, "analyse in place: %s", st_errmsg());
	char *ja = analysis_to_json(&a, mode), *jb = analysis_to_json(&b, mode);
	REQUIRE(ja && jb, "json");
	CHECK(strcmp(ja, jb) == 0, "%s: in place the same as on a copy:\n%s\n%s", exercise_name(mode), ja, jb);
	size_t events = a.n_reps + a.n_holds + a.n_hops;
	CHECK(events >= 3 && a.gaps == 1 && a.hum_hz == 50, "%s: %zu events, %zu gaps, hum %g Hz", exercise_name(mode),
	      events, a.gaps, a.hum_hz);
	CHECK(memcmp(t.t_s, work.t_s, t.n * sizeof *t.t_s) == 0 && memcmp(t.flags, work.flags, t.n) == 0,
	      "%s: times and flags kept", exercise_name(mode));
	free(ja);
	free(jb);
	analysis_free(&a);
	analysis_free(&b);
	trace_free(&t);
	trace_free(&work);
}

/* The plates' filters run side by side (piece.c): a force the right plate's filter cannot
 * take fails the analysis with that filter's own message, as the left plate's does. */
static void check_filter_failure(int side)
{
	struct trace t;
	REQUIRE(simulate_trace("noise 0.8\nhum 50 2\nstand 5\n", 1000, &t, NULL) == ST_OK, "simulate: %s",
		st_errmsg());
	size_t bad = 1234 + 1000 * (size_t)side; /* a message of its own for each plate */
	t.fz[side][bad] = (float)INFINITY;
	struct analysis_known known = { .body_weight_n = NAN, .noise_sd_n = NAN, .hum_hz = 50, .cop_flat_mm = NAN };
	struct analysis a;
	int rc = analyse_trace_known(&t, EXERCISE_HEEL_RAISE, &known, &a);
	char want[64];
	snprintf(want, sizeof want, "sample %zu is not finite", bad);
	CHECK(rc == ST_ERR_ARG && strstr(st_errmsg(), want), "plate %d: rc %d, %s", side, rc, st_errmsg());
	if (rc == ST_OK)
		analysis_free(&a);
	trace_free(&t);
}

int main(void)
{
	REQUIRE(dsp_init(getenv("STATION_FFTW_WISDOM")) == ST_OK, "dsp_init: %s", st_errmsg());
	check_same("noise 0.8\nhum 50 2\nsway 2\nstand 3\nraise count=3 rise=1 hold=1.5 lower=3 height=50 rest=2\n"
		   "drop at=26 count=500\nstand 3\nraise count=3 rise=1 hold=1.5 lower=3 height=50 rest=2\nstand 2\n",
		   EXERCISE_HEEL_RAISE);
	check_same("noise 0.8\nhum 50 2\nstand 3\nhold standing seconds=5\nstand 3\nhold standing seconds=5\n"
		   "stand 3\ndrop at=20 count=300\nstand 2\nhold standing seconds=5\nstand 2\n",
		   EXERCISE_HOLD);
	check_same("noise 0.8\nhum 50 2\nstand 3\nhops count=4 flight=0.3 contact=0.25\nstand 3\ndrop at=9 count=300\n"
		   "stand 2\nhops count=4 flight=0.3 contact=0.25\nstand 2\n",
		   EXERCISE_HOP);
	check_filter_failure(0);
	check_filter_failure(1);
	dsp_shutdown();
	return check_summary();
}
