#include "protocol.h"

#include <string.h>

static uint16_t get_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* CRC-16 table for poly 0x1021, one byte at a time (entry b: the CRC register after
 * shifting b << 8 through eight steps). */
static const uint16_t crc_table[256] = {
	0x0000, 0x1021, 0x2042, 0x3063, 0x4084, 0x50A5, 0x60C6, 0x70E7,
	0x8108, 0x9129, 0xA14A, 0xB16B, 0xC18C, 0xD1AD, 0xE1CE, 0xF1EF,
	0x1231, 0x0210, 0x3273, 0x2252, 0x52B5, 0x4294, 0x72F7, 0x62D6,
	0x9339, 0x8318, 0xB37B, 0xA35A, 0xD3BD, 0xC39C, 0xF3FF, 0xE3DE,
	0x2462, 0x3443, 0x0420, 0x1401, 0x64E6, 0x74C7, 0x44A4, 0x5485,
	0xA56A, 0xB54B, 0x8528, 0x9509, 0xE5EE, 0xF5CF, 0xC5AC, 0xD58D,
	0x3653, 0x2672, 0x1611, 0x0630, 0x76D7, 0x66F6, 0x5695, 0x46B4,
	0xB75B, 0xA77A, 0x9719, 0x8738, 0xF7DF, 0xE7FE, 0xD79D, 0xC7BC,
	0x48C4, 0x58E5, 0x6886, 0x78A7, 0x0840, 0x1861, 0x2802, 0x3823,
	0xC9CC, 0xD9ED, 0xE98E, 0xF9AF, 0x8948, 0x9969, 0xA90A, 0xB92B,
	0x5AF5, 0x4AD4, 0x7AB7, 0x6A96, 0x1A71, 0x0A50, 0x3A33, 0x2A12,
	0xDBFD, 0xCBDC, 0xFBBF, 0xEB9E, 0x9B79, 0x8B58, 0xBB3B, 0xAB1A,
	0x6CA6, 0x7C87, 0x4CE4, 0x5CC5, 0x2C22, 0x3C03, 0x0C60, 0x1C41,
	0xEDAE, 0xFD8F, 0xCDEC, 0xDDCD, 0xAD2A, 0xBD0B, 0x8D68, 0x9D49,
	0x7E97, 0x6EB6, 0x5ED5, 0x4EF4, 0x3E13, 0x2E32, 0x1E51, 0x0E70,
	0xFF9F, 0xEFBE, 0xDFDD, 0xCFFC, 0xBF1B, 0xAF3A, 0x9F59, 0x8F78,
	0x9188, 0x81A9, 0xB1CA, 0xA1EB, 0xD10C, 0xC12D, 0xF14E, 0xE16F,
	0x1080, 0x00A1, 0x30C2, 0x20E3, 0x5004, 0x4025, 0x7046, 0x6067,
	0x83B9, 0x9398, 0xA3FB, 0xB3DA, 0xC33D, 0xD31C, 0xE37F, 0xF35E,
	0x02B1, 0x1290, 0x22F3, 0x32D2, 0x4235, 0x5214, 0x6277, 0x7256,
	0xB5EA, 0xA5CB, 0x95A8, 0x8589, 0xF56E, 0xE54F, 0xD52C, 0xC50D,
	0x34E2, 0x24C3, 0x14A0, 0x0481, 0x7466, 0x6447, 0x5424, 0x4405,
	0xA7DB, 0xB7FA, 0x8799, 0x97B8, 0xE75F, 0xF77E, 0xC71D, 0xD73C,
	0x26D3, 0x36F2, 0x0691, 0x16B0, 0x6657, 0x7676, 0x4615, 0x5634,
	0xD94C, 0xC96D, 0xF90E, 0xE92F, 0x99C8, 0x89E9, 0xB98A, 0xA9AB,
	0x5844, 0x4865, 0x7806, 0x6827, 0x18C0, 0x08E1, 0x3882, 0x28A3,
	0xCB7D, 0xDB5C, 0xEB3F, 0xFB1E, 0x8BF9, 0x9BD8, 0xABBB, 0xBB9A,
	0x4A75, 0x5A54, 0x6A37, 0x7A16, 0x0AF1, 0x1AD0, 0x2AB3, 0x3A92,
	0xFD2E, 0xED0F, 0xDD6C, 0xCD4D, 0xBDAA, 0xAD8B, 0x9DE8, 0x8DC9,
	0x7C26, 0x6C07, 0x5C64, 0x4C45, 0x3CA2, 0x2C83, 0x1CE0, 0x0CC1,
	0xEF1F, 0xFF3E, 0xCF5D, 0xDF7C, 0xAF9B, 0xBFBA, 0x8FD9, 0x9FF8,
	0x6E17, 0x7E36, 0x4E55, 0x5E74, 0x2E93, 0x3EB2, 0x0ED1, 0x1EF0,
};

