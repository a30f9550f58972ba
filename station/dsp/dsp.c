/* dsp.c: FFTW plans, made at dsp_init for a fixed set of sizes and kept, and the wisdom
 * that makes measuring them a once-per-station cost.
 *
 * Why a fixed set made at start: planning is slow (FFTW_MEASURE spends 0.1-0.7 s on each of
 * these sizes here, 4 s for the set), and a plan made when a recording of a new length
 * first comes stalled whatever thread asked for it. The filters run on power-of-two
 * blocks (filter.c), so FIXED_MIN..FIXED_MAX serve every length at the station's cutoffs;
 * the hum spectrum's 1 s windows need the rate's own size, planned for the usual rates. */
#include "dsp.h"
#include "dsp_internal.h"
#include "safe_file.h"
#include "status.h"

#include <limits.h>
#include <stddef.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* FFTW_MEASURE alone spends tens of seconds on a size of 2^20 here; bounded, it still
 * measures, and the wisdom file makes the cost once per station rather than per run. */
#define PLAN_TIME_LIMIT_S 1.0
#define FIXED_MIN 256
#define FIXED_MAX 65536
/* Plate rates the hum windows are planned for at start; another rate plans its window
 * when first met, with FFTW_ESTIMATE (no measuring: well under a millisecond). */
static const double usual_rates[] = { 100, 200, 250, 500, 1000, 2000 };

struct plan_pair {
	size_t n;
	fftw_plan fwd, inv;
};

static pthread_mutex_t plans_lock = PTHREAD_MUTEX_INITIALIZER;
static struct plan_pair *plans;
static size_t n_plans, cap_plans;
static char *wisdom_path;
static bool initialised;
static size_t late_plans; /* made after dsp_init returned */

bool dsp_rate_ok(double rate_hz)
{
	return isfinite(rate_hz) && rate_hz > 0;
}

bool dsp_hum_ok(double hum_hz)
{
	return hum_hz == 0 || (hum_hz >= 40 && hum_hz <= 70);
}

size_t dsp_harmonics(double hum_hz, double rate_hz)
{
	return hum_hz > 0 ? (size_t)floor(rate_hz / 2 / hum_hz + 1e-9) : 0;
}

/* Written beside and renamed over (safe_file.h), so a power cut never leaves half a file;
 * private like every file of the station. */
static void save_wisdom(const char *path)
{
	char *text = fftw_export_wisdom_to_string();
	if (text)
		safe_file_write(path, text, strlen(text)); /* a failure only costs planning time later */
	free(text);
}

void dsp_shutdown(void)
{
	pthread_mutex_lock(&plans_lock);
	if (wisdom_path)
		save_wisdom(wisdom_path);
	for (size_t i = 0; i < n_plans; i++) {
		fftw_destroy_plan(plans[i].fwd);
		fftw_destroy_plan(plans[i].inv);
	}
	free(plans);
	plans = NULL;
	n_plans = cap_plans = 0;
	free(wisdom_path);
	wisdom_path = NULL;
	initialised = false;
	fftw_cleanup();
	pthread_mutex_unlock(&plans_lock);
}

static int make_plans(size_t n, unsigned rigour, struct plan_pair *p)
{
	double *real = fftw_alloc_real(n);
	fftw_complex *spec = fftw_alloc_complex(n / 2 + 1);
	int rc = ST_OK;
	p->n = n;
	p->fwd = p->inv = NULL;
	if (!real || !spec) {
		rc = st_fail(ST_ERR_NOMEM, "dsp: out of memory planning a %zu-point transform", n);
	} else {
		fftw_set_timelimit(PLAN_TIME_LIMIT_S);
		p->fwd = fftw_plan_dft_r2c_1d((int)n, real, spec, rigour);
		p->inv = fftw_plan_dft_c2r_1d((int)n, spec, real, rigour);
		if (!p->fwd || !p->inv)
			rc = st_fail(ST_ERR, "dsp: FFTW could not plan a %zu-point transform", n);
	}
	if (rc != ST_OK) {
		if (p->fwd)
			fftw_destroy_plan(p->fwd);
		if (p->inv)
			fftw_destroy_plan(p->inv);
	}
	fftw_free(real);
	fftw_free(spec);
	return rc;
}

