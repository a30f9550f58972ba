/* review.c: one patient's review read from the store (review.h). */
#define _XOPEN_SOURCE 700 /* strptime */
#include "review.h"
#include "outcomes.h"
#include "patient_suggestion.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calib.h"
#include "status.h"

int review_sets_done(const struct history_session *hs)
{
	int done = 0;
	for (size_t i = 0; i < hs->n_sets; i++) /* saved, and with something done in it (one ended
						   * with nothing done ends the session early) */
		done += hs->sets[i].complete && hs->sets[i].count > 0;
	return done;
}

bool review_incomplete(const struct history_session *hs)
{
	return !hs->complete || review_sets_done(hs) < hs->sets_planned;
}

const struct history_session *review_last_exercised(const struct history *h)
{
	for (size_t i = h->n; i-- > 0;)
		if (history_session_exercised(&h->sessions[i]))
			return &h->sessions[i];
	return NULL;
}

int review_parse_day(const char *text, bool end, time_t *out)
{
	struct tm tm = { 0 };
	const char *rest = strptime(text, "%Y-%m-%d", &tm);
	int y = tm.tm_year, m = tm.tm_mon, d = tm.tm_mday;
	if (!rest || *rest)
		return st_fail(ST_ERR_ARG, "'%s' is not a date: YYYY-MM-DD, e.g. 2026-03-12", text);
	/* before 2000 no session of this station can be: a typo, or time_t's 0 meaning "open" */
	if (y < 2000 - 1900 || y > 9999 - 1900)
		return st_fail(ST_ERR_ARG, "'%s': a year from 2000 to 9999", text);
	tm.tm_hour = end ? 23 : 0;
	tm.tm_min = tm.tm_sec = end ? 59 : 0;
	tm.tm_isdst = -1;
	*out = mktime(&tm);
	/* mktime normalises 2026-02-30 into March: refuse what was not a real day */
	if (*out == (time_t)-1 || tm.tm_year != y || tm.tm_mon != m || tm.tm_mday != d)
		return st_fail(ST_ERR_ARG, "'%s' is not a date: no such day", text);
	return ST_OK;
}

/* Keeps the sessions started within [from, to] (0: open), freeing the others, and the
 * matching entries of day_after (one per session). */
static void keep_range(struct history *h, int *day_after, time_t from, time_t to)
{
	size_t kept = 0;
	for (size_t i = 0; i < h->n; i++) {
		struct history_session *hs = &h->sessions[i];
		if ((from && hs->started < from) || (to && hs->started > to)) {
			free(hs->sets);
		} else {
			day_after[kept] = day_after[i];
			h->sessions[kept++] = *hs;
		}
	}
	h->n = kept;
}

/* Describes calibration c into r; whose = "plate" or "the station's plate". */
static void describe(struct review *r, const struct calibration *c, const char *whose)
{
	char day[CALIB_DAY_MAX];
	snprintf(r->calibration, sizeof r->calibration, "%s %s, calibrated %s%s%s", whose, c->serial,
		 calib_day(c, day), *c->operator_name ? " by " : "", c->operator_name);
	double days; /* its age at the epoch: minus its date */
	r->calibrated_at = calib_age_days(c, 0, &days) == ST_OK ? (time_t)llround(-days * 86400) : 0;
	r->calibration_ages = !calib_is_exact(c); /* the simulator's own never ages; one measured on it does */
}

/* The station's own newest calibration (the plate a new session would use), from its
 * calibration folder; false: none there. */
static bool station_calibration(struct calibration *newest)
{
	char dir[4096];
	if (calib_user_dir(dir, sizeof dir) != ST_OK)
		return false;
	DIR *d = opendir(dir);
	if (!d)
		return false;
	bool found = false;
	const struct dirent *e;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		char path[4400];
		struct calibration c;
		if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (calib_load_file(path, &c) == ST_OK && (!found || strcmp(c.created_utc, newest->created_utc) > 0)) {
			*newest = c;
			found = true;
		}
	}
	closedir(d);
	return found;
}

/* The calibration in force for the plate of the newest session up to `to` (0: any) that
 * names one, found as the session and record commands find it (calib_find): a range
 * with no sessions of its own names the one its patient's sessions before it used; with
 * no such session, the station's own. */
