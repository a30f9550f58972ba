/* soak_clinic_day.c: a clinic day in one process, as the station's screen would live
 * through it: patients in phases 1-6 take turns, each session whole through
 * runner_open/poll/answer/close on the fast simulated plate, until 8 hours of plate time
 * have passed. After each session: resident memory, open file descriptors and threads.
 * At the end: the store holds every session and set, one readable recording per set.
 *
 * usage: soak_clinic_day [--plate-hours H] [--sessions N] [--patients P] [--keep] [--emulated]
 *   --plate-hours H   run until H hours of plate time (default 8)
 *   --sessions N      run N sessions instead (ctest: 10)
 *   --patients P      patients taking turns (default 16)
 *   --keep            keep the data folder (it is removed after the checks)
 *   --emulated        run under qemu-user (tests/run.sh --arm64): the emulator's own memory
 *                     is in the process's RSS and grows with the threads it has run (one
 *                     per set's recording), so memory growth is not judged
 * Fails when descriptors or threads are not back to their start, or memory grows more
 * than 2 MB over its most in the first six sessions (not checked under AddressSanitizer,
 * whose freed memory waits in quarantine: LeakSanitizer checks leaks there). Memory is
 * sampled after malloc_trim(0): what the process holds, not the freed blocks glibc keeps
 * for reuse (without it RSS swings between about 14 and 26 MB here, by whether one large
 * freed block is kept, which hides a slow leak).
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "capture.h"
#include "check.h"
#include "dsp.h"
#include "session_driver.h"

/* Memory is judged against the most it took in the first sessions, one of each phase:
 * each exercise has its own buffers, and the allocator keeps what was freed. */
#define WARM_UP_SESSIONS 6
#define RSS_GROWTH_MAX_KB 2048

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

struct sample {
	long rss_kb;
	int fds, threads;
};

static long status_field(const char *name)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	size_t n = strlen(name);
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, name, n) == 0 && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10);
	if (f)
		fclose(f);
	return v;
}

static int count_entries(const char *dir, const char *prefix, long long *bytes)
{
	DIR *d = opendir(dir);
	int n = 0;
	for (struct dirent *e; d && (e = readdir(d));) {
		if (e->d_name[0] == '.' || strncmp(e->d_name, prefix, strlen(prefix)) != 0)
			continue;
		n++;
		char path[PATH_MAX + 300];
		struct stat sb;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (bytes && stat(path, &sb) == 0)
			*bytes += sb.st_size;
	}
	if (d)
		closedir(d);
	return n;
}

static struct sample sample_now(void)
{
	malloc_trim(0);
	/* the folder's own descriptor, open while it is read, is not counted */
	return (struct sample){ .rss_kb = status_field("VmRSS"),
				.fds = count_entries("/proc/self/fd", "", NULL) - 1, .threads = (int)status_field("Threads") };
}

static long long file_size(const char *dir, const char *name)
{
	char path[PATH_MAX + 64];
	struct stat sb;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return stat(path, &sb) == 0 ? (long long)sb.st_size : 0;
}

static void patient_id(int k, char *buf, size_t len)
{
	snprintf(buf, len, "DAY-%02d", k + 1);
}

static void add_patients(const char *dir, int patients)
{
	struct store *s;
	CHECK(store_open(dir, &s) == ST_OK, "%s", st_errmsg());
	if (!s)
		exit(check_summary());
	for (int k = 0; k < patients; k++) {
		char id[16];
		patient_id(k, id, sizeof id);
		CHECK(store_patient_add(s, id, "", k % 2 ? SIDE_RIGHT : SIDE_LEFT, k % 6 + 1, NULL) == ST_OK, "%s",
		      st_errmsg());
	}
	store_close(s);
}

/* Every session in the store complete with its planned sets, every set with a readable
 * recording and nothing else in recordings/; returns the sets. */
static int check_day(const char *dir, int patients, int sessions_run)
{
	struct store *s;
	CHECK(store_open(dir, &s) == ST_OK, "%s", st_errmsg());
	if (!s)
		return 0;
	int sessions = 0, sets = 0, planned = 0;
	for (int k = 0; k < patients; k++) {
		char id[16];
		patient_id(k, id, sizeof id);
		struct patient p;
		struct history h;
		if (store_patient_find(s, id, &p) != ST_OK || store_history(s, p.id, &h) != ST_OK) {
			CHECK(false, "%s: %s", id, st_errmsg());
			continue;
		}
		int complete = check_complete_sets(s, &p, &h);
		CHECK(complete >= 0, "%s: complete sets read", id);
		sets += complete;
		for (size_t i = 0; i < h.n; i++) {
			CHECK(h.sessions[i].complete, "%s session %lld complete (%s)", id, (long long)h.sessions[i].id,
			      h.sessions[i].ended);
			planned += h.sessions[i].sets_planned;
		}
		sessions += (int)h.n;
		history_free(&h);
	}
	store_close(s);
	char rec_dir[PATH_MAX];
	snprintf(rec_dir, sizeof rec_dir, "%s/%s", dir, STORE_RECORDINGS);
	long long rec_bytes = 0;
	int files = count_entries(rec_dir, "", &rec_bytes);
	long long db = file_size(dir, STORE_DB_NAME), wal = file_size(dir, STORE_DB_NAME "-wal");
	CHECK(sessions == sessions_run, "%d sessions in the store, %d run", sessions, sessions_run);
	CHECK(sets == planned, "%d complete sets, %d planned", sets, planned);
	CHECK(files == sets, "%d recordings for %d sets", files, sets);
	printf("store: %d sessions, %d sets, %d recordings (%.1f MB); database %.2f MB + log %.2f MB\n", sessions, sets,
	       files, rec_bytes / 1e6, db / 1e6, wal / 1e6);
	return sets;
}

