/* store_search: the queries, over the segments' search index (its
 * tables and tokenizer are store_search_index.c) and over the
 * glossaries: what a learner types parsed into terms, the hits ranked
 * by bm25 among the newest matches, their marks and snippets, the
 * glossary entry each hit names, the glossary scan, and both kinds of
 * hit as JSON. */
#include "store_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>

#include "buildspeak/alloc.h"
#include "buildspeak/text.h"

/* Bytes that never occur in valid UTF-8 (and stored text is valid): the
 * marks highlight() puts around a match, turned into spans below. */
#define STORE_MARK_OPEN "\xff"
#define STORE_MARK_CLOSE "\xfe"

/* Caps on what a user can ask: a query is typed, not pasted books. */
#define STORE_QUERY_MAX_BYTES 1000
#define STORE_QUERY_MAX_TERMS 16

/* A snippet keeps this many characters before the first mark, and this
 * many in all. */
#define STORE_SNIPPET_BEFORE 40
#define STORE_SNIPPET_CHARS 160

/* ---- the query ------------------------------------------------------------ */

/* One term of a query: a word, or a phrase the user quoted. */
struct store_term {
	char *text;   /* as typed, owned */
	bool cjk;     /* holds a Han or kana character */
};

struct store_query {
	struct store_term term[STORE_QUERY_MAX_TERMS];
	size_t n;
};

static void store_query_clear(struct store_query *q)
{
	for (size_t i = 0; i < q->n; i++)
		free(q->term[i].text);
	q->n = 0;
}

/* Whether s[0..len) holds something a tokenizer keeps (a letter or a
 * digit): a term of only punctuation ("-", "*", ":") matches nothing and
 * is dropped. */
static bool store_has_word(const char *s, size_t len, bool *cjk)
{
	bool word = false;
	*cjk = false;
	for (size_t i = 0; i < len;) {
		uint32_t uc;
		i += (size_t)text_next(s + i, len - i, &uc);
		if (uc_is_alnum(uc))
			word = true;
		if (store_is_cjk(uc))
			*cjk = word = true;
	}
	return word;
}

/* Splits a query as a learner types it: words separated by spaces, a
 * phrase between double quotes (an unclosed quote runs to the end). No
 * other character means anything. */
static int store_query_parse(const char *query, struct store_query *q,
			     char *err, size_t errsize)
{
	q->n = 0;
	size_t len = query ? strlen(query) : 0;
	size_t bad;
	if (len > STORE_QUERY_MAX_BYTES) {
		snprintf(err, errsize, "the query is too long (%zu bytes, at "
			 "most %d)", len, STORE_QUERY_MAX_BYTES);
		return -1;
	}
	if (!text_valid(query ? query : "", len, &bad)) {
		snprintf(err, errsize, "the query is not valid UTF-8 (byte "
			 "%zu)", bad + 1);
		return -1;
	}
	size_t i = 0;
	while (i < len) {
		while (i < len && (query[i] == ' ' || query[i] == '\t' ||
				   query[i] == '\n' || query[i] == '\r'))
			i++;
		if (i >= len)
			break;
		size_t from, to;
		if (query[i] == '"') {
			from = ++i;
			while (i < len && query[i] != '"')
				i++;
			to = i;
			if (i < len)
				i++;
		} else {
			from = i;
			while (i < len && query[i] != ' ' && query[i] != '\t' &&
			       query[i] != '\n' && query[i] != '\r' &&
			       query[i] != '"')
				i++;
			to = i;
		}
		bool cjk;
		if (!store_has_word(query + from, to - from, &cjk))
			continue;
		if (q->n == STORE_QUERY_MAX_TERMS) {
			store_query_clear(q);
			snprintf(err, errsize, "the query has too many words "
				 "(at most %d)", STORE_QUERY_MAX_TERMS);
			return -1;
		}
		char *nfc_in = xstrndup(query + from, to - from);
		q->term[q->n].text = text_nfc(nfc_in);
		free(nfc_in);
		q->term[q->n].cjk = cjk;
		q->n++;
	}
	if (q->n == 0) {
		snprintf(err, errsize, len ? "the query has no letters or "
			 "digits to search for" : "the query is empty");
		return -1;
	}
	return 0;
}

