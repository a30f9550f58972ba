/* test_usb_protocol.c: the USB plate's wire format on byte arrays: CRC, info and status
 * blocks, the record parser (reassembly across transfers, bad sync and CRC dropped and
 * counted, resynchronisation, seq gaps, saturation, sign extension) and the frame ring.
 * Records come from spec_records.c (written from the spec apart from the driver), and
 * the parser and that encoder are both checked against records typed in by hand. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "protocol.h"
#include "ring.h"
#include "spec_records.h"

#define MAX_RECORDS 4096

struct stream {
	uint8_t bytes[MAX_RECORDS * USB_RECORD_SIZE + 4096];
	size_t len;
};

static void make_frame(uint16_t seq, struct plate_frame *f)
{
	memset(f, 0, sizeof *f);
	f->seq = seq;
	f->device_us = 1000u * seq + 7;
	for (int c = 0; c < PLATE_CHANNELS; c++)
		f->counts[c] = (c % 2 ? -1 : 1) * (int32_t)(seq * 97 + c * 1000);
}

static void encode(const struct plate_frame *f, uint8_t rflags, uint8_t *rec)
{
	spec_record(f->seq, f->device_us, rflags, f->counts, rec);
}

static void append_record(struct stream *s, uint16_t seq, uint8_t rflags)
{
	struct plate_frame f;
	make_frame(seq, &f);
	encode(&f, rflags, s->bytes + s->len);
	s->len += USB_RECORD_SIZE;
}

static void append_bytes(struct stream *s, const void *p, size_t n)
{
	memcpy(s->bytes + s->len, p, n);
	s->len += n;
}

/* Feeds the stream in chunks of the given sizes (cycled), as transfers would come. */
static size_t parse_in_chunks(struct usb_parser *ps, const struct stream *s, const size_t *chunks, size_t n_chunks,
			      struct plate_frame *out, size_t max)
{
	size_t pos = 0, n = 0;
	for (size_t k = 0; pos < s->len; k++) {
		size_t len = chunks[k % n_chunks];
		if (len > s->len - pos)
			len = s->len - pos;
		size_t used;
		n += usb_parser_feed(ps, s->bytes + pos, len, 0, out + n, max - n, &used);
		CHECK(used == len, "chunk consumed whole: %zu of %zu", used, len);
		pos += len;
	}
	return n;
}

static void test_crc(void)
{
	CHECK(usb_crc16((const uint8_t *)"123456789", 9) == 0x29B1, "check value: 0x%04X",
	      usb_crc16((const uint8_t *)"123456789", 9));
	CHECK(usb_crc16(NULL, 0) == 0xFFFF, "empty input gives the init value");
	CHECK(spec_crc16((const uint8_t *)"123456789", 9) == 0x29B1, "the tests' own CRC: check value 0x%04X",
	      spec_crc16((const uint8_t *)"123456789", 9));
}

/* Three records typed in from plate-protocol.md's table, field by field (little-endian;
 * the CRC bytes computed apart from both the driver and spec_records.c), with what each
 * says: seq 0x1234 then 0x1235 then 0x1239 (three instants lost), full scale on two
 * channels of the second, the device's "dropped before" flag on the third. */
