/* ui.c: the window or offscreen image, drawing primitives, text and input. */
#include "ui.h"

#include <math.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LOG_PREFIX "screen"
#include "log.h"
#include "renderer.h"
#include "safe_file.h"
#include "status.h"
#include "text_cache.h"

const SDL_Color ui_palette[UI_COLOURS] = {
	[UI_BG] = { 14, 17, 22, 255 },      [UI_PANEL] = { 44, 50, 60, 255 },
	[UI_FG] = { 248, 248, 248, 255 },   [UI_DIM] = { 190, 196, 204, 255 },
	[UI_LEFT] = { 86, 180, 233, 255 },  [UI_RIGHT] = { 230, 159, 0, 255 },
	[UI_WARN] = { 213, 94, 0, 255 },    [UI_GOOD] = { 0, 158, 115, 255 },
	[UI_ACCENT] = { 240, 228, 66, 255 }, [UI_GRID] = { 70, 78, 90, 255 },
};

/* The same meanings on white, for images that are printed or filed: the report's light
 * ground, its dark text, and the Okabe-Ito hues dark enough to read on white. */
const SDL_Color ui_palette_paper[UI_COLOURS] = {
	[UI_BG] = { 255, 255, 255, 255 },   [UI_PANEL] = { 232, 234, 238, 255 },
	[UI_FG] = { 20, 20, 20, 255 },      [UI_DIM] = { 77, 77, 77, 255 },
	[UI_LEFT] = { 0, 114, 178, 255 },   [UI_RIGHT] = { 213, 94, 0, 255 },
	[UI_WARN] = { 190, 60, 0, 255 },    [UI_GOOD] = { 0, 140, 100, 255 },
	[UI_ACCENT] = { 200, 170, 0, 255 }, [UI_GRID] = { 210, 212, 216, 255 },
};

static const struct ui_target *primary_target(const struct ui *ui);

static void set_size(struct ui *ui, int w, int h)
{
	ui->w = w;
	ui->u = fminf((float)w / 80.0f, (float)h / 48.0f);
	ui->win_h = h;
	ui->h = (float)h / 48.0f > ui->u ? (int)lroundf(48 * ui->u) : h; /* wider: the layout takes the width */
	ui->top = (h - ui->h) / 2;
}

static int finish_open(struct ui *ui, struct ui **out)
{
	ui->palette = ui_palette;
	/* every colour is opaque: fills copy rather than blend (blending costs the software
	 * renderer ~25 instructions a pixel); text textures blend on their own */
	SDL_SetRenderDrawBlendMode(ui->ren, SDL_BLENDMODE_NONE);
	int rc = text_cache_new(ui->ren, &ui->texts);
	if (rc != ST_OK) {
		ui_close(ui);
		return rc;
	}
	ui->pressed = -1;
	ui->min_cap_u = UI_BODY_CAP_U;
	*out = ui;
	return ST_OK;
}

int ui_open(const struct ui_options *opt, struct ui **out)
{
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0)
		return st_fail(ST_ERR_NOT_FOUND, "no display to show the screen on (%s)", SDL_GetError());
	struct ui *ui = calloc(1, sizeof *ui);
	if (!ui) {
		SDL_QuitSubSystem(SDL_INIT_VIDEO);
		return st_fail(ST_ERR_NOMEM, "screen: out of memory");
	}
	int w = opt->width, h = opt->height;
	SDL_Rect usable = { 0, 0, 8192, 8192 };
	SDL_GetDisplayUsableBounds(0, &usable);
	/* without a display (SDL_VIDEODRIVER=offscreen or dummy) a window of the size asked */
	const char *driver = SDL_GetCurrentVideoDriver();
	bool no_display = driver && (strcmp(driver, "offscreen") == 0 || strcmp(driver, "dummy") == 0);
	if (w <= 0 || h <= 0) { /* the default window, no bigger than the display (7": 800x480) */
		w = usable.w < 1024 ? usable.w : 1024;
		h = usable.h < 600 ? usable.h : 600;
	} else if (!no_display && (w > usable.w || h > usable.h)) { /* else cut off at the display's edge */
		log_info("a %dx%d window does not fit the display's %dx%d: fitted to it", w, h, usable.w, usable.h);
		w = w < usable.w ? w : usable.w;
		h = h < usable.h ? h : usable.h;
	}
	Uint32 flags = opt->windowed ? SDL_WINDOW_RESIZABLE : no_display ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP;
	int x = SDL_WINDOWPOS_CENTERED, y = SDL_WINDOWPOS_CENTERED;
	SDL_Rect whole;
	if (flags == SDL_WINDOW_FULLSCREEN_DESKTOP && SDL_GetDisplayBounds(0, &whole) == 0) {
		/* full screen at the display's size from the start: an X server without a window
		 * manager leaves the window as made (a stranger's 1024x600 corner of 1920x1080,
		 * drawn for the whole screen and cut off) */
		x = whole.x, y = whole.y, w = whole.w, h = whole.h;
	}
	ui->win = SDL_CreateWindow("Calf-raise station", x, y, w, h, flags);
	if (ui->win) {
		SDL_SetWindowMinimumSize(ui->win, usable.w < UI_MIN_W ? usable.w : UI_MIN_W,
					 usable.h < UI_MIN_H ? usable.h : UI_MIN_H);
		bool fell_back;
		ui->ren = renderer_create(ui->win, opt->vsync, getenv("STATION_RENDERER"), &fell_back);
	}
	if (!ui->ren) {
		int rc = st_fail(ST_ERR, "cannot open a window: %s", SDL_GetError());
		ui_close(ui);
		return rc;
	}
	if (!opt->windowed)
		SDL_ShowCursor(SDL_DISABLE); /* a touch screen or a TV: no pointer over the screen */
	SDL_GetRendererOutputSize(ui->ren, &w, &h);
	set_size(ui, w, h);
	ui->text_budget_ms = opt->text_budget_ms;
	int rc = finish_open(ui, out);
	/* the type of most text, ready before the first frame */
	for (int face = UI_REGULAR; rc == ST_OK && ui->text_budget_ms > 0 && face <= UI_BOLD; face++) {
		text_cache_warm(ui->texts, face, ui_body_px(ui));
		text_cache_warm(ui->texts, face, ui_advice_px(ui));
	}
	return rc;
}

