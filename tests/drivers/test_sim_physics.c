/* test_sim_physics.c: the simulated plate is physically consistent and its ground truth
 * follows DESIGN.md's definitions, at every rate; its nuisances are what the scenario says. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "check.h"
#include "model.h"
#include "scenario.h"
#include "sim.h"

static const unsigned rates[] = { 100, 250, 1000, 2000 };

struct played {
	struct capture cap;
	struct trace tr;
	cJSON *truth;
	unsigned rate;
};

static bool play(const char *scenario, unsigned rate, uint64_t seed, struct played *out)
{
	char *path = temp_file_with("scenario", scenario);
	char spec[4200];
	snprintf(spec, sizeof spec, "sim:%s", path);
	struct plate_options opt = { .fast = true, .seed = seed };
	int rc = capture_plate(spec, &opt, rate, &out->cap);
	unlink(path);
	free(path);
	CHECK(rc == ST_OK, "capture: %s", st_errmsg());
	if (rc != ST_OK)
		return false;
	struct calibration cal;
	sim_calibration("SIM-0001", &cal);
	capture_to_trace(&out->cap, &cal, rate, &out->tr);
	out->truth = cJSON_Parse(out->cap.truth_json);
	out->rate = rate;
	return out->truth != NULL;
}

static void played_free(struct played *p)
{
	capture_free(&p->cap);
	trace_free(&p->tr);
	cJSON_Delete(p->truth);
}

/* Mean total force over [from_s, to_s). */
static double mean_total(const struct played *p, double from_s, double to_s)
{
	double sum = 0;
	size_t n = 0;
	for (size_t i = 0; i < p->tr.n; i++)
		if (p->tr.t_s[i] >= from_s && p->tr.t_s[i] < to_s) {
			sum += p->tr.fz[0][i] + p->tr.fz[1][i];
			n++;
		}
	return n ? sum / (double)n : NAN;
}

static double field(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static const cJSON *truth_list(const struct played *p, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(p->truth, key);
}

static size_t index_at(const struct played *p, double t)
{
	double i = round(t * p->rate);
	return i < 0 ? 0 : i >= (double)p->tr.n ? p->tr.n - 1 : (size_t)i;
}

/* Vertical displacement of the centre of mass from the force, by impulse-momentum, over
 * samples [from, to) with the body at rest at both ends (DESIGN.md's constraints): a
 * constant acceleration correction makes the end velocity zero, so a constant force error
 * (the counts' rounding) does not build up. h[0] is 0; returns malloc'd h[to - from]. */
static double *displacement(const struct played *p, double mass, size_t from, size_t to)
{
	size_t n = to - from;
	double *h = calloc(n, sizeof *h), *acc = calloc(n, sizeof *acc), dt = 1.0 / p->rate, v = 0;
	for (size_t i = 0; i < n; i++)
		acc[i] = (p->tr.fz[0][from + i] + p->tr.fz[1][from + i]) / mass - STANDARD_GRAVITY;
	for (size_t i = 1; i < n; i++)
		v += 0.5 * (acc[i - 1] + acc[i]) * dt;
	double correction = v / ((double)(n - 1) * dt);
	v = 0;
	for (size_t i = 1; i < n; i++) {
		double v1 = v + (0.5 * (acc[i - 1] + acc[i]) - correction) * dt;
		h[i] = h[i - 1] + 0.5 * (v + v1) * dt;
		v = v1;
	}
	free(acc);
	return h;
}

static void test_heel_raise_truth_and_impulse(void)
{
	const char *scenario = "mass 82\nstand 2\nraise count=4 rise=0.8 hold=1.5 lower=3.5 height=60 rest=1.2 jitter=0.2\n"
			       "stand 2\n";
	for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++) {
		for (uint64_t seed = 1; seed <= 3; seed++) {
			struct played p;
			if (!play(scenario, rates[r], seed, &p))
				continue;
			/* at 100 Hz the trapezoidal double integration itself is off by a few tenths of a
			 * millimetre, which a slow lowering turns into a couple of hundredths of a second */
			double h_tol = rates[r] >= 250 ? 0.0002 : 0.0005;
			double tol = 1.5 / rates[r] + (rates[r] >= 250 ? 1e-6 : 0.02);
			const cJSON *reps = truth_list(&p, "reps"), *rep;
			CHECK(cJSON_GetArraySize(reps) == 4, "4 reps in the truth, got %d", cJSON_GetArraySize(reps));
			cJSON_ArrayForEach(rep, reps) {
				double H = field(rep, "height_mm") / 1000, start = field(rep, "start_s");
				double end = field(rep, "end_s");
				size_t from = index_at(&p, start - 0.6), to = index_at(&p, end + 1.0), n = to - from;
				double *h = displacement(&p, 82, from, to);
				const double *t = p.tr.t_s + from;
				CHECK_NEAR(h[index_at(&p, field(rep, "top_s") + 0.3) - from], H, h_tol, "COM height at the top");
				CHECK_NEAR(h[n - 1], 0, h_tol, "back at the starting height");
				/* the truth's phase times are where the integrated displacement crosses 10%/90% */
				size_t i = 0, last90 = 0;
				while (i < n && h[i] < 0.1 * H)
					i++;
				CHECK_NEAR(t[i], start, tol, "start: h first passes 10% of H");
				while (i < n && h[i] < 0.9 * H)
					i++;
				CHECK_NEAR(t[i], field(rep, "top_s"), tol, "top: h first reaches 90%");
				for (size_t j = i; j < n; j++)
					if (h[j] >= 0.9 * H)
						last90 = j;
				CHECK_NEAR(t[last90], field(rep, "lower_start_s"), tol, "lower_start: last at 90%");
				i = last90;
				while (i < n && h[i] >= 0.1 * H)
					i++;
				CHECK_NEAR(t[i], end, tol, "end: h falls below 10%");
				CHECK_NEAR(field(rep, "left_share_pct"), 50, 1e-6, "even load share");
				CHECK_NEAR(field(rep, "rise_s"), field(rep, "top_s") - start, 1e-5, "rise_s = top - start");
				free(h);
			}
			double mean = 0;
			for (size_t i = 0; i < (size_t)rates[r]; i++)
				mean += p.tr.fz[0][i] + p.tr.fz[1][i];
			CHECK_NEAR(mean / rates[r], 82 * STANDARD_GRAVITY, 0.01, "quiet standing force is body weight");
			CHECK_NEAR(field(p.truth, "body_weight_n"), 82 * STANDARD_GRAVITY, 1e-6, "truth body weight");
			played_free(&p);
		}
	}
}

