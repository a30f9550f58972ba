/* bench_store: the store's costs on this machine's disk: one commit per rep as a live
 * session makes them (synchronous=FULL: each one fsynced), a set's end with its
 * recording, and reading back and summing a long history (50 sessions of 3 sets of 15
 * reps) as `station history` and `station suggest` do. The data goes to $TMPDIR/bench_store. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capture.h"
#include "outcomes.h"
#include "status.h"
#include "store.h"

#define SESSIONS 50
#define SETS 3
#define REPS 15

static int fail(const char *what)
{
	fprintf(stderr, "bench_store: %s: %s\n", what, st_errmsg());
	return 1;
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char dir[512], cmd[600];
	snprintf(dir, sizeof dir, "%s/bench_store", tmp && *tmp ? tmp : "/tmp");
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	struct store *s;
	int64_t pid;
	if (store_open(dir, &s) != ST_OK || store_patient_add(s, "B-1", NULL, SIDE_LEFT, 3, &pid) != ST_OK)
		return fail("opening");
	double commit_s = 0, finish_s = 0;
	int commits = 0;
	for (int k = 0; k < SESSIONS; k++) {
		struct session_start b = { .patient = pid, .phase = 3, .started = 1790000000 + k * 172800, .sets_planned = SETS };
		int64_t sid, set;
		if (store_session_begin(s, &b, &sid) != ST_OK || store_pain(s, sid, PAIN_BEFORE, 0, 2) != ST_OK)
			return fail("session");
		for (int n = 1; n <= SETS; n++) {
			struct set_start sb = { .set_no = n, .kind = EX_STEP_RAISE, .side = SIDE_BOTH, .target_count = REPS,
						.lower_min_s = 3, .lower_max_s = 5 };
			if (store_set_begin(s, sid, &sb, &set) != ST_OK)
				return fail("set");
			for (int i = 0; i < REPS; i++) {
				struct rep_result r = { i * 8.0, i * 8.0 + 1, i * 8.0 + 2, i * 8.0 + 6, 1, 1, 4, 60, 41, 50, false, 0, NULL };
				double t = monotonic_s();
				if (store_add_reps(s, set, &r, 1) != ST_OK)
					return fail("rep");
				commit_s += monotonic_s() - t;
				commits++;
			}
			char path[4096];
			store_recording_path(s, set, path, sizeof path);
			FILE *f = fopen(path, "w");
			if (!f)
				return 1;
			for (int i = 0; i < 60000; i++) /* a minute at 1 kHz, roughly the native size */
				fputs("12345678901234567890", f);
			fclose(f);
			struct set_summary sum = { 60, 700 };
			double t = monotonic_s();
			if (store_set_finish(s, set, &sum, path) != ST_OK)
				return fail("set finish");
			finish_s += monotonic_s() - t;
		}
		if (store_session_finish(s, sid, SESSION_DONE) != ST_OK)
			return fail("session finish");
	}
	store_close(s);
	double t = monotonic_s();
	if (store_open(dir, &s) != ST_OK)
		return fail("reopening");
	double open_s = monotonic_s() - t;
	t = monotonic_s();
	struct history h;
	struct session_outcome *o;
	size_t n;
	if (store_history(s, pid, &h) != ST_OK || history_outcomes(&h, SIDE_LEFT, &o, &n) != ST_OK)
		return fail("history");
	double history_s = monotonic_s() - t;
	printf("one rep per commit (fsynced WAL): %.2f ms mean over %d commits\n", 1e3 * commit_s / commits, commits);
	printf("set end (fsync of a 1.2 MB recording and its folder, then the commit): %.2f ms mean over %d sets\n",
	       1e3 * finish_s / (SESSIONS * SETS), SESSIONS * SETS);
	printf("open with quick_check and schema check: %.1f ms\n", 1e3 * open_s);
	printf("history of %zu sessions (%d sets, %d reps) read and summed: %.1f ms\n", h.n, SESSIONS * SETS,
	       SESSIONS * SETS * REPS, 1e3 * history_s);
	free(o);
	history_free(&h);
	store_close(s);
	return system(cmd) == 0 ? 0 : 1;
}
