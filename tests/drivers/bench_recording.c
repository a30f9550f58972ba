/* bench_recording.c: size and speed of the native recording on a realistic stream.
 *
 * Ten minutes at 1 kHz of a subject standing on the plates: ~90 N per cell, five heel
 * raises (load to the front cells and back), slow sway, load-cell noise of 0.5 N, 1 N of
 * 50 Hz mains hum, per-channel zero offsets of up to +-100000 counts and gains near
 * 4000 counts/N, and a device clock with +-2 us of jitter. The frames are written one per
 * call, as the recorder does, then read back and compared. MB are 10^6 bytes of file.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"
#include "rec.h"
#include "rng.h"

#define RATE_HZ 1000
#define MINUTES 10
#define N_FRAMES ((size_t)RATE_HZ * 60 * MINUTES)
#define READ_BATCH 1024
#define PI 3.14159265358979323846

static struct rng rng; /* seeded in main() */

/* 0 standing, 1 up on the toes: five raises (1.5 s up, 3 s held, 1.5 s down), a
 * couple of minutes apart. */
static double heel_raise(double t)
{
	for (int k = 0; k < 5; k++) {
		double s = t - (45.0 + 120.0 * k);
		if (s < 0 || s > 6.0)
			continue;
		if (s < 1.5)
			return 0.5 - 0.5 * cos(PI * s / 1.5);
		if (s < 4.5)
			return 1.0;
		return 0.5 + 0.5 * cos(PI * (s - 4.5) / 1.5);
	}
	return 0.0;
}

static int32_t to_adc(double counts)
{
	if (counts > PLATE_ADC_MAX)
		return PLATE_ADC_MAX;
	if (counts < PLATE_ADC_MIN)
		return PLATE_ADC_MIN;
	return (int32_t)lround(counts);
}

static void synthesise(struct plate_frame *frames, size_t n)
{
	double offset[PLATE_CHANNELS], gain[PLATE_CHANNELS], phase[PLATE_CHANNELS];
	for (int c = 0; c < PLATE_CHANNELS; c++) {
		offset[c] = (rng_uniform(&rng) * 2.0 - 1.0) * 100000.0;
		gain[c] = 4000.0 * (0.95 + 0.1 * rng_uniform(&rng));
		phase[c] = 2.0 * PI * rng_uniform(&rng);
	}
	uint32_t us = 123456789;
	for (size_t i = 0; i < n; i++) {
		double t = (double)i / RATE_HZ;
		double raise = heel_raise(t);
		struct plate_frame *f = &frames[i];
		*f = (struct plate_frame){ .device_us = us, .seq = (uint16_t)i };
		for (int c = 0; c < PLATE_CHANNELS; c++) {
			bool front = (c % 4) < 2;
			double load = 90.0 * (front ? 1.0 + 0.9 * raise : 1.0 - 0.9 * raise);
			load += 3.0 * sin(2.0 * PI * 0.15 * t + phase[c]);
			load += 0.5 * rng_normal(&rng);
			load += 1.0 * sin(2.0 * PI * 50.0 * t + phase[c]);
			f->counts[c] = to_adc(offset[c] + gain[c] * load);
		}
		us += 1000 + (uint32_t)(int32_t)lround(rng_uniform(&rng) * 4.0 - 2.0);
	}
}

static void make_header(struct rec_header *h)
{
	*h = (struct rec_header){ .rate_hz = RATE_HZ };
	strcpy(h->info.driver, "sim");
	strcpy(h->info.name, "sim:bench");
	strcpy(h->info.serial, "BENCH-0001");
	strcpy(h->start_utc, "2026-11-24T16:01:50Z");
	h->info.protocol_version = 1;
	h->info.channel_count = PLATE_CHANNELS;
	h->info.adc_bits = 24;
	h->info.default_rate_hz = RATE_HZ;
	h->info.min_rate_hz = 100;
	h->info.max_rate_hz = 2000;
	h->info.counts_per_newton_x1000 = 4000000;
}

static int write_file(const char *path, const struct plate_frame *frames, size_t n)
{
	struct rec_header h;
	struct rec_writer *w;
	make_header(&h);
	int rc = rec_writer_open(path, &h, &w);
	if (rc != ST_OK)
		return rc;
	for (size_t i = 0; i < n && rc == ST_OK; i++)
		rc = rec_writer_write(w, &frames[i], 1);
	int close_rc = rec_writer_close(w);
	return rc != ST_OK ? rc : close_rc;
}

/* Reads the file back into out; returns the number of frames or a negative code. */
static long read_file(const char *path, struct plate_frame *out, size_t cap)
{
	struct rec_reader *r;
	int rc = rec_reader_open(path, &r);
	if (rc != ST_OK)
		return rc;
	size_t n = 0;
	for (;;) {
		size_t room = cap - n;
		rc = rec_reader_read(r, out + n, room < READ_BATCH ? room : READ_BATCH);
		if (rc <= 0)
			break;
		n += (size_t)rc;
	}
	rec_reader_close(r);
	return rc < 0 ? rc : (long)n;
}

static size_t count_mismatches(const struct plate_frame *a, const struct plate_frame *b, size_t n)
{
	size_t bad = 0;
	for (size_t i = 0; i < n; i++)
		if (a[i].device_us != b[i].device_us || a[i].seq != b[i].seq || a[i].flags != b[i].flags ||
		    a[i].lost_before != b[i].lost_before || memcmp(a[i].counts, b[i].counts, sizeof a[i].counts) != 0)
			bad++;
	return bad;
}

static long file_size(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fclose(f);
	return size;
}

int main(void)
{
	rng_seed(&rng, 42);
	const char *dir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/bench_recording_%ld.rec", dir && *dir ? dir : "/tmp", (long)getpid());
	struct plate_frame *frames = malloc(N_FRAMES * sizeof *frames);
	struct plate_frame *back = malloc((N_FRAMES + 1) * sizeof *back);
	if (!frames || !back) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}
	synthesise(frames, N_FRAMES);

	double t0 = monotonic_s();
	int rc = write_file(path, frames, N_FRAMES);
	double t_write = monotonic_s() - t0;
	if (rc != ST_OK) {
		fprintf(stderr, "write: %s\n", st_errmsg());
		return 1;
	}
	t0 = monotonic_s();
	long n = read_file(path, back, N_FRAMES + 1);
	double t_read = monotonic_s() - t0;
	if (n < 0) {
		fprintf(stderr, "read: %s\n", st_errmsg());
		return 1;
	}
	long bytes = file_size(path);
	unlink(path);
	size_t bad = (size_t)n == N_FRAMES ? count_mismatches(frames, back, N_FRAMES) : N_FRAMES;

	double mb = (double)bytes / 1e6;
	printf("native recording: %zu frames (%d min at %d Hz), %ld bytes\n", N_FRAMES, MINUTES, RATE_HZ, bytes);
	printf("  bytes per minute at 1 kHz: %.0f\n", (double)bytes / MINUTES);
	printf("  bytes per frame:           %.2f\n", (double)bytes / (double)N_FRAMES);
	printf("  write (1 frame per call, fsync at close): %8.1f MB/s %12.0f frames/s\n", mb / t_write,
	       (double)N_FRAMES / t_write);
	printf("  read  (%d frames per call):             %8.1f MB/s %12.0f frames/s\n", READ_BATCH, mb / t_read,
	       (double)N_FRAMES / t_read);
	printf("  read back: %ld frames, %zu differ\n", n, bad);
	free(frames);
	free(back);
	return bad ? 1 : 0;
}
