/* test_physio_screens.c: the physio's side driven as a physio would, by touches and keys
 * injected into the offscreen screen (each tap finds its button on the frame drawn, and
 * goes through ui_event() as a press and release at its centre):
 * - a fresh station asks for a PIN first, with no PIN shown on the pad;
 * - the first physio adds their name on the letter keys; decisions (a confirmed
 *   suggestion, a phase set) ask once ("Move P1 to phase 3?"), a No saves nothing, a Yes
 *   is recorded in the store with that name and the screen says what was saved;
 * - the patient screen shows the involved side, the pain trend, the VISA-A and sessions
 *   that came too close together to count; a touch on the suggestion opens every reason
 *   in full;
 * - Report writes the PDF under exports/ (0600) and pdftotext finds the patient in it;
 * - the PIN is changed on the screen (typed twice; two different PINs change nothing);
 * - the physio screens (the calibration opened from them too) lock after the idle time
 *   set (an injected clock, no sleeping), and a touch on a locked screen only wakes it;
 * - any set of any session opens (choose the session, then the set), with its reps
 *   marked inside the recording.
 * Screens are saved as $TMPDIR/physio/NAME_WxH.png for looking at. */
#include <limits.h>
#include <math.h>
#include <png.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analysis.h"
#include "app.h"
#include "calib.h"
#include "capture.h"
#include "check.h"
#include "convert.h"
#include "dsp.h"
#include "history_fixture.h"
#include "pdf_text.h"
#include "patient_suggestion.h"
#include "physio_names.h"
#include "pin.h"
#include "review.h"
#include "store.h"
#include "store_review.h"

static struct ui *small, *big;
static char shots[PATH_MAX];
static double fake_now; /* the app's clock for the idle lock */

static double fake_clock(void)
{
	return fake_now;
}

static void view(struct app *a, struct screen_view *v)
{
	app_view(a, fake_now, v);
}

static void shoot(struct app *a, const char *name)
{
	struct screen_view v;
	view(a, &v);
	char path[PATH_MAX + 64];
	struct ui *uis[2] = { small, big };
	for (int i = 0; i < 2; i++) {
		screen_show(uis[i], &v);
		snprintf(path, sizeof path, "%s/%s_%dx%d.png", shots, name, uis[i]->w, uis[i]->h);
		CHECK(ui_save_png(uis[i], path) == ST_OK, "%s", st_errmsg());
	}
}

/* Draws the screen of now, then feeds the event to it; returns the app's answer (or
 * ST_ERR_NOT_FOUND when the event meant nothing there). */
static int feed(struct app *a, const SDL_Event *ev)
{
	struct screen_view v;
	view(a, &v);
	screen_show(small, &v);
	struct ui_action act;
	if (!ui_event(small, ev, &act))
		return ST_ERR_NOT_FOUND;
	return app_act(a, &act);
}

/* A finger on the button that sends (kind, index) on the screen as drawn now. */
/* The events' clock, one for taps and keys as on a real screen: a second between events
 * (sooner on the same button is a bounce, and after the act that changed the screen it
 * is too soon: UI_SETTLE_MS). */
static Uint32 clock_ms;

static int tap(struct app *a, enum ui_action_kind kind, int index)
{
	struct screen_view v;
	view(a, &v);
	screen_show(small, &v);
	for (int i = 0; i < small->n_shown; i++) {
		const struct ui_target *t = &small->shown[i];
		if (t->act.kind != kind || t->act.index != index)
			continue;
		SDL_Event e = { .type = SDL_FINGERDOWN };
		e.tfinger.timestamp = clock_ms += 1000;
		e.tfinger.x = (float)(t->r.x + t->r.w / 2) / (float)small->w;
		e.tfinger.y = (float)(t->r.y + t->r.h / 2) / (float)small->h;
		struct ui_action act;
		ui_event(small, &e, &act);
		e.type = SDL_FINGERUP;
		REQUIRE(ui_event(small, &e, &act) && act.kind == kind && act.index == index, "the tap maps to %d/%d", kind,
			index);
		return app_act(a, &act);
	}
	REQUIRE(false, "no button sending %d/%d on screen %d", kind, index, v.id);
	return ST_ERR_NOT_FOUND;
}

/* A key press, a second after the last event. */
static int key(struct app *a, SDL_Keycode sym)
{
	SDL_Event e = { .type = SDL_KEYDOWN };
	e.key.keysym.sym = sym;
	e.key.timestamp = clock_ms += 1000;
	return feed(a, &e);
}

/* Some line drawn on the small screen, as it is now, holds text. */
static bool drawn(struct app *a, const char *text)
{
	struct screen_view v;
	view(a, &v);
	screen_show(small, &v);
	for (int i = 0; i < small->n_texts; i++)
		if (strstr(small->texts_drawn[i].s, text))
			return true;
	return false;
}

/* On a list as drawn now at 800x480, every text under the title lies inside its row
 * (a detail that wrapped spilled out of it); returns how many do not. */
static int texts_out_of_rows(struct app *a)
{
	struct screen_view v;
	view(a, &v);
	screen_show(small, &v);
	int out = 0;
	for (int i = 0; i < small->n_texts; i++) {
		SDL_Rect t = small->texts_drawn[i].r, x;
		bool in = t.y < ui_px(small, 7.5);
		for (int k = 0; k < small->n_shown && !in; k++)
			in = small->shown[k].act.kind == UI_ACT_SELECT && SDL_IntersectRect(&t, &small->shown[k].r, &x) &&
			     SDL_RectEquals(&t, &x);
		out += !in;
	}
	return out;
}

/* A PIN typed on the keyboard's digits, then Enter. */
static void type_pin(struct app *a, const char *pin)
{
	for (const char *c = pin; *c; c++)
		key(a, SDLK_0 + (*c - '0'));
	key(a, SDLK_RETURN);
}

/* A name on the letter keys, capitals and all as the screen sends them. */
static void type_name(struct app *a, const char *name)
{
	for (const char *c = name; *c; c++)
		tap(a, UI_ACT_SELECT, *c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c);
}

static struct app *new_app(const char *dir, double lock_s)
{
	struct app *a = NULL;
	struct app_params ap = { .data_dir = dir, .plate = "sim", .fast = true, .physio_lock_s = lock_s,
				 .clock_s = fake_clock };
	REQUIRE(app_new(&ap, &a) == ST_OK, "%s", st_errmsg());
	return a;
}

