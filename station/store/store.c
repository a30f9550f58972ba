/* store.c: opening the store (integrity, migrations, permissions), patients, phase
 * changes and VISA-A scores. */
#include "store_internal.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "event_fields.h"
#define LOG_PREFIX "store"
#include "log.h"
#include "paths.h"
#include "plain_text.h"
#include "status.h"

/* Each step takes the schema from version i to i + 1; steps are never edited once
 * released, only added. */
static const char *const migrations[STORE_SCHEMA_VERSION] = {
	/* 1: patients, sessions, sets, events, pain, phase changes */
	"CREATE TABLE patients ("
	"  id INTEGER PRIMARY KEY,"
	"  clinic_id TEXT NOT NULL UNIQUE,"
	"  name TEXT,"
	"  side TEXT NOT NULL CHECK (side IN ('left', 'right', 'both')),"
	"  phase INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 6),"
	"  created_at INTEGER NOT NULL);"
	"CREATE TABLE sessions ("
	"  id INTEGER PRIMARY KEY,"
	"  patient_id INTEGER NOT NULL REFERENCES patients(id),"
	"  phase INTEGER NOT NULL CHECK (phase BETWEEN 1 AND 6),"
	"  started_at INTEGER NOT NULL,"
	"  finished_at INTEGER,"
	"  ended TEXT CHECK (ended IN ('done', 'stopped', 'red-flag')),"
	"  complete INTEGER NOT NULL DEFAULT 0 CHECK (complete = 0 OR ended = 'done'),"
	"  sets_planned INTEGER NOT NULL DEFAULT 0,"
	"  plate TEXT, calibration_serial TEXT, calibration_file TEXT,"
	"  red_flag_pop INTEGER, red_flag_dip INTEGER, red_flag_cannot_raise INTEGER);"
	"CREATE INDEX sessions_patient ON sessions(patient_id, started_at);"
	"CREATE TABLE sets ("
	"  id INTEGER PRIMARY KEY,"
	"  session_id INTEGER NOT NULL REFERENCES sessions(id),"
	"  set_no INTEGER NOT NULL,"
	"  exercise TEXT NOT NULL,"
	"  mode TEXT NOT NULL,"
	"  side TEXT NOT NULL CHECK (side IN ('left', 'right', 'both')),"
	"  target_count INTEGER, target_hold_s REAL, lower_min_s REAL, lower_max_s REAL,"
	"  started_at INTEGER NOT NULL, finished_at INTEGER,"
	"  duration_s REAL, body_weight_n REAL,"
	"  recording TEXT, recording_bytes INTEGER,"
	"  complete INTEGER NOT NULL DEFAULT 0 CHECK (complete = 0 OR recording IS NOT NULL),"
	"  UNIQUE (session_id, set_no, side));"
	"CREATE TABLE reps ("
	"  set_id INTEGER NOT NULL REFERENCES sets(id), idx INTEGER NOT NULL,"
	"  start_s REAL, top_s REAL, lower_start_s REAL, end_s REAL,"
	"  rise_s REAL, hold_s REAL, lower_s REAL,"
	"  height_mm REAL, work_j REAL, left_share_pct REAL, saturated INTEGER NOT NULL,"
	"  PRIMARY KEY (set_id, idx));"
	"CREATE TABLE holds ("
	"  set_id INTEGER NOT NULL REFERENCES sets(id), idx INTEGER NOT NULL,"
	"  start_s REAL, end_s REAL, duration_s REAL, left_share_pct REAL,"
	"  force_sd_n REAL, cop_sd_mm REAL, saturated INTEGER NOT NULL,"
	"  PRIMARY KEY (set_id, idx));"
	"CREATE TABLE hops ("
	"  set_id INTEGER NOT NULL REFERENCES sets(id), idx INTEGER NOT NULL,"
	"  takeoff_s REAL, landing_s REAL, flight_s REAL, contact_s REAL,"
	"  height_mm REAL, rsi REAL, saturated INTEGER NOT NULL,"
	"  PRIMARY KEY (set_id, idx));"
	"CREATE TABLE pain ("
	"  id INTEGER PRIMARY KEY,"
	"  session_id INTEGER NOT NULL REFERENCES sessions(id),"
	"  at INTEGER NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('before', 'day-after-last', 'after-set', 'after')),"
	"  set_no INTEGER,"
	"  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10));"
	"CREATE TABLE phase_changes ("
	"  id INTEGER PRIMARY KEY,"
	"  patient_id INTEGER NOT NULL REFERENCES patients(id),"
	"  at INTEGER NOT NULL,"
	"  from_phase INTEGER NOT NULL, to_phase INTEGER NOT NULL CHECK (to_phase BETWEEN 1 AND 6),"
	"  decision TEXT NOT NULL CHECK (decision IN ('set', 'confirmed', 'declined')),"
	"  by_whom TEXT NOT NULL CHECK (by_whom <> ''), why TEXT NOT NULL CHECK (why <> ''),"
	"  suggestion TEXT);",
	/* 2: VISA-A scores; the physio's override of exercise and dose */
	"CREATE TABLE visa_a ("
	"  id INTEGER PRIMARY KEY,"
	"  patient_id INTEGER NOT NULL REFERENCES patients(id),"
	"  at INTEGER NOT NULL,"
	"  q1 INTEGER, q2 INTEGER, q3 INTEGER, q4 INTEGER, q5 INTEGER, q6 INTEGER, q7 INTEGER, q8 INTEGER,"
	"  total INTEGER NOT NULL CHECK (total BETWEEN 0 AND 100));"
	"ALTER TABLE patients ADD COLUMN override_exercise TEXT;"
	"ALTER TABLE patients ADD COLUMN override_sets INTEGER;"
	"ALTER TABLE patients ADD COLUMN override_reps INTEGER;"
	"ALTER TABLE patients ADD COLUMN override_hold_s REAL;"
	"ALTER TABLE patients ADD COLUMN override_rest_s REAL;"
	"ALTER TABLE patients ADD COLUMN override_by TEXT;"
	"ALTER TABLE patients ADD COLUMN override_why TEXT;"
	"ALTER TABLE patients ADD COLUMN override_at INTEGER;",
	/* 3: the patient's answer to the advice not to exercise today (pain before); a
	 * session's pain found without reading every row (which sessions are kept) */
	("ALTER TABLE sessions ADD COLUMN pain_gate_went_on INTEGER CHECK (pain_gate_went_on IN (0, 1));"
	 "CREATE INDEX pain_session ON pain(session_id);"),
	/* 4: the highest session id ever given: one discarded at its start (nothing in it)
	 * gave its id to the next, and the journal then told two sessions by one number */
	("CREATE TABLE session_ids (last INTEGER NOT NULL);"
	 "INSERT INTO session_ids SELECT coalesce(max(id), 0) FROM sessions;"
	 "CREATE TRIGGER session_ids_given AFTER INSERT ON sessions "
	 "BEGIN UPDATE session_ids SET last = max(last, NEW.id); END;"),
	/* 5: VISA-A item 8's branch (its points do not tell it) */
	"ALTER TABLE visa_a ADD COLUMN q8_branch TEXT CHECK (q8_branch IN ('A', 'B', 'C'));",
};

