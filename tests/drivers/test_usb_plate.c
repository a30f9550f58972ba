/* test_usb_plate.c: the USB driver on the real libusb code path, against emulated plates
 * (usb_emulator.c, on umockdev): enumeration by interface triple beside a device that is
 * not a plate, info parsing, SET_RATE in range and STALLed, streaming with records split
 * across transfers, CRC errors and garbage mid-stream, seq gaps, saturation, unplug
 * mid-stream and re-plug, protocol version 2 refused, and `station record --raw` on a USB
 * plate, also unplugged mid-recording (raw CSV and native: no sample the plate did not send);
 * and what the driver logs: the counters mid-stream and at the end, the unplug and
 * the return. Runs under umockdev-wrapper; without it, exits 77 (skipped) saying why.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "log_capture.h"
#include "rec.h"
#include "record.h"
#include "usb.h"
#include "usb_emulator.h"

#define SKIP 77

struct seen {
	size_t frames;
	size_t gone;
	size_t gaps;
	uint64_t lost;
	size_t saturated;
	size_t wrong_counts;
	uint64_t instants;    /* sample instants the frames stand for, counting the lost */
	uint64_t gone_at_ns;
	bool host_time_ordered;
	uint64_t last_host_ns;
	bool first_seq_zero;
};

static void count_frames(const struct plate_frame *frames, size_t n, void *user)
{
	struct seen *s = user;
	for (size_t i = 0; i < n; i++) {
		const struct plate_frame *f = &frames[i];
		if (f->flags & PLATE_FRAME_GONE) {
			s->gone++;
			s->gone_at_ns = plate_now_ns();
			continue;
		}
		if (s->frames == 0)
			s->first_seq_zero = f->seq == 0;
		s->instants += 1 + f->lost_before;
		/* the emulator's counts are a function of the sample instant */
		int32_t want[PLATE_CHANNELS];
		emu_counts_for(s->instants - 1, want);
		if (f->flags & PLATE_FRAME_SATURATED) {
			s->saturated++;
			want[5] = PLATE_ADC_MAX;
		}
		s->wrong_counts += memcmp(want, f->counts, sizeof want) != 0;
		s->gaps += (f->flags & PLATE_FRAME_GAP_BEFORE) != 0;
		s->lost += f->lost_before;
		if (f->host_ns < s->last_host_ns)
			s->host_time_ordered = false;
		s->last_host_ns = f->host_ns;
		s->frames++;
	}
}

/* Polls until the stream has brought s->frames up to frames; returns the last poll's
 * result. Counts, not time: a loaded machine makes a stream late, not short. A stream
 * that brings nothing for 10 s fails (ST_ERR_TIMEOUT) instead of hanging the test. */
static int stream_frames(struct plate *p, const struct seen *s, size_t frames)
{
	int rc = 0;
	size_t last = s->frames;
	uint64_t last_ns = plate_now_ns();
	while (s->frames < frames && rc >= 0) {
		rc = plate_poll(p, 50);
		if (s->frames != last) {
			last = s->frames;
			last_ns = plate_now_ns();
		} else if (plate_now_ns() - last_ns > UINT64_C(10000000000)) {
			return st_fail(ST_ERR_TIMEOUT, "no frame for 10 s, after %zu of %zu", s->frames, frames);
		}
	}
	return rc;
}

/* Polls until the stream ends (an unplug) or seconds have passed; returns the last poll's result. */
static int stream_until_end(struct plate *p, double seconds)
{
	uint64_t end = plate_now_ns() + (uint64_t)(seconds * 1e9);
	int rc = 0;
	while (plate_now_ns() < end && rc >= 0)
		rc = plate_poll(p, 50);
	return rc;
}

/* Lets everything sent arrive: polls until nothing came for 300 ms. */
static void drain(struct plate *p)
{
	int quiet = 0;
	while (quiet < 6) {
		int rc = plate_poll(p, 50);
		quiet = rc == 0 ? quiet + 1 : 0;
		if (rc < 0)
			return;
	}
}

static const struct emu_plate_config plate_a = { .serial = "PLATE-A", .status_dropped = 7 };

