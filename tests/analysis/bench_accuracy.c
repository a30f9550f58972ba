/* bench_accuracy.c: the whole accuracy sweep, as a table: for each kind of recording and
 * noise level, over rates 200-2000 Hz and many seeds, the mean absolute error (and the
 * worst) of every measure, and how often the event count was exact.
 *   bench_accuracy [SEEDS_PER_CELL]   (default 4: 5 kinds x 3 noises x 4 rates x 4 = 240)
 *   bench_accuracy KIND NOISE RATE SEED   one recording (kind and noise as numbers, see
 *       accuracy.h); with ACC_DUMP=1 it prints each event found beside the truth, and
 *       ACC_SCENARIO="..." replaces the generated scenario text. */
#include <stdio.h>
#include <stdlib.h>

#include "accuracy.h"
#include "dsp.h"

static const unsigned rates[] = { 200, 500, 1000, 2000 };

int main(int argc, char **argv)
{
	int seeds = argc > 1 ? atoi(argv[1]) : 4;
	if (argc > 4) { /* one recording: KIND NOISE RATE SEED */
		struct acc_stats s = { 0 };
		dsp_init(getenv("STATION_FFTW_WISDOM"));
		return accuracy_run(atoi(argv[1]), atoi(argv[2]), (unsigned)atoi(argv[3]), (uint64_t)atoi(argv[4]), &s);
	}
	if (seeds < 1 || dsp_init(getenv("STATION_FFTW_WISDOM")) != 0)
		return 2;
	printf("%-14s %-9s %5s %6s", "kind", "noise", "recs", "exact");
	for (int m = 0; m < M_MEASURES; m++)
		printf(" %16s", acc_measure_names[m]);
	printf("\n");
	size_t failures = 0;
	for (int k = 0; k < ACC_KINDS; k++) {
		for (int nz = 0; nz < ACC_NOISES; nz++) {
			struct acc_stats s = { 0 };
			for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++)
				for (int seed = 1; seed <= seeds; seed++)
					failures += accuracy_run(k, nz, rates[r], (uint64_t)seed, &s) != 0;
			printf("%-14s %-9s %5zu %5.0f%%", acc_kind_names[k], acc_noise_names[nz], s.recordings,
			       s.recordings ? 100.0 * s.exact_counts / s.recordings : 0);
			for (int m = 0; m < M_MEASURES; m++) {
				if (s.count[m])
					printf(" %7.4f (%6.3f)", acc_mae(&s, m), s.worst[m]);
				else
					printf(" %16s", "-");
			}
			printf("\n");
			fflush(stdout);
		}
	}
	printf("MAE (worst); exact: recordings whose event count matched the truth; %zu pipeline failures\n",
	       failures);
	dsp_shutdown();
	return failures ? 1 : 0;
}