/* What the messages of a damaged database advise. */
#define RESTORE_HINT "station restore FILE, with a backup from the data folder's " STORE_BACKUPS "/"

int store_db_fail(struct store *s, const char *what)
{
	int err = sqlite3_extended_errcode(s->db) & 0xff;
	int code = err == SQLITE_CONSTRAINT ? ST_ERR_ARG
		   : err == SQLITE_CORRUPT || err == SQLITE_NOTADB ? ST_ERR_DATA
		   : err == SQLITE_PERM || err == SQLITE_READONLY || err == SQLITE_CANTOPEN ? ST_ERR_ACCESS
		   : err == SQLITE_BUSY ? ST_ERR_TIMEOUT
		   : ST_ERR_IO;
	if (code == ST_ERR_DATA)
		return st_fail(code, "%s: %s: %s: the database is damaged; restore it from a backup (" RESTORE_HINT ")",
			       s->db_path, what,
			       sqlite3_errmsg(s->db));
	return st_fail(code, "%s: %s: %s", s->db_path, what, sqlite3_errmsg(s->db));
}

int store_prepare(struct store *s, const char *sql, sqlite3_stmt **st)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
		return store_db_fail(s, "preparing a query");
	return ST_OK;
}

int store_exec(struct store *s, const char *sql)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_db_fail(s, "writing");
	return ST_OK;
}

int store_step_done(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? ST_OK : store_db_fail(s, what);
	sqlite3_finalize(st);
	return rc;
}

int store_begin(struct store *s)
{
	return store_exec(s, "BEGIN IMMEDIATE");
}

int store_commit(struct store *s)
{
	return store_exec(s, "COMMIT");
}

int store_rollback(struct store *s, int rc)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

void store_bind_text(sqlite3_stmt *st, int i, const char *text)
{
	if (text)
		sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void store_bind_real(sqlite3_stmt *st, int i, double v)
{
	if (isnan(v))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_double(st, i, v);
}

double store_col_real(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

int store_col_int(sqlite3_stmt *st, int i, int dflt)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? dflt : sqlite3_column_int(st, i);
}

void store_col_text(sqlite3_stmt *st, int i, char *buf, size_t len)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	snprintf(buf, len, "%s", t ? (const char *)t : "");
}

void *store_grow(void *items, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return items;
	size_t want = *cap ? 2 * *cap : 16;
	void *grown = realloc(items, want * size);
	if (!grown) {
		st_fail(ST_ERR_NOMEM, "out of memory");
		return NULL;
	}
	*cap = want;
	return grown;
}

time_t store_time(time_t t)
{
	return t ? t : time(NULL);
}

/* The database is created by SQLite itself, under umask 077, so it is 0600 (SQLite gives
 * its -wal and -shm files the database's mode). It is never open()ed and close()d outside
 * SQLite: closing any descriptor of the file drops the POSIX locks of every connection of
 * this process on it, after which another process may think it is the last user and
 * delete the write-ahead log (SQLite's "How to corrupt", 2.2). The umask is the process's:
 * a thread creating a file meanwhile gets a more private one, never a less private one. */
static _Thread_local unsigned long thread_commits;

unsigned long store_thread_commits(void)
{
	return thread_commits;
}

/* SQLite calls it on the committing thread, explicit transactions and single statements
 * alike; 0: the commit goes on. */
static int count_commit(void *unused)
{
	(void)unused;
	thread_commits++;
	return 0;
}

int store_sqlite_open(const char *path, int flags, sqlite3 **db)
{
	mode_t old = umask(077);
	int rc = sqlite3_open_v2(path, db, flags | SQLITE_OPEN_NOMUTEX, NULL);
	umask(old);
	if (rc != SQLITE_OK)
		return st_fail(rc == SQLITE_CANTOPEN || rc == SQLITE_PERM ? ST_ERR_ACCESS : ST_ERR_IO, "%s: opening: %s",
			       path, *db ? sqlite3_errmsg(*db) : sqlite3_errstr(rc));
	sqlite3_extended_result_codes(*db, 1);
	sqlite3_commit_hook(*db, count_commit, NULL);
	return ST_OK;
}

/* An existing database made readable by others (by hand, or by an older station) is made
 * private again, by name: no descriptor of it is opened. */
static int make_private(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) == 0 && (sb.st_mode & 077) && chmod(path, sb.st_mode & 0700) != 0)
		return st_fail(ST_ERR_ACCESS, "%s: cannot make it private: %s", path, strerror(errno));
	return ST_OK;
}

/* Every process using the data folder holds a shared flock() on the folder itself for as
 * long as its store is open; station restore needs it exclusive (store_restore). The
 * folder cannot be deleted while it holds the station's files; a lock on DIR/station.lock
 * was gone with that file (a stranger deleted it, and a restore ran under a live
 * session). flock() locks are apart from SQLite's POSIX locks, and closing this
 * descriptor touches only it. how: LOCK_SH or LOCK_EX, with LOCK_NB or not. */
