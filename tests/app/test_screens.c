/* test_screens.c: every screen drawn offscreen (software renderer) from fixed views at
 * 800x480 and 1920x1080, compared with reference images in tests/data/screens/ within a
 * tolerance; layout checked in numbers (text inside the window and not overlapping,
 * touch targets big enough, type big enough); input mapping, the text cache, a progress
 * graph drawn by the report's code on the screen, and the silent metronome.
 *
 * STATION_UPDATE_SCREENS=1 rewrites the reference images (look at them before committing).
 * Every render is also written to $TMPDIR/screens/NAME_WxH.png for looking at. */
#include <png.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "metronome.h"
#include "programme.h"
#include "progression.h"
#include "screen_states.h"
#include "status.h"
#include "views.h"

/* References are stored small: grey levels (luma), at a quarter of the pixels at
 * 800x480 (2x2 box average) and a sixteenth at 1920x1080 (4x4); renders are reduced the
 * same way before comparing. Colour mistakes still show in luma: the palette's colours
 * differ in lightness. */
#define DIFF_LEVEL 24          /* a pixel differs when its grey level is off by more */
#define DIFF_BUDGET 0.004      /* share of pixels allowed to differ (font hinting, rounding) */

struct image {
	int w, h;
	unsigned char *px; /* grey levels */
};

static struct image reduce(struct ui *ui, int f)
{
	struct image im = { ui->w / f, ui->h / f, NULL };
	unsigned char *rgba = malloc((size_t)ui->w * (size_t)ui->h * 4);
	im.px = malloc((size_t)im.w * (size_t)im.h);
	SDL_RenderReadPixels(ui->ren, NULL, SDL_PIXELFORMAT_RGBA32, rgba, ui->w * 4);
	for (int y = 0; y < im.h; y++)
		for (int x = 0; x < im.w; x++) {
			int sum = 0; /* Rec. 601 luma, x1000 */
			for (int dy = 0; dy < f; dy++)
				for (int dx = 0; dx < f; dx++) {
					const unsigned char *p = rgba + ((size_t)(y * f + dy) * (size_t)ui->w + (size_t)(x * f + dx)) * 4;
					sum += 299 * p[0] + 587 * p[1] + 114 * p[2];
				}
			im.px[(size_t)y * (size_t)im.w + (size_t)x] = (unsigned char)(sum / (1000 * f * f));
		}
	free(rgba);
	return im;
}

static bool read_png(const char *path, struct image *im)
{
	png_image img = { .version = PNG_IMAGE_VERSION };
	if (!png_image_begin_read_from_file(&img, path))
		return false;
	img.format = PNG_FORMAT_GRAY;
	im->w = (int)img.width;
	im->h = (int)img.height;
	im->px = malloc(PNG_IMAGE_SIZE(img));
	if (!png_image_finish_read(&img, NULL, im->px, 0, NULL)) {
		free(im->px);
		return false;
	}
	return true;
}

static void write_png(const char *path, const struct image *im)
{
	png_image img = { .version = PNG_IMAGE_VERSION, .width = (png_uint_32)im->w, .height = (png_uint_32)im->h,
			  .format = PNG_FORMAT_GRAY };
	CHECK(png_image_write_to_file(&img, path, 0, im->px, 0, NULL), "%s: %s", path, img.message);
}

static void compare(const char *name, struct ui *ui)
{
	int f = ui->w >= 1600 ? 4 : 2;
	struct image got = reduce(ui, f), want;
	char path[512];
	snprintf(path, sizeof path, "%s/screens/%s_%dx%d.png", TEST_DATA_DIR, name, ui->w, ui->h);
	const char *update = getenv("STATION_UPDATE_SCREENS");
	if (update && strcmp(update, "1") == 0) {
		write_png(path, &got);
		free(got.px);
		return;
	}
	if (!read_png(path, &want)) {
		CHECK(false, "%s: no reference image (STATION_UPDATE_SCREENS=1 writes it)", path);
		free(got.px);
		return;
	}
	CHECK(want.w == got.w && want.h == got.h, "%s: reference is %dx%d, render %dx%d", path, want.w, want.h, got.w, got.h);
	if (want.w == got.w && want.h == got.h) {
		long differ = 0, n = (long)got.w * got.h;
		for (long i = 0; i < n; i++)
			differ += abs(got.px[i] - want.px[i]) > DIFF_LEVEL;
		CHECK(differ <= DIFF_BUDGET * n, "%s: %ld of %ld pixels differ (budget %.1f%%)", path, differ, n,
		      DIFF_BUDGET * 100);
	}
	free(want.px);
	free(got.px);
}

static bool inside(SDL_Rect r, int w, int h)
{
	return r.x >= 0 && r.y >= 0 && r.x + r.w <= w && r.y + r.h <= h;
}

/* The physio's own screens: read at arm's length, smaller text allowed (ui.h). */
static bool physio_screen(enum screen_id id)
{
	return (id >= SCREEN_PATIENT_LIST && id <= SCREEN_CHOICE) || id == SCREEN_KEYBOARD || id == SCREEN_CALIBRATE;
}

/* Every line drawn, joined by spaces: wrapped text comes back whole. */
static void drawn_words(const struct ui *ui, char *out, size_t len)
{
	size_t n = 0;
	out[0] = '\0';
	for (int i = 0; i < ui->n_texts && n < len; i++)
		n += (size_t)snprintf(out + n, len - n, "%s%s", n ? " " : "", ui->texts_drawn[i].s);
}

/* The readability rule (ui.h) in what was drawn: each text's capitals at least the body
 * (the physio's size on the physio screens), the advice's (a summary's, a question's
 * detail marked so) at least the advice size; no
 * text off the screen or over another. */
static void check_text(const char *name, struct ui *ui, const struct screen_view *v)
{
	float scale = ui->u / 10.0f; /* 1 at 800x480 */
	double min_cap = (physio_screen(v->id) ? UI_PHYSIO_CAP_U : UI_BODY_CAP_U) * ui->u;
	const char *advice = v->id == SCREEN_SUMMARY				     ? v->summary.advice
			     : v->id == SCREEN_QUESTION && v->question.advice ? v->question.detail
										: NULL;
	int advice_seen = 0;
	REQUIRE(ui->n_texts > 0 && ui->n_texts < UI_MAX_TEXTS, "%s: %d texts drawn", name, ui->n_texts);
	for (int i = 0; i < ui->n_texts; i++) {
		const struct ui_drawn_text *d = &ui->texts_drawn[i];
		SDL_Rect r = d->r;
		CHECK(inside(r, ui->w, ui->h), "%s %dx%d: '%s' at %d,%d %dx%d outside the window", name, ui->w, ui->h,
		      d->s, r.x, r.y, r.w, r.h);
		/* capitals rounded to whole pixels: half a pixel short is the rule kept */
		CHECK(d->cap_px + 0.5 >= min_cap, "%s %dx%d: '%s' capitals %d px, under %.1f", name, ui->w, ui->h, d->s,
		      d->cap_px, min_cap);
		/* the advice's first line (several words: not a row's label such as "Pain") */
		if (advice && strncmp(advice, d->s, strlen(d->s)) == 0 && strchr(d->s, ' ') && !v->unplugged) {
			advice_seen++;
			CHECK(d->cap_px + 0.5 >= UI_ADVICE_CAP_U * ui->u, "%s %dx%d: advice '%s' capitals %d px, under %.1f",
			      name, ui->w, ui->h, d->s, d->cap_px, UI_ADVICE_CAP_U * ui->u);
		}
		for (int j = 0; j < i; j++) {
			SDL_Rect o = ui->texts_drawn[j].r, x;
			/* glyph boxes have some air: overlapping by a few pixels is not a clash */
			bool clash = SDL_IntersectRect(&r, &o, &x) && x.w > 3 * scale && x.h > 6 * scale;
			CHECK(!clash || v->unplugged, "%s %dx%d: '%s' and '%s' overlap (%dx%d)", name, ui->w, ui->h,
			      ui->texts_drawn[j].s, d->s, x.w, x.h);
		}
	}
	CHECK(!advice || advice_seen > 0 || v->unplugged, "%s: the advice was not drawn", name);
}

