/* paths.h: where the station keeps its own files. */
#ifndef STATION_PATHS_H
#define STATION_PATHS_H

#include <stdbool.h>
#include <stddef.h>

/* The station's data directory: $XDG_DATA_HOME/station, default ~/.local/share/station
 * (no trailing slash). With create, makes it (and its parents) with mode 0700. */
int st_data_dir(char *buf, size_t len, int create);

/* Formats a file name into buf, printf-style; ST_ERR_ARG, naming its start, when it does not
 * fit (never a silently cut name). */
int st_path(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Makes a folder and its missing parents with mode 0700 (existing ones are left as they are). */
int st_make_dirs(const char *path);

/* The files that make a folder a data folder: the store's database, and the mark every
 * process using it leaves beside it (the lock itself is on the folder: store.c). */
#define ST_DATA_FOLDER_DB "station.db"
#define ST_DATA_FOLDER_LOCK "station.lock"

/* ST_OK unless out (a file to write, or with is_folder a folder to write into, made or
 * not) lies inside a data folder outside its exports/: data_dir, or with NULL any folder
 * above it that holds ST_DATA_FOLDER_DB or ST_DATA_FOLDER_LOCK. Then ST_ERR_ARG, saying
 * so: an output there would replace the database, a backup or a set's recording. */
int st_outside_data_folder(const char *data_dir, const char *out, bool is_folder);

#endif
