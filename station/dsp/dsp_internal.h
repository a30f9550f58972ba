/* dsp_internal.h: what the dsp files share and nobody else needs. */
#ifndef STATION_DSP_INTERNAL_H
#define STATION_DSP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <fftw3.h>

/* The real-to-complex and complex-to-real plans of size n, made on first use and kept.
 * They are run with fftw_execute_dft_r2c/c2r on arrays from fftw_alloc_*, out of place;
 * that is thread-safe, making them is not (a lock serialises it). */
int dsp_plans(size_t n, fftw_plan *fwd, fftw_plan *inv);

/* The length of the hum's spectra (hum.c), one transform size. */
size_t dsp_hum_segment(double rate_hz);

/* A signal in doubles, or in floats (a recording's columns: half the memory), or the sum
 * of two float signals (both plates' force, never formed whole); the filters and the hum
 * detector read any and compute in doubles. */
struct signal_in {
	const double *d;
	const float *f;      /* used when not NULL */
	const float *f_plus; /* added to f when not NULL */
};

static inline double signal_at(struct signal_in x, ptrdiff_t i)
{
	if (!x.f)
		return x.d[i];
	return x.f_plus ? (double)x.f[i] + (double)x.f_plus[i] : (double)x.f[i];
}

bool dsp_rate_ok(double rate_hz);
bool dsp_hum_ok(double hum_hz); /* 40-70 Hz, or 0 for none */

/* How many harmonics of hum_hz (the fundamental included) lie at or below rate_hz / 2. */
size_t dsp_harmonics(double hum_hz, double rate_hz);

#endif
