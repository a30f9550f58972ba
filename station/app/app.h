/* app.h: the station app's logic, apart from drawing: which screen is up, the view it
 * draws, and what each action does there. The window loop (live_view.c) and the tests
 * drive the same state machine:
 *
 *   for (;;) { app_tick(a, ms); app_view(a, now, &v); screen_show(ui, &v);
 *              for each input: app_act(a, &action); }
 *
 * Patient side: choose patient -> red flags -> pain -> tare, step on -> sets (exercise
 * screen by mode, set summary, pain after the set, rest) -> session summary with the
 * progression suggestion -> choose patient. Physio side (behind the PIN, pin.h): patient
 * list (add a patient: number, side, phase) -> patient detail (confirm or decline a
 * suggested phase change, or set the phase) -> progress graphs and a set's force trace,
 * with export as PNG and CSV. The physio side locks (back to choosing a patient) after
 * physio_lock_s without input.
 *
 * One app per thread; it owns its store connection and, during a session, the runner
 * (and through it the plate). */
#ifndef STATION_APP_H
#define STATION_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "views.h"

struct app_params {
	const char *data_dir; /* NULL: the default (XDG) */
	const char *plate;    /* the plate spec sessions use ("sim", "usb", ...) */
	bool fast;            /* simulated plate as fast as it goes */
	unsigned rate_hz;     /* 0: the plate's default */
	double physio_lock_s; /* the physio screens lock after this long without a touch;
			       * 0: $STATION_PHYSIO_LOCK_S, else PHYSIO_LOCK_S */
	double (*clock_s)(void); /* seconds on a monotonic clock for that; NULL: CLOCK_MONOTONIC
				  * (tests pass their own) */
};

#define PHYSIO_LOCK_S 120.0
#define PHYSIO_LOCK_MAX_S 3600.0 /* longer is refused: the side would stay open */

struct app;

int app_new(const struct app_params *p, struct app **out);
void app_free(struct app *a);

/* Takes what the plate has through a running session, waiting up to timeout_ms (without
 * a session it returns at once). ST_OK, or a failure that ended the session (reported on
 * the screen too; the app goes on). */
int app_tick(struct app *a, int timeout_ms);
/* Acts on an input. ST_OK, or a failure (the app stays usable; st_errmsg() says why). */
int app_act(struct app *a, const struct ui_action *act);
/* The view of now (now_s: a monotonic clock in seconds, for the pacer). Pointers in it
 * point into the app, valid until the next app call. */
void app_view(struct app *a, double now_s, struct screen_view *out);
/* The window was closed or the app asked to stop. */
bool app_quit(const struct app *a);
/* The pacer's tempo on the raise screen (for the metronome), or NULL on other screens. */
const struct view_tempo *app_tempo(const struct app *a);
/* When the newest sample of a running session reached the host (0: none), so a frame's
 * sample-to-screen latency can be measured. */
uint64_t app_last_sample_ns(const struct app *a);
/* The metronome is muted. */
bool app_muted(const struct app *a);
/* The answer the plate's scripted patient (a simulated scenario's answer lines) gives to
 * the question on the screen now: 0/1 for yes/no, 0-10 for pain; -1 when no question is
 * asked or a person answers. */
int app_scripted_answer(const struct app *a);
/* On the choose-patient screen, the tile of the patient whose clinic id is clinic_id: its
 * index on the page shown, or else "More patients" (the page's last tile) while other
 * pages follow, or -1 (no such patient). */
int app_choose_tile(const struct app *a, const char *clinic_id);
/* Verdicts shown so far (reps, holds, hops), and when verdict i's event ended on the
 * host's monotonic clock (plate_now_ns()), to measure the delay to the screen: kept for
 * the newest SESSION_FEEDBACK_KEPT (0 for older ones). */
int app_feedback_count(const struct app *a);
uint64_t app_feedback_event_ns(const struct app *a, int i);
/* The patient's session opens, or saves its end, for a moment (session_side_waiting()):
 * the next ticks see it through. */
bool app_waiting(const struct app *a);
/* Sessions run on this screen to their end, or refused or unable to start (the patient
 * back on the first screen), and whether one is under way. */
struct app_sessions {
	int ended;
	bool under_way;
};
struct app_sessions app_sessions(const struct app *a);

#endif
