/* typeface.h: text for the report and the graphs, drawn with cairo in the station's
 * typeface (DejaVu Sans, st_font_path()).
 *
 * A character DejaVu lacks (a Chinese, Japanese or Korean name) is drawn in an installed
 * font that has it, found once through fontconfig (WenQuanYi Micro Hei from Debian's
 * fonts-wqy-microhei, which the set-up installs and the package depends on), so names
 * never print as boxes. Bytes
 * that are not UTF-8 (a name typed in another encoding) are drawn as '?' rather than stop
 * cairo drawing. Text is fitted to a width by the caller: typeface_fit() for wrapping,
 * typeface_ellipsize() for a single line. */
#ifndef STATION_TYPEFACE_H
#define STATION_TYPEFACE_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

/* The station's typeface, regular or bold, loaded once for the process; NULL (with the
 * message set) when the font file cannot be read, and cairo's default sans is used instead. */
cairo_font_face_t *typeface_font(bool bold);

/* Sets cr's font to the station's at size points (scaled by scale). */
void typeface_set(cairo_t *cr, bool bold, double size, double scale);

/* Draws text at cr's current point in cr's font (set by typeface_set), characters the
 * typeface lacks in a fallback font. */
void typeface_show(cairo_t *cr, const char *text);

/* The advance of text as typeface_show draws it. */
double typeface_width(cairo_t *cr, const char *text);

/* How many bytes of text start a line of at most width: up to the last space that fits
 * (words), else as many characters as fit (a word longer than the line, or text without
 * spaces such as Chinese), at least one character. *next gets where the next line starts
 * (spaces skipped); NULL: not wanted. */
size_t typeface_fit(cairo_t *cr, const char *text, double width, const char **next);

/* text into out (len bytes), cut with an ellipsis (U+2026) when wider than width;
 * returns whether it was cut. */
bool typeface_ellipsize(cairo_t *cr, const char *text, double width, char *out, size_t len);

#endif
