#include "spec_records.h"

uint16_t spec_crc16(const uint8_t *data, size_t len)
{
	uint16_t crc = 0xFFFF;
	for (size_t i = 0; i < len; i++) {
		crc ^= (uint16_t)(data[i] << 8);
		for (int bit = 0; bit < 8; bit++)
			crc = crc & 0x8000 ? (uint16_t)(crc << 1 ^ 0x1021) : (uint16_t)(crc << 1);
	}
	return crc;
}

static void little_endian(uint8_t *p, uint32_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void spec_record(uint16_t seq, uint32_t t_us, uint8_t flags, const int32_t counts[SPEC_CHANNELS],
		 uint8_t rec[SPEC_RECORD_BYTES])
{
	rec[0] = 0xA5;
	rec[1] = flags;
	little_endian(rec + 2, seq, 2);
	little_endian(rec + 4, t_us, 4);
	for (int c = 0; c < SPEC_CHANNELS; c++)
		little_endian(rec + 8 + 4 * c, (uint32_t)counts[c], 4);
	little_endian(rec + 40, spec_crc16(rec, 40), 2);
}
