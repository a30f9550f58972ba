/* scenario.c: parses the simulated patient's script (format in scenario.h). */
#include "scenario.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"

#define SCENARIO_FILE_MAX (1 << 20)
#define MAX_TOKENS 24

static const struct {
	const char *name;
	const char *text;
} builtins[] = {
	{ "demo",
	  "name demo\nnoise 0.5\nhum 50 1.5\nsway 2\n"
	  "empty 2\nstep-on 1\nstand 3\n"
	  "raise count=6 rise=1 hold=1 lower=4 height=50 rest=2 jitter=0.1\n"
	  "stand 2\nhold standing seconds=20 height=45\nstand 2\nhops count=8 flight=0.3 contact=0.22 jitter=0.1\n"
	  "stand 3\nstep-off 1\nempty 2\n" },
	{ "quiet", "name quiet\nnoise 0.5\nhum 50 1.5\nsway 2\nempty 2\nstep-on 1\nstand 30\n" },
	{ "empty", "name empty\nnoise 0.5\nhum 50 1.5\nempty 30\n" },
	{ "heel-raises",
	  "name heel-raises\nnoise 0.5\nhum 50 1.5\nsway 2\nempty 2\nstep-on 1\nstand 3\n"
	  "raise count=10 rise=1 hold=1 lower=4 height=50 rest=1.5 jitter=0.1\nstand 3\n" },
	{ "single-leg",
	  "name single-leg\nnoise 0.5\nhum 50 1.5\nsway 2\nempty 2\nstep-on 1\nstand 3\n"
	  "raise count=12 rise=1 hold=0.5 lower=4 height=45 rest=1.5 jitter=0.1 leg=left\nstand 3\n" },
	{ "hold-seated",
	  "name hold-seated\nnoise 0.5\nhum 50 1.5\nsway 1\nempty 2\nsit 3\n"
	  "hold seated seconds=45 push=30\nsit 5\nhold seated seconds=45 push=30\nsit 3\n" },
	{ "hold-standing",
	  "name hold-standing\nnoise 0.5\nhum 50 1.5\nsway 2\nempty 2\nstep-on 1\nstand 3\n"
	  "hold standing seconds=20 height=45\nstand 5\nhold standing seconds=20 height=45\nstand 3\n" },
	{ "hops",
	  "name hops\nnoise 0.5\nhum 50 1.5\nsway 2\nempty 2\nstep-on 1\nstand 3\n"
	  "hops count=10 flight=0.3 contact=0.22 jitter=0.1\nstand 3\n" },
};
#define N_BUILTINS (sizeof builtins / sizeof builtins[0])

const char *const sim_builtin_names[] = { "demo", "quiet", "empty", "heel-raises", "single-leg",
					  "hold-seated", "hold-standing", "hops", NULL };

struct parse_ctx {
	const char *name;
	int line;
};

static int parse_number(const struct parse_ctx *ctx, const char *key, const char *text, double lo, double hi,
			double *out)
{
	char *end;
	errno = 0;
	double v = strtod(text, &end);
	if (end == text || *end || errno || !isfinite(v))
		return st_fail(ST_ERR_DATA, "%s:%d: %s: '%s' is not a number", ctx->name, ctx->line, key, text);
	if (v < lo || v > hi)
		return st_fail(ST_ERR_DATA, "%s:%d: %s %g is outside %g..%g", ctx->name, ctx->line, key, v, lo, hi);
	*out = v;
	return ST_OK;
}

/* A whole number in lo..hi. */
static int parse_whole(const struct parse_ctx *ctx, const char *key, const char *text, double lo, double hi, int *out)
{
	double v;
	int rc = parse_number(ctx, key, text, lo, hi, &v);
	if (rc == ST_OK && v != floor(v))
		rc = st_fail(ST_ERR_DATA, "%s:%d: %s must be a whole number", ctx->name, ctx->line, key);
	if (rc == ST_OK)
		*out = (int)v;
	return rc;
}

