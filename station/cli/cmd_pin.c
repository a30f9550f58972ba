/* cmd_pin.c: `station pin`: whether the physio PIN is set; `station pin set` sets it
 * from a line on stdin (so it stays out of the shell's history). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cli_store.h"
#include "commands.h"
#include "pin.h"
#include "status.h"

static void usage(FILE *out)
{
	fprintf(out, "usage: station pin [set] [--data-dir DIR]\n\n"
		     "The PIN (4-8 digits) that opens the physio screens on the station. There is no\n"
		     "default: until one is set (here, or on a fresh station's screen) the physio\n"
		     "screens stay shut. `station pin set` reads the new PIN as a line from stdin; it is\n"
		     "kept as a salted hash in DIR/" PIN_FILE ". After %d wrong PINs in a row each try\n"
		     "waits 1 s, doubling up to %d s (DIR/" PIN_TRIES_FILE "); setting the PIN clears it.\n",
		PIN_FREE_TRIES, PIN_DELAY_MAX_S);
}

int cmd_pin(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "data-dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *data_dir = NULL;
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'd': data_dir = optarg; break;
		case 'h': usage(stdout); return EXIT_OK;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	bool set = optind < argc && strcmp(argv[optind], "set") == 0;
	if (optind + (set ? 1 : 0) != argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	struct store *s = set ? cli_make_store("pin", data_dir) : cli_open_store_to_read("pin", data_dir);
	if (!s)
		return EXIT_FAILURE_;
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", store_dir(s));
	store_close(s);
	if (!set) {
		static const char *const says[] = {
			[PIN_NONE] = "no physio PIN is set (station pin set)",
			[PIN_SET] = "the physio PIN is set",
			[PIN_DAMAGED] = "the physio PIN file is damaged: nothing opens the physio screens (station pin set)",
		};
		enum pin_state st = pin_state(dir);
		printf("%s\n", says[st]);
		double wait = pin_wait_s(dir, time(NULL));
		if (st == PIN_SET && wait > 0)
			printf("after wrong PINs, the next try waits %.0f s\n", wait);
		return st == PIN_DAMAGED ? EXIT_FAILURE_ : EXIT_OK;
	}
	char line[64] = "";
	if (!fgets(line, sizeof line, stdin)) {
		fprintf(stderr, "station pin: no PIN on stdin\n");
		return EXIT_USAGE;
	}
	line[strcspn(line, "\r\n")] = '\0';
	int rc = pin_set(dir, line);
	memset(line, 0, sizeof line);
	if (rc == ST_ERR_ARG) {
		fprintf(stderr, "station pin: %s\n", st_errmsg());
		return EXIT_USAGE;
	}
	if (rc != ST_OK) {
		cli_report_failure("pin");
		return EXIT_FAILURE_;
	}
	printf("the physio PIN is set\n");
	return EXIT_OK;
}
