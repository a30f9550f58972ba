#include "cli_store.h"

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "paths.h"
#include "status.h"

static struct store *open_with(int (*opener)(const char *, struct store **), const char *cmd, const char *data_dir)
{
	struct store *s;
	if (opener(data_dir, &s) != ST_OK) {
		cli_report_failure(cmd);
		return NULL;
	}
	return s;
}

static struct store *open_store(const char *cmd, const char *data_dir, bool to_read)
{
	return open_with(to_read ? store_open_to_read : store_open_existing, cmd, data_dir);
}

struct store *cli_open_store(const char *cmd, const char *data_dir)
{
	return open_store(cmd, data_dir, false);
}

struct store *cli_make_store(const char *cmd, const char *data_dir)
{
	return open_with(store_open, cmd, data_dir);
}

struct store *cli_open_store_to_read(const char *cmd, const char *data_dir)
{
	return open_store(cmd, data_dir, true);
}

struct store *cli_open_patient(const char *cmd, const char *data_dir, const char *clinic_id, struct patient *p,
			       bool to_read)
{
	struct store *s = open_store(cmd, data_dir, to_read);
	if (s && store_patient_find(s, clinic_id, p) != ST_OK) {
		cli_report_failure(cmd);
		store_close(s);
		return NULL;
	}
	return s;
}

bool cli_load_programme(const char *cmd, struct programme *p)
{
	if (programme_load_default(p) == ST_OK)
		return true;
	cli_report_failure(cmd);
	return false;
}

bool cli_int(const char *cmd, const char *opt, const char *text, int lo, int hi, int *out)
{
	double v;
	if (!cli_number(cmd, opt, text, lo, hi, &v))
		return false;
	if (v != (int)v) {
		fprintf(stderr, "station %s: %s wants a whole number, not '%s'\n", cmd, opt, text);
		return false;
	}
	*out = (int)v;
	return true;
}

/* The data folder's exports/, made when out goes straight into it and it is not there yet:
 * the refusal of st_outside_data_folder sends the physio there. */
static int make_exports(const struct store *s, const char *out)
{
	char copy[PATH_MAX], parent[PATH_MAX], data[PATH_MAX], above[PATH_MAX];
	snprintf(copy, sizeof copy, "%s", out);
	snprintf(parent, sizeof parent, "%s", dirname(copy));
	snprintf(copy, sizeof copy, "%s", parent);
	if (strcmp(basename(copy), "exports") != 0)
		return ST_OK;
	snprintf(copy, sizeof copy, "%s", parent);
	if (!realpath(dirname(copy), above) || !realpath(store_dir(s), data) || strcmp(above, data) != 0)
		return ST_OK;
	return st_make_dirs(parent);
}

int cli_outside_station_files(const struct store *s, const char *out, bool is_folder)
{
	/* its own data folder, and any other above the output (a report written over another
	 * folder's database, read with --data-dir from a copy) */
	int rc = st_outside_data_folder(store_dir(s), out, is_folder);
	if (rc == ST_OK)
		rc = st_outside_data_folder(NULL, out, is_folder);
	return rc == ST_OK ? make_exports(s, out) : rc;
}