static void test_enumeration(struct emu *e, int id_other)
{
	struct plate_listing list[16];
	size_t n;
	CHECK(plate_list(list, 16, &n) == ST_OK, "list: %s", st_errmsg());
	int plates = 0;
	bool saw_a = false, saw_v2 = false;
	for (size_t i = 0; i < n; i++) {
		if (strncmp(list[i].name, "usb", 3) != 0)
			continue;
		plates++;
		if (strcmp(list[i].name, "usb:PLATE-A") == 0) {
			saw_a = strcmp(list[i].serial, "PLATE-A") == 0 && strstr(list[i].description, "protocol 1") &&
				strstr(list[i].description, "100-2000 Hz") && strstr(list[i].description, "bus 1");
			CHECK(saw_a, "plate A listed: %s", list[i].description);
		}
		if (strcmp(list[i].name, "usb:PLATE-V2") == 0) {
			saw_v2 = strstr(list[i].description, "protocol version 2") != NULL;
			CHECK(saw_v2, "the version 2 plate is listed with why it cannot be used: %s",
			      list[i].description);
		}
	}
	CHECK(plates == 3 && saw_a && saw_v2, "three plates listed, not the other device: %d", plates);
	struct emu_counts other;
	emu_counts(e, id_other, &other);
	CHECK(other.ioctls == 0, "the device that is not a plate was never touched: %u ioctls", other.ioctls);
}

static void test_open_and_info(void)
{
	struct plate *p;
	int rc = plate_open("usb:PLATE-A", NULL, &p);
	CHECK(rc == ST_OK, "open usb:PLATE-A: %s", st_errmsg());
	if (rc != ST_OK)
		return;
	const struct plate_info *info = plate_get_info(p);
	CHECK(strcmp(info->driver, "usb") == 0 && strcmp(info->name, "usb:PLATE-A") == 0 &&
		      strcmp(info->serial, "PLATE-A") == 0,
	      "identity: %s %s %s", info->driver, info->name, info->serial);
	CHECK(info->protocol_version == 1 && info->channel_count == 8 && info->adc_bits == 24, "protocol fields");
	CHECK(info->min_rate_hz == 100 && info->max_rate_hz == 2000 && info->default_rate_hz == 1000, "rates");
	CHECK(info->cell_x_mm[0] == -90 && info->cell_x_mm[1] == 90 && info->cell_y_mm[0] == 140 &&
		      info->cell_y_mm[2] == -140 && info->plate_width_mm == 240 && info->plate_length_mm == 380 &&
		      info->counts_per_newton_x1000 == 3500000,
	      "geometry and nominal gain");
	plate_close(p);

	CHECK(plate_open("usb", NULL, &p) == ST_OK, "open the first plate: %s", st_errmsg());
	plate_close(p);
	CHECK(plate_open("usb:NOPE", NULL, &p) == ST_ERR_NOT_FOUND && strstr(st_errmsg(), "PLATE-A"),
	      "unknown serial, the plates found named: %s", st_errmsg());
	CHECK(plate_open("usb:PLATE-V2", NULL, &p) == ST_ERR_PROTOCOL && strstr(st_errmsg(), "protocol version 2"),
	      "protocol version 2 refused: %s", st_errmsg());
}

static void test_rates(struct emu *e, int id_narrow)
{
	struct plate *p;
	struct seen s = { 0 };
	if (plate_open("usb:NARROW", NULL, &p) != ST_OK) {
		CHECK(false, "open usb:NARROW: %s", st_errmsg());
		return;
	}
	CHECK(plate_start(p, 500, count_frames, &s) == ST_OK, "500 Hz accepted: %s", st_errmsg());
	struct emu_counts c;
	emu_counts(e, id_narrow, &c);
	CHECK(c.rate_hz == 500 && c.starts == 1, "the plate got SET_RATE 500 and START: %u", c.rate_hz);
	CHECK(plate_stop(p) == ST_OK, "stop: %s", st_errmsg());
	int rc = plate_start(p, 1500, count_frames, &s);
	CHECK(rc == ST_ERR_ARG && strstr(st_errmsg(), "1500 Hz") && strstr(st_errmsg(), "out of the range"),
	      "a STALLed SET_RATE says the rate is out of range: %s", st_errmsg());
	emu_counts(e, id_narrow, &c);
	CHECK(c.stalls == 1 && c.starts == 1, "stalled once, not started");
	CHECK(plate_start(p, 5000, count_frames, &s) == ST_ERR_ARG, "beyond the info block's range: refused");
	CHECK(plate_start(p, 0, count_frames, &s) == ST_OK, "the default rate still works after a STALL: %s",
	      st_errmsg());
	plate_close(p);
}

