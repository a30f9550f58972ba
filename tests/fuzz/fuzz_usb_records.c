/* fuzz_usb_records.c: libFuzzer target for the USB record parser.
 *
 * The first byte picks how the rest is cut into transfers (sizes 1..64 from a small
 * generator), how many frames each call may return, and (bit 7) whether every record
 * that starts with a sync byte gets its CRC made right first, so that mutations reach
 * the decoding and seq accounting instead of stopping at the CRC. Checks what must hold for any
 * bytes: every byte is consumed, skipped or held (never more than one record's worth),
 * every frame came from a record that checks, gaps add up to the lost counter, and
 * counts are 24-bit.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "protocol.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define OUT_MAX 64

static void fix_crcs(uint8_t *buf, size_t size)
{
	size_t i = 0;
	while (i + USB_RECORD_SIZE <= size) {
		if (buf[i] != USB_RECORD_SYNC) {
			i++;
			continue;
		}
		uint16_t crc = usb_crc16(buf + i, 40);
		buf[i + 40] = (uint8_t)crc;
		buf[i + 41] = (uint8_t)(crc >> 8);
		i += USB_RECORD_SIZE;
	}
}

static void parse_all(const uint8_t *data, size_t size, uint8_t mode)
{
	static struct plate_frame out[OUT_MAX];
	uint32_t gen = mode * 2654435761u + 1;
	size_t out_max = 1 + mode % OUT_MAX;
	struct usb_parser ps;
	usb_parser_init(&ps);
	uint64_t frames = 0, lost = 0;
	size_t pos = 0;
	while (pos < size) {
		gen = gen * 1103515245u + 12345u;
		size_t len = 1 + (gen >> 16) % 64;
		if (len > size - pos)
			len = size - pos;
		size_t end = pos + len;
		while (pos < end) {
			size_t used;
			size_t n = usb_parser_feed(&ps, data + pos, end - pos, 0, out, out_max, &used);
			if (n > out_max || used > end - pos || (n == 0 && used < end - pos))
				abort();
			for (size_t i = 0; i < n; i++) {
				for (int c = 0; c < PLATE_CHANNELS; c++)
					if (out[i].counts[c] > PLATE_ADC_MAX || out[i].counts[c] < PLATE_ADC_MIN)
						abort();
				if (out[i].lost_before && !(out[i].flags & PLATE_FRAME_GAP_BEFORE))
					abort();
				lost += out[i].lost_before;
			}
			frames += n;
			pos += used;
		}
	}
	if (ps.have >= USB_RECORD_SIZE || frames != ps.stats.records || lost != ps.stats.lost)
		abort();
	if (frames * USB_RECORD_SIZE + ps.stats.bytes_skipped + ps.have != size)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (!(data[0] & 0x80)) {
		parse_all(data + 1, size - 1, data[0]);
		return 0;
	}
	uint8_t *copy = malloc(size);
	if (!copy)
		return 0;
	memcpy(copy, data + 1, size - 1);
	fix_crcs(copy, size - 1);
	parse_all(copy, size - 1, data[0]);
	free(copy);
	return 0;
}
