/* physio_side.c: the physio screens behind the PIN: patient list, adding a patient
 * (number, side, phase), patient detail with the phase decision and setting the phase,
 * progress graphs across sessions, a set's force trace, and the export of graphs (PNG)
 * and data (CSV). */
#include "physio_side.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "convert.h"
#include "outcomes.h"
#include "paths.h"
#include "status.h"
#include "visa_side.h"

#define WHO "physio (screen)"
#define SET_WHY "set on the station screen"
#define ADD_PREFIX "P-" /* new patients' clinic ids: P-1, P-2, ... */
#define ADD_DIGITS 8
#define EXPORTS "exports"
#define EXPORT_W 1600
#define EXPORT_H 900
#define REASON_LINE 70 /* characters a reason line keeps readable at 800x480 */

static void free_graphs(struct physio_graphs *g)
{
	for (int i = 0; i < PHYSIO_MAX_GRAPHS; i++)
		for (int k = 0; k < VIEW_MAX_SERIES; k++)
			free(g->y[i][k]);
	free(g->labels);
	free(g->label_ptrs);
	memset(g, 0, sizeof *g);
}

static void free_trace(struct physio_side *ph)
{
	if (ph->have_trace)
		trace_free(&ph->trace);
	ph->have_trace = false;
}

void physio_side_clear(struct physio_side *ph)
{
	if (ph->have_history)
		history_free(&ph->history);
	ph->have_history = false;
	free_graphs(&ph->graphs);
	free_trace(ph);
}

static void days_ago(time_t t, char *buf, size_t len)
{
	long days = (long)((time(NULL) - t) / 86400);
	if (days <= 0)
		snprintf(buf, len, "today");
	else
		snprintf(buf, len, "%ld day%s ago", days, days == 1 ? "" : "s");
}

/* ---- the list ---- */

static void open_list(struct physio_side *ph, const struct clinic *c)
{
	physio_side_clear(ph);
	ph->screen = PHYSIO_LIST;
	ph->status[0] = '\0';
	bool more;
	int rows = clinic_page(c, ph->list_page, &more);
	for (int i = 0; i < rows; i++) {
		const struct patient *p = &c->patients[ph->list_page + i];
		struct history h;
		struct suggestion sg;
		char when[40] = "no session yet";
		ph->list_flag[i] = false;
		if (clinic_suggest(c, p, &h, &sg) == ST_OK) {
			if (h.n) {
				char ago[32];
				days_ago(h.sessions[h.n - 1].started, ago, sizeof ago);
				snprintf(when, sizeof when, "last %s", ago);
			}
			ph->list_flag[i] = sg.verdict == VERDICT_NEXT_PHASE;
			history_free(&h);
		}
		snprintf(ph->list_detail[i], sizeof ph->list_detail[i], "Phase %d · %s", p->phase, when);
	}
}

void physio_side_open(struct physio_side *ph, const struct clinic *c)
{
	ph->list_page = 0;
	open_list(ph, c);
}

/* The patients again after a change (the list from its first page). */
static int reload(struct physio_side *ph, struct clinic *c)
{
	ph->list_page = 0;
	return clinic_load_patients(c);
}

/* ---- the detail ---- */

