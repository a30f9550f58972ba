/* test_support_model.c: the set's support model (station/analysis/support_model.c)
 * recovers a hand's slowly wandering support from the still stretches of a set of reps,
 * whatever the body does between them, and is absent where it cannot be fitted; a hand
 * taking hold of the rail partway is a step in it, which a wander is not.
 *
 * The recording is built by hand: 700 N of body weight, a support of 30 N wandering by
 * up to 8 N at 0.02-0.05 Hz, reps every 8 s whose rise and slow lowering move the force by
 * a few newtons (net zero impulse from rest to rest, as a real rep's), breathing's bob at
 * 0.25 Hz, and still stretches at the rests and tops as reps.c would give them. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "status.h"
#include "support_model.h"

#define RATE 500.0
#define SECONDS 64.0
#define BODY_N 700.0
#define MASS_KG (BODY_N / 9.80665)
#define REP_S 8.0

static double step_n; /* a hand taking this much more at STEP_S (0: none) */
#define STEP_S 36.8      /* half-way down rep 4's lowering */

static double support_n(double t)
{
	return 30 + 5 * sin(2 * M_PI * 0.02 * t + 1) + 3 * sin(2 * M_PI * 0.047 * t + 2) + (t >= STEP_S ? step_n : 0);
}

/* The body's velocity in a rep starting at 0: rise over [1, 2), lowering over [4, 7). */
static double rep_velocity(double u)
{
	if (u >= 1 && u < 2)
		return 0.05 * M_PI / 2 * sin(M_PI * (u - 1));
	if (u >= 4 && u < 7)
		return -0.05 * M_PI / 6 * sin(M_PI * (u - 4) / 3);
	return 0;
}

/* Force from the body's momentum (central difference of m v), breathing, and the support. */
static double force_n(double t)
{
	double h = 1 / RATE, u = fmod(t, REP_S);
	double acc = (rep_velocity(u + h) - rep_velocity(u - h)) / (2 * h);
	double breath = 1.5 * sin(2 * M_PI * 0.25 * t);
	return BODY_N + MASS_KG * acc + breath - support_n(t);
}

static void make_force(double *t, float *total, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		t[i] = (double)i / RATE;
		total[i] = (float)force_n(t[i]);
	}
}

/* A hand taking hold of the rail (20 N more, within a sample) half-way down a lowering: the
 * model has that step, about where and as large as it was (23.9 N at 36.85 s: the curve
 * takes the support's own wander differently), and beside it the curve does not ring
 * (without the step it was 5.6 N off 1.6 s before it). */
static void test_step(struct piece *p, double *t, float *total, const struct still_stretch *still, size_t n_still)
{
	step_n = 20;
	make_force(t, total, p->n);
	struct support_model m;
	REQUIRE(support_model_fit(p, BODY_N, still, n_still, SUPPORT_SMOOTHING, &m) == ST_OK, "fit: %s", st_errmsg());
	REQUIRE(m.n_coef > 0 && m.n_steps == 1, "a hand taking hold: %zu steps", m.n_steps);
	CHECK(fabs(m.steps[0].t_s - STEP_S) < 0.5 && fabs(m.steps[0].n - step_n) < 5, "the step: %.1f N at %.2f s",
	      m.steps[0].n, m.steps[0].t_s);
	double worst = 0, worst_t = 0;
	for (double s = 1; s <= SECONDS - REP_S; s += 0.1) {
		double err = fabs(support_model_at(&m, s) - support_n(s));
		if ((s < STEP_S - 1.5 || s > STEP_S + 1.5) && err > worst) {
			worst = err;
			worst_t = s;
		}
	}
	CHECK(worst < 2, "beside the step, the support off by %.2f N at %.1f s", worst, worst_t);
	support_model_free(&m);
	step_n = 0;
	make_force(t, total, p->n);
}

