/* calibrate_side.c: the guided calibration by touch (calibrate_side.h). */
#include "calibrate_side.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "calib.h"
#include "status.h"

static const char *const sides[2] = { "LEFT", "RIGHT" };
static const char *const marks[CALIB_MARKS] = { "front-left", "front-right", "rear-left", "rear-right", "centre" };

void calibrate_side_close(struct calibrate_side *k)
{
	calib_proc_free(k->proc);
	k->proc = NULL;
	if (k->plate) {
		plate_stop(k->plate);
		plate_close(k->plate);
	}
	k->plate = NULL;
}

bool calibrate_side_over(const struct calibrate_side *k)
{
	return k->stage == CALIBRATE_OVER;
}

/* The calibration in force for the plate, in words. */
static void in_force(struct calibrate_side *k)
{
	const struct plate_info *info = plate_get_info(k->plate);
	struct calibration cal;
	if (calib_find(info->serial, &cal, NULL, 0) != ST_OK) {
		k->caution = true;
		snprintf(k->said, sizeof k->said, "Plate %s has no calibration yet.", info->serial);
		return;
	}
	char day[CALIB_DAY_MAX];
	int n = snprintf(k->said, sizeof k->said, "Plate %s: calibrated %s%s%s%s.", info->serial,
			 cal.created_utc[0] ? calib_day(&cal, day) : "(no date)", cal.operator_name[0] ? " by " : "",
			 cal.operator_name,
			 cal.rec.have_record && cal.rec.verified ? ", verified" : "");
	double days;
	if (calib_due(&cal, time(NULL), &days) && n > 0 && (size_t)n < sizeof k->said) {
		k->caution = true;
		snprintf(k->said + n, sizeof k->said - (size_t)n, " That is %.0f days ago, more than %.0f: calibrate it again.",
			 days, calib_max_age_days());
	}
}

void calibrate_side_open(struct calibrate_side *k, const struct clinic *c, const char *who)
{
	memset(k, 0, sizeof *k);
	snprintf(k->who, sizeof k->who, "%s", who);
	k->stage = CALIBRATE_INTRO;
	struct plate_options opt = { .fast = c->params.fast };
	if (plate_open(c->params.plate, &opt, &k->plate) != ST_OK) {
		k->plate = NULL;
		k->refused = true;
		snprintf(k->said, sizeof k->said, "No plate to calibrate: %s", st_errmsg());
		return;
	}
	in_force(k);
}

static bool is_refusal(const char *s)
{
	return strncmp(s, "NOT ACCEPTED", 12) == 0 || strncmp(s, "Calibration stopped", 19) == 0 ||
	       strstr(s, "is not a mass") || strstr(s, "must grow") || strstr(s, "first.");
}

/* Appends n characters of s to the lines in buf (of cap), a line break first unless it is
 * empty; runs of spaces (a table's columns) made one. */
static void add_line(char *buf, size_t cap, const char *s, size_t n)
{
	size_t at = strlen(buf);
	if (at && at + 1 < cap)
		buf[at++] = '\n';
	for (size_t i = 0; i < n && at + 1 < cap; i++)
		if (s[i] != ' ' || (at && buf[at - 1] != ' ' && buf[at - 1] != '\n'))
			buf[at++] = s[i];
	buf[at] = '\0';
}

/* A reading too long to sit beside the picture, in one line with the figures a physio
 * judges by (the procedure's brief, README: "Calibrating a plate"); the whole of it, its
 * tables too, stays in k->readings, a touch away. False: there is no such reading. */
static bool shorten(struct calibrate_side *k)
{
	const char *brief = calib_proc_brief(k->proc);
	if (!*brief)
		return false;
	snprintf(k->said, sizeof k->said, "%s Touch: all figures.", brief);
	return true;
}

/* Keeps the procedure's words worth showing: the last of its indented lines (readings,
 * refusals), or its ending, as the message, a long reading shortened (then kept whole in
 * k->readings with the table under it); a refusal with the lines that follow it (why, then
 * what to do) as one. */
