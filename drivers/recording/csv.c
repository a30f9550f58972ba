#include "csv.h"
#include "rec.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "status.h"

#define RATE_MIN_HZ 100
#define RATE_MAX_HZ 2000
#define INFER_ROWS 100 /* rows whose time steps give the rate when no comment does */
#define QUOTE_MAX 24   /* characters of a bad field quoted in a message */
#define READ_CHUNK (1 << 20) /* a file is parsed a chunk at a time */

enum column {
	COL_IGNORED, /* a column we do not know: its fields are skipped unread */
	COL_T,
	COL_LEFT_FZ,
	COL_RIGHT_FZ,
	COL_LEFT_COP_X,
	COL_LEFT_COP_Y,
	COL_RIGHT_COP_X,
	COL_RIGHT_COP_Y,
	N_COLUMNS
};

static const char *const column_names[N_COLUMNS] = {
	[COL_T] = "t_s",
	[COL_LEFT_FZ] = "left_fz_n",
	[COL_RIGHT_FZ] = "right_fz_n",
	[COL_LEFT_COP_X] = "left_cop_x_mm",
	[COL_LEFT_COP_Y] = "left_cop_y_mm",
	[COL_RIGHT_COP_X] = "right_cop_x_mm",
	[COL_RIGHT_COP_Y] = "right_cop_y_mm",
};

static bool column_is_cop(enum column c)
{
	return c >= COL_LEFT_COP_X;
}

/* ---- reading ---- */

struct parser {
	const char *name;
	const char *cur, *end; /* the input not yet split into lines */
	size_t line;           /* 1-based number of the line being parsed */
	struct trace *out;
	bool saw_comment;
	uint8_t *columns;      /* enum column of each header field; NULL before the header */
	size_t n_fields;
	size_t header_line;
	bool rate_known;
	double rate_hz;
	size_t rate_line;
	bool saturated;        /* between "# saturated-begin" and "# saturated-end" */
	/* Lines of the first rows: their time steps are checked once the rate is known. */
	size_t first_lines[INFER_ROWS];
	char *scratch;         /* the strtod path of parse_number */
	size_t scratch_cap;
	struct trace staged;   /* rows of the second half of a chunk (struct half) */
	/* the latest run of time steps of one size that is not the rate's (check_step) */
	size_t off_steps, off_line;
	double off_dt;
	size_t mean_steps, mean_line; /* the run of steps whose mean is checked (check_mean_step) */
	double mean_sum;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && is_blank(*p))
		p++;
	return p;
}

static const char *trim_end(const char *start, const char *end)
{
	while (end > start && (is_blank(end[-1]) || end[-1] == '\r'))
		end--;
	return end;
}

static size_t count_char(const char *p, const char *end, char c)
{
	size_t n = 0;
	for (; p < end; p++)
		n += *p == c;
	return n;
}

/* The end of the field starting at p: the next comma, or the end of the line. */
static const char *field_end(const char *p, const char *end)
{
	const char *comma = memchr(p, ',', (size_t)(end - p));
	return comma ? comma : end;
}

/* A field as a message quotes it: trimmed, at most QUOTE_MAX characters, anything
 * unprintable as '?'. */
static const char *quote_field(const char *p, const char *line_end, char buf[QUOTE_MAX + 4])
{
	const char *end = trim_end(p, field_end(p, line_end));
	size_t n = 0;
	for (; p < end && n < QUOTE_MAX; p++)
		buf[n++] = (*p >= 0x20 && *p < 0x7f) ? *p : '?';
	if (p < end) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	buf[n] = '\0';
	return buf;
}

enum number_result { NUMBER_OK, NUMBER_BAD, NUMBER_NONFINITE, NUMBER_NOMEM };

/* Every power of ten up to here is exact in a double. */
static const double exact_pow10[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};
#define MAX_EXACT_POW10 22
#define MAX_MANTISSA_DIGITS 19      /* always fit in a uint64_t */
#define EXPONENT_CLAMP 1000000000LL /* far beyond any double, far from int64 overflow */

struct mantissa {
	uint64_t value;
	int digits;     /* digits in value, counted from the first non-zero one */
	bool truncated; /* more digits than value holds */
};

static void add_digit(struct mantissa *m, char c)
{
	if (m->digits < MAX_MANTISSA_DIGITS) {
		m->value = m->value * 10 + (uint64_t)(c - '0');
		m->digits += m->value != 0;
	} else {
		m->truncated = true;
	}
}

/* The correctly rounded value by strtod, for the rare numbers outside the fast path.
 * The digits go over without their decimal point ("12.5e3" as "125e2"), so that no
 * LC_NUMERIC a program may have set can change the result. */
static int parse_number_slowly(struct parser *ps, bool negative, const char *int_digits, size_t n_int,
			       const char *frac_digits, size_t n_frac, long long exponent, double *out)
{
	size_t need = 1 + n_int + n_frac + 24;
	if (need > ps->scratch_cap) {
		char *p = realloc(ps->scratch, need);
		if (!p)
			return NUMBER_NOMEM;
		ps->scratch = p;
		ps->scratch_cap = need;
	}
	char *p = ps->scratch;
	if (negative)
		*p++ = '-';
	memcpy(p, int_digits, n_int);
	p += n_int;
	memcpy(p, frac_digits, n_frac);
	p += n_frac;
	snprintf(p, 24, "e%lld", exponent);
	*out = strtod(ps->scratch, NULL);
	return isfinite(*out) ? NUMBER_OK : NUMBER_NONFINITE;
}

/* Parses [+-]digits[.digits][(e|E)[+-]digits], with at least one mantissa digit, from p
 * (never reading at or past end); *after is where the number stops. The result is
 * correctly rounded: when the mantissa and the power of ten are both exact doubles, one
 * IEEE multiply or divide gives it; otherwise strtod does. */
