/* test_session_runner.c: whole sessions, plate to store: a simulated patient in each
 * phase does the prescription; the store then holds a complete session with every set,
 * its events, pain and a readable recording. A red flag stops before any set; pain above
 * the ceiling stops after the set; the physio's dose override is what the session asks. */
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "check.h"
#include "dsp.h"
#include "outcomes.h"
#include "progression.h"
#include "session_driver.h"
#include "store_clock.h"
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
				/* a rep whose timing was uncertain counts, its lowering is not judged */
				if (set->band_max_s > 0)
					CHECK(set->in_band + set->lower_unmeasured == set->count && set->lower_unmeasured <= 1,
					      "phase %d set %d: %d of %d in band, %d not measured", phase, set->set_no,
					      set->in_band, set->count, set->lower_unmeasured);
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

/* One-leg heel raises (phase 3, the right side) done on both feet: each rep counts, none
 * is in the band, and the history says so, so the progression does not take them for the
 * targets met (a stranger's sets on both feet were all "Good", 12 of 12 in band). The
 * simulated patient of test_each_phase does them on one leg, and is in the band. */
static void one_leg_on_both_feet(const char *id, enum side side)
{
	add_patient(id, 3, side);
	struct flow_plan plan = { .mode = EXERCISE_HEEL_RAISE, .sets = 3, .per_set = 12, .lower_min_s = 3,
				  .lower_max_s = 5, .rest_s = 120 }; /* .leg 0: on both feet */
	struct plate_dose dose;
	flow_plan_dose(&plan, &dose);
	dose.waits = true;
	char *text = sim_patient_scenario(&dose, 5), *path = temp_file_with("both-feet.sim", text), spec[PATH_MAX + 8];
	snprintf(spec, sizeof spec, "sim:%s", path);
	enum flow_end end;
	CHECK(drive_session(data_dir, id, spec, &end) == ST_OK, "both feet: %s", st_errmsg());
	struct history h;
	struct store *s;
	struct patient p;
	if (history_of(id, &h, &s, &p) == 1 && h.sessions[0].n_sets > 0) {
		const struct history_set *set = &h.sessions[0].sets[0];
		CHECK(set->count == 12 && set->in_band == 0, "%s, one leg on both feet: %d reps, %d in band", id, set->count,
		      set->in_band);
		/* and counted as such, for the suggestion to say (it blamed the tempo) */
		CHECK(set->not_one_leg == set->count - set->lower_unmeasured && set->not_one_leg > 0,
		      "%s: %d of %d timed reps not on one foot alone", id, set->not_one_leg, set->count - set->lower_unmeasured);
	}
	history_free(&h);
	store_close(s);
	unlink(path);
	free(path);
	free(text);
}

/* ... for the right side, and for both sides involved (either leg, but one) */
static void test_one_leg_on_both_feet(void)
{
	one_leg_on_both_feet("OL", SIDE_RIGHT);
	one_leg_on_both_feet("OB", SIDE_BOTH);
}

/* A red flag stops the session before any set, and another the same day is refused
 * (a stranger started again at once, answered no, and exercised); pain above the
 * ceiling after a set stops the session with that set kept; after the last set, the
 * session is done, its pain kept (a stranger's report drew it as given up). */
