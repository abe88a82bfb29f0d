/* store_search_index: the search index over the segments (FTS5): its
 * tables, triggers and migrations (store_schema.c runs them), search_zh's
 * tokenizer bs_cjk and the SQL functions they call, the deferred indexing
 * of an import (store_episode.c), and the check of the index against the
 * text. The queries over it are store_search.c.
 *
 * Two FTS5 indexes over the segments, both external content
 * (content=segments), so the text is stored once, and kept in step by
 * triggers, so that every write path (page import, JSON import,
 * --replace, rm and its cascade) changes the index in the transaction
 * that changes the text:
 *
 *   search_en  the English side; tokenizer porter over unicode61:
 *              case- and diacritic-insensitive words, English inflections
 *              by stemming (model ~ models ~ modelling);
 *   search_zh  the Chinese side; tokenizer bs_cjk over the same: each run
 *              of Han or kana characters as its overlapping pairs and its
 *              last character (深度学习 -> 深度 度学 学习 习), the rest as
 *              the English side: a Chinese query of any length is a
 *              token, a phrase of pairs or a prefix; the English words a
 *              translation carries stay words.
 *
 * An import inserts its sentences with the insert trigger deferred and
 * indexes them in one statement at the end (store_search_index_episode):
 * FTS5 writes out its pending terms at the end of each statement that
 * changed it, so a trigger run by one INSERT a sentence writes an index
 * segment a sentence and merges them over and over.
 *
 * Why not FTS5's trigram tokenizer for Chinese: it cannot answer queries
 * under three characters (the commonest: 模型, 推理), so it needs a second
 * path anyway, and with it the library is 2.5x the pages' text (pairs:
 * 2.0x; single characters: 1.8x, but a two-character query is then a
 * phrase of two long lists, 1 s on 1,000 episodes against ms for a pair).
 * tests/bench_search.py prints the figures. */
#include "store_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>

#include "buildspeak/alloc.h"
#include "buildspeak/text.h"

/* The migration that adds search (see store_schema.c): segments becomes a
 * rowid table -- its rows (~0.8 kB) are far past the size WITHOUT ROWID
 * suits, and an external-content FTS5 table needs a rowid -- with its
 * key kept as a unique index; then the two indexes, filled from the rows,
 * and the triggers that keep them in step. */
