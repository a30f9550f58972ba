/* app.c: the app shell: it owns the clinic (store, programme, patients) and the two sides,
 * shows the choose-patient and PIN screens itself, and routes ticks, actions and views to
 * the side that has the screen: the patient's session (session_side.c), the physio's
 * screens (physio_side.c), the VISA-A (visa_side.c: when the physio asks, and offered
 * before a session when due) and the plate's calibration (calibrate_side.c, from the
 * physio's list). Calls go one way, from here to the sides. */
#include "app.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calibrate_side.h"
#include "clinic.h"
#define LOG_PREFIX "app"
#include "log.h"
#include "physio_side.h"
#include "pin_pad.h"
#include "runner.h"
#include "session_side.h"
#include "visa_side.h"

enum shell_screen {
	SHELL_CHOOSE,  /* who is exercising? */
	SHELL_PIN,     /* the physio's PIN */
	SHELL_SESSION, /* the patient side has the screen */
	SHELL_PHYSIO,  /* the physio side has the screen */
	SHELL_VISA,    /* the VISA-A: for the physio, or before the session of visa_patient */
	SHELL_CALIBRATE, /* the plate's calibration, from the physio's list */
};

struct app {
	struct clinic clinic;
	enum shell_screen screen;
	bool quit;
	int page;             /* first patient shown on the choose screen */
	int64_t last_patient; /* highlighted on the choose screen */
	bool more_outlined;   /* ... or its "More patients", reached by the arrows */
	struct pin_pad pin;
	struct session_side session;
	struct physio_side physio;
	struct visa_side visa;
	int visa_patient;     /* the patient whose session follows the VISA-A, -1: the physio's */
	struct calibrate_side calibrate;
	double lock_s;        /* the physio side locks after this long idle */
	double last_input_s;  /* when the physio side last had input */
	int sessions_ended;   /* run to their end, or refused or unable to start: the patient back on
			       * the first screen (the demo's --exit-after looped for ever on a day a
			       * red flag refused every session) */
};

static double monotonic_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The idle time that locks the physio side: the parameter, else $STATION_PHYSIO_LOCK_S. */
static double lock_after_s(const struct app_params *p)
{
	if (p->physio_lock_s > 0)
		return p->physio_lock_s;
	const char *env = getenv("STATION_PHYSIO_LOCK_S");
	char *end;
	double s = env ? strtod(env, &end) : 0;
	if (env && (*end || !(s > 0) || s > PHYSIO_LOCK_MAX_S)) { /* a day's lock is no lock */
		log_warning("STATION_PHYSIO_LOCK_S='%s' is not a number of seconds up to %.0f: %.0f s used", env,
			    PHYSIO_LOCK_MAX_S, PHYSIO_LOCK_S);
		s = 0;
	}
	return s > 0 ? s : PHYSIO_LOCK_S;
}

static int page_of_last(const struct app *a);

int app_new(const struct app_params *p, struct app **out)
{
	struct app *a = calloc(1, sizeof *a);
	if (!a)
		return st_fail(ST_ERR_NOMEM, "out of memory for the app");
	a->session.pain = -1;
	a->lock_s = lock_after_s(p);
	int rc = clinic_open(p, &a->clinic);
	if (rc != ST_OK) {
		free(a);
		return rc;
	}
	/* after a restart, today's last patient is outlined, as before it (a session that ended
	 * or one the station stopped under) */
	if (runner_last_patient_today(a->clinic.store, &a->last_patient) != ST_OK)
		log_warning("%s", st_errmsg()); /* only an outline lost */
	a->page = page_of_last(a); /* on its page (a stranger's was on page 3: nothing outlined) */
	*out = a;
	return ST_OK;
}

void app_free(struct app *a)
{
	if (!a)
		return;
	session_side_close(&a->session);
	physio_side_clear(&a->physio);
	calibrate_side_close(&a->calibrate);
	clinic_close(&a->clinic);
	free(a);
}

bool app_quit(const struct app *a)
{
	return a->quit;
}

uint64_t app_last_sample_ns(const struct app *a)
{
	return session_side_last_sample_ns(&a->session);
}