static int open_detail(struct physio_side *ph, struct clinic *c, const char *clinic_id)
{
	physio_side_clear(ph);
	ph->status[0] = '\0';
	int rc = store_patient_find(c->store, clinic_id, &ph->patient);
	if (rc == ST_OK)
		rc = clinic_suggest(c, &ph->patient, &ph->history, &ph->suggestion);
	if (rc != ST_OK)
		return rc;
	ph->have_history = true;
	rc = visa_latest_words(c->store, ph->patient.id, ph->visa, sizeof ph->visa);
	if (rc == ST_OK)
		rc = programme_prescription(&c->prog, ph->patient.phase, &ph->patient.override, &ph->exercise);
	if (rc != ST_OK)
		return rc;
	const struct dose *d = &ph->exercise.dose;
	enum exercise mode = ex_kind_mode(ph->exercise.kind);
	/* "1 hold x 5 sets", "hops, 1 set" (patient-paced: no count) */
	int n = d->reps_min > 0 ? snprintf(ph->dose, sizeof ph->dose, "%d %s x %d %s", d->reps_min,
					   exercise_count_noun(mode, d->reps_min), d->sets_min, d->sets_min == 1 ? "set" : "sets")
				: snprintf(ph->dose, sizeof ph->dose, "%s at your own pace, %d %s", exercise_count_noun(mode, 2),
					   d->sets_min, d->sets_min == 1 ? "set" : "sets");
	if (mode == EXERCISE_HOLD)
		n += snprintf(ph->dose + n, sizeof ph->dose - (size_t)n, " of %.0f s", d->hold_min_s);
	if (d->lower_max_s > 0)
		snprintf(ph->dose + n, sizeof ph->dose - (size_t)n, ", lower %.0f-%.0f s", d->lower_min_s, d->lower_max_s);
	if (!ph->history.n) {
		snprintf(ph->last, sizeof ph->last, "No session yet");
	} else {
		const struct history_session *s = &ph->history.sessions[ph->history.n - 1];
		char when[32];
		days_ago(s->started, when, sizeof when);
		int sets = 0;
		for (size_t k = 0; k < s->n_sets; k++)
			sets += s->sets[k].complete;
		n = snprintf(ph->last, sizeof ph->last, "Last session %s: %d of %d sets%s", when, sets, s->sets_planned,
			     s->complete ? "" : s->ended[0] ? " (stopped)" : " (cut short)");
		if (s->pain_during_max != PAIN_NONE)
			snprintf(ph->last + n, sizeof ph->last - (size_t)n, ", pain up to %d/10", s->pain_during_max);
	}
	suggestion_words(&ph->suggestion, ph->suggestion_text, sizeof ph->suggestion_text);
	ph->screen = PHYSIO_DETAIL;
	return ST_OK;
}

static int decide(struct physio_side *ph, struct clinic *c, bool confirm)
{
	if (ph->suggestion.verdict != VERDICT_NEXT_PHASE)
		return st_fail(ST_ERR_STATE, "nothing to %s: no phase change is suggested", confirm ? "confirm" : "decline");
	char why[SUGGESTION_REASONS_MAX * (SUGGESTION_REASON_LEN + 2) + 1] = "";
	size_t len = 0;
	for (size_t i = 0; i < ph->suggestion.n_reasons; i++)
		len += (size_t)snprintf(why + len, sizeof why - len, "%s%s", i ? "; " : "", ph->suggestion.reasons[i]);
	if (!why[0])
		snprintf(why, sizeof why, "%s", ph->suggestion_text);
	char clinic_id[PATIENT_ID_MAX];
	snprintf(clinic_id, sizeof clinic_id, "%s", ph->patient.clinic_id);
	int rc = store_phase_decide(c->store, ph->patient.id, ph->suggestion.next_phase,
				    confirm ? PHASE_CONFIRMED : PHASE_DECLINED, WHO, why, ph->suggestion_text);
	if (rc == ST_OK)
		rc = reload(ph, c);
	return rc == ST_OK ? open_detail(ph, c, clinic_id) : rc;
}

/* ---- adding a patient, setting the phase ---- */

/* Starts with the number after the highest "P-<n>" in use, which the physio keeps or
 * types over (the clinic's own number, say). */
static void add_open(struct physio_side *ph, const struct clinic *c)
{
	long top = 0;
	size_t skip = strlen(ADD_PREFIX);
	for (size_t i = 0; i < c->n_patients; i++) {
		const char *id = c->patients[i].clinic_id, *digits = id + skip;
		char *end;
		if (strncmp(id, ADD_PREFIX, skip) != 0 || *digits < '0' || *digits > '9')
			continue;
		long n = strtol(digits, &end, 10);
		if (!*end && n > top && n < 99999999)
			top = n;
	}
	snprintf(ph->add_digits, sizeof ph->add_digits, "%ld", top + 1);
	ph->add_suggested = true;
	ph->add_side = -1;
	ph->choice = 1; /* where the programme starts */
	ph->status[0] = '\0';
	ph->screen = PHYSIO_ADD_ID;
}

