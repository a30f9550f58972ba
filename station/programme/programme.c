/* programme.c: loading and validating the programme file (layout in assets/programme.json). */
#include "programme.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_line.h"
#include "assets.h"
#include "safe_file.h"
#include "status.h"

#define PROGRAMME_FILE_MAX (1 << 20)

static const struct {
	const char *name;
	enum exercise mode;
	bool single_leg;
} kinds[EX_KIND_COUNT] = {
	[EX_SEATED_HOLD] = { "seated-hold", EXERCISE_HOLD, false },
	[EX_STANDING_DOUBLE_RAISE] = { "standing-double-raise", EXERCISE_HEEL_RAISE, false },
	[EX_SEATED_LOADED_RAISE] = { "seated-loaded-raise", EXERCISE_HEEL_RAISE, false },
	[EX_STANDING_SINGLE_RAISE] = { "standing-single-raise", EXERCISE_HEEL_RAISE, true },
	[EX_STEP_RAISE] = { "step-raise", EXERCISE_HEEL_RAISE, false },
	[EX_FAST_RAISE] = { "fast-raise", EXERCISE_HEEL_RAISE, false },
	[EX_HOPS] = { "hops", EXERCISE_HOP, false },
	[EX_SKIPPING] = { "skipping", EXERCISE_HOP, false },
	[EX_STANDING_RAISED_HOLD] = { "standing-raised-hold", EXERCISE_HOLD, false },
};

const char *ex_kind_name(enum ex_kind k)
{
	return (unsigned)k < EX_KIND_COUNT ? kinds[k].name : "?";
}

int ex_kind_from_name(const char *name, enum ex_kind *out)
{
	for (int k = 0; k < EX_KIND_COUNT; k++)
		if (strcmp(name, kinds[k].name) == 0) {
			*out = (enum ex_kind)k;
			return ST_OK;
		}
	return st_fail(ST_ERR_ARG, "unknown exercise kind '%s' (seated-hold, standing-double-raise, "
				   "seated-loaded-raise, standing-single-raise, step-raise, fast-raise, "
				   "hops, skipping, standing-raised-hold)", name);
}

enum exercise ex_kind_mode(enum ex_kind k)
{
	return kinds[k].mode;
}

bool ex_kind_single_leg(enum ex_kind k)
{
	return kinds[k].single_leg;
}

const char *exercise_count_noun(enum exercise mode, int n)
{
	static const char *const noun[][2] = { [EXERCISE_HEEL_RAISE] = { "rep", "reps" },
					       [EXERCISE_HOLD] = { "hold", "holds" },
					       [EXERCISE_HOP] = { "hop", "hops" } };
	return noun[mode][n != 1];
}

/* The text being validated, for messages naming the line. */
struct ctx {
	const char *text, *name;
	size_t len;
	const cJSON *root;
};

static int fail_at(const struct ctx *c, const cJSON *node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail_at(const struct ctx *c, const cJSON *node, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return st_fail(ST_ERR_DATA, "%s:%d: %s", c->name, json_line_of(c->text, c->len, c->root, node), msg);
}

/* Every key of obj must be one of allowed (NULL-terminated): a typo is an error, not a
 * silently missing value. */
static int known_keys(const struct ctx *c, const cJSON *obj, const char *const *allowed)
{
	const cJSON *k;
	cJSON_ArrayForEach(k, obj) {
		const char *const *a = allowed;
		while (*a && strcmp(*a, k->string) != 0)
			a++;
		if (!*a)
			return fail_at(c, k, "unknown key '%s'", k->string);
		for (const cJSON *d = obj->child; d != k; d = d->next)
			if (strcmp(d->string, k->string) == 0)
				return fail_at(c, k, "'%s' given twice", k->string);
	}
	return ST_OK;
}

static int get_object(const struct ctx *c, const cJSON *obj, const char *key, const cJSON **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v)
		return fail_at(c, obj, "'%s' is missing", key);
	if (!cJSON_IsObject(v))
		return fail_at(c, v, "'%s' must be an object", key);
	*out = v;
	return ST_OK;
}

