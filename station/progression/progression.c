/* progression.c: the progression rules of progression.h. */
#include "progression.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "status.h"

#define WEEK_S (7 * 24 * 3600)

const char *verdict_name(enum verdict v)
{
	switch (v) {
	case VERDICT_NEXT_PHASE: return "next phase";
	case VERDICT_EASE_OFF: return "ease off";
	default: return "stay";
	}
}

void suggestion_record(const struct suggestion *sg, char buf[SUGGESTION_RECORD_LEN])
{
	size_t len = (size_t)snprintf(buf, SUGGESTION_RECORD_LEN, "%s", verdict_name(sg->verdict));
	if (sg->verdict == VERDICT_NEXT_PHASE)
		len += (size_t)snprintf(buf + len, SUGGESTION_RECORD_LEN - len, " (%d)", sg->next_phase);
	for (size_t i = 0; i < sg->n_reasons && len < SUGGESTION_RECORD_LEN; i++)
		len += (size_t)snprintf(buf + len, SUGGESTION_RECORD_LEN - len, "%s%s", i ? "; " : ": ", sg->reasons[i]);
}

static void add_reason(struct suggestion *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_reason(struct suggestion *s, const char *fmt, ...)
{
	if (s->n_reasons >= SUGGESTION_REASONS_MAX)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->reasons[s->n_reasons++], SUGGESTION_REASON_LEN, fmt, ap);
	va_end(ap);
}

const char *progression_day(time_t t, char buf[16])
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, 16, "%Y-%m-%d", &tm);
	return buf;
}

bool progression_share_in_band(const struct progression_rules *r, double left_share_pct)
{
	return !isnan(left_share_pct) && left_share_pct >= r->share_min_pct && left_share_pct <= r->share_max_pct;
}

bool progression_session_eased(const struct progression_rules *r, const struct session_outcome *o)
{
	return r->ease_pct > 0 && o->pain_eased_by != PAIN_NONE && o->pain_eased_by > r->pain_next_day_max;
}

bool session_targets_met(const struct progression_rules *r, const struct session_outcome *o,
			 char *reason, size_t len)
{
	char dummy[8];
	if (!reason) {
		reason = dummy;
		len = sizeof dummy;
	}
	if (!o->complete) {
		snprintf(reason, len, "not finished");
		return false;
	}
	/* its counts were met at the eased dose, not the phase's (a stranger's eased session
	 * "met every target") */
	if (progression_session_eased(r, o)) {
		snprintf(reason, len, "eased for day-after pain %d/10: not the phase's full dose", o->pain_eased_by);
		return false;
	}
	if (o->sets_done < o->sets_target) {
		snprintf(reason, len, "%d of %d sets done", o->sets_done, o->sets_target);
		return false;
	}
	if (!o->counts_met) {
		snprintf(reason, len, "not every set reached its count");
		return false;
	}
	if (o->reps == 0 && o->reps_unmeasured > 0) {
		snprintf(reason, len, "lowering not measured in any of %d reps (timing uncertain)", o->reps_unmeasured);
		return false;
	}
	if (o->reps > 0 && 100.0 * o->reps_in_band < r->in_band_pct * o->reps) {
		/* one-leg reps done on both feet or the other foot: the exercise, not the tempo,
		 * is what went wrong (a stranger's wrong-leg set was read as slow lowering) */
		int n = snprintf(reason, len, "lowering in the band in %.0f %% of reps (needs %.0f %%)",
				 100.0 * o->reps_in_band / o->reps, r->in_band_pct);
		if (o->reps_not_one_leg > 0 && n >= 0 && (size_t)n < len)
			snprintf(reason + n, len - (size_t)n, ": %d of %d not on one foot alone", o->reps_not_one_leg, o->reps);
		return false;
	}
	if (o->holds_on_target < o->holds) {
		snprintf(reason, len, "%d of %d holds reached the target time", o->holds_on_target, o->holds);
		return false;
	}
	bool share_ok = progression_share_in_band(r, o->share_pct);
	bool lsi_ok = !isnan(o->lsi_pct) && o->lsi_pct >= r->lsi_min_pct;
	if (!share_ok && !lsi_ok && !(isnan(o->share_pct) && isnan(o->lsi_pct))) {
		if (!isnan(o->share_pct))
			snprintf(reason, len, "left share %.0f %% (needs %.0f-%.0f %%)", o->share_pct,
				 r->share_min_pct, r->share_max_pct);
		else
			snprintf(reason, len, "LSI %.0f %% (needs at least %.0f %%)", o->lsi_pct, r->lsi_min_pct);
		return false;
	}
	if (o->pain_during_max > r->pain_during_max) {
		snprintf(reason, len, "pain %d/10 during exercise (at most %d/10)", o->pain_during_max,
			 r->pain_during_max);
		return false;
	}
	snprintf(reason, len, "met every target");
	return true;
}

