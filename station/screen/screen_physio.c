/* screen_physio.c: the physio's screens: patient list (and lists like it), patient detail
 * with the progression suggestion, progress graphs across sessions (the report's, drawn
 * by plot_screen.c), a set's force trace (plots.c), a choice of a few big buttons (a new
 * patient's side, a phase, a set). */
#include <stdio.h>
#include <string.h>

#include "screen_internal.h"
#include "status.h"
#include "text_cache.h"

/* A row's text on one line at size, or, where that wraps, at the physio's size on up to
 * two lines (what the row holds), centred in the row's height. */
static SDL_Rect row_text(struct ui *ui, const char *s, enum ui_face face, enum ui_colour c, SDL_Rect row, int x,
			 int w)
{
	int size = ui_px(ui, 3), h = ui_text_height(ui, s, face, size, w);
	if (h > size * 5 / 4) {
		size = ui_physio_px(ui);
		h = ui_text_height(ui, s, face, size, w);
	}
	return ui_text(ui, s, face, size, c, x, row.y + (row.h - h) / 2, UI_ALIGN_LEFT, w);
}

static void draw_patient_list(struct ui *ui, const struct view_patient_list *v)
{
	draw_title(ui, v->title ? v->title : "Patients");
	double wu = ui_width_u(ui);
	int n = v->n < VIEW_MAX_LIST ? v->n : VIEW_MAX_LIST, names_end = 0, names_w = 0;
	/* the names' column: as wide as the longest (a session's date and time), at most 60 % */
	for (int i = 0; i < n; i++) {
		int w, h;
		if (text_cache_measure(ui->texts, v->rows[i].name, UI_BOLD, ui_px(ui, 3), &w, &h) == ST_OK && w > names_w)
			names_w = w;
	}
	int row_w = ui_px(ui, wu - 4);
	names_w = names_w < row_w * 45 / 100 ? row_w * 45 / 100 : names_w > row_w * 60 / 100 ? row_w * 60 / 100 : names_w;
	for (int i = 0; i < n; i++) { /* the names, then the details in a column after the longest */
		SDL_Rect r = ui_rect(ui, 2, 8 + i * 6.6, wu - 4, 6.1);
		ui_fill(ui, r, UI_PANEL);
		/* the name on one line, cut when it is long */
		SDL_Rect t = ui_text_line(ui, v->rows[i].name, UI_BOLD, ui_px(ui, 3), ui_physio_px(ui), UI_FG,
					  (SDL_Rect){ r.x + ui_px(ui, 1), r.y, names_w, r.h });
		names_end = t.x + t.w > names_end ? t.x + t.w : names_end;
		ui_target(ui, r, ACT(UI_ACT_SELECT, i), false);
	}
	for (int i = 0; i < n; i++) {
		SDL_Rect r = ui_rect(ui, 2, 8 + i * 6.6, wu - 4, 6.1);
		int x = names_end + ui_px(ui, 2.5);
		if (v->rows[i].detail)
			row_text(ui, v->rows[i].detail, UI_REGULAR, UI_DIM, r, x,
				 r.x + r.w - x - ui_px(ui, v->rows[i].flagged ? 9 : 1));
		if (v->rows[i].flagged)
			ui_text(ui, "NEW", UI_BOLD, ui_px(ui, 3), UI_ACCENT, r.x + r.w - ui_px(ui, 1),
				r.y + (r.h - ui_px(ui, 3) * 117 / 100) / 2, UI_ALIGN_RIGHT, 0);
	}
	const char *add = v->title ? v->add : "Add patient";
	/* a wider screen (16:9 against 5:3) gives its room to the longest label */
	double add_w = 23 + fmax(0, wu - 80);
	if (add)
		ui_button(ui, ui_rect(ui, wu - 20 - add_w, 1, add_w, 6.5), add, ACT(UI_ACT_NEXT, 0), true, false);
	if (!v->title) /* the patient list: the plate's calibration */
		ui_button(ui, ui_rect(ui, wu - 31 - add_w, 1, 10, 6.5), "Plate", ACT(UI_ACT_CALIBRATE, 0), false, false);
	corner_back_button(ui);
}

#define REASONS_U 2.6 /* the reasons' size where they fit, down to the physio's (ui.h) */

