#include "store_writer.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"
#include "worker_thread.h"

#define LOG_PREFIX "session"
#include "log.h"


enum job_kind { JOB_SESSION_BEGIN, JOB_RED_FLAGS, JOB_PAIN, JOB_PAIN_GATE, JOB_SETS_PLANNED, JOB_SET_BEGIN, JOB_SET_END, JOB_SESSION_FINISH };

struct job {
	struct job *next;
	enum job_kind kind;
	char what[STORE_WRITER_WHAT_MAX];
	char detail[STORE_WRITER_WHAT_MAX]; /* a set's end: what it measured */
	union {
		struct {
			struct session_start b; /* its strings are the job's copies */
		} begin;
		struct {
			bool pop, dip, cannot_raise;
		} flags;
		struct {
			enum pain_kind kind;
			int set_no, score;
		} pain;
		int went_on; /* the pain gate's answer */
		int sets_planned;
		struct {
			struct set_start b;
			struct rec_header h; /* calibration_json: the job's copy */
			double sync_s;
			unsigned number;     /* sets_begun */
		} set;
		struct {
			enum exercise mode;
			void *events;
			size_t n;
			struct plate_frame *frames;
			size_t n_frames;
			struct rec_writer *rec;
			struct set_summary sum;
			unsigned number;     /* the set's sets_begun */
		} end;
		struct {
			enum session_end end;
			bool discard; /* left at its start: not kept if nothing was recorded */
		} finish;
	};
};

struct store_writer {
	struct store *main;       /* the caller's: only its daily backup is started from here */
	struct store *db;         /* the thread's own connection */
	struct worker_thread thread;
	unsigned sets_begun;      /* the caller's: set-begin jobs asked for */
	/* the thread's */
	int64_t set;
	char rec_path[PATH_MAX];
	/* shared, under lock */
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct job *head, *tail;
	bool busy, stop;
	int64_t session;
	struct rec_writer *ready;  /* the set's recording, made, not yet taken by the caller... */
	unsigned ready_number;     /* ...of the set-begin job of this number: a set that ended
				    * before its caller took it must not give it to the next */
	int error;
	char message[512];
};

static char *copy_text(const char *text, bool *ok)
{
	char *c = text ? strdup(text) : NULL;
	*ok = *ok && (!text || c);
	return c;
}

static void job_free(struct job *j)
{
	if (!j)
		return;
	if (j->kind == JOB_SESSION_BEGIN) {
		free((char *)j->begin.b.plate);
		free((char *)j->begin.b.calibration_serial);
		free((char *)j->begin.b.calibration_file);
	} else if (j->kind == JOB_SET_BEGIN) {
		free(j->set.h.calibration_json);
	} else if (j->kind == JOB_SET_END) {
		free(j->end.events);
		free(j->end.frames);
	}
	free(j);
}

/* ---- the thread ---- */

static int session_begin(struct store_writer *w, struct job *j)
{
	int64_t id = 0;
	int rc = store_session_begin(w->db, &j->begin.b, &id);
	pthread_mutex_lock(&w->lock);
	w->session = id;
	pthread_mutex_unlock(&w->lock);
	if (rc == ST_OK)
		log_info("session %lld started: %s", (long long)id, j->what);
	return rc;
}

/* The set's row, then its recording, named by the set's id, for the caller. */
static int set_begin(struct store_writer *w, struct job *j)
{
	w->set = 0;
	struct rec_writer *rec = NULL;
	int rc = store_set_begin(w->db, w->session, &j->set.b, &w->set);
	if (rc == ST_OK)
		rc = store_recording_path(w->db, w->set, w->rec_path, sizeof w->rec_path);
	if (rc == ST_OK)
		rc = rec_writer_create(w->rec_path, &j->set.h, &rec);
	if (rc == ST_OK) /* a set cut short keeps its recording (it was left unnamed) */
		rc = store_set_recording(w->db, w->set, w->rec_path);
	if (rc == ST_OK)
		rc = rec_writer_sync_every(rec, j->set.sync_s);
	if (rc != ST_OK && rec) {
		rec_writer_close(rec);
		rec = NULL;
	}
	pthread_mutex_lock(&w->lock);
	struct rec_writer *unclaimed = w->ready; /* a set whose end was never asked for */
	w->ready = rec;
	w->ready_number = j->set.number;
	pthread_mutex_unlock(&w->lock);
	if (unclaimed)
		rec_writer_close(unclaimed);
	return rc;
}

