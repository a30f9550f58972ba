/* sim.h: what the simulated plate offers beyond plate.h, for tests and tools. */
#ifndef STATION_SIM_H
#define STATION_SIM_H

#include "calib.h"
#include "plate.h"

/* The exact calibration of the simulated plate with this serial: the gains, zeros and
 * cell positions it simulates (every serial gives its own reproducible plate). */
void sim_plate_calibration(const char *serial, struct calibration *out);

/* The ground truth of what an open simulated plate plays (JSON with the keys of
 * `station analyse`; caller frees). NULL with a message when p is not a simulated plate. */
char *sim_plate_truth_json(const struct plate *p);

#endif
