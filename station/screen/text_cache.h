/* text_cache.h: text rendered to textures once and reused (inside the screen module).
 *
 * Keyed by (string, face, size, colour). Bounded: when full, the entry least recently
 * used is evicted. Fonts are opened once per (face, size), also bounded. */
#ifndef STATION_SCREEN_TEXT_CACHE_H
#define STATION_SCREEN_TEXT_CACHE_H

#include <SDL.h>

#include "ui.h"

#define TEXT_CACHE_ENTRIES 256
#define TEXT_CACHE_FONTS 24
#define TEXT_MAX_LEN 160 /* longer text is cut */

/* Opens the fonts' cache for renderer ren: DejaVu Sans, regular and bold (st_font_path()).
 * ST_ERR_NOT_FOUND when a font file is missing, naming it and the package. */
int text_cache_new(SDL_Renderer *ren, struct ui_text_cache **out);
void text_cache_free(struct ui_text_cache *tc);

/* The texture of s (NULL on failure, with st_errmsg()); its size in *w, *h. Owned by the
 * cache, valid until the next call. */
SDL_Texture *text_cache_get(struct ui_text_cache *tc, const char *s, enum ui_face face, int size_px, SDL_Color c,
			    int *w, int *h);

/* The texture of s when it is cached already, else NULL (nothing rendered): a frame
 * short of time draws what it has (ui.h: the frame's text budget). */
SDL_Texture *text_cache_find(struct ui_text_cache *tc, const char *s, enum ui_face face, int size_px, SDL_Color c,
			     int *w, int *h);
/* Opens face at size_px and renders its letters, digits and punctuation once, so the
 * first text in that size only draws glyphs FreeType has made already. */
void text_cache_warm(struct ui_text_cache *tc, enum ui_face face, int size_px);

/* The size of s drawn in face at size_px, without rendering it (wrapping measures lines
 * with it); ST_OK or a failure with st_errmsg(). */
int text_cache_measure(struct ui_text_cache *tc, const char *s, enum ui_face face, int size_px, int *w, int *h);
/* The height of a capital letter ('H', above the baseline) in face at size_px, in pixels:
 * what the readability rule (ui.h) measures. */
int text_cache_cap_px(struct ui_text_cache *tc, enum ui_face face, int size_px);

int text_cache_count(const struct ui_text_cache *tc);
long text_cache_rendered(const struct ui_text_cache *tc);

#endif