static void test_clean_stream(struct emu *e, int id_a)
{
	struct plate *p;
	struct seen s = { .host_time_ordered = true };
	if (plate_open("usb:PLATE-A", NULL, &p) != ST_OK) {
		CHECK(false, "open: %s", st_errmsg());
		return;
	}
	CHECK(plate_start(p, 1000, count_frames, &s) == ST_OK, "start: %s", st_errmsg());
	CHECK(stream_frames(p, &s, 2000) >= 0, "2000 frames: %s", st_errmsg());
	emu_pause(e, id_a);
	drain(p);
	CHECK(plate_stop(p) == ST_OK, "stop: %s", st_errmsg());
	struct emu_counts c;
	emu_counts(e, id_a, &c);
	struct usb_plate_counters u;
	CHECK(usb_plate_counters(p, &u) == ST_OK, "counters");
	CHECK(c.records >= 2000 && s.frames == c.records, "every record sent arrived: %zu of %llu", s.frames,
	      (unsigned long long)c.records);
	CHECK(c.split > c.transfers / 2, "most transfers ended inside a record: %llu of %llu",
	      (unsigned long long)c.split, (unsigned long long)c.transfers);
	CHECK(s.first_seq_zero && s.gaps == 0 && s.wrong_counts == 0 && s.saturated == 0, "exact: %zu gaps, %zu wrong",
	      s.gaps, s.wrong_counts);
	CHECK(s.host_time_ordered, "host times in order");
	CHECK(u.parser.records == c.records && u.parser.bad_crc == 0 && u.parser.bad_sync == 0 &&
		      u.parser.bytes_skipped == 0 && u.ring_overruns == 0,
	      "clean counters");
	CHECK(u.device_dropped == 7, "GET_STATUS read at stop: %u", u.device_dropped);
	CHECK(c.stops == 1, "STOP sent");
	printf("clean stream: %zu frames in %llu transfers, %.1f s; acquisition thread CPU %.2f s (%.0f %%, the "
	       "emulated fd always polls ready)\n",
	       s.frames, (unsigned long long)c.transfers, u.stream_s, u.thread_cpu_s,
	       100 * u.thread_cpu_s / (u.stream_s > 0 ? u.stream_s : 1));
	plate_close(p);
}