static void step_defaults(struct sim_step *s, enum sim_step_kind kind, int line)
{
	*s = (struct sim_step){
		.kind = kind, .line = line, .seconds = 3, .share = NAN, .seated_load = 0.15, .count = 10,
		.rise = 1.0, .hold = 1.0, .lower = 4.0, .height_mm = 50, .rest = 1.5, .jitter = 0,
		.push_n = 30, .ramp = 0.6, .flight = 0.3, .contact = 0.22,
	};
	if (kind == SIM_HOLD_STANDING) {
		s->seconds = 20;
		s->lower = 2.0;
	} else if (kind == SIM_HOLD_SEATED) {
		s->seconds = 45;
	} else if (kind == SIM_STEP_ON || kind == SIM_STEP_OFF) {
		s->seconds = 1;
	} else if (kind == SIM_PLACE) {
		s->seconds = 6;
	}
}

/* Applies one key=value parameter of a step. */
static int step_param(const struct parse_ctx *ctx, struct sim_step *s, const char *key, const char *val)
{
	double v;
	int rc;
	struct {
		const char *key;
		double *dst;
		double lo, hi, scale;
	} const table[] = {
		{ "seconds", &s->seconds, 0.1, 7200, 1 }, { "rise", &s->rise, 0.05, 30, 1 },
		{ "hold", &s->hold, 0, 120, 1 },          { "lower", &s->lower, 0.05, 30, 1 },
		{ "height", &s->height_mm, 5, 200, 1 },   { "rest", &s->rest, 0, 600, 1 },
		{ "jitter", &s->jitter, 0, 0.5, 1 },      { "push", &s->push_n, 0, 2000, 1 },
		{ "vary", &s->vary, 0, 0.8, 1 },          { "beat", &s->beat, 0.5, 120, 1 },
		{ "ramp", &s->ramp, 0.05, 10, 1 },        { "flight", &s->flight, 0.02, 1.5, 1 },
		{ "contact", &s->contact, 0.05, 3, 1 },   { "share", &s->share, 0, 100, 0.01 },
		{ "load", &s->seated_load, 1, 100, 0.01 },
	};
	if (strcmp(key, "leg") == 0) {
		if (strcmp(val, "left") == 0)
			s->share = 1.0;
		else if (strcmp(val, "right") == 0)
			s->share = 0.0;
		else if (strcmp(val, "both") == 0)
			s->share = 0.5;
		else
			return st_fail(ST_ERR_DATA, "%s:%d: leg must be both, left or right, not '%s'", ctx->name,
				       ctx->line, val);
		return ST_OK;
	}
	if (strcmp(key, "count") == 0)
		return parse_whole(ctx, key, val, 1, 1000, &s->count);
	if (strcmp(key, "until-set") == 0) {
		if (s->kind != SIM_STAND && s->kind != SIM_SIT)
			return st_fail(ST_ERR_DATA, "%s:%d: until-set is for stand and sit", ctx->name, ctx->line);
		return parse_whole(ctx, key, val, 1, 1000, &s->until_set);
	}
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		if (strcmp(key, table[i].key) != 0)
			continue;
		rc = parse_number(ctx, key, val, table[i].lo, table[i].hi, &v);
		if (rc == ST_OK)
			*table[i].dst = v * table[i].scale;
		return rc;
	}
	return st_fail(ST_ERR_DATA, "%s:%d: unknown parameter '%s'", ctx->name, ctx->line, key);
}

/* place's masses: SIDE KG [at X Y], repeated; *next gets the first token after them. */
static int parse_masses(const struct parse_ctx *ctx, struct sim_step *step, char **tok, int n_tok, int *next)
{
	int i = 1;
	while (i < n_tok && !strchr(tok[i], '=')) {
		if (step->n_masses == SIM_MASSES_MAX)
			return st_fail(ST_ERR_DATA, "%s:%d: at most %d masses per place", ctx->name, ctx->line,
				       SIM_MASSES_MAX);
		struct sim_mass *ms = &step->mass[step->n_masses];
		if (strcmp(tok[i], "left") != 0 && strcmp(tok[i], "right") != 0)
			return st_fail(ST_ERR_DATA, "%s:%d: place: expected left or right, got '%s'", ctx->name,
				       ctx->line, tok[i]);
		ms->side = strcmp(tok[i], "left") == 0 ? 0 : 1;
		if (i + 1 >= n_tok)
			return st_fail(ST_ERR_DATA, "%s:%d: place %s needs a mass in kg", ctx->name, ctx->line, tok[i]);
		int rc = parse_number(ctx, "mass", tok[i + 1], 0.001, 1000, &ms->kg);
		i += 2;
		if (rc == ST_OK && i < n_tok && strcmp(tok[i], "at") == 0) {
			if (i + 2 >= n_tok)
				return st_fail(ST_ERR_DATA, "%s:%d: place: 'at' needs X and Y in mm", ctx->name, ctx->line);
			rc = parse_number(ctx, "x", tok[i + 1], -1000, 1000, &ms->x_mm);
			if (rc == ST_OK)
				rc = parse_number(ctx, "y", tok[i + 2], -1000, 1000, &ms->y_mm);
			i += 3;
		}
		if (rc != ST_OK)
			return rc;
		step->n_masses++;
	}
	if (step->n_masses == 0)
		return st_fail(ST_ERR_DATA, "%s:%d: place needs at least one mass: place left|right KG [at X Y]",
			       ctx->name, ctx->line);
	*next = i;
	return ST_OK;
}

