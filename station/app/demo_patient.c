/* demo_patient.c: the demo's patient, screen by screen. */
#include "demo_patient.h"

#include <stdio.h>
#include <string.h>

/* How long each kind of screen stays up before the patient acts (seconds): long enough
 * to read it from a few metres. */
#define READ_QUESTION_S 3.0
#define READ_PAIN_S 3.0
#define CHOOSE_PAIN_S 1.5 /* the score is chosen, shown, then confirmed */
#define READ_SUMMARY_S 6.0
#define READ_CHOOSE_S 4.0

void demo_patient_init(struct demo_patient *d, bool fast)
{
	*d = (struct demo_patient){ .fast = fast };
}

static const char *const names[SCREEN_COUNT] = {
	[SCREEN_CHOOSE_PATIENT] = "choose-patient", [SCREEN_PIN] = "pin",
	[SCREEN_QUESTION] = "question",            [SCREEN_PAIN] = "pain",
	[SCREEN_STEP_ON] = "step-on",              [SCREEN_HOLD] = "hold",
	[SCREEN_RAISES] = "raises",                [SCREEN_HOPS] = "hops",
	[SCREEN_REST] = "rest",                    [SCREEN_SUMMARY] = "summary",
	[SCREEN_PATIENT_LIST] = "patient-list",    [SCREEN_PATIENT_DETAIL] = "patient",
	[SCREEN_GRAPHS] = "graphs",                [SCREEN_FORCE_TRACE] = "force-trace",
	[SCREEN_CHOICE] = "choice",                [SCREEN_KEYBOARD] = "keyboard",
};

static const char *screen_name(const struct screen_view *v)
{
	if (v->unplugged)
		return "unplugged";
	return v->id < SCREEN_COUNT && names[v->id] ? names[v->id] : "screen";
}

/* Appends "-" and the first words of text to out (of len), in lower-case ASCII letters
 * and digits joined by '-': "Set 1 of 2 done" -> "-set-1-of-2-done". */
static void append_words(char *out, size_t len, const char *text, int words)
{
	size_t n = strlen(out);
	bool in_word = false;
	for (const char *c = text; *c && n + 2 < len; c++) {
		bool alnum = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9');
		if (alnum && !in_word && words-- == 0)
			break;
		if (alnum && !in_word)
			out[n++] = '-';
		if (alnum)
			out[n++] = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
		in_word = alnum;
	}
	out[n] = '\0';
}

void demo_shot_name(const struct screen_view *v, char name[DEMO_KEY_MAX])
{
	snprintf(name, DEMO_KEY_MAX, "%s", screen_name(v));
	size_t n = strlen(name);
	if (v->unplugged)
		return;
	if (v->id == SCREEN_QUESTION)
		append_words(name, DEMO_KEY_MAX, v->question.question, 6);
	else if (v->id == SCREEN_PAIN)
		append_words(name, DEMO_KEY_MAX, v->pain.question, 6);
	else if (v->id == SCREEN_SUMMARY)
		append_words(name, DEMO_KEY_MAX, v->summary.title, 6);
	else if (v->id == SCREEN_RAISES)
		snprintf(name + n, DEMO_KEY_MAX - n, "-set-%d%s", v->raises.set, v->raises.n_lower > 0 ? "-judged" : "");
	else if (v->id == SCREEN_HOLD)
		snprintf(name + n, DEMO_KEY_MAX - n, "-%d%s", v->hold.hold, v->hold.released ? "-released" : "");
	else if (v->id == SCREEN_HOPS && v->hops.n > 0)
		snprintf(name + n, DEMO_KEY_MAX - n, "-landed");
}

void demo_screen_key(const struct screen_view *v, char key[DEMO_KEY_MAX])
{
	const char *text = "";
	int n = 0;
	if (v->id == SCREEN_QUESTION)
		n = v->question.number;
	else if (v->id == SCREEN_PAIN)
		text = v->pain.question;
	else if (v->id == SCREEN_SUMMARY)
		text = v->summary.title;
	else if (v->id == SCREEN_RAISES) /* a set, then that set with its first verdict */
		n = v->raises.set * 2 + (v->raises.n_lower > 0);
	else if (v->id == SCREEN_HOLD) /* a hold, then that hold released with its verdict */
		n = v->hold.hold * 2 + v->hold.released;
	else if (v->id == SCREEN_HOPS) /* the hops, then with the first hop's figures */
		n = v->hops.n > 0;
	snprintf(key, DEMO_KEY_MAX, "%s %d %.60s", screen_name(v), n, text ? text : "");
}

static bool after(const struct demo_patient *d, double now_s, double wait_s)
{
	return d->fast || now_s - d->since_s >= wait_s;
}

static bool act(struct ui_action *out, enum ui_action_kind kind, int index)
{
	*out = (struct ui_action){ kind, index };
	return true;
}

bool demo_patient_act(struct demo_patient *d, const struct app *a, const struct screen_view *v, double now_s,
		      struct ui_action *out)
{
	char key[DEMO_KEY_MAX];
	demo_screen_key(v, key);
	if (strcmp(key, d->key) != 0) {
		snprintf(d->key, sizeof d->key, "%s", key);
		d->since_s = now_s;
	}
	if (v->unplugged)
		return false; /* wait for the plate */
	int answer = app_scripted_answer(a);
	switch (v->id) {
	case SCREEN_CHOOSE_PATIENT:
		if (v->choose.n == 0 || !after(d, now_s, READ_CHOOSE_S))
			return false;
	{
		/* never another patient: the demo's sessions would go into their history */
		int tile = app_choose_tile(a, DEMO_PATIENT_ID);
		return tile >= 0 && act(out, UI_ACT_SELECT, tile);
	}
	case SCREEN_QUESTION:
		if (!after(d, now_s, READ_QUESTION_S))
			return false;
		return act(out, answer == 1 ? UI_ACT_YES : UI_ACT_NO, 0);
	case SCREEN_PAIN:
		if (v->pain.selected != answer && answer >= 0 && after(d, now_s, READ_PAIN_S))
			return act(out, UI_ACT_DIGIT, answer);
		if (v->pain.selected >= 0 && after(d, now_s, READ_PAIN_S + CHOOSE_PAIN_S))
			return act(out, UI_ACT_NEXT, 0);
		return false;
	case SCREEN_SUMMARY:
		return after(d, now_s, READ_SUMMARY_S) && act(out, UI_ACT_NEXT, 0);
	case SCREEN_PIN: case SCREEN_PATIENT_LIST: case SCREEN_PATIENT_DETAIL: case SCREEN_GRAPHS:
	case SCREEN_FORCE_TRACE: case SCREEN_CHOICE: case SCREEN_KEYBOARD:
		return act(out, UI_ACT_BACK, 0); /* the physio's screens are not the demo's */
	default:
		return false; /* step on, exercise, rest: the plate's patient does them */
	}
}
