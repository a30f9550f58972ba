#include "flow.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "live_worker.h"
#include "measure.h"
#include "status.h"
#include "tare.h"

#define EARLY_START_S 10.0 /* a rep or hold begun this long before the rest ends counts */

struct session_flow {
	struct flow_plan plan;
	struct flow_hooks hooks;
	struct calibration cal;
	double rate_hz;
	struct calib_tare tare;
	bool taring;
	char notice[320]; /* the tare's warning, or why it had to start again */
	struct frame_converter conv;
	struct live_worker *live;
	bool threaded;          /* the live analysis on a thread of its own (flow_set_threaded) */
	bool plate_ended;       /* the plate's stream ran out (flow_plate_ended): no set after this one */
	bool cut_short;         /* ... in the middle of a set, or a set ended with nothing done: the
				 * session is not complete */
	bool sets_done;         /* every set of the plan done whole (flow_view's) */
	struct live_state live_now; /* as of the newest tick taken */
	enum flow_stage stage;
	enum flow_question question;
	enum flow_end end;
	double now, body_weight_n, drift_n[2];
	int set_number;
	double set_start_s, last_event_s, rest_until_s;
	double counting_from_s; /* events that start after this belong to the next set: late in
				 * the rest (a patient may start a little early), not right after a set */
	size_t seen;        /* events of the live analysis already given to a set */
	size_t set_first;   /* the first event of the current set */
	double last_lower_s;
	int last_verdict;
	int pain_now;
	int pain_day_after; /* the answer to Q_PAIN_DAY_AFTER (-1: not asked) */
	char advice[200];   /* why not to exercise today (pain now above the limit) */
	char eased[160];    /* how today's dose was eased, in words */
};

static const char *const question_texts[FLOW_QUESTIONS] = {
	[Q_POP] = "Did you feel a pop in your Achilles tendon?",
	[Q_DIP] = "Can you feel a dip or gap in the tendon?",
	[Q_CANNOT_RAISE] = "Are you unable to rise on your toes on that side?",
	[Q_PAIN_NOW] = "How much pain do you have now? (0 none - 10 worst)",
	[Q_PAIN_DAY_AFTER] = "How was the pain the day after your last session? (0-10)",
	[Q_PAIN_AFTER_SET] = "How much pain did you have during that set? (0-10)",
	[Q_PAIN_GATE] = "Do you still want to exercise today?",
};

void flow_plan_dose(const struct flow_plan *p, struct plate_dose *out)
{
	static const enum plate_activity activity[] = {
		[EXERCISE_HEEL_RAISE] = PLATE_ACTIVITY_HEEL_RAISE,
		[EXERCISE_HOLD] = PLATE_ACTIVITY_HOLD,
		[EXERCISE_HOP] = PLATE_ACTIVITY_HOP,
	};
	*out = (struct plate_dose){ .activity = activity[p->mode],
				    .seated = p->seated,
				    .sets = p->sets,
				    .per_set = p->per_set,
				    .hold_s = p->hold_target_s,
				    .rise_s = FLOW_PACER_RISE_S,
				    .top_s = FLOW_PACER_TOP_S,
				    .lower_s = p->lower_max_s > 0 ? (p->lower_min_s + p->lower_max_s) / 2 : 3,
				    .bottom_s = FLOW_PACER_BOTTOM_S,
				    .rest_s = p->rest_s,
				    .rest_each_s = p->rest_each_s,
				    .leg = p->mode == EXERCISE_HEEL_RAISE ? p->leg : 0,
				    .idle_end_s = p->idle_end_s > 0 ? p->idle_end_s : FLOW_IDLE_END_S };
}

const char *flow_question_text(enum flow_question q)
{
	return q < FLOW_QUESTIONS ? question_texts[q] : "";
}