/* The recording of set-begin job number, if it is the one made and not taken. */
static struct rec_writer *take_ready(struct store_writer *w, unsigned number)
{
	pthread_mutex_lock(&w->lock);
	struct rec_writer *rec = w->ready_number == number ? w->ready : NULL;
	if (rec)
		w->ready = NULL;
	pthread_mutex_unlock(&w->lock);
	return rec;
}

static int add_events(struct store_writer *w, const struct job *j)
{
	enum exercise m = j->end.mode;
	size_t n = j->end.n;
	if (!n)
		return ST_OK;
	return m == EXERCISE_HEEL_RAISE ? store_add_reps(w->db, w->set, j->end.events, n)
	       : m == EXERCISE_HOLD	 ? store_add_holds(w->db, w->set, j->end.events, n)
					 : store_add_hops(w->db, w->set, j->end.events, n);
}

/* The frames the caller kept, the events, the recording closed (synced), the set complete. */
static int set_end(struct store_writer *w, struct job *j)
{
	struct rec_writer *rec = j->end.rec ? j->end.rec : take_ready(w, j->end.number);
	int rc = rec ? ST_OK : st_fail(ST_ERR_STATE, "set %lld: its recording was not made", (long long)w->set);
	if (rc == ST_OK && j->end.n_frames)
		rc = rec_writer_write(rec, j->end.frames, j->end.n_frames);
	if (rc == ST_OK)
		rc = add_events(w, j);
	int closed = rec ? rec_writer_close(rec) : ST_OK;
	if (rc == ST_OK)
		rc = closed;
	if (rc == ST_OK)
		rc = store_set_finish(w->db, w->set, &j->end.sum, w->rec_path);
	if (rc == ST_OK)
		log_info("session %lld: %s saved: %s", (long long)w->session, j->what, j->detail);
	return rc;
}

static int session_finish(struct store_writer *w, struct job *j)
{
	bool deleted = false;
	int rc = j->finish.discard ? store_session_discard(w->db, w->session, &deleted)
				   : store_session_finish(w->db, w->session, j->finish.end);
	if (rc == ST_OK && deleted) {
		log_info("session %lld left before anything was recorded: not kept", (long long)w->session);
	} else if (rc == ST_OK) {
		log_info("session %lld ended: %s", (long long)w->session, j->what);
		store_backup_daily(w->main);
	}
	return rc;
}

static int run_job(struct store_writer *w, struct job *j)
{
	switch (j->kind) {
	case JOB_SESSION_BEGIN:
		return session_begin(w, j);
	case JOB_RED_FLAGS:
		return store_red_flags(w->db, w->session, j->flags.pop, j->flags.dip, j->flags.cannot_raise);
	case JOB_PAIN:
		return store_pain(w->db, w->session, j->pain.kind, j->pain.set_no, j->pain.score);
	case JOB_PAIN_GATE:
		return store_pain_gate(w->db, w->session, j->went_on);
	case JOB_SETS_PLANNED:
		return store_session_sets_planned(w->db, w->session, j->sets_planned);
	case JOB_SET_BEGIN:
		return set_begin(w, j);
	case JOB_SET_END:
		return set_end(w, j);
	case JOB_SESSION_FINISH:
		return session_finish(w, j);
	}
	return ST_OK;
}

