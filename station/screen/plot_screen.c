/* plot_screen.c: a graph of the physio's review on the screen, drawn by the report's own
 * cairo code (plot.h): cairo draws into an image surface whose pixels become an SDL
 * texture, so the screen and the paper never disagree. */
#include <cairo.h>

#include "screen_internal.h"

/* The report's text is 7 pt; on the screen it is as big as the other screens' smallest
 * (2.2 units: 22 px at 800x480, about 4 mm on the 7" display). */
#define PT_PER_UNIT (2.2 / 7.0)

void draw_plot(struct ui *ui, const struct plot_graph *g, SDL_Rect area)
{
	if (area.w <= 0 || area.h <= 0)
		return;
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
		tex = SDL_CreateTexture(ui->ren, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING, area.w, area.h);
	if (tex && SDL_UpdateTexture(tex, NULL, cairo_image_surface_get_data(surf),
				     cairo_image_surface_get_stride(surf)) == 0)
		SDL_RenderCopy(ui->ren, tex, NULL, &area);
	else /* out of memory: an empty card rather than a stale picture */
		ui_fill(ui, area, UI_PANEL);
	if (tex)
		SDL_DestroyTexture(tex);
	cairo_surface_destroy(surf);
}
