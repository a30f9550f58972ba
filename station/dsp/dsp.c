/* dsp.c: FFTW plans, made once per size and kept, and the wisdom that makes them quick. */
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

struct plan_pair {
	size_t n;
	fftw_plan fwd, inv;
};

static pthread_mutex_t plans_lock = PTHREAD_MUTEX_INITIALIZER;
static struct plan_pair *plans;
static size_t n_plans, cap_plans, plans_made;
static char *wisdom_path;
static bool initialised;

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
	initialised = true;
	return ST_OK;
}

int dsp_init(const char *path)
{
	pthread_mutex_lock(&plans_lock);
	int rc = start(path);
	pthread_mutex_unlock(&plans_lock);
	return rc;
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

static int make_plans(size_t n, struct plan_pair *p)
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
		p->fwd = fftw_plan_dft_r2c_1d((int)n, real, spec, FFTW_MEASURE);
		p->inv = fftw_plan_dft_c2r_1d((int)n, spec, real, FFTW_MEASURE);
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

static int add_plans(size_t n)
{
	if (n_plans == cap_plans) {
		size_t cap = cap_plans ? 2 * cap_plans : 16;
		struct plan_pair *grown = realloc(plans, cap * sizeof *grown);
		if (!grown)
			return st_fail(ST_ERR_NOMEM, "dsp: out of memory");
		plans = grown;
		cap_plans = cap;
	}
	int rc = make_plans(n, &plans[n_plans]);
	if (rc != ST_OK)
		return rc;
	n_plans++;
	plans_made++;
	/* Saved now, not only at dsp_shutdown: a kiosk switched off at the wall, or killed,
	 * never gets there, and would measure its plans again at every start. */
	if (wisdom_path)
		save_wisdom(wisdom_path);
	return ST_OK;
}

int dsp_plans(size_t n, fftw_plan *fwd, fftw_plan *inv)
{
	if (n < 2 || n > INT_MAX)
		return st_fail(ST_ERR_ARG, "dsp: no transform of %zu points", n);
	pthread_mutex_lock(&plans_lock);
	size_t i = 0;
	while (i < n_plans && plans[i].n != n)
		i++;
	int rc = i < n_plans ? ST_OK : add_plans(n);
	if (rc == ST_OK) {
		*fwd = plans[i].fwd;
		*inv = plans[i].inv;
	}
	pthread_mutex_unlock(&plans_lock);
	return rc;
}

size_t dsp_plans_made(void)
{
	pthread_mutex_lock(&plans_lock);
	size_t n = plans_made;
	pthread_mutex_unlock(&plans_lock);
	return n;
}

static void swap(double *a, double *b)
{
	double t = *a;
	*a = *b;
	*b = t;
}

/* Hoare's selection. */
double dsp_select_kth(double *a, size_t n, size_t k)
{
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, want = (ptrdiff_t)k;
	while (lo < hi) {
		double pivot = a[lo + (hi - lo) / 2];
		ptrdiff_t i = lo, j = hi;
		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j)
				swap(&a[i++], &a[j--]);
		}
		if (want <= j)
			hi = j;
		else if (want >= i)
			lo = i;
		else
			break;
	}
	return a[want];
}
