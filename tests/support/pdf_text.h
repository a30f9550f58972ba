/* pdf_text.h: what pdftotext (poppler-utils) reads in a PDF, for the report's tests. */
#ifndef STATION_TEST_PDF_TEXT_H
#define STATION_TEST_PDF_TEXT_H

/* The text of the PDF at path, laid out as on the page (malloc'd), or NULL with
 * pdftotext's complaint on stderr. */
char *pdf_text(const char *path);

#endif