static int add_step(const struct parse_ctx *ctx, struct sim_scenario *sc, char **tok, int n_tok)
{
	static const struct {
		const char *word;
		enum sim_step_kind kind;
		bool takes_seconds;
	} kinds[] = {
		{ "empty", SIM_EMPTY, true }, { "step-on", SIM_STEP_ON, true }, { "step-off", SIM_STEP_OFF, true },
		{ "stand", SIM_STAND, true }, { "sit", SIM_SIT, true },         { "raise", SIM_RAISE, false },
		{ "hops", SIM_HOPS, false },  { "hold", SIM_HOLD_STANDING, false },
		{ "place", SIM_PLACE, false },
	};
	size_t k = 0;
	while (k < sizeof kinds / sizeof kinds[0] && strcmp(kinds[k].word, tok[0]) != 0)
		k++;
	if (k == sizeof kinds / sizeof kinds[0])
		return st_fail(ST_ERR_DATA, "%s:%d: unknown statement '%s'", ctx->name, ctx->line, tok[0]);

	struct sim_step step;
	enum sim_step_kind kind = kinds[k].kind;
	int first_param = 1;
	if (kind == SIM_HOLD_STANDING) {
		if (n_tok < 2 || (strcmp(tok[1], "standing") != 0 && strcmp(tok[1], "seated") != 0))
			return st_fail(ST_ERR_DATA, "%s:%d: hold needs 'standing' or 'seated'", ctx->name, ctx->line);
		if (strcmp(tok[1], "seated") == 0)
			kind = SIM_HOLD_SEATED;
		first_param = 2;
	}
	step_defaults(&step, kind, ctx->line);
	if (kind == SIM_PLACE) {
		int rc = parse_masses(ctx, &step, tok, n_tok, &first_param);
		if (rc != ST_OK)
			return rc;
	}
	if (kinds[k].takes_seconds) {
		if (n_tok < 2 || strchr(tok[1], '='))
			return st_fail(ST_ERR_DATA, "%s:%d: %s needs a duration in seconds", ctx->name, ctx->line, tok[0]);
		int rc = parse_number(ctx, "seconds", tok[1], 0.1, 7200, &step.seconds);
		if (rc != ST_OK)
			return rc;
		first_param = 2;
	}
	for (int i = first_param; i < n_tok; i++) {
		char *eq = strchr(tok[i], '=');
		if (!eq)
			return st_fail(ST_ERR_DATA, "%s:%d: expected key=value, got '%s'", ctx->name, ctx->line, tok[i]);
		*eq = '\0';
		int rc = step_param(ctx, &step, tok[i], eq + 1);
		if (rc != ST_OK)
			return rc;
	}
	struct sim_step *grown = realloc(sc->steps, (sc->n_steps + 1) * sizeof *grown);
	if (!grown)
		return st_fail(ST_ERR_NOMEM, "%s:%d: out of memory", ctx->name, ctx->line);
	sc->steps = grown;
	sc->steps[sc->n_steps++] = step;
	return ST_OK;
}

