/* analysis.c: analyse_trace(): cuts the recording at its gaps, removes mains hum, weighs
 * the patient, runs the exercise's detector over each piece, and writes the JSON. */
#include "analysis.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "dsp.h"
#include "event_fields.h"
#include "status.h"

#define MIN_PIECE_S 1.0

static const char *const exercise_names[] = { "heel-raise", "hold", "hop" };

int exercise_from_name(const char *name, enum exercise *out)
{
	for (int e = 0; e < 3; e++)
		if (strcmp(name, exercise_names[e]) == 0) {
			*out = (enum exercise)e;
			return ST_OK;
		}
	return st_fail(ST_ERR_ARG, "unknown exercise '%s' (heel-raise, hold or hop)", name);
}

const char *exercise_name(enum exercise e)
{
	return exercise_names[e];
}

struct pieces {
	struct piece *p;
	size_t n;
};

static void pieces_free(struct pieces *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		piece_free(&ps->p[i]);
	free(ps->p);
}

/* Cuts t at its gaps; pieces shorter than MIN_PIECE_S are too short to analyse. With
 * work (t itself, given to be overwritten) the pieces are prepared in its columns. */
static int cut_at_gaps(const struct trace *t, struct trace *work, double hum_hz, struct pieces *ps, size_t *gaps)
{
	ps->p = NULL;
	ps->n = 0;
	*gaps = 0;
	size_t start = 0;
	for (size_t i = 1; i <= t->n; i++) {
		if (i < t->n && !(t->flags[i] & TRACE_GAP_BEFORE))
			continue;
		if (i < t->n)
			(*gaps)++;
		if ((double)(i - start) >= MIN_PIECE_S * t->rate_hz) {
			struct piece *grown = realloc(ps->p, (ps->n + 1) * sizeof *grown);
			if (!grown)
				return st_fail(ST_ERR_NOMEM, "analysis: out of memory");
			ps->p = grown;
			int rc = work ? piece_prepare_in(work, start, i - start, hum_hz, &ps->p[ps->n])
				      : piece_prepare(t, start, i - start, hum_hz, &ps->p[ps->n]);
			if (rc != ST_OK)
				return rc;
			ps->p[ps->n].gap_before = start > 0;
			ps->p[ps->n].gap_after = i < t->n;
			ps->n++;
		}
		start = i;
	}
	return ST_OK;
}

/* Mains hum, judged on the longest stretch without a gap. */
static int find_hum(const struct trace *t, double *hum_hz)
{
	size_t best_a = 0, best_len = 0, start = 0;
	for (size_t i = 1; i <= t->n; i++) {
		if (i < t->n && !(t->flags[i] & TRACE_GAP_BEFORE))
			continue;
		if (i - start > best_len) {
			best_len = i - start;
			best_a = start;
		}
		start = i;
	}
	double amplitude;
	return dsp_detect_hum_sum(t->fz[0] + best_a, t->fz[1] + best_a, best_len, t->rate_hz, hum_hz, &amplitude);
}

/* The first quiet stance from piece k's sample from on whose level is at least
 * min_level, in that piece or a later one: its piece and stretch. */
static bool stance_after(const struct pieces *ps, size_t k, size_t from, double min_level, size_t *pk, size_t *a,
			 size_t *b)
{
	for (; k < ps->n; k++, from = 0)
		if (find_quiet_stance(&ps->p[k], from, min_level, a, b)) {
			*pk = k;
			return true;
		}
	return false;
}

/* Takes what each plate read empty off its force, in every piece. */
static void take_off_zero(const struct pieces *ps, const double zero_n[2])
{
	float z[2] = { (float)zero_n[0], (float)zero_n[1] };
	if (z[0] == 0 && z[1] == 0)
		return;
	for (size_t k = 0; k < ps->n; k++) {
		const struct piece *p = &ps->p[k];
		for (size_t i = 0; i < p->n; i++) {
			p->left[i] -= z[0];
			p->right[i] -= z[1];
			p->total[i] -= z[0] + z[1];
			p->smooth[i] -= z[0] + z[1];
		}
	}
}

