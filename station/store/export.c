/* export.c: a patient's data as CSV files for spreadsheets, R and pandas. */
#include "store_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "paths.h"
#include "safe_file.h"
#include "status.h"

#define ISO(col) "strftime('%Y-%m-%dT%H:%M:%SZ', " col ", 'unixepoch')"

static const struct {
	const char *file, *sql; /* ?1: the patient's row id */
} tables[] = {
	{ "sessions.csv",
	  "SELECT p.clinic_id AS patient, s.id AS session_id, " ISO("s.started_at") " AS started, "
	  ISO("s.finished_at") " AS finished, s.phase, s.complete, s.ended, s.sets_planned, s.plate, "
	  "s.calibration_serial, s.calibration_file, s.red_flag_pop, s.red_flag_dip, s.red_flag_cannot_raise "
	  "FROM sessions s JOIN patients p ON p.id = s.patient_id WHERE s.patient_id = ?1 ORDER BY s.started_at, s.id" },
	{ "sets.csv",
	  "SELECT t.session_id, t.id AS set_id, t.set_no, t.exercise, t.mode, t.side, t.complete, "
	  ISO("t.started_at") " AS started, " ISO("t.finished_at") " AS finished, t.target_count, t.target_hold_s, "
	  "t.lower_min_s AS lower_band_min_s, t.lower_max_s AS lower_band_max_s, t.duration_s, t.body_weight_n, "
	  "t.recording, t.recording_bytes "
	  "FROM sets t JOIN sessions s ON s.id = t.session_id WHERE s.patient_id = ?1 ORDER BY t.session_id, t.set_no, t.id" },
	{ "events.csv",
	  "SELECT t.session_id, e.set_id, t.set_no, e.event, e.idx AS event_no, e.start_s, e.top_s, e.lower_start_s, "
	  "e.end_s, e.rise_s, e.hold_s, e.lower_s, e.duration_s, e.takeoff_s, e.landing_s, e.flight_s, e.contact_s, "
	  "e.height_mm, e.work_j, e.rsi, e.left_share_pct, e.force_sd_n, e.cop_sd_mm, e.saturated FROM ("
	  " SELECT set_id, 'rep' AS event, idx, start_s, top_s, lower_start_s, end_s, rise_s, hold_s, lower_s,"
	  "  NULL AS duration_s, NULL AS takeoff_s, NULL AS landing_s, NULL AS flight_s, NULL AS contact_s,"
	  "  height_mm, work_j, NULL AS rsi, left_share_pct, NULL AS force_sd_n, NULL AS cop_sd_mm, saturated FROM reps"
	  " UNION ALL SELECT set_id, 'hold', idx, start_s, NULL, NULL, end_s, NULL, NULL, NULL, duration_s,"
	  "  NULL, NULL, NULL, NULL, NULL, NULL, NULL, left_share_pct, force_sd_n, cop_sd_mm, saturated FROM holds"
	  " UNION ALL SELECT set_id, 'hop', idx, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
	  "  takeoff_s, landing_s, flight_s, contact_s, height_mm, NULL, rsi, NULL, NULL, NULL, saturated FROM hops"
	  ") e JOIN sets t ON t.id = e.set_id JOIN sessions s ON s.id = t.session_id WHERE s.patient_id = ?1 "
	  "ORDER BY t.session_id, t.set_no, e.set_id, e.idx" },
	{ "pain.csv",
	  "SELECT x.session_id, " ISO("x.at") " AS time, x.kind, x.set_no, x.score "
	  "FROM pain x JOIN sessions s ON s.id = x.session_id WHERE s.patient_id = ?1 ORDER BY x.session_id, x.id" },
	{ "visa.csv",
	  "SELECT " ISO("at") " AS time, q1, q2, q3, q4, q5, q6, q7, q8, total FROM visa_a WHERE patient_id = ?1 "
	  "ORDER BY at, id" },
	{ "phase_changes.csv",
	  "SELECT " ISO("at") " AS time, from_phase, to_phase, decision, by_whom, why, suggestion "
	  "FROM phase_changes WHERE patient_id = ?1 ORDER BY at, id" },
};

/* RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
static void put_field(FILE *f, const char *text)
{
	if (!strpbrk(text, ",\"\r\n")) {
		fputs(text, f);
		return;
	}
	fputc('"', f);
	for (const char *c = text; *c; c++) {
		if (*c == '"')
			fputc('"', f);
		fputc(*c, f);
	}
	fputc('"', f);
}

static int write_table(struct store *s, int64_t patient, const char *path, const char *sql)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, sql, &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int64(st, 1, patient);
	struct safe_file sf;
	FILE *f;
	rc = safe_file_open_stream(path, &sf, &f);
	if (rc != ST_OK) {
		sqlite3_finalize(st);
		return rc;
	}
	int cols = sqlite3_column_count(st);
	for (int i = 0; i < cols; i++) {
		if (i)
			fputc(',', f);
		put_field(f, sqlite3_column_name(st, i));
	}
	fputs("\r\n", f);
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < cols; i++) {
			if (i)
				fputc(',', f);
			const unsigned char *v = sqlite3_column_text(st, i);
			if (v)
				put_field(f, (const char *)v);
		}
		fputs("\r\n", f);
	}
	if (step != SQLITE_DONE)
		rc = store_db_fail(s, path);
	sqlite3_finalize(st);
	return safe_file_close_stream(&sf, f, rc);
}

int store_export_csv(struct store *s, int64_t patient, const char *dir)
{
	int rc = st_make_dirs(dir);
	/* One read transaction, so the files agree with each other while a session runs. */
	if (rc == ST_OK)
		rc = store_exec(s, "BEGIN");
	for (size_t i = 0; rc == ST_OK && i < sizeof tables / sizeof tables[0]; i++) {
		char path[PATH_MAX];
		snprintf(path, sizeof path, "%s/%s", dir, tables[i].file);
		rc = write_table(s, patient, path, tables[i].sql);
	}
	if (rc == ST_OK)
		rc = store_commit(s);
	return store_rollback(s, rc);
}
