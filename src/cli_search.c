/* cli_search: `buildspeak search`, over the sentences or the glossaries. */
#include "cli_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "buildspeak/episode.h"
#include "buildspeak/store.h"

/* The hits shown when --limit is not given. */
#define CLI_SEARCH_LIMIT 20

/* Prints a snippet with its matches between « and » (text, so that the
 * marks survive a pipe; the text itself is sanitised). */
static void cli_put_marked(const struct store_search_hit *h)
{
	size_t at = 0;
	for (size_t i = 0; i <= h->n_marks; i++) {
		size_t to = i < h->n_marks ? h->marks[i].off
					   : strlen(h->snippet);
		char *part = strndup(h->snippet + at, to - at);
		cli_put(part);
		free(part);
		if (i == h->n_marks)
			break;
		part = strndup(h->snippet + to, h->marks[i].len);
		fputs("\u00ab", stdout);
		cli_put(part);
		fputs("\u00bb", stdout);
		free(part);
		at = to + h->marks[i].len;
	}
}

/* --limit N: 0 for every hit, else at most N. */
static bool cli_parse_limit(const char *s, size_t *out)
{
	char *end;
	if (!s || !*s || *s < '0' || *s > '9')
		return false;
	unsigned long long v = strtoull(s, &end, 10);
	if (*end || v > 1000000)
		return false;
	*out = (size_t)v;
	return true;
}

static int cli_search_glossary(struct cli *c, const char *query,
			       long long episode, size_t limit)
{
	struct store_term_hit *v;
	size_t n;
	if (store_search_glossary(c->st, query, episode, limit, &v, &n) != 0)
		return cli_store_failed(c, "cannot search");
	int rc = n ? EX_OK : 1;
	if (cli_opt(c, CLI_O_JSON)) {
		char *json = store_term_hits_json(c->st, v, n);
		if (!json)
			rc = cli_store_failed(c, "cannot write the hits as JSON");
		else
			puts(json);
		free(json);
	} else {
		for (size_t i = 0; i < n; i++) {
			cli_put(v[i].term);
			if (v[i].gloss[0]) {
				fputs(" \u2014 ", stdout);
				cli_put(v[i].gloss);
			}
			printf("  (episode %lld, sentence %d: ", v[i].episode,
			       v[i].first_segment + 1);
			cli_put(v[i].title);
			puts(")");
		}
	}
	store_term_hits_free(v, n);
	return rc;
}

/* search QUERY: the matching sentences, best first. Exit 0 with hits, 1
 * without, EX_USAGE for a query that cannot be searched. */
int cli_cmd_search(struct cli *c)
{
	const char *query = c->args[0];
	char err[200];
	if (store_search_check(query, err, sizeof err) != 0)
		return cli_usage(c, "%s", err);
	long long episode = 0;
	const char *ep = cli_opt(c, CLI_O_EPISODE);
	if (ep && !cli_parse_id(ep, &episode))
		return cli_usage(c, "--episode wants an episode id (a positive "
				 "number), not '%s'", ep);
	enum store_search_side lang = STORE_SEARCH_ANY;
	const char *l = cli_opt(c, CLI_O_LANG);
	if (l && strcmp(l, "en") == 0)
		lang = STORE_SEARCH_EN;
	else if (l && strcmp(l, "zh") == 0)
		lang = STORE_SEARCH_ZH;
	else if (l)
		return cli_usage(c, "--lang is en or zh, not '%s'", l);
	size_t limit = CLI_SEARCH_LIMIT;
	const char *lim = cli_opt(c, CLI_O_LIMIT);
	if (lim && !cli_parse_limit(lim, &limit))
		return cli_usage(c, "--limit wants a number from 0 (every hit) "
				 "to 1000000, not '%s'", lim);
	if (cli_opt(c, CLI_O_GLOSSARY) && l)
		return cli_usage(c, "--glossary searches terms and glosses: "
				 "--lang does not apply");

	int rc = cli_open(c, CLI_READ);
	if (rc != EX_OK)
		return rc;
	if (cli_opt(c, CLI_O_GLOSSARY))
		return cli_search_glossary(c, query, episode, limit);

	struct store_search_hit *v;
	size_t n;
	if (store_search(c->st, query, episode, lang, limit, &v, &n) != 0)
		return cli_store_failed(c, "cannot search");
	rc = n ? EX_OK : 1;
	if (cli_opt(c, CLI_O_JSON)) {
		char *json = store_search_json(c->st, v, n);
		if (!json)
			rc = cli_store_failed(c, "cannot write the hits as JSON");
		else
			puts(json);
		free(json);
	} else {
		for (size_t i = 0; i < n; i++) {
			const struct store_search_hit *h = &v[i];
			char t[32];
			episode_format_time(h->start, t, sizeof t);
			printf("%lld:%d  %s  speaker %d  ", h->episode,
			       h->segment + 1, t, h->speaker);
			cli_put(h->title);
			fputs("\n  ", stdout);
			cli_put_marked(h);
			putchar('\n');
			if (h->term) {
				fputs("  glossary: ", stdout);
				cli_put(h->term);
				fputs(" \u2014 ", stdout);
				cli_put(h->gloss);
				putchar('\n');
			}
		}
		if (n == 0)
			fprintf(stderr, "buildspeak: no sentence matches\n");
	}
	store_search_hits_free(v, n);
	return rc;
}