static const uint8_t hand_records[3][USB_RECORD_SIZE] = {
	{ 0xA5, 0x00, 0x34, 0x12, 0xEF, 0xCD, 0xAB, 0x89, /* sync, flags, seq, t_us */
	  0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, /* 0, 1 */
	  0xFF, 0xFF, 0xFF, 0xFF, 0x56, 0x34, 0x12, 0x00, /* -1, 0x123456 */
	  0xAA, 0xCB, 0xED, 0xFF, 0xFE, 0xFF, 0x7F, 0x00, /* -0x123456, 0x7FFFFE */
	  0x01, 0x00, 0x80, 0xFF, 0xE8, 0x03, 0x00, 0x00, /* -0x7FFFFF, 1000 */
	  0x7F, 0x89 },                                   /* CRC 0x897F */
	{ 0xA5, 0x01, 0x35, 0x12, 0xC7, 0xD3, 0xAB, 0x89,
	  0x38, 0xFF, 0xFF, 0xFF, 0x2C, 0x01, 0x00, 0x00, /* -200, 300 */
	  0x00, 0x00, 0x80, 0xFF, 0x00, 0x10, 0x00, 0x00, /* -0x800000 (full scale), 4096 */
	  0x00, 0xF0, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x00, /* -4096, 0x7FFFFF (full scale) */
	  0x0C, 0x00, 0x00, 0x00, 0xF4, 0xFF, 0xFF, 0xFF, /* 12, -12 */
	  0x2D, 0x8B },
	{ 0xA5, 0x02, 0x39, 0x12, 0x37, 0xEB, 0xAB, 0x89,
	  0x0C, 0x0B, 0x0A, 0x00, 0xF4, 0xF4, 0xF5, 0xFF, /* 0x0A0B0C, -0x0A0B0C */
	  0x05, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00,
	  0x07, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00,
	  0x09, 0x00, 0x00, 0x00, 0x0A, 0x00, 0x00, 0x00,
	  0x2A, 0x90 },
};
static const uint16_t hand_seq[3] = { 0x1234, 0x1235, 0x1239 };
static const uint32_t hand_t_us[3] = { 0x89ABCDEF, 0x89ABD3C7, 0x89ABEB37 };
static const uint8_t hand_flags[3] = { 0x00, 0x01, 0x02 };
static const int32_t hand_counts[3][PLATE_CHANNELS] = {
	{ 0, 1, -1, 0x123456, -0x123456, 0x7FFFFE, -0x7FFFFF, 1000 },
	{ -200, 300, -0x800000, 4096, -4096, 0x7FFFFF, 12, -12 },
	{ 0x0A0B0C, -0x0A0B0C, 5, 6, 7, 8, 9, 10 },
};

