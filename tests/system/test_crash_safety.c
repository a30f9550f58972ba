/* test_crash_safety.c: sessions killed at any moment (a crash, or what a power cut does to
 * the process). `station session --headless --fast --plate sim` runs as a child and is
 * killed with SIGKILL at a random moment of its session (questions, tare, sets, set ends,
 * rests); each time the store must reopen clean, every complete set must have all its
 * events and a recording that reads to the end at the size that was saved, no cut session
 * may show as complete, and nothing complete before may be lost. Then one more session
 * runs to completion on the same store.
 *
 * usage: test_crash_safety STATION [KILLS [SEED]]   (defaults 30, 1)
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdint.h>
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

#define PATIENTS 6 /* one per phase: holds, raises, single-leg raises, hops, raised holds */

static const char *station;
static char data_dir[PATH_MAX], child_tmp[PATH_MAX];

/* ---- the child ---- */

/* Runs a session of patient; kill_after_s >= 0: SIGKILL it then (if still running).
 * Returns the wait status; *wall_s: how long it ran. Its output is in DIR/last-run.txt. */
static int run_session(const char *patient, double kill_after_s, double *wall_s)
{
	char log[PATH_MAX + 16];
	snprintf(log, sizeof log, "%s/last-run.txt", data_dir);
	double t0 = monotonic_s();
	pid_t child = fork();
	if (child == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		execl(station, "station", "session", "--headless", "--fast", "--plate", "sim", "--patient", patient,
		      "--data-dir", data_dir, (char *)NULL);
		_exit(127);
	}
	int status = 0;
	pid_t ended = 0;
	if (kill_after_s >= 0) { /* looked at every millisecond, so *wall_s is its own time */
		const struct timespec ms = { .tv_nsec = 1000000 };
		while ((ended = waitpid(child, &status, WNOHANG)) == 0 && monotonic_s() - t0 < kill_after_s)
			nanosleep(&ms, NULL);
		if (ended == 0)
			kill(child, SIGKILL);
	}
	if (ended == 0)
		waitpid(child, &status, 0);
	*wall_s = monotonic_s() - t0;
	return status;
}

/* ---- what the store holds ---- */

struct ids {
	int64_t *v;
	size_t n, cap;
};

static void ids_add(struct ids *a, int64_t id)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 64;
		a->v = realloc(a->v, a->cap * sizeof *a->v);
		if (!a->v)
			abort();
	}
	a->v[a->n++] = id;
}

static bool ids_has(const struct ids *a, int64_t id)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i] == id)
			return true;
	return false;
}

/* Every complete set's recording has the size the store saved with it (all of it is on
 * the disk, nothing was appended after). */
