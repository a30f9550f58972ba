/* session.c: recording a session as it happens: its start, red flags, pain, sets and
 * their events, the set's raw recording, its end. */
#include "store_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "event_fields.h"
#include "safe_file.h"
#include "status.h"

int store_session_begin(struct store *s, const struct session_start *b, int64_t *session)
{
	if (b->phase < 1 || b->phase > PROGRAMME_PHASES)
		return st_fail(ST_ERR_ARG, "phase %d: the programme has phases 1 to %d", b->phase, PROGRAMME_PHASES);
	sqlite3_stmt *st;
	/* never an id given before, even to a session discarded since (session_ids) */
	int rc = store_prepare(s, "INSERT INTO sessions (id, patient_id, phase, started_at, sets_planned, plate, "
				  "calibration_serial, calibration_file) "
				  "VALUES ((SELECT last + 1 FROM session_ids), ?, ?, ?, ?, ?, ?, ?)",
			       &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int64(st, 1, b->patient);
	sqlite3_bind_int(st, 2, b->phase);
	sqlite3_bind_int64(st, 3, store_time(b->started));
	sqlite3_bind_int(st, 4, b->sets_planned);
	store_bind_text(st, 5, b->plate);
	store_bind_text(st, 6, b->calibration_serial);
	store_bind_text(st, 7, b->calibration_file);
	rc = store_step_done(s, st, "starting a session");
	if (rc == ST_OK)
		*session = sqlite3_last_insert_rowid(s->db);
	return rc;
}

/* Runs an UPDATE of one row of an open session (not yet ended); ST_ERR_STATE otherwise. */
static int update_open_session(struct store *s, sqlite3_stmt *st, int64_t session, const char *what)
{
	int rc = store_step_done(s, st, what);
	if (rc == ST_OK && sqlite3_changes(s->db) != 1)
		rc = st_fail(ST_ERR_STATE, "session %lld: not found or already ended", (long long)session);
	return rc;
}

int store_red_flags(struct store *s, int64_t session, bool pop, bool dip, bool cannot_raise)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, "UPDATE sessions SET red_flag_pop = ?, red_flag_dip = ?, red_flag_cannot_raise = ? "
				  "WHERE id = ? AND ended IS NULL",
			       &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int(st, 1, pop);
	sqlite3_bind_int(st, 2, dip);
	sqlite3_bind_int(st, 3, cannot_raise);
	sqlite3_bind_int64(st, 4, session);
	return update_open_session(s, st, session, "recording the red flags");
}

int store_session_sets_planned(struct store *s, int64_t session, int sets)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, "UPDATE sessions SET sets_planned = ? WHERE id = ? AND ended IS NULL", &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int(st, 1, sets);
	sqlite3_bind_int64(st, 2, session);
	return update_open_session(s, st, session, "recording the sets planned");
}

static const char *const pain_names[] = { [PAIN_BEFORE] = "before", [PAIN_DAY_AFTER_LAST] = "day-after-last",
					  [PAIN_AFTER_SET] = "after-set", [PAIN_AFTER] = "after" };

