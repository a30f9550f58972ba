/* test_renderer.c: the window's renderer is the accelerated one where there is one, and
 * SDL's software renderer where making it fails (SDL's dummy video driver has no GPU:
 * the fallback is real, not mocked) or when STATION_RENDERER=software asks for it. Each
 * draws a colour that reads back. The accelerated path needs a GL driver (SDL's offscreen
 * driver with EGL, as Mesa gives); without one that part says it is skipped. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "renderer.h"
#include "status.h"
#include "ui.h"

/* Draws a colour and reads the middle pixel back. */
static bool draws(SDL_Renderer *ren)
{
	SDL_SetRenderDrawColor(ren, 10, 200, 30, 255);
	SDL_RenderClear(ren);
	Uint8 px[4] = { 0 };
	SDL_Rect one = { 32, 32, 1, 1 };
	if (SDL_RenderReadPixels(ren, &one, SDL_PIXELFORMAT_RGBA32, px, 4) != 0)
		return false;
	return px[0] == 10 && px[1] == 200 && px[2] == 30;
}

struct made {
	bool ok, accelerated, fell_back, drew;
	char name[32];
};

static struct made make(const char *driver, const char *force)
{
	struct made m = { 0 };
	setenv("SDL_VIDEODRIVER", driver, 1); /* SDL offers its dummy driver only when named so */
	if (SDL_VideoInit(driver) != 0) {
		printf("video driver %s: %s\n", driver, SDL_GetError());
		return m;
	}
	SDL_Window *win = SDL_CreateWindow("test", 0, 0, 64, 64, 0);
	SDL_Renderer *ren = win ? renderer_create(win, false, force, &m.fell_back) : NULL;
	SDL_RendererInfo info;
	if (ren && SDL_GetRendererInfo(ren, &info) == 0) {
		m.ok = true;
		m.accelerated = info.flags & SDL_RENDERER_ACCELERATED;
		snprintf(m.name, sizeof m.name, "%s", info.name);
		m.drew = draws(ren);
	}
	if (ren)
		SDL_DestroyRenderer(ren);
	if (win)
		SDL_DestroyWindow(win);
	SDL_VideoQuit();
	return m;
}

int main(void)
{
	struct made m = make("dummy", NULL);
	REQUIRE(m.ok, "dummy driver: a renderer: %s", SDL_GetError());
	CHECK(m.fell_back && !m.accelerated && strcmp(m.name, "software") == 0,
	      "no GPU: the accelerated renderer fails and the software one draws instead (%s, fell back %d)", m.name,
	      m.fell_back);
	CHECK(m.drew, "the software renderer draws");

	m = make("offscreen", "software");
	REQUIRE(m.ok, "offscreen driver, software asked for: %s", SDL_GetError());
	CHECK(!m.fell_back && strcmp(m.name, "software") == 0, "STATION_RENDERER=software: %s", m.name);
	CHECK(m.drew, "it draws");

	m = make("offscreen", NULL);
	REQUIRE(m.ok, "offscreen driver: a renderer: %s", SDL_GetError());
	if (m.fell_back) {
		printf("no accelerated renderer on this machine (no EGL/GL): the accelerated path is skipped\n");
	} else {
		CHECK(m.accelerated, "the accelerated renderer where there is one: %s", m.name);
		CHECK(m.drew, "the accelerated renderer (%s) draws", m.name);
	}

	/* the station's window asks through the environment */
	setenv("SDL_VIDEODRIVER", "offscreen", 1);
	setenv("STATION_RENDERER", "software", 1);
	struct ui *ui;
	struct ui_options opt = { .windowed = true, .width = 800, .height = 480 };
	REQUIRE(ui_open(&opt, &ui) == ST_OK, "%s", st_errmsg());
	SDL_RendererInfo info;
	CHECK(SDL_GetRendererInfo(ui->ren, &info) == 0 && strcmp(info.name, "software") == 0,
	      "ui_open with STATION_RENDERER=software: %s", info.name);
	ui_close(ui);
	SDL_Quit();
	return check_summary();
}