static void test_hand_written_records(void)
{
	for (int r = 0; r < 3; r++) {
		const uint8_t *rec = hand_records[r];
		uint16_t crc = (uint16_t)(rec[40] | rec[41] << 8);
		CHECK(usb_crc16(rec, 40) == crc, "record %d: driver CRC 0x%04X, typed 0x%04X", r, usb_crc16(rec, 40), crc);
		CHECK(spec_crc16(rec, 40) == crc, "record %d: tests' CRC 0x%04X, typed 0x%04X", r, spec_crc16(rec, 40),
		      crc);
		uint8_t made[USB_RECORD_SIZE];
		spec_record(hand_seq[r], hand_t_us[r], hand_flags[r], hand_counts[r], made);
		CHECK(memcmp(made, rec, USB_RECORD_SIZE) == 0, "record %d: the tests' encoder writes the typed bytes", r);
	}
	/* the three as one stream, cut inside the first record's counts and the second's CRC */
	struct usb_parser ps;
	usb_parser_init(&ps);
	ps.have_seq = true; /* as if 0x1233 came before, so only the jump to 0x1239 is a gap */
	ps.next_seq = 0x1234;
	const uint8_t *bytes = hand_records[0];
	size_t cuts[] = { 0, 13, 83, sizeof hand_records };
	struct plate_frame got[3];
	size_t n = 0;
	for (int k = 0; k + 1 < 4; k++) {
		size_t used;
		n += usb_parser_feed(&ps, bytes + cuts[k], cuts[k + 1] - cuts[k], 77, got + n, 3 - n, &used);
		CHECK(used == cuts[k + 1] - cuts[k], "piece %d consumed whole", k);
	}
	REQUIRE(n == 3, "3 frames from the typed records, got %zu (CRC errors %llu, bad sync %llu)", n,
		(unsigned long long)ps.stats.bad_crc, (unsigned long long)ps.stats.bad_sync);
	for (int r = 0; r < 3; r++) {
		CHECK(got[r].seq == hand_seq[r] && got[r].device_us == hand_t_us[r] && got[r].host_ns == 77,
		      "record %d: seq 0x%04X, t_us 0x%08X", r, got[r].seq, got[r].device_us);
		CHECK(memcmp(got[r].counts, hand_counts[r], sizeof got[r].counts) == 0, "record %d: the typed counts", r);
	}
	CHECK(got[0].flags == 0 && got[0].lost_before == 0, "record 0: nothing to mark (flags %u)", got[0].flags);
	CHECK(got[1].flags == PLATE_FRAME_SATURATED && got[1].lost_before == 0, "record 1: saturated (flags %u)",
	      got[1].flags);
	CHECK(got[2].flags == PLATE_FRAME_GAP_BEFORE && got[2].lost_before == 3,
	      "record 2: three instants lost before it (flags %u, lost %u)", got[2].flags, got[2].lost_before);
	CHECK(ps.stats.records == 3 && ps.stats.saturated == 1 && ps.stats.gaps == 1 && ps.stats.lost == 3 &&
	      ps.stats.device_dropped == 1 && ps.stats.bad_crc == 0 && ps.stats.not_24bit == 0,
	      "counters: %llu records, %llu saturated, %llu gaps, %llu lost, %llu dropped by the device",
	      (unsigned long long)ps.stats.records, (unsigned long long)ps.stats.saturated,
	      (unsigned long long)ps.stats.gaps, (unsigned long long)ps.stats.lost,
	      (unsigned long long)ps.stats.device_dropped);

	/* one bit flipped in a count of the middle record: it is dropped and counted, and
	 * its instant shows as lost */
	uint8_t stream_bytes[sizeof hand_records];
	memcpy(stream_bytes, hand_records, sizeof stream_bytes);
	stream_bytes[USB_RECORD_SIZE + 20] ^= 0x01;
	usb_parser_init(&ps);
	ps.have_seq = true;
	ps.next_seq = 0x1234;
	size_t used;
	n = usb_parser_feed(&ps, stream_bytes, sizeof stream_bytes, 0, got, 3, &used);
	REQUIRE(n == 2, "a flipped bit: %zu frames", n);
	CHECK(ps.stats.bad_crc == 1 && got[0].seq == 0x1234 && got[1].seq == 0x1239 && got[1].lost_before == 4,
	      "the bad record dropped and counted (%llu CRC errors), seq 0x%04X then 0x%04X, %u lost",
	      (unsigned long long)ps.stats.bad_crc, got[0].seq, got[1].seq, got[1].lost_before);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void make_info(uint8_t b[USB_INFO_SIZE])
{
	memset(b, 0, USB_INFO_SIZE);
	put16(b, 1);
	b[2] = 8;
	b[3] = 24;
	put16(b + 4, 1000);
	put16(b + 6, 100);
	put16(b + 8, 2000);
	for (int c = 0; c < 8; c++) {
		put16(b + 12 + 2 * c, (uint16_t)(int16_t)(c % 2 ? 80 : -80));
		put16(b + 28 + 2 * c, (uint16_t)(int16_t)(c % 4 < 2 ? 150 : -150));
	}
	put16(b + 44, 220);
	put16(b + 46, 400);
	b[48] = 0x00; /* 4000000 = 0x003D0900 */
	b[49] = 0x09;
	b[50] = 0x3D;
	b[51] = 0x00;
}

static void test_info(void)
{
	uint8_t b[USB_INFO_SIZE];
	struct plate_info info;
	memset(&info, 0, sizeof info);
	make_info(b);
	CHECK(usb_info_parse(b, sizeof b, &info) == ST_OK, "good block: %s", st_errmsg());
	CHECK(info.protocol_version == 1 && info.channel_count == 8 && info.adc_bits == 24, "protocol fields");
	CHECK(info.default_rate_hz == 1000 && info.min_rate_hz == 100 && info.max_rate_hz == 2000, "rates");
	CHECK(info.cell_x_mm[0] == -80 && info.cell_x_mm[1] == 80 && info.cell_y_mm[0] == 150 &&
		      info.cell_y_mm[3] == -150,
	      "signed cell positions: %d %d %d %d", info.cell_x_mm[0], info.cell_x_mm[1], info.cell_y_mm[0],
	      info.cell_y_mm[3]);
	CHECK(info.plate_width_mm == 220 && info.plate_length_mm == 400, "plate size");
	CHECK(info.counts_per_newton_x1000 == 4000000, "nominal gain: %d", info.counts_per_newton_x1000);

	CHECK(usb_info_parse(b, 63, &info) == ST_ERR_PROTOCOL && strstr(st_errmsg(), "63 bytes"), "short: %s",
	      st_errmsg());
	put16(b, 2);
	CHECK(usb_info_parse(b, sizeof b, &info) == ST_ERR_PROTOCOL && strstr(st_errmsg(), "protocol version 2"),
	      "version 2 refused: %s", st_errmsg());
	make_info(b);
	b[2] = 4;
	CHECK(usb_info_parse(b, sizeof b, &info) == ST_ERR_PROTOCOL && strstr(st_errmsg(), "4 channels"),
	      "4 channels refused: %s", st_errmsg());
	make_info(b);
	b[3] = 16;
	CHECK(usb_info_parse(b, sizeof b, &info) == ST_ERR_PROTOCOL, "16-bit ADC refused");
	make_info(b);
	put16(b + 6, 3000);
	CHECK(usb_info_parse(b, sizeof b, &info) == ST_ERR_PROTOCOL && strstr(st_errmsg(), "3000-2000"),
	      "empty rate range refused: %s", st_errmsg());
}

static void test_status(void)
{
	const uint8_t b[8] = { 0x10, 0x27, 0, 0, 0x03, 0, 0, 0 };
	struct usb_status st;
	CHECK(usb_status_parse(b, 8, &st) == ST_OK, "status parses");
	CHECK(st.samples_dropped == 10000 && st.streaming && st.overloaded, "fields: %u", st.samples_dropped);
	CHECK(usb_status_parse(b, 7, &st) == ST_ERR_PROTOCOL, "7 bytes refused");
}

static struct stream stream_buf;
static struct plate_frame frames[MAX_RECORDS + 16];

static void test_split_everywhere(void)
{
	struct stream *s = &stream_buf;
	s->len = 0;
	for (uint16_t i = 0; i < 300; i++)
		append_record(s, i, 0);
	/* every chunk size from 1 byte up to several records */
	for (size_t chunk = 1; chunk <= 3 * USB_RECORD_SIZE + 1; chunk++) {
		struct usb_parser ps;
		usb_parser_init(&ps);
		size_t n = parse_in_chunks(&ps, s, &chunk, 1, frames, MAX_RECORDS);
		bool ok = n == 300;
		for (size_t i = 0; ok && i < n; i++) {
			struct plate_frame want;
			make_frame((uint16_t)i, &want);
			ok = frames[i].seq == i && frames[i].device_us == want.device_us &&
			     memcmp(frames[i].counts, want.counts, sizeof want.counts) == 0 && frames[i].flags == 0 &&
			     frames[i].lost_before == 0;
		}
		CHECK(ok, "chunks of %zu bytes: %zu records, all exact", chunk, n);
		CHECK(ps.stats.records == 300 && ps.stats.bytes_skipped == 0 && ps.stats.bad_crc == 0 &&
			      ps.stats.gaps == 0,
		      "chunks of %zu: clean counters", chunk);
	}
}

static void test_bad_crc_and_garbage(void)
{
	struct stream *s = &stream_buf;
	s->len = 0;
	for (uint16_t i = 0; i < 10; i++)
		append_record(s, i, 0);
	append_record(s, 10, 0);
	s->bytes[s->len - 5] ^= 0x40; /* record 10: a bit flipped in the counts */
	for (uint16_t i = 11; i < 20; i++)
		append_record(s, i, 0);
	/* garbage full of sync bytes between 19 and 20 */
	const uint8_t junk[] = { 0x00, 0xA5, 0xA5, 0x13, 0xA5, 0x37, 0xA5 };
	append_bytes(s, junk, sizeof junk);
	for (uint16_t i = 20; i < 30; i++)
		append_record(s, i, 0);
	/* a record cut short (the device lost its tail), then 30.. */
	size_t cut_at = s->len;
	append_record(s, 30, 0);
	s->len = cut_at + 17;
	for (uint16_t i = 31; i < 40; i++)
		append_record(s, i, 0);

	const size_t chunks[] = { 64, 1, 100, 41, 43, 512, 7 };
	struct usb_parser ps;
	usb_parser_init(&ps);
	size_t n = parse_in_chunks(&ps, s, chunks, sizeof chunks / sizeof chunks[0], frames, MAX_RECORDS);
	CHECK(n == 38, "38 good records of 40: %zu", n);
	CHECK(ps.stats.bad_crc == 2, "the flipped bit and the cut record counted as CRC errors: %llu",
	      (unsigned long long)ps.stats.bad_crc);
	CHECK(ps.stats.bad_sync == 1, "the garbage counted as one bad-sync record: %llu",
	      (unsigned long long)ps.stats.bad_sync);
	CHECK(ps.stats.gaps == 2 && ps.stats.lost == 2, "two gaps of one: %llu %llu",
	      (unsigned long long)ps.stats.gaps, (unsigned long long)ps.stats.lost);
	CHECK(ps.stats.bytes_skipped == USB_RECORD_SIZE + sizeof junk + 17, "bytes skipped: %llu",
	      (unsigned long long)ps.stats.bytes_skipped);
	CHECK(ps.stats.resyncs == 3, "resynchronised three times: %llu", (unsigned long long)ps.stats.resyncs);
	size_t i10 = 10, i30 = 29;
	CHECK(frames[i10].seq == 11 && frames[i10].lost_before == 1 && (frames[i10].flags & PLATE_FRAME_GAP_BEFORE),
	      "the record after the CRC error carries the gap");
	CHECK(frames[19].seq == 20 && frames[19].lost_before == 0, "garbage lost no record");
	CHECK(frames[i30].seq == 31 && frames[i30].lost_before == 1, "the cut record is a gap");
}

static void test_seq_gaps_and_wrap(void)
{
	struct stream *s = &stream_buf;
	s->len = 0;
	append_record(s, 3, 0);      /* first record after START has seq 3: 3 lost */
	append_record(s, 4, 0);
	append_record(s, 10, USB_RECORD_DROPPED);
	append_record(s, 65535, 0);
	append_record(s, 0, 0);      /* wrap: no gap */
	append_record(s, 1, USB_RECORD_DROPPED); /* flagged without a jump: marked, nothing lost */
	struct usb_parser ps;
	usb_parser_init(&ps);
	size_t used, n = usb_parser_feed(&ps, s->bytes, s->len, 42, frames, MAX_RECORDS, &used);
	CHECK(n == 6 && used == s->len, "all parsed");
	CHECK(frames[0].lost_before == 3 && (frames[0].flags & PLATE_FRAME_GAP_BEFORE), "first seq 3: 3 lost");
	CHECK(frames[1].lost_before == 0 && frames[1].flags == 0, "4 follows 3");
	CHECK(frames[2].lost_before == 5 && (frames[2].flags & PLATE_FRAME_GAP_BEFORE), "4 to 10: 5 lost");
	CHECK(frames[3].lost_before == 65524, "10 to 65535: %u lost", frames[3].lost_before);
	CHECK(frames[4].lost_before == 0 && frames[4].flags == 0, "65535 to 0 wraps");
	CHECK(frames[5].lost_before == 0 && frames[5].flags == PLATE_FRAME_GAP_BEFORE, "device drop flag kept");
	CHECK(ps.stats.gaps == 3 && ps.stats.lost == 3 + 5 + 65524 && ps.stats.device_dropped == 2,
	      "gap counters");
	CHECK(frames[0].host_ns == 42, "host time stamped");
	usb_parser_init(&ps);
	n = usb_parser_feed(&ps, s->bytes + USB_RECORD_SIZE, USB_RECORD_SIZE, 0, frames, 1, &used);
	CHECK(n == 1 && frames[0].seq == 4 && frames[0].lost_before == 4, "a restart expects seq 0 again");
}

static void test_saturation_and_sign(void)
{
	struct stream *s = &stream_buf;
	struct plate_frame f;
	s->len = 0;
	make_frame(0, &f);
	f.counts[3] = PLATE_ADC_MAX;
	encode(&f, 0, s->bytes);
	make_frame(1, &f);
	f.counts[6] = PLATE_ADC_MIN;
	encode(&f, 0, s->bytes + 42);
	make_frame(2, &f);
	encode(&f, USB_RECORD_SATURATED, s->bytes + 84);
	make_frame(3, &f);
	f.counts[0] = -5;
	f.counts[1] = 0x00FFFFFF; /* -1 in 24 bits, not sign-extended by the device */
	f.counts[2] = 0x7FFFFE;
	encode(&f, 0, s->bytes + 126);
	s->len = 168;
	struct usb_parser ps;
	usb_parser_init(&ps);
	size_t used, n = usb_parser_feed(&ps, s->bytes, s->len, 0, frames, MAX_RECORDS, &used);
	CHECK(n == 4, "4 records");
	CHECK(frames[0].flags == PLATE_FRAME_SATURATED, "+full scale count marks saturation");
	CHECK(frames[1].flags == PLATE_FRAME_SATURATED && frames[1].counts[6] == PLATE_ADC_MIN,
	      "-full scale count marks saturation");
	CHECK(frames[2].flags == PLATE_FRAME_SATURATED, "flag bit 0 marks saturation");
	CHECK(frames[3].flags == 0, "no saturation");
	CHECK(frames[3].counts[0] == -5 && frames[3].counts[1] == -1 && frames[3].counts[2] == 0x7FFFFE,
	      "sign extension: %d %d %d", frames[3].counts[0], frames[3].counts[1], frames[3].counts[2]);
	CHECK(ps.stats.saturated == 3 && ps.stats.not_24bit == 1, "saturation and 24-bit counters");
}

static void test_output_limit(void)
{
	struct stream *s = &stream_buf;
	s->len = 0;
	for (uint16_t i = 0; i < 10; i++)
		append_record(s, i, 0);
	struct usb_parser ps;
	usb_parser_init(&ps);
	size_t used, pos = 0, n = 0;
	while (pos < s->len) {
		size_t got = usb_parser_feed(&ps, s->bytes + pos, s->len - pos, 0, frames + n, 3, &used);
		CHECK(got <= 3, "never more than asked");
		n += got;
		pos += used;
	}
	CHECK(n == 10 && ps.stats.gaps == 0, "fed again after a full output: %zu", n);
}

static void test_garbage_only(void)
{
	uint8_t junk[1000];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (uint8_t)(i * 7 % 5 == 0 ? 0xA5 : i);
	struct usb_parser ps;
	usb_parser_init(&ps);
	size_t used, n = usb_parser_feed(&ps, junk, sizeof junk, 0, frames, MAX_RECORDS, &used);
	CHECK(n == 0 && used == sizeof junk, "noise gives nothing");
	CHECK(ps.stats.bad_sync == 0 && ps.stats.bad_crc == 0, "no record was due, none counted");
	CHECK(ps.stats.bytes_skipped + ps.have == sizeof junk, "every byte skipped or held: %llu + %zu",
	      (unsigned long long)ps.stats.bytes_skipped, ps.have);
}

static struct usb_ring ring;

static void test_ring_overrun(void)
{
	struct plate_frame f[100];
	for (int i = 0; i < 100; i++)
		make_frame((uint16_t)i, &f[i]);
	usb_ring_reset(&ring);
	size_t pushed = 0;
	while (pushed + 100 <= USB_RING_FRAMES)
		pushed += usb_ring_push(&ring, f, 100);
	size_t fit = usb_ring_push(&ring, f, 100);
	CHECK(fit == USB_RING_FRAMES - pushed, "fills the ring: %zu", fit);
	f[0].lost_before = 4;
	CHECK(usb_ring_push(&ring, f, 10) == 0, "full: nothing fits");
	CHECK(atomic_load(&ring.overruns) == 100 - fit + 10, "overruns counted");
	const struct plate_frame *got;
	size_t total = 0, n;
	while ((n = usb_ring_peek(&ring, &got)) > 0) {
		total += n;
		usb_ring_release(&ring, n);
	}
	CHECK(total == USB_RING_FRAMES, "drained: %zu", total);
	f[0].lost_before = 0;
	CHECK(usb_ring_push(&ring, f, 1) == 1, "room again");
	n = usb_ring_peek(&ring, &got);
	CHECK(n == 1 && (got->flags & PLATE_FRAME_GAP_BEFORE) && got->lost_before == 100 - fit + 10 + 4,
	      "the next frame carries the overrun as a gap: %u", got->lost_before);
}

int main(void)
{
	test_crc();
	test_hand_written_records();
	test_info();
	test_status();
	test_split_everywhere();
	test_bad_crc_and_garbage();
	test_seq_gaps_and_wrap();
	test_saturation_and_sign();
	test_output_limit();
	test_garbage_only();
	test_ring_overrun();
	return check_summary();
}
