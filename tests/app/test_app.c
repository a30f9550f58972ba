/* test_app.c: the station app end to end, offscreen: a phase-2 patient picks themselves
 * and does a whole session on the simulated plate (as fast as it goes) with the "next"
 * key and a pain score as the only input; the store then holds the complete session with
 * every set and rep. Then the physio side: a wrong PIN is refused, the PIN set opens
 * the list, confirming the suggestion moves the patient's phase (recorded with who and
 * why), declining keeps it, and export writes the graphs as PNG and the data as CSV; a
 * PIN set again with pin_set() replaces the old one. A fresh station (no PIN, no patient)
 * has the physio choose a PIN first; a missing PIN beside patients, or a damaged one,
 * opens nothing. A patient added on the screens (number,
 * side, phase) is in the store, a number in use is refused, a phase set is recorded.
 * The screen's load-share verdict is the programme's: a patient leaning 58 % left is
 * not "good" under the shipped 45-55 % band, and is under a programme that says 40-60 %.
 *
 * Each screen kind met is saved as $TMPDIR/app/SCREEN_WxH.png (800x480 and 1920x1080) for
 * looking at. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "assets.h"
#include "capture.h"
#include "check.h"
#include "dsp.h"
#include "flow.h"
#include "history_fixture.h"
#include "patient.h"
#include "pin.h"
#include "outcomes.h"
#include "progression.h"
#include "store.h"
#include "store_review.h"
#include "visa_a.h"
#include "visa_side.h"

static char data_dir[PATH_MAX], shots[PATH_MAX];
static struct ui *small, *big;
static bool seen[SCREEN_COUNT + 1];

static const char *const screen_names[SCREEN_COUNT] = {
	"choose", "pin", "question", "pain", "step_on", "hold", "raises", "hops", "rest", "summary",
	"patients", "patient", "graphs", "trace", "choice", "keyboard", "visa", "calibrate",
};

/* Saves the first view of each screen (name: its kind, or given). */
static void shoot(const struct screen_view *v, const char *name)
{
	char path[PATH_MAX + 64];
	struct ui *uis[2] = { small, big };
	for (int i = 0; i < 2; i++) {
		screen_show(uis[i], v);
		snprintf(path, sizeof path, "%s/%s_%dx%d.png", shots, name ? name : screen_names[v->id], uis[i]->w,
			 uis[i]->h);
		CHECK(ui_save_png(uis[i], path) == ST_OK, "%s", st_errmsg());
	}
}

static void shoot_once(const struct screen_view *v)
{
	if (!seen[v->id])
		shoot(v, NULL);
	seen[v->id] = true;
}

static int act(struct app *a, enum ui_action_kind k, int index)
{
	struct ui_action x = { k, index };
	return app_act(a, &x);
}

/* The view once the session has opened, or its last writes are saved (its summary reads
 * them back); the tick's failure, if any. */
static int view_settled(struct app *a, struct screen_view *v)
{
	int rc = ST_OK;
	for (int i = 0; i < 30000 && app_waiting(a); i++) {
		usleep(1000);
		rc = app_tick(a, 10);
	}
	app_view(a, 0, v);
	return rc;
}

/* Runs the session from the choose screen; returns the screens shown, in order of kind. */
static void run_session(struct app *a)
{
	struct screen_view v;
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_CHOOSE_PATIENT && v.choose.n == 2, "choose screen with two patients: id %d n %d", v.id,
	      v.choose.n);
	shoot_once(&v);
	CHECK(act(a, UI_ACT_SELECT, 1) == ST_OK, "start: %s", st_errmsg()); /* P2 */
	int summaries = 0, pains = 0, questions = 0, steps = 0;
	double t = 0;
	bool raises_with_reps = false;
	for (steps = 0; steps < 2000000; steps++) {
		CHECK(app_tick(a, 10) == ST_OK, "tick: %s", st_errmsg());
		t += 0.01;
		app_view(a, t, &v);
		switch (v.id) {
		case SCREEN_QUESTION:
			shoot_once(&v);
			questions += v.question.number > 0; /* not the VISA-A's offer (test_touch) */
			act(a, UI_ACT_NEXT, 0); /* the "next" key answers No (and Later to the offer) */
			break;
		case SCREEN_PAIN:
			CHECK(act(a, UI_ACT_NEXT, 0) == ST_OK, "next without a score does nothing");
			act(a, UI_ACT_DIGIT, 2);
			app_view(a, t, &v);
			CHECK(v.pain.selected == 2, "pain selected %d", v.pain.selected);
			shoot_once(&v);
			pains++;
			CHECK(act(a, UI_ACT_NEXT, 0) == ST_OK, "pain: %s", st_errmsg());
			break;
		case SCREEN_RAISES:
			/* each rep's lowering time is in the view as soon as the rep is counted */
			CHECK(v.raises.n_lower == v.raises.rep || v.raises.rep > VIEW_MAX_REPS, "reps %d shown %d",
			      v.raises.rep, v.raises.n_lower);
			if (v.raises.n_lower >= 3 && !raises_with_reps) {
				shoot(&v, "raises");
				raises_with_reps = seen[SCREEN_RAISES] = true;
			}
			break;
		case SCREEN_REST:
			/* rest runs in plate time; the "next" key would start the set before the
			 * simulated patient is back */
			shoot_once(&v);
			break;
		case SCREEN_SUMMARY:
			if (app_waiting(a)) {
				usleep(1000); /* the session opens, or its summary comes once it is saved */
				break;
			}
			if (!summaries) {
				CHECK(strcmp(v.summary.title, "Set 1 of 2 done") == 0 && v.summary.n_rows >= 3,
				      "set summary '%s', %d rows", v.summary.title, v.summary.n_rows);
				/* the reps in the band counted of those measured: "4 of 4 in 3-5 s, 1 not measured" */
				int in_band = -1, measured = -1, unmeasured = 0;
				const char *row = v.summary.n_rows >= 2 ? v.summary.rows[1].value : "", *more = strchr(row, ',');
				sscanf(row, "%*f s mean; %d of %d in 3-5 s", &in_band, &measured);
				if (more)
					sscanf(more, ", %d not measured", &unmeasured);
				CHECK(in_band >= 0 && in_band <= measured && measured + unmeasured == 5, "lowering row '%s'", row);
			}
			shoot(&v, !strstr(v.summary.title, "Set") ? "session_summary" : "set_summary");
			summaries++;
			if (!strstr(v.summary.title, "Set")) {
				CHECK(strcmp(v.summary.title, "Session done") == 0, "title '%s'", v.summary.title);
				CHECK(v.summary.n_rows >= 3 && !v.summary.suggestion && strcmp(v.summary.button, "Next") == 0,
				      "the rows first, then 'Next': %d rows, button '%s'", v.summary.n_rows, v.summary.button);
				act(a, UI_ACT_NEXT, 0); /* the suggestion and its reasons, on a page of their own */
				app_view(a, t, &v);
				CHECK(v.id == SCREEN_SUMMARY && v.summary.suggestion != NULL && v.summary.n_reasons >= 1 &&
					      strcmp(v.summary.button, "Finish") == 0,
				      "'Next time': the suggestion with %d reasons", v.summary.n_reasons);
				shoot(&v, "session_next_time");
				act(a, UI_ACT_NEXT, 0);
				app_view(a, t, &v);
				CHECK(v.id == SCREEN_CHOOSE_PATIENT, "back to choose: %d", v.id);
				goto done;
			}
			act(a, UI_ACT_NEXT, 0);
			break;
		case SCREEN_CHOOSE_PATIENT:
			CHECK(false, "back to choose before the end");
			goto done;
		default:
			shoot_once(&v);
			break;
		}
	}
done:
	CHECK(steps < 2000000, "the session ends");
	CHECK(questions == 3, "red-flag questions %d", questions);
	CHECK(raises_with_reps, "the raise screen showed reps");
	/* phase 2: 2 sets of 5; pain now, then after each set */
	CHECK(summaries == 3 && pains == 3, "summaries %d, pain questions %d", summaries, pains);
}

static void check_store(void)
{
	struct store *s;
	struct patient p;
	struct history h;
	CHECK(store_open(data_dir, &s) == ST_OK, "%s", st_errmsg());
	CHECK(store_patient_find(s, "P2", &p) == ST_OK, "%s", st_errmsg());
	CHECK(store_history(s, p.id, &h) == ST_OK, "%s", st_errmsg());
	CHECK(h.n == 1, "%zu sessions", h.n);
	if (h.n == 1) {
		const struct history_session *hs = &h.sessions[0];
		CHECK(hs->complete && strcmp(hs->ended, "done") == 0, "session complete, ended '%s'", hs->ended);
		CHECK(hs->sets_planned == 2 && hs->n_sets == 2, "%zu of %d sets", hs->n_sets, hs->sets_planned);
		CHECK(hs->pain_before == 2, "pain before %d", hs->pain_before);
		for (size_t k = 0; k < hs->n_sets; k++) {
			const struct history_set *set = &hs->sets[k];
			CHECK(set->complete && set->recording[0], "set %d complete with a recording", set->set_no);
			CHECK(set->target_count > 0 && set->count == set->target_count, "set %d: %d of %d reps",
			      set->set_no, set->count, set->target_count);
			CHECK(set->pain_after == 2, "set %d pain after %d", set->set_no, set->pain_after);
		}
	}
	history_free(&h);
	store_close(s);
}

/* Files in dir whose name ends with ending; with private, only those of mode 0600. */
static int count_files_mode(const char *dir, const char *ending, bool private)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name), el = strlen(ending);
		struct stat st;
		char path[PATH_MAX * 2];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		bool mode_ok = !private || (stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
		n += len > el && strcmp(e->d_name + len - el, ending) == 0 && mode_ok;
	}
	closedir(d);
	return n;
}

static int count_files(const char *dir, const char *ending)
{
	return count_files_mode(dir, ending, false);
}

