/* history.c: a patient's sessions read back, per set with its events summed up. */
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "status.h"

/* Pain answers of a session: the last answer of each kind counts. */
static int read_pain(struct store *s, struct history_session *hs)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, "SELECT kind, set_no, score FROM pain WHERE session_id = ? ORDER BY id", &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int64(st, 1, hs->id);
	hs->pain_before = hs->pain_day_after_last = hs->pain_after = hs->pain_during_max = PAIN_NONE;
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 0);
		int set_no = store_col_int(st, 1, 0), score = sqlite3_column_int(st, 2);
		if (strcmp(kind, "before") == 0)
			hs->pain_before = score;
		else if (strcmp(kind, "day-after-last") == 0)
			hs->pain_day_after_last = score;
		else if (strcmp(kind, "after") == 0)
			hs->pain_after = score;
		else
			for (size_t i = 0; i < hs->n_sets; i++)
				if (hs->sets[i].set_no == set_no)
					hs->sets[i].pain_after = score;
		if (strcmp(kind, "before") != 0 && strcmp(kind, "day-after-last") != 0 && score > hs->pain_during_max)
			hs->pain_during_max = score;
	}
	if (step != SQLITE_DONE)
		rc = store_db_fail(s, "reading pain");
	sqlite3_finalize(st);
	return rc;
}

/* The events of a set, summed up in SQL. A rep whose timing was uncertain counts as a rep
 * but its lowering as not measured: it is in none of the lowering figures. One uncertain
 * and without work has no height to trust either (higher than a heel raise goes, or hidden
 * by a hand on the rail: reps.c): it is in no height figure. (A rep stored before reps had
 * work_j has none, and its height counts.) */
#define TIMED "FROM reps WHERE set_id = ?1 AND uncertain IS NULL"
/* A one-leg rep done on both feet (?5: the set's leg, -1 left, 1 right, 2 either, 0 both
 * legs) is in no band count: a stranger's phase-3 sets on both feet met the targets */
#define OTHER_PCT SQL_NUMBER(ONE_LEG_OTHER_FOOT_PCT)
#define ON_BOTH_FEET                                                                          \
	"((?5 = 1 AND left_share_pct >= " OTHER_PCT ") OR (?5 = -1 AND left_share_pct <= 100 - " OTHER_PCT \
	") OR (?5 = 2 AND left_share_pct >= " OTHER_PCT " AND left_share_pct <= 100 - " OTHER_PCT "))"
#define NO_HEIGHT "(uncertain IS NOT NULL AND work_j IS NULL)"
/* A hop landed on both feet (analysis.h's hop_landing_foot): its load share counts in the
 * set's, as a rep's and a hold's do */
