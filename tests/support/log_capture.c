#include "log_capture.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* written through cap_fd (stderr while capturing), read through read_fd: a second opening
 * of the file with its own offset; saved_fd is the real stderr */
static int cap_fd = -1, read_fd = -1, saved_fd = -1;

void log_capture_open(void)
{
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/log_capture-XXXXXX", tmp ? tmp : "/tmp");
	cap_fd = mkstemp(path);
	read_fd = cap_fd >= 0 ? open(path, O_RDONLY) : -1;
	saved_fd = dup(STDERR_FILENO);
	if (cap_fd < 0 || read_fd < 0 || saved_fd < 0) {
		perror("capturing stderr");
		exit(1);
	}
	unlink(path);
}

void log_capture_begin(void)
{
	fflush(stderr);
	dup2(cap_fd, STDERR_FILENO);
}

size_t log_capture_end(char *buf, size_t len)
{
	fflush(stderr);
	dup2(saved_fd, STDERR_FILENO);
	ssize_t n = read(read_fd, buf, len - 1);
	buf[n > 0 ? n : 0] = '\0';
	return n > 0 ? (size_t)n : 0;
}

int log_capture_fd(void)
{
	return cap_fd;
}
