/* ui.h: the station's drawing surface: a window (or an offscreen image for tests), layout
 * units scaled from its size, the palette, cached text, touch targets and input.
 *
 * Layout: everything is measured in units of ui->u = min(width / 80, height / 48) pixels,
 * so a screen laid out for 800x480 (u = 10) fills 1920x1080 (u = 22.5) the same way, with
 * type big enough to read from 2-3 m.
 *
 * Text is rendered to a texture once per (string, face, size, colour) and reused from a
 * bounded cache (least recently used entry evicted), never rendered every frame.
 *
 * Readable text (the rule every patient screen keeps, tests/app/test_screens.c checks it
 * on every screen state at 800x480 and 1920x1080): a patient may be older, in pain,
 * without glasses and 2 m away.
 *  - Body text: capitals at least UI_BODY_CAP_U units tall, 24 px at 800x480 and 54 px at
 *    1920x1080 (the unit follows the display's height on any screen 5:3 or wider).
 *  - Advice (stop, see someone, pain too high): capitals UI_ADVICE_CAP_U units, 30 px at
 *    800x480.
 *  - Nothing on a patient screen is smaller than body text. Only the physio's own screens
 *    (read at arm's length) go down to UI_PHYSIO_CAP_U, 16 px at 800x480.
 *  - Text wider than its space wraps at spaces onto more lines; ui_text() returns the
 *    rectangle of all the lines, and screens lay out what follows below it. Only headings
 *    and figures bigger than advice are made smaller to stay on one line, down to the
 *    advice size; a single word wider than its whole space is shrunk (the test says when
 *    that goes under the rule).
 *
 * Input: screens register touch targets while they draw (ui_target()); ui_event() maps an
 * SDL event onto the targets of the last frame drawn: a tap or click on a target, the
 * "next" key (space, Enter, PageDown: a clicker or foot switch) for the screen's primary
 * target, digits, Backspace, Escape, M (mute). Where a screen has a target for 10 (the pain
 * scale), typing 1 then 0 sends 10.
 *
 * Errors: ST_OK or a negative st_status with st_errmsg(), like the rest of the station.
 */
#ifndef STATION_UI_H
#define STATION_UI_H

#include <SDL.h>
#include <stdbool.h>

#define UI_MIN_W 800
#define UI_MIN_H 480
#define UI_MAX_TARGETS 48
#define UI_MAX_TEXTS 160

/* The readability rule above, in layout units of capital height; DejaVu Sans's capitals
 * are 0.729 em. */
#define UI_CAP_PER_EM 0.729
#define UI_BODY_CAP_U 2.4
#define UI_ADVICE_CAP_U 3.0
#define UI_PHYSIO_CAP_U 1.6
/* A "next" target that ends a set is held this long to act (a foot switch pressed by
 * mistake, or once too often, must not end a set). */
#define UI_HOLD_MS 2000
/* A key that acts again this soon is a switch bouncing, not a second press: a foot
 * switch's bounce answered two safety questions at once. */
#define UI_BOUNCE_MS 150
/* A new screen (another question, another summary) takes no answer this soon after the
 * act that brought it up: two taps 0.2 s apart answered two safety questions, the
 * second unread. */
#define UI_SETTLE_MS 500

/* Colour-blind-safe (Okabe-Ito) on a dark ground; meaning never rests on colour alone:
 * every coloured mark carries a word or a letter too. */
enum ui_colour {
	UI_BG,      /* near-black ground */
	UI_PANEL,   /* raised panels, buttons */
	UI_FG,      /* main text, white */
	UI_DIM,     /* secondary text, light grey */
	UI_LEFT,    /* sky blue: the left foot (and the rise in the physio's phase shading) */
	UI_RIGHT,   /* orange: right foot */
	UI_WARN,    /* vermillion: "slower", unplugged (always with words) */
	UI_GOOD,    /* bluish green, with a word */
	UI_ACCENT,  /* yellow: the pacer, the primary button's outline */
	UI_GRID,    /* graph grid lines */
	UI_COLOURS
};
extern const SDL_Color ui_palette[UI_COLOURS];
extern const SDL_Color ui_palette_paper[UI_COLOURS];

enum ui_face { UI_REGULAR, UI_BOLD };
enum ui_align { UI_ALIGN_LEFT, UI_ALIGN_CENTRE, UI_ALIGN_RIGHT };

/* What input means on the current screen (see views.h for which screen sends which). */
enum ui_action_kind {
	UI_ACT_NONE,
	UI_ACT_NEXT,   /* the primary action: continue, start, done */
	UI_ACT_BACK,   /* Escape, or a back button */
	UI_ACT_SELECT, /* a list entry or a tab: index */
	UI_ACT_YES,
	UI_ACT_NO,
	UI_ACT_DIGIT,  /* a digit or a pain score: index = value 0..10 */
	UI_ACT_DELETE, /* PIN pad: remove the last digit */
	UI_ACT_MUTE,   /* metronome on/off */
	UI_ACT_PHYSIO, /* open the physio screens (asks the PIN) */
	UI_ACT_CONFIRM, /* physio: confirm the suggestion */
	UI_ACT_DECLINE, /* physio: decline the suggestion */
	UI_ACT_EXPORT, /* physio: export the graph as PNG */
	UI_ACT_SET_PHASE, /* physio: set the patient's phase */
	UI_ACT_VISA,   /* physio: the patient fills in the VISA-A */
	UI_ACT_CALIBRATE, /* physio: calibrate the plate */
	UI_ACT_STEP,   /* an arrow key: index +1 (right, up) or -1 (left, down), the pain scale's choice */
	UI_ACT_QUIT,   /* the window was closed */
};

