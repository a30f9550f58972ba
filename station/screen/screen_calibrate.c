/* screen_calibrate.c: the plate's guided calibration on the physio's screen: what to do
 * now, the procedure's last words (a refusal in the warning colour), a picture of both
 * plates from above with the mark where the mass goes, and a digit pad for the masses. */
#include <math.h>
#include <stdio.h>

#include "screen_internal.h"

#define PAD_KEY_W 8.4
#define PAD_KEY_H 7.0
#define PAD_GAP 0.6

/* Both plates from above, toes up: the one to load framed, its marks as rings and the
 * one for the mass filled; a plate to keep empty is drawn plain. */
static void draw_plates(struct ui *ui, const struct view_calibrate *v, SDL_Rect area)
{
	double hw = v->half_w_mm > 0 ? v->half_w_mm : 150, hl = v->half_l_mm > 0 ? v->half_l_mm : 250;
	int label = ui_px(ui, 3.2);
	double scale = fmin((area.h - label - ui_px(ui, 0.8)) / (2 * hl), area.w / (2 * (4 * hw + 2 * hw * 0.4)));
	int pw = (int)(2 * hw * scale), ph = (int)(2 * hl * scale), gap = (int)(0.4 * 2 * hw * scale);
	int x0 = area.x, y0 = area.y;
	for (int side = 0; side < 2; side++) {
		SDL_Rect r = { x0 + side * (pw + gap), y0, pw, ph };
		bool load = v->plate == side;
		ui_fill(ui, r, UI_PANEL);
		ui_frame_rect(ui, r, ui_px(ui, load ? 0.5 : 0.2), load ? UI_ACCENT : UI_DIM);
		int cx = r.x + pw / 2, cy = r.y + ph / 2, ring = ui_px(ui, 0.9);
		if (load) { /* the centre cross and the four marks over the cells */
			ui_line(ui, cx - ring, cy, cx + ring, cy, ui_px(ui, 0.25), UI_DIM);
			ui_line(ui, cx, cy - ring, cx, cy + ring, ui_px(ui, 0.25), UI_DIM);
			int mx = (int)(v->mark_x_mm * scale), my = (int)(v->mark_y_mm * scale);
			ui_ring(ui, cx + mx, cy - my, 0, ui_px(ui, 1.4), 1, UI_ACCENT);
		}
		ui_text(ui, side ? "R" : "L", UI_BOLD, ui_px(ui, 2.8), load ? UI_ACCENT : UI_DIM, cx,
			r.y + ph + ui_px(ui, 0.4), UI_ALIGN_CENTRE, 0);
	}
	if (v->where) /* beside the plates */
		draw_wrapped(ui, v->where, UI_REGULAR, ui_px(ui, 2.7), UI_ACCENT, x0 + 2 * pw + gap + ui_px(ui, 1.5), y0,
			     area.x + area.w - (x0 + 2 * pw + gap + ui_px(ui, 1.5)), 3);
}

/* 1-9, then the point, 0 and delete, right of the text; the mass typed above it. */
static void draw_pad(struct ui *ui, const struct view_calibrate *v, double x0)
{
	char s[32];
	snprintf(s, sizeof s, "%s kg", v->mass && v->mass[0] ? v->mass : "_");
	ui_text(ui, s, UI_BOLD, ui_px(ui, 4.5), UI_ACCENT, ui_px(ui, x0 + 3 * PAD_KEY_W + 2 * PAD_GAP), ui_px(ui, 1.5),
		UI_ALIGN_RIGHT, ui_px(ui, 3 * PAD_KEY_W));
	static const char *const labels[12] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "0", "Del" };
	for (int i = 0; i < 12; i++) {
		struct ui_action a = i < 9 ? ACT(UI_ACT_DIGIT, i + 1)
				     : i == 9 ? ACT(UI_ACT_DIGIT, 10)
				     : i == 10 ? ACT(UI_ACT_DIGIT, 0)
					       : ACT(UI_ACT_DELETE, 0);
		ui_button(ui, ui_rect(ui, x0 + (i % 3) * (PAD_KEY_W + PAD_GAP), 8 + (i / 3) * (PAD_KEY_H + PAD_GAP),
				      PAD_KEY_W, PAD_KEY_H),
			  labels[i], a, false, false);
	}
}

void screen_draw_calibrate(struct ui *ui, const struct view_calibrate *v)
{
	double wu = ui_width_u(ui), pad_x = wu - 2 - 3 * PAD_KEY_W - 2 * PAD_GAP;
	double text_w = (v->pad ? pad_x - 1.5 : wu - 2) - 3;
	ui_text(ui, v->title ? v->title : "Calibrate", UI_BOLD, ui_px(ui, 4.5), UI_FG, ui_px(ui, 3), ui_px(ui, 1.5),
		UI_ALIGN_LEFT, ui_px(ui, v->pad ? pad_x - 4 : wu - 6));
	/* without the pad, the picture takes the right of the text */
	bool picture = v->plate >= -1;
	if (picture && !v->pad)
		text_w = wu * 0.58 - 3;
	int x = ui_px(ui, 3), below = ui_px(ui, 8);
	if (v->instruction && !(v->refused && v->message)) /* a refusal says itself what to do */
		below = draw_wrapped(ui, v->instruction, UI_BOLD, ui_px(ui, 2.9), UI_FG, x, below, ui_px(ui, text_w), 4);
	if (v->message) { /* as many lines as there is room for above the buttons */
		int size = ui_px(ui, 2.7), room = (ui_px(ui, 38.5) - below - ui_px(ui, 0.6)) / (size * 120 / 100);
		below = draw_wrapped(ui, v->message, v->refused ? UI_BOLD : UI_REGULAR, size, v->refused ? UI_WARN : UI_GOOD,
				     x, below + ui_px(ui, 0.6), ui_px(ui, text_w), room);
	}
	if (picture) {
		double top = v->pad ? below / ui->u + 0.6 : 8;
		SDL_Rect area = v->pad ? ui_rect(ui, 3, top, text_w, 38.3 - top) : ui_rect(ui, wu * 0.6, 8, wu * 0.4 - 2, 30);
		if (area.h > ui_px(ui, 6))
			draw_plates(ui, v, area);
	}
	if (v->pad)
		draw_pad(ui, v, pad_x);
	back_button(ui);
	if (v->second)
		ui_button(ui, ui_rect(ui, 20, 39, 24, 7.5), v->second, ACT(UI_ACT_YES, 0), false, false);
	if (v->button)
		next_button(ui, v->button, ACT(UI_ACT_NEXT, 0));
}
