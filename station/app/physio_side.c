/* physio_side.c: the physio screens behind the PIN: patient list, adding a patient
 * (number, side, phase), patient detail with the phase decision and setting the phase
 * (each asked once, recorded with the physio's name), the PDF report, progress graphs
 * across sessions (the report's, progress.h), and the export of graphs (PNG) and data
 * (CSV). Who decides is physio_login.c's; the force trace physio_trace.c's. */
#include "physio_side.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "paths.h"
#include "report.h"
#include "status.h"
#include "visa_side.h"

#define SET_WHY "set on the station screen"
#define ADD_PREFIX "P-" /* new patients' clinic ids: P-1, P-2, ... */
#define ADD_DIGITS 8
#define EXPORTS "exports"
#define NOT_SAVED "Not saved: "
#define EXPORT_NAME_MAX (sizeof EXPORTS + PATIENT_ID_MAX + 40) /* "exports/ID-report-YYYY-MM-DD.pdf" */
#define EXPORT_W 1600
#define EXPORT_H 900
#define REASON_BRIEF 38 /* characters of a reason kept whole beside the buttons at 800x480 */
#define PAIN_TREND 4    /* sessions in the pain trend */
#define SPACING_REASON "too soon after" /* in the suggestion's reason naming sessions too close */

static void free_graphs(struct physio_side *ph)
{
	if (ph->have_graphs)
		progress_graphs_free(&ph->graphs);
	ph->have_graphs = false;
}

void physio_side_clear(struct physio_side *ph)
{
	free_graphs(ph);
	if (ph->have_review)
		review_free(&ph->review);
	ph->have_review = false;
	physio_trace_free(&ph->trace);
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

/* The status line: what was just done (failed: what could not be, drawn as a warning). */
static void say(struct physio_side *ph, bool failed, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(struct physio_side *ph, bool failed, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ph->status, sizeof ph->status, fmt, ap);
	va_end(ap);
	ph->status_failed = failed;
}


void physio_open_list(struct physio_side *ph, struct clinic *c)
{
	physio_side_clear(ph);
	ph->screen = PHYSIO_LIST;
	ph->status[0] = '\0';
	if (clinic_load_patients(c) != ST_OK) /* patients added meanwhile (station patients add) */
		say(ph, true, "%s", st_errmsg());
	if ((size_t)ph->list_page >= c->n_patients)
		ph->list_page = 0;
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
			ph->list_flag[i] = sg.verdict == VERDICT_NEXT_PHASE && !sg.declined;
			history_free(&h);
		}
		/* the clinic number too where the name is shown (and may be cut) */
		snprintf(ph->list_detail[i], sizeof ph->list_detail[i], "%s%sPhase %d · %s", p->name[0] ? p->clinic_id : "",
			 p->name[0] ? " · " : "", p->phase, when);
	}
}

void physio_side_open(struct physio_side *ph, const struct clinic *c)
{
	ph->list_page = 0;
	physio_login_open(ph, c);
}

/* The patients again after a change (the list from its first page). */
static int reload(struct physio_side *ph, struct clinic *c)
{
	ph->list_page = 0;
	return clinic_load_patients(c);
}

/* ---- the detail ---- */

/* The patient's clinic number (beside a name), side and pain trend (most during each of the
 * last sessions); the latest VISA-A is a line of its own (ph->visa, visa_side.h). */
static void detail_facts(struct physio_side *ph)
{
	const struct history *h = &ph->review.history;
	const struct patient *p = &ph->patient;
	int n = snprintf(ph->facts, sizeof ph->facts, "%s%sInvolved: %s", p->name[0] ? p->clinic_id : "",
			 p->name[0] ? " · " : "", side_name(p->side));
	const char *sep = " · pain during ";
	for (size_t i = h->n > PAIN_TREND ? h->n - PAIN_TREND : 0; i < h->n; i++)
		if (h->sessions[i].pain_during_max != PAIN_NONE) {
			n += snprintf(ph->facts + n, sizeof ph->facts - (size_t)n, "%s%d", sep, h->sessions[i].pain_during_max);
			sep = ", ";
		}
}