/* A station on dir (PIN 2468 set) with Anna Berg logged in: the patient list shown. */
static struct app *anna_logged_in(const char *dir)
{
	struct physio_names names = { 0 };
	REQUIRE(physio_names_add(dir, &names, "Anna Berg") == ST_OK, "%s", st_errmsg());
	struct app *a = new_app(dir, 0);
	tap(a, UI_ACT_PHYSIO, 0);
	type_pin(a, "2468");
	tap(a, UI_ACT_SELECT, 0); /* Anna Berg */
	return a;
}

/* Row i of the list on screen is named name. */
static bool row_is(struct app *a, int i, const char *name)
{
	struct screen_view v;
	view(a, &v);
	return v.id == SCREEN_PATIENT_LIST && i < v.patients.n && strcmp(v.patients.rows[i].name, name) == 0;
}

/* The patient's phase decisions as stored. */
static size_t decisions(const char *dir, const char *patient, struct phase_change **out, int *phase)
{
	struct store *s;
	struct patient p;
	size_t n = 0;
	REQUIRE(store_open(dir, &s) == ST_OK && store_patient_find(s, patient, &p) == ST_OK, "%s", st_errmsg());
	REQUIRE(store_phase_changes(s, p.id, out, &n) == ST_OK, "%s", st_errmsg());
	*phase = p.phase;
	store_close(s);
	return n;
}

/* A fresh station: the PIN first, a name, then decisions asked once and recorded with
 * the name; the report; the PIN changed. */
