/* holds.c: holds, standing or seated: the heels-raised stretch from the COP's halfway
 * crossing forward to its halfway crossing back (DESIGN.md), with its steadiness. */
#include <math.h>
#include <stdlib.h>

#include "detect.h"
#include "status.h"

#define MIN_HOLD_S 1.0
#define SETTLE_S 0.5 /* steadiness leaves out the way up and down */

int detect_holds(const struct piece *p, double body_weight, const struct heels_up *up, size_t n_up,
		 struct analysis *out)
{
	for (size_t k = 0; k < n_up; k++) {
		struct hold_result h = { .start_s = up[k].start, .end_s = up[k].end };
		h.duration_s = h.end_s - h.start_s;
		const char *rejected = NULL;
		if (h.duration_s < MIN_HOLD_S)
			rejected = "heels up for less than a second: not a hold";
		/* empty: UNLOADED_N, not a share of body weight, which seated feet may carry less of */
		else if (piece_longest_unloaded(p, 0, up[k].a, up[k].b) >= (size_t)ceil(LEFT_PLATES_S * p->rate))
			rejected = "the body left the plates while the heels were up: hops, a jump or a step, not a hold";
		if (rejected) {
			int rc = analysis_reject(out, h.start_s, h.end_s, rejected);
			if (rc != ST_OK)
				return rc;
			continue;
		}
		size_t settle = (size_t)(SETTLE_S * p->rate);
		size_t a = up[k].a + settle, b = up[k].b > up[k].a + 3 * settle ? up[k].b - settle : up[k].b;
		if (a >= b)
			a = up[k].a;
		h.left_share_pct = piece_left_share(p, up[k].a, up[k].b);
		h.force_sd_n = sd_of(p->smooth, a, b);
		h.cop_sd_mm = sd_of(p->cop_y, a, b);
		h.support_pct = hand_support_pct(piece_support_pct(p, up[k].a, up[k].b, body_weight));
		h.saturated = piece_saturated(p, up[k].a, up[k].b);
		if (heels_up_bridged(p, &up[k]))
			h.uncertain = "the recording's centre of pressure is blank as the heels go up or come down: "
				      "the hold's start or end is not known";
		struct hold_result *grown = realloc(out->holds, (out->n_holds + 1) * sizeof *grown);
		if (!grown)
			return st_fail(ST_ERR_NOMEM, "analysis: out of memory");
		out->holds = grown;
		out->holds[out->n_holds++] = h;
	}
	return ST_OK;
}
