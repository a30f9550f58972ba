/* physio_names.h: the names of the clinic's physios, kept by the station so each one picks
 * theirs once per login and every decision is recorded with it (store_phase_decide's
 * "by"). One name a line in DIR/physios (0600, replaced whole through safe_file), in
 * the order they were added. */
#ifndef STATION_APP_PHYSIO_NAMES_H
#define STATION_APP_PHYSIO_NAMES_H

#include <stddef.h>

#include "store.h"

#define PHYSIO_NAMES_FILE "physios"
#define PHYSIO_NAMES_MAX 64

struct physio_names {
	char names[PHYSIO_NAMES_MAX][WHO_MAX];
	size_t n;
};

/* Reads DIR/physios; none yet is an empty list. Lines that are empty are skipped. */
int physio_names_load(const char *data_dir, struct physio_names *out);

/* Adds name (spaces around it dropped) and writes the file. ST_ERR_ARG with the reason
 * when it is empty, too long, has control characters or is there already (whatever the
 * case), or the list is full. */
int physio_names_add(const char *data_dir, struct physio_names *list, const char *name);

#endif
