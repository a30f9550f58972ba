/* visa_side.c: the VISA-A filled in on the screen (visa_side.h). */
#include "visa_side.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"
#include "store_review.h"
#include "visa_a.h"

/* The items by a short name, for the review. */
static const char *const short_names[VISA_ITEMS] = {
	"Morning stiffness", "Stretch on a step", "After a 6 min walk", "Downstairs",
	"10 heel raises",    "Hops without pain", "Sport or activity", "Training time",
};
static const char *const scale_labels[VIEW_MAX_ANSWERS] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10" };
/* Item 7's levels in a word or two, for the review. */
static const char *const activity_words[VISA_ACTIVITY_CHOICES] = { "none", "modified", "full, lower level",
								   "full level" };
/* Item 1's buttons say minutes: 100 minutes scores 0, none 10. */
static const char *const minute_labels[VIEW_MAX_ANSWERS] = { "100", "90", "80", "70", "60", "50",
							     "40",  "30", "20", "10", "0" };

void visa_side_open(struct visa_side *v, const struct patient *p, const char *shown, bool offer)
{
	memset(v, 0, sizeof *v);
	v->patient = p->id;
	v->step = offer ? VISA_STEP_OFFER : 0;
	for (int i = 0; i < VISA_STEPS; i++)
		v->answer[i] = -1;
	snprintf(v->offer, sizeof v->offer, "%s", shown);
}

bool visa_side_over(const struct visa_side *v)
{
	return v->step == VISA_STEP_OVER;
}

static struct visa_answers answers_of(const struct visa_side *v)
{
	struct visa_answers a = { .activity = v->answer[6], .branch = v->answer[VISA_STEP_ITEM8],
				  .duration = v->answer[VISA_STEP_DURATION] };
	memcpy(a.scale, v->answer, sizeof a.scale);
	return a;
}

static int save(struct visa_side *v, struct clinic *c)
{
	struct visa_answers a = answers_of(v);
	int rc = store_visa_add_answers(c->store, v->patient, 0, &a);
	if (rc != ST_OK) {
		snprintf(v->message, sizeof v->message, "Not saved: %s", st_errmsg());
		return rc;
	}
	v->step = VISA_STEP_OVER;
	return ST_OK;
}

static int n_answers(int step)
{
	return step < VISA_SCALE_ITEMS ? VIEW_MAX_ANSWERS
	       : step == 6		 ? VISA_ACTIVITY_CHOICES
	       : step == VISA_STEP_ITEM8 ? VISA_BRANCHES
					 : VISA_DURATIONS;
}

/* The answer act picks on the question under way, or -1: a touch, or an arrow (a clicker
 * or foot switch has no touch: the first press picks the first answer, as on the pain
 * scale). Not digits: question 1's buttons are minutes, and the screen's "1 then 0 is 10"
 * knows only the pain scale's buttons, so a patient typing 10 would have answered 0. */
static int chosen_by(const struct visa_side *v, const struct ui_action *act)
{
	int n = n_answers(v->step), at = v->answer[v->step], choice = -1;
	if (act->kind == UI_ACT_SELECT)
		choice = act->index;
	else if (act->kind == UI_ACT_STEP)
		choice = at < 0 ? 0 : at + act->index < 0 ? 0 : at + act->index >= n ? n - 1 : at + act->index;
	return choice >= 0 && choice < n ? choice : -1;
}

int visa_side_act(struct visa_side *v, struct clinic *c, const struct ui_action *act)
{
	bool back = act->kind == UI_ACT_BACK || act->kind == UI_ACT_QUIT;
	v->message[0] = '\0';
	if (v->step == VISA_STEP_OFFER) { /* Yes: now; No (the "next" key): later; Back: leave */
		if (act->kind == UI_ACT_YES)
			v->step = 0;
		else if (act->kind == UI_ACT_NO || act->kind == UI_ACT_NEXT || back)
			v->step = VISA_STEP_OVER;
		v->left = back;
		return ST_OK;
	}
	if (v->step == VISA_STEP_REVIEW) {
		if (back)
			v->step = VISA_STEP_DURATION;
		else if (act->kind == UI_ACT_SELECT && act->index >= 0 && act->index < VISA_ITEMS) {
			v->step = act->index; /* item 8: its branch first */
			v->reviewing = true;
		} else if (act->kind == UI_ACT_NEXT)
			return save(v, c);
		return ST_OK;
	}
	int choice = chosen_by(v, act);
	if (back) {
		v->step = v->step == 0 ? VISA_STEP_OVER : v->step - 1;
	} else if (choice >= 0) {
		if (v->step == VISA_STEP_ITEM8 && v->answer[v->step] != choice)
			v->answer[VISA_STEP_DURATION] = -1; /* another branch: its duration again */
		v->answer[v->step] = choice;
	} else if (act->kind == UI_ACT_NEXT && v->answer[v->step] >= 0) {
		bool to_review = v->reviewing && v->step != VISA_STEP_ITEM8 && v->answer[VISA_STEP_DURATION] >= 0;
		v->step = to_review ? VISA_STEP_REVIEW : v->step + 1;
	}
	return ST_OK;
}

