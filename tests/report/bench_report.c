/* bench_report.c: the report of a patient with 50 sessions (phase 2, two sets of 10 slow
 * heel raises every other day, pain answers, a VISA-A score every four weeks, two phase
 * decisions): the PDF's size and pages (pdfinfo), and the time to make it (reading the
 * store, drawing, writing), best and median of 10.
 *   bench_report [SESSIONS] */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "capture.h"
#include "history_fixture.h"
#include "pdf_text.h"
#include "report.h"
#include "review.h"
#include "status.h"

#define RUNS 10

static int fill(struct store *s, int sessions)
{
	int64_t pid;
	const time_t t0 = 1790000000;
	int rc = store_patient_add(s, "B-50", "Bench Patient", SIDE_LEFT, 2, &pid);
	if (rc == ST_OK)
		rc = history_fixture_sessions(s, pid, t0, sessions, false, "sim:demo", "SIM-0001");
	for (int k = 0; rc == ST_OK && k < sessions; k += 14) /* a VISA-A score every four weeks */
		rc = store_visa_add(s, pid, t0 + k * 2 * 86400, NULL, 55 + (k / 2) % 45);
	if (rc == ST_OK)
		rc = history_fixture_decide(s, pid, 3, PHASE_DECLINED, "J. Physio", "not yet: lowering too quick", NULL);
	if (rc == ST_OK)
		rc = history_fixture_decide(s, pid, 2, PHASE_SET, "J. Physio", "stays in phase 2 for a month", NULL);
	return rc;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int sessions = argc > 1 ? atoi(argv[1]) : 50;
	char dir[512], pdf[600];
	snprintf(dir, sizeof dir, "%s/bench-report-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (sessions < 1 || !mkdtemp(dir)) {
		fprintf(stderr, "usage: bench_report [SESSIONS]\n");
		return 2;
	}
	snprintf(pdf, sizeof pdf, "%s/report.pdf", dir);
	static struct programme prog;
	struct store *s;
	int rc = programme_load_default(&prog);
	if (rc == ST_OK)
		rc = store_open(dir, &s);
	if (rc == ST_OK) {
		rc = fill(s, sessions);
		double t[RUNS];
		for (int i = 0; rc == ST_OK && i < RUNS; i++) {
			struct review r;
			double start = monotonic_s();
			rc = review_load(s, &prog, "B-50", 0, 0, &r);
			if (rc == ST_OK) {
				rc = report_write_pdf(&r, pdf, time(NULL));
				review_free(&r);
			}
			t[i] = monotonic_s() - start;
		}
		store_close(s);
		struct stat st;
		if (rc == ST_OK && stat(pdf, &st) == 0) {
			qsort(t, RUNS, sizeof t[0], cmp);
			printf("report of %d sessions: %lld bytes, %d pages, made in %.1f ms (best of %d), %.1f ms (median)\n",
			       sessions, (long long)st.st_size, pdf_pages(pdf), 1000 * t[0], RUNS, 1000 * t[RUNS / 2]);
			printf("kept for a look: %s\n", pdf);
		}
	}
	if (rc != ST_OK)
		fprintf(stderr, "bench_report: %s\n", st_errmsg());
	return rc == ST_OK ? 0 : 1;
}
