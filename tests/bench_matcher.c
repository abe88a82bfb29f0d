/* bench_matcher: the cost of finding the terms in a sentence, as the
 * reader does on every → press (the glossary's terms and the saved words,
 * in the English and the Chinese), with the sample's 194 terms and no
 * saved words, and with 13,000 glossary terms and 1,000 saved words.
 * Run by tests/bench_matcher.sh, which counts instructions with callgrind
 * in bench_find (and bench_build) only; alone it prints wall times.
 *
 * usage: bench_matcher GLOSSARY SAVED SAMPLE [ROUNDS]: GLOSSARY terms
 * (the sample's own first, then made-up ones), SAVED saved words. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buildspeak/alloc.h"
#include "buildspeak/episode.h"
#include "buildspeak/import.h"
#include "buildspeak/matcher.h"

static uint64_t bench_rng = 88172645463325252ull;

static uint32_t bench_rand(uint32_t n)
{
	bench_rng ^= bench_rng << 13;
	bench_rng ^= bench_rng >> 7;
	bench_rng ^= bench_rng << 17;
	return (uint32_t)(bench_rng % n);
}

/* The English words of the episode of five letters or more (so that
 * made-up phrases are not "and the"), as new strings. */
static size_t bench_words(const struct episode *ep, char ***out)
{
	char **w = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < ep->n_segments; i++) {
		const char *s = ep->segments[i].en;
		while (*s) {
			while (*s && !((*s >= 'a' && *s <= 'z') ||
				       (*s >= 'A' && *s <= 'Z')))
				s++;
			const char *b = s;
			while ((*s >= 'a' && *s <= 'z') ||
			       (*s >= 'A' && *s <= 'Z'))
				s++;
			if (s - b >= 5) {
				w = xgrowarray(w, &cap, n + 1, sizeof *w);
				w[n++] = xstrndup(b, (size_t)(s - b));
			}
		}
	}
	*out = w;
	return n;
}

/* A made-up term in the style of a glossary's: two or three of the
 * episode's words. Most never occur in the sample, as most of a
 * 13,000-term library glossary would not occur in one episode, but each
 * starts like words that do, so the search walks deep into the automaton;
 * the sample's own 194 terms are in the glossary too. */
static char *bench_phrase(char **words, size_t nw)
{
	int k = 2 + (int)bench_rand(2);
	char *p = xstrdup(words[bench_rand((uint32_t)nw)]);
	for (int i = 1; i < k; i++) {
		char *q = xasprintf("%s %s", p, words[bench_rand((uint32_t)nw)]);
		free(p);
		p = q;
	}
	return p;
}

/* Kept out of line so callgrind can count each alone: loading the terms
 * (the glossary's: the sample's, then made-up ones to n_gloss) into the
 * matchers, as the reader does when an episode or the book loads. */
__attribute__((noinline)) static void
bench_build(struct matcher *gl, struct matcher *saved,
	    const struct episode *ep, char **made, size_t n_gloss,
	    size_t n_saved)
{
	size_t id = 0;
	for (size_t i = 0; i < ep->n_terms; i++)
		matcher_add(gl, ep->terms[i].term, id++);
	for (size_t i = 0; id < n_gloss; i++)
		matcher_add(gl, made[i], id++);
	for (size_t i = 0; i < n_saved; i++)
		matcher_add(saved, made[n_gloss + i], i);
	/* The first search builds the automaton: part of loading. */
	struct term_span *sp;
	free((matcher_find(gl, "x", &sp), sp));
	free((matcher_find(saved, "x", &sp), sp));
}

/* One → press's worth of finding, for every sentence. Returns the spans
 * found, so the work cannot be optimised away. */
__attribute__((noinline)) static size_t
bench_find(const struct matcher *gl, const struct matcher *saved,
	   const struct episode *ep)
{
	size_t total = 0;
	for (size_t i = 0; i < ep->n_segments; i++) {
		const char *text[2] = { ep->segments[i].en, ep->segments[i].zh };
		for (int l = 0; l < 2; l++) {
			struct term_span *sp;
			total += matcher_find(gl, text[l], &sp);
			free(sp);
			total += matcher_find(saved, text[l], &sp);
			free(sp);
		}
	}
	return total;
}

static double bench_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: bench_matcher GLOSSARY SAVED SAMPLE "
				"[ROUNDS]\n");
		return 2;
	}
	size_t n_gloss = strtoul(argv[1], NULL, 10);
	size_t n_saved = strtoul(argv[2], NULL, 10);
	int rounds = argc > 4 ? atoi(argv[4]) : 1;
	struct episode *ep;
	struct import_error err;
	if (import_file(argv[3], NULL, &ep, &err) != 0) {
		fprintf(stderr, "bench_matcher: %s: %s\n", argv[3], err.msg);
		return 1;
	}
	if (n_gloss < ep->n_terms)
		n_gloss = ep->n_terms;
	char **words;
	size_t nw = bench_words(ep, &words);
	size_t n_made = n_gloss + n_saved;
	char **made = xmalloc((n_made ? n_made : 1) * sizeof *made);
	for (size_t i = 0; i < n_made; i++)
		made[i] = bench_phrase(words, nw);

	struct matcher *gl = matcher_new(), *saved = matcher_new();
	double t0 = bench_now();
	bench_build(gl, saved, ep, made, n_gloss, n_saved);
	double t1 = bench_now();
	size_t found = 0;
	for (int r = 0; r < rounds; r++)
		found += bench_find(gl, saved, ep);
	double t2 = bench_now();
	printf("%zu glossary terms, %zu saved words, %zu sentences: "
	       "loading %.1f ms, per sentence %.2f us, %zu spans\n",
	       matcher_count(gl), matcher_count(saved),
	       ep->n_segments, (t1 - t0) * 1e3,
	       (t2 - t1) * 1e6 / ((double)rounds * (double)ep->n_segments),
	       found / (size_t)rounds);
	matcher_free(gl);
	matcher_free(saved);
	for (size_t i = 0; i < n_made; i++)
		free(made[i]);
	free(made);
	for (size_t i = 0; i < nw; i++)
		free(words[i]);
	free(words);
	episode_free(ep);
	return 0;
}
