/* views.h: every station screen, drawn from a plain struct (a view model).
 *
 * The session logic fills a struct screen_view from its state and calls screen_show()
 * once per frame; the screen keeps no state of its own, so the same view always draws the
 * same picture (the tests rely on it). Input comes back as struct ui_action from
 * ui_event() (ui.h); each screen's comment below lists what it sends. The "next" key
 * (space, Enter, PageDown) sends the action of the button drawn with a yellow outline.
 * Escape always sends UI_ACT_BACK; M sends UI_ACT_MUTE; digit keys send UI_ACT_DIGIT.
 *
 * Pointers in views are borrowed for the call only. Text is UTF-8; text wider than its
 * place wraps onto more lines (ui.h's readability rule), so keep it short all the same.
 * NAN in a double means "not known yet" and draws as a dash or not at all.
 */
#ifndef STATION_SCREEN_VIEWS_H
#define STATION_SCREEN_VIEWS_H

#include <stdbool.h>
#include <stddef.h>

#include "plot.h"
#include "ui.h"

#define VIEW_MAX_LIST 6   /* patients per page, rows per list */
#define VIEW_MAX_REPS 16  /* lowering times shown */
#define VIEW_MAX_HOPS 8   /* recent hops shown */
#define VIEW_MAX_ROWS 7   /* summary rows */
#define VIEW_MAX_REASONS 4
#define VIEW_MAX_CHOICES 6 /* big buttons on a choice screen */
#define VIEW_MAX_ANSWERS 11 /* answers on a questionnaire screen (a 0-10 scale) */

enum screen_id {
	SCREEN_CHOOSE_PATIENT,
	SCREEN_PIN,
	SCREEN_QUESTION,       /* a red-flag question */
	SCREEN_PAIN,
	SCREEN_STEP_ON,
	SCREEN_HOLD,
	SCREEN_RAISES,
	SCREEN_HOPS,
	SCREEN_REST,
	SCREEN_SUMMARY,        /* set summary and session summary */
	SCREEN_PATIENT_LIST,   /* physio */
	SCREEN_PATIENT_DETAIL, /* physio: phase, exercise, dose, suggestion */
	SCREEN_GRAPHS,         /* physio: progress across sessions */
	SCREEN_FORCE_TRACE,    /* physio: one set's force */
	SCREEN_CHOICE,         /* physio: one of a few big buttons (side, phase) */
	SCREEN_KEYBOARD,       /* physio: a name typed on letter keys */
	SCREEN_VISA,           /* the VISA-A questionnaire, one question at a time */
	SCREEN_CALIBRATE,      /* physio: the plate's guided calibration */
	SCREEN_COUNT
};

/* Load share of the left foot, with the zone it should stay in. */
struct view_balance {
	double left_pct;         /* 100 * left / (left + right) now; NAN: nobody on the plates */
	double zone_lo, zone_hi; /* target zone of left_pct, e.g. 45..55 (or 0..0: none drawn) */
};

/* Weight on the hands in standing work: above max_pct the screen says "Fingertips only"
 * with the figure (view_support_words). */
struct view_support {
	double pct;     /* share of body weight on the hands, NAN: not known (or seated) */
	double max_pct; /* the programme's limit (support_max_pct) */
};

/* Patients pick themselves. Sends SELECT(index into names), PHYSIO, and NEXT (primary:
 * the highlighted name, if any). */
struct view_choose_patient {
	const char *names[VIEW_MAX_LIST];
	int n;
	int highlighted; /* index that the "next" key picks (the last patient here), -1: none */
};

/* PIN pad for the physio screens, also for a new patient's number. Sends DIGIT(0..9),
 * DELETE, BACK, NEXT (OK). */
struct view_pin {
	const char *prompt;  /* e.g. "Physio PIN" */
	int entered;         /* digits typed so far (shown as dots) */
	int length;          /* digits a PIN has (dots drawn), 4..8 */
	bool wrong;          /* the last PIN was wrong: says so */
	const char *text;    /* shown as typed instead of dots ("P-12"), or NULL */
	const char *hint;    /* a line under the dots or text ("First use: 1234"), or NULL */
	const char *message; /* why the last OK was refused ("P-12 is taken"), or NULL */
};

/* A yes/no question (red flags). Sends YES, NO; "next" answers No, the common answer,
 * so a foot switch alone can get through a session; Yes needs a touch or the Y key. */
