/* test_feedback.c: what the patient is shown of each event and of the pain rules,
 * through the session side (session_side.h) with a real store, the programme and the
 * simulated plate, and from injected events:
 * - pain now above the limit: the advice and the choice; still sore the day after: the
 *   eased dose, said on the screen and kept to;
 * - a set's last rep judged and kept on the screen 2 s (plate time) before its summary,
 *   the rep counter counting the rep just done;
 * - a rep of uncertain timing "Not measured"; the hand-support cue with its figure;
 * - the seated hold: on the plate all through, told to sit, its time kept after it;
 * - hops: flight, ground time and foot per hop, and the summaries' hop figures. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "check.h"
#include "dsp.h"
#include "exercise_feedback.h"
#include "patient.h"
#include "session_side.h"
#include "store.h"
#include "store_clock.h"

/* ---- injected events ---- */

static struct session_event rep_event(int set, double lower_s, const char *uncertain, double support_pct)
{
	struct session_event e = { .set_number = set, .mode = EXERCISE_HEEL_RAISE };
	e.rep = (struct rep_result){ .lower_s = lower_s, .uncertain = uncertain, .support_pct = support_pct,
				     .left_share_pct = 50 };
	return e;
}

/* The raise screen's view of what the feedback kept, as the session side builds it. */
static struct view_raises raises_of(const struct exercise_feedback *fb)
{
	struct view_raises v = { .rep = fb->n_lower, .reps_target = 8, .band_lo_s = 3, .band_hi_s = 5,
				 .n_lower = fb->n_lower, .support = { fb->support_pct, 5 } };
	memcpy(v.lower_s, fb->lower_s, sizeof v.lower_s);
	memcpy(v.uncertain, fb->uncertain, sizeof v.uncertain);
	return v;
}

static void test_injected_reps(void)
{
	struct exercise_feedback fb;
	feedback_start_set(&fb, 1);
	struct session_event e = rep_event(1, 4.0, NULL, 1.0);
	feedback_event(&fb, &e);
	struct view_raises v = raises_of(&fb);
	CHECK(v.n_lower == 1 && view_rep_feedback(&v, 0) == FEEDBACK_GOOD, "4.0 s: good");
	char band[32];
	CHECK(strstr(view_feedback_words(&v, view_rep_feedback(&v, 0), band, sizeof band), "Good") != NULL, "%s",
	      view_feedback_words(&v, view_rep_feedback(&v, 0), band, sizeof band));
	e = rep_event(1, 1.2, "the lowering has no clear end", 1.0);
	feedback_event(&fb, &e);
	v = raises_of(&fb);
	CHECK(view_rep_feedback(&v, 1) == FEEDBACK_NOT_MEASURED, "uncertain: not measured, not 'Go slower'");
	CHECK(strcmp(view_feedback_words(&v, FEEDBACK_NOT_MEASURED, band, sizeof band), "Not measured") == 0, "words");
	/* too slow a lowering: not "go faster" beside the pacer's "slowly", and not the band's
	 * words shown before any rep, which read as no verdict */
	v.band_lo_s = 3, v.band_hi_s = 5;
	const char *slow = view_feedback_words(&v, FEEDBACK_FASTER, band, sizeof band);
	CHECK(strcmp(slow, "Over 5\u00a0s") == 0, "too slow: %s", slow);
	/* one-leg work done on both feet: said so, with the foot to lift */
	struct session_event both = rep_event(1, 4.0, NULL, 1.0);
	both.verdict = FLOW_BOTH_FEET;
	feedback_event(&fb, &both);
	v = raises_of(&fb);
	memcpy(v.both_feet, fb.both_feet, sizeof v.both_feet);
	v.leg = 1;
	CHECK(view_rep_feedback(&v, 2) == FEEDBACK_BOTH_FEET && view_rep_feedback(&v, 0) == FEEDBACK_GOOD,
	      "a rep on both feet, not 'Good'");
	CHECK(strcmp(view_feedback_words(&v, FEEDBACK_BOTH_FEET, band, sizeof band), "Lift left foot") == 0,
	      "words for the right leg");
	fb.n_lower = 2; /* as before it */
	CHECK(strcmp(view_feedback_words(&v, FEEDBACK_NONE, band, sizeof band), "Lower in 3-5 s") == 0, "%s", band);
	e = rep_event(2, 4.0, NULL, 1.0); /* another set's: not this set's list */
	feedback_event(&fb, &e);
	CHECK(fb.n_lower == 2, "%d reps kept", fb.n_lower);
	/* the newest VIEW_MAX_REPS kept, each with its own mark */
	for (int i = 0; i < VIEW_MAX_REPS; i++) {
		e = rep_event(1, 3 + 0.01 * i, i == VIEW_MAX_REPS - 1 ? "unclear" : NULL, NAN);
		feedback_event(&fb, &e);
	}
	v = raises_of(&fb);
	CHECK(fb.n_lower == VIEW_MAX_REPS && view_rep_feedback(&v, VIEW_MAX_REPS - 1) == FEEDBACK_NOT_MEASURED &&
		      view_rep_feedback(&v, 0) == FEEDBACK_GOOD && fabs(fb.lower_s[0] - 3.0) < 1e-9,
	      "the oldest gave way; the newest is the uncertain one");
}

/* A hold's steadiness word: none in its first 2 s, then from the sway; a sway swinging
 * about the line between two words keeps the word shown (it flickered "Steady" / "Fairly
 * steady"), a clear change changes it. */
