/* test_rail_accuracy.c: heel raises with a hand on a rail (2-6 % of body weight, its force
 * drifting slowly within a rep) meet DESIGN.md's rail targets over many seeds: at least
 * 95 % of reps found, at most 10 % of the stated reps off by more than 0.5 s in any
 * phase, at most 15 % uncertain, rise, hold and lowering within 0.15 s mean absolute error;
 * and the worst cases bounded: the 95th percentile of each phase's error, the worst
 * phase error, and the worst recording's share of stated reps off.
 *
 * Realistic disturbances (noise, hum, sway, breathing, drift of a few tenths of a newton),
 * single and double leg, 200-2000 Hz. Its seeds (from RAIL_FIRST_SEED, 2001) are neither
 * the tuning seeds (1-100) nor the accuracy table's held-out ones (1001 on).
 * Then a firm hand (6-10 % of body weight) under slow rises and long holds, where the
 * drift the support model left at a set's first and last reps once carried a rise's lobe
 * on into the hold (tops up to 2.5 s late, stated): no stated rise off by more than 1.25 s.
 *   test_rail_accuracy [SEEDS_PER_RATE [FIRST_SEED]]   (default 10 from 2001)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "accuracy.h"
#include "check.h"
#include "dsp.h"
#include "rng.h"

#define RAIL_FIRST_SEED 2001
#define RAIL_SEEDS 10 /* per rate: some 40 recordings, 350 reps per leg */
static const unsigned rates[] = { 200, 500, 1000, 2000 };
#define N_RATES (sizeof rates / sizeof rates[0])

static void test_rail(enum acc_kind kind, int seeds, uint64_t first)
{
	struct acc_stats all = { 0 };
	size_t worst_recording_off = 0; /* stated reps off in one recording (of 5-12 reps) */
	uint64_t worst_seed = 0;
	for (size_t r = 0; r < N_RATES; r++)
		for (int k = 0; k < seeds; k++) {
			struct acc_stats s = { 0 };
			struct acc_case c = { .kind = kind, .noise = ACC_REALISTIC, .rail = true, .rate = rates[r],
					      .seed = first + r * (uint64_t)seeds + (uint64_t)k };
			REQUIRE(accuracy_run(&c, &s) == 0, "%s rail at %u Hz, seed %llu", acc_kind_names[kind], c.rate,
				(unsigned long long)c.seed);
			if (s.reps_off > worst_recording_off) {
				worst_recording_off = s.reps_off;
				worst_seed = c.seed;
			}
			acc_stats_add(&all, &s);
			acc_stats_free(&s);
		}
	const char *what = acc_kind_names[kind];
	printf("%s realistic rail: %zu recordings, %zu reps, found %.1f %%, uncertain %.1f %%, off %.1f %% (worst "
	       "recording %zu, seed %llu); rise/hold/lower MAE %.3f %.3f %.3f s, p95 %.2f %.2f %.2f s, worst %.2f "
	       "%.2f %.2f s\n",
	       what, all.recordings, all.events_truth, acc_found_pct(&all), acc_uncertain_pct(&all), acc_off_pct(&all),
	       worst_recording_off, (unsigned long long)worst_seed, acc_mean(&all, M_RISE), acc_mean(&all, M_HOLD),
	       acc_mean(&all, M_LOWER), acc_quantile(&all, M_RISE, 0.95), acc_quantile(&all, M_HOLD, 0.95),
	       acc_quantile(&all, M_LOWER, 0.95), acc_worst(&all, M_RISE), acc_worst(&all, M_HOLD),
	       acc_worst(&all, M_LOWER));
	CHECK(acc_found_pct(&all) >= 95, "%s rail: %.1f %% of reps found", what, acc_found_pct(&all));
	CHECK(all.events_found == all.events_matched, "%s rail: %zu reps found that are not there", what,
	      all.events_found - all.events_matched);
	CHECK(acc_uncertain_pct(&all) <= 15, "%s rail: %.1f %% uncertain", what, acc_uncertain_pct(&all));
	CHECK(acc_off_pct(&all) <= 10, "%s rail: %.1f %% of stated reps off by more than %.1f s", what,
	      acc_off_pct(&all), ACC_OFF_S);
	/* 4: seed 2022, a rail, slow lowerings and hardly a pause at the bottom, where the
	 * support model has only the tops to hold on to */
	CHECK(worst_recording_off <= 4, "%s rail: %zu of one recording's stated reps off (seed %llu)", what,
	      worst_recording_off, (unsigned long long)worst_seed);
	for (int m = M_RISE; m <= M_LOWER; m++) {
		CHECK(acc_mean(&all, m) <= 0.15, "%s rail: %s MAE %.3f", what, acc_measure_names[m], acc_mean(&all, m));
		CHECK(acc_quantile(&all, m, 0.95) <= 0.5, "%s rail: %s p95 %.3f", what, acc_measure_names[m],
		      acc_quantile(&all, m, 0.95));
		CHECK(acc_worst(&all, m) <= 1.5, "%s rail: %s worst %.3f", what, acc_measure_names[m],
		      acc_worst(&all, m));
	}
	acc_stats_free(&all);
}

