/* history_fixture.c: a patient's stored history for tests (history_fixture.h). */
#include "history_fixture.h"

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "physics.h"
#include "status.h"
#include "store_internal.h"

#define T0 1790000000
#define STR_(x) #x
#define STR(x) STR_(x)
#define REPS 6

int history_fixture_finish_set(struct store *s, int64_t set, double duration_s)
{
	char path[4096];
	int rc = store_recording_path(s, set, path, sizeof path);
	int fd = rc == ST_OK ? open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600) : -1;
	if (rc == ST_OK && (fd < 0 || write(fd, "raw", 3) != 3))
		rc = st_fail(ST_ERR_IO, "%s: cannot write", path);
	if (fd >= 0)
		close(fd);
	struct set_summary sum = { duration_s, 686 };
	if (rc == ST_OK)
		rc = store_set_finish(s, set, &sum, path);
	return rc;
}

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
			if (interrupted) /* its last rep's lowering could not be timed */
				r[1].uncertain = "the lowering is too slow to time against the force's slow disturbances";
			if (rc == ST_OK)
				rc = store_add_reps(s, set, r, interrupted ? 2 : REPS);
			if (rc != ST_OK || interrupted)
				break;
			rc = history_fixture_finish_set(s, set, 60);
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


/* One set of n hops (flight 0.30 s + 0.01 k, contact 0.25 s) with a placeholder recording. */
static int hop_set(struct store *s, int64_t sid, int set_no, int k)
{
	k %= 20; /* a long history's flights stay plausible */
	enum { HOPS = 10 };
	struct set_start sb = { .set_no = set_no, .kind = EX_HOPS, .side = SIDE_BOTH };
	int64_t set;
	int rc = store_set_begin(s, sid, &sb, &set);
	struct hop_result h[HOPS];
	for (int i = 0; i < HOPS; i++) {
		double flight = 0.30 + 0.01 * k, t = 2 + 0.6 * i;
		h[i] = (struct hop_result){ t, t + flight, flight, 0.25, 9806.65 * flight * flight / 8,
					    STANDARD_GRAVITY * flight * flight / 8 / 0.25, false, 50 };
	}
	if (rc == ST_OK)
		rc = store_add_hops(s, set, h, HOPS);
	if (rc == ST_OK)
		rc = history_fixture_finish_set(s, set, 20);
	return rc;
}

int history_fixture_review(struct store *s, const char *id, const char *hop_id)
{
	struct patient p;
	int rc = history_fixture_fill(s, id);
	if (rc == ST_OK)
		rc = store_patient_find(s, id, &p);
	const int items[VISA_ITEMS] = { 7, 8, 8, 8, 7, 7, 10, 20 };
	if (rc == ST_OK)
		rc = store_visa_add(s, p.id, T0 - 86400, NULL, 62);
	if (rc == ST_OK)
		rc = store_visa_add(s, p.id, T0 + 5 * 86400, items, -1);
	if (rc == ST_OK)
		rc = history_fixture_decide(s, p.id, 3, PHASE_DECLINED, "J. Physio", "one more week at this dose",
					"next phase (3)");
	/* made during the history, before the last session (the store dates a decision now):
	 * the suggestion is new again, as after a session since a decline */
	if (rc == ST_OK && sqlite3_exec(s->db, "UPDATE phase_changes SET at = " STR(T0) " + 5 * 86400", NULL, NULL, NULL) !=
			       SQLITE_OK)
		rc = st_fail(ST_ERR_IO, "dating the decline: %s", sqlite3_errmsg(s->db));
	int64_t pid, sid;
	if (rc == ST_OK)
		rc = store_patient_add(s, hop_id, "Hopper", SIDE_RIGHT, 4, &pid);
	const time_t day = T0 - T0 % 86400; /* midnight UTC: the tests run with TZ=UTC */
	const time_t starts[] = { day + 9 * 3600, day + 15 * 3600, day + 3 * 86400 + 9 * 3600 };
	for (int k = 0; rc == ST_OK && k < 3; k++) {
		struct session_start b = { .patient = pid, .phase = 4, .started = starts[k], .sets_planned = 2,
					   .plate = "sim:hops", .calibration_serial = "SIM-0001" };
		rc = store_session_begin(s, &b, &sid);
		if (rc == ST_OK)
			rc = store_pain(s, sid, PAIN_BEFORE, 0, 1);
		for (int n = 1; rc == ST_OK && n <= (k == 2 ? 1 : 2); n++)
			rc = hop_set(s, sid, n, k);
		if (rc == ST_OK)
			rc = store_session_finish(s, sid, k == 2 ? SESSION_STOPPED : SESSION_DONE);
	}
	return rc;
}

