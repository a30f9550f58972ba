/* pdf_text.c: a PDF read through poppler-utils (pdf_text.h). */
#include "pdf_text.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *pdf_tool(const char *tool, const char *path)
{
	char cmd[1200];
	bool stdout_arg = strncmp(tool, "pdftotext", 9) == 0;
	snprintf(cmd, sizeof cmd, "%s '%s'%s 2>&1", tool, path, stdout_arg ? " -" : "");
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
			if (!grown)
				free(text);
			text = grown;
		}
	}
	int rc = pclose(p);
	if (text)
		text[n] = 0;
	if (rc != 0) {
		fprintf(stderr, "%s failed: %s\n", tool, text ? text : "");
		free(text);
		return NULL;
	}
	return text;
}

char *pdf_text(const char *path)
{
	return pdf_tool("pdftotext -layout", path);
}

int pdf_pages(const char *path)
{
	char *info = pdf_tool("pdfinfo", path);
	const char *at = info ? strstr(info, "\nPages:") : NULL;
	int pages = -1;
	if (at && sscanf(at + 7, "%d", &pages) != 1)
		pages = -1;
	free(info);
	return pages;
}

double pdf_right_edge(const char *path)
{
	char *words = pdf_tool("pdftotext -bbox", path);
	double right = words ? 0 : -1;
	for (const char *at = words; at && (at = strstr(at, "xMax=\""));) {
		at += 6;
		double x = strtod(at, NULL);
		if (x > right)
			right = x;
	}
	free(words);
	return right;
}
