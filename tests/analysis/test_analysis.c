/* test_analysis.c: the analysis's behaviour beyond accuracy: what it refuses, how it
 * treats gaps, saturation, a recording without COP, mains hum, hand support, implausible
 * and untimeable reps, and its JSON. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "capture.h"
#include "check.h"
#include "dsp.h"
#include "physics.h"

/* Plays a scenario on the simulated plate and returns it in newtons. */
static void simulate(const char *scenario, unsigned rate, struct trace *out)
{
	CHECK(simulate_trace(scenario, rate, out, NULL) == ST_OK, "simulate: %s", st_errmsg());
}

static void test_refusals(void)
{
	struct trace t;
	struct analysis a;
	simulate("stand 0.5\n", 1000, &t);
	CHECK(analyse_trace(&t, EXERCISE_HOLD, &a) == ST_ERR_DATA && strstr(st_errmsg(), "too short"),
	      "half a second: %s", st_errmsg());
	trace_free(&t);
	simulate("noise 0.5\nempty 5\n", 1000, &t);
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_ERR_DATA && strstr(st_errmsg(), "nobody on the plates"),
	      "empty plates: %s", st_errmsg());
	trace_free(&t);
	enum exercise e;
	CHECK(exercise_from_name("skipping", &e) == ST_ERR_ARG && strstr(st_errmsg(), "heel-raise, hold or hop"),
	      "unknown exercise: %s", st_errmsg());
	CHECK(exercise_from_name("hop", &e) == ST_OK && e == EXERCISE_HOP, "hop");
}

static const char *const raises = "noise 0.5\nstand 3\nraise count=4 rise=1 hold=1.5 lower=3.5 height=50 rest=2\nstand 3\n";

/* The four raises with 300 samples lost from drop_at_s, at 1 kHz, analysed. */
static void raises_with_gap(double drop_at_s, struct analysis *a)
{
	struct trace t;
	char scenario[512];
	snprintf(scenario, sizeof scenario, "%sdrop at=%.1f count=300\n", raises, drop_at_s);
	simulate(scenario, 1000, &t);
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, a) == ST_OK, "analyse: %s", st_errmsg());
	trace_free(&t);
}

static void test_gap_is_never_bridged(void)
{
	struct analysis a;
	/* the second rep runs from about 11.5 s to 17 s; 300 samples lost in its lowering */
	raises_with_gap(15, &a);
	CHECK(a.gaps == 1, "one gap: %zu", a.gaps);
	CHECK(a.n_reps == 3, "the rep with the gap is left out, the others kept: %zu reps", a.n_reps);
	/* ... not without a word: rejected once, with the reason, where it was */
	CHECK(a.n_rejected == 1 && strstr(a.rejected[0].reason, "gap") && a.rejected[0].start_s > 10 &&
		      a.rejected[0].end_s < 18,
	      "%zu rejected: %s", a.n_rejected, a.n_rejected ? a.rejected[0].reason : "");
	for (size_t i = 0; i < a.n_reps; i++)
		CHECK(a.reps[i].end_s < 15 || a.reps[i].start_s > 15.3, "no rep spans the gap: %.2f-%.2f",
		      a.reps[i].start_s, a.reps[i].end_s);
	analysis_free(&a);
}

/* A gap soon after a rep's heels land: the rep is counted, uncertain, and its reason names
 * the gap (it blamed the recording's end or a step off, a stranger found). */
static void test_gap_after_heels_land(void)
{
	struct analysis a;
	raises_with_gap(18.2, &a); /* the second rep's heels land at about 17.8 s */
	CHECK(a.n_reps == 4 && a.n_rejected == 0, "%zu reps, %zu rejected", a.n_reps, a.n_rejected);
	const char *why = a.n_reps == 4 ? a.reps[1].uncertain : NULL;
	CHECK(why && strstr(why, "a gap in the recording") && !strstr(why, "steps off"), "the second rep: %s",
	      why ? why : "timed");
	analysis_free(&a);
}

/* A recording that begins or ends during a rep (or a hold) does not lose it without a
 * word: it is in the rejected list, with the reason. */
static void test_cut_at_the_edges(void)
{
	struct trace t;
	struct analysis whole, a;
	simulate("noise 0.5\nstand 3\nraise count=4 rise=1 hold=1.5 lower=3.5 height=50 rest=2\nstand 3\n"
		 "raise count=2 rise=1 hold=1.5 lower=3.5 height=50 rest=2\n", 500, &t);
	REQUIRE(analyse_trace(&t, EXERCISE_HEEL_RAISE, &whole) == ST_OK && whole.n_reps == 6, "6 reps: %zu",
		whole.n_reps);
	/* cut in the hold of the last rep, and in the hold of the first */
	const struct rep_result *last = &whole.reps[5], *first = &whole.reps[0];
	t.n = (size_t)((last->top_s + 0.5) * t.rate_hz);
	trace_drop_front(&t, (size_t)((first->top_s + 0.5) * t.rate_hz));
	REQUIRE(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK, "analyse: %s", st_errmsg());
	CHECK(a.n_reps == 4, "the 4 whole reps: %zu", a.n_reps);
	CHECK(a.n_rejected == 2 && strstr(a.rejected[0].reason, "begins with the heels up") &&
		      strstr(a.rejected[1].reason, "ends with the heels up") &&
		      fabs(a.rejected[1].start_s - last->start_s) < 0.5,
	      "the cut reps rejected, saying why: %zu (%s)", a.n_rejected, a.n_rejected ? a.rejected[0].reason : "");
	analysis_free(&a);
	analysis_free(&whole);
	trace_free(&t);
}

/* Analyses scenario at rate with the COP of both plates blank over [a, b) s, as a CSV's
 * empty fields, and (every > 0) again every that many seconds; with light_right, the
 * right foot taking a fifth of the weight, 80 mm behind the left, and only its COP
 * blank. */
static void analyse_blanked(const char *scenario, unsigned rate, enum exercise mode, double a, double b, double every,
			    bool light_right, struct analysis *out)
{
	struct trace t;
	simulate(scenario, rate, &t);
	for (size_t i = 0; light_right && i < t.n; i++) {
		t.fz[0][i] *= 1.6f;
		t.fz[1][i] *= 0.4f;
		t.cop_y[1][i] -= 80;
	}
	for (size_t i = 0; i < t.n; i++)
		if (t.t_s[i] >= a && (every > 0 ? fmod(t.t_s[i] - a, every) : t.t_s[i] - a) < b - a)
			for (int s = light_right; s < 2; s++)
				t.cop_x[s][i] = t.cop_y[s][i] = NAN;
	CHECK(analyse_trace(&t, mode, out) == ST_OK, "analyse: %s", st_errmsg());
	trace_free(&t);
}

/* The COP blank for a moment under a load (a CSV from a device that drops out) is drawn
 * across, not given up for the whole recording (a stranger's 0.5 s blank in 40 s made
 * every rep force-only, three of four uncertain, "the recording has no centre of
 * pressure"). A rep or hold whose heels leave or meet the ground in a blank is uncertain,
 * saying why; the others are as without it. Longer than a second, it is not drawn across. */