static void pin_name_decisions(void)
{
	char *dir = temp_path("physio-decide");
	struct store *s;
	REQUIRE(store_open(dir, &s) == ST_OK, "%s", st_errmsg());
	store_close(s);
	struct app *a = new_app(dir, 0);
	struct screen_view v;
	/* a station with no PIN and no patient: the physio button asks for a new PIN */
	tap(a, UI_ACT_PHYSIO, 0);
	view(a, &v);
	REQUIRE(v.id == SCREEN_PIN && strcmp(v.pin.prompt, "Choose a physio PIN") == 0, "a new PIN first: %d", v.id);
	CHECK(!v.pin.hint || !strpbrk(v.pin.hint, "0123456789") || strstr(v.pin.hint, "4 to 8"),
	      "the pad shows no PIN: '%s'", v.pin.hint ? v.pin.hint : "");
	type_pin(a, "8642");
	type_pin(a, "8642");
	view(a, &v);
	REQUIRE(v.id == SCREEN_PATIENT_LIST && v.patients.title && v.patients.n == 1 && pin_state(dir) == PIN_SET,
		"the PIN set, then who is deciding: id %d", v.id);
	shoot(a, "who_empty");
	/* no names yet: add one on the letter keys */
	tap(a, UI_ACT_NEXT, 0);
	view(a, &v);
	REQUIRE(v.id == SCREEN_KEYBOARD, "letter keys: %d", v.id);
	/* a capital after "O'", and "Aa" for the next letter's other case */
	type_name(a, "o'neill mc");
	tap(a, UI_ACT_SELECT, VIEW_KEY_CASE);
	view(a, &v);
	CHECK(v.keyboard.other_case, "Aa pending shown");
	type_name(a, "kay d'");
	tap(a, UI_ACT_SELECT, VIEW_KEY_CASE);
	type_name(a, "a");
	view(a, &v);
	CHECK(strcmp(v.keyboard.text, "O'Neill McKay D'a") == 0 && !v.keyboard.other_case, "typed '%s'", v.keyboard.text);
	shoot(a, "keyboard_case");
	for (size_t i = strlen(v.keyboard.text); i > 0; i--)
		tap(a, UI_ACT_DELETE, 0);
	type_name(a, "anna  berg");
	tap(a, UI_ACT_SELECT, 'X');
	tap(a, UI_ACT_DELETE, 0);
	view(a, &v);
	CHECK(strcmp(v.keyboard.text, "Anna Berg") == 0, "typed '%s'", v.keyboard.text);
	shoot(a, "keyboard");
	tap(a, UI_ACT_NEXT, 0);
	view(a, &v);
	REQUIRE(v.id == SCREEN_PATIENT_LIST && !v.patients.title, "the name taken: the patients: %d", v.id);
	struct physio_names names;
	CHECK(physio_names_load(dir, &names) == ST_OK && names.n == 1 && strcmp(names.names[0], "Anna Berg") == 0,
	      "the station keeps the name: %zu", names.n);
	char path[PATH_MAX + 32];
	struct stat sb;
	snprintf(path, sizeof path, "%s/" PHYSIO_NAMES_FILE, dir);
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 077) == 0, "the names file is private: %o", sb.st_mode & 0777);
	app_free(a);

	/* a patient with a phase change waiting; a second physio on the list */
	REQUIRE(store_open(dir, &s) == ST_OK && history_fixture_review(s, "P1", "H1") == ST_OK, "%s", st_errmsg());
	store_close(s);
	CHECK(physio_names_add(dir, &names, "ben o'neil") == ST_OK && physio_names_add(dir, &names, " Anna berg ") ==
									      ST_ERR_ARG,
	      "a second name; the first again is refused");
	a = new_app(dir, 0);
	tap(a, UI_ACT_PHYSIO, 0);
	view(a, &v);
	CHECK(v.id == SCREEN_PIN && !v.pin.hint, "the PIN pad, no hint of a PIN");
	type_pin(a, "8642");
	REQUIRE(row_is(a, 0, "Anna Berg") && row_is(a, 1, "ben o'neil") && row_is(a, 2, "Change the PIN"),
		"the physios to pick from");
	shoot(a, "who");
	tap(a, UI_ACT_SELECT, 0); /* Anna Berg */
	REQUIRE(row_is(a, 0, "Hopper") && row_is(a, 1, "Fixture, \"Pat\""), "the patients: H1, P1");
	/* a patient who stays: the suggestion says so with its reasons, nothing to confirm */
	tap(a, UI_ACT_SELECT, 0);
	view(a, &v);
	CHECK(v.id == SCREEN_PATIENT_DETAIL && v.patient.suggestion && strcmp(v.patient.suggestion, "Stay in phase 4") == 0 &&
		      !v.patient.decide && v.patient.n_reasons >= 1 && drawn(a, "Stay in phase 4") && !drawn(a, "Confirm"),
	      "H1 stays in phase 4, saying why: '%s'", v.id == SCREEN_PATIENT_DETAIL && v.patient.suggestion ? v.patient.suggestion : "");
	shoot(a, "patient_stays");
	tap(a, UI_ACT_SELECT, 1);
	shoot(a, "patient_stays_reasons");
	tap(a, UI_ACT_BACK, 0);
	tap(a, UI_ACT_BACK, 0);
	tap(a, UI_ACT_SELECT, 1);
	view(a, &v);
	REQUIRE(v.id == SCREEN_PATIENT_DETAIL && v.patient.suggestion && v.patient.phase == 2, "P1 with a suggestion");
	CHECK(v.patient.facts && strstr(v.patient.facts, "Involved: left") && strstr(v.patient.facts, "pain during ") &&
		      v.patient.visa && strstr(v.patient.visa, "VISA-A 75/100"),
	      "side, pain trend: '%s'; VISA-A: '%s'", v.patient.facts ? v.patient.facts : "",
	      v.patient.visa ? v.patient.visa : "");
	shoot(a, "patient");
	/* the reasons: shortened beside the buttons; a touch on them opens every one in full
	 * (as the progression code gives them), Back closes them */
	CHECK(v.patient.n_reasons == 2 && !v.patient.reasons_open && v.patient.briefs[0] &&
		      strlen(v.patient.briefs[0]) < strlen(v.patient.reasons[0]) && strstr(v.patient.reasons[0], "(sets "),
	      "a brief beside the buttons, the reason in full behind it: %d reasons", v.patient.n_reasons);
	tap(a, UI_ACT_SELECT, 1);
	view(a, &v);
	REQUIRE(v.id == SCREEN_PATIENT_DETAIL && v.patient.reasons_open, "the reasons opened: %d", v.id);
	shoot(a, "patient_reasons");
	CHECK(tap(a, UI_ACT_EXPORT, 0) == ST_OK && drawn(a, "Report saved"), "Report from the open reasons says where");
	key(a, SDLK_ESCAPE);
	view(a, &v);
	CHECK(v.id == SCREEN_PATIENT_DETAIL && !v.patient.reasons_open, "Back closes the reasons: %d", v.id);
	/* the report with a phase change waiting: where it went is said, over the suggestion
	 * (its buttons stay), until the next touch; the path too long for the line beside the
	 * buttons goes on after its '/' rather than shrinking */
	CHECK(tap(a, UI_ACT_EXPORT, 0) == ST_OK && drawn(a, "Report saved") && drawn(a, "P1-report-") &&
		      drawn(a, "Confirm") && !drawn(a, "Suggest phase 3"),
	      "the report's place said with a suggestion waiting: %s", st_errmsg());
	shoot(a, "report_beside_suggestion");
	tap(a, UI_ACT_SELECT, 1);
	view(a, &v);
	CHECK(!v.patient.status && !v.patient.reasons_open && drawn(a, "Suggest phase 3"),
	      "a touch on it: the suggestion again");
	/* a report that cannot be written (a file where the exports go): why, in the box */
	char exports[PATH_MAX], moved[PATH_MAX + 8];
	snprintf(exports, sizeof exports, "%s/exports", dir);
	snprintf(moved, sizeof moved, "%s.old", exports);
	FILE *blocker = rename(exports, moved) == 0 ? fopen(exports, "w") : NULL;
	REQUIRE(blocker, "a file at %s", exports);
	fclose(blocker);
	CHECK(tap(a, UI_ACT_EXPORT, 0) != ST_OK && drawn(a, "Not saved"), "the failed report said");
	int lowest = 0; /* the status's lines start at the box's left, 3 units in */
	for (int i = 0; i < small->n_texts; i++)
		if (abs(small->texts_drawn[i].r.x - ui_px(small, 3)) <= 1 && small->texts_drawn[i].r.y > ui_px(small, 25))
			lowest = fmax(lowest, small->texts_drawn[i].r.y + small->texts_drawn[i].r.h);
	CHECK(lowest > 0 && lowest <= ui_px(small, 38.5), "the failure inside its box: to %d px, the box to %d", lowest,
	      ui_px(small, 38.5));
	shoot(a, "report_not_saved");
	REQUIRE(unlink(exports) == 0 && rename(moved, exports) == 0, "exports back");
	tap(a, UI_ACT_SELECT, 1);

	/* Confirm asks once; No saves nothing */
	int phase;
	struct phase_change *ch;
	size_t before = decisions(dir, "P1", &ch, &phase);
	free(ch);
	tap(a, UI_ACT_CONFIRM, 0);
	view(a, &v);
	REQUIRE(v.id == SCREEN_QUESTION && strcmp(v.question.question, "Move P1 to phase 3?") == 0, "asked: '%s'",
		v.id == SCREEN_QUESTION ? v.question.question : "");
	CHECK(strstr(v.question.detail, "Anna Berg"), "says who: '%s'", v.question.detail);
	shoot(a, "ask");
	tap(a, UI_ACT_NO, 0);
	view(a, &v);
	CHECK(v.id == SCREEN_PATIENT_DETAIL && v.patient.phase == 2 && decisions(dir, "P1", &ch, &phase) == before &&
		      phase == 2,
	      "No: nothing saved, phase %d", phase);
	free(ch);
	tap(a, UI_ACT_CONFIRM, 0);
	tap(a, UI_ACT_YES, 0);
	view(a, &v);
	CHECK(v.id == SCREEN_PATIENT_DETAIL && v.patient.phase == 3 && v.patient.status &&
		      strcmp(v.patient.status, "Saved: P1 in phase 3, confirmed by Anna Berg") == 0,
	      "says what was saved: '%s'", v.patient.status ? v.patient.status : "");
	shoot(a, "saved");
	size_t n = decisions(dir, "P1", &ch, &phase);
	CHECK(n == before + 1 && phase == 3 && ch[n - 1].decision == PHASE_CONFIRMED &&
		      strcmp(ch[n - 1].by, "Anna Berg") == 0 && ch[n - 1].to_phase == 3,
	      "confirmed by Anna Berg in the store: %zu, by '%s'", n, n ? ch[n - 1].by : "");
	/* the suggestion decided on kept whole, with its reasons, as the command line keeps it
	 * (the screen kept "Suggest phase 3": a decline there said nothing of what it declined) */
	CHECK(n && strncmp(ch[n - 1].suggestion, "next phase (3): ", 16) == 0 && strlen(ch[n - 1].suggestion) > 40,
	      "the suggestion recorded: '%s'", n ? ch[n - 1].suggestion : "");
	free(ch);
	/* Set phase: choose 4, asked, recorded */
	tap(a, UI_ACT_SET_PHASE, 0);
	tap(a, UI_ACT_SELECT, 3);
	tap(a, UI_ACT_NEXT, 0);
	view(a, &v);
	REQUIRE(v.id == SCREEN_QUESTION && strcmp(v.question.question, "Move P1 to phase 4?") == 0, "asked: '%s'",
		v.id == SCREEN_QUESTION ? v.question.question : "");
	key(a, SDLK_y);
	view(a, &v);
	n = decisions(dir, "P1", &ch, &phase);
	CHECK(phase == 4 && ch[n - 1].decision == PHASE_SET && strcmp(ch[n - 1].by, "Anna Berg") == 0,
	      "set by Anna Berg: phase %d, by '%s'", phase, n ? ch[n - 1].by : "");
	CHECK(v.patient.status && strstr(v.patient.status, "phase 4 (was 3), set by Anna Berg"), "'%s'",
	      v.patient.status ? v.patient.status : "");
	free(ch);

	/* Report: the PDF under exports/, private, with the patient in it */
	mode_t old_mask = umask(0);
	CHECK(tap(a, UI_ACT_EXPORT, 0) == ST_OK, "report: %s", st_errmsg());
	umask(old_mask);
	view(a, &v);
	const char *saved = v.patient.status ? strstr(v.patient.status, "exports/P1-report-") : NULL;
	REQUIRE(saved && strstr(saved, ".pdf"), "says where: '%s'", v.patient.status ? v.patient.status : "");
	shoot(a, "report_saved");
	snprintf(path, sizeof path, "%s/%s", dir, saved);
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600 && sb.st_size > 1000, "%s: mode %o, %lld bytes", path,
	      sb.st_mode & 0777, (long long)sb.st_size);
	char *text = pdf_text(path);
	CHECK(text && strstr(text, "P1") && strstr(text, "Anna Berg"), "the PDF names P1 and who decided");
	free(text);

	/* the PIN changed from the name list: typed twice, two different change nothing */
	tap(a, UI_ACT_BACK, 0);
	tap(a, UI_ACT_BACK, 0);
	view(a, &v);
	REQUIRE(v.id == SCREEN_CHOOSE_PATIENT, "logged out: %d", v.id);
	tap(a, UI_ACT_PHYSIO, 0);
	type_pin(a, "8642");
	tap(a, UI_ACT_SELECT, 2);
	view(a, &v);
	REQUIRE(v.id == SCREEN_PIN && strcmp(v.pin.prompt, "Choose a physio PIN") == 0, "a new PIN: %d", v.id);
	shoot(a, "pin_change");
	type_pin(a, "13579");
	type_pin(a, "13570");
	view(a, &v);
	double wait;
	CHECK(v.id == SCREEN_PIN && v.pin.message && strstr(v.pin.message, "differ") &&
		      pin_try(dir, "8642", time(NULL), &wait) == PIN_OK,
	      "two different PINs: the old one stays");
	type_pin(a, "13579");
	type_pin(a, "13579");
	view(a, &v);
	CHECK(v.id == SCREEN_PATIENT_LIST && v.patients.rows[2].detail &&
		      strcmp(v.patients.rows[2].detail, "PIN changed") == 0,
	      "back to the names, the PIN changed");
	CHECK(pin_try(dir, "8642", time(NULL), &wait) == PIN_WRONG && pin_try(dir, "13579", time(NULL), &wait) == PIN_OK,
	      "the new PIN opens, the old one does not");
	app_free(a);
	free(dir);
}