static int add_id_act(struct physio_side *ph, const struct clinic *c, const struct ui_action *act)
{
	size_t len = strlen(ph->add_digits);
	if (act->kind == UI_ACT_DIGIT && act->index >= 0 && act->index <= 9) {
		if (ph->add_suggested)
			len = 0;
		if (len < ADD_DIGITS) {
			ph->add_digits[len++] = (char)('0' + act->index);
			ph->add_digits[len] = '\0';
		}
		ph->add_suggested = false;
		ph->status[0] = '\0';
	} else if (act->kind == UI_ACT_DELETE) {
		ph->add_digits[len ? len - 1 : 0] = '\0';
		ph->add_suggested = false;
		ph->status[0] = '\0';
	} else if (act->kind == UI_ACT_BACK) {
		open_list(ph, c);
	} else if (act->kind == UI_ACT_NEXT && !len) {
		snprintf(ph->status, sizeof ph->status, "Type the patient's number");
	} else if (act->kind == UI_ACT_NEXT) {
		struct patient p;
		snprintf(ph->add_id, sizeof ph->add_id, "%s%s", ADD_PREFIX, ph->add_digits);
		int rc = store_patient_find(c->store, ph->add_id, &p);
		if (rc == ST_OK) {
			snprintf(ph->status, sizeof ph->status, "%s is already a patient", ph->add_id);
			return st_fail(ST_ERR_ARG, "patient '%s' already exists", ph->add_id);
		}
		if (rc != ST_ERR_NOT_FOUND) {
			snprintf(ph->status, sizeof ph->status, "%s", st_errmsg());
			return rc;
		}
		ph->screen = PHYSIO_ADD_SIDE;
	}
	return ST_OK;
}

static int add_save(struct physio_side *ph, struct clinic *c)
{
	int64_t id;
	int rc = store_patient_add(c->store, ph->add_id, "", (enum side)ph->add_side, ph->choice, &id);
	if (rc != ST_OK) { /* added elsewhere meanwhile (station patients add), say */
		snprintf(ph->status, sizeof ph->status, "Not saved: %s", st_errmsg());
		ph->screen = PHYSIO_ADD_ID;
		return rc;
	}
	rc = reload(ph, c);
	if (rc == ST_OK)
		rc = open_detail(ph, c, ph->add_id);
	if (rc == ST_OK)
		snprintf(ph->status, sizeof ph->status, "Added: %s side involved", side_name((enum side)ph->add_side));
	return rc;
}

static int set_phase(struct physio_side *ph, struct clinic *c)
{
	char clinic_id[PATIENT_ID_MAX];
	snprintf(clinic_id, sizeof clinic_id, "%s", ph->patient.clinic_id);
	int from = ph->patient.phase;
	int rc = from == ph->choice ? ST_OK
				   : store_phase_decide(c->store, ph->patient.id, ph->choice, PHASE_SET, WHO, SET_WHY, NULL);
	if (rc == ST_OK)
		rc = reload(ph, c);
	if (rc == ST_OK)
		rc = open_detail(ph, c, clinic_id);
	if (rc == ST_OK && from == ph->choice)
		snprintf(ph->status, sizeof ph->status, "Phase %d kept", from);
	else if (rc == ST_OK)
		snprintf(ph->status, sizeof ph->status, "Phase %d set (was %d)", ph->choice, from);
	return rc;
}

