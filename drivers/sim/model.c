/* model.c: builds the simulated patient's timeline from a scenario and evaluates it. */
#include "model.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "status.h"

#define TRANSITION_S 1.0 /* weight shifts, sitting down, stepping between postures */
#define HOP_PUSH_S 0.35
#define HOP_LAND_S 0.40
#define PLACE_RAMP_S 0.25     /* putting a mass down, or lifting it off */

/* A heel-raise transition from 0 to 1 over T seconds: the velocity ramps up along a
 * half cosine for tau seconds, stays constant, and ramps down again, so acceleration is
 * continuous and the movement spends little time creeping at its ends (as people do, and
 * unlike a minimum-jerk curve, which over a 4 s lowering would spend a second barely
 * moving). tau is a quarter second, or a third of a short transition. */
struct profile {
	double T, tau, v; /* duration, ramp time, cruise speed (1 / (T - tau)) */
};

static struct profile profile_make(double T)
{
	double tau = T / 3 < 0.25 ? T / 3 : 0.25;
	return (struct profile){ .T = T, .tau = tau, .v = 1 / (T - tau) };
}

static double profile_pos(const struct profile *p, double t)
{
	if (t <= 0)
		return 0;
	if (t >= p->T)
		return 1;
	if (t > p->T - p->tau)
		return 1 - profile_pos(p, p->T - t);
	if (t < p->tau)
		return p->v * (t / 2 - p->tau / (2 * M_PI) * sin(M_PI * t / p->tau));
	return p->v * (p->tau / 2 + t - p->tau);
}

static double profile_acc(const struct profile *p, double t)
{
	if (t <= 0 || t >= p->T)
		return 0;
	if (t < p->tau)
		return p->v * M_PI / (2 * p->tau) * sin(M_PI * t / p->tau);
	if (t > p->T - p->tau)
		return -profile_acc(p, p->T - t);
	return 0;
}

/* When the position first reaches fraction x. */
static double profile_time_at(const struct profile *p, double x)
{
	double lo = 0, hi = p->T;
	for (int i = 0; i < 60; i++) {
		double mid = 0.5 * (lo + hi);
		if (profile_pos(p, mid) < x)
			lo = mid;
		else
			hi = mid;
	}
	return 0.5 * (lo + hi);
}

/* The transition whose 10%-90% time (what DESIGN.md measures) is d. */
static struct profile profile_for_measured(double d)
{
	double lo = d, hi = 2 * d + 1;
	for (int i = 0; i < 60; i++) {
		double mid = 0.5 * (lo + hi);
		struct profile p = profile_make(mid);
		if (profile_time_at(&p, 0.9) - profile_time_at(&p, 0.1) < d)
			lo = mid;
		else
			hi = mid;
	}
	return profile_make(0.5 * (lo + hi));
}

static double smoothstep(double x)
{
	x = x < 0 ? 0 : x > 1 ? 1 : x;
	return x * x * (3 - 2 * x);
}

struct builder {
	struct sim_model *m;
	const struct sim_scenario *sc;
	struct rng rng;
	double t, load, share, weight;
	double first_beat_s; /* the last raises' first rep, on its beat */
	int rc;
};

static struct segment *push_segment(struct builder *b, enum seg_kind kind, double duration)
{
	if (b->rc != ST_OK)
		return NULL;
	struct segment *grown = realloc(b->m->seg, (b->m->n_seg + 1) * sizeof *grown);
	if (!grown) {
		b->rc = st_fail(ST_ERR_NOMEM, "simulator: out of memory");
		return NULL;
	}
	b->m->seg = grown;
	struct segment *s = &grown[b->m->n_seg++];
	*s = (struct segment){ .kind = kind, .t0 = b->t, .t1 = b->t + duration, .load_from = b->load,
			       .load_to = b->load, .share_from = b->share, .share_to = b->share };
	b->t += duration;
	return s;
}

static void level_to(struct builder *b, double load, double share, double duration)
{
	struct segment *s = push_segment(b, SEG_LEVEL, duration);
	if (!s)
		return;
	s->load_to = load;
	s->share_to = share;
	b->load = load;
	b->share = share;
}

/* Moves smoothly to a new static load and share, if they differ. */
static void transition_to(struct builder *b, double load, double share)
{
	if (fabs(load - b->load) > 1e-9 || fabs(share - b->share) > 1e-9)
		level_to(b, load, share, TRANSITION_S);
}

