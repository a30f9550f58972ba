/* live_view.c: the station screen. Until the session logic drives the screens, a demo:
 * the slow heel-raise screen on the live analysis of the plate (live_feed.h), with the
 * pacer's tick; or a text readout of the forces with --headless. */
#include <SDL.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "dsp.h"
#include "live_feed.h"
#include "metronome.h"
#include "plate.h"
#include "ui.h"

#define FRAME_NS 16666667ull    /* 60 frames a second */
#define RETRY_NS 500000000ull   /* an unplugged plate is looked for twice a second */

static void usage(FILE *out)
{
	fprintf(out, "usage: station [--plate PLATE] [--windowed | --headless] [--seconds N]\n\n"
		     "The station screen: for now a demo of slow heel raises on the live analysis\n"
		     "(default plate: sim, the simulated patient). Space, Enter or PageDown: next set;\n"
		     "M: sound on/off; Esc: quit.\n"
		     "  --windowed   a desktop window instead of full screen\n"
		     "  --headless   no screen: print the forces once a second\n"
		     "  --seconds N  stop after N seconds\n");
}

/* Ticks the pacer's beats: a high tick as the rise starts, a low one for each second of
 * the lowering (the count the patient lowers to). */
static void pace(struct metronome *m, double t, long *last_beat)
{
	const struct view_tempo *tp = &live_feed_tempo;
	double cycle = tp->rise_s + tp->top_s + tp->lower_s + tp->rest_s;
	long n = (long)floor(t / cycle);
	double p = t - (double)n * cycle, down = tp->rise_s + tp->top_s;
	int beat = p < tp->rise_s ? 0 : p >= down && p < down + tp->lower_s ? 1 + (int)(p - down) : -1;
	if (beat < 0 || n * 16 + beat == *last_beat)
		return;
	metronome_tick(m, beat == 0);
	*last_beat = n * 16 + beat;
}

/* Polls the plate without holding up the frame; an unplugged plate is looked for again
 * until it is back. Returns ST_OK, ST_ENDED, or an error. */
static int feed_plate(struct plate *p, struct live_feed *lf, bool *unplugged, uint64_t *retry_ns)
{
	uint64_t now = plate_now_ns();
	if (*unplugged) {
		if (now < *retry_ns)
			return ST_OK;
		*retry_ns = now + RETRY_NS;
		int rc = plate_start(p, 0, live_feed_on_frames, lf);
		if (rc == ST_OK) {
			*unplugged = false;
			fprintf(stderr, "station: the plate is back\n");
		}
		return rc == ST_OK || rc == ST_ERR_NOT_FOUND ? ST_OK : rc;
	}
	int rc = plate_poll(p, 1);
	if (rc == ST_ERR_GONE) {
		fprintf(stderr, "station: %s; waiting for it to be plugged in again\n", st_errmsg());
		*unplugged = true;
		*retry_ns = now + RETRY_NS;
		plate_stop(p);
		return ST_OK;
	}
	return rc < 0 ? rc : ST_OK;
}

static int run_window(struct plate *p, struct live_feed *lf, bool windowed, double seconds)
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
	struct metronome m;
	metronome_open(&m); /* silent without a sound device */
	uint64_t start = plate_now_ns(), next_frame = start, retry = 0;
	bool unplugged = false;
	int rc = ST_OK;
	long beat = -1;
	while (!cli_stop_requested && (seconds <= 0 || (double)(plate_now_ns() - start) < seconds * 1e9)) {
		SDL_Event ev;
		struct ui_action a;
		while (SDL_PollEvent(&ev))
			if (ui_event(ui, &ev, &a)) {
				if (a.kind == UI_ACT_QUIT || a.kind == UI_ACT_BACK)
					cli_stop_requested = 1;
				else if (a.kind == UI_ACT_MUTE)
					metronome_set_muted(&m, lf->muted = !lf->muted);
				else if (a.kind == UI_ACT_NEXT)
					live_feed_next_set(lf);
			}
		rc = feed_plate(p, lf, &unplugged, &retry);
		if (rc < 0)
			break;
		uint64_t now = plate_now_ns();
		if (now < next_frame)
			continue;
		next_frame = now - next_frame > FRAME_NS ? now + FRAME_NS : next_frame + FRAME_NS;
		double t = (double)(now - start) / 1e9;
		struct screen_view view;
		live_feed_view(lf, t, &view);
		view.unplugged = unplugged;
		if (view.id == SCREEN_RAISES && !unplugged)
			pace(&m, t, &beat);
		screen_show(ui, &view);
	}
	metronome_close(&m);
	ui_close(ui);
	SDL_Quit();
	return rc < 0 && rc != ST_ENDED ? (cli_report_failure("screen"), EXIT_FAILURE_) : EXIT_OK;
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
	struct live_feed lv;
	struct calibration cal;
	if (plate_open(spec, NULL, &p) != ST_OK) {
		cli_report_failure("screen");
		return EXIT_FAILURE_;
	}
	int rc = plate_calibration(p, &cal);
	if (rc == ST_OK)
		rc = cli_dsp_init(); /* the live analysis's filters: plan them before the first frame */
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
	cli_catch_stop_signals();
	int code = headless ? run_headless(p, &lv, seconds) : run_window(p, &lv, windowed, seconds);
	plate_close(p);
	live_feed_free(&lv);
	dsp_shutdown();
	return code;
}
