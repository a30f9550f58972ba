/* session_side.h: the patient side of the app: one session through the runner (runner.h),
 * from the red-flag questions to the session summary, as views and actions. The shell
 * (app.c) starts it for the chosen patient, passes it the ticks, actions and views while
 * it runs, and takes the screen back once session_side_over() says so.
 *
 * It owns the runner (and through it the plate) while a session runs; the clinic is
 * borrowed for each call. */
#ifndef STATION_APP_SESSION_SIDE_H
#define STATION_APP_SESSION_SIDE_H

#include <stdbool.h>
#include <stdint.h>

#include "clinic.h"
#include "exercise_feedback.h"
#include "runner.h"
#include "runner_opening.h"
#include "views.h"

#define SESSION_TEXT 160
#define SESSION_FEEDBACK_KEPT 8
/* The summary's title while the session's last writes are saved (its rows read them back). */
#define SESSION_SAVING_TITLE "Saving the session"
/* ... and while it opens (its plate: runner_opening.h). */
#define SESSION_OPENING_TITLE "Getting ready"
/* A set that ends on its count keeps its last rep, hold or hop on the screen this long
 * (plate time) before the set summary: the patient sees it judged. */
#define SET_END_SHOW_S 2.0

enum session_screen {
	SESSION_SIDE_OPENING,     /* the runner opens on a thread of its own */
	SESSION_SIDE_RUNNING,     /* the runner's stage says which screen */
	SESSION_SIDE_SET_SUMMARY, /* a set just ended */
	SESSION_SIDE_SUMMARY,     /* the session summary (or why it could not start) */
	SESSION_SIDE_OVER,        /* the summary was closed: the shell takes over */
};

struct session_side {
	struct session_runner *runner; /* NULL: none running */
	struct runner_opening *opening; /* while SESSION_SIDE_OPENING: the clinic's store is its */
	bool opened;                   /* the session opened (it ran, however it ended) */
	char patient_id[PATIENT_ID_MAX]; /* whose it is (the log names the clinic id only) */
	enum session_screen screen;
	bool unplugged;
	bool muted;                    /* kept from one session to the next */
	int pain;                      /* chosen on the pain screen, -1: none yet */
	int set_seen;                  /* the last set whose summary was shown */
	double set_start_s;            /* when its exercise began (plate time), NAN: not yet */
	struct exercise_feedback fb;   /* what the exercise screen keeps of the set under way */
	double set_end_shown_until_s;  /* plate time: the ended set's screen stays until then (NAN: not) */
	struct view_tempo tempo;
	char rows[VIEW_MAX_ROWS][2][SESSION_TEXT];
	char next_what[SESSION_TEXT], title[SESSION_TEXT], suggestion_text[SESSION_TEXT], detail[SESSION_TEXT];
	char eased_note[SESSION_TEXT]; /* the step-on screen's: the day-after score that eased the dose */
	struct suggestion suggestion;
	struct view_summary summary;   /* the set or session summary, built once */
	/* the session summary's second page, "Next time": the suggestion with its reasons,
	 * after the rows (at 800x480 both do not fit on one); shown: it is up */
	struct view_summary next_time;
	bool next_time_shown;
	int n_feedback;                /* rep, hold and hop verdicts given so far (all sessions) */
	/* when the newest verdicts' events ended (heels down, landing), host clock: verdict i at
	 * i % SESSION_FEEDBACK_KEPT (a rep kept back comes with the next: two in one turn) */
	uint64_t feedback_event_ns[SESSION_FEEDBACK_KEPT];
};

/* Starts opening patient p's session (SESSION_SIDE_OPENING: the clinic's store is not
 * the caller's until session_side_tick() has seen it open). When it cannot start (no
 * plate, no calibration...) the summary says why, for the patient to close, and the
 * failure comes back from the tick that finds it. */
int session_side_start(struct session_side *s, const struct clinic *c, const struct patient *p);
/* Takes what the plate has, waiting up to timeout_ms (see app_tick()). */
int session_side_tick(struct session_side *s, const struct clinic *c, int timeout_ms);
int session_side_act(struct session_side *s, const struct clinic *c, const struct ui_action *act);
void session_side_view(struct session_side *s, const struct clinic *c, double now_s, struct screen_view *out);
/* The session opens, or saves its end: the screen says so (SESSION_OPENING_TITLE,
 * SESSION_SAVING_TITLE) for the moment it takes, and takes no action. */
bool session_side_waiting(const struct session_side *s);
/* The summary was closed and the runner with it. */
bool session_side_over(const struct session_side *s);
/* The pacer's tempo while the raise screen is up, else NULL. */
const struct view_tempo *session_side_tempo(const struct session_side *s);
/* When the newest sample reached the host (0: none, or no session). */
uint64_t session_side_last_sample_ns(const struct session_side *s);
/* Closes the runner, if any (what was done is kept). */
void session_side_close(struct session_side *s);

#endif
