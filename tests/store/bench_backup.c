/* bench_backup: the daily backup's time and size for a year of a busy clinic.
 *
 * The year: PATIENTS patients, 3 sessions a week each for 52 weeks, each session as the
 * runner records it through the store's own calls (red flags, pain now and the day after,
 * 3 sets of 12 reps each with its recording's end and pain after it, the session's end),
 * plus a VISA-A score a month. Filled on /dev/shm (tmpfs: its fsyncs cost nothing, so the
 * year takes seconds, not the minutes of ~50,000 synced commits), then the closed database
 * is moved to $TMPDIR (this machine's disk) where store_backup() is timed: the copy, its
 * integrity_check and the renaming, as `station backup` and the daily backup run them.
 *
 * usage: bench_backup [PATIENTS]   (default 20)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"
#include "status.h"
#include "store.h"

#define WEEKS 52
#define PER_WEEK 3
#define SETS 3
#define REPS 12
#define T0 1767225600 /* 2026-01-01 */

static int fail(const char *what)
{
	fprintf(stderr, "bench_backup: %s: %s\n", what, st_errmsg());
	return 1;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static long long size_of(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

static int session(struct store *s, int64_t patient, time_t started, int k)
{
	struct session_start b = { .patient = patient, .phase = 3, .started = started, .sets_planned = SETS,
				   .plate = "usb:PLATE-0001", .calibration_serial = "PLATE-0001" };
	int64_t sid, set;
	int rc = store_session_begin(s, &b, &sid);
	if (rc == ST_OK)
		rc = store_red_flags(s, sid, false, false, false);
	if (rc == ST_OK)
		rc = store_pain(s, sid, PAIN_BEFORE, 0, k % 4);
	if (rc == ST_OK)
		rc = store_pain(s, sid, PAIN_DAY_AFTER_LAST, 0, k % 3);
	for (int n = 1; rc == ST_OK && n <= SETS; n++) {
		struct set_start sb = { .set_no = n, .kind = EX_STANDING_SINGLE_RAISE, .side = SIDE_LEFT,
					.target_count = REPS, .lower_min_s = 3, .lower_max_s = 5 };
		rc = store_set_begin(s, sid, &sb, &set);
		struct rep_result r[REPS];
		for (int i = 0; i < REPS; i++) {
			double t = 3 + 8.0 * i, lower = 3.2 + 0.1 * (i % 7);
			r[i] = (struct rep_result){ t, t + 1.1, t + 2.0, t + 2.0 + lower, 1.1, 0.9, lower, 48 + i % 5,
						    33.5, 47 + i % 6, false, NAN, NULL };
		}
		if (rc == ST_OK)
			rc = store_add_reps(s, set, r, REPS);
		char path[4096];
		if (rc == ST_OK)
			rc = store_recording_path(s, set, path, sizeof path);
		FILE *f = rc == ST_OK ? fopen(path, "w") : NULL; /* the set's recording, kept tiny here */
		if (f)
			fclose(f);
		struct set_summary sum = { .duration_s = 100, .body_weight_n = 720 };
		if (rc == ST_OK)
			rc = store_set_finish(s, set, &sum, path);
		if (rc == ST_OK)
			rc = store_pain(s, sid, PAIN_AFTER_SET, n, 2 + n % 2);
	}
	if (rc == ST_OK)
		rc = store_session_finish(s, sid, SESSION_DONE);
	return rc;
}

int main(int argc, char **argv)
{
	int patients = argc > 1 ? atoi(argv[1]) : 20;
	const char *tmp = getenv("TMPDIR");
	char fill[256], dir[512], cmd[2048];
	snprintf(fill, sizeof fill, "/dev/shm/bench_backup-%d", (int)getpid());
	snprintf(dir, sizeof dir, "%s/bench_backup", tmp && *tmp ? tmp : "/tmp");
	remove_tree(fill);
	remove_tree(dir);
	struct store *s;
	if (store_open(fill, &s) != ST_OK)
		return fail("opening");
	double t = now_s();
	int sessions = 0;
	for (int p = 0; p < patients; p++) {
		char id[16];
		int64_t pid;
		snprintf(id, sizeof id, "P-%04d", p + 1);
		if (store_patient_add(s, id, "Patient Name", SIDE_LEFT, 3, &pid) != ST_OK)
			return fail("adding a patient");
		for (int w = 0; w < WEEKS; w++) {
			for (int d = 0; d < PER_WEEK; d++, sessions++)
				if (session(s, pid, T0 + (time_t)(w * 7 + d * 2) * 86400 + p * 1800, w) != ST_OK)
					return fail("a session");
			if (w % 4 == 0 && store_visa_add(s, pid, T0 + (time_t)w * 7 * 86400, NULL, 60 + w / 2) != ST_OK)
				return fail("a VISA-A score");
		}
	}
	store_close(s);
	printf("a year: %d patients, %d sessions, %d sets, %d reps, filled in %.1f s (tmpfs)\n", patients, sessions,
	       sessions * SETS, sessions * SETS * REPS, now_s() - t);
	snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp '%s/station.db' '%s/' && rm -rf '%s'", dir, fill, dir, fill);
	if (system(cmd) != 0)
		return fail("moving the database to the disk");
	if (store_open(dir, &s) != ST_OK)
		return fail("opening on the disk");
	char path[4200], db[600];
	snprintf(db, sizeof db, "%s/station.db", dir);
	for (int i = 0; i < 3; i++) {
		t = now_s();
		if (store_backup(s, path, sizeof path) != ST_OK)
			return fail("backup");
		printf("backup %d: %.0f ms (copy, integrity_check, rename, sync), %.1f MB (database %.1f MB)\n", i + 1,
		       (now_s() - t) * 1e3, size_of(path) / 1e6, size_of(db) / 1e6);
		if (i < 2)
			sleep(1); /* names are stamped to the second */
	}
	printf("14 backups kept: about %.0f MB\n", 14 * size_of(path) / 1e6);
	store_close(s);
	return 0;
}