static int parse_number_fully(struct parser *ps, const char *p, const char *end, double *out, const char **after)
{
	bool negative = false;
	if (p < end && (*p == '+' || *p == '-')) {
		negative = *p == '-';
		p++;
	}
	struct mantissa m = { 0 };
	const char *int_digits = p;
	while (p < end && is_digit(*p))
		add_digit(&m, *p++);
	size_t n_int = (size_t)(p - int_digits);
	const char *frac_digits = p;
	size_t n_frac = 0;
	if (p < end && *p == '.') {
		frac_digits = ++p;
		while (p < end && is_digit(*p))
			add_digit(&m, *p++);
		n_frac = (size_t)(p - frac_digits);
	}
	if (n_int + n_frac == 0)
		return NUMBER_BAD;
	long long exponent = 0;
	if (p < end && (*p == 'e' || *p == 'E')) {
		const char *q = p + 1;
		bool exp_negative = false;
		if (q < end && (*q == '+' || *q == '-')) {
			exp_negative = *q == '-';
			q++;
		}
		/* Without digits the 'e' is not part of the number (and the caller refuses it). */
		if (q < end && is_digit(*q)) {
			for (; q < end && is_digit(*q); q++)
				if (exponent < EXPONENT_CLAMP)
					exponent = exponent * 10 + (*q - '0');
			if (exp_negative)
				exponent = -exponent;
			p = q;
		}
	}
	*after = p;
	exponent -= (long long)n_frac;

	if (!m.truncated && m.value <= (1ull << 53) && exponent >= -MAX_EXACT_POW10 &&
	    exponent <= MAX_EXACT_POW10) {
		double v = (double)m.value;
		v = exponent < 0 ? v / exact_pow10[-exponent] : v * exact_pow10[exponent];
		*out = negative ? -v : v;
		return NUMBER_OK;
	}
	if (m.value == 0 && !m.truncated) {
		*out = negative ? -0.0 : 0.0;
		return NUMBER_OK;
	}
	return parse_number_slowly(ps, negative, int_digits, n_int, frac_digits, n_frac, exponent, out);
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Bytes a number read eight digits at a time may look at: a sign, 8 digits, a point, 8. */
#define WORD_NUMBER_SPAN 18

/* The digits leading the 8 bytes at p, as a number; *n: how many (0-8). Per byte,
 * t = x - '0' is below 10 for a digit only; the subtraction borrows, and adding 0x76
 * carries, only into later bytes and never out of a digit, so the first non-digit is
 * found exactly (later bytes may be garbage: they are shifted out). The digits then
 * combine pairwise, fours, eights by three multiplies (as in simdjson). */
static uint64_t word_digits(const char *p, unsigned *n)
{
	uint64_t x;
	memcpy(&x, p, 8);
	uint64_t t = x - 0x3030303030303030ull;
	uint64_t not_digit = (t | (t + 0x7676767676767676ull)) & 0x8080808080808080ull;
	*n = not_digit ? (unsigned)__builtin_ctzll(not_digit) / 8 : 8;
	if (*n == 0)
		return 0;
	t <<= 8 * (8 - *n); /* "123" as "00000123" */
	t = t * 10 + (t >> 8);
	return (((t & 0x000000FF000000FFull) * (100 + (1000000ull << 32))) +
		(((t >> 16) & 0x000000FF000000FFull) * (1 + (10000ull << 32)))) >> 32;
}

/* "-12.34" with at most 7 digits each side of the point, 8 bytes at a time; false for
 * anything else. At least WORD_NUMBER_SPAN bytes must be readable from p: past the
 * line they are its end (a newline, never a digit) and the next lines. */
static bool parse_number_by_words(const char *p, double *out, const char **after)
{
	static const uint64_t pow10_int[] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000 };
	const char *q = p + (*p == '-' || *p == '+');
	unsigned n_int, n_frac = 0;
	uint64_t v = word_digits(q, &n_int);
	if (n_int == 8)
		return false;
	q += n_int;
	if (*q == '.') {
		uint64_t frac = word_digits(q + 1, &n_frac);
		if (n_frac == 8)
			return false;
		v = v * pow10_int[n_frac] + frac;
		q += 1 + n_frac;
	}
	if (n_int + n_frac == 0 || *q == 'e' || *q == 'E')
		return false;
	double x = (double)(int64_t)v / exact_pow10[n_frac]; /* both exact (v < 10^14): correctly rounded */
	*out = *p == '-' ? -x : x;
	*after = q;
	return true;
}
#endif

/* The numbers a recording is made of ("-12.34": at most 19 digits, no exponent) in one
 * pass, with the same exact result as parse_number_fully; anything else goes there. */
static int parse_number(struct parser *ps, const char *p, const char *end, double *out, const char **after)
{
#ifdef WORD_NUMBER_SPAN
	if (ps->end - p >= WORD_NUMBER_SPAN && parse_number_by_words(p, out, after))
		return NUMBER_OK;
#endif
	const char *q = p + (p < end && (*p == '-' || *p == '+'));
	const char *first = q;
	uint64_t v = 0;
	while (q < end && is_digit(*q))
		v = v * 10 + (uint64_t)(*q++ - '0');
	size_t n_digits = (size_t)(q - first), n_frac = 0;
	if (q < end && *q == '.') {
		const char *frac = ++q;
		while (q < end && is_digit(*q))
			v = v * 10 + (uint64_t)(*q++ - '0');
		n_frac = (size_t)(q - frac);
		n_digits += n_frac;
	}
	if (n_digits == 0 || n_digits > MAX_MANTISSA_DIGITS || v > (1ull << 53) || (q < end && (*q == 'e' || *q == 'E')))
		return parse_number_fully(ps, p, end, out, after);
	double x = (double)v / exact_pow10[n_frac]; /* n_frac <= 19: exact */
	*out = *p == '-' ? -x : x;
	*after = q;
	return NUMBER_OK;
}

static int fail_nomem(struct parser *ps)
{
	return st_fail(ST_ERR_NOMEM, "%s:%zu: out of memory", ps->name, ps->line);
}

