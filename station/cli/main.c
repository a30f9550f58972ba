/* main.c: `station`, the calf-raise station; dispatches to its subcommands. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "record", cmd_record, "record a plate to a file (native, CSV in newtons, or raw CSV)" },
	{ "analyse", cmd_analyse, "measure reps, holds or hops in a recording (JSON)" },
	{ "export-csv", cmd_export_csv, "write a native recording as interchange CSV" },
	{ "import-csv", cmd_import_csv, "turn an interchange CSV into a native recording" },
	{ "calibrate", cmd_calibrate, "calibrate a plate, step by step, with known masses" },
	{ "devices", cmd_devices, "list the plates that can be opened" },
	{ "wait-plate", cmd_wait_plate, "wait until a plate can be opened (the kiosk service)" },
	{ "sim-calibration", cmd_sim_calibration, "print the exact calibration of a simulated plate" },
	{ "patients", cmd_patients, "list the patients, or add one (patients add ID)" },
	{ "session", cmd_session, "run a patient's session in the terminal (--headless)" },
	{ "history", cmd_history, "a patient's sessions, sets and pain as a table" },
	{ "export", cmd_export, "a patient's data as CSV files (--csv DIR)" },
	{ "suggest", cmd_suggest, "the progression suggestion, and a physio's confirmation" },
	{ "phase", cmd_phase, "set a patient's phase (with who and why)" },
	{ "dose", cmd_dose, "show or change a patient's exercise and dose" },
	{ "visa", cmd_visa, "record a VISA-A score" },
	{ "report", cmd_report, "a patient's progress report to file (--pdf FILE)" },
	{ "graphs", cmd_graphs, "a patient's graphs as PNG images (--png DIR)" },
	{ "pin", cmd_pin, "show or set the physio PIN of the station screen (pin set)" },
	{ "backup", cmd_backup, "a checked copy of the database now, into the data's backups/" },
	{ "restore", cmd_restore, "make the database a copy of a backup (the station stopped)" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: station [--plate PLATE] [--windowed] [--size WxH] [--data-dir DIR]  the station screen\n"
		     "       station --demo [--exit-after N] [--shots DIR] [--stats]  sessions running by themselves\n"
		     "       station --headless [--plate PLATE]                   the plate's forces as text\n"
		     "       station COMMAND [OPTIONS]                            (station COMMAND --help)\n"
		     "       station --help | --version\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-16s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nplates: sim[:SCENARIO] (simulated patient; scenarios: demo, quiet, empty, heel-raises,\n"
		     "        single-leg, hold-seated, hold-standing, hops, or a scenario file),\n"
		     "        replay:FILE (a native recording or an interchange CSV)\n");
}

int main(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return EXIT_OK;
	}
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf("station %s\n", STATION_VERSION);
		return EXIT_OK;
	}
	/* a file-size limit reached fails the write (EFBIG), which is reported where it
	 * happened, rather than killing the station without a word (a stranger's ulimit -f) */
	signal(SIGXFSZ, SIG_IGN);
	if (argc < 2 || argv[1][0] == '-')
		return cmd_live_view(argc, argv);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "station: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
