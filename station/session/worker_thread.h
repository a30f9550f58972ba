/* worker_thread.h: the start and stop of a session's worker threads (the live analysis's,
 * the store's writer): each runs until a stop flag, under its lock, is set, waking on its
 * condition variable. */
#ifndef STATION_SESSION_WORKER_THREAD_H
#define STATION_SESSION_WORKER_THREAD_H

#include <pthread.h>
#include <stdbool.h>

struct worker_thread {
	pthread_t thread;
	bool started;
	pthread_mutex_t *lock;    /* the worker's, guarding *stop */
	pthread_cond_t *changed;  /* the worker waits on it */
	bool *stop;
};

/* Starts run(arg); ST_OK, or the failure naming what ("live analysis"). */
int worker_thread_start(struct worker_thread *t, void *(*run)(void *), void *arg, const char *what);
/* Sets the stop flag, wakes the thread and joins it (nothing when it never started). */
void worker_thread_stop(struct worker_thread *t);

#endif
