/* support_model.h: the slow support of a set of heel raises (body weight less the plates'
 * force: a hand on a rail, drift), as a smooth curve over the whole set, fitted where the
 * body is known to be still, so that a rep can be timed from the force with it added back.
 * (support_model.c says why.) */
#ifndef STATION_ANALYSIS_SUPPORT_MODEL_H
#define STATION_ANALYSIS_SUPPORT_MODEL_H

#include <stddef.h>

#include "piece.h"

/* Of body weight on the hands over a rep: a hand on a rail (2-6 %), not drift. The model
 * is used (offline and live) only for a set with a rep over which a hand takes this much. */
#define SUPPORT_MODEL_MIN_PCT 1.0

/* Samples [a, b) of a piece over which the body is still on average. */
struct still_stretch {
	size_t a, b;
};

/* A hand taking hold of the rail or letting go: the support steps by n newtons at t_s. */
struct support_step {
	double t_s, n;
};

#define SUPPORT_MAX_STEPS 4

/* A quadratic B-spline in time, knots every knot_s from t0_s, plus the steps; no
 * coefficients: no model (the support is then taken as constant, zero). */
struct support_model {
	double t0_s, t1_s, knot_s; /* fitted over [t0_s, t1_s] */
	size_t n_coef;
	double *coef; /* N: body weight less the plates' force */
	size_t n_steps;
	struct support_step steps[SUPPORT_MAX_STEPS];
};

/* The curve's stiffness for a set's reps: the penalty on a knot's second difference,
 * against a mean error over a knot. */
#define SUPPORT_SMOOTHING 0.5

/* Fits the model to the total force of p over the still stretches (sorted by time, not
 * overlapping; stretches closer than a fraction of a second are taken as one), as stiff
 * as smoothing says. Fewer than two usable stretches give no model (ST_OK). The model
 * owns its coefficients. */
int support_model_fit(const struct piece *p, double body_weight, const struct still_stretch *still, size_t n,
		      double smoothing, struct support_model *out);

/* The support at time t_s (N); 0 without a model; held at its ends outside the stretches
 * it was fitted over. */
double support_model_at(const struct support_model *m, double t_s);

void support_model_free(struct support_model *m);

#endif
