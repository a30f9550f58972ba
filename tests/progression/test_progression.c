/* test_progression.c: the progression rules, table-driven: a history of sessions in, a
 * suggestion and its reasons out, with the shipped programme's thresholds. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "patient_suggestion.h"
#include "progression.h"
#include "status.h"

#define DAY (24 * 3600)
#define T0 1790000000 /* 2026-09-21 */
#define SESSIONS_MAX 12

/* A session is written as changes to a good one ("day=2 band=6 after=4"): day (since
 * T0), sec (seconds after that), phase, incomplete, sets (done of 3), short (a set short of its count), band (reps
 * in band of 10), not-one-leg (of the 10 one-leg reps, not on that foot alone: none in band), unmeasured (of the 10 reps, whose timing was uncertain: taken from the measured and the in band), share, lsi, holds (on target of 5), before, after (pain the day after
 * the previous session), during, red-flag, no-sets (stopped before any set). */
static struct session_outcome session_from(const char *spec, int phase, int64_t id)
{
	struct session_outcome o = {
		.session_id = id, .started = T0, .phase = phase, .complete = true, .exercised = true, .sets_target = 3,
		.sets_done = 3, .counts_met = true, .reps = 10, .reps_in_band = 10, .share_pct = 50,
		.lsi_pct = NAN, .pain_before = 2, .pain_day_after_last = PAIN_NONE, .pain_eased_by = PAIN_NONE, .pain_during_max = 3,
	};
	char buf[200];
	snprintf(buf, sizeof buf, "%s", spec);
	for (char *save, *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');
		double v = eq ? atof(eq + 1) : 0;
		if (eq)
			*eq = '\0';
		if (strcmp(tok, "day") == 0)
			o.started = T0 + (time_t)(v * DAY);
		else if (strcmp(tok, "sec") == 0) /* seconds after the day given before it */
			o.started += (time_t)v;
		else if (strcmp(tok, "phase") == 0)
			o.phase = (int)v;
		else if (strcmp(tok, "incomplete") == 0)
			o.complete = false;
		else if (strcmp(tok, "red-flag") == 0)
			o.complete = false, o.red_flag = true;
		else if (strcmp(tok, "no-sets") == 0) /* stopped before any set (at the pain gate) */
			o.complete = false, o.exercised = false, o.sets_done = 0, o.reps = o.reps_in_band = 0;
		else if (strcmp(tok, "sets") == 0)
			o.sets_done = (int)v;
		else if (strcmp(tok, "short") == 0)
			o.counts_met = false;
		else if (strcmp(tok, "band") == 0)
			o.reps_in_band = (int)v;
		else if (strcmp(tok, "not-one-leg") == 0) /* of the reps, done on both feet or the other foot */
			o.reps_not_one_leg = (int)v, o.reps_in_band = o.reps - (int)v;
		else if (strcmp(tok, "unmeasured") == 0) {
			o.reps_unmeasured = (int)v;
			o.reps -= (int)v;
			o.reps_in_band = o.reps_in_band < o.reps ? o.reps_in_band : o.reps;
		} else if (strcmp(tok, "share") == 0)
			o.share_pct = v;
		else if (strcmp(tok, "lsi") == 0) {
			o.lsi_pct = v;
			o.share_pct = NAN;
		} else if (strcmp(tok, "holds") == 0) {
			o.reps = o.reps_in_band = 0;
			o.holds = 5;
			o.holds_on_target = (int)v;
		} else if (strcmp(tok, "before") == 0)
			o.pain_before = (int)v;
		else if (strcmp(tok, "after") == 0)
			o.pain_day_after_last = o.pain_eased_by = (int)v;
		else if (strcmp(tok, "eased") == 0) /* by an answer given at a visit before */
			o.pain_eased_by = (int)v;
		else if (strcmp(tok, "during") == 0)
			o.pain_during_max = (int)v;
		else
			fprintf(stderr, "test_progression: unknown key '%s'\n", tok), exit(2);
	}
	return o;
}

