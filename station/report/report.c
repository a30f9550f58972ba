/* report.c: the review as a PDF and as PNG images (report.h).
 *
 * The PDF is two A4 pages whatever the history. Page 1: the patient, the suggestion, the
 * latest phase decisions and VISA-A scores, and as many of the latest sessions as its room
 * left takes, the earlier ones summarised in a line. Page 2: the graphs, which show every
 * session. Each text is wrapped and cut to the page's width and to a number of lines, so
 * nothing runs off a page or pushes the graphs onto a third. */
#include "report.h"

#include <cairo-pdf.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "calib.h"
#include "safe_file.h"
#include "paths.h"
#include "plot.h"
#include "progress.h"
#include "status.h"
#include "typeface.h"

/* A4 in points, and the layout's measures. */
#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN 40.0
#define BODY_PT 8.5
#define SMALL_PT 6.6
#define HEAD_PT 10.5
#define ROW_H (SMALL_PT * 1.3)
#define GRAPH_H_MAX 170.0
#define GRAPH_GAP 14.0
#define COL_GAP 6.0
/* the most page 1 gives each text, so the sessions always have room */
#define NAME_LINES 3
#define REASON_LINES 2
#define DECISIONS_SHOWN 4 /* the latest phase decisions; the earlier ones are counted */
#define DECISION_LINES 3
#define VISA_SHOWN 12     /* at most the latest scores, in VISA_LINES; all are in the graph */
#define VISA_LINES 2

/* The flow of text down the pages. */
struct page {
	cairo_t *cr;
	const struct review *r;
	double y;                 /* the next line's top */
	int number;
	char footer[256];
};