struct view_question {
	const char *question; /* short: "Did you feel a pop in the tendon?" */
	const char *detail;   /* one line of explanation, or NULL */
	int number, count;    /* question number of count (1-based), 0: not shown */
	const char *title;    /* NULL: "Safety check" (the physio's "Phase change" asks too) */
	const char *yes, *no; /* the buttons' words, NULL: "Yes", "No" */
	bool advice;          /* the detail is safety advice: drawn at the advice size */
	bool back_at_once;    /* Back needs no hold: nothing is under way to lose (the VISA-A's
			       * offer; a stranger's tap on Back there did nothing, unexplained) */
};

/* Pain 0-10, eleven big buttons. Sends DIGIT(0..10), NEXT (Done, when a score is chosen),
 * BACK. */
struct view_pain {
	const char *question; /* "Pain in the tendon now?" / "...the day after last time?" */
	int selected;         /* 0..10, -1: none yet */
	int ceiling;          /* the programme's: above it is "too much" (5) */
	bool back_at_once;    /* Back needs no hold (view_question's): before the exercise */
};

/* Step on and stand still: tare and weighing. Sends NEXT (Start) when stage is done. */
enum step_stage {
	STEP_TARE,       /* plates empty: zeroing, "keep off the plate" */
	STEP_STEP_ON,    /* waiting for someone to step on */
	STEP_STAND,      /* weighing: "stand still" */
	STEP_DONE,       /* weighed: body weight shown, Start */
};
struct view_step_on {
	enum step_stage stage;
	double progress;         /* 0..1 of the current stage (tare or weighing) */
	double weight_kg;        /* NAN until weighed */
	struct view_balance bal;
	bool seated;             /* the exercise is seated: weighed standing, then sit down */
	const char *note;        /* why today is different ("Still sore the day after: eased"), or NULL */
	const char *note_detail; /* and how ("4 reps a set instead of 5"), or NULL */
};
/* The step-on screen's title and line for its stage. */
const char *view_step_title(const struct view_step_on *v);
const char *view_step_line(const struct view_step_on *v);

/* Hold exercise: a ring filling to the target. Sends NEXT (Stop/finish early), MUTE. */
enum steady_word { STEADY_NONE, STEADY_WOBBLY, STEADY_FAIRLY, STEADY_STILL };

struct view_hold {
	double held_s;        /* seconds held so far in this hold */
	double target_s;      /* e.g. 45 */
	bool heels_up;        /* false: "raise your heels" */
	double steadiness;    /* 0 (wobbly) .. 1 (perfectly still), NAN: unknown */
	enum steady_word steady_word; /* the word for it (STEADY_NONE: none) */
	int hold, holds;      /* this hold's number (1-based) and how many */
	struct view_balance bal;
	bool seated;          /* a seated hold: "Sit, ..." */
	bool released;        /* the heels came down after this hold: held_s is its time */
	struct view_support support;
	bool stale;           /* heels up since before the set: not counted, down first */
	double rest_left_s;   /* released, the rest before the next hold of the set (NAN, 0: none) */
};
/* What the hold screen says the patient is to do now. */
const char *view_hold_state(const struct view_hold *v);
/* The rest before the next hold in words ("Rest 25 s, then hold 2") into buf; false (buf
 * empty) when there is none. */
bool view_hold_rest_words(const struct view_hold *v, char *buf, size_t len);

/* The pacer's cycle: rise, stay up, lower, rest at the bottom (seconds). */
struct view_tempo {
	double rise_s, top_s, lower_s, rest_s;
};

/* What a rep's lowering time says against the band. */
enum rep_feedback { FEEDBACK_NONE, FEEDBACK_SLOWER, FEEDBACK_GOOD, FEEDBACK_FASTER, FEEDBACK_NOT_MEASURED,
		     FEEDBACK_MEASURING, FEEDBACK_BOTH_FEET };
enum rep_feedback view_feedback(double lower_s, double band_lo_s, double band_hi_s);