int store_lock_folder(const char *dir, int how, int *fd)
{
	*fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*fd < 0)
		return st_fail(errno == EACCES || errno == EPERM ? ST_ERR_ACCESS : ST_ERR_IO, "%s: %s", dir,
			       strerror(errno));
	while (flock(*fd, how) != 0)
		if (errno != EINTR) {
			int err = errno;
			close(*fd);
			*fd = -1;
			return err == EWOULDBLOCK ? ST_ERR_STATE : st_fail(ST_ERR_IO, "%s: lock: %s", dir, strerror(err));
		}
	return ST_OK;
}

/* The folder locked shared (store_lock_folder), and DIR/station.lock made: it marks the
 * folder as a data folder (st_outside_data_folder), also while the database is away. */
static int take_lock(struct store *s)
{
	char path[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/%s", s->dir, ST_DATA_FOLDER_LOCK);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 && (errno == EACCES || errno == EPERM || errno == EROFS))
		return st_fail(ST_ERR_ACCESS,
			       "%s: %s: this user may not write to the data folder (on the kiosk, run the command as "
			       "its user: sudo -u station station ...)",
			       path, strerror(errno));
	/* something else at its name (a folder, a symlink: opened with O_NOFOLLOW) marks the
	 * folder as well; the station stopped at it, the lock being the folder's */
	struct stat sb;
	if (fd < 0 && lstat(path, &sb) != 0)
		return st_fail(ST_ERR_IO, "%s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return store_lock_folder(s->dir, LOCK_SH, &s->lock_fd);
}

static int user_version(struct store *s, int *version)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, "PRAGMA user_version", &st);
	if (rc != ST_OK)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*version = sqlite3_column_int(st, 0);
	else
		rc = store_db_fail(s, "reading the schema version");
	sqlite3_finalize(st);
	return rc;
}

/* quick_check: the pages, records and indexes are well formed (O(size), unlike the full
 * integrity_check which also cross-checks every index entry). */