static void test_steadiness_word(void)
{
	struct exercise_feedback fb;
	feedback_start_set(&fb, 1);
	struct live_state ls = { .weighed = true, .loaded = true, .heels_up = true, .support_pct = NAN,
				 .cop_sway_mm = 2.4 };
	int changes = 0;
	enum steady_word last = STEADY_NONE;
	for (int i = 0; i <= 300; i++) { /* 1 - sway / 8 mm: 0.70 +- 0.03 from 2 s on */
		ls.held_s = 0.1 * i;
		ls.cop_sway_mm = 2.4 + 0.24 * sin(i);
		feedback_live(&fb, &ls, ls.held_s, -INFINITY, true);
		if (ls.held_s < 1.95)
			CHECK(fb.steady_word == STEADY_NONE, "%.1f s into the hold: a word already", ls.held_s);
		else
			changes += fb.steady_word != last && last != STEADY_NONE;
		last = fb.steady_word;
	}
	CHECK(changes == 0 && last != STEADY_NONE, "a sway about the line: the word changed %d times", changes);
	ls.cop_sway_mm = 4.4; /* 0.45 */
	feedback_live(&fb, &ls, 31, -INFINITY, true);
	CHECK(fb.steady_word == STEADY_FAIRLY, "0.45: fairly steady (%d)", (int)fb.steady_word);
	ls.cop_sway_mm = 5.4; /* 0.325 */
	feedback_live(&fb, &ls, 32, -INFINITY, true);
	CHECK(fb.steady_word == STEADY_WOBBLY, "0.33: wobbly (%d)", (int)fb.steady_word);
	ls.cop_sway_mm = 1.0; /* 0.875 */
	feedback_live(&fb, &ls, 33, -INFINITY, true);
	CHECK(fb.steady_word == STEADY_STILL, "0.88: steady (%d)", (int)fb.steady_word);
	ls.heels_up = false;
	feedback_live(&fb, &ls, 34, -INFINITY, true);
	CHECK(fb.steady_word == STEADY_NONE && isnan(fb.steadiness), "heels down: no word (%d)", (int)fb.steady_word);
}

/* The hands' share: the live value smoothed over plate time; an event's own figure; none
 * seated or off the plate; the cue above the limit only. */
static void test_injected_support(void)
{
	struct exercise_feedback fb;
	feedback_start_set(&fb, 1);
	struct live_state ls = { .weighed = true, .loaded = true, .support_pct = 12.4 };
	for (int i = 0; i <= 2000; i++)
		feedback_live(&fb, &ls, 0.01 * i, -INFINITY, true);
	CHECK_NEAR(fb.support_pct, 12.4, 0.01, "the steady share");
	struct view_support sup = { fb.support_pct, 5 };
	char words[48];
	CHECK(view_support_words(&sup, words, sizeof words) && strcmp(words, "12 % on your hands") == 0, "'%s'", words);
	/* a brief touch does not bring a cue on: 0.2 s at 30 % after 10 s at 2 % */
	feedback_start_set(&fb, 1);
	ls.support_pct = 2;
	for (int i = 0; i <= 1000; i++)
		feedback_live(&fb, &ls, 0.01 * i, -INFINITY, true);
	ls.support_pct = 30;
	for (int i = 1001; i <= 1020; i++)
		feedback_live(&fb, &ls, 0.01 * i, -INFINITY, true);
	sup.pct = fb.support_pct;
	CHECK(!view_support_words(&sup, words, sizeof words) && !words[0], "0.2 s touch: %.1f %%, no cue", fb.support_pct);
	struct session_event e = rep_event(1, 4, NULL, 9.0);
	feedback_event(&fb, &e);
	CHECK(fb.support_pct == 9.0, "the rep's own figure: %.1f", fb.support_pct);
	feedback_live(&fb, &ls, 10.3, -INFINITY, false);
	CHECK(isnan(fb.support_pct), "seated: none");
	ls.loaded = false;
	feedback_live(&fb, &ls, 10.4, -INFINITY, true);
	CHECK(isnan(fb.support_pct), "off the plate: none");
	sup = (struct view_support){ 5.0, 5 };
	CHECK(!view_support_words(&sup, words, sizeof words), "at the limit: no cue");
}