static void test_cop_blanks(void)
{
	struct analysis whole, a;
	analyse_blanked(raises, 1000, EXERCISE_HEEL_RAISE, 0, 0, 0, false, &whole);
	CHECK(whole.n_reps == 4, "reference: %zu reps", whole.n_reps);
	const struct rep_result *r = whole.reps;
	const struct {
		double a, b, every;
		int uncertain; /* the rep said uncertain (-1: none) */
	} blanks[] = {
		{ r[1].top_s + 0.2, r[1].top_s + 0.9, 0, -1 },     /* heels up */
		{ r[1].end_s + 0.4, r[1].end_s + 1.0, 0, -1 },     /* heels down between reps */
		{ r[2].start_s - 0.25, r[2].start_s + 0.25, 0, 2 }, /* heels leaving the ground */
		{ r[0].end_s - 0.6, r[0].end_s, 0, 0 },             /* ... meeting it */
		{ 0, 0.001, 0.05, -1 }, /* a sample in 50 everywhere: each too short to doubt */
	};
	for (size_t c = 0; c < sizeof blanks / sizeof blanks[0]; c++) {
		analyse_blanked(raises, 1000, EXERCISE_HEEL_RAISE, blanks[c].a, blanks[c].b, blanks[c].every, false, &a);
		CHECK(!a.cop_missing && a.n_reps == 4, "blank %.2f-%.2f s: COP %s, %zu reps", blanks[c].a, blanks[c].b,
		      a.cop_missing ? "missing" : "kept", a.n_reps);
		for (size_t k = 0; k < a.n_reps && a.n_reps == 4; k++) {
			bool said = a.reps[k].uncertain && strstr(a.reps[k].uncertain, "centre of pressure is blank");
			CHECK(said == ((int)k == blanks[c].uncertain), "blank %.2f-%.2f s: rep %zu %s", blanks[c].a,
			      blanks[c].b, k, a.reps[k].uncertain ? a.reps[k].uncertain : "certain");
			CHECK(said || (!a.reps[k].uncertain && fabs(a.reps[k].start_s - r[k].start_s) < 0.02 &&
				       fabs(a.reps[k].lower_s - r[k].lower_s) < 0.02),
			      "blank %.2f-%.2f s: rep %zu as without it (lowering %.3f, %.3f s)", blanks[c].a, blanks[c].b,
			      k, a.reps[k].lower_s, r[k].lower_s);
		}
		analysis_free(&a);
	}
	analyse_blanked(raises, 1000, EXERCISE_HEEL_RAISE, r[1].top_s, r[1].top_s + 1.5, 0, false, &a);
	CHECK(a.cop_missing, "a blank of 1.5 s: from the force alone");
	analysis_free(&a);
	analysis_free(&whole);
	/* ... on a foot taking a fifth of the weight too (a stranger's blank there was not
	 * looked for: the other foot's COP stood for both, the rep moved, said certain) */
	analyse_blanked(raises, 1000, EXERCISE_HEEL_RAISE, 0, 0, 0, true, &whole);
	CHECK(whole.n_reps == 4 && !whole.cop_missing, "a light right foot: %zu reps", whole.n_reps);
	if (whole.n_reps == 4) {
		analyse_blanked(raises, 1000, EXERCISE_HEEL_RAISE, whole.reps[0].end_s - 0.6, whole.reps[0].end_s, 0, true,
				&a);
		CHECK(!a.cop_missing && a.n_reps == 4 && a.reps[0].uncertain &&
			      strstr(a.reps[0].uncertain, "centre of pressure is blank") && !a.reps[1].uncertain,
		      "the light foot's COP blank as its heels land: %zu reps, %s", a.n_reps,
		      a.n_reps ? (a.reps[0].uncertain ? a.reps[0].uncertain : "certain") : "");
		analysis_free(&a);
		analyse_blanked(raises, 1000, EXERCISE_HEEL_RAISE, whole.reps[1].top_s, whole.reps[1].top_s + 1.5, 0, true,
				&a);
		CHECK(a.cop_missing, "the light foot's COP blank for 1.5 s: from the force alone");
		analysis_free(&a);
	}
	analysis_free(&whole);

	/* a device that gives a plate's COP only from 200 N on: stepping on is no blank (the
	 * plate's COP is wanted from the force it gives one at), and the file plays as a plate */
	struct trace t;
	simulate("mass 75\nnoise 0.5\nempty 2\nstep-on 1\nstand 3\nraise count=4 rise=1 hold=1.5 lower=3.5 "
		 "height=50 rest=2\nstand 3\n",
		 1000, &t);
	for (size_t i = 0; i < t.n; i++)
		for (int s = 0; s < 2; s++)
			if (t.fz[s][i] < 200)
				t.cop_x[s][i] = t.cop_y[s][i] = NAN;
	struct cop_lack lack;
	trace_cop_lacking(&t, 0, t.n, &lack);
	CHECK(lack.lacking == 0, "COP from 200 N: %zu plate samples lacking it", lack.lacking);
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && !a.cop_missing && a.n_reps == 4,
	      "COP from 200 N: %zu reps, COP %s", a.n_reps, a.cop_missing ? "missing" : "kept");
	for (size_t k = 0; k < a.n_reps; k++)
		CHECK(!a.reps[k].uncertain, "COP from 200 N: rep %zu %s", k, a.reps[k].uncertain);
	analysis_free(&a);
	trace_free(&t);

	static const char hold[] = "noise 0.5\nstand 3\nhold standing seconds=10 height=45\nstand 3\n";
	analyse_blanked(hold, 500, EXERCISE_HOLD, 0, 0, 0, false, &whole);
	CHECK(whole.n_holds == 1 && !whole.holds[0].uncertain, "reference: %zu holds", whole.n_holds);
	for (int at_end = 0; at_end < 2 && whole.n_holds == 1; at_end++) {
		const struct hold_result *h = &whole.holds[0];
		double from = at_end ? h->end_s - 0.3 : h->start_s + 4;
		analyse_blanked(hold, 500, EXERCISE_HOLD, from, from + 0.6, 0, false, &a);
		CHECK(a.n_holds == 1, "hold blank at %.2f s: %zu holds", from, a.n_holds);
		if (a.n_holds == 1)
			CHECK(at_end ? a.holds[0].uncertain != NULL
				     : !a.holds[0].uncertain && fabs(a.holds[0].duration_s - h->duration_s) < 0.02,
			      "hold blank at %.2f s: %s, %.3f s (%.3f s)", from,
			      a.holds[0].uncertain ? a.holds[0].uncertain : "certain", a.holds[0].duration_s,
			      h->duration_s);
		analysis_free(&a);
	}
	analysis_free(&whole);
}

/* A COP that barely moves (in cm, not mm): no rep is invented from it or counted without
 * it, but the reps the force shows are in rejected saying why, and the JSON warns (a
 * stranger's gave no rep and no word). */
static void test_cop_in_cm(void)
{
	struct trace t;
	struct analysis a;
	simulate(raises, 500, &t);
	for (size_t i = 0; i < t.n; i++)
		for (int s = 0; s < 2; s++)
			t.cop_x[s][i] /= 10, t.cop_y[s][i] /= 10;
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK, "analyse: %s", st_errmsg());
	size_t said = 0;
	for (size_t i = 0; i < a.n_rejected; i++)
		said += strstr(a.rejected[i].reason, "not in mm") != NULL;
	CHECK(a.n_reps == 0 && said == 4, "COP in cm: %zu reps, %zu rejected saying why", a.n_reps, said);
	char *json = analysis_to_json(&a, EXERCISE_HEEL_RAISE);
	CHECK(json && strstr(json, "moves less than 15 mm forward"), "the JSON warns");
	free(json);
	analysis_free(&a);
	trace_free(&t);
}

/* DESIGN.md makes the COP columns optional: without them the reps come from the force
 * alone (rises.c), as with them, and the JSON says what was missing; holds, which
 * DESIGN.md defines by the COP, are not invented. (test_analysis_accuracy scores this
 * over many recordings.) */
static void test_without_cop(void)
{
	struct trace t;
	struct analysis with, a;
	simulate(raises, 500, &t);
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &with) == ST_OK && with.n_reps == 4, "with the COP: %zu reps",
	      with.n_reps);
	strip_cop(&t);
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK, "analyse: %s", st_errmsg());
	CHECK(a.cop_missing && a.n_reps == 4 && a.n_rejected == 0, "no COP: %zu reps, %zu rejected", a.n_reps,
	      a.n_rejected);
	for (size_t i = 0; i < a.n_reps && i < with.n_reps; i++)
		CHECK(!a.reps[i].uncertain && fabs(a.reps[i].start_s - with.reps[i].start_s) < 0.05 &&
			      fabs(a.reps[i].lower_s - with.reps[i].lower_s) < 0.1 &&
			      fabs(a.reps[i].height_mm - with.reps[i].height_mm) < 3,
		      "rep %zu from the force alone: %.2f s, lowering %.2f s, %.0f mm (with the COP %.2f, %.2f, %.0f)", i,
		      a.reps[i].start_s, a.reps[i].lower_s, a.reps[i].height_mm, with.reps[i].start_s,
		      with.reps[i].lower_s, with.reps[i].height_mm);
	char *json = analysis_to_json(&a, EXERCISE_HEEL_RAISE);
	CHECK(json && strstr(json, "no centre of pressure") && strstr(json, "force alone"), "the JSON says so");
	free(json);
	analysis_free(&a);
	CHECK(analyse_trace(&t, EXERCISE_HOLD, &a) == ST_OK && a.n_holds == 0, "no holds invented: %zu", a.n_holds);
	json = analysis_to_json(&a, EXERCISE_HOLD);
	CHECK(json && strstr(json, "holds (the heels up, by the COP) cannot be found"), "the JSON says why");
	free(json);
	analysis_free(&a);
	analysis_free(&with);
	trace_free(&t);
	/* One foot on the plates, and only the other plate's COP (a CSV with only its columns,
	 * empty where it bears no load): the COP is not known, not held still at that plate's
	 * last COP of the stepping on (4 reps became 0, each "no heel was raised"). */
	simulate("noise 0.5\nstand 3\nstand 3 leg=left\nraise count=4 rise=1 hold=1.5 lower=3.5 height=50 rest=2 "
		 "leg=left\nstand 3 leg=left\n",
		 1000, &t);
	for (size_t i = 0; i < t.n; i++)
		t.cop_x[0][i] = t.cop_y[0][i] = NAN;
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && a.cop_missing && a.n_reps == 4 &&
		      a.n_rejected == 0,
	      "the loaded plate's COP unknown: %zu reps, %zu rejected", a.n_reps, a.n_rejected);
	analysis_free(&a);
	trace_free(&t);
	/* three minutes of a light patient standing, swaying, a cable tugging now and then: no
	 * rep from the force alone (two such tugs were counted before a rise no clearer than
	 * the disturbances was rejected) */
	static const char *const standing[] = {
		"mass 45\nnoise 0.8\nhum 50 1\nsway 3\ndrift 0.5\ndisturb 2\nempty 2\nstep-on 1\nstand 180\n",
		/* a stranger's: a 19 mm "rep" before FORCE_ONLY_MIN_MM */
		"mass 45\nnoise 0.6\nsway 2\ndisturb 2\nempty 2\nstep-on 1\nstand 180\n",
	};
	for (size_t k = 0; k < sizeof standing / sizeof standing[0]; k++) {
		simulate(standing[k], k ? 1000 : 500, &t);
		strip_cop(&t);
		CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && a.n_reps == 0,
		      "standing %zu, no COP: %zu reps", k, a.n_reps);
		analysis_free(&a);
		trace_free(&t);
	}
}

/* A plate whose zero is a few newtons off (the README warns at 5 N) still gives every hop
 * at the same times: take-off and landing are judged above what the plates read in
 * flight, not above zero (a stranger's 8 N moved take-offs by up to 344 ms, 15 N lost
 * every hop, silently). The recording begins with the plates empty: with 25 N or more a
 * plate, they were weighed as the quiet stance (body weight 50 N), and no hop was found. */