int store_check_integrity(struct store *s)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, "PRAGMA quick_check(3)", &st);
	if (rc != ST_OK)
		return rc;
	int step = sqlite3_step(st);
	if (step != SQLITE_ROW)
		rc = store_db_fail(s, "checking integrity");
	else if (strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
		rc = st_fail(ST_ERR_DATA, "%s: the database is damaged (%s); restore it from a backup (" RESTORE_HINT ")", s->db_path,
			     (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc;
}

int store_migrate(struct store *s)
{
	int version = 0;
	int rc = user_version(s, &version);
	if (rc != ST_OK)
		return rc;
	if (version < 0)
		return st_fail(ST_ERR_DATA,
			       "%s: schema version %d is not valid: the database header is damaged; restore it from a "
			       "backup (" RESTORE_HINT ")",
			       s->db_path, version);
	if (version > STORE_SCHEMA_VERSION)
		return st_fail(ST_ERR_PROTOCOL,
			       "%s: schema version %d is newer than this station understands (%d): update the "
			       "station, or use a data folder of this version",
			       s->db_path, version, STORE_SCHEMA_VERSION);
	for (; version < STORE_SCHEMA_VERSION; version++) {
		char bump[64];
		snprintf(bump, sizeof bump, "PRAGMA user_version = %d", version + 1);
		rc = store_begin(s);
		if (rc == ST_OK)
			rc = store_exec(s, migrations[version]);
		if (rc == ST_OK)
			rc = store_exec(s, bump);
		if (rc == ST_OK)
			rc = store_commit(s);
		if (rc != ST_OK)
			return store_rollback(s, st_fail(rc, "%s: migrating the schema to version %d: %s", s->db_path,
							 version + 1, st_errmsg()));
	}
	return ST_OK;
}

/* Whether table has a column of that name. */
static int has_column(struct store *s, const char *table, const char *column, bool *out)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2", &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0) > 0;
	else
		rc = store_db_fail(s, "reading the schema");
	sqlite3_finalize(st);
	return rc;
}

/* A measure added to event_fields.c since the database was made gets its column (empty
 * for the events before it), so a new measure needs no migration of its own. */
static int add_event_columns(struct store *s)
{
	static const enum exercise modes[] = { EXERCISE_HEEL_RAISE, EXERCISE_HOLD, EXERCISE_HOP };
	int rc = store_begin(s);
	for (size_t m = 0; m < sizeof modes / sizeof modes[0] && rc == ST_OK; m++) {
		const struct event_kind *k = event_kind_of(modes[m]);
		for (size_t i = 0; i < k->n_fields && rc == ST_OK; i++) {
			bool have = false;
			rc = has_column(s, k->list, k->fields[i].name, &have);
			if (rc != ST_OK || have)
				continue;
			char sql[160];
			enum event_field_type type = k->fields[i].type;
			snprintf(sql, sizeof sql, "ALTER TABLE %s ADD COLUMN %s %s", k->list, k->fields[i].name,
				 type == EVENT_BOOL ? "INTEGER NOT NULL DEFAULT 0" : type == EVENT_TEXT ? "TEXT" : "REAL");
			rc = store_exec(s, sql);
		}
	}
	if (rc == ST_OK)
		rc = store_commit(s);
	return store_rollback(s, rc);
}

#define BUSY_TIMEOUT_MS 5000 /* the physio's commands beside a running session */

/* The connection's settings, for every connection of the station's own. */
static int set_up_connection(struct store *s)
{
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	return store_exec(s, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
}

static int open_db(struct store *s)
{
	int rc = store_sqlite_open(s->db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &s->db);
	if (rc == ST_OK)
		rc = make_private(s->db_path);
	if (rc != ST_OK)
		return rc;
	/* waiting for another command's lock from the first statement on: the journal mode
	 * and the integrity check below take it too (4 of 200 commands run beside each other
	 * failed with "database is locked" when the wait was set after them) */
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	/* the first read of the file: a file that is not a database fails here */
	if (sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK)
		return store_db_fail(s, "opening");
	rc = store_check_integrity(s);
	if (rc == ST_OK)
		rc = set_up_connection(s);
	if (rc == ST_OK)
		rc = store_migrate(s);
	if (rc == ST_OK)
		rc = add_event_columns(s);
	return rc;
}

/* Whether folder holds a file (not "." or ".."). */
static bool has_files(const char *folder)
{
	DIR *d = opendir(folder);
	if (!d)
		return false;
	struct dirent *e;
	bool any = false;
	while (!any && (e = readdir(d)) != NULL)
		any = strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return any;
}

/* A restore cut short after the current database was moved aside: its copy, incoming,
 * put in place. A WAL still beside it is the old database's (the restore folds it in
 * first, but a damaged one may not fold): renamed aside with it, never replayed onto the
 * copy. */
static int finish_restore(const struct store *s, const char *incoming)
{
	char wal[sizeof s->db_path + 16], shm[sizeof s->db_path + 16], aside[sizeof s->db_path + 64];
	snprintf(wal, sizeof wal, "%s-wal", s->db_path);
	snprintf(shm, sizeof shm, "%s-shm", s->db_path);
	char when[20];
	store_stamp(time(NULL), when);
	snprintf(aside, sizeof aside, "%s-wal.before-restore-%s", s->db_path, when);
	if (access(wal, F_OK) == 0) {
		if (rename(wal, aside) != 0)
			return st_fail(ST_ERR_IO, "%s: finishing a restore cut short: %s", wal, strerror(errno));
		log_warning("finishing a restore cut short: the old database's WAL kept as %s", aside);
	}
	unlink(shm);
	if (rename(incoming, s->db_path) != 0)
		return st_fail(ST_ERR_IO, "%s: finishing a restore cut short: %s", s->db_path, strerror(errno));
	log_warning("a restore cut short finished: %s is the backup's copy", s->db_path);
	return ST_OK;
}

/* The data folder's files beside the database, by their paths. */
struct folder_files {
	char incoming[PATH_MAX + 32]; /* a restore's copy (STORE_RESTORED_SUFFIX) */
	char recordings[PATH_MAX + 16], backups[PATH_MAX + 16];
};

static void folder_files_of(const struct store *s, struct folder_files *f)
{
	snprintf(f->incoming, sizeof f->incoming, "%s" STORE_RESTORED_SUFFIX, s->db_path);
	snprintf(f->recordings, sizeof f->recordings, "%s/%s", s->dir, STORE_RECORDINGS);
	snprintf(f->backups, sizeof f->backups, "%s/%s", s->dir, STORE_BACKUPS);
}

/* Before the database is opened (a missing or empty one would be made anew): a restore
 * cut short after the current database was moved aside is finished (its copy, named
 * STORE_RESTORED_SUFFIX, was whole and checked before that); a database missing or empty
 * beside recordings or backups is refused, not started afresh (a stranger's killed
 * restore, then "no patients yet", and new sessions went into the empty store). */
static int check_database_there(const struct store *s)
{
	struct stat sb;
	bool missing = stat(s->db_path, &sb) != 0;
	struct folder_files f;
	folder_files_of(s, &f);
	if (!missing && sb.st_size > 0) {
		/* a restore cut short before it moved the database: its copy would be put in
		 * place, unasked, should the database ever go missing */
		if (unlink(f.incoming) == 0)
			log_warning("a restore cut short before it began: %s removed, the database is as it was",
				    f.incoming);
		return ST_OK;
	}
	if (missing && access(f.incoming, F_OK) == 0)
		return finish_restore(s, f.incoming);
	if (has_files(f.backups))
		return st_fail(ST_ERR_DATA,
			       "%s is %s, but the folder holds the station's recordings or backups: its data would start "
			       "afresh; restore the newest backup (" RESTORE_HINT ")",
			       s->db_path, missing ? "missing" : "empty");
	if (has_files(f.recordings))
		return st_fail(ST_ERR_DATA,
			       "%s is %s, but the folder holds the station's recordings, and no backup: its data would "
			       "start afresh; put the database back, or move %s/ aside to start afresh",
			       s->db_path, missing ? "missing" : "empty", f.recordings);
	return ST_OK;
}

/* For a reader, before anything is made in the folder: one with no database, no restore
 * of one under way and none of the station's files holds no station data (a mistyped
 * --data-dir got an empty store made there, "no patients yet", as if the clinic's data
 * were gone). */
static int check_data_folder(const struct store *s)
{
	struct folder_files f;
	folder_files_of(s, &f);
	if (access(s->db_path, F_OK) == 0 || access(f.incoming, F_OK) == 0 || has_files(f.recordings) ||
	    has_files(f.backups))
		return ST_OK;
	return st_fail(ST_ERR_NOT_FOUND,
		       "%s holds no station data (no %s there): is that the data folder? The station makes its "
		       "database at its first start",
		       s->dir, STORE_DB_NAME);
}

/* store_open, or with create false store_open_existing: nothing made in a folder that
 * holds no station data (check_data_folder). */
static int open_store(const char *dir, bool create, struct store **out)
{
	*out = NULL;
	struct store *s = calloc(1, sizeof *s);
	if (!s)
		return st_fail(ST_ERR_NOMEM, "out of memory");
	s->lock_fd = -1;
	int rc;
	if (dir) {
		rc = strlen(dir) >= sizeof s->dir - 32 ? st_fail(ST_ERR_ARG, "data folder name too long")
		     : create ? st_make_dirs(dir)
			      : ST_OK;
		if (rc == ST_OK)
			strcpy(s->dir, dir);
	} else {
		rc = st_data_dir(s->dir, sizeof s->dir - 32, create);
	}
	char rec_dir[PATH_MAX];
	if (rc == ST_OK)
		rc = st_path(s->db_path, sizeof s->db_path, "%s/%s", s->dir, STORE_DB_NAME);
	if (rc == ST_OK)
		rc = st_path(rec_dir, sizeof rec_dir, "%s/%s", s->dir, STORE_RECORDINGS);
	if (rc == ST_OK)
		rc = create ? st_make_dirs(rec_dir) : check_data_folder(s);
	if (rc == ST_OK)
		rc = take_lock(s);
	if (rc == ST_OK)
		rc = check_database_there(s);
	if (rc == ST_OK)
		rc = open_db(s);
	if (rc != ST_OK) {
		store_close(s);
		return rc;
	}
	*out = s;
	return ST_OK;
}

int store_open(const char *dir, struct store **out)
{
	return open_store(dir, true, out);
}

int store_open_existing(const char *dir, struct store **out)
{
	return open_store(dir, false, out);
}

/* ---- a data folder the user may only read ---- */

/* path as an SQLite URI's file name: the characters a URI gives meaning to escaped. */
static void uri_path(const char *path, char *out, size_t len)
{
	size_t n = 0;
	for (const char *c = path; *c && n + 4 < len; c++)
		n += (size_t)(*c == '%' || *c == '?' || *c == '#' ? snprintf(out + n, len - n, "%%%02X", (unsigned char)*c)
								 : snprintf(out + n, len - n, "%c", *c));
	out[n] = '\0';
}

/* The database read-only, as it is: no migration, no column added. A WAL database is
 * read with its -shm index, which a folder that cannot be written cannot make; one with
 * no -wal file beside it (closed cleanly) is read as immutable instead, since nothing
 * that could write it has it open. */
static int open_db_to_read(struct store *s)
{
	char uri[3 * sizeof s->db_path + 32], wal[sizeof s->db_path + 8];
	uri_path(s->db_path, uri + 5, sizeof uri - 32);
	memcpy(uri, "file:", 5);
	snprintf(wal, sizeof wal, "%s-wal", s->db_path);
	struct stat sb;
	bool closed_cleanly = stat(wal, &sb) != 0 || sb.st_size == 0;
	strcat(uri, closed_cleanly ? "?immutable=1" : "?mode=ro");
	/* changes still in the WAL need its -shm index, which SQLite cannot make in a folder
	 * that may only be read (a copy taken without it while the station ran): it failed
	 * "unable to open database file", which named nothing */
	char shm[sizeof s->db_path + 8];
	snprintf(shm, sizeof shm, "%s-shm", s->db_path);
	if (!closed_cleanly && access(shm, F_OK) != 0 && access(s->dir, W_OK) != 0)
		return st_fail(ST_ERR_ACCESS,
			       "%s: its latest changes are in %s-wal, whose index %s-shm is missing, and this folder "
			       "may only be read: copy the folder again with %s-shm (or with the station stopped)",
			       s->db_path, STORE_DB_NAME, STORE_DB_NAME, STORE_DB_NAME);
	int rc = store_sqlite_open(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, &s->db);
	if (rc != ST_OK)
		return rc;
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	rc = store_check_integrity(s);
	int version = 0;
	if (rc == ST_OK)
		rc = user_version(s, &version);
	if (rc == ST_OK && version != STORE_SCHEMA_VERSION)
		rc = st_fail(ST_ERR_PROTOCOL,
			     "%s: schema version %d, this station reads %d: it cannot be brought up to date in a folder "
			     "this user may only read",
			     s->db_path, version, STORE_SCHEMA_VERSION);
	return rc == ST_OK ? store_exec(s, "PRAGMA foreign_keys = ON") : rc;
}

/* Opens the store of a folder this user may only read: the folder locked shared, and the
 * database as open_db_to_read reads it. */
static int open_to_read(const char *dir, struct store *s)
{
	if (strlen(dir) >= sizeof s->dir - 32)
		return st_fail(ST_ERR_ARG, "data folder name too long");
	strcpy(s->dir, dir);
	int rc = st_path(s->db_path, sizeof s->db_path, "%s/%s", s->dir, STORE_DB_NAME);
	if (rc != ST_OK)
		return rc;
	if (access(s->db_path, R_OK) != 0)
		return st_fail(errno == ENOENT ? ST_ERR_NOT_FOUND : ST_ERR_ACCESS, "%s: %s", s->db_path, strerror(errno));
	rc = store_lock_folder(s->dir, LOCK_SH, &s->lock_fd);
	return rc == ST_OK ? open_db_to_read(s) : rc;
}

int store_open_to_read(const char *dir, struct store **out)
{
	int rc = store_open_existing(dir, out);
	if (rc != ST_ERR_ACCESS)
		return rc;
	char why[512];
	snprintf(why, sizeof why, "%s", st_errmsg());
	struct store *s = calloc(1, sizeof *s);
	if (!s)
		return st_fail(ST_ERR_NOMEM, "out of memory");
	s->lock_fd = -1;
	char data[PATH_MAX];
	rc = dir ? ST_OK : st_data_dir(data, sizeof data, 0);
	if (rc == ST_OK)
		rc = open_to_read(dir ? dir : data, s);
	if (rc != ST_OK) {
		store_close(s);
		return st_fail(rc, "%s (and read only: %s)", why, st_errmsg());
	}
	*out = s;
	return ST_OK;
}

int store_open_again(const struct store *s, struct store **out)
{
	*out = NULL;
	struct store *again = calloc(1, sizeof *again);
	if (!again)
		return st_fail(ST_ERR_NOMEM, "out of memory");
	again->lock_fd = -1;
	memcpy(again->dir, s->dir, sizeof again->dir);
	memcpy(again->db_path, s->db_path, sizeof again->db_path);
	int rc = store_sqlite_open(again->db_path, SQLITE_OPEN_READWRITE, &again->db);
	if (rc == ST_OK)
		rc = set_up_connection(again);
	if (rc != ST_OK) {
		store_close(again);
		return rc;
	}
	*out = again;
	return ST_OK;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	store_backup_wait(s);
	sqlite3_close(s->db);
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	free(s);
}

const char *store_dir(const struct store *s)
{
	return s->dir;
}

/* ---- patients ---- */

static const char *const side_names[] = { [SIDE_LEFT] = "left", [SIDE_RIGHT] = "right", [SIDE_BOTH] = "both" };

const char *side_name(enum side s)
{
	return (unsigned)s <= SIDE_BOTH ? side_names[s] : "?";
}

int side_from_name(const char *name, enum side *out)
{
	for (int i = 0; i <= SIDE_BOTH; i++)
		if (strcmp(name, side_names[i]) == 0) {
			*out = (enum side)i;
			return ST_OK;
		}
	return st_fail(ST_ERR_ARG, "side '%s': left, right or both", name);
}

static int check_clinic_id(const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || n >= PATIENT_ID_MAX)
		return st_fail(ST_ERR_ARG, "patient id '%s': 1 to %d characters", id, PATIENT_ID_MAX - 1);
	for (size_t i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", id[i]))
			return st_fail(ST_ERR_ARG, "patient id '%s': letters, digits, '.', '_' and '-' only", id);
	return ST_OK;
}

/* c as read aloud, or (on_card) off a card: lower case, and off a card the letters that
 * pass for digits those digits (a stranger added "PO01" beside "P001"): O and o as 0, I
 * and l as 1 (not L or i, which do not look like 1: "LL-01" beside "IL-01" is another
 * patient). */
static char id_char(char c, bool on_card)
{
	if (on_card && (c == 'O' || c == 'o'))
		return '0';
	if (on_card && (c == 'I' || c == 'l'))
		return '1';
	return (char)tolower((unsigned char)c);
}

/* id as read aloud (no leading zeros in a run of digits: "P-0042" is "p42") or off a
 * card (its zeros all there: a letter taken for a zero is not dropped as one, or
 * "MOORE-1" read as "MORE-1"): letters as id_char reads them, no separators. */
static void id_key(const char *id, bool on_card, char key[PATIENT_ID_MAX])
{
	char read[PATIENT_ID_MAX];
	size_t n = 0;
	for (const char *c = id; *c && n + 1 < PATIENT_ID_MAX; c++)
		if (*c != '.' && *c != '_' && *c != '-')
			read[n++] = id_char(*c, on_card);
	read[n] = '\0';
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		bool leading_zero = !on_card && read[i] == '0' && isdigit((unsigned char)read[i + 1]) &&
				    (k == 0 || !isdigit((unsigned char)key[k - 1]));
		if (!leading_zero)
			key[k++] = read[i];
	}
	key[k] = '\0';
}

/* Whether ids a and b read alike, aloud or off a card (id_key). */
static bool ids_alike(const char *a, const char *b)
{
	for (int on_card = 0; on_card < 2; on_card++) {
		char ka[PATIENT_ID_MAX], kb[PATIENT_ID_MAX];
		id_key(a, on_card, ka);
		id_key(b, on_card, kb);
		if (strcmp(ka, kb) == 0)
			return true;
	}
	return false;
}

int store_patient_alike(struct store *s, const char *clinic_id, char *alike)
{
	struct patient *all;
	size_t n;
	int rc = store_patient_list(s, &all, &n);
	if (rc != ST_OK)
		return rc;
	rc = ST_ERR_NOT_FOUND;
	for (size_t i = 0; i < n && rc == ST_ERR_NOT_FOUND; i++) {
		if (ids_alike(clinic_id, all[i].clinic_id)) {
			snprintf(alike, PATIENT_ID_MAX, "%s", all[i].clinic_id);
			rc = ST_OK;
		}
	}
	free(all);
	return rc;
}

/* Text with something to read in it: "   " names nobody. */
static bool has_text(const char *t)
{
	for (; t && *t; t++)
		if (!isspace((unsigned char)*t))
			return true;
	return false;
}

static int check_who_why(const char *by, const char *why)
{
	if (!has_text(by))
		return st_fail(ST_ERR_ARG, "who decided is required (not only spaces)");
	/* bytes, not characters: 30 CJK characters are 90 (a stranger's was refused as missing) */
	if (strlen(by) >= WHO_MAX)
		return st_fail(ST_ERR_ARG, "who decided is %zu bytes long: at most %d (about %d letters of A-Z, fewer of other "
					   "scripts)", strlen(by), WHO_MAX - 1, WHO_MAX - 1);
	const char *fault;
	size_t at = plain_text_fault(by, strlen(by), &fault);
	if (at)
		return st_fail(ST_ERR_ARG, "who decided has %s at character %zu: names are plain text", fault, at);
	if (!has_text(why))
		return st_fail(ST_ERR_ARG, "the reason is required");
	if (strlen(why) >= WHY_MAX)
		return st_fail(ST_ERR_ARG, "the reason is longer than %d bytes", WHY_MAX - 1);
	/* the reason goes into export's CSV and the report: a terminal's escape, a line
	 * break or bytes that are not UTF-8 went through as they were */
	at = plain_text_fault(why, strlen(why), &fault);
	if (at)
		return st_fail(ST_ERR_ARG, "the reason has %s at character %zu: reasons are plain text on one line", fault,
			       at);
	return ST_OK;
}

int store_patient_add(struct store *s, const char *clinic_id, const char *name, enum side side, int phase,
		      int64_t *id)
{
	int rc = check_clinic_id(clinic_id);
	if (rc != ST_OK)
		return rc;
	if (phase < 1 || phase > PROGRAMME_PHASES)
		return st_fail(ST_ERR_ARG, "phase %d: the programme has phases 1 to %d", phase, PROGRAMME_PHASES);
	if (name && strlen(name) >= PATIENT_NAME_MAX)
		return st_fail(ST_ERR_ARG, "name longer than %d bytes", PATIENT_NAME_MAX - 1);
	if (name && *name && !has_text(name)) /* the choose-patient screen showed a blank button */
		return st_fail(ST_ERR_ARG, "a name of spaces only: give the name, or none");
	const char *why;
	size_t at = name ? plain_text_fault(name, strlen(name), &why) : 0;
	if (at)
		return st_fail(ST_ERR_ARG, "the name has %s at character %zu: names are plain text", why, at);
	struct patient existing;
	char alike[PATIENT_ID_MAX];
	if (store_patient_find(s, clinic_id, &existing) == ST_OK)
		return st_fail(ST_ERR_ARG, "patient '%s' already exists", clinic_id);
	rc = store_patient_alike(s, clinic_id, alike);
	if (rc == ST_OK)
		return st_fail(ST_ERR_ARG, "patient '%s' reads as '%s', already a patient: give a number that cannot be "
					   "mistaken for it", clinic_id, alike);
	if (rc != ST_ERR_NOT_FOUND)
		return rc;
	sqlite3_stmt *st;
	rc = store_prepare(s, "INSERT INTO patients (clinic_id, name, side, phase, created_at) VALUES (?, ?, ?, ?, ?)",
			   &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_text(st, 1, clinic_id, -1, SQLITE_TRANSIENT);
	store_bind_text(st, 2, name && *name ? name : NULL);
	sqlite3_bind_text(st, 3, side_name(side), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, phase);
	sqlite3_bind_int64(st, 5, time(NULL));
	rc = store_step_done(s, st, "adding a patient");
	if (rc == ST_OK && id)
		*id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

#define PATIENT_COLUMNS                                                                             \
	"SELECT id, clinic_id, name, side, phase, created_at, override_exercise, override_sets, "  \
	"override_reps, override_hold_s, override_rest_s, override_by, override_why, override_at, " \
	"(SELECT count(*) FROM phase_changes WHERE patient_id = patients.id) FROM patients "

static void read_patient(sqlite3_stmt *st, struct patient *p)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(st, 0);
	store_col_text(st, 1, p->clinic_id, sizeof p->clinic_id);
	store_col_text(st, 2, p->name, sizeof p->name);
	char text[32];
	store_col_text(st, 3, text, sizeof text);
	p->side = SIDE_BOTH;
	side_from_name(text, &p->side);
	p->phase = sqlite3_column_int(st, 4);
	p->created = (time_t)sqlite3_column_int64(st, 5);
	store_col_text(st, 6, text, sizeof text);
	p->override.has_kind = *text && ex_kind_from_name(text, &p->override.kind) == ST_OK;
	p->override.sets = store_col_int(st, 7, 0);
	p->override.reps = store_col_int(st, 8, 0);
	double hold = store_col_real(st, 9), rest = store_col_real(st, 10);
	p->override.hold_s = isnan(hold) ? 0 : hold;
	p->override.rest_s = isnan(rest) ? 0 : rest;
	store_col_text(st, 11, p->override_by, sizeof p->override_by);
	store_col_text(st, 12, p->override_why, sizeof p->override_why);
	p->override_at = (time_t)sqlite3_column_int64(st, 13);
	p->decisions = sqlite3_column_int64(st, 14);
}

int store_patient_find(struct store *s, const char *clinic_id, struct patient *out)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, PATIENT_COLUMNS "WHERE clinic_id = ?", &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_text(st, 1, clinic_id, -1, SQLITE_TRANSIENT);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		read_patient(st, out);
	else if (step == SQLITE_DONE)
		rc = st_fail(ST_ERR_NOT_FOUND, "no patient '%s' (station patients lists them)", clinic_id);
	else
		rc = store_db_fail(s, "finding a patient");
	sqlite3_finalize(st);
	return rc;
}

int store_patient_list(struct store *s, struct patient **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	int rc = store_prepare(s, PATIENT_COLUMNS "ORDER BY clinic_id", &st);
	if (rc != ST_OK)
		return rc;
	size_t cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct patient *grown = store_grow(*out, *n, &cap, sizeof *grown);
		if (!grown) {
			rc = ST_ERR_NOMEM;
			break;
		}
		*out = grown;
		read_patient(st, &(*out)[(*n)++]);
	}
	if (rc == ST_OK && step != SQLITE_DONE)
		rc = store_db_fail(s, "listing patients");
	sqlite3_finalize(st);
	if (rc != ST_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int store_patient_override(struct store *s, int64_t patient, const struct dose_override *o, const char *by,
			   const char *why)
{
	int rc = check_who_why(by, why);
	if (rc == ST_OK)
		rc = store_clock_check(s, patient);
	if (rc != ST_OK)
		return rc;
	sqlite3_stmt *st;
	rc = store_prepare(s, "UPDATE patients SET override_exercise = ?, override_sets = ?, override_reps = ?, "
			      "override_hold_s = ?, override_rest_s = ?, override_by = ?, override_why = ?, "
			      "override_at = ? WHERE id = ?",
			   &st);
	if (rc != ST_OK)
		return rc;
	if (o) {
		store_bind_text(st, 1, o->has_kind ? ex_kind_name(o->kind) : NULL);
		if (o->sets > 0)
			sqlite3_bind_int(st, 2, o->sets);
		if (o->reps > 0)
			sqlite3_bind_int(st, 3, o->reps);
		if (o->hold_s > 0)
			sqlite3_bind_double(st, 4, o->hold_s);
		if (o->rest_s > 0)
			sqlite3_bind_double(st, 5, o->rest_s);
	}
	sqlite3_bind_text(st, 6, by, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, why, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 8, time(NULL));
	sqlite3_bind_int64(st, 9, patient);
	rc = store_step_done(s, st, "changing the dose");
	if (rc == ST_OK && sqlite3_changes(s->db) != 1)
		rc = st_fail(ST_ERR_NOT_FOUND, "no patient with row id %lld", (long long)patient);
	return rc;
}

/* ---- phase changes ---- */

/* Whether the patient is still as seen: the same phase and the same decisions so far. */
static int still_as_seen(struct store *s, const struct patient *seen)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, "SELECT phase, (SELECT count(*) FROM phase_changes WHERE patient_id = patients.id) "
				  "FROM patients WHERE id = ?",
			       &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int64(st, 1, seen->id);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW && (sqlite3_column_int(st, 0) != seen->phase || sqlite3_column_int64(st, 1) != seen->decisions))
		rc = st_fail(ST_ERR_STATE, "%s's phase was decided meanwhile (now phase %d): look at it again before deciding",
			     seen->clinic_id, sqlite3_column_int(st, 0));
	else if (step == SQLITE_DONE)
		rc = st_fail(ST_ERR_NOT_FOUND, "no patient with row id %lld", (long long)seen->id);
	else if (step != SQLITE_ROW)
		rc = store_db_fail(s, "reading the patient's phase");
	sqlite3_finalize(st);
	return rc;
}