static void type_pin(struct app *a, const char *pin)
{
	for (const char *c = pin; *c; c++)
		act(a, UI_ACT_DIGIT, *c - '0');
	act(a, UI_ACT_NEXT, 0);
}

/* The PIN, then the physio's name: "Tess", added the first time (test_physio_screens
 * tests the names and the PIN by touch). */
static void log_in(struct app *a, const char *pin)
{
	struct screen_view v;
	type_pin(a, pin);
	app_view(a, 0, &v);
	REQUIRE(v.id == SCREEN_PATIENT_LIST && v.patients.title, "who is deciding: %d", v.id);
	if (v.patients.n > 1) {
		act(a, UI_ACT_SELECT, 0);
		return;
	}
	act(a, UI_ACT_NEXT, 0);
	for (const char *c = "TESS"; *c; c++)
		act(a, UI_ACT_SELECT, *c);
	act(a, UI_ACT_NEXT, 0);
}

/* One file of the patient's CSV export (phase_changes.csv, say), into text. */
static void exported(struct store *s, int64_t patient, const char *file, char *text, size_t size)
{
	char *csv = temp_path("app-export"), path[PATH_MAX + 32];
	CHECK(store_export_csv(s, patient, csv) == ST_OK, "%s", st_errmsg());
	snprintf(path, sizeof path, "%s/%s", csv, file);
	FILE *f = fopen(path, "r");
	size_t len = f ? fread(text, 1, size - 1, f) : 0;
	text[len] = '\0';
	if (f)
		fclose(f);
	free(csv);
}

static void physio(struct app *a)
{
	struct screen_view v;
	CHECK(pin_set(data_dir, "2468") == ST_OK, "%s", st_errmsg());
	act(a, UI_ACT_PHYSIO, 0);
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_PIN && !v.pin.hint && !v.pin.message, "PIN screen, no hint of a PIN");
	type_pin(a, "9999");
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_PIN && v.pin.wrong && v.pin.entered == 0, "a wrong PIN is refused");
	act(a, UI_ACT_DIGIT, 1);
	act(a, UI_ACT_DIGIT, 7);
	act(a, UI_ACT_DELETE, 0);
	app_view(a, 0, &v);
	CHECK(v.pin.entered == 1, "delete takes a digit back: %d", v.pin.entered);
	shoot_once(&v);
	act(a, UI_ACT_DELETE, 0);
	log_in(a, "2468");
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_PATIENT_LIST && v.patients.n == 4 && v.patients.rows[0].flagged,
	      "patient list, P1's suggestion new: id %d", v.id);
	shoot_once(&v);
	/* P1 (the fixture: a phase change waits) is first, P2 second */
	act(a, UI_ACT_SELECT, 1);
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_PATIENT_DETAIL && v.patient.phase == 2, "P2 detail: id %d", v.id);
	shoot_once(&v);
	act(a, UI_ACT_SELECT, 0);
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_FORCE_TRACE && v.trace.n > 1000 && v.trace.rate_hz > 0, "force trace of %d samples",
	      v.id == SCREEN_FORCE_TRACE ? v.trace.n : 0);
	shoot_once(&v);
	act(a, UI_ACT_BACK, 0);
	act(a, UI_ACT_NEXT, 0);
	app_view(a, 0, &v);
	REQUIRE(v.id == SCREEN_GRAPHS && v.graphs.n == 7 && v.graphs.graphs[0].n == 1, "graphs: id %d", v.id);
	CHECK(v.graphs.graphs[0].series[0].y[0] >= 3 && v.graphs.graphs[0].series[0].y[0] <= 5,
		      "lowering mean %.2f s in the band", v.graphs.graphs[0].series[0].y[0]);
	shoot_once(&v);
	for (int i = 1; i < 7; i++) {
		act(a, UI_ACT_SELECT, i);
		app_view(a, 0, &v);
		char name[32];
		snprintf(name, sizeof name, "graphs_%d", i);
		shoot(&v, name);
	}
	mode_t old_mask = umask(0); /* the exports are private whatever the umask */
	CHECK(act(a, UI_ACT_EXPORT, 0) == ST_OK, "export: %s", st_errmsg());
	umask(old_mask);
	app_view(a, 0, &v);
	const char *saved = v.graphs.status ? strstr(v.graphs.status, "exports/P2-") : NULL;
	CHECK(saved, "status '%s'", v.graphs.status ? v.graphs.status : "");
	shoot(&v, "graphs_saved");
	char dir[PATH_MAX + 64];
	snprintf(dir, sizeof dir, "%s/%s", data_dir, saved ? saved : "");
	CHECK(count_files(dir, ".png") == 7, "7 graphs as PNG in %s: %d", dir, count_files(dir, ".png"));
	CHECK(count_files(dir, ".csv") == 7, "7 CSV files in %s: %d", dir, count_files(dir, ".csv"));
	CHECK(count_files_mode(dir, ".png", true) == 7 && count_files_mode(dir, ".csv", true) == 7,
	      "exports 0600 under umask 000: %d PNG, %d CSV", count_files_mode(dir, ".png", true),
	      count_files_mode(dir, ".csv", true));
	act(a, UI_ACT_BACK, 0);
	act(a, UI_ACT_BACK, 0);
	/* the fixture's patient with a phase change waiting */
	act(a, UI_ACT_SELECT, 0);
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_PATIENT_DETAIL && v.patient.suggestion && v.patient.phase == 2,
	      "P1 detail with a suggestion: id %d phase %d", v.id, v.patient.phase);
	shoot(&v, "patient_suggestion");
	CHECK(act(a, UI_ACT_DECLINE, 0) == ST_OK, "decline: %s", st_errmsg());
	app_view(a, 0, &v);
	CHECK(v.patient.phase == 2, "declined: phase stays 2, is %d", v.patient.phase);
	/* declined: still there to confirm, marked, not to be declined again, no longer new */
	act(a, UI_ACT_SELECT, 1); /* the status goes */
	app_view(a, 0, &v);
	CHECK(v.patient.decide && v.patient.declined && strstr(v.patient.suggestion, "(declined)") &&
		      strncmp(v.patient.reasons[0], "Declined by Tess on ", 20) == 0,
	      "the decline shown: '%s', '%s'", v.patient.suggestion, v.patient.n_reasons ? v.patient.reasons[0] : "");
	CHECK(act(a, UI_ACT_DECLINE, 0) == ST_ERR_STATE, "declined once only");
	act(a, UI_ACT_BACK, 0);
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_PATIENT_LIST && !v.patients.rows[0].flagged, "P1 no longer flagged as new on the list");
	act(a, UI_ACT_SELECT, 0);
	CHECK(act(a, UI_ACT_CONFIRM, 0) == ST_OK && act(a, UI_ACT_YES, 0) == ST_OK, "confirm: %s", st_errmsg());
	app_view(a, 0, &v);
	CHECK(v.patient.phase == 3 && !v.patient.decide, "confirmed: phase 3 (nothing more to decide), is %d", v.patient.phase);
	act(a, UI_ACT_BACK, 0);
	act(a, UI_ACT_BACK, 0);
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_CHOOSE_PATIENT, "back to choose: %d", v.id);

	struct store *s;
	struct patient p;
	CHECK(store_open(data_dir, &s) == ST_OK && store_patient_find(s, "P1", &p) == ST_OK, "%s", st_errmsg());
	CHECK(p.phase == 3, "the store has P1 in phase %d", p.phase);
	char text[4096];
	exported(s, p.id, "phase_changes.csv", text, sizeof text);
	CHECK(strstr(text, "declined") && strstr(text, "confirmed") && strstr(text, "Tess"),
	      "both decisions recorded with the physio's name: %s", text);
	/* a decline's reason is not the suggestion's reasons for the move */
	const char *declined = strstr(text, "declined,");
	char line[1024] = "";
	if (declined)
		snprintf(line, sizeof line, "%.*s", (int)strcspn(declined, "\n"), declined);
	/* its why says where it was made, not why to move; the suggestion it declined is kept
	 * whole beside it */
	CHECK(strstr(line, "declined,Tess,declined on the station's screen (no reason given there),\"next phase (3): "),
	      "the decline says where it was made, not why to move, and what it declined: %s", line);
	/* the confirmation's why: the reasons for the move, not the decline */
	const char *confirmed = strstr(text, "confirmed,Tess,\"");
	snprintf(line, sizeof line, "%.*s", confirmed ? (int)strcspn(confirmed + 16, "\"") : 0,
		 confirmed ? confirmed + 16 : "");
	CHECK(strstr(line, "met every target") && !strstr(line, "Declined by"),
	      "the confirmation after a decline gives the reasons for the move, not the decline: %s", line);
	store_close(s);
	CHECK(pin_set(data_dir, "12a4") == ST_ERR_ARG && pin_set(data_dir, "123") == ST_ERR_ARG, "bad PINs refused");
	CHECK(pin_set(data_dir, "424242") == ST_OK, "%s", st_errmsg());
	double wait;
	CHECK(pin_try(data_dir, "2468", time(NULL), &wait) == PIN_WRONG &&
		      pin_try(data_dir, "424242", time(NULL), &wait) == PIN_OK &&
		      pin_try(data_dir, "42424", time(NULL), &wait) == PIN_WRONG,
	      "a PIN set again replaces the old one");
}

/* Runs patient index's session to its end with the "next" key and a pain score of 1,
 * saving the first view of each screen; returns how many views showed the plate
 * unplugged. */
static int nobody_after_unplug; /* exercise views with nobody on the plate after an unplug */
static char summaries[4096];    /* the summaries' titles drive_to_end() saw, each once */
static int hold_views_released, hold_number_moved; /* a released hold's views, those numbered as another hold */
static int hold_rest_views;                        /* ... counting down the rest before the next */
static int steady_at_start;   /* hold views judging steadiness in the hold's first 2 s (the rise's own sway) */
static int rests_by_hold;     /* rest views saying "Next: hold 2 of 5" */