static void calibration_of(struct review *r, time_t to)
{
	const struct history *h = &r->history;
	struct calibration c;
	for (size_t i = h->n; i-- > 0;) {
		const char *serial = h->sessions[i].calibration_serial;
		if (!*serial || (to && h->sessions[i].started > to))
			continue;
		int rc = calib_find_in_force(serial, h->sessions[i].started, &c);
		if (rc == ST_ERR_STATE)
			snprintf(r->calibration, sizeof r->calibration, "%s", st_errmsg());
		else if (rc != ST_OK)
			snprintf(r->calibration, sizeof r->calibration, "plate %s: not calibrated", serial);
		else
			describe(r, &c, "plate");
		return;
	}
	if (station_calibration(&c))
		describe(r, &c, "the station's plate");
	else
		snprintf(r->calibration, sizeof r->calibration, "no plate calibrated on this station yet");
}

void review_free(struct review *r)
{
	history_free(&r->history);
	free(r->outcomes);
	free(r->pain_day_after);
	free(r->visa);
	free(r->changes);
	memset(r, 0, sizeof *r);
}

int review_load(struct store *s, const struct programme *prog, const char *clinic_id, time_t from, time_t to,
		struct review *out)
{
	memset(out, 0, sizeof *out);
	out->prog = prog;
	size_t n_all = 0;
	int rc = store_patient_find(s, clinic_id, &out->patient);
	if (rc == ST_OK)
		rc = programme_prescription(prog, out->patient.phase, &out->patient.override, &out->prescription);
	if (rc == ST_OK)
		rc = store_history(s, out->patient.id, &out->history);
	if (rc == ST_OK)
		rc = patient_suggestion(s, prog, &out->patient, &out->history, &out->suggestion);
	/* the day after a session is asked at the next one, which may be past the range */
	if (rc == ST_OK && !(out->pain_day_after = malloc((out->history.n ? out->history.n : 1) * sizeof(int))))
		rc = st_fail(ST_ERR_NOMEM, "out of memory for the review");
	struct session_outcome *all = NULL;
	if (rc == ST_OK)
		rc = history_outcomes(&out->history, out->patient.side, &all, &n_all);
	if (rc == ST_OK) {
		for (size_t i = 0; i < n_all; i++)
			out->pain_day_after[i] = progression_pain_day_after(all, n_all, i);
		free(all);
		calibration_of(out, to);
		keep_range(&out->history, out->pain_day_after, from, to);
		rc = history_outcomes(&out->history, out->patient.side, &out->outcomes, &n_all);
	}
	if (rc == ST_OK)
		rc = store_visa_list(s, out->patient.id, &out->visa, &out->n_visa);
	if (rc == ST_OK)
		rc = store_phase_changes(s, out->patient.id, &out->changes, &out->n_changes);
	if (rc != ST_OK) {
		review_free(out);
		return rc;
	}
	size_t kept = 0;
	for (size_t i = 0; i < out->n_visa; i++)
		if ((!from || out->visa[i].at >= from) && (!to || out->visa[i].at <= to))
			out->visa[kept++] = out->visa[i];
	out->n_visa = kept;
	const struct history *h = &out->history;
	out->ranged = from || to;
	out->from = from ? from : h->n ? h->sessions[0].started : 0;
	/* a range given from a date with no sessions since ends today, not at 1970 */
	out->to = to ? to : h->n ? h->sessions[h->n - 1].started : from ? (from > time(NULL) ? from : time(NULL)) : 0;
	return ST_OK;
}

const char *review_dose_change(const struct patient *p, char *buf, size_t len)
{
	char day[16];
	if (!*p->override_by)
		snprintf(buf, len, "%s", "");
	else
		snprintf(buf, len, "%s by %s on %s: %s", dose_override_set(&p->override) ? "changed" : "set back to the programme's",
			 p->override_by, progression_day(p->override_at, day), p->override_why);
	return buf;
}

const char *review_no_sessions(const struct review *r)
{
	return r->ranged ? "no sessions in this period" : "no sessions yet";
}