int ui_open_offscreen(int w, int h, struct ui **out)
{
	if (w < 16 || h < 16 || w > 8192 || h > 8192)
		return st_fail(ST_ERR_ARG, "offscreen screen: size %dx%d outside 16..8192", w, h);
	struct ui *ui = calloc(1, sizeof *ui);
	if (!ui)
		return st_fail(ST_ERR_NOMEM, "screen: out of memory");
	ui->surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	ui->ren = ui->surface ? SDL_CreateSoftwareRenderer(ui->surface) : NULL;
	if (!ui->ren) {
		int rc = st_fail(ST_ERR, "offscreen screen: %s", SDL_GetError());
		ui_close(ui);
		return rc;
	}
	set_size(ui, w, h);
	return finish_open(ui, out);
}

void ui_close(struct ui *ui)
{
	if (!ui)
		return;
	text_cache_free(ui->texts);
	if (ui->plot_card)
		SDL_DestroyTexture(ui->plot_card);
	if (ui->ren)
		SDL_DestroyRenderer(ui->ren);
	if (ui->surface)
		SDL_FreeSurface(ui->surface);
	if (ui->win) {
		SDL_DestroyWindow(ui->win);
		SDL_QuitSubSystem(SDL_INIT_VIDEO);
	}
	free(ui);
}

void ui_begin(struct ui *ui)
{
	if (ui->win) {
		int w, h;
		SDL_GetRendererOutputSize(ui->ren, &w, &h);
		set_size(ui, w, h);
	}
	ui->n_targets = 0;
	ui->n_texts = 0;
	ui->incomplete = false;
	ui->rendered_this_frame = false;
	ui->frame_start = SDL_GetPerformanceCounter();
	bool holding = ui->key_held || (ui->pressed >= 0 && ui->shown[ui->pressed].hold);
	ui->hold_frac = holding ? fmin((double)(SDL_GetTicks() - ui->press_ms) / UI_HOLD_MS, 1) : 0;
	ui->back_frac = ui->back_held ? fmin((double)(SDL_GetTicks() - ui->back_ms) / UI_HOLD_MS, 1) : 0;
	SDL_RenderSetViewport(ui->ren, NULL);
	ui_colour(ui, UI_BG);
	SDL_RenderClear(ui->ren);
	SDL_RenderSetViewport(ui->ren, &(SDL_Rect){ 0, ui->top, ui->w, ui->h });
}

void ui_end(struct ui *ui)
{
	if (ui->incomplete)
		return;
	if (ui->win)
		SDL_RenderPresent(ui->ren);
	/* a finger still down stays on its target when the new frame has the same one; on a
	 * held Back that went with the screen, it still stops the session (ui.h) */
	int pressed = -1;
	for (int i = 0; ui->pressed >= 0 && i < ui->n_targets && pressed < 0; i++) {
		const struct ui_target *t = &ui->targets[i], *was = &ui->shown[ui->pressed];
		if (SDL_RectEquals(&t->r, &was->r) && t->act.kind == was->act.kind && t->act.index == was->act.index)
			pressed = i;
	}
	if (ui->pressed >= 0 && pressed < 0 && ui->shown[ui->pressed].hold && ui->shown[ui->pressed].act.kind == UI_ACT_BACK)
		ui->back_touched = true;
	memcpy(ui->shown, ui->targets, sizeof ui->targets[0] * (size_t)ui->n_targets);
	ui->n_shown = ui->n_targets;
	ui->pressed = pressed;
	if (ui->key_held && !primary_target(ui))
		ui->key_held = false; /* the screen changed under the key */
}

/* ---- input ---- */

static int target_at(const struct ui *ui, int x, int y)
{
	SDL_Point p = { x, y };
	for (int i = ui->n_shown - 1; i >= 0; i--) /* the last drawn is on top */
		if (SDL_PointInRect(&p, &ui->shown[i].r))
			return i;
	return -1;
}

static const struct ui_target *primary_target(const struct ui *ui)
{
	for (int i = 0; i < ui->n_shown; i++)
		if (ui->shown[i].primary)
			return &ui->shown[i];
	return NULL;
}

static bool held_long_enough(const struct ui *ui, Uint32 now_ms)
{
	return now_ms - ui->press_ms >= UI_HOLD_MS;
}