static void *grow(struct builder *b, void *arr, size_t n, size_t size)
{
	void *p = b->rc == ST_OK ? realloc(arr, (n + 1) * size) : NULL;
	if (!p && b->rc == ST_OK)
		b->rc = st_fail(ST_ERR_NOMEM, "simulator: out of memory");
	return p;
}

static double jittered(struct builder *b, double value, double jitter)
{
	return value * (1 + jitter * rng_symmetric(&b->rng));
}

/* One heel rise, plateau and lowering; rise/hold/lower are the 10%-90% times DESIGN.md
 * measures. Returns the segment. */
static struct segment *add_raise(struct builder *b, double rise, double hold, double lower, double height_mm)
{
	struct profile up = profile_for_measured(rise), down = profile_for_measured(lower);
	double plateau = hold - profile_time_at(&up, 0.1) - profile_time_at(&down, 0.1);
	if (plateau < 0)
		plateau = 0; /* a quick turn at the top: the truth reports the hold it really has */
	struct segment *s = push_segment(b, SEG_RAISE, up.T + plateau + down.T);
	if (s) {
		s->tr = up.T;
		s->plateau = plateau;
		s->tl = down.T;
		s->height_m = height_mm / 1000;
	}
	return s;
}

/* When a raise segment's height first reaches fraction x going up, and last is at x
 * coming down. */
static double raise_up_at(const struct segment *s, double x)
{
	struct profile up = profile_make(s->tr);
	return s->t0 + profile_time_at(&up, x);
}

static double raise_down_at(const struct segment *s, double x)
{
	struct profile down = profile_make(s->tl);
	return s->t0 + s->tr + s->plateau + s->tl - profile_time_at(&down, x);
}

static double raise_fraction(const struct segment *s, double tau, double *acc);

/* Where h crosses level between samples i-1 and i, in samples from 0. */
static double crossing(const double *h, size_t i, double level)
{
	return (double)(i - 1) + (level - h[i - 1]) / (h[i] - h[i - 1]);
}

/* A rep's phase times by DESIGN.md's definitions, on the deliberate movement's path (the
 * raise, not the bob of sway and breathing), sampled every 0.1 ms; and the heels landing,
 * where the COP is halfway back (sim_model_eval: at half the heel fraction of the height). */
static int rep_truth(const struct segment *s, double heel_fraction, struct truth_rep *r)
{
	const double step = 1e-4;
	size_t n = (size_t)((s->t1 - s->t0) / step) + 2, peak = 0;
	double *h = malloc(n * sizeof *h), acc;
	if (!h)
		return st_fail(ST_ERR_NOMEM, "simulator: out of memory");
	for (size_t i = 0; i < n; i++) {
		double t = s->t0 + (double)i * step;
		h[i] = s->height_m * raise_fraction(s, t - s->t0, &acc);
		if (h[i] > h[peak])
			peak = i;
	}
	double H = h[peak], lo = 0.1 * H, hi = 0.9 * H;
	size_t i = peak, j = peak;
	while (i > 1 && h[i - 1] >= lo)
		i--;
	r->start = s->t0 + step * crossing(h, i, lo);
	while (i < peak && h[i] < hi)
		i++;
	r->top = s->t0 + step * crossing(h, i, hi);
	while (j + 2 < n && h[j + 1] >= lo)
		j++;
	r->end = s->t0 + step * crossing(h, j + 1, lo);
	while (j > peak && h[j] < hi)
		j--;
	r->lower_start = s->t0 + step * crossing(h, j + 1, hi);
	double heels = heel_fraction / 2 * s->height_m;
	size_t k = peak;
	while (k + 2 < n && h[k + 1] >= heels)
		k++;
	r->heels_down = s->t0 + step * crossing(h, k + 1, heels);
	r->height_mm = H * 1000;
	free(h);
	return ST_OK;
}

static double mean_left_share(const struct sim_model *m, double a, double b)
{
	const int n = 4000;
	double left = 0, right = 0;
	size_t cursor = 0;
	for (int i = 0; i < n; i++) {
		struct model_point p;
		sim_model_eval(m, a + (b - a) * (i + 0.5) / n, &cursor, &p);
		left += p.fz[0];
		right += p.fz[1];
	}
	return left + right > 0 ? 100 * left / (left + right) : NAN;
}

