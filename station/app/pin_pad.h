/* pin_pad.h: the physio's PIN pad on the screen, as a small state machine: checking the
 * PIN (with the waits pin.h imposes after wrong ones), or on a fresh station (no PIN file,
 * no patient) choosing the first PIN, typed twice, or (a physio in) changing it. A PIN file missing beside patients, or
 * damaged, opens nothing here: the pad says to set it with `station pin set`. */
#ifndef STATION_APP_PIN_PAD_H
#define STATION_APP_PIN_PAD_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "pin.h"
#include "ui.h"
#include "views.h"

#define PIN_PAD_TEXT 160

enum pin_entry {
	PIN_ENTER,  /* the physio types the PIN */
	PIN_NEW,    /* a fresh station: the physio chooses one... */
	PIN_REPEAT, /* ...and types it again */
	PIN_LOCKED, /* no usable PIN: the pad says how to set one */
};

struct pin_pad {
	enum pin_entry entry;
	char digits[PIN_MAX + 1];
	int len;
	bool wrong;
	char first[PIN_MAX + 1];        /* a new PIN typed once, waiting for its repeat */
	time_t retry_at;                /* no try taken before (wall clock, as the tries file) */
	char message[PIN_PAD_TEXT];     /* why the pad refuses, or "" */
	char wait_text[PIN_PAD_TEXT];   /* the wait before the next try, as shown */
	bool changing;                  /* choosing a new PIN in place of the one set */
};

enum pin_pad_outcome {
	PIN_PAD_STAY,   /* still on the pad */
	PIN_PAD_OPENED, /* the PIN was right, or the first one was chosen */
	PIN_PAD_BACK,   /* the physio went back */
};

/* Shows the pad: to check the PIN, or to choose the first one when there is no PIN file
 * and no patient (n_patients). */
void pin_pad_open(struct pin_pad *pad, const char *data_dir, size_t n_patients);

/* Shows the pad to choose a new PIN, typed twice, in place of the one set (a physio
 * already in). */
void pin_pad_open_change(struct pin_pad *pad);

enum pin_pad_outcome pin_pad_act(struct pin_pad *pad, const char *data_dir, const struct ui_action *act);

void pin_pad_view(struct pin_pad *pad, struct view_pin *v);

#endif
