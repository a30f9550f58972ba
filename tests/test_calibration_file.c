/* test_calibration_file.c: counts to newtons and COP, the calibration file, and finding
 * a plate's calibration by serial. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../drivers/sim/rng.h"
#include "calib.h"
#include "capture.h"
#include "check.h"
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
		sim_plate_calibration(serial, &cal);
		struct cell_split split[2];
		for (int side = 0; side < 2; side++) {
			double x[4], y[4];
			for (int k = 0; k < 4; k++) {
				x[k] = cal.ch[side * 4 + k].x_mm;
				y[k] = cal.ch[side * 4 + k].y_mm;
			}
			calib_cell_split_init(&split[side], x, y);
		}
		for (int trial = 0; trial < 100; trial++) {
			double fz[2] = { 25 + 1000 * rng_uniform(&r), 25 + 1000 * rng_uniform(&r) };
			double cx[2] = { 70 * rng_symmetric(&r), 70 * rng_symmetric(&r) };
			double cy[2] = { 140 * rng_symmetric(&r), 140 * rng_symmetric(&r) };
			int32_t counts[PLATE_CHANNELS];
			for (int side = 0; side < 2; side++) {
				double cell[4];
				calib_cell_split(&split[side], fz[side], cx[side], cy[side], cell);
				for (int k = 0; k < 4; k++) {
					const struct calib_channel *ch = &cal.ch[side * 4 + k];
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
	sim_plate_calibration("SIM-0001", &cal);
	int32_t counts[PLATE_CHANNELS];
	for (int c = 0; c < PLATE_CHANNELS; c++)
		counts[c] = (int32_t)cal.ch[c].zero_counts + (c < 4 ? 1000 : 30000); /* left about 1 N, right 30 N in all */
	struct plate_load load;
	calib_apply(&cal, counts, &load);
	CHECK(isnan(load.cop_x[0]) && isnan(load.cop_y[0]), "COP undefined under %g N", CALIB_COP_MIN_N);
	CHECK(!isnan(load.cop_x[1]), "COP defined at %g N", load.fz[1]);
}

static void test_json_round_trip(void)
{
	struct calibration cal, back;
	sim_plate_calibration("PLATE-7", &cal);
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
	sim_plate_calibration("SIM-0001", &cal);
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

static void test_find_by_serial(void)
{
	char *home = temp_path("home");
	mkdir(home, 0700);
	setenv("XDG_DATA_HOME", home, 1);
	struct calibration found, exact;
	char path[4096];
	/* the simulated plate's calibration is shipped, and matches it exactly */
	CHECK(calib_find("SIM-0001", &found, path, sizeof path) == ST_OK, "shipped: %s", st_errmsg());
	sim_plate_calibration("SIM-0001", &exact);
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
	sim_plate_calibration("PLATE-8", &exact);
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

int main(void)
{
	test_split_and_apply_are_inverse();
	test_json_round_trip();
	test_bad_files();
	test_find_by_serial();
	return check_summary();
}
