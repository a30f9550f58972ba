/* physio_side.h: the physio side of the app, behind the PIN: the patient list, adding a
 * patient, a patient's detail with the phase decision, progress graphs, a set's force
 * trace and the export. The shell (app.c) opens it once the PIN is right, passes it the
 * actions and views, and takes the screen back when it is closed (PHYSIO_CLOSED).
 *
 * It owns the history, graphs and trace it shows (physio_side_clear() frees them); the
 * clinic is borrowed for each call, and its patient list read again after a change. */
#ifndef STATION_APP_PHYSIO_SIDE_H
#define STATION_APP_PHYSIO_SIDE_H

#include <stdbool.h>

#include "clinic.h"
#include "trace.h"
#include "views.h"

#define PHYSIO_TEXT 160
#define PHYSIO_MAX_GRAPHS 8

enum physio_screen {
	PHYSIO_CLOSED,    /* back to the shell */
	PHYSIO_LIST,
	PHYSIO_DETAIL,
	PHYSIO_GRAPHS,
	PHYSIO_TRACE,
	PHYSIO_ADD_ID,    /* adding a patient: the number */
	PHYSIO_ADD_SIDE,  /* ...the involved side */
	PHYSIO_ADD_PHASE, /* ...the phase */
	PHYSIO_SET_PHASE, /* the patient on the detail screen: a new phase */
};

/* One patient's history drawn as graphs (x: sessions). */
struct physio_graphs {
	int n;                     /* sessions */
	char (*labels)[8];         /* "24/11" */
	const char **label_ptrs;
	double *y[PHYSIO_MAX_GRAPHS][VIEW_MAX_SERIES];
	struct view_graphs view;
};

struct physio_side {
	enum physio_screen screen;
	int list_page;                 /* first patient shown on the list */
	char list_detail[VIEW_MAX_LIST][PHYSIO_TEXT];
	bool list_flag[VIEW_MAX_LIST];
	struct patient patient;        /* the one on the detail screen */
	struct history history;
	bool have_history;
	struct suggestion suggestion;
	struct prog_exercise exercise;
	char dose[PHYSIO_TEXT], last[PHYSIO_TEXT], status[PHYSIO_TEXT], title[PHYSIO_TEXT];
	char suggestion_text[PHYSIO_TEXT];
	char visa[PHYSIO_TEXT];        /* the latest VISA-A score in words (visa_side.h) */
	char reason_lines[VIEW_MAX_REASONS][SUGGESTION_REASON_LEN];
	struct physio_graphs graphs;
	struct trace trace;
	bool have_trace;
	/* a new patient, and the phase screen */
	char add_digits[24];           /* the number after "P-" */
	bool add_suggested;            /* add_digits is the next free number: a digit typed replaces it */
	char add_id[PATIENT_ID_MAX];
	int add_side;                  /* enum side, -1: not chosen yet */
	int choice;                    /* the phase chosen, 1..6 */
	char choice_detail[PHYSIO_TEXT];
};

/* The patient list from its first page. */
void physio_side_open(struct physio_side *ph, const struct clinic *c);
int physio_side_act(struct physio_side *ph, struct clinic *c, const struct ui_action *act);
void physio_side_view(struct physio_side *ph, const struct clinic *c, struct screen_view *out);
void physio_side_clear(struct physio_side *ph);

#endif
