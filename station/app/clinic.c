/* clinic.c: the store, the programme and the patient list the app's sides share. */
#include "clinic.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patient_suggestion.h"
#include "plain_text.h"
#include "status.h"
#include "views.h"

int clinic_open(const struct app_params *p, struct clinic *c)
{
	memset(c, 0, sizeof *c);
	c->params = *p;
	int rc = store_open(p->data_dir, &c->store);
	if (rc == ST_OK)
		store_backup_daily(c->store);
	if (rc == ST_OK)
		rc = programme_load_default(&c->prog);
	if (rc == ST_OK) {
		snprintf(c->data_dir, sizeof c->data_dir, "%s", store_dir(c->store));
		c->params.data_dir = c->data_dir;
		rc = clinic_load_patients(c);
	}
	if (rc != ST_OK)
		clinic_close(c);
	return rc;
}

void clinic_close(struct clinic *c)
{
	free(c->patients);
	free(c->shown);
	c->patients = NULL;
	c->shown = NULL;
	c->n_patients = 0;
	store_close(c->store);
	c->store = NULL;
}

/* A first name longer than this many characters is cut, with "…": two long first names
 * alike filled their buttons and the clinic numbers telling them apart were cut off. */
#define FIRST_NAME_SHOWN 16

/* The bytes of the first n characters of s (len bytes), or len when it has no more. */
static size_t chars_bytes(const char *s, size_t len, size_t n)
{
	size_t at = 0;
	for (size_t k = 0; k < n && at < len; k++) {
		size_t step;
		utf8_decode((const unsigned char *)s + at, len - at, &step);
		at += step;
	}
	return at < len ? at : len;
}

/* The first word of the name (without a trailing comma, cut at FIRST_NAME_SHOWN) and the
 * last word's first letter; false (buf untouched) when there is no name. */
static bool first_and_initial(const struct patient *p, char *buf, size_t len)
{
	const char *name = p->name;
	while (*name == ' ')
		name++;
	if (!*name)
		return false;
	size_t word = strcspn(name, " ,"), kept = chars_bytes(name, word, FIRST_NAME_SHOWN);
	char first_name[FIRST_NAME_SHOWN * 4 + sizeof "…"]; /* a character is at most 4 bytes */
	memcpy(first_name, name, kept);
	strcpy(first_name + kept, kept < word ? "…" : "");
	int first = (int)word;
	const char *last = strrchr(name, ' ');
	while (last && *last && (unsigned char)*last < 0x80 && !isalnum((unsigned char)*last))
		last++; /* past spaces and marks ("(", "'"), not a letter of another script */
	size_t letter = 0; /* its first letter whole: "Ø" is two bytes */
	if (last && *last)
		utf8_decode((const unsigned char *)last, strlen(last), &letter);
	if (letter && last > name + first)
		snprintf(buf, len, "%s %.*s.", first_name, (int)letter, last);
	else
		snprintf(buf, len, "%s", first_name);
	return true;
}

/* The names shown (clinic_shown_name), once per reading of the list rather than per frame:
 * telling alike names apart compares every pair. */
static int make_shown_names(struct clinic *c)
{
	c->shown = calloc(c->n_patients ? c->n_patients : 1, sizeof *c->shown);
	if (!c->shown)
		return st_fail(ST_ERR_NOMEM, "out of memory for the patients' names");
	bool *alike = calloc(c->n_patients ? c->n_patients : 1, sizeof *alike);
	if (!alike)
		return st_fail(ST_ERR_NOMEM, "out of memory for the patients' names");
	for (size_t i = 0; i < c->n_patients; i++) {
		const struct patient *p = &c->patients[i];
		if (c->prog.names_shown == NAMES_CLINIC_NUMBER || !first_and_initial(p, c->shown[i], SHOWN_NAME_MAX)) {
			snprintf(c->shown[i], SHOWN_NAME_MAX, "%s", p->clinic_id);
			continue;
		}
		for (size_t k = 0; k < i; k++)
			if (strcmp(c->shown[k], c->shown[i]) == 0)
				alike[i] = alike[k] = true;
	}
	for (size_t i = 0; i < c->n_patients; i++)
		if (alike[i]) {
			size_t used = strlen(c->shown[i]);
			snprintf(c->shown[i] + used, SHOWN_NAME_MAX - used, " (%s)", c->patients[i].clinic_id);
		}
	free(alike);
	return ST_OK;
}

int clinic_load_patients(struct clinic *c)
{
	free(c->patients);
	free(c->shown);
	c->patients = NULL;
	c->shown = NULL;
	c->n_patients = 0;
	int rc = store_patient_list(c->store, &c->patients, &c->n_patients);
	return rc == ST_OK ? make_shown_names(c) : rc;
}

int list_page(size_t n, int first, int rows, bool *more)
{
	*more = n > (size_t)rows;
	int left = (int)n - first, cap = *more ? rows - 1 : rows;
	return left < 0 ? 0 : left < cap ? left : cap;
}

int list_next_page(size_t n, int first, int rows)
{
	first += rows - 1;
	return first >= (int)n ? 0 : first;
}

int clinic_page(const struct clinic *c, int first, bool *more)
{
	return list_page(c->n_patients, first, VIEW_MAX_LIST, more);
}

int clinic_next_page(const struct clinic *c, int first)
{
	return list_next_page(c->n_patients, first, VIEW_MAX_LIST);
}

int clinic_suggest(const struct clinic *c, const struct patient *p, struct history *h, struct suggestion *out)
{
	int rc = store_history(c->store, p->id, h);
	if (rc != ST_OK)
		return rc;
	rc = patient_suggestion(c->store, &c->prog, p, h, out);
	if (rc != ST_OK)
		history_free(h);
	return rc;
}

const char *patient_label(const struct patient *p)
{
	return p->name[0] ? p->name : p->clinic_id;
}


const char *clinic_shown_name(const struct clinic *c, const struct patient *p)
{
	return c->shown[p - c->patients];
}

void suggestion_words(const struct suggestion *s, bool to_patient, char *buf, size_t len)
{
	if (s->verdict == VERDICT_NEXT_PHASE)
		snprintf(buf, len, "Suggest phase %d%s", s->next_phase,
			 to_patient ? " (physio to confirm)" : s->declined ? " (declined)" : "");
	else if (s->verdict == VERDICT_EASE_OFF)
		snprintf(buf, len, "Suggest easing off in phase %d", s->phase);
	else
		snprintf(buf, len, "Stay in phase %d", s->phase);
}
