/* overlay: how the text of a window drawn over the panes looks -- the
 * attribute bits (also used by everything the view draws) and one line of
 * a list-shaped mode (mode.h). No curses here. */
#ifndef BUILDSPEAK_OVERLAY_H
#define BUILDSPEAK_OVERLAY_H

#include <stdbool.h>
#include <stddef.h>

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

#endif