struct ui_action {
	enum ui_action_kind kind;
	int index;
};

struct ui_target {
	SDL_Rect r;
	struct ui_action act;
	bool primary; /* what the "next" key does */
	bool hold;    /* acts only when held UI_HOLD_MS (key, finger or mouse) */
};

/* A text drawn this frame: where, and how tall its capitals came out (test hook for the
 * readability rule and the layout checks). */
struct ui_drawn_text {
	SDL_Rect r;
	int cap_px;
	char s[128]; /* the line (its start when longer), for messages and checks */
};

struct ui_options {
	bool windowed;  /* a desktop window instead of full screen */
	int width, height; /* the window's size, windowed or on SDL's offscreen (or dummy) video
			    * driver (0: 1024x600, made smaller to fit the display) */
	bool vsync;
	double text_budget_ms; /* > 0: a frame renders new text only until it has taken this
				* long; one short of text is not presented (ui->incomplete) and
				* the next frame goes on with it. 0: every frame is whole. */
};

struct ui_text_cache;

struct ui {
	SDL_Window *win;     /* NULL offscreen */
	SDL_Renderer *ren;
	SDL_Surface *surface; /* offscreen: the image drawn into; NULL with a window */
	int w, h;             /* drawing size in pixels: the layout's band of the window */
	float u;              /* layout unit in pixels */
	int win_h, top;       /* the window's height, and the band's top in it: a window taller
			       * than 5:3 (portrait, 4:3) has the layout's 48 units centred in it,
			       * not at its top over an empty lower part */
	const SDL_Color *palette; /* ui_palette on the screen; ui_palette_paper for exported images */
	struct ui_text_cache *texts;
	struct ui_target targets[UI_MAX_TARGETS]; /* of the frame being drawn */
	int n_targets;
	struct ui_target shown[UI_MAX_TARGETS];   /* of the last frame presented */
	int n_shown;
	int pressed;        /* index in shown of the target under a finger, or -1 */
	Uint32 press_ms;    /* when the press on a hold target (or its key) began */
	bool key_held;      /* the "next" key is down on a hold target */
	float min_cap_u;    /* the smallest capitals a line may shrink to, in units (the rule
			     * above: body text, or the physio's size on the physio's own
			     * screens; set by the screen for its frame) */
	bool hold_back;     /* the back key, and a Back button, end a session or leave the
			     * station here: they act only when held UI_HOLD_MS (set by the
			     * screen for its frame) */
	bool back_held;     /* ... and it is down */
	Uint32 back_ms;     /* ... since */
	bool back_touched;  /* a finger held on a Back that stops the session when the screen
			     * changed under it (the set began): its release after UI_HOLD_MS
			     * still stops it, as the key does */
	SDL_Keycode acted_key; /* the key that acted last (UI_BOUNCE_MS) */
	Uint32 acted_ms;       /* ... and when it did, or bounced */
	bool one_typed;     /* the last key typed on this screen was the digit 1 (1 then 0 types 10) */
	uint64_t view_identity; /* the screen shown (screen.c sets it: UI_SETTLE_MS) */
	bool view_is_new;       /* ... changed since the last act */
	Uint32 last_act_ms;     /* when the last act acted */
	double hold_frac;   /* 0..1: how far a hold target's press is, this frame */
	double back_frac;   /* ... and the back key held where it is held to act */
	struct ui_drawn_text texts_drawn[UI_MAX_TEXTS]; /* the text of this frame */
	int n_texts;
	SDL_Texture *plot_card; /* the last graph drawn by cairo (plot_screen.c), kept while */
	uint64_t plot_key;      /* ...its data and size (this key) stay the same */
	double text_budget_ms;  /* ui_options' */
	Uint64 frame_start;     /* SDL_GetPerformanceCounter() at ui_begin() */
	bool rendered_this_frame; /* a new text was rendered in this frame */
	bool incomplete;        /* this frame left text out for its budget: not presented, its
				 * targets not taken; draw the next one soon */
};

/* Opens the screen: full screen on the display (KMSDRM on a console, a desktop's display
 * otherwise), or a window, drawn by the accelerated renderer where there is one, else in
 * software (renderer.h; STATION_RENDERER=software forces it). Initialises SDL video and SDL_ttf. */
int ui_open(const struct ui_options *opt, struct ui **out);

