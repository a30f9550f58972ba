#include "runner.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measure.h"
#include "outcomes.h"
#include "patient_suggestion.h"
#include "rec.h"
#include "status.h"
#include "store_writer.h"

#define LOG_PREFIX "session"
#include "log.h"

/* A set's recording is synced this often while it is written, so a power cut mid-set
 * loses at most about this much of it (rec_writer_sync_every: its own thread, not the
 * one running the session, which is the screen's). */
#define RECORDING_SYNC_S 0.5

/* A poll in real time puts at most this many of the frames the plate gave through the flow
 * (a quarter of a second at 1 kHz, about 0.3 ms here), the rest at the next: the seconds a
 * plate keeps while nobody polls it (a set's summary, the pain question after it) went
 * through in one turn, 12 ms here. With --fast every frame given goes through at once,
 * as the plate gives them (the sessions stay the same whatever the machine). */
#define FRAMES_PER_POLL 250

/* Events between two looks of the screen or terminal: a few at most; the oldest give
 * way when nobody looks. */
#define EVENT_QUEUE 64

struct session_runner {
	struct session_params params;
	struct store *store;
	struct programme programme;
	struct session_info info;
	struct plate *plate;
	unsigned rate_hz;
	uint64_t frames;              /* taken from the plate: the session's plate time */
	uint64_t last_sample_ns; /* host arrival of the newest sample fed */
	bool plate_away;
	bool plate_over;              /* a recording or scenario ran out: no more plate time */
	struct plate_frame *inbox;    /* given by the plate, not yet through the flow */
	size_t inbox_head, inbox_n, inbox_cap;
	const struct plate_answers *answers; /* the plate's patient answers (NULL: a person does) */
	struct calibration cal;       /* as tared at the session start */
	struct session_flow *flow;
	struct store_writer *writer;  /* every write of the session, off the caller's thread */
	bool in_set;                  /* a set's frames go to its recording */
	struct rec_writer *rec;       /* the set's recording, once the writer made it */
	struct plate_frame *early;    /* the set's frames from before that, kept for it */
	size_t n_early, cap_early;
	bool red_flags[3];
	double body_weight_n;
	struct session_set_summary last_set;
	struct session_event events[EVENT_QUEUE]; /* measured, not yet taken */
	size_t event_head, event_count;
	int hook_error;               /* a failure inside the frame callback */
	bool writer_failure_told;     /* the writer's first failure was returned */
	bool session_ended;
};

/* ---- what the flow tells us to keep ---- */

static int on_answered(void *user, enum flow_question q, int set_number, int value)
{
	struct session_runner *r = user;
	switch (q) {
	case Q_POP:
	case Q_DIP:
	case Q_CANNOT_RAISE:
		r->red_flags[q] = value;
		if (value || q == Q_CANNOT_RAISE)
			return store_writer_red_flags(r->writer, r->red_flags[Q_POP], r->red_flags[Q_DIP],
						      r->red_flags[Q_CANNOT_RAISE]);
		return ST_OK;
	case Q_PAIN_NOW:
		return store_writer_pain(r->writer, PAIN_BEFORE, 0, value);
	case Q_PAIN_DAY_AFTER:
		return store_writer_pain(r->writer, PAIN_DAY_AFTER_LAST, 0, value);
	case Q_PAIN_AFTER_SET:
		return store_writer_pain(r->writer, PAIN_AFTER_SET, set_number, value);
	case Q_PAIN_GATE:
		log_info("session: pain above the limit before exercise: the patient %s", value ? "goes on" : "stops");
		return store_writer_pain_gate(r->writer, value);
	case FLOW_QUESTIONS:
		break;
	}
	return ST_OK;
}

/* Back to q: what was kept of the answers from q on (flow order) is not the patient's
 * answer any more; the red flags are kept again, whole, when the last is answered. A
 * failure to queue the withdrawal fails the session's next poll (hook_error). */