static void test_hops_zero_offset(void)
{
	struct trace t;
	struct analysis base;
	simulate("mass 70\nnoise 1\nempty 2\nstep-on 1\nstand 3\nhops count=6 flight=0.3 contact=0.25\nstand 2\n", 1000,
		 &t);
	CHECK(analyse_trace(&t, EXERCISE_HOP, &base) == ST_OK && base.n_hops == 6, "6 hops: %zu", base.n_hops);
	static const double offsets[] = { 8, 15, 25, 30, 45, -10 };
	double added = 0;
	for (size_t k = 0; k < sizeof offsets / sizeof offsets[0]; k++) {
		shift_zero(&t, offsets[k] - added);
		added = offsets[k];
		struct analysis a;
		CHECK(analyse_trace(&t, EXERCISE_HOP, &a) == ST_OK, "analyse: %s", st_errmsg());
		CHECK(a.n_hops == base.n_hops, "zero %+g N a plate: %zu hops, not %zu", offsets[k], a.n_hops, base.n_hops);
		/* the empty plates' reading (no COP: nobody on them) is the zero, taken off */
		CHECK(fabs(a.body_weight_n - base.body_weight_n) < 3, "zero %+g N a plate: body weight %.1f N, not %.1f N",
		      offsets[k], a.body_weight_n, base.body_weight_n);
		CHECK(fabs(a.zero_n[0] - offsets[k]) < 1 && fabs(a.zero_n[1] - offsets[k]) < 1,
		      "zero %+g N a plate: taken off %.1f and %.1f N", offsets[k], a.zero_n[0], a.zero_n[1]);
		for (size_t i = 0; i < a.n_hops && i < base.n_hops; i++)
			CHECK(fabs(a.hops[i].takeoff_s - base.hops[i].takeoff_s) < 0.002 &&
				      fabs(a.hops[i].flight_s - base.hops[i].flight_s) < 0.002,
			      "zero %+g N a plate, hop %zu: take-off %.4f s, flight %.4f s (zero right: %.4f, %.4f)",
			      offsets[k], i, a.hops[i].takeoff_s, a.hops[i].flight_s, base.hops[i].takeoff_s,
			      base.hops[i].flight_s);
		analysis_free(&a);
	}
	analysis_free(&base);
	trace_free(&t);
	/* ... and with a gap between the empty plates and the stance (the weighing looked for
	 * the heavier stance in the first piece only) */
	simulate("mass 70\nnoise 1\nempty 3\nstep-on 1\nstand 3\nhops count=6 flight=0.3 contact=0.25\nstand 2\n"
		 "drop at=3.5 count=20\n",
		 1000, &t);
	shift_zero(&t, 30);
	CHECK(analyse_trace(&t, EXERCISE_HOP, &base) == ST_OK && base.n_hops == 6 &&
		      fabs(base.body_weight_n - 70 * STANDARD_GRAVITY) < 5,
	      "zero +30 N a plate, a gap after the empty plates: %zu hops, body weight %.1f N", base.n_hops,
	      base.body_weight_n);
	analysis_free(&base);
	trace_free(&t);
}

/* A warning about the COP is about the whole recording: a gap after the empty plates, or
 * after standing, left a first piece with no COP or a still one, and a stranger's hold,
 * found, came with "the recording has no centre of pressure". */
static void test_cop_warnings_after_a_gap(void)
{
	static const char *const gaps[] = { "drop at=2.5 count=20\n", "drop at=5.0 count=20\n" };
	for (size_t k = 0; k < sizeof gaps / sizeof gaps[0]; k++) {
		char scenario[256];
		snprintf(scenario, sizeof scenario,
			 "mass 70\nnoise 0.6\nsway 2\nempty 3\nstep-on 1\nstand 3\nhold standing seconds=20 height=45\n"
			 "stand 3\n%s",
			 gaps[k]);
		struct trace t;
		struct analysis a;
		simulate(scenario, 1000, &t);
		CHECK(analyse_trace(&t, EXERCISE_HOLD, &a) == ST_OK && a.n_holds == 1 && !a.cop_missing && !a.cop_still,
		      "%s: %zu holds, COP missing %d, still %d", gaps[k], a.n_holds, a.cop_missing, a.cop_still);
		analysis_free(&a);
		trace_free(&t);
	}
}

/* Standing holds with the plates' zeros 25 N off and an empty start: weighed standing, both
 * holds found (the rule was left off for holds, and they were weighed at 50 N). */
static void test_standing_holds_zero_offset(void)
{
	struct trace t;
	struct analysis a;
	simulate("mass 70\nnoise 0.6\nsway 1\nempty 3\nstep-on 1\nstand 3\nhold standing seconds=20 height=45\n"
		 "stand 3\nhold standing seconds=15 height=45\nstand 3\n",
		 1000, &t);
	shift_zero(&t, 25);
	CHECK(analyse_trace(&t, EXERCISE_HOLD, &a) == ST_OK && a.n_holds == 2 &&
		      fabs(a.body_weight_n - 70 * STANDARD_GRAVITY) < 5,
	      "standing holds, zeros +25 N: %zu holds, weighed %.1f N", a.n_holds, a.body_weight_n);
	analysis_free(&a);
	trace_free(&t);
}

/* Heel raises after empty plates whose zeros are off, each plate its own way (by 40 N,
 * by more than a light patient's seat, or in opposite directions: their sum under the
 * stance a weighing looks for): the zeros are taken off, so the body's mass, and with it
 * the heights and the work, are the body's (10 % low at 40 N a plate; at 80 N the empty
 * plates were weighed as the patient), and the load share is the feet's (67 % for 52 at
 * +140 / -100 N). A seat before the patient stands is no zero: its COP is there. */
static void test_raises_zero_offset(void)
{
	struct trace t;
	struct analysis base, a;
	simulate("mass 70\nnoise 0.6\nsway 1\nempty 3\nstep-on 1\nstand 3\n"
		 "raise count=4 rise=1 hold=1 lower=3.5 height=60 rest=2.5 share=40\nstand 3\n",
		 1000, &t);
	REQUIRE(analyse_trace(&t, EXERCISE_HEEL_RAISE, &base) == ST_OK && base.n_reps == 4, "4 reps: %zu", base.n_reps);
	static const double zeros[][2] = { { 40, 40 }, { 80, 80 }, { 140, -100 }, { -30, -30 }, { 55, -20 } };
	double added[2] = { 0, 0 };
	for (size_t k = 0; k < sizeof zeros / sizeof zeros[0]; k++) {
		shift_zeros(&t, zeros[k][0] - added[0], zeros[k][1] - added[1]);
		memcpy(added, zeros[k], sizeof added);
		REQUIRE(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && a.n_reps == 4, "zeros %+g / %+g N: %zu reps",
			zeros[k][0], zeros[k][1], a.n_reps);
		CHECK(fabs(a.body_weight_n - base.body_weight_n) < 3 && fabs(a.zero_n[0] - zeros[k][0]) < 1 &&
			      fabs(a.zero_n[1] - zeros[k][1]) < 1,
		      "zeros %+g / %+g N: weighed %.1f N, not %.1f N; taken off %.1f / %.1f N", zeros[k][0], zeros[k][1],
		      a.body_weight_n, base.body_weight_n, a.zero_n[0], a.zero_n[1]);
		for (size_t i = 0; i < a.n_reps; i++) {
			const struct rep_result *r = &a.reps[i], *b = &base.reps[i];
			CHECK(fabs(r->height_mm / b->height_mm - 1) < 0.02 && fabs(r->work_j / b->work_j - 1) < 0.02 &&
				      fabs(r->left_share_pct - b->left_share_pct) < 0.5 && fabs(r->lower_s - b->lower_s) < 0.05,
			      "zeros %+g / %+g N, rep %zu: %.1f mm, %.1f J, share %.1f %%, lowering %.2f s; zeros right "
			      "%.1f mm, %.1f J, %.1f %%, %.2f s",
			      zeros[k][0], zeros[k][1], i, r->height_mm, r->work_j, r->left_share_pct, r->lower_s,
			      b->height_mm, b->work_j, b->left_share_pct, b->lower_s);
		}
		char *json = analysis_to_json(&a, EXERCISE_HEEL_RAISE);
		CHECK(json && strstr(json, "\"zero_offset_n\""), "the zeros in the JSON: %s", json ? json : "");
		free(json);
		analysis_free(&a);
	}
	analysis_free(&base);
	trace_free(&t);
	/* seated, then standing to raise: weighed standing, and the seat's load kept */
	simulate("mass 70\nnoise 0.6\nsway 2\nsit 5\nstand 4\nraise count=5 rise=1 hold=1 lower=4 height=55 rest=2\n"
		 "stand 2\n",
		 1000, &t);
	REQUIRE(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && a.n_reps == 5, "seat, then raises: %zu reps",
		a.n_reps);
	CHECK(a.zero_n[0] == 0 && a.zero_n[1] == 0 && fabs(a.body_weight_n - 70 * STANDARD_GRAVITY) < 5,
	      "a seat before: no zero (%.1f / %.1f N), weighed %.1f N", a.zero_n[0], a.zero_n[1], a.body_weight_n);
	for (size_t i = 0; i < a.n_reps; i++)
		CHECK(fabs(a.reps[i].height_mm - 55) < 5, "a seat before, rep %zu: %.1f mm, not 55", i, a.reps[i].height_mm);
	analysis_free(&a);
	trace_free(&t);
}