const char *flow_end_text(enum flow_end why)
{
	switch (why) {
	case FLOW_COMPLETED:
		return "Session complete. Well done.";
	case FLOW_RED_FLAG:
		return "Stop: do not exercise. A pop, a dip in the tendon or not being able to rise on "
		       "your toes can mean the tendon is torn. See a GP, a physiotherapist or A&E today.";
	case FLOW_PAIN_STOP:
		return "Pain above the limit: stop for today and tell your physiotherapist. "
		       "If it still hurts the day after, your next session will be eased.";
	case FLOW_ENDED_EARLY:
		return "Session ended early.";
	case FLOW_PAIN_BEFORE:
		return "Pain too high to exercise today. Please contact your physiotherapist.";
	case FLOW_LEFT:
		return "Left before the session began.";
	}
	return "";
}

int flow_lowering_verdict(const struct flow_plan *plan, double lower_s)
{
	if (lower_s < plan->lower_min_s)
		return -1;
	return lower_s > plan->lower_max_s ? 1 : 0;
}

double flow_other_foot_pct(int leg, double left_share_pct)
{
	switch (leg) {
	case 1:
		return left_share_pct;
	case -1:
		return 100 - left_share_pct;
	case FLOW_EITHER_LEG: /* either foot may stand: the lighter one is the other */
		return fmin(left_share_pct, 100 - left_share_pct);
	default:
		return 0;
	}
}

int flow_rep_verdict(const struct flow_plan *plan, const struct rep_result *rep)
{
	if (flow_other_foot_pct(plan->leg, rep->left_share_pct) >= FLOW_OTHER_FOOT_PCT)
		return FLOW_BOTH_FEET;
	return rep->uncertain ? FLOW_NOT_MEASURED : flow_lowering_verdict(plan, rep->lower_s);
}

bool flow_question_is_yes_no(enum flow_question q)
{
	return q == Q_POP || q == Q_DIP || q == Q_CANNOT_RAISE || q == Q_PAIN_GATE;
}

const struct flow_plan *flow_current_plan(const struct session_flow *f)
{
	return &f->plan;
}

int flow_new(const struct flow_plan *plan, const struct calibration *cal, double rate_hz,
	     const struct flow_hooks *hooks, struct session_flow **out)
{
	if (plan->sets < 1 || plan->per_set < 0 || rate_hz <= 0)
		return st_fail(ST_ERR_ARG, "session: a plan needs at least one set (got %d sets of %d)", plan->sets,
			       plan->per_set);
	struct session_flow *f = calloc(1, sizeof *f);
	if (!f)
		return st_fail(ST_ERR_NOMEM, "session: out of memory");
	f->plan = *plan;
	if (f->plan.idle_end_s <= 0)
		f->plan.idle_end_s = FLOW_IDLE_END_S;
	f->hooks = *hooks;
	f->cal = *cal;
	f->rate_hz = rate_hz;
	f->stage = FLOW_QUESTION;
	f->question = Q_POP;
	f->body_weight_n = NAN;
	f->last_lower_s = NAN;
	f->pain_now = -1;
	f->pain_day_after = -1;
	*out = f;
	return ST_OK;
}

void flow_free(struct session_flow *f)
{
	if (!f)
		return;
	if (f->taring)
		calib_tare_end(&f->tare);
	live_worker_free(f->live);
	free(f);
}

static int finish(struct session_flow *f, enum flow_end why)
{
	f->stage = FLOW_DONE;
	f->end = why;
	return f->hooks.finished ? f->hooks.finished(f->hooks.user, why) : ST_OK;
}

static int start_set(struct session_flow *f)
{
	f->stage = FLOW_EXERCISE;
	f->set_number++;
	f->set_start_s = f->last_event_s = f->now;
	f->set_first = f->seen;
	/* the first set counts from its start; a later one also what was begun late in the
	 * rest, and, the rest skipped ("next"), all from its start (its reps were not counted
	 * until the rest would have ended) */
	f->counting_from_s = f->set_number == 1 ? f->now : fmin(f->counting_from_s, f->now);
	return f->hooks.set_started ? f->hooks.set_started(f->hooks.user, f->set_number) : ST_OK;
}

static size_t events_so_far(const struct session_flow *f)
{
	const struct analysis *a = live_worker_events(f->live);
	switch (f->plan.mode) {
	case EXERCISE_HEEL_RAISE:
		return a->n_reps;
	case EXERCISE_HOLD:
		return a->n_holds;
	case EXERCISE_HOP:
		return a->n_hops;
	}
	return 0;
}

