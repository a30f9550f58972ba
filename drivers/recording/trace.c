#define _GNU_SOURCE /* mremap */

#include "trace.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "physics.h"
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

/* A long trace's columns sit in memory of their own, aligned to and advised into huge
 * pages: writing 40 MB of fresh 4 KiB pages costs about 150 ms here (each page a fault
 * and, in a VM, a trip to the host), in 2 MiB pages about 10 ms. Short columns use malloc.
 * Which one a column came from follows from its size, so freeing needs only the size. */
#define HUGE_PAGE ((size_t)2 << 20)
#define HUGE_COLUMN (2 * HUGE_PAGE)

static size_t huge_len(size_t bytes)
{
	return (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

/* len bytes of address space aligned to a huge page, not yet backed. */
static char *reserve_aligned(size_t len)
{
	char *p = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	char *a = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	if (a > p)
		munmap(p, (size_t)(a - p));
	munmap(a + len, (size_t)(p + HUGE_PAGE - a));
#ifdef MADV_HUGEPAGE
	madvise(a, len, MADV_HUGEPAGE); /* advice: without it, 4 KiB pages as usual */
#endif
	return a;
}

static void column_free(void *p, size_t bytes)
{
	if (bytes < HUGE_COLUMN)
		free(p);
	else if (p)
		munmap(p, huge_len(bytes));
}

/* Moves col (old_bytes, the first keep of them in use) into room, reserved for a huge
 * column. A huge column's pages move (mremap), never copied: a copy would hold the old
 * and the new trace at once. */
static void column_move(void *col, size_t keep, size_t old_bytes, char *room)
{
	if (old_bytes >= HUGE_COLUMN &&
	    mremap(col, huge_len(old_bytes), huge_len(old_bytes), MREMAP_MAYMOVE | MREMAP_FIXED, room) != MAP_FAILED)
		return;
	if (keep)
		memcpy(room, col, keep);
	column_free(col, old_bytes);
}

/* The columns as a table, for growing, trimming and freeing them alike. */
#define N_COLS 8
static const size_t col_elem[N_COLS] = { sizeof(double), sizeof(float), sizeof(float), sizeof(float),
					 sizeof(float),  sizeof(float), sizeof(float), sizeof(uint8_t) };

static void get_columns(const struct trace *t, void *cols[N_COLS])
{
	void *c[N_COLS] = { t->t_s, t->fz[0], t->fz[1], t->cop_x[0], t->cop_x[1], t->cop_y[0], t->cop_y[1], t->flags };
	memcpy(cols, c, sizeof c);
}

static void set_columns(struct trace *t, void *const cols[N_COLS])
{
	t->t_s = cols[0];
	t->fz[0] = cols[1];
	t->fz[1] = cols[2];
	t->cop_x[0] = cols[3];
	t->cop_x[1] = cols[4];
	t->cop_y[0] = cols[5];
	t->cop_y[1] = cols[6];
	t->flags = cols[7];
}

/* Doubles the capacity. A column that stays small grows in place (realloc; grown, it is
 * still valid if a later one fails); a huge one gets new room, reserved for every such
 * column before any moves, so cap, which tells how each column is held, only changes
 * once every column has room. */
static int trace_grow(struct trace *t)
{
	size_t new_cap = t->cap ? t->cap * 2 : TRACE_MIN_CAP;
	if (t->cap > SIZE_MAX / 2 / sizeof(double))
		return st_fail(ST_ERR_NOMEM, "out of memory: trace of %zu samples", t->n);
	void *cols[N_COLS];
	char *room[N_COLS] = { NULL };
	get_columns(t, cols);
	bool ok = true;
	for (size_t c = 0; c < N_COLS && ok; c++) {
		if (new_cap * col_elem[c] >= HUGE_COLUMN) {
			room[c] = reserve_aligned(huge_len(new_cap * col_elem[c]));
			ok = room[c] != NULL;
		} else {
			void *p = realloc(cols[c], new_cap * col_elem[c]);
			ok = p != NULL;
			cols[c] = p ? p : cols[c];
		}
	}
	for (size_t c = 0; c < N_COLS; c++) {
		if (room[c] && ok) {
			column_move(cols[c], t->n * col_elem[c], t->cap * col_elem[c], room[c]);
			cols[c] = room[c];
		} else if (room[c]) {
			munmap(room[c], huge_len(new_cap * col_elem[c]));
		}
	}
	set_columns(t, cols);
	if (!ok)
		return st_fail(ST_ERR_NOMEM, "out of memory: trace of %zu samples", t->n);
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

void trace_map(const struct trace *t, size_t from, size_t to)
{
	to = to < t->cap ? to : t->cap;
	if (from >= to)
		return;
	void *cols[N_COLS];
	get_columns(t, cols);
	for (size_t c = 0; c < N_COLS; c++)
		map_now((char *)cols[c] + from * col_elem[c], (to - from) * col_elem[c]);
}

/* The next MAP_AHEAD samples' room mapped (within the capacity), in the columns of small
 * pages: a huge column's pages come 2 MiB at a time anyway, and mapped ahead they would
 * only add pages past the end to be zeroed and trimmed. */
static void map_ahead(struct trace *t)
{
	size_t from = t->n, to = t->cap - from > MAP_AHEAD ? from + MAP_AHEAD : t->cap;
	if (from >= MAP_AHEAD) {
		void *cols[N_COLS];
		get_columns(t, cols);
		for (size_t c = 0; c < N_COLS; c++)
			if (t->cap * col_elem[c] < HUGE_COLUMN)
				map_now((char *)cols[c] + from * col_elem[c], (to - from) * col_elem[c]);
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

int trace_append_all(struct trace *t, const struct trace *from)
{
	int rc = trace_reserve(t, t->n + from->n);
	if (rc != ST_OK)
		return rc;
	void *to[N_COLS], *src[N_COLS];
	get_columns(t, to);
	get_columns(from, src);
	for (size_t c = 0; c < N_COLS && from->n; c++)
		memcpy((char *)to[c] + t->n * col_elem[c], src[c], from->n * col_elem[c]);
	t->n += from->n;
	return ST_OK;
}

void trace_trim(struct trace *t)
{
	const uintptr_t page = 4096;
	void *cols[N_COLS];
	get_columns(t, cols);
	for (size_t c = 0; c < N_COLS; c++) {
		size_t bytes = t->cap * col_elem[c];
		if (bytes < HUGE_COLUMN)
			continue;
		uintptr_t used_end = (uintptr_t)cols[c] + t->n * col_elem[c];
		uintptr_t from = (used_end + page - 1) & ~(page - 1), to = (uintptr_t)cols[c] + huge_len(bytes);
		if (to > from)
			madvise((void *)from, to - from, MADV_DONTNEED);
	}
	t->mapped = t->n;
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
	if (count == 0)
		return; /* nothing to move (an empty trace has no columns to offset) */
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
	void *cols[N_COLS];
	get_columns(t, cols);
	for (size_t c = 0; c < N_COLS; c++)
		column_free(cols[c], t->cap * col_elem[c]);
	trace_init(t, 0);
}

#define LOADED_SHARE 0.25 /* of the most both plates bear at once: a plate bears a load */
#define COP_BLANK_MAX_S 1.0   /* a blank in the COP this long at most is drawn across (piece.c) */
#define COP_BLANK_SHARE 0.05  /* ... and all of them this share of the loaded samples at most */

#define COP_FLOOR_SHARE 0.01 /* of a plate's samples with a COP: the least force it gives one at */
#define FLOOR_BINS 4096         /* ... found in bins of 1 N */

/* The least force plate side gives its COP at, but for the lowest COP_FLOOR_SHARE of
 * such samples (a device whose COP comes on at 100 N and goes off at 40 N has it down to
 * 40 N, but only on the way down: on the way up that ramp is no blank); INFINITY: none. */
static float cop_floor(const struct trace *t, size_t from, size_t n, int side)
{
	uint32_t *bins = calloc(FLOOR_BINS, sizeof *bins);
	size_t with = 0;
	for (size_t i = from; bins && t->has_cop && i < from + n; i++)
		if (!isnan(t->cop_y[side][i])) {
			float f = fminf(fmaxf(t->fz[side][i], 0), FLOOR_BINS - 1);
			bins[(size_t)f]++;
			with++;
		}
	float floor = INFINITY;
	size_t below = 0;
	for (size_t b = 0; bins && with && b < FLOOR_BINS && isinf(floor); b++) {
		below += bins[b];
		if ((double)below > COP_FLOOR_SHARE * (double)with)
			floor = (float)b;
	}
	free(bins);
	return floor;
}

void trace_cop_loads(const struct trace *t, size_t from, size_t n, float load[2])
{
	float most = 0;
	for (size_t i = from; i < from + n; i++)
		most = fmaxf(most, t->fz[0][i] + t->fz[1][i]);
	for (int side = 0; side < 2; side++) {
		float floor = cop_floor(t, from, n, side);
		load[side] = fmaxf((float)UNLOADED_N, isinf(floor) ? (float)LOADED_SHARE * most : floor);
	}
}

void trace_cop_lacking(const struct trace *t, size_t from, size_t n, struct cop_lack *out)
{
	float load[2];
	trace_cop_loads(t, from, n, load);
	*out = (struct cop_lack){ .first = n };
	size_t run = 0;
	for (size_t i = from; i < from + n; i++) {
		bool lacks = false;
		for (int side = 0; side < 2; side++)
			if (t->fz[side][i] >= load[side]) {
				out->loaded++;
				if (!t->has_cop || isnan(t->cop_y[side][i])) {
					lacks = true;
					if (out->lacking++ == 0)
						out->first = i - from;
				}
			}
		run = lacks ? run + 1 : 0;
		if (run > out->longest)
			out->longest = run;
	}
}

bool trace_cop_known(const struct trace *t, size_t from, size_t n)
{
	struct cop_lack lack;
	trace_cop_lacking(t, from, n, &lack);
	return t->has_cop && (double)lack.lacking <= 0.01 * (double)lack.loaded;
}

bool trace_cop_bridgeable(const struct trace *t, size_t from, size_t n)
{
	struct cop_lack lack;
	trace_cop_lacking(t, from, n, &lack);
	return t->has_cop && (double)lack.lacking <= COP_BLANK_SHARE * (double)lack.loaded &&
	       (double)lack.longest <= COP_BLANK_MAX_S * t->rate_hz;
}
