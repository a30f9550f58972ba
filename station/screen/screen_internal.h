/* screen_internal.h: how the screen files share out the views (inside the module). */
#ifndef STATION_SCREEN_INTERNAL_H
#define STATION_SCREEN_INTERNAL_H

#include "views.h"

#define ACT(k, i) ((struct ui_action){ (k), (i) })

/* SCREEN_HOLD, SCREEN_RAISES, SCREEN_HOPS (screen_exercise.c). */
void screen_draw_exercise(struct ui *ui, const struct screen_view *v);
/* The physio screens (screen_physio.c). */
void screen_draw_physio(struct ui *ui, const struct screen_view *v);

/* Buttons in fixed places: "Back" bottom left, the primary one bottom right. */
void back_button(struct ui *ui);
void next_button(struct ui *ui, const char *label, struct ui_action act);

#endif
