/* pdf_text.h: what poppler-utils (pdftotext, pdfinfo, pdffonts) read in a PDF, for the
 * report's tests. */
#ifndef STATION_TEST_PDF_TEXT_H
#define STATION_TEST_PDF_TEXT_H

/* What `TOOL 'path' -` prints (malloc'd), e.g. tool "pdftotext -layout"; NULL with the
 * tool's complaint on stderr when it fails. pdffonts and pdfinfo take no "-". */
char *pdf_tool(const char *tool, const char *path);

/* The text of the PDF at path, laid out as on the page (malloc'd), or NULL. */
char *pdf_text(const char *path);

/* The number of pages (pdfinfo), -1 when it cannot be read. */
int pdf_pages(const char *path);

/* The right edge of the word reaching furthest right on any page, in points from the
 * page's left edge (pdftotext -bbox); -1 when it cannot be read. */
double pdf_right_edge(const char *path);

#endif
