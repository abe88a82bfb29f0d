/* layout: pane rectangles from the terminal size. */
#include "buildspeak/layout.h"

#include <string.h>

static int layout_clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

bool layout_shown(enum layout_fold wish, int cols)
{
	if (wish == LAYOUT_AUTO)
		return cols >= LAYOUT_FOLD_COLS;
	return wish == LAYOUT_SHOW;
}

void layout_compute(struct layout *l, int cols, int rows,
		    enum layout_fold list, enum layout_fold glossary)
{
	memset(l, 0, sizeof *l);
	l->cols = cols;
	l->rows = rows;
	if (cols < LAYOUT_MIN_COLS || rows < LAYOUT_MIN_ROWS) {
		l->too_small = true;
		return;
	}
	int body = rows - 1;
	l->status = (struct rect){rows - 1, 0, 1, cols};

	int x = 0;
	if (layout_shown(list, cols)) {
		/* Wide enough for a title and a date line; narrow screens
		 * give it a larger share since the user asked for it. */
		int w = cols >= LAYOUT_FOLD_COLS ? layout_clamp(cols / 4, 20, 34)
						 : layout_clamp(cols * 2 / 5, 16, 30);
		l->pane[LAYOUT_LIST] = (struct rect){0, 0, body, w};
		x = w + 1; /* one column for the separator */
	}
	int rest = cols - x;
	struct rect tr = {0, x, body, rest};
	if (layout_shown(glossary, cols)) {
		if (rest >= 100) {
			int gw = layout_clamp(rest / 4, 24, 40);
			tr.w = rest - gw - 1;
			l->pane[LAYOUT_GLOSSARY] =
				(struct rect){0, x + tr.w + 1, body, gw};
		} else {
			int gh = layout_clamp(body / 4, 4, 10);
			tr.h = body - gh;
			l->pane[LAYOUT_GLOSSARY] =
				(struct rect){tr.h, x, gh, rest};
			l->glossary_below = true;
		}
	}
	l->pane[LAYOUT_TRANSCRIPT] = tr;

	int ow = cols - 4 < 96 ? cols - 4 : 96;
	int oh = body - 2;
	l->overlay = (struct rect){(body - oh) / 2, (cols - ow) / 2, oh, ow};
	/* Margins of a column or two would show slivers of the panes under
	 * the box (half a title, a separator): blank them. Wider ones show
	 * the panes, which then read as panes. */
	l->backdrop = l->overlay;
	if (l->overlay.x <= 2)
		l->backdrop = (struct rect){0, 0, body, cols};
}
