/* backup.c: daily copies of the database (SQLite's online backup API) into DIR/backups/,
 * the newest STORE_BACKUPS_KEPT kept, and restoring one. */
#include "store_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "paths.h"
#include "safe_file.h"
#include "status.h"

#define LOG_PREFIX "store"
#include "log.h"

#define BACKUP_PREFIX "station-"
#define BACKUP_SUFFIX ".db"
#define BEFORE_RESTORE_PREFIX "before-restore-"
#define DAY_S 86400

/* The full integrity_check (every index entry too: a backup is checked once, not at
 * every start). */
static int check_copy(sqlite3 *db, const char *path)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check(3)", -1, &st, NULL) != SQLITE_OK)
		return st_fail(ST_ERR_DATA, "%s: damaged, or not a database: %s", path, sqlite3_errmsg(db));
	int rc = ST_OK;
	if (sqlite3_step(st) != SQLITE_ROW)
		rc = st_fail(ST_ERR_DATA, "%s: damaged, or not a database: %s", path, sqlite3_errmsg(db));
	else if (strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
		rc = st_fail(ST_ERR_DATA, "%s: damaged: %s", path, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc;
}

/* A partial copy and the files SQLite keeps beside it. */
static void remove_partial(const char *path)
{
	static const char *const sides[] = { "", "-journal", "-wal", "-shm" };
	for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
		char side[PATH_MAX + 16];
		if (snprintf(side, sizeof side, "%s%s", path, sides[i]) < (int)sizeof side)
			unlink(side);
	}
}

/* Partial copies left by a backup that was killed (".partial-PID-...", its PID gone). */
static void remove_stale_partials(const char *folder)
{
	DIR *d = opendir(folder);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		long pid;
		char rest[NAME_MAX + 1];
		bool side = strstr(e->d_name, "-journal") || strstr(e->d_name, "-wal") || strstr(e->d_name, "-shm");
		if (side || sscanf(e->d_name, ".partial-%ld-%255s", &pid, rest) != 2)
			continue;
		if (!st_process_gone(pid)) /* its backup may be under way */
			continue;
		char path[PATH_MAX + NAME_MAX + 2];
		snprintf(path, sizeof path, "%s/%s", folder, e->d_name);
		remove_partial(path);
	}
	closedir(d);
}

/* Copies database from into a new file at to (0600) as a standalone database (rollback
 * journal), synced by SQLite, and checks the copy. */