/* The plates' zeros, where the recording begins with them empty: its first quiet stretch,
 * whatever it reads, lies before any centre of pressure (the plates' own word that nobody
 * is on them), in a recording that has one later. What each plate reads there is its zero
 * (a plate not tared), taken off every force so that the body's weight, and its mass in the
 * heights and the work, and the load share are the body's (25 N a plate weighed a 735 N
 * patient at 785 N and its heel raises 13 % low). Less than ZERO_MIN_N is a tared plate's
 * noise: left as it is. A seat's load is no zero: the COP is there. */
#define ZERO_MIN_N 1.0
static void find_zero(const struct pieces *ps, struct analysis *out)
{
	bool cop = false;
	for (size_t k = 0; k < ps->n; k++)
		cop = cop || ps->p[k].has_cop;
	size_t k, qa, qb;
	if (!cop || !stance_after(ps, 0, 0, -INFINITY, &k, &qa, &qb) || qb > ps->p[k].cop_from)
		return;
	for (size_t j = 0; j < k; j++)
		if (ps->p[j].has_cop)
			return; /* someone stood before that stretch */
	const struct piece *p = &ps->p[k];
	double zero[2] = { mean_of(p->left, qa, qb), mean_of(p->right, qa, qb) };
	if (fabs(zero[0]) < ZERO_MIN_N && fabs(zero[1]) < ZERO_MIN_N)
		return;
	memcpy(out->zero_n, zero, sizeof zero);
	take_off_zero(ps, out->zero_n);
}

/* Body weight, noise floor and flat-foot COP from the first quiet stance (not the empty
 * plates: EMPTY_MAX_N; nor a seat before the patient stands), gaps or not; else the
 * median load. */
static void weigh(const struct pieces *ps, struct analysis *out)
{
	find_zero(ps, out);
	size_t k, qa, qb, later_k, later_a, later_b;
	if (stance_after(ps, 0, 0, MIN_STANCE_N, &k, &qa, &qb)) {
		double level = mean_of(ps->p[k].smooth, qa, qb);
		if (level < EMPTY_MAX_N &&
		    stance_after(ps, k, qb, fmax(EMPTY_TIMES * level, STANDING_MIN_N), &later_k, &later_a, &later_b))
			k = later_k, qa = later_a, qb = later_b;
		const struct piece *p = &ps->p[k];
		out->weighed = true;
		out->body_weight_n = mean_of(p->total, qa, qb);
		out->noise_sd_n = dsp_noise_sd_float(p->total + qa, qb - qa, p->rate);
		out->cop_flat_mm = p->has_cop ? quantile_of(p->cop_y + qa, qb - qa, 0.5) : NAN;
		return;
	}
	const struct piece *p = &ps->p[0];
	double *loaded = malloc(p->n * sizeof *loaded);
	if (!loaded)
		return;
	for (size_t i = 0; i < p->n; i++)
		loaded[i] = p->smooth[i] >= MIN_STANCE_N ? p->smooth[i] : NAN;
	out->body_weight_n = quantile_of(loaded, p->n, 0.5);
	out->noise_sd_n = dsp_noise_sd_float(p->total, p->n, p->rate);
	free(loaded);
}

/* A rep or hold that a gap in the recording cuts cannot be measured (nothing is measured
 * across a gap), but it is not left out without a word: it goes in the rejected list,
 * once, in time order: at the piece's start (before its events are detected, unless the
 * piece before ended with the heels up at the gap: *cut_open) or at its end (after). So
 * does one under way as the recording begins or ends (a stranger's recordings cut in a
 * rep or a hold lost it without a word). */
static const char cut_by_gap[] = "a gap in the recording cuts it: nothing is measured across a gap";
static const char cut_by_start[] = "the recording begins with the heels up: the rep or hold under way is not "
				   "whole in it";
static const char cut_by_end[] = "the recording ends with the heels up: the rep or hold under way is not whole "
				 "in it";

static int reject_cut_at_start(const struct piece *p, const struct heels_edges *edges, bool cut_open,
			       struct analysis *out)
{
	if (!isnan(edges->down_at_start) && !cut_open)
		return analysis_reject(out, p->t[0], edges->down_at_start, p->gap_before ? cut_by_gap : cut_by_start);
	return ST_OK;
}

