/* app.c: the app's state machine, patient side: choose a patient, the PIN, and the
 * session through the runner (runner.h) with its summaries. physio.c does the rest. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_internal.h"
#include "paths.h"

int app_new(const struct app_params *p, struct app **out)
{
	struct app *a = calloc(1, sizeof *a);
	if (!a)
		return st_fail(ST_ERR_NOMEM, "out of memory for the app");
	a->params = *p;
	a->pain = -1;
	int rc = store_open(p->data_dir, &a->store);
	if (rc == ST_OK)
		store_backup_daily(a->store);
	if (rc == ST_OK)
		rc = programme_load_default(&a->prog);
	if (rc == ST_OK) {
		snprintf(a->data_dir, sizeof a->data_dir, "%s", store_dir(a->store));
		a->params.data_dir = a->data_dir;
		rc = app_load_patients(a);
	}
	if (rc != ST_OK) {
		app_free(a);
		return rc;
	}
	*out = a;
	return ST_OK;
}

void app_free(struct app *a)
{
	if (!a)
		return;
	if (a->runner)
		runner_close(a->runner);
	physio_clear(a);
	free(a->patients);
	store_close(a->store);
	free(a);
}

int app_load_patients(struct app *a)
{
	free(a->patients);
	a->patients = NULL;
	a->n_patients = 0;
	a->page = a->list_page = 0;
	return store_patient_list(a->store, &a->patients, &a->n_patients);
}

bool app_quit(const struct app *a)
{
	return a->quit;
}

uint64_t app_last_sample_ns(const struct app *a)
{
	return a->runner ? runner_last_sample_ns(a->runner) : 0;
}

bool app_muted(const struct app *a)
{
	return a->muted;
}

/* ---- suggestions ---- */

void suggestion_words(const struct suggestion *s, char *buf, size_t len)
{
	if (s->verdict == VERDICT_NEXT_PHASE)
		snprintf(buf, len, "Suggest phase %d (physio to confirm)", s->next_phase);
	else if (s->verdict == VERDICT_EASE_OFF)
		snprintf(buf, len, "Suggest easing off in phase %d", s->phase);
	else
		snprintf(buf, len, "Stay in phase %d", s->phase);
}

int app_suggest(struct app *a, const struct patient *p, struct history *h, struct suggestion *out)
{
	int rc = store_history(a->store, p->id, h);
	if (rc != ST_OK)
		return rc;
	struct session_outcome *o = NULL;
	size_t n = 0;
	rc = history_outcomes(h, p->side, &o, &n);
	if (rc == ST_OK)
		rc = progression_suggest(&a->prog, p->phase, o, n, out);
	free(o);
	if (rc != ST_OK)
		history_free(h);
	return rc;
}

/* ---- choosing a patient ---- */

int app_page(const struct app *a, int first, bool *more)
{
	*more = a->n_patients > VIEW_MAX_LIST;
	int left = (int)a->n_patients - first, cap = *more ? VIEW_MAX_LIST - 1 : VIEW_MAX_LIST;
	return left < 0 ? 0 : left < cap ? left : cap;
}

int app_next_page(const struct app *a, int first)
{
	first += VIEW_MAX_LIST - 1;
	return first >= (int)a->n_patients ? 0 : first;
}

const char *patient_label(const struct patient *p)
{
	return p->name[0] ? p->name : p->clinic_id;
}

static void view_choose(struct app *a, struct view_choose_patient *v)
{
	*v = (struct view_choose_patient){ .highlighted = -1 };
	bool more;
	int rows = app_page(a, a->page, &more);
	for (; v->n < rows; v->n++) {
		const struct patient *p = &a->patients[a->page + v->n];
		if (p->id == a->last_patient || a->n_patients == 1)
			v->highlighted = v->n;
		v->names[v->n] = patient_label(p);
	}
	if (more)
		v->names[v->n++] = MORE_PATIENTS;
}

