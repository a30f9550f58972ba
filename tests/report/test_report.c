/* test_report.c: the physio's report and graphs: round ticks, the graphs' values from a
 * stored history (an interrupted session is not a target met, the day-after pain of a
 * range's last session comes from the session after it), equal lines both visible, and
 * the PDF as poppler reads it: its text (clinic number, phase history, band label, dates
 * with the year, VISA-A with times on a shared day, the calibration and its age, a hop
 * patient's columns), its pages (two, for 70 and 300 sessions and the longest texts),
 * nothing past the right margin, a font for Chinese names. An empty patient says "no
 * sessions yet". The pages are rendered to build/tmp/report/ (pdftoppm) for a look.
 * Runs with TZ=UTC, and XDG_DATA_HOME in its own folder (the station's calibrations). */
#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calib.h"

#include "check.h"
#include "pdf_text.h"
#include "history_fixture.h"
#include "plot.h"
#include "progress.h"
#include "report.h"
#include "review.h"
#include "status.h"
#include "store_internal.h"
#include "typeface.h"

/* A4's width, less the report's margin: where no word may reach past */
#define RIGHT_MARGIN (595.28 - 40)
#define MADE 1795000000 /* 18 Nov 2026 11:06:40 UTC: when the test's reports are made */

static char tmp_root[512];

/* fontconfig, loading its configuration once (the first CJK name sends typeface.c to it),
 * keeps 288 bytes that no pointer reaches: its own, not the station's. Read by LeakSanitizer
 * in the --sanitize build, unused otherwise. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

static void check_ticks(double lo, double hi, int max, const double *want, int n_want)
{
	double step, t[PLOT_MAX_TICKS];
	int n = plot_ticks(lo, hi, max, &step, t);
	CHECK(n == n_want, "%g..%g: %d ticks, want %d", lo, hi, n, n_want);
	for (int i = 0; i < n && i < n_want; i++)
		CHECK(fabs(t[i] - want[i]) < 1e-9, "%g..%g: tick %d is %g, want %g", lo, hi, i, t[i], want[i]);
}

static void test_ticks(void)
{
	check_ticks(0, 414, 6, (const double[]){ 0, 100, 200, 300, 400 }, 5);
	check_ticks(0, 22, 6, (const double[]){ 0, 5, 10, 15, 20 }, 5);
	check_ticks(0, 10, 6, (const double[]){ 0, 2, 4, 6, 8, 10 }, 6);
	check_ticks(3, 5, 6, (const double[]){ 3, 3.5, 4, 4.5, 5 }, 5);
	check_ticks(0, 0.62, 6, (const double[]){ 0, 0.2, 0.4, 0.6 }, 4);
	check_ticks(-12, 37, 6, (const double[]){ -10, 0, 10, 20, 30 }, 5);
	/* the axis from data reaching 414 ends on the round tick above it */
	double y[] = { 104, 207, 310, 414 };
	time_t x[] = { 1, 2, 3, 4 };
	struct plot_graph g = { .title = "t", .n = 4, .x = x, .n_series = 1, .band_lo = NAN, .band_hi = NAN };
	g.series[0] = (struct plot_series){ "s", y, PLOT_BLUE, false };
	double lo, hi;
	plot_axis(&g, &lo, &hi);
	CHECK(lo == 0 && hi == 500, "axis of 104..414: %g..%g, want 0..500", lo, hi);
}

static const struct plot_graph *find_graph(const struct progress_graphs *g, const char *title)
{
	for (int i = 0; i < g->n; i++)
		if (strcmp(g->graphs[i].title, title) == 0)
			return &g->graphs[i];
	return NULL;
}

/* The graphs of the fixture: the fourth session stopped in its first set of two. */
static void test_graph_values(const struct review *r)
{
	struct progress_graphs g;
	if (progress_graphs_build(r, &g) != ST_OK) {
		CHECK(0, "graphs: %s", st_errmsg());
		return;
	}
	const struct plot_graph *count = find_graph(&g, "Reps, holds or hops done");
	const struct plot_graph *lower = find_graph(&g, "Lowering time");
	CHECK(count && lower, "the lowering and count graphs are shown");
	if (count && lower) {
		REQUIRE(count->n == 4, "4 sessions, got %zu", count->n);
		CHECK(count->series[1].y[0] == 12, "target of a full session: %g, want 12", count->series[1].y[0]);
		CHECK(count->series[0].y[3] == 2 && count->series[1].y[3] == 12,
		      "the stopped session: %g done of %g, want 2 of 12 (both planned sets)", count->series[0].y[3],
		      count->series[1].y[3]);
		CHECK(!count->incomplete[0] && count->incomplete[3], "only the stopped session is drawn hollow");
		CHECK(lower->band_lo == 3 && lower->band_hi == 5 && strcmp(lower->band_label, "target 3-5 s") == 0,
		      "lowering band %g-%g '%s'", lower->band_lo, lower->band_hi, lower->band_label);
	}
	const struct plot_graph *visa = find_graph(&g, "VISA-A");
	CHECK(visa && visa->n == 2 && visa->series[0].y[0] == 62 && visa->series[0].y[1] == 75,
	      "VISA-A over time: 62 then 75");
	CHECK(!find_graph(&g, "Hops: reactive strength index"), "no hop graphs for a heel-raise patient");
	progress_graphs_free(&g);
}