const char store_search_migration[] =
	"CREATE TABLE segments_rowid ("
	"  id INTEGER PRIMARY KEY,"
	"  episode_id INTEGER NOT NULL"
	"    REFERENCES episodes(id) ON DELETE CASCADE,"
	"  idx INTEGER NOT NULL,"                    /* 0-based, in time order */
	"  speaker INTEGER NOT NULL"
	"    CONSTRAINT \"speaker must be >= 1\" CHECK (speaker >= 1),"
	"  start REAL NOT NULL"                      /* seconds */
	"    CONSTRAINT \"start must be >= 0\" CHECK (start >= 0),"
	"  \"end\" REAL NOT NULL"                    /* seconds */
	"    CONSTRAINT \"end must not be before start\" CHECK (\"end\" >= start),"
	"  en TEXT NOT NULL,"
	"  zh TEXT NOT NULL"
	");"
	"INSERT INTO segments_rowid (episode_id, idx, speaker, start, \"end\", "
	"en, zh) SELECT episode_id, idx, speaker, start, \"end\", en, zh "
	"FROM segments ORDER BY episode_id, idx;"
	"DROP TABLE segments;"
	"ALTER TABLE segments_rowid RENAME TO segments;"
	"CREATE UNIQUE INDEX segments_key ON segments (episode_id, idx);"
	"CREATE INDEX segments_times ON segments"
	"(episode_id, idx, speaker, start, \"end\");"
	"CREATE VIRTUAL TABLE search_en USING fts5(en, content=segments, "
	"content_rowid=id, tokenize='porter unicode61 remove_diacritics 2');"
	"CREATE VIRTUAL TABLE search_zh USING fts5(zh, content='', "
	"tokenize='porter unicode61 remove_diacritics 2');"
	"INSERT INTO search_en (search_en) VALUES ('rebuild');"
	"INSERT INTO search_zh (rowid, zh) "
	"SELECT id, bs_cjk_pairs(zh) FROM segments;"
	"CREATE TRIGGER segments_search_add AFTER INSERT ON segments BEGIN"
	"  INSERT INTO search_en (rowid, en) VALUES (new.id, new.en);"
	"  INSERT INTO search_zh (rowid, zh)"
	"    VALUES (new.id, bs_cjk_pairs(new.zh));"
	"END;"
	"CREATE TRIGGER segments_search_remove AFTER DELETE ON segments BEGIN"
	"  INSERT INTO search_en (search_en, rowid, en)"
	"    VALUES ('delete', old.id, old.en);"
	"  INSERT INTO search_zh (search_zh, rowid, zh)"
	"    VALUES ('delete', old.id, bs_cjk_pairs(old.zh));"
	"END;"
	"CREATE TRIGGER segments_search_change AFTER UPDATE OF en, zh "
	"ON segments BEGIN"
	"  INSERT INTO search_en (search_en, rowid, en)"
	"    VALUES ('delete', old.id, old.en);"
	"  INSERT INTO search_zh (search_zh, rowid, zh)"
	"    VALUES ('delete', old.id, bs_cjk_pairs(old.zh));"
	"  INSERT INTO search_en (rowid, en) VALUES (new.id, new.en);"
	"  INSERT INTO search_zh (rowid, zh)"
	"    VALUES (new.id, bs_cjk_pairs(new.zh));"
	"END;";

/* How many bytes of pending terms FTS5 keeps in memory before it writes
 * them out as an index segment (a table setting, kept in the file). At
 * its default, 1 MB, an episode of 10,000 sentences was written out in
 * many segments and merged again before its import ended: a sixth of
 * its instructions. Its peak memory stays ~24 MB. */
#define STORE_FTS_HASHSIZE "16777216"

/* The migration to the Chinese side's own tokenizer (bs_cjk, below) and
 * the deferred insert trigger. search_zh was contentless, fed the text of
 * bs_cjk_pairs(zh): the pairs built as a string and read again by
 * unicode61, two thirds of an import's cost. Its tokens stay exactly
 * what they were (store_search_verify checks them against that
 * definition), so it is rebuilt from the rows as external content.
 * Both sides get a larger hashsize, above. */
const char store_search_migration_tokenizer[] =
	"DROP TRIGGER segments_search_add;"
	"DROP TRIGGER segments_search_remove;"
	"DROP TRIGGER segments_search_change;"
	"DROP TABLE search_zh;"
	"CREATE VIRTUAL TABLE search_zh USING fts5(zh, content=segments, "
	"content_rowid=id, "
	"tokenize='bs_cjk porter unicode61 remove_diacritics 2');"
	"INSERT INTO search_en (search_en, rank) "
	"VALUES ('hashsize', " STORE_FTS_HASHSIZE ");"
	"INSERT INTO search_zh (search_zh, rank) "
	"VALUES ('hashsize', " STORE_FTS_HASHSIZE ");"
	"INSERT INTO search_zh (search_zh) VALUES ('rebuild');"
	"CREATE TRIGGER segments_search_add AFTER INSERT ON segments "
	"WHEN NOT bs_search_deferred() BEGIN"
	"  INSERT INTO search_en (rowid, en) VALUES (new.id, new.en);"
	"  INSERT INTO search_zh (rowid, zh) VALUES (new.id, new.zh);"
	"END;"
	"CREATE TRIGGER segments_search_remove AFTER DELETE ON segments BEGIN"
	"  INSERT INTO search_en (search_en, rowid, en)"
	"    VALUES ('delete', old.id, old.en);"
	"  INSERT INTO search_zh (search_zh, rowid, zh)"
	"    VALUES ('delete', old.id, old.zh);"
	"END;"
	"CREATE TRIGGER segments_search_change AFTER UPDATE OF en, zh "
	"ON segments BEGIN"
	"  INSERT INTO search_en (search_en, rowid, en)"
	"    VALUES ('delete', old.id, old.en);"
	"  INSERT INTO search_zh (search_zh, rowid, zh)"
	"    VALUES ('delete', old.id, old.zh);"
	"  INSERT INTO search_en (rowid, en) VALUES (new.id, new.en);"
	"  INSERT INTO search_zh (rowid, zh) VALUES (new.id, new.zh);"
	"END;";

