/* procedure.c: the guided calibration's steps (procedure.h), as a state machine. */
#include "procedure.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fit.h"
#include "physics.h"
#include "settle.h"

#define OTHER_PLATE_MAX_N 5.0     /* the plate not in use must read about zero */
#define MASS_NOISE_RATIO 20.0     /* every mass at least this many noise SDs */
#define SPAN_NOISE_RATIO 100.0    /* the span's largest at least this many */
#define NOMINAL_TOLERANCE 0.25    /* typed mass vs the nominal gain's reading, before the span */
#define CALIBRATED_TOLERANCE 0.10 /* typed mass vs the span's reading, after it */
#define ANSWER_MAX 256

enum step { STEP_ZERO, STEP_SPAN, STEP_MARKS, STEP_VERIFY };

static const char *const side_names[2] = { "left", "right" };
static const char *const side_titles[2] = { "Left", "Right" }; /* starting a line */
static const char *const side_caps[2] = { "LEFT", "RIGHT" };
static const char *const mark_names[CALIB_MARKS] = { "front-left", "front-right", "rear-left", "rear-right",
						     "centre" };

struct calib_proc {
	struct calib_proc_options opt;
	struct plate_info info;
	unsigned rate;
	struct calib_settle settle;
	enum calib_proc_state state;
	enum step step;
	int side, index;
	double kg;            /* the mass being measured (marks, verify: the last one typed) */
	bool retry;           /* the last reading was refused: Enter measures again */
	double zero[PLATE_CHANNELS], last[PLATE_CHANNELS];
	struct calib_span_cells span_cells[2];
	struct calibration cal;
	char *text;
	size_t len, cap, taken;
	char brief[CALIB_PROC_BRIEF]; /* the last reading in one line, while it is the last said */
	char error[512];
};