static void test_requested_times_are_measured_times(void)
{
	struct played p;
	if (!play("stand 1\nraise count=2 rise=1.1 hold=1.2 lower=4.2 height=40 rest=1\n", 1000, 1, &p))
		return;
	const cJSON *rep;
	cJSON_ArrayForEach(rep, truth_list(&p, "reps")) {
		CHECK_NEAR(field(rep, "rise_s"), 1.1, 1e-5, "rise as asked");
		CHECK_NEAR(field(rep, "hold_s"), 1.2, 1e-5, "hold as asked");
		CHECK_NEAR(field(rep, "lower_s"), 4.2, 1e-5, "lower as asked");
		CHECK_NEAR(field(rep, "height_mm"), 40, 1e-6, "height as asked");
	}
	played_free(&p);
}

static void test_cop_moves_to_forefoot_and_holds(void)
{
	for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++) {
		struct played p;
		if (!play("cop -25 70\nsit 2 share=40\nhold seated seconds=10 push=40 ramp=0.8\nsit 2\n"
			  "stand 2\nhold standing seconds=8 height=45 share=60\nstand 2\n", rates[r], 1, &p))
			continue;
		double tol = 1.5 / rates[r] + 1e-6;
		const cJSON *hold;
		CHECK(cJSON_GetArraySize(truth_list(&p, "holds")) == 2, "two holds");
		cJSON_ArrayForEach(hold, truth_list(&p, "holds")) {
			double start = field(hold, "start_s"), end = field(hold, "end_s"), half = (-25 + 70) / 2.0;
			size_t i = index_at(&p, start - 1);
			while (i < p.tr.n && p.tr.cop_y[0][i] < half)
				i++;
			CHECK_NEAR(p.tr.t_s[i], start, tol, "hold starts when the COP is halfway forward");
			while (i < p.tr.n && p.tr.cop_y[0][i] >= half)
				i++;
			CHECK_NEAR(p.tr.t_s[i], end, tol, "hold ends when the COP is halfway back");
			CHECK_NEAR(p.tr.cop_y[1][index_at(&p, (start + end) / 2)], 70, 0.05, "COP at the forefoot");
			CHECK_NEAR(p.tr.cop_y[1][index_at(&p, start - 1.5)], -25, 0.05, "COP at the flat foot");
			CHECK_NEAR(field(hold, "duration_s"), cJSON_IsTrue(cJSON_GetObjectItem(hold, "seated")) ? 10 : 8,
				   1e-5, "hold lasts as asked");
		}
		cJSON *seated = cJSON_GetArrayItem(truth_list(&p, "holds"), 0);
		CHECK_NEAR(field(seated, "left_share_pct"), 40, 1e-6, "seated share");
		CHECK_NEAR(field(cJSON_GetArrayItem(truth_list(&p, "holds"), 1), "left_share_pct"), 60, 1e-6,
			   "standing share");
		/* seated: the plates carry the legs' share of body weight (default 15% of 75 kg) */
		CHECK_NEAR(p.tr.fz[0][index_at(&p, 1)] + p.tr.fz[1][index_at(&p, 1)], 0.15 * 75 * STANDARD_GRAVITY, 0.01,
			   "seated load");
		played_free(&p);
	}
}