bool app_muted(const struct app *a)
{
	return a->session.muted;
}

int app_scripted_answer(const struct app *a)
{
	const struct session_runner *r = a->screen == SHELL_SESSION ? a->session.runner : NULL;
	if (!r || !runner_scripted(r) || a->session.screen != SESSION_SIDE_RUNNING)
		return -1;
	struct flow_view v;
	runner_view(r, &v);
	return v.stage == FLOW_QUESTION ? runner_scripted_answer(r, &v) : -1;
}

int app_feedback_count(const struct app *a)
{
	return a->session.n_feedback;
}

uint64_t app_feedback_event_ns(const struct app *a, int i)
{
	const struct session_side *s = &a->session;
	bool kept = i >= 0 && i < s->n_feedback && i >= s->n_feedback - SESSION_FEEDBACK_KEPT;
	return kept ? s->feedback_event_ns[i % SESSION_FEEDBACK_KEPT] : 0;
}

bool app_waiting(const struct app *a)
{
	return a->screen == SHELL_SESSION && session_side_waiting(&a->session);
}

struct app_sessions app_sessions(const struct app *a)
{
	return (struct app_sessions){ a->sessions_ended, a->screen == SHELL_SESSION && a->session.opened };
}

const struct view_tempo *app_tempo(const struct app *a)
{
	return a->screen == SHELL_SESSION ? session_side_tempo(&a->session) : NULL;
}

/* The page that holds the last patient chosen, so that the outline is on the screen (after
 * a session of a patient on page 3 it came back to page 1 with nothing outlined). */
static int page_of_last(const struct app *a)
{
	const struct clinic *c = &a->clinic;
	int page = 0;
	for (size_t i = 0; i < c->n_patients; i++)
		if (c->patients[i].id == a->last_patient) {
			bool more;
			while (page + clinic_page(c, page, &more) <= (int)i && clinic_next_page(c, page) > page)
				page = clinic_next_page(c, page);
			return page;
		}
	return 0;
}

/* The patients again (added or changed meanwhile), on the last one's page. */
static int back_to_choose(struct app *a)
{
	a->screen = SHELL_CHOOSE;
	a->more_outlined = false;
	int rc = clinic_load_patients(&a->clinic);
	a->page = page_of_last(a);
	return rc;
}

/* ---- choosing a patient ---- */

static void view_choose(struct app *a, struct view_choose_patient *v)
{
	const struct clinic *c = &a->clinic;
	*v = (struct view_choose_patient){ .highlighted = -1 };
	bool more;
	int rows = clinic_page(c, a->page, &more);
	for (; v->n < rows; v->n++) {
		const struct patient *p = &c->patients[a->page + v->n];
		if (p->id == a->last_patient || c->n_patients == 1)
			v->highlighted = v->n;
		v->names[v->n] = clinic_shown_name(c, p);
	}
	if (more && a->more_outlined)
		v->highlighted = v->n;
	if (more)
		v->names[v->n++] = MORE_PATIENTS;
}

int app_choose_tile(const struct app *a, const char *clinic_id)
{
	const struct clinic *c = &a->clinic;
	bool more;
	int rows = clinic_page(c, a->page, &more);
	for (int i = 0; i < rows; i++)
		if (strcmp(c->patients[a->page + i].clinic_id, clinic_id) == 0)
			return i;
	return more ? rows : -1;
}

/* The next page, its first patient outlined (a clicker turns the pages with "next"). */
static void turn_page(struct app *a)
{
	const struct clinic *c = &a->clinic;
	a->page = clinic_next_page(c, a->page);
	a->more_outlined = false;
	if ((size_t)a->page < c->n_patients)
		a->last_patient = c->patients[a->page].id;
}

static int start_session(struct app *a, const struct patient *p)
{
	a->screen = SHELL_SESSION;
	int rc = session_side_start(&a->session, &a->clinic, p);
	if (rc == ST_OK)
		a->last_patient = p->id;
	return rc;
}

/* The VISA-A first when it is due (VISA_DUE_DAYS), then the session; not after a red
 * flag today, when the session's refusal says why at once (a stranger was asked the
 * VISA-A's 8 questions first). */
