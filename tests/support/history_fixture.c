/* history_fixture.c: a patient's stored history for tests (history_fixture.h). */
#include "history_fixture.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "status.h"

#define T0 1790000000
#define REPS 6

int history_fixture_fill(struct store *s, const char *id)
{
	int64_t pid, sid, set;
	int rc = store_patient_add(s, id, "Fixture, \"Pat\"", SIDE_LEFT, 2, &pid);
	for (int k = 0; rc == ST_OK && k < 4; k++) {
		bool interrupted = k == 3;
		struct session_start b = { .patient = pid, .phase = 2, .started = T0 + k * 2 * 86400, .sets_planned = 2,
					   .plate = "sim:heel-raises", .calibration_serial = "SIM-0001" };
		rc = store_session_begin(s, &b, &sid);
		if (rc == ST_OK)
			rc = store_red_flags(s, sid, false, false, false);
		if (rc == ST_OK)
			rc = store_pain(s, sid, PAIN_BEFORE, 0, 2);
		if (rc == ST_OK && k > 0)
			rc = store_pain(s, sid, PAIN_DAY_AFTER_LAST, 0, 1);
		for (int n = 1; rc == ST_OK && n <= (interrupted ? 1 : 2); n++) {
			struct set_start sb = { .set_no = n, .kind = EX_STANDING_DOUBLE_RAISE, .side = SIDE_BOTH,
						.target_count = REPS, .lower_min_s = 3, .lower_max_s = 5 };
			rc = store_set_begin(s, sid, &sb, &set);
			struct rep_result r[REPS];
			for (int i = 0; i < REPS; i++) {
				double t = 2 + 9.0 * i, lower = 3.4 + 0.1 * i + 0.05 * k;
				r[i] = (struct rep_result){ t, t + 1, t + 2, t + 2 + lower, 1, 1, lower, 52, 36.1, 49 + 0.5 * i, false, 0, NULL };
			}
			if (rc == ST_OK)
				rc = store_add_reps(s, set, r, interrupted ? 2 : REPS);
			if (rc != ST_OK || interrupted)
				break;
			char path[4096];
			rc = store_recording_path(s, set, path, sizeof path);
			int fd = rc == ST_OK ? open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600) : -1;
			if (fd < 0 || write(fd, "raw", 3) != 3)
				rc = st_fail(ST_ERR_IO, "%s: cannot write", path);
			if (fd >= 0)
				close(fd);
			struct set_summary sum = { 60, 686 };
			if (rc == ST_OK)
				rc = store_set_finish(s, set, &sum, path);
			if (rc == ST_OK)
				rc = store_pain(s, sid, PAIN_AFTER_SET, n, 3);
		}
		if (rc == ST_OK && !interrupted)
			rc = store_pain(s, sid, PAIN_AFTER, 0, 2);
		if (rc == ST_OK && !interrupted)
			rc = store_session_finish(s, sid, SESSION_DONE);
	}
	return rc;
}