/* Whether nothing a tokenizer keeps (a letter or a digit) follows s[j..):
 * a query's run that ends its term. */
static bool store_cjk_ends(const char *s, size_t len, size_t j)
{
	for (size_t k = j; k < len;) {
		uint32_t uc;
		k += (size_t)text_next(s + k, len - k, &uc);
		if (uc_is_alnum(uc))
			return false;
	}
	return true;
}

/* What search_zh indexed up to schema 7 (and a query on it was written
 * in), and what bs_cjk's tokens are checked against: s with each run
 * of CJK characters replaced by its overlapping pairs and its last
 * character as words ("深度学习" -> " 深度 度学 学习 习 "); the rest as it is.
 * unicode61 takes a run without spaces for one word, so each pair is one
 * token: a query of two characters is one token look-up, of more a phrase
 * of pairs, of one a prefix query (模*: every pair it starts and the
 * run's last character). A pair never spans two runs, so 型训 does not
 * match 模型，训练. For a query (query true) a run that ends the term
 * leaves out its last character (the text goes on after it), and *prefix
 * is set when the term ends in a run of one character. New string. */
char *store_cjk_bigrams(const char *s, size_t len, bool query,
			bool *prefix)
{
	char *out = xmalloc(len * 4 + 8);
	size_t o = 0;
	if (prefix)
		*prefix = false;
	for (size_t i = 0; i < len;) {
		uint32_t uc;
		int n = text_next(s + i, len - i, &uc);
		if (!store_is_cjk(uc)) {
			memcpy(out + o, s + i, (size_t)n);
			o += (size_t)n;
			i += (size_t)n;
			continue;
		}
		/* The run [i, j) and where each of its characters starts. */
		size_t j = i, chars = 0, last = i;
		while (j < len) {
			int m = text_next(s + j, len - j, &uc);
			if (!store_is_cjk(uc))
				break;
			last = j;
			j += (size_t)m;
			chars++;
		}
		bool at_end = store_cjk_ends(s, len, j);
		out[o++] = ' ';
		for (size_t a = i; a < last;) {
			int m = text_next(s + a, len - a, &uc);
			size_t b = a + (size_t)m;
			int m2 = text_next(s + b, len - b, &uc);
			memcpy(out + o, s + a, b + (size_t)m2 - a);
			o += b + (size_t)m2 - a;
			out[o++] = ' ';
			a = b;
		}
		if (!query || !at_end || chars == 1) {
			memcpy(out + o, s + last, j - last);
			o += j - last;
			out[o++] = ' ';
		}
		if (query && at_end && chars == 1 && prefix)
			*prefix = true;
		i = j;
	}
	out[o] = '\0';
	return out;
}

/* SQL function bs_cjk_pairs(text): what schema 6 and 7 fed search_zh
 * (their triggers and migration call it), and the definition of its
 * tokens that store_search_verify checks bs_cjk against. */
static void store_sql_cjk_pairs(sqlite3_context *ctx, int argc,
				 sqlite3_value **argv)
{
	(void)argc;
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	if (!s) {
		sqlite3_result_null(ctx);
		return;
	}
	size_t len = (size_t)sqlite3_value_bytes(argv[0]);
	sqlite3_result_text(ctx, store_cjk_bigrams(s, len, false, NULL), -1,
			    free);
}

