/* grid: an in-memory canvas for tests and benchmarks. */
#include "buildspeak/grid.h"

#include <stdlib.h>
#include <string.h>

#include "buildspeak/alloc.h"

static void grid_blank(struct grid_cell *c, unsigned attr)
{
	c->s[0] = ' ';
	c->s[1] = '\0';
	c->attr = attr;
	c->width = 1;
}

static void grid_erase(void *ctx)
{
	struct grid *g = ctx;
	for (int i = 0; i < g->h * g->w; i++)
		grid_blank(&g->cells[i], 0);
}

static void grid_fill(void *ctx, int y, int x, int n, unsigned attr)
{
	struct grid *g = ctx;
	if (y < 0 || y >= g->h)
		return;
	for (int i = x; i < x + n && i < g->w; i++)
		if (i >= 0)
			grid_blank(&g->cells[y * g->w + i], attr);
}

static void grid_cell(void *ctx, int y, int x, const char *s, size_t len,
		      int width, unsigned attr)
{
	struct grid *g = ctx;
	g->cells_drawn++;
	/* Like a terminal, refuse what does not fit rather than wrap. */
	if (y < 0 || y >= g->h || x < 0 || width < 1 || x + width > g->w)
		return;
	struct grid_cell *c = &g->cells[y * g->w + x];
	/* Like a terminal, a wide character half overwritten is gone. */
	if (c->width == 0 && x > 0)
		grid_blank(c - 1, c[-1].attr);
	if (c[width - 1].width == 2 && x + width < g->w)
		grid_blank(&c[width], c[width].attr);
	/* A cluster too long for a cell is cut at a code point's start. */
	if (len >= sizeof c->s) {
		len = sizeof c->s - 1;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(c->s, s, len);
	c->s[len] = '\0';
	c->attr = attr;
	c->width = (unsigned char)width;
	if (width == 2) {
		c[1].s[0] = '\0';
		c[1].attr = attr;
		c[1].width = 0;
	}
}

static const struct canvas_ops grid_ops = {grid_erase, grid_cell, grid_fill,
					   NULL};

struct grid *grid_new(int h, int w)
{
	struct grid *g = xcalloc(1, sizeof *g);
	g->h = h;
	g->w = w;
	g->cells = xcalloc(h > 0 && w > 0 ? (size_t)h * (size_t)w : 1,
			   sizeof *g->cells);
	g->canvas = (struct canvas){h, w, &grid_ops, g};
	grid_erase(g);
	return g;
}

void grid_free(struct grid *g)
{
	if (!g)
		return;
	free(g->cells);
	free(g);
}

char *grid_row(const struct grid *g, int y)
{
	size_t cap = (size_t)g->w * 24 + 1, len = 0, keep = 0;
	char *out = xmalloc(cap);
	for (int x = 0; x < g->w; x++) {
		const struct grid_cell *c = &g->cells[y * g->w + x];
		size_t l = strlen(c->s);
		memcpy(out + len, c->s, l);
		len += l;
		if (!(l == 1 && c->s[0] == ' ') && l)
			keep = len;
	}
	out[keep] = '\0';
	return out;
}

unsigned grid_attr(const struct grid *g, int y, int x)
{
	return g->cells[y * g->w + x].attr;
}

char *grid_text(const struct grid *g)
{
	size_t cap = (size_t)(g->h > 0 ? g->h : 1) *
		     ((size_t)(g->w > 0 ? g->w : 0) * 24 + 1), len = 0;
	char *all = xmalloc(cap + 1);
	all[0] = '\0';
	for (int y = 0; y < g->h; y++) {
		char *row = grid_row(g, y);
		size_t l = strlen(row);
		if (y)
			all[len++] = '\n';
		memcpy(all + len, row, l + 1);
		len += l;
		free(row);
	}
	return all;
}