static const struct {
	const char *what;
	int phase;
	const char *sessions[SESSIONS_MAX]; /* oldest first */
	enum verdict verdict;
	const char *reason;                  /* in one of the reasons */
} cases[] = {
	{ "three good sessions", 2, { "day=0", "day=2 after=1", "day=4 after=1", "day=6 after=2" },
	  VERDICT_NEXT_PHASE, "2 of the last 3 sessions in phase 2 met every target" },
	{ "two good of three: the last not known the day after yet", 2, { "day=0", "day=2 after=1", "day=4 after=1" },
	  VERDICT_NEXT_PHASE, "2 of the last 3 sessions" },
	{ "no sessions yet", 2, { NULL }, VERDICT_STAY, "0 complete sessions in phase 2 so far" },
	{ "one session only", 3, { "day=0 phase=3" }, VERDICT_STAY, "1 complete session in phase 3" },
	{ "sessions of the earlier phase do not count", 3,
	  { "day=0 phase=2", "day=2 phase=2 after=1", "day=4 phase=3 after=1" }, VERDICT_STAY,
	  "1 complete session in phase 3" },
	{ "pain above 5 during the last session", 2, { "day=0", "day=2 after=1", "day=4 after=1 during=6" },
	  VERDICT_EASE_OFF, "pain reached 6/10 in the session of 2026-09-25, above 5/10: reduce the effort" },
	{ "still sore the next day", 2, { "day=0", "day=2 after=1", "day=4 after=5" }, VERDICT_EASE_OFF,
	  "still sore the day after the session of 2026-09-23 (5/10, above 3/10)" },
	/* the question asks about the last session with exercise: one stopped before any set in
	 * between is not the one the patient was sore after */
	{ "still sore after the last session with exercise", 2,
	  { "day=0", "day=2 after=1", "day=4 before=7 no-sets", "day=5 after=5" }, VERDICT_EASE_OFF,
	  "still sore the day after the session of 2026-09-23 (5/10, above 3/10)" },
	/* ... asked at a visit that then did no set: that answer is the day after's, as the
	 * rules' window takes it (the session after asked again, and its answer was taken) */
	{ "the day after answered at a visit with no set", 2,
	  { "day=0", "day=2 after=1", "day=3 after=5 no-sets", "day=4 after=1" }, VERDICT_EASE_OFF,
	  "still sore the day after the session of 2026-09-23 (5/10, above 3/10)" },
	/* ... and a visit stopped at the pain gate (before the day-after question) leaves it to
	 * the next session, whose answer is about the session before the visit (the visit's
	 * none was taken: "not known yet", for good) */
	{ "the day after asked past a visit stopped at the pain gate", 2,
	  { "day=0", "day=2 after=1", "day=3 before=7 no-sets", "day=4 after=1", "day=6 after=1" },
	  VERDICT_NEXT_PHASE, "2 of the last 3 sessions in phase 2 met every target" },
	/* two sessions on one day are asked about together: the first, the one counted, stayed
	 * "not known yet" for good */
	{ "the day after two sessions on one day", 2, { "day=0", "day=0 sec=14400", "day=2 after=1", "day=4 after=1" },
	  VERDICT_NEXT_PHASE, "2 of the last 3 sessions in phase 2 met every target" },
	{ "pain of 5 during is still acceptable", 2, { "day=0 during=5", "day=2 after=3 during=5", "day=4 after=3" },
	  VERDICT_NEXT_PHASE, "met every target" },
	/* eased for soreness: the counts met at the eased dose are not the phase's (a
	 * stranger's eased session "met every target" and took the patient on) */
	{ "a session eased for day-after pain meets no target", 2,
	  { "day=0", "day=2 after=1", "day=4 after=4", "day=6 after=1", "day=8 after=1" }, VERDICT_STAY,
	  "eased for day-after pain 4/10" },
	/* ... by an answer given at a visit with no set before it, which it did not ask again
	 * (a stranger's eased session counted as meeting every target) */
	{ "a session eased by a visit's day-after answer meets no target", 2,
	  { "day=0", "day=2 after=1", "day=3 after=7 no-sets", "day=4 eased=7", "day=6 after=1", "day=8 after=1" },
	  VERDICT_STAY, "eased for day-after pain 7/10" },
	{ "a pain before above the gate", 2, { "day=0", "day=2 after=1 before=8" }, VERDICT_EASE_OFF,
	  "pain 8/10 before the session of 2026-09-23, above 5/10" },
	{ "a red flag in the last session", 2, { "day=0", "day=2 after=1", "day=4 after=1 red-flag" },
	  VERDICT_EASE_OFF, "red flag in the session of 2026-09-25" },
	{ "reps whose timing was uncertain are not measured, not failed", 2,
	  { "day=0 unmeasured=3", "day=2 after=1 unmeasured=2", "day=4 after=1 unmeasured=9" }, VERDICT_NEXT_PHASE,
	  "2 of the last 3 sessions in phase 2 met every target" },
	{ "no rep's lowering measured: the tempo is not shown", 2,
	  { "day=0 unmeasured=10", "day=2 after=1 unmeasured=10", "day=4 after=1" }, VERDICT_STAY,
	  "lowering not measured in any of 10 reps (timing uncertain)" },
	{ "lowering too fast", 2, { "day=0 band=6", "day=2 after=1 band=7", "day=4 after=1 band=9" },
	  VERDICT_STAY, "lowering in the band in 70 % of reps (needs 80 %)" },
	/* one-leg reps on the wrong foot (or both): said, not read as slow lowering */
	{ "one-leg reps not on one foot alone", 3,
	  { "day=0 phase=3 not-one-leg=4", "day=2 phase=3 after=1 not-one-leg=4", "day=4 phase=3 after=1 not-one-leg=4" },
	  VERDICT_STAY, "lowering in the band in 60 % of reps (needs 80 %): 4 of 10 not on one foot alone" },
	{ "80 % in band is enough", 2, { "day=0 band=8", "day=2 after=1 band=8", "day=4 after=1" },
	  VERDICT_NEXT_PHASE, "2 of the last 3" },
	{ "loading one side", 2, { "day=0 share=40", "day=2 after=1 share=38", "day=4 after=1" }, VERDICT_STAY,
	  "left share 38 % (needs 45-55 %)" },
	{ "single leg with a good LSI", 3,
	  { "day=0 phase=3 lsi=95", "day=2 phase=3 lsi=92 after=2", "day=4 phase=3 lsi=91 after=2" },
	  VERDICT_NEXT_PHASE, "LSI at least 90 %" },
	{ "single leg with a weak LSI", 3,
	  { "day=0 phase=3 lsi=80", "day=2 phase=3 lsi=85 after=2", "day=4 phase=3 lsi=95 after=2" }, VERDICT_STAY,
	  "LSI 85 % (needs at least 90 %)" },
	{ "holds short of the target", 5,
	  { "day=0 phase=5 holds=5", "day=2 phase=5 holds=3 after=1", "day=4 phase=5 holds=4 after=1" },
	  VERDICT_STAY, "3 of 5 holds reached the target time" },
	{ "holds to time", 1, { "day=0 phase=1 holds=5", "day=2 phase=1 holds=5 after=0", "day=4 phase=1 holds=5 after=0" },
	  VERDICT_NEXT_PHASE, "phase 1 met every target" },
	{ "a set not done", 2, { "day=0 sets=2", "day=2 after=1 sets=2", "day=4 after=1" }, VERDICT_STAY,
	  "2 of 3 sets done" },
	{ "a set short of its count", 2, { "day=0 short", "day=2 after=1 short", "day=4 after=1" }, VERDICT_STAY,
	  "not every set reached its count" },
	{ "unfinished sessions are skipped", 2,
	  { "day=0", "day=2 after=1", "day=3 incomplete after=1", "day=4 after=1" }, VERDICT_NEXT_PHASE, "2 of the last 3" },
	{ "pain rising week on week", 2,
	  { "day=0 before=0 during=1", "day=2 before=0 during=1 after=0", "day=8 before=3 during=4 after=2",
	    "day=10 before=3 during=4 after=3", "day=12 before=3 during=4 after=3" },
	  VERDICT_STAY, "pain rising week on week: mean 3.2/10 this week, 0.4/10 the week before" },
	/* spacing: sessions too close to the one counted before them do not count */
	{ "three sessions within one minute count once", 2, { "day=0", "day=0 sec=20 after=1", "day=0 sec=50 after=1" },
	  VERDICT_STAY, "1 complete session in phase 2 so far that count" },
	{ "and say so, with when", 2, { "day=0", "day=0 sec=20 after=1", "day=0 sec=50 after=1" }, VERDICT_STAY,
	  "2 sessions came too soon after the one before and do not count: 2026-09-21 14:13 (0 min after), "
	  "2026-09-21 14:14 (1 min after)" },
	{ "39 h apart is too soon every other day", 2, { "day=0", "day=1.625 after=1", "day=3.25 after=1" },
	  VERDICT_STAY, "1 session came too soon after the one before and does not count: 2026-09-23 05:13 (39 h after)" },
	{ "a session too soon does not move the spacing", 2,
	  { "day=0", "day=1 after=1", "day=2 after=1", "day=4 after=1" }, VERDICT_NEXT_PHASE,
	  "2 of the last 3 sessions in phase 2 met every target" },
	{ "moving on still says which did not count", 2,
	  { "day=0", "day=1 after=1", "day=2 after=1", "day=4 after=1" }, VERDICT_NEXT_PHASE,
	  "1 session came too soon after the one before and does not count: 2026-09-22 14:13 (24 h after)" },
	{ "40 h apart counts", 2, { "day=0", "day=1.6667 after=1", "day=3.3334 after=1" }, VERDICT_NEXT_PHASE,
	  "2 of the last 3 sessions" },
	{ "daily phases count one session a day", 1,
	  { "day=0 phase=1 holds=5", "day=0 sec=3600 phase=1 holds=5 after=0", "day=1 phase=1 holds=5 after=0" },
	  VERDICT_STAY, "1 session came too soon after the one before and does not count: 2026-09-21 15:13 (1 h after)" },
	{ "phase 4 moves on by judgement", 4, { "day=0 phase=4", "day=2 phase=4 after=0", "day=4 phase=4 after=0" },
	  VERDICT_STAY, "physio's judgement" },
	{ "phase 6 is the last", 6, { "day=0 phase=6", "day=2 phase=6 after=0", "day=4 phase=6 after=0" },
	  VERDICT_STAY, "phase 6 is the last phase" },
	{ "easing off comes before moving on", 6, { "day=0 phase=6", "day=2 phase=6 after=6" }, VERDICT_EASE_OFF,
	  "still sore the day after" },
};