static int reject_cut_at_end(const struct piece *p, const struct heels_edges *edges, bool *cut_open,
			     struct analysis *out)
{
	*cut_open = p->gap_after && !isnan(edges->up_at_end);
	if (isnan(edges->up_at_end))
		return ST_OK;
	return analysis_reject(out, edges->up_at_end, p->t[p->n - 1], p->gap_after ? cut_by_gap : cut_by_end);
}

static int detect_in_piece(const struct piece *p, enum exercise mode, bool early_look, bool *cut_open,
			   struct analysis *out)
{
	if (mode == EXERCISE_HOP)
		return detect_hops(p, out->body_weight_n, out->noise_sd_n, out);
	struct heels_up *up;
	size_t n_up;
	struct heels_edges edges = { NAN, NAN, NAN };
	double min_load = heels_up_min_load(mode, out->body_weight_n);
	struct cop_levels levels = find_cop_levels(p, min_load, out->cop_flat_mm);
	/* no COP (the columns are optional: DESIGN.md), or one that barely moves (no heel was
	 * raised, or its columns are not in mm: a stranger's in cm gave no rep and no word):
	 * the reps are found from the force alone (rises.c); with a still COP, each is then
	 * rejected saying so */
	bool still = p->has_cop && isnan(levels.flat);
	out->cop_missing = out->cop_missing && !p->has_cop; /* (true before the first piece) */
	out->cop_still = out->cop_still && (still || !p->has_cop);
	if (isnan(levels.flat) && mode != EXERCISE_HEEL_RAISE)
		return ST_OK;
	int rc = isnan(levels.flat) ? find_rises(p, out->body_weight_n, &up, &n_up)
				    : find_heels_up(p, levels, min_load, &up, &n_up, &edges);
	if (rc == ST_OK)
		rc = reject_cut_at_start(p, &edges, *cut_open, out);
	size_t first = out->n_reps;
	if (rc == ST_OK)
		rc = mode == EXERCISE_HOLD ? detect_holds(p, out->body_weight_n, up, n_up, out)
					   : detect_reps(p, out->body_weight_n, up, n_up, &edges, early_look, out);
	if (rc == ST_OK && isnan(levels.flat))
		rc = reject_small_rises(out, first);
	if (rc == ST_OK && still)
		rc = reject_reps_since(out, first, "the force shows a heel raise here, but the centre of pressure "
						   "barely moves: no heel was raised, or its columns are not in mm");
	if (rc == ST_OK)
		rc = reject_cut_at_end(p, &edges, cut_open, out);
	free(up);
	return rc;
}

static int prepare(const struct trace *t, struct trace *work, const struct analysis_known *known,
		   struct analysis *out, struct pieces *ps)
{
	memset(out, 0, sizeof *out);
	*ps = (struct pieces){ 0 };
	out->rate_hz = t->rate_hz;
	out->body_weight_n = known ? known->body_weight_n : NAN;
	out->noise_sd_n = known ? known->noise_sd_n : NAN;
	out->cop_flat_mm = known ? known->cop_flat_mm : NAN;
	if (known)
		memcpy(out->zero_n, known->zero_n, sizeof out->zero_n);
	if (t->n < (size_t)(MIN_PIECE_S * t->rate_hz))
		return st_fail(ST_ERR_DATA, "recording too short to analyse (%zu samples, at least %g s needed)", t->n,
			       MIN_PIECE_S);
	out->duration_s = t->t_s[t->n - 1] - t->t_s[0] + 1 / t->rate_hz;
	int rc = ST_OK;
	if (known && !isnan(known->hum_hz))
		out->hum_hz = known->hum_hz;
	else
		rc = find_hum(t, &out->hum_hz);
	if (rc == ST_OK)
		rc = cut_at_gaps(t, work, out->hum_hz, ps, &out->gaps);
	if (rc == ST_OK && ps->n == 0)
		rc = st_fail(ST_ERR_DATA, "no stretch of at least %g s without a gap to analyse", MIN_PIECE_S);
	if (rc == ST_OK && isnan(out->body_weight_n))
		weigh(ps, out);
	else if (rc == ST_OK)
		take_off_zero(ps, out->zero_n); /* known */
	return rc;
}

