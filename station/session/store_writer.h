/* store_writer.h: a session's writes to the store, on a thread and SQLite connection of
 * their own, done one after the other in the order asked for.
 *
 * Each commit is fsynced (synchronous=FULL: 3-25 ms here, more on an SD card) and a set's
 * end also syncs its recording and folder; on the screen's thread that was a stall at
 * every answer and every set's end. The runner (on that thread) only queues a job and
 * goes on; the order of the writes, and so the crash-safety promises of runner.h and
 * store.h, are those of the calls: a set's events, then its recording closed and synced,
 * then the commit that marks it complete. What was queued but not yet written when the
 * process dies is lost as it would have been a moment earlier.
 *
 * Ids come back through the writer: the session's and the set's rows are made by jobs,
 * and the jobs after them use them. A set's recording is named by its set's id, so it is
 * created by the set-begin job and handed to the caller (store_writer_recording()); the
 * caller keeps the set's first frames until then.
 *
 * A failed job is logged; the later jobs are still done (a set after a failed one may
 * save), and store_writer_error() gives the first failure to the caller, which stops the
 * session. One caller thread.
 */
#ifndef STATION_SESSION_STORE_WRITER_H
#define STATION_SESSION_STORE_WRITER_H

#include <stdbool.h>
#include <stddef.h>

#include "rec.h"
#include "store.h"

/* The longest words a job is logged with (longer are cut): a clinic id and a plate name
 * with the words around them. */
#define STORE_WRITER_WHAT_MAX 320

struct store_writer;

/* Opens a second connection to s's database and starts the thread. s stays the caller's,
 * open until store_writer_free(); a session's end starts s's daily backup from the
 * writer's thread (store_backup_daily: nothing else starts one while a session runs). */
int store_writer_new(struct store *s, struct store_writer **out);
/* Does every job asked for, then stops the thread and closes its connection; a set's
 * recording never handed over is closed (the set stays incomplete). */
void store_writer_free(struct store_writer *w);

/* The jobs. Each copies what it is given; ST_ERR_NOMEM is the only failure here, a
 * failure of the write itself comes from store_writer_error(). what: the words the log
 * says it with ("set 1: 5 of 5 heel raises"). */
int store_writer_session_begin(struct store_writer *w, const struct session_start *b, const char *what);
int store_writer_red_flags(struct store_writer *w, bool pop, bool dip, bool cannot_raise);
int store_writer_pain(struct store_writer *w, enum pain_kind kind, int set_no, int score);
int store_writer_pain_gate(struct store_writer *w, int went_on);
int store_writer_sets_planned(struct store_writer *w, int sets);
/* The set's row, then its recording (header h, calibration_json copied) with a sync every
 * sync_s seconds (rec_writer_sync_every). */
int store_writer_set_begin(struct store_writer *w, const struct set_start *b, const struct rec_header *h,
			   double sync_s);
/* The recording of the set begun last, once made (NULL: not yet, or it failed): the
 * caller's from then on, to write its frames into, until it hands it back at the set's end. */
struct rec_writer *store_writer_recording(struct store_writer *w);
/* The set ends: its n events of mode (times from the set's start), frames the caller kept
 * because its recording was not handed over yet (n_frames of them: the writer writes
 * them first) or rec (the recording, handed back: NULL when it never was), then the
 * recording closed and synced, then the set marked complete (store_set_finish). detail:
 * what the set measured, for the log line that says it is saved. */
int store_writer_set_end(struct store_writer *w, enum exercise mode, const void *events, size_t n,
			 const struct plate_frame *frames, size_t n_frames, struct rec_writer *rec,
			 const struct set_summary *sum, const char *what, const char *detail);
/* The session ends; then, when it was recorded, the day's backup if due (store_backup_daily). */
int store_writer_session_finish(struct store_writer *w, enum session_end end, const char *what);
/* The session was left at its start: store_session_discard. */
int store_writer_session_discard(struct store_writer *w, const char *what);

/* Whether every job asked for is done (the store then holds them: the caller's own
 * connection reads them). */
bool store_writer_idle(struct store_writer *w);
/* Waits until every job asked for is done. */
void store_writer_wait(struct store_writer *w);
/* The session's id, once its begin job is done (0 before, or when it failed). */
int64_t store_writer_session(struct store_writer *w);
/* The first job that failed: ST_OK when none, else its code, its message this thread's
 * st_errmsg(). */
int store_writer_error(struct store_writer *w);

#endif
