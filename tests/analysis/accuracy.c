#include "accuracy.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "capture.h"
#include "rng.h"

const char *const acc_kind_names[ACC_KINDS] = { "raise", "raise 1-leg", "hold standing", "hold seated", "hops" };
const char *const acc_noise_names[ACC_NOISES] = { "clean", "realistic", "hard" };
const char *const acc_measure_names[M_MEASURES] = { "rise s",    "hold s",  "lower s",  "height mm",
						    "hold dur s", "flight s", "contact s", "share pt" };

static double between(struct rng *r, double lo, double hi)
{
	return lo + (hi - lo) * rng_uniform(r);
}

/* The scenario text of one generated recording. */
static void make_scenario(enum acc_kind kind, enum acc_noise noise, uint64_t seed, char *buf, size_t len)
{
	struct rng r;
	rng_seed(&r, seed * 7919 + (uint64_t)kind * 31 + (uint64_t)noise);
	size_t n = 0;
#define ADD(...) (n += (size_t)snprintf(buf + n, n < len ? len - n : 0, __VA_ARGS__))
	ADD("mass %.1f\nseed %llu\n", between(&r, 50, 110), (unsigned long long)seed);
	if (noise != ACC_CLEAN)
		ADD("noise %.2f\nhum %d %.2f\nsway %.2f\n", between(&r, 0.3, 1.2), rng_uniform(&r) < 0.5 ? 50 : 60,
		    between(&r, 0.3, 3), between(&r, 1, 4));
	if (noise == ACC_HARD)
		ADD("rail %.1f\n", between(&r, 2, 5));
	if (rng_uniform(&r) < 0.5)
		ADD("empty %.1f\nstep-on 1\n", between(&r, 1, 3));
	double share = between(&r, 40, 60);
	switch (kind) {
	case ACC_RAISE:
	case ACC_RAISE_SINGLE:
		ADD("stand %.1f share=%.1f\n", between(&r, 2, 4), kind == ACC_RAISE ? share : 100.0);
		ADD("raise count=%d rise=%.2f hold=%.2f lower=%.2f height=%.0f rest=%.2f jitter=0.15\nstand 3\n",
		    5 + (int)(rng_uniform(&r) * 8), between(&r, 0.6, 1.5), between(&r, 0.8, 2.5), between(&r, 2.5, 5.5),
		    between(&r, 30, 80), between(&r, 1, 3));
		break;
	case ACC_HOLD_STANDING:
		ADD("stand %.1f share=%.1f\n", between(&r, 2, 4), share);
		for (int k = 0; k < 2; k++)
			ADD("hold standing seconds=%.1f height=%.0f\nstand %.1f\n", between(&r, 10, 35), between(&r, 30, 70),
			    between(&r, 3, 8));
		break;
	case ACC_HOLD_SEATED:
		ADD("sit %.1f load=%.0f share=%.1f\n", between(&r, 2, 4), between(&r, 10, 20), share);
		for (int k = 0; k < 2; k++)
			ADD("hold seated seconds=%.1f push=%.0f ramp=%.2f\nsit %.1f\n", between(&r, 20, 60),
			    between(&r, 15, 60), between(&r, 0.4, 1.0), between(&r, 3, 8));
		break;
	case ACC_HOPS:
		ADD("stand %.1f share=%.1f\n", between(&r, 2, 4), share);
		ADD("hops count=%d flight=%.3f contact=%.3f jitter=0.1\nstand 3\n", 5 + (int)(rng_uniform(&r) * 10),
		    between(&r, 0.2, 0.45), between(&r, 0.15, 0.4));
		break;
	case ACC_KINDS:
		break;
	}
#undef ADD
}