static int add_event(const struct parse_ctx *ctx, struct sim_scenario *sc, char **tok, int n_tok)
{
	struct sim_event ev = { .kind = SIM_DROP, .at = -1, .count = 10, .seconds = 0.5, .channel = 0 };
	if (strcmp(tok[0], "saturate") == 0)
		ev.kind = SIM_SATURATE;
	else if (strcmp(tok[0], "unplug") == 0)
		ev = (struct sim_event){ .kind = SIM_UNPLUG, .at = -1, .seconds = SIM_UNPLUG_DEFAULT_S };
	for (int i = 1; i < n_tok; i++) {
		char *eq = strchr(tok[i], '=');
		double v = 0;
		int rc;
		if (!eq)
			return st_fail(ST_ERR_DATA, "%s:%d: expected key=value, got '%s'", ctx->name, ctx->line, tok[i]);
		*eq = '\0';
		const char *key = tok[i], *val = eq + 1;
		if (strcmp(key, "at") == 0)
			rc = parse_number(ctx, key, val, 0, 86400, &ev.at);
		else if (strcmp(key, "count") == 0 && ev.kind == SIM_DROP)
			rc = parse_number(ctx, key, val, 1, 1000000, &v);
		else if (strcmp(key, "seconds") == 0 && ev.kind != SIM_DROP)
			rc = parse_number(ctx, key, val, 0.001, 3600, &ev.seconds);
		else if (strcmp(key, "channel") == 0 && ev.kind == SIM_SATURATE)
			rc = parse_number(ctx, key, val, 0, 7, &v);
		else
			rc = st_fail(ST_ERR_DATA, "%s:%d: %s takes no parameter '%s'", ctx->name, ctx->line, tok[0], key);
		if (rc != ST_OK)
			return rc;
		if (strcmp(key, "count") == 0)
			ev.count = (int)v;
		else if (strcmp(key, "channel") == 0)
			ev.channel = (int)v;
	}
	if (ev.at < 0)
		return st_fail(ST_ERR_DATA, "%s:%d: %s needs at=SECONDS", ctx->name, ctx->line, tok[0]);
	struct sim_event *grown = realloc(sc->events, (sc->n_events + 1) * sizeof *grown);
	if (!grown)
		return st_fail(ST_ERR_NOMEM, "%s:%d: out of memory", ctx->name, ctx->line);
	sc->events = grown;
	sc->events[sc->n_events++] = ev;
	return ST_OK;
}

static int copy_word(const struct parse_ctx *ctx, const char *what, const char *word, char *dst, size_t len)
{
	if (strlen(word) >= len)
		return st_fail(ST_ERR_DATA, "%s:%d: %s longer than %zu characters", ctx->name, ctx->line, what, len - 1);
	strcpy(dst, word);
	return ST_OK;
}

static int apply_setting(const struct parse_ctx *ctx, struct sim_scenario *sc, char **tok, int n_tok)
{
	const char *key = tok[0];
	int want = strcmp(key, "hum") == 0 || strcmp(key, "cop") == 0 ? 3 : 2;
	if (n_tok != want)
		return st_fail(ST_ERR_DATA, "%s:%d: %s takes %d value%s", ctx->name, ctx->line, key, want - 1,
			       want > 2 ? "s" : "");
	double v;
	int rc;
	if (strcmp(key, "name") == 0)
		return copy_word(ctx, "name", tok[1], sc->name, sizeof sc->name);
	if (strcmp(key, "serial") == 0)
		return copy_word(ctx, "serial", tok[1], sc->serial, sizeof sc->serial);
	if (strcmp(key, "mass") == 0)
		return parse_number(ctx, key, tok[1], 20, 250, &sc->mass_kg);
	if (strcmp(key, "seed") == 0) {
		rc = parse_number(ctx, key, tok[1], 0, 4294967295.0, &v);
		sc->seed = (uint64_t)v;
		return rc;
	}
	if (strcmp(key, "noise") == 0)
		return parse_number(ctx, key, tok[1], 0, 50, &sc->noise_n);
	if (strcmp(key, "sway") == 0)
		return parse_number(ctx, key, tok[1], 0, 200, &sc->sway_n);
	if (strcmp(key, "rail") == 0)
		return parse_number(ctx, key, tok[1], 0, 50, &sc->rail_pct);
	if (strcmp(key, "rail-wander") == 0)
		return parse_number(ctx, key, tok[1], 0, 100, &sc->rail_wander_pct);
	if (strcmp(key, "drift") == 0)
		return parse_number(ctx, key, tok[1], 0, 50, &sc->drift_n);
	if (strcmp(key, "disturb") == 0)
		return parse_number(ctx, key, tok[1], 0, 200, &sc->disturb_n);
	if (strcmp(key, "heels") == 0)
		return parse_number(ctx, key, tok[1], 1, 50, &sc->heels_pct);
	if (strcmp(key, "hum") == 0) {
		rc = parse_number(ctx, "hum frequency", tok[1], 50, 60, &sc->hum_hz);
		if (rc == ST_OK && sc->hum_hz != 50 && sc->hum_hz != 60)
			rc = st_fail(ST_ERR_DATA, "%s:%d: mains hum is at 50 or 60 Hz", ctx->name, ctx->line);
		return rc == ST_OK ? parse_number(ctx, "hum amplitude", tok[2], 0, 100, &sc->hum_n) : rc;
	}
	/* cop */
	rc = parse_number(ctx, "flat-foot COP", tok[1], -300, 300, &sc->cop_flat_mm);
	return rc == ST_OK ? parse_number(ctx, "forefoot COP", tok[2], -300, 300, &sc->cop_fore_mm) : rc;
}

