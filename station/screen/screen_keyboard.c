/* screen_keyboard.c: letter keys for a name (a kiosk has no keyboard): three rows of ten
 * keys (the last "Aa", the next letter's case), space and delete beside Back and OK. */
#include <string.h>

#include "screen_internal.h"

static const char *const rows[] = { "QWERTYUIOP", "ASDFGHJKL'", "ZXCVBNM-." };

static void draw_keyboard(struct ui *ui, const struct view_keyboard *v)
{
	draw_title(ui, v->title);
	double wu = ui_width_u(ui);
	SDL_Rect box = ui_rect(ui, 2, 8, wu - 4, 6.5);
	ui_fill(ui, box, UI_PANEL);
	if (v->text && *v->text)
		ui_text(ui, v->text, UI_BOLD, ui_px(ui, 3.6), UI_FG, box.x + ui_px(ui, 1.5), box.y + ui_px(ui, 1.2),
			UI_ALIGN_LEFT, box.w - ui_px(ui, 3));
	if (v->message)
		ui_text(ui, v->message, UI_BOLD, ui_px(ui, 2.8), UI_WARN, ui_px(ui, 3), ui_px(ui, 15), UI_ALIGN_LEFT,
			ui->w - ui_px(ui, 6));
	double kw = (wu - 4) / 10;
	for (int r = 0; r < 3; r++)
		for (int k = 0; rows[r][k]; k++) {
			char label[2] = { rows[r][k], 0 };
			ui_button(ui, ui_rect(ui, 2 + k * kw, 18.5 + r * 6.8, kw - 0.6, 6.2), label,
				  ACT(UI_ACT_SELECT, (unsigned char)rows[r][k]), false, false);
		}
	/* after the third row's nine keys: the next letter in the other case, lit while pending */
	ui_button(ui, ui_rect(ui, 2 + 9 * kw, 18.5 + 2 * 6.8, kw - 0.6, 6.2), "Aa", ACT(UI_ACT_SELECT, VIEW_KEY_CASE),
		  false, v->other_case);
	back_button(ui);
	ui_button(ui, ui_rect(ui, 20, 39, 16, 7.5), "Space", ACT(UI_ACT_SELECT, ' '), false, false);
	ui_button(ui, ui_rect(ui, 38, 39, wu - 66, 7.5), "Delete", ACT(UI_ACT_DELETE, 0), false, false);
	next_button(ui, "OK", ACT(UI_ACT_NEXT, 0));
}

void screen_draw_keyboard(struct ui *ui, const struct screen_view *v)
{
	draw_keyboard(ui, &v->keyboard);
}
