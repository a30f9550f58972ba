/* test_pin.c: the physio PIN holds: an empty, damaged or unreadable PIN file opens nothing
 * (it used to mean 1234), wrong PINs wait 1 s doubling after 3 failures up to
 * PIN_DELAY_MAX_S, the count survives a restart (it is a file) and a power cut (counted
 * before the check), a try during the wait is not checked, the right PIN clears the count;
 * and trying all 10,000 four-digit PINs takes days. Files are 0600 whatever the umask. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture.h"
#include "check.h"
#include "pin.h"
#include "status.h"

static void write_text(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	CHECK(f && fputs(text, f) >= 0 && fclose(f) == 0, "writing %s", path);
}

static void damaged_files(const char *dir)
{
	double wait;
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/" PIN_FILE, dir);
	CHECK(pin_state(dir) == PIN_NONE, "no file: no PIN yet");
	CHECK(pin_try(dir, "1234", 1000, &wait) == PIN_UNUSABLE, "no file: 1234 does not open");
	static const char *const damaged[] = { "", "\n", "1234\n", "not a hash\n" };
	for (size_t i = 0; i < sizeof damaged / sizeof *damaged; i++) {
		write_text(dir, PIN_FILE, damaged[i]);
		CHECK(pin_state(dir) == PIN_DAMAGED, "PIN file '%s' is damaged", damaged[i]);
		CHECK(pin_try(dir, "1234", 1000, &wait) == PIN_UNUSABLE && strstr(st_errmsg(), "damaged") &&
			      strstr(st_errmsg(), "station pin set"),
		      "PIN file '%s': 1234 does not open: %s", damaged[i], st_errmsg());
	}
	/* unreadable: a folder where the file should be (root reads any file whatever its mode) */
	unlink(path);
	CHECK(mkdir(path, 0700) == 0, "folder as the PIN file");
	CHECK(pin_state(dir) == PIN_DAMAGED && pin_try(dir, "1234", 1000, &wait) == PIN_UNUSABLE,
	      "an unreadable PIN file opens nothing");
	rmdir(path);
	CHECK(mkfifo(path, 0600) == 0, "FIFO as the PIN file");
	CHECK(pin_state(dir) == PIN_DAMAGED && pin_try(dir, "1234", 1000, &wait) == PIN_UNUSABLE,
	      "a FIFO as the PIN file opens nothing and does not hang");
	unlink(path);
}

static void back_off(const char *dir)
{
	double wait;
	CHECK(pin_set(dir, "2580") == ST_OK, "%s", st_errmsg());
	time_t t = 1000000;
	for (int i = 1; i <= PIN_FREE_TRIES - 1; i++) {
		CHECK(pin_try(dir, "0000", t, &wait) == PIN_WRONG && wait == 0, "failure %d: no wait (%g s)", i, wait);
	}
	CHECK(pin_try(dir, "0000", t, &wait) == PIN_WRONG && wait == 1, "failure 3: wait 1 s, is %g", wait);
	CHECK(pin_try(dir, "2580", t, &wait) == PIN_WAIT && wait == 1, "the right PIN during the wait: not checked");
	CHECK(pin_wait_s(dir, t) == 1, "a restart reads the wait back: %g s", pin_wait_s(dir, t));
	CHECK(pin_try(dir, "0000", t + 1, &wait) == PIN_WRONG && wait == 2, "failure 4: wait 2 s, is %g", wait);
	CHECK(pin_try(dir, "0000", t + 2, &wait) == PIN_WAIT && wait == 1, "1 s later: 1 s left, is %g", wait);
	CHECK(pin_try(dir, "0000", t + 3, &wait) == PIN_WRONG && wait == 4, "failure 5: wait 4 s, is %g", wait);
	CHECK(pin_wait_s(dir, t - 100) == 4, "a clock set back does not end the wait: %g", pin_wait_s(dir, t - 100));
	CHECK(pin_try(dir, "2580", t + 7, &wait) == PIN_OK, "the right PIN after the wait opens");
	CHECK(pin_wait_s(dir, t + 7) == 0, "and clears the count");
	CHECK(pin_try(dir, "0000", t + 7, &wait) == PIN_WRONG && wait == 0, "a new run of failures starts free");
	/* a damaged count is a long wait, not a reset */
	write_text(dir, PIN_TRIES_FILE, "garbage");
	CHECK(pin_wait_s(dir, time(NULL)) > 60, "damaged count: wait %g s", pin_wait_s(dir, time(NULL)));
	CHECK(pin_set(dir, "2580") == ST_OK && pin_wait_s(dir, time(NULL)) == 0, "setting the PIN clears it");
}

static void schedule(void)
{
	CHECK(pin_delay_s(0) == 0 && pin_delay_s(2) == 0 && pin_delay_s(3) == 1 && pin_delay_s(4) == 2 &&
		      pin_delay_s(12) == 512 && pin_delay_s(13) == PIN_DELAY_MAX_S && pin_delay_s(4000000000u) == PIN_DELAY_MAX_S,
	      "1 s doubling after 3 failures, at most %d s", PIN_DELAY_MAX_S);
	double s = pin_exhaust_s(4);
	printf("trying all 10,000 four-digit PINs takes at least %.0f s = %.1f days\n", s, s / 86400);
	CHECK(s > 60 * 86400, "all four-digit PINs take %.1f days", s / 86400);
}

static void modes(const char *dir)
{
	mode_t old = umask(0);
	CHECK(pin_set(dir, "97531") == ST_OK, "%s", st_errmsg());
	double wait;
	pin_try(dir, "0000", time(NULL), &wait);
	umask(old);
	static const char *const files[] = { PIN_FILE, PIN_TRIES_FILE };
	for (int i = 0; i < 2; i++) {
		char path[PATH_MAX];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "%s is 0600 under umask 000: %o", files[i],
		      (unsigned)(st.st_mode & 0777));
	}
}

int main(void)
{
	char *dir = temp_path("pin");
	remove_tree(dir);
	if (mkdir(dir, 0700) != 0) {
		perror(dir);
		return 1;
	}
	damaged_files(dir);
	back_off(dir);
	schedule();
	modes(dir);
	remove_tree(dir);
	free(dir);
	return check_summary();
}