/* A decision refused because another was made meanwhile (a command beside the screen):
 * said on the patient's page, which shows the phase as stored now (a stranger's Yes did
 * nothing there, the refusal only in the log, and the page kept the old phase). */
static void decided_meanwhile(void)
{
	char *dir = temp_path("physio-meanwhile");
	struct store *s;
	REQUIRE(mkdir(dir, 0700) == 0 && pin_set(dir, "2468") == ST_OK && store_open(dir, &s) == ST_OK &&
			history_fixture_review(s, "P1", "H1") == ST_OK,
		"%s", st_errmsg());
	store_close(s);
	struct app *a = anna_logged_in(dir);
	struct screen_view v;
	tap(a, UI_ACT_SELECT, 1); /* P1 */
	tap(a, UI_ACT_CONFIRM, 0);
	view(a, &v);
	REQUIRE(v.id == SCREEN_QUESTION, "asked: %d", v.id);
	struct patient p;
	REQUIRE(store_open(dir, &s) == ST_OK && store_patient_find(s, "P1", &p) == ST_OK &&
			store_phase_decide(s, &p, 5, PHASE_SET, "Ben", "beside the screen", NULL) == ST_OK,
		"%s", st_errmsg());
	store_close(s);
	CHECK(tap(a, UI_ACT_YES, 0) != ST_OK, "refused");
	view(a, &v);
	CHECK(v.id == SCREEN_PATIENT_DETAIL && v.patient.phase == 5 && v.patient.failed && v.patient.status &&
		      strstr(v.patient.status, "Not saved") && strstr(v.patient.status, "meanwhile") &&
		      drawn(a, "Not saved"),
	      "the refusal said, the phase as stored: phase %d, '%s'", v.patient.phase,
	      v.patient.status ? v.patient.status : "");
	shoot(a, "decided_meanwhile");
	app_free(a);
	free(dir);
}

/* A red flag stays the suggestion's first reason until a phase is decided after it: the
 * physio who saw the patient and keeps them in their phase answers it on the screen
 * (saving the same phase was "Phase 2 kept", recorded nothing, and the flag stayed). */