static int add_plans(size_t n, unsigned rigour)
{
	if (n_plans == cap_plans) {
		size_t cap = cap_plans ? 2 * cap_plans : 16;
		struct plan_pair *grown = realloc(plans, cap * sizeof *grown);
		if (!grown)
			return st_fail(ST_ERR_NOMEM, "dsp: out of memory");
		plans = grown;
		cap_plans = cap;
	}
	int rc = make_plans(n, rigour, &plans[n_plans]);
	if (rc != ST_OK)
		return rc;
	n_plans++;
	late_plans += initialised;
	return ST_OK;
}

static struct plan_pair *find_plans(size_t n)
{
	for (size_t i = 0; i < n_plans; i++)
		if (plans[i].n == n)
			return &plans[i];
	return NULL;
}

int dsp_plans(size_t n, fftw_plan *fwd, fftw_plan *inv)
{
	if (n < 2 || n > INT_MAX)
		return st_fail(ST_ERR_ARG, "dsp: no transform of %zu points", n);
	pthread_mutex_lock(&plans_lock);
	struct plan_pair *p = find_plans(n);
	int rc = p ? ST_OK : add_plans(n, FFTW_ESTIMATE);
	if (rc == ST_OK) {
		p = find_plans(n);
		*fwd = p->fwd;
		*inv = p->inv;
	}
	pthread_mutex_unlock(&plans_lock);
	return rc;
}

static int start(const char *path)
{
	if (initialised)
		return st_fail(ST_ERR_STATE, "dsp: already initialised");
	if (path) {
		wisdom_path = strdup(path);
		if (!wisdom_path)
			return st_fail(ST_ERR_NOMEM, "dsp: out of memory");
		/* A partial import of a damaged file could leave odd wisdom: drop it all. */
		if (!fftw_import_wisdom_from_filename(path))
			fftw_forget_wisdom();
	}
	/* Measured only where the wisdom keeps the result: without it (tests, tools) the
	 * estimate is as fast on the long blocks that carry a long recording (4.4 ns a point
	 * at 65536 either way here). */
	unsigned rigour = path ? FFTW_MEASURE : FFTW_ESTIMATE;
	int rc = ST_OK;
	for (size_t n = FIXED_MIN; rc == ST_OK && n <= FIXED_MAX; n *= 2)
		if (!find_plans(n))
			rc = add_plans(n, rigour);
	for (size_t i = 0; rc == ST_OK && i < sizeof usual_rates / sizeof usual_rates[0]; i++)
		if (!find_plans((size_t)usual_rates[i]))
			rc = add_plans((size_t)usual_rates[i], FFTW_ESTIMATE);
	if (rc == ST_OK && path)
		save_wisdom(path);
	if (rc != ST_OK) {
		free(wisdom_path);
		wisdom_path = NULL;
	}
	initialised = rc == ST_OK;
	late_plans = 0;
	return rc;
}

int dsp_init(const char *path)
{
	pthread_mutex_lock(&plans_lock);
	int rc = start(path);
	pthread_mutex_unlock(&plans_lock);
	return rc;
}

size_t dsp_late_plans(void)
{
	pthread_mutex_lock(&plans_lock);
	size_t n = late_plans;
	pthread_mutex_unlock(&plans_lock);
	return n;
}

/* Hoare's selection, once for doubles and once for floats. */
#define DEFINE_SELECT_KTH(T, name)                                                     \
	double name(T *a, size_t n, size_t k)                                          \
	{                                                                              \
		ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, want = (ptrdiff_t)k;          \
		while (lo < hi) {                                                      \
			T pivot = a[lo + (hi - lo) / 2];                               \
			ptrdiff_t i = lo, j = hi;                                      \
			while (i <= j) {                                               \
				while (a[i] < pivot)                                   \
					i++;                                           \
				while (a[j] > pivot)                                   \
					j--;                                           \
				if (i <= j) {                                          \
					T swapped = a[i];                              \
					a[i++] = a[j];                                 \
					a[j--] = swapped;                              \
				}                                                      \
			}                                                              \
			if (want <= j)                                                 \
				hi = j;                                                \
			else if (want >= i)                                            \
				lo = i;                                                \
			else                                                           \
				break;                                                 \
		}                                                                      \
		return a[want];                                                        \
	}

DEFINE_SELECT_KTH(double, dsp_select_kth)
DEFINE_SELECT_KTH(float, dsp_select_kth_float)
