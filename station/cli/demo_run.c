/* demo_run.c: `station --demo`: the patient's keys, screenshots and timings around the
 * station's own window loop. */
#define _XOPEN_SOURCE 700
#include "demo_run.h"

#include <ftw.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "demo_patient.h"
#include "paths.h"
#include "plate.h"
#include "store.h"

/* Times kept as a histogram: constant memory however long the demo runs. */
#define BINS 2000
struct timing {
	double step_ms;        /* bin width; the last bin takes everything above */
	unsigned long counts[BINS];
	unsigned long n;
	double max_ms;
};

enum feedback_kind { FB_REP, FB_HOLD, FB_HOP, FB_KINDS };
static const char *const feedback_names[FB_KINDS] = { "rep verdict delay", "hold verdict delay", "hop delay" };

struct demo_run {
	struct demo_options opt;
	struct demo_patient patient;
	char temp_dir[PATH_MAX]; /* "": the store is the user's */
	char data_dir[PATH_MAX];
	int phase_turn;          /* DEMO_PHASES's entry the DEMO patient is at */
	struct ui *shot_ui;      /* offscreen, the window's size: screenshots whatever the renderer */
	char shot_key[DEMO_KEY_MAX];
	int shots;
	struct timing frame, frame_work, feedback[FB_KINDS];
	double longest_turn_ms;
	double most_work_ms;     /* the UI thread's CPU time in its busiest turn */
	uint64_t shot_ns, shot_cpu_ns; /* spent on a screenshot this turn: the demo's, not the station's */
	int feedback_seen;
	struct app_sessions sessions;
	bool counting_commits;
	unsigned long commits_before, commits; /* the store's commits on the loop's thread */
	unsigned long demo_commits;            /* ... the demo's own (a phase change), not the station's */
};

static void timing_add(struct timing *t, double ms)
{
	size_t bin = ms <= 0 ? 0 : (size_t)(ms / t->step_ms);
	t->counts[bin < BINS ? bin : BINS - 1]++;
	t->n++;
	if (ms > t->max_ms)
		t->max_ms = ms;
}

/* The q-quantile, to a bin's width (the top of its bin, never above the largest time). */
static double timing_quantile(const struct timing *t, double q)
{
	unsigned long want = (unsigned long)(q * (double)t->n + 0.999999), sum = 0;
	for (size_t i = 0; i < BINS; i++) {
		sum += t->counts[i];
		if (sum >= want)
			return i == BINS - 1 ? t->max_ms : fmin((double)(i + 1) * t->step_ms, t->max_ms);
	}
	return t->max_ms;
}

/* The phases the DEMO patient goes through, a session each, so that every exercise
 * screen comes up: slow raises, the seated hold, hops, the standing hold, raises on one
 * leg, then the return to sport's hops. */
static const int demo_phases[] = { 2, 1, 4, 5, 3, 6 };
#define DEMO_PHASES (int)(sizeof demo_phases / sizeof demo_phases[0])

/* Adds the DEMO patient if missing, and puts it at phase. */
static int demo_patient_at(const char *dir, int phase)
{
	struct store *s;
	int rc = store_open(dir, &s);
	if (rc != ST_OK)
		return rc;
	struct patient p;
	if (store_patient_find(s, DEMO_PATIENT_ID, &p) != ST_OK)
		rc = store_patient_add(s, DEMO_PATIENT_ID, "Demo", SIDE_BOTH, phase, &p.id);
	else if (p.phase != phase)
		rc = store_phase_decide(s, &p, phase, PHASE_SET, "demo", "the demo shows each phase's screens", NULL);
	store_close(s);
	return rc;
}

