#include "fit.h"
#include "linsolve.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Gaps this large between a fitted cell and the plate's geometry or span mean a mass was
 * off its mark or a cell is faulty, not a plate to calibrate. */
#define CELL_POSITION_TOLERANCE_MM 15.0
#define CELL_GAIN_TOLERANCE 0.25

int calib_fit_span(struct calib_span *sp, double gravity)
{
	if (sp->n < 1 || sp->n > CALIB_SPAN_MAX)
		return st_fail(ST_ERR_DATA, "span: needs 1 to %d masses, got %d", CALIB_SPAN_MAX, sp->n);
	/* points: the zero (0 counts, 0 N), then each mass */
	int n = sp->n + 1;
	double x[CALIB_SPAN_MAX + 1] = { 0 }, y[CALIB_SPAN_MAX + 1] = { 0 };
	double mx = 0, my = 0;
	for (int i = 1; i < n; i++) {
		x[i] = sp->counts[i - 1];
		y[i] = sp->mass_kg[i - 1] * gravity;
	}
	for (int i = 0; i < n; i++) {
		mx += x[i] / n;
		my += y[i] / n;
	}
	double sxx = 0, sxy = 0, syy = 0;
	for (int i = 0; i < n; i++) {
		sxx += (x[i] - mx) * (x[i] - mx);
		sxy += (x[i] - mx) * (y[i] - my);
		syy += (y[i] - my) * (y[i] - my);
	}
	if (!(sxx > 0) || !(sxy > 0))
		return st_fail(ST_ERR_DATA, "span: the plate's reading does not rise with the load");
	sp->gain_n_per_count = sxy / sxx;
	sp->offset_n = my - sp->gain_n_per_count * mx;
	double ss_res = 0, worst = 0, y_lo = 0, y_hi = 0;
	for (int i = 0; i < n; i++) {
		double r = y[i] - (sp->gain_n_per_count * x[i] + sp->offset_n);
		if (i > 0)
			sp->residual_n[i - 1] = r;
		ss_res += r * r;
		worst = fmax(worst, fabs(r));
		y_lo = fmin(y_lo, y[i]);
		y_hi = fmax(y_hi, y[i]);
	}
	sp->r2 = syy > 0 ? 1 - ss_res / syy : 1;
	sp->nonlinearity_pct = 100 * worst / (y_hi - y_lo);
	return ST_OK;
}

/* The three patterns of four cells (FL, FR, RL, RR) a load can reveal: all together, left
 * against right, front against rear. The fourth, the twist (+ - - +), no load on a rigid
 * plate reveals (its cells share any load without it), so data there is noise alone. */
static const double revealed[3][4] = { { 1, 1, 1, 1 }, { -1, 1, -1, 1 }, { 1, 1, -1, -1 } };

/* Least squares over the revealed patterns: x = x0 + sum_p z_p revealed[p], z minimising
 * |A x - b|^2; the twist stays as in x0. */
static void lsq_revealed(const double a[][4], const double *b, int rows, const double x0[4], double x[4])
{
	double m[4][4] = { { 0 } }, rhs[4] = { 0 }, z[4];
	for (int j = 0; j < rows; j++) {
		double r = b[j], ap[3] = { 0, 0, 0 };
		for (int k = 0; k < 4; k++) {
			r -= a[j][k] * x0[k];
			for (int p = 0; p < 3; p++)
				ap[p] += a[j][k] * revealed[p][k];
		}
		for (int p = 0; p < 3; p++) {
			rhs[p] += ap[p] * r;
			for (int q = 0; q < 3; q++)
				m[p][q] += ap[p] * ap[q];
		}
	}
	linsolve(3, m, rhs, z); /* the patterns are independent: never singular with a mark per corner */
	for (int k = 0; k < 4; k++)
		x[k] = x0[k] + z[0] * revealed[0][k] + z[1] * revealed[1][k] + z[2] * revealed[2][k];
}

static const char *const cell_names[4] = { "front-left", "front-right", "rear-left", "rear-right" };

int calib_fit_cells(const struct calib_span *sp, const struct calib_span_cells *sc, struct calib_mark marks[CALIB_MARKS],
		    double gravity, const double nominal_x[4], const double nominal_y[4], const char *side_name,
		    struct calib_channel ch[4])
{
	double a[CALIB_SPAN_MAX + CALIB_MARKS][4], b[CALIB_SPAN_MAX + CALIB_MARKS];
	double mark_x[CALIB_SPAN_MAX + CALIB_MARKS], mark_y[CALIB_SPAN_MAX + CALIB_MARKS];
	int rows = 0;
	for (int i = 0; i < sp->n; i++, rows++) {
		memcpy(a[rows], sc->counts[i], sizeof a[0]);
		b[rows] = sp->mass_kg[i] * gravity;
		mark_x[rows] = mark_y[rows] = 0; /* span masses stand on the centre */
	}
	for (int i = 0; i < CALIB_MARKS; i++, rows++) {
		memcpy(a[rows], marks[i].counts, sizeof a[0]);
		b[rows] = marks[i].mass_kg * gravity;
		mark_x[rows] = marks[i].x_mm;
		mark_y[rows] = marks[i].y_mm;
	}
	double gain0[4], gain[4];
	for (int k = 0; k < 4; k++)
		gain0[k] = sp->gain_n_per_count;
	lsq_revealed(a, b, rows, gain0, gain);

	/* positions: rows are the cells' forces, right-hand sides the marks' moments */
	double f[CALIB_SPAN_MAX + CALIB_MARKS][4], bx[CALIB_SPAN_MAX + CALIB_MARKS], by[CALIB_SPAN_MAX + CALIB_MARKS];
	for (int j = 0; j < rows; j++) {
		double total = 0;
		for (int k = 0; k < 4; k++) {
			f[j][k] = gain[k] * a[j][k];
			total += f[j][k];
		}
		bx[j] = total * mark_x[j];
		by[j] = total * mark_y[j];
	}
	double x[4], y[4];
	lsq_revealed(f, bx, rows, nominal_x, x);
	lsq_revealed(f, by, rows, nominal_y, y);

	for (int k = 0; k < 4; k++) {
		double off = hypot(x[k] - nominal_x[k], y[k] - nominal_y[k]);
		if (!(fabs(gain[k] / sp->gain_n_per_count - 1) <= CELL_GAIN_TOLERANCE))
			return st_fail(ST_ERR_DATA,
				       "cells: the %s plate's %s cell's gain comes out %.0f %% off the plate's: was each "
				       "mass on its mark, and nothing else on the plate? Is that cell faulty?",
				       side_name, cell_names[k], 100 * (gain[k] / sp->gain_n_per_count - 1));
		if (!(off <= CELL_POSITION_TOLERANCE_MM))
			return st_fail(ST_ERR_DATA,
				       "cells: the %s plate's %s cell comes out %.0f mm from where the plate says it "
				       "is: was each mass on its mark?", side_name, cell_names[k], off);
		ch[k].newtons_per_count = gain[k];
		ch[k].x_mm = x[k];
		ch[k].y_mm = y[k];
	}
	for (int i = 0; i < CALIB_MARKS; i++) {
		double total = 0, mx = 0, my = 0;
		for (int k = 0; k < 4; k++) {
			double fk = gain[k] * marks[i].counts[k];
			total += fk;
			mx += fk * x[k];
			my += fk * y[k];
		}
		marks[i].cop_error_mm = hypot(mx / total - marks[i].x_mm, my / total - marks[i].y_mm);
	}
	return ST_OK;
}
