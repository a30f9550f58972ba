/* settle.h: waits for a steady plateau in a plate's stream of frames.
 *
 * Calibration and the tare both measure a load that must hold still: they feed frames in,
 * and the detector reports when the last few seconds were steady (each plate's force
 * varying by less than a bound, as a standard deviation) and, if asked, differ from the
 * plateau before (so an answer typed before the mass is down is not taken for it). It
 * never blocks and never depends on when frames arrive, only on what they hold, so a
 * terminal, a screen's state machine or a test all drive it the same way.
 */
#ifndef STATION_CALIB_SETTLE_H
#define STATION_CALIB_SETTLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plate.h"

struct calib_settle_options {
	double seconds;      /* how long the signal must hold steady (default 3) */
	double max_sd_n;     /* bound on each plate's force SD over that time, N (default 3) */
	double timeout_s;    /* of frames, after which waiting gives up (default 30) */
	double min_change_n; /* a new plateau differs by this much on a cell or plate, N (default 3) */
};

enum calib_settle_state { SETTLE_WAITING, SETTLE_STEADY, SETTLE_TIMEOUT };

struct calib_settle {
	struct calib_settle_options opt;
	double n_per_count[PLATE_CHANNELS]; /* turns counts into newtons for the bounds */
	int32_t (*ring)[PLATE_CHANNELS];    /* the last `window` samples */
	size_t window, filled, head, since_check, seen, timeout_samples;
	uint64_t since_ns;
	bool need_change;
	double ref[PLATE_CHANNELS];
	enum calib_settle_state state;
	/* the last look at the window; the plateau when steady */
	double mean[PLATE_CHANNELS]; /* counts */
	double sd_n[2];
	double change_n;             /* largest difference from ref, N */
	bool saturated;
	char why[256];               /* SETTLE_TIMEOUT: what was wrong, for people */
};

/* opt may be NULL (defaults); n_per_count: the channels' gains (nominal before a
 * calibration). Allocates the window; calib_settle_free() releases it. */
int calib_settle_init(struct calib_settle *s, unsigned rate_hz, const double n_per_count[PLATE_CHANNELS],
		      const struct calib_settle_options *opt);
void calib_settle_free(struct calib_settle *s);

/* Starts waiting for a plateau. ref: the plateau before (mean counts per channel), which
 * the new one must differ from, or NULL. Frames received before since_ns are ignored
 * (they were sent before the operator answered). */
void calib_settle_begin(struct calib_settle *s, const double ref[PLATE_CHANNELS], uint64_t since_ns);

/* Feeds frames; returns how many it used (it stops at the frame that settled it). */
size_t calib_settle_feed(struct calib_settle *s, const struct plate_frame *frames, size_t n);

/* Each plate's force above zero counts by the settle's gains, N. */
double calib_settle_plate_n(const struct calib_settle *s, const double mean[PLATE_CHANNELS],
			    const double zero[PLATE_CHANNELS], int side);

#endif
