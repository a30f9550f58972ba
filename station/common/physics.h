/* physics.h: the physical numbers more than one layer uses, each defined once, here at
 * the bottom (the simulated plate, the calibration, the analysis and the command line
 * include it). Clinical thresholds are not here: they come from the programme
 * (programme.h). */
#ifndef STATION_PHYSICS_H
#define STATION_PHYSICS_H

/* Standard gravity, m/s^2. A calibration may use the clinic's own (calibrate --gravity). */
#define STANDARD_GRAVITY 9.80665

/* Below this force a plate carries nobody: a lifted foot, whose COP means nothing, or,
 * both plates together, a body in flight (DESIGN.md: take-off and landing at about
 * 20 N). */
#define UNLOADED_N 20.0

/* The plates never carry this much (both together, at rest): nobody stood or sat on them,
 * and a recording has nothing to measure. */
#define MIN_STANCE_N 50.0

#endif
