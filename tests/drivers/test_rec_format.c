/* test_rec_format.c: the native recording (drivers/recording/rec.c).
 *
 * Frames and header come back exactly as written (host_ns aside), across blocks, flushes,
 * seq and clock wraps, gaps and saturation; every kind of damage is refused with
 * ST_ERR_DATA naming the byte it is at, after the frames of the intact blocks before it.
 * The header has a checksum (version 2): every byte of it flipped is refused; version 1
 * files still read. A frame flagged GONE is no sample: not stored, the next is a gap.
 */
#define _GNU_SOURCE /* memmem */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "rec.h"

#define N_FRAMES 5000
#define FLUSH_AT 1500 /* frames written before the flush in the middle */
#define HEAD_LEN 20 /* magic, version, header_len, header crc */
#define N_STORED (N_FRAMES - 1) /* the last frame is the plate going away */
#define BLOCK_HEAD_LEN 16
#define MAX_BLOCKS 16

static char cal_json[] = "{\"serial\":\"FP-0042\",\"date\":\"2026-11-20T09:00:00Z\","
			 "\"zero\":[101,-99,12,0,5,6,-7,8],"
			 "\"gain\":[0.00025,0.000251,0.000249,0.00025,0.00025,0.00025,0.00025,0.0002501]}";

static struct plate_frame frames_in[N_FRAMES];
static struct plate_frame frames_out[N_FRAMES + 1];

static void temp_path(char *buf, size_t cap, const char *what)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	snprintf(buf, cap, "%s/test_rec_%ld_%s.rec", dir, (long)getpid(), what);
}

static uint32_t get_u32le(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_u32le(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint32_t rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717u) >> 32);
}

/* A value in lo..hi. */
static int32_t rng_range(int32_t lo, int32_t hi)
{
	return lo + (int32_t)(rng_next() % (uint32_t)(hi - lo + 1));
}

static void make_header(struct rec_header *h, char *calibration)
{
	static const int16_t x[PLATE_CHANNELS] = { -80, 80, -80, 80, -80, 80, -80, 80 };
	static const int16_t y[PLATE_CHANNELS] = { 150, 150, -150, -150, 150, 150, -150, -32768 };
	*h = (struct rec_header){ .rate_hz = 1000, .calibration_json = calibration };
	struct plate_info *i = &h->info;
	strcpy(i->driver, "sim");
	strcpy(i->name, "sim:demo \"quoted\" \\ and ünïcode");
	strcpy(i->serial, "FP-0042");
	i->protocol_version = 1;
	i->channel_count = PLATE_CHANNELS;
	i->adc_bits = 24;
	i->default_rate_hz = 1000;
	i->min_rate_hz = 100;
	i->max_rate_hz = 2000;
	memcpy(i->cell_x_mm, x, sizeof x);
	memcpy(i->cell_y_mm, y, sizeof y);
	i->plate_width_mm = 300;
	i->plate_length_mm = 500;
	i->counts_per_newton_x1000 = -4000000;
	strcpy(h->start_utc, "2026-11-24T16:01:50Z");
}

/* Sets frame i's counts to alternate between the two ends of the ADC range. */
static void saturate(struct plate_frame *f, size_t i)
{
	for (int c = 0; c < PLATE_CHANNELS; c++)
		f->counts[c] = (c + i) % 2 ? PLATE_ADC_MAX : PLATE_ADC_MIN;
	f->flags |= PLATE_FRAME_SATURATED;
}

/* A stream with everything a plate can say: seq from 65000 (wraps at frame 536), the
 * device clock 1.5 s before its wrap, jitter, gaps (one longer than the seq range), a
 * seq restart, a clock jump of half its range, saturation across a block boundary, and
 * a GONE frame at the end. */
static void make_frames(struct plate_frame *f, size_t n)
{
	int32_t level[PLATE_CHANNELS] = { 100000, -100000, 50000, -3000, 0, 77777, -99999, 123456 };
	uint16_t seq = 65000;
	uint32_t us = UINT32_MAX - 1500000u;
	for (size_t i = 0; i < n; i++) {
		struct plate_frame *x = &f[i];
		uint32_t lost = 0;
		if (i % 997 == 500)
			lost = 1 + (uint32_t)(i % 7);
		if (i == 3000)
			lost = 70000;
		if (i > 0) {
			seq = (uint16_t)(seq + 1 + lost);
			us += 1000 * (1 + lost) + (uint32_t)rng_range(-3, 3);
		}
		if (i == 2500)
			us += 0x80000000u;
		if (i == 2600)
			seq = 0;
		*x = (struct plate_frame){ .host_ns = 123456789 + i, .device_us = us, .lost_before = lost, .seq = seq };
		if (lost || i == 2600) /* 2600: the plate's count started again, as after an unplug */
			x->flags |= PLATE_FRAME_GAP_BEFORE;
		for (int c = 0; c < PLATE_CHANNELS; c++) {
			level[c] += rng_range(-300, 300);
			x->counts[c] = level[c] + rng_range(-2000, 2000);
		}
		if ((i >= 1020 && i < 1030) || i == 4000)
			saturate(x, i);
	}
	f[n - 1] = (struct plate_frame){
		.device_us = us + 1000,
		.seq = (uint16_t)(seq + 1),
		.flags = PLATE_FRAME_GONE,
	};
}

