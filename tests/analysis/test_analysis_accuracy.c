/* test_analysis_accuracy.c: the analysis meets DESIGN.md's targets against the
 * simulator's ground truth, on a fixed set of generated recordings with realistic noise
 * (load-cell noise, mains hum, sway and breathing) at several rates. bench_accuracy runs
 * the whole sweep, hard recordings included. */
#include <stdlib.h>

#include "accuracy.h"
#include "check.h"
#include "dsp.h"

int main(void)
{
	static const unsigned rates[] = { 200, 1000, 2000 };
	CHECK(dsp_init(getenv("STATION_FFTW_WISDOM")) == 0, "dsp_init");
	for (int k = 0; k < ACC_KINDS; k++) {
		struct acc_stats s = { 0 }, fast = { 0 };
		for (size_t r = 0; r < 3; r++)
			for (uint64_t seed = 1; seed <= 3; seed++) {
				CHECK(accuracy_run(k, ACC_REALISTIC, rates[r], seed, &s) == 0, "%s run",
				      acc_kind_names[k]);
				if (k == ACC_HOPS && rates[r] >= 1000)
					accuracy_run(k, ACC_REALISTIC, rates[r], seed, &fast);
			}
		const char *kind = acc_kind_names[k];
		CHECK(s.exact_counts == s.recordings, "%s: event count exact in %zu of %zu recordings", kind,
		      s.exact_counts, s.recordings);
		for (int m = M_RISE; m <= M_LOWER; m++)
			if (s.count[m])
				CHECK(acc_mae(&s, m) <= 0.25, "%s: %s MAE %.3f s", kind, acc_measure_names[m], acc_mae(&s, m));
		if (s.count[M_HOLD_DURATION])
			CHECK(acc_mae(&s, M_HOLD_DURATION) <= 0.5, "%s: hold duration MAE %.3f s", kind,
			      acc_mae(&s, M_HOLD_DURATION));
		if (s.count[M_SHARE])
			CHECK(acc_mae(&s, M_SHARE) <= 1.5, "%s: left share MAE %.2f points", kind, acc_mae(&s, M_SHARE));
		if (k == ACC_HOPS) {
			CHECK(acc_mae(&fast, M_FLIGHT) <= 0.005, "hops at 1-2 kHz: flight MAE %.4f s", acc_mae(&fast, M_FLIGHT));
			CHECK(acc_mae(&fast, M_CONTACT) <= 0.005, "hops at 1-2 kHz: contact MAE %.4f s",
			      acc_mae(&fast, M_CONTACT));
			CHECK(acc_mae(&s, M_FLIGHT) <= 0.010, "hops at 200-2000 Hz: flight MAE %.4f s", acc_mae(&s, M_FLIGHT));
		}
	}
	dsp_shutdown();
	return check_summary();
}
