/* screen_visa.c: the VISA-A questionnaire as the patient fills it in by touch: one
 * question a screen with big answers, Back and Next in their usual places, and a review
 * of every answer (each a button back to its question) before Save. Also the word
 * wrapping the long questions and the calibration's instructions need. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "screen_internal.h"
#include "text_cache.h"

#define LINE_CHARS 160 /* a line of a screen: never longer */

/* Splits s into lines of at most w pixels at size_px, measured word by word (the words'
 * textures stay in the text cache for drawing); returns how many lines it takes, and
 * fills up to max of them. */
static int wrap_lines(struct ui *ui, const char *s, enum ui_face face, int size_px, int w, char (*lines)[LINE_CHARS],
		      int max)
{
	int n = 0, space, h, line_w = 0;
	size_t len = 0;
	text_cache_get(ui->texts, " ", face, size_px, ui_palette[UI_FG], &space, &h);
	while (*s) {
		while (*s == ' ')
			s++;
		size_t wl = strcspn(s, " ");
		if (!wl)
			break;
		char word[LINE_CHARS];
		snprintf(word, sizeof word, "%.*s", (int)(wl < LINE_CHARS - 1 ? wl : LINE_CHARS - 1), s);
		int ww = 0;
		text_cache_get(ui->texts, word, face, size_px, ui_palette[UI_FG], &ww, &h);
		if (len && line_w + space + ww <= w && len + 1 + wl < LINE_CHARS) { /* on this line */
			if (n <= max && n > 0)
				snprintf(lines[n - 1] + len, LINE_CHARS - len, " %s", word);
			len += 1 + wl;
			line_w += space + ww;
		} else { /* a new line */
			n++;
			if (n <= max)
				snprintf(lines[n - 1], LINE_CHARS, "%s", word);
			len = wl;
			line_w = ww;
		}
		s += wl;
	}
	return n;
}

int draw_wrapped(struct ui *ui, const char *s, enum ui_face face, int size_px, enum ui_colour c, int x, int y, int w,
		 int max_lines)
{
	char lines[8][LINE_CHARS];
	int n = wrap_lines(ui, s, face, size_px, w, lines, max_lines < 8 ? max_lines : 8);
	for (int i = 0; i < n && i < max_lines && i < 8; i++, y += size_px * 120 / 100)
		ui_text(ui, lines[i], face, size_px, c, x, y, UI_ALIGN_LEFT, w);
	return y;
}

/* A button whose words wrap: at the biggest size whose lines fit its height. */
static void worded_button(struct ui *ui, SDL_Rect r, const char *label, struct ui_action act, bool selected)
{
	ui_button(ui, r, "", act, false, selected);
	int pad = ui_px(ui, 0.8), size = ui_px(ui, 3.2), min = ui_px(ui, 2.3), lines;
	char unused[1][LINE_CHARS];
	while ((lines = wrap_lines(ui, label, UI_BOLD, size, r.w - 2 * pad, unused, 0)) * size * 120 / 100 > r.h - pad &&
	       size > min)
		size -= size / 12 > 0 ? size / 12 : 1;
	int y = r.y + (r.h - lines * size * 120 / 100) / 2;
	draw_wrapped(ui, label, UI_BOLD, size, selected ? UI_BG : UI_FG, r.x + pad, y, r.w - 2 * pad, 8);
}

static void draw_answers(struct ui *ui, const struct view_visa *v, double top)
{
	double wu = ui_width_u(ui), bottom = 38;
	int n = v->n < VIEW_MAX_ANSWERS ? v->n : VIEW_MAX_ANSWERS;
	if (n >= 5) { /* a 0-10 scale, or the durations: a row, its ends named under it */
		double bw = (wu - 4) / n, gap = n > 6 ? 0.6 : 1.5, h = fmin(11, bottom - top - 5.5);
		for (int i = 0; i < n; i++) {
			SDL_Rect r = ui_rect(ui, 2 + i * bw, top + 1, bw - gap, h);
			if (n == VIEW_MAX_ANSWERS) /* numbers */
				ui_button(ui, r, v->labels[i], ACT(UI_ACT_SELECT, i), false, i == v->selected);
			else /* words ("Over 30 min") */
				worded_button(ui, r, v->labels[i], ACT(UI_ACT_SELECT, i), i == v->selected);
		}
		int size = ui_px(ui, 3), y = ui_px(ui, top + 1.5 + h);
		if (v->lo)
			ui_text(ui, v->lo, UI_REGULAR, size, UI_DIM, ui_px(ui, 2), y, UI_ALIGN_LEFT, ui->w / 2 - ui_px(ui, 3));
		if (v->hi)
			ui_text(ui, v->hi, UI_REGULAR, size, UI_DIM, ui->w - ui_px(ui, 2), y, UI_ALIGN_RIGHT,
				ui->w / 2 - ui_px(ui, 3));
		return;
	}
	/* a few worded answers: one column of three, or two columns of two */
	int cols = n <= 3 ? 1 : 2, rows = (n + cols - 1) / cols;
	double cw = (wu - 4 - (cols - 1) * 1.5) / cols, rh = (bottom - top) / (rows ? rows : 1);
	for (int i = 0; i < n; i++)
		worded_button(ui, ui_rect(ui, 2 + (i % cols) * (cw + 1.5), top + (i / cols) * rh, cw, rh - 1),
			      v->labels[i], ACT(UI_ACT_SELECT, i), i == v->selected);
}

/* Every answer, each a button back to its question, in two columns. */
static void draw_review(struct ui *ui, const struct view_visa *v)
{
	double wu = ui_width_u(ui), cw = (wu - 5.5) / 2;
	int n = v->n < VIEW_MAX_ANSWERS ? v->n : VIEW_MAX_ANSWERS, per_col = (n + 1) / 2;
	for (int i = 0; i < n; i++) {
		SDL_Rect r = ui_rect(ui, 2 + (i / per_col) * (cw + 1.5), 8 + (i % per_col) * 6.9, cw, 6.3);
		ui_fill(ui, r, UI_PANEL);
		ui_text_in(ui, v->labels[i], UI_REGULAR, ui_px(ui, 2.8), UI_FG, r);
		ui_target(ui, r, ACT(UI_ACT_SELECT, i), false);
	}
	if (v->total)
		ui_text(ui, v->total, UI_BOLD, ui_px(ui, 3.8), UI_ACCENT, ui->w / 2, ui_px(ui, 36.2), UI_ALIGN_CENTRE,
			ui->w - ui_px(ui, 4));
}

void screen_draw_visa(struct ui *ui, const struct view_visa *v)
{
	draw_title(ui, v->title ? v->title : "VISA-A");
	int x = ui_px(ui, 3), w = ui->w - ui_px(ui, 6);
	if (v->review) {
		draw_review(ui, v);
	} else {
		int below = draw_wrapped(ui, v->question ? v->question : "", UI_BOLD, ui_px(ui, 3.2), UI_FG, x,
					 ui_px(ui, 8), w, 4);
		draw_answers(ui, v, below / ui->u + 0.5);
	}
	if (v->message)
		ui_text(ui, v->message, UI_BOLD, ui_px(ui, 2.8), UI_WARN, ui->w / 2, ui_px(ui, 34), UI_ALIGN_CENTRE, w);
	back_button(ui);
	if (v->button)
		next_button(ui, v->button, ACT(UI_ACT_NEXT, 0));
}
