/* test_pacer_clock.c: the heel-raise pacer on the plate's clock (pacer_clock.h), and the
 * simulated patient keeping time with it: every rep of the dose's patient starts while
 * the pacer says rise, in every set, whatever the rest between sets (issue 14.12: the
 * demo's patient did not follow its own pacer). */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "flow.h"
#include "pacer_clock.h"
#include "plate.h"

static const struct view_tempo tempo = { FLOW_PACER_RISE_S, FLOW_PACER_TOP_S, 4.0, FLOW_PACER_BOTTOM_S };

static void phases(void)
{
	double cycle = tempo.rise_s + tempo.top_s + tempo.lower_s + tempo.rest_s, bottom = cycle - tempo.rest_s;
	REQUIRE(cycle == 8, "the cycle is 1 + 1 + 4 + 2 s: %g", cycle);
	/* a set begun at 9.3 s starts on the beat at 16 s; the pacer waits at the bottom till then */
	CHECK_NEAR(pacer_phase_s(&tempo, 9.3, 9.3), bottom, 1e-9, "waits at the bottom");
	CHECK_NEAR(pacer_phase_s(&tempo, 9.3, 15.5), 7.5, 1e-9, "the last half second before the beat");
	CHECK_NEAR(pacer_phase_s(&tempo, 9.3, 16.0), 0, 1e-9, "rises on the beat");
	CHECK_NEAR(pacer_phase_s(&tempo, 9.3, 17.5), 1.5, 1e-9, "at the top");
	CHECK_NEAR(pacer_phase_s(&tempo, 9.3, 24.25), 0.25, 1e-9, "the next rep on the next beat");
	CHECK_NEAR(pacer_phase_s(&tempo, 16.0, 16.0), 0, 1e-9, "a set begun on a beat starts on it");
	CHECK_NEAR(pacer_phase_s(&tempo, NAN, 5), 0, 0, "no set yet: the start of a cycle");
	/* between the plate's batches the host's clock moves it on, by 0.1 s at most */
	CHECK_NEAR(pacer_plate_now_s(10, 100000000000ull, 100.05), 10.05, 1e-9, "moved on by the host");
	CHECK_NEAR(pacer_plate_now_s(10, 100000000000ull, 101), 10 + PACER_AHEAD_MAX_S, 1e-9, "stops with the plate");
	CHECK_NEAR(pacer_plate_now_s(10, 100000000000ull, 99), 10, 1e-9, "never behind its newest sample");
}

static double field(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* The patient a session's "sim" plays for a dose of sets x reps with rest_s between. */
static void patient_keeps_time(int sets, int reps, double rest_s, uint64_t seed)
{
	struct plate_dose dose = { .activity = PLATE_ACTIVITY_HEEL_RAISE, .sets = sets, .per_set = reps,
				   .rise_s = tempo.rise_s, .top_s = tempo.top_s, .lower_s = tempo.lower_s,
				   .bottom_s = tempo.rest_s, .rest_s = rest_s };
	struct plate_options opt = { .fast = true, .seed = seed, .dose = &dose };
	struct plate *p;
	REQUIRE(plate_open("sim", &opt, &p) == ST_OK, "open the dose's patient: %s", st_errmsg());
	char *json = plate_truth_json(p);
	REQUIRE(json, "its truth: %s", st_errmsg());
	cJSON *truth = cJSON_Parse(json);
	const cJSON *all = cJSON_GetObjectItemCaseSensitive(truth, "reps"), *rep;
	CHECK(cJSON_GetArraySize(all) == sets * reps, "%d sets of %d: %d reps", sets, reps, cJSON_GetArraySize(all));
	/* whenever a set began before a rep, the pacer is rising as the heels go up (the
	 * truth's start is 10 % of the rep's height) and is at the top or lowering when they
	 * are at the top */
	double worst = 0;
	cJSON_ArrayForEach(rep, all) {
		double start = pacer_phase_s(&tempo, 0, field(rep, "start_s"));
		double top = pacer_phase_s(&tempo, 0, field(rep, "top_s"));
		CHECK(start < tempo.rise_s / 2, "rep at %.2f s (rest %g): starts %.2f s into the pacer's cycle",
		      field(rep, "start_s"), rest_s, start);
		CHECK(top >= tempo.rise_s * 0.5 && top <= tempo.rise_s + tempo.top_s,
		      "rep at %.2f s: at the top %.2f s into the cycle", field(rep, "start_s"), top);
		worst = fmax(worst, start);
	}
	printf("%d x %d, rest %g s: every rep starts within %.2f s of its beat\n", sets, reps, rest_s, worst);
	cJSON_Delete(truth);
	free(json);
	plate_close(p);
}

int main(void)
{
	phases();
	patient_keeps_time(2, 5, 120, 1);
	patient_keeps_time(3, 12, 90.5, 7);
	patient_keeps_time(1, 3, 0, 3);
	return check_summary();
}
