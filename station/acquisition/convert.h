/* convert.h: a recording, native or interchange CSV, read as samples in newtons. */
#ifndef STATION_CONVERT_H
#define STATION_CONVERT_H

#include "trace.h"

/* Reads a recording, native or interchange CSV, as newtons and mm. A native one is
 * measured through the calibration it carries, else the one stored for its plate. */
int load_trace(const char *path, struct trace *out);

#endif
