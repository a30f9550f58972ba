/* paths.h: where the station keeps its own files. */
#ifndef STATION_PATHS_H
#define STATION_PATHS_H

#include <stddef.h>

/* The station's data directory: $XDG_DATA_HOME/station, default ~/.local/share/station
 * (no trailing slash). With create, makes it (and its parents) with mode 0700. */
int st_data_dir(char *buf, size_t len, int create);

/* Formats a file name into buf, printf-style; ST_ERR_ARG, naming its start, when it does not
 * fit (never a silently cut name). */
int st_path(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Makes a folder and its missing parents with mode 0700 (existing ones are left as they are). */
int st_make_dirs(const char *path);

#endif
