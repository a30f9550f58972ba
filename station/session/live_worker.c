#include "live_worker.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "status.h"
#include "worker_thread.h"

/* The rings: 4 s of samples at 1 kHz in (the caller takes the ticks before each hand-over,
 * so the ticks out never fill while the worker has samples: room for all of them and a
 * flush), and far more events than 4 s can hold. */
#define IN_CAP 4096
#define TICK_CAP (2 * IN_CAP)
#define EVENT_CAP 256

union live_event {
	struct rep_result rep;
	struct hold_result hold;
	struct hop_result hop;
};

/* An event reported, or a rep reported early measured again (live.h's refined). */
struct entry {
	union live_event event;
	size_t refines; /* SIZE_MAX: a new event; else the index of the rep it replaces */
};

struct tick_slot {
	struct live_tick tick;
	size_t entries_total; /* entries posted up to and with this tick */
};

struct live_worker {
	bool threaded;
	enum exercise mode;
	double rate_hz;
	double band_lo_s, band_hi_s; /* the lowering band (live_analysis_set_band) */
	struct live_analysis *la; /* the worker's (or, inline, the caller's) alone */
	size_t posted;            /* the worker's: events of la queued so far */
	int refined_posted;       /* ... and refinements (live_state.refined) */
	size_t entries_posted;

	struct worker_thread thread;
	pthread_mutex_t lock; /* everything below, to the caller's part */
	pthread_cond_t changed;
	bool stop;
	int flushes;          /* asked for, not yet done */
	int error;            /* the worker's failure (ST_OK: none) and its message */
	char message[256];
	struct trace_sample in[IN_CAP];
	size_t in_head, in_len;
	struct tick_slot ticks[TICK_CAP];
	size_t tick_head, tick_len;
	struct entry entries[EVENT_CAP];
	size_t entry_head, entry_len;

	struct analysis kept; /* the caller's: every event of the ticks taken */
	size_t kept_cap;
	size_t handed, taken; /* the caller's: samples handed over, and their ticks taken */
	size_t entries_taken;
};

static size_t reported(const struct live_worker *w, const struct analysis *a)
{
	return w->mode == EXERCISE_HEEL_RAISE ? a->n_reps : w->mode == EXERCISE_HOLD ? a->n_holds : a->n_hops;
}

static void event_at(const struct live_worker *w, const struct analysis *a, size_t i, union live_event *out)
{
	if (w->mode == EXERCISE_HEEL_RAISE)
		out->rep = a->reps[i];
	else if (w->mode == EXERCISE_HOLD)
		out->hold = a->holds[i];
	else
		out->hop = a->hops[i];
}

/* One sample (NULL: a flush) through the analysis, outside the lock. */
static int step(struct live_worker *w, const struct trace_sample *s, struct live_tick *tick)
{
	int rc = s ? live_analysis_push(w->la, s) : live_analysis_flush(w->la);
	if (rc < 0)
		return rc;
	live_analysis_state(w->la, &tick->state);
	const struct analysis *a = live_analysis_events(w->la);
	tick->body_weight_n = tick->state.weighed ? a->body_weight_n : NAN;
	tick->flushed = !s;
	return ST_OK;
}