static void take_words(struct calibrate_side *k)
{
	const char *t = calib_proc_take_text(k->proc);
	bool refusing = false, fresh = true;
	while (*t) {
		size_t len = strcspn(t, "\n");
		bool said = (len > 2 && t[0] == ' ' && t[1] == ' ' && t[2] != ' ') ||
			    strncmp(t, "Calibration ", 12) == 0;
		bool table = len > 4 && strncmp(t, "    ", 4) == 0;
		if (said || table) {
			const char *s = t + strspn(t, " ");
			size_t n = len - (size_t)(s - t);
			if (said)
				k->readings[0] = '\0';
			fresh = false;
			add_line(k->readings, sizeof k->readings, s, n);
			if (said) {
				size_t at = refusing ? strlen(k->said) : 0;
				if (refusing && at + 1 < sizeof k->said)
					k->said[at++] = ' ';
				if (at + n >= sizeof k->said)
					n = sizeof k->said - 1 - at;
				memcpy(k->said + at, s, n);
				k->said[at + n] = '\0';
				refusing = refusing || is_refusal(k->said);
				k->refused = refusing;
			}
		}
		t += len + (t[len] == '\n');
	}
	/* readings are kept only behind a shortened one (a refusal is shown whole) */
	if (!fresh && (refusing || !shorten(k)))
		k->readings[0] = '\0';
	k->readings_open = k->readings_open && fresh;
}

/* After every answer and every batch of frames: done (saved), failed, or on. */
static int follow(struct calibrate_side *k)
{
	take_words(k);
	enum calib_proc_state st = calib_proc_state(k->proc);
	if (st == CALIB_PROC_DONE) {
		char path[4200];
		int rc = calib_save_for_plate(calib_proc_result(k->proc), path, sizeof path);
		if (rc != ST_OK) {
			k->stage = CALIBRATE_FAILED;
			k->refused = true;
			snprintf(k->said, sizeof k->said, "Not saved: %s", st_errmsg());
			calibrate_side_close(k);
			return rc;
		}
		const struct calibration *cal = calib_proc_result(k->proc);
		char day[CALIB_DAY_MAX];
		snprintf(k->said, sizeof k->said, "Saved. Plate %s calibrated %s by %s, verified: left %+.2f %%, right "
						  "%+.2f %%.", cal->serial, calib_day(cal, day), cal->operator_name,
			 cal->rec.verify[0].error_pct, cal->rec.verify[1].error_pct);
		k->refused = false;
		k->stage = CALIBRATE_DONE;
		calibrate_side_close(k);
	} else if (st == CALIB_PROC_FAILED) {
		k->stage = CALIBRATE_FAILED;
		k->refused = true;
		calibrate_side_close(k);
	}
	return ST_OK;
}

static void feed(const struct plate_frame *frames, size_t n, void *user)
{
	calib_proc_feed(user, frames, n);
}

static int start(struct calibrate_side *k)
{
	const struct plate_info *info = plate_get_info(k->plate);
	struct calib_proc_options opt = { .operator_name = k->who };
	int rc = calib_proc_new(info, info->default_rate_hz, &opt, &k->proc);
	if (rc == ST_OK)
		rc = plate_start(k->plate, info->default_rate_hz, feed, k->proc);
	if (rc != ST_OK) {
		k->refused = true;
		snprintf(k->said, sizeof k->said, "Cannot start: %s", st_errmsg());
		return rc;
	}
	calib_proc_take_text(k->proc); /* the terminal's greeting: the screen words its own */
	k->said[0] = '\0';
	k->caution = false;
	k->stage = CALIBRATE_RUN;
	return ST_OK;
}

int calibrate_side_tick(struct calibrate_side *k, int timeout_ms)
{
	if (k->stage != CALIBRATE_RUN || calib_proc_state(k->proc) != CALIB_PROC_MEASURING)
		return ST_OK;
	int rc = plate_poll(k->plate, timeout_ms);
	if (rc == ST_ENDED)
		calib_proc_fail(k->proc, "the plate's stream ended while waiting for a steady reading");
	else if (rc < 0)
		calib_proc_fail(k->proc, st_errmsg());
	return follow(k);
}

static void answer(struct calibrate_side *k, const char *line)
{
	calib_proc_answer(k->proc, line);
	k->mass[0] = '\0';
}

