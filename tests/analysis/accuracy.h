/* accuracy.h: scores the analysis against the simulator's ground truth over generated
 * recordings (kinds of exercise x noise levels x rates x seeds). Used by the accuracy
 * test (a fixed subset, with assertions) and the accuracy benchmark (the whole sweep). */
#ifndef STATION_TEST_ACCURACY_H
#define STATION_TEST_ACCURACY_H

#include <stddef.h>
#include <stdint.h>

enum acc_kind { ACC_RAISE, ACC_RAISE_SINGLE, ACC_HOLD_STANDING, ACC_HOLD_SEATED, ACC_HOPS, ACC_KINDS };
enum acc_noise { ACC_CLEAN, ACC_REALISTIC, ACC_HARD, ACC_NOISES };
extern const char *const acc_kind_names[ACC_KINDS];
extern const char *const acc_noise_names[ACC_NOISES];

/* Sums of absolute errors, and the worst, per measure. */
enum acc_measure { M_RISE, M_HOLD, M_LOWER, M_HEIGHT, M_HOLD_DURATION, M_FLIGHT, M_CONTACT, M_SHARE, M_MEASURES };
extern const char *const acc_measure_names[M_MEASURES];

struct acc_stats {
	double sum[M_MEASURES], worst[M_MEASURES];
	size_t count[M_MEASURES];
	size_t recordings, exact_counts; /* recordings whose event count matched the truth */
	size_t events_truth, events_found;
};

/* Simulates one recording, analyses it, adds its errors to s. Returns 0, or -1 if the
 * pipeline failed (message on stderr). */
int accuracy_run(enum acc_kind kind, enum acc_noise noise, unsigned rate, uint64_t seed, struct acc_stats *s);

double acc_mae(const struct acc_stats *s, enum acc_measure m);

#endif
