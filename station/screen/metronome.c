/* metronome.c: the pacer's tick, queued to the sound device. */
#include "metronome.h"

#include <math.h>
#include <string.h>

#include "status.h"

size_t metronome_make_tick(int16_t *out, size_t max, int rate, bool accent)
{
	size_t n = (size_t)(rate * 0.03); /* 30 ms: short enough to mark an instant */
	if (n > max)
		n = max;
	double hz = accent ? 1760 : 1175;
	for (size_t i = 0; i < n; i++) {
		double t = (double)i / rate;
		double env = exp(-t / 0.008) * fmin(1, t / 0.001); /* 1 ms attack: no click */
		out[i] = (int16_t)(12000 * env * sin(2 * M_PI * hz * t));
	}
	return n;
}

int metronome_open(struct metronome *m)
{
	memset(m, 0, sizeof *m);
	m->tick_len = metronome_make_tick(m->tick[0], METRONOME_TICK_MAX, METRONOME_RATE, false);
	metronome_make_tick(m->tick[1], METRONOME_TICK_MAX, METRONOME_RATE, true);
	if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0)
		return st_fail(ST_ERR_NOT_FOUND, "no sound: %s (the pacer stays silent)", SDL_GetError());
	SDL_AudioSpec want = { .freq = METRONOME_RATE, .format = AUDIO_S16SYS, .channels = 1, .samples = 512 };
	m->dev = SDL_OpenAudioDevice(NULL, 0, &want, NULL, 0);
	if (m->dev == 0) {
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
		return st_fail(ST_ERR_NOT_FOUND, "no sound device: %s (the pacer stays silent)", SDL_GetError());
	}
	SDL_PauseAudioDevice(m->dev, 0);
	return ST_OK;
}

void metronome_close(struct metronome *m)
{
	if (m->dev) {
		SDL_CloseAudioDevice(m->dev);
		SDL_QuitSubSystem(SDL_INIT_AUDIO);
	}
	m->dev = 0;
}

void metronome_tick(struct metronome *m, bool accent)
{
	if (!m->dev || m->muted)
		return;
	/* a late tick is worse than none: drop what is still queued */
	if (SDL_GetQueuedAudioSize(m->dev) > METRONOME_RATE / 20 * sizeof(int16_t))
		SDL_ClearQueuedAudio(m->dev);
	SDL_QueueAudio(m->dev, m->tick[accent], (Uint32)(m->tick_len * sizeof(int16_t)));
}

void metronome_set_muted(struct metronome *m, bool muted)
{
	m->muted = muted;
	if (muted && m->dev)
		SDL_ClearQueuedAudio(m->dev);
}

void metronome_pace(struct metronome *m, const struct view_tempo *tp, double p, int *last_beat)
{
	double down = tp->rise_s + tp->top_s;
	int beat = p < tp->rise_s ? 0 : p >= down && p < down + tp->lower_s ? 1 + (int)(p - down) : -1;
	if (beat == *last_beat)
		return;
	*last_beat = beat;
	if (beat >= 0)
		metronome_tick(m, beat == 0);
}