static int drive_to_end(struct app *u, int index)
{
	struct screen_view v;
	int unplugged = 0, steps, hold_up = 0;
	act(u, UI_ACT_SELECT, index);
	for (steps = 0; steps < 1000000; steps++) {
		CHECK(app_tick(u, 10) == ST_OK, "tick: %s", st_errmsg());
		app_view(u, 0, &v);
		/* a hold's verdict under its own number, not the next hold's */
		if (v.id == SCREEN_HOLD && v.hold.heels_up && !v.hold.stale && !v.hold.released)
			hold_up = v.hold.hold;
		steady_at_start += v.id == SCREEN_HOLD && v.hold.heels_up && v.hold.held_s < 2 && isfinite(v.hold.steadiness);
		rests_by_hold += v.id == SCREEN_REST && v.rest.holds;
		char rest[48];
		if (v.id == SCREEN_HOLD && v.hold.released) {
			hold_views_released++;
			hold_number_moved += v.hold.hold != hold_up;
			hold_rest_views += view_hold_rest_words(&v.hold, rest, sizeof rest);
		}
		if (v.unplugged && !unplugged++)
			shoot(&v, "unplugged");
		if (unplugged && !v.unplugged && v.id == SCREEN_RAISES && v.raises.rep < v.raises.reps_target &&
		    isnan(v.raises.bal.left_pct))
			nobody_after_unplug++;
		if (v.id == SCREEN_CHOOSE_PATIENT)
			break;
		if (!v.unplugged)
			shoot_once(&v);
		size_t used = strlen(summaries);
		if (v.id == SCREEN_SUMMARY && !strstr(summaries, v.summary.title) && used + 64 < sizeof summaries)
			snprintf(summaries + used, sizeof summaries - used, "%.60s|", v.summary.title);
		if (v.id == SCREEN_PAIN)
			act(u, UI_ACT_DIGIT, 1);
		if (v.id == SCREEN_PAIN || v.id == SCREEN_QUESTION || v.id == SCREEN_SUMMARY)
			act(u, UI_ACT_NEXT, 0);
	}
	CHECK(steps < 1000000 && !v.unplugged, "patient %d: the session ends, plate in", index);
	return unplugged;
}

/* Holds (phases 1 and 5) and hops (phase 4) through their own screens to a complete
 * session. */
static void other_exercises(void)
{
	char *dir = temp_path("app-modes");
	struct store *s;
	int64_t id;
	CHECK(store_open(dir, &s) == ST_OK, "%s", st_errmsg());
	CHECK(store_patient_add(s, "H1", "", SIDE_LEFT, 1, &id) == ST_OK, "%s", st_errmsg());
	CHECK(store_patient_add(s, "H4", "", SIDE_LEFT, 4, &id) == ST_OK, "%s", st_errmsg());
	CHECK(store_patient_add(s, "H5", "", SIDE_LEFT, 5, &id) == ST_OK, "%s", st_errmsg());
	store_close(s);
	struct app *u;
	struct app_params bad = { .data_dir = dir, .plate = "replay:/nonexistent.rec", .fast = true };
	CHECK(app_new(&bad, &u) == ST_OK, "%s", st_errmsg());
	struct screen_view v;
	act(u, UI_ACT_SELECT, 0);
	act(u, UI_ACT_NO, 0);
	CHECK(view_settled(u, &v) != ST_OK, "no plate: after the VISA-A's offer, the session does not start");
	CHECK(v.id == SCREEN_SUMMARY && v.summary.n_reasons == 1 && strstr(v.summary.reasons[0], "nonexistent"),
	      "the screen says why: %s", v.id == SCREEN_SUMMARY && v.summary.n_reasons ? v.summary.reasons[0] : "");
	shoot(&v, "cannot_start");
	act(u, UI_ACT_NEXT, 0);
	app_view(u, 0, &v);
	CHECK(v.id == SCREEN_CHOOSE_PATIENT, "then back to choose: %d", v.id);
	app_free(u);
	struct app_params ap = { .data_dir = dir, .plate = "sim", .fast = true };
	CHECK(app_new(&ap, &u) == ST_OK, "%s", st_errmsg());
	summaries[0] = '\0';
	drive_to_end(u, 0);
	CHECK(seen[SCREEN_HOLD], "the hold screen was shown");
	CHECK(strstr(summaries, "Hold 1 of 5 done") && !strstr(summaries, "Set 1 of"),
	      "one hold a set: its summary counts holds as its screen does: %s", summaries);
	CHECK(rests_by_hold > 0, "one hold a set: the rest says 'Next: hold', as the summary counts (%d views)",
	      rests_by_hold);
	drive_to_end(u, 1);
	CHECK(seen[SCREEN_HOPS], "the hop screen was shown");
	hold_views_released = hold_number_moved = hold_rest_views = 0;
	drive_to_end(u, 2); /* phase 5: holds a set, a rest between them */
	CHECK(hold_views_released > 0 && hold_number_moved == 0,
	      "standing holds: %d of %d views of a hold's verdict numbered as the next hold", hold_number_moved,
	      hold_views_released);
	CHECK(hold_rest_views > 0, "the rest between holds counted down in %d of %d views", hold_rest_views,
	      hold_views_released);
	CHECK(steady_at_start == 0, "%d hold views judged steadiness in a hold's first 2 s", steady_at_start);
	rests_by_hold = 0;
	app_free(u);
	CHECK(store_open(dir, &s) == ST_OK, "%s", st_errmsg());
	const char *ids[] = { "H1", "H4", "H5" };
	for (int i = 0; i < 3; i++) {
		struct patient p;
		struct history h;
		CHECK(store_patient_find(s, ids[i], &p) == ST_OK && store_history(s, p.id, &h) == ST_OK, "%s", st_errmsg());
		CHECK(h.n == 1 && h.sessions[0].complete && h.sessions[0].n_sets > 0 && h.sessions[0].sets[0].count > 0,
		      "%s: a complete session with events", ids[i]);
		history_free(&h);
	}
	store_close(s);
	free(dir);
}

/* The plate unplugged in the rest after set 1: the screen says so, and the session goes
 * on to the end when it is back, with the patient where they are by then (the simulated
 * patient's script does not start again: that showed "nobody on the plate", then played
 * set 1 again while the session waited for set 2, which got no reps). Questions and
 * summaries answered with the "next" key alone, pain with a score. */
static void unplugged_mid_session(void)
{
	struct flow_plan plan = { .mode = EXERCISE_HEEL_RAISE, .sets = 2, .per_set = 5, .lower_min_s = 3,
				  .lower_max_s = 5, .rest_s = 120 };
	struct plate_dose dose;
	flow_plan_dose(&plan, &dose);
	char *text = sim_patient_scenario(&dose, 3);
	size_t len = strlen(text) + 32;
	char *all = malloc(len), spec[PATH_MAX + 8];
	snprintf(all, len, "%sunplug at=70\n", text); /* set 1: 8-48 s, then the rest */
	char *path = temp_file_with("unplug.sim", all);
	snprintf(spec, sizeof spec, "sim:%s", path);
	struct app *u;
	struct app_params ap = { .data_dir = data_dir, .plate = spec, .fast = true };
	CHECK(app_new(&ap, &u) == ST_OK, "%s", st_errmsg());
	int unplugged = drive_to_end(u, 3); /* P4 */
	CHECK(unplugged > 0, "unplugged seen in %d views, then back", unplugged);
	struct store *s;
	struct patient p;
	struct history h;
	CHECK(store_open(data_dir, &s) == ST_OK && store_patient_find(s, "P4", &p) == ST_OK &&
		      store_history(s, p.id, &h) == ST_OK,
	      "%s", st_errmsg());
	CHECK(h.n == 1 && h.sessions[0].complete && h.sessions[0].n_sets == 2, "the session went on to the end");
	for (size_t k = 0; h.n == 1 && k < h.sessions[0].n_sets; k++)
		CHECK(h.sessions[0].sets[k].count == 5, "set %zu: 5 reps, got %d", k + 1, h.sessions[0].sets[k].count);
	CHECK(nobody_after_unplug == 0, "plugged back, the patient is still on the plate: %d views said nobody",
	      nobody_after_unplug);
	history_free(&h);
	store_close(s);
	app_free(u);
	free(path);
	free(all);
	free(text);
}

/* A write that fails (a full disk; here the recordings folder is a file): the session's
 * end says that not all of it was saved, not "What was done is kept" (a stranger's full
 * disk was told so while its set was not saved). */
static void write_failure_told(void)
{
	char *dir = temp_path("app-nosave"), rec[PATH_MAX];
	struct store *s;
	int64_t id;
	REQUIRE(store_open(dir, &s) == ST_OK && store_patient_add(s, "N1", "", SIDE_LEFT, 2, &id) == ST_OK, "%s",
		st_errmsg());
	store_close(s);
	snprintf(rec, sizeof rec, "%s/recordings", dir);
	REQUIRE(rmdir(rec) == 0, "%s: %s", rec, strerror(errno));
	FILE *f = fopen(rec, "w");
	REQUIRE(f && fclose(f) == 0, "%s", rec);
	struct app *a;
	struct app_params ap = { .data_dir = dir, .plate = "sim", .fast = true };
	REQUIRE(app_new(&ap, &a) == ST_OK, "%s", st_errmsg());
	struct screen_view v;
	bool told = false, kept_said = false;
	act(a, UI_ACT_SELECT, 0);
	for (int steps = 0; steps < 1000000; steps++) {
		app_tick(a, 10);
		app_view(a, 0, &v);
		if (v.id == SCREEN_CHOOSE_PATIENT)
			break;
		for (int i = 0; v.id == SCREEN_SUMMARY && i < v.summary.n_rows; i++) {
			if (!told && strstr(v.summary.rows[i].value, "could not save"))
				shoot(&v, "session_not_saved");
			told |= strstr(v.summary.rows[i].value, "could not save") != NULL;
			kept_said |= strstr(v.summary.rows[i].value, "What was done is kept") != NULL;
		}
		if (v.id == SCREEN_PAIN)
			act(a, UI_ACT_DIGIT, 1);
		if (v.id == SCREEN_PAIN || v.id == SCREEN_QUESTION || v.id == SCREEN_SUMMARY)
			act(a, UI_ACT_NEXT, 0);
	}
	CHECK(told && !kept_said, "a failed write told (%d), not \"kept\" (%d)", told, kept_said);
	app_free(a);
	free(dir);
}