/* The side and phase screens: a choice, then the button. */
static int choice_act(struct physio_side *ph, struct clinic *c, const struct ui_action *act)
{
	bool side = ph->screen == PHYSIO_ADD_SIDE;
	int n = side ? 3 : PROGRAMME_PHASES;
	/* a digit picks a phase on the phase screens (not a side) */
	if (act->kind == UI_ACT_DIGIT && !side && act->index >= 1 && act->index <= n) {
		ph->choice = act->index;
	} else if (act->kind == UI_ACT_SELECT && act->index >= 0 && act->index < n) {
		if (side)
			ph->add_side = act->index;
		else
			ph->choice = act->index + 1;
	} else if (act->kind == UI_ACT_BACK) {
		ph->screen = side ? PHYSIO_ADD_ID : ph->screen == PHYSIO_ADD_PHASE ? PHYSIO_ADD_SIDE : PHYSIO_DETAIL;
	} else if (act->kind == UI_ACT_NEXT && side && ph->add_side >= 0) {
		ph->screen = PHYSIO_ADD_PHASE;
	} else if (act->kind == UI_ACT_NEXT && ph->screen == PHYSIO_ADD_PHASE) {
		return add_save(ph, c);
	} else if (act->kind == UI_ACT_NEXT && ph->screen == PHYSIO_SET_PHASE) {
		return set_phase(ph, c);
	}
	return ST_OK;
}

static void view_choice(struct physio_side *ph, const struct clinic *c, struct view_choice *v)
{
	static const char *const sides[] = { [SIDE_LEFT] = "Left", [SIDE_RIGHT] = "Right", [SIDE_BOTH] = "Both" };
	static const char *const phases[PROGRAMME_PHASES] = { "1", "2", "3", "4", "5", "6" };
	bool adding = ph->screen != PHYSIO_SET_PHASE;
	snprintf(ph->title, sizeof ph->title, "%s %s", adding ? "New patient" : "Phase of",
		 adding ? ph->add_id : patient_label(&ph->patient));
	*v = (struct view_choice){ .title = ph->title };
	if (ph->screen == PHYSIO_ADD_SIDE) {
		v->question = "Which side is involved?";
		memcpy(v->labels, sides, sizeof sides);
		v->n = 3;
		v->selected = ph->add_side;
		v->button = "Next";
		return;
	}
	v->question = adding ? "Which phase does the patient start in?" : "Which phase from now on?";
	memcpy(v->labels, phases, sizeof phases);
	v->n = PROGRAMME_PHASES;
	v->selected = ph->choice - 1;
	v->button = "Save";
	const struct phase *phase = &c->prog.phases[ph->choice - 1];
	snprintf(ph->choice_detail, sizeof ph->choice_detail, "Phase %d: %s%s", ph->choice,
		 phase->n_exercises ? phase->exercises[0].name : phase->name,
		 !adding && ph->choice == ph->patient.phase ? " (now)" : "");
	v->detail = ph->choice_detail;
}

/* ---- the graphs ---- */

static double *series(struct physio_graphs *g, int graph, int k)
{
	g->y[graph][k] = malloc((size_t)(g->n ? g->n : 1) * sizeof(double));
	for (int i = 0; g->y[graph][k] && i < g->n; i++)
		g->y[graph][k][i] = NAN;
	return g->y[graph][k];
}

static double top_of(const struct view_graph *gr, double at_least)
{
	double top = at_least;
	for (int k = 0; k < gr->n_series; k++)
		for (int i = 0; i < gr->n; i++)
			if (gr->series[k].y[i] * 1.15 > top)
				top = gr->series[k].y[i] * 1.15;
	return ceil(top);
}

static void add_series(struct view_graph *gr, const char *label, const double *y, enum ui_colour c, bool bars)
{
	gr->series[gr->n_series++] = (struct view_series){ label, y, c, bars };
}

static double pain_or_nan(int p)
{
	return p == PAIN_NONE ? NAN : p;
}

