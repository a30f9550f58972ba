/* detect.h: the detectors behind analyse_trace(), each over one prepared piece. */
#ifndef STATION_ANALYSIS_DETECT_H
#define STATION_ANALYSIS_DETECT_H

#include <math.h>

#include "analysis.h"
#include "piece.h"

/* A stretch of quiet stance [a, b) (at least 1 s, at most 3 s): the first from sample
 * from on whose level is at least min_level newtons. Returns false if there is none. */
bool find_quiet_stance(const struct piece *p, size_t from, double min_level, size_t *a, size_t *b);
/* A first quiet stance under EMPTY_MAX_N is the empty plates with their zeros off when a
 * later one reads EMPTY_TIMES as much and STANDING_MIN_N or more (someone standing): 25 N
 * a plate read 50 N before the step-on, were weighed so, and no hop or hold was found.
 * The last bound keeps a light patient's seat (53 N on the feet) from giving way to a
 * seated push three times as heavy (180 N): a stranger's seated holds were then lost. */
#define EMPTY_MAX_N 150.0
#define EMPTY_TIMES 3.0
#define STANDING_MIN_N 300.0

/* Where the heels are up: the combined COP forward of halfway between its flat-foot and
 * forefoot positions, while the plates carry at least min_load. */
struct heels_up {
	size_t a, b;        /* first sample up, first sample down again */
	double start, end;  /* the halfway crossings, interpolated */
	bool landed;        /* it began with the load coming on, not the COP (stepped or landed
			     * on the toes), or the load went and came back inside it */
	bool left;          /* it ended with the load going, not the COP (stepped off or took
			     * off on the toes) */
	bool from_force;    /* no COP: estimated from the force (find_rises), so no COP to
			     * check the rep against */
};

/* Whether up's heels left or met the ground where the COP was drawn across a blank in
 * the recording (piece_cop_bridged): their times are not seen. */
bool heels_up_bridged(const struct piece *p, const struct heels_up *up);

/* The COP's forward travel from flat foot to forefoot: less, and heels up cannot be told
 * from sway (find_cop_levels gives none). */
#define COP_MIN_TRAVEL_MM 15.0

struct cop_levels {
	double flat, fore;  /* NAN when the COP does not move enough to tell */
};

/* Heels-up intervals that run into either end of the piece cannot be measured, but where
 * they cross tells the rep beside them where its brief time with the heels down ends
 * (reps.c's rep_window): the live window often ends as the next rep begins. NAN: none. */
struct heels_edges {
	double down_at_start; /* the heels come down soon after the piece begins */
	double up_at_end;     /* the heels go up shortly before the piece ends */
	double cop_mid;       /* the COP's halfway level the stretches were found at (NAN: none,
			       * they come from the force) */
};

/* Shorter excursions of the COP beyond halfway are sway or noise, not heels up. */
#define HEELS_UP_MIN_S 0.3
/* Shorter dips of the COP inside a raise are noise: find_heels_up joins them (reps.c
 * parts them again where the body came down: two reps with the heels down that briefly
 * between them). */
#define HEELS_UP_JOIN_S 0.3

/* Heels down for less than this between two reps: the set is done without a still pause
 * at the bottom (reps.c); the live analysis measures such a rep as the next begins. */
#define REPS_SHORT_GAP_S 2.0

/* The plates carry this much less of body weight than the weigh-in over an event: a seat
 * takes the weight (weighed standing, then seated: a stranger found seated holds with
 * "80 %" on the hands), not the hands; or this much more: the feet push (weighed
 * seated: -30 %), no hand. A few % more is a hand pulling or a weigh-in with a hand on
 * the rail, which the figure should show. */
#define SUPPORT_MAX_PCT 30.0
#define SUPPORT_MIN_PCT (-15.0)

/* pct as the hands' support; NAN (not stated) beyond those. */
static inline double hand_support_pct(double pct)
{
	return pct >= SUPPORT_MIN_PCT && pct <= SUPPORT_MAX_PCT ? pct : NAN;
}

/* The plates all but empty this long (piece_longest_unloaded) while the heels are up: the
 * body left them, a hop, a jump or a step: no heel raise, no hold. */
#define LEFT_PLATES_S 0.05

/* The total force above which the COP tells heels up from down. Heel raises are
 * standing (a share of body weight keeps out stepping on and off); holds may be seated,
 * where the feet carry little (DESIGN.md), so any load the COP is defined for counts. */
double heels_up_min_load(enum exercise mode, double body_weight);

/* Only samples over min_load count; flat: the flat-foot position if known (NAN: the low
 * end of the loaded COP). */
struct cop_levels find_cop_levels(const struct piece *p, double min_load, double flat);

/* Appends h to the array *out of *n (room for *cap, grown as needed). */
int heels_up_append(struct heels_up **out, size_t *n, size_t *cap, struct heels_up h);
int find_heels_up(const struct piece *p, struct cop_levels levels, double min_load, struct heels_up **out,
		  size_t *n, struct heels_edges *edges);

/* Heels-up intervals estimated from the force alone, for a recording without a COP
 * (rises.c): where the body is above a fifth of each rise's height. */
int find_rises(const struct piece *p, double body_weight, struct heels_up **out, size_t *n);
/* Rejects the reps from out->reps[first] on whose height is under half their median or
 * 25 mm: with no COP to say the heels stayed down, a disturbance's rise. */
int reject_small_rises(struct analysis *out, size_t first);
/* Moves the reps from out->reps[first] on to the rejected list, with reason (static). */
int reject_reps_since(struct analysis *out, size_t first, const char *reason);

/* Appends an implausible event to out->rejected; reason is static text. */
int analysis_reject(struct analysis *out, double start_s, double end_s, const char *reason);

/* Each appends its events to the analysis (out->reps etc.). early_look: as analysis.h's
 * analysis_known.early_look. */
/* detect_reps may move edges->up_at_end back over a last stretch that is part of it. */
int detect_reps(const struct piece *p, double body_weight, const struct heels_up *up, size_t n_up,
		struct heels_edges *edges, bool early_look, struct analysis *out);
int detect_holds(const struct piece *p, double body_weight, const struct heels_up *up, size_t n_up,
		 struct analysis *out);
int detect_hops(const struct piece *p, double body_weight, double noise_sd, struct analysis *out);

#endif
