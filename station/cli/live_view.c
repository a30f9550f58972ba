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
#include "demo_run.h"
#include "dsp.h"
#include "live.h"
#include "measure.h"
#include "metronome.h"
#include "plate.h"
#include "ui.h"

#define FRAME_NS 16666667ull    /* 60 frames a second */
/* New text a frame renders before it shows (SDL_ttf takes a few ms a line at 1920x1080):
 * a screen of new text comes up whole a few frames later instead of stalling the loop. */
#define TEXT_BUDGET_MS 4.0

static void usage(FILE *out)
{
	fprintf(out, "usage: station [--plate PLATE] [--windowed] [--size WxH] [--data-dir DIR] [--fast] [--seconds N]\n"
		     "       station --demo [--exit-after N] [--shots DIR] [--stats] [--windowed] [--fast]\n"
		     "       station --headless [--plate PLATE] [--fast] [--seconds N]\n\n"
		     "The station screen: patients choose themselves and do their session (default\n"
		     "plate: sim, the simulated patient); physios open their screens with the PIN.\n"
		     "Space, Enter or PageDown: next (held 2 s to end a set); Y/N: yes/no; digits: pain\n"
		     "(1 then 0: 10), PIN, phase; M: mute/unmute; Esc: back (on the first screen: quit).\n"
		     "  --windowed      a desktop window instead of full screen (1024x600 or the display)\n"
		     "  --size WxH      a window of this size in pixels (--windowed implied), or the\n"
		     "                  screen's with SDL_VIDEODRIVER=offscreen\n"
		     "  --data-dir DIR  the store (default ~/.local/share/station)\n"
		     "  --fast          a simulated plate as fast as it goes\n"
		     "  --headless      no screen: the forces through the live analysis, once a second\n"
		     "  --seconds N     stop after N seconds\n"
		     "  --demo          sessions run by themselves on the simulated plate, over and over:\n"
		     "                  the DEMO patient (phase 2) in a temporary store (or --data-dir's)\n"
		     "                  follows the pacer and answers as its scenario says\n"
		     "  --exit-after N  with --demo: quit once N sessions have run to their end\n"
		     "  --shots DIR     with --demo: a PNG of each new screen, DIR/001-choose-patient.png...\n"
		     "  --stats         with --demo: at the end, the sessions run, frame times (and their\n"
		     "                  CPU time), the longest stall of the screen's loop, its most\n"
		     "                  work in a turn, the store's commits on its thread and each\n"
		     "                  feedback's delay after its event\n"
		     "Environment: STATION_RENDERER=software draws without the GPU.\n");
}

/* A screen narrower than the layout (a 7" panel turned portrait, 480x800): every screen is
 * laid out landscape, 80 units across (ui.h), so fewer than 800 px across would put its
 * text under the readable size. Says why, and what to do. */
static void explain_too_narrow(int w, int h)
{
	fprintf(stderr,
		"station: %dx%d is too narrow for the screens: they are laid out landscape, 80 units\n"
		"  across, and at %d px across their text would be under the readable size (capitals\n"
		"  24 px at 800x480).\n",
		w, h, w);
	if (h >= UI_MIN_W && w >= UI_MIN_H) /* turned, it fits */
		fprintf(stderr, "  Turn the display to landscape (%dx%d), or use a portrait screen 800 px or more\n"
				"  across (800x1280: the layout is centred in it).\n",
			h, w);
	else
		fprintf(stderr, "  The station needs a screen of 800x480 or more.\n");
}

static void report(int rc)
{
	if (rc != ST_OK)
		fprintf(stderr, "station: %s\n", st_errmsg());
}

static const char *renderer_name(const struct ui *ui)
{
	SDL_RendererInfo info;
	return SDL_GetRendererInfo(ui->ren, &info) == 0 ? info.name : "unknown";
}

/* Sleeps until deadline_ns or the next input, whichever comes first: the loop wakes for
 * each frame and each event instead of spinning a core between frames (the plate's
 * samples wait in its driver: a ring filled by the USB thread, the simulator's clock). */
static void wait_for_input(uint64_t deadline_ns)
{
	uint64_t now = plate_now_ns();
	if (now < deadline_ns)
		SDL_WaitEventTimeout(NULL, (int)((deadline_ns - now + 999999) / 1000000));
}

/* The station could not start (its database damaged, say): said on the screen, not only
 * in the journal, until a key or a touch, the window closed, a stop or seconds (> 0): a
 * kiosk's screen stayed black while systemd restarted it (a stranger's). */
static void show_failure(struct ui *ui, double seconds)
{
	char why[1024];
	snprintf(why, sizeof why, "%s", st_errmsg());
	struct screen_view v = { .id = SCREEN_SUMMARY };
	v.summary = (struct view_summary){ .title = "The station cannot start", .button = "Close" };
	v.summary.rows[0].label = "Please";
	v.summary.rows[0].value = "tell the physiotherapist.";
	v.summary.rows[1].label = "Why";
	v.summary.rows[1].value = why;
	v.summary.rows[1].mark = MARK_WARN;
	v.summary.n_rows = 2;
	uint64_t start = plate_now_ns();
	bool acted = false;
	while (!acted && !cli_stop_requested && (seconds <= 0 || (double)(plate_now_ns() - start) < seconds * 1e9)) {
		screen_show(ui, &v);
		SDL_Event ev;
		struct ui_action act;
		wait_for_input(plate_now_ns() + 100 * 1000000ull);
		while (SDL_PollEvent(&ev))
			acted |= ui_event(ui, &ev, &act) && act.kind != UI_ACT_NONE;
	}
}

