/* typeface.c: the station's typeface with a fallback font per character (typeface.h). */
#include "typeface.h"

#include <cairo-ft.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assets.h"
#include "plain_text.h"
#include "status.h"

#define FALLBACKS 4   /* fonts found for missing characters (one covers all of CJK) */
#define MISSES 32     /* characters no font has, remembered so fontconfig is not asked again */
#define ELLIPSIS "\xe2\x80\xa6"

/* A run of characters a font has. */
struct range {
	uint32_t first, last;
};

struct face {
	cairo_font_face_t *cairo;
	struct range *has;        /* the characters it has, in order (plain memory, not an
				   * FcCharSet: those hide their pointers from leak checkers) */
	size_t n;
};

/* The faces live as long as the process: the fonts are used to the end. */
static FT_Library ft_lib;
static struct face own[2];
static pthread_once_t own_once = PTHREAD_ONCE_INIT;

static pthread_mutex_t fallback_lock = PTHREAD_MUTEX_INITIALIZER;
static struct face fallback[FALLBACKS];
static int n_fallback;
static uint32_t missing[MISSES];
static int n_missing;

static bool covers(const struct face *f, uint32_t c)
{
	size_t lo = 0, hi = f->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c < f->has[mid].first)
			hi = mid;
		else if (c > f->has[mid].last)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* The face of font file path (face index) as out: the characters of its Unicode charmap,
 * and its cairo face; false when it cannot be read, or lacks character need (0: none). */
static bool load_face(const char *path, int index, uint32_t need, struct face *out)
{
	FT_Face face;
	if (FT_New_Face(ft_lib, path, index, &face) != 0)
		return false;
	size_t cap = 0;
	FT_UInt glyph;
	for (FT_ULong c = FT_Get_First_Char(face, &glyph); glyph; c = FT_Get_Next_Char(face, c, &glyph)) {
		if (out->n && out->has[out->n - 1].last + 1 == c) {
			out->has[out->n - 1].last = (uint32_t)c;
			continue;
		}
		if (out->n == cap) {
			struct range *grown = realloc(out->has, (cap = cap ? 2 * cap : 256) * sizeof *grown);
			if (!grown)
				break;
			out->has = grown;
		}
		out->has[out->n++] = (struct range){ (uint32_t)c, (uint32_t)c };
	}
	if (glyph || (need && !covers(out, need))) { /* out of memory, or not the font wanted */
		free(out->has);
		*out = (struct face){ 0 };
		FT_Done_Face(face);
		return false;
	}
	out->cairo = cairo_ft_font_face_create_for_ft_face(face, 0);
	return true;
}

static void load_own(void)
{
	if (FT_Init_FreeType(&ft_lib) != 0)
		return;
	for (int i = 0; i < 2; i++)
		load_face(st_font_path(i), 0, 0, &own[i]);
}

cairo_font_face_t *typeface_font(bool bold)
{
	pthread_once(&own_once, load_own);
	if (!own[bold].cairo)
		st_fail(ST_ERR_NOT_FOUND, "%s: font missing (install the package fonts-dejavu-core)", st_font_path(bold));
	return own[bold].cairo;
}

void typeface_set(cairo_t *cr, bool bold, double size, double scale)
{
	cairo_font_face_t *f = typeface_font(bold);
	if (f)
		cairo_set_font_face(cr, f);
	else
		cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
				       bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size * scale);
}

/* An installed font that has c, as fontconfig matches it for sans-serif text; added to
 * fallback[]. Called with fallback_lock held. */
static cairo_font_face_t *match(uint32_t c)
{
	FcPattern *want = FcPatternCreate(), *got = NULL;
	FcCharSet *chars = FcCharSetCreate();
	cairo_font_face_t *found = NULL;
	if (want && chars && FcCharSetAddChar(chars, c) && FcPatternAddCharSet(want, FC_CHARSET, chars) &&
	    FcPatternAddString(want, FC_FAMILY, (const FcChar8 *)"sans-serif") &&
	    FcConfigSubstitute(NULL, want, FcMatchPattern)) {
		FcDefaultSubstitute(want);
		FcResult result;
		got = FcFontMatch(NULL, want, &result);
	}
	FcChar8 *file;
	FcCharSet *has;
	int index = 0;
	struct face *f = &fallback[n_fallback];
	if (got && FcPatternGetString(got, FC_FILE, 0, &file) == FcResultMatch &&
	    FcPatternGetCharSet(got, FC_CHARSET, 0, &has) == FcResultMatch && FcCharSetHasChar(has, c)) {
		FcPatternGetInteger(got, FC_INDEX, 0, &index);
		if (load_face((const char *)file, index, c, f))
			found = fallback[n_fallback++].cairo;
	}
	if (got)
		FcPatternDestroy(got);
	if (chars)
		FcCharSetDestroy(chars);
	if (want)
		FcPatternDestroy(want);
	return found;
}

