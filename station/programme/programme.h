/* programme.h: the exercise programme as data (assets/programme.json): phases 1-6 of
 * DESIGN.md, each phase's exercises with their kind and dose, and the thresholds the
 * progression rules use (progression.h).
 *
 * The file is validated field by field on loading; a bad file fails with
 * "programme.json:LINE: what is wrong".
 */
#ifndef STATION_PROGRAMME_H
#define STATION_PROGRAMME_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis.h"

#define PROGRAMME_PHASES 6
#define PROGRAMME_EXERCISES_MAX 8
#define PROGRAMME_TEXT_MAX 96

/* What the patient does; decides the analysis mode and which targets apply. */
enum ex_kind {
	EX_SEATED_HOLD,            /* phase 1: seated heel raise, held */
	EX_STANDING_DOUBLE_RAISE,  /* phase 2 */
	EX_SEATED_LOADED_RAISE,    /* phase 2 */
	EX_STANDING_SINGLE_RAISE,  /* phase 3: one leg at a time */
	EX_STEP_RAISE,             /* phase 3: double-leg off a step */
	EX_FAST_RAISE,             /* phase 4 */
	EX_HOPS,                   /* phase 4, 6 */
	EX_SKIPPING,               /* phase 4, 6 */
	EX_STANDING_RAISED_HOLD,   /* phase 5: heavy isometric hold, heels raised */
	EX_KIND_COUNT
};

/* "seated-hold", "standing-double-raise", ... (the names used in the file and the store). */
const char *ex_kind_name(enum ex_kind k);
int ex_kind_from_name(const char *name, enum ex_kind *out);
/* The analysis that measures it: holds, heel raises or hops. */
enum exercise ex_kind_mode(enum ex_kind k);
/* Done one leg at a time (load share means nothing; LSI compares the legs). */
bool ex_kind_single_leg(enum ex_kind k);
/* One-leg work with the other foot taking this share of the load or more over a rep was
 * done on both feet: not in the band, whatever its lowering (session/flow.c, store/history.c) */
#define ONE_LEG_OTHER_FOOT_PCT 20
/* What a mode counts, singular or plural for n: "rep"/"reps", "hold"/"holds", "hop"/"hops". */
const char *exercise_count_noun(enum exercise mode, int n);

/* A dose; a count or time of 0 means "no target" (patient-paced). Ranges are the page's
 * ("5-10 reps"): the low end is the target a session is judged by. */
struct dose {
	int sets_min, sets_max;
	int reps_min, reps_max;       /* reps, holds or hops per set */
	double hold_min_s, hold_max_s; /* each hold (hold kinds) */
	double lower_min_s, lower_max_s; /* lowering band of each rep (0, 0: none) */
	double rest_s;                /* between sets */
	double rest_each_s;           /* between the holds or reps of a set (0: none) */
};

struct prog_exercise {
	enum ex_kind kind;
	char name[PROGRAMME_TEXT_MAX]; /* for the screen: "Standing heel raise, both legs" */
	struct dose dose;
};

struct phase {
	int number;                   /* 1..6 */
	char name[PROGRAMME_TEXT_MAX];
	bool every_other_day;         /* sessions at least spacing_hours apart */
	bool progress_by_targets;     /* false: phase 4 and 6, the physio decides alone */
	struct prog_exercise exercises[PROGRAMME_EXERCISES_MAX];
	size_t n_exercises;
};

#define PAIN_NONE (-1) /* a pain score not asked or not answered */

/* Thresholds of the progression rules (progression.h says how each is used). */
struct progression_rules {
	int window;                   /* look at the last N sessions of the phase (3) */
	int needed;                   /* of which this many met every target (2) */
	double in_band_pct;           /* reps with lowering in the band (80) */
	double share_min_pct, share_max_pct; /* left share of double-leg work (45, 55) */
	double lsi_min_pct;           /* single-leg work, involved / uninvolved (90) */
	int pain_during_max;          /* pain during and after sets (5) */
	int pain_next_day_max;        /* above this the day after: still sore, ease off (3) */
	double pain_weekly_rise_max;  /* mean pain, this week less last week (1) */
	/* The pain gate before a session (optional keys; defaults in brackets): */
	int pain_before_max;          /* pain now above this: advise not to exercise today
				       * and to contact the physio (pain_during_max) */
	bool pain_before_go_on;       /* after that advice the patient may still go on (true);
				       * false: the session stops there */
	double ease_pct;              /* still sore the day after (above pain_next_day_max):
				       * today's reps and hold time less this share (25) */
	double support_max_pct;       /* standing work: more body weight than this on the
				       * hands is shown as a cue, "Fingertips only" (5) */
};

/* What the choose-patient screen shows of each patient, before any PIN (the clinic
 * chooses; "patient_names" in the programme file). */
enum names_shown {
	NAMES_FIRST_INITIAL, /* "first-initial": "Ann E." (the default) */
	NAMES_CLINIC_NUMBER, /* "clinic-number": "P-12" */
};

struct programme {
	double spacing_hours;         /* every other day: warn under this (40) */
	enum names_shown names_shown;
	struct progression_rules rules;
	struct phase phases[PROGRAMME_PHASES]; /* phases[n - 1] is phase n */
};

/* Parses and validates a programme from text; name is used in messages. */
int programme_parse(const char *text, size_t len, const char *name, struct programme *out);
/* Reads and parses a file. */
int programme_load(const char *path, struct programme *out);
/* programme.json in the assets (st_assets_dir()), or $STATION_PROGRAMME when set. */
int programme_load_default(struct programme *out);

/* Phase n (1..6), or NULL. */
const struct phase *programme_phase(const struct programme *p, int n);
/* The phase's exercise of that kind, or NULL. */
const struct prog_exercise *phase_exercise(const struct phase *ph, enum ex_kind kind);

/* A dose's range in words: "5-10", or "8" when both ends are the same; returns buf. */
const char *dose_range_text(double lo, double hi, char buf[32]);

/* A physio's change to a patient's exercise and dose: 0 (or has_kind false) keeps the
 * programme's value. */
struct dose_override {
	bool has_kind;
	enum ex_kind kind;
	int sets, reps;
	double hold_s, rest_s;
};

/* Whether o sets anything (an exercise or a number) over the programme's; its prescription
 * may still be the programme's own (station dose then stores none). */
bool dose_override_set(const struct dose_override *o);

/* The exercise and dose a patient in that phase does: the phase's first exercise (or the
 * overridden kind, which must belong to the phase) with the override's numbers. */
int programme_prescription(const struct programme *p, int phase, const struct dose_override *o,
			   struct prog_exercise *out);

#endif
