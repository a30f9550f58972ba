/* exercise_feedback.h: what the exercise screens keep of the set under way, between and
 * after the runner's events: each rep's lowering time and whether it was measured at
 * all, the recent hops with the foot they landed on, the hold just released (so the
 * screen does not fall back to "Raise your heels, 0 of 45 s" once the heels are down),
 * how steady the hold under way is, and the share of body weight on the hands, smoothed.
 *
 * Events come in through feedback_event() as the runner hands them out, whatever makes
 * them (today the flow's live analysis; a worker thread and its queue later): nothing
 * here depends on when or how they were found.
 */
#ifndef STATION_APP_EXERCISE_FEEDBACK_H
#define STATION_APP_EXERCISE_FEEDBACK_H

#include <stdbool.h>

#include "live.h"
#include "runner.h"
#include "views.h"

/* Heels up at least this long: a hold whose time stays on the screen once they are down. */
#define HOLD_SHOWN_MIN_S 2.0
/* The hands' share is smoothed over about this long (plate time): a hand that lands on a
 * rail for a moment is not a cue, one that stays is. */
#define SUPPORT_SMOOTH_S 2.0

struct exercise_feedback {
	int set;                       /* the set the events belong to (0: none yet) */
	double lower_s[VIEW_MAX_REPS]; /* the set's reps, oldest first (the newest kept) */
	bool uncertain[VIEW_MAX_REPS]; /* that rep's timing is uncertain: no verdict */
	bool both_feet[VIEW_MAX_REPS]; /* that one-leg rep was done on both feet (FLOW_BOTH_FEET) */
	int n_lower;
	struct view_hop hops[VIEW_MAX_HOPS];
	int n_hops;
	struct hop_result last_hop;    /* the newest hop, for its contact once the next takes off */
	double held_s;                 /* the hold under way, or the last one once released */
	bool released;                 /* the heels are down after a hold of HOLD_SHOWN_MIN_S or more */
	double released_at_s;          /* ... since then (plate time) */
	bool stale;                    /* the heels went up before the set could count them: that
					* hold is no hold of this set, they come down first */
	double steadiness;             /* the hold's: 1 with the COP still .. 0 (NAN: not shown) */
	enum steady_word steady_word;  /* its word, held through small swings (feedback_live) */
	double support_pct;            /* share of body weight on the hands (NAN: not known) */
	double support_t_s;            /* plate time of its last update */
};

/* Forgets the last set's events: a new set begins. */
void feedback_start_set(struct exercise_feedback *fb, int set);
/* A rep, hold or hop just measured (events of another set are left out). */
void feedback_event(struct exercise_feedback *fb, const struct session_event *e);
/* The live state at plate time t_s: the hold's time, its steadiness and the hands' share. standing: the
 * exercise is done standing (seated, the hands' share means nothing). A hold whose heels
 * went up before counts_from_s (flow_view's counting_from_s: kept up from the last set,
 * say) is counted in no set, so it is shown as none. */
void feedback_live(struct exercise_feedback *fb, const struct live_state *ls, double t_s, double counts_from_s,
		   bool standing);

#endif