static void summarise_set(const struct session_flow *f, bool by_next, struct flow_set *s)
{
	const struct analysis *a = live_worker_events(f->live);
	size_t first = f->set_first;
	*s = (struct flow_set){ .number = f->set_number, .start_s = f->set_start_s, .end_s = f->now,
				.n = (int)(f->seen - first), .left_share_pct = NAN, .ended_by_next = by_next };
	double share_sum = 0;
	int shares = 0;
	for (size_t i = first; i < f->seen; i++) {
		double share = NAN;
		if (f->plan.mode == EXERCISE_HEEL_RAISE) {
			share = a->reps[i].left_share_pct;
			int verdict = flow_rep_verdict(&f->plan, &a->reps[i]);
			s->in_band += verdict == 0;
			s->not_measured += verdict == FLOW_NOT_MEASURED;
			s->both_feet += verdict == FLOW_BOTH_FEET;
		} else if (f->plan.mode == EXERCISE_HOLD) {
			share = a->holds[i].left_share_pct;
			s->in_band += a->holds[i].duration_s >= f->plan.hold_target_s;
		} else if (hop_landing_foot(&a->hops[i]) < 0) { /* on both feet: how evenly (none in the
								   * summaries before, though each hop showed it) */
			share = a->hops[i].left_share_pct;
		}
		if (!isnan(share)) {
			share_sum += share;
			shares++;
		}
	}
	if (shares)
		s->left_share_pct = share_sum / shares;
	s->reps = a->reps ? a->reps + (f->plan.mode == EXERCISE_HEEL_RAISE ? first : 0) : NULL;
	s->holds = a->holds ? a->holds + (f->plan.mode == EXERCISE_HOLD ? first : 0) : NULL;
	s->hops = a->hops ? a->hops + (f->plan.mode == EXERCISE_HOP ? first : 0) : NULL;
}

/* New events of the current set, counted; the last rep's lowering for the feedback.
 * Events that started before the last set ended belong to none. */
static int count_events(struct session_flow *f)
{
	const struct analysis *a = live_worker_events(f->live);
	size_t n = events_so_far(f);
	for (; f->seen < n; f->seen++) {
		bool before_set = (f->plan.mode == EXERCISE_HEEL_RAISE ? a->reps[f->seen].start_s
				   : f->plan.mode == EXERCISE_HOLD    ? a->holds[f->seen].start_s
								      : a->hops[f->seen].takeoff_s) < f->counting_from_s;
		if (before_set && f->seen == f->set_first) {
			f->set_first++;
			continue;
		}
		f->last_event_s = f->now;
		if (f->plan.mode == EXERCISE_HEEL_RAISE) {
			f->last_lower_s = a->reps[f->seen].lower_s;
			f->last_verdict = flow_rep_verdict(&f->plan, &a->reps[f->seen]);
		}
		if (f->hooks.counted) {
			enum exercise m = f->plan.mode;
			int rc = f->hooks.counted(f->hooks.user, f->set_number, (int)(f->seen - f->set_first),
						  m == EXERCISE_HEEL_RAISE ? &a->reps[f->seen] : NULL,
						  m == EXERCISE_HOLD ? &a->holds[f->seen] : NULL,
						  m == EXERCISE_HOP ? &a->hops[f->seen] : NULL);
			if (rc != ST_OK)
				return rc;
		}
	}
	return ST_OK;
}

/* The newest tick's clock and state. */
static void apply_tick(struct session_flow *f, const struct live_tick *t)
{
	f->now = t->state.now_s;
	f->live_now = t->state;
}

/* Waits for the flush's tick; the ticks before it (samples the worker had already taken
 * when the set ended, none inline) only move the clock on, their events count in the set. */
static int await_flush(struct session_flow *f)
{
	struct live_tick t;
	for (;;) {
		int rc = live_worker_take(f->live, &t, LIVE_WORKER_WAIT_MS);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return st_fail(ST_ERR_TIMEOUT, "session: set %d: the live analysis did not answer within %d ms",
				       f->set_number, LIVE_WORKER_WAIT_MS);
		apply_tick(f, &t);
		if (t.flushed)
			return ST_OK;
	}
}

