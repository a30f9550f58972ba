/* sim.h: what the simulated plate offers beyond plate.h, for tests and tools. */
#ifndef STATION_SIM_H
#define STATION_SIM_H

#include "plate.h"
#include "plate_cells.h"

/* The cells of the simulated plate with this serial, exactly: the gains, zeros and
 * positions it simulates (every serial gives its own reproducible plate). */
void sim_plate_cells(const char *serial, struct plate_cell out[PLATE_CHANNELS]);

/* What the simulator's exact calibration says made it, and when (calib_exact()). */
#define SIM_CALIBRATION_BY "simulator (exact)"
#define SIM_CALIBRATION_UTC "2026-01-01T00:00:00Z"

#endif
