/* test_touch.c: the VISA-A and the plate's calibration driven by touch alone, as on a
 * kiosk with no keyboard: every input is an SDL finger press and release at the middle
 * of a button drawn on the offscreen screen, turned into an action by ui_event() as the
 * window loop does.
 *
 * VISA-A: the physio opens a patient and hands over; the patient answers the eight
 * questions (item 8 by its branch and duration), changes one from the review, and saves;
 * the store then holds the score computed by hand, with today's date, and the physio's
 * screen shows it. A patient whose last score is 28 days old or more, or who has none, is
 * offered it before the session; one scored 27 days ago is not.
 *
 * Calibration: on a simulated plate with masses put on as a calibration scenario says,
 * the physio calibrates from the patient list: zero, span with the masses typed on the
 * digit pad (a wrong mass is refused with the procedure's words and typed again), the
 * marks, verify. The saved file is the plate's, verified, made today, and measures as the
 * plate's truth; the result and its date are on the screen afterwards.
 *
 * Every screen met is saved as $TMPDIR/touch/NAME_WxH.png at 800x480 and 1920x1080. */
#include <limits.h>
#include <stdbool.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "calib.h"
#include "capture.h"
#include "check.h"
#include "dsp.h"
#include "pin.h"
#include "store.h"
#include "store_review.h"

static struct ui *small, *big;
static char shots[PATH_MAX];

static void shoot(const struct screen_view *v, const char *name)
{
	struct ui *uis[2] = { small, big };
	char path[PATH_MAX + 64];
	for (int i = 0; i < 2; i++) {
		screen_show(uis[i], v);
		snprintf(path, sizeof path, "%s/%s_%dx%d.png", shots, name, uis[i]->w, uis[i]->h);
		CHECK(ui_save_png(uis[i], path) == ST_OK, "%s", st_errmsg());
	}
}

/* The view, once a session that opens has opened. */
static struct screen_view view(struct app *a)
{
	for (int i = 0; i < 30000 && app_waiting(a); i++) {
		usleep(1000);
		app_tick(a, 10);
	}
	struct screen_view v;
	app_view(a, 0, &v);
	return v;
}

/* A finger down or up at the middle of r; each a second after the last (a tap sooner on
 * the same button would be a bounce). */
static SDL_Event finger(Uint32 type, const SDL_Rect *r, const struct ui *ui)
{
	static Uint32 clock_ms;
	SDL_Event e = { .type = type };
	e.tfinger.timestamp = clock_ms += 1000;
	e.tfinger.x = ((float)r->x + (float)r->w / 2) / (float)ui->w;
	e.tfinger.y = ((float)r->y + (float)r->h / 2) / (float)ui->h;
	return e;
}

/* Draws the app's screen and touches the button that sends (kind, index): the finger goes
 * down and up at its middle, and what ui_event() makes of that goes to the app. */
static int tap(struct app *a, enum ui_action_kind kind, int index)
{
	struct screen_view v = view(a);
	screen_show(small, &v);
	for (int i = 0; i < small->n_shown; i++) {
		if (small->shown[i].act.kind != kind || small->shown[i].act.index != index)
			continue;
		SDL_Event down = finger(SDL_FINGERDOWN, &small->shown[i].r, small),
			  up = finger(SDL_FINGERUP, &small->shown[i].r, small);
		struct ui_action got;
		REQUIRE(!ui_event(small, &down, &got) && ui_event(small, &up, &got),
			"screen %d: a touch on button %d,%d is an action", v.id, kind, index);
		REQUIRE(got.kind == kind && got.index == index, "screen %d: touched %d,%d, got %d,%d", v.id, kind, index,
			got.kind, got.index);
		return app_act(a, &got);
	}
	REQUIRE(false, "screen %d has no button sending %d,%d", v.id, kind, index);
	return ST_ERR_STATE;
}

static bool has_button(struct app *a, enum ui_action_kind kind, int index)
{
	struct screen_view v = view(a);
	screen_show(small, &v);
	for (int i = 0; i < small->n_shown; i++)
		if (small->shown[i].act.kind == kind && small->shown[i].act.index == index)
			return true;
	return false;
}

static void tap_digits(struct app *a, const char *digits)
{
	for (const char *c = digits; *c; c++)
		tap(a, UI_ACT_DIGIT, *c == '.' ? 10 : *c - '0');
}

