/* screen_visa.c: the VISA-A questionnaire as the patient fills it in by touch: one
 * question a screen with big answers, Back and Next at the bottom with where you are
 * between them, and a review of every answer (each a button back to its question) before
 * Save. */
#include <math.h>

#include "screen_internal.h"

/* Buttons whose words wrap, at body size, and the layout of the answers: every text on
 * this patient screen at least body size (ui.h), so the long questions and answers take
 * more lines and the buttons grow to hold them. */
#define VPAD 0.5 /* units above and below a button's lines */
#define HPAD 0.8 /* units left and right of them */
#define GAP 0.5  /* units between answers */
#define BAR_Y 40.5 /* the bottom bar: Back, where you are, Next */
#define BAR_H 7.0
#define BACK_W 12.0
#define NEXT_W 16.0
#define ANSWERS_END (BAR_Y - 0.6)
#define MIN_TARGET 6.0 /* units: a finger's target (tests/app/test_screens.c) */

/* The height in units of s at body size wrapped to w pixels. */
static double text_height_u(struct ui *ui, const char *s, enum ui_face face, int w)
{
	return ui_text_height(ui, s, face, ui_body_px(ui), w) / ui->u;
}

/* A button's height in units for its label at column width cw units. */
static double button_h(struct ui *ui, const char *label, double cw)
{
	return fmax(MIN_TARGET, text_height_u(ui, label, UI_REGULAR, ui_px(ui, cw - 2 * HPAD)) + 2 * VPAD);
}

/* A button with its words at body size, centred, wrapped to its width. */
static void worded_button(struct ui *ui, SDL_Rect r, const char *label, struct ui_action act, bool selected)
{
	ui_button(ui, r, "", act, false, selected);
	int w = r.w - 2 * ui_px(ui, HPAD);
	int h = (int)(text_height_u(ui, label, UI_REGULAR, w) * ui->u);
	ui_text(ui, label, UI_REGULAR, ui_body_px(ui), selected ? UI_BG : UI_FG, r.x + r.w / 2, r.y + (r.h - h) / 2,
		UI_ALIGN_CENTRE, w);
}

/* A 0-10 scale or the durations: a row, its ends named under it. */
static void draw_row(struct ui *ui, const struct view_visa *v, int n, double top)
{
	double wu = ui_width_u(ui), gap = n > 6 ? 0.6 : 1.0, bw = (wu - 4 + gap) / n;
	double ends = 0, h = MIN_TARGET;
	int end_w = ui->w / 2 - ui_px(ui, 3);
	if (v->lo)
		ends = text_height_u(ui, v->lo, UI_REGULAR, end_w);
	if (v->hi)
		ends = fmax(ends, text_height_u(ui, v->hi, UI_REGULAR, end_w));
	if (n != VIEW_MAX_ANSWERS)
		for (int i = 0; i < n; i++)
			h = fmax(h, button_h(ui, v->labels[i], bw - gap));
	h = fmax(h, fmin(16, ANSWERS_END - top - ends - 0.5)); /* taller where there is room */
	/* numbers at one size, each in a slot as wide as it needs (row_slots: "100" minutes
	 * was broken into "10" over "0" in a slot as narrow as "0"'s) */
	double x[VIEW_MAX_ANSWERS], w[VIEW_MAX_ANSWERS];
	row_slots(ui, v->labels, n, x, w);
	double number_px = fmin(ui_px(ui, h) * 0.45, ui->u * 4.5);
	for (int i = 0; i < n; i++)
		number_px = fmin(number_px, ui_px(ui, w[i] - gap - 1.5) / (0.7 * fmax((double)strlen(v->labels[i]), 1)));
	number_px = fmax(number_px, ui_body_px(ui));
	for (int i = 0; i < n; i++) {
		SDL_Rect r = n == VIEW_MAX_ANSWERS ? ui_rect(ui, x[i], top, w[i] - gap, h) : ui_rect(ui, 2 + i * bw, top, bw - gap, h);
		if (n == VIEW_MAX_ANSWERS) { /* numbers */
			ui_button(ui, r, "", ACT(UI_ACT_SELECT, i), false, i == v->selected);
			ui_text_in(ui, v->labels[i], UI_BOLD, (int)number_px, i == v->selected ? UI_BG : UI_FG, r);
		} else /* words ("Over 30 min") */
			worded_button(ui, r, v->labels[i], ACT(UI_ACT_SELECT, i), i == v->selected);
	}
	int y = ui_px(ui, top + h + 0.3);
	if (v->lo)
		ui_text(ui, v->lo, UI_REGULAR, ui_body_px(ui), UI_DIM, ui_px(ui, 2), y, UI_ALIGN_LEFT, end_w);
	if (v->hi)
		ui_text(ui, v->hi, UI_REGULAR, ui_body_px(ui), UI_DIM, ui->w - ui_px(ui, 2), y, UI_ALIGN_RIGHT, end_w);
}