static void test_faults(struct emu *e, int id_a)
{
	struct plate *p;
	struct seen s = { .host_time_ordered = true };
	const struct emu_faults f = { .crc_every = 97, .garbage_every = 131, .skip_every = 200, .saturate_every = 50 };
	emu_set_faults(e, id_a, &f);
	if (plate_open("usb:PLATE-A", NULL, &p) != ST_OK) {
		CHECK(false, "open: %s", st_errmsg());
		return;
	}
	CHECK(plate_start(p, 2000, count_frames, &s) == ST_OK, "start: %s", st_errmsg());
	CHECK(stream_frames(p, &s, 4000) >= 0, "4000 frames: %s", st_errmsg());
	char so_far[2048], ended[2048];
	log_capture_begin();
	plate_log_counters(p); /* the acquisition thread logs them at its next turn */
	int rc = stream_frames(p, &s, s.frames + 400);
	log_capture_end(so_far, sizeof so_far);
	CHECK(rc >= 0, "streaming: %s", st_errmsg());
	emu_pause(e, id_a);
	drain(p);
	log_capture_begin();
	rc = plate_stop(p);
	log_capture_end(ended, sizeof ended);
	CHECK(rc == ST_OK, "stop: %s", st_errmsg());
	const struct emu_faults none = { 0 };
	emu_set_faults(e, id_a, &none);
	struct emu_counts c;
	emu_counts(e, id_a, &c);
	struct usb_plate_counters u;
	usb_plate_counters(p, &u);
	CHECK(c.corrupted > 20 && c.garbage > 20 && c.skipped > 10, "faults happened: %llu %llu %llu",
	      (unsigned long long)c.corrupted, (unsigned long long)c.garbage, (unsigned long long)c.skipped);
	CHECK(s.frames == c.records, "every intact record arrived: %zu of %llu", s.frames, (unsigned long long)c.records);
	CHECK(s.wrong_counts == 0, "no frame was wrong (resynchronised on real records): %zu", s.wrong_counts);
	CHECK(s.lost == c.corrupted + c.skipped, "lost = corrupted + skipped: %llu vs %llu + %llu",
	      (unsigned long long)s.lost, (unsigned long long)c.corrupted, (unsigned long long)c.skipped);
	CHECK(u.parser.bad_crc == c.corrupted, "CRC errors counted: %llu of %llu", (unsigned long long)u.parser.bad_crc,
	      (unsigned long long)c.corrupted);
	CHECK(u.parser.bad_sync == c.garbage, "garbage counted: %llu of %llu", (unsigned long long)u.parser.bad_sync,
	      (unsigned long long)c.garbage);
	CHECK(u.parser.bytes_skipped == c.corrupted * USB_RECORD_SIZE + c.garbage_bytes, "bytes skipped: %llu",
	      (unsigned long long)u.parser.bytes_skipped);
	CHECK(u.parser.gaps == s.gaps && s.gaps > 0, "gaps marked: %zu", s.gaps);
	CHECK(s.saturated == c.saturated && s.saturated > 0, "saturation marked: %zu of %llu", s.saturated,
	      (unsigned long long)c.saturated);
	const char *line = strstr(so_far, " warning usb: usb:PLATE-A so far: ");
	unsigned long long records = 0, crc = 0;
	CHECK(line && sscanf(line, " warning usb: usb:PLATE-A so far: %llu records; %llu CRC errors", &records, &crc) == 2 &&
		      records > 0 && records < u.parser.records && crc > 0 && crc <= u.parser.bad_crc,
	      "the counters mid-stream, a warning with CRC errors: '%s'", so_far);
	char want[256];
	snprintf(want, sizeof want, " warning usb: usb:PLATE-A stream ended: %llu records; %llu CRC errors, %llu bad sync, %llu resyncs",
		 (unsigned long long)u.parser.records, (unsigned long long)u.parser.bad_crc,
		 (unsigned long long)u.parser.bad_sync, (unsigned long long)u.parser.resyncs);
	CHECK(strstr(ended, want), "the counters at the end: '%s' in '%s'", want, ended);
	snprintf(want, sizeof want, "; %llu gaps (%llu samples lost", (unsigned long long)u.parser.gaps,
		 (unsigned long long)u.parser.lost);
	CHECK(strstr(ended, want), "the gaps at the end: '%s' in '%s'", want, ended);
	plate_close(p);
}

