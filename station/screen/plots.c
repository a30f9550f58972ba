/* plots.c: a set's force trace for the physio's screen and its PNG: the two plates in two
 * panels, each event's phases shaded. (The graphs across sessions are the report's own,
 * plot_screen.c.) */
#include <math.h>
#include <stdio.h>

#include "screen_internal.h"
#include "status.h"

/* Maps a value onto the plot's pixel rows. */
static int y_of(SDL_Rect plot, double lo, double hi, double y)
{
	double f = hi > lo ? (y - lo) / (hi - lo) : 0;
	return plot.y + plot.h - (int)(fmin(fmax(f, 0), 1) * plot.h);
}

/* The least and most of f's n samples under pixel column col of a plot w wide. */
static void column_range(const float *f, int n, int col, int w, double *least, double *most)
{
	int i0 = (int)((long)col * n / w), i1 = (int)((long)(col + 1) * n / w);
	*least = *most = f[i0];
	for (int i = i0; i < i1 && i < n; i++) {
		*least = fmin(*least, f[i]);
		*most = fmax(*most, f[i]);
	}
}

/* One plate's force in its panel (lo..hi N): min-max per pixel column, so spikes survive
 * however long the set. */
static void force_panel(struct ui *ui, const float *f, int n, double lo_n, double hi, SDL_Rect plot,
			enum ui_colour c)
{
	ui_colour(ui, c);
	for (int col = 0; col < plot.w && n > 1; col++) {
		double lo, top;
		column_range(f, n, col, plot.w, &lo, &top);
		int y0 = y_of(plot, lo_n, hi, lo), y1 = y_of(plot, lo_n, hi, top);
		SDL_RenderDrawLine(ui->ren, plot.x + col, y0 + 1, plot.x + col, y1 - 1);
	}
}

/* The phases of an event, shaded (translucent, behind the force) over both panels. */
enum { PH_RISE, PH_TOP, PH_LOWER, PH_COUNT };
static const struct {
	const char *label;
	enum ui_colour colour;
} phase_shades[PH_COUNT] = { { "rise", UI_LEFT }, { "top or hold", UI_ACCENT }, { "lowering", UI_GOOD } };

static void shade(struct ui *ui, SDL_Rect plot, double dur, double t0, double t1, int phase)
{
	t0 = fmax(t0, 0); /* an event may run past the recording's end: drawn up to it */
	t1 = fmin(t1, dur);
	if (!(t1 > t0))
		return;
	int x0 = plot.x + (int)(plot.w * t0 / dur), x1 = plot.x + (int)(plot.w * t1 / dur);
	SDL_Color c = ui->palette[phase_shades[phase].colour];
	SDL_SetRenderDrawBlendMode(ui->ren, SDL_BLENDMODE_BLEND);
	SDL_SetRenderDrawColor(ui->ren, c.r, c.g, c.b, 70);
	SDL_RenderFillRect(ui->ren, &(SDL_Rect){ x0, plot.y, x1 - x0 > 0 ? x1 - x0 : 1, plot.h });
	SDL_SetRenderDrawBlendMode(ui->ren, SDL_BLENDMODE_NONE);
}

static void events(struct ui *ui, const struct view_force_trace *t, SDL_Rect plot, double dur)
{
	for (int e = 0; e < t->n_events; e++) {
		const struct view_trace_event *ev = &t->events[e];
		if (isfinite(ev->top_s)) {
			shade(ui, plot, dur, ev->start_s, ev->top_s, PH_RISE);
			shade(ui, plot, dur, ev->top_s, ev->lower_start_s, PH_TOP);
			shade(ui, plot, dur, ev->lower_start_s, ev->end_s, PH_LOWER);
		} else {
			shade(ui, plot, dur, ev->start_s, ev->end_s, PH_TOP);
		}
		/* the boundaries: where the event starts and ends */
		for (int k = 0; k < 2; k++) {
			double at = k ? ev->end_s : ev->start_s;
			if (isfinite(at) && at >= 0 && at <= dur)
				ui_fill(ui, (SDL_Rect){ plot.x + (int)(plot.w * at / dur), plot.y, 2, plot.h }, UI_DIM);
		}
	}
}

void draw_force_trace_title(struct ui *ui, const struct view_force_trace *t)
{
	ui_text(ui, t->title, UI_BOLD, ui_px(ui, 4.5), UI_FG, ui_px(ui, 3), ui_px(ui, 1.5), UI_ALIGN_LEFT,
		ui->w - ui_px(ui, 6));
}

/* The force scale of both panels: 0 to a round top, or from a round floor when the force
 * never comes near 0 (standing work: the reps' few tens of newtons then fill the panel
 * instead of a flat line at body weight). */
static void force_scale(const struct view_force_trace *t, double *lo, double *hi)
{
	double min = INFINITY, max = 1;
	for (int i = 0; i < t->n; i++) {
		min = fmin(min, fmin(t->left_n[i], t->right_n[i]));
		max = fmax(max, fmax(t->left_n[i], t->right_n[i]));
	}
	double step = max - fmax(min, 0) > 400 ? 200 : 50;
	*hi = ceil(max / step) * step;
	*lo = isfinite(min) && min > 0.5 * max ? floor(min / step) * step : 0;
	if (*hi - *lo < 2 * step)
		*lo = fmax(*hi - 2 * step, 0);
}

