/* live_feed.h: a plate's samples through the live analysis into the raise screen's view:
 * the demo the station shows until the session logic drives the screens.
 *
 * Frames come in through live_feed_on_frames() (the plate's callback, on the UI thread
 * inside plate_poll()); live_feed_view() fills a screen_view from what has arrived: the
 * step-on screen until the patient is weighed, then the slow heel-raise screen with the
 * pacer, each rep's lowering time, the live heel state and the load share. */
#ifndef STATION_LIVE_FEED_H
#define STATION_LIVE_FEED_H

#include <stdint.h>

#include "convert.h"
#include "live.h"
#include "views.h"

struct live_feed {
	struct frame_converter conv;
	struct live_analysis *la;
	struct trace_sample last;
	bool have_sample;
	uint64_t last_host_ns;  /* arrival of the newest sample (CLOCK_MONOTONIC) */
	int failed;             /* live_analysis_push() errors (kept going) */
	size_t set_first_rep;   /* index of the first rep of this set */
	int set;
	bool muted;
};

/* Starts a feed for a plate measured with cal at rate_hz (heel raises). */
int live_feed_init(struct live_feed *f, const struct calibration *cal, double rate_hz);
void live_feed_free(struct live_feed *f);

/* The plate_frame_fn: user is the struct live_feed. */
void live_feed_on_frames(const struct plate_frame *frames, size_t n, void *user);

/* Starts the next set (the "next" key on the raise screen). */
void live_feed_next_set(struct live_feed *f);

/* The view of now; pacer_t_s is the time since the pacer started. */
void live_feed_view(const struct live_feed *f, double pacer_t_s, struct screen_view *out);

/* The demo's tempo: up 1 s, hold 1 s, down 4 s, rest 1 s. */
extern const struct view_tempo live_feed_tempo;

#endif