/* A patient at the end. Back on the first question leaves, and no session is kept (a
 * stranger who chose the wrong name found a "stopped" one in that patient's history); nor
 * when the station is closed on the second, nothing recorded yet. Then, stopped on the
 * step-on screen after the questions: kept as a visit, stopped, its summary without "0 of
 * 2 sets", and not a session to space the next from. */
static void stop_early(struct app *a)
{
	struct screen_view v;
	for (int visit = 0; visit < 3; visit++) {
		act(a, UI_ACT_SELECT, 2);
		view_settled(a, &v);
		if (v.id == SCREEN_QUESTION && v.question.number == 0) { /* the VISA-A's offer: later */
			act(a, UI_ACT_NO, 0);
			view_settled(a, &v);
		}
		CHECK(v.id == SCREEN_QUESTION && v.question.number == 1 && v.question.count == 3, "first question: %d",
		      v.id);
		if (visit == 0) {
			act(a, UI_ACT_BACK, 0);
			app_view(a, 0, &v);
			CHECK(v.id == SCREEN_CHOOSE_PATIENT, "Back on the first question: the names again (%d)", v.id);
			continue;
		}
		if (visit == 1) {
			act(a, UI_ACT_NO, 0);
			view_settled(a, &v);
			act(a, UI_ACT_QUIT, 0);
			view_settled(a, &v);
			act(a, UI_ACT_NEXT, 0);
			app_view(a, 0, &v);
			CHECK(v.id == SCREEN_CHOOSE_PATIENT, "closed on the second question: the names again (%d)", v.id);
			continue;
		}
		for (int q = 0; q < 3; q++) {
			act(a, UI_ACT_NO, 0);
			view_settled(a, &v);
		}
		act(a, UI_ACT_DIGIT, 2);
		act(a, UI_ACT_NEXT, 0);
		view_settled(a, &v);
		CHECK(v.id == SCREEN_STEP_ON, "after the questions: step on (%d)", v.id);
		act(a, UI_ACT_BACK, 0);
		view_settled(a, &v);
		CHECK(v.id == SCREEN_SUMMARY && strcmp(v.summary.title, "Session stopped") == 0, "stopped: %d", v.id);
		for (int i = 0; v.id == SCREEN_SUMMARY && i < v.summary.n_rows; i++) /* no "0 of 2 sets", nothing "kept" */
			CHECK(!strstr(v.summary.rows[i].value, "0 of") && !strstr(v.summary.rows[i].value, "kept"),
			      "stopped before exercise: '%s %s'", v.summary.rows[i].label, v.summary.rows[i].value);
		act(a, UI_ACT_NEXT, 0);
		app_view(a, 0, &v);
		CHECK(v.id == SCREEN_CHOOSE_PATIENT && v.choose.highlighted == 2,
		      "choose, the last patient highlighted: %d %d", v.id, v.choose.highlighted);
	}
	struct store *s;
	struct patient p;
	struct history h = { 0 };
	time_t last = 1;
	REQUIRE(store_open(data_dir, &s) == ST_OK && store_patient_find(s, "P3", &p) == ST_OK &&
			store_history(s, p.id, &h) == ST_OK && store_last_session(s, p.id, &last) == ST_OK,
		"%s", st_errmsg());
	CHECK(h.n == 1 && h.sessions[0].n_sets == 0 && strcmp(h.sessions[0].ended, "stopped") == 0 && last == 0,
	      "the stopped visit kept, the one left not (%zu sessions), no last session to space from (%lld)", h.n,
	      (long long)last);
	history_free(&h);
	store_close(s);
}

/* A new store in dir with one patient in phase 2 (patient NULL: the store as it is), and
 * the station on the simulated plate (fast) over it. */
static struct app *app_with_patient(const char *dir, const char *patient)
{
	struct store *s;
	int64_t id;
	if (patient) {
		CHECK(store_open(dir, &s) == ST_OK && store_patient_add(s, patient, "", SIDE_LEFT, 2, &id) == ST_OK,
		      "%s", st_errmsg());
		store_close(s);
	}
	struct app *u;
	struct app_params ap = { .data_dir = dir, .plate = "sim", .fast = true };
	REQUIRE(app_new(&ap, &u) == ST_OK, "%s", st_errmsg());
	return u;
}