static int parse_rate(struct parser *ps, const char *p, const char *end)
{
	double rate = 0;
	const char *after = p;
	char quoted[QUOTE_MAX + 4];
	p = skip_blanks(p, end);
	int r = parse_number(ps, p, end, &rate, &after);
	if (r == NUMBER_NOMEM)
		return fail_nomem(ps);
	if (r != NUMBER_OK || skip_blanks(after, end) != end)
		return st_fail(ST_ERR_DATA, "%s:%zu: rate_hz is not a number: \"%s\"", ps->name, ps->line,
			       quote_field(p, end, quoted));
	if (!(rate >= RATE_MIN_HZ && rate <= RATE_MAX_HZ))
		return st_fail(ST_ERR_DATA, "%s:%zu: rate_hz=%g outside %d-%d Hz", ps->name, ps->line, rate,
			       RATE_MIN_HZ, RATE_MAX_HZ);
	if (ps->out->n > 0)
		return st_fail(ST_ERR_DATA, "%s:%zu: rate_hz comment after the first data row", ps->name, ps->line);
	if (ps->rate_known && rate != ps->rate_hz)
		return st_fail(ST_ERR_DATA, "%s:%zu: rate_hz=%g contradicts rate_hz=%g on line %zu", ps->name,
			       ps->line, rate, ps->rate_hz, ps->rate_line);
	ps->rate_known = true;
	ps->rate_hz = rate;
	ps->rate_line = ps->line;
	return ST_OK;
}

/* If the text at p starts with word, where it ends; NULL otherwise. */
static const char *after_word(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(end - p) < n || memcmp(p, word, n) != 0)
		return NULL;
	return p + n;
}

/* The comments that carry something: "rate_hz=N" and the saturation brackets. */
static int parse_comment(struct parser *ps, const char *p, const char *end)
{
	ps->saw_comment = true;
	p = skip_blanks(p, end);
	if (after_word(p, end, "saturated-begin") == end) {
		ps->saturated = true;
		return ST_OK;
	}
	if (after_word(p, end, "saturated-end") == end) {
		ps->saturated = false;
		return ST_OK;
	}
	const char *q = after_word(p, end, "rate_hz");
	if (q) {
		q = skip_blanks(q, end);
		if (q < end && *q == '=')
			return parse_rate(ps, q + 1, end);
	}
	return ST_OK;
}

static enum column column_named(const char *name, size_t len)
{
	for (int c = COL_T; c < N_COLUMNS; c++)
		if (strlen(column_names[c]) == len && memcmp(column_names[c], name, len) == 0)
			return (enum column)c;
	return COL_IGNORED;
}

/* A header row whose fields are separated by something else: what, or NULL. */
static const char *other_separator(const char *p, const char *end)
{
	if (memchr(p, ',', (size_t)(end - p)))
		return NULL;
	return memchr(p, ';', (size_t)(end - p)) ? "semicolons" : memchr(p, '\t', (size_t)(end - p)) ? "tabs" : NULL;
}

static int parse_header(struct parser *ps, const char *p, const char *end)
{
	bool seen[N_COLUMNS] = { false };
	const char *separator = other_separator(p, end);
	ps->n_fields = 1 + count_char(p, end, ',');
	ps->columns = calloc(ps->n_fields, 1);
	if (!ps->columns)
		return fail_nomem(ps);
	ps->header_line = ps->line;
	for (size_t i = 0; i < ps->n_fields; i++) {
		const char *fend = field_end(p, end);
		const char *name = skip_blanks(p, fend), *name_end = trim_end(name, fend);
		if (name_end - name >= 2 && *name == '"' && name_end[-1] == '"') { /* R's write.csv quotes names */
			name++;
			name_end--;
		}
		enum column c = column_named(name, (size_t)(name_end - name));
		if (c != COL_IGNORED) {
			if (seen[c])
				return st_fail(ST_ERR_DATA, "%s:%zu: column %s appears twice", ps->name, ps->line,
					       column_names[c]);
			seen[c] = true;
		}
		ps->columns[i] = (uint8_t)c;
		p = fend < end ? fend + 1 : end;
	}
	for (int c = COL_T; c <= COL_RIGHT_FZ; c++)
		if (!seen[c] && separator)
			return st_fail(ST_ERR_DATA, "%s:%zu: the header's fields are separated by %s: an interchange CSV "
						    "separates them by commas",
				       ps->name, ps->line, separator);
		else if (!seen[c])
			return st_fail(ST_ERR_DATA, "%s:%zu: missing column %s in the header", ps->name, ps->line,
				       column_names[c]);
	ps->out->has_cop = false;
	for (int c = COL_LEFT_COP_X; c < N_COLUMNS; c++)
		ps->out->has_cop |= seen[c];
	return ST_OK;
}

/* Values no plate and no recording of a person has: refused with the line, rather than
 * overflowing later in the filters ("sample 0 is not finite") or in the sample index.
 * field: the 1-based column, named in the message with the line. */
static double column_max(enum column c)
{
	return c == COL_T ? CSV_TIME_MAX_S : column_is_cop(c) ? CSV_COP_MAX_MM : CSV_FORCE_MAX_N;
}

static int check_range(struct parser *ps, enum column c, size_t field, double v)
{
	double max = column_max(c);
	if (fabs(v) <= max)
		return ST_OK;
	const char *unit = c == COL_T ? "s" : column_is_cop(c) ? "mm" : "N";
	return st_fail(ST_ERR_DATA, "%s:%zu: %s %.6g outside -%g..%g %s (column %zu)", ps->name, ps->line,
		       column_names[c], v, max, max, unit, field);
}

/* Parses the field at *pp, the field-th of its line (from 1), into *value and moves *pp
 * to the comma or line end after it. */
static int parse_field(struct parser *ps, enum column c, size_t field, const char **pp, const char *end,
		       double *value)
{
	const char *p = skip_blanks(*pp, end);
	char quoted[QUOTE_MAX + 4];
	if (p == end || *p == ',') {
		if (!column_is_cop(c))
			return st_fail(ST_ERR_DATA, "%s:%zu: empty %s field (column %zu)", ps->name, ps->line,
				       column_names[c], field);
		*value = NAN; /* an undefined COP */
		*pp = p;
		return ST_OK;
	}
	const char *after = p;
	int r = parse_number(ps, p, end, value, &after);
	if (r == NUMBER_OK) {
		after = skip_blanks(after, end);
		if (after == end || *after == ',') {
			*pp = after;
			return check_range(ps, c, field, *value);
		}
		r = NUMBER_BAD;
	}
	if (r == NUMBER_NOMEM)
		return fail_nomem(ps);
	return st_fail(ST_ERR_DATA, "%s:%zu: %s (column %zu) is not a finite number: \"%s\"", ps->name, ps->line,
		       column_names[c], field, quote_field(p, end, quoted));
}

