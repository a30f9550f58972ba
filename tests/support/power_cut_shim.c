/* power_cut_shim.c: LD_PRELOAD shim that keeps, beside a data folder, the image a power
 * cut would leave of it: only what was synced.
 *
 * A SIGKILL leaves what the process wrote in the kernel's cache, which reaches the disk:
 * it cannot show what a cut loses. Under this shim, every fsync()/fdatasync() of a file
 * under $POWER_CUT_WATCH copies the file's whole content, as it is when the sync returns,
 * into the same place under $POWER_CUT_IMAGE (through a temporary name: a kill during the
 * copy leaves the previous image, as a sync not yet returned would). The image starts as
 * a copy of the folder made by the test. Names follow POSIX: a file created (or renamed)
 * since is only there after a cut once its folder has been fsynced; until then its path,
 * relative to the folder, is listed in $POWER_CUT_IMAGE.pending, which the test applies
 * at the cut (removing those). An fsync of a folder also gives an empty file in the image
 * for each new name whose content was never synced.
 *
 * The model: the synced state exactly, nothing written after the last sync (a real disk
 * may keep some of it, in any order: SQLite and the recordings must not depend on that
 * either way). SQLite's -shm index is never synced, so it is never in the image (SQLite
 * rebuilds it from the WAL).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_PENDING 256
#define MAX_READERS 256

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char pending[MAX_PENDING][PATH_MAX]; /* relative paths whose name is not durable yet */
static int n_pending;
/* One read descriptor per synced file, kept open: closing one of the database would drop
 * the process's POSIX locks on it (SQLite's "How to corrupt", 2.2). */
struct reader {
	dev_t dev;
	ino_t ino;
	int fd;
};
static struct reader readers[MAX_READERS];
static int n_readers;

/* The path of p relative to the watched folder ("" for the folder), or NULL outside it. */
static const char *relative(const char *p)
{
	const char *watch = getenv("POWER_CUT_WATCH");
	size_t n = watch ? strlen(watch) : 0;
	if (!n || strncmp(p, watch, n) != 0 || (p[n] != '/' && p[n] != '\0'))
		return NULL;
	return p[n] == '/' ? p + n + 1 : p + n;
}

static int real_rename(const char *from, const char *to)
{
	static int (*real)(const char *, const char *);
	if (!real)
		real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
	return real(from, to);
}

static void image_path(const char *rel, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", getenv("POWER_CUT_IMAGE"), rel);
}

static void save_pending(void)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	snprintf(path, sizeof path, "%s.pending", getenv("POWER_CUT_IMAGE"));
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	for (int i = 0; f && i < n_pending; i++)
		fprintf(f, "%s\n", pending[i]);
	if (f && fclose(f) == 0)
		real_rename(tmp, path);
}

static void add_pending(const char *rel)
{
	for (int i = 0; i < n_pending; i++)
		if (strcmp(pending[i], rel) == 0)
			return;
	if (n_pending < MAX_PENDING)
		snprintf(pending[n_pending++], PATH_MAX, "%s", rel);
	save_pending();
}

static int reader_for(int fd, const struct stat *sb)
{
	for (int i = 0; i < n_readers; i++)
		if (readers[i].dev == sb->st_dev && readers[i].ino == sb->st_ino)
			return readers[i].fd;
	char self[64];
	snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
	int r = open(self, O_RDONLY | O_CLOEXEC);
	if (r >= 0 && n_readers < MAX_READERS)
		readers[n_readers++] = (struct reader){ sb->st_dev, sb->st_ino, r };
	return r;
}

/* The file's whole content into the image (a new name there is pending until its folder
 * is synced). */
static void image_file(int fd, const struct stat *sb, const char *rel)
{
	char to[PATH_MAX], tmp[PATH_MAX + 16];
	image_path(rel, to, sizeof to);
	snprintf(tmp, sizeof tmp, "%s.power-cut-tmp", to);
	int in = reader_for(fd, sb);
	int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	char buf[65536];
	off_t at = 0;
	ssize_t n;
	while (in >= 0 && out >= 0 && (n = pread(in, buf, sizeof buf, at)) > 0 && write(out, buf, (size_t)n) == n)
		at += n;
	if (out >= 0)
		close(out);
	bool existed = access(to, F_OK) == 0;
	real_rename(tmp, to);
	if (!existed)
		add_pending(rel);
}

/* A folder synced: the names in it are durable now. */
static void image_folder(const char *path, const char *rel)
{
	size_t n = strlen(rel);
	for (int i = 0; i < n_pending;) {
		const char *p = pending[i];
		const char *slash = strrchr(p, '/');
		size_t parent = slash ? (size_t)(slash - p) : 0;
		if (parent == n && strncmp(p, rel, n) == 0)
			memmove(pending[i], pending[--n_pending], PATH_MAX);
		else
			i++;
	}
	save_pending();
	DIR *d = opendir(path);
	for (struct dirent *e; d && (e = readdir(d));) {
		char real[PATH_MAX * 2], to[PATH_MAX * 2];
		struct stat sb;
		snprintf(real, sizeof real, "%s/%s", path, e->d_name);
		snprintf(to, sizeof to, "%s/%s%s%s", getenv("POWER_CUT_IMAGE"), rel, n ? "/" : "", e->d_name);
		if (e->d_name[0] != '.' && stat(real, &sb) == 0 && S_ISREG(sb.st_mode) && access(to, F_OK) != 0) {
			int fd = open(to, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
			if (fd >= 0)
				close(fd);
		}
	}
	if (d)
		closedir(d);
}

static void synced(int fd)
{
	char self[64], path[PATH_MAX];
	snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(self, path, sizeof path - 1);
	if (n <= 0)
		return;
	path[n] = '\0';
	const char *rel = relative(path);
	struct stat sb;
	if (!rel || fstat(fd, &sb) != 0)
		return;
	pthread_mutex_lock(&lock);
	if (S_ISDIR(sb.st_mode))
		image_folder(path, rel);
	else if (S_ISREG(sb.st_mode))
		image_file(fd, &sb, rel);
	pthread_mutex_unlock(&lock);
}

int fsync(int fd)
{
	static int (*real)(int);
	if (!real)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	int rc = real(fd);
	if (rc == 0)
		synced(fd);
	return rc;
}

int fdatasync(int fd)
{
	static int (*real)(int);
	if (!real)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
	int rc = real(fd);
	if (rc == 0)
		synced(fd);
	return rc;
}

/* A rename moves the synced content in the image too; the new name is pending until its
 * folder is synced. */
int rename(const char *from, const char *to)
{
	char from_abs[PATH_MAX], to_dir[PATH_MAX], to_abs[PATH_MAX * 2];
	const char *base = strrchr(to, '/');
	snprintf(to_dir, sizeof to_dir, "%.*s", base ? (int)(base - to) : 1, base ? to : ".");
	bool known = realpath(from, from_abs) && realpath(to_dir, to_abs);
	int rc = real_rename(from, to);
	if (rc != 0 || !known)
		return rc;
	size_t n = strlen(to_abs);
	snprintf(to_abs + n, sizeof to_abs - n, "/%s", base ? base + 1 : to);
	const char *rel_from = relative(from_abs), *rel_to = relative(to_abs);
	if (rel_from && rel_to) {
		char a[PATH_MAX], b[PATH_MAX];
		image_path(rel_from, a, sizeof a);
		image_path(rel_to, b, sizeof b);
		pthread_mutex_lock(&lock);
		if (real_rename(a, b) == 0)
			add_pending(rel_to);
		pthread_mutex_unlock(&lock);
	}
	return rc;
}