static void on_withdrawn(void *user, enum flow_question q)
{
	struct session_runner *r = user;
	int rc = ST_OK;
	switch (q) {
	case Q_POP:
	case Q_DIP:
	case Q_CANNOT_RAISE:
	case Q_PAIN_NOW:
		rc = store_writer_pain(r->writer, PAIN_BEFORE, 0, PAIN_NONE);
		/* fall through */
	case Q_PAIN_GATE:
		rc = rc == ST_OK ? store_writer_pain_gate(r->writer, PAIN_NONE) : rc;
		/* fall through */
	case Q_PAIN_DAY_AFTER:
		rc = rc == ST_OK ? store_writer_pain(r->writer, PAIN_DAY_AFTER_LAST, 0, PAIN_NONE) : rc;
		break;
	case Q_PAIN_AFTER_SET:
	case FLOW_QUESTIONS:
		break;
	}
	if (r->hook_error == ST_OK)
		r->hook_error = rc;
}

static int on_tared(void *user, const struct calibration *tared, const double drift_n[2])
{
	struct session_runner *r = user;
	(void)drift_n;
	r->cal = *tared;
	return ST_OK;
}

static int on_weighed(void *user, double body_weight_n)
{
	struct session_runner *r = user;
	r->body_weight_n = body_weight_n;
	return ST_OK;
}

/* The set's row and its recording, made by the writer: its frames are kept here until
 * the recording is handed over (record()). */
static int on_set_started(void *user, int set_number)
{
	struct session_runner *r = user;
	enum ex_kind kind = r->info.exercise.kind;
	struct set_start b;
	set_start_for(&r->info.exercise, set_number, ex_kind_single_leg(kind) ? r->info.patient.side : SIDE_BOTH, &b);
	struct rec_header h = { .info = *plate_get_info(r->plate), .rate_hz = r->rate_hz };
	rec_utc_now(h.start_utc, sizeof h.start_utc);
	h.calibration_json = calib_to_json(&r->cal);
	if (!h.calibration_json)
		return st_fail(ST_ERR_NOMEM, "session: out of memory");
	int rc = store_writer_set_begin(r->writer, &b, &h, RECORDING_SYNC_S);
	free(h.calibration_json);
	r->in_set = rc == ST_OK;
	r->n_early = 0;
	plate_cue_set(r->plate, set_number); /* a simulated patient waiting for it starts */
	return rc;
}

/* A frame of the set under way into its recording, or kept until the writer has made it. */
static int record(struct session_runner *r, const struct plate_frame *frame)
{
	if (!r->rec && (r->rec = store_writer_recording(r->writer)) != NULL && r->n_early) {
		int rc = rec_writer_write(r->rec, r->early, r->n_early);
		r->n_early = 0;
		if (rc != ST_OK)
			return rc;
	}
	if (r->rec)
		return rec_writer_write(r->rec, frame, 1);
	if (r->n_early == r->cap_early) {
		size_t cap = r->cap_early ? 2 * r->cap_early : 1024;
		struct plate_frame *grown = realloc(r->early, cap * sizeof *grown);
		if (!grown)
			return st_fail(ST_ERR_NOMEM, "session: out of memory for a set's first frames");
		r->early = grown;
		r->cap_early = cap;
	}
	r->early[r->n_early++] = *frame;
	return ST_OK;
}

static int on_counted(void *user, int set_number, int index, const struct rep_result *rep,
		      const struct hold_result *hold, const struct hop_result *hop)
{
	struct session_runner *r = user;
	struct session_event ev = { .set_number = set_number, .index = index, .mode = r->info.plan.mode };
	if (rep) {
		ev.rep = *rep;
		ev.verdict = flow_rep_verdict(&r->info.plan, rep);
	} else if (hold) {
		ev.hold = *hold;
		ev.verdict = hold->duration_s >= r->info.plan.hold_target_s ? 0 : -1;
	} else if (hop) {
		ev.hop = *hop;
	}
	if (r->event_count == EVENT_QUEUE) {
		r->event_head = (r->event_head + 1) % EVENT_QUEUE;
		r->event_count--;
	}
	r->events[(r->event_head + r->event_count++) % EVENT_QUEUE] = ev;
	return ST_OK;
}