/* Sessions too close together (the suggestion's reason), or the last one too recent. */
static void detail_warning(struct physio_side *ph, const struct clinic *c)
{
	ph->warning[0] = '\0';
	const struct suggestion *sg = &ph->review.suggestion;
	for (size_t i = 0; i < sg->n_reasons; i++)
		if (strstr(sg->reasons[i], SPACING_REASON)) {
			unsigned long n = strtoul(sg->reasons[i], NULL, 10);
			snprintf(ph->warning, sizeof ph->warning, "Too soon to count: %lu session%s", n, n == 1 ? "" : "s");
			return;
		}
	const struct history_session *last = review_last_exercised(&ph->review.history);
	double hours;
	if (last && progression_too_soon(&c->prog, ph->patient.phase, last->started, time(NULL), &hours))
		snprintf(ph->warning, sizeof ph->warning, "Last session %.0f h ago: every other day asks %.0f h",
			 hours, c->prog.spacing_hours);
}

static int open_detail(struct physio_side *ph, struct clinic *c, const char *clinic_id)
{
	physio_side_clear(ph);
	ph->status[0] = '\0';
	int rc = review_load(c->store, &c->prog, clinic_id, 0, 0, &ph->review);
	if (rc != ST_OK)
		return rc;
	ph->have_review = true;
	ph->reasons_open = false;
	ph->patient = ph->review.patient;
	rc = visa_latest_words(c->store, ph->patient.id, ph->visa, sizeof ph->visa);
	if (rc != ST_OK)
		return rc;
	const struct dose *d = &ph->review.prescription.dose;
	enum exercise mode = ex_kind_mode(ph->review.prescription.kind);
	/* "1 hold x 5 sets", "hops, 1 set" (patient-paced: no count) */
	int n = d->reps_min > 0 ? snprintf(ph->dose, sizeof ph->dose, "%d %s x %d %s", d->reps_min,
					   exercise_count_noun(mode, d->reps_min), d->sets_min, d->sets_min == 1 ? "set" : "sets")
				: snprintf(ph->dose, sizeof ph->dose, "%s at the patient's pace, %d %s",
					   exercise_count_noun(mode, 2), d->sets_min, d->sets_min == 1 ? "set" : "sets");
	if (mode == EXERCISE_HOLD)
		n += snprintf(ph->dose + n, sizeof ph->dose - (size_t)n, " of %.0f s", d->hold_min_s);
	if (d->lower_max_s > 0)
		snprintf(ph->dose + n, sizeof ph->dose - (size_t)n, ", lower %.0f-%.0f s", d->lower_min_s, d->lower_max_s);
	const struct history *h = &ph->review.history;
	if (!h->n) {
		snprintf(ph->last, sizeof ph->last, "No session yet");
	} else {
		const struct history_session *s = &h->sessions[h->n - 1];
		char when[32];
		days_ago(s->started, when, sizeof when);
		if (!s->n_sets && s->ended[0]) /* the safety questions stopped it */
			n = snprintf(ph->last, sizeof ph->last, "Last: %s, stopped before exercising%s", when,
				     s->red_flag ? " (red flag)" : "");
		else
			n = snprintf(ph->last, sizeof ph->last, "Last: %s, %d of %d sets%s", when, review_sets_done(s),
				     s->sets_planned, s->complete ? "" : s->ended[0] ? " (stopped)" : " (cut short)");
		if (!s->n_sets && s->pain_before != PAIN_NONE)
			snprintf(ph->last + n, sizeof ph->last - (size_t)n, ", pain %d/10 before", s->pain_before);
		else if (s->pain_during_max != PAIN_NONE)
			snprintf(ph->last + n, sizeof ph->last - (size_t)n, ", pain up to %d/10", s->pain_during_max);
	}
	detail_facts(ph);
	detail_warning(ph, c);
	suggestion_words(&ph->review.suggestion, false, ph->suggestion_text, sizeof ph->suggestion_text);
	ph->screen = PHYSIO_DETAIL;
	return ST_OK;
}

/* The patient again after a decision, with what was saved. */
static int reopen_saying(struct physio_side *ph, struct clinic *c, int rc, const char *said)
{
	char clinic_id[PATIENT_ID_MAX], text[PHYSIO_TEXT];
	snprintf(clinic_id, sizeof clinic_id, "%s", ph->patient.clinic_id);
	snprintf(text, sizeof text, "%.*s", (int)sizeof text - 1, said); /* a long name: the start of it */
	/* refused (decided meanwhile by a command beside the screen): said, and the patient as
	 * stored now shown (a stranger's Yes did nothing, and the page kept the old phase) */
	if (rc != ST_OK)
		snprintf(text, sizeof text, "%s%s", NOT_SAVED, st_errmsg());
	int again = reload(ph, c);
	if (again == ST_OK)
		again = open_detail(ph, c, clinic_id);
	if (again == ST_OK)
		say(ph, rc != ST_OK, "%s", text);
	return rc != ST_OK ? rc : again;
}

