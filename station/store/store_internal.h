/* store_internal.h: what the store's files share. */
#ifndef STATION_STORE_INTERNAL_H
#define STATION_STORE_INTERNAL_H

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <sqlite3.h>
#include <time.h>

#include "store.h"

/* a restore's copy of the backup, whole and checked, about to become the database */
#define STORE_RESTORED_SUFFIX ".restored"

/* SQL: the session row s is one kept: ended, or with a set, a pain score or a red flag
 * answered yes. One begun and never ended with nothing in it (the station stopped at the
 * first questions: a crash, a power cut) is none of the patient's history, as a session
 * left there is deleted (store_session_discard). */
#define STORE_SESSION_KEPT(s)                                                                     \
	"(" s ".ended IS NOT NULL OR EXISTS (SELECT 1 FROM sets WHERE session_id = " s ".id) OR " \
	"EXISTS (SELECT 1 FROM pain WHERE session_id = " s ".id) OR "                             \
	"coalesce(" s ".red_flag_pop, 0) + coalesce(" s ".red_flag_dip, 0) + coalesce(" s ".red_flag_cannot_raise, 0) > 0)"

struct store {
	sqlite3 *db;
	int lock_fd;        /* DIR itself, flock()ed shared while open (store_lock_folder) */
	pthread_t backup;   /* the daily backup's thread, while backing_up */
	bool backing_up;
	char dir[PATH_MAX];
	char db_path[PATH_MAX + 16];
};

/* t as the backups name it, "20261204-153000Z" (UTC), into when. */
void store_stamp(time_t t, char when[20]);
/* Opens the data folder dir into *fd and flock()s it (how: LOCK_SH or LOCK_EX, | LOCK_NB);
 * ST_ERR_STATE, without a message, when LOCK_NB finds it held. */
int store_lock_folder(const char *dir, int how, int *fd);
/* Opens (flags: SQLITE_OPEN_*) a database through SQLite, creating it 0600; see store.c. */
int store_sqlite_open(const char *path, int flags, sqlite3 **db);
/* quick_check of the open database; ST_ERR_DATA with a message when damaged. */
int store_check_integrity(struct store *s);
/* Takes the schema to STORE_SCHEMA_VERSION; refuses a newer or invalid version. */
int store_migrate(struct store *s);

/* st_fail() with what failed and SQLite's message; returns the st code. */
int store_db_fail(struct store *s, const char *what);
/* Prepares sql; on failure reports it. */
int store_prepare(struct store *s, const char *sql, sqlite3_stmt **st);
/* Runs sql without results. */
int store_exec(struct store *s, const char *sql);
/* Steps a statement that returns no rows, finalizes it. */
int store_step_done(struct store *s, sqlite3_stmt *st, const char *what);
/* BEGIN IMMEDIATE / COMMIT; rollback ends a failed transaction and returns rc. */
int store_begin(struct store *s);
int store_commit(struct store *s);
int store_rollback(struct store *s, int rc);

/* Binds text, or NULL for a NULL pointer; a double, or NULL for NAN. */
void store_bind_text(sqlite3_stmt *st, int i, const char *text);
void store_bind_real(sqlite3_stmt *st, int i, double v);
/* A column as a double (NAN for NULL), an int (dflt for NULL), text into buf. */
double store_col_real(sqlite3_stmt *st, int i);
int store_col_int(sqlite3_stmt *st, int i, int dflt);
void store_col_text(sqlite3_stmt *st, int i, char *buf, size_t len);

/* Room for one more of n items of size bytes: items itself, or a larger copy (cap
 * updated); NULL, with the message set, when out of memory (items is left as it was). */
void *store_grow(void *items, size_t n, size_t *cap, size_t size);

/* The current time unless t is given. */
time_t store_time(time_t t);

#endif