/* Where the rate came from, for a message. */
static const char *rate_source(const struct parser *ps, char buf[96])
{
	if (ps->rate_line > 0)
		snprintf(buf, 96, "rate_hz=%g on line %zu", ps->rate_hz, ps->rate_line);
	else
		snprintf(buf, 96, "%g Hz, the first rows' rate", ps->rate_hz);
	return buf;
}

static int time_error(struct parser *ps, size_t i, size_t line)
{
	const double *t = ps->out->t_s;
	if (t[i] < t[i - 1])
		return st_fail(ST_ERR_DATA, "%s:%zu: time goes backwards (t_s %.9g after %.9g)", ps->name, line, t[i],
			       t[i - 1]);
	if (t[i] == t[i - 1])
		return st_fail(ST_ERR_DATA, "%s:%zu: time does not advance (t_s %.9g twice)", ps->name, line, t[i]);
	/* rows at 1000 Hz under rate_hz=500 were told "time does not advance" (a stranger's) */
	char source[96];
	return st_fail(ST_ERR_DATA,
		       "%s:%zu: the time step from t_s %.9g to %.9g is %.4g ms, under half the %.4g ms of %s: the "
		       "rate is wrong, or the time barely advances",
		       ps->name, line, t[i - 1], t[i], (t[i] - t[i - 1]) * 1e3, 1e3 / ps->rate_hz, rate_source(ps, source));
}

/* This many time steps in a row of one size, not the rate's: the rate is wrong (500 Hz
 * data under "rate_hz=1000" read as nothing but gaps, 2000 Hz data as 1000 Hz) or it
 * changes, and a recording has one (a stranger found reps after a change lost unsaid). */
#define OFF_RATE_STEPS 20

static int off_rate_error(struct parser *ps, size_t line)
{
	char source[96];
	rate_source(ps, source);
	return st_fail(ST_ERR_DATA,
		       "%s:%zu: from line %zu on, every time step is %.4g ms, not the %.4g ms of %s: the rate is wrong "
		       "or it changes, and a recording has one rate",
		       ps->name, line, ps->off_line, ps->off_dt * 1e3, 1e3 / ps->rate_hz, source);
}

/* The mean of this many time steps in a row (no gap among them) more than MEAN_STEP_OFF off
 * the rate's period: the rate is wrong. A step within half a period of the rate's is no
 * gap, so a rate_hz of 950 or 1200 over 1000 Hz rows passed row by row, and the integrated
 * height scales with the square of the error (a stranger's five reps became one of 91 mm,
 * or none). Timestamps rounded to 0.1 ms (1500 Hz: steps of 0.6 and 0.7 ms) and a device's
 * clock a fraction of a per cent off average out well within it. */
#define MEAN_STEPS 200
#define MEAN_STEP_OFF 0.02

static int check_mean_step(struct parser *ps, double dt, size_t line)
{
	if (ps->mean_steps == 0)
		ps->mean_line = line;
	ps->mean_sum += dt;
	if (++ps->mean_steps < MEAN_STEPS)
		return ST_OK;
	double mean = ps->mean_sum / MEAN_STEPS;
	ps->mean_steps = 0;
	ps->mean_sum = 0;
	if (fabs(mean * ps->rate_hz - 1) <= MEAN_STEP_OFF)
		return ST_OK;
	char source[96];
	rate_source(ps, source);
	return st_fail(ST_ERR_DATA,
		       "%s:%zu: the %d time steps from line %zu to here average %.4g ms, not the %.4g ms of %s: the rate "
		       "is wrong",
		       ps->name, line, MEAN_STEPS, ps->mean_line, mean * 1e3, 1e3 / ps->rate_hz, source);
}

