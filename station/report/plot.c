/* plot.c: graphs across sessions drawn with cairo (plot.h). */
#include "plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "typeface.h"

/* Sizes in points (times the caller's scale). */
#define TITLE_PT 9.0
#define TEXT_PT 7.0
#define MARKER_PT 2.6
#define LINE_PT 1.3
#define AXIS_PT 0.6
#define BAND_LINE_PT 1.5 /* a target band narrower than this is drawn as a line this wide */
#define DAY_S 86400

const char *plot_date(time_t t, char buf[24])
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, 24, "%d %b %Y", &tm);
	return buf;
}

/* ---- small drawing helpers ---- */

static void set_colour(cairo_t *cr, enum plot_colour c)
{
	static const double rgb[][3] = {
		[PLOT_BLUE] = { 0, 0.447, 0.698 },        [PLOT_VERMILLION] = { 0.835, 0.369, 0 },
		[PLOT_GREEN] = { 0, 0.62, 0.451 },        [PLOT_PURPLE] = { 0.8, 0.475, 0.655 },
		[PLOT_ORANGE] = { 0.902, 0.624, 0 },      [PLOT_GREY] = { 0.43, 0.43, 0.43 },
	};
	cairo_set_source_rgb(cr, rgb[c][0], rgb[c][1], rgb[c][2]);
}

static double text_width(cairo_t *cr, const char *s)
{
	return typeface_width(cr, s);
}

/* Text with its baseline at y; align 0 left, 0.5 centre, 1 right of x. */
static void text_at(cairo_t *cr, double x, double y, const char *s, double align)
{
	cairo_move_to(cr, x - align * text_width(cr, s), y);
	typeface_show(cr, s);
}

