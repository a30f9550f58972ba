/* test_power_cut.c: power cuts mid-session, simulated: only what was synced survives.
 *
 * `station session --headless --plate sim` (in real time) runs under power_cut_shim.so,
 * which keeps the image a cut would leave of the data folder (tests/support/
 * power_cut_shim.c). The test cuts at a random moment while a set is recorded (the first
 * set, or a later one once a set is complete), then checks the image as a restarted
 * station would find it:
 *   - the store opens and passes integrity_check, with every row the killed process had
 *     committed (its own files, still in the page cache after the kill, say which);
 *   - nothing claims to be complete that is not: each complete set's recording reads to
 *     the end, a complete session has all its sets;
 *   - the set being recorded has its recording up to at most RECORDING_LOST_MAX_S before
 *     what the process had written (and, in memory, up to a quarter second more).
 * The station then goes on from the image, as after a reboot, for the next cut.
 *
 * Before recordings were synced while written, a cut mid-set left the set's recording
 * empty: a whole set lost (issue 13.5).
 *
 * usage: test_power_cut STATION_PROGRAM POWER_CUT_SHIM [CUTS [SEED]]
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"
#include "check.h"
#include "session_driver.h"

#define RECORDING_LOST_MAX_S 1.0
#define PATIENT "CUT-1"

static char data_dir[PATH_MAX], image[PATH_MAX];

/* data_dir becomes a copy of image (or, with to_image, the other way). */
static void copy_over(bool to_image)
{
	char cmd[4 * PATH_MAX];
	const char *from = to_image ? data_dir : image, *to = to_image ? image : data_dir;
	snprintf(cmd, sizeof cmd, "rm -rf '%s' && cp -a '%s' '%s'", to, from, to);
	CHECK(system(cmd) == 0, "%s", cmd);
}

