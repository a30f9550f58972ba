/* usb.h: what the USB plate driver offers beyond plate.h (diagnostics). */
#ifndef STATION_USB_H
#define STATION_USB_H

#include <stdint.h>

#include "plate.h"
#include "protocol.h"

struct usb_plate_counters {
	struct usb_parser_stats parser; /* records good, dropped (sync, CRC), bytes skipped, gaps */
	uint64_t ring_overruns;         /* frames dropped because the consumer fell behind (marked as gaps) */
	uint64_t transfers;             /* bulk transfers completed with data */
	uint64_t transfer_errors;       /* bulk transfers failed (I/O, overflow, stall), resubmitted */
	uint32_t device_dropped;        /* GET_STATUS samples_dropped at the end of the stream */
	double thread_cpu_s;            /* CPU time the acquisition thread used */
	double stream_s;                /* wall time from start to stop */
};

/* The counters of the last stream of a USB plate, valid after plate_stop() (and between
 * streams). ST_ERR_ARG for a plate of another driver. */
int usb_plate_counters(const struct plate *p, struct usb_plate_counters *out);

#endif