int demo_open(const struct demo_options *opt, struct app_params *ap, struct demo_run **out)
{
	struct demo_run *d = calloc(1, sizeof *d);
	if (!d)
		return st_fail(ST_ERR_NOMEM, "demo: out of memory");
	d->opt = *opt;
	d->frame.step_ms = 0.05; /* up to 100 ms; the max above that is kept exactly */
	d->frame_work.step_ms = 0.05;
	for (int k = 0; k < FB_KINDS; k++)
		d->feedback[k].step_ms = 5; /* up to 10 s */
	demo_patient_init(&d->patient, opt->fast);
	if (!ap->data_dir) {
		const char *tmp = getenv("TMPDIR");
		snprintf(d->temp_dir, sizeof d->temp_dir, "%s/station-demo-XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(d->temp_dir)) {
			free(d);
			return st_fail(ST_ERR_IO, "demo: cannot make a folder for its store in %s", tmp ? tmp : "/tmp");
		}
		ap->data_dir = d->temp_dir;
	}
	int rc = opt->shots_dir ? st_make_dirs(opt->shots_dir) : ST_OK;
	struct stat st;
	if (rc == ST_OK && opt->shots_dir && (stat(opt->shots_dir, &st) != 0 || !S_ISDIR(st.st_mode)))
		rc = st_fail(ST_ERR_ARG, "--shots %s: not a folder", opt->shots_dir);
	snprintf(d->data_dir, sizeof d->data_dir, "%s", ap->data_dir);
	if (rc == ST_OK)
		rc = demo_patient_at(d->data_dir, demo_phases[0]);
	if (rc != ST_OK) {
		demo_close(d, NULL, NULL);
		return rc;
	}
	*out = d;
	return ST_OK;
}

static void shoot(struct demo_run *d, const struct ui *ui, const struct screen_view *v)
{
	char key[DEMO_KEY_MAX], name[DEMO_KEY_MAX], path[PATH_MAX + DEMO_KEY_MAX + 8];
	demo_screen_key(v, key);
	if (strcmp(key, d->shot_key) == 0)
		return;
	snprintf(d->shot_key, sizeof d->shot_key, "%s", key);
	if (!d->shot_ui && ui_open_offscreen(ui->w, ui->win_h, &d->shot_ui) != ST_OK) {
		fprintf(stderr, "station: screenshots: %s\n", st_errmsg());
		d->opt.shots_dir = NULL;
		return;
	}
	screen_show(d->shot_ui, v);
	demo_shot_name(v, name);
	snprintf(path, sizeof path, "%s/%03d-%s.png", d->opt.shots_dir, ++d->shots, name);
	if (ui_save_png(d->shot_ui, path) != ST_OK)
		fprintf(stderr, "station: %s\n", st_errmsg());
}

bool demo_turn(struct demo_run *d, struct app *a, const struct ui *ui, double now_s)
{
	if (!d->counting_commits) {
		d->commits_before = store_thread_commits();
		d->counting_commits = true;
	}
	struct screen_view v;
	app_view(a, now_s, &v);
	if (d->opt.shots_dir && !app_waiting(a)) { /* a moment, not a screen of its own */
		uint64_t t0 = plate_now_ns(), cpu0 = demo_thread_cpu_ns();
		shoot(d, ui, &v);
		d->shot_ns = plate_now_ns() - t0;
		d->shot_cpu_ns = demo_thread_cpu_ns() - cpu0;
	}
	d->sessions = app_sessions(a);
	if (d->sessions.ended > d->phase_turn) { /* the next session in the next phase */
		d->phase_turn = d->sessions.ended;
		unsigned long before = store_thread_commits();
		if (demo_patient_at(d->data_dir, demo_phases[d->phase_turn % DEMO_PHASES]) != ST_OK)
			fprintf(stderr, "station: demo: %s\n", st_errmsg());
		d->demo_commits += store_thread_commits() - before;
	}
	struct ui_action act;
	bool acted = demo_patient_act(&d->patient, a, &v, now_s, &act);
	if (d->opt.exit_after > 0 && d->sessions.ended >= d->opt.exit_after)
		return true;
	if (acted && app_act(a, &act) != ST_OK)
		fprintf(stderr, "station: %s\n", st_errmsg());
	return false;
}

