/* cmd_record.c: `station record`, `station export-csv`, `station import-csv`. */
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "record.h"
#include "safe_file.h"
#include "status.h"

static void record_usage(FILE *out)
{
	fprintf(out,
		"usage: station record --plate PLATE --out FILE [--seconds N] [--rate HZ] [--raw]\n"
		"                      [--fast] [--seed N] [--truth FILE]\n\n"
		"Streams a plate to FILE: FILE.csv is the interchange CSV in newtons and mm (needs the\n"
		"plate's calibration); any other name is the native recording, which keeps the raw counts\n"
		"and always works. --raw with a .csv file writes the raw stream instead:\n"
		"t_s,seq,flags,c0..c7, one row per frame, gaps visible as seq jumps.\n\n"
		"  --plate PLATE   sim[:SCENARIO] or replay:FILE\n"
		"  --seconds N     stop after N seconds of samples (default: until the stream ends;\n"
		"                  Ctrl-C also ends it cleanly)\n"
		"  --rate HZ       sample rate (default: the plate's)\n"
		"  --fast          simulated and replayed plates: as fast as possible, not real time\n"
		"  --seed N        simulated plate: noise and jitter seed\n"
		"  --truth FILE    simulated plate: write what it simulated (reps, holds, hops) as JSON\n");
}

static int report(const char *cmd, int rc, const struct record_result *res, const char *out)
{
	if (res->plate_gone)
		fprintf(stderr, "station %s: the plate went away after %.3f s; %s keeps the %llu frames recorded "
				"before it\n", cmd, res->seconds, out, (unsigned long long)res->frames);
	else if (rc != 0)
		cli_report_failure(cmd);
	if (res->samples_lost)
		fprintf(stderr, "station %s: warning: %llu samples were lost in acquisition (marked as gaps)\n", cmd,
			(unsigned long long)res->samples_lost);
	if (res->saturated)
		fprintf(stderr, "station %s: warning: %llu samples have a saturated load cell (marked)\n", cmd,
			(unsigned long long)res->saturated);
	return rc == 0 ? EXIT_OK : EXIT_FAILURE_;
}

/* Whether two paths name the same file, whether it exists yet or not ("z.csv" and
 * "./z.csv"): the same folder, resolved, and the same name in it. */
static bool same_name(const char *a, const char *b)
{
	char copy_a[PATH_MAX], copy_b[PATH_MAX], dir_a[PATH_MAX], dir_b[PATH_MAX];
	snprintf(copy_a, sizeof copy_a, "%s", a);
	snprintf(copy_b, sizeof copy_b, "%s", b);
	if (!realpath(dirname(copy_a), dir_a) || !realpath(dirname(copy_b), dir_b))
		return strcmp(a, b) == 0;
	snprintf(copy_a, sizeof copy_a, "%s", a);
	snprintf(copy_b, sizeof copy_b, "%s", b);
	return strcmp(dir_a, dir_b) == 0 && strcmp(basename(copy_a), basename(copy_b)) == 0;
}

int cmd_record(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "plate", required_argument, NULL, 'p' }, { "out", required_argument, NULL, 'o' },
		{ "seconds", required_argument, NULL, 's' }, { "rate", required_argument, NULL, 'r' },
		{ "raw", no_argument, NULL, 'R' }, { "fast", no_argument, NULL, 'f' },
		{ "seed", required_argument, NULL, 'S' }, { "truth", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' }, { 0 },
	};
	struct record_request req = { .stop = &cli_stop_requested };
	bool raw = false;
	double v;
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'p': req.plate = optarg; break;
		case 'o': req.out_path = optarg; break;
		case 'R': raw = true; break;
		case 'f': req.options.fast = true; break;
		case 't': req.truth_path = optarg; break;
		case 's':
			if (!cli_number("record", "--seconds", optarg, 0.001, 86400, &req.seconds))
				return EXIT_USAGE;
			break;
		case 'r':
			if (!cli_number("record", "--rate", optarg, 1, 100000, &v))
				return EXIT_USAGE;
			req.rate_hz = (unsigned)v;
			break;
		case 'S':
			if (!cli_number("record", "--seed", optarg, 1, 4294967295.0, &v))
				return EXIT_USAGE;
			req.options.seed = (uint64_t)v;
			break;
		case 'h': record_usage(stdout); return EXIT_OK;
		default: record_usage(stderr); return EXIT_USAGE;
		}
	}
	if (!req.plate || !req.out_path || optind != argc) {
		fprintf(stderr, "station record: %s\n\n",
			optind != argc ? "unexpected argument" : "--plate and --out are required");
		record_usage(stderr);
		return EXIT_USAGE;
	}
	/* one file for both: the recording was replaced by the truth, exit 0 */
	if (req.truth_path && (same_name(req.truth_path, req.out_path) ||
			       safe_file_distinct(req.truth_path, req.out_path) != ST_OK)) {
		fprintf(stderr, "station record: --out and --truth name the same file (%s): give each its own\n",
			req.out_path);
		return EXIT_USAGE;
	}
	req.format = record_format_for(req.out_path, raw);
	if (raw && req.format != RECORD_RAW_CSV) {
		fprintf(stderr, "station record: --raw writes CSV; give an --out file ending in .csv\n");
		return EXIT_USAGE;
	}
	cli_catch_stop_signals();
	struct record_result res;
	int rc = record_run(&req, &res);
	return report("record", rc, &res, req.out_path);
}

/* export-csv and import-csv replay IN as fast as possible into OUT. */
static int convert(const char *cmd, int argc, char **argv, enum record_format format, const char *what)
{
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: station %s IN OUT\n\n%s\n", cmd, what);
		return EXIT_OK;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: station %s IN OUT\n", cmd);
		return EXIT_USAGE;
	}
	char spec[4200];
	snprintf(spec, sizeof spec, "replay:%s", argv[1]);
	struct record_request req = { .plate = spec, .out_path = argv[2], .format = format,
				      .options = { .fast = true } };
	struct record_result res;
	int rc = record_run(&req, &res);
	return report(cmd, rc, &res, argv[2]);
}

int cmd_export_csv(int argc, char **argv)
{
	return convert("export-csv", argc, argv, RECORD_CSV,
		       "Writes a native recording as the interchange CSV (newtons, mm), using the calibration\n"
		       "the recording was made with, or else the one stored for its plate's serial.");
}

int cmd_import_csv(int argc, char **argv)
{
	return convert("import-csv", argc, argv, RECORD_NATIVE,
		       "Turns an interchange CSV into a native recording of a virtual plate that carries its\n"
		       "own exact calibration, so it replays and analyses like any other recording.");
}
