/* cmd_history.c: `station history ID` (a table per session) and `station export ID --csv DIR`. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cli_store.h"
#include "commands.h"
#include "outcomes.h"
#include "status.h"

/* Parses [--data-dir DIR] [--csv DIR] ID; false after printing usage. */
static bool parse(int argc, char **argv, void (*usage)(FILE *), const char **data_dir,
		  const char **csv, const char **id, int *exit_code)
{
	static const struct option longopts[] = {
		{ "data-dir", required_argument, NULL, 'd' },
		{ "csv", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'd': *data_dir = optarg; break;
		case 'c':
			if (!csv)
				goto bad;
			*csv = optarg;
			break;
		case 'h': usage(stdout); *exit_code = EXIT_OK; return false;
		default: goto bad;
		}
	}
	if (argc - optind == 1) {
		*id = argv[optind];
		return true;
	}
bad:
	usage(stderr);
	*exit_code = EXIT_USAGE;
	return false;
}

static void history_usage(FILE *out)
{
	fprintf(out, "usage: station history ID [--data-dir DIR]\n\n"
		     "Prints the patient's sessions, oldest first: phase, whether complete, pain (before,\n"
		     "the day after the last session, after), and per set the exercise, the leg(s),\n"
		     "reps or holds or hops against the target, lowering times (mean, fastest-slowest) and\n"
		     "how many in the band, hold times (mean, longest), mean left share, pain after.\n");
}

/* A number, or "-" when missing. */
static const char *num(char *buf, size_t len, double v, int decimals)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.*f", decimals, v);
	return buf;
}

static const char *pain(char buf[8], int score)
{
	if (score == PAIN_NONE)
		return "-";
	snprintf(buf, 8, "%d", score);
	return buf;
}

/* What the patient did when advised not to exercise today (pain before above the limit). */
static const char *pain_gate_text(int went_on)
{
	return went_on == PAIN_NONE ? "" : went_on ? " (advised not to exercise: went on)" : " (advised not to exercise: stopped)";
}

static void print_set(const struct history_set *x)
{
	char a[16], b[16], c[16]; /* numbers, put together below */
	char count[24], lower[3 * sizeof a + 4], band[16], hold[2 * sizeof a + 3], share[16], p[8];
	if (x->target_count > 0)
		snprintf(count, sizeof count, "%d/%d", x->count, x->target_count);
	else
		snprintf(count, sizeof count, "%d", x->count);
	if (isnan(x->lower_mean_s))
		snprintf(lower, sizeof lower, "-");
	else
		snprintf(lower, sizeof lower, "%s (%s-%s)", num(a, sizeof a, x->lower_mean_s, 1),
			 num(b, sizeof b, x->lower_min_s, 1), num(c, sizeof c, x->lower_max_s, 1));
	if (x->band_max_s > 0 && !isnan(x->lower_mean_s)) /* of the reps measured */
		snprintf(band, sizeof band, "%d/%d", x->in_band, x->count - x->lower_unmeasured);
	else
		snprintf(band, sizeof band, "-");
	if (isnan(x->hold_mean_s))
		snprintf(hold, sizeof hold, "-");
	else
		snprintf(hold, sizeof hold, "%s (%s)", num(a, sizeof a, x->hold_mean_s, 1), num(b, sizeof b, x->hold_max_s, 1));
	printf("  %3d  %-22s %-5s %-6s %-16s %-7s %-12s %-7s %-4s %s\n", x->set_no, ex_kind_name(x->kind),
	       side_name(x->side), count, lower, band, hold, num(share, sizeof share, x->share_pct, 1),
	       pain(p, x->pain_after), x->complete ? "" : "not finished");
}

int cmd_history(int argc, char **argv)
{
	const char *data_dir = NULL, *id = NULL;
	int code;
	if (!parse(argc, argv, history_usage, &data_dir, NULL, &id, &code))
		return code;
	struct patient pt;
	struct store *s = cli_open_patient("history", data_dir, id, &pt, true);
	if (!s)
		return EXIT_FAILURE_;
	struct history h;
	struct session_outcome *o = NULL;
	size_t n_o;
	int rc = store_history(s, pt.id, &h);
	store_close(s);
	if (rc == ST_OK)
		rc = history_outcomes(&h, pt.side, &o, &n_o);
	if (rc != ST_OK) {
		cli_report_failure("history");
		return EXIT_FAILURE_;
	}
	printf("%s%s%s, involved side %s, phase %d, %zu session%s\n", pt.clinic_id, *pt.name ? " " : "", pt.name,
	       side_name(pt.side), pt.phase, h.n, h.n == 1 ? "" : "s");
	for (size_t i = 0; i < h.n; i++) {
		const struct history_session *hs = &h.sessions[i];
		char when[32], p1[8], p2[8], p3[8];
		struct tm tm;
		localtime_r(&hs->started, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		/* the patient's own count; the store's id (the log's and the export's) beside it */
		/* after: the most after any set or at the end (each set's is in its row) */
		/* a day after not asked, answered at a visit before with no exercise (the dose went by it) */
		bool earlier = hs->pain_day_after_last == PAIN_NONE && o[i].pain_eased_by != PAIN_NONE;
		printf("\nsession %zu (id %lld)  %s  phase %d  %s%s  pain: before %s%s, day after last %s%s, after at most %s\n",
		       i + 1, (long long)hs->id, when, hs->phase, hs->complete ? "complete" : *hs->ended ? hs->ended : "not finished",
		       hs->red_flag ? " (red flag)" : "", pain(p1, hs->pain_before), pain_gate_text(hs->pain_gate_went_on),
		       pain(p2, earlier ? o[i].pain_eased_by : hs->pain_day_after_last), earlier ? " (answered at an earlier visit)" : "",
		       pain(p3, hs->pain_during_max));
		if (hs->n_sets == 0)
			continue;
		printf("  %3s  %-22s %-5s %-6s %-16s %-7s %-12s %-7s %-4s\n", "set", "exercise", "side", "count",
		       "lowering s", "in band", "hold s", "share %", "pain");
		for (size_t k = 0; k < hs->n_sets; k++)
			print_set(&hs->sets[k]);
	}
	free(o);
	history_free(&h);
	return EXIT_OK;
}

static void export_usage(FILE *out)
{
	fprintf(out, "usage: station export ID --csv DIR [--data-dir DIR]\n\n"
		     "Writes the patient's patient.csv (phase, and the dose as changed: by whom, when, why),\n"
		     "sessions.csv, sets.csv, events.csv (every rep, hold and hop), pain.csv, visa.csv\n"
		     "and phase_changes.csv into DIR: a header row, RFC 4180 quoting,\n"
		     "times in ISO 8601 UTC, empty fields where a value is missing. Files are private (0600).\n");
}

int cmd_export(int argc, char **argv)
{
	const char *data_dir = NULL, *csv = NULL, *id = NULL;
	int code;
	if (!parse(argc, argv, export_usage, &data_dir, &csv, &id, &code))
		return code;
	if (!csv) {
		fprintf(stderr, "station export: --csv DIR is required\n");
		return EXIT_USAGE;
	}
	struct patient pt;
	struct store *s = cli_open_patient("export", data_dir, id, &pt, true);
	if (!s)
		return EXIT_FAILURE_;
	int rc = cli_outside_station_files(s, csv, true);
	if (rc == ST_OK)
		rc = store_export_csv(s, pt.id, csv);
	store_close(s);
	if (rc != ST_OK) {
		cli_report_failure("export");
		return EXIT_FAILURE_;
	}
	return EXIT_OK;
}