/* ---- search_zh's tokenizer ----------------------------------------------------
 *
 * bs_cjk emits exactly the tokens its wrapped tokenizer (its arguments:
 * "porter unicode61 remove_diacritics 2") makes of bs_cjk_pairs(text),
 * without building that string and reading every character of it again:
 * the text between runs of CJK characters goes to the wrapped tokenizer as
 * it is (in the pairs string it stands between spaces too), and a pair of
 * CJK characters is emitted as it is when unicode61 keeps each of its
 * characters as a letter and porter leaves it alone (it only stems ASCII
 * endings). The few CJK-range characters unicode61 takes for separators
 * or marks go through the wrapped tokenizer, a pair at a time, as the
 * string had them. test_search checks every CJK character of the BMP,
 * and pairs of them, against the reference (store_search_verify). */

struct store_cjk_tokenizer {
	fts5_tokenizer inner;      /* the wrapped tokenizer's methods */
	Fts5Tokenizer *inner_tok;  /* and its instance, owned */
};

/* One xTokenize call, as the wrapped tokenizer's callback sees it. */
struct store_cjk_call {
	void *ctx;
	int (*token)(void *, int, const char *, int, int, int);
	int base;  /* where the piece given to the wrapped tokenizer starts */
};

/* Whether unicode61 (remove_diacritics 2) keeps uc, a CJK character, as
 * a letter of its own unchanged: all but the kana voicing marks, the
 * double hyphen and the middle dot (U+3099..309C, U+30A0, U+30FB). */
static bool store_cjk_plain(uint32_t uc)
{
	return !((uc >= 0x3099 && uc <= 0x309C) || uc == 0x30A0 ||
		 uc == 0x30FB);
}

static int store_cjk_forward(void *p, int tflags, const char *tok, int n,
			     int start, int end)
{
	struct store_cjk_call *c = p;
	return c->token(c->ctx, tflags, tok, n, c->base + start,
			c->base + end);
}

/* Passes text[from, to) to the wrapped tokenizer. */
static int store_cjk_inner(struct store_cjk_tokenizer *t,
			   struct store_cjk_call *c, int flags,
			   const char *text, int from, int to)
{
	if (from >= to)
		return SQLITE_OK;
	c->base = from;
	return t->inner.xTokenize(t->inner_tok, c, flags, text + from,
				  to - from, store_cjk_forward);
}

/* A pair of characters, or a run's last character, text[from, to):
 * emitted as it is when plain, else through the wrapped tokenizer. */
static int store_cjk_emit(struct store_cjk_tokenizer *t,
			  struct store_cjk_call *c, int flags,
			  const char *text, int from, int to, bool plain)
{
	if (plain)
		return c->token(c->ctx, 0, text + from, to - from, from, to);
	return store_cjk_inner(t, c, flags, text, from, to);
}