/* demo: NULL, or the demo pressing the keys (it owns the loop's timings). */
static int run_window(const struct app_params *ap, const struct ui_options *opt_in, double seconds,
		      struct demo_run *demo)
{
	struct ui *ui;
	struct ui_options opt = *opt_in;
	/* the demo times the drawing, not the wait for the display's refresh: the loop paces itself */
	opt.vsync = !demo;
	opt.text_budget_ms = TEXT_BUDGET_MS;
	if (ui_open(&opt, &ui) != ST_OK) {
		fprintf(stderr,
			"station: %s.\n"
			"  On a Raspberry Pi, run it from the console (it uses KMS/DRM, no desktop needed);\n"
			"  on a desktop, run it from a terminal inside the desktop session;\n"
			"  anywhere, 'station --headless' prints the live forces as text.\n",
			st_errmsg());
		demo_close(demo, NULL, NULL);
		return EXIT_FAILURE_;
	}
	fprintf(stderr, "station: the screen is %dx%d pixels\n", ui->w, ui->win_h);
	if (ui->w < UI_MIN_W) /* a display turned portrait: it runs, but says so */
		explain_too_narrow(ui->w, ui->win_h);
	struct app *a;
	if (app_new(ap, &a) != ST_OK) {
		cli_report_failure("screen");
		if (!demo)
			show_failure(ui, seconds);
		demo_close(demo, NULL, NULL);
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
		uint64_t turn = plate_now_ns(), turn_cpu = demo ? demo_thread_cpu_ns() : 0;
		SDL_Event ev;
		struct ui_action act;
		while (SDL_PollEvent(&ev))
			if (ui_event(ui, &ev, &act))
				report(app_act(a, &act));
		report(app_tick(a, 0)); /* what the plate has delivered: drawn in this turn's frame */
		if (demo && demo_turn(demo, a, ui, (double)plate_now_ns() / 1e9))
			break;
		uint64_t now = plate_now_ns();
		if (now < next_frame) {
			if (demo)
				demo_loop_turn(demo, turn, now, turn_cpu);
			if (!ap->fast)
				wait_for_input(next_frame);
			continue;
		}
		next_frame = now - next_frame > FRAME_NS ? now + FRAME_NS : next_frame + FRAME_NS;
		uint64_t frame_cpu = demo ? demo_thread_cpu_ns() : 0;
		struct screen_view view;
		app_view(a, (double)now / 1e9, &view);
		if (view.unplugged != unplugged)
			fprintf(stderr, "station: %s\n", view.unplugged ? "the plate is unplugged; waiting for it to be plugged in again"
								    : "the plate is back");
		unplugged = view.unplugged;
		metronome_set_muted(&m, app_muted(a));
		const struct view_tempo *tp = app_tempo(a);
		if (tp && !unplugged && !(view.id == SCREEN_RAISES && view_raises_done(&view.raises)))
			metronome_pace(&m, tp, view.raises.pacer_t_s, &beat);
		screen_show(ui, &view);
		if (ui->incomplete)
			next_frame = plate_now_ns(); /* the rest of its text, at the next turn */
		if (demo) {
			uint64_t end = plate_now_ns();
			demo_frame(demo, a, &view, now, end, frame_cpu, !ui->incomplete);
			demo_loop_turn(demo, turn, end, turn_cpu);
		}
	}
	app_free(a);
	demo_close(demo, stdout, renderer_name(ui));
	metronome_close(&m);
	ui_close(ui);
	SDL_Quit();
	return EXIT_OK;
}

/* --headless: the plate through the live path of a session (its calibration, the frame
 * converter and the live analysis the flow feeds), told as text once a second of samples. */
struct headless {
	struct frame_converter conv;
	struct live_analysis *live;
	double seconds;   /* stop after this much (0: at the end) */
	double next_line; /* sample time of the next line */
	bool done;
	int rc;
};

static void headless_line(const struct headless *h, const struct trace_sample *s)
{
	struct live_state st;
	live_analysis_state(h->live, &st);
	printf("t %7.1f s   left %7.1f N   right %7.1f N", s->t_s, s->fz[0], s->fz[1]);
	if (st.weighed)
		printf("   body weight %6.1f N   heels %s", live_analysis_events(h->live)->body_weight_n,
		       st.heels_up ? "up" : "down");
	putchar('\n');
	fflush(stdout);
}