static int build_graphs(struct physio_side *ph, const struct clinic *c)
{
	struct physio_graphs *g = &ph->graphs;
	free_graphs(g);
	const struct history *h = &ph->history;
	g->n = (int)h->n;
	g->labels = calloc(h->n + 1, sizeof *g->labels);
	g->label_ptrs = calloc(h->n + 1, sizeof *g->label_ptrs);
	double *y[PHYSIO_MAX_GRAPHS][VIEW_MAX_SERIES] = { 0 };
	enum { LOWER, HOLD, SHARE, COUNT, WORK, HEIGHT, PAIN, N_GRAPHS };
	static const int n_series[N_GRAPHS] = { 1, 2, 2, 2, 1, 1, 3 };
	bool ok = g->labels && g->label_ptrs;
	for (int i = 0; ok && i < N_GRAPHS; i++)
		for (int k = 0; ok && k < n_series[i]; k++)
			ok = (y[i][k] = series(g, i, k)) != NULL;
	struct session_outcome *o = NULL;
	size_t n_o = 0;
	if (!ok || history_outcomes(h, ph->patient.side, &o, &n_o) != ST_OK) {
		free(o);
		free_graphs(g);
		return st_fail(ST_ERR_NOMEM, "out of memory for the graphs");
	}
	double band_lo = NAN, band_hi = NAN;
	for (size_t i = 0; i < h->n; i++) {
		const struct history_session *s = &h->sessions[i];
		struct tm tm;
		localtime_r(&s->started, &tm);
		strftime(g->labels[i], sizeof g->labels[i], "%d/%m", &tm);
		g->label_ptrs[i] = g->labels[i];
		double lower = 0, hold = 0, share = 0, height = 0, longest = NAN;
		int n_lower = 0, n_hold = 0, n_share = 0, n_height = 0, done = 0, target = 0;
		double work = 0;
		for (size_t k = 0; k < s->n_sets; k++) {
			const struct history_set *st = &s->sets[k];
			if (!isnan(st->lower_mean_s))
				lower += st->lower_mean_s * st->count, n_lower += st->count;
			if (st->band_max_s > 0)
				band_lo = st->band_min_s, band_hi = st->band_max_s;
			if (!isnan(st->hold_mean_s)) {
				hold += st->hold_mean_s * st->count, n_hold += st->count;
				longest = isnan(longest) || st->hold_max_s > longest ? st->hold_max_s : longest;
			}
			if (!isnan(st->share_pct))
				share += st->share_pct * st->count, n_share += st->count;
			if (!isnan(st->height_mm))
				height += st->height_mm * st->count, n_height += st->count;
			work += st->work_j;
			done += st->count;
			target += st->target_count;
		}
		y[LOWER][0][i] = n_lower ? lower / n_lower : NAN;
		y[HOLD][0][i] = n_hold ? hold / n_hold : NAN;
		y[HOLD][1][i] = longest;
		y[SHARE][0][i] = n_share ? share / n_share : NAN;
		y[SHARE][1][i] = i < n_o ? o[i].lsi_pct : NAN;
		y[COUNT][0][i] = done;
		y[COUNT][1][i] = target ? target : NAN;
		y[WORK][0][i] = s->n_sets ? work : NAN;
		y[HEIGHT][0][i] = n_height ? height / n_height : NAN;
		y[PAIN][0][i] = pain_or_nan(s->pain_before);
		y[PAIN][1][i] = pain_or_nan(s->pain_during_max);
		/* the day after this session is asked at the start of the next one */
		y[PAIN][2][i] = i + 1 < h->n ? pain_or_nan(h->sessions[i + 1].pain_day_after_last) : NAN;
	}
	free(o);
	struct view_graphs *v = &g->view;
	*v = (struct view_graphs){ .patient = patient_label(&ph->patient),
				   .n = N_GRAPHS, .status = ph->status[0] ? ph->status : NULL };
	static const struct {
		const char *title, *unit;
		double y_min, top;
	} spec[N_GRAPHS] = { { "Lowering time", "s", 0, 6 },  { "Hold", "s", 0, 30 }, { "Load share", "%", 0, 100 },
			     { "Reps done", "count", 0, 10 }, { "Work", "J", 0, 100 }, { "Height", "mm", 0, 50 },
			     { "Pain", "0-10", 0, 10 } };
	for (int i = 0; i < N_GRAPHS; i++)
		v->graphs[i] = (struct view_graph){ .title = spec[i].title, .unit = spec[i].unit, .n = g->n,
						    .x_labels = g->label_ptrs, .y_min = spec[i].y_min,
						    .band_lo = NAN, .band_hi = NAN };
	add_series(&v->graphs[LOWER], "mean", y[LOWER][0], UI_LEFT, false);
	v->graphs[LOWER].band_lo = band_lo, v->graphs[LOWER].band_hi = band_hi;
	add_series(&v->graphs[HOLD], "mean", y[HOLD][0], UI_LEFT, false);
	add_series(&v->graphs[HOLD], "longest", y[HOLD][1], UI_RIGHT, true);
	add_series(&v->graphs[SHARE], "left", y[SHARE][0], UI_LEFT, false);
	add_series(&v->graphs[SHARE], "LSI", y[SHARE][1], UI_RIGHT, false);
	v->graphs[SHARE].band_lo = c->prog.rules.share_min_pct, v->graphs[SHARE].band_hi = c->prog.rules.share_max_pct;
	add_series(&v->graphs[COUNT], "done", y[COUNT][0], UI_LEFT, true);
	add_series(&v->graphs[COUNT], "target", y[COUNT][1], UI_DIM, false);
	add_series(&v->graphs[WORK], "total", y[WORK][0], UI_LEFT, true);
	add_series(&v->graphs[HEIGHT], "mean", y[HEIGHT][0], UI_LEFT, false);
	add_series(&v->graphs[PAIN], "before", y[PAIN][0], UI_LEFT, false);
	add_series(&v->graphs[PAIN], "most", y[PAIN][1], UI_RIGHT, false);
	add_series(&v->graphs[PAIN], "next day", y[PAIN][2], UI_FG, false);
	for (int i = 0; i < N_GRAPHS; i++)
		v->graphs[i].y_max = i == PAIN ? 10 : top_of(&v->graphs[i], spec[i].top);
	return ST_OK;
}