/* The pages as PNG in $TMPDIR/report/ (build/tmp/report/ under ctest), kept for a look. */
static void render_pages(const char *pdf, const char *name)
{
	char cmd[1600];
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(cmd, sizeof cmd, "mkdir -p '%s/report' && pdftoppm -r 80 -png '%s' '%s/report/%s'", tmp, pdf, tmp, name);
	CHECK(system(cmd) == 0, "pdftoppm %s", pdf);
}

/* Reads id's review and writes its report as tmp_root/name (the path into path). */
static int write_report(struct store *s, const struct programme *prog, const char *id, time_t from, time_t to,
			const char *name, char path[600], struct review *r)
{
	snprintf(path, 600, "%s/%s", tmp_root, name);
	int rc = review_load(s, prog, id, from, to, r);
	if (rc == ST_OK)
		rc = report_write_pdf(r, path, MADE);
	if (rc != ST_OK)
		CHECK(0, "report of %s: %s", id, st_errmsg());
	return rc;
}

/* The line of text from where start is on it, without spaces (pdftotext spaces a table's
 * cells as it likes), into out; "" when start is not there. */
static void text_line(const char *text, const char *start, char *out, size_t len)
{
	size_t n = 0;
	for (const char *c = strstr(text, start); c && *c && *c != '\n' && n + 1 < len; c++)
		if (*c != ' ')
			out[n++] = *c;
	out[n] = 0;
}

static void expect_text(const char *text, const char *want)
{
	CHECK(strstr(text, want) != NULL, "the PDF's text has \"%s\"", want);
}

static void test_report(struct store *s, const struct programme *prog)
{
	char path[600];
	struct review r;
	if (write_report(s, prog, "P-9", 0, 0, "p9.pdf", path, &r) != ST_OK)
		return;
	test_graph_values(&r);
	review_free(&r);
	struct stat st;
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "report private (0600): %o", st.st_mode & 0777);
	char *text = pdf_text(path);
	CHECK(text != NULL, "pdftotext reads the report");
	if (!text)
		return;
	expect_text(text, "P-9");
	expect_text(text, "Fixture, \"Pat\"");
	expect_text(text, "Involved side: left");
	expect_text(text, "Sessions from 21 Sep 2026 to 27 Sep 2026");
	for (int k = 0; k < 4; k++) {
		char day[24];
		plot_date(1790000000 + k * 2 * 86400, day);
		char row[48];
		snprintf(row, sizeof row, "%s 14:13", day);
		expect_text(text, row);
	}
	expect_text(text, "Next phase: move from phase 2 to phase 3");
	expect_text(text, "3 of the last 3 sessions in phase 2 met every target");
	expect_text(text, "declined by J. Physio: one more week at this dose");
	expect_text(text, "target 3-5 s");
	expect_text(text, "20 Sep 2026: 62/100");
	expect_text(text, "26 Sep 2026: 75/100");
	expect_text(text, "plate SIM-0001, calibrated 01 Jan 2026");
	expect_text(text, "not finished");
	expect_text(text, "3.6 (12/12)"); /* lowering mean and reps in the band, in the table */
	expect_text(text, "hollow: session not finished");
	CHECK(strstr(text, "no sessions yet") == NULL, "a patient with sessions has no empty graph");
	CHECK(strstr(text, "Warning:") == NULL, "a simulated plate's calibration does not age");
	CHECK(strstr(text, "The latest") == NULL, "four sessions: every one in the table");
	CHECK(strstr(text, "eased") == NULL && strstr(text, "Eased") == NULL, "no session eased, none said to be");
	free(text);
	CHECK(pdf_pages(path) == 2, "four sessions: %d pages, want 2", pdf_pages(path));
	render_pages(path, "p9");

	/* a range: only the middle two sessions and the score within it */
	time_t from, to;
	review_parse_day("2026-09-22", false, &from);
	review_parse_day("2026-09-26", true, &to);
	if (write_report(s, prog, "P-9", from, to, "p9-range.pdf", path, &r) != ST_OK)
		return;
	CHECK(r.history.n == 2 && r.n_visa == 1, "range: %zu sessions, %zu scores; want 2, 1", r.history.n, r.n_visa);
	CHECK(r.suggestion.verdict == VERDICT_NEXT_PHASE, "the suggestion is from the whole history");
	/* the range's last session, 25 Sep: its day after was asked on 27 Sep, past the range */
	REQUIRE(r.history.n == 2, "two sessions in the range");
	CHECK(r.pain_day_after[0] == 1 && r.pain_day_after[1] == 1, "day-after pain in the range: %d, %d; want 1, 1",
	      r.pain_day_after[0], r.pain_day_after[1]);
	struct progress_graphs g;
	if (progress_graphs_build(&r, &g) == ST_OK) {
		const struct plot_graph *pain = find_graph(&g, "Pain");
		CHECK(pain && pain->series[2].y[1] == 1, "the range's last session has its day-after pain in the graph");
		progress_graphs_free(&g);
	}
	review_free(&r);
	text = pdf_text(path);
	if (text) {
		expect_text(text, "Sessions from 22 Sep 2026 to 26 Sep 2026: 2");
		CHECK(strstr(text, "21 Sep 2026 14:13") == NULL, "a session before --from is left out");
		char row[200] = "";
		text_line(text, "25 Sep 2026 14:13", row, sizeof row);
		CHECK(strstr(row, "2/3/1") != NULL, "the row of 25 Sep has the day after, pain 2/3/1: '%s'", row);
		free(text);
	}
}