/* Whole reasons one under another from y, wrapped to w, while the next fits above bottom
 * (a reason is never cut); NULL ones are left out. Returns how many were drawn. */
static int draw_reasons(struct ui *ui, const char *const *texts, int n, int size, int x, int y, int w, int bottom)
{
	int drawn = 0, gap = size / 4;
	for (int i = 0; i < n; i++) {
		if (!texts[i])
			continue;
		int h = ui_text_height(ui, texts[i], UI_REGULAR, size, w);
		if (y + h > bottom)
			break;
		ui_text(ui, texts[i], UI_REGULAR, size, UI_FG, x, y, UI_ALIGN_LEFT, w);
		y += h + gap;
		drawn++;
	}
	return drawn;
}

/* The height of every reason at size wrapped to w, with the gaps between them. */
static int reasons_height(struct ui *ui, const char *const *texts, int n, int size, int w)
{
	int h = 0;
	for (int i = 0; i < n; i++)
		h += texts[i] ? ui_text_height(ui, texts[i], UI_REGULAR, size, w) + size / 4 : 0;
	return h;
}

/* The suggestion opened over the facts: every reason in full, at the largest size that
 * holds them all; a touch on it (or Back) closes it. */
static void draw_reasons_open(struct ui *ui, const struct view_patient_detail *v)
{
	double wu = ui_width_u(ui);
	SDL_Rect box = ui_rect(ui, 2, 8, wu - 4, 30.5); /* between the buttons above and below */
	ui_frame_rect(ui, box, ui_px(ui, 0.3), UI_ACCENT);
	ui_target(ui, box, ACT(UI_ACT_SELECT, 1), false);
	int x = box.x + ui_px(ui, 1), w = box.w - ui_px(ui, 2), bottom = box.y + box.h - ui_px(ui, 0.5);
	SDL_Rect t = ui_text(ui, v->suggestion, UI_BOLD, ui_px(ui, 3.2), UI_ACCENT, x, box.y + ui_px(ui, 0.6),
			     UI_ALIGN_LEFT, w);
	int y = t.y + t.h + ui_px(ui, 0.6), n = v->n_reasons < VIEW_MAX_REASONS ? v->n_reasons : VIEW_MAX_REASONS;
	int size = ui_px(ui, REASONS_U);
	while (size > ui_physio_px(ui) && y + reasons_height(ui, v->reasons, n, size, w) > bottom)
		size--;
	draw_reasons(ui, v->reasons, n, size, x, y, w, bottom);
	if (v->decide) {
		ui_button(ui, ui_rect(ui, wu - 22, 1, 20, 6.5), "Confirm", ACT(UI_ACT_CONFIRM, 0), false, false);
		if (!v->declined)
			ui_button(ui, ui_rect(ui, wu - 39, 1, 16, 6.5), "Decline", ACT(UI_ACT_DECLINE, 0), false, false);
	}
}

/* What was just done: green when it was saved, the warning colour when it was not. */
static enum ui_colour status_colour(bool failed)
{
	return failed ? UI_WARN : UI_GOOD;
}

/* The suggestion under the facts, its buttons beside it when it is a phase change: the
 * reasons shortened, those that fit whole; a touch on it opens them all in full. What was
 * just done is said in its place. */
