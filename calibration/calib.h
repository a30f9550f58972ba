/* calib.h: from a plate's raw counts to newtons and centre of pressure.
 *
 * A calibration belongs to one plate (its serial). Per channel: F = (counts - zero) * gain,
 * and the cell's position in the plate frame of plate-protocol.md (x right, y forward, mm,
 * origin at the plate's centre). Each plate's force is the sum of its four cells; its COP
 * is their force-weighted mean position, undefined (NAN) under CALIB_COP_MIN_N.
 */
#ifndef STATION_CALIB_H
#define STATION_CALIB_H

#include <stddef.h>
#include <stdint.h>

#include "plate.h"

/* Below this load on a plate its COP means nothing (a lifted foot reads noise). */
#define CALIB_COP_MIN_N 20.0
#define CALIB_FORMAT_VERSION 1

struct calib_channel {
	double zero_counts;      /* counts with the plate empty */
	double newtons_per_count;
	double x_mm, y_mm;       /* the cell's position */
};

struct calibration {
	char serial[PLATE_SERIAL_MAX];
	char created_utc[32];    /* ISO 8601 */
	char operator_name[64];
	struct calib_channel ch[PLATE_CHANNELS];
};

/* Force (N) and COP (mm) of each plate, indexed by enum plate_side. */
struct plate_load {
	double fz[2];
	double cop_x[2], cop_y[2];
};

void calib_apply(const struct calibration *c, const int32_t counts[PLATE_CHANNELS], struct plate_load *out);

/* The inverse, for one plate: splits a force acting at a COP over four cells so that
 * the cells sum to it and their weighted mean position is the COP (the smallest such
 * departure from an even split). The simulated plate and the replay of newtons as counts
 * use it per sample, so the cell geometry is prepared once. */
struct cell_split {
	double base[4], per_x[4], per_y[4]; /* cell share = base + per_x * cop_x + per_y * cop_y */
};

void calib_cell_split_init(struct cell_split *s, const double cell_x[4], const double cell_y[4]);

static inline void calib_cell_split(const struct cell_split *s, double fz, double cop_x, double cop_y,
				    double cell_n[4])
{
	for (int k = 0; k < 4; k++)
		cell_n[k] = fz * (s->base[k] + s->per_x[k] * cop_x + s->per_y[k] * cop_y);
}

/* JSON text <-> calibration. name is used in messages. */
int calib_from_json(const char *text, const char *name, struct calibration *out);
/* Returns malloc'd JSON text (caller frees), or NULL when out of memory. */
char *calib_to_json(const struct calibration *c);

int calib_load_file(const char *path, struct calibration *out);
/* Writes atomically (temporary file, fsync, rename), mode 0600. */
int calib_save_file(const char *path, const struct calibration *c);

/* Finds the calibration of plate serial: first in the station's data directory
 * ($XDG_DATA_HOME/station/calibration, default ~/.local/share/station/calibration), then
 * in the shipped assets (assets/calibration; $STATION_ASSETS overrides the assets path).
 * ST_ERR_NOT_FOUND with a message saying how to calibrate when there is none. If
 * path_out is not NULL, the file's path is copied there. */
int calib_find(const char *serial, struct calibration *out, char *path_out, size_t path_len);

/* The station's own calibration directory (no trailing slash). */
int calib_user_dir(char *buf, size_t len);

#endif