static int choose_patient(struct app *a, int pick)
{
	const struct patient *p = &a->clinic.patients[pick];
	if (runner_refused_today(a->clinic.store, p->id) != ST_OK)
		return start_session(a, p);
	bool due;
	int rc = visa_due(a->clinic.store, p->id, time(NULL), &due);
	if (rc != ST_OK || !due)
		return start_session(a, p);
	visa_side_open(&a->visa, p, clinic_shown_name(&a->clinic, p), true); /* the patients' side: no full name */
	a->visa_patient = pick;
	a->screen = SHELL_VISA;
	return ST_OK;
}

static void lock_physio(struct app *a);

/* The VISA-A is over: on to the patient's session, or, when the physio handed the screen
 * over for it, the physio side locked: the patient holds the screen now, and the PIN
 * brings the physio back (the score is on the patient's screen). */
static int visa_over(struct app *a)
{
	if (a->visa_patient >= 0 && a->visa.left)
		return back_to_choose(a);
	if (a->visa_patient >= 0)
		return start_session(a, &a->clinic.patients[a->visa_patient]);
	lock_physio(a);
	return ST_OK;
}

/* The physio's VISA-A and calibration buttons open their sides. */
static int act_physio(struct app *a, const struct ui_action *act)
{
	if (act->kind == UI_ACT_VISA && a->physio.screen == PHYSIO_DETAIL) {
		visa_side_open(&a->visa, &a->physio.patient, patient_label(&a->physio.patient), false);
		a->visa_patient = -1;
		a->screen = SHELL_VISA;
		return ST_OK;
	}
	if (act->kind == UI_ACT_CALIBRATE && a->physio.screen == PHYSIO_LIST) {
		calibrate_side_open(&a->calibrate, &a->clinic, a->physio.who);
		a->screen = SHELL_CALIBRATE;
		return ST_OK;
	}
	int rc = physio_side_act(&a->physio, &a->clinic, act);
	if (a->physio.screen == PHYSIO_CLOSED)
		a->screen = SHELL_CHOOSE;
	return rc;
}

static int act_choose(struct app *a, const struct ui_action *act)
{
	const struct clinic *c = &a->clinic;
	int pick = -1;
	bool more;
	int rows = clinic_page(c, a->page, &more);
	if (act->kind == UI_ACT_SELECT && more && act->index == rows)
		turn_page(a);
	else if (act->kind == UI_ACT_SELECT && act->index >= 0 && act->index < rows)
		pick = a->page + act->index;
	else if (act->kind == UI_ACT_NEXT && a->more_outlined && more)
		turn_page(a);
	else if (act->kind == UI_ACT_NEXT) {
		struct view_choose_patient v;
		view_choose(a, &v);
		pick = v.highlighted >= 0 ? a->page + v.highlighted : -1;
	} else if (act->kind == UI_ACT_PHYSIO) {
		a->screen = SHELL_PIN;
		pin_pad_open(&a->pin, c->data_dir, c->n_patients);
	} else if (act->kind == UI_ACT_BACK) {
		a->page = 0;
		a->more_outlined = false;
	} else if (act->kind == UI_ACT_STEP && rows > 0) {
		/* the arrows move the outline, onto "More patients" too ("next" picks it) */
		struct view_choose_patient v;
		view_choose(a, &v);
		int last = rows - !more, row = v.highlighted < 0 ? 0 : v.highlighted + act->index;
		row = row < 0 ? 0 : row > last ? last : row;
		a->more_outlined = row == rows;
		if (row < rows)
			a->last_patient = c->patients[a->page + row].id;
	}
	if (pick >= 0 && (size_t)pick < c->n_patients)
		return choose_patient(a, pick);
	return ST_OK;
}

/* ---- the PIN ---- */