/* A rep's truth says when its heels land: the COP halfway back to the flat foot. With
 * the default heels that is before the body is below 10 % of the height (end_s), with
 * heels that land only as the body is back down ("heels 4") after it. */
static void test_rep_heels_landing(void)
{
	static const char *const heels[] = { "", "heels 4\n" };
	for (int k = 0; k < 2; k++) {
		char scenario[200];
		snprintf(scenario, sizeof scenario, "cop -25 70\n%sstand 2\nraise count=2 lower=3 rest=2\nstand 2\n",
			 heels[k]);
		struct played p;
		if (!play(scenario, 1000, 1, &p))
			continue;
		const cJSON *rep;
		CHECK(cJSON_GetArraySize(truth_list(&p, "reps")) == 2, "two reps");
		cJSON_ArrayForEach(rep, truth_list(&p, "reps")) {
			double landing = field(rep, "heels_down_s"), end = field(rep, "end_s"), half = (-25 + 70) / 2.0;
			size_t i = index_at(&p, field(rep, "top_s"));
			while (i < p.tr.n && p.tr.cop_y[0][i] >= half)
				i++;
			CHECK(fabs(p.tr.t_s[i] - landing) < 1.5e-3, "%sthe heels land when the COP is halfway back: %.4f s, truth %.4f s", heels[k], p.tr.t_s[i], landing);
			CHECK(k == 0 ? landing < end - 0.05 : landing > end + 0.05, "%sheels land at %.3f s, the end at %.3f s",
			      heels[k], landing, end);
		}
		played_free(&p);
	}
}

static void test_hops(void)
{
	for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++) {
		struct played p;
		if (!play("mass 68\nstand 2\nhops count=6 flight=0.32 contact=0.2 jitter=0.15\nstand 2\n", rates[r], 7, &p))
			continue;
		const cJSON *hops = truth_list(&p, "hops"), *hop;
		CHECK(cJSON_GetArraySize(hops) == 6, "6 hops, got %d", cJSON_GetArraySize(hops));
		size_t i = 0;
		double v = 0, dt = 1.0 / rates[r];
		cJSON_ArrayForEach(hop, hops) {
			double tol = 1.0 / rates[r] + 0.0005;
			for (; i < p.tr.n && p.tr.fz[0][i] + p.tr.fz[1][i] >= 1; i++)
				v += ((p.tr.fz[0][i] + p.tr.fz[1][i]) / 68 - STANDARD_GRAVITY) * dt;
			CHECK_NEAR(p.tr.t_s[i], field(hop, "takeoff_s"), tol, "take-off where force falls to flight level");
			/* the take-off speed the impulse gives matches the flight time: v = g T / 2 */
			if (rates[r] >= 1000)
				CHECK_NEAR(v, STANDARD_GRAVITY * field(hop, "flight_s") / 2, 0.01 * v, "take-off speed");
			for (; i < p.tr.n && p.tr.fz[0][i] + p.tr.fz[1][i] < 1; i++)
				v -= STANDARD_GRAVITY * dt;
			CHECK_NEAR(p.tr.t_s[i], field(hop, "landing_s"), tol, "landing where force rises again");
			double flight = field(hop, "flight_s");
			CHECK_NEAR(field(hop, "height_mm"), STANDARD_GRAVITY * flight * flight / 8 * 1000, 1e-3, "height = g T^2 / 8");
		}
		for (; i < p.tr.n; i++)
			v += ((p.tr.fz[0][i] + p.tr.fz[1][i]) / 68 - STANDARD_GRAVITY) * dt;
		if (rates[r] >= 1000)
			CHECK_NEAR(v, 0, 0.005, "at rest after landing: net impulse zero");
		CHECK(isnan(field(cJSON_GetArrayItem(hops, 5), "contact_s")), "the last hop has no contact time");
		played_free(&p);
	}
}