#define FIRM_FIRST_SEED 3001
#define FIRM_RECORDINGS 24

static void test_firm_rail(void)
{
	struct acc_stats all = { 0 };
	for (int k = 0; k < FIRM_RECORDINGS; k++) {
		uint64_t seed = FIRM_FIRST_SEED + (uint64_t)k;
		struct rng r;
		rng_seed(&r, seed * 6007);
		char text[512];
		double noise = 0.3 + 0.5 * rng_uniform(&r), sway = 1 + 2 * rng_uniform(&r), rail = 6 + 4 * rng_uniform(&r);
		double rise = 0.8 + 0.7 * rng_uniform(&r), hold = 3 + 2 * rng_uniform(&r), lower = 2 + 3 * rng_uniform(&r);
		snprintf(text, sizeof text,
			 "seed %llu\nnoise %.2f\nhum 50 1.5\nsway %.2f\nrail %.1f\nempty 2\nstep-on 1\nstand 3\n"
			 "raise count=5 rise=%.2f hold=%.2f lower=%.2f height=50 rest=2 jitter=0.1\nstand 3\n",
			 (unsigned long long)seed, noise, sway, rail, rise, hold, lower);
		struct acc_case c = { .kind = ACC_RAISE, .noise = ACC_REALISTIC, .rail = true,
				      .rate = k % 2 ? 1000 : 200, .seed = seed };
		REQUIRE(accuracy_run_text(&c, text, &all) == 0, "firm rail, seed %llu", (unsigned long long)seed);
	}
	printf("firm rail, slow rises, long holds: %zu recordings, %zu reps, found %.1f %%, uncertain %.1f %%, off "
	       "%.1f %%; rise/hold/lower worst %.2f %.2f %.2f s\n",
	       all.recordings, all.events_truth, acc_found_pct(&all), acc_uncertain_pct(&all), acc_off_pct(&all),
	       acc_worst(&all, M_RISE), acc_worst(&all, M_HOLD), acc_worst(&all, M_LOWER));
	/* Beyond DESIGN.md's 2-6 %: only found, and the rise's top not stated seconds late
	 * (its off and uncertain shares are printed, not held to the targets) */
	CHECK(acc_found_pct(&all) >= 95, "firm rail: %.1f %% of reps found", acc_found_pct(&all));
	CHECK(acc_worst(&all, M_RISE) <= 1.25, "firm rail: rise worst %.3f s", acc_worst(&all, M_RISE));
	acc_stats_free(&all);
}

int main(int argc, char **argv)
{
	int seeds = argc > 1 ? atoi(argv[1]) : RAIL_SEEDS;
	uint64_t first = argc > 2 ? (uint64_t)atoll(argv[2]) : RAIL_FIRST_SEED;
	REQUIRE(seeds >= 1, "seeds per rate: '%s'", argv[1]);
	REQUIRE(dsp_init(getenv("STATION_FFTW_WISDOM")) == 0, "dsp_init");
	test_rail(ACC_RAISE_SINGLE, seeds, first);
	test_rail(ACC_RAISE, seeds, first);
	test_firm_rail();
	dsp_shutdown();
	return check_summary();
}