/* Columns of the name's box (x from plot.x, size_px tall at y) that f's line crosses, as
 * force_panel draws it. */
static int crossings(const float *f, int n, double lo_n, double hi, SDL_Rect plot, int y, int size_px)
{
	int count = 0;
	for (int col = 0; col < size_px * 4 && col < plot.w && n > 1; col++) {
		double least, most;
		column_range(f, n, col, plot.w, &least, &most);
		/* the letters' ink: from about a fifth of the size below y (capitals) to a descender */
		count += y_of(plot, lo_n, hi, least) >= y + size_px / 5 && y_of(plot, lo_n, hi, most) <= y + size_px * 6 / 5;
	}
	return count;
}

int plot_name_y(const float *f, int n, double lo_n, double hi, SDL_Rect plot, int size_px)
{
	int low = plot.y + plot.h - size_px * 3 / 2, high = plot.y + size_px / 4;
	return crossings(f, n, lo_n, hi, plot, high, size_px) < crossings(f, n, lo_n, hi, plot, low, size_px) ? high
														: low;
}

void draw_force_trace(struct ui *ui, const struct view_force_trace *t, SDL_Rect area)
{
	double lo, hi;
	force_scale(t, &lo, &hi);
	int size = ui_px(ui, 2.6), axis_w = ui_px(ui, 9), bottom = ui_px(ui, 3.5), legend = ui_px(ui, 3.4);
	/* the legend of the shading, top right: a rep's three phases, or a hold's (a hop's
	 * flight) one */
	bool reps = false;
	for (int e = 0; e < t->n_events; e++)
		reps |= isfinite(t->events[e].top_s);
	int lx = area.x + area.w;
	for (int k = PH_COUNT - 1; k >= 0 && t->n_events; k--) {
		if (!reps && k != PH_TOP)
			continue;
		const char *label = reps ? phase_shades[k].label : t->hops ? "in the air" : "hold";
		SDL_Rect r = ui_text(ui, label, UI_REGULAR, size, UI_FG, lx, area.y, UI_ALIGN_RIGHT, 0);
		ui_fill(ui, (SDL_Rect){ r.x - ui_px(ui, 2.5), r.y + r.h / 4, ui_px(ui, 2), r.h / 2 }, phase_shades[k].colour);
		lx = r.x - ui_px(ui, 4);
	}
	int gap = ui_px(ui, 1), ph = (area.h - legend - bottom - gap) / 2;
	SDL_Rect panel[2] = { { area.x + axis_w, area.y + legend, area.w - axis_w - ui_px(ui, 1), ph },
			      { area.x + axis_w, area.y + legend + ph + gap, area.w - axis_w - ui_px(ui, 1), ph } };
	double dur = t->rate_hz > 0 && t->n > 0 ? t->n / t->rate_hz : 1;
	char s[32];
	for (int side = 0; side < 2; side++) {
		SDL_Rect plot = panel[side];
		events(ui, t, plot, dur);
		ui_frame_rect(ui, plot, 1, UI_GRID);
		for (int k = side ? 0 : 1; k <= 2; k++) { /* the floor only once, at the foot of both */
			double at = lo + (hi - lo) * k / 2;
			int py = y_of(plot, lo, hi, at);
			ui_fill(ui, (SDL_Rect){ plot.x, py, plot.w, 1 }, UI_GRID);
			snprintf(s, sizeof s, "%.0f N", at);
			ui_text(ui, s, UI_REGULAR, size, UI_DIM, plot.x - ui_px(ui, 0.6), py - size * 3 / 5, UI_ALIGN_RIGHT,
				axis_w);
		}
		const float *f = side ? t->right_n : t->left_n;
		force_panel(ui, f, t->n, lo, hi, plot, side ? UI_RIGHT : UI_LEFT);
		ui_text(ui, side ? "Right" : "Left", UI_BOLD, size, side ? UI_RIGHT : UI_LEFT, plot.x + ui_px(ui, 1),
			plot_name_y(f, t->n, lo, hi, plot, size), UI_ALIGN_LEFT, 0);
	}
	SDL_Rect plot = panel[1];
	int step_s = 1; /* labels at least 8 units apart; none at 0, beside the force axis */
	while (step_s < dur && plot.w * step_s / dur < ui_px(ui, 8))
		step_s = step_s == 1 ? 2 : step_s == 2 ? 5 : step_s * 2;
	for (int k = step_s; k <= (int)dur; k += step_s) {
		int px = plot.x + (int)(plot.w * k / dur);
		snprintf(s, sizeof s, "%d s", k);
		ui_text(ui, s, UI_REGULAR, size, UI_DIM, px, plot.y + plot.h + ui_px(ui, 0.4), UI_ALIGN_CENTRE, 0);
	}
}