/* An offscreen image of w x h with the software renderer, for tests, benchmarks and PNG
 * export. Needs no display (SDL is not initialised for video). */
int ui_open_offscreen(int w, int h, struct ui **out);

void ui_close(struct ui *ui);

/* Starts a frame: follows the window's size, clears, forgets the last frame's targets. */
void ui_begin(struct ui *ui);
/* Ends a frame: presents it (windowed) and makes its targets the ones input sees, unless
 * it is incomplete (then the last frame stays up). */
void ui_end(struct ui *ui);

/* Maps an SDL event to an action on the last frame's targets; false when it means none
 * (a bounce, or too soon after a new screen: UI_SETTLE_MS). */
bool ui_event(struct ui *ui, const SDL_Event *ev, struct ui_action *out);
/* The screen about to be drawn, by identity: acts on a new one wait UI_SETTLE_MS after
 * the last act. */
void ui_new_view(struct ui *ui, uint64_t identity);

/* Layout unit helpers: n units in pixels. */
static inline int ui_px(const struct ui *ui, double n)
{
	return (int)(n * ui->u + 0.5);
}

/* A rectangle given in units, from the top left corner. */
static inline SDL_Rect ui_rect(const struct ui *ui, double x, double y, double w, double h)
{
	return (SDL_Rect){ ui_px(ui, x), ui_px(ui, y), ui_px(ui, w), ui_px(ui, h) };
}

/* The width of the screen in units (80 at 5:3, about 85 at 16:9; the height is 48). */
static inline double ui_width_u(const struct ui *ui)
{
	return ui->w / ui->u;
}

void ui_colour(struct ui *ui, enum ui_colour c);
void ui_fill(struct ui *ui, SDL_Rect r, enum ui_colour c);
void ui_frame_rect(struct ui *ui, SDL_Rect r, int thickness, enum ui_colour c);
/* A filled disc, or a ring between radii r_in and r_out over the fraction frac (0..1)
 * clockwise from 12 o'clock. */
void ui_ring(struct ui *ui, int cx, int cy, int r_in, int r_out, double frac, enum ui_colour c);
void ui_line(struct ui *ui, int x0, int y0, int x1, int y1, int thickness, enum ui_colour c);

/* Font sizes (the em, in pixels) of the readability rule's text on this screen. */
int ui_body_px(const struct ui *ui);
int ui_advice_px(const struct ui *ui);
int ui_physio_px(const struct ui *ui);

/* Draws text at font size size_px (the em, in pixels) with its top at y, aligned at x;
 * wider than max_w, it wraps at spaces onto more lines (max_w <= 0: no limit). Returns
 * the rectangle of all its lines. */
SDL_Rect ui_text(struct ui *ui, const char *s, enum ui_face face, int size_px, enum ui_colour c, int x, int y,
		 enum ui_align align, int max_w);
/* How tall ui_text() draws s at size_px wrapped to max_w (below the advice size, where
 * it is never made smaller), in pixels: for laying out what holds it. */
int ui_text_height(struct ui *ui, const char *s, enum ui_face face, int size_px, int max_w);
/* The width of s on one line, in pixels (0 if it cannot be measured). */
int ui_text_width(struct ui *ui, const char *s, enum ui_face face, int size_px);
/* A name on one line in box, at its left and centred in its height: at size_px, or
 * smaller down to min_px, and past that cut at a character with "…" (a name has no room
 * to wrap into). */
SDL_Rect ui_text_line(struct ui *ui, const char *s, enum ui_face face, int size_px, int min_px, enum ui_colour c,
		      SDL_Rect box);
/* Text centred in a rectangle, wrapped to its width (a font too big for the rectangle's
 * height is made smaller first). */
SDL_Rect ui_text_in(struct ui *ui, const char *s, enum ui_face face, int size_px, enum ui_colour c, SDL_Rect r);
/* ui_text in at most max_lines lines (0: as many as it takes), the last cut with "…" where
 * more would be needed. */
SDL_Rect ui_text_upto(struct ui *ui, const char *s, enum ui_face face, int size_px, enum ui_colour c, int x, int y,
		      enum ui_align align, int max_w, int max_lines);

/* A button: a panel with a centred label, registered as a touch target. A primary button
 * gets a yellow outline and answers the "next" key. */
void ui_button(struct ui *ui, SDL_Rect r, const char *label, struct ui_action act, bool primary, bool selected);
/* A primary button that acts only when held UI_HOLD_MS (its key or a finger), filling
 * with yellow from the left while held: for ending a set. */
void ui_hold_button(struct ui *ui, SDL_Rect r, const char *label, struct ui_action act);
/* Registers a touch target without drawing. */
void ui_target(struct ui *ui, SDL_Rect r, struct ui_action act, bool primary);

/* Cached text textures now held, and how many were rendered in all (tests, benchmarks). */
int ui_text_cached(const struct ui *ui);
long ui_text_rendered(const struct ui *ui);

/* Writes what has been drawn as PNG (libpng), file readable by its user only. */
int ui_save_png(struct ui *ui, const char *path);

#endif