/* Whether the key acting now is the one that acted under UI_BOUNCE_MS ago (a bounce). */
static bool bounced(struct ui *ui, SDL_Keycode k, Uint32 now_ms)
{
	bool bounce = k == ui->acted_key && now_ms - ui->acted_ms < UI_BOUNCE_MS;
	ui->acted_key = k;
	ui->acted_ms = now_ms;
	return bounce;
}

/* Whether an act at now_ms comes too soon after the act that brought a new screen up
 * (UI_SETTLE_MS); if not, it acts, and the screen is no longer new. Timed by the events'
 * own clock. */
static bool settling(struct ui *ui, Uint32 now_ms)
{
	if (ui->view_is_new && ui->last_act_ms && now_ms >= ui->last_act_ms && now_ms - ui->last_act_ms < UI_SETTLE_MS)
		return true;
	ui->view_is_new = false;
	ui->last_act_ms = now_ms ? now_ms : 1;
	return false;
}

/* The target a touch acted on, as a code of its own beside the keys' (UI_BOUNCE_MS). */
static SDL_Keycode touch_code(struct ui_action a)
{
	return (SDL_Keycode)(0x70000000u | ((unsigned)a.kind << 16) | ((unsigned)a.index & 0xffffu));
}

/* A press picks a target; the release on the same target acts (so a finger sliding
 * off cancels, as on a phone); a hold target's release acts only after UI_HOLD_MS. Two
 * taps on a target within UI_BOUNCE_MS act once (two clicks 40 ms apart answered two
 * red-flag questions). */
static bool press(struct ui *ui, int x, int y, bool down, Uint32 now_ms, struct ui_action *out)
{
	int t = target_at(ui, x, y);
	bool back_touched = ui->back_touched;
	ui->back_touched = false;
	if (down) {
		ui->pressed = t;
		ui->press_ms = now_ms;
		return false;
	}
	if (back_touched && held_long_enough(ui, now_ms)) {
		*out = (struct ui_action){ UI_ACT_BACK, 0 };
		return true;
	}
	bool hit = t >= 0 && t == ui->pressed && (!ui->shown[t].hold || held_long_enough(ui, now_ms));
	ui->pressed = -1;
	ui->one_typed = ui->one_typed && !hit; /* a 1, a tap, a 0: not 10 */
	if (hit)
		*out = ui->shown[t].act;
	return hit && !bounced(ui, touch_code(*out), now_ms) && !settling(ui, now_ms);
}

static bool is_next_key(SDL_Keycode k)
{
	return k == SDLK_SPACE || k == SDLK_RETURN || k == SDLK_KP_ENTER || k == SDLK_PAGEDOWN;
}

static bool is_back_key(SDL_Keycode k)
{
	return k == SDLK_ESCAPE || k == SDLK_PAGEUP;
}

/* Whether the screen's primary target is held to act (ending a set): there the back key
 * (a clicker's other button) is held as long too, one stray press ending nothing. */
static bool holding_screen(const struct ui *ui)
{
	const struct ui_target *t = primary_target(ui);
	return t && t->hold;
}

/* The "next" key: the primary target acts at once, or, a hold target, once the key has
 * been down UI_HOLD_MS (at a key repeat or at the release, whichever comes first). */
static bool next_key(struct ui *ui, const SDL_KeyboardEvent *e, struct ui_action *out)
{
	const struct ui_target *t = primary_target(ui);
	if (!t)
		return false;
	if (!t->hold) {
		*out = t->act;
		return e->type == SDL_KEYDOWN && !e->repeat;
	}
	if (e->type == SDL_KEYDOWN && !e->repeat) {
		ui->key_held = true;
		ui->press_ms = e->timestamp;
		return false;
	}
	if (!ui->key_held || !held_long_enough(ui, e->timestamp)) {
		ui->key_held = ui->key_held && e->type == SDL_KEYDOWN;
		return false;
	}
	ui->key_held = false;
	*out = t->act;
	return true;
}

/* The back key where it ends a session or leaves the station: it acts once held
 * UI_HOLD_MS, as ending a set does (a clicker's back button, pressed once by mistake,
 * stopped a whole session). */
static bool back_key_held(struct ui *ui, const SDL_KeyboardEvent *e, struct ui_action *out)
{
	if (e->type == SDL_KEYDOWN && !e->repeat) {
		ui->back_held = true;
		ui->back_ms = e->timestamp;
		return false;
	}
	if (!ui->back_held || e->timestamp - ui->back_ms < UI_HOLD_MS) {
		ui->back_held = ui->back_held && e->type == SDL_KEYDOWN;
		return false;
	}
	ui->back_held = false;
	*out = (struct ui_action){ UI_ACT_BACK, 0 };
	return true;
}