int store_search_check(const char *query, char *err, size_t errsize)
{
	struct store_query q;
	if (store_query_parse(query, &q, err, errsize) != 0)
		return -1;
	store_query_clear(&q);
	return 0;
}

/* Appends s as one FTS5 string (between double quotes, each quote
 * doubled): whatever the user typed is text to the tokenizer, never
 * query syntax (NEAR, *, -, column:). prefix: the last token is a prefix
 * (ours: a query of one Chinese character). */
static void store_fts_quote(char **buf, size_t *len, size_t *cap,
			    const char *s, bool prefix)
{
	size_t need = strlen(s) * 2 + 5;
	*buf = xgrowarray(*buf, cap, *len + need, 1);
	char *o = *buf + *len;
	if (*len)
		*o++ = ' ';
	*o++ = '"';
	for (; *s; s++) {
		*o++ = *s;
		if (*s == '"')
			*o++ = '"';
	}
	*o++ = '"';
	if (prefix)
		*o++ = '*';
	*o = '\0';
	*len = (size_t)(o - *buf);
}

/* Which side each term searches: with lang ANY, Chinese terms the
 * Chinese side and the others the English side. */
static bool store_term_on_zh(const struct store_term *t,
			     enum store_search_side lang)
{
	return lang == STORE_SEARCH_ZH || (lang == STORE_SEARCH_ANY && t->cjk);
}

/* ---- marks and snippets ---------------------------------------------------- */

struct store_marked {
	char *text;
	struct store_search_mark *marks;
	size_t n, cap;
};

static void store_mark_add(struct store_marked *m, size_t off, size_t len)
{
	for (size_t i = 0; i < m->n; i++)
		if (off < m->marks[i].off + m->marks[i].len &&
		    m->marks[i].off < off + len)
			return; /* overlaps one already marked */
	m->marks = xgrowarray(m->marks, &m->cap, m->n + 1, sizeof *m->marks);
	size_t i = m->n++;
	while (i > 0 && m->marks[i - 1].off > off) {
		m->marks[i] = m->marks[i - 1];
		i--;
	}
	m->marks[i].off = off;
	m->marks[i].len = len;
}

/* highlight()'s output, marks taken out and kept as spans. */
static void store_unmark(const char *hl, struct store_marked *m)
{
	size_t len = strlen(hl), o = 0, open = 0;
	m->text = xmalloc(len + 1);
	for (size_t i = 0; i < len; i++) {
		if (hl[i] == STORE_MARK_OPEN[0]) {
			open = o;
		} else if (hl[i] == STORE_MARK_CLOSE[0]) {
			if (o > open)
				store_mark_add(m, open, o - open);
		} else {
			m->text[o++] = hl[i];
		}
	}
	m->text[o] = '\0';
	/* highlight() marks each token: a phrase reads better marked whole,
	 * so marks apart only by spaces are joined. */
	size_t k = 0;
	for (size_t i = 0; i < m->n; i++) {
		if (k > 0) {
			struct store_search_mark *p = &m->marks[k - 1];
			size_t gap = p->off + p->len;
			while (gap < m->marks[i].off && m->text[gap] == ' ')
				gap++;
			if (gap == m->marks[i].off) {
				p->len = m->marks[i].off + m->marks[i].len -
					 p->off;
				continue;
			}
		}
		m->marks[k++] = m->marks[i];
	}
	m->n = k;
}

/* Marks in text every occurrence of each zh-side term: a Chinese run
 * exactly, a word case-insensitively (ASCII) at the start of a word, so
 * that stems (model in models) are marked too. */
