/* flow_player.h: plays a captured session into a flow as a screen would, a UI tick of
 * frames at a time, with the live analysis inline or on its thread, and keeps what the
 * flow reported and how long each tick's flow_feed calls took. */
#ifndef STATION_TEST_FLOW_PLAYER_H
#define STATION_TEST_FLOW_PLAYER_H

#include <stdbool.h>

#include "capture.h"
#include "flow.h"

#define PLAY_MAX_EVENTS 64
#define PLAY_MAX_SETS 8

struct flow_play {
	/* what to do */
	const struct flow_plan *plan;
	bool threaded;
	size_t tick_frames;      /* frames per UI tick (16: 60 Hz at 1 kHz) */
	const int *answers;      /* given in order at the ticks that show a question */
	int n_answers;
	int next_after_downs;    /* > 0: "next" next_delay_s after the heels come down this often */
	double next_delay_s;
	size_t stop_at_frame;    /* > 0: the session is killed (flow_free, no finish) at that frame */
	/* what happened */
	struct rep_result reps[PLAY_MAX_EVENTS]; /* reps as counted, in order */
	int rep_set[PLAY_MAX_EVENTS];
	int n_reps;
	struct rep_result kept[PLAY_MAX_EVENTS]; /* reps as the sets' ends keep them (flow_set.reps) */
	int n_kept;
	int set_n[PLAY_MAX_SETS], n_sets;
	int done_before_next;    /* what the view counted in the set just before "next" (-1: no next) */
	bool finished;
	enum flow_end end;
	double *tick_us;         /* each tick's flow_feed time (caller frees) */
	size_t n_ticks;
	double free_ms;          /* flow_free's time */
};

/* Returns ST_OK, or the first failure (its message is st_errmsg()). */
int flow_play(const struct capture *c, struct flow_play *p);

#endif
