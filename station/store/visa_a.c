/* visa_a.c: the VISA-A's items and scoring (visa_a.h). */
#include "visa_a.h"

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

const struct visa_item visa_items[VISA_ITEMS - 1] = {
	{ "For how many minutes do you have stiffness in the Achilles region on first getting up?", "100 min",
	  "0 min" },
	{ "Once you are warmed up for the day, do you have pain when stretching the Achilles tendon fully over the "
	  "edge of a step? (keeping the knee straight)", "strong severe pain", "no pain" },
	{ "After walking on flat ground for 6 minutes, do you have any pain within the next 24 hours?",
	  "strong severe pain", "no pain" },
	{ "Do you have pain walking downstairs with a normal gait cycle?", "strong severe pain", "no pain" },
	{ "Do you have pain during or immediately after doing 10 (single leg) heel raises from a flat surface?",
	  "strong severe pain", "no pain" },
	{ "How many single leg hops can you do without pain?", "0 hops", "10 hops" },
	{ "Are you currently undertaking sport or other physical activity?", NULL, NULL },
};

const char *const visa_activity_choices[VISA_ACTIVITY_CHOICES] = {
	"Not at all",
	"Modified training \u00b1 modified competition",
	"Full training \u00b1 competition, but not at the same level as when symptoms began",
	"Competing at the same or higher level as when symptoms began",
};

const char *const visa_item8_text = "Achilles tendon loading sport: which is true for you?";

const char *const visa_branches[VISA_BRANCHES] = {
	"A: I have no pain while doing it",
	"B: I have some pain, but it does not stop me completing training",
	"C: I have pain that stops me completing training",
};

const char *const visa_branch_questions[VISA_BRANCHES] = {
	"With no pain while doing Achilles tendon loading sport: for how long can you train or practise?",
	"With some pain that does not stop you completing training: for how long can you train or practise?",
	"With pain that stops you completing training: for how long can you train or practise?",
};

const char *const visa_durations[VISA_DURATIONS] = { "Nil", "1-10 min", "11-20 min", "21-30 min", "Over 30 min" };

static const int activity_points[VISA_ACTIVITY_CHOICES] = { 0, 4, 7, 10 };
static const int item8_points[VISA_BRANCHES][VISA_DURATIONS] = {
	{ 0, 7, 14, 21, 30 }, /* A: no pain */
	{ 0, 4, 10, 14, 20 }, /* B: pain, not stopping */
	{ 0, 2, 5, 7, 10 },   /* C: pain that stops */
};

int visa_activity_points(int i)
{
	return i >= 0 && i < VISA_ACTIVITY_CHOICES ? activity_points[i] : -1;
}

int visa_item8_points(int b, int d)
{
	return b >= 0 && b < VISA_BRANCHES && d >= 0 && d < VISA_DURATIONS ? item8_points[b][d] : -1;
}

int visa_score(const struct visa_answers *a, int items[VISA_ITEMS], int *total)
{
	for (int i = 0; i < VISA_SCALE_ITEMS; i++) {
		if (a->scale[i] < 0 || a->scale[i] > VISA_SCALE_MAX)
			return st_fail(ST_ERR_ARG, "VISA-A item %d is %d: 0 to %d", i + 1, a->scale[i], VISA_SCALE_MAX);
		items[i] = a->scale[i];
	}
	items[6] = visa_activity_points(a->activity);
	if (items[6] < 0)
		return st_fail(ST_ERR_ARG, "VISA-A item 7: choice %d of %d", a->activity + 1, VISA_ACTIVITY_CHOICES);
	if (a->branch < 0 || a->branch >= VISA_BRANCHES)
		return st_fail(ST_ERR_ARG, "VISA-A item 8: branch %d is not A, B or C", a->branch);
	items[7] = visa_item8_points(a->branch, a->duration);
	if (items[7] < 0)
		return st_fail(ST_ERR_ARG, "VISA-A item 8: duration %d of %d", a->duration + 1, VISA_DURATIONS);
	return visa_total(items, total);
}

static bool is_item8_points(int v)
{
	for (int b = 0; b < VISA_BRANCHES; b++)
		for (int d = 0; d < VISA_DURATIONS; d++)
			if (item8_points[b][d] == v)
				return true;
	return false;
}

int visa_total(const int items[VISA_ITEMS], int *total)
{
	int sum = 0;
	for (int i = 0; i < VISA_SCALE_ITEMS; i++) {
		if (items[i] < 0 || items[i] > VISA_SCALE_MAX)
			return st_fail(ST_ERR_ARG, "VISA-A item %d is %d: 0 to %d", i + 1, items[i], VISA_SCALE_MAX);
		sum += items[i];
	}
	bool activity = false;
	for (int i = 0; i < VISA_ACTIVITY_CHOICES; i++)
		activity = activity || activity_points[i] == items[6];
	if (!activity)
		return st_fail(ST_ERR_ARG, "VISA-A item 7 is %d: 0, 4, 7 or 10", items[6]);
	if (!is_item8_points(items[7]))
		return st_fail(ST_ERR_ARG, "VISA-A item 8 is %d: a score of branch A (0, 7, 14, 21, 30), B (0, 4, "
					   "10, 14, 20) or C (0, 2, 5, 7, 10)", items[7]);
	*total = sum + items[6] + items[7];
	return ST_OK;
}