static void check_layout(const char *name, struct ui *ui, const struct screen_view *v)
{
	float scale = ui->u / 10.0f; /* 1 at 800x480 */
	bool overlay = v->unplugged;
	check_text(name, ui, v);
	int primaries = 0;
	for (int i = 0; i < ui->n_targets; i++)
		primaries += ui->targets[i].primary;
	/* the "next" key has one meaning on every screen; none while weighing (nothing to do
	 * but stand still), while the plate is unplugged, and on a pain scale with no score
	 * yet (a "next" there would answer for the patient; the screen says how to choose) */
	bool none = strncmp(name, "step_on", 7) == 0 || overlay || (v->id == SCREEN_PAIN && v->pain.selected < 0);
	CHECK(primaries == !none, "%s: %d primary buttons", name, primaries);
	for (int i = 0; i < ui->n_targets; i++) {
		SDL_Rect r = ui->targets[i].r;
		CHECK(inside(r, ui->w, ui->h), "%s %dx%d: target %d outside the window", name, ui->w, ui->h, i);
		CHECK(r.w >= 60 * scale && r.h >= 60 * scale, "%s %dx%d: target %d is %dx%d px (want >= 60 at 800x480)",
		      name, ui->w, ui->h, i, r.w, r.h);
		/* a touch lands on one target only (the physio's reasons ran 2-5 px over the
		 * buttons under them) */
		for (int j = 0; j < i; j++) {
			SDL_Rect o = ui->targets[j].r, x;
			CHECK(!SDL_IntersectRect(&r, &o, &x), "%s %dx%d: targets %d and %d overlap (%dx%d px)", name, ui->w,
			      ui->h, j, i, x.w, x.h);
		}
	}
}

/* A summary says what it holds: a suggestion's first reason drawn whole (why the patient
 * stays or moves on), and on a page of rows none left out. */
static void check_summary_text(const char *name, struct ui *ui, const struct view_summary *sum)
{
	static char words[UI_MAX_TEXTS * 130];
	drawn_words(ui, words, sizeof words);
	if (sum->n_reasons > 0)
		CHECK(strstr(words, sum->reasons[0]), "%s %dx%d: the suggestion's first reason is not drawn whole", name,
		      ui->w, ui->h);
	for (int r = 0; !sum->suggestion && r < sum->n_rows; r++)
		CHECK(strstr(words, sum->rows[r].value), "%s %dx%d: row '%s' left out", name, ui->w, ui->h,
		      sum->rows[r].label);
}

/* The pain scale's scores all at one size: "10" was shrunk to 25 px beside 45. */
static void check_pain_scores(const char *name, const struct ui *ui)
{
	int first = 0, scores = 0, odd = 0;
	for (int k = 0; k < ui->n_texts; k++) {
		char *end;
		long score = strtol(ui->texts_drawn[k].s, &end, 10);
		if (*end || end == ui->texts_drawn[k].s || score < 0 || score > 10)
			continue;
		first = first ? first : ui->texts_drawn[k].cap_px;
		scores++;
		odd += ui->texts_drawn[k].cap_px != first;
	}
	CHECK(scores == 11 && odd == 0, "%s: %d of %d scores not at the size of the first (%d px)", name, odd, scores,
	      first);
}

/* A text whose middle is on a button lies wholly on it, bar the room a line's box has
 * above its capitals and below its descenders (a long name's four lines ran over its
 * button's edges, into the title above). */
static void check_labels_in_buttons(const char *name, const struct ui *ui)
{
	for (int i = 0; i < ui->n_texts; i++) {
		SDL_Rect r = ui->texts_drawn[i].r;
		SDL_Point mid = { r.x + r.w / 2, r.y + r.h / 2 };
		int pad = r.h / 8 + 1;
		for (int k = 0; k < ui->n_targets; k++) {
			SDL_Rect b = ui->targets[k].r;
			if (SDL_PointInRect(&mid, &b))
				CHECK(r.x >= b.x - 1 && r.y >= b.y - pad && r.x + r.w <= b.x + b.w + 1 &&
					      r.y + r.h <= b.y + b.h + pad,
				      "%s %dx%d: '%s' at %d,%d %dx%d over its button's edges (%d,%d %dx%d)", name, ui->w, ui->h,
				      ui->texts_drawn[i].s, r.x, r.y, r.w, r.h, b.x, b.y, b.w, b.h);
		}
	}
}

/* A button that acts keeps its label on one line: "Sound on" over two lines at 800x480
 * read as two words. The label's lines are the texts whose middle is on the button. A list
 * entry (UI_ACT_SELECT) is exempt: its label is what it holds, a name, an answer or a
 * patient's row, wrapped by design. */
static void check_labels_one_line(const char *name, const struct ui *ui)
{
	for (int k = 0; k < ui->n_targets; k++) {
		SDL_Rect b = ui->targets[k].r;
		int lines = 0;
		for (int i = 0; i < ui->n_texts; i++) {
			SDL_Rect r = ui->texts_drawn[i].r;
			SDL_Point mid = { r.x + r.w / 2, r.y + r.h / 2 };
			lines += SDL_PointInRect(&mid, &b);
		}
		CHECK(lines <= 1 || ui->targets[k].act.kind == UI_ACT_SELECT,
		      "%s %dx%d: the label of the button at %d,%d %dx%d takes %d lines", name, ui->w, ui->h, b.x, b.y, b.w,
		      b.h, lines);
	}
}

/* A scale's numbers each drawn whole, on one line, at body size or more ("100" minutes was
 * broken into "10" over "0", read as either). */
static void check_numbers_whole(const char *name, const struct ui *ui, const struct view_visa *v)
{
	for (int k = 0; k < v->n; k++) {
		bool whole = false;
		for (int i = 0; i < ui->n_texts; i++)
			whole |= strcmp(ui->texts_drawn[i].s, v->labels[k]) == 0 &&
				 ui->texts_drawn[i].cap_px + 0.5 >= UI_BODY_CAP_U * ui->u;
		CHECK(whole, "%s %dx%d: '%s' not drawn whole at body size", name, ui->w, ui->h, v->labels[k]);
	}
}