int store_pain(struct store *s, int64_t session, enum pain_kind kind, int set_no, int score)
{
	if ((unsigned)kind > PAIN_AFTER)
		return st_fail(ST_ERR_ARG, "unknown kind of pain answer %d", (int)kind);
	if ((score < 0 || score > 10) && score != PAIN_NONE)
		return st_fail(ST_ERR_ARG, "pain %d: 0 to 10", score);
	if (kind == PAIN_AFTER_SET && set_no < 1)
		return st_fail(ST_ERR_ARG, "pain after a set needs the set's number");
	/* the same question answered again (Back to it from the next one): the new answer
	 * replaces the first, in one transaction */
	int rc = store_begin(s);
	sqlite3_stmt *st;
	if (rc == ST_OK)
		rc = store_prepare(s, "DELETE FROM pain WHERE session_id = ?1 AND kind = ?2 AND set_no IS ?3 AND EXISTS "
				      "(SELECT 1 FROM sessions WHERE id = ?1 AND ended IS NULL)", /* an open session's */
				   &st);
	if (rc == ST_OK) {
		sqlite3_bind_int64(st, 1, session);
		sqlite3_bind_text(st, 2, pain_names[kind], -1, SQLITE_STATIC);
		if (kind == PAIN_AFTER_SET)
			sqlite3_bind_int(st, 3, set_no);
		rc = store_step_done(s, st, "replacing a pain answer");
	}
	bool answer = score != PAIN_NONE;
	if (rc == ST_OK && answer)
		rc = store_prepare(s, "INSERT INTO pain (session_id, at, kind, set_no, score) "
				      "SELECT id, ?, ?, ?, ? FROM sessions WHERE id = ? AND ended IS NULL",
				   &st);
	if (rc == ST_OK && answer) {
		sqlite3_bind_int64(st, 1, time(NULL));
		sqlite3_bind_text(st, 2, pain_names[kind], -1, SQLITE_STATIC);
		if (kind == PAIN_AFTER_SET)
			sqlite3_bind_int(st, 3, set_no);
		sqlite3_bind_int(st, 4, score);
		sqlite3_bind_int64(st, 5, session);
		rc = update_open_session(s, st, session, "recording pain");
	}
	if (rc == ST_OK)
		rc = store_commit(s);
	return store_rollback(s, rc);
}

int store_pain_gate(struct store *s, int64_t session, int went_on)
{
	if (went_on != 0 && went_on != 1 && went_on != PAIN_NONE)
		return st_fail(ST_ERR_ARG, "the answer to the pain advice: %d is not 0, 1 or none", went_on);
	sqlite3_stmt *st;
	int rc = store_prepare(s, "UPDATE sessions SET pain_gate_went_on = ? WHERE id = ? AND ended IS NULL", &st);
	if (rc != ST_OK)
		return rc;
	if (went_on != PAIN_NONE)
		sqlite3_bind_int(st, 1, went_on);
	sqlite3_bind_int64(st, 2, session);
	return update_open_session(s, st, session, "recording the answer to the pain advice");
}