/* ---- the force trace ---- */

static int open_trace(struct physio_side *ph, const struct clinic *c)
{
	const struct history_set *last = NULL;
	time_t started = 0;
	for (size_t i = 0; i < ph->history.n; i++)
		for (size_t k = 0; k < ph->history.sessions[i].n_sets; k++)
			if (ph->history.sessions[i].sets[k].recording[0]) {
				last = &ph->history.sessions[i].sets[k];
				started = ph->history.sessions[i].started;
			}
	if (!last)
		return st_fail(ST_ERR_NOT_FOUND, "%s has no recorded set yet", ph->patient.clinic_id);
	char path[PATH_MAX];
	int rc = st_path(path, sizeof path, "%s/%s", c->data_dir, last->recording);
	if (rc != ST_OK)
		return rc;
	free_trace(ph);
	rc = load_trace(path, &ph->trace);
	if (rc != ST_OK)
		return rc;
	ph->have_trace = true;
	char day[8];
	strftime(day, sizeof day, "%d/%m", localtime_r(&started, &(struct tm){ 0 }));
	snprintf(ph->title, sizeof ph->title, "%s, set %d: force", day, last->set_no);
	ph->screen = PHYSIO_TRACE;
	return ST_OK;
}

static void view_trace(const struct physio_side *ph, struct view_force_trace *v)
{
	*v = (struct view_force_trace){ .title = ph->title, .left_n = ph->trace.fz[0], .right_n = ph->trace.fz[1],
					.n = (int)ph->trace.n, .rate_hz = ph->trace.rate_hz };
}

/* ---- export ---- */

/* Graphs as PNG (and the trace, when it is up) and the data as CSV into
 * DIR/exports/ID-YYYY-MM-DD/. */
