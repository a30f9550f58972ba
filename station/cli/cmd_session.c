/* cmd_session.c: `station session --headless`: a patient's whole session in the terminal:
 * questions asked on stdin (or answered by a simulated patient's scenario), the plate
 * streamed through the session flow, each rep, set and rest told as it happens. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "commands.h"
#include "dsp.h"
#include "physics.h"
#include "runner.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: station session --headless --patient ID [--plate PLATE] [--data-dir DIR] [--fast] [--rate HZ]\n"
		   "\n"
		   "Runs one session of the patient's current phase and exercise (see `station patients`):\n"
		   "red-flag questions, pain now and the day after last time, tare (plates empty), step on\n"
		   "and stand still, then each set with its targets, pain after it, and the rest. Every\n"
		   "set's outcomes and raw recording are saved as it ends.\n"
		   "\n"
		   "  --plate PLATE   usb, usb:SERIAL, replay:FILE, sim:SCENARIO, or sim (default): a\n"
		   "                  simulated patient doing the prescription; a simulated scenario\n"
		   "                  also answers the questions (answer lines, see the README)\n"
		   "  --fast          a simulated or replayed plate as fast as it goes (rests too)\n"
		   "  --data-dir DIR  the store (default ~/.local/share/station)\n"
		   "  --headless      in the terminal (the screen runs sessions from `station` itself)\n");
}

/* ---- answers ---- */

/* Asks on stdin until the answer makes sense; -1 at the end of input. */
static int ask_person(const struct flow_view *v)
{
	char line[64];
	for (;;) {
		printf("%s %s ", v->prompt, flow_question_is_yes_no(v->question) ? "[yes/no]" : "[0-10]");
		fflush(stdout);
		if (!fgets(line, sizeof line, stdin))
			return -1;
		line[strcspn(line, "\r\n")] = '\0';
		if (flow_question_is_yes_no(v->question)) {
			if (strcasecmp(line, "y") == 0 || strcasecmp(line, "yes") == 0)
				return 1;
			if (strcasecmp(line, "n") == 0 || strcasecmp(line, "no") == 0)
				return 0;
			printf("Please answer yes or no.\n");
			continue;
		}
		char *end;
		long v10 = strtol(line, &end, 10);
		if (end != line && *end == '\0' && v10 >= 0 && v10 <= 10)
			return (int)v10;
		printf("Please answer with a whole number from 0 to 10.\n");
	}
}

/* ---- telling what happens ---- */

struct told {
	enum flow_stage stage;
	int set_summarised, set_started;
	bool plate_away;
};

static const char *verdict_words(int verdict)
{
	if (verdict == FLOW_NOT_MEASURED)
		return "not measured (timing uncertain)";
	if (verdict == FLOW_BOTH_FEET)
		return "not on one foot alone (both feet, or the other foot): not the one-leg exercise";
	return verdict < 0 ? "too quick: lower more slowly" : verdict > 0 ? "slower than needed: fine" : "good";
}

static void tell_start(const struct session_info *in)
{
	const struct dose *d = &in->exercise.dose;
	printf("Patient %s%s%s, phase %d: %s\n", in->patient.clinic_id, in->patient.name[0] ? " " : "",
	       in->patient.name, in->patient.phase, in->exercise.name);
	printf("Dose: %d set%s", in->plan.sets, in->plan.sets == 1 ? "" : "s");
	if (in->plan.per_set)
		printf(" of %d", in->plan.per_set);
	if (in->plan.mode == EXERCISE_HOLD)
		printf(", holding %.0f s", in->plan.hold_target_s);
	if (d->lower_max_s > 0)
		printf(", lowering in %.0f-%.0f s", d->lower_min_s, d->lower_max_s);
	printf(", rest %.0f s\n", in->plan.rest_s);
	if (in->too_soon) {
		char ago[32] = "less than an hour";
		if (in->hours_since_last >= 1)
			snprintf(ago, sizeof ago, "%.0f hours", in->hours_since_last);
		printf("Note: the last session was %s ago; this programme is every other day (at least %.0f hours apart).\n",
		       ago, in->spacing_hours);
	}
	printf("Plate %s, calibration %s", in->plate_name, in->calibration_serial);
	if (!isnan(in->calibration_age_days))
		printf(" (%.0f days old)", in->calibration_age_days);
	printf("\n");
	if (in->calibration_due)
		printf("Warning: the calibration is more than %.0f days old: calibrate the plate again soon "
		       "('station calibrate --plate PLATE').\n", calib_max_age_days());
}