static void draw_suggestion(struct ui *ui, const struct view_patient_detail *v)
{
	double wu = ui_width_u(ui);
	SDL_Rect box = ui_rect(ui, 2, 25.5, wu - 4, 13);
	ui_frame_rect(ui, box, ui_px(ui, 0.3), v->status ? status_colour(v->failed) : UI_ACCENT);
	int x = box.x + ui_px(ui, 1), bw = box.w - ui_px(ui, v->decide ? 22 : 2), size = ui_physio_px(ui);
	ui_target(ui, (SDL_Rect){ box.x, box.y, bw, box.h }, ACT(UI_ACT_SELECT, 1), false);
	if (v->decide) {
		ui_button(ui, ui_rect(ui, wu - 21, 25.9, 18, 6), "Confirm", ACT(UI_ACT_CONFIRM, 0), false, false);
		if (!v->declined)
			ui_button(ui, ui_rect(ui, wu - 21, 32.2, 18, 6), "Decline", ACT(UI_ACT_DECLINE, 0), false, false);
	}
	if (v->status) { /* smaller, down to the physio's size, where it would run out of the box */
		int said = ui_px(ui, 3.0);
		while (said > size && ui_text_height(ui, v->status, UI_BOLD, said, bw) > box.h - ui_px(ui, 1))
			said--;
		ui_text(ui, v->status, UI_BOLD, said, status_colour(v->failed), x, box.y + ui_px(ui, 0.6), UI_ALIGN_LEFT, bw);
		return;
	}
	SDL_Rect t = ui_text(ui, v->suggestion, UI_BOLD, ui_px(ui, 3.2), UI_ACCENT, x, box.y + ui_px(ui, 0.6),
			     UI_ALIGN_LEFT, bw);
	int n = v->n_reasons < VIEW_MAX_REASONS ? v->n_reasons : VIEW_MAX_REASONS, whole = 0;
	for (int i = 0; i < n; i++) /* the reasons a brief gives in full */
		whole += v->briefs[i] && strcmp(v->briefs[i], v->reasons[i]) == 0;
	int cue_y = box.y + box.h - ui_px(ui, 0.4) - ui_text_height(ui, "x", UI_REGULAR, size, bw);
	int drawn = draw_reasons(ui, v->briefs, n, size, x, t.y + t.h + ui_px(ui, 0.3), bw, cue_y);
	if (drawn < n || whole < n)
		ui_text(ui, "Touch here for every reason in full", UI_BOLD, size, UI_DIM, x, cue_y, UI_ALIGN_LEFT, bw);
}

/* size, or the physio's size where s at size would wrap onto the line below it (a phase 5
 * exercise's name, a long last session). */
static int one_line(struct ui *ui, const char *s, enum ui_face face, int size)
{
	return s && ui_text_height(ui, s, face, size, ui->w - ui_px(ui, 6)) > size * 5 / 4 ? ui_physio_px(ui) : size;
}

/* One of the patient's facts on its line at y units. */
static void info_line(struct ui *ui, const char *s, enum ui_face face, int size, enum ui_colour c, double y)
{
	if (s)
		ui_text(ui, s, face, size, c, ui_px(ui, 3), ui_px(ui, y), UI_ALIGN_LEFT, ui->w - ui_px(ui, 6));
}

static void draw_patient_detail(struct ui *ui, const struct view_patient_detail *v)
{
	double wu = ui_width_u(ui);
	/* the name on its line up to the VISA-A button */
	ui_text_line(ui, v->name, UI_BOLD, ui_px(ui, 4.5), ui_physio_px(ui), UI_FG, ui_rect(ui, 3, 1, wu - 43, 6.5));
	back_button(ui);
	/* the two share the room between Back and Graphs (16 units each at 5:3, more when wider) */
	double mid_w = (wu - 48) / 2;
	ui_button(ui, ui_rect(ui, 19, 39, mid_w, 7.5), "Last set", ACT(UI_ACT_SELECT, 0), false, false);
	ui_button(ui, ui_rect(ui, 21 + mid_w, 39, mid_w, 7.5), "Report", ACT(UI_ACT_EXPORT, 0), false, false);
	next_button(ui, "Graphs", ACT(UI_ACT_NEXT, 0));
	if (v->suggestion && v->reasons_open && !v->status) { /* what was just done shows under the facts */
		draw_reasons_open(ui, v);
		return;
	}
	int size = ui_px(ui, 3.2);
	char s[160];
	snprintf(s, sizeof s, "Phase %d: %s", v->phase, v->exercise);
	info_line(ui, s, UI_BOLD, one_line(ui, s, UI_BOLD, size), UI_ACCENT, 7.6);
	int line = ui_px(ui, 2.8); /* the facts at one size, the smaller where one of them needs it */
	const char *regular[4] = { v->dose, v->last, v->facts, v->visa };
	for (int i = 0; i < 4; i++)
		line = one_line(ui, regular[i], UI_REGULAR, line);
	line = one_line(ui, v->warning, UI_BOLD, line);
	info_line(ui, v->dose, UI_REGULAR, line, UI_FG, 10.9);
	info_line(ui, v->last, UI_REGULAR, line, UI_DIM, 13.75);
	info_line(ui, v->facts, UI_REGULAR, line, UI_FG, 16.6);
	info_line(ui, v->visa, UI_REGULAR, line, UI_DIM, 19.45);
	info_line(ui, v->warning, UI_BOLD, line, UI_WARN, 22.3);
	if (v->suggestion)
		draw_suggestion(ui, v);
	else if (v->status)
		ui_text(ui, v->status, UI_BOLD, size, status_colour(v->failed), ui_px(ui, 3), ui_px(ui, 26), UI_ALIGN_LEFT,
			ui->w - ui_px(ui, 6));
	ui_button(ui, ui_rect(ui, wu - 22, 1, 20, 6.5), "Set phase", ACT(UI_ACT_SET_PHASE, 0), false, false);
	ui_button(ui, ui_rect(ui, wu - 39, 1, 16, 6.5), "VISA-A", ACT(UI_ACT_VISA, 0), false, false);
}

