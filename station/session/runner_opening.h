/* runner_opening.h: runner_open() on a thread of its own, for the screen.
 *
 * Opening a session opens its plate: a simulated patient's model takes about 14 ms here,
 * a USB plate's control transfers more, and the screen's thread must not wait on either.
 * The caller starts the opening, goes on drawing, and asks each turn whether it is done.
 *
 * params->store, when given, is the opening's until runner_opened() says it is done (or
 * runner_opening_cancel() returns): the caller must not use that connection meanwhile
 * (one struct store per thread). params' strings must outlive the runner, as for
 * runner_open().
 */
#ifndef STATION_SESSION_RUNNER_OPENING_H
#define STATION_SESSION_RUNNER_OPENING_H

#include "runner.h"

#define RUNNER_OPENING 1 /* runner_opened(): not yet */

struct runner_opening;

int runner_opening_start(const struct session_params *params, struct runner_opening **out);
/* RUNNER_OPENING while it opens; else the opening is over and freed: ST_OK with the
 * runner in *out, or runner_open()'s failure, its message this thread's st_errmsg(). */
int runner_opened(struct runner_opening *o, struct session_runner **out);
/* Waits for the opening and closes what it opened; frees o (NULL is fine). */
void runner_opening_cancel(struct runner_opening *o);

#endif
