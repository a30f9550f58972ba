/* test_store_writer.c: a session's writes on the writer's thread (store_writer.h). Two
 * sets, the first ending before its caller ever took its recording: its frames are
 * written by the writer into its own recording, and the second set's recording is never
 * the first's; both sets complete with every frame and event; none of it committed on the
 * caller's thread. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "check.h"
#include "session_driver.h"
#include "store_writer.h"

#define FRAMES 300

static void frames_of(unsigned seq0, struct plate_frame *out)
{
	for (unsigned i = 0; i < FRAMES; i++)
		out[i] = (struct plate_frame){ .host_ns = 1000000u * (seq0 + i), .seq = (uint16_t)(seq0 + i) };
}

int main(void)
{
	char *dir = temp_path("store-writer");
	struct store *s;
	REQUIRE(store_open(dir, &s) == ST_OK, "%s", st_errmsg());
	int64_t patient;
	REQUIRE(store_patient_add(s, "SW", "", SIDE_BOTH, 2, &patient) == ST_OK, "%s", st_errmsg());
	unsigned long before = store_thread_commits();
	struct store_writer *w;
	REQUIRE(store_writer_new(s, &w) == ST_OK, "%s", st_errmsg());
	struct session_start b = { .patient = patient, .phase = 2, .sets_planned = 2, .plate = "sim" };
	CHECK(store_writer_session_begin(w, &b, "SW") == ST_OK, "%s", st_errmsg());
	struct plate *plate; /* a plate's description, for the recordings' headers */
	REQUIRE(plate_open("sim:demo", &(struct plate_options){ .fast = true }, &plate) == ST_OK, "%s", st_errmsg());
	struct rec_header h = { .info = *plate_get_info(plate), .rate_hz = 1000, .start_utc = "2026-12-05T06:00:00Z" };
	plate_close(plate);
	struct set_start set = { .set_no = 1, .kind = EX_STANDING_DOUBLE_RAISE, .side = SIDE_BOTH, .target_count = 5 };
	struct rep_result rep = { .start_s = 0.1, .top_s = 1.1, .lower_start_s = 2.1, .end_s = 5.1, .rise_s = 1, .hold_s = 1,
				  .lower_s = 3, .height_mm = 60, .left_share_pct = 50 };
	struct set_summary sum = { .duration_s = 0.3, .body_weight_n = 700 };
	struct plate_frame frames[FRAMES];

	/* set 1 ends with all its frames still the caller's: its recording never handed over */
	CHECK(store_writer_set_begin(w, &set, &h, 0.5) == ST_OK, "%s", st_errmsg());
	frames_of(0, frames);
	CHECK(store_writer_set_end(w, EXERCISE_HEEL_RAISE, &rep, 1, frames, FRAMES, NULL, &sum, "set 1", "1 rep") == ST_OK,
	      "%s", st_errmsg());

	/* set 2: its recording once made, never set 1's */
	set.set_no = 2;
	CHECK(store_writer_set_begin(w, &set, &h, 0.5) == ST_OK, "%s", st_errmsg());
	struct rec_writer *rec = NULL;
	for (int i = 0; i < 30000 && !rec && store_writer_error(w) == ST_OK; i++) {
		rec = store_writer_recording(w);
		if (!rec)
			usleep(1000);
	}
	REQUIRE(rec, "set 2's recording handed over");
	frames_of(FRAMES, frames);
	CHECK(rec_writer_write(rec, frames, FRAMES / 2) == ST_OK, "%s", st_errmsg());
	CHECK(store_writer_set_end(w, EXERCISE_HEEL_RAISE, &rep, 1, frames + FRAMES / 2, FRAMES - FRAMES / 2, rec, &sum,
				   "set 2", "1 rep") == ST_OK,
	      "%s", st_errmsg());
	CHECK(store_writer_pain(w, PAIN_AFTER_SET, 2, 3) == ST_OK, "%s", st_errmsg());
	/* set 3 cut short (its end never asked: the station killed mid-set): its recording is
	 * named in its row all the same, with what was recorded (it was on disk, unnamed) */
	set.set_no = 3;
	CHECK(store_writer_set_begin(w, &set, &h, 0.5) == ST_OK, "%s", st_errmsg());
	rec = NULL;
	for (int i = 0; i < 30000 && !rec && store_writer_error(w) == ST_OK; i++) {
		rec = store_writer_recording(w);
		if (!rec)
			usleep(1000);
	}
	REQUIRE(rec, "set 3's recording handed over");
	CHECK(rec_writer_write(rec, frames, FRAMES / 2) == ST_OK && rec_writer_close(rec) == ST_OK, "%s", st_errmsg());
	CHECK(store_writer_session_finish(w, SESSION_DONE, "done") == ST_OK, "%s", st_errmsg());
	store_writer_wait(w);
	CHECK(store_writer_idle(w) && store_writer_error(w) == ST_OK, "every write done: %s", st_errmsg());
	CHECK(store_writer_session(w) > 0, "the session's id back: %lld", (long long)store_writer_session(w));
	store_writer_free(w);
	CHECK(store_thread_commits() == before, "%lu commits on the caller's thread", store_thread_commits() - before);

	struct patient p;
	struct history hist;
	REQUIRE(store_patient_find(s, "SW", &p) == ST_OK && store_history(s, p.id, &hist) == ST_OK, "%s", st_errmsg());
	REQUIRE(hist.n == 1 && hist.sessions[0].n_sets == 3, "one session of three sets: %zu", hist.n);
	CHECK(hist.sessions[0].complete, "the session complete");
	for (size_t k = 0; k < 2; k++) {
		const struct history_set *st = &hist.sessions[0].sets[k];
		char path[PATH_MAX + 300];
		snprintf(path, sizeof path, "%s/%s", dir, st->recording);
		bool damaged = true;
		long n = recording_frames(path, &damaged, NULL);
		CHECK(st->complete && st->count == 1, "set %d complete with its rep", st->set_no);
		CHECK(n == FRAMES && !damaged, "set %d: %ld frames in its recording, %d expected", st->set_no, n, FRAMES);
	}
	const struct history_set *cut = &hist.sessions[0].sets[2];
	char path[PATH_MAX + 300];
	snprintf(path, sizeof path, "%s/%s", dir, cut->recording);
	bool damaged = true;
	CHECK(!cut->complete && cut->recording[0] && recording_frames(path, &damaged, NULL) == FRAMES / 2 && !damaged,
	      "the set cut short: incomplete, its recording named ('%s') with its %d frames", cut->recording, FRAMES / 2);
	history_free(&hist);
	store_close(s);
	free(dir);
	return check_summary();
}
