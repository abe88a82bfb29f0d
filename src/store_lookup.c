/* store_lookup: the library's glossary across episodes -- every gloss a
 * term received in any episode -- and the JSON of `define`. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buildspeak/alloc.h"
#include "buildspeak/dict.h"
#include "store_int.h"

void store_glosses_free(struct store_gloss *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].term);
		free(v[i].gloss);
		for (size_t j = 0; j < v[i].n_episodes; j++) {
			free(v[i].episodes[j].title);
			free(v[i].episodes[j].date);
		}
		free(v[i].episodes);
	}
	free(v);
}

/* The group of v[0..n) with this term (without ASCII case) and gloss, made
 * when missing. */
static struct store_gloss *store_gloss_group(struct store_gloss **v,
					     size_t *n, size_t *cap,
					     size_t from, const char *term,
					     const char *gloss)
{
	for (size_t i = from; i < *n; i++)
		if (strcasecmp((*v)[i].term, term) == 0 &&
		    strcmp((*v)[i].gloss, gloss) == 0)
			return &(*v)[i];
	*v = xgrowarray(*v, cap, *n + 1, sizeof **v);
	struct store_gloss *g = &(*v)[(*n)++];
	memset(g, 0, sizeof *g);
	g->term = xstrdup(term);
	g->gloss = xstrdup(gloss);
	return g;
}

static int store_gloss_by_count(const void *a, const void *b)
{
	const struct store_gloss *x = a, *y = b;
	return (x->count < y->count) - (x->count > y->count);
}

int store_gloss_lookup(struct store *st, const char *const *keys,
		       size_t n_keys, struct store_gloss **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	/* terms_by_term (term COLLATE NOCASE) makes this a few index
	 * probes a key instead of a scan of every episode's glossary. */
	sqlite3_stmt *q = store_prepare(
		st, "SELECT t.term, t.gloss, t.count, e.id, e.title, e.date "
		    "FROM terms t JOIN episodes e ON e.id = t.episode_id "
		    "WHERE t.term = ?1 COLLATE NOCASE "
		    "ORDER BY e.date DESC, e.id DESC, t.idx");
	if (!q)
		return -1;
	struct store_gloss *v = NULL;
	size_t nv = 0, cap = 0;
	int rc = 0;
	for (size_t k = 0; k < n_keys && rc == 0; k++) {
		size_t from = nv;
		store_bind_text(q, 1, keys[k]);
		int r;
		while ((r = sqlite3_step(q)) == SQLITE_ROW) {
			struct store_gloss *g = store_gloss_group(
				&v, &nv, &cap, from, store_col_text(q, 0),
				store_col_text(q, 1));
			int count = sqlite3_column_int(q, 2);
			g->count += count;
			g->episodes = xrealloc(g->episodes,
					       (g->n_episodes + 1) *
						       sizeof *g->episodes);
			g->episodes[g->n_episodes++] =
				(struct store_gloss_episode){
					.id = sqlite3_column_int64(q, 3),
					.title = store_col_str(q, 4),
					.date = store_col_str(q, 5),
					.count = count,
				};
		}
		if (r != SQLITE_DONE)
			rc = store_fail_db(st, "looking a term up in the "
					       "glossaries");
		sqlite3_reset(q);
		/* Each key's glosses, most used first (qsort may not be
		 * given NULL, even for nothing). */
		if (nv - from > 1)
			qsort(v + from, nv - from, sizeof *v,
			      store_gloss_by_count);
	}
	sqlite3_finalize(q);
	if (rc != 0) {
		store_glosses_free(v, nv);
		return -1;
	}
	*out = v;
	*n = nv;
	return 0;
}

/* Appends JSON value j (valid JSON, from SQLite) to the array text a. */
static void store_json_append(char **a, const char *j)
{
	char *old = *a;
	*a = old ? xasprintf("%s,%s", old, j) : xasprintf("%s", j);
	free(old);
}

/* One row of sql (which yields one JSON value) with text parameters
 * p[0..n); NULL on failure. */