#define SQL_NUMBER_(x) #x
#define SQL_NUMBER(x) SQL_NUMBER_(x)
#define BOTH_FEET "left_share_pct > 100 - " SQL_NUMBER(HOP_ONE_FOOT_PCT) " AND left_share_pct < " SQL_NUMBER(HOP_ONE_FOOT_PCT)
static int read_events(struct store *s, struct history_set *hs)
{
	static const char *const sql =
		"SELECT (SELECT count(*) FROM reps WHERE set_id = ?1),"
		" (SELECT count(*) " TIMED " AND lower_s BETWEEN ?2 AND ?3 AND NOT coalesce(" ON_BOTH_FEET ", 0)),"
		" (SELECT avg(lower_s) " TIMED "), (SELECT min(lower_s) " TIMED "),"
		" (SELECT max(lower_s) " TIMED "), (SELECT total(work_j) FROM reps WHERE set_id = ?1),"
		" (SELECT count(*) FROM holds WHERE set_id = ?1),"
		" (SELECT count(*) FROM holds WHERE set_id = ?1 AND duration_s >= ?4),"
		" (SELECT avg(duration_s) FROM holds WHERE set_id = ?1),"
		" (SELECT max(duration_s) FROM holds WHERE set_id = ?1),"
		" (SELECT avg(left_share_pct) FROM (SELECT left_share_pct FROM reps WHERE set_id = ?1"
		"   UNION ALL SELECT left_share_pct FROM holds WHERE set_id = ?1"
		"   UNION ALL SELECT left_share_pct FROM hops WHERE set_id = ?1 AND " BOTH_FEET ")),"
		" (SELECT avg(height_mm) FROM (SELECT height_mm FROM reps WHERE set_id = ?1 AND NOT " NO_HEIGHT
		"   UNION ALL SELECT height_mm FROM hops WHERE set_id = ?1)),"
		" (SELECT count(*) FROM hops WHERE set_id = ?1), (SELECT avg(flight_s) FROM hops WHERE set_id = ?1),"
		" (SELECT avg(contact_s) FROM hops WHERE set_id = ?1), (SELECT avg(rsi) FROM hops WHERE set_id = ?1),"
		" (SELECT count(*) FROM reps WHERE set_id = ?1 AND uncertain IS NOT NULL),"
		" (SELECT count(*) " TIMED " AND coalesce(" ON_BOTH_FEET ", 0))";
	sqlite3_stmt *st;
	int rc = store_prepare(s, sql, &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int64(st, 1, hs->id);
	store_bind_real(st, 2, hs->band_min_s);
	store_bind_real(st, 3, hs->band_max_s);
	store_bind_real(st, 4, hs->target_hold_s > 0 ? hs->target_hold_s : 0);
	sqlite3_bind_int(st, 5, !ex_kind_single_leg(hs->kind) ? 0 : hs->side == SIDE_LEFT ? -1 : hs->side == SIDE_RIGHT ? 1 : 2);
	if (sqlite3_step(st) == SQLITE_ROW) {
		int reps = sqlite3_column_int(st, 0), holds = sqlite3_column_int(st, 6), hops = sqlite3_column_int(st, 12);
		hs->count = reps + holds + hops;
		hs->in_band = sqlite3_column_int(st, 1);
		hs->lower_mean_s = store_col_real(st, 2);
		hs->lower_min_s = store_col_real(st, 3);
		hs->lower_max_s = store_col_real(st, 4);
		hs->work_j = sqlite3_column_double(st, 5);
		hs->holds_on_target = sqlite3_column_int(st, 7);
		hs->hold_mean_s = store_col_real(st, 8);
		hs->hold_max_s = store_col_real(st, 9);
		hs->share_pct = store_col_real(st, 10);
		hs->height_mm = store_col_real(st, 11);
		hs->flight_mean_s = store_col_real(st, 13);
		hs->contact_mean_s = store_col_real(st, 14);
		hs->rsi_mean = store_col_real(st, 15);
		hs->lower_unmeasured = sqlite3_column_int(st, 16);
		hs->not_one_leg = sqlite3_column_int(st, 17);
	} else {
		rc = store_db_fail(s, "reading a set's events");
	}
	sqlite3_finalize(st);
	return rc;
}

static int read_sets(struct store *s, struct history_session *hs)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, "SELECT id, set_no, exercise, side, complete, target_count, target_hold_s, "
				  "lower_min_s, lower_max_s, recording, recording_bytes FROM sets WHERE session_id = ? "
				  "ORDER BY set_no, id",
			       &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int64(st, 1, hs->id);
	size_t cap = 0;
	int step;
	while (rc == ST_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct history_set *grown = store_grow(hs->sets, hs->n_sets, &cap, sizeof *grown);
		if (!grown) {
			rc = ST_ERR_NOMEM;
			break;
		}
		hs->sets = grown;
		struct history_set *x = &hs->sets[hs->n_sets++];
		memset(x, 0, sizeof *x);
		char text[64];
		x->id = sqlite3_column_int64(st, 0);
		x->set_no = sqlite3_column_int(st, 1);
		store_col_text(st, 2, text, sizeof text);
		if (ex_kind_from_name(text, &x->kind) != ST_OK)
			rc = st_fail(ST_ERR_DATA, "%s: set %lld: unknown exercise '%s'", STORE_DB_NAME, (long long)x->id, text);
		store_col_text(st, 3, text, sizeof text);
		x->side = SIDE_BOTH;
		side_from_name(text, &x->side);
		x->complete = sqlite3_column_int(st, 4) != 0;
		x->target_count = store_col_int(st, 5, 0);
		x->target_hold_s = store_col_real(st, 6);
		x->band_min_s = store_col_real(st, 7);
		x->band_max_s = store_col_real(st, 8);
		store_col_text(st, 9, x->recording, sizeof x->recording);
		x->recording_bytes = sqlite3_column_int64(st, 10);
		x->pain_after = PAIN_NONE;
		if (rc == ST_OK)
			rc = read_events(s, x);
	}
	if (rc == ST_OK && step != SQLITE_DONE)
		rc = store_db_fail(s, "reading sets");
	sqlite3_finalize(st);
	return rc;
}