static void *run(void *arg)
{
	struct store_writer *w = arg;
	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->head && !w->stop)
			pthread_cond_wait(&w->changed, &w->lock);
		if (!w->head)
			break; /* stopped, and every job done */
		struct job *j = w->head;
		w->head = j->next;
		if (!w->head)
			w->tail = NULL;
		w->busy = true;
		pthread_mutex_unlock(&w->lock);
		int rc = run_job(w, j);
		if (rc != ST_OK)
			log_error("session %lld: %s not saved: %s", (long long)w->session, j->what, st_errmsg());
		job_free(j);
		pthread_mutex_lock(&w->lock);
		if (rc != ST_OK && w->error == ST_OK) {
			w->error = rc;
			snprintf(w->message, sizeof w->message, "%s", st_errmsg());
		}
		w->busy = false;
		pthread_cond_broadcast(&w->changed);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* ---- the caller's side ---- */

int store_writer_new(struct store *s, struct store_writer **out)
{
	struct store_writer *w = calloc(1, sizeof *w);
	if (!w)
		return st_fail(ST_ERR_NOMEM, "session: out of memory");
	w->main = s;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->changed, NULL);
	w->thread = (struct worker_thread){ .lock = &w->lock, .changed = &w->changed, .stop = &w->stop };
	int rc = store_open_again(s, &w->db);
	if (rc == ST_OK)
		rc = worker_thread_start(&w->thread, run, w, "session: the store's writer");
	if (rc != ST_OK) {
		store_writer_free(w);
		return rc;
	}
	*out = w;
	return ST_OK;
}

