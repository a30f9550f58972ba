/* plot_screen.c: a graph of the physio's review on the screen, drawn by the report's own
 * cairo code (plot.h): cairo draws into an image surface whose pixels become an SDL
 * texture, so the screen and the paper never disagree. Drawing a graph takes cairo some
 * 30 ms at 800x480 and 150-200 ms at 1920x1080 (bench_screens, on a busy x86 core): the
 * texture is kept (ui->plot_card) and drawn again only when the graph's data or size
 * change; a frame that reuses it costs about 1 ms. */
#include <cairo.h>
#include <math.h>
#include <string.h>

#include "screen_internal.h"

/* The report's text is 7 pt; on the screen it is as big as the other screens' smallest
 * (2.2 units: 22 px at 800x480, about 4 mm on the 7" display). */
#define PT_PER_UNIT (2.2 / 7.0)

/* FNV-1a over bytes, continued from h. */
static uint64_t hash(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

static uint64_t hash_text(uint64_t h, const char *s)
{
	return s ? hash(h, s, strlen(s) + 1) : hash(h, "", 1);
}

/* What the picture is drawn from: every field of the graph, the values, the size. */
static uint64_t plot_key(const struct plot_graph *g, SDL_Rect area)
{
	uint64_t h = hash(0xcbf29ce484222325ull, &area.w, sizeof area.w);
	h = hash(h, &area.h, sizeof area.h);
	h = hash_text(hash_text(hash_text(hash_text(h, g->title), g->unit), g->band_label), g->empty_text);
	double nums[4] = { g->band_lo, g->band_hi, g->y_min, g->y_max };
	h = hash(h, nums, sizeof nums);
	h = hash(h, &g->n, sizeof g->n);
	h = hash(h, g->x, g->n * sizeof *g->x);
	if (g->incomplete)
		h = hash(h, g->incomplete, g->n * sizeof *g->incomplete);
	for (int k = 0; k < g->n_series; k++) {
		const struct plot_series *s = &g->series[k];
		h = hash(hash(hash_text(h, s->label), &s->colour, sizeof s->colour), &s->bars, sizeof s->bars);
		h = hash(h, s->y, g->n * sizeof *s->y);
	}
	return h;
}

/* The graph drawn into a new texture of the area's size, or NULL. */
static SDL_Texture *render(struct ui *ui, const struct plot_graph *g, SDL_Rect area)
{
	/* CAIRO_FORMAT_RGB24 is a native-endian 32-bit xRGB word per pixel: SDL's RGB888 */
	cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, area.w, area.h);
	cairo_t *cr = cairo_create(surf);
	double scale = ui->u * PT_PER_UNIT, pad = ui_px(ui, 1);
	cairo_set_source_rgb(cr, 1, 1, 1); /* paper: the report's colours hold on white */
	cairo_paint(cr);
	plot_draw(cr, g, pad, pad, area.w - 2 * pad, area.h - 2 * pad, scale);
	cairo_destroy(cr);
	cairo_surface_flush(surf);
	SDL_Texture *tex = NULL;
	if (cairo_surface_status(surf) == CAIRO_STATUS_SUCCESS)
		tex = SDL_CreateTexture(ui->ren, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STATIC, area.w, area.h);
	if (tex && SDL_UpdateTexture(tex, NULL, cairo_image_surface_get_data(surf), cairo_image_surface_get_stride(surf))) {
		SDL_DestroyTexture(tex);
		tex = NULL;
	}
	cairo_surface_destroy(surf);
	return tex;
}

void draw_plot(struct ui *ui, const struct plot_graph *g, SDL_Rect area)
{
	if (area.w <= 0 || area.h <= 0)
		return;
	uint64_t key = plot_key(g, area);
	if (!ui->plot_card || ui->plot_key != key) {
		if (ui->plot_card)
			SDL_DestroyTexture(ui->plot_card);
		ui->plot_card = render(ui, g, area);
		ui->plot_key = key;
	}
	if (ui->plot_card)
		SDL_RenderCopy(ui->ren, ui->plot_card, NULL, &area);
	else /* out of memory: an empty card rather than a stale picture */
		ui_fill(ui, area, UI_PANEL);
}