static int act_pin(struct app *a, const struct ui_action *act)
{
	switch (pin_pad_act(&a->pin, a->clinic.data_dir, act)) {
	case PIN_PAD_STAY:
		break;
	case PIN_PAD_BACK:
		a->screen = SHELL_CHOOSE;
		break;
	case PIN_PAD_OPENED: {
		int rc = back_to_choose(a); /* patients added since (station patients add) */
		a->screen = SHELL_PHYSIO;
		physio_side_open(&a->physio, &a->clinic);
		return rc;
	}
	}
	return ST_OK;
}

/* ---- the idle lock ---- */

static double now_s(const struct app *a)
{
	return a->clinic.params.clock_s ? a->clinic.params.clock_s() : monotonic_s();
}

/* Locks the physio side (and the calibration opened from it: stopped, nothing saved):
 * back to choosing a patient, nothing of the physio's left on the screen, the PIN and a
 * name asked again. */
static void lock_physio(struct app *a)
{
	if (a->screen == SHELL_CALIBRATE)
		calibrate_side_close(&a->calibrate);
	physio_side_clear(&a->physio);
	memset(&a->physio, 0, sizeof a->physio);
	memset(&a->pin, 0, sizeof a->pin);
	a->screen = SHELL_CHOOSE;
	a->page = 0;
	a->more_outlined = false;
}

/* The physio side locked when idle too long. True when it locked. */
static bool idle_lock(struct app *a)
{
	bool physio = a->screen == SHELL_PHYSIO || a->screen == SHELL_PIN || a->screen == SHELL_CALIBRATE;
	if (!physio || now_s(a) - a->last_input_s < a->lock_s)
		return false;
	lock_physio(a);
	return true;
}

/* ---- routing ---- */

int app_tick(struct app *a, int timeout_ms)
{
	if (idle_lock(a))
		return ST_OK;
	if (a->screen == SHELL_CALIBRATE)
		return calibrate_side_tick(&a->calibrate, timeout_ms);
	return a->screen == SHELL_SESSION ? session_side_tick(&a->session, &a->clinic, timeout_ms) : ST_OK;
}

int app_act(struct app *a, const struct ui_action *act)
{
	if (act->kind == UI_ACT_QUIT)
		a->quit = true;
	if (idle_lock(a) && act->kind != UI_ACT_QUIT)
		return ST_OK; /* a touch on a screen left too long only wakes it */
	a->last_input_s = now_s(a);
	int rc = ST_OK;
	switch (a->screen) {
	case SHELL_CHOOSE:
		if (act->kind == UI_ACT_BACK && a->page == 0)
			a->quit = true; /* Escape on the first screen leaves (a kiosk restarts it) */
		return act_choose(a, act);
	case SHELL_PIN:
		return act_pin(a, act);
	case SHELL_SESSION:
		rc = session_side_act(&a->session, &a->clinic, act);
		if (session_side_over(&a->session)) {
			a->sessions_ended++; /* refused or unable to start too: the demo counts it */
			rc = back_to_choose(a);
		}
		return rc;
	case SHELL_PHYSIO:
		return act_physio(a, act);
	case SHELL_VISA:
		rc = visa_side_act(&a->visa, &a->clinic, act);
		return visa_side_over(&a->visa) ? visa_over(a) : rc;
	case SHELL_CALIBRATE:
		rc = calibrate_side_act(&a->calibrate, act);
		if (calibrate_side_over(&a->calibrate))
			a->screen = SHELL_PHYSIO;
		return rc;
	}
	return rc;
}

void app_view(struct app *a, double now_s, struct screen_view *out)
{
	memset(out, 0, sizeof *out);
	switch (a->screen) {
	case SHELL_CHOOSE:
		out->id = SCREEN_CHOOSE_PATIENT;
		view_choose(a, &out->choose);
		break;
	case SHELL_PIN:
		out->id = SCREEN_PIN;
		pin_pad_view(&a->pin, &out->pin);
		break;
	case SHELL_SESSION:
		session_side_view(&a->session, &a->clinic, now_s, out);
		break;
	case SHELL_PHYSIO:
		physio_side_view(&a->physio, &a->clinic, out);
		break;
	case SHELL_VISA:
		visa_side_view(&a->visa, out);
		break;
	case SHELL_CALIBRATE:
		calibrate_side_view(&a->calibrate, out);
		break;
	}
}
