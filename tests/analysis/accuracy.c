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
const char *const acc_measure_names[M_MEASURES] = { "rise s",    "hold s",   "lower s",   "height mm",
						    "hold dur s", "flight s", "contact s", "share pt" };

static double between(struct rng *r, double lo, double hi)
{
	return lo + (hi - lo) * rng_uniform(r);
}

/* The scenario text of one generated recording. One draw per statement (an argument
 * list's order of evaluation is unspecified, and compilers differ), in the order of the
 * scenario's text. */
void accuracy_scenario(const struct acc_case *c, char *buf, size_t len)
{
	struct rng r;
	enum acc_kind kind = c->kind;
	rng_seed(&r, c->seed * 7919 + (uint64_t)kind * 31 + (uint64_t)c->noise * 5 + c->rail);
	size_t n = 0;
#define ADD(...) (n += (size_t)snprintf(buf + n, n < len ? len - n : 0, __VA_ARGS__))
	ADD("mass %.1f\nseed %llu\n", between(&r, 50, 110), (unsigned long long)c->seed);
	if (c->noise != ACC_CLEAN) {
		ADD("noise %.2f\n", between(&r, 0.3, 1.2));
		int hum_hz = rng_uniform(&r) < 0.5 ? 50 : 60;
		ADD("hum %d %.2f\n", hum_hz, between(&r, 0.3, 3));
		ADD("sway %.2f\n", between(&r, 1, 4));
		ADD("drift %.2f\n", c->noise == ACC_HARD ? between(&r, 0.3, 0.8) : between(&r, 0.1, 0.5));
	}
	if (c->noise == ACC_HARD)
		ADD("disturb %.2f\n", between(&r, 1, 3));
	if (c->rail && kind != ACC_HOLD_SEATED && kind != ACC_HOPS) {
		ADD("rail %.1f\n", between(&r, 2, 6));
		const char *wander = getenv("ACC_RAIL_WANDER"); /* bench_accuracy's option */
		if (wander)
			ADD("rail-wander %s\n", wander);
	}
	if (rng_uniform(&r) < 0.5)
		ADD("empty %.1f\nstep-on 1\n", between(&r, 1, 3));
	double share = between(&r, 40, 60);
	switch (kind) {
	case ACC_RAISE:
	case ACC_RAISE_SINGLE: {
		/* lowerings 0.5-5 s, half of them free (the speed wanders), half to a pacer. Drawn
		 * apart (so that the other draws stay as they were): in half the recordings the
		 * heels leave the ground as the body starts to rise and land only as it is back
		 * down (the COP comes back after the lowering's 10 % point), and a third of the
		 * sets are done with hardly a pause at the bottom (0.3-1 s). */
		struct rng apart;
		rng_seed(&apart, c->seed * 104729 + (uint64_t)kind);
		if (rng_uniform(&apart) < 0.5)
			ADD("heels %.1f\n", between(&apart, 2, 6));
		double short_rest = rng_uniform(&apart) < 1.0 / 3 ? between(&apart, 0.3, 1) : 0;
		double vary = rng_uniform(&r) < 0.5 ? 0 : between(&r, 0.2, 0.5);
		ADD("stand %.1f share=%.1f\n", between(&r, 3, 5), kind == ACC_RAISE ? share : 100.0);
		ADD("raise count=%d", 5 + (int)(rng_uniform(&r) * 8));
		ADD(" rise=%.2f", between(&r, 0.6, 1.5));
		ADD(" hold=%.2f", between(&r, 0.5, 2.5));
		ADD(" lower=%.2f", between(&r, 0.5, 5));
		ADD(" height=%.0f", between(&r, 30, 80));
		double rest = between(&r, 1, 3);
		ADD(" rest=%.2f jitter=0.15 vary=%.2f\nstand 3\n", short_rest > 0 ? short_rest : rest, vary);
		break;
	}
	case ACC_HOLD_STANDING:
		ADD("stand %.1f share=%.1f\n", between(&r, 3, 5), share);
		for (int k = 0; k < 2; k++) {
			ADD("hold standing seconds=%.1f", between(&r, 10, 35));
			ADD(" height=%.0f\n", between(&r, 30, 70));
			ADD("stand %.1f\n", between(&r, 3, 8));
		}
		break;
	case ACC_HOLD_SEATED:
		ADD("sit %.1f", between(&r, 2, 4));
		ADD(" load=%.0f share=%.1f\n", between(&r, 10, 20), share);
		for (int k = 0; k < 2; k++) {
			ADD("hold seated seconds=%.1f", between(&r, 20, 60));
			ADD(" push=%.0f", between(&r, 15, 60));
			ADD(" ramp=%.2f\n", between(&r, 0.4, 1.0));
			ADD("sit %.1f\n", between(&r, 3, 8));
		}
		break;
	case ACC_HOPS:
		ADD("stand %.1f share=%.1f\n", between(&r, 2, 4), share);
		ADD("hops count=%d", 5 + (int)(rng_uniform(&r) * 10));
		ADD(" flight=%.3f", between(&r, 0.2, 0.45));
		ADD(" contact=%.3f jitter=0.1\nstand 3\n", between(&r, 0.15, 0.4));
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
	if (s->n[m] == s->cap[m]) {
		size_t cap = s->cap[m] ? 2 * s->cap[m] : 64;
		double *grown = realloc(s->err[m], cap * sizeof *grown);
		if (!grown)
			return;
		s->err[m] = grown;
		s->cap[m] = cap;
	}
	s->err[m][s->n[m]++] = fabs(found - truth);
}

static void score_rep(struct acc_stats *s, const cJSON *truth, const struct rep_result *r)
{
	if (getenv("ACC_DUMP"))
		fprintf(stderr, "rep truth %.3f %.3f %.3f %.3f H %.1f | found %.3f %.3f %.3f %.3f H %.1f %s\n",
			num(truth, "start_s"), num(truth, "top_s"), num(truth, "lower_start_s"), num(truth, "end_s"),
			num(truth, "height_mm"), r->start_s, r->top_s, r->lower_start_s, r->end_s, r->height_mm,
			r->uncertain ? r->uncertain : "");
	score(s, M_HEIGHT, r->height_mm, num(truth, "height_mm"));
	score(s, M_SHARE, r->left_share_pct, num(truth, "left_share_pct"));
	if (r->uncertain) {
		s->reps_uncertain++;
		return;
	}
	double rise = fabs(r->rise_s - num(truth, "rise_s")), hold = fabs(r->hold_s - num(truth, "hold_s"));
	double lower = fabs(r->lower_s - num(truth, "lower_s"));
	s->reps_stated++;
	s->reps_off += rise > ACC_OFF_S || hold > ACC_OFF_S || lower > ACC_OFF_S;
	score(s, M_RISE, r->rise_s, num(truth, "rise_s"));
	score(s, M_HOLD, r->hold_s, num(truth, "hold_s"));
	score(s, M_LOWER, r->lower_s, num(truth, "lower_s"));
}

/* Truth events of a kind, each matched to the found event nearest in time (within 1 s). */
static size_t score_events(const cJSON *truth, const struct analysis *a, enum acc_kind kind, struct acc_stats *s)
{
	const char *list = kind == ACC_HOPS ? "hops" : kind >= ACC_HOLD_STANDING ? "holds" : "reps";
	const char *time_key = kind == ACC_HOPS ? "takeoff_s" : "start_s";
	size_t n_found = kind == ACC_HOPS ? a->n_hops : kind >= ACC_HOLD_STANDING ? a->n_holds : a->n_reps;
	const cJSON *ev;
	size_t n = 0;
	cJSON_ArrayForEach(ev, cJSON_GetObjectItemCaseSensitive(truth, list)) {
		double t0 = num(ev, time_key), best = 1.0;
		long found = -1;
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
		s->events_matched++;
		if (kind == ACC_HOPS) {
			const struct hop_result *h = &a->hops[found];
			score(s, M_FLIGHT, h->flight_s, num(ev, "flight_s"));
			score(s, M_CONTACT, h->contact_s, num(ev, "contact_s"));
		} else if (kind >= ACC_HOLD_STANDING) {
			const struct hold_result *h = &a->holds[found];
			score(s, M_HOLD_DURATION, h->duration_s, num(ev, "duration_s"));
			score(s, M_SHARE, h->left_share_pct, num(ev, "left_share_pct"));
		} else {
			score_rep(s, ev, &a->reps[found]);
		}
	}
	return n;
}

int accuracy_run(const struct acc_case *c, struct acc_stats *s)
{
	char text[4096];
	accuracy_scenario(c, text, sizeof text);
	if (getenv("ACC_SCENARIO"))
		snprintf(text, sizeof text, "%s", getenv("ACC_SCENARIO"));
	return accuracy_run_text(c, text, s);
}

int accuracy_run_text(const struct acc_case *c, const char *text, struct acc_stats *s)
{
	struct trace tr;
	char *truth_json;
	if (simulate_trace(text, c->rate, &tr, &truth_json) != ST_OK) {
		fprintf(stderr, "accuracy: simulate: %s\n", st_errmsg());
		return -1;
	}
	if (c->no_cop)
		strip_cop(&tr);
	enum exercise mode = c->kind == ACC_HOPS ? EXERCISE_HOP : c->kind >= ACC_HOLD_STANDING ? EXERCISE_HOLD
												: EXERCISE_HEEL_RAISE;
	struct analysis a;
	int rc = analyse_trace(&tr, mode, &a);
	cJSON *truth = cJSON_Parse(truth_json);
	trace_free(&tr);
	free(truth_json);
	if (rc != ST_OK || !truth) {
		fprintf(stderr, "accuracy: analyse %s/%s%s %u Hz seed %llu: %s\n", acc_kind_names[c->kind],
			acc_noise_names[c->noise], c->rail ? "/rail" : "", c->rate, (unsigned long long)c->seed,
			st_errmsg());
		cJSON_Delete(truth);
		return -1;
	}
	if (getenv("ACC_DUMP"))
		fprintf(stderr, "%s", text);
	if (getenv("ACC_DUMP"))
		fprintf(stderr, "body weight %.2f N (truth %.2f), hum %g Hz, noise %.3f N\n", a.body_weight_n,
			num(truth, "body_weight_n"), a.hum_hz, a.noise_sd_n);
	for (size_t i = 0; getenv("ACC_DUMP") && i < a.n_rejected; i++)
		fprintf(stderr, "rejected %.3f-%.3f: %s\n", a.rejected[i].start_s, a.rejected[i].end_s, a.rejected[i].reason);
	size_t n_truth = score_events(truth, &a, c->kind, s);
	size_t n_found = c->kind == ACC_HOPS ? a.n_hops : c->kind >= ACC_HOLD_STANDING ? a.n_holds : a.n_reps;
	s->recordings++;
	s->exact_counts += n_truth == n_found;
	s->events_truth += n_truth;
	s->events_found += n_found;
	if (getenv("ACCURACY_VERBOSE") && n_truth != n_found)
		fprintf(stderr, "count %s/%s%s %u Hz seed %llu: %zu found, %zu true\n%s\n", acc_kind_names[c->kind],
			acc_noise_names[c->noise], c->rail ? "/rail" : "", c->rate, (unsigned long long)c->seed, n_found,
			n_truth, text);
	cJSON_Delete(truth);
	analysis_free(&a);
	return 0;
}

void acc_stats_add(struct acc_stats *into, const struct acc_stats *s)
{
	for (int m = 0; m < M_MEASURES; m++)
		for (size_t i = 0; i < s->n[m]; i++)
			score(into, (enum acc_measure)m, s->err[m][i], 0);
	into->recordings += s->recordings;
	into->exact_counts += s->exact_counts;
	into->events_truth += s->events_truth;
	into->events_matched += s->events_matched;
	into->events_found += s->events_found;
	into->reps_stated += s->reps_stated;
	into->reps_off += s->reps_off;
	into->reps_uncertain += s->reps_uncertain;
}

void acc_stats_free(struct acc_stats *s)
{
	for (int m = 0; m < M_MEASURES; m++)
		free(s->err[m]);
	memset(s, 0, sizeof *s);
}

double acc_mean(const struct acc_stats *s, enum acc_measure m)
{
	double sum = 0;
	for (size_t i = 0; i < s->n[m]; i++)
		sum += s->err[m][i];
	return s->n[m] ? sum / (double)s->n[m] : NAN;
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double acc_quantile(const struct acc_stats *s, enum acc_measure m, double q)
{
	if (!s->n[m])
		return NAN;
	qsort(s->err[m], s->n[m], sizeof *s->err[m], compare_doubles);
	return s->err[m][(size_t)ceil(q * (double)s->n[m]) - (q > 0)];
}

double acc_worst(const struct acc_stats *s, enum acc_measure m)
{
	return acc_quantile(s, m, 1);
}

double acc_off_pct(const struct acc_stats *s)
{
	return s->reps_stated ? 100.0 * (double)s->reps_off / (double)s->reps_stated : 0;
}

double acc_uncertain_pct(const struct acc_stats *s)
{
	size_t matched = s->reps_stated + s->reps_uncertain;
	return matched ? 100.0 * (double)s->reps_uncertain / (double)matched : 0;
}

double acc_found_pct(const struct acc_stats *s)
{
	return s->events_truth ? 100.0 * (double)s->events_matched / (double)s->events_truth : 100;
}