/* Checks the step into row i against the rate and marks a gap (more than 1.5 periods). */
static int check_step(struct parser *ps, size_t i, size_t line)
{
	double dt = ps->out->t_s[i] - ps->out->t_s[i - 1];
	double dt_periods = dt * ps->rate_hz;
	if (!(dt_periods >= 0.5 - CSV_STEP_SLACK))
		return time_error(ps, i, line);
	if (dt_periods > 1.5 + CSV_STEP_SLACK) {
		ps->out->flags[i] |= TRACE_GAP_BEFORE;
		ps->mean_steps = 0; /* the run starts again after the gap */
		ps->mean_sum = 0;
	} else {
		int rc = check_mean_step(ps, dt, line);
		if (rc != ST_OK)
			return rc;
	}
	if (dt_periods <= 1.5 && dt_periods >= 0.75) {
		ps->off_steps = 0;
	} else if (ps->off_steps > 0 && fabs(dt / ps->off_dt - 1) < 0.1) {
		if (++ps->off_steps >= OFF_RATE_STEPS)
			return off_rate_error(ps, line);
	} else {
		ps->off_steps = 1;
		ps->off_dt = dt;
		ps->off_line = line;
	}
	return ST_OK;
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Without a "rate_hz" comment the rate is the median time step of the first rows (gaps
 * do not move a median), rounded to whole hertz; then the steps so far are checked. */
static int infer_rate(struct parser *ps)
{
	const double *t = ps->out->t_s;
	size_t n = ps->out->n;
	double steps[INFER_ROWS - 1];
	if (n < 2)
		return st_fail(ST_ERR_DATA, "%s:%zu: one data row and no '# rate_hz=N' comment: the sample rate is unknown",
			       ps->name, ps->first_lines[0]);
	for (size_t i = 1; i < n; i++) {
		steps[i - 1] = t[i] - t[i - 1];
		if (!(steps[i - 1] > 0))
			return time_error(ps, i, ps->first_lines[i]);
	}
	qsort(steps, n - 1, sizeof steps[0], compare_doubles);
	double median = steps[(n - 1) / 2];
	/* Averaging the steps near the median undoes the rounding of t_s to 0.1 ms, which
	 * makes a 300 Hz step read 3.3 or 3.4 ms. */
	double sum = 0;
	size_t count = 0;
	for (size_t k = 0; k < n - 1; k++) {
		if (steps[k] >= 0.5 * median && steps[k] <= 1.5 * median) {
			sum += steps[k];
			count++;
		}
	}
	double rate = round((double)count / sum);
	if (!(rate >= RATE_MIN_HZ && rate <= RATE_MAX_HZ))
		return st_fail(ST_ERR_DATA, "%s:%zu: no '# rate_hz=N' comment, and the time steps give %g Hz, outside %d-%d Hz",
			       ps->name, ps->first_lines[0], rate, RATE_MIN_HZ, RATE_MAX_HZ);
	ps->rate_hz = rate;
	ps->rate_known = true;
	for (size_t i = 1; i < n; i++) {
		int rc = check_step(ps, i, ps->first_lines[i]);
		if (rc != ST_OK)
			return rc;
	}
	return ST_OK;
}

static int field_count_error(struct parser *ps, const char *line, const char *end)
{
	return st_fail(ST_ERR_DATA, "%s:%zu: expected %zu fields, got %zu", ps->name, ps->line, ps->n_fields,
		       1 + count_char(line, end, ','));
}

/* The time step into a new row is checked at once when the rate is known, and for the
 * first rows of a file without a rate comment once enough steps give it. */
static int check_new_row(struct parser *ps)
{
	size_t i = ps->out->n - 1;
	if (ps->rate_known)
		return i > 0 ? check_step(ps, i, ps->line) : ST_OK;
	ps->first_lines[i] = ps->line;
	return i + 1 == INFER_ROWS ? infer_rate(ps) : ST_OK;
}

#ifdef WORD_NUMBER_SPAN
/* The usual row (what the writer makes): every field a plain number or an empty COP, no
 * blanks, nothing out of range, WORD_NUMBER_SPAN bytes readable past the line (up to
 * readable). False for anything else: parse_row then reads the row field by field and
 * names the problem. Reads nothing but its arguments, so a thread of its own can run it. */
static bool parse_row_quickly(const uint8_t *columns, size_t n_fields, const char *readable, const char *p,
			      const char *end, double v[N_COLUMNS])
{
	if (readable - end < WORD_NUMBER_SPAN)
		return false;
	for (size_t field = 0; field < n_fields; field++) {
		enum column c = columns[field];
		if (c == COL_IGNORED)
			return false;
		if (p == end || *p == ',') {
			if (!column_is_cop(c))
				return false;
			v[c] = NAN;
		} else if (!parse_number_by_words(p, &v[c], &p) || !(fabs(v[c]) <= column_max(c))) {
			return false;
		}
		if (field + 1 == n_fields)
			return p == end;
		if (p == end || *p != ',')
			return false;
		p++;
	}
	return false;
}
#endif

/* Absent columns are undefined COP. */
static void clear_cop(double v[N_COLUMNS])
{
	v[COL_LEFT_COP_X] = v[COL_LEFT_COP_Y] = v[COL_RIGHT_COP_X] = v[COL_RIGHT_COP_Y] = NAN;
}

/* v's columns from the row, field by field; ST_OK or the problem with its line and column. */
static int parse_fields(struct parser *ps, const char *line, const char *end, double v[N_COLUMNS])
{
	const char *p = line;
	size_t field = 0;
	for (;;) {
		if (field == ps->n_fields)
			return field_count_error(ps, line, end);
		enum column c = ps->columns[field++];
		if (c == COL_IGNORED) {
			p = field_end(p, end);
		} else {
			int rc = parse_field(ps, c, field, &p, end, &v[c]);
			if (rc != ST_OK)
				return rc;
		}
		if (p == end)
			break;
		p++; /* the comma */
	}
	if (field != ps->n_fields)
		return field_count_error(ps, line, end);
	return ST_OK;
}

/* A row's values into the trace, its time step checked. */
static int add_row(struct parser *ps, const double v[N_COLUMNS])
{
	struct trace_sample s = {
		.t_s = v[COL_T],
		.fz = { v[COL_LEFT_FZ], v[COL_RIGHT_FZ] },
		.cop_x = { v[COL_LEFT_COP_X], v[COL_RIGHT_COP_X] },
		.cop_y = { v[COL_LEFT_COP_Y], v[COL_RIGHT_COP_Y] },
		.flags = ps->saturated ? TRACE_SATURATED : 0,
	};
	int rc = trace_append(ps->out, &s);
	if (rc != ST_OK)
		return rc;
	return check_new_row(ps);
}

static int parse_row(struct parser *ps, const char *line, const char *end)
{
	double v[N_COLUMNS];
	clear_cop(v);
#ifdef WORD_NUMBER_SPAN
	if (!parse_row_quickly(ps->columns, ps->n_fields, ps->end, line, end, v))
#endif
	{
		int rc = parse_fields(ps, line, end, v);
		if (rc != ST_OK)
			return rc;
	}
	return add_row(ps, v);
}

/* The next line without its newline; false at the end of the input. */
static bool next_line(struct parser *ps, const char **line, const char **end)
{
	if (ps->cur == ps->end)
		return false;
	const char *nl = memchr(ps->cur, '\n', (size_t)(ps->end - ps->cur));
	*line = ps->cur;
	*end = nl ? nl : ps->end;
	ps->cur = nl ? nl + 1 : ps->end;
	ps->line++;
	return true;
}

static int line_too_long(struct parser *ps)
{
	return st_fail(ST_ERR_DATA, "%s:%zu: line longer than %d bytes: not an interchange CSV", ps->name, ps->line,
		       CSV_LINE_MAX);
}

/* Parses the lines from ps->cur; until_header: stops after the header row. */
static int parse_lines(struct parser *ps, bool until_header)
{
	const char *line, *end;
	while (next_line(ps, &line, &end)) {
		if (end - line > CSV_LINE_MAX)
			return line_too_long(ps);
		end = trim_end(line, end);
		line = skip_blanks(line, end);
		int rc = ST_OK;
		if (line == end)
			continue;
		if (*line == '#')
			rc = parse_comment(ps, line + 1, end);
		else if (!ps->columns)
			rc = parse_header(ps, line, end);
		else
			rc = parse_row(ps, line, end);
		if (rc != ST_OK)
			return rc;
		if (until_header && ps->columns)
			break;
	}
	return ST_OK;
}

static int finish(struct parser *ps)
{
	size_t last_line = ps->line ? ps->line : 1;
	if (!ps->columns && !ps->saw_comment)
		return st_fail(ST_ERR_DATA, "%s:%zu: empty file", ps->name, last_line);
	if (!ps->columns)
		return st_fail(ST_ERR_DATA, "%s:%zu: no header row", ps->name, last_line);
	if (ps->out->n == 0)
		return st_fail(ST_ERR_DATA, "%s:%zu: no data rows after the header", ps->name, ps->header_line);
	if (!ps->rate_known) {
		int rc = infer_rate(ps);
		if (rc != ST_OK)
			return rc;
	}
	ps->out->rate_hz = ps->rate_hz;
	return ST_OK;
}

static void parser_begin(struct parser *ps, const char *name, struct trace *out)
{
	*ps = (struct parser){ .name = name, .out = out };
	trace_init(out, 0);
}

/* Sets the parser on data (a whole number of lines, the last may lack its newline only
 * at the end of the input), past a byte order mark at the very start. */
static void feed_begin(struct parser *ps, const char *data, size_t len)
{
	static const char utf8_bom[] = "\xef\xbb\xbf";
	if (ps->line == 0 && len >= 3 && memcmp(data, utf8_bom, 3) == 0) {
		data += 3;
		len -= 3;
	}
	ps->cur = data;
	ps->end = data + len;
}

#ifdef WORD_NUMBER_SPAN
/* ---- the second half of the lines, on a thread of its own ---- */

/* Once the header and the rate are known, the lines given at once are parsed in two
 * halves: the first by the parser as usual, the second meanwhile by a thread that reads
 * only the usual rows (parse_row_quickly) into a trace of its own and stops at the first
 * other line. The parser then adds those rows in order, as parse_row would have (time
 * steps, saturation, line numbers), and parses the rest from where the thread stopped:
 * a comment, a blank line or a bad row there meets the same code, with the same message,
 * as without it. The thread reads the input and the header's columns, which nothing
 * writes meanwhile, and writes only its struct half and its trace, with room reserved
 * beforehand (it never grows, so never fails), read after the join. */
#define HALVES_MIN 512      /* bytes: shorter input is parsed in one go */
#define STAGED_MAX 16384    /* rows staged at most (540 KiB); the rest is parsed as usual */
#define ROW_BYTES_MIN 6     /* "0,0,0\n" */

struct half {
	const char *from, *to;     /* whole lines */
	const char *readable;      /* bytes readable up to here (past to) */
	const uint8_t *columns;
	size_t n_fields;
	struct trace *rows;        /* empty, with room for max rows */
	size_t max;
	const char *stopped;       /* the first line not staged; to when every one was */
	struct trace out;          /* a copy of the parser's trace as the halves start */
};

static void *stage_half(void *arg)
{
	struct half *h = arg;
	const char *p = h->from;
	while (p < h->to && h->rows->n < h->max) {
		const char *nl = memchr(p, '\n', (size_t)(h->to - p));
		if ((nl ? nl : h->to) - p > CSV_LINE_MAX)
			break;
		const char *end = trim_end(p, nl ? nl : h->to);
		const char *line = skip_blanks(p, end);
		double v[N_COLUMNS];
		clear_cop(v); /* a comment or a blank line is no row either */
		if (!parse_row_quickly(h->columns, h->n_fields, h->readable, line, end, v))
			break;
		struct trace_sample s = { .t_s = v[COL_T],
					  .fz = { v[COL_LEFT_FZ], v[COL_RIGHT_FZ] },
					  .cop_x = { v[COL_LEFT_COP_X], v[COL_RIGHT_COP_X] },
					  .cop_y = { v[COL_LEFT_COP_Y], v[COL_RIGHT_COP_Y] } };
		trace_append(h->rows, &s); /* within the room reserved */
		p = nl ? nl + 1 : h->to;
	}
	h->stopped = p;
	/* The room of this chunk's rows and the next's (about 4 such halves) mapped for the
	 * parser, the pages that are new zeroed here rather than on its way */
	trace_map(&h->out, h->out.n, h->out.n + 4 * h->rows->n);
	return NULL;
}

/* Room for the rows that the half could stage; false when out of memory. */
static bool stage_room(struct parser *ps, struct half *h)
{
	size_t want = (size_t)(h->to - h->from) / ROW_BYTES_MIN + 1;
	want = want < STAGED_MAX ? want : STAGED_MAX;
	trace_drop_front(&ps->staged, ps->staged.n);
	if (trace_reserve(&ps->staged, want) != ST_OK)
		return false;
	h->rows = &ps->staged;
	h->max = want;
	return true;
}

/* The rows the thread staged, after those of the first half; ST_OK or the first bad
 * time step with its line. */
static int add_staged(struct parser *ps, const struct trace *rows)
{
	struct trace *t = ps->out;
	size_t first = t->n;
	int rc = trace_append_all(t, rows);
	for (size_t i = first; i < t->n && rc == ST_OK; i++) {
		ps->line++;
		t->flags[i] |= ps->saturated ? TRACE_SATURATED : 0;
		rc = i > 0 ? check_step(ps, i, ps->line) : ST_OK;
	}
	return rc;
}

/* Parses the lines from ps->cur to ps->end, the second half on a thread when it can. */
static int parse_halves(struct parser *ps)
{
	const char *start = ps->cur, *end = ps->end;
	size_t len = (size_t)(end - start);
	const char *mid = ps->columns && ps->rate_known && len >= HALVES_MIN
				  ? memchr(start + len / 2, '\n', len - len / 2)
				  : NULL;
	if (!mid)
		return parse_lines(ps, false);
	struct half h = { .from = mid + 1, .to = end, .readable = end, .columns = ps->columns,
			  .n_fields = ps->n_fields, .out = *ps->out };
	pthread_t thread;
	if (!stage_room(ps, &h) || pthread_create(&thread, NULL, stage_half, &h) != 0)
		return parse_lines(ps, false);
	ps->end = mid + 1;
	int rc = parse_lines(ps, false);
	pthread_join(thread, NULL);
	if (rc == ST_OK)
		rc = add_staged(ps, h.rows);
	if (rc != ST_OK)
		return rc;
	ps->cur = h.stopped;
	ps->end = end;
	return parse_lines(ps, false);
}

#endif

/* Parses the lines of data: up to the header on their own, then in halves. */
static int parser_feed(struct parser *ps, const char *data, size_t len)
{
	feed_begin(ps, data, len);
	if (!ps->columns) {
		int rc = parse_lines(ps, true);
		if (rc != ST_OK)
			return rc;
	}
#ifdef WORD_NUMBER_SPAN
	return parse_halves(ps);
#else
	return parse_lines(ps, false);
#endif
}

static int parser_end(struct parser *ps, int rc)
{
	if (rc == ST_OK)
		rc = finish(ps);
	free(ps->columns);
	free(ps->scratch);
	trace_free(&ps->staged);
	if (rc != ST_OK)
		trace_free(ps->out);
	return rc;
}

int csv_parse(const char *data, size_t len, const char *name, struct trace *out)
{
	struct parser ps;
	parser_begin(&ps, name, out);
	return parser_end(&ps, parser_feed(&ps, data ? data : "", data ? len : 0));
}

static int open_error(const char *path, int err)
{
	int code = (err == ENOENT || err == ENOTDIR) ? ST_ERR_NOT_FOUND : ST_ERR_IO;
	return st_fail(code, "%s: %s", path, strerror(err));
}

static int too_large(const char *path)
{
	return st_fail(ST_ERR_DATA, "%s: larger than %d MiB, the most an interchange CSV may have (about 75 minutes "
				    "at 1000 Hz with COP): split it", path, CSV_FILE_MAX_MIB);
}

/* size: the file's, 0 for a pipe. */
static int check_input(int fd, const char *path, uint64_t *size)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		return st_fail(ST_ERR_IO, "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return st_fail(ST_ERR_ARG, "%s: a folder, not a recording", path);
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode))
		return st_fail(ST_ERR_ARG, "%s: not a file or a pipe (a device?): give a recording", path);
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > (uint64_t)CSV_FILE_MAX_MIB << 20)
		return too_large(path);
	*size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
	return ST_OK;
}

