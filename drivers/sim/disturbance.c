/* disturbance.c: the forces of disturbance.h, drawn once from the scenario's seed. */
#include "disturbance.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "status.h"

#define BURST_GAP_S 4.0     /* mean time between body disturbances */
#define RAIL_LEAD_S 1.5     /* the hand goes on the rail this long before the first exercise */
#define RAIL_RAMP_S 0.8
#define RAIL_VARIATION 0.25/* of the rail force, at most */

static double between(struct rng *r, double lo, double hi)
{
	return lo + (hi - lo) * rng_uniform(r);
}

/* Sines at lo_hz..hi_hz whose amplitudes add up to total. */
static void draw_sines(struct rng *r, double total, double lo_hz, double hi_hz, struct sim_sines *s)
{
	double weight[SIM_SINES], sum = 0;
	for (int k = 0; k < SIM_SINES; k++) {
		weight[k] = between(r, 0.3, 1);
		sum += weight[k];
	}
	for (int k = 0; k < SIM_SINES; k++) {
		s->amp[k] = total * weight[k] / sum;
		s->omega[k] = 2 * M_PI * between(r, lo_hz, hi_hz);
		s->phase[k] = 2 * M_PI * rng_uniform(r);
	}
}

static double sines_at(const struct sim_sines *s, double t)
{
	double v = 0;
	for (int k = 0; k < SIM_SINES; k++)
		v += s->amp[k] * sin(s->omega[k] * t + s->phase[k]);
	return v;
}

static double smoothstep01(double x)
{
	x = x < 0 ? 0 : x > 1 ? 1 : x;
	return x * x * (3 - 2 * x);
}

/* When the first standing exercise (a raise or a hop series) begins; NAN: none. */
static double first_exercise(const struct sim_model *m)
{
	for (size_t i = 0; i < m->n_seg; i++)
		if (m->seg[i].kind == SEG_RAISE || m->seg[i].kind == SEG_HOP_PUSH)
			return m->seg[i].t0;
	return NAN;
}

static int draw_bursts(struct rng *r, double amp_n, double duration_s, struct sim_disturbance *d)
{
	for (double t = between(r, 0, 2 * BURST_GAP_S); t < duration_s;) {
		struct sim_burst b;
		double length = between(r, 0.7, 3.0);
		double sign = rng_uniform(r) < 0.5 ? -1 : 1;
		b.t0 = t;
		b.t1 = t + length;
		b.amp_n = sign * amp_n * between(r, 0.3, 1);
		b.hz = rng_uniform(r) < 0.5 ? 0 : between(r, 0.4, 1.5);
		b.left = rng_uniform(r) < 0.5 ? between(r, 0, 1) : 0.5;
		struct sim_burst *grown = realloc(d->bursts, (d->n_bursts + 1) * sizeof *grown);
		if (!grown)
			return st_fail(ST_ERR_NOMEM, "simulator: out of memory");
		d->bursts = grown;
		d->bursts[d->n_bursts++] = b;
		t = b.t1 - BURST_GAP_S * log(1 - rng_uniform(r));
	}
	return ST_OK;
}

int sim_disturbance_build(const struct sim_scenario *sc, const struct sim_model *m, struct sim_disturbance *d)
{
	struct rng r;
	memset(d, 0, sizeof *d);
	rng_seed(&r, sc->seed ^ 0xD15707BULL);
	for (int side = 0; side < 2; side++)
		draw_sines(&r, sc->drift_n, 0.01, 0.08, &d->drift[side]);
	double start = first_exercise(m);
	if (sc->rail_pct > 0 && !isnan(start)) {
		d->rail_n = sc->rail_pct / 100 * m->mass_kg * STANDARD_GRAVITY;
		d->rail_on_s = start - RAIL_LEAD_S;
		draw_sines(&r, RAIL_VARIATION, 0.01, 0.05, &d->rail);
		/* drawn apart, so that the draws above and below stay as they were */
		struct rng grip;
		rng_seed(&grip, sc->seed ^ 0x6219ULL);
		draw_sines(&grip, sc->rail_wander_pct / 100, 0.1, 0.5, &d->rail_fast);
	}
	return sc->disturb_n > 0 ? draw_bursts(&r, sc->disturb_n, m->duration_s, d) : ST_OK;
}

void sim_disturbance_free(struct sim_disturbance *d)
{
	free(d->bursts);
	memset(d, 0, sizeof *d);
}

static double burst_at(const struct sim_burst *b, double t)
{
	if (t < b->t0 || t >= b->t1)
		return 0;
	double u = (t - b->t0) / (b->t1 - b->t0), envelope = sin(M_PI * u) * sin(M_PI * u);
	return b->amp_n * envelope * (b->hz > 0 ? sin(2 * M_PI * b->hz * (t - b->t0)) : 1);
}

void sim_disturbance_eval(const struct sim_disturbance *d, double t, double level, struct sim_disturbed *out)
{
	for (int side = 0; side < 2; side++) {
		out->drift_n[side] = sines_at(&d->drift[side], t);
		out->body_n[side] = 0;
	}
	for (size_t i = 0; i < d->n_bursts; i++) {
		double f = level * burst_at(&d->bursts[i], t);
		out->body_n[0] += f * d->bursts[i].left;
		out->body_n[1] += f * (1 - d->bursts[i].left);
	}
	out->rail_n = d->rail_n > 0 ? d->rail_n * (1 + sines_at(&d->rail, t) + sines_at(&d->rail_fast, t)) *
					      smoothstep01((t - d->rail_on_s) / RAIL_RAMP_S) * level
				    : 0;
}