/* Fills the current path in the source colour, or (hollow) white with a coloured edge. */
static void fill_shape(cairo_t *cr, bool hollow, double scale)
{
	if (!hollow) {
		cairo_fill(cr);
		return;
	}
	cairo_save(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_fill_preserve(cr);
	cairo_restore(cr);
	cairo_set_line_width(cr, AXIS_PT * 1.8 * scale);
	cairo_stroke(cr);
}

/* The marker of series k (circle, square, triangle, diamond): filled, or hollow. */
static void marker(cairo_t *cr, int k, double x, double y, double r, bool hollow, double scale)
{
	switch (k % 4) {
	case 0: cairo_new_sub_path(cr); cairo_arc(cr, x, y, r, 0, 2 * M_PI); break;
	case 1: cairo_rectangle(cr, x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8); break;
	case 2:
		cairo_move_to(cr, x, y - r * 1.2);
		cairo_line_to(cr, x + r * 1.1, y + r * 0.8);
		cairo_line_to(cr, x - r * 1.1, y + r * 0.8);
		cairo_close_path(cr);
		break;
	default:
		cairo_move_to(cr, x, y - r * 1.3);
		cairo_line_to(cr, x + r * 1.1, y);
		cairo_line_to(cr, x, y + r * 1.3);
		cairo_line_to(cr, x - r * 1.1, y);
		cairo_close_path(cr);
		break;
	}
	fill_shape(cr, hollow, scale);
}

/* ---- ticks and axes ---- */

int plot_ticks(double lo, double hi, int max_ticks, double *step, double out[PLOT_MAX_TICKS])
{
	if (max_ticks < 2)
		max_ticks = 2;
	if (max_ticks > PLOT_MAX_TICKS)
		max_ticks = PLOT_MAX_TICKS;
	if (!(hi > lo)) {
		*step = 1;
		out[0] = lo;
		return 1;
	}
	double mag = pow(10, floor(log10((hi - lo) / max_ticks)));
	static const double nice[] = { 1, 2, 5, 10, 20, 50 };
	double s = mag * 100;
	for (size_t i = 0; i < sizeof nice / sizeof nice[0]; i++) {
		double c = nice[i] * mag;
		if (floor(hi / c + 1e-9) - ceil(lo / c - 1e-9) + 1 <= max_ticks) {
			s = c;
			break;
		}
	}
	*step = s;
	int n = 0;
	for (double t = ceil(lo / s - 1e-9) * s; t <= hi + s * 1e-9 && n < PLOT_MAX_TICKS; t += s)
		out[n++] = fabs(t) < s * 1e-9 ? 0 : t;
	return n;
}

void plot_axis(const struct plot_graph *g, double *lo, double *hi)
{
	if (g->y_max > g->y_min) {
		*lo = g->y_min;
		*hi = g->y_max;
		return;
	}
	double min = 0, max = -INFINITY;
	for (int k = 0; k < g->n_series; k++)
		for (size_t i = 0; i < g->n; i++) {
			double v = g->series[k].y[i];
			if (isnan(v))
				continue;
			min = fmin(min, v);
			max = fmax(max, v);
		}
	if (!isnan(g->band_hi))
		max = fmax(max, g->band_hi);
	if (!(max > min))
		max = min + 1;
	double step, ticks[PLOT_MAX_TICKS];
	plot_ticks(min, max, 5, &step, ticks);
	*lo = floor(min / step) * step;
	*hi = ceil(max / step - 1e-9) * step;
}

/* ---- x: by time, with a minimum gap between points ---- */

/* Places n times in [0, width]: in proportion to time, then pushed apart to at least gap
 * (gap * (n - 1) <= width, so they fit). */
static void place(const time_t *t, size_t n, double width, double gap, double *pos)
{
	if (n == 1) {
		pos[0] = width / 2;
		return;
	}
	double span = difftime(t[n - 1], t[0]);
	for (size_t i = 0; i < n; i++)
		pos[i] = span > 0 ? width * difftime(t[i], t[0]) / span : width * (double)i / (double)(n - 1);
	for (size_t i = 1; i < n; i++)
		pos[i] = fmax(pos[i], pos[i - 1] + gap);
	pos[n - 1] = fmin(pos[n - 1], width);
	for (size_t i = n - 1; i-- > 0;)
		pos[i] = fmin(pos[i], pos[i + 1] - gap);
}

/* Where time t falls between the placed points (piecewise linear). */
static double x_of_time(const time_t *t, const double *pos, size_t n, time_t at)
{
	if (n == 1 || at <= t[0])
		return pos[0];
	for (size_t i = 1; i < n; i++)
		if (at <= t[i]) {
			double span = difftime(t[i], t[i - 1]);
			return pos[i - 1] + (span > 0 ? (pos[i] - pos[i - 1]) * difftime(at, t[i - 1]) / span : 0);
		}
	return pos[n - 1];
}

bool plot_same_day(time_t a, time_t b)
{
	struct tm x, y;
	localtime_r(&a, &x);
	localtime_r(&b, &y);
	return x.tm_year == y.tm_year && x.tm_yday == y.tm_yday;
}

/* A date label in two lines: "12 Mar" and, under it, the year when it is the first label
 * or the year changed. */
static void date_label(cairo_t *cr, double x, double y, double line, time_t t, int *last_year)
{
	struct tm tm;
	char day[16], year[8];
	localtime_r(&t, &tm);
	strftime(day, sizeof day, "%d %b", &tm);
	text_at(cr, x, y, day, 0.5);
	if (tm.tm_year != *last_year) {
		strftime(year, sizeof year, "%Y", &tm);
		text_at(cr, x, y + line, year, 0.5);
		*last_year = tm.tm_year;
	}
}

#define MAX_DATE_LABELS 64

struct date_mark {
	double x;
	time_t at;
};

static int by_x(const void *a, const void *b)
{
	double x = ((const struct date_mark *)a)->x, y = ((const struct date_mark *)b)->x;
	return (x > y) - (x < y);
}

/* Whether x is at least label_w from every mark so far. */
static bool room_at(const struct date_mark *m, size_t n, double x, double label_w)
{
	for (size_t i = 0; i < n; i++)
		if (fabs(m[i].x - x) < label_w)
			return false;
	return true;
}

/* Whether there is a break in the sessions between points i - 1 and i: more than two
 * tick steps apart in time. Points keep a gap from each other rather than the time scale,
 * so across such a break the axis is not to scale: no round ticks there, a break mark. */
static bool break_before(const time_t *t, size_t i, double step_s)
{
	return difftime(t[i], t[i - 1]) > 2 * step_s;
}

/* Round date ticks (every 1, 2, 3, 7 or 14 days, or every 1, 2, 3, 6 or 12 months), as
 * many as fit at least label_w apart, but none inside a break in the sessions; each
 * stretch of sessions between breaks without a tick of its own gets the date of its first
 * session with room for one. */
static void date_ticks(cairo_t *cr, const time_t *t, const double *pos, size_t n, double x0, double y0,
		       double tick_y, double line, double width, double label_w, double scale)
{
	static const struct {
		int days, months;
	} steps[] = { { 1, 0 }, { 2, 0 }, { 3, 0 }, { 7, 0 }, { 14, 0 }, { 0, 1 }, { 0, 2 }, { 0, 3 }, { 0, 6 }, { 0, 12 } };
	double span_days = difftime(t[n - 1], t[0]) / DAY_S;
	size_t k = 0;
	while (k + 1 < sizeof steps / sizeof steps[0] &&
	       (span_days / (steps[k].days ? steps[k].days : steps[k].months * 30.4) + 1) * label_w > width)
		k++;
	double step_s = (steps[k].days ? steps[k].days : steps[k].months * 30.4) * DAY_S;
	struct tm tm;
	localtime_r(&t[0], &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	if (steps[k].months) {
		tm.tm_mday = 1;
		tm.tm_mon += tm.tm_mon % steps[k].months ? steps[k].months - tm.tm_mon % steps[k].months : 0;
	}
	struct date_mark marks[MAX_DATE_LABELS];
	size_t n_marks = 0, i = 1;
	double last_x = -INFINITY;
	for (time_t at = mktime(&tm); at <= t[n - 1] && n_marks < MAX_DATE_LABELS; at = mktime(&tm)) {
		while (i < n && t[i] < at)
			i++;
		if (at >= t[0] && (i >= n || !break_before(t, i, step_s))) {
			double x = x0 + x_of_time(t, pos, n, at);
			if (x - last_x >= label_w) {
				marks[n_marks++] = (struct date_mark){ x, at };
				last_x = x;
			}
		}
		tm.tm_mday += steps[k].days;
		tm.tm_mon += steps[k].months;
		tm.tm_isdst = -1;
	}
	for (size_t a = 0, b; a < n && n_marks < MAX_DATE_LABELS; a = b) { /* the stretches [a, b) */
		for (b = a + 1; b < n && !break_before(t, b, step_s); b++)
			;
		if (b < n) { /* the break after it: two short slants across the axis */
			double mx = x0 + (pos[b - 1] + pos[b]) / 2, d = 2 * scale;
			for (int side = -1; side <= 1; side += 2) {
				cairo_move_to(cr, mx + side * d - d / 2, y0 + d);
				cairo_line_to(cr, mx + side * d + d / 2, y0 - d);
			}
			cairo_stroke(cr);
		}
		bool ticked = false;
		for (size_t m = 0; m < n_marks; m++)
			ticked |= marks[m].x >= x0 + pos[a] && marks[m].x <= x0 + pos[b - 1];
		for (size_t j = a; !ticked && j < b; j++) /* the first of its sessions with room */
			if (room_at(marks, n_marks, x0 + pos[j], label_w)) {
				marks[n_marks++] = (struct date_mark){ x0 + pos[j], t[j] };
				ticked = true;
			}
	}
	qsort(marks, n_marks, sizeof marks[0], by_x);
	int last_year = -1;
	for (size_t m = 0; m < n_marks; m++) {
		cairo_move_to(cr, marks[m].x, y0);
		cairo_line_to(cr, marks[m].x, y0 + 2.5 * scale);
		cairo_stroke(cr);
		date_label(cr, marks[m].x, tick_y, line, marks[m].at, &last_year);
	}
}

/* ---- the legend ---- */

static bool series_has_points(const struct plot_graph *g, int k)
{
	for (size_t i = 0; i < g->n; i++)
		if (!isnan(g->series[k].y[i]))
			return true;
	return false;
}

static bool has_points(const struct plot_graph *g)
{
	for (int k = 0; k < g->n_series; k++)
		if (series_has_points(g, k))
			return true;
	return false;
}

/* Which of g's line series k is (0 for the first line), and how many lines g has. */
static int line_index(const struct plot_graph *g, int k, int *lines)
{
	int mine = 0;
	*lines = 0;
	for (int j = 0; j < g->n_series; j++)
		if (!g->series[j].bars) {
			mine += j < k;
			(*lines)++;
		}
	return mine;
}

/* The pen of line series k: the first solid, the second dashed, the third dotted, each
 * drawn over the one before, so where their values are equal both colours still show. */
static void line_style(cairo_t *cr, const struct plot_graph *g, int k, double scale)
{
	static const double dashes[][2] = { { 4.5, 3.0 }, { 0.1, 3.0 } }; /* dots: round caps */
	int lines, i = line_index(g, k, &lines);
	cairo_set_line_width(cr, LINE_PT * scale);
	if (i > 0) {
		double d[2] = { dashes[(i - 1) % 2][0] * scale, dashes[(i - 1) % 2][1] * scale };
		cairo_set_dash(cr, d, 2, 0);
		/* square dash ends, so the gaps between them stay open */
		cairo_set_line_cap(cr, i % 2 ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
	}
}

struct legend {
	cairo_t *cr;
	double x0, x, y, right, line, scale;
};

/* Room for an entry of text after a swatch; wraps to the next line. */
static double legend_place(struct legend *l, const char *text)
{
	double w = 14 * l->scale + text_width(l->cr, text) + 8 * l->scale;
	if (l->x + w > l->right && l->x > l->x0) {
		l->x = l->x0;
		l->y += l->line;
	}
	double at = l->x;
	l->x += w;
	text_at(l->cr, at + 14 * l->scale, l->y, text, 0);
	return at;
}

/* Draws the legend of g from (x, y), wrapping within w; returns its height. */
static double legend(cairo_t *cr, const struct plot_graph *g, bool hollow, double x, double y, double w,
		     double scale)
{
	typeface_set(cr, false, TEXT_PT, scale);
	struct legend l = { cr, x, x, y + TEXT_PT * scale, x + w, TEXT_PT * 1.4 * scale, scale };
	double mid = -TEXT_PT * 0.33 * scale;
	if (!isnan(g->band_lo) && g->band_label) {
		cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
		double at = legend_place(&l, g->band_label);
		cairo_save(cr);
		cairo_set_source_rgba(cr, 0, 0.62, 0.451, 0.22);
		cairo_rectangle(cr, at, l.y + mid - 3 * scale, 11 * scale, 6 * scale);
		cairo_fill(cr);
		cairo_restore(cr);
	}
	for (int k = 0; k < g->n_series; k++) {
		const struct plot_series *s = &g->series[k];
		if (!series_has_points(g, k))
			continue;
		cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
		double at = legend_place(&l, s->label);
		set_colour(cr, s->colour);
		if (s->bars) {
			cairo_rectangle(cr, at + 2 * scale, l.y + mid - 3.5 * scale, 7 * scale, 7 * scale);
			cairo_fill(cr);
		} else {
			line_style(cr, g, k, scale);
			cairo_move_to(cr, at, l.y + mid);
			cairo_line_to(cr, at + 11 * scale, l.y + mid);
			cairo_stroke(cr);
			cairo_set_dash(cr, NULL, 0, 0);
			cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
			marker(cr, k, at + 5.5 * scale, l.y + mid, MARKER_PT * scale, false, scale);
		}
	}
	if (hollow) {
		cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
		double at = legend_place(&l, "hollow: session not finished");
		marker(cr, 0, at + 5.5 * scale, l.y + mid, MARKER_PT * scale, true, scale);
	}
	return l.y - y + TEXT_PT * 0.6 * scale;
}

/* ---- the graph ---- */

static bool hollow_used(const struct plot_graph *g)
{
	if (!g->incomplete)
		return false;
	for (size_t i = 0; i < g->n; i++)
		for (int k = 0; g->incomplete[i] && k < g->n_series; k++)
			if (!isnan(g->series[k].y[i]))
				return true;
	return false;
}

static void draw_series(cairo_t *cr, const struct plot_graph *g, int k, const double *pos, double x0, double bar_w,
			double mark_r, double ylo, double yhi, double top, double height, double scale)
{
	const struct plot_series *s = &g->series[k];
	double span = yhi - ylo;
#define Y_OF(v) (top + height * (1 - (fmin(fmax((v), ylo), yhi) - ylo) / span))
	set_colour(cr, s->colour);
	if (s->bars) {
		for (size_t i = 0; i < g->n; i++) {
			if (isnan(s->y[i]))
				continue;
			double y = Y_OF(s->y[i]), base = Y_OF(fmax(ylo, 0));
			cairo_rectangle(cr, x0 + pos[i] - bar_w / 2, fmin(y, base), bar_w, fabs(base - y));
			fill_shape(cr, g->incomplete && g->incomplete[i], scale);
		}
		return;
	}
	/* line series' markers side by side by a marker's width about each date, and each
	 * line with its own dashes, so equal values (a mean and a longest hold, pain before and
	 * after) never hide one another */
	int lines, mine = line_index(g, k, &lines);
	x0 += (mine - (lines - 1) / 2.0) * mark_r * 1.2;
	line_style(cr, g, k, scale);
	bool pen = false;
	for (size_t i = 0; i < g->n; i++) {
		if (isnan(s->y[i])) {
			pen = false;
			continue;
		}
		if (pen)
			cairo_line_to(cr, x0 + pos[i], Y_OF(s->y[i]));
		else
			cairo_move_to(cr, x0 + pos[i], Y_OF(s->y[i]));
		pen = true;
	}
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	for (size_t i = 0; i < g->n; i++)
		if (!isnan(s->y[i]))
			marker(cr, k, x0 + pos[i], Y_OF(s->y[i]), mark_r, g->incomplete && g->incomplete[i], scale);
#undef Y_OF
}

void plot_draw(cairo_t *cr, const struct plot_graph *g, double x, double y, double w, double h, double scale)
{
	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);

	/* title and unit */
	char title[160];
	snprintf(title, sizeof title, "%s%s%s%s", g->title, g->unit && *g->unit ? " (" : "", g->unit ? g->unit : "",
		 g->unit && *g->unit ? ")" : "");
	cairo_set_source_rgb(cr, 0, 0, 0);
	typeface_set(cr, true, TITLE_PT, scale);
	text_at(cr, x, y + TITLE_PT * scale, title, 0);
	double top = y + TITLE_PT * 1.5 * scale;
	bool points = g->n > 0 && has_points(g);
	if (points)
		top += legend(cr, g, hollow_used(g), x, top, w, scale);

	/* the axis and its labels */
	double line = TEXT_PT * 1.25 * scale;
	double bottom = y + h - 2 * line - 4 * scale;
	top += TEXT_PT * 0.6 * scale;
	double height = bottom - top;
	/* as many ticks as fit the height with air between their labels (a wide, low graph
	 * on the screen has room for fewer than a page) */
	double ylo, yhi, step, ticks[PLOT_MAX_TICKS];
	plot_axis(g, &ylo, &yhi);
	int nt = plot_ticks(ylo, yhi, (int)fmin(6, height / (TEXT_PT * 1.8 * scale) + 1), &step, ticks);
	typeface_set(cr, false, TEXT_PT, scale);
	char label[32];
	double label_w = 0;
	for (int i = 0; i < nt; i++) {
		snprintf(label, sizeof label, "%g", ticks[i]);
		label_w = fmax(label_w, text_width(cr, label));
	}
	double left = x + label_w + 5 * scale, right = x + w - 4 * scale;
	double width = right - left;
	if (height < 10 * scale || width < 20 * scale) {
		cairo_restore(cr);
		return;
	}
	cairo_set_line_width(cr, AXIS_PT * scale);
	for (int i = 0; i < nt; i++) {
		double ty = top + height * (1 - (ticks[i] - ylo) / (yhi - ylo));
		cairo_set_source_rgb(cr, 0.86, 0.86, 0.86);
		cairo_move_to(cr, left, ty);
		cairo_line_to(cr, right, ty);
		cairo_stroke(cr);
		cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
		snprintf(label, sizeof label, "%g", ticks[i]);
		text_at(cr, left - 3 * scale, ty + TEXT_PT * 0.35 * scale, label, 1);
	}
	if (points && !isnan(g->band_lo) && !isnan(g->band_hi)) { /* the band is named in the legend */
		double b0 = top + height * (1 - (fmin(g->band_hi, yhi) - ylo) / (yhi - ylo));
		double b1 = top + height * (1 - (fmax(g->band_lo, ylo) - ylo) / (yhi - ylo));
		/* a target of one value (a hold set to 30 s) as a line: its band had no height,
		 * and only the legend named it */
		bool thin = b1 - b0 < BAND_LINE_PT * scale;
		if (thin) {
			b0 = (b0 + b1 - BAND_LINE_PT * scale) / 2;
			b1 = b0 + BAND_LINE_PT * scale;
		}
		cairo_set_source_rgba(cr, 0, 0.62, 0.451, thin ? 0.6 : 0.16);
		cairo_rectangle(cr, left, b0, width, b1 - b0);
		cairo_fill(cr);
	}
	cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
	cairo_move_to(cr, left, top);
	cairo_line_to(cr, left, bottom);
	cairo_line_to(cr, right, bottom);
	cairo_stroke(cr);

	if (!points) {
		cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
		typeface_set(cr, false, TITLE_PT, scale);
		text_at(cr, left + width / 2, top + height / 2,
			g->n == 0 ? (g->empty_text ? g->empty_text : "no sessions yet") : "nothing measured in these sessions", 0.5);
		cairo_restore(cr);
		return;
	}

	/* the points: per-point labels when they fit, round date ticks otherwise */
	double day_w = text_width(cr, "00 May") + 4 * scale;
	double pad = day_w / 2, inner = width - 2 * pad; /* room for the outer date labels */
	bool per_point = (double)(g->n - 1) * day_w <= inner;
	double gap = per_point ? day_w : fmin(3 * MARKER_PT * scale, g->n > 1 ? inner / (double)(g->n - 1) : inner);
	double *p = malloc(g->n * sizeof *p);
	if (!p) {
		cairo_restore(cr);
		return;
	}
	place(g->x, g->n, inner, gap, p);
	double x0 = left + pad, tick_y = bottom + 3 * scale + TEXT_PT * scale;
	cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
	cairo_set_line_width(cr, AXIS_PT * scale);
	if (per_point) {
		int last_year = -1, same = 1;
		for (size_t i = 0; i < g->n; i++) {
			cairo_move_to(cr, x0 + p[i], bottom);
			cairo_line_to(cr, x0 + p[i], bottom + 2.5 * scale);
			cairo_stroke(cr);
			same = i > 0 && plot_same_day(g->x[i], g->x[i - 1]) ? same + 1 : 1;
			if (same > 1) {
				snprintf(label, sizeof label, "#%d", same);
				text_at(cr, x0 + p[i], tick_y, label, 0.5);
			} else {
				date_label(cr, x0 + p[i], tick_y, line, g->x[i], &last_year);
			}
		}
	} else {
		date_ticks(cr, g->x, p, g->n, x0, bottom, tick_y, line, inner, day_w * 1.3, scale);
	}
	/* many sessions: thinner bars and smaller marks, so neighbours do not merge */
	double bar_w = fmin(fmax(gap * 0.7, 1.5 * scale), 12 * scale);
	double mark_r = fmin(fmax(gap * 0.4, 1.3 * scale), MARKER_PT * scale);
	for (int pass = 0; pass < 2; pass++) /* bars behind lines */
		for (int k = 0; k < g->n_series; k++)
			if (g->series[k].bars == (pass == 0))
				draw_series(cr, g, k, p, x0, bar_w, mark_r, ylo, yhi, top, height, scale);
	free(p);
	cairo_restore(cr);
}
