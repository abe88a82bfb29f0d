/* hits: the last search's hits in one episode, as the reader's model
 * holds them for marking them in the transcript and stepping through them
 * (n / N, "hit 3/17" on the status line).
 *
 * Plain data, like saved.h: the search mode hands a new set over
 * (hits_set) when a search runs; drawing asks hits_spans, which finds the
 * matched words in a hit segment's text and caches the answer, so drawing
 * never queries SQLite. */
#ifndef BUILDSPEAK_HITS_H
#define BUILDSPEAK_HITS_H

#include <stdbool.h>
#include <stddef.h>

#include "buildspeak/matcher.h"

struct hits;

/* No search: inactive. */
struct hits *hits_new(void);
/* Frees h. NULL is a no-op. */
void hits_free(struct hits *h);

/* The search for query (copied) found segs[0..n) (sentence indices, any
 * order; copied) in episode (its library id); words[0..n_words) are the
 * texts it matched there ("models", "世界模型"; copied), which hits_spans
 * marks. n may be 0: the search is active with no hit in that episode. */
void hits_set(struct hits *h, const char *query, long long episode,
	      const size_t *segs, size_t n, const char *const *words,
	      size_t n_words);
/* Ends the search: no hits, no marks. */
void hits_clear(struct hits *h);
/* The episode the hits were in changed (it was replaced): drops its hits
 * and marks but keeps the search active with its query, in no episode, so
 * stepping (n / N) runs it again on the new text. */
void hits_forget_episode(struct hits *h);

/* Whether a search is active, its query (NULL when not) and the episode
 * its hits are in. */
bool hits_active(const struct hits *h);
const char *hits_query(const struct hits *h);
long long hits_episode(const struct hits *h);
/* The hits: their number, and hit i's sentence (in sentence order). */
size_t hits_count(const struct hits *h);
size_t hits_segment(const struct hits *h, size_t i);
/* The hit at sentence seg, or -1 when seg holds none. */
long hits_find(const struct hits *h, size_t seg);
/* The hit after sentence seg (dir > 0) or before it (dir < 0), going
 * round at the end; *wrapped says whether it went round. -1 when there
 * are no hits. */
long hits_step(const struct hits *h, size_t seg, int dir, bool *wrapped);

/* The matched words in text -- the sanitised English (lang 0) or Chinese
 * (lang 1) of sentence seg -- as byte ranges into text, in order; none
 * when seg is not a hit. Cached per (sentence, language) until the set
 * changes; borrowed until then or the next call for the same slot. */
size_t hits_spans(struct hits *h, size_t seg, int lang, const char *text,
		  const struct term_span **spans);

#endif