void history_free(struct history *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->sessions[i].sets);
	free(h->sessions);
	h->sessions = NULL;
	h->n = 0;
}

int store_history(struct store *s, int64_t patient, struct history *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st;
	int rc = store_prepare(s, "SELECT id, started_at, finished_at, phase, complete, ended, sets_planned, "
				  "coalesce(red_flag_pop, 0) + coalesce(red_flag_dip, 0) + coalesce(red_flag_cannot_raise, 0), "
				  "plate, calibration_serial, pain_gate_went_on FROM sessions "
				  "WHERE patient_id = ? AND " STORE_SESSION_KEPT("sessions") " ORDER BY started_at, id",
			       &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int64(st, 1, patient);
	size_t cap = 0;
	int step;
	while (rc == ST_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct history_session *grown = store_grow(out->sessions, out->n, &cap, sizeof *grown);
		if (!grown) {
			rc = ST_ERR_NOMEM;
			break;
		}
		out->sessions = grown;
		struct history_session *hs = &out->sessions[out->n++];
		memset(hs, 0, sizeof *hs);
		hs->id = sqlite3_column_int64(st, 0);
		hs->started = (time_t)sqlite3_column_int64(st, 1);
		hs->finished = (time_t)sqlite3_column_int64(st, 2);
		hs->phase = sqlite3_column_int(st, 3);
		hs->complete = sqlite3_column_int(st, 4) != 0;
		store_col_text(st, 5, hs->ended, sizeof hs->ended);
		hs->sets_planned = sqlite3_column_int(st, 6);
		hs->red_flag = sqlite3_column_int(st, 7) > 0;
		store_col_text(st, 8, hs->plate, sizeof hs->plate);
		store_col_text(st, 9, hs->calibration_serial, sizeof hs->calibration_serial);
		hs->pain_gate_went_on =
			sqlite3_column_type(st, 10) == SQLITE_NULL ? PAIN_NONE : sqlite3_column_int(st, 10);
		rc = read_sets(s, hs);
		if (rc == ST_OK)
			rc = read_pain(s, hs);
	}
	if (rc == ST_OK && step != SQLITE_DONE)
		rc = store_db_fail(s, "reading sessions");
	sqlite3_finalize(st);
	if (rc != ST_OK)
		history_free(out);
	return rc;
}

/* The one number sql gives for the patient (its first parameter) and since (its second,
 * where it has one); what: for the message when it fails. */
static int patient_number(struct store *s, const char *sql, int64_t patient, time_t since, const char *what,
			  int64_t *out)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, sql, &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int64(st, 1, patient);
	if (sqlite3_bind_parameter_count(st) > 1)
		sqlite3_bind_int64(st, 2, (sqlite3_int64)since);
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else
		rc = store_db_fail(s, what);
	sqlite3_finalize(st);
	return rc;
}

int store_red_flag_since(struct store *s, int64_t patient, time_t since, bool *stopped)
{
	int64_t any = 0;
	/* when the red flag was answered, not when the session began (before midnight) */
	int rc = patient_number(s, "SELECT EXISTS (SELECT 1 FROM sessions WHERE patient_id = ? "
				   "AND coalesce(finished_at, started_at) >= ? AND ended = 'red-flag')",
				patient, since, "reading today's red flags", &any);
	*stopped = any != 0;
	return rc;
}