static void test_hops(struct store *s, const struct programme *prog)
{
	char path[600];
	struct review r;
	if (write_report(s, prog, "H-1", 0, 0, "h1.pdf", path, &r) != ST_OK)
		return;
	struct progress_graphs g;
	if (progress_graphs_build(&r, &g) == ST_OK) {
		const struct plot_graph *t = find_graph(&g, "Hops: flight and ground contact");
		CHECK(t && fabs(t->series[0].y[0] - 300) < 1e-6 && fabs(t->series[1].y[0] - 250) < 1e-6,
		      "hop flight 300 ms, contact 250 ms");
		CHECK(find_graph(&g, "Hops: reactive strength index") != NULL, "RSI graph for a hop patient");
		CHECK(!find_graph(&g, "Lowering time") && !find_graph(&g, "Hold"), "no empty heel-raise graphs");
		progress_graphs_free(&g);
	}
	review_free(&r);
	char *text = pdf_text(path);
	if (text) {
		expect_text(text, "21 Sep 2026 09:00");
		expect_text(text, "21 Sep 2026 15:00 #2"); /* the same day, told apart */
		expect_text(text, "Hops: flight and ground contact");
		expect_text(text, "stopped");
		/* the table's hop columns: flight 300 ms, contact 250 ms, RSI 0.44 m/s on the first day */
		expect_text(text, "Flight ms");
		expect_text(text, "Contact ms");
		expect_text(text, "RSI");
		char line[200] = "";
		text_line(text, "21 Sep 2026 09:00", line, sizeof line);
		CHECK(strstr(line, "300") && strstr(line, "250") && strstr(line, "0.44"),
		      "the first hop session's row has 300, 250 and 0.44: '%s'", line);
		CHECK(!strstr(text, "Lowering s") && !strstr(text, "Height mm"), "no heel-raise columns for hops");
		free(text);
	}
	render_pages(path, "h1");
	/* one set, said as one ("1 sets of hops") */
	struct patient p;
	struct dose_override one = { .sets = 1 };
	REQUIRE(store_patient_find(s, "H-1", &p) == ST_OK && store_patient_override(s, p.id, &one, "J. Physio", "one set") == ST_OK,
		"%s", st_errmsg());
	if (write_report(s, prog, "H-1", 0, 0, "h1-one-set.pdf", path, &r) != ST_OK)
		return;
	review_free(&r);
	text = pdf_text(path);
	CHECK(text && strstr(text, "Dose: 1 set of hops at the patient's pace"), "one set of hops");
	free(text);
	REQUIRE(store_patient_override(s, p.id, NULL, "J. Physio", "back") == ST_OK, "%s", st_errmsg());
}

/* Saves the simulator's calibration as the station's own for plate serial, made at created. */
static int save_calibration(const char *serial, const char *created)
{
	struct calibration c;
	char path[4096];
	int rc = calib_find("SIM-0001", &c, NULL, 0);
	if (rc == ST_OK) {
		snprintf(c.serial, sizeof c.serial, "%s", serial);
		snprintf(c.created_utc, sizeof c.created_utc, "%s", created);
		snprintf(c.operator_name, sizeof c.operator_name, "A. Berg");
		rc = calib_save_for_plate(&c, path, sizeof path);
	}
	CHECK(rc == ST_OK, "calibration of %s: %s", serial, st_errmsg());
	return rc;
}

/* A patient with no sessions: the station's own calibration, and its age when the report is
 * made (the 90 days the station warns after). */
static void test_station_calibration(struct store *s, const struct programme *prog)
{
	char path[600];
	struct review r;
	if (save_calibration("USB-7", "2026-01-05T10:00:00Z") != ST_OK ||
	    write_report(s, prog, "E-1", 0, 0, "e1-cal.pdf", path, &r) != ST_OK)
		return;
	review_free(&r);
	char *text = pdf_text(path);
	if (text) {
		expect_text(text, "Calibration: the station's plate USB-7, calibrated 05 Jan 2026 by A. Berg");
		expect_text(text, "Warning: the calibration was 317 days old when this report was made, more than 90:");
		free(text);
	}
	if (save_calibration("USB-8", "2026-11-01T08:00:00Z") != ST_OK ||
	    write_report(s, prog, "E-1", 0, 0, "e1-cal.pdf", path, &r) != ST_OK)
		return;
	review_free(&r);
	text = pdf_text(path);
	if (text) {
		expect_text(text, "Calibration: the station's plate USB-8, calibrated 01 Nov 2026 by A. Berg");
		CHECK(!strstr(text, "Warning:"), "a calibration of 17 days: no warning");
		free(text);
	}
}

/* A plate calibrated again after a patient's sessions: the report names the calibration
 * they were recorded with (kept when the new one replaced it), or says it is not kept; a
 * measured calibration ages even on the simulated plate. */
