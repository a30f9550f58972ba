/* screen_physio.c: the physio's screens: patient list, patient detail with the
 * progression suggestion, progress graphs across sessions, a set's force trace, a choice
 * of a few big buttons (a new patient's side, a phase); and the
 * graph drawn from arrays of numbers, exported as PNG. */
#include <math.h>
#include <stdio.h>

#include "screen_internal.h"
#include "status.h"

static void draw_patient_list(struct ui *ui, const struct view_patient_list *v)
{
	draw_title(ui, "Patients");
	double wu = ui_width_u(ui);
	for (int i = 0; i < v->n && i < VIEW_MAX_LIST; i++) {
		SDL_Rect r = ui_rect(ui, 2, 8 + i * 6.6, wu - 4, 6.1);
		ui_fill(ui, r, UI_PANEL);
		int size = ui_px(ui, 3), y = r.y + (r.h - size * 117 / 100) / 2;
		ui_text(ui, v->rows[i].name, UI_BOLD, size, UI_FG, r.x + ui_px(ui, 1), y, UI_ALIGN_LEFT, r.w / 2);
		if (v->rows[i].detail)
			ui_text(ui, v->rows[i].detail, UI_REGULAR, size, UI_DIM, r.x + r.w / 2 + ui_px(ui, 2), y,
				UI_ALIGN_LEFT, r.w / 2 - ui_px(ui, 13));
		if (v->rows[i].flagged)
			ui_text(ui, "NEW", UI_BOLD, size, UI_ACCENT, r.x + r.w - ui_px(ui, 1), y, UI_ALIGN_RIGHT, 0);
		ui_target(ui, r, ACT(UI_ACT_SELECT, i), false);
	}
	ui_button(ui, ui_rect(ui, wu - 44, 1, 24, 6.5), "Add patient", ACT(UI_ACT_NEXT, 0), true, false);
	ui_button(ui, ui_rect(ui, wu - 18, 1, 16, 6.5), "Back", ACT(UI_ACT_BACK, 0), false, false);
}

static void draw_patient_detail(struct ui *ui, const struct view_patient_detail *v)
{
	draw_title(ui, v->name);
	int x = ui_px(ui, 3), w = ui->w - ui_px(ui, 6), size = ui_px(ui, 3.2);
	char s[160];
	snprintf(s, sizeof s, "Phase %d: %s", v->phase, v->exercise);
	ui_text(ui, s, UI_BOLD, size, UI_ACCENT, x, ui_px(ui, 8), UI_ALIGN_LEFT, w);
	ui_text(ui, v->dose, UI_REGULAR, size, UI_FG, x, ui_px(ui, 12), UI_ALIGN_LEFT, w);
	if (v->last)
		ui_text(ui, v->last, UI_REGULAR, size, UI_DIM, x, ui_px(ui, 16), UI_ALIGN_LEFT, w);
	double wu = ui_width_u(ui);
	if (v->suggestion) { /* the suggestion and its reasons; the buttons beside them */
		SDL_Rect box = ui_rect(ui, 2, 20.5, wu - 4, 17.5);
		ui_frame_rect(ui, box, ui_px(ui, 0.3), UI_ACCENT);
		int bw = box.w - ui_px(ui, 22);
		ui_text(ui, v->suggestion, UI_BOLD, size, UI_ACCENT, x, ui_px(ui, 21.3), UI_ALIGN_LEFT, bw);
		for (int i = 0; i < v->n_reasons && i < VIEW_MAX_REASONS; i++)
			ui_text(ui, v->reasons[i], UI_REGULAR, ui_px(ui, 2.6), UI_FG, x, ui_px(ui, 25.6 + i * 3.05),
				UI_ALIGN_LEFT, bw);
		ui_button(ui, ui_rect(ui, wu - 21, 21.5, 18, 7.2), "Confirm", ACT(UI_ACT_CONFIRM, 0), false, false);
		ui_button(ui, ui_rect(ui, wu - 21, 29.8, 18, 7.2), "Decline", ACT(UI_ACT_DECLINE, 0), false, false);
	} else if (v->status) {
		ui_text(ui, v->status, UI_BOLD, size, UI_GOOD, x, ui_px(ui, 21.3), UI_ALIGN_LEFT, w);
	}
	ui_button(ui, ui_rect(ui, wu - 22, 1, 20, 6.5), "Set phase", ACT(UI_ACT_SET_PHASE, 0), false, false);
	back_button(ui);
	ui_button(ui, ui_rect(ui, 20, 39, 24, 7.5), "Last set", ACT(UI_ACT_SELECT, 0), false, false);
	next_button(ui, "Graphs", ACT(UI_ACT_NEXT, 0));
}

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

