/* bench_dsp: the signal processing's speed on a 20-minute 1 kHz recording: the zero-phase
 * low-pass with its plans cold (measured now, no wisdom) and warm, hum detection and
 * removal, the noise floor; and the live filter's cost per sample. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "capture.h"
#include "dsp.h"
#include "rng.h"
#include "status.h"

#define RATE_HZ 1000.0
#define MINUTES 20
#define WARM_RUNS 5
#define LIVE_SAMPLES 20000000

/* Standing with sway, noise and hum. */
static void make_recording(double *x, size_t n)
{
	struct rng rng;
	rng_seed(&rng, 7);
	for (size_t i = 0; i < n; i++) {
		double t = (double)i / RATE_HZ;
		x[i] = 700 + 5 * sin(2 * M_PI * 0.3 * t) + 20 * sin(2 * M_PI * 0.05 * t) + 0.8 * rng_normal(&rng) +
		       1.5 * sin(2 * M_PI * 50 * t);
	}
}

static int bench_offline(const double *x, double *y, size_t n)
{
	double t0 = monotonic_s();
	int rc = dsp_lowpass(x, n, RATE_HZ, 5, y);
	double cold = monotonic_s() - t0;
	t0 = monotonic_s();
	for (int r = 0; rc == ST_OK && r < WARM_RUNS; r++)
		rc = dsp_lowpass(x, n, RATE_HZ, 5, y);
	double warm = (monotonic_s() - t0) / WARM_RUNS;
	if (rc != ST_OK)
		return rc;
	printf("dsp_lowpass, %d min at 1 kHz, 5 Hz: %.3f s with plans cold, %.4f s warm (%.0f Msamples/s)\n",
	       MINUTES, cold, warm, (double)n / warm / 1e6);

	double hum, amp;
	/* warm-up calls: each plans its own sizes the first time */
	dsp_detect_hum(x, n, RATE_HZ, &hum, &amp);
	dsp_noise_sd(x, n, RATE_HZ);
	t0 = monotonic_s();
	rc = dsp_detect_hum(x, n, RATE_HZ, &hum, &amp);
	double detect = monotonic_s() - t0;
	for (size_t i = 0; i < n; i++)
		y[i] = x[i];
	t0 = monotonic_s();
	if (rc == ST_OK)
		rc = dsp_remove_hum(y, n, RATE_HZ, hum);
	double removal = monotonic_s() - t0;
	t0 = monotonic_s();
	double sd = dsp_noise_sd(x, n, RATE_HZ);
	double noise = monotonic_s() - t0;
	if (rc != ST_OK)
		return rc;
	printf("dsp_detect_hum: %.4f s (%g Hz, %.2f N); dsp_remove_hum: %.4f s; dsp_noise_sd: %.4f s (%.3f N)\n",
	       detect, hum, amp, removal, noise, sd);
	return ST_OK;
}

static int bench_live(double rate_hz)
{
	struct dsp_live *f;
	int rc = dsp_live_new(rate_hz, 10, 50, &f);
	if (rc != ST_OK)
		return rc;
	volatile double sink = 0;
	double x = 700, t0 = monotonic_s();
	for (long i = 0; i < LIVE_SAMPLES; i++) {
		x += (i & 1) ? 0.5 : -0.5;
		sink = dsp_live_step(f, x);
	}
	double ns = (monotonic_s() - t0) / LIVE_SAMPLES * 1e9;
	printf("dsp_live_step at %.0f Hz (10 Hz low-pass, 50 Hz notches): %.1f ns per sample, delay %.2f ms\n",
	       rate_hz, ns, dsp_live_delay_ms(f));
	(void)sink;
	dsp_live_free(f);
	return ST_OK;
}

int main(void)
{
	size_t n = (size_t)(MINUTES * 60 * RATE_HZ);
	double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
	if (!x || !y) {
		fprintf(stderr, "bench_dsp: out of memory\n");
		return 1;
	}
	make_recording(x, n);
	int rc = dsp_init(NULL);
	if (rc == ST_OK)
		rc = bench_offline(x, y, n);
	if (rc == ST_OK)
		rc = bench_live(1000);
	if (rc == ST_OK)
		rc = bench_live(2000);
	dsp_shutdown();
	free(x);
	free(y);
	if (rc != ST_OK) {
		fprintf(stderr, "bench_dsp: %s\n", st_errmsg());
		return 1;
	}
	return 0;
}