static void test_red_flag_and_pain_stop(void)
{
	add_patient("RF", 2, SIDE_RIGHT);
	add_patient("PS", 2, SIDE_RIGHT);
	add_patient("PA", 2, SIDE_RIGHT);
	char *path = scenario_with("answer dip yes\n"), spec[PATH_MAX + 8];
	snprintf(spec, sizeof spec, "sim:%s", path);
	enum flow_end end;
	CHECK(drive_session(data_dir, "RF", spec, &end) == ST_OK && end == FLOW_RED_FLAG, "red flag: end %d",
	      (int)end);
	free(path);
	path = scenario_with("");
	snprintf(spec, sizeof spec, "sim:%s", path);
	CHECK(drive_session(data_dir, "RF", spec, &end) == ST_ERR_STATE && strstr(st_errmsg(), "safety check found a pop"),
	      "a second session after the red flag: %s", st_errmsg());
	free(path);
	path = scenario_with("answer pain-after 7\n");
	snprintf(spec, sizeof spec, "sim:%s", path);
	CHECK(drive_session(data_dir, "PS", spec, &end) == ST_OK && end == FLOW_PAIN_STOP, "pain stop: end %d",
	      (int)end);
	free(path);
	path = scenario_with("answer pain-after 4,7\n");
	snprintf(spec, sizeof spec, "sim:%s", path);
	CHECK(drive_session(data_dir, "PA", spec, &end) == ST_OK && end == FLOW_PAIN_STOP,
	      "pain above the limit after the last set: end %d", (int)end);
	free(path);
	struct history h;
	struct store *s;
	struct patient p;
	if (history_of("RF", &h, &s, &p) == 1) {
		CHECK(h.sessions[0].red_flag && !h.sessions[0].complete && h.sessions[0].n_sets == 0, "red-flag session");
		CHECK(strcmp(h.sessions[0].ended, "red-flag") == 0, "ended '%s'", h.sessions[0].ended);
	}
	history_free(&h);
	store_close(s);
	if (history_of("PS", &h, &s, &p) == 1) {
		REQUIRE(h.sessions[0].n_sets == 1, "pain stop keeps the set done: %zu sets", h.sessions[0].n_sets);
		CHECK(!h.sessions[0].complete && h.sessions[0].sets[0].complete, "pain stop keeps the set done");
		CHECK(h.sessions[0].sets[0].pain_after == 7, "pain %d", h.sessions[0].sets[0].pain_after);
	}
	history_free(&h);
	store_close(s);
	if (history_of("PA", &h, &s, &p) == 1) {
		REQUIRE(h.sessions[0].n_sets == 2, "both sets kept: %zu", h.sessions[0].n_sets);
		CHECK(h.sessions[0].complete && strcmp(h.sessions[0].ended, "done") == 0 &&
			      h.sessions[0].sets[1].pain_after == 7,
		      "done, ended '%s', pain after the last set %d", h.sessions[0].ended, h.sessions[0].sets[1].pain_after);
	}
	history_free(&h);
	store_close(s);
}

/* Pain now above the limit under a programme that gives no choice: the session stops
 * there, and it is kept that the patient was advised not to exercise (it read as any
 * session stopped, to a stranger). */
static void test_advised_without_a_choice(void)
{
	char text[16384];
	shipped_programme(text, sizeof text);
	char *go_on = strstr(text, "\"pain_before_go_on\": true");
	REQUIRE(go_on, "the shipped programme lets the patient go on");
	memcpy(go_on, "\"pain_before_go_on\":false", strlen("\"pain_before_go_on\":false"));
	char *programme = temp_file_with("programme.json", text);
	setenv("STATION_PROGRAMME", programme, 1);
	add_patient("NC", 2, SIDE_LEFT);
	char *path = scenario_with("answer pain-now 8\n"), spec[PATH_MAX + 8];
	snprintf(spec, sizeof spec, "sim:%s", path);
	enum flow_end end;
	CHECK(drive_session(data_dir, "NC", spec, &end) == ST_OK && end == FLOW_PAIN_BEFORE, "pain 8: end %d", (int)end);
	unsetenv("STATION_PROGRAMME");
	struct history h;
	struct store *s;
	struct patient p;
	size_t n = history_of("NC", &h, &s, &p);
	CHECK(n == 1 && h.sessions[0].pain_before == 8 && h.sessions[0].pain_gate_went_on == 0,
	      "kept (%zu sessions): pain 8, advised and stopped (%d)", n, n ? h.sessions[0].pain_gate_went_on : -2);
	history_free(&h);
	store_close(s);
	free(path);
	free(programme);
}

/* A scenario that runs out two reps into the first set (as a recording may end): the set
 * ends there and its pain question is still asked, then the session ends early. */