/* Reads into buf[*have..cap) until it is full or the input ends (*eof); counts the bytes
 * in *total, refusing more than CSV_FILE_MAX_MIB (a pipe has no size to check first). */
static int read_more(int fd, const char *path, char *buf, size_t cap, size_t *have, size_t *total, bool *eof)
{
	while (*have < cap && !*eof) {
		ssize_t r = read(fd, buf + *have, cap - *have);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return st_fail(ST_ERR_IO, "%s: %s", path, strerror(errno));
		*eof = r == 0;
		*have += (size_t)r;
		*total += (size_t)r;
		if (*total > (size_t)CSV_FILE_MAX_MIB << 20)
			return too_large(path);
	}
	return ST_OK;
}

static const char *last_newline(const char *buf, size_t len)
{
	while (len > 0 && buf[len - 1] != '\n')
		len--;
	return len ? buf + len - 1 : NULL;
}

/* Room for the rows a file of size bytes holds, reckoned from the first bytes read: the
 * columns then sit in their own memory from the start (trace.c: huge pages), rather
 * than in small ones first and copied. Only reserved, never written: a row count too
 * high costs address space, not memory; too low, the columns grow as usual. */
static void reserve_rows(struct trace *t, const char *head, size_t len, uint64_t size)
{
	size_t lines = count_char(head, head + len, '\n');
	if (lines == 0 || size <= len)
		return;
	uint64_t rows = size / len * lines + lines;
	(void)trace_reserve(t, (size_t)rows); /* out of memory: the rows will say so */
}

