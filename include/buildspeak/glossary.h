/* glossary: the technical terms glossed inline in a translation.
 *
 * Two shapes occur in the Chinese text:
 *   forward  -- a Latin-script term, then its Chinese gloss in parentheses:
 *               "deep learning(深度学习)", "trade-off（权衡）";
 *   reverse  -- a Chinese phrase, then its English term in parentheses:
 *               "泛化(generalization)". The gloss then comes from the same
 *               term glossed forward elsewhere in the episode, else from
 *               the Chinese phrase itself.
 * ASCII and full-width parentheses are both accepted. */
#ifndef BUILDSPEAK_GLOSSARY_H
#define BUILDSPEAK_GLOSSARY_H

#include <stddef.h>

#include "buildspeak/episode.h"
#include "buildspeak/matcher.h"

/* One gloss found in a translation: byte ranges into the scanned string. */
struct gloss_hit {
	size_t term_off, term_len;   /* the English term */
	size_t gloss_off, gloss_len; /* the Chinese gloss (reverse: the phrase) */
	size_t start, end;           /* the whole "term(gloss)" span */
	int reverse;                 /* 1 for the reverse shape */
};

/* Finds the glosses in one translation line. Returns their count and sets
 * *hits to a new array owned by the caller (free()); NULL when none. */
size_t glossary_scan(const char *zh, struct gloss_hit **hits);

/* Rebuilds ep->terms from every segment's translation: terms merged
 * case-insensitively (the first spelling is kept), counted, with the index
 * of their first segment; reverse glosses take their gloss from a forward
 * gloss of the same term when the episode has one. */
void glossary_build(struct episode *ep);

/* Finds occurrences of the terms in text by the matcher's rules (see
 * matcher.h: case-insensitive, whole words, English inflections, longest
 * first where they overlap), in order of offset; span.term is the index
 * into terms. Returns their count and sets *spans to a new array owned by
 * the caller. Builds a matcher for this one call, so its cost grows with
 * n_terms: a caller that searches many sentences for the same terms
 * keeps a struct matcher instead. */
size_t glossary_find(const struct term *terms, size_t n_terms,
		     const char *text, struct term_span **spans);

#endif