static bool has_reason(const struct suggestion *s, const char *text)
{
	for (size_t i = 0; i < s->n_reasons; i++)
		if (strstr(s->reasons[i], text))
			return true;
	return false;
}

/* The clinic's day is its local day: in Sydney (AEST, UTC+10, no tzdata needed) 14:13 and
 * 00:13 UTC the next day are one day, 00:13 and 10:13, so the second does not count. */
static void local_days(const struct programme *p)
{
	setenv("TZ", "AEST-10", 1);
	tzset();
	static const char *const spec[] = { "day=0 phase=1 holds=5", "day=0 sec=36000 phase=1 holds=5 after=0",
					    "day=1 sec=36000 phase=1 holds=5 after=0" };
	struct session_outcome hist[3];
	for (size_t i = 0; i < 3; i++)
		hist[i] = session_from(spec[i], 1, (int64_t)i + 1);
	struct suggestion s;
	CHECK(progression_suggest(p, 1, hist, 3, &s) == ST_OK && s.verdict == VERDICT_STAY &&
		      has_reason(&s, "too soon after the one before and does not count: 2026-09-22 10:13 (10 h after)"),
	      "two sessions on one Sydney day, two UTC days, count once: %s", verdict_name(s.verdict));
	setenv("TZ", "UTC0", 1);
	tzset();
}

