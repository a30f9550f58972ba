/* plain_text.h: names people type (a patient's, a physio's) are plain text: valid UTF-8
 * with no control characters and none of Unicode's invisible direction marks, which would
 * make a name print as another (the right-to-left override reverses what follows it) or
 * break the lines of a list, a log or a CSV. */
#ifndef STATION_PLAIN_TEXT_H
#define STATION_PLAIN_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* The code point at s (n > 0 bytes left) and its length in bytes in *len; 0 with *len 1
 * where the bytes are not UTF-8 (overlong forms, surrogates, past U+10FFFF). */
uint32_t utf8_decode(const unsigned char *s, size_t n, size_t *len);

/* The characters (code points) of plain text s: the columns it takes in a terminal's
 * table, for the scripts names are written in (not the double-width CJK ones). */
size_t plain_text_chars(const char *s);

/* 0 when s[0..len) is plain text; else the 1-based character at which it is not, with why
 * ("a control character", "not UTF-8", "a text direction mark") in *why. */
size_t plain_text_fault(const char *s, size_t len, const char **why);

#endif
