/* spec_records.h: plate-protocol.md's sample records, written again from the spec for the
 * tests and the USB emulator, apart from the driver's code: a misreading of the spec in the
 * driver then shows as a failure instead of agreeing with itself. */
#ifndef STATION_TEST_SPEC_RECORDS_H
#define STATION_TEST_SPEC_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#define SPEC_RECORD_BYTES 42
#define SPEC_CHANNELS 8

/* CRC-16/CCITT-FALSE, bit by bit: poly 0x1021, init 0xFFFF, not reflected, xorout 0. */
uint16_t spec_crc16(const uint8_t *data, size_t len);

/* One record: sync 0xA5, flags, seq, t_us, the eight counts as little-endian i32 (written
 * as given, so a test can send one that is not sign-extended), CRC of bytes 0..39. */
void spec_record(uint16_t seq, uint32_t t_us, uint8_t flags, const int32_t counts[SPEC_CHANNELS],
		 uint8_t rec[SPEC_RECORD_BYTES]);

#endif