/* The PIN, then the physio's name: PHYSIO, added on the letter keys the first time. */
#define PHYSIO "Tess"
static void open_physio(struct app *a)
{
	tap(a, UI_ACT_PHYSIO, 0);
	tap_digits(a, "2468");
	tap(a, UI_ACT_NEXT, 0);
	struct screen_view v = view(a);
	REQUIRE(v.id == SCREEN_PATIENT_LIST && v.patients.title, "the PIN asks who is deciding: screen %d", v.id);
	if (v.patients.n > 1 && strcmp(v.patients.rows[0].name, PHYSIO) == 0) {
		tap(a, UI_ACT_SELECT, 0);
	} else {
		tap(a, UI_ACT_NEXT, 0); /* Add name */
		for (const char *c = "TESS"; *c; c++)
			tap(a, UI_ACT_SELECT, *c);
		tap(a, UI_ACT_NEXT, 0);
	}
	v = view(a);
	REQUIRE(v.id == SCREEN_PATIENT_LIST && !v.patients.title, "then the patient list: screen %d", v.id);
}

/* Today's date by fmt, local or in UTC (a calibration's date is UTC). */
static void today(char *buf, size_t len, const char *fmt, bool utc)
{
	time_t now = time(NULL);
	struct tm tm;
	if (utc)
		gmtime_r(&now, &tm);
	else
		localtime_r(&now, &tm);
	strftime(buf, len, fmt, &tm);
}

/* ---- VISA-A ---- */

/* Answers the question on the screen by touch and goes on. */
static void answer(struct app *a, int choice, const char *shot)
{
	tap(a, UI_ACT_SELECT, choice);
	struct screen_view v = view(a);
	REQUIRE(v.id == SCREEN_VISA && v.visa.selected == choice, "answer %d chosen: screen %d", choice, v.id);
	if (shot)
		shoot(&v, shot);
	tap(a, UI_ACT_NEXT, 0);
}