bool progression_too_soon(const struct programme *p, int phase, time_t last, time_t now, double *hours)
{
	const struct phase *ph = programme_phase(p, phase);
	/* a last session a few minutes ahead of now (store_clock_check's slack for a clock set
	 * back a little) was just now: "-0 hours ago" (a stranger's) */
	*hours = last ? fmax(0, difftime(now, last) / 3600) : INFINITY;
	return ph && ph->every_other_day && *hours < p->spacing_hours;
}

/* On the same day of the clinic's calendar (local time: in Sydney, 23:30 and 01:00 UTC
 * are 09:30 and 11:00 of one day). */
static bool same_local_day(time_t a, time_t b)
{
	struct tm ta, tb;
	localtime_r(&a, &ta);
	localtime_r(&b, &tb);
	return ta.tm_year == tb.tm_year && ta.tm_yday == tb.tm_yday;
}

int progression_pain_day_after(const struct session_outcome *hist, size_t n, size_t i)
{
	if (!hist[i].exercised)
		return PAIN_NONE;
	for (size_t j = i + 1; j < n; j++) {
		if (hist[j].pain_day_after_last != PAIN_NONE)
			return hist[j].pain_day_after_last;
		/* a session later the same day is asked about for both: the day after is theirs
		 * (the first, the one the rules count, stayed "not known yet") */
		if (hist[j].exercised && !same_local_day(hist[i].started, hist[j].started))
			break;
	}
	return PAIN_NONE;
}

/* Mean of the pain answers of the sessions started in [from, to); NAN: none. */
static double mean_pain(const struct session_outcome *hist, size_t n, time_t from, time_t to)
{
	double sum = 0;
	int count = 0;
	for (size_t i = 0; i < n; i++) {
		if (hist[i].started < from || hist[i].started >= to)
			continue;
		const int answers[] = { hist[i].pain_before, hist[i].pain_day_after_last, hist[i].pain_during_max };
		for (size_t k = 0; k < 3; k++)
			if (answers[k] != PAIN_NONE) {
				sum += answers[k];
				count++;
			}
	}
	return count ? sum / count : NAN;
}

/* Ease off when the last session hurt too much, or the patient was still sore after it. */
static bool ease_off(const struct progression_rules *r, const struct session_outcome *hist, size_t n,
		     struct suggestion *s)
{
	char day[16];
	const struct session_outcome *last = &hist[n - 1];
	if (last->red_flag)
		add_reason(s, "red flag in the session of %s (a pop, a dip in the tendon, or no heel raise on that "
			      "side): to be seen by a GP or physio before going on",
			   progression_day(last->started, day));
	/* stopped at the pain gate (or gone on through it): the advice was to contact the
	 * physio, which the suggestion never said */
	if (last->pain_before != PAIN_NONE && last->pain_before > r->pain_before_max)
		add_reason(s, "pain %d/10 before the session of %s, above %d/10: the patient was advised not to "
			      "exercise that day and to contact the physio",
			   last->pain_before, progression_day(last->started, day), r->pain_before_max);
	if (last->pain_during_max != PAIN_NONE && last->pain_during_max > r->pain_during_max)
		add_reason(s, "pain reached %d/10 in the session of %s, above %d/10: reduce the effort next time",
			   last->pain_during_max, progression_day(last->started, day), r->pain_during_max);
	/* the day after the last session with exercise before the newest, which the question
	 * asked about (one stopped before any set, in between, was credited with the
	 * soreness), answered in the newest or at a visit before it (which the newest then
	 * did not ask again) */
	size_t asked = n - 1;
	while (asked > 0 && !hist[asked - 1].exercised)
		asked--;
	int after = asked > 0 ? progression_pain_day_after(hist, n, asked - 1) : PAIN_NONE;
	if (after != PAIN_NONE && after > r->pain_next_day_max)
		add_reason(s, "still sore the day after the session of %s (%d/10, above %d/10): reduce the effort "
			      "next time",
			   progression_day(hist[asked - 1].started, day), after, r->pain_next_day_max);
	return s->n_reasons > 0;
}

/* The complete sessions of phase ph that count, the last r->window of them newest first
 * into picked (*k of them): each at least the programme's spacing after the one counted
 * before it when the phase is every other day, or on another (local) day otherwise, so three
 * sessions in a minute count once. Returns how many were too close, and names them
 * ("2026-09-21 14:13 (1 min after)") in words. */