uint16_t usb_crc16(const uint8_t *data, size_t len)
{
	uint16_t crc = 0xFFFF;
	for (size_t i = 0; i < len; i++)
		crc = (uint16_t)(crc << 8) ^ crc_table[(crc >> 8) ^ data[i]];
	return crc;
}

int usb_info_parse(const uint8_t *buf, size_t len, struct plate_info *info)
{
	if (len < USB_INFO_SIZE)
		return st_fail(ST_ERR_PROTOCOL, "info block: %zu bytes, expected %d", len, USB_INFO_SIZE);
	uint16_t version = get_u16(buf);
	if (version != USB_PROTOCOL_VERSION)
		return st_fail(ST_ERR_PROTOCOL,
			       "the plate speaks protocol version %u; this station speaks version %d only",
			       version, USB_PROTOCOL_VERSION);
	if (buf[2] != PLATE_CHANNELS)
		return st_fail(ST_ERR_PROTOCOL, "info block: %u channels, expected %d", buf[2], PLATE_CHANNELS);
	if (buf[3] != 24)
		return st_fail(ST_ERR_PROTOCOL, "info block: %u-bit ADC, expected 24", buf[3]);
	uint16_t def = get_u16(buf + 4), min = get_u16(buf + 6), max = get_u16(buf + 8);
	if (min == 0 || min > max || def < min || def > max)
		return st_fail(ST_ERR_PROTOCOL, "info block: rates make no sense: default %u Hz, range %u-%u Hz",
			       def, min, max);
	info->protocol_version = version;
	info->channel_count = buf[2];
	info->adc_bits = buf[3];
	info->default_rate_hz = def;
	info->min_rate_hz = min;
	info->max_rate_hz = max;
	for (int c = 0; c < PLATE_CHANNELS; c++) {
		info->cell_x_mm[c] = (int16_t)get_u16(buf + 12 + 2 * c);
		info->cell_y_mm[c] = (int16_t)get_u16(buf + 28 + 2 * c);
	}
	info->plate_width_mm = get_u16(buf + 44);
	info->plate_length_mm = get_u16(buf + 46);
	info->counts_per_newton_x1000 = (int32_t)get_u32(buf + 48);
	return ST_OK;
}

int usb_status_parse(const uint8_t *buf, size_t len, struct usb_status *out)
{
	if (len != USB_STATUS_SIZE)
		return st_fail(ST_ERR_PROTOCOL, "status block: %zu bytes, expected %d", len, USB_STATUS_SIZE);
	out->samples_dropped = get_u32(buf);
	out->streaming = buf[4] & 0x01;
	out->overloaded = buf[4] & 0x02;
	return ST_OK;
}

void usb_parser_init(struct usb_parser *ps)
{
	memset(ps, 0, sizeof *ps);
}

static bool record_checks(const uint8_t *rec)
{
	return rec[0] == USB_RECORD_SYNC && usb_crc16(rec, 40) == get_u16(rec + 40);
}

void usb_record_decode(const uint8_t *rec, uint64_t host_ns, struct plate_frame *f, bool *not_24bit)
{
	uint8_t rflags = rec[1];
	bool odd = false;
	f->host_ns = host_ns;
	f->seq = get_u16(rec + 2);
	f->device_us = get_u32(rec + 4);
	f->lost_before = 0;
	f->flags = 0;
	for (int c = 0; c < PLATE_CHANNELS; c++) {
		uint32_t raw = get_u32(rec + 8 + 4 * c);
		int32_t v = (int32_t)(raw << 8) >> 8;
		odd |= (uint32_t)v != raw;
		f->counts[c] = v;
		if (v == PLATE_ADC_MAX || v == PLATE_ADC_MIN)
			rflags |= USB_RECORD_SATURATED;
	}
	if (rflags & USB_RECORD_SATURATED)
		f->flags |= PLATE_FRAME_SATURATED;
	if (rflags & USB_RECORD_DROPPED)
		f->flags |= PLATE_FRAME_GAP_BEFORE;
	*not_24bit = odd;
}