static void red_flag_answered(void)
{
	char *dir = temp_path("physio-red-flag");
	struct store *s;
	int64_t pid, sid;
	struct session_start b = { .phase = 2, .started = time(NULL) - 3600, .sets_planned = 2 };
	REQUIRE(mkdir(dir, 0700) == 0 && pin_set(dir, "2468") == ST_OK && store_open(dir, &s) == ST_OK &&
			store_patient_add(s, "RF", "", SIDE_LEFT, 2, &pid) == ST_OK &&
			(b.patient = pid, store_session_begin(s, &b, &sid)) == ST_OK &&
			store_red_flags(s, sid, true, false, false) == ST_OK &&
			store_session_finish(s, sid, SESSION_RED_FLAG) == ST_OK,
		"%s", st_errmsg());
	store_close(s);
	/* ended a minute after it began, an hour ago: the decision below comes after the flag */
	char db[PATH_MAX];
	snprintf(db, sizeof db, "%s/station.db", dir);
	sqlite3 *raw;
	REQUIRE(sqlite3_open(db, &raw) == SQLITE_OK &&
			sqlite3_exec(raw, "UPDATE sessions SET finished_at = started_at + 60", NULL, NULL, NULL) == SQLITE_OK,
		"%s", sqlite3_errmsg(raw));
	sqlite3_close(raw);
	struct app *a = anna_logged_in(dir);
	struct screen_view v;
	tap(a, UI_ACT_SELECT, 0); /* RF */
	tap(a, UI_ACT_SET_PHASE, 0);
	tap(a, UI_ACT_SELECT, 1); /* phase 2, the patient's */
	CHECK(tap(a, UI_ACT_NEXT, 0) == ST_OK, "saved: %s", st_errmsg());
	view(a, &v);
	CHECK(v.id == SCREEN_PATIENT_DETAIL && v.patient.status &&
		      strcmp(v.patient.status, "Saved: RF stays in phase 2 after the red flag, set by Anna Berg") == 0,
	      "said: '%s'", v.id == SCREEN_PATIENT_DETAIL && v.patient.status ? v.patient.status : "");
	struct programme prog;
	struct patient p;
	struct history h;
	struct suggestion sg;
	REQUIRE(programme_load_default(&prog) == ST_OK && store_open(dir, &s) == ST_OK &&
			store_patient_find(s, "RF", &p) == ST_OK && store_history(s, pid, &h) == ST_OK &&
			patient_suggestion(s, &prog, &p, &h, &sg) == ST_OK,
		"%s", st_errmsg());
	CHECK(!sg.red_flag_open && !(sg.n_reasons && strstr(sg.reasons[0], "red flag")), "answered: '%s'",
	      sg.n_reasons ? sg.reasons[0] : "");
	history_free(&h);
	store_close(s);
	app_free(a);
	free(dir);
}

/* The physio side locks after the idle time configured, by the app's clock. */
static void idle_lock(void)
{
	char *dir = temp_path("physio-lock");
	REQUIRE(mkdir(dir, 0700) == 0 && pin_set(dir, "2468") == ST_OK, "%s", st_errmsg());
	struct physio_names names = { 0 };
	REQUIRE(physio_names_add(dir, &names, "Anna Berg") == ST_OK, "%s", st_errmsg());
	setenv("STATION_PHYSIO_LOCK_S", "30", 1);
	for (int configured = 0; configured < 4; configured++) {
		/* the parameter, the environment, the default (for a time that is not one, or over
		 * PHYSIO_LOCK_MAX_S: no lock at all) */
		if (configured >= 2)
			setenv("STATION_PHYSIO_LOCK_S", configured == 2 ? "soon" : "99999999999", 1);
		double lock = configured == 0 ? 45 : configured == 1 ? 30 : PHYSIO_LOCK_S;
		struct app *a = new_app(dir, configured == 0 ? 45 : 0);
		struct screen_view v;
		fake_now = 1000;
		tap(a, UI_ACT_PHYSIO, 0);
		type_pin(a, "2468");
		tap(a, UI_ACT_SELECT, 0);
		fake_now += lock - 1;
		tap(a, UI_ACT_NEXT, 0); /* a touch: Add patient, then Back */
		fake_now += lock - 1;
		tap(a, UI_ACT_BACK, 0);
		fake_now += lock - 0.5;
		app_tick(a, 0);
		view(a, &v);
		CHECK(v.id == SCREEN_PATIENT_LIST, "%.0f s lock: still open %.1f s after the last touch (%d)", lock,
		      lock - 0.5, v.id);
		fake_now += 0.5;
		app_tick(a, 0);
		view(a, &v);
		CHECK(v.id == SCREEN_CHOOSE_PATIENT, "%.0f s lock: locked %.0f s after the last touch (%d)", lock, lock,
		      v.id);
		/* without a tick between: a touch on the stale screen only wakes it */
		tap(a, UI_ACT_PHYSIO, 0);
		type_pin(a, "2468");
		fake_now += lock + 1;
		struct ui_action pick = { UI_ACT_SELECT, 0 };
		CHECK(app_act(a, &pick) == ST_OK, "%s", st_errmsg());
		view(a, &v);
		CHECK(v.id == SCREEN_CHOOSE_PATIENT, "a touch after the lock time picks nothing: %d", v.id);
		tap(a, UI_ACT_PHYSIO, 0);
		view(a, &v);
		CHECK(v.id == SCREEN_PIN, "the PIN again after the lock: %d", v.id);
		app_free(a);
	}
	unsetenv("STATION_PHYSIO_LOCK_S");
	/* the plate's calibration, opened from the list, locks too (stopped: nothing saved); a
	 * measured one made long ago is said to be due again, in the warning colour */
	char xdg[PATH_MAX], saved[PATH_MAX];
	snprintf(xdg, sizeof xdg, "%s/xdg", dir);
	setenv("XDG_DATA_HOME", xdg, 1);
	struct calibration old;
	REQUIRE(calib_find("SIM-0001", &old, NULL, 0) == ST_OK, "%s", st_errmsg());
	snprintf(old.operator_name, sizeof old.operator_name, "A. Berg");
	snprintf(old.created_utc, sizeof old.created_utc, "2026-01-05T10:00:00Z");
	REQUIRE(calib_save_for_plate(&old, saved, sizeof saved) == ST_OK, "%s", st_errmsg());
	struct app *a = new_app(dir, 45);
	struct screen_view v;
	fake_now = 1000;
	tap(a, UI_ACT_PHYSIO, 0);
	type_pin(a, "2468");
	tap(a, UI_ACT_SELECT, 0);
	tap(a, UI_ACT_CALIBRATE, 0);
	view(a, &v);
	REQUIRE(v.id == SCREEN_CALIBRATE, "Plate: the calibration (%d)", v.id);
	CHECK(v.calibrate.message && strstr(v.calibrate.message, "calibrate it again") && v.calibrate.caution,
	      "an old calibration is due again (caution %d): '%s'", v.calibrate.caution,
	      v.calibrate.message ? v.calibrate.message : "");
	shoot(a, "calibration_old");
	unsetenv("XDG_DATA_HOME");
	fake_now += 45;
	app_tick(a, 0);
	view(a, &v);
	CHECK(v.id == SCREEN_CHOOSE_PATIENT, "the calibration locked after 45 s idle (%d)", v.id);
	app_free(a);
	free(dir);
}

