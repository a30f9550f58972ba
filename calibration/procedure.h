/* procedure.h: the guided calibration, as steps a terminal or a screen drives.
 *
 * Four steps, each a question to the operator and a steady reading of the plates:
 *   1. zero: both plates empty;
 *   2. span: known masses on each plate's centre, one or several, added one on another
 *      (the operator types the total each time); a line fitted per plate;
 *   3. cells and COP: one mass on each plate's five marks (over each corner's cell, and
 *      the centre): the cells' gains and positions, and the COP error at each mark;
 *   4. verify: a known mass on each plate's centre, measured through the new calibration.
 * After each answer the procedure reads frames until the plates hold steady at a new
 * plateau (calib_settle), so it never depends on when answers come; an unsteady signal,
 * a load on the wrong plate, a mass too small for the noise or out of order, or a fit that
 * says a mass was misplaced, are refused with a reason and asked again. Nothing is kept
 * unless the verification passes.
 *
 * Drive it: show calib_proc_take_text(); while CALIB_PROC_ASKING give it the operator's
 * line (calib_proc_answer); while CALIB_PROC_MEASURING feed it the plate's frames; at
 * CALIB_PROC_DONE take calib_proc_result(). calib_proc_run() does exactly that on a
 * terminal (or a script piping answers).
 */
#ifndef STATION_CALIB_PROCEDURE_H
#define STATION_CALIB_PROCEDURE_H

#include <stdbool.h>
#include <stdio.h>

#include "calib.h"
#include "plate.h"

struct calib_proc_options {
	const char *operator_name;   /* recorded in the file; NULL: "" */
	double gravity;              /* m/s^2 at the clinic; 0: standard gravity 9.80665 */
	double max_sd_n;             /* steadiness bound per plate, N; 0: 3 */
	double max_nonlinearity_pct; /* refuse a span worse than this; 0: 1 % */
	double verify_tolerance_pct; /* verify passes within this; 0: 0.5 % */
};

enum calib_proc_state { CALIB_PROC_ASKING, CALIB_PROC_MEASURING, CALIB_PROC_DONE, CALIB_PROC_FAILED };

struct calib_proc;

/* For the plate described by info (its serial, nominal gain and cell geometry), streaming
 * at rate_hz. opt may be NULL. The caller frees with calib_proc_free(). */
int calib_proc_new(const struct plate_info *info, unsigned rate_hz, const struct calib_proc_options *opt,
		   struct calib_proc **out);
void calib_proc_free(struct calib_proc *p);

enum calib_proc_state calib_proc_state(const struct calib_proc *p);

/* What to show the operator since the last call (prompts, readings, results); owned by
 * p, valid until the next call on p. */
const char *calib_proc_take_text(struct calib_proc *p);

/* The last reading said (a span's fit, the COP errors at the marks, a verification) in
 * one line of at most CALIB_PROC_BRIEF bytes with the figures a physio judges by, for a
 * screen with no room for its tables; "" when the last line said is no such reading. */
#define CALIB_PROC_BRIEF 128
const char *calib_proc_brief(const struct calib_proc *p);

/* Where the procedure stands, for a screen that words the question itself and pictures
 * where the mass goes. */
struct calib_proc_where {
	int step;         /* 1 zero, 2 span, 3 cells and COP, 4 verify */
	int side;         /* the plate to load: 0 left, 1 right */
	int mark;         /* step 3: 0 front-left, 1 front-right, 2 rear-left, 3 rear-right, 4 centre */
	double x_mm, y_mm; /* where the mass goes on that plate (the centre but in step 3) */
	int masses;       /* step 2: masses typed on this plate so far */
	double kg;        /* the last mass typed (0: none) */
	bool retry;       /* the last reading was refused: measure again, or stop */
};
void calib_proc_where(const struct calib_proc *p, struct calib_proc_where *out);

/* The operator's answer (one line, no newline); NULL when the input ended. */
void calib_proc_answer(struct calib_proc *p, const char *line);

/* The plate's frames; used only while measuring. */
void calib_proc_feed(struct calib_proc *p, const struct plate_frame *frames, size_t n);

/* Ends the procedure as failed, with why (e.g. the plate went away). */
void calib_proc_fail(struct calib_proc *p, const char *why);

/* CALIB_PROC_DONE: the calibration (with its record); NULL otherwise. */
const struct calibration *calib_proc_result(const struct calib_proc *p);

/* Runs the procedure on plate pl (started here at the rate given to calib_proc_new),
 * answers from in, text to out; echo writes each answer after its prompt (for a script's
 * transcript). ST_OK when done, else ST_ERR_DATA / the plate's error with the message. */
int calib_proc_run(struct calib_proc *p, struct plate *pl, FILE *in, FILE *out, bool echo);

#endif
