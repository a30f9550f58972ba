/* pacer_clock.h: where the heel-raise pacer is in its cycle, on the plate's clock.
 *
 * The pacer's beats (a cycle starts: rise, top, lowering, bottom) fall on whole cycles of
 * plate time, counted from the plate's first sample, like a metronome that has run since
 * the session began. A patient who keeps time with it starts each rep on a beat, and so
 * does the simulated patient (its scenario's `beat=`, drivers/sim/scenario.h, counts from
 * the same sample): the demo's patient rises when its pacer says rise. A set starts on
 * its first beat after the set began; until then the pacer waits at the bottom. */
#ifndef STATION_APP_PACER_CLOCK_H
#define STATION_APP_PACER_CLOCK_H

#include <stdint.h>

#include "views.h"

/* Time into the pacer's cycle (0 .. the cycle's length) at plate time t_s, for a set that
 * began at plate time set_start_s. */
double pacer_phase_s(const struct view_tempo *tp, double set_start_s, double t_s);

/* Plate time at host time now_s: the newest sample's plate time, moved on by the host's
 * clock since it arrived (host_ns, plate_now_ns()), at most PACER_AHEAD_MAX_S, so the
 * pacer moves smoothly between the plate's batches and stops with the plate. */
#define PACER_AHEAD_MAX_S 0.1
double pacer_plate_now_s(double newest_plate_s, uint64_t newest_host_ns, double now_s);

#endif