/* Runs patient row's session to its end on the simulated plate, with keys only. */
static void session(struct app *a, int row)
{
	struct screen_view v;
	tap(a, UI_ACT_SELECT, row);
	int steps;
	for (steps = 0; steps < 1000000; steps++) {
		REQUIRE(app_tick(a, 10) == ST_OK, "tick: %s", st_errmsg());
		view(a, &v);
		if (v.id == SCREEN_CHOOSE_PATIENT)
			break;
		if (v.id == SCREEN_PAIN)
			key(a, SDLK_1);
		if (v.id == SCREEN_PAIN || v.id == SCREEN_QUESTION || v.id == SCREEN_SUMMARY)
			key(a, SDLK_RETURN);
	}
	REQUIRE(steps < 1000000, "the session ends");
}

/* The reps stored for patient's first set are where its recording has them: each rep's
 * start within 0.2 s of the recording's own analysis (the marks on the force trace). */
static void marks_on_recording(const char *dir, const char *patient)
{
	struct store *s;
	struct programme prog;
	struct review rv;
	REQUIRE(store_open(dir, &s) == ST_OK && programme_load_default(&prog) == ST_OK &&
			review_load(s, &prog, patient, 0, 0, &rv) == ST_OK && rv.history.n > 0 &&
			rv.history.sessions[0].n_sets > 0,
		"%s's sessions: %s", patient, st_errmsg());
	const struct history_set *set = &rv.history.sessions[0].sets[0];
	char path[PATH_MAX + 300];
	snprintf(path, sizeof path, "%s/%s", dir, set->recording);
	struct trace t;
	struct analysis a;
	struct set_event *ev = NULL;
	size_t n = 0;
	REQUIRE(load_trace(path, &t) == ST_OK && analyse_trace(&t, EXERCISE_HEEL_RAISE, &a) == ST_OK &&
			store_set_events(s, set->id, &ev, &n) == ST_OK,
		"%s: %s", path, st_errmsg());
	double worst = 0;
	for (size_t i = 0; i < n && i < a.n_reps; i++)
		worst = fmax(worst, fabs(ev[i].start_s - a.reps[i].start_s));
	CHECK(n >= 5 && a.n_reps == n && worst < 0.2, "%zu reps stored, %zu in the recording; starts apart by up to %.2f s",
	      n, a.n_reps, worst);
	free(ev);
	analysis_free(&a);
	trace_free(&t);
	review_free(&rv);
	store_close(s);
}

/* The patient's sessions moved to start 40 s apart within one minute (the store's own
 * clock ran them as fast as the simulator goes). */
static void in_one_minute(const char *dir)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", dir, STORE_DB_NAME);
	sqlite3 *db;
	REQUIRE(sqlite3_open(path, &db) == SQLITE_OK &&
			sqlite3_exec(db, "UPDATE sessions SET started_at = 1773310505 + 40 * (id - (SELECT MIN(id) FROM sessions))",
				     NULL, NULL, NULL) == SQLITE_OK && sqlite3_changes(db) == 2,
		"%s: %s", path, sqlite3_errmsg(db));
	sqlite3_close(db);
}

/* The mean brightness (0-255) of a PNG, and its size. */
static double png_brightness(const char *path, int *w, int *h)
{
	png_image img = { .version = PNG_IMAGE_VERSION };
	*w = *h = 0;
	if (!png_image_begin_read_from_file(&img, path))
		return -1;
	img.format = PNG_FORMAT_GRAY;
	unsigned char *px = malloc(PNG_IMAGE_SIZE(img));
	double sum = 0;
	if (px && png_image_finish_read(&img, NULL, px, 0, NULL)) {
		for (size_t i = 0; i < (size_t)img.width * img.height; i++)
			sum += px[i];
		*w = (int)img.width;
		*h = (int)img.height;
	}
	free(px);
	return *w ? sum / ((double)*w * *h) : -1;
}

/* Two sessions recorded; the last set opens from the patient screen, and the first set
 * of the older session through the session and set lists, its reps marked where the
 * recording has them. Two sessions in one minute are told apart by their seconds; the
 * trace's export is on a light ground and says where it went. */
