/* screen_states.c: one fixed view of every screen, for the reference images and the
 * frame-time benchmark. */
#include "screen_states.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flow.h"

static const double lowering_mean[] = { 2.1, 2.6, 3.0, 3.4, 3.3, 3.9, 4.2, 4.1, 4.4, 4.3 };
static const double pain_before[] = { 4, 4, 3, 3, 3, 2, 2, 2, 1, 1 };
static const double pain_after[] = { 5, 5, 4, 4, 3, 3, 3, 2, 2, 2 };
static const double pain_next[] = { 4, 3, 3, 3, 2, 2, 2, 1, 1, NAN };
/* ten sessions in October 2026, two of them on one day; the fourth stopped early */
static const time_t session_at[] = { 1791014400, 1791187200, 1791360000, 1791619200, 1791640800,
				     1791792000, 1792051200, 1792224000, 1792396800, 1792656000 };
static const bool session_cut[] = { false, false, false, true, false, false, false, false, false, false };
static struct plot_graph progress[2];

static void graphs(struct view_graphs *g, int selected)
{
	progress[0] = (struct plot_graph){ .title = "Lowering time", .unit = "s", .n = 10, .x = session_at,
					   .incomplete = session_cut, .band_lo = 3, .band_hi = 5,
					   .band_label = "target 3-5 s", .y_min = 0, .y_max = 0 };
	progress[0].series[0] = (struct plot_series){ "mean per session", lowering_mean, PLOT_BLUE, false };
	progress[0].n_series = 1;
	progress[1] = (struct plot_graph){ .title = "Pain", .unit = "0-10", .n = 10, .x = session_at,
					   .incomplete = session_cut, .band_lo = 0, .band_hi = 5,
					   .band_label = "acceptable during: 0-5", .y_min = 0, .y_max = 10 };
	progress[1].series[0] = (struct plot_series){ "before", pain_before, PLOT_BLUE, false };
	progress[1].series[1] = (struct plot_series){ "during (most)", pain_after, PLOT_VERMILLION, false };
	progress[1].series[2] = (struct plot_series){ "the day after", pain_next, PLOT_PURPLE, false };
	progress[1].n_series = 3;
	*g = (struct view_graphs){ .patient = "Ann Example", .graphs = progress, .n = 2, .selected = selected };
}

#define TRACE_N 12000 /* 12 s at 1 kHz */
static float trace_l[TRACE_N], trace_r[TRACE_N];

static void make_trace(void)
{
	/* three slow raises: the weight shifts and bobs as a body's does */
	for (int i = 0; i < TRACE_N; i++) {
		double t = i / 1000.0, ph = fmod(t, 4.0);
		double bob = ph < 1 ? 60 * sin(M_PI * ph) : ph > 2 && ph < 3.5 ? -15 * sin(M_PI * (ph - 2) / 1.5) : 0;
		double noise = 3 * sin(t * 173.0) + 2 * sin(t * 311.0);
		trace_l[i] = (float)(0.51 * (690 + bob) + noise);
		trace_r[i] = (float)(0.49 * (690 + bob) - noise);
	}
}

/* the three raises of the trace: rise, top, lowering */
static const struct view_trace_event trace_events[] = { { 0.1, 0.9, 2.0, 3.5 }, { 4.1, 4.9, 6.0, 7.5 },
						      { 8.1, 8.9, 10.0, 11.5 } };

/* A phase change's reasons as the progression code words them. */
#define REASON_MET                                                                                                     \
	"3 of the last 3 sessions in phase 2 met every target (sets and counts, lowering in the band in at least 80 % " \
	"of reps, holds to time, load share 45-55 % or LSI at least 90 %)"
#define REASON_PAIN "pain at most 5/10 during exercise and at most 3/10 the day after, not rising week on week"
#define REASON_CLOSE                                                                                                   \
	"1 session came too soon after the one before and does not count: 2026-11-30 10:14 (1 min after)"

