/* screen_exercise.c: the exercise screens: hold, slow heel raises with the pacer, hops. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "screen_internal.h"

/* The load share, or in its place, when the hands carry too much, the cue to use the
 * fingertips only with the figure: leaning on a rail takes the load off the calf. */
static void draw_balance_or_support(struct ui *ui, const struct view_balance *bal, const struct view_support *sup,
				    SDL_Rect area)
{
	char figure[48];
	if (!view_support_words(sup, figure, sizeof figure)) {
		draw_balance(ui, bal, area);
		return;
	}
	ui_fill(ui, area, UI_PANEL);
	/* the cue over its figure, both centred: side by side they do not fit at body size */
	int size = ui_body_px(ui), cx = area.x + area.w / 2, w = area.w - ui_px(ui, 2);
	int h = ui_text_height(ui, "Fingertips only", UI_BOLD, size, w) + ui_text_height(ui, figure, UI_BOLD, size, w);
	SDL_Rect r = ui_text(ui, "Fingertips only", UI_BOLD, size, UI_ACCENT, cx, area.y + (area.h - h) / 2,
			     UI_ALIGN_CENTRE, w);
	ui_text(ui, figure, UI_BOLD, size, UI_FG, cx, r.y + r.h, UI_ALIGN_CENTRE, w);
}

/* Top right: the sound toggle (when there is a pacer) and the button ending the set. The
 * toggle says what it does, as a TV remote's and the M key: "Sound on" and "Sound off" took
 * two lines at body size at 800x480, and a wider button leaves the title no room. */
static void exercise_buttons(struct ui *ui, const char *end_label, int muted)
{
	double wu = ui_width_u(ui);
	ui_hold_button(ui, ui_rect(ui, wu - 18, 1, 16, 7), end_label, ACT(UI_ACT_NEXT, 0)); /* held 2 s */
	if (muted >= 0) /* a unit wider than "End set": "Unmute" on one line at every size */
		ui_button(ui, ui_rect(ui, wu - 37, 1, 17, 7), muted ? "Unmute" : "Mute", ACT(UI_ACT_MUTE, 0), false, false);
}

static void draw_hold(struct ui *ui, const struct view_hold *v)
{
	ui_text(ui, v->seated ? "Seated hold" : "Hold", UI_BOLD, ui_px(ui, 4.5), UI_FG, ui_px(ui, 3), ui_px(ui, 1.5),
		UI_ALIGN_LEFT, ui_px(ui, 30));
	exercise_buttons(ui, "End set", -1); /* as the raises' */
	int cx = ui_px(ui, 19), cy = ui_px(ui, 28), r = ui_px(ui, 17.5);
	double frac = v->target_s > 0 ? v->held_s / v->target_s : 0;
	bool done = frac >= 1;
	ui_ring(ui, cx, cy, r - ui_px(ui, 4), r, 1, UI_PANEL);
	ui_ring(ui, cx, cy, r - ui_px(ui, 4), r, frac, done ? UI_GOOD : UI_ACCENT); /* not the left foot's blue */
	char s[48];
	snprintf(s, sizeof s, "%d", (int)floor(fmax(v->held_s, 0)));
	ui_text(ui, s, UI_BOLD, ui_px(ui, 13), UI_FG, cx, cy - ui_px(ui, 9), UI_ALIGN_CENTRE, ui_px(ui, 24));
	snprintf(s, sizeof s, "of %.0f s", v->target_s);
	ui_text(ui, s, UI_REGULAR, ui_body_px(ui), UI_DIM, cx, cy + ui_px(ui, 6.5), UI_ALIGN_CENTRE, ui_px(ui, 22));

	/* the right column, top down: the hold's number, what to do (wrapped: it may take two
	 * or three lines), how steady, and the balance or hands at the foot; the steadiness,
	 * the least of them, is left out where what to do leaves it no room */
	int x = ui_px(ui, 40), w = ui->w - x - ui_px(ui, 2), gap = ui_px(ui, 1);
	snprintf(s, sizeof s, "Hold %d of %d", v->hold, v->holds);
	SDL_Rect said = ui_text(ui, s, UI_BOLD, ui_px(ui, 4.5), UI_FG, x, ui_px(ui, 10), UI_ALIGN_LEFT, w);
	said = ui_text(ui, view_hold_state(v), UI_BOLD, ui_px(ui, 4),
		       !v->stale && (done || (v->heels_up && !v->released)) ? UI_GOOD : UI_ACCENT, x,
		       said.y + said.h + gap, UI_ALIGN_LEFT, w);
	SDL_Rect foot = { x, ui_px(ui, 33), w, ui_px(ui, 11) };
	double st = fmin(fmax(v->steadiness, 0), 1);
	static const char *const words[] = { [STEADY_NONE] = "", [STEADY_WOBBLY] = "Wobbly: keep still",
					     [STEADY_FAIRLY] = "Fairly steady", [STEADY_STILL] = "Steady" };
	const char *word = words[v->steady_word];
	int word_h = ui_text_height(ui, word, UI_REGULAR, ui_body_px(ui), w), y = said.y + said.h + gap;
	char rest[48];
	if (view_hold_rest_words(v, rest, sizeof rest)) /* the heels are down: no steadiness */
		said = ui_text(ui, rest, UI_BOLD, ui_body_px(ui), UI_FG, x, y, UI_ALIGN_LEFT, w);
	if (v->steady_word != STEADY_NONE && isfinite(v->steadiness) && y + word_h + gap + ui_px(ui, 2) + gap <= foot.y) {
		ui_text(ui, word, UI_REGULAR, ui_body_px(ui), UI_FG, x, y, UI_ALIGN_LEFT, w);
		SDL_Rect bar = { x, y + word_h + gap, w, ui_px(ui, 2) };
		ui_fill(ui, bar, UI_PANEL);
		bar.w = (int)(bar.w * st);
		ui_fill(ui, bar, UI_FG);
	}
	foot.y = (int)fmax(foot.y, said.y + said.h + gap); /* (three lines of what to do: below them) */
	draw_balance_or_support(ui, &v->bal, &v->support, foot);
}