static bool key(SDL_Keycode k, struct ui_action *out)
{
	switch (k) {
	case SDLK_ESCAPE: case SDLK_PAGEUP: /* (is_back_key) */
		*out = (struct ui_action){ UI_ACT_BACK, 0 };
		return true;
	case SDLK_BACKSPACE:
		*out = (struct ui_action){ UI_ACT_DELETE, 0 };
		return true;
	case SDLK_m:
		*out = (struct ui_action){ UI_ACT_MUTE, 0 };
		return true;
	case SDLK_y:
		*out = (struct ui_action){ UI_ACT_YES, 0 };
		return true;
	case SDLK_n:
		*out = (struct ui_action){ UI_ACT_NO, 0 };
		return true;
	case SDLK_RIGHT: case SDLK_UP: case SDLK_LEFT: case SDLK_DOWN: /* a clicker's or keypad's arrows */
		*out = (struct ui_action){ UI_ACT_STEP, k == SDLK_RIGHT || k == SDLK_UP ? 1 : -1 };
		return true;
	default:
		if (k >= SDLK_0 && k <= SDLK_9) {
			*out = (struct ui_action){ UI_ACT_DIGIT, (int)(k - SDLK_0) };
			return true;
		}
		if (k >= SDLK_KP_1 && k <= SDLK_KP_0) { /* SDL orders the keypad 1..9, 0 */
			*out = (struct ui_action){ UI_ACT_DIGIT, k == SDLK_KP_0 ? 0 : (int)(k - SDLK_KP_1) + 1 };
			return true;
		}
		return false;
	}
}

/* Typing 1 then 0 is 10 where the screen has a 10 to choose (the pain scale), however
 * slowly: with a time limit, a slow typist meaning the worst pain recorded none, and the
 * pain gate let them through (a stranger's). 1, 0, 0 is 0. */
static void typed_ten(struct ui *ui, struct ui_action *out)
{
	if (out->kind != UI_ACT_DIGIT) {
		ui->one_typed = false;
		return;
	}
	bool ten = false;
	for (int i = 0; i < ui->n_shown; i++)
		ten |= ui->shown[i].act.kind == UI_ACT_DIGIT && ui->shown[i].act.index == 10;
	if (ten && out->index == 0 && ui->one_typed)
		out->index = 10;
	ui->one_typed = out->index == 1;
}

void ui_new_view(struct ui *ui, uint64_t identity)
{
	if (identity == ui->view_identity)
		return;
	ui->view_identity = identity;
	ui->one_typed = false; /* a 1 typed on the last screen */
	ui->view_is_new = true;
}

bool ui_event(struct ui *ui, const SDL_Event *ev, struct ui_action *out)
{
	*out = (struct ui_action){ UI_ACT_NONE, 0 };
	switch (ev->type) {
	case SDL_QUIT:
		out->kind = UI_ACT_QUIT;
		return true;
	case SDL_KEYDOWN: case SDL_KEYUP: {
		SDL_Keycode k = ev->key.keysym.sym;
		bool acts;
		/* a back key held from a screen where it stops the session goes on doing so if a set
		 * starts under it (the plate's patient stood still: a stranger's Esc held 2.5 s on
		 * the step-on screen was lost to the set's "End set") */
		bool back_goes_on = is_back_key(k) && ui->back_held && (ev->type == SDL_KEYUP || ev->key.repeat);
		if (is_next_key(k) || (is_back_key(k) && holding_screen(ui) && !back_goes_on))
			acts = next_key(ui, &ev->key, out);
		else if (is_back_key(k) && (ui->hold_back || back_goes_on))
			acts = back_key_held(ui, &ev->key, out);
		else if ((acts = ev->type == SDL_KEYDOWN && !ev->key.repeat && key(k, out)))
			typed_ten(ui, out);
		return acts && !bounced(ui, k, ev->key.timestamp) && !settling(ui, ev->key.timestamp);
	}
	case SDL_FINGERDOWN: case SDL_FINGERUP:
		return press(ui, (int)(ev->tfinger.x * (float)ui->w), (int)(ev->tfinger.y * (float)ui->win_h) - ui->top,
			     ev->type == SDL_FINGERDOWN, ev->tfinger.timestamp, out);
	case SDL_MOUSEBUTTONDOWN: case SDL_MOUSEBUTTONUP:
		if (ev->button.which == SDL_TOUCH_MOUSEID || ev->button.button != SDL_BUTTON_LEFT)
			return false; /* touch already came as a finger */
		return press(ui, ev->button.x, ev->button.y - ui->top, ev->type == SDL_MOUSEBUTTONDOWN, ev->button.timestamp,
			     out);
	default:
		return false;
	}
}

/* ---- drawing ---- */

void ui_colour(struct ui *ui, enum ui_colour c)
{
	SDL_Color k = ui->palette[c];
	SDL_SetRenderDrawColor(ui->ren, k.r, k.g, k.b, k.a);
}

void ui_fill(struct ui *ui, SDL_Rect r, enum ui_colour c)
{
	ui_colour(ui, c);
	SDL_RenderFillRect(ui->ren, &r);
}

void ui_frame_rect(struct ui *ui, SDL_Rect r, int t, enum ui_colour c)
{
	ui_fill(ui, (SDL_Rect){ r.x, r.y, r.w, t }, c);
	ui_fill(ui, (SDL_Rect){ r.x, r.y + r.h - t, r.w, t }, c);
	ui_fill(ui, (SDL_Rect){ r.x, r.y, t, r.h }, c);
	ui_fill(ui, (SDL_Rect){ r.x + r.w - t, r.y, t, r.h }, c);
}

#define RING_SEGMENTS 96