static void test_all_screens(int w, int h)
{
	static struct screen_state st[SCREEN_STATES_MAX];
	int n = screen_states(st);
	struct ui *ui;
	CHECK(ui_open_offscreen(w, h, &ui) == ST_OK, "offscreen %dx%d: %s", w, h, st_errmsg());
	char dir[512], path[600];
	snprintf(dir, sizeof dir, "%s/screens", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	mkdir(dir, 0700);
	bool seen[SCREEN_COUNT] = { 0 };
	for (int i = 0; i < n; i++) {
		ui_begin(ui);
		screen_draw(ui, &st[i].view);
		check_layout(st[i].name, ui, &st[i].view); /* the overlay covers text on purpose */
		check_labels_in_buttons(st[i].name, ui);
		check_labels_one_line(st[i].name, ui);
		if (st[i].view.id == SCREEN_VISA && st[i].view.visa.n == VIEW_MAX_ANSWERS)
			check_numbers_whole(st[i].name, ui, &st[i].view.visa);
		if (st[i].view.id == SCREEN_SUMMARY)
			check_summary_text(st[i].name, ui, &st[i].view.summary);
		if (st[i].view.id == SCREEN_PAIN)
			check_pain_scores(st[i].name, ui);
		snprintf(path, sizeof path, "%s/%s_%dx%d.png", dir, st[i].name, w, h);
		CHECK(ui_save_png(ui, path) == ST_OK, "%s", st_errmsg());
		compare(st[i].name, ui);
		ui_end(ui);
		seen[st[i].view.id] = true;
	}
	for (int id = 0; id < SCREEN_COUNT; id++)
		CHECK(seen[id], "screen %d has no fixed state", id);
	ui_close(ui);
}

/* The same view drawn again renders no new text: it all comes from the cache. */
static void test_text_cache(void)
{
	static struct screen_state st[SCREEN_STATES_MAX];
	screen_states(st);
	struct ui *ui;
	CHECK(ui_open_offscreen(800, 480, &ui) == ST_OK, "%s", st_errmsg());
	screen_show(ui, &st[7].view);
	long first = ui_text_rendered(ui);
	CHECK(first > 5, "raises screen rendered %ld texts", first);
	for (int i = 0; i < 10; i++)
		screen_show(ui, &st[7].view);
	CHECK(ui_text_rendered(ui) == first, "redrawing rendered %ld more texts", ui_text_rendered(ui) - first);
	/* bounded: a thousand different strings keep it at its size */
	ui_begin(ui);
	for (int i = 0; i < 1000; i++) {
		char s[16];
		snprintf(s, sizeof s, "%d", i);
		ui_text(ui, s, UI_REGULAR, 20, UI_FG, 10, 10, UI_ALIGN_LEFT, 0);
	}
	ui_end(ui);
	CHECK(ui_text_cached(ui) <= 256, "%d textures cached", ui_text_cached(ui));
	/* a second screen (a graph exported while the station runs) leaves the fonts open */
	struct ui *other;
	CHECK(ui_open_offscreen(400, 300, &other) == ST_OK, "%s", st_errmsg());
	ui_close(other);
	long before = ui_text_rendered(ui);
	ui_begin(ui);
	SDL_Rect r = ui_text(ui, "still here", UI_BOLD, 30, UI_FG, 10, 10, UI_ALIGN_LEFT, 0);
	ui_end(ui);
	CHECK(ui_text_rendered(ui) == before + 1 && r.w > 100, "text after another screen closed: %dx%d", r.w, r.h);
	ui_close(ui);
}

/* A click's half, a second after the last (a tap sooner on the same target is a bounce) */
static SDL_Event mouse(Uint32 type, int x, int y)
{
	static Uint32 clock_ms;
	SDL_Event e = { .type = type };
	e.button.timestamp = clock_ms += 1000;
	e.button.button = SDL_BUTTON_LEFT;
	e.button.x = x;
	e.button.y = y;
	return e;
}

static SDL_Event key_event(Uint32 type, SDL_Keycode k, Uint32 at_ms, bool repeat)
{
	SDL_Event e = { .type = type };
	e.key.type = type;
	e.key.keysym.sym = k;
	e.key.timestamp = at_ms;
	e.key.repeat = repeat;
	return e;
}

static void test_input(void)
{
	static struct screen_state st[SCREEN_STATES_MAX];
	screen_states(st);
	struct ui *ui;
	CHECK(ui_open_offscreen(800, 480, &ui) == ST_OK, "%s", st_errmsg());
	screen_show(ui, &st[3].view); /* pain, 3 selected */
	struct ui_action a;
	/* pain buttons: 11 across from x = 20 px; "7" is the eighth */
	int bw = (int)((80 - 4) / 11.0 * ui->u), x7 = ui_px(ui, 2) + 7 * bw + bw / 2, y = ui_px(ui, 23);
	SDL_Event down = mouse(SDL_MOUSEBUTTONDOWN, x7, y), up = mouse(SDL_MOUSEBUTTONUP, x7, y);
	CHECK(!ui_event(ui, &down, &a), "a press alone acts");
	CHECK(ui_event(ui, &up, &a) && a.kind == UI_ACT_DIGIT && a.index == 7, "click on 7: %d %d", a.kind, a.index);
	/* slide off before release: nothing */
	SDL_Event away = mouse(SDL_MOUSEBUTTONUP, x7 + 2 * bw, y);
	ui_event(ui, &down, &a);
	CHECK(!ui_event(ui, &away, &a), "release elsewhere acted (%d)", a.kind);
	/* a finger, in normalised coordinates */
	SDL_Event f = { .type = SDL_FINGERDOWN };
	f.tfinger.timestamp = 900000; /* after the clicks' */
	f.tfinger.x = (float)x7 / (float)ui->w;
	f.tfinger.y = (float)y / (float)ui->h;
	ui_event(ui, &f, &a);
	f.type = SDL_FINGERUP;
	CHECK(ui_event(ui, &f, &a) && a.kind == UI_ACT_DIGIT && a.index == 7, "touch on 7");
	/* the synthetic mouse event that follows a touch is ignored */
	SDL_Event synth = mouse(SDL_MOUSEBUTTONUP, x7, y);
	synth.button.which = SDL_TOUCH_MOUSEID;
	CHECK(!ui_event(ui, &synth, &a), "touch counted twice");
	/* the "next" key: Done on the pain screen, No on a red flag, nothing with no primary */
	SDL_Event k = { .type = SDL_KEYDOWN };
	k.key.keysym.sym = SDLK_PAGEDOWN;
	CHECK(ui_event(ui, &k, &a) && a.kind == UI_ACT_NEXT, "PageDown on pain: %d", a.kind);
	screen_show(ui, &st[2].view);
	k.key.keysym.sym = SDLK_SPACE;
	CHECK(ui_event(ui, &k, &a) && a.kind == UI_ACT_NO, "space on a red flag: %d", a.kind);
	k.key.keysym.sym = SDLK_KP_0;
	CHECK(ui_event(ui, &k, &a) && a.kind == UI_ACT_DIGIT && a.index == 0, "keypad 0");
	k.key.keysym.sym = SDLK_RIGHT;
	CHECK(ui_event(ui, &k, &a) && a.kind == UI_ACT_STEP && a.index == 1, "right arrow: %d %d", a.kind, a.index);
	k.key.keysym.sym = SDLK_DOWN;
	CHECK(ui_event(ui, &k, &a) && a.kind == UI_ACT_STEP && a.index == -1, "down arrow: %d %d", a.kind, a.index);
	/* 1 then 0 typed is 10 on the pain scale, however slowly (a slow typist's "10" was 0),
	 * 1 0 0 is 0; not on a screen without a 10 */
	screen_show(ui, &st[3].view);
	Uint32 at = SDL_GetTicks() + UI_SETTLE_MS;
	SDL_Event d1 = key_event(SDL_KEYDOWN, SDLK_1, at, false), d0 = key_event(SDL_KEYDOWN, SDLK_0, at + 400, false);
	CHECK(ui_event(ui, &d1, &a) && a.index == 1 && ui_event(ui, &d0, &a) && a.kind == UI_ACT_DIGIT && a.index == 10,
	      "typed 1 0: %d", a.index);
	d1.key.timestamp = at + 3000, d0.key.timestamp = at + 9000;
	CHECK(ui_event(ui, &d1, &a) && ui_event(ui, &d0, &a) && a.index == 10, "1, a long pause, 0: %d", a.index);
	d0.key.timestamp = at + 10000;
	CHECK(ui_event(ui, &d0, &a) && a.index == 0, "1 0 0: %d", a.index);
	screen_show(ui, &st[1].view); /* the PIN pad: 1 0 are two digits */
	at = SDL_GetTicks() + UI_SETTLE_MS;
	d1.key.timestamp = at, d0.key.timestamp = at + 100;
	CHECK(ui_event(ui, &d1, &a) && ui_event(ui, &d0, &a) && a.index == 0, "PIN 1 0: %d", a.index);
	/* the physio's graphs: the "next" key (a clicker) steps to the next graph */
	for (int i = 0; i < SCREEN_STATES_MAX; i++)
		if (st[i].view.id == SCREEN_GRAPHS) {
			screen_show(ui, &st[i].view);
			k.key.keysym.sym = SDLK_SPACE;
			CHECK(ui_event(ui, &k, &a) && a.kind == UI_ACT_SELECT && a.index == st[i].view.graphs.selected + 1,
			      "next on the graphs: %d %d", a.kind, a.index);
			break;
		}
	k.key.keysym.sym = SDLK_ESCAPE;
	CHECK(ui_event(ui, &k, &a) && a.kind == UI_ACT_BACK, "escape");
	/* the overlay swallows taps: nothing underneath answers while unplugged */
	struct screen_view v = st[3].view;
	v.unplugged = true;
	screen_show(ui, &v);
	ui_event(ui, &down, &a);
	CHECK(!ui_event(ui, &up, &a), "a tap went through the unplugged overlay");
	ui_close(ui);
}

/* Counts the pixels of r in the accent colour. */
static long accent_pixels(struct ui *ui, SDL_Rect r)
{
	unsigned char *rgba = malloc((size_t)r.w * (size_t)r.h * 4);
	REQUIRE(rgba && SDL_RenderReadPixels(ui->ren, &r, SDL_PIXELFORMAT_RGBA32, rgba, r.w * 4) == 0, "%s",
		SDL_GetError());
	SDL_Color c = ui_palette[UI_ACCENT];
	long n = 0;
	for (long i = 0; i < (long)r.w * r.h; i++)
		n += abs(rgba[i * 4] - c.r) < 12 && abs(rgba[i * 4 + 1] - c.g) < 12 && abs(rgba[i * 4 + 2] - c.b) < 12;
	free(rgba);
	return n;
}

/* A held button's progress fills beside its label, not behind it (half a label on yellow
 * could not be read): the label's box holds no fill, the button's foot does. */
static void check_fill_under_label(struct ui *ui, const char *label)
{
	const struct ui_drawn_text *d = NULL;
	for (int i = 0; i < ui->n_texts; i++)
		if (strcmp(ui->texts_drawn[i].s, label) == 0)
			d = &ui->texts_drawn[i];
	REQUIRE(d, "'%s' drawn", label);
	long behind = accent_pixels(ui, d->r);
	SDL_Rect foot = { d->r.x, d->r.y + d->r.h, d->r.w / 3, ui->h / 20 };
	long below = accent_pixels(ui, foot);
	CHECK(behind == 0 && below > foot.w * 2, "'%s' held half way: %ld fill pixels behind the label, %ld below it",
	      label, behind, below);
}

/* During a set the "next" key (a foot switch) ends it only when held UI_HOLD_MS: one
 * press, or two, do nothing; the button fills while it is held. A finger likewise. */
static void test_hold_to_end(void)
{
	static struct screen_state st[SCREEN_STATES_MAX];
	int n_states = screen_states(st);
	struct ui *ui;
	REQUIRE(ui_open_offscreen(800, 480, &ui) == ST_OK, "%s", st_errmsg());
	REQUIRE(st[7].view.id == SCREEN_RAISES, "state 7 is the raises screen");
	screen_show(ui, &st[7].view);
	struct ui_action a;
	Uint32 t = 100000;
	SDL_Event down = key_event(SDL_KEYDOWN, SDLK_PAGEDOWN, t, false), up = key_event(SDL_KEYUP, SDLK_PAGEDOWN, t + 300, false);
	CHECK(!ui_event(ui, &down, &a) && !ui_event(ui, &up, &a), "a press of 0.3 s ended the set");
	down.key.timestamp = up.key.timestamp = t + 600; /* a second press at once */
	up.key.timestamp += 200;
	CHECK(!ui_event(ui, &down, &a) && !ui_event(ui, &up, &a), "two presses ended the set");
	down.key.timestamp = t + 5000;
	ui_event(ui, &down, &a);
	SDL_Event rep = key_event(SDL_KEYDOWN, SDLK_PAGEDOWN, t + 5000 + UI_HOLD_MS - 100, true);
	CHECK(!ui_event(ui, &rep, &a), "held %d ms ended the set", UI_HOLD_MS - 100);
	rep.key.timestamp = t + 5000 + UI_HOLD_MS + 30;
	CHECK(ui_event(ui, &rep, &a) && a.kind == UI_ACT_NEXT, "held %d ms: %d", UI_HOLD_MS + 30, a.kind);
	up.key.timestamp = rep.key.timestamp + 100;
	CHECK(!ui_event(ui, &up, &a), "the release after the hold acted again");
	/* held without key repeats: the release after 2 s acts */
	down.key.timestamp = t + 10000;
	up.key.timestamp = t + 10000 + UI_HOLD_MS + 200;
	CHECK(!ui_event(ui, &down, &a) && ui_event(ui, &up, &a) && a.kind == UI_ACT_NEXT, "release after a hold");
	/* the fill: half way after half the time, drawn in yellow along the button's foot */
	down.key.timestamp = SDL_GetTicks() - UI_HOLD_MS / 2;
	ui_event(ui, &down, &a);
	ui_begin(ui);
	screen_draw(ui, &st[7].view);
	CHECK(ui->hold_frac > 0.4 && ui->hold_frac < 0.7, "fill %.2f after half the hold", ui->hold_frac);
	check_fill_under_label(ui, "End set");
	ui_end(ui);
	/* a finger on "End set" (top right): a tap does nothing, 2 s held ends the set */
	SDL_Event f = { .type = SDL_FINGERDOWN };
	f.tfinger.x = (float)(ui->w - ui_px(ui, 10)) / (float)ui->w;
	f.tfinger.y = (float)ui_px(ui, 4) / (float)ui->h;
	f.tfinger.timestamp = t + 20000;
	ui_event(ui, &f, &a);
	f.type = SDL_FINGERUP;
	f.tfinger.timestamp = t + 20400;
	CHECK(!ui_event(ui, &f, &a), "a tap ended the set");
	f.type = SDL_FINGERDOWN;
	ui_event(ui, &f, &a);
	screen_show(ui, &st[7].view); /* frames go by while it is held */
	f.type = SDL_FINGERUP;
	f.tfinger.timestamp = t + 20400 + UI_HOLD_MS;
	CHECK(ui_event(ui, &f, &a) && a.kind == UI_ACT_NEXT, "a finger held 2 s: %d", a.kind);
	/* the back key (Esc, a clicker's PageUp) during a set: a press ends nothing, held 2 s
	 * it ends the set as the button does */
	screen_show(ui, &st[7].view);
	SDL_Event esc = key_event(SDL_KEYDOWN, SDLK_ESCAPE, t + 25000, false),
		  esc_up = key_event(SDL_KEYUP, SDLK_ESCAPE, t + 25200, false);
	CHECK(!ui_event(ui, &esc, &a) && !ui_event(ui, &esc_up, &a), "one Esc ended the set: %d", a.kind);
	esc.key.timestamp = t + 26000;
	esc_up.key.timestamp = t + 26000 + UI_HOLD_MS + 100;
	CHECK(!ui_event(ui, &esc, &a) && ui_event(ui, &esc_up, &a) && a.kind == UI_ACT_NEXT, "Esc held 2 s: %d",
	      a.kind);
	/* other screens' "next" acts at once; in a session (and on the first page of names,
	 * where it leaves the station) the back key stops it only when held 2 s: a
	 * clicker's back button pressed once stopped a whole session */
	screen_show(ui, &st[3].view);
	down.key.timestamp = t + 30000;
	CHECK(ui_event(ui, &down, &a) && a.kind == UI_ACT_NEXT, "pain: next at once");
	/* ... and its Back button too: a tap does nothing, a finger held 2 s stops it */
	const struct ui_target *back = NULL;
	for (int i = 0; i < ui->n_shown; i++)
		if (ui->shown[i].act.kind == UI_ACT_BACK)
			back = &ui->shown[i];
	if (back) {
		SDL_Rect r = back->r;
		SDL_Event tap = { .type = SDL_FINGERDOWN };
		tap.tfinger.x = (float)(r.x + r.w / 2) / (float)ui->w;
		tap.tfinger.y = (float)(r.y + r.h / 2) / (float)ui->h;
		tap.tfinger.timestamp = t + 32000;
		ui_event(ui, &tap, &a);
		tap.type = SDL_FINGERUP;
		tap.tfinger.timestamp = t + 32300;
		CHECK(!ui_event(ui, &tap, &a), "a tap on Back stopped the session: %d", a.kind);
		tap.type = SDL_FINGERDOWN;
		tap.tfinger.timestamp = t + 33000;
		ui_event(ui, &tap, &a);
		tap.type = SDL_FINGERUP;
		tap.tfinger.timestamp = t + 33000 + UI_HOLD_MS + 50;
		CHECK(ui_event(ui, &tap, &a) && a.kind == UI_ACT_BACK, "Back held 2 s: %d", a.kind);
	}
	CHECK(back != NULL, "the pain screen has a Back button");
	/* the back key held half way there: the Back button fills as under a finger (a
	 * clicker's held key showed nothing for 2 s) */
	screen_show(ui, &st[3].view);
	SDL_Event held_esc = key_event(SDL_KEYDOWN, SDLK_ESCAPE, SDL_GetTicks() - UI_HOLD_MS / 2, false);
	CHECK(!ui_event(ui, &held_esc, &a), "the back key acted at once");
	ui_begin(ui);
	screen_draw(ui, &st[3].view);
	CHECK(ui->back_frac > 0.4 && ui->back_frac < 0.7, "back key fill %.2f after half the hold", ui->back_frac);
	check_fill_under_label(ui, "Back");
	ui_end(ui);
	held_esc = key_event(SDL_KEYUP, SDLK_ESCAPE, SDL_GetTicks(), false);
	CHECK(!ui_event(ui, &held_esc, &a), "the back key let go half way acted");
	for (int i = 0; i < n_states; i++) {
		enum screen_id id = st[i].view.id;
		/* (the VISA-A's offer and the questions before the exercise go back at once:
		 * nothing is under way to lose) */
		bool at_once = (id == SCREEN_QUESTION && st[i].view.question.back_at_once) ||
			       (id == SCREEN_PAIN && st[i].view.pain.back_at_once);
		bool held = id == SCREEN_CHOOSE_PATIENT || ((id == SCREEN_QUESTION || id == SCREEN_PAIN) && !at_once) ||
			    id == SCREEN_REST || id == SCREEN_SUMMARY || id == SCREEN_STEP_ON;
		if (!held && id != SCREEN_PATIENT_LIST && id != SCREEN_KEYBOARD && !at_once)
			continue;
		screen_show(ui, &st[i].view);
		Uint32 at = t + 40000 + 10000 * (Uint32)i;
		esc = key_event(SDL_KEYDOWN, SDLK_PAGEUP, at, false);
		esc_up = key_event(SDL_KEYUP, SDLK_PAGEUP, at + 300, false);
		bool now = ui_event(ui, &esc, &a) || ui_event(ui, &esc_up, &a);
		CHECK(now == !held, "state %d (screen %d): one press of the back key acted: %d", i, id, now);
		if (!held)
			continue;
		esc.key.timestamp = at + 1000;
		esc_up.key.timestamp = at + 1000 + UI_HOLD_MS + 100;
		CHECK(!ui_event(ui, &esc, &a) && ui_event(ui, &esc_up, &a) && a.kind == UI_ACT_BACK,
		      "state %d: the back key held 2 s: %d", i, a.kind);
	}
	/* held on the step-on screen while the set starts under it (the patient stood still):
	 * still the back key stopping the session, not lost to the set's "End set" */
	const struct screen_state *step_on = screen_state_named(st, n_states, "step_on");
	REQUIRE(step_on, "a step_on state");
	screen_show(ui, &step_on->view);
	bool step_on_back = false; /* for a touch screen: it had no way out */
	for (int i = 0; i < ui->n_shown; i++)
		step_on_back |= ui->shown[i].act.kind == UI_ACT_BACK && ui->shown[i].hold;
	CHECK(step_on_back, "the step-on screen has a Back button, held");
	esc = key_event(SDL_KEYDOWN, SDLK_ESCAPE, t + 200000, false);
	CHECK(!ui_event(ui, &esc, &a), "Esc pressed on the step-on screen acted at once");
	screen_show(ui, &st[7].view);
	SDL_Event esc_rep = key_event(SDL_KEYDOWN, SDLK_ESCAPE, t + 201000, true);
	CHECK(!ui_event(ui, &esc_rep, &a), "Esc held 1 s acted");
	esc_up = key_event(SDL_KEYUP, SDLK_ESCAPE, t + 200000 + UI_HOLD_MS + 500, false);
	CHECK(ui_event(ui, &esc_up, &a) && a.kind == UI_ACT_BACK, "Esc held from step-on into the set: %d", a.kind);
	/* a finger held on the step-on screen's Back while the set starts under it: its
	 * release after 2 s still stops the session (it was lost: the button went) */
	for (int held = 0; held < 2; held++) {
		screen_show(ui, &step_on->view);
		const struct ui_target *corner = NULL;
		for (int i = 0; i < ui->n_shown; i++)
			if (ui->shown[i].act.kind == UI_ACT_BACK)
				corner = &ui->shown[i];
		REQUIRE(corner, "the step-on screen's Back");
		SDL_Event touch = { .type = SDL_FINGERDOWN };
		touch.tfinger.x = (float)(corner->r.x + corner->r.w / 2) / (float)ui->w;
		touch.tfinger.y = (float)(corner->r.y + corner->r.h / 2) / (float)ui->h;
		touch.tfinger.timestamp = t + 220000 + 10000 * (Uint32)held;
		ui_event(ui, &touch, &a);
		screen_show(ui, &st[7].view);
		screen_show(ui, &st[7].view);
		touch.type = SDL_FINGERUP;
		touch.tfinger.timestamp += held ? UI_HOLD_MS + 300 : 500;
		bool acted = ui_event(ui, &touch, &a);
		CHECK(held ? acted && a.kind == UI_ACT_BACK : !acted, "a finger on Back %s as the set began: %d %d",
		      held ? "held 2 s" : "for 0.5 s", acted, a.kind);
	}
	/* ... and a new press there is the set's, as before */
	esc.key.timestamp = t + 210000;
	esc_up.key.timestamp = t + 210000 + UI_HOLD_MS + 100;
	CHECK(!ui_event(ui, &esc, &a) && ui_event(ui, &esc_up, &a) && a.kind == UI_ACT_NEXT, "Esc held in the set: %d",
	      a.kind);
	ui_close(ui);
}

/* A switch that bounces (two presses 40 ms apart, as a foot switch's contacts do) acts
 * once: it answered two red-flag questions at once. A second press later acts. */
static void test_bounce(void)
{
	static struct screen_state st[SCREEN_STATES_MAX];
	screen_states(st);
	struct ui *ui;
	REQUIRE(ui_open_offscreen(800, 480, &ui) == ST_OK, "%s", st_errmsg());
	REQUIRE(st[2].view.id == SCREEN_QUESTION, "state 2 is a red-flag question");
	screen_show(ui, &st[2].view);
	struct ui_action a;
	int acted = 0;
	for (Uint32 at = 50000; at < 50000 + 5 * 40; at += 40) {
		SDL_Event down = key_event(SDL_KEYDOWN, SDLK_RETURN, at, false), up = key_event(SDL_KEYUP, SDLK_RETURN, at + 20, false);
		acted += ui_event(ui, &down, &a);
		acted += ui_event(ui, &up, &a);
	}
	CHECK(acted == 1, "a bouncing Return: %d answers", acted);
	SDL_Event later = key_event(SDL_KEYDOWN, SDLK_RETURN, 50000 + 5 * 40 + UI_BOUNCE_MS + 50, false);
	CHECK(ui_event(ui, &later, &a) && a.kind == UI_ACT_NO, "Return pressed again later: %d", a.kind);
	SDL_Event other = key_event(SDL_KEYDOWN, SDLK_y, later.key.timestamp + 20, false);
	CHECK(ui_event(ui, &other, &a) && a.kind == UI_ACT_YES, "another key at once: %d", a.kind);
	/* two clicks on "No" 40 ms apart: one answer */
	const struct ui_target *no = NULL;
	for (int i = 0; i < ui->n_shown; i++)
		if (ui->shown[i].act.kind == UI_ACT_NO)
			no = &ui->shown[i];
	REQUIRE(no, "a No button");
	int x = no->r.x + no->r.w / 2, y = no->r.y + no->r.h / 2;
	acted = 0;
	for (Uint32 at = 60000; at < 60000 + 2 * 40; at += 40) {
		SDL_Event down = mouse(SDL_MOUSEBUTTONDOWN, x, y), up = mouse(SDL_MOUSEBUTTONUP, x, y);
		down.button.timestamp = at, up.button.timestamp = at + 10;
		acted += ui_event(ui, &down, &a);
		acted += ui_event(ui, &up, &a) && a.kind == UI_ACT_NO;
	}
	CHECK(acted == 1, "two clicks 40 ms apart: %d answers", acted);
	/* two taps 0.2 s apart: the first answers, the second lands on the next question,
	 * unread, and is ignored (it answered it); one 0.6 s after the first acts */
	struct screen_view next = st[2].view;
	next.question.number++;
	next.question.question = "Can you do a heel raise on the painful side?";
	Uint32 at = 70000;
	SDL_Event down = mouse(SDL_MOUSEBUTTONDOWN, x, y), up = mouse(SDL_MOUSEBUTTONUP, x, y);
	down.button.timestamp = at, up.button.timestamp = at + 10;
	CHECK(!ui_event(ui, &down, &a) && ui_event(ui, &up, &a) && a.kind == UI_ACT_NO, "the first tap answers");
	screen_show(ui, &next);
	down.button.timestamp = at + 200, up.button.timestamp = at + 210;
	CHECK(!ui_event(ui, &down, &a) && !ui_event(ui, &up, &a), "a tap 0.2 s later answered the next question");
	down.button.timestamp = at + 600, up.button.timestamp = at + 610;
	CHECK(!ui_event(ui, &down, &a) && ui_event(ui, &up, &a) && a.kind == UI_ACT_NO, "a tap 0.6 s later answers it");
	ui_close(ui);
}

static void test_feedback(void)
{
	CHECK(view_feedback(2.2, 3, 5) == FEEDBACK_SLOWER, "2.2 s");
	CHECK(view_feedback(3.0, 3, 5) == FEEDBACK_GOOD, "3.0 s");
	CHECK(view_feedback(5.0, 3, 5) == FEEDBACK_GOOD, "5.0 s");
	CHECK(view_feedback(5.6, 3, 5) == FEEDBACK_FASTER, "5.6 s");
	CHECK(view_feedback(NAN, 3, 5) == FEEDBACK_NONE, "none");
	/* the seconds beside a verdict stay on its side of the band's edge */
	static const double shown[][2] = { { 2.96, 2.9 }, { 2.999, 2.9 }, { 3.0, 3.0 }, { 3.04, 3.0 }, { 4.96, 5.0 },
					   { 5.0, 5.0 }, { 5.01, 5.1 }, { 5.04, 5.1 }, { 2.2, 2.2 }, { 5.66, 5.7 } };
	for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
		double s = view_shown_lowering(shown[i][0], 3, 5);
		CHECK(fabs(s - shown[i][1]) < 1e-9, "%.3f s is shown as %.1f s, not %.1f s", shown[i][0], shown[i][1], s);
	}
	CHECK(fabs(view_shown_lowering(2.96, 2.97, 5) - 2.9) < 1e-9, "a band edge between tenths");
}