static bool is_setting(const char *word)
{
	static const char *const settings[] = { "name", "serial", "mass", "seed", "noise",
						"hum",  "sway",   "rail", "rail-wander", "cop", "drift", "disturb", "heels" };
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
		if (strcmp(word, settings[i]) == 0)
			return true;
	return false;
}

static int parse_pain(const struct parse_ctx *ctx, const char *what, const char *text, int *out)
{
	double v = 0;
	int rc = parse_number(ctx, what, text, 0, 10, &v);
	if (rc == ST_OK && v != (int)v)
		rc = st_fail(ST_ERR_DATA, "%s:%d: %s is a whole number 0-10, got '%s'", ctx->name, ctx->line, what, text);
	*out = (int)v;
	return rc;
}

static int parse_answer(const struct parse_ctx *ctx, struct plate_answers *a, char **tok, int n_tok)
{
	if (n_tok != 3)
		return st_fail(ST_ERR_DATA, "%s:%d: answer takes a question and a value", ctx->name, ctx->line);
	const char *q = tok[1], *val = tok[2];
	bool *flag = strcmp(q, "pop") == 0		? &a->pop
		     : strcmp(q, "dip") == 0		? &a->dip
		     : strcmp(q, "cannot-raise") == 0	? &a->cannot_raise
							: NULL;
	if (flag) {
		if (strcmp(val, "yes") != 0 && strcmp(val, "no") != 0)
			return st_fail(ST_ERR_DATA, "%s:%d: answer %s is yes or no, got '%s'", ctx->name, ctx->line, q, val);
		*flag = strcmp(val, "yes") == 0;
		return ST_OK;
	}
	if (strcmp(q, "pain-now") == 0)
		return parse_pain(ctx, q, val, &a->pain_now);
	if (strcmp(q, "pain-day-after") == 0)
		return parse_pain(ctx, q, val, &a->pain_day_after);
	if (strcmp(q, "pain-after") != 0)
		return st_fail(ST_ERR_DATA,
			       "%s:%d: no question '%s' (pop, dip, cannot-raise, pain-now, pain-day-after, pain-after)",
			       ctx->name, ctx->line, q);
	char list[256];
	snprintf(list, sizeof list, "%s", val);
	a->n_pain_after = 0;
	for (char *save = NULL, *p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		if (a->n_pain_after == PLATE_PAIN_AFTER_MAX)
			return st_fail(ST_ERR_DATA, "%s:%d: at most %d pain-after values", ctx->name, ctx->line,
				       PLATE_PAIN_AFTER_MAX);
		int rc = parse_pain(ctx, q, p, &a->pain_after[a->n_pain_after++]);
		if (rc != ST_OK)
			return rc;
	}
	return a->n_pain_after ? ST_OK : st_fail(ST_ERR_DATA, "%s:%d: pain-after needs a value", ctx->name, ctx->line);
}

static bool is_event(const char *word)
{
	return strcmp(word, "drop") == 0 || strcmp(word, "saturate") == 0 || strcmp(word, "unplug") == 0;
}

static int parse_line(struct parse_ctx *ctx, struct sim_scenario *sc, char *line)
{
	char *hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	char *tok[MAX_TOKENS];
	int n_tok = 0;
	for (char *save = NULL, *t = strtok_r(line, " \t\r", &save); t; t = strtok_r(NULL, " \t\r", &save)) {
		if (n_tok == MAX_TOKENS)
			return st_fail(ST_ERR_DATA, "%s:%d: too many words", ctx->name, ctx->line);
		tok[n_tok++] = t;
	}
	if (n_tok == 0)
		return ST_OK;
	if (is_setting(tok[0]))
		return apply_setting(ctx, sc, tok, n_tok);
	if (is_event(tok[0]))
		return add_event(ctx, sc, tok, n_tok);
	if (strcmp(tok[0], "answer") == 0)
		return parse_answer(ctx, &sc->answers, tok, n_tok);
	return add_step(ctx, sc, tok, n_tok);
}

int sim_scenario_parse(const char *text, const char *name, struct sim_scenario *out)
{
	*out = (struct sim_scenario){ .mass_kg = 75, .seed = 1, .hum_hz = 50, .cop_flat_mm = -20, .cop_fore_mm = 60,
				      .heels_pct = SIM_HEELS_PCT,
				      .answers = { .pain_now = 2, .pain_day_after = 2, .pain_after = { 3 }, .n_pain_after = 1 } };
	snprintf(out->name, sizeof out->name, "%s", name);
	strcpy(out->serial, "SIM-0001");
	char *copy = strdup(text);
	if (!copy)
		return st_fail(ST_ERR_NOMEM, "%s: out of memory", name);
	struct parse_ctx ctx = { .name = name, .line = 0 };
	int rc = ST_OK;
	char *save = NULL;
	/* strtok_r would skip empty lines and miscount, so split on '\n' by hand. */
	for (char *line = copy; line && rc == ST_OK; line = save) {
		save = strchr(line, '\n');
		if (save)
			*save++ = '\0';
		ctx.line++;
		rc = parse_line(&ctx, out, line);
	}
	free(copy);
	if (rc == ST_OK && out->n_steps == 0)
		rc = st_fail(ST_ERR_DATA, "%s: the scenario has no steps", name);
	if (rc == ST_OK && out->cop_fore_mm <= out->cop_flat_mm)
		rc = st_fail(ST_ERR_DATA, "%s: the forefoot COP must lie forward of the flat-foot COP", name);
	if (rc != ST_OK)
		sim_scenario_free(out);
	return rc;
}

/* *text gets the file's text (the caller frees it), or NULL on failure. */
static int read_scenario_file(const char *path, char **text)
{
	*text = NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return st_fail(errno == ENOENT ? ST_ERR_NOT_FOUND : ST_ERR_IO, "scenario %s: %s", path, strerror(errno));
	*text = malloc(SCENARIO_FILE_MAX + 1);
	size_t n = *text ? fread(*text, 1, SCENARIO_FILE_MAX + 1, f) : 0;
	int err = ferror(f);
	fclose(f);
	if (!*text)
		return st_fail(ST_ERR_NOMEM, "%s: out of memory", path);
	if (err || n > SCENARIO_FILE_MAX || memchr(*text, '\0', n)) {
		free(*text);
		*text = NULL;
		return st_fail(err ? ST_ERR_IO : ST_ERR_DATA, "scenario %s: %s", path,
			       err ? "read error" : "not a scenario text (too large or binary)");
	}
	(*text)[n] = '\0';
	return ST_OK;
}

int sim_scenario_load(const char *spec, struct sim_scenario *out)
{
	if (!*spec)
		spec = "demo";
	for (size_t i = 0; i < N_BUILTINS; i++)
		if (strcmp(builtins[i].name, spec) == 0)
			return sim_scenario_parse(builtins[i].text, builtins[i].name, out);
	char *text;
	int rc = read_scenario_file(spec, &text);
	if (rc == ST_ERR_NOT_FOUND && !strchr(spec, '/'))
		return st_fail(ST_ERR_NOT_FOUND,
			       "no built-in scenario or file '%s' (built-in: demo, quiet, empty, heel-raises, single-leg, "
			       "hold-seated, hold-standing, hops)", spec);
	if (rc != ST_OK)
		return rc;
	rc = sim_scenario_parse(text, spec, out);
	free(text);
	return rc;
}

void sim_scenario_free(struct sim_scenario *s)
{
	free(s->steps);
	free(s->events);
	s->steps = NULL;
	s->events = NULL;
	s->n_steps = s->n_events = 0;
}