static int end_set(struct session_flow *f, bool by_next)
{
	/* the last event may still be settling: it is judged now, and counts */
	int rc = live_worker_flush(f->live);
	if (rc == ST_OK)
		rc = await_flush(f);
	if (rc == ST_OK)
		rc = count_events(f);
	if (rc != ST_OK)
		return rc;
	struct flow_set s;
	summarise_set(f, by_next, &s);
	f->counting_from_s = f->now;
	rc = f->hooks.set_ended ? f->hooks.set_ended(f->hooks.user, &s) : ST_OK;
	if (rc != ST_OK)
		return rc;
	/* a set with nothing done (ended by the idle limit, or by the patient) is not a set
	 * done: the session ends early (a stranger's whose last set had 0 reps said "Session
	 * done" and was kept complete), and without asking the pain "during that set" (it was
	 * asked, and stored, for a set nobody did) */
	if (s.n == 0) {
		f->cut_short = true;
		return finish(f, FLOW_ENDED_EARLY);
	}
	f->stage = FLOW_QUESTION;
	f->question = Q_PAIN_AFTER_SET;
	return ST_OK;
}

/* Whether the set's target is reached, or the patient has stopped (idle: heels down and
 * no new event for a while). */
static int take_events(struct session_flow *f, const struct live_state *ls)
{
	if (ls->heels_up)
		f->last_event_s = f->now;
	int rc = count_events(f);
	if (rc != ST_OK)
		return rc;
	int done = (int)(f->seen - f->set_first);
	/* the last rep, reported early, is kept as measured again whole (live.h's refining) */
	if (f->plan.per_set > 0 && done >= f->plan.per_set && !ls->refining)
		return end_set(f, false);
	/* a patient resting between holds as told is not idle (the set ended as the rest did) */
	double idle = done > 0 ? f->plan.idle_end_s + f->plan.rest_each_s : FLOW_IDLE_FIRST_FACTOR * f->plan.idle_end_s;
	if (f->now - f->last_event_s >= idle)
		return end_set(f, false);
	return ST_OK;
}

static void begin_rest(struct session_flow *f)
{
	f->rest_until_s = f->now + f->plan.rest_s;
	f->counting_from_s = fmax(f->now, f->rest_until_s - EARLY_START_S);
}

bool flow_drop(struct session_flow *f, const struct plate_frame *frames, size_t n)
{
	if (!f->live)
		return false; /* before the tare nothing is measured anyway */
	for (size_t i = 0; i < n; i++)
		plate_clock_advance(&f->conv.clock, &frames[i]); /* the clock goes on over them */
	f->conv.gap_pending = f->conv.gap_pending || n > 0;
	return true;
}

/* One sample's tick, in sample order. */
static int on_tick(struct session_flow *f, const struct live_tick *t)
{
	apply_tick(f, t);
	if (t->flushed)
		return ST_OK; /* end_set took its own */
	switch (f->stage) {
	case FLOW_STEP_ON: {
		if (!t->state.weighed)
			return ST_OK;
		f->body_weight_n = t->body_weight_n;
		int rc = f->hooks.weighed ? f->hooks.weighed(f->hooks.user, f->body_weight_n) : ST_OK;
		return rc == ST_OK ? start_set(f) : rc;
	}
	case FLOW_EXERCISE:
		return take_events(f, &t->state);
	case FLOW_REST:
		if (isnan(f->rest_until_s))
			begin_rest(f);
		return f->now >= f->rest_until_s ? start_set(f) : ST_OK;
	default:
		return ST_OK;
	}
}

static int start_tare(struct session_flow *f)
{
	f->stage = FLOW_TARE;
	int rc = calib_tare_begin(&f->tare, &f->cal, (unsigned)f->rate_hz, NULL);
	f->taring = rc == ST_OK;
	return rc;
}

/* Plates empty and steady: the new zeros (a drift past the warning is shown), or, when
 * the plates were not empty or never steady, the reason and another try. */