/* Slow heel raises. Sends NEXT (end the set), MUTE. */
struct view_raises {
	int rep, reps_target;     /* reps done in this set (measured or waiting), target; once
				   * rep reaches the target the pacer stops (no cue to a rep too many) */
	int set, sets;            /* this set (1-based), sets */
	struct view_tempo tempo;  /* target tempo the pacer shows */
	double pacer_t_s;         /* time into the pacer's cycle (wraps at the cycle's length) */
	bool heels_up;            /* live */
	double lowering_s;        /* live: lowering for this long, 0 when not lowering */
	double band_lo_s, band_hi_s; /* lowering time target, e.g. 3..5 */
	double lower_s[VIEW_MAX_REPS]; /* this set's reps' lowering times, oldest first */
	int n_lower;
	int n_waiting;            /* reps after those, heels down but not yet measured: counted, no bar yet */
	bool muted;               /* metronome off: says so on the mute button */
	struct view_balance bal;
	bool uncertain[VIEW_MAX_REPS]; /* that rep's timing is uncertain: "not measured", no verdict */
	bool both_feet[VIEW_MAX_REPS]; /* that one-leg rep was done on both feet: said so, no time */
	int leg;                  /* one-leg work: -1 the left, +1 the right, 2 either; 0 both legs */
	struct view_support support;
};
/* Whether every rep of the set is done (the pacer and its tick stop). */
bool view_raises_done(const struct view_raises *v);
/* The verdict on rep i of the view (FEEDBACK_NONE: none), and its words (buf holds the
 * band's, "Lower in 3-5 s", when there is no verdict). */
enum rep_feedback view_rep_feedback(const struct view_raises *v, int i);
double view_shown_lowering(double lower_s, double band_lo_s, double band_hi_s);
const char *view_feedback_words(const struct view_raises *v, enum rep_feedback f, char *buf, size_t len);

/* Hops. Sends NEXT (end), MUTE. */
struct view_hop {
	double flight_s;
	double contact_s;      /* NAN for the last hop of a series */
	double left_pct;       /* load share on landing, NAN: unknown */
};
/* The foot a hop landed on: "Left", "Right" (80 % or more on it) or both as "48/52". */
const char *view_hop_foot(double left_pct, char buf[16]);
struct view_hops {
	struct view_hop hops[VIEW_MAX_HOPS]; /* the most recent, oldest first */
	int n;
	int count, target;     /* hops done in all, target (0: open) */
	int set, sets;         /* this set's number and how many (0: not shown) */
	struct view_balance bal;
};

/* "Fingertips only" when the hands carry more than the limit: the figure in words
 * ("12 % on your hands") into buf; false (buf empty) when there is nothing to say. */
bool view_support_words(const struct view_support *s, char *buf, size_t len);

/* Rest between sets. Sends NEXT (start now). */
struct view_rest {
	double remaining_s, total_s;
	int next_set, sets;
	const char *next_what;  /* "Slow heel raises, 8 reps" */
	bool holds;             /* a set is one hold (phase 1): "Next: hold 2 of 5", as its summary counts */
};

/* Set or session summary: rows of figures, and for the session a suggestion with its
 * reasons for the physio. Sends NEXT (the button). */
enum view_mark { MARK_NONE, MARK_GOOD, MARK_WARN };
struct view_summary {
	const char *title;           /* "Set 2 of 3 done" / "Session done" */
	const char *advice;          /* what to do now, drawn large in a frame ("Stop: do
				      * not exercise... See a GP..."), or NULL */
	struct {
		const char *label;   /* "Lowering time" */
		const char *value;   /* "4.1 s (7 of 8 in 3-5 s)" */
		enum view_mark mark; /* a word-free tick or "!" beside it, plus colour */
	} rows[VIEW_MAX_ROWS];
	int n_rows;
	const char *suggestion;      /* "Suggest phase 3 (physio to confirm)", or NULL */
	const char *reasons[VIEW_MAX_REASONS];
	int n_reasons;
	const char *button;          /* "Next set" / "Finish" */
};

/* Physio: patient list, or another list of the same kind (a session, a physio's name).
 * Sends SELECT(index), NEXT (the top button: Add patient), CALIBRATE (the patient list
 * only: Plate), BACK. */
struct view_patient_list {
	const char *title;       /* NULL: "Patients", with "Add patient" */
	const char *add;         /* the top button when a title is given, or NULL: none */
	struct {
		const char *name;
		const char *detail;  /* "Phase 2 · last 3 days ago" */
		bool flagged;        /* a suggestion waits: marked "NEW" */
	} rows[VIEW_MAX_LIST];
	int n;
};

/* Physio: one patient. Sends CONFIRM, DECLINE (when a phase change is suggested), NEXT
 * (Graphs), SELECT(0) (force trace of the last set), SELECT(1) (a touch on the suggestion:
 * its reasons opened in full over the patient's facts, or closed again; on a status, it
 * goes), SET_PHASE, EXPORT (the PDF report), VISA (the patient fills it in), BACK. */