static void older_set(void)
{
	char *dir = temp_path("physio-trace");
	struct store *s;
	int64_t id;
	REQUIRE(store_open(dir, &s) == ST_OK && store_patient_add(s, "T1", "", SIDE_RIGHT, 2, &id) == ST_OK, "%s",
		st_errmsg());
	store_close(s);
	REQUIRE(pin_set(dir, "2468") == ST_OK, "%s", st_errmsg());
	struct physio_names names = { 0 };
	REQUIRE(physio_names_add(dir, &names, "Anna Berg") == ST_OK, "%s", st_errmsg());
	struct app *a = new_app(dir, 0);
	session(a, 0);
	session(a, 0);
	marks_on_recording(dir, "T1");
	in_one_minute(dir);
	struct screen_view v;
	tap(a, UI_ACT_PHYSIO, 0);
	type_pin(a, "2468");
	tap(a, UI_ACT_SELECT, 0);
	tap(a, UI_ACT_SELECT, 0); /* T1 */
	view(a, &v);
	CHECK(v.id == SCREEN_PATIENT_DETAIL && v.patient.warning &&
		      strcmp(v.patient.warning, "Too soon to count: 1 session") == 0,
	      "two sessions a minute apart: the spacing warning '%s'",
	      v.id == SCREEN_PATIENT_DETAIL && v.patient.warning ? v.patient.warning : "");
	shoot(a, "patient_too_close");
	tap(a, UI_ACT_SELECT, 0); /* Last set */
	view(a, &v);
	REQUIRE(v.id == SCREEN_FORCE_TRACE && v.trace.n > 1000 && strstr(v.trace.title, "set 2"), "the last set: '%s'",
		v.id == SCREEN_FORCE_TRACE ? v.trace.title : "");
	int last_n = v.trace.n;
	double last_left = v.trace.left_n[v.trace.n / 2];
	tap(a, UI_ACT_SELECT, 0); /* Other set */
	view(a, &v);
	REQUIRE(v.id == SCREEN_PATIENT_LIST && v.patients.n == 2 && v.patients.title, "two sessions to choose: %d", v.id);
	CHECK(strstr(v.patients.rows[0].name, ":45") && strstr(v.patients.rows[1].name, ":05"),
	      "two sessions in one minute told apart: '%s', '%s'", v.patients.rows[0].name, v.patients.rows[1].name);
	CHECK(drawn(a, "10:15:45") && drawn(a, "10:15:05"), "...and drawn whole, not cut before the seconds");
	CHECK(texts_out_of_rows(a) == 0, "the sessions' words inside their rows: %d out", texts_out_of_rows(a));
	shoot(a, "sessions");
	tap(a, UI_ACT_SELECT, 1); /* the older one */
	view(a, &v);
	REQUIRE(v.id == SCREEN_CHOICE && v.choice.n == 2 && v.choice.selected == 1, "its two sets: %d", v.id);
	shoot(a, "sets");
	tap(a, UI_ACT_SELECT, 0);
	tap(a, UI_ACT_NEXT, 0);
	view(a, &v);
	REQUIRE(v.id == SCREEN_FORCE_TRACE && strstr(v.trace.title, "set 1"), "set 1 of the older session: '%s'",
		v.id == SCREEN_FORCE_TRACE ? v.trace.title : "");
	CHECK(v.trace.n != last_n || v.trace.left_n[v.trace.n / 2] != last_left, "another recording than the last set's");
	double dur = v.trace.n / v.trace.rate_hz;
	int inside = 0;
	for (int i = 0; i < v.trace.n_events; i++) {
		const struct view_trace_event *e = &v.trace.events[i];
		/* the last rep's end, as stored, may lie past the end of its recording */
		inside += e->start_s >= 0 && e->start_s < e->top_s && e->top_s <= e->lower_start_s &&
			  e->lower_start_s < e->end_s && e->lower_start_s <= dur;
	}
	CHECK(v.trace.n_events >= 5 && inside == v.trace.n_events, "%d reps marked, %d in order within the %.1f s set",
	      v.trace.n_events, inside, dur);
	CHECK(strstr(v.trace.title, ":05, set 1"), "the title tells the session apart: '%s'", v.trace.title);
	shoot(a, "trace");
	/* Export PNG: said on the trace screen; the trace's image light, like the graphs' */
	CHECK(tap(a, UI_ACT_EXPORT, 0) == ST_OK && drawn(a, "Graphs and data saved"), "the export said: %s", st_errmsg());
	view(a, &v);
	const char *saved = v.trace.status ? strstr(v.trace.status, "exports/T1-") : NULL;
	REQUIRE(saved, "where: '%s'", v.trace.status ? v.trace.status : "");
	shoot(a, "trace_saved");
	char png[PATH_MAX + 200];
	snprintf(png, sizeof png, "%s/%s/force-trace-20260312-101505-set1.png", dir, saved);
	int w, h;
	double light = png_brightness(png, &w, &h);
	CHECK(w == 1600 && h == 900 && light > 200, "%s: %dx%d, mean brightness %.0f (a light ground)", png, w, h, light);
	/* an export that cannot be written (a file where its folder goes) says so in the
	 * warning colour, the path from the data folder as a saved one is said */
	char moved[sizeof png + 8];
	snprintf(png, sizeof png, "%s/%s", dir, saved);
	snprintf(moved, sizeof moved, "%s.old", png);
	FILE *f = rename(png, moved) == 0 ? fopen(png, "w") : NULL;
	REQUIRE(f, "a file at %s", png);
	fclose(f);
	CHECK(tap(a, UI_ACT_EXPORT, 0) != ST_OK && drawn(a, "Not saved"), "a failed export said");
	view(a, &v);
	CHECK(v.trace.failed && v.trace.status && strstr(v.trace.status, "exports/T1-") && !strstr(v.trace.status, dir),
	      "failure in its colour, the path from the data folder: '%s'", v.trace.status ? v.trace.status : "");
	shoot(a, "trace_not_saved");
	/* a set whose recording is gone: said where it was chosen (Open did nothing) */
	tap(a, UI_ACT_SELECT, 0); /* Other set */
	tap(a, UI_ACT_SELECT, 1); /* the older session */
	tap(a, UI_ACT_SELECT, 1); /* its set 2 */
	struct store *st;
	struct patient p;
	struct history hist = { 0 };
	REQUIRE(store_open(dir, &st) == ST_OK && store_patient_find(st, "T1", &p) == ST_OK &&
			store_history(st, p.id, &hist) == ST_OK && hist.n == 2 && hist.sessions[0].n_sets == 2,
		"%s", st_errmsg());
	char rec[PATH_MAX + 300], cut[PATH_MAX + 300];
	snprintf(rec, sizeof rec, "%s/%s", dir, hist.sessions[0].sets[1].recording);
	snprintf(cut, sizeof cut, "%s/%s", dir, hist.sessions[0].sets[0].recording);
	history_free(&hist);
	store_close(st);
	REQUIRE(unlink(rec) == 0, "%s gone", rec);
	CHECK(tap(a, UI_ACT_NEXT, 0) != ST_OK, "Open fails");
	view(a, &v);
	CHECK(v.id == SCREEN_CHOICE && v.choice.detail &&
		      strcmp(v.choice.detail, "Cannot open its recording: No such file or directory") == 0 &&
		      drawn(a, "Cannot open its recording"),
	      "the failure said on the screen: '%s'", v.id == SCREEN_CHOICE && v.choice.detail ? v.choice.detail : "");
	shoot(a, "set_cannot_open");
	/* a recording shorter than when it was saved is drawn as far as it goes, and said so
	 * (it was drawn as if whole) */
	struct stat sb;
	REQUIRE(stat(cut, &sb) == 0 && truncate(cut, sb.st_size / 2) == 0, "%s cut to half", cut);
	tap(a, UI_ACT_SELECT, 0); /* set 1 */
	CHECK(tap(a, UI_ACT_NEXT, 0) == ST_OK, "a recording cut short opens: %s", st_errmsg());
	view(a, &v);
	char said[64];
	snprintf(said, sizeof said, "Recording cut short: %lld of its ", (long long)(sb.st_size / 2 / 1024));
	CHECK(v.id == SCREEN_FORCE_TRACE && v.trace.status && strstr(v.trace.status, said) && v.trace.failed &&
		      drawn(a, "Recording cut short"),
	      "said under the trace, as a warning: '%s'", v.id == SCREEN_FORCE_TRACE && v.trace.status ? v.trace.status : "");
	shoot(a, "trace_cut_short");
	app_free(a);
	free(dir);
}

