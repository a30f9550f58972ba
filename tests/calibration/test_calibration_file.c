/* test_calibration_file.c: counts to newtons and COP, the calibration file, and finding
 * a plate's calibration by serial. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rng.h"
#include "calib.h"
#include "capture.h"
#include "check.h"
#include "log_capture.h"
#include "sim.h"

static void test_split_and_apply_are_inverse(void)
{
	struct rng r;
	rng_seed(&r, 99);
	double worst_f = 0, worst_cop = 0;
	for (int plate = 0; plate < 50; plate++) {
		struct calibration cal;
		char serial[32];
		snprintf(serial, sizeof serial, "SIM-%04d", plate);
		sim_calibration(serial, &cal);
		struct cell_split split[2];
		for (int side = 0; side < 2; side++) {
			double x[4], y[4];
			for (int k = 0; k < 4; k++) {
				x[k] = cal.ch[side * 4 + k].x_mm;
				y[k] = cal.ch[side * 4 + k].y_mm;
			}
			cell_split_init(&split[side], x, y);
		}
		for (int trial = 0; trial < 100; trial++) {
			/* one draw per statement: an initialiser list's order is unspecified */
			double fz[2], cx[2], cy[2];
			fz[0] = 25 + 1000 * rng_uniform(&r);
			fz[1] = 25 + 1000 * rng_uniform(&r);
			cx[0] = 70 * rng_symmetric(&r);
			cx[1] = 70 * rng_symmetric(&r);
			cy[0] = 140 * rng_symmetric(&r);
			cy[1] = 140 * rng_symmetric(&r);
			int32_t counts[PLATE_CHANNELS];
			for (int side = 0; side < 2; side++) {
				double cell[4];
				cell_split_apply(&split[side], fz[side], cx[side], cy[side], cell);
				for (int k = 0; k < 4; k++) {
					const struct plate_cell *ch = &cal.ch[side * 4 + k];
					counts[side * 4 + k] = (int32_t)lround(ch->zero_counts + cell[k] / ch->newtons_per_count);
				}
			}
			struct plate_load load;
			calib_apply(&cal, counts, &load);
			for (int side = 0; side < 2; side++) {
				worst_f = fmax(worst_f, fabs(load.fz[side] - fz[side]));
				worst_cop = fmax(worst_cop, hypot(load.cop_x[side] - cx[side], load.cop_y[side] - cy[side]));
			}
		}
	}
	/* counts quantise at about 1/4000 N per cell */
	CHECK(worst_f < 0.002, "force back from counts: worst %g N", worst_f);
	CHECK(worst_cop < 0.05, "COP back from counts: worst %g mm", worst_cop);

	struct calibration cal;
	sim_calibration("SIM-0001", &cal);
	int32_t counts[PLATE_CHANNELS];
	for (int c = 0; c < PLATE_CHANNELS; c++)
		counts[c] = (int32_t)cal.ch[c].zero_counts + (c < 4 ? 1000 : 30000); /* left about 1 N, right 30 N in all */
	struct plate_load load;
	calib_apply(&cal, counts, &load);
	CHECK(isnan(load.cop_x[0]) && isnan(load.cop_y[0]), "COP undefined under %g N", UNLOADED_N);
	CHECK(!isnan(load.cop_x[1]), "COP defined at %g N", load.fz[1]);
}

static void test_json_round_trip(void)
{
	struct calibration cal, back;
	sim_calibration("PLATE-7", &cal);
	strcpy(cal.operator_name, "J. Physio");
	char *json = calib_to_json(&cal);
	CHECK(calib_from_json(json, "mem", &back) == ST_OK, "parse: %s", st_errmsg());
	CHECK(strcmp(back.serial, "PLATE-7") == 0 && strcmp(back.operator_name, "J. Physio") == 0, "identity");
	bool same = true;
	for (int c = 0; c < PLATE_CHANNELS; c++)
		same = same && back.ch[c].zero_counts == cal.ch[c].zero_counts &&
		       fabs(back.ch[c].newtons_per_count / cal.ch[c].newtons_per_count - 1) < 1e-12 &&
		       fabs(back.ch[c].x_mm - cal.ch[c].x_mm) < 1e-9 && fabs(back.ch[c].y_mm - cal.ch[c].y_mm) < 1e-9;
	CHECK(same, "every channel survives the round trip");
	free(json);
}

