/* calib.h: from a plate's raw counts to newtons and centre of pressure.
 *
 * A calibration belongs to one plate (its serial). Per channel: F = (counts - zero) * gain,
 * and the cell's position in the plate frame of plate-protocol.md (x right, y forward, mm,
 * origin at the plate's centre). Each plate's force is the sum of its four cells; its COP
 * is their force-weighted mean position, undefined (NAN) under UNLOADED_N (physics.h).
 */
#ifndef STATION_CALIB_H
#define STATION_CALIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "physics.h"
#include "plate.h"

#define CALIB_FORMAT_VERSION 2 /* written; version 1 (channels only) is still read */
#define CALIB_SPAN_MAX 8        /* span masses per plate */
#define CALIB_MARKS 5           /* cells and COP: the four corner marks and the centre */

struct calib_channel {
	double zero_counts;      /* counts with the plate empty */
	double newtons_per_count;
	double x_mm, y_mm;       /* the cell's position */
};

/* The span of one plate: masses on its centre against the sum of its cells' counts above
 * zero, fitted by a line (newtons = gain * counts + offset). */
struct calib_span {
	int n;                               /* masses (the zero is the fit's first point) */
	double mass_kg[CALIB_SPAN_MAX];
	double counts[CALIB_SPAN_MAX];       /* sum of the plate's four cells above zero */
	double residual_n[CALIB_SPAN_MAX];   /* load - fitted line */
	double gain_n_per_count, offset_n, r2;
	double nonlinearity_pct;             /* worst |residual|, % of the load range used */
};

/* One mass on a marked position, for the cells' gains and the COP check. */
struct calib_mark {
	char name[16];          /* "front-left" ... "centre" */
	double x_mm, y_mm;      /* where the mark is */
	double mass_kg;
	double counts[4];       /* the plate's cells, above zero */
	double cop_error_mm;    /* measured COP's distance from the mark, after calibration */
};

struct calib_verify {
	double mass_kg, measured_n, error_n, error_pct, cop_error_mm;
};

/* How a calibration was made (format version 2); absent (have_record false) for version 1
 * files and for calibrations that were not measured (the simulator's exact one). */
struct calib_record {
	bool have_record;
	double gravity;              /* m/s^2 used to turn kg into N */
	double zero_sd_n[2];         /* each plate's noise at zero */
	struct calib_span span[2];
	struct calib_mark mark[2][CALIB_MARKS];
	struct calib_verify verify[2];
	bool verified;               /* both verify errors within tolerance */
};

struct calibration {
	char serial[PLATE_SERIAL_MAX];
	char created_utc[32];    /* ISO 8601 */
	char operator_name[64];
	int version;             /* the file's format version (1 or 2) */
	struct calib_channel ch[PLATE_CHANNELS];
	struct calib_record rec;
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

/* Saves c as SERIAL.json in the station's calibration directory (created, mode 0700);
 * the path goes to path_out. */
int calib_save_for_plate(const struct calibration *c, char *path_out, size_t path_len);

/* The station's own calibration directory (no trailing slash). */
int calib_user_dir(char *buf, size_t len);

/* Days since the calibration was made (created_utc), as of now; ST_ERR_DATA if its date
 * does not parse. */
int calib_age_days(const struct calibration *c, time_t now, double *days);

/* The age past which the station warns: $STATION_CALIBRATION_MAX_DAYS, default 90. */
double calib_max_age_days(void);

/* Checks that c may measure plate serial: ST_ERR_DATA (with advice) when it belongs to
 * another plate. When it is older than calib_max_age_days(), writes a warning to warn
 * (up to len bytes) and still returns ST_OK; warn is "" otherwise. */
int calib_check_for_plate(const struct calibration *c, const char *serial, char *warn, size_t len);

#endif