static void test_single_leg(void)
{
	struct played p;
	if (!play("stand 1 leg=left\nraise count=2 leg=left\n", 500, 1, &p))
		return;
	double worst = 0;
	size_t undefined = 0;
	for (size_t i = 0; i < p.tr.n; i++) {
		worst = fmax(worst, fabs(p.tr.fz[1][i]));
		undefined += isnan(p.tr.cop_y[1][i]);
	}
	CHECK(worst < 0.01, "the right plate carries nothing: %g N", worst);
	CHECK(undefined == p.tr.n, "no COP under a lifted foot (%zu of %zu undefined)", undefined, p.tr.n);
	CHECK_NEAR(field(cJSON_GetArrayItem(truth_list(&p, "reps"), 0), "left_share_pct"), 100, 1e-9, "left share");
	played_free(&p);
}

static double plate_sd(const struct played *p, int side, size_t from, size_t to)
{
	double mean = 0, sq = 0;
	for (size_t i = from; i < to; i++)
		mean += p->tr.fz[side][i];
	mean /= (double)(to - from);
	for (size_t i = from; i < to; i++)
		sq += (p->tr.fz[side][i] - mean) * (p->tr.fz[side][i] - mean);
	return sqrt(sq / (double)(to - from - 1));
}

static void test_nuisances(void)
{
	struct played p;
	if (play("noise 1.0\nempty 10\n", 1000, 3, &p)) {
		/* four independent cells of SD 1 N: the plate's sum has SD 2 N */
		CHECK_NEAR(plate_sd(&p, 0, 0, p.tr.n), 2.0, 0.08, "left plate noise SD");
		CHECK_NEAR(plate_sd(&p, 1, 0, p.tr.n), 2.0, 0.08, "right plate noise SD");
		played_free(&p);
	}
	if (play("hum 60 4\nempty 2\n", 2000, 3, &p)) {
		double s = 0, c = 0;
		for (size_t i = 0; i < p.tr.n; i++) {
			s += p.tr.fz[0][i] * sin(2 * M_PI * 60 * p.tr.t_s[i]);
			c += p.tr.fz[0][i] * cos(2 * M_PI * 60 * p.tr.t_s[i]);
		}
		CHECK_NEAR(2 * hypot(s, c) / (double)p.tr.n, 4.0, 0.05, "60 Hz hum amplitude on a plate");
		played_free(&p);
	}
	if (play("mass 80\nsway 3\nstand 20\n", 250, 3, &p)) {
		/* the bob's force: 5 % at 0.25 Hz (breathing), 25 % at 0.6 Hz, 70 % at 1.3 Hz */
		static const double hz[3] = { 0.25, 0.6, 1.3 }, share[3] = { 0.05, 0.25, 0.70 };
		for (int k = 0; k < 3; k++) {
			double sn = 0, cs = 0;
			for (size_t i = 0; i < p.tr.n; i++) {
				double f = p.tr.fz[0][i] + p.tr.fz[1][i];
				sn += f * sin(2 * M_PI * hz[k] * p.tr.t_s[i]);
				cs += f * cos(2 * M_PI * hz[k] * p.tr.t_s[i]);
			}
			CHECK_NEAR(2 * hypot(sn, cs) / (double)p.tr.n, 3 * share[k], 0.02 + 0.02 * share[k] * 3,
				   "sway force at its frequency");
		}
		played_free(&p);
	}
	if (play("rail 5\nstand 4\nhold standing seconds=30 height=40\nstand 2\n", 100, 3, &p)) {
		/* hands free for the weighing; from 1.5 s before the exercise, 5 % +- a quarter */
		double before = 100 * (1 - mean_total(&p, 0, 2) / (75 * STANDARD_GRAVITY));
		double during = 100 * (1 - mean_total(&p, 10, 25) / (75 * STANDARD_GRAVITY));
		CHECK(fabs(before) < 0.1, "no hand on the rail while weighed: %g %%", before);
		CHECK(during > 3.7 && during < 6.3, "the rail takes about 5 %% of body weight: %g %%", during);
		played_free(&p);
	}
}

/* Drift and the body's other disturbances are force on the plates, not the deliberate
 * movement: the truth does not move with them (nor with sway and a rail). */
static void test_disturbances(void)
{
	static const char *const base = "mass 70\nstand 4\nraise count=3 rise=1 hold=1.5 lower=3 height=50 rest=2\nstand 60\n";
	struct played clean, disturbed;
	char text[512];
	snprintf(text, sizeof text, "drift 0.4\ndisturb 3\nsway 2\nrail 4\n%s", base);
	if (!play(base, 200, 7, &clean) || !play(text, 200, 7, &disturbed))
		return;
	char *a = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(clean.truth, "reps"));
	char *b = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(disturbed.truth, "reps"));
	CHECK(a && b && strcmp(a, b) == 0, "the truth's reps are the deliberate movement's alone:\n%s\n%s", a, b);
	free(a);
	free(b);
	/* after the reps: standing still, only the disturbances move the force */
	double worst = 0, step = 0;
	size_t from = (size_t)(30 * 200);
	for (size_t i = from; i < disturbed.tr.n; i++) {
		double d = disturbed.tr.fz[0][i] + disturbed.tr.fz[1][i] - (clean.tr.fz[0][i] + clean.tr.fz[1][i]);
		double rail = 0.04 * 70 * STANDARD_GRAVITY;
		worst = fmax(worst, fabs(d + rail));
		if (i > from)
			step = fmax(step, fabs(disturbed.tr.fz[0][i] - disturbed.tr.fz[0][i - 1] -
					       (clean.tr.fz[0][i] - clean.tr.fz[0][i - 1])));
	}
	CHECK(worst > 1 && worst < 0.25 * 0.04 * 70 * STANDARD_GRAVITY + 3 + 0.8 + 2 + 0.5,
	      "disturbances of a few newtons beside the rail's share: at most %.2f N", worst);
	CHECK(step < 0.3, "and slow (0.05-1.5 Hz): at most %.3f N from one sample to the next at 200 Hz", step);
	played_free(&clean);
	played_free(&disturbed);

	/* load-cell drift moves each plate's zero, loaded or not */
	if (play("drift 0.5\nempty 60\n", 100, 5, &clean)) {
		double lo = INFINITY, hi = -INFINITY;
		for (size_t i = 0; i < clean.tr.n; i++) {
			lo = fmin(lo, clean.tr.fz[0][i]);
			hi = fmax(hi, clean.tr.fz[0][i]);
		}
		CHECK(hi - lo > 0.2 && hi - lo <= 1.0 + 1e-3, "an empty plate's zero drifts by %.2f N", hi - lo);
		CHECK(lo < 0, "below zero too (a drifting zero is not clipped): %.2f N", lo);
		played_free(&clean);
	}
}

static void test_stream_events(void)
{
	struct played p;
	if (play("stand 3\ndrop at=1 count=25\nsaturate at=2 seconds=0.5 channel=5\n", 1000, 1, &p)) {
		size_t gaps = 0, saturated = 0, full_scale = 0;
		for (size_t i = 0; i < p.cap.n; i++) {
			const struct plate_frame *f = &p.cap.frames[i];
			if (f->flags & PLATE_FRAME_GAP_BEFORE) {
				gaps++;
				CHECK(f->lost_before == 25 && f->seq == 1025, "gap of 25 before seq 1025: %u before %u",
				      f->lost_before, f->seq);
			}
			saturated += (f->flags & PLATE_FRAME_SATURATED) != 0;
			full_scale += f->counts[5] == PLATE_ADC_MAX;
		}
		REQUIRE(p.cap.n == 3000 - 25, "frames delivered: %zu", p.cap.n);
		CHECK(gaps == 1, "one gap marked, got %zu", gaps);
		CHECK(saturated == 500 && full_scale == 500, "half a second saturated: %zu flagged, %zu full scale",
		      saturated, full_scale);
		CHECK(p.tr.flags[1000] & TRACE_GAP_BEFORE, "gap marked in newtons");
		CHECK_NEAR(p.tr.t_s[1000], 1.025, 1e-9, "time jumps over the gap");
		played_free(&p);
	}
	if (play("stand 5\nunplug at=2\n", 500, 1, &p)) {
		CHECK(p.cap.end_status == ST_ERR_GONE, "unplug ends the stream as gone: %d", p.cap.end_status);
		CHECK(p.cap.n == 1001 && (p.cap.frames[1000].flags & PLATE_FRAME_GONE), "1000 frames, then gone");
		played_free(&p);
	}
}

/* Frames of one poll, kept. */
struct polled {
	struct plate_frame f[8192];
	size_t n;
};

static void keep_frames(const struct plate_frame *frames, size_t n, void *user)
{
	struct polled *p = user;
	for (size_t i = 0; i < n && p->n < sizeof p->f / sizeof p->f[0]; i++)
		p->f[p->n++] = frames[i];
}

/* Polls until the plate is gone or the scenario ends (at most 20 s); the last status. */
static int poll_until_gone(struct plate *pl)
{
	int rc = ST_OK;
	for (uint64_t t0 = plate_now_ns(); rc >= 0 && plate_now_ns() - t0 < 20000000000ull;)
		rc = plate_poll(pl, 10);
	return rc;
}

/* Plugged back in, the plate goes on where the patient is after the seconds away (a gap
 * of them before the next frame), not from the scenario's start; in real time not before
 * those seconds have passed. Played from the start again, set 2 would repeat set 1. */
static void test_unplug_and_back(void)
{
	char *path = temp_file_with("unplug.sim", "empty 2\nstep-on 1\nstand 10\nunplug at=4 seconds=2\n");
	char spec[4200];
	snprintf(spec, sizeof spec, "sim:%s", path);
	static struct polled got;
	struct plate *pl;
	struct plate_options fast = { .fast = true };
	REQUIRE(plate_open(spec, &fast, &pl) == ST_OK, "%s", st_errmsg());
	REQUIRE(plate_start(pl, 1000, keep_frames, &got) == ST_OK, "%s", st_errmsg());
	CHECK(poll_until_gone(pl) == ST_ERR_GONE, "unplugged at 4 s");
	CHECK(got.n == 4001 && (got.f[4000].flags & PLATE_FRAME_GONE), "4000 frames, then gone: %zu", got.n);
	plate_stop(pl);
	got.n = 0;
	REQUIRE(plate_start(pl, 1000, keep_frames, &got) == ST_OK, "fast: back at once: %s", st_errmsg());
	REQUIRE(plate_poll(pl, 0) > 0 && got.n > 0, "frames again");
	CHECK(got.f[0].seq == 6000 && got.f[0].lost_before == 2000 && (got.f[0].flags & PLATE_FRAME_GAP_BEFORE),
	      "goes on at 6 s after a gap of 2 s: seq %u, %u lost", got.f[0].seq, got.f[0].lost_before);
	struct plate_cell cells[PLATE_CHANNELS];
	sim_plate_cells("SIM-0001", cells);
	double newtons = 0;
	for (int c = 0; c < PLATE_CHANNELS; c++)
		newtons += (got.f[0].counts[c] - cells[c].zero_counts) * cells[c].newtons_per_count;
	CHECK(newtons > 500, "the patient is still standing there, not the empty plate of the start: %.0f N", newtons);
	plate_close(pl);

	struct plate_options real = { .fast = false };
	REQUIRE(plate_open(spec, &real, &pl) == ST_OK, "%s", st_errmsg());
	got.n = 0;
	REQUIRE(plate_start(pl, 1000, keep_frames, &got) == ST_OK, "%s", st_errmsg());
	uint64_t t0 = plate_now_ns();
	CHECK(poll_until_gone(pl) == ST_ERR_GONE, "unplugged in real time");
	plate_stop(pl);
	int tries = 0;
	while (plate_start(pl, 1000, keep_frames, &got) != ST_OK && tries++ < 1000)
		usleep(10000);
	double back_s = (double)(plate_now_ns() - t0) / 1e9;
	CHECK(back_s >= 5.9 && back_s < 6.5, "back 2 s after the unplug at 4 s: at %.2f s", back_s);
	plate_close(pl);
	unlink(path);
	free(path);
}

/* The simulated patient of a dose raises to its pacer: each rep starts one beat (rise +
 * top + lowering + bottom) after the one before, whatever its phases' jitter, with the
 * lowering the pacer asks for. */
static void test_patient_keeps_the_pacer(void)
{
	struct plate_dose dose = { .activity = PLATE_ACTIVITY_HEEL_RAISE, .sets = 2, .per_set = 8, .rise_s = 1,
				   .top_s = 1, .lower_s = 4, .bottom_s = 1, .rest_s = 30 };
	struct plate_options opt = { .fast = true, .seed = 5, .dose = &dose };
	struct plate *pl;
	REQUIRE(plate_open("sim", &opt, &pl) == ST_OK, "%s", st_errmsg());
	char *json = plate_truth_json(pl);
	cJSON *truth = cJSON_Parse(json);
	const cJSON *reps = cJSON_GetObjectItemCaseSensitive(truth, "reps");
	REQUIRE(cJSON_GetArraySize(reps) == 16, "16 reps: %d", cJSON_GetArraySize(reps));
	double worst_beat = 0, worst_lower = 0;
	for (int i = 0; i < 16; i++) {
		const cJSON *r = cJSON_GetArrayItem(reps, i);
		worst_lower = fmax(worst_lower, fabs(field(r, "lower_s") - 4));
		double first = field(cJSON_GetArrayItem(reps, i / 8 * 8), "start_s");
		worst_beat = fmax(worst_beat, fabs(field(r, "start_s") - first - 7 * (i % 8)));
	}
	/* the rise's own jitter moves where its start is measured a little, but never adds up */
	CHECK(worst_beat < 0.25, "rep k starts k beats (7 s) after the set's first: off by %.3f s at worst", worst_beat);
	CHECK(worst_lower < 0.5, "lowering of 4 s: off by %.2f s at worst", worst_lower);
	cJSON_Delete(truth);
	free(json);
	plate_close(pl);
}

/* The first instant from from whose left COP is past halfway to the forefoot (heels up),
 * in seconds; NAN if none. */
static double heels_up_from(const struct trace *t, double from_s)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->t_s[i] >= from_s && t->cop_y[0][i] > 20)
			return t->t_s[i];
	return NAN;
}

/* A patient waiting for the station's set (until-set) stands however long it takes, and
 * starts the set a second or more after the cue, on its metronome's beat (a stranger
 * lingered on the set's summary, and the simulated patient did set 2 meanwhile). */
static void test_patient_waits_for_the_set(void)
{
	char *path = temp_file_with("wait.sim", "mass 70\ncop -20 60\nstand 2 until-set=1\n"
						"raise count=2 rise=1 hold=1 lower=3 height=50 beat=6\nstand 3\n");
	char spec[4200];
	snprintf(spec, sizeof spec, "sim:%s", path);
	struct plate_options opt = { .fast = true };
	struct plate *pl;
	CHECK(plate_open(spec, &opt, &pl) == ST_ERR_ARG && strstr(st_errmsg(), ": line 3: until-set waits for a session"),
	      "outside a session (no dose) it would wait for ever: refused: %s", st_errmsg());
	struct plate_dose session = { 0 }; /* a session's plate, this scenario its patient */
	opt.dose = &session;
	REQUIRE(plate_open(spec, &opt, &pl) == ST_OK, "%s", st_errmsg());
	struct capture cap = { 0 };
	int rc = plate_start(pl, 1000, capture_keep_frames, &cap);
	while (rc >= 0 && cap.n < 40000)
		rc = plate_poll(pl, 0);
	CHECK(rc >= 0, "no end while the patient waits: %d", rc);
	CHECK(plate_truth_json(pl) == NULL && strstr(st_errmsg(), "until-set"), "no truth ahead: %s", st_errmsg());
	double cue_s = (double)cap.n / 1000;
	plate_cue_set(pl, 1);
	while (rc >= 0)
		rc = plate_poll(pl, 0);
	CHECK(rc == ST_ENDED, "the scenario ends after the set: %d", rc);
	struct calibration cal;
	sim_calibration(plate_get_info(pl)->serial, &cal);
	struct trace t;
	capture_to_trace(&cap, &cal, 1000, &t);
	double first = heels_up_from(&t, 0), second = heels_up_from(&t, first + 5);
	CHECK(first >= cue_s + 1 && first < cue_s + 1 + 6 + 1, "heels up %.2f s after the cue at %.2f s", first - cue_s,
	      cue_s);
	double beat_phase = fmod(first, 6);
	CHECK(beat_phase < 1, "the rep on a beat of 6 s from the stream's start: the heels up %.2f s after one",
	      beat_phase);
	CHECK(fabs(second - first - 6) < 0.05, "the next rep a beat later: %.2f s", second - first);
	CHECK(t.n > 40000 && t.t_s[t.n - 1] < first + 6 + 6 + 3 + 1, "the stream ends %.1f s after the first rep",
	      t.t_s[t.n - 1] - first);
	trace_free(&t);
	capture_free(&cap);
	plate_close(pl);
	unlink(path);
	free(path);
}

static void test_seeds(void)
{
	struct capture a, b, c;
	struct plate_options opt = { .fast = true, .seed = 11 };
	capture_plate("sim:quiet", &opt, 1000, &a);
	capture_plate("sim:quiet", &opt, 1000, &b);
	opt.seed = 12;
	capture_plate("sim:quiet", &opt, 1000, &c);
	CHECK(a.n == b.n && a.n > 0, "same length");
	bool same = a.n == b.n, differ = false;
	for (size_t i = 0; i < a.n && i < b.n && i < c.n; i++) {
		same = same && memcmp(a.frames[i].counts, b.frames[i].counts, sizeof a.frames[i].counts) == 0;
		differ = differ || memcmp(a.frames[i].counts, c.frames[i].counts, sizeof a.frames[i].counts) != 0;
	}
	CHECK(same, "a seed gives the same stream");
	CHECK(differ, "another seed gives another stream");
	capture_free(&a);
	capture_free(&b);
	capture_free(&c);
}

