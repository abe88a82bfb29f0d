/* saved: the set of terms saved in the vocabulary book, as the reader's
 * model holds it for marking them wherever they appear on screen.
 *
 * Plain data: whoever changes the book hands the new set over
 * (saved_set); drawing asks saved_spans, which finds the terms in a
 * segment's text and caches the answer per segment until the set changes.
 * Nothing here reads the library, so drawing never queries SQLite. */
#ifndef BUILDSPEAK_SAVED_H
#define BUILDSPEAK_SAVED_H

#include <stdbool.h>
#include <stddef.h>

#include "buildspeak/matcher.h"

struct saved;

/* An empty set. */
struct saved *saved_new(void);
/* Frees s. NULL is a no-op. */
void saved_free(struct saved *s);

/* Replaces the set with terms[0..n) and their keys, text_fold of each,
 * in strcmp order (store_vocab_terms gives both so); takes ownership of
 * both arrays and their strings. */
void saved_set(struct saved *s, char **terms, char **keys, size_t n);
/* Bumped whenever the set changes (never 0). */
unsigned saved_generation(const struct saved *s);
/* Whether term is in the set (case-insensitively, by Unicode folding). */
bool saved_has(const struct saved *s, const char *term);

/* The saved terms in text -- the sanitised English (lang 0) or Chinese
 * (lang 1) of segment seg -- as byte ranges into text, in order. Cached
 * per (segment, language) until the set changes; the text is compared, so
 * another episode's segment seg is recomputed. The array is borrowed
 * until the next call for the same slot or a change of the set. */
size_t saved_spans(struct saved *s, size_t seg, int lang, const char *text,
		   const struct term_span **spans);

#endif