static void draw_graphs(struct ui *ui, const struct view_graphs *v)
{
	double wu = ui_width_u(ui);
	int n = v->n;
	int sel = v->selected < 0 ? 0 : v->selected >= n ? n - 1 : v->selected;
	/* one graph at a time, big; previous and next step through them (wrapping) */
	ui_button(ui, ui_rect(ui, 2, 1, 16, 6.5), "\u25c0 Prev", ACT(UI_ACT_SELECT, (sel + n - 1) % (n ? n : 1)), false,
		  false);
	/* the "next" key (a clicker) steps through the graphs */
	ui_button(ui, ui_rect(ui, wu - 18, 1, 16, 6.5), "Next \u25b6", ACT(UI_ACT_SELECT, (sel + 1) % (n ? n : 1)), true,
		  false);
	char s[200]; /* a name of up to 127 bytes and the count */
	snprintf(s, sizeof s, "%s: %d of %d", v->patient ? v->patient : "Progress", sel + 1, n);
	ui_text_line(ui, s, UI_REGULAR, ui_px(ui, 3), ui_physio_px(ui), UI_DIM, ui_rect(ui, 20, 1, wu - 40, 6.5));
	if (n > 0)
		draw_plot(ui, &v->graphs[sel], ui_rect(ui, 2, 8.2, wu - 4, 30.4));
	back_button(ui);
	if (v->status) /* from the buttons' top, at the physio's size: a folder's name takes lines */
		ui_text(ui, v->status, UI_REGULAR, ui_physio_px(ui), v->failed ? UI_WARN : UI_DIM, ui_px(ui, 20),
			ui_px(ui, 39), UI_ALIGN_LEFT, ui_px(ui, wu - 48));
	ui_button(ui, ui_rect(ui, wu - 26, 39, 24, 7.5), "Export PNG", ACT(UI_ACT_EXPORT, 0), false, false);
}

static void draw_trace_screen(struct ui *ui, const struct view_force_trace *t)
{
	draw_force_trace_title(ui, t);
	double wu = ui_width_u(ui);
	/* what an export did, under a shorter trace: a folder's name takes a line or two */
	draw_force_trace(ui, t, ui_rect(ui, 2, 7.5, wu - 4, t->status ? 24 : 31));
	if (t->status)
		ui_text(ui, t->status, UI_BOLD, ui_physio_px(ui), status_colour(t->failed), ui_px(ui, 3),
			ui_px(ui, 32), UI_ALIGN_LEFT, ui->w - ui_px(ui, 6));
	back_button(ui);
	ui_button(ui, ui_rect(ui, 19, 39, 20, 7.5), "Other set", ACT(UI_ACT_SELECT, 0), false, false);
	next_button(ui, "Export PNG", ACT(UI_ACT_EXPORT, 0));
}

static void draw_choice(struct ui *ui, const struct view_choice *v)
{
	button_row(ui, v->title, v->question, v->labels, v->n < VIEW_MAX_CHOICES ? v->n : VIEW_MAX_CHOICES, v->selected,
		   UI_ACT_SELECT);
	if (v->detail) { /* one line, or two a little smaller and higher: above the buttons either way */
		int size = ui_px(ui, 3.5), w = ui->w - ui_px(ui, 6);
		bool two = ui_text_height(ui, v->detail, UI_REGULAR, size, w) > size * 5 / 4;
		ui_text(ui, v->detail, UI_REGULAR, two ? ui_px(ui, 3.1) : size, UI_FG, ui_px(ui, 3),
			ui_px(ui, two ? 30.8 : 32.5), UI_ALIGN_LEFT, w);
	}
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
