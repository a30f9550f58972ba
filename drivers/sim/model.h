/* model.h: the simulated patient's movement as a timeline, and its ground truth.
 *
 * The scenario's steps become segments of time. Standing, the plates carry
 * m (g + a) where a is the body's vertical acceleration: heel raises move the centre of
 * mass along minimum-jerk curves, hops are force profiles whose impulses match the
 * flight times. Seated, the plates carry the legs' share of body weight plus the calf's
 * push. The COP runs from the flat-foot to the forefoot position as the heels rise.
 * The truth of every rep, hold and hop follows the DESIGN.md definitions exactly, on the
 * deliberate movement alone: sway and breathing make the standing body's centre of mass
 * bob by a few millimetres (its force is m times that acceleration), but DESIGN.md counts
 * them among the slow disturbances the phases must not move with, so the truth's h leaves
 * them out. The other nuisances (noise, hum, drift, a hand on a rail, an arm or the trunk
 * moving: disturbance.h) are not the body's movement; the driver adds them.
 */
#ifndef STATION_SIM_MODEL_H
#define STATION_SIM_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "physics.h"
#include "scenario.h"

enum seg_kind {
	SEG_LEVEL,       /* steady load and share, or a smooth change between two */
	SEG_RAISE,       /* heel raise: rise, plateau, lower */
	SEG_HOLD_SEATED, /* seated calf push with the heels up */
	SEG_HOP_PUSH,    /* from standing to take-off */
	SEG_FLIGHT,
	SEG_CONTACT,     /* between two hops */
	SEG_HOP_LAND,    /* last landing back to standing */
};

struct segment {
	enum seg_kind kind;
	double t0, t1;
	double load_from, load_to;   /* SEG_LEVEL: static load on the plates, N */
	double share_from, share_to; /* fraction on the left plate */
	double tr, plateau, tl, height_m; /* SEG_RAISE */
	double vary, vary_phase, vary_cycles; /* SEG_RAISE: a free lowering's wandering speed */
	double ramp, push_n;              /* SEG_HOLD_SEATED */
	double amp;                       /* hop segments: force amplitude of the sine, N */
	double cop_from, cop_to;          /* SEG_LEVEL: forefoot fraction of the COP */
};

/* Masses placed on the plates (scenario step place) over [t0, t1). */
struct placement {
	double t0, t1;
	struct sim_mass mass[SIM_MASSES_MAX];
	int n_masses;
};

/* Where the patient waits for the station to start a set (a stand or sit until-set). */
struct sim_wait {
	double at_s;   /* the model's time where the wait begins */
	int set;       /* the set whose start ends it */
	double beat_s; /* the next step's metronome (0: none): the wait lasts whole beats */
	double lead_s; /* from the wait's end to that step's first rep, on its beat */
};

struct truth_rep {
	double start, top, lower_start, end, height_mm, left_share_pct;
	double heels_down; /* the COP halfway back to the flat foot: the heels landing */
};

struct truth_hold {
	double start, end, left_share_pct;
	bool seated;
};

struct truth_hop {
	double takeoff, landing, contact; /* contact NAN for the last hop */
};

struct sim_model {
	double mass_kg;
	double cop_flat_mm, cop_fore_mm;
	double heel_fraction; /* the COP is on the forefoot above this fraction of a raise's height */
	struct segment *seg;
	size_t n_seg;
	double duration_s;
	double static_load_n; /* load at rest before the first movement (body weight standing) */
	struct truth_rep *reps;
	size_t n_reps;
	struct truth_hold *holds;
	size_t n_holds;
	struct truth_hop *hops;
	size_t n_hops;
	struct placement *placed;
	size_t n_placed;
	struct sim_wait *waits; /* in time order */
	size_t n_waits;
	/* sway and breathing: the standing body's centre of mass bobs by a few mm */
	double bob_m[3], bob_omega[3], bob_phase[3];
};

/* The clean model at one instant. */
struct model_point {
	double fz[2];     /* N, per plate */
	double cop_y_frac;/* 0 flat foot .. 1 forefoot */
	double level;     /* 0..1: how much of the body stands on the plates (scales the rail) */
	double placed_n[2], placed_x[2], placed_y[2]; /* placed masses: force (N) and COP (mm) per plate */
};

/* Per-rep jitter comes from the scenario's seed, so a seed gives one timeline. */
int sim_model_build(const struct sim_scenario *sc, struct sim_model *m);
void sim_model_free(struct sim_model *m);

/* Evaluates at time t; *cursor speeds up calls with rising t (start it at 0). */
void sim_model_eval(const struct sim_model *m, double t, size_t *cursor, struct model_point *out);

/* The truth as JSON text with the keys of `station analyse` (caller frees). */
char *sim_model_truth_json(const struct sim_model *m, const struct sim_scenario *sc);

#endif
