/* demo_patient.h: the patient of `station --demo`: what a patient does on each screen of
 * the app, so that sessions run by themselves (for a waiting room, training staff, checks).
 * The plate's simulated patient does the exercise; this one picks itself (DEMO_PATIENT_ID,
 * never another patient of the store) on the first screen, answers the questions as the
 * plate's scenario says (its answer lines), reads the summaries and goes on. Each screen
 * stays up a while first, for people to read it.
 *
 * Screens are told apart by demo_screen_key(): a new key is a new screen (another
 * question, another summary; an exercise screen once its first feedback shows), for the
 * pauses here and the demo's screenshots. */
#ifndef STATION_APP_DEMO_PATIENT_H
#define STATION_APP_DEMO_PATIENT_H

#include <stdbool.h>

#include "app.h"

#define DEMO_KEY_MAX 96
#define DEMO_PATIENT_ID "DEMO" /* the clinic id of the demo's patient, the one it picks */

struct demo_patient {
	bool fast;                 /* no pauses: act as soon as a screen is up */
	char key[DEMO_KEY_MAX];    /* the screen now */
	double since_s;            /* when it came up */
};

void demo_patient_init(struct demo_patient *d, bool fast);

/* The action the patient takes now on view v of app a (now_s: a monotonic clock), or
 * false: none yet (reading, exercising, resting). */
bool demo_patient_act(struct demo_patient *d, const struct app *a, const struct screen_view *v, double now_s,
		      struct ui_action *out);

/* A short key naming the screen and what tells it from the one before (the question, the
 * summary's title, the unplugged message). */
void demo_screen_key(const struct screen_view *v, char key[DEMO_KEY_MAX]);
/* The screen's name for a file, with what tells it from others of its kind:
 * "choose-patient", "question-did-you-feel-a-pop-in", "raises-set-2-judged",
 * "summary-session-done"... */
void demo_shot_name(const struct screen_view *v, char name[DEMO_KEY_MAX]);

#endif