bool runner_take_event(struct session_runner *r, struct session_event *out)
{
	if (!r->event_count)
		return false;
	*out = r->events[r->event_head];
	r->event_head = (r->event_head + 1) % EVENT_QUEUE;
	r->event_count--;
	return true;
}

/* A set's hops: mean flight and ground time, and per foot for hops landed on one (the
 * load share of those landed on both is the flow's, flow.c). */
static void summarise_hops(const struct flow_set *s, struct session_set_summary *sum)
{
	double flight = 0, contact = 0, on[2] = { 0, 0 };
	int contacts = 0;
	for (int i = 0; i < s->n; i++) {
		const struct hop_result *h = &s->hops[i];
		flight += h->flight_s;
		if (isfinite(h->contact_s))
			contact += h->contact_s, contacts++;
		int foot = hop_landing_foot(h);
		if (foot >= 0)
			on[foot] += h->flight_s, sum->hops_on[foot]++;
	}
	sum->flight_mean_s = s->n ? flight / s->n : NAN;
	sum->contact_mean_s = contacts ? contact / contacts : NAN;
	for (int k = 0; k < 2; k++)
		sum->flight_on_s[k] = sum->hops_on[k] ? on[k] / sum->hops_on[k] : NAN;
}

static void summarise(struct session_runner *r, const struct flow_set *s)
{
	struct session_set_summary *sum = &r->last_set;
	*sum = (struct session_set_summary){ .number = s->number, .n = s->n, .target = r->info.plan.per_set,
					     .in_band = s->in_band, .not_measured = s->not_measured, .both_feet = s->both_feet,
					     .lower_mean_s = NAN,
					     .hold_max_s = NAN, .left_share_pct = s->left_share_pct,
					     .flight_mean_s = NAN, .contact_mean_s = NAN,
					     .flight_on_s = { NAN, NAN } };
	double lower = 0;
	for (int i = 0; i < s->n; i++) {
		if (r->info.plan.mode == EXERCISE_HEEL_RAISE)
			lower += s->reps[i].uncertain ? 0 : s->reps[i].lower_s;
		else if (r->info.plan.mode == EXERCISE_HOLD)
			sum->hold_max_s = isnan(sum->hold_max_s) ? s->holds[i].duration_s
								 : fmax(sum->hold_max_s, s->holds[i].duration_s);
	}
	if (r->info.plan.mode == EXERCISE_HEEL_RAISE && s->n > s->not_measured)
		sum->lower_mean_s = lower / (s->n - s->not_measured);
	if (r->info.plan.mode == EXERCISE_HOP)
		summarise_hops(s, sum);
}

/* The set ends: its events (with their times from the first sample of the set's
 * recording: the live analysis counts its plate time from before the first set, and the
 * force trace marked each rep seconds after it), the recording and the set's row go to
 * the writer. */
static int save_set(struct session_runner *r, const struct flow_set *s)
{
	enum exercise m = r->info.plan.mode;
	size_t n = (size_t)s->n, size = m == EXERCISE_HEEL_RAISE ? sizeof *s->reps
				      : m == EXERCISE_HOLD	  ? sizeof *s->holds
								  : sizeof *s->hops;
	const void *from = m == EXERCISE_HEEL_RAISE ? (const void *)s->reps
			   : m == EXERCISE_HOLD	    ? (const void *)s->holds
						    : (const void *)s->hops;
	void *copy = malloc(n ? n * size : 1);
	if (!copy)
		return st_fail(ST_ERR_NOMEM, "session: out of memory for a set's events");
	if (n) /* (a set with no events has no list to copy from) */
		memcpy(copy, from, n * size);
	struct rep_result *rep = copy;
	struct hold_result *hold = copy;
	struct hop_result *hop = copy;
	double by = s->start_s;
	for (size_t i = 0; i < n; i++)
		if (m == EXERCISE_HEEL_RAISE)
			rep[i].start_s -= by, rep[i].top_s -= by, rep[i].lower_start_s -= by, rep[i].end_s -= by;
		else if (m == EXERCISE_HOLD)
			hold[i].start_s -= by, hold[i].end_s -= by;
		else
			hop[i].takeoff_s -= by, hop[i].landing_s -= by;
	/* the frames kept are those of a recording never handed over: the writer writes them */
	struct set_summary sum = { .duration_s = s->end_s - s->start_s, .body_weight_n = r->body_weight_n };
	char what[32], detail[160];
	snprintf(what, sizeof what, "set %d", s->number);
	snprintf(detail, sizeof detail, "%d of %d %s, %d in the band, %.1f s", s->n, r->info.plan.per_set,
		 ex_kind_name(r->info.exercise.kind), s->in_band, sum.duration_s);
	int rc = store_writer_set_end(r->writer, m, copy, n, r->early, r->n_early, r->rec, &sum, what, detail);
	free(copy);
	r->rec = NULL;
	r->in_set = false;
	r->n_early = 0;
	return rc;
}

