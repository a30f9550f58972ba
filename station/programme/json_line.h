/* json_line.h: line numbers for messages about JSON files parsed with cJSON. */
#ifndef STATION_JSON_LINE_H
#define STATION_JSON_LINE_H

#include <cjson/cJSON.h>
#include <stddef.h>

/* The line (from 1) where node starts in text, which root was parsed from: the key's
 * line for an object member. */
int json_line_of(const char *text, size_t len, const cJSON *root, const cJSON *node);

/* The line of a position in text (cJSON_GetErrorPtr() after a syntax error). */
int json_line_at(const char *text, size_t len, const char *at);

#endif