static void test_injected_hold_and_hops(void)
{
	struct exercise_feedback fb;
	feedback_start_set(&fb, 1);
	struct live_state ls = { .weighed = true, .loaded = true, .heels_up = true, .support_pct = NAN };
	for (int i = 0; i <= 300; i++) {
		ls.held_s = 0.1 * i;
		feedback_live(&fb, &ls, 0.1 * i, -INFINITY, false);
	}
	ls = (struct live_state){ .weighed = true, .loaded = true, .support_pct = NAN };
	feedback_live(&fb, &ls, 30.1, -INFINITY, false);
	struct view_hold v = { .held_s = fb.held_s, .target_s = 45, .heels_up = false, .seated = true,
			       .released = fb.released };
	CHECK(fb.released && fb.held_s == 30, "released after %.1f s", fb.held_s);
	CHECK(strcmp(view_hold_state(&v), "Heels down: hold longer next time") == 0, "'%s'", view_hold_state(&v));
	struct session_event e = { .set_number = 1, .mode = EXERCISE_HOLD };
	e.hold = (struct hold_result){ .duration_s = 46.2, .support_pct = -20 };
	feedback_event(&fb, &e);
	feedback_live(&fb, &ls, 33, -INFINITY, false);
	v.held_s = fb.held_s;
	v.released = fb.released;
	CHECK(fb.held_s == 46.2 && strcmp(view_hold_state(&v), "\u2713 Well held") == 0, "measured: '%s'",
	      view_hold_state(&v));
	/* a blip of the heels is no hold: back to "raise" */
	feedback_start_set(&fb, 2);
	ls.heels_up = true, ls.held_s = 0.5;
	feedback_live(&fb, &ls, 40, -INFINITY, false);
	ls.heels_up = false;
	feedback_live(&fb, &ls, 40.1, -INFINITY, false);
	v = (struct view_hold){ .held_s = fb.held_s, .target_s = 45, .seated = true, .released = fb.released };
	CHECK(!fb.released && strcmp(view_hold_state(&v), "Sitting: raise your heels") == 0, "'%s'", view_hold_state(&v));
	v.seated = false;
	CHECK(strcmp(view_hold_state(&v), "Raise your heels") == 0, "standing: '%s'", view_hold_state(&v));
	/* heels kept up from the last set (up at 52 s, the set counts from 60 s): no hold of
	 * this set, neither while up nor once down (it was "48 of 45 s, Done: well held") */
	feedback_start_set(&fb, 2);
	ls = (struct live_state){ .weighed = true, .loaded = true, .heels_up = true, .support_pct = NAN };
	for (int i = 0; i <= 480; i++) {
		ls.now_s = 52 + 0.1 * i, ls.held_s = 0.1 * i;
		feedback_live(&fb, &ls, ls.now_s, 60, false);
	}
	v = (struct view_hold){ .held_s = fb.held_s, .target_s = 45, .heels_up = true, .seated = true,
				.released = fb.released, .stale = fb.stale };
	CHECK(fb.stale && fb.held_s == 0 && strcmp(view_hold_state(&v), "Heels down first, then up to start") == 0,
	      "a hold from before the set: %.1f s, '%s'", fb.held_s, view_hold_state(&v));
	ls.heels_up = false, ls.held_s = 0, ls.now_s = 100.1;
	feedback_live(&fb, &ls, ls.now_s, 60, false);
	v = (struct view_hold){ .held_s = fb.held_s, .target_s = 45, .seated = true, .released = fb.released,
				.stale = fb.stale };
	CHECK(!fb.stale && !fb.released && strcmp(view_hold_state(&v), "Sitting: raise your heels") == 0,
	      "down: the set's first hold still to come: '%s'", view_hold_state(&v));
	ls.heels_up = true, ls.held_s = 3, ls.now_s = 104;
	feedback_live(&fb, &ls, ls.now_s, 60, false);
	CHECK(!fb.stale && fb.held_s == 3, "up again after the set began: counted (%.1f s)", fb.held_s);

	feedback_start_set(&fb, 1);
	e = (struct session_event){ .set_number = 1, .mode = EXERCISE_HOP };
	const double share[3] = { 97, 2, 51 };
	for (int i = 0; i < 3; i++) {
		e.hop = (struct hop_result){ .flight_s = 0.3, .contact_s = i < 2 ? 0.21 : NAN, .left_share_pct = share[i] };
		feedback_event(&fb, &e);
	}
	char buf[16];
	CHECK(fb.n_hops == 3 && strcmp(view_hop_foot(fb.hops[0].left_pct, buf), "Left") == 0 &&
		      strcmp(view_hop_foot(fb.hops[1].left_pct, buf), "Right") == 0 &&
		      strcmp(view_hop_foot(fb.hops[2].left_pct, buf), "51/49") == 0,
	      "feet: %s", view_hop_foot(fb.hops[2].left_pct, buf));
	CHECK(fb.hops[0].contact_s == 0.21 && isnan(fb.hops[2].contact_s), "ground times");
	/* a hop reported as it landed, before its next take-off: that take-off gives its
	 * ground time (a slow rehab hop's 0.4 s was never shown); not one 2 s later */
	feedback_start_set(&fb, 1);
	static const double takeoff[3] = { 10, 10.8, 13.2 };
	for (int i = 0; i < 3; i++) {
		e.hop = (struct hop_result){ .takeoff_s = takeoff[i], .landing_s = takeoff[i] + 0.4, .flight_s = 0.4,
					     .contact_s = NAN, .height_mm = 196, .left_share_pct = 50 };
		feedback_event(&fb, &e);
	}
	CHECK(fb.n_hops == 3 && fabs(fb.hops[0].contact_s - 0.4) < 1e-9 && isnan(fb.hops[1].contact_s) &&
		      isnan(fb.hops[2].contact_s),
	      "ground times from the next take-off: %.3f %.3f %.3f", fb.hops[0].contact_s, fb.hops[1].contact_s,
	      fb.hops[2].contact_s);
}

/* ---- sessions on the simulated plate ---- */

struct run {
	struct clinic c;
	struct session_side s;
	char plate[600];         /* the plate's name, which the clinic keeps */
	int pain_now, day_after; /* answers */
	bool go_on;              /* the pain gate's choice */
};

static int add_patient(const char *dir, const char *id, int phase)
{
	struct store *st;
	int64_t pid;
	int rc = store_open(dir, &st);
	if (rc == ST_OK) {
		rc = store_patient_add(st, id, "", SIDE_LEFT, phase, &pid);
		store_close(st);
	}
	return rc;
}

static bool start(struct run *r, const char *dir, const char *plate, const char *id)
{
	struct app_params ap = { .data_dir = dir, .plate = plate, .fast = true };
	REQUIRE(clinic_open(&ap, &r->c) == ST_OK, "%s", st_errmsg());
	memset(&r->s, 0, sizeof r->s);
	for (size_t i = 0; i < r->c.n_patients; i++)
		if (strcmp(r->c.patients[i].clinic_id, id) == 0)
			return session_side_start(&r->s, &r->c, &r->c.patients[i]) == ST_OK;
	return false;
}

/* Starts patient id's session on the simulated plate playing scenario (written to a file
 * named from stem); returns the file's path, to free. */
static char *start_scenario(struct run *r, const char *dir, const char *id, const char *stem, const char *scenario)
{
	char *path = temp_file_with(stem, scenario);
	snprintf(r->plate, sizeof r->plate, "sim:%s", path);
	REQUIRE(start(r, dir, r->plate, id), "%s", st_errmsg());
	return path;
}

static double plate_s(const struct run *r)
{
	return r->s.runner ? runner_plate_seconds(r->s.runner) : NAN;
}

/* One step: a tick, the view, and the patient's answer to it (pain scores from the run,
 * the "next" key otherwise). Returns false once the session is over (v: the view acted
 * on, for the caller to look at first). */
