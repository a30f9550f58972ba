/* api.c: the simulated dual plate, a driver like any other.
 *
 * It plays a scenario's model (model.c) as raw counts: each plate's force is split over
 * its four cells at the COP, turned into counts through per-channel gains and zeros, and
 * load-cell noise, mains hum, sway, a hand on a rail, load-cell drift and the body's other
 * disturbances (disturbance.c) are added, so calibration and analysis meet real work.
 * Paced by the monotonic clock (samples owed = elapsed x rate), or as fast as the caller
 * polls.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "disturbance.h"
#include "model.h"
#include "patient.h"
#include "plate_cells.h"
#include "plate_driver.h"
#include "rng.h"
#include "scenario.h"
#include "sim.h"

#define SIM_NOMINAL_COUNTS_PER_N 4000.0
#define SIM_CELL_X_MM 80
#define SIM_CELL_Y_MM 150
#define FAST_BATCH 4096
#define FRAME_BUF 512
#define READY_S 1.0 /* cued to start a set, the patient starts no sooner than this */

struct sim_plate {
	struct plate base;
	struct sim_scenario sc;
	struct sim_model model;
	struct sim_disturbance disturbance;
	struct plate_cell cells[PLATE_CHANNELS]; /* what a perfect calibration of this plate finds */
	struct cell_split split[2];
	double counts_per_n[PLATE_CHANNELS];
	struct rng noise;
	uint64_t seed;
	bool fast;
	uint64_t next;     /* index of the next sample instant */
	uint64_t end;      /* first index past the scenario, less the waits */
	struct plate_pacer pacer;
	uint32_t device_t0_us;
	size_t cursor;
	uint32_t lost;     /* instants dropped since the last frame delivered */
	bool gone;
	uint64_t back_at;  /* after an unplug: the first instant once plugged back in */
	double phase[6];   /* sway and hum phases */
	/* The patient waiting for the station (model.h's waits): the model's clock is held
	 * for paused instants so far, the plate's goes on (noise, sway, drift) */
	uint64_t paused;
	size_t wait_i;     /* the next wait */
	int cued_set;      /* the last set the station said it starts (plate_cue_set) */
	uint64_t cued_at;  /* the instant it said so */
	struct plate_frame buf[FRAME_BUF];
};

static const struct plate_ops sim_ops;

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 1099511628211ull;
	return h;
}

void sim_plate_cells(const char *serial, struct plate_cell out[PLATE_CHANNELS])
{
	static const int sign_x[4] = { -1, 1, -1, 1 }, sign_y[4] = { 1, 1, -1, -1 };
	struct rng r;
	rng_seed(&r, fnv1a(serial));
	for (int c = 0; c < PLATE_CHANNELS; c++) {
		double counts_per_n = SIM_NOMINAL_COUNTS_PER_N * (1 + 0.03 * rng_symmetric(&r));
		out[c].newtons_per_count = 1 / counts_per_n;
		/* the plate's own weight and the amplifier's offset */
		out[c].zero_counts = round(100000 * rng_symmetric(&r) + 30 * counts_per_n);
		out[c].x_mm = sign_x[c % 4] * SIM_CELL_X_MM + 1.5 * rng_symmetric(&r);
		out[c].y_mm = sign_y[c % 4] * SIM_CELL_Y_MM + 1.5 * rng_symmetric(&r);
	}
}

/* name: the spec that opens it again ("sim" with the same dose for a patient). */
static void fill_info(struct sim_plate *s, const char *name)
{
	struct plate_info *info = &s->base.info;
	plate_info_defaults(info);
	strcpy(info->driver, "sim");
	snprintf(info->name, sizeof info->name, "%s", name);
	snprintf(info->serial, sizeof info->serial, "%s", s->sc.serial);
	info->default_rate_hz = 1000;
	info->min_rate_hz = 100;
	info->max_rate_hz = 2000;
	for (int c = 0; c < PLATE_CHANNELS; c++) {
		info->cell_x_mm[c] = (int16_t)((c % 2 ? 1 : -1) * SIM_CELL_X_MM);
		info->cell_y_mm[c] = (int16_t)((c % 4 < 2 ? 1 : -1) * SIM_CELL_Y_MM);
	}
	info->plate_width_mm = 2 * SIM_CELL_X_MM + 60;
	info->plate_length_mm = 2 * SIM_CELL_Y_MM + 100;
	info->counts_per_newton_x1000 = (int32_t)(SIM_NOMINAL_COUNTS_PER_N * 1000);
}

