/* test_programme_file.c: the shipped programme loads with DESIGN.md's doses, and bad
 * programme files are refused with the line and the problem. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "programme.h"
#include "status.h"

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strdup(buf);
}

static int line_of(const char *text, const char *needle)
{
	const char *at = strstr(text, needle);
	if (!at)
		return -1;
	int line = 1;
	for (const char *p = text; p < at; p++)
		line += *p == '\n';
	return line;
}

static void shipped_programme(void)
{
	struct programme p;
	int rc = programme_load(STATION_ASSETS_DIR "/programme.json", &p);
	CHECK(rc == ST_OK, "assets/programme.json: %s", st_errmsg());
	if (rc != ST_OK)
		return;
	CHECK_NEAR(p.spacing_hours, 40, 0, "every other day: 40 h");
	CHECK(p.rules.window == 3 && p.rules.needed == 2, "2 of the last 3");
	CHECK_NEAR(p.rules.in_band_pct, 80, 0, "80 % of reps in band");
	CHECK_NEAR(p.rules.share_min_pct, 45, 0, "share from 45 %");
	CHECK_NEAR(p.rules.share_max_pct, 55, 0, "share to 55 %");
	CHECK_NEAR(p.rules.lsi_min_pct, 90, 0, "LSI 90 %");
	CHECK(p.rules.pain_during_max == 5, "pain ceiling %d", p.rules.pain_during_max);
	CHECK(p.rules.pain_before_max == 5 && p.rules.pain_before_go_on, "pain now above 5/10: advice, may go on");
	CHECK_NEAR(p.rules.ease_pct, 25, 0, "eased by 25 % after a sore day after");
	CHECK_NEAR(p.rules.support_max_pct, 5, 0, "the hand cue above 5 %");

	const struct phase *ph1 = programme_phase(&p, 1);
	CHECK(ph1->exercises[0].kind == EX_SEATED_HOLD, "phase 1 is the seated hold");
	CHECK_NEAR(ph1->exercises[0].dose.hold_min_s, 45, 0, "phase 1 hold from 45 s");
	CHECK_NEAR(ph1->exercises[0].dose.hold_max_s, 60, 0, "phase 1 hold to 60 s");
	CHECK(ph1->exercises[0].dose.sets_min == 5, "phase 1: 5 holds");
	CHECK_NEAR(ph1->exercises[0].dose.rest_s, 120, 0, "phase 1: 2 min rest");

	const struct phase *ph2 = programme_phase(&p, 2);
	CHECK(ph2->n_exercises == 2 && phase_exercise(ph2, EX_SEATED_LOADED_RAISE), "phase 2: pick one of two");
	const struct dose *d2 = &ph2->exercises[0].dose;
	CHECK(d2->reps_min == 5 && d2->reps_max == 10 && d2->sets_min == 2 && d2->sets_max == 3, "5-10 x 2-3");
	CHECK(d2->lower_min_s == 3 && d2->lower_max_s == 5, "lowering 3-5 s");
	CHECK(ph2->every_other_day, "phase 2 every other day");

	const struct dose *d3 = &programme_phase(&p, 3)->exercises[0].dose;
	CHECK(d3->reps_min == 12 && d3->reps_max == 15 && d3->sets_min == 3, "12-15 x 3");
	CHECK(ex_kind_single_leg(programme_phase(&p, 3)->exercises[0].kind), "phase 3 single leg first");
	CHECK(!programme_phase(&p, 4)->progress_by_targets, "phase 4 by the physio's judgement");
	CHECK(phase_exercise(programme_phase(&p, 4), EX_HOPS), "phase 4 has hops");
	const struct dose *d5 = &programme_phase(&p, 5)->exercises[0].dose;
	CHECK(d5->hold_min_s == 15 && d5->hold_max_s == 30 && d5->reps_max == 3 && d5->sets_max == 3, "15-30 s x 2-3");
	CHECK(programme_phase(&p, 7) == NULL && programme_phase(&p, 0) == NULL, "phases 1-6 only");

	/* a physio's override */
	struct prog_exercise e;
	struct dose_override o = { .has_kind = true, .kind = EX_SEATED_LOADED_RAISE, .reps = 8, .sets = 2 };
	CHECK(programme_prescription(&p, 2, &o, &e) == ST_OK, "override: %s", st_errmsg());
	CHECK(e.kind == EX_SEATED_LOADED_RAISE && e.dose.reps_min == 8 && e.dose.sets_min == 2 &&
		      e.dose.lower_max_s == 5,
	      "overridden kind and counts, band kept");
	o.kind = EX_HOPS;
	CHECK(programme_prescription(&p, 2, &o, &e) == ST_ERR_ARG && strstr(st_errmsg(), "no exercise 'hops'"),
	      "an exercise of another phase is refused: %s", st_errmsg());
	CHECK(programme_prescription(&p, 1, NULL, &e) == ST_OK && e.kind == EX_SEATED_HOLD, "no override");
}