/* A number within [lo, hi]; absent keys keep *out when not required. */
static int get_number(const struct ctx *c, const cJSON *obj, const char *key, double lo, double hi,
		      bool required, double *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v)
		return required ? fail_at(c, obj, "'%s' is missing", key) : ST_OK;
	if (!cJSON_IsNumber(v))
		return fail_at(c, v, "'%s' must be a number", key);
	if (!(v->valuedouble >= lo && v->valuedouble <= hi))
		return fail_at(c, v, "'%s' is %g, outside %g to %g", key, v->valuedouble, lo, hi);
	*out = v->valuedouble;
	return ST_OK;
}

static int get_int(const struct ctx *c, const cJSON *obj, const char *key, int lo, int hi, bool required,
		   int *out)
{
	double d = *out;
	int rc = get_number(c, obj, key, lo, hi, required, &d);
	if (rc != ST_OK)
		return rc;
	if (d != (int)d)
		return fail_at(c, cJSON_GetObjectItemCaseSensitive(obj, key), "'%s' must be a whole number", key);
	*out = (int)d;
	return ST_OK;
}

static int get_bool(const struct ctx *c, const cJSON *obj, const char *key, bool *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v)
		return ST_OK;
	if (!cJSON_IsBool(v))
		return fail_at(c, v, "'%s' must be true or false", key);
	*out = cJSON_IsTrue(v);
	return ST_OK;
}

static int get_text(const struct ctx *c, const cJSON *obj, const char *key, char *out, size_t size)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v)
		return fail_at(c, obj, "'%s' is missing", key);
	if (!cJSON_IsString(v) || !*v->valuestring)
		return fail_at(c, v, "'%s' must be a non-empty string", key);
	if (strlen(v->valuestring) >= size)
		return fail_at(c, v, "'%s' is longer than %zu characters", key, size - 1);
	strcpy(out, v->valuestring);
	return ST_OK;
}

/* A range: a number (lo == hi) or [lo, hi], each within [min, max]. */
static int get_range(const struct ctx *c, const cJSON *obj, const char *key, double min, double max,
		     bool whole, double *lo, double *hi)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v)
		return ST_OK;
	const cJSON *a = v, *b = v;
	if (cJSON_IsArray(v)) {
		if (cJSON_GetArraySize(v) != 2)
			return fail_at(c, v, "'%s' must be a number or [low, high]", key);
		a = cJSON_GetArrayItem(v, 0);
		b = cJSON_GetArrayItem(v, 1);
	}
	const cJSON *ends[2] = { a, b };
	for (int i = 0; i < 2; i++) {
		const cJSON *e = ends[i];
		if (!cJSON_IsNumber(e))
			return fail_at(c, e, "'%s' must be a number or [low, high]", key);
		if (!(e->valuedouble >= min && e->valuedouble <= max))
			return fail_at(c, e, "'%s' is %g, outside %g to %g", key, e->valuedouble, min, max);
		if (whole && e->valuedouble != (int)e->valuedouble)
			return fail_at(c, e, "'%s' must be whole numbers", key);
	}
	if (a->valuedouble > b->valuedouble)
		return fail_at(c, v, "'%s': low end %g above high end %g", key, a->valuedouble, b->valuedouble);
	*lo = a->valuedouble;
	*hi = b->valuedouble;
	return ST_OK;
}

static int get_int_range(const struct ctx *c, const cJSON *obj, const char *key, int max, int *lo, int *hi)
{
	double l = 0, h = 0;
	int rc = get_range(c, obj, key, 0, max, true, &l, &h);
	*lo = (int)l;
	*hi = (int)h;
	return rc;
}