static bool same_frame(const struct plate_frame *a, const struct plate_frame *b)
{
	if (b->host_ns != 0 || a->device_us != b->device_us || a->lost_before != b->lost_before || a->seq != b->seq ||
	    a->flags != b->flags)
		return false;
	return memcmp(a->counts, b->counts, sizeof a->counts) == 0;
}

/* Reads every frame into frames_out in odd-sized bites; returns the last rc (0 at the end). */
static int read_all(struct rec_reader *r, size_t *count)
{
	*count = 0;
	for (;;) {
		size_t room = N_FRAMES + 1 - *count;
		int n = rec_reader_read(r, frames_out + *count, room < 333 ? room : 333);
		if (n <= 0)
			return n;
		*count += (size_t)n;
	}
}

static void check_frames_back(const char *what, size_t count, size_t expected)
{
	CHECK(count == expected, "%s: %zu frames back, expected %zu", what, count, expected);
	size_t bad = 0, first_bad = 0;
	for (size_t i = 0; i < count && i < expected; i++) {
		if (!same_frame(&frames_in[i], &frames_out[i])) {
			if (!bad)
				first_bad = i;
			bad++;
		}
	}
	CHECK(bad == 0, "%s: %zu frames differ, the first is frame %zu", what, bad, first_bad);
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	uint8_t *buf = malloc(*len + 1);
	if (buf && fread(buf, 1, *len, f) != *len) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* Block offsets and frame counts, walking the file as laid out. */
static size_t find_blocks(const uint8_t *buf, size_t len, size_t *offs, uint32_t *counts)
{
	size_t at = HEAD_LEN + get_u32le(buf + 12), n = 0;
	while (at + BLOCK_HEAD_LEN <= len && n < MAX_BLOCKS) {
		offs[n] = at;
		counts[n] = get_u32le(buf + at + 4);
		at += BLOCK_HEAD_LEN + get_u32le(buf + at + 8);
		n++;
	}
	CHECK(at == len, "blocks end at byte %zu of %zu", at, len);
	return n;
}

static int write_recording(const char *path, const struct rec_header *h)
{
	struct rec_writer *w;
	int rc = rec_writer_open(path, h, &w);
	if (rc != ST_OK)
		return rc;
	for (size_t i = 0; i < FLUSH_AT && rc == ST_OK; i += 100)
		rc = rec_writer_write(w, frames_in + i, 100);
	if (rc == ST_OK)
		rc = rec_writer_flush(w, false);
	for (size_t i = FLUSH_AT; i < N_FRAMES && rc == ST_OK; i += 777)
		rc = rec_writer_write(w, frames_in + i, N_FRAMES - i < 777 ? N_FRAMES - i : 777);
	int close_rc = rec_writer_close(w);
	return rc != ST_OK ? rc : close_rc;
}

static void check_header_back(const struct rec_header *a, const struct rec_header *b)
{
	const struct plate_info *x = &a->info, *y = &b->info;
	CHECK(a->rate_hz == b->rate_hz, "rate %u vs %u", a->rate_hz, b->rate_hz);
	CHECK(strcmp(a->start_utc, b->start_utc) == 0, "start '%s' vs '%s'", a->start_utc, b->start_utc);
	CHECK(strcmp(x->driver, y->driver) == 0, "driver '%s' vs '%s'", x->driver, y->driver);
	CHECK(strcmp(x->name, y->name) == 0, "name '%s' vs '%s'", x->name, y->name);
	CHECK(strcmp(x->serial, y->serial) == 0, "serial '%s' vs '%s'", x->serial, y->serial);
	CHECK(x->protocol_version == y->protocol_version && x->channel_count == y->channel_count &&
		      x->adc_bits == y->adc_bits, "protocol, channels, ADC bits");
	CHECK(x->default_rate_hz == y->default_rate_hz && x->min_rate_hz == y->min_rate_hz &&
		      x->max_rate_hz == y->max_rate_hz, "rates");
	CHECK(memcmp(x->cell_x_mm, y->cell_x_mm, sizeof x->cell_x_mm) == 0, "cell_x_mm");
	CHECK(memcmp(x->cell_y_mm, y->cell_y_mm, sizeof x->cell_y_mm) == 0, "cell_y_mm");
	CHECK(x->plate_width_mm == y->plate_width_mm && x->plate_length_mm == y->plate_length_mm, "plate size");
	CHECK(x->counts_per_newton_x1000 == y->counts_per_newton_x1000, "counts per newton %d vs %d",
	      (int)x->counts_per_newton_x1000, (int)y->counts_per_newton_x1000);
	if (!a->calibration_json) {
		CHECK(b->calibration_json == NULL, "calibration should be NULL, is %s", b->calibration_json);
		return;
	}
	cJSON *cal = cJSON_Parse(a->calibration_json);
	char *expected = cJSON_PrintUnformatted(cal);
	CHECK(b->calibration_json && strcmp(b->calibration_json, expected) == 0, "calibration '%s', expected '%s'",
	      b->calibration_json ? b->calibration_json : "(null)", expected);
	free(expected);
	cJSON_Delete(cal);
}

static void test_round_trip(const char *path, char *calibration)
{
	struct rec_header h;
	make_header(&h, calibration);
	int rc = write_recording(path, &h);
	CHECK(rc == ST_OK, "write: %s", st_errmsg());

	struct stat st = { 0 };
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "file mode %o, expected 600",
	      (unsigned)(st.st_mode & 0777));

	struct rec_reader *r;
	rc = rec_reader_open(path, &r);
	CHECK(rc == ST_OK, "open: %s", st_errmsg());
	if (rc != ST_OK)
		return;
	check_header_back(&h, rec_reader_header(r));
	size_t count;
	rc = read_all(r, &count);
	CHECK(rc == 0, "read: %d %s", rc, st_errmsg());
	check_frames_back("file", count, N_STORED);
	CHECK(rec_reader_read(r, frames_out, 10) == 0, "still 0 after the end");
	rec_reader_close(r);

	size_t len;
	uint8_t *buf = slurp(path, &len);
	CHECK(buf != NULL, "slurp %s", path);
	if (!buf)
		return;
	CHECK(rec_is_native(buf, len), "rec_is_native on a recording");
	CHECK(!rec_is_native(buf, 7), "rec_is_native on 7 bytes");
	CHECK(!rec_is_native("STNREC\r\r", 8), "rec_is_native on a wrong magic");
	size_t offs[MAX_BLOCKS];
	uint32_t counts[MAX_BLOCKS];
	static const uint32_t expected_counts[] = { 1024, 476, 1024, 1024, 1024, 427 };
	size_t nblocks = find_blocks(buf, len, offs, counts);
	CHECK(nblocks == 6 && memcmp(counts, expected_counts, sizeof expected_counts) == 0,
	      "%zu blocks, expected 1024, 476 (flush), 1024 x 3, 427 (the GONE frame not stored)", nblocks);
	rc = rec_reader_open_memory(buf, len, "mem", &r);
	CHECK(rc == ST_OK, "open memory: %s", st_errmsg());
	if (rc == ST_OK) {
		rc = read_all(r, &count);
		CHECK(rc == 0, "read memory: %s", st_errmsg());
		check_frames_back("memory", count, N_STORED);
		rec_reader_close(r);
	}
	free(buf);
}

