/* bench_screens.c: what the station screen costs, with the software renderer.
 *
 *   bench_screens [--frames N] [--live SECONDS] [--only WxH]
 *
 * 1. Frame time (p50/p95/p99) of the exercise screens at 800x480 and 1920x1080, drawn
 *    offscreen from their fixed views as they change frame by frame (the pacer moves, the
 *    seconds tick, a rep lands now and then), each frame flushed to pixels.
 * 2. The live path: the simulated plate in real time at 1 kHz through the live analysis
 *    into the raise screen at 60 frames a second; the time spent polling the plate (the
 *    live analysis runs in its callback) per frame, the frame time, and sample-to-screen
 *    latency (from the newest sample's arrival, plate_frame.host_ns, to the end of the
 *    frame that shows it; the sim stamps frames as it makes them inside plate_poll, so
 *    this is the path from the driver on; a sample that arrives just after a frame waits
 *    up to one frame period more).
 *
 * Instructions per frame: run under callgrind, which counts only the frame loops and
 * writes one file per screen and size (valgrind 3.19 needs clang's -gdwarf-4):
 *   cmake -S . -B build/callgrind -DCMAKE_C_COMPILER=clang -DCMAKE_C_FLAGS=-gdwarf-4
 *   cmake --build build/callgrind --target bench_screens
 *   valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=cg.out \
 *       build/callgrind/bin/bench_screens --frames 60 --live 0
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

#include "convert.h"
#include "dsp.h"
#include "live_feed.h"
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
		if (id != SCREEN_RAISES && id != SCREEN_HOLD && id != SCREEN_HOPS)
			continue;
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

static void bench_live(int w, int h, double seconds)
{
	struct plate *p;
	struct calibration cal;
	struct live_feed lf;
	struct ui *ui;
	if (plate_open("sim:heel-raises", NULL, &p) != ST_OK || plate_calibration(p, &cal) != ST_OK ||
	    live_feed_init(&lf, &cal, plate_get_info(p)->default_rate_hz) != ST_OK ||
	    plate_start(p, 0, live_feed_on_frames, &lf) != ST_OK || ui_open_offscreen(w, h, &ui) != ST_OK) {
		fprintf(stderr, "bench_screens: %s\n", st_errmsg());
		exit(1);
	}
	int max = (int)(seconds * 60) + 10, n = 0, shots = 0;
	double *frame_ms = malloc(sizeof(double) * (size_t)max), *lat_ms = malloc(sizeof(double) * (size_t)max);
	double *poll_ms = malloc(sizeof(double) * (size_t)max), polled = 0;
	uint64_t start = plate_now_ns(), next = start;
	while (n < max && plate_now_ns() - start < seconds * 1e9) {
		uint64_t t0 = plate_now_ns();
		int rc = plate_poll(p, 0); /* the samples due, through the live analysis */
		uint64_t now = plate_now_ns();
		if (rc < 0)
			break;
		polled += (double)(now - t0) / 1e6;
		if (now < next || !lf.have_sample) {
			if (rc == 0)
				SDL_Delay(1);
			continue;
		}
		poll_ms[n] = polled;
		polled = 0;
		next += 16666667;
		struct screen_view v;
		live_feed_view(&lf, (double)(now - start) / 1e9, &v);
		screen_show(ui, &v);
		SDL_RenderFlush(ui->ren);
		uint64_t done = plate_now_ns();
		frame_ms[n] = (double)(done - now) / 1e6;
		lat_ms[n++] = (double)(done - lf.last_host_ns) / 1e6;
		if (v.id == SCREEN_RAISES && v.raises.n_lower >= 2 && !shots++) { /* one to look at */
			char path[512];
			snprintf(path, sizeof path, "%s/live_raises_%dx%d.png", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", w, h);
			ui_save_png(ui, path);
			printf("  (a frame of it: %s)\n", path);
		}
	}
	printf("%dx%d, live: sim:heel-raises at %u Hz -> live analysis -> raise screen, %d analysis errors:\n", w, h,
	       plate_rate(p), lf.failed);
	if (n > 0) {
		print_stats("plate + live analysis per frame", poll_ms, n);
		print_stats("frame time (draw)", frame_ms, n);
		print_stats("sample-to-screen latency", lat_ms, n);
	}
	free(frame_ms);
	free(poll_ms);
	free(lat_ms);
	ui_close(ui);
	plate_close(p);
	live_feed_free(&lf);
}

int main(int argc, char **argv)
{
	int frames = 600;
	double live_s = 15;
	const char *only = NULL;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--frames") == 0)
			frames = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--live") == 0)
			live_s = atof(argv[i + 1]);
		else if (strcmp(argv[i], "--only") == 0)
			only = argv[i + 1];
	}
	if (frames < 1) {
		fprintf(stderr, "bench_screens: --frames wants a positive count\n");
		return 2;
	}
	dsp_init(getenv("STATION_FFTW_WISDOM"));
	static const int sizes[2][2] = { { 800, 480 }, { 1920, 1080 } };
	for (int s = 0; s < 2; s++) {
		char name[32];
		snprintf(name, sizeof name, "%dx%d", sizes[s][0], sizes[s][1]);
		if (only && strcmp(only, name) != 0)
			continue;
		bench_screens(sizes[s][0], sizes[s][1], frames);
		if (live_s > 0)
			bench_live(sizes[s][0], sizes[s][1], live_s);
	}
	dsp_shutdown();
	return 0;
}
