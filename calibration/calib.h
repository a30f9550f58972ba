/* calib.h: a plate's calibration: its cells (plate_cells.h: counts to newtons and COP)
 * with whose plate it is, when and how it was made, and its file.
 *
 * A calibration belongs to one plate (its serial).
 */
#ifndef STATION_CALIB_H
#define STATION_CALIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "plate.h"
#include "plate_cells.h"

#define CALIB_FORMAT_VERSION 2 /* written; version 1 (channels only) is still read */
#define CALIB_SPAN_MAX 8        /* span masses per plate */
#define CALIB_MARKS 5           /* cells and COP: the four corner marks and the centre */
/* What a calibration may say and still be a plate (checked on reading, naming the field):
 * a cell's full scale (2^23 counts) between these forces, so newtons_per_count lies in
 * 1.2e-6..0.012; each plate's four cells at its corners (plate-protocol.md: front cells
 * ahead of the rear ones, right cells right of the left ones) at least this far apart,
 * within this distance of the origin; and, against a plate, each cell this close to the
 * nominal position the plate reports. */
#define CALIB_FULL_SCALE_MIN_N 10.0
#define CALIB_FULL_SCALE_MAX_N 100000.0
#define CALIB_CELL_SPAN_MIN_MM 40.0
#define CALIB_CELL_REACH_MM 1000.0
#define CALIB_NOMINAL_TOLERANCE_MM 30.0

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
	struct plate_cell ch[PLATE_CHANNELS];
	struct calib_record rec;
};

static inline void calib_apply(const struct calibration *c, const int32_t counts[PLATE_CHANNELS],
			       struct plate_load *out)
{
	plate_cells_apply(c->ch, counts, out);
}

/* A calibration that was not measured: the exact cells of a plate that knows them (the
 * simulator's, a virtual plate's). made_by goes in operator_name, created_utc is ISO 8601. */
void calib_exact(const char *serial, const struct plate_cell cells[PLATE_CHANNELS], const char *made_by,
		 const char *created_utc, struct calibration *out);
/* Whether c is such an exact one (made_by ends "(exact)", as the simulator's and a replay's
 * do): it never ages, where a measured one is due again after calib_max_age_days(). */
bool calib_is_exact(const struct calibration *c);

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
 * the path goes to path_out. The calibration it replaces is kept in the directory's
 * CALIB_HISTORY_DIR as SERIAL-CREATED.json. */
#define CALIB_HISTORY_DIR "history"
int calib_save_for_plate(const struct calibration *c, char *path_out, size_t path_len);

/* The calibration of plate serial in force at time at: calib_find's when it was made by
 * then, else the newest of the kept ones made by then; ST_ERR_STATE, saying so, when the
 * plate was calibrated again since and the one before is not kept. */
int calib_find_in_force(const char *serial, time_t at, struct calibration *out);

/* The station's own calibration directory (no trailing slash). */
int calib_user_dir(char *buf, size_t len);

#define CALIB_DAY_MAX 32

/* Days since the calibration was made (created_utc), as of now; ST_ERR_DATA if its date
 * does not parse. */
int calib_age_days(const struct calibration *c, time_t now, double *days);

/* The day c was made, as people write it ("05 Dec 2026", UTC), into buf; its created_utc
 * as it is when that does not parse. Returns buf. */
const char *calib_day(const struct calibration *c, char buf[CALIB_DAY_MAX]);

/* The age past which the station warns: $STATION_CALIBRATION_MAX_DAYS, default 90. */
double calib_max_age_days(void);

/* Whether c is due again as of now: a measured one (not calib_is_exact) older than
 * calib_max_age_days(). *days is its age (NAN when its date does not parse: not due). */
bool calib_due(const struct calibration *c, time_t now, double *days);

/* Checks that c may measure plate serial: ST_ERR_DATA (with advice) when it belongs to
 * another plate. When it is due again (calib_due), writes a warning to warn
 * (up to len bytes) and still returns ST_OK; warn is "" otherwise. */
int calib_check_for_plate(const struct calibration *c, const char *serial, char *warn, size_t len);

/* ST_ERR_DATA, naming the channel and field, when a cell of c is more than
 * CALIB_NOMINAL_TOLERANCE_MM from where the plate says it is (info's nominal geometry). */
int calib_check_geometry(const struct calibration *c, const struct plate_info *info);

#endif
