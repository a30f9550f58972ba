/* renderer.h: which SDL renderer draws the window: the accelerated one where there is
 * one (OpenGL ES 2 under KMS/DRM on a Raspberry Pi, OpenGL on a desktop), else SDL's
 * software renderer. STATION_RENDERER=software skips the accelerated one (a GPU driver
 * that draws wrong, or to measure the software path). */
#ifndef STATION_SCREEN_RENDERER_H
#define STATION_SCREEN_RENDERER_H

#include <SDL.h>
#include <stdbool.h>

/* force: "software", or NULL / "" / "auto" for the accelerated one first. The renderer,
 * or NULL with SDL_GetError() when neither can be made; *fell_back says the accelerated
 * one was asked for and could not be made. */
SDL_Renderer *renderer_create(SDL_Window *win, bool vsync, const char *force, bool *fell_back);

#endif