static int analyse(const struct trace *t, struct trace *work, enum exercise mode,
		   const struct analysis_known *known, struct analysis *out)
{
	struct pieces ps;
	int rc = prepare(t, work, known, out, &ps);
	if (rc == ST_OK && !(out->body_weight_n >= MIN_STANCE_N))
		rc = st_fail(ST_ERR_DATA, "nobody on the plates: the load never reaches %g N", MIN_STANCE_N);
	bool cut_open = false;
	/* a warning about the COP is about the whole recording: a piece of empty plates or of
	 * standing before a gap has none, or a still one, whatever the rest has (a stranger's
	 * hold, found, came with "the recording has no centre of pressure") */
	out->cop_missing = out->cop_still = mode != EXERCISE_HOP;
	for (size_t k = 0; rc == ST_OK && k < ps.n; k++)
		rc = detect_in_piece(&ps.p[k], mode, known && known->early_look, &cut_open, out);
	out->cop_still = out->cop_still && !out->cop_missing;
	pieces_free(&ps);
	if (rc != ST_OK)
		analysis_free(out);
	return rc;
}

int analyse_trace_known(const struct trace *t, enum exercise mode, const struct analysis_known *known,
			struct analysis *out)
{
	return analyse(t, NULL, mode, known, out);
}

int analyse_trace(const struct trace *t, enum exercise mode, struct analysis *out)
{
	return analyse(t, NULL, mode, NULL, out);
}

int analyse_trace_in_place(struct trace *t, enum exercise mode, struct analysis *out)
{
	return analyse(t, t, mode, NULL, out);
}

int analysis_learn(const struct trace *t, struct analysis_known *known)
{
	struct analysis a;
	struct pieces ps;
	int rc = prepare(t, NULL, NULL, &a, &ps);
	pieces_free(&ps);
	if (rc != ST_OK)
		return rc;
	if (!a.weighed)
		return st_fail(ST_ERR_NOT_FOUND, "no quiet stance yet");
	*known = (struct analysis_known){ .body_weight_n = a.body_weight_n, .noise_sd_n = a.noise_sd_n,
					  .hum_hz = a.hum_hz, .cop_flat_mm = a.cop_flat_mm,
					  .zero_n = { a.zero_n[0], a.zero_n[1] } };
	return ST_OK;
}

int analysis_reject(struct analysis *out, double start_s, double end_s, const char *reason)
{
	struct rejected_event *grown = realloc(out->rejected, (out->n_rejected + 1) * sizeof *grown);
	if (!grown)
		return st_fail(ST_ERR_NOMEM, "analysis: out of memory");
	out->rejected = grown;
	out->rejected[out->n_rejected++] = (struct rejected_event){ start_s, end_s, reason };
	return ST_OK;
}

void analysis_free(struct analysis *a)
{
	free(a->reps);
	free(a->holds);
	free(a->hops);
	free(a->rejected);
	a->reps = NULL;
	a->holds = NULL;
	a->hops = NULL;
	a->rejected = NULL;
	a->n_reps = a->n_holds = a->n_hops = a->n_rejected = 0;
}

/* Numbers rounded to what they mean: 0.1 ms for times, 0.01 for the rest. */
static void add(cJSON *o, const char *key, double v, double unit)
{
	if (isfinite(v))
		cJSON_AddNumberToObject(o, key, round(v / unit) * unit);
}

/* One rep, hold or hop, its fields as event_fields.c lists them. */
static cJSON *event_json(const struct event_kind *k, const void *event)
{
	cJSON *o = cJSON_CreateObject();
	for (size_t i = 0; i < k->n_fields; i++) {
		const struct event_field *f = &k->fields[i];
		if (f->type == EVENT_BOOL)
			cJSON_AddBoolToObject(o, f->name, event_bool(event, f));
		else if (f->type == EVENT_REAL)
			add(o, f->name, event_real(event, f), f->unit);
		else if (event_text(event, f)) {
			/* a rep whose phase times cannot be trusted says so and why (DESIGN.md) */
			cJSON_AddStringToObject(o, "timing", "uncertain");
			cJSON_AddStringToObject(o, "reason", event_text(event, f));
		}
	}
	return o;
}