static void tell_set_end(const struct session_set_summary *s, const struct flow_plan *p)
{
	printf("Set %d %s: %d", s->number, s->n ? "done" : "not done", s->n); /* as the screen says it */
	if (s->target)
		printf(" of %d", s->target);
	printf(p->mode == EXERCISE_HEEL_RAISE ? " reps" : p->mode == EXERCISE_HOLD ? " holds" : " hops");
	if (!isnan(s->lower_mean_s))
		printf(", lowering %.1f s on average, %d in the %.0f-%.0f s band", s->lower_mean_s, s->in_band,
		       p->lower_min_s, p->lower_max_s);
	if (s->not_measured)
		printf(", %d not measured", s->not_measured);
	if (!isnan(s->hold_max_s))
		printf(", longest hold %.1f s, %d reached %.0f s", s->hold_max_s, s->in_band, p->hold_target_s);
	if (!isnan(s->left_share_pct))
		printf(", left %.0f %% / right %.0f %%", s->left_share_pct, 100 - s->left_share_pct);
	printf("\n");
}

static void tell_event(const struct session_event *e)
{
	switch (e->mode) {
	case EXERCISE_HEEL_RAISE: {
		/* a rep without work has no height to trust (higher than a heel raise goes, or
		 * hidden by a hand on the rail), and an uncertain one no times */
		char height[24] = "height unknown";
		if (isfinite(e->rep.work_j))
			snprintf(height, sizeof height, "%.0f mm", e->rep.height_mm);
		if (e->rep.uncertain)
			printf("  rep %d: %s: %s; %s, left %.0f %%\n", e->index + 1, verdict_words(e->verdict),
			       e->rep.uncertain, height, e->rep.left_share_pct);
		else
			printf("  rep %d: up %.1f s, held %.1f s, lowered in %.1f s - %s; %s, left %.0f %%\n", e->index + 1,
			       e->rep.rise_s, e->rep.hold_s, e->rep.lower_s, verdict_words(e->verdict), height,
			       e->rep.left_share_pct);
		break;
	}
	case EXERCISE_HOLD:
		printf("  hold %d: %.1f s%s; left %.0f %%\n", e->index + 1, e->hold.duration_s,
		       e->verdict == 0 ? "" : " (short of the target)", e->hold.left_share_pct);
		break;
	case EXERCISE_HOP:
		printf("  hop %d: flight %.3f s", e->index + 1, e->hop.flight_s);
		if (!isnan(e->hop.contact_s))
			printf(", contact %.3f s", e->hop.contact_s);
		printf(", %.0f mm\n", e->hop.height_mm);
		break;
	}
}

static void tell(struct session_runner *r, const struct flow_view *v, struct told *t)
{
	const struct flow_plan *p = &runner_info(r)->plan;
	if (v->stage != t->stage) {
		if (v->stage == FLOW_TARE && v->eased[0])
			printf("Still sore the day after last time: eased today, %s.\n", v->eased);
		if (v->stage == FLOW_TARE || v->stage == FLOW_STEP_ON)
			printf("%s\n", v->prompt);
		if (v->stage == FLOW_STEP_ON && t->stage == FLOW_TARE)
			printf("Tare: zero drift left %+.1f N, right %+.1f N\n", v->drift_n[0], v->drift_n[1]);
		if (v->notice[0] && (v->stage == FLOW_STEP_ON || v->stage == FLOW_TARE))
			printf("%s\n", v->notice);
		if (v->stage == FLOW_EXERCISE && t->stage == FLOW_STEP_ON)
			printf("Body weight %.0f N (%.1f kg)\n", v->body_weight_n, v->body_weight_n / STANDARD_GRAVITY);
		if (v->stage == FLOW_REST)
			printf("Rest %.0f s.\n", v->rest_left_s);
	}
	if (v->stage == FLOW_EXERCISE && v->set_number != t->set_started) {
		t->set_started = v->set_number;
		printf("Set %d of %d. %s\n", v->set_number, v->sets, v->prompt);
	}
	struct session_event e;
	while (runner_take_event(r, &e))
		tell_event(&e);
	const struct session_set_summary *s = runner_last_set(r);
	if (s->number > t->set_summarised) {
		t->set_summarised = s->number;
		tell_set_end(s, p);
	}
	t->stage = v->stage;
}