static int on_set_ended(void *user, const struct flow_set *s)
{
	struct session_runner *r = user;
	int rc = save_set(r, s);
	summarise(r, s);
	plate_log_counters(r->plate);
	return rc;
}

static int on_finished(void *user, enum flow_end why)
{
	struct session_runner *r = user;
	/* pain above the limit after the last set stops nothing more: the session is done,
	 * the pain stored with it (a stranger's report drew such a session as given up) */
	struct flow_view v;
	flow_view(r->flow, &v);
	bool done = why == FLOW_COMPLETED || (why == FLOW_PAIN_STOP && v.sets_done);
	enum session_end end = done ? SESSION_DONE : why == FLOW_RED_FLAG ? SESSION_RED_FLAG : SESSION_STOPPED;
	static const char *const why_text[] = { [FLOW_COMPLETED] = "complete", [FLOW_RED_FLAG] = "stopped by a red flag",
						[FLOW_PAIN_STOP] = "stopped for pain", [FLOW_ENDED_EARLY] = "ended early",
						[FLOW_PAIN_BEFORE] = "not started: pain too high before exercise",
						[FLOW_LEFT] = "left at the first question" };
	r->session_ended = true;
	/* stopped before anything of it was recorded (no pain score, no set: at the first
	 * questions, or the station closed there): no session to keep (store_session_discard) */
	if (why == FLOW_LEFT || why == FLOW_ENDED_EARLY)
		return store_writer_session_discard(r->writer, why_text[why]);
	/* advised not to exercise today, with no choice (or choosing so): kept as stopped there */
	int rc = why == FLOW_PAIN_BEFORE ? store_writer_pain_gate(r->writer, 0) : ST_OK;
	if (rc != ST_OK)
		return rc;
	char what[160];
	snprintf(what, sizeof what, "%s%s after %d sets, %.0f s of plate time", why_text[why],
		 done && why != FLOW_COMPLETED ? " (every set done)" : "", r->last_set.number, runner_plate_seconds(r));
	return store_writer_session_finish(r->writer, end, what);
}

/* ---- the plate ---- */

/* The plate's frames wait in the inbox for feed(). */
static void on_frames(const struct plate_frame *frames, size_t n, void *user)
{
	struct session_runner *r = user;
	size_t waiting = r->inbox_n - r->inbox_head;
	if (!n)
		return;
	if (waiting && r->inbox_head)
		memmove(r->inbox, r->inbox + r->inbox_head, waiting * sizeof *r->inbox);
	r->inbox_head = 0;
	r->inbox_n = waiting;
	if (waiting + n > r->inbox_cap) {
		size_t cap = r->inbox_cap ? r->inbox_cap : 1024;
		while (cap < waiting + n)
			cap *= 2;
		struct plate_frame *grown = realloc(r->inbox, cap * sizeof *grown);
		if (!grown) {
			r->hook_error = st_fail(ST_ERR_NOMEM, "session: out of memory for the plate's frames");
			return;
		}
		r->inbox = grown;
		r->inbox_cap = cap;
	}
	memcpy(r->inbox + waiting, frames, n * sizeof *frames);
	r->inbox_n += n;
}

