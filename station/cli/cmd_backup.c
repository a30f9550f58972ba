/* cmd_backup.c: `station backup` (a checked copy of the database now) and
 * `station restore FILE`. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "cli_store.h"
#include "commands.h"
#include "status.h"

static void usage(const char *cmd, FILE *out)
{
	if (strcmp(cmd, "backup") == 0)
		fprintf(out, "usage: station backup [--data-dir DIR]\n\n"
			     "Copies the database now (the station may be running) to DIR/backups/station-DATE-TIME.db,\n"
			     "checks the copy, and keeps the newest of each of the last %d days that have one (this one\n"
			     "takes the place of the day's earlier ones). The station makes one by itself at start and at\n"
			     "the end of a session when the newest is a day old. DIR: where the station keeps its data\n"
			     "(default $XDG_DATA_HOME/station).\n",
			STORE_BACKUPS_KEPT);
	else
		fprintf(out, "usage: station restore FILE [--data-dir DIR]\n\n"
			     "Makes the station's database a copy of FILE (a backup: DIR/backups/station-DATE-TIME.db,\n"
			     "or one copied back from a USB stick), after checking it. The database it replaces is kept\n"
			     "as DIR/backups/before-restore-DATE-TIME.db. Refused while the station uses the data (its\n"
			     "screen, a session, another command): stop it first (sudo systemctl stop station).\n"
			     "Recordings are not touched: those made after the backup stay in DIR/recordings/.\n");
}

/* Parses --data-dir and --help; the positional arguments start at optind. -1: go on. */
static int options(const char *cmd, int argc, char **argv, const char **data_dir)
{
	static const struct option longopts[] = {
		{ "data-dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'd': *data_dir = optarg; break;
		case 'h': usage(cmd, stdout); return EXIT_OK;
		default: usage(cmd, stderr); return EXIT_USAGE;
		}
	}
	return -1;
}

int cmd_backup(int argc, char **argv)
{
	const char *data_dir = NULL;
	int done = options("backup", argc, argv, &data_dir);
	if (done >= 0)
		return done;
	if (optind != argc) {
		usage("backup", stderr);
		return EXIT_USAGE;
	}
	struct store *s = cli_open_store("backup", data_dir);
	if (!s)
		return EXIT_FAILURE_;
	char path[PATH_MAX + 64];
	int rc = store_backup(s, path, sizeof path);
	store_close(s);
	if (rc != ST_OK) {
		cli_report_failure("backup");
		return EXIT_FAILURE_;
	}
	struct stat sb;
	printf("backup: %s (%lld KB, checked; the newest of each of the last %d days are kept)\n", path,
	       stat(path, &sb) == 0 ? (long long)(sb.st_size + 1023) / 1024 : -1LL, STORE_BACKUPS_KEPT);
	return EXIT_OK;
}

int cmd_restore(int argc, char **argv)
{
	const char *data_dir = NULL;
	int done = options("restore", argc, argv, &data_dir);
	if (done >= 0)
		return done;
	if (optind != argc - 1) {
		usage("restore", stderr);
		return EXIT_USAGE;
	}
	char kept[PATH_MAX + 96] = "";
	if (store_restore(data_dir, argv[optind], kept, sizeof kept) != ST_OK) {
		cli_report_failure("restore");
		if (*kept)
			fprintf(stderr, "station restore: the database before is kept as %s\n", kept);
		return EXIT_FAILURE_;
	}
	printf("restored %s\n", argv[optind]);
	if (*kept)
		printf("the database before is kept as %s\n", kept);
	return EXIT_OK;
}