/* Parses fd a chunk of whole lines at a time, so only a chunk and the trace are held,
 * never the whole text. size: the file's, 0 for a pipe. */
static int parse_stream(int fd, const char *path, uint64_t size, struct parser *ps)
{
	const size_t cap = READ_CHUNK + CSV_LINE_MAX + 1;
	char *buf = malloc(cap);
	if (!buf)
		return st_fail(ST_ERR_NOMEM, "%s: out of memory", path);
	size_t have = 0, total = 0;
	bool eof = false;
	int rc = read_more(fd, path, buf, cap, &have, &total, &eof);
	if (rc == ST_OK && rec_is_native(buf, have))
		rc = st_fail(ST_ERR_DATA, "%s: a native recording, not CSV: give it as a file, not a pipe", path);
	if (rc == ST_OK)
		reserve_rows(ps->out, buf, have, size);
	while (rc == ST_OK && have > 0) {
		const char *nl = eof ? buf + have - 1 : last_newline(buf, have);
		size_t whole = nl ? (size_t)(nl - buf) + 1 : 0;
		if (!nl && have > CSV_LINE_MAX) {
			ps->line++;
			rc = line_too_long(ps);
			break;
		}
		rc = parser_feed(ps, buf, whole);
		memmove(buf, buf + whole, have - whole);
		have -= whole;
		if (rc == ST_OK)
			rc = read_more(fd, path, buf, cap, &have, &total, &eof);
	}
	free(buf);
	return rc;
}

int csv_read_file(const char *path, struct trace *out)
{
	trace_init(out, 0);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return open_error(path, errno);
	uint64_t size = 0;
	int rc = check_input(fd, path, &size);
	if (rc == ST_OK) {
		struct parser ps;
		parser_begin(&ps, path, out);
		rc = parser_end(&ps, parse_stream(fd, path, size, &ps));
	}
	close(fd);
	return rc;
}

/* ---- writing ---- */

#define WRITE_BUFFER (1 << 20)
#define ROW_MAX 320 /* seven numbers of at most 25 characters, commas, a comment line */

struct csv_writer {
	FILE *f;
	char *path;
	bool has_cop;
	bool in_saturated_run;
	int error;              /* errno of the first failure, 0 if none */
	const char *failed_op;  /* what failed: "write", "fsync", "close" */
	char *buf;              /* stdio buffer: big, so the kernel sees few large writes */
};

static void writer_free(struct csv_writer *w)
{
	free(w->path);
	free(w->buf);
	free(w);
}

static void note_error(struct csv_writer *w, const char *op, int err)
{
	if (w->error)
		return;
	w->error = err ? err : EIO;
	w->failed_op = op;
}

static int writer_error(const struct csv_writer *w)
{
	return st_fail(ST_ERR_IO, "%s: %s failed: %s", w->path, w->failed_op, strerror(w->error));
}

static int put(struct csv_writer *w, const char *s, size_t n)
{
	if (!w->error && fwrite(s, 1, n, w->f) != n)
		note_error(w, "write", errno);
	return w->error ? writer_error(w) : ST_OK;
}

/* v with a fixed number of decimals, like printf("%.*f") without its cost. Values too
 * big to scale exactly (never seen from a plate) go out as "%.17g", which reads back. */
