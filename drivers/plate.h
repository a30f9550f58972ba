/* plate.h: the one boundary between force plates and the station.
 *
 * A plate is a dual force plate (left and right foot, four load cells each, eight
 * channels of raw ADC counts). Every source of samples is a plate behind this header:
 * the simulated plate ("sim"), a recording played back ("replay"), and USB plates.
 * The station never sees which; demo, tests and clinic use the same path.
 *
 * Life cycle:  plate_open() -> plate_start() -> plate_poll()... -> plate_stop() -> plate_close()
 * start/stop may repeat on an open plate.
 *
 * A plate that went away (plate_poll() returned ST_ERR_GONE) stays open: plate_stop() lets
 * go of it, and plate_start() later resumes with the same plate (found again by serial)
 * once it is back, as a new stream (seq from 0); until then plate_start() returns
 * ST_ERR_NOT_FOUND, so a caller that wants to wait retries it.
 *
 * Threading: one plate is used from one thread at a time. The frame callback runs on the
 * thread that calls plate_poll(), inside that call. Different plates may live on
 * different threads.
 *
 * Ownership: frames passed to the callback are borrowed for the duration of the call;
 * the receiver copies what it keeps. plate_get_info() returns memory owned by the plate,
 * valid until plate_close(). plate_open() hands the caller a plate it must plate_close().
 *
 * Errors: calls return ST_OK or a negative st_status code and leave a message in
 * st_errmsg() (see station/common/status.h).
 */
#ifndef STATION_PLATE_H
#define STATION_PLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define PLATE_CHANNELS 8
#define PLATE_SERIAL_MAX 64
#define PLATE_NAME_MAX 160
#define PLATE_ADC_MAX 0x7FFFFF   /* 24-bit full scale, positive */
#define PLATE_ADC_MIN (-0x800000) /* 24-bit full scale, negative */

/* Channel order (plate-protocol.md): left plate FL, FR, RL, RR, then right plate FL, FR, RL, RR. */
enum plate_side { PLATE_LEFT = 0, PLATE_RIGHT = 1 };

enum plate_frame_flag {
	PLATE_FRAME_SATURATED = 1u << 0,  /* a channel is at ADC full scale */
	PLATE_FRAME_GAP_BEFORE = 1u << 1, /* samples were lost just before this one */
	PLATE_FRAME_GONE = 1u << 2,       /* the plate went away; carries no counts and ends the stream */
};

struct plate_frame {
	uint64_t host_ns;     /* CLOCK_MONOTONIC when the host received it */
	uint32_t device_us;   /* device clock at the sample instant; wraps */
	uint32_t lost_before; /* sample instants lost just before this one (0 when none) */
	uint16_t seq;         /* +1 per sample instant; wraps at 65536 */
	uint8_t flags;        /* enum plate_frame_flag */
	int32_t counts[PLATE_CHANNELS];
};

struct plate_info {
	char driver[16];                /* "sim", "replay", "usb" */
	char name[PLATE_NAME_MAX];      /* the spec that opens this plate again, e.g. "sim:demo" */
	char serial[PLATE_SERIAL_MAX];  /* calibrations are bound to it */
	uint16_t protocol_version;
	uint8_t channel_count;          /* always PLATE_CHANNELS */
	uint8_t adc_bits;
	uint16_t default_rate_hz, min_rate_hz, max_rate_hz;
	int16_t cell_x_mm[PLATE_CHANNELS]; /* nominal cell positions, plate frame (x right, y forward) */
	int16_t cell_y_mm[PLATE_CHANNELS];
	uint16_t plate_width_mm, plate_length_mm;
	int32_t counts_per_newton_x1000;   /* nominal, for an uncalibrated first look only */
};

/* One entry of plate_list(). */
struct plate_listing {
	char name[PLATE_NAME_MAX];     /* pass to plate_open() */
	char serial[PLATE_SERIAL_MAX];
	char description[192];         /* one line for people: driver, rates, bus/port... */
};

/* What a patient is asked to do in a session, for a plate that plays a patient: plain
 * "sim" given a dose plays one who does it as asked (steps on, each set at the dose, a rest
 * between). Other plates ignore it. */
enum plate_activity { PLATE_ACTIVITY_NONE, PLATE_ACTIVITY_HEEL_RAISE, PLATE_ACTIVITY_HOLD, PLATE_ACTIVITY_HOP };

struct plate_dose {
	enum plate_activity activity; /* NONE: no dose, the plate plays what it would anyway */
	bool seated;
	int sets;
	int per_set;          /* reps, holds or hops per set; 0: patient-paced */
	double hold_s;        /* holds: seconds to reach */
	double rise_s, top_s, lower_s, bottom_s; /* heel raises: the pacer's rise, time at the top,
				 * lowering and time at the bottom, seconds (a patient keeps its time) */
	double rest_s;        /* between sets */
	double rest_each_s;   /* between the holds of a set (0: a few seconds) */
	int leg;              /* heel raises on one leg: -1 the left, +1 the right, 2 either (0: both) */
	double idle_end_s;    /* patient-paced: a set ends after this long with nothing done */
	/* the patient waits for the station to start each set (plate_cue_set), however long
	 * that takes: a session's plate; else the rests are rest_s, as a recording plays them */
	bool waits;
};

