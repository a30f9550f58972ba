#include "flow_player.h"

#include <stdlib.h>
#include <time.h>

#include "sim.h"
#include "status.h"

static double now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int on_counted(void *user, int set, int index, const struct rep_result *rep, const struct hold_result *hold,
		      const struct hop_result *hop)
{
	struct flow_play *p = user;
	(void)index, (void)hold, (void)hop;
	if (rep && p->n_reps < PLAY_MAX_EVENTS) {
		p->reps[p->n_reps] = *rep;
		p->rep_set[p->n_reps++] = set;
	}
	return ST_OK;
}

static int on_set_ended(void *user, const struct flow_set *s)
{
	struct flow_play *p = user;
	if (p->n_sets < PLAY_MAX_SETS)
		p->set_n[p->n_sets++] = s->n;
	for (int i = 0; s->reps && i < s->n && p->n_kept < PLAY_MAX_EVENTS; i++)
		p->kept[p->n_kept++] = s->reps[i];
	return ST_OK;
}

static int on_finished(void *user, enum flow_end why)
{
	struct flow_play *p = user;
	p->finished = true;
	p->end = why;
	return ST_OK;
}

/* Between ticks: an answer when asked, "next" when it is time. */
static int between_ticks(struct session_flow *f, struct flow_play *p, int *answered, int *downs, bool *was_up,
			 double *down_at)
{
	struct flow_view v;
	flow_view(f, &v);
	if (*was_up && !v.live.heels_up) {
		(*downs)++;
		*down_at = v.now_s;
	}
	*was_up = v.live.heels_up;
	if (v.stage == FLOW_QUESTION && *answered < p->n_answers)
		return flow_answer(f, p->answers[(*answered)++]);
	if (v.stage == FLOW_EXERCISE && p->done_before_next < 0 && p->next_after_downs > 0 &&
	    *downs >= p->next_after_downs && v.now_s >= *down_at + p->next_delay_s) {
		p->done_before_next = v.done;
		return flow_next(f);
	}
	return ST_OK;
}

int flow_play(const struct capture *c, struct flow_play *p)
{
	struct calibration cal;
	sim_calibration("SIM-0001", &cal);
	struct flow_hooks hooks = { .user = p, .counted = on_counted, .set_ended = on_set_ended, .finished = on_finished };
	struct session_flow *f;
	p->done_before_next = -1;
	p->tick_us = calloc(c->n / p->tick_frames + 1, sizeof *p->tick_us);
	if (!p->tick_us)
		return st_fail(ST_ERR_NOMEM, "out of memory");
	int rc = flow_new(p->plan, &cal, 1000, &hooks, &f);
	if (rc != ST_OK)
		return rc;
	flow_set_threaded(f, p->threaded);
	int answered = 0, downs = 0;
	bool was_up = false;
	double down_at = 0;
	for (size_t i = 0; i < c->n && rc == ST_OK && !p->finished; i += p->tick_frames) {
		rc = between_ticks(f, p, &answered, &downs, &was_up, &down_at);
		size_t end = i + p->tick_frames < c->n ? i + p->tick_frames : c->n;
		double t0 = now_us();
		for (size_t j = i; j < end && rc == ST_OK; j++) {
			struct plate_frame frame = c->frames[j];
			frame.host_ns = (uint64_t)(t0 * 1e3); /* arriving now (the tare ignores older frames) */
			rc = flow_feed(f, &frame);
		}
		p->tick_us[p->n_ticks++] = now_us() - t0;
		if (p->stop_at_frame && end >= p->stop_at_frame)
			break; /* killed: no finish, the worker may be busy */
		/* a screen in real time looks a UI tick later, when the worker has long caught
		 * up; here the frames come as fast as they go, so wait for it (not timed) */
		if (rc == ST_OK)
			rc = flow_settle(f);
	}
	double t0 = now_us();
	flow_free(f);
	p->free_ms = (now_us() - t0) / 1e3;
	return rc;
}