static void test_calibration_in_force(struct store *s, const struct programme *prog)
{
	int64_t pid;
	time_t march;
	REQUIRE(review_parse_day("2026-03-02", false, &march) == ST_OK &&
			store_patient_add(s, "K-1", "", SIDE_LEFT, 2, &pid) == ST_OK &&
			history_fixture_sessions(s, pid, march, 3, false, "sim:heel-raises", "USB-9") == ST_OK,
		"K-1: %s", st_errmsg());
	if (save_calibration("USB-9", "2026-01-05T10:00:00Z") != ST_OK ||
	    save_calibration("USB-9", "2026-12-01T10:00:00Z") != ST_OK)
		return;
	char path[600], kept[700];
	struct review r;
	const char *const want[2] = { "Calibration: plate USB-9, calibrated 05 Jan 2026 by A. Berg",
				      "plate USB-9 was calibrated again (01 Dec 2026) after 0" }; /* the last session's day */
	for (int k = 0; k < 2; k++) {
		if (write_report(s, prog, "K-1", 0, 0, "k1.pdf", path, &r) != ST_OK)
			return;
		review_free(&r);
		char *text = pdf_text(path);
		CHECK(text && strstr(text, want[k]), "the calibration in force then: want '%s'", want[k]);
		/* measured, if on the simulated plate: it ages (only the simulator's exact one does not) */
		CHECK(k == 1 || (text && strstr(text, "Warning: the calibration was")), "a measured calibration ages");
		free(text);
		snprintf(kept, sizeof kept, "%s/xdg/station/calibration/history/USB-9-2026-01-05T100000Z.json", tmp_root);
		CHECK(k == 1 || unlink(kept) == 0, "the replaced calibration kept as %s", kept);
	}
}

/* The fonts of the PDF other than DejaVu (pdffonts' names), into out. */
static void other_fonts(const char *pdf, char *out, size_t len)
{
	out[0] = 0;
	char *fonts = pdf_tool("pdffonts", pdf);
	const char *at = fonts ? strstr(fonts, "\n---") : NULL;
	for (at = at ? strchr(at + 1, '\n') : NULL; at && at[1]; at = strchr(at + 1, '\n')) {
		char name[128];
		if (sscanf(at + 1, "%127s", name) == 1 && !strstr(name, "DejaVu") && strlen(out) + strlen(name) + 2 < len) {
			strcat(out, name);
			strcat(out, " ");
		}
	}
	free(fonts);
}

/* Chinese, Korean and Japanese, nine characters of one em each in a CJK font */
#define CJK_CHARS "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e\xea\xb9\x80\xeb\xaf\xbc\xec\xa4\x80\xe3\x81\x95\xe3\x81\x8f\xe3\x82\x89"
#define CJK_NAME "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e \xea\xb9\x80\xeb\xaf\xbc\xec\xa4\x80 \xe3\x81\x95\xe3\x81\x8f\xe3\x82\x89 (Wang Xiaoming)"

/* Each CJK character drawn from a font that has it: an em wide, where DejaVu's box for a
 * character it lacks is 0.6 em. */
static void test_cjk_width(void)
{
	cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
	cairo_t *cr = cairo_create(surf);
	for (int bold = 0; bold < 2; bold++) {
		typeface_set(cr, bold, 10, 1);
		double w = typeface_width(cr, CJK_CHARS);
		CHECK(fabs(w - 90) < 4.5, "nine CJK characters at 10 pt%s: %.1f pt wide, want 90 (one em each)",
		      bold ? " bold" : "", w);
	}
	cairo_destroy(cr);
	cairo_surface_destroy(surf);
}

/* Words a line cannot hold (a name of 127 letters, a reason with a long unbroken path),
 * a Chinese name, and two VISA-A scores on one day. */
static void test_long_texts(struct store *s, const struct programme *prog)
{
	static const char long_name[] = "Maria-Magdalena Konstantinopoulou-Wolfeschlegelsteinhausenbergerdorff "
					"y Borbon-Dos-Sicilias von Habsburg-Lothringen-Este-Modena";
	int64_t id, cjk;
	REQUIRE(store_patient_add(s, "L-1", long_name, SIDE_LEFT, 2, &id) == ST_OK, "add L-1: %s", st_errmsg());
	REQUIRE(store_patient_add(s, "C-1", CJK_NAME, SIDE_RIGHT, 2,
				  &cjk) == ST_OK, "add C-1");
	char why[PHASE_WHY_MAX];
	int n = snprintf(why, sizeof why, "see /clinic/notes/");
	while (n < 200)
		n += snprintf(why + n, sizeof why - (size_t)n, "achilles-tendinopathy-");
	while (n + 12 < (int)sizeof why)
		n += snprintf(why + n, sizeof why - (size_t)n, " very long ");
	for (int k = 0; k < 7; k++)
		REQUIRE(history_fixture_decide(s, id, k % 2 ? 3 : 2, PHASE_SET, "J. Physio", why, NULL) == ST_OK, "decision %d", k);
	REQUIRE(history_fixture_decide(s, cjk, 3, PHASE_SET, "\xe6\x9d\x8e\xe5\x8c\xbb\xe7\x94\x9f",
				   "\xe7\x96\xbc\xe7\x97\x9b\xe5\x87\x8f\xe8\xbd\xbb", NULL) == ST_OK, "decision of C-1");
	/* the dose as changed, by whom, when and why (stored, and never shown), in two lines */
	struct dose_override fewer = { .sets = 2 };
	REQUIRE(store_patient_override(s, id, &fewer, "J. Physio", why) == ST_OK, "dose: %s", st_errmsg());
	struct patient changed;
	REQUIRE(store_patient_find(s, "L-1", &changed) == ST_OK, "%s", st_errmsg());
	char change_day[16], change[64];
	snprintf(change, sizeof change, "Dose changed by J. Physio on %s: see",
		 progression_day(changed.override_at, change_day));
	const time_t day = 1790000000 - 1790000000 % 86400 + 14 * 86400; /* 05 Oct 2026 */
	REQUIRE(store_visa_add(s, id, day - 20 * 86400, NULL, 55) == ST_OK && store_visa_add(s, id, day + 9 * 3600, NULL, 60) == ST_OK &&
		store_visa_add(s, id, day + 17 * 3600 + 1800, NULL, 64) == ST_OK, "VISA-A scores");
	char path[600];
	struct review r;
	if (write_report(s, prog, "L-1", 0, 0, "l1.pdf", path, &r) != ST_OK)
		return;
	review_free(&r);
	char *text = pdf_text(path);
	if (text) {
		expect_text(text, "Maria-Magdalena");
		expect_text(text, "15 Sep 2026: 55/100"); /* alone on its day: the date */
		expect_text(text, "05 Oct 2026 09:00: 60/100");
		expect_text(text, "05 Oct 2026 17:30: 64/100");
		expect_text(text, "3 earlier decisions");
		expect_text(text, change);
		free(text);
	}
	double right = pdf_right_edge(path);
	CHECK(right > 400 && right <= RIGHT_MARGIN + 0.5, "long texts end by the margin: %.1f, want <= %.1f", right,
	      RIGHT_MARGIN);
	CHECK(pdf_pages(path) == 2, "long texts: %d pages, want 2", pdf_pages(path));
	render_pages(path, "l1");

	if (write_report(s, prog, "C-1", 0, 0, "c1.pdf", path, &r) != ST_OK)
		return;
	review_free(&r);
	text = pdf_text(path);
	if (text) {
		expect_text(text, CJK_NAME);
		expect_text(text, "\xe7\x96\xbc\xe7\x97\x9b\xe5\x87\x8f\xe8\xbd\xbb");
		free(text);
	}
	char fonts[512];
	other_fonts(path, fonts, sizeof fonts);
	CHECK(*fonts, "a CJK name is drawn in a font that has it (fonts-wqy-microhei), not DejaVu's boxes");
	render_pages(path, "c1");
}

/* Any history in two pages: 70 sessions of heel raises, and 300 of heel raises, hops and
 * holds (every graph) on a measured plate calibrated long ago, with many decisions and
 * scores. */
static void test_two_pages(struct store *s, const struct programme *prog)
{
	int64_t id70, id300;
	char name[PATIENT_NAME_MAX];
	memset(name, 'W', sizeof name - 1);
	name[sizeof name - 1] = 0;
	REQUIRE(store_patient_add(s, "S-70", "Seventy", SIDE_LEFT, 2, &id70) == ST_OK &&
		history_fixture_sessions(s, id70, 1790000000, 70, false, "sim:demo", "SIM-0001") == ST_OK &&
		store_patient_add(s, "S-300", name, SIDE_RIGHT, 2, &id300) == ST_OK,
	      "the long histories: %s", st_errmsg());
	/* decided now, before the history reaching into next year is there (the store refuses
	 * a decision filed before a record: store_clock_check) */
	char why[PHASE_WHY_MAX];
	memset(why, 'x', sizeof why - 1);
	why[sizeof why - 1] = 0;
	for (int k = 0; k < 8; k++)
		REQUIRE(history_fixture_decide(s, id300, 2 + k % 2, PHASE_SET, "J. Physio", why, NULL) == ST_OK, "decision: %s",
			st_errmsg());
	REQUIRE(history_fixture_sessions(s, id300, 1770000000, 300, true, "usb:USB-7", "USB-7") == ST_OK, "%s",
		st_errmsg());
	for (int k = 0; k < 30; k++)
		REQUIRE(store_visa_add(s, id300, 1770000000 + k * 20 * 86400, NULL, 40 + k) == ST_OK, "VISA-A");
	const struct {
		const char *id, *file;
		size_t sessions, at_least;  /* sessions, and the fewest the table must list */
	} cases[] = { { "S-70", "s70.pdf", 70, 45 }, { "S-300", "s300.pdf", 300, 8 } };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[600];
		struct review r;
		if (write_report(s, prog, cases[i].id, 0, 0, cases[i].file, path, &r) != ST_OK)
			return;
		struct progress_graphs g;
		if (i == 1 && progress_graphs_build(&r, &g) == ST_OK) {
			CHECK(g.n == PG_COUNT_ALL, "a mixed history has every graph: %d of %d", g.n, PG_COUNT_ALL);
			progress_graphs_free(&g);
		}
		review_free(&r);
		CHECK(pdf_pages(path) == 2, "%s: %d pages, want 2", cases[i].id, pdf_pages(path));
		double right = pdf_right_edge(path);
		CHECK(right <= RIGHT_MARGIN + 0.5, "%s: nothing past the margin: %.1f", cases[i].id, right);
		char *text = pdf_text(path);
		if (!text)
			continue;
		size_t shown = 0, of = 0;
		const char *at = strstr(text, "The latest ");
		CHECK(at && sscanf(at, "The latest %zu of %zu sessions", &shown, &of) == 2 && of == cases[i].sessions &&
			      shown >= cases[i].at_least && shown < of,
		      "%s: the latest %zu of %zu sessions listed; want at least %zu of %zu", cases[i].id, shown, of,
		      cases[i].at_least, cases[i].sessions);
		if (i == 1) {
			expect_text(text, "Warning: the calibration was");
			expect_text(text, "Flight ms");
			expect_text(text, "Lowering s");
			expect_text(text, "4 earlier decisions");
			expect_text(text, "earlier scores, from 02 Feb 2026, are in the VISA-A graph");
			expect_text(text, ": 69/100"); /* the latest score is listed */
		}
		free(text);
		render_pages(path, cases[i].id);
	}
}

