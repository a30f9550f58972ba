/* plot.h: a graph across sessions as plain data, drawn with cairo.
 *
 * The same drawing goes to paper (a PDF page), to a PNG file and to the screen
 * (a cairo image surface uploaded as an SDL texture), so they never disagree. The model
 * holds no pointers into the store: the caller fills it and keeps its arrays alive while
 * drawing.
 *
 * What the drawing promises a reader: y ticks at round values (1-2-5 steps); x placed by
 * each point's date and time, with dates carrying the year; two sessions close in time
 * still told apart (a minimum gap between points); the target band shaded and named in
 * the legend; a point from a session that was not finished (a set missing) drawn hollow
 * and named in the legend, so it never reads as a target met; "no sessions yet" instead
 * of bare axes.
 */
#ifndef STATION_PLOT_H
#define STATION_PLOT_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define PLOT_MAX_SERIES 4
#define PLOT_MAX_TICKS 12

/* Okabe-Ito colours that hold on white paper and on the screen; each series also has its
 * own marker shape, so a grey print still tells them apart. */
enum plot_colour { PLOT_BLUE, PLOT_VERMILLION, PLOT_GREEN, PLOT_PURPLE, PLOT_ORANGE, PLOT_GREY };

struct plot_series {
	const char *label;        /* legend: "mean", "left share", "before" */
	const double *y;          /* n values; NAN: none at that point */
	enum plot_colour colour;
	bool bars;                /* bars (a count or a total) rather than a line with markers */
};

struct plot_graph {
	const char *title;        /* "Lowering time" */
	const char *unit;         /* "s" */
	size_t n;                 /* points */
	const time_t *x;          /* n times, oldest first (a session's start, a score's date) */
	const bool *incomplete;   /* n flags, or NULL: the session was not finished (hollow) */
	struct plot_series series[PLOT_MAX_SERIES];
	int n_series;
	double band_lo, band_hi;  /* target band; NAN: none */
	const char *band_label;   /* legend for the band: "target 3-5 s" */
	double y_min, y_max;      /* the axis; y_max <= y_min: from the data (and the band) */
	const char *empty_text;   /* shown when there are no points; NULL: "no sessions yet" */
};

/* Round ticks covering [lo, hi]: a step of 1, 2 or 5 times a power of ten giving at most
 * max_ticks ticks; fills out with the ticks within [lo, hi] (at most PLOT_MAX_TICKS) and
 * returns how many. *step gets the step. 0..414 gives 0, 100, 200, 300, 400. */
int plot_ticks(double lo, double hi, int max_ticks, double *step, double out[PLOT_MAX_TICKS]);

/* The axis of g: its y_min/y_max, or from the data and band widened to the next round
 * tick above (so the top tick is drawn). */
void plot_axis(const struct plot_graph *g, double *lo, double *hi);

/* Draws g into cr within the rectangle (x, y, w, h) in cr's user units. scale: the size of
 * a typographic point in those units (1 on a PDF page, 2 on a PNG drawn at 144 dpi); text
 * and lines are sized from it. Leaves cr's state as it was. For the screen: a cairo image
 * surface (CAIRO_FORMAT_ARGB32) over the pixels of an SDL surface or streaming texture of
 * SDL_PIXELFORMAT_ARGB8888 (the same layout), drawn once when the data changes. */
void plot_draw(cairo_t *cr, const struct plot_graph *g, double x, double y, double w, double h, double scale);

/* "12 Mar 2026" in local time. */
const char *plot_date(time_t t, char buf[24]);

/* Whether a and b fall on the same local day (two sessions then told apart, "#2"). */
bool plot_same_day(time_t a, time_t b);

#endif
