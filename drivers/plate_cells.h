/* plate_cells.h: a plate's load cells as plain data, from raw counts to newtons and centre
 * of pressure and back: what a driver needs of a calibration. Fitting cells, calibration
 * files and the procedure are calibration/'s (calib.h holds a plate's cells with the rest).
 *
 * Per channel: F = (counts - zero) * gain, and the cell's position in the plate frame of
 * plate-protocol.md (x right, y forward, mm, origin at the plate's centre). Each plate's
 * force is the sum of its four cells; its COP is their force-weighted mean position,
 * undefined (NAN) under UNLOADED_N (physics.h: a lifted foot reads noise).
 */
#ifndef STATION_PLATE_CELLS_H
#define STATION_PLATE_CELLS_H

#include <stdint.h>

#include "physics.h"
#include "plate.h"

struct plate_cell {
	double zero_counts;      /* counts with the plate empty */
	double newtons_per_count;
	double x_mm, y_mm;       /* the cell's position */
};

/* Force (N) and COP (mm) of each plate, indexed by enum plate_side. */
struct plate_load {
	double fz[2];
	double cop_x[2], cop_y[2];
};

void plate_cells_apply(const struct plate_cell cells[PLATE_CHANNELS], const int32_t counts[PLATE_CHANNELS],
		       struct plate_load *out);

/* The inverse, for one plate: splits a force acting at a COP over four cells so that
 * the cells sum to it and their weighted mean position is the COP (the smallest such
 * departure from an even split). The simulated plate and the replay of newtons as counts
 * use it per sample, so the cell geometry is prepared once. */
struct cell_split {
	double base[4], per_x[4], per_y[4]; /* cell share = base + per_x * cop_x + per_y * cop_y */
};

void cell_split_init(struct cell_split *s, const double cell_x[4], const double cell_y[4]);

static inline void cell_split_apply(const struct cell_split *s, double fz, double cop_x, double cop_y,
				    double cell_n[4])
{
	for (int k = 0; k < 4; k++)
		cell_n[k] = fz * (s->base[k] + s->per_x[k] * cop_x + s->per_y[k] * cop_y);
}

#endif