static void visa_by_touch(const char *data_dir)
{
	struct app *a;
	struct app_params ap = { .data_dir = data_dir, .plate = "sim", .fast = true };
	REQUIRE(app_new(&ap, &a) == ST_OK, "%s", st_errmsg());
	open_physio(a);
	tap(a, UI_ACT_SELECT, 0); /* P-1 */
	struct screen_view v = view(a);
	REQUIRE(v.id == SCREEN_PATIENT_DETAIL && v.patient.visa, "detail: %d", v.id);
	CHECK(strcmp(v.patient.visa, "No VISA-A score yet") == 0, "no score yet: '%s'", v.patient.visa);
	tap(a, UI_ACT_VISA, 0);
	v = view(a);
	REQUIRE(v.id == SCREEN_VISA && v.visa.n == 11 && !v.visa.button, "question 1, 11 answers, no Next yet");
	CHECK(strcmp(v.visa.labels[0], "100") == 0 && strcmp(v.visa.labels[10], "0") == 0, "item 1 in minutes");
	CHECK(!has_button(a, UI_ACT_NEXT, 0), "no Next before an answer");
	answer(a, 3, "visa_item1");       /* 70 minutes of stiffness: 3 */
	answer(a, 6, "visa_item2");       /* 6 */
	answer(a, 8, NULL);               /* 8 */
	answer(a, 8, NULL);               /* 8 */
	answer(a, 5, NULL);               /* 5 */
	answer(a, 4, NULL);               /* 4 hops: 4 */
	answer(a, 1, "visa_item7");       /* modified training: 4 */
	answer(a, 2, NULL);               /* branch C, then back to change it */
	tap(a, UI_ACT_BACK, 0);
	v = view(a);
	CHECK(v.id == SCREEN_VISA && v.visa.n == 3 && v.visa.selected == 2, "back on the branch: n %d sel %d", v.visa.n,
	      v.visa.selected);
	answer(a, 1, "visa_item8");       /* branch B */
	v = view(a);
	CHECK(v.visa.n == 5 && v.visa.selected == -1 && strstr(v.visa.question, "does not stop"),
	      "B's durations, none chosen yet: '%s'", v.visa.question);
	answer(a, 2, "visa_item8_time");  /* 11-20 minutes in B: 10 */
	v = view(a);
	REQUIRE(v.id == SCREEN_VISA && v.visa.review, "the review: screen %d", v.id);
	shoot(&v, "visa_review");
	CHECK(strstr(v.visa.total, "Score 48 of 100"), "3+6+8+8+5+4+4+10 = 48: '%s'", v.visa.total);
	/* the review shows each answer as it was chosen, not its points (70 minutes is 3) */
	CHECK(strcmp(v.visa.labels[0], "1  Morning stiffness: 70 min") == 0 &&
		      strcmp(v.visa.labels[1], "2  Stretch on a step: 6/10") == 0 &&
		      strcmp(v.visa.labels[6], "7  Sport or activity: modified") == 0 &&
		      strcmp(v.visa.labels[7], "8  Training time (B): 11-20 min") == 0,
	      "the answers as chosen: '%s', '%s', '%s', '%s'", v.visa.labels[0], v.visa.labels[1], v.visa.labels[6],
	      v.visa.labels[7]);
	tap(a, UI_ACT_SELECT, 1); /* change item 2 from the review */
	v = view(a);
	CHECK(v.id == SCREEN_VISA && strstr(v.visa.title, "2 of 8") && v.visa.selected == 6, "item 2 again");
	tap(a, UI_ACT_SELECT, 7);
	tap(a, UI_ACT_NEXT, 0); /* "Done": straight back to the review */
	v = view(a);
	CHECK(v.visa.review && strstr(v.visa.total, "Score 49 of 100"), "changed to 49: '%s'", v.visa.total);
	tap(a, UI_ACT_NEXT, 0); /* Save */
	v = view(a);
	/* the patient holds the screen: the physio side is locked, not shown */
	REQUIRE(v.id == SCREEN_CHOOSE_PATIENT, "after the patient's VISA-A, the patients' screen: %d", v.id);
	open_physio(a);
	tap(a, UI_ACT_SELECT, 0); /* P-1 */
	v = view(a);
	REQUIRE(v.id == SCREEN_PATIENT_DETAIL, "the physio's patient after the PIN: %d", v.id);
	char day[32], want[64];
	today(day, sizeof day, "%e %b %Y", false);
	snprintf(want, sizeof want, "VISA-A 49/100 on %s", day[0] == ' ' ? day + 1 : day);
	CHECK(strcmp(v.patient.visa, want) == 0, "the physio sees '%s', want '%s'", v.patient.visa, want);
	shoot(&v, "patient_visa");
	app_free(a);

	struct store *s;
	struct patient p;
	REQUIRE(store_open(data_dir, &s) == ST_OK && store_patient_find(s, "P-1", &p) == ST_OK, "%s", st_errmsg());
	struct visa_score *list = NULL;
	size_t n = 0;
	CHECK(store_visa_list(s, p.id, &list, &n) == ST_OK && n == 1, "one score stored: %zu", n);
	if (n == 1) {
		static const int want_items[VISA_ITEMS] = { 3, 7, 8, 8, 5, 4, 4, 10 };
		CHECK(list[0].total == 49 && list[0].has_items && memcmp(list[0].items, want_items, sizeof want_items) == 0,
		      "stored total %d, items %d %d %d %d %d %d %d %d", list[0].total, list[0].items[0], list[0].items[1],
		      list[0].items[2], list[0].items[3], list[0].items[4], list[0].items[5], list[0].items[6],
		      list[0].items[7]);
		CHECK(labs((long)(time(NULL) - list[0].at)) < 60, "stored with the date: %ld s ago",
		      (long)(time(NULL) - list[0].at));
	}
	free(list);
	store_close(s);
}

