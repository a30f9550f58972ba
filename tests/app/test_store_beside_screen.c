/* test_store_beside_screen.c: the physio's commands beside a running station screen.
 *
 * A child process runs `station patients add`, `station phase`, `station visa` and
 * `station patients` in a loop on the data folder while this process runs the app
 * (offscreen) through whole sessions on the fast simulated plate. Afterwards every write
 * of both sides is in the store and PRAGMA integrity_check is clean, and the daily backup
 * was made as the screen started.
 *
 * ctest runs it under close_lock_check.so (LD_PRELOAD, children included), which aborts
 * a process that close()s a descriptor of a file it holds POSIX locks on: the app once
 * opened the store twice, and the second open closed a descriptor of station.db under
 * the first connection's locks, so another process could delete the WAL (issue 13.1).
 *
 * usage: test_store_beside_screen STATION_PROGRAM
 */
#include <dirent.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app.h"
#include "capture.h"
#include "check.h"
#include "dsp.h"
#include "store.h"

#define LOOPS 15

static const char *station;
static char data_dir[PATH_MAX];

/* Runs station with args (NULL-terminated) and --data-dir; its exit code, or -1. */
static int run(const char *const *args)
{
	const char *argv[16] = { station };
	int n = 1;
	for (; args[n - 1]; n++)
		argv[n] = args[n - 1];
	argv[n++] = "--data-dir";
	argv[n++] = data_dir;
	argv[n] = NULL;
	pid_t pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(126);
		execv(station, (char *const *)argv);
		_exit(127);
	}
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFSIGNALED(status))
		fprintf(stderr, "station %s: killed by signal %d\n", args[0], WTERMSIG(status));
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The physio at the command line: each loop adds a patient, sets P2's phase, records a
 * VISA-A score and lists the patients. Exits with the number of failed commands. */
static void physio_loop(void)
{
	int failed = 0;
	for (int i = 0; i < LOOPS; i++) {
		char id[16], phase[4], visa[8], why[32];
		snprintf(id, sizeof id, "C-%02d", i);
		snprintf(phase, sizeof phase, "%d", 1 + (i + 1) % 6); /* P2 starts in 1: a change each time */
		snprintf(visa, sizeof visa, "%d", 40 + i);
		snprintf(why, sizeof why, "loop %d", i);
		const char *add[] = { "patients", "add", id, "--phase", "2", NULL };
		const char *set[] = { "phase", "P2", phase, "--by", "Lee", "--why", why, NULL };
		const char *score[] = { "visa", "P2", "--total", visa, NULL };
		const char *list[] = { "patients", NULL };
		failed += run(add) != 0;
		failed += run(set) != 0;
		failed += run(score) != 0;
		failed += run(list) != 0;
	}
	_exit(failed > 100 ? 100 : failed);
}

static int act(struct app *a, enum ui_action_kind k, int index)
{
	struct ui_action x = { k, index };
	return app_act(a, &x);
}

/* One session of S1 ("Sam") through the screens, with "next" and pain 2 as the input;
 * true when it came back to the choose screen. */
static bool session(struct app *a)
{
	struct screen_view v;
	int pick = -1;
	/* the patients the physio adds push Sam to a later page */
	for (int page = 0; pick < 0 && page < 10; page++) {
		app_view(a, 0, &v);
		for (int i = 0; v.id == SCREEN_CHOOSE_PATIENT && i < v.choose.n; i++)
			if (strcmp(v.choose.names[i], "Sam") == 0)
				pick = i;
		if (pick < 0 && v.choose.n > 0)
			act(a, UI_ACT_SELECT, v.choose.n - 1); /* "More patients" */
	}
	CHECK(pick >= 0, "Sam on the choose screen (view %d)", v.id);
	if (pick < 0 || act(a, UI_ACT_SELECT, pick) != ST_OK)
		return false;
	double t = 0;
	for (int steps = 0; steps < 2000000; steps++) {
		int rc = app_tick(a, 10);
		CHECK(rc == ST_OK, "tick: %s", st_errmsg());
		if (rc != ST_OK)
			return false;
		app_view(a, t += 0.01, &v);
		if (v.id == SCREEN_QUESTION) {
			act(a, UI_ACT_NEXT, 0);
		} else if (v.id == SCREEN_PAIN) {
			act(a, UI_ACT_DIGIT, 2);
			act(a, UI_ACT_NEXT, 0);
		} else if (v.id == SCREEN_SUMMARY) {
			act(a, UI_ACT_NEXT, 0);
			app_view(a, t, &v);
			if (v.id == SCREEN_CHOOSE_PATIENT)
				return true;
		}
	}
	return false;
}