static int tare_ended(struct session_flow *f)
{
	struct calib_tare_result res;
	int rc = calib_tare_result(&f->tare, &res);
	calib_tare_end(&f->tare);
	f->taring = false;
	snprintf(f->notice, sizeof f->notice, "%s", res.message);
	if (rc != ST_OK)
		return start_tare(f);
	calib_tare_apply(&f->cal, &res);
	f->drift_n[0] = res.drift_n[0];
	f->drift_n[1] = res.drift_n[1];
	rc = f->hooks.tared ? f->hooks.tared(f->hooks.user, &f->cal, f->drift_n) : ST_OK;
	if (rc != ST_OK)
		return rc;
	frame_converter_init(&f->conv, &f->cal, f->rate_hz);
	rc = live_worker_new(f->rate_hz, f->plan.mode, f->plan.lower_min_s, f->plan.lower_max_s, f->threaded,
			     &f->live);
	/* as a fresh live analysis says, until its first tick */
	f->live_now = (struct live_state){ .left_share_pct = NAN, .support_pct = NAN, .cop_sway_mm = NAN };
	if (rc == ST_OK)
		f->stage = FLOW_STEP_ON;
	return rc;
}

int flow_feed(struct session_flow *f, const struct plate_frame *frame)
{
	if (f->stage == FLOW_TARE)
		return calib_tare_feed(&f->tare, frame, 1) != CALIB_TARE_WAITING ? tare_ended(f) : ST_OK;
	if (!f->live)
		return ST_OK; /* questions before the tare: nothing to measure yet */
	struct trace_sample s;
	if (!frame_converter_apply(&f->conv, frame, &s))
		return ST_OK;
	if (f->stage == FLOW_DONE) {
		f->now = s.t_s;
		return ST_OK;
	}
	int rc = live_worker_push(f->live, &s, LIVE_WORKER_WAIT_MS);
	struct live_tick t;
	while (rc == ST_OK && (rc = live_worker_take(f->live, &t, 0)) == 1)
		rc = on_tick(f, &t);
	return rc;
}

int flow_settle(struct session_flow *f)
{
	struct live_tick t;
	while (f->live && f->stage != FLOW_DONE && live_worker_behind(f->live)) {
		int rc = live_worker_take(f->live, &t, LIVE_WORKER_WAIT_MS);
		if (rc == 0)
			return st_fail(ST_ERR_TIMEOUT, "session: the live analysis is %zu samples behind after %d ms",
				       live_worker_behind(f->live), LIVE_WORKER_WAIT_MS);
		rc = rc < 0 ? rc : on_tick(f, &t);
		if (rc != ST_OK)
			return rc;
	}
	return ST_OK;
}

void flow_set_threaded(struct session_flow *f, bool threaded)
{
	f->threaded = threaded;
}

/* Still sore the day after: fewer reps a set (a set of one stays one) and shorter holds,
 * by the plan's share, said in words ("4 reps a set instead of 5"). */
static void ease_plan(struct session_flow *f)
{
	struct flow_plan *p = &f->plan;
	double keep = 1 - p->ease_pct / 100;
	int n = 0;
	int reps = (int)fmax(1, round(p->per_set * keep));
	if (reps < p->per_set) { /* 2 holds eased by a quarter are still 2: not said */
		const char *noun = p->mode == EXERCISE_HEEL_RAISE ? "reps" : p->mode == EXERCISE_HOLD ? "holds" : "hops";
		n = snprintf(f->eased, sizeof f->eased, "%d %s a set instead of %d", reps, noun, p->per_set);
		p->per_set = reps;
	}
	if (p->hold_target_s > 0 && n >= 0 && n < (int)sizeof f->eased) {
		double hold = fmax(1, round(p->hold_target_s * keep));
		n += snprintf(f->eased + n, sizeof f->eased - (size_t)n, "%sholds of %.0f s instead of %.0f s",
			      n ? ", " : "", hold, p->hold_target_s);
		p->hold_target_s = hold;
	}
	/* nothing a set to lighten (hops as many as the patient does): fewer sets (a stranger's
	 * phase-6 patient, sore the day after, got the full dose without a word) */
	int sets = (int)fmax(1, p->sets - fmax(1, round(p->sets * (1 - keep))));
	if (n == 0 && sets < p->sets) {
		snprintf(f->eased, sizeof f->eased, "%d %s instead of %d", sets, sets == 1 ? "set" : "sets", p->sets);
		p->sets = sets;
	} else if (n == 0) { /* one set of as many as done: the patient eases it */
		snprintf(f->eased, sizeof f->eased, "go gently: fewer %s", p->mode == EXERCISE_HOP ? "hops" : "reps");
	}
}

