/* test_demo.c: `station --demo --exit-after 3 --fast --shots DIR --stats` on SDL's
 * offscreen video driver (no display): three sessions run by themselves, each in another
 * phase (slow raises, the seated hold, hops), through every screen of each and back to
 * the first, exit 0, write a numbered PNG of each new screen, named by what it shows
 * (valid PNGs of the window's size, not blank), and print their timings one a line; a
 * scenario that runs out soon after a set's last rep ends the demo; in a clinic's store,
 * the demo's sessions are the DEMO patient's.
 * Usage: test_demo STATION */
#include <limits.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "capture.h"
#include "check.h"

/* Distinct colours in a PNG (up to 64), or -1 when it is not a readable PNG of w x h. */
static int png_colours(const char *path, unsigned w, unsigned h)
{
	png_image img = { .version = PNG_IMAGE_VERSION };
	if (!png_image_begin_read_from_file(&img, path))
		return -1;
	img.format = PNG_FORMAT_RGB;
	unsigned char *px = malloc(PNG_IMAGE_SIZE(img));
	bool ok = px && img.width == w && img.height == h && png_image_finish_read(&img, NULL, px, 0, NULL);
	if (!ok) {
		png_image_free(&img);
		free(px);
		return -1;
	}
	unsigned colours[64];
	int n = 0;
	for (size_t i = 0; i < (size_t)w * h && n < 64; i++) {
		unsigned c = (unsigned)px[3 * i] << 16 | (unsigned)px[3 * i + 1] << 8 | px[3 * i + 2];
		int k = 0;
		while (k < n && colours[k] != c)
			k++;
		if (k == n)
			colours[n++] = c;
	}
	free(px);
	return n;
}

/* Runs cmd, its output into out (len); its wait status. */
static int run(const char *cmd, char *out, size_t len)
{
	FILE *p = popen(cmd, "r");
	REQUIRE(p, "run %s", cmd);
	size_t n = fread(out, 1, len - 1, p);
	out[n] = '\0';
	return pclose(p);
}

