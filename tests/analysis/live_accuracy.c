#include "live_accuracy.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "analysis.h"
#include "capture.h"
#include "live.h"

static void add_delay(struct live_delays *d, double s)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 256;
		double *grown = realloc(d->s, cap * sizeof *grown);
		if (!grown)
			return;
		d->s = grown;
		d->cap = cap;
	}
	d->s[d->n++] = s;
}

static bool rep_verdict(const struct rep_result *r)
{
	return r->lower_s >= LIVE_LOWER_MIN_S && r->lower_s <= LIVE_LOWER_MAX_S;
}

static size_t event_size(enum exercise mode)
{
	return mode == EXERCISE_HEEL_RAISE ? sizeof(struct rep_result)
	       : mode == EXERCISE_HOLD	   ? sizeof(struct hold_result)
					   : sizeof(struct hop_result);
}

/* The offline event nearest in start time (within 0.5 s) to a live one; -1: none. */
static long match(enum exercise mode, const struct analysis *off, double start_s)
{
	size_t n;
	const char *ev = analysis_events_of(off, mode, &n);
	long best = -1;
	double best_d = 0.5;
	for (size_t i = 0; i < n; i++) {
		const double *s = (const double *)(ev + i * event_size(mode));
		if (fabs(*s - start_s) < best_d) { /* start_s / takeoff_s is each result's first field */
			best_d = fabs(*s - start_s);
			best = (long)i;
		}
	}
	return best;
}

double live_true_time(const cJSON *truth, double start_s, const char *key)
{
	const cJSON *rep;
	double best_d = 0.5, at = NAN;
	cJSON_ArrayForEach(rep, cJSON_GetObjectItemCaseSensitive(truth, "reps")) {
		const cJSON *s = cJSON_GetObjectItemCaseSensitive(rep, "start_s");
		const cJSON *e = cJSON_GetObjectItemCaseSensitive(rep, key);
		if (cJSON_IsNumber(s) && cJSON_IsNumber(e) && fabs(s->valuedouble - start_s) < best_d) {
			best_d = fabs(s->valuedouble - start_s);
			at = e->valuedouble;
		}
	}
	return at;
}

/* With LIVE_LIST set, the recording a listed event is in starts its line. */
static void list_case(const char *what, const struct acc_case *c)
{
	printf("%s: %s/%s%s %u Hz seed %llu", what, acc_kind_names[c->kind], acc_noise_names[c->noise],
	       c->rail ? "/rail" : "", c->rate, (unsigned long long)c->seed);
}

/* With LIVE_LIST set: one line per rep whose live verdict is not the offline one. */
static void list_disagreement(const struct acc_case *c, long k, const struct rep_result *on,
			      const struct rep_result *off)
{
	list_case("disagree", c);
	printf(" rep %ld start %.2f: live lower %.3f%s%s, offline %.3f\n", k, off->start_s, on->lower_s,
	       on->uncertain ? " uncertain: " : "", on->uncertain ? on->uncertain : "", off->lower_s);
}

/* When the live state first counted each rep (reported or waiting), in order, and
 * whether its early look reported it (live_state.reported_early). */
#define MAX_COUNTED 256
struct counted {
	double at[MAX_COUNTED];
	size_t n;
	bool early[MAX_COUNTED];
	double lower_reported[MAX_COUNTED]; /* as first reported */
	size_t n_reported;
};