void ui_ring(struct ui *ui, int cx, int cy, int r_in, int r_out, double frac, enum ui_colour c)
{
	frac = fmin(fmax(frac, 0), 1);
	int n = (int)ceil(frac * RING_SEGMENTS);
	if (n == 0)
		return;
	SDL_Vertex v[2 * (RING_SEGMENTS + 1)];
	int idx[6 * RING_SEGMENTS];
	SDL_Color k = ui->palette[c];
	if (r_in <= 0) { /* a disc: a fan from the centre (no degenerate triangles) */
		v[0] = (SDL_Vertex){ { (float)cx, (float)cy }, k, { 0, 0 } };
		for (int i = 0; i <= n; i++) {
			double a = 2 * M_PI * frac * i / n - M_PI / 2;
			v[i + 1] = (SDL_Vertex){ { (float)cx + (float)(cos(a) * r_out), (float)cy + (float)(sin(a) * r_out) }, k,
						 { 0, 0 } };
		}
		for (int i = 0; i < n; i++)
			idx[3 * i] = 0, idx[3 * i + 1] = i + 1, idx[3 * i + 2] = i + 2;
		SDL_RenderGeometry(ui->ren, NULL, v, n + 2, idx, 3 * n);
		return;
	}
	for (int i = 0; i <= n; i++) {
		double a = 2 * M_PI * frac * i / n - M_PI / 2;
		float ca = (float)cos(a), sa = (float)sin(a);
		v[2 * i] = (SDL_Vertex){ { (float)cx + ca * (float)r_in, (float)cy + sa * (float)r_in }, k, { 0, 0 } };
		v[2 * i + 1] = (SDL_Vertex){ { (float)cx + ca * (float)r_out, (float)cy + sa * (float)r_out }, k, { 0, 0 } };
	}
	for (int i = 0; i < n; i++) {
		int *q = &idx[6 * i], a = 2 * i;
		q[0] = a, q[1] = a + 1, q[2] = a + 3, q[3] = a, q[4] = a + 3, q[5] = a + 2;
	}
	SDL_RenderGeometry(ui->ren, NULL, v, 2 * (n + 1), idx, 6 * n);
}

void ui_line(struct ui *ui, int x0, int y0, int x1, int y1, int t, enum ui_colour c)
{
	float dx = (float)(x1 - x0), dy = (float)(y1 - y0), len = sqrtf(dx * dx + dy * dy);
	if (len < 0.5f)
		return;
	float nx = -dy / len * (float)t / 2, ny = dx / len * (float)t / 2;
	SDL_Color k = ui->palette[c];
	SDL_Vertex v[4] = {
		{ { (float)x0 + nx, (float)y0 + ny }, k, { 0, 0 } }, { { (float)x0 - nx, (float)y0 - ny }, k, { 0, 0 } },
		{ { (float)x1 + nx, (float)y1 + ny }, k, { 0, 0 } }, { { (float)x1 - nx, (float)y1 - ny }, k, { 0, 0 } },
	};
	const int idx[6] = { 0, 1, 3, 0, 3, 2 };
	SDL_RenderGeometry(ui->ren, NULL, v, 4, idx, 6);
}

int ui_body_px(const struct ui *ui)
{
	return (int)ceil(UI_BODY_CAP_U * ui->u / UI_CAP_PER_EM);
}

int ui_advice_px(const struct ui *ui)
{
	return (int)ceil(UI_ADVICE_CAP_U * ui->u / UI_CAP_PER_EM);
}

int ui_physio_px(const struct ui *ui)
{
	return (int)ceil(UI_PHYSIO_CAP_U * ui->u / UI_CAP_PER_EM);
}

/* The texture of a line of text: cached, or rendered now unless the frame has had its
 * time for that (then NULL, the frame incomplete). The first new text of a frame is
 * always rendered, so a screen of new text completes in a few frames. */
static SDL_Texture *frame_text(struct ui *ui, const char *s, enum ui_face face, int size_px, enum ui_colour c,
			       int *w, int *h)
{
	SDL_Texture *tex = text_cache_find(ui->texts, s, face, size_px, ui->palette[c], w, h);
	if (tex)
		return tex;
	double ms = (double)(SDL_GetPerformanceCounter() - ui->frame_start) * 1e3 / (double)SDL_GetPerformanceFrequency();
	if (ui->text_budget_ms > 0 && ms > ui->text_budget_ms && ui->rendered_this_frame) {
		ui->incomplete = true;
		return NULL;
	}
	ui->rendered_this_frame = true;
	return text_cache_get(ui->texts, s, face, size_px, ui->palette[c], w, h);
}

/* One line at (x, y): shrunk when wider than max_w (wrap leaves such a line only where
 * it stays body text, or one character is wider); recorded for the
 * checks. */
static SDL_Rect draw_line(struct ui *ui, const char *s, enum ui_face face, int size_px, enum ui_colour c, int x,
			  int y, enum ui_align align, int max_w)
{
	SDL_Rect r = { x, y, 0, 0 };
	int w, h;
	SDL_Texture *tex = frame_text(ui, s, face, size_px, c, &w, &h);
	if (!tex)
		return r;
	int cap = text_cache_cap_px(ui->texts, face, size_px);
	if (max_w > 0 && w > max_w) {
		h = h * max_w / w;
		cap = cap * max_w / w;
		w = max_w;
	}
	r.w = w;
	r.h = h;
	r.x = align == UI_ALIGN_LEFT ? x : align == UI_ALIGN_CENTRE ? x - w / 2 : x - w;
	SDL_RenderCopy(ui->ren, tex, NULL, &r);
	if (ui->n_texts < UI_MAX_TEXTS) {
		struct ui_drawn_text *d = &ui->texts_drawn[ui->n_texts++];
		d->r = r;
		d->cap_px = cap;
		snprintf(d->s, sizeof d->s, "%s", s);
	}
	return r;
}