/* Offered before the session when the last score is 28 days old or none. */
static void visa_offered(const char *data_dir)
{
	struct store *s;
	int64_t old, recent;
	time_t now = time(NULL);
	REQUIRE(store_open(data_dir, &s) == ST_OK, "%s", st_errmsg());
	CHECK(store_patient_add(s, "P-2", "Wendy Longbottom", SIDE_LEFT, 2, &old) == ST_OK, "%s", st_errmsg());
	CHECK(store_patient_add(s, "P-3", "", SIDE_LEFT, 2, &recent) == ST_OK, "%s", st_errmsg());
	CHECK(store_visa_add(s, old, now - 28 * 86400 - 60, NULL, 60) == ST_OK, "%s", st_errmsg());
	CHECK(store_visa_add(s, recent, now - 27 * 86400, NULL, 60) == ST_OK, "%s", st_errmsg());
	store_close(s);
	struct app *a;
	struct app_params ap = { .data_dir = data_dir, .plate = "sim", .fast = true };
	REQUIRE(app_new(&ap, &a) == ST_OK, "%s", st_errmsg());
	/* the choose screen lists P-1, P-2, P-3 */
	tap(a, UI_ACT_SELECT, 1);
	struct screen_view v = view(a);
	REQUIRE(v.id == SCREEN_QUESTION && v.question.number == 0 && strstr(v.question.question, "VISA-A"),
		"28 days on: the VISA-A is offered first (screen %d)", v.id);
	CHECK(v.question.title && strstr(v.question.title, "Wendy L.") && !strstr(v.question.title, "Longbottom"),
	      "the offer names the patient as the patients' screen does, never in full: '%s'", v.question.title);
	shoot(&v, "visa_offer");
	tap(a, UI_ACT_YES, 0);
	v = view(a);
	CHECK(v.id == SCREEN_VISA && strstr(v.visa.title, "1 of 8"), "Yes: question 1 (screen %d)", v.id);
	tap(a, UI_ACT_BACK, 0); /* leaves the questionnaire unsaved: on to the session */
	v = view(a);
	CHECK(v.id == SCREEN_QUESTION && v.question.number == 1, "then the session's first question: %d %d", v.id,
	      v.question.number);
	app_free(a); /* the station restarted: on the choose screen again */
	REQUIRE(app_new(&ap, &a) == ST_OK, "%s", st_errmsg());
	tap(a, UI_ACT_SELECT, 2); /* P-3, scored 27 days ago */
	v = view(a);
	CHECK(v.id == SCREEN_QUESTION && v.question.number == 1, "27 days: no offer, the session (%d %d)", v.id,
	      v.question.number);
	app_free(a);
}

/* ---- calibration ---- */

#define SERIAL "SIM-0777"
/* The masses as the operator puts them on; the first stays long enough to be measured
 * again after a wrongly typed mass. */
static const char scenario[] =
	"serial " SERIAL "\nseed 7\nnoise 0.3\nhum 50 0.5\nempty 6\n"
	"place left 10 seconds=16\nplace left 25 seconds=6\n"
	"place right 10 seconds=6\nplace right 25 seconds=6\n"
	"place left 12 at -80 150\nplace left 12 at 80 150\nplace left 12 at -80 -150\nplace left 12 at 80 -150\n"
	"place left 12 at 0 0\n"
	"place right 12 at -80 150\nplace right 12 at 80 150\nplace right 12 at -80 -150\nplace right 12 at 80 -150\n"
	"place right 12 at 0 0\n"
	"place left 20\nplace right 20\nempty 2\n";

/* What the operator does at each question: a mass typed then Measure, the second button
 * (Done adding / the same mass), or Measure alone. */
static const char *const script[] = {
	"measure",                                       /* zero */
	"30", "10", "25", "second",                      /* left span: 30 is wrong, refused */
	"10", "25", "second",                            /* right span */
	"12", "second", "second", "second", "second",    /* left marks */
	"second", "second", "second", "second", "second", /* right marks */
	"20", "second",                                  /* verify */
};

/* An app on a simulated plate playing plate_scenario (written to *plate_file), on the
 * calibration screen as the physio opens it. */
static struct app *calibration_app(const char *data_dir, const char *plate_scenario, char **plate_file)
{
	char spec[PATH_MAX + 8];
	*plate_file = temp_file_with("touch-calibrate.sim", plate_scenario);
	snprintf(spec, sizeof spec, "sim:%s", *plate_file);
	struct app *a;
	struct app_params ap = { .data_dir = data_dir, .plate = spec, .fast = true };
	REQUIRE(app_new(&ap, &a) == ST_OK, "%s", st_errmsg());
	open_physio(a);
	tap(a, UI_ACT_CALIBRATE, 0);
	return a;
}

/* Every line drawn on ui's last frame, joined by spaces (wrapped text comes back whole). */
static const char *drawn_words(const struct ui *ui)
{
	static char words[UI_MAX_TEXTS * 130];
	size_t n = 0;
	words[0] = '\0';
	for (int i = 0; i < ui->n_texts && n < sizeof words; i++)
		n += (size_t)snprintf(words + n, sizeof words - n, "%s%s", n ? " " : "", ui->texts_drawn[i].s);
	return words;
}