static int store_cjk_tokenize(Fts5Tokenizer *tok, void *ctx, int flags,
			      const char *text, int n,
			      int (*token)(void *, int, const char *, int,
					   int, int))
{
	struct store_cjk_tokenizer *t = (struct store_cjk_tokenizer *)tok;
	struct store_cjk_call c = { ctx, token, 0 };
	bool query = (flags & FTS5_TOKENIZE_QUERY) != 0;
	size_t len = n > 0 ? (size_t)n : 0;
	size_t from = 0; /* where the text since the last run starts */
	int rc = SQLITE_OK;
	for (size_t i = 0; i < len && rc == SQLITE_OK;) {
		uint32_t uc;
		if ((unsigned char)text[i] < 0x80) {
			i++;
			continue;
		}
		int m = text_next(text + i, len - i, &uc);
		if (!store_is_cjk(uc)) {
			i += (size_t)m;
			continue;
		}
		rc = store_cjk_inner(t, &c, flags, text, (int)from, (int)i);
		/* The run, a pair at a time: a starts the pair's first
		 * character, b its second. */
		size_t a = i, b = i + (size_t)m;
		bool plain_a = store_cjk_plain(uc);
		size_t chars = 1;
		while (rc == SQLITE_OK && b < len) {
			int mb = text_next(text + b, len - b, &uc);
			if (!store_is_cjk(uc))
				break;
			bool plain_b = store_cjk_plain(uc);
			rc = store_cjk_emit(t, &c, flags, text, (int)a,
					    (int)b + mb, plain_a && plain_b);
			a = b;
			b += (size_t)mb;
			plain_a = plain_b;
			chars++;
		}
		/* Its last character: a query's run that ends the term
		 * leaves it out (the text goes on after it), unless it is the
		 * whole run (then it is a prefix of the pairs it starts). */
		if (rc == SQLITE_OK &&
		    (!query || chars == 1 || !store_cjk_ends(text, len, b)))
			rc = store_cjk_emit(t, &c, flags, text, (int)a, (int)b,
					    plain_a);
		i = from = b;
	}
	if (rc == SQLITE_OK)
		rc = store_cjk_inner(t, &c, flags, text, (int)from, (int)len);
	return rc;
}

static void store_cjk_delete(Fts5Tokenizer *tok)
{
	struct store_cjk_tokenizer *t = (struct store_cjk_tokenizer *)tok;
	if (t->inner_tok)
		t->inner.xDelete(t->inner_tok);
	free(t);
}