/* Seated holds weigh what the seat leaves on the feet, however light (a stranger's 45 kg
 * patient, 53 N), and a push three times that is no stance to weigh: the empty plates'
 * rule (detect.h's EMPTY_MAX_N) is for standing work, and moved the weight to a 100 N
 * push's level (support_pct then stated for a seated hold). */
static void test_seated_light_weighing(void)
{
	static const char *const seated[][2] = {
		{ "a light seat", "mass 45\nnoise 0.6\nsway 1\nempty 2\nsit 5 load=12\nhold seated seconds=20\n"
				  "sit 20 load=12\nhold seated seconds=20\nsit 5 load=12\n" },
		{ "a push three times the seat", "mass 55\nnoise 0.6\nsway 1\nempty 2\nsit 4 load=10\n"
						 "hold seated seconds=20 push=100\nsit 5 load=10\n"
						 "hold seated seconds=15 push=100\nsit 4 load=10\n" },
	};
	for (size_t k = 0; k < sizeof seated / sizeof seated[0]; k++) {
		struct trace t;
		struct analysis a;
		simulate(seated[k][1], 1000, &t);
		CHECK(analyse_trace(&t, EXERCISE_HOLD, &a) == ST_OK && a.n_holds == 2 && a.body_weight_n < 60,
		      "%s: %zu holds, weighed %.1f N", seated[k][0], a.n_holds, a.body_weight_n);
		analysis_free(&a);
		trace_free(&t);
	}
}

static void test_saturation_and_hum(void)
{
	struct trace t;
	struct analysis a;
	simulate("hum 60 3\nnoise 0.5\nstand 3\nhops count=4 flight=0.3 contact=0.25\nstand 2\nsaturate at=3.7 seconds=0.1 channel=1\n",
		 1000, &t);
	CHECK(analyse_trace(&t, EXERCISE_HOP, &a) == ST_OK, "analyse: %s", st_errmsg());
	CHECK(a.hum_hz == 60, "60 Hz hum found: %g", a.hum_hz);
	CHECK(a.n_hops == 4, "4 hops: %zu", a.n_hops);
	size_t saturated = 0;
	for (size_t i = 0; i < a.n_hops; i++)
		saturated += a.hops[i].saturated;
	/* in the first contact: the hop before it and the one pushing off from it */
	CHECK(saturated == 2 && a.hops[0].saturated && a.hops[1].saturated,
	      "the hops over the saturated samples say so: %zu", saturated);
	CHECK(a.n_hops == 4 && isnan(a.hops[3].contact_s) && isnan(a.hops[3].rsi), "the last hop has no contact");
	analysis_free(&a);
	trace_free(&t);
	simulate("noise 0.5\nstand 5\n", 1000, &t);
	CHECK(analyse_trace(&t, EXERCISE_HOLD, &a) == ST_OK && a.hum_hz == 0 && a.n_holds == 0,
	      "no hum, no hold in quiet standing: %g Hz, %zu holds", a.hum_hz, a.n_holds);
	CHECK_NEAR(a.body_weight_n, 75 * STANDARD_GRAVITY, 1.0, "body weight from quiet standing");
	analysis_free(&a);
	trace_free(&t);
}

/* A load cell at full scale for 50 ms or 0.5 s in a rep (a stranger's review: such reps
 * came out 730 and 6339 mm high, "not saturated", blamed on slow disturbances, or were
 * rejected for want of a lowering): the rep is counted, says it was saturated and why it
 * is not measured, and states no height or work; the reps around it are measured. */
static void test_saturated_rep_says_so(void)
{
	struct trace t;
	struct analysis a;
	simulate("noise 0.6\nstand 3\nraise count=4 rise=1 hold=1 lower=3 height=50 rest=2\nstand 2\n"
		 "saturate at=12.5 seconds=0.05 channel=3\nsaturate at=20.5 seconds=0.5 channel=1\n",
		 1000, &t);
	REQUIRE(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK, "analyse: %s", st_errmsg());
	CHECK(a.n_reps == 4 && a.n_rejected == 0, "4 reps: %zu, %zu rejected", a.n_reps, a.n_rejected);
	size_t clipped = 0;
	for (size_t i = 0; i < a.n_reps; i++) {
		const struct rep_result *r = &a.reps[i];
		bool in = r->start_s < 21 && r->end_s > 12;
		clipped += r->saturated;
		CHECK(r->saturated == in, "rep at %.2f: saturated %d", r->start_s, r->saturated);
		if (in)
			CHECK(r->uncertain && strstr(r->uncertain, "full scale") && isnan(r->work_j) && isnan(r->height_mm),
			      "rep at %.2f: uncertain for the saturation (%s), no height, no work", r->start_s,
			      r->uncertain ? r->uncertain : "certain");
		else
			CHECK(!r->uncertain && fabs(r->height_mm - 50) < 5, "rep at %.2f: measured, %.1f mm (%s)",
			      r->start_s, r->height_mm, r->uncertain ? r->uncertain : "certain");
	}
	CHECK(clipped == 2, "2 reps over the saturations: %zu", clipped);
	analysis_free(&a);
	trace_free(&t);
}

/* Single-leg reps with the other plate's zero a newton low (a stranger found a left share
 * of 100.07 %): the share is 100, not more. */
static void test_share_within_bounds(void)
{
	struct trace t;
	struct analysis a;
	simulate("noise 0.3\nstand 3 share=100\nraise count=2 rise=1 hold=1 lower=3 height=50 rest=2 leg=left\nstand 3\n",
		 500, &t);
	for (size_t i = 0; i < t.n; i++)
		t.fz[1][i] -= 1.5f;
	REQUIRE(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && a.n_reps == 2, "2 reps: %s", st_errmsg());
	for (size_t i = 0; i < a.n_reps; i++)
		CHECK(a.reps[i].left_share_pct == 100, "rep %zu: left share %.3f %%", i, a.reps[i].left_share_pct);
	analysis_free(&a);
	trace_free(&t);
}

/* Every event of the list has every key; but_last: only the last event may lack these
 * (the last hop has no contact after it, DESIGN.md), NULL: none. */
static void expect_keys(const char *json, const char *list, const char *const *keys, const char *but_last)
{
	cJSON *root = cJSON_Parse(json);
	CHECK(root != NULL, "output is JSON");
	for (const char *const *k = (const char *const[]){ "rate_hz", "duration_s", "body_weight_n", NULL }; *k; k++)
		CHECK(cJSON_IsNumber(cJSON_GetObjectItem(root, *k)), "top-level %s", *k);
	CHECK(cJSON_IsArray(cJSON_GetObjectItem(root, "rejected")), "a rejected list, even if empty");
	const cJSON *events = cJSON_GetObjectItem(root, list), *e;
	CHECK(cJSON_GetArraySize(events) > 0, "%s has events", list);
	int i = 0, n = cJSON_GetArraySize(events);
	cJSON_ArrayForEach(e, events)
	{
		for (const char *const *k = keys; *k; k++)
			CHECK(cJSON_IsNumber(cJSON_GetObjectItem(e, *k)) ||
				      (i == n - 1 && but_last && strstr(but_last, *k)),
			      "%s %d: key %s", list, i, *k);
		i++;
	}
	cJSON_Delete(root);
}

static const char *const rep_keys[] = { "start_s", "top_s",	     "lower_start_s", "end_s",	     "rise_s",
					"hold_s",  "lower_s",	     "height_mm",     "left_share_pct", "support_pct",
					NULL };

static void test_json_keys(void)
{
	static const char *const hold_keys[] = { "start_s", "end_s", "duration_s", "left_share_pct", "support_pct", NULL };
	static const char *const hop_keys[] = { "takeoff_s", "landing_s", "flight_s", "contact_s", "height_mm", "rsi",
						NULL };
	struct trace t;
	struct analysis a;
	simulate("stand 3\nraise count=2\nstand 2\nhold standing seconds=5\nstand 2\nhops count=3\nstand 2\n", 1000, &t);
	const struct {
		enum exercise mode;
		const char *list;
		const char *const *keys;
		const char *but_last;
	} modes[] = { { EXERCISE_HEEL_RAISE, "reps", rep_keys, NULL },
		      { EXERCISE_HOLD, "holds", hold_keys, NULL },
		      { EXERCISE_HOP, "hops", hop_keys, "contact_s rsi" } };
	for (int m = 0; m < 3; m++) {
		CHECK(analyse_trace(&t, modes[m].mode, &a) == ST_OK, "analyse: %s", st_errmsg());
		char *json = analysis_to_json(&a, modes[m].mode);
		expect_keys(json, modes[m].list, modes[m].keys, modes[m].but_last);
		free(json);
		analysis_free(&a);
	}
	trace_free(&t);
}

/* The hands' share of body weight: body weight from the hands-free weighing, less the
 * plates' force over each rep or hold; the simulated rail takes 4 % +- a quarter. */
