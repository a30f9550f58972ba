/* bench_live.c: the live analysis against the offline one on held-out simulated
 * recordings (accuracy.h's generator: realistic and hard disturbances, with and without
 * a rail, both legs and one, 200-2000 Hz; live_accuracy.h runs each): how late each event
 * is reported (emitted_at less the offline event's end: a rep's or hold's end, a hop's
 * landing; p50, p95, max per kind), how late a rep's verdict comes (as reported: early, by
 * live.c's early look, or later) after the simulator's true end and true heels landing,
 * how far the lowering of reps reported early and later is from the truth, whether the
 * live verdicts agree with the offline one
 * (a rep's lowering within 3-5 s, a hold reaching its target) and how often each is the
 * truth's, and the live cost per sample; without a rail and with one.
 *   bench_live [SEEDS [FIRST_SEED]]   (default 3 held-out seeds per case from ACC_HELD_OUT_SEED);
 *   with LIVE_LIST=1 it lists each rep whose live verdict is not the offline one;
 *   with LIVE_NO_EARLY=1 no band is set, so no rep is reported early (as before the early look). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "dsp.h"
#include "live_accuracy.h"
#include "status.h"

static void print_delays(const char *what, size_t count, struct live_delays *d)
{
	printf("%-5s %6zu %39.3f %6.3f %6.3f", what, count, live_delay_quantile(d, 0.5), live_delay_quantile(d, 0.95),
	       live_delay_quantile(d, 1));
}

/* The share of d at most limit, in %. */
static double share_within(const struct live_delays *d, double limit)
{
	size_t in = 0;
	for (size_t i = 0; i < d->n; i++)
		in += d->s[i] <= limit;
	return d->n ? 100.0 * (double)in / (double)d->n : NAN;
}

static void print_stats(const char *title, struct live_acc_stats *stats)
{
	static const char *const names[] = { "rep", "hold", "hop" };
	printf("%s\nevent  count  delay after the offline end (s): p50    p95    max   verdict agreement  not matched  twice\n",
	       title);
	for (int m = 0; m < 3; m++) {
		struct live_kind *ks = &stats->kind[m];
		print_delays(names[m], ks->after_offline.n, &ks->after_offline);
		if (ks->judged)
			printf("   %5.1f %% of %zu", 100.0 * (double)ks->agree / (double)ks->judged, ks->judged);
		else
			printf("   %14s", "-");
		printf("  %11zu  %5zu\n", ks->missed, ks->twice);
	}
	struct live_kind *reps = &stats->kind[0];
	if (reps->judged)
		printf("rep verdicts: %.1f %% flipped (a stated time on the other side of the band), %.1f %% 'not "
		       "measured' live where offline states a time\n",
		       100.0 * (double)(reps->judged - reps->agree - reps->unmeasured) / (double)reps->judged,
		       100.0 * (double)reps->unmeasured / (double)reps->judged);
	if (reps->truth_judged)
		printf("rep verdicts as the truth's (reps both forms time): live %.1f %%, offline %.1f %% of %zu\n",
		       100.0 * (double)reps->live_right / (double)reps->truth_judged,
		       100.0 * (double)reps->offline_right / (double)reps->truth_judged, reps->truth_judged);
	printf("rep verdict delay (as reported) after the true end (h below 10 %% of H):\n");
	print_delays("rep", reps->after_truth.n, &reps->after_truth);
	printf("\nrep verdict delay after the true heels landing (the COP halfway back):\n");
	print_delays("rep", reps->after_heels.n, &reps->after_heels);
	printf("\nrep verdict delay after the later of the two (the rep is over: heels down, body down):\n");
	print_delays("rep", reps->after_both.n, &reps->after_both);
	printf("\n... of the reps reported early:\n");
	print_delays("early", reps->early_after_both.n, &reps->early_after_both);
	printf("\nrep verdicts within 0.5 s of the rep being over: %.1f %% (of those reported early, %.1f %%)\n",
	       share_within(&reps->after_both, 0.5), share_within(&reps->early_after_both, 0.5));
	printf("reps reported by their early look (live_state.reported_early): %zu of %zu; measured again whole, "
	       "%zu stored on the band's other side, %zu kept their early figures as that measurement crossed the "
	       "band (live_state.verdict_kept); lowering moved by (s):\n",
	       reps->early, reps->after_offline.n, reps->refined_changed, reps->verdict_kept);
	print_delays("early", reps->refined_by.n, &reps->refined_by);
	printf("\n");
	printf("the lowering's error against the truth (s), of reps reported early and later:\n");
	print_delays("early", reps->early_err.n, &reps->early_err);
	printf("   over 0.5 s: %.1f %%\n", 100 - share_within(&reps->early_err, 0.5));
	print_delays("later", reps->late_err.n, &reps->late_err);
	printf("   over 0.5 s: %.1f %%\n", 100 - share_within(&reps->late_err, 0.5));
	printf("rep counted (heels down: live_state.waiting) after the true end:\n");
	print_delays("rep", reps->counted_after_truth.n, &reps->counted_after_truth);
	printf("\n\n");
}

int main(int argc, char **argv)
{
	int seeds = argc > 1 ? atoi(argv[1]) : 3;
	uint64_t first = argc > 2 ? (uint64_t)atoll(argv[2]) : ACC_HELD_OUT_SEED;
	static const unsigned rates[] = { 200, 500, 1000, 2000 };
	if (dsp_init(getenv("STATION_FFTW_WISDOM")) != ST_OK)
		return 1;
	static struct live_acc_stats stats[2]; /* without a rail, with one */
	size_t failures = 0;
	for (int kind = 0; kind < ACC_KINDS; kind++)
		for (int noise = ACC_REALISTIC; noise < ACC_NOISES; noise++)
			for (int rail = 0; rail < 2; rail++)
				for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++)
					for (int s = 0; s < seeds; s++)
						failures += live_accuracy_run(&(struct acc_case){ .kind = (enum acc_kind)kind,
												  .noise = (enum acc_noise)noise, .rail = rail,
												  .rate = rates[r], .seed = first + (uint64_t)s },
									      &stats[rail]) != 0;
	print_stats("without a rail", &stats[0]);
	print_stats("with a hand on a rail", &stats[1]);
	double live_s = stats[0].live_s + stats[1].live_s, samples = stats[0].samples + stats[1].samples;
	printf("live: %.0f ns of CPU time per sample over %.0f samples (events included)\n", live_s / samples * 1e9, samples);
	printf("%zu pipeline failures\n", failures);
	live_acc_stats_free(&stats[0]);
	live_acc_stats_free(&stats[1]);
	dsp_shutdown();
	return failures != 0;
}