static void deadline_in(struct timespec *t, int ms)
{
	clock_gettime(CLOCK_REALTIME, t);
	t->tv_sec += ms / 1000;
	t->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

/* Waits on the condition until the deadline: false when it passed. Lock held. */
static bool wait_until(struct live_worker *w, const struct timespec *deadline)
{
	return pthread_cond_timedwait(&w->changed, &w->lock, deadline) != ETIMEDOUT;
}

static struct entry *entry_next(struct live_worker *w)
{
	w->entries_posted++;
	return &w->entries[(w->entry_head + w->entry_len++) % EVENT_CAP];
}

/* Queues the tick and the events reported with it, and the rep measured again with it
 * (lock held). Threaded, waits for room; inline, the caller had to take the ticks before. */
static int post(struct live_worker *w, const struct live_tick *tick)
{
	const struct analysis *a = live_analysis_events(w->la);
	size_t n = reported(w, a);
	bool refined = tick->state.refined > w->refined_posted;
	while (!w->stop && (w->tick_len == TICK_CAP || w->entry_len + (n - w->posted) + refined > EVENT_CAP)) {
		if (!w->threaded)
			return st_fail(ST_ERR_STATE, "live analysis: %zu ticks not taken", w->tick_len);
		pthread_cond_wait(&w->changed, &w->lock);
	}
	if (w->stop)
		return ST_OK;
	for (; w->posted < n; w->posted++) {
		struct entry *e = entry_next(w);
		event_at(w, a, w->posted, &e->event);
		e->refines = SIZE_MAX;
	}
	if (refined) { /* one a sample at most (live.c) */
		struct entry *e = entry_next(w);
		event_at(w, a, tick->state.refined_rep, &e->event);
		e->refines = tick->state.refined_rep;
		w->refined_posted = tick->state.refined;
	}
	w->ticks[(w->tick_head + w->tick_len++) % TICK_CAP] =
		(struct tick_slot){ .tick = *tick, .entries_total = w->entries_posted };
	pthread_cond_broadcast(&w->changed);
	return ST_OK;
}

/* The worker stops on a failure, and the caller hears of it (lock held). */
static void failed(struct live_worker *w, int rc)
{
	w->error = rc;
	snprintf(w->message, sizeof w->message, "live analysis: %s", st_errmsg());
	pthread_cond_broadcast(&w->changed);
}

static int make_analysis(struct live_worker *w)
{
	int rc = live_analysis_new(w->rate_hz, w->mode, &w->la);
	if (rc == ST_OK)
		live_analysis_set_band(w->la, w->band_lo_s, w->band_hi_s);
	return rc;
}

static void *run(void *arg)
{
	struct live_worker *w = arg;
	/* made here, not on the caller's thread: it takes tens of milliseconds */
	int rc = make_analysis(w);
	pthread_mutex_lock(&w->lock);
	if (rc != ST_OK)
		failed(w, rc);
	while (!w->stop && !w->error) {
		if (!w->in_len && !w->flushes) {
			pthread_cond_wait(&w->changed, &w->lock);
			continue;
		}
		/* a flush comes after every sample handed over before it */
		struct trace_sample s;
		bool flush = !w->in_len;
		if (flush) {
			w->flushes--;
		} else {
			s = w->in[w->in_head];
			w->in_head = (w->in_head + 1) % IN_CAP;
			w->in_len--;
		}
		pthread_cond_broadcast(&w->changed);
		pthread_mutex_unlock(&w->lock);
		struct live_tick tick;
		rc = step(w, flush ? NULL : &s, &tick);
		pthread_mutex_lock(&w->lock);
		if (rc == ST_OK)
			rc = post(w, &tick);
		if (rc != ST_OK)
			failed(w, rc);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int live_worker_new(double rate_hz, enum exercise mode, double lower_min_s, double lower_max_s, bool threaded,
		    struct live_worker **out)
{
	struct live_worker *w = calloc(1, sizeof *w);
	if (!w)
		return st_fail(ST_ERR_NOMEM, "live analysis: out of memory");
	w->threaded = threaded;
	w->mode = mode;
	w->kept.rate_hz = rate_hz;
	w->kept.body_weight_n = NAN;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->changed, NULL);
	w->rate_hz = rate_hz;
	w->band_lo_s = lower_min_s;
	w->band_hi_s = lower_max_s;
	w->thread = (struct worker_thread){ .lock = &w->lock, .changed = &w->changed, .stop = &w->stop };
	int rc = threaded ? worker_thread_start(&w->thread, run, w, "live analysis")
			  : make_analysis(w);
	if (rc != ST_OK) {
		live_worker_free(w);
		return rc;
	}
	*out = w;
	return ST_OK;
}

void live_worker_free(struct live_worker *w)
{
	if (!w)
		return;
	worker_thread_stop(&w->thread);
	pthread_cond_destroy(&w->changed);
	pthread_mutex_destroy(&w->lock);
	live_analysis_free(w->la);
	free(w->kept.reps);
	free(w->kept.holds);
	free(w->kept.hops);
	free(w);
}

/* The worker's failure as this thread's (lock held). */
static int worker_failed(const struct live_worker *w)
{
	return st_fail(w->error, "%s", w->message);
}

/* Inline: the caller's thread does the worker's step. */
static int step_inline(struct live_worker *w, const struct trace_sample *s)
{
	struct live_tick tick;
	int rc = step(w, s, &tick);
	if (rc != ST_OK)
		return rc;
	pthread_mutex_lock(&w->lock);
	rc = post(w, &tick);
	pthread_mutex_unlock(&w->lock);
	return rc;
}

int live_worker_push(struct live_worker *w, const struct trace_sample *s, int timeout_ms)
{
	if (!w->threaded) {
		int rc = step_inline(w, s);
		w->handed += rc == ST_OK;
		return rc;
	}
	struct timespec deadline;
	deadline_in(&deadline, timeout_ms);
	int rc = ST_OK;
	pthread_mutex_lock(&w->lock);
	while (!w->error && w->in_len == IN_CAP)
		if (!wait_until(w, &deadline)) {
			rc = st_fail(ST_ERR_TIMEOUT, "live analysis: %d samples waiting for more than %d ms", IN_CAP,
				     timeout_ms);
			break;
		}
	if (w->error)
		rc = worker_failed(w);
	if (rc == ST_OK) {
		w->handed++;
		w->in[(w->in_head + w->in_len++) % IN_CAP] = *s;
		pthread_cond_broadcast(&w->changed);
	}
	pthread_mutex_unlock(&w->lock);
	return rc;
}

int live_worker_flush(struct live_worker *w)
{
	if (!w->threaded)
		return step_inline(w, NULL);
	pthread_mutex_lock(&w->lock);
	int rc = w->error ? worker_failed(w) : ST_OK;
	w->flushes += rc == ST_OK;
	pthread_cond_broadcast(&w->changed);
	pthread_mutex_unlock(&w->lock);
	return rc;
}

/* Appends an event to the caller's copy (lock held: it comes off the ring). */
static int keep(struct live_worker *w, const union live_event *e)
{
	struct analysis *k = &w->kept;
	size_t n = reported(w, k);
	if (n == w->kept_cap) {
		size_t cap = n ? 2 * n : 16;
		size_t size = w->mode == EXERCISE_HEEL_RAISE ? sizeof *k->reps
			      : w->mode == EXERCISE_HOLD    ? sizeof *k->holds
							    : sizeof *k->hops;
		void **list = w->mode == EXERCISE_HEEL_RAISE ? (void **)&k->reps
			      : w->mode == EXERCISE_HOLD    ? (void **)&k->holds
							    : (void **)&k->hops;
		void *grown = realloc(*list, cap * size);
		if (!grown)
			return st_fail(ST_ERR_NOMEM, "live analysis: out of memory for %zu events", cap);
		*list = grown;
		w->kept_cap = cap;
	}
	if (w->mode == EXERCISE_HEEL_RAISE) {
		k->reps[k->n_reps++] = e->rep;
	} else if (w->mode == EXERCISE_HOLD) {
		k->holds[k->n_holds++] = e->hold;
	} else {
		/* a hop is reported LIVE_HOP_WAIT_S after its landing, often before the next
		 * take-off, which then gives its contact (the store and the set's summary had
		 * none for contacts over a quarter of a second: a stranger's) */
		if (k->n_hops > 0 && isnan(k->hops[k->n_hops - 1].contact_s))
			hop_set_contact(&k->hops[k->n_hops - 1], e->hop.takeoff_s);
		k->hops[k->n_hops++] = e->hop;
	}
	return ST_OK;
}

int live_worker_take(struct live_worker *w, struct live_tick *out, int timeout_ms)
{
	struct timespec deadline;
	if (timeout_ms > 0)
		deadline_in(&deadline, timeout_ms);
	pthread_mutex_lock(&w->lock);
	int rc = 0;
	while (!w->tick_len && !w->error && timeout_ms > 0 && wait_until(w, &deadline))
		;
	if (w->tick_len) {
		const struct tick_slot *slot = &w->ticks[w->tick_head];
		rc = 1;
		while (rc == 1 && w->entries_taken < slot->entries_total) {
			const struct entry *e = &w->entries[w->entry_head];
			int kept = ST_OK;
			if (e->refines == SIZE_MAX)
				kept = keep(w, &e->event);
			else if (e->refines < w->kept.n_reps)
				w->kept.reps[e->refines] = e->event.rep;
			if (kept != ST_OK) {
				rc = kept;
				break;
			}
			w->entry_head = (w->entry_head + 1) % EVENT_CAP;
			w->entry_len--;
			w->entries_taken++;
		}
		if (rc == 1) {
			*out = slot->tick;
			w->taken += !out->flushed;
			if (out->state.weighed)
				w->kept.body_weight_n = out->body_weight_n;
			w->tick_head = (w->tick_head + 1) % TICK_CAP;
			w->tick_len--;
		}
		pthread_cond_broadcast(&w->changed);
	} else if (w->error) {
		rc = worker_failed(w);
	}
	pthread_mutex_unlock(&w->lock);
	return rc;
}

size_t live_worker_behind(const struct live_worker *w)
{
	return w->handed - w->taken;
}

const struct analysis *live_worker_events(const struct live_worker *w)
{
	return &w->kept;
}
