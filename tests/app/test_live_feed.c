/* test_live_feed.c: the simulated patient's heel raises through the live analysis into
 * the raise screen's view: the step-on screen before anyone is weighed, then every rep on
 * the view as soon as the analysis reports it, with its lowering time, and the load share. */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "dsp.h"
#include "live_feed.h"

int main(void)
{
	CHECK(dsp_init(getenv("STATION_FFTW_WISDOM")) == ST_OK, "dsp_init");
	struct plate *p;
	struct calibration cal;
	struct live_feed lf;
	struct plate_options opt = { .fast = true };
	CHECK(plate_open("sim:heel-raises", &opt, &p) == ST_OK, "%s", st_errmsg());
	CHECK(plate_calibration(p, &cal) == ST_OK, "%s", st_errmsg());
	CHECK(live_feed_init(&lf, &cal, plate_get_info(p)->default_rate_hz) == ST_OK, "%s", st_errmsg());
	CHECK(plate_start(p, 0, live_feed_on_frames, &lf) == ST_OK, "%s", st_errmsg());

	struct screen_view v;
	live_feed_view(&lf, 0, &v);
	CHECK(v.id == SCREEN_STEP_ON && v.step_on.stage == STEP_STEP_ON, "before any sample: step on (%d)", v.id);
	bool late = false;
	int rc;
	/* after every poll, what the analysis has completed is what the view shows: the
	 * screen is one frame behind the analysis at most */
	while ((rc = plate_poll(p, 0)) >= 0) {
		live_feed_view(&lf, 0, &v);
		if (v.id == SCREEN_RAISES)
			late |= (size_t)v.raises.rep != live_analysis_events(lf.la)->n_reps;
	}
	CHECK(rc == ST_ENDED, "the scenario ends (%d: %s)", rc, st_errmsg());
	CHECK(!late, "a rep reached the view late");
	CHECK(v.id == SCREEN_RAISES, "raise screen once weighed (%d)", v.id);
	CHECK(v.raises.rep == 10 && v.raises.n_lower == 10, "10 reps: %d, %d lowering times", v.raises.rep,
	      v.raises.n_lower);
	for (int i = 0; i < v.raises.n_lower; i++) /* the simulated patient lowers in about 4 s */
		CHECK(view_feedback(v.raises.lower_s[i], v.raises.band_lo_s, v.raises.band_hi_s) == FEEDBACK_GOOD,
		      "rep %d: lowering %.2f s is not 'good'", i + 1, v.raises.lower_s[i]);
	CHECK_NEAR(v.raises.bal.left_pct, 50, 5, "standing evenly");
	CHECK(!v.raises.heels_up && v.raises.lowering_s == 0, "flat-footed at the end");

	live_feed_next_set(&lf);
	live_feed_view(&lf, 0, &v);
	CHECK(v.raises.set == 2 && v.raises.rep == 0 && v.raises.n_lower == 0, "next set starts at 0: set %d, rep %d",
	      v.raises.set, v.raises.rep);
	CHECK(lf.failed == 0, "%d analysis errors", lf.failed);

	plate_close(p);
	live_feed_free(&lf);
	dsp_shutdown();
	return check_summary();
}
