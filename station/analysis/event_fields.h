/* event_fields.h: the measures of a rep, hold and hop, listed once.
 *
 * Each field's name is its key in the JSON of `station analyse`, its column in the store
 * and in the exported events.csv; the JSON writer, the store (its inserts, and the columns
 * it adds to an older database) and the export all walk these tables. A new measure is a
 * member of its result struct (analysis.h) and one line in event_fields.c.
 */
#ifndef STATION_EVENT_FIELDS_H
#define STATION_EVENT_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis.h"

enum event_field_type {
	EVENT_REAL, /* double; NAN: not known (JSON: left out, store: NULL) */
	EVENT_BOOL, /* bool */
	EVENT_TEXT, /* const char *, static text; NULL: none (store: NULL). A rep's `uncertain`
		     * is said in the JSON as "timing": "uncertain" and "reason" (DESIGN.md) */
};

struct event_field {
	const char *name;
	size_t offset;              /* in the result struct */
	enum event_field_type type;
	double unit;                /* EVENT_REAL: the JSON rounds to this */
};

struct event_kind {
	const char *name;           /* one event: "rep", "hold", "hop" */
	const char *list;           /* the JSON list and the store's table: "reps", "holds", "hops" */
	size_t size;                /* of the result struct */
	const struct event_field *fields;
	size_t n_fields;
};

/* The events an exercise finds: reps for heel raises, holds, hops. */
const struct event_kind *event_kind_of(enum exercise mode);

static inline double event_real(const void *event, const struct event_field *f)
{
	return *(const double *)((const char *)event + f->offset);
}

static inline bool event_bool(const void *event, const struct event_field *f)
{
	return *(const bool *)((const char *)event + f->offset);
}

static inline const char *event_text(const void *event, const struct event_field *f)
{
	return *(const char *const *)((const char *)event + f->offset);
}

#endif
