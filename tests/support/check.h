/* check.h: the few assertions the test programs share.
 *
 * A failed CHECK prints file:line and what differed, and the test goes on; the program
 * ends with check_summary(), which prints "N passed, N failed" and gives the exit code.
 * A failed REQUIRE stops the program there (with the summary and a failing exit code):
 * use it for a precondition the lines after it rely on, such as a count before an index.
 */
#ifndef STATION_CHECK_H
#define STATION_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int check_passed, check_failed;

#define CHECK(cond, ...)                                                        \
	do {                                                                    \
		if (cond) {                                                     \
			check_passed++;                                         \
		} else {                                                        \
			check_failed++;                                         \
			fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__,  \
				__LINE__, #cond);                               \
			fprintf(stderr, __VA_ARGS__);                           \
			fputc('\n', stderr);                                    \
		}                                                               \
	} while (0)

/* Like CHECK, but a failure ends the test program: what follows depends on cond. */
#define REQUIRE(cond, ...)                                                              \
	do {                                                                            \
		int require_failed_before_ = check_failed;                              \
		CHECK(cond, __VA_ARGS__);                                               \
		if (check_failed != require_failed_before_) {                           \
			fprintf(stderr, "%s:%d: stopping: what follows depends on it\n", \
				__FILE__, __LINE__);                                    \
			exit(check_summary());                                          \
		}                                                                       \
	} while (0)

/* |a - b| <= tol, with both values in the message. */
#define CHECK_NEAR(a, b, tol, what)                                                      \
	do {                                                                             \
		double check_a_ = (a), check_b_ = (b);                                   \
		CHECK(fabs(check_a_ - check_b_) <= (tol), "%s: %.6g vs %.6g (tolerance %g)", \
		      (what), check_a_, check_b_, (double)(tol));                        \
	} while (0)

static inline int check_summary(void)
{
	printf("%d passed, %d failed\n", check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif
