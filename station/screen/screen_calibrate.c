/* screen_calibrate.c: the plate's guided calibration on the physio's screen: what to do
 * now, the procedure's last words (a refusal in the warning colour), a digit pad for the
 * masses, and on the right a big picture of the plate to load from above, toes up, its
 * five marks labelled and the one for the mass filled, read at arm's length. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "screen_internal.h"

/* The pad: two rows of six keys under the text, left of the picture. */
#define PAD_KEYS_ROW 6
#define PAD_KEY_H 6.0
#define PAD_GAP 0.5
#define PAD_TOP 26.0
#define PICTURE_SHARE 0.36 /* of the width, right */
#define LABEL_W 7.5       /* units beside the plate for its marks' labels */
#define TEXT_U 2.4        /* instruction and message beside the pad (capitals 1.75 units) */
#define TEXT_ALONE_U 2.8  /* ... without it */

/* A mark: a ring (dim), or for the mass a filled disc in the accent colour with a dark
 * centre; its label beside the plate on its side (left marks left of it, right marks
 * right), the centre's under it. */
static void draw_mark(struct ui *ui, SDL_Rect plate, int mx, int my, const char *label, int side, bool target)
{
	int ring = ui_px(ui, target ? 1.6 : 1.1), size = ui_px(ui, 2.3), lw = ui_px(ui, LABEL_W - 0.6);
	if (target) {
		ui_ring(ui, mx, my, 0, ring, 1, UI_ACCENT);
		ui_ring(ui, mx, my, 0, ring / 3, 1, UI_BG);
	} else {
		ui_ring(ui, mx, my, ring - ui_px(ui, 0.3), ring, 1, UI_DIM);
	}
	enum ui_face face = target ? UI_BOLD : UI_REGULAR;
	enum ui_colour c = target ? UI_ACCENT : UI_DIM;
	int h = ui_text_height(ui, label, face, size, lw);
	if (side < 0)
		ui_text(ui, label, face, size, c, plate.x - ui_px(ui, 0.6), my - h / 2, UI_ALIGN_RIGHT, lw);
	else if (side > 0)
		ui_text(ui, label, face, size, c, plate.x + plate.w + ui_px(ui, 0.6), my - h / 2, UI_ALIGN_LEFT, lw);
	else
		ui_text(ui, label, face, size, c, mx, my + ring + ui_px(ui, 0.3), UI_ALIGN_CENTRE, plate.w);
}

/* The plate to load, as big as area allows with its labels: "toes" above, its name and
 * where the mark is under it. */
static void draw_plate(struct ui *ui, const struct view_calibrate *v, SDL_Rect area, double hw, double hl)
{
	int top = ui_px(ui, 3.2), bottom = ui_px(ui, v->where ? 7.0 : 4.0), side = ui_px(ui, LABEL_W);
	double scale = fmin((area.h - top - bottom) / (2 * hl), (area.w - 2 * side) / (2 * hw));
	int pw = (int)(2 * hw * scale), ph = (int)(2 * hl * scale);
	SDL_Rect r = { area.x + (area.w - pw) / 2, area.y + top, pw, ph };
	int cx = r.x + pw / 2, cy = r.y + ph / 2, size = ui_px(ui, 2.3);
	ui_text(ui, "toes \u2191", UI_REGULAR, size, UI_DIM, cx, area.y, UI_ALIGN_CENTRE, area.w);
	ui_fill(ui, r, UI_PANEL);
	ui_frame_rect(ui, r, ui_px(ui, 0.5), UI_ACCENT);
	int arm = ui_px(ui, 0.9); /* the centre cross */
	ui_line(ui, cx - arm, cy, cx + arm, cy, ui_px(ui, 0.25), UI_DIM);
	ui_line(ui, cx, cy - arm, cx, cy + arm, ui_px(ui, 0.25), UI_DIM);
	bool cells = false;
	for (int i = 0; i < 4; i++)
		cells |= v->cell_x_mm[i] != 0 || v->cell_y_mm[i] != 0;
	for (int i = 0; i < (cells ? 5 : 1); i++) {
		double x = i < 4 && cells ? v->cell_x_mm[i] : 0, y = i < 4 && cells ? v->cell_y_mm[i] : 0;
		char label[16];
		snprintf(label, sizeof label, "%s", x == 0 && y == 0 ? "centre" : "");
		if (x != 0 || y != 0)
			snprintf(label, sizeof label, "%s %s", y > 0 ? "front" : "rear", x > 0 ? "right" : "left");
		bool target = fabs(x - v->mark_x_mm) < 1 && fabs(y - v->mark_y_mm) < 1;
		draw_mark(ui, r, cx + (int)lround(x * scale), cy - (int)lround(y * scale), label, x > 0 ? 1 : x < 0 ? -1 : 0,
			  target);
	}
	SDL_Rect name = ui_text(ui, v->plate ? "RIGHT plate" : "LEFT plate", UI_BOLD, ui_px(ui, 3.0), UI_ACCENT, cx,
				r.y + ph + ui_px(ui, 0.5), UI_ALIGN_CENTRE, area.w);
	if (v->where)
		ui_text(ui, v->where, UI_REGULAR, size, UI_FG, cx, name.y + name.h + ui_px(ui, 0.2), UI_ALIGN_CENTRE,
			area.w);
}