int store_last_patient(struct store *s, time_t since, int64_t *patient)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, "SELECT patient_id FROM sessions WHERE started_at >= ? "
				  "ORDER BY started_at DESC, id DESC LIMIT 1",
			       &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)since);
	int step = sqlite3_step(st);
	*patient = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = store_db_fail(s, "reading today's last session");
	sqlite3_finalize(st);
	return rc;
}

int store_day_after_answer(struct store *s, int64_t patient, time_t since, int *score)
{
	int64_t answer = PAIN_NONE;
	/* a session's last answer counts (read_pain), and the first session's (progression.h) */
	int rc = patient_number(s, "SELECT coalesce((SELECT score FROM pain JOIN sessions ON sessions.id = pain.session_id "
				   "WHERE patient_id = ?1 AND started_at > ?2 AND kind = 'day-after-last' "
				   "ORDER BY started_at, sessions.id, pain.id DESC LIMIT 1), -1)",
				patient, since, "reading the day-after answer", &answer);
	*score = (int)answer;
	return rc;
}

bool history_session_exercised(const struct history_session *hs)
{
	for (size_t i = 0; i < hs->n_sets; i++)
		if (hs->sets[i].count > 0)
			return true;
	return false;
}

int store_clock_check(struct store *s, int64_t patient)
{
	sqlite3_stmt *st;
	int rc = store_prepare(s, "SELECT kind, at FROM (SELECT 'a session' AS kind, max(max(started_at, coalesce(finished_at, "
				  "0))) AS at FROM sessions WHERE patient_id = ?1 UNION ALL SELECT 'a pain answer', max(pain.at) "
				  "FROM pain JOIN sessions ON sessions.id = pain.session_id WHERE patient_id = ?1 UNION ALL "
				  "SELECT 'a phase decision', max(at) FROM phase_changes WHERE patient_id = ?1 UNION ALL SELECT "
				  "'a VISA-A score', max(at) FROM visa_a WHERE patient_id = ?1 UNION ALL SELECT 'a dose change', "
				  "override_at FROM patients WHERE id = ?1) WHERE at IS NOT NULL ORDER BY at DESC LIMIT 1",
			       &st);
	if (rc != ST_OK)
		return rc;
	sqlite3_bind_int64(st, 1, patient);
	time_t now = time(NULL);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW && now + STORE_CLOCK_BEHIND_MAX_S < (time_t)sqlite3_column_int64(st, 1)) {
		time_t newest = (time_t)sqlite3_column_int64(st, 1);
		char kind[24], reads[24], saved[24];
		struct tm tm;
		store_col_text(st, 0, kind, sizeof kind);
		strftime(reads, sizeof reads, "%d %b %Y %H:%M", localtime_r(&now, &tm));
		strftime(saved, sizeof saved, "%d %b %Y %H:%M", localtime_r(&newest, &tm));
		rc = st_fail(ST_ERR_STATE, "The clock reads %s, before this patient's last record (%s, %s). Staff: set "
					   "the date and time, then try again.",
			     reads, kind, saved);
	} else if (step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = store_db_fail(s, "reading the newest record");
	}
	sqlite3_finalize(st);
	return rc;
}

int store_last_session(struct store *s, int64_t patient, time_t *started)
{
	int64_t at = 0;
	int rc = patient_number(s, "SELECT max(started_at) FROM sessions WHERE patient_id = ? AND EXISTS (SELECT 1 "
				   "FROM sets WHERE sets.session_id = sessions.id AND (EXISTS (SELECT 1 FROM reps WHERE "
				   "set_id = sets.id) OR EXISTS (SELECT 1 FROM holds WHERE set_id = sets.id) OR EXISTS "
				   "(SELECT 1 FROM hops WHERE set_id = sets.id)))",
				patient, 0, "reading the last session", &at);
	*started = (time_t)at;
	return rc;
}
