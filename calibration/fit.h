/* fit.h: the calibration's least-squares fits.
 *
 * Span: a plate's known loads (masses at its centre, and the zero) against the sum of its
 * cells' counts, a straight line; its residuals show non-linearity.
 * Cells: every load on a plate (the span's masses and the marks) gives one equation
 * sum_k gain_k * counts_k = m g, solved for the four gains in least squares. On a rigid
 * plate no load reveals the cells' "twist" (+ - - +): that direction of the gains, and
 * of the positions below, stays at the span's gain and the plate's nominal geometry,
 * which changes neither force nor COP anywhere. Then the cells' positions from the marks'
 * moments (sum_k f_k x_k = X sum_k f_k), nearest the nominal geometry. Each mark's COP
 * error comes from a fit without that mark: what the plate would measure there.
 */
#ifndef STATION_CALIB_FIT_H
#define STATION_CALIB_FIT_H

#include "calib.h"

/* Fits sp->mass_kg / sp->counts (sp->n of them, plus the zero) by a line; fills the
 * gain, offset, R^2, residuals and worst non-linearity. ST_ERR_DATA if it cannot. */
int calib_fit_span(struct calib_span *sp, double gravity);

/* The span's masses' own cell counts (the span keeps only their sum). */
struct calib_span_cells {
	double counts[CALIB_SPAN_MAX][4];
};

/* Solves one plate's cells: gains and positions into ch[0..3] (zero_counts untouched),
 * then each mark's COP error. nominal_x/y: the plate's cell positions by its descriptor.
 * ST_ERR_DATA with a message for people when the fit says a mass was not where it should
 * have been. side_name names the plate in messages. */
int calib_fit_cells(const struct calib_span *sp, const struct calib_span_cells *sc, struct calib_mark marks[CALIB_MARKS],
		    double gravity, const double nominal_x[4], const double nominal_y[4], const char *side_name,
		    struct calib_channel ch[4]);

#endif
