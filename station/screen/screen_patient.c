/* screen_patient.c: the patient's screens around the exercise: choose patient, PIN (the
 * physio's too), red flags, pain, step on, rest, summaries. */
#include <math.h>
#include <stdio.h>

#include "screen_internal.h"

/* Pain up to this is safe in the pain-monitoring model (DESIGN.md: 0-2 safe, then acceptable
 * up to the programme's ceiling). */
#define PAIN_SAFE 2

/* Below r, a gap of g units. */
static int below(const struct ui *ui, SDL_Rect r, double g)
{
	return r.y + r.h + ui_px(ui, g);
}

static void draw_choose(struct ui *ui, const struct view_choose_patient *v)
{
	draw_title(ui, "Who is exercising?");
	double wu = ui_width_u(ui);
	ui_button(ui, ui_rect(ui, wu - 18, 1, 16, 7), "Physio", ACT(UI_ACT_PHYSIO, 0), false, false);
	double col_w = (wu - 6) / 2;
	for (int i = 0; i < v->n && i < VIEW_MAX_LIST; i++) {
		SDL_Rect r = ui_rect(ui, 2 + (i % 2) * (col_w + 2), 11 + (i / 2) * 12, col_w, 10);
		ui_button(ui, r, v->names[i], ACT(UI_ACT_SELECT, i), i == v->highlighted, false);
	}
	if (v->n == 0)
		ui_text(ui, "No patients yet: a physio adds them.", UI_REGULAR, ui_body_px(ui), UI_DIM, ui->w / 2,
			ui_px(ui, 20), UI_ALIGN_CENTRE, ui->w - ui_px(ui, 4));
}

static void draw_pin(struct ui *ui, const struct view_pin *v)
{
	/* the keypad on the right, 1-9 then Del 0 OK; the rest left of it */
	double x0 = ui_width_u(ui) - 2 - 3 * 12.5 + 0.5, y0 = 1.5;
	int x = ui_px(ui, 3), w = ui_px(ui, x0 - 4);
	SDL_Rect p = ui_text(ui, v->prompt ? v->prompt : "PIN", UI_BOLD, ui_px(ui, 4.5), UI_FG, x, ui_px(ui, 1.5),
			     UI_ALIGN_LEFT, w);
	if (v->text) {
		int ty = below(ui, p, 0.5) > ui_px(ui, 10) ? below(ui, p, 0.5) : ui_px(ui, 10);
		p = ui_text(ui, v->text, UI_BOLD, ui_px(ui, 8), UI_ACCENT, x, ty, UI_ALIGN_LEFT, w);
	} else {
		int len = v->length < 4 ? 4 : v->length > 8 ? 8 : v->length;
		for (int i = 0; i < len; i++) {
			int cx = ui_px(ui, 5 + i * 4.5), cy = ui_px(ui, 17);
			ui_ring(ui, cx, cy, i < v->entered ? 0 : ui_px(ui, 1.2), ui_px(ui, 1.6), 1,
				i < v->entered ? UI_FG : UI_DIM);
		}
	}
	int y = below(ui, p, 0.5) > ui_px(ui, 20.5) ? below(ui, p, 0.5) : ui_px(ui, 20.5);
	if (v->hint)
		y = below(ui, ui_text(ui, v->hint, UI_REGULAR, ui_body_px(ui), UI_DIM, x, y, UI_ALIGN_LEFT, w), 1);
	const char *warn = v->message ? v->message : v->wrong ? "Wrong PIN, try again" : NULL;
	if (warn)
		ui_text(ui, warn, UI_BOLD, ui_body_px(ui), UI_WARN, x, y, UI_ALIGN_LEFT, w);
	back_button(ui);
	static const char *const labels[12] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "Del", "0", "OK" };
	for (int i = 0; i < 12; i++) {
		SDL_Rect r = ui_rect(ui, x0 + (i % 3) * 12.5, y0 + (i / 3) * 11.5, 12, 10.5);
		struct ui_action a = i < 9 ? ACT(UI_ACT_DIGIT, i + 1)
				     : i == 9 ? ACT(UI_ACT_DELETE, 0)
				     : i == 10 ? ACT(UI_ACT_DIGIT, 0)
					       : ACT(UI_ACT_NEXT, 0);
		ui_button(ui, r, labels[i], a, i == 11, false);
	}
}

