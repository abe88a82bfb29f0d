/* lineedit: a one-line text editor for prompts inside overlays -- the
 * gloss and note of a vocabulary entry, the book's filter, an export path.
 *
 * The text is UTF-8 and the cursor moves and deletes by grapheme cluster
 * (libunistring's boundaries through text.h), so a Chinese character, an
 * emoji flag or "e" + U+0301 goes in one step; widths are display columns
 * from text_char_width, so a box scrolled horizontally never cuts a wide
 * character and the cursor's column is right. Keys come in as keys.h codes
 * (a character key is its code point): typing, a paste (a burst of
 * character keys) and the readline keys below. No curses here.
 *
 *   Left / C-b, Right / C-f   one character (grapheme cluster)
 *   Home / C-a, End / C-e     start / end of the line
 *   Backspace / C-h, Delete / C-d   delete before / at the cursor
 *   C-u   delete from the start to the cursor
 *   C-k   delete from the cursor to the end
 *   C-w   delete the word before the cursor (back to a space, as readline)
 *
 * Control characters, DEL, C1 controls and bidirectional overrides are
 * refused: what is typed is what the screen shows, byte for byte. */
#ifndef BUILDSPEAK_LINEEDIT_H
#define BUILDSPEAK_LINEEDIT_H

#include <stddef.h>

#include "buildspeak/text.h"

struct lineedit {
	char *buf;    /* the text, NUL-terminated UTF-8, owned */
	size_t len;   /* bytes of text, without the NUL */
	size_t cap;   /* bytes allocated for buf */
	size_t cur;   /* the cursor: a byte offset at a cluster boundary */
	size_t first; /* horizontal scroll: byte offset of the first cluster
			 shown (a cluster boundary); see lineedit_view */
};

/* What a key did. */
enum lineedit_result {
	LINEEDIT_IGNORED, /* not an editing key: the caller may use it */
	LINEEDIT_MOVED,   /* the cursor moved (or nothing to do): redraw */
	LINEEDIT_CHANGED, /* the text changed */
};

/* Sets e up holding a copy of text (NULL: empty), the cursor at its end. */
void lineedit_init(struct lineedit *e, const char *text);
/* Frees what e owns; e may be initialised again. */
void lineedit_free(struct lineedit *e);
/* Replaces the text (cursor at its end). */
void lineedit_set(struct lineedit *e, const char *text);

/* Applies one key. Enter, Escape, Tab and keys it does not know are
 * LINEEDIT_IGNORED (the prompt owns them). */
enum lineedit_result lineedit_key(struct lineedit *e, int key);

/* Inserts the UTF-8 string s (its valid, printable part) at the cursor,
 * as a paste would. Returns LINEEDIT_CHANGED, or LINEEDIT_MOVED when
 * nothing could be inserted. */
enum lineedit_result lineedit_insert(struct lineedit *e, const char *s);

/* What to show in a box cols columns wide (cols >= 2): the bytes
 * buf[*off .. *off + *len) and the column of the cursor in the box (one
 * column is kept for the cursor past the end). Updates e->first, which
 * moves only as far as needed to keep the cursor in view, a little
 * context kept to its left. */
void lineedit_view(struct lineedit *e, int cols, const struct text_metrics *m,
		   size_t *off, size_t *len, int *cursor_col);

#endif
