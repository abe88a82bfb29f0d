/* vocab: the vocabulary book's model; only its memory is managed here (the
 * book itself lives in store, its exports in export), plus what saving a
 * term from an episode needs: its context, its gloss, its sentence. */
#include "buildspeak/vocab.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buildspeak/alloc.h"
#include "buildspeak/episode.h"
#include "buildspeak/matcher.h"
#include "buildspeak/text.h"

void vocab_entry_clear(struct vocab_entry *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->n_contexts; i++) {
		struct vocab_context *c = &e->contexts[i];
		free(c->en);
		free(c->zh);
		free(c->title);
		free(c->podcast);
		free(c->date);
		free(c->source_url);
	}
	free(e->contexts);
	free(e->term);
	free(e->gloss);
	free(e->note);
	/* Zeroed, so clearing twice or reusing the entry is harmless. */
	memset(e, 0, sizeof *e);
}

void vocab_entries_free(struct vocab_entry *v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		vocab_entry_clear(&v[i]);
	free(v);
}

void vocab_context_from_segment(struct vocab_context *c,
				const struct episode *ep, long long id,
				size_t seg)
{
	const struct segment *s = &ep->segments[seg];
	memset(c, 0, sizeof *c);
	c->en = xstrdup(s->en);
	c->zh = xstrdup(s->zh);
	c->episode_id = id;
	c->title = xstrdup(ep->title ? ep->title : "");
	c->podcast = xstrdup(ep->podcast ? ep->podcast : "");
	c->date = xstrdup(ep->date ? ep->date : "");
	c->source_url = xstrdup(ep->source_url ? ep->source_url : "");
	c->at = s->start;
}

/* The first entry of ep's glossary for term (folded), skipping those
 * with an empty gloss when need_gloss: a glossary read from JSON is kept
 * as written and may name a term twice. */
static const struct term *vocab_glossary_entry(const struct episode *ep,
				    const char *term, bool need_gloss)
{
	if (!term || !*term)
		return NULL;
	char *key = text_fold(term);
	const struct term *found = NULL;
	for (size_t i = 0; i < ep->n_terms && !found; i++) {
		const struct term *t = &ep->terms[i];
		if (need_gloss && !t->gloss[0])
			continue;
		char *k = text_fold(t->term);
		if (strcmp(k, key) == 0)
			found = t;
		free(k);
	}
	free(key);
	return found;
}

const struct term *vocab_episode_term(const struct episode *ep,
				      const char *term)
{
	return vocab_glossary_entry(ep, term, false);
}

const char *vocab_episode_gloss(const struct episode *ep, const char *term)
{
	const struct term *t = vocab_glossary_entry(ep, term, true);
	return t ? t->gloss : NULL;
}

/* Whether the term of m occurs in segment i (either language). */
static bool vocab_segment_has(const struct episode *ep,
			      const struct matcher *m, size_t i)
{
	struct term_span *sp = NULL;
	size_t n = matcher_find(m, ep->segments[i].en, &sp);
	free(sp);
	if (!n) {
		n = matcher_find(m, ep->segments[i].zh, &sp);
		free(sp);
	}
	return n > 0;
}

long vocab_nearest_segment(const struct episode *ep, const char *term,
			   size_t from)
{
	size_t n = ep->n_segments;
	if (!n || !term || !*term)
		return -1;
	if (from >= n)
		from = n - 1;
	struct matcher *m = matcher_new();
	matcher_add(m, term, 0);
	long found = -1;
	for (size_t d = 0; d < n && found < 0; d++) {
		if (d <= from && vocab_segment_has(ep, m, from - d))
			found = (long)(from - d);
		else if (d > 0 && from + d < n &&
			 vocab_segment_has(ep, m, from + d))
			found = (long)(from + d);
		else if (d > from && from + d >= n)
			break;
	}
	matcher_free(m);
	return found;
}

long vocab_segment_near_time(const struct episode *ep, const char *term,
			     double t, double within)
{
	if (!term || !*term)
		return -1;
	struct matcher *m = matcher_new();
	matcher_add(m, term, 0);
	long best = -1;
	double best_d = 0;
	for (size_t i = 0; i < ep->n_segments; i++) {
		const struct segment *s = &ep->segments[i];
		double d = t < s->start ? s->start - t
			   : t > s->end ? t - s->end : 0;
		if (d > within || (best >= 0 && d >= best_d))
			continue;
		if (vocab_segment_has(ep, m, i)) {
			best = (long)i;
			best_d = d;
		}
	}
	matcher_free(m);
	return best;
}