static void test_hand_support(void)
{
	static const char *const with = "mass 70\nnoise 0.5\nrail 4\nstand 4\nraise count=4 rise=1 hold=1 lower=3 rest=2\n"
					 "stand 3\nhold standing seconds=15\nstand 3\n";
	struct trace t;
	struct analysis a;
	simulate(with, 500, &t);
	/* (in heel-raise mode the hold counts as a fifth rep, in hold mode the reps as holds) */
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && a.n_reps == 5, "5 reps with a rail: %zu", a.n_reps);
	CHECK_NEAR(a.body_weight_n, 70 * STANDARD_GRAVITY, 1.0, "weighed hands-free before the rail");
	for (size_t i = 0; i < a.n_reps; i++)
		CHECK(a.reps[i].support_pct > 2.8 && a.reps[i].support_pct < 5.2, "rep %zu: %.2f %% on the hands", i,
		      a.reps[i].support_pct);
	analysis_free(&a);
	CHECK(analyse_trace(&t, EXERCISE_HOLD, &a) == ST_OK && a.n_holds == 5, "the holds: %zu", a.n_holds);
	CHECK(a.n_holds == 5 && a.holds[4].support_pct > 2.8 && a.holds[4].support_pct < 5.2,
	      "the 15 s hold: %.2f %% on the hands", a.n_holds == 5 ? a.holds[4].support_pct : NAN);
	analysis_free(&a);
	trace_free(&t);
	simulate(raises, 500, &t);
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && a.n_reps == 4, "4 reps hands free: %zu", a.n_reps);
	for (size_t i = 0; i < a.n_reps; i++)
		CHECK(fabs(a.reps[i].support_pct) < 0.3, "rep %zu hands free: %.2f %%", i, a.reps[i].support_pct);
	analysis_free(&a);
	trace_free(&t);
	/* seated holds: weighed standing, a seat takes most of the weight; weighed seated, the
	 * feet push: neither is the hands (a stranger found "80 %" and "-30 %") */
	const char *seated[] = { "noise 0.5\nstand 3\nsit 3\nhold seated seconds=20 push=30\nsit 3\n",
				 "noise 0.5\nsit 3\nhold seated seconds=20 push=30\nsit 3\n" };
	for (int k = 0; k < 2; k++) {
		simulate(seated[k], 500, &t);
		CHECK(analyse_trace(&t, EXERCISE_HOLD, &a) == ST_OK && a.n_holds == 1, "%s: 1 hold: %zu",
		      k ? "seated" : "weighed standing", a.n_holds);
		CHECK(a.n_holds == 1 && isnan(a.holds[0].support_pct), "%s: no support stated: %.1f %%",
		      k ? "seated" : "weighed standing", a.n_holds == 1 ? a.holds[0].support_pct : NAN);
		analysis_free(&a);
		trace_free(&t);
	}
}

/* A hand on a rail from from_s to to_s, taking newtons off each plate, on and off over
 * ramp_s. */
static void hand_on_rail(struct trace *t, double newtons, double from_s, double to_s, double ramp_s)
{
	for (size_t i = 0; i < t->n; i++) {
		double on = fmin(fmax((t->t_s[i] - from_s) / ramp_s, 0), 1) * fmin(fmax((to_s - t->t_s[i]) / ramp_s, 0), 1);
		for (int side = 0; side < 2; side++)
			t->fz[side][i] -= (float)(newtons * on);
	}
}

/* A hand on the rail that grips and eases, its force wandering by a fifth of itself at
 * 0.1-0.5 Hz, as fast as a lowering, hides some reps' rise or lowering in the force. The
 * heels say a rep was done: each is counted, uncertain and saying why, with every key of
 * the contract, and no work (they were rejected, and lost to the count). */
static void test_rail_hides_reps(void)
{
	struct trace t;
	struct analysis a;
	simulate("seed 5\nmass 70\nnoise 0.5\nsway 2\nrail 5\nrail-wander 20\nstand 4\n"
		 "raise count=6 rise=1 hold=1 lower=3 height=50 rest=2\nstand 3\n",
		 500, &t);
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK, "analyse: %s", st_errmsg());
	CHECK(a.n_reps == 6 && a.n_rejected == 0, "6 reps on a wandering rail: %zu, %zu rejected", a.n_reps,
	      a.n_rejected);
	size_t hidden = 0;
	for (size_t i = 0; i < a.n_reps; i++) {
		const struct rep_result *r = &a.reps[i];
		if (!r->uncertain || !strstr(r->uncertain, "hides"))
			continue;
		hidden++;
		CHECK(isnan(r->work_j) && r->start_s < r->end_s && r->start_s > 4 && r->end_s < t.t_s[t.n - 1],
		      "rep %zu hidden: no work (%g J), its heels' times %.2f-%.2f s", i, r->work_j, r->start_s,
		      r->end_s);
	}
	CHECK(hidden >= 2, "reps the rail hides: %zu", hidden);
	char *json = analysis_to_json(&a, EXERCISE_HEEL_RAISE);
	expect_keys(json, "reps", rep_keys, NULL);
	free(json);
	analysis_free(&a);
	trace_free(&t);

	/* nor, from the force alone (no COP), a hand holding a rail three times while the patient
	 * stands: no heels say a rep was done (support_changed's rule counted five) */
	simulate("seed 1\nmass 70\nnoise 0.6\nhum 50 2\nsway 2\ndrift 0.3\nempty 2\nstep-on 1\nstand 60\n", 1000, &t);
	for (int k = 0; k < 3; k++)
		hand_on_rail(&t, 0.02 * (k + 1) * 70 * STANDARD_GRAVITY, 12 + 18 * k, 22 + 18 * k, 0.3);
	strip_cop(&t);
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK, "analyse: %s", st_errmsg());
	size_t told = 0;
	for (size_t i = 0; i < a.n_reps; i++)
		told += !a.reps[i].uncertain || strstr(a.reps[i].uncertain, "hides");
	CHECK(told == 0, "standing, a hand on a rail three times, no COP: %zu reps stated or hidden of %zu", told, a.n_reps);
	analysis_free(&a);
	trace_free(&t);

	/* a hand letting go of a rail (4 % of body weight, from before the set) at a rep's top:
	 * the step in the force is no rise, but the heels say a rep was done (it was rejected,
	 * "the body did not rise", and not counted) */
	for (int rest = 0; rest <= 2; rest += 2) {
		char scenario[256], *truth_json;
		snprintf(scenario, sizeof scenario,
			 "seed %d\nmass 72\nnoise 0.6\nhum 50 2\nsway 2\ndrift 0.3\nstand 3\n"
			 "raise count=8 rise=0.7 hold=0.5 lower=1.5 height=55 rest=%d\nstand 3\n",
			 71 + rest, rest);
		REQUIRE(simulate_trace(scenario, 1000, &t, &truth_json) == ST_OK, "simulate: %s", st_errmsg());
		cJSON *truth = cJSON_Parse(truth_json);
		double let_go = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(truth, "reps"), 2), "top_s")->valuedouble;
		hand_on_rail(&t, 0.02 * 72 * STANDARD_GRAVITY, 2.5, let_go, 0.5);
		CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && a.n_reps == 8 && a.n_rejected == 0,
		      "letting go of the rail at rep 3's top, rest %d s: %zu reps, %zu rejected (%s)", rest, a.n_reps,
		      a.n_rejected, a.n_rejected ? a.rejected[0].reason : "");
		cJSON_Delete(truth);
		free(truth_json);
		analysis_free(&a);
		trace_free(&t);
	}

	/* but a steady hand on the rail and a lean onto the forefoot of a few mm, or a seated
	 * push (the plates carrying more than body weight), are no reps the force hides */
	static const char *const not_hidden[] = {
		"seed 2\nnoise 0.6\nhum 50 2\nsway 2\ndrift 0.3\nrail 4\nstand 4\nraise count=5 height=6 lower=3\nstand 3\n",
		/* a steady rail of 15 %, whose force wanders by a quarter of itself between the
		 * rests of a lean: no hand taking hold or letting go (support_changed) */
		("seed 1\nmass 70\nnoise 0.6\nhum 50 2\nsway 2\ndrift 0.3\nrail 15\nempty 2\nstep-on 1\nstand 3\n"
		 "raise count=6 rise=1 hold=2 lower=2 height=5 rest=2.5\nstand 3\n"),
		"seed 1\nsit 4\nhold seated seconds=20 push=30\nsit 4\nhold seated seconds=15 push=10\nsit 4\n",
	};
	for (size_t k = 0; k < sizeof not_hidden / sizeof not_hidden[0]; k++) {
		simulate(not_hidden[k], 500, &t);
		CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK, "analyse: %s", st_errmsg());
		hidden = 0;
		for (size_t i = 0; i < a.n_reps; i++)
			hidden += a.reps[i].uncertain && strstr(a.reps[i].uncertain, "hides");
		CHECK(hidden == 0 && a.n_rejected > 0, "case %zu: %zu reps said hidden, %zu rejected", k, hidden,
		      a.n_rejected);
		analysis_free(&a);
		trace_free(&t);
	}
}

/* The COP forward without the body rising (seated, no push) is no rep: rejected, with the
 * reason; a rep whose lowering cannot be told from the disturbances says so. */
