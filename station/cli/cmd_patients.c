/* cmd_patients.c: `station patients` (the list) and `station patients add`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_store.h"
#include "commands.h"
#include "plain_text.h"
#include "status.h"

static void usage(FILE *out)
{
	fprintf(out, "usage: station patients [--data-dir DIR]\n"
		     "       station patients add ID [--name NAME] [--side left|right|both] [--phase N] [--data-dir DIR]\n\n"
		     "Lists the patients (clinic id, name, involved side, phase, the physio's dose change),\n"
		     "or adds one: ID is the clinic's id (letters, digits, '.', '_', '-'); NAME may be a\n"
		     "pseudonym; the side is the involved one (default both); the phase 1-6 (default 1).\n"
		     "DIR: where the station keeps its data (default $XDG_DATA_HOME/station).\n");
}

static int list(const char *data_dir)
{
	struct store *s = cli_open_store_to_read("patients", data_dir);
	if (!s)
		return EXIT_FAILURE_;
	struct patient *p;
	size_t n;
	int rc = store_patient_list(s, &p, &n);
	store_close(s);
	if (rc != ST_OK) {
		cli_report_failure("patients");
		return EXIT_FAILURE_;
	}
	if (n == 0)
		printf("no patients yet (station patients add ID)\n");
	else
		printf("%-16s %-24s %-6s %5s  %s\n", "id", "name", "side", "phase", "dose changed by");
	for (size_t i = 0; i < n; i++) {
		/* padded by characters, not bytes: "Zoë" is four bytes (the columns after it
		 * stood one to the left) */
		const char *name = *p[i].name ? p[i].name : "-";
		size_t chars = plain_text_chars(name);
		printf("%-16s %s%*s %-6s %5d  %s\n", p[i].clinic_id, name, chars < 24 ? (int)(24 - chars) : 0, "",
		       side_name(p[i].side), p[i].phase, *p[i].override_by ? p[i].override_by : "-");
	}
	free(p);
	return EXIT_OK;
}

int cmd_patients(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "data-dir", required_argument, NULL, 'd' }, { "name", required_argument, NULL, 'n' },
		{ "side", required_argument, NULL, 's' },     { "phase", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },           { 0 },
	};
	const char *data_dir = NULL, *name = NULL;
	enum side side = SIDE_BOTH;
	int phase = 1, opt;
	bool add_options = false;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'd': data_dir = optarg; break;
		case 'n': name = optarg; add_options = true; break;
		case 's':
			if (side_from_name(optarg, &side) != ST_OK) {
				cli_report_failure("patients");
				return EXIT_USAGE;
			}
			add_options = true;
			break;
		case 'p':
			if (!cli_int("patients", "--phase", optarg, 1, PROGRAMME_PHASES, &phase))
				return EXIT_USAGE;
			add_options = true;
			break;
		case 'h': usage(stdout); return EXIT_OK;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	int rest = argc - optind;
	if (rest == 0 && !add_options)
		return list(data_dir);
	if (rest != 2 || strcmp(argv[optind], "add") != 0) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *id = argv[optind + 1];
	struct store *s = cli_make_store("patients", data_dir);
	if (!s)
		return EXIT_FAILURE_;
	int rc = store_patient_add(s, id, name, side, phase, NULL);
	store_close(s);
	if (rc != ST_OK) {
		cli_report_failure("patients");
		return rc == ST_ERR_ARG ? EXIT_USAGE : EXIT_FAILURE_;
	}
	printf("added %s: %s, phase %d\n", id, side == SIDE_BOTH ? "both sides" : side == SIDE_LEFT ? "left side" : "right side",
	       phase);
	return EXIT_OK;
}