static int start_session(struct app *a, const struct patient *p)
{
	struct session_params sp = { .store = a->store, .data_dir = a->data_dir, .patient = p->clinic_id, .plate = a->params.plate,
				     .fast = a->params.fast, .rate_hz = a->params.rate_hz };
	int rc = runner_open(&sp, &a->runner);
	if (rc != ST_OK) {
		/* say why on the screen too (no plate, no calibration...): the patient is there */
		a->runner = NULL;
		snprintf(a->detail, sizeof a->detail, "%s", st_errmsg());
		a->summary = (struct view_summary){ .title = "The session cannot start", .button = "Back",
						    .suggestion = "Please ask the staff", .reasons = { a->detail },
						    .n_reasons = 1 };
		a->state = AS_DONE;
		return rc;
	}
	a->last_patient = p->id;
	a->state = AS_SESSION;
	a->unplugged = false;
	a->pain = -1;
	a->set_seen = 0;
	a->set_events = 0;
	a->set_start_s = NAN;
	a->n_lower = a->n_hops = 0;
	a->have_suggestion = false;
	const struct flow_plan *pl = &runner_info(a->runner)->plan;
	/* The pacer: up 1 s, stay up 1 s, lower in the middle of the band, 1 s at the bottom. */
	double lower = pl->lower_max_s > 0 ? (pl->lower_min_s + pl->lower_max_s) / 2 : 3;
	a->tempo = (struct view_tempo){ 1, 1, lower, 1 };
	return ST_OK;
}

static int act_choose(struct app *a, const struct ui_action *act)
{
	int pick = -1;
	bool more;
	int rows = app_page(a, a->page, &more);
	if (act->kind == UI_ACT_SELECT && more && act->index == rows)
		a->page = app_next_page(a, a->page);
	else if (act->kind == UI_ACT_SELECT && act->index >= 0 && act->index < rows)
		pick = a->page + act->index;
	else if (act->kind == UI_ACT_NEXT) {
		struct view_choose_patient v;
		view_choose(a, &v);
		pick = v.highlighted >= 0 ? a->page + v.highlighted : -1;
	} else if (act->kind == UI_ACT_PHYSIO) {
		a->state = AS_PIN;
		a->pin_len = 0;
		a->pin_wrong = false;
	} else if (act->kind == UI_ACT_BACK) {
		a->page = 0;
	}
	if (pick >= 0 && (size_t)pick < a->n_patients)
		return start_session(a, &a->patients[pick]);
	return ST_OK;
}

/* ---- the PIN ---- */

static int act_pin(struct app *a, const struct ui_action *act)
{
	if (act->kind == UI_ACT_DIGIT && act->index >= 0 && act->index <= 9 && a->pin_len < PIN_MAX) {
		a->pin[a->pin_len++] = (char)('0' + act->index);
		a->pin_wrong = false;
	} else if (act->kind == UI_ACT_DELETE && a->pin_len > 0) {
		a->pin_len--;
	} else if (act->kind == UI_ACT_BACK) {
		a->state = AS_CHOOSE;
	} else if (act->kind == UI_ACT_NEXT) {
		a->pin[a->pin_len] = '\0';
		bool ok = pin_check(a->data_dir, a->pin);
		memset(a->pin, 0, sizeof a->pin);
		a->pin_len = 0;
		a->pin_wrong = !ok;
		if (ok) {
			int rc = app_load_patients(a); /* patients added since (station patients add) */
			physio_open_list(a);
			return rc;
		}
	}
	return ST_OK;
}

/* ---- the session ---- */

static void add_row(struct view_summary *s, struct app *a, const char *label, enum view_mark mark, const char *fmt,
		    ...) __attribute__((format(printf, 5, 6)));

static void add_row(struct view_summary *s, struct app *a, const char *label, enum view_mark mark, const char *fmt,
		    ...)
{
	if (s->n_rows >= VIEW_MAX_ROWS)
		return;
	char *value = a->rows[s->n_rows][1];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(value, APP_TEXT, fmt, ap);
	va_end(ap);
	snprintf(a->rows[s->n_rows][0], APP_TEXT, "%s", label);
	s->rows[s->n_rows].label = a->rows[s->n_rows][0];
	s->rows[s->n_rows].value = value;
	s->rows[s->n_rows].mark = mark;
	s->n_rows++;
}

static const char *event_noun(enum exercise mode)
{
	return mode == EXERCISE_HEEL_RAISE ? "Reps" : mode == EXERCISE_HOLD ? "Holds" : "Hops";
}