static void test_implausible_and_uncertain(void)
{
	struct trace t;
	struct analysis a;
	simulate("noise 0.3\nsit 3\nhold seated seconds=5 push=0\nsit 3\n", 500, &t);
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK, "analyse: %s", st_errmsg());
	CHECK(a.n_reps == 0 && a.n_rejected == 1, "heels up without a rise: %zu reps, %zu rejected", a.n_reps,
	      a.n_rejected);
	CHECK(a.n_rejected == 1 && strstr(a.rejected[0].reason, "did not rise") && a.rejected[0].start_s > 3 &&
		      a.rejected[0].end_s < 9,
	      "rejected with its reason and time: %s", a.n_rejected ? a.rejected[0].reason : "-");
	char *json = analysis_to_json(&a, EXERCISE_HEEL_RAISE);
	CHECK(json && strstr(json, "\"rejected\"") && strstr(json, "did not rise"), "the JSON lists it");
	free(json);
	analysis_free(&a);
	trace_free(&t);

	simulate("seed 4\nmass 60\nnoise 1\nsway 3\ndrift 0.5\ndisturb 3\nstand 4\n"
		 "raise count=6 rise=1 hold=1 lower=5 height=30 rest=2 vary=0.4\nstand 3\n", 1000, &t);
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && a.n_reps == 6, "6 slow reps: %zu", a.n_reps);
	size_t uncertain = 0;
	for (size_t i = 0; i < a.n_reps; i++)
		uncertain += a.reps[i].uncertain != NULL;
	json = analysis_to_json(&a, EXERCISE_HEEL_RAISE);
	CHECK(uncertain > 0 && json && strstr(json, "\"timing\":\t\"uncertain\"") && strstr(json, "\"reason\""),
	      "%zu of %zu slow lowerings among strong disturbances marked uncertain, with the reason", uncertain, a.n_reps);
	free(json);
	analysis_free(&a);
	trace_free(&t);

	/* a rise higher than a heel raise goes (an outside simulator's rail made 600 mm of 50,
	 * and the total work 1417 J of 225): counted, not timed, its height stated as measured
	 * (every rep has the contract's keys) but no work from it */
	simulate("noise 0.3\nstand 4\nraise count=2 rise=1 hold=1 lower=2 height=190 rest=2\nstand 3\n", 500, &t);
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && a.n_reps == 2, "2 high reps: %zu", a.n_reps);
	for (size_t i = 0; i < a.n_reps; i++)
		CHECK(a.reps[i].uncertain && strstr(a.reps[i].uncertain, "higher than a heel raise") &&
			      a.reps[i].height_mm > 150 && isnan(a.reps[i].work_j),
		      "rep %zu, %.0f mm, %.0f J: %s", i, a.reps[i].height_mm, a.reps[i].work_j,
		      a.reps[i].uncertain ? a.reps[i].uncertain : "timed");
	json = analysis_to_json(&a, EXERCISE_HEEL_RAISE);
	CHECK(json && strstr(json, "\"total_work_j\":\t0,") && strstr(json, "\"height_mm\"") && !strstr(json, "\"work_j\""),
	      "%s", json ? json : "");
	free(json);
	analysis_free(&a);
	trace_free(&t);
}

/* Hops analysed as heel raises: the heels are up over the whole series, which a stranger
 * found counted as one rep of 440 mm; the plates were left, so no heel raise (nor hold),
 * said why (test_live_analysis checks it live). Heel raises just before the hops are
 * still counted. */
static void test_hops_are_no_heel_raise(void)
{
	struct trace t;
	struct analysis a;
	simulate("noise 0.3\nstand 3\nraise count=2 rise=1 hold=1 lower=3 rest=2\n"
		 "hops count=8 flight=0.3 contact=0.25 jitter=0.1\nstand 3\n", 1000, &t);
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK, "analyse: %s", st_errmsg());
	CHECK(a.n_reps == 2, "the 2 heel raises before the hops: %zu reps", a.n_reps);
	CHECK(a.n_rejected == 1 && strstr(a.rejected[0].reason, "left the plates") && a.rejected[0].start_s > 13,
	      "the hops rejected, with the reason: %zu, %s", a.n_rejected, a.n_rejected ? a.rejected[0].reason : "-");
	analysis_free(&a);
	/* ... nor a hold (a stranger found a series of hops taken for two 5 s holds) */
	CHECK(analyse_trace(&t, EXERCISE_HOLD, &a) == ST_OK, "analyse: %s", st_errmsg());
	size_t left = 0;
	for (size_t i = 0; i < a.n_rejected; i++)
		left += a.rejected[i].start_s > 16 && strstr(a.rejected[i].reason, "left the plates") != NULL;
	CHECK(left == 1, "the hops rejected as a hold, with the reason: %zu", left);
	for (size_t i = 0; i < a.n_holds; i++)
		CHECK(a.holds[i].end_s < 16, "a hold at %.2f-%.2f in the hops", a.holds[i].start_s, a.holds[i].end_s);
	analysis_free(&a);
	/* a lone sample at nothing in a rep (a glitch, not a flight) does not reject it, but
	 * the integration would take it for real: its times and height are not stated */
	size_t glitch = (size_t)(5.0 * t.rate_hz);
	t.fz[0][glitch] = t.fz[1][glitch] = 0;
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && a.n_reps == 2 && a.reps[0].start_s < 5,
	      "a glitch of one sample: %zu reps", a.n_reps);
	CHECK(a.n_reps == 2 && a.reps[0].uncertain && strstr(a.reps[0].uncertain, "dropped to nothing") &&
		      isnan(a.reps[0].work_j) && !a.reps[1].uncertain,
	      "the rep with the glitch uncertain, without work; the other not");
	analysis_free(&a);
	/* plates whose zero drifted by 10 N each: the flights are still flights */
	for (size_t i = 0; i < t.n; i++)
		t.fz[0][i] += 10, t.fz[1][i] += 10;
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && a.n_reps == 2 && a.n_rejected >= 1,
	      "with 10 N more on each plate: %zu reps, %zu rejected", a.n_reps, a.n_rejected);
	analysis_free(&a);
	/* the patient steps off the plates with the heels up, in rep 2's hold (the force falls
	 * to nothing over 0.3 s, the COP undefined then): rep 1 only */
	for (size_t i = 0; i < t.n; i++) {
		double off = t.t_s[i] < 11.5 ? 1 : t.t_s[i] < 11.8 ? (11.8 - t.t_s[i]) / 0.3 : 0;
		for (int side = 0; side < 2; side++) {
			t.fz[side][i] = (t.fz[side][i] - 10) * off;
			if (off == 0)
				t.cop_x[side][i] = t.cop_y[side][i] = NAN;
		}
	}
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && a.n_reps == 1 && a.n_rejected >= 1 &&
		      strstr(a.rejected[0].reason, "left the plates"),
	      "stepping off with the heels up: %zu reps, %zu rejected (%s)", a.n_reps, a.n_rejected,
	      a.n_rejected ? a.rejected[0].reason : "-");
	analysis_free(&a);
	trace_free(&t);
	/* hops landing on the toes and staying there a while: each flight breaks the heels-up
	 * stretch, which then begins or ends with the load (a stranger found 180-800 mm reps) */
	simulate("noise 0.5\nstand 3\nhops count=4 flight=0.3 contact=1.2\nstand 3\n", 1000, &t);
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && a.n_reps == 0 && a.n_rejected >= 1,
	      "hops with long contacts: %zu reps, %zu rejected", a.n_reps, a.n_rejected);
	analysis_free(&a);
	trace_free(&t);
}

/* A patient who steps onto the plates on the toes, stands there a second and lowers the
 * heels before the first rep: that heels-up stretch is no rep (it began with the load),
 * and leaves the support model and the reps after it alone (a stranger found the first
 * rep then measured 280 mm). */
static void test_step_on_on_the_toes(void)
{
	struct trace t;
	struct analysis a;
	simulate("noise 0.5\nempty 2\nstep-on 0.5\nstand 5\nraise count=3 rise=1 hold=1 lower=3 height=50 rest=2\n"
		 "stand 3\n", 1000, &t);
	for (size_t i = 0; i < t.n; i++) /* the default COP: flat foot -20 mm, forefoot 60 mm */
		for (int side = 0; side < 2; side++)
			if (t.t_s[i] >= 2 && t.t_s[i] < 4.5)
				t.cop_y[side][i] = t.t_s[i] < 4 ? 60 : 60 - 80 * (t.t_s[i] - 4) / 0.5;
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && a.n_reps == 3, "%zu reps", a.n_reps);
	for (size_t i = 0; i < a.n_reps; i++)
		CHECK(!a.reps[i].uncertain && fabs(a.reps[i].height_mm - 50) < 6, "rep %zu: %.1f mm%s%s", i,
		      a.reps[i].height_mm, a.reps[i].uncertain ? ", " : "", a.reps[i].uncertain ? a.reps[i].uncertain : "");
	CHECK(a.n_rejected == 1 && strstr(a.rejected[0].reason, "left the plates") && a.rejected[0].start_s < 4,
	      "the step-on rejected: %zu", a.n_rejected);
	analysis_free(&a);
	trace_free(&t);
}

/* A recording that stops half a second after the last rep's heels land (a patient who
 * steps off at once) lacks the rest that times its lowering: that rep says so rather than
 * stating a time (which came out up to 0.6 s off); with 1.5 s more it is timed. */
static void test_recording_ends_after_rep(void)
{
	int cut_short = 0, timed_with_rest = 0;
	for (int seed = 1; seed <= 6; seed++) {
		for (int more = 0; more < 2; more++) {
			char scenario[400];
			snprintf(scenario, sizeof scenario,
				 "seed %d\nmass 72\nnoise 0.6\nsway 2\ndrift 0.3\nstand 4\n"
				 "raise count=2 rise=1 hold=1 lower=3.5 height=50 rest=2\n"
				 "raise count=1 rise=1 hold=1 lower=3.5 height=50 rest=%s\n",
				 seed, more ? "1.5" : "0");
			struct trace t;
			struct analysis a;
			simulate(scenario, 1000, &t);
			CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && a.n_reps == 3, "seed %d: %zu reps",
			      seed, a.n_reps);
			const char *why = a.n_reps == 3 && a.reps[2].uncertain ? a.reps[2].uncertain : "";
			bool said = strstr(why, "recording ends") != NULL;
			if (more)
				timed_with_rest += !said;
			else
				cut_short += said;
			if (!more)
				CHECK(a.n_reps == 3 && a.reps[2].uncertain, "seed %d: the last rep timed %.2f s without its rest",
				      seed, a.n_reps == 3 ? a.reps[2].lower_s : NAN);
			analysis_free(&a);
			trace_free(&t);
		}
	}
	CHECK(cut_short >= 4 && timed_with_rest == 6, "the recording's end named as the reason in %d of 6; %d of 6 "
	      "with the rest after not blamed on it", cut_short, timed_with_rest);
}

