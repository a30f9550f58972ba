/* metronome.h: the pacer's tick through SDL audio, generated, never from a file.
 *
 * A station without a sound device still works: metronome_open() then says so and the
 * metronome stays silent (every call is safe). Mute with metronome_set_muted(). */
#ifndef STATION_METRONOME_H
#define STATION_METRONOME_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "views.h"

#define METRONOME_RATE 48000
#define METRONOME_TICK_MAX 2400 /* 50 ms at 48 kHz */

struct metronome {
	SDL_AudioDeviceID dev; /* 0: no sound device, silent */
	bool muted;
	int16_t tick[2][METRONOME_TICK_MAX]; /* [0] plain, [1] accented */
	size_t tick_len;
};

/* Opens the default sound device. Returns ST_OK, or ST_ERR_NOT_FOUND (with the reason)
 * when there is none; m is usable, silent, either way. */
int metronome_open(struct metronome *m);
void metronome_close(struct metronome *m);

/* Plays one tick now (accent: a higher one, for the start of a phase). */
void metronome_tick(struct metronome *m, bool accent);
void metronome_set_muted(struct metronome *m, bool muted);
/* The pacer's beats at p seconds into its cycle (tp): a high tick as the rise starts, a
 * low one for each second of the lowering (the count the patient lowers to). Ticks once
 * per beat; *last_beat remembers the last one (start it at -1). */
void metronome_pace(struct metronome *m, const struct view_tempo *tp, double p, int *last_beat);

/* Writes a tick's samples (a short decaying tone) at rate; returns how many. */
size_t metronome_make_tick(int16_t *out, size_t max, int rate, bool accent);

#endif
