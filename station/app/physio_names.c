/* physio_names.c: the physios' names in the data folder (physio_names.h). */
#include "physio_names.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "safe_file.h"
#include "plain_text.h"
#include "status.h"

static void names_path(const char *data_dir, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", data_dir, PHYSIO_NAMES_FILE);
}

/* *name without its leading and trailing spaces: returns the length left. */
static size_t trim(const char **name)
{
	while (**name == ' ')
		(*name)++;
	size_t len = strlen(*name);
	while (len && (*name)[len - 1] == ' ')
		len--;
	return len;
}

static bool plain(const char *name, size_t len)
{
	const char *why;
	return plain_text_fault(name, len, &why) == 0;
}

int physio_names_load(const char *data_dir, struct physio_names *out)
{
	char path[PATH_MAX], line[WHO_MAX * 2];
	names_path(data_dir, path, sizeof path);
	out->n = 0;
	FILE *f;
	int rc = st_fopen_regular(path, &f);
	if (rc != ST_OK)
		return rc == ST_ERR_NOT_FOUND ? ST_OK : rc;
	/* a hand-edited file: blank lines, and names too long or not plain text (plain_text.h)
	 * (which the screen would not have added) are left out, never cut mid-character */
	while (out->n < PHYSIO_NAMES_MAX && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		const char *name = line;
		size_t len = trim(&name);
		if (len && len < WHO_MAX && plain(name, len))
			snprintf(out->names[out->n++], WHO_MAX, "%.*s", (int)len, name);
	}
	fclose(f);
	return ST_OK;
}

int physio_names_add(const char *data_dir, struct physio_names *list, const char *name)
{
	size_t len = trim(&name);
	if (!len)
		return st_fail(ST_ERR_ARG, "type a name");
	if (len >= WHO_MAX)
		return st_fail(ST_ERR_ARG, "a name has at most %d characters", WHO_MAX - 1);
	if (!plain(name, len))
		return st_fail(ST_ERR_ARG, "a name has no control characters or direction marks");
	for (size_t i = 0; i < list->n; i++)
		if (strlen(list->names[i]) == len && strncasecmp(list->names[i], name, len) == 0)
			return st_fail(ST_ERR_ARG, "%s is on the list already", list->names[i]);
	if (list->n >= PHYSIO_NAMES_MAX)
		return st_fail(ST_ERR_ARG, "the list is full (%d names)", PHYSIO_NAMES_MAX);
	char text[PHYSIO_NAMES_MAX * (WHO_MAX + 1)], path[PATH_MAX];
	size_t used = 0;
	for (size_t i = 0; i < list->n; i++)
		used += (size_t)snprintf(text + used, sizeof text - used, "%s\n", list->names[i]);
	used += (size_t)snprintf(text + used, sizeof text - used, "%.*s\n", (int)len, name);
	names_path(data_dir, path, sizeof path);
	int rc = safe_file_write(path, text, used);
	if (rc == ST_OK)
		snprintf(list->names[list->n++], WHO_MAX, "%.*s", (int)len, name);
	return rc;
}
