/* cmd_calibrate.c: `station calibrate`, the guided calibration in the terminal. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "procedure.h"

static void calibrate_usage(FILE *out)
{
	fprintf(out,
		"usage: station calibrate --plate PLATE [--operator NAME] [--out FILE] [--gravity G]\n"
		"                         [--max-sd N] [--rate HZ] [--fast]\n\n"
		"Calibrates a plate step by step (zero, span, cells and centre of pressure, verify), asking\n"
		"questions on the terminal; a script can pipe the answers. The result, with a record of\n"
		"every step, goes to the station's calibration directory as SERIAL.json (README:\n"
		"\"Calibrating a plate\"); nothing is saved unless the verification passes.\n\n"
		"  --plate PLATE    usb, usb:SERIAL, or sim:SCENARIO (a scenario with place steps)\n"
		"  --operator NAME  who calibrates, for the record\n"
		"  --out FILE       write the calibration there instead\n"
		"  --gravity G      local gravity in m/s^2 (default standard 9.80665; 9.78 at the equator,\n"
		"                   9.83 at the poles)\n"
		"  --max-sd N       steadiness bound per plate, N SD over 3 s (default 3)\n"
		"  --rate HZ        sample rate (default: the plate's)\n"
		"  --fast           simulated plate: as fast as possible, not real time\n");
}

int cmd_calibrate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "plate", required_argument, NULL, 'p' },   { "operator", required_argument, NULL, 'o' },
		{ "out", required_argument, NULL, 'O' },     { "gravity", required_argument, NULL, 'g' },
		{ "max-sd", required_argument, NULL, 's' },  { "rate", required_argument, NULL, 'r' },
		{ "fast", no_argument, NULL, 'f' },          { "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct calib_proc_options popt = { 0 };
	struct plate_options plate_opt = { 0 };
	const char *spec = NULL, *out_path = NULL;
	double rate = 0;
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'p': spec = optarg; break;
		case 'o': popt.operator_name = optarg; break;
		case 'O': out_path = optarg; break;
		case 'f': plate_opt.fast = true; break;
		case 'g':
			if (!cli_number("calibrate", "--gravity", optarg, 9.7, 9.9, &popt.gravity))
				return EXIT_USAGE;
			break;
		case 's':
			if (!cli_number("calibrate", "--max-sd", optarg, 0.01, 100, &popt.max_sd_n))
				return EXIT_USAGE;
			break;
		case 'r':
			if (!cli_number("calibrate", "--rate", optarg, 1, 100000, &rate))
				return EXIT_USAGE;
			break;
		case 'h': calibrate_usage(stdout); return EXIT_OK;
		default: calibrate_usage(stderr); return EXIT_USAGE;
		}
	}
	if (!spec || optind != argc) {
		fprintf(stderr, "station calibrate: %s\n\n", optind != argc ? "unexpected argument" : "--plate is required");
		calibrate_usage(stderr);
		return EXIT_USAGE;
	}
	struct plate *plate;
	int rc = plate_open(spec, &plate_opt, &plate);
	if (rc != ST_OK) {
		cli_report_failure("calibrate");
		return EXIT_FAILURE_;
	}
	const struct plate_info *info = plate_get_info(plate);
	struct calib_proc *proc = NULL;
	rc = calib_proc_new(info, rate > 0 ? (unsigned)rate : info->default_rate_hz, &popt, &proc);
	if (rc == ST_OK)
		rc = calib_proc_run(proc, plate, stdin, stdout, !isatty(STDIN_FILENO));
	char path[4200] = "";
	if (rc == ST_OK && out_path) {
		snprintf(path, sizeof path, "%s", out_path);
		rc = calib_save_file(out_path, calib_proc_result(proc));
	} else if (rc == ST_OK) {
		rc = calib_save_for_plate(calib_proc_result(proc), path, sizeof path);
	}
	if (rc == ST_OK)
		printf("Saved to %s. The station measures plate %s with it from now on.\n", path, info->serial);
	else
		cli_report_failure("calibrate");
	calib_proc_free(proc);
	plate_close(plate);
	return rc == ST_OK ? EXIT_OK : EXIT_FAILURE_;
}
