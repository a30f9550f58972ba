/* text_cache.c: text rendered to textures once, with the fonts it needs. */
#include "text_cache.h"

#include <SDL_ttf.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assets.h"
#include "paths.h"
#include "plain_text.h"
#include "status.h"


struct text_entry {
	uint64_t hash;
	uint64_t used;      /* tick of the last use; 0: free */
	char s[TEXT_MAX_LEN];
	int face, size_px;
	Uint32 colour;
	SDL_Texture *tex;
	int w, h;
};

struct font_entry {
	int face, size_px;
	uint64_t used;
	TTF_Font *font;
};

/* Chinese, Japanese and Korean names, which DejaVu Sans lacks: fonts-wqy-microhei (also
 * the report's, found there by fontconfig), at its fixed Debian path; without it such
 * text shows boxes, as before. */
#define FALLBACK_FONT "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
#define FALLBACK_FACE 2 /* font_for()'s face: the fallback, for regular and bold alike */

struct ui_text_cache {
	SDL_Renderer *ren;
	char path[3][PATH_MAX]; /* regular, bold, the fallback ("" when it is missing) */
	struct text_entry e[TEXT_CACHE_ENTRIES];
	struct font_entry f[TEXT_CACHE_FONTS];
	uint64_t tick;
	long rendered;
};

static uint64_t fnv1a(const char *s, int face, int size, Uint32 colour)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	h = (h ^ (uint64_t)face) * 1099511628211ull;
	h = (h ^ (uint64_t)size) * 1099511628211ull;
	return (h ^ colour) * 1099511628211ull;
}

int text_cache_new(SDL_Renderer *ren, struct ui_text_cache **out)
{
	if (TTF_Init() != 0) /* counted: each cache has its own TTF_Quit() */
		return st_fail(ST_ERR, "fonts: %s", TTF_GetError());
	struct ui_text_cache *tc = calloc(1, sizeof *tc);
	if (!tc) {
		TTF_Quit();
		return st_fail(ST_ERR_NOMEM, "fonts: out of memory");
	}
	tc->ren = ren;
	for (int i = 0; i < 2; i++) {
		int rc = st_path(tc->path[i], sizeof tc->path[i], "%s", st_font_path(i == UI_BOLD));
		FILE *f = rc == ST_OK ? fopen(tc->path[i], "rb") : NULL;
		if (!f) {
			if (rc == ST_OK)
				rc = st_fail(ST_ERR_NOT_FOUND, "%s: font missing (install the package fonts-dejavu-core)",
					     tc->path[i]);
			free(tc);
			TTF_Quit();
			return rc;
		}
		fclose(f);
	}
	FILE *f = fopen(FALLBACK_FONT, "rb");
	if (f) {
		snprintf(tc->path[FALLBACK_FACE], sizeof tc->path[FALLBACK_FACE], "%s", FALLBACK_FONT);
		fclose(f);
	}
	*out = tc;
	return ST_OK;
}

void text_cache_free(struct ui_text_cache *tc)
{
	if (!tc)
		return;
	for (int i = 0; i < TEXT_CACHE_ENTRIES; i++)
		if (tc->e[i].tex)
			SDL_DestroyTexture(tc->e[i].tex);
	for (int i = 0; i < TEXT_CACHE_FONTS; i++)
		if (tc->f[i].font)
			TTF_CloseFont(tc->f[i].font);
	free(tc);
	TTF_Quit();
}

static TTF_Font *font_for(struct ui_text_cache *tc, int face, int size_px)
{
	struct font_entry *oldest = &tc->f[0];
	for (int i = 0; i < TEXT_CACHE_FONTS; i++) {
		struct font_entry *f = &tc->f[i];
		if (f->font && f->face == face && f->size_px == size_px) {
			f->used = tc->tick;
			return f->font;
		}
		if (f->used < oldest->used)
			oldest = f;
	}
	if (oldest->font)
		TTF_CloseFont(oldest->font);
	oldest->font = TTF_OpenFont(tc->path[face], size_px);
	if (!oldest->font) {
		oldest->used = 0;
		st_fail(ST_ERR_IO, "%s: %s", tc->path[face], TTF_GetError());
		return NULL;
	}
	oldest->face = face;
	oldest->size_px = size_px;
	oldest->used = tc->tick;
	return oldest->font;
}

/* The font for s: face's, or the fallback's when s has a character face lacks and the
 * fallback has. */
static TTF_Font *font_for_text(struct ui_text_cache *tc, const char *s, int face, int size_px)
{
	TTF_Font *font = font_for(tc, face, size_px);
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), len;
	for (size_t i = 0; font && tc->path[FALLBACK_FACE][0] && i < n; i += len) {
		uint32_t u = utf8_decode(p + i, n - i, &len);
		if (u < 0x80 || TTF_GlyphIsProvided32(font, u))
			continue;
		TTF_Font *other = font_for(tc, FALLBACK_FACE, size_px);
		if (other && TTF_GlyphIsProvided32(other, u))
			return other;
		return font_for(tc, face, size_px); /* opened again if the fallback took its place */
	}
	return font;
}