static double num(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static void score(struct acc_stats *s, enum acc_measure m, double found, double truth)
{
	if (!isfinite(found) || !isfinite(truth))
		return;
	double e = fabs(found - truth);
	s->sum[m] += e;
	s->count[m]++;
	if (e > s->worst[m])
		s->worst[m] = e;
}

/* Truth events of a kind, each matched to the found event nearest in time (within 1 s). */
static size_t score_events(const cJSON *truth, const struct analysis *a, enum acc_kind kind, struct acc_stats *s)
{
	const char *list = kind == ACC_HOPS ? "hops" : kind >= ACC_HOLD_STANDING ? "holds" : "reps";
	const char *time_key = kind == ACC_HOPS ? "takeoff_s" : "start_s";
	const cJSON *ev;
	size_t n = 0;
	cJSON_ArrayForEach(ev, cJSON_GetObjectItemCaseSensitive(truth, list)) {
		double t0 = num(ev, time_key), best = 1.0;
		long found = -1;
		size_t n_found = kind == ACC_HOPS ? a->n_hops : kind >= ACC_HOLD_STANDING ? a->n_holds : a->n_reps;
		for (size_t i = 0; i < n_found; i++) {
			double t = kind == ACC_HOPS ? a->hops[i].takeoff_s
				   : kind >= ACC_HOLD_STANDING ? a->holds[i].start_s : a->reps[i].start_s;
			if (fabs(t - t0) < best) {
				best = fabs(t - t0);
				found = (long)i;
			}
		}
		n++;
		if (found < 0)
			continue;
		if (kind == ACC_HOPS) {
			const struct hop_result *h = &a->hops[found];
			score(s, M_FLIGHT, h->flight_s, num(ev, "flight_s"));
			score(s, M_CONTACT, h->contact_s, num(ev, "contact_s"));
		} else if (kind >= ACC_HOLD_STANDING) {
			const struct hold_result *h = &a->holds[found];
			score(s, M_HOLD_DURATION, h->duration_s, num(ev, "duration_s"));
			score(s, M_SHARE, h->left_share_pct, num(ev, "left_share_pct"));
		} else {
			const struct rep_result *r = &a->reps[found];
			if (getenv("ACC_DUMP"))
				fprintf(stderr, "rep truth %.3f %.3f %.3f %.3f H %.1f | found %.3f %.3f %.3f %.3f H %.1f\n",
					num(ev, "start_s"), num(ev, "top_s"), num(ev, "lower_start_s"), num(ev, "end_s"),
					num(ev, "height_mm"), r->start_s, r->top_s, r->lower_start_s, r->end_s, r->height_mm);
			score(s, M_RISE, r->rise_s, num(ev, "rise_s"));
			score(s, M_HOLD, r->hold_s, num(ev, "hold_s"));
			score(s, M_LOWER, r->lower_s, num(ev, "lower_s"));
			score(s, M_HEIGHT, r->height_mm, num(ev, "height_mm"));
			score(s, M_SHARE, r->left_share_pct, num(ev, "left_share_pct"));
		}
	}
	return n;
}

int accuracy_run(enum acc_kind kind, enum acc_noise noise, unsigned rate, uint64_t seed, struct acc_stats *s)
{
	char text[4096];
	make_scenario(kind, noise, seed, text, sizeof text);
	if (getenv("ACC_SCENARIO"))
		snprintf(text, sizeof text, "%s", getenv("ACC_SCENARIO"));
	struct trace tr;
	char *truth_json;
	if (simulate_trace(text, rate, &tr, &truth_json) != ST_OK) {
		fprintf(stderr, "accuracy: simulate: %s\n", st_errmsg());
		return -1;
	}
	enum exercise mode = kind == ACC_HOPS ? EXERCISE_HOP : kind >= ACC_HOLD_STANDING ? EXERCISE_HOLD
											: EXERCISE_HEEL_RAISE;
	struct analysis a;
	int rc = analyse_trace(&tr, mode, &a);
	cJSON *truth = cJSON_Parse(truth_json);
	trace_free(&tr);
	free(truth_json);
	if (rc != ST_OK || !truth) {
		fprintf(stderr, "accuracy: analyse %s/%s %u Hz seed %llu: %s\n", acc_kind_names[kind],
			acc_noise_names[noise], rate, (unsigned long long)seed, st_errmsg());
		cJSON_Delete(truth);
		return -1;
	}
	if (getenv("ACC_DUMP"))
		fprintf(stderr, "body weight %.2f N (truth %.2f), hum %g Hz, noise %.3f N\n", a.body_weight_n,
			num(truth, "body_weight_n"), a.hum_hz, a.noise_sd_n);
	size_t n_truth = score_events(truth, &a, kind, s);
	size_t n_found = kind == ACC_HOPS ? a.n_hops : kind >= ACC_HOLD_STANDING ? a.n_holds : a.n_reps;
	s->recordings++;
	s->exact_counts += n_truth == n_found;
	s->events_truth += n_truth;
	s->events_found += n_found;
	if (getenv("ACCURACY_VERBOSE") && n_truth != n_found)
		fprintf(stderr, "count %s/%s %u Hz seed %llu: %zu found, %zu true\n%s\n", acc_kind_names[kind],
			acc_noise_names[noise], rate, (unsigned long long)seed, n_found, n_truth, text);
	cJSON_Delete(truth);
	analysis_free(&a);
	return 0;
}

double acc_mae(const struct acc_stats *s, enum acc_measure m)
{
	return s->count[m] ? s->sum[m] / (double)s->count[m] : NAN;
}
