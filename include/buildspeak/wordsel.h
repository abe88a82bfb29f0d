/* wordsel: choosing words in the current sentence to save in the
 * vocabulary book -- `w` in the reader.
 *
 * An overlay shows the sentence (English, then Chinese) with the
 * selection highlighted. Left / Right move word by word, by libunistring's
 * word breaks through text_words(), so "in-context", "RL's" and
 * "state-of-the-art" are one word each; Shift+Left / Shift+Right, or
 * Left / Right after `v`, stretch the selection into a phrase. Enter asks
 * for the gloss (prefilled from the episode's glossary, else from the
 * book) in a prompt; Enter there saves (book_save) and closes, Escape goes
 * back to choosing, and Escape again leaves. */
#ifndef BUILDSPEAK_WORDSEL_H
#define BUILDSPEAK_WORDSEL_H

#include <stdbool.h>
#include <stddef.h>

#include "buildspeak/mode.h"

struct app;

/* Its commands: select-words (w: open / leave), select-prev-word,
 * select-next-word, select-extend-left, select-extend-right,
 * select-extend (v). */
extern const struct mode wordsel_mode;

/* The selected text of the word selection on the stack (a copy of the
 * sentence's bytes from the first selected word's start to the last's
 * end), or NULL when there is none. New string owned by the caller. */
char *wordsel_selected(struct app *a);

/* The byte range of that selection in the current sentence's sanitised
 * English (the text app's cur_en_spans are on); false when there is no
 * selection of the current sentence. */
bool wordsel_range(struct app *a, size_t *off, size_t *len);

#endif