int screen_states(struct screen_state *out)
{
	make_trace();
	int n = 0;
	struct screen_view *v;
#define STATE(name_, id_)                                                          \
	do {                                                                       \
		if (n == SCREEN_STATES_MAX)                                        \
			abort(); /* raise SCREEN_STATES_MAX */                     \
		out[n].name = (name_);                                             \
		v = &out[n++].view;                                                \
		memset(v, 0, sizeof *v);                                           \
		v->id = (id_);                                                     \
	} while (0)

	STATE("choose", SCREEN_CHOOSE_PATIENT);
	v->choose = (struct view_choose_patient){ { "Ann E.", "Bob S.", "Carla T.", "Dev O." }, 4, 0 }; /* names as shown before the PIN */

	STATE("pin", SCREEN_PIN);
	v->pin = (struct view_pin){ .prompt = "Physio PIN", .entered = 2, .length = 4, .wrong = true };

	STATE("question", SCREEN_QUESTION);
	v->question = (struct view_question){ "Did you feel a pop in the tendon?", "Or a kick at the back of the ankle", 1, 3,
					      NULL, NULL, NULL, false, true };

	STATE("pain", SCREEN_PAIN); /* a set's pain (Back held), a limit of 3: its middle zone one button wide */
	v->pain = (struct view_pain){ "How much pain did you have during that set? (0-10)", 3, 3, false };

	STATE("step_on", SCREEN_STEP_ON);
	v->step_on = (struct view_step_on){ STEP_STAND, 0.6, NAN, { 53, 45, 55 }, false, NULL, NULL };

	STATE("weighed", SCREEN_STEP_ON);
	v->step_on = (struct view_step_on){ STEP_DONE, 1, 70.4, { 51, 45, 55 }, false, NULL, NULL };

	STATE("hold", SCREEN_HOLD);
	v->hold = (struct view_hold){ 32.4, 45, true, 0.8, STEADY_STILL, 2, 5, { 47, 45, 55 }, false, false, { NAN, 5 }, false, NAN };

	STATE("raises", SCREEN_RAISES);
	v->raises = (struct view_raises){ .rep = 5, .reps_target = 8, .set = 2, .sets = 3,
					  .tempo = { 1, 1, 4, 1.5 }, .pacer_t_s = 3.6, .heels_up = false,
					  .lowering_s = 1.3, .band_lo_s = 3, .band_hi_s = 5,
					  .lower_s = { 3.8, 4.2, 2.4, 4.0, 2.2 }, .n_lower = 5,
					  .bal = { 58, 45, 55 } };

	STATE("raises_good", SCREEN_RAISES);
	v->raises = (struct view_raises){ .rep = 3, .reps_target = 10, .set = 1, .sets = 3,
					  .tempo = { 1, 1, 4, 1.5 }, .pacer_t_s = 0.5, .heels_up = true,
					  .band_lo_s = 3, .band_hi_s = 5, .lower_s = { 3.5, 4.6, 4.1 }, .n_lower = 3,
					  .muted = true, .bal = { 50, 45, 55 } };

	STATE("hops", SCREEN_HOPS);
	v->hops = (struct view_hops){ .n = 5, .count = 5, .target = 8, .set = 2, .sets = 3, .bal = { 49, 45, 55 } };
	for (int i = 0; i < 5; i++)
		v->hops.hops[i] = (struct view_hop){ 0.30 + 0.005 * i, i == 4 ? NAN : 0.22 - 0.004 * i, 50 + i };

	STATE("rest", SCREEN_REST);
	v->rest = (struct view_rest){ 74, 120, 2, 3, "Slow heel raises, 8 reps", false };

	STATE("set_summary", SCREEN_SUMMARY);
	v->summary = (struct view_summary){ .title = "Set 2 of 3 done",
					    .rows = { { "Reps", "8 of 8", MARK_GOOD },
						      { "Lowering", "3.7 s, 6 of 8 in 3-5 s", MARK_NONE },
						      { "Left / right", "52% / 48%", MARK_GOOD },
						      { "Heel height", "72 mm", MARK_NONE } },
					    .n_rows = 4, .button = "Rest" };

	STATE("session_summary", SCREEN_SUMMARY);
	v->summary = (struct view_summary){ .title = "Session done",
					    .rows = { { "Sets", "3 of 3", MARK_GOOD },
						      { "Reps", "24 of 24", MARK_GOOD },
						      { "Lowering", "4.3 s mean", MARK_GOOD },
						      { "Left / right", "49% / 51%", MARK_GOOD },
						      { "Pain after", "6 / 10", MARK_WARN } },
					    .n_rows = 5,
					    .suggestion = "Suggest phase 3 (your physio decides)",
					    .reasons = { "All reps done in the last 3 sessions",
							 "Lowering 3-5 s in 90% of reps", "Pain settles by the next day" },
					    .n_reasons = 3, .button = "Finish" };

	STATE("patients", SCREEN_PATIENT_LIST);
	v->patients.n = 4;
	v->patients.rows[0].name = "Ann Example", v->patients.rows[0].detail = "Phase 2, 2 days ago";
	v->patients.rows[0].flagged = true;
	v->patients.rows[1].name = "Bob Sample", v->patients.rows[1].detail = "Phase 1, today";
	v->patients.rows[2].name = "Carla Test", v->patients.rows[2].detail = "Phase 4, 9 days ago";
	v->patients.rows[3].name = "Dev Ramanathan-Okafor", v->patients.rows[3].detail = "Phase 3, yesterday";

	STATE("patient", SCREEN_PATIENT_DETAIL);
	v->patient = (struct view_patient_detail){ .name = "Ann Example", .phase = 2,
						   .exercise = "Standing double-leg heel raise",
						   .dose = "8 reps x 3 sets, lower in 3-5 s, every other day",
						   .last = "Last: 2 days ago, pain 3/10, next day 1/10",
						   .facts = "Involved: left · pain during 4, 3, 2",
						   .visa = "VISA-A 64/100 on 12 Nov 2026",
						   .warning = "Too soon to count: 1 session",
						   .suggestion = "Suggest phase 3", .decide = true,
						   .reasons = { REASON_MET, REASON_PAIN, REASON_CLOSE },
						   .briefs = { "3 of the last 3 sessions in phase 2 met every target", REASON_PAIN },
						   .n_reasons = 3 };
	STATE("patient_long_lines", SCREEN_PATIENT_DETAIL); /* each line as long as the physio side words it */
	v->patient = (struct view_patient_detail){ .name = "P-12345678", .phase = 5,
						   .exercise = "Stand, raise your heels and hold",
						   .dose = "3 holds x 3 sets of 30 s",
						   .last = "Last: 365 days ago, 5 of 5 sets (cut short), pain up to 10/10",
						   .facts = "Involved: both · pain during 10, 10, 10, 10",
						   .visa = "VISA-A 100/100 on 30 Sep 2026",
						   .warning = "Last session 39 h ago: every other day asks 40 h",
						   .suggestion = "Stay in phase 5",
						   .reasons = { REASON_PAIN }, .briefs = { REASON_PAIN }, .n_reasons = 1 };
	STATE("patient_reasons", SCREEN_PATIENT_DETAIL);
	v->patient = out[n - 3].view.patient;
	v->patient.reasons_open = true;

	STATE("patient_set", SCREEN_PATIENT_DETAIL);
	v->patient = (struct view_patient_detail){ .name = "Bob Sample", .phase = 3,
						   .exercise = "Standing single-leg heel raise",
						   .dose = "12 reps x 3 sets, lower 3-5 s", .last = "No session yet",
						   .status = "Phase 3 set (was 2)", .visa = "No VISA-A score yet" };

	STATE("ask", SCREEN_QUESTION);
	v->question = (struct view_question){ "Move P-14 to phase 3?", "Now in phase 2. Recorded as set by Anna Berg.", 0, 0,
					      "Phase change", NULL, NULL, false, false };

	STATE("who", SCREEN_PATIENT_LIST);
	v->patients = (struct view_patient_list){ .title = "Your name", .add = "Add name", .n = 3 };
	v->patients.rows[0].name = "Anna Berg";
	v->patients.rows[1].name = "Ben O'Neil";
	v->patients.rows[2].name = "Change the PIN", v->patients.rows[2].detail = "for every physio";

	STATE("keyboard", SCREEN_KEYBOARD);
	v->keyboard = (struct view_keyboard){ "Add your name", "Anna Be", "Not added: Anna Berg is on the list already", true };

	STATE("new_patient", SCREEN_PIN);
	v->pin = (struct view_pin){ .prompt = "New patient: number", .text = "P-12",
				    .message = "P-12 is already a patient" };

	STATE("choice_side", SCREEN_CHOICE);
	v->choice = (struct view_choice){ "New patient P-13", "Which side is involved?", { "Left", "Right", "Both" }, 3,
					  1, NULL, "Next" };

	STATE("choice_phase", SCREEN_CHOICE);
	v->choice = (struct view_choice){ "Phase of Ann Example", "Which phase from now on?",
					  { "1", "2", "3", "4", "5", "6" }, 6, 0,
					  "Phase 1: Sit, raise your heels and hold, then stand up slowly (now)", "Save" }; /* two lines */

	STATE("choice_phase_long_name", SCREEN_CHOICE); /* the title on two lines: the question under it */
	v->choice = (struct view_choice){ "Phase of Bob Müller-Smith-Featherstonehaugh (P-0042)", "Which phase from now on?",
					  { "1", "2", "3", "4", "5", "6" }, 6, 2, "Phase 3: One-leg heel raise", "Save" };

	STATE("graph_lowering", SCREEN_GRAPHS);
	graphs(&v->graphs, 0);
	STATE("graph_pain", SCREEN_GRAPHS);
	graphs(&v->graphs, 1);

	STATE("trace", SCREEN_FORCE_TRACE);
	v->trace = (struct view_force_trace){ .title = "Set 2: force", .left_n = trace_l, .right_n = trace_r, .n = TRACE_N,
					      .rate_hz = 1000, .events = trace_events, .n_events = 3 };

	STATE("visa_scale", SCREEN_VISA);
	v->visa = (struct view_visa){ .title = "VISA-A: question 2 of 8",
				      .question = "Once you are warmed up for the day, do you have pain when stretching the "
						  "Achilles tendon fully over the edge of a step? (keeping the knee straight)",
				      .labels = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10" }, .n = 11,
				      .selected = 6, .lo = "strong severe pain", .hi = "no pain", .button = "Next" };
	STATE("visa_activity", SCREEN_VISA);
	v->visa = (struct view_visa){ .title = "VISA-A: question 7 of 8",
				      .question = "Are you currently undertaking sport or other physical activity?",
				      .labels = { "Not at all", "Modified training \u00b1 modified competition",
						  "Full training \u00b1 competition, but not at the same level as when "
						  "symptoms began",
						  "Competing at the same or higher level as when symptoms began" },
				      .n = 4, .selected = 2, .button = "Next" };
	STATE("visa_branch", SCREEN_VISA);
	v->visa = (struct view_visa){ .title = "VISA-A: question 8 of 8",
				      .question = "Achilles tendon loading sport: which is true for you?",
				      .labels = { "A: I have no pain while doing it",
						  "B: I have some pain, but it does not stop me completing training",
						  "C: I have pain that stops me completing training" },
				      .n = 3, .selected = 1, .button = "Next" };
	STATE("visa_duration", SCREEN_VISA);
	v->visa = (struct view_visa){ .title = "VISA-A: question 8 of 8",
				      .question = "With some pain that does not stop you completing training: for how "
						  "long can you train or practise?",
				      .labels = { "Nil", "1-10 min", "11-20 min", "21-30 min", "Over 30 min" }, .n = 5,
				      .selected = 4, .button = "Next" };
	STATE("visa_review", SCREEN_VISA);
	v->visa = (struct view_visa){ .title = "Touch an answer to change it",
				      .labels = { "1  Morning stiffness: 30 min", "2  Stretch on a step: 6/10",
						  "3  After a 6 min walk: 8/10", "4  Downstairs: 8/10",
						  "5  10 heel raises: 5/10", "6  Hops without pain: 4/10",
						  "7  Sport or activity: full, lower level", "8  Training time (B): 11-20 min" },
				      .n = 8, .selected = -1, .review = true,
				      .total = "Score 52 of 100", .button = "Save" };
	STATE("calibrate_mark", SCREEN_CALIBRATE);
	v->calibrate = (struct view_calibrate){ .title = "3 of 4: marks",
						.instruction = "One mass of 10 kg or more on the LEFT plate's front-right "
							       "mark: type it in kg.",
						.where = "at x +80, y +150 mm",
						.message = "centre mark: 117.7 N", .pad = true, .mass = "12.5",
						.plate = 0, .mark_x_mm = 80, .mark_y_mm = 150,
						.cell_x_mm = { -80, 80, -80, 80 }, .cell_y_mm = { 150, 150, -150, -150 },
						.half_w_mm = 125, .half_l_mm = 225, .progress = NAN, .button = "Measure",
						.second = "Same 12 kg" };
	STATE("calibrate_refused", SCREEN_CALIBRATE);
	v->calibrate = (struct view_calibrate){ .title = "2 of 4: span",
						.instruction = "Put right what the message says, then measure again (Back "
							       "stops: nothing is saved).",
						.message = "NOT ACCEPTED: the left plate reads about 20.01 kg (by its nominal "
							   "gain), not 25 kg: check the mass, and that it stands only on this "
							   "plate, then type it again",
						.refused = true, .plate = 0,
						.cell_x_mm = { -80, 80, -80, 80 }, .cell_y_mm = { 150, 150, -150, -150 },
						.half_w_mm = 125, .half_l_mm = 225, .progress = NAN,
						.button = "Measure again" };
	/* a reading shortened beside the picture, and opened whole in place of the pad */
	STATE("calibrate_reading", SCREEN_CALIBRATE);
	v->calibrate = (struct view_calibrate){ .title = "2 of 4: span",
						.instruction = "A known mass on the centre of the RIGHT plate: type it "
							       "in kg, touch Measure.",
						.message = "Left span: R^2 0.9999871, worst non-linearity 0.123 %. Touch: "
							   "all figures.",
						.readings = "left plate span: gain 0.000251467 N per count (3976.7 counts "
							    "per N), offset -0.01 N, R^2 0.9999871, worst non-linearity "
							    "0.123 % of 245.2 N\n10.000 kg 39004 counts residual -0.012 N\n"
							    "25.000 kg 97512 counts residual +0.008 N",
						.pad = true, .mass = "", .plate = 1,
						.cell_x_mm = { -80, 80, -80, 80 }, .cell_y_mm = { 150, 150, -150, -150 },
						.half_w_mm = 125, .half_l_mm = 225, .progress = NAN, .button = "Measure" };
	STATE("calibrate_readings", SCREEN_CALIBRATE);
	v->calibrate = out[n - 2].view.calibrate;
	v->calibrate.readings_open = true;
	v->calibrate.pad = false;
	STATE("calibrate_zero", SCREEN_CALIBRATE);
	v->calibrate = (struct view_calibrate){ .title = "1 of 4: zero",
						.instruction = "Take everything off both plates and step away from them. "
							       "Then touch Measure and keep clear.",
						.plate = -1, .half_w_mm = 125, .half_l_mm = 225, .progress = NAN,
						.button = "Measure" };
	/* the advice after a red flag and after too much pain, as the session side words them */
	STATE("red_flag_stop", SCREEN_SUMMARY);
	v->summary = (struct view_summary){ .title = "Get it checked today", .advice = flow_end_text(FLOW_RED_FLAG),
					    .button = "Finish" };
	STATE("pain_stop", SCREEN_SUMMARY);
	v->summary = (struct view_summary){ .title = "Session stopped", .advice = flow_end_text(FLOW_PAIN_STOP),
					    .rows = { { "Done", "1 of 3 sets, 8 of 24 reps", MARK_WARN },
						      { "Pain", "3/10 before, at most 7/10 after", MARK_NONE } },
					    .n_rows = 2, .button = "Finish" };
	STATE("question_soon", SCREEN_QUESTION);
	v->question = (struct view_question){ "Are you unable to rise on your toes on that side?",
					      "Last session 20 h ago: every other day is best", 3, 3, NULL, NULL, NULL, false,
					      false };

	STATE("unplugged", SCREEN_RAISES);
	*v = out[7].view; /* the raises screen, with the plate gone */
	v->unplugged = true;

	/* the feedback of issue 14 */
	STATE("step_on_seated_eased", SCREEN_STEP_ON);
	v->step_on = (struct view_step_on){ STEP_STEP_ON, NAN, NAN, { NAN, 45, 55 }, true,
					    "Day-after pain 6/10: eased today", "holds of 34 s instead of 45 s" };

	STATE("pain_gate", SCREEN_QUESTION);
	v->question = (struct view_question){ "Best not to exercise today",
					      "Pain 8/10, limit 5/10: please contact your physiotherapist", 0, 0,
					      "Pain too high today", "Exercise anyway", "Stop for today", true, false };

	STATE("hold_seated_released", SCREEN_HOLD);
	v->hold = (struct view_hold){ 47.2, 45, false, NAN, STEADY_NONE, 1, 5, { 51, 45, 55 }, true, true, { NAN, 5 }, false, NAN };

	STATE("hold_seated_stale", SCREEN_HOLD); /* heels still up from the last set */
	v->hold = (struct view_hold){ 0, 45, true, 0.3, STEADY_WOBBLY, 2, 5, { 51, 45, 55 }, true, false, { NAN, 5 }, true, NAN };

	STATE("hold_done_up", SCREEN_HOLD); /* the target reached, heels still up, wobbling */
	v->hold = (struct view_hold){ 46.1, 45, true, 0.3, STEADY_WOBBLY, 2, 5, { 51, 45, 55 }, false, false, { NAN, 5 }, false, NAN };

	STATE("raises_hands", SCREEN_RAISES);
	v->raises = (struct view_raises){ .rep = 4, .reps_target = 8, .set = 1, .sets = 3,
					  .tempo = { 1, 1, 4, 1.5 }, .pacer_t_s = 0.5, .heels_up = false,
					  .band_lo_s = 3, .band_hi_s = 5, .lower_s = { 3.5, 4.6, 4.1, 3.2 }, .n_lower = 4,
					  .uncertain = { false, false, false, true }, .bal = { 50, 45, 55 },
					  .support = { 12.3, 5 } };

	STATE("hops_skipping", SCREEN_HOPS);
	v->hops = (struct view_hops){ .n = 6, .count = 6, .target = 0, .set = 1, .sets = 1, .bal = { 49, 45, 55 } };
	for (int i = 0; i < 6; i++)
		v->hops.hops[i] = (struct view_hop){ 0.25 + 0.01 * i, i == 5 ? NAN : 0.2, i % 2 ? 3 : 96 };

	STATE("choose_long_names", SCREEN_CHOOSE_PATIENT); /* long first names: wrapped, never smaller */
	v->choose = (struct view_choose_patient){ { "Bartholomew-Alexander F.", "Maximiliana W. (P-002)", "Zoë Ø." }, 3, 0 };

	STATE("visa_offer_long_name", SCREEN_QUESTION); /* a title of two lines above the question */
	v->question = (struct view_question){ .title = "Bartholomew-Alexander F. (P-0002)", .question = "VISA-A questionnaire now?",
					      .detail = "8 questions on your Achilles tendon, asked every 4 weeks: about 5 "
							"minutes",
					      .back_at_once = true };
	STATE("session_summary_rows", SCREEN_SUMMARY); /* every row a session summary has */
	v->summary = (struct view_summary){ .title = "Session done",
					    .rows = { { "Eased today", "Day-after pain 10/10, so 6 reps a set instead of 8", MARK_WARN },
						      { "Done", "3 of 3 sets, 18 of 18 reps", MARK_GOOD },
						      { "Lowering time", "3.1 s mean; 7 of 16 in 3-5 s, 2 not measured", MARK_WARN },
						      { "Left / right", "49% / 51%", MARK_GOOD },
						      { "Pain", "2/10 before, at most 3/10 after", MARK_NONE } },
					    .n_rows = 5, .button = "Next" };

	STATE("session_next_time", SCREEN_SUMMARY); /* then its suggestion, with long reasons */
	v->summary = (struct view_summary){ .title = "Next time", .suggestion = "Stay in phase 2",
					    .reasons = { "Lowering 3-5 s in 38% of reps; 80% is the target",
							 "1 complete session in phase 2 so far; 2 of the last 3 must meet the targets",
							 REASON_PAIN },
					    .n_reasons = 3, .button = "Finish" };
	STATE("raises_measuring", SCREEN_RAISES); /* rep 4 counted as the heels landed, its verdict to come */
	v->raises = (struct view_raises){ .rep = 4, .reps_target = 8, .set = 1, .sets = 3, .tempo = { 1, 1, 4, 1.5 },
					  .pacer_t_s = 7.2, .band_lo_s = 3, .band_hi_s = 5, .lower_s = { 3.5, 4.6, 2.1 },
					  .n_lower = 3, .n_waiting = 1, .bal = { 50, 45, 55 }, .support = { NAN, 5 } };
	STATE("step_on_eased", SCREEN_STEP_ON); /* the longest note: one set of hops, sore the day after */
	v->step_on = (struct view_step_on){ STEP_STAND, 0.6, NAN, { 53, 45, 55 }, false,
					    "Day-after pain 7/10: eased today", "go gently: fewer hops" };
	STATE("raises_slow", SCREEN_RAISES); /* the last rep lowered too slowly: its own words */
	v->raises = (struct view_raises){ .rep = 3, .reps_target = 8, .set = 1, .sets = 3, .tempo = { 1, 1, 4, 1.5 },
					  .pacer_t_s = 1.2, .band_lo_s = 3, .band_hi_s = 5, .lower_s = { 3.5, 4.6, 6.2 },
					  .n_lower = 3, .bal = { 50, 45, 55 }, .support = { NAN, 5 } };
	STATE("raises_one_leg_both_feet", SCREEN_RAISES); /* phase 3, the right leg: the last rep on both feet */
	v->raises = (struct view_raises){ .rep = 12, .reps_target = 12, .set = 1, .sets = 3, .tempo = { 1, 1, 4, 1.5 },
					  .pacer_t_s = 1.2, .band_lo_s = 3, .band_hi_s = 5, .lower_s = { 3.5, 4.6, 4.2 },
					  .both_feet = { false, false, true }, .leg = 1, .n_lower = 3,
					  .bal = { 48, 0, 0 }, .support = { NAN, 5 } };
	STATE("hold_rest", SCREEN_HOLD); /* phase 5: hold 1 of 3 done, the rest before hold 2 */
	v->hold = (struct view_hold){ 31.6, 30, false, NAN, STEADY_NONE, 1, 3, { 50, 45, 55 }, false, true, { NAN, 5 }, false, 24.2 };
	STATE("pain_unchosen", SCREEN_PAIN); /* no score yet: how to choose one, where Done will be */
	v->pain = (struct view_pain){ "How much pain do you have now? (0 none - 10 worst)", -1, 5, true };
	STATE("rest_holds", SCREEN_REST); /* phase 1: a set is a hold; the longer line wraps */
	v->rest = (struct view_rest){ 95, 120, 2, 5, "Sit, raise your heels and hold", true };
	STATE("choose_one_long_word", SCREEN_CHOOSE_PATIENT); /* no space or hyphen to wrap at: broken, not shrunk */
	v->choose = (struct view_choose_patient){ { "Wolfeschlegelsteinhausenberger W.",
						    "Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaft S.",
						    "Mwmwmwmwmwmwmwmwmwmwmw O." },
						  3, 0 };
	STATE("visa_offer_very_long_name", SCREEN_QUESTION); /* a name of nine lines: two, cut */
	v->question = (struct view_question){ .title = "Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswes"
						       "senschafewarenwholgepflegeundsorgfaltigkeitbeschutzen S. (P-0003)",
					      .question = "VISA-A questionnaire now?",
					      .detail = "8 questions on your Achilles tendon, asked every 4 weeks: about 5 "
							"minutes",
					      .back_at_once = true };
	STATE("visa_minutes", SCREEN_VISA); /* question 1: "100" minutes whole, in a wider slot */
	v->visa = (struct view_visa){ .title = "VISA-A: question 1 of 8",
				      .question = "For how many minutes do you have stiffness in the Achilles region on "
						  "first getting up?",
				      .labels = { "100", "90", "80", "70", "60", "50", "40", "30", "20", "10", "0" }, .n = 11,
				      .selected = 8, .lo = "100 min", .hi = "0 min", .button = "Next" };
#undef STATE
	return n;
}

const struct screen_state *screen_state_named(const struct screen_state *st, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(st[i].name, name) == 0)
			return &st[i];
	return NULL;
}