/* The pain the day after a session, in the report and its graph: a visit stopped at the
 * pain gate (before the day-after question) leaves it to the next session, whose answer
 * is about the session before the visit (it showed "-" there, and the visit got it). */
static void test_day_after_past_a_visit(struct store *s, const struct programme *prog)
{
	REQUIRE(history_fixture_fill(s, "DA-1") == ST_OK, "%s", st_errmsg());
	struct patient p;
	REQUIRE(store_patient_find(s, "DA-1", &p) == ST_OK, "%s", st_errmsg());
	const time_t t0 = 1790000000 + 7 * 86400; /* after the fixture's four sessions */
	struct session_start b = { .patient = p.id, .phase = 2, .started = t0, .sets_planned = 2 };
	int64_t sid, set;
	struct set_start sb = { .set_no = 1, .kind = EX_STANDING_DOUBLE_RAISE, .side = SIDE_BOTH, .target_count = 6,
				.lower_min_s = 3, .lower_max_s = 5 };
	int rc = store_session_begin(s, &b, &sid);
	if (rc == ST_OK)
		rc = store_pain(s, sid, PAIN_BEFORE, 0, 8);
	if (rc == ST_OK)
		rc = store_session_finish(s, sid, SESSION_STOPPED);
	b.started = t0 + 86400;
	if (rc == ST_OK)
		rc = store_session_begin(s, &b, &sid);
	if (rc == ST_OK)
		rc = store_pain(s, sid, PAIN_DAY_AFTER_LAST, 0, 4);
	if (rc == ST_OK)
		rc = store_set_begin(s, sid, &sb, &set);
	REQUIRE(rc == ST_OK, "sessions: %s", st_errmsg());
	struct review r;
	REQUIRE(review_load(s, prog, "DA-1", 0, 0, &r) == ST_OK && r.history.n == 6, "%s", st_errmsg());
	CHECK(r.pain_day_after[3] == 4 && r.pain_day_after[4] == PAIN_NONE,
	      "the day after the last session with a set: %d, after the visit: %d", r.pain_day_after[3],
	      r.pain_day_after[4]);
	review_free(&r);
	/* that answer, above the programme's 3, eased the last session's dose: its row says so
	 * (the table's Done target is the eased dose's), and the key what it means */
	char path[600];
	if (write_report(s, prog, "DA-1", 0, 0, "da1.pdf", path, &r) != ST_OK)
		return;
	review_free(&r);
	char *text = pdf_text(path);
	REQUIRE(text, "pdftotext reads the report");
	char day[24], start[40], row[200] = "", visit[200] = "";
	snprintf(start, sizeof start, "%s 14:13", plot_date(t0 + 86400, day));
	text_line(text, start, row, sizeof row);
	CHECK(strstr(row, ",eased") != NULL, "the eased session's row: '%s'", row);
	snprintf(start, sizeof start, "%s 14:13", plot_date(t0, day));
	text_line(text, start, visit, sizeof visit);
	CHECK(*visit && strstr(visit, "eased") == NULL, "the visit before it, not eased: '%s'", visit);
	expect_text(text, "Eased: dose lowered for day-after pain.");
	free(text);
	render_pages(path, "da1");
}

/* g drawn on white into a new w x h image. */
static cairo_surface_t *draw_on_white(const struct plot_graph *g, int w, int h)
{
	cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_t *cr = cairo_create(surf);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	plot_draw(cr, g, 0, 0, w, h, 2);
	cairo_destroy(cr);
	cairo_surface_flush(surf);
	return surf;
}

/* A target of one value (a hold set to 30 s) is drawn, as a line: its band had no height,
 * and only the legend named it. */
static void test_single_value_band(void)
{
	enum { N = 6, W = 600, H = 300 };
	time_t x[N];
	double y[N];
	for (int i = 0; i < N; i++) {
		x[i] = 1790000000 + i * 2 * 86400;
		y[i] = 2;
	}
	struct plot_graph g = { .title = "Hold", .unit = "s", .n = N, .x = x, .n_series = 1, .band_lo = 6,
				.band_hi = 6, .band_label = "target 6 s", .y_min = 0, .y_max = 8 };
	g.series[0] = (struct plot_series){ "mean", y, PLOT_BLUE, false };
	cairo_surface_t *surf = draw_on_white(&g, W, H);
	const unsigned char *px = cairo_image_surface_get_data(surf);
	int stride = cairo_image_surface_get_stride(surf), green_rows = 0;
	for (int row = 40; row < H - 40; row++) { /* the middle column, below the legend */
		const unsigned char *p = px + row * stride + (W / 2) * 4; /* B, G, R, unused */
		green_rows += p[1] > p[2] + 40 && p[1] > p[0];
	}
	cairo_surface_destroy(surf);
	CHECK(green_rows >= 2 && green_rows <= 6, "the target drawn as a line: %d rows", green_rows);
}

