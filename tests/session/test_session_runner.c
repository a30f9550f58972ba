/* test_session_runner.c: whole sessions, plate to store: a simulated patient in each
 * phase does the prescription; the store then holds a complete session with every set,
 * its events, pain and a readable recording. A red flag stops before any set; pain above
 * the ceiling stops after the set; the physio's dose override is what the session asks. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "check.h"
#include "dsp.h"
#include "session_driver.h"
#include "patient.h"

static char data_dir[PATH_MAX];

static void add_patient(const char *id, int phase, enum side side)
{
	struct store *s;
	CHECK(store_open(data_dir, &s) == ST_OK, "%s", st_errmsg());
	int64_t pid;
	CHECK(store_patient_add(s, id, "", side, phase, &pid) == ST_OK, "%s", st_errmsg());
	store_close(s);
}

/* The patient's history, and checks of every complete set; returns the sessions. */
static size_t history_of(const char *id, struct history *h, struct store **s, struct patient *p)
{
	CHECK(store_open(data_dir, s) == ST_OK, "%s", st_errmsg());
	CHECK(store_patient_find(*s, id, p) == ST_OK, "%s", st_errmsg());
	CHECK(store_history(*s, p->id, h) == ST_OK, "%s", st_errmsg());
	CHECK(check_complete_sets(*s, p, h) >= 0, "complete sets of %s", id);
	return h->n;
}

static void test_each_phase(void)
{
	for (int phase = 1; phase <= 6; phase++) {
		char id[16];
		snprintf(id, sizeof id, "PH%d", phase);
		add_patient(id, phase, SIDE_LEFT);
		enum flow_end end;
		int rc = drive_session(data_dir, id, "sim", &end);
		CHECK(rc == ST_OK && end == FLOW_COMPLETED, "phase %d: %s (end %d)", phase, st_errmsg(), (int)end);
		struct history h;
		struct store *s;
		struct patient p;
		if (history_of(id, &h, &s, &p) == 1) {
			const struct history_session *hs = &h.sessions[0];
			CHECK(hs->complete && hs->phase == phase, "phase %d session complete", phase);
			CHECK((int)hs->n_sets == hs->sets_planned && hs->sets_planned > 0, "phase %d: %zu of %d sets", phase,
			      hs->n_sets, hs->sets_planned);
			CHECK(hs->pain_before == 2, "phase %d pain before %d", phase, hs->pain_before);
			for (size_t k = 0; k < hs->n_sets; k++) {
				const struct history_set *set = &hs->sets[k];
				CHECK(set->complete && set->pain_after == 3, "phase %d set %d complete, pain %d", phase,
				      set->set_no, set->pain_after);
				if (set->target_count > 0)
					CHECK(set->count == set->target_count, "phase %d set %d: %d of %d", phase, set->set_no,
					      set->count, set->target_count);
				else
					CHECK(set->count > 0, "phase %d set %d: patient-paced, %d events", phase, set->set_no,
					      set->count);
				if (set->band_max_s > 0)
					CHECK(set->in_band == set->count, "phase %d set %d: %d of %d in band", phase,
					      set->set_no, set->in_band, set->count);
			}
		}
		CHECK(h.n == 1, "phase %d: %zu sessions", phase, h.n);
		history_free(&h);
		store_close(s);
	}
}

/* A scenario file: the default patient of the phase-2 plan, with some answers. */
static char *scenario_with(const char *answers)
{
	struct flow_plan plan = { .mode = EXERCISE_HEEL_RAISE, .sets = 2, .per_set = 5, .lower_min_s = 3,
				  .lower_max_s = 5, .rest_s = 120 };
	struct plate_dose dose;
	flow_plan_dose(&plan, &dose);
	char *text = sim_patient_scenario(&dose, 3);
	size_t len = strlen(text) + strlen(answers) + 1;
	char *all = malloc(len);
	snprintf(all, len, "%s%s", text, answers);
	char *path = temp_file_with("answers.sim", all);
	free(text);
	free(all);
	return path;
}

static void test_red_flag_and_pain_stop(void)
{
	add_patient("RF", 2, SIDE_RIGHT);
	char *path = scenario_with("answer dip yes\n"), spec[PATH_MAX + 8];
	snprintf(spec, sizeof spec, "sim:%s", path);
	enum flow_end end;
	CHECK(drive_session(data_dir, "RF", spec, &end) == ST_OK && end == FLOW_RED_FLAG, "red flag: end %d",
	      (int)end);
	free(path);
	path = scenario_with("answer pain-after 7\n");
	snprintf(spec, sizeof spec, "sim:%s", path);
	CHECK(drive_session(data_dir, "RF", spec, &end) == ST_OK && end == FLOW_PAIN_STOP, "pain stop: end %d",
	      (int)end);
	free(path);
	struct history h;
	struct store *s;
	struct patient p;
	if (history_of("RF", &h, &s, &p) == 2) {
		CHECK(h.sessions[0].red_flag && !h.sessions[0].complete && h.sessions[0].n_sets == 0, "red-flag session");
		CHECK(strcmp(h.sessions[0].ended, "red-flag") == 0, "ended '%s'", h.sessions[0].ended);
		REQUIRE(h.sessions[1].n_sets == 1, "pain stop keeps the set done: %zu sets", h.sessions[1].n_sets);
		CHECK(!h.sessions[1].complete && h.sessions[1].sets[0].complete, "pain stop keeps the set done");
		CHECK(h.sessions[1].sets[0].pain_after == 7, "pain %d", h.sessions[1].sets[0].pain_after);
	}
	history_free(&h);
	store_close(s);
}

static void test_override_is_asked(void)
{
	add_patient("OV", 2, SIDE_BOTH);
	struct store *s;
	CHECK(store_open(data_dir, &s) == ST_OK, "%s", st_errmsg());
	struct patient p;
	CHECK(store_patient_find(s, "OV", &p) == ST_OK, "%s", st_errmsg());
	struct dose_override o = { .sets = 1, .reps = 7 };
	CHECK(store_patient_override(s, p.id, &o, "J. Physio", "sore knee") == ST_OK, "%s", st_errmsg());
	store_close(s);
	enum flow_end end;
	CHECK(drive_session(data_dir, "OV", "sim", &end) == ST_OK && end == FLOW_COMPLETED, "override: %s",
	      st_errmsg());
	struct history h;
	if (history_of("OV", &h, &s, &p) == 1)
		CHECK(h.sessions[0].n_sets == 1 && h.sessions[0].sets[0].count == 7 &&
			      h.sessions[0].sets[0].target_count == 7,
		      "override: %zu sets", h.sessions[0].n_sets);
	history_free(&h);
	store_close(s);
}

static void test_unknown_patient(void)
{
	enum flow_end end;
	CHECK(drive_session(data_dir, "NOBODY", "sim", &end) == ST_ERR_NOT_FOUND && strstr(st_errmsg(), "NOBODY"),
	      "unknown patient: %s", st_errmsg());
}

int main(void)
{
	char *dir = temp_path("session-store");
	snprintf(data_dir, sizeof data_dir, "%s", dir);
	free(dir);
	if (dsp_init(getenv("STATION_FFTW_WISDOM")) != ST_OK) {
		fprintf(stderr, "%s\n", st_errmsg());
		return 1;
	}
	test_each_phase();
	test_red_flag_and_pain_stop();
	test_override_is_asked();
	test_unknown_patient();
	return check_summary();
}