static void store_mark_terms(const char *text, const struct store_query *q,
			     enum store_search_side lang,
			     struct store_marked *m)
{
	m->text = xstrdup(text);
	size_t tlen = strlen(text);
	for (size_t k = 0; k < q->n; k++) {
		if (!store_term_on_zh(&q->term[k], lang))
			continue;
		/* Each run of letters, digits or CJK of the term on its own:
		 * a phrase's words may stand apart in the text. */
		const char *t = q->term[k].text;
		size_t tl = strlen(t);
		for (size_t a = 0; a < tl;) {
			uint32_t uc;
			int n = text_next(t + a, tl - a, &uc);
			if (!uc_is_alnum(uc) && !store_is_cjk(uc)) {
				a += (size_t)n;
				continue;
			}
			bool cjk = store_is_cjk(uc);
			size_t b = a;
			while (b < tl) {
				int nb = text_next(t + b, tl - b, &uc);
				if (store_is_cjk(uc) != cjk ||
				    (!cjk && !uc_is_alnum(uc)))
					break;
				b += (size_t)nb;
			}
			size_t rl = b - a;
			for (size_t i = 0; i + rl <= tlen; i++) {
				bool at_word = cjk || i == 0 ||
					!((unsigned char)text[i - 1] < 0x80 &&
					  uc_is_alnum((unsigned char)text[i - 1]));
				if (at_word && (cjk ? memcmp(text + i, t + a, rl)
						    == 0
						    : strncasecmp(text + i,
							t + a, rl) == 0)) {
					store_mark_add(m, i, rl);
					i += rl - 1;
				}
			}
			a = b;
		}
	}
}

/* Cuts a long marked text to a window around its first mark, with "…"
 * where it was cut, moving the marks along. Takes m->text. */
static char *store_snippet(struct store_marked *m, struct store_search_hit *h)
{
	const char *s = m->text;
	size_t len = strlen(s);
	size_t first = m->n ? m->marks[0].off : 0;
	/* Step back STORE_SNIPPET_BEFORE characters from the first mark. */
	size_t from = first;
	for (int c = 0; c < STORE_SNIPPET_BEFORE && from > 0; c++) {
		from--;
		while (from > 0 && ((unsigned char)s[from] & 0xC0) == 0x80)
			from--;
	}
	size_t to = from;
	for (int c = 0; c < STORE_SNIPPET_CHARS && to < len; c++) {
		uint32_t uc;
		to += (size_t)text_next(s + to, len - to, &uc);
	}
	/* A short text, or a short tail: show from further back. */
	while (to == len && from > 0) {
		size_t count = 0;
		for (size_t i = from; i < to; i++)
			count += ((unsigned char)s[i] & 0xC0) != 0x80;
		if (count >= STORE_SNIPPET_CHARS)
			break;
		from--;
		while (from > 0 && ((unsigned char)s[from] & 0xC0) == 0x80)
			from--;
	}
	const char *ell = "\xe2\x80\xa6"; /* … */
	size_t pre = from > 0 ? 3 : 0, post = to < len ? 3 : 0;
	char *out = xmalloc(pre + (to - from) + post + 1);
	memcpy(out, ell, pre);
	memcpy(out + pre, s + from, to - from);
	memcpy(out + pre + (to - from), ell, post);
	out[pre + (to - from) + post] = '\0';
	h->marks = NULL;
	h->n_marks = 0;
	size_t cap = 0;
	for (size_t i = 0; i < m->n; i++) {
		size_t a = m->marks[i].off, b = a + m->marks[i].len;
		if (a < from || b > to)
			continue;
		h->marks = xgrowarray(h->marks, &cap, h->n_marks + 1,
		      sizeof *h->marks);
		h->marks[h->n_marks].off = a - from + pre;
		h->marks[h->n_marks].len = b - a;
		h->n_marks++;
	}
	free(m->text);
	free(m->marks);
	return out;
}

/* ---- searching ------------------------------------------------------------- */

void store_search_hits_free(struct store_search_hit *v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++) {
		free(v[i].title);
		free(v[i].en);
		free(v[i].zh);
		free(v[i].snippet);
		free(v[i].marks);
		free(v[i].term);
		free(v[i].gloss);
	}
	free(v);
}

/* Binds the glossary condition's parameters from ?first on: each term
 * folded. Returns the SQL condition (new string) that a term row must
 * meet: every query term in its term (folded) or its gloss. */
static char *store_term_condition(const struct store_query *q, int first)
{
	char *sql = xstrdup("1");
	for (size_t k = 0; k < q->n; k++) {
		char *next = xasprintf("%s AND (instr(bs_fold(t.term), ?%d) "
				       "OR instr(bs_fold(t.gloss), ?%d))", sql,
				       first + (int)k, first + (int)k);
		free(sql);
		sql = next;
	}
	return sql;
}

