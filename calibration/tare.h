/* tare.h: the zero at a session's start, with the plates empty.
 *
 * The session flow feeds the plate's frames in as they come and asks the state; nothing
 * blocks. When the empty plates have held steady for a while, the result gives the new
 * zero of every cell and how far each plate's zero has drifted since the calibration, in
 * newtons: past a threshold the station warns (the cells or the plate's footing changed;
 * recalibrate if it persists), far past it the plates are not empty and the tare is
 * refused.
 *
 *   struct calib_tare t;
 *   calib_tare_begin(&t, &cal, rate, NULL);
 *   ... on frames: if (calib_tare_feed(&t, frames, n) != CALIB_TARE_WAITING) done
 *   calib_tare_result(&t, &r);  calib_tare_apply(&cal, &r);  calib_tare_end(&t);
 */
#ifndef STATION_CALIB_TARE_H
#define STATION_CALIB_TARE_H

#include <stdbool.h>

#include "calib.h"
#include "settle.h"

struct calib_tare_options {
	double seconds;      /* steady for this long (default 1) */
	double max_sd_n;     /* steadiness bound per plate, N (default 3) */
	double timeout_s;    /* give up after this much of the stream (default 10) */
	double warn_drift_n; /* warn past this drift per plate, N (default 5) */
	double max_drift_n;  /* refuse past this: the plates are not empty (default 50) */
};

enum calib_tare_state { CALIB_TARE_WAITING, CALIB_TARE_DONE, CALIB_TARE_FAILED };

struct calib_tare_result {
	double zero_counts[PLATE_CHANNELS];
	double drift_n[2];   /* new zero - calibration's zero, per plate, N */
	double sd_n[2];      /* noise of the empty plates, N */
	bool drift_warning;
	char message[320];   /* the warning, or why it failed; "" when all is well */
};

struct calib_tare {
	struct calib_tare_options opt;
	struct calibration cal;
	struct calib_settle settle;
	enum calib_tare_state state;
	struct calib_tare_result result;
};

/* opt may be NULL (defaults). Starts at once; frames before now are ignored. */
int calib_tare_begin(struct calib_tare *t, const struct calibration *cal, unsigned rate_hz,
		     const struct calib_tare_options *opt);
enum calib_tare_state calib_tare_feed(struct calib_tare *t, const struct plate_frame *frames, size_t n);
/* ST_OK with the result (check drift_warning), ST_ERR_STATE while waiting, or
 * ST_ERR_TIMEOUT / ST_ERR_DATA with the message in st_errmsg() and out->message. */
int calib_tare_result(const struct calib_tare *t, struct calib_tare_result *out);
/* The calibration measured from the new zeros. */
void calib_tare_apply(struct calibration *cal, const struct calib_tare_result *r);
void calib_tare_end(struct calib_tare *t);

#endif
