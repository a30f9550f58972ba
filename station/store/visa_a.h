/* visa_a.h: the VISA-A questionnaire (Robinson et al., Br J Sports Med 2001;35:335-341):
 * its eight items as published, the points each answer scores and the total (0-100,
 * healthy tendons above about 96). The one place the scoring lives: the store checks every
 * recorded score against it; the command line and the station screen score with it.
 *
 *   items 1-6: a 0-10 scale each (10: no stiffness, no pain, 10 hops);
 *   item 7 (sport or other physical activity): 0, 4, 7 or 10 points;
 *   item 8, ONE of three branches by the pain during Achilles-loading sport, each scoring
 *   how long the patient can train (nil, 1-10, 11-20, 21-30, over 30 minutes):
 *     A, no pain:                       0, 7, 14, 21, 30
 *     B, pain that does not stop them:  0, 4, 10, 14, 20
 *     C, pain that stops them:          0, 2,  5,  7, 10
 */
#ifndef STATION_STORE_VISA_A_H
#define STATION_STORE_VISA_A_H

#define VISA_ITEMS 8
#define VISA_SCALE_ITEMS 6   /* items 1-6 */
#define VISA_SCALE_MAX 10
#define VISA_ACTIVITY_CHOICES 4
#define VISA_BRANCHES 3      /* item 8: A, B, C */
#define VISA_DURATIONS 5     /* item 8: nil, 1-10, 11-20, 21-30, > 30 minutes */
#define VISA_MAX 100

/* An item as the patient reads it. */
struct visa_item {
	const char *text;
	const char *lo, *hi;     /* items 1-6: what 0 and 10 mean */
};
/* Items 1-7 (index 0-6), the words of the publication. */
extern const struct visa_item visa_items[VISA_ITEMS - 1];
extern const char *const visa_activity_choices[VISA_ACTIVITY_CHOICES]; /* item 7 */
extern const char *const visa_item8_text;                            /* "complete A, B or C" */
extern const char *const visa_branches[VISA_BRANCHES];               /* item 8's A, B, C */
extern const char *const visa_durations[VISA_DURATIONS];             /* "Nil", "1-10 min"... */
extern const char *const visa_branch_questions[VISA_BRANCHES];       /* item 8's duration, by branch */

/* What the patient answered: choices, not yet points. */
struct visa_answers {
	int scale[VISA_SCALE_ITEMS]; /* items 1-6: 0..10 */
	int activity;                /* item 7: index into visa_activity_choices */
	int branch;                  /* item 8: 0 A, 1 B, 2 C */
	int duration;                /* item 8: index into visa_durations */
};

/* Points of item 7's choice i, and of item 8's duration d in branch b (-1: no such choice). */
int visa_activity_points(int i);
int visa_item8_points(int b, int d);

/* The answers as points per item and the total. ST_ERR_ARG naming the item when an
 * answer is out of range. */
int visa_score(const struct visa_answers *a, int items[VISA_ITEMS], int *total);

/* Points as recorded (the store, `station visa --items`): each a score the published
 * scheme gives for its item; their sum in *total. ST_ERR_ARG naming the item otherwise. */
int visa_total(const int items[VISA_ITEMS], int *total);

#endif
