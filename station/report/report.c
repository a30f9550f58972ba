/* report.c: the review as a PDF and as PNG images (report.h). */
#include "report.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "safe_file.h"
#include "paths.h"
#include "plot.h"
#include "progress.h"
#include "status.h"

/* A4 in points, and the layout's measures. */
#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN 40.0
#define BODY_PT 8.5
#define SMALL_PT 6.6
#define HEAD_PT 10.5
#define GRAPH_H 160.0
#define GRAPH_GAP 14.0

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

static void footer(struct page *p)
{
	char text[300];
	snprintf(text, sizeof text, "%s    page %d", p->footer, p->number);
	plot_set_font(p->cr, false, SMALL_PT, 1);
	cairo_set_source_rgb(p->cr, 0.35, 0.35, 0.35);
	cairo_move_to(p->cr, MARGIN, PAGE_H - MARGIN / 2);
	cairo_show_text(p->cr, text);
}

/* Room for h more points on this page, or a new page. */
static void need(struct page *p, double h)
{
	if (p->y + h <= PAGE_H - MARGIN)
		return;
	footer(p);
	cairo_show_page(p->cr);
	p->number++;
	p->y = MARGIN;
}

/* Length of the valid UTF-8 sequence at s, 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3 : (s[0] & 0xf8) == 0xf0 ? 4 : 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* text into out as valid UTF-8: bytes that are not (a name typed in another encoding)
 * become '?', rather than stop cairo drawing. */
static void clean_utf8(const char *text, char *out, size_t len)
{
	size_t n = 0;
	for (const unsigned char *c = (const unsigned char *)text; *c && n + 5 < len;) {
		size_t k = utf8_len(c);
		if (k == 0) {
			out[n++] = '?';
			c++;
			continue;
		}
		memcpy(out + n, c, k);
		n += k;
		c += k;
	}
	out[n] = 0;
}

static void show(cairo_t *cr, const char *text)
{
	char buf[1200];
	clean_utf8(text, buf, sizeof buf);
	cairo_show_text(cr, buf);
}

/* One line of text at x on the flow; advances by the line's height. */
static void line(struct page *p, double x, double size, bool bold, const char *text)
{
	double h = size * 1.35;
	need(p, h);
	plot_set_font(p->cr, bold, size, 1);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	cairo_move_to(p->cr, x, p->y + size);
	show(p->cr, text);
	p->y += h;
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

/* Text wrapped at word boundaries within [x, MARGIN + content_w()]; following lines start
 * at x + hang. */
static void wrapped(struct page *p, double x, double hang, double size, const char *text)
{
	plot_set_font(p->cr, false, size, 1);
	double right = MARGIN + content_w();
	char buf[1200], clean[1200];
	clean_utf8(text, clean, sizeof clean);
	const char *c = clean;
	double at = x;
	while (*c) {
		/* the longest run of words from c that fits */
		size_t best = 0, len = 0;
		for (;;) {
			size_t word = len;
			while (c[word] == ' ')
				word++;
			while (c[word] && c[word] != ' ')
				word++;
			if (word >= sizeof buf)
				break;
			memcpy(buf, c, word);
			buf[word] = 0;
			cairo_text_extents_t e;
			cairo_text_extents(p->cr, buf, &e);
			if (at + e.x_advance > right && best > 0)
				break;
			best = len = word;
			if (!c[word])
				break;
		}
		if (best == 0) /* one word wider than the line, or too long: cut it */
			best = strnlen(c, sizeof buf - 1);
		memcpy(buf, c, best);
		buf[best] = 0;
		line(p, at, size, false, buf);
		c += best;
		while (*c == ' ')
			c++;
		at = x + hang;
	}
}

static void heading(struct page *p, const char *text)
{
	need(p, HEAD_PT * 2 + 4 * SMALL_PT * 1.45); /* never a heading alone at the foot of a page */
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
	if (r->from && r->to)
		snprintf(buf, len, "%s to %s", plot_date(r->from, a), plot_date(r->to, b));
	else if (r->to)
		snprintf(buf, len, "up to %s", plot_date(r->to, b));
	else
		return false;
	return true;
}

static void patient_section(struct page *p, time_t made)
{
	const struct review *r = p->r;
	const struct patient *pt = &r->patient;
	char c[40];
	line(p, MARGIN, 15, true, "Achilles tendinopathy: progress report");
	p->y += 2;
	linef(p, MARGIN, 12, true, "%s%s%s", pt->clinic_id, *pt->name ? "   " : "", pt->name);
	int complete = 0;
	for (size_t i = 0; i < r->history.n; i++)
		complete += !review_incomplete(&r->history.sessions[i]);
	char range[64];
	if (range_words(r, range, sizeof range))
		linef(p, MARGIN, BODY_PT, false, "Sessions %s%s: %zu (%d finished with every set)", r->from ? "from " : "",
		      range, r->history.n, complete);
	else
		line(p, MARGIN, BODY_PT, false, "Sessions: no sessions yet");
	const struct dose *d = &r->prescription.dose;
	char sets[32], reps[32], band[32];
	linef(p, MARGIN, BODY_PT, false, "Involved side: %s.   Current phase: %d, %s", side_name(pt->side), pt->phase,
	      r->prescription.name);
	char dose[200];
	static const char *const what[][2] = { [EXERCISE_HEEL_RAISE] = { "rep", "reps" },
					       [EXERCISE_HOLD] = { "hold", "holds" }, [EXERCISE_HOP] = { "hop", "hops" } };
	const char *const *unit = what[ex_kind_mode(r->prescription.kind)];
	int n;
	if (d->reps_max > 0)
		n = snprintf(dose, sizeof dose, "Dose: %s sets of %s %s", dose_range_text(d->sets_min, d->sets_max, sets),
			     dose_range_text(d->reps_min, d->reps_max, reps), unit[d->reps_max > 1]);
	else
		n = snprintf(dose, sizeof dose, "Dose: %s sets of %s at the patient's pace",
			     dose_range_text(d->sets_min, d->sets_max, sets), unit[1]);
	if (d->hold_max_s > 0)
		n += snprintf(dose + n, sizeof dose - (size_t)n, ", holding %s s",
			      dose_range_text(d->hold_min_s, d->hold_max_s, band));
	if (d->lower_max_s > 0)
		n += snprintf(dose + n, sizeof dose - (size_t)n, ", lowering %s s",
			      dose_range_text(d->lower_min_s, d->lower_max_s, band));
	snprintf(dose + n, sizeof dose - (size_t)n, ", rest %g s%s%s", d->rest_s,
		 *pt->override_by ? "; changed by " : "", pt->override_by);
	line(p, MARGIN, BODY_PT, false, dose);
	linef(p, MARGIN, BODY_PT, false, "Calibration: %s", r->calibration);
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
		wrapped(p, MARGIN + 6, 9, BODY_PT, text);
	}
}

