/* bench_accuracy.c: the accuracy table against the simulator's ground truth, on seeds
 * held out from tuning (accuracy.h). Heel raises: one row per leg (double, single),
 * disturbance level, with or without a hand on a rail, and rate (200-2000 Hz): reps
 * found, marked uncertain, stated reps off by more than 0.5 s in any phase, and the mean,
 * 95th percentile and worst absolute error of rise, hold and lowering. Holds and hops: one
 * row per kind, level, rail and rate.
 *   bench_accuracy [SEEDS_PER_ROW [FIRST_SEED]]   (default 3 seeds per row and rate from
 *       ACC_HELD_OUT_SEED: the recordings test_analysis_accuracy asserts on)
 *   bench_accuracy KIND NOISE RAIL RATE SEED      one recording (numbers, see accuracy.h);
 *       with ACC_DUMP=1 it prints each rep found beside the truth, and ACC_SCENARIO="..."
 *       replaces the generated scenario text.
 *   ACC_RAIL_WANDER=PCT: a hand on the rail that also grips and eases, its force wandering
 *       by PCT % of itself at 0.1-0.5 Hz (the simulator's rail-wander), beyond DESIGN.md's
 *       "varying slowly". */
#include <stdio.h>
#include <stdlib.h>

#include "accuracy.h"
#include "dsp.h"

static const unsigned rates[] = { 200, 500, 1000, 2000 };
#define N_RATES (sizeof rates / sizeof rates[0])

/* Each rate r has seeds of its own, first + r seeds ..., as in test_analysis_accuracy. */
static size_t run_seeds(struct acc_case c, size_t r, int seeds, uint64_t first, struct acc_stats *s)
{
	size_t failures = 0;
	for (int k = 0; k < seeds; k++) {
		c.seed = first + r * (uint64_t)seeds + (uint64_t)k;
		failures += accuracy_run(&c, s) != 0;
	}
	return failures;
}

static void print_phase(const struct acc_stats *s, enum acc_measure m)
{
	printf(" | %5.3f %5.3f %5.2f", acc_mean(s, m), acc_quantile(s, m, 0.95), acc_worst(s, m));
}

/* One row of the reps table; rate: "200" ... or "all". */
static void print_raise_row(const struct acc_case *c, const char *rate, const struct acc_stats *s)
{
	printf("%-11s %-9s %-4s %5s %4zu %6.1f %6.1f %6.1f", acc_kind_names[c->kind], acc_noise_names[c->noise],
	       c->rail ? "yes" : "no", rate, s->recordings, acc_found_pct(s), acc_uncertain_pct(s), acc_off_pct(s));
	print_phase(s, M_RISE);
	print_phase(s, M_HOLD);
	print_phase(s, M_LOWER);
	printf(" | %5.2f\n", acc_mean(s, M_HEIGHT));
	fflush(stdout);
}

static size_t raise_table(int seeds, uint64_t first)
{
	size_t failures = 0;
	printf("%-11s %-9s %-4s %5s %4s %6s %6s %6s | %-17s | %-17s | %-17s | %s\n", "reps", "noise", "rail", "rate", "recs",
	       "found%", "uncrt%", "off%", "rise mean p95 max", "hold mean p95 max", "lower mean p95 max", "height MAE mm");
	for (int k = ACC_RAISE; k <= ACC_RAISE_SINGLE; k++)
		for (int nz = 0; nz < ACC_NOISES; nz++)
			for (int rail = 0; rail < 2; rail++) {
				struct acc_stats all = { 0 };
				struct acc_case c = { .kind = k, .noise = nz, .rail = rail };
				for (size_t r = 0; r < N_RATES; r++) {
					struct acc_stats s = { 0 };
					char rate[16];
					c.rate = rates[r];
					failures += run_seeds(c, r, seeds, first, &s);
					acc_stats_add(&all, &s);
					snprintf(rate, sizeof rate, "%u", rates[r]);
					print_raise_row(&c, rate, &s);
					acc_stats_free(&s);
				}
				print_raise_row(&c, "all", &all);
				acc_stats_free(&all);
			}
	return failures;
}

