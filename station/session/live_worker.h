/* live_worker.h: the live analysis (live.h) run between the plate and the screen.
 *
 * The caller (the flow, on the UI thread) hands it samples and takes back, in sample
 * order, one tick per sample: the live state after that sample, and the events reported
 * with it, appended to a list the caller owns (a rep reported early has its figures
 * replaced there once it is measured again whole: live.h's refined). Threaded, a worker thread runs
 * live_analysis_push behind two fixed rings (samples in; ticks and events out), so the
 * caller only copies: an event's measurement (about 11 ms a rep) never runs on its
 * thread. Inline, the caller's own thread runs it at the hand-over, and the ticks are
 * the same ones through the same queue.
 *
 * Which one: the ticks and events are the same sequence in both; what can differ is
 * where a set's end cuts it. The flow ends a set on a tick, but a thread that runs free
 * may already have taken later samples when it is asked to flush, so the flush (and the
 * events between) falls a little later in plate time than inline. In real time that is
 * the few milliseconds the worker is behind and does not matter; on a plate run faster
 * than real time (--fast, the tests) the worker can be seconds behind and the sets would
 * depend on scheduling. So the runner uses the thread for a plate in real time and
 * inline for --fast, which keeps the tests and demo reproducible (flow.h, runner.c).
 *
 * One caller thread; no allocation per sample (the event list grows per event).
 */
#ifndef STATION_SESSION_LIVE_WORKER_H
#define STATION_SESSION_LIVE_WORKER_H

#include <stdbool.h>

#include "live.h"

#define LIVE_WORKER_WAIT_MS 2000 /* the longest the caller waits on the worker (a flush, a full ring) */

/* The live analysis after one sample, or after a flush. */
struct live_tick {
	struct live_state state;
	double body_weight_n;  /* NAN until weighed */
	bool flushed;          /* the answer to live_worker_flush() */
};

struct live_worker;

/* lower_min_s, lower_max_s: the lowering band reps are judged against (0, 0: none). */
int live_worker_new(double rate_hz, enum exercise mode, double lower_min_s, double lower_max_s, bool threaded,
		    struct live_worker **out);
/* Stops the thread (whatever it was doing) and joins it. */
void live_worker_free(struct live_worker *w);

/* Hands over one sample (times rising). Threaded, waits while the ring is full, taking
 * ticks meanwhile is the caller's job: returns ST_ERR_TIMEOUT when it stayed full for
 * timeout_ms. A worker's failure comes back here or from live_worker_take(). */
int live_worker_push(struct live_worker *w, const struct trace_sample *s, int timeout_ms);

/* Asks for the pending event to be measured now (live_analysis_flush) after every sample
 * handed over; its tick has flushed set. */
int live_worker_flush(struct live_worker *w);

/* The next tick, waiting up to timeout_ms for one: 1 taken, 0 none yet, or a negative
 * code (the worker failed: its message is this thread's st_errmsg()). The events
 * reported with it are in live_worker_events() when it returns. */
int live_worker_take(struct live_worker *w, struct live_tick *out, int timeout_ms);

/* Samples handed over whose ticks are not taken yet (0 inline once they are taken). */
size_t live_worker_behind(const struct live_worker *w);

/* The events of every tick taken so far (reps, holds or hops, as the exercise is) and the
 * body weight: the caller's copy, growing only in live_worker_take(). */
const struct analysis *live_worker_events(const struct live_worker *w);

#endif
