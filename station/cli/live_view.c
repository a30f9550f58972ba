/* live_view.c: `station`: the station screen (the app, app.h, drawn each frame with its
 * pacer's tick), or a text readout of the plate's forces with --headless. */
#include <SDL.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "cli.h"
#include "commands.h"
#include "dsp.h"
#include "live_feed.h"
#include "metronome.h"
#include "plate.h"
#include "ui.h"

#define FRAME_NS 16666667ull    /* 60 frames a second */

static void usage(FILE *out)
{
	fprintf(out, "usage: station [--plate PLATE] [--windowed] [--data-dir DIR] [--fast] [--seconds N]\n"
		     "       station --headless [--plate PLATE] [--seconds N]\n\n"
		     "The station screen: patients choose themselves and do their session (default\n"
		     "plate: sim, the simulated patient); physios open their screens with the PIN.\n"
		     "Space, Enter or PageDown: next; Y/N: yes/no; digits: pain, PIN; M: sound on/off;\n"
		     "Esc: back (on the first screen: quit).\n"
		     "  --windowed      a desktop window instead of full screen\n"
		     "  --data-dir DIR  the store (default ~/.local/share/station)\n"
		     "  --fast          a simulated plate as fast as it goes\n"
		     "  --headless      no screen: print the forces once a second\n"
		     "  --seconds N     stop after N seconds\n");
}

static void report(int rc)
{
	if (rc != ST_OK)
		fprintf(stderr, "station: %s\n", st_errmsg());
}

static int run_window(const struct app_params *ap, bool windowed, double seconds)
{
	struct ui *ui;
	struct ui_options opt = { .windowed = windowed, .vsync = true };
	if (ui_open(&opt, &ui) != ST_OK) {
		fprintf(stderr,
			"station: %s.\n"
			"  On a Raspberry Pi, run it from the console (it uses KMS/DRM, no desktop needed);\n"
			"  on a desktop, run it from a terminal inside the desktop session;\n"
			"  anywhere, 'station --headless' prints the live forces as text.\n",
			st_errmsg());
		return EXIT_FAILURE_;
	}
	struct app *a;
	if (app_new(ap, &a) != ST_OK) {
		cli_report_failure("screen");
		ui_close(ui);
		SDL_Quit();
		return EXIT_FAILURE_;
	}
	struct metronome m;
	metronome_open(&m); /* silent without a sound device */
	uint64_t start = plate_now_ns(), next_frame = start;
	bool unplugged = false;
	int beat = -1;
	while (!cli_stop_requested && !app_quit(a) && (seconds <= 0 || (double)(plate_now_ns() - start) < seconds * 1e9)) {
		SDL_Event ev;
		struct ui_action act;
		while (SDL_PollEvent(&ev))
			if (ui_event(ui, &ev, &act))
				report(app_act(a, &act));
		report(app_tick(a, 1));
		uint64_t now = plate_now_ns();
		if (now < next_frame)
			continue;
		next_frame = now - next_frame > FRAME_NS ? now + FRAME_NS : next_frame + FRAME_NS;
		struct screen_view view;
		app_view(a, (double)now / 1e9, &view);
		if (view.unplugged != unplugged)
			fprintf(stderr, "station: %s\n", view.unplugged ? "the plate is unplugged; waiting for it to be plugged in again"
								    : "the plate is back");
		unplugged = view.unplugged;
		metronome_set_muted(&m, app_muted(a));
		const struct view_tempo *tp = app_tempo(a);
		if (tp && !unplugged)
			metronome_pace(&m, tp, view.raises.pacer_t_s, &beat);
		screen_show(ui, &view);
	}
	app_free(a);
	metronome_close(&m);
	ui_close(ui);
	SDL_Quit();
	return EXIT_OK;
}

static int run_headless(struct plate *p, struct live_feed *lv, double seconds)
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

/* --headless: the plate's forces as text, through the live feed. */
static int run_forces(const char *spec, const char *data_dir, double seconds)
{
	struct plate *p;
	struct live_feed lv;
	struct calibration cal;
	if (plate_open(spec, NULL, &p) != ST_OK) {
		cli_report_failure("screen");
		return EXIT_FAILURE_;
	}
	int rc = plate_calibration(p, &cal);
	if (rc == ST_OK)
		rc = cli_dsp_init(data_dir); /* the live analysis's filters: plan them before the first frame */
	if (rc == ST_OK) {
		rc = live_feed_init(&lv, &cal, plate_get_info(p)->default_rate_hz);
		if (rc == ST_OK)
			rc = plate_start(p, 0, live_feed_on_frames, &lv);
		if (rc != ST_OK)
			live_feed_free(&lv);
	}
	if (rc != ST_OK) {
		cli_report_failure("screen");
		plate_close(p);
		return EXIT_FAILURE_;
	}
	int code = run_headless(p, &lv, seconds);
	plate_close(p);
	live_feed_free(&lv);
	dsp_shutdown();
	return code;
}

int cmd_live_view(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "plate", required_argument, NULL, 'p' },    { "windowed", no_argument, NULL, 'w' },
		{ "headless", no_argument, NULL, 'H' },       { "seconds", required_argument, NULL, 's' },
		{ "data-dir", required_argument, NULL, 'd' }, { "fast", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },           { 0 },
	};
	struct app_params ap = { .plate = "sim" };
	bool windowed = false, headless = false;
	double seconds = 0;
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'p': ap.plate = optarg; break;
		case 'w': windowed = true; break;
		case 'H': headless = true; break;
		case 'd': ap.data_dir = optarg; break;
		case 'f': ap.fast = true; break;
		case 's':
			if (!cli_number("screen", "--seconds", optarg, 0.1, 86400, &seconds))
				return EXIT_USAGE;
			break;
		case 'h': usage(stdout); return EXIT_OK;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	cli_catch_stop_signals();
	if (headless)
		return run_forces(ap.plate, ap.data_dir, seconds);
	if (cli_dsp_init(ap.data_dir) != ST_OK) { /* the session's live analysis: plan its filters first */
		cli_report_failure("screen");
		return EXIT_FAILURE_;
	}
	int code = run_window(&ap, windowed, seconds);
	dsp_shutdown();
	return code;
}