/* The number of pain rows of kind in the store of dir, and the last one's score. */
static int pain_rows(const char *dir, const char *kind, int *score)
{
	char path[PATH_MAX], sql[160];
	snprintf(path, sizeof path, "%s/%s", dir, STORE_DB_NAME);
	snprintf(sql, sizeof sql, "SELECT count(*), coalesce(max(score), -1) FROM pain WHERE kind = '%s'", kind);
	sqlite3 *db;
	sqlite3_stmt *st;
	int n = -1;
	REQUIRE(sqlite3_open(path, &db) == SQLITE_OK && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK,
		"%s: %s", path, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int(st, 0);
		*score = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* Back on the questions before the exercise is a tap, to the question before (a stranger
 * held Back on question 2 to undo a wrong answer and the whole session stopped); the pain
 * answered again replaces the first in the store. */
static void back_through_questions(void)
{
	char *dir = temp_path("app-back");
	struct app *u = app_with_patient(dir, "BQ");
	struct screen_view v;
	act(u, UI_ACT_SELECT, 0);
	view_settled(u, &v);
	if (v.id == SCREEN_QUESTION && v.question.number == 0) { /* the VISA-A's offer: later */
		act(u, UI_ACT_NO, 0);
		view_settled(u, &v);
	}
	act(u, UI_ACT_NO, 0);
	view_settled(u, &v);
	CHECK(v.id == SCREEN_QUESTION && v.question.number == 2 && v.question.back_at_once,
	      "question 2, Back a tap: %d %d", v.id, v.question.number);
	act(u, UI_ACT_BACK, 0);
	view_settled(u, &v);
	CHECK(v.id == SCREEN_QUESTION && v.question.number == 1, "Back: question 1 again (%d %d)", v.id,
	      v.question.number);
	for (int i = 0; i < 3; i++) {
		act(u, UI_ACT_NO, 0);
		view_settled(u, &v);
	}
	CHECK(v.id == SCREEN_PAIN && v.pain.back_at_once, "pain now, Back a tap: %d", v.id);
	act(u, UI_ACT_BACK, 0);
	view_settled(u, &v);
	CHECK(v.id == SCREEN_QUESTION && v.question.number == 3, "Back from the pain: question 3 (%d %d)", v.id,
	      v.question.number);
	act(u, UI_ACT_NO, 0);
	act(u, UI_ACT_DIGIT, 8);
	act(u, UI_ACT_NEXT, 0);
	view_settled(u, &v);
	CHECK(v.id == SCREEN_QUESTION && v.question.advice && v.question.back_at_once,
	      "pain 8: best not to exercise, Back a tap (%d)", v.id);
	act(u, UI_ACT_BACK, 0);
	view_settled(u, &v);
	CHECK(v.id == SCREEN_PAIN && v.pain.selected < 0, "Back: the pain asked again, no score chosen (%d %d)", v.id,
	      v.pain.selected);
	act(u, UI_ACT_DIGIT, 2);
	act(u, UI_ACT_NEXT, 0);
	view_settled(u, &v);
	CHECK(v.id == SCREEN_STEP_ON, "pain 2: on to the plate (%d)", v.id);
	act(u, UI_ACT_QUIT, 0);
	app_free(u); /* the store's writer done */
	int score = -1, n = pain_rows(dir, "before", &score);
	CHECK(n == 1 && score == 2, "the pain before stored once, as answered last: %d rows, %d", n, score);
	free(dir);
}

/* The sessions' answers to the advice not to exercise today, oldest first: 1 went on, 0
 * stopped, -1 not asked (or withdrawn). */
static int pain_gates(const char *dir, int *gates, int max)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", dir, STORE_DB_NAME);
	sqlite3 *db;
	sqlite3_stmt *st;
	REQUIRE(sqlite3_open(path, &db) == SQLITE_OK &&
			sqlite3_prepare_v2(db, "SELECT coalesce(pain_gate_went_on, -1) FROM sessions ORDER BY id", -1,
					   &st, NULL) == SQLITE_OK,
		"%s: %s", path, sqlite3_errmsg(db));
	int n = 0;
	while (n < max && sqlite3_step(st) == SQLITE_ROW)
		gates[n++] = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

/* Answers the safety questions no, from the first (after the VISA-A's offer), then pain
 * now; the view after. */
static void answer_up_to_pain(struct app *u, int pain, struct screen_view *v)
{
	act(u, UI_ACT_SELECT, 0);
	view_settled(u, v);
	if (v->id == SCREEN_QUESTION && v->question.number == 0) { /* the VISA-A's offer: later */
		act(u, UI_ACT_NO, 0);
		view_settled(u, v);
	}
	for (int i = 0; i < 3; i++)
		act(u, UI_ACT_NO, 0);
	act(u, UI_ACT_DIGIT, pain);
	act(u, UI_ACT_NEXT, 0);
	view_settled(u, v);
}

/* The answer to the advice not to exercise is kept with the session, for the physio; an
 * answer the patient went Back past is not (a stranger went back from pain 8 to a red
 * flag, and the session kept the pain 8 it ended before). */
static void pain_advice_answer_kept(void)
{
	char *dir = temp_path("app-pain-gate");
	struct app *u = app_with_patient(dir, "PG");
	struct screen_view v;
	answer_up_to_pain(u, 8, &v);
	CHECK(v.id == SCREEN_QUESTION && v.question.advice, "pain 8: the advice (%d)", v.id);
	act(u, UI_ACT_YES, 0);
	view_settled(u, &v);
	CHECK(v.id == SCREEN_STEP_ON, "exercise anyway: on to the plate (%d)", v.id);
	act(u, UI_ACT_QUIT, 0);
	app_free(u);

	u = app_with_patient(dir, NULL);
	answer_up_to_pain(u, 9, &v);
	act(u, UI_ACT_BACK, 0); /* from the advice to the pain */
	act(u, UI_ACT_BACK, 0); /* to the last safety question */
	view_settled(u, &v);
	CHECK(v.id == SCREEN_QUESTION && v.question.number == 3, "Back twice: question 3 (%d %d)", v.id,
	      v.question.number);
	act(u, UI_ACT_YES, 0);
	view_settled(u, &v);
	CHECK(v.id == SCREEN_SUMMARY, "a red flag stops (%d)", v.id);
	act(u, UI_ACT_QUIT, 0);
	app_free(u);

	int gates[4], n = pain_gates(dir, gates, 4), score = -1;
	CHECK(n == 2 && gates[0] == 1 && gates[1] == -1, "went on kept, the withdrawn one not: %d sessions, %d %d", n,
	      n > 0 ? gates[0] : -2, n > 1 ? gates[1] : -2);
	int rows = pain_rows(dir, "before", &score);
	CHECK(rows == 1 && score == 8, "only the first session's pain before is kept: %d rows, %d", rows, score);
	free(dir);
}

/* A red flag today: choosing the patient again gives the refusal at once, not the
 * VISA-A's offer first (a stranger was asked its questions, then refused). */
static void red_flag_then_refused(void)
{
	char *dir = temp_path("app-red-flag");
	struct app *u = app_with_patient(dir, "RF");
	struct screen_view v;
	act(u, UI_ACT_SELECT, 0);
	view_settled(u, &v);
	CHECK(v.id == SCREEN_QUESTION && v.question.number == 0, "the VISA-A is offered first: %d", v.id);
	act(u, UI_ACT_NO, 0);
	view_settled(u, &v);
	CHECK(v.id == SCREEN_QUESTION && v.question.number == 1, "the first red-flag question: %d", v.id);
	act(u, UI_ACT_YES, 0);
	view_settled(u, &v);
	CHECK(v.id == SCREEN_SUMMARY && strstr(v.summary.title, "checked"), "a red flag stops: %d %s", v.id,
	      v.id == SCREEN_SUMMARY ? v.summary.title : "");
	act(u, UI_ACT_NEXT, 0);
	app_view(u, 0, &v);
	CHECK(v.id == SCREEN_CHOOSE_PATIENT, "back to choose: %d", v.id);
	act(u, UI_ACT_SELECT, 0);
	view_settled(u, &v);
	CHECK(v.id == SCREEN_SUMMARY && v.summary.advice && strstr(v.summary.advice, "safety check found a pop") &&
		      strcmp(v.summary.title, "No exercise today") == 0,
	      "chosen again the same day: the refusal as safety advice, not the VISA-A (screen %d, question %d)", v.id,
	      v.id == SCREEN_QUESTION ? v.question.number : -1);
	shoot(&v, "red_flag_again");
	app_free(u);
	free(dir);
}

/* No patient outlined yet: the arrows move the outline over the rows, and "next" picks
 * it (a foot switch or clicker alone could not start a session). */
static void arrows_choose(void)
{
	char *dir = temp_path("app-arrows");
	struct store *s;
	int64_t id;
	REQUIRE(store_open(dir, &s) == ST_OK && store_patient_add(s, "AR1", "", SIDE_LEFT, 2, &id) == ST_OK &&
			store_patient_add(s, "AR2", "", SIDE_LEFT, 2, &id) == ST_OK,
		"%s", st_errmsg());
	store_close(s);
	struct app *u;
	struct app_params ap = { .data_dir = dir, .plate = "sim", .fast = true };
	REQUIRE(app_new(&ap, &u) == ST_OK, "%s", st_errmsg());
	struct screen_view v;
	app_view(u, 0, &v);
	CHECK(v.id == SCREEN_CHOOSE_PATIENT && v.choose.highlighted < 0, "nobody outlined: %d", v.choose.highlighted);
	static const int steps[] = { 1, 1, 1, -1 }, want[] = { 0, 1, 1, 0 };
	for (int k = 0; k < 4; k++) {
		act(u, UI_ACT_STEP, steps[k]);
		app_view(u, 0, &v);
		CHECK(v.id == SCREEN_CHOOSE_PATIENT && v.choose.highlighted == want[k], "arrow %d: row %d, not %d", k,
		      v.choose.highlighted, want[k]);
	}
	act(u, UI_ACT_NEXT, 0);
	view_settled(u, &v);
	CHECK(v.id == SCREEN_QUESTION, "the outlined patient's session: screen %d", v.id);
	app_free(u);
	free(dir);
}

/* More patients than a screen holds: the last row turns the page, round to the first. */
static void paging(void)
{
	struct store *s;
	int64_t id;
	CHECK(store_open(data_dir, &s) == ST_OK, "%s", st_errmsg());
	for (int i = 5; i <= 9; i++) {
		char name[8];
		snprintf(name, sizeof name, "P%d", i);
		CHECK(store_patient_add(s, name, "", SIDE_LEFT, 1, &id) == ST_OK, "%s", st_errmsg());
	}
	store_close(s);
	struct app *a;
	struct app_params ap = { .data_dir = data_dir, .plate = "sim", .fast = true };
	CHECK(app_new(&ap, &a) == ST_OK, "%s", st_errmsg());
	struct screen_view v;
	app_view(a, 0, &v);
	CHECK(v.choose.n == VIEW_MAX_LIST && strcmp(v.choose.names[VIEW_MAX_LIST - 1], "More patients") == 0,
	      "9 patients: 5 and More (%d rows)", v.choose.n);
	act(a, UI_ACT_SELECT, VIEW_MAX_LIST - 1);
	app_view(a, 0, &v);
	CHECK(v.choose.n == 5 && strcmp(v.choose.names[0], "P6") == 0 && strcmp(v.choose.names[4], "More patients") == 0,
	      "page 2: P6 to P9 and More: %s, %d rows", v.choose.names[0], v.choose.n);
	act(a, UI_ACT_SELECT, 4);
	app_view(a, 0, &v);
	CHECK(strcmp(v.choose.names[0], "Fixture P.") == 0, "then back to the first page: %s", v.choose.names[0]);
	/* a clicker's arrows reach "More patients" too, and "next" on it turns the page with
	 * its first patient outlined (the arrows stopped at the last patient) */
	for (int k = 0; k < VIEW_MAX_LIST + 2; k++)
		act(a, UI_ACT_STEP, 1);
	app_view(a, 0, &v);
	CHECK(v.choose.highlighted == VIEW_MAX_LIST - 1, "the arrows reach More patients: row %d", v.choose.highlighted);
	act(a, UI_ACT_NEXT, 0);
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_CHOOSE_PATIENT && strcmp(v.choose.names[0], "P6") == 0 && v.choose.highlighted == 0,
	      "next on it: page 2, P6 outlined (%s, row %d)", v.choose.names[0], v.choose.highlighted);
	act(a, UI_ACT_BACK, 0);
	act(a, UI_ACT_PHYSIO, 0);
	log_in(a, "424242");
	act(a, UI_ACT_SELECT, VIEW_MAX_LIST - 1);
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_PATIENT_LIST && strcmp(v.patients.rows[0].name, "P6") == 0, "physio list page 2: %s",
	      v.id == SCREEN_PATIENT_LIST ? v.patients.rows[0].name : "");
	act(a, UI_ACT_SELECT, 3);
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_PATIENT_DETAIL && strcmp(v.patient.name, "P9") == 0, "P9 from page 2: %s",
	      v.id == SCREEN_PATIENT_DETAIL ? v.patient.name : "");
	app_free(a);
}

/* The physio adds a patient on the screens (number, side, phase); a number in use is
 * refused with the message on the pad; setting the phase is recorded with who and why. */