#define MAX_LINES 12

static bool start_fits(struct ui *ui, const char *s, int i, enum ui_face face, int size_px, int max_w)
{
	char buf[TEXT_MAX_LEN];
	int w, h;
	if (i >= (int)sizeof buf)
		return false;
	memcpy(buf, s, (size_t)i);
	buf[i] = '\0';
	return text_cache_measure(ui->texts, buf, face, size_px, &w, &h) == ST_OK && w <= max_w;
}

/* A line w wide shrunk to max_w (as draw_line does) would still be as large as the
 * screen's smallest text (ui->min_cap_u), to the half pixel the capitals are rounded to. */
static bool shrinks_readable(struct ui *ui, enum ui_face face, int size_px, int w, int max_w)
{
	int cap = text_cache_cap_px(ui->texts, face, size_px) * max_w / w;
	return cap + 0.5 >= ui->min_cap_u * ui->u;
}

#define SHORT_WORD 4

/* The longest start of the word s[0..n) (w wide) that ends after a '/' or a '-' and fits
 * max_w: a file's path is one long word, and so is a double-barrelled name. Where there is
 * none and the word shrunk to fit would be smaller than body text, the longest start that
 * fits, cut between characters: a long name is broken, not shrunk out of a patient's
 * reach. n otherwise (the word is shrunk, draw_line). */
static int fit_at_break(struct ui *ui, const char *s, int n, int w, enum ui_face face, int size_px, int max_w)
{
	for (int i = n - 1; i > 0; i--)
		if ((s[i - 1] == '/' || s[i - 1] == '-') && start_fits(ui, s, i, face, size_px, max_w))
			return i;
	int chars = 0;
	for (int i = 0; i < n; i++)
		chars += (s[i] & 0xc0) != 0x80;
	/* a short word (a number: "100" broken read as "10" and "0") is shrunk, not broken */
	if (shrinks_readable(ui, face, size_px, w, max_w) || chars <= SHORT_WORD)
		return n;
	int lo = 0, hi = n - 1; /* a start's width grows with its length: halve */
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2, cut = mid;
		while (cut > lo && (s[cut] & 0xc0) == 0x80)
			cut--;
		if (cut > lo && start_fits(ui, s, cut, face, size_px, max_w))
			lo = cut;
		else
			hi = mid - 1;
	}
	return lo > 0 ? lo : n;
}

/* Splits s into lines no wider than max_w at spaces (a word wider alone is split after a
 * '/' or '-', else as fit_at_break says): each line's start and length; returns how many, and the
 * line height in *line_h. */
static int wrap(struct ui *ui, const char *s, enum ui_face face, int size_px, int max_w, const char **start,
		int *len, int *line_h)
{
	int n = 0, w, h = 0;
	char buf[TEXT_MAX_LEN];
	while (*s && n < MAX_LINES) {
		while (*s == ' ')
			s++;
		int fit = 0; /* length of the longest run of words that fits */
		for (int i = 0;; i++) {
			if (s[i] != ' ' && s[i] != '\0')
				continue;
			if (i >= (int)sizeof buf)
				break;
			memcpy(buf, s, (size_t)i);
			buf[i] = '\0';
			if (text_cache_measure(ui->texts, buf, face, size_px, &w, &h) != ST_OK)
				return n;
			if (w > max_w && fit > 0)
				break;
			fit = w > max_w ? fit_at_break(ui, s, i, w, face, size_px, max_w) : i;
			if (w > max_w || s[i] == '\0')
				break;
		}
		if (fit == 0)
			break;
		start[n] = s;
		len[n++] = fit;
		s += fit;
	}
	*line_h = h;
	return n;
}

/* Cuts the text in buf (TEXT_MAX_LEN) to its longest start (at a character's first byte)
 * that fits max_w with "…" after it. */
static void cut_to_fit(struct ui *ui, char *buf, enum ui_face face, int size_px, int max_w)
{
	size_t lo = 0, hi = strlen(buf);
	char tried[TEXT_MAX_LEN];
	int w, h;
	while (lo < hi) {
		size_t mid = (lo + hi + 1) / 2;
		while (mid > lo && (buf[mid] & 0xc0) == 0x80)
			mid--;
		snprintf(tried, sizeof tried, "%.*s\u2026", (int)mid, buf);
		if (mid > lo && text_cache_measure(ui->texts, tried, face, size_px, &w, &h) == ST_OK && w <= max_w)
			lo = mid;
		else
			hi = mid > lo ? mid - 1 : lo;
	}
	while (lo > 0 && buf[lo - 1] == ' ')
		lo--;
	snprintf(tried, sizeof tried, "%.*s\u2026", (int)lo, buf);
	snprintf(buf, TEXT_MAX_LEN, "%s", tried);
}

/* Draws lines of s from y, each aligned at x; at most max_lines (0: no limit), the last
 * then cut with "…" where more would be needed. */