/* Where the pacer stands in its cycle: 0 bottom .. 1 top, and the phase's word. */
static double pacer_height(const struct view_tempo *t, double phase_s, const char **word, double *phase_left)
{
	double cycle = t->rise_s + t->top_s + t->lower_s + t->rest_s;
	double p = cycle > 0 ? fmod(fmax(phase_s, 0), cycle) : 0;
	if (p < t->rise_s) {
		*word = "UP";
		*phase_left = t->rise_s - p;
		return 0.5 - 0.5 * cos(M_PI * p / t->rise_s); /* smooth, as a body moves */
	}
	p -= t->rise_s;
	if (p < t->top_s) {
		*word = "HOLD";
		*phase_left = t->top_s - p;
		return 1;
	}
	p -= t->top_s;
	if (p < t->lower_s) {
		*word = "DOWN";
		*phase_left = t->lower_s - p;
		return 1 - p / t->lower_s; /* steady lowering: the tempo to copy */
	}
	*word = "REST";
	*phase_left = t->rest_s - (p - t->lower_s);
	return 0;
}

/* Two lanes side by side: the pacer's ball (the tempo to copy) and the patient's heels
 * (a ring: at the top when up, sliding down while lowering); the phase's word beside. */
static void draw_pacer(struct ui *ui, const struct view_raises *v, SDL_Rect area)
{
	const char *word = "DONE"; /* the set's reps all done: the ball rests at the bottom */
	double left = 0, h = 0;
	if (!view_raises_done(v))
		h = pacer_height(&v->tempo, v->pacer_t_s, &word, &left);
	double you = v->heels_up ? 1 : 0;
	if (v->lowering_s > 0 && v->tempo.lower_s > 0)
		you = fmax(1 - v->lowering_s / v->tempo.lower_s, 0);
	int lane_w = ui_px(ui, 7), label_h = ui_px(ui, 4.2);
	static const char *const lane_name[2] = { "pace", "you" };
	for (int lane = 0; lane < 2; lane++) {
		SDL_Rect track = { area.x + lane * (lane_w + ui_px(ui, 1)), area.y + label_h, lane_w, area.h - label_h };
		ui_text(ui, lane_name[lane], UI_REGULAR, ui_body_px(ui), lane ? UI_FG : UI_ACCENT, track.x + lane_w / 2,
			area.y, UI_ALIGN_CENTRE, lane_w + ui_px(ui, 1));
		ui_fill(ui, track, UI_PANEL);
		int rad = lane_w / 2 - ui_px(ui, 0.3), travel = track.h - 2 * rad - ui_px(ui, 0.6);
		int cy = track.y + ui_px(ui, 0.3) + rad + (int)((1 - (lane ? you : h)) * travel);
		if (lane)
			ui_ring(ui, track.x + lane_w / 2, cy, rad - ui_px(ui, 0.8), rad, 1, UI_FG);
		else
			ui_ring(ui, track.x + lane_w / 2, cy, 0, rad, 1, UI_ACCENT);
	}
	int x = area.x + 2 * lane_w + ui_px(ui, 2), w = area.x + area.w - x;
	bool down = strcmp(word, "DOWN") == 0;
	ui_text(ui, word, UI_BOLD, ui_px(ui, 4.5), UI_ACCENT, x, area.y + label_h, UI_ALIGN_LEFT, w);
	if (down) {
		char n[8];
		snprintf(n, sizeof n, "%d", (int)ceil(left));
		ui_text(ui, n, UI_BOLD, ui_px(ui, 9), UI_ACCENT, x, area.y + label_h + ui_px(ui, 5.5), UI_ALIGN_LEFT, w);
		ui_text(ui, "slowly", UI_REGULAR, ui_body_px(ui), UI_ACCENT, x, area.y + label_h + ui_px(ui, 16), UI_ALIGN_LEFT, w);
	}
}