/* The pain the day after the last session: above the programme's limit, today's dose
 * is eased. */
static void take_day_after(struct session_flow *f, int score)
{
	f->pain_day_after = score;
	if (score > f->plan.pain_day_after_max && f->plan.ease_pct > 0)
		ease_plan(f);
}

/* After a question: the next one, or what comes after the questions. */
static int after_answer(struct session_flow *f, int value)
{
	switch (f->question) {
	case Q_POP:
	case Q_DIP:
	case Q_CANNOT_RAISE:
		if (value)
			return finish(f, FLOW_RED_FLAG);
		f->question++;
		return ST_OK;
	case Q_PAIN_NOW:
		f->pain_now = value;
		if (value > f->plan.pain_before_max) {
			snprintf(f->advice, sizeof f->advice,
				 "Pain %d/10 is above %d/10: best not to exercise today. Please contact your "
				 "physiotherapist.",
				 value, f->plan.pain_before_max);
			if (!f->plan.pain_before_go_on)
				return finish(f, FLOW_PAIN_BEFORE);
			f->question = Q_PAIN_GATE;
			return ST_OK;
		}
		/* fall through */
	case Q_PAIN_GATE:
		if (f->question == Q_PAIN_GATE && !value)
			return finish(f, FLOW_PAIN_BEFORE);
		if (f->plan.ask_day_after) {
			f->question = Q_PAIN_DAY_AFTER;
			return ST_OK;
		}
		if (f->plan.day_after_known)
			take_day_after(f, f->plan.day_after_score);
		return start_tare(f);
	case Q_PAIN_DAY_AFTER:
		take_day_after(f, value);
		return start_tare(f);
	case Q_PAIN_AFTER_SET:
		f->sets_done = !f->cut_short && f->set_number >= f->plan.sets;
		if (value > f->plan.pain_ceiling)
			return finish(f, FLOW_PAIN_STOP);
		if (f->cut_short || (f->plate_ended && f->set_number < f->plan.sets))
			return finish(f, FLOW_ENDED_EARLY);
		if (f->sets_done)
			return finish(f, FLOW_COMPLETED);
		/* the rest is timed from the first sample after the answer (begin_rest): the
		 * plate's samples while the questions and the set's summary were up are not
		 * the patient's rest, nor a set (flow_drop) */
		f->stage = FLOW_REST;
		f->rest_until_s = NAN;
		f->counting_from_s = INFINITY;
		return ST_OK;
	case FLOW_QUESTIONS:
		break;
	}
	return ST_OK;
}

int flow_answer(struct session_flow *f, int value)
{
	if (f->stage != FLOW_QUESTION)
		return st_fail(ST_ERR_ARG, "session: no question is asked now");
	int max = flow_question_is_yes_no(f->question) ? 1 : 10;
	if (value < 0 || value > max)
		return st_fail(ST_ERR_ARG, "session: answer %d is out of range 0-%d for \"%s\"", value, max,
			       flow_question_text(f->question));
	int set = f->question == Q_PAIN_AFTER_SET ? f->set_number : 0;
	int rc = f->hooks.answered ? f->hooks.answered(f->hooks.user, f->question, set, value) : ST_OK;
	return rc == ST_OK ? after_answer(f, value) : rc;
}

static bool back_to(struct session_flow *f, enum flow_question q)
{
	f->question = q;
	if (f->hooks.withdrawn)
		f->hooks.withdrawn(f->hooks.user, q);
	return true;
}

