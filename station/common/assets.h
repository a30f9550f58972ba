/* assets.h: where the station finds the files it ships (calibration of the simulated
 * plate, the programme): the assets/ folder of the source tree, installed as
 * share/station. */
#ifndef STATION_ASSETS_H
#define STATION_ASSETS_H

#include <stdbool.h>
#include <stddef.h>

/* The assets directory (no trailing slash), the first of:
 *   $STATION_ASSETS, when set;
 *   share/station beside the running program's bin/ (/usr/bin/station -> /usr/share/station),
 *     when that exists: an installed station, wherever its prefix;
 *   the source tree's assets/ (STATION_ASSETS_DIR at build time), for build/bin/.
 * Returns ST_OK, or ST_ERR_ARG when buf is too short. */
int st_assets_dir(char *buf, size_t len);

/* The station's typeface, DejaVu Sans, regular or bold: a font file of the system's
 * fonts-dejavu-core (STATION_FONT_DIR at build time; the package depends on it), not
 * shipped. The same bytes everywhere, which test_screens' reference images rely on. */
const char *st_font_path(bool bold);

#endif