/* arg: the wrapped tokenizer and its arguments; api: FTS5's. */
static int store_cjk_create(void *api_ptr, const char **arg, int n,
			    Fts5Tokenizer **out)
{
	fts5_api *api = api_ptr;
	*out = NULL;
	if (n < 1)
		return SQLITE_ERROR;
	struct store_cjk_tokenizer *t = calloc(1, sizeof *t);
	if (!t)
		return SQLITE_NOMEM;
	void *inner_ctx = NULL;
	int rc = api->xFindTokenizer(api, arg[0], &inner_ctx, &t->inner);
	if (rc == SQLITE_OK)
		rc = t->inner.xCreate(inner_ctx, arg + 1, n - 1,
				      &t->inner_tok);
	if (rc != SQLITE_OK) {
		store_cjk_delete((Fts5Tokenizer *)t);
		return rc;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

/* FTS5's API of db (SQLite's documented way: SELECT fts5(?1) with a
 * pointer to fill in), or NULL. */
static fts5_api *store_fts5_api(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, NULL) !=
	    SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return api;
}

/* ---- registering, and writing the index ------------------------------------ */

/* SQL function bs_search_deferred(), the insert trigger's condition:
 * whether this connection indexes the sentences it inserts afterwards. A
 * connection without it (the sqlite3 shell) cannot insert sentences, so
 * none is ever left out of the index. */
static void store_sql_search_deferred(sqlite3_context *ctx, int argc,
				      sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	const bool *deferred = sqlite3_user_data(ctx);
	sqlite3_result_int(ctx, *deferred);
}

int store_search_register(struct store *st)
{
	static fts5_tokenizer cjk = {
		store_cjk_create, store_cjk_delete, store_cjk_tokenize
	};
	fts5_api *api = store_fts5_api(st->db);
	if (!api || api->iVersion < 2 ||
	    api->xCreateTokenizer(api, "bs_cjk", api, &cjk, NULL) !=
	    SQLITE_OK)
		return -1;
	if (sqlite3_create_function_v2(st->db, "bs_cjk_pairs", 1,
		SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
		store_sql_cjk_pairs, NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	return sqlite3_create_function_v2(st->db, "bs_search_deferred", 0,
		SQLITE_UTF8 | SQLITE_INNOCUOUS, &st->search_deferred,
		store_sql_search_deferred, NULL, NULL, NULL) == SQLITE_OK
		? 0 : -1;
}

void store_search_defer(struct store *st, bool on)
{
	st->search_deferred = on;
}

int store_search_index_episode(struct store *st, long long id)
{
	if (st->version < STORE_SCHEMA_SEARCH_TOKENIZER)
		return 0; /* the triggers did it row by row */
	if (store_write_id(st, "INSERT INTO search_en (rowid, en) "
			   "SELECT id, en FROM segments WHERE episode_id = ?1",
			   id, NULL, "indexing the sentences") < 0 ||
	    store_write_id(st, "INSERT INTO search_zh (rowid, zh) "
			   "SELECT id, zh FROM segments WHERE episode_id = ?1",
			   id, NULL, "indexing the sentences") < 0)
		return -1;
	return 0;
}

/* Whether the library has the search index: a read-only library of an
 * older schema is read without it. */
int store_search_ready(struct store *st)
{
	if (st->version >= STORE_SCHEMA_SEARCH)
		return 0;
	return store_fail(st, STORE_ERR_READONLY, "%s: the library has no "
			  "search index yet, and it is read-only: open it once "
			  "with a buildspeak that can write it", st->path);
}

/* ---- checking the index ------------------------------------------------------ */

/* Each index's tokens (term, row, column, position) against a fresh index
 * built from the segments in a temporary table: the same, or a count of
 * the differences. */
int store_search_verify(struct store *st, long long *differences)
{
	*differences = 0;
	if (store_search_ready(st) != 0)
		return -1;
	static const char setup[] =
		"CREATE VIRTUAL TABLE temp.bs_check_en USING fts5(en, "
		"content='', tokenize='porter unicode61 remove_diacritics 2');"
		"CREATE VIRTUAL TABLE temp.bs_check_zh USING fts5(zh, "
		"content='', tokenize='porter unicode61 remove_diacritics 2');"
		"INSERT INTO temp.bs_check_en (rowid, en) "
		"SELECT id, en FROM segments;"
		"INSERT INTO temp.bs_check_zh (rowid, zh) "
		"SELECT id, bs_cjk_pairs(zh) FROM segments;"
		"CREATE VIRTUAL TABLE temp.bs_have_en USING "
		"fts5vocab(main, search_en, instance);"
		"CREATE VIRTUAL TABLE temp.bs_have_zh USING "
		"fts5vocab(main, search_zh, instance);"
		"CREATE VIRTUAL TABLE temp.bs_want_en USING "
		"fts5vocab(temp, bs_check_en, instance);"
		"CREATE VIRTUAL TABLE temp.bs_want_zh USING "
		"fts5vocab(temp, bs_check_zh, instance);";
	static const char teardown[] =
		"DROP TABLE IF EXISTS temp.bs_have_en;"
		"DROP TABLE IF EXISTS temp.bs_have_zh;"
		"DROP TABLE IF EXISTS temp.bs_want_en;"
		"DROP TABLE IF EXISTS temp.bs_want_zh;"
		"DROP TABLE IF EXISTS temp.bs_check_en;"
		"DROP TABLE IF EXISTS temp.bs_check_zh;";
	int rc = -1;
	if (store_exec(st, "BEGIN", "checking the search index") != 0)
		return -1;
	if (store_exec(st, setup, "checking the search index") == 0) {
		long long d = store_query_int(st,
			"SELECT (SELECT count(*) FROM (SELECT * FROM bs_have_en "
			"EXCEPT SELECT * FROM bs_want_en)) + "
			"(SELECT count(*) FROM (SELECT * FROM bs_want_en "
			"EXCEPT SELECT * FROM bs_have_en)) + "
			"(SELECT count(*) FROM (SELECT * FROM bs_have_zh "
			"EXCEPT SELECT * FROM bs_want_zh)) + "
			"(SELECT count(*) FROM (SELECT * FROM bs_want_zh "
			"EXCEPT SELECT * FROM bs_have_zh))");
		if (d >= 0) {
			*differences = d;
			rc = 0;
		}
	}
	store_rollback(st);
	store_exec(st, teardown, "checking the search index");
	return rc;
}
