/* dsp.h: the station's signal processing: zero-phase filtering of whole recordings in the
 * frequency domain (FFTW), mains hum detection and removal, the noise floor, and the
 * causal filter of the live screen.
 *
 * Calls return ST_OK or a negative code of status.h with a message (st_errmsg()): bad
 * arguments ST_ERR_ARG, out of memory ST_ERR_NOMEM. Rates of 100-2000 Hz are the design
 * range; any positive rate is accepted.
 */
#ifndef STATION_DSP_H
#define STATION_DSP_H

#include <stddef.h>

/* Call dsp_init once at start (wisdom_path: file to import/export FFTW wisdom, or NULL).
 * It plans every transform the filters and the hum detector use: power-of-two blocks of
 * 256-65536 points (every recording length at cutoffs of 2 Hz and above) and the 1 s hum
 * windows of the usual rates (100, 200, 250, 500, 1000, 2000 Hz), so analysing a recording
 * plans nothing. With a wisdom path the blocks are measured (FFTW_MEASURE, about 4 s here
 * the first time, saved to the wisdom at once; instant once the wisdom has them),
 * without one estimated (a few ms). Not thread-safe: call from one thread.
 *
 * Anything else (another rate's hum window, a cutoff below 2 Hz, filtering before
 * dsp_init) is planned when first needed with FFTW_ESTIMATE: no measuring, under a
 * millisecond, counted by dsp_late_plans(). A missing or stale wisdom file only makes
 * the first start slower. */
int dsp_init(const char *wisdom_path);
void dsp_shutdown(void);             /* saves wisdom (if a path was given), frees plans */
/* (The wisdom is also saved by dsp_init, so a station switched off without shutting
 * down keeps it.) */

/* Plans made since dsp_init returned: 0 while every transform ran on a plan made at start. */
size_t dsp_late_plans(void);

/* Zero-phase low-pass of a whole signal in the frequency domain: response
 * H(f) = 1 / (1 + (f/cutoff)^8) (real, no phase: gain 0.5 at the cutoff, like a 4th-order
 * Butterworth run forward and back). Edges handled so the first and last second are as
 * good as the middle (e.g. odd-symmetric extension about the end values with enough
 * padding, then trimmed); n of any size (pad to a fast FFT size so plans are reused).
 * x must be finite. y may equal x.
 *
 * 0 < cutoff_hz <= rate_hz / 2. The extension, 8 / cutoff seconds long, is odd-symmetric
 * about a cubic fitted to the last 1 / cutoff seconds (so one noisy end sample does not
 * pin the output), with the fit's curvature put back. A sinusoid below cutoff / 4 comes
 * through within 0.5 % at the very ends too, and noise is smoothed there nearly as well
 * as in the middle. A strong oscillation far above the cutoff (4x: -40 dB in the middle)
 * is not removed as well in the last 1-2 cutoff periods at each end, where one side
 * alone cannot tell its mean (up to about half its amplitude at the end sample): remove
 * hum first. Long signals are filtered in overlapping blocks. n == 0 does nothing. */
int dsp_lowpass(const double *x, size_t n, double rate_hz, double cutoff_hz, double *y);
/* The same over floats (a recording's columns), computed in doubles. */
int dsp_lowpass_float(const float *x, size_t n, double rate_hz, double cutoff_hz, float *y);

/* Mains hum: looks for 50 or 60 Hz (and harmonics up to rate/2) standing clearly above
 * the neighbouring spectrum; returns the base frequency found (50, 60) or 0 and the
 * fundamental's amplitude.
 *
 * Spectrum of 1 s Hann windows (at most 256 of them, spread over a long signal: only they
 * are read, and must be finite), each bin the median over the windows (so hops and knocks
 * in some windows do not bury it); hum is found when its fundamental stands 10 dB
 * above the median of the bins 3-10 Hz around it, or two of its harmonics do (harmonics
 * shared by 50 and 60 Hz, multiples of 300 Hz, do not count). Less than 1 s of signal:
 * *hum_hz = 0. Harmonics above rate/2 are not looked at: at 100 Hz a 60 Hz hum is beyond
 * reach. At exactly rate/2 (50 Hz at 100 Hz) hum shows as an alternating component whose
 * size depends on its phase; it is looked for there too and its apparent amplitude given. */
int dsp_detect_hum(const double *x, size_t n, double rate_hz, double *hum_hz, double *amplitude);
/* The same in a + b (the plates' total force), without forming it: the windows read at
 * most 256 s of it. */
int dsp_detect_hum_sum(const float *a, const float *b, size_t n, double rate_hz, double *hum_hz, double *amplitude);
/* Removes hum at hum_hz and its harmonics (narrow zero-phase notches), in place.
 *
 * Each notch is 1 - exp(-(df / 0.3 Hz)^2 / 2): 30 dB deep within 0.075 Hz of the harmonic,
 * -3 dB 0.47 Hz away, gain 0.996 1 Hz away. The hum is fitted near each end and continued
 * into the extension, so the ends are cleaned as well as the middle. hum_hz: 40-70 Hz,
 * or 0 (nothing to do). Harmonics above rate/2 are skipped; one at exactly rate/2 is
 * removed as the alternating component it is there. */
int dsp_remove_hum(double *x, size_t n, double rate_hz, double hum_hz);
int dsp_remove_hum_float(float *x, size_t n, double rate_hz, double hum_hz);

/* Noise floor: SD of x after removing everything below 15 Hz and the hum, estimated
 * robustly (1.4826 * median absolute deviation); for thresholds from quiet standing.
 *
 * The hum is the one dsp_detect_hum finds. The result is scaled by the share of the band
 * the filter keeps, so white noise reads its own SD at any rate. NAN (with a message) on
 * bad arguments, fewer than 16 samples, or rate_hz <= 30 Hz. */
double dsp_noise_sd(const double *x, size_t n, double rate_hz);
double dsp_noise_sd_float(const float *x, size_t n, double rate_hz);

/* The value that would be a[k] were a sorted (a is reordered; Hoare's selection, linear
 * time); k < n. */
double dsp_select_kth(double *a, size_t n, size_t k);
double dsp_select_kth_float(float *a, size_t n, size_t k);

/* The live causal filter for the screen, per sample, allocation-free in dsp_live_step:
 * a low-pass at cutoff_hz (pick the design with the least delay for a good response —
 * e.g. a 2nd- or 4th-order Butterworth as biquads, justified in a comment against an
 * FFT overlap-save FIR whose block adds latency) plus, if hum_hz > 0, notches at the
 * mains frequency and harmonics.
 *
 * The low-pass is a 2nd-order Butterworth (bilinear, prewarped): 0 < cutoff_hz < rate/2.
 * Notches (2 Hz wide, DC gain 1) at every harmonic of hum_hz (40-70 Hz, or 0 for none) up
 * to rate/2. A non-finite x is replaced by the last finite one, so one bad sample cannot
 * poison the filter. */
struct dsp_live;
int dsp_live_new(double rate_hz, double cutoff_hz, double hum_hz, struct dsp_live **out);
double dsp_live_step(struct dsp_live *f, double x);
void dsp_live_reset(struct dsp_live *f, double value);  /* start settled at value */
double dsp_live_delay_ms(const struct dsp_live *f);      /* group delay at 0 Hz, ms */
void dsp_live_free(struct dsp_live *f);

#endif
