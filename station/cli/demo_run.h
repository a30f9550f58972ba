/* demo_run.h: `station --demo`: the station screen running sessions by itself on the
 * simulated plate (demo_patient.h presses the keys), with screenshots of each new screen
 * (--shots) and frame and feedback timings printed at the end (--stats). The window loop
 * (live_view.c) calls it at each turn. */
#ifndef STATION_CLI_DEMO_RUN_H
#define STATION_CLI_DEMO_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "app.h"
#include "ui.h"

struct demo_options {
	int exit_after;        /* stop after this many sessions ran to their end (0: never) */
	const char *shots_dir; /* a PNG of each new screen here (NULL: none) */
	bool stats;            /* frame and feedback timings at the end */
	bool fast;             /* the plate as fast as it goes, no pauses to read */
};

struct demo_run;

/* Makes the demo's store (a temporary folder with the DEMO patient, phase 2, unless
 * ap->data_dir names one, where DEMO is added if missing and put at phase 2) and sets
 * ap->data_dir to it. After each session the DEMO patient moves on to another phase,
 * so that the sessions show every exercise screen (demo_run.c's demo_phases). */
int demo_open(const struct demo_options *opt, struct app_params *ap, struct demo_run **out);
/* One turn of the loop, after the app's tick: acts as the patient, takes a screenshot of
 * a new screen. True when the demo is done (--exit-after sessions ended). */
bool demo_turn(struct demo_run *d, struct app *a, const struct ui *ui, double now_s);
/* A frame was built and drawn from start_ns to end_ns (plate_now_ns()), the thread's CPU
 * time being start_cpu_ns (demo_thread_cpu_ns()) at its start; it shows v, or (shown
 * false) it was left for the next one to finish (its text budget, ui.h). */
void demo_frame(struct demo_run *d, const struct app *a, const struct screen_view *v, uint64_t start_ns,
		uint64_t end_ns, uint64_t start_cpu_ns, bool shown);
/* The calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID), ns. */
uint64_t demo_thread_cpu_ns(void);
/* One turn of the loop took from start_ns to end_ns: the UI thread answered nothing else
 * then; its CPU time was demo_thread_cpu_ns() == start_cpu_ns at the start. A stall longer
 * than its work waited (for a core, the disk, a lock). */
void demo_loop_turn(struct demo_run *d, uint64_t start_ns, uint64_t end_ns, uint64_t start_cpu_ns);
/* Prints the timings (--stats) to out with the renderer's name, removes a temporary
 * store, frees d. NULL is fine. */
void demo_close(struct demo_run *d, FILE *out, const char *renderer);

#endif
