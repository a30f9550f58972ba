/* safe_file.c: write a temporary beside the target, sync, rename over, sync the folder. */
#include "safe_file.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "status.h"

#define TMP_TRIES 100

static atomic_uint tmp_counter;

static void free_names(struct safe_file *sf)
{
	free(sf->path);
	free(sf->tmp);
	sf->path = sf->tmp = NULL;
}

bool st_process_gone(long pid)
{
	return pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Removes "NAME.tmp-PID-N" beside path whose PID is gone (a writer killed mid-write left a
 * full-size temporary: 15 of up to 62 MB after a stranger's 36 kills). */
static void remove_stale_temps(const char *path)
{
	char folder[PATH_MAX];
	const char *slash = strrchr(path, '/'), *name = slash ? slash + 1 : path;
	if (!slash)
		snprintf(folder, sizeof folder, ".");
	else if (snprintf(folder, sizeof folder, "%.*s", slash == path ? 1 : (int)(slash - path), path) >= (int)sizeof folder)
		return;
	DIR *d = opendir(folder);
	if (!d)
		return;
	size_t len = strlen(name);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		long pid;
		unsigned n;
		char stale[PATH_MAX];
		if (strncmp(e->d_name, name, len) == 0 && sscanf(e->d_name + len, ".tmp-%ld-%u", &pid, &n) == 2 &&
		    st_process_gone(pid) && snprintf(stale, sizeof stale, "%s/%s", folder, e->d_name) < (int)sizeof stale)
			unlink(stale);
	}
	closedir(d);
}

int safe_file_begin(const char *path, struct safe_file *sf)
{
	*sf = (struct safe_file){ .fd = -1 };
	/* renaming over a device, a pipe or a folder (or a symlink to one, like /dev/stdout)
	 * would replace it, as root even /dev/null */
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return st_fail(ST_ERR_ARG, "%s: not a regular file (a device, a pipe or a folder): give a file name", path);
	remove_stale_temps(path);
	size_t len = strlen(path) + 40;
	sf->path = strdup(path);
	sf->tmp = malloc(len);
	if (!sf->path || !sf->tmp) {
		free_names(sf);
		return st_fail(ST_ERR_NOMEM, "%s: out of memory", path);
	}
	int err = EEXIST;
	for (int i = 0; i < TMP_TRIES && sf->fd < 0 && err == EEXIST; i++) {
		snprintf(sf->tmp, len, "%s.tmp-%ld-%u", path, (long)getpid(), atomic_fetch_add(&tmp_counter, 1));
		sf->fd = open(sf->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		err = errno;
	}
	if (sf->fd < 0) {
		free_names(sf);
		return st_fail(err == EACCES || err == EPERM ? ST_ERR_ACCESS : ST_ERR_IO, "%s: cannot create it: %s",
			       path, strerror(err));
	}
	/* open()'s mode is masked by the umask; the station's files are 0600 whatever it is. */
	if (fchmod(sf->fd, 0600) != 0) {
		err = errno;
		safe_file_abort(sf);
		return st_fail(ST_ERR_IO, "%s: %s", path, strerror(err));
	}
	return ST_OK;
}

int st_sync_folder(const char *folder)
{
	int fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return st_fail(ST_ERR_IO, "%s: %s", folder, strerror(errno));
	int rc = fsync(fd) == 0 ? ST_OK : st_fail(ST_ERR_IO, "%s: fsync: %s", folder, strerror(errno));
	close(fd);
	return rc;
}

/* The folder path is in. */
static int sync_folder(const char *path)
{
	char *copy = strdup(path);
	if (!copy)
		return st_fail(ST_ERR_NOMEM, "%s: out of memory", path);
	int rc = st_sync_folder(dirname(copy));
	free(copy);
	return rc;
}

int safe_file_commit(struct safe_file *sf)
{
	int rc = ST_OK;
	if (sf->fd >= 0) {
		if (fsync(sf->fd) != 0)
			rc = st_fail(ST_ERR_IO, "%s: fsync failed: %s", sf->path, strerror(errno));
		if (close(sf->fd) != 0 && rc == ST_OK)
			rc = st_fail(ST_ERR_IO, "%s: close failed: %s", sf->path, strerror(errno));
		sf->fd = -1;
	}
	if (rc == ST_OK && rename(sf->tmp, sf->path) != 0)
		rc = st_fail(ST_ERR_IO, "%s: %s", sf->path, strerror(errno));
	if (rc != ST_OK) {
		safe_file_abort(sf);
		return rc;
	}
	rc = sync_folder(sf->path);
	free_names(sf);
	return rc;
}

void safe_file_abort(struct safe_file *sf)
{
	if (sf->fd >= 0)
		close(sf->fd);
	sf->fd = -1;
	if (sf->tmp)
		unlink(sf->tmp);
	free_names(sf);
}

int safe_file_open_stream(const char *path, struct safe_file *sf, FILE **out)
{
	int rc = safe_file_begin(path, sf);
	if (rc != ST_OK)
		return rc;
	*out = fdopen(sf->fd, "w");
	if (!*out) {
		rc = st_fail(ST_ERR_NOMEM, "%s: %s", path, strerror(errno));
		safe_file_abort(sf);
	}
	return rc;
}

int safe_file_end_stream(struct safe_file *sf, FILE *f, int rc)
{
	if (rc == ST_OK && (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0))
		rc = st_fail(ST_ERR_IO, "%s: write failed: %s", sf->path, strerror(errno ? errno : EIO));
	if (fclose(f) != 0 && rc == ST_OK)
		rc = st_fail(ST_ERR_IO, "%s: close failed: %s", sf->path, strerror(errno));
	sf->fd = -1;
	if (rc != ST_OK)
		safe_file_abort(sf);
	return rc;
}

int safe_file_close_stream(struct safe_file *sf, FILE *f, int rc)
{
	rc = safe_file_end_stream(sf, f, rc);
	return rc == ST_OK ? safe_file_commit(sf) : rc;
}

int safe_file_write(const char *path, const void *data, size_t len)
{
	struct safe_file sf;
	int rc = safe_file_begin(path, &sf);
	if (rc != ST_OK)
		return rc;
	const char *p = data;
	while (len > 0) {
		ssize_t n = write(sf.fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = st_fail(ST_ERR_IO, "%s: write failed: %s", path, n < 0 ? strerror(errno) : "no progress");
			safe_file_abort(&sf);
			return rc;
		}
		p += n;
		len -= (size_t)n;
	}
	return safe_file_commit(&sf);
}

int safe_file_distinct(const char *input, const char *output)
{
	struct stat in, out;
	if (stat(input, &in) != 0 || stat(output, &out) != 0)
		return ST_OK; /* a missing output cannot be the input; a missing input fails when read */
	if (in.st_dev == out.st_dev && in.st_ino == out.st_ino)
		return st_fail(ST_ERR_ARG, "%s is the input file %s: writing it would destroy what is being read; "
					   "give another output", output, input);
	return ST_OK;
}

int st_fopen_regular(const char *path, FILE **out)
{
	*out = NULL;
	/* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return st_fail(errno == ENOENT ? ST_ERR_NOT_FOUND : ST_ERR_IO, "%s: %s", path, strerror(errno));
	struct stat sb;
	if (fstat(fd, &sb) != 0) {
		int err = errno;
		close(fd);
		return st_fail(ST_ERR_IO, "%s: %s", path, strerror(err));
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		return st_fail(ST_ERR_DATA, "%s: not a regular file", path);
	}
	if (fcntl(fd, F_SETFL, 0) != 0 || !(*out = fdopen(fd, "r"))) {
		int err = errno;
		close(fd);
		return st_fail(ST_ERR_IO, "%s: %s", path, strerror(err));
	}
	return ST_OK;
}