/* A lowering without a pacer: its clock runs at 1 + vary cos(k tau + phase) of the even
 * pace, whole cycles of it, so it still takes tl and its speed never turns (vary < 1). */
static void set_free_lowering(struct segment *s, double vary, struct rng *r)
{
	s->vary = vary;
	s->vary_phase = 2 * M_PI * rng_uniform(r);
	s->vary_cycles = rng_uniform(r) < 0.5 ? 1 : 2;
}

static double lowering_pos(const struct segment *s, const struct profile *down, double tau)
{
	if (s->vary <= 0)
		return profile_pos(down, tau);
	double k = 2 * M_PI * s->vary_cycles / s->tl;
	return profile_pos(down, tau + s->vary / k * (sin(k * tau + s->vary_phase) - sin(s->vary_phase)));
}

static void build_raises(struct builder *b, const struct sim_step *st)
{
	transition_to(b, b->weight, st->share);
	if (st->beat > 0) { /* the first rep on the metronome's next beat, counted from time 0 */
		double wait = ceil(b->t / st->beat - 1e-9) * st->beat - b->t;
		if (wait > 1e-6)
			level_to(b, b->weight, st->share, wait);
	}
	b->first_beat_s = b->t;
	for (int i = 0; i < st->count && b->rc == ST_OK; i++) {
		double height = st->height_mm * (1 + 0.5 * st->jitter * rng_symmetric(&b->rng));
		/* one draw per statement: C leaves the order of an argument list's evaluation open */
		double rise = jittered(b, st->rise, st->jitter);
		double hold = jittered(b, st->hold, st->jitter);
		double lower = jittered(b, st->lower, st->jitter);
		size_t raise_index = b->m->n_seg;
		struct segment *s = add_raise(b, rise, hold, lower, height);
		/* on a beat the rest at the bottom fills the beat after the raise's own length */
		double moving = s ? s->tr + s->plateau + s->tl : 0;
		double rest = st->beat > 0 ? fmax(0.1, st->beat - moving) : jittered(b, st->rest, st->jitter);
		level_to(b, b->weight, st->share, rest);
		struct truth_rep *reps = grow(b, b->m->reps, b->m->n_reps, sizeof *reps);
		if (!reps || !s)
			return;
		b->m->reps = reps;
		s = &b->m->seg[raise_index]; /* level_to() may have moved the array */
		if (st->vary > 0)
			set_free_lowering(s, st->vary, &b->rng);
		b->rc = rep_truth(s, b->m->heel_fraction, &reps[b->m->n_reps++]);
	}
}

static void add_hold_truth(struct builder *b, double start, double end, bool seated)
{
	struct truth_hold *holds = grow(b, b->m->holds, b->m->n_holds, sizeof *holds);
	if (!holds)
		return;
	b->m->holds = holds;
	holds[b->m->n_holds++] = (struct truth_hold){ .start = start, .end = end, .seated = seated };
}

static void build_hold_standing(struct builder *b, const struct sim_step *st)
{
	/* The hold runs between the COP's halfway crossings, at h = heel_fraction/2 of H. */
	const double half = b->m->heel_fraction / 2;
	struct profile up = profile_for_measured(st->rise), down = profile_for_measured(st->lower);
	double outside = profile_time_at(&up, half) + profile_time_at(&down, half);
	double plateau = st->seconds - (up.T + down.T - outside);
	if (plateau < 0)
		plateau = 0;
	/* as a raise, its hold (90% to 90%) is the plateau plus the two tails above 90% */
	double hold = plateau + profile_time_at(&up, 0.1) + profile_time_at(&down, 0.1);
	transition_to(b, b->weight, st->share);
	struct segment *s = add_raise(b, st->rise, hold, st->lower, st->height_mm);
	if (s)
		add_hold_truth(b, raise_up_at(s, half), raise_down_at(s, half), false);
}

static void build_hold_seated(struct builder *b, const struct sim_step *st)
{
	transition_to(b, st->seated_load * b->weight, st->share);
	double plateau = st->seconds - st->ramp;
	if (plateau < 0)
		plateau = 0;
	double t0 = b->t;
	struct segment *s = push_segment(b, SEG_HOLD_SEATED, 2 * st->ramp + plateau);
	if (!s)
		return;
	s->ramp = st->ramp;
	s->plateau = plateau;
	s->push_n = st->push_n;
	add_hold_truth(b, t0 + st->ramp / 2, t0 + 1.5 * st->ramp + plateau, true);
}