struct plate_options {
	bool fast;      /* sim and replay: deliver as fast as possible instead of in real time */
	uint64_t seed;  /* sim: noise seed; 0 keeps the scenario's own */
	const struct plate_dose *dose; /* NULL: none (see struct plate_dose) */
};

/* A simulated patient's answers to a session's questions. */
#define PLATE_PAIN_AFTER_MAX 16
struct plate_answers {
	bool pop, dip, cannot_raise;   /* red flags */
	int pain_now, pain_day_after;  /* 0-10 */
	int pain_after[PLATE_PAIN_AFTER_MAX]; /* after each set in turn, the last repeating */
	int n_pain_after;
};

struct plate;

/* Receives frames; they are borrowed for the call only. */
typedef void (*plate_frame_fn)(const struct plate_frame *frames, size_t count, void *user);

/* Lists the plates that can be opened now, from every driver. Fills at most max entries,
 * sets *count to the number filled. */
int plate_list(struct plate_listing *out, size_t max, size_t *count);

/* Opens a plate by spec: "sim" (the demo, or given a dose a patient doing it),
 * "sim:SCENARIO" (a built-in name or a scenario file),
 * "replay:FILE" (native recording or interchange CSV), "usb", "usb:SERIAL".
 * opt may be NULL (real time, scenario seed). */
int plate_open(const char *spec, const struct plate_options *opt, struct plate **out);
/* ST_OK when spec names a kind of plate plate_open() knows (whether or not that plate
 * can be opened now), else ST_ERR_ARG with the kinds it knows: for checking an option
 * before a plate is wanted. */
int plate_spec_check(const char *spec);

const struct plate_info *plate_get_info(const struct plate *p);

/* Starts streaming at rate_hz (0: the plate's default rate); frames go to fn. */
int plate_start(struct plate *p, unsigned rate_hz, plate_frame_fn fn, void *user);

/* The rate in force since plate_start(). */
unsigned plate_rate(const struct plate *p);

/* Delivers the frames that are due, waiting up to timeout_ms for some (0: never waits).
 * Returns the number delivered (>= 0); ST_ENDED when a replay or scenario is over;
 * ST_ERR_GONE after the plate went away (a last frame flagged PLATE_FRAME_GONE was
 * delivered before); another negative code on error. */
int plate_poll(struct plate *p, int timeout_ms);

int plate_stop(struct plate *p);

/* Logs the counters of the stream so far where the driver keeps any (USB: records, CRC
 * errors, resyncs, gaps, overruns), e.g. at the end of a set; other drivers log nothing.
 * Plates coming and going are logged by the calls above. */
void plate_log_counters(struct plate *p);

/* Stops if needed and frees the plate. NULL is fine. */
void plate_close(struct plate *p);

/* JSON text of a calibration the source itself carries (a recording made with one, a
 * replayed CSV's virtual plate), or NULL: then the calibration is found by serial.
 * Owned by the plate. */
const char *plate_embedded_calibration(const struct plate *p);

/* The cells of a virtual plate, known exactly because the plate made its counts through
 * them (a replayed CSV, which holds newtons): true and out filled, else false. */
struct plate_cell;
bool plate_exact_cells(const struct plate *p, struct plate_cell *out /* [PLATE_CHANNELS] */);

/* The answers of the patient a plate plays (a simulated scenario's), or NULL: a person
 * answers. Owned by the plate. */
const struct plate_answers *plate_scripted_answers(const struct plate *p);

/* The station starts set set_number of a session now. A plate that plays a patient (a
 * simulated one) who stands waiting for it starts the set's exercise a moment later, on
 * the pacer's beat; other plates ignore it. */
void plate_cue_set(struct plate *p, int set_number);

/* The ground truth of what the plate plays, as JSON with the keys of `station analyse`
 * (caller frees), when it knows it (a simulated plate); else NULL with a message. */
char *plate_truth_json(const struct plate *p);

/* Counts sample instants along a stream: the first frame is instant 0, and each frame
 * after is 1 + its lost_before further on (frames flagged GONE carry no instant). */
struct plate_clock {
	uint64_t index;
	bool started;
};
/* Returns the instant of frame f and advances the clock past it. */
uint64_t plate_clock_advance(struct plate_clock *c, const struct plate_frame *f);

/* True when any channel is at ADC full scale. */
bool plate_counts_saturated(const int32_t counts[PLATE_CHANNELS]);

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t plate_now_ns(void);

#endif