static void expect_bad(const char *json, const char *fragment)
{
	struct calibration cal;
	int rc = calib_from_json(json, "cal.json", &cal);
	CHECK(rc == ST_ERR_DATA && strstr(st_errmsg(), fragment), "wanted '%s', got '%s'", fragment, st_errmsg());
}

static void test_bad_files(void)
{
	struct calibration cal;
	sim_calibration("SIM-0001", &cal);
	char *good = calib_to_json(&cal), buf[8192];
	expect_bad("", "cal.json: not valid JSON");
	expect_bad("{\"format\":\"something\"}", "not a calibration file");
	expect_bad("{\"format\":\"station-calibration\",\"version\":3}", "version 3 not supported");
	expect_bad("{\"format\":\"station-calibration\",\"version\":1,\"channels\":[]}", "array of 8 channels");
	snprintf(buf, sizeof buf, "%.*s", (int)(strstr(good, "\"created_utc\"") - good), good);
	strcat(buf, "\"channels\":[]}");
	expect_bad(buf, "array of 8 channels");
	/* a channel with its gain removed */
	snprintf(buf, sizeof buf, "%s", good);
	char *gain = strstr(buf, "\"newtons_per_count\"");
	memcpy(gain, "\"newtons_per_xxxxx\"", 19);
	expect_bad(buf, "channel 0 (left front-left): missing field \"newtons_per_count\"");
	snprintf(buf, sizeof buf, "%s", good);
	memcpy(strstr(buf, "\"serial\":\t\"SIM-0001\""), "\"serial\":\t12345678  ", 20);
	expect_bad(buf, "field \"serial\" must be a string");
	/* truncated file */
	snprintf(buf, sizeof buf, "%.*s", (int)strlen(good) / 2, good);
	expect_bad(buf, "not valid JSON");
	free(good);
}

/* A calibration saved with cal changed by edit is refused naming what. */
static void expect_bad_edit(void (*edit)(struct calibration *), const char *fragment)
{
	struct calibration cal;
	sim_calibration("SIM-0001", &cal);
	edit(&cal);
	char *json = calib_to_json(&cal);
	expect_bad(json, fragment);
	free(json);
}

static void tiny_gain(struct calibration *c) { c->ch[0].newtons_per_count = 1e-300; }
static void huge_gain(struct calibration *c) { c->ch[6].newtons_per_count = 0.5; }
static void one_point(struct calibration *c)
{
	for (int ch = 0; ch < PLATE_CHANNELS; ch++)
		c->ch[ch].x_mm = c->ch[ch].y_mm = 12;
}
static void swapped_rear(struct calibration *c)
{
	double y = c->ch[6].y_mm;
	c->ch[6].y_mm = c->ch[4].y_mm;
	c->ch[4].y_mm = y;
}
static void far_cell(struct calibration *c) { c->ch[3].x_mm = 5000; }

/* Implausible calibrations (a gain of 1e-300 gave silently wrong newtons, four cells at one
 * point gave no reps) are refused naming the channel and field; so is a version given as a
 * string (it was "missing field"), and cells far from the plate's nominal positions. */