int store_session_finish(struct store *s, int64_t session, enum session_end end)
{
	static const char *const names[] = { [SESSION_DONE] = "done", [SESSION_STOPPED] = "stopped",
					     [SESSION_RED_FLAG] = "red-flag" };
	if ((unsigned)end > SESSION_RED_FLAG)
		return st_fail(ST_ERR_ARG, "unknown session end %d", (int)end);
	sqlite3_stmt *st;
	int rc = store_prepare(s, "UPDATE sessions SET ended = ?, complete = ?, finished_at = ? "
				  "WHERE id = ? AND ended IS NULL",
			       &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_text(st, 1, names[end], -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, end == SESSION_DONE);
	sqlite3_bind_int64(st, 3, time(NULL));
	sqlite3_bind_int64(st, 4, session);
	return update_open_session(s, st, session, "ending the session");
}

int store_session_discard(struct store *s, int64_t session, bool *deleted)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, "DELETE FROM sessions WHERE id = ?1 AND NOT " STORE_SESSION_KEPT("sessions"), &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int64(st, 1, session);
	rc = store_step_done(s, st, "discarding a session left at its start");
	*deleted = rc == ST_OK && sqlite3_changes(s->db) == 1;
	if (rc != ST_OK || *deleted)
		return rc;
	/* kept: ended as stopped, unless it already is (a station stopped by a signal ends its
	 * session, then its flow ends too: "ended early not saved: not found or already
	 * ended" was said of a session saved whole) */
	rc = store_prepare(s, "UPDATE sessions SET ended = 'stopped', complete = 0, finished_at = ?1 "
			      "WHERE id = ?2 AND ended IS NULL",
			   &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int64(st, 1, time(NULL));
	sqlite3_bind_int64(st, 2, session);
	return store_step_done(s, st, "ending the session");
}

int store_set_begin(struct store *s, int64_t session, const struct set_start *b, int64_t *set)
{
	if (b->set_no < 1)
		return st_fail(ST_ERR_ARG, "set number %d: sets count from 1", b->set_no);
	if ((unsigned)b->kind >= EX_KIND_COUNT || (unsigned)b->side > SIDE_BOTH)
		return st_fail(ST_ERR_ARG, "set %d: unknown exercise kind or side", b->set_no);
	sqlite3_stmt *st;
	int rc = store_prepare(s, "INSERT INTO sets (session_id, set_no, exercise, mode, side, target_count, "
				  "target_hold_s, lower_min_s, lower_max_s, started_at) "
				  "SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM sessions WHERE id = ? AND ended IS NULL",
			       &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int(st, 1, b->set_no);
	sqlite3_bind_text(st, 2, ex_kind_name(b->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, exercise_name(ex_kind_mode(b->kind)), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, side_name(b->side), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, b->target_count);
	store_bind_real(st, 6, b->target_hold_s > 0 ? b->target_hold_s : NAN);
	store_bind_real(st, 7, b->lower_max_s > 0 ? b->lower_min_s : NAN);
	store_bind_real(st, 8, b->lower_max_s > 0 ? b->lower_max_s : NAN);
	sqlite3_bind_int64(st, 9, time(NULL));
	sqlite3_bind_int64(st, 10, session);
	rc = update_open_session(s, st, session, "starting a set");
	if (rc == ST_OK)
		*set = sqlite3_last_insert_rowid(s->db);
	return rc;
}

void set_start_for(const struct prog_exercise *e, int set_no, enum side side, struct set_start *out)
{
	*out = (struct set_start){ .set_no = set_no, .kind = e->kind, .side = side, .target_count = e->dose.reps_min,
				   .target_hold_s = e->dose.hold_min_s, .lower_min_s = e->dose.lower_min_s,
				   .lower_max_s = e->dose.lower_max_s };
}

int store_recording_path(const struct store *s, int64_t set, char *buf, size_t len)
{
	/* Set ids start again in a restored or recreated database: the time and a random
	 * number keep the name of every set ever recorded apart. */
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	strftime(when, sizeof when, "%Y%m%dT%H%M%SZ", gmtime_r(&now, &tm));
	uint32_t salt = 0;
	if (getrandom(&salt, sizeof salt, 0) != (ssize_t)sizeof salt)
		salt = (uint32_t)getpid() ^ (uint32_t)clock();
	int n = snprintf(buf, len, "%s/%s/set-%lld-%s-%08x.rec", s->dir, STORE_RECORDINGS, (long long)set, when,
			 (unsigned)salt);
	if (n < 0 || (size_t)n >= len)
		return st_fail(ST_ERR_ARG, "recording path too long");
	return ST_OK;
}

/* INSERT INTO reps (set_id, idx, FIELDS...) VALUES (?1, the next idx of the set, ?2...):
 * the fields as event_fields.c lists them. */
static char *insert_sql(const struct event_kind *k)
{
	char *sql = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&sql, &len);
	if (!f)
		return NULL;
	fprintf(f, "INSERT INTO %s (set_id, idx", k->list);
	for (size_t i = 0; i < k->n_fields; i++)
		fprintf(f, ", %s", k->fields[i].name);
	fprintf(f, ") VALUES (?1, (SELECT COALESCE(MAX(idx), -1) + 1 FROM %s WHERE set_id = ?1)", k->list);
	for (size_t i = 0; i < k->n_fields; i++)
		fprintf(f, ", ?%zu", i + 2);
	fputc(')', f);
	if (fclose(f) != 0) {
		free(sql);
		return NULL;
	}
	return sql;
}

/* Appends events of the mode's kind to an incomplete set, in one transaction. */
static int add_events(struct store *s, int64_t set, enum exercise mode, const void *events, size_t n)
{
	const struct event_kind *k = event_kind_of(mode);
	int rc = store_begin(s);
	if (rc != ST_OK)
		return rc;
	sqlite3_stmt *st;
	rc = store_prepare(s, "SELECT complete FROM sets WHERE id = ?", &st);
	if (rc != ST_OK)
		return store_rollback(s, rc);
	sqlite3_bind_int64(st, 1, set);
	if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) != 0)
		rc = st_fail(ST_ERR_STATE, "set %lld: not found or already finished", (long long)set);
	sqlite3_finalize(st);
	char *sql = rc == ST_OK ? insert_sql(k) : NULL;
	if (rc == ST_OK)
		rc = sql ? store_prepare(s, sql, &st) : st_fail(ST_ERR_NOMEM, "out of memory");
	free(sql);
	if (rc != ST_OK)
		return store_rollback(s, rc);
	for (size_t i = 0; i < n && rc == ST_OK; i++) {
		const char *e = (const char *)events + i * k->size;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, set);
		for (size_t j = 0; j < k->n_fields; j++) {
			const struct event_field *f = &k->fields[j];
			if (f->type == EVENT_BOOL)
				sqlite3_bind_int(st, (int)j + 2, event_bool(e, f));
			else if (f->type == EVENT_TEXT)
				sqlite3_bind_text(st, (int)j + 2, event_text(e, f), -1, SQLITE_STATIC); /* NULL: NULL */
			else
				store_bind_real(st, (int)j + 2, event_real(e, f));
		}
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = store_db_fail(s, "recording an event");
	}
	sqlite3_finalize(st);
	if (rc == ST_OK)
		rc = store_commit(s);
	return store_rollback(s, rc);
}

