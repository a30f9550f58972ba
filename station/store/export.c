/* export.c: a patient's data as CSV files for spreadsheets, R and pandas. */
#include "store_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "event_fields.h"
#include "paths.h"
#include "safe_file.h"
#include "status.h"

#define ISO(col) "strftime('%Y-%m-%dT%H:%M:%SZ', " col ", 'unixepoch')"

static const struct {
	const char *file, *sql; /* ?1: the patient's row id */
} tables[] = {
	/* the patient's prescription as the physio left it: what was changed from the
	 * programme's dose, by whom, when and why (the name stays out, as in every file). A
	 * phase change clears who; before bc22e2d it left why and when, which are not this
	 * dose's. */
	{ "patient.csv",
	  "SELECT clinic_id AS patient, side, phase, " ISO("created_at") " AS created, override_exercise AS dose_exercise, "
	  "override_sets AS dose_sets, override_reps AS dose_reps, override_hold_s AS dose_hold_s, "
	  "override_rest_s AS dose_rest_s, override_by AS dose_changed_by, CASE WHEN override_by IS NOT NULL THEN "
	  ISO("override_at") " END AS dose_changed, CASE WHEN override_by IS NOT NULL THEN override_why END AS dose_why "
	  "FROM patients WHERE id = ?1" },
	{ "sessions.csv",
	  "SELECT p.clinic_id AS patient, s.id AS session_id, " ISO("s.started_at") " AS started, "
	  ISO("s.finished_at") " AS finished, s.phase, s.complete, s.ended, s.sets_planned, s.plate, "
	  "s.calibration_serial, s.calibration_file, s.red_flag_pop, s.red_flag_dip, s.red_flag_cannot_raise, "
	  "s.pain_gate_went_on "
	  "FROM sessions s JOIN patients p ON p.id = s.patient_id WHERE s.patient_id = ?1 AND " STORE_SESSION_KEPT("s")
	  " ORDER BY s.started_at, s.id" },
	{ "sets.csv",
	  "SELECT t.session_id, t.id AS set_id, t.set_no, t.exercise, t.mode, t.side, t.complete, "
	  ISO("t.started_at") " AS started, " ISO("t.finished_at") " AS finished, t.target_count, t.target_hold_s, "
	  "t.lower_min_s AS lower_band_min_s, t.lower_max_s AS lower_band_max_s, t.duration_s, t.body_weight_n, "
	  "t.recording, t.recording_bytes "
	  "FROM sets t JOIN sessions s ON s.id = t.session_id WHERE s.patient_id = ?1 ORDER BY t.session_id, t.set_no, t.id" },
	{ "events.csv", NULL }, /* events_sql() */
	{ "pain.csv",
	  "SELECT x.session_id, " ISO("x.at") " AS time, x.kind, x.set_no, x.score "
	  "FROM pain x JOIN sessions s ON s.id = x.session_id WHERE s.patient_id = ?1 ORDER BY x.session_id, x.id" },
	{ "visa.csv",
	  "SELECT " ISO("at") " AS time, q1, q2, q3, q4, q5, q6, q7, q8, q8_branch, total FROM visa_a WHERE patient_id = ?1 "
	  "ORDER BY at, id" },
	{ "phase_changes.csv",
	  "SELECT " ISO("at") " AS time, from_phase, to_phase, decision, by_whom, why, suggestion "
	  "FROM phase_changes WHERE patient_id = ?1 ORDER BY at, id" },
};

/* Every rep, hold and hop of the patient, one row each: the fields of all kinds as
 * event_fields.c lists them (measures, then flags, then texts such as why a rep's timing
 * is uncertain), empty where a kind has none. */
static bool kind_has(const struct event_kind *k, const char *name)
{
	for (size_t i = 0; i < k->n_fields; i++)
		if (strcmp(k->fields[i].name, name) == 0)
			return true;
	return false;
}

static char *events_sql(void)
{
	static const enum exercise modes[] = { EXERCISE_HEEL_RAISE, EXERCISE_HOLD, EXERCISE_HOP };
	const char *cols[64];
	size_t n = 0;
	static const enum event_field_type order[] = { EVENT_REAL, EVENT_BOOL, EVENT_TEXT };
	for (size_t pass = 0; pass < sizeof order / sizeof order[0]; pass++)
		for (size_t m = 0; m < 3; m++) {
			const struct event_kind *k = event_kind_of(modes[m]);
			for (size_t i = 0; i < k->n_fields && n < sizeof cols / sizeof cols[0]; i++) {
				bool listed = false;
				for (size_t c = 0; c < n && !listed; c++)
					listed = strcmp(cols[c], k->fields[i].name) == 0;
				if (k->fields[i].type == order[pass] && !listed)
					cols[n++] = k->fields[i].name;
			}
		}
	char *sql = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&sql, &len);
	if (!f)
		return NULL;
	fputs("SELECT t.session_id, e.set_id, t.set_no, e.event, e.idx AS event_no", f);
	for (size_t c = 0; c < n; c++)
		fprintf(f, ", e.%s", cols[c]);
	fputs(" FROM (", f);
	for (size_t m = 0; m < 3; m++) {
		const struct event_kind *k = event_kind_of(modes[m]);
		fprintf(f, "%sSELECT set_id, '%s' AS event, idx", m ? " UNION ALL " : "", k->name);
		for (size_t c = 0; c < n; c++)
			fprintf(f, kind_has(k, cols[c]) ? ", %s" : ", NULL AS %s", cols[c]);
		fprintf(f, " FROM %s", k->list);
	}
	fputs(") e JOIN sets t ON t.id = e.set_id JOIN sessions s ON s.id = t.session_id WHERE s.patient_id = ?1 "
	      "ORDER BY t.session_id, t.set_no, e.set_id, e.idx", f);
	if (fclose(f) != 0) {
		free(sql);
		return NULL;
	}
	return sql;
}

