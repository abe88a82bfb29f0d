/* grid: an in-memory canvas -- the screen as rows of cells -- so tests and
 * benchmarks can draw the reader exactly as the terminal would get it and
 * read it back as text. */
#ifndef BUILDSPEAK_GRID_H
#define BUILDSPEAK_GRID_H

#include <stddef.h>

#include "buildspeak/view.h"

struct grid_cell {
	char s[24];      /* the grapheme cluster, NUL-terminated; "" for the
			    right half of a wide character */
	unsigned attr;   /* VIEW_ATTR */
	unsigned char width; /* 1, 2, or 0 for a right half */
};

struct grid {
	int h, w;
	struct grid_cell *cells; /* h * w, row-major, owned */
	struct canvas canvas;    /* draws into cells */
	long cells_drawn;        /* cell() calls, for benchmarks */
};

/* A new blank h x w grid. */
struct grid *grid_new(int h, int w);
void grid_free(struct grid *g);
/* Row y as UTF-8 text (trailing blanks trimmed) into a new string owned by
 * the caller. */
char *grid_row(const struct grid *g, int y);
/* The attribute of cell (y, x). */
unsigned grid_attr(const struct grid *g, int y, int x);
/* The whole grid as text, rows joined by '\n'; new string. */
char *grid_text(const struct grid *g);

#endif