/* Each rep's lowering time as a bar, against the band. */
static void draw_lowering(struct ui *ui, const struct view_raises *v, SDL_Rect area)
{
	const double top_s = 8;
	int n = v->n_lower < VIEW_MAX_REPS ? v->n_lower : VIEW_MAX_REPS;
	int waiting = n + v->n_waiting < VIEW_MAX_REPS ? v->n_waiting : VIEW_MAX_REPS - n;
	int slots = v->reps_target > n + waiting ? v->reps_target : n + waiting;
	if (slots > VIEW_MAX_REPS)
		slots = VIEW_MAX_REPS;
	if (slots < 1)
		slots = 1;
	int label_w = ui_px(ui, 6.5);
	SDL_Rect plot = { area.x + label_w, area.y, area.w - label_w, area.h };
	ui_fill(ui, plot, UI_PANEL);
	int y_hi = plot.y + plot.h - (int)(plot.h * v->band_hi_s / top_s);
	int y_lo = plot.y + plot.h - (int)(plot.h * v->band_lo_s / top_s);
	ui_fill(ui, (SDL_Rect){ plot.x, y_hi, plot.w, y_lo - y_hi }, UI_GRID);
	/* The band is lower than its labels are tall, so they sit outside it, "5 s" on its
	 * top edge and "3 s" under its bottom one: each edge is a line running under its
	 * label, which says which edge the label names. */
	int edge = ui_px(ui, 0.3);
	ui_fill(ui, (SDL_Rect){ area.x, y_hi, label_w + plot.w, edge }, UI_DIM);
	ui_fill(ui, (SDL_Rect){ area.x, y_lo - edge, label_w + plot.w, edge }, UI_DIM);
	char s[16];
	snprintf(s, sizeof s, "%.0f s", v->band_hi_s);
	ui_text(ui, s, UI_REGULAR, ui_body_px(ui), UI_DIM, plot.x - ui_px(ui, 0.5), y_hi - ui_px(ui, 3.9), UI_ALIGN_RIGHT, label_w);
	snprintf(s, sizeof s, "%.0f s", v->band_lo_s);
	ui_text(ui, s, UI_REGULAR, ui_body_px(ui), UI_DIM, plot.x - ui_px(ui, 0.5), y_lo, UI_ALIGN_RIGHT, label_w); /* under the band */
	int slot_w = plot.w / slots, gap = slot_w / 5;
	for (int i = 0; i < n; i++) {
		double t = fmin(fmax(v->lower_s[i], 0), top_s);
		int bh = (int)(plot.h * t / top_s);
		enum rep_feedback f = view_rep_feedback(v, i);
		if (f == FEEDBACK_NOT_MEASURED) /* no bar to judge: a dim stub */
			bh = ui_px(ui, 1);
		ui_fill(ui, (SDL_Rect){ plot.x + i * slot_w + gap / 2, plot.y + plot.h - bh, slot_w - gap, bh },
			f == FEEDBACK_GOOD ? UI_GOOD : f == FEEDBACK_NOT_MEASURED ? UI_DIM : UI_WARN); /* not the feet's colours */
	}
	for (int i = n; i < n + waiting; i++) /* done, its bar to come: an outline up to the band */
		ui_frame_rect(ui, (SDL_Rect){ plot.x + i * slot_w + gap / 2, y_lo, slot_w - gap, plot.y + plot.h - y_lo },
			      ui_px(ui, 0.3), UI_DIM);
}