static char *store_json_row(struct store *st, const char *sql,
			    const char *const *p, int n)
{
	sqlite3_stmt *q = store_prepare(st, sql);
	if (!q)
		return NULL;
	for (int i = 0; i < n; i++)
		store_bind_text(q, i + 1, p[i]);
	char *s = NULL;
	if (sqlite3_step(q) == SQLITE_ROW)
		s = store_col_str(q, 0);
	else
		store_fail_db(st, "building JSON");
	sqlite3_finalize(q);
	return s;
}

/* A JSON array of the strings v[0..n). */
static char *store_json_strings(struct store *st, char *const *v, size_t n)
{
	char *a = NULL;
	for (size_t i = 0; i < n; i++) {
		const char *p[] = {v[i]};
		char *j = store_json_row(st, "SELECT json_quote(?1)", p, 1);
		if (!j) {
			free(a);
			return NULL;
		}
		store_json_append(&a, j);
		free(j);
	}
	char *out = xasprintf("[%s]", a ? a : "");
	free(a);
	return out;
}

char *store_define_json(struct store *st, const char *word,
			const char *glossary_of, const struct store_gloss *g,
			size_t n_g, const char *senses_of,
			const struct dict_result *r)
{
	char *glossary = NULL, *senses = NULL, *out = NULL;
	char *lemmas = NULL, *problems = NULL;
	bool ok = true;
	for (size_t i = 0; i < n_g && ok; i++) {
		char *eps = NULL;
		for (size_t j = 0; j < g[i].n_episodes && ok; j++) {
			const struct store_gloss_episode *e = &g[i].episodes[j];
			char id[32], count[32];
			snprintf(id, sizeof id, "%lld", e->id);
			snprintf(count, sizeof count, "%d", e->count);
			const char *p[] = {id, e->title, e->date, count};
			char *o = store_json_row(
				st, "SELECT json_object('id', CAST(?1 AS "
				    "INTEGER), 'title', ?2, 'date', ?3, "
				    "'count', CAST(?4 AS INTEGER))", p, 4);
			ok = o != NULL;
			if (o)
				store_json_append(&eps, o);
			free(o);
		}
		char count[32];
		snprintf(count, sizeof count, "%d", g[i].count);
		char *eps_arr = xasprintf("[%s]", eps ? eps : "");
		const char *p[] = {g[i].term, g[i].gloss, count, eps_arr};
		char *o = ok ? store_json_row(
				       st, "SELECT json_object('term', ?1, "
					   "'gloss', ?2, 'count', CAST(?3 AS "
					   "INTEGER), 'episodes', json(?4))",
				       p, 4)
			     : NULL;
		ok = o != NULL;
		if (o)
			store_json_append(&glossary, o);
		free(o);
		free(eps);
		free(eps_arr);
	}
	for (size_t i = 0; r && i < r->n_senses && ok; i++) {
		const struct dict_sense *s = &r->senses[i];
		const char *p[] = {s->source, s->lemma, s->pos, s->text};
		char *o = store_json_row(st, "SELECT json_object('source', ?1, "
					     "'lemma', ?2, 'pos', ?3, "
					     "'text', ?4)", p, 4);
		ok = o != NULL;
		if (o)
			store_json_append(&senses, o);
		free(o);
	}
	if (ok) {
		lemmas = store_json_strings(st, r ? r->lemmas : NULL,
					    r ? r->n_lemmas : 0);
		problems = store_json_strings(st, r ? r->problems : NULL,
					      r ? r->n_problems : 0);
	}
	if (ok && lemmas && problems) {
		char *ga = xasprintf("[%s]", glossary ? glossary : "");
		char *sa = xasprintf("[%s]", senses ? senses : "");
		const char *p[] = {word, glossary_of, ga, senses_of, sa,
				   lemmas, problems};
		out = store_json_row(
			st, "SELECT json_object('word', ?1, 'glossary_of', ?2, "
			    "'glossary', json(?3), 'senses_of', ?4, "
			    "'senses', json(?5), 'lemmas', json(?6), "
			    "'problems', json(?7))", p, 7);
		free(ga);
		free(sa);
	}
	free(glossary);
	free(senses);
	free(lemmas);
	free(problems);
	return out;
}
