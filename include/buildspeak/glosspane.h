/* glosspane: the glossary pane's state -- the open episode's terms in the
 * order the pane lists them (the current sentence's terms first), the
 * selected row and the scroll. Plain state: the app hands over the
 * current sentence's term spans whenever the sentence changes. */
#ifndef BUILDSPEAK_GLOSSPANE_H
#define BUILDSPEAK_GLOSSPANE_H

#include <stdbool.h>
#include <stddef.h>

#include "buildspeak/glossary.h"

struct glosspane;

struct glosspane *glosspane_new(void);
/* Frees g. NULL is a no-op. */
void glosspane_free(struct glosspane *g);
/* Forgets the episode's terms (another episode is opened). */
void glosspane_clear(struct glosspane *g);

/* Orders n_terms terms: those in en[0..n_en) and zh[0..n_zh) (spans of
 * the current sentence, term = index) first, the rest after. With
 * keep_selection the selected term stays selected where it moved;
 * otherwise the selection and the scroll go back to the top. */
void glosspane_order(struct glosspane *g, size_t n_terms,
		     const struct term_span *en, size_t n_en,
		     const struct term_span *zh, size_t n_zh,
		     bool keep_selection);

/* Rows (terms) listed. */
size_t glosspane_count(const struct glosspane *g);
/* The term index listed at row i (< count). */
size_t glosspane_term(const struct glosspane *g, size_t i);
/* Rows [0, marked) are terms of the current sentence. */
size_t glosspane_marked(const struct glosspane *g);
/* The selected row; first visible row. */
size_t glosspane_sel(const struct glosspane *g);
size_t glosspane_top(const struct glosspane *g);
/* Selects row i (< count). */
void glosspane_select(struct glosspane *g, size_t i);
/* Moves the selection by delta rows, scrolling to keep it in rows. */
void glosspane_move(struct glosspane *g, long delta, size_t rows);

/* Enter's round of a term's sentences: segs (n of them, in order; taken
 * over) are the sentences holding term; the next glosspane_next_hit()
 * gives the first. Forgotten when another term's are set or the episode
 * changes. */
void glosspane_set_hits(struct glosspane *g, size_t term, size_t *segs,
			size_t n);
/* The next of term's sentences after the one given last (wrapping) in
 * *seg, its index in *k, their number in *n (0: none, *seg and *k
 * unset). false when term's sentences are not set: set them first. */
bool glosspane_next_hit(struct glosspane *g, size_t term, size_t *seg,
			size_t *k, size_t *n);

#endif