static void check_recording_sizes(void)
{
	char path[sizeof data_dir + sizeof STORE_DB_NAME];
	snprintf(path, sizeof path, "%s/%s", data_dir, STORE_DB_NAME);
	sqlite3 *db;
	CHECK(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK, "open %s", path);
	sqlite3_stmt *st;
	CHECK(sqlite3_prepare_v2(db, "SELECT id, recording, recording_bytes FROM sets WHERE complete = 1", -1, &st,
				 NULL) == SQLITE_OK,
	      "%s", sqlite3_errmsg(db));
	while (sqlite3_step(st) == SQLITE_ROW) {
		char file[2 * PATH_MAX];
		snprintf(file, sizeof file, "%s/%s", data_dir, (const char *)sqlite3_column_text(st, 1));
		struct stat sb;
		CHECK(stat(file, &sb) == 0 && sb.st_size == sqlite3_column_int64(st, 2),
		      "set %lld: recording %s is %lld bytes, saved as %lld", (long long)sqlite3_column_int64(st, 0), file,
		      stat(file, &sb) == 0 ? (long long)sb.st_size : -1LL, (long long)sqlite3_column_int64(st, 2));
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* How the last session of a patient was left by a kill. */
enum cut { CUT_BEFORE_SESSION, CUT_BEFORE_SETS, CUT_MID_SET, CUT_BETWEEN_SETS, CUT_AFTER_END, CUT_COUNT };
static const char *const cut_names[CUT_COUNT] = {
	"before its session began (start-up)", "in the questions, tare or step-on", "in a set or its end",
	"between sets or after the last (pain, rest)", "after the session was saved"
};

struct tally {
	int cuts[CUT_COUNT];
	int sets_before_kill; /* complete sets of sessions cut by a kill */
	int ran_through;      /* children that ended by themselves */
	int kills;
};

/* The last session of the patient just run, as the kill left it. */
struct last_session {
	size_t n_sessions; /* the patient's sessions in the store */
	bool ended, complete;
	int complete_sets;
	bool last_set_complete;
};

static void note_last(const struct history *h, struct last_session *out)
{
	*out = (struct last_session){ .n_sessions = h->n };
	if (!h->n)
		return;
	const struct history_session *hs = &h->sessions[h->n - 1];
	out->ended = hs->finished != 0;
	out->complete = hs->complete;
	for (size_t j = 0; j < hs->n_sets; j++)
		out->complete_sets += hs->sets[j].complete;
	out->last_set_complete = hs->n_sets == 0 || hs->sets[hs->n_sets - 1].complete;
}

/* One patient's history: complete sets have all their events (the simulated patient does
 * every set in full, so a set cut short must not be complete), complete sessions all
 * their sets. Gathers the complete set and session ids. */
static void check_history(const struct patient *p, struct history *h, struct ids *sets, struct ids *sessions)
{
	for (size_t i = 0; i < h->n; i++) {
		const struct history_session *hs = &h->sessions[i];
		bool all = (int)hs->n_sets == hs->sets_planned;
		for (size_t j = 0; j < hs->n_sets; j++) {
			const struct history_set *x = &hs->sets[j];
			all = all && x->complete;
			if (!x->complete)
				continue;
			ids_add(sets, x->id);
			CHECK(x->target_count ? x->count == x->target_count : x->count > 0,
			      "%s set %lld complete with %d events of %d", p->clinic_id, (long long)x->id, x->count,
			      x->target_count);
		}
		if (hs->complete) {
			ids_add(sessions, hs->id);
			CHECK(all && strcmp(hs->ended, "done") == 0, "%s session %lld complete (%s) with %zu of %d sets",
			      p->clinic_id, (long long)hs->id, hs->ended, hs->n_sets, hs->sets_planned);
		}
		CHECK(hs->finished || !hs->complete, "%s session %lld never ended but shows complete", p->clinic_id,
		      (long long)hs->id);
	}
}

/* Reopens the store (its integrity check runs) and checks every patient; sets and
 * sessions hold the complete ids of the previous check, none of which may be lost, and
 * get the current ones. *last: the last session of patient `who`. */
static void check_store(const char *who, struct ids *sets, struct ids *sessions, struct last_session *last)
{
	struct store *s;
	CHECK(store_open(data_dir, &s) == ST_OK, "the store opens after a kill: %s", st_errmsg());
	if (!s)
		exit(check_summary());
	struct ids now_sets = { 0 }, now_sessions = { 0 };
	for (int k = 1; k <= PATIENTS; k++) {
		char id[8];
		snprintf(id, sizeof id, "C%d", k);
		struct patient p;
		struct history h;
		if (store_patient_find(s, id, &p) != ST_OK || store_history(s, p.id, &h) != ST_OK) {
			CHECK(false, "%s: %s", id, st_errmsg());
			continue;
		}
		check_history(&p, &h, &now_sets, &now_sessions);
		/* the recordings of the patient just run are read through (the others' were
		 * before, and their sizes are checked below) */
		if (strcmp(id, who) == 0) {
			CHECK(check_complete_sets(s, &p, &h) >= 0, "complete sets of %s read", id);
			note_last(&h, last);
		}
		history_free(&h);
	}
	store_close(s);
	for (size_t i = 0; i < sets->n; i++)
		CHECK(ids_has(&now_sets, sets->v[i]), "set %lld was complete and is no longer", (long long)sets->v[i]);
	for (size_t i = 0; i < sessions->n; i++)
		CHECK(ids_has(&now_sessions, sessions->v[i]), "session %lld was complete and is no longer",
		      (long long)sessions->v[i]);
	free(sets->v);
	free(sessions->v);
	*sets = now_sets;
	*sessions = now_sessions;
	check_recording_sizes();
}

/* ---- the test ---- */

static uint64_t rng_state;

static double uniform(void) /* splitmix64, [0, 1) */
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return (double)((z ^ (z >> 31)) >> 11) / 9007199254740992.0;
}

static void add_patients(void)
{
	struct store *s;
	CHECK(store_open(data_dir, &s) == ST_OK, "%s", st_errmsg());
	if (!s)
		exit(check_summary());
	for (int k = 1; k <= PATIENTS; k++) {
		char id[8];
		snprintf(id, sizeof id, "C%d", k);
		CHECK(store_patient_add(s, id, "", SIDE_LEFT, k, NULL) == ST_OK, "%s", st_errmsg());
	}
	store_close(s);
}

/* A session that must run to its end by itself, and be complete. Returns its wall time. */
static double run_to_completion(const char *id, struct ids *sets, struct ids *sessions, struct last_session *last)
{
	double wall;
	int status = run_session(id, -1, &wall);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: the session ends by itself (status %#x; see %s)",
	      id, status, data_dir);
	check_store(id, sets, sessions, last);
	CHECK(last->complete, "%s: the session that ran through is complete", id);
	return wall;
}

static int leftover_scenarios(void)
{
	DIR *d = opendir(child_tmp);
	int n = 0;
	for (struct dirent *e; d && (e = readdir(d));)
		n += strncmp(e->d_name, "station-patient-", 16) == 0;
	if (d)
		closedir(d);
	return n;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: test_crash_safety STATION [KILLS [SEED]]\n");
		return 2;
	}
	station = argv[1];
	int kills = argc > 2 ? atoi(argv[2]) : 30;
	rng_state = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
	printf("%d kills, seed %llu\n", kills, (unsigned long long)rng_state);
	char *dir = temp_path("crash-store");
	snprintf(data_dir, sizeof data_dir, "%s", dir);
	snprintf(child_tmp, sizeof child_tmp, "%s-tmp", dir);
	free(dir);
	mkdir(child_tmp, 0700);
	/* the child's temporary files apart; its FFTW wisdom in $XDG_DATA_HOME (ctest keeps
	 * one for this test, so the plans are measured once per build tree) */
	setenv("TMPDIR", child_tmp, 1);
	setenv("XDG_DATA_HOME", child_tmp, 0);
	add_patients();

	/* Each patient's whole session, timed (planning the filters makes the first runs in a
	 * fresh $XDG_DATA_HOME slower: the times are corrected by the runs that end before
	 * their kill). */
	struct ids sets = { 0 }, sessions = { 0 };
	struct last_session state[PATIENTS];
	double wall[PATIENTS];
	for (int k = 0; k < PATIENTS; k++) {
		char id[8];
		snprintf(id, sizeof id, "C%d", k + 1);
		wall[k] = run_to_completion(id, &sets, &sessions, &state[k]);
	}
	for (int k = 0; k < PATIENTS; k++)
		printf("C%d (phase %d): a whole session takes %.0f ms\n", k + 1, k + 1, wall[k] * 1e3);

	struct tally t = { 0 };
	for (int i = 0; i < kills; i++) {
		int k = i % PATIENTS;
		char id[8];
		snprintf(id, sizeof id, "C%d", k + 1);
		struct last_session before = state[k], after;
		/* anywhere in the session, and a little past its usual end */
		double at = uniform() * 1.1 * wall[k], ran;
		int status = run_session(id, at, &ran);
		check_store(id, &sets, &sessions, &after);
		state[k] = after;
		if (WIFEXITED(status)) {
			CHECK(WEXITSTATUS(status) == 0, "%s: exit %d (see %s/last-run.txt)", id, WEXITSTATUS(status),
			      data_dir);
			CHECK(after.n_sessions == before.n_sessions + 1 && after.complete,
			      "%s: the session that ran through is there, complete", id);
			t.ran_through++;
			wall[k] = ran; /* quicker than timed: aim the next kills within this */
			continue;
		}
		CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "%s: killed (status %#x)", id, status);
		t.kills++;
		enum cut c = after.n_sessions == before.n_sessions ? CUT_BEFORE_SESSION
			     : after.ended			     ? CUT_AFTER_END
			     : !after.last_set_complete		     ? CUT_MID_SET
			     : after.complete_sets == 0		     ? CUT_BEFORE_SETS
								     : CUT_BETWEEN_SETS;
		t.cuts[c]++;
		if (c != CUT_BEFORE_SESSION && c != CUT_AFTER_END)
			t.sets_before_kill += after.complete_sets;
	}
	printf("%d runs: %d killed, %d ran through before their kill\n", kills, t.kills, t.ran_through);
	for (int c = 0; c < CUT_COUNT; c++)
		printf("  killed %-45s %d\n", cut_names[c], t.cuts[c]);
	printf("  sets saved in sessions then cut: %d\n", t.sets_before_kill);
	printf("  complete in the store: %zu sessions, %zu sets\n", sessions.n, sets.n);
	/* the test means something only if kills hit sets, and sets were saved before kills */
	CHECK(t.cuts[CUT_MID_SET] > 0, "some kills landed mid-set (%d)", t.cuts[CUT_MID_SET]);
	CHECK(t.sets_before_kill > 0, "some sets completed before a kill (%d)", t.sets_before_kill);

	/* the store still works after all that */
	size_t complete_before = sessions.n;
	run_to_completion("C2", &sets, &sessions, &state[1]);
	CHECK(sessions.n == complete_before + 1, "one more complete session after the kills (%zu, was %zu)",
	      sessions.n, complete_before);
	/* the simulated patient's file lives only while the plate opens, before the session */
	int left = leftover_scenarios();
	printf("  simulated-patient files left behind: %d\n", left);
	CHECK(left <= t.cuts[CUT_BEFORE_SESSION], "%d simulated-patient files left in %s by %d kills at start-up",
	      left, child_tmp, t.cuts[CUT_BEFORE_SESSION]);
	free(sets.v);
	free(sessions.v);
	if (check_summary() == 0) {
		remove_tree(data_dir);
		remove_tree(child_tmp);
		return 0;
	}
	fprintf(stderr, "the store is kept in %s\n", data_dir);
	return 1;
}