/* A question of the calibration drawn at both sizes: at every span, mark and verify step the
 * picture of the plate to load (its name and its marks' labels), beside the instruction and
 * the procedure's message whole, no text over another. */
static void check_step_drawn(const struct screen_view *v, const char *name)
{
	const struct view_calibrate *c = &v->calibrate;
	struct ui *uis[2] = { small, big };
	for (int k = 0; k < 2; k++) {
		struct ui *ui = uis[k];
		screen_show(ui, v);
		const char *words = drawn_words(ui);
		bool loaded = strstr(c->title, "span") || strstr(c->title, "marks") || strstr(c->title, "verify");
		if (loaded && c->plate >= 0)
			CHECK(strstr(words, c->plate ? "RIGHT plate" : "LEFT plate") && strstr(words, "front") &&
				      strstr(words, "rear") && strstr(words, "centre"),
			      "%s %dx%d: no picture of the plate to load: %s", name, ui->w, ui->h, words);
		/* (the readings opened show in place of the words) */
		CHECK(!c->instruction || c->refused || c->readings_open || strstr(words, c->instruction),
		      "%s %dx%d: the instruction cut: %s", name, ui->w, ui->h, words);
		CHECK(!c->message || c->readings_open || strstr(words, c->message), "%s %dx%d: the message cut: %s", name,
		      ui->w, ui->h, words);
		int clashes = 0;
		for (int i = 0; i < ui->n_texts; i++)
			for (int j = 0; j < i; j++) {
				SDL_Rect x, a = ui->texts_drawn[i].r, b = ui->texts_drawn[j].r;
				/* glyph boxes have some air, as test_screens allows */
				bool clash = SDL_IntersectRect(&a, &b, &x) && x.w > 3 * ui->u / 10 && x.h > 6 * ui->u / 10;
				if (clash && clashes++ == 0)
					CHECK(false, "%s %dx%d: '%s' over '%s'", name, ui->w, ui->h, ui->texts_drawn[i].s,
					      ui->texts_drawn[j].s);
			}
		CHECK(clashes == 0, "%s %dx%d: %d texts over others", name, ui->w, ui->h, clashes);
	}
}

/* The left plate's verification: it asks for another known mass than the marks' and offers
 * none again; the COP errors of the marks just measured are summed up on it, and a touch on
 * the words shows each mark's, both plates, as the terminal prints them (the pad back on
 * a second touch). */
static void verify_left(struct app *a)
{
	struct screen_view v = view(a);
	CHECK(strstr(v.calibrate.title, "verify") && !v.calibrate.second && !has_button(a, UI_ACT_YES, 0),
	      "the left verification offers no mass again (the marks' was %s)", v.calibrate.second);
	CHECK(v.calibrate.message && strstr(v.calibrate.message, "COP error at most ") && v.calibrate.readings &&
		      !v.calibrate.readings_open,
	      "the marks' COP errors summed up: '%s'", v.calibrate.message ? v.calibrate.message : "");
	tap(a, UI_ACT_SELECT, 0);
	v = view(a);
	REQUIRE(v.calibrate.readings_open && !v.calibrate.pad, "a touch on the words opens the readings");
	shoot(&v, "calibrate_readings_cop");
	check_step_drawn(&v, "calibrate_readings_cop");
	int rows = 0;
	for (int k = 0; k < 2; k++) {
		const char *words = drawn_words(k ? big : small);
		for (const char *side = "left"; side; side = strcmp(side, "left") == 0 ? "right" : NULL) {
			char key[32];
			snprintf(key, sizeof key, "%s front-left", side);
			const char *row = strstr(words, key);
			double e[5];
			bool whole = row && sscanf(row + strlen(side), " front-left %lf front-right %lf rear-left %lf "
								       "rear-right %lf centre %lf",
						   &e[0], &e[1], &e[2], &e[3], &e[4]) == 5;
			rows += whole;
			for (int m = 0; whole && m < 5; m++)
				CHECK(e[m] >= 0 && e[m] < 2, "%s mark %d: COP error %.2f mm", side, m, e[m]);
		}
		CHECK(strstr(words, "COP error at each mark, mm"), "the terminal's heading: %s", words);
	}
	CHECK(rows == 4, "each mark's COP error, left and right, drawn at both sizes: %d rows of 4", rows);
	tap(a, UI_ACT_SELECT, 0);
	v = view(a);
	CHECK(!v.calibrate.readings_open && v.calibrate.pad, "a second touch: the pad again");
}