/* Each bad file: the shipped one with one text replaced; the error names the line where
 * `at` is in the changed text, and says `says`. */
static const struct {
	const char *find, *replace, *at, *says;
} bad[] = {
	{ "\"window\": 3,", "\"window\": 3", "\"needed\"", "not valid JSON" },
	{ "\"window\": 3,", "\"window\": \"three\",", "\"window\"", "'window' must be a number" },
	{ "\"needed\": 2,", "\"needed\": 4,", "\"needed\"", "'needed' (4) is more than 'window' (3)" },
	{ "\"in_band_pct\": 80,", "\"in_band_pct\": 180,", "\"in_band_pct\"", "outside 0 to 100" },
	{ "\"share_pct\": [45, 55],", "\"share_pct\": [55, 45],", "\"share_pct\"", "low end 55 above high end 45" },
	{ "\"share_pct\": [45, 55],", "\"share_pct\": [45, 55], \"sharee\": 1,", "\"sharee\"", "unknown key 'sharee'" },
	{ "\"share_pct\": [45, 55],", "\"share_pct\": [45,\n      \"55\"],", "\"55\"",
	  "'share_pct' must be a number or [low, high]" },
	{ "\"pain_during_max\": 5,", "", "\"progression\"", "'pain_during_max' is missing" },
	{ "\"ease_pct\": 25,", "\"ease_pct\": 95,", "\"ease_pct\"", "'ease_pct' is 95, outside 0 to 90" },
	{ "\"pain_before_go_on\": true,", "\"pain_before_go_on\": 1,", "pain_before_go_on", "must be true or false" },
	{ "\"pain_before_max\": 5,", "\"pain_before_max\": 4.5,", "4.5", "'pain_before_max' must be a whole number" },
	{ "\"phase\": 3,", "\"phase\": 4,", "\"phase\": 4,", "phase 4 where phase 3 was expected" },
	{ "\"kind\": \"seated-hold\"", "\"kind\": \"sitting-hold\"", "sitting-hold", "unknown exercise kind 'sitting-hold'" },
	{ "\"hold_s\": [45, 60], ", "", "\"seated-hold\"", "needs 'hold_s'" },
	{ "\"reps\": [12, 15], \"lower_s\": [3, 5]", "\"reps\": [12, 15.5], \"lower_s\": [3, 5]", "15.5",
	  "'reps' must be whole numbers" },
	{ "{ \"kind\": \"fast-raise\", \"name\": \"Fast heel raises\", \"sets\": [1, 3], \"rest_s\": 90 },",
	  "{ \"kind\": \"fast-raise\", \"name\": \"Fast heel raises\", \"sets\": [1, 3], \"rest_s\": 90 },\n"
	  "        { \"kind\": \"hops\", \"name\": \"Hops again\", \"sets\": 1, \"rest_s\": 90 },",
	  "Hops again", "exercise kind 'hops' given twice in phase 4" },
	{ "\"rest_s\": 90, \"rest_each_s\"", "\"rest_s\": 90, \"rest_s\": 60, \"rest_each_s\"", "\"rest_s\": 60",
	  "'rest_s' given twice" },
	{ "{ \"kind\": \"skipping\", \"name\": \"Skipping\", \"sets\": [1, 3], \"rest_s\": 90 }\n      ]\n    }\n  ]",
	  "{ \"kind\": \"skipping\", \"name\": \"Skipping\", \"sets\": [1, 3], \"rest_s\": 90, \"lower_s\": 4 }\n"
	  "      ]\n    }\n  ]",
	  "\"lower_s\": 4", "'lower_s' is for heel raises, not skipping" },
	{ "\"name\": \"Return to training and sport\",", "\"name\": \"\",", "\"name\": \"\"", "non-empty string" },
	{ "\"spacing_hours\": 40,", "\"spacing_hours\": true,", "spacing_hours", "'spacing_hours' must be a number" },
};

