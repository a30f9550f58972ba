/* csv.h: the interchange CSV of DESIGN.md, read and written.
 *
 *   # rate_hz=1000
 *   t_s,left_fz_n,right_fz_n,left_cop_x_mm,left_cop_y_mm,right_cop_x_mm,right_cop_y_mm
 *   0.0000,402.10,398.70,3.10,-20.50,-1.20,-18.00
 *
 * Columns in any order; t_s, left_fz_n, right_fz_n required, COP optional (an empty
 * field is an undefined COP). Lines starting with '#' are comments. Uniform sampling at
 * 100-2000 Hz: a jump of more than 1.5 periods is a gap (TRACE_GAP_BEFORE), never
 * bridged. "# saturated-begin" / "# saturated-end" comment lines bracket saturated rows.
 */
#ifndef STATION_CSV_H
#define STATION_CSV_H

#include <stdio.h>

#include "trace.h"

/* A step between rows is a sample's at least 0.5 periods long, a gap's more than 1.5
 * (DESIGN.md), give or take this many periods for the rounding of times written in
 * decimals: exactly 1.5 periods was a gap at 1000 Hz (0.0015 s reads as a hair more). */
#define CSV_STEP_SLACK 1e-6

/* Parses a whole CSV held in memory; name is used in messages. On bad input returns
 * ST_ERR_DATA with "NAME:LINE: problem" in st_errmsg() and leaves out empty. */
int csv_parse(const char *data, size_t len, const char *name, struct trace *out);

/* The largest values read: a time of 11 days, 10 tonnes-force, a COP 10 m away. */
#define CSV_TIME_MAX_S 1e6
#define CSV_FORCE_MAX_N 1e5
#define CSV_COP_MAX_MM 1e4

/* The largest CSV read (its trace is held in memory whole), and the longest line: a row
 * of seven numbers takes about 60 bytes, a header a few hundred; a longer line is
 * refused with its number rather than read without end. */
#define CSV_FILE_MAX_MIB 256
#define CSV_LINE_MAX 65536

/* Reads a CSV file or pipe a chunk at a time (ST_ERR_NOT_FOUND/ST_ERR_IO when it cannot
 * be read; larger than CSV_FILE_MAX_MIB, a device or a folder refused with a message). */
int csv_read_file(const char *path, struct trace *out);

/* Streaming writer, so a live recording needs no whole trace in memory. */
struct csv_writer;
/* Creates path (mode 0600). has_cop: write the COP columns. */
int csv_writer_open(const char *path, double rate_hz, bool has_cop, struct csv_writer **out);
/* The same into fd, open for writing (path names it in messages); the writer owns fd from
 * here on, failure included: csv_writer_close() syncs and closes it. */
int csv_writer_open_fd(int fd, const char *path, double rate_hz, bool has_cop, struct csv_writer **out);
int csv_writer_row(struct csv_writer *w, const struct trace_sample *s);
/* Flushes, fsyncs and closes; reports any write error that happened on the way. */
int csv_writer_close(struct csv_writer *w);

int csv_write_file(const char *path, const struct trace *t);

#endif
