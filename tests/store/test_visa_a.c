/* test_visa_a.c: the VISA-A's scoring (visa_a.h) against worked examples computed by hand
 * from the published scheme: all best is 100, all worst 0, mixed answers in each of item
 * 8's branches; answers and recorded points out of the scheme are refused naming the item. */
#include <string.h>

#include "check.h"
#include "status.h"
#include "visa_a.h"

static int score(const struct visa_answers *a, int items[VISA_ITEMS])
{
	int total = -1;
	int rc = visa_score(a, items, &total);
	return rc == ST_OK ? total : rc;
}

static void test_ends(void)
{
	int items[VISA_ITEMS];
	struct visa_answers best = { { 10, 10, 10, 10, 10, 10 }, 3, 0, 4 };
	CHECK(score(&best, items) == 100, "all best: %d, want 100", score(&best, items));
	CHECK(items[6] == 10 && items[7] == 30, "best item 7 and 8: %d %d, want 10 30", items[6], items[7]);
	struct visa_answers worst = { { 0 }, 0, 0, 0 };
	CHECK(score(&worst, items) == 0, "all worst: %d, want 0", score(&worst, items));
	/* the best a patient with pain can score in branches B and C */
	struct visa_answers b = best, c = best;
	b.branch = 1;
	c.branch = 2;
	CHECK(score(&b, items) == 90, "best with branch B: %d, want 70 + 20", score(&b, items));
	CHECK(score(&c, items) == 80, "best with branch C: %d, want 70 + 10", score(&c, items));
}

static void test_mixed(void)
{
	static const struct {
		struct visa_answers a;
		int item7, item8, total;
	} cases[] = {
		/* 7+5+6+4+3+2 = 27; modified training 4; A, 11-20 min 14: 45 */
		{ { { 7, 5, 6, 4, 3, 2 }, 1, 0, 2 }, 4, 14, 45 },
		/* 8+8+9+9+6+5 = 45; full training 7; B, 21-30 min 14: 66 */
		{ { { 8, 8, 9, 9, 6, 5 }, 2, 1, 3 }, 7, 14, 66 },
		/* 3+2+4+5+1+0 = 15; not at all 0; C, 1-10 min 2: 17 */
		{ { { 3, 2, 4, 5, 1, 0 }, 0, 2, 1 }, 0, 2, 17 },
		/* 10+9+10+10+9+8 = 56; competing 10; B, over 30 min 20: 86 */
		{ { { 10, 9, 10, 10, 9, 8 }, 3, 1, 4 }, 10, 20, 86 },
		/* 6+6+6+6+6+6 = 36; modified 4; C, 21-30 min 7: 47 */
		{ { { 6, 6, 6, 6, 6, 6 }, 1, 2, 3 }, 4, 7, 47 },
		/* 9+9+9+9+9+9 = 54; full 7; A, 1-10 min 7: 68 */
		{ { { 9, 9, 9, 9, 9, 9 }, 2, 0, 1 }, 7, 7, 68 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int items[VISA_ITEMS], total = score(&cases[i].a, items);
		CHECK(total == cases[i].total && items[6] == cases[i].item7 && items[7] == cases[i].item8,
		      "case %zu: total %d items 7 %d 8 %d; want %d, %d, %d", i, total, items[6], items[7], cases[i].total,
		      cases[i].item7, cases[i].item8);
		int again;
		CHECK(visa_total(items, &again) == ST_OK && again == total, "case %zu: the points sum again to %d", i,
		      total);
	}
}

static void test_refused(void)
{
	int items[VISA_ITEMS];
	struct visa_answers a = { { 10, 10, 10, 11, 10, 10 }, 3, 0, 4 };
	CHECK(score(&a, items) == ST_ERR_ARG && strstr(st_errmsg(), "item 4 is 11"), "scale 11: %s", st_errmsg());
	a.scale[3] = 10;
	a.activity = 4;
	CHECK(score(&a, items) == ST_ERR_ARG && strstr(st_errmsg(), "item 7"), "item 7 choice 5: %s", st_errmsg());
	a.activity = 0;
	a.branch = 3;
	CHECK(score(&a, items) == ST_ERR_ARG && strstr(st_errmsg(), "branch"), "branch D: %s", st_errmsg());
	a.branch = 2;
	a.duration = 5;
	CHECK(score(&a, items) == ST_ERR_ARG && strstr(st_errmsg(), "item 8"), "duration 6: %s", st_errmsg());
	/* recorded points: item 7 has no 6, item 8 no 25 in any branch */
	const int seven[VISA_ITEMS] = { 5, 5, 5, 5, 5, 5, 6, 20 }, eight[VISA_ITEMS] = { 5, 5, 5, 5, 5, 5, 7, 25 };
	int total;
	CHECK(visa_total(seven, &total) == ST_ERR_ARG && strstr(st_errmsg(), "item 7 is 6"), "item 7 6: %s",
	      st_errmsg());
	CHECK(visa_total(eight, &total) == ST_ERR_ARG && strstr(st_errmsg(), "item 8 is 25"), "item 8 25: %s",
	      st_errmsg());
}

int main(void)
{
	test_ends();
	test_mixed();
	test_refused();
	return check_summary();
}