/* Half-sine force amplitude that gives the impulse for a velocity change, on top of the
 * baseline that ramps between 0 and body weight (push-off, landing) or from 0 (contact). */
static double sine_amplitude(double duration, double impulse_ns)
{
	return M_PI * impulse_ns / (2 * duration);
}

static void build_hops(struct builder *b, const struct sim_step *st)
{
	double m = b->m->mass_kg;
	transition_to(b, b->weight, st->share);
	double flight = jittered(b, st->flight, st->jitter);
	struct segment *s = push_segment(b, SEG_HOP_PUSH, HOP_PUSH_S);
	if (s)
		s->amp = sine_amplitude(HOP_PUSH_S, m * STANDARD_GRAVITY * flight / 2 + m * STANDARD_GRAVITY * HOP_PUSH_S / 2);
	for (int i = 0; i < st->count && b->rc == ST_OK; i++) {
		double takeoff = b->t;
		push_segment(b, SEG_FLIGHT, flight);
		double landing = b->t, contact = NAN;
		double v_in = STANDARD_GRAVITY * flight / 2;
		if (i + 1 < st->count) {
			contact = jittered(b, st->contact, st->jitter);
			flight = jittered(b, st->flight, st->jitter);
			s = push_segment(b, SEG_CONTACT, contact);
			if (s)
				s->amp = sine_amplitude(contact, m * STANDARD_GRAVITY * contact + m * (v_in + STANDARD_GRAVITY * flight / 2));
		} else {
			s = push_segment(b, SEG_HOP_LAND, HOP_LAND_S);
			if (s)
				s->amp = sine_amplitude(HOP_LAND_S, m * v_in + m * STANDARD_GRAVITY * HOP_LAND_S / 2);
		}
		struct truth_hop *hops = grow(b, b->m->hops, b->m->n_hops, sizeof *hops);
		if (!hops)
			return;
		b->m->hops = hops;
		hops[b->m->n_hops++] = (struct truth_hop){ .takeoff = takeoff, .landing = landing, .contact = contact };
	}
}

/* Nobody on the plates; the step's masses stand on them for its duration. */
static void build_place(struct builder *b, const struct sim_step *st)
{
	transition_to(b, 0, b->share);
	struct placement *p = grow(b, b->m->placed, b->m->n_placed, sizeof *p);
	if (!p)
		return;
	b->m->placed = p;
	p = &p[b->m->n_placed++];
	*p = (struct placement){ .t0 = b->t, .t1 = b->t + st->seconds, .n_masses = st->n_masses };
	memcpy(p->mass, st->mass, sizeof p->mass);
	level_to(b, 0, b->share, st->seconds);
}

static void build_step(struct builder *b, const struct sim_step *step)
{
	struct sim_step resolved = *step, *st = &resolved;
	if (isnan(st->share))
		st->share = b->share; /* no share or leg given: keep the current one */
	switch (st->kind) {
	case SIM_EMPTY:
		transition_to(b, 0, b->share);
		level_to(b, 0, b->share, st->seconds);
		break;
	case SIM_STEP_ON:
		level_to(b, b->weight, st->share, st->seconds);
		break;
	case SIM_STEP_OFF:
		level_to(b, 0, b->share, st->seconds);
		break;
	case SIM_STAND:
		transition_to(b, b->weight, st->share);
		level_to(b, b->weight, st->share, st->seconds);
		break;
	case SIM_SIT:
		transition_to(b, st->seated_load * b->weight, st->share);
		level_to(b, st->seated_load * b->weight, st->share, st->seconds);
		break;
	case SIM_RAISE:
		build_raises(b, st);
		break;
	case SIM_HOLD_STANDING:
		build_hold_standing(b, st);
		break;
	case SIM_HOLD_SEATED:
		build_hold_seated(b, st);
		break;
	case SIM_HOPS:
		build_hops(b, st);
		break;
	case SIM_PLACE:
		build_place(b, st);
		break;
	}
}

/* The bob's force is spread over breathing (0.25 Hz), balance (0.6 Hz) and the
 * heartbeat's ballistic bob (1.3 Hz), mostly at the top: at 0.25 Hz a 2 N breath would
 * lift the body by a centimetre, which people do not do. */