static void build_set_summary(struct app *a)
{
	const struct session_set_summary *s = runner_last_set(a->runner);
	const struct flow_plan *p = &runner_info(a->runner)->plan;
	struct view_summary *v = &a->summary;
	*v = (struct view_summary){ .title = a->title, .button = "Next" };
	snprintf(a->title, sizeof a->title, "Set %d of %d done", s->number, p->sets);
	if (s->target)
		add_row(v, a, event_noun(p->mode), s->n >= s->target ? MARK_GOOD : MARK_WARN, "%d of %d", s->n,
			s->target);
	else
		add_row(v, a, event_noun(p->mode), MARK_NONE, "%d", s->n);
	if (!isnan(s->lower_mean_s))
		add_row(v, a, "Lowering time", s->in_band == s->n ? MARK_GOOD : MARK_WARN,
			"%.1f s (%d of %d in %.0f-%.0f s)", s->lower_mean_s, s->in_band, s->n, p->lower_min_s,
			p->lower_max_s);
	if (!isnan(s->hold_max_s))
		add_row(v, a, "Longest hold", s->in_band > 0 ? MARK_GOOD : MARK_WARN, "%.0f s (%d reached %.0f s)",
			s->hold_max_s, s->in_band, p->hold_target_s);
	if (!isnan(s->left_share_pct))
		add_row(v, a, "Left / right", fabs(s->left_share_pct - 50) <= 10 ? MARK_GOOD : MARK_WARN,
			"%.0f %% / %.0f %%", s->left_share_pct, 100 - s->left_share_pct);
}

static const char *pain_text(int score, char *buf, size_t len)
{
	if (score == PAIN_NONE)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%d/10", score);
	return buf;
}

static void build_session_summary(struct app *a, const struct flow_view *fv)
{
	struct view_summary *v = &a->summary;
	*v = (struct view_summary){ .title = a->title, .button = "Finish" };
	snprintf(a->title, sizeof a->title, "%s",
		 fv->end == FLOW_COMPLETED ? "Session done" : fv->end == FLOW_RED_FLAG ? "Please see your physio"
											: "Session stopped");
	if (fv->end != FLOW_COMPLETED)
		add_row(v, a, "Why", MARK_WARN, "%s", flow_end_text(fv->end));
	struct history h;
	struct suggestion sg;
	const struct patient *p = &runner_info(a->runner)->patient;
	a->have_suggestion = runner_suggestion(a->runner, &a->suggestion) == ST_OK;
	if (app_suggest(a, p, &h, &sg) == ST_OK) {
		int64_t sid = runner_session_id(a->runner);
		for (size_t i = 0; i < h.n; i++) {
			const struct history_session *hs = &h.sessions[i];
			if (hs->id != sid)
				continue;
			int sets = 0, n = 0, target = 0, in_band = 0;
			double lower = 0, share = 0;
			int n_lower = 0, n_share = 0;
			for (size_t k = 0; k < hs->n_sets; k++) {
				const struct history_set *st = &hs->sets[k];
				sets += st->complete;
				n += st->count;
				target += st->target_count;
				in_band += st->in_band;
				if (!isnan(st->lower_mean_s))
					lower += st->lower_mean_s * st->count, n_lower += st->count;
				if (!isnan(st->share_pct))
					share += st->share_pct * st->count, n_share += st->count;
			}
			const struct flow_plan *pl = &runner_info(a->runner)->plan;
			add_row(v, a, "Sets", sets >= hs->sets_planned ? MARK_GOOD : MARK_WARN, "%d of %d", sets,
				hs->sets_planned);
			if (target)
				add_row(v, a, event_noun(pl->mode), n >= target ? MARK_GOOD : MARK_WARN, "%d of %d", n,
					target);
			if (n_lower)
				add_row(v, a, "Lowering time", in_band == n_lower ? MARK_GOOD : MARK_WARN,
					"%.1f s (%d of %d in %.0f-%.0f s)", lower / n_lower, in_band, n_lower, pl->lower_min_s,
					pl->lower_max_s);
			if (n_share && !ex_kind_single_leg(runner_info(a->runner)->exercise.kind))
				add_row(v, a, "Left / right", fabs(share / n_share - 50) <= 10 ? MARK_GOOD : MARK_WARN,
					"%.0f %% / %.0f %%", share / n_share, 100 - share / n_share);
			char b[16];
			if (hs->pain_before != PAIN_NONE)
				add_row(v, a, "Pain before", MARK_NONE, "%s", pain_text(hs->pain_before, b, sizeof b));
			if (hs->pain_during_max != PAIN_NONE)
				add_row(v, a, "Pain after, at most", MARK_NONE, "%s",
					pain_text(hs->pain_during_max, b, sizeof b));
		}
		history_free(&h);
	}
	if (a->have_suggestion && fv->end == FLOW_COMPLETED) {
		suggestion_words(&a->suggestion, a->suggestion_text, sizeof a->suggestion_text);
		v->suggestion = a->suggestion_text;
		for (size_t i = 0; i < a->suggestion.n_reasons && v->n_reasons < VIEW_MAX_REASONS; i++)
			v->reasons[v->n_reasons++] = a->suggestion.reasons[i];
	}
}

