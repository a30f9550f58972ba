/* progress.h: the physio's graphs of a review, as plot models (plot.h).
 *
 * Lowering time against the programme's band; hold (mean, longest); load share and the
 * single-leg LSI of work and height; reps done against the target of every planned set;
 * work; height; for hops, flight and ground contact, and RSI; pain before, during and
 * the day after; VISA-A over time. A graph with nothing to show is left out, except
 * those of the patient's own exercise, pain and VISA-A, which say "no sessions yet". */
#ifndef STATION_PROGRESS_H
#define STATION_PROGRESS_H

#include "plot.h"
#include "review.h"

enum progress_graph {
	PG_LOWER, PG_HOLD, PG_SHARE, PG_COUNT, PG_WORK, PG_HEIGHT, PG_HOP_TIMES, PG_RSI, PG_PAIN, PG_VISA,
	PG_COUNT_ALL
};

struct progress_graphs {
	struct plot_graph graphs[PG_COUNT_ALL]; /* the ones shown, in the order above */
	int n;
	/* what the graphs point into */
	time_t *x;
	bool *incomplete;
	double *y[PG_COUNT_ALL][PLOT_MAX_SERIES];
	time_t *visa_x;
	double *visa_y;
	char band_labels[PG_COUNT_ALL][48];
};

/* Builds r's graphs; r must outlive g (labels point into the programme). */
int progress_graphs_build(const struct review *r, struct progress_graphs *g);
void progress_graphs_free(struct progress_graphs *g);

#endif
