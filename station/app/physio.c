/* physio.c: the physio screens behind the PIN: patient list, adding a patient (number,
 * side, phase), patient detail with the phase decision and setting the phase, progress
 * graphs across sessions, a set's force trace, and the export of graphs (PNG) and data
 * (CSV). */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app_internal.h"
#include "convert.h"
#include "outcomes.h"
#include "paths.h"

#define WHO "physio (screen)"
#define SET_WHY "set on the station screen"
#define ADD_PREFIX "P-" /* new patients' clinic ids: P-1, P-2, ... */
#define ADD_DIGITS 8
#define EXPORTS "exports"
#define EXPORT_W 1600
#define EXPORT_H 900
#define REASON_LINE 70 /* characters a reason line keeps readable at 800x480 */

static void free_graphs(struct app_graphs *g)
{
	for (int i = 0; i < APP_GRAPHS; i++)
		for (int k = 0; k < VIEW_MAX_SERIES; k++)
			free(g->y[i][k]);
	free(g->labels);
	free(g->label_ptrs);
	memset(g, 0, sizeof *g);
}

static void free_trace(struct app *a)
{
	if (a->have_trace)
		trace_free(&a->trace);
	a->have_trace = false;
}

void physio_clear(struct app *a)
{
	if (a->have_history)
		history_free(&a->history);
	a->have_history = false;
	free_graphs(&a->graphs);
	free_trace(a);
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

void physio_open_list(struct app *a)
{
	physio_clear(a);
	a->state = AS_LIST;
	a->status[0] = '\0';
	bool more;
	int rows = app_page(a, a->list_page, &more);
	for (int i = 0; i < rows; i++) {
		const struct patient *p = &a->patients[a->list_page + i];
		struct history h;
		struct suggestion sg;
		char when[40] = "no session yet";
		a->list_flag[i] = false;
		if (app_suggest(a, p, &h, &sg) == ST_OK) {
			if (h.n) {
				char ago[32];
				days_ago(h.sessions[h.n - 1].started, ago, sizeof ago);
				snprintf(when, sizeof when, "last %s", ago);
			}
			a->list_flag[i] = sg.verdict == VERDICT_NEXT_PHASE;
			history_free(&h);
		}
		snprintf(a->list_detail[i], sizeof a->list_detail[i], "Phase %d · %s", p->phase, when);
	}
}

/* ---- the detail ---- */

static int open_detail(struct app *a, const char *clinic_id)
{
	physio_clear(a);
	a->status[0] = '\0';
	int rc = store_patient_find(a->store, clinic_id, &a->patient);
	if (rc == ST_OK)
		rc = app_suggest(a, &a->patient, &a->history, &a->psugg);
	if (rc != ST_OK)
		return rc;
	a->have_history = true;
	rc = programme_prescription(&a->prog, a->patient.phase, &a->patient.override, &a->exercise);
	if (rc != ST_OK)
		return rc;
	const struct dose *d = &a->exercise.dose;
	enum exercise mode = ex_kind_mode(a->exercise.kind);
	int n = snprintf(a->dose, sizeof a->dose, "%d %s x %d sets", d->reps_min,
			 mode == EXERCISE_HOLD ? "holds" : mode == EXERCISE_HOP ? "hops" : "reps", d->sets_min);
	if (mode == EXERCISE_HOLD)
		n += snprintf(a->dose + n, sizeof a->dose - (size_t)n, " of %.0f s", d->hold_min_s);
	if (d->lower_max_s > 0)
		snprintf(a->dose + n, sizeof a->dose - (size_t)n, ", lower %.0f-%.0f s", d->lower_min_s, d->lower_max_s);
	if (!a->history.n) {
		snprintf(a->last, sizeof a->last, "No session yet");
	} else {
		const struct history_session *s = &a->history.sessions[a->history.n - 1];
		char when[32];
		days_ago(s->started, when, sizeof when);
		int sets = 0;
		for (size_t k = 0; k < s->n_sets; k++)
			sets += s->sets[k].complete;
		n = snprintf(a->last, sizeof a->last, "Last session %s: %d of %d sets%s", when, sets, s->sets_planned,
			     s->complete ? "" : s->ended[0] ? " (stopped)" : " (cut short)");
		if (s->pain_during_max != PAIN_NONE)
			snprintf(a->last + n, sizeof a->last - (size_t)n, ", pain up to %d/10", s->pain_during_max);
	}
	suggestion_words(&a->psugg, a->suggestion_text, sizeof a->suggestion_text);
	a->state = AS_DETAIL;
	return ST_OK;
}

static int decide(struct app *a, bool confirm)
{
	if (a->psugg.verdict != VERDICT_NEXT_PHASE)
		return st_fail(ST_ERR_STATE, "nothing to %s: no phase change is suggested", confirm ? "confirm" : "decline");
	char why[SUGGESTION_REASONS_MAX * (SUGGESTION_REASON_LEN + 2) + 1] = "";
	size_t len = 0;
	for (size_t i = 0; i < a->psugg.n_reasons; i++)
		len += (size_t)snprintf(why + len, sizeof why - len, "%s%s", i ? "; " : "", a->psugg.reasons[i]);
	if (!why[0])
		snprintf(why, sizeof why, "%s", a->suggestion_text);
	char clinic_id[PATIENT_ID_MAX];
	snprintf(clinic_id, sizeof clinic_id, "%s", a->patient.clinic_id);
	int rc = store_phase_decide(a->store, a->patient.id, a->psugg.next_phase,
				    confirm ? PHASE_CONFIRMED : PHASE_DECLINED, WHO, why, a->suggestion_text);
	if (rc == ST_OK)
		rc = app_load_patients(a);
	return rc == ST_OK ? open_detail(a, clinic_id) : rc;
}

/* ---- adding a patient, setting the phase ---- */

/* Starts with the number after the highest "P-<n>" in use, which the physio keeps or
 * types over (the clinic's own number, say). */
static void add_open(struct app *a)
{
	long top = 0;
	size_t skip = strlen(ADD_PREFIX);
	for (size_t i = 0; i < a->n_patients; i++) {
		const char *id = a->patients[i].clinic_id, *digits = id + skip;
		char *end;
		if (strncmp(id, ADD_PREFIX, skip) != 0 || *digits < '0' || *digits > '9')
			continue;
		long n = strtol(digits, &end, 10);
		if (!*end && n > top && n < 99999999)
			top = n;
	}
	snprintf(a->add_digits, sizeof a->add_digits, "%ld", top + 1);
	a->add_suggested = true;
	a->add_side = -1;
	a->choice = 1; /* where the programme starts */
	a->status[0] = '\0';
	a->state = AS_ADD_ID;
}

static int add_id_act(struct app *a, const struct ui_action *act)
{
	size_t len = strlen(a->add_digits);
	if (act->kind == UI_ACT_DIGIT && act->index >= 0 && act->index <= 9) {
		if (a->add_suggested)
			len = 0;
		if (len < ADD_DIGITS) {
			a->add_digits[len++] = (char)('0' + act->index);
			a->add_digits[len] = '\0';
		}
		a->add_suggested = false;
		a->status[0] = '\0';
	} else if (act->kind == UI_ACT_DELETE) {
		a->add_digits[len ? len - 1 : 0] = '\0';
		a->add_suggested = false;
		a->status[0] = '\0';
	} else if (act->kind == UI_ACT_BACK) {
		physio_open_list(a);
	} else if (act->kind == UI_ACT_NEXT && !len) {
		snprintf(a->status, sizeof a->status, "Type the patient's number");
	} else if (act->kind == UI_ACT_NEXT) {
		struct patient p;
		snprintf(a->add_id, sizeof a->add_id, "%s%s", ADD_PREFIX, a->add_digits);
		int rc = store_patient_find(a->store, a->add_id, &p);
		if (rc == ST_OK) {
			snprintf(a->status, sizeof a->status, "%s is already a patient", a->add_id);
			return st_fail(ST_ERR_ARG, "patient '%s' already exists", a->add_id);
		}
		if (rc != ST_ERR_NOT_FOUND) {
			snprintf(a->status, sizeof a->status, "%s", st_errmsg());
			return rc;
		}
		a->state = AS_ADD_SIDE;
	}
	return ST_OK;
}

static int add_save(struct app *a)
{
	int64_t id;
	int rc = store_patient_add(a->store, a->add_id, "", (enum side)a->add_side, a->choice, &id);
	if (rc != ST_OK) { /* added elsewhere meanwhile (station patients add), say */
		snprintf(a->status, sizeof a->status, "Not saved: %s", st_errmsg());
		a->state = AS_ADD_ID;
		return rc;
	}
	rc = app_load_patients(a);
	if (rc == ST_OK)
		rc = open_detail(a, a->add_id);
	if (rc == ST_OK)
		snprintf(a->status, sizeof a->status, "Added: %s side involved", side_name((enum side)a->add_side));
	return rc;
}

static int set_phase(struct app *a)
{
	char clinic_id[PATIENT_ID_MAX];
	snprintf(clinic_id, sizeof clinic_id, "%s", a->patient.clinic_id);
	int from = a->patient.phase;
	int rc = from == a->choice ? ST_OK
				   : store_phase_decide(a->store, a->patient.id, a->choice, PHASE_SET, WHO, SET_WHY, NULL);
	if (rc == ST_OK)
		rc = app_load_patients(a);
	if (rc == ST_OK)
		rc = open_detail(a, clinic_id);
	if (rc == ST_OK && from == a->choice)
		snprintf(a->status, sizeof a->status, "Phase %d kept", from);
	else if (rc == ST_OK)
		snprintf(a->status, sizeof a->status, "Phase %d set (was %d)", a->choice, from);
	return rc;
}

/* The side and phase screens: a choice, then the button. */
static int choice_act(struct app *a, const struct ui_action *act)
{
	bool side = a->state == AS_ADD_SIDE;
	int n = side ? 3 : PROGRAMME_PHASES;
	if (act->kind == UI_ACT_SELECT && act->index >= 0 && act->index < n) {
		if (side)
			a->add_side = act->index;
		else
			a->choice = act->index + 1;
	} else if (act->kind == UI_ACT_BACK) {
		a->state = a->state == AS_ADD_SIDE ? AS_ADD_ID : a->state == AS_ADD_PHASE ? AS_ADD_SIDE : AS_DETAIL;
	} else if (act->kind == UI_ACT_NEXT && side && a->add_side >= 0) {
		a->state = AS_ADD_PHASE;
	} else if (act->kind == UI_ACT_NEXT && a->state == AS_ADD_PHASE) {
		return add_save(a);
	} else if (act->kind == UI_ACT_NEXT && a->state == AS_SET_PHASE) {
		return set_phase(a);
	}
	return ST_OK;
}

static void view_choice(struct app *a, struct view_choice *v)
{
	static const char *const sides[] = { [SIDE_LEFT] = "Left", [SIDE_RIGHT] = "Right", [SIDE_BOTH] = "Both" };
	static const char *const phases[PROGRAMME_PHASES] = { "1", "2", "3", "4", "5", "6" };
	bool adding = a->state != AS_SET_PHASE;
	snprintf(a->title, sizeof a->title, "%s %s", adding ? "New patient" : "Phase of",
		 adding ? a->add_id : patient_label(&a->patient));
	*v = (struct view_choice){ .title = a->title };
	if (a->state == AS_ADD_SIDE) {
		v->question = "Which side is involved?";
		memcpy(v->labels, sides, sizeof sides);
		v->n = 3;
		v->selected = a->add_side;
		v->button = "Next";
		return;
	}
	v->question = adding ? "Which phase does the patient start in?" : "Which phase from now on?";
	memcpy(v->labels, phases, sizeof phases);
	v->n = PROGRAMME_PHASES;
	v->selected = a->choice - 1;
	v->button = "Save";
	const struct phase *ph = &a->prog.phases[a->choice - 1];
	snprintf(a->choice_detail, sizeof a->choice_detail, "Phase %d: %s%s", a->choice,
		 ph->n_exercises ? ph->exercises[0].name : ph->name, !adding && a->choice == a->patient.phase ? " (now)" : "");
	v->detail = a->choice_detail;
}

/* ---- the graphs ---- */

static double *series(struct app_graphs *g, int graph, int k)
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

static int build_graphs(struct app *a)
{
	struct app_graphs *g = &a->graphs;
	free_graphs(g);
	const struct history *h = &a->history;
	g->n = (int)h->n;
	g->labels = calloc(h->n + 1, sizeof *g->labels);
	g->label_ptrs = calloc(h->n + 1, sizeof *g->label_ptrs);
	double *y[APP_GRAPHS][VIEW_MAX_SERIES] = { 0 };
	enum { LOWER, HOLD, SHARE, COUNT, WORK, HEIGHT, PAIN, N_GRAPHS };
	static const int n_series[N_GRAPHS] = { 1, 2, 2, 2, 1, 1, 3 };
	bool ok = g->labels && g->label_ptrs;
	for (int i = 0; ok && i < N_GRAPHS; i++)
		for (int k = 0; ok && k < n_series[i]; k++)
			ok = (y[i][k] = series(g, i, k)) != NULL;
	struct session_outcome *o = NULL;
	size_t n_o = 0;
	if (!ok || history_outcomes(h, a->patient.side, &o, &n_o) != ST_OK) {
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
	*v = (struct view_graphs){ .patient = patient_label(&a->patient),
				   .n = N_GRAPHS, .status = a->status[0] ? a->status : NULL };
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
	v->graphs[SHARE].band_lo = 45, v->graphs[SHARE].band_hi = 55;
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

static int open_trace(struct app *a)
{
	const struct history_set *last = NULL;
	time_t started = 0;
	for (size_t i = 0; i < a->history.n; i++)
		for (size_t k = 0; k < a->history.sessions[i].n_sets; k++)
			if (a->history.sessions[i].sets[k].recording[0]) {
				last = &a->history.sessions[i].sets[k];
				started = a->history.sessions[i].started;
			}
	if (!last)
		return st_fail(ST_ERR_NOT_FOUND, "%s has no recorded set yet", a->patient.clinic_id);
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", a->data_dir, last->recording);
	free_trace(a);
	int rc = load_trace(path, &a->trace);
	if (rc != ST_OK)
		return rc;
	a->have_trace = true;
	char day[8];
	strftime(day, sizeof day, "%d/%m", localtime_r(&started, &(struct tm){ 0 }));
	snprintf(a->title, sizeof a->title, "%s, set %d: force", day, last->set_no);
	a->state = AS_TRACE;
	return ST_OK;
}

static void view_trace(struct app *a, struct view_force_trace *v)
{
	*v = (struct view_force_trace){ .title = a->title, .left_n = a->trace.fz[0], .right_n = a->trace.fz[1],
					.n = (int)a->trace.n, .rate_hz = a->trace.rate_hz };
}

/* ---- export ---- */

/* Graphs as PNG (and the trace, when it is up) and the data as CSV into
 * DIR/exports/ID-YYYY-MM-DD/. */
static int export_all(struct app *a)
{
	char dir[PATH_MAX], path[PATH_MAX + 64], day[16];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	snprintf(dir, sizeof dir, "%s/%s/%s-%s", a->data_dir, EXPORTS, a->patient.clinic_id, day);
	int rc = st_make_dirs(dir);
	if (rc == ST_OK && !a->graphs.view.n)
		rc = build_graphs(a);
	for (int i = 0; rc == ST_OK && i < a->graphs.view.n; i++) {
		const struct view_graph *g = &a->graphs.view.graphs[i];
		int n = snprintf(path, sizeof path, "%s/%d-", dir, i + 1);
		for (const char *c = g->title; *c && n < (int)sizeof path - 5; c++)
			path[n++] = *c == ' ' ? '-' : (char)(*c | 0x20);
		snprintf(path + n, sizeof path - (size_t)n, ".png");
		rc = graph_export_png(g, EXPORT_W, EXPORT_H, path);
	}
	if (rc == ST_OK && a->have_trace) {
		struct ui *ui;
		rc = ui_open_offscreen(EXPORT_W, EXPORT_H, &ui);
		if (rc == ST_OK) {
			struct view_force_trace t;
			view_trace(a, &t);
			ui_begin(ui);
			draw_force_trace(ui, &t, ui_rect(ui, 2, 2, ui_width_u(ui) - 4, 48 - 4));
			snprintf(path, sizeof path, "%s/force-trace.png", dir);
			rc = ui_save_png(ui, path);
			ui_close(ui);
		}
	}
	if (rc == ST_OK)
		rc = store_export_csv(a->store, a->patient.id, dir);
	if (rc == ST_OK)
		snprintf(a->status, sizeof a->status, "Saved in %s/%s-%s", EXPORTS, a->patient.clinic_id, day);
	else
		snprintf(a->status, sizeof a->status, "Not saved: %s", st_errmsg());
	a->graphs.view.status = a->status;
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

int physio_act(struct app *a, const struct ui_action *act)
{
	bool back = act->kind == UI_ACT_BACK || act->kind == UI_ACT_QUIT;
	switch (a->state) {
	case AS_LIST: {
		bool more;
		int rows = app_page(a, a->list_page, &more);
		if (back) {
			physio_clear(a);
			a->state = AS_CHOOSE;
		} else if (act->kind == UI_ACT_SELECT && more && act->index == rows) {
			a->list_page = app_next_page(a, a->list_page);
			physio_open_list(a);
		} else if (act->kind == UI_ACT_SELECT && act->index >= 0 && act->index < rows) {
			return open_detail(a, a->patients[a->list_page + act->index].clinic_id);
		} else if (act->kind == UI_ACT_NEXT) {
			add_open(a);
		}
		return ST_OK;
	}
	case AS_ADD_ID:
		return add_id_act(a, act);
	case AS_ADD_SIDE:
	case AS_ADD_PHASE:
	case AS_SET_PHASE:
		return choice_act(a, act);
	case AS_DETAIL:
		if (back)
			physio_open_list(a);
		else if (act->kind == UI_ACT_CONFIRM || act->kind == UI_ACT_DECLINE)
			return decide(a, act->kind == UI_ACT_CONFIRM);
		else if (act->kind == UI_ACT_NEXT) {
			a->status[0] = '\0';
			int rc = build_graphs(a);
			if (rc == ST_OK)
				a->state = AS_GRAPHS;
			return rc;
		} else if (act->kind == UI_ACT_SELECT) {
			return open_trace(a);
		} else if (act->kind == UI_ACT_SET_PHASE) {
			a->choice = a->patient.phase;
			a->state = AS_SET_PHASE;
		}
		return ST_OK;
	case AS_GRAPHS:
	case AS_TRACE:
		if (back) {
			free_trace(a);
			a->status[0] = '\0';
			a->state = AS_DETAIL;
		} else if (act->kind == UI_ACT_SELECT && a->state == AS_GRAPHS && act->index >= 0 &&
			   act->index < a->graphs.view.n) {
			a->graphs.view.selected = act->index;
		} else if (act->kind == UI_ACT_EXPORT) {
			return export_all(a);
		}
		return ST_OK;
	default:
		return ST_OK;
	}
}

void physio_view(struct app *a, struct screen_view *out)
{
	switch (a->state) {
	case AS_LIST: {
		out->id = SCREEN_PATIENT_LIST;
		bool more;
		int rows = app_page(a, a->list_page, &more);
		for (int i = 0; i < rows; i++) {
			out->patients.rows[i].name = patient_label(&a->patients[a->list_page + i]);
			out->patients.rows[i].detail = a->list_detail[i];
			out->patients.rows[i].flagged = a->list_flag[i];
		}
		out->patients.n = rows;
		if (more)
			out->patients.rows[out->patients.n++].name = MORE_PATIENTS;
		break;
	}
	case AS_DETAIL: {
		struct view_patient_detail *d = &out->patient;
		out->id = SCREEN_PATIENT_DETAIL;
		*d = (struct view_patient_detail){ .name = patient_label(&a->patient),
						   .phase = a->patient.phase, .exercise = a->exercise.name,
						   .dose = a->dose, .last = a->last };
		if (a->psugg.verdict == VERDICT_NEXT_PHASE) {
			d->suggestion = a->suggestion_text;
			d->n_reasons = split_reasons(&a->psugg, a->reason_lines, d->reasons);
		}
		d->status = a->status[0] ? a->status : NULL;
		break;
	}
	case AS_ADD_ID:
		snprintf(a->add_id, sizeof a->add_id, "%s%s", ADD_PREFIX, a->add_digits);
		out->id = SCREEN_PIN;
		out->pin = (struct view_pin){ .prompt = "New patient: number", .text = a->add_id,
					      .hint = a->add_suggested ? "Type to change it" : NULL,
					      .message = a->status[0] ? a->status : NULL };
		break;
	case AS_ADD_SIDE:
	case AS_ADD_PHASE:
	case AS_SET_PHASE:
		out->id = SCREEN_CHOICE;
		view_choice(a, &out->choice);
		break;
	case AS_GRAPHS:
		out->id = SCREEN_GRAPHS;
		out->graphs = a->graphs.view;
		break;
	case AS_TRACE:
		out->id = SCREEN_FORCE_TRACE;
		view_trace(a, &out->trace);
		break;
	default:
		break;
	}
}
