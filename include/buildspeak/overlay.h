/* overlay: the interface of a window drawn over the panes -- the help
 * screen now, the vocabulary book and prompts later. Each overlay lives in
 * its own file and gives the app these operations; the app keeps a stack
 * of open overlays and routes keys to the top one's context, and the view
 * draws any overlay the same way: a framed box with a title, lines (one
 * may be selected) and a footer. No curses here. */
#ifndef BUILDSPEAK_OVERLAY_H
#define BUILDSPEAK_OVERLAY_H

#include <stdbool.h>
#include <stddef.h>

#include "buildspeak/keys.h"

struct app;
struct canvas;

/* Attributes of overlay text (and of everything the view draws). */
enum {
	OVERLAY_BOLD = 1u << 0,
	OVERLAY_DIM = 1u << 1,
	OVERLAY_UNDERLINE = 1u << 2,
	OVERLAY_REVERSE = 1u << 3,
};

/* One line as the overlay wants it shown. The text is raw (the view
 * sanitises it); it must stay valid until the next call to ops->line. */
struct overlay_line {
	const char *text;
	unsigned attr; /* OVERLAY_* */
};

struct overlay_ops {
	const char *name;          /* "help" */
	enum keys_context context; /* its key map; falls back to common */
	bool selectable;           /* up/down move a selection bar; else
				      they scroll */
	/* The title on the frame (raw text). */
	const char *(*title)(struct app *a, void *state);
	/* Number of lines. Optional (NULL: no lines) for an overlay that has
	 * a draw hook; required otherwise. */
	size_t (*count)(struct app *a, void *state);
	/* Line i (< count) into *out. Optional (NULL) when count is. */
	void (*line)(struct app *a, void *state, size_t i,
		     struct overlay_line *out);
	/* Optional: a footer (prompt, hints); NULL for none. */
	const char *(*footer)(struct app *a, void *state);
	/* Optional: Enter on the selected line. */
	void (*activate)(struct app *a, void *state, size_t sel);
	/* Optional: a key that no map binds (typing into a prompt). Returns
	 * true if it used the key. */
	bool (*key)(struct app *a, void *state, int key);
	/* Frees state. */
	void (*free)(void *state);
	/* Optional: draws the inside of the box itself (the view has drawn
	 * the frame and the title and blanked the rest; c is the area inside
	 * the frame) instead of the lines and the footer -- for overlays that
	 * are not a plain list: the vocabulary book, word selection, prompts
	 * (book.h, wordsel.h, prompt.h). count and sel, when there is a count,
	 * still drive the selection keys and the mouse. */
	void (*draw)(struct app *a, void *state, struct canvas *c);
};

#endif