static SDL_Rect draw_lines(struct ui *ui, const char *s, enum ui_face face, int size_px, enum ui_colour c, int x,
			   int y, enum ui_align align, int max_w, int max_lines)
{
	const char *start[MAX_LINES];
	int len[MAX_LINES], line_h;
	int n = wrap(ui, s, face, size_px, max_w, start, len, &line_h);
	bool cut = max_lines > 0 && n > max_lines;
	if (cut)
		n = max_lines;
	SDL_Rect all = { x, y, 0, 0 };
	for (int i = 0; i < n; i++) {
		char line[TEXT_MAX_LEN];
		snprintf(line, sizeof line, "%.*s", cut && i + 1 == n ? (int)strlen(start[i]) : len[i], start[i]);
		if (cut && i + 1 == n)
			cut_to_fit(ui, line, face, size_px, max_w);
		SDL_Rect r = draw_line(ui, line, face, size_px, c, x, y + i * line_h, align, max_w);
		if (i == 0)
			all = r;
		else
			SDL_UnionRect(&all, &r, &all);
	}
	return all;
}

int ui_text_height(struct ui *ui, const char *s, enum ui_face face, int size_px, int max_w)
{
	int w, h;
	if (!s[0] || text_cache_measure(ui->texts, s, face, size_px, &w, &h) != ST_OK)
		return 0;
	if (max_w <= 0 || w <= max_w)
		return h;
	const char *start[MAX_LINES];
	int len[MAX_LINES];
	return wrap(ui, s, face, size_px, max_w, start, len, &h) * h;
}

int ui_text_width(struct ui *ui, const char *s, enum ui_face face, int size_px)
{
	int w, h;
	return s[0] && text_cache_measure(ui->texts, s, face, size_px, &w, &h) == ST_OK ? w : 0;
}

SDL_Rect ui_text(struct ui *ui, const char *s, enum ui_face face, int size_px, enum ui_colour c, int x, int y,
		 enum ui_align align, int max_w)
{
	return ui_text_upto(ui, s, face, size_px, c, x, y, align, max_w, 0);
}

SDL_Rect ui_text_upto(struct ui *ui, const char *s, enum ui_face face, int size_px, enum ui_colour c, int x, int y,
		      enum ui_align align, int max_w, int max_lines)
{
	SDL_Rect r = { x, y, 0, 0 };
	int w, h;
	/* the size from the cached texture, else measured: only what is drawn is rendered */
	if (!s[0] || size_px < 4 ||
	    (!text_cache_find(ui->texts, s, face, size_px, ui->palette[c], &w, &h) &&
	     text_cache_measure(ui->texts, s, face, size_px, &w, &h) != ST_OK))
		return r;
	/* a heading or a figure too wide comes down to the advice size at most, one line */
	for (int floor_px = ui_advice_px(ui), i = 0; max_w > 0 && w > max_w && size_px > floor_px && i < 4; i++) {
		int smaller = size_px * max_w / w;
		size_px = smaller > floor_px ? smaller : floor_px;
		if (text_cache_measure(ui->texts, s, face, size_px, &w, &h) != ST_OK)
			return r;
	}
	if (max_w > 0 && w > max_w && (strchr(s, ' ') || !shrinks_readable(ui, face, size_px, w, max_w)))
		return draw_lines(ui, s, face, size_px, c, x, y, align, max_w, max_lines);
	return draw_line(ui, s, face, size_px, c, x, y, align, max_w);
}

SDL_Rect ui_text_line(struct ui *ui, const char *s, enum ui_face face, int size_px, int min_px, enum ui_colour c,
		      SDL_Rect box)
{
	int w, h, x = box.x, y = box.y, max_w = box.w;
	if (text_cache_measure(ui->texts, s, face, size_px, &w, &h) != ST_OK)
		return (SDL_Rect){ x, y, 0, 0 };
	if (w > max_w && size_px > min_px) {
		int smaller = size_px * max_w / w;
		size_px = smaller > min_px ? smaller : min_px;
		if (text_cache_measure(ui->texts, s, face, size_px, &w, &h) != ST_OK)
			return (SDL_Rect){ x, y, 0, 0 };
	}
	char cut[TEXT_MAX_LEN];
	snprintf(cut, sizeof cut, "%s", s);
	if (w > max_w)
		cut_to_fit(ui, cut, face, size_px, max_w);
	return draw_line(ui, cut, face, size_px, c, x, y + (box.h - h) / 2, UI_ALIGN_LEFT, 0);
}

SDL_Rect ui_text_in(struct ui *ui, const char *s, enum ui_face face, int size_px, enum ui_colour c, SDL_Rect r)
{
	/* a line box is about 1.17 em in DejaVu Sans: centre the lines' box */
	int line = size_px * 117 / 100;
	if (line > r.h) {
		size_px = size_px * r.h / line;
		line = r.h;
	}
	int max_w = r.w - ui_px(ui, 1), lines = 1, w, h;
	if (text_cache_measure(ui->texts, s, face, size_px, &w, &h) == ST_OK && w > max_w) {
		const char *start[MAX_LINES];
		int len[MAX_LINES];
		lines = wrap(ui, s, face, size_px, max_w, start, len, &line);
	}
	/* a line's box has room above its capitals and below its descenders: the first and
	 * last may overhang the button by a little of it (two lines of a long name) */
	int room = (r.h + line / 4) / line;
	/* more lines than the box holds (a very long name on its button): as many as it does,
	 * the last cut with "…", not spilling over its edges */
	if (lines > room)
		lines = room;
	return ui_text_upto(ui, s, face, size_px, c, r.x + r.w / 2, r.y + (r.h - lines * line) / 2, UI_ALIGN_CENTRE,
			    max_w, room);
}