/* A patient stepping off the plate soon after the last rep (as an endurance test ends):
 * that rep is counted, its timing uncertain where too little of the rest after it is left
 * (it was rejected as "did not rise", and the force falling to nothing spoiled the rep
 * before it too); a second later, every rep is timed. */
static void test_step_off_after_last_rep(void)
{
	for (int later = 0; later < 2; later++) {
		char scenario[300];
		snprintf(scenario, sizeof scenario,
			 "noise 0.4\nsway 1\nstand 4\nraise count=3 rise=0.8 hold=1 lower=2.5 height=55 rest=%s\n"
			 "step-off 0.5\nempty 2\n",
			 later ? "1.3" : "0.3");
		struct trace t;
		struct analysis a;
		simulate(scenario, 1000, &t);
		CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && a.n_reps == 3 && a.n_rejected == 0,
		      "stepping off %s: %zu reps, %zu rejected (%s)", later ? "later" : "at once", a.n_reps, a.n_rejected,
		      a.n_rejected ? a.rejected[0].reason : "");
		for (size_t i = 0; a.n_reps == 3 && i < 3; i++) {
			bool last = i == 2;
			if (later || !last)
				CHECK(!a.reps[i].uncertain && fabs(a.reps[i].lower_s - 2.5) < 0.3 &&
					      fabs(a.reps[i].height_mm - 55) < 8,
				      "rep %zu: lowering %.2f s, %.0f mm, %s", i, a.reps[i].lower_s, a.reps[i].height_mm,
				      a.reps[i].uncertain ? a.reps[i].uncertain : "timed");
			else
				CHECK(a.reps[i].uncertain, "the last rep, %.2f s after the heels landed: timed %.2f s",
				      t.t_s[t.n - 1] - a.reps[i].end_s, a.reps[i].lower_s);
		}
		analysis_free(&a);
		trace_free(&t);
	}
}

/* A recording that begins with the heels up (an export cut mid-rep) weighs the body at
 * the top, so that its "flat foot" was the forefoot and no rep was found, without a
 * word. Where the COP later sits well behind that, the feet are flat there. */
static void test_recording_begins_heels_up(void)
{
	struct trace t;
	struct analysis a;
	simulate("noise 0.4\nstand 0.2\nraise count=1 rise=0.5 hold=4 lower=2 height=55 rest=3\n"
		 "raise count=3 rise=0.8 hold=1 lower=2.5 height=55 rest=2\nstand 3\n",
		 1000, &t);
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK, "analyse: %s", st_errmsg());
	size_t timed = 0;
	for (size_t i = 0; i < a.n_reps; i++)
		timed += a.reps[i].start_s > 5 && !a.reps[i].uncertain && fabs(a.reps[i].lower_s - 2.5) < 0.3;
	CHECK(timed == 3, "the 3 reps after the first top: %zu of %zu reps timed", timed, a.n_reps);
	analysis_free(&a);
	trace_free(&t);
}

/* A single-leg set where the other foot is put down for a moment between reps: the
 * weight it takes is not the body's centre falling (the rep before was rejected as "did
 * not rise" when that plate, carrying nothing on average, was left out). */
static void test_other_foot_down_a_moment(void)
{
	struct trace t;
	struct analysis a;
	simulate("noise 0.4\nsway 1\nstand 4 leg=left\nraise count=2 rise=0.8 hold=1 lower=2.5 height=55 rest=0.3 leg=left\n"
		 "stand 0.4 leg=both share=80\nstand 1.5 leg=left\n"
		 "raise count=2 rise=0.8 hold=1 lower=2.5 height=55 rest=2 leg=left\nstand 3 leg=left\n",
		 1000, &t);
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && a.n_reps == 4 && a.n_rejected == 0,
	      "%zu reps, %zu rejected (%s)", a.n_reps, a.n_rejected, a.n_rejected ? a.rejected[0].reason : "");
	for (size_t i = 0; i < a.n_reps; i++)
		CHECK(!a.reps[i].uncertain && fabs(a.reps[i].lower_s - 2.5) < 0.3, "rep %zu: %.2f s %s", i,
		      a.reps[i].lower_s, a.reps[i].uncertain ? a.reps[i].uncertain : "");
	analysis_free(&a);
	trace_free(&t);
}

/* A heel raise made up, noise-free: standing 3 s (70 kg), then the body's height moving
 * from knot to knot (t0, t1, from, to; mm), each a minimum-jerk move, the heels up
 * (COP at the forefoot) from 3.05 s to 9.95 s but for [dip_a, dip_b), 14 s in all. */
struct move {
	double t0, t1, from_mm, to_mm;
};
static void made_up_rep(const struct move *m, size_t n_moves, double dip_a, double dip_b, struct trace *t)
{
	const double mass = 70, rate = 1000;
	trace_init(t, rate);
	for (size_t i = 0; i < (size_t)(14 * rate); i++) {
		double ts = (double)i / rate, acc = 0;
		for (size_t k = 0; k < n_moves; k++) {
			double dur = m[k].t1 - m[k].t0, u = (ts - m[k].t0) / dur;
			if (u > 0 && u < 1) /* d2/du2 of 10u^3 - 15u^4 + 6u^5 */
				acc += (m[k].to_mm - m[k].from_mm) / 1000 * (60 * u - 180 * u * u + 120 * u * u * u) / (dur * dur);
		}
		bool up = ts >= 3.05 && ts < 9.95 && !(ts >= dip_a && ts < dip_b);
		double f = mass * (STANDARD_GRAVITY + acc) / 2, y = up ? 60 : -20;
		struct trace_sample s = { .t_s = ts, .fz = { f, f }, .cop_x = { 0, 0 }, .cop_y = { y, y } };
		if (trace_append(t, &s) != ST_OK)
			break;
	}
	REQUIRE(t->n == (size_t)(14 * rate), "made up: %s", st_errmsg());
	t->has_cop = true;
}

/* A set done quickly, the heels down for a tenth of a second at the bottom: stance.c joins
 * so brief a dip of the COP as noise, and the five reps were one, uncertain. Each is a rep
 * (DESIGN.md: the height falls below a tenth of its peak between them), timed. A glitch
 * of the COP back behind halfway as briefly in a hold of 5 s, the body staying up, is no
 * second rep (parting where each part alone measured as a rep made two); nor is a dip of
 * the body to 20 of 50 mm and up again with the heels touching down (DESIGN.md: above a
 * tenth of the height); down to the floor it is two. */