/* The mass pad: digits, one decimal point, delete. */
static void pad(struct calibrate_side *k, const struct ui_action *act)
{
	size_t len = strlen(k->mass);
	if (act->kind == UI_ACT_DELETE && len)
		k->mass[len - 1] = '\0';
	else if (act->kind == UI_ACT_DIGIT && len < CALIBRATE_MASS_CHARS && act->index >= 0 && act->index <= 10 &&
		 !(act->index == 10 && strchr(k->mass, '.'))) {
		k->mass[len] = act->index == 10 ? '.' : (char)('0' + act->index);
		k->mass[len + 1] = '\0';
	}
}

/* The mass the second button offers again (0: none): on the marks after the first, the
 * one typed for them; at the right plate's verification, the left's, moved across. The left
 * plate's verification asks for another known mass than before if there is one, as the
 * terminal does, so the marks' mass is not offered there. */
static double same_kg(const struct calib_proc_where *w)
{
	return !w->retry && (w->step == 3 || (w->step == 4 && w->side == 1)) ? w->kg : 0;
}

static int run_act(struct calibrate_side *k, const struct ui_action *act)
{
	if (act->kind == UI_ACT_BACK || act->kind == UI_ACT_QUIT) {
		calib_proc_fail(k->proc, "stopped by the operator");
		return follow(k);
	}
	if (calib_proc_state(k->proc) != CALIB_PROC_ASKING)
		return ST_OK;
	struct calib_proc_where w;
	calib_proc_where(k->proc, &w);
	bool typed = w.step > 1 && !w.retry;
	if (act->kind == UI_ACT_DIGIT || act->kind == UI_ACT_DELETE) {
		if (typed)
			pad(k, act);
	} else if (act->kind == UI_ACT_SELECT && k->readings[0]) {
		k->readings_open = !k->readings_open; /* a touch on the words: every figure, or the pad back */
		return ST_OK;
	} else if (act->kind == UI_ACT_YES && typed && (w.step == 2 ? w.masses > 0 : same_kg(&w) > 0)) {
		answer(k, ""); /* span: done adding; marks and verify: the same mass */
	} else if (act->kind == UI_ACT_NEXT) {
		if (typed && !k->mass[0]) {
			k->refused = true;
			snprintf(k->said, sizeof k->said, "Type the mass on the plate first, in kg.");
			return ST_OK;
		}
		answer(k, typed ? k->mass : "");
	}
	return follow(k);
}

int calibrate_side_act(struct calibrate_side *k, const struct ui_action *act)
{
	bool back = act->kind == UI_ACT_BACK || act->kind == UI_ACT_QUIT;
	switch (k->stage) {
	case CALIBRATE_INTRO:
		if (back || !k->plate) {
			calibrate_side_close(k);
			k->stage = back ? CALIBRATE_OVER : k->stage;
			return ST_OK;
		}
		return act->kind == UI_ACT_NEXT ? start(k) : ST_OK;
	case CALIBRATE_RUN:
		return run_act(k, act);
	case CALIBRATE_DONE:
	case CALIBRATE_FAILED:
		if (back || act->kind == UI_ACT_NEXT)
			k->stage = CALIBRATE_OVER;
		return ST_OK;
	case CALIBRATE_OVER:
		break;
	}
	return ST_OK;
}

/* The plate to load in the picture: the mark for the mass among the marks over its cells
 * (step 1: both plates, to keep empty). */
static void picture(const struct calibrate_side *k, const struct calib_proc_where *w, struct view_calibrate *v)
{
	const struct plate_info *info = plate_get_info(k->plate);
	v->plate = w->step == 1 ? -1 : w->side;
	v->mark_x_mm = w->x_mm;
	v->mark_y_mm = w->y_mm;
	for (int i = 0; i < 4; i++) {
		v->cell_x_mm[i] = info->cell_x_mm[w->side * 4 + i];
		v->cell_y_mm[i] = info->cell_y_mm[w->side * 4 + i];
	}
}

