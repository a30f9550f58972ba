#include "fit.h"
#include "linsolve.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Gaps this large between a fitted cell and the plate's geometry or span mean a mass was
 * off its mark or a cell is faulty, not a plate to calibrate. */
#define CELL_POSITION_TOLERANCE_MM 15.0
#define CELL_GAIN_TOLERANCE 0.25
#define MARK_COP_TOLERANCE_MM 5.0

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

#define ROWS_MAX (CALIB_SPAN_MAX + CALIB_MARKS)

/* Every load on a plate: its cells' counts, its force and where it stood. */
struct loads {
	double counts[ROWS_MAX][4], force[ROWS_MAX], x[ROWS_MAX], y[ROWS_MAX];
	int n;
};

/* Gains, then positions, from every load but skip (-1: all of them). */
static void solve_plate(const struct loads *l, int skip, double gain0, const double nominal_x[4],
			const double nominal_y[4], double gain[4], double x[4], double y[4])
{
	double a[ROWS_MAX][4], b[ROWS_MAX], f[ROWS_MAX][4], bx[ROWS_MAX], by[ROWS_MAX];
	const double g0[4] = { gain0, gain0, gain0, gain0 };
	int rows = 0;
	for (int j = 0; j < l->n; j++) {
		if (j == skip)
			continue;
		memcpy(a[rows], l->counts[j], sizeof a[0]);
		b[rows++] = l->force[j];
	}
	lsq_revealed(a, b, rows, g0, gain);
	/* positions: rows are the cells' forces, right-hand sides the loads' moments */
	for (int j = 0, r = 0; j < l->n; j++) {
		if (j == skip)
			continue;
		double total = 0;
		for (int k = 0; k < 4; k++) {
			f[r][k] = gain[k] * l->counts[j][k];
			total += f[r][k];
		}
		bx[r] = total * l->x[j];
		by[r++] = total * l->y[j];
	}
	lsq_revealed(f, bx, rows, nominal_x, x);
	lsq_revealed(f, by, rows, nominal_y, y);
}

/* How far the COP of load j, measured with gain and positions, is from where it stood. */
static double cop_error(const struct loads *l, int j, const double gain[4], const double x[4], const double y[4])
{
	double total = 0, mx = 0, my = 0;
	for (int k = 0; k < 4; k++) {
		double fk = gain[k] * l->counts[j][k];
		total += fk;
		mx += fk * x[k];
		my += fk * y[k];
	}
	return hypot(mx / total - l->x[j], my / total - l->y[j]);
}

int calib_fit_cells(const struct calib_span *sp, const struct calib_span_cells *sc, struct calib_mark marks[CALIB_MARKS],
		    double gravity, const double nominal_x[4], const double nominal_y[4], const char *side_name,
		    struct plate_cell ch[4])
{
	struct loads l = { .n = 0 };
	for (int i = 0; i < sp->n; i++, l.n++) {
		memcpy(l.counts[l.n], sc->counts[i], sizeof l.counts[0]);
		l.force[l.n] = sp->mass_kg[i] * gravity;
		l.x[l.n] = l.y[l.n] = 0; /* span masses stand on the centre */
	}
	int first_mark = l.n;
	for (int i = 0; i < CALIB_MARKS; i++, l.n++) {
		memcpy(l.counts[l.n], marks[i].counts, sizeof l.counts[0]);
		l.force[l.n] = marks[i].mass_kg * gravity;
		l.x[l.n] = marks[i].x_mm;
		l.y[l.n] = marks[i].y_mm;
	}
	double gain[4], x[4], y[4];
	solve_plate(&l, -1, sp->gain_n_per_count, nominal_x, nominal_y, gain, x, y);
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
	/* each mark checked by a fit of the others, so the error is a prediction, not a residual */
	int worst = 0;
	for (int i = 0; i < CALIB_MARKS; i++) {
		double g[4], xi[4], yi[4];
		solve_plate(&l, first_mark + i, sp->gain_n_per_count, nominal_x, nominal_y, g, xi, yi);
		marks[i].cop_error_mm = cop_error(&l, first_mark + i, g, xi, yi);
		if (marks[i].cop_error_mm > marks[worst].cop_error_mm)
			worst = i;
	}
	if (!(marks[worst].cop_error_mm <= MARK_COP_TOLERANCE_MM))
		return st_fail(ST_ERR_DATA,
			       "cells: the %s plate's marks do not agree (a fit of the others puts the COP of the %s "
			       "mark %.1f mm away from it): was each mass exactly on its mark?", side_name,
			       marks[worst].name, marks[worst].cop_error_mm);
	return ST_OK;
}