static int end_session(struct app *a)
{
	if (a->runner)
		runner_close(a->runner);
	a->runner = NULL;
	a->state = AS_CHOOSE;
	return app_load_patients(a);
}

/* Keeps this set's events for the exercise screen; a new set starts a new list. */
static void take_events(struct app *a, double now_s)
{
	struct flow_view fv;
	runner_view(a->runner, &fv);
	if (fv.stage == FLOW_EXERCISE && fv.set_number != a->set_events) {
		a->set_events = fv.set_number;
		a->n_lower = a->n_hops = 0;
		a->set_start_s = now_s;
	}
	struct session_event e;
	while (runner_take_event(a->runner, &e)) {
		if (e.set_number != a->set_events)
			continue;
		if (e.mode == EXERCISE_HEEL_RAISE) {
			if (a->n_lower == VIEW_MAX_REPS)
				memmove(a->lower_s, a->lower_s + 1, sizeof a->lower_s - sizeof a->lower_s[0]);
			else
				a->n_lower++;
			a->lower_s[a->n_lower - 1] = e.rep.lower_s;
		} else if (e.mode == EXERCISE_HOP) {
			if (a->n_hops == VIEW_MAX_HOPS)
				memmove(a->hops, a->hops + 1, sizeof a->hops - sizeof a->hops[0]);
			else
				a->n_hops++;
			a->hops[a->n_hops - 1] = (struct view_hop){ e.hop.flight_s, e.hop.contact_s, NAN };
		}
	}
	const struct session_set_summary *s = runner_last_set(a->runner);
	if (s->number > a->set_seen) {
		a->set_seen = s->number;
		build_set_summary(a);
		a->state = AS_SET_SUMMARY;
	} else if (fv.stage == FLOW_DONE && a->state == AS_SESSION) {
		build_session_summary(a, &fv);
		a->state = AS_DONE;
	}
}

int app_tick(struct app *a, int timeout_ms)
{
	if (!a->runner || a->state == AS_DONE)
		return ST_OK;
	struct flow_view fv;
	runner_view(a->runner, &fv);
	int rc = ST_OK;
	/* Questions need no plate (the terminal session does not poll during them either). */
	if (fv.stage != FLOW_QUESTION && fv.stage != FLOW_DONE && a->state == AS_SESSION) {
		rc = runner_poll(a->runner, timeout_ms);
		a->unplugged = rc == ST_ERR_GONE;
		if (rc == ST_ERR_GONE)
			rc = ST_OK;
	}
	double now = (double)plate_now_ns() / 1e9;
	if (rc != ST_OK)
		runner_finish(a->runner); /* ends it as stopped; rc says why */
	take_events(a, now);
	return rc;
}

