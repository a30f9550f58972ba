/* report.h: a patient's review on paper (PDF, A4) and as PNG images, drawn with cairo
 * from the same graphs (progress.h) the screen is to show.
 *
 * The PDF: the clinic number and name, the involved side, the date range with the year,
 * the current phase, prescription and phase history (who decided, when, why), the
 * progression suggestion with its reasons, the VISA-A scores, the calibration of the
 * plate used (and its age past 90 days), the graphs, and a table of the latest sessions.
 * Two pages whatever the history. Files are written 0600 through a temporary and a rename. */
#ifndef STATION_REPORT_H
#define STATION_REPORT_H

#include <time.h>

#include "review.h"

/* The report of r as a PDF at path; made: the time printed as when it was made. */
int report_write_pdf(const struct review *r, const char *path, time_t made);

/* Each graph as a PNG (w x h pixels, light background, the patient's number and date
 * range at the top) into dir, created 0700: 01-lowering-time.png, ...; *written: how many. */
int report_write_pngs(const struct review *r, const char *dir, int w, int h, int *written);

#endif