/* On the small screen as drawn now: the right edge of the text that starts at x (pixels),
 * and the left edge of the button sending kind (or the primary one). */
static int text_right_from(struct app *a, int x)
{
	drawn(a, "");
	int right = -1;
	for (int i = 0; i < small->n_texts; i++)
		if (abs(small->texts_drawn[i].r.x - x) <= 1)
			right = small->texts_drawn[i].r.x + small->texts_drawn[i].r.w;
	return right;
}

static int button_left(struct app *a, enum ui_action_kind kind, bool primary)
{
	drawn(a, "");
	for (int i = 0; i < small->n_shown; i++)
		if (primary ? small->shown[i].primary : small->shown[i].act.kind == kind)
			return small->shown[i].r.x;
	return -1;
}

/* A long name (127 bytes, the most) stays on its line: in its row on the list, before the
 * buttons on the patient's screen and the graphs' header, cut with "…". */
static void long_name(void)
{
	char *dir = temp_path("long-name");
	struct store *s;
	int64_t id;
	char name[PATIENT_NAME_MAX];
	snprintf(name, sizeof name, "%s", "Maximiliana Wolfeschlegelsteinhausenbergerdorff-Featherstonehaugh-Cholmondeley "
					   "von Übermannsgrund zu Hohenzollern-Sigmaringen");
	REQUIRE(store_open(dir, &s) == ST_OK && store_patient_add(s, "L1", name, SIDE_LEFT, 2, &id) == ST_OK &&
			store_patient_add(s, "L2", "Ann", SIDE_LEFT, 2, &id) == ST_OK,
		"%s", st_errmsg());
	store_close(s);
	REQUIRE(pin_set(dir, "2468") == ST_OK, "%s", st_errmsg());
	struct app *a = anna_logged_in(dir);
	struct screen_view v;
	view(a, &v);
	REQUIRE(v.id == SCREEN_PATIENT_LIST && v.patients.n == 2, "the list: %d", v.id);
	CHECK(texts_out_of_rows(a) == 0 && drawn(a, "\u2026"), "the long name in its row, cut: %d out",
	      texts_out_of_rows(a));
	CHECK(drawn(a, "L1 · Phase 2"), "the clinic number beside a (cut) name");
	shoot(a, "long_name_list");
	tap(a, UI_ACT_SELECT, 0);
	view(a, &v);
	REQUIRE(v.id == SCREEN_PATIENT_DETAIL, "the patient: %d", v.id);
	CHECK(drawn(a, "L1 · Involved: left"), "the clinic number on the patient's screen");
	int right = text_right_from(a, ui_px(small, 3)), left = button_left(a, UI_ACT_VISA, false);
	CHECK(right > 0 && left > 0 && right <= left, "the name ends (%d) before VISA-A (%d)", right, left);
	shoot(a, "long_name_patient");
	tap(a, UI_ACT_SELECT, 0); /* the last set's trace: there is none */
	view(a, &v);
	CHECK(v.id == SCREEN_PATIENT_DETAIL && v.patient.status && strstr(v.patient.status, "no recorded set") &&
		      v.patient.failed,
	      "no set to show, said as a failure: '%s' (failed %d)", v.patient.status ? v.patient.status : "",
	      v.patient.failed);
	tap(a, UI_ACT_NEXT, 0);
	view(a, &v);
	REQUIRE(v.id == SCREEN_GRAPHS, "the graphs: %d", v.id);
	right = text_right_from(a, ui_px(small, 20));
	left = button_left(a, UI_ACT_NONE, true);
	CHECK(right > 0 && left > 0 && right <= left, "the header ends (%d) before Next (%d)", right, left);
	shoot(a, "long_name_graphs");
	/* a patient added on the command line meanwhile is on the list when it comes back */
	REQUIRE(store_open(dir, &s) == ST_OK && store_patient_add(s, "L3", "Bo", SIDE_RIGHT, 2, &id) == ST_OK, "%s",
		st_errmsg());
	store_close(s);
	tap(a, UI_ACT_BACK, 0);
	tap(a, UI_ACT_BACK, 0);
	view(a, &v);
	CHECK(v.id == SCREEN_PATIENT_LIST && v.patients.n == 3, "back on the list: screen %d, %d patients", v.id,
	      v.patients.n);
	app_free(a);
	free(dir);
}

/* A hand-edited names file: blank lines, spaces, names too long or with control
 * characters are left out, never cut mid-character; a FIFO there does not hang. */
static void edited_names_file(void)
{
	char *dir = temp_path("names");
	REQUIRE(mkdir(dir, 0700) == 0, "%s", dir);
	char path[PATH_MAX + 32], too_long[WHO_MAX + 8];
	snprintf(path, sizeof path, "%s/" PHYSIO_NAMES_FILE, dir);
	memset(too_long, 'a', sizeof too_long - 1);
	too_long[sizeof too_long - 1] = '\0';
	FILE *f = fopen(path, "w");
	REQUIRE(f, "%s", path);
	fprintf(f, "   \n  Bo Li  \n\n%s\nx\001y\nAnna Berg\r\n", too_long);
	fclose(f);
	struct physio_names names;
	CHECK(physio_names_load(dir, &names) == ST_OK && names.n == 2 && strcmp(names.names[0], "Bo Li") == 0 &&
		      strcmp(names.names[1], "Anna Berg") == 0,
	      "an edited file gives 'Bo Li' and 'Anna Berg' only: %zu names", names.n);
	unlink(path);
	REQUIRE(mkfifo(path, 0600) == 0, "mkfifo");
	CHECK(physio_names_load(dir, &names) == ST_ERR_DATA, "a FIFO as the names file is refused, not waited on");
	unlink(path);
	rmdir(dir);
	free(dir);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(shots, sizeof shots, "%s/physio", tmp ? tmp : "/tmp");
	mkdir(shots, 0700);
	if (dsp_init(getenv("STATION_FFTW_WISDOM")) != ST_OK || ui_open_offscreen(800, 480, &small) != ST_OK ||
	    ui_open_offscreen(1920, 1080, &big) != ST_OK) {
		fprintf(stderr, "%s\n", st_errmsg());
		return 1;
	}
	pin_name_decisions();
	idle_lock();
	decided_meanwhile();
	red_flag_answered();
	older_set();
	long_name();
	edited_names_file();
	dsp_shutdown();
	ui_close(small);
	ui_close(big);
	return check_summary();
}