static void test_implausible(void)
{
	expect_bad_edit(tiny_gain, "channel 0 (left front-left): newtons_per_count 1e-300 outside 1.2e-06..0.012");
	expect_bad_edit(huge_gain, "channel 6 (right rear-left): newtons_per_count 0.5 outside");
	expect_bad_edit(one_point, "channel 1 (left front-right): x_mm 12 mm is not right of channel 0");
	expect_bad_edit(swapped_rear, "channel 4 (right front-left): y_mm");
	expect_bad_edit(far_cell, "channel 3 (left rear-right): x_mm 5000 mm is more than 1000 mm");
	struct calibration cal;
	sim_calibration("SIM-0001", &cal);
	char *json = calib_to_json(&cal), *v = strstr(json, "\"version\":\t2");
	CHECK(v != NULL, "version in %s", json);
	if (v) {
		char buf[8192];
		snprintf(buf, sizeof buf, "%.*s\"version\":\"1\"%s", (int)(v - json), json, v + strlen("\"version\":\t2"));
		expect_bad(buf, "field \"version\" must be a number (1 or 2), not a string");
	}
	free(json);

	struct plate *p;
	CHECK(plate_open("sim", NULL, &p) == ST_OK, "%s", st_errmsg());
	CHECK(calib_check_geometry(&cal, plate_get_info(p)) == ST_OK, "the exact calibration fits: %s", st_errmsg());
	cal.ch[5].y_mm += 45;
	CHECK(calib_check_geometry(&cal, plate_get_info(p)) == ST_ERR_DATA &&
		      strstr(st_errmsg(), "channel 5 (right front-right)") && strstr(st_errmsg(), "more than 30 mm"),
	      "a cell 45 mm off its nominal place: %s", st_errmsg());
	plate_close(p);
}

static void test_find_by_serial(void)
{
	char *home = temp_path("home");
	mkdir(home, 0700);
	setenv("XDG_DATA_HOME", home, 1);
	struct calibration found, exact;
	char path[4096];
	/* the simulated plate's calibration is shipped, and matches it exactly */
	CHECK(calib_find("SIM-0001", &found, path, sizeof path) == ST_OK, "shipped: %s", st_errmsg());
	sim_calibration("SIM-0001", &exact);
	double worst = 0;
	for (int c = 0; c < PLATE_CHANNELS; c++)
		worst = fmax(worst, fabs(found.ch[c].newtons_per_count / exact.ch[c].newtons_per_count - 1) +
					    fabs(found.ch[c].zero_counts - exact.ch[c].zero_counts) +
					    fabs(found.ch[c].x_mm - exact.ch[c].x_mm) + fabs(found.ch[c].y_mm - exact.ch[c].y_mm));
	CHECK(worst < 1e-9, "assets/calibration/SIM-0001.json matches the simulator (regenerate with "
			    "'build/bin/station sim-calibration SIM-0001'): %g", worst);
	CHECK(calib_find("NO-SUCH", &found, NULL, 0) == ST_ERR_NOT_FOUND &&
		      strstr(st_errmsg(), "station calibrate --plate"), "missing: %s", st_errmsg());
	CHECK(calib_find("../etc", &found, NULL, 0) == ST_ERR_ARG, "a serial cannot walk the file system");
	/* the station's own directory comes first, and a file must match its serial */
	char dir[4096], file[4200];
	snprintf(dir, sizeof dir, "%s/station", home);
	mkdir(dir, 0700);
	snprintf(dir, sizeof dir, "%s/station/calibration", home);
	mkdir(dir, 0700);
	snprintf(file, sizeof file, "%s/PLATE-9.json", dir);
	sim_calibration("PLATE-8", &exact);
	CHECK(calib_save_file(file, &exact) == ST_OK, "save: %s", st_errmsg());
	struct stat st;
	CHECK(stat(file, &st) == 0 && (st.st_mode & 0777) == 0600, "calibration file mode 0600");
	CHECK(calib_find("PLATE-9", &found, NULL, 0) == ST_ERR_DATA && strstr(st_errmsg(), "is for plate PLATE-8"),
	      "wrong serial inside: %s", st_errmsg());
	unlink(file);
	snprintf(file, sizeof file, "%s/PLATE-8.json", dir);
	calib_save_file(file, &exact);
	CHECK(calib_find("PLATE-8", &found, path, sizeof path) == ST_OK && strcmp(path, file) == 0, "found in %s",
	      path);
	unlink(file);
	rmdir(dir);
	snprintf(dir, sizeof dir, "%s/station", home);
	rmdir(dir);
	rmdir(home);
	free(home);
}

