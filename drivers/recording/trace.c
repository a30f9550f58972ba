#include "trace.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "status.h"

#include <sys/mman.h>

#define TRACE_MIN_CAP 1024
/* A long trace's pages are mapped this many samples ahead, a few hundred KiB per column
 * in one call, rather than faulted in a 4 KiB page at a time as they are first written:
 * 10 000 page faults cost a third of re-analysing 20 minutes at 1 kHz here (in a VM,
 * where each exits to the host). Short traces (and the first samples) fault as usual. */
#define MAP_AHEAD 65536

void trace_init(struct trace *t, double rate_hz)
{
	*t = (struct trace){ .rate_hz = rate_hz };
}

/* Doubles the capacity. Columns already grown when a later one fails stay grown (they
 * are still valid); cap only moves once every column has room. */
static int trace_grow(struct trace *t)
{
	size_t new_cap = t->cap ? t->cap * 2 : TRACE_MIN_CAP;
	if (t->cap > SIZE_MAX / 2 / sizeof(double))
		return st_fail(ST_ERR_NOMEM, "out of memory: trace of %zu samples", t->n);
	double *t_s = realloc(t->t_s, new_cap * sizeof *t_s);
	if (!t_s)
		return st_fail(ST_ERR_NOMEM, "out of memory: trace of %zu samples", t->n);
	t->t_s = t_s;
	float **cols[] = { &t->fz[0], &t->fz[1], &t->cop_x[0], &t->cop_x[1], &t->cop_y[0], &t->cop_y[1] };
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		float *col = realloc(*cols[i], new_cap * sizeof *col);
		if (!col)
			return st_fail(ST_ERR_NOMEM, "out of memory: trace of %zu samples", t->n);
		*cols[i] = col;
	}
	uint8_t *flags = realloc(t->flags, new_cap);
	if (!flags)
		return st_fail(ST_ERR_NOMEM, "out of memory: trace of %zu samples", t->n);
	t->flags = flags;
	t->cap = new_cap;
	t->mapped = t->n; /* a moved column may have left its mapped pages behind */
	return ST_OK;
}

int trace_reserve(struct trace *t, size_t cap)
{
	while (t->cap < cap) {
		int rc = trace_grow(t);
		if (rc != ST_OK)
			return rc;
	}
	return ST_OK;
}

/* Maps the pages of [p, p + bytes) now. Advice: where the kernel cannot, they fault in
 * as they are first written, as usual. */
static void map_now(void *p, size_t bytes)
{
#ifdef MADV_POPULATE_WRITE
	const uintptr_t page = 4096;
	uintptr_t a = ((uintptr_t)p + page - 1) & ~(page - 1), b = ((uintptr_t)p + bytes) & ~(page - 1);
	if (b > a)
		madvise((void *)a, b - a, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)bytes;
#endif
}

/* The next MAP_AHEAD samples' room mapped (within the capacity). */
static void map_ahead(struct trace *t)
{
	size_t from = t->n, to = t->cap - from > MAP_AHEAD ? from + MAP_AHEAD : t->cap;
	if (from >= MAP_AHEAD) {
		map_now(t->t_s + from, (to - from) * sizeof *t->t_s);
		float *cols[] = { t->fz[0], t->fz[1], t->cop_x[0], t->cop_x[1], t->cop_y[0], t->cop_y[1] };
		for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
			map_now(cols[c] + from, (to - from) * sizeof *cols[c]);
		map_now(t->flags + from, to - from);
	}
	t->mapped = to;
}

int trace_append(struct trace *t, const struct trace_sample *s)
{
	if (t->n == t->cap) {
		int rc = trace_grow(t);
		if (rc != ST_OK)
			return rc;
	}
	if (t->n >= t->mapped)
		map_ahead(t);
	size_t i = t->n++;
	t->t_s[i] = s->t_s;
	for (int side = 0; side < 2; side++) {
		t->fz[side][i] = (float)s->fz[side];
		t->cop_x[side][i] = (float)s->cop_x[side];
		t->cop_y[side][i] = (float)s->cop_y[side];
	}
	t->flags[i] = s->flags;
	return ST_OK;
}

void trace_get(const struct trace *t, size_t i, struct trace_sample *out)
{
	out->t_s = t->t_s[i];
	for (int side = 0; side < 2; side++) {
		out->fz[side] = t->fz[side][i];
		out->cop_x[side] = t->cop_x[side][i];
		out->cop_y[side] = t->cop_y[side][i];
	}
	out->flags = t->flags[i];
}

void trace_drop_front(struct trace *t, size_t count)
{
	if (count > t->n)
		count = t->n;
	size_t keep = t->n - count;
	float *cols[] = { t->fz[0], t->fz[1], t->cop_x[0], t->cop_x[1], t->cop_y[0], t->cop_y[1] };
	for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
		memmove(cols[c], cols[c] + count, keep * sizeof *cols[c]);
	memmove(t->t_s, t->t_s + count, keep * sizeof *t->t_s);
	memmove(t->flags, t->flags + count, keep);
	t->n = keep;
}

/* Frees the columns and leaves t empty, ready for trace_append again. */
void trace_free(struct trace *t)
{
	free(t->t_s);
	for (int side = 0; side < 2; side++) {
		free(t->fz[side]);
		free(t->cop_x[side]);
		free(t->cop_y[side]);
	}
	free(t->flags);
	trace_init(t, 0);
}
