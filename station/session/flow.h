/* flow.h: one exercise session, as a state machine independent of the screen.
 *
 *   questions: red flags (a felt pop, a dip in the tendon, cannot heel-raise on that
 *              side: any yes stops the session with advice), pain now (above the
 *              plan's pain_before_max: advice not to exercise today and to contact the
 *              physio, then, as the physio allows, the patient chooses to stop or go on),
 *              pain the day after the last session (above pain_day_after_max: today's
 *              dose is eased by ease_pct, and the view says so)
 *   tare       plates empty: their zero is measured and checked for drift
 *   step on    the patient stands still and is weighed
 *   for each set: exercise (live events from the analysis) -> pain after the set ->
 *              rest (counted in plate time)
 *   done       (or stopped: red flag, or pain above the ceiling after a set)
 *
 * The caller pumps it: flow_feed() with every plate frame, flow_answer() with the
 * patient's answers, flow_next() for the single "next" key. It tells the caller what to
 * keep through hooks, called from inside those calls. Its clock is the plate's sample
 * time, so a simulated plate run as fast as possible runs the session as fast too.
 */
#ifndef STATION_SESSION_FLOW_H
#define STATION_SESSION_FLOW_H

#include <stdbool.h>

#include "analysis.h"
#include "calib.h"
#include "live.h"
#include "plate.h"
#include "programme.h"

#define FLOW_IDLE_END_S 30.0
/* ... and before its first event this many times as long: a patient who pressed Start
 * and takes half a minute to get ready lost the rest of the session (a stranger's) */
#define FLOW_IDLE_FIRST_FACTOR 3.0

enum flow_stage {
	FLOW_QUESTION, /* waiting for flow_answer() */
	FLOW_TARE,     /* plates must be empty */
	FLOW_STEP_ON,  /* step on and stand still */
	FLOW_EXERCISE,
	FLOW_REST,
	FLOW_DONE,     /* finished; flow_end_reason() says how */
};

enum flow_question {
	Q_POP,            /* yes/no: felt a pop in the tendon? */
	Q_DIP,            /* yes/no: a dip or gap in the tendon? */
	Q_CANNOT_RAISE,   /* yes/no: cannot rise on the toes on that side? */
	Q_PAIN_NOW,       /* 0-10 */
	Q_PAIN_DAY_AFTER, /* 0-10: the day after the last session */
	Q_PAIN_AFTER_SET, /* 0-10 */
	Q_PAIN_GATE,      /* yes/no: exercise anyway, after the advice not to (pain now too high)? */
	FLOW_QUESTIONS
};

enum flow_end {
	FLOW_COMPLETED,
	FLOW_RED_FLAG,   /* stopped before exercise: see a GP, physio or A&E */
	FLOW_PAIN_STOP,  /* pain after a set was above the ceiling */
	FLOW_ENDED_EARLY, /* the caller ended it (flow_finish) */
	FLOW_PAIN_BEFORE, /* pain before exercise above the limit: not today, contact the physio */
	FLOW_LEFT         /* left at the first question (flow_leave): no session to keep */
};

/* A rep's verdict (flow_rep_verdict) when its timing is uncertain: neither good nor bad. */
#define FLOW_NOT_MEASURED 2
/* ... when one-leg work was done with the other foot taking FLOW_OTHER_FOOT_PCT or more of
 * the load over the rep: not the exercise, not in the band whatever its lowering (a
 * stranger's phase-3 sets done on both feet were all "Good" and met the targets). */
#define FLOW_BOTH_FEET 3
#define FLOW_OTHER_FOOT_PCT ((double)ONE_LEG_OTHER_FOOT_PCT)
/* flow_plan.leg: one-leg work on either leg (both sides involved) */
#define FLOW_EITHER_LEG 2
/* The share of the load on the foot that should be off the plate in one-leg work on leg
 * (0 for work on both legs; NAN where the share is not known). */
double flow_other_foot_pct(int leg, double left_share_pct);