static void test_brief_heels_down_between_reps(void)
{
	struct trace t;
	struct analysis a;
	simulate("noise 0.3\nsway 0.5\nheels 4\nstand 3\nraise count=5 rise=0.8 hold=1 lower=2 rest=0\nstand 3\n", 1000,
		 &t);
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && a.n_reps == 5, "5 reps: %zu", a.n_reps);
	for (size_t i = 0; i < a.n_reps; i++)
		CHECK(!a.reps[i].uncertain && fabs(a.reps[i].hold_s - 1) < 0.2 && fabs(a.reps[i].lower_s - 2) < 0.2,
		      "rep %zu: hold %.2f s, lowering %.2f s %s", i, a.reps[i].hold_s, a.reps[i].lower_s,
		      a.reps[i].uncertain ? a.reps[i].uncertain : "");
	analysis_free(&a);
	trace_free(&t);

	simulate("seed 4\nnoise 0.3\nsway 0.5\nstand 3\nraise count=2 rise=1 hold=5 lower=3 rest=3\nstand 3\n", 1000, &t);
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && a.n_reps == 2, "2 reps: %zu", a.n_reps);
	struct rep_result before = a.reps[0];
	analysis_free(&a);
	for (double glitch = before.top_s + 0.5; glitch < before.lower_start_s - 0.5; glitch += 1) {
		struct trace g;
		trace_init(&g, t.rate_hz);
		REQUIRE(trace_append_all(&g, &t) == ST_OK, "copy");
		g.has_cop = true;
		for (size_t i = 0; i < g.n; i++)
			if (fabs(g.t_s[i] - glitch) < 0.1)
				for (int side = 0; side < 2; side++)
					g.cop_y[side][i] = g.cop_y[side][0];
		CHECK(analyse_trace(&g, EXERCISE_HEEL_RAISE, &a) == ST_OK && a.n_reps == 2 && a.n_rejected == 0,
		      "a COP glitch at %.2f s in a hold: %zu reps, %zu rejected", glitch, a.n_reps, a.n_rejected);
		CHECK(a.n_reps == 2 && fabs(a.reps[0].start_s - before.start_s) < 0.01 &&
			      fabs(a.reps[0].end_s - before.end_s) < 0.01,
		      "rep 1 as before: %.2f-%.2f s (%.2f-%.2f)", a.n_reps ? a.reps[0].start_s : NAN,
		      a.n_reps ? a.reps[0].end_s : NAN, before.start_s, before.end_s);
		analysis_free(&a);
		trace_free(&g);
	}
	trace_free(&t);

	/* nor is a COP chattering behind halfway, 90 ms at a time twice a second, over a rep
	 * with a hold of 5 s (judged with a window ending at the next flicker, held to the
	 * floor there, a stranger's came out as four rises, rejected) */
	simulate("seed 3\nnoise 1\nsway 1\nheels 3\nstand 3\nraise count=1 rise=1 hold=5 lower=2 rest=3\nstand 3\n", 1000,
		 &t);
	REQUIRE(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && a.n_reps == 1, "1 rep: %zu", a.n_reps);
	before = a.reps[0];
	analysis_free(&a);
	for (size_t i = 0; i < t.n; i++)
		if (t.t_s[i] > before.start_s + 0.2 && t.t_s[i] < before.end_s - 0.2 &&
		    fmod(t.t_s[i] - before.start_s, 0.5) < 0.09)
			for (int side = 0; side < 2; side++)
				t.cop_y[side][i] = t.cop_y[side][0];
	CHECK(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && a.n_reps == 1 && a.n_rejected == 0 &&
		      fabs(a.reps[0].end_s - before.end_s) < 0.05,
	      "a COP chattering in a hold: %zu reps, %zu rejected", a.n_reps, a.n_rejected);
	analysis_free(&a);
	trace_free(&t);

	/* a quick set with a hand on a rail (8 sets), or with load-cell drift (4): the slow
	 * disturbance, integrated over the window that judges a dip, put metres on the height
	 * there and joined the reps (44 of 96 found on the rail, 4 of 48 with drift) */
	int found = 0, stated = 0, timed = 0;
	for (int k = 0; k < 12; k++) {
		char scenario[256], disturbance[32];
		snprintf(disturbance, sizeof disturbance, k < 8 ? "rail %d" : "drift %d", k < 8 ? (k & 2 ? 10 : 5) : 1 + 2 * (k & 1));
		snprintf(scenario, sizeof scenario,
			 "seed %d\nnoise 1\nsway 1\nheels 3\n%s\nstand 3 leg=%s\n"
			 "raise count=12 rise=0.5 hold=0.3 lower=1.5 rest=0 height=60\nstand 3\n",
			 k < 8 ? 1 + k % 2 : 2 + (k / 2) % 2, disturbance, k & 4 ? "left" : "both");
		char *truth_json;
		REQUIRE(simulate_trace(scenario, 1000, &t, &truth_json) == ST_OK, "simulate: %s", st_errmsg());
		cJSON *truth = cJSON_Parse(truth_json);
		const cJSON *reps = cJSON_GetObjectItem(truth, "reps");
		REQUIRE(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK && cJSON_GetArraySize(reps) == 12,
			"quick set on a rail: %s", st_errmsg());
		found += (int)a.n_reps;
		for (size_t i = 0; i < a.n_reps; i++) {
			/* the true rep nearest */
			double err = INFINITY;
			const cJSON *r;
			cJSON_ArrayForEach(r, reps)
			{
				double e = 0;
				static const char *const keys[] = { "start_s", "top_s", "lower_start_s", "end_s" };
				const double got[] = { a.reps[i].start_s, a.reps[i].top_s, a.reps[i].lower_start_s, a.reps[i].end_s };
				for (int q = 0; q < 4; q++)
					e = fmax(e, fabs(got[q] - cJSON_GetObjectItem(r, keys[q])->valuedouble));
				err = fmin(err, e);
			}
			stated += !a.reps[i].uncertain;
			timed += !a.reps[i].uncertain && err < 0.2;
		}
		cJSON_Delete(truth);
		free(truth_json);
		analysis_free(&a);
		trace_free(&t);
	}
	printf("quick sets on a rail or drifting: %d of 144 reps found, %d stated, %d of them timed within 0.2 s\n", found,
	       stated, timed);
	CHECK(found >= 142 && found <= 144 && stated >= 136 && timed == stated,
	      "quick sets on a rail or drifting: %d found, %d stated, %d timed", found, stated, timed);

	static const double bottom_mm[] = { 20, 0 };
	for (size_t k = 0; k < 2; k++) {
		const struct move partly[] = { { 3, 4, 0, 50 },
					       { 5, 6, 50, bottom_mm[k] },
					       { 6.2, 7.2, bottom_mm[k], 50 },
					       { 8, 10, 50, 0 } };
		made_up_rep(partly, 4, 6.0, 6.2, &t);
		size_t want = k ? 2 : 1;
		int rc = analyse_trace(&t, EXERCISE_HEEL_RAISE, &a);
		CHECK(rc == ST_OK && a.n_reps == want,
		      "down to %.0f of 50 mm between, the heels touching down: %zu reps for %zu (%s; %s)", bottom_mm[k],
		      a.n_reps, want, rc == ST_OK ? "" : st_errmsg(), rc == ST_OK && a.n_rejected ? a.rejected[0].reason : "");
		analysis_free(&a);
		trace_free(&t);
	}
}

/* A quick set (the heels down a tenth of a second between reps) in which a hand takes hold
 * of the rail, or lets go of it, partway through: a step of 2-8 % of body weight in the
 * force, which a smooth support model cannot follow. It rang around the step, and the
 * dips were judged on heights metres off: reps before and after the step were joined or
 * lost (a stranger's 84 such sets: 386 of 672 reps found; these 8: 40 of 64). The support
 * model now has the step (support_model.c's find_steps), and a dip beside it is parted on
 * the heels (61 of 64). */
static void test_quick_set_grab_and_release(void)
{
	int found = 0, truth_reps = 0, stated = 0, timed = 0;
	for (int k = 0; k < 8; k++) {
		bool release = k & 1; /* else a hand takes hold */
		double pct = release ? (k & 2 ? 8 : 4) : (k & 2 ? 3 : 2);
		char scenario[320], *truth_json;
		struct trace t;
		struct analysis a;
		snprintf(scenario, sizeof scenario,
			 "seed %d\nmass 70\nnoise 0.6\nhum 50 2\nsway 2\ndrift 0.3\nheels 3\n%s\nempty 2\nstep-on 1\n"
			 "stand 3\nraise count=8 rise=0.5 hold=0.3 lower=1.5 height=60 rest=0 jitter=0.1\nstand 3\n",
			 1 + k / 4, release ? (k & 2 ? "rail 8" : "rail 4") : "");
		REQUIRE(simulate_trace(scenario, 1000, &t, &truth_json) == ST_OK, "simulate: %s", st_errmsg());
		cJSON *truth = cJSON_Parse(truth_json);
		const cJSON *reps = cJSON_GetObjectItem(truth, "reps"), *fourth = cJSON_GetArrayItem(reps, 3);
		/* at the fourth rep's top, or half-way down its lowering */
		double at = k & 4 ? (cJSON_GetObjectItem(fourth, "lower_start_s")->valuedouble +
				     cJSON_GetObjectItem(fourth, "end_s")->valuedouble) / 2
				  : cJSON_GetObjectItem(fourth, "top_s")->valuedouble;
		hand_on_rail(&t, (release ? -1 : 1) * pct / 200 * 70 * STANDARD_GRAVITY, at, 1e9, 0.3); /* per plate */
		REQUIRE(analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK, "analyse: %s", st_errmsg());
		truth_reps += cJSON_GetArraySize(reps);
		found += (int)a.n_reps;
		for (size_t i = 0; i < a.n_reps; i++) {
			const cJSON *r;
			double err = INFINITY;
			cJSON_ArrayForEach(r, reps)
			err = fmin(err, fmax(fabs(a.reps[i].start_s - cJSON_GetObjectItem(r, "start_s")->valuedouble),
					     fabs(a.reps[i].end_s - cJSON_GetObjectItem(r, "end_s")->valuedouble)));
			stated += !a.reps[i].uncertain;
			timed += !a.reps[i].uncertain && err < 0.3;
		}
		cJSON_Delete(truth);
		free(truth_json);
		analysis_free(&a);
		trace_free(&t);
	}
	printf("quick sets, a hand taking hold of the rail or letting go: %d of %d reps found, %d stated, %d of them "
	       "within 0.3 s\n", found, truth_reps, stated, timed);
	CHECK(found >= truth_reps - 6 && found <= truth_reps && timed == stated,
	      "quick sets, a hand taking hold of the rail or letting go: %d of %d found, %d stated, %d timed", found,
	      truth_reps, stated, timed);
}

int main(void)
{
	CHECK(dsp_init(getenv("STATION_FFTW_WISDOM")) == ST_OK, "dsp_init");
	test_refusals();
	test_gap_is_never_bridged();
	test_gap_after_heels_land();
	test_without_cop();
	test_cop_blanks();
	test_saturation_and_hum();
	test_hops_zero_offset();
	test_seated_light_weighing();
	test_standing_holds_zero_offset();
	test_raises_zero_offset();
	test_cop_warnings_after_a_gap();
	test_cut_at_the_edges();
	test_cop_in_cm();
	test_saturated_rep_says_so();
	test_share_within_bounds();
	test_json_keys();
	test_hand_support();
	test_rail_hides_reps();
	test_implausible_and_uncertain();
	test_hops_are_no_heel_raise();
	test_step_on_on_the_toes();
	test_recording_ends_after_rep();
	test_step_off_after_last_rep();
	test_recording_begins_heels_up();
	test_other_foot_down_a_moment();
	test_brief_heels_down_between_reps();
	test_quick_set_grab_and_release();
	dsp_shutdown();
	return check_summary();
}