/* A few worded answers: one under the other across the screen, or in two columns where
 * one column does not fit; each as tall as its lines, the room left shared out. */
static void draw_list(struct ui *ui, const struct view_visa *v, int n, double top)
{
	double wu = ui_width_u(ui), room = ANSWERS_END - top, row_h[VIEW_MAX_ANSWERS], used = 0;
	int cols = 1, rows = n;
	for (;; cols = 2) {
		rows = (n + cols - 1) / cols;
		double cw = (wu - 4 - (cols - 1) * GAP) / cols;
		used = (rows - 1) * GAP;
		for (int r = 0; r < rows; r++) {
			row_h[r] = 0;
			for (int c = 0; c < cols && r * cols + c < n; c++)
				row_h[r] = fmax(row_h[r], button_h(ui, v->labels[r * cols + c], cw));
			used += row_h[r];
		}
		if (used <= room || cols == 2)
			break;
	}
	double extra = rows ? fmin(3, (room - used) / rows) : 0, cw = (wu - 4 - (cols - 1) * GAP) / cols, y = top;
	for (int r = 0; r < rows; r++) {
		double h = row_h[r] + fmax(0, extra);
		for (int c = 0; c < cols && r * cols + c < n; c++) {
			int i = r * cols + c;
			worded_button(ui, ui_rect(ui, 2 + c * (cw + GAP), y, cw, h), v->labels[i], ACT(UI_ACT_SELECT, i),
				      i == v->selected);
		}
		y += h + GAP;
	}
}

/* Every answer, each a button back to its question, in two columns; the title (what to
 * do) above. */
static void draw_review(struct ui *ui, const struct view_visa *v)
{
	double wu = ui_width_u(ui), cw = (wu - 4 - GAP) / 2, y = 1.5;
	if (v->title)
		y = (ui_text(ui, v->title, UI_BOLD, ui_body_px(ui), UI_ACCENT, ui_px(ui, 2), ui_px(ui, y), UI_ALIGN_LEFT,
			     ui->w - ui_px(ui, 4)).h) / ui->u + y + GAP;
	int n = v->n < VIEW_MAX_ANSWERS ? v->n : VIEW_MAX_ANSWERS, per_col = (n + 1) / 2;
	double room = ANSWERS_END - y - (per_col - 1) * GAP, h = room / (per_col ? per_col : 1);
	for (int i = 0; i < n; i++) {
		SDL_Rect r = ui_rect(ui, 2 + (i / per_col) * (cw + GAP), y + (i % per_col) * (h + GAP), cw, h);
		worded_button(ui, r, v->labels[i], ACT(UI_ACT_SELECT, i), false);
	}
}

void screen_draw_visa(struct ui *ui, const struct view_visa *v)
{
	double wu = ui_width_u(ui);
	if (v->review) {
		draw_review(ui, v);
	} else {
		SDL_Rect q = ui_text(ui, v->question ? v->question : "", UI_BOLD, ui_body_px(ui), UI_FG, ui_px(ui, 2),
				     ui_px(ui, 1.5), UI_ALIGN_LEFT, ui->w - ui_px(ui, 4));
		double top = (q.y + q.h) / ui->u + 0.6;
		int n = v->n < VIEW_MAX_ANSWERS ? v->n : VIEW_MAX_ANSWERS;
		if (n >= 5)
			draw_row(ui, v, n, top);
		else
			draw_list(ui, v, n, top);
	}
	/* the bottom bar: Back, where you are (the question's number, or the score; or what
	 * went wrong), Next */
	ui_button(ui, ui_rect(ui, 2, BAR_Y, BACK_W, BAR_H), "Back", ACT(UI_ACT_BACK, 0), false, false);
	const char *where = v->message ? v->message : v->review ? v->total : v->title;
	if (!where)
		where = "VISA-A";
	int bar_w = ui_px(ui, wu - 4 - BACK_W - NEXT_W - 2);
	double where_h = text_height_u(ui, where, UI_REGULAR, bar_w);
	ui_text(ui, where, v->message ? UI_BOLD : UI_REGULAR, ui_body_px(ui), v->message ? UI_WARN : UI_DIM,
		ui_px(ui, wu / 2 + (BACK_W - NEXT_W) / 2), ui_px(ui, BAR_Y + (BAR_H - where_h) / 2), UI_ALIGN_CENTRE,
		bar_w);
	if (v->button)
		ui_button(ui, ui_rect(ui, wu - 2 - NEXT_W, BAR_Y, NEXT_W, BAR_H), v->button, ACT(UI_ACT_NEXT, 0), true,
			  false);
}