static void store_term_bind(sqlite3_stmt *stmt, const struct store_query *q,
			    int first)
{
	for (size_t k = 0; k < q->n; k++)
		sqlite3_bind_text(stmt, first + (int)k,
				  text_fold(q->term[k].text), -1, free);
}

/* qsort_r's comparison of hit indexes by the hits' episodes. */
static int store_cmp_episode(const void *a, const void *b, void *hits)
{
	const struct store_search_hit *v = hits;
	long long x = v[*(const size_t *)a].episode;
	long long y = v[*(const size_t *)b].episode;
	return (x > y) - (x < y);
}

/* Each hit's glossary entry that the query names, if any: one statement
 * for all of them. */
static int store_hits_gloss(struct store *st, const struct store_query *q,
			    struct store_search_hit *v, size_t n)
{
	if (n == 0)
		return 0;
	char *cond = store_term_condition(q, 2);
	char *sql = xasprintf("SELECT t.term, t.gloss FROM terms t WHERE "
			      "t.episode_id = ?1 AND %s ORDER BY t.idx LIMIT 1",
			      cond);
	free(cond);
	sqlite3_stmt *stmt = store_prepare(st, sql);
	free(sql);
	if (!stmt)
		return -1;
	store_term_bind(stmt, q, 2);
	/* Folding an episode's terms costs ~1 ms: once an episode, the
	 * hits taken in episode order. */
	size_t *order = xmalloc(n * sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order, n, sizeof *order, store_cmp_episode, v);
	for (size_t k = 0; k < n; k++) {
		struct store_search_hit *h = &v[order[k]];
		if (k > 0 && v[order[k - 1]].episode == h->episode) {
			const struct store_search_hit *p = &v[order[k - 1]];
			h->term = p->term ? xstrdup(p->term) : NULL;
			h->gloss = p->gloss ? xstrdup(p->gloss) : NULL;
			continue;
		}
		sqlite3_bind_int64(stmt, 1, h->episode);
		int rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW) {
			h->term = store_col_str(stmt, 0);
			h->gloss = store_col_str(stmt, 1);
		} else if (rc != SQLITE_DONE) {
			sqlite3_finalize(stmt);
			free(order);
			return store_fail_db(st, "searching the glossary");
		}
		sqlite3_reset(stmt);
	}
	free(order);
	sqlite3_finalize(stmt);
	return 0;
}

/* The number of the newest matching sentences bm25 ranks when a limited
 * number of hits is asked for: ranking costs ~6 us a match, and a common
 * word matches half the sentences of a 1,000-episode library (73,000:
 * 0.4 s). Sentences are numbered in the order they were imported, so
 * these are the most recently imported matches. */
#define STORE_RANK_WINDOW 2000

/* The first integer of a one-row query, with ?1 = match (when not NULL)
 * and ?2, ?3, ?4 = a, b, c (as far as the query has them), into *out;
 * *out is left as it was when the value is NULL. -1 on failure. */
static int store_search_int(struct store *st, const char *sql,
			    const char *match, long long a, long long b,
			    long long c, long long *out)
{
	sqlite3_stmt *stmt = store_prepare(st, sql);
	if (!stmt)
		return -1;
	if (match)
		sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, a);
	sqlite3_bind_int64(stmt, 3, b);
	sqlite3_bind_int64(stmt, 4, c);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL)
		*out = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return store_fail_db(st, "searching");
	return 0;
}

/* qsort_r's and bsearch's order of hit indexes by their rowids. */
static int store_cmp_id(const void *a, const void *b, void *ids)
{
	const long long *v = ids;
	long long x = v[*(const size_t *)a], y = v[*(const size_t *)b];
	return (x > y) - (x < y);
}

/* The hits' snippets: en's marked by FTS5's highlight (which knows the
 * stems), zh's by store_mark_terms. A few hits are highlighted one by
 * one; many (every hit of a common word) in one pass over their rowid
 * range, since each single look-up sets the query up again (~0.2 ms). */