static void add_patient(void)
{
	char *dir = temp_path("app-add");
	struct store *s;
	struct patient p;
	int64_t id;
	CHECK(store_open(dir, &s) == ST_OK && store_patient_add(s, "P-4", "Ann", SIDE_LEFT, 2, &id) == ST_OK &&
		      store_patient_add(s, "P-003", "Bo", SIDE_LEFT, 2, &id) == ST_OK,
	      "%s", st_errmsg());
	store_close(s);
	struct app *a;
	struct app_params ap = { .data_dir = dir, .plate = "sim", .fast = true };
	CHECK(app_new(&ap, &a) == ST_OK, "%s", st_errmsg());
	struct screen_view v;
	CHECK(pin_set(dir, "2468") == ST_OK, "%s", st_errmsg());
	act(a, UI_ACT_PHYSIO, 0);
	log_in(a, "2468");
	act(a, UI_ACT_NEXT, 0); /* the list's "next" target: Add patient */
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_PIN && v.pin.text && strcmp(v.pin.text, "P-005") == 0 && v.pin.hint,
	      "the pad offers the next free number, as wide as the widest: %s",
	      v.id == SCREEN_PIN && v.pin.text ? v.pin.text : "");
	shoot(&v, "new_patient");
	act(a, UI_ACT_DIGIT, 3); /* types over the suggestion: P-003's number written otherwise */
	CHECK(act(a, UI_ACT_NEXT, 0) != ST_OK, "P-3 is refused beside P-003");
	app_view(a, 0, &v);
	CHECK(v.pin.message && strstr(v.pin.message, "P-003 is already a patient"), "says which: %s",
	      v.pin.message ? v.pin.message : "");
	act(a, UI_ACT_DELETE, 0);
	act(a, UI_ACT_DIGIT, 4);
	CHECK(act(a, UI_ACT_NEXT, 0) != ST_OK, "P-4 is refused");
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_PIN && strcmp(v.pin.text, "P-4") == 0 && v.pin.message &&
		      strstr(v.pin.message, "P-4 is already a patient"),
	      "the pad says why: %s", v.id == SCREEN_PIN && v.pin.message ? v.pin.message : "");
	shoot(&v, "new_patient_taken");
	act(a, UI_ACT_DIGIT, 2);
	app_view(a, 0, &v);
	CHECK(strcmp(v.pin.text, "P-42") == 0 && !v.pin.message, "typing on: %s, message gone", v.pin.text);
	CHECK(act(a, UI_ACT_NEXT, 0) == ST_OK, "%s", st_errmsg());
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_CHOICE && v.choice.n == 3 && v.choice.selected == -1, "side: none chosen yet (%d)", v.id);
	act(a, UI_ACT_NEXT, 0);
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_CHOICE && v.choice.n == 3, "no side, no next: %d", v.id);
	act(a, UI_ACT_DIGIT, 2); /* digits pick phases, not sides */
	app_view(a, 0, &v);
	CHECK(v.choice.selected == -1, "a digit chose side %d", v.choice.selected);
	act(a, UI_ACT_SELECT, 1);
	app_view(a, 0, &v);
	CHECK(v.choice.selected == 1 && strcmp(v.choice.labels[1], "Right") == 0, "right chosen");
	shoot(&v, "new_patient_side");
	act(a, UI_ACT_NEXT, 0);
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_CHOICE && v.choice.n == 6 && v.choice.selected == 0, "phase: 1 to start with (%d)",
	      v.choice.selected);
	act(a, UI_ACT_SELECT, 2);
	app_view(a, 0, &v);
	shoot(&v, "new_patient_phase");
	CHECK(act(a, UI_ACT_NEXT, 0) == ST_OK, "save: %s", st_errmsg());
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_PATIENT_DETAIL && strcmp(v.patient.name, "P-42") == 0 && v.patient.phase == 3 &&
		      v.patient.status && strstr(v.patient.status, "right"),
	      "saved, the new patient's detail: %d %s", v.id, v.id == SCREEN_PATIENT_DETAIL ? v.patient.name : "");
	shoot(&v, "patient_added");
	CHECK(store_open(dir, &s) == ST_OK && store_patient_find(s, "P-42", &p) == ST_OK, "%s", st_errmsg());
	CHECK(p.side == SIDE_RIGHT && p.phase == 3 && !p.name[0], "the store has P-42: side %s, phase %d",
	      side_name(p.side), p.phase);
	store_close(s);

	act(a, UI_ACT_SET_PHASE, 0);
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_CHOICE && v.choice.selected == 2 && v.choice.detail && strstr(v.choice.detail, "(now)"),
	      "set phase: the current one chosen: %d", v.id);
	act(a, UI_ACT_SELECT, 0);
	act(a, UI_ACT_BACK, 0); /* changed their mind: nothing recorded */
	act(a, UI_ACT_SET_PHASE, 0);
	act(a, UI_ACT_DIGIT, 6); /* a digit key picks the phase; 0 and 7 are none */
	act(a, UI_ACT_DIGIT, 0);
	act(a, UI_ACT_DIGIT, 7);
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_CHOICE && v.choice.selected == 5, "digit 6: phase index %d", v.choice.selected);
	act(a, UI_ACT_SELECT, 4);
	app_view(a, 0, &v);
	shoot(&v, "set_phase");
	CHECK(act(a, UI_ACT_NEXT, 0) == ST_OK && act(a, UI_ACT_YES, 0) == ST_OK, "set: %s", st_errmsg());
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_PATIENT_DETAIL && v.patient.phase == 5 && v.patient.status &&
		      strstr(v.patient.status, "phase 5 (was 3), set by Tess"),
	      "phase 5 on the detail: %d, '%s'", v.patient.phase, v.patient.status ? v.patient.status : "");
	shoot(&v, "patient_phase_set");
	app_free(a);
	CHECK(store_open(dir, &s) == ST_OK && store_patient_find(s, "P-42", &p) == ST_OK, "%s", st_errmsg());
	CHECK(p.phase == 5, "the store has P-42 in phase %d", p.phase);
	char text[4096];
	exported(s, p.id, "phase_changes.csv", text, sizeof text);
	CHECK(strstr(text, ",3,5,set,Tess,set on the station screen"), "one change, 3 to 5, recorded: %s",
	      text);
	CHECK(!strstr(text, ",3,1,"), "the one given up is not recorded: %s", text);
	store_close(s);
	free(dir);
}

/* What the screens showed of a double-leg session by a patient leaning share_pct left. */
struct lean_seen {
	double zone_lo, zone_hi;   /* the live load bar's band on the raise screen (NAN: not shown) */
	double set_share_pct;      /* the first set summary's left share (NAN: no row) */
	enum view_mark set_mark;   /* and its verdict */
	bool ended;
};

static struct lean_seen lean_session(const char *dir, const char *patient, int share_pct)
{
	struct lean_seen shown = { NAN, NAN, NAN, MARK_NONE, false };
	struct flow_plan plan = { .mode = EXERCISE_HEEL_RAISE, .sets = 2, .per_set = 5, .lower_min_s = 3,
				  .lower_max_s = 5, .rest_s = 120 };
	struct plate_dose dose;
	flow_plan_dose(&plan, &dose);
	char *text = sim_patient_scenario(&dose, 7), *at = text ? strstr(text, "stand 4\n") : NULL;
	CHECK(at != NULL, "the simulated patient stands 4 s before the first set");
	if (!at) {
		free(text);
		return shown;
	}
	/* the same session, leaning from the first stance on (a step keeps the share before it) */
	size_t len = strlen(text) + 32;
	char *leaning = malloc(len), spec[PATH_MAX + 8];
	snprintf(leaning, len, "%.*sstand 4 share=%d\n%s", (int)(at - text), text, share_pct, at + strlen("stand 4\n"));
	char *path = temp_file_with("lean.sim", leaning);
	snprintf(spec, sizeof spec, "sim:%s", path);
	struct store *s;
	int64_t id;
	CHECK(store_open(dir, &s) == ST_OK && store_patient_add(s, patient, "", SIDE_LEFT, 2, &id) == ST_OK, "%s",
	      st_errmsg());
	store_close(s);
	struct app *a;
	struct app_params ap = { .data_dir = dir, .plate = spec, .fast = true };
	CHECK(app_new(&ap, &a) == ST_OK, "%s", st_errmsg());
	struct screen_view v;
	app_view(a, 0, &v);
	for (int i = 0; i < v.choose.n; i++)
		if (strcmp(v.choose.names[i], patient) == 0)
			act(a, UI_ACT_SELECT, i);
	for (int steps = 0; steps < 1000000 && !shown.ended; steps++) {
		CHECK(app_tick(a, 10) == ST_OK, "tick: %s", st_errmsg());
		app_view(a, 0, &v);
		if (v.id == SCREEN_RAISES && v.raises.bal.zone_hi > 0) {
			shown.zone_lo = v.raises.bal.zone_lo;
			shown.zone_hi = v.raises.bal.zone_hi;
		}
		if (v.id == SCREEN_SUMMARY && strstr(v.summary.title, "Set 1") && isnan(shown.set_share_pct))
			for (int r = 0; r < v.summary.n_rows; r++)
				if (strcmp(v.summary.rows[r].label, "Left / right") == 0) {
					shown.set_share_pct = strtod(v.summary.rows[r].value, NULL);
					shown.set_mark = v.summary.rows[r].mark;
				}
		shown.ended = v.id == SCREEN_CHOOSE_PATIENT;
		if (v.id == SCREEN_PAIN)
			act(a, UI_ACT_DIGIT, 1);
		if (v.id == SCREEN_PAIN || v.id == SCREEN_QUESTION || v.id == SCREEN_SUMMARY)
			act(a, UI_ACT_NEXT, 0);
	}
	app_free(a);
	free(path);
	free(leaning);
	free(text);
	return shown;
}

/* Whether the patient's one session met the programme's targets, and the rules' reason. */
static bool session_met(const char *dir, const char *patient, const struct programme *prog, char *why, size_t len)
{
	struct store *s;
	struct patient p;
	struct history h;
	struct session_outcome *o = NULL;
	size_t n = 0;
	bool met = false;
	why[0] = '\0';
	if (store_open(dir, &s) != ST_OK)
		return false;
	if (store_patient_find(s, patient, &p) == ST_OK && store_history(s, p.id, &h) == ST_OK) {
		if (history_outcomes(&h, p.side, &o, &n) == ST_OK && n == 1)
			met = session_targets_met(&prog->rules, &o[0], why, len);
		free(o);
		history_free(&h);
	}
	store_close(s);
	return met;
}

/* The screen judges the load share by the programme's band, the same verdict as the
 * progression rule: leaning 58 % left is not "good" under 45-55 % (the rule fails the
 * session too), and is under a programme that says 40-60 %. */