/* The entry of (s, face, size, colour), or NULL with *victim the one to reuse for it. */
static struct text_entry *lookup(struct ui_text_cache *tc, const char *s, int face, int size_px, Uint32 colour,
				 uint64_t hash, struct text_entry **victim)
{
	*victim = &tc->e[0];
	for (int i = 0; i < TEXT_CACHE_ENTRIES; i++) {
		struct text_entry *e = &tc->e[i];
		if (e->used && e->hash == hash && e->face == face && e->size_px == size_px && e->colour == colour &&
		    strcmp(e->s, s) == 0)
			return e;
		if (e->used < (*victim)->used)
			*victim = e;
	}
	return NULL;
}

static Uint32 colour_key(SDL_Color c)
{
	return (Uint32)c.r << 24 | (Uint32)c.g << 16 | (Uint32)c.b << 8 | c.a;
}

/* Renders s into victim's place. */
static SDL_Texture *render(struct ui_text_cache *tc, const char *s, int face, int size_px, SDL_Color c, uint64_t hash,
			   struct text_entry *victim)
{
	TTF_Font *font = font_for_text(tc, s, face, size_px);
	if (!font)
		return NULL;
	SDL_Surface *surf = TTF_RenderUTF8_Blended(font, s, c);
	if (!surf) {
		st_fail(ST_ERR, "text '%s': %s", s, TTF_GetError());
		return NULL;
	}
	SDL_Texture *tex = SDL_CreateTextureFromSurface(tc->ren, surf);
	int sw = surf->w, sh = surf->h;
	SDL_FreeSurface(surf);
	if (!tex) {
		st_fail(ST_ERR, "text '%s': %s", s, SDL_GetError());
		return NULL;
	}
	SDL_SetTextureScaleMode(tex, SDL_ScaleModeLinear); /* text shrunk to fit stays smooth */
	if (victim->tex)
		SDL_DestroyTexture(victim->tex);
	*victim = (struct text_entry){ .hash = hash, .used = tc->tick, .face = face, .size_px = size_px,
				       .colour = colour_key(c), .tex = tex, .w = sw, .h = sh };
	snprintf(victim->s, sizeof victim->s, "%s", s);
	tc->rendered++;
	return tex;
}

/* The cached texture, or (render) a new one; longer text is cut to TEXT_MAX_LEN. */
static SDL_Texture *text(struct ui_text_cache *tc, const char *text, enum ui_face face, int size_px, SDL_Color c,
			 bool render_new, int *w, int *h)
{
	char s[TEXT_MAX_LEN]; /* the key and what is shown: longer text is cut */
	snprintf(s, sizeof s, "%s", text);
	Uint32 colour = colour_key(c);
	uint64_t hash = fnv1a(s, (int)face, size_px, colour);
	tc->tick++;
	struct text_entry *victim, *e = lookup(tc, s, (int)face, size_px, colour, hash, &victim);
	if (e)
		e->used = tc->tick;
	else if (!render_new || !render(tc, s, (int)face, size_px, c, hash, victim))
		return NULL;
	else
		e = victim;
	*w = e->w;
	*h = e->h;
	return e->tex;
}

SDL_Texture *text_cache_get(struct ui_text_cache *tc, const char *s, enum ui_face face, int size_px, SDL_Color c,
			    int *w, int *h)
{
	return text(tc, s, face, size_px, c, true, w, h);
}

SDL_Texture *text_cache_find(struct ui_text_cache *tc, const char *s, enum ui_face face, int size_px, SDL_Color c,
			     int *w, int *h)
{
	return text(tc, s, face, size_px, c, false, w, h);
}

void text_cache_warm(struct ui_text_cache *tc, enum ui_face face, int size_px)
{
	static const char glyphs[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,:;-+/()%?!'";
	TTF_Font *font = font_for(tc, face, size_px);
	SDL_Surface *surf = font ? TTF_RenderUTF8_Blended(font, glyphs, ui_palette[UI_FG]) : NULL;
	SDL_FreeSurface(surf);
}

int text_cache_measure(struct ui_text_cache *tc, const char *s, enum ui_face face, int size_px, int *w, int *h)
{
	TTF_Font *font = font_for_text(tc, s, (int)face, size_px);
	if (!font)
		return ST_ERR_IO;
	if (TTF_SizeUTF8(font, s, w, h) != 0)
		return st_fail(ST_ERR, "text '%.40s': %s", s, TTF_GetError());
	return ST_OK;
}

int text_cache_cap_px(struct ui_text_cache *tc, enum ui_face face, int size_px)
{
	TTF_Font *font = font_for(tc, face, size_px);
	int minx, maxx, miny, maxy, adv;
	if (!font || TTF_GlyphMetrics(font, 'H', &minx, &maxx, &miny, &maxy, &adv) != 0)
		return 0;
	return maxy;
}

int text_cache_count(const struct ui_text_cache *tc)
{
	int n = 0;
	for (int i = 0; i < TEXT_CACHE_ENTRIES; i++)
		n += tc->e[i].used != 0;
	return n;
}

long text_cache_rendered(const struct ui_text_cache *tc)
{
	return tc->rendered;
}