static size_t counted_sessions(const struct programme *p, const struct phase *ph, const struct session_outcome *hist,
			       size_t n, size_t picked[20], size_t *k, char *words, size_t len)
{
	size_t window = (size_t)p->rules.window < 20 ? (size_t)p->rules.window : 20;
	size_t ring[20], counted = 0, n_close = 0, used = 0;
	time_t last = 0;
	words[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const struct session_outcome *o = &hist[i];
		if (o->phase != ph->number || !o->complete)
			continue;
		bool close = counted && (ph->every_other_day ? difftime(o->started, last) < p->spacing_hours * 3600
							     : same_local_day(o->started, last));
		if (close) {
			char when[24];
			struct tm tm;
			localtime_r(&o->started, &tm);
			strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
			double gap_h = difftime(o->started, last) / 3600;
			if (n_close < 3 && used < len)
				used += (size_t)snprintf(words + used, len - used, "%s%s (%.0f %s after)", n_close ? ", " : "",
							 when, gap_h < 1 ? gap_h * 60 : gap_h, gap_h < 1 ? "min" : "h");
			else if (n_close == 3 && used < len)
				used += (size_t)snprintf(words + used, len - used, ", ...");
			n_close++;
			continue;
		}
		ring[counted++ % window] = i;
		last = o->started;
	}
	*k = counted < window ? counted : window;
	for (size_t j = 0; j < *k; j++)
		picked[j] = ring[(counted - 1 - j) % window];
	return n_close;
}

static void too_close_reason(struct suggestion *s, size_t n_close, const char *which)
{
	if (n_close)
		add_reason(s, "%zu session%s came too soon after the one before and %s not count: %s", n_close,
			   n_close == 1 ? "" : "s", n_close == 1 ? "does" : "do", which);
}

int progression_suggest(const struct programme *p, int phase, const struct session_outcome *hist,
			size_t n, struct suggestion *out)
{
	const struct phase *ph = programme_phase(p, phase);
	if (!ph)
		return st_fail(ST_ERR_ARG, "phase %d: the programme has phases 1 to %d", phase, PROGRAMME_PHASES);
	const struct progression_rules *r = &p->rules;
	memset(out, 0, sizeof *out);
	out->phase = out->next_phase = phase;
	out->verdict = VERDICT_STAY;
	if (n > 0 && ease_off(r, hist, n, out)) {
		out->verdict = VERDICT_EASE_OFF;
		return ST_OK;
	}
	if (phase == PROGRAMME_PHASES) {
		add_reason(out, "phase %d is the last phase", phase);
		return ST_OK;
	}
	if (!ph->progress_by_targets) {
		add_reason(out, "phase %d has no targets to count: moving on is the physio's judgement", phase);
		return ST_OK;
	}

	/* The last `window` complete sessions of this phase that count, newest first. */
	size_t picked[20], k = 0;
	/* three times named and ", ..." (up to 110 characters) after the reason's 66 */
	char too_close[SUGGESTION_REASON_LEN - 72];
	size_t n_close = counted_sessions(p, ph, hist, n, picked, &k, too_close, sizeof too_close);
	too_close_reason(out, n_close, too_close);
	if (k < (size_t)r->needed) {
		add_reason(out, "%zu complete session%s in phase %d so far%s; %d of the last %d must meet the targets",
			   k, k == 1 ? "" : "s", phase, n_close ? " that count" : "", r->needed, r->window);
		return ST_OK;
	}
	int met = 0;
	char day[16], why[SUGGESTION_REASON_LEN / 2];
	for (size_t j = 0; j < k; j++) {
		const struct session_outcome *o = &hist[picked[j]];
		int after = progression_pain_day_after(hist, n, picked[j]);
		bool ok = session_targets_met(r, o, why, sizeof why);
		if (ok && after == PAIN_NONE) {
			ok = false;
			snprintf(why, sizeof why, "pain the day after not known yet");
		} else if (ok && after > r->pain_next_day_max) {
			ok = false;
			snprintf(why, sizeof why, "pain %d/10 the day after (at most %d/10)", after, r->pain_next_day_max);
		}
		met += ok;
		if (!ok)
			add_reason(out, "session of %s: %s", progression_day(o->started, day), why);
	}
	time_t now = hist[n - 1].started;
	double this_week = mean_pain(hist, n, now - WEEK_S + 1, now + 1);
	double last_week = mean_pain(hist, n, now - 2 * WEEK_S + 1, now - WEEK_S + 1);
	bool rising = !isnan(this_week) && !isnan(last_week) && this_week - last_week > r->pain_weekly_rise_max;
	if (rising)
		add_reason(out, "pain rising week on week: mean %.1f/10 this week, %.1f/10 the week before", this_week,
			   last_week);
	if (met >= r->needed && !rising) {
		out->verdict = VERDICT_NEXT_PHASE;
		out->next_phase = phase + 1;
		out->n_reasons = 0;
		add_reason(out, "%d of the last %zu sessions in phase %d met every target (sets and counts, lowering "
				"in the band in at least %.0f %% of reps, holds to time, load share %.0f-%.0f %% or "
				"LSI at least %.0f %%)",
			   met, k, phase, r->in_band_pct, r->share_min_pct, r->share_max_pct, r->lsi_min_pct);
		add_reason(out, "pain at most %d/10 during exercise and at most %d/10 the day after, not rising "
				"week on week",
			   r->pain_during_max, r->pain_next_day_max);
		too_close_reason(out, n_close, too_close);
	} else if (met < r->needed) {
		add_reason(out, "%d of the last %zu sessions in phase %d met every target; %d needed", met, k, phase,
			   r->needed);
	}
	return ST_OK;
}