struct view_patient_detail {
	const char *name;
	int phase;              /* 1..6 */
	const char *exercise;   /* "Standing double-leg heel raise" */
	const char *dose;       /* "8 reps x 3 sets, lower 3-5 s" */
	const char *last;       /* "Last session 2 days ago: pain 2/10, next day 1/10" */
	const char *facts;      /* "Involved: left · pain during 3, 2, 1", or NULL */
	const char *warning;    /* sessions too close together, or too soon now, or NULL */
	const char *suggestion; /* "Suggest phase 3", "Stay in phase 2", or NULL */
	bool decide;            /* a phase change: Confirm and Decline beside it */
	bool declined;          /* ...declined since the last session: Confirm only */
	const char *reasons[VIEW_MAX_REASONS]; /* each in full, wrapped over as many lines as it takes */
	const char *briefs[VIEW_MAX_REASONS];  /* the same shortened for the closed suggestion (details
						* left to the open one), NULL: only in the open one */
	int n_reasons;
	bool reasons_open;      /* the suggestion over the facts, every reason in full */
	const char *status;     /* what was just done ("Phase set to 3"), or NULL; drawn in the
				 * suggestion's place (its buttons stay) until the next touch */
	bool failed;            /* the status says what could not be done */
	const char *visa;       /* "VISA-A 72/100 on 3 Dec 2026", or NULL */
};

/* Physio: one of a few big buttons, in a row (a new patient's side, a phase). Sends
 * SELECT(index), NEXT (the button, once one is chosen), BACK. */
struct view_choice {
	const char *title;      /* "New patient P-12" */
	const char *question;   /* "Which side is involved?" */
	const char *labels[VIEW_MAX_CHOICES]; /* short: "Left", "3" */
	int n;
	int selected;           /* -1: none yet */
	const char *detail;     /* a line about the chosen one ("Seated heel raise, hold"), or NULL */
	const char *button;     /* "Next" / "Save" */
};

/* Physio: progress graphs, one at a time and big, drawn by the report's own cairo code
 * (plot.h, the same drawing as the PDF) into a texture. Sends SELECT(graph), EXPORT,
 * BACK. */
struct view_graphs {
	const char *patient;
	const struct plot_graph *graphs; /* n graphs (progress.h), borrowed */
	int n;
	int selected;
	const char *status;    /* "Graphs and data saved in exports/P-2-2026-03-12", or NULL */
	bool failed;           /* the status says they were not saved */
};

/* Physio: a set's force trace, the two plates in two panels on one force scale (equal
 * forces never hide each other), each event's phases shaded: a rep's rise, top and
 * lowering, a hold, a hop's flight. Sends BACK, EXPORT, SELECT(0) (another set). */
struct view_trace_event {
	double start_s, top_s, lower_start_s, end_s; /* seconds from the first sample; a hold or
						      * hop has top_s = lower_start_s = NAN */
};
struct view_force_trace {
	const char *title;
	const float *left_n, *right_n; /* n samples at rate_hz */
	int n;
	double rate_hz;
	const struct view_trace_event *events; /* n_events, borrowed */
	int n_events;
	bool hops;               /* the events are hops: their flight shaded, "in the air" */
	const char *status;      /* what the export did, or NULL */
	bool failed;             /* the status says it was not saved */
};

/* Physio: a name on letter keys (capitals start each word). Sends SELECT(character),
 * SELECT(VIEW_KEY_CASE) (the "Aa" key: the next letter in the other case, for "McKay" or
 * "van"), DELETE, NEXT (OK), BACK. */
#define VIEW_KEY_CASE 1
struct view_keyboard {
	const char *title;      /* "Add a name" */
	const char *text;       /* typed so far */
	const char *message;    /* why OK was refused, or NULL */
	bool other_case;        /* "Aa" was touched: the next letter flips its case */
};

/* The VISA-A (visa_a.h), filled in by the patient by touch: one question a screen, then a
 * review of every answer before saving. Sends SELECT(i) (answer i; on the review, go back
 * to question i), NEXT (Next, once answered; Save on the review), BACK (the screen before;
 * from the first question, leave without saving). */