/* Whether a spreadsheet would take this text for a formula and run it (OWASP's "CSV
 * injection": a reason or a name beginning "=HYPERLINK(...)" or "@SUM(...)"). */
static bool reads_as_formula(const char *text)
{
	return *text && strchr("=+-@\t\r", *text);
}

/* RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. Text that
 * a spreadsheet would run as a formula is quoted with an apostrophe first, which the
 * spreadsheet shows as text (R and pandas read the apostrophe too: it says why). */
static void put_field(FILE *f, const char *text, bool is_text)
{
	bool formula = is_text && reads_as_formula(text);
	if (!formula && !strpbrk(text, ",\"\r\n")) {
		fputs(text, f);
		return;
	}
	fputc('"', f);
	if (formula)
		fputc('\'', f);
	for (const char *c = text; *c; c++) {
		if (*c == '"')
			fputc('"', f);
		fputc(*c, f);
	}
	fputc('"', f);
}

/* The table into sf's temporary, whole and synced, not yet in place (store_export_csv). */
static int write_table(struct store *s, int64_t patient, const char *path, const char *sql, struct safe_file *sf)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, sql, &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int64(st, 1, patient);
	FILE *f;
	rc = safe_file_open_stream(path, sf, &f);
	if (rc != ST_OK) {
		sqlite3_finalize(st);
		return rc;
	}
	int cols = sqlite3_column_count(st);
	for (int i = 0; i < cols; i++) {
		if (i)
			fputc(',', f);
		put_field(f, sqlite3_column_name(st, i), false);
	}
	fputs("\r\n", f);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < cols; i++) {
			if (i)
				fputc(',', f);
			bool is_text = sqlite3_column_type(st, i) == SQLITE_TEXT; /* before the text: a number's -1 stays */
			const unsigned char *v = sqlite3_column_text(st, i);
			if (v)
				put_field(f, (const char *)v, is_text);
		}
		fputs("\r\n", f);
	}
	if (step != SQLITE_DONE)
		rc = store_db_fail(s, path);
	sqlite3_finalize(st);
	return safe_file_end_stream(sf, f, rc);
}

/* Refuses dir when it holds another patient's export (its patient.csv's first row), or
 * files of one without its patient.csv: a second patient's files put over the first's,
 * one by one, and cut short between two, left a folder of both, events.csv (no patient
 * column) reading as the wrong one's (a stranger's kill); and a whole export was
 * replaced without a word. */
static int check_export_owner(struct store *s, int64_t patient, const char *dir)
{
	char path[PATH_MAX], line[256] = "", owner[PATIENT_ID_MAX] = "";
	snprintf(path, sizeof path, "%s/%s", dir, tables[0].file);
	FILE *f = fopen(path, "r");
	/* the other files without it: whose they are is not known (a stranger's folder of
	 * another patient's sessions.csv, its patient.csv deleted, was written over) */
	for (size_t i = 1; !f && i < sizeof tables / sizeof tables[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, tables[i].file);
		if (access(path, F_OK) == 0)
			return st_fail(ST_ERR_STATE, "%s holds %s of an export, but no %s to say whose: export into another "
						     "folder, or move those files away first",
				       dir, tables[i].file, tables[0].file);
	}
	if (!f)
		return ST_OK;
	if (fgets(line, sizeof line, f) && fgets(line, sizeof line, f)) {
		const char *id = line + (line[0] == '"'); /* quoted by a spreadsheet that saved it */
		snprintf(owner, sizeof owner, "%.*s", (int)strcspn(id, "\",\r\n"), id);
	}
	fclose(f);
	sqlite3_stmt *st;
	int rc = store_prepare(s, "SELECT clinic_id FROM patients WHERE id = ?1", &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int64(st, 1, patient);
	if (sqlite3_step(st) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), owner) != 0)
		rc = st_fail(ST_ERR_STATE, "%s holds the export of patient %s: export %s into another folder, or move "
					   "those files away first",
			     dir, owner[0] ? owner : "(unreadable)", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc;
}

int store_export_csv(struct store *s, int64_t patient, const char *dir)
{
	enum { N_TABLES = sizeof tables / sizeof tables[0] };
	int rc = st_make_dirs(dir);
	if (rc == ST_OK)
		rc = check_export_owner(s, patient, dir);
	/* One read transaction, so the files agree with each other while a session runs; and
	 * all put in place only once all are written: a full disk left the first two files
	 * new and the rest an older export's (a stranger's) */
	if (rc == ST_OK)
		rc = store_exec(s, "BEGIN");
	struct safe_file written[N_TABLES];
	size_t n = 0;
	for (; rc == ST_OK && n < N_TABLES; n++) {
		char path[PATH_MAX];
		snprintf(path, sizeof path, "%s/%s", dir, tables[n].file);
		char *sql = tables[n].sql ? NULL : events_sql();
		if (!tables[n].sql && !sql)
			rc = st_fail(ST_ERR_NOMEM, "out of memory");
		else
			rc = write_table(s, patient, path, tables[n].sql ? tables[n].sql : sql, &written[n]);
		free(sql);
		if (rc != ST_OK)
			break; /* its own temporary is gone already */
	}
	for (size_t i = 0; i < n; i++) {
		if (rc == ST_OK)
			rc = safe_file_commit(&written[i]);
		else
			safe_file_abort(&written[i]);
	}
	if (rc == ST_OK)
		rc = store_commit(s);
	return store_rollback(s, rc);
}
