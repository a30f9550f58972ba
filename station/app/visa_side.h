/* visa_side.h: the VISA-A questionnaire on the station (visa_a.h), filled in by the
 * patient by touch: when the physio asks (the VISA-A button on the physio's patient
 * screen), and offered at the start of a session when the last score is VISA_DUE_DAYS old
 * or there is none. One question a screen, item 8 as its branch then its duration, a
 * review of every answer, then Save: the score goes to the store with today's date.
 *
 * The shell (app.c) opens it, passes it actions and views, and takes the screen back
 * once visa_side_over() says so. The clinic is borrowed for each call. */
#ifndef STATION_APP_VISA_SIDE_H
#define STATION_APP_VISA_SIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "clinic.h"
#include "views.h"

#define VISA_DUE_DAYS 28
#define VISA_TEXT 160

enum visa_step {
	VISA_STEP_OFFER = -1,      /* "time for the questionnaire": now or later */
	VISA_STEP_ITEM8 = 7,       /* item 8's branch (A, B, C) */
	VISA_STEP_DURATION = 8,    /* item 8's duration in that branch */
	VISA_STEP_REVIEW = 9,
	VISA_STEPS = 9,            /* answered steps: items 1-7, item 8's branch and duration */
	VISA_STEP_OVER = 10,       /* saved, left or declined: the shell takes over */
};

struct visa_side {
	int64_t patient;
	int step;                       /* enum visa_step, or 0..6: items 1-7 */
	int answer[VISA_STEPS];         /* the choice on each step, -1: none yet */
	bool reviewing;                 /* came from the review: Next goes back there */
	bool left;                      /* Back on the offer: the patient leaves, no session (a
					 * stranger who chose the wrong name went on to its session) */
	char title[VISA_TEXT], total[VISA_TEXT], message[VISA_TEXT], offer[VISA_TEXT];
	char rows[VISA_ITEMS][VISA_TEXT];
};

/* Starts at the first question (offer: with the offer screen first, headed by the name
 * shown, which on the patient's side is never the full name). */
void visa_side_open(struct visa_side *v, const struct patient *p, const char *shown, bool offer);
int visa_side_act(struct visa_side *v, struct clinic *c, const struct ui_action *act);
void visa_side_view(struct visa_side *v, struct screen_view *out);
bool visa_side_over(const struct visa_side *v);

/* Whether patient p is due a VISA-A at now: no score, or the latest VISA_DUE_DAYS old. */
int visa_due(struct store *s, int64_t patient, time_t now, bool *due);
/* The latest score in words for the physio ("VISA-A 72/100 on 3 Dec 2026", or "No VISA-A
 * score yet"). */
int visa_latest_words(struct store *s, int64_t patient, char *buf, size_t len);

#endif
