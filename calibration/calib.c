#include "calib.h"

#include <math.h>

void calib_apply(const struct calibration *c, const int32_t counts[PLATE_CHANNELS], struct plate_load *out)
{
	for (int side = 0; side < 2; side++) {
		double sum = 0, mx = 0, my = 0;
		for (int k = 0; k < 4; k++) {
			const struct calib_channel *ch = &c->ch[side * 4 + k];
			double f = (counts[side * 4 + k] - ch->zero_counts) * ch->newtons_per_count;
			sum += f;
			mx += f * ch->x_mm;
			my += f * ch->y_mm;
		}
		out->fz[side] = sum;
		if (sum >= UNLOADED_N) {
			out->cop_x[side] = mx / sum;
			out->cop_y[side] = my / sum;
		} else {
			out->cop_x[side] = NAN;
			out->cop_y[side] = NAN;
		}
	}
}

/* Solves the 3x3 system m * x = b by Cramer's rule (m is symmetric positive definite
 * for any four cells that are not all on one line). */
static void solve3(const double m[3][3], const double b[3], double x[3])
{
	double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
		     m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
		     m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
	for (int col = 0; col < 3; col++) {
		double a[3][3];
		for (int r = 0; r < 3; r++)
			for (int cc = 0; cc < 3; cc++)
				a[r][cc] = cc == col ? b[r] : m[r][cc];
		x[col] = (a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) -
			  a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) +
			  a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0])) / det;
	}
}

void calib_cell_split_init(struct cell_split *s, const double cell_x[4], const double cell_y[4])
{
	/* Shares w with A w = b (A's rows: 1, x, y; b = 1, cop_x, cop_y), nearest to the even
	 * split w0: w = w0 + G (b - A w0), G = A^T (A A^T)^-1, which is linear in the COP. */
	double rows[3][4], aat[3][3], g[4][3];
	for (int k = 0; k < 4; k++) {
		rows[0][k] = 1;
		rows[1][k] = cell_x[k];
		rows[2][k] = cell_y[k];
	}
	for (int r = 0; r < 3; r++)
		for (int c = 0; c < 3; c++) {
			aat[r][c] = 0;
			for (int k = 0; k < 4; k++)
				aat[r][c] += rows[r][k] * rows[c][k];
		}
	for (int c = 0; c < 3; c++) {
		double unit[3] = { c == 0, c == 1, c == 2 }, col[3];
		solve3(aat, unit, col); /* column c of (A A^T)^-1 */
		for (int k = 0; k < 4; k++) {
			g[k][c] = 0;
			for (int r = 0; r < 3; r++)
				g[k][c] += rows[r][k] * col[r];
		}
	}
	double a_w0[3];
	for (int r = 0; r < 3; r++)
		a_w0[r] = 0.25 * (rows[r][0] + rows[r][1] + rows[r][2] + rows[r][3]);
	for (int k = 0; k < 4; k++) {
		s->base[k] = 0.25 + g[k][0] - (g[k][0] * a_w0[0] + g[k][1] * a_w0[1] + g[k][2] * a_w0[2]);
		s->per_x[k] = g[k][1];
		s->per_y[k] = g[k][2];
	}
}
