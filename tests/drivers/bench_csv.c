/* bench_csv: writes and reads back a 20-minute 1 kHz recording through the interchange
 * CSV and prints the speed of each. The file goes to $TMPDIR (or /tmp) and is removed. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"
#include "csv.h"
#include "rng.h"
#include "status.h"
#include "trace.h"

#define RATE_HZ 1000
#define MINUTES 20
#define READ_RUNS 3

static struct rng rng; /* seeded in main() */

/* Quiet standing with sway and noise, a foot lifted now and then (COP undefined). */
static void make_sample(size_t i, struct trace_sample *s)
{
	double t = (double)i / RATE_HZ;
	bool lifted = fmod(t, 60) > 50 && fmod(t, 60) < 52;
	s->t_s = t;
	s->flags = 0;
	s->fz[0] = lifted ? 2 * (rng_uniform(&rng) - 0.5) : 350 + 25 * sin(t * 0.7) + 4 * (rng_uniform(&rng) - 0.5);
	s->fz[1] = 350 - 25 * sin(t * 0.7) + 4 * (rng_uniform(&rng) - 0.5) + (lifted ? 350 : 0);
	s->cop_x[0] = lifted ? NAN : 5 * sin(t * 1.3) + rng_uniform(&rng) - 0.5;
	s->cop_y[0] = lifted ? NAN : -20 + 15 * sin(t * 0.4) + rng_uniform(&rng) - 0.5;
	s->cop_x[1] = -4 * sin(t * 1.1) + rng_uniform(&rng) - 0.5;
	s->cop_y[1] = -18 + 15 * cos(t * 0.4) + rng_uniform(&rng) - 0.5;
}

int main(void)
{
	rng_seed(&rng, 42);
	const size_t rows = (size_t)MINUTES * 60 * RATE_HZ;
	const char *dir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/bench_csv_%ld.csv", dir && *dir ? dir : "/tmp", (long)getpid());

	struct trace_sample *samples = malloc(rows * sizeof *samples);
	if (!samples) {
		fprintf(stderr, "bench_csv: out of memory\n");
		return 1;
	}
	for (size_t i = 0; i < rows; i++)
		make_sample(i, &samples[i]);

	struct csv_writer *w;
	double t0 = monotonic_s();
	int rc = csv_writer_open(path, RATE_HZ, true, &w);
	for (size_t i = 0; rc == ST_OK && i < rows; i++)
		rc = csv_writer_row(w, &samples[i]);
	double t1 = monotonic_s();
	int close_rc = csv_writer_close(w);
	double t2 = monotonic_s();
	free(samples);
	if (rc != ST_OK || close_rc != ST_OK) {
		fprintf(stderr, "bench_csv: write: %s\n", st_errmsg());
		unlink(path);
		return 1;
	}
	struct stat st;
	stat(path, &st);
	double mb = (double)st.st_size / 1e6;
	printf("file: %zu rows (%d min at %d Hz), %.1f MB\n", rows, MINUTES, RATE_HZ, mb);
	printf("write: %.3f s formatting + %.3f s flush/fsync/close: %.2f M rows/s, %.0f MB/s (%.2f M rows/s, %.0f MB/s with the close)\n",
	       t1 - t0, t2 - t1, (double)rows / (t1 - t0) / 1e6, mb / (t1 - t0), (double)rows / (t2 - t0) / 1e6,
	       mb / (t2 - t0));

	double best = INFINITY;
	for (int run = 0; run < READ_RUNS; run++) {
		struct trace t;
		double r0 = monotonic_s();
		rc = csv_read_file(path, &t);
		double r1 = monotonic_s();
		if (rc != ST_OK || t.n != rows) {
			fprintf(stderr, "bench_csv: read: %s (%zu rows)\n", st_errmsg(), t.n);
			trace_free(&t);
			unlink(path);
			return 1;
		}
		trace_free(&t);
		printf("read run %d: %.3f s\n", run + 1, r1 - r0);
		best = fmin(best, r1 - r0);
	}
	printf("read (best of %d): %.3f s: %.2f M rows/s, %.0f MB/s\n", READ_RUNS, best, (double)rows / best / 1e6,
	       mb / best);
	unlink(path);
	return 0;
}
