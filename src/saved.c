/* saved: the saved terms, for marking them on screen. */
#include "buildspeak/saved.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "buildspeak/alloc.h"
#include "buildspeak/matcher.h"
#include "buildspeak/text.h"

/* The marks of one segment's text in one language, cached. */
struct saved_cache {
	unsigned gen;             /* set generation computed at; 0 = never */
	char *text;               /* the text they were computed on, owned */
	struct term_span *spans;  /* owned; n of them */
	size_t n;
};

struct saved {
	unsigned gen;             /* bumped whenever the set changes */
	struct matcher *matcher;  /* the terms, folded once; owned */
	size_t n_terms;
	char **keys;              /* the terms case-folded, sorted (bsearch);
				     n_terms of them, owned */
	struct saved_cache *cache[2]; /* per segment, English and Chinese */
	size_t n_cache[2];        /* slots in each (zeroed when added) */
};

struct saved *saved_new(void)
{
	struct saved *s = xcalloc(1, sizeof *s);
	s->gen = 1;
	return s;
}

static void saved_clear(struct saved *s)
{
	for (size_t i = 0; i < s->n_terms; i++)
		free(s->keys[i]);
	free(s->keys);
	matcher_free(s->matcher);
	s->matcher = NULL;
	s->keys = NULL;
	s->n_terms = 0;
}

void saved_free(struct saved *s)
{
	if (!s)
		return;
	saved_clear(s);
	for (int l = 0; l < 2; l++) {
		for (size_t i = 0; i < s->n_cache[l]; i++) {
			free(s->cache[l][i].text);
			free(s->cache[l][i].spans);
		}
		free(s->cache[l]);
	}
	free(s);
}

static int saved_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

void saved_set(struct saved *s, char **terms, char **keys, size_t n)
{
	saved_clear(s);
	if (++s->gen == 0) /* 0 means "never computed" in the cache */
		s->gen = 1;
	s->matcher = matcher_new();
	size_t bytes = 0;
	for (size_t i = 0; i < n; i++)
		bytes += strlen(terms[i]);
	matcher_reserve(s->matcher, n, bytes);
	for (size_t i = 0; i < n; i++) {
		assert(!i || strcmp(keys[i - 1], keys[i]) < 0);
		matcher_add(s->matcher, terms[i], i);
		free(terms[i]);
	}
	free(terms);
	s->keys = keys;
	s->n_terms = n;
}

unsigned saved_generation(const struct saved *s)
{
	return s->gen;
}

bool saved_has(const struct saved *s, const char *term)
{
	if (!s->n_terms || !term)
		return false;
	char *key = text_fold(term);
	bool yes = bsearch(&key, s->keys, s->n_terms, sizeof *s->keys,
			   saved_cmp) != NULL;
	free(key);
	return yes;
}

size_t saved_spans(struct saved *s, size_t seg, int lang, const char *text,
		   const struct term_span **spans)
{
	*spans = NULL;
	if (!s->n_terms || lang < 0 || lang > 1)
		return 0;
	if (seg >= s->n_cache[lang]) {
		size_t old = s->n_cache[lang], want = seg + 1;
		if (want < old * 2)
			want = old * 2;
		s->cache[lang] = xrealloc(s->cache[lang],
					  want * sizeof *s->cache[lang]);
		memset(s->cache[lang] + old, 0,
		       (want - old) * sizeof *s->cache[lang]);
		s->n_cache[lang] = want;
	}
	struct saved_cache *m = &s->cache[lang][seg];
	if (m->gen != s->gen || !m->text || strcmp(m->text, text) != 0) {
		free(m->text);
		free(m->spans);
		m->text = xstrdup(text);
		m->n = matcher_find(s->matcher, text, &m->spans);
		m->gen = s->gen;
	}
	*spans = m->spans;
	return m->n;
}
