/* session_side.c: the patient's session on the screens: questions, tare and step on, the
 * exercise screens fed by the runner's events, the set and session summaries. Clinical
 * thresholds (lowering band, load-share band, pain ceiling) come from the programme, as
 * the runner and the progression rules take them. */
#include "session_side.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "detect.h"

#define LOG_PREFIX "app"
#include "log.h"
#include "pacer_clock.h"

/* Says why on the screen too (no plate, no calibration...): the patient is there. */
static int cannot_start(struct session_side *s, const char *clinic_id, int rc)
{
	log_error("the session of patient %s cannot start: %s", clinic_id, st_errmsg());
	snprintf(s->detail, sizeof s->detail, "%s", st_errmsg());
	s->summary = (struct view_summary){ .title = "The session cannot start", .button = "Back",
					    .suggestion = "Please ask the staff", .reasons = { s->detail },
					    .n_reasons = 1 };
	s->screen = SESSION_SIDE_SUMMARY;
	return rc;
}

int session_side_start(struct session_side *s, const struct clinic *c, const struct patient *p)
{
	struct session_params sp = { .store = c->store, .data_dir = c->data_dir, .patient = p->clinic_id, .plate = c->params.plate,
				     .fast = c->params.fast, .rate_hz = c->params.rate_hz };
	s->runner = NULL;
	s->opened = false;
	snprintf(s->patient_id, sizeof s->patient_id, "%s", p->clinic_id);
	/* a red flag today: the refusal is safety advice, drawn as such, not a fault to ask
	 * the staff about (a stranger found it in small type under "cannot start") */
	int rc = runner_refused_today(c->store, p->id);
	if (rc == ST_ERR_STATE) {
		snprintf(s->detail, sizeof s->detail, "%s", st_errmsg());
		s->summary = (struct view_summary){ .title = "No exercise today", .button = "Back", .advice = s->detail };
		s->screen = SESSION_SIDE_SUMMARY;
		return ST_OK;
	}
	if (rc == ST_OK)
		rc = runner_opening_start(&sp, &s->opening);
	if (rc != ST_OK) {
		s->opening = NULL;
		return cannot_start(s, p->clinic_id, rc);
	}
	s->screen = SESSION_SIDE_OPENING;
	s->summary = (struct view_summary){ .title = SESSION_OPENING_TITLE, .button = "Wait" };
	return ST_OK;
}

/* The opening is over: the session runs, or the summary says why it cannot. */
static int opened(struct session_side *s)
{
	struct session_runner *r = NULL;
	int rc = runner_opened(s->opening, &r);
	if (rc == RUNNER_OPENING)
		return ST_OK;
	s->opening = NULL;
	if (rc != ST_OK)
		return cannot_start(s, s->patient_id, rc);
	s->runner = r;
	s->opened = true;
	s->screen = SESSION_SIDE_RUNNING;
	s->unplugged = false;
	s->pain = -1;
	s->set_seen = 0;
	s->set_start_s = NAN;
	s->set_end_shown_until_s = NAN;
	feedback_start_set(&s->fb, 0);
	struct plate_dose d; /* the pacer's times, as the simulated patient keeps them */
	flow_plan_dose(&runner_info(s->runner)->plan, &d);
	s->tempo = (struct view_tempo){ d.rise_s, d.top_s, d.lower_s, d.bottom_s };
	return ST_OK;
}

void session_side_close(struct session_side *s)
{
	runner_opening_cancel(s->opening);
	s->opening = NULL;
	if (s->runner)
		runner_close(s->runner);
	s->runner = NULL;
}

bool session_side_waiting(const struct session_side *s)
{
	if (s->screen == SESSION_SIDE_OPENING)
		return true;
	if (s->screen != SESSION_SIDE_RUNNING || !s->runner)
		return false;
	struct flow_view fv;
	runner_view(s->runner, &fv);
	return fv.stage == FLOW_DONE; /* its summary not built yet: a tick once it is saved */
}

bool session_side_over(const struct session_side *s)
{
	return s->screen == SESSION_SIDE_OVER;
}

uint64_t session_side_last_sample_ns(const struct session_side *s)
{
	return s->runner ? runner_last_sample_ns(s->runner) : 0;
}

/* ---- summaries ---- */

