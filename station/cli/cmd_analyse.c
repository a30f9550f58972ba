/* cmd_analyse.c: `station analyse --exercise MODE FILE`: the JSON of DESIGN.md on stdout. */
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "cli.h"
#include "commands.h"
#include "convert.h"
#include "dsp.h"
#include "event_fields.h"
#include "live.h"
#include "physics.h"
#include "status.h"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: station analyse --exercise heel-raise|hold|hop [--live] FILE\n\n"
		"Analyses a recording (interchange CSV or native) and prints one JSON object:\n"
		"  rate_hz, duration_s      the recording's sample rate and length\n"
		"  body_weight_n            load during the first quiet stance (seated: the feet's load)\n"
		"  noise_sd_n, hum_hz, gaps noise floor, mains hum removed (0: none), gaps cut at\n"
		"  reps (heel-raise): start_s, top_s, lower_start_s, end_s where the centre of mass,\n"
		"      from the force by impulse-momentum, first passes 10%% of its peak H going up,\n"
		"      first reaches 90%%, is last at 90%%, falls below 10%%; rise_s = top - start,\n"
		"      hold_s = lower_start - top, lower_s = end - lower_start; height_mm = H;\n"
		"      work_j = body weight x H; left_share_pct = 100 mean(left) / (mean(left) +\n"
		"      mean(right)) over start..end; total_work_j sums the reps (one higher\n"
		"      than a heel raise goes has no work);\n"
		"      timing \"uncertain\" and reason: the phase times cannot be trusted\n"
		"  holds (hold): start_s, end_s where the COP has moved halfway to the forefoot and\n"
		"      halfway back; duration_s; left_share_pct; force_sd_n and cop_sd_mm: steadiness\n"
		"  support_pct (reps, holds): share of body weight on the hands: body weight less\n"
		"      the plates' mean force over the event (negative: a pull); absent beyond\n"
		"      -15..30 %%: a seat or the feet pushing, not the hands\n"
		"  rejected: events found and judged implausible, or cut by a gap in the\n"
		"      recording: start_s, end_s, reason\n"
		"  hops (hop): takeoff_s, landing_s where the force on both plates falls to flight\n"
		"      level and rises again; flight_s; contact_s: the ground contact after the\n"
		"      landing (absent for the last hop of a series); height_mm = g flight^2 / 8;\n"
		"      rsi = height in m / contact in s; left_share_pct over the contact after the\n"
		"      landing (about 100: landed on the left foot, 0: on the right)\n"
		"  saturated (each event): a load cell was at full scale during it\n\n"
		"--live runs the incremental analysis of the screen over the recording, sample by\n"
		"sample, and prints one JSON object per line for each event as it is reported: the\n"
		"keys of its list above, plus emitted_at_s, the time of the newest sample the\n"
		"analysis had seen then (the recording's end judges what is still waiting, as a\n"
		"set's end does). A rep whose early measurement, 0.3 s after the body is down, is\n"
		"certain and clear of the 3-5 s lowering band's edges is reported\n"
		"then, as that measurement finds it; the others once the rest after them is in.\n");
}

/* Prints the events reported since the last call, each with when it was reported. */
static int print_new(const struct live_analysis *la, enum exercise mode, size_t *printed, double now_s)
{
	size_t n;
	const char *events = analysis_events_of(live_analysis_events(la), mode, &n);
	for (; *printed < n; (*printed)++) {
		char *line = analysis_event_json(mode, events + *printed * event_kind_of(mode)->size, now_s);
		if (!line)
			return st_fail(ST_ERR_NOMEM, "out of memory");
		puts(line);
		free(line);
	}
	return fflush(stdout) == 0 ? ST_OK : st_fail(ST_ERR_IO, "cannot write the events");
}