/* Plain "sim" with a dose plays a patient who does it as asked. */
static bool plays_patient(const char *arg, const struct plate_options *opt)
{
	return !*arg && opt->dose && opt->dose->activity != PLATE_ACTIVITY_NONE;
}

/* The patient of the dose, each session a little different unless a seed is given; else
 * the scenario arg names. */
static int load_scenario(const char *arg, const struct plate_options *opt, struct sim_scenario *sc)
{
	if (!plays_patient(arg, opt))
		return sim_scenario_load(arg, sc);
	char *text = sim_patient_scenario(opt->dose, opt->seed ? opt->seed : (uint64_t)time(NULL));
	if (!text)
		return st_fail(ST_ERR_NOMEM, "sim: out of memory");
	int rc = sim_scenario_parse(text, "patient", sc);
	free(text);
	return rc;
}

static int sim_open(const char *arg, const struct plate_options *opt, struct plate **out)
{
	struct sim_plate *s = calloc(1, sizeof *s);
	if (!s)
		return st_fail(ST_ERR_NOMEM, "sim: out of memory");
	int rc = load_scenario(arg, opt, &s->sc);
	if (rc != ST_OK) {
		free(s);
		return rc;
	}
	if (opt->seed)
		s->sc.seed = opt->seed;
	/* only a session starts sets: anywhere else (station record, the live view) the
	 * patient would wait for ever, and a fast recording fill the disk */
	for (size_t i = 0; i < s->sc.n_steps && rc == ST_OK && !opt->dose; i++)
		if (s->sc.steps[i].until_set)
			rc = st_fail(ST_ERR_ARG, "sim:%s: line %d: until-set waits for a session to start set %d; this "
						 "scenario plays only in a session (station session, or a patient chosen on "
						 "the screen)",
				     arg, s->sc.steps[i].line, s->sc.steps[i].until_set);
	if (rc == ST_OK)
		rc = sim_model_build(&s->sc, &s->model);
	if (rc == ST_OK) {
		rc = sim_disturbance_build(&s->sc, &s->model, &s->disturbance);
		if (rc != ST_OK)
			sim_model_free(&s->model);
	}
	if (rc != ST_OK) {
		sim_scenario_free(&s->sc);
		free(s);
		return rc;
	}
	s->base.ops = &sim_ops;
	s->base.answers = &s->sc.answers;
	s->fast = opt->fast;
	s->seed = s->sc.seed;
	char name[PLATE_NAME_MAX] = "sim";
	if (!plays_patient(arg, opt))
		snprintf(name, sizeof name, "sim:%s", *arg ? arg : "demo");
	fill_info(s, name);
	sim_plate_cells(s->sc.serial, s->cells);
	for (int side = 0; side < 2; side++) {
		double x[4], y[4];
		for (int k = 0; k < 4; k++) {
			x[k] = s->cells[side * 4 + k].x_mm;
			y[k] = s->cells[side * 4 + k].y_mm;
		}
		cell_split_init(&s->split[side], x, y);
	}
	for (int c = 0; c < PLATE_CHANNELS; c++)
		s->counts_per_n[c] = 1 / s->cells[c].newtons_per_count;
	*out = &s->base;
	return ST_OK;
}

/* At a wait, instant n holds the model's clock, until the set is cued and the next step
 * can start READY_S or more after the cue, the wait whole beats long: the reps stay on
 * the metronome that beats from the stream's start, as the station's pacer does. */
static void hold_at_wait(struct sim_plate *s, uint64_t n)
{
	if (s->wait_i >= s->model.n_waits)
		return;
	const struct sim_wait *w = &s->model.waits[s->wait_i];
	unsigned rate = s->base.rate_hz;
	if ((double)(n - s->paused) / rate < w->at_s)
		return;
	bool ready = s->cued_set >= w->set && (double)n / rate + w->lead_s >= (double)s->cued_at / rate + READY_S;
	bool on_beat = w->beat_s <= 0 || fmod((double)s->paused / rate + 0.5 / rate, w->beat_s) < 1.0 / rate;
	if (ready && on_beat)
		s->wait_i++;
	else
		s->paused++;
}

/* Plugged back in after an unplug: the patient went on meanwhile (or waited for the
 * station), so the stream goes on at the instant it is back (in real time, once that
 * instant is due), those between counted as lost, and the scenario is not played again
 * from its start. */