/* The events live reported since *seen, each held against the offline one and the truth. */
static void score_new(const struct acc_case *c, enum exercise mode, double now, const struct analysis *on,
		      const struct analysis *off, const cJSON *truth, double hold_target, const struct counted *counted,
		      bool *matched, size_t *seen, struct live_kind *ks)
{
	size_t n;
	analysis_events_of(on, mode, &n);
	for (; *seen < n; (*seen)++) {
		size_t i = *seen;
		double start = mode == EXERCISE_HEEL_RAISE ? on->reps[i].start_s
			       : mode == EXERCISE_HOLD	   ? on->holds[i].start_s
							   : on->hops[i].takeoff_s;
		double true_end = live_true_time(truth, start, "end_s"), heels = live_true_time(truth, start, "heels_down_s");
		bool early = mode == EXERCISE_HEEL_RAISE && i < MAX_COUNTED && counted->early[i];
		if (mode == EXERCISE_HEEL_RAISE && isfinite(true_end)) {
			add_delay(&ks->after_truth, now - true_end);
			add_delay(&ks->after_heels, now - heels);
			add_delay(&ks->after_both, now - fmax(true_end, heels));
			if (early)
				add_delay(&ks->early_after_both, now - fmax(true_end, heels));
			if (i < counted->n)
				add_delay(&ks->counted_after_truth, counted->at[i] - true_end);
		}
		long k = match(mode, off, start);
		if (k < 0) {
			ks->missed++;
			if (getenv("LIVE_LIST")) {
				list_case("live only", c);
				printf(" event at %.2f\n", start);
			}
			continue;
		}
		if (matched[k]) { /* the same event once more */
			ks->twice++;
			if (getenv("LIVE_LIST")) {
				list_case("reported twice", c);
				printf(" event at %.2f\n", start);
			}
			continue;
		}
		matched[k] = true;
		double end = mode == EXERCISE_HEEL_RAISE ? off->reps[k].end_s
			     : mode == EXERCISE_HOLD	 ? off->holds[k].end_s
							 : off->hops[k].landing_s;
		add_delay(&ks->after_offline, now - end);
		ks->early += early;
		if (mode == EXERCISE_HEEL_RAISE && !off->reps[k].uncertain) {
			ks->judged++;
			ks->agree += rep_verdict(&on->reps[i]) == rep_verdict(&off->reps[k]);
			ks->unmeasured += on->reps[i].uncertain && rep_verdict(&on->reps[i]) != rep_verdict(&off->reps[k]);
			double true_lower = live_true_time(truth, start, "lower_s");
			if (!on->reps[i].uncertain && isfinite(true_lower))
				add_delay(early ? &ks->early_err : &ks->late_err, fabs(on->reps[i].lower_s - true_lower));
			if (!on->reps[i].uncertain && isfinite(true_lower)) {
				struct rep_result truth_rep = { .lower_s = true_lower };
				ks->truth_judged++;
				ks->live_right += rep_verdict(&on->reps[i]) == rep_verdict(&truth_rep);
				ks->offline_right += rep_verdict(&off->reps[k]) == rep_verdict(&truth_rep);
			}
			if (getenv("LIVE_LIST") && rep_verdict(&on->reps[i]) != rep_verdict(&off->reps[k]))
				list_disagreement(c, k, &on->reps[i], &off->reps[k]);
		} else if (mode == EXERCISE_HOLD) {
			ks->judged++;
			ks->agree += (on->holds[i].duration_s >= hold_target) == (off->holds[k].duration_s >= hold_target);
		}
	}
}

/* This thread's CPU time: the live path's cost, whatever else the machine runs meanwhile
 * (wall time read 5.8 us a sample with two other jobs on its two cores). */