static void say(struct calib_proc *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct calib_proc *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (p->len + (size_t)n + 1 > p->cap) {
		size_t cap = (p->len + (size_t)n + 1) * 2;
		char *grown = realloc(p->text, cap);
		if (!grown)
			return; /* the text is lost, the procedure goes on */
		p->text = grown;
		p->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(p->text + p->len, p->cap - p->len, fmt, ap);
	va_end(ap);
	/* a new reading or refusal (a line indented by two) ends the last reading's brief */
	const char *line = p->text + p->len;
	if ((p->len == 0 || line[-1] == '\n') && line[0] == ' ' && line[1] == ' ' && line[2] != ' ')
		p->brief[0] = '\0';
	p->len += (size_t)n;
}

/* The reading just said, in one line with the figures a physio judges by. */
static void brief(struct calib_proc *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void brief(struct calib_proc *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->brief, sizeof p->brief, fmt, ap);
	va_end(ap);
}

void calib_proc_fail(struct calib_proc *p, const char *why)
{
	snprintf(p->error, sizeof p->error, "%s; nothing was saved", why);
	say(p, "\nCalibration stopped: %s.\n", p->error);
	p->state = CALIB_PROC_FAILED;
}

static double gravity(const struct calib_proc *p)
{
	return p->cal.rec.gravity;
}

/* Mark i's position on the plate in use: over each cell by the plate's geometry, and the centre. */
static void mark_position(const struct calib_proc *p, int i, double *x, double *y)
{
	*x = i < 4 ? p->info.cell_x_mm[p->side * 4 + i] : 0;
	*y = i < 4 ? p->info.cell_y_mm[p->side * 4 + i] : 0;
}

static void ask(struct calib_proc *p)
{
	p->state = CALIB_PROC_ASKING;
	if (p->retry) {
		say(p, "Press Enter to measure again, or type q to stop: ");
		return;
	}
	double x, y;
	switch (p->step) {
	case STEP_ZERO:
		say(p, "\nStep 1 of 4, zero. Take everything off both plates and step away from them.\n"
		       "Press Enter when they are empty: ");
		break;
	case STEP_SPAN:
		if (p->cal.rec.span[p->side].n == 0)
			say(p, "\nStep 2 of 4, span of the %s plate%s. Put a known mass on the centre of the %s plate "
			       "(the cross in its middle),\nthen type its mass in kg. Add more weights one at a time "
			       "and type the new total each time:\nseveral steps up to 20 kg or more are best.\n"
			       "Mass on the %s plate, kg: ", side_caps[p->side],
			       p->side ? " (take the weights off the left plate first)" : "", side_names[p->side],
			       side_names[p->side]);
		else
			say(p, "Total on the %s plate now, kg (or Enter when done): ", side_names[p->side]);
		break;
	case STEP_MARKS:
		mark_position(p, p->index, &x, &y);
		if (p->side == 0 && p->index == 0)
			say(p, "\nStep 3 of 4, cells and centre of pressure. Take all weights off. You will put one "
			       "mass of 10 kg or more\n(a dumbbell or kettlebell, small enough to stand on one mark) on "
			       "five marks of each plate in turn.\n");
		say(p, "Put the mass on the %s plate's %s mark (x %+.0f mm, y %+.0f mm) and type its mass in kg%s: ",
		    side_names[p->side], mark_names[p->index], x, y,
		    p->kg > 0 ? " (Enter: the same mass)" : "");
		break;
	case STEP_VERIFY:
		if (p->side == 0)
			say(p, "\nStep 4 of 4, verify. Put a known mass (another one than before, if you have it) on "
			       "the centre of the LEFT plate,\nnothing on the right plate, and type its mass in kg%s: ",
			    p->kg > 0 ? " (Enter: the same mass)" : "");
		else
			say(p, "Move it to the centre of the RIGHT plate and type its mass in kg (Enter: the same "
			       "mass): ");
		break;
	}
}

static void measure(struct calib_proc *p)
{
	p->state = CALIB_PROC_MEASURING;
	p->retry = false;
	calib_settle_begin(&p->settle, p->step == STEP_ZERO ? NULL : p->last, plate_now_ns());
	say(p, "  measuring: waiting for %g s of steady signal...\n", p->settle.opt.seconds);
}

/* A reading refused: say why, and ask for the same measurement again. */
static void refuse(struct calib_proc *p, bool retry, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void refuse(struct calib_proc *p, bool retry, const char *fmt, ...)
{
	char why[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	say(p, "  NOT ACCEPTED: %s\n", why);
	p->retry = retry;
	ask(p);
}

static bool parse_kg(const char *line, double *kg)
{
	char *end;
	errno = 0;
	double v = strtod(line, &end);
	while (*end == ' ' || *end == '\t')
		end++;
	if (end[0] == 'k' && end[1] == 'g')
		end += 2;
	while (*end == ' ' || *end == '\t' || *end == '\r')
		end++;
	if (end == line || *end || errno || !(v > 0) || v > 1000)
		return false;
	*kg = v;
	return true;
}

/* Each plate's force above the zero: by the nominal gain before the span, then by the
 * calibration so far. */
static double plate_n(const struct calib_proc *p, const double mean[PLATE_CHANNELS], int side)
{
	return calib_settle_plate_n(&p->settle, mean, p->zero, side);
}

static void cell_counts(const struct calib_proc *p, const double mean[PLATE_CHANNELS], double out[4])
{
	for (int k = 0; k < 4; k++)
		out[k] = mean[p->side * 4 + k] - p->zero[p->side * 4 + k];
}

/* Checks shared by every loaded reading; false when refused. */
static bool load_is_sound(struct calib_proc *p, const double *mean, double tolerance, const char *basis)
{
	int other = 1 - p->side;
	double on_other = plate_n(p, mean, other), load = plate_n(p, mean, p->side);
	double expected = p->kg * gravity(p), noise = p->cal.rec.zero_sd_n[p->side];
	if (fabs(on_other) > fmax(OTHER_PLATE_MAX_N, 5 * p->cal.rec.zero_sd_n[other])) {
		refuse(p, true, "the %s plate carries %.1f N: only the %s plate may carry weight now", side_names[other],
		       on_other, side_names[p->side]);
		return false;
	}
	if (expected < MASS_NOISE_RATIO * noise) {
		refuse(p, false, "%.3g kg is too small for this plate's noise (%.2f N SD): use %.1f kg or more",
		       p->kg, noise, MASS_NOISE_RATIO * noise / gravity(p));
		return false;
	}
	if (fabs(load / expected - 1) > tolerance) {
		refuse(p, false, "the %s plate reads about %.2f kg (by %s), not %.3g kg: check the mass, and that "
				 "it stands only on this plate, then type it again", side_names[p->side],
		       load / gravity(p), basis, p->kg);
		return false;
	}
	return true;
}

static void accept_zero(struct calib_proc *p)
{
	memcpy(p->zero, p->settle.mean, sizeof p->zero);
	memcpy(p->last, p->settle.mean, sizeof p->last);
	for (int side = 0; side < 2; side++) {
		p->cal.rec.zero_sd_n[side] = p->settle.sd_n[side];
		for (int k = 0; k < 4; k++)
			p->cal.ch[side * 4 + k].zero_counts = p->settle.mean[side * 4 + k];
	}
	say(p, "  zero accepted: noise %.2f N SD on the left plate, %.2f N on the right.\n", p->settle.sd_n[0],
	    p->settle.sd_n[1]);
	p->step = STEP_SPAN;
	p->side = p->index = 0;
	ask(p);
}

static void finish_span(struct calib_proc *p)
{
	struct calib_span *sp = &p->cal.rec.span[p->side];
	double top = sp->mass_kg[sp->n - 1] * gravity(p), noise = p->cal.rec.zero_sd_n[p->side];
	if (top < SPAN_NOISE_RATIO * noise) {
		say(p, "  NOT ACCEPTED: the span needs more load for this plate's noise (%.2f N SD): add weights up to "
		       "%.1f kg or more\n", noise, SPAN_NOISE_RATIO * noise / gravity(p));
		ask(p);
		return;
	}
	int rc = calib_fit_span(sp, gravity(p));
	if (rc != ST_OK || sp->nonlinearity_pct > p->opt.max_nonlinearity_pct) {
		if (rc == ST_OK)
			say(p, "  NOT ACCEPTED: the %s plate's readings are not on a straight line (worst point %.2f %% of "
			       "the range off it, R^2 %.6f):\n  were the masses typed in the order they went on, and does "
			       "nothing touch the plate?\n", side_names[p->side], sp->nonlinearity_pct, sp->r2);
		else
			say(p, "  NOT ACCEPTED: %s\n", st_errmsg());
		say(p, "  Take the weights off the %s plate and start its span again.\n", side_names[p->side]);
		sp->n = 0;
		p->index = 0;
		ask(p);
		return;
	}
	say(p, "  %s plate span: gain %.6g N per count (%.1f counts per N), offset %+.2f N, R^2 %.7f, worst "
	       "non-linearity %.3f %% of %.1f N\n", side_names[p->side], sp->gain_n_per_count,
	    1 / sp->gain_n_per_count, sp->offset_n, sp->r2, sp->nonlinearity_pct, top);
	for (int i = 0; i < sp->n; i++)
		say(p, "    %8.3f kg  %10.0f counts  residual %+.3f N\n", sp->mass_kg[i], sp->counts[i],
		    sp->residual_n[i]);
	brief(p, "%s span: R^2 %.7f, worst non-linearity %.3f %%.", side_titles[p->side], sp->r2, sp->nonlinearity_pct);
	/* from now on, readings are weighed by the span's gain */
	for (int k = 0; k < 4; k++)
		p->settle.n_per_count[p->side * 4 + k] = sp->gain_n_per_count;
	p->index = 0;
	if (p->side == 0) {
		p->side = 1;
	} else {
		p->side = 0;
		p->step = STEP_MARKS;
		p->kg = 0;
	}
	ask(p);
}

static void accept_span(struct calib_proc *p)
{
	struct calib_span *sp = &p->cal.rec.span[p->side];
	const double *mean = p->settle.mean;
	if (!load_is_sound(p, mean, NOMINAL_TOLERANCE, "its nominal gain"))
		return;
	double cells[4], sum = 0;
	cell_counts(p, mean, cells);
	for (int k = 0; k < 4; k++)
		sum += cells[k];
	if (sp->n > 0 && sum <= sp->counts[sp->n - 1]) {
		refuse(p, false, "the %s plate reads less with %.3g kg than with %.3g kg: masses in the wrong order? "
				 "Type the total now on the plate", side_names[p->side], p->kg, sp->mass_kg[sp->n - 1]);
		return;
	}
	sp->mass_kg[sp->n] = p->kg;
	sp->counts[sp->n] = sum;
	memcpy(p->span_cells[p->side].counts[sp->n], cells, sizeof cells);
	sp->n++;
	memcpy(p->last, mean, sizeof p->last);
	say(p, "  %.3f kg: %.0f counts above zero (about %.1f N by the nominal gain)\n", p->kg, sum,
	    plate_n(p, mean, p->side));
	if (sp->n == CALIB_SPAN_MAX)
		finish_span(p);
	else
		ask(p);
}

static void finish_marks(struct calib_proc *p)
{
	for (int side = 0; side < 2; side++) {
		double nx[4], ny[4];
		for (int k = 0; k < 4; k++) {
			nx[k] = p->info.cell_x_mm[side * 4 + k];
			ny[k] = p->info.cell_y_mm[side * 4 + k];
		}
		if (calib_fit_cells(&p->cal.rec.span[side], &p->span_cells[side], p->cal.rec.mark[side], gravity(p), nx,
				    ny, side_names[side], &p->cal.ch[side * 4]) != ST_OK) {
			calib_proc_fail(p, st_errmsg());
			return;
		}
	}
	say(p, "  cells (gain N per count, position mm):\n");
	for (int c = 0; c < PLATE_CHANNELS; c++)
		say(p, "    %-5s %-11s %.6g  x %+7.1f  y %+7.1f\n", side_names[c / 4], mark_names[c % 4],
		    p->cal.ch[c].newtons_per_count, p->cal.ch[c].x_mm, p->cal.ch[c].y_mm);
	say(p, "  COP error at each mark, mm (each predicted by a fit of the other marks):\n");
	double worst[2] = { 0, 0 };
	for (int side = 0; side < 2; side++) {
		say(p, "    %-5s", side_names[side]);
		for (int i = 0; i < CALIB_MARKS; i++) {
			say(p, "  %s %.2f", mark_names[i], p->cal.rec.mark[side][i].cop_error_mm);
			worst[side] = fmax(worst[side], p->cal.rec.mark[side][i].cop_error_mm);
		}
		say(p, "\n");
	}
	brief(p, "COP error at most %.2f mm (left), %.2f mm (right).", worst[0], worst[1]);
	p->step = STEP_VERIFY;
	p->side = 0;
	ask(p);
}

static void accept_mark(struct calib_proc *p)
{
	if (!load_is_sound(p, p->settle.mean, CALIBRATED_TOLERANCE, "its span"))
		return;
	struct calib_mark *m = &p->cal.rec.mark[p->side][p->index];
	snprintf(m->name, sizeof m->name, "%s", mark_names[p->index]);
	mark_position(p, p->index, &m->x_mm, &m->y_mm);
	m->mass_kg = p->kg;
	cell_counts(p, p->settle.mean, m->counts);
	memcpy(p->last, p->settle.mean, sizeof p->last);
	say(p, "  %s mark: %.1f N\n", mark_names[p->index], plate_n(p, p->settle.mean, p->side));
	if (++p->index < CALIB_MARKS) {
		ask(p);
		return;
	}
	p->index = 0;
	if (p->side == 0) {
		p->side = 1;
		ask(p);
	} else {
		finish_marks(p);
	}
}

static void finish(struct calib_proc *p)
{
	struct calib_record *r = &p->cal.rec;
	r->verified = true;
	for (int side = 0; side < 2; side++)
		r->verified = r->verified && fabs(r->verify[side].error_pct) <= p->opt.verify_tolerance_pct;
	if (!r->verified) {
		char why[200];
		snprintf(why, sizeof why, "verification failed: an error beyond %g %%; calibrate again with care",
			 p->opt.verify_tolerance_pct);
		calib_proc_fail(p, why);
		return;
	}
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(p->cal.created_utc, sizeof p->cal.created_utc, "%Y-%m-%dT%H:%M:%SZ", &tm);
	say(p, "\nCalibration of plate %s done and verified (within %g %%).\n", p->cal.serial,
	    p->opt.verify_tolerance_pct);
	p->state = CALIB_PROC_DONE;
}

static void accept_verify(struct calib_proc *p)
{
	struct plate_load load;
	int32_t counts[PLATE_CHANNELS];
	for (int c = 0; c < PLATE_CHANNELS; c++)
		counts[c] = (int32_t)lround(p->settle.mean[c]);
	calib_apply(&p->cal, counts, &load);
	struct calib_verify *v = &p->cal.rec.verify[p->side];
	double expected = p->kg * gravity(p);
	v->mass_kg = p->kg;
	v->measured_n = load.fz[p->side];
	v->error_n = v->measured_n - expected;
	v->error_pct = 100 * v->error_n / expected;
	v->cop_error_mm = hypot(load.cop_x[p->side], load.cop_y[p->side]);
	if (!load_is_sound(p, p->settle.mean, CALIBRATED_TOLERANCE, "the new calibration"))
		return;
	memcpy(p->last, p->settle.mean, sizeof p->last);
	say(p, "  %s plate: %.3f kg is %.2f N; measured %.2f N: error %+.2f N (%+.3f %%); COP %.1f mm from the "
	       "centre\n", side_names[p->side], p->kg, expected, v->measured_n, v->error_n, v->error_pct,
	    v->cop_error_mm);
	brief(p, "%s plate: %g kg, error %+.3f %%, COP %.1f mm off centre.", side_titles[p->side], p->kg, v->error_pct,
	      v->cop_error_mm);
	if (p->side == 0) {
		p->side = 1;
		ask(p);
	} else {
		finish(p);
	}
}

static void settled(struct calib_proc *p)
{
	if (p->settle.state == SETTLE_TIMEOUT) {
		refuse(p, true, "%s", p->settle.why);
		return;
	}
	switch (p->step) {
	case STEP_ZERO:
		accept_zero(p);
		break;
	case STEP_SPAN:
		accept_span(p);
		break;
	case STEP_MARKS:
		accept_mark(p);
		break;
	case STEP_VERIFY:
		accept_verify(p);
		break;
	}
}

void calib_proc_feed(struct calib_proc *p, const struct plate_frame *frames, size_t n)
{
	if (p->state != CALIB_PROC_MEASURING)
		return;
	calib_settle_feed(&p->settle, frames, n);
	if (p->settle.state != SETTLE_WAITING)
		settled(p);
}

void calib_proc_answer(struct calib_proc *p, const char *line)
{
	if (p->state != CALIB_PROC_ASKING)
		return;
	if (!line) {
		calib_proc_fail(p, "the answers ended before the calibration was done");
		return;
	}
	while (*line == ' ' || *line == '\t')
		line++;
	bool empty = *line == '\0' || *line == '\r';
	if (strcmp(line, "q") == 0 || strcmp(line, "quit") == 0) {
		calib_proc_fail(p, "stopped by the operator");
		return;
	}
	if (p->retry || p->step == STEP_ZERO) {
		if (empty)
			measure(p);
		else
			ask(p);
		return;
	}
	struct calib_span *sp = &p->cal.rec.span[p->side];
	if (empty && p->step == STEP_SPAN) {
		if (sp->n == 0) {
			say(p, "  Type the mass on the plate first.\n");
			ask(p);
		} else {
			finish_span(p);
		}
		return;
	}
	double kg = p->kg;
	if (empty ? !(kg > 0) : !parse_kg(line, &kg)) {
		say(p, "  '%s' is not a mass: type it in kg, e.g. 20 or 12.5\n", line);
		ask(p);
		return;
	}
	if (p->step == STEP_SPAN && sp->n > 0 && kg <= sp->mass_kg[sp->n - 1]) {
		say(p, "  The total must grow: %.3g kg is not more than the %.3g kg before (type the total on the "
		       "plate)\n", kg, sp->mass_kg[sp->n - 1]);
		ask(p);
		return;
	}
	p->kg = kg;
	measure(p);
}

int calib_proc_new(const struct plate_info *info, unsigned rate_hz, const struct calib_proc_options *opt,
		   struct calib_proc **out)
{
	if (info->counts_per_newton_x1000 <= 0)
		return st_fail(ST_ERR_PROTOCOL, "%s: the plate gives no nominal gain, which calibration starts from",
			       info->name);
	struct calib_proc *p = calloc(1, sizeof *p);
	if (!p)
		return st_fail(ST_ERR_NOMEM, "calibration: out of memory");
	if (opt)
		p->opt = *opt;
	if (!(p->opt.max_sd_n > 0))
		p->opt.max_sd_n = 3;
	if (!(p->opt.max_nonlinearity_pct > 0))
		p->opt.max_nonlinearity_pct = 1;
	if (!(p->opt.verify_tolerance_pct > 0))
		p->opt.verify_tolerance_pct = 0.5;
	p->info = *info;
	p->rate = rate_hz;
	snprintf(p->cal.serial, sizeof p->cal.serial, "%s", info->serial);
	snprintf(p->cal.operator_name, sizeof p->cal.operator_name, "%s",
		 p->opt.operator_name ? p->opt.operator_name : "");
	p->opt.operator_name = NULL; /* not kept: the caller's string */
	p->cal.version = CALIB_FORMAT_VERSION;
	p->cal.rec.have_record = true;
	p->cal.rec.gravity = p->opt.gravity > 0 ? p->opt.gravity : STANDARD_GRAVITY;
	double nominal[PLATE_CHANNELS];
	for (int c = 0; c < PLATE_CHANNELS; c++) {
		nominal[c] = 1000.0 / info->counts_per_newton_x1000;
		p->cal.ch[c].newtons_per_count = nominal[c];
		p->cal.ch[c].x_mm = info->cell_x_mm[c];
		p->cal.ch[c].y_mm = info->cell_y_mm[c];
	}
	struct calib_settle_options so = { .seconds = 3, .max_sd_n = p->opt.max_sd_n, .timeout_s = 30,
					   .min_change_n = 3 };
	int rc = calib_settle_init(&p->settle, rate_hz, nominal, &so);
	if (rc != ST_OK) {
		free(p);
		return rc;
	}
	say(p, "Calibrating plate %s (%s), %u Hz. You need known masses (gym weights: 20 kg or more in all "
	       "per plate),\nand one mass of 10 kg or more that stands on a small spot. Type q to stop at any "
	       "question.\nMasses are turned into newtons with g = %.5f m/s^2.\n", info->serial, info->name,
	    rate_hz, p->cal.rec.gravity);
	ask(p);
	*out = p;
	return ST_OK;
}

void calib_proc_free(struct calib_proc *p)
{
	if (!p)
		return;
	calib_settle_free(&p->settle);
	free(p->text);
	free(p);
}

enum calib_proc_state calib_proc_state(const struct calib_proc *p)
{
	return p->state;
}

void calib_proc_where(const struct calib_proc *p, struct calib_proc_where *out)
{
	*out = (struct calib_proc_where){ .step = (int)p->step + 1, .side = p->side, .mark = p->index,
					  .masses = p->cal.rec.span[p->side].n, .kg = p->kg, .retry = p->retry };
	if (p->step == STEP_MARKS)
		mark_position(p, p->index, &out->x_mm, &out->y_mm);
}

const char *calib_proc_brief(const struct calib_proc *p)
{
	return p->brief;
}

const char *calib_proc_take_text(struct calib_proc *p)
{
	if (!p->text)
		return "";
	const char *t = p->text + p->taken;
	p->taken = p->len;
	return t;
}

const struct calibration *calib_proc_result(const struct calib_proc *p)
{
	return p->state == CALIB_PROC_DONE ? &p->cal : NULL;
}

static void feed_frames(const struct plate_frame *frames, size_t n, void *user)
{
	calib_proc_feed(user, frames, n);
}

int calib_proc_run(struct calib_proc *p, struct plate *pl, FILE *in, FILE *out, bool echo)
{
	int rc = plate_start(pl, p->rate, feed_frames, p);
	if (rc != ST_OK)
		return rc;
	char line[ANSWER_MAX];
	while (p->state == CALIB_PROC_ASKING || p->state == CALIB_PROC_MEASURING) {
		fputs(calib_proc_take_text(p), out);
		fflush(out);
		if (p->state == CALIB_PROC_ASKING) {
			if (!fgets(line, sizeof line, in)) {
				if (echo)
					fputc('\n', out);
				calib_proc_answer(p, NULL);
				continue;
			}
			line[strcspn(line, "\r\n")] = '\0';
			if (echo)
				fprintf(out, "%s\n", line);
			calib_proc_answer(p, line);
			continue;
		}
		rc = plate_poll(pl, 100);
		if (rc == ST_ENDED)
			calib_proc_fail(p, "the plate's stream ended while waiting for a steady reading");
		else if (rc < 0)
			calib_proc_fail(p, st_errmsg());
	}
	fputs(calib_proc_take_text(p), out);
	fflush(out);
	plate_stop(pl);
	if (p->state == CALIB_PROC_DONE)
		return ST_OK;
	return st_fail(ST_ERR_DATA, "%s", p->error);
}