/* A calibration with its record of the procedure, as version 2 writes it. */
static void recorded_calibration(struct calibration *cal)
{
	sim_calibration("PLATE-5", cal);
	struct calib_record *r = &cal->rec;
	r->have_record = true;
	r->gravity = 9.81;
	r->zero_sd_n[0] = 1.25;
	r->zero_sd_n[1] = 1.5;
	for (int side = 0; side < 2; side++) {
		struct calib_span *sp = &r->span[side];
		sp->n = 3;
		for (int i = 0; i < 3; i++) {
			sp->mass_kg[i] = 10.0 * (i + 1);
			sp->counts[i] = 400000.0 * (i + 1) + side;
			sp->residual_n[i] = 0.01 * i;
		}
		sp->gain_n_per_count = 0.000245;
		sp->offset_n = -0.02;
		sp->r2 = 0.9999991;
		sp->nonlinearity_pct = 0.031;
		for (int m = 0; m < CALIB_MARKS; m++) {
			snprintf(r->mark[side][m].name, sizeof r->mark[side][m].name, "mark%d", m);
			r->mark[side][m].x_mm = 80.0 * m - 160;
			r->mark[side][m].mass_kg = 12;
			r->mark[side][m].counts[m % 4] = 300000 + m;
			r->mark[side][m].cop_error_mm = m / 8.0; /* exact in 15 digits, as cJSON prints */
		}
		r->verify[side] = (struct calib_verify){ .mass_kg = 25, .measured_n = 245.2, .error_n = 0.03,
							 .error_pct = 0.012, .cop_error_mm = 0.4 };
	}
	r->verified = true;
}

static void test_version_2_record(void)
{
	struct calibration cal, back;
	recorded_calibration(&cal);
	char *json = calib_to_json(&cal);
	CHECK(strstr(json, "\"version\":\t2") != NULL, "written as version 2");
	CHECK(calib_from_json(json, "mem", &back) == ST_OK, "parse: %s", st_errmsg());
	const struct calib_record *a = &cal.rec, *b = &back.rec;
	bool same = b->have_record && b->verified && back.version == 2 && b->gravity == a->gravity &&
		    b->zero_sd_n[1] == a->zero_sd_n[1];
	for (int side = 0; side < 2; side++) {
		same = same && b->span[side].n == 3 && b->span[side].counts[2] == a->span[side].counts[2] &&
		       b->span[side].r2 == a->span[side].r2 && b->verify[side].error_pct == a->verify[side].error_pct;
		for (int m = 0; m < CALIB_MARKS; m++)
			same = same && strcmp(b->mark[side][m].name, a->mark[side][m].name) == 0 &&
			       b->mark[side][m].counts[m % 4] == a->mark[side][m].counts[m % 4] &&
			       b->mark[side][m].cop_error_mm == a->mark[side][m].cop_error_mm;
	}
	CHECK(same, "the record survives the round trip");

	/* each field of the record, taken out in turn, is named */
	static const char *const fields[] = { "gravity_m_s2", "noise_sd_n", "masses_kg", "residuals_n",
					      "gain_n_per_count", "worst_nonlinearity_pct", "cell_counts",
					      "cop_error_mm", "measured_n", "verified" };
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		char *bad = strdup(json), key[64];
		snprintf(key, sizeof key, "\"%s\"", fields[i]);
		char *at = strstr(bad, key);
		at[1] = 'X'; /* "Xravity_m_s2": the field is missing */
		struct calibration out;
		int rc = calib_from_json(bad, "cal.json", &out);
		CHECK(rc == ST_ERR_DATA && strstr(st_errmsg(), fields[i]) && strstr(st_errmsg(), "cal.json: procedure"),
		      "missing %s: %s", fields[i], st_errmsg());
		free(bad);
	}
	/* truncated anywhere: refused, never half read */
	size_t len = strlen(json);
	int refused = 0, tries = 0;
	for (size_t cut = 1; cut < len; cut += len / 97 + 1, tries++) {
		char *part = strndup(json, cut);
		struct calibration out;
		refused += calib_from_json(part, "cal.json", &out) == ST_ERR_DATA;
		free(part);
	}
	CHECK(refused == tries, "truncated files refused: %d of %d", refused, tries);
	free(json);

	/* version 1 (channels only) is still read */
	struct calibration v1;
	CHECK(calib_load_file(STATION_ASSETS_DIR "/calibration/SIM-0001.json", &v1) == ST_OK && v1.version == 1 &&
		      !v1.rec.have_record, "version 1 read: %s", st_errmsg());
}