static void phase_history_section(struct page *p)
{
	const struct review *r = p->r;
	heading(p, "Phase history");
	if (!r->n_changes)
		line(p, MARGIN, BODY_PT, false, "No phase changes recorded.");
	for (size_t i = 0; i < r->n_changes; i++) {
		const struct phase_change *c = &r->changes[i];
		char t[40], text[1200];
		if (c->decision == PHASE_DECLINED)
			snprintf(text, sizeof text, "%s   phase %d kept: move to %d declined by %s: %s", when(c->at, t),
				 c->from_phase, c->to_phase, c->by, c->why);
		else
			snprintf(text, sizeof text, "%s   phase %d \xe2\x86\x92 %d, %s by %s: %s", when(c->at, t),
				 c->from_phase, c->to_phase, c->decision == PHASE_CONFIRMED ? "suggestion confirmed" : "set",
				 c->by, c->why);
		wrapped(p, MARGIN, 70, BODY_PT, text);
	}
}

static void visa_section(struct page *p)
{
	const struct review *r = p->r;
	heading(p, "VISA-A (0-100; healthy tendons score above about 96)");
	if (!r->n_visa) {
		line(p, MARGIN, BODY_PT, false, "No VISA-A scores recorded in this period.");
		return;
	}
	char text[1200], day[24];
	size_t n = 0;
	for (size_t i = 0; i < r->n_visa && n + 40 < sizeof text; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "%s%s: %d/100", i ? "    " : "",
				      plot_date(r->visa[i].at, day), r->visa[i].total);
	wrapped(p, MARGIN, 0, BODY_PT, text);
}

static void graphs_section(struct page *p, const struct progress_graphs *g)
{
	heading(p, "Graphs (hollow marks: a session not finished, or with sets missing)");
	double w = (content_w() - GRAPH_GAP) / 2;
	for (int i = 0; i < g->n; i += 2) {
		need(p, GRAPH_H);
		for (int k = 0; k < 2 && i + k < g->n; k++)
			plot_draw(p->cr, &g->graphs[i + k], MARGIN + k * (w + GRAPH_GAP), p->y, w, GRAPH_H - 8, 1);
		p->y += GRAPH_H;
	}
}