static void share_verdict_from_programme(void)
{
	char *dir = temp_path("app-share"), why[SUGGESTION_REASON_LEN];
	struct programme shipped, wide;
	CHECK(programme_load_default(&shipped) == ST_OK, "%s", st_errmsg());
	CHECK(shipped.rules.share_min_pct == 45 && shipped.rules.share_max_pct == 55, "the shipped band: %g-%g %%",
	      shipped.rules.share_min_pct, shipped.rules.share_max_pct);
	struct lean_seen shown = lean_session(dir, "L1", 58);
	CHECK(shown.ended && shown.set_share_pct > 55 && shown.set_share_pct <= 60,
	      "the patient leaned within 55-60 %% left: %.0f %%", shown.set_share_pct);
	if (!(shown.ended && shown.set_share_pct > 55 && shown.set_share_pct <= 60)) {
		free(dir);
		return;
	}
	CHECK(shown.zone_lo == 45 && shown.zone_hi == 55, "the load bar's band is the programme's: %g-%g", shown.zone_lo,
	      shown.zone_hi);
	CHECK(shown.set_mark == MARK_WARN, "%.0f %% left is not good on the set summary (mark %d)", shown.set_share_pct,
	      (int)shown.set_mark);
	bool met = session_met(dir, "L1", &shipped, why, sizeof why);
	CHECK(!met && strstr(why, "left share"), "the rule fails the session on its share too: '%s'", why);

	/* the same patient under a programme with the band 40-60 %: good on the screen */
	char text[16384];
	shipped_programme(text, sizeof text);
	char *band = strstr(text, "\"share_pct\": [45, 55]");
	CHECK(band != NULL, "the shipped programme has the band 45-55");
	if (!band) {
		free(dir);
		return;
	}
	memcpy(band, "\"share_pct\": [40, 60]", strlen("\"share_pct\": [40, 60]"));
	char *wide_path = temp_file_with("programme.json", text);
	setenv("STATION_PROGRAMME", wide_path, 1);
	CHECK(programme_load_default(&wide) == ST_OK && wide.rules.share_min_pct == 40, "%s", st_errmsg());
	shown = lean_session(dir, "L2", 58);
	CHECK(shown.ended && shown.zone_lo == 40 && shown.zone_hi == 60, "the load bar follows the programme: %g-%g",
	      shown.zone_lo, shown.zone_hi);
	CHECK(shown.set_share_pct > 55 && shown.set_share_pct <= 60 && shown.set_mark == MARK_GOOD,
	      "%.0f %% left is good under 40-60 %% (mark %d)", shown.set_share_pct, (int)shown.set_mark);
	unsetenv("STATION_PROGRAMME");
	free(wide_path);
	free(dir);
}

/* Before any PIN the choose screen shows a first name and an initial, never a full name;
 * a programme saying "patient_names": "clinic-number" shows the clinic numbers only. */
static void privacy(void)
{
	char *dir = temp_path("app-privacy");
	struct store *s;
	int64_t id;
	REQUIRE(store_open(dir, &s) == ST_OK, "%s", st_errmsg());
	CHECK(store_patient_add(s, "C-1", "Ann Maria Example", SIDE_LEFT, 2, &id) == ST_OK &&
		      store_patient_add(s, "C-2", "Bob", SIDE_LEFT, 2, &id) == ST_OK &&
		      store_patient_add(s, "C-3", "", SIDE_LEFT, 2, &id) == ST_OK &&
		      store_patient_add(s, "C-4", "Ann Evans", SIDE_LEFT, 2, &id) == ST_OK &&
		      store_patient_add(s, "C-5", "Zoë Ødegård", SIDE_LEFT, 2, &id) == ST_OK,
	      "%s", st_errmsg());
	store_close(s);
	struct app *a;
	struct app_params ap = { .data_dir = dir, .plate = "sim", .fast = true };
	REQUIRE(app_new(&ap, &a) == ST_OK, "%s", st_errmsg());
	struct screen_view v;
	app_view(a, 0, &v);
	CHECK(v.choose.n == 5 && strcmp(v.choose.names[0], "Ann E. (C-1)") == 0 && strcmp(v.choose.names[1], "Bob") == 0 &&
		      strcmp(v.choose.names[2], "C-3") == 0 && strcmp(v.choose.names[3], "Ann E. (C-4)") == 0 &&
		      strcmp(v.choose.names[4], "Zoë Ø.") == 0,
	      "first name and initial (a letter of two bytes whole), told apart by the clinic number when alike: '%s' "
	      "'%s' '%s' '%s' '%s'",
	      v.choose.names[0], v.choose.names[1], v.choose.names[2], v.choose.names[3], v.choose.names[4]);
	shoot(&v, "choose_private");
	app_free(a);
	char text[16384] = "{ \"patient_names\": \"clinic-number\",";
	size_t head = strlen(text);
	REQUIRE(shipped_programme(text + head, sizeof text - head) > 0 && text[head] == '{', "the programme read");
	text[head] = ' '; /* the file's own opening brace goes */
	char *numbers = temp_file_with("programme.json", text);
	setenv("STATION_PROGRAMME", numbers, 1);
	REQUIRE(app_new(&ap, &a) == ST_OK, "%s", st_errmsg());
	app_view(a, 0, &v);
	CHECK(v.choose.n == 5 && strcmp(v.choose.names[0], "C-1") == 0 && strcmp(v.choose.names[1], "C-2") == 0,
	      "clinic numbers: '%s' '%s'", v.choose.names[0], v.choose.names[1]);
	app_free(a);
	/* a value the programme does not know is refused, naming it */
	memcpy(strstr(text, "clinic-number"), "clinic-nummer", strlen("clinic-nummer"));
	char *bad = temp_file_with("programme.json", text);
	setenv("STATION_PROGRAMME", bad, 1);
	struct programme prog;
	CHECK(programme_load_default(&prog) != ST_OK && strstr(st_errmsg(), "patient_names"), "%s", st_errmsg());
	unsetenv("STATION_PROGRAMME");
	free(bad);
	free(numbers);
	free(dir);
	/* a long first name cut, so that the clinic numbers telling two alike apart stay on
	 * their buttons (a stranger's were cut off) */
	dir = temp_path("app-privacy-long");
	REQUIRE(store_open(dir, &s) == ST_OK, "%s", st_errmsg());
	CHECK(store_patient_add(s, "C-6666666", "Ålexandrina-Maximiliana Smith", SIDE_LEFT, 2, &id) == ST_OK &&
		      store_patient_add(s, "C-7777777", "Ålexandrina-Maximiliana Sue Swan", SIDE_LEFT, 2, &id) == ST_OK,
	      "%s", st_errmsg());
	store_close(s);
	ap.data_dir = dir;
	REQUIRE(app_new(&ap, &a) == ST_OK, "%s", st_errmsg());
	app_view(a, 0, &v);
	CHECK(v.choose.n == 2 && strcmp(v.choose.names[0], "Ålexandrina-Maxi… S. (C-6666666)") == 0 &&
		      strcmp(v.choose.names[1], "Ålexandrina-Maxi… S. (C-7777777)") == 0,
	      "long first names alike: '%s' '%s'", v.choose.names[0], v.choose.names[1]);
	shoot(&v, "choose_long_names");
	app_free(a);
	free(dir);
}

/* Back on the VISA-A's offer leaves, to the first screen: a stranger who chose the wrong
 * name and went back found themselves in that patient's safety questions. The offer and
 * the safety questions have a Back button for a touch screen. */
static void visa_offer_back_leaves(void)
{
	char *dir = temp_path("app-visa-back");
	struct store *s;
	int64_t id;
	REQUIRE(store_open(dir, &s) == ST_OK && store_patient_add(s, "V-1", "Vera", SIDE_LEFT, 2, &id) == ST_OK,
		"%s", st_errmsg());
	struct app *a;
	struct app_params ap = { .data_dir = dir, .plate = "sim", .fast = true };
	REQUIRE(app_new(&ap, &a) == ST_OK, "%s", st_errmsg());
	struct screen_view v;
	act(a, UI_ACT_SELECT, 0);
	view_settled(a, &v);
	CHECK(v.id == SCREEN_QUESTION && v.question.number == 0, "the VISA-A's offer first: %d", v.id);
	ui_begin(small);
	screen_draw(small, &v);
	bool back = false;
	for (int i = 0; i < small->n_targets; i++)
		back |= small->targets[i].act.kind == UI_ACT_BACK;
	ui_end(small);
	CHECK(back, "the offer has a Back button");
	act(a, UI_ACT_BACK, 0);
	view_settled(a, &v);
	CHECK(v.id == SCREEN_CHOOSE_PATIENT, "Back on the offer: the first screen, not %d", v.id);
	struct history h = { 0 };
	CHECK(store_history(s, id, &h) == ST_OK && h.n == 0, "no session begun: %zu", h.n);
	history_free(&h);
	app_free(a);
	store_close(s);
	free(dir);
}

/* The VISA-A with the arrows and "next" alone (a clicker or foot switch; it ignored them):
 * each answer as the presses give it, clamped at the ends, and its score stored. */
