/* measure.h: a plate's frames as samples in newtons and millimetres, and the calibration
 * a plate is measured with. */
#ifndef STATION_MEASURE_H
#define STATION_MEASURE_H

#include <stdbool.h>

#include "calib.h"
#include "plate.h"
#include "trace.h"

struct frame_converter {
	struct calibration cal;
	double rate_hz;
	struct plate_clock clock;
	bool gap_pending; /* the plate went away: the next sample follows a gap */
};

void frame_converter_init(struct frame_converter *fc, const struct calibration *cal, double rate_hz);

/* Converts one frame; t_s counts sample instants from the stream's first frame, so lost
 * samples show as a jump. Returns false for a frame that holds no sample (plate gone). */
bool frame_converter_apply(struct frame_converter *fc, const struct plate_frame *f, struct trace_sample *out);

/* The calibration to measure plate p in newtons: the one its source carries, or its exact
 * cells (a virtual plate's), else the one stored for its serial (ST_ERR_NOT_FOUND with
 * advice when there is none). A cell far from where the plate says it is
 * (calib_check_geometry) is refused, naming it. */
int plate_calibration(const struct plate *p, struct calibration *out);

#endif