/* The session table's columns: title and left edge (points from the margin). */
static const struct {
	const char *title;
	double x;
} cols[] = { { "Date", 0 },         { "Ph", 78 },         { "Status", 92 },       { "Sets", 138 },
	     { "Count", 162 },      { "Lowering s (in band)", 192 }, { "Hold s", 272 }, { "Left %", 306 },
	     { "Height mm", 334 },  { "Work J", 381 },     { "Pain before/during/next day", 412 } };

static void row(struct page *p, bool bold, const char *const cell[])
{
	double h = SMALL_PT * 1.45;
	need(p, h);
	plot_set_font(p->cr, bold, SMALL_PT, 1);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		cairo_move_to(p->cr, MARGIN + cols[i].x, p->y + SMALL_PT);
		show(p->cr, cell[i]);
	}
	p->y += h;
}

static const char *num(char buf[24], double v, const char *fmt)
{
	if (isnan(v))
		return "-";
	snprintf(buf, 24, fmt, v);
	return buf;
}

static const char *pain_text(char buf[8], int v)
{
	if (v == PAIN_NONE)
		return "-";
	snprintf(buf, 8, "%d", v);
	return buf;
}

static void sessions_section(struct page *p, const struct progress_graphs *g)
{
	const struct history *h = &p->r->history;
	heading(p, "Sessions");
	if (!h->n) {
		line(p, MARGIN, BODY_PT, false, "No sessions yet.");
		return;
	}
	const char *titles[sizeof cols / sizeof cols[0]];
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
		titles[i] = cols[i].title;
	row(p, true, titles);
	int same = 1;
	for (size_t i = 0; i < h->n; i++) {
		const struct history_session *hs = &h->sessions[i];
		char date[48], t[40], ph[8], sets[16], count[40], lower[40], hold[24], share[24], height[24], work[24],
			pain[32], b[8], d[8], a[8], x[24];
		struct tm tm, prev;
		localtime_r(&hs->started, &tm);
		if (i > 0)
			localtime_r(&h->sessions[i - 1].started, &prev);
		same = i > 0 && prev.tm_year == tm.tm_year && prev.tm_yday == tm.tm_yday ? same + 1 : 1;
		strftime(t, sizeof t, "%d %b %Y %H:%M", &tm);
		snprintf(date, sizeof date, same > 1 ? "%s #%d" : "%s", t, same);
		snprintf(ph, sizeof ph, "%d", hs->phase);
		snprintf(sets, sizeof sets, "%d/%d", review_sets_done(hs), hs->sets_planned);
		double done = g->y[PG_COUNT][0][i], target = g->y[PG_COUNT][1][i];
		if (isnan(target))
			snprintf(count, sizeof count, "%s", num(x, done, "%.0f"));
		else
			snprintf(count, sizeof count, "%s/%d", num(x, done, "%.0f"), (int)target);
		int reps = 0, in_band = 0;
		for (size_t k = 0; k < hs->n_sets; k++)
			if (!isnan(hs->sets[k].lower_mean_s) && hs->sets[k].band_max_s > 0) {
				reps += hs->sets[k].count;
				in_band += hs->sets[k].in_band;
			}
		if (reps)
			snprintf(lower, sizeof lower, "%s (%d/%d)", num(x, g->y[PG_LOWER][0][i], "%.1f"), in_band, reps);
		else
			snprintf(lower, sizeof lower, "%s", num(x, g->y[PG_LOWER][0][i], "%.1f"));
		snprintf(pain, sizeof pain, "%s / %s / %s", pain_text(b, hs->pain_before), pain_text(d, hs->pain_during_max),
			 i + 1 < h->n ? pain_text(a, h->sessions[i + 1].pain_day_after_last) : "-");
		const char *status = hs->red_flag ? "red flag"
				     : hs->complete ? (review_incomplete(hs) ? "sets missing" : "done")
				     : *hs->ended   ? hs->ended
						    : "not finished";
		const char *cells[] = { date, ph, status, sets, count, lower, num(hold, g->y[PG_HOLD][0][i], "%.1f"),
					num(share, g->y[PG_SHARE][0][i], "%.0f"), num(height, g->y[PG_HEIGHT][0][i], "%.0f"),
					num(work, g->y[PG_WORK][0][i], "%.0f"), pain };
		row(p, false, cells);
	}
}

/* ---- the files ---- */

static void review_label(const struct review *r, char *buf, size_t len)
{
	char range[64];
	snprintf(buf, len, "%s, %s", r->patient.clinic_id, range_words(r, range, sizeof range) ? range : "no sessions yet");
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
	graphs_section(&p, &g);
	sessions_section(&p, &g);
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
	plot_set_font(cr, false, 8, scale);
	cairo_move_to(cr, 12 * scale, 14 * scale);
	cairo_show_text(cr, label);
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
