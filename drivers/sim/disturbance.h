/* disturbance.h: forces on the simulated plates that are not the body's deliberate
 * movement, so they are not in the ground truth (DESIGN.md: slow disturbances must not
 * move the phases).
 *
 * - load-cell drift: each plate's zero wanders by a few tenths of a newton (scenario
 *   setting `drift N`), three slow sines per plate at 0.01-0.08 Hz;
 * - body disturbances (`disturb N`): an arm swinging, the trunk leaning, a cable tugged,
 *   a hand brushing a rail: bursts of up to N newtons at 0.05-1.5 Hz, a few seconds
 *   apart, on one plate or both;
 * - a hand on a rail (`rail PCT`): from the first exercise on (the weighing at step-on is
 *   hands-free), about PCT % of body weight off the plates, varying slowly (0.01-0.05 Hz)
 *   by up to 25 % of itself, and at 0.1-0.5 Hz by `rail-wander PCT` % of itself (a hand
 *   that grips and eases).
 * Everything is drawn from the scenario's seed at build time, so a seed gives one
 * recording.
 */
#ifndef STATION_SIM_DISTURBANCE_H
#define STATION_SIM_DISTURBANCE_H

#include <stddef.h>

#include "model.h"
#include "scenario.h"

#define SIM_SINES 3

struct sim_sines {
	double amp[SIM_SINES], omega[SIM_SINES], phase[SIM_SINES];
};

struct sim_burst {
	double t0, t1;      /* active over [t0, t1) */
	double amp_n;       /* signed peak force */
	double hz;          /* oscillation inside a smooth envelope (0: one bump) */
	double left;        /* share of the force on the left plate */
};

struct sim_disturbance {
	struct sim_sines drift[2];        /* per plate, N */
	struct sim_burst *bursts;
	size_t n_bursts;
	double rail_n, rail_on_s;         /* mean rail force and when the hand comes on it */
	struct sim_sines rail, rail_fast; /* relative variation of the rail force, slow and the hand's grip */
};

/* Draws the disturbances of sc over m's timeline. */
int sim_disturbance_build(const struct sim_scenario *sc, const struct sim_model *m, struct sim_disturbance *d);
void sim_disturbance_free(struct sim_disturbance *d);

/* What the disturbances do at t; level: how much of the body stands on the plates (0..1). */
struct sim_disturbed {
	double drift_n[2]; /* each plate's zero (load cells, whether loaded or not), N */
	double body_n[2];  /* force through the feet on each plate, N */
	double rail_n;     /* force the rail takes off the body, N */
};
void sim_disturbance_eval(const struct sim_disturbance *d, double t, double level, struct sim_disturbed *out);

#endif