static void calibrate_by_touch(const char *data_dir, const char *xdg)
{
	char *plate_file;
	struct app *a = calibration_app(data_dir, scenario, &plate_file);
	struct screen_view v = view(a);
	REQUIRE(v.id == SCREEN_CALIBRATE && v.calibrate.message, "the calibration screen: %d", v.id);
	CHECK(strstr(v.calibrate.message, "no calibration yet"), "a new plate: '%s'", v.calibrate.message);
	CHECK(v.calibrate.caution && !v.calibrate.refused, "a plate without a calibration is a warning, not good news");
	shoot(&v, "calibrate_intro");
	tap(a, UI_ACT_NEXT, 0); /* Start */
	size_t step = 0, n_script = sizeof script / sizeof script[0];
	bool refused_seen = false, mark_seen = false, empty_refused = false;
	for (int ticks = 0; ticks < 200000; ticks++) {
		CHECK(app_tick(a, 10) == ST_OK, "tick: %s", st_errmsg());
		v = view(a);
		if (v.id != SCREEN_CALIBRATE || (v.calibrate.button && strcmp(v.calibrate.button, "Finish") == 0))
			break;
		if (!v.calibrate.button || strcmp(v.calibrate.button, "Measure") != 0)
			continue; /* measuring; or "Measure again", which the script has no need of */
		REQUIRE(step < n_script, "more questions than the script: '%s'", v.calibrate.instruction);
		if (step == 2) { /* after 30 kg typed for the 10 kg on the plate */
			CHECK(v.calibrate.refused && v.calibrate.message &&
				      strstr(v.calibrate.message, "NOT ACCEPTED: the left plate reads about ") &&
				      strstr(v.calibrate.message, "not 30 kg"),
			      "the wrong mass refused in the procedure's words: '%s'",
			      v.calibrate.message ? v.calibrate.message : "");
			refused_seen = true;
			shoot(&v, "calibrate_refused");
			/* Measure with nothing typed: asked for the mass, nothing measured */
			tap(a, UI_ACT_NEXT, 0);
			struct screen_view e = view(a);
			empty_refused = e.calibrate.refused && strstr(e.calibrate.message, "Type the mass") &&
					strcmp(e.calibrate.button, "Measure") == 0;
		}
		if (step == 9 && v.calibrate.plate == 0 && v.calibrate.mark_x_mm == 80 && v.calibrate.mark_y_mm == 150) {
			mark_seen = true; /* the picture shows the front-right mark of the left plate */
			shoot(&v, "calibrate_mark");
		}
		if (step == 1)
			shoot(&v, "calibrate_span");
		char shot[32];
		snprintf(shot, sizeof shot, "calibrate_q%02zu", step);
		shoot(&v, shot);
		check_step_drawn(&v, shot);
		if (step == 18)
			verify_left(a);
		if (step == 19) /* the left verification's reading, in one line (the procedure's brief) */
			CHECK(v.calibrate.message && strstr(v.calibrate.message, "Left plate: 20 kg, error ") &&
				      strstr(v.calibrate.message, "mm off centre. Touch: all figures."),
			      "the left verification in one line: '%s'", v.calibrate.message ? v.calibrate.message : "");
		if (step == 19)
			CHECK(v.calibrate.second && strcmp(v.calibrate.second, "Same 20 kg") == 0,
			      "the right plate's verification offers the left's 20 kg, moved across: '%s'",
			      v.calibrate.second ? v.calibrate.second : "(none)");
		const char *s = script[step++];
		if (strcmp(s, "second") == 0) {
			tap(a, UI_ACT_YES, 0);
		} else {
			if (strcmp(s, "measure") != 0) {
				tap_digits(a, s);
				CHECK(strcmp(view(a).calibrate.mass, s) == 0, "typed '%s', shown '%s'", s, view(a).calibrate.mass);
			}
			tap(a, UI_ACT_NEXT, 0);
		}
	}
	CHECK(refused_seen && empty_refused && mark_seen, "refused %d, empty refused %d, mark pictured %d", refused_seen,
	      empty_refused, mark_seen);
	v = view(a);
	REQUIRE(v.id == SCREEN_CALIBRATE && v.calibrate.message, "a result: screen %d", v.id);
	shoot(&v, "calibrate_done");
	char day[16], want[96];
	today(day, sizeof day, "%d %b %Y", true);
	snprintf(want, sizeof want, "Saved. Plate %s calibrated %s by " PHYSIO ", verified", SERIAL, day);
	today(day, sizeof day, "%Y-%m-%d", true); /* as the file has it */
	CHECK(step == n_script && strstr(v.calibrate.message, want), "after %zu of %zu answers: '%s'", step, n_script,
	      v.calibrate.message);
	CHECK(!v.calibrate.caution && !v.calibrate.refused, "a saved calibration is good news");
	tap(a, UI_ACT_NEXT, 0); /* Finish */
	CHECK(view(a).id == SCREEN_PATIENT_LIST, "back to the physio's list: %d", view(a).id);
	app_free(a);

	char path[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s/station/calibration/%s.json", xdg, SERIAL);
	struct calibration cal, truth;
	REQUIRE(calib_load_file(path, &cal) == ST_OK, "the saved calibration %s: %s", path, st_errmsg());
	struct stat st;
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "mode %o", (unsigned)(st.st_mode & 0777));
	CHECK(strcmp(cal.serial, SERIAL) == 0 && cal.rec.verified && strncmp(cal.created_utc, day, 10) == 0 &&
		      strcmp(cal.operator_name, PHYSIO) == 0,
	      "serial %s, verified %d, made %s by %s", cal.serial, cal.rec.verified, cal.created_utc, cal.operator_name);
	CHECK(cal.rec.span[0].n == 2 && cal.rec.span[0].mass_kg[0] == 10 && cal.rec.span[0].mass_kg[1] == 25,
	      "the left span kept 10 and 25 kg, not the refused 30: %d masses", cal.rec.span[0].n);
	/* each plate's gain against the simulator's truth (the sum of its four cells') */
	sim_calibration(SERIAL, &truth);
	for (int side = 0; side < 2; side++) {
		double got = 0, want_g = 0;
		for (int k = 0; k < 4; k++) {
			got += 1 / cal.ch[side * 4 + k].newtons_per_count;
			want_g += 1 / truth.ch[side * 4 + k].newtons_per_count;
		}
		CHECK(fabs(got / want_g - 1) < 0.005, "plate %d: counts per newton %.4f of the truth's", side, got / want_g);
	}
	unlink(plate_file);
	free(plate_file);
}