static int sim_plug_back(struct sim_plate *s)
{
	if (!s->fast && plate_pacer_due(&s->pacer) < s->back_at)
		return st_fail(ST_ERR_GONE, "%s: not plugged back in yet", s->base.info.name);
	s->lost += (uint32_t)(s->back_at - s->next);
	for (; s->next < s->back_at; s->next++)
		hold_at_wait(s, s->next);
	s->gone = false;
	return ST_OK;
}

static int sim_start(struct plate *p, unsigned rate_hz)
{
	struct sim_plate *s = (struct sim_plate *)p;
	if (s->gone)
		return sim_plug_back(s);
	rng_seed(&s->noise, s->seed);
	for (int i = 0; i < 6; i++)
		s->phase[i] = 2 * M_PI * rng_uniform(&s->noise);
	s->device_t0_us = (uint32_t)rng_next(&s->noise);
	s->next = 0;
	s->end = (uint64_t)ceil(s->model.duration_s * rate_hz - 1e-9);
	s->cursor = 0;
	s->lost = 0;
	s->gone = false;
	s->paused = 0;
	s->wait_i = 0;
	s->cued_set = 0;
	s->cued_at = 0;
	plate_pacer_start(&s->pacer, rate_hz);
	return ST_OK;
}

/* Whether instant n is in a drop or a saturation. */
static bool in_event(const struct sim_scenario *sc, enum sim_event_kind kind, uint64_t n, unsigned rate,
		     int *channel)
{
	for (size_t i = 0; i < sc->n_events; i++) {
		const struct sim_event *e = &sc->events[i];
		if (e->kind != kind)
			continue;
		uint64_t first = (uint64_t)llround(e->at * rate);
		uint64_t len = kind == SIM_DROP ? (uint64_t)e->count : (uint64_t)llround(e->seconds * rate);
		if (n >= first && n - first < len) {
			if (channel)
				*channel = e->channel;
			return true;
		}
	}
	return false;
}

/* Whether the plate is unplugged at instant n, and for how long. */
static bool unplugged_at(const struct sim_scenario *sc, uint64_t n, unsigned rate, double *away_s)
{
	for (size_t i = 0; i < sc->n_events; i++)
		if (sc->events[i].kind == SIM_UNPLUG && n == (uint64_t)llround(sc->events[i].at * rate)) {
			*away_s = sc->events[i].seconds;
			return true;
		}
	return false;
}

static void make_frame(struct sim_plate *s, uint64_t n, struct plate_frame *f)
{
	unsigned rate = s->base.rate_hz;
	double t = (double)n / rate;
	struct model_point mp;
	sim_model_eval(&s->model, (double)(n - s->paused) / rate, &s->cursor, &mp);
	double total = mp.fz[0] + mp.fz[1];
	struct sim_disturbed dist;
	sim_disturbance_eval(&s->disturbance, t, mp.level, &dist);
	double scale = total > 0 ? fmax(0, 1 - dist.rail_n / total) : 0;
	double cop_y = s->sc.cop_flat_mm + mp.cop_y_frac * (s->sc.cop_fore_mm - s->sc.cop_flat_mm);
	double sway_ap = 4 * mp.level * sin(2 * M_PI * 0.3 * t + s->phase[4]) * (s->sc.sway_n > 0);
	double sway_ml = 2 * mp.level * sin(2 * M_PI * 0.2 * t + s->phase[5]) * (s->sc.sway_n > 0);
	double hum = s->sc.hum_n / 4 * sin(2 * M_PI * s->sc.hum_hz * t);
	for (int side = 0; side < 2; side++) {
		double cell_n[4], placed_n[4];
		double plate_n = fmax(0, mp.fz[side] * scale + dist.body_n[side]);
		cell_split_apply(&s->split[side], plate_n, sway_ml, cop_y + sway_ap, cell_n);
		cell_split_apply(&s->split[side], mp.placed_n[side], mp.placed_x[side], mp.placed_y[side], placed_n);
		for (int k = 0; k < 4; k++) {
			int c = side * 4 + k;
			double newtons = cell_n[k] + placed_n[k] + hum + dist.drift_n[side] / 4 +
					 s->sc.noise_n * rng_normal(&s->noise);
			double counts = round(s->cells[c].zero_counts + newtons * s->counts_per_n[c]);
			f->counts[c] = counts > PLATE_ADC_MAX ? PLATE_ADC_MAX
				       : counts < PLATE_ADC_MIN ? PLATE_ADC_MIN : (int32_t)counts;
		}
	}
	int channel;
	if (in_event(&s->sc, SIM_SATURATE, n, rate, &channel))
		f->counts[channel] = PLATE_ADC_MAX;
	f->seq = (uint16_t)n;
	f->device_us = s->device_t0_us + (uint32_t)llround(t * 1e6);
	f->flags = plate_counts_saturated(f->counts) ? PLATE_FRAME_SATURATED : 0;
	f->lost_before = s->lost;
	if (s->lost)
		f->flags |= PLATE_FRAME_GAP_BEFORE;
	s->lost = 0;
}