struct view_visa {
	const char *title;      /* "VISA-A: question 3 of 8"; on the review, what to do there */
	const char *question;   /* the item's words (wrapped over lines), or NULL on the review */
	const char *labels[VIEW_MAX_ANSWERS]; /* the answers; on the review, one row per item */
	int n;                  /* 11 or 5: a row of buttons; up to 4: worded ones (one column, or two) */
	int selected;           /* -1: none yet */
	const char *lo, *hi;    /* a 0-10 scale's ends, under its first and last buttons */
	bool review;
	const char *total;      /* the review: "Score 72 of 100" */
	const char *button;     /* "Next" once answered, "Save" on the review; NULL: none yet */
	const char *message;    /* why saving failed, or NULL */
};

/* Physio: the plate's guided calibration (calibration/procedure.h) by touch, with a big
 * picture of the plate to load, its marks labelled, showing where the mass goes. Sends
 * DIGIT(0..9), DIGIT(10) (the decimal point) and DELETE on the mass pad, NEXT (the primary
 * button), YES (the second button: "Done adding" / "Same mass"), SELECT 0 (a touch on the
 * words: the readings), BACK (stop: nothing is saved). */
struct view_calibrate {
	const char *title;       /* "Calibrate: 2 of 4, span" */
	const char *instruction; /* what to do now (wrapped) */
	const char *message;     /* the procedure's last words (readings, a refusal), or NULL */
	bool refused;            /* message is a refusal: drawn as a warning */
	bool caution;            /* message warns without refusing (the plate has no calibration) */
	bool pad;                /* the mass pad is up */
	const char *mass;        /* typed so far ("12.5"), with pad */
	int plate;               /* the plate to load: 0 left, 1 right, -1: both empty, -2: no picture */
	double mark_x_mm, mark_y_mm; /* where on it (plate frame: x right, y toward the toes) */
	double cell_x_mm[4], cell_y_mm[4]; /* the marks over its cells, drawn and labelled beside the
					    * centre's ("front left"...); all 0: the centre alone */
	const char *where;       /* the mark in words under the picture ("front-right mark: x +80, y +150 mm"), or NULL */
	double half_w_mm, half_l_mm; /* the plate's drawn size: half its width and length */
	double progress;         /* measuring: 0..1; NAN: not measuring */
	const char *button;      /* the primary button ("Measure", "Start", "Finish"), NULL: none */
	const char *second;      /* the second button, or NULL */
	const char *readings;    /* message is a reading shortened: the whole of it, tables too (lines);
				  * a touch on the words (SELECT 0) opens and closes it; or NULL */
	bool readings_open;      /* readings shown in place of the pad */
};

struct screen_view {
	enum screen_id id;
	bool unplugged; /* the plate went away: a plain overlay over the screen */
	union {
		struct view_choose_patient choose;
		struct view_pin pin;
		struct view_question question;
		struct view_pain pain;
		struct view_step_on step_on;
		struct view_hold hold;
		struct view_raises raises;
		struct view_hops hops;
		struct view_rest rest;
		struct view_summary summary;
		struct view_patient_list patients;
		struct view_patient_detail patient;
		struct view_graphs graphs;
		struct view_force_trace trace;
		struct view_choice choice;
		struct view_keyboard keyboard;
		struct view_visa visa;
		struct view_calibrate calibrate;
	};
};

/* Draws v into the frame begun with ui_begin() (no present). */
void screen_draw(struct ui *ui, const struct screen_view *v);
/* A whole frame: ui_begin(), screen_draw(), ui_end(). */
void screen_show(struct ui *ui, const struct screen_view *v);

/* Drawing pieces shared by the screens and the export: plots (plots.c) and widgets
 * (widgets.c). */
/* A graph by the report's cairo code (plot_draw) on a white card filling area. */
void draw_plot(struct ui *ui, const struct plot_graph *g, SDL_Rect area);
void draw_force_trace(struct ui *ui, const struct view_force_trace *t, SDL_Rect area);
/* Where a plate's name goes in its panel of the trace (the top of its text, size_px): low,
 * under a standing body's force, unless f's line (lo_n..hi N) crosses it more there
 * than high up (a lifted foot's, a rise's peak). */
int plot_name_y(const float *f, int n, double lo_n, double hi, SDL_Rect plot, int size_px);
/* The trace's title across the top (nothing beside it on its screen or its PNG). */
void draw_force_trace_title(struct ui *ui, const struct view_force_trace *t);
void draw_balance(struct ui *ui, const struct view_balance *b, SDL_Rect area);
/* Returns where it went: a long title wraps onto a second line. */
SDL_Rect draw_title(struct ui *ui, const char *title);

#endif