/* Masses typed that are not on a straight line (36 kg typed for 40 on the plate): the span
 * is refused, and the screen gives the procedure's whole refusal, why and what to do, as a
 * refusal (it showed only its last line, 'Take the weights off...', as if all was well). */
static void calibrate_not_linear(const char *data_dir)
{
	char *plate_file;
	struct app *a = calibration_app(data_dir,
					"serial SIM-0779\nseed 3\nnoise 0.3\nempty 6\nplace left 10 seconds=6\n"
					"place left 25 seconds=6\nplace left 40 seconds=6\nempty 30\n",
					&plate_file);
	tap(a, UI_ACT_NEXT, 0); /* Start */
	static const char *const answers[] = { "measure", "10", "25", "36", "second" };
	size_t step = 0;
	struct screen_view v;
	for (int ticks = 0; ticks < 200000 && step < 5; ticks++) {
		REQUIRE(app_tick(a, 10) == ST_OK, "tick: %s", st_errmsg());
		v = view(a);
		if (!v.calibrate.button || strcmp(v.calibrate.button, "Measure") != 0 ||
		    (step < 4 && step > 0 && !v.calibrate.pad))
			continue;
		const char *s = answers[step++];
		if (strcmp(s, "second") == 0) {
			tap(a, UI_ACT_YES, 0);
			continue;
		}
		if (strcmp(s, "measure") != 0)
			tap_digits(a, s);
		tap(a, UI_ACT_NEXT, 0);
	}
	v = view(a);
	REQUIRE(step == 5 && v.id == SCREEN_CALIBRATE && v.calibrate.message, "the span ended: step %zu", step);
	CHECK(v.calibrate.refused && strstr(v.calibrate.message, "NOT ACCEPTED: the left plate's readings are not on a "
								  "straight line") &&
		      strstr(v.calibrate.message, "Take the weights off the left plate and start its span again."),
	      "the whole refusal, as one: '%s'", v.calibrate.message);
	shoot(&v, "calibrate_not_linear");
	app_free(a);
	unlink(plate_file);
	free(plate_file);
}

