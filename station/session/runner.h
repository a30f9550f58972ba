/* runner.h: a patient's session from start to saved outcomes: the store, the patient's
 * prescription from the programme, the plate and its calibration, the session flow, and
 * each set's raw recording. The headless command and the screen both drive one.
 *
 * Everything a set measured is in the store, and the set marked complete, only once
 * its recording is fsynced beside the database (store_set_finish): a crash loses at
 * most the set under way, which stays incomplete.
 *
 * The writes (session, answers, sets, recordings' ends) are done in their order by a
 * thread of the runner's with its own connection (store_writer.h): none of the calls
 * below waits on a commit, except runner_suggestion() and runner_session_id(), which
 * read the session as saved, and runner_close(). A write that failed comes back from
 * the next runner_poll(), runner_answer() or runner_next().
 */
#ifndef STATION_SESSION_RUNNER_H
#define STATION_SESSION_RUNNER_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "flow.h"
#include "programme.h"
#include "progression.h"
#include "store.h"

struct session_params {
	struct store *store;    /* the caller's open store, borrowed, so a process holds one
				 * connection (the screen's); NULL: the runner opens data_dir's */
	const char *data_dir;   /* NULL: the default (XDG) */
	const char *patient;    /* clinic id */
	const char *plate;      /* plate spec; "sim": a simulated patient doing the prescription */
	bool fast;              /* simulated plate: as fast as it goes (rests too: plate time) */
	unsigned rate_hz;       /* 0: the plate's default */
	uint64_t sim_seed;      /* a simulated plate's noise seed; 0: the scenario's own (plain
				 * "sim": the clock's, a new patient each time) */
};

/* What was found at the start, for the screen or terminal to show. */
struct session_info {
	struct patient patient;
	struct prog_exercise exercise;  /* the prescription: kind, name, dose */
	struct flow_plan plan;
	double hours_since_last;        /* NAN: first session */
	bool too_soon;                  /* under the programme's spacing (every other day) */
	double spacing_hours;
	char plate_name[PLATE_NAME_MAX];
	char calibration_serial[PLATE_SERIAL_MAX];
	double calibration_age_days;    /* NAN: unknown date */
	bool calibration_due;           /* calib_due: past the age at which it is made again */
};

/* The last set ended, summarised for a screen or terminal. */
struct session_set_summary {
	int number, n, target, in_band;
	int not_measured;              /* reps whose timing is uncertain: in neither count nor mean */
	int both_feet;                 /* one-leg reps done on both feet: measured, not in the band */
	double lower_mean_s, hold_max_s, left_share_pct; /* NAN when not measured */
	double flight_mean_s, contact_mean_s;            /* hops (NAN: none) */
	int hops_on[2];                /* hops landed on the left foot, on the right (80 % or more on it) */
	double flight_on_s[2];         /* their mean flight time (NAN: none) */
};

/* One rep, hold or hop as it was measured, for immediate feedback. */
struct session_event {
	int set_number, index;         /* index from 0 within the set */
	enum exercise mode;
	union {
		struct rep_result rep;
		struct hold_result hold;
		struct hop_result hop;
	};
	int verdict;                   /* reps: flow_lowering_verdict(); holds: 0 reached the target, -1 short */
};

struct session_runner;

int runner_open(const struct session_params *params, struct session_runner **out);
/* ST_ERR_STATE, saying why, when a red flag stopped one of the patient's sessions today:
 * no session again that day (runner_open checks it too). */
int runner_refused_today(struct store *store, int64_t patient);
/* The patient of today's newest session, ended or not (the station stopped under it), to
 * find again first after a restart; 0: none. */
int runner_last_patient_today(struct store *store, int64_t *patient);
/* Ends an unfinished session as stopped (its complete sets stay), stops the plate. */
void runner_close(struct session_runner *r);

const struct session_info *runner_info(const struct session_runner *r);
/* Whether the plate's simulated patient answers the questions (else ask a person). */
bool runner_scripted(const struct session_runner *r);
/* The scripted answer to the question the view asks (runner_scripted() must be true). */
int runner_scripted_answer(const struct session_runner *r, const struct flow_view *v);

/* Takes what the plate has (waiting up to timeout_ms) through the flow. Returns ST_OK,
 * or ST_ERR_GONE while the plate is away (call on: it is looked for again, and the
 * session resumes when it is back), or a failure. When a recording or scenario runs
 * out, the set under way ends and its pain question is asked (flow_plate_ended). */
int runner_poll(struct session_runner *r, int timeout_ms);
int runner_answer(struct session_runner *r, int value);
/* Takes what the plate has and drops it, unmeasured (flow_drop: a gap), for while
 * nobody exercises (the questions, a set's summary on the screen); ST_ERR_GONE, ST_OK or
 * a failure as runner_poll. Without it the plate's backlog was measured once the screen
 * went on: a set started and ended in it (a stranger's). Nothing in --fast, where a plate
 * gives samples only as it is polled. */
int runner_drop_frames(struct session_runner *r);
int runner_next(struct session_runner *r);
/* Back to the question before (flow_back); false where there is none. */
bool runner_back(struct session_runner *r);
/* Back from the first question (flow_leave): no session is kept unless something of it
 * was recorded (store_session_discard). */
int runner_leave(struct session_runner *r);
/* The patient stops: the set under way is kept as far as it went. */
int runner_finish(struct session_runner *r);

void runner_view(const struct session_runner *r, struct flow_view *out);
/* The next rep, hold or hop measured since the last call, oldest first; false when there
 * is none. */
bool runner_take_event(struct session_runner *r, struct session_event *out);
/* Whether the plate's recording or scenario ran out: its time goes no further. */
bool runner_plate_over(const struct session_runner *r);

/* The last set that ended (number 0: none yet). */
const struct session_set_summary *runner_last_set(const struct session_runner *r);
/* The progression suggestion after the session (for the physio). */
int runner_suggestion(struct session_runner *r, struct suggestion *out);
/* Waits until the session's writes are done. */
int64_t runner_session_id(const struct session_runner *r);
/* Whether every write asked for so far is in the store (its end's summary reads them). */
bool runner_saved(const struct session_runner *r);
/* Whether a write of the session failed (a full disk): some of it is not in the store. */
bool runner_write_failed(const struct session_runner *r);
/* The plate time the session has taken so far: seconds of samples received. */
double runner_plate_seconds(const struct session_runner *r);
/* When the newest sample fed to the flow reached the host (plate_frame.host_ns; 0: none
 * yet), for measuring sample-to-screen latency. */
uint64_t runner_last_sample_ns(const struct session_runner *r);

#endif
