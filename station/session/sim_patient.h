/* sim_patient.h: the scenario of a simulated patient who does a session's plan as asked
 * (plain `--plate sim` in a session): plates empty for the tare, step on, stand, then
 * each set at the plan's dose with a rest between, answering no red flags and mild pain. */
#ifndef STATION_SESSION_SIM_PATIENT_H
#define STATION_SESSION_SIM_PATIENT_H

#include <stdint.h>

#include "flow.h"

/* Returns malloc'd scenario text (NULL when out of memory); seed varies the noise. */
char *sim_patient_scenario(const struct flow_plan *plan, uint64_t seed);

#endif
