/* cli.h: what the subcommands share on the command line. */
#ifndef STATION_CLI_H
#define STATION_CLI_H

#include <signal.h>
#include <stdbool.h>

/* Parses a number within [lo, hi] given to option opt; prints a usage error if not. */
bool cli_number(const char *cmd, const char *opt, const char *text, double lo, double hi, double *out);

/* Parses --size WIDTHxHEIGHT in pixels within min_w x min_h .. 8000x8000; prints a
 * usage error if not. */
bool cli_size(const char *cmd, const char *text, int min_w, int min_h, int *w, int *h);
/* Reads WIDTHxHEIGHT, whatever the numbers; says nothing. */
bool cli_parse_size(const char *text, int *w, int *h);

/* Set when SIGINT or SIGTERM arrives, once cli_catch_stop_signals() ran. */
extern volatile sig_atomic_t cli_stop_requested;
void cli_catch_stop_signals(void);

/* Prints "station CMD: message" for the last failure, plus a hint for common causes. */
void cli_report_failure(const char *cmd);

/* dsp_init() with the FFTW wisdom kept beside the station's data (plans measured once per
 * station): in data_dir, or the default data directory when it is NULL. */
int cli_dsp_init(const char *data_dir);

#endif
