/* hits: the last search's hits in one episode, for marks and n / N. */
#include "buildspeak/hits.h"

#include <stdlib.h>
#include <string.h>

#include "buildspeak/alloc.h"
#include "buildspeak/matcher.h"

/* The marks of one hit's text in one language, cached. */
struct hits_cache {
	char *text;              /* the text they were computed on, owned */
	struct term_span *spans; /* owned; n of them */
	size_t n;
};

struct hits {
	char *query;             /* owned; NULL when no search is active */
	long long episode;       /* the episode the hits are in */
	size_t *segs;            /* sentence indices, sorted, unique; owned */
	size_t n;
	struct matcher *matcher; /* the matched words; owned */
	struct hits_cache *cache[2]; /* per hit, English and Chinese */
};

struct hits *hits_new(void)
{
	return xcalloc(1, sizeof(struct hits));
}

void hits_clear(struct hits *h)
{
	for (int l = 0; l < 2; l++) {
		for (size_t i = 0; h->cache[l] && i < h->n; i++) {
			free(h->cache[l][i].text);
			free(h->cache[l][i].spans);
		}
		free(h->cache[l]);
		h->cache[l] = NULL;
	}
	matcher_free(h->matcher);
	h->matcher = NULL;
	free(h->segs);
	h->segs = NULL;
	h->n = 0;
	free(h->query);
	h->query = NULL;
	h->episode = 0;
}

void hits_forget_episode(struct hits *h)
{
	if (!h->query)
		return;
	char *query = h->query;
	h->query = NULL; /* hits_clear must not free it */
	hits_clear(h);
	h->query = query;
}

void hits_free(struct hits *h)
{
	if (!h)
		return;
	hits_clear(h);
	free(h);
}

static int hits_cmp(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	return (a > b) - (a < b);
}

void hits_set(struct hits *h, const char *query, long long episode,
	      const size_t *segs, size_t n, const char *const *words,
	      size_t n_words)
{
	hits_clear(h);
	h->query = xstrdup(query ? query : "");
	h->episode = episode;
	h->segs = xmalloc((n ? n : 1) * sizeof *h->segs);
	if (n)
		memcpy(h->segs, segs, n * sizeof *segs);
	qsort(h->segs, n, sizeof *h->segs, hits_cmp);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!k || h->segs[k - 1] != h->segs[i])
			h->segs[k++] = h->segs[i];
	h->n = k;
	h->matcher = matcher_new();
	for (size_t i = 0; i < n_words; i++)
		matcher_add(h->matcher, words[i], i);
	for (int l = 0; l < 2; l++)
		h->cache[l] = xcalloc(k ? k : 1, sizeof *h->cache[l]);
}

bool hits_active(const struct hits *h) { return h->query != NULL; }
const char *hits_query(const struct hits *h) { return h->query; }
long long hits_episode(const struct hits *h) { return h->episode; }
size_t hits_count(const struct hits *h) { return h->n; }

size_t hits_segment(const struct hits *h, size_t i)
{
	return i < h->n ? h->segs[i] : 0;
}

/* The first hit at or after seg (h->n when none). */
static size_t hits_lower(const struct hits *h, size_t seg)
{
	size_t lo = 0, hi = h->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->segs[mid] < seg)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

long hits_find(const struct hits *h, size_t seg)
{
	size_t i = hits_lower(h, seg);
	return i < h->n && h->segs[i] == seg ? (long)i : -1;
}

long hits_step(const struct hits *h, size_t seg, int dir, bool *wrapped)
{
	*wrapped = false;
	if (!h->n)
		return -1;
	size_t i = hits_lower(h, seg);
	if (dir > 0) {
		if (i < h->n && h->segs[i] == seg)
			i++;
		if (i == h->n) {
			*wrapped = true;
			i = 0;
		}
		return (long)i;
	}
	if (i == 0) {
		*wrapped = true;
		return (long)h->n - 1;
	}
	return (long)i - 1;
}

size_t hits_spans(struct hits *h, size_t seg, int lang, const char *text,
		  const struct term_span **spans)
{
	*spans = NULL;
	long i = lang < 0 || lang > 1 ? -1 : hits_find(h, seg);
	if (i < 0 || !h->matcher)
		return 0;
	struct hits_cache *c = &h->cache[lang][i];
	if (!c->text || strcmp(c->text, text) != 0) {
		free(c->text);
		free(c->spans);
		c->text = xstrdup(text);
		c->n = matcher_find(h->matcher, text, &c->spans);
	}
	*spans = c->spans;
	return c->n;
}
