/* cmd_devices.c: `station devices`, `station wait-plate` and `station sim-calibration`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calib.h"
#include "cli.h"
#include "commands.h"
#include "plate.h"
#include "sim.h"

int cmd_devices(int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: station devices\n");
		return EXIT_USAGE;
	}
	struct plate_listing list[32];
	size_t n;
	if (plate_list(list, 32, &n) != ST_OK) {
		cli_report_failure("devices");
		return EXIT_FAILURE_;
	}
	for (size_t i = 0; i < n; i++)
		printf("%-12s serial %-16s %s\n", list[i].name, list[i].serial, list[i].description);
	return EXIT_OK;
}

int cmd_wait_plate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "plate", required_argument, NULL, 'p' }, { "help", no_argument, NULL, 'h' }, { 0 },
	};
	const char *spec = "usb";
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == 'p') {
			spec = optarg;
		} else {
			fprintf(opt == 'h' ? stdout : stderr,
				"usage: station wait-plate [--plate PLATE]\n\n"
				"Returns once PLATE (default usb) can be opened, trying once a second: the kiosk\n"
				"service runs it before the screen, so that with no plate it waits quietly.\n");
			return opt == 'h' ? EXIT_OK : EXIT_USAGE;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "station wait-plate: unexpected argument '%s'\n", argv[optind]);
		return EXIT_USAGE;
	}
	cli_catch_stop_signals();
	bool told = false;
	for (;;) {
		struct plate *p;
		int rc = plate_open(spec, NULL, &p);
		if (rc == ST_OK) {
			plate_close(p);
			return EXIT_OK;
		}
		/* not plugged in, or plugged in but not yet given to this user by udev */
		if (rc != ST_ERR_NOT_FOUND && rc != ST_ERR_ACCESS) {
			cli_report_failure("wait-plate");
			return EXIT_FAILURE_;
		}
		if (!told) {
			fprintf(stderr, "station wait-plate: waiting: %s\n", st_errmsg());
			told = true;
		}
		/* a slow poll: each try enumerates the USB bus, cheap once a second */
		struct timespec second = { .tv_sec = 1 };
		nanosleep(&second, NULL);
		if (cli_stop_requested)
			return EXIT_FAILURE_;
	}
}

int cmd_sim_calibration(int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: station sim-calibration SERIAL > SERIAL.json\n\n"
				"Prints the exact calibration of the simulated plate with that serial (a scenario's\n"
				"'serial' setting), for the station's calibration directory.\n");
		return argc == 2 && strcmp(argv[1], "--help") == 0 ? EXIT_OK : EXIT_USAGE;
	}
	struct plate_cell cells[PLATE_CHANNELS];
	struct calibration cal;
	sim_plate_cells(argv[1], cells);
	calib_exact(argv[1], cells, SIM_CALIBRATION_BY, SIM_CALIBRATION_UTC, &cal);
	char *json = calib_to_json(&cal);
	if (!json) {
		fprintf(stderr, "station sim-calibration: out of memory\n");
		return EXIT_FAILURE_;
	}
	puts(json);
	free(json);
	return EXIT_OK;
}