static int parse_rules(const struct ctx *c, const cJSON *obj, struct progression_rules *r)
{
	static const char *const keys[] = { "window", "needed", "in_band_pct", "share_pct", "lsi_min_pct",
					    "pain_during_max", "pain_next_day_max", "pain_weekly_rise_max",
					    "pain_before_max", "pain_before_go_on", "ease_pct", "support_max_pct", NULL };
	int rc = known_keys(c, obj, keys);
	if (rc == ST_OK)
		rc = get_int(c, obj, "window", 1, 20, true, &r->window);
	if (rc == ST_OK)
		rc = get_int(c, obj, "needed", 1, 20, true, &r->needed);
	if (rc == ST_OK && r->needed > r->window)
		rc = fail_at(c, cJSON_GetObjectItemCaseSensitive(obj, "needed"),
			     "'needed' (%d) is more than 'window' (%d)", r->needed, r->window);
	if (rc == ST_OK)
		rc = get_number(c, obj, "in_band_pct", 0, 100, true, &r->in_band_pct);
	if (rc == ST_OK && !cJSON_GetObjectItemCaseSensitive(obj, "share_pct"))
		rc = fail_at(c, obj, "'share_pct' is missing");
	if (rc == ST_OK)
		rc = get_range(c, obj, "share_pct", 0, 100, false, &r->share_min_pct, &r->share_max_pct);
	if (rc == ST_OK)
		rc = get_number(c, obj, "lsi_min_pct", 0, 200, true, &r->lsi_min_pct);
	if (rc == ST_OK)
		rc = get_int(c, obj, "pain_during_max", 0, 10, true, &r->pain_during_max);
	if (rc == ST_OK)
		rc = get_int(c, obj, "pain_next_day_max", 0, 10, true, &r->pain_next_day_max);
	if (rc == ST_OK)
		rc = get_number(c, obj, "pain_weekly_rise_max", 0, 10, true, &r->pain_weekly_rise_max);
	r->pain_before_max = r->pain_during_max;
	r->pain_before_go_on = true;
	r->ease_pct = 25;
	r->support_max_pct = 5;
	if (rc == ST_OK)
		rc = get_int(c, obj, "pain_before_max", 0, 10, false, &r->pain_before_max);
	if (rc == ST_OK)
		rc = get_bool(c, obj, "pain_before_go_on", &r->pain_before_go_on);
	if (rc == ST_OK)
		rc = get_number(c, obj, "ease_pct", 0, 90, false, &r->ease_pct);
	if (rc == ST_OK)
		rc = get_number(c, obj, "support_max_pct", 0, 50, false, &r->support_max_pct);
	return rc;
}

static int parse_exercise(const struct ctx *c, const cJSON *obj, struct prog_exercise *e)
{
	static const char *const keys[] = { "kind", "name", "sets", "reps", "hold_s", "lower_s",
					    "rest_s", "rest_each_s", NULL };
	if (!cJSON_IsObject(obj))
		return fail_at(c, obj, "an exercise must be an object");
	int rc = known_keys(c, obj, keys);
	char kind[48];
	if (rc == ST_OK)
		rc = get_text(c, obj, "kind", kind, sizeof kind);
	if (rc == ST_OK && ex_kind_from_name(kind, &e->kind) != ST_OK)
		rc = fail_at(c, cJSON_GetObjectItemCaseSensitive(obj, "kind"), "%s", st_errmsg());
	if (rc == ST_OK)
		rc = get_text(c, obj, "name", e->name, sizeof e->name);
	struct dose *d = &e->dose;
	if (rc == ST_OK && !cJSON_GetObjectItemCaseSensitive(obj, "sets"))
		rc = fail_at(c, obj, "'sets' is missing");
	if (rc == ST_OK)
		rc = get_int_range(c, obj, "sets", 20, &d->sets_min, &d->sets_max);
	if (rc == ST_OK)
		rc = get_int_range(c, obj, "reps", 100, &d->reps_min, &d->reps_max);
	if (rc == ST_OK)
		rc = get_range(c, obj, "hold_s", 0, 600, false, &d->hold_min_s, &d->hold_max_s);
	if (rc == ST_OK)
		rc = get_range(c, obj, "lower_s", 0, 30, false, &d->lower_min_s, &d->lower_max_s);
	if (rc == ST_OK)
		rc = get_number(c, obj, "rest_s", 0, 1800, true, &d->rest_s);
	if (rc == ST_OK)
		rc = get_number(c, obj, "rest_each_s", 0, 1800, false, &d->rest_each_s);
	if (rc != ST_OK)
		return rc;
	bool hold = ex_kind_mode(e->kind) == EXERCISE_HOLD;
	if (hold && d->hold_min_s <= 0)
		return fail_at(c, obj, "a %s needs 'hold_s' (seconds of each hold)", kind);
	if (!hold && d->hold_min_s > 0)
		return fail_at(c, cJSON_GetObjectItemCaseSensitive(obj, "hold_s"), "'hold_s' is for holds, not %s", kind);
	if (ex_kind_mode(e->kind) != EXERCISE_HEEL_RAISE && d->lower_max_s > 0)
		return fail_at(c, cJSON_GetObjectItemCaseSensitive(obj, "lower_s"), "'lower_s' is for heel raises, not %s", kind);
	return ST_OK;
}

