/* piece.h: one gap-free stretch of a recording, prepared for the detectors: hum removed,
 * low-passed copies, and the COP of both feet as one forward position. */
#ifndef STATION_ANALYSIS_PIECE_H
#define STATION_ANALYSIS_PIECE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "physics.h"
#include "trace.h"

struct piece {
	size_t n;
	double rate;
	const double *t;       /* times, into the trace */
	const uint8_t *flags;  /* into the trace */
	double *left, *right;  /* per-plate force, hum removed, N */
	double *total;         /* left + right */
	double *smooth;        /* total, low-passed for level and stillness tests */
	double *cop_y;         /* both feet's COP, forward position, low-passed; NAN where never defined */
	bool has_cop;
};

/* Prepares samples [from, from + n) of t; hum_hz: mains to remove (0: none). */
int piece_prepare(const struct trace *t, size_t from, size_t n, double hum_hz, struct piece *p);
void piece_free(struct piece *p);

/* Time where x crosses level between samples i-1 and i (linear interpolation). */
double piece_crossing(const struct piece *p, const double *x, size_t i, double level);

/* Mean of x over [a, b) (NAN if empty). */
double mean_of(const double *x, size_t a, size_t b);
double sd_of(const double *x, size_t a, size_t b);

/* The p-th quantile (0..1) of the finite values of x (NAN if none); sorts a copy. */
double quantile_of(const double *x, size_t n, double q);

/* Whether any sample in [a, b) is saturated. */
bool piece_saturated(const struct piece *p, size_t a, size_t b);

/* 100 * mean(left) / (mean(left) + mean(right)) over [a, b). */
double piece_left_share(const struct piece *p, size_t a, size_t b);

/* Sample index nearest time s (clamped). */
size_t piece_index(const struct piece *p, double s);

#endif