int main(int argc, char **argv)
{
	REQUIRE(argc == 2, "usage: test_demo STATION");
	char *shots = temp_path("demo-shots"), cmd[PATH_MAX * 2 + 200], out[8192] = "";
	snprintf(cmd, sizeof cmd,
		 "SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy STATION_RENDERER=software '%s' --demo --exit-after 3 "
		 "--fast --windowed --shots '%s' --stats",
		 argv[1], shots);
	int status = run(cmd, out, sizeof out);
	printf("%s", out);
	REQUIRE(WIFEXITED(status) && WEXITSTATUS(status) == 0, "station --demo exits 0 after 3 sessions: %d", status);

	/* the first session, screen by screen, in order, each exercise screen again once it
	 * shows its first verdict (the first question offers the VISA-A, which the demo
	 * patient, never scored, is offered every time); then the next two sessions' own
	 * exercise screens, to the first screen after the third */
	static const char *const expected[] = {
		"choose-patient", "question-visa-a-questionnaire-now", "question-did-you-feel-a-pop-in",
		"question-can-you-feel-a-dip-or", "question-are-you-unable-to-rise-on", "pain-how-much-pain-do-you-have",
		"step-on", "raises-set-1", "raises-set-1-judged", "summary-set-1-of-2-done",
		"pain-how-much-pain-did-you-have", "rest", "raises-set-2", "raises-set-2-judged", "summary-set-2-of-2-done",
		"pain-how-much-pain-did-you-have", "summary-session-done", "summary-next-time", "choose-patient",
	};
	static const char *const later[] = { "hold-1", "hold-1-released", "summary-hold-5-of-5-done", "hops",
					     "hops-landed", "summary-session-done", "choose-patient" };
	size_t n_expected = sizeof expected / sizeof expected[0], n_later = sizeof later / sizeof later[0];
	int number = 0;
	for (size_t i = 0; i < n_expected + n_later; i++) {
		bool first = i < n_expected;
		const char *name = first ? expected[i] : later[i - n_expected];
		char path[PATH_MAX + 64];
		FILE *f = NULL;
		do { /* after the first session: the next shot of that name */
			snprintf(path, sizeof path, "%s/%03d-%s.png", shots, ++number, name);
		} while (!first && number < 400 && !(f = fopen(path, "r")));
		if (f)
			fclose(f);
		int colours = png_colours(path, 1024, 600);
		CHECK(colours >= 0, "%s: a PNG of 1024x600", path);
		CHECK(colours > 4, "%s: not blank (%d colours)", path, colours);
	}
	char past[PATH_MAX + 64];
	snprintf(past, sizeof past, "%s/%03d-choose-patient.png", shots, number);
	CHECK(fopen(past, "r") != NULL, "the third session ends on the first screen");
	snprintf(past, sizeof past, "%s/%03d-question-visa-a-questionnaire-now.png", shots, number + 1);
	CHECK(fopen(past, "r") == NULL, "no screen after the third session's end (exit after 3)");

	static const char *const lines[] = { "\nsessions 3\n", "\nframe p50 ", "\nframe p99 ", "\nframe max ",
					     "\nlongest stall ", "renderer software\n",
					     /* the session's writes are the store writer's (store_writer.h) */
					     "\nstore commits on the screen's thread 0\n" };
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		CHECK(strstr(out, lines[i]), "--stats prints '%s'", lines[i]);
	double p99;
	const char *at = strstr(out, "frame p99 ");
	CHECK(at && sscanf(at, "frame p99 %lf ms", &p99) == 1 && p99 > 0, "frame p99 in ms: %s", at ? at : "");
	free(shots);

	/* a red flag in the first session refuses the next ones that day: each refusal counts
	 * as a session, so --exit-after ends the demo (it looped for ever, a screenshot of
	 * each screen filling the disk) */
	char *pop = temp_file_with("pop.sim", "name pop\nanswer pop yes\nempty 2\nstep-on 1\nstand 30\n");
	shots = temp_path("demo-refused");
	snprintf(cmd, sizeof cmd,
		 "SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy STATION_RENDERER=software timeout 60 '%s' --demo "
		 "--plate 'sim:%s' --exit-after 3 --fast --windowed --shots '%s' --stats",
		 argv[1], pop, shots);
	status = run(cmd, out, sizeof out);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0 && strstr(out, "\nsessions 3\n"),
	      "refused sessions: the demo exits after 3 (status %d)", status);
	static const char *const refused[] = { "summary-get-it-checked-today", "summary-no-exercise-today",
					       "summary-no-exercise-today" };
	for (size_t i = 0, shot = 4; i < 3; i++, shot += 2) {
		char path[PATH_MAX + 64];
		snprintf(path, sizeof path, "%s/%03zu-%s.png", shots, shot, refused[i]);
		CHECK(png_colours(path, 1024, 600) > 4, "%s", path);
	}
	free(shots);
	free(pop);

	/* a scenario that ends 1.6 s after its last rep, the plates still loaded: the set ends
	 * when the plate's time runs out (--fast waited for ever on the set's last screen, its
	 * 2 s in plate time) */
	char *short_end = temp_file_with("short.sim", "name short\nnoise 0.5\nempty 2\nstep-on 1\nstand 3 until-set=1\n"
						      "raise count=5 rise=1 hold=1 lower=4 height=50 rest=2 beat=8\nstand 1.6\n");
	snprintf(cmd, sizeof cmd,
		 "SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy STATION_RENDERER=software timeout 60 '%s' --demo "
		 "--plate 'sim:%s' --exit-after 1 --fast --windowed --stats",
		 argv[1], short_end);
	status = run(cmd, out, sizeof out);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0 && strstr(out, "\nsessions 1\n"),
	      "a scenario ending soon after its last rep: the demo ends (status %d)", status);
	free(short_end);

	/* a clinic's store: the demo picks its own patient, on the next page of eight, never
	 * the one outlined (the patient with the newest session), whose history took the
	 * demo's sessions */
	char *clinic = temp_path("demo-clinic");
	snprintf(cmd, sizeof cmd,
		 "for i in 1 2 3 4 5 6 7 8; do '%s' patients add A$i --name \"Ann $i\" --data-dir '%s' || exit 1; done && "
		 "'%s' session --headless --patient A1 --fast --data-dir '%s' && SDL_VIDEODRIVER=offscreen "
		 "SDL_AUDIODRIVER=dummy STATION_RENDERER=software timeout 60 '%s' --demo --exit-after 1 --fast --windowed "
		 "--data-dir '%s' && '%s' history A1 --data-dir '%s' && '%s' history DEMO --data-dir '%s'",
		 argv[1], clinic, argv[1], clinic, argv[1], clinic, argv[1], clinic, argv[1], clinic);
	status = run(cmd, out, sizeof out);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a demo in a clinic's store (status %d): %s", status, out);
	CHECK(strstr(out, "A1 Ann 1, involved side both, phase 1, 1 session\n"), "A1 kept its one session: %s", out);
	CHECK(strstr(out, "DEMO Demo, involved side both, phase 1, 1 session\n"), "the demo's session is DEMO's: %s", out);
	free(clinic);
	return check_summary();
}