/* The fallback font for c; NULL: none has it. */
static cairo_font_face_t *fallback_for(uint32_t c)
{
	cairo_font_face_t *found = NULL;
	pthread_mutex_lock(&fallback_lock);
	for (int i = 0; i < n_fallback && !found; i++)
		if (covers(&fallback[i], c))
			found = fallback[i].cairo;
	bool known_missing = false;
	for (int i = 0; i < n_missing && i < MISSES && !found; i++)
		known_missing |= missing[i] == c;
	if (!found && !known_missing && ft_lib && n_fallback < FALLBACKS)
		found = match(c);
	if (!found && !known_missing)
		missing[n_missing++ % MISSES] = c;
	pthread_mutex_unlock(&fallback_lock);
	return found;
}

/* The character at s (a string) and its length in bytes, as cairo accepts UTF-8 (no
 * overlong forms, surrogates or values past U+10FFFF); 0 with length 1 for a byte that
 * starts none. */
static uint32_t next_char(const unsigned char *s, size_t *len)
{
	return utf8_decode(s, strnlen((const char *)s, 4), len);
}

/* Draws (draw) or measures the current run buf[0..*n) in face; returns its advance. */
static double flush(cairo_t *cr, cairo_font_face_t *face, char *buf, size_t *n, bool draw)
{
	if (*n == 0)
		return 0;
	buf[*n] = 0;
	*n = 0;
	if (cairo_get_font_face(cr) != face)
		cairo_set_font_face(cr, face);
	if (draw) {
		cairo_show_text(cr, buf);
		return 0;
	}
	cairo_text_extents_t e;
	cairo_text_extents(cr, buf, &e);
	return e.x_advance;
}

/* Draws or measures text in runs of one face: cr's own, or a fallback for characters
 * it lacks; cr's font is as it was after. */
static double runs(cairo_t *cr, const char *text, bool draw)
{
	cairo_font_face_t *mine = cairo_get_font_face(cr);
	const struct face *has = mine == own[0].cairo ? &own[0] : mine == own[1].cairo ? &own[1] : NULL;
	cairo_font_face_reference(mine);
	cairo_font_face_t *in = mine;
	char buf[512];
	size_t n = 0;
	double w = 0;
	for (const unsigned char *c = (const unsigned char *)text; *c;) {
		size_t len;
		uint32_t u = next_char(c, &len);
		cairo_font_face_t *face = mine;
		if (has && u >= 0x80 && !covers(has, u)) {
			cairo_font_face_t *other = fallback_for(u);
			face = other ? other : mine;
		}
		if (face != in || n + 5 > sizeof buf) {
			w += flush(cr, in, buf, &n, draw);
			in = face;
		}
		if (u == 0 || u < 0x20 || u == 0x7f) /* not UTF-8, or a control character */
			buf[n++] = u == '\t' || u == '\n' ? ' ' : '?';
		else {
			memcpy(buf + n, c, len);
			n += len;
		}
		c += len;
	}
	w += flush(cr, in, buf, &n, draw);
	if (cairo_get_font_face(cr) != mine)
		cairo_set_font_face(cr, mine);
	cairo_font_face_destroy(mine);
	return w;
}

void typeface_show(cairo_t *cr, const char *text)
{
	runs(cr, text, true);
}

double typeface_width(cairo_t *cr, const char *text)
{
	return runs(cr, text, false);
}

/* The bytes of text that fit width: at a word's end (words) or any character; at least
 * one character when one is wanted. */
static size_t fit(cairo_t *cr, const char *text, double width, bool words, bool one)
{
	const unsigned char *start = (const unsigned char *)text, *c = start;
	size_t space = 0; /* the last space seen after the start: a break */
	double at = 0;
	while (*c) {
		size_t len;
		next_char(c, &len);
		char ch[5];
		memcpy(ch, c, len);
		ch[len] = 0;
		if (*c == ' ' && c > start)
			space = (size_t)(c - start);
		at += typeface_width(cr, ch);
		if (at > width && (c > start || !one))
			break;
		c += len;
	}
	size_t end = (size_t)(c - start);
	if (words && *c && *c != ' ' && space)
		end = space;
	while (end > 0 && start[end - 1] == ' ')
		end--;
	return end;
}

size_t typeface_fit(cairo_t *cr, const char *text, double width, const char **next)
{
	size_t n = fit(cr, text, width, true, true);
	if (next) {
		const char *c = text + n;
		while (*c == ' ')
			c++;
		*next = c;
	}
	return n;
}

bool typeface_ellipsize(cairo_t *cr, const char *text, double width, char *out, size_t len)
{
	if (len < sizeof ELLIPSIS) {
		if (len)
			out[0] = 0;
		return true;
	}
	if (typeface_width(cr, text) <= width) {
		snprintf(out, len, "%s", text);
		return false;
	}
	size_t n = fit(cr, text, width - typeface_width(cr, ELLIPSIS), false, false);
	if (n + sizeof ELLIPSIS > len) { /* out is the limit: back to a character's start */
		n = len - sizeof ELLIPSIS;
		while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(out, text, n);
	memcpy(out + n, ELLIPSIS, sizeof ELLIPSIS);
	return true;
}
