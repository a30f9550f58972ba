/* plots.c: numbers drawn as pictures, for the physio's screens and the exported PNGs: a
 * graph across sessions, and a set's force trace. */
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

void draw_graph(struct ui *ui, const struct view_graph *g, SDL_Rect area)
{
	int size = ui_px(ui, 2.6);
	char s[48];
	snprintf(s, sizeof s, "%s (%s)", g->title, g->unit);
	ui_text(ui, s, UI_BOLD, ui_px(ui, 3.2), UI_FG, area.x, area.y, UI_ALIGN_LEFT, area.w * 3 / 5);
	/* legend, top right: a colour swatch and its word */
	int lx = area.x + area.w;
	for (int k = g->n_series - 1; k >= 0; k--) {
		SDL_Rect r = ui_text(ui, g->series[k].label, UI_REGULAR, size, UI_FG, lx, area.y + ui_px(ui, 0.5),
				     UI_ALIGN_RIGHT, area.w / 6);
		ui_fill(ui, (SDL_Rect){ r.x - ui_px(ui, 2.5), r.y + r.h / 4, ui_px(ui, 2), r.h / 2 }, g->series[k].colour);
		lx = r.x - ui_px(ui, 4);
	}
	int axis_w = ui_px(ui, 6), top = ui_px(ui, 5), bottom = ui_px(ui, 3.5);
	SDL_Rect plot = { area.x + axis_w, area.y + top, area.w - axis_w - ui_px(ui, 1), area.h - top - bottom };
	ui_frame_rect(ui, plot, 1, UI_GRID);
	if (isfinite(g->band_lo) && isfinite(g->band_hi)) {
		int y1 = y_of(plot, g->y_min, g->y_max, g->band_hi), y0 = y_of(plot, g->y_min, g->y_max, g->band_lo);
		ui_fill(ui, (SDL_Rect){ plot.x, y1, plot.w, y0 - y1 }, UI_GRID);
	}
	for (int k = 0; k <= 4; k++) { /* five labelled levels */
		double y = g->y_min + (g->y_max - g->y_min) * k / 4;
		int py = y_of(plot, g->y_min, g->y_max, y);
		ui_fill(ui, (SDL_Rect){ plot.x, py, plot.w, 1 }, UI_GRID);
		snprintf(s, sizeof s, fabs(g->y_max - g->y_min) >= 20 ? "%.0f" : "%.1f", y);
		ui_text(ui, s, UI_REGULAR, size, UI_DIM, plot.x - ui_px(ui, 0.6), py - size * 3 / 5, UI_ALIGN_RIGHT, axis_w);
	}
	if (g->n < 1)
		return;
	int slot = plot.w / g->n;
	int label_every = (g->n * ui_px(ui, 8)) / plot.w + 1; /* x labels never overlap */
	for (int i = 0; i < g->n; i += label_every) {
		if (g->x_labels)
			snprintf(s, sizeof s, "%s", g->x_labels[i]);
		else
			snprintf(s, sizeof s, "%d", i + 1);
		ui_text(ui, s, UI_REGULAR, size, UI_DIM, plot.x + i * slot + slot / 2, plot.y + plot.h + ui_px(ui, 0.4),
			UI_ALIGN_CENTRE, slot * label_every);
	}
	int bars = 0, n_bars = 0;
	for (int k = 0; k < g->n_series; k++)
		n_bars += g->series[k].bars;
	for (int k = 0; k < g->n_series; k++) {
		const struct view_series *se = &g->series[k];
		int px = -1, py = -1;
		for (int i = 0; i < g->n; i++) {
			if (!isfinite(se->y[i])) {
				px = -1;
				continue;
			}
			int y = y_of(plot, g->y_min, g->y_max, se->y[i]);
			if (se->bars) {
				int bw = slot * 3 / 4 / n_bars, x = plot.x + i * slot + slot / 8 + bars * bw;
				ui_fill(ui, (SDL_Rect){ x, y, bw - 1, plot.y + plot.h - y }, se->colour);
				continue;
			}
			int x = plot.x + i * slot + slot / 2;
			if (px >= 0)
				ui_line(ui, px, py, x, y, ui_px(ui, 0.4), se->colour);
			ui_ring(ui, x, y, 0, ui_px(ui, 0.8), 1, se->colour);
			px = x;
			py = y;
		}
		bars += se->bars;
	}
}