static void set_up_bob(struct sim_model *m, const struct sim_scenario *sc, struct rng *r)
{
	static const double hz[3] = { 0.25, 0.6, 1.3 }, share[3] = { 0.05, 0.25, 0.70 };
	for (int k = 0; k < 3; k++) {
		m->bob_omega[k] = 2 * M_PI * hz[k];
		m->bob_m[k] = share[k] * sc->sway_n / (m->mass_kg * m->bob_omega[k] * m->bob_omega[k]);
		m->bob_phase[k] = 2 * M_PI * rng_uniform(r);
	}
}

/* The bob's height (m) at t, and its acceleration. */
static double bob(const struct sim_model *m, double t, double *acc)
{
	double h = 0;
	*acc = 0;
	for (int k = 0; k < 3; k++) {
		double x = m->bob_m[k] * sin(m->bob_omega[k] * t + m->bob_phase[k]);
		h += x;
		*acc -= m->bob_omega[k] * m->bob_omega[k] * x;
	}
	return h;
}

/* The wait at the end of the step just built (its beat and lead: once the next is). */
static void add_wait(struct builder *b, int set)
{
	struct sim_model *m = b->m;
	struct sim_wait *grown = b->rc == ST_OK ? realloc(m->waits, (m->n_waits + 1) * sizeof *grown) : NULL;
	if (!grown) {
		if (b->rc == ST_OK)
			b->rc = st_fail(ST_ERR_NOMEM, "simulator: out of memory");
		return;
	}
	m->waits = grown;
	grown[m->n_waits++] = (struct sim_wait){ .at_s = b->t, .set = set };
}

int sim_model_build(const struct sim_scenario *sc, struct sim_model *m)
{
	*m = (struct sim_model){ .mass_kg = sc->mass_kg, .cop_flat_mm = sc->cop_flat_mm, .cop_fore_mm = sc->cop_fore_mm,
				 .heel_fraction = sc->heels_pct / 100 };
	struct builder b = { .m = m, .sc = sc, .share = 0.5, .weight = sc->mass_kg * STANDARD_GRAVITY };
	rng_seed(&b.rng, sc->seed ^ 0x5EEDu);
	/* Start as the first step finds the patient: on the plates unless it says otherwise. */
	const struct sim_step *first = &sc->steps[0];
	if (first->kind == SIM_EMPTY || first->kind == SIM_STEP_ON || first->kind == SIM_PLACE)
		b.load = 0;
	else if (first->kind == SIM_SIT || first->kind == SIM_HOLD_SEATED)
		b.load = first->seated_load * b.weight;
	else
		b.load = b.weight;
	b.share = isnan(first->share) ? 0.5 : first->share;
	m->static_load_n = b.load;
	set_up_bob(m, sc, &b.rng);
	for (size_t i = 0; i < sc->n_steps && b.rc == ST_OK; i++) {
		const struct sim_step *st = &sc->steps[i];
		build_step(&b, st);
		if (i > 0 && sc->steps[i - 1].until_set && st->kind == SIM_RAISE && st->beat > 0 && b.rc == ST_OK) {
			struct sim_wait *w = &m->waits[m->n_waits - 1]; /* the raises after a wait, on a beat */
			w->beat_s = st->beat;
			w->lead_s = b.first_beat_s - w->at_s;
		}
		if (st->until_set)
			add_wait(&b, st->until_set);
	}
	m->duration_s = b.t;
	for (size_t i = 0; i < m->n_reps; i++)
		m->reps[i].left_share_pct = mean_left_share(m, m->reps[i].start, m->reps[i].end);
	for (size_t i = 0; i < m->n_holds; i++)
		m->holds[i].left_share_pct = mean_left_share(m, m->holds[i].start, m->holds[i].end);
	if (b.rc != ST_OK)
		sim_model_free(m);
	return b.rc;
}

void sim_model_free(struct sim_model *m)
{
	free(m->seg);
	free(m->reps);
	free(m->holds);
	free(m->hops);
	free(m->placed);
	free(m->waits);
	memset(m, 0, sizeof *m);
}

