/* physio_trace.c: any set's force trace: the last one straight from the patient's screen,
 * or a session chosen from the list (newest first), then one of its sets; each rep, hold
 * or hop stored for the set is marked on it. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "convert.h"
#include "paths.h"
#include "physio_side.h"
#include "status.h"

#define OLDER_SESSIONS "Older sessions"

void physio_trace_free(struct physio_trace *t)
{
	if (t->have_trace)
		trace_free(&t->trace);
	free(t->events);
	free(t->sessions);
	memset(t, 0, sizeof *t);
}

static const struct history_session *session_of(const struct physio_side *ph, int i)
{
	return &ph->review.history.sessions[i];
}

static void minute_of(time_t t, char *buf, size_t len)
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, len, "%d %b %Y %H:%M", &tm);
}

/* When session i started, to the minute; to the second when a session next to it in the
 * history started in the same minute, so that the two are told apart. */
static void session_when(const struct physio_side *ph, int i, char *buf, size_t len)
{
	const struct history *h = &ph->review.history;
	char other[40];
	minute_of(h->sessions[i].started, buf, len);
	for (int k = i - 1; k <= i + 1; k += 2) {
		if (k < 0 || (size_t)k >= h->n)
			continue;
		minute_of(h->sessions[k].started, other, sizeof other);
		if (strcmp(buf, other) == 0) {
			struct tm tm;
			localtime_r(&h->sessions[i].started, &tm);
			strftime(buf, len, "%d %b %Y %H:%M:%S", &tm);
			return;
		}
	}
}

/* The chosen session's recorded sets, the last one chosen. */
static void list_sets(struct physio_trace *t, const struct history_session *s)
{
	t->n_sets = 0;
	for (size_t k = 0; k < s->n_sets && t->n_sets < VIEW_MAX_CHOICES; k++)
		if (s->sets[k].recording[0]) {
			snprintf(t->set_labels[t->n_sets], sizeof t->set_labels[0], "Set %d", s->sets[k].set_no);
			t->sets[t->n_sets++] = (int)k;
		}
	t->set = t->n_sets - 1;
}

/* The set's recording and its events, shown. */
static int load(struct physio_side *ph, const struct clinic *c)
{
	struct physio_trace *t = &ph->trace;
	const struct history_session *s = session_of(ph, t->session);
	const struct history_set *set = &s->sets[t->sets[t->set]];
	if (t->have_trace)
		trace_free(&t->trace);
	free(t->events);
	t->events = NULL;
	t->n_events = 0;
	t->have_trace = false;
	char path[PATH_MAX];
	int rc = st_path(path, sizeof path, "%s/%s", c->data_dir, set->recording);
	if (rc == ST_OK)
		rc = load_trace(path, &t->trace);
	if (rc != ST_OK)
		return rc;
	t->have_trace = true;
	t->hops = ex_kind_mode(set->kind) == EXERCISE_HOP;
	struct set_event *ev = NULL;
	size_t n = 0;
	rc = store_set_events(c->store, set->id, &ev, &n);
	t->events = n ? calloc(n, sizeof *t->events) : NULL;
	if (rc == ST_OK && n && !t->events)
		rc = st_fail(ST_ERR_NOMEM, "out of memory for a set's events");
	/* event times are the recording's: shifted to start at its first sample */
	double t0 = t->trace.n ? t->trace.t_s[0] : 0;
	for (size_t i = 0; rc == ST_OK && i < n; i++)
		t->events[t->n_events++] = (struct view_trace_event){ ev[i].start_s - t0, ev[i].top_s - t0,
								      ev[i].lower_start_s - t0, ev[i].end_s - t0 };
	free(ev);
	if (rc != ST_OK)
		return rc;
	char when[40];
	session_when(ph, t->session, when, sizeof when);
	snprintf(t->title, sizeof t->title, "%s, set %d", when, set->set_no);
	/* a recording shorter than when it was saved (a disk fault, a copy cut short) is drawn
	 * as far as it goes, and said so: it was drawn as if whole */
	struct stat sb;
	t->cut_short[0] = '\0';
	if (set->recording_bytes > 0 && stat(path, &sb) == 0 && sb.st_size < set->recording_bytes)
		snprintf(t->cut_short, sizeof t->cut_short, "Recording cut short: %lld of its %lld KB are here",
			 (long long)(sb.st_size / 1024), (long long)((set->recording_bytes + 1023) / 1024));
	struct tm tm;
	char stamp[20];
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", localtime_r(&s->started, &tm));
	snprintf(t->file, sizeof t->file, "force-trace-%s-set%d.png", stamp, set->set_no);
	ph->screen = PHYSIO_TRACE;
	return ST_OK;
}

int physio_trace_open(struct physio_side *ph, const struct clinic *c, bool open_last)
{
	struct physio_trace *t = &ph->trace;
	physio_trace_free(t);
	const struct history *h = &ph->review.history;
	t->sessions = malloc((h->n ? h->n : 1) * sizeof *t->sessions);
	if (!t->sessions)
		return st_fail(ST_ERR_NOMEM, "out of memory for the sessions");
	for (size_t i = h->n; i-- > 0;)
		for (size_t k = 0; k < h->sessions[i].n_sets; k++)
			if (h->sessions[i].sets[k].recording[0]) {
				t->sessions[t->n_sessions++] = (int)i;
				break;
			}
	if (!t->n_sessions)
		return st_fail(ST_ERR_NOT_FOUND, "%s has no recorded set yet", ph->patient.clinic_id);
	if (!open_last) {
		ph->screen = PHYSIO_SESSIONS;
		return ST_OK;
	}
	t->session = t->sessions[0];
	list_sets(t, session_of(ph, t->session));
	return load(ph, c);
}