static void test_bound_to_serial_and_age(void)
{
	struct calibration cal;
	sim_calibration("PLATE-5", &cal);
	char warn[512];
	CHECK(calib_check_for_plate(&cal, "PLATE-6", warn, sizeof warn) == ST_ERR_DATA &&
		      strstr(st_errmsg(), "is for plate PLATE-5, not for this plate PLATE-6") &&
		      strstr(st_errmsg(), "station calibrate --plate"), "another plate's: %s", st_errmsg());
	time_t now = time(NULL);
	strftime(cal.created_utc, sizeof cal.created_utc, "%Y-%m-%dT%H:%M:%SZ", gmtime(&(time_t){ now - 10 * 86400 }));
	double days;
	CHECK(calib_age_days(&cal, now, &days) == ST_OK && fabs(days - 10) < 1e-6, "10 days old: %g", days);
	CHECK(calib_check_for_plate(&cal, "PLATE-5", warn, sizeof warn) == ST_OK && !warn[0], "fresh: no warning");
	setenv("STATION_CALIBRATION_MAX_DAYS", "7", 1);
	CHECK(calib_check_for_plate(&cal, "PLATE-5", warn, sizeof warn) == ST_OK && !warn[0],
	      "the simulator's exact calibration never ages: '%s'", warn);
	snprintf(cal.operator_name, sizeof cal.operator_name, "A. Physio"); /* a measured one */
	CHECK(calib_check_for_plate(&cal, "PLATE-5", warn, sizeof warn) == ST_OK && strstr(warn, "10 days ago") &&
		      strstr(warn, "more than 7"), "old: '%s'", warn);
	/* a value that is no number of days: said (once), and the default used */
	setenv("STATION_CALIBRATION_MAX_DAYS", "ninety", 1);
	char said[1024];
	log_capture_begin();
	double bad = calib_max_age_days(), again = calib_max_age_days();
	log_capture_end(said, sizeof said);
	const char *first = strstr(said, "STATION_CALIBRATION_MAX_DAYS=\"ninety\" is not a number"),
		   *second = first ? strstr(first + 1, "STATION_CALIBRATION_MAX_DAYS") : NULL;
	CHECK(bad == 90 && again == 90 && first && strstr(said, "after 90 days") &&
		      !second,
	      "a bad value said once, 90 used: %g '%s'", bad, said);
	unsetenv("STATION_CALIBRATION_MAX_DAYS");
	strcpy(cal.created_utc, "last tuesday");
	CHECK(calib_age_days(&cal, now, &days) == ST_ERR_DATA && strstr(st_errmsg(), "not a UTC date"),
	      "bad date: %s", st_errmsg());
}

int main(void)
{
	log_capture_open();
	test_version_2_record();
	test_bound_to_serial_and_age();
	test_split_and_apply_are_inverse();
	test_json_round_trip();
	test_bad_files();
	test_implausible();
	test_find_by_serial();
	return check_summary();
}