/* A declined move is marked (first reason: who and when) only when the decline is of that
 * move, from that phase, and after the last session; a later session clears it. */
static void declines(void)
{
	struct suggestion base = { .verdict = VERDICT_NEXT_PHASE, .phase = 2, .next_phase = 3, .n_reasons = 1 };
	snprintf(base.reasons[0], SUGGESTION_REASON_LEN, "3 of the last 3 sessions met every target");
	struct phase_change ch[3] = {
		{ .at = T0 - 86400, .from_phase = 2, .to_phase = 3, .decision = PHASE_DECLINED, .by = "Old" },
		{ .at = T0 + 60, .from_phase = 1, .to_phase = 2, .decision = PHASE_DECLINED, .by = "Other move" },
		{ .at = T0 + 120, .from_phase = 2, .to_phase = 3, .decision = PHASE_DECLINED, .by = "Tess" },
	};
	struct suggestion s = base;
	suggestion_mind_declines(&s, ch, 3, T0);
	CHECK(s.declined && s.n_reasons == 2 && strstr(s.reasons[0], "Declined by Tess on ") &&
		      strcmp(s.reasons[1], base.reasons[0]) == 0,
	      "declined after the last session: '%s', then '%s'", s.reasons[0], s.reasons[1]);
	s = base;
	suggestion_mind_declines(&s, ch, 2, T0);
	CHECK(!s.declined && s.n_reasons == 1, "the newest decision a decline of another move: not this one's");
	s = base;
	suggestion_mind_declines(&s, ch, 1, T0 - 2 * 86400);
	CHECK(s.declined && strstr(s.reasons[0], "Old"), "the newest a decline of this move after the last session");
	struct phase_change later[4] = { ch[0], ch[1], ch[2],
					 { .at = T0 + 180, .from_phase = 3, .to_phase = 2, .decision = PHASE_SET, .by = "Set back" } };
	s = base;
	suggestion_mind_declines(&s, later, 4, T0);
	CHECK(!s.declined, "declined, then moved on and set back: the decline is not the newest decision");
	s = base;
	suggestion_mind_declines(&s, ch, 3, T0 + 3600);
	CHECK(!s.declined, "a session after the decline: the rules speak again");
	s = base;
	s.verdict = VERDICT_STAY;
	suggestion_mind_declines(&s, ch, 3, T0);
	CHECK(!s.declined && s.n_reasons == 1, "staying is not declined");
	s = base;
	s.n_reasons = SUGGESTION_REASONS_MAX;
	suggestion_mind_declines(&s, ch, 3, T0);
	CHECK(s.declined && s.n_reasons == SUGGESTION_REASONS_MAX && strstr(s.reasons[0], "Tess") &&
		      strcmp(s.reasons[1], base.reasons[0]) == 0,
	      "with every reason taken, the decline still comes first");
}

