/* hops.c: hops from the total force: take-off where it falls to flight level, landing
 * where it rises again (DESIGN.md). The force is taken unfiltered (a zero-phase filter
 * rings before contact and moves the events); the threshold is 20 N or five times the
 * noise above the plates' reading in flight (flight_floor), and each event is carried
 * from the threshold down to the flight level along the force's own slope, so the
 * threshold does not bias the times. */
#include <math.h>
#include <stdlib.h>

#include "detect.h"
#include "status.h"

#define MIN_FLIGHT_S 0.03
#define MAX_FLIGHT_S 1.2   /* longer is stepping off, not a hop */
#define MAX_SLOPE_S 0.02
#define MIN_CONTACT_S 0.005
#define SATURATION_MARGIN_S 0.3 /* the push-off before a take-off, the landing after */
#define FLIGHT_SHARE 0.25  /* of body weight: less is the plates unloaded, or on the way there */

/* What the plates read in flight: the median of the force where it is under
 * FLIGHT_SHARE of body weight, if that is long enough for a flight (else 0). A zero off
 * by a few newtons is no rarity on a plate (the README warns at 5 N); against a fixed
 * threshold, 8 N moved take-offs by up to 344 ms and 15 N lost every hop (a stranger's). */
static double flight_floor(const struct piece *p, double body_weight)
{
	float *low = malloc(p->n * sizeof *low);
	size_t n = 0;
	for (size_t i = 0; low && i < p->n; i++)
		if (p->total[i] < FLIGHT_SHARE * body_weight)
			low[n++] = p->total[i];
	double floor = low && (double)n >= MIN_FLIGHT_S * p->rate ? quantile_in(low, n, 0.5) : 0;
	free(low);
	return floor;
}

/* Seconds from the threshold crossing between samples i-1 and i to where the force
 * line through it meets the flight level; the force's slope is taken from the crossing
 * to where it is as far again twice over (far), within MAX_SLOPE_S. */
static double extrapolation(const struct piece *p, size_t i, double thr, double far, double flight_level, bool falling)
{
	size_t span = (size_t)(MAX_SLOPE_S * p->rate) + 1, k;
	double t_thr = piece_crossing(p, p->total, i, thr);
	if (falling) {
		for (k = i; k > 0 && i - k < span && p->total[k - 1] < far; k--)
			;
	} else {
		for (k = i; k + 1 < p->n && k - i < span && p->total[k] < far; k++)
			;
	}
	if (falling ? (k == 0 || p->total[k - 1] < far) : p->total[k] < far)
		return 0;
	double t_far = piece_crossing(p, p->total, k, far);
	double slope = (far - thr) / fabs(t_thr - t_far); /* N/s */
	if (!(slope > 0))
		return 0;
	double dt = (thr - flight_level) / slope;
	return fmin(fmax(dt, 0), 0.005);
}

int hop_landing_foot(const struct hop_result *h)
{
	return h->left_share_pct >= HOP_ONE_FOOT_PCT ? 0 : h->left_share_pct <= 100 - HOP_ONE_FOOT_PCT ? 1 : -1;
}

void hop_set_contact(struct hop_result *h, double next_takeoff_s)
{
	double contact = next_takeoff_s - h->landing_s;
	if (contact <= HOP_MAX_CONTACT_S) {
		h->contact_s = contact;
		h->rsi = h->height_mm / 1000 / contact;
	}
}

int detect_hops(const struct piece *p, double body_weight, double noise_sd, struct analysis *out)
{
	double floor = flight_floor(p, body_weight), above = fmax(UNLOADED_N, 5 * noise_sd);
	double thr = floor + above, far = floor + 3 * above;
	size_t first_hop = out->n_hops;
	bool loaded = false; /* standing or in contact since the last flight */
	double open_takeoff = INFINITY; /* a take-off whose landing the piece does not hold */
	size_t i = 1;
	while (i < p->n) {
		if (p->total[i] >= 0.5 * body_weight)
			loaded = true;
		if (!(p->total[i] < thr && p->total[i - 1] >= thr)) {
			i++;
			continue;
		}
		size_t off = i, settle = (size_t)(MIN_CONTACT_S * p->rate) + 1;
		/* a landing is force that stays up, not a sample of noise poking above */
		for (;;) {
			while (i < p->n && p->total[i] < thr)
				i++;
			size_t up = i;
			while (up < p->n && up - i < settle && p->total[up] >= thr)
				up++;
			if (up >= p->n || up - i >= settle)
				break;
			i = up;
		}
		if (i >= p->n) {
			/* in flight at the end (the live analysis measures a hop as the next one
			 * takes off): the contact before it is known all the same */
			if (loaded)
				open_takeoff = piece_crossing(p, p->total, off, thr) +
					       extrapolation(p, off, thr, far, mean_of(p->total, off, p->n), true);
			break;
		}
		size_t on = i;
		double flight_level = mean_of(p->total, off, on);
		double takeoff = piece_crossing(p, p->total, off, thr) + extrapolation(p, off, thr, far, flight_level, true);
		double landing = piece_crossing(p, p->total, on, thr) - extrapolation(p, on, thr, far, flight_level, false);
		double flight = landing - takeoff;
		if (!loaded || flight < MIN_FLIGHT_S || flight > MAX_FLIGHT_S) {
			loaded = false;
			continue;
		}
		loaded = false;
		struct hop_result h = { .takeoff_s = takeoff, .landing_s = landing, .flight_s = flight,
					.contact_s = NAN, .rsi = NAN };
		h.height_mm = STANDARD_GRAVITY * flight * flight / 8 * 1000;
		struct hop_result *grown = realloc(out->hops, (out->n_hops + 1) * sizeof *grown);
		if (!grown)
			return st_fail(ST_ERR_NOMEM, "analysis: out of memory");
		out->hops = grown;
		out->hops[out->n_hops++] = h;
	}
	/* the contact after a landing, when the next take-off follows it in the same series */
	for (size_t k = first_hop; k < out->n_hops; k++) {
		struct hop_result *h = &out->hops[k];
		hop_set_contact(h, k + 1 < out->n_hops ? out->hops[k + 1].takeoff_s : open_takeoff);
		/* saturated anywhere from the push-off to the end of the contact that follows */
		double until = isnan(h->contact_s) ? h->landing_s + SATURATION_MARGIN_S : h->landing_s + h->contact_s;
		h->saturated = piece_saturated(p, piece_index(p, h->takeoff_s - SATURATION_MARGIN_S),
					       piece_index(p, until) + 1);
		/* the foot (or feet) it landed on: the left share over the contact that follows */
		h->left_share_pct = piece_left_share(p, piece_index(p, h->landing_s), piece_index(p, until) + 1);
	}
	return ST_OK;
}