static void draw_raises(struct ui *ui, const struct view_raises *v)
{
	ui_text(ui, v->leg < 0 ? "Left leg raises" : v->leg == 1 ? "Right leg raises" : v->leg ? "One-leg raises" : "Slow heel raises",
		UI_BOLD, ui_px(ui, 4.5), UI_FG, ui_px(ui, 3), ui_px(ui, 1.5), UI_ALIGN_LEFT,
		ui->w - ui_px(ui, 41)); /* up to the sound toggle */
	exercise_buttons(ui, "End set", v->muted);
	draw_pacer(ui, v, ui_rect(ui, 3, 9.5, 28, 27.5));

	int x = ui_px(ui, 32), w = ui->w - x - ui_px(ui, 2);
	char s[64];
	/* on one line, smaller if it must be ("Rep 12 of 12" broke in two at 800x480, its
	 * second line over the verdict) */
	snprintf(s, sizeof s, "Rep %d of %d", v->rep, v->reps_target);
	ui_text_line(ui, s, UI_BOLD, ui_px(ui, 6), ui_body_px(ui), UI_FG,
		     (SDL_Rect){ x, ui_px(ui, 9.5), w * 3 / 5, ui_px(ui, 6) });
	snprintf(s, sizeof s, "Set %d of %d", v->set, v->sets);
	ui_text(ui, s, UI_REGULAR, ui_body_px(ui), UI_DIM, x + w, ui_px(ui, 11), UI_ALIGN_RIGHT, w * 2 / 5);

	/* the last rep's lowering, in words first ("Measuring..." until it is measured) */
	int i_last = (v->n_lower + v->n_waiting < VIEW_MAX_REPS ? v->n_lower + v->n_waiting : VIEW_MAX_REPS) - 1;
	enum rep_feedback f = view_rep_feedback(v, i_last);
	bool quiet = f == FEEDBACK_NONE || f == FEEDBACK_NOT_MEASURED || f == FEEDBACK_MEASURING; /* no verdict to give */
	double last = i_last >= 0 && f != FEEDBACK_MEASURING ? v->lower_s[i_last] : NAN;
	enum ui_colour c = f == FEEDBACK_GOOD ? UI_GOOD : quiet ? UI_DIM : UI_WARN;
	char band[32];
	/* the seconds, right of the words, once measured whole */
	bool figure = isfinite(last) && f != FEEDBACK_NOT_MEASURED && f != FEEDBACK_BOTH_FEET;
	SDL_Rect r = ui_text(ui, view_feedback_words(v, f, band, sizeof band), UI_BOLD,
			     ui_px(ui, f == FEEDBACK_NONE ? 4 : 5.5), c, x, ui_px(ui, 18), UI_ALIGN_LEFT,
			     figure ? w * 2 / 3 : w);
	if (figure) {
		snprintf(s, sizeof s, "%.1f s", view_shown_lowering(last, v->band_lo_s, v->band_hi_s));
		ui_text(ui, s, UI_BOLD, ui_px(ui, 5.5), UI_FG, x + w, ui_px(ui, 18), UI_ALIGN_RIGHT, x + w - r.x - r.w - ui_px(ui, 2));
	}
	draw_lowering(ui, v, (SDL_Rect){ x, ui_px(ui, 26), w, ui_px(ui, 11) });
	draw_balance_or_support(ui, &v->bal, &v->support, ui_rect(ui, 3, 38.5, ui_width_u(ui) - 6, 8.5));
}