static void view_review(struct visa_side *v, struct view_visa *out)
{
	int items[VISA_ITEMS], total = 0;
	struct visa_answers a = answers_of(v);
	bool ok = visa_score(&a, items, &total) == ST_OK;
	for (int i = 0; i < VISA_ITEMS; i++) {
		if (!ok)
			snprintf(v->rows[i], sizeof v->rows[i], "%d  %s", i + 1, short_names[i]);
		else if (i == 0) /* each answer as it was chosen (the points are in the score) */
			snprintf(v->rows[i], sizeof v->rows[i], "1  %s: %s min", short_names[i], minute_labels[v->answer[0]]);
		else if (i == 6)
			snprintf(v->rows[i], sizeof v->rows[i], "7  %s: %s", short_names[i], activity_words[v->answer[6]]);
		else if (i == VISA_ITEMS - 1)
			snprintf(v->rows[i], sizeof v->rows[i], "8  %s (%c): %s", short_names[i],
				 'A' + v->answer[VISA_STEP_ITEM8], visa_durations[v->answer[VISA_STEP_DURATION]]);
		else
			snprintf(v->rows[i], sizeof v->rows[i], "%d  %s: %d/10", i + 1, short_names[i], items[i]);
		out->labels[i] = v->rows[i];
	}
	out->n = VISA_ITEMS;
	snprintf(v->total, sizeof v->total, "Score %d of %d", total, VISA_MAX);
	out->total = v->total;
	out->review = true;
	out->button = "Save";
	snprintf(v->title, sizeof v->title, "Touch an answer to change it");
}

void visa_side_view(struct visa_side *v, struct screen_view *out)
{
	if (v->step == VISA_STEP_OFFER) {
		out->id = SCREEN_QUESTION;
		out->question = (struct view_question){ .title = v->offer, .question = "VISA-A questionnaire now?",
							.detail = "8 questions on your Achilles tendon, asked every 4 "
								  "weeks: about 5 minutes",
							.back_at_once = true };
		return;
	}
	out->id = SCREEN_VISA;
	struct view_visa *w = &out->visa;
	*w = (struct view_visa){ .title = v->title, .selected = -1, .message = v->message[0] ? v->message : NULL };
	if (v->step == VISA_STEP_REVIEW || v->step == VISA_STEP_OVER) {
		view_review(v, w);
		return;
	}
	int s = v->step, item = s < VISA_STEP_DURATION ? s + 1 : 8;
	snprintf(v->title, sizeof v->title, "VISA-A: question %d of %d", item, VISA_ITEMS);
	w->selected = v->answer[s];
	w->n = n_answers(s);
	if (s < VISA_SCALE_ITEMS) {
		w->question = visa_items[s].text;
		memcpy(w->labels, s == 0 ? minute_labels : scale_labels, sizeof w->labels);
		w->lo = visa_items[s].lo;
		w->hi = visa_items[s].hi;
	} else if (s == 6) {
		w->question = visa_items[s].text;
		memcpy(w->labels, visa_activity_choices, sizeof visa_activity_choices);
	} else if (s == VISA_STEP_ITEM8) {
		w->question = visa_item8_text;
		memcpy(w->labels, visa_branches, sizeof visa_branches);
	} else {
		w->question = visa_branch_questions[v->answer[VISA_STEP_ITEM8]];
		memcpy(w->labels, visa_durations, sizeof visa_durations);
	}
	if (w->selected >= 0) /* Next once answered */
		w->button = v->reviewing && s != VISA_STEP_ITEM8 ? "Done" : "Next";
}

/* ---- the physio's side of it ---- */

static int latest(struct store *s, int64_t patient, struct visa_score *out, bool *have)
{
	struct visa_score *list = NULL;
	size_t n = 0;
	int rc = store_visa_list(s, patient, &list, &n);
	*have = rc == ST_OK && n > 0;
	if (*have)
		*out = list[n - 1];
	free(list);
	return rc;
}

int visa_due(struct store *s, int64_t patient, time_t now, bool *due)
{
	struct visa_score last;
	bool have;
	int rc = latest(s, patient, &last, &have);
	*due = rc == ST_OK && (!have || now - last.at >= (time_t)VISA_DUE_DAYS * 86400);
	return rc;
}

int visa_latest_words(struct store *s, int64_t patient, char *buf, size_t len)
{
	struct visa_score last;
	bool have;
	int rc = latest(s, patient, &last, &have);
	if (rc != ST_OK || !have) {
		snprintf(buf, len, rc == ST_OK ? "No VISA-A score yet" : "VISA-A: not read");
		return rc;
	}
	struct tm tm;
	char day[32];
	localtime_r(&last.at, &tm);
	strftime(day, sizeof day, "%e %b %Y", &tm);
	snprintf(buf, len, "VISA-A %d/%d on %s", last.total, VISA_MAX, day[0] == ' ' ? day + 1 : day);
	return ST_OK;
}
