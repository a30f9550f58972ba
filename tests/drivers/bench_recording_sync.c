/* bench_recording_sync: what syncing a recording while it is written costs on this disk.
 *
 * A set's recording grows by about BYTES_PER_S a second at 1 kHz (measured: `station
 * record --plate sim:heel-raises --fast --seconds 20` writes 360 KB); the session syncs it
 * every half second (rec_writer_sync_every, RECORDING_SYNC_S in runner.c), from a thread
 * of its own. This appends half a second's bytes and fdatasync()s, SYNCS times, in
 * $TMPDIR (put it on the disk the data lives on), and prints the time per sync and the
 * share of each second the disk is busy with them (two syncs a second). Then the same
 * through the real writer: a recording of SECONDS s at 1 kHz, paced in real time, synced
 * by its thread, against one synced only at its end (the time rec_writer_write takes on
 * the writing thread, which must not grow).
 *
 * usage: bench_recording_sync [SYNCS]   (default 200)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"
#include "rec.h"

#define BYTES_PER_S 18000
#define SECONDS 10
#define RATE 1000

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The worst time rec_writer_write took for one frame, writing SECONDS s in real time. */
static double write_worst(const char *path, bool syncing)
{
	struct rec_header h = { .rate_hz = RATE };
	snprintf(h.info.driver, sizeof h.info.driver, "sim");
	snprintf(h.info.serial, sizeof h.info.serial, "SIM-0001");
	h.info.channel_count = PLATE_CHANNELS;
	h.info.adc_bits = 24;
	rec_utc_now(h.start_utc, sizeof h.start_utc);
	struct rec_writer *w;
	unlink(path);
	if (rec_writer_open(path, &h, &w) != ST_OK || (syncing && rec_writer_sync_every(w, 0.5) != ST_OK)) {
		fprintf(stderr, "bench_recording_sync: %s\n", st_errmsg());
		exit(1);
	}
	double worst = 0, start = now_s();
	for (int i = 0; i < SECONDS * RATE; i++) {
		struct plate_frame f = { .seq = (uint16_t)i, .device_us = (uint32_t)i * 1000 };
		for (int c = 0; c < PLATE_CHANNELS; c++)
			f.counts[c] = 100000 + (rand() % 2000); /* noise, as a loaded plate gives */
		double t = now_s();
		if (rec_writer_write(w, &f, 1) != ST_OK) {
			fprintf(stderr, "bench_recording_sync: %s\n", st_errmsg());
			exit(1);
		}
		double took = now_s() - t;
		worst = took > worst ? took : worst;
		double due = start + (i + 1) / (double)RATE;
		while (now_s() < due)
			usleep(200);
	}
	rec_writer_close(w);
	return worst;
}

int main(int argc, char **argv)
{
	int syncs = argc > 1 ? atoi(argv[1]) : 200;
	char *path = temp_path("bench_recording_sync.rec");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || syncs < 1) {
		perror(path);
		return 1;
	}
	static char chunk[BYTES_PER_S / 2];
	for (size_t i = 0; i < sizeof chunk; i++)
		chunk[i] = (char)rand();
	double *took = calloc((size_t)syncs, sizeof *took), sum = 0;
	for (int i = 0; i < syncs; i++) {
		if (write(fd, chunk, sizeof chunk) != (ssize_t)sizeof chunk) {
			perror("write");
			return 1;
		}
		double t = now_s();
		if (fdatasync(fd) != 0) {
			perror("fdatasync");
			return 1;
		}
		took[i] = now_s() - t;
		sum += took[i];
	}
	close(fd);
	qsort(took, (size_t)syncs, sizeof *took, by_value);
	double mean = sum / syncs;
	printf("fdatasync after appending %zu bytes (half a second at 1 kHz), %d times:\n", sizeof chunk, syncs);
	printf("  median %.2f ms, 90%% %.2f ms, 99%% %.2f ms, worst %.2f ms\n", took[syncs / 2] * 1e3,
	       took[syncs * 9 / 10] * 1e3, took[syncs * 99 / 100] * 1e3, took[syncs - 1] * 1e3);
	printf("  two a second: the disk busy %.2f%% of each second (mean %.2f ms), on the syncing thread, not the "
	       "screen's\n",
	       200 * mean, mean * 1e3);
	double plain = write_worst(path, false), synced = write_worst(path, true);
	printf("rec_writer_write, worst for one frame over %d s at %d Hz: %.3f ms synced only at the end, %.3f ms "
	       "synced every 0.5 s by its thread\n",
	       SECONDS, RATE, plain * 1e3, synced * 1e3);
	unlink(path);
	free(path);
	free(took);
	return 0;
}
