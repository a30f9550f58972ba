/* session_driver.h: test helpers that run whole sessions through the runner (as the
 * headless command does) and check what the store kept. */
#ifndef STATION_TEST_SESSION_DRIVER_H
#define STATION_TEST_SESSION_DRIVER_H

#include "runner.h"

/* Runs a session of patient in data_dir on plate (fast), answering from the scenario's
 * script; returns ST_OK with how it ended in *end, or the failure. */
int drive_session(const char *data_dir, const char *patient, const char *plate, enum flow_end *end);
/* The same; *plate_s (if not NULL) gets the plate time the session took. */
int drive_session_timed(const char *data_dir, const char *patient, const char *plate, enum flow_end *end,
			double *plate_s);

/* The frames of a recording that read back before its end or its first damaged block
 * (*damaged says which), and its rate (rate_hz may be NULL); -1 when its header does not
 * read. */
long recording_frames(const char *path, bool *damaged, unsigned *rate_hz);

/* Checks every complete set of the patient's history: its recording reads to the end
 * without error, holds frames, and the store's event count is what the set says.
 * Returns the number of complete sets, or -1 after a failed check (printed). */
int check_complete_sets(struct store *s, const struct patient *p, struct history *h);

#endif