/* The recordings in dir/recordings (names up to max), the newest by mtime in newest. */
static int list_recordings(const char *dir, char names[][NAME_MAX + 1], int max, char *newest, size_t len)
{
	char path[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/recordings", dir);
	DIR *d = opendir(path);
	int n = 0;
	time_t newest_t = 0;
	*newest = '\0';
	for (struct dirent *e; d && (e = readdir(d));) {
		if (!strstr(e->d_name, ".rec"))
			continue;
		if (n < max)
			snprintf(names[n], NAME_MAX + 1, "%s", e->d_name);
		n++;
		char file[PATH_MAX + NAME_MAX + 32];
		struct stat sb;
		snprintf(file, sizeof file, "%s/%s", path, e->d_name);
		if (stat(file, &sb) == 0 && sb.st_mtime >= newest_t) {
			newest_t = sb.st_mtime;
			snprintf(newest, len, "%s", file);
		}
	}
	if (d)
		closedir(d);
	return n;
}

static long file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* Row counts of the tables that grow during a session, in one string. */
static void table_counts(const char *dir, char *buf, size_t len)
{
	static const char *const sql =
		"SELECT (SELECT count(*) FROM sessions) || ' sessions, ' || (SELECT count(*) FROM sets) || ' sets ("
		"' || (SELECT count(*) FROM sets WHERE complete) || ' complete), ' || (SELECT count(*) FROM reps) || "
		"' reps, ' || (SELECT count(*) FROM pain) || ' pain answers'";
	char path[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/station.db", dir);
	sqlite3 *db;
	sqlite3_stmt *st;
	snprintf(buf, len, "(unreadable)");
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(buf, len, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
}

static bool integrity_ok(const char *dir)
{
	char path[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/station.db", dir);
	sqlite3 *db;
	sqlite3_stmt *st;
	bool ok = false;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK) {
		ok = sqlite3_step(st) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return ok;
}

/* The names not yet durable at the cut go. */
static void apply_cut(void)
{
	char list[PATH_MAX + 16], line[PATH_MAX];
	snprintf(list, sizeof list, "%s.pending", image);
	FILE *f = fopen(list, "r");
	while (f && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		char path[2 * PATH_MAX];
		snprintf(path, sizeof path, "%s/%s", image, line);
		printf("  not durable at the cut: %s\n", line);
		unlink(path);
	}
	if (f)
		fclose(f);
	unlink(list);
	char shm[PATH_MAX + 16];
	snprintf(shm, sizeof shm, "%s/station.db-shm", image); /* never synced: an index SQLite rebuilds */
	unlink(shm);
}

/* One session cut after `after` complete sets of it, at a random moment in the next set. */
static void cut_session(const char *station, const char *shim, int after, double *lost_max)
{
	char names[64][NAME_MAX + 1], newest[PATH_MAX + NAME_MAX + 32];
	int before = list_recordings(data_dir, names, 64, newest, sizeof newest);
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		setenv("LD_PRELOAD", shim, 1);
		setenv("POWER_CUT_WATCH", data_dir, 1);
		setenv("POWER_CUT_IMAGE", image, 1);
		if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
			_exit(126);
		execl(station, "station", "session", "--headless", "--plate", "sim", "--patient", PATIENT, "--data-dir",
		      data_dir, (char *)NULL);
		_exit(127);
	}
	/* wait for set after+1's recording to hold a second or more */
	/* the first cut always comes early: a set's recording starts with the seconds
	 * before it, written at once, which must not wait a whole sync period */
	static int cut_number;
	double delay = cut_number++ == 0 ? 0.3 : 0.3 + 1.5 * (double)rand() / RAND_MAX;
	bool ready = false;
	for (int i = 0; i < 1200 && !ready && waitpid(child, NULL, WNOHANG) == 0; i++) {
		usleep(50 * 1000);
		int n = list_recordings(data_dir, names, 64, newest, sizeof newest);
		ready = n == before + after + 1 && file_size(newest) > 30000;
	}
	CHECK(ready, "set %d of the session recording (%d recordings)", after + 1, before);
	usleep((useconds_t)(delay * 1e6));
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);

	/* what the process had written (the page cache kept it) against what was synced */
	char committed[256], survived[256], rel[PATH_MAX], in_image[2 * PATH_MAX];
	table_counts(data_dir, committed, sizeof committed);
	snprintf(rel, sizeof rel, "%s", newest + strlen(data_dir) + 1);
	snprintf(in_image, sizeof in_image, "%s/%s", image, rel);
	unsigned rate = 0, rate_cut = 0;
	bool torn; /* a block cut short: the frames before it count */
	long written = recording_frames(newest, &torn, &rate);
	apply_cut();
	long kept = recording_frames(in_image, &torn, &rate_cut);
	double lost_s = rate ? (double)(written - (kept > 0 ? kept : 0)) / rate : 1e9;
	printf("cut %.2f s after set %d's recording passed 30 KB: %s written, %ld frames, %ld survived: %.3f s lost\n",
	       delay, after + 1, rel, written, kept, lost_s);
	CHECK(written > 1000 && kept > 0, "the set being recorded survives the cut: %ld of %ld frames", kept, written);
	CHECK(lost_s <= RECORDING_LOST_MAX_S, "at most %.1f s of the recording lost: %.3f s", RECORDING_LOST_MAX_S,
	      lost_s);
	if (lost_s > *lost_max)
		*lost_max = lost_s;

	/* the image, as the station finds it at the next start */
	CHECK(integrity_ok(image), "integrity_check of the image after the cut");
	table_counts(image, survived, sizeof survived);
	printf("  committed: %s\n  survived:  %s\n", committed, survived);
	CHECK(strcmp(committed, survived) == 0, "every commit survives (synchronous=FULL)");
	struct store *s;
	struct patient p;
	struct history h;
	CHECK(store_open(image, &s) == ST_OK && store_patient_find(s, PATIENT, &p) == ST_OK &&
		      store_history(s, p.id, &h) == ST_OK,
	      "the store opens after the cut: %s", st_errmsg());
	if (!s)
		return;
	int complete = check_complete_sets(s, &p, &h);
	CHECK(complete >= after, "complete sets with readable recordings: %d", complete);
	const struct history_session *last = h.n ? &h.sessions[h.n - 1] : NULL;
	CHECK(last && !last->complete && last->n_sets == (size_t)after + 1 && !last->sets[after].complete,
	      "the cut session and its set under way stay incomplete");
	history_free(&h);
	store_close(s);

	/* the station goes on from what the cut left */
	copy_over(false);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: test_power_cut STATION_PROGRAM POWER_CUT_SHIM [CUTS [SEED]]\n");
		return 2;
	}
	int cuts = argc > 3 ? atoi(argv[3]) : 3;
	unsigned seed = argc > 4 ? (unsigned)atoi(argv[4]) : (unsigned)time(NULL);
	srand(seed);
	printf("seed %u\n", seed);
	/* in memory where there is /dev/shm: the shim decides what a cut keeps, and a real
	 * disk's fsync, seconds long on a loaded CI machine, would only stall the syncing
	 * thread past the cut and fail the test by chance */
	if (access("/dev/shm", W_OK | X_OK) == 0)
		setenv("TMPDIR", "/dev/shm", 1);
	char *root = temp_path("power-cut");
	snprintf(data_dir, sizeof data_dir, "%s/data", root);
	snprintf(image, sizeof image, "%s/image", root);
	remove_tree(root);
	CHECK(mkdir(root, 0700) == 0, "%s", root);
	free(root);

	/* a patient with short sets (2 reps, 6 s rest), so cuts land in set 1 and set 2; the
	 * rest is longer than the live analysis takes to report a rep today (up to ~3.5 s,
	 * more under the sanitizers), else the next set's first rep can land in this set */
	struct store *s;
	int64_t id;
	struct dose_override o = { .sets = 3, .reps = 2, .rest_s = 6 };
	CHECK(store_open(data_dir, &s) == ST_OK && store_patient_add(s, PATIENT, "", SIDE_LEFT, 2, &id) == ST_OK &&
		      store_patient_override(s, id, &o, "test", "short sets") == ST_OK,
	      "%s", st_errmsg());
	store_close(s); /* checkpointed and synced: the disk as the cut finds it */
	copy_over(true);
	if (check_failed)
		return check_summary();

	double lost_max = 0;
	for (int i = 0; i < cuts && !check_failed; i++)
		cut_session(argv[1], argv[2], i % 2, &lost_max);
	printf("%d cuts: at most %.3f s of a set's recording lost\n", cuts, lost_max);
	return check_summary();
}
