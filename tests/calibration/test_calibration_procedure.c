/* test_calibration_procedure.c: the guided calibration against simulated plates whose
 * gains, zeros and cell positions are known; the tare; and bad input, each refused with
 * a clear message and never turned into a calibration. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rng.h"
#include "calib.h"
#include "capture.h"
#include "check.h"
#include "procedure.h"
#include "sim.h"
#include "tare.h"

/* The sim's nominal geometry: the marks are over the cells by the plate's descriptor. */
static const int mark_x[5] = { -80, 80, -80, 80, 0 }, mark_y[5] = { 150, 150, -150, -150, 0 };

struct run {
	int rc;
	char *out;         /* the transcript */
	struct calibration cal;
};

/* Plays scenario on the simulated plate (as fast as it goes) and answers from answers. */
static void run_procedure(const char *scenario, const char *answers, const struct calib_proc_options *opt,
			  struct run *r)
{
	char *path = temp_file_with("calibrate.sim", scenario), spec[4200];
	snprintf(spec, sizeof spec, "sim:%s", path);
	struct plate_options popt = { .fast = true };
	struct plate *plate;
	memset(r, 0, sizeof *r);
	r->rc = plate_open(spec, &popt, &plate);
	if (r->rc != ST_OK) {
		fprintf(stderr, "open: %s\n", st_errmsg());
		unlink(path);
		free(path);
		return;
	}
	size_t out_len;
	FILE *in = fmemopen((void *)answers, strlen(answers), "r"), *out = open_memstream(&r->out, &out_len);
	struct calib_proc *proc;
	r->rc = calib_proc_new(plate_get_info(plate), 1000, opt, &proc);
	if (r->rc == ST_OK) {
		r->rc = calib_proc_run(proc, plate, in, out, true);
		if (r->rc == ST_OK)
			r->cal = *calib_proc_result(proc);
		calib_proc_free(proc);
	}
	fclose(in);
	fclose(out);
	plate_close(plate);
	unlink(path);
	free(path);
}

/* A whole calibration's scenario and answers: span masses on each plate's centre, one
 * mass on the five marks, a verify mass; every step 6 s. */
static void good_session(const char *serial, struct rng *r, char *scenario, size_t slen, char *answers, size_t alen)
{
	int n_span = 1 + (int)(3 * rng_uniform(r));
	double span[4];
	double mark_kg = 10 + round(6 * rng_uniform(r));
	double verify_kg = 15 + round(10 * rng_uniform(r));
	double total = 0;
	for (int i = 0; i < n_span; i++) {
		total += 5 * round(1 + 3 * rng_uniform(r)) + (i == n_span - 1 && total < 20 ? 20 : 0);
		span[i] = total;
	}
	/* one draw per statement: the order of an argument list's evaluation is unspecified */
	unsigned seed = (unsigned)(1 + 1000 * rng_uniform(r));
	double noise = 0.2 + 0.5 * rng_uniform(r);
	double hum = 2 * rng_uniform(r);
	size_t s = (size_t)snprintf(scenario, slen, "serial %s\nseed %u\nnoise %.2f\nhum 50 %.1f\nempty 6\n", serial,
				    seed, noise, hum);
	size_t a = (size_t)snprintf(answers, alen, "\n");
	for (int side = 0; side < 2; side++) {
		for (int i = 0; i < n_span; i++) {
			s += (size_t)snprintf(scenario + s, slen - s, "place %s %g seconds=6\n", side ? "right" : "left",
					      span[i]);
			a += (size_t)snprintf(answers + a, alen - a, "%g\n", span[i]);
		}
		a += (size_t)snprintf(answers + a, alen - a, "\n");
	}
	for (int side = 0; side < 2; side++)
		for (int i = 0; i < 5; i++) {
			s += (size_t)snprintf(scenario + s, slen - s, "place %s %g at %d %d\n", side ? "right" : "left",
					      mark_kg, mark_x[i], mark_y[i]);
			a += (size_t)snprintf(answers + a, alen - a, side == 0 && i == 0 ? "%g\n" : "\n", mark_kg);
		}
	snprintf(scenario + s, slen - s, "place left %g\nplace right %g\nempty 2\n", verify_kg, verify_kg);
	snprintf(answers + a, alen - a, "%g\n\n", verify_kg);
}

