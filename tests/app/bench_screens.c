/* bench_screens.c: what the station screen costs, with the software renderer.
 *
 *   bench_screens [--frames N] [--only WxH]
 *
 * Frame time (p50/p95/p99) of the patient's screens at 800x480 and 1920x1080, drawn
 * offscreen from their fixed views as they change frame by frame (the pacer moves, the
 * seconds tick, a rep lands now and then), each frame flushed to pixels; and of the
 * physio's progress graph (cairo: its first frame draws it, the others reuse it) and force
 * trace. The live path
 * (plate, session, screens) and its sample-to-screen latency: bench_app.
 *
 * Instructions per frame: run under callgrind, which counts only the frame loops and
 * writes one file per screen and size (valgrind 3.19 needs clang's -gdwarf-4):
 *   cmake -S . -B build/callgrind -DCMAKE_C_COMPILER=clang -DCMAKE_C_FLAGS=-gdwarf-4
 *   cmake --build build/callgrind --target bench_screens
 *   valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=cg.out \
 *       build/callgrind/bin/bench_screens --frames 60
 *   grep -H -e '^desc: Trigger' -e '^totals' cg.out.*
 * and divide each file's totals (instructions) by the frames drawn.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#define CALLGRIND_DUMP_STATS_AT(what)
#endif

#include "plate.h"
#include "screen_states.h"
#include "status.h"

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void print_stats(const char *what, double *ms, int n)
{
	qsort(ms, (size_t)n, sizeof *ms, cmp);
	printf("  %-34s p50 %6.2f  p95 %6.2f  p99 %6.2f  max %6.2f ms  (%d frames)\n", what, ms[n / 2],
	       ms[(int)(n * 0.95)], ms[(int)(n * 0.99)], ms[n - 1], n);
}

/* Moves the view along as the patient would in frame i (60 frames a second). */
static void animate(struct screen_view *v, int i)
{
	double t = i / 60.0;
	if (v->id == SCREEN_RAISES) {
		v->raises.pacer_t_s = t;
		v->raises.heels_up = fmod(t, 7) > 1 && fmod(t, 7) < 2;
		v->raises.lowering_s = fmod(t, 7) > 2 && fmod(t, 7) < 6 ? fmod(t, 7) - 2 : 0;
		v->raises.n_lower = (int)(t / 7) % VIEW_MAX_REPS;
		v->raises.rep = v->raises.n_lower;
		v->raises.bal.left_pct = 50 + 6 * sin(t);
	} else if (v->id == SCREEN_HOLD) {
		v->hold.held_s = fmod(t, 45);
		v->hold.bal.left_pct = 50 + 3 * sin(t);
		v->hold.steadiness = 0.6 + 0.3 * sin(t / 3);
		v->hold.steady_word = v->hold.steadiness >= 0.7 ? STEADY_STILL : STEADY_FAIRLY;
	} else if (v->id == SCREEN_HOPS) {
		v->hops.count = (int)(t * 2);
		v->hops.hops[v->hops.n - 1].flight_s = 0.3 + 0.02 * sin(t);
		v->hops.bal.left_pct = 50 + 3 * sin(t);
	}
}

static void bench_screens(int w, int h, int frames)
{
	static struct screen_state st[SCREEN_STATES_MAX];
	int n = screen_states(st);
	struct ui *ui;
	if (ui_open_offscreen(w, h, &ui) != ST_OK) {
		fprintf(stderr, "bench_screens: %s\n", st_errmsg());
		exit(1);
	}
	double *ms = malloc(sizeof *ms * (size_t)frames);
	printf("%dx%d, software renderer, offscreen:\n", w, h);
	for (int s = 0; s < n; s++) {
		enum screen_id id = st[s].view.id;
		if (id >= SCREEN_PATIENT_LIST && id != SCREEN_GRAPHS && id != SCREEN_FORCE_TRACE)
			continue; /* the patient's screens, and the physio's graph and trace */
		long rendered = ui_text_rendered(ui);
		CALLGRIND_START_INSTRUMENTATION;
		for (int i = 0; i < frames; i++) {
			animate(&st[s].view, i);
			uint64_t t0 = plate_now_ns();
			screen_show(ui, &st[s].view);
			SDL_RenderFlush(ui->ren);
			ms[i] = (double)(plate_now_ns() - t0) / 1e6;
		}
		CALLGRIND_STOP_INSTRUMENTATION;
		char what[64];
		snprintf(what, sizeof what, "%s %dx%d", st[s].name, w, h);
		CALLGRIND_DUMP_STATS_AT(what); /* one callgrind file per screen and size */
		snprintf(what, sizeof what, "%s (%ld texts rendered)", st[s].name, ui_text_rendered(ui) - rendered);
		print_stats(what, ms, frames);
	}
	free(ms);
	ui_close(ui);
}

int main(int argc, char **argv)
{
	int frames = 600;
	const char *only = NULL;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--frames") == 0)
			frames = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--only") == 0)
			only = argv[i + 1];
	}
	if (frames < 1) {
		fprintf(stderr, "bench_screens: --frames wants a positive count\n");
		return 2;
	}
	static const int sizes[2][2] = { { 800, 480 }, { 1920, 1080 } };
	for (int s = 0; s < 2; s++) {
		char name[32];
		snprintf(name, sizeof name, "%dx%d", sizes[s][0], sizes[s][1]);
		if (only && strcmp(only, name) != 0)
			continue;
		bench_screens(sizes[s][0], sizes[s][1], frames);
	}
	return 0;
}