/* A good record: decode it and account for the seq jump before it. Seq restarts at 0 on
 * START, so a first record with seq k means k instants were lost before it. */
static void accept_record(struct usb_parser *ps, const uint8_t *rec, uint64_t host_ns, struct plate_frame *f)
{
	bool not_24bit;
	usb_record_decode(rec, host_ns, f, &not_24bit);
	uint16_t expected = ps->have_seq ? ps->next_seq : 0;
	uint16_t jump = (uint16_t)(f->seq - expected);
	if (jump) {
		f->lost_before = jump;
		f->flags |= PLATE_FRAME_GAP_BEFORE;
		ps->stats.gaps++;
		ps->stats.lost += jump;
	}
	if (!ps->in_sync && ps->have_seq)
		ps->stats.resyncs++;
	ps->have_seq = true;
	ps->in_sync = true;
	ps->next_seq = (uint16_t)(f->seq + 1);
	ps->stats.records++;
	ps->stats.not_24bit += not_24bit;
	ps->stats.device_dropped += (rec[1] & USB_RECORD_DROPPED) != 0;
	ps->stats.saturated += (f->flags & PLATE_FRAME_SATURATED) != 0;
}

/* The bytes at a record boundary are not a good record: count the record once (only
 * where one was due, i.e. while in sync) and start hunting. */
static void reject_record(struct usb_parser *ps, uint8_t first)
{
	if (!ps->in_sync)
		return;
	if (first == USB_RECORD_SYNC)
		ps->stats.bad_crc++;
	else
		ps->stats.bad_sync++;
	ps->in_sync = false;
}

/* Offset of the next sync byte in p[from..len), or len. */
static size_t next_sync(const uint8_t *p, size_t from, size_t len)
{
	if (from >= len)
		return len;
	const uint8_t *s = memchr(p + from, USB_RECORD_SYNC, len - from);
	return s ? (size_t)(s - p) : len;
}

/* Completes the record held in partial from data; returns bytes taken from data. Sets
 * *frames to 1 when a frame was written to f. */
static size_t feed_partial(struct usb_parser *ps, const uint8_t *data, size_t len, uint64_t host_ns,
			   struct plate_frame *f, size_t *frames)
{
	size_t take = USB_RECORD_SIZE - ps->have;
	if (take > len)
		take = len;
	memcpy(ps->partial + ps->have, data, take);
	ps->have += take;
	*frames = 0;
	if (ps->have < USB_RECORD_SIZE)
		return take;
	if (record_checks(ps->partial)) {
		accept_record(ps, ps->partial, host_ns, f);
		ps->have = 0;
		*frames = 1;
		return take;
	}
	/* Hunt inside the held bytes: keep them from the next sync byte after the first. */
	reject_record(ps, ps->partial[0]);
	size_t s = next_sync(ps->partial, 1, USB_RECORD_SIZE);
	ps->stats.bytes_skipped += s;
	ps->have = USB_RECORD_SIZE - s;
	memmove(ps->partial, ps->partial + s, ps->have);
	return take;
}

size_t usb_parser_feed(struct usb_parser *ps, const uint8_t *data, size_t len, uint64_t host_ns,
		       struct plate_frame *out, size_t max, size_t *used)
{
	size_t pos = 0, n = 0;
	while (ps->have > 0 && n < max) {
		size_t got;
		pos += feed_partial(ps, data + pos, len - pos, host_ns, &out[n], &got);
		n += got;
		if (ps->have > 0 && pos == len)
			break;
	}
	while (ps->have == 0 && n < max && pos < len) {
		if (len - pos >= USB_RECORD_SIZE && record_checks(data + pos)) {
			accept_record(ps, data + pos, host_ns, &out[n++]);
			pos += USB_RECORD_SIZE;
			continue;
		}
		if (data[pos] == USB_RECORD_SYNC && len - pos < USB_RECORD_SIZE) {
			/* possibly a record cut off by the end of the transfer */
			ps->have = len - pos;
			memcpy(ps->partial, data + pos, ps->have);
			pos = len;
			break;
		}
		reject_record(ps, data[pos]);
		size_t s = next_sync(data, pos + 1, len);
		ps->stats.bytes_skipped += s - pos;
		pos = s;
	}
	*used = pos;
	return n;
}
