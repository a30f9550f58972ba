/* live_view.c: the station screen. For now a plain live view of both plates' force:
 * a window with a bar per foot (SDL2), or a text readout with --headless. The patient
 * and physio screens replace it. */
#include <SDL.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "convert.h"
#include "plate.h"

#define BAR_FULL_SCALE_N 1200.0

struct live {
	struct frame_converter conv;
	struct trace_sample last;
	bool have_sample;
};

static void on_frames(const struct plate_frame *frames, size_t n, void *user)
{
	struct live *lv = user;
	for (size_t i = 0; i < n; i++)
		if (frame_converter_apply(&lv->conv, &frames[i], &lv->last))
			lv->have_sample = true;
}

static void usage(FILE *out)
{
	fprintf(out, "usage: station [--plate PLATE] [--windowed | --headless] [--seconds N]\n\n"
		     "Shows both plates' force live (default plate: sim, the simulated patient).\n"
		     "  --windowed   a desktop window instead of full screen\n"
		     "  --headless   no screen: print the forces once a second\n"
		     "  --seconds N  stop after N seconds\n");
}

static void draw(SDL_Renderer *ren, const struct live *lv)
{
	int w, h;
	SDL_GetRendererOutputSize(ren, &w, &h);
	SDL_SetRenderDrawColor(ren, 16, 16, 24, 255);
	SDL_RenderClear(ren);
	/* blue left, orange right: told apart with any colour vision */
	const SDL_Color colour[2] = { { 0, 114, 178, 255 }, { 230, 159, 0, 255 } };
	for (int side = 0; side < 2 && lv->have_sample; side++) {
		double frac = fmin(fmax(lv->last.fz[side] / BAR_FULL_SCALE_N, 0), 1);
		SDL_Rect bar = { w / 8 + side * w / 2, h - h / 10 - (int)(frac * h * 0.8), w / 4, (int)(frac * h * 0.8) };
		SDL_SetRenderDrawColor(ren, colour[side].r, colour[side].g, colour[side].b, 255);
		SDL_RenderFillRect(ren, &bar);
	}
	SDL_RenderPresent(ren);
}

static int run_window(struct plate *p, struct live *lv, bool windowed, double seconds)
{
	if (SDL_Init(SDL_INIT_VIDEO) != 0) {
		fprintf(stderr,
			"station: no display to show the screen on (%s).\n"
			"  On a Raspberry Pi, run it from the console (it uses KMS/DRM, no desktop needed);\n"
			"  on a desktop, run it from a terminal inside the desktop session;\n"
			"  anywhere, 'station --headless' prints the live forces as text.\n",
			SDL_GetError());
		return EXIT_FAILURE_;
	}
	Uint32 flags = windowed ? SDL_WINDOW_RESIZABLE : SDL_WINDOW_FULLSCREEN_DESKTOP;
	SDL_Window *win = SDL_CreateWindow("Calf-raise station", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
					   1024, 600, flags);
	SDL_Renderer *ren = win ? SDL_CreateRenderer(win, -1, SDL_RENDERER_PRESENTVSYNC) : NULL;
	if (!ren) {
		fprintf(stderr, "station: cannot open a window: %s\n", SDL_GetError());
		if (win)
			SDL_DestroyWindow(win);
		SDL_Quit();
		return EXIT_FAILURE_;
	}
	int rc = ST_OK;
	Uint64 start = SDL_GetTicks64();
	while (!cli_stop_requested && (seconds <= 0 || SDL_GetTicks64() - start < seconds * 1000)) {
		SDL_Event ev;
		while (SDL_PollEvent(&ev))
			if (ev.type == SDL_QUIT || (ev.type == SDL_KEYDOWN && ev.key.keysym.sym == SDLK_ESCAPE))
				cli_stop_requested = 1;
		rc = plate_poll(p, 0);
		if (rc < 0)
			break;
		draw(ren, lv);
		char title[128];
		snprintf(title, sizeof title, "Calf-raise station  left %.0f N  right %.0f N", lv->last.fz[0],
			 lv->last.fz[1]);
		SDL_SetWindowTitle(win, title);
	}
	SDL_DestroyRenderer(ren);
	SDL_DestroyWindow(win);
	SDL_Quit();
	return rc < 0 && rc != ST_ENDED ? (cli_report_failure("screen"), EXIT_FAILURE_) : EXIT_OK;
}

static int run_headless(struct plate *p, struct live *lv, double seconds)
{
	double next_print = 0;
	for (;;) {
		int rc = plate_poll(p, 50);
		if (rc == ST_ENDED)
			return EXIT_OK;
		if (rc < 0) {
			cli_report_failure("headless");
			return EXIT_FAILURE_;
		}
		if (cli_stop_requested || (seconds > 0 && lv->last.t_s >= seconds))
			return EXIT_OK;
		if (lv->have_sample && lv->last.t_s >= next_print) {
			printf("t %7.1f s   left %7.1f N   right %7.1f N\n", lv->last.t_s, lv->last.fz[0], lv->last.fz[1]);
			fflush(stdout);
			next_print = floor(lv->last.t_s) + 1;
		}
	}
}

int cmd_live_view(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "plate", required_argument, NULL, 'p' }, { "windowed", no_argument, NULL, 'w' },
		{ "headless", no_argument, NULL, 'H' },    { "seconds", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },        { 0 },
	};
	const char *spec = "sim";
	bool windowed = false, headless = false;
	double seconds = 0;
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'p': spec = optarg; break;
		case 'w': windowed = true; break;
		case 'H': headless = true; break;
		case 's':
			if (!cli_number("screen", "--seconds", optarg, 0.1, 86400, &seconds))
				return EXIT_USAGE;
			break;
		case 'h': usage(stdout); return EXIT_OK;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	struct plate *p;
	struct live lv = { 0 };
	struct calibration cal;
	if (plate_open(spec, NULL, &p) != ST_OK) {
		cli_report_failure("screen");
		return EXIT_FAILURE_;
	}
	int rc = plate_calibration(p, &cal);
	if (rc == ST_OK) {
		frame_converter_init(&lv.conv, &cal, plate_get_info(p)->default_rate_hz);
		rc = plate_start(p, 0, on_frames, &lv);
	}
	if (rc != ST_OK) {
		cli_report_failure("screen");
		plate_close(p);
		return EXIT_FAILURE_;
	}
	cli_catch_stop_signals();
	int code = headless ? run_headless(p, &lv, seconds) : run_window(p, &lv, windowed, seconds);
	plate_close(p);
	return code;
}