static void expect_scenario_error(const char *text, const char *fragment)
{
	struct sim_scenario sc;
	int rc = sim_scenario_parse(text, "bad.sim", &sc);
	CHECK(rc == ST_ERR_DATA && strstr(st_errmsg(), fragment), "'%s' -> '%s' (wanted '%s')", text, st_errmsg(),
	      fragment);
	if (rc == ST_OK)
		sim_scenario_free(&sc);
}

static void test_scenario_errors(void)
{
	expect_scenario_error("stand 2\nraise count=x\n", "bad.sim:2: count: 'x' is not a number");
	expect_scenario_error("stand 2\n\n# note\njump 3\n", "bad.sim:4: unknown statement 'jump'");
	expect_scenario_error("mass 900\nstand 1\n", "bad.sim:1: mass 900 is outside");
	expect_scenario_error("stand\n", "bad.sim:1: stand needs a duration");
	expect_scenario_error("hold sideways\n", "bad.sim:1: hold needs 'standing' or 'seated'");
	expect_scenario_error("raise colour=red\n", "bad.sim:1: unknown parameter 'colour'");
	expect_scenario_error("hum 55 2\nstand 1\n", "bad.sim:1: mains hum is at 50 or 60 Hz");
	expect_scenario_error("drop count=3\nstand 1\n", "bad.sim:1: drop needs at=SECONDS");
	expect_scenario_error("# nothing\n", "bad.sim: the scenario has no steps");
	expect_scenario_error("cop 50 10\nstand 1\n", "forefoot COP must lie forward");
	expect_scenario_error("answer pop maybe\nstand 1\n", "bad.sim:1: answer pop is yes or no, got 'maybe'");
	expect_scenario_error("answer pain-now 11\nstand 1\n", "bad.sim:1: pain-now 11 is outside");
	expect_scenario_error("stand 1\nanswer pain-after 2,x\n", "bad.sim:2: pain-after: 'x' is not a number");
	expect_scenario_error("answer mood 3\nstand 1\n", "bad.sim:1: no question 'mood'");
	expect_scenario_error("answer pain-now 2.5\nstand 1\n", "pain-now is a whole number");
	struct plate *p;
	CHECK(plate_open("sim:no-such-scenario", NULL, &p) == ST_ERR_NOT_FOUND &&
		      strstr(st_errmsg(), "built-in"), "unknown scenario: %s", st_errmsg());
	for (int i = 0; sim_builtin_names[i]; i++) {
		char spec[64];
		snprintf(spec, sizeof spec, "sim:%s", sim_builtin_names[i]);
		int rc = plate_open(spec, NULL, &p);
		CHECK(rc == ST_OK, "built-in %s opens: %s", spec, st_errmsg());
		if (rc == ST_OK)
			plate_close(p);
	}
}

static void test_scenario_answers(void)
{
	struct sim_scenario sc;
	CHECK(sim_scenario_parse("stand 1\n", "plain", &sc) == ST_OK, "%s", st_errmsg());
	CHECK(!sc.answers.pop && !sc.answers.dip && !sc.answers.cannot_raise && sc.answers.pain_now == 2 &&
		      sc.answers.n_pain_after == 1 && sc.answers.pain_after[0] == 3,
	      "default answers");
	sim_scenario_free(&sc);
	CHECK(sim_scenario_parse("answer dip yes\nanswer pain-day-after 6\nanswer pain-after 1,4,7\nstand 1\n", "a",
				 &sc) == ST_OK,
	      "%s", st_errmsg());
	CHECK(sc.answers.dip && !sc.answers.pop && sc.answers.pain_day_after == 6 && sc.answers.n_pain_after == 3 &&
		      sc.answers.pain_after[2] == 7,
	      "given answers");
	sim_scenario_free(&sc);
}

int main(void)
{
	test_heel_raise_truth_and_impulse();
	test_requested_times_are_measured_times();
	test_cop_moves_to_forefoot_and_holds();
	test_rep_heels_landing();
	test_hops();
	test_single_leg();
	test_nuisances();
	test_disturbances();
	test_stream_events();
	test_unplug_and_back();
	test_patient_keeps_the_pacer();
	test_patient_waits_for_the_set();
	test_seeds();
	test_scenario_errors();
	test_scenario_answers();
	return check_summary();
}
