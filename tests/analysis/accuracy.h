/* accuracy.h: scores the analysis against the simulator's ground truth over generated
 * recordings (kinds of exercise x disturbance levels x with or without a rail x rates x
 * seeds). Used by the accuracy test (a subset, with assertions) and the accuracy
 * benchmark (the whole table).
 *
 * Seeds: the analysis was tuned on seeds 1-100 (ACC_TUNING_SEEDS); the benchmark and the
 * test report on seeds from ACC_HELD_OUT_SEED on, which no tuning looked at.
 */
#ifndef STATION_TEST_ACCURACY_H
#define STATION_TEST_ACCURACY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ACC_TUNING_SEEDS 100
#define ACC_HELD_OUT_SEED 1001

enum acc_kind { ACC_RAISE, ACC_RAISE_SINGLE, ACC_HOLD_STANDING, ACC_HOLD_SEATED, ACC_HOPS, ACC_KINDS };
/* clean: none; realistic: load-cell noise, hum, sway and breathing, drift of a few
 * tenths of a newton; hard: that, more drift, and an arm, the trunk or a cable moving
 * the force by a few newtons at 0.05-1.5 Hz. Lowerings 0.5-5 s, paced or free, in all. */
enum acc_noise { ACC_CLEAN, ACC_REALISTIC, ACC_HARD, ACC_NOISES };
extern const char *const acc_kind_names[ACC_KINDS];
extern const char *const acc_noise_names[ACC_NOISES];

enum acc_measure { M_RISE, M_HOLD, M_LOWER, M_HEIGHT, M_HOLD_DURATION, M_FLIGHT, M_CONTACT, M_SHARE, M_MEASURES };
extern const char *const acc_measure_names[M_MEASURES];

#define ACC_OFF_S 0.5 /* a stated rep with a phase off by more is wrong */

struct acc_case {
	enum acc_kind kind;
	enum acc_noise noise;
	bool rail;       /* a hand on a rail, 2-6 % of body weight (standing kinds) */
	unsigned rate;
	uint64_t seed;
	bool no_cop;     /* the COP columns taken out (DESIGN.md makes them optional) */
};

/* Absolute errors of each measure (events whose timing is stated), and counts. */
struct acc_stats {
	double *err[M_MEASURES];
	size_t n[M_MEASURES], cap[M_MEASURES];
	size_t recordings, exact_counts; /* recordings whose event count matched the truth */
	size_t events_truth, events_matched, events_found;
	size_t reps_stated, reps_off, reps_uncertain; /* off: a phase off by more than ACC_OFF_S */
};

/* The scenario text of one generated recording (drivers/sim's language). */
void accuracy_scenario(const struct acc_case *c, char *buf, size_t len);

/* Simulates one recording, analyses it, adds its errors to s. Returns 0, or -1 if the
 * pipeline failed (message on stderr). */
int accuracy_run(const struct acc_case *c, struct acc_stats *s);
/* The same over the scenario text given (c: its kind and rate). */
int accuracy_run_text(const struct acc_case *c, const char *text, struct acc_stats *s);
void acc_stats_free(struct acc_stats *s);
/* Adds what s counted to into. */
void acc_stats_add(struct acc_stats *into, const struct acc_stats *s);

/* NAN when there is nothing of that measure; the quantiles sort s's errors. */
double acc_mean(const struct acc_stats *s, enum acc_measure m);
double acc_quantile(const struct acc_stats *s, enum acc_measure m, double q);
double acc_worst(const struct acc_stats *s, enum acc_measure m);

/* Shares in percent: of matched reps whose timing is stated that are off, of matched
 * reps that are uncertain, of true events that were found. */
double acc_off_pct(const struct acc_stats *s);
double acc_uncertain_pct(const struct acc_stats *s);
double acc_found_pct(const struct acc_stats *s);

#endif