static int export_all(struct physio_side *ph, const struct clinic *c)
{
	char dir[PATH_MAX], path[PATH_MAX + 64], day[16], name[sizeof EXPORTS + PATIENT_ID_MAX + sizeof day + 1];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	snprintf(name, sizeof name, "%s/%s-%s", EXPORTS, ph->patient.clinic_id, day);
	int rc = st_path(dir, sizeof dir, "%s/%s", c->data_dir, name);
	if (rc == ST_OK)
		rc = st_make_dirs(dir);
	if (rc == ST_OK && !ph->graphs.view.n)
		rc = build_graphs(ph, c);
	for (int i = 0; rc == ST_OK && i < ph->graphs.view.n; i++) {
		const struct view_graph *g = &ph->graphs.view.graphs[i];
		int n = snprintf(path, sizeof path, "%s/%d-", dir, i + 1);
		for (const char *ch = g->title; *ch && n < (int)sizeof path - 5; ch++)
			path[n++] = *ch == ' ' ? '-' : (char)(*ch | 0x20);
		snprintf(path + n, sizeof path - (size_t)n, ".png");
		rc = graph_export_png(g, EXPORT_W, EXPORT_H, path);
	}
	if (rc == ST_OK && ph->have_trace) {
		struct ui *ui;
		rc = ui_open_offscreen(EXPORT_W, EXPORT_H, &ui);
		if (rc == ST_OK) {
			struct view_force_trace t;
			view_trace(ph, &t);
			ui_begin(ui);
			draw_force_trace(ui, &t, ui_rect(ui, 2, 2, ui_width_u(ui) - 4, 48 - 4));
			snprintf(path, sizeof path, "%s/force-trace.png", dir);
			rc = ui_save_png(ui, path);
			ui_close(ui);
		}
	}
	if (rc == ST_OK)
		rc = store_export_csv(c->store, ph->patient.id, dir);
	if (rc == ST_OK)
		snprintf(ph->status, sizeof ph->status, "Saved in %s", name);
	else
		snprintf(ph->status, sizeof ph->status, "Not saved: %s", st_errmsg());
	ph->graphs.view.status = ph->status;
	return rc;
}

/* ---- actions and views ---- */

/* The suggestion's reasons as lines for the screen: a long reason loses its parenthesis
 * (the rule's details, which `station suggest` prints), or goes on a second line after
 * a comma, rather than be shrunk out of reading size. */
static int split_reasons(const struct suggestion *sg, char (*lines)[SUGGESTION_REASON_LEN],
			 const char *out[VIEW_MAX_REASONS])
{
	int n = 0;
	for (size_t i = 0; i < sg->n_reasons && n < VIEW_MAX_REASONS; i++, n++) {
		const char *r = sg->reasons[i], *paren = strstr(r, " (");
		const char *close = paren ? strchr(paren, ')') : NULL;
		const char *comma = strstr(r, ", ");
		if (strlen(r) > REASON_LINE && close)
			snprintf(lines[n], SUGGESTION_REASON_LEN, "%.*s%s", (int)(paren - r), r, close + 1);
		else if (strlen(r) > REASON_LINE && comma && n + 2 <= VIEW_MAX_REASONS) {
			snprintf(lines[n], SUGGESTION_REASON_LEN, "%.*s,", (int)(comma - r), r);
			out[n] = lines[n];
			n++;
			snprintf(lines[n], SUGGESTION_REASON_LEN, "%s", comma + 2);
		} else
			snprintf(lines[n], SUGGESTION_REASON_LEN, "%s", r);
		out[n] = lines[n];
	}
	return n;
}

