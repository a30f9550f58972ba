/* widgets.c: the pieces every screen draws with: the title, the buttons in their fixed
 * places, a row of big choice buttons, the left/right load bar. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "screen_internal.h"

/* Two lines at most: a very long name as a title pushed a question and its buttons off the
 * screen (a stranger's, nine lines). */
SDL_Rect draw_title(struct ui *ui, const char *title)
{
	return ui_text_upto(ui, title, UI_BOLD, ui_px(ui, 4.5), UI_FG, ui_px(ui, 3), ui_px(ui, 1.5), UI_ALIGN_LEFT,
			    ui->w - ui_px(ui, 24), 2);
}

/* A "Back" button in the bottom left corner. */
void back_button(struct ui *ui)
{
	ui_button(ui, ui_rect(ui, 2, 39, 16, 7.5), "Back", ACT(UI_ACT_BACK, 0), false, false);
}

/* A "Back" button in the top right corner, for screens whose foot is taken. */
void corner_back_button(struct ui *ui)
{
	ui_button(ui, ui_rect(ui, ui_width_u(ui) - 18, 1, 16, 6.5), "Back", ACT(UI_ACT_BACK, 0), false, false);
}

/* The primary button in the bottom right corner, wider leftwards where its label at body
 * size needs it: "Measure again" took two lines in the usual 24 units. */
void next_button(struct ui *ui, const char *label, struct ui_action act)
{
	SDL_Rect r = ui_rect(ui, ui_width_u(ui) - 26, 39, 24, 7.5);
	int w = ui_text_width(ui, label, UI_BOLD, ui_body_px(ui)) + ui_px(ui, 3); /* clear of the yellow outline */
	if (w > r.w) {
		r.x -= w - r.w;
		r.w = w;
	}
	ui_button(ui, r, label, act, true, false);
}

/* A row of more buttons than a choice screen's (the pain scale's 0-10) is narrow: a label
 * longer than most of the row's gets this much more room for each character more, to be
 * drawn at its neighbours' size ("10" was shrunk to 25 px beside their 45 at 800x480; the
 * VISA-A's "100" minutes beside "90".."0" was broken into "10" over "0"), the others
 * keeping a finger's width. */
#define WIDE_LABEL 0.4
#define MAX_LABEL_LEN 8

void row_slots(const struct ui *ui, const char *const *labels, int n, double x_u[], double w_u[])
{
	int count[MAX_LABEL_LEN + 1] = { 0 }, usual = 1;
	for (int i = 0; i < n; i++)
		count[strlen(labels[i]) < MAX_LABEL_LEN ? strlen(labels[i]) : MAX_LABEL_LEN]++;
	for (int len = 1; len <= MAX_LABEL_LEN; len++)
		usual = count[len] > count[usual] ? len : usual;
	double weight[VIEW_MAX_BUTTON_ROW], sum = 0;
	for (int i = 0; i < n; i++)
		sum += weight[i] = n > VIEW_MAX_CHOICES ? 1 + WIDE_LABEL * fmax((double)strlen(labels[i]) - usual, 0) : 1;
	double unit = (ui_width_u(ui) - 4) / sum, x = 2;
	for (int i = 0; i < n; i++) {
		x_u[i] = x;
		w_u[i] = weight[i] * unit;
		x += w_u[i];
	}
}

void button_row(struct ui *ui, const char *title, const char *question, const char *const *labels, int n,
		int selected, enum ui_action_kind kind)
{
	/* the question under the title, which a long name takes onto two lines (it drew over
	 * the question at 800x480) */
	SDL_Rect t = draw_title(ui, title);
	int qy = t.y + t.h + ui_px(ui, 0.5) > ui_px(ui, 9) ? t.y + t.h + ui_px(ui, 0.5) : ui_px(ui, 9);
	SDL_Rect q = ui_text(ui, question, UI_BOLD, ui_px(ui, 4), UI_FG, ui_px(ui, 3), qy, UI_ALIGN_LEFT,
			     ui->w - ui_px(ui, 6));
	/* the buttons under the question (two lines of it leave them a little shorter) */
	double x[VIEW_MAX_BUTTON_ROW], w[VIEW_MAX_BUTTON_ROW], gap = n > VIEW_MAX_CHOICES ? 0.6 : 1.5;
	n = n < VIEW_MAX_BUTTON_ROW ? n : VIEW_MAX_BUTTON_ROW;
	row_slots(ui, labels, n, x, w);
	double top = fmax(16, (q.y + q.h) / ui->u + 1);
	for (int i = 0; i < n; i++)
		ui_button(ui, ui_rect(ui, x[i], top, w[i] - gap, 30 - top), labels[i], ACT(kind, i), false, i == selected);
}

void draw_balance(struct ui *ui, const struct view_balance *b, SDL_Rect area)
{
	/* words above, the bar below: the marker leans to the side carrying more */
	int th = area.h * 2 / 5, size = ui_body_px(ui);
	SDL_Rect bar = { area.x + ui_px(ui, 4), area.y + th + ui_px(ui, 0.8), area.w - ui_px(ui, 8), area.h - th - ui_px(ui, 0.8) };
	ui_text(ui, "L", UI_BOLD, bar.h, UI_LEFT, area.x, bar.y - bar.h / 8, UI_ALIGN_LEFT, 0);
	ui_text(ui, "R", UI_BOLD, bar.h, UI_RIGHT, area.x + area.w, bar.y - bar.h / 8, UI_ALIGN_RIGHT, 0);
	ui_fill(ui, bar, UI_PANEL);
	if (b->zone_hi > b->zone_lo) {
		SDL_Rect z = { bar.x + (int)(bar.w * (1 - b->zone_hi / 100)), bar.y, (int)(bar.w * (b->zone_hi - b->zone_lo) / 100),
			       bar.h };
		ui_fill(ui, z, UI_GRID);
		ui_frame_rect(ui, z, ui_px(ui, 0.25), UI_DIM);
	}
	ui_fill(ui, (SDL_Rect){ bar.x + bar.w / 2 - 1, bar.y, 2, bar.h }, UI_DIM);
	if (!isfinite(b->left_pct)) {
		ui_text(ui, "Nobody on the plate", UI_REGULAR, size, UI_DIM, area.x + area.w / 2, area.y, UI_ALIGN_CENTRE,
			area.w);
		return;
	}
	double l = fmin(fmax(b->left_pct, 0), 100);
	int mx = bar.x + (int)(bar.w * (1 - l / 100));
	ui_fill(ui, (SDL_Rect){ mx - ui_px(ui, 0.7), bar.y - ui_px(ui, 0.5), ui_px(ui, 1.4), bar.h + ui_px(ui, 1) }, UI_FG);
	char s[64];
	bool in_zone = !(b->zone_hi > b->zone_lo) || (l >= b->zone_lo && l <= b->zone_hi);
	if (in_zone)
		snprintf(s, sizeof s, "Left %.0f%%   Right %.0f%%", l, 100 - l);
	else
		snprintf(s, sizeof s, "More weight on your %s foot", l < b->zone_lo ? "left" : "right");
	ui_text(ui, s, in_zone ? UI_REGULAR : UI_BOLD, size, in_zone ? UI_FG : UI_ACCENT, area.x + area.w / 2, area.y,
		UI_ALIGN_CENTRE, area.w);
}