static void draw_hops(struct ui *ui, const struct view_hops *v)
{
	ui_text(ui, "Hops", UI_BOLD, ui_px(ui, 4.5), UI_FG, ui_px(ui, 3), ui_px(ui, 1.5), UI_ALIGN_LEFT, ui_px(ui, 30));
	exercise_buttons(ui, "End set", -1); /* as the raises' */
	char s[64];
	if (v->sets > 0) { /* as the raises' (a stranger missed it) */
		snprintf(s, sizeof s, "Set %d of %d", v->set, v->sets);
		ui_text(ui, s, UI_REGULAR, ui_body_px(ui), UI_DIM, ui_px(ui, 39), ui_px(ui, 3), UI_ALIGN_RIGHT, ui_px(ui, 22));
	}
	if (v->target > 0)
		snprintf(s, sizeof s, "Hop %d of %d", v->count, v->target);
	else
		snprintf(s, sizeof s, "Hops: %d", v->count);
	ui_text(ui, s, UI_BOLD, ui_px(ui, 5.5), UI_FG, ui_px(ui, 3), ui_px(ui, 9.5), UI_ALIGN_LEFT, ui_px(ui, 36));
	if (v->n > 0) {
		const struct view_hop *h = &v->hops[v->n - 1];
		snprintf(s, sizeof s, "%.0f ms", h->flight_s * 1000);
		ui_text(ui, s, UI_BOLD, ui_px(ui, 9), UI_FG, ui_px(ui, 3), ui_px(ui, 17), UI_ALIGN_LEFT, ui_px(ui, 36));
		ui_text(ui, "in the air (last hop)", UI_REGULAR, ui_body_px(ui), UI_DIM, ui_px(ui, 3), ui_px(ui, 28.5),
			UI_ALIGN_LEFT, ui_px(ui, 36));
		/* the foot it landed on; its ground time is in the list (known at the next take-off) */
		char foot[16];
		if (isfinite(h->left_pct)) {
			snprintf(s, sizeof s, "Landed: %s", view_hop_foot(h->left_pct, foot));
			ui_text(ui, s, UI_BOLD, ui_body_px(ui), UI_FG, ui_px(ui, 3), ui_px(ui, 33), UI_ALIGN_LEFT,
				ui_px(ui, 36));
		}
	}
	/* recent hops, newest at the top */
	int x = ui_px(ui, 40), w = ui->w - x - ui_px(ui, 2), size = ui_body_px(ui);
	static const char *const head[3] = { "air", "ground", "foot" };
	const int right[3] = { x + w * 35 / 100, x + w * 70 / 100, x + w }; /* columns' right edges */
	for (int c = 0; c < 3; c++)
		ui_text(ui, head[c], UI_REGULAR, size, UI_DIM, right[c], ui_px(ui, 9.5), UI_ALIGN_RIGHT, w / 3);
	int rows = v->n < 5 ? v->n : 5;
	for (int i = 0; i < rows; i++) {
		const struct view_hop *h = &v->hops[v->n - 1 - i];
		int y = ui_px(ui, 13.5 + i * 4.2);
		char cell[3][24];
		snprintf(cell[0], sizeof cell[0], "%.0f ms", h->flight_s * 1000);
		if (isfinite(h->contact_s))
			snprintf(cell[1], sizeof cell[1], "%.0f ms", h->contact_s * 1000);
		else
			snprintf(cell[1], sizeof cell[1], "-");
		char foot[16];
		snprintf(cell[2], sizeof cell[2], "%s", view_hop_foot(h->left_pct, foot));
		for (int c = 0; c < 3; c++)
			ui_text(ui, cell[c], UI_REGULAR, size, i == 0 ? UI_FG : UI_DIM, right[c], y, UI_ALIGN_RIGHT,
				w * 35 / 100); /* the newest brighter: bold would not fit its column */
	}
	draw_balance(ui, &v->bal, ui_rect(ui, 3, 38.5, ui_width_u(ui) - 6, 8.5));
}

void screen_draw_exercise(struct ui *ui, const struct screen_view *v)
{
	if (v->id == SCREEN_HOLD)
		draw_hold(ui, &v->hold);
	else if (v->id == SCREEN_RAISES)
		draw_raises(ui, &v->raises);
	else
		draw_hops(ui, &v->hops);
}