/* How well cal measures the plate truth simulates: the force and COP of loads at random
 * places (counts made through the truth), and the cells' gains apart from the twist no
 * load reveals (procedure.h). */
static void compare(const struct calibration *cal, const struct calibration *truth, struct rng *r, double *gain_err,
		    double *force_err, double *cop_err, double *zero_err)
{
	static const double twist[4] = { 1, -1, -1, 1 };
	*gain_err = *force_err = *cop_err = *zero_err = 0;
	for (int side = 0; side < 2; side++) {
		double u[4], t = 0, x[4], y[4];
		for (int k = 0; k < 4; k++) {
			const struct plate_cell *c = &cal->ch[side * 4 + k], *tc = &truth->ch[side * 4 + k];
			u[k] = c->newtons_per_count / tc->newtons_per_count;
			t += twist[k] * u[k] / 4;
			*zero_err = fmax(*zero_err, fabs(c->zero_counts - tc->zero_counts) * tc->newtons_per_count);
			x[k] = tc->x_mm;
			y[k] = tc->y_mm;
		}
		for (int k = 0; k < 4; k++)
			*gain_err = fmax(*gain_err, fabs(u[k] - t * twist[k] - 1));
		struct cell_split split;
		cell_split_init(&split, x, y);
		for (int trial = 0; trial < 200; trial++) {
			double f = 50 + 1000 * rng_uniform(r);
			double cx = 75 * rng_symmetric(r);
			double cy = 140 * rng_symmetric(r);
			double cell[4];
			cell_split_apply(&split, f, cx, cy, cell);
			int32_t counts[PLATE_CHANNELS];
			for (int c = 0; c < PLATE_CHANNELS; c++)
				counts[c] = (int32_t)lround(truth->ch[c].zero_counts +
							    (c / 4 == side ? cell[c % 4] / truth->ch[c].newtons_per_count : 0));
			struct plate_load load;
			calib_apply(cal, counts, &load);
			*force_err = fmax(*force_err, fabs(load.fz[side] / f - 1));
			*cop_err = fmax(*cop_err, hypot(load.cop_x[side] - cx, load.cop_y[side] - cy));
		}
	}
}

static void test_recovers_random_plates(void)
{
	struct rng r;
	rng_seed(&r, 4242);
	double worst_gain = 0, worst_force = 0, worst_cop = 0, worst_zero = 0, worst_mark = 0;
	int done = 0, plates = 24;
	char scenario[8192], answers[1024];
	for (int i = 0; i < plates; i++) {
		char serial[32];
		snprintf(serial, sizeof serial, "SIM-%04d", 100 + 37 * i);
		good_session(serial, &r, scenario, sizeof scenario, answers, sizeof answers);
		struct run run;
		run_procedure(scenario, answers, NULL, &run);
		CHECK(run.rc == ST_OK, "%s: %s\n%s", serial, st_errmsg(), run.out ? run.out : "");
		if (run.rc == ST_OK) {
			done++;
			struct calibration truth;
			sim_calibration(serial, &truth);
			double g, f, c, z;
			compare(&run.cal, &truth, &r, &g, &f, &c, &z);
			worst_gain = fmax(worst_gain, g);
			worst_force = fmax(worst_force, f);
			worst_cop = fmax(worst_cop, c);
			worst_zero = fmax(worst_zero, z);
			CHECK(strcmp(run.cal.serial, serial) == 0 && run.cal.rec.verified, "%s: bound and verified", serial);
			for (int side = 0; side < 2; side++)
				for (int m = 0; m < CALIB_MARKS; m++)
					worst_mark = fmax(worst_mark, run.cal.rec.mark[side][m].cop_error_mm);
		}
		free(run.out);
	}
	printf("%d random plates: worst cell gain error %.4f %% (twist aside), force %.4f %%, COP %.3f mm, zero "
	       "%.3f N, COP at the marks %.3f mm\n", done, 100 * worst_gain, 100 * worst_force, worst_cop, worst_zero,
	       worst_mark);
	CHECK(done == plates, "every plate calibrated");
	CHECK(worst_gain < 0.002, "cell gains within 0.2 %%: %.4f %%", 100 * worst_gain);
	CHECK(worst_force < 0.002, "force anywhere on the plate within 0.2 %%: %.4f %%", 100 * worst_force);
	CHECK(worst_cop < 2, "COP within 2 mm: %.3f mm", worst_cop);
	CHECK(worst_zero < 0.2, "zeros within 0.2 N: %.3f N", worst_zero);
}