/* A progress graph on the screen is the report's drawing (plot_draw) on a white card:
 * the card's corners are paper white and the series is drawn in its own colour. */
static void test_plot_card(void)
{
	static struct screen_state st[SCREEN_STATES_MAX];
	int n = screen_states(st);
	const struct view_graphs *g = NULL;
	for (int i = 0; i < n && !g; i++)
		if (st[i].view.id == SCREEN_GRAPHS)
			g = &st[i].view.graphs;
	REQUIRE(g && g->n > 0, "a graphs state");
	struct ui *ui;
	REQUIRE(ui_open_offscreen(800, 480, &ui) == ST_OK, "%s", st_errmsg());
	SDL_Rect card = { 20, 20, 600, 300 };
	ui_begin(ui);
	draw_plot(ui, &g->graphs[0], card);
	unsigned char *rgba = malloc((size_t)card.w * card.h * 4);
	REQUIRE(rgba && SDL_RenderReadPixels(ui->ren, &card, SDL_PIXELFORMAT_RGBA32, rgba, card.w * 4) == 0,
		"%s", SDL_GetError());
	const unsigned char *corner = rgba, *last = rgba + ((size_t)card.w * card.h - 1) * 4;
	CHECK(corner[0] == 255 && corner[1] == 255 && corner[2] == 255 && last[0] == 255 && last[2] == 255,
	      "the card is white: %d,%d,%d", corner[0], corner[1], corner[2]);
	long blue = 0; /* Okabe-Ito blue, the first series: 0, 114, 178 */
	for (long i = 0; i < (long)card.w * card.h; i++) {
		const unsigned char *p = rgba + i * 4;
		blue += p[0] < 40 && abs(p[1] - 114) < 30 && abs(p[2] - 178) < 30;
	}
	CHECK(blue > 200, "the series is drawn in its colour: %ld pixels", blue);
	free(rgba);
	ui_close(ui);
}

