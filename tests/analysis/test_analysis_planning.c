/* test_analysis_planning.c: analysing recordings of new lengths and the usual rates plans
 * nothing with FFTW after dsp_init (a plan made then stalls whatever thread asked for it:
 * FFTW_MEASURE took seconds a size); what is planned late is counted. */
#include <math.h>
#include <stdlib.h>

#include "analysis.h"
#include "capture.h"
#include "check.h"
#include "dsp.h"

/* A recording of about seconds s at rate, with hum and reps, so that every filter runs:
 * hum detection and removal, the noise floor, the force and COP low-passes. */
static void analyse_length(double seconds, unsigned rate, enum exercise mode)
{
	char scenario[256];
	snprintf(scenario, sizeof scenario,
		 "noise 0.8\nhum 50 2\nstand 3\nraise count=%d rise=1 hold=1.5 lower=3 height=50 rest=2\nstand 1.5\n",
		 (int)((seconds - 4.5) / 7.5));
	struct trace t;
	struct analysis a;
	REQUIRE(simulate_trace(scenario, rate, &t, NULL) == ST_OK, "simulate: %s", st_errmsg());
	size_t before = dsp_late_plans();
	CHECK(analyse_trace(&t, mode, &a) == ST_OK, "analyse %zu samples at %u Hz: %s", t.n, rate, st_errmsg());
	CHECK(dsp_late_plans() == before, "%zu samples at %u Hz (%s): %zu FFTW plans made after start-up", t.n, rate,
	      exercise_name(mode), dsp_late_plans() - before);
	CHECK(mode == EXERCISE_HOP || a.hum_hz == 50, "the hum was found (and removed): %g Hz", a.hum_hz);
	analysis_free(&a);
	trace_free(&t);
}

/* The counter counts: what lies outside the sizes planned at start is planned late. */
static void test_late_plans_counted(void)
{
	size_t n = 600000, before = dsp_late_plans();
	double *x = malloc(n * sizeof *x);
	REQUIRE(x != NULL, "memory");
	for (size_t i = 0; i < n; i++)
		x[i] = 700 + 5 * sin(2 * M_PI * 0.05 * (double)i / 2000);
	CHECK(dsp_lowpass(x, n, 2000, 0.5, x) == ST_OK, "0.5 Hz low-pass at 2 kHz: %s", st_errmsg());
	CHECK(dsp_late_plans() == before + 1, "its blocks, longer than any planned at start, are planned late: %zu",
	      dsp_late_plans() - before);
	double hum, amplitude;
	CHECK(dsp_detect_hum(x, 3000, 300, &hum, &amplitude) == ST_OK, "hum at 300 Hz");
	CHECK(dsp_late_plans() == before + 2, "a 300 Hz hum window too: %zu", dsp_late_plans() - before);
	free(x);
}

int main(void)
{
	REQUIRE(dsp_init(getenv("STATION_FFTW_WISDOM")) == ST_OK, "dsp_init: %s", st_errmsg());
	CHECK(dsp_late_plans() == 0, "nothing planned late yet");
	static const double seconds[] = { 13, 41, 137, 611 };
	for (size_t i = 0; i < sizeof seconds / sizeof seconds[0]; i++)
		analyse_length(seconds[i], 1000, EXERCISE_HEEL_RAISE);
	analyse_length(23, 1000, EXERCISE_HOLD);
	analyse_length(29, 1000, EXERCISE_HOP);
	analyse_length(97, 200, EXERCISE_HEEL_RAISE);
	analyse_length(53, 250, EXERCISE_HEEL_RAISE);
	analyse_length(71, 2000, EXERCISE_HEEL_RAISE);
	test_late_plans_counted();
	dsp_shutdown();
	return check_summary();
}