static void test_unplug_replug(struct emu *e, int *id_a)
{
	struct plate *p;
	struct seen s = { .host_time_ordered = true };
	if (plate_open("usb:PLATE-A", NULL, &p) != ST_OK) {
		CHECK(false, "open: %s", st_errmsg());
		return;
	}
	CHECK(plate_start(p, 1000, count_frames, &s) == ST_OK, "start: %s", st_errmsg());
	CHECK(stream_frames(p, &s, 1000) >= 0, "1000 frames: %s", st_errmsg());
	uint64_t unplugged_ns = plate_now_ns();
	char logged[4096];
	log_capture_begin();
	emu_unplug(e, *id_a);
	int rc = stream_until_end(p, 3.0);
	int stopped = plate_poll(p, 0) == ST_ERR_GONE ? plate_stop(p) : ST_ERR_STATE;
	log_capture_end(logged, sizeof logged);
	CHECK(strstr(logged, " warning plate: usb:PLATE-A disconnected (serial PLATE-A)\n") &&
		      strstr(logged, " usb: usb:PLATE-A stream ended, unplugged: ") && strstr(logged, "CRC errors"),
	      "the unplug and the counters then are logged: '%s'", logged);
	CHECK(rc == ST_ERR_GONE && strstr(st_errmsg(), "unplugged"), "the stream ends with ST_ERR_GONE: %d %s", rc,
	      st_errmsg());
	CHECK(s.gone == 1, "one frame flagged GONE: %zu", s.gone);
	double noticed_s = (double)(s.gone_at_ns - unplugged_ns) / 1e9;
	CHECK(s.gone && noticed_s < 1.0, "noticed within a second: %.3f s", noticed_s);
	printf("unplug noticed after %.3f s\n", noticed_s);
	struct emu_counts c;
	emu_counts(e, *id_a, &c);
	CHECK(s.frames >= 1000 && s.frames == c.delivered / USB_RECORD_SIZE && s.wrong_counts == 0,
	      "what came before is kept: %zu frames, %llu whole records delivered", s.frames,
	      (unsigned long long)(c.delivered / USB_RECORD_SIZE));
	CHECK(stopped == ST_OK, "stays gone, stopped after the unplug: %s", st_errmsg());
	CHECK(plate_start(p, 1000, count_frames, &s) == ST_ERR_NOT_FOUND && strstr(st_errmsg(), "PLATE-A"),
	      "start while unplugged: %s", st_errmsg());

	*id_a = emu_plug(e, &plate_a);
	usleep(200000);
	struct seen again = { .host_time_ordered = true };
	log_capture_begin();
	rc = plate_start(p, 1000, count_frames, &again);
	log_capture_end(logged, sizeof logged);
	CHECK(rc == ST_OK, "the same plate plugged back in resumes: %s", st_errmsg());
	CHECK(strstr(logged, " info usb: usb:PLATE-A attached at bus ") &&
		      strstr(logged, " info plate: usb:PLATE-A is back (serial PLATE-A): streaming again at 1000 Hz\n"),
	      "the return is logged: '%s'", logged);
	if (rc == ST_OK) {
		CHECK(stream_frames(p, &again, 1000) >= 0, "1000 frames again: %s", st_errmsg());
		CHECK(again.frames >= 1000 && again.first_seq_zero && again.wrong_counts == 0 && again.gaps == 0,
		      "a new stream from seq 0: %zu frames", again.frames);
	}
	plate_close(p);
}