/* The longest reasons the progression code gives with a phase change suggested: 20
 * sessions counted of phase 2 with every threshold at its widest figure, and 20 more too
 * close to count (their times named). */
static int longest_reasons(struct suggestion *sg)
{
	struct programme p;
	REQUIRE(programme_load(STATION_ASSETS_DIR "/programme.json", &p) == ST_OK, "%s", st_errmsg());
	p.rules = (struct progression_rules){ .window = 20, .needed = 20, .in_band_pct = 100, .share_min_pct = 0,
					      .share_max_pct = 100, .lsi_min_pct = 100, .pain_during_max = 10,
					      .pain_next_day_max = 10, .pain_weekly_rise_max = 10, .pain_before_max = 10 };
	static struct session_outcome hist[40];
	time_t t0 = 1790000000; /* 2026-09-21 */
	for (int i = 0; i < 40; i++) /* a counted session, then one 59 minutes after it */
		hist[i] = (struct session_outcome){ .session_id = i + 1, .phase = 2, .complete = true, .exercised = true,
						    .started = t0 + (i / 2) * 2 * 86400 + (i % 2) * 59 * 60,
						    .sets_target = 3, .sets_done = 3, .counts_met = true, .reps = 10,
						    .reps_in_band = 10, .share_pct = 50, .lsi_pct = NAN,
						    .pain_before = 10, .pain_day_after_last = 10, .pain_during_max = 10 };
	REQUIRE(progression_suggest(&p, 2, hist, 40, sg) == ST_OK && sg->verdict == VERDICT_NEXT_PHASE &&
			sg->n_reasons == 3,
		"a phase change with three reasons: verdict %d, %zu reasons", sg->verdict, sg->n_reasons);
	for (size_t i = 0; i < sg->n_reasons; i++) { /* none cut short by the progression code itself */
		size_t len = strlen(sg->reasons[i]);
		CHECK(len > 0 && len < SUGGESTION_REASON_LEN - 1 && strchr(").k", sg->reasons[i][len - 1]),
		      "reason %zu ends whole: %s", i + 1, sg->reasons[i]);
	}
	return (int)sg->n_reasons;
}