/* Runs a scenario that must be refused: no calibration, and the transcript says why. */
static void expect_refused(const char *what, const char *scenario, const char *answers, const char *fragment)
{
	struct run run;
	run_procedure(scenario, answers, NULL, &run);
	CHECK(run.rc != ST_OK, "%s: refused", what);
	CHECK(run.out && strstr(run.out, fragment), "%s: wanted '%s' in the transcript:\n%s", what, fragment,
	      run.out ? run.out : "(none)");
	free(run.out);
}

#define MARKS(side, kg)                                                                                   \
	"place " side " " kg " at -80 150\nplace " side " " kg " at 80 150\nplace " side " " kg " at -80 -150\n" \
	"place " side " " kg " at 80 -150\nplace " side " " kg " at 0 0\n"

static void test_bad_input(void)
{
	static const struct {
		const char *what, *scenario, *answers, *fragment;
	} cases[] = {
		{ "unsteady zero", "noise 4\nempty 40\n", "\nq\n", "not steady" },
		{ "answers end", "empty 40\n", "\n", "answers ended" },
		{ "mass too small for the noise", "noise 1\nempty 6\nplace left 0.3\nempty 30\n", "\n0.3\nq\n",
		  "too small for this plate's noise" },
		{ "span too small for the noise", "noise 1\nempty 6\nplace left 5\nempty 30\n", "\n5\n\nq\n",
		  "the span needs more load" },
		{ "masses in the wrong order", "empty 6\nplace left 20\nplace left 18\nempty 30\n", "\n20\n22\nq\n",
		  "masses in the wrong order" },
		{ "typed total does not grow", "empty 6\nplace left 20\nempty 30\n", "\n20\n10\nq\n",
		  "The total must grow" },
		{ "typed mass wrong", "empty 6\nplace left 20\nempty 30\n", "\n10\nq\n", "not 10 kg" },
		{ "weight on the other plate", "empty 6\nplace left 20 right 5\nempty 30\n", "\n20\nq\n",
		  "the right plate carries" },
		{ "not a mass", "empty 6\nempty 30\n", "\ntwenty\nq\n", "'twenty' is not a mass" },
		{ "nothing put on", "empty 50\n", "\n20\nq\n", "nothing changed since the last reading" },
		{ "mass off its mark",
		  "empty 6\nplace left 20\nplace right 20\n"
		  "place left 12 at 20 150\nplace left 12 at 80 150\nplace left 12 at -80 -150\n"
		  "place left 12 at 80 -150\nplace left 12 at 0 0\n" MARKS("right", "12") "empty 30\n",
		  "\n20\n\n20\n\n12\n\n\n\n\n\n\n\n\n\n", "was each mass on its mark" },
		{ "mass 10 mm off its mark",
		  "empty 6\nplace left 20\nplace right 20\n"
		  "place left 12 at -80 150\nplace left 12 at 80 150\nplace left 12 at -80 -140\n"
		  "place left 12 at 80 -150\nplace left 12 at 0 0\n" MARKS("right", "12") "empty 30\n",
		  "\n20\n\n20\n\n12\n\n\n\n\n\n\n\n\n\n", "marks do not agree" },
		{ "verify with a wrong mass",
		  "empty 6\nplace left 20\nplace right 20\n" MARKS("left", "12") MARKS("right", "12")
		  "place left 25\nplace right 25\nempty 2\n",
		  "\n20\n\n20\n\n12\n\n\n\n\n\n\n\n\n\n24\n\n", "verification failed" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		expect_refused(cases[i].what, cases[i].scenario, cases[i].answers, cases[i].fragment);
}

/* The tare against the simulated plate's exact calibration. */
static enum calib_tare_state tare_on(const char *scenario, const struct calibration *cal,
				     struct calib_tare_result *res, int *rc)
{
	struct capture cap;
	char *path = temp_file_with("tare.sim", scenario), spec[4200];
	snprintf(spec, sizeof spec, "sim:%s", path);
	struct plate_options opt = { .fast = true };
	struct calib_tare t;
	enum calib_tare_state state = CALIB_TARE_FAILED;
	/* the frames are made before the tare begins: as if they arrived after it */
	if (capture_plate(spec, &opt, 1000, &cap) == ST_OK && calib_tare_begin(&t, cal, 1000, NULL) == ST_OK) {
		for (size_t i = 0; i < cap.n; i++)
			cap.frames[i].host_ns = plate_now_ns();
		for (size_t i = 0; i < cap.n && state != CALIB_TARE_DONE; i += 100)
			state = calib_tare_feed(&t, cap.frames + i, cap.n - i < 100 ? cap.n - i : 100);
		*rc = calib_tare_result(&t, res);
		state = t.state;
		calib_tare_end(&t);
		capture_free(&cap);
	}
	unlink(path);
	free(path);
	return state;
}

static void test_tare(void)
{
	struct calibration cal;
	sim_calibration("SIM-0001", &cal);
	struct calib_tare_result res;
	int rc = ST_ERR;
	CHECK(tare_on("noise 0.5\nhum 50 1.5\nempty 5\n", &cal, &res, &rc) == CALIB_TARE_DONE && rc == ST_OK,
	      "tare on empty plates: %s", st_errmsg());
	CHECK(!res.drift_warning && fabs(res.drift_n[0]) < 0.2 && fabs(res.drift_n[1]) < 0.2,
	      "no drift: %.3f %.3f N", res.drift_n[0], res.drift_n[1]);
	double worst = 0;
	for (int c = 0; c < PLATE_CHANNELS; c++)
		worst = fmax(worst, fabs(res.zero_counts[c] - cal.ch[c].zero_counts) * cal.ch[c].newtons_per_count);
	CHECK(worst < 0.1, "zeros measured within 0.1 N: %.3f N", worst);
	/* the left plate's zero moved by about 8 N since the calibration */
	struct calibration drifted = cal;
	for (int k = 0; k < 4; k++)
		drifted.ch[k].zero_counts -= 2 / drifted.ch[k].newtons_per_count;
	CHECK(tare_on("noise 0.5\nempty 5\n", &drifted, &res, &rc) == CALIB_TARE_DONE && rc == ST_OK &&
		      res.drift_warning && fabs(res.drift_n[0] - 8) < 0.2 && strstr(res.message, "left plate's zero drifted"),
	      "drift warned: %.2f N, '%s'", res.drift_n[0], res.message);
	calib_tare_apply(&drifted, &res);
	CHECK(fabs(drifted.ch[0].zero_counts - cal.ch[0].zero_counts) * cal.ch[0].newtons_per_count < 0.1,
	      "the new zeros apply");
	CHECK(tare_on("noise 0.5\nplace right 30 seconds=8\n", &cal, &res, &rc) == CALIB_TARE_FAILED &&
		      rc == ST_ERR_DATA && strstr(st_errmsg(), "must be empty"), "loaded plate refused: %s", st_errmsg());
	CHECK(tare_on("noise 5\nempty 15\n", &cal, &res, &rc) == CALIB_TARE_FAILED && rc == ST_ERR_TIMEOUT &&
		      strstr(st_errmsg(), "not steady"), "unsteady refused: %s", st_errmsg());
}

int main(void)
{
	test_recovers_random_plates();
	test_bad_input();
	test_tare();
	return check_summary();
}