static int parse_phase(const struct ctx *c, const cJSON *obj, int number, struct phase *ph)
{
	static const char *const keys[] = { "phase", "name", "every_other_day", "progress_by_targets",
					    "exercises", NULL };
	if (!cJSON_IsObject(obj))
		return fail_at(c, obj, "a phase must be an object");
	int rc = known_keys(c, obj, keys);
	if (rc == ST_OK)
		rc = get_int(c, obj, "phase", 1, PROGRAMME_PHASES, true, &ph->number);
	if (rc == ST_OK && ph->number != number)
		rc = fail_at(c, cJSON_GetObjectItemCaseSensitive(obj, "phase"),
			     "phase %d where phase %d was expected (phases 1-%d, in order)", ph->number, number,
			     PROGRAMME_PHASES);
	if (rc == ST_OK)
		rc = get_text(c, obj, "name", ph->name, sizeof ph->name);
	ph->progress_by_targets = true;
	if (rc == ST_OK)
		rc = get_bool(c, obj, "every_other_day", &ph->every_other_day);
	if (rc == ST_OK)
		rc = get_bool(c, obj, "progress_by_targets", &ph->progress_by_targets);
	if (rc != ST_OK)
		return rc;
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(obj, "exercises");
	if (!list)
		return fail_at(c, obj, "'exercises' is missing");
	int n = cJSON_GetArraySize(list);
	if (!cJSON_IsArray(list) || n < 1 || n > PROGRAMME_EXERCISES_MAX)
		return fail_at(c, list, "'exercises' must be a list of 1 to %d exercises", PROGRAMME_EXERCISES_MAX);
	const cJSON *e;
	cJSON_ArrayForEach(e, list) {
		rc = parse_exercise(c, e, &ph->exercises[ph->n_exercises]);
		if (rc != ST_OK)
			return rc;
		if (phase_exercise(ph, ph->exercises[ph->n_exercises].kind))
			return fail_at(c, e, "exercise kind '%s' given twice in phase %d",
				       ex_kind_name(ph->exercises[ph->n_exercises].kind), number);
		ph->n_exercises++;
	}
	return ST_OK;
}

/* "patient_names": "first-initial" (the default when absent) or "clinic-number". */
static int parse_names_shown(const struct ctx *c, const cJSON *root, enum names_shown *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "patient_names");
	*out = NAMES_FIRST_INITIAL;
	if (!v)
		return ST_OK;
	if (cJSON_IsString(v) && strcmp(v->valuestring, "clinic-number") == 0)
		*out = NAMES_CLINIC_NUMBER;
	else if (!cJSON_IsString(v) || strcmp(v->valuestring, "first-initial") != 0)
		return fail_at(c, v, "'patient_names' must be \"first-initial\" or \"clinic-number\"");
	return ST_OK;
}