static void tell_end(struct session_runner *r, const struct flow_view *v)
{
	printf("%s\n", v->prompt);
	struct suggestion s;
	if (runner_suggestion(r, &s) != ST_OK)
		return;
	printf("For the physio: %s (phase %d", verdict_name(s.verdict), s.phase);
	if (s.verdict == VERDICT_NEXT_PHASE)
		printf(" -> %d", s.next_phase);
	printf(")\n");
	for (size_t i = 0; i < s.n_reasons; i++)
		printf("  - %s\n", s.reasons[i]);
}

/* ---- the session ---- */

static int run(struct session_runner *r)
{
	bool script = runner_scripted(r);
	struct told t = { .stage = FLOW_QUESTION };
	cli_catch_stop_signals();
	for (;;) {
		struct flow_view v;
		runner_view(r, &v);
		tell(r, &v, &t);
		if (v.stage == FLOW_DONE) {
			tell_end(r, &v);
			return ST_OK;
		}
		int rc;
		if (cli_stop_requested) {
			rc = runner_finish(r);
		} else if (v.stage == FLOW_QUESTION) {
			if (v.question == Q_PAIN_GATE)
				printf("%s\n", v.advice);
			int answer = script ? runner_scripted_answer(r, &v) : ask_person(&v);
			if (script && flow_question_is_yes_no(v.question))
				printf("%s %s\n", v.prompt, answer ? "yes" : "no");
			else if (script)
				printf("%s %d\n", v.prompt, answer);
			rc = answer < 0 ? runner_finish(r) : runner_answer(r, answer);
		} else {
			rc = runner_poll(r, 100);
			if (rc == ST_ERR_GONE) {
				if (!t.plate_away)
					printf("%s\n", st_errmsg());
				t.plate_away = true;
				continue;
			}
			if (rc == ST_OK && t.plate_away) {
				printf("The plate is back.\n");
				t.plate_away = false;
			}
		}
		if (rc != ST_OK)
			return rc;
	}
}

int cmd_session(int argc, char **argv)
{
	struct session_params params = { 0 };
	bool headless = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		double rate;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return EXIT_OK;
		} else if (strcmp(a, "--headless") == 0) {
			headless = true;
		} else if (strcmp(a, "--fast") == 0) {
			params.fast = true;
		} else if (val && strcmp(a, "--plate") == 0) {
			params.plate = argv[++i];
		} else if (val && strcmp(a, "--patient") == 0) {
			params.patient = argv[++i];
		} else if (val && strcmp(a, "--data-dir") == 0) {
			params.data_dir = argv[++i];
		} else if (val && strcmp(a, "--rate") == 0) {
			if (!cli_number("session", "--rate", argv[++i], 100, 2000, &rate))
				return EXIT_USAGE;
			params.rate_hz = (unsigned)rate;
		} else {
			fprintf(stderr, "station session: unknown or incomplete option '%s'\n", a);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (!params.patient || !headless) {
		fprintf(stderr, "station session: %s\n",
			!params.patient ? "--patient ID is needed" : "--headless is needed (the screen runs sessions from `station`)");
		usage(stderr);
		return EXIT_USAGE;
	}
	/* The live analysis's filters: with the station's FFTW wisdom they are planned once,
	 * not measured again at every session. */
	struct session_runner *r;
	if (cli_dsp_init(params.data_dir) != ST_OK || runner_open(&params, &r) != ST_OK) {
		cli_report_failure("session");
		dsp_shutdown();
		return EXIT_FAILURE_;
	}
	tell_start(runner_info(r));
	int rc = run(r);
	if (rc != ST_OK)
		cli_report_failure("session");
	runner_close(r);
	dsp_shutdown();
	return rc == ST_OK ? EXIT_OK : EXIT_FAILURE_;
}