static int store_search_snippets(struct store *st, const char *en,
				 const struct store_query *q,
				 enum store_search_side lang,
				 struct store_search_hit *v, const long long *ids,
				 size_t n)
{
	if (!en) {
		for (size_t i = 0; i < n; i++) {
			struct store_marked m = { 0 };
			store_mark_terms(v[i].zh, q, lang, &m);
			v[i].snippet = store_snippet(&m, &v[i]);
		}
		return 0;
	}
	bool bulk = n > 32;
	sqlite3_stmt *hl = store_prepare(st, bulk
		? "SELECT rowid, highlight(search_en, 0, ?2, ?3) FROM search_en "
		  "WHERE search_en MATCH ?1 AND rowid BETWEEN ?4 AND ?5"
		: "SELECT rowid, highlight(search_en, 0, ?2, ?3) FROM search_en "
		  "WHERE search_en MATCH ?1 AND rowid = ?4");
	if (!hl)
		return -1;
	sqlite3_bind_text(hl, 1, en, -1, SQLITE_STATIC);
	sqlite3_bind_text(hl, 2, STORE_MARK_OPEN, -1, SQLITE_STATIC);
	sqlite3_bind_text(hl, 3, STORE_MARK_CLOSE, -1, SQLITE_STATIC);
	size_t *order = xmalloc((n ? n : 1) * sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order, n, sizeof *order, store_cmp_id, (void *)ids);
	int rc = SQLITE_DONE;
	if (bulk) {
		sqlite3_bind_int64(hl, 4, ids[order[0]]);
		sqlite3_bind_int64(hl, 5, ids[order[n - 1]]);
		/* Binary search over order for each row of the range. */
		while ((rc = sqlite3_step(hl)) == SQLITE_ROW) {
			long long id = sqlite3_column_int64(hl, 0);
			size_t lo = 0, hi = n;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (ids[order[mid]] < id)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo == n || ids[order[lo]] != id)
				continue;
			struct store_search_hit *h = &v[order[lo]];
			if (h->snippet)
				continue;
			struct store_marked m = { 0 };
			store_unmark(store_col_text(hl, 1), &m);
			h->snippet = store_snippet(&m, h);
		}
	} else {
		for (size_t i = 0; i < n && rc == SQLITE_DONE; i++) {
			sqlite3_bind_int64(hl, 4, ids[i]);
			rc = sqlite3_step(hl);
			if (rc == SQLITE_ROW) {
				struct store_marked m = { 0 };
				store_unmark(store_col_text(hl, 1), &m);
				v[i].snippet = store_snippet(&m, &v[i]);
				rc = SQLITE_DONE;
			}
			sqlite3_reset(hl);
		}
	}
	sqlite3_finalize(hl);
	free(order);
	if (rc != SQLITE_DONE)
		return store_fail_db(st, "marking the hits");
	/* A hit the index did not mark (none should be): its text as is. */
	for (size_t i = 0; i < n; i++)
		if (!v[i].snippet) {
			struct store_marked m = { .text = xstrdup(v[i].en) };
			v[i].snippet = store_snippet(&m, &v[i]);
		}
	return 0;
}