/* Up to max frames of the inbox into the set's recording and through the flow. */
static int feed(struct session_runner *r, size_t max)
{
	for (size_t i = 0; i < max && r->inbox_head < r->inbox_n && r->hook_error == ST_OK; i++) {
		const struct plate_frame *f = &r->inbox[r->inbox_head++];
		r->frames++;
		r->last_sample_ns = f->host_ns;
		if (r->in_set)
			r->hook_error = record(r, f);
		if (r->hook_error == ST_OK)
			r->hook_error = flow_feed(r->flow, f);
	}
	return r->hook_error;
}

uint64_t runner_last_sample_ns(const struct session_runner *r)
{
	return r->last_sample_ns;
}

/* A write of the session's that failed, once: it stops the session as a failed hook does. */
static int writer_failed(struct session_runner *r)
{
	if (r->writer_failure_told || store_writer_error(r->writer) == ST_OK)
		return ST_OK;
	r->writer_failure_told = true;
	return store_writer_error(r->writer);
}

static int unplugged(void)
{
	return st_fail(ST_ERR_GONE, "the plate is unplugged: plug it back in and the session goes on");
}

/* The plate has gone: stopped, looked for again at the next poll. */
static int went_away(struct session_runner *r)
{
	plate_stop(r->plate);
	r->plate_away = true;
	return unplugged();
}

int runner_poll(struct session_runner *r, int timeout_ms)
{
	int failed = writer_failed(r);
	if (failed != ST_OK)
		return failed;
	size_t max = r->params.fast ? SIZE_MAX : FRAMES_PER_POLL;
	if (r->inbox_head < r->inbox_n)
		return feed(r, max); /* the plate's frames of before first */
	if (r->plate_away) {
		if (plate_start(r->plate, r->rate_hz, on_frames, r) != ST_OK) {
			usleep((useconds_t)timeout_ms * 1000); /* not back yet: wait, do not spin */
			return unplugged();
		}
		r->plate_away = false;
	}
	int rc = plate_poll(r->plate, timeout_ms);
	if (feed(r, max) != ST_OK)
		return r->hook_error;
	if (rc == ST_ERR_GONE)
		return went_away(r);
	if (rc == ST_ENDED) { /* a recording or scenario ran out: what it gave counts */
		r->plate_over = true;
		int fed = feed(r, SIZE_MAX);
		return fed != ST_OK ? fed : flow_plate_ended(r->flow);
	}
	return rc < 0 ? rc : ST_OK;
}

/* ---- the prescription as the flow's plan ---- */

static void plan_from(const struct programme *pg, const struct prog_exercise *ex, enum side side, bool had_session,
		      struct flow_plan *out)
{
	const struct dose *d = &ex->dose;
	*out = (struct flow_plan){
		.mode = ex_kind_mode(ex->kind),
		.seated = ex->kind == EX_SEATED_HOLD || ex->kind == EX_SEATED_LOADED_RAISE,
		.sets = d->sets_min > 0 ? d->sets_min : 1,
		.per_set = d->reps_min,
		.hold_target_s = d->hold_min_s,
		.lower_min_s = d->lower_min_s,
		.lower_max_s = d->lower_max_s,
		/* one-leg work on the involved side (both sides involved: either leg; a stranger's
		 * patient of both sides did the phase-3 sets on both feet and moved on) */
		.leg = !ex_kind_single_leg(ex->kind) ? 0
		       : side == SIDE_LEFT           ? -1
		       : side == SIDE_RIGHT          ? 1
						     : FLOW_EITHER_LEG,
		.rest_s = d->rest_s,
		.rest_each_s = d->rest_each_s,
		.pain_ceiling = pg->rules.pain_during_max,
		.pain_before_max = pg->rules.pain_before_max,
		.pain_before_go_on = pg->rules.pain_before_go_on,
		.pain_day_after_max = pg->rules.pain_next_day_max,
		.ease_pct = pg->rules.ease_pct,
		.ask_day_after = had_session,
	};
}

