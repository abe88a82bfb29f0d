/* store_int.h: what the store's files share, and nothing outside them
 * includes (as SQLite's vdbeInt.h is shared by vdbe*.c).
 *
 *   store.c          opening (ours or not, writable or not), errors, the
 *                    statement helpers below
 *   store_schema.c   the schema and its migrations
 *   store_episode.c  episodes and reading progress
 *   store_vocab.c    the vocabulary book
 *   store_json.c     JSON in and out, through SQLite's json1 functions
 *   store_search_index.c  the search index (FTS5) over the segments: its
 *                    tables, triggers, migrations and tokenizer
 *   store_search.c   the searches over that index and the glossaries:
 *                    queries, ranking, snippets, JSON
 *
 * Conventions kept in every one of them:
 *   - every value reaches SQL through a bound parameter, never through the
 *     text of a statement;
 *   - a write of more than one statement runs inside BEGIN IMMEDIATE ...
 *     COMMIT and rolls back on any failure, so the library is either fully
 *     changed or exactly as before (a single-statement write is already its
 *     own transaction);
 *   - a failure leaves its kind and message in the store and returns -1
 *     (or NULL): store_fail() for the store's own refusals, store_fail_db()
 *     for SQLite's, which turns SQLite's codes into a kind and a message a
 *     user can read. */
#ifndef BUILDSPEAK_STORE_INT_H
#define BUILDSPEAK_STORE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "buildspeak/store.h"
#include "buildspeak/text.h"

/* Marks the file as ours (PRAGMA application_id), so a --db pointing at
 * some other program's SQLite file is refused instead of migrated. 'BSpk'. */
#define STORE_APPLICATION_ID 0x4253706b

/* How long a write waits for another process's write to finish. */
#define STORE_BUSY_MS 5000

/* The oldest schema a library that cannot be written is still read at
 * (without the migrations after it, whose columns the readers then do
 * without: see store_has_counts). */
#define STORE_SCHEMA_READABLE 3

struct store {
	sqlite3 *db;
	char *path;          /* the library's file name, owned */
	int version;         /* schema version the connection reads */
	bool readonly;       /* opened read-only: every write fails */
	enum store_err readonly_why; /* why it could not be opened to write */
	enum store_err kind; /* the last failure's kind; STORE_OK when none */
	bool search_deferred; /* segments written now are indexed afterwards
				 by store_search_index_episode */
	char err[512];       /* the last failure's message; "" when none yet */
};

/* ---- store_schema.c ---- */

/* Brings the schema of a writable connection up to the current version,
 * one transaction a step; refuses a file that is not ours. */
int store_migrate(struct store *st);
/* Whether episodes carry their segment count (schema 4 on): a library of
 * schema 3 opened read-only counts the segments instead. */
bool store_has_counts(const struct store *st);
/* Whether the episodes have their finished mark (schema 6): a library
 * opened read-only at an older version has none. */
bool store_has_finished(const struct store *st);

/* ---- store_search_index.c ---- */

/* The schema version that brings the search index (its migration is
 * store_search_migration). */
#define STORE_SCHEMA_SEARCH 6
/* The migration's SQL: segments as a rowid table, the FTS5 indexes over
 * it and the triggers that keep them in step. Needs bs_cjk_pairs. */
extern const char store_search_migration[];
/* The schema version whose search_zh has its own tokenizer and whose
 * insert trigger can be deferred, and its migration. */
#define STORE_SCHEMA_SEARCH_TOKENIZER 8
extern const char store_search_migration_tokenizer[];
/* Registers on st's connection what the index needs: search_zh's
 * tokenizer bs_cjk and the SQL functions its triggers and migrations call
 * (bs_search_deferred, bs_cjk_pairs). 0, or -1 when SQLite refused. */
int store_search_register(struct store *st);
/* While on, the segments inserted are left out of the search index (the
 * insert trigger does nothing), so that store_search_index_episode can
 * index them all in one statement: FTS5 writes its pending terms out at
 * the end of every statement that changes it, so a trigger run by one
 * INSERT a sentence writes an index segment a sentence and merges them
 * over and over (a 10,000-sentence import took 5x the instructions). */