bool flow_back(struct session_flow *f)
{
	if (f->stage != FLOW_QUESTION)
		return false;
	switch (f->question) {
	case Q_DIP:
	case Q_CANNOT_RAISE:
		return back_to(f, f->question - 1);
	case Q_PAIN_NOW:
		return back_to(f, Q_CANNOT_RAISE);
	case Q_PAIN_DAY_AFTER:
		if (f->pain_now > f->plan.pain_before_max) /* it came through the gate */
			return back_to(f, Q_PAIN_GATE);
		/* fall through */
	case Q_PAIN_GATE:
		f->pain_now = -1;
		f->advice[0] = '\0';
		return back_to(f, Q_PAIN_NOW);
	case Q_POP:
	case Q_PAIN_AFTER_SET:
	case FLOW_QUESTIONS:
		break;
	}
	return false;
}

int flow_leave(struct session_flow *f)
{
	if (f->stage != FLOW_QUESTION || f->question != Q_POP)
		return st_fail(ST_ERR_STATE, "session: leaving is only before the first answer");
	return finish(f, FLOW_LEFT);
}

int flow_next(struct session_flow *f)
{
	if (f->stage == FLOW_EXERCISE)
		return end_set(f, true);
	if (f->stage == FLOW_REST)
		return start_set(f);
	return ST_OK;
}

int flow_finish(struct session_flow *f)
{
	if (f->stage == FLOW_DONE)
		return ST_OK;
	if (f->stage == FLOW_EXERCISE) {
		int rc = end_set(f, true);
		if (rc != ST_OK)
			return rc;
	}
	return finish(f, FLOW_ENDED_EARLY);
}

int flow_plate_ended(struct session_flow *f)
{
	f->plate_ended = true;
	if (f->stage == FLOW_EXERCISE) {
		/* cut short if its count was not reached; a set with no count (hops as many as
		 * the patient does) that has some is over, not cut short ("Session ended early"
		 * beside "1 of 1 sets") */
		int done = (int)(events_so_far(f) - f->set_first);
		f->cut_short = f->plan.per_set > 0 ? done < f->plan.per_set : done == 0;
		return end_set(f, true); /* its pain question is still asked: no plate needed */
	}
	if (f->stage == FLOW_QUESTION || f->stage == FLOW_DONE)
		return ST_OK; /* a question ends the session when answered */
	return finish(f, FLOW_ENDED_EARLY);
}

static const char *stage_prompt(const struct session_flow *f)
{
	switch (f->stage) {
	case FLOW_QUESTION:
		return flow_question_text(f->question);
	case FLOW_TARE:
		return "Keep the plates empty for a moment.";
	case FLOW_STEP_ON:
		return "Step on, one foot on each plate, and stand still.";
	case FLOW_EXERCISE:
		switch (f->plan.mode) {
		case EXERCISE_HEEL_RAISE:
			return "Up in about a second, then lower slowly.";
		case EXERCISE_HOLD:
			return f->plan.seated ? "Seated: push up onto your toes and hold." : "Rise onto your toes and hold.";
		case EXERCISE_HOP:
			return "Hop lightly, quick contacts.";
		}
		break;
	case FLOW_REST:
		return "Rest.";
	case FLOW_DONE:
		return flow_end_text(f->end);
	}
	return "";
}

void flow_view(const struct session_flow *f, struct flow_view *out)
{
	*out = (struct flow_view){
		.stage = f->stage,
		.question = f->question,
		.prompt = stage_prompt(f),
		.set_number = f->set_number,
		.sets = f->plan.sets,
		.done = (int)(f->seen - f->set_first),
		.per_set = f->plan.per_set,
		.last_lower_s = f->last_lower_s,
		.last_verdict = f->last_verdict,
		.rest_left_s = f->stage != FLOW_REST	     ? 0
			       : isnan(f->rest_until_s) ? f->plan.rest_s
							: fmax(0, f->rest_until_s - f->now),
		.body_weight_n = f->body_weight_n,
		.drift_n = { f->drift_n[0], f->drift_n[1] },
		.notice = f->notice,
		.advice = f->advice,
		.pain_now = f->pain_now,
		.pain_day_after = f->pain_day_after,
		.eased = f->eased,
		.end = f->end,
		.sets_done = f->sets_done,
		.now_s = f->now,
		.counting_from_s = f->counting_from_s,
	};
	if (f->live)
		out->live = f->live_now;
}
