/* screen_internal.h: how the screen files share out the views (inside the module): the
 * dispatcher (screen.c) hands each view to the file of its screens. */
#ifndef STATION_SCREEN_INTERNAL_H
#define STATION_SCREEN_INTERNAL_H

#include "views.h"

#define ACT(k, i) ((struct ui_action){ (k), (i) })

/* The patient's screens around the exercise (screen_patient.c). */
void screen_draw_patient(struct ui *ui, const struct screen_view *v);
/* SCREEN_HOLD, SCREEN_RAISES, SCREEN_HOPS (screen_exercise.c). */
void screen_draw_exercise(struct ui *ui, const struct screen_view *v);
/* The physio screens (screen_physio.c). */
void screen_draw_physio(struct ui *ui, const struct screen_view *v);
/* SCREEN_KEYBOARD (screen_keyboard.c). */
void screen_draw_keyboard(struct ui *ui, const struct screen_view *v);

/* The VISA-A questionnaire (screen_visa.c). */
void screen_draw_visa(struct ui *ui, const struct view_visa *v);
/* The plate's calibration (screen_calibrate.c). */
void screen_draw_calibrate(struct ui *ui, const struct view_calibrate *v);

/* Widgets (widgets.c). Buttons in fixed places: "Back" bottom left, the primary one
 * bottom right. */
void back_button(struct ui *ui);
void corner_back_button(struct ui *ui);
void next_button(struct ui *ui, const char *label, struct ui_action act);
/* The buttons of a row of n under a question (at most VIEW_MAX_BUTTON_ROW): each one's left
 * edge and width, in units (ui.h). */
#define VIEW_MAX_BUTTON_ROW 11
void row_slots(const struct ui *ui, const char *const *labels, int n, double x_u[], double w_u[]);
/* The title, a question under it and a row of n big buttons (pain scores, choices):
 * button i sends kind with index i; the selected one is lit. */
void button_row(struct ui *ui, const char *title, const char *question, const char *const *labels, int n,
		int selected, enum ui_action_kind kind);

#endif