void store_search_defer(struct store *st, bool on);
/* Indexes every sentence of episode id, inside the caller's transaction:
 * the ones inserted while deferred. */
int store_search_index_episode(struct store *st, long long id);

/* ---- store_search_index.c, used by store_search.c ---- */

/* Han and kana: the scripts written without spaces between words, which
 * the Chinese side indexes in pairs. The tokenizer asks it of every
 * character that is not ASCII, so it is inlined where it is used: the
 * common answers first (no unified ideograph lies below U+3400, and U+4E00
 * to U+9FCC have all been ones since Unicode 6.1), the tables for the
 * rest. */
static inline bool store_is_cjk(uint32_t uc)
{
	if (uc < 0x3040)
		return uc == 0x3007;
	if (uc <= 0x30FF || (uc >= 0x4E00 && uc <= 0x9FCC))
		return true;
	return text_is_han(uc);
}
/* s[0..len) with each run of CJK characters as its overlapping pairs and
 * its last character, words apart: what search_zh indexed up to schema 7,
 * so what a query on such a library (read-only, not migrated) is written
 * in. For a query (query true) a run that ends the term leaves out its
 * last character, and *prefix (when not NULL) says whether the term ends
 * in a run of one character, to be searched as a prefix. New string. */
char *store_cjk_bigrams(const char *s, size_t len, bool query, bool *prefix);
/* 0 when the library has the search index, else -1 with STORE_ERR_READONLY
 * (a read-only library of an older schema is read without it). */
int store_search_ready(struct store *st);

/* ---- store.c: failures ---- */

int store_fail(struct store *st, enum store_err kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The failure of the last SQLite call on st->db, as a kind and a message
 * ("what: SQLite's message", or a plain sentence for a read-only library,
 * a full disk, a lock held too long). Returns -1. */
int store_fail_db(struct store *st, const char *what);
/* The kind an SQLite (extended) result code means. */
enum store_err store_kind_of(int sqlite_code);

/* ---- store.c: statements ---- */

sqlite3_stmt *store_prepare(struct store *st, const char *sql);
int store_exec(struct store *st, const char *sql, const char *what);
/* BEGIN IMMEDIATE: takes the write lock at once (waiting up to the busy
 * timeout), so a transaction never fails half-way for lack of it. */
int store_begin(struct store *st);
int store_commit(struct store *st);
/* Rolls back, keeping the message of the failure that caused it. */
void store_rollback(struct store *st);
/* Steps a write statement to completion and resets it for reuse. */
int store_step_done(struct store *st, sqlite3_stmt *stmt, const char *what);
/* Steps a query for one id (first column of the first row), finalizes it
 * and returns the id, 0 when there is no row, -1 on failure. */
long long store_step_id(struct store *st, sqlite3_stmt *stmt,
			const char *what);
/* The first column of the single row of stmt as a new string, or NULL. */
char *store_step_string(struct store *st, sqlite3_stmt *stmt,
			const char *what);
/* Runs a one-statement write with ?1 = id and, when text is not NULL,
 * ?2 = text. Returns the number of rows it changed, or -1. */
int store_write_id(struct store *st, const char *sql, long long id,
		   const char *text, const char *what);
/* One integer from a statement without parameters (a PRAGMA); -1 on
 * error. */
long long store_query_int(struct store *st, const char *sql);
/* Binds s (NULL as ""), not copied: the caller steps before it changes. */
void store_bind_text(sqlite3_stmt *stmt, int i, const char *s);
/* A column as a new string; NULL reads as "". */
char *store_col_str(sqlite3_stmt *stmt, int i);
/* A column's text, valid until the next step; NULL reads as "". */
const char *store_col_text(sqlite3_stmt *stmt, int i);

/* ---- store_episode.c, used by store_json.c ---- */

/* Inserts the segments and the glossary of ep as episode id with seg_sql
 * (?1 id, ?2 index, ?3 speaker, ?4 start, ?5 end, ?6 en, ?7 zh; a NULL
 * text is bound as NULL) and term_sql (?1 id, ?2 index, ?3 term, ?4 gloss,
 * ?5 count, ?6 first segment), inside the caller's transaction. */
int store_insert_body(struct store *st, const struct episode *ep,
		      long long id, const char *seg_sql, const char *term_sql);

#endif
