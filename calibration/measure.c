/* measure.c: a plate's frames in newtons, through the calibration it is measured with. */
#include "measure.h"

#define LOG_PREFIX "calibration"
#include "log.h"

#include <stdio.h>
#include <string.h>

void frame_converter_init(struct frame_converter *fc, const struct calibration *cal, double rate_hz)
{
	memset(fc, 0, sizeof *fc);
	fc->cal = *cal;
	fc->rate_hz = rate_hz;
}

bool frame_converter_apply(struct frame_converter *fc, const struct plate_frame *f, struct trace_sample *out)
{
	if (f->flags & PLATE_FRAME_GONE) {
		fc->gap_pending = true;
		return false;
	}
	uint64_t index = plate_clock_advance(&fc->clock, f);
	struct plate_load load;
	calib_apply(&fc->cal, f->counts, &load);
	out->t_s = (double)index / fc->rate_hz;
	for (int side = 0; side < 2; side++) {
		out->fz[side] = load.fz[side];
		out->cop_x[side] = load.cop_x[side];
		out->cop_y[side] = load.cop_y[side];
	}
	out->flags = 0;
	if (f->flags & PLATE_FRAME_SATURATED)
		out->flags |= TRACE_SATURATED;
	if ((f->flags & PLATE_FRAME_GAP_BEFORE) || f->lost_before || fc->gap_pending)
		out->flags |= TRACE_GAP_BEFORE;
	fc->gap_pending = false;
	return true;
}

int plate_calibration(const struct plate *p, struct calibration *out)
{
	const char *embedded = plate_embedded_calibration(p);
	const struct plate_info *info = plate_get_info(p);
	if (embedded) {
		int rc = calib_from_json(embedded, info->name, out);
		return rc == ST_OK ? calib_check_geometry(out, info) : rc;
	}
	struct plate_cell cells[PLATE_CHANNELS];
	if (plate_exact_cells(p, cells)) {
		calib_exact(info->serial, cells, "replay of newtons (exact)", "1970-01-01T00:00:00Z", out);
		return ST_OK;
	}
	char warn[512];
	int rc = calib_find(info->serial, out, NULL, 0);
	if (rc == ST_OK)
		rc = calib_check_for_plate(out, info->serial, warn, sizeof warn);
	if (rc == ST_OK)
		rc = calib_check_geometry(out, info);
	/* a simulated plate's exact calibration never ages */
	if (rc == ST_OK && warn[0] && strcmp(info->driver, "sim") != 0)
		log_warning("%s", warn);
	return rc;
}