int physio_side_act(struct physio_side *ph, struct clinic *c, const struct ui_action *act)
{
	bool back = act->kind == UI_ACT_BACK || act->kind == UI_ACT_QUIT;
	switch (ph->screen) {
	case PHYSIO_LIST: {
		bool more;
		int rows = clinic_page(c, ph->list_page, &more);
		if (back) {
			physio_side_clear(ph);
			ph->screen = PHYSIO_CLOSED;
		} else if (act->kind == UI_ACT_SELECT && more && act->index == rows) {
			ph->list_page = clinic_next_page(c, ph->list_page);
			open_list(ph, c);
		} else if (act->kind == UI_ACT_SELECT && act->index >= 0 && act->index < rows) {
			return open_detail(ph, c, c->patients[ph->list_page + act->index].clinic_id);
		} else if (act->kind == UI_ACT_NEXT) {
			add_open(ph, c);
		}
		return ST_OK;
	}
	case PHYSIO_ADD_ID:
		return add_id_act(ph, c, act);
	case PHYSIO_ADD_SIDE:
	case PHYSIO_ADD_PHASE:
	case PHYSIO_SET_PHASE:
		return choice_act(ph, c, act);
	case PHYSIO_DETAIL:
		if (back)
			open_list(ph, c);
		else if (act->kind == UI_ACT_CONFIRM || act->kind == UI_ACT_DECLINE)
			return decide(ph, c, act->kind == UI_ACT_CONFIRM);
		else if (act->kind == UI_ACT_NEXT) {
			ph->status[0] = '\0';
			int rc = build_graphs(ph, c);
			if (rc == ST_OK)
				ph->screen = PHYSIO_GRAPHS;
			return rc;
		} else if (act->kind == UI_ACT_SELECT) {
			return open_trace(ph, c);
		} else if (act->kind == UI_ACT_SET_PHASE) {
			ph->choice = ph->patient.phase;
			ph->screen = PHYSIO_SET_PHASE;
		}
		return ST_OK;
	case PHYSIO_GRAPHS:
	case PHYSIO_TRACE:
		if (back) {
			free_trace(ph);
			ph->status[0] = '\0';
			ph->screen = PHYSIO_DETAIL;
		} else if (act->kind == UI_ACT_SELECT && ph->screen == PHYSIO_GRAPHS && act->index >= 0 &&
			   act->index < ph->graphs.view.n) {
			ph->graphs.view.selected = act->index;
		} else if (act->kind == UI_ACT_EXPORT) {
			return export_all(ph, c);
		}
		return ST_OK;
	default:
		return ST_OK;
	}
}

void physio_side_view(struct physio_side *ph, const struct clinic *c, struct screen_view *out)
{
	switch (ph->screen) {
	case PHYSIO_LIST: {
		out->id = SCREEN_PATIENT_LIST;
		bool more;
		int rows = clinic_page(c, ph->list_page, &more);
		for (int i = 0; i < rows; i++) {
			out->patients.rows[i].name = patient_label(&c->patients[ph->list_page + i]);
			out->patients.rows[i].detail = ph->list_detail[i];
			out->patients.rows[i].flagged = ph->list_flag[i];
		}
		out->patients.n = rows;
		if (more)
			out->patients.rows[out->patients.n++].name = MORE_PATIENTS;
		break;
	}
	case PHYSIO_DETAIL: {
		struct view_patient_detail *d = &out->patient;
		out->id = SCREEN_PATIENT_DETAIL;
		*d = (struct view_patient_detail){ .name = patient_label(&ph->patient),
						   .phase = ph->patient.phase, .exercise = ph->exercise.name,
						   .dose = ph->dose, .last = ph->last, .visa = ph->visa };
		if (ph->suggestion.verdict == VERDICT_NEXT_PHASE) {
			d->suggestion = ph->suggestion_text;
			d->n_reasons = split_reasons(&ph->suggestion, ph->reason_lines, d->reasons);
		}
		d->status = ph->status[0] ? ph->status : NULL;
		break;
	}
	case PHYSIO_ADD_ID:
		snprintf(ph->add_id, sizeof ph->add_id, "%s%s", ADD_PREFIX, ph->add_digits);
		out->id = SCREEN_PIN;
		out->pin = (struct view_pin){ .prompt = "New patient: number", .text = ph->add_id,
					      .hint = ph->add_suggested ? "Type to change it" : NULL,
					      .message = ph->status[0] ? ph->status : NULL };
		break;
	case PHYSIO_ADD_SIDE:
	case PHYSIO_ADD_PHASE:
	case PHYSIO_SET_PHASE:
		out->id = SCREEN_CHOICE;
		view_choice(ph, c, &out->choice);
		break;
	case PHYSIO_GRAPHS:
		out->id = SCREEN_GRAPHS;
		out->graphs = ph->graphs.view;
		break;
	case PHYSIO_TRACE:
		out->id = SCREEN_FORCE_TRACE;
		view_trace(ph, &out->trace);
		break;
	default:
		break;
	}
}