/* Both plates plain, side by side, to be kept empty (the zero). */
static void draw_both_empty(struct ui *ui, SDL_Rect area, double hw, double hl)
{
	int top = ui_px(ui, 3.2), bottom = ui_px(ui, 4.0);
	double scale = fmin((area.h - top - bottom) / (2 * hl), area.w / (2 * hw * 2.5));
	int pw = (int)(2 * hw * scale), ph = (int)(2 * hl * scale), gap = pw / 2;
	int x0 = area.x + (area.w - 2 * pw - gap) / 2;
	ui_text(ui, "toes \u2191", UI_REGULAR, ui_px(ui, 2.3), UI_DIM, area.x + area.w / 2, area.y, UI_ALIGN_CENTRE,
		area.w);
	for (int side = 0; side < 2; side++) {
		SDL_Rect r = { x0 + side * (pw + gap), area.y + top, pw, ph };
		ui_fill(ui, r, UI_PANEL);
		ui_frame_rect(ui, r, ui_px(ui, 0.2), UI_DIM);
		ui_text_in(ui, "empty", UI_REGULAR, ui_px(ui, 2.3), UI_DIM, r);
		ui_text(ui, side ? "RIGHT" : "LEFT", UI_BOLD, ui_px(ui, 3.0), UI_FG, r.x + pw / 2, r.y + ph + ui_px(ui, 0.5),
			UI_ALIGN_CENTRE, pw + gap);
	}
}

/* The instruction, unless a refusal says itself what to do. */
static const char *instruction_of(const struct view_calibrate *v)
{
	return v->instruction && !(v->refused && v->message) ? v->instruction : NULL;
}

/* The largest size from big down to the physio's (a long refusal loses its bold first) at
 * which the instruction and the message fit whole between y and end in w; false when they
 * do not even then. */
static bool words_fit(struct ui *ui, const struct view_calibrate *v, int y, int w, int end, int big, int *size,
		      enum ui_face *face)
{
	const char *instruction = instruction_of(v);
	*face = v->refused ? UI_BOLD : UI_REGULAR;
	*size = big;
	for (;;) {
		int h = (instruction ? ui_text_height(ui, instruction, UI_BOLD, *size, w) + *size / 4 : 0) +
			(v->message ? ui_text_height(ui, v->message, *face, *size, w) : 0);
		if (y + h <= end)
			return true;
		if (*size > ui_physio_px(ui))
			(*size)--;
		else if (*face == UI_BOLD)
			*face = UI_REGULAR, *size = big;
		else
			return false;
	}
}

/* The instruction and the message (a refusal in the warning colour) from (x, y) in w. */
static void draw_words(struct ui *ui, const struct view_calibrate *v, int x, int y, int w, int size, enum ui_face face)
{
	const char *instruction = instruction_of(v);
	if (instruction)
		y += ui_text(ui, instruction, UI_BOLD, size, UI_FG, x, y, UI_ALIGN_LEFT, w).h + size / 4;
	if (v->message)
		ui_text(ui, v->message, face, size, v->refused || v->caution ? UI_WARN : UI_GOOD, x, y, UI_ALIGN_LEFT, w);
}

/* 1-9, 0, the point and delete in two rows from (x0, PAD_TOP) across w units; the mass
 * typed above them. */
static void draw_pad(struct ui *ui, const struct view_calibrate *v, double x0, double w)
{
	char s[32];
	snprintf(s, sizeof s, "Mass: %s kg", v->mass && v->mass[0] ? v->mass : "_");
	ui_text(ui, s, UI_BOLD, ui_px(ui, 3.4), UI_ACCENT, ui_px(ui, x0), ui_px(ui, PAD_TOP - 4.3), UI_ALIGN_LEFT,
		ui_px(ui, w));
	static const char *const labels[12] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", ".", "Del" };
	double kw = (w - (PAD_KEYS_ROW - 1) * PAD_GAP) / PAD_KEYS_ROW;
	for (int i = 0; i < 12; i++) {
		struct ui_action a = i < 9 ? ACT(UI_ACT_DIGIT, i + 1)
				     : i == 9 ? ACT(UI_ACT_DIGIT, 0)
				     : i == 10 ? ACT(UI_ACT_DIGIT, 10)
					       : ACT(UI_ACT_DELETE, 0);
		ui_button(ui, ui_rect(ui, x0 + (i % PAD_KEYS_ROW) * (kw + PAD_GAP), PAD_TOP + (i / PAD_KEYS_ROW) * (PAD_KEY_H + PAD_GAP),
				      kw, PAD_KEY_H),
			  labels[i], a, false, false);
	}
}

