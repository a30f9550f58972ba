/* test_safe_file.c: files replaced whole (safe_file.h): 0600 whatever the umask, a symlink
 * at the target replaced and its target untouched, an old 0644 file replaced by a 0600 one,
 * an aborted write leaving the old file and no temporary, a device (even through a
 * symlink) or a folder refused rather than replaced; the same file through a symlink
 * or a hard link recognised as the input; a killed writer's temporary removed by the next
 * write. And st_fail() quoting the message it replaces
 * (a failed schema migration's message came out garbled). */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "capture.h"
#include "check.h"
#include "safe_file.h"
#include "status.h"

static char dir[PATH_MAX];

static const char *in_dir(const char *name)
{
	static char path[4][PATH_MAX + 64];
	static int turn;
	char *p = path[turn++ % 4];
	snprintf(p, sizeof path[0], "%s/%s", dir, name);
	return p;
}

static unsigned mode_of(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 ? (unsigned)(st.st_mode & 07777) : 0;
}

static bool holds(const char *path, const char *text)
{
	char buf[256] = "";
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
	if (f)
		fclose(f);
	buf[n] = '\0';
	return strcmp(buf, text) == 0;
}

static int entries(void)
{
	DIR *d = opendir(dir);
	int n = 0;
	for (struct dirent *e; d && (e = readdir(d));)
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

static void test_replace(void)
{
	mode_t old = umask(0);
	CHECK(safe_file_write(in_dir("a"), "one\n", 4) == ST_OK && holds(in_dir("a"), "one\n"), "%s", st_errmsg());
	CHECK(mode_of(in_dir("a")) == 0600, "new file 0600 under umask 000: %o", mode_of(in_dir("a")));

	FILE *f = fopen(in_dir("wide"), "w");
	fputs("old\n", f);
	fclose(f);
	chmod(in_dir("wide"), 0644);
	CHECK(safe_file_write(in_dir("wide"), "new\n", 4) == ST_OK && holds(in_dir("wide"), "new\n") &&
		      mode_of(in_dir("wide")) == 0600,
	      "an old 0644 file becomes 0600: %o", mode_of(in_dir("wide")));

	f = fopen(in_dir("victim"), "w");
	fputs("keep\n", f);
	fclose(f);
	chmod(in_dir("victim"), 0644);
	CHECK(symlink("victim", in_dir("link")) == 0, "symlink");
	CHECK(safe_file_write(in_dir("link"), "new\n", 4) == ST_OK, "%s", st_errmsg());
	CHECK(holds(in_dir("victim"), "keep\n") && mode_of(in_dir("victim")) == 0644,
	      "the symlink's target is untouched");
	struct stat st;
	CHECK(holds(in_dir("link"), "new\n") && lstat(in_dir("link"), &st) == 0 && S_ISREG(st.st_mode) &&
		      mode_of(in_dir("link")) == 0600, "the symlink is replaced by a 0600 file");
	umask(old);

	struct safe_file sf;
	int before = entries();
	CHECK(safe_file_begin(in_dir("a"), &sf) == ST_OK && write(sf.fd, "two\n", 4) == 4, "%s", st_errmsg());
	safe_file_abort(&sf);
	CHECK(holds(in_dir("a"), "one\n") && entries() == before, "an aborted write leaves the old file, no temporary");
	struct stat null_before, null_after;
	CHECK(stat("/dev/null", &null_before) == 0 && safe_file_write("/dev/null", "x", 1) == ST_ERR_ARG &&
		      strstr(st_errmsg(), "not a regular file") && lstat("/dev/null", &null_after) == 0 &&
		      S_ISCHR(null_after.st_mode) && null_after.st_rdev == null_before.st_rdev,
	      "a device is refused, not replaced: %s", st_errmsg());
	CHECK(symlink("/dev/null", in_dir("to-device")) == 0 && safe_file_write(in_dir("to-device"), "x", 1) == ST_ERR_ARG,
	      "a symlink to a device is refused");
	CHECK(safe_file_write(dir, "x", 1) == ST_ERR_ARG, "a folder is refused");
	CHECK(safe_file_write("/nonexistent-folder/x", "x", 1) == ST_ERR_IO &&
		      strstr(st_errmsg(), "/nonexistent-folder/x: cannot create it"),
	      "no folder: %s", st_errmsg());
}

static void test_distinct(void)
{
	CHECK(link(in_dir("a"), in_dir("hard")) == 0 && symlink("a", in_dir("soft")) == 0, "links");
	CHECK(safe_file_distinct(in_dir("a"), in_dir("a")) == ST_ERR_ARG && strstr(st_errmsg(), "is the input file"),
	      "same name: %s", st_errmsg());
	CHECK(safe_file_distinct(in_dir("soft"), in_dir("a")) == ST_ERR_ARG, "through a symlink");
	CHECK(safe_file_distinct(in_dir("a"), in_dir("hard")) == ST_ERR_ARG, "through a hard link");
	CHECK(safe_file_distinct(in_dir("a"), in_dir("wide")) == ST_OK, "another file");
	CHECK(safe_file_distinct(in_dir("a"), in_dir("not-yet")) == ST_OK, "an output not there yet");
}

/* Reading only regular files: a FIFO planted as a calibration, a programme or the PIN
 * would hang its reader, a link to /dev/zero feed it forever. */
static void test_open_regular(void)
{
	FILE *f = NULL;
	CHECK(safe_file_write(in_dir("plain"), "x\n", 2) == ST_OK && st_fopen_regular(in_dir("plain"), &f) == ST_OK &&
		      fgetc(f) == 'x',
	      "a regular file reads: %s", st_errmsg());
	if (f)
		fclose(f);
	CHECK(symlink("plain", in_dir("to-plain")) == 0 && st_fopen_regular(in_dir("to-plain"), &f) == ST_OK,
	      "a link to a regular file reads");
	if (f)
		fclose(f);
	CHECK(mkfifo(in_dir("fifo"), 0600) == 0, "mkfifo");
	CHECK(st_fopen_regular(in_dir("fifo"), &f) == ST_ERR_DATA && !f && strstr(st_errmsg(), "fifo: not a regular file"),
	      "a FIFO is refused at once, not waited on: %s", st_errmsg());
	CHECK(symlink("/dev/zero", in_dir("zero")) == 0 && st_fopen_regular(in_dir("zero"), &f) == ST_ERR_DATA,
	      "a link to a device is refused");
	CHECK(st_fopen_regular(dir, &f) == ST_ERR_DATA, "a folder is refused");
	CHECK(st_fopen_regular(in_dir("missing"), &f) == ST_ERR_NOT_FOUND && strstr(st_errmsg(), "missing"),
	      "a missing file is named: %s", st_errmsg());
}

static void test_nested_message(void)
{
	st_fail(ST_ERR_DATA, "no such table: patients");
	st_fail(ST_ERR_DATA, "station.db: migrating the schema to version 3: %s", st_errmsg());
	CHECK(strcmp(st_errmsg(), "station.db: migrating the schema to version 3: no such table: patients") == 0,
	      "a message quoting the one it replaces: '%s'", st_errmsg());
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* A writer killed mid-write left its full-size temporary beside the target (a stranger's
 * kills left 15 of up to 62 MB): the next write of that target removes it, but not the
 * temporary of a writer still running, nor another target's. */
static void test_stale_temporaries(void)
{
	pid_t gone = fork();
	if (gone == 0)
		_exit(0);
	waitpid(gone, NULL, 0);
	char stale[64], live[64], other[64];
	snprintf(stale, sizeof stale, "out.csv.tmp-%ld-0", (long)gone);
	snprintf(live, sizeof live, "out.csv.tmp-%ld-0", (long)getppid());
	snprintf(other, sizeof other, "other.csv.tmp-%ld-0", (long)gone);
	write_text(in_dir(stale), "half");
	write_text(in_dir(live), "half");
	write_text(in_dir(other), "half");
	struct safe_file sf;
	FILE *f;
	REQUIRE(safe_file_open_stream(in_dir("out.csv"), &sf, &f) == ST_OK, "open: %s", st_errmsg());
	fputs("whole", f);
	CHECK(safe_file_close_stream(&sf, f, ST_OK) == ST_OK, "commit: %s", st_errmsg());
	CHECK(access(in_dir(stale), F_OK) != 0 && access(in_dir(live), F_OK) == 0 && access(in_dir(other), F_OK) == 0,
	      "the killed writer's temporary removed, the live one's and another target's kept");
	unlink(in_dir(live));
	unlink(in_dir(other));
	unlink(in_dir("out.csv"));
}

int main(void)
{
	char *d = temp_path("safe-file");
	snprintf(dir, sizeof dir, "%s", d);
	free(d);
	remove_tree(dir);
	if (mkdir(dir, 0700) != 0) {
		perror(dir);
		return 1;
	}
	test_replace();
	test_distinct();
	test_open_regular();
	test_nested_message();
	test_stale_temporaries();
	remove_tree(dir);
	return check_summary();
}
