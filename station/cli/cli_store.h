/* cli_store.h: what the physio's commands share: the store, the patient, the programme. */
#ifndef STATION_CLI_STORE_H
#define STATION_CLI_STORE_H

#include "store.h"

/* Opens the store in data_dir (NULL: the default), which must hold the station's data
 * (store_open_existing); reports a failure as "station CMD: ...". */
struct store *cli_open_store(const char *cmd, const char *data_dir);
/* The same, making the store where there is none yet (adding the first patient, setting
 * the PIN on a new station). */
struct store *cli_make_store(const char *cmd, const char *data_dir);
/* The same for a command that only reads: a folder this user may not write is read as it
 * is (store_open_to_read). */
struct store *cli_open_store_to_read(const char *cmd, const char *data_dir);
/* Opens the store (to_read: as cli_open_store_to_read) and finds the patient; NULL
 * (reported) if either fails. */
struct store *cli_open_patient(const char *cmd, const char *data_dir, const char *clinic_id, struct patient *p,
			       bool to_read);
/* Loads the programme (assets/programme.json or $STATION_PROGRAMME); reports a failure. */
bool cli_load_programme(const char *cmd, struct programme *p);
/* Parses a whole number within [lo, hi] given to option opt; prints a usage error if not. */
bool cli_int(const char *cmd, const char *opt, const char *text, int lo, int hi, int *out);

/* ST_OK unless out (a file, or with is_folder a folder, made or not) lies in the data
 * folder of s outside its exports/ (else ST_ERR_ARG, said): a report, graphs or an
 * export there would replace the database or a recording. Output straight into the
 * folder's exports/ makes that folder if it is not there. */
int cli_outside_station_files(const struct store *s, const char *out, bool is_folder);

#endif
