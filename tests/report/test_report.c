/* test_report.c: the physio's report and graphs: round ticks, the graphs' values from a
 * stored history (an interrupted session is not a target met), and the PDF's text as
 * pdftotext reads it (clinic number, phase history, band label, dates with the year,
 * VISA-A, calibration date); an empty patient says "no sessions yet". The pages are also
 * rendered to build/tmp/report/ (pdftoppm) for a look. Runs with TZ=UTC. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "pdf_text.h"
#include "history_fixture.h"
#include "plot.h"
#include "progress.h"
#include "report.h"
#include "review.h"
#include "status.h"

static char tmp_root[512];

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
		rc = report_write_pdf(r, path, 1795000000);
	if (rc != ST_OK)
		CHECK(0, "report of %s: %s", id, st_errmsg());
	return rc;
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
	CHECK(strstr(text, "page 3") == NULL, "four sessions fit on two pages");
	free(text);
	render_pages(path, "p9");

	/* a range: only the middle two sessions and the score within it */
	time_t from, to;
	review_parse_day("2026-09-22", false, &from);
	review_parse_day("2026-09-26", true, &to);
	if (write_report(s, prog, "P-9", from, to, "p9-range.pdf", path, &r) != ST_OK)
		return;
	CHECK(r.history.n == 2 && r.n_visa == 1, "range: %zu sessions, %zu scores; want 2, 1", r.history.n, r.n_visa);
	CHECK(r.suggestion.verdict == VERDICT_NEXT_PHASE, "the suggestion is from the whole history");
	review_free(&r);
	text = pdf_text(path);
	if (text) {
		expect_text(text, "Sessions from 22 Sep 2026 to 26 Sep 2026: 2");
		CHECK(strstr(text, "21 Sep 2026 14:13") == NULL, "a session before --from is left out");
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
		free(text);
	}
	render_pages(path, "h1");
}

static void test_empty(struct store *s, const struct programme *prog)
{
	int64_t id;
	/* a name stored in Latin-1, not UTF-8: shown with '?', never a failed report */
	CHECK(store_patient_add(s, "E-1", "Jos\xe9 L\xf3pez", SIDE_RIGHT, 1, &id) == ST_OK, "add E-1");
	char path[600];
	struct review r;
	if (write_report(s, prog, "E-1", 0, 0, "e1.pdf", path, &r) != ST_OK)
		return;
	review_free(&r);
	char *text = pdf_text(path);
	if (text) {
		expect_text(text, "no sessions yet");
		expect_text(text, "no VISA-A scores yet");
		expect_text(text, "Calibration: not calibrated");
		expect_text(text, "Jos? L?pez");
		free(text);
	}
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
			CHECK(!strstr(text, "1970"), "range %d: no 1970", i);
			free(text);
		}
	}
	render_pages(path, "e1");
	CHECK(review_load(s, prog, "NOBODY", 0, 0, &r) == ST_ERR_NOT_FOUND && strstr(st_errmsg(), "NOBODY"),
	      "an unknown patient is named: %s", st_errmsg());
	snprintf(path, sizeof path, "%s/no-such-folder/e1.pdf", tmp_root);
	if (review_load(s, prog, "E-1", 0, 0, &r) == ST_OK) {
		CHECK(report_write_pdf(&r, path, 0) == ST_ERR_IO && strstr(st_errmsg(), "no-such-folder/e1.pdf"),
		      "an unwritable file is named: %s", st_errmsg());
		review_free(&r);
	}
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
	test_ticks();
	test_dates();
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