static int decide(struct physio_side *ph, struct clinic *c, bool confirm)
{
	const struct suggestion *sg = &ph->review.suggestion;
	if (sg->verdict != VERDICT_NEXT_PHASE)
		return st_fail(ST_ERR_STATE, "nothing to %s: no phase change is suggested", confirm ? "confirm" : "decline");
	if (!confirm && sg->declined)
		return st_fail(ST_ERR_STATE, "nothing to decline: %s", sg->reasons[0]);
	/* A confirmation's why is the suggestion's reasons; a decline's cannot be (they argue
	 * for the move), and the screen has no keyboard for one: it says where it was made. */
	char why[SUGGESTION_REASONS_MAX * (SUGGESTION_REASON_LEN + 2) + 1] = "";
	size_t len = 0;
	for (size_t i = sg->declined; confirm && i < sg->n_reasons; i++) /* the reasons for the move, not the decline */
		len += (size_t)snprintf(why + len, sizeof why - len, "%s%s", len ? "; " : "", sg->reasons[i]);
	if (!confirm)
		snprintf(why, sizeof why, "declined on the station's screen (no reason given there)");
	else if (!why[0])
		snprintf(why, sizeof why, "%s", ph->suggestion_text);
	char record[SUGGESTION_RECORD_LEN]; /* the suggestion whole, as the command line records it */
	suggestion_record(sg, record);
	int rc = store_phase_decide(c->store, &ph->patient, sg->next_phase, confirm ? PHASE_CONFIRMED : PHASE_DECLINED,
				    ph->who, why, record);
	char said[PHYSIO_TEXT + WHO_MAX + PATIENT_ID_MAX];
	if (confirm)
		snprintf(said, sizeof said, "Saved: %s in phase %d, confirmed by %s", ph->patient.clinic_id, sg->next_phase,
			 ph->who);
	else
		snprintf(said, sizeof said, "Saved: phase %d declined by %s", sg->next_phase, ph->who);
	return reopen_saying(ph, c, rc, said);
}

/* Confirm and Set phase ask once before anything is saved. */
static void ask(struct physio_side *ph, bool confirm, int to)
{
	ph->ask_confirm = confirm;
	snprintf(ph->ask_text, sizeof ph->ask_text, "Move %s to phase %d?", ph->patient.clinic_id, to);
	snprintf(ph->ask_detail, sizeof ph->ask_detail, "Now in phase %d. Recorded as %s by %s.", ph->patient.phase,
		 confirm ? "the suggestion confirmed" : "set", ph->who);
	ph->screen = PHYSIO_ASK;
}

/* ---- adding a patient, setting the phase ---- */

/* The number of a "P-<digits>" id (how many digits in *width), or -1. */
static long number_of(const char *id, int *width)
{
	size_t skip = strlen(ADD_PREFIX);
	const char *digits = id + skip;
	char *end;
	if (strncmp(id, ADD_PREFIX, skip) != 0 || *digits < '0' || *digits > '9')
		return -1;
	long n = strtol(digits, &end, 10);
	*width = (int)(end - digits);
	return !*end && n < 99999999 ? n : -1;
}

/* Starts with the number after the highest "P-<n>" in use, with as many digits as the
 * widest ("P-008" beside "P-007"), which the physio keeps or types over (the clinic's own
 * number, say). */
static void add_open(struct physio_side *ph, const struct clinic *c)
{
	long top = 0;
	int width = 1;
	for (size_t i = 0; i < c->n_patients; i++) {
		int w;
		long n = number_of(c->patients[i].clinic_id, &w);
		top = n > top ? n : top;
		width = n >= 0 && w > width ? w : width;
	}
	snprintf(ph->add_digits, sizeof ph->add_digits, "%0*ld", width < ADD_DIGITS ? width : ADD_DIGITS, top + 1);
	ph->add_suggested = true;
	ph->add_side = -1;
	ph->choice = 1; /* where the programme starts */
	ph->status[0] = '\0';
	ph->screen = PHYSIO_ADD_ID;
}

