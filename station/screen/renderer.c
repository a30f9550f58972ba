/* renderer.c: the accelerated renderer, falling back to software. */
#include "renderer.h"

#include <string.h>

#define LOG_PREFIX "screen"
#include "log.h"

SDL_Renderer *renderer_create(SDL_Window *win, bool vsync, const char *force, bool *fell_back)
{
	*fell_back = false;
	bool software = force && strcmp(force, "software") == 0;
	if (force && *force && !software && strcmp(force, "auto") != 0)
		log_warning("STATION_RENDERER=%s: not 'software' or 'auto'; trying the accelerated renderer", force);
	Uint32 vsync_flag = vsync ? SDL_RENDERER_PRESENTVSYNC : 0;
	SDL_Renderer *ren = NULL;
	if (!software) {
		ren = SDL_CreateRenderer(win, -1, SDL_RENDERER_ACCELERATED | vsync_flag);
		if (!ren) {
			log_info("no accelerated renderer (%s): drawing in software", SDL_GetError());
			*fell_back = true;
		}
	}
	if (!ren) {
		/* software all the way: the window's pixels not handed to the GPU through a GL
		 * texture (llvmpipe's, where GL is itself software), except under KMS/DRM, which
		 * has no other way to show them */
		const char *video = SDL_GetCurrentVideoDriver();
		if (software && video && SDL_strcasecmp(video, "KMSDRM") != 0)
			SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
		ren = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
		if (ren && vsync)
			SDL_RenderSetVSync(ren, 1); /* where the window's surface can wait for it */
	}
	SDL_RendererInfo info;
	if (ren && SDL_GetRendererInfo(ren, &info) == 0)
		log_info("renderer %s%s", info.name, info.flags & SDL_RENDERER_ACCELERATED ? " (accelerated)" : "");
	return ren;
}