static bool step(struct run *r, struct screen_view *v)
{
	if (session_side_over(&r->s))
		return false;
	CHECK(session_side_tick(&r->s, &r->c, 10) == ST_OK, "tick: %s", st_errmsg());
	session_side_view(&r->s, &r->c, 0, v);
	while (session_side_waiting(&r->s)) {
		/* the session opens; its summary comes once it is saved */
		usleep(1000);
		CHECK(session_side_tick(&r->s, &r->c, 10) == ST_OK, "tick: %s", st_errmsg());
		session_side_view(&r->s, &r->c, 0, v);
	}
	struct ui_action a = { UI_ACT_NEXT, 0 };
	if (v->id == SCREEN_PAIN && v->pain.selected < 0) {
		int score = strcmp(v->pain.question, flow_question_text(Q_PAIN_NOW)) == 0	 ? r->pain_now
			    : strcmp(v->pain.question, flow_question_text(Q_PAIN_DAY_AFTER)) == 0 ? r->day_after
												   : 1;
		a = (struct ui_action){ UI_ACT_DIGIT, score };
	} else if (v->id == SCREEN_QUESTION && v->question.count == 0 && r->go_on) {
		a = (struct ui_action){ UI_ACT_YES, 0 };
	} else if (v->id != SCREEN_PAIN && v->id != SCREEN_QUESTION && v->id != SCREEN_SUMMARY) {
		return true;
	}
	CHECK(session_side_act(&r->s, &r->c, &a) == ST_OK, "act: %s", st_errmsg());
	return true;
}

static void finish(struct run *r)
{
	session_side_close(&r->s);
	clinic_close(&r->c);
}

static const char *row(const struct view_summary *s, const char *label)
{
	for (int i = 0; i < s->n_rows; i++)
		if (strcmp(s->rows[i].label, label) == 0)
			return s->rows[i].value;
	return NULL;
}

/* Pain 8/10 now: the advice and the choice, "next" stopping; or going on anyway. */
static void test_pain_gate(const char *dir)
{
	REQUIRE(add_patient(dir, "G1", 2) == ST_OK, "%s", st_errmsg());
	for (int go_on = 0; go_on < 2; go_on++) {
		struct run r = { .pain_now = 8, .day_after = 1, .go_on = go_on };
		REQUIRE(start(&r, dir, "sim", "G1"), "%s", st_errmsg());
		struct screen_view v;
		bool advised = false, stepped_on = false, summary = false;
		for (int i = 0; i < 200000 && step(&r, &v); i++) {
			if (v.id == SCREEN_QUESTION && v.question.count == 0) {
				advised = true;
				CHECK(strcmp(v.question.title, "Pain too high today") == 0 &&
					      strcmp(v.question.question, "Best not to exercise today") == 0,
				      "'%s' / '%s'", v.question.title, v.question.question);
				CHECK(strstr(v.question.detail, "Pain 8/10, limit 5/10") && strstr(v.question.detail, "physio") &&
					      v.question.advice,
				      "'%s' (advice %d)", v.question.detail, v.question.advice);
				CHECK(strcmp(v.question.no, "Stop for today") == 0 && strcmp(v.question.yes, "Exercise anyway") == 0,
				      "the buttons; 'next' (No) stops");
			}
			stepped_on |= v.id == SCREEN_STEP_ON;
			if (v.id == SCREEN_STEP_ON && go_on)
				session_side_act(&r.s, &r.c, &(struct ui_action){ UI_ACT_BACK, 0 }); /* enough: it went on */
			if (v.id == SCREEN_SUMMARY && !summary) {
				summary = true;
				if (!go_on) {
					CHECK(strcmp(v.summary.title, "No exercise today") == 0 && v.summary.advice &&
						      strstr(v.summary.advice, "contact your physiotherapist"),
					      "summary '%s': the advice drawn large", v.summary.title);
					const char *pain = row(&v.summary, "Pain");
					CHECK(pain && strstr(pain, "8"), "the pain that stopped it: '%s'", pain ? pain : "(no row)");
				}
			}
		}
		CHECK(advised && summary, "go on %d: advised %d, summary %d", go_on, advised, summary);
		CHECK(stepped_on == go_on, "go on %d: to the plate %d", go_on, stepped_on);
		finish(&r);
	}
}

/* The pain scale with arrows alone (a clicker has no digits): the first press picks 0,
 * each one more or less, within 0-10; "next" then answers. */
static void test_pain_by_arrows(const char *dir)
{
	REQUIRE(add_patient(dir, "A1", 2) == ST_OK, "%s", st_errmsg());
	struct run r = { .pain_now = 2, .day_after = 1 };
	REQUIRE(start(&r, dir, "sim", "A1"), "%s", st_errmsg());
	struct screen_view v;
	for (int i = 0; i < 1000; i++) {
		CHECK(session_side_tick(&r.s, &r.c, 10) == ST_OK, "tick: %s", st_errmsg());
		session_side_view(&r.s, &r.c, 0, &v);
		if (v.id == SCREEN_PAIN)
			break;
		if (v.id == SCREEN_QUESTION)
			session_side_act(&r.s, &r.c, &(struct ui_action){ UI_ACT_NO, 0 });
	}
	REQUIRE(v.id == SCREEN_PAIN && v.pain.selected < 0, "the pain scale, nothing chosen: %d", v.id);
	static const int steps[] = { 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, 1 };
	static const int want[] = { 0, 1, 2, 3, 2, 1, 0, 0, 0, 0, 1 };
	for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
		session_side_act(&r.s, &r.c, &(struct ui_action){ UI_ACT_STEP, steps[k] });
		session_side_view(&r.s, &r.c, 0, &v);
		CHECK(v.id == SCREEN_PAIN && v.pain.selected == want[k], "arrow %zu: %d, not %d", k, v.pain.selected,
		      want[k]);
	}
	session_side_act(&r.s, &r.c, &(struct ui_action){ UI_ACT_NEXT, 0 });
	session_side_view(&r.s, &r.c, 0, &v);
	CHECK(!(v.id == SCREEN_PAIN && strcmp(v.pain.question, flow_question_text(Q_PAIN_NOW)) == 0),
	      "answered, on to the next screen");
	finish(&r);
}