static int add_id_act(struct physio_side *ph, struct clinic *c, const struct ui_action *act)
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
		physio_open_list(ph, c);
	} else if (act->kind == UI_ACT_NEXT && !len) {
		say(ph, true, "Type the patient's number");
	} else if (act->kind == UI_ACT_NEXT) {
		snprintf(ph->add_id, sizeof ph->add_id, "%s%s", ADD_PREFIX, ph->add_digits);
		char alike[PATIENT_ID_MAX]; /* in use, or one it could be mistaken for ("P-004" for "P-4") */
		int rc = store_patient_alike(c->store, ph->add_id, alike);
		if (rc == ST_OK) {
			say(ph, true, "%s is already a patient", alike);
			return st_fail(ST_ERR_ARG, "patient '%s' already exists", alike);
		}
		if (rc != ST_ERR_NOT_FOUND) {
			say(ph, true, "%s", st_errmsg());
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
		say(ph, true, "%s%s", NOT_SAVED, st_errmsg());
		ph->screen = PHYSIO_ADD_ID;
		return rc;
	}
	rc = reload(ph, c);
	if (rc == ST_OK)
		rc = open_detail(ph, c, ph->add_id);
	if (rc == ST_OK)
		say(ph, false, "Added: %s side involved", side_name((enum side)ph->add_side));
	return rc;
}

static int set_phase(struct physio_side *ph, struct clinic *c)
{
	int from = ph->patient.phase;
	int rc = store_phase_decide(c->store, &ph->patient, ph->choice, PHASE_SET, ph->who, SET_WHY, NULL);
	char said[PHYSIO_TEXT + WHO_MAX + PATIENT_ID_MAX];
	if (ph->choice == from)
		snprintf(said, sizeof said, "Saved: %s stays in phase %d after the red flag, set by %s",
			 ph->patient.clinic_id, from, ph->who);
	else
		snprintf(said, sizeof said, "Saved: %s in phase %d (was %d), set by %s", ph->patient.clinic_id, ph->choice,
			 from, ph->who);
	return reopen_saying(ph, c, rc, said);
}

