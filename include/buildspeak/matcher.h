/* matcher: the one term finder -- where a set of terms (a glossary, the
 * saved words, one exported term) occurs in a sentence. The reader's marks,
 * the glossary pane, the book and the exports' emphasis all ask it, so a
 * term is marked in the reader exactly where a card puts it in bold.
 *
 * Rules, one place for all of them:
 *   - case-insensitive by per-code-point Unicode lower-casing (so every
 *     byte of a match maps back to one character of the original text);
 *     hyphens and white space compare as one space ("post-training" finds
 *     "post training"); terms are trimmed of spaces;
 *   - whole words: the character before a match and the one after it must
 *     not be a letter or digit of a script that separates words with
 *     spaces (Han text has none, so "RL" is found in "RL的");
 *   - English inflections of a term that ends in a Latin letter: the
 *     plural and third person (-s, -es, consonant+y -> -ies), the
 *     possessive ('s, ’s), the past (-ed, -d after e, y -> -ied) and the
 *     -ing form (e dropped, a final consonant doubled), on its last word
 *     ("language model" finds "language models");
 *   - longest first where matches overlap (in bytes of the original text),
 *     then the earlier one, then the exact form over an inflection, then
 *     the smaller id; the result is ordered by offset.
 *
 * Terms are folded once, when added; a search folds the sentence once and
 * walks it once through an Aho-Corasick automaton of every term (and the
 * stems of policy -> policies, use -> using), checking the endings after
 * each match, so its cost does not grow with the number of terms. */
#ifndef BUILDSPEAK_MATCHER_H
#define BUILDSPEAK_MATCHER_H

#include <stddef.h>

/* A place where a term occurs in some text. */
struct term_span {
	size_t off, len; /* byte range in the searched text */
	size_t term;     /* the id the term was added with (for glossary_find:
			    its index in the terms array) */
};

struct matcher;

/* A new matcher holding no terms. Free with matcher_free. */
struct matcher *matcher_new(void);

/* Adds term (valid UTF-8; copied) under id, which matcher_find reports as
 * term_span.term. A term that is empty once trimmed is ignored. Adding
 * after a search is allowed; the next search rebuilds the automaton. */
void matcher_add(struct matcher *m, const char *term, size_t id);

/* Makes room for n_terms more terms of n_bytes bytes in all, so that
 * adding a large set (a glossary of thousands) grows no table on the
 * way. Only a hint: matcher_add grows what it must anyway. */
void matcher_reserve(struct matcher *m, size_t n_terms, size_t n_bytes);

/* The number of terms added (ignored ones not counted). */
size_t matcher_count(const struct matcher *m);

/* Frees m. NULL is a no-op. */
void matcher_free(struct matcher *m);

/* Finds the occurrences of m's terms in text (valid UTF-8, NUL-terminated)
 * by the rules above: byte ranges of text, ordered by offset, never
 * overlapping. Returns their count and sets *spans to a new array owned by
 * the caller (free()), NULL when there are none. The first search after an
 * add builds the automaton, so m is modified then despite the const: do
 * not search one matcher from two threads before it has been searched
 * once. */
size_t matcher_find(const struct matcher *m, const char *text,
		    struct term_span **spans);

#endif