/* The question of the step, worded for the screen (the picture shows where the mass goes). */
static void view_asking(struct calibrate_side *k, const struct calib_proc_where *w, struct view_calibrate *v)
{
	static const char *const steps[4] = { "zero", "span", "marks", "verify" };
	const char *side = sides[w->side];
	snprintf(k->title, sizeof k->title, "%d of 4: %s", w->step, steps[w->step - 1]);
	picture(k, w, v);
	v->pad = w->step > 1 && !w->retry;
	v->mass = k->mass;
	v->button = "Measure";
	if (w->retry) {
		snprintf(k->instruction, sizeof k->instruction, "Put right what the message says, then measure again "
								 "(Back stops: nothing is saved).");
		v->button = "Measure again"; /* the picture stays: where the mass goes, or both plates empty */
		return;
	}
	switch (w->step) {
	case 1:
		snprintf(k->instruction, sizeof k->instruction, "Take everything off both plates and step away from them. "
								 "Then touch Measure and keep clear.");
		break;
	case 2:
		if (w->masses == 0)
			snprintf(k->instruction, sizeof k->instruction, "A known mass on the centre of the %s plate: type "
									 "it in kg, touch Measure.", side);
		else
			snprintf(k->instruction, sizeof k->instruction, "Add a weight, type the new TOTAL in kg, or touch "
									 "Done (20 kg or more is best).");
		if (w->masses > 0)
			snprintf(k->second, sizeof k->second, "Done");
		break;
	case 3:
		snprintf(k->instruction, sizeof k->instruction, "One mass of 10 kg or more on the %s plate's %s "
								 "mark: type it in kg.", side, marks[w->mark]);
		snprintf(k->where, sizeof k->where, "at x %+.0f, y %+.0f mm", w->x_mm, w->y_mm);
		v->where = k->where;
		break;
	default:
		if (w->side == 0)
			snprintf(k->instruction, sizeof k->instruction, "Another known mass if you have one (else the same) "
									 "on the LEFT plate only: type it in kg.");
		else
			snprintf(k->instruction, sizeof k->instruction, "Move it to the centre of the RIGHT plate: type its "
									 "mass in kg.");
		break;
	}
	if (same_kg(w) > 0)
		snprintf(k->second, sizeof k->second, "Same %g kg", same_kg(w));
}

void calibrate_side_view(struct calibrate_side *k, struct screen_view *out)
{
	out->id = SCREEN_CALIBRATE;
	struct view_calibrate *v = &out->calibrate;
	*v = (struct view_calibrate){ .title = k->title, .instruction = k->instruction, .plate = -2, .progress = NAN,
				      .message = k->said[0] ? k->said : NULL, .refused = k->refused,
				      .caution = k->caution };
	k->second[0] = '\0';
	if (k->plate) {
		const struct plate_info *info = plate_get_info(k->plate);
		v->half_w_mm = info->plate_width_mm / 2.0;
		v->half_l_mm = info->plate_length_mm / 2.0;
	}
	switch (k->stage) {
	case CALIBRATE_INTRO:
		snprintf(k->title, sizeof k->title, "Calibrate the plate");
		snprintf(k->instruction, sizeof k->instruction, "About ten minutes. You need known masses, 20 kg or more "
								 "in all, and one of 10 kg or more on a small spot.");
		v->button = k->plate ? "Start" : NULL;
		break;
	case CALIBRATE_RUN: {
		struct calib_proc_where w;
		calib_proc_where(k->proc, &w);
		if (calib_proc_state(k->proc) == CALIB_PROC_MEASURING) {
			snprintf(k->title, sizeof k->title, "Measuring");
			snprintf(k->instruction, sizeof k->instruction, "Keep still and do not touch the plates or the "
									 "weights: each reading needs 3 steady seconds.");
			picture(k, &w, v);
			v->progress = 0;
		} else {
			view_asking(k, &w, v);
		}
		break;
	}
	case CALIBRATE_DONE:
	case CALIBRATE_FAILED:
		snprintf(k->title, sizeof k->title, k->stage == CALIBRATE_DONE ? "Calibration saved" : "Calibration stopped");
		snprintf(k->instruction, sizeof k->instruction, "%s", k->stage == CALIBRATE_DONE
			? "The station measures the plate with it from now on."
			: "The calibration in force stays as it was.");
		v->button = "Finish";
		break;
	case CALIBRATE_OVER:
		break;
	}
	v->second = k->second[0] ? k->second : NULL;
	v->readings = k->stage == CALIBRATE_RUN && k->readings[0] && !k->refused ? k->readings : NULL;
	v->readings_open = v->readings && k->readings_open;
	v->pad = v->pad && !v->readings_open; /* the readings are shown in its place */
}
