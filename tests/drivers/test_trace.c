/* test_trace: a trace's columns through growth past the size where they move to huge
 * pages (and move by mremap, not by copy), trimming, and the sliding window's drop. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "status.h"
#include "trace.h"

/* 3 million samples: t_s passes 4 MiB at 512 Ki samples, the float columns at 1 Mi, the
 * flags at 4 Mi (they stay small), so every kind of column moves across the boundary and
 * then again as a huge column. */
#define LONG_N 3000000

static struct trace_sample sample_at(size_t i)
{
	float f = (float)i;
	return (struct trace_sample){ .t_s = (double)i * 1e-3, .fz = { f, -f }, .cop_x = { f + 1, i % 5 ? f : NAN },
				      .cop_y = { f + 2, f + 3 }, .flags = (uint8_t)(i % 3) };
}

static bool holds(const struct trace *t, size_t i, size_t want)
{
	struct trace_sample a, b = sample_at(want);
	trace_get(t, i, &a);
	bool cop_x1 = a.cop_x[1] == (float)b.cop_x[1] || (isnan(a.cop_x[1]) && isnan(b.cop_x[1]));
	return a.t_s == b.t_s && a.fz[0] == (float)b.fz[0] && a.fz[1] == (float)b.fz[1] &&
	       a.cop_x[0] == (float)b.cop_x[0] && cop_x1 && a.cop_y[0] == (float)b.cop_y[0] &&
	       a.cop_y[1] == (float)b.cop_y[1] && a.flags == b.flags;
}

/* Appends samples from..to-1; how many appends failed. */
static size_t append_range(struct trace *t, size_t from, size_t to)
{
	size_t failed = 0;
	for (size_t i = from; i < to; i++) {
		struct trace_sample s = sample_at(i);
		failed += trace_append(t, &s) != ST_OK;
	}
	return failed;
}

static size_t count_wrong(const struct trace *t, size_t from, size_t to, size_t offset)
{
	size_t wrong = 0;
	for (size_t i = from; i < to; i++)
		wrong += !holds(t, i, i + offset);
	return wrong;
}

static void test_long_growth_and_trim(void)
{
	struct trace t;
	trace_init(&t, 1000);
	REQUIRE(append_range(&t, 0, LONG_N) == 0, "appends failed: %s", st_errmsg());
	CHECK(t.n == LONG_N && t.cap >= LONG_N, "n %zu cap %zu", t.n, t.cap);
	CHECK(count_wrong(&t, 0, t.n, 0) == 0, "%zu samples changed while the columns grew", count_wrong(&t, 0, t.n, 0));

	trace_trim(&t);
	CHECK(t.n == LONG_N && count_wrong(&t, 0, t.n, 0) == 0, "trimming kept every sample");
	/* appending after a trim writes into pages given back: they come back zeroed, and
	 * what is written there reads back */
	REQUIRE(append_range(&t, LONG_N, LONG_N + 200000) == 0, "appends after the trim failed");
	CHECK(count_wrong(&t, 0, t.n, 0) == 0, "%zu samples wrong after appending past a trim",
	      count_wrong(&t, 0, t.n, 0));

	size_t n = t.n;
	trace_drop_front(&t, 1000000);
	CHECK(t.n == n - 1000000 && count_wrong(&t, 0, t.n, 1000000) == 0, "drop_front kept the rest in order");
	trace_free(&t);
	CHECK(t.n == 0 && t.cap == 0 && t.t_s == NULL && t.flags == NULL, "a freed trace is empty");
}

static void test_reserve_then_append(void)
{
	struct trace t;
	trace_init(&t, 500);
	REQUIRE(trace_reserve(&t, 1500000) == ST_OK, "reserve: %s", st_errmsg());
	size_t cap = t.cap;
	REQUIRE(append_range(&t, 0, 1500000) == 0, "appends failed");
	CHECK(t.cap == cap, "reserved room was enough: cap %zu then %zu", cap, t.cap);
	CHECK(count_wrong(&t, 0, t.n, 0) == 0, "reserved trace reads back");
	trace_free(&t);
}

/* A trace appended whole to another: the same as appending its samples one by one, also
 * where the other grows past the huge-column size on the way. */
static void test_append_all(void)
{
	struct trace a, b;
	trace_init(&a, 1000);
	trace_init(&b, 1000);
	REQUIRE(append_range(&a, 0, 400000) == 0 && append_range(&b, 400000, 1200000) == 0, "appends");
	REQUIRE(trace_append_all(&a, &b) == ST_OK, "append_all: %s", st_errmsg());
	CHECK(a.n == 1200000 && count_wrong(&a, 0, a.n, 0) == 0, "%zu samples, %zu wrong", a.n,
	      count_wrong(&a, 0, a.n, 0));
	trace_drop_front(&b, b.n);
	REQUIRE(trace_append_all(&a, &b) == ST_OK && a.n == 1200000, "an empty trace adds nothing");
	trace_free(&a);
	trace_free(&b);
}

int main(void)
{
	test_long_growth_and_trim();
	test_reserve_then_append();
	test_append_all();
	return check_summary();
}