static char *replaced(const char *text, const char *find, const char *replace)
{
	const char *at = strstr(text, find);
	if (!at)
		return NULL;
	size_t head = (size_t)(at - text), nf = strlen(find), nr = strlen(replace);
	char *out = malloc(strlen(text) - nf + nr + 1);
	memcpy(out, text, head);
	memcpy(out + head, replace, nr);
	strcpy(out + head + nr, at + nf);
	return out;
}

/* The day's pain keys are optional: without them, the limit before is the limit during,
 * going on is allowed, 25 % off, the hand cue above 5 %. */
static void day_keys_default(const char *good)
{
	char *bare = replaced(good, ",\n    \"pain_before_max\": 5,\n    \"pain_before_go_on\": true,\n    \"ease_pct\": 25,\n"
				     "    \"support_max_pct\": 5\n",
			      "\n");
	char *four = bare ? replaced(bare, "\"pain_during_max\": 5,", "\"pain_during_max\": 4,") : NULL;
	REQUIRE(four != NULL, "the keys as shipped");
	struct programme p;
	CHECK(programme_parse(four, strlen(four), "programme.json", &p) == ST_OK, "%s", st_errmsg());
	CHECK(p.rules.pain_before_max == 4 && p.rules.pain_before_go_on && p.rules.ease_pct == 25 &&
		      p.rules.support_max_pct == 5,
	      "defaults: %d %d %g %g", p.rules.pain_before_max, p.rules.pain_before_go_on, p.rules.ease_pct,
	      p.rules.support_max_pct);
	free(four);
	free(bare);
}

static void bad_files(const char *good)
{
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *text = replaced(good, bad[i].find, bad[i].replace);
		CHECK(text != NULL, "case %zu: '%s' not in the shipped file", i, bad[i].find);
		if (!text)
			continue;
		struct programme p;
		int rc = programme_parse(text, strlen(text), "programme.json", &p);
		char want[64];
		snprintf(want, sizeof want, "programme.json:%d: ", line_of(text, bad[i].at));
		CHECK(rc == ST_ERR_DATA, "case %zu: accepted", i);
		CHECK(strncmp(st_errmsg(), want, strlen(want)) == 0, "case %zu: wanted '%s', got '%s'", i, want,
		      st_errmsg());
		CHECK(strstr(st_errmsg(), bad[i].says) != NULL, "case %zu: wanted '%s' in '%s'", i, bad[i].says,
		      st_errmsg());
		free(text);
	}
	struct programme p;
	CHECK(programme_parse("", 0, "empty.json", &p) == ST_ERR_DATA && strstr(st_errmsg(), "empty.json:1:"),
	      "an empty file: %s", st_errmsg());
	CHECK(programme_parse("[1]", 3, "list.json", &p) == ST_ERR_DATA && strstr(st_errmsg(), "must be a JSON object"),
	      "a list: %s", st_errmsg());
	CHECK(programme_load("/nonexistent/programme.json", &p) == ST_ERR_NOT_FOUND, "a missing file");
}

int main(void)
{
	shipped_programme();
	char *good = read_all(STATION_ASSETS_DIR "/programme.json");
	CHECK(good != NULL, "reading the shipped programme");
	if (good) {
		bad_files(good);
		day_keys_default(good);
	}
	free(good);
	return check_summary();
}