static void draw_question(struct ui *ui, const struct view_question *v)
{
	char head[96];
	if (v->count > 0)
		snprintf(head, sizeof head, "Safety check %d of %d", v->number, v->count);
	else
		snprintf(head, sizeof head, "Safety check");
	SDL_Rect title = draw_title(ui, v->title ? v->title : head);
	int w = ui->w - ui_px(ui, 6), y = below(ui, title, 1) > ui_px(ui, 10) ? below(ui, title, 1) : ui_px(ui, 10);
	SDL_Rect q = ui_text(ui, v->question, UI_BOLD, ui_px(ui, 5), UI_FG, ui->w / 2, y, UI_ALIGN_CENTRE, w);
	if (v->detail)
		q = ui_text(ui, v->detail, v->advice ? UI_BOLD : UI_REGULAR, v->advice ? ui_advice_px(ui) : ui_body_px(ui),
			    v->advice ? UI_FG : UI_DIM, ui->w / 2, below(ui, q, 1), UI_ALIGN_CENTRE, w);
	/* the buttons below the text, down to the bottom */
	double wu = ui_width_u(ui), bw = (wu - 10) / 2, top = fmax(27, (double)below(ui, q, 1.5) / ui->u);
	ui_button(ui, ui_rect(ui, 3, top, bw, 46 - top), v->yes ? v->yes : "Yes", ACT(UI_ACT_YES, 0), false, false);
	ui_button(ui, ui_rect(ui, wu - 3 - bw, top, bw, 46 - top), v->no ? v->no : "No", ACT(UI_ACT_NO, 0), true, false);
	corner_back_button(ui); /* a touch screen's way out (in a session: held, it stops it) */
}

static void draw_pain(struct ui *ui, const struct view_pain *v)
{
	char labels[11][4];
	const char *ptrs[11];
	for (int i = 0; i <= 10; i++) {
		snprintf(labels[i], sizeof labels[i], "%d", i);
		ptrs[i] = labels[i];
	}
	button_row(ui, "Pain", v->question, ptrs, 11, v->selected, UI_ACT_DIGIT);
	double x[11], w[11];
	row_slots(ui, ptrs, 11, x, w);
	/* the pain-monitoring model's zones, in words under the buttons: up to the programme's
	 * ceiling is acceptable, above it too much */
	int ceiling = v->ceiling < 0 ? 0 : v->ceiling > 10 ? 10 : v->ceiling, safe = ceiling < PAIN_SAFE ? ceiling : PAIN_SAFE;
	/* a middle zone too narrow for its word (the day after's, one button: its word was
	 * shrunk to 8 px) says "ok" */
	const char *middle = ceiling - safe >= 3 ? "acceptable" : "ok";
	const struct { int lo, hi; const char *word; enum ui_colour c; } zone[3] = {
		{ 0, safe, "fine", UI_GOOD }, { safe + 1, ceiling, middle, UI_ACCENT }, { ceiling + 1, 10, "too much", UI_WARN } };
	for (int z = 0; z < 3; z++) {
		if (zone[z].lo > zone[z].hi)
			continue;
		SDL_Rect r = ui_rect(ui, x[zone[z].lo], 30.6, x[zone[z].hi] + w[zone[z].hi] - x[zone[z].lo] - 0.6, 1);
		ui_fill(ui, r, zone[z].c);
		ui_text(ui, zone[z].word, UI_REGULAR, ui_body_px(ui), zone[z].c, r.x + r.w / 2, ui_px(ui, 32.5),
			UI_ALIGN_CENTRE, r.w);
	}
	back_button(ui);
	if (v->selected >= 0)
		next_button(ui, "Done", ACT(UI_ACT_NEXT, 0));
	else /* with a foot switch alone Done never came, and nothing said why */
		ui_text(ui, "Tap a number, or use the arrows", UI_REGULAR, ui_body_px(ui), UI_DIM,
			ui->w - ui_px(ui, 2), ui_px(ui, 40.5), UI_ALIGN_RIGHT, ui->w - ui_px(ui, 22));
}

/* A horizontal progress bar in units. */
static void progress_bar(struct ui *ui, SDL_Rect r, double frac, enum ui_colour c)
{
	ui_fill(ui, r, UI_PANEL);
	frac = isfinite(frac) ? fmin(fmax(frac, 0), 1) : 0;
	ui_fill(ui, (SDL_Rect){ r.x, r.y, (int)(r.w * frac), r.h }, c);
}

