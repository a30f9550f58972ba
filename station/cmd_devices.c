/* cmd_devices.c: `station devices` and `station sim-calibration`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int cmd_sim_calibration(int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: station sim-calibration SERIAL > SERIAL.json\n\n"
				"Prints the exact calibration of the simulated plate with that serial (a scenario's\n"
				"'serial' setting), for the station's calibration directory.\n");
		return argc == 2 && strcmp(argv[1], "--help") == 0 ? EXIT_OK : EXIT_USAGE;
	}
	struct calibration cal;
	sim_plate_calibration(argv[1], &cal);
	char *json = calib_to_json(&cal);
	if (!json) {
		fprintf(stderr, "station sim-calibration: out of memory\n");
		return EXIT_FAILURE_;
	}
	puts(json);
	free(json);
	return EXIT_OK;
}
