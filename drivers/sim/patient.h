/* patient.h: the scenario of a simulated patient who does a session's dose as asked
 * (plain "sim" opened with a dose): plates empty for the tare, step on, stand, then each
 * set at the dose with a rest between; heel raises to the dose's pacer (its rise, top,
 * lowering and bottom times, each rep starting on its beat); the scenario's default
 * answers (no red flags, mild pain). */
#ifndef STATION_SIM_PATIENT_H
#define STATION_SIM_PATIENT_H

#include <stdint.h>

#include "plate.h"

/* Returns malloc'd scenario text (NULL when out of memory); seed varies the noise. */
char *sim_patient_scenario(const struct plate_dose *dose, uint64_t seed);

#endif