int programme_parse(const char *text, size_t len, const char *name, struct programme *out)
{
	memset(out, 0, sizeof *out);
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, false);
	if (!root)
		return st_fail(ST_ERR_DATA, "%s:%d: not valid JSON here", name,
			       json_line_at(text, len, end ? end : text));
	struct ctx c = { text, name, len, root };
	static const char *const keys[] = { "spacing_hours", "patient_names", "progression", "phases", NULL };
	const cJSON *rules = NULL, *phases;
	int rc = cJSON_IsObject(root) ? known_keys(&c, root, keys)
				      : fail_at(&c, root, "the programme must be a JSON object");
	if (rc == ST_OK)
		rc = get_number(&c, root, "spacing_hours", 0, 24 * 14, true, &out->spacing_hours);
	if (rc == ST_OK)
		rc = parse_names_shown(&c, root, &out->names_shown);
	if (rc == ST_OK)
		rc = get_object(&c, root, "progression", &rules);
	if (rc == ST_OK)
		rc = parse_rules(&c, rules, &out->rules);
	if (rc == ST_OK) {
		phases = cJSON_GetObjectItemCaseSensitive(root, "phases");
		if (!cJSON_IsArray(phases) || cJSON_GetArraySize(phases) != PROGRAMME_PHASES)
			rc = fail_at(&c, phases ? phases : root, "'phases' must list the %d phases", PROGRAMME_PHASES);
		for (int i = 0; rc == ST_OK && i < PROGRAMME_PHASES; i++)
			rc = parse_phase(&c, cJSON_GetArrayItem(phases, i), i + 1, &out->phases[i]);
	}
	cJSON_Delete(root);
	return rc;
}

int programme_load(const char *path, struct programme *out)
{
	FILE *f;
	int rc = st_fopen_regular(path, &f);
	if (rc != ST_OK)
		return rc;
	char *text = malloc(PROGRAMME_FILE_MAX);
	if (!text) {
		fclose(f);
		return st_fail(ST_ERR_NOMEM, "%s: out of memory", path);
	}
	size_t len = fread(text, 1, PROGRAMME_FILE_MAX, f);
	if (ferror(f))
		rc = st_fail(ST_ERR_IO, "%s: %s", path, strerror(errno));
	else if (len == PROGRAMME_FILE_MAX)
		rc = st_fail(ST_ERR_DATA, "%s: larger than %d bytes", path, PROGRAMME_FILE_MAX);
	else
		rc = programme_parse(text, len, path, out);
	free(text);
	fclose(f);
	return rc;
}

int programme_load_default(struct programme *out)
{
	const char *env = getenv("STATION_PROGRAMME");
	if (env && *env)
		return programme_load(env, out);
	char path[4096];
	int rc = st_assets_dir(path, sizeof path - sizeof "/programme.json");
	if (rc != ST_OK)
		return rc;
	strcat(path, "/programme.json");
	return programme_load(path, out);
}

const struct phase *programme_phase(const struct programme *p, int n)
{
	return n >= 1 && n <= PROGRAMME_PHASES ? &p->phases[n - 1] : NULL;
}

const struct prog_exercise *phase_exercise(const struct phase *ph, enum ex_kind kind)
{
	for (size_t i = 0; i < ph->n_exercises; i++)
		if (ph->exercises[i].kind == kind)
			return &ph->exercises[i];
	return NULL;
}

bool dose_override_set(const struct dose_override *o)
{
	return o->has_kind || o->sets > 0 || o->reps > 0 || o->hold_s > 0 || o->rest_s > 0;
}

int programme_prescription(const struct programme *p, int phase, const struct dose_override *o,
			   struct prog_exercise *out)
{
	const struct phase *ph = programme_phase(p, phase);
	if (!ph)
		return st_fail(ST_ERR_ARG, "phase %d: the programme has phases 1 to %d", phase, PROGRAMME_PHASES);
	const struct prog_exercise *e = &ph->exercises[0];
	if (o && o->has_kind) {
		e = phase_exercise(ph, o->kind);
		if (!e)
			return st_fail(ST_ERR_ARG, "phase %d has no exercise '%s'", phase, ex_kind_name(o->kind));
	}
	*out = *e;
	if (!o)
		return ST_OK;
	struct dose *d = &out->dose;
	if (o->sets > 0)
		d->sets_min = d->sets_max = o->sets;
	if (o->reps > 0)
		d->reps_min = d->reps_max = o->reps;
	if (o->hold_s > 0)
		d->hold_min_s = d->hold_max_s = o->hold_s;
	if (o->rest_s > 0)
		d->rest_s = o->rest_s;
	return ST_OK;
}

const char *dose_range_text(double lo, double hi, char buf[32])
{
	if (lo == hi)
		snprintf(buf, 32, "%g", lo);
	else
		snprintf(buf, 32, "%g-%g", lo, hi);
	return buf;
}
