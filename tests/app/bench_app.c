/* bench_app.c: the station app in its real session path, as the window loop runs it:
 *
 *   bench_app [--seconds S] [--size WxH]
 *
 * A phase-2 patient's session on the simulated plate in real time at 1 kHz ("sim": the
 * simulated patient doing the prescription), through the runner (recording, flow, live
 * analysis, store) and the app's state machine into the screens at 60 frames a second,
 * offscreen with the software renderer; questions answered with the "next" key, pain
 * with a score. Prints the frame time (app_view + draw + flush) and the sample-to-screen
 * latency: from the newest sample's arrival (plate_frame.host_ns, stamped as the sim
 * makes it inside plate_poll, just before the runner's callback) to the end of the
 * frame that shows it, over all session frames and over the exercise screens alone. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "capture.h"
#include "dsp.h"
#include "plate.h"
#include "status.h"
#include "store.h"

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void print_stats(const char *what, double *ms, int n)
{
	if (!n) {
		printf("  %-30s no frames\n", what);
		return;
	}
	qsort(ms, (size_t)n, sizeof *ms, cmp);
	printf("  %-30s p50 %6.2f  p95 %6.2f  p99 %6.2f  max %6.2f ms  (%d frames)\n", what, ms[n / 2],
	       ms[(int)(n * 0.95)], ms[(int)(n * 0.99)], ms[n - 1], n);
}

static bool exercise(enum screen_id id)
{
	return id == SCREEN_RAISES || id == SCREEN_HOLD || id == SCREEN_HOPS;
}

int main(int argc, char **argv)
{
	double seconds = 60;
	int w = 800, h = 480;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--seconds") == 0)
			seconds = atof(argv[i + 1]);
		else if (strcmp(argv[i], "--size") == 0 && sscanf(argv[i + 1], "%dx%d", &w, &h) == 2)
			;
		else {
			fprintf(stderr, "usage: bench_app [--seconds S] [--size WxH]\n");
			return 2;
		}
	}
	char *dir = temp_path("bench-app");
	struct store *s;
	struct ui *ui;
	struct app *a;
	int64_t id;
	struct app_params ap = { .data_dir = dir, .plate = "sim" };
	int rc = dsp_init(getenv("STATION_FFTW_WISDOM"));
	if (rc == ST_OK && (rc = store_open(dir, &s)) == ST_OK) {
		rc = store_patient_add(s, "BENCH", "", SIDE_BOTH, 2, &id);
		store_close(s);
	}
	if (rc != ST_OK || ui_open_offscreen(w, h, &ui) != ST_OK || app_new(&ap, &a) != ST_OK) {
		fprintf(stderr, "bench_app: %s\n", st_errmsg());
		return 1;
	}
	int max = (int)(seconds * 60) + 10, n = 0, n_ex = 0, n_lat = 0, n_lat_ex = 0;
	double *frame = malloc(sizeof(double) * (size_t)max), *frame_ex = malloc(sizeof(double) * (size_t)max);
	double *lat = malloc(sizeof(double) * (size_t)max), *lat_ex = malloc(sizeof(double) * (size_t)max);
	struct ui_action pick = { UI_ACT_SELECT, 0 };
	app_act(a, &pick);
	uint64_t start = plate_now_ns(), next = start, shown_sample = 0;
	int sets_done = 0;
	while (n < max && plate_now_ns() - start < seconds * 1e9) {
		if (app_tick(a, 1) != ST_OK) {
			fprintf(stderr, "bench_app: %s\n", st_errmsg());
			break;
		}
		uint64_t now = plate_now_ns();
		if (now < next)
			continue;
		next = now - next > 16666667 ? now + 16666667 : next + 16666667;
		struct screen_view v;
		app_view(a, (double)now / 1e9, &v);
		screen_show(ui, &v);
		SDL_RenderFlush(ui->ren);
		uint64_t done = plate_now_ns(), sample = app_last_sample_ns(a);
		frame[n++] = (double)(done - now) / 1e6;
		if (exercise(v.id))
			frame_ex[n_ex++] = frame[n - 1];
		if (sample && sample != shown_sample) { /* a frame showing new samples */
			lat[n_lat++] = (double)(done - sample) / 1e6;
			if (exercise(v.id))
				lat_ex[n_lat_ex++] = lat[n_lat - 1];
			shown_sample = sample;
		}
		if (v.id == SCREEN_SUMMARY)
			sscanf(v.summary.title, "Set %d", &sets_done);
		struct ui_action next_key = { UI_ACT_NEXT, 0 }, pain = { UI_ACT_DIGIT, 2 };
		if (v.id == SCREEN_PAIN)
			app_act(a, &pain);
		if (v.id == SCREEN_PAIN || v.id == SCREEN_QUESTION || v.id == SCREEN_SUMMARY)
			app_act(a, &next_key);
		if (v.id == SCREEN_CHOOSE_PATIENT)
			break; /* the session is over */
	}
	printf("session path, simulated plate at 1 kHz in real time, %dx%d offscreen, %.0f s, %d set(s) done:\n", w, h,
	       (double)(plate_now_ns() - start) / 1e9, sets_done);
	print_stats("frame time, all screens", frame, n);
	print_stats("frame time, exercise screens", frame_ex, n_ex);
	print_stats("sample-to-screen, all", lat, n_lat);
	print_stats("sample-to-screen, exercise", lat_ex, n_lat_ex);
	app_free(a);
	ui_close(ui);
	dsp_shutdown();
	free(frame), free(frame_ex), free(lat), free(lat_ex), free(dir);
	return 0;
}
