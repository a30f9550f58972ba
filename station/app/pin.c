/* pin.c: the physio PIN as a crypt(3) hash in the data directory, and its failure count. */
#include "pin.h"

#include <crypt.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "safe_file.h"
#include "status.h"

static void dir_file(const char *data_dir, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", data_dir, name);
}

/* The hash, or why there is none. */
static enum pin_state read_hash(const char *data_dir, char *hash, size_t len)
{
	char path[PATH_MAX];
	dir_file(data_dir, PIN_FILE, path, sizeof path);
	FILE *f;
	int rc = st_fopen_regular(path, &f);
	if (rc != ST_OK)
		return rc == ST_ERR_NOT_FOUND ? PIN_NONE : PIN_DAMAGED;
	bool ok = fgets(hash, (int)len, f) != NULL;
	fclose(f);
	if (!ok)
		return PIN_DAMAGED;
	hash[strcspn(hash, "\r\n")] = '\0';
	/* crypt(3) hashes start with '$' (or are 13 DES characters); anything else opens nothing */
	return hash[0] == '$' ? PIN_SET : PIN_DAMAGED;
}

enum pin_state pin_state(const char *data_dir)
{
	char hash[CRYPT_OUTPUT_SIZE];
	return read_hash(data_dir, hash, sizeof hash);
}

double pin_delay_s(unsigned failures)
{
	if (failures < PIN_FREE_TRIES)
		return 0;
	unsigned doublings = failures - PIN_FREE_TRIES;
	return doublings >= 30 ? PIN_DELAY_MAX_S : fmin(ldexp(1, (int)doublings), PIN_DELAY_MAX_S);
}

double pin_exhaust_s(int digits)
{
	double pins = pow(10, digits), total = 0;
	for (double f = 1; f < pins; f++)
		total += pin_delay_s(f > 1e9 ? 1000000000u : (unsigned)f);
	return total;
}

struct tries {
	unsigned failures;
	long long last; /* time of the last failure, Unix seconds */
};

/* A damaged count is read as a long run of failures: a wait, never a reset. */
static void read_tries(const char *data_dir, struct tries *t)
{
	char path[PATH_MAX];
	dir_file(data_dir, PIN_TRIES_FILE, path, sizeof path);
	*t = (struct tries){ 0 };
	FILE *f;
	int rc = st_fopen_regular(path, &f);
	if (rc != ST_OK) {
		if (rc != ST_ERR_NOT_FOUND)
			*t = (struct tries){ .failures = UINT_MAX / 2 };
		return;
	}
	if (fscanf(f, "%u %lld", &t->failures, &t->last) != 2) {
		struct stat st;
		*t = (struct tries){ .failures = UINT_MAX / 2,
				     .last = fstat(fileno(f), &st) == 0 ? (long long)st.st_mtime : 0 };
	}
	fclose(f);
}

static int write_tries(const char *data_dir, const struct tries *t)
{
	char path[PATH_MAX], text[64];
	dir_file(data_dir, PIN_TRIES_FILE, path, sizeof path);
	int n = snprintf(text, sizeof text, "%u %lld\n", t->failures, t->last);
	return safe_file_write(path, text, (size_t)n);
}

static double wait_after(const struct tries *t, time_t now)
{
	double delay = pin_delay_s(t->failures);
	if (delay == 0)
		return 0;
	/* a clock set back starts the wait again rather than ending it */
	double since = now >= t->last ? (double)now - (double)t->last : 0;
	return since >= delay ? 0 : delay - since;
}

double pin_wait_s(const char *data_dir, time_t now)
{
	struct tries t;
	read_tries(data_dir, &t);
	return wait_after(&t, now);
}

enum pin_result pin_try(const char *data_dir, const char *pin, time_t now, double *wait_s)
{
	*wait_s = 0;
	char hash[CRYPT_OUTPUT_SIZE];
	enum pin_state state = read_hash(data_dir, hash, sizeof hash);
	if (state != PIN_SET) {
		st_fail(ST_ERR_STATE, state == PIN_NONE ? "no physio PIN is set: set one with 'station pin set'"
							: "the physio PIN file %s/" PIN_FILE " is damaged: set the PIN "
							  "again with 'station pin set'",
			data_dir);
		return PIN_UNUSABLE;
	}
	struct tries t;
	read_tries(data_dir, &t);
	*wait_s = wait_after(&t, now);
	if (*wait_s > 0)
		return PIN_WAIT;
	struct tries failed = { .failures = t.failures + 1, .last = now };
	if (write_tries(data_dir, &failed) != ST_OK)
		return PIN_UNUSABLE;
	struct crypt_data cd;
	memset(&cd, 0, sizeof cd);
	const char *h = crypt_r(pin, hash, &cd);
	bool ok = h && h[0] != '*' && strcmp(h, hash) == 0;
	memset(&cd, 0, sizeof cd);
	if (!ok) {
		*wait_s = pin_delay_s(failed.failures);
		return PIN_WRONG;
	}
	struct tries cleared = { 0 };
	return write_tries(data_dir, &cleared) == ST_OK ? PIN_OK : PIN_UNUSABLE;
}

int pin_set(const char *data_dir, const char *pin)
{
	size_t n = strlen(pin);
	if (n < PIN_MIN || n > PIN_MAX || strspn(pin, "0123456789") != n)
		return st_fail(ST_ERR_ARG, "a PIN is %d to %d digits", PIN_MIN, PIN_MAX);
	const char *salt = crypt_gensalt_ra(NULL, 0, NULL, 0);
	if (!salt)
		return st_fail(ST_ERR_IO, "no salt for the PIN hash: %s", strerror(errno));
	struct crypt_data cd;
	memset(&cd, 0, sizeof cd);
	const char *h = crypt_r(pin, salt, &cd);
	free((void *)salt);
	if (!h || h[0] == '*')
		return st_fail(ST_ERR_IO, "cannot hash the PIN: %s", strerror(errno));
	char path[PATH_MAX], line[CRYPT_OUTPUT_SIZE + 1];
	dir_file(data_dir, PIN_FILE, path, sizeof path);
	int len = snprintf(line, sizeof line, "%s\n", h);
	memset(&cd, 0, sizeof cd);
	struct tries cleared = { 0 };
	int rc = safe_file_write(path, line, (size_t)len);
	return rc == ST_OK ? write_tries(data_dir, &cleared) : rc;
}