static void add_row(struct session_side *s, const char *label, enum view_mark mark, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add_row(struct session_side *s, const char *label, enum view_mark mark, const char *fmt, ...)
{
	struct view_summary *v = &s->summary;
	if (v->n_rows >= VIEW_MAX_ROWS)
		return;
	char *value = s->rows[v->n_rows][1];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(value, SESSION_TEXT, fmt, ap);
	va_end(ap);
	snprintf(s->rows[v->n_rows][0], SESSION_TEXT, "%s", label);
	v->rows[v->n_rows].label = s->rows[v->n_rows][0];
	v->rows[v->n_rows].value = value;
	v->rows[v->n_rows].mark = mark;
	v->n_rows++;
}

/* The left/right row, judged by the programme's band as the progression rules judge it;
 * of hops, the share of those landed on both feet, and said so (a set of five hops on the
 * left foot and five on both read "Left / right 50 % / 50 %", as if balanced). */
static void add_share_row(struct session_side *s, const struct clinic *c, enum exercise mode, double left_pct)
{
	add_row(s, mode == EXERCISE_HOP ? "On both feet" : "Left / right",
		progression_share_in_band(&c->prog.rules, left_pct) ? MARK_GOOD : MARK_WARN, "%.0f %% / %.0f %%", left_pct,
		100 - left_pct);
}

/* Hops landed on one foot, each foot's count and mean flight ("none", not "0 hops, 0 ms"). */
static void add_one_foot_row(struct session_side *s, const struct session_set_summary *set)
{
	char foot[2][48];
	for (int k = 0; k < 2; k++)
		if (set->hops_on[k])
			snprintf(foot[k], sizeof foot[k], "%d (%.0f\u00a0ms in the air)", set->hops_on[k],
				 set->flight_on_s[k] * 1000);
		else
			snprintf(foot[k], sizeof foot[k], "none");
	add_row(s, "On one foot", MARK_NONE, "left %s, right %s", foot[0], foot[1]);
}

static const char *event_noun(enum exercise mode)
{
	return mode == EXERCISE_HEEL_RAISE ? "Reps" : mode == EXERCISE_HOLD ? "Holds" : "Hops";
}

/* Reps of uncertain timing count neither way: the mean, the count in the band and the
 * mark are of the measured ones ("0 of 3 in 3-5 s, 2 not measured"). The band and its
 * unit are held together by a no-break space: wrapped at 1024x600, the "s" stood alone. */
static void add_lowering_row(struct session_side *s, const struct flow_plan *p, double mean_s, int in_band,
			     int measured, int unmeasured)
{
	char also[32] = "";
	if (unmeasured)
		snprintf(also, sizeof also, ", %d not measured", unmeasured);
	if (measured > 0 && !isnan(mean_s))
		add_row(s, "Lowering time", in_band == measured ? MARK_GOOD : MARK_WARN, "%.1f s mean; %d of %d in %.0f-%.0f\u00a0s%s",
			mean_s, in_band, measured, p->lower_min_s, p->lower_max_s, also);
	else if (unmeasured)
		add_row(s, "Lowering time", MARK_NONE, "not measured (%d of %d reps)", unmeasured, measured + unmeasured);
}

static void build_set_summary(struct session_side *s, const struct clinic *c)
{
	const struct session_set_summary *set = runner_last_set(s->runner);
	const struct flow_plan *p = &runner_info(s->runner)->plan;
	s->summary = (struct view_summary){ .title = s->title, .button = "Next" };
	/* one hold a set (phase 1): its screen counts the sets as holds ("Hold 2 of 5"), and so
	 * does its summary, whose longest hold says the rest */
	bool hold_a_set = p->mode == EXERCISE_HOLD && p->per_set <= 1;
	/* a set with nothing done is not "done" (it ends the session: flow.c) */
	snprintf(s->title, sizeof s->title, "%s %d of %d %s", hold_a_set ? "Hold" : "Set", set->number, p->sets,
		 set->n ? "done" : "not done");
	if (!hold_a_set && set->target)
		add_row(s, event_noun(p->mode), set->n >= set->target ? MARK_GOOD : MARK_WARN, "%d of %d", set->n,
			set->target);
	else if (!hold_a_set)
		add_row(s, event_noun(p->mode), MARK_NONE, "%d", set->n);
	add_lowering_row(s, p, set->lower_mean_s, set->in_band, set->n - set->not_measured, set->not_measured);
	if (set->both_feet > 0)
		add_row(s, "Not on one foot", MARK_WARN, "%d of %d reps: lift %s foot", set->both_feet, set->n,
			p->leg < 0 ? "your right" : p->leg == 1 ? "your left" : "one");
	if (!isnan(set->flight_mean_s))
		add_row(s, "In the air", MARK_NONE, "%.0f ms on average", set->flight_mean_s * 1000);
	if (!isnan(set->contact_mean_s))
		add_row(s, "On the ground", MARK_NONE, "%.0f ms on average", set->contact_mean_s * 1000);
	if (set->hops_on[0] || set->hops_on[1])
		add_one_foot_row(s, set);
	if (!isnan(set->hold_max_s))
		add_row(s, "Longest hold", set->in_band > 0 ? MARK_GOOD : MARK_WARN, "%.1f s; %d reached %.0f s",
			set->hold_max_s, set->in_band, p->hold_target_s); /* as history and export give it */
	if (!isnan(set->left_share_pct) && !ex_kind_single_leg(runner_info(s->runner)->exercise.kind))
		add_share_row(s, c, p->mode, set->left_share_pct); /* one leg: no share to judge ("100 % / -0 % !") */
}

static const char *pain_text(int score, char *buf, size_t len)
{
	if (score == PAIN_NONE)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%d/10", score);
	return buf;
}

/* The pain before and after, in one row, so that every row fits on the page at 800x480. */
static void add_pain_row(struct session_side *s, const struct history_session *hs)
{
	char b[16], a[16];
	if (hs->pain_before != PAIN_NONE && hs->pain_during_max != PAIN_NONE)
		add_row(s, "Pain", MARK_NONE, "%s before, at most %s after", pain_text(hs->pain_before, b, sizeof b),
			pain_text(hs->pain_during_max, a, sizeof a));
	else if (hs->pain_before != PAIN_NONE)
		add_row(s, "Pain", MARK_NONE, "%s before", pain_text(hs->pain_before, b, sizeof b));
}

/* The rows of this session as the store has it, all its sets together; brief (under safety
 * advice, which takes half of an 800x480 screen): only what was done and the pain. */
static void add_session_rows(struct session_side *s, const struct clinic *c, const struct history_session *hs,
			     bool brief)
{
	int sets = 0, n = 0, target = 0, in_band = 0;
	double lower = 0, share = 0, flight = 0, contact = 0;
	int n_lower = 0, unmeasured = 0, n_share = 0, n_flight = 0, n_contact = 0;
	for (size_t k = 0; k < hs->n_sets; k++) {
		const struct history_set *st = &hs->sets[k];
		sets += st->complete && st->count > 0; /* a set ended with nothing done is not done */
		n += st->count;
		target += st->target_count;
		in_band += st->in_band;
		unmeasured += st->lower_unmeasured;
		if (!isnan(st->lower_mean_s)) /* the mean of the reps measured */
			lower += st->lower_mean_s * (st->count - st->lower_unmeasured), n_lower += st->count - st->lower_unmeasured;
		if (!isnan(st->share_pct))
			share += st->share_pct * st->count, n_share += st->count;
		if (!isnan(st->flight_mean_s))
			flight += st->flight_mean_s * st->count, n_flight += st->count;
		if (!isnan(st->contact_mean_s))
			contact += st->contact_mean_s * st->count, n_contact += st->count;
	}
	const struct session_info *in = runner_info(s->runner);
	const struct flow_plan *pl = &in->plan;
	if (hs->n_sets == 0) { /* stopped before exercising: no "0 of 2 sets" */
		add_row(s, "Exercise", MARK_NONE, "none today");
		add_pain_row(s, hs); /* the pain that stopped it (it was left out) */
		return;
	}
	/* sets and reps in one row, so that every row fits on the page at 800x480; the reps of
	 * the whole session planned ("2 of 4 reps" said of 8 planned, the sets not begun left
	 * out); one hold a set (phase 1) counts its holds as its screen does ("Hold 1 of 5") */
	char counted[48] = "";
	const char *noun = pl->mode == EXERCISE_HEEL_RAISE ? "reps" : pl->mode == EXERCISE_HOLD ? "holds" : "hops";
	bool hold_a_set = pl->mode == EXERCISE_HOLD && pl->per_set <= 1;
	if (target && pl->per_set > 0)
		target = target > hs->sets_planned * pl->per_set ? target : hs->sets_planned * pl->per_set;
	if (target && !hold_a_set)
		snprintf(counted, sizeof counted, ", %d of %d %s", n, target, noun);
	else if (!hold_a_set) /* as many as done (hops): how many, not of how many */
		snprintf(counted, sizeof counted, ", %d %.*s", n, (int)strlen(noun) - (n == 1), noun); /* one: no s */
	bool all = sets >= hs->sets_planned && n >= target;
	if (hold_a_set)
		add_row(s, "Done", all ? MARK_GOOD : MARK_WARN, "%d of %d %s", sets, hs->sets_planned,
			hs->sets_planned == 1 ? "hold" : "holds");
	else
		add_row(s, "Done", all ? MARK_GOOD : MARK_WARN, "%d of %d %s%s", sets, hs->sets_planned,
			hs->sets_planned == 1 ? "set" : "sets", counted); /* not "1 of 1 sets" */
	if (!brief) {
		add_lowering_row(s, pl, n_lower ? lower / n_lower : NAN, in_band, n_lower, unmeasured);
		if (n_share && !ex_kind_single_leg(in->exercise.kind))
			add_share_row(s, c, pl->mode, share / n_share);
		if (n_flight)
			add_row(s, "In the air", MARK_NONE, "%.0f ms on average", flight / n_flight * 1000);
		if (n_contact)
			add_row(s, "On the ground", MARK_NONE, "%.0f ms on average", contact / n_contact * 1000);
	}
	add_pain_row(s, hs);
}

static void build_session_summary(struct session_side *s, const struct clinic *c, const struct flow_view *fv)
{
	struct view_summary *v = &s->summary;
	*v = (struct view_summary){ .title = s->title, .button = "Finish" };
	snprintf(s->title, sizeof s->title, "%s",
		 fv->end == FLOW_COMPLETED || fv->sets_done ? "Session done"
		 : fv->end == FLOW_RED_FLAG    ? "Get it checked today"
		 : fv->end == FLOW_PAIN_BEFORE ? "No exercise today"
					       : "Session stopped");
	struct history h = { 0 };
	struct suggestion sg;
	const struct history_session *hs = NULL;
	bool have_suggestion = runner_suggestion(s->runner, &s->suggestion) == ST_OK;
	if (clinic_suggest(c, &runner_info(s->runner)->patient, &h, &sg) == ST_OK) {
		int64_t sid = runner_session_id(s->runner);
		for (size_t i = 0; i < h.n; i++)
			if (h.sessions[i].id == sid)
				hs = &h.sessions[i];
	}
	/* safety advice drawn large; a session ended early says so in a row, and that what was
	 * done is kept only where something was */
	bool lost = runner_write_failed(s->runner); /* a full disk: not all of it is kept */
	if (fv->end == FLOW_RED_FLAG || fv->end == FLOW_PAIN_STOP || fv->end == FLOW_PAIN_BEFORE)
		v->advice = flow_end_text(fv->end);
	else if (fv->end != FLOW_COMPLETED)
		add_row(s, "Why", MARK_WARN, "%s%s", flow_end_text(fv->end),
			hs && hs->n_sets && !lost ? " What was done is kept." : "");
	if (lost)
		add_row(s, "Not saved", MARK_WARN, "The station could not save all of this session. Please tell your "
						   "physiotherapist.");
	/* why the dose was eased, not only how; worded to take two lines at 800x480, where five
	 * rows fill the page. Under advice, half the page there, the pain row goes first. */
	if (fv->eased[0] && !v->advice)
		add_row(s, "Eased today", MARK_WARN, "Day-after pain %d/10, so %s", fv->pain_day_after, fv->eased);
	if (hs)
		add_session_rows(s, c, hs, v->advice != NULL);
	history_free(&h);
	s->next_time = (struct view_summary){ 0 };
	s->next_time_shown = false;
	if (have_suggestion && fv->end == FLOW_COMPLETED) {
		v->button = "Next";
		struct view_summary *n = &s->next_time;
		*n = (struct view_summary){ .title = "Next time", .button = "Finish" };
		suggestion_words(&s->suggestion, true, s->suggestion_text, sizeof s->suggestion_text);
		n->suggestion = s->suggestion_text;
		for (size_t i = 0; i < s->suggestion.n_reasons && n->n_reasons < VIEW_MAX_REASONS; i++)
			n->reasons[n->n_reasons++] = s->suggestion.reasons[i];
	}
}

/* ---- events and actions ---- */

/* Counts a verdict shown and when its event ended on the host's clock (the newest sample
 * arrived at last_sample_ns; the event ended now_s - end_s of plate time before it), so
 * the delay from event to screen can be measured (station --demo --stats). */
static void note_feedback(struct session_side *s, const struct flow_view *fv, const struct session_event *e)
{
	double end_s = e->mode == EXERCISE_HEEL_RAISE ? e->rep.end_s : e->mode == EXERCISE_HOLD ? e->hold.end_s
											      : e->hop.landing_s;
	s->feedback_event_ns[s->n_feedback++ % SESSION_FEEDBACK_KEPT] =
		runner_last_sample_ns(s->runner) - (uint64_t)(fmax(0, fv->now_s - end_s) * 1e9);
}

/* The ended set's screen is still up (its last event judged), in plate time; not once the
 * plate has run out (a scenario ending 1.6 s after the last rep left --demo --fast waiting
 * for plate time that never came). */
static bool set_end_showing(const struct session_side *s)
{
	return isfinite(s->set_end_shown_until_s) && runner_plate_seconds(s->runner) < s->set_end_shown_until_s &&
	       !runner_plate_over(s->runner);
}

/* Keeps this set's events for the exercise screen; a new set starts a new list. A set
 * that ended on its count stays up SET_END_SHOW_S with its last event before its summary. */
static void take_events(struct session_side *s, const struct clinic *c)
{
	struct flow_view fv;
	runner_view(s->runner, &fv);
	if (fv.stage == FLOW_EXERCISE && fv.set_number != s->fb.set) {
		feedback_start_set(&s->fb, fv.set_number);
		s->set_start_s = runner_plate_seconds(s->runner); /* the pacer's clock */
	}
	struct session_event e;
	while (runner_take_event(s->runner, &e)) {
		if (e.set_number == s->fb.set)
			note_feedback(s, &fv, &e);
		feedback_event(&s->fb, &e);
	}
	if (fv.stage == FLOW_EXERCISE) {
		feedback_live(&s->fb, &fv.live, runner_plate_seconds(s->runner), fv.counting_from_s,
			      !runner_info(s->runner)->plan.seated);
	}
	if (!set_end_showing(s))
		s->set_end_shown_until_s = NAN;
	const struct session_set_summary *set = runner_last_set(s->runner);
	if (set->number > s->set_seen) {
		s->set_seen = set->number;
		build_set_summary(s, c);
		s->screen = SESSION_SIDE_SET_SUMMARY;
		if (set->target > 0 && set->n >= set->target)
			s->set_end_shown_until_s = runner_plate_seconds(s->runner) + SET_END_SHOW_S;
	} else if (fv.stage == FLOW_DONE && s->screen == SESSION_SIDE_RUNNING && runner_saved(s->runner)) {
		build_session_summary(s, c, &fv);
		s->screen = SESSION_SIDE_SUMMARY;
	} else if (fv.stage == FLOW_DONE && s->screen == SESSION_SIDE_RUNNING) {
		/* its summary reads the session as saved: the writer has it (a frame or two) */
		s->summary = (struct view_summary){ .title = SESSION_SAVING_TITLE, .button = "Wait" };
	}
}

int session_side_tick(struct session_side *s, const struct clinic *c, int timeout_ms)
{
	/* a caller that may wait (not the screen's loop: 0) gives the other thread a moment */
	if (timeout_ms > 0 && session_side_waiting(s))
		usleep(1000);
	if (s->screen == SESSION_SIDE_OPENING)
		return opened(s);
	if (!s->runner || s->screen == SESSION_SIDE_SUMMARY)
		return ST_OK;
	struct flow_view fv;
	runner_view(s->runner, &fv);
	int rc = ST_OK;
	/* Questions need no plate (the terminal session does not poll during them either); the
	 * ended set's screen counts its time in plate time. Between sets, what the plate sends
	 * while the pain question or the set's summary is up is dropped (not measured later as
	 * part of the rest and the next set); before the first, the tare restarts the plate. */
	bool measuring = (fv.stage != FLOW_QUESTION && s->screen == SESSION_SIDE_RUNNING) || set_end_showing(s);
	if (fv.stage != FLOW_DONE && (measuring || fv.set_number > 0)) {
		rc = measuring ? runner_poll(s->runner, timeout_ms) : runner_drop_frames(s->runner);
		s->unplugged = rc == ST_ERR_GONE;
		if (rc == ST_ERR_GONE)
			rc = ST_OK;
	}
	if (rc != ST_OK) {
		log_error("session stopped: %s", st_errmsg());
		runner_finish(s->runner); /* ends it as stopped; rc says why */
	}
	take_events(s, c);
	return rc;
}

static int act_running(struct session_side *s, const struct clinic *c, const struct ui_action *act)
{
	struct flow_view fv;
	runner_view(s->runner, &fv);
	int rc = ST_OK;
	if (act->kind == UI_ACT_MUTE) {
		s->muted = !s->muted;
	} else if (act->kind == UI_ACT_BACK && runner_back(s->runner)) {
		s->pain = -1; /* the question before, asked again */
	} else if (act->kind == UI_ACT_BACK && fv.stage == FLOW_QUESTION && fv.question == Q_POP) {
		/* from the first question: out, no session, no "Session stopped" (a stranger who
		 * chose the wrong name found one in that patient's history) */
		rc = runner_leave(s->runner);
		session_side_close(s);
		s->screen = SESSION_SIDE_OVER;
		return rc;
	} else if (act->kind == UI_ACT_BACK || act->kind == UI_ACT_QUIT) {
		rc = runner_finish(s->runner); /* the patient stops: what was done is kept */
	} else if (fv.stage == FLOW_QUESTION && flow_question_is_yes_no(fv.question)) {
		if (act->kind == UI_ACT_YES)
			rc = runner_answer(s->runner, 1);
		else if (act->kind == UI_ACT_NO || act->kind == UI_ACT_NEXT)
			rc = runner_answer(s->runner, 0);
	} else if (fv.stage == FLOW_QUESTION) {
		if (act->kind == UI_ACT_DIGIT && act->index >= 0 && act->index <= 10) {
			s->pain = act->index;
		} else if (act->kind == UI_ACT_STEP) { /* arrows choose a score: a clicker has no digits */
			int score = s->pain < 0 ? 0 : s->pain + act->index;
			s->pain = score < 0 ? 0 : score > 10 ? 10 : score;
		} else if (act->kind == UI_ACT_NEXT && s->pain >= 0) {
			rc = runner_answer(s->runner, s->pain);
			s->pain = -1;
		}
	} else if (act->kind == UI_ACT_NEXT && (fv.stage == FLOW_EXERCISE || fv.stage == FLOW_REST)) {
		rc = runner_next(s->runner);
	}
	take_events(s, c);
	return rc;
}

int session_side_act(struct session_side *s, const struct clinic *c, const struct ui_action *act)
{
	bool leave = act->kind == UI_ACT_BACK || act->kind == UI_ACT_QUIT;
	switch (s->screen) {
	case SESSION_SIDE_OPENING:
		return ST_OK; /* a moment: the session is not there to act on yet */
	case SESSION_SIDE_RUNNING:
		return act_running(s, c, act);
	case SESSION_SIDE_SET_SUMMARY:
		if (act->kind == UI_ACT_NEXT && set_end_showing(s)) {
			s->set_end_shown_until_s = NAN; /* to the summary now */
		} else if (act->kind == UI_ACT_NEXT) {
			s->screen = SESSION_SIDE_RUNNING;
			take_events(s, c);
		} else if (leave) {
			s->screen = SESSION_SIDE_RUNNING;
			return act_running(s, c, act);
		}
		return ST_OK;
	case SESSION_SIDE_SUMMARY:
		if (act->kind == UI_ACT_NEXT && s->next_time.title && !s->next_time_shown) {
			s->summary = s->next_time; /* then the suggestion, on a page of its own */
			s->next_time_shown = true;
		} else if (act->kind == UI_ACT_NEXT || leave) {
			session_side_close(s);
			s->screen = SESSION_SIDE_OVER;
		}
		return ST_OK;
	case SESSION_SIDE_OVER:
		break;
	}
	return ST_OK;
}

/* ---- views ---- */

/* Someone on the plates: standing, a share of the weigh-in; seated (weighed standing,
 * the feet then carry little), the load the analysis finds seated heels up over. */
static bool on_plate(const struct session_side *s, const struct flow_view *fv)
{
	bool weighing = fv->stage == FLOW_TARE || fv->stage == FLOW_STEP_ON;
	if (!runner_info(s->runner)->plan.seated || weighing || !fv->live.weighed)
		return fv->live.loaded;
	return fv->live.total_n >= heels_up_min_load(EXERCISE_HOLD, fv->body_weight_n);
}

/* The live load share, with the programme's band (none for one-leg work). */
static struct view_balance balance(const struct session_side *s, const struct clinic *c, const struct flow_view *fv)
{
	const struct progression_rules *r = &c->prog.rules;
	bool single = ex_kind_single_leg(runner_info(s->runner)->exercise.kind);
	return (struct view_balance){ on_plate(s, fv) ? fv->live.left_share_pct : NAN, single ? 0 : r->share_min_pct,
				      single ? 0 : r->share_max_pct };
}

/* The hands' share for the "Fingertips only" cue: standing work only. */
static struct view_support support(const struct session_side *s, const struct clinic *c)
{
	return (struct view_support){ runner_info(s->runner)->plan.seated ? NAN : s->fb.support_pct,
				      c->prog.rules.support_max_pct };
}

/* The plates empty for up to this long: a hop's flight (0.2-0.5 s), not a step off. */
#define FLIGHT_SHOWN_S 1.0

/* Reps or holds of this set whose heels are down, not yet reported: the screen counts
 * them meanwhile. */
static int landed_unreported(const struct flow_view *fv)
{
	return fv->live.waiting_up_s >= fv->counting_from_s ? fv->live.waiting : 0;
}

static void view_exercise(struct session_side *s, const struct clinic *c, const struct flow_view *fv, double now_s,
			  struct screen_view *out)
{
	const struct flow_plan *p = &runner_info(s->runner)->plan;
	if (p->mode == EXERCISE_HOLD) {
		out->id = SCREEN_HOLD;
		/* one hold a set (phase 1): count the sets, "Hold 2 of 5"; a hold just released is
		 * shown under its own number, not the next one's (the done count has it once
		 * reported, the landed one before) */
		bool by_set = p->per_set <= 1;
		int in_set = s->fb.released ? fv->done + landed_unreported(fv) : fv->done + 1;
		int holds = by_set ? fv->sets : p->per_set, hold = by_set ? fv->set_number : in_set > 1 ? in_set : 1;
		out->hold = (struct view_hold){ .held_s = s->fb.held_s, .target_s = p->hold_target_s,
						.heels_up = fv->live.heels_up, .stale = s->fb.stale,
						.steadiness = s->fb.steadiness, .steady_word = s->fb.steady_word,
						.hold = hold < holds ? hold : holds, .holds = holds,
						.bal = balance(s, c, fv), .seated = p->seated, .released = s->fb.released,
						.support = support(s, c), .rest_left_s = NAN };
		/* between the holds of a set (phase 5): the programme's rest counted down under the
		 * hold just done, then the next hold to raise the heels for */
		struct view_hold *h = &out->hold;
		if (h->released && !by_set && p->rest_each_s > 0 && h->hold < holds) {
			h->rest_left_s = p->rest_each_s - (runner_plate_seconds(s->runner) - s->fb.released_at_s);
			if (!(h->rest_left_s > 0))
				*h = (struct view_hold){ .target_s = h->target_s, .hold = h->hold + 1, .holds = holds,
							 .steadiness = NAN, .bal = h->bal, .seated = h->seated,
							 .support = h->support, .rest_left_s = NAN };
		}
	} else if (p->mode == EXERCISE_HEEL_RAISE) {
		out->id = SCREEN_RAISES;
		struct view_raises *r = &out->raises;
		/* a rep counts as the heels land; its verdict follows when it is measured */
		int landed = landed_unreported(fv);
		if (fv->per_set > 0 && fv->done + landed > fv->per_set)
			landed = fv->per_set > fv->done ? fv->per_set - fv->done : 0;
		*r = (struct view_raises){ .rep = fv->done + landed, .reps_target = fv->per_set, .set = fv->set_number,
					   .sets = fv->sets, .tempo = s->tempo, .heels_up = fv->live.heels_up,
					   .lowering_s = fv->live.lowering_s, .band_lo_s = p->lower_min_s,
					   .band_hi_s = p->lower_max_s, .n_lower = s->fb.n_lower, .n_waiting = landed,
					   .muted = s->muted, .leg = p->leg,
					   .bal = balance(s, c, fv), .support = support(s, c) };
		double plate_now = pacer_plate_now_s(runner_plate_seconds(s->runner), runner_last_sample_ns(s->runner), now_s);
		r->pacer_t_s = pacer_phase_s(&s->tempo, s->set_start_s, plate_now);
		memcpy(r->lower_s, s->fb.lower_s, sizeof r->lower_s);
		memcpy(r->uncertain, s->fb.uncertain, sizeof r->uncertain);
		memcpy(r->both_feet, s->fb.both_feet, sizeof r->both_feet);
	} else {
		out->id = SCREEN_HOPS;
		out->hops = (struct view_hops){ .n = s->fb.n_hops, .count = fv->done, .target = fv->per_set,
						.set = fv->set_number, .sets = fv->sets,
						.bal = balance(s, c, fv) };
		/* in the air: the last contact's share, not "Nobody on the plate" at every hop */
		if (isnan(out->hops.bal.left_pct) && fv->live.now_s - fv->live.loaded_at_s <= FLIGHT_SHOWN_S)
			out->hops.bal.left_pct = fv->live.loaded_share_pct;
		memcpy(out->hops.hops, s->fb.hops, sizeof out->hops.hops);
	}
}

static void view_running(struct session_side *s, const struct clinic *c, double now_s, struct screen_view *out)
{
	struct flow_view fv;
	runner_view(s->runner, &fv);
	const struct session_info *in = runner_info(s->runner);
	const struct flow_plan *p = &in->plan;
	switch (fv.stage) {
	case FLOW_QUESTION:
		if (flow_question_is_yes_no(fv.question)) {
			out->id = SCREEN_QUESTION;
			const char *detail = NULL;
			if (fv.question == Q_POP && in->too_soon) {
				snprintf(s->detail, sizeof s->detail,
					 "Last session %.0f h ago: every other day is best", in->hours_since_last);
				detail = s->detail;
			}
			/* before the exercise Back is a tap: to the question before, or from the
			 * first out of a session with nothing done yet */
			out->question = (struct view_question){ .question = fv.prompt, .detail = detail,
								.number = (int)fv.question + 1, .count = 3,
								.back_at_once = true };
			if (fv.question == Q_PAIN_GATE) { /* the advice, then the choice; "next" stops */
				snprintf(s->detail, sizeof s->detail, "Pain %d/10, limit %d/10: please contact your physiotherapist",
					 fv.pain_now, p->pain_before_max);
				out->question = (struct view_question){ "Best not to exercise today", s->detail, 0, 0,
									"Pain too high today", "Exercise anyway",
									"Stop for today", true, true };
			}
		} else {
			/* each question's scale shows its own limit (the day after's showed 4-5
			 * "acceptable" where the programme eases above 3) */
			int limit = fv.question == Q_PAIN_NOW	     ? p->pain_before_max
				    : fv.question == Q_PAIN_DAY_AFTER ? p->pain_day_after_max
								      : p->pain_ceiling;
			out->id = SCREEN_PAIN;
			out->pain = (struct view_pain){ fv.prompt, s->pain, limit, fv.question != Q_PAIN_AFTER_SET };
		}
		break;
	case FLOW_TARE:
	case FLOW_STEP_ON:
		out->id = SCREEN_STEP_ON;
		/* with the score that eased it, as the session summary gives it */
		snprintf(s->eased_note, sizeof s->eased_note, "Day-after pain %d/10: eased today", fv.pain_day_after);
		out->step_on = (struct view_step_on){
			.stage = fv.stage == FLOW_TARE ? STEP_TARE : fv.live.loaded ? STEP_STAND : STEP_STEP_ON,
			.progress = NAN, .weight_kg = NAN, .bal = balance(s, c, &fv), .seated = p->seated,
			.note = fv.eased[0] ? s->eased_note : NULL, .note_detail = fv.eased[0] ? fv.eased : NULL };
		break;
	case FLOW_EXERCISE:
		view_exercise(s, c, &fv, now_s, out);
		break;
	case FLOW_REST:
		out->id = SCREEN_REST;
		if (p->per_set)
			snprintf(s->next_what, sizeof s->next_what, "%s: %d %s", in->exercise.name, p->per_set,
				 exercise_count_noun(p->mode, p->per_set));
		else
			snprintf(s->next_what, sizeof s->next_what, "%s", in->exercise.name);
		out->rest = (struct view_rest){ fv.rest_left_s, p->rest_s, fv.set_number + 1, fv.sets, s->next_what,
						p->mode == EXERCISE_HOLD && p->per_set <= 1 };
		break;
	case FLOW_DONE:
		/* not drawn: take_events() moves to SESSION_SIDE_SUMMARY first */
		out->id = SCREEN_SUMMARY;
		out->summary = s->summary;
		break;
	}
}

void session_side_view(struct session_side *s, const struct clinic *c, double now_s, struct screen_view *out)
{
	if (s->screen == SESSION_SIDE_SET_SUMMARY && set_end_showing(s)) {
		struct flow_view fv;
		runner_view(s->runner, &fv);
		view_exercise(s, c, &fv, now_s, out);
		out->unplugged = s->unplugged;
	} else if (s->screen == SESSION_SIDE_RUNNING) {
		view_running(s, c, now_s, out);
		out->unplugged = s->unplugged;
	} else {
		out->id = SCREEN_SUMMARY;
		out->summary = s->summary;
	}
}

const struct view_tempo *session_side_tempo(const struct session_side *s)
{
	if (s->screen != SESSION_SIDE_RUNNING || !s->runner)
		return NULL;
	struct flow_view fv;
	runner_view(s->runner, &fv);
	return fv.stage == FLOW_EXERCISE && runner_info(s->runner)->plan.mode == EXERCISE_HEEL_RAISE ? &s->tempo : NULL;
}