/* Draws v as a frame, checks its layout (check_layout), saves it as
 * $TMPDIR/screens/NAME_WxH.png and returns every line drawn, joined (drawn_words). */
static const char *draw_and_read(struct ui *ui, const struct screen_view *v, const char *name)
{
	static char words[UI_MAX_TEXTS * 130];
	char path[600];
	ui_begin(ui);
	screen_draw(ui, v);
	check_layout(name, ui, v);
	drawn_words(ui, words, sizeof words);
	snprintf(path, sizeof path, "%s/screens/%s_%dx%d.png", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", name, ui->w,
		 ui->h);
	CHECK(ui_save_png(ui, path) == ST_OK, "%s", st_errmsg());
	ui_end(ui);
	return words;
}

/* Once every rep of the set is counted the pacer stops: "DONE" with the ball at the bottom,
 * not "UP" cueing a rep too many while the last one is judged. */
static void test_pacer_stops(void)
{
	struct ui *ui;
	REQUIRE(ui_open_offscreen(800, 480, &ui) == ST_OK, "%s", st_errmsg());
	struct screen_view v = { .id = SCREEN_RAISES };
	v.raises = (struct view_raises){ .rep = 7, .reps_target = 8, .set = 1, .sets = 2, .tempo = { 1, 1, 4, 2 },
					 .pacer_t_s = 0.5, .band_lo_s = 3, .band_hi_s = 5, .n_lower = 7,
					 .bal = { 50, 45, 55 }, .support = { NAN, 5 } };
	const char *words = draw_and_read(ui, &v, "pacer_going");
	CHECK(strstr(words, "UP") && !strstr(words, "DONE"), "rep 7 of 8: the pacer says UP: %s", words);
	v.raises.rep = 8, v.raises.n_waiting = 1; /* the last rep counted, being measured */
	words = draw_and_read(ui, &v, "pacer_done");
	CHECK(strstr(words, "DONE") && !strstr(words, "UP"), "rep 8 of 8: the pacer stops: %s", words);
	ui_close(ui);
}

