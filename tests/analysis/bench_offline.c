/* bench_offline.c: re-analysing a 20-minute 1 kHz recording of heel raises, as
 * `station analyse` does it, beside a straightforward numpy/scipy script doing the same
 * steps (tests/analysis/numpy_analysis.py) on the same file, in the same run.
 *
 * In this process: parse, analyse and total times of the interchange CSV and of the
 * native recording (best of 3). Then each as its own process, measured from outside
 * (wall, CPU, peak RSS from wait4; the run of median wall time of 3): `station analyse`
 * on the CSV and on the native recording, and the script on the CSV; and the ratio of
 * their wall times.
 *   bench_offline [--keep DIR]   (--keep: leave the recordings in DIR)
 * Not a timed test: the figures depend on the machine and its load. */
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis.h"
#include "capture.h"
#include "convert.h"
#include "dsp.h"
#include "record.h"

#define RUNS 3

extern char **environ;

struct cost {
	double wall_s, cpu_s, peak_mib;
};

/* Runs argv to its end with stdout to /dev/null; its wall time, CPU time and peak RSS. */
static int run_child_once(char *const argv[], struct cost *out)
{
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", 0x1 /* O_WRONLY */, 0);
	pid_t pid;
	double t0 = monotonic_s();
	int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		fprintf(stderr, "bench_offline: cannot run %s: %s\n", argv[0], strerror(rc));
		return -1;
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench_offline: %s failed\n", argv[0]);
		return -1;
	}
	out->wall_s = monotonic_s() - t0;
	out->cpu_s = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 + (double)ru.ru_stime.tv_sec +
		     (double)ru.ru_stime.tv_usec * 1e-6;
	out->peak_mib = (double)ru.ru_maxrss / 1024;
	return 0;
}

/* Parse and analyse in this process, best of RUNS. */
static int in_process(const char *path, const char *what)
{
	double best_parse = 1e9, best_analyse = 1e9;
	size_t reps = 0, n = 0;
	for (int run = 0; run < RUNS; run++) {
		struct trace t;
		struct analysis a;
		double t0 = monotonic_s();
		if (load_trace(path, &t) != ST_OK)
			return -1;
		double t1 = monotonic_s();
		if (analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) != ST_OK)
			return -1;
		double t2 = monotonic_s();
		best_parse = t1 - t0 < best_parse ? t1 - t0 : best_parse;
		best_analyse = t2 - t1 < best_analyse ? t2 - t1 : best_analyse;
		reps = a.n_reps;
		n = t.n;
		analysis_free(&a);
		trace_free(&t);
	}
	printf("%-6s in process: %zu samples, parse %.3f s + analyse %.3f s = %.3f s (best of %d), %zu reps\n", what, n,
	       best_parse, best_analyse, best_parse + best_analyse, RUNS, reps);
	return 0;
}

static int by_wall(const void *a, const void *b)
{
	double x = ((const struct cost *)a)->wall_s, y = ((const struct cost *)b)->wall_s;
	return (x > y) - (x < y);
}

/* The run of median wall time of RUNS: one run alone is at the mercy of whatever else the
 * machine does in that second (the first, just after the recordings were written, read
 * 0.38 s where the next read 0.22 s). */
static int run_child(char *const argv[], struct cost *out)
{
	struct cost runs[RUNS];
	for (int i = 0; i < RUNS; i++)
		if (run_child_once(argv, &runs[i]) != 0)
			return -1;
	qsort(runs, RUNS, sizeof runs[0], by_wall);
	*out = runs[RUNS / 2];
	return 0;
}

static void print_cost(const char *what, const struct cost *c)
{
	printf("%-34s %7.3f s wall, %7.3f s CPU, peak RSS %6.1f MiB\n", what, c->wall_s, c->cpu_s, c->peak_mib);
}

static int make_recordings(const char *csv, const char *rec)
{
	/* 2 s of quiet standing, then raises of about 8 s each, noise, hum and sway */
	char *scenario = temp_file_with("bench.sim", "noise 0.8\nhum 50 2\nsway 2\nstand 2\n"
						     "raise count=149 rise=1 hold=1.5 lower=4 height=50 rest=1.5 jitter=0.1\n"
						     "stand 20\n");
	char spec[4200];
	snprintf(spec, sizeof spec, "sim:%s", scenario);
	struct record_request req = { .plate = spec, .out_path = csv, .format = RECORD_CSV, .seconds = 1200,
				      .options = { .fast = true } };
	struct record_result res;
	int rc = record_run(&req, &res);
	if (rc == ST_OK) {
		req.out_path = rec;
		req.format = RECORD_NATIVE;
		rc = record_run(&req, &res);
	}
	unlink(scenario);
	free(scenario);
	return rc;
}

int main(int argc, char **argv)
{
	const char *keep = argc == 3 && strcmp(argv[1], "--keep") == 0 ? argv[2] : NULL;
	char csv[4096], rec[4096];
	if (keep) {
		snprintf(csv, sizeof csv, "%s/bench.csv", keep);
		snprintf(rec, sizeof rec, "%s/bench.rec", keep);
	} else {
		char *c = temp_path("bench.csv"), *r = temp_path("bench.rec");
		snprintf(csv, sizeof csv, "%s", c);
		snprintf(rec, sizeof rec, "%s", r);
		free(c);
		free(r);
	}
	if (make_recordings(csv, rec) != ST_OK) {
		fprintf(stderr, "bench_offline: %s\n", st_errmsg());
		return 1;
	}
	sync(); /* the recordings' pages written out now, not while the first run is timed */
	/* The processes first: a child's peak RSS counts this process's memory until its exec. */
	struct cost station_csv, station_rec, numpy;
	char *station_argv[] = { STATION_BIN, "analyse", "--exercise", "heel-raise", csv, NULL };
	char *numpy_argv[] = { "/usr/bin/python3", NUMPY_SCRIPT, csv, NULL };
	int failed = run_child(station_argv, &station_csv);
	station_argv[4] = rec;
	failed = failed || run_child(station_argv, &station_rec) || run_child(numpy_argv, &numpy);
	if (!failed) {
		print_cost("station analyse, CSV:", &station_csv);
		print_cost("station analyse, native recording:", &station_rec);
		print_cost("numpy/scipy script, CSV:", &numpy);
		printf("station analyse is %.1fx faster than the numpy/scipy script on the CSV (wall; %.1fx in CPU "
		       "time)\n", numpy.wall_s / station_csv.wall_s, numpy.cpu_s / station_csv.cpu_s);
	}
	if (dsp_init(getenv("STATION_FFTW_WISDOM")) != ST_OK) {
		fprintf(stderr, "bench_offline: %s\n", st_errmsg());
		return 1;
	}
	failed = failed || in_process(csv, "csv") || in_process(rec, "native");
	dsp_shutdown();
	if (!keep) {
		unlink(csv);
		unlink(rec);
	}
	return failed ? 1 : 0;
}
