/* test_plain_text.c: names are plain text: accents, apostrophes and CJK pass; control
 * characters, broken UTF-8 and direction marks are found at their character. */
#include <string.h>

#include "check.h"
#include "plain_text.h"

static void expect(const char *s, size_t len, size_t at, const char *why_has)
{
	const char *why = "";
	size_t got = plain_text_fault(s, len, &why);
	CHECK(got == at && (!at || strstr(why, why_has)), "'%.*s': fault at %zu (%s), wanted %zu (%s)", (int)len, s, got,
	      got ? why : "-", at, why_has);
}

int main(void)
{
	const char *plain[] = { "Ann O'Neill", "Zoë Brontë-McKay", "李小龍", "Åsa Øberg", "José María", "" };
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
		expect(plain[i], strlen(plain[i]), 0, "");
	expect("Ann\tE", 5, 4, "control");
	expect("Ann\nE", 5, 4, "control");
	expect("Ann\x7f", 4, 4, "control");
	expect("Zoë\xc2\x85", 6, 4, "control");           /* U+0085, a C1 line break */
	expect("A\xe2\x80\xa8" "B", 5, 2, "control");         /* U+2028, the line separator */
	expect("AB\xe2\x80\xa9", 5, 3, "control");           /* U+2029, the paragraph separator */
	expect("Ann \xe2\x80\xae" "evaN", 11, 5, "direction");  /* U+202E, the right-to-left override */
	expect("A\xe2\x81\xa6" "B", 5, 2, "direction");         /* U+2066 */
	expect("A\xc3", 2, 2, "UTF-8");                       /* cut mid-character */
	expect("A\xc0\xaf", 3, 2, "UTF-8");                   /* an overlong '/' */
	expect("A\xed\xa0\x80", 4, 2, "UTF-8");               /* a surrogate */
	expect("A\xf8\x88\x80\x80\x80", 6, 2, "UTF-8");       /* past U+10FFFF's form */
	expect("A\xf4\x90\x80\x80", 5, 2, "UTF-8");           /* U+110000 */
	expect("AB\0C", 4, 3, "control");                     /* a NUL inside */
	/* characters, for a table's columns (cmd_patients) */
	CHECK(plain_text_chars("Zoë Brontë-McKay") == 16 && plain_text_chars("Åsa Øberg") == 9 &&
		      plain_text_chars("") == 0 && plain_text_chars("Ann") == 3,
	      "characters, not bytes");
	return check_summary();
}
