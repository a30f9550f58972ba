/* screen_physio.c: the physio's screens: patient list (and lists like it), patient detail
 * with the progression suggestion, progress graphs across sessions (the report's, drawn
 * by plot_screen.c), a set's force trace (plots.c), a choice of a few big buttons (a new
 * patient's side, a phase, a set). */
#include <stdio.h>

#include "screen_internal.h"

static void draw_patient_list(struct ui *ui, const struct view_patient_list *v)
{
	draw_title(ui, v->title ? v->title : "Patients");
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
	const char *add = v->title ? v->add : "Add patient";
	if (add)
		ui_button(ui, ui_rect(ui, wu - 43, 1, 23, 6.5), add, ACT(UI_ACT_NEXT, 0), true, false);
	if (!v->title) /* the patient list: the plate's calibration */
		ui_button(ui, ui_rect(ui, wu - 54, 1, 10, 6.5), "Plate", ACT(UI_ACT_CALIBRATE, 0), false, false);
	ui_button(ui, ui_rect(ui, wu - 18, 1, 16, 6.5), "Back", ACT(UI_ACT_BACK, 0), false, false);
}

static void draw_patient_detail(struct ui *ui, const struct view_patient_detail *v)
{
	draw_title(ui, v->name);
	int x = ui_px(ui, 3), w = ui->w - ui_px(ui, 6), size = ui_px(ui, 3.2), line = ui_px(ui, 2.8);
	char s[160];
	snprintf(s, sizeof s, "Phase %d: %s", v->phase, v->exercise);
	ui_text(ui, s, UI_BOLD, size, UI_ACCENT, x, ui_px(ui, 7.6), UI_ALIGN_LEFT, w);
	ui_text(ui, v->dose, UI_REGULAR, line, UI_FG, x, ui_px(ui, 10.9), UI_ALIGN_LEFT, w);
	if (v->last)
		ui_text(ui, v->last, UI_REGULAR, line, UI_DIM, x, ui_px(ui, 13.75), UI_ALIGN_LEFT, w);
	if (v->facts)
		ui_text(ui, v->facts, UI_REGULAR, line, UI_FG, x, ui_px(ui, 16.6), UI_ALIGN_LEFT, w);
	if (v->visa)
		ui_text(ui, v->visa, UI_REGULAR, line, UI_DIM, x, ui_px(ui, 19.45), UI_ALIGN_LEFT, w);
	if (v->warning)
		ui_text(ui, v->warning, UI_BOLD, line, UI_WARN, x, ui_px(ui, 22.3), UI_ALIGN_LEFT, w);
	double wu = ui_width_u(ui);
	if (v->suggestion) { /* the suggestion and its reasons; the buttons beside them */
		SDL_Rect box = ui_rect(ui, 2, 25.5, wu - 4, 13);
		ui_frame_rect(ui, box, ui_px(ui, 0.3), UI_ACCENT);
		int bw = box.w - ui_px(ui, 22);
		ui_text(ui, v->suggestion, UI_BOLD, size, UI_ACCENT, x, ui_px(ui, 26.1), UI_ALIGN_LEFT, bw);
		for (int i = 0; i < v->n_reasons && i < VIEW_DETAIL_REASONS; i++)
			ui_text(ui, v->reasons[i], UI_REGULAR, ui_px(ui, 2.6), UI_FG, x, ui_px(ui, 29.9 + i * 2.8),
				UI_ALIGN_LEFT, bw);
		ui_button(ui, ui_rect(ui, wu - 21, 25.9, 18, 6), "Confirm", ACT(UI_ACT_CONFIRM, 0), false, false);
		ui_button(ui, ui_rect(ui, wu - 21, 32.2, 18, 6), "Decline", ACT(UI_ACT_DECLINE, 0), false, false);
	} else if (v->status) {
		ui_text(ui, v->status, UI_BOLD, size, UI_GOOD, x, ui_px(ui, 26), UI_ALIGN_LEFT, w);
	}
	ui_button(ui, ui_rect(ui, wu - 22, 1, 20, 6.5), "Set phase", ACT(UI_ACT_SET_PHASE, 0), false, false);
	ui_button(ui, ui_rect(ui, wu - 39, 1, 16, 6.5), "VISA-A", ACT(UI_ACT_VISA, 0), false, false);
	back_button(ui);
	ui_button(ui, ui_rect(ui, 19, 39, 16, 7.5), "Last set", ACT(UI_ACT_SELECT, 0), false, false);
	ui_button(ui, ui_rect(ui, 37, 39, 16, 7.5), "Report", ACT(UI_ACT_EXPORT, 0), false, false);
	next_button(ui, "Graphs", ACT(UI_ACT_NEXT, 0));
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
	char s[96];
	snprintf(s, sizeof s, "%s: %d of %d", v->patient ? v->patient : "Progress", sel + 1, n);
	ui_text_in(ui, s, UI_REGULAR, ui_px(ui, 3), UI_DIM, ui_rect(ui, 19, 1, wu - 38, 6.5));
	if (n > 0)
		draw_plot(ui, &v->graphs[sel], ui_rect(ui, 2, 8.2, wu - 4, 30.4));
	back_button(ui);
	if (v->status)
		ui_text(ui, v->status, UI_REGULAR, ui_px(ui, 3), UI_DIM, ui_px(ui, 20), ui_px(ui, 41), UI_ALIGN_LEFT,
			ui_px(ui, wu - 48));
	ui_button(ui, ui_rect(ui, wu - 26, 39, 24, 7.5), "Export PNG", ACT(UI_ACT_EXPORT, 0), false, false);
}

static void draw_trace_screen(struct ui *ui, const struct view_force_trace *t)
{
	draw_title(ui, t->title);
	double wu = ui_width_u(ui);
	draw_force_trace(ui, t, ui_rect(ui, 2, 7.5, wu - 4, 31));
	back_button(ui);
	ui_button(ui, ui_rect(ui, 19, 39, 20, 7.5), "Other set", ACT(UI_ACT_SELECT, 0), false, false);
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
