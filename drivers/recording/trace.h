/* trace.h: a recording in physical units: per-plate vertical force (N) and centre of
 * pressure (mm, plate frame of plate-protocol.md) at uniform sample instants.
 *
 * This is what the interchange CSV holds and what the analysis reads. Samples lost in
 * acquisition are not invented: the sample after a gap carries TRACE_GAP_BEFORE and its
 * t_s jumps. An undefined COP (too little load on that plate) is NAN.
 */
#ifndef STATION_TRACE_H
#define STATION_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum trace_flag {
	TRACE_GAP_BEFORE = 1u << 0, /* samples are missing just before this one */
	TRACE_SATURATED = 1u << 1,  /* a load cell was at full scale: force is a lower bound */
};

struct trace_sample {
	double t_s;
	double fz[2];    /* [PLATE_LEFT], [PLATE_RIGHT], newtons */
	double cop_x[2]; /* mm, NAN when undefined */
	double cop_y[2];
	uint8_t flags;   /* enum trace_flag */
};

/* Column arrays, so the analysis can run over one signal at a time. Force and COP are
 * floats: 24 bits resolve 0.1 mN at 1 kN and 1 um at 10 m, far below what a plate or
 * the CSV's 0.01 resolves, and half the memory (a 20-minute recording at 1 kHz in
 * 40 MB, not 68). Times stay doubles: a float cannot tell 0.1 ms apart at 20 minutes.
 * Sums and filters over them work in doubles. */
struct trace {
	double rate_hz;
	size_t n, cap;
	size_t mapped;  /* the columns' pages are mapped up to here (trace.c's MAP_AHEAD) */
	double *t_s;
	float *fz[2];
	float *cop_x[2], *cop_y[2];
	uint8_t *flags;
	bool has_cop; /* false when the source had no COP columns (all COP NAN) */
};

void trace_init(struct trace *t, double rate_hz);
/* Room for at least cap samples, so appending up to there allocates nothing (a live
 * window's capacity is fixed at start). ST_OK or ST_ERR_NOMEM. */
int trace_reserve(struct trace *t, size_t cap);
/* Returns ST_OK or ST_ERR_NOMEM. */
int trace_append(struct trace *t, const struct trace_sample *s);
/* Maps the room of samples [from, to) now (within the capacity), so that writing there
 * does not fault page by page. Reads only t's fields: a thread of its own can do it for
 * the one appending, given a copy of t made before (the columns must not move meanwhile;
 * if they do, only the copy's old room is mapped). */
void trace_map(const struct trace *t, size_t from, size_t to);
/* Appends every sample of from, a column at a time. ST_OK or ST_ERR_NOMEM. */
int trace_append_all(struct trace *t, const struct trace *from);
/* Gives the memory past the last sample back (a long trace grown by appending holds a
 * few MiB there); the capacity stays, so appending again still works. */
void trace_trim(struct trace *t);
void trace_get(const struct trace *t, size_t i, struct trace_sample *out);
/* The force from which each plate bears a load over samples [from, from + n), so that
 * its COP is wanted: the least force that plate gives its COP at, but for its lowest 1 %
 * (a device's own threshold: one of 65 N under seated feet of 55 N is no blank; a foot
 * taking a fifth of the weight has its COP wanted: blank, the other foot's alone stood
 * for both); for a plate that gives none, a quarter of the most both bear at once (an
 * empty plate whose zero is off reads more than UNLOADED_N, its COP rightly undefined).
 * UNLOADED_N at least. */
void trace_cop_loads(const struct trace *t, size_t from, size_t n, float load[2]);
struct cop_lack {
	size_t lacking; /* plate samples bearing a load (trace_cop_loads) without their COP */
	size_t loaded;  /* plate samples bearing a load */
	size_t first;   /* the first sample lacking one, from `from` (n: none) */
	size_t longest; /* the longest run of samples where one is lacking */
};
/* Where samples [from, from + n) lack the COP of a plate that bears a load (a CSV with
 * only the other plate's COP columns, or with them left empty). Without COP columns,
 * every loaded one. */
void trace_cop_lacking(const struct trace *t, size_t from, size_t n, struct cop_lack *out);
/* Whether the COP is known where the load is over [from, from + n): at most 1 % of the
 * loaded plate samples lack it (a few: a load rounded up past UNLOADED_N on writing). */
bool trace_cop_known(const struct trace *t, size_t from, size_t n);
/* Whether it is known, or lacking only in blanks short enough to draw the COP across
 * (a second each at most, 5 % of the loaded samples all told: a device's dropouts),
 * which piece.c does, trusting no heels seen in them. More, or one plate's COP missing
 * throughout, and the heels are not known. */
bool trace_cop_bridgeable(const struct trace *t, size_t from, size_t n);
/* Drops the first count samples, keeping the capacity (a sliding window that, once
 * grown, no longer allocates). */
void trace_drop_front(struct trace *t, size_t count);
void trace_free(struct trace *t);

#endif