/* The physio's patient screen with the longest reasons: closed, the reasons shown are
 * whole (nothing cut with "...") and it says where the rest is; opened (a touch on it),
 * every reason in full, inside the window and over nothing else, at the physio's size or
 * more (check_layout), at 800x480 and 1920x1080. */
static void test_longest_reasons(int w, int h)
{
	struct suggestion sg;
	int n = longest_reasons(&sg);
	struct screen_view v = { .id = SCREEN_PATIENT_DETAIL };
	v.patient = (struct view_patient_detail){ .name = "Ann Example", .phase = 2,
						  .exercise = "Standing double-leg heel raise",
						  .dose = "8 reps x 3 sets, lower 3-5 s", .last = "Last session today: 3 of 3 sets",
						  .facts = "Involved: left · pain during 10, 10, 10, 10",
						  .warning = "Too soon to count: 20 sessions",
						  .suggestion = "Suggest phase 3", .decide = true, .n_reasons = n };
	for (int i = 0; i < n; i++) {
		v.patient.reasons[i] = sg.reasons[i];
		/* as the physio side shortens them: the first without its parenthesis */
		v.patient.briefs[i] = i == 0 ? "20 of the last 20 sessions in phase 2 met every target" : i == 1 ? sg.reasons[1] : NULL;
	}
	struct ui *ui;
	REQUIRE(ui_open_offscreen(w, h, &ui) == ST_OK, "%s", st_errmsg());
	for (int open = 0; open < 2; open++) {
		v.patient.reasons_open = open;
		const char *words = draw_and_read(ui, &v, open ? "patient_reasons_longest" : "patient_longest");
		if (!open) /* (the reason naming sessions too close ends in its own "...": open only) */
			CHECK(!strstr(words, "...") && strstr(words, v.patient.briefs[0]) &&
				      strstr(words, "every reason in full"),
			      "%dx%d closed: the first reason whole, nothing cut, and where the rest are: %s", w, h, words);
		for (int i = 0; open && i < n; i++)
			CHECK(strstr(words, sg.reasons[i]), "%dx%d open: reason %d (%zu characters) not drawn in full: %s", w,
			      h, i + 1, strlen(sg.reasons[i]), sg.reasons[i]);
	}
	ui_close(ui);
}

/* A hop set's trace says what its shading is: the flight, "in the air" (not a rep's
 * "top or hold" and "lowering"). */
static void test_trace_legend(void)
{
	static struct screen_state st[SCREEN_STATES_MAX];
	int n = screen_states(st);
	const struct screen_state *trace = screen_state_named(st, n, "trace");
	REQUIRE(trace && trace->view.id == SCREEN_FORCE_TRACE, "a trace state");
	struct screen_view v = trace->view;
	static const struct view_trace_event flights[] = { { 1.0, NAN, NAN, 1.3 }, { 2.0, NAN, NAN, 2.31 } };
	v.trace.events = flights;
	v.trace.n_events = 2;
	v.trace.hops = true;
	struct ui *ui;
	REQUIRE(ui_open_offscreen(800, 480, &ui) == ST_OK, "%s", st_errmsg());
	const char *words = draw_and_read(ui, &v, "trace_hops");
	CHECK(strstr(words, "in the air") && !strstr(words, "top or hold") && !strstr(words, "lowering"),
	      "a hop set's legend: %s", words);
	ui_close(ui);
}

/* The plate's name in its trace panel goes where its force line is not: low under a
 * standing body's force, high over a force that runs low (a foot resting lightly), and
 * where fewer columns are crossed when the line runs through both. */
static void test_trace_names(void)
{
	enum { N = 4000 };
	static float f[N];
	SDL_Rect plot = { 100, 200, 600, 120 }; /* 0..800 N: 800 N at y 200, 0 N at y 320 */
	int size = 20, low = plot.y + plot.h - size * 3 / 2, high = plot.y + size / 4;
	for (int i = 0; i < N; i++)
		f[i] = 720; /* y 212: above the low box (294-314), through the high one (209-229) */
	CHECK(plot_name_y(f, N, 0, 800, plot, size) == low, "standing: low (%d)", plot_name_y(f, N, 0, 800, plot, size));
	for (int i = 0; i < N; i++)
		f[i] = 120; /* y 302: through the low box */
	CHECK(plot_name_y(f, N, 0, 800, plot, size) == high, "a light foot: high (%d)",
	      plot_name_y(f, N, 0, 800, plot, size));
	for (int i = 0; i < N; i++) /* through the low box at first, the high one for a little after */
		f[i] = i < 100 ? 120 : i < 120 ? 700 : 400;
	CHECK(plot_name_y(f, N, 0, 800, plot, size) == high, "fewer crossings high: %d",
	      plot_name_y(f, N, 0, 800, plot, size));
}