static void draw_graphs(struct ui *ui, const struct view_graphs *v)
{
	double wu = ui_width_u(ui);
	int n = v->n < VIEW_MAX_GRAPHS ? v->n : VIEW_MAX_GRAPHS;
	int sel = v->selected < 0 ? 0 : v->selected >= n ? n - 1 : v->selected;
	/* one graph at a time, big; previous and next step through them (wrapping) */
	ui_button(ui, ui_rect(ui, 2, 1, 16, 6.5), "\u25c0 Prev", ACT(UI_ACT_SELECT, (sel + n - 1) % (n ? n : 1)), false,
		  false);
	ui_button(ui, ui_rect(ui, wu - 18, 1, 16, 6.5), "Next \u25b6", ACT(UI_ACT_SELECT, (sel + 1) % (n ? n : 1)), false,
		  false);
	char s[96];
	snprintf(s, sizeof s, "%s: %d of %d", v->patient ? v->patient : "Progress", sel + 1, n);
	ui_text_in(ui, s, UI_REGULAR, ui_px(ui, 3), UI_DIM, ui_rect(ui, 19, 1, wu - 38, 6.5));
	if (n > 0)
		draw_graph(ui, &v->graphs[sel], ui_rect(ui, 2, 8.5, wu - 4, 30));
	back_button(ui);
	if (v->status)
		ui_text(ui, v->status, UI_REGULAR, ui_px(ui, 3), UI_DIM, ui_px(ui, 20), ui_px(ui, 41), UI_ALIGN_LEFT,
			ui_px(ui, wu - 48));
	next_button(ui, "Export PNG", ACT(UI_ACT_EXPORT, 0));
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

static void draw_trace_screen(struct ui *ui, const struct view_force_trace *t)
{
	draw_title(ui, t->title);
	double wu = ui_width_u(ui);
	ui_text(ui, "Left", UI_BOLD, ui_px(ui, 3.2), UI_LEFT, ui_px(ui, wu - 14), ui_px(ui, 2.5), UI_ALIGN_RIGHT, 0);
	ui_text(ui, "Right", UI_BOLD, ui_px(ui, 3.2), UI_RIGHT, ui_px(ui, wu - 2), ui_px(ui, 2.5), UI_ALIGN_RIGHT, 0);
	draw_force_trace(ui, t, ui_rect(ui, 2, 8.5, wu - 4, 29.5));
	back_button(ui);
	next_button(ui, "Export PNG", ACT(UI_ACT_EXPORT, 0));
}

static void draw_choice(struct ui *ui, const struct view_choice *v)
{
	button_row(ui, v->title, v->question, v->labels, v->n < VIEW_MAX_CHOICES ? v->n : VIEW_MAX_CHOICES, v->selected,
		   UI_ACT_SELECT);
	if (v->detail)
		ui_text(ui, v->detail, UI_REGULAR, ui_px(ui, 3.5), UI_FG, ui_px(ui, 3), ui_px(ui, 32.5), UI_ALIGN_LEFT,
			ui->w - ui_px(ui, 6));
	back_button(ui);
	if (v->selected >= 0)
		next_button(ui, v->button ? v->button : "Next", ACT(UI_ACT_NEXT, 0));
}

void screen_draw_physio(struct ui *ui, const struct screen_view *v)
{
	switch (v->id) {
	case SCREEN_PATIENT_LIST: draw_patient_list(ui, &v->patients); break;
	case SCREEN_PATIENT_DETAIL: draw_patient_detail(ui, &v->patient); break;
	case SCREEN_GRAPHS: draw_graphs(ui, &v->graphs); break;
	case SCREEN_FORCE_TRACE: draw_trace_screen(ui, &v->trace); break;
	case SCREEN_CHOICE: draw_choice(ui, &v->choice); break;
	default: break;
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
