/* test_text_fonts.c: Chinese, Japanese and Korean names are drawn in their characters on
 * the screen (the fallback font), not as the boxes DejaVu Sans draws for what it lacks:
 * every missing character gets the same box, so two orders of one name would be drawn
 * alike. Latin text keeps DejaVu Sans. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "status.h"
#include "ui.h"

/* A checksum of the pixels of s drawn alone, and its drawn width. */
static uint64_t drawn(struct ui *ui, const char *s, int *w)
{
	ui_begin(ui);
	SDL_Rect r = ui_text(ui, s, UI_REGULAR, 40, UI_FG, 10, 10, UI_ALIGN_LEFT, 0);
	*w = r.w;
	SDL_Surface *surf = ui->surface;
	uint64_t h = 1469598103934665603ull;
	const unsigned char *px = surf->pixels;
	for (size_t i = 0; i < (size_t)surf->pitch * (size_t)surf->h; i++)
		h = (h ^ px[i]) * 1099511628211ull;
	return h;
}

int main(void)
{
	struct ui *ui;
	REQUIRE(ui_open_offscreen(600, 80, &ui) == ST_OK, "%s", st_errmsg());
	int w1, w2;
	uint64_t a = drawn(ui, "李小龍", &w1), b = drawn(ui, "龍小李", &w2);
	CHECK(w1 > 60 && a != b, "a Chinese name in its characters (install fonts-wqy-microhei): %d px, %s", w1,
	      a != b ? "two orders differ" : "boxes");
	a = drawn(ui, "김민준", &w1);
	b = drawn(ui, "준민김", &w2);
	CHECK(a != b, "a Korean name in its characters");
	a = drawn(ui, "Zoë O'Neill", &w1);
	b = drawn(ui, "O'Neill Zoë", &w2);
	CHECK(a != b && w1 > 100, "Latin with an accent drawn (%d px)", w1);
	ui_close(ui);
	return check_summary();
}