int store_search(struct store *st, const char *query, long long episode,
		 enum store_search_side lang, size_t limit,
		 struct store_search_hit **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct store_query q;
	char err[200];
	if (store_query_parse(query, &q, err, sizeof err) != 0)
		return store_fail(st, STORE_ERR_OTHER, "%s", err);
	if (store_search_ready(st) != 0) {
		store_query_clear(&q);
		return -1;
	}

	/* The two MATCH expressions, each term one quoted string. */
	char *en = NULL, *zh = NULL;
	size_t en_len = 0, en_cap = 0, zh_len = 0, zh_cap = 0;
	for (size_t k = 0; k < q.n; k++) {
		const char *t = q.term[k].text;
		if (store_term_on_zh(&q.term[k], lang)) {
			/* bs_cjk makes the pairs of the term itself; a
			 * library of an older schema, read-only, is queried
			 * in the pairs its unicode61 was fed. */
			bool prefix;
			char *pairs = store_cjk_bigrams(t, strlen(t), true,
							&prefix);
			store_fts_quote(&zh, &zh_len, &zh_cap,
					st->version >=
					STORE_SCHEMA_SEARCH_TOKENIZER
					? t : pairs, prefix);
			free(pairs);
		} else {
			store_fts_quote(&en, &en_len, &en_cap, t, false);
		}
	}
	const char *drv = en ? "search_en" : "search_zh";
	const char *drv_match = en ? en : zh;
	struct store_search_hit *v = NULL;
	long long *ids = NULL;
	size_t len = 0, cap = 0, ids_cap = 0;
	sqlite3_stmt *stmt = NULL;
	char *sql = NULL;
	int rc = -1;

	/* Sentences are numbered episode by episode (an import writes its
	 * episode's in one transaction), so one episode is a range of
	 * rowids that FTS5 seeks to instead of filtering every match. */
	long long lo = 0, hi = INT64_MAX;
	if (episode) {
		lo = -1;
		if (store_search_int(st, "SELECT min(id) FROM segments WHERE "
				     "episode_id = ?2", NULL, episode, 0, 0,
				     &lo) != 0 ||
		    store_search_int(st, "SELECT max(id) FROM segments WHERE "
				     "episode_id = ?2", NULL, episode, 0, 0,
				     &hi) != 0)
			goto done;
		if (lo < 0) {
			rc = 0; /* no such episode, or an empty one */
			goto done;
		}
	}
	if (limit) {
		sql = xasprintf("SELECT min(rowid) FROM (SELECT rowid FROM %s "
				"WHERE %s MATCH ?1 AND rowid BETWEEN ?2 AND ?3 "
				"ORDER BY rowid DESC LIMIT ?4)", drv, drv);
		int r = store_search_int(st, sql, drv_match, lo, hi,
					 (long long)(limit > STORE_RANK_WINDOW
						     ? limit
						     : STORE_RANK_WINDOW),
					 &lo);
		free(sql);
		sql = NULL;
		if (r != 0)
			goto done;
	}

	/* Rank in the index alone, then read the rows of the best: joining
	 * the segments' rows (~0.8 kB each) before the LIMIT read 2,000 of
	 * them for 20 hits. A mixed query ranks by its English side. */
	/* An episode's sentences are numbered one after another (an import
	 * inserts them in one transaction), so the rowid range above holds
	 * exactly its sentences; the episode_id test below only guards it. */
	sql = xasprintf(
		"WITH hit (id, score) AS (%s) "
		"SELECT s.id, s.episode_id, e.title, s.idx, s.start, "
		"s.speaker, s.en, s.zh FROM hit "
		"JOIN segments s ON s.id = hit.id "
		"JOIN episodes e ON e.id = s.episode_id %s "
		"ORDER BY hit.score, e.date DESC, e.id DESC, s.idx",
		en && zh
		? "WITH a AS MATERIALIZED (SELECT rowid AS id, rank AS r "
		  "FROM search_en WHERE search_en MATCH ?1 AND rowid BETWEEN "
		  "?3 AND ?4), b AS MATERIALIZED (SELECT rowid AS id FROM "
		  "search_zh WHERE search_zh MATCH ?2 AND rowid BETWEEN ?3 AND "
		  "?4) SELECT a.id, a.r FROM a JOIN b ON b.id = a.id "
		  "ORDER BY a.r LIMIT ?6"
		: en ? "SELECT rowid, rank FROM search_en WHERE search_en "
		       "MATCH ?1 AND rowid BETWEEN ?3 AND ?4 ORDER BY rank "
		       "LIMIT ?6"
		     : "SELECT rowid, rank FROM search_zh WHERE search_zh "
		       "MATCH ?1 AND rowid BETWEEN ?3 AND ?4 ORDER BY rank "
		       "LIMIT ?6",
		episode ? "WHERE s.episode_id = ?5" : "");
	stmt = store_prepare(st, sql);
	if (!stmt)
		goto done;
	sqlite3_bind_text(stmt, 1, drv_match, -1, SQLITE_STATIC);
	if (en && zh)
		sqlite3_bind_text(stmt, 2, zh, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, lo);
	sqlite3_bind_int64(stmt, 4, hi);
	sqlite3_bind_int64(stmt, 5, episode);
	sqlite3_bind_int64(stmt, 6, limit ? (sqlite3_int64)limit : -1);
	int step;
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xgrowarray(v, &cap, len + 1, sizeof *v);
		ids = xgrowarray(ids, &ids_cap, len + 1, sizeof *ids);
		struct store_search_hit *h = &v[len];
		memset(h, 0, sizeof *h);
		ids[len++] = sqlite3_column_int64(stmt, 0);
		h->episode = sqlite3_column_int64(stmt, 1);
		h->title = store_col_str(stmt, 2);
		h->segment = sqlite3_column_int(stmt, 3);
		h->start = sqlite3_column_double(stmt, 4);
		h->speaker = sqlite3_column_int(stmt, 5);
		h->en = store_col_str(stmt, 6);
		h->zh = store_col_str(stmt, 7);
		h->match = en && zh ? STORE_SEARCH_ANY
			 : en ? STORE_SEARCH_EN : STORE_SEARCH_ZH;
	}
	if (step != SQLITE_DONE) {
		store_fail_db(st, "searching");
		goto done;
	}
	if (store_search_snippets(st, en, &q, lang, v, ids, len) != 0)
		goto done;
	if (store_hits_gloss(st, &q, v, len) != 0)
		goto done;
	rc = 0;
