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
	/* Floats like the trace's columns (so a piece fits in them); read them into doubles
	 * to sum or integrate. */
	float *left, *right;   /* per-plate force, hum removed, N */
	float *total;          /* left + right */
	float *smooth;         /* total, low-passed for level and stillness tests */
	float *cop_y;          /* both feet's COP, forward position, low-passed; NAN where never defined */
	float *spare;          /* n floats a detector may use as scratch; NULL: none */
	bool has_cop;
	size_t cop_from;       /* the first sample whose COP is defined (n: none; before it, cop_y
				* holds that sample's) */
	/* Stretches [a, b) where a plate bearing a load gave no COP (a CSV's blank fields):
	 * cop_y is drawn straight across them (trace_cop_bridgeable) */
	struct cop_blank {
		size_t a, b;
	} *cop_blanks;
	size_t n_cop_blanks;
	bool owns;             /* the arrays are the piece's own (not the trace's columns) */
	bool gap_before, gap_after; /* a gap in the recording comes just before it, just after it */
};

/* Prepares samples [from, from + n) of t; hum_hz: mains to remove (0: none). */
int piece_prepare(const struct trace *t, size_t from, size_t n, double hum_hz, struct piece *p);
/* The same in t's own columns, allocating nothing: left and right are its forces (hum
 * removed in place), total and smooth take the COP x columns, cop_y the left COP y
 * column, spare the right's; those samples of t are overwritten (its times and flags
 * are not). */
int piece_prepare_in(struct trace *t, size_t from, size_t n, double hum_hz, struct piece *p);
void piece_free(struct piece *p);

/* The functions below take a piece's float signals and a detector's own double arrays
 * alike: these macros pick the function for x's type (C11 _Generic). */
#define PIECE_GENERIC(name, x) \
	_Generic((x), float *: name##_float, const float *: name##_float, default: name##_double)

/* Time where x crosses level between samples i-1 and i (linear interpolation). */
#define piece_crossing(p, x, i, level) PIECE_GENERIC(piece_crossing, x)(p, x, i, level)
double piece_crossing_double(const struct piece *p, const double *x, size_t i, double level);
double piece_crossing_float(const struct piece *p, const float *x, size_t i, double level);

/* Mean of x over [a, b) (NAN if empty). */
#define mean_of(x, a, b) PIECE_GENERIC(mean_of, x)(x, a, b)
double mean_of_double(const double *x, size_t a, size_t b);
double mean_of_float(const float *x, size_t a, size_t b);
#define sd_of(x, a, b) PIECE_GENERIC(sd_of, x)(x, a, b)
double sd_of_double(const double *x, size_t a, size_t b);
double sd_of_float(const float *x, size_t a, size_t b);

/* The p-th quantile (0..1) of the finite values of x (NAN if none), from a copy. */
#define quantile_of(x, n, q) PIECE_GENERIC(quantile_of, x)(x, n, q)
double quantile_of_double(const double *x, size_t n, double q);
double quantile_of_float(const float *x, size_t n, double q);
/* The same in x itself, without a copy: x is reordered and its finite values moved to
 * the front (a second call on it gives what it would have given on the original). */
#define quantile_in(x, n, q) PIECE_GENERIC(quantile_in, x)(x, n, q)
double quantile_in_double(double *x, size_t n, double q);
double quantile_in_float(float *x, size_t n, double q);

/* Whether any sample in [a, b) is saturated. */
bool piece_saturated(const struct piece *p, size_t a, size_t b);
/* Whether the COP at time t_s was drawn across a blank, or is near enough one for its
 * filter to carry it: heels seen crossing there are not seen. */
bool piece_cop_bridged(const struct piece *p, double t_s);

/* The longest run of samples in [a, b) with the plates all but empty (a tenth of body
 * weight or less; a tare's drift stays below): a flight, or a glitch of the force. */
size_t piece_longest_unloaded(const struct piece *p, double body_weight, size_t a, size_t b);

/* 100 * mean(left) / (mean(left) + mean(right)) over [a, b), within 0-100. */
double piece_left_share(const struct piece *p, size_t a, size_t b);

/* The share of body weight the hands take over [a, b): 100 (body weight - mean total
 * force) / body weight. Over a stretch from rest to rest the body's acceleration averages
 * out, so this is the slow part of the support. NAN where a sample in it is saturated
 * (a load cell pegged at full scale put a rep 13 % "pushing" and took the set for one
 * on a rail). */
double piece_support_pct(const struct piece *p, size_t a, size_t b, double body_weight);

/* Sample index nearest time s (clamped). */
size_t piece_index(const struct piece *p, double s);

#endif
