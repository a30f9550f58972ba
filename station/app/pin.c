/* pin.c: the physio PIN as a crypt(3) hash in the data directory. */
#include "pin.h"

#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "status.h"

static void pin_path(const char *data_dir, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", data_dir, PIN_FILE);
}

static bool read_hash(const char *data_dir, char *hash, size_t len)
{
	char path[PATH_MAX];
	pin_path(data_dir, path, sizeof path);
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	bool ok = fgets(hash, (int)len, f) != NULL;
	fclose(f);
	hash[strcspn(hash, "\r\n")] = '\0';
	return ok && hash[0];
}

bool pin_is_set(const char *data_dir)
{
	char hash[CRYPT_OUTPUT_SIZE];
	return read_hash(data_dir, hash, sizeof hash);
}

bool pin_check(const char *data_dir, const char *pin)
{
	char hash[CRYPT_OUTPUT_SIZE];
	if (!read_hash(data_dir, hash, sizeof hash))
		return strcmp(pin, PIN_DEFAULT) == 0;
	struct crypt_data cd;
	memset(&cd, 0, sizeof cd);
	const char *h = crypt_r(pin, hash, &cd);
	return h && h[0] != '*' && strcmp(h, hash) == 0;
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
	char path[PATH_MAX], tmp[PATH_MAX];
	pin_path(data_dir, path, sizeof path);
	snprintf(tmp, sizeof tmp, "%s.new", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return st_fail(ST_ERR_IO, "%s: %s", tmp, strerror(errno));
	size_t len = strlen(h);
	bool ok = write(fd, h, len) == (ssize_t)len && write(fd, "\n", 1) == 1 && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		return st_fail(ST_ERR_IO, "%s: %s", path, strerror(e));
	}
	return ST_OK;
}