done:
	sqlite3_finalize(stmt);
	free(sql);
	free(en);
	free(zh);
	free(ids);
	store_query_clear(&q);
	if (rc != 0) {
		store_search_hits_free(v, len);
		return -1;
	}
	*out = v;
	*n = len;
	return 0;
}

/* ---- the glossaries --------------------------------------------------------- */

void store_term_hits_free(struct store_term_hit *v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++) {
		free(v[i].title);
		free(v[i].term);
		free(v[i].gloss);
	}
	free(v);
}

int store_search_glossary(struct store *st, const char *query,
			  long long episode, size_t limit,
			  struct store_term_hit **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	struct store_query q;
	char err[200];
	if (store_query_parse(query, &q, err, sizeof err) != 0)
		return store_fail(st, STORE_ERR_OTHER, "%s", err);
	/* A scan: the glossaries are small (~30 terms an episode, ~6 ms for
	 * 1,000 episodes), and a substring of a term or a gloss is what a
	 * learner half-remembers. An exact term ranks first. */
	char *cond = store_term_condition(&q, 4);
	char *sql = xasprintf(
		"SELECT t.episode_id, e.title, t.first_segment, t.term, "
		"t.gloss FROM terms t JOIN episodes e ON e.id = t.episode_id "
		"WHERE %s %s ORDER BY bs_fold(t.term) <> ?1, e.date DESC, "
		"e.id DESC, t.idx LIMIT ?3", cond,
		episode ? "AND t.episode_id = ?2" : "");
	free(cond);
	sqlite3_stmt *stmt = store_prepare(st, sql);
	free(sql);
	if (!stmt) {
		store_query_clear(&q);
		return -1;
	}
	char *whole = text_nfc(query);
	sqlite3_bind_text(stmt, 1, text_fold(whole), -1, free);
	free(whole);
	sqlite3_bind_int64(stmt, 2, episode);
	sqlite3_bind_int64(stmt, 3, limit ? (sqlite3_int64)limit : -1);
	store_term_bind(stmt, &q, 4);
	store_query_clear(&q);
	struct store_term_hit *v = NULL;
	size_t len = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xgrowarray(v, &cap, len + 1, sizeof *v);
		struct store_term_hit *h = &v[len++];
		h->episode = sqlite3_column_int64(stmt, 0);
		h->title = store_col_str(stmt, 1);
		h->first_segment = sqlite3_column_int(stmt, 2);
		h->term = store_col_str(stmt, 3);
		h->gloss = store_col_str(stmt, 4);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		store_term_hits_free(v, len);
		return store_fail_db(st, "searching the glossaries");
	}
	*out = v;
	*n = len;
	return 0;
}

/* ---- JSON ------------------------------------------------------------------ */

static const char *store_side_name(enum store_search_side side)
{
	return side == STORE_SEARCH_EN ? "en"
	     : side == STORE_SEARCH_ZH ? "zh" : "both";
}

/* Builds a JSON array of n objects, each made by SQLite's json_object in
 * row (its parameters bound by bind), joined with commas: growing one
 * array with json_insert copied it whole for each element. */