/* One set of 10 slow heel raises (lowering and height growing with k). */
static int raise_set(struct store *s, int64_t sid, int set_no, int k)
{
	enum { RAISES = 10 };
	struct set_start sb = { .set_no = set_no, .kind = EX_STANDING_DOUBLE_RAISE, .side = SIDE_BOTH,
				.target_count = RAISES, .lower_min_s = 3, .lower_max_s = 5 };
	int64_t set;
	int rc = store_set_begin(s, sid, &sb, &set);
	struct rep_result r[RAISES];
	for (int i = 0; i < RAISES; i++) {
		double t = 2 + 9.0 * i, lower = 2.8 + 0.02 * (k % 100) + 0.1 * (i % 4);
		r[i] = (struct rep_result){ .start_s = t, .top_s = t + 1, .lower_start_s = t + 2, .end_s = t + 2 + lower,
					    .rise_s = 1, .hold_s = 1, .lower_s = lower, .height_mm = 45 + 0.2 * (k % 100),
					    .work_j = 30 + 0.1 * (k % 100), .left_share_pct = 48 + i % 5, .support_pct = NAN };
	}
	if (rc == ST_OK)
		rc = store_add_reps(s, set, r, RAISES);
	if (rc == ST_OK)
		rc = history_fixture_finish_set(s, set, 90);
	return rc;
}

/* One set of 3 holds of 20 s and more, heels raised. */
static int hold_set(struct store *s, int64_t sid, int set_no, int k)
{
	enum { HOLDS = 3 };
	struct set_start sb = { .set_no = set_no, .kind = EX_STANDING_RAISED_HOLD, .side = SIDE_BOTH,
				.target_count = HOLDS, .target_hold_s = 15 };
	int64_t set;
	int rc = store_set_begin(s, sid, &sb, &set);
	struct hold_result h[HOLDS];
	for (int i = 0; i < HOLDS; i++) {
		double t = 5 + 100.0 * i, d = 20 + (k % 10) + i;
		h[i] = (struct hold_result){ .start_s = t, .end_s = t + d, .duration_s = d, .left_share_pct = 50,
					     .support_pct = NAN };
	}
	if (rc == ST_OK)
		rc = store_add_holds(s, set, h, HOLDS);
	if (rc == ST_OK)
		rc = history_fixture_finish_set(s, set, 320);
	return rc;
}

int history_fixture_sessions(struct store *s, int64_t pid, time_t start, int sessions, bool mixed, const char *plate,
			     const char *serial)
{
	static const int phase_of[] = { 2, 4, 5 };
	int rc = ST_OK;
	for (int k = 0; rc == ST_OK && k < sessions; k++) {
		int kind = mixed ? k % 3 : 0;
		struct session_start b = { .patient = pid, .phase = phase_of[kind], .started = start + k * 2 * 86400,
					   .sets_planned = 2, .plate = plate, .calibration_serial = serial };
		int64_t sid;
		rc = store_session_begin(s, &b, &sid);
		if (rc == ST_OK)
			rc = store_pain(s, sid, PAIN_BEFORE, 0, 2 + k % 3);
		if (rc == ST_OK && k)
			rc = store_pain(s, sid, PAIN_DAY_AFTER_LAST, 0, 1 + k % 2);
		for (int n = 1; rc == ST_OK && n <= 2; n++) {
			rc = kind == 1 ? hop_set(s, sid, n, k) : kind == 2 ? hold_set(s, sid, n, k) : raise_set(s, sid, n, k);
			if (rc == ST_OK)
				rc = store_pain(s, sid, PAIN_AFTER_SET, n, 3);
		}
		if (rc == ST_OK)
			rc = store_session_finish(s, sid, SESSION_DONE);
	}
	return rc;
}

int history_fixture_decide(struct store *s, int64_t pid, int to_phase, enum phase_decision d, const char *by,
			   const char *why, const char *suggestion)
{
	struct patient *all;
	size_t n;
	int rc = store_patient_list(s, &all, &n);
	if (rc != ST_OK)
		return rc;
	rc = ST_ERR_NOT_FOUND;
	for (size_t i = 0; i < n; i++)
		if (all[i].id == pid)
			rc = store_phase_decide(s, &all[i], to_phase, d, by, why, suggestion);
	free(all);
	return rc;
}