static void test_record_raw(void)
{
	char path[512];
	snprintf(path, sizeof path, "%s/usb-raw-%d.csv", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
	struct record_request req = {
		.plate = "usb:PLATE-A", .out_path = path, .format = RECORD_RAW_CSV, .seconds = 1.0, .rate_hz = 1000,
	};
	struct record_result res;
	int rc = record_run(&req, &res);
	CHECK(rc == ST_OK, "record --raw from a USB plate: %s", st_errmsg());
	FILE *f = fopen(path, "r");
	char line[256];
	size_t rows = 0;
	bool header = f && fgets(line, sizeof line, f) && strcmp(line, "t_s,seq,flags,c0,c1,c2,c3,c4,c5,c6,c7\n") == 0;
	while (f && fgets(line, sizeof line, f))
		rows++;
	if (f)
		fclose(f);
	unlink(path);
	CHECK(header && rows == 1000 && res.frames == 1000, "1 s at 1 kHz: %zu rows", rows);
}

struct unplug_later {
	struct emu *e;
	int id;
};

/* Unplugs once the plate has sent 500 records (counted, not timed: a sanitizer build
 * starts slower), or after 20 s. */
static void *unplug_after_500_records(void *arg)
{
	struct unplug_later *u = arg;
	struct emu_counts c = { 0 };
	for (int i = 0; i < 2000 && c.records < 500; i++) {
		usleep(10000);
		emu_counts(u->e, u->id, &c);
	}
	emu_unplug(u->e, u->id);
	return NULL;
}

/* Records from the plate until it is unplugged mid-recording; returns record_run's rc. */
static int record_until_unplugged(struct emu *e, int id, const char *path, enum record_format format,
				  struct record_result *res)
{
	struct record_request req = { .plate = "usb:PLATE-A", .out_path = path, .format = format, .rate_hz = 1000 };
	struct unplug_later u = { e, id };
	pthread_t t;
	pthread_create(&t, NULL, unplug_after_500_records, &u);
	int rc = record_run(&req, res);
	pthread_join(t, NULL);
	return rc;
}

/* The plate unplugged in `station record`: the raw CSV and the native recording hold only
 * the samples the plate sent (the emulator's counts for each instant); the unplug is no
 * row of zeros flagged 4. Returns the id of the plate plugged back in. */
static int test_unplug_recording(struct emu *e, int id)
{
	char path[512];
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	emu_unplug(e, id); /* a fresh plate: its record count starts at 0 */
	id = emu_plug(e, &plate_a);
	usleep(200000);
	snprintf(path, sizeof path, "%s/usb-unplug-%d.csv", tmp, (int)getpid());
	struct record_result res;
	int rc = record_until_unplugged(e, id, path, RECORD_RAW_CSV, &res);
	CHECK(rc == ST_ERR_GONE && res.plate_gone, "raw: the recording ends with the plate gone: %d %s", rc,
	      st_errmsg());
	FILE *f = fopen(path, "r");
	char line[256];
	size_t rows = 0, invented = 0, wrong = 0;
	bool header = f && fgets(line, sizeof line, f);
	while (f && fgets(line, sizeof line, f)) {
		double t;
		unsigned seq, flags;
		int32_t c[PLATE_CHANNELS], want[PLATE_CHANNELS];
		int n = sscanf(line, "%lf,%u,%u,%d,%d,%d,%d,%d,%d,%d,%d", &t, &seq, &flags, &c[0], &c[1], &c[2], &c[3],
			       &c[4], &c[5], &c[6], &c[7]);
		emu_counts_for(rows, want);
		invented += n != 11 || (flags & PLATE_FRAME_GONE);
		wrong += n == 11 && memcmp(c, want, sizeof want) != 0;
		rows++;
	}
	if (f)
		fclose(f);
	unlink(path);
	CHECK(header && rows >= 400 && rows == res.frames && invented == 0 && wrong == 0,
	      "raw CSV: %zu rows, %llu frames, %zu invented, %zu with counts the plate did not send", rows,
	      (unsigned long long)res.frames, invented, wrong);

	id = emu_plug(e, &plate_a);
	usleep(200000);
	snprintf(path, sizeof path, "%s/usb-unplug-%d.rec", tmp, (int)getpid());
	rc = record_until_unplugged(e, id, path, RECORD_NATIVE, &res);
	CHECK(rc == ST_ERR_GONE, "native: the recording ends with the plate gone: %d %s", rc, st_errmsg());
	struct rec_reader *r;
	size_t frames = 0;
	invented = wrong = 0;
	if (rec_reader_open(path, &r) == ST_OK) {
		struct plate_frame fr[256];
		int n;
		while ((n = rec_reader_read(r, fr, 256)) > 0) {
			for (int i = 0; i < n; i++) {
				int32_t want[PLATE_CHANNELS];
				emu_counts_for(frames++, want);
				invented += (fr[i].flags & PLATE_FRAME_GONE) != 0;
				wrong += memcmp(fr[i].counts, want, sizeof want) != 0;
			}
		}
		rec_reader_close(r);
	}
	unlink(path);
	CHECK(frames >= 400 && frames == res.frames && invented == 0 && wrong == 0,
	      "native: %zu frames, %llu recorded, %zu invented, %zu with counts the plate did not send", frames,
	      (unsigned long long)res.frames, invented, wrong);
	id = emu_plug(e, &plate_a);
	usleep(200000);
	return id;
}

int main(void)
{
	struct emu *e = emu_new();
	if (!e) {
		printf("SKIP: needs umockdev-wrapper (package umockdev) to emulate USB plates\n");
		return SKIP;
	}
	int id_a = emu_plug(e, &plate_a);
	const struct emu_plate_config other = { .serial = "DISK-1", .not_a_plate = true };
	const struct emu_plate_config v2 = { .serial = "PLATE-V2", .protocol_version = 2 };
	const struct emu_plate_config narrow = { .serial = "NARROW", .accepts_up_to_hz = 1000 };
	int id_other = emu_plug(e, &other);
	emu_plug(e, &v2);
	int id_narrow = emu_plug(e, &narrow);

	log_capture_open();
	setenv("STATION_LOG_LEVEL", "info", 1); /* the plate coming back is info */
	test_enumeration(e, id_other);
	test_open_and_info();
	test_rates(e, id_narrow);
	test_clean_stream(e, id_a);
	test_faults(e, id_a);
	test_record_raw();
	test_unplug_replug(e, &id_a);
	id_a = test_unplug_recording(e, id_a);
	emu_free(e);
	return check_summary();
}