/* cairo's write callback into a safe_file stream (the file is replaced whole, 0600). */
static cairo_status_t write_stream(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static double content_w(void)
{
	return PAGE_W - 2 * MARGIN;
}

static double line_h(double size)
{
	return size * 1.35;
}

static void footer(struct page *p)
{
	char text[300], fitted[300];
	snprintf(text, sizeof text, "%s    page %d", p->footer, p->number);
	typeface_set(p->cr, false, SMALL_PT, 1);
	typeface_ellipsize(p->cr, text, content_w(), fitted, sizeof fitted);
	cairo_set_source_rgb(p->cr, 0.35, 0.35, 0.35);
	cairo_move_to(p->cr, MARGIN, PAGE_H - MARGIN / 2);
	typeface_show(p->cr, fitted);
}

static void new_page(struct page *p)
{
	footer(p);
	cairo_show_page(p->cr);
	p->number++;
	p->y = MARGIN;
}

/* Room for h more points on this page, or a new page. */
static void need(struct page *p, double h)
{
	if (p->y + h > PAGE_H - MARGIN)
		new_page(p);
}

/* One line of text at x on the flow, cut with an ellipsis at the right margin; advances
 * by the line's height. */
static void line(struct page *p, double x, double size, bool bold, const char *text)
{
	char fitted[1200];
	need(p, line_h(size));
	typeface_set(p->cr, bold, size, 1);
	typeface_ellipsize(p->cr, text, MARGIN + content_w() - x, fitted, sizeof fitted);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	cairo_move_to(p->cr, x, p->y + size);
	typeface_show(p->cr, fitted);
	p->y += line_h(size);
}

static void linef(struct page *p, double x, double size, bool bold, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void linef(struct page *p, double x, double size, bool bold, const char *fmt, ...)
{
	char text[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	line(p, x, size, bold, text);
}

/* Text wrapped within [x, the right margin] in at most max_lines lines, the last cut with
 * an ellipsis when more is left; following lines start at x + hang. */
static void wrapped(struct page *p, double x, double hang, double size, bool bold, const char *text, int max_lines)
{
	const char *c = text;
	for (int n = 1; *c; n++) {
		double at = n == 1 ? x : x + hang;
		if (n == max_lines) {
			line(p, at, size, bold, c);
			return;
		}
		typeface_set(p->cr, bold, size, 1); /* again: a new page's footer changed it */
		const char *next;
		size_t len = typeface_fit(p->cr, c, MARGIN + content_w() - at, &next);
		char buf[1200];
		snprintf(buf, sizeof buf, "%.*s", (int)len, c);
		line(p, at, size, bold, buf);
		c = next;
	}
}

static double heading_h(void)
{
	return HEAD_PT * 0.6 + line_h(HEAD_PT) + 3;
}

static void heading(struct page *p, const char *text)
{
	need(p, heading_h() + 4 * ROW_H); /* never a heading alone at the foot of a page */
	p->y += HEAD_PT * 0.6;
	line(p, MARGIN, HEAD_PT, true, text);
	cairo_set_source_rgb(p->cr, 0.6, 0.6, 0.6);
	cairo_set_line_width(p->cr, 0.5);
	cairo_move_to(p->cr, MARGIN, p->y);
	cairo_line_to(p->cr, MARGIN + content_w(), p->y);
	cairo_stroke(p->cr);
	p->y += 3;
}

static const char *when(time_t t, char buf[40])
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, 40, "%d %b %Y %H:%M", &tm);
	return buf;
}

/* ---- the sections ---- */

/* The range shown: "01 Jun 2026 to 04 Dec 2026", "up to 01 Jan 2025" (only an end
 * given, no session before it); false: no range and no sessions. */
static bool range_words(const struct review *r, char *buf, size_t len)
{
	char a[24], b[24];
	if (r->from && r->to && plot_same_day(r->from, r->to))
		snprintf(buf, len, "%s", plot_date(r->from, a)); /* a day, or a range starting after today */
	else if (r->from && r->to)
		snprintf(buf, len, "%s to %s", plot_date(r->from, a), plot_date(r->to, b));
	else if (r->to)
		snprintf(buf, len, "up to %s", plot_date(r->to, b));
	else
		return false;
	return true;
}

/* The calibration and, past calib_max_age_days() when the report is made, the warning
 * the station gives when a session opens the plate. */
static void calibration_lines(struct page *p, time_t made)
{
	const struct review *r = p->r;
	char text[400];
	snprintf(text, sizeof text, "Calibration: %s", r->calibration);
	wrapped(p, MARGIN, 9, BODY_PT, false, text, 2);
	double days = difftime(made, r->calibrated_at) / 86400;
	if (r->calibrated_at && r->calibration_ages && days > calib_max_age_days()) {
		snprintf(text, sizeof text, "Warning: the calibration was %.0f days old when this report was made, more "
					    "than %.0f: recalibrate the plate soon.", days, calib_max_age_days());
		wrapped(p, MARGIN, 9, BODY_PT, true, text, 2);
	}
}

static void patient_section(struct page *p, time_t made)
{
	const struct review *r = p->r;
	const struct patient *pt = &r->patient;
	char c[40], text[400];
	line(p, MARGIN, 15, true, "Achilles tendinopathy: progress report");
	p->y += 2;
	snprintf(text, sizeof text, "%s%s%s", pt->clinic_id, *pt->name ? "   " : "", pt->name);
	wrapped(p, MARGIN, 0, 12, true, text, NAME_LINES);
	int complete = 0;
	for (size_t i = 0; i < r->history.n; i++)
		complete += !review_incomplete(&r->history.sessions[i]);
	char range[64];
	if (range_words(r, range, sizeof range))
		linef(p, MARGIN, BODY_PT, false, "Sessions %s%s: %zu (%d finished with every set)", r->from ? "from " : "",
		      range, r->history.n, complete);
	else
		linef(p, MARGIN, BODY_PT, false, "Sessions: %s", review_no_sessions(r));
	const struct dose *d = &r->prescription.dose;
	char sets[32], reps[32], band[32];
	snprintf(text, sizeof text, "Involved side: %s.   Current phase: %d, %s", side_name(pt->side), pt->phase,
		 r->prescription.name);
	wrapped(p, MARGIN, 9, BODY_PT, false, text, 2);
	char dose[300];
	static const char *const what[][2] = { [EXERCISE_HEEL_RAISE] = { "rep", "reps" },
					       [EXERCISE_HOLD] = { "hold", "holds" }, [EXERCISE_HOP] = { "hop", "hops" } };
	const char *const *unit = what[ex_kind_mode(r->prescription.kind)];
	int n;
	/* what the station asks for (the range's low ends, as the session runner), then the range */
	int sets_given = d->sets_min > 0 ? d->sets_min : 1;
	/* the programme's own range for the exercise, not the physio's numbers (a count of 8
	 * read "the programme's range: 3 sets of 8" where the programme gives 12-15) */
	struct dose_override kind_only = { .has_kind = pt->override.has_kind, .kind = pt->override.kind };
	struct prog_exercise programme_own;
	const struct dose *g = programme_prescription(r->prog, pt->phase, &kind_only, &programme_own) == ST_OK
				       ? &programme_own.dose
				       : d;
	if (d->reps_max > 0)
		n = snprintf(dose, sizeof dose, "Dose at the station: %d set%s of %d %s (the programme's range: %s sets of %s)",
			     sets_given, sets_given == 1 ? "" : "s", d->reps_min, unit[d->reps_min != 1],
			     dose_range_text(g->sets_min, g->sets_max, sets), dose_range_text(g->reps_min, g->reps_max, reps));
	else
		n = snprintf(dose, sizeof dose, "Dose: %s set%s of %s at the patient's pace",
			     dose_range_text(d->sets_min, d->sets_max, sets), d->sets_max == 1 ? "" : "s", unit[1]);
	if (d->hold_max_s > 0)
		n += snprintf(dose + n, sizeof dose - (size_t)n, ", holding %s s",
			      dose_range_text(d->hold_min_s, d->hold_max_s, band));
	if (d->lower_max_s > 0)
		n += snprintf(dose + n, sizeof dose - (size_t)n, ", lowering %s s",
			      dose_range_text(d->lower_min_s, d->lower_max_s, band));
	snprintf(dose + n, sizeof dose - (size_t)n, ", rest %g s", d->rest_s);
	wrapped(p, MARGIN, 9, BODY_PT, false, dose, 2);
	char change[WHO_MAX + WHY_MAX + 64], said[sizeof change + 8];
	if (*review_dose_change(pt, change, sizeof change)) {
		snprintf(said, sizeof said, "Dose %s", change);
		wrapped(p, MARGIN, 9, BODY_PT, false, said, 2);
	}
	calibration_lines(p, made);
	linef(p, MARGIN, BODY_PT, false, "Report made %s by the calf-raise station", when(made, c));
}

static void suggestion_section(struct page *p)
{
	const struct suggestion *sg = &p->r->suggestion;
	heading(p, "Progression suggestion (for the physio to decide)");
	if (sg->verdict == VERDICT_NEXT_PHASE)
		linef(p, MARGIN, BODY_PT, true, "Next phase: move from phase %d to phase %d", sg->phase, sg->next_phase);
	else if (sg->verdict == VERDICT_EASE_OFF)
		linef(p, MARGIN, BODY_PT, true, "Ease off in phase %d", sg->phase);
	else
		linef(p, MARGIN, BODY_PT, true, "Stay in phase %d", sg->phase);
	for (size_t i = 0; i < sg->n_reasons; i++) {
		char text[SUGGESTION_REASON_LEN + 8];
		snprintf(text, sizeof text, "-  %s", sg->reasons[i]);
		wrapped(p, MARGIN + 6, 9, BODY_PT, false, text, REASON_LINES);
	}
}

static void phase_history_section(struct page *p)
{
	const struct review *r = p->r;
	heading(p, "Phase history");
	if (!r->n_changes)
		line(p, MARGIN, BODY_PT, false, "No phase changes recorded.");
	size_t first = r->n_changes > DECISIONS_SHOWN ? r->n_changes - DECISIONS_SHOWN : 0;
	char t[40], text[1200];
	if (first)
		linef(p, MARGIN, BODY_PT, false, "%zu earlier decision%s, from %s, not shown here (the patient's CSV export "
						 "has every one); the latest %d:", first, first == 1 ? "" : "s",
		      when(r->changes[0].at, t), DECISIONS_SHOWN);
	for (size_t i = first; i < r->n_changes; i++) {
		const struct phase_change *c = &r->changes[i];
		if (c->decision == PHASE_DECLINED)
			snprintf(text, sizeof text, "%s   phase %d kept: move to %d declined by %s: %s", when(c->at, t),
				 c->from_phase, c->to_phase, c->by, c->why);
		else
			snprintf(text, sizeof text, "%s   phase %d \xe2\x86\x92 %d, %s by %s: %s", when(c->at, t),
				 c->from_phase, c->to_phase, c->decision == PHASE_CONFIRMED ? "suggestion confirmed" : "set",
				 c->by, c->why);
		wrapped(p, MARGIN, 70, BODY_PT, false, text, DECISION_LINES);
	}
}

/* The VISA-A scores from first on, "20 Sep 2026: 62/100    ...", into text. */
static void visa_text(const struct review *r, size_t first, char *text, size_t len)
{
	char day[40];
	size_t n = 0;
	text[0] = 0;
	for (size_t i = first; i < r->n_visa && n + 60 < len; i++) {
		time_t at = r->visa[i].at;
		/* two scores on one day are told apart by their time */
		bool twice = (i > 0 && plot_same_day(at, r->visa[i - 1].at)) ||
			     (i + 1 < r->n_visa && plot_same_day(at, r->visa[i + 1].at));
		n += (size_t)snprintf(text + n, len - n, "%s%s: %d/100", i > first ? "    " : "",
				      twice ? when(at, day) : plot_date(at, day), r->visa[i].total);
	}
}

/* How many lines text takes wrapped within width in cr's font. */
static int lines_for(cairo_t *cr, const char *text, double width)
{
	int n = 0;
	for (const char *c = text; *c; n++)
		typeface_fit(cr, c, width, &c);
	return n;
}

/* The latest VISA-A scores that fit two lines; the earlier ones are in the graph. */
static void visa_section(struct page *p)
{
	const struct review *r = p->r;
	heading(p, "VISA-A (0-100; healthy tendons score above about 96)");
	if (!r->n_visa) {
		line(p, MARGIN, BODY_PT, false, "No VISA-A scores recorded in this period.");
		return;
	}
	char text[1200], day[24];
	size_t first = r->n_visa > VISA_SHOWN ? r->n_visa - VISA_SHOWN : 0;
	typeface_set(p->cr, false, BODY_PT, 1);
	for (;; first++) {
		visa_text(r, first, text, sizeof text);
		if (first + 1 >= r->n_visa || lines_for(p->cr, text, content_w()) <= VISA_LINES)
			break;
	}
	wrapped(p, MARGIN, 0, BODY_PT, false, text, VISA_LINES);
	if (first)
		linef(p, MARGIN, BODY_PT, false, "%zu earlier score%s, from %s, %s in the VISA-A graph.", first,
		      first == 1 ? "" : "s", plot_date(r->visa[0].at, day), first == 1 ? "is" : "are");
}

static void graphs_section(struct page *p, const struct progress_graphs *g)
{
	heading(p, "Graphs of every session (hollow marks: a session not finished, or with sets missing)");
	double w = (content_w() - GRAPH_GAP) / 2;
	int rows = (g->n + 1) / 2;
	double h = rows ? fmin(GRAPH_H_MAX, (PAGE_H - MARGIN - p->y - 0.5) / rows) : 0; /* 0.5: rounding */
	for (int i = 0; i < g->n; i += 2) {
		need(p, h);
		for (int k = 0; k < 2 && i + k < g->n; k++)
			plot_draw(p->cr, &g->graphs[i + k], MARGIN + k * (w + GRAPH_GAP), p->y, w, h - 8, 1);
		p->y += h;
	}
}

/* ---- the table of sessions ---- */

enum column {
	COL_DATE, COL_PHASE, COL_STATUS, COL_SETS, COL_DONE, COL_LOWER, COL_HOLD, COL_SHARE, COL_HEIGHT, COL_WORK,
	COL_FLIGHT, COL_CONTACT, COL_RSI, COL_PAIN, COLS
};

#define CELL_LEN 48

/* Each column's title, and the graph series it shows with fmt (graph -1: not a series,
 * always shown; the others only when a session in the table has a value). */
static const struct {
	const char *title;
	int graph, series;
	const char *fmt;
} columns[COLS] = {
	[COL_DATE] = { "Date", -1, 0, NULL },
	[COL_PHASE] = { "Ph", -1, 0, NULL },
	[COL_STATUS] = { "Status", -1, 0, NULL },
	[COL_SETS] = { "Sets", -1, 0, NULL },
	[COL_DONE] = { "Done", -1, 0, NULL },
	[COL_LOWER] = { "Lowering s", PG_LOWER, 0, "%.1f" },
	[COL_HOLD] = { "Hold s", PG_HOLD, 0, "%.1f" },
	[COL_SHARE] = { "Left %", PG_SHARE, 0, "%.0f" },
	[COL_HEIGHT] = { "Height mm", PG_HEIGHT, 0, "%.0f" },
	[COL_WORK] = { "Work J", PG_WORK, 0, "%.0f" },
	[COL_FLIGHT] = { "Flight ms", PG_HOP_TIMES, 0, "%.0f" },
	[COL_CONTACT] = { "Contact ms", PG_HOP_TIMES, 1, "%.0f" },
	[COL_RSI] = { "RSI", PG_RSI, 0, "%.2f" },
	[COL_PAIN] = { "Pain b / d / n", -1, 0, NULL },
};

struct table {
	const struct review *r;
	const struct progress_graphs *g;
	size_t first;             /* the first session in the table (the ones before are summarised) */
	bool eased;               /* a session in it had its dose eased (progression_session_eased) */
	bool shown[COLS];
	double x[COLS], w[COLS];  /* each shown column's left edge and width */
};

static void number(char cell[CELL_LEN], double v, const char *fmt)
{
	if (isnan(v))
		snprintf(cell, CELL_LEN, "-");
	else
		snprintf(cell, CELL_LEN, fmt, v);
}

static const char *pain_text(char buf[8], int v)
{
	if (v == PAIN_NONE)
		return "-";
	snprintf(buf, 8, "%d", v);
	return buf;
}

/* Session i's cells; same: its number among the sessions of its day (1: the first). */
static void row_cells(const struct table *t, size_t i, int same, char cell[COLS][CELL_LEN])
{
	const struct history_session *hs = &t->r->history.sessions[i];
	char when_text[40], b[8], d[8], a[8];
	snprintf(cell[COL_DATE], CELL_LEN, same > 1 ? "%s #%d" : "%s", when(hs->started, when_text), same);
	snprintf(cell[COL_PHASE], CELL_LEN, "%d", hs->phase);
	/* eased: its counts are the eased dose's, which the Done column's target is */
	snprintf(cell[COL_STATUS], CELL_LEN, "%s%s",
		 hs->red_flag ? "red flag"
		 : hs->complete ? (review_incomplete(hs) ? "sets missing" : "done")
		 : *hs->ended ? hs->ended
			      : "not finished",
		 progression_session_eased(&t->r->prog->rules, &t->r->outcomes[i]) ? ", eased" : "");
	snprintf(cell[COL_SETS], CELL_LEN, "%d/%d", review_sets_done(hs), hs->sets_planned);
	double done = t->g->y[PG_COUNT][0][i], target = t->g->y[PG_COUNT][1][i];
	number(cell[COL_DONE], done, "%.0f");
	if (!isnan(target))
		snprintf(cell[COL_DONE] + strlen(cell[COL_DONE]), CELL_LEN - strlen(cell[COL_DONE]), "/%d", (int)target);
	/* the lowering's reps timed, and those in the band: the reps "not measured" are not
	 * timed (counted, they made 22/36 where history and the progression said 22/34) */
	int reps = 0, in_band = 0;
	for (size_t k = 0; k < hs->n_sets; k++)
		if (!isnan(hs->sets[k].lower_mean_s) && hs->sets[k].band_max_s > 0) {
			reps += hs->sets[k].count - hs->sets[k].lower_unmeasured;
			in_band += hs->sets[k].in_band;
		}
	for (int c = 0; c < COLS; c++)
		if (columns[c].graph >= 0)
			number(cell[c], t->g->y[columns[c].graph][columns[c].series][i], columns[c].fmt);
	if (reps)
		snprintf(cell[COL_LOWER] + strlen(cell[COL_LOWER]), CELL_LEN - strlen(cell[COL_LOWER]), " (%d/%d)", in_band,
			 reps);
	snprintf(cell[COL_PAIN], CELL_LEN, "%s / %s / %s", pain_text(b, hs->pain_before), pain_text(d, hs->pain_during_max),
		 pain_text(a, t->r->pain_day_after[i]));
}

/* Calls each(t, cells, arg) for the sessions in the table, oldest first (the date of a
 * second session on a day gets "#2", counted from the sessions before the table too). */
static void each_row(struct table *t, void (*each)(struct table *t, char cell[COLS][CELL_LEN], void *arg), void *arg)
{
	const struct history *h = &t->r->history;
	int same = 1;
	for (size_t i = 0; i < h->n; i++) {
		same = i > 0 && plot_same_day(h->sessions[i].started, h->sessions[i - 1].started) ? same + 1 : 1;
		if (i < t->first)
			continue;
		char cell[COLS][CELL_LEN];
		row_cells(t, i, same, cell);
		each(t, cell, arg);
	}
}

/* Widens t's columns to a row's cells (at the table's font). */
static void widen(struct table *t, char cell[COLS][CELL_LEN], void *cr)
{
	for (int c = 0; c < COLS; c++)
		if (t->shown[c])
			t->w[c] = fmax(t->w[c], typeface_width(cr, cell[c]) + COL_GAP);
}

/* Which columns have something to show, and their widths; when they are wider than the
 * page together they are narrowed in proportion (cells are then cut with an ellipsis). */
static void lay_out(struct table *t, cairo_t *cr)
{
	const struct history *h = &t->r->history;
	for (int c = 0; c < COLS; c++) {
		t->shown[c] = columns[c].graph < 0;
		for (size_t i = t->first; !t->shown[c] && i < h->n; i++)
			t->shown[c] = !isnan(t->g->y[columns[c].graph][columns[c].series][i]);
		typeface_set(cr, true, SMALL_PT, 1);
		t->w[c] = t->shown[c] ? typeface_width(cr, columns[c].title) + COL_GAP : 0;
	}
	typeface_set(cr, false, SMALL_PT, 1);
	each_row(t, widen, cr);
	double total = 0;
	for (int c = 0; c < COLS; c++)
		total += t->w[c];
	double shrink = total > content_w() ? content_w() / total : 1, x = MARGIN;
	for (int c = 0; c < COLS; c++) {
		t->w[c] *= shrink;
		t->x[c] = x;
		x += t->w[c];
	}
}

static void draw_row(struct page *p, const struct table *t, bool bold, char cell[COLS][CELL_LEN])
{
	need(p, ROW_H);
	typeface_set(p->cr, bold, SMALL_PT, 1);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	for (int c = 0; c < COLS; c++) {
		if (!t->shown[c])
			continue;
		char fitted[CELL_LEN + 4];
		typeface_ellipsize(p->cr, cell[c], t->w[c] - COL_GAP / 2, fitted, sizeof fitted);
		cairo_move_to(p->cr, t->x[c], p->y + SMALL_PT);
		typeface_show(p->cr, fitted);
	}
	p->y += ROW_H;
}

static void body_row(struct table *t, char cell[COLS][CELL_LEN], void *page)
{
	draw_row(page, t, false, cell);
}

/* What the table's shorthand means, for the columns shown. */
static void table_key(struct page *p, const struct table *t)
{
	char key[600];
	int n = snprintf(key, sizeof key, "Done: reps, holds or hops done / the target of every planned set.");
	if (t->shown[COL_LOWER])
		n += snprintf(key + n, sizeof key - (size_t)n, "  Lowering: mean (reps in the band / reps timed).");
	if (t->shown[COL_SHARE])
		n += snprintf(key + n, sizeof key - (size_t)n, "  Left %%: the left leg's share with both legs loaded.");
	n += snprintf(key + n, sizeof key - (size_t)n, "  Pain (0-10): before / during (most) / the next day (asked at "
							"the next session).");
	if (t->eased)
		snprintf(key + n, sizeof key - (size_t)n, "  Eased: dose lowered for day-after pain.");
	p->y += 2;
	wrapped(p, MARGIN, 0, SMALL_PT, false, key, 2);
}

/* The latest sessions that fit in the room left on this page; the earlier ones in a line. */
static void sessions_section(struct page *p, const struct progress_graphs *g)
{
	const struct history *h = &p->r->history;
	heading(p, "Sessions");
	if (!h->n) {
		char none[64];
		snprintf(none, sizeof none, "%s.", review_no_sessions(p->r));
		none[0] = (char)toupper((unsigned char)none[0]);
		line(p, MARGIN, BODY_PT, false, none);
		return;
	}
	/* the header row and the key below take their room; the summary line too, when needed */
	double room = PAGE_H - MARGIN - p->y - ROW_H - 2 - 2 * line_h(SMALL_PT) - 0.5; /* 0.5: rounding */
	size_t fit = room > 0 ? (size_t)(room / ROW_H) : 0;
	if (fit < h->n) {
		room -= 2 * line_h(BODY_PT);
		fit = room > 0 ? (size_t)(room / ROW_H) : 0;
	}
	struct table t = { .r = p->r, .g = g, .first = fit < h->n ? h->n - fit : 0 };
	for (size_t i = t.first; i < h->n; i++)
		t.eased = t.eased || progression_session_eased(&p->r->prog->rules, &p->r->outcomes[i]);
	if (t.first) {
		char a[24], b[24], text[400];
		int complete = 0;
		for (size_t i = 0; i < t.first; i++)
			complete += !review_incomplete(&h->sessions[i]);
		snprintf(text, sizeof text, "The latest %zu of %zu sessions. The %zu before them, %s to %s (%d finished with "
					    "every set), are in the graphs on page 2.", h->n - t.first, h->n, t.first,
			 plot_date(h->sessions[0].started, a), plot_date(h->sessions[t.first - 1].started, b), complete);
		wrapped(p, MARGIN, 0, BODY_PT, false, text, 2);
	}
	lay_out(&t, p->cr);
	char titles[COLS][CELL_LEN];
	for (int c = 0; c < COLS; c++)
		snprintf(titles[c], CELL_LEN, "%s", columns[c].title);
	draw_row(p, &t, true, titles);
	each_row(&t, body_row, p);
	table_key(p, &t);
}

/* ---- the files ---- */

static void review_label(const struct review *r, char *buf, size_t len)
{
	char range[64];
	snprintf(buf, len, "%s, %s", r->patient.clinic_id, range_words(r, range, sizeof range) ? range : review_no_sessions(r));
}

int report_write_pdf(const struct review *r, const char *path, time_t made)
{
	struct progress_graphs g;
	int rc = progress_graphs_build(r, &g);
	if (rc != ST_OK)
		return rc;
	struct safe_file sf;
	FILE *out;
	rc = safe_file_open_stream(path, &sf, &out);
	if (rc != ST_OK) {
		progress_graphs_free(&g);
		return rc;
	}
	cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(write_stream, out, PAGE_W, PAGE_H);
	char title[200];
	snprintf(title, sizeof title, "Progress report %s", r->patient.clinic_id);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "calf-raise station");
	cairo_t *cr = cairo_create(surf);
	struct page p = { .cr = cr, .r = r, .y = MARGIN, .number = 1 };
	char label[160], made_text[40];
	review_label(r, label, sizeof label);
	snprintf(p.footer, sizeof p.footer, "%s    made %s", label, when(made, made_text));

	patient_section(&p, made);
	suggestion_section(&p);
	phase_history_section(&p);
	visa_section(&p);
	sessions_section(&p, &g);
	if (p.y > MARGIN)
		new_page(&p);
	graphs_section(&p, &g);
	footer(&p);
	cairo_show_page(cr);

	cairo_status_t cs = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surf);
	if (cs == CAIRO_STATUS_SUCCESS)
		cs = cairo_surface_status(surf);
	cairo_surface_destroy(surf);
	progress_graphs_free(&g);
	if (cs != CAIRO_STATUS_SUCCESS)
		rc = st_fail(ST_ERR_IO, "%s: drawing the report failed: %s", path, cairo_status_to_string(cs));
	return safe_file_close_stream(&sf, out, rc);
}

