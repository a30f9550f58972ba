/* record.h: streams a plate to a file: native recording, interchange CSV, or raw CSV. */
#ifndef STATION_RECORD_H
#define STATION_RECORD_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "plate.h"

enum record_format {
	RECORD_NATIVE,  /* raw counts, calibration kept beside them; always possible */
	RECORD_CSV,     /* interchange CSV in newtons and mm; needs a calibration */
	RECORD_RAW_CSV, /* t_s,seq,flags,c0..c7: one row per frame, for diagnosing a plate */
};

struct record_request {
	const char *plate;          /* plate spec, as plate_open() takes it */
	const char *out_path;
	enum record_format format;
	double seconds;             /* stop after this many seconds of samples; 0: until the stream ends */
	unsigned rate_hz;           /* 0: the plate's default */
	struct plate_options options;
	const char *truth_path;     /* simulated plates: also write the ground truth here */
	volatile sig_atomic_t *stop;/* when set (by a signal handler), end the recording cleanly */
};

struct record_result {
	uint64_t frames;            /* frames written */
	uint64_t samples_lost;      /* instants the plate or host lost */
	uint64_t saturated;         /* frames with a saturated cell */
	bool plate_gone;            /* the plate went away before the end */
	double seconds;             /* span of sample instants recorded */
};

/* The format a file name asks for: .csv is CSV (raw CSV with raw), anything else native. */
enum record_format record_format_for(const char *path, bool raw);

/* Records into a temporary beside out_path, put in its place at the end (safe_file.h): on
 * a failure the message is in st_errmsg() and an old file of that name stays as it was.
 * ST_ERR_GONE when the plate went away: what was recorded before it is kept. An output
 * that is the replayed input (same file, through links too) is refused (ST_ERR_ARG). */
int record_run(const struct record_request *req, struct record_result *res);

#endif