const void *analysis_events_of(const struct analysis *a, enum exercise mode, size_t *n)
{
	*n = mode == EXERCISE_HEEL_RAISE ? a->n_reps : mode == EXERCISE_HOLD ? a->n_holds : a->n_hops;
	return mode == EXERCISE_HEEL_RAISE ? (const void *)a->reps
	       : mode == EXERCISE_HOLD	   ? (const void *)a->holds
					   : (const void *)a->hops;
}

char *analysis_event_json(enum exercise mode, const void *event, double emitted_at_s)
{
	cJSON *o = event_json(event_kind_of(mode), event);
	add(o, "emitted_at_s", emitted_at_s, 1e-4);
	char *text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return text;
}

/* where a recording's COP is missing (trace_cop_bridgeable) */
#define COP_WHERE                                                                                  \
	"where the feet bear the load (no COP columns, or blank there for more than a second at a " \
	"time, or 5 % of the time)"

char *analysis_to_json(const struct analysis *a, enum exercise mode)
{
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "exercise", exercise_name(mode));
	add(root, "rate_hz", a->rate_hz, 1e-3);
	add(root, "duration_s", a->duration_s, 1e-4);
	add(root, "body_weight_n", a->body_weight_n, 0.01);
	add(root, "noise_sd_n", a->noise_sd_n, 0.001);
	add(root, "hum_hz", a->hum_hz, 1);
	if (a->zero_n[0] != 0 || a->zero_n[1] != 0) { /* the plates' zeros, taken off (weigh) */
		cJSON *zero = cJSON_AddArrayToObject(root, "zero_offset_n");
		for (int side = 0; side < 2; side++)
			cJSON_AddItemToArray(zero, cJSON_CreateNumber(round(a->zero_n[side] * 100) / 100));
	}
	cJSON_AddNumberToObject(root, "gaps", (double)a->gaps);
	const struct event_kind *k = event_kind_of(mode);
	size_t n;
	const void *events = analysis_events_of(a, mode, &n);
	cJSON *list = cJSON_AddArrayToObject(root, k->list);
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(list, event_json(k, (const char *)events + i * k->size));
	if (mode == EXERCISE_HEEL_RAISE) {
		double work = 0;
		for (size_t i = 0; i < a->n_reps; i++) /* a rep without work (higher than a heel raise goes) adds none */
			work += isfinite(a->reps[i].work_j) ? a->reps[i].work_j : 0;
		add(root, "total_work_j", work, 0.01);
	}
	cJSON *rejected = cJSON_AddArrayToObject(root, "rejected");
	for (size_t i = 0; i < a->n_rejected; i++) {
		cJSON *o = cJSON_CreateObject();
		add(o, "start_s", a->rejected[i].start_s, 1e-4);
		add(o, "end_s", a->rejected[i].end_s, 1e-4);
		cJSON_AddStringToObject(o, "reason", a->rejected[i].reason);
		cJSON_AddItemToArray(rejected, o);
	}
	char still[128];
	snprintf(still, sizeof still, "the centre of pressure moves less than %g mm forward: no heel was raised, or "
				      "its columns are not in mm", COP_MIN_TRAVEL_MM);
	if (a->cop_still && mode != EXERCISE_HOP)
		cJSON_AddStringToObject(root, "warning", still);
	else if (a->cop_missing && mode == EXERCISE_HEEL_RAISE)
		cJSON_AddStringToObject(root, "warning", "the recording has no centre of pressure " COP_WHERE ": reps "
							 "are found from the force alone, not checked against the "
							 "heels leaving and meeting the ground");
	else if (a->cop_missing && mode == EXERCISE_HOLD)
		cJSON_AddStringToObject(root, "warning", "the recording has no centre of pressure " COP_WHERE ": holds "
							 "(the heels up, by the COP) cannot be found");
	char *text = cJSON_Print(root);
	cJSON_Delete(root);
	return text;
}
