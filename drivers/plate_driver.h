/* plate_driver.h: what a driver implements behind plate.h (not for the station's use).
 *
 * A driver's plate struct embeds struct plate as its first member; plate.c checks the
 * life cycle (start twice, poll while stopped...) so drivers need not.
 */
#ifndef STATION_PLATE_DRIVER_H
#define STATION_PLATE_DRIVER_H

#include "plate.h"
#include "plate_cells.h"

struct plate_ops {
	int (*start)(struct plate *p, unsigned rate_hz);
	/* Delivers due frames through plate_deliver(); same returns as plate_poll(). */
	int (*poll)(struct plate *p, int timeout_ms);
	int (*stop)(struct plate *p);
	void (*destroy)(struct plate *p); /* frees the driver's struct */
	char *(*truth_json)(const struct plate *p); /* plate_truth_json(); NULL: knows none */
	/* Logs the stream's counters so far (plate_log_counters()); NULL: the driver has none. */
	void (*log_counters)(struct plate *p);
	void (*cue_set)(struct plate *p, int set_number); /* plate_cue_set(); NULL: ignores it */
};

struct plate {
	const struct plate_ops *ops;
	struct plate_info info;
	plate_frame_fn fn;
	void *user;
	unsigned rate_hz;
	bool started;
	bool away;                  /* went away (ST_ERR_GONE), not started again since: logged once */
	char *embedded_calibration; /* see plate_embedded_calibration(); freed by plate_close() */
	bool has_exact_cells;       /* see plate_exact_cells() */
	struct plate_cell exact_cells[PLATE_CHANNELS];
	const struct plate_answers *answers; /* see plate_scripted_answers(); owned by the driver */
};

struct plate_driver {
	const char *name;   /* the spec's prefix: "sim" */
	/* Appends this driver's plates to out[*count..max). */
	int (*list)(struct plate_listing *out, size_t max, size_t *count);
	/* arg is the spec after "name:" ("" when none). */
	int (*open)(const char *arg, const struct plate_options *opt, struct plate **out);
};

extern const struct plate_driver plate_driver_sim;
extern const struct plate_driver plate_driver_replay;
extern const struct plate_driver plate_driver_usb;

/* Hands frames to the station's callback. */
static inline void plate_deliver(struct plate *p, const struct plate_frame *frames, size_t n)
{
	if (n > 0)
		p->fn(frames, n, p->user);
}

/* Real-time pacing for plates that make or read their samples on demand (sim, replay):
 * sample instant n is due n / rate seconds after start. */
struct plate_pacer {
	uint64_t start_ns;
	unsigned rate_hz;
};
void plate_pacer_start(struct plate_pacer *pc, unsigned rate_hz);
/* The number of instants due by now (instants 0 .. due-1). */
uint64_t plate_pacer_due(const struct plate_pacer *pc);
/* Sleeps until instant index is due, or timeout_ms passed, whichever is first. */
void plate_pacer_wait(const struct plate_pacer *pc, uint64_t index, int timeout_ms);

/* Fills the fields every protocol-v1 plate shares (version, channels, ADC bits). */
void plate_info_defaults(struct plate_info *info);

#endif