/* Two line series with equal values: both colours show along the line, not only at the
 * markers (the second is drawn dashed over the first). */
static void test_equal_lines(void)
{
	enum { N = 6, W = 600, H = 300 };
	time_t x[N];
	double a[N], b[N];
	for (int i = 0; i < N; i++) {
		x[i] = 1790000000 + i * 2 * 86400;
		a[i] = b[i] = 4;
	}
	struct plot_graph g = { .title = "Hold", .unit = "s", .n = N, .x = x, .n_series = 2, .band_lo = NAN,
				.band_hi = NAN, .y_min = 0, .y_max = 8 };
	g.series[0] = (struct plot_series){ "mean", a, PLOT_BLUE, false };
	g.series[1] = (struct plot_series){ "longest", b, PLOT_VERMILLION, false };
	cairo_surface_t *surf = draw_on_white(&g, W, H);
	const unsigned char *px = cairo_image_surface_get_data(surf);
	int stride = cairo_image_surface_get_stride(surf), blue = 0, vermillion = 0, line = 0;
	for (int col = 0; col < W; col++) {
		bool b_here = false, v_here = false;
		for (int row = H / 3; row < H - 40; row++) { /* below the legend, above the dates */
			const unsigned char *p = px + row * stride + col * 4; /* B, G, R, unused */
			b_here |= p[2] < 60 && p[1] > 80 && p[1] < 150 && p[0] > 140;
			v_here |= p[2] > 170 && p[1] > 60 && p[1] < 130 && p[0] < 60;
		}
		blue += b_here;
		vermillion += v_here;
		line += b_here || v_here;
	}
	cairo_surface_destroy(surf);
	CHECK(line > W / 2, "the lines span the graph: %d columns", line);
	CHECK(blue > line * 0.3 && vermillion > line * 0.3,
	      "equal lines: blue in %d and vermillion in %d of %d columns, want both over 30 %%", blue, vermillion, line);
}

static void test_empty(struct store *s, const struct programme *prog)
{
	int64_t id;
	/* a name stored in Latin-1, not UTF-8 (by hand, or before names were checked: the store
	 * now refuses it): shown with '?', never a failed report */
	CHECK(store_patient_add(s, "E-1", "Jos\xe9 L\xf3pez", SIDE_RIGHT, 1, &id) == ST_ERR_ARG &&
		      store_patient_add(s, "E-1", "Jose Lopez", SIDE_RIGHT, 1, &id) == ST_OK &&
		      sqlite3_exec(s->db, "UPDATE patients SET name = CAST(X'4A6F73E9204CF370657A' AS TEXT) WHERE clinic_id = 'E-1'",
				   NULL, NULL, NULL) == SQLITE_OK && sqlite3_changes(s->db) == 1,
	      "add E-1 with a Latin-1 name");
	char path[600];
	struct review r;
	if (write_report(s, prog, "E-1", 0, 0, "e1.pdf", path, &r) != ST_OK)
		return;
	review_free(&r);
	char *text = pdf_text(path);
	if (text) {
		expect_text(text, "no sessions yet");
		expect_text(text, "no VISA-A scores yet");
		expect_text(text, "Calibration: no plate calibrated on this station yet");
		expect_text(text, "Jos? L?pez");
		free(text);
	}
	test_station_calibration(s, prog);
	/* a range with no sessions in it: its own dates, never 1970 */
	time_t from, to;
	review_parse_day("2026-06-01", false, &from);
	review_parse_day("2025-01-01", true, &to);
	const time_t range[2][2] = { { from, 0 }, { 0, to } };
	const char *const want[2] = { "Sessions from 01 Jun 2026 to ", "Sessions up to 01 Jan 2025: 0" };
	for (int i = 0; i < 2; i++) {
		if (write_report(s, prog, "E-1", range[i][0], range[i][1], "e1-range.pdf", path, &r) != ST_OK)
			return;
		review_free(&r);
		text = pdf_text(path);
		if (text) {
			expect_text(text, want[i]);
			expect_text(text, "No sessions in this period.");
			expect_text(text, "Dose at the station: ");
			CHECK(!strstr(text, "1970"), "range %d: no 1970", i);
			CHECK(!strstr(text, "no sessions yet"), "range %d: none in the range is not none yet", i);
			free(text);
		}
	}
	render_pages(path, "e1");
	/* a range from a day still to come: that day, not "from it to it" */
	review_parse_day("2027-01-01", false, &from);
	if (write_report(s, prog, "E-1", from, 0, "e1-future.pdf", path, &r) == ST_OK) {
		review_free(&r);
		text = pdf_text(path);
		CHECK(text && strstr(text, "Sessions from 01 Jan 2027: 0") && !strstr(text, "to 01 Jan 2027"),
		      "a range from a day to come");
		free(text);
	}
	/* a range after P-9's sessions: the calibration its sessions used, not the station's */
	review_parse_day("2026-11-20", false, &from);
	if (write_report(s, prog, "P-9", from, 0, "p9-after.pdf", path, &r) == ST_OK) {
		review_free(&r);
		text = pdf_text(path);
		if (text) {
			expect_text(text, "No sessions in this period.");
			expect_text(text, "plate SIM-0001, calibrated 01 Jan 2026");
			free(text);
		}
	}
	CHECK(review_load(s, prog, "NOBODY", 0, 0, &r) == ST_ERR_NOT_FOUND && strstr(st_errmsg(), "NOBODY"),
	      "an unknown patient is named: %s", st_errmsg());
	snprintf(path, sizeof path, "%s/no-such-folder/e1.pdf", tmp_root);
	if (review_load(s, prog, "E-1", 0, 0, &r) == ST_OK) {
		CHECK(report_write_pdf(&r, path, 0) == ST_ERR_IO && strstr(st_errmsg(), "no-such-folder/e1.pdf"),
		      "an unwritable file is named: %s", st_errmsg());
		review_free(&r);
	}
}

