/* tare.h: the plates' zero at session start, measured with the plates empty. */
#ifndef STATION_SESSION_TARE_H
#define STATION_SESSION_TARE_H

#include <stdbool.h>
#include <stdint.h>

#include "calib.h"
#include "plate.h"

struct tare {
	struct calibration cal;
	size_t want, n;
	double sum[PLATE_CHANNELS];
	double force_sum[2], force_sq[2];
};

void tare_init(struct tare *t, const struct calibration *cal, double rate_hz);
/* True once a stretch of frames showed the plates empty and still. */
bool tare_push(struct tare *t, const struct plate_frame *f);
/* The calibration with the new zeros, and each plate's zero drift in newtons. */
void tare_result(const struct tare *t, struct calibration *out, double drift_n[2]);

#endif
