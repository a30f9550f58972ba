#include "runner_opening.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"

struct runner_opening {
	struct session_params params;
	pthread_t thread;
	pthread_mutex_t lock;
	bool done;                    /* under lock; the rest is the thread's until done */
	int rc;
	char message[512];
	struct session_runner *runner;
};

static void *open_runner(void *arg)
{
	struct runner_opening *o = arg;
	struct session_runner *r = NULL;
	int rc = runner_open(&o->params, &r);
	pthread_mutex_lock(&o->lock);
	o->rc = rc;
	o->runner = r;
	snprintf(o->message, sizeof o->message, "%s", rc == ST_OK ? "" : st_errmsg());
	o->done = true;
	pthread_mutex_unlock(&o->lock);
	return NULL;
}

int runner_opening_start(const struct session_params *params, struct runner_opening **out)
{
	struct runner_opening *o = calloc(1, sizeof *o);
	if (!o)
		return st_fail(ST_ERR_NOMEM, "session: out of memory");
	o->params = *params;
	pthread_mutex_init(&o->lock, NULL);
	int err = pthread_create(&o->thread, NULL, open_runner, o);
	if (err) {
		pthread_mutex_destroy(&o->lock);
		free(o);
		return st_fail(ST_ERR, "session: cannot start opening the session: %s", strerror(err));
	}
	*out = o;
	return ST_OK;
}

/* Joins the thread (done, or waited for) and frees o; the runner and the code. */
static int finish(struct runner_opening *o, struct session_runner **out)
{
	pthread_join(o->thread, NULL);
	pthread_mutex_destroy(&o->lock);
	int rc = o->rc == ST_OK ? ST_OK : st_fail(o->rc, "%s", o->message);
	*out = o->runner;
	free(o);
	return rc;
}

int runner_opened(struct runner_opening *o, struct session_runner **out)
{
	pthread_mutex_lock(&o->lock);
	bool done = o->done;
	pthread_mutex_unlock(&o->lock);
	return done ? finish(o, out) : RUNNER_OPENING;
}

void runner_opening_cancel(struct runner_opening *o)
{
	if (!o)
		return;
	struct session_runner *r;
	finish(o, &r);
	runner_close(r);
}