static int act_session(struct app *a, const struct ui_action *act)
{
	struct flow_view fv;
	runner_view(a->runner, &fv);
	int rc = ST_OK;
	if (act->kind == UI_ACT_MUTE) {
		a->muted = !a->muted;
	} else if (act->kind == UI_ACT_BACK || act->kind == UI_ACT_QUIT) {
		rc = runner_finish(a->runner); /* the patient stops: what was done is kept */
	} else if (fv.stage == FLOW_QUESTION && flow_question_is_yes_no(fv.question)) {
		if (act->kind == UI_ACT_YES)
			rc = runner_answer(a->runner, 1);
		else if (act->kind == UI_ACT_NO || act->kind == UI_ACT_NEXT)
			rc = runner_answer(a->runner, 0);
	} else if (fv.stage == FLOW_QUESTION) {
		if (act->kind == UI_ACT_DIGIT && act->index >= 0 && act->index <= 10) {
			a->pain = act->index;
		} else if (act->kind == UI_ACT_NEXT && a->pain >= 0) {
			rc = runner_answer(a->runner, a->pain);
			a->pain = -1;
		}
	} else if (act->kind == UI_ACT_NEXT && (fv.stage == FLOW_EXERCISE || fv.stage == FLOW_REST)) {
		rc = runner_next(a->runner);
	}
	take_events(a, (double)plate_now_ns() / 1e9);
	return rc;
}

int app_act(struct app *a, const struct ui_action *act)
{
	if (act->kind == UI_ACT_QUIT)
		a->quit = true;
	switch (a->state) {
	case AS_CHOOSE:
		if (act->kind == UI_ACT_BACK && a->page == 0)
			a->quit = true; /* Escape on the first screen leaves (a kiosk restarts it) */
		return act_choose(a, act);
	case AS_PIN:
		return act_pin(a, act);
	case AS_SESSION:
		return act_session(a, act);
	case AS_SET_SUMMARY:
		if (act->kind == UI_ACT_NEXT) {
			a->state = AS_SESSION;
			take_events(a, (double)plate_now_ns() / 1e9);
		} else if (act->kind == UI_ACT_BACK || act->kind == UI_ACT_QUIT) {
			a->state = AS_SESSION;
			return act_session(a, act);
		}
		return ST_OK;
	case AS_DONE:
		if (act->kind == UI_ACT_NEXT || act->kind == UI_ACT_BACK || act->kind == UI_ACT_QUIT)
			return end_session(a);
		return ST_OK;
	default:
		return physio_act(a, act);
	}
}

/* ---- views ---- */

static struct view_balance balance(const struct app *a, const struct flow_view *fv)
{
	const struct session_info *in = runner_info(a->runner);
	bool single = ex_kind_single_leg(in->exercise.kind);
	return (struct view_balance){ fv->live.loaded ? fv->live.left_share_pct : NAN, single ? 0 : 45, single ? 0 : 55 };
}

/* A hold's steadiness on the screen: 1 with the COP still, 0 once it wobbles by
 * STEADY_SWAY_MM (SD over the last second) or more; unknown while the heels are down. */
#define STEADY_SWAY_MM 8.0
static double steadiness(const struct live_state *ls)
{
	if (!ls->heels_up || !isfinite(ls->cop_sway_mm))
		return NAN;
	return fmax(0, 1 - ls->cop_sway_mm / STEADY_SWAY_MM);
}