int physio_trace_act(struct physio_side *ph, const struct clinic *c, const struct ui_action *act)
{
	struct physio_trace *t = &ph->trace;
	bool back = act->kind == UI_ACT_BACK || act->kind == UI_ACT_QUIT;
	switch (ph->screen) {
	case PHYSIO_SESSIONS: {
		bool more;
		int rows = list_page((size_t)t->n_sessions, t->page, VIEW_MAX_LIST, &more);
		if (back) {
			physio_trace_free(t);
			ph->screen = PHYSIO_DETAIL;
		} else if (act->kind == UI_ACT_SELECT && act->index >= 0 && act->index < rows) {
			t->session = t->sessions[t->page + act->index];
			list_sets(t, session_of(ph, t->session));
			ph->screen = PHYSIO_SETS;
		} else if (act->kind == UI_ACT_SELECT && more && act->index == rows) {
			t->page = list_next_page((size_t)t->n_sessions, t->page, VIEW_MAX_LIST);
		}
		return ST_OK;
	}
	case PHYSIO_SETS: {
		int rc = ST_OK;
		t->failed[0] = '\0';
		if (back)
			ph->screen = PHYSIO_SESSIONS;
		else if (act->kind == UI_ACT_SELECT && act->index >= 0 && act->index < t->n_sets)
			t->set = act->index;
		else if (act->kind == UI_ACT_NEXT)
			rc = load(ph, c);
		/* said on the screen (a missing or damaged recording did nothing there) */
		if (rc != ST_OK) { /* the reason, short: the file's name is in the log */
			const char *msg = st_errmsg(), *last = strrchr(msg, ':');
			snprintf(t->failed, sizeof t->failed, "Cannot open its recording: %s", last ? last + 2 : msg);
		}
		return rc;
	}
	default: /* the trace */
		if (back) {
			physio_trace_free(t);
			ph->screen = PHYSIO_DETAIL;
		}
		else if (act->kind == UI_ACT_SELECT)
			ph->screen = PHYSIO_SESSIONS;
		return ST_OK;
	}
}

static void view_trace(const struct physio_trace *t, struct view_force_trace *v)
{
	*v = (struct view_force_trace){ .title = t->title, .left_n = t->trace.fz[0], .right_n = t->trace.fz[1],
					.n = (int)t->trace.n, .rate_hz = t->trace.rate_hz, .events = t->events,
					.n_events = t->n_events, .hops = t->hops };
}

void physio_trace_view(struct physio_side *ph, struct screen_view *out)
{
	struct physio_trace *t = &ph->trace;
	if (ph->screen == PHYSIO_SESSIONS) {
		struct view_patient_list *v = &out->patients;
		out->id = SCREEN_PATIENT_LIST;
		*v = (struct view_patient_list){ .title = "Which session?" };
		bool more;
		int rows = list_page((size_t)t->n_sessions, t->page, VIEW_MAX_LIST, &more);
		for (int i = 0; i < rows; i++) {
			const struct history_session *s = session_of(ph, t->sessions[t->page + i]);
			session_when(ph, t->sessions[t->page + i], t->rows[i], sizeof t->rows[i]);
			snprintf(t->details[i], sizeof t->details[i], "Phase %d · %d of %d sets", s->phase,
				 review_sets_done(s), s->sets_planned);
			v->rows[v->n].name = t->rows[i];
			v->rows[v->n++].detail = t->details[i];
		}
		if (more)
			v->rows[v->n++].name = OLDER_SESSIONS;
	} else if (ph->screen == PHYSIO_SETS) {
		struct view_choice *v = &out->choice;
		out->id = SCREEN_CHOICE;
		session_when(ph, t->session, t->title, sizeof t->title);
		*v = (struct view_choice){ .title = t->title, .question = "Which set?", .n = t->n_sets,
					   .selected = t->set, .button = "Open", .detail = t->failed[0] ? t->failed : NULL };
		for (int i = 0; i < t->n_sets; i++)
			v->labels[i] = t->set_labels[i];
	} else {
		out->id = SCREEN_FORCE_TRACE;
		view_trace(t, &out->trace);
	}
}

int physio_trace_png(const struct physio_trace *t, const char *clinic_id, int w, int h, const char *path)
{
	struct ui *ui;
	int rc = ui_open_offscreen(w, h, &ui);
	if (rc != ST_OK)
		return rc;
	ui->palette = ui_palette_paper;
	struct view_force_trace v;
	view_trace(t, &v);
	char title[PATIENT_ID_MAX + sizeof t->title + 32];
	snprintf(title, sizeof title, "%s, %s%s", clinic_id, t->title, t->cut_short[0] ? " (recording cut short)" : "");
	v.title = title;
	ui_begin(ui);
	draw_force_trace_title(ui, &v);
	draw_force_trace(ui, &v, ui_rect(ui, 2, 7.5, ui_width_u(ui) - 4, 48 - 9.5));
	rc = ui_save_png(ui, path);
	ui_close(ui);
	return rc;
}