/* --live: the screen's incremental analysis, sample by sample; the end is a set's end. */
static int analyse_live(const struct trace *t, enum exercise mode)
{
	/* refused as offline refuses it (a stranger found --live silent, exit 0) */
	double most_n = 0;
	for (size_t i = 0; i < t->n; i++)
		most_n = fmax(most_n, (double)t->fz[0][i] + t->fz[1][i]);
	/* columns that are all empty are none (a stranger's: silent, exit 0), and so are the
	 * unloaded plate's alone */
	bool cop = trace_cop_known(t, 0, t->n);
	if (!(most_n >= MIN_STANCE_N))
		return st_fail(ST_ERR_DATA, "nobody on the plates: the load never reaches %g N", MIN_STANCE_N);
	if (!cop && mode != EXERCISE_HOP) { /* its triggers are the heels (live.c) */
		struct cop_lack lack;
		trace_cop_lacking(t, 0, t->n, &lack);
		if (t->has_cop && lack.lacking < lack.loaded) /* blanks, which the screen's plate never has */
			return st_fail(ST_ERR_DATA, "--live needs the centre of pressure, which the screen's analysis finds "
						    "the heels by, and this recording's is blank where a plate bears a load "
						    "(first at t_s %.4f): analyse it without --live",
				       t->t_s[lack.first]);
		return st_fail(ST_ERR_DATA, "--live needs the centre of pressure, which the screen's analysis finds "
					    "the heels by, and this recording has none where the feet bear the load: analyse it without --live");
	}
	struct live_analysis *la;
	int rc = live_analysis_new(t->rate_hz, mode, &la);
	size_t printed = 0;
	struct trace_sample s = { .t_s = NAN };
	for (size_t i = 0; rc >= 0 && i < t->n; i++) {
		trace_get(t, i, &s);
		rc = live_analysis_push(la, &s);
		if (rc > 0)
			rc = print_new(la, mode, &printed, s.t_s);
	}
	if (rc >= 0)
		rc = live_analysis_flush(la);
	if (rc >= 0)
		rc = print_new(la, mode, &printed, s.t_s);
	live_analysis_free(la);
	return rc < 0 ? rc : ST_OK;
}

int cmd_analyse(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "exercise", required_argument, NULL, 'e' },
		{ "live", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	enum exercise mode = EXERCISE_HEEL_RAISE;
	bool have_mode = false, live = false;
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'e':
			if (exercise_from_name(optarg, &mode) != ST_OK) {
				cli_report_failure("analyse");
				return EXIT_USAGE;
			}
			have_mode = true;
			break;
		case 'l': live = true; break;
		case 'h': usage(stdout); return EXIT_OK;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (!have_mode || optind + 1 != argc) {
		fprintf(stderr, "station analyse: %s\n\n", have_mode ? "give one recording" : "--exercise is required");
		usage(stderr);
		return EXIT_USAGE;
	}
	struct trace t;
	struct analysis a;
	int rc = load_trace(argv[optind], &t);
	if (rc != ST_OK) {
		cli_report_failure("analyse");
		return EXIT_FAILURE_;
	}
	/* The live analysis, as on the station, plans its transforms at start; offline, each
	 * size is planned when first used (FFTW_ESTIMATE, as dsp_init without wisdom): a
	 * recording needs two or three of dsp_init's fifteen, about 20 ms of a 0.4 s run. */
	if (live)
		rc = cli_dsp_init(NULL);
	if (rc == ST_OK && live) {
		rc = analyse_live(&t, mode);
		trace_free(&t);
		dsp_shutdown();
		if (rc == ST_OK)
			return EXIT_OK;
		fprintf(stderr, "station analyse: %s: %s\n", argv[optind], st_errmsg());
		return EXIT_FAILURE_;
	}
	if (rc == ST_OK)
		rc = analyse_trace_in_place(&t, mode, &a);
	trace_free(&t);
	if (rc != ST_OK) {
		fprintf(stderr, "station analyse: %s: %s\n", argv[optind], st_errmsg());
		dsp_shutdown();
		return EXIT_FAILURE_;
	}
	char *json = analysis_to_json(&a, mode);
	analysis_free(&a);
	dsp_shutdown();
	if (!json) {
		fprintf(stderr, "station analyse: out of memory\n");
		return EXIT_FAILURE_;
	}
	puts(json);
	free(json);
	return EXIT_OK;
}
