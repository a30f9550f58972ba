/* store_clock.h: moving a test store's sessions in time. */
#ifndef STATION_TEST_STORE_CLOCK_H
#define STATION_TEST_STORE_CLOCK_H

#include <stdbool.h>

/* Every session in data_dir's store started and finished a day earlier: the next one is
 * a day after them (the day-after question). False, said on stderr, when it cannot. */
bool store_sessions_a_day_earlier(const char *data_dir);
/* ... moved by seconds (later when positive). */
bool store_sessions_shifted(const char *data_dir, long seconds);

#endif
