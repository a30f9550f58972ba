/* cmd_phase.c: the physio's decisions: `station phase` (set the phase), `station
 * suggest` (the progression suggestion, confirmed or declined), `station dose` (change a
 * patient's exercise and dose) and `station visa` (record a VISA-A score). Every change
 * names who made it and why. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_store.h"
#include "commands.h"
#include "patient_suggestion.h"
#include "review.h"
#include "status.h"
#include "visa_a.h"

/* What the four commands accept; each uses its part. */
struct args {
	const char *data_dir, *by, *why, *exercise, *items;
	int sets, reps, total;
	double hold_s, rest_s;
	bool confirm, decline, clear;
	int n_pos;
	char **pos;
};

static bool parse(const char *cmd, int argc, char **argv, void (*usage)(FILE *), struct args *a, int *code)
{
	static const struct option longopts[] = {
		{ "data-dir", required_argument, NULL, 'd' }, { "by", required_argument, NULL, 'b' },
		{ "why", required_argument, NULL, 'w' },      { "exercise", required_argument, NULL, 'e' },
		{ "sets", required_argument, NULL, 's' },     { "reps", required_argument, NULL, 'r' },
		{ "hold", required_argument, NULL, 'H' },     { "rest", required_argument, NULL, 'R' },
		{ "total", required_argument, NULL, 't' },    { "items", required_argument, NULL, 'i' },
		{ "confirm", no_argument, NULL, 'c' },        { "decline", no_argument, NULL, 'x' },
		{ "clear", no_argument, NULL, 'C' },          { "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	memset(a, 0, sizeof *a);
	a->total = -1;
	int opt, seconds = 0;
	bool ok = true;
	optind = 1;
	while (ok && (opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'd': a->data_dir = optarg; break;
		case 'b': a->by = optarg; break;
		case 'w': a->why = optarg; break;
		case 'e': a->exercise = optarg; break;
		case 'i': a->items = optarg; break;
		case 's': ok = cli_int(cmd, "--sets", optarg, 1, 20, &a->sets); break;
		case 'r': ok = cli_int(cmd, "--reps", optarg, 1, 100, &a->reps); break;
		case 't': ok = cli_int(cmd, "--total", optarg, 0, 100, &a->total); break;
		/* whole seconds, as the screens and the session say them (22.5 read "22 s") */
		case 'H': ok = cli_int(cmd, "--hold", optarg, 1, 600, &seconds); a->hold_s = seconds; break;
		case 'R': ok = cli_int(cmd, "--rest", optarg, 1, 1800, &seconds); a->rest_s = seconds; break;
		case 'c': a->confirm = true; break;
		case 'x': a->decline = true; break;
		case 'C': a->clear = true; break;
		case 'h': usage(stdout); *code = EXIT_OK; return false;
		default: ok = false; break;
		}
	}
	if (!ok) {
		usage(stderr);
		*code = EXIT_USAGE;
		return false;
	}
	a->n_pos = argc - optind;
	a->pos = argv + optind;
	return true;
}

/* --by and --why, required for every change. */
static bool need_who_why(const char *cmd, const struct args *a)
{
	if (a->by && *a->by && a->why && *a->why)
		return true;
	fprintf(stderr, "station %s: --by NAME and --why TEXT are required: every change says who and why\n", cmd);
	return false;
}

static int finish(const char *cmd, struct store *s, int rc)
{
	store_close(s);
	if (rc == ST_OK)
		return EXIT_OK;
	cli_report_failure(cmd);
	return rc == ST_ERR_ARG ? EXIT_USAGE : EXIT_FAILURE_;
}

static void phase_usage(FILE *out)
{
	fprintf(out, "usage: station phase ID N --by NAME --why TEXT [--data-dir DIR]\n\n"
		     "Moves the patient to phase N (1-6) on the physio's own decision, recorded with who and why.\n");
}

/* Whether p has a red flag no phase decision has answered: then the same phase may be
 * decided, to say the patient was seen and stays (else the flag stayed the suggestion's
 * first reason for good). */
static int red_flag_open(struct store *s, const struct patient *p, bool *open)
{
	struct programme prog;
	struct history h;
	struct suggestion sg;
	int rc = programme_load_default(&prog);
	if (rc == ST_OK)
		rc = store_history(s, p->id, &h);
	if (rc != ST_OK)
		return rc;
	rc = patient_suggestion(s, &prog, p, &h, &sg);
	history_free(&h);
	*open = rc == ST_OK && sg.red_flag_open;
	return rc;
}

int cmd_phase(int argc, char **argv)
{
	struct args a;
	int code, phase;
	if (!parse("phase", argc, argv, phase_usage, &a, &code))
		return code;
	if (a.n_pos != 2) {
		phase_usage(stderr);
		return EXIT_USAGE;
	}
	if (!cli_int("phase", "the phase", a.pos[1], 1, PROGRAMME_PHASES, &phase) || !need_who_why("phase", &a))
		return EXIT_USAGE;
	struct patient p;
	struct store *s = cli_open_patient("phase", a.data_dir, a.pos[0], &p, false);
	if (!s)
		return EXIT_FAILURE_;
	bool open = false;
	int rc = p.phase == phase ? red_flag_open(s, &p, &open) : ST_OK;
	if (rc == ST_OK && p.phase == phase && !open)
		rc = st_fail(ST_ERR_ARG, "%s is in phase %d already: nothing to record", p.clinic_id, phase);
	if (rc == ST_OK)
		rc = store_phase_decide(s, &p, phase, PHASE_SET, a.by, a.why, NULL);
	if (rc == ST_OK && p.phase == phase)
		printf("%s: stays in phase %d, decided after the red flag\n", p.clinic_id, phase);
	else if (rc == ST_OK)
		printf("%s: phase %d -> %d\n", p.clinic_id, p.phase, phase);
	return finish("phase", s, rc);
}

static void suggest_usage(FILE *out)
{
	fprintf(out, "usage: station suggest ID [--data-dir DIR]\n"
		     "       station suggest ID --confirm | --decline --by NAME --why TEXT [--data-dir DIR]\n\n"
		     "Prints what the progression rules suggest from the patient's recent sessions (next\n"
		     "phase, stay, or ease off) and why. Moving on happens only when a physio confirms;\n"
		     "declining is recorded too. The rules' thresholds are in assets/programme.json.\n");
}

int cmd_suggest(int argc, char **argv)
{
	struct args a;
	int code;
	if (!parse("suggest", argc, argv, suggest_usage, &a, &code))
		return code;
	if (a.n_pos != 1 || (a.confirm && a.decline)) {
		suggest_usage(stderr);
		return EXIT_USAGE;
	}
	if ((a.confirm || a.decline) && !need_who_why("suggest", &a))
		return EXIT_USAGE;
	struct programme prog;
	if (!cli_load_programme("suggest", &prog))
		return EXIT_FAILURE_;
	struct patient p;
	struct store *s = cli_open_patient("suggest", a.data_dir, a.pos[0], &p, !a.confirm && !a.decline);
	if (!s)
		return EXIT_FAILURE_;
	struct history h;
	struct suggestion sg;
	int rc = store_history(s, p.id, &h);
	if (rc == ST_OK) {
		rc = patient_suggestion(s, &prog, &p, &h, &sg);
		history_free(&h);
	}
	if (rc != ST_OK)
		return finish("suggest", s, rc);

	char words[SUGGESTION_RECORD_LEN];
	suggestion_record(&sg, words);
	printf("%s, phase %d: %s", p.clinic_id, p.phase, verdict_name(sg.verdict));
	if (sg.verdict == VERDICT_NEXT_PHASE)
		printf(" (phase %d)%s", sg.next_phase, sg.declined ? " (declined)" : "");
	printf("\n");
	for (size_t i = 0; i < sg.n_reasons; i++)
		printf("  - %s\n", sg.reasons[i]);
	if (!a.confirm && !a.decline) {
		if (sg.verdict == VERDICT_NEXT_PHASE && sg.declined)
			printf("A physio may still confirm it: station suggest %s --confirm --by NAME --why TEXT\n", p.clinic_id);
		else if (sg.verdict == VERDICT_NEXT_PHASE)
			printf("A physio confirms or declines it: station suggest %s --confirm|--decline --by NAME --why TEXT\n",
			       p.clinic_id);
		return finish("suggest", s, ST_OK);
	}
	if (sg.verdict != VERDICT_NEXT_PHASE)
		return finish("suggest", s,
			      st_fail(ST_ERR_STATE, "nothing to %s: the suggestion is '%s', not a phase change%s",
				      a.confirm ? "confirm" : "decline", verdict_name(sg.verdict),
				      sg.verdict == VERDICT_EASE_OFF ? " (station dose changes the dose)" : ""));
	if (a.decline && sg.declined)
		return finish("suggest", s, st_fail(ST_ERR_STATE, "nothing to decline: %s", sg.reasons[0]));
	rc = store_phase_decide(s, &p, sg.next_phase, a.confirm ? PHASE_CONFIRMED : PHASE_DECLINED, a.by, a.why,
				words);
	if (rc == ST_OK)
		printf("%s by %s: %s\n", a.confirm ? "confirmed" : "declined", a.by,
		       a.confirm ? "the patient moves on" : "the patient stays in this phase");
	return finish("suggest", s, rc);
}

static void dose_usage(FILE *out)
{
	fprintf(out, "usage: station dose ID [--exercise KIND] [--sets N] [--reps N] [--hold S] [--rest S]\n"
		     "                        --by NAME --why TEXT [--data-dir DIR]\n"
		     "       station dose ID --clear --by NAME --why TEXT [--data-dir DIR]\n"
		     "       station dose ID [--data-dir DIR]\n\n"
		     "Changes the patient's exercise (one of the phase's kinds: seated-hold,\n"
		     "standing-double-raise, seated-loaded-raise, standing-single-raise, step-raise,\n"
		     "fast-raise, hops, skipping, standing-raised-hold) and dose from the programme's;\n"
		     "--clear returns to the programme. Without changes, prints the patient's prescription.\n");
}

static void print_prescription(const struct patient *p, const struct prog_exercise *e)
{
	const struct dose *d = &e->dose;
	printf("%s, phase %d: %s (%s)\n", p->clinic_id, p->phase, e->name, ex_kind_name(e->kind));
	char range[32];
	printf("  sets %s", dose_range_text(d->sets_min, d->sets_max, range));
	if (d->reps_max > 0) /* hops and skipping: at the patient's pace, no count ("count per set 0") */
		printf(", count per set %s", dose_range_text(d->reps_min, d->reps_max, range));
	else
		printf(", at the patient's pace");
	if (d->hold_min_s > 0)
		printf(", hold %s s", dose_range_text(d->hold_min_s, d->hold_max_s, range));
	if (d->lower_max_s > 0)
		printf(", lowering %s s", dose_range_text(d->lower_min_s, d->lower_max_s, range));
	char change[WHO_MAX + WHY_MAX + 64];
	printf(", rest %g s\n", d->rest_s);
	if (*review_dose_change(p, change, sizeof change))
		printf("Dose %s\n", change);
}

/* The change o onto the patient's own: the numbers not given stay as the physio set them
 * (--sets 3, then --reps 8, kept only the 8), unless the exercise changes, whose numbers
 * start from the programme's. Refuses a number the exercise has no use for (a hold for
 * a heel raise was shown in the report and ignored by the session). */
static int merge_dose(const struct programme *prog, const struct patient *p, struct dose_override *o)
{
	const struct dose_override *was = &p->override;
	struct prog_exercise now; /* the exercise done now, named or the phase's own */
	int rc = programme_prescription(prog, p->phase, was, &now);
	if (rc != ST_OK)
		return rc;
	bool same_kind = !o->has_kind || o->kind == now.kind;
	if (same_kind) {
		o->has_kind = was->has_kind;
		o->kind = was->kind;
		o->sets = o->sets ? o->sets : was->sets;
		o->reps = o->reps ? o->reps : was->reps;
		o->hold_s = o->hold_s > 0 ? o->hold_s : was->hold_s;
		o->rest_s = o->rest_s > 0 ? o->rest_s : was->rest_s;
	}
	struct dose_override kind_only = { .has_kind = o->has_kind, .kind = o->kind };
	struct prog_exercise base;
	rc = programme_prescription(prog, p->phase, &kind_only, &base);
	if (rc != ST_OK)
		return rc;
	if (o->hold_s > 0 && !(base.dose.hold_max_s > 0))
		return st_fail(ST_ERR_ARG, "--hold: %s has no hold to time", base.name);
	if (o->reps > 0 && !(base.dose.reps_max > 0))
		return st_fail(ST_ERR_ARG, "--reps: %s are done at the patient's pace, with no count", base.name);
	return ST_OK;
}

/* Whether a patient in phase does the same with override x as with y (NULL: the
 * programme's): the same exercise and numbers (--rest 120 on the programme's 120 s changed
 * nothing, and was recorded as a change). */
static int same_prescription(const struct programme *prog, int phase, const struct dose_override *x,
			     const struct dose_override *y, bool *same)
{
	struct prog_exercise now, then;
	int rc = programme_prescription(prog, phase, x, &now);
	if (rc == ST_OK)
		rc = programme_prescription(prog, phase, y, &then);
	const struct dose *a = &now.dose, *b = &then.dose;
	*same = rc == ST_OK && now.kind == then.kind && a->sets_min == b->sets_min && a->sets_max == b->sets_max &&
		a->reps_min == b->reps_min && a->reps_max == b->reps_max && a->hold_min_s == b->hold_min_s &&
		a->hold_max_s == b->hold_max_s && a->lower_min_s == b->lower_min_s && a->lower_max_s == b->lower_max_s &&
		a->rest_s == b->rest_s && a->rest_each_s == b->rest_each_s;
	return rc;
}

int cmd_dose(int argc, char **argv)
{
	struct args a;
	int code;
	if (!parse("dose", argc, argv, dose_usage, &a, &code))
		return code;
	if (a.n_pos != 1) {
		dose_usage(stderr);
		return EXIT_USAGE;
	}
	struct dose_override o = { .sets = a.sets, .reps = a.reps, .hold_s = a.hold_s, .rest_s = a.rest_s };
	if (a.exercise) {
		if (ex_kind_from_name(a.exercise, &o.kind) != ST_OK) {
			cli_report_failure("dose");
			return EXIT_USAGE;
		}
		o.has_kind = true;
	}
	bool change = a.clear || dose_override_set(&o);
	if (change && !need_who_why("dose", &a))
		return EXIT_USAGE;
	if (!change && (a.by || a.why)) { /* a decision to keep the dose was dropped without a word */
		fprintf(stderr, "station dose: --by and --why go with a change (--exercise, --sets, --reps, --hold, --rest "
				"or --clear): nothing recorded\n");
		return EXIT_USAGE;
	}
	if (a.clear && dose_override_set(&o)) { /* which wins was a guess: the change was dropped */
		fprintf(stderr, "station dose: --clear returns to the programme's dose: give it without --exercise, "
				"--sets, --reps, --hold or --rest\n");
		return EXIT_USAGE;
	}
	struct programme prog;
	if (!cli_load_programme("dose", &prog))
		return EXIT_FAILURE_;
	struct patient p;
	struct store *s = cli_open_patient("dose", a.data_dir, a.pos[0], &p, !change);
	if (!s)
		return EXIT_FAILURE_;
	struct prog_exercise e;
	int rc = ST_OK;
	if (change && !a.clear)
		rc = merge_dose(&prog, &p, &o);
	/* as phase: a change to what is already so is not recorded (a --clear of the
	 * programme's own dose showed "set back to the programme's by" on a dose never
	 * changed); a change to the programme's own exercise and numbers is a return to it (it
	 * stayed an override, "Dose changed by", that changed nothing) */
	const struct dose_override *target = a.clear ? NULL : &o;
	bool same = false, programmes = !target;
	if (change && rc == ST_OK)
		rc = same_prescription(&prog, p.phase, &p.override, target, &same);
	if (change && rc == ST_OK && target)
		rc = same_prescription(&prog, p.phase, NULL, target, &programmes);
	if (programmes)
		target = NULL;
	if (change && rc == ST_OK && same)
		rc = st_fail(ST_ERR_ARG, "%s's dose is %s already: nothing to record", p.clinic_id,
			     programmes ? "the programme's" : "that");
	if (change && rc == ST_OK) {
		/* checked against the programme first: the kind must belong to the phase */
		rc = programme_prescription(&prog, p.phase, target, &e);
		if (rc == ST_OK)
			rc = store_patient_override(s, p.id, target, a.by, a.why);
		if (rc == ST_OK)
			rc = store_patient_find(s, p.clinic_id, &p);
	}
	if (rc == ST_OK)
		rc = programme_prescription(&prog, p.phase, &p.override, &e);
	if (rc == ST_OK)
		print_prescription(&p, &e);
	return finish("dose", s, rc);
}

/* --items: exactly the 8 answers, comma-separated, none empty; false once it said what is wrong. */
static bool parse_visa_items(const char *text, int items[VISA_ITEMS])
{
	const char *p = text;
	for (int n = 0;; n++) {
		size_t len = strcspn(p, ",");
		char field[16], wrong[32] = "";
		if (len == 0 || len >= sizeof field || n == VISA_ITEMS)
			snprintf(wrong, sizeof wrong, "%s", !len ? "an empty answer" : n < VISA_ITEMS ? "an answer too long"
											 : "more than 8 answers");
		else if (p[len] == '\0' && n + 1 != VISA_ITEMS)
			snprintf(wrong, sizeof wrong, "%d answers", n + 1);
		if (wrong[0]) {
			fprintf(stderr, "station visa: --items '%s': %s; it wants the 8 answers, comma-separated\n", text,
				wrong);
			return false;
		}
		memcpy(field, p, len);
		field[len] = '\0';
		if (!cli_int("visa", "--items", field, 0, 30, &items[n]))
			return false; /* it said which */
		if (p[len] == '\0')
			return true;
		p += len + 1;
	}
}

static void visa_usage(FILE *out)
{
	fprintf(out, "usage: station visa ID (--total N | --items Q1,Q2,...,Q8) [--data-dir DIR]\n\n"
		     "Records a VISA-A score: the total (0-100), or the points of the 8 answers by the published\n"
		     "scheme (items 1-6: 0-10; item 7: 0, 4, 7 or 10; item 8: branch A 0, 7, 14, 21 or 30,\n"
		     "B 0, 4, 10, 14 or 20, C 0, 2, 5, 7 or 10), whose sum is the total.\n");
}

int cmd_visa(int argc, char **argv)
{
	struct args a;
	int code;
	if (!parse("visa", argc, argv, visa_usage, &a, &code))
		return code;
	if (a.n_pos != 1 || (a.total < 0) == !a.items) {
		visa_usage(stderr);
		return EXIT_USAGE;
	}
	int items[VISA_ITEMS] = { 0 };
	if (a.items && !parse_visa_items(a.items, items))
		return EXIT_USAGE;
	struct patient p;
	struct store *s = cli_open_patient("visa", a.data_dir, a.pos[0], &p, false);
	if (!s)
		return EXIT_FAILURE_;
	int rc = store_visa_add(s, p.id, 0, a.items ? items : NULL, a.total);
	int total = a.total;
	if (rc == ST_OK && (a.total >= 0 || visa_total(items, &total) == ST_OK))
		printf("%s: VISA-A %d/100 recorded\n", p.clinic_id, total);
	return finish("visa", s, rc);
}
