#include "worker_thread.h"

#include <string.h>

#include "status.h"

int worker_thread_start(struct worker_thread *t, void *(*run)(void *), void *arg, const char *what)
{
	int err = pthread_create(&t->thread, NULL, run, arg);
	t->started = err == 0;
	return err ? st_fail(ST_ERR, "%s: cannot start its thread: %s", what, strerror(err)) : ST_OK;
}

void worker_thread_stop(struct worker_thread *t)
{
	if (!t->started)
		return;
	pthread_mutex_lock(t->lock);
	*t->stop = true;
	pthread_cond_broadcast(t->changed);
	pthread_mutex_unlock(t->lock);
	pthread_join(t->thread, NULL);
	t->started = false;
}
