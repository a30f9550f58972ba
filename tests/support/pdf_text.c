/* pdf_text.c: a PDF's text through pdftotext (pdf_text.h). */
#include "pdf_text.h"

#include <stdio.h>
#include <stdlib.h>

/* pdftotext's text of path (malloc'd), or NULL. */
char *pdf_text(const char *path)
{
	char cmd[1200];
	snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' - 2>&1", path);
	FILE *p = popen(cmd, "r");
	if (!p)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *text = malloc(cap);
	size_t got;
	while (text && (got = fread(text + n, 1, cap - n - 1, p)) > 0) {
		n += got;
		if (n + 1 == cap) {
			char *grown = realloc(text, cap *= 2);
			if (!grown) {
				free(text);
				text = NULL;
			}
			text = grown;
		}
	}
	int rc = pclose(p);
	if (text)
		text[n] = 0;
	if (rc != 0) {
		fprintf(stderr, "pdftotext failed: %s\n", text ? text : "");
		free(text);
		return NULL;
	}
	return text;
}

