/* capture.h: test helpers that play a plate to the end and keep every frame. */
#ifndef STATION_TEST_CAPTURE_H
#define STATION_TEST_CAPTURE_H

#include "calib.h"
#include "plate.h"
#include "trace.h"

struct capture {
	struct plate_frame *frames;
	size_t n, cap;
	int end_status; /* what the last poll returned: ST_ENDED, ST_ERR_GONE, ... */
	char *truth_json; /* simulated plates: the ground truth (NULL otherwise) */
};

/* Opens spec, starts at rate (0: default), polls to the end. Returns ST_OK when the stream
 * ended or went away (see end_status), or the open/start error. */
int capture_plate(const char *spec, const struct plate_options *opt, unsigned rate, struct capture *out);
void capture_free(struct capture *c);
/* A plate_frame_fn that keeps the frames in the struct capture of user. */
void capture_keep_frames(const struct plate_frame *frames, size_t n, void *user);

/* The frames in newtons through cal, as DESIGN.md's samples (t_s from sample instants). */
void capture_to_trace(const struct capture *c, const struct calibration *cal, double rate, struct trace *out);

/* Plays scenario text on the simulated plate (as fast as it goes) and returns it in
 * newtons through the plate's exact calibration; truth_json (if not NULL) gets the
 * ground truth (caller frees). */
/* The simulated plate's exact calibration: sim_plate_cells() as `station sim-calibration`
 * prints it. */
void sim_calibration(const char *serial, struct calibration *out);

int simulate_trace(const char *scenario, unsigned rate, struct trace *out, char **truth_json);
/* Takes the COP out of t, as an interchange CSV without its COP columns gives it. */
void strip_cop(struct trace *t);
/* Adds newtons to both plates' force, as plates whose zeros are that far off read. */
void shift_zero(struct trace *t, double newtons);
/* ... each plate its own. */
void shift_zeros(struct trace *t, double left_n, double right_n);

/* The text of the programme the station ships (assets/programme.json) into text, whole
 * and terminated; its length, 0 if it does not read or fit. */
size_t shipped_programme(char *text, size_t cap);
/* Writes text to a new file under $TMPDIR; returns its malloc'd path. */
char *temp_file_with(const char *stem, const char *text);
/* CLOCK_MONOTONIC in seconds, for the benchmarks' timings. */
double monotonic_s(void);

/* A fresh path under $TMPDIR (malloc'd), not created. */
char *temp_path(const char *stem);
/* Removes path and everything under it (nothing when it is not there). */
void remove_tree(const char *path);

#endif
