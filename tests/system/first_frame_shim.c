/* first_frame_shim.c: LD_PRELOAD shim for tests/cold_start.sh. Prints the wall-clock time
 * (CLOCK_REALTIME, seconds) of the program's first SDL_RenderPresent on stderr, once. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <time.h>

void SDL_RenderPresent(void *renderer);

void SDL_RenderPresent(void *renderer)
{
	static void (*real)(void *);
	static int told;
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "SDL_RenderPresent");
	real(renderer);
	if (!told) {
		struct timespec t;
		clock_gettime(CLOCK_REALTIME, &t);
		fprintf(stderr, "first-present %lld.%09ld\n", (long long)t.tv_sec, t.tv_nsec);
		told = 1;
	}
}