/* The calibration's picture of the plate to load reads at arm's length: its five marks
 * labelled ("front"/"rear" and "left"/"right" beside the corner marks, "centre"), and big:
 * the front and rear marks (300 mm apart here) at least 15 units apart on the screen (a
 * third of its height) at 800x480 and 1920x1080; beside the pad, the longest refusal is
 * never cut. */
static void test_calibrate_picture(int w, int h)
{
	static struct screen_state st[SCREEN_STATES_MAX];
	int n = screen_states(st);
	const struct screen_state *mark = screen_state_named(st, n, "calibrate_mark");
	REQUIRE(mark, "a calibrate_mark state");
	const struct screen_view *v = &mark->view;
	struct ui *ui;
	REQUIRE(ui_open_offscreen(w, h, &ui) == ST_OK, "%s", st_errmsg());
	ui_begin(ui);
	screen_draw(ui, v);
	int fronts = 0, rears = 0, centres = 0, front_y = 0, rear_y = 0;
	for (int i = 0; i < ui->n_texts; i++) {
		const struct ui_drawn_text *d = &ui->texts_drawn[i];
		int mid = d->r.y + d->r.h / 2;
		if (strcmp(d->s, "front") == 0)
			fronts++, front_y = mid;
		else if (strcmp(d->s, "rear") == 0)
			rears++, rear_y = mid;
		centres += strcmp(d->s, "centre") == 0;
	}
	CHECK(fronts == 2 && rears == 2 && centres == 1, "%dx%d: marks labelled front %d, rear %d, centre %d", w, h,
	      fronts, rears, centres);
	double apart = (rear_y - front_y) / ui->u;
	CHECK(apart >= 15, "%dx%d: front and rear marks %.1f units apart on the picture (want >= 15)", w, h, apart);
	ui_end(ui);
	/* the longest refusals the procedure words with the pad up, whole and over nothing:
	 * a typed mass, beside the picture; a span not on a line (why, then what to do), over it */
	static const char *const refusals[2] = {
		"NOT ACCEPTED: the right plate reads about 1234.56 kg (by the new calibration), not 12.5 kg: check the "
		"mass, and that it stands only on this plate, then type it again",
		"NOT ACCEPTED: the right plate's readings are not on a straight line (worst point 12.34 % of the range off "
		"it, R^2 0.994557): were the masses typed in the order they went on, and does nothing touch the plate? "
		"Take the weights off the right plate and start its span again.",
	};
	for (int i = 0; i < 2; i++) {
		struct screen_view refused = *v;
		refused.calibrate.refused = true;
		refused.calibrate.message = refusals[i];
		const char *words = draw_and_read(ui, &refused, i ? "calibrate_not_linear" : "calibrate_refused_longest");
		CHECK(strstr(words, refusals[i]), "%dx%d: the refusal beside the pad is cut: %s", w, h, words);
	}
	ui_close(ui);
}

static void test_metronome(void)
{
	int16_t s[METRONOME_TICK_MAX];
	size_t n = metronome_make_tick(s, METRONOME_TICK_MAX, 48000, false);
	CHECK(n == 1440, "tick of %zu samples", n);
	int peak_start = 0, peak_end = 0;
	for (size_t i = 0; i < n; i++) {
		int a = abs(s[i]);
		if (i < n / 4 && a > peak_start)
			peak_start = a;
		if (i >= 3 * n / 4 && a > peak_end)
			peak_end = a;
	}
	CHECK(peak_start > 5000 && peak_end < peak_start / 10, "tick decays: %d -> %d", peak_start, peak_end);
	/* no sound device: it says so, and ticks do nothing */
	setenv("SDL_AUDIODRIVER", "no-such-driver", 1);
	struct metronome m;
	CHECK(metronome_open(&m) == ST_ERR_NOT_FOUND && strstr(st_errmsg(), "no sound"), "%s", st_errmsg());
	metronome_tick(&m, true);
	metronome_set_muted(&m, true);
	metronome_close(&m);
}

/* A window taller than 5:3 (portrait, 4:3): the layout's 48 units centred in it, the
 * screenshot the whole window, a touch found where it is drawn (the layout sat at the top
 * over an empty lower part). */
static void test_tall_window(int w, int h)
{
	static struct screen_state st[SCREEN_STATES_MAX];
	const struct screen_state *pain = screen_state_named(st, screen_states(st), "pain");
	REQUIRE(pain, "a pain state");
	struct ui *ui;
	REQUIRE(ui_open_offscreen(w, h, &ui) == ST_OK, "%s", st_errmsg());
	screen_show(ui, &pain->view);
	int band = (int)lroundf(48 * ui->u);
	CHECK(ui->h == band && abs(ui->top - (h - band) / 2) <= 1, "%dx%d: band %d px from %d, want %d from %d", w, h,
	      ui->h, ui->top, band, (h - band) / 2);
	char path[600];
	snprintf(path, sizeof path, "%s/tall_%dx%d.png", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", w, h);
	struct image im = { 0 };
	REQUIRE(ui_save_png(ui, path) == ST_OK && read_png(path, &im), "%s: %s", path, st_errmsg());
	CHECK(im.w == w && im.h == h, "the screenshot is %dx%d, not the window's %dx%d", im.w, im.h, w, h);
	int above = 0, within = 0; /* pixels lighter than the background */
	for (int y = 0; y < im.h && im.w == w && im.h == h; y++)
		for (int x = 0; x < im.w; x++) {
			bool lit = im.px[(size_t)y * (size_t)im.w + (size_t)x] > 60;
			above += lit && (y < ui->top || y >= ui->top + ui->h);
			within += lit && y >= ui->top && y < ui->top + ui->h;
		}
	CHECK(above == 0 && within > 1000, "%dx%d: %d lit pixels outside the band, %d in it", w, h, above, within);
	free(im.px);
	/* a finger on score 7 where it is drawn, in the window's coordinates */
	const struct ui_target *seven = NULL;
	for (int i = 0; i < ui->n_shown; i++)
		if (ui->shown[i].act.kind == UI_ACT_DIGIT && ui->shown[i].act.index == 7)
			seven = &ui->shown[i];
	REQUIRE(seven, "score 7 is a target");
	SDL_Event f = { .type = SDL_FINGERDOWN };
	f.tfinger.timestamp = 5000;
	f.tfinger.x = ((float)seven->r.x + (float)seven->r.w / 2) / (float)w;
	f.tfinger.y = ((float)(ui->top + seven->r.y) + (float)seven->r.h / 2) / (float)h;
	struct ui_action a;
	ui_event(ui, &f, &a);
	f.type = SDL_FINGERUP;
	f.tfinger.timestamp = 5100;
	CHECK(ui_event(ui, &f, &a) && a.kind == UI_ACT_DIGIT && a.index == 7, "%dx%d: a touch on 7 gave %d %d", w, h,
	      a.kind, a.index);
	ui_close(ui);
}

int main(void)
{
	test_all_screens(800, 480);
	test_all_screens(1920, 1080);
	test_text_cache();
	test_input();
	test_hold_to_end();
	test_bounce();
	test_feedback();
	test_pacer_stops();
	test_plot_card();
	test_longest_reasons(800, 480);
	test_longest_reasons(1920, 1080);
	test_trace_legend();
	test_trace_names();
	test_calibrate_picture(800, 480);
	test_calibrate_picture(1920, 1080);
	test_metronome();
	test_tall_window(800, 1280);
	test_tall_window(1024, 768);
	return check_summary();
}