/* The answer to "Move ... to phase N?". */
static int ask_act(struct physio_side *ph, struct clinic *c, const struct ui_action *act)
{
	if (act->kind == UI_ACT_YES)
		return ph->ask_confirm ? decide(ph, c, true) : set_phase(ph, c);
	if (act->kind == UI_ACT_NO || act->kind == UI_ACT_BACK || act->kind == UI_ACT_NEXT) {
		ph->screen = ph->ask_confirm ? PHYSIO_DETAIL : PHYSIO_SET_PHASE;
		say(ph, false, "Nothing saved");
	}
	return ST_OK;
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
	} else if (act->kind == UI_ACT_NEXT && ph->screen == PHYSIO_SET_PHASE && ph->choice == ph->patient.phase &&
		   ph->review.suggestion.red_flag_open) {
		return set_phase(ph, c); /* the patient seen after a red flag, and kept: it is answered */
	} else if (act->kind == UI_ACT_NEXT && ph->screen == PHYSIO_SET_PHASE && ph->choice == ph->patient.phase) {
		ph->screen = PHYSIO_DETAIL;
		say(ph, false, "Phase %d kept", ph->choice);
	} else if (act->kind == UI_ACT_NEXT && ph->screen == PHYSIO_SET_PHASE) {
		ask(ph, false, ph->choice);
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

/* ---- the graphs, the report and the export ---- */

static int build_graphs(struct physio_side *ph)
{
	free_graphs(ph);
	int rc = progress_graphs_build(&ph->review, &ph->graphs);
	ph->have_graphs = rc == ST_OK;
	ph->graph = 0;
	return rc;
}

/* DIR/exports/FILE-YYYY-MM-DD<ending>, the exports folder made; name gets the path from
 * the data folder (what the screen says). */
static int export_path(const struct clinic *c, const char *file, const char *ending, char *name, size_t name_len,
		       char *path, size_t path_len)
{
	char day[16];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	snprintf(name, name_len, "%s/%s-%s%s", EXPORTS, file, day, ending);
	char dir[PATH_MAX];
	int rc = st_path(dir, sizeof dir, "%s/%s", c->data_dir, EXPORTS);
	if (rc == ST_OK)
		rc = st_make_dirs(dir);
	return rc == ST_OK ? st_path(path, path_len, "%s/%s", c->data_dir, name) : rc;
}

/* What an export did; a failure's message with the paths in it from the data folder, as
 * the saved one is said. */
static void say_saved(struct physio_side *ph, const struct clinic *c, int rc, const char *what, const char *name)
{
	if (rc == ST_OK) {
		say(ph, false, "%s saved in %s", what, name);
		return;
	}
	const char *msg = st_errmsg(), *dir = strstr(msg, c->data_dir);
	size_t n = strlen(c->data_dir);
	if (dir && n && dir[n] == '/')
		say(ph, true, "%s%.*s%s", NOT_SAVED, (int)(dir - msg), msg, dir + n + 1);
	else
		say(ph, true, "%s%s", NOT_SAVED, msg);
}

/* The PDF report (the same as `station report ID --pdf`) as
 * DIR/exports/ID-report-YYYY-MM-DD.pdf, 0600. */
static int export_report(struct physio_side *ph, const struct clinic *c)
{
	char file[PATIENT_ID_MAX + 16], name[EXPORT_NAME_MAX], path[PATH_MAX];
	snprintf(file, sizeof file, "%s-report", ph->patient.clinic_id);
	int rc = export_path(c, file, ".pdf", name, sizeof name, path, sizeof path);
	if (rc == ST_OK)
		rc = report_write_pdf(&ph->review, path, time(NULL));
	say_saved(ph, c, rc, "Report", name);
	return rc;
}

/* The graphs as PNG (the report's), the trace when it is up, and the data as CSV into
 * DIR/exports/ID-YYYY-MM-DD/. */
static int export_all(struct physio_side *ph, const struct clinic *c)
{
	char name[EXPORT_NAME_MAX], dir[PATH_MAX], path[PATH_MAX + sizeof ph->trace.file + 1];
	int written;
	int rc = export_path(c, ph->patient.clinic_id, "", name, sizeof name, dir, sizeof dir);
	if (rc == ST_OK)
		rc = report_write_pngs(&ph->review, dir, EXPORT_W, EXPORT_H, &written);
	if (rc == ST_OK && ph->trace.have_trace) {
		snprintf(path, sizeof path, "%s/%s", dir, ph->trace.file); /* each set its own */
		rc = physio_trace_png(&ph->trace, ph->patient.clinic_id, EXPORT_W, EXPORT_H, path);
	}
	if (rc == ST_OK)
		rc = store_export_csv(c->store, ph->patient.id, dir);
	say_saved(ph, c, rc, "Graphs and data", name);
	return rc;
}

/* ---- actions and views ---- */

/* The suggestion's reasons for the screen: each in full (the screen wraps it), and a brief
 * for the closed suggestion, without its parenthesis (the rule's details) when long. The
 * reason about sessions too close has no brief: the warning line says it. */
static int reasons_view(struct physio_side *ph, const char *full[VIEW_MAX_REASONS], const char *brief[VIEW_MAX_REASONS])
{
	const struct suggestion *sg = &ph->review.suggestion;
	int n = 0;
	for (size_t i = 0; i < sg->n_reasons && n < VIEW_MAX_REASONS; i++, n++) {
		const char *r = sg->reasons[i], *paren = strstr(r, " (");
		const char *close = paren ? strchr(paren, ')') : NULL;
		full[n] = r;
		brief[n] = strstr(r, SPACING_REASON) ? NULL : ph->reason_briefs[n];
		if (strlen(r) > REASON_BRIEF && close)
			snprintf(ph->reason_briefs[n], SUGGESTION_REASON_LEN, "%.*s%s", (int)(paren - r), r, close + 1);
		else
			snprintf(ph->reason_briefs[n], SUGGESTION_REASON_LEN, "%s", r);
	}
	return n;
}

int physio_side_act(struct physio_side *ph, struct clinic *c, const struct ui_action *act)
{
	bool back = act->kind == UI_ACT_BACK || act->kind == UI_ACT_QUIT;
	switch (ph->screen) {
	case PHYSIO_WHO:
	case PHYSIO_NAME:
	case PHYSIO_PIN:
		return physio_login_act(ph, c, act);
	case PHYSIO_LIST: {
		bool more;
		int rows = clinic_page(c, ph->list_page, &more);
		if (back) {
			physio_side_clear(ph);
			ph->screen = PHYSIO_CLOSED;
		} else if (act->kind == UI_ACT_SELECT && more && act->index == rows) {
			ph->list_page = clinic_next_page(c, ph->list_page);
			physio_open_list(ph, c);
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
	case PHYSIO_ASK:
		return ask_act(ph, c, act);
	case PHYSIO_DETAIL: {
		bool said = ph->status[0]; /* what was just done is said until the next touch */
		ph->status[0] = '\0';
		if (back && ph->reasons_open) {
			ph->reasons_open = false;
		} else if (back) {
			physio_open_list(ph, c);
		} else if (act->kind == UI_ACT_SELECT && act->index == 1) {
			ph->reasons_open = !ph->reasons_open && !said;
		} else if (act->kind == UI_ACT_CONFIRM && ph->review.suggestion.verdict == VERDICT_NEXT_PHASE) {
			ask(ph, true, ph->review.suggestion.next_phase);
		} else if (act->kind == UI_ACT_CONFIRM || act->kind == UI_ACT_DECLINE) {
			return decide(ph, c, act->kind == UI_ACT_CONFIRM);
		} else if (act->kind == UI_ACT_NEXT) {
			int rc = build_graphs(ph);
			if (rc == ST_OK)
				ph->screen = PHYSIO_GRAPHS;
			return rc;
		} else if (act->kind == UI_ACT_SELECT && act->index == 0) {
			int rc = physio_trace_open(ph, c, true);
			if (rc != ST_OK)
				say(ph, true, "%s", st_errmsg());
			return rc;
		} else if (act->kind == UI_ACT_SET_PHASE) {
			ph->choice = ph->patient.phase;
			ph->screen = PHYSIO_SET_PHASE;
		} else if (act->kind == UI_ACT_EXPORT) {
			return export_report(ph, c);
		}
		return ST_OK;
	}
	case PHYSIO_GRAPHS:
		if (back) {
			ph->status[0] = '\0';
			ph->screen = PHYSIO_DETAIL;
		} else if (act->kind == UI_ACT_SELECT && act->index >= 0 && act->index < ph->graphs.n) {
			ph->graph = act->index;
		} else if (act->kind == UI_ACT_EXPORT) {
			return export_all(ph, c);
		}
		return ST_OK;
	case PHYSIO_TRACE:
		if (act->kind == UI_ACT_EXPORT)
			return export_all(ph, c);
		/* fall through */
	case PHYSIO_SESSIONS:
	case PHYSIO_SETS:
		ph->status[0] = '\0';
		return physio_trace_act(ph, c, act);
	default:
		return ST_OK;
	}
}

void physio_side_view(struct physio_side *ph, const struct clinic *c, struct screen_view *out)
{
	switch (ph->screen) {
	case PHYSIO_WHO:
	case PHYSIO_NAME:
	case PHYSIO_PIN:
		physio_login_view(ph, out);
		break;
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
		*d = (struct view_patient_detail){ .name = patient_label(&ph->patient), .phase = ph->patient.phase,
						   .exercise = ph->review.prescription.name, .dose = ph->dose,
						   .last = ph->last, .facts = ph->facts, .visa = ph->visa,
						   .warning = ph->warning[0] ? ph->warning : NULL };
		d->suggestion = ph->suggestion_text;
		d->decide = ph->review.suggestion.verdict == VERDICT_NEXT_PHASE;
		d->declined = ph->review.suggestion.declined;
		d->n_reasons = reasons_view(ph, d->reasons, d->briefs);
		d->reasons_open = ph->reasons_open;
		d->status = ph->status[0] ? ph->status : NULL;
		d->failed = ph->status_failed;
		break;
	}
	case PHYSIO_ASK:
		out->id = SCREEN_QUESTION;
		out->question = (struct view_question){ .question = ph->ask_text, .detail = ph->ask_detail,
							.title = "Phase change" };
		break;
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
		out->graphs = (struct view_graphs){ .patient = patient_label(&ph->patient), .graphs = ph->graphs.graphs,
						    .n = ph->graphs.n, .selected = ph->graph,
						    .status = ph->status[0] ? ph->status : NULL,
						    .failed = ph->status_failed };
		break;
	case PHYSIO_SESSIONS:
	case PHYSIO_SETS:
	case PHYSIO_TRACE:
		physio_trace_view(ph, out);
		if (ph->screen == PHYSIO_TRACE) {
			/* what was just done, else what is wrong with the recording */
			const char *note = ph->trace.cut_short[0] ? ph->trace.cut_short : NULL;
			out->trace.status = ph->status[0] ? ph->status : note;
			out->trace.failed = ph->status[0] ? ph->status_failed : note != NULL;
		}
		break;
	default:
		break;
	}
}
