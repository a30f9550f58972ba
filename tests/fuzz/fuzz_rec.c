/* fuzz_rec.c: libFuzzer target for the native recording reader.
 *
 * Any bytes: open, read every frame until the end or an error, close. Must never crash,
 * hang or leak, and an error must come with a message. Each input is read twice: as
 * given, and with every block's CRC made right, so that mutations reach the payload
 * decoder instead of stopping at the CRC check.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "rec.h"

#define READ_BATCH 300 /* not a divisor of REC_BLOCK_FRAMES, so reads straddle blocks */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t get_u32le(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void read_everything(const uint8_t *data, size_t size)
{
	static struct plate_frame frames[READ_BATCH];
	struct rec_reader *r;
	if (rec_reader_open_memory(data, size, "fuzz.rec", &r) != ST_OK) {
		if (!*st_errmsg())
			abort();
		return;
	}
	const struct rec_header *h = rec_reader_header(r);
	if (h->calibration_json && strlen(h->calibration_json) == 0)
		abort();
	int n;
	do {
		n = rec_reader_read(r, frames, READ_BATCH);
	} while (n > 0);
	if (n < 0 && !*st_errmsg())
		abort();
	rec_reader_close(r);
}

/* Rewrites the CRC of every complete block found by walking the layout. */
static void fix_crcs(uint8_t *buf, size_t size)
{
	if (size < 16)
		return;
	size_t at = 16 + (size_t)get_u32le(buf + 12);
	while (at <= size && size - at >= 16) {
		size_t len = get_u32le(buf + at + 8);
		if (len > size - at - 16)
			return;
		uint32_t crc = (uint32_t)crc32(0L, buf + at + 16, (uInt)len);
		for (int i = 0; i < 4; i++)
			buf[at + 12 + i] = (uint8_t)(crc >> (8 * i));
		at += 16 + len;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	read_everything(data, size);
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	fix_crcs(copy, size);
	read_everything(copy, size);
	free(copy);
	return 0;
}