/* Opens damaged bytes and reads everything: ST_ERR_DATA at byte offset, naming what,
 * after exactly frames_before frames, and the same error again on the next read. */
static void expect_damage(const char *label, const uint8_t *buf, size_t len, size_t offset, const char *what,
			  size_t frames_before)
{
	struct rec_reader *r;
	size_t count = 0;
	int rc = rec_reader_open_memory(buf, len, "damaged.rec", &r);
	if (rc == ST_OK) {
		rc = read_all(r, &count);
		if (rc < 0) {
			int again = rec_reader_read(r, frames_out, 1);
			CHECK(again == rc, "%s: error not repeated (%d then %d)", label, rc, again);
		}
		rec_reader_close(r);
	}
	char prefix[64];
	snprintf(prefix, sizeof prefix, "damaged.rec: byte %zu: ", offset);
	const char *msg = st_errmsg();
	CHECK(rc == ST_ERR_DATA, "%s: rc %d, expected ST_ERR_DATA (%s)", label, rc, msg);
	CHECK(strncmp(msg, prefix, strlen(prefix)) == 0, "%s: message '%s' does not start '%s'", label, msg, prefix);
	CHECK(strstr(msg, what) != NULL, "%s: message '%s' does not say '%s'", label, msg, what);
	CHECK(count == frames_before, "%s: %zu frames before the error, expected %zu", label, count, frames_before);
	if (count > 0)
		check_frames_back(label, count, frames_before);
}

/* Sets the header checksum of buf to match its header, as a writer would. */
static void fix_header_crc(uint8_t *buf)
{
	uLong crc = crc32(0L, buf + 8, 8);
	put_u32le(buf + 16, (uint32_t)crc32(crc, buf + HEAD_LEN, get_u32le(buf + 12)));
}

/* A copy of buf with its header replaced by text (and its checksum to match). */
static uint8_t *with_header(const uint8_t *buf, size_t len, const char *text, size_t *out_len)
{
	size_t old = get_u32le(buf + 12), tl = strlen(text), rest = len - HEAD_LEN - old;
	*out_len = HEAD_LEN + tl + rest;
	uint8_t *out = malloc(*out_len);
	memcpy(out, buf, 12);
	put_u32le(out + 12, (uint32_t)tl);
	memcpy(out + HEAD_LEN, text, tl);
	memcpy(out + HEAD_LEN + tl, buf + HEAD_LEN + old, rest);
	fix_header_crc(out);
	return out;
}

