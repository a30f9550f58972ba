/* usb_emulator.h: dynamic USB plates (and other USB devices) for tests, in-process.
 *
 * Built on umockdev: each device is a sysfs entry in a UMockdevTestbed plus an ioctl
 * handler on its /dev/bus/usb/BBB/DDD node that plays plate-protocol.md: it answers the
 * control requests (GET_INFO, SET_RATE, START, STOP, GET_STATUS and the string
 * descriptors), and streams records on the bulk endpoint paced by the monotonic clock,
 * in transfers cut at random lengths, with the faults asked for. The station's real
 * libusb code runs against it; the program must run under umockdev-wrapper.
 *
 * The handler runs on umockdev's own thread; every call here is safe from the test's.
 */
#ifndef STATION_USB_EMULATOR_H
#define STATION_USB_EMULATOR_H

#include <stdbool.h>
#include <stdint.h>

#include "plate.h"

struct emu_plate_config {
	const char *serial;
	bool not_a_plate;          /* a mass-storage interface instead, same vendor and product id */
	uint16_t protocol_version; /* 0: 1 */
	uint16_t min_rate_hz, max_rate_hz, default_rate_hz; /* 0: 100, 2000, 1000 */
	uint16_t accepts_up_to_hz; /* SET_RATE above this STALLs (0: max_rate_hz) */
	uint32_t status_dropped;   /* what GET_STATUS reports as samples_dropped */
};

struct emu_faults {
	unsigned crc_every;      /* every Nth record gets a bit flipped (0: never) */
	unsigned garbage_every;  /* garbage bytes follow every Nth record */
	unsigned skip_every;     /* every Nth sample instant is dropped by the "device" (a seq jump) */
	unsigned saturate_every; /* every Nth record has channel 5 at full scale and flag bit 0 */
};

/* What the emulated plate did, for the test to compare with what the driver saw; the
 * counts of records and transfers are the current stream's (since the last START). */
struct emu_counts {
	uint64_t records;     /* records sent intact */
	uint64_t corrupted;   /* records sent with a CRC error */
	uint64_t garbage;     /* garbage insertions */
	uint64_t garbage_bytes;
	uint64_t skipped;     /* instants skipped */
	uint64_t saturated;   /* intact records sent saturated */
	uint64_t transfers;   /* bulk transfers completed */
	uint64_t split;       /* transfers that ended inside a record */
	uint64_t delivered;   /* bytes handed over in bulk transfers */
	unsigned rate_hz;     /* the last rate accepted */
	unsigned stalls;      /* SET_RATE requests stalled */
	unsigned starts, stops;
	unsigned ioctls;      /* every ioctl on the device node */
};

struct emu;

/* NULL with a message on stderr when not under umockdev-wrapper. */
struct emu *emu_new(void);
void emu_free(struct emu *e);

/* Plugs a device in; returns its id. */
int emu_plug(struct emu *e, const struct emu_plate_config *cfg);
/* Unplugs it: pending transfers end with ESHUTDOWN, later calls get ENODEV. */
void emu_unplug(struct emu *e, int id);
void emu_set_faults(struct emu *e, int id, const struct emu_faults *f);
/* Stops making records without a STOP (as if the subject stepped off a frozen plate),
 * so a test can let the driver drain everything sent. */
void emu_pause(struct emu *e, int id);
void emu_counts(struct emu *e, int id, struct emu_counts *out);

/* The counts the emulator puts in the record of sample instant n. */
void emu_counts_for(uint64_t n, int32_t counts[PLATE_CHANNELS]);

#endif