/* What a whole raise session showed. */
struct raise_seen {
	int raise_views, counter_off;  /* views; views whose counter was not the reps shown */
	int measuring_views;           /* views of a rep counted as its heels landed, its verdict to come */
	int cue_views;                 /* views with the hand cue */
	double cue_max_pct;
	int last_rep_views;            /* views showing a set's last rep, before its summary */
	double last_rep_shown_s[4];    /* plate time from the last rep on the screen to the summary */
	int n_sets, reps_target;
	bool eased_note;
	char eased_row[160];           /* the session summary's "Eased today" ("": none) */
	int day_after_limit;           /* the limit the day-after question's scale showed (-1: not asked) */
	char reps_row[64];
	int set_measured, set_unmeasured;          /* summed over the set summaries' lowering rows */
	int session_measured, session_unmeasured;  /* the session summary's */
};

/* "4.0 s mean; 4 of 4 in 3-5 s, 1 not measured": the reps measured and those not. */
static void lowering_counts(const char *row, int *measured, int *unmeasured)
{
	int in_band = 0, m = 0, u = 0;
	const char *semi = row ? strchr(row, ';') : NULL;
	if (semi && sscanf(semi, "; %d of %d", &in_band, &m) == 2)
		*measured += m;
	const char *comma = row ? strstr(row, ", ") : NULL;
	if (comma && sscanf(comma, ", %d not measured", &u) == 1)
		*unmeasured += u;
}

static struct raise_seen raise_session(const char *dir, const char *plate, const char *id, int day_after)
{
	struct raise_seen seen = { .day_after_limit = -1 };
	struct run r = { .pain_now = 2, .day_after = day_after };
	REQUIRE(start(&r, dir, plate, id), "%s", st_errmsg());
	struct screen_view v;
	double last_rep_at = NAN;
	char set_counted[64] = "";
	for (int i = 0; i < 2000000 && step(&r, &v); i++) {
		if (v.id == SCREEN_STEP_ON && v.step_on.note)
			seen.eased_note = strcmp(v.step_on.note_detail, "4 reps a set instead of 5") == 0;
		if (v.id == SCREEN_PAIN && strcmp(v.pain.question, flow_question_text(Q_PAIN_DAY_AFTER)) == 0)
			seen.day_after_limit = v.pain.ceiling;
		if (v.id == SCREEN_RAISES) {
			const struct view_raises *x = &v.raises;
			seen.raise_views++;
			seen.counter_off += x->rep != x->n_lower + x->n_waiting;
			if (x->n_waiting > 0) {
				seen.measuring_views++;
				CHECK(view_rep_feedback(x, x->rep - 1) == FEEDBACK_MEASURING, "a rep counted, not measured yet");
			}
			seen.reps_target = x->reps_target;
			char words[48];
			if (view_support_words(&x->support, words, sizeof words)) {
				seen.cue_views++;
				seen.cue_max_pct = fmax(seen.cue_max_pct, x->support.pct);
			}
			seen.last_rep_views += x->n_lower == x->reps_target;
			if (x->n_lower == x->reps_target && isnan(last_rep_at)) {
				last_rep_at = plate_s(&r);
				/* judged as it shows: the last rep's verdict is the words drawn */
				CHECK(view_rep_feedback(x, x->n_lower - 1) != FEEDBACK_NONE, "the last rep has a verdict");
			}
		}
		if (v.id == SCREEN_SUMMARY && strstr(v.summary.title, "Set") && !isnan(last_rep_at)) {
			if (seen.n_sets < 4)
				seen.last_rep_shown_s[seen.n_sets] = plate_s(&r) - last_rep_at;
			seen.n_sets++;
			last_rep_at = NAN;
			snprintf(seen.reps_row, sizeof seen.reps_row, "%s", row(&v.summary, "Reps") ? row(&v.summary, "Reps") : "");
		}
		if (v.id == SCREEN_SUMMARY && strstr(v.summary.title, "Set") && strcmp(v.summary.title, set_counted) != 0) {
			snprintf(set_counted, sizeof set_counted, "%s", v.summary.title); /* each set once */
			lowering_counts(row(&v.summary, "Lowering time"), &seen.set_measured, &seen.set_unmeasured);
			/* the band and its unit never wrap apart ("3-5" at a line's end, "s" alone) */
			const char *lowering = row(&v.summary, "Lowering time");
			CHECK(!lowering || !strstr(lowering, " in ") || strstr(lowering, "-5\u00a0s"),
			      "'%s': the band's unit after a no-break space", lowering);
		}
		if (v.id == SCREEN_SUMMARY && !strstr(v.summary.title, "Set") && v.summary.n_rows > 0) { /* its rows' page */
			if (row(&v.summary, "Eased today"))
				snprintf(seen.eased_row, sizeof seen.eased_row, "%s", row(&v.summary, "Eased today"));
			seen.session_measured = seen.session_unmeasured = 0;
			lowering_counts(row(&v.summary, "Lowering time"), &seen.session_measured, &seen.session_unmeasured);
		}
	}
	finish(&r);
	return seen;
}

/* The session's lowering row is its sets' together: reps not measured count neither way
 * ("9 of 9 in 3-5 s, 1 not measured", not "9 of 10"). */
static void check_lowering_rows(const struct raise_seen *s, const char *what)
{
	CHECK(s->session_measured == s->set_measured && s->session_unmeasured == s->set_unmeasured && s->set_measured > 0,
	      "%s: session %d measured, %d not; its sets %d measured, %d not", what, s->session_measured,
	      s->session_unmeasured, s->set_measured, s->set_unmeasured);
}