int store_phase_decide(struct store *s, const struct patient *seen, int to_phase, enum phase_decision d, const char *by,
		       const char *why, const char *suggestion)
{
	static const char *const names[] = { [PHASE_SET] = "set", [PHASE_CONFIRMED] = "confirmed",
					     [PHASE_DECLINED] = "declined" };
	int rc = check_who_why(by, why);
	if (rc != ST_OK)
		return rc;
	if (to_phase < 1 || to_phase > PROGRAMME_PHASES)
		return st_fail(ST_ERR_ARG, "phase %d: the programme has phases 1 to %d", to_phase, PROGRAMME_PHASES);
	rc = store_clock_check(s, seen->id); /* filed before a red flag, it would not answer it */
	if (rc != ST_OK)
		return rc;
	rc = store_begin(s);
	if (rc == ST_OK)
		rc = still_as_seen(s, seen);
	if (rc != ST_OK)
		return store_rollback(s, rc);
	sqlite3_stmt *st;
	rc = store_prepare(s, "INSERT INTO phase_changes (patient_id, at, from_phase, to_phase, decision, by_whom, "
			      "why, suggestion) SELECT id, ?, phase, ?, ?, ?, ?, ? FROM patients WHERE id = ?",
			   &st);
	if (rc != ST_OK)
		return store_rollback(s, rc);
	sqlite3_bind_int64(st, 1, time(NULL));
	sqlite3_bind_int(st, 2, to_phase);
	sqlite3_bind_text(st, 3, names[d], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, by, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, why, -1, SQLITE_TRANSIENT);
	store_bind_text(st, 6, suggestion);
	sqlite3_bind_int64(st, 7, seen->id);
	rc = store_step_done(s, st, "recording a phase change");
	/* A physio's exercise and dose were for the phase they were set in: a new phase
	 * starts from its programme dose. Kept, an exercise the new phase lacks stopped every
	 * session and report of the patient, and a phase-2 count of 8 ran on in phase 3's
	 * one-leg raises (12-15), taking the patient on to phase 4 (strangers' reviews). */
	if (rc == ST_OK && d != PHASE_DECLINED) {
		rc = store_prepare(s, "UPDATE patients SET override_exercise = CASE WHEN phase = ?1 THEN "
				      "override_exercise END, override_sets = CASE WHEN phase = ?1 THEN override_sets END, "
				      "override_reps = CASE WHEN phase = ?1 THEN override_reps END, override_hold_s = CASE "
				      "WHEN phase = ?1 THEN override_hold_s END, override_rest_s = CASE WHEN phase = ?1 "
				      "THEN override_rest_s END, override_by = CASE WHEN phase = ?1 THEN override_by END, "
				      "override_why = CASE WHEN phase = ?1 THEN override_why END, override_at = CASE WHEN "
				      "phase = ?1 THEN override_at END, phase = ?1 WHERE id = ?2",
				   &st);
		if (rc == ST_OK) {
			sqlite3_bind_int(st, 1, to_phase);
			sqlite3_bind_int64(st, 2, seen->id);
			rc = store_step_done(s, st, "changing the phase");
		}
	}
	if (rc == ST_OK)
		rc = store_commit(s);
	return store_rollback(s, rc);
}

