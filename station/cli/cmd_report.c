/* cmd_report.c: `station report ID --pdf FILE` (the physio's report to file) and
 * `station graphs ID --png DIR` (each graph as an image), from the same drawing. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cli_store.h"
#include "commands.h"
#include "report.h"
#include "review.h"
#include "status.h"

#define PNG_W 1200
#define PNG_H 800

struct args {
	const char *data_dir, *out, *id;
	time_t from, to;
	int w, h;
};

/* [--data-dir DIR] [--from DATE] [--to DATE] OUT_OPT PATH [--size WxH] ID; false after the
 * usage or an error is printed. */
static bool parse(const char *cmd, const char *out_opt, int argc, char **argv, void (*usage)(FILE *), struct args *a,
		  int *code)
{
	static const struct option longopts[] = {
		{ "data-dir", required_argument, NULL, 'd' }, { "pdf", required_argument, NULL, 'o' },
		{ "png", required_argument, NULL, 'o' },      { "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },       { "size", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },           { 0 },
	};
	memset(a, 0, sizeof *a);
	a->w = PNG_W;
	a->h = PNG_H;
	*code = EXIT_USAGE;
	int opt, index;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, &index)) != -1) {
		switch (opt) {
		case 'd': a->data_dir = optarg; break;
		case 'o':
			if (strcmp(longopts[index].name, out_opt + 2) != 0) {
				fprintf(stderr, "station %s: --%s is for another command; this one takes %s\n", cmd,
					longopts[index].name, out_opt);
				return false;
			}
			if (!*optarg) {
				fprintf(stderr, "station %s: %s: the name is empty; give the %s to write, e.g. %s %s\n", cmd,
					out_opt, strcmp(cmd, "report") == 0 ? "PDF file" : "folder", out_opt,
					strcmp(cmd, "report") == 0 ? "P-14-report.pdf" : "P-14-graphs");
				return false;
			}
			a->out = optarg;
			break;
		case 'f':
		case 't':
			if (review_parse_day(optarg, opt == 't', opt == 'f' ? &a->from : &a->to) != ST_OK) {
				fprintf(stderr, "station %s: --%s: %s\n", cmd, opt == 'f' ? "from" : "to", st_errmsg());
				return false;
			}
			break;
		case 's':
			if (strcmp(cmd, "graphs") != 0) {
				usage(stderr);
				return false;
			}
			if (!cli_size(cmd, optarg, 320, 200, &a->w, &a->h))
				return false;
			break;
		case 'h': usage(stdout); *code = EXIT_OK; return false;
		default: usage(stderr); return false;
		}
	}
	if (argc - optind != 1) {
		usage(stderr);
		return false;
	}
	a->id = argv[optind];
	if (!a->out) {
		fprintf(stderr, "station %s: %s is required\n", cmd, strcmp(cmd, "report") == 0 ? "--pdf FILE" : "--png DIR");
		return false;
	}
	if (a->from && a->to && a->from > a->to) {
		fprintf(stderr, "station %s: --from is after --to\n", cmd);
		return false;
	}
	return true;
}

/* Opens the store and reads the review; reports a failure. */
static bool load(const char *cmd, const struct args *a, struct programme *prog, struct review *r)
{
	if (!cli_load_programme(cmd, prog))
		return false;
	/* only reading: a mistyped folder is said, not made into a new empty station */
	if (a->data_dir && access(a->data_dir, F_OK) != 0) {
		fprintf(stderr, "station %s: no station data folder %s: %s\n", cmd, a->data_dir, strerror(errno));
		return false;
	}
	struct store *s = cli_open_store_to_read(cmd, a->data_dir);
	if (!s)
		return false;
	int rc = cli_outside_station_files(s, a->out, strcmp(cmd, "graphs") == 0);
	if (rc == ST_OK)
		rc = review_load(s, prog, a->id, a->from, a->to, r);
	store_close(s);
	if (rc != ST_OK)
		cli_report_failure(cmd);
	return rc == ST_OK;
}

static void report_usage(FILE *out)
{
	fprintf(out, "usage: station report ID --pdf FILE [--from DATE] [--to DATE] [--data-dir DIR]\n\n"
		     "Writes the patient's progress report as a PDF (A4, private: 0600): clinic number and\n"
		     "name, involved side, the sessions' dates, the current phase and every phase decision\n"
		     "(who, when, why), the progression suggestion with its reasons, VISA-A scores, the\n"
		     "calibration of the plate used, the graphs and a table of the sessions. DATE is\n"
		     "YYYY-MM-DD; --from and --to keep the sessions and scores of those days.\n");
}

int cmd_report(int argc, char **argv)
{
	struct args a;
	int code;
	if (!parse("report", "--pdf", argc, argv, report_usage, &a, &code))
		return code;
	static struct programme prog; /* large: not on the stack */
	struct review r;
	if (!load("report", &a, &prog, &r))
		return EXIT_FAILURE_;
	int rc = report_write_pdf(&r, a.out, time(NULL));
	if (rc == ST_OK)
		printf("%s: report of %zu session%s in %s\n", r.patient.clinic_id, r.history.n, r.history.n == 1 ? "" : "s",
		       a.out);
	review_free(&r);
	if (rc != ST_OK) {
		cli_report_failure("report");
		return rc == ST_ERR_ARG ? EXIT_USAGE : EXIT_FAILURE_;
	}
	return EXIT_OK;
}

static void graphs_usage(FILE *out)
{
	fprintf(out, "usage: station graphs ID --png DIR [--size WxH] [--from DATE] [--to DATE] [--data-dir DIR]\n\n"
		     "Writes each of the patient's graphs as a PNG into DIR (made if missing, private): the\n"
		     "drawing of the report, on a light background, with the patient's number and dates on\n"
		     "each image. --size: pixels (default %dx%d).\n",
		PNG_W, PNG_H);
}

int cmd_graphs(int argc, char **argv)
{
	struct args a;
	int code;
	if (!parse("graphs", "--png", argc, argv, graphs_usage, &a, &code))
		return code;
	static struct programme prog;
	struct review r;
	if (!load("graphs", &a, &prog, &r))
		return EXIT_FAILURE_;
	int written;
	int rc = report_write_pngs(&r, a.out, a.w, a.h, &written);
	if (rc == ST_OK)
		printf("%s: %d graph%s in %s\n", r.patient.clinic_id, written, written == 1 ? "" : "s", a.out);
	review_free(&r);
	if (rc != ST_OK) {
		cli_report_failure("graphs");
		return EXIT_FAILURE_;
	}
	return EXIT_OK;
}