#define DAY_AFTER_MIN_H 12.0

/* Midnight, local time, of the day of t. */
static time_t day_start(time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* A red flag stopped the patient's session today: none again the same day (a stranger
 * answered yes, was told to see a GP, physio or A&E, started again at once, answered no
 * and exercised). */
int runner_refused_today(struct store *store, int64_t patient)
{
	bool stopped = false;
	int rc = store_red_flag_since(store, patient, day_start(time(NULL)), &stopped);
	if (rc == ST_OK && stopped)
		rc = st_fail(ST_ERR_STATE, "Today's safety check found a pop, a dip in the tendon or no heel raise: "
					   "no exercise today. See a GP, a physiotherapist or A&E.");
	return rc;
}

int runner_last_patient_today(struct store *store, int64_t *patient)
{
	return store_last_patient(store, day_start(time(NULL)), patient);
}

static int prescription(struct session_runner *r)
{
	struct session_info *in = &r->info;
	int rc = store_patient_find(r->store, r->params.patient, &in->patient);
	if (rc == ST_OK)
		rc = store_clock_check(r->store, in->patient.id); /* before the questions, whose answers it would file */
	if (rc == ST_OK)
		rc = runner_refused_today(r->store, in->patient.id);
	if (rc == ST_OK)
		rc = programme_load_default(&r->programme);
	if (rc == ST_OK)
		rc = programme_prescription(&r->programme, in->patient.phase, &in->patient.override, &in->exercise);
	time_t last = 0;
	if (rc == ST_OK)
		rc = store_last_session(r->store, in->patient.id, &last);
	if (rc != ST_OK)
		return rc;
	in->spacing_hours = r->programme.spacing_hours;
	in->hours_since_last = NAN;
	in->too_soon = progression_too_soon(&r->programme, in->patient.phase, last, time(NULL), &in->hours_since_last);
	/* a session earlier today has no day after yet to ask about (a stranger was asked
	 * 0 h after one); one answered for at a visit since is not asked about again (the
	 * rules take that answer: progression_pain_day_after) */
	bool had_session = last != 0 && in->hours_since_last >= DAY_AFTER_MIN_H;
	int answered = PAIN_NONE;
	if (had_session)
		rc = store_day_after_answer(r->store, in->patient.id, last, &answered);
	plan_from(&r->programme, &in->exercise, in->patient.side, had_session && answered == PAIN_NONE, &in->plan);
	in->plan.day_after_known = answered != PAIN_NONE;
	in->plan.day_after_score = answered;
	return rc;
}

static int open_plate(struct session_runner *r)
{
	/* a plate that plays a patient (plain "sim") plays one doing this prescription */
	struct plate_dose dose;
	flow_plan_dose(&r->info.plan, &dose);
	dose.waits = true; /* for each set to start, however long the screen takes */
	struct plate_options opt = { .fast = r->params.fast, .seed = r->params.sim_seed, .dose = &dose };
	int rc = plate_open(r->params.plate ? r->params.plate : "sim", &opt, &r->plate);
	if (rc == ST_OK)
		rc = plate_calibration(r->plate, &r->cal);
	if (rc != ST_OK)
		return rc;
	r->answers = plate_scripted_answers(r->plate);
	snprintf(r->info.plate_name, sizeof r->info.plate_name, "%s", r->params.plate ? r->params.plate : "sim");
	snprintf(r->info.calibration_serial, sizeof r->info.calibration_serial, "%s", r->cal.serial);
	r->info.calibration_due = calib_due(&r->cal, time(NULL), &r->info.calibration_age_days);
	log_info("calibration %s of %s (%.0f days old%s) for %s", r->cal.serial, r->cal.created_utc,
		 r->info.calibration_age_days, r->info.calibration_due ? ", due again" : "", r->info.plate_name);
	return ST_OK;
}