static void visa_by_keys(void)
{
	char *dir = temp_path("app-visa-keys");
	struct store *s;
	int64_t id;
	REQUIRE(store_open(dir, &s) == ST_OK && store_patient_add(s, "V-2", "Vic", SIDE_RIGHT, 2, &id) == ST_OK,
		"%s", st_errmsg());
	struct app *a;
	struct app_params ap = { .data_dir = dir, .plate = "sim", .fast = true };
	REQUIRE(app_new(&ap, &a) == ST_OK, "%s", st_errmsg());
	struct screen_view v;
	act(a, UI_ACT_NEXT, 0); /* the patient outlined first */
	view_settled(a, &v);
	REQUIRE(v.id == SCREEN_QUESTION, "the VISA-A's offer: %d", v.id);
	act(a, UI_ACT_YES, 0);
	/* per question (items 1-6, 7, 8's branch and duration): presses up, then down */
	static const int ups[VISA_STEPS] = { 3, 8, 14, 1, 11, 4, 2, 3, 5 }, downs[VISA_STEPS] = { 0, 2, 0, 0, 1, 0, 0, 1, 1 };
	const int want[VISA_STEPS] = { 2, 5, 10, 0, 9, 3, 1, 1, 3 }; /* item 8 in branch B */
	for (int q = 0; q < VISA_STEPS; q++) {
		app_view(a, 0, &v);
		CHECK(v.id == SCREEN_VISA && v.visa.selected == -1 && !v.visa.button, "question %d: none chosen yet", q);
		for (int i = 0; i < ups[q]; i++)
			act(a, UI_ACT_STEP, 1);
		for (int i = 0; i < downs[q]; i++)
			act(a, UI_ACT_STEP, -1);
		app_view(a, 0, &v);
		CHECK(v.visa.selected == want[q], "question %d: answer %d by the arrows, not %d", q, want[q],
		      v.visa.selected);
		act(a, UI_ACT_NEXT, 0);
	}
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_VISA && v.visa.review, "the review after the last question");
	act(a, UI_ACT_NEXT, 0); /* Save */
	struct visa_answers ans = { .activity = want[6], .branch = want[7], .duration = want[8] };
	memcpy(ans.scale, want, sizeof ans.scale);
	int items[VISA_ITEMS], total = -1;
	REQUIRE(visa_score(&ans, items, &total) == ST_OK, "%s", st_errmsg());
	struct visa_score *list = NULL;
	size_t n = 0;
	CHECK(store_visa_list(s, id, &list, &n) == ST_OK && n == 1 && list[0].total == total,
	      "the score stored: %zu, %d (wanted %d)", n, n ? list[0].total : -1, total);
	free(list);
	/* with item 8's branch, which its points do not tell (7 is A, B or C) */
	char text[512];
	exported(s, id, "visa.csv", text, sizeof text);
	CHECK(strstr(text, "q7,q8,q8_branch,total") && strstr(text, ",B,"), "the branch exported: %s", text);
	app_free(a);
	store_close(s);
	free(dir);
}

/* The highlighted row of a fresh app's choose screen in dir (-1: none). */
static int outlined_at_start(const char *dir)
{
	struct app *a;
	struct app_params ap = { .data_dir = dir, .plate = "sim", .fast = true };
	REQUIRE(app_new(&ap, &a) == ST_OK, "%s", st_errmsg());
	struct screen_view v;
	app_view(a, 0, &v);
	app_free(a);
	return v.id == SCREEN_CHOOSE_PATIENT ? v.choose.highlighted : -2;
}

/* After a restart, today's last patient is outlined on the first screen, as before it:
 * after a session the station stopped under (a crash, a power cut) or one that ended (a
 * stranger's: nobody was outlined, and "next" did nothing); not for another day's. */
static void restart_outlines_last_patient(void)
{
	char *dir = temp_path("app-restart");
	struct store *s;
	int64_t first, second, session;
	REQUIRE(store_open(dir, &s) == ST_OK && store_patient_add(s, "R-1", "Ann", SIDE_LEFT, 2, &first) == ST_OK &&
			store_patient_add(s, "R-2", "Bob", SIDE_LEFT, 2, &second) == ST_OK,
		"%s", st_errmsg());
	CHECK(outlined_at_start(dir) == -1, "nobody outlined at first");
	struct session_start yesterday = { .patient = first, .phase = 2, .started = time(NULL) - 2 * 86400, .sets_planned = 2 };
	REQUIRE(store_session_begin(s, &yesterday, &session) == ST_OK, "%s", st_errmsg());
	CHECK(outlined_at_start(dir) == -1, "another day's unfinished session outlined");
	struct session_start now = { .patient = second, .phase = 2, .sets_planned = 2 };
	REQUIRE(store_session_begin(s, &now, &session) == ST_OK, "%s", st_errmsg());
	CHECK(outlined_at_start(dir) == 1, "the unfinished session's patient outlined: %d", outlined_at_start(dir));
	REQUIRE(store_session_finish(s, session, SESSION_STOPPED) == ST_OK, "%s", st_errmsg());
	CHECK(outlined_at_start(dir) == 1, "an ended session's patient outlined after a restart: %d",
	      outlined_at_start(dir));
	store_close(s);
	free(dir);
}

/* The physio button on a fresh station (no PIN file, no patient) chooses the PIN first,
 * typed twice; beside patients a missing PIN opens nothing, nor does an empty PIN file
 * (both used to mean PIN 1234). */
static void first_pin(void)
{
	char *dir = temp_path("app-first-pin");
	struct app *a;
	struct app_params ap = { .data_dir = dir, .plate = "sim", .fast = true };
	CHECK(app_new(&ap, &a) == ST_OK, "%s", st_errmsg());
	if (!a) {
		free(dir);
		return;
	}
	struct screen_view v;
	act(a, UI_ACT_PHYSIO, 0);
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_PIN && strcmp(v.pin.prompt, "Choose a physio PIN") == 0 && v.pin.hint,
	      "a fresh station asks for a new PIN: '%s'", v.id == SCREEN_PIN ? v.pin.prompt : "");
	shoot(&v, "pin_choose");
	type_pin(a, "1357");
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_PIN && strcmp(v.pin.prompt, "Type the new PIN again") == 0, "then again: '%s'",
	      v.id == SCREEN_PIN ? v.pin.prompt : "");
	type_pin(a, "7531");
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_PIN && v.pin.message && strstr(v.pin.message, "differ") &&
		      strcmp(v.pin.prompt, "Choose a physio PIN") == 0 && pin_state(dir) == PIN_NONE,
	      "two different PINs set nothing: '%s'", v.id == SCREEN_PIN && v.pin.message ? v.pin.message : "");
	type_pin(a, "1357");
	type_pin(a, "1357");
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_PATIENT_LIST && pin_state(dir) == PIN_SET, "the PIN chosen opens the list: id %d", v.id);
	app_free(a);

	/* wrong PINs back off: after the 4th the pad says to wait, and the right PIN typed
	 * during the wait is not even checked */
	CHECK(app_new(&ap, &a) == ST_OK, "%s", st_errmsg());
	if (!a) {
		free(dir);
		return;
	}
	act(a, UI_ACT_PHYSIO, 0);
	for (int i = 0; i < PIN_FREE_TRIES; i++)
		type_pin(a, "0000");
	usleep(1100000); /* the 1 s after the third */
	type_pin(a, "0000");
	type_pin(a, "1357");
	app_view(a, 0, &v);
	CHECK(v.id == SCREEN_PIN && v.pin.message && strstr(v.pin.message, "wait"),
	      "the pad says to wait: '%s'", v.id == SCREEN_PIN && v.pin.message ? v.pin.message : "");
	shoot(&v, "pin_wait");
	app_free(a);

	/* patients, and the PIN file gone: nothing opens from the screen */
	struct store *s;
	int64_t id;
	char pin_path[PATH_MAX + 32];
	snprintf(pin_path, sizeof pin_path, "%s/" PIN_FILE, dir);
	CHECK(store_open(dir, &s) == ST_OK && store_patient_add(s, "F1", "", SIDE_LEFT, 2, &id) == ST_OK, "%s",
	      st_errmsg());
	store_close(s);
	for (int damaged = 0; damaged <= 1; damaged++) {
		unlink(pin_path);
		if (damaged) {
			FILE *f = fopen(pin_path, "w"); /* empty */
			CHECK(f && fclose(f) == 0, "empty PIN file");
		}
		CHECK(app_new(&ap, &a) == ST_OK, "%s", st_errmsg());
		if (!a)
			break;
		act(a, UI_ACT_PHYSIO, 0);
		type_pin(a, "1234");
		app_view(a, 0, &v);
		CHECK(v.id == SCREEN_PIN && v.pin.message && strstr(v.pin.message, "station pin set"),
		      "%s PIN file: nothing opens, the pad says how to set one: '%s'", damaged ? "an empty" : "no",
		      v.id == SCREEN_PIN && v.pin.message ? v.pin.message : "");
		if (damaged)
			shoot(&v, "pin_damaged");
		app_free(a);
	}
	free(dir);
}

int main(void)
{
	char *dir = temp_path("app-store");
	snprintf(data_dir, sizeof data_dir, "%s", dir);
	free(dir);
	const char *tmp = getenv("TMPDIR");
	snprintf(shots, sizeof shots, "%s/app", tmp ? tmp : "/tmp");
	mkdir(shots, 0700);
	if (dsp_init(getenv("STATION_FFTW_WISDOM")) != ST_OK || ui_open_offscreen(800, 480, &small) != ST_OK ||
	    ui_open_offscreen(1920, 1080, &big) != ST_OK) {
		fprintf(stderr, "%s\n", st_errmsg());
		return 1;
	}
	struct store *s;
	int64_t id;
	CHECK(store_open(data_dir, &s) == ST_OK, "%s", st_errmsg());
	CHECK(history_fixture_fill(s, "P1") == ST_OK, "%s", st_errmsg());
	CHECK(store_patient_add(s, "P2", "", SIDE_RIGHT, 2, &id) == ST_OK, "%s", st_errmsg());
	store_close(s);
	struct app *a = NULL;
	struct app_params ap = { .data_dir = data_dir, .plate = "sim", .fast = true };
	CHECK(app_new(&ap, &a) == ST_OK, "%s", st_errmsg());
	if (a) {
		run_session(a);
		check_store();
		CHECK(store_open(data_dir, &s) == ST_OK, "%s", st_errmsg());
		CHECK(store_patient_add(s, "P3", "Stop Early", SIDE_LEFT, 2, &id) == ST_OK, "%s", st_errmsg());
		CHECK(store_patient_add(s, "P4", "Unplugged", SIDE_LEFT, 2, &id) == ST_OK, "%s", st_errmsg());
		store_close(s);
		physio(a); /* the list is read again as the PIN opens it */
		stop_early(a);
		app_free(a);
		unplugged_mid_session();
		paging();
		other_exercises();
		red_flag_then_refused();
		back_through_questions();
		pain_advice_answer_kept();
		arrows_choose();
		add_patient();
		share_verdict_from_programme();
		privacy();
		first_pin();
		restart_outlines_last_patient();
		visa_offer_back_leaves();
		visa_by_keys();
		write_failure_told();
	}
	dsp_shutdown();
	ui_close(small);
	ui_close(big);
	return check_summary();
}
