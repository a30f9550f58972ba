/* live_feed.c: plate -> live analysis -> the raise screen's view. */
#include "live_feed.h"

#include <math.h>
#include <string.h>

#include "status.h"

#define REPS_PER_SET 10
#define SETS 3

const struct view_tempo live_feed_tempo = { 1, 1, 4, 1 };

int live_feed_init(struct live_feed *f, const struct calibration *cal, double rate_hz)
{
	memset(f, 0, sizeof *f);
	frame_converter_init(&f->conv, cal, rate_hz);
	f->set = 1;
	return live_analysis_new(rate_hz, EXERCISE_HEEL_RAISE, &f->la);
}

void live_feed_free(struct live_feed *f)
{
	live_analysis_free(f->la);
	f->la = NULL;
}

void live_feed_on_frames(const struct plate_frame *frames, size_t n, void *user)
{
	struct live_feed *f = user;
	for (size_t i = 0; i < n; i++) {
		if (!frame_converter_apply(&f->conv, &frames[i], &f->last))
			continue;
		f->have_sample = true;
		f->last_host_ns = frames[i].host_ns;
		f->failed += live_analysis_push(f->la, &f->last) < 0;
	}
}

void live_feed_next_set(struct live_feed *f)
{
	f->set_first_rep = live_analysis_events(f->la)->n_reps;
	f->set = f->set % SETS + 1;
}

void live_feed_view(const struct live_feed *f, double pacer_t_s, struct screen_view *out)
{
	struct live_state st;
	live_analysis_state(f->la, &st);
	memset(out, 0, sizeof *out);
	struct view_balance bal = { st.loaded || !st.weighed ? st.left_share_pct : NAN, 45, 55 };
	if (!st.weighed) {
		/* the analysis weighs from the first quiet stance: until then, stand still */
		bool on = f->have_sample && f->last.fz[0] + f->last.fz[1] > 200;
		out->id = SCREEN_STEP_ON;
		out->step_on = (struct view_step_on){ on ? STEP_STAND : STEP_STEP_ON, NAN, NAN, bal };
		if (!on)
			out->step_on.bal.left_pct = NAN;
		return;
	}
	const struct analysis *ev = live_analysis_events(f->la);
	out->id = SCREEN_RAISES;
	struct view_raises *v = &out->raises;
	*v = (struct view_raises){ .reps_target = REPS_PER_SET, .set = f->set, .sets = SETS, .tempo = live_feed_tempo,
				   .pacer_t_s = pacer_t_s, .heels_up = st.heels_up, .lowering_s = st.lowering_s,
				   .band_lo_s = 3, .band_hi_s = 5, .muted = f->muted, .bal = bal };
	size_t first = f->set_first_rep < ev->n_reps ? f->set_first_rep : ev->n_reps;
	size_t done = ev->n_reps - first;
	v->rep = (int)done;
	/* the most recent reps of the set, oldest first */
	size_t from = done > VIEW_MAX_REPS ? ev->n_reps - VIEW_MAX_REPS : first;
	for (size_t i = from; i < ev->n_reps; i++)
		v->lower_s[v->n_lower++] = ev->reps[i].lower_s;
}
