/* calibrate_side.h: the plate's guided calibration (calibration/procedure.h) on the
 * physio's screens, by touch: the procedure's own steps, checks, refusals and messages,
 * worded for a screen with no keyboard: masses typed on a digit pad, a picture of the
 * plates showing where the mass goes, Measure instead of Enter. The result is saved as
 * `station calibrate` saves it (calib_save_for_plate), and the screen then shows it with
 * its date; nothing is saved unless the verification passes.
 *
 * It owns the plate and the procedure while it runs; the shell (app.c) opens it from
 * the physio's patient list, passes it ticks, actions and views, and takes the screen
 * back once calibrate_side_over() says so. */
#ifndef STATION_APP_CALIBRATE_SIDE_H
#define STATION_APP_CALIBRATE_SIDE_H

#include <stdbool.h>

#include "clinic.h"
#include "plate.h"
#include "procedure.h"
#include "views.h"

#define CALIBRATE_TEXT 400
#define CALIBRATE_READINGS 1600 /* a measurement's readings with their tables */
#define CALIBRATE_MASS_CHARS 7 /* "1000.5" */

enum calibrate_stage {
	CALIBRATE_INTRO,  /* the calibration in force, and Start */
	CALIBRATE_RUN,    /* the procedure asks or measures */
	CALIBRATE_DONE,   /* saved: the result and its date */
	CALIBRATE_FAILED, /* stopped or refused: why; nothing saved */
	CALIBRATE_OVER,   /* the shell takes over */
};

struct calibrate_side {
	enum calibrate_stage stage;
	struct plate *plate;
	struct calib_proc *proc;
	char mass[CALIBRATE_MASS_CHARS + 1]; /* typed on the pad */
	char said[CALIBRATE_TEXT];     /* the procedure's last words to show, a long reading in one line */
	char readings[CALIBRATE_READINGS]; /* the last measurement's readings whole, tables too (lines) */
	bool readings_open;            /* the readings shown in place of the pad (a touch on the words) */
	bool refused;                  /* said is a refusal */
	bool caution;                  /* said is a warning, not a refusal (no calibration yet) */
	char title[CALIBRATE_TEXT], instruction[CALIBRATE_TEXT], second[64], where[64];
	char who[WHO_MAX];             /* the physio calibrating: recorded as the operator */
};

/* Opens the clinic's plate and shows the calibration in force (or why there is no plate);
 * who (the physio logged in) is recorded as the calibration's operator. */
void calibrate_side_open(struct calibrate_side *k, const struct clinic *c, const char *who);
/* Feeds the procedure the plate's frames while it measures, waiting up to timeout_ms. */
int calibrate_side_tick(struct calibrate_side *k, int timeout_ms);
int calibrate_side_act(struct calibrate_side *k, const struct ui_action *act);
void calibrate_side_view(struct calibrate_side *k, struct screen_view *out);
bool calibrate_side_over(const struct calibrate_side *k);
/* Stops the procedure and closes the plate (nothing saved unless done). */
void calibrate_side_close(struct calibrate_side *k);

#endif