static void view_session(struct app *a, double now_s, struct screen_view *out)
{
	struct flow_view fv;
	runner_view(a->runner, &fv);
	const struct session_info *in = runner_info(a->runner);
	const struct flow_plan *p = &in->plan;
	switch (fv.stage) {
	case FLOW_QUESTION:
		if (flow_question_is_yes_no(fv.question)) {
			out->id = SCREEN_QUESTION;
			const char *detail = NULL;
			if (fv.question == Q_POP && in->too_soon) {
				snprintf(a->detail, sizeof a->detail,
					 "Last session %.0f h ago: every other day is best", in->hours_since_last);
				detail = a->detail;
			}
			out->question = (struct view_question){ fv.prompt, detail, (int)fv.question + 1, 3 };
		} else {
			out->id = SCREEN_PAIN;
			out->pain = (struct view_pain){ fv.prompt, a->pain };
		}
		break;
	case FLOW_TARE:
	case FLOW_STEP_ON:
		out->id = SCREEN_STEP_ON;
		out->step_on = (struct view_step_on){
			.stage = fv.stage == FLOW_TARE ? STEP_TARE : fv.live.loaded ? STEP_STAND : STEP_STEP_ON,
			.progress = NAN, .weight_kg = NAN, .bal = balance(a, &fv) };
		break;
	case FLOW_EXERCISE:
		if (p->mode == EXERCISE_HOLD) {
			out->id = SCREEN_HOLD;
			/* one hold a set (phase 1): count the sets, "Hold 2 of 5" */
			bool by_set = p->per_set <= 1;
			int holds = by_set ? fv.sets : p->per_set, hold = by_set ? fv.set_number : fv.done + 1;
			out->hold = (struct view_hold){ .held_s = fv.live.held_s, .target_s = p->hold_target_s,
							.heels_up = fv.live.heels_up,
							.steadiness = steadiness(&fv.live),
							.hold = hold < holds ? hold : holds, .holds = holds,
							.bal = balance(a, &fv) };
		} else if (p->mode == EXERCISE_HEEL_RAISE) {
			out->id = SCREEN_RAISES;
			struct view_raises *r = &out->raises;
			*r = (struct view_raises){ .rep = fv.done, .reps_target = fv.per_set, .set = fv.set_number,
						   .sets = fv.sets, .tempo = a->tempo, .heels_up = fv.live.heels_up,
						   .lowering_s = fv.live.lowering_s, .band_lo_s = p->lower_min_s,
						   .band_hi_s = p->lower_max_s, .n_lower = a->n_lower, .muted = a->muted,
						   .bal = balance(a, &fv) };
			double t = isnan(a->set_start_s) ? 0 : now_s - a->set_start_s;
			double cycle = a->tempo.rise_s + a->tempo.top_s + a->tempo.lower_s + a->tempo.rest_s;
			r->pacer_t_s = fmod(t > 0 ? t : 0, cycle);
			memcpy(r->lower_s, a->lower_s, sizeof a->lower_s);
		} else {
			out->id = SCREEN_HOPS;
			out->hops = (struct view_hops){ .n = a->n_hops, .count = fv.done, .target = fv.per_set,
							.bal = balance(a, &fv) };
			memcpy(out->hops.hops, a->hops, sizeof a->hops);
		}
		break;
	case FLOW_REST:
		out->id = SCREEN_REST;
		if (p->per_set)
			snprintf(a->next_what, sizeof a->next_what, "%s: %d %s", in->exercise.name, p->per_set,
				 p->mode == EXERCISE_HEEL_RAISE ? "reps" : p->mode == EXERCISE_HOLD ? "holds" : "hops");
		else
			snprintf(a->next_what, sizeof a->next_what, "%s", in->exercise.name);
		out->rest = (struct view_rest){ fv.rest_left_s, p->rest_s, fv.set_number + 1, fv.sets, a->next_what };
		break;
	case FLOW_DONE:
		/* not drawn: take_events() moves to AS_DONE first */
		out->id = SCREEN_SUMMARY;
		out->summary = a->summary;
		break;
	}
}

const struct view_tempo *app_tempo(const struct app *a)
{
	if (a->state != AS_SESSION || !a->runner)
		return NULL;
	struct flow_view fv;
	runner_view(a->runner, &fv);
	return fv.stage == FLOW_EXERCISE && runner_info(a->runner)->plan.mode == EXERCISE_HEEL_RAISE ? &a->tempo
												      : NULL;
}

void app_view(struct app *a, double now_s, struct screen_view *out)
{
	memset(out, 0, sizeof *out);
	switch (a->state) {
	case AS_CHOOSE:
		out->id = SCREEN_CHOOSE_PATIENT;
		view_choose(a, &out->choose);
		break;
	case AS_PIN:
		out->id = SCREEN_PIN;
		out->pin = (struct view_pin){ .prompt = "Physio PIN", .entered = a->pin_len,
					      .length = a->pin_len > PIN_MIN ? a->pin_len : PIN_MIN, .wrong = a->pin_wrong,
					      .hint = pin_is_set(a->data_dir) ? NULL : "First use: " PIN_DEFAULT };
		break;
	case AS_SESSION:
		view_session(a, now_s, out);
		out->unplugged = a->unplugged;
		break;
	case AS_SET_SUMMARY:
	case AS_DONE:
		out->id = SCREEN_SUMMARY;
		out->summary = a->summary;
		break;
	default:
		physio_view(a, out);
		break;
	}
}