/* Sessions months apart, the later ones many: each stretch has a date under it (the round
 * ticks of the gap between them fell into a few pixels, and December had none). */
static void test_date_gap(void)
{
	enum { N = 50 };
	time_t x[N];
	double y[N];
	x[0] = 1780272000; /* 1 Jun 2026 */
	x[1] = x[0] + 86400;
	for (int i = 2; i < N; i++)
		x[i] = 1796428800 + i; /* 5 Dec 2026, a second apart */
	for (int i = 0; i < N; i++)
		y[i] = 4;
	struct plot_graph g = { .title = "Lowering", .unit = "s", .n = N, .x = x, .n_series = 1, .band_lo = NAN,
				.band_hi = NAN };
	g.series[0] = (struct plot_series){ .label = "mean", .y = y };
	char path[700];
	snprintf(path, sizeof path, "%s/date-gap.pdf", tmp_root);
	cairo_surface_t *surf = cairo_pdf_surface_create(path, 300, 200);
	cairo_t *cr = cairo_create(surf);
	plot_draw(cr, &g, 0, 0, 300, 200, 1);
	cairo_destroy(cr);
	cairo_surface_destroy(surf);
	char *text = pdf_text(path);
	CHECK(text && strstr(text, "01 Jun") && strstr(text, "05 Dec"), "dates under both stretches: %s",
	      text ? text : "no text");
	free(text);
	/* 2 in June, 8 every other day from 12 November: a date under each group, none in the
	 * break between them (the axis is not to scale there) */
	g.n = 10;
	for (int i = 2; i < 10; i++)
		x[i] = 1794484800 + (i - 2) * 2 * 86400; /* 12 Nov 2026 */
	surf = cairo_pdf_surface_create(path, 300, 200);
	cr = cairo_create(surf);
	plot_draw(cr, &g, 0, 0, 300, 200, 1);
	cairo_destroy(cr);
	cairo_surface_destroy(surf);
	text = pdf_text(path);
	CHECK(text && strstr(text, "01 Jun") && strstr(text, "12 Nov") && !strstr(text, "01 Sep") && !strstr(text, "01 Aug"),
	      "a date under each group, none in the break: %s", text ? text : "no text");
	free(text);
}

static void test_dates(void)
{
	time_t t;
	CHECK(review_parse_day("2026-02-30", false, &t) == ST_ERR_ARG, "no 30 February");
	CHECK(review_parse_day("12/03/2026", false, &t) == ST_ERR_ARG && strstr(st_errmsg(), "YYYY-MM-DD"),
	      "a date not in ISO form is refused: %s", st_errmsg());
	CHECK(review_parse_day("2026-03-12", true, &t) == ST_OK && t == 1773359999, "end of 12 March 2026: %lld",
	      (long long)t);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	snprintf(tmp_root, sizeof tmp_root, "%s/report-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmp_root)) {
		perror("mkdtemp");
		return 1;
	}
	char xdg[600]; /* the station's calibrations: the test's own */
	snprintf(xdg, sizeof xdg, "%s/xdg", tmp_root);
	setenv("XDG_DATA_HOME", xdg, 1);
	test_ticks();
	test_dates();
	test_date_gap();
	test_equal_lines();
	test_single_value_band();
	test_cjk_width();
	static struct programme prog;
	struct store *s;
	int rc = programme_load_default(&prog);
	if (rc == ST_OK)
		rc = store_open(tmp_root, &s);
	if (rc == ST_OK) {
		rc = history_fixture_review(s, "P-9", "H-1");
		CHECK(rc == ST_OK, "fixture: %s", st_errmsg());
		if (rc == ST_OK) {
			test_report(s, &prog);
			test_hops(s, &prog);
			test_empty(s, &prog);
			test_calibration_in_force(s, &prog);
			test_long_texts(s, &prog);
			test_two_pages(s, &prog);
			test_day_after_past_a_visit(s, &prog);
		}
		store_close(s);
	} else {
		CHECK(0, "set-up: %s", st_errmsg());
	}
	char cmd[700];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_root);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmp_root);
	return check_summary();
}