/* Ticks the app until its calibration screen's primary button reads button. */
static struct screen_view until_button(struct app *a, const char *button)
{
	struct screen_view v = view(a);
	for (int ticks = 0; ticks < 200000 && !(v.calibrate.button && strcmp(v.calibrate.button, button) == 0);
	     ticks++) {
		REQUIRE(app_tick(a, 10) == ST_OK, "tick: %s", st_errmsg());
		v = view(a);
	}
	REQUIRE(v.calibrate.button && strcmp(v.calibrate.button, button) == 0, "no '%s' button came", button);
	return v;
}

/* A reading refused to be measured again ("Measure again": nothing on the plate changed
 * after 10 kg was typed) keeps the picture of where the mass goes; Back then stops the
 * calibration: nothing saved, the screen says so in the procedure's words. */
static void calibrate_stopped(const char *data_dir)
{
	char *plate_file;
	struct app *a = calibration_app(data_dir, "serial SIM-0778\nempty 60\n", &plate_file);
	tap(a, UI_ACT_NEXT, 0); /* Start */
	until_button(a, "Measure");
	tap(a, UI_ACT_NEXT, 0); /* the zero */
	struct screen_view v = view(a);
	for (int ticks = 0; ticks < 200000 && !v.calibrate.pad; ticks++) {
		REQUIRE(app_tick(a, 10) == ST_OK, "tick: %s", st_errmsg());
		v = view(a);
	}
	tap_digits(a, "10");
	tap(a, UI_ACT_NEXT, 0);
	v = until_button(a, "Measure again");
	CHECK(v.calibrate.refused && v.calibrate.message && strstr(v.calibrate.message, "nothing changed"),
	      "refused, to measure again: '%s'", v.calibrate.message ? v.calibrate.message : "");
	CHECK(v.calibrate.plate == 0 && v.calibrate.mark_x_mm == 0 && v.calibrate.mark_y_mm == 0,
	      "the picture of the left plate's centre stays: plate %d", v.calibrate.plate);
	shoot(&v, "calibrate_retry");
	check_step_drawn(&v, "calibrate_retry");
	tap(a, UI_ACT_BACK, 0); /* stop */
	v = view(a);
	CHECK(v.id == SCREEN_CALIBRATE && v.calibrate.refused && v.calibrate.message &&
		      strstr(v.calibrate.message, "stopped by the operator; nothing was saved"),
	      "stopped: '%s'", v.calibrate.message ? v.calibrate.message : "");
	shoot(&v, "calibrate_stopped");
	tap(a, UI_ACT_NEXT, 0);
	CHECK(view(a).id == SCREEN_PATIENT_LIST, "back to the list: %d", view(a).id);
	app_free(a);
	unlink(plate_file);
	free(plate_file);
}

int main(void)
{
	char *dir = temp_path("touch-data"), xdg[PATH_MAX];
	snprintf(xdg, sizeof xdg, "%s/xdg", dir);
	const char *tmp = getenv("TMPDIR");
	snprintf(shots, sizeof shots, "%s/touch", tmp ? tmp : "/tmp");
	mkdir(shots, 0700);
	mkdir(dir, 0700);
	setenv("XDG_DATA_HOME", xdg, 1);
	REQUIRE(dsp_init(getenv("STATION_FFTW_WISDOM")) == ST_OK && ui_open_offscreen(800, 480, &small) == ST_OK &&
			ui_open_offscreen(1920, 1080, &big) == ST_OK,
		"%s", st_errmsg());
	struct store *s;
	int64_t id;
	REQUIRE(store_open(dir, &s) == ST_OK && store_patient_add(s, "P-1", "", SIDE_RIGHT, 2, &id) == ST_OK, "%s",
		st_errmsg());
	store_close(s);
	REQUIRE(pin_set(dir, "2468") == ST_OK, "%s", st_errmsg());
	visa_by_touch(dir);
	visa_offered(dir);
	calibrate_by_touch(dir, xdg);
	calibrate_not_linear(dir);
	calibrate_stopped(dir);
	ui_close(small);
	ui_close(big);
	dsp_shutdown();
	remove_tree(dir);
	free(dir);
	return check_summary();
}