void draw_force_trace(struct ui *ui, const struct view_force_trace *t, SDL_Rect area)
{
	double hi = 1;
	for (int i = 0; i < t->n; i++)
		hi = fmax(hi, fmax(t->left_n[i], t->right_n[i]));
	hi = ceil(hi / 200) * 200;
	int size = ui_px(ui, 2.6), axis_w = ui_px(ui, 7), bottom = ui_px(ui, 3.5);
	SDL_Rect plot = { area.x + axis_w, area.y, area.w - axis_w - ui_px(ui, 1), area.h - bottom };
	ui_frame_rect(ui, plot, 1, UI_GRID);
	char s[32];
	for (int k = 0; k <= 4; k++) {
		int py = y_of(plot, 0, hi, hi * k / 4);
		ui_fill(ui, (SDL_Rect){ plot.x, py, plot.w, 1 }, UI_GRID);
		snprintf(s, sizeof s, "%.0f N", hi * k / 4);
		ui_text(ui, s, UI_REGULAR, size, UI_DIM, plot.x - ui_px(ui, 0.6), py - size * 3 / 5, UI_ALIGN_RIGHT, axis_w);
	}
	double dur = t->rate_hz > 0 ? t->n / t->rate_hz : 0;
	int step_s = 1; /* labels at least 8 units apart; none at 0, beside the force axis */
	while (step_s < dur && plot.w * step_s / fmax(dur, 1e-9) < ui_px(ui, 8))
		step_s = step_s == 1 ? 2 : step_s == 2 ? 5 : step_s * 2;
	for (int k = step_s; k <= (int)dur; k += step_s) {
		int px = plot.x + (int)(plot.w * k / fmax(dur, 1e-9));
		snprintf(s, sizeof s, "%d s", k);
		ui_text(ui, s, UI_REGULAR, size, UI_DIM, px, plot.y + plot.h + ui_px(ui, 0.4), UI_ALIGN_CENTRE, 0);
	}
	for (int m = 0; m < t->n_marks && m < VIEW_MAX_MARKS; m++) {
		int px = plot.x + (int)(plot.w * t->marks_s[m] / fmax(dur, 1e-9));
		ui_fill(ui, (SDL_Rect){ px, plot.y, 1, plot.h }, UI_ACCENT);
	}
	if (t->n < 2)
		return;
	/* min-max per pixel column, so spikes survive however long the set */
	for (int side = 0; side < 2; side++) {
		const double *f = side ? t->right_n : t->left_n;
		ui_colour(ui, side ? UI_RIGHT : UI_LEFT);
		for (int c = 0; c < plot.w; c++) {
			int i0 = (int)((long)c * t->n / plot.w), i1 = (int)((long)(c + 1) * t->n / plot.w);
			if (i1 <= i0)
				i1 = i0 + 1;
			double lo = f[i0], hi_c = f[i0];
			for (int i = i0; i < i1 && i < t->n; i++) {
				lo = fmin(lo, f[i]);
				hi_c = fmax(hi_c, f[i]);
			}
			int y0 = y_of(plot, 0, hi, lo), y1 = y_of(plot, 0, hi, hi_c);
			SDL_RenderDrawLine(ui->ren, plot.x + c, y0 + 1, plot.x + c, y1 - 1);
		}
	}
}

int graph_export_png(const struct view_graph *g, int w, int h, const char *path)
{
	struct ui *ui;
	int rc = ui_open_offscreen(w, h, &ui);
	if (rc != ST_OK)
		return rc;
	ui_begin(ui);
	draw_graph(ui, g, ui_rect(ui, 2, 2, ui_width_u(ui) - 4, 48 - 4));
	rc = ui_save_png(ui, path);
	ui_close(ui);
	return rc;
}
