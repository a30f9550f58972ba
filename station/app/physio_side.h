/* physio_side.h: the physio side of the app, behind the PIN: who is deciding (each physio
 * picks their name once per login, physio_login.c, where the PIN is changed too), the
 * patient list, adding a patient, a patient's detail with the phase decision (asked once,
 * recorded with the physio's name) and the PDF report, progress graphs (the report's own,
 * progress.h), any set's force trace (physio_trace.c) and the export. The shell (app.c)
 * opens it once the PIN is right, passes it the actions and views, and takes the screen
 * back when it is closed (PHYSIO_CLOSED).
 *
 * It owns the review, graphs and trace it shows (physio_side_clear() frees them); the
 * clinic is borrowed for each call, and its patient list read again after a change. */
#ifndef STATION_APP_PHYSIO_SIDE_H
#define STATION_APP_PHYSIO_SIDE_H

#include <stdbool.h>

#include "clinic.h"
#include "physio_names.h"
#include "pin_pad.h"
#include "progress.h"
#include "review.h"
#include "trace.h"
#include "views.h"

#define PHYSIO_TEXT 160

enum physio_screen {
	PHYSIO_CLOSED,    /* back to the shell */
	PHYSIO_WHO,       /* which physio is deciding (physio_login.c) */
	PHYSIO_NAME,      /* ...adding a name on letter keys */
	PHYSIO_PIN,       /* ...changing the PIN */
	PHYSIO_LIST,
	PHYSIO_DETAIL,
	PHYSIO_ASK,       /* "Move P-14 to phase 3?" before a decision is saved */
	PHYSIO_GRAPHS,
	PHYSIO_SESSIONS,  /* choosing a session, then a set, for its trace (physio_trace.c) */
	PHYSIO_SETS,
	PHYSIO_TRACE,
	PHYSIO_ADD_ID,    /* adding a patient: the number */
	PHYSIO_ADD_SIDE,  /* ...the involved side */
	PHYSIO_ADD_PHASE, /* ...the phase */
	PHYSIO_SET_PHASE, /* the patient on the detail screen: a new phase */
};

/* Who decides (physio_login.c). */
struct physio_login {
	struct physio_names names;
	int page;                      /* first name shown */
	char typed[WHO_MAX];           /* a new name on the letter keys */
	bool other_case;               /* the next letter flips its case ("Aa") */
	char message[PHYSIO_TEXT];
	bool pin_changed;
	struct pin_pad pad;
};

/* A set's force trace and how it was chosen (physio_trace.c). */
struct physio_trace {
	int *sessions;                 /* indexes into the history of sessions with a recorded set, newest first */
	int n_sessions;
	int page;                      /* first row of the sessions page */
	int session;                   /* the session chosen (index into the history) */
	int sets[VIEW_MAX_CHOICES];    /* its recorded sets (indexes) and their labels */
	char set_labels[VIEW_MAX_CHOICES][16];
	int n_sets, set;
	char rows[VIEW_MAX_LIST][PHYSIO_TEXT], details[VIEW_MAX_LIST][PHYSIO_TEXT];
	struct trace trace;
	bool have_trace;
	struct view_trace_event *events;
	int n_events;
	bool hops;                     /* the set's events are hops */
	char title[PHYSIO_TEXT];
	char file[48];                 /* its PNG's name: force-trace-YYYYMMDD-HHMMSS-setN.png */
	char failed[PHYSIO_TEXT];      /* why the set chosen could not be opened, or "" */
	char cut_short[PHYSIO_TEXT];   /* its recording is shorter than when it was saved: how much, or "" */
};

struct physio_side {
	enum physio_screen screen;
	char who[WHO_MAX];             /* the physio deciding, picked at login */
	struct physio_login login;
	int list_page;                 /* first patient shown on the list */
	char list_detail[VIEW_MAX_LIST][PHYSIO_TEXT];
	bool list_flag[VIEW_MAX_LIST];
	struct patient patient;        /* the one on the detail screen */
	struct review review;          /* theirs: history, suggestion, VISA-A, decisions */
	bool have_review;
	char dose[PHYSIO_TEXT], last[PHYSIO_TEXT], status[PHYSIO_TEXT], title[PHYSIO_TEXT];
	char facts[PHYSIO_TEXT], warning[PHYSIO_TEXT];
	bool status_failed;            /* the status says what could not be done: drawn as a warning */
	char suggestion_text[PHYSIO_TEXT];
	char visa[PHYSIO_TEXT];        /* the latest VISA-A score in words (visa_side.h) */
	char reason_briefs[VIEW_MAX_REASONS][SUGGESTION_REASON_LEN]; /* the reasons shortened */
	bool reasons_open;             /* the suggestion's reasons in full, over the facts */
	struct progress_graphs graphs;
	bool have_graphs;
	int graph;                     /* the one shown */
	struct physio_trace trace;
	/* a decision waiting for its yes */
	bool ask_confirm;              /* the suggestion confirmed, else the phase set */
	char ask_text[PHYSIO_TEXT], ask_detail[PHYSIO_TEXT];
	/* a new patient, and the phase screen */
	char add_digits[24];           /* the number after "P-" */
	bool add_suggested;            /* add_digits is the next free number: a digit typed replaces it */
	char add_id[PATIENT_ID_MAX];
	int add_side;                  /* enum side, -1: not chosen yet */
	int choice;                    /* the phase chosen, 1..6 */
	char choice_detail[PHYSIO_TEXT];
};

/* Who is deciding, then the patient list. */
void physio_side_open(struct physio_side *ph, const struct clinic *c);
int physio_side_act(struct physio_side *ph, struct clinic *c, const struct ui_action *act);
void physio_side_view(struct physio_side *ph, const struct clinic *c, struct screen_view *out);
void physio_side_clear(struct physio_side *ph);

/* The patient list at its page (physio_login.c opens it once a name is picked), the
 * patients read again from the store: the command line may have added some. */
void physio_open_list(struct physio_side *ph, struct clinic *c);

/* physio_login.c: the screens PHYSIO_WHO, PHYSIO_NAME and PHYSIO_PIN. */
void physio_login_open(struct physio_side *ph, const struct clinic *c);
int physio_login_act(struct physio_side *ph, struct clinic *c, const struct ui_action *act);
void physio_login_view(struct physio_side *ph, struct screen_view *out);

/* physio_trace.c: the screens PHYSIO_SESSIONS, PHYSIO_SETS and PHYSIO_TRACE over the
 * history of ph->review. open_last: the last recorded set; else the sessions to choose. */
int physio_trace_open(struct physio_side *ph, const struct clinic *c, bool open_last);
int physio_trace_act(struct physio_side *ph, const struct clinic *c, const struct ui_action *act);
void physio_trace_view(struct physio_side *ph, struct screen_view *out);
void physio_trace_free(struct physio_trace *t);
/* Writes the trace shown as PNG at path (w x h), on a light ground, titled with the
 * patient's clinic number, the session's date and the set. */
int physio_trace_png(const struct physio_trace *t, const char *clinic_id, int w, int h, const char *path);

#endif