/* ---- VISA-A ---- */

/* branch: item 8's, 0-2 (A-C), or -1 when not known */
static int visa_insert(struct store *s, int64_t patient, time_t at, const int *items, int total, int branch)
{
	if (items) {
		int sum;
		int rc = visa_total(items, &sum);
		if (rc != ST_OK)
			return rc;
		if (total >= 0 && total != sum)
			return st_fail(ST_ERR_ARG, "VISA-A total %d is not the sum of the items (%d)", total, sum);
		total = sum;
	}
	if (total < 0 || total > VISA_MAX)
		return st_fail(ST_ERR_ARG, "VISA-A total %d: 0 to %d", total, VISA_MAX);
	int rc = at ? ST_OK : store_clock_check(s, patient); /* a score given its time is as old as said */
	if (rc != ST_OK)
		return rc;
	sqlite3_stmt *st;
	rc = store_prepare(s, "INSERT INTO visa_a (patient_id, at, q1, q2, q3, q4, q5, q6, q7, q8, total, q8_branch) "
				  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			       &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int64(st, 1, patient);
	sqlite3_bind_int64(st, 2, store_time(at));
	for (int i = 0; items && i < VISA_ITEMS; i++)
		sqlite3_bind_int(st, 3 + i, items[i]);
	sqlite3_bind_int(st, 11, total);
	const char letter[2] = { (char)('A' + branch), '\0' };
	if (branch >= 0 && branch < VISA_BRANCHES)
		sqlite3_bind_text(st, 12, letter, 1, SQLITE_TRANSIENT);
	return store_step_done(s, st, "recording a VISA-A score");
}

int store_visa_add(struct store *s, int64_t patient, time_t at, const int *items, int total)
{
	return visa_insert(s, patient, at, items, total, -1);
}

int store_visa_add_answers(struct store *s, int64_t patient, time_t at, const struct visa_answers *a)
{
	int items[VISA_ITEMS], total;
	int rc = visa_score(a, items, &total);
	return rc == ST_OK ? visa_insert(s, patient, at, items, total, a->branch) : rc;
}
