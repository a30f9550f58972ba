/* test_replay.c: recordings replay exactly as they were recorded, native and CSV, and the
 * record / export / import paths agree with each other. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "check.h"
#include "convert.h"
#include "csv.h"
#include "record.h"
#include "sim.h"

#define SCENARIO "sim:demo"

static int record(const char *plate, const char *out, enum record_format format, double seconds, unsigned rate)
{
	struct record_request req = { .plate = plate, .out_path = out, .format = format, .seconds = seconds,
				      .rate_hz = rate, .options = { .fast = true, .seed = 5 } };
	struct record_result res;
	int rc = record_run(&req, &res);
	CHECK(rc == ST_OK, "record %s -> %s: %s", plate, out, st_errmsg());
	return rc;
}

static bool same_frame(const struct plate_frame *a, const struct plate_frame *b)
{
	return a->seq == b->seq && a->device_us == b->device_us && a->flags == b->flags &&
	       a->lost_before == b->lost_before && memcmp(a->counts, b->counts, sizeof a->counts) == 0;
}

static void test_native_replay_is_exact(void)
{
	static const unsigned rates[] = { 100, 1000, 2000 };
	for (size_t r = 0; r < 3; r++) {
		char *path = temp_path("replay.rec");
		struct capture live, replayed;
		struct plate_options opt = { .fast = true, .seed = 5 };
		capture_plate(SCENARIO, &opt, rates[r], &live);
		if (record(SCENARIO, path, RECORD_NATIVE, 0, rates[r]) != ST_OK)
			continue;
		char spec[4200];
		snprintf(spec, sizeof spec, "replay:%s", path);
		CHECK(capture_plate(spec, &opt, 0, &replayed) == ST_OK, "replay: %s", st_errmsg());
		CHECK(replayed.end_status == ST_ENDED, "replay ends cleanly");
		CHECK(replayed.n == live.n && live.n > 0, "frame count %zu vs %zu", replayed.n, live.n);
		size_t differ = 0;
		for (size_t i = 0; i < live.n && i < replayed.n; i++)
			differ += !same_frame(&live.frames[i], &replayed.frames[i]);
		CHECK(differ == 0, "%zu of %zu frames differ at %u Hz", differ, live.n, rates[r]);
		capture_free(&live);
		capture_free(&replayed);
		unlink(path);
		free(path);
	}
}

static void test_gaps_and_saturation_survive(void)
{
	char *scenario = temp_file_with("events.sim", "stand 4\ndrop at=1 count=40\nsaturate at=2 seconds=0.2 channel=2\n");
	char plate[4200], spec[4200];
	snprintf(plate, sizeof plate, "sim:%s", scenario);
	char *rec_path = temp_path("events.rec"), *csv_path = temp_path("events.csv");
	struct capture replayed;
	struct trace csv;
	if (record(plate, rec_path, RECORD_NATIVE, 0, 1000) == ST_OK &&
	    record(plate, csv_path, RECORD_CSV, 0, 1000) == ST_OK) {
		snprintf(spec, sizeof spec, "replay:%s", rec_path);
		capture_plate(spec, NULL, 0, &replayed);
		size_t gaps = 0, sat = 0;
		for (size_t i = 0; i < replayed.n; i++) {
			gaps += replayed.frames[i].lost_before == 40;
			sat += (replayed.frames[i].flags & PLATE_FRAME_SATURATED) != 0;
		}
		CHECK(gaps == 1 && sat == 200, "native keeps the gap (%zu) and saturation (%zu)", gaps, sat);
		capture_free(&replayed);
		CHECK(csv_read_file(csv_path, &csv) == ST_OK, "read CSV: %s", st_errmsg());
		size_t csv_gaps = 0, csv_sat = 0;
		for (size_t i = 0; i < csv.n; i++) {
			csv_gaps += (csv.flags[i] & TRACE_GAP_BEFORE) != 0;
			csv_sat += (csv.flags[i] & TRACE_SATURATED) != 0;
		}
		CHECK(csv.n == 4000 - 40 && csv_gaps == 1 && csv_sat == 200, "CSV: %zu rows, %zu gaps, %zu saturated",
		      csv.n, csv_gaps, csv_sat);
		trace_free(&csv);
	}
	unlink(scenario);
	unlink(rec_path);
	unlink(csv_path);
	free(scenario);
	free(rec_path);
	free(csv_path);
}

/* CSV -> replay plate -> newtons gives back the CSV (to its printed precision). */
static void test_csv_replay_and_import(void)
{
	char *csv_path = temp_path("direct.csv"), *imported = temp_path("imported.rec");
	char *exported = temp_path("exported.csv"), *native = temp_path("native.rec"), *via = temp_path("via.csv");
	char spec[4200];
	struct trace direct, back, from_native;
	if (record(SCENARIO, csv_path, RECORD_CSV, 30, 500) != ST_OK || csv_read_file(csv_path, &direct) != ST_OK)
		goto out;
	snprintf(spec, sizeof spec, "replay:%s", csv_path);
	record(spec, imported, RECORD_NATIVE, 0, 0);
	snprintf(spec, sizeof spec, "replay:%s", imported);
	record(spec, exported, RECORD_CSV, 0, 0);
	CHECK(csv_read_file(exported, &back) == ST_OK, "read exported: %s", st_errmsg());
	CHECK(back.n == direct.n && back.rate_hz == 500, "rows %zu vs %zu", back.n, direct.n);
	double worst_f = 0, worst_cop = 0;
	size_t cop_mismatch = 0;
	for (size_t i = 0; i < direct.n && i < back.n; i++) {
		for (int s = 0; s < 2; s++) {
			worst_f = fmax(worst_f, fabs(direct.fz[s][i] - back.fz[s][i]));
			if (isnan(direct.cop_x[s][i]) != isnan(back.cop_x[s][i]))
				cop_mismatch++;
			else if (!isnan(direct.cop_x[s][i]))
				worst_cop = fmax(worst_cop, fmax(fabs(direct.cop_x[s][i] - back.cop_x[s][i]),
								 fabs(direct.cop_y[s][i] - back.cop_y[s][i])));
		}
		CHECK(direct.t_s[i] == back.t_s[i] || fabs(direct.t_s[i] - back.t_s[i]) < 1e-9, "time at row %zu", i);
	}
	CHECK(worst_f <= 0.011, "force through import/export within 0.01 N: %g", worst_f);
	CHECK(worst_cop <= 0.011 && cop_mismatch == 0, "COP within 0.01 mm: %g, %zu undefined mismatches",
	      worst_cop, cop_mismatch);
	/* recording natively then exporting equals recording CSV directly */
	record(SCENARIO, native, RECORD_NATIVE, 30, 500);
	snprintf(spec, sizeof spec, "replay:%s", native);
	record(spec, via, RECORD_CSV, 0, 0);
	CHECK(csv_read_file(via, &from_native) == ST_OK && from_native.n == direct.n, "native then export");
	size_t differ = 0;
	for (size_t i = 0; i < direct.n && i < from_native.n; i++)
		differ += direct.fz[0][i] != from_native.fz[0][i] || direct.fz[1][i] != from_native.fz[1][i];
	CHECK(differ == 0, "%zu rows differ between direct CSV and native-then-export", differ);
	trace_free(&back);
	trace_free(&from_native);
	trace_free(&direct);
out:
	unlink(csv_path);
	unlink(imported);
	unlink(exported);
	unlink(native);
	unlink(via);
	free(csv_path);
	free(imported);
	free(exported);
	free(native);
	free(via);
}