static void headless_frames(const struct plate_frame *frames, size_t n, void *user)
{
	struct headless *h = user;
	struct trace_sample s;
	for (size_t i = 0; i < n && !h->done; i++) {
		if (!frame_converter_apply(&h->conv, &frames[i], &s))
			continue;
		h->done = h->seconds > 0 && s.t_s >= h->seconds;
		h->rc = live_analysis_push(h->live, &s);
		if (h->rc < 0) {
			h->done = true;
		} else if (s.t_s >= h->next_line) {
			headless_line(h, &s);
			h->next_line = floor(s.t_s) + 1;
		}
	}
}

static int run_headless(const char *spec, const char *data_dir, bool fast, double seconds)
{
	struct plate *p = NULL;
	struct calibration cal;
	struct headless h = { .seconds = seconds };
	struct plate_options opt = { .fast = fast };
	int rc = plate_open(spec, &opt, &p);
	if (rc == ST_OK)
		rc = plate_calibration(p, &cal);
	if (rc == ST_OK)
		rc = cli_dsp_init(data_dir); /* the live analysis's filters: plan them before the first frame */
	if (rc == ST_OK) {
		frame_converter_init(&h.conv, &cal, plate_get_info(p)->default_rate_hz);
		rc = live_analysis_new(plate_get_info(p)->default_rate_hz, EXERCISE_HEEL_RAISE, &h.live);
	}
	if (rc == ST_OK)
		rc = plate_start(p, 0, headless_frames, &h);
	while (rc >= 0 && !h.done && !cli_stop_requested)
		rc = plate_poll(p, 50);
	if (rc >= 0 && h.rc < 0)
		rc = h.rc;
	if (rc < 0 && rc != ST_ENDED)
		cli_report_failure("headless");
	plate_close(p);
	live_analysis_free(h.live);
	dsp_shutdown();
	return rc >= 0 || rc == ST_ENDED ? EXIT_OK : EXIT_FAILURE_;
}

int cmd_live_view(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "plate", required_argument, NULL, 'p' },    { "windowed", no_argument, NULL, 'w' },
		{ "headless", no_argument, NULL, 'H' },       { "seconds", required_argument, NULL, 's' },
		{ "data-dir", required_argument, NULL, 'd' }, { "fast", no_argument, NULL, 'f' },
		{ "demo", no_argument, NULL, 'D' },           { "exit-after", required_argument, NULL, 'x' },
		{ "shots", required_argument, NULL, 'o' },    { "stats", no_argument, NULL, 'T' },
		{ "size", required_argument, NULL, 'S' },     { "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct demo_options demo = { 0 };
	bool demo_mode = false;
	double exit_after = 0;
	struct app_params ap = { .plate = "sim" };
	struct ui_options uo = { .vsync = true };
	bool headless = false;
	double seconds = 0;
	int opt;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'p': ap.plate = optarg; break;
		case 'w': uo.windowed = true; break;
		case 'S':
			if (!cli_size("screen", optarg, UI_MIN_W, UI_MIN_H, &uo.width, &uo.height)) {
				int w, h;
				if (cli_parse_size(optarg, &w, &h) && w > 0 && w < UI_MIN_W && h >= UI_MIN_H)
					explain_too_narrow(w, h);
				return EXIT_USAGE;
			}
			break;
		case 'H': headless = true; break;
		case 'd': ap.data_dir = optarg; break;
		case 'f': ap.fast = true; break;
		case 's':
			if (!cli_number("screen", "--seconds", optarg, 0.1, 86400, &seconds))
				return EXIT_USAGE;
			break;
		case 'D': demo_mode = true; break;
		case 'x':
			if (!cli_number("screen", "--exit-after", optarg, 1, 1000000, &exit_after))
				return EXIT_USAGE;
			break;
		case 'o': demo.shots_dir = optarg; break;
		case 'T': demo.stats = true; break;
		case 'h': usage(stdout); return EXIT_OK;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (!demo_mode && (exit_after > 0 || demo.shots_dir || demo.stats)) {
		fprintf(stderr, "station: --exit-after, --shots and --stats go with --demo\n");
		return EXIT_USAGE;
	}
	if (plate_spec_check(ap.plate) != ST_OK) {
		fprintf(stderr, "station: --plate: %s\n", st_errmsg());
		return EXIT_USAGE;
	}
	/* a size asked is a window's: full screen, it went unheeded (a stranger's --demo
	 * --size 800x480 filled a 1920x1080 desktop) */
	uo.windowed = uo.windowed || uo.width > 0;
	cli_catch_stop_signals();
	if (headless)
		return run_headless(ap.plate, ap.data_dir, ap.fast, seconds);
	if (cli_dsp_init(ap.data_dir) != ST_OK) { /* the session's live analysis: plan its filters first */
		cli_report_failure("screen");
		return EXIT_FAILURE_;
	}
	struct demo_run *run = NULL;
	demo.exit_after = (int)exit_after;
	demo.fast = ap.fast;
	if (demo_mode && demo_open(&demo, &ap, &run) != ST_OK) {
		cli_report_failure("demo");
		dsp_shutdown();
		return EXIT_FAILURE_;
	}
	int code = run_window(&ap, &uo, seconds, run);
	dsp_shutdown();
	return code;
}