/* A raise segment's height, as a fraction of its peak, and acceleration (1/s^2). */
static double raise_fraction(const struct segment *s, double tau, double *acc)
{
	struct profile up = profile_make(s->tr), down = profile_make(s->tl);
	if (tau < s->tr) {
		*acc = profile_acc(&up, tau);
		return profile_pos(&up, tau);
	}
	if (tau < s->tr + s->plateau) {
		*acc = 0;
		return 1;
	}
	double u = tau - s->tr - s->plateau, x = lowering_pos(s, &down, u);
	if (s->vary > 0) {
		const double d = 1e-3; /* the warped curve's acceleration, by central differences */
		*acc = -(lowering_pos(s, &down, u + d) - 2 * x + lowering_pos(s, &down, u - d)) / (d * d);
	} else {
		*acc = -profile_acc(&down, u);
	}
	return 1 - x;
}

/* Total load, left share and COP forefoot fraction of one segment at local time tau. */
static void eval_segment(const struct sim_model *m, const struct segment *s, double tau, double *load,
			 double *cop_frac)
{
	double mg = m->mass_kg * STANDARD_GRAVITY, dur = s->t1 - s->t0, u = dur > 0 ? tau / dur : 1;
	u = u < 0 ? 0 : u > 1 ? 1 : u;
	switch (s->kind) {
	case SEG_LEVEL:
		*load = s->load_from + (s->load_to - s->load_from) * smoothstep(u);
		*cop_frac = 0;
		return;
	case SEG_RAISE: {
		double a, h = raise_fraction(s, tau, &a);
		*load = mg + m->mass_kg * s->height_m * a;
		*cop_frac = smoothstep(h / m->heel_fraction);
		return;
	}
	case SEG_HOLD_SEATED: {
		double f;
		if (tau < s->ramp)
			f = smoothstep(tau / s->ramp);
		else if (tau < s->ramp + s->plateau)
			f = 1;
		else
			f = smoothstep(1 - (tau - s->ramp - s->plateau) / s->ramp);
		*load = s->load_from + s->push_n * f;
		*cop_frac = f;
		return;
	}
	case SEG_HOP_PUSH:
		*load = mg * (1 - smoothstep(u)) + s->amp * sin(M_PI * u);
		*cop_frac = smoothstep(u);
		return;
	case SEG_FLIGHT:
		*load = 0;
		*cop_frac = 1;
		return;
	case SEG_CONTACT:
		*load = s->amp * sin(M_PI * u);
		*cop_frac = 1;
		return;
	case SEG_HOP_LAND:
		*load = mg * smoothstep(u) + s->amp * sin(M_PI * u);
		*cop_frac = 1 - smoothstep(u);
		return;
	}
	*load = 0; /* not a kind of segment: nothing on the plates */
	*cop_frac = 0;
}

/* The load a segment would have without the body's acceleration. */
static double static_load(const struct segment *s, double tau, double load)
{
	double dur = s->t1 - s->t0, u = dur > 0 ? fmin(fmax(tau / dur, 0), 1) : 1;
	switch (s->kind) {
	case SEG_RAISE: return s->load_from;
	case SEG_HOLD_SEATED: return s->load_from;
	case SEG_HOP_PUSH: return s->load_from * (1 - smoothstep(u));
	case SEG_HOP_LAND: return s->load_to * smoothstep(u);
	case SEG_FLIGHT:
	case SEG_CONTACT: return 0;
	case SEG_LEVEL: return load;
	}
	return load;
}

/* The placed masses' force and COP on each plate at t. */
static void eval_placed(const struct sim_model *m, double t, struct model_point *out)
{
	double moment_x[2] = { 0, 0 }, moment_y[2] = { 0, 0 };
	for (int side = 0; side < 2; side++)
		out->placed_n[side] = 0;
	for (size_t i = 0; i < m->n_placed; i++) {
		const struct placement *p = &m->placed[i];
		if (t < p->t0 || t >= p->t1)
			continue;
		double on = smoothstep((t - p->t0) / PLACE_RAMP_S) * smoothstep((p->t1 - t) / PLACE_RAMP_S);
		for (int k = 0; k < p->n_masses; k++) {
			const struct sim_mass *ms = &p->mass[k];
			double f = on * ms->kg * STANDARD_GRAVITY;
			out->placed_n[ms->side] += f;
			moment_x[ms->side] += f * ms->x_mm;
			moment_y[ms->side] += f * ms->y_mm;
		}
	}
	for (int side = 0; side < 2; side++) {
		double f = out->placed_n[side];
		out->placed_x[side] = f > 0 ? moment_x[side] / f : 0;
		out->placed_y[side] = f > 0 ? moment_y[side] / f : 0;
	}
}