static cJSON *header_json(const uint8_t *buf)
{
	size_t hl = get_u32le(buf + 12);
	return cJSON_ParseWithLength((const char *)buf + HEAD_LEN, hl);
}

static void edit_drop_rate(cJSON *root)
{
	cJSON_DeleteItemFromObject(root, "rate_hz");
}

static void edit_slow_rate(cJSON *root)
{
	cJSON_ReplaceItemInObject(root, "rate_hz", cJSON_CreateNumber(50));
}

static void edit_fraction_rate(cJSON *root)
{
	cJSON_ReplaceItemInObject(root, "rate_hz", cJSON_CreateNumber(1000.5));
}

static void edit_channels(cJSON *root)
{
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(root, "plate"), "channel_count", cJSON_CreateNumber(9));
}

static void edit_long_serial(cJSON *root)
{
	char s[PLATE_SERIAL_MAX + 1];
	memset(s, 'S', PLATE_SERIAL_MAX);
	s[PLATE_SERIAL_MAX] = '\0';
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(root, "plate"), "serial", cJSON_CreateString(s));
}

static void edit_cell_type(cJSON *root)
{
	cJSON *cells = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "plate"), "cell_y_mm");
	cJSON_ReplaceItemInArray(cells, 3, cJSON_CreateString("150"));
}

static void edit_short_cells(cJSON *root)
{
	cJSON_DeleteItemFromArray(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "plate"), "cell_x_mm"), 7);
}

static void edit_calibration(cJSON *root)
{
	cJSON_ReplaceItemInObject(root, "calibration", cJSON_CreateNumber(5));
}

static void edit_drop_calibration(cJSON *root)
{
	cJSON_DeleteItemFromObject(root, "calibration");
}

static void edit_format(cJSON *root)
{
	cJSON_ReplaceItemInObject(root, "format", cJSON_CreateString("other-recording"));
}

static void edit_not_object(cJSON *root)
{
	cJSON_DeleteItemFromObject(root, "plate");
	cJSON_AddItemToObject(root, "plate", cJSON_CreateArray());
}

