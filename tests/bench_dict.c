/* bench_dict: look-up time for 1,000 random words of the sample against
 * WordNet, against the glossary of a 1,000-episode library, and the whole
 * look-up (glossary, WordNet and the installed dictd databases). Prints
 * figures; asserts nothing. Run by tests/bench_dict.sh.
 *
 *   bench_dict SAMPLE LIBRARY
 *
 * LIBRARY is made when missing: 1,000 episodes, each with the sample's
 * first 10 segments (the glossary query never reads segments), a random
 * ~60% of the sample's 194 terms and 100 terms of its own -- ~220,000
 * glossary rows, so a common term is glossed in ~600 episodes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buildspeak/alloc.h"
#include "buildspeak/dict.h"
#include "buildspeak/episode.h"
#include "buildspeak/import.h"
#include "buildspeak/lookup.h"
#include "buildspeak/store.h"
#include "buildspeak/text.h"

#define BENCH_EPISODES 1000
#define BENCH_WORDS 1000

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void report(const char *what, double *ms, size_t n, double cpu_s)
{
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += ms[i];
	qsort(ms, n, sizeof *ms, cmp_double);
	printf("%-34s cpu %.3f ms a word; wall: mean %.3f ms, median %.3f, "
	       "p95 %.3f, max %.3f (%zu words)\n",
	       what, cpu_s * 1000 / (double)n, sum / (double)n, ms[n / 2],
	       ms[n * 95 / 100], ms[n - 1], n);
}

static void make_library(struct store *st, const struct episode *sample)
{
	srand(7);
	double t0 = now();
	for (int i = 0; i < BENCH_EPISODES; i++) {
		struct episode *ep = episode_new();
		char *title = xasprintf("Ep %d: %s", i + 1, sample->title);
		char *url = xasprintf("https://example.com/ep/%d", i + 1);
		char date[16];
		snprintf(date, sizeof date, "20%02d-%02d-%02d", 20 + i / 300,
			 1 + i / 28 % 12, 1 + i % 28);
		episode_set(&ep->title, title);
		episode_set(&ep->podcast, sample->podcast);
		episode_set(&ep->date, date);
		episode_set(&ep->source_url, url);
		for (size_t s = 0; s < 10 && s < sample->n_segments; s++) {
			const struct segment *g = &sample->segments[s];
			episode_add_segment(ep, g->speaker, g->start, g->end,
					    xstrdup(g->en), xstrdup(g->zh),
					    0);
		}
		for (size_t t = 0; t < sample->n_terms; t++)
			if (rand() % 10 < 6)
				episode_add_term(ep, sample->terms[t].term,
						 sample->terms[t].gloss,
						 1 + rand() % 4, 0);
		for (int t = 0; t < 100; t++) {
			char *term = xasprintf("term%d-%d", i, t);
			episode_add_term(ep, term, "术语", 1, 0);
			free(term);
		}
		if (store_episode_save(st, ep, 0) != 0) {
			fprintf(stderr, "bench_dict: %s\n", store_error(st));
			exit(1);
		}
		episode_free(ep);
		free(title);
		free(url);
	}
	printf("made a %d-episode library in %.1f s\n", BENCH_EPISODES,
	       now() - t0);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: bench_dict SAMPLE LIBRARY\n");
		return 64;
	}
	struct episode *sample;
	struct import_error ie;
	if (import_file(argv[1], NULL, &sample, &ie) != 0) {
		fprintf(stderr, "bench_dict: %s: %s\n", argv[1], ie.msg);
		return 1;
	}
	char err[512];
	struct store *st = store_open(argv[2], STORE_OPEN_CREATE, NULL, err,
				      sizeof err);
	if (!st) {
		fprintf(stderr, "bench_dict: %s\n", err);
		return 1;
	}
	if (store_episode_count(st) < BENCH_EPISODES)
		make_library(st, sample);

	/* 1,000 words drawn from the sample's English, with repeats, as a
	 * reader meets them. */
	char **all = NULL;
	size_t n_all = 0, cap = 0;
	for (size_t s = 0; s < sample->n_segments; s++) {
		size_t *b, *e;
		size_t n = text_words(sample->segments[s].en, &b, &e);
		for (size_t i = 0; i < n; i++) {
			all = xgrowarray(all, &cap, n_all + 1, sizeof *all);
			all[n_all++] = xstrndup(sample->segments[s].en + b[i],
						e[i] - b[i]);
		}
		free(b);
		free(e);
	}
	srand(13);
	const char *words[BENCH_WORDS];
	for (int i = 0; i < BENCH_WORDS; i++)
		words[i] = all[(size_t)rand() % n_all];
	static double ms[BENCH_WORDS];
	printf("%zu words in the sample; %d drawn at random; library of %ld "
	       "episodes\n", n_all, BENCH_WORDS, store_episode_count(st));

	/* WordNet alone: no dictd databases. */
	const char *dir = getenv("BUILDSPEAK_DICTD_DIR");
	char *saved_dir = dir ? xstrdup(dir) : NULL;
	setenv("BUILDSPEAK_DICTD_DIR", "/nonexistent", 1);
	struct dict *d = dict_new(NULL, 0);
	double t = now();
	if (dict_wordnet_problem(d)) {
		printf("WordNet: %s\n", dict_wordnet_problem(d));
		return 1;
	}
	printf("WordNet opened in %.2f ms\n", (now() - t) * 1000);
	size_t senses = 0;
	double c0 = cpu();
	for (int i = 0; i < BENCH_WORDS; i++) {
		struct dict_result r;
		t = now();
		senses += dict_lookup(d, words[i], &r);
		ms[i] = (now() - t) * 1000;
		dict_result_free(&r);
	}
	report("WordNet (senses + lemmas)", ms, BENCH_WORDS, cpu() - c0);
	printf("  %zu senses in all\n", senses);

	size_t hits = 0;
	c0 = cpu();
	for (int i = 0; i < BENCH_WORDS; i++) {
		t = now();
		char **keys;
		size_t nk = lookup_keys(d, words[i], &keys);
		struct store_gloss *g;
		size_t ng;
		if (store_gloss_lookup(st, (const char *const *)keys, nk, &g,
				       &ng) != 0) {
			fprintf(stderr, "bench_dict: %s\n", store_error(st));
			return 1;
		}
		ms[i] = (now() - t) * 1000;
		for (size_t j = 0; j < ng; j++)
			hits += g[j].n_episodes;
		store_glosses_free(g, ng);
		for (size_t j = 0; j < nk; j++)
			free(keys[j]);
		free(keys);
	}
	report("library glossary (keys + query)", ms, BENCH_WORDS,
	       cpu() - c0);
	printf("  %zu episode glosses found in all\n", hits);
	dict_free(d);

	/* The whole look-up, with the installed dictd databases. */
	if (saved_dir)
		setenv("BUILDSPEAK_DICTD_DIR", saved_dir, 1);
	else
		unsetenv("BUILDSPEAK_DICTD_DIR");
	d = dict_new(NULL, 0);
	struct lookup l;
	t = now();
	lookup_word(st, d, "model", &l);
	printf("first whole look-up (opens the dictd databases): %.1f ms, "
	       "%zu senses\n", (now() - t) * 1000, l.dict.n_senses);
	lookup_free(&l);
	c0 = cpu();
	for (int i = 0; i < BENCH_WORDS; i++) {
		t = now();
		lookup_word(st, d, words[i], &l);
		ms[i] = (now() - t) * 1000;
		lookup_free(&l);
	}
	report("whole look-up (glossary+WN+dictd)", ms, BENCH_WORDS,
	       cpu() - c0);
	dict_free(d);
	free(saved_dir);
	for (size_t i = 0; i < n_all; i++)
		free(all[i]);
	free(all);
	store_close(st);
	episode_free(sample);
	return 0;
}
