/* app_internal.h: the app's state, shared by its patient side (app.c) and physio side
 * (physio.c). */
#ifndef STATION_APP_INTERNAL_H
#define STATION_APP_INTERNAL_H

#include "app.h"
#include "runner.h"
#include "store.h"
#include "pin.h"
#include "trace.h"

#define PIN_BUF (PIN_MAX + 1)

enum app_state {
	AS_CHOOSE,
	AS_PIN,
	AS_SESSION,      /* the runner's stage says which screen */
	AS_SET_SUMMARY,  /* a set just ended */
	AS_DONE,         /* the session summary */
	AS_LIST,         /* physio */
	AS_DETAIL,
	AS_GRAPHS,
	AS_TRACE,
	AS_ADD_ID,       /* adding a patient: the number */
	AS_ADD_SIDE,     /* ...the involved side */
	AS_ADD_PHASE,    /* ...the phase */
	AS_SET_PHASE,    /* the patient on the detail screen: a new phase */
};

#define APP_TEXT 160

enum pin_entry {
	PIN_ENTER,      /* the physio types the PIN */
	PIN_NEW,        /* a fresh station: the physio chooses one... */
	PIN_REPEAT,     /* ...and types it again */
	PIN_LOCKED,     /* no usable PIN: the pad says how to set one */
};
#define APP_GRAPHS 8

/* One patient's history drawn as graphs (x: sessions). */
struct app_graphs {
	int n;                     /* sessions */
	char (*labels)[8];         /* "24/11" */
	const char **label_ptrs;
	double *y[APP_GRAPHS][VIEW_MAX_SERIES];
	struct view_graphs view;
};

struct app {
	struct app_params params;
	char data_dir[4096];
	struct store *store;
	struct programme prog;
	enum app_state state;
	bool quit;

	struct patient *patients;      /* by clinic id */
	size_t n_patients;
	int page, list_page;           /* first patient shown on the choose screen, the physio's list */
	int64_t last_patient;          /* highlighted on the choose screen */

	char pin[PIN_BUF];
	int pin_len;
	bool pin_wrong;
	enum pin_entry pin_entry;      /* checking the PIN, or setting the first one */
	char pin_first[PIN_BUF];       /* a new PIN typed once, waiting for its repeat */
	time_t pin_retry_at;           /* no try taken before (wall clock, as the tries file) */
	char pin_message[APP_TEXT];    /* why the pad refuses, or "" */
	char pin_wait_text[APP_TEXT];  /* the wait before the next try, as shown */

	/* the session */
	struct session_runner *runner;
	bool unplugged;
	bool muted;
	int pain;                      /* chosen on the pain screen, -1: none yet */
	int set_seen;                  /* the last set whose summary was shown */
	int set_events;                /* the set the events below belong to */
	double set_start_s;            /* when its exercise began (host clock), NAN: not yet */
	double lower_s[VIEW_MAX_REPS];
	int n_lower;
	struct view_hop hops[VIEW_MAX_HOPS];
	int n_hops;
	struct view_tempo tempo;
	char rows[VIEW_MAX_ROWS][2][APP_TEXT];
	char next_what[APP_TEXT], title[APP_TEXT], suggestion_text[APP_TEXT], detail[APP_TEXT];
	struct suggestion suggestion;
	bool have_suggestion;
	struct view_summary summary;   /* the set or session summary, built once */

	/* physio */
	struct patient patient;        /* the one on the detail screen */
	struct history history;
	bool have_history;
	struct suggestion psugg;
	struct prog_exercise exercise;
	char list_detail[VIEW_MAX_LIST][APP_TEXT];
	bool list_flag[VIEW_MAX_LIST];
	char dose[APP_TEXT], last[APP_TEXT], status[APP_TEXT];
	char reason_lines[VIEW_MAX_REASONS][SUGGESTION_REASON_LEN];
	struct app_graphs graphs;
	struct trace trace;
	bool have_trace;
	double marks_s[VIEW_MAX_MARKS];
	int n_marks;
	/* a new patient, and the phase screen */
	char add_digits[24];           /* the number after "P-" */
	bool add_suggested;            /* add_digits is the next free number: a digit typed replaces it */
	char add_id[PATIENT_ID_MAX];
	int add_side;                  /* enum side, -1: not chosen yet */
	int choice;                    /* the phase chosen, 1..6 */
	char choice_detail[APP_TEXT];
};

/* physio.c */
void physio_open_list(struct app *a);
int physio_act(struct app *a, const struct ui_action *act);
void physio_view(struct app *a, struct screen_view *out);
void physio_clear(struct app *a);

/* app.c */
#define MORE_PATIENTS "More patients"
int app_load_patients(struct app *a);
/* The patients on a page of a list screen starting at patient first: how many rows, and
 * whether a last row "More patients" turns the page (when they do not all fit). */
int app_page(const struct app *a, int first, bool *more);
/* The page after the one starting at first (back to the first after the last). */
int app_next_page(const struct app *a, int first);
const char *patient_label(const struct patient *p); /* name, or clinic id */
/* A suggestion's verdict in words: "Suggest phase 3 (physio to confirm)". */
void suggestion_words(const struct suggestion *s, char *buf, size_t len);
/* The patient's history and the suggestion it gives now. */
int app_suggest(struct app *a, const struct patient *p, struct history *h, struct suggestion *out);

#endif