void store_writer_free(struct store_writer *w)
{
	if (!w)
		return;
	worker_thread_stop(&w->thread); /* after every job asked for */
	if (w->ready)
		rec_writer_close(w->ready); /* never handed over: the set stays incomplete */
	store_close(w->db);
	pthread_cond_destroy(&w->changed);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

static struct job *new_job(enum job_kind kind, const char *what)
{
	struct job *j = calloc(1, sizeof *j);
	if (!j) {
		st_fail(ST_ERR_NOMEM, "session: out of memory for a write to the store");
		return NULL;
	}
	j->kind = kind;
	snprintf(j->what, sizeof j->what, "%s", what ? what : "");
	return j;
}

/* Queues j (NULL or not ok: out of memory, j freed). */
static int queue(struct store_writer *w, struct job *j, bool ok)
{
	if (!j || !ok) {
		job_free(j);
		return st_fail(ST_ERR_NOMEM, "session: out of memory for a write to the store");
	}
	pthread_mutex_lock(&w->lock);
	if (w->tail)
		w->tail->next = j;
	else
		w->head = j;
	w->tail = j;
	pthread_cond_broadcast(&w->changed);
	pthread_mutex_unlock(&w->lock);
	return ST_OK;
}

int store_writer_session_begin(struct store_writer *w, const struct session_start *b, const char *what)
{
	struct job *j = new_job(JOB_SESSION_BEGIN, what);
	bool ok = j != NULL;
	if (j) {
		j->begin.b = *b;
		j->begin.b.plate = copy_text(b->plate, &ok);
		j->begin.b.calibration_serial = copy_text(b->calibration_serial, &ok);
		j->begin.b.calibration_file = copy_text(b->calibration_file, &ok);
	}
	return queue(w, j, ok);
}

int store_writer_red_flags(struct store_writer *w, bool pop, bool dip, bool cannot_raise)
{
	struct job *j = new_job(JOB_RED_FLAGS, "the red flags");
	if (j)
		j->flags.pop = pop, j->flags.dip = dip, j->flags.cannot_raise = cannot_raise;
	return queue(w, j, true);
}

int store_writer_pain(struct store_writer *w, enum pain_kind kind, int set_no, int score)
{
	struct job *j = new_job(JOB_PAIN, "a pain score");
	if (j)
		j->pain.kind = kind, j->pain.set_no = set_no, j->pain.score = score;
	return queue(w, j, true);
}

int store_writer_pain_gate(struct store_writer *w, int went_on)
{
	struct job *j = new_job(JOB_PAIN_GATE, "the answer to the pain advice");
	if (j)
		j->went_on = went_on;
	return queue(w, j, true);
}

int store_writer_sets_planned(struct store_writer *w, int sets)
{
	struct job *j = new_job(JOB_SETS_PLANNED, "the sets planned");
	if (j)
		j->sets_planned = sets;
	return queue(w, j, true);
}

int store_writer_set_begin(struct store_writer *w, const struct set_start *b, const struct rec_header *h,
			   double sync_s)
{
	struct job *j = new_job(JOB_SET_BEGIN, "the start of a set");
	bool ok = j != NULL;
	if (j) {
		j->set.b = *b;
		j->set.h = *h;
		j->set.h.calibration_json = copy_text(h->calibration_json, &ok);
		j->set.sync_s = sync_s;
		j->set.number = ++w->sets_begun;
	}
	return queue(w, j, ok);
}

struct rec_writer *store_writer_recording(struct store_writer *w)
{
	return take_ready(w, w->sets_begun);
}

static void *copy_bytes(const void *from, size_t bytes, bool *ok)
{
	void *c = bytes ? malloc(bytes) : NULL;
	if (c)
		memcpy(c, from, bytes);
	*ok = *ok && (!bytes || c);
	return c;
}

int store_writer_set_end(struct store_writer *w, enum exercise mode, const void *events, size_t n,
			 const struct plate_frame *frames, size_t n_frames, struct rec_writer *rec,
			 const struct set_summary *sum, const char *what, const char *detail)
{
	size_t size = mode == EXERCISE_HEEL_RAISE ? sizeof(struct rep_result)
		      : mode == EXERCISE_HOLD	  ? sizeof(struct hold_result)
						  : sizeof(struct hop_result);
	struct job *j = new_job(JOB_SET_END, what);
	bool ok = j != NULL;
	if (j) {
		j->end.mode = mode;
		j->end.n = n;
		j->end.events = copy_bytes(events, n * size, &ok);
		j->end.n_frames = n_frames;
		j->end.frames = copy_bytes(frames, n_frames * sizeof *frames, &ok);
		j->end.rec = rec;
		j->end.number = w->sets_begun;
		j->end.sum = *sum;
		snprintf(j->detail, sizeof j->detail, "%s", detail);
	}
	if (!ok && rec)
		rec_writer_close(rec); /* the set stays incomplete, its recording kept */
	return queue(w, j, ok);
}

int store_writer_session_finish(struct store_writer *w, enum session_end end, const char *what)
{
	struct job *j = new_job(JOB_SESSION_FINISH, what);
	if (j)
		j->finish.end = end;
	return queue(w, j, true);
}

int store_writer_session_discard(struct store_writer *w, const char *what)
{
	struct job *j = new_job(JOB_SESSION_FINISH, what);
	if (j) {
		j->finish.end = SESSION_STOPPED;
		j->finish.discard = true;
	}
	return queue(w, j, true);
}

bool store_writer_idle(struct store_writer *w)
{
	pthread_mutex_lock(&w->lock);
	bool idle = !w->head && !w->busy;
	pthread_mutex_unlock(&w->lock);
	return idle;
}

void store_writer_wait(struct store_writer *w)
{
	pthread_mutex_lock(&w->lock);
	while (w->head || w->busy)
		pthread_cond_wait(&w->changed, &w->lock);
	pthread_mutex_unlock(&w->lock);
}

int64_t store_writer_session(struct store_writer *w)
{
	pthread_mutex_lock(&w->lock);
	int64_t id = w->session;
	pthread_mutex_unlock(&w->lock);
	return id;
}

int store_writer_error(struct store_writer *w)
{
	pthread_mutex_lock(&w->lock);
	int rc = w->error;
	if (rc != ST_OK)
		st_fail(rc, "%s", w->message);
	pthread_mutex_unlock(&w->lock);
	return rc;
}