int runner_open(const struct session_params *params, struct session_runner **out)
{
	struct session_runner *r = calloc(1, sizeof *r);
	if (!r)
		return st_fail(ST_ERR_NOMEM, "session: out of memory");
	r->params = *params;
	r->body_weight_n = NAN;
	int rc = ST_OK;
	r->store = params->store;
	if (!r->store) /* the patient's data is there, or nothing is made (a mistyped --data-dir) */
		rc = store_open_existing(params->data_dir, &r->store);
	if (rc == ST_OK)
		rc = store_writer_new(r->store, &r->writer);
	if (rc == ST_OK)
		rc = prescription(r);
	if (rc == ST_OK)
		rc = open_plate(r);
	if (rc == ST_OK) {
		struct session_start b = { .patient = r->info.patient.id, .phase = r->info.patient.phase,
					   .sets_planned = r->info.plan.sets, .plate = r->info.plate_name,
					   .calibration_serial = r->cal.serial };
		/* the patient by clinic id only: never a name in the log */
		char what[STORE_WRITER_WHAT_MAX];
		snprintf(what, sizeof what, "patient %s, phase %d, %s, %d sets of %d, plate %s", r->info.patient.clinic_id,
			 r->info.patient.phase, ex_kind_name(r->info.exercise.kind), r->info.plan.sets,
			 r->info.plan.per_set, r->info.plate_name);
		rc = store_writer_session_begin(r->writer, &b, what);
	}
	if (rc == ST_OK) {
		rc = plate_start(r->plate, params->rate_hz, on_frames, r);
		r->rate_hz = rc == ST_OK ? plate_rate(r->plate) : 0;
	}
	struct flow_hooks hooks = { .user = r, .answered = on_answered, .withdrawn = on_withdrawn, .tared = on_tared,
				    .weighed = on_weighed, .set_started = on_set_started, .counted = on_counted,
				    .set_ended = on_set_ended, .finished = on_finished };
	if (rc == ST_OK)
		rc = flow_new(&r->info.plan, &r->cal, r->rate_hz, &hooks, &r->flow);
	if (rc == ST_OK)
		flow_set_threaded(r->flow, !params->fast); /* --fast inline: reproducible (live_worker.h) */
	if (rc != ST_OK) {
		runner_close(r);
		return rc;
	}
	*out = r;
	return ST_OK;
}

void runner_close(struct session_runner *r)
{
	if (!r)
		return;
	if (r->flow && !r->session_ended)
		flow_finish(r->flow);
	if (r->rec)
		rec_writer_close(r->rec); /* a set cut short: its file stays, the set incomplete */
	store_writer_free(r->writer); /* after every write asked for */
	free(r->early);
	free(r->inbox);
	flow_free(r->flow);
	if (r->plate) {
		plate_stop(r->plate);
		plate_close(r->plate);
	}
	if (!r->params.store)
		store_close(r->store);
	free(r);
}

const struct session_info *runner_info(const struct session_runner *r)
{
	return &r->info;
}

bool runner_scripted(const struct session_runner *r)
{
	return r->answers != NULL;
}

int runner_scripted_answer(const struct session_runner *r, const struct flow_view *v)
{
	const struct plate_answers *a = r->answers;
	switch (v->question) {
	case Q_POP:
		return a->pop;
	case Q_DIP:
		return a->dip;
	case Q_CANNOT_RAISE:
		return a->cannot_raise;
	case Q_PAIN_NOW:
		return a->pain_now;
	case Q_PAIN_DAY_AFTER:
		return a->pain_day_after;
	case Q_PAIN_GATE:
		return 0; /* a scripted patient takes the advice not to exercise today */
	default: /* after each set in turn, the last repeating */
		return a->pain_after[v->set_number - 1 < a->n_pain_after ? v->set_number - 1 : a->n_pain_after - 1];
	}
}

/* The questions done, the plate starts again for the tare: nothing polls it while the
 * questions are asked, so it would give the tare what it sent meanwhile (a simulated
 * patient's steps all at once, behind its pacer; a USB plate's overflowed buffer) instead
 * of what is on it now. */
static int restart_for_tare(struct session_runner *r)
{
	plate_stop(r->plate);
	r->inbox_head = r->inbox_n = 0;
	return plate_start(r->plate, r->rate_hz, on_frames, r);
}

