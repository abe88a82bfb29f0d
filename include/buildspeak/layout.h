/* layout: where the reader's panes go for a terminal of a given size -- a
 * pure function of the size and the user's fold toggles, so it is tested
 * without a terminal.
 *
 * The screen: the episode list on the left, the transcript in the middle,
 * the glossary on the right when there is room (>= 100 columns left for
 * transcript and glossary) or as a strip under the transcript, and the
 * status line on the last row. Below LAYOUT_FOLD_COLS columns the list and
 * the glossary fold away unless the user shows them; below
 * LAYOUT_MIN_COLS x LAYOUT_MIN_ROWS the screen only says it is too small.
 * Panes never overlap; one column separates side-by-side panes. */
#ifndef BUILDSPEAK_LAYOUT_H
#define BUILDSPEAK_LAYOUT_H

#include <stdbool.h>

#define LAYOUT_MIN_COLS 40
#define LAYOUT_MIN_ROWS 10
#define LAYOUT_FOLD_COLS 80

/* A rectangle of cells; h == 0 means hidden. */
struct rect {
	int y, x; /* top-left cell, 0-based screen row and column */
	int h, w; /* rows and columns */
};

enum layout_pane {
	LAYOUT_LIST,
	LAYOUT_TRANSCRIPT,
	LAYOUT_GLOSSARY,
	LAYOUT_N_PANES
};

/* Whether the user wants a foldable pane: follow the width, or forced. */
enum layout_fold { LAYOUT_AUTO = -1, LAYOUT_HIDE = 0, LAYOUT_SHOW = 1 };

struct layout {
	int cols, rows;       /* terminal size in cells */
	bool too_small;       /* below the minimum: nothing but a message */
	struct rect pane[LAYOUT_N_PANES]; /* h == 0 when folded */
	bool glossary_below;  /* the glossary is a strip under the transcript */
	struct rect status;   /* the status line: the last row */
	struct rect overlay;  /* where an overlay (help, ...) is drawn */
	struct rect backdrop; /* what an open overlay covers: its box, and
				 the body around it when the margins are too
				 narrow to show the panes (blanked) */
};

/* Computes the layout for cols x rows with the given fold wishes for the
 * list and the glossary. */
void layout_compute(struct layout *l, int cols, int rows,
		    enum layout_fold list, enum layout_fold glossary);

/* Whether a foldable pane is shown at this width given the wish. */
bool layout_shown(enum layout_fold wish, int cols);

#endif