static void test_raise_sessions(const char *dir)
{
	REQUIRE(add_patient(dir, "R1", 2) == ST_OK, "%s", st_errmsg());
	struct raise_seen s = raise_session(dir, "sim", "R1", 0);
	CHECK(s.raise_views > 10 && s.counter_off == 0, "%d raise views, %d with the counter not the reps shown",
	      s.raise_views, s.counter_off);

	/* each set's last rep was on the screen, judged, before the summary, for 2 s or more
	 * of plate time (the views are a tick apart: a tick takes what the fast plate has) */
	CHECK(s.n_sets == 2 && s.last_rep_views >= 2, "%d sets ended on their count, %d views of a last rep", s.n_sets,
	      s.last_rep_views);
	for (int i = 0; i < 2; i++)
		CHECK(s.last_rep_shown_s[i] >= SET_END_SHOW_S, "set %d: its last rep on the screen %.2f s before the summary",
		      i + 1, s.last_rep_shown_s[i]);
	printf("last rep on the screen before the set summary: %.2f s, %.2f s of plate time\n", s.last_rep_shown_s[0],
	       s.last_rep_shown_s[1]);
	CHECK(s.cue_views == 0, "no hands, no cue: %d views (%.1f %%)", s.cue_views, s.cue_max_pct);
	CHECK(s.reps_target == 5 && strcmp(s.reps_row, "5 of 5") == 0, "target %d, '%s'", s.reps_target, s.reps_row);
	check_lowering_rows(&s, "no rail");
	/* the next session, still sore the day after (6/10, above 3/10): eased by 25 %, said */
	REQUIRE(store_sessions_a_day_earlier(dir), "the sessions a day back"); /* no day-after question the same day */
	s = raise_session(dir, "sim", "R1", 6);
	CHECK(s.eased_note && s.eased_row[0], "said before (%d) and after ('%s')", s.eased_note, s.eased_row);
	/* the summary says why too: the day after's pain */
	CHECK(strcmp(s.eased_row, "Day-after pain 6/10, so 4 reps a set instead of 5") == 0,
	      "the summary's eased row: '%s'", s.eased_row);
	/* its scale shows the day after's limit, 3, not the 5 of pain during exercise */
	CHECK(s.day_after_limit == 3, "the day-after scale's limit: %d", s.day_after_limit);
	CHECK(s.reps_target == 4 && strcmp(s.reps_row, "4 of 4") == 0, "eased: target %d, '%s'", s.reps_target,
	      s.reps_row);

	/* a hand on a rail taking 12 % of the weight from the first set on (a rep every 8.9 s:
	 * the fast plate's 4.1 s batches, a view each, fall on every part of the reps) */
	REQUIRE(add_patient(dir, "R2", 2) == ST_OK, "%s", st_errmsg());
	struct plate_dose dose = { .activity = PLATE_ACTIVITY_HEEL_RAISE, .sets = 2, .per_set = 5, .rise_s = 1, .top_s = 1,
				   .lower_s = 4, .bottom_s = 2.7, .rest_s = 120, .idle_end_s = 30 };
	char *text = sim_patient_scenario(&dose, 11), plate[600];
	size_t len = strlen(text) + 16;
	char *railed = malloc(len);
	snprintf(railed, len, "rail 12\n%s", text);
	char *path = temp_file_with("rail.sim", railed);
	snprintf(plate, sizeof plate, "sim:%s", path);
	s = raise_session(dir, plate, "R2", 0);
	CHECK(s.cue_views > s.raise_views / 2, "the cue in %d of %d views", s.cue_views, s.raise_views);
	CHECK(s.cue_max_pct > 9 && s.cue_max_pct < 16, "its figure at most %.1f %% (12 %% on the rail)", s.cue_max_pct);
	printf("hand cue: %d of %d raise views, at most %.1f %% shown (rail 12 %%)\n", s.cue_views, s.raise_views,
	       s.cue_max_pct);
	/* a rep is counted as its heels land, "Measuring..." until its verdict */
	CHECK(s.measuring_views > 0, "%d views of a rep counted before it was measured", s.measuring_views);
	printf("%d of %d raise views showed a rep counted as it landed, its verdict to come\n", s.measuring_views,
	       s.raise_views);
	check_lowering_rows(&s, "rail");
	CHECK(s.set_unmeasured > 0, "the rail session has reps not measured (%d) for check_lowering_rows", s.set_unmeasured);
	free(path);
	free(railed);
	free(text);

	/* no rail, a step off and back on mid-set: no hand cue (it read 65 %, then 22 %, 9 %
	 * for 6 s while the support's filter fell from the whole body weight) */
	REQUIRE(add_patient(dir, "R3", 2) == ST_OK, "%s", st_errmsg());
	path = temp_file_with("stepoff.sim", "name stepoff\nnoise 0.5\nsway 2\nempty 3\nstep-on 1\nstand 4\n"
					     "raise count=2 rise=1 hold=1 lower=4 height=50 rest=2 beat=8\nstep-off 1\n"
					     "empty 15\nstep-on 1\nstand 3\n"
					     "raise count=3 rise=1 hold=1 lower=4 height=50 rest=2 beat=8\nstand 40\n");
	snprintf(plate, sizeof plate, "sim:%s", path);
	s = raise_session(dir, plate, "R3", 0);
	CHECK(s.raise_views > 0 && s.cue_views == 0, "stepped off and on: the cue in %d of %d views (at most %.0f %%)",
	      s.cue_views, s.raise_views, s.cue_max_pct);
	free(path);
}

