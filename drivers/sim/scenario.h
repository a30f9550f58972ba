/* scenario.h: the small text that scripts the simulated patient.
 *
 * One statement per line; '#' starts a comment. Settings (anywhere, once):
 *   name NAME            mass KG            seed N            serial SERIAL
 *   noise N   (load-cell noise, SD per cell, newtons)
 *   hum HZ N  (mains hum, 50 or 60 Hz, amplitude on each plate's force)
 *   sway N    (sway and breathing: the body bobs a few mm at 0.25-1.3 Hz, peak force N; the COP sways too)
 *   rail PCT  (a hand on a rail takes about PCT % of body weight from the first exercise
 *             on, varying slowly by up to 25 % of itself; the weighing before is hands-free)
 *   rail-wander PCT (the hand on the rail grips and eases, its force wandering besides by
 *             about PCT % of itself at 0.1-0.5 Hz, as fast as a slow lowering: default 0)
 *   drift N   (load-cell drift: each plate's zero wanders by about N newtons, 0.01-0.08 Hz)
 *   disturb N (arm, trunk, cable tug, a hand brushing a rail: bursts of up to N newtons at
 *             0.05-1.5 Hz, a few seconds apart; not the deliberate movement, not in the truth)
 *   cop FLAT_MM FORE_MM  (COP y of the flat foot and of the forefoot)
 *   heels PCT (the heels carry load below PCT % of a raise's height, the COP halfway at
 *             half that, going up and coming down: default 30; 2-6 for heels that leave the
 *             ground as the body starts to rise and land only as it is back down, the last
 *             tenth of a slow lowering coming after the COP is back)
 * Steps, played in order, each with optional key=value parameters:
 *   empty SECONDS | step-on SECONDS | step-off SECONDS
 *   stand SECONDS [share=PCT] [leg=both|left|right] [until-set=N]
 *   sit SECONDS [load=PCT_OF_BODY_WEIGHT] [share=PCT] [until-set=N]
 *         (until-set: after the SECONDS, the patient goes on standing or sitting until the
 *         station starts set N of its session (plate_cue_set), then starts the next step
 *         a second later, on the beat of its metronome if it has one: a patient who waits
 *         for the screen however long the set's summary and the rest take, or starts as
 *         soon as the rest is skipped. Only a session cues: elsewhere such a scenario is
 *         refused, as it would wait for ever.)
 *   raise [count=N] [rise=S] [hold=S] [lower=S] [height=MM] [rest=S] [jitter=FRACTION] [vary=FRACTION]
 *         [beat=S] [share=] [leg=]   (vary: a free lowering, its speed wandering by up to
 *         this fraction; 0, the default, lowers evenly as to a pacer; beat: each rep starts
 *         on a beat of a metronome of period S that runs from the scenario's start (the
 *         first on the next beat, each after S seconds), the rest at the bottom taking up
 *         the jitter, so the reps keep time however their phases vary: the station's pacer
 *         beats on the same plate clock, station/app/pacer_clock.h)
 *   hold standing|seated [seconds=S] [height=MM] [rise=S] [lower=S] [push=N] [ramp=S] [share=] [leg=]
 *   hops [count=N] [flight=S] [contact=S] [jitter=FRACTION] [share=] [leg=]
 *   place SIDE KG [at X Y] [SIDE KG [at X Y]]... [seconds=S]
 *             (no one on the plates; known masses stand on them for S seconds (default 6),
 *             SIDE left or right, at X Y mm in that plate's frame (default its centre);
 *             they are put down and lifted off over a quarter second each. For calibration.)
 * The patient's answers, for sessions run with this scenario (plate_scripted_answers()):
 *   answer pop|dip|cannot-raise yes|no     (red flags; default no)
 *   answer pain-now|pain-day-after N       (0-10; default 2)
 *   answer pain-after N[,N...]             (after each set in turn, the last repeating; default 3)
 * Nuisance events at absolute times:
 *   drop at=S count=N | saturate at=S seconds=S channel=C | unplug at=S [seconds=S]
 *   (unplug: the plate is gone from S; a session opening it again gets it back S
 *   seconds later (default SIM_UNPLUG_DEFAULT_S; at once when fast), the patient's
 *   movement having gone on meanwhile: the stream goes on after a gap of those seconds)
 * rise/hold/lower/seconds/flight/contact are the times the DESIGN.md definitions measure.
 * A step without share= or leg= keeps the share of the step before (leg=both is 50 %).
 */
#ifndef STATION_SIM_SCENARIO_H
#define STATION_SIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plate.h"

enum sim_step_kind {
	SIM_EMPTY,
	SIM_STEP_ON,
	SIM_STEP_OFF,
	SIM_STAND,
	SIM_SIT,
	SIM_RAISE,
	SIM_HOLD_STANDING,
	SIM_HOLD_SEATED,
	SIM_HOPS,
	SIM_PLACE,
};

#define SIM_MASSES_MAX 4

/* A known mass standing on a plate (the place step). */
struct sim_mass {
	int side; /* enum plate_side */
	double kg, x_mm, y_mm;
};

struct sim_step {
	enum sim_step_kind kind;
	int line;
	double seconds;
	double share;       /* fraction of the load on the left plate, 0..1; NAN: keep the current */
	double seated_load; /* fraction of body weight on the feet when seated */
	int count;
	double rise, hold, lower, height_mm, rest, jitter, vary;
	double beat;        /* raises to a metronome: each rep starts this long after the one before (0: free) */
	double push_n, ramp;
	double flight, contact;
	int until_set;      /* stand, sit: then on until the station starts this set (0: no wait) */
	struct sim_mass mass[SIM_MASSES_MAX]; /* SIM_PLACE */
	int n_masses;
};

enum sim_event_kind { SIM_DROP, SIM_SATURATE, SIM_UNPLUG };
#define SIM_UNPLUG_DEFAULT_S 3.0

struct sim_event {
	enum sim_event_kind kind;
	double at;
	int count;
	double seconds;
	int channel;
};

#define SIM_HEELS_PCT 30 /* the COP reaches the forefoot by this % of a raise's height (setting heels) */

struct sim_scenario {
	char name[64];
	char serial[64];
	double mass_kg;
	uint64_t seed;
	double noise_n, hum_hz, hum_n, sway_n, rail_pct, rail_wander_pct, drift_n, disturb_n;
	double cop_flat_mm, cop_fore_mm;
	double heels_pct;
	struct sim_step *steps;
	size_t n_steps;
	struct sim_event *events;
	size_t n_events;
	struct plate_answers answers;
};

/* Parses scenario text; name appears in messages ("NAME:LINE: problem"). */
int sim_scenario_parse(const char *text, const char *name, struct sim_scenario *out);

/* spec: a built-in scenario's name, or a path to a scenario file; "" is "demo". */
int sim_scenario_load(const char *spec, struct sim_scenario *out);

void sim_scenario_free(struct sim_scenario *s);

/* Built-in scenarios, NULL-terminated. */
extern const char *const sim_builtin_names[];

#endif
