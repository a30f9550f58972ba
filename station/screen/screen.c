/* screen.c: draws a view (views.h): each screen id to the file that draws it, and the
 * unplugged overlay over any of them. */
#include "screen_internal.h"

/* The plate went away: a plain message on the plain ground ui_begin() cleared, instead
 * of the screen (opaque: blending the whole screen costs the software renderer more than
 * a frame at 1920x1080; drawing the screen beneath and filling over it, two fills of it).
 * Nothing on it answers a touch until the plate is back. */
static void draw_unplugged(struct ui *ui)
{
	double wu = ui_width_u(ui);
	SDL_Rect box = ui_rect(ui, 4, 10, wu - 8, 26);
	ui_fill(ui, box, UI_PANEL);
	ui_frame_rect(ui, box, ui_px(ui, 0.6), UI_WARN);
	int w = box.w - ui_px(ui, 4);
	ui_text(ui, "The plate is unplugged", UI_BOLD, ui_px(ui, 5.5), UI_FG, ui->w / 2, ui_px(ui, 13), UI_ALIGN_CENTRE, w);
	ui_text(ui, "Plug it back in.", UI_REGULAR, ui_px(ui, 4.2), UI_FG, ui->w / 2, ui_px(ui, 22), UI_ALIGN_CENTRE, w);
	ui_text(ui, "The session goes on where it stopped.", UI_REGULAR, ui_px(ui, 3.5), UI_DIM, ui->w / 2,
		ui_px(ui, 28.5), UI_ALIGN_CENTRE, w);
}

void screen_draw(struct ui *ui, const struct screen_view *v)
{
	if (v->unplugged) {
		draw_unplugged(ui);
		return;
	}
	ui->min_cap_u = UI_BODY_CAP_U; /* ui.h's rule: the physio's own screens set theirs */
	switch (v->id) {
	case SCREEN_CHOOSE_PATIENT:
	case SCREEN_PIN:
	case SCREEN_QUESTION:
	case SCREEN_PAIN:
	case SCREEN_STEP_ON:
	case SCREEN_REST:
	case SCREEN_SUMMARY:
		screen_draw_patient(ui, v);
		break;
	case SCREEN_HOLD:
	case SCREEN_RAISES:
	case SCREEN_HOPS:
		screen_draw_exercise(ui, v);
		break;
	case SCREEN_PATIENT_LIST:
	case SCREEN_PATIENT_DETAIL:
	case SCREEN_GRAPHS:
	case SCREEN_FORCE_TRACE:
	case SCREEN_CHOICE:
		ui->min_cap_u = UI_PHYSIO_CAP_U;
		screen_draw_physio(ui, v);
		break;
	case SCREEN_KEYBOARD:
		ui->min_cap_u = UI_PHYSIO_CAP_U;
		screen_draw_keyboard(ui, v);
		break;
	case SCREEN_VISA:
		screen_draw_visa(ui, &v->visa);
		break;
	case SCREEN_CALIBRATE:
		ui->min_cap_u = UI_PHYSIO_CAP_U;
		screen_draw_calibrate(ui, &v->calibrate);
		break;
	case SCREEN_COUNT:
		break;
	}
}

/* Where the back key ends a session (or, on the first page of names, leaves the
 * station): held, not pressed (ui.h's hold_back). */
static bool back_is_held(const struct screen_view *v)
{
	switch (v->id) {
	case SCREEN_QUESTION:
		return !v->question.back_at_once;
	case SCREEN_PAIN:
		return !v->pain.back_at_once;
	case SCREEN_CHOOSE_PATIENT: case SCREEN_STEP_ON: case SCREEN_HOLD:
	case SCREEN_RAISES: case SCREEN_HOPS: case SCREEN_REST: case SCREEN_SUMMARY:
		return true;
	default:
		return false;
	}
}

/* What makes a screen a new one to the patient (ui_new_view): its kind, and its
 * question or title. FNV-1a over the text. */
static uint64_t view_identity(const struct screen_view *v)
{
	const char *s = v->id == SCREEN_QUESTION ? v->question.question
			: v->id == SCREEN_PAIN	 ? v->pain.question
			: v->id == SCREEN_SUMMARY  ? v->summary.title
						   : NULL;
	uint64_t h = 0xcbf29ce484222325u ^ (uint64_t)v->id ^ (v->id == SCREEN_QUESTION ? (uint64_t)v->question.number << 32 : 0);
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3u;
	return h;
}

void screen_show(struct ui *ui, const struct screen_view *v)
{
	ui_new_view(ui, view_identity(v));
	ui->hold_back = back_is_held(v); /* for the frame's Back button, and the keys after it */
	ui_begin(ui);
	screen_draw(ui, v);
	ui_end(ui);
}