static char *format_fixed(char *p, double v, int decimals)
{
	static const double scale[] = { 1, 10, 100, 1000, 10000 };
	double x = fabs(v) * scale[decimals];
	if (!(x < 0x1p53))
		return p + snprintf(p, 32, "%.17g", v);
	uint64_t q = (uint64_t)llround(x);
	char digits[24];
	int n = 0;
	if (q != 0 && v < 0)
		*p++ = '-';
	do {
		digits[n++] = (char)('0' + q % 10);
		q /= 10;
	} while (q != 0 || n <= decimals);
	while (n > decimals)
		*p++ = digits[--n];
	if (decimals > 0) {
		*p++ = '.';
		while (n > 0)
			*p++ = digits[--n];
	}
	return p;
}

/* A COP field; an undefined COP (NAN, or anything non-finite) is an empty field. */
static char *format_cop(char *p, double v)
{
	*p++ = ',';
	return isfinite(v) ? format_fixed(p, v, 2) : p;
}

static char *append_str(char *p, const char *s)
{
	size_t n = strlen(s);
	memcpy(p, s, n);
	return p + n;
}

int csv_writer_open_fd(int fd, const char *path, double rate_hz, bool has_cop, struct csv_writer **out)
{
	*out = NULL;
	if (!(rate_hz >= RATE_MIN_HZ && rate_hz <= RATE_MAX_HZ)) {
		close(fd);
		return st_fail(ST_ERR_ARG, "%s: rate %g Hz outside %d-%d Hz", path, rate_hz, RATE_MIN_HZ, RATE_MAX_HZ);
	}
	struct csv_writer *w = calloc(1, sizeof *w);
	if (w) {
		w->path = strdup(path);
		w->buf = malloc(WRITE_BUFFER);
		w->has_cop = has_cop;
	}
	if (!w || !w->path || !w->buf) {
		close(fd);
		if (w)
			writer_free(w);
		return st_fail(ST_ERR_NOMEM, "%s: out of memory", path);
	}
	w->f = fdopen(fd, "w");
	if (!w->f) {
		int err = errno;
		close(fd);
		writer_free(w);
		return st_fail(ST_ERR_IO, "%s: %s", path, strerror(err));
	}
	setvbuf(w->f, w->buf, _IOFBF, WRITE_BUFFER);

	char head[ROW_MAX];
	int n = rate_hz == floor(rate_hz) ? snprintf(head, sizeof head, "# rate_hz=%d\n", (int)rate_hz)
					  : snprintf(head, sizeof head, "# rate_hz=%.17g\n", rate_hz);
	char *p = head + n;
	p = append_str(p, "t_s,left_fz_n,right_fz_n");
	if (has_cop)
		p = append_str(p, ",left_cop_x_mm,left_cop_y_mm,right_cop_x_mm,right_cop_y_mm");
	*p++ = '\n';
	int rc = put(w, head, (size_t)(p - head));
	if (rc != ST_OK) {
		fclose(w->f);
		writer_free(w);
		return rc;
	}
	*out = w;
	return ST_OK;
}

int csv_writer_open(const char *path, double rate_hz, bool has_cop, struct csv_writer **out)
{
	*out = NULL;
	if (!(rate_hz >= RATE_MIN_HZ && rate_hz <= RATE_MAX_HZ)) /* refused before anything is created */
		return st_fail(ST_ERR_ARG, "%s: rate %g Hz outside %d-%d Hz", path, rate_hz, RATE_MIN_HZ, RATE_MAX_HZ);
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0)
		return st_fail(ST_ERR_IO, "%s: %s", path, strerror(errno));
	return csv_writer_open_fd(fd, path, rate_hz, has_cop, out);
}

int csv_writer_row(struct csv_writer *w, const struct trace_sample *s)
{
	if (!isfinite(s->t_s) || !isfinite(s->fz[0]) || !isfinite(s->fz[1]))
		return st_fail(ST_ERR_ARG, "%s: row at t_s %.9g: time and forces must be finite", w->path, s->t_s);
	char line[ROW_MAX];
	char *p = line;
	bool saturated = s->flags & TRACE_SATURATED;
	if (saturated != w->in_saturated_run) {
		p = append_str(p, saturated ? "# saturated-begin\n" : "# saturated-end\n");
		w->in_saturated_run = saturated;
	}
	p = format_fixed(p, s->t_s, 4);
	*p++ = ',';
	p = format_fixed(p, s->fz[0], 2);
	*p++ = ',';
	p = format_fixed(p, s->fz[1], 2);
	if (w->has_cop) {
		p = format_cop(p, s->cop_x[0]);
		p = format_cop(p, s->cop_y[0]);
		p = format_cop(p, s->cop_x[1]);
		p = format_cop(p, s->cop_y[1]);
	}
	*p++ = '\n';
	return put(w, line, (size_t)(p - line));
}

int csv_writer_close(struct csv_writer *w)
{
	if (!w)
		return ST_OK;
	if (w->in_saturated_run)
		put(w, "# saturated-end\n", strlen("# saturated-end\n")); /* a failure stays in w->error */
	if (!w->error && fflush(w->f) != 0)
		note_error(w, "write", errno);
	/* EINVAL/EROFS: a device or pipe that cannot be synced; nothing was lost. */
	if (!w->error && fsync(fileno(w->f)) != 0 && errno != EINVAL && errno != EROFS)
		note_error(w, "fsync", errno);
	if (fclose(w->f) != 0)
		note_error(w, "close", errno);
	int rc = w->error ? writer_error(w) : ST_OK;
	writer_free(w);
	return rc;
}

/* Closes without reporting: the caller already has the error that matters. */
static void writer_discard(struct csv_writer *w)
{
	fclose(w->f);
	writer_free(w);
}

int csv_write_file(const char *path, const struct trace *t)
{
	struct csv_writer *w;
	int rc = csv_writer_open(path, t->rate_hz, t->has_cop, &w);
	if (rc != ST_OK)
		return rc;
	for (size_t i = 0; i < t->n; i++) {
		struct trace_sample s;
		trace_get(t, i, &s);
		rc = csv_writer_row(w, &s);
		if (rc != ST_OK) {
			writer_discard(w);
			return rc;
		}
	}
	return csv_writer_close(w);
}