int main(void)
{
	setenv("TZ", "UTC0", 1); /* the cases' times below are UTC's */
	tzset();
	struct programme p;
	int rc = programme_load(STATION_ASSETS_DIR "/programme.json", &p);
	CHECK(rc == ST_OK, "programme: %s", st_errmsg());
	if (rc != ST_OK)
		return check_summary();
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		struct session_outcome hist[SESSIONS_MAX];
		size_t n = 0;
		while (n < SESSIONS_MAX && cases[c].sessions[n]) {
			hist[n] = session_from(cases[c].sessions[n], cases[c].phase, (int64_t)n + 1);
			n++;
		}
		struct suggestion s;
		CHECK(progression_suggest(&p, cases[c].phase, hist, n, &s) == ST_OK, "%s: %s", cases[c].what, st_errmsg());
		CHECK(s.verdict == cases[c].verdict, "%s: %s, wanted %s", cases[c].what, verdict_name(s.verdict),
		      verdict_name(cases[c].verdict));
		CHECK(s.next_phase == cases[c].phase + (cases[c].verdict == VERDICT_NEXT_PHASE), "%s: next phase %d",
		      cases[c].what, s.next_phase);
		CHECK(has_reason(&s, cases[c].reason), "%s: no reason saying '%s'", cases[c].what, cases[c].reason);
		if (!has_reason(&s, cases[c].reason))
			for (size_t i = 0; i < s.n_reasons; i++)
				fprintf(stderr, "    reason: %s\n", s.reasons[i]);
	}
	local_days(&p);
	declines();
	struct suggestion s;
	CHECK(progression_suggest(&p, 7, NULL, 0, &s) == ST_ERR_ARG, "phase 7 refused");

	/* every other day: phases 2, 3 and 5 warn under 40 h */
	double hours;
	CHECK(progression_too_soon(&p, 2, T0, T0 + 20 * 3600, &hours) && fabs(hours - 20) < 1e-9, "20 h: too soon");
	CHECK(!progression_too_soon(&p, 2, T0, T0 + 41 * 3600, &hours), "41 h: fine");
	CHECK(!progression_too_soon(&p, 1, T0, T0 + 20 * 3600, &hours), "phase 1 is not every other day");
	CHECK(!progression_too_soon(&p, 5, 0, T0, &hours) && isinf(hours), "no last session");
	CHECK(progression_too_soon(&p, 2, T0 + 300, T0, &hours) && hours == 0 && !signbit(hours),
	      "a last session 5 min ahead of the clock: just now, %g h", hours);
	CHECK(progression_too_soon(&p, 5, T0, T0 + 39 * 3600, &hours), "phase 5, 39 h");
	return check_summary();
}