int main(void)
{
	size_t n = (size_t)(SECONDS * RATE);
	double *t = malloc(n * sizeof *t);
	float *total = malloc(n * sizeof *total);
	uint8_t *flags = calloc(n, 1);
	REQUIRE(t && total && flags, "memory");
	make_force(t, total, n);
	struct piece p = { .n = n, .rate = RATE, .t = t, .total = total, .flags = flags };
	/* per rep: the rest before (0-0.5 s), the top (2.2-3.8 s), the rest after (7.3-8 s) */
	struct still_stretch still[3 * 8];
	size_t n_still = 0;
	for (int k = 0; k < 8; k++) {
		double t0 = k * REP_S;
		still[n_still++] = (struct still_stretch){ (size_t)(t0 * RATE), (size_t)((t0 + 0.5) * RATE) };
		still[n_still++] = (struct still_stretch){ (size_t)((t0 + 2.2) * RATE), (size_t)((t0 + 3.8) * RATE) };
		still[n_still++] = (struct still_stretch){ (size_t)((t0 + 7.3) * RATE), (size_t)((t0 + 8) * RATE) };
	}

	struct support_model m;
	REQUIRE(support_model_fit(&p, BODY_N, still, n_still, SUPPORT_SMOOTHING, &m) == ST_OK, "fit: %s", st_errmsg());
	REQUIRE(m.n_coef > 0, "a model from %zu stretches", n_still);
	CHECK(m.n_steps == 0, "a wandering support and breathing: %zu steps", m.n_steps);
	/* the support wanders by 16 N; a rep's own force (a few newtons) and breathing (1.5 N)
	 * must not be taken for it. At the set's ends only one side holds the curve, and the
	 * breathing's bob over the last short rest swings it more */
	double worst = 0, worst_t = 0, worst_end = 0;
	for (double s = 0; s <= SECONDS; s += 0.1) {
		double err = fabs(support_model_at(&m, s) - support_n(s));
		if (s > SECONDS - REP_S) {
			worst_end = fmax(worst_end, err);
		} else if (err > worst) {
			worst = err;
			worst_t = s;
		}
	}
	CHECK(worst < 0.4, "support off by %.2f N at %.1f s", worst, worst_t);
	CHECK(worst_end < 2.5, "support off by %.2f N over the last rep", worst_end);
	/* what the model is for: the support's bend within a slow lowering. Over the
	 * lowering of rep 3 (28-31 s) the support moves by more than a straight line between
	 * the top and the rest after would say; the model follows it */
	double line_err = 0, model_err = 0;
	for (double s = 28; s <= 31; s += 0.05) {
		double line = support_n(27) + (support_n(31.65) - support_n(27)) * (s - 27) / 4.65;
		line_err = fmax(line_err, fabs(line - support_n(s)));
		model_err = fmax(model_err, fabs(support_model_at(&m, s) - support_n(s)));
	}
	CHECK(model_err < line_err / 2, "over a lowering: model %.2f N off, a straight line %.2f N", model_err, line_err);
	/* held at its ends outside the stretches */
	CHECK(fabs(support_model_at(&m, -5) - support_model_at(&m, 0)) < 1e-9, "before the first stretch");
	CHECK(fabs(support_model_at(&m, 100) - support_model_at(&m, SECONDS)) < 1e-9, "after the last stretch");
	support_model_free(&m);
	CHECK(support_model_at(&m, 10) == 0, "a freed model is none");
	test_step(&p, t, total, still, n_still);

	/* stretches that touch are one: a single stretch, or none, gives no model */
	struct still_stretch touching[2] = { { 0, 500 }, { 550, 1000 } };
	REQUIRE(support_model_fit(&p, BODY_N, touching, 2, SUPPORT_SMOOTHING, &m) == ST_OK, "fit: %s", st_errmsg());
	CHECK(m.n_coef == 0 && support_model_at(&m, 1) == 0, "two touching stretches: no model");
	REQUIRE(support_model_fit(&p, BODY_N, NULL, 0, SUPPORT_SMOOTHING, &m) == ST_OK, "fit: %s", st_errmsg());
	CHECK(m.n_coef == 0, "no stretches: no model");
	/* a stretch past the piece's end is left out, not read */
	struct still_stretch beyond[2] = { { 0, 500 }, { n - 100, n + 500 } };
	REQUIRE(support_model_fit(&p, BODY_N, beyond, 2, SUPPORT_SMOOTHING, &m) == ST_OK, "fit: %s", st_errmsg());
	CHECK(m.n_coef == 0, "a stretch beyond the piece: no model from the one left");
	support_model_free(&m);
	free(t);
	free(total);
	free(flags);
	return check_summary();
}