int runner_drop_frames(struct session_runner *r)
{
	/* --fast: a simulated or replayed plate gives its samples only as it is polled, and
	 * nothing piles up meanwhile (a simulated patient waits for the screen) */
	if (r->plate_away || r->params.fast)
		return ST_OK;
	int rc = plate_poll(r->plate, 0);
	/* the plate's clock (the pacer's, the simulated patient's beats) goes on over them */
	if (flow_drop(r->flow, r->inbox + r->inbox_head, r->inbox_n - r->inbox_head))
		r->frames += r->inbox_n - r->inbox_head;
	r->inbox_head = r->inbox_n = 0;
	if (rc == ST_ERR_GONE)
		return went_away(r);
	if (rc == ST_ENDED) {
		r->plate_over = true;
		return flow_plate_ended(r->flow);
	}
	return rc < 0 ? rc : ST_OK;
}

bool runner_plate_over(const struct session_runner *r)
{
	return r->plate_over;
}

int runner_answer(struct session_runner *r, int value)
{
	int failed = writer_failed(r);
	if (failed != ST_OK)
		return failed;
	struct flow_view before, after;
	flow_view(r->flow, &before);
	int rc = flow_answer(r->flow, value);
	flow_view(r->flow, &after);
	/* the day-after answer may have eased today's dose: the sets to come are saved with
	 * their targets as eased */
	struct session_info *in = &r->info;
	int sets_before = in->plan.sets;
	in->plan = *flow_current_plan(r->flow);
	in->exercise.dose.reps_min = in->plan.per_set;
	in->exercise.dose.hold_min_s = in->plan.hold_target_s;
	if (rc == ST_OK && in->plan.sets != sets_before) /* hops eased by sets (flow.c's ease_plan) */
		rc = store_writer_sets_planned(r->writer, in->plan.sets);
	if (rc == ST_OK && before.stage == FLOW_QUESTION && after.stage == FLOW_TARE && !r->plate_away)
		rc = restart_for_tare(r);
	else if (rc == ST_OK && before.stage == FLOW_QUESTION && after.stage == FLOW_REST)
		rc = runner_drop_frames(r); /* what it sent while the question was up (the terminal's wait) */
	return rc;
}

int runner_next(struct session_runner *r)
{
	int failed = writer_failed(r);
	return failed != ST_OK ? failed : flow_next(r->flow);
}

bool runner_back(struct session_runner *r)
{
	return flow_back(r->flow);
}

int runner_leave(struct session_runner *r)
{
	return flow_leave(r->flow);
}

int runner_finish(struct session_runner *r)
{
	int rc = feed(r, SIZE_MAX); /* what the plate gave counts, as far as it went */
	int finished = flow_finish(r->flow);
	return rc != ST_OK ? rc : finished;
}

void runner_view(const struct session_runner *r, struct flow_view *out)
{
	flow_view(r->flow, out);
}

const struct session_set_summary *runner_last_set(const struct session_runner *r)
{
	return &r->last_set;
}

int64_t runner_session_id(const struct session_runner *r)
{
	store_writer_wait(r->writer);
	return store_writer_session(r->writer);
}

bool runner_write_failed(const struct session_runner *r)
{
	return store_writer_error(r->writer) != ST_OK;
}

bool runner_saved(const struct session_runner *r)
{
	return store_writer_idle(r->writer);
}

double runner_plate_seconds(const struct session_runner *r)
{
	return r->rate_hz ? (double)r->frames / r->rate_hz : 0;
}

int runner_suggestion(struct session_runner *r, struct suggestion *out)
{
	store_writer_wait(r->writer); /* the session as saved */
	struct history h;
	int rc = store_history(r->store, r->info.patient.id, &h);
	if (rc != ST_OK)
		return rc;
	/* as station suggest and the report give it: with the declines and the red flags not
	 * yet seen to (the session's end dropped a red flag the report kept) */
	rc = patient_suggestion(r->store, &r->programme, &r->info.patient, &h, out);
	history_free(&h);
	return rc;
}