static int64_t count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t n = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Every write of both sides is there, and the whole file checks clean. */
static void check_store(int sessions)
{
	char path[PATH_MAX + 16];
	snprintf(path, sizeof path, "%s/station.db", data_dir);
	sqlite3 *db;
	CHECK(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(db));
	sqlite3_stmt *st;
	CHECK(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
		      sqlite3_step(st) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0,
	      "integrity_check: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	CHECK(count(db, "SELECT count(*) FROM patients WHERE clinic_id LIKE 'C-%'") == LOOPS,
	      "patients added from the command line: %lld of %d",
	      (long long)count(db, "SELECT count(*) FROM patients WHERE clinic_id LIKE 'C-%'"), LOOPS);
	CHECK(count(db, "SELECT count(*) FROM phase_changes JOIN patients p ON p.id = patient_id "
			"WHERE p.clinic_id = 'P2' AND by_whom = 'Lee'") == LOOPS,
	      "phase changes recorded");
	CHECK(count(db, "SELECT phase FROM patients WHERE clinic_id = 'P2'") == 1 + LOOPS % 6,
	      "P2's phase is the last one set: %lld", (long long)count(db, "SELECT phase FROM patients WHERE clinic_id = 'P2'"));
	CHECK(count(db, "SELECT count(*) FROM visa_a JOIN patients p ON p.id = patient_id WHERE p.clinic_id = 'P2'") ==
		      LOOPS,
	      "VISA-A scores recorded");
	const char *complete = "SELECT count(*) FROM sessions s JOIN patients p ON p.id = s.patient_id "
			       "WHERE p.clinic_id = 'S1' AND s.complete = 1";
	CHECK(count(db, complete) == sessions, "sessions complete: %lld of %d", (long long)count(db, complete), sessions);
	CHECK(count(db, "SELECT count(*) FROM sets WHERE complete = 0") == 0, "every set complete");
	CHECK(count(db, "SELECT count(*) FROM sets") == 2 * sessions, "2 sets a session: %lld",
	      (long long)count(db, "SELECT count(*) FROM sets"));
	CHECK(count(db, "SELECT count(*) FROM reps") == 10 * sessions, "5 reps a set: %lld",
	      (long long)count(db, "SELECT count(*) FROM reps"));
	sqlite3_close(db);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_store_beside_screen STATION_PROGRAM\n");
		return 2;
	}
	station = argv[1];
	char *dir = temp_path("beside-screen");
	snprintf(data_dir, sizeof data_dir, "%s", dir);
	free(dir);
	remove_tree(data_dir);
	if (dsp_init(getenv("STATION_FFTW_WISDOM")) != ST_OK) {
		fprintf(stderr, "%s\n", st_errmsg());
		return 1;
	}
	struct store *s;
	int64_t id;
	CHECK(store_open(data_dir, &s) == ST_OK, "%s", st_errmsg());
	CHECK(store_patient_add(s, "S1", "Sam", SIDE_LEFT, 2, &id) == ST_OK, "%s", st_errmsg());
	CHECK(store_patient_add(s, "P2", "", SIDE_RIGHT, 1, &id) == ST_OK, "%s", st_errmsg());
	store_close(s);
	if (check_failed)
		return check_summary();

	pid_t physio = fork();
	if (physio == 0)
		physio_loop();
	struct app *a = NULL;
	struct app_params ap = { .data_dir = data_dir, .plate = "sim", .fast = true };
	CHECK(app_new(&ap, &a) == ST_OK, "%s", st_errmsg());
	int sessions = 0, status = 0;
	bool physio_done = false;
	while (a && (!physio_done || sessions < 2) && sessions < 50) {
		if (!session(a))
			break;
		sessions++;
		physio_done = physio_done || waitpid(physio, &status, WNOHANG) == physio;
	}
	app_free(a);
	if (!physio_done)
		waitpid(physio, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the physio's commands all succeeded (status 0x%x)",
	      status);
	printf("%d sessions on the screen beside %d rounds of the physio's commands\n", sessions, LOOPS);
	check_store(sessions);
	/* the daily backup, made as the screen started (the sessions' ends found it fresh) */
	char backups[PATH_MAX + 16];
	snprintf(backups, sizeof backups, "%s/backups", data_dir);
	int n = 0;
	DIR *d = opendir(backups);
	for (struct dirent *e; d && (e = readdir(d));)
		n += strncmp(e->d_name, "station-", 8) == 0;
	if (d)
		closedir(d);
	CHECK(n == 1, "one daily backup: %d", n);
	return check_summary();
}