static size_t other_table(int seeds, uint64_t first)
{
	static const enum acc_measure shown[] = { M_HOLD_DURATION, M_FLIGHT, M_CONTACT, M_SHARE };
	size_t failures = 0;
	printf("\n%-14s %-9s %-4s %5s %4s %6s", "kind", "noise", "rail", "rate", "recs", "exact%");
	for (size_t m = 0; m < sizeof shown / sizeof shown[0]; m++)
		printf(" %-22s", acc_measure_names[shown[m]]);
	printf("\n");
	for (int k = ACC_HOLD_STANDING; k < ACC_KINDS; k++)
		for (int nz = 0; nz < ACC_NOISES; nz++)
			for (int rail = 0; rail < (k == ACC_HOLD_STANDING ? 2 : 1); rail++)
				for (size_t r = 0; r < N_RATES; r++) {
					struct acc_stats s = { 0 };
					struct acc_case c = { .kind = k, .noise = nz, .rail = rail, .rate = rates[r] };
					failures += run_seeds(c, r, seeds, first, &s);
					printf("%-14s %-9s %-4s %5u %4zu %6.1f", acc_kind_names[k], acc_noise_names[nz],
					       rail ? "yes" : "no", rates[r], s.recordings,
					       s.recordings ? 100.0 * (double)s.exact_counts / (double)s.recordings : 0);
					for (size_t m = 0; m < sizeof shown / sizeof shown[0]; m++) {
						if (s.n[shown[m]])
							printf(" %6.4f %6.4f %7.4f", acc_mean(&s, shown[m]),
							       acc_quantile(&s, shown[m], 0.95), acc_worst(&s, shown[m]));
						else
							printf(" %-22s", "-");
					}
					printf("\n");
					fflush(stdout);
					acc_stats_free(&s);
				}
	printf("each measure: mean, 95th percentile, worst absolute error\n");
	return failures;
}

int main(int argc, char **argv)
{
	if (argc > 5) { /* one recording: KIND NOISE RAIL RATE SEED */
		struct acc_stats s = { 0 };
		struct acc_case c = { .kind = atoi(argv[1]), .noise = atoi(argv[2]), .rail = atoi(argv[3]) != 0,
				      .rate = (unsigned)atoi(argv[4]), .seed = (uint64_t)atoll(argv[5]) };
		if (c.kind < 0 || c.kind >= ACC_KINDS || c.noise < 0 || c.noise >= ACC_NOISES ||
		    dsp_init(getenv("STATION_FFTW_WISDOM")) != 0)
			return 2;
		int rc = accuracy_run(&c, &s);
		printf("found %.0f%%, uncertain %.0f%%, off %.0f%%\n", acc_found_pct(&s), acc_uncertain_pct(&s),
		       acc_off_pct(&s));
		acc_stats_free(&s);
		dsp_shutdown();
		return rc ? 1 : 0;
	}
	int seeds = argc > 1 ? atoi(argv[1]) : 3;
	uint64_t first = argc > 2 ? (uint64_t)atoll(argv[2]) : ACC_HELD_OUT_SEED;
	if (seeds < 1 || dsp_init(getenv("STATION_FFTW_WISDOM")) != 0)
		return 2;
	printf("seeds %llu-%llu (%s), %d per row and rate, each rate its own\n", (unsigned long long)first,
	       (unsigned long long)first + (unsigned long long)(seeds * (int)N_RATES) - 1,
	       first > ACC_TUNING_SEEDS ? "held out from tuning" : "TUNING seeds", seeds);
	size_t failures = raise_table(seeds, first) + other_table(seeds, first);
	printf("%zu pipeline failures\n", failures);
	dsp_shutdown();
	return failures ? 1 : 0;
}