static enum feedback_kind feedback_kind(const struct screen_view *v)
{
	return v->id == SCREEN_HOLD ? FB_HOLD : v->id == SCREEN_HOPS ? FB_HOP : FB_REP;
}

void demo_frame(struct demo_run *d, const struct app *a, const struct screen_view *v, uint64_t start_ns,
		uint64_t end_ns, uint64_t start_cpu_ns, bool shown)
{
	timing_add(&d->frame, (double)(end_ns - start_ns) / 1e6);
	timing_add(&d->frame_work, (double)(demo_thread_cpu_ns() - start_cpu_ns) / 1e6);
	if (!shown)
		return; /* a verdict counts once a frame with it is on the screen */
	int count = app_feedback_count(a);
	for (int i = d->feedback_seen; i < count && !d->opt.fast; i++) { /* each verdict new on the screen */
		uint64_t event_ns = app_feedback_event_ns(a, i);
		if (event_ns && end_ns > event_ns)
			timing_add(&d->feedback[feedback_kind(v)], (double)(end_ns - event_ns) / 1e6);
	}
	d->feedback_seen = count;
}

uint64_t demo_thread_cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void demo_loop_turn(struct demo_run *d, uint64_t start_ns, uint64_t end_ns, uint64_t start_cpu_ns)
{
	double ms = (double)(end_ns - start_ns - d->shot_ns) / 1e6;
	double work_ms = (double)(demo_thread_cpu_ns() - start_cpu_ns - d->shot_cpu_ns) / 1e6;
	d->shot_ns = d->shot_cpu_ns = 0;
	d->commits = store_thread_commits() - d->commits_before - d->demo_commits;
	if (ms > d->longest_turn_ms)
		d->longest_turn_ms = ms;
	if (work_ms > d->most_work_ms)
		d->most_work_ms = work_ms;
}

static void print_stats(const struct demo_run *d, FILE *out, const char *renderer)
{
	fprintf(out, "renderer %s\n", renderer ? renderer : "none");
	fprintf(out, "sessions %d\n", d->sessions.ended);
	if (d->sessions.under_way)
		fprintf(out, "and one under way, stopped\n");
	fprintf(out, "frames %lu\n", d->frame.n);
	if (d->frame.n) {
		fprintf(out, "frame p50 %.1f ms\n", timing_quantile(&d->frame, 0.5));
		fprintf(out, "frame p99 %.1f ms\n", timing_quantile(&d->frame, 0.99));
		fprintf(out, "frame max %.1f ms\n", d->frame.max_ms);
		fprintf(out, "frame work p50 %.1f ms\n", timing_quantile(&d->frame_work, 0.5));
		fprintf(out, "frame work p99 %.1f ms\n", timing_quantile(&d->frame_work, 0.99));
	}
	fprintf(out, "longest stall %.0f ms\n", d->longest_turn_ms);
	fprintf(out, "most work in a turn %.0f ms\n", d->most_work_ms);
	fprintf(out, "store commits on the screen's thread %lu\n", d->commits);
	if (d->opt.fast) {
		fprintf(out, "feedback delays not measured (--fast: plate time is not the clock's)\n");
		return;
	}
	for (int k = 0; k < FB_KINDS; k++) {
		const struct timing *t = &d->feedback[k];
		if (!t->n)
			continue;
		fprintf(out, "%s p50 %.0f ms\n", feedback_names[k], timing_quantile(t, 0.5));
		fprintf(out, "%s max %.0f ms\n", feedback_names[k], t->max_ms);
	}
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

void demo_close(struct demo_run *d, FILE *out, const char *renderer)
{
	if (!d)
		return;
	if (out && d->opt.stats)
		print_stats(d, out, renderer);
	ui_close(d->shot_ui);
	if (*d->temp_dir)
		nftw(d->temp_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(d);
}
