/* linsolve.h: small dense linear systems (least-squares normal equations and the like). */
#ifndef STATION_LINSOLVE_H
#define STATION_LINSOLVE_H

#include <stdbool.h>

#define LINSOLVE_MAX 4

/* Solves the n x n system m x = r (n <= LINSOLVE_MAX) by Gaussian elimination with
 * partial pivoting; m and r are overwritten. False if it is singular. */
bool linsolve(int n, double m[LINSOLVE_MAX][LINSOLVE_MAX], double r[LINSOLVE_MAX], double x[LINSOLVE_MAX]);

#endif