static uint64_t due_index(const struct sim_plate *s)
{
	return s->fast ? s->next + FAST_BATCH : plate_pacer_due(&s->pacer);
}

static int sim_poll(struct plate *p, int timeout_ms)
{
	struct sim_plate *s = (struct sim_plate *)p;
	if (s->gone)
		return st_fail(ST_ERR_GONE, "%s: the plate was unplugged", p->info.name);
	if (s->next >= s->end + s->paused)
		return ST_ENDED;
	uint64_t due = due_index(s);
	if (due <= s->next && timeout_ms > 0) {
		plate_pacer_wait(&s->pacer, s->next, timeout_ms);
		due = due_index(s);
	}
	int delivered = 0;
	size_t n_buf = 0;
	uint64_t host_ns = plate_now_ns();
	for (; s->next < due && s->next < s->end + s->paused; s->next++) {
		struct plate_frame *f = &s->buf[n_buf];
		double away_s;
		if (unplugged_at(&s->sc, s->next, p->rate_hz, &away_s)) {
			*f = (struct plate_frame){ .host_ns = host_ns, .seq = (uint16_t)s->next,
						   .flags = PLATE_FRAME_GONE };
			n_buf++;
			s->gone = true;
			s->back_at = s->next + (uint64_t)llround(away_s * p->rate_hz);
			break; /* this instant and those up to back_at go by in sim_plug_back */
		}
		hold_at_wait(s, s->next);
		if (in_event(&s->sc, SIM_DROP, s->next, p->rate_hz, NULL)) {
			s->lost++;
			continue;
		}
		make_frame(s, s->next, f);
		f->host_ns = host_ns;
		if (++n_buf == FRAME_BUF) {
			plate_deliver(p, s->buf, n_buf);
			delivered += (int)n_buf;
			n_buf = 0;
		}
	}
	plate_deliver(p, s->buf, n_buf);
	return delivered + (int)n_buf;
}

static int sim_stop(struct plate *p)
{
	(void)p;
	return ST_OK;
}

static void sim_cue_set(struct plate *p, int set_number)
{
	struct sim_plate *s = (struct sim_plate *)p;
	if (set_number > s->cued_set) {
		s->cued_set = set_number;
		s->cued_at = s->next;
	}
}

static void sim_destroy(struct plate *p)
{
	struct sim_plate *s = (struct sim_plate *)p;
	sim_disturbance_free(&s->disturbance);
	sim_model_free(&s->model);
	sim_scenario_free(&s->sc);
	free(s);
}

static char *sim_truth_json(const struct plate *p)
{
	const struct sim_plate *s = (const struct sim_plate *)p;
	if (s->model.n_waits) {
		st_fail(ST_ERR_ARG, "%s: a patient who waits for the station (until-set) has no truth known ahead",
			p->info.name);
		return NULL;
	}
	char *json = sim_model_truth_json(&s->model, &s->sc);
	if (!json)
		st_fail(ST_ERR_NOMEM, "out of memory");
	return json;
}

static int sim_list(struct plate_listing *out, size_t max, size_t *count)
{
	if (*count >= max)
		return ST_OK;
	struct plate_listing *l = &out[(*count)++];
	snprintf(l->name, sizeof l->name, "sim");
	snprintf(l->serial, sizeof l->serial, "SIM-0001");
	snprintf(l->description, sizeof l->description,
		 "simulated dual plate, 100-2000 Hz; scenarios: demo, quiet, empty, heel-raises, single-leg, "
		 "hold-seated, hold-standing, hops, or a file");
	return ST_OK;
}

static const struct plate_ops sim_ops = {
	.start = sim_start,
	.poll = sim_poll,
	.stop = sim_stop,
	.destroy = sim_destroy,
	.truth_json = sim_truth_json,
	.cue_set = sim_cue_set,
};

const struct plate_driver plate_driver_sim = {
	.name = "sim",
	.list = sim_list,
	.open = sim_open,
};
