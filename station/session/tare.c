#include "tare.h"

#include <math.h>
#include <string.h>

#define TARE_S 1.0
#define EMPTY_N 40.0 /* more than this on a plate (by the old zero) is not empty */
#define STILL_SD_N 3.0

void tare_init(struct tare *t, const struct calibration *cal, double rate_hz)
{
	memset(t, 0, sizeof *t);
	t->cal = *cal;
	t->want = (size_t)(TARE_S * rate_hz);
}

bool tare_push(struct tare *t, const struct plate_frame *f)
{
	if (f->flags & (PLATE_FRAME_GONE | PLATE_FRAME_SATURATED))
		return false;
	for (int side = 0; side < 2; side++) {
		double n = 0;
		for (int c = 4 * side; c < 4 * side + 4; c++) {
			t->sum[c] += f->counts[c];
			n += (f->counts[c] - t->cal.ch[c].zero_counts) * t->cal.ch[c].newtons_per_count;
		}
		t->force_sum[side] += n;
		t->force_sq[side] += n * n;
	}
	if (++t->n < t->want)
		return false;
	bool ok = true;
	for (int side = 0; side < 2; side++) {
		double mean = t->force_sum[side] / (double)t->n;
		double sd = sqrt(fmax(0, t->force_sq[side] / (double)t->n - mean * mean));
		ok = ok && fabs(mean) < EMPTY_N && sd < STILL_SD_N;
	}
	if (ok)
		return true;
	struct calibration cal = t->cal;
	size_t want = t->want;
	memset(t, 0, sizeof *t);
	t->cal = cal;
	t->want = want;
	return false;
}

void tare_result(const struct tare *t, struct calibration *out, double drift_n[2])
{
	*out = t->cal;
	drift_n[0] = drift_n[1] = 0;
	for (int c = 0; c < PLATE_CHANNELS; c++) {
		out->ch[c].zero_counts = t->sum[c] / (double)t->n;
		drift_n[c / 4] += (out->ch[c].zero_counts - t->cal.ch[c].zero_counts) * t->cal.ch[c].newtons_per_count;
	}
}
