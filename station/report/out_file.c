/* out_file.c: whole files written through a temporary and a rename (out_file.h). */
#include "out_file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "status.h"

static int fail_errno(const char *path, int err)
{
	return st_fail(err == EACCES || err == EPERM || err == EROFS ? ST_ERR_ACCESS : ST_ERR_IO, "cannot write %s: %s",
		       path, strerror(err));
}

int out_file_begin(const char *path, struct out_file *f)
{
	memset(f, 0, sizeof *f);
	f->fd = -1;
	if (snprintf(f->path, sizeof f->path, "%s", path) >= (int)sizeof f->path ||
	    snprintf(f->tmp, sizeof f->tmp, "%s.tmp-XXXXXX", path) >= (int)sizeof f->tmp)
		return st_fail(ST_ERR_ARG, "%s: the name is too long", path);
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return st_fail(ST_ERR_ARG, "%s is a folder: name the file to write", path);
	f->fd = mkstemp(f->tmp); /* mode 0600 whatever the umask */
	if (f->fd < 0)
		return fail_errno(path, errno);
	fcntl(f->fd, F_SETFD, FD_CLOEXEC);
	return ST_OK;
}

cairo_status_t out_file_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct out_file *f = closure;
	while (len > 0 && !f->write_errno) {
		ssize_t n = write(f->fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			f->write_errno = n < 0 ? errno : EIO;
			break;
		}
		data += n;
		len -= (unsigned int)n;
	}
	return f->write_errno ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

void out_file_abort(struct out_file *f)
{
	if (f->fd >= 0) {
		close(f->fd);
		unlink(f->tmp);
	}
	f->fd = -1;
}

int out_file_commit(struct out_file *f)
{
	int err = f->write_errno;
	if (!err && fsync(f->fd) != 0)
		err = errno;
	if (close(f->fd) != 0 && !err)
		err = errno;
	f->fd = -1;
	if (!err && rename(f->tmp, f->path) != 0)
		err = errno;
	if (err) {
		unlink(f->tmp);
		return fail_errno(f->path, err);
	}
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", f->path);
	int dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return ST_OK;
}