static void test_plate_ends_mid_set(void)
{
	add_patient("PE", 2, SIDE_BOTH);
	char *path = temp_file_with("ends.sim", "mass 72\nseed 3\nempty 3\nstep-on 1\nstand 4\n"
						"raise count=2 rise=1.00 hold=1.00 lower=4.00 height=50 rest=2.00\n"
						"stand 3\nanswer pain-after 4\n");
	char spec[PATH_MAX + 8];
	snprintf(spec, sizeof spec, "sim:%s", path);
	enum flow_end end;
	CHECK(drive_session(data_dir, "PE", spec, &end) == ST_OK && end == FLOW_ENDED_EARLY, "plate ran out: %s (end %d)",
	      st_errmsg(), (int)end);
	free(path);
	struct history h;
	struct store *s;
	struct patient p;
	if (history_of("PE", &h, &s, &p) == 1) {
		REQUIRE(h.sessions[0].n_sets == 1, "the set under way is kept: %zu sets", h.sessions[0].n_sets);
		const struct history_set *set = &h.sessions[0].sets[0];
		CHECK(set->complete && set->count == 2, "set complete with its 2 reps: %d", set->count);
		CHECK(set->pain_after == 4, "its pain question was asked: pain %d", set->pain_after);
		CHECK(!h.sessions[0].complete, "the session ended early");
	}
	history_free(&h);
	store_close(s);
	/* in the last set (2 of 2): the same, not a complete session */
	add_patient("PL", 2, SIDE_BOTH);
	path = temp_file_with("ends-last.sim", "mass 72\nseed 3\nempty 3\nstep-on 1\nstand 4\n"
					       "raise count=5 rise=1.00 hold=1.00 lower=4.00 height=50 rest=2.00\n"
					       "stand 126\nraise count=2 rise=1.00 hold=1.00 lower=4.00 height=50 rest=2.00\n"
					       "stand 3\nanswer pain-after 4\n");
	snprintf(spec, sizeof spec, "sim:%s", path);
	CHECK(drive_session(data_dir, "PL", spec, &end) == ST_OK && end == FLOW_ENDED_EARLY,
	      "plate ran out in the last set: %s (end %d)", st_errmsg(), (int)end);
	free(path);
	if (history_of("PL", &h, &s, &p) == 1) {
		REQUIRE(h.sessions[0].n_sets == 2, "both sets kept: %zu sets", h.sessions[0].n_sets);
		CHECK(h.sessions[0].sets[1].count == 2 && h.sessions[0].sets[1].pain_after == 4,
		      "the last set's 2 reps and its pain: %d, %d", h.sessions[0].sets[1].count, h.sessions[0].sets[1].pain_after);
		CHECK(!h.sessions[0].complete, "a last set cut short leaves the session incomplete");
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

/* The whole of a file (NULL if unreadable); *len its size. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	*len = 0;
	if (f && fseek(f, 0, SEEK_END) == 0) {
		long n = ftell(f);
		buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
		rewind(f);
		if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n)
			*len = (size_t)n;
	}
	if (f)
		fclose(f);
	return buf;
}

#define MAX_RECORDINGS 64

struct recordings {
	char names[MAX_RECORDINGS][NAME_MAX + 1];
	char *bytes[MAX_RECORDINGS];
	size_t len[MAX_RECORDINGS];
	int n;
};

static void read_recordings(const char *dir, struct recordings *out)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/recordings", dir);
	DIR *d = opendir(path);
	CHECK(d != NULL, "%s", path);
	out->n = 0;
	for (struct dirent *e; d && (e = readdir(d)) && out->n < MAX_RECORDINGS;) {
		if (e->d_name[0] == '.')
			continue;
		char file[PATH_MAX + NAME_MAX + 2];
		snprintf(file, sizeof file, "%s/%s", path, e->d_name);
		snprintf(out->names[out->n], sizeof out->names[0], "%s", e->d_name);
		out->bytes[out->n] = slurp(file, &out->len[out->n]);
		out->n++;
	}
	if (d)
		closedir(d);
}

static void free_recordings(struct recordings *r)
{
	for (int i = 0; i < r->n; i++)
		free(r->bytes[i]);
}

/* A database restored from before some sessions (or lost and made again) starts its set
 * ids where the restored one stopped: the sessions after it reuse the set numbers of the
 * sessions it lacks, whose recordings must stay as they were (issue 13.3). */
static void test_restored_database_keeps_recordings(void)
{
	char *dir = temp_path("session-restored"), db[PATH_MAX + 16], older[PATH_MAX + 16];
	remove_tree(dir);
	struct store *s;
	int64_t pid;
	CHECK(store_open(dir, &s) == ST_OK && store_patient_add(s, "R1", "", SIDE_LEFT, 2, &pid) == ST_OK, "%s",
	      st_errmsg());
	store_close(s); /* checkpointed: station.db alone is the database */
	snprintf(db, sizeof db, "%s/station.db", dir);
	snprintf(older, sizeof older, "%s/older.db", dir);
	size_t len;
	char *copy = slurp(db, &len);
	FILE *f = fopen(older, "wb");
	CHECK(copy && f && fwrite(copy, 1, len, f) == len, "copying %s", db);
	if (f)
		fclose(f);
	free(copy);

	enum flow_end end;
	CHECK(drive_session(dir, "R1", "sim", &end) == ST_OK && end == FLOW_COMPLETED, "first session: %s",
	      st_errmsg());
	struct recordings before;
	read_recordings(dir, &before);
	CHECK(before.n == 2, "2 recordings of the first session: %d", before.n);

	CHECK(rename(older, db) == 0, "the older database put back");
	CHECK(drive_session(dir, "R1", "sim", &end) == ST_OK && end == FLOW_COMPLETED, "session after the restore: %s",
	      st_errmsg());
	struct recordings after;
	read_recordings(dir, &after);
	CHECK(after.n == before.n + 2, "%d recordings after a second session (%d before)", after.n, before.n);
	for (int i = 0; i < before.n; i++) {
		int same = -1;
		for (int k = 0; k < after.n; k++)
			if (strcmp(before.names[i], after.names[k]) == 0)
				same = k;
		CHECK(same >= 0 && before.bytes[i] && after.bytes[same] && before.len[i] == after.len[same] &&
			      memcmp(before.bytes[i], after.bytes[same], before.len[i]) == 0,
		      "%s: kept byte for byte (%zu bytes before, %zu after)", before.names[i], before.len[i],
		      same >= 0 ? after.len[same] : 0);
	}
	free_recordings(&before);
	free_recordings(&after);
	remove_tree(dir);
	free(dir);
}

/* Whether a session of the patient opened now would ask about the day after. */
static bool asks_day_after(const char *id)
{
	struct session_params params = { .data_dir = data_dir, .patient = id, .plate = "sim", .fast = true };
	struct session_runner *r;
	REQUIRE(runner_open(&params, &r) == ST_OK, "%s", st_errmsg());
	bool asks = runner_info(r)->plan.ask_day_after;
	runner_close(r); /* ended as stopped, before any set: not a session to ask about */
	return asks;
}

/* The day after the last session is asked about once it is a day after: not after a
 * session earlier the same day (a stranger was asked 0 h after one). */
static void test_day_after_asked_next_day(void)
{
	add_patient("DA", 2, SIDE_LEFT);
	CHECK(!asks_day_after("DA"), "asked about the day after with no session before");
	enum flow_end end;
	REQUIRE(drive_session(data_dir, "DA", "sim", &end) == ST_OK && end == FLOW_COMPLETED, "a session: %d", (int)end);
	CHECK(!asks_day_after("DA"), "asked about the day after a session of a few minutes ago");
	REQUIRE(store_sessions_a_day_earlier(data_dir), "the sessions a day back");
	CHECK(asks_day_after("DA"), "not asked about the day after yesterday's session");
}

/* A visit that answers the day-after question and does no set (left at the tare) leaves
 * the same session the last to ask about: the next session does not ask again, and is
 * eased by that answer, which the rules also take (a stranger was asked twice; the rules
 * took the first answer, 7, and the session the second, 2, and kept the full dose). */
static void test_day_after_answered_once(void)
{
	add_patient("D1", 2, SIDE_LEFT);
	enum flow_end end;
	REQUIRE(drive_session(data_dir, "D1", "sim", &end) == ST_OK && end == FLOW_COMPLETED, "a session: %d", (int)end);
	REQUIRE(store_sessions_a_day_earlier(data_dir), "the sessions a day back");
	struct session_params params = { .data_dir = data_dir, .patient = "D1", .plate = "sim", .fast = true };
	struct session_runner *r;
	REQUIRE(runner_open(&params, &r) == ST_OK, "%s", st_errmsg());
	REQUIRE(runner_info(r)->plan.ask_day_after && !runner_info(r)->plan.day_after_known, "asked the first time");
	struct flow_view v;
	int rc = ST_OK;
	for (runner_view(r, &v); rc == ST_OK && v.stage == FLOW_QUESTION; runner_view(r, &v))
		rc = runner_answer(r, v.question == Q_PAIN_DAY_AFTER ? 7 : runner_scripted_answer(r, &v));
	CHECK(rc == ST_OK && v.pain_day_after == 7 && v.eased[0], "answered 7 and eased: %s (%d, '%s')", st_errmsg(),
	      v.pain_day_after, v.eased);
	runner_close(r); /* gone before the first set */
	REQUIRE(runner_open(&params, &r) == ST_OK, "%s", st_errmsg());
	struct flow_plan plan = runner_info(r)->plan;
	runner_close(r);
	CHECK(!plan.ask_day_after && plan.day_after_known && plan.day_after_score == 7,
	      "the next visit asks again (%d) or does not know the answer (%d: %d)", plan.ask_day_after,
	      plan.day_after_known, plan.day_after_score);
	REQUIRE(drive_session(data_dir, "D1", "sim", &end) == ST_OK && end == FLOW_COMPLETED, "a session: %d", (int)end);
	struct history h;
	struct store *s;
	struct patient p;
	size_t n = history_of("D1", &h, &s, &p);
	const struct history_session *last = n ? &h.sessions[n - 1] : NULL;
	CHECK(last && last->n_sets > 0 && last->sets[0].target_count == 4 && last->pain_day_after_last == PAIN_NONE,
	      "eased to 4 reps a set without asking: %d reps, day-after answer %d", last && last->n_sets ? last->sets[0].target_count : -1,
	      last ? last->pain_day_after_last : -2);
	struct session_outcome *o;
	size_t n_o;
	REQUIRE(history_outcomes(&h, p.side, &o, &n_o) == ST_OK, "%s", st_errmsg());
	struct programme pg;
	REQUIRE(programme_load_default(&pg) == ST_OK, "%s", st_errmsg());
	struct suggestion sg;
	progression_suggest(&pg, 2, o, n_o, &sg);
	bool sore = false;
	for (size_t i = 0; i < sg.n_reasons; i++)
		sore = sore || strstr(sg.reasons[i], "still sore the day after") != NULL;
	CHECK(sore, "the suggestion does not say the patient was sore the day after (%zu reasons)", sg.n_reasons);
	char why[SUGGESTION_REASON_LEN] = "";
	CHECK(n_o && !session_targets_met(&pg.rules, &o[n_o - 1], why, sizeof why) && strstr(why, "eased for day-after pain 7/10"),
	      "the eased session meets no target of the phase: '%s'", why);
	/* and station history gives the session the answer its dose went by */
	char cmd[PATH_MAX + 80], out[8192];
	snprintf(cmd, sizeof cmd, "'%s' history D1 --data-dir '%s'", STATION_BIN, data_dir);
	FILE *f = popen(cmd, "r");
	size_t len = f ? fread(out, 1, sizeof out - 1, f) : 0;
	out[len] = '\0';
	CHECK(f && pclose(f) == 0 && strstr(out, "day after last 7 (answered at an earlier visit)"), "history: %s", out);
	free(o);
	history_free(&h);
	store_close(s);
}

/* A visit that answered and left in its first set with no rep done did no exercise: the
 * next session does not ask again and goes by that answer (a stranger's visit with an
 * empty set was taken for exercise, and the next session that day got the full dose). */
static void test_day_after_set_left_empty(void)
{
	add_patient("D2", 2, SIDE_LEFT);
	enum flow_end end;
	REQUIRE(drive_session(data_dir, "D2", "sim", &end) == ST_OK && end == FLOW_COMPLETED, "a session: %d", (int)end);
	REQUIRE(store_sessions_a_day_earlier(data_dir), "the sessions a day back");
	char *path = temp_file_with("left_in_set.sim", "answer pain-day-after 7\nempty 2\nstep-on 1\nstand 3 until-set=1\n"
							 "stand 1\nstep-off 1\nempty 5\n");
	char spec[PATH_MAX + 8];
	snprintf(spec, sizeof spec, "sim:%s", path);
	REQUIRE(drive_session(data_dir, "D2", spec, &end) == ST_OK && end != FLOW_COMPLETED, "the visit: %s, end %d",
		st_errmsg(), (int)end);
	struct history h;
	struct store *s;
	struct patient p;
	size_t n = history_of("D2", &h, &s, &p);
	CHECK(n == 2 && h.sessions[1].n_sets > 0 && !history_session_exercised(&h.sessions[1]),
	      "the visit began a set and did no rep: %zu sessions", n);
	history_free(&h);
	store_close(s);
	struct session_params params = { .data_dir = data_dir, .patient = "D2", .plate = "sim", .fast = true };
	struct session_runner *r;
	REQUIRE(runner_open(&params, &r) == ST_OK, "%s", st_errmsg());
	struct flow_plan plan = runner_info(r)->plan;
	runner_close(r);
	CHECK(!plan.ask_day_after && plan.day_after_known && plan.day_after_score == 7,
	      "the next session asks again (%d) or goes by no answer (%d: %d)", plan.ask_day_after, plan.day_after_known,
	      plan.day_after_score);
	free(path);
}

/* A clock behind the patient's newest record (a session saved "tomorrow" here) starts no
 * session and takes no decision, score or dose change for them, saying so; a few minutes
 * behind (a clock corrected) still does, and so does another patient. */
static void test_clock_behind_the_store(void)
{
	add_patient("CK", 2, SIDE_LEFT);
	add_patient("CL", 2, SIDE_LEFT);
	enum flow_end end;
	REQUIRE(drive_session(data_dir, "CK", "sim", &end) == ST_OK && end == FLOW_COMPLETED, "a session: %d", (int)end);
	struct session_params params = { .data_dir = data_dir, .patient = "CK", .plate = "sim", .fast = true };
	struct session_runner *r = NULL;
	REQUIRE(store_sessions_shifted(data_dir, 86400), "the session a day later");
	int rc = runner_open(&params, &r);
	CHECK(rc == ST_ERR_STATE && strstr(st_errmsg(), "The clock reads ") && strstr(st_errmsg(), "(a session, ") &&
		      strstr(st_errmsg(), "set the date"),
	      "a clock a day behind the last session: %d, '%s'", rc, rc == ST_OK ? "" : st_errmsg());
	if (rc == ST_OK)
		runner_close(r);
	struct store *s;
	struct patient p;
	REQUIRE(store_open(data_dir, &s) == ST_OK && store_patient_find(s, "CK", &p) == ST_OK, "%s", st_errmsg());
	struct dose_override fewer = { .sets = 2 };
	CHECK(store_phase_decide(s, &p, 3, PHASE_SET, "J. Physio", "seen", NULL) == ST_ERR_STATE &&
		      store_visa_add(s, p.id, 0, NULL, 50) == ST_ERR_STATE &&
		      store_patient_override(s, p.id, &fewer, "J. Physio", "sore") == ST_ERR_STATE,
	      "a decision, a score or a dose change filed before the session: %s", st_errmsg());
	store_close(s);
	params.patient = "CL";
	rc = runner_open(&params, &r);
	CHECK(rc == ST_OK, "another patient held too: %s", rc == ST_OK ? "" : st_errmsg());
	if (rc == ST_OK)
		runner_close(r);
	params.patient = "CK";
	REQUIRE(store_sessions_shifted(data_dir, 300 - 86400), "the session 5 minutes later");
	rc = runner_open(&params, &r);
	CHECK(rc == ST_OK, "a clock 5 minutes behind: %s", rc == ST_OK ? "" : st_errmsg());
	if (rc == ST_OK)
		runner_close(r);
	REQUIRE(store_sessions_shifted(data_dir, -300), "the session back");
}

/* Sore the day after, a patient doing 3 sets of hops (as many as done: nothing a set to
 * lighten) does 2, and the session is kept as 2 planned, all done: complete. */
static void test_day_after_eases_hop_sets(void)
{
	add_patient("HE", 6, SIDE_LEFT);
	struct store *s;
	struct patient p;
	REQUIRE(store_open(data_dir, &s) == ST_OK && store_patient_find(s, "HE", &p) == ST_OK, "%s", st_errmsg());
	struct dose_override o = { .sets = 3 };
	REQUIRE(store_patient_override(s, p.id, &o, "Test Physio", "three sets") == ST_OK, "%s", st_errmsg());
	store_close(s);
	enum flow_end end;
	REQUIRE(drive_session(data_dir, "HE", "sim", &end) == ST_OK && end == FLOW_COMPLETED, "a session: %d", (int)end);
	REQUIRE(store_sessions_a_day_earlier(data_dir), "the sessions a day back");
	struct session_params params = { .data_dir = data_dir, .patient = "HE", .plate = "sim", .fast = true };
	struct session_runner *r;
	REQUIRE(runner_open(&params, &r) == ST_OK, "%s", st_errmsg());
	struct flow_plan plan = runner_info(r)->plan;
	runner_close(r);
	REQUIRE(plan.sets == 3 && plan.mode == EXERCISE_HOP && plan.ask_day_after, "3 sets of hops: %d", plan.sets);
	struct plate_dose dose;
	flow_plan_dose(&plan, &dose);
	char *text = sim_patient_scenario(&dose, 3);
	size_t len = strlen(text) + 64;
	char *all = malloc(len), spec[PATH_MAX + 8];
	snprintf(all, len, "%sanswer pain-day-after 6\n", text);
	char *path = temp_file_with("hops_sore.sim", all);
	snprintf(spec, sizeof spec, "sim:%s", path);
	CHECK(drive_session(data_dir, "HE", spec, &end) == ST_OK && end == FLOW_COMPLETED, "eased: %s (end %d)",
	      st_errmsg(), (int)end);
	struct history h;
	history_of("HE", &h, &s, &p);
	const struct history_session *last = h.n ? &h.sessions[h.n - 1] : NULL;
	CHECK(last && last->sets_planned == 2 && last->n_sets == 2 && last->complete, "%d planned, %zu done, complete %d",
	      last ? last->sets_planned : -1, last ? last->n_sets : 0, last ? last->complete : 0);
	history_free(&h);
	store_close(s);
	free(path);
	free(all);
	free(text);
}

/* The screen's thread never commits while a session runs: answers, sets' ends and the
 * session's end are written by the runner's writer (store_writer.h), on its own thread;
 * counted on the caller's thread by the store (store_thread_commits), so the check does
 * not depend on timing. The session is then in the store all the same. */
static void test_writes_off_the_callers_thread(void)
{
	add_patient("W1", 2, SIDE_BOTH);
	struct store *s;
	REQUIRE(store_open(data_dir, &s) == ST_OK, "%s", st_errmsg());
	struct session_params params = { .store = s, .patient = "W1", .plate = "sim", .fast = true };
	struct session_runner *r;
	unsigned long before = store_thread_commits();
	REQUIRE(runner_open(&params, &r) == ST_OK, "%s", st_errmsg());
	int rc = ST_OK, answers = 0, sets = 0;
	struct flow_view v;
	for (runner_view(r, &v); rc == ST_OK && v.stage != FLOW_DONE; runner_view(r, &v)) {
		struct session_event e;
		while (runner_take_event(r, &e))
			;
		answers += v.stage == FLOW_QUESTION;
		rc = v.stage == FLOW_QUESTION ? runner_answer(r, runner_scripted_answer(r, &v)) : runner_poll(r, 100);
		sets = runner_last_set(r)->number;
	}
	CHECK(rc == ST_OK && v.end == FLOW_COMPLETED, "the session ran through: %s", st_errmsg());
	CHECK(answers >= 5 && sets == 2, "%d answers and %d sets asked to be saved", answers, sets);
	CHECK(store_thread_commits() == before, "%lu commits on the caller's thread during the session (none expected)",
	      store_thread_commits() - before);
	struct suggestion sg;
	CHECK(runner_suggestion(r, &sg) == ST_OK, "suggestion: %s", st_errmsg()); /* reads the session as saved */
	struct patient p;
	struct history h;
	REQUIRE(store_patient_find(s, "W1", &p) == ST_OK && store_history(s, p.id, &h) == ST_OK, "%s", st_errmsg());
	CHECK(h.n == 1 && h.sessions[0].complete && h.sessions[0].n_sets == 2 && h.sessions[0].pain_before == 2,
	      "the session saved complete, with its 2 sets and its pain (%zu sessions)", h.n);
	CHECK(check_complete_sets(s, &p, &h) >= 0, "its sets complete with their events and recordings");
	history_free(&h);
	runner_close(r);
	CHECK(store_thread_commits() == before, "none on closing either: %lu", store_thread_commits() - before);
	store_close(s);
}

/* The simulated patient of a session waits for each set to start: with the rest skipped
 * ("next"), set 2 is done as promptly as set 1, not after the rest the patient used to
 * keep to its own clock (a stranger lingering on a summary, or skipping the rest, had the
 * patient's set done while the screen was elsewhere, and an empty set after). */
static void test_patient_waits_for_each_set(void)
{
	add_patient("SK", 2, SIDE_LEFT);
	struct session_params params = { .data_dir = data_dir, .patient = "SK", .plate = "sim", .fast = true,
					 .sim_seed = 5 };
	struct session_runner *r;
	REQUIRE(runner_open(&params, &r) == ST_OK, "%s", st_errmsg());
	double set_start[3] = { NAN, NAN, NAN }, set_end[3] = { NAN, NAN, NAN };
	int rc = ST_OK, set = 0;
	struct flow_view v;
	for (runner_view(r, &v); rc == ST_OK && v.stage != FLOW_DONE; runner_view(r, &v)) {
		struct session_event e;
		while (runner_take_event(r, &e))
			;
		if (v.stage == FLOW_EXERCISE && v.set_number != set && v.set_number <= 2)
			set_start[set = v.set_number] = v.now_s;
		if (v.stage != FLOW_EXERCISE && set > 0 && isnan(set_end[set]))
			set_end[set] = v.now_s;
		if (v.stage == FLOW_REST)
			rc = runner_next(r); /* the rest skipped */
		else
			rc = v.stage == FLOW_QUESTION ? runner_answer(r, runner_scripted_answer(r, &v)) : runner_poll(r, 100);
	}
	CHECK(rc == ST_OK && v.end == FLOW_COMPLETED, "the session done: %s (end %d)", st_errmsg(), (int)v.end);
	double first = set_end[1] - set_start[1], second = set_end[2] - set_start[2];
	CHECK(second < first + 10, "set 2 took %.1f s of the plate, set 1 %.1f s", second, first);
	runner_close(r);
}

/* In real time, the frames dropped while a summary or a question is up count on the
 * session's plate clock, the pacer's, as on the flow's and the plate's: the pacer beat
 * that much behind the simulated patient in set 2 (a reviewer's reading). */
static void test_dropped_frames_keep_the_clock(void)
{
	add_patient("DC", 2, SIDE_LEFT);
	char *path = temp_file_with("drop.sim", "empty 3\nstep-on 1\nstand 30\n"), spec[PATH_MAX + 8];
	snprintf(spec, sizeof spec, "sim:%s", path);
	struct session_params params = { .data_dir = data_dir, .patient = "DC", .plate = spec };
	struct session_runner *r;
	REQUIRE(runner_open(&params, &r) == ST_OK, "%s", st_errmsg());
	struct flow_view v;
	int rc = ST_OK;
	for (runner_view(r, &v); rc == ST_OK && v.stage == FLOW_QUESTION; runner_view(r, &v))
		rc = runner_answer(r, runner_scripted_answer(r, &v));
	/* the tare done (the flow's clock runs from it), then a screen up for half a second,
	 * its frames dropped */
	double until = monotonic_s() + 10;
	for (; rc == ST_OK && monotonic_s() < until && v.stage <= FLOW_TARE; runner_view(r, &v))
		rc = runner_poll(r, 50);
	double before = v.now_s, session_before = runner_plate_seconds(r);
	usleep(500000);
	if (rc == ST_OK)
		rc = runner_drop_frames(r);
	for (until = monotonic_s() + 0.1; rc == ST_OK && monotonic_s() < until;)
		rc = runner_poll(r, 50);
	runner_view(r, &v);
	CHECK(rc == ST_OK && v.stage > FLOW_TARE && v.now_s > before + 0.5, "%.2f s of plate time, %.2f s before: %s",
	      v.now_s, before, st_errmsg());
	double session = runner_plate_seconds(r) - session_before, flow = v.now_s - before;
	CHECK(fabs(session - flow) < 0.05, "over the drop the session's plate clock went on %.3f s, the flow's %.3f s",
	      session, flow);
	runner_close(r);
	free(path);
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
	test_one_leg_on_both_feet();
	test_red_flag_and_pain_stop();
	test_advised_without_a_choice();
	test_day_after_asked_next_day();
	test_day_after_eases_hop_sets();
	test_day_after_answered_once();
	test_clock_behind_the_store();
	test_day_after_set_left_empty();
	test_plate_ends_mid_set();
	test_override_is_asked();
	test_unknown_patient();
	test_restored_database_keeps_recordings();
	test_writes_off_the_callers_thread();
	test_patient_waits_for_each_set();
	test_dropped_frames_keep_the_clock();
	return check_summary();
}