static int copy_database(sqlite3 *from, const char *from_path, const char *to)
{
	sqlite3 *db = NULL;
	int rc = store_sqlite_open(to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &db);
	if (rc == ST_OK) {
		sqlite3_backup *b = sqlite3_backup_init(db, "main", from, "main");
		int step = SQLITE_ERROR;
		/* one step copies every page, reading one snapshot; the station may write meanwhile */
		for (int tries = 0; b && tries < 100; tries++) {
			step = sqlite3_backup_step(b, -1);
			if (step != SQLITE_BUSY && step != SQLITE_LOCKED)
				break;
			sqlite3_sleep(50);
		}
		/* the step's own code: the connections' last errors may be another's ("not an
		 * error" was said of a disk that had filled) */
		if (!b || step != SQLITE_DONE)
			rc = st_fail(ST_ERR_IO, "copying %s to %s: %s", from_path, to, b ? sqlite3_errstr(step) : sqlite3_errmsg(db));
		sqlite3_backup_finish(b);
	}
	if (rc == ST_OK && sqlite3_exec(db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
		rc = st_fail(ST_ERR_IO, "%s: %s", to, sqlite3_errmsg(db));
	if (rc == ST_OK)
		rc = check_copy(db, to);
	sqlite3_close(db);
	if (rc != ST_OK)
		remove_partial(to);
	return rc;
}

static int is_backup(const struct dirent *e)
{
	size_t n = strlen(e->d_name), p = strlen(BACKUP_PREFIX), x = strlen(BACKUP_SUFFIX);
	return n > p + x && strncmp(e->d_name, BACKUP_PREFIX, p) == 0 && strcmp(e->d_name + n - x, BACKUP_SUFFIX) == 0;
}

/* The backups in folder, oldest first (their names sort by time); *names freed by the
 * caller (each, then the array); -1 when the folder cannot be read. */
static int list_backups(const char *folder, struct dirent ***names)
{
	int n = scandir(folder, names, is_backup, alphasort);
	if (n < 0 && errno == ENOENT) {
		*names = NULL;
		return 0;
	}
	if (n < 0)
		st_fail(ST_ERR_IO, "%s: %s", folder, strerror(errno));
	return n;
}

static void free_list(struct dirent **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static int backups_folder(const struct store *s, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s/%s", s->dir, STORE_BACKUPS);
	if (n < 0 || (size_t)n >= len)
		return st_fail(ST_ERR_ARG, "%s: backup folder name too long", s->dir);
	return st_make_dirs(buf);
}

/* "PREFIX20261204-153000Z.db" for the time at; with taken, "PREFIX20261204-153000Z-N.db",
 * N from 2 on, when folder taken already has that name (two in one second). */
static void name_at(time_t at, const char *prefix, const char *taken, char *buf, size_t len)
{
	char when[20];
	store_stamp(at, when);
	snprintf(buf, len, "%s%s%s", prefix, when, BACKUP_SUFFIX);
	for (int n = 2; taken; n++) {
		char path[PATH_MAX + 96];
		snprintf(path, sizeof path, "%s/%s", taken, buf);
		if (access(path, F_OK) != 0)
			break;
		snprintf(buf, len, "%s%s-%d%s", prefix, when, n, BACKUP_SUFFIX);
	}
}

static void stamped_name(const char *prefix, const char *taken, char *buf, size_t len)
{
	name_at(time(NULL), prefix, taken, buf, len);
}

/* The time in a backup's name (UTC), not its file's: a copy brought back from a stick
 * is as old as its name says, whatever cp made its mtime (one read as new stopped the
 * daily backup for a day). 0: none. */
static time_t named_time(const char *name)
{
	struct tm tm = { 0 };
	char z = 0;
	if (sscanf(name + strlen(BACKUP_PREFIX), "%4d%2d%2d-%2d%2d%2d%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &z) != 7 ||
	    z != 'Z')
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

/* Whether the file at path is a whole SQLite database by its header: the magic, and as
 * many bytes as its pages (a copy cut short when a stick was pulled, or an empty file,
 * is not; the backups are written with a valid page count: journal_mode DELETE). */
static bool whole_database(const char *path)
{
	unsigned char h[100];
	struct stat sb;
	FILE *f = fopen(path, "rb");
	bool read = f && fread(h, 1, sizeof h, f) == sizeof h && fstat(fileno(f), &sb) == 0;
	if (f)
		fclose(f);
	if (!read || memcmp(h, "SQLite format 3", 16) != 0)
		return false;
	unsigned page = (unsigned)h[16] << 8 | h[17];
	uint32_t pages = (uint32_t)h[28] << 24 | (uint32_t)h[29] << 16 | (uint32_t)h[30] << 8 | h[31];
	bool count_valid = memcmp(h + 24, h + 92, 4) == 0;
	return count_valid && pages > 0 && (off_t)(page == 1 ? 65536 : page) * pages == sb.st_size;
}

/* Whether name, at path, counts among the backups up to the one named latest: not
 * dated ahead of it (a clock that ran fast, files copied in) and a whole database (an
 * empty file, or one cut short, counted as its day's newest and pushed a checked backup
 * out). */
static bool counts_as_backup(const char *path, const char *name, const char *latest)
{
	return strcmp(name, latest) <= 0 && whole_database(path);
}

/* Keeps the newest backup of each of the newest STORE_BACKUPS_KEPT days (by name), the
 * day of the one just made (made) among them and that one always: backups made by hand
 * (`station backup`, a script's hourly) once took the place of the daily ones, 14 in an
 * afternoon leaving no day before it. Names dated ahead of made (a clock that ran fast,
 * files copied in) and files that are no whole database (empty, cut short) are neither
 * counted nor removed (counts_as_backup): counted, they pushed the real days out (once
 * made itself, while the station said it was kept). */
static int prune(const char *folder, const char *made)
{
	struct dirent **names;
	int n = list_backups(folder, &names);
	if (n < 0)
		return ST_ERR_IO;
	size_t day_at = strlen(BACKUP_PREFIX), day_len = 8; /* "YYYYMMDD" */
	const char *kept_day = NULL;
	int rc = ST_OK, days = 1; /* made's */
	for (int i = n - 1; i >= 0 && rc == ST_OK; i--) {
		const char *name = names[i]->d_name;
		char path[PATH_MAX + NAME_MAX + 2];
		snprintf(path, sizeof path, "%s/%s", folder, name);
		if (strcmp(name, made) == 0 || !counts_as_backup(path, name, made))
			continue;
		bool made_day = strncmp(name + day_at, made + day_at, day_len) == 0;
		bool new_day = !made_day && (!kept_day || strncmp(name + day_at, kept_day + day_at, day_len) != 0);
		if (new_day && days < STORE_BACKUPS_KEPT) {
			kept_day = name;
			days++;
			continue;
		}
		if (unlink(path) != 0)
			rc = st_fail(ST_ERR_IO, "%s: %s", path, strerror(errno));
	}
	free_list(names, n);
	return rc;
}

int store_backup(struct store *s, char *path, size_t len)
{
	char folder[PATH_MAX], name[64], tmp[PATH_MAX + 96], final[PATH_MAX + 64];
	int rc = backups_folder(s, folder, sizeof folder);
	if (rc != ST_OK)
		return rc;
	remove_stale_partials(folder);
	stamped_name(BACKUP_PREFIX, NULL, name, sizeof name); /* a same-second one is replaced */
	/* written under a hidden name, renamed once checked: a backup never shows half made */
	snprintf(tmp, sizeof tmp, "%s/.partial-%ld-%s", folder, (long)getpid(), name);
	snprintf(final, sizeof final, "%s/%s", folder, name);
	rc = copy_database(s->db, s->db_path, tmp);
	if (rc == ST_OK && rename(tmp, final) != 0) {
		rc = st_fail(ST_ERR_IO, "%s: %s", final, strerror(errno));
		remove_partial(tmp);
	}
	if (rc == ST_OK)
		rc = prune(folder, name);
	if (rc == ST_OK)
		rc = st_sync_folder(folder);
	if (rc == ST_OK && path)
		snprintf(path, len, "%s", final);
	return rc;
}

int store_backup_if_due(struct store *s, time_t now, bool *made)
{
	*made = false;
	char folder[PATH_MAX];
	int rc = backups_folder(s, folder, sizeof folder);
	if (rc != ST_OK)
		return rc;
	struct dirent **names;
	int n = list_backups(folder, &names);
	if (n < 0)
		return ST_ERR_IO;
	/* the newest that counts (counts_as_backup): one dated ahead (made while the clock
	 * ran fast) is no reason to wait for its date, nor an empty file named as today's
	 * (strangers found no daily backup made until then) */
	char latest[64];
	name_at(now, BACKUP_PREFIX, NULL, latest, sizeof latest);
	time_t newest = 0;
	for (int i = n - 1; i >= 0 && !newest; i--) {
		char path[PATH_MAX + NAME_MAX + 2];
		snprintf(path, sizeof path, "%s/%s", folder, names[i]->d_name);
		if (counts_as_backup(path, names[i]->d_name, latest))
			newest = named_time(names[i]->d_name);
	}
	free_list(names, n);
	if (newest && newest <= now && now - newest < DAY_S)
		return ST_OK;
	rc = store_backup(s, NULL, 0);
	*made = rc == ST_OK;
	return rc;
}

/* The daily backup, on a connection of its own (a second connection of this process is
 * safe: SQLite shares the file's locks between them). */
static void *backup_daily(void *arg)
{
	struct store *b = arg;
	bool made;
	int rc = store_sqlite_open(b->db_path, SQLITE_OPEN_READWRITE, &b->db);
	if (rc == ST_OK) {
		sqlite3_busy_timeout(b->db, 5000);
		rc = store_backup_if_due(b, time(NULL), &made);
	}
	if (rc != ST_OK)
		log_error("the daily backup of the database failed: %s", st_errmsg());
	sqlite3_close(b->db);
	free(b);
	return NULL;
}

void store_backup_daily(struct store *s)
{
	store_backup_wait(s);
	struct store *b = malloc(sizeof *b);
	if (!b) {
		log_error("the daily backup of the database: out of memory");
		return;
	}
	*b = (struct store){ .lock_fd = -1 };
	memcpy(b->dir, s->dir, sizeof b->dir);
	memcpy(b->db_path, s->db_path, sizeof b->db_path);
	int err = pthread_create(&s->backup, NULL, backup_daily, b);
	if (err) {
		log_error("the daily backup of the database: %s", strerror(err));
		free(b);
	}
	s->backing_up = err == 0;
}

void store_stamp(time_t t, char when[20])
{
	struct tm tm;
	strftime(when, 20, "%Y%m%d-%H%M%SZ", gmtime_r(&t, &tm));
}

void store_backup_wait(struct store *s)
{
	if (s->backing_up)
		pthread_join(s->backup, NULL);
	s->backing_up = false;
}

/* A readable station database of a schema this station can migrate. */
static int check_backup_file(const char *file)
{
	struct stat sb;
	if (stat(file, &sb) != 0)
		return st_fail(ST_ERR_NOT_FOUND, "%s: %s", file, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return st_fail(ST_ERR_ARG, "%s: not a file", file);
	sqlite3 *db = NULL;
	int rc = store_sqlite_open(file, SQLITE_OPEN_READONLY, &db);
	if (rc == ST_OK)
		rc = check_copy(db, file);
	sqlite3_stmt *st = NULL;
	if (rc == ST_OK && (sqlite3_prepare_v2(db, "SELECT user_version, (SELECT count(*) FROM sqlite_master "
						     "WHERE name = 'patients') FROM pragma_user_version",
					       -1, &st, NULL) != SQLITE_OK ||
			    sqlite3_step(st) != SQLITE_ROW))
		rc = st_fail(ST_ERR_DATA, "%s: not a station database: %s", file, sqlite3_errmsg(db));
	if (rc == ST_OK) {
		int version = sqlite3_column_int(st, 0);
		if (version < 1 || version > STORE_SCHEMA_VERSION || sqlite3_column_int(st, 1) != 1)
			rc = st_fail(ST_ERR_DATA, "%s: not a station database this station can read (schema version %d)",
				     file, version);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}

/* The current database's WAL folded into it, so that it moves aside whole in one rename:
 * cut between the renames of it and of its WAL (a stranger's kill), the next start put
 * the restored copy in place beside the old WAL, which SQLite then replayed onto it, a
 * database neither the backup nor the old one, which the integrity check passed. Best
 * effort: a damaged database may not fold, and moves aside as it is. */
static void fold_wal(const char *db_path)
{
	sqlite3 *db = NULL;
	if (access(db_path, F_OK) != 0 || store_sqlite_open(db_path, SQLITE_OPEN_READWRITE, &db) != ST_OK) {
		sqlite3_close(db);
		return;
	}
	sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	sqlite3_close(db); /* the last connection: SQLite removes the emptied WAL */
}

/* Moves DIR/station.db and its -wal aside into the backups folder, untouched (it may be
 * the damaged one: it is kept as it was); its -shm is only an index, rebuilt from the WAL. */
static int keep_current(const char *dir, const char *folder, char *kept, size_t len)
{
	char name[64];
	stamped_name(BEFORE_RESTORE_PREFIX, folder, name, sizeof name);
	static const char *const endings[] = { "", "-wal" };
	*kept = '\0';
	for (int i = 0; i < 2; i++) {
		char from[PATH_MAX + 16], to[PATH_MAX + 96];
		snprintf(from, sizeof from, "%s/%s%s", dir, STORE_DB_NAME, endings[i]);
		snprintf(to, sizeof to, "%s/%s%s", folder, name, endings[i]);
		if (rename(from, to) != 0 && errno != ENOENT)
			return st_fail(ST_ERR_IO, "keeping %s as %s: %s", from, to, strerror(errno));
		if (i == 0 && access(to, F_OK) == 0)
			snprintf(kept, len, "%s", to);
	}
	char shm[PATH_MAX + 16];
	snprintf(shm, sizeof shm, "%s/%s-shm", dir, STORE_DB_NAME);
	unlink(shm);
	return ST_OK;
}

int store_restore(const char *dir, const char *file, char *kept, size_t kept_len)
{
	struct store s = { .lock_fd = -1 };
	if (dir && strlen(dir) >= sizeof s.dir - 32)
		return st_fail(ST_ERR_ARG, "data folder name too long");
	/* FILE first: nothing made for a backup that is not there */
	int rc = check_backup_file(file);
	if (rc == ST_OK)
		rc = dir ? st_make_dirs(dir) : st_data_dir(s.dir, sizeof s.dir - 32, 1);
	if (dir && rc == ST_OK)
		snprintf(s.dir, sizeof s.dir, "%s", dir);
	if (rc != ST_OK)
		return rc;
	snprintf(s.db_path, sizeof s.db_path, "%s/%s", s.dir, STORE_DB_NAME);
	char folder[PATH_MAX];
	/* every process with the store open holds the folder locked shared (store_open) */
	rc = store_lock_folder(s.dir, LOCK_EX | LOCK_NB, &s.lock_fd);
	if (rc == ST_ERR_STATE)
		return st_fail(ST_ERR_STATE,
			       "%s is in use by the station (its screen, a session or another command): stop it first "
			       "(sudo systemctl stop station), then restore",
			       s.dir);
	if (rc != ST_OK)
		return rc;
	/* the backup is copied and checked beside the database first; only then is the
	 * current one moved aside and the copy renamed in, so a failure (a full disk, FILE
	 * being the database itself) leaves the current database where it was */
	char incoming[PATH_MAX + 32], checked[PATH_MAX + 32];
	snprintf(incoming, sizeof incoming, "%s.restoring", s.db_path);
	snprintf(checked, sizeof checked, "%s" STORE_RESTORED_SUFFIX, s.db_path);
	struct stat a, b;
	if (stat(file, &a) == 0 && stat(s.db_path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		rc = st_fail(ST_ERR_ARG, "%s is the station's database itself: give a backup to restore", file);
	if (rc == ST_OK)
		rc = backups_folder(&s, folder, sizeof folder);
	sqlite3 *from = NULL, *to = NULL;
	if (rc == ST_OK)
		rc = store_sqlite_open(file, SQLITE_OPEN_READONLY, &from);
	if (rc == ST_OK) {
		unlink(incoming); /* left by a restore cut short */
		unlink(checked);
		rc = copy_database(from, file, incoming);
	}
	/* whole and checked: named so, for the next start to finish a restore cut short from
	 * here on (a copy cut short, or empty, was put in place as the database) */
	if (rc == ST_OK && rename(incoming, checked) != 0)
		rc = st_fail(ST_ERR_IO, "%s: %s", checked, strerror(errno));
	if (rc == ST_OK) {
		fold_wal(s.db_path);
		rc = keep_current(s.dir, folder, kept, kept_len);
	}
	if (rc == ST_OK && rename(checked, s.db_path) != 0) {
		rc = st_fail(ST_ERR_IO, "%s: %s", s.db_path, strerror(errno));
		if (kept[0])
			rename(kept, s.db_path); /* the current one back */
	}
	if (rc != ST_OK) {
		unlink(incoming);
		unlink(checked);
	}
	if (rc == ST_OK)
		rc = store_sqlite_open(s.db_path, SQLITE_OPEN_READWRITE, &to);
	if (rc == ST_OK && sqlite3_exec(to, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK)
		rc = st_fail(ST_ERR_IO, "%s: %s", s.db_path, sqlite3_errmsg(to));
	sqlite3_close(to);
	sqlite3_close(from);
	if (rc == ST_OK)
		rc = st_sync_folder(folder);
	if (rc == ST_OK)
		rc = st_sync_folder(s.dir);
	close(s.lock_fd);
	return rc;
}