static void test_header_damage(const uint8_t *buf, size_t len)
{
	static const struct {
		const char *label;
		void (*edit)(cJSON *root);
		const char *what;
	} cases[] = {
		{ "missing rate_hz", edit_drop_rate, "header field 'rate_hz': missing" },
		{ "rate 50 Hz", edit_slow_rate, "header field 'rate_hz': 50 is not a whole number in 100..2000" },
		{ "rate 1000.5 Hz", edit_fraction_rate, "'rate_hz': 1000.5" },
		{ "9 channels", edit_channels, "header field 'plate.channel_count': 9, expected 8" },
		{ "long serial", edit_long_serial, "'plate.serial': 64 bytes long, at most 63 fit" },
		{ "cell as a string", edit_cell_type, "'plate.cell_y_mm[3]': not a number" },
		{ "7 cells", edit_short_cells, "'plate.cell_x_mm': not an array of 8 numbers" },
		{ "calibration a number", edit_calibration, "'calibration': neither an object nor null" },
		{ "missing calibration", edit_drop_calibration, "'calibration': missing" },
		{ "other format", edit_format, "'format': not \"station-recording\"" },
		{ "plate an array", edit_not_object, "'plate': not an object" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cJSON *root = header_json(buf);
		cases[i].edit(root);
		char *text = cJSON_PrintUnformatted(root);
		size_t n;
		uint8_t *bad = with_header(buf, len, text, &n);
		expect_damage(cases[i].label, bad, n, HEAD_LEN, cases[i].what, 0);
		free(bad);
		free(text);
		cJSON_Delete(root);
	}

	/* Not JSON: a ':' turned into ';' is refused at that very byte. */
	uint8_t *bad = malloc(len);
	memcpy(bad, buf, len);
	uint8_t *colon = memchr(bad + HEAD_LEN, ':', get_u32le(bad + 12));
	*colon = ';';
	fix_header_crc(bad);
	expect_damage("header not JSON", bad, len, (size_t)(colon - bad), "header is not valid JSON", 0);
	*colon = '\0';
	fix_header_crc(bad);
	expect_damage("NUL in header", bad, len, (size_t)(colon - bad), "NUL byte inside the header", 0);
	free(bad);

	size_t n;
	bad = with_header(buf, len, "{\"format\":\"station-recording\"} x", &n);
	expect_damage("junk after the header JSON", bad, n, HEAD_LEN + 31, "not valid JSON", 0);
	free(bad);
	bad = with_header(buf, len, "[1,2]", &n);
	expect_damage("header an array", bad, n, HEAD_LEN, "header is not a JSON object", 0);
	free(bad);
	bad = with_header(buf, len, "", &n);
	expect_damage("empty header", bad, n, HEAD_LEN, "not valid JSON", 0);
	free(bad);
}

static void test_file_header_damage(const uint8_t *buf, size_t len)
{
	uint8_t *bad = malloc(len);

	memcpy(bad, buf, len);
	bad[0] = 'X';
	expect_damage("bad magic", bad, len, 0, "not a station recording (bad magic)", 0);

	memcpy(bad, buf, len);
	put_u32le(bad + 8, 3);
	expect_damage("version 3", bad, len, 8, "recording version 3, this program reads versions 1 and 2", 0);

	memcpy(bad, buf, len);
	put_u32le(bad + 12, 2u << 20);
	expect_damage("header_len 2 MiB", bad, len, 12, "header length 2097152 over the 1048576-byte limit", 0);

	memcpy(bad, buf, len);
	put_u32le(bad + 12, (uint32_t)len);
	expect_damage("header_len past the end", bad, len, len, "recording cut short inside the header", 0);

	expect_damage("cut in the file header", buf, 10, 10, "recording cut short inside the file header", 0);
	expect_damage("empty file", buf, 0, 0, "recording cut short inside the file header", 0);
	expect_damage("cut in the header JSON", buf, HEAD_LEN + 20, HEAD_LEN + 20, "cut short inside the header", 0);
	free(bad);
}

/* Every byte of the header (file head, checksum, JSON) flipped, one at a time: refused
 * with a message, nothing read. Before the checksum a rate of 1000 flipped to 1001 or a
 * cell position changed was read as it came. */
static void test_every_header_byte(const uint8_t *buf, size_t len)
{
	size_t header_end = HEAD_LEN + get_u32le(buf + 12), refused = 0;
	uint8_t *bad = malloc(len);
	for (size_t i = 0; i < header_end; i++) {
		static const uint8_t flips[] = { 0x01, 0x80, 0xFF };
		for (size_t k = 0; k < sizeof flips; k++) {
			memcpy(bad, buf, len);
			bad[i] ^= flips[k];
			struct rec_reader *r;
			int rc = rec_reader_open_memory(bad, len, "flipped.rec", &r);
			if (rc == ST_OK)
				rec_reader_close(r);
			bool ok = rc == ST_ERR_DATA && strstr(st_errmsg(), "flipped.rec: byte ") == st_errmsg();
			refused += ok;
			if (!ok)
				CHECK(false, "byte %zu ^ 0x%02x: rc %d '%s'", i, flips[k], rc, rc ? st_errmsg() : "accepted");
		}
	}
	printf("header bytes flipped: %zu of %zu refused\n", refused, 3 * header_end);
	/* the rate, flipped from 1000 to 100 */
	memcpy(bad, buf, len);
	char *rate = memmem(bad + HEAD_LEN, header_end - HEAD_LEN, "\"rate_hz\":1000", 14);
	CHECK(rate != NULL, "rate in the header");
	if (rate) {
		memcpy(rate + 10, "100 ", 4);
		expect_damage("rate 1000 -> 100", bad, len, 16, "header checksum mismatch", 0);
	}
	free(bad);
}

/* A version 1 file (no header checksum, before it was added) reads as before. */
static void test_version_1(const uint8_t *buf, size_t len)
{
	size_t hl = get_u32le(buf + 12);
	uint8_t *v1 = malloc(len - 4);
	memcpy(v1, buf, 16);
	put_u32le(v1 + 8, 1);
	memcpy(v1 + 16, buf + HEAD_LEN, len - HEAD_LEN);
	char *version = memmem(v1 + 16, hl, "\"version\":2", 11);
	CHECK(version != NULL, "version in the header");
	if (version)
		version[10] = '1';
	struct rec_reader *r;
	int rc = rec_reader_open_memory(v1, len - 4, "v1.rec", &r);
	CHECK(rc == ST_OK, "a version 1 file opens: %s", st_errmsg());
	if (rc == ST_OK) {
		size_t count;
		rc = read_all(r, &count);
		CHECK(rc == 0, "read v1: %s", st_errmsg());
		check_frames_back("version 1", count, N_STORED);
		CHECK(rec_reader_header(r)->rate_hz == 1000, "v1 rate %u", rec_reader_header(r)->rate_hz);
		rec_reader_close(r);
	}
	free(v1);
}

/* The plate going away mid-stream: no frame of it is stored, the next sample is a gap. */
static void test_gone_is_no_sample(const char *path)
{
	struct rec_header h;
	struct rec_writer *w;
	make_header(&h, NULL);
	struct plate_frame f[3] = { frames_in[0], { .seq = 77, .flags = PLATE_FRAME_GONE }, frames_in[1] };
	f[2].seq = 0; /* the plate back: a new stream */
	int rc = rec_writer_open(path, &h, &w);
	CHECK(rc == ST_OK, "open: %s", st_errmsg());
	if (rc != ST_OK)
		return;
	CHECK(rec_writer_write(w, f, 3) == ST_OK && rec_writer_close(w) == ST_OK, "write: %s", st_errmsg());
	struct rec_reader *r;
	size_t count = 0;
	rc = rec_reader_open(path, &r);
	if (rc == ST_OK) {
		rc = read_all(r, &count);
		rec_reader_close(r);
	}
	CHECK(rc == 0 && count == 2, "2 samples back of 3 frames: %zu (%s)", count, st_errmsg());
	CHECK(count == 2 && !(frames_out[0].flags & PLATE_FRAME_GONE) && !(frames_out[1].flags & PLATE_FRAME_GONE) &&
		      (frames_out[1].flags & PLATE_FRAME_GAP_BEFORE) && frames_out[1].seq == 0 &&
		      memcmp(frames_out[1].counts, frames_in[1].counts, sizeof frames_in[1].counts) == 0,
	      "no GONE frame stored; the sample after it is marked as after a gap");
	unlink(path);
}

static void test_block_damage(const uint8_t *buf, size_t len)
{
	size_t offs[MAX_BLOCKS];
	uint32_t counts[MAX_BLOCKS];
	find_blocks(buf, len, offs, counts);
	uint8_t *bad = malloc(len);

	memcpy(bad, buf, len);
	bad[offs[2] + 1] = 'X';
	expect_damage("bad block magic", bad, len, offs[2], "bad block magic", 1500);

	memcpy(bad, buf, len);
	bad[offs[1] + BLOCK_HEAD_LEN + 5] ^= 0x10;
	expect_damage("flipped payload byte", bad, len, offs[1], "block CRC mismatch", 1024);

	memcpy(bad, buf, len);
	bad[offs[0] + 12] ^= 0x01;
	expect_damage("flipped CRC byte", bad, len, offs[0], "block CRC mismatch", 0);

	memcpy(bad, buf, len);
	put_u32le(bad + offs[0] + 4, 0);
	expect_damage("frame_count 0", bad, len, offs[0] + 4, "block of 0 frames, expected 1..1024", 0);

	memcpy(bad, buf, len);
	put_u32le(bad + offs[1] + 4, 1025);
	expect_damage("frame_count 1025", bad, len, offs[1] + 4, "block of 1025 frames", 1024);

	memcpy(bad, buf, len);
	put_u32le(bad + offs[0] + 8, 1024 * 46 + 1);
	expect_damage("payload_len too large", bad, len, offs[0] + 8, "block payload of 47105 bytes, at most 47104",
		      0);

	/* Blocks with good CRCs in the wrong order: the frames' seq tells. The error is at
	 * the first frame that does not follow, before its block's samples are given. */
	size_t block1 = offs[2] - offs[1], block2 = offs[3] - offs[2];
	memcpy(bad, buf, offs[1]);
	memcpy(bad + offs[1], buf + offs[2], len - offs[2]);
	expect_damage("a block missing", bad, len - block1, offs[1] + BLOCK_HEAD_LEN, "a block is missing", 1024);

	memcpy(bad, buf, offs[2]);
	memcpy(bad + offs[2], buf + offs[1], block1);
	expect_damage("a block repeated", bad, offs[2] + block1, offs[2] + BLOCK_HEAD_LEN,
		      "seq 492 after seq 974 with 0 instants lost, 975 expected", 1500);

	memcpy(bad, buf, len);
	memcpy(bad + offs[1], buf + offs[2], block2);
	memcpy(bad + offs[1] + block2, buf + offs[1], block1);
	expect_damage("two blocks swapped", bad, len, offs[1] + BLOCK_HEAD_LEN, "repeated or out of order", 1024);

	expect_damage("cut in a block header", buf, offs[2] + 7, offs[2],
		      "recording cut short inside a block (1500 complete frames before it)", 1500);
	expect_damage("cut in a payload", buf, offs[3] + BLOCK_HEAD_LEN + 100, offs[3],
		      "recording cut short inside a block (2524 complete frames before it)", 2524);
	expect_damage("cut after a block magic", buf, offs[4] + 4, offs[4], "cut short inside a block", 3548);

	/* Cut at a block boundary: a shorter recording, no error. */
	struct rec_reader *r;
	int rc = rec_reader_open_memory(buf, offs[3], "cut.rec", &r);
	CHECK(rc == ST_OK, "open cut at a boundary: %s", st_errmsg());
	if (rc == ST_OK) {
		size_t count;
		rc = read_all(r, &count);
		CHECK(rc == 0, "cut at a boundary reads to a clean end: %s", st_errmsg());
		check_frames_back("cut at a boundary", count, 2524);
		rec_reader_close(r);
	}
	free(bad);
}

/* The valid file up to the end of its first block, then one crafted block (correct CRC)
 * of frame_count frames; damage in it must be found at payload byte at. */
static void expect_bad_payload(const char *label, const uint8_t *buf, size_t first_block_end, uint32_t frame_count,
			       const uint8_t *payload, size_t plen, size_t at, const char *what)
{
	size_t len = first_block_end + BLOCK_HEAD_LEN + plen;
	uint8_t *bad = malloc(len);
	memcpy(bad, buf, first_block_end);
	uint8_t *b = bad + first_block_end;
	memcpy(b, "BLK1", 4);
	put_u32le(b + 4, frame_count);
	put_u32le(b + 8, (uint32_t)plen);
	put_u32le(b + 12, (uint32_t)crc32(0L, payload, (uInt)plen));
	memcpy(b + BLOCK_HEAD_LEN, payload, plen);
	expect_damage(label, bad, len, first_block_end + BLOCK_HEAD_LEN + at, what, 1024);
	free(bad);
}

static void test_payload_damage(const uint8_t *buf, size_t len)
{
	size_t offs[MAX_BLOCKS];
	uint32_t counts[MAX_BLOCKS];
	find_blocks(buf, len, offs, counts);
	size_t end = offs[1];
	/* A good first frame: seq info (lost 0, seq 0, after a gap: the count started
	 * again), device_us 0, eight counts of 0. */
	static const uint8_t good[12] = { 0x82, 0, 0, 0 };

	static const uint8_t flags[12] = { 0x88, 0, 0, 0 };
	expect_bad_payload("unknown flag bit", buf, end, 1, flags, sizeof flags, 0,
			   "frame 0 of the block: unknown flag bits 0x08");

	static const uint8_t no_seq[12] = { 0x01, 0, 0, 0 };
	expect_bad_payload("first frame without seq", buf, end, 1, no_seq, sizeof no_seq, 0, "lacks its seq");

	static const uint8_t big_count[15] = { 0x80, 0, 0, 0, 0x80, 0x80, 0x80, 0x08 };
	expect_bad_payload("count 0x800000", buf, end, 1, big_count, sizeof big_count, 4,
			   "channel 0 count outside the 24-bit range");

	static const uint8_t overflow[21] = { 0x80, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F };
	expect_bad_payload("varint overflow", buf, end, 1, overflow, sizeof overflow, 3, "device_us: varint overflow");

	static const uint8_t big_us[16] = { 0x80, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x10 };
	expect_bad_payload("device_us over 32 bits", buf, end, 1, big_us, sizeof big_us, 3,
			   "device_us 4294967296 out of range");

	static const uint8_t overlong[13] = { 0x80, 0x80, 0x00, 0 };
	expect_bad_payload("overlong varint", buf, end, 1, overlong, sizeof overlong, 1,
			   "lost_before: varint not in its shortest form");

	static const uint8_t big_seq[14] = { 0x80, 0, 0x80, 0x80, 0x04, 0 };
	expect_bad_payload("seq 65536", buf, end, 1, big_seq, sizeof big_seq, 2, "seq 65536 out of range");

	uint8_t leftover[13];
	memcpy(leftover, good, sizeof good);
	leftover[12] = 0;
	expect_bad_payload("bytes left over", buf, end, 1, leftover, sizeof leftover, 12,
			   "payload_len 13, but the frames end after 12 bytes");

	expect_bad_payload("payload short of its frames", buf, end, 2, good, sizeof good, 12,
			   "frame 1 of the block: payload ends inside the frame");

	/* Second frame's step change of 2^31 from a step of 0 does not fit the clock. */
	uint8_t step[26] = { 0x82, 0, 0, 0 };
	memcpy(step + 12, (const uint8_t[]){ 0x00, 0x80, 0x80, 0x80, 0x80, 0x10 }, 6);
	expect_bad_payload("device_us step", buf, end, 2, step, sizeof step, 13, "device_us step outside 32 bits");

	/* Second frame's count change taking channel 2 past full scale. */
	uint8_t count_step[25] = { 0x82, 0, 0, 0 };
	memcpy(count_step + 12, (const uint8_t[]){ 0x00, 0x02, 0, 0, 0x80, 0x80, 0x80, 0x08 }, 8);
	expect_bad_payload("count step", buf, end, 2, count_step, sizeof count_step, 16,
			   "channel 2 count outside the 24-bit range");
}

/* The same through a file: a recording cut inside its fourth block's payload. */
static void test_cut_file(const char *path, const uint8_t *buf, size_t len)
{
	size_t offs[MAX_BLOCKS];
	uint32_t counts[MAX_BLOCKS];
	find_blocks(buf, len, offs, counts);
	FILE *f = fopen(path, "wb");
	CHECK(f && fwrite(buf, 1, offs[3] + 40, f) == offs[3] + 40 && fclose(f) == 0, "write %s", path);
	struct rec_reader *r;
	int rc = rec_reader_open(path, &r);
	CHECK(rc == ST_OK, "open cut file: %s", st_errmsg());
	if (rc != ST_OK)
		return;
	size_t count;
	rc = read_all(r, &count);
	rec_reader_close(r);
	char expected[600];
	snprintf(expected, sizeof expected,
		 "%s: byte %zu: recording cut short inside a block (2524 complete frames before it)", path, offs[3]);
	CHECK(rc == ST_ERR_DATA && strcmp(st_errmsg(), expected) == 0, "cut file: rc %d, '%s'", rc, st_errmsg());
	check_frames_back("cut file", count, 2524);
	unlink(path);
}

static void test_writer_refusals(const char *path)
{
	struct rec_header h;
	struct rec_writer *w;
	make_header(&h, NULL);
	unlink(path);

	h.rate_hz = 50;
	CHECK(rec_writer_open(path, &h, &w) == ST_ERR_ARG, "rate 50 Hz refused: %s", st_errmsg());
	CHECK(access(path, F_OK) != 0, "nothing created for a refused header");
	h.rate_hz = 1000;
	h.calibration_json = (char[]){ "{not json" };
	CHECK(rec_writer_open(path, &h, &w) == ST_ERR_ARG, "calibration not JSON refused: %s", st_errmsg());
	h.calibration_json = (char[]){ "[1,2]" };
	CHECK(rec_writer_open(path, &h, &w) == ST_ERR_ARG, "calibration not an object refused: %s", st_errmsg());
	h.calibration_json = NULL;
	h.info.channel_count = 4;
	CHECK(rec_writer_open(path, &h, &w) == ST_ERR_ARG, "4 channels refused: %s", st_errmsg());
	h.info.channel_count = PLATE_CHANNELS;
	CHECK(rec_writer_open("/nonexistent-dir/x.rec", &h, &w) == ST_ERR_NOT_FOUND, "no such directory: %s",
	      st_errmsg());

	if (access("/dev/full", W_OK) == 0) {
		int rc = rec_writer_open("/dev/full", &h, &w);
		CHECK(rc == ST_ERR_IO && strstr(st_errmsg(), "/dev/full: write failed: ") == st_errmsg(),
		      "write error: rc %d, '%s'", rc, st_errmsg());
	}

	int rc = rec_writer_open(path, &h, &w);
	CHECK(rc == ST_OK, "open: %s", st_errmsg());
	if (rc != ST_OK)
		return;
	struct plate_frame f[3] = { frames_in[0], frames_in[1], frames_in[2] };
	CHECK(rec_writer_write(w, f, 2) == ST_OK, "two good frames: %s", st_errmsg());
	f[1].counts[5] = PLATE_ADC_MAX + 1;
	CHECK(rec_writer_write(w, f, 2) == ST_ERR_ARG, "count over full scale refused");
	CHECK(strstr(st_errmsg(), "frame 1: channel 5 count 8388608 outside the 24-bit range") != NULL, "message: %s",
	      st_errmsg());
	f[1].counts[5] = PLATE_ADC_MIN - 1;
	CHECK(rec_writer_write(w, f, 2) == ST_ERR_ARG, "count under full scale refused");
	f[1] = frames_in[1];
	f[1].flags = 0x08;
	CHECK(rec_writer_write(w, f, 2) == ST_ERR_ARG, "unknown flag refused");
	CHECK(rec_writer_write(w, &frames_in[2], 1) == ST_OK, "a good frame after refusals: %s", st_errmsg());
	CHECK(rec_writer_close(w) == ST_OK, "close: %s", st_errmsg());

	struct rec_reader *r;
	rc = rec_reader_open(path, &r);
	CHECK(rc == ST_OK, "reopen: %s", st_errmsg());
	if (rc == ST_OK) {
		size_t count;
		rc = read_all(r, &count);
		CHECK(rc == 0, "read: %s", st_errmsg());
		check_frames_back("after refusals", count, 3);
		rec_reader_close(r);
	}
	unlink(path);
}

static void test_empty_and_missing(const char *path)
{
	struct rec_header h;
	struct rec_writer *w;
	struct rec_reader *r;
	make_header(&h, NULL);
	int rc = rec_writer_open(path, &h, &w);
	CHECK(rc == ST_OK, "open: %s", st_errmsg());
	if (rc == ST_OK)
		CHECK(rec_writer_close(w) == ST_OK, "close: %s", st_errmsg());
	rc = rec_reader_open(path, &r);
	CHECK(rc == ST_OK, "open an empty recording: %s", st_errmsg());
	if (rc == ST_OK) {
		CHECK(rec_reader_read(r, frames_out, 10) == 0, "an empty recording has no frames");
		CHECK(rec_reader_header(r)->calibration_json == NULL, "no calibration");
		rec_reader_close(r);
	}
	unlink(path);
	rc = rec_reader_open(path, &r);
	CHECK(rc == ST_ERR_NOT_FOUND, "missing file: rc %d (%s)", rc, st_errmsg());
	CHECK(strstr(st_errmsg(), path) != NULL && strstr(st_errmsg(), strerror(ENOENT)) != NULL,
	      "message names the file and the reason: %s", st_errmsg());
}

int main(void)
{
	char path[512], path_cal[512], path_misc[512];
	temp_path(path, sizeof path, "plain");
	temp_path(path_cal, sizeof path_cal, "cal");
	temp_path(path_misc, sizeof path_misc, "misc");
	make_frames(frames_in, N_FRAMES);

	test_round_trip(path, NULL);
	test_round_trip(path_cal, cal_json);

	size_t len;
	uint8_t *buf = slurp(path_cal, &len);
	CHECK(buf != NULL, "slurp %s", path_cal);
	if (buf) {
		test_file_header_damage(buf, len);
		test_every_header_byte(buf, len);
		test_version_1(buf, len);
		test_header_damage(buf, len);
		test_block_damage(buf, len);
		test_payload_damage(buf, len);
		test_cut_file(path_misc, buf, len);
		free(buf);
	}
	test_writer_refusals(path_misc);
	test_empty_and_missing(path_misc);
	test_gone_is_no_sample(path_misc);

	unlink(path);
	unlink(path_cal);
	return check_summary();
}
