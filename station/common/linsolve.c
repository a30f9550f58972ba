#include "linsolve.h"

#include <math.h>

bool linsolve(int n, double m[LINSOLVE_MAX][LINSOLVE_MAX], double r[LINSOLVE_MAX], double x[LINSOLVE_MAX])
{
	for (int c = 0; c < n; c++) {
		int pivot = c;
		for (int k = c + 1; k < n; k++)
			if (fabs(m[k][c]) > fabs(m[pivot][c]))
				pivot = k;
		if (!(fabs(m[pivot][c]) > 1e-300))
			return false;
		for (int k = 0; k < n; k++) {
			double swap = m[c][k];
			m[c][k] = m[pivot][k];
			m[pivot][k] = swap;
		}
		double swap = r[c];
		r[c] = r[pivot];
		r[pivot] = swap;
		for (int k = c + 1; k < n; k++) {
			double f = m[k][c] / m[c][c];
			for (int j = c; j < n; j++)
				m[k][j] -= f * m[c][j];
			r[k] -= f * r[c];
		}
	}
	for (int c = n - 1; c >= 0; c--) {
		x[c] = r[c];
		for (int j = c + 1; j < n; j++)
			x[c] -= m[c][j] * x[j];
		x[c] /= m[c][c];
	}
	return true;
}
