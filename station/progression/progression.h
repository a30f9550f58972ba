/* progression.h: the progression rules, pure functions a physio can read.
 *
 * From a patient's recent session outcomes (filled in by the store) and the programme's
 * thresholds, suggest the next phase, staying, or easing off, with the reasons in words.
 * A suggestion is only that: the store records a phase change only with a physio's name
 * and reason (store_phase_decide).
 *
 * The rules, with the thresholds of struct progression_rules:
 * - Ease off when the last session had a red flag (possible rupture: to be seen first),
 *   or it hurt above pain_during_max during or after a set, or
 *   the patient was still sore the day after it (pain_next_day_max): "reduce the effort
 *   next time", as the patient page says.
 * - Sessions count only when spaced: in an every-other-day phase, at least spacing_hours
 *   after the session counted before; in the others, on another day of the station's
 *   calendar (its local time zone: the clinic's day; run the physio's commands with the
 *   station's TZ, or the days differ). Those too close are named in a reason ("came too
 *   soon after the one before").
 * - Next phase when, of the last `window` complete sessions in this phase that count, at
 *   least `needed` met every target: all sets done and every set reached its count; lowering
 *   in the band in at least in_band_pct of the reps whose lowering was measured (a rep whose
 *   timing was uncertain counts towards the count, not the lowering; none measured: not
 *   met); every hold reached its target time;
 *   the left share of double-leg work within [share_min, share_max], or single-leg LSI
 *   at least lsi_min_pct; and the pain rules hold: during at most pain_during_max,
 *   settled by the next day (at most pain_next_day_max), and the mean pain of the last
 *   7 days not above the 7 days before by more than pain_weekly_rise_max.
 * - Otherwise stay. Phases without progress_by_targets (4, 6) never suggest moving on.
 */
#ifndef STATION_PROGRESSION_H
#define STATION_PROGRESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "programme.h"

/* One session as the rules see it (history_outcomes() fills these from the store). */
struct session_outcome {
	int64_t session_id;
	time_t started;               /* unix seconds */
	time_t finished;              /* when it ended (a red flag ends it); 0: never ended */
	int phase;
	bool complete;                /* finished normally (not stopped, not crashed) */
	bool red_flag;                /* a pop, a dip, or no heel raise on that side */
	bool exercised;               /* a rep, hold or hop done: the day-after question asks about it (store_last_session) */
	int sets_target, sets_done;   /* sets planned (the dose), sets completed */
	bool counts_met;              /* every completed set reached its rep / hold count */
	int reps, reps_in_band;       /* reps with a lowering band and a measured lowering, and those within it */
	int reps_unmeasured;          /* reps with a lowering band whose timing was uncertain: not measured */
	int reps_not_one_leg;         /* of reps: one-leg reps not on that foot alone (none in the band) */
	int holds, holds_on_target;   /* holds with a target time, and those reaching it */
	double share_pct;             /* mean left share of double-leg work; NAN: none */
	double lsi_pct;               /* single-leg work involved / uninvolved; NAN: none */
	int pain_before;              /* 0-10 or PAIN_NONE */
	int pain_day_after_last;      /* asked at this session's start, about the one before */
	int pain_eased_by;            /* the day-after answer the session's dose went by: its own, or
				       * one given at a visit since the last session with exercise,
				       * which it then did not ask again (history_outcomes) */
	int pain_during_max;          /* highest pain during or after its sets */
};

enum verdict { VERDICT_STAY, VERDICT_NEXT_PHASE, VERDICT_EASE_OFF };

#define SUGGESTION_REASONS_MAX 8
#define SUGGESTION_REASON_LEN 200

struct suggestion {
	enum verdict verdict;
	int phase, next_phase;        /* next_phase == phase unless VERDICT_NEXT_PHASE */
	size_t n_reasons;
	char reasons[SUGGESTION_REASONS_MAX][SUGGESTION_REASON_LEN];
	bool declined;                /* a physio declined this move since the last session
				       * (patient_suggestion.h): reasons[0] says who and when */
	bool red_flag_open;           /* a red flag with no phase decided since (patient_suggestion.h) */
};

/* Whether a left share of double-leg work is within the rules' band: the one verdict the
 * screens and the rules both give (NAN: no). */
bool progression_share_in_band(const struct progression_rules *r, double left_share_pct);

/* The pain the day after hist[i] (oldest first), as asked at the start of a later session:
 * the question asks about the last session with exercise (store_last_session), so the
 * first answer up to the next such session on another day is about hist[i] (the next
 * session's alone was taken: a visit stopped at the pain gate, before the question, left
 * it "not known yet" for good). PAIN_NONE: not asked yet, or hist[i] had no exercise. */
int progression_pain_day_after(const struct session_outcome *hist, size_t n, size_t i);

/* Whether a session's dose was lowered for the pain the day after the one before (the
 * session's own rule, flow.c's ease_plan): its counts are the eased dose's, not the phase's. */
bool progression_session_eased(const struct progression_rules *r, const struct session_outcome *o);

/* Whether one session met every target of the rules (reason: why not, in words; may be
 * NULL). */
bool session_targets_met(const struct progression_rules *r, const struct session_outcome *o,
			 char *reason, size_t len);

/* The suggestion for a patient in `phase`, from their sessions oldest first (all phases;
 * sessions of other phases and incomplete ones count only for pain). */
int progression_suggest(const struct programme *p, int phase, const struct session_outcome *hist,
			size_t n, struct suggestion *out);

/* Every other day: true when the phase asks for it and the last session (0: none) started
 * less than the programme's spacing_hours before now; *hours: the time since it. */
bool progression_too_soon(const struct programme *p, int phase, time_t last, time_t now, double *hours);

/* "2026-11-20": t's day in the clinic's (local) calendar, as the reasons, the history and
 * the report name it; returns buf. */
const char *progression_day(time_t t, char buf[16]);

/* "next phase", "stay", "ease off". */
const char *verdict_name(enum verdict v);

/* The suggestion as a decision records it: "next phase (4): reason; reason..." */
#define SUGGESTION_RECORD_LEN (SUGGESTION_REASONS_MAX * (SUGGESTION_REASON_LEN + 2) + 32)
void suggestion_record(const struct suggestion *sg, char buf[SUGGESTION_RECORD_LEN]);

#endif