/* What the session asks of the patient: one exercise, its dose and limits. */
struct flow_plan {
	enum exercise mode;
	bool seated;
	int sets;
	int per_set;              /* reps, holds or hops per set; 0: patient-paced (ends on "next") */
	double hold_target_s;     /* holds: seconds to reach */
	double lower_min_s, lower_max_s; /* heel raises: the lowering band */
	int leg;                  /* one-leg work: -1 the left, +1 the right, FLOW_EITHER_LEG
				   * (both sides involved); 0 both legs */
	double rest_s;
	double rest_each_s;       /* between the holds of a set (0: none): the set waits so much
				   * longer before it ends idle */
	int pain_ceiling;         /* pain after a set above this stops the session */
	int pain_before_max;      /* pain now above this: advise not to exercise today */
	bool pain_before_go_on;   /* after that advice the patient may still choose to go on */
	int pain_day_after_max;   /* the day after above this: today's dose is eased... */
	double ease_pct;          /* ...by this share of the reps per set and the hold time */
	bool ask_day_after;       /* there was a previous session to ask about */
	bool day_after_known;     /* ...and a visit since answered for it (store_day_after_answer):
				   * not asked again, today's dose eased by that answer */
	int day_after_score;      /* that answer */
	double idle_end_s;        /* a set ends after this long with no new event (0: FLOW_IDLE_END_S) */
};

/* The heel-raise pacer (the screen's metronome): up in 1 s, 1 s at the top, lowering in the
 * middle of the band, 2 s still at the bottom. */
#define FLOW_PACER_RISE_S 1.0
#define FLOW_PACER_TOP_S 1.0
#define FLOW_PACER_BOTTOM_S 2.0

/* The plan as a plate's dose, for a plate that plays a patient doing it (plain "sim"),
 * with the pacer's times: the screen's pacer and the simulated patient take them from here. */
void flow_plan_dose(const struct flow_plan *plan, struct plate_dose *out);

/* A set as it ended. The event arrays point into the flow (valid until the next call). */
struct flow_set {
	int number;                /* from 1 */
	double start_s, end_s;     /* plate time */
	const struct rep_result *reps;
	const struct hold_result *holds;
	const struct hop_result *hops;
	int n;                     /* events of the set (of the plan's kind) */
	int in_band;               /* reps lowered within the band; holds that reached the target */
	int not_measured;          /* reps whose timing is uncertain (neither in the band nor out) */
	int both_feet;             /* one-leg reps done on both feet (FLOW_BOTH_FEET) */
	double left_share_pct;     /* mean over the set's events (NAN: none) */
	bool ended_by_next;
};

struct flow_hooks {
	void *user;
	/* Each returns ST_OK, or an error that stops the flow and comes back from the call. */
	int (*answered)(void *user, enum flow_question q, int set_number, int value);
	/* Back went to question q: the answers kept from it on, before the exercise, are
	 * withdrawn (asked again, or the session ends first). */
	void (*withdrawn)(void *user, enum flow_question q);
	int (*tared)(void *user, const struct calibration *tared, const double drift_n[2]);
	int (*weighed)(void *user, double body_weight_n);
	int (*set_started)(void *user, int set_number);
	/* A rep, hold or hop of the set was measured (index from 0 within the set); one of
	 * the pointers is set, as the plan's mode is. */
	int (*counted)(void *user, int set_number, int index, const struct rep_result *rep,
		       const struct hold_result *hold, const struct hop_result *hop);
	int (*set_ended)(void *user, const struct flow_set *set);
	int (*finished)(void *user, enum flow_end why);
};