int store_add_reps(struct store *s, int64_t set, const struct rep_result *r, size_t n)
{
	return add_events(s, set, EXERCISE_HEEL_RAISE, r, n);
}

int store_add_holds(struct store *s, int64_t set, const struct hold_result *h, size_t n)
{
	return add_events(s, set, EXERCISE_HOLD, h, n);
}

int store_add_hops(struct store *s, int64_t set, const struct hop_result *h, size_t n)
{
	return add_events(s, set, EXERCISE_HOP, h, n);
}

/* fsync of a file, then of its folder (so its name is on the disk too). */
static int sync_file(const char *path, off_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return st_fail(errno == ENOENT ? ST_ERR_NOT_FOUND : ST_ERR_IO, "%s: %s", path, strerror(errno));
	struct stat sb;
	int rc = ST_OK;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
		rc = st_fail(ST_ERR_IO, "%s: not a regular file", path);
	else if (fsync(fd) != 0)
		rc = st_fail(ST_ERR_IO, "%s: fsync: %s", path, strerror(errno));
	close(fd);
	*size = sb.st_size;
	if (rc != ST_OK)
		return rc;
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", path);
	return st_sync_folder(dirname(dir));
}

/* A recording's name as kept: relative to the data folder when inside it, so the folder
 * can move. */
static const char *stored_name(const struct store *s, const char *recording)
{
	size_t dlen = strlen(s->dir);
	return strncmp(recording, s->dir, dlen) == 0 && recording[dlen] == '/' ? recording + dlen + 1 : recording;
}

int store_set_recording(struct store *s, int64_t set, const char *recording)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, "UPDATE sets SET recording = ? WHERE id = ? AND complete = 0", &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_text(st, 1, stored_name(s, recording), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, set);
	rc = store_step_done(s, st, "naming a set's recording");
	if (rc == ST_OK && sqlite3_changes(s->db) != 1)
		rc = st_fail(ST_ERR_STATE, "set %lld: not found or already finished", (long long)set);
	return rc;
}

int store_set_finish(struct store *s, int64_t set, const struct set_summary *sum, const char *recording)
{
	if (!recording || !*recording)
		return st_fail(ST_ERR_ARG, "set %lld: a set is complete only with its recording", (long long)set);
	off_t size = 0;
	int rc = sync_file(recording, &size);
	if (rc != ST_OK)
		return rc;
	const char *stored = stored_name(s, recording);
	sqlite3_stmt *st;
	rc = store_prepare(s, "UPDATE sets SET complete = 1, recording = ?, recording_bytes = ?, finished_at = ?, "
			      "duration_s = ?, body_weight_n = ? WHERE id = ? AND complete = 0",
			   &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_text(st, 1, stored, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, size);
	sqlite3_bind_int64(st, 3, time(NULL));
	store_bind_real(st, 4, sum ? sum->duration_s : NAN);
	store_bind_real(st, 5, sum ? sum->body_weight_n : NAN);
	sqlite3_bind_int64(st, 6, set);
	rc = store_step_done(s, st, "finishing a set");
	if (rc == ST_OK && sqlite3_changes(s->db) != 1)
		rc = st_fail(ST_ERR_STATE, "set %lld: not found or already finished", (long long)set);
	return rc;
}