static double thread_cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int live_accuracy_run(const struct acc_case *c, struct live_acc_stats *s)
{
	char text[4096];
	accuracy_scenario(c, text, sizeof text);
	struct trace t;
	char *truth_json = NULL;
	if (simulate_trace(text, c->rate, &t, &truth_json) != ST_OK) {
		fprintf(stderr, "live accuracy: simulate: %s\n", st_errmsg());
		return -1;
	}
	cJSON *truth = cJSON_Parse(truth_json);
	free(truth_json);
	enum exercise mode = c->kind == ACC_HOPS ? EXERCISE_HOP : c->kind >= ACC_HOLD_STANDING ? EXERCISE_HOLD
												: EXERCISE_HEEL_RAISE;
	double hold_target = c->kind == ACC_HOLD_SEATED ? 40 : 20;
	struct analysis off;
	struct live_analysis *la = NULL;
	if (!truth || analyse_trace(&t, mode, &off) != ST_OK) {
		fprintf(stderr, "live accuracy: offline %s %u Hz seed %llu: %s\n", acc_kind_names[c->kind], c->rate,
			(unsigned long long)c->seed, truth ? st_errmsg() : "no truth");
		cJSON_Delete(truth);
		trace_free(&t);
		return -1;
	}
	size_t seen = 0, n;
	analysis_events_of(&off, mode, &n);
	bool *matched = calloc(n + 1, sizeof *matched);
	int rc = matched ? live_analysis_new(t.rate_hz, mode, &la) : ST_ERR_NOMEM;
	if (rc == ST_OK)
		live_analysis_set_band(la, getenv("LIVE_NO_EARLY") ? 0 : LIVE_LOWER_MIN_S,
				       getenv("LIVE_NO_EARLY") ? 0 : LIVE_LOWER_MAX_S);
	struct live_kind *ks = &s->kind[mode];
	static struct counted counted;
	counted = (struct counted){ .n = 0 };
	int reported_early = 0, verdict_kept = 0;
	double t0 = thread_cpu_s(), now = 0;
	for (size_t i = 0; rc >= 0 && i <= t.n; i++) {
		if (i < t.n) {
			struct trace_sample smp;
			trace_get(&t, i, &smp);
			now = smp.t_s;
			rc = live_analysis_push(la, &smp);
		} else {
			rc = live_analysis_flush(la); /* the recording's end: a set's end */
		}
		struct live_state st; /* as the screen's worker takes it after every sample */
		live_analysis_state(la, &st);
		size_t reported = live_analysis_events(la)->n_reps;
		for (size_t k = reported + (size_t)st.waiting; counted.n < k && counted.n < MAX_COUNTED;)
			counted.at[counted.n++] = now;
		if (st.reported_early > reported_early && reported > 0 && reported <= MAX_COUNTED)
			counted.early[reported - 1] = true; /* a rep reported early is reported alone */
		reported_early = st.reported_early;
		verdict_kept = st.verdict_kept;
		for (; counted.n_reported < reported && counted.n_reported < MAX_COUNTED; counted.n_reported++)
			counted.lower_reported[counted.n_reported] = live_analysis_events(la)->reps[counted.n_reported].lower_s;
		if (rc > 0)
			score_new(c, mode, now, live_analysis_events(la), &off, truth, hold_target, &counted, matched, &seen,
				  ks);
	}
	if (rc < 0)
		fprintf(stderr, "live accuracy: live %s %u Hz seed %llu: %s\n", acc_kind_names[c->kind], c->rate,
			(unsigned long long)c->seed, st_errmsg());
	s->live_s += thread_cpu_s() - t0;
	s->samples += (double)t.n;
	for (size_t i = 0; i < n; i++) /* offline events live never reported */
		ks->missed += !matched[i];
	/* reps reported early and measured again: the stored verdict against the one shown */
	ks->verdict_kept += (size_t)verdict_kept;
	const struct analysis *kept = live_analysis_events(la);
	for (size_t i = 0; mode == EXERCISE_HEEL_RAISE && i < kept->n_reps && i < counted.n_reported; i++)
		if (counted.early[i]) {
			struct rep_result shown = { .lower_s = counted.lower_reported[i] };
			ks->refined_changed += rep_verdict(&kept->reps[i]) != rep_verdict(&shown);
			add_delay(&ks->refined_by, fabs(kept->reps[i].lower_s - shown.lower_s));
		}
	free(matched);
	for (size_t i = 0; getenv("LIVE_LIST") && mode == EXERCISE_HEEL_RAISE && i < off.n_reps; i++)
		if (match(mode, live_analysis_events(la), off.reps[i].start_s) < 0) {
			list_case("offline only", c);
			printf(" rep at %.2f\n", off.reps[i].start_s);
		}
	live_analysis_free(la);
	analysis_free(&off);
	cJSON_Delete(truth);
	trace_free(&t);
	return rc < 0 ? -1 : 0;
}

void live_acc_stats_free(struct live_acc_stats *s)
{
	for (int m = 0; m < 3; m++) {
		free(s->kind[m].after_offline.s);
		free(s->kind[m].after_truth.s);
		free(s->kind[m].after_heels.s);
		free(s->kind[m].after_both.s);
		free(s->kind[m].early_after_both.s);
		free(s->kind[m].counted_after_truth.s);
		free(s->kind[m].early_err.s);
		free(s->kind[m].late_err.s);
		free(s->kind[m].refined_by.s);
	}
	*s = (struct live_acc_stats){ 0 };
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double live_delay_quantile(struct live_delays *d, double q)
{
	if (!d->n)
		return NAN;
	qsort(d->s, d->n, sizeof *d->s, compare);
	return d->s[(size_t)(q * (double)(d->n - 1))];
}