/* The readings' lines (each wrapped) from (x, y) in w at size, then how to close them;
 * drawn with draw, else only measured. Returns the bottom. */
static int readings_at(struct ui *ui, const char *readings, int x, int y, int w, int size, bool draw)
{
	static const char close[] = "Touch these figures again for the mass pad.";
	for (const char *l = readings;; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] == '\n')) {
		char line[256];
		bool last = !*l;
		snprintf(line, sizeof line, "%.*s", (int)strcspn(last ? close : l, "\n"), last ? close : l);
		if (draw)
			y += ui_text(ui, line, UI_REGULAR, size, last ? UI_DIM : UI_GOOD, x, y, UI_ALIGN_LEFT, w).h;
		else
			y += ui_text_height(ui, line, UI_REGULAR, size, w);
		if (last)
			return y;
	}
}

/* The largest size from big down to the physio's at which the readings fit between y and
 * end in w; 0 when they do not even then. */
static int readings_fit(struct ui *ui, const char *readings, int y, int w, int end, int big)
{
	for (int size = big; size >= ui_physio_px(ui); size--)
		if (readings_at(ui, readings, 0, y, w, size, false) <= end)
			return size;
	return 0;
}

void screen_draw_calibrate(struct ui *ui, const struct view_calibrate *v)
{
	double wu = ui_width_u(ui);
	bool picture = v->plate >= -1;
	double pic_w = wu * PICTURE_SHARE, pic_x = wu - 2 - pic_w;
	double text_w = (picture ? pic_x - 1.5 : wu - 2) - 3;
	ui_text(ui, v->title ? v->title : "Calibrate", UI_BOLD, ui_px(ui, 4.5), UI_FG, ui_px(ui, 3), ui_px(ui, 1.5),
		UI_ALIGN_LEFT, ui_px(ui, text_w));
	int size, top = ui_px(ui, 7.5), end = ui_px(ui, v->pad ? PAD_TOP - 4.6 : 38.5);
	int big = ui_px(ui, v->pad ? TEXT_U : TEXT_ALONE_U), words_w = ui_px(ui, text_w);
	bool open = v->readings && v->readings_open;
	if (open) {
		/* every figure of the reading in place of the words and the pad (over the
		 * picture only when even the physio's size does not fit beside it) */
		end = ui_px(ui, 38.5);
		size = readings_fit(ui, v->readings, top, words_w, end, big);
		if (!size && picture) {
			picture = false;
			words_w = ui->w - ui_px(ui, 5);
			size = readings_fit(ui, v->readings, top, words_w, end, big);
		}
		readings_at(ui, v->readings, ui_px(ui, 3), top, words_w, size ? size : ui_physio_px(ui), true);
	} else {
		/* the words down to the typed mass over the pad (or to the buttons); a reading
		 * comes shortened to fit beside the picture, only a refusal too long for that
		 * (the whole refusal of a span) takes its place */
		enum ui_face face;
		if (!words_fit(ui, v, top, words_w, end, big, &size, &face) && picture && v->refused) {
			picture = false;
			words_w = ui->w - ui_px(ui, 5);
			words_fit(ui, v, top, words_w, end, big, &size, &face);
		}
		draw_words(ui, v, ui_px(ui, 3), top, words_w, size, face);
		if (v->pad)
			draw_pad(ui, v, 3, text_w);
	}
	if (v->readings) /* a touch on the words opens the readings, and closes them */
		ui_target(ui, (SDL_Rect){ ui_px(ui, 3), top, words_w, end - top }, ACT(UI_ACT_SELECT, 0), false);
	if (picture) {
		double hw = v->half_w_mm > 0 ? v->half_w_mm : 150, hl = v->half_l_mm > 0 ? v->half_l_mm : 250;
		SDL_Rect area = ui_rect(ui, pic_x, 1, pic_w, 37.5);
		if (v->plate >= 0)
			draw_plate(ui, v, area, hw, hl);
		else
			draw_both_empty(ui, area, hw, hl);
	}
	back_button(ui);
	if (v->second)
		ui_button(ui, ui_rect(ui, 20, 39, 24, 7.5), v->second, ACT(UI_ACT_YES, 0), false, false);
	if (v->button)
		next_button(ui, v->button, ACT(UI_ACT_NEXT, 0));
}