int main(int argc, char **argv)
{
	double plate_hours = 8;
	int sessions_wanted = 0, patients = 16;
	bool keep = false, emulated = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--plate-hours") == 0 && i + 1 < argc)
			plate_hours = atof(argv[++i]);
		else if (strcmp(argv[i], "--sessions") == 0 && i + 1 < argc)
			sessions_wanted = atoi(argv[++i]);
		else if (strcmp(argv[i], "--patients") == 0 && i + 1 < argc)
			patients = atoi(argv[++i]);
		else if (strcmp(argv[i], "--emulated") == 0)
			emulated = true;
		else if (strcmp(argv[i], "--keep") == 0)
			keep = true;
		else {
			fprintf(stderr, "usage: soak_clinic_day [--plate-hours H] [--sessions N] [--patients P] [--keep] [--emulated]\n");
			return 2;
		}
	}
	if (patients < 1 || patients > 99 || plate_hours <= 0 || sessions_wanted < 0) {
		fprintf(stderr, "soak_clinic_day: --patients 1-99, --plate-hours above 0, --sessions 0 or more\n");
		return 2;
	}
	if (dsp_init(getenv("STATION_FFTW_WISDOM")) != ST_OK) {
		fprintf(stderr, "%s\n", st_errmsg());
		return 1;
	}
	char *dir = temp_path("clinic-day");
	add_patients(dir, patients);

	struct sample start = sample_now(), last = start;
	long rss_warm = start.rss_kb, rss_max = start.rss_kb; /* the most in and after the warm-up */
	printf("%4s %-7s %5s %7s %8s %9s %4s %7s\n", "#", "patient", "phase", "plate s", "wall ms", "RSS KB", "fds",
	       "threads");
	printf("%4s %-7s %5s %7s %8s %9ld %4d %7d\n", "0", "-", "-", "-", "-", start.rss_kb, start.fds, start.threads);
	double plate_total = 0, t0 = monotonic_s();
	int n = 0;
	while (sessions_wanted ? n < sessions_wanted : plate_total < plate_hours * 3600) {
		int k = n % patients;
		char id[16];
		patient_id(k, id, sizeof id);
		enum flow_end end;
		double plate_s = 0, t = monotonic_s();
		int rc = drive_session_timed(dir, id, "sim", &end, &plate_s);
		CHECK(rc == ST_OK && end == FLOW_COMPLETED, "session %d (%s): %s (end %d)", n + 1, id, st_errmsg(),
		      (int)end);
		if (rc != ST_OK)
			break;
		plate_total += plate_s;
		last = sample_now();
		if (++n <= WARM_UP_SESSIONS && last.rss_kb > rss_warm)
			rss_warm = last.rss_kb;
		if (last.rss_kb > rss_max)
			rss_max = last.rss_kb;
		printf("%4d %-7s %5d %7.0f %8.0f %9ld %4d %7d\n", n, id, k % 6 + 1, plate_s, (monotonic_s() - t) * 1e3,
		       last.rss_kb, last.fds, last.threads);
	}
	double wall = monotonic_s() - t0;
	dsp_shutdown();
	check_day(dir, patients, n);

	printf("%d sessions of %d patients: %.2f plate-hours in %.1f s wall (%.0fx)\n", n, patients,
	       plate_total / 3600, wall, plate_total / wall);
	printf("RSS: start %ld KB, most in the first %d sessions %ld KB, end %ld KB, most %ld KB\n", start.rss_kb,
	       WARM_UP_SESSIONS, rss_warm, last.rss_kb, rss_max);
	printf("descriptors %d -> %d, threads %d -> %d\n", start.fds, last.fds, start.threads, last.threads);
	CHECK(last.fds == start.fds, "descriptors back to %d (%d)", start.fds, last.fds);
	CHECK(last.threads == start.threads, "threads back to %d (%d)", start.threads, last.threads);
	if (UNDER_ASAN)
		printf("memory growth not judged under AddressSanitizer\n");
	else if (emulated)
		printf("memory growth not judged under an emulator (its own memory is in the RSS)\n");
	else if (n > WARM_UP_SESSIONS)
		CHECK(rss_max - rss_warm <= RSS_GROWTH_MAX_KB, "RSS grew %ld KB over its most in the first %d sessions",
		      rss_max - rss_warm, WARM_UP_SESSIONS);
	int failed = check_summary();
	if (keep || failed)
		printf("data kept in %s\n", dir);
	else
		remove_tree(dir);
	free(dir);
	return failed;
}