static char *store_json_rows(struct store *st, sqlite3_stmt *row,
			     size_t n, void (*bind)(sqlite3_stmt *,
						    const void *, size_t),
			     const void *v)
{
	size_t len = 1, cap = 64;
	char *arr = xmalloc(cap);
	arr[0] = '[';
	for (size_t i = 0; i < n; i++) {
		bind(row, v, i);
		int rc = sqlite3_step(row);
		if (rc != SQLITE_ROW) {
			store_fail_db(st, "writing JSON");
			sqlite3_finalize(row);
			free(arr);
			return NULL;
		}
		const char *obj = store_col_text(row, 0);
		size_t ol = strlen(obj);
		arr = xgrowarray(arr, &cap, len + ol + 3, 1);
		if (i)
			arr[len++] = ',';
		memcpy(arr + len, obj, ol);
		len += ol;
		sqlite3_reset(row);
	}
	sqlite3_finalize(row);
	arr = xgrowarray(arr, &cap, len + 2, 1);
	arr[len++] = ']';
	arr[len] = '\0';
	return arr;
}

static void store_bind_hit(sqlite3_stmt *stmt, const void *v, size_t i)
{
	const struct store_search_hit *h =
		&((const struct store_search_hit *)v)[i];
	sqlite3_bind_int64(stmt, 2, h->episode);
	store_bind_text(stmt, 3, h->title);
	sqlite3_bind_int(stmt, 4, h->segment);
	sqlite3_bind_double(stmt, 5, h->start);
	sqlite3_bind_int(stmt, 6, h->speaker);
	store_bind_text(stmt, 7, h->en);
	store_bind_text(stmt, 8, h->zh);
	store_bind_text(stmt, 9, store_side_name(h->match));
	store_bind_text(stmt, 10, h->snippet);
	/* Marks as [start, length] in characters of the snippet. */
	char *marks = xstrdup("[");
	for (size_t k = 0; k < h->n_marks; k++) {
		size_t a = 0, b = 0;
		for (size_t j = 0; j < h->marks[k].off; j++)
			a += ((unsigned char)h->snippet[j] & 0xC0) != 0x80;
		for (size_t j = h->marks[k].off;
		     j < h->marks[k].off + h->marks[k].len; j++)
			b += ((unsigned char)h->snippet[j] & 0xC0) != 0x80;
		char *m = xasprintf("%s%s[%zu,%zu]", marks, k ? "," : "", a, b);
		free(marks);
		marks = m;
	}
	char *m = xasprintf("%s]", marks);
	free(marks);
	sqlite3_bind_text(stmt, 11, m, -1, free);
	if (h->term) {
		store_bind_text(stmt, 12, h->term);
		store_bind_text(stmt, 13, h->gloss);
	} else {
		sqlite3_bind_null(stmt, 12);
		sqlite3_bind_null(stmt, 13);
	}
}

char *store_search_json(struct store *st, const struct store_search_hit *v,
			size_t n)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT json_object('episode', ?2, "
		"'title', ?3, 'segment', ?4, 'start', ?5, 'speaker', ?6, "
		"'en', ?7, 'zh', ?8, 'match', ?9, 'snippet', ?10, "
		"'marks', json(?11), 'term', ?12, 'gloss', ?13)");
	if (!stmt)
		return NULL;
	return store_json_rows(st, stmt, n, store_bind_hit, v);
}

static void store_bind_term_hit(sqlite3_stmt *stmt, const void *v, size_t i)
{
	const struct store_term_hit *h = &((const struct store_term_hit *)v)[i];
	sqlite3_bind_int64(stmt, 2, h->episode);
	store_bind_text(stmt, 3, h->title);
	sqlite3_bind_int(stmt, 4, h->first_segment);
	store_bind_text(stmt, 5, h->term);
	store_bind_text(stmt, 6, h->gloss);
}

char *store_term_hits_json(struct store *st, const struct store_term_hit *v,
			   size_t n)
{
	sqlite3_stmt *stmt = store_prepare(st,
		"SELECT json_object('episode', ?2, "
		"'title', ?3, 'segment', ?4, 'term', ?5, 'gloss', ?6, "
		"'match', 'glossary')");
	if (!stmt)
		return NULL;
	return store_json_rows(st, stmt, n, store_bind_term_hit, v);
}