static void draw_step_on(struct ui *ui, const struct view_step_on *v)
{
	draw_title(ui, view_step_title(v));
	int w = ui->w - ui_px(ui, 6);
	ui_text(ui, view_step_line(v), UI_REGULAR, ui_px(ui, 4), UI_DIM, ui_px(ui, 3), ui_px(ui, 9), UI_ALIGN_LEFT, w);
	int note_w = v->stage == STEP_DONE ? ui->w - ui_px(ui, 30) : w; /* under the balance, left of Start */
	if (v->note)
		ui_text(ui, v->note, UI_BOLD, ui_px(ui, 3.5), UI_ACCENT, ui_px(ui, 3), ui_px(ui, 38), UI_ALIGN_LEFT, note_w);
	if (v->note_detail)
		ui_text(ui, v->note_detail, UI_REGULAR, ui_px(ui, 3.5), UI_FG, ui_px(ui, 3), ui_px(ui, 42.5), UI_ALIGN_LEFT,
			note_w);
	double wu = ui_width_u(ui);
	if (v->stage == STEP_TARE || v->stage == STEP_STAND)
		progress_bar(ui, ui_rect(ui, 3, 16, wu - 6, 3), v->progress, UI_LEFT);
	if (isfinite(v->weight_kg)) {
		char kg[32];
		snprintf(kg, sizeof kg, "%.1f kg", v->weight_kg);
		ui_text(ui, kg, UI_BOLD, ui_px(ui, 9), UI_FG, ui->w / 2, ui_px(ui, 15), UI_ALIGN_CENTRE, w);
	}
	if (v->stage != STEP_TARE)
		draw_balance(ui, &v->bal, ui_rect(ui, 3, 28, wu - 6, 9));
	if (v->stage == STEP_DONE)
		next_button(ui, "Start", ACT(UI_ACT_NEXT, 0));
	corner_back_button(ui); /* held: it stops the session (a touch screen had no way out) */
}

static void draw_rest(struct ui *ui, const struct view_rest *v)
{
	draw_title(ui, "Rest");
	int cx = ui_px(ui, 20), cy = ui_px(ui, 26), r = ui_px(ui, 15);
	double frac = v->total_s > 0 ? v->remaining_s / v->total_s : 0;
	ui_ring(ui, cx, cy, r - ui_px(ui, 3), r, 1, UI_PANEL);
	ui_ring(ui, cx, cy, r - ui_px(ui, 3), r, frac, UI_LEFT);
	char s[32];
	int left = (int)ceil(fmax(v->remaining_s, 0));
	snprintf(s, sizeof s, "%d:%02d", left / 60, left % 60);
	ui_text(ui, s, UI_BOLD, ui_px(ui, 8), UI_FG, cx, cy - ui_px(ui, 5), UI_ALIGN_CENTRE, 2 * r - ui_px(ui, 7));
	double wu = ui_width_u(ui);
	int x = ui_px(ui, 40), w = ui_px(ui, wu - 42);
	snprintf(s, sizeof s, "Next: %s\u00a0%d\u00a0of\u00a0%d", v->holds ? "hold" : "set", v->next_set, v->sets);
	SDL_Rect next = ui_text(ui, s, UI_BOLD, ui_px(ui, 4.5), UI_FG, x, ui_px(ui, 12), UI_ALIGN_LEFT, w);
	if (v->next_what) /* under it, however many lines it took ("hold" wrapped it at 800x480) */
		ui_text(ui, v->next_what, UI_REGULAR, ui_body_px(ui), UI_DIM, x, (int)fmax(ui_px(ui, 19), below(ui, next, 1)),
			UI_ALIGN_LEFT, w);
	next_button(ui, "Start now", ACT(UI_ACT_NEXT, 0));
}