static void add_target(struct ui *ui, SDL_Rect r, struct ui_action act, bool primary, bool hold)
{
	if (ui->n_targets < UI_MAX_TARGETS)
		ui->targets[ui->n_targets++] = (struct ui_target){ r, act, primary, hold };
}

void ui_target(struct ui *ui, SDL_Rect r, struct ui_action act, bool primary)
{
	add_target(ui, r, act, primary, false);
}

/* A button's panel, outline and label. */
static void draw_button(struct ui *ui, SDL_Rect r, const char *label, bool primary, bool selected, double fill)
{
	ui_fill(ui, r, selected ? UI_FG : UI_PANEL); /* white: no foot's colour (a stranger's) */
	/* a hold's progress as a bar along the foot, under the label: filling the whole button
	 * put half the label on yellow, hard to read while it is held */
	int bar_h = r.h / 5;
	if (fill > 0)
		ui_fill(ui, (SDL_Rect){ r.x, r.y + r.h - bar_h, (int)(r.w * fmin(fill, 1)), bar_h }, UI_ACCENT);
	if (primary)
		ui_frame_rect(ui, r, ui_px(ui, 0.6), UI_ACCENT);
	/* big, but body text at least: a long label wraps (DejaVu Bold: ~0.7 em a glyph) */
	float fit = (float)(r.w - ui_px(ui, 1.5)) / (0.7f * (float)(strlen(label) > 1 ? strlen(label) : 1));
	int size = (int)fminf(fminf((float)r.h * 0.45f, ui->u * 4.5f), fit);
	if (size < ui_body_px(ui))
		size = ui_body_px(ui);
	ui_text_in(ui, label, UI_BOLD, size, selected ? UI_BG : UI_FG, r);
}

void ui_button(struct ui *ui, SDL_Rect r, const char *label, struct ui_action act, bool primary, bool selected)
{
	/* where going back stops a session (ui->hold_back), its button is held as the key is,
	 * and fills as either is held (a clicker's held key showed nothing for 2 s) */
	bool hold = act.kind == UI_ACT_BACK && ui->hold_back;
	bool mine = hold && ui->pressed >= 0 && SDL_RectEquals(&ui->shown[ui->pressed].r, &r);
	draw_button(ui, r, label, primary, selected, mine ? ui->hold_frac : hold ? ui->back_frac : 0);
	add_target(ui, r, act, primary, hold);
}

void ui_hold_button(struct ui *ui, SDL_Rect r, const char *label, struct ui_action act)
{
	/* the fill shows this button's hold (the key, or a finger on it) */
	bool mine = ui->key_held || (ui->pressed >= 0 && SDL_RectEquals(&ui->shown[ui->pressed].r, &r));
	draw_button(ui, r, label, true, false, mine ? ui->hold_frac : 0);
	add_target(ui, r, act, true, true);
}

int ui_text_cached(const struct ui *ui)
{
	return text_cache_count(ui->texts);
}

long ui_text_rendered(const struct ui *ui)
{
	return text_cache_rendered(ui->texts);
}

int ui_save_png(struct ui *ui, const char *path)
{
	size_t stride = (size_t)ui->w * 4;
	unsigned char *px = malloc(stride * (size_t)ui->win_h);
	if (!px)
		return st_fail(ST_ERR_NOMEM, "%s: out of memory", path);
	SDL_Rect band;
	SDL_RenderGetViewport(ui->ren, &band);
	SDL_RenderSetViewport(ui->ren, NULL); /* the whole window, not the layout's band */
	int read = SDL_RenderReadPixels(ui->ren, NULL, SDL_PIXELFORMAT_RGBA32, px, (int)stride);
	SDL_RenderSetViewport(ui->ren, &band);
	if (read != 0) {
		free(px);
		return st_fail(ST_ERR, "%s: cannot read the screen: %s", path, SDL_GetError());
	}
	/* the screen is opaque: RGB in place, a third smaller file */
	size_t n = (size_t)ui->w * (size_t)ui->win_h;
	for (size_t i = 0; i < n; i++)
		memmove(px + 3 * i, px + 4 * i, 3);
	png_image img = { .version = PNG_IMAGE_VERSION, .width = (png_uint_32)ui->w, .height = (png_uint_32)ui->win_h,
			  .format = PNG_FORMAT_RGB };
	struct safe_file sf;
	FILE *f;
	int rc = safe_file_open_stream(path, &sf, &f);
	if (rc != ST_OK) {
		free(px);
		return rc;
	}
	if (!png_image_write_to_stdio(&img, f, 0, px, (png_int_32)(3 * ui->w), NULL))
		rc = st_fail(ST_ERR_IO, "%s: cannot write PNG: %s", path, img.message);
	free(px);
	return safe_file_close_stream(&sf, f, rc);
}
