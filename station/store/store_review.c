/* store_review.c: VISA-A scores, phase decisions and a set's events read back (store_review.h). */
#include "store_review.h"

#include <stdlib.h>
#include <string.h>

#include "status.h"
#include "store_internal.h"

/* Reads the rows of sql (?1: the patient, or the set) into a growing array of items of size bytes,
 * each filled by row(); *out is freed with free(). */
static int read_rows(struct store *s, const char *sql, int64_t id, size_t size,
		     void (*row)(sqlite3_stmt *st, void *item), const char *what, void **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	int rc = store_prepare(s, sql, &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	size_t cap = 0;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		char *grown = store_grow(*out, *n, &cap, size);
		if (!grown) {
			rc = ST_ERR_NOMEM;
			break;
		}
		*out = grown;
		memset(grown + *n * size, 0, size);
		row(st, grown + (*n)++ * size);
	}
	if (rc == ST_OK && step != SQLITE_DONE)
		rc = store_db_fail(s, what);
	sqlite3_finalize(st);
	if (rc != ST_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

static void visa_row(sqlite3_stmt *st, void *item)
{
	struct visa_score *v = item;
	v->at = (time_t)sqlite3_column_int64(st, 0);
	v->total = sqlite3_column_int(st, 1);
	v->has_items = sqlite3_column_type(st, 2) != SQLITE_NULL;
	for (int i = 0; i < VISA_ITEMS; i++)
		v->items[i] = store_col_int(st, 2 + i, 0);
}

int store_visa_list(struct store *s, int64_t patient, struct visa_score **out, size_t *n)
{
	void *items;
	int rc = read_rows(s, "SELECT at, total, q1, q2, q3, q4, q5, q6, q7, q8 FROM visa_a WHERE patient_id = ?1 "
			      "ORDER BY at, id",
			   patient, sizeof **out, visa_row, "reading VISA-A scores", &items, n);
	*out = items;
	return rc;
}

static void change_row(sqlite3_stmt *st, void *item)
{
	struct phase_change *c = item;
	c->at = (time_t)sqlite3_column_int64(st, 0);
	c->from_phase = sqlite3_column_int(st, 1);
	c->to_phase = sqlite3_column_int(st, 2);
	char decision[16];
	store_col_text(st, 3, decision, sizeof decision);
	c->decision = strcmp(decision, "confirmed") == 0  ? PHASE_CONFIRMED
		      : strcmp(decision, "declined") == 0 ? PHASE_DECLINED
							  : PHASE_SET;
	store_col_text(st, 4, c->by, sizeof c->by);
	store_col_text(st, 5, c->why, sizeof c->why);
	store_col_text(st, 6, c->suggestion, sizeof c->suggestion);
}

int store_phase_changes(struct store *s, int64_t patient, struct phase_change **out, size_t *n)
{
	void *items;
	int rc = read_rows(s, "SELECT at, from_phase, to_phase, decision, by_whom, why, suggestion FROM phase_changes "
			      "WHERE patient_id = ?1 ORDER BY at, id",
			   patient, sizeof **out, change_row, "reading phase changes", &items, n);
	*out = items;
	return rc;
}

static void event_row(sqlite3_stmt *st, void *item)
{
	struct set_event *e = item;
	*e = (struct set_event){ store_col_real(st, 0), store_col_real(st, 1), store_col_real(st, 2),
				 store_col_real(st, 3) };
}

int store_set_events(struct store *s, int64_t set, struct set_event **out, size_t *n)
{
	void *items;
	int rc = read_rows(s, "SELECT start_s, top_s, lower_start_s, end_s FROM reps WHERE set_id = ?1 "
			      "UNION ALL SELECT start_s, NULL, NULL, end_s FROM holds WHERE set_id = ?1 "
			      "UNION ALL SELECT takeoff_s, NULL, NULL, landing_s FROM hops WHERE set_id = ?1 ORDER BY 1",
			   set, sizeof **out, event_row, "reading a set's events", &items, n);
	*out = items;
	return rc;
}