static void draw_summary(struct ui *ui, const struct view_summary *v)
{
	double wu = ui_width_u(ui);
	SDL_Rect t = ui_text(ui, v->title, UI_BOLD, ui_px(ui, 4.5), UI_FG, ui_px(ui, 3), ui_px(ui, 1.5), UI_ALIGN_LEFT,
			     ui->w - ui_px(ui, 28));
	/* top right, as on the exercise screens, leaving the bottom to the suggestion */
	ui_button(ui, ui_rect(ui, wu - 22, 1, 20, 7), v->button ? v->button : "Next", ACT(UI_ACT_NEXT, 0), true, false);
	int y = below(ui, t, 1) > ui_px(ui, 9) ? below(ui, t, 1) : ui_px(ui, 9), size = ui_body_px(ui);
	if (v->advice) { /* first and biggest: what to do now */
		int pad = ui_px(ui, 1.2);
		SDL_Rect a = ui_text(ui, v->advice, UI_BOLD, ui_advice_px(ui), UI_FG, ui_px(ui, 2) + pad, y + pad,
				     UI_ALIGN_LEFT, ui->w - ui_px(ui, 4) - 2 * pad);
		SDL_Rect box = { ui_px(ui, 2), y, ui->w - ui_px(ui, 4), a.h + 2 * pad };
		ui_frame_rect(ui, box, ui_px(ui, 0.5), UI_WARN);
		y = below(ui, box, 1);
	}
	/* the labels' column as wide as the widest label (at most 30 units): room for the values */
	int label_w = 0;
	for (int i = 0; i < v->n_rows && i < VIEW_MAX_ROWS; i++) {
		int lw = ui_text_width(ui, v->rows[i].label, UI_REGULAR, size);
		label_w = lw > label_w ? lw : label_w;
	}
	label_w = label_w < ui_px(ui, 30) ? label_w : ui_px(ui, 30);
	int value_x = ui_px(ui, 3) + label_w + ui_px(ui, 2), value_w = ui->w - value_x - ui_px(ui, 6.5); /* the mark right of it */
	/* as many rows as fit under the advice (the store has them all), leaving room for the
	 * suggestion and its first reason: why the patient stays or moves on */
	int keep = 0;
	if (v->suggestion)
		keep = ui_text_height(ui, v->suggestion, UI_BOLD, size, ui->w - ui_px(ui, 6)) + ui_px(ui, 2.5) +
		       (v->n_reasons > 0 ? ui_text_height(ui, v->reasons[0], UI_REGULAR, size, ui->w - ui_px(ui, 6)) : 0);
	for (int i = 0; i < v->n_rows && i < VIEW_MAX_ROWS; i++) {
		int row_h = ui_text_height(ui, v->rows[i].label, UI_REGULAR, size, label_w);
		int value_h = ui_text_height(ui, v->rows[i].value, UI_BOLD, size, value_w);
		if (y + (row_h > value_h ? row_h : value_h) > ui->h - keep)
			break;
		SDL_Rect l = ui_text(ui, v->rows[i].label, UI_REGULAR, size, UI_DIM, ui_px(ui, 3), y, UI_ALIGN_LEFT, label_w);
		enum view_mark m = v->rows[i].mark;
		SDL_Rect r = ui_text(ui, v->rows[i].value, UI_BOLD, size, m == MARK_WARN ? UI_WARN : UI_FG, value_x, y,
				     UI_ALIGN_LEFT, value_w);
		if (m != MARK_NONE) /* a symbol too, never colour alone */
			ui_text(ui, m == MARK_GOOD ? "\u2713" : "!", UI_BOLD, size, m == MARK_GOOD ? UI_GOOD : UI_WARN,
				ui->w - ui_px(ui, 4), y, UI_ALIGN_RIGHT, 0);
		y = below(ui, l.h > r.h ? l : r, 0.3);
	}
	if (v->suggestion) { /* a box for the physio, as many of the reasons as fit */
		int top = y + ui_px(ui, 0.3), x = ui_px(ui, 3), w = ui->w - ui_px(ui, 6), bottom = ui->h - ui_px(ui, 1);
		SDL_Rect s = ui_text(ui, v->suggestion, UI_BOLD, size, UI_ACCENT, x, top + ui_px(ui, 0.5), UI_ALIGN_LEFT, w);
		y = below(ui, s, 0.2);
		for (int i = 0; i < v->n_reasons && i < VIEW_MAX_REASONS; i++) { /* each whole, or no more */
			if (y + ui_text_height(ui, v->reasons[i], UI_REGULAR, size, w) > bottom - ui_px(ui, 0.5))
				break;
			y = below(ui, ui_text(ui, v->reasons[i], UI_REGULAR, size, UI_FG, x, y, UI_ALIGN_LEFT, w), 0);
		}
		ui_frame_rect(ui, (SDL_Rect){ ui_px(ui, 2), top, ui->w - ui_px(ui, 4), y - top + ui_px(ui, 0.5) }, ui_px(ui, 0.3),
			      UI_ACCENT);
	}
}

void screen_draw_patient(struct ui *ui, const struct screen_view *v)
{
	switch (v->id) {
	case SCREEN_CHOOSE_PATIENT: draw_choose(ui, &v->choose); break;
	case SCREEN_PIN: draw_pin(ui, &v->pin); break;
	case SCREEN_QUESTION: draw_question(ui, &v->question); break;
	case SCREEN_PAIN: draw_pain(ui, &v->pain); break;
	case SCREEN_STEP_ON: draw_step_on(ui, &v->step_on); break;
	case SCREEN_REST: draw_rest(ui, &v->rest); break;
	case SCREEN_SUMMARY: draw_summary(ui, &v->summary); break;
	default: break;
	}
}