static void test_record_limits_and_refusals(void)
{
	char *path = temp_path("short.rec"), *csv = temp_path("nocal.csv"), *scenario;
	struct capture c;
	char spec[4200];
	record("sim:quiet", path, RECORD_NATIVE, 2.5, 400);
	snprintf(spec, sizeof spec, "replay:%s", path);
	capture_plate(spec, NULL, 0, &c);
	CHECK(c.n == 1000, "--seconds 2.5 at 400 Hz keeps 1000 frames: %zu", c.n);
	capture_free(&c);
	/* a simulated plate of another serial has no calibration: CSV refused, native fine */
	scenario = temp_file_with("serial.sim", "serial SIM-0042\nstand 1\n");
	snprintf(spec, sizeof spec, "sim:%s", scenario);
	struct record_request req = { .plate = spec, .out_path = csv, .format = RECORD_CSV, .options = { .fast = true } };
	struct record_result res;
	CHECK(record_run(&req, &res) == ST_ERR_NOT_FOUND && strstr(st_errmsg(), "no calibration for plate SIM-0042"),
	      "CSV without calibration refused: %s", st_errmsg());
	CHECK(access(csv, F_OK) != 0, "no file made when refused");
	req.format = RECORD_NATIVE;
	req.out_path = path;
	CHECK(record_run(&req, &res) == ST_OK && res.frames == 1000, "native needs no calibration: %s", st_errmsg());
	unlink(path);
	unlink(scenario);
	free(path);
	free(csv);
	free(scenario);
}

static void test_unplug_keeps_what_was_recorded(void)
{
	char *scenario = temp_file_with("unplug.sim", "stand 5\nunplug at=2\n");
	char *path = temp_path("unplug.rec"), spec[4200];
	snprintf(spec, sizeof spec, "sim:%s", scenario);
	struct record_request req = { .plate = spec, .out_path = path, .options = { .fast = true } };
	struct record_result res;
	CHECK(record_run(&req, &res) == ST_ERR_GONE && res.plate_gone, "recording ends with the plate gone");
	struct capture c;
	snprintf(spec, sizeof spec, "replay:%s", path);
	CHECK(capture_plate(spec, NULL, 0, &c) == ST_OK && c.n == 2000, "2 s kept: %zu frames", c.n);
	capture_free(&c);
	unlink(scenario);
	unlink(path);
	free(scenario);
	free(path);
}

int main(void)
{
	test_native_replay_is_exact();
	test_gaps_and_saturation_survive();
	test_csv_replay_and_import();
	test_record_limits_and_refusals();
	test_unplug_keeps_what_was_recorded();
	return check_summary();
}
