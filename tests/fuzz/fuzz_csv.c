/* fuzz_csv: csv_parse on arbitrary bytes. Besides not crashing or leaking, a parse that
 * succeeds must hand back a trace that keeps the promises of csv.h and trace.h, and one
 * that fails must hand back nothing. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "csv.h"
#include "status.h"
#include "trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_trace(const struct trace *t)
{
	if (t->n == 0 || !(t->rate_hz >= 100 && t->rate_hz <= 2000))
		abort();
	for (size_t i = 0; i < t->n; i++) {
		if (!isfinite(t->t_s[i]) || !isfinite(t->fz[0][i]) || !isfinite(t->fz[1][i]))
			abort();
		if (t->flags[i] & ~(TRACE_GAP_BEFORE | TRACE_SATURATED))
			abort();
		if (i == 0 && (t->flags[i] & TRACE_GAP_BEFORE))
			abort();
		if (i > 0 && !((t->t_s[i] - t->t_s[i - 1]) * t->rate_hz >= 0.5 - CSV_STEP_SLACK))
			abort();
		for (int side = 0; side < 2; side++)
			if (!t->has_cop && (!isnan(t->cop_x[side][i]) || !isnan(t->cop_y[side][i])))
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace t;
	int rc = csv_parse((const char *)data, size, "fuzz.csv", &t);
	if (rc == ST_OK)
		check_trace(&t);
	else if (rc != ST_ERR_DATA || t.n != 0 || t.t_s != NULL || st_errmsg()[0] == '\0')
		abort();
	trace_free(&t);
	return 0;
}
