/* pacer_clock.c: the pacer's phase on the plate's clock. */
#include "pacer_clock.h"

#include <math.h>

double pacer_phase_s(const struct view_tempo *tp, double set_start_s, double t_s)
{
	double cycle = tp->rise_s + tp->top_s + tp->lower_s + tp->rest_s;
	if (!(cycle > 0) || !isfinite(set_start_s) || !isfinite(t_s))
		return 0;
	double first = ceil(set_start_s / cycle - 1e-9) * cycle; /* the set's first beat */
	if (t_s >= first)
		return fmod(t_s - first, cycle);
	/* before it: at the bottom, the last part of a cycle */
	return fmax(cycle - (first - t_s), cycle - tp->rest_s);
}

double pacer_plate_now_s(double newest_plate_s, uint64_t newest_host_ns, double now_s)
{
	double ahead = newest_host_ns ? now_s - (double)newest_host_ns / 1e9 : 0;
	return newest_plate_s + fmin(fmax(ahead, 0), PACER_AHEAD_MAX_S);
}