void sim_model_eval(const struct sim_model *m, double t, size_t *cursor, struct model_point *out)
{
	size_t i = *cursor < m->n_seg ? *cursor : 0;
	if (m->n_seg == 0) {
		*out = (struct model_point){ 0 };
		return;
	}
	if (t < m->seg[i].t0)
		i = 0;
	while (i + 1 < m->n_seg && t >= m->seg[i].t1)
		i++;
	*cursor = i;
	const struct segment *s = &m->seg[i];
	double tau = t - s->t0, load, cop_frac;
	if (tau > s->t1 - s->t0)
		tau = s->t1 - s->t0; /* past the end: hold the last state */
	eval_segment(m, s, tau, &load, &cop_frac);
	double dur = s->t1 - s->t0;
	double share = s->share_from + (s->share_to - s->share_from) * smoothstep(dur > 0 ? tau / dur : 1);
	/* how much of the body stands on the plates, leaving out its acceleration (a hand on a
	 * rail takes a share of the weight, not of the push) */
	double mg = m->mass_kg * STANDARD_GRAVITY, level = fmin(static_load(s, tau, load) / mg, 1), bob_acc;
	bob(m, t, &bob_acc);
	load += m->mass_kg * bob_acc * level; /* only a body standing on the plates bobs them */
	if (load < 0)
		load = 0;
	out->fz[0] = load * share;
	out->fz[1] = load * (1 - share);
	out->cop_y_frac = cop_frac;
	out->level = level;
	eval_placed(m, t, out);
}

static void add_number(cJSON *o, const char *key, double v)
{
	if (isfinite(v))
		cJSON_AddNumberToObject(o, key, round(v * 1e6) / 1e6);
}

char *sim_model_truth_json(const struct sim_model *m, const struct sim_scenario *sc)
{
	double mg = m->mass_kg * STANDARD_GRAVITY;
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "scenario", sc->name);
	cJSON_AddStringToObject(root, "serial", sc->serial);
	add_number(root, "duration_s", m->duration_s);
	add_number(root, "mass_kg", m->mass_kg);
	add_number(root, "body_weight_n", mg);
	cJSON *reps = cJSON_AddArrayToObject(root, "reps");
	for (size_t i = 0; i < m->n_reps; i++) {
		const struct truth_rep *r = &m->reps[i];
		cJSON *o = cJSON_CreateObject();
		add_number(o, "start_s", r->start);
		add_number(o, "top_s", r->top);
		add_number(o, "lower_start_s", r->lower_start);
		add_number(o, "end_s", r->end);
		add_number(o, "heels_down_s", r->heels_down);
		add_number(o, "rise_s", r->top - r->start);
		add_number(o, "hold_s", r->lower_start - r->top);
		add_number(o, "lower_s", r->end - r->lower_start);
		add_number(o, "height_mm", r->height_mm);
		add_number(o, "work_j", mg * r->height_mm / 1000);
		add_number(o, "left_share_pct", r->left_share_pct);
		cJSON_AddItemToArray(reps, o);
	}
	cJSON *holds = cJSON_AddArrayToObject(root, "holds");
	for (size_t i = 0; i < m->n_holds; i++) {
		const struct truth_hold *h = &m->holds[i];
		cJSON *o = cJSON_CreateObject();
		add_number(o, "start_s", h->start);
		add_number(o, "end_s", h->end);
		add_number(o, "duration_s", h->end - h->start);
		add_number(o, "left_share_pct", h->left_share_pct);
		cJSON_AddBoolToObject(o, "seated", h->seated);
		cJSON_AddItemToArray(holds, o);
	}
	cJSON *hops = cJSON_AddArrayToObject(root, "hops");
	for (size_t i = 0; i < m->n_hops; i++) {
		const struct truth_hop *h = &m->hops[i];
		double flight = h->landing - h->takeoff, height = STANDARD_GRAVITY * flight * flight / 8;
		cJSON *o = cJSON_CreateObject();
		add_number(o, "takeoff_s", h->takeoff);
		add_number(o, "landing_s", h->landing);
		add_number(o, "flight_s", flight);
		add_number(o, "contact_s", h->contact);
		add_number(o, "height_mm", height * 1000);
		add_number(o, "rsi", height / h->contact);
		cJSON_AddItemToArray(hops, o);
	}
	char *text = cJSON_Print(root);
	cJSON_Delete(root);
	return text;
}
