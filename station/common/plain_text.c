/* plain_text.c: plain text for names (plain_text.h). */
#include "plain_text.h"

uint32_t utf8_decode(const unsigned char *s, size_t n, size_t *len)
{
	*len = 1;
	if (s[0] < 0x80)
		return s[0];
	size_t k = s[0] >= 0xf5 ? 0 : s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
	if (!k || k > n)
		return 0;
	uint32_t u = s[0] & (0x7f >> k);
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		u = u << 6 | (s[i] & 0x3f);
	}
	static const uint32_t least[] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (u < least[k] || u > 0x10ffff || (u >= 0xd800 && u <= 0xdfff))
		return 0;
	*len = k;
	return u;
}

size_t plain_text_fault(const char *s, size_t len, const char **why)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0, at = 1; i < len; at++) {
		size_t n;
		uint32_t u = utf8_decode(p + i, len - i, &n);
		if (u == 0 && p[i] != 0)
			*why = "not UTF-8";
		else if (u < 0x20 || (u >= 0x7f && u < 0xa0) || u == 0x2028 || u == 0x2029) /* U+2028/9: line breaks */
			*why = "a control character (a tab or a line break, say)";
		else if (u == 0x200e || u == 0x200f || (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069) ||
			 u == 0x061c)
			*why = "a text direction mark";
		else {
			i += n;
			continue;
		}
		return at;
	}
	return 0;
}

size_t plain_text_chars(const char *s)
{
	size_t chars = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		chars += (*p & 0xC0) != 0x80; /* not a continuation byte */
	return chars;
}
