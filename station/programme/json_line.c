/* json_line.c: the line of a cJSON node in the text it was parsed from.
 *
 * cJSON keeps no positions, so the node's path (the position of each child on the way
 * down from the root) is found in the tree and then followed through the text by a small
 * scanner. The text is known to be valid JSON (cJSON parsed it), which keeps the scanner
 * simple; following positions rather than keys also gets duplicate keys right.
 */
#include "json_line.h"

#include <stdbool.h>
#include <string.h>

#define DEPTH_MAX 32

static bool path_to(const cJSON *at, const cJSON *node, int *path, int *depth)
{
	if (at == node)
		return true;
	if (*depth >= DEPTH_MAX)
		return false;
	int i = 0;
	for (const cJSON *c = at->child; c; c = c->next, i++) {
		path[(*depth)++] = i;
		if (path_to(c, node, path, depth))
			return true;
		(*depth)--;
	}
	return false;
}

struct scan {
	const char *p, *end;
	int line;
};

static void skip_space(struct scan *s)
{
	while (s->p < s->end && strchr(" \t\r\n", *s->p)) {
		if (*s->p == '\n')
			s->line++;
		s->p++;
	}
}

static void skip_string(struct scan *s)
{
	for (s->p++; s->p < s->end && *s->p != '"'; s->p++)
		if (*s->p == '\\')
			s->p++;
	s->p++;
}

/* Skips one value (the scanner stands on its first character). */
static void skip_value(struct scan *s)
{
	if (*s->p == '"') {
		skip_string(s);
		return;
	}
	if (*s->p != '{' && *s->p != '[') {
		while (s->p < s->end && !strchr(",]} \t\r\n", *s->p))
			s->p++;
		return;
	}
	int nest = 0;
	do {
		if (*s->p == '"') {
			skip_string(s);
			continue;
		}
		if (*s->p == '{' || *s->p == '[')
			nest++;
		else if (*s->p == '}' || *s->p == ']')
			nest--;
		else if (*s->p == '\n')
			s->line++;
		s->p++;
	} while (s->p < s->end && nest > 0);
}

/* Moves into the container the scanner stands on, to its child number i: for an object
 * onto the member's key, for an array onto the element. */
static void enter(struct scan *s, int i)
{
	bool object = *s->p == '{';
	s->p++;
	for (int k = 0;; k++) {
		skip_space(s);
		if (k == i || s->p >= s->end)
			return;
		if (object) {
			skip_string(s); /* the key */
			skip_space(s);
			s->p++;         /* ':' */
			skip_space(s);
		}
		skip_value(s);
		skip_space(s);
		s->p++;                 /* ',' */
	}
}

int json_line_of(const char *text, size_t len, const cJSON *root, const cJSON *node)
{
	int path[DEPTH_MAX], depth = 0;
	struct scan s = { text, text + len, 1 };
	skip_space(&s);
	if (!node || !path_to(root, node, path, &depth))
		return s.line;
	for (int d = 0; d < depth; d++) {
		if (d > 0) { /* from the previous level's key to its value */
			if (*s.p == '"') {
				skip_string(&s);
				skip_space(&s);
				s.p++;
				skip_space(&s);
			}
		}
		enter(&s, path[d]);
	}
	return s.line;
}

int json_line_at(const char *text, size_t len, const char *at)
{
	int line = 1;
	for (const char *p = text; p < text + len && p < at; p++)
		line += *p == '\n';
	return line;
}