/* A file name from a title: "Load share and LSI" -> "load-share-and-lsi". */
static void slug(const char *title, char *out, size_t len)
{
	size_t n = 0;
	bool dash = false;
	for (const char *c = title; *c && n + 2 < len; c++) {
		bool word = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9');
		if (word) {
			if (dash && n)
				out[n++] = '-';
			out[n++] = (char)(*c | (*c >= 'A' && *c <= 'Z' ? 0x20 : 0));
			dash = false;
		} else {
			dash = true;
		}
	}
	out[n] = 0;
}

static int write_png(const struct plot_graph *gr, const char *label, const char *path, int w, int h)
{
	cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_t *cr = cairo_create(surf);
	double scale = w / 600.0;
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
	typeface_set(cr, false, 8, scale);
	cairo_move_to(cr, 12 * scale, 14 * scale);
	typeface_show(cr, label);
	plot_draw(cr, gr, 12 * scale, 22 * scale, w - 24 * scale, h - 30 * scale, scale);
	cairo_destroy(cr);
	struct safe_file sf;
	FILE *out;
	int rc = safe_file_open_stream(path, &sf, &out);
	if (rc == ST_OK) {
		cairo_status_t cs = cairo_surface_write_to_png_stream(surf, write_stream, out);
		if (cs != CAIRO_STATUS_SUCCESS)
			rc = st_fail(ST_ERR_IO, "%s: %s", path, cairo_status_to_string(cs));
		rc = safe_file_close_stream(&sf, out, rc);
	}
	cairo_surface_destroy(surf);
	return rc;
}

int report_write_pngs(const struct review *r, const char *dir, int w, int h, int *written)
{
	*written = 0;
	struct progress_graphs g;
	int rc = st_make_dirs(dir);
	if (rc != ST_OK)
		return rc;
	rc = progress_graphs_build(r, &g);
	if (rc != ST_OK)
		return rc;
	char label[160];
	review_label(r, label, sizeof label);
	for (int i = 0; rc == ST_OK && i < g.n; i++) {
		char name[80], path[4200];
		slug(g.graphs[i].title, name, sizeof name);
		snprintf(path, sizeof path, "%s/%02d-%s.png", dir, i + 1, name);
		rc = write_png(&g.graphs[i], label, path, w, h);
		*written += rc == ST_OK;
	}
	progress_graphs_free(&g);
	return rc;
}
