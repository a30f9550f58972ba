/* close_lock_check.c: LD_PRELOAD shim that aborts the process when it close()s a
 * descriptor of a file on which the process holds POSIX (fcntl) locks.
 *
 * On Linux a close() of any descriptor of a file drops every POSIX lock the process holds
 * on that file, including those of an SQLite connection that is still open; another
 * process may then delete its write-ahead log (SQLite's "How to corrupt", 2.2). SQLite
 * itself never does that (it keeps such a descriptor until its last connection closes),
 * so any hit is a bug of ours. The locks are read from /proc/locks (pid and inode).
 * Only database files (*.db) are watched: SQLite closes its -shm index with its lock
 * still held when the process's last connection goes, which is harmless.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* Whether /proc/locks lists a POSIX lock of this process on dev:ino. */
static int locked_by_us(dev_t dev, ino_t ino)
{
	FILE *f = fopen("/proc/locks", "re");
	if (!f)
		return 0;
	char line[256];
	int found = 0;
	long pid = getpid();
	while (!found && fgets(line, sizeof line, f)) {
		/* "1: POSIX  ADVISORY  READ 1234 fd:01:5678 1073741826 1073741826" */
		char kind[16];
		long lock_pid;
		unsigned maj, min;
		unsigned long long lock_ino;
		const char *p = strchr(line, ':');
		if (p && sscanf(p + 1, " %15s %*s %*s %ld %x:%x:%llu", kind, &lock_pid, &maj, &min, &lock_ino) == 5)
			found = strcmp(kind, "POSIX") == 0 && lock_pid == pid && lock_ino == (unsigned long long)ino &&
				makedev(maj, min) == dev;
	}
	fclose(f);
	return found;
}

int close(int fd)
{
	static int (*real_close)(int);
	if (!real_close)
		real_close = (int (*)(int))dlsym(RTLD_NEXT, "close");
	static _Thread_local int checking; /* fclose() of /proc/locks comes back here */
	struct stat sb;
	char link[64], path[4096];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = checking ? -1 : readlink(link, path, sizeof path - 1);
	if (n < 4 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
		return real_close(fd);
	path[n] = '\0';
	if (strcmp(path + n - 3, ".db") != 0)
		return real_close(fd);
	checking = 1;
	int locked = locked_by_us(sb.st_dev, sb.st_ino);
	checking = 0;
	if (locked) {
		fprintf(stderr, "close_lock_check: close(%d) of %s while this process holds POSIX locks on it: "
				"the locks of every connection to it are dropped\n",
			fd, path);
		abort();
	}
	return real_close(fd);
}