/* Phase 1: seated holds. */
static void test_seated_hold(const char *dir)
{
	REQUIRE(add_patient(dir, "S1", 1) == ST_OK, "%s", st_errmsg());
	struct run r = { .pain_now = 2, .day_after = 1 };
	REQUIRE(start(&r, dir, "sim", "S1"), "%s", st_errmsg());
	struct screen_view v;
	int hold_views = 0, nobody = 0, raise_after_hold = 0, released_views = 0, step_seated = 0, sets = 0;
	int sets_released = 0; /* sets whose hold was shown held after the heels came down */
	bool held = false, released = false;
	for (int i = 0; i < 4000000 && step(&r, &v); i++) {
		if (v.id == SCREEN_STEP_ON)
			step_seated += v.step_on.seated && strstr(view_step_line(&v.step_on), "sit") != NULL;
		if (v.id == SCREEN_HOLD) {
			const struct view_hold *h = &v.hold;
			hold_views++;
			CHECK(h->seated && strstr(view_hold_state(h), "Stand") == NULL, "seated, never told to stand");
			nobody += !isfinite(h->bal.left_pct); /* "Nobody on the plate" */
			if (h->heels_up && h->held_s >= HOLD_SHOWN_MIN_S)
				held = true;
			if (held && !h->heels_up) {
				released_views++;
				released = true;
				raise_after_hold += strstr(view_hold_state(h), "aise your heels") != NULL || h->held_s < 40;
			}
		}
		if (v.id == SCREEN_SUMMARY && strncmp(v.summary.title, "Hold ", 5) == 0) { /* one hold a set */
			sets++;
			sets_released += released;
			held = released = false;
			CHECK(row(&v.summary, "Longest hold") != NULL, "the set summary gives the hold");
		}
	}
	finish(&r);
	CHECK(step_seated > 0, "the step-on screen says to sit after the weighing");
	CHECK(hold_views > 20 && nobody == 0, "'Nobody on the plate' in %d of %d hold views", nobody, hold_views);
	CHECK(released_views > 0 && raise_after_hold == 0,
	      "after a hold: %d of %d views said to raise the heels or lost the time", raise_after_hold, released_views);
	CHECK(sets == 5 && sets_released == 5, "%d sets, %d showing the hold after it", sets, sets_released);
}

/* A plate that runs out two reps into the first set: the session's summary says it ended
 * early and that what was done is kept (the stop before any set, in test_app, says no
 * such thing). */
static void test_ended_early(const char *dir)
{
	REQUIRE(add_patient(dir, "E1", 2) == ST_OK, "%s", st_errmsg());
	struct run r = { .pain_now = 2, .day_after = 1 };
	char *path = start_scenario(&r, dir, "E1", "ends.sim",
				    "mass 72\nseed 3\nempty 3\nstep-on 1\nstand 4\n"
				    "raise count=2 rise=1.00 hold=1.00 lower=4.00 height=50 rest=2.00\nstand 3\n");
	struct screen_view v;
	const char *why = NULL, *done = NULL;
	int reps_planned = 0;
	for (int i = 0; i < 2000000 && step(&r, &v); i++) {
		if (v.id == SCREEN_RAISES)
			reps_planned = v.raises.sets * v.raises.reps_target;
		if (v.id == SCREEN_SUMMARY && !strstr(v.summary.title, "Set")) {
			why = row(&v.summary, "Why");
			done = row(&v.summary, "Done");
			/* the reps of the whole session planned, not of the sets begun ("2 of 5") */
			char planned[48];
			snprintf(planned, sizeof planned, "2 of %d reps", reps_planned);
			CHECK(why && strstr(why, "ended early") && strstr(why, "kept") && done && strstr(done, planned),
			      "'%s' / '%s' (%s)", why ? why : "(no row)", done ? done : "(no row)", planned);
		}
	}
	CHECK(why != NULL, "no session summary");
	finish(&r);
	free(path);
}

/* The patient does set 1, then stands still: set 2 ends by the idle limit with no rep. The
 * summary says the session ended early and counts one set done (a stranger's said
 * "Session done", "2 of 2 sets"). */
static void test_empty_set(const char *dir)
{
	REQUIRE(add_patient(dir, "E2", 2) == ST_OK, "%s", st_errmsg());
	struct run r = { .pain_now = 2, .day_after = 1 };
	char *path = start_scenario(&r, dir, "E2", "idle.sim",
				    "mass 72\nseed 4\nempty 3\nstep-on 1\nstand 4\n"
				    "raise count=15 rise=1.00 hold=1.00 lower=4.00 height=50 rest=2.00\nstand 400\n");
	struct screen_view v;
	const char *why = NULL, *done = NULL;
	char title[64] = "", set2[64] = "";
	int pain_after_empty = 0; /* pain "during that set" asked for the set nobody did */
	for (int i = 0; i < 4000000 && step(&r, &v); i++) {
		if (v.id == SCREEN_SUMMARY && strstr(v.summary.title, "Set 2"))
			snprintf(set2, sizeof set2, "%s", v.summary.title);
		pain_after_empty += v.id == SCREEN_PAIN && set2[0];
		if (v.id == SCREEN_SUMMARY && !strstr(v.summary.title, "Set")) {
			snprintf(title, sizeof title, "%s", v.summary.title);
			why = row(&v.summary, "Why");
			done = row(&v.summary, "Done");
		}
	}
	CHECK(strcmp(set2, "Set 2 of 2 not done") == 0, "the empty set's summary: '%s'", set2);
	CHECK(pain_after_empty == 0, "pain asked in %d views after the set nobody did", pain_after_empty);
	CHECK(why && strstr(why, "ended early") && done && strncmp(done, "1 of ", 5) == 0 && !strstr(title, "done"),
	      "'%s': '%s' / '%s'", title, why ? why : "(no row)", done ? done : "(no row)");
	finish(&r);
	free(path);
}