/* What a screen or a terminal shows now. */
struct flow_view {
	enum flow_stage stage;
	enum flow_question question;   /* FLOW_QUESTION */
	const char *prompt;            /* the question, or what to do now, in words */
	int set_number, sets;          /* the current set, from 1 */
	int done, per_set;             /* events so far in this set, and the target */
	struct live_state live;
	double last_lower_s;           /* the last rep's lowering time (NAN: none yet) */
	int last_verdict;              /* -1 lower slower, 0 good, +1 a bit faster is fine,
					* FLOW_NOT_MEASURED: its timing is uncertain, FLOW_BOTH_FEET */
	double rest_left_s;
	double body_weight_n;
	double drift_n[2];             /* zero drift found at the tare */
	const char *notice;            /* the tare's drift warning or why it starts again ("": none) */
	const char *advice;            /* Q_PAIN_GATE and FLOW_PAIN_BEFORE: why not today ("": none) */
	int pain_now;                  /* the answer to Q_PAIN_NOW (-1: not yet) */
	int pain_day_after;            /* the answer to Q_PAIN_DAY_AFTER, what eased the dose (-1: not asked) */
	const char *eased;             /* still sore the day after: how today's dose is eased, in
					* words ("4 reps a set instead of 5"; "": not eased) */
	enum flow_end end;
	bool sets_done;                /* every set of the plan done whole: the session is complete,
					* also where pain after the last set stopped it (FLOW_PAIN_STOP) */
	double now_s;                  /* plate time of the newest sample (events' times are on this clock) */
	double counting_from_s;        /* an event that starts before this counts in no set (it began
					* in the last set or early in the rest) */
};

struct session_flow;

/* cal: the plate's calibration; rate_hz: the stream's rate. */
int flow_new(const struct flow_plan *plan, const struct calibration *cal, double rate_hz,
	     const struct flow_hooks *hooks, struct session_flow **out);
void flow_free(struct session_flow *f);

int flow_feed(struct session_flow *f, const struct plate_frame *frame);
/* The plate's frames, next after the last one fed, that are dropped unmeasured (nobody
 * exercised: the questions or a set's summary were on the screen): the clock goes on
 * over them, and the next one fed comes after a gap. False before the tare, where no
 * clock runs yet and they count for nothing. */
bool flow_drop(struct session_flow *f, const struct plate_frame *frames, size_t n);
/* Runs the live analysis on a thread of its own (live_worker.h says when and why), from
 * the tare on: call it before. flow_feed() then only hands the sample over and acts on
 * what the worker has finished; a set's end waits (boundedly) for its last event. */
void flow_set_threaded(struct session_flow *f, bool threaded);
/* Threaded: waits (boundedly) until the flow has acted on every sample fed, as inline it
 * has when flow_feed() returns; for a caller that looks only at such moments. */
int flow_settle(struct session_flow *f);
/* Answers the current question: 0/1 for yes/no questions, 0-10 for pain. ST_ERR_ARG
 * for a value out of range or when no question is asked. */
int flow_answer(struct session_flow *f, int value);
/* Back from a question before the exercise to the one before it, whose answer is asked
 * again (and replaces the first: store_pain). False where there is none before it (the
 * first question, a set's pain): there Back stops the session. */
bool flow_back(struct session_flow *f);
/* Back from the first question: the patient leaves before anything (chose the wrong
 * name). ST_ERR_STATE elsewhere. */
int flow_leave(struct session_flow *f);
/* The single "next" key: ends a patient-paced set, skips the rest. */
int flow_next(struct session_flow *f);
/* Ends the session now (the patient stopped); a set under way is kept as it is. */
int flow_finish(struct session_flow *f);
/* The plate's stream ran out (a recording or a scenario ended): a set under way ends and
 * its pain question is still asked, then the session ends early; elsewhere it ends now. */
int flow_plate_ended(struct session_flow *f);

void flow_view(const struct session_flow *f, struct flow_view *out);
/* The rep lowering verdict: -1 too fast (lower slower), 0 in band, +1 slower than the band. */
int flow_lowering_verdict(const struct flow_plan *plan, double lower_s);
/* The same for a rep, FLOW_NOT_MEASURED when its timing is uncertain, FLOW_BOTH_FEET when
 * one-leg work was done on both feet. */
int flow_rep_verdict(const struct flow_plan *plan, const struct rep_result *rep);
/* The plan as it is now: eased after a sore day after, else as given. */
const struct flow_plan *flow_current_plan(const struct session_flow *f);
const char *flow_question_text(enum flow_question q);
/* The red-flag questions and the pain gate take yes (1) or no (0); the others a pain
 * score 0-10. */
bool flow_question_is_yes_no(enum flow_question q);
const char *flow_end_text(enum flow_end why);

#endif