/* Hops on the left foot, then on the right: each hop's foot and times, the summaries. */
static void test_hops(const char *dir)
{
	REQUIRE(add_patient(dir, "H1", 4) == ST_OK, "%s", st_errmsg());
	struct run r = { .pain_now = 2, .day_after = 1 };
	char *path = start_scenario(&r, dir, "H1", "hops.sim",
				    "name hops\nmass 70\nseed 5\nnoise 0.6\nempty 3\nstep-on 1\nstand 4\n"
				    "hops count=6 flight=0.30 contact=0.22 jitter=0.05 leg=left\n"
				    "stand 2 leg=both\n"
				    "hops count=6 flight=0.26 contact=0.20 jitter=0.05 leg=right\n"
				    "stand 40 leg=both\nstep-off 1\nempty 2\n");
	struct screen_view v;
	int feet[2] = { 0, 0 }, counted = 0, with_ground = 0, mid_series = 0, nobody = 0;
	bool set_rows = false, session_rows = false;
	char foot[16], feet_row[80] = "";
	for (int i = 0; i < 2000000 && step(&r, &v); i++) {
		if (v.id == SCREEN_HOPS && v.hops.count > 0 && v.hops.count < 12) { /* in the air too */
			mid_series++;
			nobody += isnan(v.hops.bal.left_pct);
		}
		if (v.id == SCREEN_HOPS && v.hops.count > counted) {
			/* the hops new in this view, newest last: each with its foot and times */
			int fresh = v.hops.count - counted;
			CHECK(fresh <= v.hops.n, "%d new hops, %d shown", fresh, v.hops.n);
			for (int k = v.hops.n - fresh; k >= 0 && k < v.hops.n; k++) {
				const struct view_hop *h = &v.hops.hops[k];
				int number = counted + 1 + k - (v.hops.n - fresh);
				CHECK_NEAR(h->flight_s, number <= 6 ? 0.30 : 0.26, 0.03, "flight");
				const char *f = view_hop_foot(h->left_pct, foot);
				feet[0] += strcmp(f, "Left") == 0;
				feet[1] += strcmp(f, "Right") == 0;
				with_ground += isfinite(h->contact_s);
			}
			counted = v.hops.count;
		}
		if (v.id == SCREEN_SUMMARY && strstr(v.summary.title, "Set")) {
			set_rows = row(&v.summary, "In the air") && row(&v.summary, "On the ground");
			const char *fr = row(&v.summary, "On one foot");
			snprintf(feet_row, sizeof feet_row, "%s", fr ? fr : "");
		}
		if (v.id == SCREEN_SUMMARY && !strstr(v.summary.title, "Set") && v.summary.n_rows > 0)
			session_rows = row(&v.summary, "In the air") && row(&v.summary, "On the ground") &&
				       row(&v.summary, "Done") && strstr(row(&v.summary, "Done"), ", 12 hops");
	}
	finish(&r);
	CHECK(counted == 12 && feet[0] == 6 && feet[1] == 6, "%d hops: %d on the left foot, %d on the right", counted,
	      feet[0], feet[1]);
	CHECK(with_ground == 10, "%d hops with a ground time (all but the last of each series)", with_ground);
	CHECK(mid_series > 0 && nobody == 0, "'Nobody on the plate' in %d of %d views amid the hops", nobody, mid_series);
	int n_left = 0, n_right = 0;
	double ms_left = 0, ms_right = 0;
	CHECK(sscanf(feet_row, "left %d (%lf\u00a0ms in the air), right %d (%lf", &n_left, &ms_left, &n_right, &ms_right) == 4 &&
		      n_left == 6 && n_right == 6 && fabs(ms_left - 300) < 20 && fabs(ms_right - 260) < 20,
	      "set: '%s'", feet_row);
	CHECK(set_rows && session_rows, "hop rows: set %d, session %d", set_rows, session_rows);
	free(path);
}

/* Hops on both feet: the set's and the session's summaries give how evenly they landed,
 * as each hop on the screen does (a stranger found no left/right line in either). Hops on
 * one foot give none (test_hops: their own row per foot). */
static void test_hops_both_feet(const char *dir)
{
	REQUIRE(add_patient(dir, "H2", 4) == ST_OK, "%s", st_errmsg());
	struct run r = { .pain_now = 2, .day_after = 1 };
	char *path = start_scenario(&r, dir, "H2", "hops2.sim",
				    "name hops2\nmass 70\nseed 6\nnoise 0.6\nempty 3\nstep-on 1\nstand 4\n"
				    "hops count=8 flight=0.30 contact=0.22 jitter=0.05 share=60\n"
				    "stand 40\nstep-off 1\nempty 2\n");
	struct screen_view v;
	char set_share[48] = "", session_share[48] = "";
	int hop_views = 0, numbered = 0; /* "Set 1 of 1" on the hop screen, as on the raises' */
	for (int i = 0; i < 2000000 && step(&r, &v); i++) {
		hop_views += v.id == SCREEN_HOPS;
		numbered += v.id == SCREEN_HOPS && v.hops.set == 1 && v.hops.sets >= 1;
		const char *share = v.id == SCREEN_SUMMARY ? row(&v.summary, "On both feet") : NULL;
		if (share)
			snprintf(strstr(v.summary.title, "Set") ? set_share : session_share, sizeof set_share, "%s", share);
	}
	finish(&r);
	int left_set = 0, left_session = 0;
	CHECK(sscanf(set_share, "%d %%", &left_set) == 1 && abs(left_set - 60) <= 3 &&
		      sscanf(session_share, "%d %%", &left_session) == 1 && abs(left_session - 60) <= 3,
	      "left share 60 %%: set '%s', session '%s'", set_share, session_share);
	CHECK(hop_views > 0 && numbered == hop_views, "%d of %d hop views with the set's number", numbered, hop_views);
	free(path);
}

int main(void)
{
	if (dsp_init(getenv("STATION_FFTW_WISDOM")) != ST_OK) {
		fprintf(stderr, "%s\n", st_errmsg());
		return 1;
	}
	test_injected_reps();
	test_injected_support();
	test_injected_hold_and_hops();
	test_steadiness_word();
	char *dir = temp_path("feedback");
	test_pain_gate(dir);
	test_pain_by_arrows(dir);
	test_raise_sessions(dir);
	test_seated_hold(dir);
	test_hops(dir);
	test_hops_both_feet(dir);
	test_ended_early(dir);
	test_empty_set(dir);
	free(dir);
	return check_summary();
}
